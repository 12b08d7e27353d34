//! `gazette init` and `gazette new`: make a site, an article or a topic, and say what was made.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};
use gazette::core::diagnostic::{Diagnostic, display_path};

use super::terminal::Terminal;
use super::{SiteArgs, scaffold};

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
            Ok(files) => {
                for file in &files {
                    println!("created {}", display_path(file));
                }
                println!("next: cd {} && gazette build", display_path(&self.dir));
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
            println!("created {}", display_path(Path::new(&path)));
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            term.report(&diagnostics);
            ExitCode::from(1)
        }
    }
}
