//! Property tests (proptest): slugs, date parsing round trips, and the escaping of writer text in
//! JSON, XML and a whole built site.

use std::path::Path;

use gazette::core::dates::{self, DateValue, Precision};
use gazette::core::slug::{is_slug, slugify};
use gazette::publish::xml_escape;
use gazette::render::escape_json_for_html;
use jiff::civil::{Date, DateTime, Time};
use jiff::tz::{Offset, TimeZone};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

use crate::common::{gazette, site, stderr, tree};

// ---------------------------------------------------------------------------------------------
// Slugs

/// Text that stresses slugify: separators, apostrophes, case, accents, scripts, emoji, marks.
fn slug_text() -> impl Strategy<Value = String> {
    let tricky = prop::sample::select(vec![
        "-", "--", " ", "'", "\u{2019}", "_", ".", "/", "a", "Z", "9", "é", "ß", "Ж", "김", "北", "🚀", "ǅ", "ﬁ", "İ",
        "\u{0301}", "\u{200d}", "\u{feff}", "x-", "٣",
    ]);
    prop_oneof![
        any::<String>(),
        "\\PC{0,40}",
        prop::collection::vec(tricky, 0..24).prop_map(|parts| parts.concat()),
    ]
}

proptest! {
    #[test]
    fn slugify_always_makes_a_slug_and_is_idempotent(text in slug_text()) {
        let slug = slugify(&text);
        prop_assert!(is_slug(&slug), "slugify({:?}) = {:?} is not a slug", text, slug);
        prop_assert!(slug.bytes().all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'-')), "{}", slug);
        prop_assert_eq!(slugify(&slug), slug);
    }
}

// ---------------------------------------------------------------------------------------------
// Dates

/// Zones with and without DST, with half-hour and 45-minute offsets, on both sides of UTC.
const ZONES: &[&str] = &[
    "UTC",
    "Asia/Seoul",
    "America/New_York",
    "Europe/London",
    "Asia/Kolkata",
    "America/St_Johns",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
];

fn zone(name: &str) -> TimeZone {
    TimeZone::get(name).expect("the tz database is compiled in")
}

fn zone_name() -> impl Strategy<Value = &'static str> {
    prop::sample::select(ZONES)
}

/// A year the parser reads (four digits), often one where the calendar or the tz database has an
/// edge: the ends of the range, local mean time before 1908, the Unix epoch, 2038.
fn year() -> impl Strategy<Value = i16> {
    prop_oneof![
        3 => 0i16..=9999,
        1 => prop::sample::select(vec![0i16, 1, 1899, 1900, 1907, 1908, 1969, 1970, 2038, 9998, 9999]),
    ]
}

/// A valid civil date and time in a year the parser reads.
fn civil() -> impl Strategy<Value = DateTime> {
    (year(), 1i8..=12, 1i8..=31, 0i8..24, 0i8..60, 0i8..60).prop_map(|(year, month, day, hour, minute, second)| {
        let first = Date::new(year, month, 1).expect("a valid month");
        let date = Date::new(year, month, day.min(first.days_in_month())).expect("a valid day");
        DateTime::from_parts(date, Time::new(hour, minute, second, 0).expect("a valid time"))
    })
}

/// A civil date and time, now and then on the first or last day the parser reads, where an
/// offset or a zone can carry the instant out of years 0000–9999.
fn moment() -> impl Strategy<Value = DateTime> {
    let edge = (any::<bool>(), 0i8..24, 0i8..60, 0i8..60).prop_map(|(last, hour, minute, second)| {
        let date = if last {
            Date::constant(9999, 12, 31)
        } else {
            Date::constant(0, 1, 1)
        };
        DateTime::from_parts(date, Time::new(hour, minute, second, 0).expect("a valid time"))
    });
    prop_oneof![4 => civil(), 1 => edge]
}

/// An offset as writers type it: sign, hours 00–23, minutes 00–59.
fn offset() -> impl Strategy<Value = (bool, i32, i32)> {
    (any::<bool>(), 0i32..=23, 0i32..=59)
}

