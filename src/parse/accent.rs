//! The accent colour a site gives its pages in `static/custom.css` (`:root { --accent: … }`),
//! read for what knows no CSS custom property: the editions' email (its template gets
//! `colors.accent`, and `colors.accent_dark` for dark mode), the social cards and timeline.json.
//!
//! cssparser (the tokenizer css-inline uses) reads the stylesheet as a browser does, so that a
//! declaration in a comment, a string or an `@media` block is not taken; csscolorparser reads
//! the value, in any of CSS's colour syntaxes, and mixes the dark-mode accent in Oklab as the
//! default theme's stylesheet does (`color-mix(in oklab, var(--accent) 40%, white)`).

use std::path::Path;

use cssparser::{Parser, Token};
use serde::Serialize;

use crate::core::diagnostic::{Diagnostic, Pos};

/// The custom properties read, as the default theme's stylesheet names them.
const ACCENT: &str = "--accent";
const ACCENT_DARK: &str = "--accent-dark";
/// How much of the accent the dark-mode accent keeps, mixed with white (the theme's 40 %).
const DARK_SHARE: f32 = 0.4;

/// The site's accent as an email can use it: `#rrggbb`, for light and dark mode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Accent {
    pub accent: String,
    pub accent_dark: String,
}

impl Accent {
    /// The accent's red, green and blue (for the social card, drawn in pixels).
    pub fn rgb(&self) -> [u8; 3] {
        let channel = |at: usize| {
            self.accent
                .get(at..at + 2)
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
                .unwrap_or(0)
        };
        [channel(1), channel(3), channel(5)]
    }
}

/// A declaration of one of the two properties: its value as written, where the value starts.
struct Declared<'a> {
    value: &'a str,
    pos: Pos,
}

/// The accent `css` (the text of `path`) sets on `:root`, outside any at-rule, the last
/// declaration of each property winning as in a browser; `None` when it sets no `--accent`.
/// A value that is no plain colour (`var(--brand)`, a colour with transparency) is a warning
/// at its line and column, and what reads the accent keeps the theme's.
pub fn read(path: &Path, css: &str) -> (Option<Accent>, Vec<Diagnostic>) {
    let (accent, dark) = declarations(css);
    let mut warnings = Vec::new();
    let mut color = |declared: Option<Declared<'_>>, name: &str| {
        let declared = declared?;
        match opaque_color(declared.value) {
            Some(color) => Some(color),
            None => {
                warnings.push(
                    Diagnostic::warning(
                        path,
                        declared.pos,
                        format!(
                            "the email, the social cards and timeline.json keep the theme's accent: `{name}: {}` is not a colour they can use",
                            declared.value
                        ),
                    )
                    .with_hint(
                        "write the colour itself, opaque (`#00695c`, `rgb(0 105 92)` or a colour name): mail clients and images read no CSS variable",
                    ),
                );
                None
            }
        }
    };
    let Some(accent) = color(accent, ACCENT) else {
        return (None, warnings);
    };
    let white = csscolorparser::Color::new(1.0, 1.0, 1.0, 1.0);
    let accent_dark = color(dark, ACCENT_DARK).unwrap_or_else(|| accent.interpolate_oklab(&white, 1.0 - DARK_SHARE));
    let accent = Accent {
        accent: hex(&accent),
        accent_dark: hex(&accent_dark),
    };
    (Some(accent), warnings)
}

/// The colour `value` names, when it is one an email can carry: parsed, and not transparent.
fn opaque_color(value: &str) -> Option<csscolorparser::Color> {
    csscolorparser::parse(value).ok().filter(|c| c.a >= 1.0)
}

