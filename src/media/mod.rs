//! Images and social cards: probe an image's header, plan its responsive and sharing variants,
//! make them (decode once, orient, resize, crop, encode without metadata), cache them by content,
//! and draw the 1200×630 card of an article without a lead image.
//!
//! The module does no I/O of the site: it takes bytes and returns bytes. The one exception is the
//! persistent cache ([`Cache`]), a folder of its own (`<site>/.gazette-cache/`) written
//! atomically. Nothing here prints, exits or panics on any input; every failure is a
//! [`MediaError`] whose message says what is wrong and how to fix it (the caller adds
//! file:line:col), except card.yaml's values, which [`CardStyle::from_values`] checks into
//! `Diagnostic`s at their line:col.
//!
//! The flow for one source image:
//! 1. [`probe`] reads the header only (format from the magic bytes, size after EXIF orientation)
//!    and refuses an image over `images.max_pixels` before any pixel is decoded;
//! 2. [`variants`] and [`share_variants`] plan the output files from the [`Probe`] and
//!    [`Settings`] alone, so the HTML (`srcset`, `width`, `height`) is written before pixel work;
//! 3. [`process`] (or [`process_cached`]) decodes once and returns each variant's bytes, in the
//!    order of the plan; [`file_name`] names each file.
//!
//! GIF and SVG are passed through untouched (never decoded): their plan is empty.
//!
//! For a build: [`Cache::open`] once (`<site>/.gazette-cache/images`), then per image
//! [`probe`] → [`variants`] (+ [`share_variants`] for a lead image) → [`process_cached`] on any
//! thread (the cache is `Sync`), summing [`Stats`]; a warm build has `decoded == 0`. Per card:
//! [`CardStyle::from_values`] (card.yaml's values, read by `parse::card`) and
//! [`CardStyle::fingerprint`] once, then [`card_key`] → [`Cache::get`],
//! else [`card()`] → [`Cache::put`].
//!
//! Encoders and settings are fixed, so the same input gives byte-identical output: libwebp lossy
//! (photo preset, method 4, one thread), image's baseline JPEG encoder, PNG with fast
//! compression; none of them writes a timestamp, EXIF, XMP or ICC chunk.

mod cache;
pub mod card;
mod error;
mod plan;
mod probe;
mod process;

pub use cache::{Cache, Key, MEDIA_VERSION, Stats, process_cached, variant_key};
pub use card::{CardStyle, CardText, card, card_key, missing_glyphs};
pub use error::MediaError;
pub use plan::{Crop, SHARE_MAX_WIDTH, Variant, file_name, share_variants, variants};
pub use probe::{Probe, probe};
pub use process::process;

/// The `images` settings of site.yaml that image work depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The widths of the responsive variants, in pixels (any order; duplicates are ignored).
    pub widths: Vec<u32>,
    /// The lossy quality of WebP and JPEG output, 1 to 100.
    pub quality: u8,
    /// The largest image (width × height) that is decoded at all: a guard against decompression
    /// bombs, checked from the header before decoding.
    pub max_pixels: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            widths: vec![480, 960, 1600],
            quality: 80,
            max_pixels: 50_000_000,
        }
    }
}

/// An image format, as found from a file's first bytes (never its extension).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Jpeg,
    Png,
    WebP,
    /// Passed through untouched, never decoded.
    Gif,
    /// Passed through untouched, never decoded.
    Svg,
}

impl Format {
    /// The file extension gazette writes for this format, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::WebP => "webp",
            Format::Gif => "gif",
            Format::Svg => "svg",
        }
    }

    /// The MIME type (for `<source type>`, feeds' enclosures).
    pub fn mime(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::WebP => "image/webp",
            Format::Gif => "image/gif",
            Format::Svg => "image/svg+xml",
        }
    }

    /// Whether gazette decodes and re-encodes this format (JPEG, PNG, WebP).
    pub fn is_raster(self) -> bool {
        matches!(self, Format::Jpeg | Format::Png | Format::WebP)
    }

    /// The format's name as people write it, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Jpeg => "JPEG",
            Format::Png => "PNG",
            Format::WebP => "WebP",
            Format::Gif => "GIF",
            Format::Svg => "SVG",
        }
    }
}

#[cfg(test)]
mod tests;
