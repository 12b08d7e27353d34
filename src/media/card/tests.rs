//! Tests of the social card: the theme's style, the layout and the PNG.

use std::path::Path;

use ab_glyph::{Font, FontRef};

use super::style::StyleValue;
use super::*;
use crate::core::diagnostic::Pos;

fn theme() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default"))
}

fn load(path: &str) -> Option<Vec<u8>> {
    std::fs::read(theme().join(path)).ok()
}

/// The default theme's card.yaml, read as the plain `key: "value"  # comment` lines it is (the
/// YAML layer comes after this stage: `parse::card` reads it through `parse::yaml`).
fn style() -> CardStyle {
    let text = std::fs::read_to_string(theme().join("card.yaml")).expect("the default theme has card.yaml");
    let lines: Vec<(usize, &str, &str)> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty())
        .map(|(i, l)| {
            let (key, rest) = l.split_once(": ").expect("key: value");
            let value = rest.split("  #").next().expect("a value").trim().trim_matches('"');
            (i + 1, key, value)
        })
        .collect();
    let values: Vec<StyleValue<'_>> = lines.iter().map(|&(line, k, v)| (k, v, Pos::new(line, 1))).collect();
    CardStyle::from_values(&theme().join("card.yaml"), &values, &load, &[])
        .expect("the default theme's card.yaml is valid")
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

/// themes/mine/card.yaml's values as the YAML layer gives them, each key's text at its value,
/// with some texts replaced.
fn values(replace: &[(&str, &str)]) -> Vec<(&'static str, String, Pos)> {
    let mut values = vec![
        ("background", "#fdfcf9".to_string(), Pos::new(1, 13)),
        ("foreground", "#1b1d21".to_string(), Pos::new(2, 13)),
        ("accent", "#a4161a".to_string(), Pos::new(3, 9)),
        ("muted", "#4a4f57".to_string(), Pos::new(4, 8)),
        ("font", "fonts/card.ttf".to_string(), Pos::new(5, 7)),
    ];
    for (key, text) in replace {
        let at = values.iter().position(|(k, _, _)| k == key).expect("a key");
        values[at].1 = text.to_string();
    }
    values
}

/// `values(&[])` without `keys`.
fn without(keys: &[&str]) -> Vec<(&'static str, String, Pos)> {
    values(&[]).into_iter().filter(|(k, _, _)| !keys.contains(k)).collect()
}

