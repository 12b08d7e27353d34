//! How the command line shows diagnostics: rustc-style, with the offending source line and a caret
//! under the column, colours on a terminal (none when piped or with `NO_COLOR`), warnings cut short
//! unless `--verbose`, and a spinner for builds that take longer than a second.

use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use gazette::core::diagnostic::{Diagnostic, Severity};
use gazette::core::escape::draw_controls;
use gazette::pipeline::{PHASES, Progress};
use gazette::source::snippet::Sources;

/// What became of bytes put on stdout (`put_stdout`).
pub enum Stdout {
    Written,
    /// The reader closed the pipe (`gazette list | head`): nothing more is wanted.
    ReaderGone,
}

/// Puts `bytes` on stdout and flushes them; `Err` with the reason when that fails otherwise
/// than by a reader that went away (a full disk).
pub fn put_stdout(bytes: &[u8]) -> Result<Stdout, String> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(Stdout::Written),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(Stdout::ReaderGone),
        Err(e) => Err(gazette::core::diagnostic::io_reason(&e)),
    }
}

/// Writes `text` to stdout (`put_stdout`). A reader that closed the pipe ends the process
/// quietly, as command-line tools do; another failure (a full disk) is said on stderr with exit
/// 1: a command's output is never half-printed without a word.
pub fn write_stdout(text: std::fmt::Arguments<'_>) {
    match put_stdout(std::fmt::format(text).as_bytes()) {
        Ok(Stdout::Written) => {}
        Ok(Stdout::ReaderGone) => std::process::exit(0),
        Err(reason) => {
            eprintln!("error: cannot write to stdout: {reason}");
            std::process::exit(1);
        }
    }
}

/// How long one page may render before the build is stopped (`GAZETTE_RENDER_TIMEOUT`, in
/// seconds, sets another limit): a page renders in milliseconds, the largest at 100k articles
/// in a tenth of a second, so only a template that never ends reaches it.
const RENDER_LIMIT: Duration = Duration::from_secs(30);

/// How long one page may render: `RENDER_LIMIT`, or `GAZETTE_RENDER_TIMEOUT` seconds.
pub fn render_limit() -> Duration {
    std::env::var("GAZETTE_RENDER_TIMEOUT")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|&seconds| seconds > 0)
        .map_or(RENDER_LIMIT, Duration::from_secs)
}

/// Stops the command, with an error, when a page has been rendering for longer than the limit,
/// or when the build's memory grows past its allowance while pages render: a theme's loop that
/// never ends would otherwise hang a build (or a CI job) without a word, and one that builds an
/// ever longer string would take the machine's memory until the kernel killed the build, or
/// abort it with a backtrace. The build's output is not swapped in, so the previous site stays
/// as it was.
pub fn watch_renders(term: Terminal) {
    let limit = render_limit();
    gazette::render::watch::enable();
    std::thread::spawn(move || {
        // The resident memory the build may reach, set when the first page renders.
        let mut ceiling: Option<(u64, u64)> = None;
        loop {
            std::thread::sleep(Duration::from_millis(100));
            let Some((page, elapsed)) = gazette::render::watch::longest() else {
                continue;
            };
            let stopped = if elapsed > limit {
                Diagnostic::error(
                    std::path::PathBuf::from("templates"),
                    None,
                    format!(
                        "rendering {page} has taken more than {} s, so the build is stopped: a template that never ends (a loop inside a loop, a component that calls itself)? The previous output is kept",
                        limit.as_secs()
                    ),
                )
                .with_hint("look at the loops and components of the template that makes this page; GAZETTE_RENDER_TIMEOUT=<seconds> sets the limit")
            } else {
                let Some(resident) = memory::resident() else { continue };
                let (start, allowance) = *ceiling.get_or_insert_with(|| (resident, render_allowance()));
                if resident <= start.saturating_add(allowance) {
                    continue;
                }
                Diagnostic::error(
                    std::path::PathBuf::from("templates"),
                    None,
                    format!(
                        "while rendering {page} the build's memory grew by more than {} MB, so the build is stopped before it takes the machine's: a template that builds an ever longer string (`set_global s = s ~ s` in a loop)? The previous output is kept",
                        allowance >> 20
                    ),
                )
                .with_hint("look at the loops and `set`s of the template that makes this page; GAZETTE_RENDER_MEMORY=<megabytes> sets how much rendering may add")
            };
            gazette::write::abandon();
            term.report(&[stopped]);
            std::process::exit(1);
        }
    });
}

