//! A page's language: its writing direction, its plural rules and the way it writes dates, from
//! the CLDR data compiled into icu4x (no system locale, so the output is the same everywhere).
//!
//! One `Language` is made per build and language (its formatters are made once, never per date).
//! English keeps gazette's own style (`21 June 2024`, `22–23 November 2026`), byte for byte the
//! same as before languages came; every other language is written by CLDR's long date formats
//! (`2024년 6월 21일`, `21. Juni 2024`). Arabic is written with Western digits (`-u-nu-latn`),
//! as most Arabic news sites write them; a tag that names its own numbering system keeps it.

use icu_calendar::Gregorian;
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_datetime::fieldsets::{Y, YM, YMD, YMDT};
use icu_datetime::input::{Date, DateTime, Time};
use icu_locale_core::Locale;
use icu_locale_core::extensions::unicode::{key, value};
use icu_plurals::{PluralCategory, PluralRules};

use super::dates::{DateValue, Precision, month_name};

/// The primary language subtags written right to left (when no script subtag says otherwise).
const RTL_LANGUAGES: [&str; 14] = [
    "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "nqo", "ps", "sd", "syr", "ug", "ur",
];

/// Script subtags written right to left (`az-Arab`, `pa-Arab`, `yi-Hebr`).
const RTL_SCRIPTS: [&str; 8] = ["Arab", "Hebr", "Thaa", "Syrc", "Nkoo", "Adlm", "Rohg", "Mand"];

/// A BCP 47 tag without its extensions (`-u-…`, `-t-…`, `-x-…`: a subtag of one letter and
/// what follows): `ar-u-nu-arab` → `ar`, `pt-BR` → `pt-BR`. The extensions choose how dates and
/// numbers are written; the language, its folder and its `hreflang` are the rest.
pub fn base_tag(tag: &str) -> &str {
    let mut end = tag.len();
    let mut at = 0;
    for part in tag.split('-') {
        if at > 0 && part.len() == 1 {
            end = at - 1;
            break;
        }
        at += part.len() + 1;
    }
    &tag[..end.min(tag.len())]
}

/// A language tag as site.yaml writes it, kept in the case it is written in (it names the
/// language's folder, `/pt-br/`, and its words file; a tag means the same in any case, and the
/// words are found in any case); `None` when it is not one. Its language is a two- or
/// three-letter code, so that a name (`english`, `korean`) or a number (`12`), which BCP 47's
/// syntax would let pass, is not taken for a language.
pub fn language_tag(text: &str) -> Option<String> {
    let text = text.trim();
    let locale = Locale::try_from_str(text).ok()?;
    let language = locale.id.language.as_str();
    let letters = (2..=3).contains(&language.len()) && language.bytes().all(|b| b.is_ascii_alphabetic());
    (letters && language != "und").then(|| text.to_string())
}

/// Countries whose two-letter code is written for their language's, which differs (ISO 3166 and
/// ISO 639 both use two letters): the country's code, the language's.
pub const COUNTRY_LANGUAGES: &[(&str, &str)] = &[
    ("kr", "ko"),
    ("kp", "ko"),
    ("jp", "ja"),
    ("cn", "zh"),
    ("tw", "zh"),
    ("gr", "el"),
    ("dk", "da"),
    ("se", "sv"),
    ("cz", "cs"),
    ("ua", "uk"),
    ("il", "he"),
    ("vn", "vi"),
    ("ir", "fa"),
    ("br", "pt"),
    ("gb", "en"),
    ("us", "en"),
];

/// The language of the country whose code `code` is (`jp` → `ja`), when it is one of
/// `COUNTRY_LANGUAGES`.
pub fn language_of_country(code: &str) -> Option<&'static str> {
    COUNTRY_LANGUAGES
        .iter()
        .find(|(country, _)| country.eq_ignore_ascii_case(code))
        .map(|(_, language)| *language)
}

/// A plural category of CLDR: which form of a counted word a number takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Plural {
    Zero,
    One,
    Two,
    Few,
    Many,
    Other,
}

impl Plural {
    /// Every category, in CLDR's order.
    pub const ALL: [Plural; 6] = [
        Plural::Zero,
        Plural::One,
        Plural::Two,
        Plural::Few,
        Plural::Many,
        Plural::Other,
    ];

