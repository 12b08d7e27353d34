//! The theme's `card.yaml`: the social card's colours and font.
//!
//! The YAML is read by the YAML layer (`parse::yaml`, a later stage than this one), which reports
//! syntax errors, values that are not one value, and unknown keys; [`CardStyle::from_values`]
//! takes each known key's text and place from it and checks the colours and the font, each
//! problem a [`Diagnostic`] at the value with a fix.

use std::path::Path;
use std::sync::Arc;

use super::super::{Key, MEDIA_VERSION};
use crate::core::diagnostic::{Diagnostic, Pos, display_path};

/// One value of card.yaml as the YAML layer read it: the key, the value's text (empty for an
/// empty value) and where the value stands in the file.
pub type StyleValue<'a> = (&'a str, &'a str, Pos);

/// The social card's look: colours as RGB, and the font's TrueType/OpenType bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardStyle {
    pub background: [u8; 3],
    /// The headline.
    pub foreground: [u8; 3],
    /// The topic and the rule at the top.
    pub accent: [u8; 3],
    /// The site's name and the date (default: `foreground`).
    pub muted: [u8; 3],
    pub font: Arc<[u8]>,
}

impl CardStyle {
    /// The keys card.yaml may have; `muted` is the only optional one.
    pub const KEYS: &'static [&'static str] = &["background", "foreground", "accent", "muted", "font"];

    /// A hash of the colours and the font, for [`super::card_key`]: compute it once per build.
    pub fn fingerprint(&self) -> Key {
        let mut hasher = blake3::Hasher::new();
        hasher.update(b"gazette card style\0");
        hasher.update(&MEDIA_VERSION.to_le_bytes());
        for colour in [self.background, self.foreground, self.accent, self.muted] {
            hasher.update(&colour);
        }
        hasher.update(&self.font);
        Key(*hasher.finalize().as_bytes())
    }

    /// A line of card.yaml that gives `key` (one of [`CardStyle::KEYS`]), for hints.
    pub fn example(key: &str) -> &'static str {
        match key {
            "background" => "background: \"#fdfcf9\"",
            "foreground" => "foreground: \"#1b1d21\"",
            "accent" => "accent: \"#a4161a\"",
            "muted" => "muted: \"#4a4f57\"",
            _ => "font: fonts/card.ttf",
        }
    }

    /// The style a theme's `card.yaml` (at `path`, for messages) describes:
    ///
    /// ```yaml
    /// background: "#fdfcf9"
    /// foreground: "#1b1d21"
    /// accent: "#a4161a"
    /// muted: "#4a4f57"        # optional
    /// font: fonts/card-gothic-bold.ttf
    /// ```
    ///
    /// `values` are its keys of [`CardStyle::KEYS`] as the YAML layer read them (any other key
    /// is the caller's to report, and is left out here). `load_font` is given the `font:` path
    /// as written (relative to the theme) and returns the file's bytes, or `None` when there is
    /// no such file: the caller does the file I/O; `fonts` are the theme's .ttf and .otf files,
    /// which the error names when `font:` names none. Every problem is an error with a fix: at the
    /// value, or at the top of the file for a key that is missing.
    pub fn from_values(
        path: &Path,
        values: &[StyleValue<'_>],
        load_font: &dyn Fn(&str) -> Option<Vec<u8>>,
        fonts: &[&str],
    ) -> Result<CardStyle, Vec<Diagnostic>> {
        let absent: Vec<&str> = ["background", "foreground", "accent", "font"]
            .into_iter()
            .filter(|key| value(values, key).is_none())
            .collect();
        let mut errors: Vec<Diagnostic> = (!absent.is_empty())
            .then(|| missing(path, &absent))
            .into_iter()
            .collect();
        let mut colour = |key: &str| {
            let (text, pos) = value(values, key)?;
            read_colour(path, key, text, pos).map_err(|e| errors.push(e)).ok()
        };
        let background = colour("background");
        let foreground = colour("foreground");
        let accent = colour("accent");
        let muted = match value(values, "muted") {
            None => foreground,
            Some(_) => colour("muted"),
        };
        let font = value(values, "font").and_then(|(text, pos)| {
            read_font(path, text, pos, load_font, fonts)
                .map_err(|e| errors.push(e))
                .ok()
        });
        match (background, foreground, accent, muted, font) {
            (Some(background), Some(foreground), Some(accent), Some(muted), Some(font)) if errors.is_empty() => {
                Ok(CardStyle {
                    background,
                    foreground,
                    accent,
                    muted,
                    font,
                })
            }
            _ => Err(errors),
        }
    }
}

