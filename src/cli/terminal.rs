//! How the command line shows diagnostics: rustc-style, with the offending source line and a caret
//! under the column, colours on a terminal (none when piped or with `NO_COLOR`), warnings cut short
//! unless `--verbose`, and a spinner for builds that take longer than a second.

use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use gazette::core::diagnostic::{Diagnostic, Severity};
use gazette::pipeline::{PHASES, Progress};

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
    /// a caret under the column, and the hint.
    pub fn render(&self, diagnostic: &Diagnostic) -> String {
        let (label, code) = match diagnostic.severity {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
        };
        let mut out = format!(
            "{}: {}: {}",
            self.paint("1", &diagnostic.location()),
            self.paint(code, label),
            self.paint("1", &diagnostic.message)
        );
        if let Some((pos, (source, column))) = diagnostic.pos.zip(source_line(diagnostic)) {
            let number = pos.line.to_string();
            let gutter = " ".repeat(number.len());
            let bar = self.paint("1;34", "|");
            out.push_str(&format!(
                "\n{gutter} {bar}\n{} {bar} {source}",
                self.paint("1;34", &number)
            ));
            // Tabs keep their width so the caret lines up under the column.
            let pad: String = source
                .chars()
                .take(column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            out.push_str(&format!("\n{gutter} {bar} {pad}{}", self.paint(code, "^")));
        }
        if let Some(hint) = &diagnostic.hint {
            out.push_str(&format!("\n  = {}: {hint}", self.paint("1;36", "help")));
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
        for d in diagnostics {
            if !d.is_error() {
                if self.quiet || (!self.verbose && shown_warnings >= WARNINGS_SHOWN) {
                    continue;
                }
                shown_warnings += 1;
            }
            let _ = writeln!(err, "{}", self.render(d));
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

/// The line a diagnostic points at, read from its file (for display only), as `shown` makes
/// it, with the caret's column in it.
fn source_line(diagnostic: &Diagnostic) -> Option<(String, usize)> {
    let pos = diagnostic.pos?;
    let text = std::fs::read(&diagnostic.path).ok()?;
    let text = String::from_utf8_lossy(&text);
    let line = text
        .trim_start_matches('\u{feff}')
        .lines()
        .nth(pos.line.checked_sub(1)?)?;
    Some(shown(&visible(line.trim_end_matches('\r')), pos.column))
}

/// A line with its control characters drawn (`␀` for NUL, `␛` for an escape), one character
/// for one, so that none reaches the terminal (an escape sequence would act on it) and the
/// caret stays under its column. Tabs stay: they keep their width.
fn visible(line: &str) -> String {
    line.chars()
        .map(|c| match c {
            '\t' => c,
            '\0'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
            '\u{7f}' => '\u{2421}',
            '\u{80}'..='\u{9f}' => '\u{fffd}',
            _ => c,
        })
        .collect()
}

/// How many characters of a line a snippet shows.
const SHOWN: usize = 200;

/// A very long line (minified HTML, a 500-character title) is shown cut, not wrapped: its
/// first `SHOWN` characters, or, when the column is past them, the `SHOWN` around the column,
/// with `…` where it is cut. Returns the text and the column (1-based, in characters) in it.
fn shown(line: &str, column: usize) -> (String, usize) {
    let length = line.chars().count();
    if length <= SHOWN {
        return (line.to_string(), column);
    }
    let start = if column <= SHOWN {
        0
    } else {
        (column - 1 - SHOWN / 2).min(length - SHOWN)
    };
    let mut text = String::new();
    if start > 0 {
        text.push('…');
    }
    text.extend(line.chars().skip(start).take(SHOWN));
    if start + SHOWN < length {
        text.push('…');
    }
    (text, column - start + usize::from(start > 0))
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

    /// Regression (error probe): the line of a "NUL character" error was printed with its NUL
    /// (and an escape character would have reached the terminal as a command).
    #[test]
    fn control_characters_in_the_shown_line_are_drawn() {
        assert_eq!(visible("a\0b\u{1b}[2Jc\td\u{7f}"), "a\u{2400}b\u{241b}[2Jc\td\u{2421}");
        assert_eq!(visible("a\0b").chars().count(), 3, "one character for one");
    }

    #[test]
    fn a_long_line_is_cut_around_the_column_and_the_caret_stays_under_it() {
        let line = format!("title: {}x{}", "[".repeat(300), "y".repeat(300));
        // The `x`, at column 308.
        let (text, column) = shown(&line, 308);
        assert_eq!(text.chars().nth(column - 1), Some('x'), "{text}");
        assert!(text.starts_with('…') && text.ends_with('…'), "{text}");
        assert_eq!(text.chars().count(), SHOWN + 2);
        // Near the start: the first characters, cut at the end only.
        let (text, column) = shown(&line, 8);
        assert_eq!((text.chars().next(), column), (Some('t'), 8));
        assert!(text.ends_with('…'));
        // At the very end: the last characters.
        let (text, column) = shown(&line, line.chars().count());
        assert_eq!(text.chars().nth(column - 1), Some('y'));
        assert!(!text.ends_with('…'));
        // A short line is as it is.
        assert_eq!(shown("date: 2024", 7), ("date: 2024".to_string(), 7));
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
        .render(&d);
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
        .render(&d);
        assert!(coloured.contains("\x1b[1;31merror\x1b[0m"), "{coloured}");
    }
}