    /// The category's name in i18n files: `zero`, `one`, `two`, `few`, `many`, `other`.
    pub fn name(self) -> &'static str {
        match self {
            Plural::Zero => "zero",
            Plural::One => "one",
            Plural::Two => "two",
            Plural::Few => "few",
            Plural::Many => "many",
            Plural::Other => "other",
        }
    }
}

/// How dates are written: gazette's English style, or CLDR's formats for the language.
enum DateStyle {
    House,
    Cldr(Box<CldrDates>),
}

/// The formatters of one language, made once per build.
struct CldrDates {
    year: FixedCalendarDateTimeFormatter<Gregorian, Y>,
    month: FixedCalendarDateTimeFormatter<Gregorian, YM>,
    day: FixedCalendarDateTimeFormatter<Gregorian, YMD>,
    time: FixedCalendarDateTimeFormatter<Gregorian, YMDT>,
}

/// A language of the site, with what writing in it needs.
pub struct Language {
    tag: String,
    rtl: bool,
    plurals: PluralRules,
    dates: DateStyle,
}

impl std::fmt::Debug for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Language")
            .field("tag", &self.tag)
            .field("rtl", &self.rtl)
            .finish()
    }
}

impl Language {
    /// The language of a BCP 47 tag (`en`, `ko`, `ar`, `pt-BR`). A tag CLDR does not know is
    /// written with CLDR's root data (ISO-like dates) and English plural rules never apply to it:
    /// its plurals are CLDR's root rules (everything is `other`).
    pub fn new(tag: &str) -> Language {
        let parsed: Locale = tag.parse().unwrap_or(Locale::UNKNOWN);
        let primary = parsed.id.language.as_str().to_string();
        let rtl = match parsed.id.script {
            Some(script) => RTL_SCRIPTS.contains(&script.as_str()),
            None => RTL_LANGUAGES.contains(&primary.as_str()),
        };
        let mut locale = parsed;
        if primary == "ar" && locale.extensions.unicode.keywords.get(&key!("nu")).is_none() {
            locale.extensions.unicode.keywords.set(key!("nu"), value!("latn"));
        }
        // CLDR's short day period for Korean is `AM`/`PM` (`AM 7:00`), which Korean text does
        // not write: the 24-hour clock, as Korean news gives times (`07:00`), unless the tag
        // asks for another (`ko-u-hc-h12`).
        if primary == "ko" && locale.extensions.unicode.keywords.get(&key!("hc")).is_none() {
            locale.extensions.unicode.keywords.set(key!("hc"), value!("h23"));
        }
        let plurals = PluralRules::try_new_cardinal((&locale).into()).unwrap_or_else(|_| {
            PluralRules::try_new_cardinal(Default::default()).expect("root plural data is compiled in")
        });
        let dates = if primary == "en" {
            DateStyle::House
        } else {
            DateStyle::Cldr(Box::new(CldrDates::new(&locale)))
        };
        Language {
            tag: base_tag(tag).to_string(),
            rtl,
            plurals,
            dates,
        }
    }

    /// The tag as site.yaml wrote it, without the extensions that only say how to write dates
    /// and numbers (`ar` of `ar-u-nu-arab`): what `lang` and `hreflang` say.
    pub fn tag(&self) -> &str {
        &self.tag
    }

