//! `gazette build` and `gazette check`: run the pipeline, write the site (or only check it), and
//! print what was made or what is wrong.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Args;
use gazette::core::diagnostic::display_path;
use gazette::pipeline::{self, Built};
use gazette::write;

use super::terminal::{Terminal, plural};
use super::{SelectionArgs, SiteArgs, options};

#[derive(Args)]
pub(crate) struct BuildArgs {
    #[command(flatten)]
    pub(crate) site: SiteArgs,
    /// Where to write the site [default: <root>/public].
    #[arg(short, long)]
    pub(crate) output: Option<PathBuf>,
    /// Replace site.yaml's base_url (for preview deployments; a CI job can set it once in
    /// GAZETTE_BASE_URL, which `gazette edition` reads too).
    #[arg(long, env = "GAZETTE_BASE_URL")]
    pub(crate) base_url: Option<String>,
    #[command(flatten)]
    pub(crate) selection: SelectionArgs,
    /// Print each phase's time.
    #[arg(long)]
    pub(crate) timings: bool,
}

#[derive(Args)]
pub(crate) struct CheckArgs {
    #[command(flatten)]
    pub(crate) site: SiteArgs,
    #[command(flatten)]
    pub(crate) selection: SelectionArgs,
}

pub(crate) fn human_size(bytes: usize) -> String {
    match bytes {
        b if b >= 1024 * 1024 => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
        b if b >= 1024 => format!("{} KB", b.div_ceil(1024)),
        b => format!("{b} B"),
    }
}

/// What the build left out, in every language (a translation's draft counts as a draft).
pub(crate) fn left_out(built: &Built) -> String {
    let all = || std::iter::once(&built.site.left_out).chain(built.languages.iter().map(|l| &l.left_out));
    let (drafts, future, editions) = (
        all().map(|l| l.drafts()).sum::<usize>(),
        all().map(|l| l.future()).sum::<usize>(),
        all().map(|l| l.editions()).sum::<usize>(),
    );
    let mut parts = Vec::new();
    if drafts > 0 {
        parts.push(format!("{} left out (--drafts to include)", plural(drafts, "draft")));
    }
    if future > 0 {
        parts.push(format!(
            "{} dated in the future left out (--future to include)",
            plural(future, "article")
        ));
    }
    if editions > 0 {
        parts.push(format!(
            "{} left out (`gazette list` says why)",
            plural(editions, "edition")
        ));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("; {}", parts.join(", "))
    }
}

impl BuildArgs {
    pub(crate) fn run(self, term: Terminal) -> ExitCode {
        let started = Instant::now();
        let mut options = options(&self.site, &self.selection);
        // An empty GAZETTE_BASE_URL (a CI variable that is not set) leaves site.yaml's.
        options.base_url = self.base_url.clone().filter(|url| !url.trim().is_empty());
        options.base_url_from = super::base_url_from();
        let output_dir = self.output.clone().unwrap_or_else(|| self.site.root.join("public"));
        if let Err(d) = write::check_output_dir(&self.site.root, &output_dir) {
            term.report(&[d]);
            return ExitCode::from(1);
        }
        // Pages stream into a new site beside the output as they are rendered; it replaces the
        // output only when complete, and is removed if the build fails.
        // What a failed build says of the output folder: as it was, or never made.
        let untouched = if output_dir.exists() {
            format!("build failed; {} left as it was", display_path(&output_dir))
        } else {
            format!("build failed; {} not made", display_path(&output_dir))
        };
        let staging = match write::Staging::begin(&output_dir) {
            Ok(staging) => staging,
            Err(d) => {
                term.report(&[d]);
                return ExitCode::from(1);
            }
        };
        let progress = std::sync::Arc::new(pipeline::Progress::default());
        options.progress = Some(progress.clone());
        let spinner = term.spinner("building", Some(progress));
        let sink = |path: &str, bytes: &[u8]| staging.put_bytes(path, bytes);
        let result = pipeline::run_into(&options, Some(&sink));
        drop(spinner);
        let built = match result {
            Ok(built) => built,
            Err(failed) => {
                let mut diagnostics = failed.diagnostics;
                // Once the output cannot be written, every page after returns the same error:
                // say it once, after the site's own errors.
                if let Some(failure) = staging.failure() {
                    diagnostics.retain(|d| d != failure);
                    diagnostics.push(failure.clone());
                }
                drop(staging);
                term.report(&diagnostics);
                eprintln!("{untouched}");
                return ExitCode::from(1);
            }
        };
        term.report(&built.warnings);
        let write_started = Instant::now();
        if let Err(d) = staging.finish(&built.output) {
            drop(staging);
            term.report(&[d]);
            eprintln!("{untouched}");
            return ExitCode::from(1);
        }
        // The previous build's pages, to say which this one took away.
        let before = if term.quiet {
            Default::default()
        } else {
            write::listed_pages(&output_dir)
        };
        match staging.commit() {
            Ok(None) => {}
            Ok(Some(warning)) => term.report(&[warning]),
            Err(d) => {
                term.report(&[d]);
                return ExitCode::from(1);
            }
        }
        if let Some(note) = gone_note(&before, &output_dir, built.site.config.base_url.path()) {
            eprintln!("{note}");
        }
        let write_time = write_started.elapsed();
        if self.timings || term.verbose {
            print_timings(&built, write_time);
        }
        if !term.quiet {
            outln!("{}", summary(&built, started.elapsed().as_millis()));
        }
        // The process ends here: freeing every article one by one (30 ms at 10,000) is work
        // the OS does at once when it reclaims the memory.
        std::mem::forget(built);
        ExitCode::SUCCESS
    }
}

