//! Tests of probing, planning, processing and caching images (the card's are in card/tests.rs).

use std::io::Cursor;

use image::{DynamicImage, ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};

use super::*;

/// A photo-like RGB picture: gradients and a pattern, so resizing and encoding have work to do.
fn picture(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        let r = (x * 255 / width.max(1)) as u8;
        let g = (y * 255 / height.max(1)) as u8;
        let b = ((x ^ y) & 0xff) as u8;
        Rgb([r, g, b])
    })
}

fn encoded(image: DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    image.write_to(&mut out, format).expect("encoding a test picture");
    out.into_inner()
}

fn jpeg(width: u32, height: u32) -> Vec<u8> {
    encoded(DynamicImage::ImageRgb8(picture(width, height)), ImageFormat::Jpeg)
}

fn png(width: u32, height: u32) -> Vec<u8> {
    encoded(DynamicImage::ImageRgb8(picture(width, height)), ImageFormat::Png)
}

/// A PNG with a transparent left half.
fn png_alpha(width: u32, height: u32) -> Vec<u8> {
    let image = RgbaImage::from_fn(width, height, |x, _| {
        Rgba([200, 40, 40, if x < width / 2 { 0 } else { 255 }])
    });
    encoded(DynamicImage::ImageRgba8(image), ImageFormat::Png)
}

fn webp(width: u32, height: u32) -> Vec<u8> {
    encoded(DynamicImage::ImageRgb8(picture(width, height)), ImageFormat::WebP)
}

fn gif(width: u32, height: u32) -> Vec<u8> {
    encoded(
        DynamicImage::ImageRgba8(DynamicImage::ImageRgb8(picture(width, height)).to_rgba8()),
        ImageFormat::Gif,
    )
}

fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/media")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A PNG chunk: length, type, data, CRC-32 of type and data.
fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut crc = 0xffff_ffffu32;
    for &byte in kind.iter().chain(data) {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    out.extend_from_slice(&(!crc).to_be_bytes());
    out
}

/// A 60-megapixel decompression bomb: a few hundred bytes whose header says 8000×7500 RGBA.
fn bomb() -> Vec<u8> {
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&8000u32.to_be_bytes());
    ihdr.extend_from_slice(&7500u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend(chunk(b"IHDR", &ihdr));
    // A zlib stream of stored zero bytes: the first rows of the bomb.
    let mut idat = vec![0x78, 0x01, 0x00, 0x00, 0x01, 0xff, 0xfe];
    idat.extend(std::iter::repeat_n(0u8, 256));
    out.extend(chunk(b"IDAT", &idat));
    out.extend(chunk(b"IEND", &[]));
    out
}

fn decode(bytes: &[u8]) -> DynamicImage {
    image::load_from_memory(bytes).expect("an output decodes")
}

#[test]
fn probe_reads_each_format_from_its_header() {
    let settings = Settings::default();
    let cases: [(Vec<u8>, Format); 4] = [
        (jpeg(300, 200), Format::Jpeg),
        (png(300, 200), Format::Png),
        (webp(300, 200), Format::WebP),
        (gif(300, 200), Format::Gif),
    ];
    for (bytes, format) in cases {
        assert_eq!(
            probe(&bytes, &settings),
            Ok(Probe {
                width: 300,
                height: 200,
                format
            }),
            "{format:?}"
        );
    }
    let svg = br#"<?xml version="1.0"?><!-- a map --><svg xmlns="http://www.w3.org/2000/svg" width="640px" height="480"></svg>"#;
    assert_eq!(
        probe(svg, &settings),
        Ok(Probe {
            width: 640,
            height: 480,
            format: Format::Svg
        })
    );
    let view_box = br#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120.4 60"/>"#;
    assert_eq!(
        probe(view_box, &settings),
        Ok(Probe {
            width: 120,
            height: 60,
            format: Format::Svg
        })
    );
}