/// How much memory rendering may add to what the build held when its first page rendered:
/// `GAZETTE_RENDER_MEMORY` megabytes, or three quarters of the memory available then (rendering
/// the 10,000 articles of the benchmark corpus adds under 50 MB: pages stream to disk as they
/// render), or 4 GB where the system does not say.
fn render_allowance() -> u64 {
    std::env::var("GAZETTE_RENDER_MEMORY")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|&megabytes| megabytes > 0)
        .map(|megabytes| megabytes.saturating_mul(1 << 20))
        .or_else(|| memory::available().map(|bytes| bytes / 4 * 3))
        .unwrap_or(4 << 30)
}

/// What the system says of memory (Linux's `/proc`; `None` elsewhere).
mod memory {
    /// The value in bytes of the `kB` line `key` of a `/proc` file.
    fn kilobytes(file: &str, key: &str) -> Option<u64> {
        let text = std::fs::read_to_string(file).ok()?;
        let line = text.lines().find_map(|line| line.strip_prefix(key))?;
        let kb = line
            .trim_start_matches(':')
            .trim()
            .strip_suffix("kB")?
            .trim()
            .parse::<u64>()
            .ok()?;
        Some(kb.saturating_mul(1024))
    }

    /// This process's resident memory.
    pub fn resident() -> Option<u64> {
        kilobytes("/proc/self/status", "VmRSS")
    }

    /// The memory the system can give without swapping.
    pub fn available() -> Option<u64> {
        kilobytes("/proc/meminfo", "MemAvailable")
    }
}

/// How many errors are shown in full before the rest are only counted (without `--verbose`).
const ERRORS_SHOWN: usize = 100;

/// How many warnings are shown in full before the rest are only counted (without `--verbose`).
const WARNINGS_SHOWN: usize = 20;

/// The user's choices for what the terminal shows.
#[derive(Debug, Clone, Copy)]
pub struct Terminal {
    pub color: bool,
    pub quiet: bool,
    pub verbose: bool,
}

