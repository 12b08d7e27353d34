//! The one place that touches the YAML library: parses a YAML block into a mapping whose entries
//! remember the line and column they came from, and turns YAML values into typed fields with
//! messages a writer understands.

use std::path::Path;

use serde_yaml::Value;

use crate::core::diagnostic::{Diagnostic, Pos, closest};

/// One top-level key of a YAML mapping and where it stands in the file.
#[derive(Debug, Clone)]
pub struct Entry {
    pub key: String,
    pub value: Value,
    /// Where it stands in the file: the key's line, and the column of the value (after `key:`),
    /// or of the key when the value is on later lines.
    pub pos: Pos,
    /// Where this entry's block items (`- ...`) start in the file (the column of the value).
    pub items: Vec<Pos>,
}

/// A parsed YAML mapping with positions.
#[derive(Debug, Clone, Default)]
pub struct Fields {
    pub entries: Vec<Entry>,
    /// The file line of the YAML block's first line.
    pub first_line: usize,
}

/// Parses `yaml` (which starts at line `first_line` of `path`) as a mapping.
///
/// An empty block is an empty mapping. A list or a scalar at the top is an error.
pub fn parse_mapping(path: &Path, yaml: &str, first_line: usize, what: &str) -> Result<Fields, Diagnostic> {
    let value: Value = serde_yaml::from_str(yaml).map_err(|e| yaml_error(path, &e, first_line))?;
    let mapping = match value {
        Value::Null => {
            return Ok(Fields {
                entries: Vec::new(),
                first_line,
            });
        }
        Value::Mapping(mapping) => mapping,
        other => {
            return Err(Diagnostic::error(
                path,
                Pos::new(first_line, 1),
                format!(
                    "{what} must be a mapping of keys to values, but it is {}",
                    describe(&other)
                ),
            )
            .with_hint("write one `key: value` per line, for example `title: Putin visits Pyongyang`"));
        }
    };
    let positions = top_level_positions(yaml);
    let mut entries = Vec::with_capacity(mapping.len());
    for (key, value) in mapping {
        let key = match key {
            Value::String(s) => s,
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            other => {
                return Err(Diagnostic::error(
                    path,
                    Pos::new(first_line, 1),
                    format!("{what} has a key that is {}, not a name", describe(&other)),
                ));
            }
        };
        let (pos, items) = match positions.iter().find(|p| p.key == key) {
            Some(p) => (
                Pos::new(p.line + first_line - 1, p.value_column),
                p.items.iter().map(|&(l, c)| Pos::new(l + first_line - 1, c)).collect(),
            ),
            None => (Pos::new(first_line, 1), Vec::new()),
        };
        entries.push(Entry { key, value, pos, items });
    }
    Ok(Fields { entries, first_line })
}

/// Turns a YAML library error into a diagnostic at the file's line and column.
pub fn yaml_error(path: &Path, error: &serde_yaml::Error, first_line: usize) -> Diagnostic {
    let (line, column) = match error.location() {
        Some(loc) => (loc.line() + first_line - 1, loc.column()),
        None => (first_line, 1),
    };
    let message = strip_positions(&error.to_string(), first_line);
    Diagnostic::error(path, Pos::new(line, column), format!("invalid YAML: {message}")).with_hint(
        "check the indentation and quote values that contain `: `, `#` or start with `[`, `{`, `*`, `&`, `!`, `|`, `>`, `%` or `@`",
    )
}

/// Removes the library's own `at line N column M` where the diagnostic carries the position,
/// and turns later marks (where an unclosed list or mapping began) into file lines.
fn strip_positions(message: &str, first_line: usize) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    let mut first = true;
    while let Some(at) = rest.find(" at line ") {
        out.push_str(&rest[..at]);
        let after = &rest[at + " at line ".len()..];
        let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
        let skip = after
            .char_indices()
            .find(|&(_, c)| !(c.is_ascii_digit() || c == ' ' || "column".contains(c)))
            .map_or(after.len(), |(i, _)| i);
        if !first && let Ok(line) = digits.parse::<usize>() {
            out.push_str(&format!(" that starts on line {}", line + first_line - 1));
        }
        first = false;
        rest = &after[skip..];
    }
    out.push_str(rest);
    out.trim_end_matches([',', ' ']).to_string()
}

struct KeyPosition {
    key: String,
    line: usize,
    value_column: usize,
    items: Vec<(usize, usize)>,
}