/// The note for the pages of the previous build that this one no longer has, a few named: links
/// to them (from other sites, from readers' bookmarks, from search engines) now lead to the 404
/// page. None when none went, or when no page is in both (the site's address changed: every
/// page would be "gone"). A page the new sitemap does not list but the output has
/// (`still_there`: an old address an article now keeps with `aliases:`) has not gone.
fn gone_note(before: &std::collections::BTreeSet<String>, output_dir: &std::path::Path, base: &str) -> Option<String> {
    if before.is_empty() {
        return None;
    }
    let after = write::listed_pages(output_dir);
    if before.is_disjoint(&after) {
        return None;
    }
    let still_there = |path: &str| {
        path.strip_prefix(base).is_some_and(|rest| {
            let rest = percent_encoding::percent_decode_str(rest).decode_utf8_lossy();
            output_dir.join(gazette::core::urls::page_file(&rest)).is_file()
        })
    };
    let gone: Vec<&str> = before
        .difference(&after)
        .map(String::as_str)
        .filter(|path| !still_there(path))
        .collect();
    if gone.is_empty() {
        return None;
    }
    const NAMED: usize = 5;
    let mut named = gone.iter().take(NAMED).copied().collect::<Vec<_>>().join(", ");
    if gone.len() > NAMED {
        named.push_str(&format!(" and {} more", gone.len() - NAMED));
    }
    Some(format!(
        "note: {} of the previous build {} gone: {named}\n  = help: links to {} now lead to the 404 page; an article or a topic keeps an old address working with `aliases:`",
        plural(gone.len(), "page"),
        if gone.len() == 1 { "is" } else { "are" },
        if gone.len() == 1 { "it" } else { "them" },
    ))
}

/// Each phase's time, on stderr (`--timings`, `--verbose`).
fn print_timings(built: &Built, write_time: std::time::Duration) {
    for (phase, time) in &built.timings.phases {
        eprintln!("  {phase:<10} {:>8.1} ms", time.as_secs_f64() * 1000.0);
    }
    eprintln!("  {:<10} {:>8.1} ms", "write", write_time.as_secs_f64() * 1000.0);
}

/// The one line a successful build ends with:
/// `15 articles, 5 topics → 52 pages in 21 ms (search index 12 KB); 1 draft left out …`.
fn summary(built: &Built, millis: u128) -> String {
    let warnings = if built.warnings.is_empty() {
        String::new()
    } else {
        format!(", {}", plural(built.warnings.len(), "warning"))
    };
    // Every language's index: each has its own under its folder (`ko/search/`).
    let folders = std::iter::once("").chain(built.languages.iter().map(|l| l.folder.as_str()));
    let index = folders
        .flat_map(|folder| {
            gazette::publish::search::INDEX_PARTS
                .iter()
                .map(move |part| built.output.generated_bytes_under(&format!("{folder}{part}")))
        })
        .sum::<usize>();
    let media = &built.media;
    let images = if media.files == 0 {
        String::new()
    } else {
        format!(
            "; images: {}, {} decoded, {} drawn",
            plural(media.files, "file"),
            media.decoded,
            plural(media.cards_drawn, "card")
        )
    };
    let languages: String = built
        .languages
        .iter()
        .map(|l| {
            format!(
                " ({}: {}, {})",
                l.tag,
                plural(l.articles, "article"),
                plural(l.topics, "topic")
            )
        })
        .collect();
    format!(
        "{}, {}{languages} → {} in {millis} ms (search index {}{images}){}{}",
        plural(built.site.articles.len(), "article"),
        plural(built.site.topics.len(), "topic"),
        plural(built.output.page_count(), "page"),
        human_size(index),
        left_out(built),
        warnings,
    )
}

impl CheckArgs {
    pub(crate) fn run(self, term: Terminal) -> ExitCode {
        let mut options = options(&self.site, &self.selection);
        let progress = std::sync::Arc::new(pipeline::Progress::default());
        options.progress = Some(progress.clone());
        let spinner = term.spinner("checking", Some(progress));
        // `check` writes nothing: rendered pages are checked, then dropped at once.
        let discard = |_: &str, _: &[u8]| Ok(());
        let result = pipeline::run_into(&options, Some(&discard));
        drop(spinner);
        match result {
            Ok(built) => {
                term.report(&built.warnings);
                if term.quiet {
                    return ExitCode::SUCCESS;
                }
                outln!(
                    "ok: {}, {}, {}{}",
                    plural(built.site.articles.len(), "article"),
                    plural(built.site.topics.len(), "topic"),
                    plural(built.warnings.len(), "warning"),
                    left_out(&built)
                );
                ExitCode::SUCCESS
            }
            Err(failed) => {
                term.report(&failed.diagnostics);
                ExitCode::from(1)
            }
        }
    }
}
