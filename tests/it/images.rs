//! Issue 15's images: responsive pictures in bodies, lead images, share images (og:image crops
//! and generated cards), structured data and feeds, the persistent cache (a warm build decodes
//! nothing), and what the output must never hold (enlarged images, EXIF GPS data).

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::Path;
use std::time::Duration;

use crate::common::{gazette, run_checker, stderr, stdout, tree};

/// A photo-like RGB image: gradients and a pattern, so encoders have real work.
fn photo(width: u32, height: u32) -> image::RgbImage {
    image::RgbImage::from_fn(width, height, |x, y| {
        let r = (x * 255 / width.max(1)) as u8;
        let g = (y * 255 / height.max(1)) as u8;
        let b = ((x / 7 + y / 5) % 64 * 4) as u8;
        image::Rgb([r, g, b])
    })
}

fn encode(img: &image::RgbImage, format: image::ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, format).expect("encodes");
    out.into_inner()
}

/// A JPEG with an EXIF segment that holds a GPS position (latitude 42° N), as phones write.
fn jpeg_with_gps(width: u32, height: u32) -> Vec<u8> {
    let jpeg = encode(&photo(width, height), image::ImageFormat::Jpeg);
    // TIFF, little-endian: IFD0 with one entry (GPSInfo → the GPS IFD at 26), the GPS IFD with
    // GPSLatitudeRef "N" and GPSLatitude 42/1 0/1 0/1 (the rationals at 56).
    let mut tiff: Vec<u8> = Vec::new();
    tiff.extend_from_slice(b"II*\0");
    tiff.extend_from_slice(&8u32.to_le_bytes());
    tiff.extend_from_slice(&1u16.to_le_bytes());
    tiff.extend_from_slice(&0x8825u16.to_le_bytes());
    tiff.extend_from_slice(&4u16.to_le_bytes());
    tiff.extend_from_slice(&1u32.to_le_bytes());
    tiff.extend_from_slice(&26u32.to_le_bytes());
    tiff.extend_from_slice(&0u32.to_le_bytes());
    tiff.extend_from_slice(&2u16.to_le_bytes());
    tiff.extend_from_slice(&1u16.to_le_bytes());
    tiff.extend_from_slice(&2u16.to_le_bytes());
    tiff.extend_from_slice(&2u32.to_le_bytes());
    tiff.extend_from_slice(b"N\0\0\0");
    tiff.extend_from_slice(&2u16.to_le_bytes());
    tiff.extend_from_slice(&5u16.to_le_bytes());
    tiff.extend_from_slice(&3u32.to_le_bytes());
    tiff.extend_from_slice(&56u32.to_le_bytes());
    tiff.extend_from_slice(&0u32.to_le_bytes());
    for (n, d) in [(42u32, 1u32), (0, 1), (0, 1)] {
        tiff.extend_from_slice(&n.to_le_bytes());
        tiff.extend_from_slice(&d.to_le_bytes());
    }
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}

const SITE: &str = "title: Image Desk\nbase_url: https://example.org/desk/\ntimezone: UTC\n";
const TOPIC: &str = "---\ntitle: Ports\nsummary: Ports and ships.\n---\nBackground.\n";
const LEAD: &str = "---\ntitle: Oil arrives at the port\ndate: 2024-06-19\nsummary: Tankers dock.\ntopics: [ports]\n\
key: true\nimage:\n  src: port.jpg\n  alt: Cranes over a port at dusk\n  caption: The port where the oil arrives.\n  credit: \"Drawing: Desk\"\n---\n\
The quay, seen from the water:\n\n![A quay with a tanker](quay.png \"The quay at noon\")\n\nAn animation: ![Waves](waves.gif)\n";
const PLAIN: &str =
    "---\ntitle: No picture here\ndate: 2024-06-20\nsummary: Words only.\ntopics: [ports]\n---\nJust text.\n";

/// Writes the image site: a 2000×1200 JPEG lead image with GPS data, a 1000×600 PNG figure and a
/// GIF in the body of one article; another article without an image.
fn image_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let root = dir.path();
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("site.yaml", SITE.into()),
        ("content/topics/ports.md", TOPIC.into()),
        ("content/2024/06/oil.md", LEAD.into()),
        ("content/2024/06/plain.md", PLAIN.into()),
        ("content/2024/06/port.jpg", jpeg_with_gps(2000, 1200)),
        (
            "content/2024/06/quay.png",
            encode(&photo(1000, 600), image::ImageFormat::Png),
        ),
        (
            "content/2024/06/waves.gif",
            encode(&photo(40, 30), image::ImageFormat::Gif),
        ),
    ];
    for (path, bytes) in files {
        let target = root.join(path);
        std::fs::create_dir_all(target.parent().expect("a parent")).expect("folders");
        std::fs::write(target, bytes).expect("a file");
    }
    dir
}

