//! Diagnostics: errors and warnings that point at a place in a file, with a hint on how to fix them.
//!
//! Every stage reports problems as `Diagnostic` values instead of failing on the first one, so a
//! build prints all of a site's errors at once: a stage returns `Checked<T>`, its value and
//! every diagnostic it found. Only the binary prints them.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// A place in a file: 1-based line and column (the column counted in characters), both in the
/// file (not in a YAML block inside it). A problem about the whole file has no `Pos` at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl Pos {
    pub fn new(line: usize, column: usize) -> Pos {
        Pos { line, column }
    }

    /// The place of byte `offset` (a character boundary) in `text`: its line, and its column in
    /// characters, both from 1.
    pub fn of_offset(text: &str, offset: usize) -> Pos {
        let before = text.get(..offset).unwrap_or(text);
        let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
        Pos::new(
            before.matches('\n').count() + 1,
            before[line_start..].chars().count() + 1,
        )
    }
}

/// A problem at a place: `path:line:col: severity: message`, and an optional hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, as the user would type it (the root joined with the relative path).
    pub path: PathBuf,
    /// Where in the file; `None` when the problem is about the whole file.
    pub pos: Option<Pos>,
    pub message: String,
    pub hint: Option<String>,
    /// About what only the web pages have (an article's social card): `gazette edition
    /// --strict` does not hold an email back for it.
    pub web_only: bool,
}

impl Diagnostic {
    pub fn error(path: impl Into<PathBuf>, pos: impl Into<Option<Pos>>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            pos: pos.into(),
            message: message.into(),
            hint: None,
            web_only: false,
        }
    }

    pub fn warning(path: impl Into<PathBuf>, pos: impl Into<Option<Pos>>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, pos, message)
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Marks it as about what only the web pages have (`web_only`).
    pub fn web_only(mut self) -> Self {
        self.web_only = true;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The place alone: `path:line:col` or `path`.
    pub fn location(&self) -> String {
        let path = display_path(&self.path);
        match self.pos {
            None => path,
            Some(Pos { line, column }) => format!("{path}:{line}:{column}"),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}: {severity}: {}", self.location(), self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  = help: {hint}")?;
        }
        Ok(())
    }
}

/// A path as shown in messages: without a leading `./`, with `/` separators.
pub fn display_path(path: &Path) -> String {
    let shown = path.strip_prefix(".").unwrap_or(path);
    let shown = shown.to_string_lossy().replace('\\', "/");
    // `.` itself (`--output .`) is not nothing.
    if shown.is_empty() { ".".to_string() } else { shown }
}

/// Why a file operation failed, in words for the message: the system's reason without the
/// `(os error N)` that `io::Error` adds, which tells a writer nothing.
pub fn io_reason(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::NotFound => "it does not exist".to_string(),
        ErrorKind::PermissionDenied => "permission denied".to_string(),
        ErrorKind::AlreadyExists => "it already exists".to_string(),
        ErrorKind::StorageFull => "the disk is full".to_string(),
        ErrorKind::ReadOnlyFilesystem => "the file system is read-only".to_string(),
        ErrorKind::IsADirectory => "it is a folder".to_string(),
        ErrorKind::NotADirectory => "a part of its path is a file, not a folder".to_string(),
        _ => {
            let text = error.to_string();
            match text.rfind(" (os error ") {
                Some(at) if text.ends_with(')') => text[..at].to_string(),
                _ => text,
            }
        }
    }
}

/// All the diagnostics of a build, in a stable order.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// The errors found so far.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.is_error())
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// Turns every warning into an error (`--strict`).
    pub fn make_strict(&mut self) {
        for item in &mut self.items {
            item.severity = Severity::Error;
        }
    }

    /// Sorted by file, then position, then message, so output is the same on every run.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items
            .sort_by(|a, b| (&a.path, a.pos, a.severity, &a.message).cmp(&(&b.path, b.pos, b.severity, &b.message)));
        // One mistake, one message: a template error met on many pages is said once, though
        // its hint (the variables of each page) may differ from page to page.
        self.items
            .dedup_by(|a, b| a.path == b.path && a.pos == b.pos && a.severity == b.severity && a.message == b.message);
        self.items
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// What a stage made of its input: the value, unless errors prevented it, and every diagnostic
/// found on the way (warnings always; errors when `value` is `None`, and only then). Every stage
/// returns one, so the driver gathers all of a site's problems before it stops.
#[derive(Debug, Clone)]
#[must_use]
pub struct Checked<T> {
    pub value: Option<T>,
    pub diagnostics: Vec<Diagnostic>,
}

impl<T> Checked<T> {
    /// A value, with the warnings found making it.
    pub fn new(value: T, diagnostics: Vec<Diagnostic>) -> Checked<T> {
        Checked {
            value: Some(value),
            diagnostics,
        }
    }

    /// No value: the diagnostics say why.
    pub fn failed(diagnostics: Vec<Diagnostic>) -> Checked<T> {
        Checked {
            value: None,
            diagnostics,
        }
    }

    /// A value when `diagnostics` holds no error; otherwise none.
    pub fn unless_errors(value: T, diagnostics: Vec<Diagnostic>) -> Checked<T> {
        if diagnostics.iter().any(Diagnostic::is_error) {
            Checked::failed(diagnostics)
        } else {
            Checked::new(value, diagnostics)
        }
    }

    /// The value, its diagnostics added to `all`.
    pub fn into_value(self, all: &mut Diagnostics) -> Option<T> {
        all.extend(self.diagnostics);
        self.value
    }
}

