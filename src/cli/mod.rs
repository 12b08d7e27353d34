//! The command line's commands and how the terminal shows their results (binary only).

/// `println!` that never panics: a line on stdout, through `terminal::write_stdout` (a reader
/// that went away, `gazette list | head`, ends the command quietly; another failure, a full
/// disk, is said on stderr and exits 1).
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::cli::terminal::write_stdout(format_args!("{}\n", format_args!($($arg)*)))
    };
}

mod build;
mod edition;
mod list;
mod new;
mod new_edition;
pub mod scaffold;
pub mod schema;
mod serve;
pub mod terminal;
mod theme;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::builder::TypedValueParser as _;
use clap::{Args, Parser, Subcommand};
use gazette::pipeline::BuildOptions;

use build::{BuildArgs, CheckArgs};
use edition::EditionArgs;
use list::ListArgs;
use new::{InitArgs, NewCommand};
use serve::ServeArgs;
use terminal::Terminal;
use theme::ThemeCommand;

#[derive(Parser)]
#[command(
    name = "gazette",
    version,
    about = "A static site generator for curated news briefings with topic timelines"
)]
#[command(
    after_help = "Examples:\n  gazette build\n  gazette build --root my-site --base-url https://example.org/preview/\n  gazette check --strict\n  gazette init my-briefings\n  gazette new article \"Putin visits Pyongyang\" --topic russia-north-korea\n  gazette new edition 2024-06-21\n  gazette edition 2024-06-21 --format text"
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
    /// Print only errors: no summary, no warnings.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub(crate) quiet: bool,
    /// Print every warning and error (not only the first 20 and 100) and each phase's time.
    #[arg(long, short, global = true)]
    pub(crate) verbose: bool,
}

#[derive(Subcommand)]
pub(crate) enum Command {
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
    /// Validate content and templates; write no output (only the image cache).
    #[command(after_help = "Examples:\n  gazette check\n  gazette check --root my-site --strict")]
    Check(CheckArgs),
    /// Make a new working site in DIR with the default theme and a sample briefing.
    #[command(after_help = "Example:\n  gazette init my-briefings && cd my-briefings && gazette build")]
    Init(InitArgs),
    /// Make a new article, topic or edition file with its front matter filled in.
    #[command(subcommand)]
    New(NewCommand),
    /// Print an edition's email on stdout (for piping into a sending tool).
    #[command(long_about = EDITION_ABOUT, after_help = EDITION_EXAMPLES)]
    Edition(EditionArgs),
    /// List what a build leaves out and why (drafts, scheduled articles with their times), or with --corrections every update log entry.
    #[command(after_help = "Examples:\n  gazette list\n  gazette list --future\n  gazette list --corrections")]
    List(ListArgs),
    /// Copy the default theme's files into the site to change them, or into a theme of your own.
    #[command(subcommand)]
    Theme(ThemeCommand),
    /// Print the JSON Schema of article, topic, author or edition front matter, or of site.yaml, for editors.
    #[command(after_help = "Examples:\n  gazette schema article > article.schema.json\n  gazette schema site")]
    Schema(SchemaArgs),
}

const EDITION_ABOUT: &str = "Print an edition's email on stdout (for piping into a sending tool).\n\n\
The bytes are those `gazette build` writes to public/editions/<SLUG>/email.html (--format html, \
the styles inlined) or email.txt (--format text): the whole site is built and checked, writing \
nothing, and a site with errors prints them and exits 1. A draft or scheduled edition, which \
`gazette build` leaves out, is printed as `gazette build --drafts --future` makes it, with a note \
on stderr saying so.";

const EDITION_EXAMPLES: &str = "Examples:\n  gazette edition 2024-06-21 > email.html\n  gazette edition 2024-06-21 --format text | less\n  gazette edition 2024-06-21 --base-url https://example.org/briefings/";