/// `#rrggbb`, which every mail client reads.
fn hex(color: &csscolorparser::Color) -> String {
    let [r, g, b, _] = color.to_rgba8();
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// The last `--accent` and `--accent-dark` declared in a top-level `:root` rule.
fn declarations(css: &str) -> (Option<Declared<'_>>, Option<Declared<'_>>) {
    let mut parser = Parser::new(css);
    let mut found = (None, None);
    let mut prelude_start = parser.position();
    let mut in_at_rule = false;
    while let Ok(token) = parser.next_including_whitespace_and_comments().cloned() {
        match token {
            Token::AtKeyword(_) => in_at_rule = true,
            Token::Semicolon => {
                in_at_rule = false;
                prelude_start = parser.position();
            }
            Token::CurlyBracketBlock => {
                let prelude = parser.slice_from(prelude_start);
                let prelude = prelude.strip_suffix('{').unwrap_or(prelude).trim();
                let root = !in_at_rule && prelude.eq_ignore_ascii_case(":root");
                // The block is read through here, so that the next rule's prelude starts after it.
                let _ = parser.parse_nested_block(|block| {
                    if root {
                        root_declarations(block, &mut found);
                    }
                    while block.next().is_ok() {}
                    Ok::<_, cssparser::ParseError<()>>(())
                });
                in_at_rule = false;
                prelude_start = parser.position();
            }
            Token::Comment(_) if parser.slice_from(prelude_start).trim_start().starts_with("/*") => {
                prelude_start = parser.position();
            }
            _ => {}
        }
    }
    found
}

/// The declarations of one `:root` block: each `--accent` and `--accent-dark` replaces the one
/// before it.
fn root_declarations<'i>(block: &mut Parser<'i>, found: &mut (Option<Declared<'i>>, Option<Declared<'i>>)) {
    loop {
        let Ok(token) = block.next() else { return };
        let name = match token {
            // A custom property's name is case-sensitive (`--Accent` is another property).
            Token::Ident(name) if &**name == ACCENT || &**name == ACCENT_DARK => Some(name.to_string()),
            _ => None,
        };
        let colon = block.next().is_ok_and(|t| matches!(t, Token::Colon));
        block.skip_whitespace();
        let value_start = block.position();
        let value_location = block.current_source_location();
        // A declaration ends at `;`, a nested rule (`& .x { … }`) at its block.
        let ends = cssparser::Delimiter::Semicolon | cssparser::Delimiter::CurlyBracketBlock;
        let _ = block.parse_until_after(ends, |value| {
            while value.next().is_ok() {}
            Ok::<_, cssparser::ParseError<()>>(())
        });
        let (Some(name), true) = (name, colon) else { continue };
        let value = block.slice_from(value_start);
        let value = value.strip_suffix(';').unwrap_or(value).trim();
        // `!important` changes nothing here: the last declaration is the one a reader sees.
        let value = value.strip_suffix("!important").map_or(value, str::trim_end).trim();
        let declared = Declared {
            value,
            pos: Pos::new(value_location.line as usize + 1, value_location.column as usize),
        };
        if name == ACCENT {
            found.0 = Some(declared);
        } else {
            found.1 = Some(declared);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        /// Any stylesheet is read without a panic, built from the pieces that steer the reader
        /// (rules, at-rules, comments, strings, escapes, unclosed blocks), and what it finds is
        /// a `#rrggbb` pair.
        #[test]
        fn any_stylesheet_is_read_without_a_panic(
            pieces in proptest::collection::vec(
                prop_oneof![
                    Just(":root"), Just("{"), Just("}"), Just(";"), Just(":"), Just("--accent"),
                    Just("--accent-dark"), Just("@media x"), Just("/*"), Just("*/"), Just("\""),
                    Just("'"), Just("\\"), Just("#0a0"), Just("red"), Just("var(--x)"), Just("("),
                    Just(")"), Just("!important"), Just(" "), Just("\n"), Just("é"), Just("<!--"),
                    Just("url(x"), Just("\u{0}"),
                ],
                0..40,
            )
        ) {
            let css: String = pieces.concat();
            let (accent, _) = read(Path::new("static/custom.css"), &css);
            if let Some(accent) = accent {
                for color in [&accent.accent, &accent.accent_dark] {
                    prop_assert!(color.len() == 7 && color.starts_with('#'), "{color}");
                }
            }
        }
    }

    fn accent(css: &str) -> (Option<Accent>, Vec<String>) {
        let (accent, warnings) = read(Path::new("static/custom.css"), css);
        (accent, warnings.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn the_accent_of_root_is_read_in_any_colour_syntax_and_its_dark_mode_mixed_as_the_theme_does() {
        for (css, light) in [
            (":root { --accent: #00695c; }", "#00695c"),
            (":root{--accent:rgb(0 105 92)}", "#00695c"),
            (
                "/* brand */\n:root {\n  --text: #111;\n  --accent: teal;\n}\n",
                "#008080",
            ),
            (":ROOT { --accent: #ABC !important; }", "#aabbcc"),
        ] {
            let (found, warnings) = accent(css);
            assert!(warnings.is_empty(), "{css}: {warnings:?}");
            let found = found.unwrap_or_else(|| panic!("{css}"));
            assert_eq!(found.accent, light, "{css}");
        }
        // The default theme's own accent, and its dark-mode accent as Chromium paints the theme's
        // `color-mix(in oklab, #a4161a 40%, white)` (a canvas pixel: rgb(226, 168, 161)).
        let (found, _) = accent(":root { --accent: #a4161a; }");
        assert_eq!(found.map(|a| a.accent_dark).as_deref(), Some("#e2a8a1"));
    }

    #[test]
    fn a_dark_accent_given_is_taken_and_the_last_declaration_wins() {
        let (found, warnings) =
            accent(":root { --accent: #111111; --accent-dark: #eeeeee; }\n:root { --accent: #00695c; }");
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(
            found,
            Some(Accent {
                accent: "#00695c".into(),
                accent_dark: "#eeeeee".into()
            })
        );
    }

    #[test]
    fn only_a_top_level_root_rule_counts() {
        for css in [
            "",
            "body { --accent: red; }",
            "@media (prefers-color-scheme: dark) { :root { --accent: red; } }",
            "@import url(x.css); .a, :root .b { --accent: red; }",
            ":root { /* --accent: red; */ --text: #000; }",
            ":root { --link: \"--accent: red;\"; }",
            ":root { --accents: red; }",
            ":root { --Accent: red; }",
        ] {
            assert_eq!(accent(css), (None, Vec::new()), "{css}");
        }
        // A nested rule ends at its block: the declaration after it is read.
        let (found, _) = accent(":root { & .dark { color: blue } --accent: red; }");
        assert_eq!(found.map(|a| a.accent).as_deref(), Some("#ff0000"));
        // After an at-rule, a `:root` rule counts again.
        let (found, _) = accent("@import \"x.css\";\n@media print { a { color: red } }\n:root { --accent: red; }");
        assert_eq!(found.map(|a| a.accent).as_deref(), Some("#ff0000"));
    }

    #[test]
    fn a_value_an_email_cannot_use_is_a_warning_at_its_line_and_column() {
        let (found, warnings) = accent(":root {\n  --accent: var(--brand);\n}\n");
        assert_eq!(found, None);
        assert_eq!(
            warnings,
            [
                "static/custom.css:2:13: warning: the email, the social cards and timeline.json keep the theme's accent: `--accent: var(--brand)` is not a colour they can use\n  = help: write the colour itself, opaque (`#00695c`, `rgb(0 105 92)` or a colour name): mail clients and images read no CSS variable"
            ]
        );
        // A transparent dark accent is not taken: the dark accent is mixed from the accent.
        let (found, warnings) = accent(":root { --accent: #a4161a; --accent-dark: rgb(0 0 0 / 50%); }");
        assert_eq!(found.map(|a| a.accent_dark).as_deref(), Some("#e2a8a1"));
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].contains("`--accent-dark: rgb(0 0 0 / 50%)`"),
            "{warnings:?}"
        );
    }
}