#[test]
fn probe_goes_by_the_bytes_not_the_name_and_refuses_what_is_not_an_image() {
    let settings = Settings::default();
    for bytes in [
        &b"Hello, this is text."[..],
        b"",
        b"\x00\x01\x02",
        b"<html><body>no</body></html>",
        b"<!doctype html><html><body><svg width=\"10\" height=\"10\"></svg></body></html>",
    ] {
        let error = probe(bytes, &settings).unwrap_err();
        assert_eq!(error, MediaError::NotAnImage { detected: None });
        assert!(
            error.to_string().contains("use a JPEG, PNG, WebP, GIF or SVG file"),
            "{error}"
        );
    }
    let tiff = b"II*\0\x08\0\0\0\0\0\0\0";
    let error = probe(tiff, &settings).unwrap_err();
    assert!(error.to_string().contains("(it looks like tiff)"), "{error}");
    let sizeless = br#"<svg xmlns="http://www.w3.org/2000/svg" width="100%"></svg>"#;
    assert!(
        probe(sizeless, &settings)
            .unwrap_err()
            .to_string()
            .contains("add width=")
    );
}

#[test]
fn a_truncated_image_is_an_error_never_a_panic() {
    let settings = Settings::default();
    for (bytes, format) in [
        (jpeg(400, 300), Format::Jpeg),
        (png(400, 300), Format::Png),
        (webp(400, 300), Format::WebP),
    ] {
        for keep in [4, 12, 40, bytes.len() / 3, bytes.len() / 2, bytes.len() - 20] {
            let cut = &bytes[..keep];
            let outcome = probe(cut, &settings).and_then(|p| process(cut, &p, &variants(&p, &settings), &settings));
            let Err(error) = outcome else {
                panic!("{format:?} cut to {keep} bytes must fail")
            };
            assert!(
                matches!(error, MediaError::Corrupt { .. } | MediaError::NotAnImage { .. }),
                "{format:?} {keep}: {error}"
            );
        }
    }
}

#[test]
fn every_prefix_of_every_format_is_refused_or_processed_without_a_panic() {
    let settings = Settings {
        widths: vec![8],
        ..Settings::default()
    };
    for bytes in [jpeg(24, 16), png(24, 16), webp(24, 16), gif(24, 16), png_alpha(24, 16)] {
        for keep in 0..bytes.len() {
            let cut = &bytes[..keep];
            if let Ok(p) = probe(cut, &settings) {
                let _ = process(cut, &p, &variants(&p, &settings), &settings);
            }
        }
    }
}

#[test]
fn a_decompression_bomb_is_refused_by_probe_and_by_process() {
    let settings = Settings::default();
    let bytes = bomb();
    let error = probe(&bytes, &settings).unwrap_err();
    assert_eq!(
        error,
        MediaError::TooLarge {
            width: 8000,
            height: 7500,
            max_pixels: 50_000_000
        }
    );
    assert!(
        error
            .to_string()
            .starts_with("an image of 60.0 megapixels (8000×7500) is over images.max_pixels (50 megapixels): "),
        "{error}"
    );
    // Called anyway with a made-up probe: the decoder's own header is checked before it allocates.
    let liar = Probe {
        width: 100,
        height: 75,
        format: Format::Png,
    };
    let plan = variants(&liar, &settings);
    assert_eq!(process(&bytes, &liar, &plan, &settings).unwrap_err(), error);
    // Allowed by the settings, the bomb still cannot take more than its own size: its stream is
    // short, so it fails as truncated, without panicking.
    let lax = Settings {
        max_pixels: 100_000_000,
        ..Settings::default()
    };
    let p = probe(&bytes, &lax).expect("under the raised limit");
    assert!(matches!(
        process(&bytes, &p, &variants(&p, &lax), &lax),
        Err(MediaError::Corrupt { .. })
    ));
}

