//! The spec as one self-contained HTML file: inline CSS (screen and print,
//! portrait pages of whatever size the printer uses, A4 or Letter), the
//! wiring diagram as inline SVG, no scripts and no external references.
//! Styling is company-neutral and reads without colour: structure comes
//! from borders, weight and dashes, never from hue alone.
//!
//! The output is also well-formed XML (void elements are self-closed), so
//! tests can check its structure with a plain tag walker.

use std::fmt::Write as _;

use super::doc::{build, Block, Inline};
use super::model::Spec;
use crate::svg;
use crate::text::escape_html;

const STYLE: &str = r#"
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", sans-serif; color: #111; background: #fff; max-width: 62rem; margin: 2rem auto; padding: 0 1.5rem; font-size: 15px; line-height: 1.45; }
h1, h2 { font-family: Georgia, "Times New Roman", "Liberation Serif", serif; font-weight: 700; line-height: 1.2; }
h1 { font-size: 2rem; margin: 0 0 .2rem; }
.kind { margin: 0 0 1rem; text-transform: uppercase; letter-spacing: .08em; font-size: .8rem; color: #333; }
header { border-bottom: 3px double #111; padding-bottom: .8rem; margin-bottom: 1rem; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1.2rem; margin: 0; }
dl.meta dt { font-weight: 600; }
dl.meta dd { margin: 0; }
nav.toc ol { margin: .3rem 0 0; padding-left: 0; list-style: none; columns: 2; }
nav.toc a { color: inherit; }
h2 { font-size: 1.3rem; border-bottom: 1px solid #555; padding-bottom: .2rem; margin: 2rem 0 .7rem; break-after: avoid; page-break-after: avoid; }
p { margin: .5rem 0; }
ul, ol { margin: .4rem 0 .8rem; padding-left: 1.4rem; }
li { margin: .15rem 0; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; font-size: .85rem; }
thead { display: table-header-group; }
th, td { border: 1px solid #666; padding: .3rem .45rem; text-align: left; vertical-align: top; overflow-wrap: break-word; }
th { background: #e8e8e8; font-weight: 700; }
tbody tr:nth-child(even) td { background: #f7f7f7; }
tr { break-inside: avoid; page-break-inside: avoid; }
table.offerings { font-size: .76rem; }
table.offerings td:nth-child(6) { min-width: 11rem; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: .88em; overflow-wrap: anywhere; }
a { color: #111; text-decoration: underline; }
figure.diagram { margin: .8rem 0 1rem; padding: .4rem; border: 1px solid #999; text-align: center; break-inside: avoid; page-break-inside: avoid; }
figure.diagram svg { max-width: 100%; height: auto; }
figcaption { font-size: .8rem; color: #333; margin-top: .3rem; }
pre { border: 1px solid #999; background: #f6f6f6; padding: .6rem .8rem; font-size: .8rem; white-space: pre-wrap; overflow-wrap: anywhere; }
footer { margin-top: 2.5rem; border-top: 1px solid #999; padding-top: .4rem; font-size: .8rem; color: #333; }
@page { size: portrait; margin: 15mm 13mm 16mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 9.5pt; }
  h1 { font-size: 20pt; }
  h2 { font-size: 13pt; margin-top: 1.2rem; }
  nav.toc { display: none; }
  table { font-size: 8.5pt; }
  table.offerings { font-size: 7.5pt; }
  th { background: #e8e8e8 !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  tbody tr:nth-child(even) td { background: none; }
  pre { font-size: 8pt; background: none; }
  section#request { break-before: page; page-break-before: always; }
  a { text-decoration: none; }
}
"#;

/// Renders the spec as a self-contained HTML document.
pub fn render(spec: &Spec) -> String {
    let blocks = build(spec);
    let mut w = Writer::default();
    w.out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n");
    let _ = writeln!(
        w.out,
        "<meta name=\"generator\" content=\"ensemble\" />\n<title>{} — solution specification</title>",
        escape_html(&spec.header.title)
    );
    let _ = writeln!(w.out, "<style>{STYLE}</style>\n</head>\n<body>");
    let toc: Vec<(&'static str, String)> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { level: 2, id, text } => Some((*id, text.clone())),
            _ => None,
        })
        .collect();
    w.out.push_str("<header>\n");
    let mut in_header = true;
    let mut in_section = false;
    for block in &blocks {
        match block {
            Block::Heading { level: 2, id, text } => {
                if in_header {
                    w.out.push_str("</header>\n");
                    w.toc(&toc);
                    w.out.push_str("<main>\n");
                    in_header = false;
                }
                if in_section {
                    w.out.push_str("</section>\n");
                }
                let _ = writeln!(
                    w.out,
                    "<section id=\"{id}\">\n<h2>{}</h2>",
                    escape_html(text)
                );
                in_section = true;
            }
            Block::Heading { level: 1, text, .. } => {
                let _ = writeln!(
                    w.out,
                    "<h1>{}</h1>\n<p class=\"kind\">Solution specification</p>",
                    escape_html(text)
                );
            }
            other => w.block(other, spec),
        }
    }
    if in_section {
        w.out.push_str("</section>\n");
    }
    if in_header {
        w.out.push_str("</header>\n<main>\n");
    }
    let _ = writeln!(
        w.out,
        "</main>\n<footer>Composed by Ensemble as of {} from the catalog and rules in force on that date.</footer>\n</body>\n</html>",
        spec.header.as_of
    );
    w.out
}

#[derive(Debug, Default)]
struct Writer {
    out: String,
}

impl Writer {
    fn toc(&mut self, toc: &[(&'static str, String)]) {
        self.out.push_str(
            "<nav class=\"toc\" aria-label=\"Contents\"><strong>Contents</strong>\n<ol>\n",
        );
        for (id, text) in toc {
            let _ = writeln!(
                self.out,
                "<li><a href=\"#{id}\">{}</a></li>",
                escape_html(text)
            );
        }
        self.out.push_str("</ol>\n</nav>\n");
    }

    fn block(&mut self, block: &Block, spec: &Spec) {
        match block {
            Block::Heading { level, text, .. } => {
                let level = (*level).clamp(1, 6);
                let _ = writeln!(self.out, "<h{level}>{}</h{level}>", escape_html(text));
            }
            Block::Para(inlines) => {
                let _ = writeln!(self.out, "<p>{}</p>", inline(inlines));
            }
            Block::Meta(pairs) => {
                self.out.push_str("<dl class=\"meta\">\n");
                for (key, value) in pairs {
                    let _ = writeln!(
                        self.out,
                        "<dt>{}</dt><dd>{}</dd>",
                        escape_html(key),
                        inline(value)
                    );
                }
                self.out.push_str("</dl>\n");
            }
            Block::List { ordered, items } => {
                let tag = if *ordered { "ol" } else { "ul" };
                let _ = writeln!(self.out, "<{tag}>");
                for item in items {
                    let _ = writeln!(self.out, "<li>{}</li>", inline(item));
                }
                let _ = writeln!(self.out, "</{tag}>");
            }
            Block::Table {
                class,
                header,
                rows,
            } => {
                let _ = writeln!(self.out, "<table class=\"{class}\">\n<thead><tr>");
                for h in header {
                    let _ = write!(self.out, "<th scope=\"col\">{}</th>", escape_html(h));
                }
                self.out.push_str("</tr></thead>\n<tbody>\n");
                for row in rows {
                    self.out.push_str("<tr>");
                    for (i, cell) in row.iter().enumerate() {
                        let numeric = *class == "totals" && i == 2;
                        let attr = if numeric { " class=\"num\"" } else { "" };
                        let _ = write!(self.out, "<td{attr}>{}</td>", inline(cell));
                    }
                    self.out.push_str("</tr>\n");
                }
                self.out.push_str("</tbody>\n</table>\n");
            }
            Block::Diagram => {
                self.out.push_str("<figure class=\"diagram\">\n");
                self.out.push_str(&svg::render(&spec.graph));
                self.out.push_str("<figcaption>Wiring diagram: boxes are offerings, arrows point to the offering relied on.</figcaption>\n</figure>\n");
            }
            Block::Code { lang, text } => {
                let _ = writeln!(
                    self.out,
                    "<pre><code class=\"language-{lang}\">{}</code></pre>",
                    escape_html(text)
                );
            }
        }
    }
}

/// Inline content as HTML.
fn inline(items: &[Inline]) -> String {
    let mut s = String::new();
    for item in items {
        match item {
            Inline::Text(text) => s.push_str(&escape_html(text)),
            Inline::Code(text) => {
                let _ = write!(s, "<code>{}</code>", escape_html(text));
            }
            Inline::Strong(inner) => {
                let _ = write!(s, "<strong>{}</strong>", inline(inner));
            }
            Inline::Emphasis(inner) => {
                let _ = write!(s, "<em>{}</em>", inline(inner));
            }
            Inline::Link { text, href } => {
                let _ = write!(
                    s,
                    "<a href=\"{}\">{}</a>",
                    escape_html(&safe_href(href)),
                    escape_html(text)
                );
            }
            Inline::Break => s.push_str("<br />"),
        }
    }
    s
}

/// A link target from the catalog, defused: script and data URLs become
/// inert text targets.
fn safe_href(href: &str) -> String {
    let lower = href.trim().to_ascii_lowercase();
    if lower.starts_with("javascript:")
        || lower.starts_with("data:")
        || lower.starts_with("vbscript:")
    {
        format!(
            "#{}",
            href.trim()
                .replace(|c: char| !c.is_ascii_alphanumeric(), "-")
        )
    } else {
        href.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_is_escaped() {
        assert_eq!(
            inline(&[
                Inline::Text("<b>&".into()),
                Inline::Link {
                    text: "x".into(),
                    href: "javascript:alert(1)".into()
                },
            ]),
            "&lt;b&gt;&amp;<a href=\"#javascript-alert-1-\">x</a>"
        );
    }
}