fn build(root: &Path) -> String {
    let run = gazette(root, &["build"]);
    assert!(run.status.success(), "build failed:\n{}", stderr(&run));
    stdout(&run)
}

fn text(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8_lossy(files.get(path).unwrap_or_else(|| panic!("{path} is not in the output"))).into_owned()
}

/// Every `<img>` start tag of an HTML page.
fn img_tags(html: &str) -> Vec<String> {
    html.match_indices("<img ")
        .map(|(i, _)| html[i..].split_once('>').map_or("", |(tag, _)| tag).to_string())
        .collect()
}

fn attr<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    tag[start..].split_once('"').map(|(value, _)| value)
}

fn decode(bytes: &[u8]) -> image::DynamicImage {
    image::load_from_memory(bytes).expect("an output image decodes")
}

#[test]
fn images_become_responsive_pictures_and_never_carry_gps_or_grow() {
    let dir = image_site();
    build(dir.path());
    let out = tree(&dir.path().join("public"));
    let page = text(&out, "2024/06/oil/index.html");
    // Every <img> of every page has width, height and alt.
    for (path, bytes) in out.iter().filter(|(p, _)| p.ends_with(".html")) {
        for tag in img_tags(&String::from_utf8_lossy(bytes)) {
            assert!(
                attr(&tag, "width").is_some() && attr(&tag, "height").is_some() && attr(&tag, "alt").is_some(),
                "{path}: {tag}"
            );
        }
    }
    // The figure: its sizes (never wider than the 1000 px original) in PNG and WebP.
    assert!(page.contains("<figure><picture><source type=\"image/webp\" srcset=\"/desk/2024/06/quay-480.webp 480w, /desk/2024/06/quay-960.webp 960w, /desk/2024/06/quay-1000.webp 1000w\""), "{page}");
    assert!(page.contains("src=\"/desk/2024/06/quay-1000.png\""), "{page}");
    assert!(page.contains("<figcaption>The quay at noon</figcaption>"), "{page}");
    // The lead image: not lazy, with its caption and credit.
    let lead = page.split("class=\"lead-image\"").nth(1).expect("a lead image");
    assert!(lead.contains("srcset=\"/desk/2024/06/port-480.jpg 480w, /desk/2024/06/port-960.jpg 960w, /desk/2024/06/port-1600.jpg 1600w\""), "{lead}");
    assert!(!img_tags(lead)[0].contains("loading=\"lazy\""));
    assert!(lead.contains("The port where the oil arrives.") && lead.contains("Drawing: Desk"));
    // No output image is larger than its source, every one decodes, and none holds EXIF.
    for (path, bytes) in out
        .iter()
        .filter(|(p, _)| p.ends_with(".jpg") || p.ends_with(".png") || p.ends_with(".webp"))
    {
        let img = decode(bytes);
        let limit = if path.contains("quay") {
            1000
        } else if path.contains("card") {
            1200
        } else {
            2000
        };
        assert!(img.width() <= limit, "{path} is {} wide", img.width());
        assert!(!bytes.windows(6).any(|w| w == b"Exif\0\0"), "{path} carries EXIF");
    }
    // The original's own name holds its largest size, re-encoded (no GPS data).
    assert_eq!(decode(&out["2024/06/port.jpg"]).width(), 1600);
    assert!(out.contains_key("2024/06/port-480.webp") && out.contains_key("2024/06/quay-480.png"));
    let public = dir.path().join("public");
    for (checker, args) in [
        ("check_html.sh", vec![public.as_os_str()]),
        (
            "check_links.py",
            vec![public.as_os_str(), "https://example.org/desk/".as_ref()],
        ),
    ] {
        if let Some((passed, report)) = run_checker(checker, &args) {
            assert!(passed, "{checker}: {report}");
        }
    }
    // The GIF is copied as it is, with its size.
    let gif = page
        .split("<img ")
        .find(|tag| tag.contains("waves.gif"))
        .and_then(|tag| tag.split('>').next())
        .unwrap_or_else(|| panic!("no <img> of the GIF: {page}"));
    assert!(gif.contains("src=\"/desk/2024/06/waves.gif\""), "{gif}");
    assert!(gif.contains("alt=\"Waves\""), "{gif}");
    assert!(gif.contains("width=\"40\"") && gif.contains("height=\"30\""), "{gif}");
    assert_eq!(
        std::fs::read(public.join("2024/06/waves.gif")).unwrap(),
        std::fs::read(dir.path().join("content/2024/06/waves.gif")).unwrap(),
        "the GIF's bytes are copied as they are"
    );
}

