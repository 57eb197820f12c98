//! Finding where a value was written, for problems found after parsing.
//!
//! serde does not keep spans, and carrying one on every field would slow the
//! common case of a valid catalog. Cross-document problems (a dangling
//! reference, a duplicate id) are rare, so their exact position is recovered
//! from the text afterwards: the document is found by its `id:` line, then the
//! field and the value within it.

/// A value to find: in the document whose top-level `id` is `document_id`
/// (the `occurrence`-th such document in the file, from 0), after each of the
/// `path` words in turn, the word `value`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Anchor {
    pub document_id: String,
    pub occurrence: usize,
    pub path: Vec<String>,
    pub value: Option<String>,
    /// How many earlier occurrences of `value` to pass over.
    pub skip: usize,
}

impl Anchor {
    /// The `id:` line of a document.
    pub fn document(id: &str, occurrence: usize) -> Self {
        Anchor {
            document_id: id.to_owned(),
            occurrence,
            path: Vec::new(),
            value: None,
            skip: 0,
        }
    }

    /// A value written under a key (or chain of keys) of a document.
    pub fn value(id: &str, path: &[&str], value: &str) -> Self {
        Anchor {
            document_id: id.to_owned(),
            occurrence: 0,
            path: path.iter().map(|s| (*s).to_owned()).collect(),
            value: Some(value.to_owned()),
            skip: 0,
        }
    }

    /// The `skip`-th repetition of the value (0 is the first occurrence).
    pub fn nth(mut self, skip: usize) -> Self {
        self.skip = skip;
        self
    }
}

/// The 1-based line and column of `anchor` in `text`, as precisely as the
/// text allows: the value, else the last key found, else the document's `id`.
pub(crate) fn locate(text: &str, anchor: &Anchor) -> Option<(usize, usize)> {
    let id_line = document_id_line(text, &anchor.document_id, anchor.occurrence)?;
    let lines: Vec<&str> = text.lines().collect();
    let start = (0..id_line)
        .rev()
        .find(|&i| is_separator(lines[i]))
        .map_or(0, |i| i + 1);
    let end = (id_line + 1..lines.len())
        .find(|&i| is_separator(lines[i]))
        .unwrap_or(lines.len());
    let id_col = lines[id_line].find("id").unwrap_or(0);
    let mut best = (id_line, id_col);
    let mut pos = (start, 0usize);
    for word in &anchor.path {
        match find_word(&lines, pos, end, word) {
            Some(found) => {
                best = found;
                pos = (found.0, found.1 + word.len());
            }
            None => return Some((best.0 + 1, best.1 + 1)),
        }
    }
    if let Some(value) = &anchor.value {
        for _ in 0..=anchor.skip {
            match find_word(&lines, pos, end, value) {
                Some(found) => {
                    best = found;
                    pos = (found.0, found.1 + value.len());
                }
                None => break,
            }
        }
    }
    Some((best.0 + 1, best.1 + 1))
}

fn is_separator(line: &str) -> bool {
    line == "---" || line.starts_with("--- ") || line == "..."
}

/// The 0-based index of the `occurrence`-th top-level `id: <id>` line.
fn document_id_line(text: &str, id: &str, occurrence: usize) -> Option<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| {
            line.strip_prefix("id:").is_some_and(|rest| {
                let v = rest.split('#').next().unwrap_or("").trim();
                v.trim_matches(|c| c == '"' || c == '\'') == id
            })
        })
        .nth(occurrence)
        .map(|(i, _)| i)
}

/// The first occurrence of `word` as a whole word at or after `from`, before
/// line `end`.
fn find_word(
    lines: &[&str],
    from: (usize, usize),
    end: usize,
    word: &str,
) -> Option<(usize, usize)> {
    let is_word_char = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '.' || c == '_';
    for (i, line) in lines.iter().enumerate().take(end).skip(from.0) {
        let offset = if i == from.0 {
            from.1.min(line.len())
        } else {
            0
        };
        let mut search = offset;
        while let Some(found) = line.get(search..).and_then(|s| s.find(word)) {
            let at = search + found;
            let before = line[..at].chars().next_back();
            let after = line[at + word.len()..].chars().next();
            if !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char) {
                return Some((i, at));
            }
            search = at + word.len();
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "kind: offering\nid: a\npartner: acme\n---\nkind: offering\nid: b\nconflicts: [x, a-b, ab]\nrequires:\n  - any_of:\n      - {interface: ab}\n---\nkind: market\nid: m\npriorities:\n  - id: p1\n    capabilities: [c]\n  - id: p2\n    capabilities:\n      - c\n";

    #[test]
    fn finds_values_in_the_right_document() {
        assert_eq!(
            locate(TEXT, &Anchor::value("a", &["partner"], "acme")),
            Some((3, 10))
        );
        assert_eq!(
            locate(TEXT, &Anchor::value("b", &["conflicts"], "ab")),
            Some((7, 21))
        );
        assert_eq!(
            locate(TEXT, &Anchor::value("m", &["p2", "capabilities"], "c")),
            Some((19, 9))
        );
    }

    #[test]
    fn falls_back_to_the_id_line() {
        assert_eq!(
            locate(TEXT, &Anchor::value("b", &["markets"], "zz")),
            Some((6, 1))
        );
        assert_eq!(locate(TEXT, &Anchor::document("m", 0)), Some((13, 1)));
        assert_eq!(locate(TEXT, &Anchor::document("m", 1)), None);
    }
}
