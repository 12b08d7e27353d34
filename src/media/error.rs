//! What can go wrong with an image or a card, each with what is wrong and how to fix it.

use std::path::PathBuf;

use crate::core::diagnostic::Pos;

/// An image or card failure. The message is a plain sentence without the file's name: the
/// caller knows where the image was referenced and adds file:line:col.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum MediaError {
    /// The bytes are not an image of a format gazette knows.
    #[error(
        "this file is not an image gazette can use{found}: use a JPEG, PNG, WebP, GIF or SVG file",
        found = match detected { Some(format) => format!(" (it looks like {format})"), None => String::new() }
    )]
    NotAnImage { detected: Option<&'static str> },
    /// The header or the pixel data ends early or does not make sense.
    #[error("this {format} image is truncated or corrupt ({reason}): export it again from an image editor")]
    Corrupt { format: &'static str, reason: String },
    /// The image has a zero width or height.
    #[error("this {format} image is {width}×{height} pixels, which has nothing to show: export it again")]
    Empty {
        format: &'static str,
        width: u32,
        height: u32,
    },
    /// The image is over `images.max_pixels` (a guard against decompression bombs).
    #[error(
        "an image of {mp:.1} megapixels ({width}×{height}) is over images.max_pixels ({max} megapixels): \
         scale it down, or raise images.max_pixels in site.yaml if it is meant to be this large",
        mp = megapixels(u64::from(*width) * u64::from(*height)),
        max = megapixels(*max_pixels)
    )]
    TooLarge { width: u32, height: u32, max_pixels: u64 },
    /// `process` was asked for pixels of a GIF or SVG, which are passed through untouched.
    #[error("a {format} image is copied as it is, never resized: link it without asking for variants")]
    NotRaster { format: &'static str },
    /// A variant that the plan cannot have made (zero size, larger than its source).
    #[error("an image variant of {width}×{height} cannot be made from this image: plan it with media::variants")]
    BadVariant { width: u32, height: u32 },
    /// An encoder refused the pixels.
    #[error("the {format} encoder failed ({reason}): use smaller images.widths")]
    Encode { format: &'static str, reason: String },
    /// Even its smallest variant is over WebP's 16383 pixels on a side (a very tall strip).
    #[error(
        "at its smallest width this image would be {width}×{height} pixels, and a WebP picture has \
         at most 16383 on a side: crop it, or split it into several images"
    )]
    OverWebpSize { width: u32, height: u32 },
    /// The cache folder cannot be made or written.
    #[error("the image cache at {path} cannot be used ({reason}): check its permissions, or delete the folder")]
    Cache { path: PathBuf, reason: String },
    /// The theme's card.yaml is wrong, at `pos` when the problem has a place.
    #[error("{message}")]
    CardStyle { pos: Option<Pos>, message: String },
}

/// Pixels as megapixels, for messages (rounded to whole megapixels when they are whole).
fn megapixels(pixels: u64) -> f64 {
    // An image's pixel count fits an f64 exactly up to 2^53.
    #[allow(clippy::cast_precision_loss)]
    let pixels = pixels as f64;
    pixels / 1_000_000.0
}