/// Regression (session 30's newsroom probe): a site that gave its pages its own accent
/// (`static/custom.css`) still drew every social card with the theme's red (card.yaml's accent).
/// The card takes the site's accent, and is drawn anew when it changes.
#[test]
fn the_social_card_takes_the_accent_the_sites_custom_css_gives_its_pages() {
    let dir = image_site();
    let count = |bytes: &[u8], rgb: [u8; 3]| decode(bytes).to_rgb8().pixels().filter(|p| p.0 == rgb).count();
    build(dir.path());
    let card = std::fs::read(dir.path().join("public/2024/06/plain/card.png")).unwrap();
    let red = [0xa4, 0x16, 0x1a];
    let teal = [0x00, 0x69, 0x5c];
    assert!(count(&card, red) > 500, "the theme's accent is drawn");
    std::fs::create_dir_all(dir.path().join("static")).unwrap();
    std::fs::write(dir.path().join("static/custom.css"), ":root { --accent: #00695c; }\n").unwrap();
    build(dir.path());
    let card = std::fs::read(dir.path().join("public/2024/06/plain/card.png")).unwrap();
    assert_eq!(count(&card, red), 0);
    assert!(count(&card, teal) > 500, "the site's accent is drawn");
}

/// Regression (session 34's Japanese desk probe): a site whose language the theme's card font
/// lacks (Japanese, Chinese) got no cards, and `check --strict` failed out of the box; the only
/// way to give cards another font was to fork the whole theme. A `card.yaml` beside site.yaml
/// (and fonts in `fonts/`) replaces the theme's; its mistakes are said at its own path.
#[test]
fn a_sites_own_card_yaml_and_fonts_draw_its_cards() {
    let dir = image_site();
    let theme_font = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/fonts/card-gothic-bold.ttf"),
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("fonts")).unwrap();
    std::fs::write(dir.path().join("fonts/desk.ttf"), theme_font).unwrap();
    std::fs::write(
        dir.path().join("card.yaml"),
        "background: \"#101820\"\nforeground: \"#ffffff\"\naccent: \"#f2aa4c\"\nmuted: \"#cccccc\"\nfont: fonts/desk.ttf\n",
    )
    .unwrap();
    build(dir.path());
    let card = std::fs::read(dir.path().join("public/2024/06/plain/card.png")).unwrap();
    let count = |rgb: [u8; 3]| decode(&card).to_rgb8().pixels().filter(|p| p.0 == rgb).count();
    assert!(count([0x10, 0x18, 0x20]) > 100_000, "the site's background is drawn");
    assert_eq!(count([0xfd, 0xfc, 0xf9]), 0, "not the theme's");
    std::fs::write(
        dir.path().join("card.yaml"),
        "background: \"#10182z\"\nfont: fonts/desk.ttf\n",
    )
    .unwrap();
    let run = gazette(dir.path(), &["check"]);
    let printed = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{printed}");
    assert!(printed.contains("card.yaml:1:13: error:"), "{printed}");
    assert!(!printed.contains("themes/default"), "{printed}");
}