/// Regression: a 64×48 PNG with an iCCP chunk that inflates to 80 MB was read whole
/// (image's 512 MiB default; 1.1 GB of memory for a 2 MB chunk in the probe). The profile is now
/// dropped at 64 MiB, and the picture still probes and decodes; a PNG whose pixels alone are
/// over 64 MiB decodes as before.
#[test]
fn an_inflating_colour_profile_is_dropped_not_read() {
    use image::ImageDecoder;
    use std::io::Write;
    let settings = Settings::default();
    let mut zlib = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..80 {
        zlib.write_all(&zeros).expect("compresses");
    }
    let mut iccp = b"bomb\0\0".to_vec();
    iccp.extend(zlib.finish().expect("compresses"));
    let plain = png(64, 48);
    // Signature and IHDR (8 + 25 bytes), then the profile, then the rest.
    let mut bytes = plain[..33].to_vec();
    bytes.extend(chunk(b"iCCP", &iccp));
    bytes.extend_from_slice(&plain[33..]);
    let mut decoder = probe::decoder(&bytes, Format::Png).expect("the header reads");
    assert_eq!(decoder.icc_profile().ok().flatten().map(|p| p.len()), None);
    let p = probe(&bytes, &settings).expect("probes");
    assert_eq!((p.width, p.height), (64, 48));
    assert!(process(&bytes, &p, &variants(&p, &settings), &settings).is_ok());
    // The limit is on metadata: pixels over 64 MiB still decode.
    let large = png_alpha(4200, 4200);
    let pixels = process::decode(&large, Format::Png, &settings).expect("decodes");
    assert_eq!((pixels.width, pixels.height, pixels.alpha), (4200, 4200, true));
}

/// Regression: an 800×17000 strip failed with "the WebP encoder failed
/// (VP8_ENC_ERROR_BAD_DIMENSION): use smaller images.widths". Widths at which it would be over
/// WebP's 16383 pixels a side are left out; when even the smallest is, the error says why.
#[test]
fn a_very_tall_image_keeps_the_widths_webp_can_hold() {
    let settings = Settings::default();
    let tall = Probe {
        width: 800,
        height: 17000,
        format: Format::Png,
    };
    let plan = variants(&tall, &settings);
    assert!(!plan.is_empty() && plan.iter().all(|v| v.height <= 16383), "{plan:?}");
    let bytes = png(100, 20000);
    let strip = probe(&bytes, &settings).expect("a PNG");
    let error = process(&bytes, &strip, &variants(&strip, &settings), &settings).unwrap_err();
    assert_eq!(
        error,
        MediaError::OverWebpSize {
            width: 100,
            height: 20000
        }
    );
    assert!(error.to_string().contains("at most 16383 on a side"), "{error}");
}

#[test]
fn exif_orientation_turns_the_picture_and_no_output_keeps_metadata() {
    let settings = Settings::default();
    let bytes = fixture("exif-gps-orientation6.jpg");
    assert!(bytes.windows(6).any(|w| w == b"Exif\0\0") && bytes.windows(10).any(|w| w == b"GazetteCam"));
    // Stored 64×32 (red left, blue right), shown turned a quarter clockwise: 32×64, red on top.
    let p = probe(&bytes, &settings).expect("probe");
    assert_eq!((p.width, p.height), (32, 64));
    let (og, crops) = share_variants(&p);
    assert_eq!(og, None);
    let plan: Vec<Variant> = variants(&p, &settings).into_iter().chain(crops).collect();
    let outputs = process(&bytes, &p, &plan, &settings).expect("process");
    assert_eq!(outputs.len(), plan.len());
    // A phone's appended data after the end of the picture is not a truncation.
    let mut appended = bytes.clone();
    appended.extend_from_slice(b"\xff\xda\x00\x10 trailing video");
    assert!(process(&appended, &p, &plan, &settings).is_ok());
    for (output, variant) in outputs.iter().zip(&plan) {
        for marker in [
            &b"Exif\0\0"[..],
            b"GazetteCam",
            b"EXIF",
            b"XMP",
            b"iCCP",
            b"ICC_PROFILE",
            b"tIME",
        ] {
            assert!(
                !output.windows(marker.len()).any(|w| w == marker),
                "{variant:?} carries {marker:?}"
            );
        }
        let image = decode(output).to_rgb8();
        assert_eq!(image.dimensions(), (variant.width, variant.height), "{variant:?}");
    }
    let shown = decode(&outputs[0]).to_rgb8();
    let top = shown.get_pixel(16, 6);
    let bottom = shown.get_pixel(16, 58);
    assert!(top[0] > 150 && top[2] < 100, "top should be red: {top:?}");
    assert!(bottom[2] > 150 && bottom[0] < 100, "bottom should be blue: {bottom:?}");
}