/// The text and place of `key`'s value.
fn value<'a>(values: &[StyleValue<'a>], key: &str) -> Option<(&'a str, Pos)> {
    values
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|&(_, text, pos)| (text, pos))
}

/// The required keys that card.yaml lacks, in one error at its top (as site.yaml's `title` is).
fn missing(path: &Path, keys: &[&str]) -> Diagnostic {
    let names = listed(keys.iter().map(|key| format!("`{key}`")), "or");
    let lines = listed(keys.iter().map(|key| format!("`{}`", CardStyle::example(key))), "and");
    let add = if keys.len() == 1 {
        "a line such as"
    } else {
        "lines such as"
    };
    Diagnostic::error(path, Pos::new(1, 1), format!("card.yaml has no {names}")).with_hint(format!(
        "add {add} {lines}: card.yaml needs background, foreground, accent and font (muted is optional)"
    ))
}

/// `a`, `a or b`, `a, b or c` (with `last_word` before the last).
fn listed(items: impl Iterator<Item = String>, last_word: &str) -> String {
    let items: Vec<String> = items.collect();
    match items.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} {last_word} {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// The colour `text` that `key` gives at `pos`.
fn read_colour(path: &Path, key: &str, text: &str, pos: Pos) -> Result<[u8; 3], Diagnostic> {
    if text.trim().is_empty() {
        return Err(
            Diagnostic::error(path, pos, format!("`{key}` has no value")).with_hint(format!(
                "write the colour in quotes, `{}`: without them YAML reads a `#` after a space as the start of a comment",
                CardStyle::example(key)
            )),
        );
    }
    parse_colour(text).ok_or_else(|| {
        Diagnostic::error(path, pos, format!("`{key}: {text}` is not a colour")).with_hint(format!(
            "write a colour as `#` and six hex digits (0-9, a-f), in quotes: `{}`",
            CardStyle::example(key)
        ))
    })
}

/// The font that `font:` names at `pos`: a TrueType or OpenType file of the theme.
fn read_font(
    path: &Path,
    text: &str,
    pos: Pos,
    load_font: &dyn Fn(&str) -> Option<Vec<u8>>,
    fonts: &[&str],
) -> Result<Arc<[u8]>, Diagnostic> {
    let theme = path.parent().map(display_path).unwrap_or_else(|| "the theme".into());
    if text.trim().is_empty() {
        return Err(Diagnostic::error(path, pos, "`font` has no value").with_hint(format!(
            "write the path of a .ttf or .otf file from the theme's folder ({theme}), e.g. `font: fonts/card.ttf`"
        )));
    }
    let bytes = load_font(text).ok_or_else(|| {
        // Said as the file it looked for (theme probe: the hint repeated what was written).
        let looked = format!("{theme}/{}", text.trim().trim_start_matches("./"));
        // (Theme probe: the hint did not say which fonts there are.)
        let has = match fonts {
            [] => "no .ttf or .otf file yet".to_string(),
            fonts => fonts.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", "),
        };
        Diagnostic::error(path, pos, format!("the font `{text}` is not in the theme: there is no {looked}")).with_hint(
            format!("put the .ttf or .otf file there, or give the path of one the theme has, from the theme's folder and with its capitals: the theme has {has}"),
        )
    })?;
    if ab_glyph::FontRef::try_from_slice(&bytes).is_err() {
        return Err(
            Diagnostic::error(path, pos, format!("`{text}` is not a TrueType or OpenType font"))
                .with_hint("name a .ttf or .otf file (a .woff or .woff2 web font does not work: convert it to .ttf)"),
        );
    }
    Ok(Arc::from(bytes))
}

/// `#rrggbb` as RGB.
fn parse_colour(value: &str) -> Option<[u8; 3]> {
    let hex = value.trim().strip_prefix('#')?;
    if hex.len() != 6 || !hex.is_ascii() {
        return None;
    }
    let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([channel(0)?, channel(2)?, channel(4)?])
}