    /// What separates the items of a list written on one line (an edition's headlines in its
    /// preheader): the Arabic semicolon in the languages written in Arabic script, the
    /// full-width one in Chinese and Japanese, `; ` otherwise.
    pub fn list_separator(&self) -> &'static str {
        let primary = self
            .tag
            .split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match primary.as_str() {
            "ar" | "fa" | "ur" | "ps" | "sd" | "ug" | "ckb" | "ks" => "؛ ",
            "zh" | "ja" => "；",
            _ => "; ",
        }
    }

    /// Whether the language is written right to left (`dir="rtl"`).
    pub fn is_rtl(&self) -> bool {
        self.rtl
    }

    /// The value of the `dir` attribute: `rtl` or `ltr`.
    pub fn dir(&self) -> &'static str {
        if self.rtl { "rtl" } else { "ltr" }
    }

    /// The plural category a count takes (`1` → `one` in English; Arabic has all six).
    pub fn plural(&self, count: u64) -> Plural {
        match self.plurals.category_for(count) {
            PluralCategory::Zero => Plural::Zero,
            PluralCategory::One => Plural::One,
            PluralCategory::Two => Plural::Two,
            PluralCategory::Few => Plural::Few,
            PluralCategory::Many => Plural::Many,
            PluralCategory::Other => Plural::Other,
        }
    }

    /// A date at its precision: `2000` · `July 2000` · `19 July 2000` · `19 July 2000, 09:30` in
    /// English; `2000년` · `2000년 7월` · `2000년 7월 19일` … in Korean.
    pub fn date(&self, date: &DateValue) -> String {
        match &self.dates {
            DateStyle::House => date.human(),
            DateStyle::Cldr(cldr) => cldr.date(date),
        }
    }

    /// A month of a year (`June 2024`, `2024년 6월`): archive months and timeline headings.
    pub fn month(&self, year: i16, month: i8) -> String {
        match &self.dates {
            DateStyle::House => format!("{} {}", month_name(month), year),
            DateStyle::Cldr(cldr) => match Date::try_new_gregorian(i32::from(year), month as u8, 1) {
                Ok(date) => cldr.month.format(&date).to_string(),
                Err(_) => format!("{year:04}-{month:02}"),
            },
        }
    }

    /// An event's span, as short as it can be written: `22–23 November 2026` and
    /// `30 November – 2 December 2026` in English, `start – end` in full elsewhere.
    pub fn date_range(&self, start: &DateValue, end: &DateValue) -> String {
        match &self.dates {
            DateStyle::House => house_range(start, end),
            DateStyle::Cldr(cldr) => {
                let (from, to) = (cldr.date(start), cldr.date(end));
                if from == to { from } else { format!("{from} – {to}") }
            }
        }
    }
}

impl CldrDates {
    fn new(locale: &Locale) -> CldrDates {
        let prefs = || locale.into();
        // Compiled data has every locale's formats (falling back to the root's), so these never fail.
        CldrDates {
            year: FixedCalendarDateTimeFormatter::try_new(prefs(), Y::long()).expect("compiled CLDR data"),
            month: FixedCalendarDateTimeFormatter::try_new(prefs(), YM::long()).expect("compiled CLDR data"),
            day: FixedCalendarDateTimeFormatter::try_new(prefs(), YMD::long()).expect("compiled CLDR data"),
            time: FixedCalendarDateTimeFormatter::try_new(prefs(), YMD::long().with_time_hm())
                .expect("compiled CLDR data"),
        }
    }

    fn date(&self, value: &DateValue) -> String {
        let start = &value.start;
        let Ok(date) = Date::try_new_gregorian(i32::from(start.year()), start.month() as u8, start.day() as u8) else {
            return value.iso();
        };
        match value.precision {
            Precision::Year => self.year.format(&date).to_string(),
            Precision::Month => self.month.format(&date).to_string(),
            Precision::Day => self.day.format(&date).to_string(),
            Precision::Time => match Time::try_new(start.hour() as u8, start.minute() as u8, 0, 0) {
                Ok(time) => format!("{} {}", self.time.format(&DateTime { date, time }), value.zone()),
                Err(_) => self.day.format(&date).to_string(),
            },
        }
    }
}