#[test]
fn the_plan_never_enlarges_and_adds_the_original_width_when_it_is_small() {
    let settings = Settings::default();
    let widths = |w: u32, h: u32, format: Format| -> Vec<(u32, u32, Format)> {
        variants(
            &Probe {
                width: w,
                height: h,
                format,
            },
            &settings,
        )
        .iter()
        .map(|v| (v.width, v.height, v.format))
        .collect()
    };
    use Format::{Jpeg, Png, WebP};
    assert_eq!(
        widths(3000, 2000, Jpeg),
        [
            (480, 320, WebP),
            (480, 320, Jpeg),
            (960, 640, WebP),
            (960, 640, Jpeg),
            (1600, 1067, WebP),
            (1600, 1067, Jpeg)
        ]
    );
    assert_eq!(
        widths(1000, 500, Png),
        [
            (480, 240, WebP),
            (480, 240, Png),
            (960, 480, WebP),
            (960, 480, Png),
            (1000, 500, WebP),
            (1000, 500, Png)
        ]
    );
    assert_eq!(
        widths(1600, 900, WebP),
        [(480, 270, WebP), (960, 540, WebP), (1600, 900, WebP)]
    );
    assert_eq!(widths(300, 1, Jpeg), [(300, 1, WebP), (300, 1, Jpeg)]);
    assert_eq!(
        widths(4000, 1, Jpeg)[0],
        (480, 1, WebP),
        "a line stays at least one pixel high"
    );
    assert!(widths(500, 500, Format::Gif).is_empty() && widths(500, 500, Format::Svg).is_empty());
    let odd = Settings {
        widths: vec![960, 0, 480, 960],
        ..Settings::default()
    };
    let plan = variants(
        &Probe {
            width: 700,
            height: 700,
            format: Jpeg,
        },
        &odd,
    );
    assert_eq!(plan.iter().map(|v| v.width).collect::<Vec<_>>(), [480, 480, 700, 700]);
}

#[test]
fn sharing_crops_are_centred_capped_and_never_enlarged() {
    let big = Probe {
        width: 4000,
        height: 3000,
        format: Format::WebP,
    };
    let (og, crops) = share_variants(&big);
    assert_eq!(
        og,
        Some(Variant {
            width: 1200,
            height: 630,
            format: Format::Jpeg,
            crop: Some(Crop::Exact(1200, 630))
        })
    );
    let sizes: Vec<_> = crops.iter().map(|v| (v.width, v.height, v.crop)).collect();
    assert_eq!(
        sizes,
        [
            (1200, 675, Some(Crop::Ratio(16, 9))),
            (1200, 900, Some(Crop::Ratio(4, 3))),
            (1200, 1200, Some(Crop::Ratio(1, 1)))
        ]
    );
    let small = Probe {
        width: 800,
        height: 1000,
        format: Format::Png,
    };
    let (og, crops) = share_variants(&small);
    assert_eq!(og, None, "800 px is narrower than og:image's 1200");
    let sizes: Vec<_> = crops.iter().map(|v| (v.width, v.height, v.format)).collect();
    assert_eq!(
        sizes,
        [
            (800, 450, Format::Png),
            (800, 600, Format::Png),
            (800, 800, Format::Png)
        ]
    );
    assert_eq!(
        share_variants(&Probe {
            width: 1200,
            height: 629,
            format: Format::Jpeg
        })
        .0,
        None
    );
    assert_eq!(
        share_variants(&Probe {
            width: 2000,
            height: 2000,
            format: Format::Gif
        }),
        (None, Vec::new())
    );
}

#[test]
fn file_names_say_width_ratio_or_og() {
    let v = |width, format, crop| Variant {
        width,
        height: 1,
        format,
        crop,
    };
    assert_eq!(file_name("port", &v(480, Format::WebP, None)), "port-480.webp");
    assert_eq!(file_name("port", &v(960, Format::Jpeg, None)), "port-960.jpg");
    assert_eq!(file_name("port", &v(960, Format::Png, None)), "port-960.png");
    assert_eq!(
        file_name("port", &v(1200, Format::Jpeg, Some(Crop::Ratio(16, 9)))),
        "port-16x9.jpg"
    );
    assert_eq!(
        file_name("port", &v(1200, Format::Jpeg, Some(Crop::Exact(1200, 630)))),
        "port-og.jpg"
    );
}

