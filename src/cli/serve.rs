//! `gazette serve`: the live preview, and how its events are printed.

use std::process::ExitCode;

use clap::Args;
use gazette::core::diagnostic::display_path;

use super::SiteArgs;
use super::spawn_with_system_huge_pages;
use super::terminal::{Terminal, plural};

#[derive(Args)]
pub(crate) struct ServeArgs {
    #[command(flatten)]
    pub(crate) site: SiteArgs,
    /// The address to listen on. The default serves this machine only.
    #[arg(long, default_value = "127.0.0.1")]
    pub(crate) bind: std::net::IpAddr,
    /// The port; if it is taken, the next free one is used. 0 picks any free port.
    #[arg(long, default_value_t = 1111)]
    pub(crate) port: u16,
    /// Open the site in the default browser.
    #[arg(long)]
    pub(crate) open: bool,
    /// Show drafts (the default), marked DRAFT.
    #[arg(long, overrides_with = "no_drafts")]
    pub(crate) drafts: bool,
    /// Hide drafts.
    #[arg(long)]
    pub(crate) no_drafts: bool,
    /// Print the time of each phase of every rebuild.
    #[arg(long)]
    pub(crate) timings: bool,
}

impl ServeArgs {
    pub(crate) fn run(self, term: Terminal) -> ExitCode {
        let (open, timings) = (self.open, self.timings);
        let options = gazette::serve::ServeOptions {
            root: self.site.root.clone(),
            bind: self.bind,
            port: self.port,
            drafts: !self.no_drafts,
            render_limit: super::terminal::render_limit(),
        };
        // The warnings printed last: the same again after a rebuild are only counted.
        let shown = std::sync::Mutex::new(Vec::new());
        let report: gazette::serve::Reporter =
            std::sync::Arc::new(move |event| print_serve_event(term, event, open, timings, &shown));
        match gazette::serve::run(options, report) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: cannot serve: {}", gazette::core::diagnostic::io_reason(&e));
                ExitCode::from(1)
            }
        }
    }
}

pub(crate) fn print_serve_event(
    term: Terminal,
    event: gazette::serve::ServeEvent,
    open: bool,
    timings: bool,
    shown: &std::sync::Mutex<Vec<gazette::core::diagnostic::Diagnostic>>,
) {
    use gazette::serve::ServeEvent;
    match event {
        ServeEvent::Listening { url, public, taken } => {
            if let Some(port) = taken {
                eprintln!("port {port} is in use, so the next free one is used");
            }
            outln!("serving at {url} (Ctrl-C to stop)");
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
            if term.quiet {
                return;
            }
            let what = if first { "built" } else { "rebuilt" };
            outln!(
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
                outln!("  phases (ms): {}", phases.join(", "));
            }
        }
        ServeEvent::Checked { warnings } => print_warnings(term, warnings, shown),
        ServeEvent::CheckFailed { diagnostics } => {
            report_failure(term, diagnostics, shown);
            eprintln!("the new build has errors; pages that have them say so, the others are served");
        }
        ServeEvent::LinksFailed { diagnostics, first } => {
            report_failure(term, diagnostics, shown);
            let what = if first { "build" } else { "rebuild" };
            eprintln!("{what} failed: its pages are served, and show these errors until they are fixed");
        }
        ServeEvent::Failed {
            diagnostics,
            elapsed,
            served,
            again,
        } => print_failed(term, diagnostics, elapsed, served, again, shown),
        ServeEvent::Watching { folders } if !term.quiet => {
            let names: Vec<String> = folders.iter().map(|f| display_path(f)).collect();
            outln!("watching site.yaml, {}", names.join(", "));
        }
        ServeEvent::Watching { .. } => {}
        ServeEvent::WatchError { message } => eprintln!("warning: {message}"),
    }
}

/// A failed build: its errors (in one line when they are those printed last), and whether the
/// last good build is still served.
fn print_failed(
    term: Terminal,
    diagnostics: Vec<gazette::core::diagnostic::Diagnostic>,
    elapsed: std::time::Duration,
    served: bool,
    again: bool,
    shown: &std::sync::Mutex<Vec<gazette::core::diagnostic::Diagnostic>>,
) {
    if again {
        // The errors are those printed last; the warnings may not be (`print_warnings` says).
        let (errors, warnings): (Vec<_>, Vec<_>) = diagnostics.into_iter().partition(|d| d.is_error());
        print_warnings(term, warnings, shown);
        let errors = errors.len();
        let serving = if served {
            "still serving the last good build"
        } else {
            "the site is served once they are fixed"
        };
        eprintln!(
            "rebuild failed in {} ms with the same {} as before; {serving}",
            elapsed.as_millis(),
            plural(errors, "error")
        );
        return;
    }
    report_failure(term, diagnostics, shown);
    if served {
        eprintln!(
            "rebuild failed in {} ms; still serving the last good build",
            elapsed.as_millis()
        );
    } else {
        // No build has passed yet: every page says the site has errors.
        eprintln!(
            "build failed in {} ms; the site is served once these errors are fixed",
            elapsed.as_millis()
        );
    }
}

/// A failed rebuild's errors, and its warnings as `print_warnings` says them: the same as
/// printed last are counted, so the one new error does not drown among them.
fn report_failure(
    term: Terminal,
    diagnostics: Vec<gazette::core::diagnostic::Diagnostic>,
    shown: &std::sync::Mutex<Vec<gazette::core::diagnostic::Diagnostic>>,
) {
    let warnings: Vec<_> = diagnostics.iter().filter(|d| !d.is_error()).cloned().collect();
    let same = {
        let shown = shown.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        !warnings.is_empty() && *shown == warnings
    };
    if same {
        let errors: Vec<_> = diagnostics.into_iter().filter(|d| d.is_error()).collect();
        term.report(&errors);
        print_warnings(term, warnings, shown);
    } else {
        term.report(&diagnostics);
        *shown.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = warnings;
    }
}

/// A rebuild's warnings, unless they are those printed last: a save that changes nothing about
/// them would print the same lines again, and a real error would scroll away under them.
fn print_warnings(
    term: Terminal,
    warnings: Vec<gazette::core::diagnostic::Diagnostic>,
    shown: &std::sync::Mutex<Vec<gazette::core::diagnostic::Diagnostic>>,
) {
    let mut shown = shown.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if !warnings.is_empty() && *shown == warnings {
        if !term.quiet {
            eprintln!(
                "{}, as before (`gazette check` shows them)",
                plural(warnings.len(), "warning")
            );
        }
    } else {
        term.report(&warnings);
        *shown = warnings;
    }
}
