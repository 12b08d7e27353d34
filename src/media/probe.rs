//! The header-only look at an image: its format from the magic bytes, its size as shown (after
//! EXIF orientation), and the size guard, all without decoding a pixel.

use std::io::Cursor;

use image::metadata::Orientation;
use image::{ImageDecoder, ImageFormat, ImageReader, Limits};

use super::{Format, MediaError, Settings};

/// What the header says about an image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Probe {
    /// The width as shown, after EXIF orientation (a portrait photo stored sideways is tall).
    pub width: u32,
    pub height: u32,
    pub format: Format,
}

/// Reads an image's header: the format from its first bytes (not its name), its size after EXIF
/// orientation, and refuses an image over `settings.max_pixels` before anything is decoded.
/// GIF and SVG are measured but never decoded. Cheap: no pixel is decoded.
pub fn probe(bytes: &[u8], settings: &Settings) -> Result<Probe, MediaError> {
    let format = sniff(bytes)?;
    let (width, height) = match format {
        Format::Svg => return svg_size(bytes).map(|(width, height)| Probe { width, height, format }),
        Format::Gif => gif_size(bytes)?,
        Format::Jpeg | Format::Png | Format::WebP => raster_size(bytes, format)?,
    };
    if width == 0 || height == 0 {
        return Err(MediaError::Empty {
            format: format.name(),
            width,
            height,
        });
    }
    if u64::from(width) * u64::from(height) > settings.max_pixels {
        return Err(MediaError::TooLarge {
            width,
            height,
            max_pixels: settings.max_pixels,
        });
    }
    Ok(Probe { width, height, format })
}

/// The format from the magic bytes; an image of another kind is named in the error.
pub(super) fn sniff(bytes: &[u8]) -> Result<Format, MediaError> {
    match image::guess_format(bytes) {
        Ok(ImageFormat::Jpeg) => Ok(Format::Jpeg),
        Ok(ImageFormat::Png) => Ok(Format::Png),
        Ok(ImageFormat::WebP) => Ok(Format::WebP),
        Ok(ImageFormat::Gif) => Ok(Format::Gif),
        Ok(other) => Err(MediaError::NotAnImage {
            detected: Some(other.extensions_str().first().copied().unwrap_or("another format")),
        }),
        Err(_) if looks_like_svg(bytes) => Ok(Format::Svg),
        Err(_) => Err(MediaError::NotAnImage { detected: None }),
    }
}

/// An SVG file is XML whose first element is `<svg`: after a BOM, an XML declaration, comments
/// and a doctype.
fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let Ok(text) = std::str::from_utf8(head).or_else(|e| std::str::from_utf8(&head[..e.valid_up_to()])) else {
        return false;
    };
    let text = text.trim_start_matches('\u{feff}').trim_start();
    // Everything before `<svg` is a declaration, a comment or a doctype (`<?`, `<!`), so an HTML
    // page with an inline SVG is not taken for one.
    text.find("<svg").is_some_and(|at| {
        text[..at]
            .match_indices('<')
            .all(|(i, _)| matches!(text.as_bytes().get(i + 1), Some(b'?' | b'!')))
    })
}

/// The decoder for a raster format, with allocation limits set for `max_pixels`.
pub(super) fn decoder(bytes: &[u8], format: Format) -> Result<impl ImageDecoder + '_, MediaError> {
    let image_format = match format {
        Format::Jpeg => ImageFormat::Jpeg,
        Format::Png => ImageFormat::Png,
        Format::WebP => ImageFormat::WebP,
        Format::Gif => ImageFormat::Gif,
        Format::Svg => return Err(MediaError::NotRaster { format: format.name() }),
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), image_format);
    if format == Format::Png {
        // What the PNG decoder may allocate beside the pixels (which the caller's limits bound):
        // chunks and the metadata it inflates, at png's own default. image's default (512 MiB)
        // let a 2 MB iCCP chunk inflate to gigabytes before the header was even read; a profile
        // over this is dropped (gazette writes none), and the picture is still decoded.
        let mut limits = Limits::default();
        limits.max_alloc = Some(PNG_METADATA_BYTES);
        reader.limits(limits);
    }
    reader.into_decoder().map_err(|e| corrupt(format, &e))
}

