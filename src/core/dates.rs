//! Dates as writers type them: RFC 3339, `YYYY-MM-DD`, Jekyll's `YYYY-MM-DD HH:MM[:SS] ±HH:MM`,
//! and for events also `YYYY` and `YYYY-MM`, each keeping its precision.

use std::cmp::Ordering;

use jiff::ZonedDateTime;
use jiff::civil::{Date, DateTime, Time};
use jiff::tz::{Offset, TimeZone};

/// How much of a date was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Year,
    Month,
    Day,
    Time,
}

/// A point in time as written, at the precision it was written, in the site's time zone.
///
/// `start` is the first instant of the period (`2000-07` starts on 1 July 2000, 00:00).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateValue {
    pub precision: Precision,
    pub start: ZonedDateTime,
}

impl PartialOrd for DateValue {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for DateValue {
    fn cmp(&self, other: &Self) -> Ordering {
        self.start
            .timestamp()
            .cmp(&other.start.timestamp())
            .then(self.precision.cmp(&other.precision))
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The English name of a month, 1-based.
pub fn month_name(month: i8) -> &'static str {
    MONTHS[(month.clamp(1, 12) - 1) as usize]
}

/// Whether `date` is more than a year after `now`: an article or edition dated so goes out then,
/// if ever, and the date is far more likely a slip of the year (2062 for 2026) than a plan.
pub fn more_than_a_year_after(date: jiff::Timestamp, now: jiff::Timestamp) -> bool {
    now.checked_add(jiff::SignedDuration::from_hours(366 * 24))
        .is_ok_and(|limit| date > limit)
}

impl DateValue {
    /// The date as a writer would write it back in front matter, in the site's zone:
    /// `2024-11-06`, or `2024-11-06 10:00` for a moment (`2024`, `2024-11` for a year, a month).
    pub fn short(&self) -> String {
        let format = match self.precision {
            Precision::Year => "%Y",
            Precision::Month => "%Y-%m",
            Precision::Day => "%Y-%m-%d",
            Precision::Time => "%Y-%m-%d %H:%M",
        };
        self.start.strftime(format).to_string()
    }

    /// The last instant the date stands for: the instant itself for a time, else the end of its
    /// day, month or year (in its zone).
    pub fn last_instant(&self) -> jiff::Timestamp {
        let start = self.start.timestamp();
        let span = match self.precision {
            Precision::Time => return start,
            Precision::Day => jiff::Span::new().days(1),
            Precision::Month => jiff::Span::new().months(1),
            Precision::Year => jiff::Span::new().years(1),
        };
        self.start
            .checked_add(span)
            .map_or(start, |next| next.timestamp() - jiff::SignedDuration::from_nanos(1))
    }

    /// The machine-readable form for `<time datetime>`: `2000`, `2000-07`, `2000-07-19`, or RFC 3339.
    pub fn iso(&self) -> String {
        let d = self.start.date();
        match self.precision {
            Precision::Year => format!("{:04}", d.year()),
            Precision::Month => format!("{:04}-{:02}", d.year(), d.month()),
            Precision::Day => format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
            Precision::Time => rfc3339(&self.start),
        }
    }

    /// The human form at its precision: `2000`, `July 2000`, `19 July 2000`,
    /// `19 July 2000, 09:30 KST`.
    pub fn human(&self) -> String {
        let d = self.start.date();
        match self.precision {
            Precision::Year => format!("{}", d.year()),
            Precision::Month => format!("{} {}", month_name(d.month()), d.year()),
            Precision::Day => format!("{} {} {}", d.day(), month_name(d.month()), d.year()),
            Precision::Time => format!(
                "{} {} {}, {:02}:{:02} {}",
                d.day(),
                month_name(d.month()),
                d.year(),
                self.start.hour(),
                self.start.minute(),
                self.zone()
            ),
        }
    }

    /// The time zone a time is shown in, as readers know it: the zone's abbreviation then
    /// (`KST`, `BST` in summer and `GMT` in winter, `UTC`), or the offset from UTC where the zone
    /// has none (`UTC+04` for Asia/Dubai, `UTC+0545`).
    pub fn zone(&self) -> String {
        let info = self.start.time_zone().to_offset_info(self.start.timestamp());
        let abbreviation = info.abbreviation();
        if abbreviation.starts_with(['+', '-']) {
            format!("UTC{abbreviation}")
        } else {
            abbreviation.to_string()
        }
    }

