//! The pixel work for one source image: decode once (within memory limits), apply the EXIF
//! orientation, then crop, resize and encode every planned variant, returning bytes.

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::metadata::Orientation;
use image::{DynamicImage, ExtendedColorType, ImageDecoder, ImageEncoder, Limits};

use super::plan::crop_area;
use super::probe::{corrupt, decoder};
use super::{Format, MediaError, Probe, Settings, Variant};

/// What the decoders may allocate beyond the decoded picture itself (row buffers, tables).
const ALLOC_MARGIN: u64 = 64 << 20;

/// Decoded pixels, 8 bits a channel, RGB or (when the source has alpha) RGBA.
pub(super) struct Pixels {
    pub data: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub alpha: bool,
}

/// Makes every variant of one source image and returns their bytes, in the order of `variants`.
/// The source is decoded once, with allocation limits so that a decompression bomb cannot take
/// more memory than its (already checked) size; its EXIF orientation is applied; no output
/// carries metadata (EXIF, XMP, ICC, GPS). An empty plan decodes nothing.
pub fn process(
    bytes: &[u8],
    probe: &Probe,
    variants: &[Variant],
    settings: &Settings,
) -> Result<Vec<Vec<u8>>, MediaError> {
    if variants.is_empty() {
        return Ok(Vec::new());
    }
    if !probe.format.is_raster() {
        return Err(MediaError::NotRaster {
            format: probe.format.name(),
        });
    }
    let pixels = decode(bytes, probe.format, settings)?;
    make_all(&pixels, variants, settings.quality)
}

/// Encodes every variant from decoded pixels, resizing each distinct size and crop once (the WebP
/// and the JPEG of one width share their pixels).
pub(super) fn make_all(pixels: &Pixels, variants: &[Variant], quality: u8) -> Result<Vec<Vec<u8>>, MediaError> {
    let mut resizer = Resizer::new();
    let mut last: Option<(Variant, Vec<u8>)> = None;
    let mut out = Vec::with_capacity(variants.len());
    for variant in variants {
        let same = |v: &Variant| (v.width, v.height, v.crop) == (variant.width, variant.height, variant.crop);
        let resized = match last.take() {
            Some((v, data)) if same(&v) => data,
            _ => resize(&mut resizer, pixels, variant)?,
        };
        out.push(encode(&resized, variant, pixels.alpha, quality)?);
        last = Some((*variant, resized));
    }
    Ok(out)
}

/// Decodes a JPEG, PNG or WebP to 8-bit RGB(A) in its shown orientation.
pub(super) fn decode(bytes: &[u8], format: Format, settings: &Settings) -> Result<Pixels, MediaError> {
    if format == Format::Jpeg && !jpeg_is_complete(bytes) {
        return Err(MediaError::Corrupt {
            format: "JPEG",
            reason: "the file ends before the picture does".into(),
        });
    }
    let mut decoder = decoder(bytes, format)?;
    let (width, height) = decoder.dimensions();
    if width == 0 || height == 0 {
        return Err(MediaError::Empty {
            format: format.name(),
            width,
            height,
        });
    }
    let pixels = u64::from(width) * u64::from(height);
    if pixels > settings.max_pixels {
        return Err(MediaError::TooLarge {
            width,
            height,
            max_pixels: settings.max_pixels,
        });
    }
    // The decoder may allocate the picture the header announces (already checked against
    // max_pixels) and a margin: a file that asks for more is refused, not obeyed.
    let mut limits = Limits::default();
    limits.max_image_width = Some(width);
    limits.max_image_height = Some(height);
    limits.max_alloc = Some(pixels * u64::from(decoder.color_type().bytes_per_pixel()) + ALLOC_MARGIN);
    decoder.set_limits(limits).map_err(|e| corrupt(format, &e))?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| corrupt(format, &e))?;
    image.apply_orientation(orientation);
    let (width, height) = (image.width(), image.height());
    let alpha = image.color().has_alpha();
    let data = if alpha {
        image.into_rgba8().into_raw()
    } else {
        image.into_rgb8().into_raw()
    };
    Ok(Pixels {
        data,
        width,
        height,
        alpha,
    })
}

/// Crops (when the variant says so) and resizes to the variant's size with Lanczos3; alpha is
/// premultiplied while filtering, so transparent edges do not darken.
fn resize(resizer: &mut Resizer, pixels: &Pixels, variant: &Variant) -> Result<Vec<u8>, MediaError> {
    let bad = || MediaError::BadVariant {
        width: variant.width,
        height: variant.height,
    };
    let (left, top, width, height) = match variant.crop {
        Some(crop) => crop_area(pixels.width, pixels.height, crop.aspect()),
        None => (0, 0, pixels.width, pixels.height),
    };
    // Never enlarge; a plan from another image's probe is refused rather than stretched.
    if variant.width == 0 || variant.height == 0 || variant.width > width || variant.height > height {
        return Err(bad());
    }
    let pixel_type = if pixels.alpha { PixelType::U8x4 } else { PixelType::U8x3 };
    let source = ImageRef::new(pixels.width, pixels.height, &pixels.data, pixel_type).map_err(|_| bad())?;
    let mut target = Image::new(variant.width, variant.height, pixel_type);
    let options = ResizeOptions::new()
        .resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3))
        .crop(f64::from(left), f64::from(top), f64::from(width), f64::from(height));
    resizer.resize(&source, &mut target, &options).map_err(|_| bad())?;
    Ok(target.into_vec())
}

