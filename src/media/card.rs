//! The generated social card: a 1200×630 PNG with the site's name, the primary topic, the
//! headline and the date, in the theme's colours and font, for an article without a lead image.
//!
//! Layout (pixels): an accent rule along the top; the site's name (muted) and the topic (accent)
//! at the top left; the headline as large as fits in at most four lines (from 72 px down to
//! 44 px; beyond four lines at 44 px the last line ends with "…"), wrapped at spaces and between
//! Chinese or Japanese characters (Korean breaks at spaces, like CSS `word-break: keep-all`; a
//! word longer than the line is broken anywhere); the date at the bottom. Flat colours and
//! antialiased text, PNG with fast compression and the "Up" filter (a third faster than adaptive
//! filtering, for about 110 KB instead of 80 KB): deterministic, well under 300 KB.

mod style;

use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::{ExtendedColorType, ImageEncoder};
use textwrap::core::Fragment;
use textwrap::wrap_algorithms::wrap_first_fit;

pub use style::CardStyle;

use super::{Key, MEDIA_VERSION, MediaError};

/// The card's size (og:image's recommended 1.91:1).
pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;
/// The left and right margin.
const MARGIN: f32 = 80.0;
/// The headline's box: its top and bottom, in pixels from the top.
const HEADLINE_TOP: f32 = 200.0;
const HEADLINE_BOTTOM: f32 = 540.0;
/// The headline's sizes, tried largest first.
const HEADLINE_SIZES: &[f32] = &[72.0, 64.0, 56.0, 50.0, 44.0];
const MAX_LINES: usize = 4;
const LINE_HEIGHT: f32 = 1.2;

/// The words on a card. `date` is shown as given (already written in the site's language).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CardText<'a> {
    pub site: &'a str,
    pub topic: Option<&'a str>,
    pub headline: &'a str,
    pub date: &'a str,
}

/// The cache key of a card: its words, the style's [`CardStyle::fingerprint`] and
/// [`MEDIA_VERSION`].
pub fn card_key(text: &CardText, style_fingerprint: &Key) -> Key {
    let mut hasher = blake3::Hasher::new();
    hasher.update(b"gazette card\0");
    hasher.update(&MEDIA_VERSION.to_le_bytes());
    hasher.update(&style_fingerprint.0);
    for field in [Some(text.site), text.topic, Some(text.headline), Some(text.date)] {
        // Length-prefixed, so ("ab", "c") and ("a", "bc") differ; a missing topic differs from "".
        match field {
            Some(s) => {
                hasher.update(&[1]);
                hasher.update(&(s.len() as u64).to_le_bytes());
                hasher.update(s.as_bytes());
            }
            None => {
                hasher.update(&[0]);
            }
        }
    }
    Key(*hasher.finalize().as_bytes())
}

/// The characters of `text` that the card's font has no glyph for (each once, in order of first
/// appearance; whitespace and controls aside), so the caller can warn that a headline would show
/// boxes: the default font has Latin and Hangul, not Chinese, Japanese or Arabic.
pub fn missing_glyphs(text: &str, style: &CardStyle) -> Vec<char> {
    let Ok(font) = FontRef::try_from_slice(&style.font) else {
        return Vec::new();
    };
    let mut missing: Vec<char> = Vec::new();
    for c in text.chars() {
        if !c.is_whitespace() && !c.is_control() && font.glyph_id(c).0 == 0 && !missing.contains(&c) {
            missing.push(c);
        }
    }
    missing
}

/// Why `text` cannot be set on a card in `style`'s font, if it cannot: the characters the font
/// lacks (a card with gaps), or a script that runs right to left or joins its letters (Arabic,
/// Hebrew, the Indic scripts), which the card's left-to-right layout, one glyph after another,
/// would scramble.
pub fn cannot_draw(text: &str, style: &CardStyle) -> Option<String> {
    let shaped = |c: char| {
        matches!(c as u32,
            0x0590..=0x08FF     // Hebrew, Arabic, Syriac, Thaana, N'Ko, Samaritan, Mandaic
            | 0x0900..=0x0DFF   // Devanagari to Sinhala
            | 0xFB1D..=0xFDFF   // Hebrew and Arabic presentation forms
            | 0xFE70..=0xFEFF)
    };
    if let Some(c) = text.chars().find(|&c| shaped(c)) {
        return Some(format!(
            "`{c}` is of a script that runs right to left or joins its letters, which cards are not drawn in"
        ));
    }
    let missing = missing_glyphs(text, style);
    (!missing.is_empty()).then(|| {
        let shown: String = missing.iter().take(10).collect();
        format!("the theme's card font has no glyph for `{shown}`")
    })
}