/// The forms DATE_FORMS accepts.
#[derive(Debug, Clone, Copy)]
enum Form {
    /// `2024-06-21T09:30:00+09:00` (or `Z` for +00:00).
    Rfc3339,
    /// `2024-06-21`.
    Day,
    /// `2024-06-21 09:30`.
    Minutes,
    /// `2024-06-21 09:30:15`.
    Seconds,
    /// `2024-06-21 09:30:15 +0900`.
    JekyllCompactOffset,
    /// `2024-06-21 09:30:15 -05:00`.
    JekyllColonOffset,
}

fn form() -> impl Strategy<Value = Form> {
    prop::sample::select(vec![
        Form::Rfc3339,
        Form::Day,
        Form::Minutes,
        Form::Seconds,
        Form::JekyllCompactOffset,
        Form::JekyllColonOffset,
    ])
}

/// What a written date means.
#[derive(Debug, Clone, Copy)]
enum Meaning {
    /// A wall-clock reading in the site's zone, at this precision.
    Civil(DateTime, Precision),
    /// A moment: the reading at an explicit offset.
    Instant(DateTime, Offset),
}

/// Writes `at` in `form` (with `offset` where the form has one) and says what it means.
fn write(form: Form, at: DateTime, (negative, hours, minutes): (bool, i32, i32)) -> (String, Meaning) {
    let sign = if negative { '-' } else { '+' };
    let seconds = if negative { -1 } else { 1 } * (hours * 3600 + minutes * 60);
    let offset = Offset::from_seconds(seconds).expect("an offset under 24 hours");
    let day = format!("{:04}-{:02}-{:02}", at.year(), at.month(), at.day());
    let clock = format!("{:02}:{:02}", at.hour(), at.minute());
    let full = format!("{clock}:{:02}", at.second());
    match form {
        Form::Rfc3339 if seconds == 0 && !negative => (format!("{day}T{full}Z"), Meaning::Instant(at, offset)),
        Form::Rfc3339 => (
            format!("{day}T{full}{sign}{hours:02}:{minutes:02}"),
            Meaning::Instant(at, offset),
        ),
        Form::Day => (
            day,
            Meaning::Civil(at.date().to_datetime(Time::midnight()), Precision::Day),
        ),
        Form::Minutes => (
            format!("{day} {clock}"),
            Meaning::Civil(at.with().second(0).build().expect("a valid time"), Precision::Time),
        ),
        Form::Seconds => (format!("{day} {full}"), Meaning::Civil(at, Precision::Time)),
        Form::JekyllCompactOffset => (
            format!("{day} {full} {sign}{hours:02}{minutes:02}"),
            Meaning::Instant(at, offset),
        ),
        Form::JekyllColonOffset => (
            format!("{day} {full} {sign}{hours:02}:{minutes:02}"),
            Meaning::Instant(at, offset),
        ),
    }
}

/// Checks a parse against what the text means; the parse may fail only where the instant falls
/// outside years 0000 to 9999 in the site's zone or in UTC (which RFC 3339 cannot write).
fn check_parse(
    text: &str,
    meaning: Meaning,
    tz_name: &str,
    parsed: Result<DateValue, dates::DateError>,
) -> Result<(), TestCaseError> {
    let tz = zone(tz_name);
    let (want, precision, written) = match meaning {
        Meaning::Civil(at, precision) => (at.to_zoned_datetime(tz.clone()).ok(), precision, Some(at)),
        Meaning::Instant(at, offset) => (
            offset
                .to_timestamp(at)
                .ok()
                .map(|instant| instant.to_zoned_datetime(tz.clone())),
            Precision::Time,
            None,
        ),
    };
    let writable = |z: &jiff::ZonedDateTime| {
        (0..=9999).contains(&z.year())
            && (0..=9999).contains(&z.timestamp().to_zoned_datetime(jiff::tz::TimeZone::UTC).year())
    };
    let Some(want) = want.filter(writable) else {
        prop_assert!(parsed.is_err(), "{:?} is out of range, yet it parsed", text);
        return Ok(());
    };
    let got = match parsed {
        Ok(got) => got,
        Err(e) => {
            return Err(TestCaseError::fail(format!(
                "{text:?} in {tz_name} did not parse: {}",
                e.0
            )));
        }
    };
    prop_assert_eq!(got.precision, precision, "{:?}", text);
    prop_assert_eq!(got.start.timestamp(), want.timestamp(), "{:?} in {}", text, tz_name);
    // The value is in the site's zone, so its civil fields are the site's wall clock.
    prop_assert_eq!(got.start.time_zone().iana_name(), Some(tz_name));
    prop_assert_eq!(got.start.datetime(), want.datetime(), "{:?} in {}", text, tz_name);
    // A wall-clock reading keeps what was written, unless that time does not exist in the zone
    // (a DST gap), where it moves forward as jiff's "compatible" strategy says.
    if let Some(at) = written {
        if want.datetime() == at {
            let start = &got.start;
            prop_assert_eq!(
                (
                    start.year(),
                    start.month(),
                    start.day(),
                    start.hour(),
                    start.minute(),
                    start.second()
                ),
                (at.year(), at.month(), at.day(), at.hour(), at.minute(), at.second())
            );
        } else {
            prop_assert!(want.datetime() > at, "{:?}: a gap moves the time forward", text);
        }
    }
    Ok(())
}

