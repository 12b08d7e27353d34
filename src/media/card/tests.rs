//! Tests of the social card: the theme's style, the layout and the PNG.

use std::path::Path;

use ab_glyph::{Font, FontRef};

use super::*;

fn theme() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default"))
}

fn load(path: &str) -> Option<Vec<u8>> {
    std::fs::read(theme().join(path)).ok()
}

fn style() -> CardStyle {
    let text = std::fs::read_to_string(theme().join("card.yaml")).expect("the default theme has card.yaml");
    style_from_yaml(&text, &load).expect("the default theme's card.yaml is valid")
}

fn font(style: &CardStyle) -> FontRef<'_> {
    FontRef::try_from_slice(&style.font).expect("a font")
}

const KOREAN: &str = "푸틴과 김정은, 상호방위조약 서명… 한반도 안보 지형 바뀌나";

fn text(headline: &str) -> CardText<'_> {
    CardText {
        site: "Korea Desk Briefings",
        topic: Some("Russia–North Korea"),
        headline,
        date: "21 June 2024",
    }
}

#[test]
fn the_default_theme_card_takes_the_site_colours() {
    let style = style();
    let css = std::fs::read_to_string(theme().join("static/style.css")).expect("style.css");
    let property = |name: &str| -> [u8; 3] {
        let line = css
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{name}:")))
            .expect(name);
        let hex = line.split('#').nth(1).expect("a colour")[..6].to_string();
        let c = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex");
        [c(0), c(2), c(4)]
    };
    assert_eq!(style.background, property("--background"));
    assert_eq!(style.foreground, property("--text"));
    assert_eq!(style.accent, property("--accent"));
    assert_eq!(style.muted, property("--muted"));
}

#[test]
fn card_yaml_mistakes_are_errors_with_a_place_and_a_fix() {
    let font = |_: &str| load("fonts/card-gothic-bold.ttf");
    let message = |yaml: &str| match style_from_yaml(yaml, &font) {
        Err(MediaError::CardStyle { pos, message }) => (pos.map(|p| (p.line, p.column)), message),
        other => panic!("{yaml}: {other:?}"),
    };
    let base = "background: \"#ffffff\"\nforeground: \"#000000\"\naccent: \"#aa0000\"\nfont: f.ttf\n";
    assert!(style_from_yaml(base, &font).is_ok());
    let (pos, text) = message(&base.replace("\"#aa0000\"", "red"));
    assert_eq!(pos, Some((3, 9)));
    assert!(
        text.contains("`accent: red` is not a colour: write it as \"#rrggbb\""),
        "{text}"
    );
    let (pos, text) = message(&format!("{base}colour: \"#000000\"\n"));
    assert_eq!(pos, Some((5, 1)));
    assert!(text.contains("unknown key `colour`"), "{text}");
    let (_, text) = message(&base.replace("font: f.ttf\n", ""));
    assert!(text.contains("`font` is missing"), "{text}");
    let (_, text) = message("background: [1, 2]\n");
    assert!(text.contains("`background` must be one value"), "{text}");
    let (_, text) = message("background: \"#ffffff\n");
    assert!(text.contains("not valid YAML"), "{text}");
    let none = |_: &str| None;
    let Err(MediaError::CardStyle { message, .. }) = style_from_yaml(base, &none) else {
        panic!("no font")
    };
    assert!(message.contains("the font `f.ttf` is not in the theme"), "{message}");
    let junk = |_: &str| Some(b"not a font".to_vec());
    let Err(MediaError::CardStyle { message, .. }) = style_from_yaml(base, &junk) else {
        panic!("junk font")
    };
    assert!(message.contains("is not a TrueType or OpenType font"), "{message}");
}

#[test]
fn a_card_is_a_small_1200_by_630_png_and_the_same_every_time() {
    let style = style();
    let bytes = card(&text("Putin and Kim sign a mutual-defence pact"), &style).expect("card");
    assert!(bytes.len() < 300 * 1024, "{} bytes", bytes.len());
    let image = image::load_from_memory_with_format(&bytes, image::ImageFormat::Png)
        .expect("decodes")
        .to_rgb8();
    assert_eq!(image.dimensions(), (WIDTH, HEIGHT));
    assert_eq!(image.get_pixel(600, 4).0, style.accent, "the rule along the top");
    assert_eq!(image.get_pixel(1190, 620).0, style.background);
    assert_eq!(
        card(&text("Putin and Kim sign a mutual-defence pact"), &style).expect("card"),
        bytes
    );
    for marker in [&b"tIME"[..], b"tEXt", b"iTXt", b"eXIf"] {
        assert!(!bytes.windows(4).any(|w| w == marker), "{marker:?}");
    }
}

/// How many pixels of the headline's box are (nearly) the foreground colour.
fn headline_ink(bytes: &[u8], style: &CardStyle) -> usize {
    let image = image::load_from_memory(bytes).expect("decodes").to_rgb8();
    let (top, bottom) = (HEADLINE_TOP as u32, HEADLINE_BOTTOM as u32);
    image
        .enumerate_pixels()
        .filter(|(_, y, p)| {
            (top..bottom).contains(y) && p.0.iter().zip(&style.foreground).all(|(a, b)| a.abs_diff(*b) < 40)
        })
        .count()
}