/// English ranges as people write them: `22–23 November 2026` within one month,
/// `30 November – 2 December 2026` within one year, both dates in full otherwise.
fn house_range(start: &DateValue, end: &DateValue) -> String {
    let (from, to) = (start.start.date(), end.start.date());
    if start.precision != Precision::Day || end.precision != Precision::Day || from.year() != to.year() {
        return format!("{} – {}", start.human(), end.human());
    }
    let year = from.year();
    if from == to {
        start.human()
    } else if from.month() == to.month() {
        // Joined by an en dash without spaces, as for any range of numbers.
        format!("{}–{} {} {year}", from.day(), to.day(), month_name(from.month()))
    } else {
        format!(
            "{} {} – {} {} {year}",
            from.day(),
            month_name(from.month()),
            to.day(),
            month_name(to.month())
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::dates::parse_event_date;
    use jiff::tz::TimeZone;

    fn date(text: &str) -> DateValue {
        parse_event_date(text, &TimeZone::UTC).unwrap()
    }

    /// Regression (languages probe): `ar-u-nu-arab`, the way to ask for Arabic-Indic digits,
    /// was also the folder (`/ar-u-nu-arab/`), the files' suffix and `hreflang`, which search
    /// engines do not read as Arabic.
    #[test]
    fn the_base_tag_leaves_out_extensions() {
        assert_eq!(base_tag("ar-u-nu-arab"), "ar");
        assert_eq!(base_tag("ko-u-hc-h12"), "ko");
        assert_eq!(base_tag("pt-BR"), "pt-BR");
        assert_eq!(base_tag("zh-Hant-TW-x-private"), "zh-Hant-TW");
        assert_eq!(base_tag("en"), "en");
        let arabic = Language::new("ar-u-nu-arab");
        assert_eq!(arabic.tag(), "ar");
        assert!(arabic.rtl);
    }

    #[test]
    fn plurals_follow_cldr() {
        let en = Language::new("en");
        assert_eq!(en.plural(1), Plural::One);
        assert_eq!(en.plural(0), Plural::Other);
        assert_eq!(en.plural(3), Plural::Other);
        let ko = Language::new("ko");
        assert!([0, 1, 2, 5, 11, 100].iter().all(|&n| ko.plural(n) == Plural::Other));
        let ar = Language::new("ar");
        let got: Vec<Plural> = [0, 1, 2, 3, 10, 11, 99, 100, 102]
            .iter()
            .map(|&n| ar.plural(n))
            .collect();
        use Plural::*;
        assert_eq!(got, [Zero, One, Two, Few, Few, Many, Many, Other, Other]);
    }

    #[test]
    fn dates_are_written_as_the_language_writes_them() {
        let ko = Language::new("ko");
        assert_eq!(ko.date(&date("2024-06-21")), "2024년 6월 21일");
        assert_eq!(ko.date(&date("2000-07")), "2000년 7월");
        assert_eq!(ko.date(&date("2000")), "2000년");
        assert_eq!(ko.month(2024, 6), "2024년 6월");
        // Regression: Korean times read `AM 7:00`.
        assert_eq!(ko.date(&date("2024-06-21 19:30")), "2024년 6월 21일 19:30 UTC");
        assert_eq!(ko.date(&date("2024-06-21 07:05")), "2024년 6월 21일 07:05 UTC");
        let de = Language::new("de");
        assert_eq!(de.date(&date("2024-06-21")), "21. Juni 2024");
        let ar = Language::new("ar");
        let written = ar.date(&date("2024-06-21"));
        assert!(written.contains("يونيو") && written.contains("2024"), "{written}");
        assert!(!written.contains('٢'), "Western digits: {written}");
        let en = Language::new("en");
        assert_eq!(en.date(&date("2024-06-21")), "21 June 2024");
        assert_eq!(en.date(&date("2000-07")), "July 2000");
        assert_eq!(
            en.date_range(&date("2026-11-22"), &date("2026-11-23")),
            "22–23 November 2026"
        );
        assert_eq!(
            ko.date_range(&date("2026-11-22"), &date("2026-11-23")),
            "2026년 11월 22일 – 2026년 11월 23일"
        );
    }

    #[test]
    fn lists_take_the_languages_semicolon() {
        assert_eq!(Language::new("ar").list_separator(), "؛ ");
        assert_eq!(Language::new("fa-IR").list_separator(), "؛ ");
        assert_eq!(Language::new("zh-Hans").list_separator(), "；");
        assert_eq!(Language::new("he").list_separator(), "; ");
        assert_eq!(Language::new("en-GB").list_separator(), "; ");
    }

    #[test]
    fn direction_comes_from_the_tag() {
        assert!(Language::new("ar").is_rtl());
        assert!(Language::new("he-IL").is_rtl());
        assert!(Language::new("fa").is_rtl());
        assert!(!Language::new("ko").is_rtl());
        assert!(!Language::new("en").is_rtl());
        assert!(Language::new("pa-Arab").is_rtl());
        assert!(!Language::new("ku-Latn").is_rtl());
        assert_eq!(Language::new("ur").dir(), "rtl");
    }
}