proptest! {
    #[test]
    fn every_date_form_parses_to_what_was_written(at in moment(), offset in offset(), form in form(), tz in zone_name()) {
        let (text, meaning) = write(form, at, offset);
        check_parse(&text, meaning, tz, dates::parse_date(&text, &zone(tz)))?;
        // An event date accepts every publication date form, with the same meaning.
        check_parse(&text, meaning, tz, dates::parse_event_date(&text, &zone(tz)))?;
    }

    #[test]
    fn rfc3339_output_parses_back_to_the_same_instant(
        at in moment(),
        offset in offset(),
        form in form(),
        tz in zone_name(),
    ) {
        let (text, _) = write(form, at, offset);
        if let Ok(value) = dates::parse_date(&text, &zone(tz)) {
            let written = dates::rfc3339(&value.start);
            for reader in [tz, "UTC"] {
                match dates::parse_date(&written, &zone(reader)) {
                    Ok(again) => prop_assert_eq!(
                        again.start.timestamp(),
                        value.start.timestamp(),
                        "{:?} in {} was written as {:?}",
                        text,
                        tz,
                        written
                    ),
                    Err(e) => prop_assert!(
                        false,
                        "{:?} in {} was written as {:?}, which does not parse: {}",
                        text,
                        tz,
                        written,
                        e.0
                    ),
                }
            }
        }
    }

    #[test]
    fn event_dates_keep_their_precision_and_iso_form(
        year in year(),
        month in 1i8..=12,
        with_month in any::<bool>(),
        tz in zone_name(),
    ) {
        let (text, precision) = if with_month {
            (format!("{year:04}-{month:02}"), Precision::Month)
        } else {
            (format!("{year:04}"), Precision::Year)
        };
        let value = dates::parse_event_date(&text, &zone(tz));
        // The first instant of year 0000 may lie before what jiff represents in a zone east of UTC.
        if let Ok(value) = value {
            prop_assert_eq!(value.precision, precision);
            prop_assert_eq!(value.iso(), text.clone());
            prop_assert_eq!(value.year(), year);
            prop_assert!(dates::parse_date(&text, &zone(tz)).is_err(), "{:?} is not a publication date", text);
        } else {
            prop_assert_eq!(year, 0, "{:?} did not parse in {}", text, tz);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Escaping

/// The characters XML 1.0 can hold; `xml_escape` drops the others.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// The entities `xml_escape` writes, and what each stands for; `&amp;` last, so that undoing them
/// in this order restores the text.
const ENTITIES: &[(&str, &str)] = &[
    ("&lt;", "<"),
    ("&gt;", ">"),
    ("&quot;", "\""),
    ("&#39;", "'"),
    ("&amp;", "&"),
];

/// Text with markup in it, and now and then anything at all.
fn title_text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), "[a-z <>&\"'/;=#!\\[\\]-]{0,40}"]
}