/// Draws the card and returns its PNG bytes (1200×630, RGB, no metadata).
pub fn card(text: &CardText, style: &CardStyle) -> Result<Vec<u8>, MediaError> {
    let font = FontRef::try_from_slice(&style.font).map_err(|_| MediaError::CardStyle {
        pos: None,
        message: "the card's font is not a TrueType or OpenType font: use a .ttf or .otf file".into(),
    })?;
    let mut canvas = Canvas::new(style.background);
    canvas.fill_rect(0, 0, WIDTH, 12, style.accent);
    let line_width = WIDTH as f32 - 2.0 * MARGIN;
    let site = ellipsize(&font, 34.0, &one_line(text.site), line_width);
    canvas.draw_text(&font, 34.0, MARGIN, 92.0, &site, style.muted);
    if let Some(topic) = text.topic {
        let topic = ellipsize(&font, 32.0, &one_line(topic), line_width);
        canvas.draw_text(&font, 32.0, MARGIN, 150.0, &topic, style.accent);
    }
    let (size, lines) = fit_headline(&font, &one_line(text.headline), line_width);
    let ascent = font.as_scaled(PxScale::from(size)).ascent();
    for (i, line) in lines.iter().enumerate() {
        let baseline = HEADLINE_TOP + ascent + i as f32 * size * LINE_HEIGHT;
        canvas.draw_text(&font, size, MARGIN, baseline, line, style.foreground);
    }
    let date = ellipsize(&font, 30.0, &one_line(text.date), line_width);
    canvas.draw_text(&font, 30.0, MARGIN, 590.0, &date, style.muted);
    canvas.png()
}

/// Text on one line: runs of whitespace (newlines, tabs) as one space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The headline's size and lines: the largest size at which it fits in the box and in
/// [`MAX_LINES`]; at the smallest size, the first lines with an ellipsis.
fn fit_headline(font: &FontRef, headline: &str, line_width: f32) -> (f32, Vec<String>) {
    let mut smallest = (0.0, Vec::new());
    for &size in HEADLINE_SIZES {
        let lines = wrap(font, size, headline, line_width);
        let room = (((HEADLINE_BOTTOM - HEADLINE_TOP) / (size * LINE_HEIGHT)) as usize).min(MAX_LINES);
        if lines.len() <= room {
            return (size, lines);
        }
        smallest = (size, lines);
    }
    let (size, mut lines) = smallest;
    let room = (((HEADLINE_BOTTOM - HEADLINE_TOP) / (size * LINE_HEIGHT)) as usize).clamp(1, MAX_LINES);
    lines.truncate(room);
    if let Some(last) = lines.last_mut() {
        *last = with_ellipsis(font, size, last, line_width);
    }
    (size, lines)
}

/// A unit of wrapping: a word, or one CJK character, with its width and the width of the space
/// after it (zero when a line may break inside a word, between CJK characters).
#[derive(Debug)]
struct Piece {
    text: String,
    width: f64,
    space: f64,
}

impl Fragment for Piece {
    fn width(&self) -> f64 {
        self.width
    }
    fn whitespace_width(&self) -> f64 {
        self.space
    }
    fn penalty_width(&self) -> f64 {
        0.0
    }
}

/// Whether a line may break before and after this character without a space (Han, kana and
/// CJK punctuation; not Hangul, which is written with spaces between words).
fn breaks_anywhere(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF | 0xFF00..=0xFF60 | 0x20000..=0x3FFFF)
}

/// Wraps one line of text into lines no wider than `line_width` at `size` px.
fn wrap(font: &FontRef, size: f32, text: &str, line_width: f32) -> Vec<String> {
    let space = f64::from(measure(font, size, " "));
    let mut pieces: Vec<Piece> = Vec::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let mut units: Vec<String> = Vec::new();
        for c in word.chars() {
            match units.last_mut() {
                Some(last) if !breaks_anywhere(c) && !last.chars().last().is_some_and(breaks_anywhere) => last.push(c),
                _ => units.push(c.to_string()),
            }
        }
        // A unit wider than the line (a long URL, a long compound) breaks between any characters.
        let units = units.into_iter().flat_map(|u| {
            if measure(font, size, &u) > line_width {
                u.chars().map(String::from).collect()
            } else {
                vec![u]
            }
        });
        let start = pieces.len();
        pieces.extend(units.map(|u| Piece {
            width: f64::from(measure(font, size, &u)),
            text: u,
            space: 0.0,
        }));
        if let Some(last) = pieces.get_mut(start..).and_then(|p| p.last_mut()) {
            last.space = space;
        }
    }
    wrap_first_fit(&pieces, &[f64::from(line_width)])
        .into_iter()
        .map(|line| {
            let mut out = String::new();
            for (i, piece) in line.iter().enumerate() {
                out.push_str(&piece.text);
                if piece.space > 0.0 && i + 1 < line.len() {
                    out.push(' ');
                }
            }
            out
        })
        .collect()
}