#[test]
fn every_article_shares_a_1200_by_630_image_and_structured_data_has_three_ratios() {
    let dir = image_site();
    build(dir.path());
    let out = tree(&dir.path().join("public"));
    for (page, image) in [
        ("2024/06/oil/index.html", "2024/06/port-og.jpg"),
        ("2024/06/plain/index.html", "2024/06/plain/card.png"),
    ] {
        let html = text(&out, page);
        let meta = format!("<meta property=\"og:image\" content=\"https://example.org/desk/{image}\">");
        assert!(html.contains(&meta), "{page} lacks {meta}");
        assert!(html.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"));
        let img = decode(&out[image]);
        assert_eq!((img.width(), img.height()), (1200, 630), "{image}");
        assert!(out[image].len() < 300 * 1024, "{image} is {} bytes", out[image].len());
    }
    let html = text(&out, "2024/06/oil/index.html");
    let json = html
        .split("<script type=\"application/ld+json\">")
        .nth(1)
        .and_then(|rest| rest.split_once("</script>"))
        .map(|(json, _)| json)
        .expect("JSON-LD");
    let ld: serde_json::Value = serde_json::from_str(json).expect("JSON-LD parses");
    let images: Vec<&str> = ld["image"]
        .as_array()
        .expect("an image list")
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert_eq!(
        images,
        [
            "https://example.org/desk/2024/06/port-16x9.jpg",
            "https://example.org/desk/2024/06/port-4x3.jpg",
            "https://example.org/desk/2024/06/port-1x1.jpg"
        ]
    );
    for (url, ratio) in images.iter().zip([16.0 / 9.0, 4.0 / 3.0, 1.0]) {
        let img = decode(&out[url.trim_start_matches("https://example.org/desk/")]);
        let actual = f64::from(img.width()) / f64::from(img.height());
        assert!((actual - ratio).abs() < 0.01, "{url}: {actual}");
    }
}

#[test]
fn feeds_carry_the_lead_image() {
    let dir = image_site();
    build(dir.path());
    let out = tree(&dir.path().join("public"));
    let url = "https://example.org/desk/2024/06/port-1600.jpg";
    assert!(text(&out, "atom.xml").contains(&format!("<link rel=\"enclosure\" href=\"{url}\" type=\"image/jpeg\"/>")));
    assert!(text(&out, "rss.xml").contains(&format!(
        "<media:content url=\"{url}\" medium=\"image\" type=\"image/jpeg\" width=\"1600\" height=\"960\"/>"
    )));
    let feed: serde_json::Value = serde_json::from_slice(&out["feed.json"]).expect("JSON Feed");
    let items = feed["items"].as_array().expect("items");
    assert!(items.iter().any(|item| item["image"] == url), "{feed}");
    if let Some((ok, report)) = run_checker("check_feeds.py", &[dir.path().join("public").as_os_str()]) {
        assert!(ok, "{report}");
    }
}

#[test]
fn a_second_build_does_no_image_work() {
    let dir = image_site();
    let first = build(dir.path());
    assert!(first.contains(", 2 decoded, 1 card drawn)"), "{first}");
    assert!(dir.path().join(".gazette-cache").is_dir());
    let before = tree(&dir.path().join("public"));
    let second = build(dir.path());
    assert!(second.contains(", 0 decoded, 0 cards drawn)"), "{second}");
    assert_eq!(
        tree(&dir.path().join("public")),
        before,
        "a warm build writes the same site"
    );
}

/// Regression (issue 14): an image in an edition's introduction or note was never looked for
/// (one misspelt went out as a broken image) nor sized: the page had it at full size with no
/// `width` and `height`, the email the original file. It is now found, made in sizes and given
/// its dimensions as an article's is; the email takes the largest size, at the column's width.
#[test]
fn an_editions_images_are_found_sized_and_fit_the_email() {
    let dir = image_site();
    let edition = "---\ndate: 2024-06-20T20:00:00Z\nitems:\n  - article: 2024/06/oil.md\n    note: \"The quay: ![A quay](@/2024/06/quay.png)\"\n---\nThe port from above:\n\n![A map of the port](map.png)\n";
    std::fs::create_dir_all(dir.path().join("content/editions")).expect("folders");
    std::fs::write(dir.path().join("content/editions/2024-06-20.md"), edition).expect("the edition");
    std::fs::write(
        dir.path().join("content/editions/map.png"),
        encode(&photo(1600, 900), image::ImageFormat::Png),
    )
    .expect("the map");
    build(dir.path());
    let out = tree(&dir.path().join("public"));
    let page = img_tags(&text(&out, "editions/2024-06-20/index.html"));
    let email_html = text(&out, "editions/2024-06-20/email.html");
    let email = img_tags(&email_html);
    for (alt, width, height, scaled) in [
        ("A map of the port", "1600", "900", "302"),
        ("A quay", "1000", "600", "322"),
    ] {
        let on_page = page
            .iter()
            .find(|t| attr(t, "alt") == Some(alt))
            .expect("the page shows it");
        assert_eq!(
            (attr(on_page, "width"), attr(on_page, "height")),
            (Some(width), Some(height)),
            "{on_page}"
        );
        assert!(attr(on_page, "srcset").is_some(), "{on_page}");
        let src = attr(on_page, "src").expect("a src");
        assert!(out.contains_key(src.trim_start_matches("/desk/")), "{src} is made");
        let in_email = email
            .iter()
            .find(|t| attr(t, "alt") == Some(alt))
            .expect("the email shows it");
        assert_eq!(
            attr(in_email, "src"),
            Some(format!("https://example.org{src}").as_str()),
            "{in_email}"
        );
        // At the column's width, its height scaled with it.
        assert_eq!(attr(in_email, "width"), Some("536"), "{in_email}");
        assert_eq!(attr(in_email, "height"), Some(scaled), "{in_email}");
        assert!(attr(in_email, "srcset").is_none(), "{in_email}");
    }
    assert!(
        !email_html.contains("<picture") && !email_html.contains("<source"),
        "{email_html}"
    );
    // Regression (editor's probe): the editions feeds, which RSS-to-email services paste into
    // their 600 px templates, carried the page's `<picture>` (WebP sources, an `<img
    // width="1600">` that Outlook shows at full width): each image is its `<img>` at the column.
    let entry: serde_json::Value = serde_json::from_str(&text(&out, "editions/feed.json")).expect("JSON");
    let content = entry["items"][0]["content_html"].as_str().expect("content_html");
    assert!(
        !content.contains("<picture") && !content.contains("<source"),
        "{content}"
    );
    let in_feed = img_tags(content);
    assert_eq!(in_feed.len(), 2, "{content}");
    for img in &in_feed {
        assert_eq!(attr(img, "width"), Some("536"), "{img}");
    }
    let atom = text(&out, "editions/atom.xml");
    assert!(
        !atom.contains("&lt;picture") && atom.contains("width=&quot;536&quot;"),
        "{atom}"
    );
    if let Some((passed, report)) = run_checker("check_email.mjs", &[dir.path().join("public").as_os_str()]) {
        assert!(passed, "{report}");
    }
}

/// Regression: `map.jpg` and `map.png` in one folder had their sizes named alike
/// (`map-480.webp`), so one image's files overwrote the other's and readers saw the wrong
/// picture, without a word. Such images' sizes are named with their extension.
#[test]
fn two_images_of_one_name_keep_their_own_sizes() {
    let dir = image_site();
    let solid = |rgb: [u8; 3], width: u32, height: u32| {
        encode(
            &image::RgbImage::from_pixel(width, height, image::Rgb(rgb)),
            image::ImageFormat::Png,
        )
    };
    std::fs::write(
        dir.path().join("content/2024/06/map.png"),
        solid([0, 0, 255], 1000, 800),
    )
    .expect("blue");
    let red = image::RgbImage::from_pixel(1000, 500, image::Rgb([255, 0, 0]));
    std::fs::write(
        dir.path().join("content/2024/06/map.jpg"),
        encode(&red, image::ImageFormat::Jpeg),
    )
    .expect("red");
    let body = "---\ntitle: Maps\ndate: 2024-06-21\nsummary: Two maps.\ntopics: [ports]\n---\nText.\n\n![Red map](map.jpg)\n\n![Blue map](map.png)\n";
    std::fs::write(dir.path().join("content/2024/06/maps.md"), body).expect("the article");
    let printed = gazette(dir.path(), &["build"]);
    assert!(printed.status.success(), "{}", stderr(&printed));
    assert!(!stderr(&printed).contains("overwrites"), "{}", stderr(&printed));
    let out = tree(&dir.path().join("public"));
    let page = text(&out, "2024/06/maps/index.html");
    for (alt, colour) in [("Red map", [255u8, 0, 0]), ("Blue map", [0, 0, 255])] {
        let picture = page
            .split("<picture>")
            .find(|p| p.contains(&format!("alt=\"{alt}\"")))
            .expect("a picture");
        let webp = picture
            .split("srcset=\"")
            .nth(1)
            .and_then(|s| s.split(' ').next())
            .expect("a WebP size");
        let pixel = decode(&out[webp.trim_start_matches("/desk/")])
            .to_rgb8()
            .get_pixel(5, 5)
            .0;
        let near = pixel.iter().zip(colour).all(|(a, b)| a.abs_diff(b) < 40);
        assert!(near, "{alt}: {webp} is {pixel:?}");
    }
}

/// Regression: a PNG saved as `chart.jpg` went out under that name as PNG bytes, which a host
/// sends as `image/jpeg`, without a word.
#[test]
fn an_image_named_as_another_format_is_warned_of() {
    let dir = image_site();
    std::fs::write(
        dir.path().join("content/2024/06/chart.jpg"),
        encode(&photo(600, 400), image::ImageFormat::Png),
    )
    .expect("the chart");
    let body = "---\ntitle: Chart\ndate: 2024-06-21\nsummary: A chart.\ntopics: [ports]\n---\nText.\n\n![A chart](chart.jpg)\n";
    std::fs::write(dir.path().join("content/2024/06/chart.md"), body).expect("the article");
    let run = gazette(dir.path(), &["build"]);
    let printed = stderr(&run);
    assert!(run.status.success(), "{printed}");
    assert!(
        printed.contains("content/2024/06/chart.md:9:1: warning: the image `chart.jpg` is a PNG file named as a JPEG: hosts send it as image/jpeg\n"),
        "{printed}"
    );
    assert!(
        printed.contains("= help: rename it `chart.png` (and the references to it)"),
        "{printed}"
    );
    // A file whose name says what it is gets no such word.
    assert_eq!(printed.matches("named as a").count(), 1, "{printed}");
}

/// Regression (security probe): a `.gazette-cache` that is a link out of the site (a cloned
/// repository could carry one) was followed, and the build wrote image files outside the site;
/// an `i18n/en.yaml` linked to a file outside was read, and its first line shown in the error.
#[cfg(unix)]
#[test]
fn links_out_of_the_site_for_the_cache_or_words_are_not_followed() {
    let dir = image_site();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("passwd"), "root:x:0:0:root:/root:/bin/bash\n").unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.path().join(".gazette-cache")).unwrap();
    std::fs::create_dir_all(dir.path().join("i18n")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("passwd"), dir.path().join("i18n/en.yaml")).unwrap();
    let run = gazette(dir.path(), &["build"]);
    let printed = stderr(&run);
    assert!(run.status.success(), "{printed}");
    assert!(
        printed.contains(".gazette-cache is a link out of the site")
            && printed.contains("images are made without a cache"),
        "{printed}"
    );
    assert!(
        printed.contains("i18n/en.yaml: warning: this link leads out of the site"),
        "{printed}"
    );
    assert!(!printed.contains("root:x"), "{printed}");
    let written: Vec<_> = std::fs::read_dir(outside.path()).unwrap().collect();
    assert_eq!(written.len(), 1, "only the file that was there: {written:?}");
}

