//! `gazette new edition [DATE | WEEK] [--series NAME]`: an edition file listing that day's (or
//! ISO week's) published articles, key events first, for the editor to reorder and annotate. It
//! never overwrites a file.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use jiff::civil::{Date, ISOWeekDate, Weekday};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

use gazette::core::dates::{DateValue, Precision, rfc3339};
use gazette::core::diagnostic::{Diagnostic, display_path};
use gazette::core::language::Language;
use gazette::core::slug::slugify;
use gazette::parse::yaml;
use gazette::pipeline::{self, BuildOptions};
use gazette::site::editions::Group;
use gazette::site::{Article, Site};

use super::SiteArgs;
use super::scaffold::write_new;
use super::terminal::{Terminal, plural};

/// The hour an edition goes out when no article of its day is later (in the site's zone).
const MORNING_HOUR: i8 = 7;

#[derive(Args)]
pub(crate) struct NewEditionArgs {
    /// The day, as YYYY-MM-DD, or an ISO week for a weekly round-up, as YYYY-Www (2024-W25)
    /// [default: today in the site's time zone].
    #[arg(value_parser = parse_period, value_name = "DATE | WEEK")]
    pub(crate) date: Option<Period>,
    /// The series the edition belongs to (`morning`, `weekly`): written as its `series:`, and
    /// added to its file's name (`2024-06-21-morning.md`) so that two series' editions of one day
    /// do not take one address.
    #[arg(long, value_name = "NAME", value_parser = parse_series)]
    pub(crate) series: Option<String>,
    #[command(flatten)]
    pub(crate) site: SiteArgs,
}

/// What an edition covers: a day, or an ISO week (Monday to Sunday, in the site's zone).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Period {
    Day(Date),
    Week(ISOWeekDate),
}

impl Period {
    /// Its address, as the automatic editions name theirs: `2024-06-21`, `2024-w25`.
    fn slug(self) -> String {
        match self {
            Period::Day(day) => gazette::core::urls::day_edition_slug(day),
            Period::Week(week) => gazette::core::urls::week_edition_slug(week),
        }
    }

    /// Its first and last day.
    fn days(self) -> (Date, Date) {
        match self {
            Period::Day(day) => (day, day),
            Period::Week(week) => (
                week.first_of_week().map_or(week.date(), |monday| monday.date()),
                week.last_of_week().map_or(week.date(), |sunday| sunday.date()),
            ),
        }
    }

    /// As a user wrote it: `2024-06-21`, `2024-W25`.
    fn written(self) -> String {
        match self {
            Period::Day(day) => day.to_string(),
            Period::Week(week) => format!("{:04}-W{:02}", week.year(), week.week()),
        }
    }
}

/// A series' name, which must have a letter or digit to make its part of the file's name.
fn parse_series(text: &str) -> Result<String, String> {
    let name = text.trim();
    if let Some(c) = name.chars().find(|c| c.is_control()) {
        return Err(format!(
            "the series' name has a control character (U+{:04X}), which a build refuses: type it again without it",
            u32::from(c)
        ));
    }
    if !name.chars().any(char::is_alphanumeric) {
        return Err(format!(
            "`{text}` has no letter or digit to name the series by: write a word, e.g. --series morning"
        ));
    }
    Ok(name.to_string())
}

/// A day written as `YYYY-MM-DD`, or a week as `YYYY-Www` (a bad one is a usage error, exit 2).
fn parse_period(text: &str) -> Result<Period, String> {
    let bytes = text.as_bytes();
    if bytes.len() >= 6 && bytes[4] == b'-' && matches!(bytes[5], b'W' | b'w') {
        let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
        // Bytes 4 and 5 are ASCII: both slices start on a character.
        let (year, week) = (&text[..4], &text[6..]);
        let (year, week) = (
            year.parse::<i16>().ok().filter(|_| digits(year)),
            week.parse::<i8>().ok().filter(|_| digits(week)),
        );
        return match (year, week) {
            (Some(year), Some(week)) if bytes.len() == 8 => ISOWeekDate::new(year, week, Weekday::Monday)
                .map(Period::Week)
                .map_err(|_| {
                    // An ISO year has 53 weeks when its 28 December is in week 53.
                    let weeks = Date::new(year, 12, 28).map_or(52, |d| d.iso_week_date().week());
                    format!("{year} has no week {week}: its weeks are numbered 01 to {weeks}")
                }),
            _ => Err(format!(
                "`{text}` is not a week: write it as YYYY-Www with two digits for the week, e.g. 2024-W05"
            )),
        };
    }
    let ok = bytes.len() == 10 && bytes[4] == b'-' && bytes[7] == b'-';
    match text.parse::<Date>() {
        Ok(date) if ok => Ok(Period::Day(date)),
        _ => Err(format!(
            "`{text}` is not a day: write it as YYYY-MM-DD, e.g. 2024-06-21 (or a week as YYYY-Www, e.g. 2024-W25)"
        )),
    }
}