/// The most a PNG's chunks and inflated metadata may take: png's own default.
const PNG_METADATA_BYTES: u64 = 64 << 20;

/// The width and height of a JPEG, PNG or WebP as shown, from its header and EXIF orientation.
fn raster_size(bytes: &[u8], format: Format) -> Result<(u32, u32), MediaError> {
    let mut decoder = decoder(bytes, format)?;
    let (width, height) = decoder.dimensions();
    // An unreadable EXIF block is not worth refusing the picture for: show it as stored.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    Ok(if swaps_sides(orientation) {
        (height, width)
    } else {
        (width, height)
    })
}

/// Whether an orientation turns the picture a quarter turn (so width and height swap).
pub(super) fn swaps_sides(orientation: Orientation) -> bool {
    matches!(
        orientation,
        Orientation::Rotate90 | Orientation::Rotate270 | Orientation::Rotate90FlipH | Orientation::Rotate270FlipH
    )
}

/// A GIF's logical screen size: bytes 6..10 of its header, little-endian.
fn gif_size(bytes: &[u8]) -> Result<(u32, u32), MediaError> {
    match bytes.get(6..10) {
        Some(&[w0, w1, h0, h1]) => Ok((
            u32::from(u16::from_le_bytes([w0, w1])),
            u32::from(u16::from_le_bytes([h0, h1])),
        )),
        _ => Err(MediaError::Corrupt {
            format: "GIF",
            reason: "the header ends early".into(),
        }),
    }
}

/// An SVG's size from the root element's `width` and `height` (in px or without a unit), else
/// from its `viewBox`.
fn svg_size(bytes: &[u8]) -> Result<(u32, u32), MediaError> {
    let bad = |reason: String| MediaError::Corrupt { format: "SVG", reason };
    let text = std::str::from_utf8(bytes).map_err(|e| bad(format!("not UTF-8 text: {e}")))?;
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let document = roxmltree::Document::parse_with_options(text, options).map_err(|e| bad(e.to_string()))?;
    let root = document.root_element();
    if root.tag_name().name() != "svg" {
        return Err(MediaError::NotAnImage { detected: None });
    }
    let view_box: Option<Vec<f64>> = root.attribute("viewBox").map(|v| {
        v.split(|c: char| c == ',' || c.is_whitespace())
            .filter(|s| !s.is_empty())
            .filter_map(|s| s.parse().ok())
            .collect()
    });
    let (box_w, box_h) = match view_box.as_deref() {
        Some(&[_, _, w, h]) => (Some(w), Some(h)),
        _ => (None, None),
    };
    let width = root.attribute("width").and_then(svg_length).or(box_w);
    let height = root.attribute("height").and_then(svg_length).or(box_h);
    match (width, height) {
        (Some(w), Some(h)) if w >= 1.0 && h >= 1.0 && w < 1e6 && h < 1e6 => Ok((round_px(w), round_px(h))),
        _ => Err(bad(
            "its root element has no width and height in pixels, nor a viewBox: add width=\"…\" height=\"…\"".into(),
        )),
    }
}

/// A length in px or without a unit; other units (%, em, cm) say nothing about pixels.
fn svg_length(value: &str) -> Option<f64> {
    let value = value.trim();
    value.strip_suffix("px").unwrap_or(value).trim().parse().ok()
}

/// A positive length below a million, rounded to whole pixels.
fn round_px(value: f64) -> u32 {
    // The caller checked 1 <= value < 1e6, so the rounded value fits a u32.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let px = value.round() as u32;
    px
}

/// A decoder's error as a "truncated or corrupt" message.
pub(super) fn corrupt(format: Format, error: &image::ImageError) -> MediaError {
    match error {
        image::ImageError::Limits(_) => MediaError::Corrupt {
            format: format.name(),
            reason: "it asks for more memory than its size allows".into(),
        },
        other => MediaError::Corrupt {
            format: format.name(),
            reason: other.to_string(),
        },
    }
}