/// Regression (languages and images probe): a 1×1 lead image and a 10000×100 panorama went out
/// without a word, the one listed in the structured data as 1×1 "crops", the other shown as a
/// strip a few pixels high on every card.
#[test]
fn a_lead_image_too_small_or_too_long_is_warned_of_and_not_offered_to_search_engines() {
    let dir = image_site();
    // An SVG's size is its viewBox, not pixels: no warning for a small one (review).
    std::fs::write(
        dir.path().join("content/2024/06/map.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 160 90\"><rect width=\"160\" height=\"90\"/></svg>",
    )
    .expect("an SVG");
    for (name, width, height) in [("pixel.png", 1, 1), ("pano.png", 4000, 100), ("map.svg", 0, 0)] {
        if width > 0 {
            std::fs::write(
                dir.path().join("content/2024/06").join(name),
                encode(&photo(width, height), image::ImageFormat::Png),
            )
            .expect("an image");
        }
        let stem = name.split('.').next().unwrap_or(name);
        let body = format!(
            "---\ntitle: {stem}\ndate: 2024-06-21\nsummary: S.\ntopics: [ports]\nimage: {{ src: {name}, alt: A picture }}\n---\nText.\n"
        );
        std::fs::write(dir.path().join(format!("content/2024/06/{stem}.md")), body).expect("the article");
    }
    let run = gazette(dir.path(), &["build"]);
    let printed = stderr(&run);
    assert!(run.status.success(), "{printed}");
    assert!(
        printed.contains("warning: the lead image `pixel.png` is 1×1 pixels: too small to lead a page or to be shared"),
        "{printed}"
    );
    assert!(
        printed.contains("warning: the lead image `pano.png` is 4000×100 pixels, 40 times as wide as it is high"),
        "{printed}"
    );
    assert!(
        !printed.contains("`port.jpg`") && !printed.contains("`map.svg`"),
        "a fit lead image is not warned of: {printed}"
    );
    let out = tree(&dir.path().join("public"));
    let tiny = text(&out, "2024/06/pixel/index.html");
    assert!(!tiny.contains("pixel-1x1") && !tiny.contains("pixel-16x9"), "{tiny}");
    let fit = text(&out, "2024/06/oil/index.html");
    assert!(fit.contains("port-16x9"), "a fit lead image's crops stay: {fit}");
}

#[test]
fn images_off_copies_images_as_they_are() {
    let dir = image_site();
    std::fs::write(dir.path().join("site.yaml"), format!("{SITE}images: off\n")).expect("site.yaml");
    build(dir.path());
    let out = tree(&dir.path().join("public"));
    assert!(!out.keys().any(|p| p.ends_with(".webp") || p.ends_with("card.png")));
    assert_eq!(
        out["2024/06/port.jpg"],
        std::fs::read(dir.path().join("content/2024/06/port.jpg")).expect("source")
    );
    assert!(!dir.path().join(".gazette-cache").exists());
}

/// serve makes an image's files when one is asked for (through the cache), draws a card the
/// same way, and a text edit reloads without any image work: the cache gains no file from it.
#[test]
fn serve_makes_images_when_asked_and_a_text_edit_does_no_image_work() {
    use crate::serve::{Events, Server, get};
    let dir = image_site();
    let server = Server::start(dir.path(), &[]);
    let mut events = Events::open(&server.address);
    events.wait("hello");
    let cached = || {
        walkdir::WalkDir::new(dir.path().join(".gazette-cache"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .count()
    };
    assert_eq!(cached(), 0, "nothing is made before it is asked for");
    let page = get(&server.address, "/2024/06/oil/").text();
    assert!(page.contains("srcset=\"/2024/06/port-480.webp 480w"), "{page}");
    let webp = get(&server.address, "/2024/06/port-960.webp");
    assert_eq!((webp.status, webp.header("content-type")), (200, Some("image/webp")));
    assert_eq!(decode(&webp.body).width(), 960);
    let card = get(&server.address, "/2024/06/plain/card.png");
    assert_eq!((card.status, card.header("content-type")), (200, Some("image/png")));
    assert_eq!((decode(&card.body).width(), decode(&card.body).height()), (1200, 630));
    let made = cached();
    assert!(made > 0, "the files asked for went through the cache");
    std::fs::write(
        dir.path().join("content/2024/06/plain.md"),
        PLAIN.replace("Just text.", "Just text, edited."),
    )
    .expect("an edit");
    events.wait("reload");
    assert!(
        get(&server.address, "/2024/06/plain/")
            .text()
            .contains("Just text, edited.")
    );
    assert_eq!(cached(), made, "a text edit made no image file");
}

/// Regression: Ctrl-C while serve made images for requests waited until every queued image was
/// made (16 s in the probe, for answers that were then dropped). It now exits at once, with 0.
#[test]
fn ctrl_c_leaves_at_once_while_images_are_being_made() {
    use crate::serve::Server;
    let dir = image_site();
    // Twelve articles, each with a large lead image whose widths are made when asked for.
    for n in 0..12 {
        let folder = dir.path().join(format!("content/2024/07/p{n}"));
        std::fs::create_dir_all(&folder).expect("folders");
        std::fs::write(
            folder.join("big.png"),
            encode(&photo(3000 + n, 2000), image::ImageFormat::Png),
        )
        .expect("an image");
        std::fs::write(
            folder.join("index.md"),
            format!(
                "---\ntitle: Picture {n}\ndate: 2024-07-01\nsummary: S.\nimage:\n  src: big.png\n  alt: A picture\n---\nText.\n"
            ),
        )
        .expect("an article");
    }
    let mut server = Server::start(dir.path(), &[]);
    let address = server.address.clone();
    // Ask for every width of every picture at once, without waiting for the answers.
    let page = crate::serve::get(&address, "/2024/07/p0/").text();
    assert!(page.contains("big-480.webp"), "{page}");
    let sent = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let answered = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    for n in 0..12 {
        for width in [480, 960, 1440] {
            let address = address.clone();
            let (sent, answered) = (sent.clone(), answered.clone());
            // A request whose answer the interrupted server may never send: nothing to check.
            std::thread::spawn(move || {
                use std::io::Write;
                if let Ok(mut stream) = std::net::TcpStream::connect(&address) {
                    let path = format!("/2024/07/p{n}/big-{width}.webp");
                    let _ = write!(
                        stream,
                        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
                    );
                    sent.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    let mut reply = Vec::new();
                    let _ = std::io::Read::read_to_end(&mut stream, &mut reply);
                    if reply.starts_with(b"HTTP/1.1 200") {
                        answered.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    }
                }
            });
        }
    }
    // Every request is in, and the server is at work on them: most images are still to make.
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while sent.load(std::sync::atomic::Ordering::SeqCst) < 36 {
        assert!(
            std::time::Instant::now() < deadline,
            "the 36 requests were not all sent"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    std::thread::sleep(Duration::from_millis(300));
    let made = answered.load(std::sync::atomic::Ordering::SeqCst);
    assert!(
        made < 36,
        "all 36 images were made before Ctrl-C: the test did not interrupt any work"
    );
    let (status, took) = server
        .interrupt(Duration::from_secs(5))
        .expect("serve ends within 5 s of Ctrl-C, images or not");
    assert!(status.success(), "{status:?}");
    assert!(took < Duration::from_secs(2), "Ctrl-C took {took:?}");
}

/// A decompression bomb (a 175 KB PNG of 8000×7500 pixels, 180 MB decoded) is refused at its
/// Markdown line before anything is decoded: `gazette check` exits 1, and its peak memory stays
/// far below the image's decoded size.
///
/// The peak is read by a small Python parent: Linux counts in a child's peak memory the memory
/// of the process it was spawned from, and this test process holds other tests' sites.
#[test]
fn a_decompression_bomb_is_refused_with_bounded_memory() {
    use crate::common::{require, runs};
    if !require("python3", "apt-get install python3", runs("python3", &["--version"])) {
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    crate::common::copy_dir(&crate::common::fixture("invalid").join("image_too_large"), dir.path());
    let measure = "import resource, subprocess, sys\n\
                   run = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n\
                   print(run.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n";
    let run = std::process::Command::new("python3")
        .args(["-c", measure, env!("CARGO_BIN_EXE_gazette"), "check"])
        .current_dir(dir.path())
        .output()
        .expect("python3 runs");
    let printed = stdout(&run);
    let (code, peak_kib) = printed.trim().split_once(' ').expect("the exit code and the peak");
    assert_eq!(code, "1", "gazette check fails on the bomb");
    // ru_maxrss is in KiB on Linux.
    let peak_mib = peak_kib.parse::<u64>().expect("a number") / 1024;
    eprintln!("peak memory of `gazette check` on the bomb: {peak_mib} MiB");
    assert!(peak_mib < 100, "the bomb took {peak_mib} MiB");
}

/// Regression: an image under static/ shown by a root-relative URL is processed like any other,
/// and the build did warn that "img/map.png is generated by gazette, so this static file is not
/// used" (its own name holds its largest size).
#[test]
fn a_static_image_shown_in_a_body_is_processed_without_a_warning() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let root = dir.path();
    for (path, bytes) in [
        ("site.yaml", SITE.as_bytes().to_vec()),
        ("content/topics/ports.md", TOPIC.as_bytes().to_vec()),
        (
            "content/2024/06/map.md",
            b"---\ntitle: A map\ndate: 2024-06-19\ntopics: [ports]\n---\n![The map](/img/map.png)\n".to_vec(),
        ),
        ("static/img/map.png", encode(&photo(800, 500), image::ImageFormat::Png)),
    ] {
        std::fs::create_dir_all(root.join(path).parent().expect("a parent")).expect("folders");
        std::fs::write(root.join(path), bytes).expect("a file");
    }
    let run = gazette(root, &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert_eq!(stderr(&run), "", "no warning");
    let page = std::fs::read_to_string(root.join("public/2024/06/map/index.html")).expect("the page");
    assert!(page.contains("src=\"/desk/img/map-800.png\""), "{page}");
    assert_eq!(
        decode(&std::fs::read(root.join("public/img/map.png")).expect("the image")).width(),
        800
    );
}

/// A headline in a script the card's font lacks is a warning; a Korean headline draws, since the
/// default theme's font has every Hangul syllable. Regression: such a card was made all the same,
/// with gaps, and an Arabic one (whose letters the card cannot join, right to left) was blank
/// but for the date; each was the page's og:image. No card is made now, and the page names none.
#[test]
fn a_card_that_cannot_be_set_is_not_made_and_is_said() {
    let dir = crate::common::site(&[
        ("site.yaml", SITE),
        ("content/topics/ports.md", TOPIC),
        (
            "content/2024/06/ru.md",
            "---\ntitle: Путин в Пхеньяне\ndate: 2024-06-19\ntopics: [ports]\n---\nText.\n",
        ),
        (
            "content/2024/06/ar.md",
            "---\ntitle: توقيع المعاهدة\ndate: 2024-06-19\ntopics: [ports]\n---\nText.\n",
        ),
        (
            "content/2024/06/ko.md",
            "---\ntitle: 북러 조약 체결\ndate: 2024-06-19\ntopics: [ports]\n---\nText.\n",
        ),
    ]);
    let run = gazette(dir.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let err = stderr(&run);
    assert_eq!(err.matches("warning:").count(), 2, "{err}");
    assert!(
        err.contains("content/2024/06/ru.md: warning: the theme's card font has no glyph for `Путинвхеья`, so this article has no social card"),
        "{err}"
    );
    assert!(
        err.contains("content/2024/06/ar.md: warning: `ت` is of a script that runs right to left or joins its letters"),
        "{err}"
    );
    for page in ["ru", "ar"] {
        assert!(
            !dir.path().join(format!("public/2024/06/{page}/card.png")).exists(),
            "{page}"
        );
        let html = std::fs::read_to_string(dir.path().join(format!("public/2024/06/{page}/index.html"))).unwrap();
        assert!(!html.contains("og:image"), "{page} names no image");
    }
    let card = std::fs::read(dir.path().join("public/2024/06/ko/card.png")).expect("the Korean card");
    assert_eq!(decode(&card).width(), 1200);
}

/// Regression (language probe, session 24): on an Arabic site every article was a warning that
/// its card could not be set, naming a letter of the site's title: no card of the site can be,
/// and `--strict` could never pass. One warning says so for all of them.
#[test]
fn a_site_whose_title_or_dates_no_card_can_hold_is_one_warning() {
    let mut files = vec![
        (
            "site.yaml".to_string(),
            "title: مكتب الخليج\nbase_url: https://example.org/\nlanguage: ar\ntimezone: UTC\n".to_string(),
        ),
        ("content/topics/ports.md".to_string(), TOPIC.to_string()),
    ];
    for n in 0..3 {
        files.push((
            format!("content/2024/06/a{n}.md"),
            format!("---\ntitle: خبر {n}\ndate: 2024-06-1{n}\ntopics: [ports]\n---\nنص.\n"),
        ));
    }
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let dir = crate::common::site(&refs);
    let run = gazette(dir.path(), &["build"]);
    let err = stderr(&run);
    assert!(run.status.success(), "{err}");
    let card_warnings: Vec<&str> = err.lines().filter(|l| l.contains("social card")).collect();
    assert_eq!(card_warnings.len(), 1, "{err}");
    assert!(
        card_warnings[0].contains("(in the site's title or its dates in `ar`), so none of the 3 articles without a lead image here has a social card"),
        "{err}"
    );
}