#[test]
fn crops_and_resizes_give_the_planned_sizes_from_the_right_area() {
    let settings = Settings::default();
    // A 2000×1000 picture: black, with a white centre square of 1000×1000.
    let image = RgbImage::from_fn(2000, 1000, |x, _| {
        if (500..1500).contains(&x) {
            Rgb([255; 3])
        } else {
            Rgb([0; 3])
        }
    });
    let bytes = encoded(DynamicImage::ImageRgb8(image), ImageFormat::Png);
    let p = probe(&bytes, &settings).expect("probe");
    let (og, crops) = share_variants(&p);
    let plan: Vec<Variant> = og.into_iter().chain(crops).chain(variants(&p, &settings)).collect();
    let outputs = process(&bytes, &p, &plan, &settings).expect("process");
    for (output, variant) in outputs.iter().zip(&plan) {
        let image = decode(output).to_rgb8();
        assert_eq!(image.dimensions(), (variant.width, variant.height), "{variant:?}");
        assert!(
            image.width() <= p.width && image.height() <= p.height,
            "never enlarged: {variant:?}"
        );
    }
    // The 1:1 crop is the white centre.
    let square = decode(&outputs[3]).to_rgb8();
    assert_eq!(plan[3].crop, Some(Crop::Ratio(1, 1)));
    assert!(square.pixels().all(|p| p[0] > 240), "the square crop is centred");
}

#[test]
fn alpha_survives_in_webp_and_png_and_is_flattened_on_white_in_jpeg() {
    let settings = Settings {
        widths: vec![64],
        ..Settings::default()
    };
    let bytes = png_alpha(128, 64);
    let p = probe(&bytes, &settings).expect("probe");
    let mut plan = variants(&p, &settings);
    plan.push(Variant {
        width: 64,
        height: 32,
        format: Format::Jpeg,
        crop: None,
    });
    let outputs = process(&bytes, &p, &plan, &settings).expect("process");
    let webp = decode(&outputs[0]).to_rgba8();
    let png = decode(&outputs[1]).to_rgba8();
    let jpeg = decode(&outputs[2]).to_rgb8();
    assert!(webp.get_pixel(4, 16)[3] < 10 && webp.get_pixel(60, 16)[3] > 245);
    assert!(png.get_pixel(4, 16)[3] < 10 && png.get_pixel(60, 16)[3] > 245);
    assert!(
        jpeg.get_pixel(4, 16).0.iter().all(|&c| c > 240),
        "transparent is white in JPEG"
    );
}

#[test]
fn processing_is_deterministic() {
    let settings = Settings::default();
    for bytes in [jpeg(1250, 700), png_alpha(600, 300), webp(700, 500)] {
        let p = probe(&bytes, &settings).expect("probe");
        let (og, crops) = share_variants(&p);
        let plan: Vec<Variant> = variants(&p, &settings).into_iter().chain(og).chain(crops).collect();
        let first = process(&bytes, &p, &plan, &settings).expect("process");
        let second = process(&bytes, &p, &plan, &settings).expect("process");
        assert_eq!(first, second);
    }
}

#[test]
fn a_plan_that_would_enlarge_is_refused_and_gif_is_never_decoded() {
    let settings = Settings::default();
    let bytes = jpeg(100, 50);
    let p = probe(&bytes, &settings).expect("probe");
    let enlarge = [Variant {
        width: 200,
        height: 100,
        format: Format::WebP,
        crop: None,
    }];
    assert_eq!(
        process(&bytes, &p, &enlarge, &settings).unwrap_err(),
        MediaError::BadVariant {
            width: 200,
            height: 100
        }
    );
    let gif = gif(10, 10);
    let g = probe(&gif, &settings).expect("probe");
    assert_eq!(process(&gif, &g, &[], &settings), Ok(Vec::new()));
    let asked = [Variant {
        width: 5,
        height: 5,
        format: Format::WebP,
        crop: None,
    }];
    assert_eq!(
        process(&gif, &g, &asked, &settings).unwrap_err(),
        MediaError::NotRaster { format: "GIF" }
    );
}

