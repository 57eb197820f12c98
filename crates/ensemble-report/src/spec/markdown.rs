//! The spec as Markdown: GitHub-flavoured tables and a Mermaid block, as
//! code hosting sites render them. Every piece of catalog text goes through
//! one escaping function, so a `|` or `*` in a summary cannot break a table.

use super::doc::{build, Block, Inline};
use super::model::Spec;
use crate::graph::mermaid;
use crate::text::escape_md;

/// Renders the spec as Markdown.
pub fn render(spec: &Spec) -> String {
    let mut w = Writer::default();
    for block in build(spec) {
        w.block(&block, spec);
    }
    // One newline at the end, never a blank line.
    let trimmed = w.out.trim_end().len();
    w.out.truncate(trimmed);
    w.out.push('\n');
    w.out
}

#[derive(Debug, Default)]
struct Writer {
    out: String,
}

impl Writer {
    fn block(&mut self, block: &Block, spec: &Spec) {
        match block {
            Block::Heading { level, text, .. } => {
                self.out.push_str(&"#".repeat(usize::from(*level)));
                self.out.push(' ');
                self.out.push_str(&escape_md(text));
                self.out.push_str("\n\n");
            }
            Block::Para(inlines) => {
                self.out.push_str(&inline(inlines));
                self.out.push_str("\n\n");
            }
            Block::Meta(pairs) => {
                for (key, value) in pairs {
                    self.out
                        .push_str(&format!("- **{}:** {}\n", escape_md(key), inline(value)));
                }
                self.out.push('\n');
            }
            Block::List { ordered, items } => {
                for (i, item) in items.iter().enumerate() {
                    let marker = if *ordered {
                        format!("{}.", i + 1)
                    } else {
                        "-".to_owned()
                    };
                    self.out.push_str(&format!("{marker} {}\n", inline(item)));
                }
                self.out.push('\n');
            }
            Block::Table { header, rows, .. } => {
                let head: Vec<String> = header.iter().map(|h| escape_md(h)).collect();
                self.out.push_str(&format!("| {} |\n", head.join(" | ")));
                self.out
                    .push_str(&format!("|{}\n", "---|".repeat(header.len())));
                for row in rows {
                    let cells: Vec<String> = row.iter().map(|c| inline(c)).collect();
                    self.out.push_str(&format!("| {} |\n", cells.join(" | ")));
                }
                self.out.push('\n');
            }
            Block::Diagram => {
                self.out.push_str("```mermaid\n");
                self.out.push_str(&mermaid(&spec.graph));
                self.out.push_str("```\n\n");
            }
            Block::Code { lang, text } => {
                // A fence longer than any backtick run in the text.
                let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
                let fence = "`".repeat(longest.max(2) + 1);
                self.out.push_str(&format!("{fence}{lang}\n"));
                self.out.push_str(text);
                if !text.ends_with('\n') {
                    self.out.push('\n');
                }
                self.out.push_str(&format!("{fence}\n\n"));
            }
        }
    }
}

/// Inline content as Markdown.
fn inline(items: &[Inline]) -> String {
    let mut s = String::new();
    for item in items {
        match item {
            Inline::Text(text) => s.push_str(&escape_md(text)),
            Inline::Code(text) => s.push_str(&code_span(text)),
            Inline::Strong(inner) => {
                s.push_str("**");
                s.push_str(&inline(inner));
                s.push_str("**");
            }
            Inline::Emphasis(inner) => {
                s.push('*');
                s.push_str(&inline(inner));
                s.push('*');
            }
            Inline::Link { text, href } => {
                s.push('[');
                s.push_str(&escape_md(text));
                s.push_str("](");
                s.push_str(&link_target(href));
                s.push(')');
            }
            Inline::Break => s.push_str("<br>"),
        }
    }
    s
}

/// A code span; text with backticks gets a longer delimiter, and `|` is
/// escaped so the span cannot split a table cell.
fn code_span(text: &str) -> String {
    let text = text.replace(['\n', '\r'], " ").replace('|', "\\|");
    if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}

/// A link destination: characters that would end or confuse it are
/// percent-encoded.
fn link_target(href: &str) -> String {
    let mut s = String::new();
    for c in href.chars() {
        match c {
            ' ' => s.push_str("%20"),
            '(' => s.push_str("%28"),
            ')' => s.push_str("%29"),
            '<' => s.push_str("%3C"),
            '>' => s.push_str("%3E"),
            '|' => s.push_str("%7C"),
            '`' => s.push_str("%60"),
            c if c.is_control() => {}
            c => s.push(c),
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_escaping() {
        assert_eq!(
            inline(&[
                Inline::Text("a|b".into()),
                Inline::Code("x|y".into()),
                Inline::Link {
                    text: "kit (1).pdf".into(),
                    href: "kits/kit (1).pdf".into()
                }
            ]),
            "a\\|b`x\\|y`[kit (1).pdf](kits/kit%20%281%29.pdf)"
        );
    }
}