proptest! {
    #[test]
    fn json_for_html_has_no_markup_and_reads_back(title in title_text()) {
        let json = serde_json::to_string(&title).expect("a string serialises");
        let escaped = escape_json_for_html(&json);
        prop_assert!(!escaped.contains(['<', '>', '&', '\u{2028}', '\u{2029}']), "{}", escaped);
        let back: String = serde_json::from_str(&escaped).expect("still JSON");
        prop_assert_eq!(back, title);
    }

    #[test]
    fn xml_escape_leaves_no_markup_and_unescapes_to_the_text(title in title_text()) {
        let escaped = xml_escape(&title);
        prop_assert!(!escaped.contains(['<', '>', '"', '\'']), "{}", escaped);
        prop_assert!(escaped.chars().all(is_xml_char), "{:?}", escaped);
        for (at, _) in escaped.match_indices('&') {
            prop_assert!(
                ENTITIES.iter().any(|(entity, _)| escaped[at..].starts_with(entity)),
                "a raw `&` at {} in {:?}",
                at,
                escaped
            );
        }
        let unescaped = ENTITIES
            .iter()
            .fold(escaped.clone(), |text, (entity, raw)| text.replace(entity, raw));
        prop_assert_eq!(unescaped, title.chars().filter(|&c| is_xml_char(c)).collect::<String>());
    }
}

/// Markup that would do harm if it reached a page unescaped.
const PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "'><svg onload=alert(1)>",
    "</title><h1>pwned</h1>",
    "<!-- & -->",
    "]]><x>",
    "<a href=\"javascript:alert(1)\">&amp;</a>",
    "{{ site.title }}<b>",
    "&lt;already escaped&gt; <i>",
];

/// A title that always holds markup: text, a payload, more text.
fn hostile_title() -> impl Strategy<Value = String> {
    ("[A-Za-z0-9 ]{0,8}", prop::sample::select(PAYLOADS), "[ -~]{0,8}")
        .prop_map(|(before, payload, after)| format!("Hostile {before}{payload}{after}"))
}

/// Writes a site whose writer text is `title` everywhere it can go, as YAML double-quoted strings.
fn hostile_site(title: &str) -> tempfile::TempDir {
    // JSON strings are valid YAML 1.2 double-quoted scalars, escapes included.
    let quoted = serde_json::to_string(title).expect("a string serialises");
    let site_yaml = format!("title: {quoted}\ndescription: {quoted}\nbase_url: https://example.org/\ntimezone: UTC\n");
    let topic = format!("---\ntitle: {quoted}\nsummary: {quoted}\n---\nBackground.\n");
    let article = format!(
        "---\ntitle: {quoted}\ndate: 2024-06-21\nsummary: {quoted}\ndisplay_date: {quoted}\ntopics: [hostile]\n\
         tags: [{quoted}]\nsources:\n  - outlet: {quoted}\n    title: {quoted}\n    url: https://example.com/a\n\
         updates:\n  - date: 2024-06-22\n    kind: correction\n    text: {quoted}\n---\nThe body.\n"
    );
    site(&[
        ("site.yaml", &site_yaml),
        ("content/topics/hostile.md", &topic),
        ("content/2024/06/hostile.md", &article),
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn a_hostile_title_never_reaches_a_page_raw(title in hostile_title()) {
        let dir = hostile_site(&title);
        let run = gazette(dir.path(), &["build"]);
        prop_assert!(run.status.success(), "the build failed:\n{}", stderr(&run));
        let files = tree(&dir.path().join("public"));
        let page = files
            .get("2024/06/hostile/index.html")
            .map(|bytes| String::from_utf8_lossy(bytes).into_owned())
            .unwrap_or_default();
        prop_assert!(page.contains("Hostile"), "the article page does not show the title");
        // The title is trimmed when read, so look for what a page would hold.
        let raw = title.trim();
        for (path, bytes) in &files {
            if is_markup(Path::new(path)) {
                let text = String::from_utf8_lossy(bytes);
                prop_assert!(!text.contains(raw), "{} holds the raw title {:?}", path, raw);
            }
        }
    }
}

/// HTML and XML outputs: the files where unescaped text becomes markup.
fn is_markup(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()), Some("html" | "xml"))
}
