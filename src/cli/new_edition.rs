//! `gazette new edition [DATE]`: an edition file listing that day's published articles, key
//! events first, for the editor to reorder and annotate. It never overwrites a file.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

use gazette::core::dates::{DateValue, Precision, rfc3339};
use gazette::core::diagnostic::{Diagnostic, display_path};
use gazette::parse::yaml;
use gazette::pipeline::{self, BuildOptions};
use gazette::site::{Article, Site};

use super::SiteArgs;
use super::scaffold::write_new;
use super::terminal::{Terminal, plural};

/// The hour an edition goes out when no article of its day is later (in the site's zone).
const MORNING_HOUR: i8 = 7;

#[derive(Args)]
pub(crate) struct NewEditionArgs {
    /// The day, as YYYY-MM-DD [default: today in the site's time zone].
    #[arg(value_parser = parse_day)]
    pub(crate) date: Option<Date>,
    #[command(flatten)]
    pub(crate) site: SiteArgs,
}

/// A day written as `YYYY-MM-DD` (a bad one is a usage error, exit 2).
fn parse_day(text: &str) -> Result<Date, String> {
    let ok = text.len() == 10 && text.as_bytes()[4] == b'-' && text.as_bytes()[7] == b'-';
    match text.parse::<Date>() {
        Ok(date) if ok => Ok(date),
        _ => Err(format!(
            "`{text}` is not a day: write it as YYYY-MM-DD, e.g. 2024-06-21"
        )),
    }
}

/// What `new edition` made.
pub(crate) struct NewEdition {
    pub(crate) path: PathBuf,
    pub(crate) day: Date,
    pub(crate) articles: usize,
}

impl NewEditionArgs {
    pub(crate) fn run(self, term: Terminal) -> ExitCode {
        match new_edition(&self.site.root, self.date, Timestamp::now()) {
            Ok(made) => {
                println!(
                    "created {} ({})",
                    display_path(&made.path),
                    plural(made.articles, "article")
                );
                if made.articles == 0 && !term.quiet {
                    eprintln!(
                        "note: no article was published on {}: the edition's items are empty; add them by hand",
                        made.day
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
/// being today in the site's zone when not given.
pub(crate) fn new_edition(root: &Path, day: Option<Date>, now: Timestamp) -> Result<NewEdition, Vec<Diagnostic>> {
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
    let day = day.unwrap_or_else(|| now.to_zoned_datetime(tz.clone()).date());
    let slug = day.strftime("%Y-%m-%d").to_string();
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
    let listed = day_articles(site, day);
    let text = edition_text(site, day, &listed);
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
        day,
        articles: listed.len(),
    })
}

/// The day's published articles (in the site's zone): key events first, then by primary topic
/// in the site's topic order, then those without a topic; newest first within each, as the
/// automatic editions order them.
fn day_articles(site: &Site, day: Date) -> Vec<&Article> {
    let tz = &site.config.timezone;
    let mut listed: Vec<&Article> = site
        .articles
        .iter()
        .filter(|a| a.published() && a.meta.date.start.timestamp().to_zoned_datetime(tz.clone()).date() == day)
        .collect();
    listed.sort_by_key(|a| (!a.meta.key, a.topics.first().map_or(usize::MAX, |&t| t)));
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

/// The edition file: front matter with every field an editor fills, the items listed.
fn edition_text(site: &Site, day: Date, listed: &[&Article]) -> String {
    let config = &site.config;
    let date = edition_date(day, listed, &config.timezone);
    let words = DateValue {
        precision: Precision::Day,
        start: date.clone(),
    }
    .human();
    let mut items = String::new();
    for article in listed {
        items.push_str(&item_lines(site, article));
    }
    let items = if listed.is_empty() {
        "\n  # No article was published this day: add the items here, e.g.\n  # - article: 2024/06/treaty.md\n  #   note: \"Why it matters.\"\n".to_string()
    } else {
        format!(
            "\n  # In order. Group them under headings with `- section: The big story`; add outside\n  # reading with `- link: https://…`, `title:`, `outlet:` and `note:`.\n{items}"
        )
    };
    format!(
        "---\n\
         title: {title}\n\
         # When it goes out. An edition may not be dated before the articles it lists.\n\
         date: {date}\n\
         # Editions of one series get their own feed.\n\
         # series: morning\n\
         # The email's preheader: one line on what is inside.\n\
         summary:\n\
         # The day's published articles, key events first. Reorder them, drop what does not\n\
         # belong, and say in each `note:` why it matters (one line of Markdown).\n\
         items:{items}\
         # Left out of the site until this line is removed (or says false).\n\
         draft: true\n\
         ---\n",
        title = yaml::quote(&format!("{}, {words}", config.title)),
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