/// What `new edition` made.
pub(crate) struct NewEdition {
    pub(crate) path: PathBuf,
    pub(crate) period: Period,
    pub(crate) articles: usize,
    /// An edition of the same series (or, with none, another without one) that goes out on that
    /// day already: the new one is most likely a second by mistake.
    pub(crate) same_day: Option<PathBuf>,
}

impl NewEditionArgs {
    pub(crate) fn run(self, term: Terminal) -> ExitCode {
        match new_edition(&self.site.root, self.date, self.series.as_deref(), Timestamp::now()) {
            Ok(made) => {
                outln!(
                    "created {} ({})",
                    display_path(&made.path),
                    plural(made.articles, "article")
                );
                if made.articles == 0 && !term.quiet {
                    eprintln!(
                        "note: no article was published {} {}: the edition's items are empty; add them by hand",
                        if matches!(made.period, Period::Week(_)) {
                            "in"
                        } else {
                            "on"
                        },
                        made.period.written()
                    );
                }
                if let Some(other) = made.same_day.filter(|_| !term.quiet) {
                    eprintln!(
                        "note: {} goes out on that day already, in the same series; a build warns while both are published",
                        display_path(&other)
                    );
                }
                ExitCode::SUCCESS
            }
            Err(diagnostics) => {
                term.report(&diagnostics);
                ExitCode::from(1)
            }
        }
    }
}

/// Writes `content/editions/<day>.md` (a draft) listing the day's published articles, `day`
/// being today in the site's zone when not given; for a week, `<year>-w<week>.md` listing the
/// week's; with a series, `<day>-<series>.md`.
pub(crate) fn new_edition(
    root: &Path,
    period: Option<Period>,
    series: Option<&str>,
    now: Timestamp,
) -> Result<NewEdition, Vec<Diagnostic>> {
    // Drafts and scheduled editions too, to see every slug taken; the articles listed are only
    // the published ones.
    let mut options = BuildOptions::new(root);
    options.drafts = true;
    options.future = true;
    options.now = now;
    let prepared = pipeline::prepare(&options).map_err(|failed| {
        let mut errors: Vec<Diagnostic> = failed.diagnostics.into_iter().filter(Diagnostic::is_error).collect();
        if let Some(first) = errors.first_mut() {
            first
                .hint
                .get_or_insert_with(|| "fix the site's errors first (`gazette check`)".into());
        }
        errors
    })?;
    let site = &prepared.site;
    let tz = &site.config.timezone;
    let period = period.unwrap_or_else(|| Period::Day(now.to_zoned_datetime(tz.clone()).date()));
    let slug = match series {
        Some(name) => format!("{}-{}", period.slug(), slugify(name)),
        None => period.slug(),
    };
    let path = root.join("content/editions").join(format!("{slug}.md"));
    let source = format!("content/editions/{slug}.md");
    // Another file's edition with this slug (`slug:`, or a file in a subfolder); this file
    // itself is refused below, as `new article` refuses one that exists.
    if let Some(other) = site
        .editions
        .iter()
        .find(|e| !e.auto && e.slug == slug && e.source != source)
    {
        return Err(vec![
            Diagnostic::error(
                &other.display,
                None,
                format!("an edition already has the slug `{slug}`"),
            )
            .with_hint("edit that edition, or give it another `slug:`"),
        ]);
    }
    let series_slug = series.map(slugify);
    let same_day = match period {
        Period::Day(day) => site
            .editions
            .iter()
            .find(|e| !e.auto && e.series == series_slug && e.date.start.date() == day)
            .map(|e| e.display.clone()),
        Period::Week(_) => None,
    };
    let listed = period_articles(site, period);
    let text = edition_text(site, period, series, &listed);
    if !write_new(&path, text.as_bytes()).map_err(|d| vec![d])? {
        return Err(vec![
            Diagnostic::error(
                &path,
                None,
                format!("{} already exists; not overwriting it", display_path(&path)),
            )
            .with_hint("edit the existing file, or name another day"),
        ]);
    }
    Ok(NewEdition {
        path,
        period,
        articles: listed.len(),
        same_day,
    })
}

/// The day's (week's) published articles (in the site's zone): key events first, then by
/// primary topic in the site's topic order, then those without a topic; newest first within
/// each, as the automatic editions order them.
fn period_articles(site: &Site, period: Period) -> Vec<&Article> {
    let tz = &site.config.timezone;
    let (first, last) = period.days();
    let mut listed: Vec<&Article> = site
        .articles
        .iter()
        .filter(|a| {
            let day = a.meta.date.start.timestamp().to_zoned_datetime(tz.clone()).date();
            a.published() && first <= day && day <= last
        })
        .collect();
    // As automatic editions group them (a stable sort keeps each group newest first).
    listed.sort_by_key(|a| Group::of(a));
    listed
}