/// Finds the top-level keys of a block mapping by scanning lines: a key starts at column 1.
fn top_level_positions(yaml: &str) -> Vec<KeyPosition> {
    let mut positions: Vec<KeyPosition> = Vec::new();
    let mut item_indent: Option<usize> = None;
    for (index, line) in yaml.lines().enumerate() {
        let first = line.chars().next();
        match first {
            None | Some(' ') | Some('\t') | Some('#') | Some('-') => {
                // An item of the current key's block sequence: `- ...` at the first indentation seen.
                let trimmed = line.trim_start();
                let indent = line.len() - trimmed.len();
                if (trimmed == "-" || trimmed.starts_with("- ")) && !positions.is_empty() {
                    let indent_ok = match item_indent {
                        None => {
                            item_indent = Some(indent);
                            true
                        }
                        Some(i) => i == indent,
                    };
                    if indent_ok && let Some(last) = positions.last_mut() {
                        let value_start = trimmed[1..].len() - trimmed[1..].trim_start().len() + 1;
                        last.items
                            .push((index + 1, char_column(line, indent + value_start + 1)));
                    }
                }
            }
            Some(_) => {
                if let Some((key, value_column)) = split_key(line) {
                    item_indent = None;
                    positions.push(KeyPosition {
                        key,
                        line: index + 1,
                        value_column,
                        items: Vec::new(),
                    });
                }
            }
        }
    }
    positions
}

fn split_key(line: &str) -> Option<(String, usize)> {
    let (key, rest) = if let Some(quote) = line.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let end = line[1..].find(quote)? + 1;
        (line[1..end].to_string(), &line[end + 1..])
    } else {
        let colon = line.find(':')?;
        (line[..colon].trim_end().to_string(), &line[colon..])
    };
    let after_colon = rest.strip_prefix(':')?;
    if !(after_colon.is_empty() || after_colon.starts_with(' ') || after_colon.starts_with('\t')) {
        return None;
    }
    let value_start = after_colon.len() - after_colon.trim_start().len();
    let column = if after_colon.trim().is_empty() || after_colon.trim_start().starts_with('#') {
        1
    } else {
        line.len() - after_colon.len() + value_start + 1
    };
    Some((key, char_column(line, column)))
}

/// Converts a 1-based byte column to a 1-based character column.
fn char_column(line: &str, byte_column: usize) -> usize {
    let byte = (byte_column - 1).min(line.len());
    line.char_indices().take_while(|(i, _)| *i < byte).count() + 1
}

/// "a list", "the number 42", ... for messages.
pub fn describe(value: &Value) -> String {
    match value {
        Value::Null => "empty".to_string(),
        Value::Bool(b) => format!("the boolean `{b}`"),
        Value::Number(n) => format!("the number `{n}`"),
        Value::String(s) => format!("the text `{}`", truncate(s, 40)),
        Value::Sequence(_) => "a list".to_string(),
        Value::Mapping(_) => "a mapping".to_string(),
        Value::Tagged(t) => format!("a value tagged `{}`", t.tag),
    }
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let cut: String = s.chars().take(max).collect();
        format!("{cut}…")
    }
}

/// A scalar as text: strings as they are, numbers and booleans as written. `None` for others.
pub fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Tagged(t) => scalar_text(&t.value),
        _ => None,
    }
}

/// Reads typed values out of entries, collecting a diagnostic for each one of the wrong type.
pub struct Reader<'a> {
    pub path: &'a Path,
    pub errors: Vec<Diagnostic>,
    /// Warnings never fail a parse: they are kept apart from errors.
    pub warnings: Vec<Diagnostic>,
}

impl<'a> Reader<'a> {
    pub fn new(path: &'a Path) -> Self {
        Reader {
            path,
            errors: Vec::new(),
            warnings: Vec::new(),
        }
    }

    pub fn wrong_type(&mut self, entry: &Entry, expected: &str, hint: &str) {
        self.errors.push(
            Diagnostic::error(
                self.path,
                entry.pos,
                format!(
                    "`{}` must be {expected}, but it is {}",
                    entry.key,
                    describe(&entry.value)
                ),
            )
            .with_hint(hint.to_string()),
        );
    }

    /// Text; numbers and booleans are taken as the text they were written as.
    pub fn text(&mut self, entry: &Entry) -> Option<String> {
        match scalar_text(&entry.value) {
            Some(text) => Some(text),
            None if entry.value.is_null() => None,
            None => {
                self.wrong_type(entry, "text", &format!("write `{}: some text`", entry.key));
                None
            }
        }
    }

