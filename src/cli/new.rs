//! `gazette init` and `gazette new`: make a site, an article or a topic, and say what was made.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};
use gazette::core::diagnostic::{Diagnostic, display_path};

use super::new_edition::NewEditionArgs;
use super::terminal::Terminal;
use super::{SiteArgs, scaffold};

const NEW_EDITION_ABOUT: &str = "A new draft edition in content/editions/<DATE>.md listing that day's published articles.\n\n\
DATE is a day of the site's time zone (YYYY-MM-DD; today by default). Its published articles \
(not drafts, not scheduled ones) are listed as `- article:` items, key events first, then by \
primary topic, each with an empty `note:` for the editor, who reorders them, adds sections and \
outside links, and removes `draft: true` when the edition is ready. The edition is dated 07:00 \
that day or, when a listed article was published later, at that article's time rounded up to \
the minute: an edition may not be dated before its articles. A day without published articles \
gets an empty list. An existing file is never overwritten.\n\n\
WEEK (YYYY-Www, e.g. 2024-W25) makes a weekly round-up instead: content/editions/2024-w25.md lists \
the week's published articles (Monday to Sunday) under sections (key events, each topic, the \
rest), dated on its Sunday. --series NAME writes `series: NAME` and adds the series to the file's \
name (2024-06-21-evening.md), so two series' editions of one day have their own addresses.";

#[derive(Args)]
pub(crate) struct InitArgs {
    /// The folder to create (it must not exist, or be empty).
    pub(crate) dir: PathBuf,
}

#[derive(Subcommand)]
pub(crate) enum NewCommand {
    /// A new draft article in content/<year>/<month>/<slug>.md, dated now.
    #[command(after_help = "Example:\n  gazette new article \"Kim visits Vostochny\" --topic russia-north-korea")]
    Article(NewArticleArgs),
    /// A new topic in content/topics/<slug>.md.
    #[command(after_help = "Example:\n  gazette new topic \"Black Sea shipping\"")]
    Topic(NewTopicArgs),
    /// A new draft edition in content/editions/<DATE>.md listing that day's (week's) published articles.
    #[command(long_about = NEW_EDITION_ABOUT, after_help = "Examples:\n  gazette new edition\n  gazette new edition 2024-06-21\n  gazette new edition 2024-W25\n  gazette new edition 2024-06-21 --series evening")]
    Edition(NewEditionArgs),
}

#[derive(Args)]
pub(crate) struct NewArticleArgs {
    /// The headline.
    pub(crate) title: String,
    /// A topic slug (repeat for more; the first is the primary topic).
    #[arg(long = "topic")]
    pub(crate) topics: Vec<String>,
    #[command(flatten)]
    pub(crate) site: SiteArgs,
}

#[derive(Args)]
pub(crate) struct NewTopicArgs {
    /// The topic's title.
    pub(crate) title: String,
    #[command(flatten)]
    pub(crate) site: SiteArgs,
}

impl InitArgs {
    pub(crate) fn run(self, term: Terminal) -> ExitCode {
        match scaffold::init(&self.dir, jiff::Timestamp::now()) {
            // `--quiet`: errors only; a new site's files are the sample's, not output to keep.
            Ok(files) if term.quiet => {
                drop(files);
                ExitCode::SUCCESS
            }
            Ok(files) => {
                for file in &files {
                    outln!("created {}", display_path(file));
                }
                outln!("next: cd {} && gazette build", display_path(&self.dir));
                ExitCode::SUCCESS
            }
            Err(d) => {
                term.report(&[d]);
                ExitCode::from(1)
            }
        }
    }
}

impl NewArticleArgs {
    pub(crate) fn run(self, term: Terminal) -> ExitCode {
        created(
            term,
            scaffold::new_article(&self.site.root, &self.title, &self.topics, jiff::Timestamp::now()),
        )
    }
}

impl NewTopicArgs {
    pub(crate) fn run(self, term: Terminal) -> ExitCode {
        created(term, scaffold::new_topic(&self.site.root, &self.title))
    }
}

pub(crate) fn created(term: Terminal, result: Result<PathBuf, Vec<Diagnostic>>) -> ExitCode {
    match result {
        Ok(path) => {
            outln!("created {}", display_path(Path::new(&path)));
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            term.report(&diagnostics);
            ExitCode::from(1)
        }
    }
}
