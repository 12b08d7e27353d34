//! The theme's `card.yaml`: the social card's colours and font.

use std::sync::Arc;

use saphyr_parser::{Event, Parser, Span};

use super::super::{Key, MEDIA_VERSION, MediaError};
use crate::core::diagnostic::Pos;

/// The keys card.yaml may have.
const KEYS: &[&str] = &["background", "foreground", "accent", "muted", "font"];

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
}

/// Reads a theme's `card.yaml`:
///
/// ```yaml
/// background: "#fdfcf9"
/// foreground: "#1b1d21"
/// accent: "#a4161a"
/// muted: "#4a4f57"        # optional
/// font: fonts/card-gothic-bold.ttf
/// ```
///
/// `load_font` is given the `font:` path as written (relative to the theme) and returns the
/// file's bytes, or `None` when there is no such file: the caller does the file I/O.
pub fn style_from_yaml(text: &str, load_font: &dyn Fn(&str) -> Option<Vec<u8>>) -> Result<CardStyle, MediaError> {
    let entries = flat_mapping(text)?;
    let find = |key: &str| entries.iter().find(|(k, _, _)| k == key);
    let colour = |key: &str| -> Result<Option<[u8; 3]>, MediaError> {
        match find(key) {
            None => Ok(None),
            Some((_, value, pos)) => parse_colour(value).map(Some).ok_or_else(|| MediaError::CardStyle {
                pos: Some(*pos),
                message: format!("`{key}: {value}` is not a colour: write it as \"#rrggbb\", e.g. \"#1b1d21\""),
            }),
        }
    };
    let missing = |key: &str| MediaError::CardStyle {
        pos: None,
        message: format!("`{key}` is missing: card.yaml needs background, foreground, accent and font"),
    };
    let background = colour("background")?.ok_or_else(|| missing("background"))?;
    let foreground = colour("foreground")?.ok_or_else(|| missing("foreground"))?;
    let accent = colour("accent")?.ok_or_else(|| missing("accent"))?;
    let muted = colour("muted")?.unwrap_or(foreground);
    let (_, path, pos) = find("font").ok_or_else(|| missing("font"))?;
    let bad_font = |message: String| MediaError::CardStyle {
        pos: Some(*pos),
        message,
    };
    let bytes = load_font(path).ok_or_else(|| {
        bad_font(format!(
            "the font `{path}` is not in the theme: give a path relative to the theme's folder, e.g. fonts/card.ttf"
        ))
    })?;
    if ab_glyph::FontRef::try_from_slice(&bytes).is_err() {
        return Err(bad_font(format!(
            "`{path}` is not a TrueType or OpenType font: use a .ttf or .otf file"
        )));
    }
    Ok(CardStyle {
        background,
        foreground,
        accent,
        muted,
        font: Arc::from(bytes),
    })
}

/// The `key: value` pairs of a YAML document that is one mapping of plain values, with each
/// value's place; anything else is an error with a place.
fn flat_mapping(text: &str) -> Result<Vec<(String, String, Pos)>, MediaError> {
    let at = |span: &Span, message: String| MediaError::CardStyle {
        pos: Some(Pos::new(span.start.line(), span.start.col() + 1)),
        message,
    };
    let mut entries: Vec<(String, String, Pos)> = Vec::new();
    let mut depth = 0usize;
    let mut key: Option<String> = None;
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| MediaError::CardStyle {
            pos: Some(Pos::new(e.marker().line(), e.marker().col() + 1)),
            message: format!("this is not valid YAML: {}", e.info()),
        })?;
        match event {
            Event::MappingStart(..) if depth == 0 => depth = 1,
            Event::MappingStart(..) | Event::SequenceStart(..) | Event::Alias(_) => {
                let what = key.as_deref().unwrap_or("a key");
                return Err(at(
                    &span,
                    format!("`{what}` must be one value (a colour \"#rrggbb\" or a font path)"),
                ));
            }
            Event::MappingEnd => depth = 0,
            Event::Scalar(value, ..) if depth == 1 => match key.take() {
                None if KEYS.contains(&value.as_ref()) => key = Some(value.into_owned()),
                None => {
                    return Err(at(
                        &span,
                        format!("unknown key `{value}`: card.yaml knows {}", KEYS.join(", ")),
                    ));
                }
                Some(name) => {
                    entries.retain(|(k, _, _)| *k != name);
                    entries.push((
                        name,
                        value.into_owned(),
                        Pos::new(span.start.line(), span.start.col() + 1),
                    ));
                }
            },
            Event::Scalar(..) => return Err(at(&span, "card.yaml must be a mapping of `key: value` lines".into())),
            _ => {}
        }
    }
    Ok(entries)
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
