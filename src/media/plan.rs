//! The plan of output files for one source image, from its header and the settings alone, so the
//! HTML can name every file (and its size) before any pixel work.

use super::{Format, Probe, Settings};

/// The widest a sharing crop (16:9, 4:3, 1:1) is made.
pub const SHARE_MAX_WIDTH: u32 = 1200;

/// The most pixels a WebP picture has on a side (the format's 14-bit sizes).
pub const WEBP_MAX: u32 = 16383;

/// The og:image size (Facebook's and LinkedIn's recommendation).
const OG: (u32, u32) = (1200, 630);

/// A centred crop of the source before it is scaled to the variant's size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Crop {
    /// The largest centred area of this aspect ratio (16:9, 4:3, 1:1).
    Ratio(u32, u32),
    /// Exactly this size: the largest centred area of its aspect ratio, scaled down (og:image).
    Exact(u32, u32),
}

impl Crop {
    /// The aspect ratio of the cropped area, as (width, height).
    pub fn aspect(self) -> (u32, u32) {
        match self {
            Crop::Ratio(w, h) | Crop::Exact(w, h) => (w, h),
        }
    }
}

/// One output file of a source image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Variant {
    pub width: u32,
    pub height: u32,
    pub format: Format,
    pub crop: Option<Crop>,
}

/// The responsive variants of an image, smallest first, for `srcset`: every setting width up to
/// the original's, plus the original width itself when it is below the largest setting (so the
/// largest file is never enlarged and never a copy: the original is re-encoded, its metadata
/// gone). Each width in WebP and then in the source's own format (a WebP source only in WebP).
/// GIF and SVG have no variants: they are copied as they are.
pub fn variants(probe: &Probe, settings: &Settings) -> Vec<Variant> {
    if !probe.format.is_raster() {
        return Vec::new();
    }
    let mut widths: Vec<u32> = settings.widths.iter().copied().filter(|&w| w > 0).collect();
    widths.sort_unstable();
    widths.dedup();
    let largest = widths.last().copied().unwrap_or(0);
    widths.retain(|&w| w <= probe.width);
    if probe.width < largest && widths.last() != Some(&probe.width) {
        widths.push(probe.width);
    }
    // WebP holds at most WEBP_MAX pixels a side: a width at which a very tall image would be
    // taller goes (the smallest stays, and its encoder error says why).
    let smallest = widths.first().copied();
    widths.retain(|&w| Some(w) == smallest || scaled(probe.height, w, probe.width) <= WEBP_MAX);
    let mut out = Vec::with_capacity(widths.len() * 2);
    for width in widths {
        let height = scaled(probe.height, width, probe.width);
        out.push(Variant {
            width,
            height,
            format: Format::WebP,
            crop: None,
        });
        if probe.format != Format::WebP {
            out.push(Variant {
                width,
                height,
                format: probe.format,
                crop: None,
            });
        }
    }
    out
}

/// The sharing crops of a lead image: the og:image (1200×630, or `None` when the source is smaller
/// in either side: never enlarged), and the 16:9, 4:3 and 1:1 centred crops for JSON-LD, each the
/// largest that fits, at most 1200 px wide. In the source's format (a WebP source gives JPEG,
/// which every consumer of og:image reads). GIF and SVG give nothing.
pub fn share_variants(probe: &Probe) -> (Option<Variant>, Vec<Variant>) {
    let format = match probe.format {
        Format::Png => Format::Png,
        Format::Jpeg | Format::WebP => Format::Jpeg,
        Format::Gif | Format::Svg => return (None, Vec::new()),
    };
    let og = (probe.width >= OG.0 && probe.height >= OG.1).then_some(Variant {
        width: OG.0,
        height: OG.1,
        format,
        crop: Some(Crop::Exact(OG.0, OG.1)),
    });
    let ratios = [(16, 9), (4, 3), (1, 1)]
        .into_iter()
        .map(|(a, b)| {
            let (_, _, w, h) = crop_area(probe.width, probe.height, (a, b));
            let width = w.min(SHARE_MAX_WIDTH);
            let height = if width == w { h } else { scaled(b, width, a) };
            Variant {
                width,
                height,
                format,
                crop: Some(Crop::Ratio(a, b)),
            }
        })
        .collect();
    (og, ratios)
}

/// The file name of a variant: `port-480.webp`, `port-960.jpg`, `port-16x9.jpg`, `port-og.jpg`.
pub fn file_name(stem: &str, variant: &Variant) -> String {
    let ext = variant.format.extension();
    match variant.crop {
        None => format!("{stem}-{}.{ext}", variant.width),
        Some(Crop::Ratio(a, b)) => format!("{stem}-{a}x{b}.{ext}"),
        Some(Crop::Exact(w, h)) if (w, h) == OG => format!("{stem}-og.{ext}"),
        Some(Crop::Exact(w, h)) => format!("{stem}-{w}x{h}px.{ext}"),
    }
}

/// `length × numerator / denominator`, rounded, at least 1 (a 1-pixel line stays a line).
pub(super) fn scaled(length: u32, numerator: u32, denominator: u32) -> u32 {
    if denominator == 0 {
        return 1;
    }
    let value = (u64::from(length) * u64::from(numerator) * 2 + u64::from(denominator)) / (u64::from(denominator) * 2);
    u32::try_from(value.max(1)).unwrap_or(u32::MAX)
}

/// The largest centred area of `aspect` in a `width`×`height` image: (left, top, width, height).
pub(super) fn crop_area(width: u32, height: u32, aspect: (u32, u32)) -> (u32, u32, u32, u32) {
    let (a, b) = aspect;
    if a == 0 || b == 0 {
        return (0, 0, width, height);
    }
    if u64::from(width) * u64::from(b) >= u64::from(height) * u64::from(a) {
        // Wider than the aspect: full height, cut the sides.
        let w = scaled(height, a, b).min(width);
        ((width - w) / 2, 0, w, height)
    } else {
        let h = scaled(width, b, a).min(height);
        (0, (height - h) / 2, width, h)
    }
}
