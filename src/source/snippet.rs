//! The source line a diagnostic points at, for the terminal and `serve`'s overlay: each file read
//! once however many diagnostics name it, a long line cut around the column, control characters
//! drawn, and the caret's padding measured in terminal cells (Hangul and CJK take two, combining
//! accents none, tabs keep their width).

use std::collections::HashMap;
use std::path::PathBuf;

use unicode_width::UnicodeWidthChar;

use crate::core::diagnostic::Diagnostic;

/// How many characters of a line a snippet shows.
const SHOWN: usize = 200;

/// The line a diagnostic points at, ready to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// The line's number, from 1.
    pub number: usize,
    /// The line as shown: cut when long (with `…`), its control characters drawn.
    pub text: String,
    /// What goes before the caret on the line under it: spaces and tabs as wide as the text
    /// before the column.
    pub pad: String,
}

/// The files diagnostics point into, each read once (for display only: a file that cannot be
/// read, or has changed so that the line is gone, gives no snippet).
#[derive(Debug, Default)]
pub struct Sources {
    files: HashMap<PathBuf, Option<Lines>>,
}

/// A file's text and where each of its lines starts.
#[derive(Debug)]
struct Lines {
    text: String,
    /// Byte ranges of the lines, without their line ends.
    lines: Vec<(usize, usize)>,
}

impl Lines {
    /// Lines end at `\n`, `\r\n` or a lone `\r`, as `source::load` reads them; a byte order mark
    /// is no part of the first line.
    fn of(text: String) -> Lines {
        let bytes = text.as_bytes();
        let mut lines = Vec::new();
        let mut start = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let mut at = start;
        while at < bytes.len() {
            match bytes[at] {
                b'\n' => {
                    lines.push((start, at));
                    start = at + 1;
                }
                b'\r' => {
                    lines.push((start, at));
                    if bytes.get(at + 1) == Some(&b'\n') {
                        at += 1;
                    }
                    start = at + 1;
                }
                _ => {}
            }
            at += 1;
        }
        if start < bytes.len() {
            lines.push((start, bytes.len()));
        }
        Lines { text, lines }
    }

    fn line(&self, number: usize) -> Option<&str> {
        let (start, end) = *self.lines.get(number.checked_sub(1)?)?;
        self.text.get(start..end)
    }
}

impl Sources {
    pub fn new() -> Sources {
        Sources::default()
    }

    /// The line `diagnostic` points at, if it has a position and its file can be read.
    pub fn snippet(&mut self, diagnostic: &Diagnostic) -> Option<Snippet> {
        let pos = diagnostic.pos?;
        let lines = self
            .files
            .entry(diagnostic.path.clone())
            .or_insert_with(|| {
                let bytes = std::fs::read(&diagnostic.path).ok()?;
                Some(Lines::of(String::from_utf8_lossy(&bytes).into_owned()))
            })
            .as_ref()?;
        let line = lines.line(pos.line)?;
        let (text, column) = shown(&visible(line), pos.column);
        let pad = text
            .chars()
            .take(column.saturating_sub(1))
            .map(|c| match c {
                '\t' => "\t",
                c => match c.width().unwrap_or(0) {
                    0 => "",
                    1 => " ",
                    _ => "  ",
                },
            })
            .collect();
        Some(Snippet {
            number: pos.line,
            text,
            pad,
        })
    }

    /// `diagnostic` as plain text, as the terminal shows it without colour: the
    /// `path:line:col: severity: message` line, the source line with a caret under the column,
    /// and the hint.
    pub fn render_plain(&mut self, diagnostic: &Diagnostic) -> String {
        let severity = if diagnostic.is_error() { "error" } else { "warning" };
        let mut out = format!("{}: {severity}: {}", diagnostic.location(), diagnostic.message);
        if let Some(snippet) = self.snippet(diagnostic) {
            let number = snippet.number.to_string();
            let gutter = " ".repeat(number.len());
            out.push_str(&format!(
                "\n{gutter} |\n{number} | {}\n{gutter} | {}^",
                snippet.text, snippet.pad
            ));
        }
        if let Some(hint) = &diagnostic.hint {
            out.push_str(&format!("\n  = help: {hint}"));
        }
        out
    }
}