#[derive(Args)]
pub(crate) struct SchemaArgs {
    /// Which schema.
    #[arg(value_enum)]
    pub(crate) which: SchemaKind,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub(crate) enum SchemaKind {
    Article,
    Topic,
    Author,
    Edition,
    Site,
}

#[derive(Args)]
pub(crate) struct SiteArgs {
    /// The site's folder (the one with site.yaml) [default: the nearest folder upward that has
    /// a site.yaml, as git and cargo find theirs].
    #[arg(long, default_value_os_t = nearest_site_root(), hide_default_value = true, value_parser = clap::builder::OsStringValueParser::new().try_map(site_folder))]
    pub(crate) root: PathBuf,
}

/// `--root` as given, when it can be a site's folder: not a file (`--root site.yaml`), and there.
/// Any path the system takes, UTF-8 or not.
fn site_folder(given: std::ffi::OsString) -> Result<PathBuf, String> {
    let path = PathBuf::from(given);
    let given = path.display();
    match std::fs::metadata(&path) {
        Ok(meta) if meta.is_dir() => Ok(path),
        Ok(_) => {
            let folder = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(std::path::Path::new("."));
            Err(format!(
                "`{given}` is a file: --root takes the site's folder, the one that holds site.yaml (here `--root {}`)",
                folder.display()
            ))
        }
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => Err(format!(
            "`{given}` cannot be looked into: permission denied (give your user permission to read the site's folder)"
        )),
        Err(_) => Err(format!(
            "there is no folder `{given}`: pass the folder that holds site.yaml, or make a new site there with `gazette init {given}`"
        )),
    }
}

/// The nearest folder, from the current one upward, that has a site.yaml, written relative to
/// the current folder (`.`, `..`, `../..`) so that the paths diagnostics print stay short and
/// open from where the writer is. Without one, `.`, whose missing site.yaml the build then
/// explains.
fn nearest_site_root() -> PathBuf {
    let here = PathBuf::from(".");
    let Ok(current) = std::env::current_dir() else {
        return here;
    };
    let mut relative = here.clone();
    for folder in current.ancestors() {
        if folder.join("site.yaml").is_file() {
            return relative;
        }
        relative = if relative == here {
            PathBuf::from("..")
        } else {
            relative.join("..")
        };
    }
    here
}

#[derive(Args)]
pub(crate) struct SelectionArgs {
    /// Include drafts.
    #[arg(long)]
    pub(crate) drafts: bool,
    /// Include articles dated in the future.
    #[arg(long)]
    pub(crate) future: bool,
    /// Treat warnings as errors.
    #[arg(long)]
    pub(crate) strict: bool,
}

pub(crate) fn options(site: &SiteArgs, selection: &SelectionArgs) -> BuildOptions {
    let mut options = BuildOptions::new(&site.root);
    options.drafts = selection.drafts;
    options.future = selection.future;
    options.strict = selection.strict;
    options
}

/// Parses the command line and runs its command.
pub(crate) fn run() -> ExitCode {
    let cli = Cli::parse();
    let term = Terminal::new(cli.quiet, cli.verbose);
    match cli.command {
        Command::Build(args) => {
            terminal::watch_renders(term);
            args.run(term)
        }
        Command::Serve(args) => args.run(term),
        Command::Check(args) => {
            terminal::watch_renders(term);
            args.run(term)
        }
        Command::Init(args) => args.run(term),
        Command::List(args) => args.run(term),
        Command::Theme(ThemeCommand::Eject(args)) => args.run(term),
        Command::Theme(ThemeCommand::New(args)) => args.run(term),
        Command::New(NewCommand::Article(args)) => args.run(term),
        Command::New(NewCommand::Topic(args)) => args.run(term),
        Command::New(NewCommand::Edition(args)) => args.run(term),
        Command::Edition(args) => {
            terminal::watch_renders(term);
            args.run(term)
        }
        Command::Schema(args) => {
            let schema = match args.which {
                SchemaKind::Article => schema::Schema::Article,
                SchemaKind::Topic => schema::Schema::Topic,
                SchemaKind::Author => schema::Schema::Author,
                SchemaKind::Edition => schema::Schema::Edition,
                SchemaKind::Site => schema::Schema::Site,
            };
            crate::cli::terminal::write_stdout(format_args!("{}", schema.text()));
            ExitCode::SUCCESS
        }
    }
}

/// Turns transparent huge pages off (`disabled`), or back to the system's setting, for this
/// process and the children it starts from then on. `main` turns them off first thing: mimalloc
/// asks the kernel for huge pages (`madvise(MADV_HUGEPAGE)`), and with Linux's usual
/// `defrag = madvise` setting each 2 MiB page fault may stall while the kernel compacts memory
/// to find one. On a machine whose memory is
/// fragmented (a busy page cache), a 100,000-article build spent 8.7 s of system time there,
/// against 3.9 s with huge pages off, and 11.3 s of wall time against 9.5 s; at 10,000 articles the
/// wall time is the same and peak memory 11 % lower (bench/scale.sh, issue 6). Failure (an old
/// kernel) changes nothing but speed, so it is ignored.
pub(crate) fn set_transparent_huge_pages_disabled(disabled: bool) {
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(disabled);
    #[cfg(not(target_os = "linux"))]
    let _ = disabled;
}

/// Starts `command` with transparent huge pages allowed again for the moment: the switch is the
/// whole process's and children inherit it, and a browser started by `serve --open` should run
/// as the system has it.
pub(crate) fn spawn_with_system_huge_pages(
    command: &mut std::process::Command,
) -> std::io::Result<std::process::Child> {
    set_transparent_huge_pages_disabled(false);
    let child = command.spawn();
    set_transparent_huge_pages_disabled(true);
    child
}

/// Where a `--base-url` value came from, as an error about it names it: the flag on the command
/// line, or else the `GAZETTE_BASE_URL` variable clap read it from.
pub(crate) fn base_url_from() -> &'static str {
    let flag = std::env::args_os().any(|arg| {
        let arg = arg.to_string_lossy();
        arg == "--base-url" || arg.starts_with("--base-url=")
    });
    if flag { "--base-url" } else { "GAZETTE_BASE_URL" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::ffi::OsStringExt;

    /// Regression (error probe review): `--root` refused a folder whose name is not UTF-8
    /// before looking for it.
    #[test]
    fn a_root_whose_name_is_not_utf8_is_taken() {
        let dir = tempfile::tempdir().unwrap();
        let mut name = dir.path().as_os_str().to_os_string().into_vec();
        name.extend_from_slice(b"/site-\xff");
        let folder = std::ffi::OsString::from_vec(name);
        assert!(
            site_folder(folder.clone())
                .unwrap_err()
                .starts_with("there is no folder")
        );
        std::fs::create_dir(&folder).unwrap();
        assert_eq!(site_folder(folder.clone()).unwrap(), PathBuf::from(folder));
    }
}