/// The closest candidate to `word`, if one is close enough to be a useful suggestion; of two as
/// close, the first in alphabetical order.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    close_ones(word, candidates)
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

/// `closest`, but of two as close, the one given first: `candidates` come in the order they
/// are preferred (published editions before drafts).
pub fn closest_in_order<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    // `min_by_key` keeps the first of equal keys.
    close_ones(word, candidates)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c)
}

/// The candidates close enough to `word` to be suggested, with their distances.
fn close_ones<'a, 'w>(
    word: &'w str,
    candidates: impl IntoIterator<Item = &'a str> + 'w,
) -> impl Iterator<Item = (usize, &'a str)> + 'w
where
    'a: 'w,
{
    let word_lower = word.to_lowercase();
    let length = word.chars().count();
    candidates
        .into_iter()
        // The distance is at least the difference in length: a candidate far longer or shorter
        // cannot be close, and is not measured (an article with 40,000 headings, a link to a
        // missing one).
        .filter(move |candidate| {
            let other = candidate.chars().count();
            other.abs_diff(length) <= (other.max(length) / 3).max(2)
        })
        .map(move |candidate| {
            (
                strsim::damerau_levenshtein(&word_lower, &candidate.to_lowercase()),
                candidate,
            )
        })
        // Close, and not a whole replacement (`de` for `ko` shares nothing).
        .filter(move |(distance, candidate)| {
            let longer = candidate.chars().count().max(length);
            *distance <= (longer / 3).max(2) && *distance < longer
        })
}

/// The slug among `candidates` closest to `slug` (`closest`), or else the only one that begins
/// with all of its words (`russia-north-korea-relations` for `russia-north-korea`).
pub fn closest_slug<'a>(slug: &str, candidates: &[&'a str]) -> Option<&'a str> {
    closest(slug, candidates.iter().copied()).or_else(|| {
        let start = format!("{}-", slug.to_lowercase());
        let mut longer = candidates.iter().filter(|c| c.to_lowercase().starts_with(&start));
        match (longer.next(), longer.next()) {
            (Some(only), None) => Some(*only),
            _ => None,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slug_that_begins_anothers_words_suggests_it() {
        let known = ["russia-north-korea-relations", "sanctions", "sanctions-on-oil"];
        assert_eq!(
            closest_slug("russia-north-korea", &known),
            Some("russia-north-korea-relations")
        );
        assert_eq!(closest_slug("sanctionz", &known), Some("sanctions"));
        // Regression: a name sharing nothing with any other was offered one (`de`: "did you
        // mean `ko`?").
        assert_eq!(closest("de", ["ko"]), None);
        assert_eq!(closest("fr", ["ar", "ko"]), Some("ar"));
        // Counted in letters, not bytes: two Korean words of two syllables share nothing.
        assert_eq!(closest("회담", ["합의"]), None);
        assert_eq!(closest("회담들", ["회담"]), Some("회담"));
        // Two topics begin with the words: neither is suggested over the other.
        let two = ["war-in-ukraine", "war-in-gaza-and-lebanon"];
        assert_eq!(closest_slug("war", &two), None);
    }

    #[test]
    fn an_offset_is_a_line_and_a_column_in_characters() {
        let text = "---\ntitle: 북한\nbody \0";
        assert_eq!(Pos::of_offset(text, 0), Pos::new(1, 1));
        assert_eq!(Pos::of_offset(text, text.find("한").unwrap()), Pos::new(2, 9));
        assert_eq!(Pos::of_offset(text, text.find('\0').unwrap()), Pos::new(3, 6));
    }

    /// Regression: `build --output .` was refused as "refusing to use  as the output folder",
    /// with an empty path before the colon too.
    #[test]
    fn the_current_folder_is_shown_as_a_dot() {
        assert_eq!(display_path(Path::new(".")), ".");
        assert_eq!(display_path(Path::new("./")), ".");
        assert_eq!(display_path(Path::new("./public")), "public");
    }

    #[test]
    fn formats_like_a_compiler() {
        let d = Diagnostic::error("./content/a.md", Pos::new(3, 7), "bad date").with_hint("write YYYY-MM-DD");
        assert_eq!(
            d.to_string(),
            "content/a.md:3:7: error: bad date\n  = help: write YYYY-MM-DD"
        );
        let d = Diagnostic::warning("content/a.md", None, "empty");
        assert_eq!(d.to_string(), "content/a.md: warning: empty");
    }

    #[test]
    fn suggests_close_words_only() {
        let keys = ["title", "date", "summary", "topics"];
        assert_eq!(closest("titel", keys), Some("title"));
        assert_eq!(closest("topic", keys), Some("topics"));
        assert_eq!(closest("layout", keys), None);
    }

    /// Regression: a template mistake met on every page was printed once a page (12 times for
    /// `{% if extra.hero %}` in base.html), its hint naming each page's variables.
    #[test]
    fn one_mistake_at_one_place_is_said_once_whatever_its_hints() {
        let mut all = Diagnostics::default();
        for hint in ["the variables here are: a, site", "the variables here are: site, tag"] {
            all.push(Diagnostic::error("base.html", Pos::new(33, 7), "no variable `extra`").with_hint(hint));
        }
        all.push(Diagnostic::error("base.html", Pos::new(34, 1), "no variable `extra`"));
        let sorted = all.sorted();
        assert_eq!(sorted.len(), 2);
        assert_eq!(sorted[0].hint.as_deref(), Some("the variables here are: a, site"));
    }
}