/// The line cut, at a space where it has one, so that it and "…" fit the width (the ellipsis is
/// always added: more follows).
fn with_ellipsis(font: &FontRef, size: f32, line: &str, line_width: f32) -> String {
    let mut text: String = line.to_string();
    loop {
        let trimmed =
            text.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '-' | '—' | '–'));
        let candidate = format!("{trimmed}…");
        if measure(font, size, &candidate) <= line_width || trimmed.is_empty() {
            return candidate;
        }
        text = trimmed.to_string();
        // Drop the last word where there are words; else (CJK, one long word) the last character.
        match text.rfind(' ') {
            Some(space) => text.truncate(space),
            None => {
                text.pop();
            }
        }
    }
}

/// The text itself when it fits the width, else cut with "…".
fn ellipsize(font: &FontRef, size: f32, text: &str, line_width: f32) -> String {
    if measure(font, size, text) <= line_width {
        text.to_string()
    } else {
        with_ellipsis(font, size, text, line_width)
    }
}

/// The advance width of a line of text at `size` px, kerning included.
fn measure(font: &FontRef, size: f32, text: &str) -> f32 {
    let scaled = font.as_scaled(PxScale::from(size));
    let mut width = 0.0;
    let mut previous = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = previous {
            width += scaled.kern(p, id);
        }
        width += scaled.h_advance(id);
        previous = Some(id);
    }
    width
}

/// An RGB picture being drawn.
struct Canvas {
    pixels: Vec<u8>,
}

impl Canvas {
    fn new(background: [u8; 3]) -> Canvas {
        let pixels = background.repeat((WIDTH * HEIGHT) as usize);
        Canvas { pixels }
    }

    fn fill_rect(&mut self, x: u32, y: u32, width: u32, height: u32, colour: [u8; 3]) {
        for row in y..(y + height).min(HEIGHT) {
            for col in x..(x + width).min(WIDTH) {
                let at = ((row * WIDTH + col) * 3) as usize;
                self.pixels[at..at + 3].copy_from_slice(&colour);
            }
        }
    }

    /// Draws a line of text with its baseline at `baseline`, blending each glyph's coverage.
    fn draw_text(&mut self, font: &FontRef, size: f32, x: f32, baseline: f32, text: &str, colour: [u8; 3]) {
        let scaled = font.as_scaled(PxScale::from(size));
        let mut caret = x;
        let mut previous = None;
        for c in text.chars() {
            let id = scaled.glyph_id(c);
            if let Some(p) = previous {
                caret += scaled.kern(p, id);
            }
            let glyph = id.with_scale_and_position(size, point(caret, baseline));
            caret += scaled.h_advance(id);
            previous = Some(id);
            let Some(outlined) = font.outline_glyph(glyph) else {
                continue;
            };
            let bounds = outlined.px_bounds();
            outlined.draw(|gx, gy, coverage| {
                let px = bounds.min.x as i64 + i64::from(gx);
                let py = bounds.min.y as i64 + i64::from(gy);
                // Most of a glyph's box is empty: nothing to blend there.
                if coverage > 0.0 && (0..i64::from(WIDTH)).contains(&px) && (0..i64::from(HEIGHT)).contains(&py) {
                    let at = ((py * i64::from(WIDTH) + px) * 3) as usize;
                    let coverage = coverage.min(1.0);
                    for (channel, &target) in self.pixels[at..at + 3].iter_mut().zip(&colour) {
                        let value = f32::from(*channel) + (f32::from(target) - f32::from(*channel)) * coverage;
                        // Rounds half up, as `round` does for values of 0 and more, without a libm call.
                        *channel = (value.clamp(0.0, 255.0) + 0.5) as u8;
                    }
                }
            });
        }
    }

    /// The picture as a PNG: fast compression and the "Up" filter (rows of flat colour repeat the
    /// row above), no metadata.
    fn png(&self) -> Result<Vec<u8>, MediaError> {
        let mut out = Vec::new();
        PngEncoder::new_with_quality(&mut out, CompressionType::Fast, PngFilter::Up)
            .write_image(&self.pixels, WIDTH, HEIGHT, ExtendedColorType::Rgb8)
            .map_err(|e| MediaError::Encode {
                format: "PNG",
                reason: e.to_string(),
            })?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests;