/// Encodes RGB(A) pixels in the variant's format with fixed settings and no metadata.
fn encode(data: &[u8], variant: &Variant, alpha: bool, quality: u8) -> Result<Vec<u8>, MediaError> {
    let (width, height) = (variant.width, variant.height);
    let quality = quality.clamp(1, 100);
    match variant.format {
        Format::WebP => webp_lossy(data, width, height, alpha, quality),
        Format::Jpeg => {
            let flat;
            let rgb = if alpha {
                flat = flatten(data);
                &flat
            } else {
                data
            };
            jpeg(rgb, width, height, quality)
        }
        Format::Png => {
            let mut out = Vec::new();
            let color = if alpha {
                ExtendedColorType::Rgba8
            } else {
                ExtendedColorType::Rgb8
            };
            PngEncoder::new_with_quality(&mut out, CompressionType::Fast, PngFilter::Adaptive)
                .write_image(data, width, height, color)
                .map_err(|e| MediaError::Encode {
                    format: "PNG",
                    reason: e.to_string(),
                })?;
            Ok(out)
        }
        Format::Gif | Format::Svg => Err(MediaError::NotRaster {
            format: variant.format.name(),
        }),
    }
}

/// Lossy WebP through libwebp with the settings of its "photo" preset, method 4, one thread:
/// fixed, so the bytes are the same on every build.
fn webp_lossy(data: &[u8], width: u32, height: u32, alpha: bool, quality: u8) -> Result<Vec<u8>, MediaError> {
    let failed = |reason: String| MediaError::Encode { format: "WebP", reason };
    let mut config = webp::WebPConfig::new().map_err(|()| failed("libwebp refused its default settings".into()))?;
    config.lossless = 0;
    config.quality = f32::from(quality);
    config.method = 4;
    config.alpha_compression = 1;
    config.thread_level = 0;
    // WEBP_PRESET_PHOTO (libwebp's config_enc.c), set by hand: the webp crate exposes no presets.
    config.sns_strength = 80;
    config.filter_sharpness = 3;
    config.filter_strength = 30;
    config.preprocessing |= 2;
    let expected = u64::from(width) * u64::from(height) * if alpha { 4 } else { 3 };
    if data.len() as u64 != expected {
        return Err(failed("the pixel buffer does not match the size".into()));
    }
    let encoder = if alpha {
        webp::Encoder::from_rgba(data, width, height)
    } else {
        webp::Encoder::from_rgb(data, width, height)
    };
    if width > super::plan::WEBP_MAX || height > super::plan::WEBP_MAX {
        return Err(MediaError::OverWebpSize { width, height });
    }
    let memory = encoder.encode_advanced(&config).map_err(|e| failed(format!("{e:?}")))?;
    Ok(memory.to_vec())
}

/// Baseline JPEG (4:2:0 below quality 90) through jpeg-encoder: its AVX2 DCT is several times
/// faster than image's encoder. It writes a JFIF header and nothing else (no EXIF, no date).
fn jpeg(rgb: &[u8], width: u32, height: u32, quality: u8) -> Result<Vec<u8>, MediaError> {
    let failed = |reason: String| MediaError::Encode { format: "JPEG", reason };
    let too_big = || failed(format!("{width}×{height} is over JPEG's 65535 pixels a side"));
    let (w, h) = (
        u16::try_from(width).map_err(|_| too_big())?,
        u16::try_from(height).map_err(|_| too_big())?,
    );
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, quality)
        .encode(rgb, w, h, jpeg_encoder::ColorType::Rgb)
        .map_err(|e| failed(e.to_string()))?;
    Ok(out)
}

/// RGBA over white, for JPEG (which has no alpha).
fn flatten(rgba: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(rgba.len() / 4 * 3);
    for px in rgba.chunks_exact(4) {
        let a = u16::from(px[3]);
        for &c in &px[..3] {
            // (c·a + 255·(255 − a)) / 255, rounded; always ≤ 255.
            let v = (u16::from(c) * a + 255 * (255 - a) + 127) / 255;
            out.push(u8::try_from(v).unwrap_or(u8::MAX));
        }
    }
    out
}

/// Whether a JPEG's markers run through to its end-of-image marker. The JPEG decoder (zune-jpeg
/// through image, lenient like browsers) fills a cut-off picture with grey instead of failing;
/// gazette refuses it, since a truncated upload should be noticed, not published. Bytes after
/// the end-of-image marker (a phone's appended video) are allowed.
fn jpeg_is_complete(bytes: &[u8]) -> bool {
    let mut at = 2; // After the start-of-image marker.
    loop {
        if bytes.get(at) != Some(&0xFF) {
            return false;
        }
        let mut kind_at = at + 1;
        while bytes.get(kind_at) == Some(&0xFF) {
            kind_at += 1; // Fill bytes before a marker.
        }
        let Some(&kind) = bytes.get(kind_at) else { return false };
        match kind {
            0xD9 => return true,
            0x01 | 0xD0..=0xD7 => {
                at = kind_at + 1;
                continue;
            }
            _ => {}
        }
        let Some(&[high, low]) = bytes.get(kind_at + 1..kind_at + 3) else {
            return false;
        };
        at = kind_at + 1 + usize::from(u16::from_be_bytes([high, low]));
        if kind == 0xDA {
            // Entropy-coded data runs to the next marker that is not a stuffed 0xFF or a restart.
            loop {
                let Some(offset) = bytes.get(at..).and_then(|rest| rest.iter().position(|&b| b == 0xFF)) else {
                    return false;
                };
                let p = at + offset;
                match bytes.get(p + 1) {
                    None => return false,
                    Some(0x00 | 0xD0..=0xD7) => at = p + 2,
                    Some(0xFF) => at = p + 1,
                    Some(_) => {
                        at = p;
                        break;
                    }
                }
            }
        }
    }
}