/// When the edition goes out: 07:00 on its day, or, when an article it lists was published
/// later, that article's time rounded up to the minute (an edition may not be dated before its
/// articles; the exact time when rounding up would leave the day).
fn edition_date(day: Date, listed: &[&Article], tz: &TimeZone) -> jiff::ZonedDateTime {
    let morning = day
        .at(MORNING_HOUR, 0, 0, 0)
        .to_zoned_datetime(tz.clone())
        .unwrap_or_else(|_| Timestamp::UNIX_EPOCH.to_zoned_datetime(tz.clone()));
    let Some(newest) = listed.iter().map(|a| a.meta.date.start.timestamp()).max() else {
        return morning;
    };
    if newest <= morning.timestamp() {
        return morning;
    }
    let seconds = newest.as_second();
    let whole = seconds % 60 == 0 && newest.subsec_nanosecond() == 0;
    let up = if whole {
        Some(newest)
    } else {
        Timestamp::from_second(seconds.div_euclid(60) * 60)
            .ok()
            .and_then(|t| t.checked_add(1.minute()).ok())
    };
    let exact = newest.to_zoned_datetime(tz.clone());
    match up.map(|t| t.to_zoned_datetime(tz.clone())) {
        Some(rounded) if rounded.date() == day => rounded,
        _ => exact,
    }
}

/// The edition file: front matter with every field an editor fills, the items listed. A week's
/// edition is dated on its last day, so that it stands for that week, and its items come under
/// sections (key events, each topic, the rest), as an automatic weekly edition's do.
fn edition_text(site: &Site, period: Period, series: Option<&str>, listed: &[&Article]) -> String {
    let config = &site.config;
    let (first, last) = period.days();
    let date = edition_date(last, listed, &config.timezone);
    let language = Language::new(&config.locale);
    let (pattern, named_day) = match period {
        Period::Day(_) => (&config.editions.words.daily_title, date.clone()),
        Period::Week(_) => (
            &config.editions.words.weekly_title,
            first
                .to_zoned_datetime(config.timezone.clone())
                .unwrap_or_else(|_| date.clone()),
        ),
    };
    let words = language.date(&DateValue {
        precision: Precision::Day,
        start: named_day,
    });
    // A series' edition says its series (review): a morning and an evening edition of one day
    // would otherwise share a title.
    let site_name = match series {
        Some(series) => {
            let mut letters = series.chars();
            let capitalised: String = letters
                .next()
                .into_iter()
                .flat_map(char::to_uppercase)
                .chain(letters)
                .collect();
            format!("{} ({capitalised})", config.title)
        }
        None => config.title.clone(),
    };
    let title = pattern.replace("{site}", &site_name).replace("{date}", &words);
    let weekly = matches!(period, Period::Week(_));
    let topic_titles: Vec<&str> = site.topics.iter().map(|t| t.meta.title.as_str()).collect();
    let mut items = String::new();
    let mut section = None;
    for article in listed {
        let this = Group::of(article);
        if weekly && section != Some(this) {
            section = Some(this);
            let heading = one_line(&this.heading(&config.editions.words, &topic_titles));
            items.push_str(&format!("  - section: {}\n", yaml::quote(&heading)));
        }
        items.push_str(&item_lines(site, article));
    }
    let (none, period_words) = if weekly {
        ("No article was published this week", "week's")
    } else {
        ("No article was published this day", "day's")
    };
    let items = if listed.is_empty() {
        format!(
            "\n  # {none}: add the items here, e.g.\n  # - article: 2024/06/treaty.md\n  #   note: \"Why it matters.\"\n"
        )
    } else {
        format!(
            "\n  # In order. Group them under headings with `- section: The big story`; add outside\n  # reading with `- link: https://…`, `title:`, `outlet:` and `note:`.\n{items}"
        )
    };
    let series = match series {
        Some(name) => format!("series: {}\n", yaml::quote(name)),
        None => "# series: morning\n".to_string(),
    };
    format!(
        "---\n\
         title: {title}\n\
         # When it goes out. An edition may not be dated before the articles it lists.\n\
         date: {date}\n\
         # Editions of one series get their own feed.\n\
         {series}\
         # The email's preheader: one line on what is inside.\n\
         summary:\n\
         # The {period_words} published articles, key events first. Reorder them, drop what does not\n\
         # belong, and say in each `note:` why it matters (one line of Markdown).\n\
         items:{items}\
         # Left out of the site until this line is removed (or says false).\n\
         draft: true\n\
         ---\n",
        title = yaml::quote(&title),
        date = rfc3339(&date),
    )
}

/// One article item: a comment with its headline (and why it is where it is), the path, an
/// empty note.
fn item_lines(site: &Site, article: &Article) -> String {
    let path = article.source.strip_prefix("content/").unwrap_or(&article.source);
    let mut about = Vec::new();
    if article.meta.key {
        about.push("key event".to_string());
    }
    if let Some(&t) = article.topics.first() {
        about.push(one_line(&site.topics[t].meta.title));
    }
    let title = one_line(&article.meta.title);
    let about = if about.is_empty() {
        String::new()
    } else {
        format!(" ({})", about.join(" · "))
    };
    format!("  # {title}{about}\n  - article: {}\n    note:\n", yaml::quote(path))
}

/// `text` on one line, for a YAML comment.
fn one_line(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}