    pub fn year(&self) -> i16 {
        self.start.year()
    }

    pub fn month(&self) -> i8 {
        self.start.month()
    }

    /// The same instant shown at day precision (for publication dates in lists).
    pub fn at_day(&self) -> DateValue {
        DateValue {
            precision: self.precision.min(Precision::Day),
            start: self.start.clone(),
        }
    }
}

/// RFC 3339 with the zone's offset: `2024-06-21T09:30:00+09:00`. RFC 3339 offsets have no
/// seconds, so an instant whose offset has them (local mean time, before 1900 or so) is written in
/// UTC instead, which names the same instant.
pub fn rfc3339(zoned: &ZonedDateTime) -> String {
    if zoned.offset().seconds() % 60 != 0 {
        return zoned
            .timestamp()
            .to_zoned_datetime(TimeZone::UTC)
            .strftime("%Y-%m-%dT%H:%M:%SZ")
            .to_string();
    }
    zoned.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// Why a date did not parse, in words for the writer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError(pub String);

pub const DATE_FORMS: &str = "write it as YYYY-MM-DD, `YYYY-MM-DD HH:MM` (optionally with `:SS` and an offset like +09:00), or RFC 3339 like 2024-06-21T09:30:00+09:00";

pub const EVENT_DATE_FORMS: &str =
    "write it as YYYY, YYYY-MM, YYYY-MM-DD, `YYYY-MM-DD HH:MM` (optionally with `:SS` and an offset), or RFC 3339";

/// Parses a publication date: a day or a moment, never a bare year or month.
pub fn parse_date(text: &str, tz: &TimeZone) -> Result<DateValue, DateError> {
    let value = parse_any(text, tz)?;
    if value.precision < Precision::Day {
        return Err(DateError(format!("`{}` is not a full date", text.trim())));
    }
    Ok(value)
}

/// Parses an event date, which may also be a year (`2000`) or a month (`2000-07`).
pub fn parse_event_date(text: &str, tz: &TimeZone) -> Result<DateValue, DateError> {
    parse_any(text, tz)
}

/// Every date is written back in RFC 3339 or ISO 8601, which only know years 0000 to 9999: an
/// instant outside them, in the site's zone or in UTC, is refused rather than written unreadably.
fn in_range(value: DateValue, text: &str) -> Result<DateValue, DateError> {
    let utc = value.start.timestamp().to_zoned_datetime(TimeZone::UTC);
    let years = 0..=9999;
    if !years.contains(&value.start.year()) {
        Err(out_of_range(text))
    } else if !years.contains(&utc.year()) {
        // In range as written, out of it once in UTC (`0000-01-01` east of Greenwich).
        Err(DateError(format!(
            "`{}` is out of range: in UTC it falls in the year {}, and dates must fall in the years 0000 to 9999 in UTC too",
            text.trim(),
            utc.year()
        )))
    } else {
        Ok(value)
    }
}

/// A date that no calendar of the site can hold.
fn out_of_range(text: &str) -> DateError {
    DateError(format!(
        "`{}` is out of range: dates must fall in the years 0000 to 9999",
        text.trim()
    ))
}

fn parse_any(text: &str, tz: &TimeZone) -> Result<DateValue, DateError> {
    parse_unchecked(text, tz).and_then(|value| in_range(value, text))
}

// The date grammar, read left to right in one place (issue 12 allows a linear grammar its length).
#[allow(clippy::too_many_lines)]
fn parse_unchecked(text: &str, tz: &TimeZone) -> Result<DateValue, DateError> {
    let text = text.trim();
    let mut cursor = Cursor { rest: text, text };
    let year = cursor.digits(4, "a four-digit year")?;
    if cursor.rest.is_empty() {
        let start = civil(year, 1, 1, Time::midnight(), tz, text)?;
        return Ok(DateValue {
            precision: Precision::Year,
            start,
        });
    }
    cursor.expect('-')?;
    let month = cursor.digits(2, "a two-digit month")?;
    if !(1..=12).contains(&month) {
        return Err(DateError(format!(
            "`{text}` has month {month}, which is not between 01 and 12"
        )));
    }
    if cursor.rest.is_empty() {
        let start = civil(year, month, 1, Time::midnight(), tz, text)?;
        return Ok(DateValue {
            precision: Precision::Month,
            start,
        });
    }
    cursor.expect('-')?;
    let day = cursor.digits(2, "a two-digit day")?;
    let date = Date::new(year as i16, month as i8, day as i8)
        .map_err(|_| DateError(format!("`{text}` has day {day}, which {year}-{month:02} does not have")))?;
    if cursor.rest.is_empty() {
        let start = civil(year, month, day, Time::midnight(), tz, text)?;
        return Ok(DateValue {
            precision: Precision::Day,
            start,
        });
    }
    if !cursor.eat('T') && !cursor.eat('t') && !cursor.eat(' ') {
        return Err(cursor.unexpected("`T` or a space before the time"));
    }
    let hour = cursor.digits(2, "a two-digit hour")?;
    cursor.expect(':')?;
    let minute = cursor.digits(2, "two-digit minutes")?;
    let mut second = 0;
    let mut nanos = 0;
    if cursor.eat(':') {
        second = cursor.digits(2, "two-digit seconds")?;
        if cursor.eat('.') || cursor.eat(',') {
            let fraction: String = cursor.rest.chars().take_while(char::is_ascii_digit).collect();
            if fraction.is_empty() {
                return Err(cursor.unexpected("fractional seconds"));
            }
            if fraction.len() > 9 {
                return Err(DateError(format!(
                    "`{text}` has {} digits of fractional seconds; at most 9 (nanoseconds) are kept",
                    fraction.len()
                )));
            }
            cursor.rest = &cursor.rest[fraction.len()..];
            nanos = format!("{fraction:0<9}").parse::<i32>().unwrap_or(0);
        }
    }
    let time = Time::new(hour as i8, minute as i8, second as i8, nanos).map_err(|_| {
        DateError(format!(
            "`{text}` has the time {hour:02}:{minute:02}:{second:02}, which does not exist"
        ))
    })?;
    let trimmed = cursor.rest.trim_start();
    let spaced = trimmed.len() != cursor.rest.len();
    cursor.rest = trimmed;
    if cursor.rest.is_empty() {
        if spaced {
            return Err(DateError(format!("`{text}` ends with a space")));
        }
        let start = civil(year, month, day, time, tz, text)?;
        return Ok(DateValue {
            precision: Precision::Time,
            start,
        });
    }
    let offset = if cursor.eat('Z') || cursor.eat('z') {
        Offset::UTC
    } else {
        let sign = if cursor.eat('+') {
            1
        } else if cursor.eat('-') {
            -1
        } else {
            return Err(cursor.unexpected("an offset like +09:00, -0500 or Z"));
        };
        let hours = cursor.digits_then(2, "a two-digit offset hour", true)?;
        cursor.eat(':');
        let minutes = cursor.digits(2, "two-digit offset minutes")?;
        if hours > 23 || minutes > 59 {
            return Err(DateError(format!("`{text}` has an offset out of range")));
        }
        Offset::from_seconds(sign * (hours * 3600 + minutes * 60) as i32)
            .map_err(|_| DateError(format!("`{text}` has an offset out of range")))?
    };
    if !cursor.rest.is_empty() {
        return Err(cursor.unexpected("the end of the date"));
    }
    let instant = offset
        .to_timestamp(DateTime::from_parts(date, time))
        .map_err(|_| out_of_range(text))?;
    Ok(DateValue {
        precision: Precision::Time,
        start: instant.to_zoned_datetime(tz.clone()),
    })
}

/// What a clock change in the site's zone does to a time written without an offset, in words:
/// a time the clocks skip (`2024-03-10 02:30` in New York) is read an hour later, and a time
/// they pass twice (`2024-11-03 01:30`) as the first. `None` for any other date. With the
/// message, the hint: the time written with each of the zone's two offsets around the change.
pub fn clock_change(text: &str, tz: &TimeZone) -> Option<(String, String)> {
    let text = text.trim();
    let (day, time) = (text.get(..10)?, text.get(11..)?);
    if time.contains(['+', '-', 'Z', 'z']) {
        return None;
    }
    let written: DateTime = format!("{day}T{time}").parse().ok()?;
    let read = |offset: Offset| {
        offset
            .to_timestamp(written)
            .ok()
            .map(|t| t.to_zoned_datetime(tz.clone()))
    };
    let with = |offset: Offset| {
        let seconds = offset.seconds();
        let sign = if seconds < 0 { '-' } else { '+' };
        let minutes = seconds.unsigned_abs() / 60;
        format!("`{day}T{time}{sign}{:02}:{:02}`", minutes / 60, minutes % 60)
    };
    let (message, before, after) = match tz.to_ambiguous_timestamp(written).offset() {
        jiff::tz::AmbiguousOffset::Unambiguous { .. } => return None,
        jiff::tz::AmbiguousOffset::Gap { before, after } => (
            format!(
                "`{text}` does not exist in the site's zone (the clocks go forward past it): it is read as {}",
                read(before)?.strftime("%H:%M %Z")
            ),
            before,
            after,
        ),
        jiff::tz::AmbiguousOffset::Fold { before, after } => (
            format!(
                "`{text}` happens twice in the site's zone (the clocks go back): the first is taken, {}",
                read(before)?.strftime("%H:%M %Z")
            ),
            before,
            after,
        ),
    };
    let hint = format!(
        "write the time you mean, or give its offset: {} before the change, {} after it",
        with(before),
        with(after)
    );
    Some((message, hint))
}

fn civil(year: u32, month: u32, day: u32, time: Time, tz: &TimeZone, text: &str) -> Result<ZonedDateTime, DateError> {
    let date = Date::new(year as i16, month as i8, day as i8).map_err(|_| out_of_range(text))?;
    DateTime::from_parts(date, time)
        .to_zoned_datetime(tz.clone())
        .map_err(|_| out_of_range(text))
}

struct Cursor<'a> {
    rest: &'a str,
    text: &'a str,
}

impl Cursor<'_> {
    fn digits(&mut self, count: usize, what: &str) -> Result<u32, DateError> {
        self.digits_then(count, what, false)
    }