    pub fn boolean(&mut self, entry: &Entry) -> bool {
        match &entry.value {
            Value::Bool(b) => *b,
            Value::Null => false,
            _ => {
                self.wrong_type(
                    entry,
                    "`true` or `false`",
                    &format!("write `{}: true` or `{}: false`", entry.key, entry.key),
                );
                false
            }
        }
    }

    pub fn integer(&mut self, entry: &Entry) -> Option<u64> {
        match entry.value.as_u64() {
            Some(n) => Some(n),
            None => {
                self.wrong_type(entry, "a whole number", &format!("write `{}: 50`", entry.key));
                None
            }
        }
    }

    /// A list of texts; a single text is taken as a list of one.
    pub fn text_list(&mut self, entry: &Entry) -> Vec<String> {
        match &entry.value {
            Value::Null => Vec::new(),
            Value::Sequence(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    match scalar_text(item) {
                        Some(text) => out.push(text),
                        None => {
                            let pos = entry.items.get(i).copied().unwrap_or(entry.pos);
                            self.errors.push(
                                Diagnostic::error(
                                    self.path,
                                    pos,
                                    format!(
                                        "item {} of `{}` must be text, but it is {}",
                                        i + 1,
                                        entry.key,
                                        describe(item)
                                    ),
                                )
                                .with_hint(format!("write `{}: [first, second]`", entry.key)),
                            );
                        }
                    }
                }
                out
            }
            other => match scalar_text(other) {
                Some(text) => vec![text],
                None => {
                    self.wrong_type(entry, "a list", &format!("write `{}: [first, second]`", entry.key));
                    Vec::new()
                }
            },
        }
    }
}

/// A YAML scalar for `text`, quoted when it has to be (`Title: x` → `'Title: x'`).
pub fn quote(text: &str) -> String {
    serde_yaml::to_string(text)
        .map(|s| s.trim_end().to_string())
        .unwrap_or_else(|_| format!("{text:?}"))
}

/// A warning for an unknown key, with the closest known key suggested.
pub fn unknown_key(path: &Path, entry: &Entry, known: &[&str], what: &str) -> Diagnostic {
    let mut diagnostic = Diagnostic::warning(
        path,
        Pos::new(entry.pos.line, 1),
        format!("unknown key `{}` in {what}", entry.key),
    );
    diagnostic = match closest(&entry.key, known.iter().copied()) {
        Some(suggestion) => diagnostic.with_hint(format!("did you mean `{suggestion}`?")),
        None => diagnostic.with_hint(format!(
            "known keys are: {}; put anything else under `extra:`",
            known.join(", ")
        )),
    };
    diagnostic
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_counted_in_the_file() {
        let yaml = "title: Hello\ntopics:\n  - a\n  - b\ndate: 2024-06-19\n";
        let fields = parse_mapping(Path::new("x.md"), yaml, 2, "front matter").unwrap();
        let keys: Vec<_> = fields
            .entries
            .iter()
            .map(|e| (e.key.as_str(), e.pos.line, e.pos.column))
            .collect();
        assert_eq!(keys, [("title", 2, 8), ("topics", 3, 1), ("date", 6, 7)]);
        assert_eq!(fields.entries[1].items, [Pos::new(4, 5), Pos::new(5, 5)]);
    }

    #[test]
    fn syntax_errors_point_into_the_file() {
        let yaml = "title: Hello\n  bad: [\n";
        let err = parse_mapping(Path::new("x.md"), yaml, 2, "front matter").unwrap_err();
        assert!(err.pos.is_some_and(|p| p.line >= 3), "{err}");
        assert!(!err.message.contains("at line"), "{err}");
    }

    #[test]
    fn yaml_1_2_scalars_stay_strings() {
        let fields = parse_mapping(Path::new("x.md"), "a: NO\nb: yes\nc: on\nd: true\n", 1, "x").unwrap();
        let values: Vec<_> = fields.entries.iter().map(|e| e.value.clone()).collect();
        assert_eq!(values[0], Value::String("NO".into()));
        assert_eq!(values[1], Value::String("yes".into()));
        assert_eq!(values[2], Value::String("on".into()));
        assert_eq!(values[3], Value::Bool(true));
    }

    #[test]
    fn a_list_at_the_top_is_an_error() {
        let err = parse_mapping(Path::new("x.md"), "- a\n- b\n", 2, "front matter").unwrap_err();
        assert_eq!(
            err.to_string().lines().next().unwrap(),
            "x.md:2:1: error: front matter must be a mapping of keys to values, but it is a list"
        );
    }
}
