//! A theme's `card.yaml`, the social card's colours and font, read through the YAML layer: its
//! syntax, its keys and its values' types here, the colours and the font by
//! `media::CardStyle::from_values`.

use std::path::Path;

use crate::core::diagnostic::{Checked, Pos};
use crate::media::CardStyle;
use crate::parse::yaml::{self, Reader, Value};

/// Reads a theme's card.yaml (at `path`, for messages). `load_font` is given the `font:` path as
/// written (relative to the theme) and returns the file's bytes, or `None` when there is no such
/// file; `fonts` are the theme's font files, named when `font:` names none. An unknown key is a warning with a suggestion, as in site.yaml; every other problem is
/// an error at its place with a fix, and any error means no style.
pub fn parse(
    path: &Path,
    text: &str,
    load_font: &dyn Fn(&str) -> Option<Vec<u8>>,
    fonts: &[&str],
) -> Checked<CardStyle> {
    let fields = match yaml::parse_mapping(path, text, 1, "card.yaml") {
        Ok(fields) => fields,
        Err(e) => return Checked::failed(vec![e]),
    };
    let mut reader = Reader::new(path);
    let mut values: Vec<(&str, String, Pos)> = Vec::new();
    for field in &fields.entries {
        let key = field.key.as_str();
        if !CardStyle::KEYS.contains(&key) {
            reader
                .warnings
                .push(yaml::unknown_key(path, field, CardStyle::KEYS, "card.yaml"));
            continue;
        }
        match (&field.value.value, yaml::scalar_text(&field.value.value)) {
            (Value::Null, _) => values.push((key, String::new(), field.pos)),
            (_, Some(text)) => values.push((key, text, field.pos)),
            (_, None) => {
                let expected = if key == "font" {
                    "the path of a font file"
                } else {
                    "one colour"
                };
                let hint = format!("write one value, e.g. `{}`", CardStyle::example(key));
                reader.wrong_type(field, expected, &hint);
            }
        }
    }
    if !reader.errors.is_empty() {
        // A value of the wrong type would also be reported as missing: the values wait.
        let mut diagnostics = reader.errors;
        diagnostics.append(&mut reader.warnings);
        return Checked::failed(diagnostics);
    }
    let values: Vec<(&str, &str, Pos)> = values.iter().map(|(k, v, pos)| (*k, v.as_str(), *pos)).collect();
    match CardStyle::from_values(path, &values, load_font, fonts) {
        Ok(style) => reader.finish(style, Vec::new()),
        Err(mut errors) => {
            errors.append(&mut reader.warnings);
            Checked::failed(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CARD: &str = "# The social card.\n\
        background: \"#fdfcf9\"\n\
        foreground: \"#1b1d21\"\n\
        accent: \"#a4161a\"\n\
        muted: \"#4a4f57\"\n\
        font: fonts/card.ttf\n";

    fn font(path: &str) -> Option<Vec<u8>> {
        let theme = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default"));
        (path == "fonts/card.ttf")
            .then(|| std::fs::read(theme.join("fonts/card-gothic-bold.ttf")).ok())
            .flatten()
    }

    /// card.yaml's diagnostics as shown (without the source line), and whether there is a style.
    fn read(text: &str) -> (bool, Vec<String>) {
        let checked = parse(Path::new("themes/mine/card.yaml"), text, &font, &[]);
        let shown = checked.diagnostics.iter().map(ToString::to_string).collect();
        (checked.value.is_some(), shown)
    }

    /// The first line of each diagnostic: `path:line:col: severity: message`.
    fn firsts(text: &str) -> (bool, Vec<String>) {
        let (made, shown) = read(text);
        (
            made,
            shown
                .iter()
                .map(|d| d.lines().next().unwrap_or_default().to_string())
                .collect(),
        )
    }

    #[test]
    fn the_default_theme_card_yaml_reads_without_a_word() {
        let theme = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default"));
        let text = std::fs::read_to_string(theme.join("card.yaml")).expect("card.yaml");
        let checked = parse(
            &theme.join("card.yaml"),
            &text,
            &|p| std::fs::read(theme.join(p)).ok(),
            &[],
        );
        assert!(checked.diagnostics.is_empty(), "{:?}", checked.diagnostics);
        let style = checked.value.expect("a style");
        assert_eq!(
            (style.background, style.muted),
            ([0xfd, 0xfc, 0xf9], [0x4a, 0x4f, 0x57])
        );
        assert_eq!(read(CARD), (true, Vec::new()));
    }

    #[test]
    fn a_yaml_mistake_is_an_error_at_its_place_in_a_writers_words() {
        assert_eq!(
            read(&CARD.replace("muted: \"#4a4f57\"", "muted: \"#4a4f57")),
            (
                false,
                vec![
                    "themes/mine/card.yaml:5:8: error: this quote is never closed\n  \
                     = help: end the value with a closing `\"` on the same line"
                        .to_string()
                ]
            )
        );
        assert_eq!(
            firsts(&CARD.replace("font: fonts/card.ttf", "font: [x")),
            (
                false,
                vec!["themes/mine/card.yaml:6:7: error: this `[` opens a list that is never closed".to_string()]
            )
        );
        assert_eq!(
            firsts(&format!("{CARD}accent: \"#000000\"\n")),
            (
                false,
                vec!["themes/mine/card.yaml:7:1: error: `accent` is given twice; the first is on line 4".to_string()]
            )
        );
        let (made, shown) = read("- background\n");
        assert!(!made);
        assert_eq!(
            shown,
            [
                "themes/mine/card.yaml:1:1: error: card.yaml must be a mapping of keys to values, but it is a list\n  \
              = help: write one `key: value` per line, for example `background: \"#fdfcf9\"`"
            ]
        );
    }

    #[test]
    fn a_value_that_is_not_one_value_is_an_error_at_the_value() {
        assert_eq!(
            read(&CARD.replace("font: fonts/card.ttf", "font: [a, b]")),
            (
                false,
                vec![
                    "themes/mine/card.yaml:6:7: error: `font` must be the path of a font file, but it is a list\n  \
                     = help: write one value, e.g. `font: fonts/card.ttf`"
                        .to_string()
                ]
            )
        );
        assert_eq!(
            firsts(&CARD.replace("\"#a4161a\"", "{ r: 164 }")),
            (
                false,
                vec!["themes/mine/card.yaml:4:9: error: `accent` must be one colour, but it is a mapping".to_string()]
            )
        );
    }

    #[test]
    fn a_bad_colour_or_font_is_an_error_at_the_value_with_a_fix() {
        assert_eq!(
            read(&CARD.replace("\"#fdfcf9\"", "\"#fdfcfz\"")),
            (
                false,
                vec![
                    "themes/mine/card.yaml:2:13: error: `background: #fdfcfz` is not a colour\n  = help: write a \
                     colour as `#` and six hex digits (0-9, a-f), in quotes: `background: \"#fdfcf9\"`"
                        .to_string()
                ]
            )
        );
        // Unquoted, `#` starts a comment: the value is empty, and placed at the key.
        assert_eq!(
            read(&CARD.replace("\"#a4161a\"", "#a4161a   # red")),
            (
                false,
                vec![
                    "themes/mine/card.yaml:4:1: error: `accent` has no value\n  = help: write the colour in \
                     quotes, `accent: \"#a4161a\"`: without them YAML reads a `#` after a space as the start of a \
                     comment"
                        .to_string()
                ]
            )
        );
        assert_eq!(
            read(&CARD.replace("fonts/card.ttf", "fonts/Card.ttf")),
            (
                false,
                vec![
                    "themes/mine/card.yaml:6:7: error: the font `fonts/Card.ttf` is not in the theme: there is no \
                     themes/mine/fonts/Card.ttf\n  = help: put the .ttf or .otf file there, or give the path of one \
                     the theme has, from the theme's folder and with its capitals: the theme has no .ttf or .otf \
                     file yet"
                        .to_string()
                ]
            )
        );
    }

    #[test]
    fn an_unknown_key_is_a_warning_at_the_key_with_the_key_it_may_mean() {
        assert_eq!(
            read(&CARD.replace("font:", "fnt:")),
            (
                false,
                vec![
                    "themes/mine/card.yaml:1:1: error: card.yaml has no `font`\n  = help: add a line such as \
                     `font: fonts/card.ttf`: card.yaml needs background, foreground, accent and font (muted is \
                     optional)"
                        .to_string(),
                    "themes/mine/card.yaml:6:1: warning: unknown key `fnt` in card.yaml\n  = help: did you mean \
                     `font`?"
                        .to_string(),
                ]
            )
        );
        let (made, shown) = firsts(&format!("{CARD}shadow: \"#000000\"\n"));
        assert!(made, "a warning only");
        assert_eq!(
            shown,
            ["themes/mine/card.yaml:7:1: warning: unknown key `shadow` in card.yaml"]
        );
    }
}