    /// Exactly `count` digits; unless `more_may_follow` (`+0900`), no further digit may follow.
    fn digits_then(&mut self, count: usize, what: &str, more_may_follow: bool) -> Result<u32, DateError> {
        let bytes = self.rest.as_bytes();
        // What stands where the digits should is said whole: `1e3`, `yesterday`, `20245`.
        let word = || {
            let end = self
                .rest
                .char_indices()
                .find(|(_, c)| !c.is_alphanumeric())
                .map_or(self.rest.len(), |(i, _)| i);
            let end = if end == 0 {
                self.rest.chars().next().map_or(0, char::len_utf8)
            } else {
                end
            };
            &self.rest[..end]
        };
        if bytes.len() < count || !bytes[..count].iter().all(u8::is_ascii_digit) {
            return Err(self.unexpected_text(what, word()));
        }
        if !more_may_follow && bytes.get(count).is_some_and(u8::is_ascii_digit) {
            return Err(self.unexpected_text(what, word()));
        }
        let value = self.rest[..count].parse().map_err(|_| self.unexpected(what))?;
        self.rest = &self.rest[count..];
        Ok(value)
    }

    fn eat(&mut self, c: char) -> bool {
        match self.rest.strip_prefix(c) {
            Some(rest) => {
                self.rest = rest;
                true
            }
            None => false,
        }
    }