/// A line with its control characters drawn (`␀` for NUL, `␛` for an escape), one character
/// for one, so that none reaches the terminal (an escape sequence would act on it) and the
/// caret stays under its column. Tabs stay: they keep their width.
fn visible(line: &str) -> String {
    crate::core::escape::draw_controls(line).into_owned()
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::diagnostic::Pos;

    fn file(text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    fn caret(text: &str, line: usize, column: usize) -> Snippet {
        let (_dir, path) = file(text);
        Sources::new()
            .snippet(&Diagnostic::error(&path, Pos::new(line, column), "x"))
            .expect("a snippet")
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

    /// Regression (error probe, session 23): the caret was padded one space a character, so it
    /// stood left of its place under Hangul (two cells each) and right of it after a combining
    /// accent (none).
    #[test]
    fn the_caret_is_padded_by_terminal_cells() {
        // `title: 북러 조약 서명: 푸틴`: the `:` after 서명 is column 16.
        let korean = caret("---\ntitle: 북러 조약 서명: 푸틴\n---\n", 2, 16);
        // `title: ` 7 cells, 북러 조약 서명 six syllables of two and two spaces.
        assert_eq!(korean.pad, " ".repeat(7 + 6 * 2 + 2));
        // `e` and a combining acute take one cell together.
        let combining = caret("cafe\u{301}: x\n", 1, 6);
        assert_eq!(combining.pad, "    ");
        let tab = caret("\tkey: x\n", 1, 5);
        assert_eq!(tab.pad, "\t   ");
    }

    /// Regression (error probe, session 23): a file with old Mac line ends (`\r` alone) is read
    /// as lines by `source::load`, and its errors had no snippet.
    #[test]
    fn lines_end_at_a_lone_carriage_return_and_a_bom_is_no_part_of_the_first() {
        let mac = caret("---\rtitle: [\r---\r", 2, 8);
        assert_eq!((mac.number, mac.text.as_str()), (2, "title: ["));
        let windows = caret("\u{feff}a: 1\r\nb: 2\r\n", 1, 1);
        assert_eq!(windows.text, "a: 1");
        assert_eq!(caret("a\r\nb\r\n", 2, 1).text, "b");
    }

    /// Regression (error probe, session 23): the terminal read and decoded the whole file again
    /// for each message, so 30,000 errors in a 1 MB file took a minute to print. A file is read
    /// once: a change to it after the first snippet is not seen.
    #[test]
    fn each_file_is_read_once_however_many_diagnostics_name_it() {
        let (_dir, path) = file("one\ntwo\n");
        let mut sources = Sources::new();
        let at = |line| Diagnostic::error(&path, Pos::new(line, 1), "x");
        assert_eq!(sources.snippet(&at(1)).map(|s| s.text), Some("one".to_string()));
        std::fs::write(&path, "changed\n").unwrap();
        assert_eq!(sources.snippet(&at(2)).map(|s| s.text), Some("two".to_string()));
        assert_eq!(sources.snippet(&at(3)), None, "no line 3");
        assert_eq!(
            Sources::new().snippet(&at(1)).map(|s| s.text),
            Some("changed".to_string())
        );
    }

    #[test]
    fn plain_rendering_has_the_line_the_caret_and_the_hint() {
        let (_dir, path) = file("---\ndate: 2024-13-01\n---\n");
        let d = Diagnostic::error(&path, Pos::new(2, 7), "bad month").with_hint("use 01 to 12");
        assert_eq!(
            Sources::new().render_plain(&d),
            format!(
                "{}: error: bad month\n  |\n2 | date: 2024-13-01\n  |       ^\n  = help: use 01 to 12",
                d.location()
            )
        );
    }
}
