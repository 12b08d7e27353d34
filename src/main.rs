//! The `gazette` command line: parses arguments, runs a command, prints its diagnostics and exits.
//! The only place that prints or exits.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Parser, Subcommand};
use cli::terminal::{Terminal, plural};
use gazette::core::diagnostic::{Diagnostic, display_path};
use gazette::pipeline::{self, BuildOptions, Built};
use gazette::write;

mod cli;

// A build allocates millions of small strings from both cores; mimalloc's per-thread heaps make
// a 10,000-article build about 15% faster than glibc's malloc (bench/, issue 6).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Turns transparent huge pages off (`disabled`), or back to the system's setting, for this
/// process and the children it starts from then on. `main` turns them off first thing: mimalloc
/// asks the kernel for huge pages (`madvise(MADV_HUGEPAGE)`), and with Linux's usual
/// `defrag = madvise` setting each 2 MiB page fault may stall while the kernel compacts memory
/// to find one. On a machine whose memory is
/// fragmented (a busy page cache), a 100,000-article build spent 8.7 s of system time there,
/// against 3.9 s with huge pages off, and 11.3 s of wall time against 9.5 s; at 10,000 articles the
/// wall time is the same and peak memory 11 % lower (bench/scale.sh, issue 6). Failure (an old
/// kernel) changes nothing but speed, so it is ignored.
fn set_transparent_huge_pages_disabled(disabled: bool) {
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(disabled);
    #[cfg(not(target_os = "linux"))]
    let _ = disabled;
}

/// Starts `command` with transparent huge pages allowed again for the moment: the switch is the
/// whole process's and children inherit it, and a browser started by `serve --open` should run
/// as the system has it.
fn spawn_with_system_huge_pages(command: &mut std::process::Command) -> std::io::Result<std::process::Child> {
    set_transparent_huge_pages_disabled(false);
    let child = command.spawn();
    set_transparent_huge_pages_disabled(true);
    child
}

#[derive(Parser)]
#[command(
    name = "gazette",
    version,
    about = "A static site generator for curated news briefings with topic timelines"
)]
#[command(
    after_help = "Examples:\n  gazette build\n  gazette build --root my-site --base-url https://example.org/preview/\n  gazette check --strict\n  gazette init my-briefings\n  gazette new article \"Putin visits Pyongyang\" --topic russia-north-korea"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Print only errors: no summary, no warnings.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print every warning and each phase's time.
    #[arg(long, short, global = true)]
    verbose: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (public/ by default).
    #[command(
        after_help = "Examples:\n  gazette build\n  gazette build --drafts --future\n  gazette build --output /tmp/site --timings"
    )]
    Build(BuildArgs),
    /// Preview the site at http://127.0.0.1:PORT/, rebuilding and reloading on every save.
    #[command(
        after_help = "Examples:\n  gazette serve\n  gazette serve --port 8080 --open\n  gazette serve --no-drafts\n  gazette serve --bind 0.0.0.0   # reachable from other machines: be careful"
    )]
    Serve(ServeArgs),
    /// Validate content and templates; write nothing.
    #[command(after_help = "Examples:\n  gazette check\n  gazette check --root my-site --strict")]
    Check(CheckArgs),
    /// Make a new working site in DIR with the default theme and a sample briefing.
    #[command(after_help = "Example:\n  gazette init my-briefings && cd my-briefings && gazette build")]
    Init(InitArgs),
    /// Make a new article or topic file with its front matter filled in.
    #[command(subcommand)]
    New(NewCommand),
    /// Print the JSON Schema of article or topic front matter, or of site.yaml, for editors.
    #[command(after_help = "Examples:\n  gazette schema article > article.schema.json\n  gazette schema site")]
    Schema(SchemaArgs),
}

#[derive(Args)]
struct SchemaArgs {
    /// Which schema.
    #[arg(value_enum)]
    which: SchemaKind,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum SchemaKind {
    Article,
    Topic,
    Site,
}

#[derive(Args)]
struct SiteArgs {
    /// The site's folder (the one with site.yaml).
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

#[derive(Args)]
struct SelectionArgs {
    /// Include drafts.
    #[arg(long)]
    drafts: bool,
    /// Include articles dated in the future.
    #[arg(long)]
    future: bool,
    /// Treat warnings as errors.
    #[arg(long)]
    strict: bool,
}

#[derive(Args)]
struct BuildArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Where to write the site [default: <root>/public].
    #[arg(long)]
    output: Option<PathBuf>,
    /// Replace site.yaml's base_url (for preview deployments).
    #[arg(long)]
    base_url: Option<String>,
    #[command(flatten)]
    selection: SelectionArgs,
    /// Print each phase's time.
    #[arg(long)]
    timings: bool,
}

#[derive(Args)]
struct ServeArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// The address to listen on. The default serves this machine only.
    #[arg(long, default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// The port; if it is taken, the next free one is used. 0 picks any free port.
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// Open the site in the default browser.
    #[arg(long)]
    open: bool,
    /// Show drafts (the default), marked DRAFT.
    #[arg(long, overrides_with = "no_drafts")]
    drafts: bool,
    /// Hide drafts.
    #[arg(long)]
    no_drafts: bool,
    /// Print the time of each phase of every rebuild.
    #[arg(long)]
    timings: bool,
}