#[test]
fn a_korean_headline_draws_real_glyphs() {
    let style = style();
    let font = font(&style);
    for c in KOREAN.chars().filter(|c| !c.is_whitespace()) {
        assert_ne!(font.glyph_id(c).0, 0, "no glyph for {c:?}");
    }
    for c in "ÀéßÇñ“”‘’—–…₩€ 가힣ㄱㅎ".chars().filter(|c| !c.is_whitespace()) {
        assert_ne!(font.glyph_id(c).0, 0, "no glyph for {c:?}");
    }
    let korean = card(&text(KOREAN), &style).expect("card");
    let blank = card(&text(""), &style).expect("card");
    assert_eq!(headline_ink(&blank, &style), 0);
    assert!(
        headline_ink(&korean, &style) > 5_000,
        "{}",
        headline_ink(&korean, &style)
    );
}

#[test]
fn a_long_headline_shrinks_wraps_and_ends_with_an_ellipsis() {
    let style = style();
    let font = font(&style);
    let width = WIDTH as f32 - 2.0 * MARGIN;
    let (size, lines) = fit_headline(&font, "Short headline", width);
    assert_eq!((size, lines.len()), (72.0, 1));
    let medium = "Putin and Kim sign a mutual-defence pact as Seoul and Tokyo weigh their answer";
    let (size, lines) = fit_headline(&font, medium, width);
    assert!(size == 72.0 && (2..=3).contains(&lines.len()), "{size} {lines:?}");
    assert_eq!(lines.join(" "), medium, "wrapped at spaces, nothing lost");
    let long = "word ".repeat(200);
    let (size, lines) = fit_headline(&font, long.trim(), width);
    assert_eq!(size, 44.0);
    assert_eq!(lines.len(), MAX_LINES);
    assert!(lines[MAX_LINES - 1].ends_with("word…"), "{lines:?}");
    for line in &lines {
        assert!(measure(&font, size, line) <= width, "{line}");
    }
    let korean_long = KOREAN.repeat(8);
    let (_, lines) = fit_headline(&font, &korean_long, width);
    assert!(
        lines.len() <= MAX_LINES && lines[lines.len() - 1].ends_with('…'),
        "{lines:?}"
    );
    let card = card(&text(&korean_long), &style).expect("card");
    assert!(card.len() < 300 * 1024);
}

#[test]
fn chinese_and_japanese_break_between_characters_korean_at_spaces() {
    let style = style();
    let font = font(&style);
    let han = "普京金正恩签署互助防卫条约".repeat(3);
    let lines = wrap(&font, 72.0, &han, 500.0);
    assert!(lines.len() > 1, "{lines:?}");
    assert_eq!(lines.concat(), han);
    let lines = wrap(&font, 72.0, "상호방위조약 서명 한반도 안보", 500.0);
    assert!(
        lines.iter().all(|l| !l.starts_with(' ') && !l.ends_with(' ')),
        "{lines:?}"
    );
    for line in &lines {
        for word in line.split(' ') {
            assert!(
                ["상호방위조약", "서명", "한반도", "안보"].contains(&word),
                "broke inside a word: {lines:?}"
            );
        }
    }
    // A word longer than the line still breaks, rather than running off the card.
    let lines = wrap(&font, 72.0, &"x".repeat(80), 1040.0);
    assert!(
        lines.len() > 1 && lines.iter().all(|l| measure(&font, 72.0, l) <= 1040.0),
        "{lines:?}"
    );
}

#[test]
fn the_card_key_changes_with_every_word_and_the_style() {
    let style = style().fingerprint();
    let base = text("A");
    let key = card_key(&base, &style);
    assert_eq!(key, card_key(&text("A"), &style));
    assert_ne!(key, card_key(&CardText { headline: "B", ..base }, &style));
    assert_ne!(key, card_key(&CardText { topic: None, ..base }, &style));
    assert_ne!(
        key,
        card_key(
            &CardText {
                topic: Some(""),
                ..base
            },
            &card_key(&CardText { topic: None, ..base }, &style)
        )
    );
    assert_ne!(
        key,
        card_key(
            &CardText {
                date: "22 June 2024",
                ..base
            },
            &style
        )
    );
    assert_ne!(key, card_key(&CardText { site: "Other", ..base }, &style));
    assert_ne!(key, card_key(&base, &Key::of(b"another style")));
}

#[test]
fn missing_glyphs_names_what_the_font_cannot_draw() {
    let style = style();
    assert_eq!(missing_glyphs(KOREAN, &style), Vec::<char>::new());
    assert_eq!(
        missing_glyphs("Putin and Kim — “pact” … ₩1,000 €", &style),
        Vec::<char>::new()
    );
    assert_eq!(
        missing_glyphs("普京 and 普京 مرحبا", &style),
        ['普', '京', 'م', 'ر', 'ح', 'ب', 'ا']
    );
}