fn cache_dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

/// Regression: a process killed mid-write (a killed build, or Ctrl-C while serve makes images)
/// left its `.tmp-…` file in the cache for good. An hour-old one goes when the cache is opened;
/// a fresh one (a write under way in another process) and the entries stay.
#[test]
fn opening_the_cache_removes_temporary_files_a_dead_process_left() {
    let settings = Settings::default();
    let dir = cache_dir();
    let images = dir.path().join("images");
    let cache = Cache::open(&images).expect("open");
    let bytes = jpeg(200, 100);
    let p = probe(&bytes, &settings).expect("probe");
    let plan = variants(&p, &settings);
    process_cached(&cache, &bytes, &p, &plan, &settings).expect("stored");
    let folder = std::fs::read_dir(&images)
        .expect("entries")
        .flatten()
        .next()
        .expect("a folder")
        .path();
    let (stale, fresh) = (folder.join(".tmp-1-ab-0"), folder.join(".tmp-2-cd-0"));
    std::fs::write(&stale, b"half").expect("a temporary file");
    std::fs::write(&fresh, b"half").expect("a temporary file");
    let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
    std::fs::File::options()
        .write(true)
        .open(&stale)
        .and_then(|f| f.set_modified(two_hours_ago))
        .expect("dated");
    let cache = Cache::open(&images).expect("reopen");
    assert!(!stale.exists() && fresh.exists());
    let (_, stats) = process_cached(&cache, &bytes, &p, &plan, &settings).expect("warm");
    assert_eq!(stats.decoded, 0, "the entries stay");
}

#[test]
fn a_warm_cache_decodes_nothing_and_gives_the_same_bytes() {
    let settings = Settings::default();
    let dir = cache_dir();
    let cache = Cache::open(&dir.path().join("images")).expect("open");
    let bytes = jpeg(1000, 700);
    let p = probe(&bytes, &settings).expect("probe");
    let plan = variants(&p, &settings);
    let (cold, stats) = process_cached(&cache, &bytes, &p, &plan, &settings).expect("cold");
    assert_eq!(
        stats,
        Stats {
            decoded: 1,
            from_cache: 0,
            not_stored: 0
        }
    );
    assert_eq!(cold, process(&bytes, &p, &plan, &settings).expect("uncached"));
    // A new Cache on the same folder, as in the next build.
    let cache = Cache::open(&dir.path().join("images")).expect("reopen");
    let (warm, stats) = process_cached(&cache, &bytes, &p, &plan, &settings).expect("warm");
    assert_eq!(
        stats,
        Stats {
            decoded: 0,
            from_cache: 6,
            not_stored: 0
        }
    );
    assert_eq!(warm, cold);
    // Another quality is other bytes: a miss.
    let other = Settings {
        quality: 60,
        ..Settings::default()
    };
    let (_, stats) = process_cached(&cache, &bytes, &p, &plan, &other).expect("other quality");
    assert_eq!(stats.decoded, 1);
    // No temporary file is left behind.
    let leftovers = walk(dir.path())
        .into_iter()
        .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(".tmp")))
        .count();
    assert_eq!(leftovers, 0);
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn a_corrupt_or_partial_cache_entry_is_a_miss_and_is_replaced() {
    let settings = Settings {
        widths: vec![100],
        ..Settings::default()
    };
    let dir = cache_dir();
    let cache = Cache::open(dir.path()).expect("open");
    let bytes = png(300, 200);
    let p = probe(&bytes, &settings).expect("probe");
    let plan = variants(&p, &settings);
    let (good, _) = process_cached(&cache, &bytes, &p, &plan, &settings).expect("cold");
    let entries = walk(dir.path());
    assert_eq!(entries.len(), 2);
    // One entry flipped, the other cut short (as a disk error or an older gazette might leave).
    let mut flipped = std::fs::read(&entries[0]).expect("read");
    let last = flipped.len() - 1;
    flipped[last] ^= 0xff;
    std::fs::write(&entries[0], flipped).expect("write");
    let cut = std::fs::read(&entries[1]).expect("read");
    std::fs::write(&entries[1], &cut[..cut.len() / 2]).expect("write");
    let (again, stats) = process_cached(&cache, &bytes, &p, &plan, &settings).expect("misses, not errors");
    assert_eq!(
        stats,
        Stats {
            decoded: 1,
            from_cache: 0,
            not_stored: 0
        }
    );
    assert_eq!(again, good);
    let (_, stats) = process_cached(&cache, &bytes, &p, &plan, &settings).expect("repaired");
    assert_eq!(stats.from_cache, 2);
}