#[derive(Args)]
struct CheckArgs {
    #[command(flatten)]
    site: SiteArgs,
    #[command(flatten)]
    selection: SelectionArgs,
}

#[derive(Args)]
struct InitArgs {
    /// The folder to create (it must not exist, or be empty).
    dir: PathBuf,
}

#[derive(Subcommand)]
enum NewCommand {
    /// A new draft article in content/<year>/<month>/<slug>.md, dated now.
    #[command(after_help = "Example:\n  gazette new article \"Kim visits Vostochny\" --topic russia-north-korea")]
    Article(NewArticleArgs),
    /// A new topic in content/topics/<slug>.md.
    #[command(after_help = "Example:\n  gazette new topic \"Black Sea shipping\"")]
    Topic(NewTopicArgs),
}

#[derive(Args)]
struct NewArticleArgs {
    /// The headline.
    title: String,
    /// A topic slug (repeat for more; the first is the primary topic).
    #[arg(long = "topic")]
    topics: Vec<String>,
    #[command(flatten)]
    site: SiteArgs,
}

#[derive(Args)]
struct NewTopicArgs {
    /// The topic's title.
    title: String,
    #[command(flatten)]
    site: SiteArgs,
}

fn main() -> ExitCode {
    set_transparent_huge_pages_disabled(true);
    let cli = Cli::parse();
    let term = Terminal::new(cli.quiet, cli.verbose);
    match cli.command {
        Command::Build(args) => args.run(term),
        Command::Serve(args) => args.run(term),
        Command::Check(args) => args.run(term),
        Command::Init(args) => args.run(term),
        Command::New(NewCommand::Article(args)) => args.run(term),
        Command::New(NewCommand::Topic(args)) => args.run(term),
        Command::Schema(args) => {
            let schema = match args.which {
                SchemaKind::Article => cli::schema::Schema::Article,
                SchemaKind::Topic => cli::schema::Schema::Topic,
                SchemaKind::Site => cli::schema::Schema::Site,
            };
            print!("{}", schema.text());
            ExitCode::SUCCESS
        }
    }
}

fn human_size(bytes: usize) -> String {
    match bytes {
        b if b >= 1024 * 1024 => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
        b if b >= 1024 => format!("{} KB", b.div_ceil(1024)),
        b => format!("{b} B"),
    }
}

fn options(site: &SiteArgs, selection: &SelectionArgs) -> BuildOptions {
    let mut options = BuildOptions::new(&site.root);
    options.drafts = selection.drafts;
    options.future = selection.future;
    options.strict = selection.strict;
    options
}

fn left_out(built: &Built) -> String {
    let left = built.site.left_out;
    let mut parts = Vec::new();
    if left.drafts > 0 {
        parts.push(format!(
            "{} left out (--drafts to include)",
            plural(left.drafts, "draft")
        ));
    }
    if left.future > 0 {
        parts.push(format!(
            "{} dated in the future left out (--future to include)",
            plural(left.future, "article")
        ));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("; {}", parts.join(", "))
    }
}

