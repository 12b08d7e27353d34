//! A theme's or a site's words in one language (`i18n/<lang>.yaml`): each key is a text, or a
//! mapping of CLDR plural categories to texts for a counted word (`one: "{count} source"`).

use std::collections::BTreeMap;
use std::path::Path;

use crate::core::diagnostic::{Checked, Diagnostic, Pos};
use crate::core::language::Plural;
use crate::parse::yaml::{self, Value};

/// One key's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    Text(String),
    /// The forms of a counted word by plural category; `other` is always there.
    Plural(BTreeMap<Plural, String>),
}

/// The words of one file, by key.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub messages: BTreeMap<String, Written>,
}

/// One key's words and where they are written.
#[derive(Debug, Clone)]
pub struct Written {
    pub message: Message,
    /// The key's position.
    pub key: Pos,
    /// Each text's position, in the order of `Message::texts` (a problem inside a text, such as
    /// a hole left open, is told there rather than at the key).
    pub texts: Vec<Pos>,
}

impl Message {
    /// The message's texts: the one, or each plural form in the order of its category.
    pub fn texts(&self) -> Vec<&str> {
        match self {
            Message::Text(text) => vec![text.as_str()],
            Message::Plural(forms) => forms.values().map(String::as_str).collect(),
        }
    }
}

/// Reads one `i18n/<lang>.yaml`.
pub fn parse_catalog(path: &Path, text: &str) -> Checked<Catalog> {
    let fields = match yaml::parse_mapping(path, text, 1, "an i18n file") {
        Ok(fields) => fields,
        Err(diagnostic) => return Checked::failed(vec![diagnostic]),
    };
    let mut errors = Vec::new();
    let mut catalog = Catalog::default();
    for field in fields.entries {
        let mut positions = vec![field.pos];
        let message = match &field.value.value {
            Value::Mapping(entries) => {
                plural_forms(path, &field.key, field.pos, entries, &mut errors).map(|(message, at)| {
                    positions = at;
                    message
                })
            }
            value => {
                match yaml::scalar_text(value) {
                    Some(text) => Some(Message::Text(text)),
                    None => {
                        errors.push(
                        Diagnostic::error(
                            path,
                            field.pos,
                            format!("`{}` must be text or plural forms, but it is {}", field.key, yaml::describe(value)),
                        )
                        .with_hint("write `key: the words`, or `key: { one: \"{count} source\", other: \"{count} sources\" }`"),
                    );
                        None
                    }
                }
            }
        };
        if let Some(message) = message {
            let written = Written {
                message,
                key: field.key_pos,
                texts: positions,
            };
            catalog.messages.insert(field.key, written);
        }
    }
    Checked::unless_errors(catalog, errors)
}

fn plural_forms(
    path: &Path,
    key: &str,
    pos: Pos,
    entries: &[yaml::Entry],
    errors: &mut Vec<Diagnostic>,
) -> Option<(Message, Vec<Pos>)> {
    let mut forms = BTreeMap::new();
    let mut positions = BTreeMap::new();
    for entry in entries {
        let name = entry.name().unwrap_or_default();
        let Some(category) = Plural::ALL.into_iter().find(|p| p.name() == name) else {
            errors.push(
                Diagnostic::error(
                    path,
                    entry.key.pos,
                    format!("`{key}` has `{name}`, which is not a plural category"),
                )
                .with_hint("the categories are zero, one, two, few, many and other (CLDR's names)"),
            );
            continue;
        };
        match yaml::scalar_text(&entry.value.value) {
            Some(text) => {
                forms.insert(category, text);
                positions.insert(category, entry.pos());
            }
            None => errors.push(Diagnostic::error(
                path,
                entry.pos(),
                format!(
                    "`{key}.{name}` must be text, but it is {}",
                    yaml::describe(&entry.value.value)
                ),
            )),
        }
    }
    if !forms.contains_key(&Plural::Other) {
        errors.push(
            Diagnostic::error(path, pos, format!("`{key}` has no `other` form"))
                .with_hint("every counted word needs `other`, the form used when no other category fits"),
        );
        return None;
    }
    Some((Message::Plural(forms), positions.into_values().collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_and_plural_forms_are_read_with_their_positions() {
        let yaml = "title: Topics\nsources:\n  one: \"{count} source\"\n  other: \"{count} sources\"\n";
        let catalog = parse_catalog(Path::new("i18n/en.yaml"), yaml).value.unwrap();
        assert_eq!(catalog.messages["title"].message, Message::Text("Topics".into()));
        let Message::Plural(forms) = &catalog.messages["sources"].message else {
            panic!()
        };
        assert_eq!(forms[&Plural::One], "{count} source");
        assert_eq!(catalog.messages["sources"].key, Pos::new(2, 1));
    }

    #[test]
    fn a_plural_without_other_or_with_a_strange_category_is_an_error() {
        let yaml = "sources:\n  one: a source\n  several: sources\n";
        let errors = parse_catalog(Path::new("i18n/en.yaml"), yaml).diagnostics;
        let text: Vec<String> = errors.iter().map(|d| d.to_string()).collect();
        assert!(
            text.iter()
                .any(|t| t.contains("i18n/en.yaml:3:3") && t.contains("`several`")),
            "{text:?}"
        );
        assert!(text.iter().any(|t| t.contains("no `other` form")), "{text:?}");
    }
}
