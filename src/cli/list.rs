//! `gazette list`: what a build leaves out of the site and why — each draft, and each scheduled
//! article or edition with the time it goes live in the site's zone — so a desk sees its queue
//! at a glance; and with `--corrections`, every entry of the published articles' and editions'
//! update logs, newest first, for a standards desk's audit.

use std::process::ExitCode;

use clap::Args;
use gazette::core::diagnostic::display_path;
use gazette::pipeline;
use gazette::site::{LeftOutArticle, LeftOutEdition, Reason};

use super::SiteArgs;
use super::terminal::{Terminal, plural};

#[derive(Args)]
pub(crate) struct ListArgs {
    #[command(flatten)]
    pub(crate) site: SiteArgs,
    /// Only the drafts.
    #[arg(long)]
    pub(crate) drafts: bool,
    /// Only the articles scheduled for later.
    #[arg(long)]
    pub(crate) future: bool,
    /// Instead: every update, correction and clarification of the published articles and
    /// editions (every language), newest first.
    #[arg(long, conflicts_with_all = ["drafts", "future"])]
    pub(crate) corrections: bool,
}

impl ListArgs {
    pub(crate) fn run(self, term: Terminal) -> ExitCode {
        // A build with neither --drafts nor --future leaves out everything there is to list.
        let options = pipeline::BuildOptions::new(&self.site.root);
        let prepared = match pipeline::prepare(&options) {
            Ok(prepared) => prepared,
            Err(failed) => {
                term.report(&failed.diagnostics);
                return ExitCode::from(1);
            }
        };
        if self.corrections {
            return corrections(&prepared, &term);
        }
        // The site's warnings are `check`'s and `build`'s to show; a date that looks like a typo
        // is marked on its line below.
        let both = self.drafts == self.future;
        // The site's own language, then each other's: a translation left out is listed too.
        let sites = || std::iter::once(&prepared.site).chain(prepared.languages.iter().map(|(_, p)| &p.site));
        let shown: Vec<&LeftOutArticle> = sites()
            .flat_map(|site| &site.left_out.articles)
            .filter(|a| both || (a.reason == Reason::Draft) == self.drafts)
            .collect();
        let editions: Vec<&LeftOutEdition> = sites()
            .flat_map(|site| &site.left_out.editions)
            .filter(|e| both || (e.reason == Reason::Draft) == self.drafts)
            .collect();
        if shown.is_empty() && editions.is_empty() {
            outln!("nothing left out: every article and edition is published");
            return ExitCode::SUCCESS;
        }
        let config = &prepared.site.config;
        let when = |date: &jiff::ZonedDateTime| {
            let local = date.with_time_zone(config.timezone.clone());
            format!("{} {}", local.strftime("%Y-%m-%d %H:%M"), config.timezone_name)
        };
        let width = shown
            .iter()
            .map(|a| display_path(&a.display).len())
            .chain(editions.iter().map(|e| display_path(&e.display).len()))
            .max()
            .unwrap_or(0);
        for article in &shown {
            let path = display_path(&article.display);
            let line = match article.reason {
                Reason::Draft => format!("draft      {path:<width$}  {}", article.title),
                Reason::Scheduled => format!(
                    "scheduled  {path:<width$}  {} — goes live {}",
                    article.title,
                    when(&article.date)
                ),
            };
            if article.far_ahead {
                outln!("{line} (more than a year ahead: is the year right?)");
            } else {
                outln!("{line}");
            }
        }
        let now = jiff::Timestamp::now();
        for edition in &editions {
            let path = display_path(&edition.display);
            let line = match edition.reason {
                Reason::Draft => format!("draft      {path:<width$}  {} (edition)", edition.title),
                Reason::Scheduled => format!(
                    "scheduled  {path:<width$}  {} (edition) — goes out {}",
                    edition.title,
                    when(&edition.date)
                ),
            };
            if gazette::core::dates::more_than_a_year_after(edition.date.timestamp(), now) {
                outln!("{line} (more than a year ahead: is the year right?)");
            } else {
                outln!("{line}");
            }
        }
        if !term.quiet {
            outln!("{}", summary(&shown, &editions));
        }
        ExitCode::SUCCESS
    }
}

/// `gazette list --corrections`: each entry of every published article's and edition's update
/// log, newest first (ties: by file), as `2024-06-22 11:30 KST  correction  FILE  text`, and a
/// count of each kind.
fn corrections(prepared: &pipeline::Prepared, term: &Terminal) -> ExitCode {
    use gazette::parse::frontmatter::{Update, UpdateKind};
    let config = &prepared.site.config;
    let sites = std::iter::once(&prepared.site).chain(prepared.languages.iter().map(|(_, p)| &p.site));
    let mut entries: Vec<(&Update, String)> = Vec::new();
    for site in sites {
        for article in &site.articles {
            entries.extend(article.meta.updates.iter().map(|u| (u, display_path(&article.display))));
        }
        for edition in &site.editions {
            entries.extend(edition.updates.iter().map(|u| (u, display_path(&edition.display))));
        }
    }
    if entries.is_empty() {
        outln!("no updates or corrections: no published article or edition has an `updates:` log");
        return ExitCode::SUCCESS;
    }
    entries.sort_by(|(a, a_file), (b, b_file)| b.date.cmp(&a.date).then_with(|| a_file.cmp(b_file)));
    let width = entries.iter().map(|(_, file)| file.len()).max().unwrap_or(0);
    let when = |update: &Update| {
        let local = update.date.start.with_time_zone(config.timezone.clone());
        match update.date.precision {
            gazette::core::dates::Precision::Time => {
                format!("{} {}", local.strftime("%Y-%m-%d %H:%M"), config.timezone_name)
            }
            _ => local.strftime("%Y-%m-%d").to_string(),
        }
    };
    let stamp = entries.iter().map(|(u, _)| when(u).len()).max().unwrap_or(0);
    for (update, file) in &entries {
        outln!(
            "{:<stamp$}  {:<13}  {file:<width$}  {}",
            when(update),
            update.kind.name(),
            // A control character in the text is drawn, never sent to the terminal.
            gazette::core::escape::draw_controls(&update.text.replace(['\n', '\r'], " "))
        );
    }
    if !term.quiet {
        let count = |k: UpdateKind| entries.iter().filter(|(u, _)| u.kind == k).count();
        outln!(
            "{}, {}, {}",
            plural(count(UpdateKind::Correction), "correction"),
            plural(count(UpdateKind::Clarification), "clarification"),
            plural(count(UpdateKind::Update), "update")
        );
    }
    ExitCode::SUCCESS
}

/// `1 article left out: 1 draft, 0 scheduled; 2 editions left out: …`.
fn summary(articles: &[&LeftOutArticle], editions: &[&LeftOutEdition]) -> String {
    let drafts = articles.iter().filter(|a| a.reason == Reason::Draft).count();
    let edition_drafts = editions.iter().filter(|e| e.reason == Reason::Draft).count();
    let editions_said = match editions.len() {
        0 => String::new(),
        n => format!(
            "; {} left out: {}, {} scheduled",
            plural(n, "edition"),
            plural(edition_drafts, "draft"),
            n - edition_drafts
        ),
    };
    format!(
        "{} left out: {}, {} scheduled{editions_said} (`gazette build --drafts --future` includes them)",
        plural(articles.len(), "article"),
        plural(drafts, "draft"),
        articles.len() - drafts
    )
}