impl BuildArgs {
    fn run(self, term: Terminal) -> ExitCode {
        let started = Instant::now();
        let mut options = options(&self.site, &self.selection);
        options.base_url = self.base_url.clone();
        let output_dir = self.output.clone().unwrap_or_else(|| self.site.root.join("public"));
        if let Err(d) = write::check_output_dir(&self.site.root, &output_dir) {
            term.report(&[d]);
            return ExitCode::from(1);
        }
        // Pages stream into a new site beside the output as they are rendered; it replaces the
        // output only when complete, and is removed if the build fails.
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
                eprintln!("build failed; {} left as it was", display_path(&output_dir));
                return ExitCode::from(1);
            }
        };
        term.report(&built.warnings);
        let write_started = Instant::now();
        if let Err(d) = staging.finish(&built.output) {
            drop(staging);
            term.report(&[d]);
            eprintln!("build failed; {} left as it was", display_path(&output_dir));
            return ExitCode::from(1);
        }
        if let Err(d) = staging.commit() {
            term.report(&[d]);
            return ExitCode::from(1);
        }
        let write_time = write_started.elapsed();
        if self.timings || term.verbose {
            for (phase, time) in &built.timings.phases {
                eprintln!("  {phase:<10} {:>8.1} ms", time.as_secs_f64() * 1000.0);
            }
            eprintln!("  {:<10} {:>8.1} ms", "write", write_time.as_secs_f64() * 1000.0);
        }
        let warnings = if built.warnings.is_empty() {
            String::new()
        } else {
            format!(", {}", plural(built.warnings.len(), "warning"))
        };
        let index = built.output.generated_bytes_under("search/terms/")
            + built.output.generated_bytes_under("search/docs.json");
        if !term.quiet {
            println!(
                "{}, {} → {} in {} ms (search index {}){}{}",
                plural(built.site.articles.len(), "article"),
                plural(built.site.topics.len(), "topic"),
                plural(built.output.page_count(), "page"),
                started.elapsed().as_millis(),
                human_size(index),
                left_out(&built),
                warnings,
            );
        }
        // The process ends here: freeing every article one by one (30 ms at 10,000) is work
        // the OS does at once when it reclaims the memory.
        std::mem::forget(built);
        ExitCode::SUCCESS
    }
}

impl ServeArgs {
    fn run(self, term: Terminal) -> ExitCode {
        let (open, timings) = (self.open, self.timings);
        let options = gazette::serve::ServeOptions {
            root: self.site.root.clone(),
            bind: self.bind,
            port: self.port,
            drafts: !self.no_drafts,
        };
        let report: gazette::serve::Reporter =
            std::sync::Arc::new(move |event| print_serve_event(term, event, open, timings));
        match gazette::serve::run(options, report) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: cannot serve: {e}");
                ExitCode::from(1)
            }
        }
    }
}

fn print_serve_event(term: Terminal, event: gazette::serve::ServeEvent, open: bool, timings: bool) {
    use gazette::serve::ServeEvent;
    match event {
        ServeEvent::Listening { url, public } => {
            println!("serving at {url} (Ctrl-C to stop)");
            if public {
                eprintln!(
                    "warning: listening on all interfaces: anyone on your network can read the site, drafts included"
                );
            }
            if open {
                let opener = if cfg!(target_os = "macos") { "open" } else { "xdg-open" };
                if spawn_with_system_huge_pages(std::process::Command::new(opener).arg(&url)).is_err() {
                    eprintln!("warning: could not open a browser; visit {url}");
                }
            }
        }
        ServeEvent::Built {
            pages,
            articles,
            elapsed,
            first,
            phases,
        } => {
            let what = if first { "built" } else { "rebuilt" };
            println!(
                "{what} {} ({}) in {} ms",
                plural(pages, "page"),
                plural(articles, "article"),
                elapsed.as_millis()
            );
            if timings {
                let phases: Vec<String> = phases
                    .iter()
                    .map(|(phase, time)| format!("{phase} {:.1}", time.as_secs_f64() * 1000.0))
                    .collect();
                println!("  phases (ms): {}", phases.join(", "));
            }
        }
        ServeEvent::Checked { warnings } => term.report(&warnings),
        ServeEvent::CheckFailed { diagnostics } => {
            term.report(&diagnostics);
            eprintln!("the new build has errors; pages that have them say so, the others are served");
        }
        ServeEvent::Failed { diagnostics, elapsed } => {
            term.report(&diagnostics);
            eprintln!(
                "rebuild failed in {} ms; still serving the last good build",
                elapsed.as_millis()
            );
        }
        ServeEvent::Watching { folders } => {
            let names: Vec<String> = folders.iter().map(|f| display_path(f)).collect();
            println!("watching site.yaml, {}", names.join(", "));
        }
        ServeEvent::WatchError { message } => eprintln!("warning: {message}"),
    }
}

impl CheckArgs {
    fn run(self, term: Terminal) -> ExitCode {
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
                println!(
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

impl InitArgs {
    fn run(self, term: Terminal) -> ExitCode {
        match cli::scaffold::init(&self.dir, jiff::Timestamp::now()) {
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
    fn run(self, term: Terminal) -> ExitCode {
        created(
            term,
            cli::scaffold::new_article(&self.site.root, &self.title, &self.topics, jiff::Timestamp::now()),
        )
    }
}

impl NewTopicArgs {
    fn run(self, term: Terminal) -> ExitCode {
        created(term, cli::scaffold::new_topic(&self.site.root, &self.title))
    }
}

fn created(term: Terminal, result: Result<PathBuf, Vec<Diagnostic>>) -> ExitCode {
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