/// The style from `values`, or its diagnostics as shown (without the source line): `path:line:col:
/// error: message` and `  = help: hint`.
fn read(values: &[(&'static str, String, Pos)], font: &dyn Fn(&str) -> Option<Vec<u8>>) -> Result<CardStyle, String> {
    let values: Vec<StyleValue<'_>> = values.iter().map(|(k, v, pos)| (*k, v.as_str(), *pos)).collect();
    CardStyle::from_values(Path::new("themes/mine/card.yaml"), &values, font, &["fonts/Serif.otf"])
        .map_err(|errors| errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))
}

fn the_font(path: &str) -> Option<Vec<u8>> {
    (path == "fonts/card.ttf")
        .then(|| load("fonts/card-gothic-bold.ttf"))
        .flatten()
}

#[test]
fn card_yaml_values_make_the_style_and_muted_defaults_to_the_foreground() {
    let style = read(&values(&[]), &the_font).expect("valid");
    assert_eq!(
        (style.background, style.foreground, style.accent, style.muted),
        (
            [0xfd, 0xfc, 0xf9],
            [0x1b, 0x1d, 0x21],
            [0xa4, 0x16, 0x1a],
            [0x4a, 0x4f, 0x57]
        )
    );
    let style = read(&without(&["muted"]), &the_font).expect("valid without muted");
    assert_eq!(style.muted, style.foreground);
    // Keys the caller reports as unknown are not this function's to judge.
    let mut more = values(&[]);
    more.push(("fnt", "x".to_string(), Pos::new(6, 6)));
    assert!(read(&more, &the_font).is_ok());
}

#[test]
fn a_bad_colour_is_an_error_at_its_value_with_the_form_to_write() {
    assert_eq!(
        read(&values(&[("background", "#fdfcfz")]), &the_font).expect_err("bad hex"),
        "themes/mine/card.yaml:1:13: error: `background: #fdfcfz` is not a colour\n  = help: write a colour as \
         `#` and six hex digits (0-9, a-f), in quotes: `background: \"#fdfcf9\"`"
    );
    for bad in ["red", "fdfcf9", "#fff", "#fdfcf9aa", "#ｆｄｆｃｆ9"] {
        let shown = read(&values(&[("accent", bad)]), &the_font).expect_err(bad);
        assert!(
            shown.starts_with(&format!(
                "themes/mine/card.yaml:3:9: error: `accent: {bad}` is not a colour\n"
            )),
            "{shown}"
        );
        assert!(shown.contains("`accent: \"#a4161a\"`"), "{shown}");
    }
}

#[test]
fn an_empty_colour_says_that_an_unquoted_hash_starts_a_comment() {
    // `background: #fdfcf9` unquoted is an empty value (and a comment): the YAML layer places it
    // at the key.
    let mut empty = values(&[("background", "")]);
    empty[0].2 = Pos::new(1, 1);
    assert_eq!(
        read(&empty, &the_font).expect_err("empty"),
        "themes/mine/card.yaml:1:1: error: `background` has no value\n  = help: write the colour in quotes, \
         `background: \"#fdfcf9\"`: without them YAML reads a `#` after a space as the start of a comment"
    );
}

#[test]
fn a_missing_key_is_an_error_at_the_top_of_the_file_and_every_error_is_reported() {
    assert_eq!(
        read(&without(&["font"]), &the_font).expect_err("no font"),
        "themes/mine/card.yaml:1:1: error: card.yaml has no `font`\n  = help: add a line such as \
         `font: fonts/card.ttf`: card.yaml needs background, foreground, accent and font (muted is optional)"
    );
    let mut bad = without(&["foreground", "muted", "font"]);
    bad[1].1 = "red".to_string();
    let shown = read(&bad, &the_font).expect_err("three");
    assert_eq!(
        shown.lines().collect::<Vec<_>>(),
        [
            "themes/mine/card.yaml:1:1: error: card.yaml has no `foreground` or `font`",
            "  = help: add lines such as `foreground: \"#1b1d21\"` and `font: fonts/card.ttf`: card.yaml needs \
             background, foreground, accent and font (muted is optional)",
            "themes/mine/card.yaml:3:9: error: `accent: red` is not a colour",
            "  = help: write a colour as `#` and six hex digits (0-9, a-f), in quotes: `accent: \"#a4161a\"`",
        ]
    );
    let shown = read(&[], &the_font).expect_err("empty");
    assert!(
        shown.starts_with(
            "themes/mine/card.yaml:1:1: error: card.yaml has no `background`, `foreground`, `accent` or `font`\n"
        ),
        "{shown}"
    );
}

#[test]
fn a_font_that_is_not_in_the_theme_or_not_a_font_is_an_error_at_the_path() {
    assert_eq!(
        read(&values(&[("font", "fonts/Card.ttf")]), &the_font).expect_err("not there"),
        "themes/mine/card.yaml:5:7: error: the font `fonts/Card.ttf` is not in the theme: there is no \
         themes/mine/fonts/Card.ttf\n  = help: put the .ttf or .otf file there, or give the path of one the theme \
         has, from the theme's folder and with its capitals: the theme has `fonts/Serif.otf`"
    );
    let junk = |_: &str| Some(b"wOF2 not a font".to_vec());
    assert_eq!(
        read(&values(&[]), &junk).expect_err("junk"),
        "themes/mine/card.yaml:5:7: error: `fonts/card.ttf` is not a TrueType or OpenType font\n  = help: name \
         a .ttf or .otf file (a .woff or .woff2 web font does not work: convert it to .ttf)"
    );
    let mut empty = values(&[]);
    empty[4] = ("font", String::new(), Pos::new(5, 1));
    let shown = read(&empty, &the_font).expect_err("empty");
    assert!(
        shown.starts_with("themes/mine/card.yaml:5:1: error: `font` has no value\n  = help: write the path"),
        "{shown}"
    );
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