    fn expect(&mut self, c: char) -> Result<(), DateError> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(self.unexpected(&format!("`{c}`")))
        }
    }

    fn unexpected(&self, what: &str) -> DateError {
        let next: String = self.rest.chars().take(1).collect();
        self.unexpected_text(what, &next)
    }

    /// `found` stands where `what` was expected (empty: the text ended).
    fn unexpected_text(&self, what: &str, found: &str) -> DateError {
        // A character's place, counted in characters (what the writer sees), not bytes.
        let at = self.text[..self.text.len() - self.rest.len()].chars().count() + 1;
        // `٢٠٢٥` is a four-digit year, in digits a date does not take.
        if !found.is_empty() && found.chars().all(|c| c.is_numeric() && !c.is_ascii_digit()) {
            return DateError(format!(
                "`{}` is not a date: `{found}` at character {} is written in other digits than 0–9, which a date takes (`2025-03-05`)",
                self.text, at
            ));
        }
        let found = if found.is_empty() {
            "the end".to_string()
        } else {
            format!("`{found}`")
        };
        if self.text.is_empty() {
            return DateError("the date is empty".to_string());
        }
        DateError(format!(
            "`{}` is not a date: expected {what} at character {}, found {found}",
            self.text, at
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seoul() -> TimeZone {
        TimeZone::get("Asia/Seoul").expect("bundled tzdb")
    }

    /// Regression (session 33's Arabic desk probe): a date in Arabic-Indic digits was "expected a
    /// four-digit year at character 1, found `٢٠٢٥`", which is a four-digit year.
    #[test]
    fn a_date_in_other_digits_says_so() {
        let said = parse_date("٢٠٢٥-٠٣-٠٥", &seoul()).unwrap_err().0;
        assert_eq!(
            said,
            "`٢٠٢٥-٠٣-٠٥` is not a date: `٢٠٢٥` at character 1 is written in other digits than 0–9, which a date takes (`2025-03-05`)"
        );
        let said = parse_date("2025-٠٣-05", &seoul()).unwrap_err().0;
        assert!(said.contains("`٠٣` at character 6"), "{said}");
    }

    /// Regression (session 33's note): a mistake after a wide space (U+3000, which a Japanese or
    /// Chinese keyboard types) was placed at its byte, three characters too far.
    #[test]
    fn a_mistake_after_a_wide_space_is_placed_by_characters() {
        let said = parse_date("2024-06-19 10:00\u{3000}+0x:00", &seoul()).unwrap_err().0;
        assert!(said.contains("at character 19, found `0x`"), "{said}");
    }

    /// Regression: twelve digits of fractional seconds were "expected fractional seconds at
    /// character 21, found `1`", which they were.
    #[test]
    fn too_many_fraction_digits_say_how_many_are_kept() {
        let said = parse_date("2024-06-21T09:30:00.123456789012Z", &seoul())
            .map(|_| ())
            .unwrap_err()
            .0;
        assert_eq!(
            said,
            "`2024-06-21T09:30:00.123456789012Z` has 12 digits of fractional seconds; at most 9 (nanoseconds) are kept"
        );
        assert!(parse_date("2024-06-21T09:30:00.123456789Z", &seoul()).is_ok());
    }

    /// Regression: `0000-01-01` in Seoul was refused with "dates must fall in the years 0000 to
    /// 9999", which it does as written; it is year -1 in UTC, and the message now says so. Other
    /// dates out of range say the range too (one said only "is out of range").
    #[test]
    fn a_date_out_of_range_says_which_years_and_where() {
        let said = |text: &str| parse_date(text, &seoul()).map(|_| ()).unwrap_err().0;
        assert_eq!(
            said("0000-01-01"),
            "`0000-01-01` is out of range: in UTC it falls in the year -1, and dates must fall in the years 0000 to 9999 in UTC too"
        );
        assert_eq!(
            said("9999-12-31T23:59:59-12:00"),
            "`9999-12-31T23:59:59-12:00` is out of range: dates must fall in the years 0000 to 9999"
        );
    }

    #[test]
    fn rfc3339_keeps_the_instant() {
        let d = parse_date("2024-06-21T09:30:00+09:00", &TimeZone::UTC).unwrap();
        assert_eq!(d.precision, Precision::Time);
        assert_eq!(d.start.timestamp().to_string(), "2024-06-21T00:30:00Z");
        let z = parse_date("2024-06-21T00:30:00Z", &seoul()).unwrap();
        assert_eq!(rfc3339(&z.start), "2024-06-21T09:30:00+09:00");
    }

    #[test]
    fn plain_dates_are_midnight_in_the_site_zone() {
        let d = parse_date("2024-06-19", &seoul()).unwrap();
        assert_eq!(d.precision, Precision::Day);
        assert_eq!(d.start.timestamp().to_string(), "2024-06-18T15:00:00Z");
        assert_eq!(d.iso(), "2024-06-19");
        assert_eq!(d.human(), "19 June 2024");
    }

    /// Regression: a time the clocks skip was moved an hour without a word.
    #[test]
    fn a_time_a_clock_change_skips_or_repeats_is_named() {
        let york = TimeZone::get("America/New_York").unwrap();
        let message = |text: &str, tz: &TimeZone| clock_change(text, tz).map(|(message, _)| message);
        assert_eq!(
            message("2024-03-10 02:30", &york).as_deref(),
            Some(
                "`2024-03-10 02:30` does not exist in the site's zone (the clocks go forward past it): it is read as 03:30 EDT"
            )
        );
        assert_eq!(
            message("2024-11-03 01:30", &york).as_deref(),
            Some(
                "`2024-11-03 01:30` happens twice in the site's zone (the clocks go back): the first is taken, 01:30 EDT"
            )
        );
        // Regression: the hint offered `+02:00` whatever the zone (London is +00:00 or +01:00).
        let london = TimeZone::get("Europe/London").unwrap();
        let (_, hint) = clock_change("2024-10-27 01:30", &london).unwrap();
        assert_eq!(
            hint,
            "write the time you mean, or give its offset: `2024-10-27T01:30+01:00` before the change, `2024-10-27T01:30+00:00` after it"
        );
        let (_, hint) = clock_change("2024-03-10 02:30", &york).unwrap();
        assert!(hint.contains("`2024-03-10T02:30-05:00` before"), "{hint}");
        for fine in [
            "2024-03-10 03:30",
            "2024-03-10",
            "2024-03-10T02:30:00-05:00",
            "2024-03-10 02:30Z",
        ] {
            assert_eq!(clock_change(fine, &york), None, "{fine}");
        }
        assert_eq!(clock_change("2024-03-10 02:30", &seoul()), None);
    }

    /// Regression: a time was shown without its zone (`22 June 2024, 07:00`), which a reader in
    /// another zone, or an email's reader anywhere, could not place.
    #[test]
    fn a_time_is_shown_with_its_zone() {
        let at = |text: &str, zone: &str| {
            let tz = TimeZone::get(zone).unwrap();
            parse_date(text, &tz).unwrap().human()
        };
        assert_eq!(at("2024-06-22 07:00", "Asia/Seoul"), "22 June 2024, 07:00 KST");
        assert_eq!(at("2024-07-01 07:00", "Europe/London"), "1 July 2024, 07:00 BST");
        assert_eq!(at("2024-12-01 07:00", "Europe/London"), "1 December 2024, 07:00 GMT");
        assert_eq!(at("2024-06-22 07:00", "UTC"), "22 June 2024, 07:00 UTC");
        assert_eq!(at("2024-06-22 07:00", "Asia/Dubai"), "22 June 2024, 07:00 UTC+04");
        assert_eq!(at("2024-06-22 07:00", "Asia/Kathmandu"), "22 June 2024, 07:00 UTC+0545");
        // A date written with another offset is shown in the site's zone.
        assert_eq!(at("2024-06-21T22:00:00Z", "Asia/Seoul"), "22 June 2024, 07:00 KST");
        assert_eq!(parse_date("2024-06-22", &seoul()).unwrap().human(), "22 June 2024");
    }

    #[test]
    fn jekyll_forms() {
        let tz = seoul();
        let a = parse_date("2024-06-21 09:30", &tz).unwrap();
        assert_eq!(rfc3339(&a.start), "2024-06-21T09:30:00+09:00");
        let b = parse_date("2024-06-21 09:30:15 +0200", &tz).unwrap();
        assert_eq!(b.start.timestamp().to_string(), "2024-06-21T07:30:15Z");
        let c = parse_date("2024-06-21 09:30:15 -05:00", &tz).unwrap();
        assert_eq!(c.start.timestamp().to_string(), "2024-06-21T14:30:15Z");
        let d = parse_date("2024-06-21T09:30:15.250+09:00", &tz).unwrap();
        assert_eq!(d.start.timestamp().to_string(), "2024-06-21T00:30:15.25Z");
    }

    #[test]
    fn event_dates_keep_their_precision() {
        let tz = seoul();
        let year = parse_event_date("2000", &tz).unwrap();
        assert_eq!(
            (year.precision, year.iso(), year.human()),
            (Precision::Year, "2000".into(), "2000".into())
        );
        let month = parse_event_date("2000-07", &tz).unwrap();
        assert_eq!(
            (month.precision, month.iso(), month.human()),
            (Precision::Month, "2000-07".into(), "July 2000".into())
        );
        assert!(year < month);
        assert!(parse_date("2000-07", &tz).is_err(), "a publication date needs a day");
    }

    #[test]
    fn invalid_dates_say_why() {
        let tz = TimeZone::UTC;
        let err = parse_date("2024-13-45", &tz).unwrap_err();
        assert!(err.0.contains("month 13"), "{}", err.0);
        let err = parse_date("2023-02-29", &tz).unwrap_err();
        assert!(err.0.contains("day 29"), "{}", err.0);
        for bad in [
            "",
            "yesterday",
            "2024/06/01",
            "24-06-01",
            "2024-6-1",
            "2024-06-01T25:00",
            "2024-06-01 10:00 +2500",
            "2024-06-01x",
        ] {
            assert!(parse_date(bad, &tz).is_err(), "{bad:?} should not parse");
        }
    }

    /// Regression: where digits were expected, only the first character was quoted (`1e3` was
    /// "found `1`", `yesterday` "found `y`"): the word that stands there is quoted whole.
    #[test]
    fn a_date_that_is_not_one_quotes_what_stands_where_the_digits_should() {
        let found = |text: &str| {
            let message = parse_date(text, &TimeZone::UTC).unwrap_err().0;
            message.split("found ").nth(1).unwrap_or_default().to_string()
        };
        assert_eq!(found("1e3"), "`1e3`");
        assert_eq!(found("yesterday"), "`yesterday`");
        assert_eq!(found("20245-01-01"), "`20245`");
        assert_eq!(found("2024-6-01"), "`6`");
        assert_eq!(found("-5"), "`-`");
        assert_eq!(found("2024-06-01 9:30"), "`9`");
        assert_eq!(found("2024-"), "the end");
    }

    /// Regression (found by the `dates` fuzz target): in local mean time the offset has seconds
    /// (Seoul in year 0 is +08:27:52), which RFC 3339 cannot write, so the date did not read back.
    #[test]
    fn offsets_with_seconds_are_written_in_utc_and_read_back() {
        let tz = seoul();
        let old = parse_event_date("0000-01-01 09:45", &tz).unwrap();
        let iso = old.iso();
        assert!(iso.ends_with('Z'), "{iso}");
        assert_eq!(
            parse_event_date(&iso, &tz).unwrap().start.timestamp(),
            old.start.timestamp()
        );
        assert_eq!(
            rfc3339(&parse_date("2024-06-21 09:30", &tz).unwrap().start),
            "2024-06-21T09:30:00+09:00"
        );
    }

    /// Regression (found by the `dates` fuzz target): an instant before year 0000 was accepted
    /// and written as `-001-12-31T…`, which nothing can read back.
    #[test]
    fn instants_outside_years_0000_to_9999_are_refused() {
        assert!(parse_date("0000-01-01T00:00:00+09:00", &TimeZone::UTC).is_err());
        assert!(parse_date("0000-01-01T00:00:00+00:01", &TimeZone::UTC).is_err());
        let lord_howe = TimeZone::get("Australia/Lord_Howe").unwrap();
        assert!(parse_date("0000-01-01", &lord_howe).is_err());
        assert!(parse_date("9999-12-31T23:00:00-05:00", &TimeZone::UTC).is_err());
        assert!(parse_date("0001-01-01", &seoul()).is_ok());
    }

    #[test]
    fn nonexistent_local_times_resolve_forward() {
        // 2024-03-10 02:30 does not exist in New York; the compatible strategy moves it to 03:30.
        let tz = TimeZone::get("America/New_York").unwrap();
        let d = parse_date("2024-03-10 02:30", &tz).unwrap();
        assert_eq!(rfc3339(&d.start), "2024-03-10T03:30:00-04:00");
    }
}
