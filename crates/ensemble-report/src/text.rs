//! Small text helpers shared by the renderers: escaping and display names.

/// What an absent optional value shows as, in every format for people.
pub(crate) const DASH: &str = "—";

/// Escapes text for HTML and SVG content and attribute values.
pub(crate) fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for Markdown inline content, table cells included: the
/// characters with inline meaning are backslash-escaped, `|` so it does not
/// split a cell, and line breaks fold into spaces.
pub(crate) fn escape_md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '\r' | '\n' => out.push(' '),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Abbreviations kept in capitals when an id becomes words.
const ACRONYMS: &[&str] = &[
    "aml", "api", "bnpl", "crm", "hsm", "id", "kyc", "mfa", "pos", "sdk", "sso",
];

/// The last segment of an id as lowercase words, abbreviations in capitals
/// (`compliance.aml-screening` → `AML screening`).
pub(crate) fn words(id: &str) -> String {
    let last = id.rsplit('.').next().unwrap_or(id);
    let words: Vec<String> = last
        .split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            if ACRONYMS.contains(&w) {
                w.to_ascii_uppercase()
            } else {
                w.to_owned()
            }
        })
        .collect();
    if words.is_empty() {
        id.to_owned()
    } else {
        words.join(" ")
    }
}

/// A capability id in business words: [`words`], capitalised
/// (`payments.card-acceptance` → `Card acceptance`).
pub(crate) fn humanize(id: &str) -> String {
    let words = words(id);
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => words,
    }
}

/// The domain of a capability id, capitalised (`fraud.scoring` → `Fraud`);
/// ids without a dot are their own domain.
pub(crate) fn domain(id: &str) -> String {
    let first = id.split('.').next().unwrap_or(id);
    humanize(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(
            escape_html("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(escape_md("a|b *c* [d]\ne"), "a\\|b \\*c\\* \\[d\\] e");
    }

    #[test]
    fn humanizes_capabilities() {
        assert_eq!(humanize("payments.card-acceptance"), "Card acceptance");
        assert_eq!(humanize("fraud.scoring"), "Scoring");
        assert_eq!(humanize("x"), "X");
        assert_eq!(domain("fraud.case-management"), "Fraud");
        assert_eq!(words("compliance.aml-screening"), "AML screening");
        assert_eq!(humanize("identity.mfa"), "MFA");
    }
}