impl Terminal {
    pub fn new(quiet: bool, verbose: bool) -> Terminal {
        let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        Terminal { color, quiet, verbose }
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    /// One diagnostic as shown: the `path:line:col: severity: message` line, the source line with
    /// a caret under the column (from `sources`, which reads each file once), and the hint.
    pub fn render(&self, diagnostic: &Diagnostic, sources: &mut Sources) -> String {
        let (label, code) = match diagnostic.severity {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
        };
        // A file's name, and a message or hint that quotes one, may hold a control character
        // (an escape sequence in a contributed file's name): drawn, never sent to the terminal.
        let mut out = format!(
            "{}: {}: {}",
            self.paint("1", &draw_controls(&diagnostic.location()).replace('\n', "\u{240a}")),
            self.paint(code, label),
            self.paint("1", &draw_controls(&diagnostic.message))
        );
        if let Some(snippet) = sources.snippet(diagnostic) {
            let number = snippet.number.to_string();
            let gutter = " ".repeat(number.len());
            let bar = self.paint("1;34", "|");
            out.push_str(&format!(
                "\n{gutter} {bar}\n{} {bar} {}\n{gutter} {bar} {}{}",
                self.paint("1;34", &number),
                snippet.text,
                snippet.pad,
                self.paint(code, "^")
            ));
        }
        if let Some(hint) = &diagnostic.hint {
            out.push_str(&format!(
                "\n  = {}: {}",
                self.paint("1;36", "help"),
                draw_controls(hint)
            ));
        }
        out
    }

    /// Prints diagnostics to stderr: all errors; warnings up to a limit unless `--verbose`; then a
    /// count line when there is anything to count.
    pub fn report(&self, diagnostics: &[Diagnostic]) {
        let stderr = std::io::stderr();
        let mut err = stderr.lock();
        let errors = diagnostics.iter().filter(|d| d.is_error()).count();
        let warnings = diagnostics.len() - errors;
        let mut shown_warnings = 0;
        let mut shown_errors = 0;
        let mut sources = Sources::new();
        for d in diagnostics {
            if d.is_error() {
                // 5,000 broken links are 25,000 lines: the first ones say what to fix.
                if !self.verbose && shown_errors >= ERRORS_SHOWN {
                    continue;
                }
                shown_errors += 1;
            } else {
                if self.quiet || (!self.verbose && shown_warnings >= WARNINGS_SHOWN) {
                    continue;
                }
                shown_warnings += 1;
            }
            let _ = writeln!(err, "{}", self.render(d, &mut sources));
        }
        if errors > shown_errors {
            let _ = writeln!(
                err,
                "… and {} more (--verbose shows them all)",
                plural(errors - shown_errors, "error")
            );
        }
        if warnings > shown_warnings && !self.quiet {
            let _ = writeln!(
                err,
                "… and {} more (--verbose shows them all)",
                plural(warnings - shown_warnings, "warning")
            );
        }
        if errors > 0 {
            let _ = writeln!(
                err,
                "{} found, {}",
                plural(errors, "error"),
                plural(warnings, "warning")
            );
        }
    }

    /// Shows a progress bar (phases done, the current phase, the elapsed time) on stderr once a
    /// build has run for a second, until the returned guard is dropped. Only on a terminal, and
    /// never with `--quiet`.
    pub fn spinner(&self, what: &'static str, progress: Option<Arc<Progress>>) -> Spinner {
        let done = Arc::new(AtomicBool::new(false));
        let active = std::io::stderr().is_terminal() && !self.quiet;
        let thread = active.then(|| {
            let done = done.clone();
            std::thread::spawn(move || {
                let started = Instant::now();
                let frames = ['|', '/', '-', '\\'];
                let mut shown = false;
                let mut frame = 0;
                while !done.load(Ordering::Relaxed) {
                    std::thread::sleep(Duration::from_millis(100));
                    if started.elapsed() < Duration::from_secs(1) || done.load(Ordering::Relaxed) {
                        continue;
                    }
                    shown = true;
                    frame = (frame + 1) % frames.len();
                    let elapsed = started.elapsed().as_secs_f64();
                    match &progress {
                        Some(progress) => {
                            let done = progress.finished().min(PHASES.len());
                            let phase = PHASES.get(done).copied().unwrap_or("finishing");
                            let width = 24;
                            let filled = done * width / PHASES.len();
                            eprint!(
                                "\r{what} [{}{}{}] {phase} ({}/{}) {elapsed:.1} s   ",
                                "=".repeat(filled),
                                frames[frame],
                                " ".repeat(width - filled),
                                done + 1,
                                PHASES.len()
                            );
                        }
                        None => eprint!("\r{} {what} … {elapsed:.1} s ", frames[frame]),
                    }
                }
                if shown {
                    eprint!("\r\x1b[2K");
                }
            })
        });
        Spinner { done, thread }
    }
}

/// Stops its spinner when dropped.
pub struct Spinner {
    done: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Spinner {
    fn drop(&mut self) {
        self.done.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gazette::core::diagnostic::Pos;

    fn site_file() -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "---\ndate: 2024-13-01\n---\n").unwrap();
        (dir, path)
    }

    #[test]
    fn shows_the_line_and_a_caret_without_colour_when_asked() {
        let (_dir, path) = site_file();
        let d = Diagnostic::error(&path, Pos::new(2, 7), "bad month").with_hint("use 01 to 12");
        let plain = Terminal {
            color: false,
            quiet: false,
            verbose: false,
        }
        .render(&d, &mut Sources::new());
        let location = d.location();
        assert_eq!(
            plain,
            format!("{location}: error: bad month\n  |\n2 | date: 2024-13-01\n  |       ^\n  = help: use 01 to 12")
        );
        let coloured = Terminal {
            color: true,
            quiet: false,
            verbose: false,
        }
        .render(&d, &mut Sources::new());
        assert!(coloured.contains("\x1b[1;31merror\x1b[0m"), "{coloured}");
    }
}