#[test]
fn put_is_atomic_and_a_disabled_cache_keeps_nothing() {
    let dir = cache_dir();
    let cache = Cache::open(dir.path()).expect("open");
    let key = Key::of(b"source");
    assert_eq!(cache.get(&key), None);
    cache.put(&key, b"first").expect("put");
    cache.put(&key, b"second").expect("put over");
    assert_eq!(cache.get(&key).as_deref(), Some(&b"second"[..]));
    // A temporary file left by a killed build is not an entry and does not disturb one.
    let entry = walk(dir.path()).pop().expect("one entry");
    let folder = entry.parent().expect("a folder");
    std::fs::write(
        folder.join(format!(".tmp-1-{}-0", &key.to_hex()[2..])),
        b"gazette-cache 1\npartial",
    )
    .expect("litter");
    assert_eq!(cache.get(&key).as_deref(), Some(&b"second"[..]));
    let off = Cache::disabled();
    off.put(&key, b"x").expect("a no-op");
    assert_eq!(off.get(&key), None);
    // A cache that cannot be made is an error that names the folder.
    let file = dir.path().join("a-file");
    std::fs::write(&file, b"").expect("write");
    let error = Cache::open(&file.join("cache")).unwrap_err();
    assert!(error.to_string().contains("a-file"), "{error}");
}

#[test]
fn keys_change_with_what_changes_the_bytes() {
    let settings = Settings::default();
    let source = Key::of(b"photo");
    let v = Variant {
        width: 480,
        height: 320,
        format: Format::WebP,
        crop: None,
    };
    let key = variant_key(&source, &v, &settings);
    assert_eq!(
        key,
        variant_key(
            &source,
            &v,
            &Settings {
                max_pixels: 1,
                widths: vec![1],
                ..Settings::default()
            }
        )
    );
    assert_ne!(
        key,
        variant_key(
            &source,
            &v,
            &Settings {
                quality: 81,
                ..Settings::default()
            }
        )
    );
    assert_ne!(key, variant_key(&Key::of(b"photo2"), &v, &settings));
    assert_ne!(
        key,
        variant_key(
            &source,
            &Variant {
                format: Format::Jpeg,
                ..v
            },
            &settings
        )
    );
    assert_ne!(
        key,
        variant_key(
            &source,
            &Variant {
                crop: Some(Crop::Ratio(1, 1)),
                ..v
            },
            &settings
        )
    );
}

#[test]
fn progressive_restart_and_grey_jpegs_from_another_encoder_process_and_their_cut_copies_fail() {
    // Made by Pillow (libjpeg): progressive (10 scans), with restart markers, and greyscale.
    let settings = Settings {
        widths: vec![60],
        ..Settings::default()
    };
    for name in ["progressive.jpg", "restart-markers.jpg", "grey.jpg"] {
        let bytes = fixture(name);
        let p = probe(&bytes, &settings).expect(name);
        assert_eq!((p.width, p.height, p.format), (120, 80, Format::Jpeg), "{name}");
        let plan = variants(&p, &settings);
        let outputs = process(&bytes, &p, &plan, &settings).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(decode(&outputs[1]).to_rgb8().dimensions(), (60, 40), "{name}");
        for keep in [bytes.len() / 2, bytes.len() - 2] {
            let error = process(&bytes[..keep], &p, &plan, &settings).expect_err(name);
            assert!(
                error
                    .to_string()
                    .contains("truncated or corrupt (the file ends before the picture does)"),
                "{name}: {error}"
            );
        }
    }
}
