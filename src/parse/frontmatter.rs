//! Front matter: splits a source file into its YAML block and Markdown body, and validates the
//! YAML into typed `ArticleMeta` and `TopicMeta` values, reporting every problem at `path:line:col`.

use std::path::Path;

use jiff::tz::TimeZone;

use crate::core::dates::{self, DateValue};
use crate::core::diagnostic::{Checked, Diagnostic, Pos};
use crate::core::slug;
use crate::parse::foreign;
use crate::parse::yaml::{self, Entry, Field, Fields, Reader, Value};
use crate::source::load::SourceFile;

/// A source file cut in two: the YAML between the `---` lines and the Markdown after them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// The file line of the YAML block's first line.
    pub yaml_line: usize,
    pub body: &'a str,
    /// The file line of the body's first line.
    pub body_line: usize,
}

/// The keys a file of content/ starts with, by its folder: an article's `title` and `date`, a
/// topic's `title`, an author's `name`, an edition's `date` and `items`.
fn first_keys(path: &Path) -> &'static str {
    let parts: Vec<String> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let folder = parts
        .windows(2)
        .rev()
        .find(|w| w[0] == "content")
        .map(|w| w[1].as_str());
    match folder {
        Some("topics") => "`title: ...`",
        Some("authors") => "`name: ...`",
        Some("editions") => "`date: ...` and `items:`",
        _ => "`title: ...` and `date: ...`",
    }
}

/// Splits `text` (already free of BOM and CR) into front matter and body.
pub fn split<'a>(path: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    if text.trim().is_empty() {
        return Err(
            Diagnostic::error(path, Pos::new(1, 1), "the file is empty").with_hint(format!(
                "start it with front matter: a line `---`, then {}, then another `---` line",
                first_keys(path)
            )),
        );
    }
    let first_line = text.lines().next().unwrap_or("");
    if first_line.trim_end() == "+++" {
        return Err(Diagnostic::error(
            path,
            Pos::new(1, 1),
            "this front matter is TOML (`+++`), but gazette reads YAML",
        )
        .with_hint("rewrite it as YAML between `---` lines: `title = \"x\"` becomes `title: x`"));
    }
    if first_line.trim_end() != "---" {
        return Err(
            Diagnostic::error(path, Pos::new(1, 1), "the file does not start with front matter").with_hint(format!(
                "put a line `---` first, then {}, then another `---` line before the text",
                first_keys(path)
            )),
        );
    }
    let yaml_start = first_line.len() + 1;
    let mut offset = yaml_start.min(text.len());
    for (line_number, line) in (2..).zip(text[offset..].split_inclusive('\n')) {
        let content = line.trim_end_matches('\n').trim_end();
        if content == "---" || content == "..." {
            let body_start = (offset + line.len()).min(text.len());
            return Ok(Split {
                yaml: &text[yaml_start.min(offset)..offset],
                yaml_line: 2,
                body: &text[body_start..],
                body_line: line_number + 1,
            });
        }
        offset += line.len();
    }
    let hint = match probable_end(&text[yaml_start.min(text.len())..], 2, None) {
        Some(line) => format!("add a line `---` before line {line}, where the text starts"),
        None => "add a line `---` after the last front matter key, before the text".to_string(),
    };
    Err(Diagnostic::error(path, Pos::new(1, 1), "the front matter opened here never closes").with_hint(hint))
}

/// The diagnostic for a front matter block whose YAML did not parse: `error` itself, unless the
/// block ran on into the text. A file whose closing `---` is missing but whose body has a `---`
/// rule is split at the rule, and its first paragraph fails as YAML somewhere in the body; the
/// writer needs to hear that the front matter is not closed, and where it probably ends.
/// The front matter's keys and values, or the YAML error (which says so when the block was
/// most likely never closed).
pub(super) fn front_matter_fields(path: &Path, split: &Split<'_>) -> Result<Fields, Diagnostic> {
    yaml::parse_mapping(path, split.yaml, split.yaml_line, "front matter").map_err(|e| unclosed_or(path, split, e))
}

fn unclosed_or(path: &Path, split: &Split<'_>, error: Diagnostic) -> Diagnostic {
    let limit = error.pos.map(|pos| pos.line);
    let Some(end) = probable_end(split.yaml, split.yaml_line, limit) else {
        return error;
    };
    let rule = split.body_line - 1;
    Diagnostic::error(
        path,
        Pos::new(split.yaml_line.saturating_sub(1).max(1), 1),
        "the front matter opened here is not closed before the text",
    )
    .with_hint(format!(
        "add a line `---` before line {end}; without it, the front matter runs on to the `---` on line {rule}, and the text above that is read as YAML"
    ))
}

/// The file line where the text after an unclosed front matter probably starts: the first line,
/// after a key and (when the YAML failed) no later than the line it failed on (`limit`), that
/// does not look like YAML. That is a Markdown heading no key follows, or a line of prose after a
/// blank line or with no key after it; a line that a key follows is more likely a YAML mistake
/// (a value gone on unindented, a comment) than the text.
fn probable_end(yaml: &str, first_line: usize, limit: Option<usize>) -> Option<usize> {
    let lines: Vec<&str> = yaml.lines().collect();
    let within = |index: usize| limit.is_none_or(|limit| first_line + index <= limit);
    let mut seen_key = false;
    for (index, line) in lines.iter().enumerate().take_while(|(index, _)| within(*index)) {
        if is_key_line(line) {
            seen_key = true;
            continue;
        }
        if !seen_key || line.trim().is_empty() || line.starts_with([' ', '\t']) {
            continue;
        }
        let before = index.checked_sub(1).map_or("", |i| lines[i].trim_end());
        let after_blank = before.is_empty();
        // A line after `[a,` goes on with a list written on one line, however wordy.
        if before.ends_with([',', '[', '{']) {
            continue;
        }
        // A key on the very next line (past where the YAML failed too: `key true` fails on its
        // own line) means a mistake inside the front matter; text is not followed by a key.
        let keys_follow = (index + 1..lines.len())
            .take_while(|i| within(*i))
            .any(|i| is_key_line(lines[i]))
            || lines.get(index + 1).is_some_and(|next| is_front_matter_key(next));
        let text = if is_heading(line) {
            !keys_follow
        } else {
            looks_like_prose(line) && (after_blank || !keys_follow)
        };
        if text {
            return Some(first_line + index);
        }
    }
    None
}

/// `name: ...` at the start of a line, with a name as front matter keys are written.
fn is_key_line(line: &str) -> bool {
    let name_end = line
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(line.len());
    let rest = &line[name_end..];
    name_end > 0 && rest.starts_with(':') && rest[1..].chars().next().is_none_or(char::is_whitespace)
}

/// A line `key: …` whose key is one front matter has (`date:`, not the `Update:` of a text).
fn is_front_matter_key(line: &str) -> bool {
    is_key_line(line)
        && line
            .split_once(':')
            .is_some_and(|(key, _)| ARTICLE_KEYS.contains(&key) || TOPIC_KEYS.contains(&key))
}

/// A Markdown heading: one to six `#`, a space, and some text.
fn is_heading(line: &str) -> bool {
    let text = line.trim_start_matches('#');
    (1..=6).contains(&(line.len() - text.len())) && text.starts_with(' ') && !text.trim().is_empty()
}

/// Words, not YAML: a line with a space in it, that is no list item or comment and does not end
/// as a list or mapping written on one line does (`b]`).
fn looks_like_prose(line: &str) -> bool {
    let line = line.trim_end();
    !line.starts_with(['-', '#', ']', '}']) && line.contains(' ') && !line.ends_with([']', '}'])
}

/// A cited source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub outlet: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub date: Option<DateValue>,
}

/// The lead image (`image:`): a file beside the article or under static/, or an http(s) URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadImage {
    pub src: String,
    /// Where `src` is written, for errors about the file.
    pub src_pos: Pos,
    /// The text alternative; `""` for a decorative image.
    pub alt: String,
    pub caption: Option<String>,
    pub credit: Option<String>,
    /// A translation's image taken from its original, with the original's words.
    pub inherited: bool,
}

/// What an entry in the update log is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum UpdateKind {
    Update,
    Correction,
    Clarification,
}

impl UpdateKind {
    /// Its name as written in front matter (`kind: correction`), which is also the theme's word
    /// for its label.
    pub fn name(self) -> &'static str {
        match self {
            UpdateKind::Update => "update",
            UpdateKind::Correction => "correction",
            UpdateKind::Clarification => "clarification",
        }
    }
}

/// The newest correction of a log (`updates:`, which is kept oldest first), if it has one: what
/// pages, emails and feeds show under the title.
pub fn latest_correction(updates: &[Update]) -> Option<&Update> {
    updates.iter().rfind(|u| u.kind == UpdateKind::Correction)
}

/// An entry in the visible update / correction log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Update {
    pub date: DateValue,
    /// Where its `date:` is written.
    pub date_pos: Pos,
    pub kind: UpdateKind,
    pub text: String,
}

/// An article's front matter, validated (DESIGN.md §3).
#[derive(Debug, Clone)]
pub struct ArticleMeta {
    pub title: String,
    pub date: DateValue,
    pub event_date: DateValue,
    pub event_end: Option<DateValue>,
    pub display_date: Option<String>,
    pub summary: Option<String>,
    pub topics: Vec<String>,
    /// Each topic slug's position (line, column) for error messages.
    pub topic_lines: Vec<Pos>,
    /// Where `date:` is written, for the warning about a date far in the future.
    pub date_pos: Option<Pos>,
    pub tags: Vec<String>,
    /// `authors:` slugs of content/authors/*.md, each with its position; `None` when the key is
    /// absent (site.yaml's `authors` stand in).
    pub authors: Option<Vec<(String, Pos)>>,
    pub key: bool,
    pub sources: Vec<Source>,
    /// A translation's sources taken from its original, in the original's words (marked with
    /// its language where they are shown).
    pub sources_inherited: bool,
    /// A translation's tags taken from its original, in the original's words.
    pub tags_inherited: bool,
    pub updates: Vec<Update>,
    pub updated: Option<DateValue>,
    pub draft: bool,
    pub slug: String,
    /// Where `slug:` is written, when the file gives one.
    pub slug_pos: Option<Pos>,
    /// Where `tags:` is written, when the file gives them.
    pub tags_pos: Option<Pos>,
    /// Where each of `tags` is written (empty when they are inherited from an original).
    pub tag_positions: Vec<Pos>,
    /// Old site paths (`/2024/06/old-url/`) that redirect to the article.
    pub aliases: Vec<String>,
    /// Where each of `aliases` is written, in the same order.
    pub alias_lines: Vec<Pos>,
    pub image: Option<LeadImage>,
    pub extra: serde_json::Value,
}

pub const ARTICLE_KEYS: &[&str] = &[
    "title",
    "date",
    "event_date",
    "event_end",
    "display_date",
    "summary",
    "topics",
    "tags",
    "authors",
    "key",
    "sources",
    "updates",
    "updated",
    "draft",
    "slug",
    "aliases",
    "image",
    "extra",
];

/// Parses an article's front matter; the file's name gives the slug when `slug:` is absent (and
/// the date, in Jekyll's `2024-06-21-title.md`, when `date:` is).
pub fn parse_article(file: &SourceFile, split: &Split<'_>, tz: &TimeZone) -> Checked<ArticleMeta> {
    parse_article_from(file, split, tz, None)
}

/// Parses a translation's front matter (`treaty.ko.md`, DESIGN.md §8b): what it does not set it
/// takes from its original — the dates, topics, tags, byline, key flag, sources, lead image,
/// draft flag, `extra` and the slug. Its title, summary and update log are its own.
pub fn parse_translation(
    file: &SourceFile,
    split: &Split<'_>,
    tz: &TimeZone,
    original: &ArticleMeta,
) -> Checked<ArticleMeta> {
    parse_article_from(file, split, tz, Some(original))
}

fn parse_article_from(
    file: &SourceFile,
    split: &Split<'_>,
    tz: &TimeZone,
    original: Option<&ArticleMeta>,
) -> Checked<ArticleMeta> {
    let path = file.display.as_path();
    let fields = match front_matter_fields(path, split) {
        Ok(fields) => fields,
        Err(e) => return Checked::failed(vec![e]),
    };
    let mut reader = Reader::new(path);
    let mut warnings = Vec::new();
    let mut meta = ArticleMeta::empty(tz);
    let mut given = Given::default();
    if let Some(original) = original {
        inherit(&mut meta, &mut given, original);
    }
    let mut unknown = Vec::new();
    for entry in &fields.entries {
        if !read_article_key(&mut reader, entry, tz, &mut meta, &mut given) {
            unknown.push(entry);
        }
    }
    if !unknown.is_empty() {
        let date = given.date.clone();
        warnings.extend(foreign_or_unknown(&mut reader, file, &fields, date, &unknown, tz));
    }
    warnings.extend(cut_by_comments(path, split, &fields));
    complete(&mut reader, file, split, &fields, tz, &mut meta, given);
    if let Some(original) = original {
        warnings.extend(correction_not_carried(path, &fields, &meta, original));
    }
    if !meta.draft {
        warnings.extend(placeholder(path, split, NEW_ARTICLE_BODY));
    }
    reader
        .errors
        .extend(foreign::in_drafts_folder(path, &file.path, meta.draft));
    warnings.extend(foreign::template_syntax(path, split.body, split.body_line));
    reader.finish(meta, warnings)
}

/// The keys an article does not read, told once `date:` is known, whatever the order: another
/// generator's in its words (an error when ignoring it would publish what was held back), the
/// rest as unknown keys. Only for a file that has such keys: nothing on the path of one that
/// does not.
fn foreign_or_unknown(
    reader: &mut Reader<'_>,
    file: &SourceFile,
    fields: &Fields,
    date: Option<DateValue>,
    unknown: &[&Field],
    tz: &TimeZone,
) -> Vec<Diagnostic> {
    let path = reader.path;
    let keys: Vec<&str> = fields.entries.iter().map(|e| e.key.as_str()).collect();
    // A Jekyll name's day (`2024-06-21-title.md`) dates the article when `date:` does not.
    let date = date.or_else(|| {
        dated_name(&file.slug_stem())
            .0
            .and_then(|day| dates::parse_date(day, tz).ok())
    });
    let mut warnings = Vec::new();
    for entry in unknown {
        match foreign::foreign_key(path, entry, date.as_ref(), &keys, ARTICLE_KEYS, tz) {
            Some(said) if said.is_error() => reader.errors.push(said),
            Some(said) => warnings.push(said),
            None => warnings.push(yaml::unknown_key(path, entry, ARTICLE_KEYS, "front matter")),
        }
    }
    warnings
}

/// The body `gazette new article` writes, for the writer to replace.
pub const NEW_ARTICLE_BODY: &str = "Write the briefing here.";
/// The background `gazette new topic` writes, for the writer to replace.
pub const NEW_TOPIC_BODY: &str = "The story so far: the background a reader needs before the timeline.";

/// A warning when the body still has a line `gazette new` wrote for the writer to replace: it
/// would be published as it is (as the page's text, and the summary of lists and feeds).
fn placeholder(path: &Path, split: &Split<'_>, text: &str) -> Option<Diagnostic> {
    // A substring search first (memchr's speed), since nearly every body has no such line.
    if !split.body.contains(text) {
        return None;
    }
    let line = split.body.lines().position(|line| line.trim() == text)?;
    Some(
        Diagnostic::warning(
            path,
            Pos::new(split.body_line + line, 1),
            format!("this is still the text `gazette new` wrote to be replaced: \"{text}\""),
        )
        .with_hint("write the text in its place (an article can keep `draft: true` until it is written)"),
    )
}

/// What the keys said of the fields that are required or default to other fields.
#[derive(Default)]
struct Given {
    title: Option<String>,
    date: Option<DateValue>,
    event_date: Option<DateValue>,
    event_end: Option<DateValue>,
    slug: Option<String>,
}

/// `text` with smart punctuation (`markdown::smart_text`), in place.
pub fn smarten(text: &mut String) {
    if let Some(smart) = crate::parse::markdown::smart_text(text) {
        *text = smart;
    }
}

impl ArticleMeta {
    /// Smart punctuation in the text a reader sees as written: the headline, the summary,
    /// each correction's or update's text, each source's title and the image's caption (as
    /// bodies get it with `markdown.smart_punctuation`). Tags, slugs, outlets' names and the
    /// image's `alt` stay as written.
    pub fn smarten(&mut self) {
        smarten(&mut self.title);
        for text in self
            .summary
            .iter_mut()
            .chain(self.sources.iter_mut().filter_map(|s| s.title.as_mut()))
            .chain(self.image.iter_mut().filter_map(|i| i.caption.as_mut()))
        {
            smarten(text);
        }
        for update in &mut self.updates {
            smarten(&mut update.text);
        }
    }

    /// An article with nothing given yet (dates are placeholders until `complete`).
    fn empty(tz: &TimeZone) -> ArticleMeta {
        ArticleMeta {
            title: String::new(),
            date: placeholder_date(tz),
            event_date: placeholder_date(tz),
            event_end: None,
            display_date: None,
            summary: None,
            topics: Vec::new(),
            topic_lines: Vec::new(),
            date_pos: None,
            tags: Vec::new(),
            authors: None,
            key: false,
            sources: Vec::new(),
            sources_inherited: false,
            tags_inherited: false,
            updates: Vec::new(),
            updated: None,
            draft: false,
            slug: String::new(),
            slug_pos: None,
            tags_pos: None,
            tag_positions: Vec::new(),
            aliases: Vec::new(),
            alias_lines: Vec::new(),
            image: None,
            extra: serde_json::Value::Object(Default::default()),
        }
    }
}

/// The most tags an article may have. Each tag's page and feeds list the article with all of
/// its tags, so the output grows with the square of an article's tags: 4,000 tags made 1.2 GB.
/// A briefing has a handful.
pub const MAX_TAGS: usize = 64;

/// The longest title, in characters. A title is on every page that lists the article, in every
/// feed and in the search index: a 10 MB title made a 312 MB site. Headlines run to a hundred
/// characters or so; a thousand is a mistake (a paragraph pasted into `title:`).
pub const MAX_TITLE_CHARS: usize = 1000;

/// A warning for a translation whose original was corrected after the translation last changed
/// (its `updated:` or its own log's newest entry): the translation may still say what was
/// corrected (session 34's standards probe: a Korean page repeated the wrong date unsaid).
fn correction_not_carried(
    path: &Path,
    fields: &Fields,
    meta: &ArticleMeta,
    original: &ArticleMeta,
) -> Option<Diagnostic> {
    let correction = latest_correction(&original.updates)?;
    if meta
        .updated
        .as_ref()
        .is_some_and(|checked| !earlier(checked, &correction.date))
    {
        return None;
    }
    let pos = fields
        .entries
        .iter()
        .find(|e| e.key == "updated" || e.key == "updates")
        .map_or(Pos::new(1, 1), |e| e.key_pos);
    Some(
        Diagnostic::warning(
            path,
            pos,
            format!(
                "the original was corrected on {} (“{}”), after this translation last changed: it may still say what was corrected",
                correction.date.short(),
                excerpt(&correction.text)
            ),
        )
        .with_hint(format!(
            "correct it here too and add the correction to its `updates:`; if it was right, say so with `updated: {}`",
            correction.date.short()
        )),
    )
}

/// The start of `text`, 60 characters at most, with `…` when cut.
fn excerpt(text: &str) -> String {
    match text.char_indices().nth(60) {
        Some((cut, _)) => format!("{}…", text[..cut].trim_end()),
        None => text.to_string(),
    }
}

/// A translation's start: everything it may take from its original. (The topics' positions are
/// the translation's first line: a warning about one names the file that inherits it.)
fn inherit(meta: &mut ArticleMeta, given: &mut Given, original: &ArticleMeta) {
    meta.topics = original.topics.clone();
    meta.topic_lines = vec![Pos::new(1, 1); original.topics.len()];
    meta.tags = original.tags.clone();
    meta.tags_inherited = !original.tags.is_empty();
    meta.authors = original.authors.clone();
    meta.key = original.key;
    meta.sources = original.sources.clone();
    meta.sources_inherited = !original.sources.is_empty();
    meta.image = original.image.clone().map(|image| LeadImage {
        inherited: true,
        ..image
    });
    meta.draft = original.draft;
    meta.extra = original.extra.clone();
    given.date = Some(original.date.clone());
    given.event_date = Some(original.event_date.clone());
    given.event_end = original.event_end.clone();
    given.slug = Some(original.slug.clone());
}

/// A warning for `tags: Sanctions, Oil`: one text, which is one tag (`sanctions-oil`), where two
/// were most likely meant.
fn warn_of_a_list_in_one_text(reader: &mut Reader<'_>, entry: &Field) {
    let Some(text) = yaml::scalar_text(&entry.value.value) else {
        return;
    };
    let items: Vec<&str> = text.split(',').map(str::trim).filter(|t| !t.is_empty()).collect();
    if items.len() >= 2 {
        reader.warnings.push(
            Diagnostic::warning(
                reader.path,
                entry.pos,
                format!("`{}: {text}` is one tag, `{text}`, not {}", entry.key, items.len()),
            )
            .with_hint(format!("for a list, write `{}: [{}]`", entry.key, items.join(", "))),
        );
        return;
    }
    // Jekyll separates tags with spaces (`tags: putin kim-jong-un`): words written as slugs
    // are likelier several tags than one tag's name (`tags: North Korea`, which says nothing).
    // A hyphen in one of them is the sign (`kim-jong-un`): `tags: climate change` is a name.
    let words: Vec<&str> = text.split_whitespace().collect();
    let slugs = words.iter().all(|word| slug::is_slug(word)) && words.iter().any(|word| word.contains('-'));
    if words.len() >= 2 && slugs {
        reader.warnings.push(
            Diagnostic::warning(
                reader.path,
                entry.pos,
                format!(
                    "`{}: {text}` is one tag, `{text}`, not {} (Jekyll separates tags with spaces; gazette reads a list)",
                    entry.key,
                    words.len()
                ),
            )
            .with_hint(format!(
                "for a list, write `{key}: [{}]`; for one tag, `{key}: [{text}]`",
                words.join(", "),
                key = entry.key
            )),
        );
    }
}

/// `slug:` made a slug; an empty one is an error (it would be `untitled`).
fn read_slug(reader: &mut Reader<'_>, entry: &Field) -> Option<String> {
    if entry.value.value.as_str().is_some_and(|s| s.trim().is_empty()) {
        reader.errors.push(
            Diagnostic::error(reader.path, entry.pos, "`slug` is empty").with_hint(
                "remove the line to make the address from the title, or write one such as `slug: pact-signed`",
            ),
        );
    }
    let text = reader.text(entry)?;
    Some(written_slug(reader.path, entry.pos, &text, &mut reader.warnings))
}

/// The slug of a written `slug:`, with a warning when making it dropped marks the writer may
/// have meant (`../../etc` is `etc`, `a/b` is not a folder): letters are transliterated and
/// spaces become hyphens, as documented, without a word.
pub(crate) fn written_slug(path: &Path, pos: Pos, text: &str, warnings: &mut Vec<Diagnostic>) -> String {
    let slug = slug::slugify(text);
    let marks = slug::dropped_marks(text);
    if marks.is_empty() {
        return slug;
    }
    let named = marks.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ");
    let warning = Diagnostic::warning(
        path,
        pos,
        format!(
            "`slug: {}` becomes `{slug}`: a slug keeps letters, digits and hyphens, not {named}",
            text.trim()
        ),
    )
    .with_hint(format!(
        "write `slug: {slug}` to say so{}",
        if marks.contains(&'/') {
            " (a slug names one folder: for more, put the file in folders under content/)"
        } else {
            ""
        }
    ));
    warnings.push(warning);
    slug
}

/// A field of plain text (`summary:`), trimmed; none when empty. Markdown in it is a warning
/// (`markdown_in_plain_text`).
pub(crate) fn plain_text(reader: &mut Reader<'_>, entry: &Field) -> Option<String> {
    let text = reader
        .text(entry)
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())?;
    let warning = markdown_in_plain_text(reader.path, entry.pos, &entry.key, &text);
    reader.warnings.extend(warning);
    Some(text)
}

/// A warning for Markdown in a field of plain text (`summary:`), which lists, feeds, meta tags,
/// search results and an email's preview show as written: a link `[…](…)`, `**bold**` or
/// `` `code` ``.
pub(crate) fn markdown_in_plain_text(path: &Path, pos: Pos, key: &str, text: &str) -> Option<Diagnostic> {
    let link = text
        .find("](")
        .is_some_and(|at| text[..at].contains('[') && text[at..].contains(')'));
    let found: Vec<&str> = [
        (link, "a link `[…](…)`"),
        (
            text.matches("**").count() >= 2 || text.matches("__").count() >= 2,
            "`**`",
        ),
        (text.matches('`').count() >= 2, "code in backticks"),
    ]
    .into_iter()
    .filter_map(|(there, what)| there.then_some(what))
    .collect();
    (!found.is_empty()).then(|| {
        Diagnostic::warning(
            path,
            pos,
            format!(
                "`{key}` is plain text, so {} {} shown as written",
                found.join(" and "),
                if found.len() > 1 { "are" } else { "is" }
            ),
        )
        .with_hint("write it without Markdown: lists, feeds, search results and emails show it as it is")
    })
}

/// `tags:`: the texts trimmed, an empty one left out with a warning, at most `MAX_TAGS`.
fn read_tags(reader: &mut Reader<'_>, entry: &Field, meta: &mut ArticleMeta) {
    meta.tags_pos = Some(entry.pos);
    warn_of_a_list_in_one_text(reader, entry);
    let tags = reader.text_items(entry);
    if tags.iter().any(|(t, _)| t.trim().is_empty()) {
        reader.warnings.push(
            Diagnostic::warning(reader.path, entry.pos, "`tags` has an empty tag, which is left out")
                .with_hint("remove the empty item (`\"\"`, or two commas in a row)"),
        );
    }
    meta.tags_inherited = false;
    (meta.tags, meta.tag_positions) = tags
        .into_iter()
        .map(|(t, pos)| (t.trim().to_string(), pos))
        .filter(|(t, _)| !t.is_empty())
        .unzip();
    if meta.tags.len() > MAX_TAGS {
        reader.errors.push(
            Diagnostic::error(
                reader.path,
                entry.pos,
                format!(
                    "this article has {} tags; an article has at most {MAX_TAGS}",
                    meta.tags.len()
                ),
            )
            .with_hint("keep the tags a reader would follow; a topic gathers a whole story"),
        );
    }
}

/// Reads one key of an article's front matter into `meta` (or `given`); false for a key
/// articles do not have.
fn read_article_key(
    reader: &mut Reader<'_>,
    entry: &Field,
    tz: &TimeZone,
    meta: &mut ArticleMeta,
    given: &mut Given,
) -> bool {
    match entry.key.as_str() {
        "title" => {
            given.title = reader
                .text(entry)
                .filter(|t| !t.trim().is_empty())
                .map(|t| t.trim().to_string());
            let length = given.title.as_ref().map_or(0, |t| t.chars().count());
            if length > MAX_TITLE_CHARS {
                reader.errors.push(
                    Diagnostic::error(
                        reader.path,
                        entry.pos,
                        format!("the title is {length} characters long; a title has at most {MAX_TITLE_CHARS}"),
                    )
                    .with_hint(
                        "keep the headline to a line; `summary:` takes a sentence or two, and the body the rest",
                    ),
                );
            }
        }
        "date" => {
            meta.date_pos = Some(entry.pos);
            given.date = read_date(reader, entry, tz, false);
        }
        "event_date" => given.event_date = read_date(reader, entry, tz, true),
        "event_end" => given.event_end = read_date(reader, entry, tz, true),
        "display_date" => meta.display_date = reader.text(entry).filter(|t| !t.trim().is_empty()),
        "summary" => meta.summary = plain_text(reader, entry),
        "topics" => {
            (meta.topics, meta.topic_lines) = reader.slug_items(entry, "sanctions").into_iter().unzip();
        }
        "tags" => read_tags(reader, entry, meta),
        "authors" => meta.authors = Some(reader.slug_items(entry, "min-ji-park")),
        "key" => meta.key = reader.boolean(entry),
        "draft" => meta.draft = reader.boolean(entry),
        "sources" => {
            meta.sources = read_sources(reader, entry, tz);
            meta.sources_inherited = false;
        }
        "updates" => meta.updates = read_updates(reader, entry, tz),
        "updated" => meta.updated = read_date(reader, entry, tz, false),
        "slug" => {
            given.slug = read_slug(reader, entry);
            meta.slug_pos = Some(entry.pos);
        }
        "aliases" => {
            for (alias, pos) in read_aliases(reader, entry, false) {
                meta.aliases.push(alias);
                meta.alias_lines.push(pos);
            }
        }
        "image" => meta.image = read_image(reader, entry),
        "extra" => meta.extra = yaml::json(&entry.value),
        _ => return false,
    }
    true
}

/// The required fields (an error each when missing) and the defaults that come from other
/// fields or from the file's name.
fn complete(
    reader: &mut Reader<'_>,
    file: &SourceFile,
    split: &Split<'_>,
    fields: &Fields,
    tz: &TimeZone,
    meta: &mut ArticleMeta,
    given: Given,
) {
    let path = reader.path;
    // Jekyll names posts `2024-06-21-title.md`: the name's date stands in for a missing `date`,
    // and the slug is the rest of the name.
    let stem = file.slug_stem();
    let (name_date, name_slug) = dated_name(&stem);
    match given.title {
        Some(title) => meta.title = title,
        None => {
            let example = format!("title: {}", title_from_name(name_slug));
            reader.errors.extend(missing(path, split, fields, "title", &example));
        }
    }
    match given.date {
        Some(date) => meta.date = date,
        None if fields.entries.iter().any(|e| e.key == "date") => {}
        None => match name_date.map(|d| (d, dates::parse_date(d, tz))) {
            Some((_, Ok(date))) => meta.date = date,
            // A file named by a day that is none (`2024-02-30-x.md`) is not told it has no date.
            Some((day, Err(why))) => reader.errors.push(
                Diagnostic::error(
                    path,
                    Pos::new(1, 1),
                    format!("the date in the file's name, `{day}`, is not a day: {}", why.0),
                )
                .with_hint("rename the file with the right day, or give the date as `date:` in the front matter"),
            ),
            None => reader
                .errors
                .extend(missing(path, split, fields, "date", "date: 2024-06-21")),
        },
    }
    meta.event_date = given.event_date.unwrap_or_else(|| meta.date.at_day());
    // An end is the whole of its day (month, year): `event_end: 2024-06-21` does not end before
    // `event_date: 2024-06-21 10:00`.
    if let Some(end) = &given.event_end
        && end.last_instant() < meta.event_date.start.timestamp()
    {
        let entry = fields.entries.iter().find(|e| e.key == "event_end");
        let pos = entry.map_or(Pos::new(split.yaml_line, 1), |e| e.pos);
        reader.errors.push(
            Diagnostic::error(path, pos, "`event_end` is before `event_date`")
                .with_hint("swap them, or remove `event_end` for a single-day event"),
        );
    }
    meta.event_end = given.event_end;
    warn_of_an_update_before(reader, fields, (meta.updated.as_ref(), &meta.updates), &meta.date);
    if meta.updated.is_none() {
        meta.updated = meta.updates.iter().map(|u| u.date.clone()).max();
    }
    meta.slug = given.slug.unwrap_or_else(|| slug::slugify(name_slug));
}

/// A warning for an `updated:` before the `date` of an article or an edition: an update comes
/// after publication (feeds and search engines would take the page for older than it is).
pub(crate) fn warn_of_an_update_before(
    reader: &mut Reader<'_>,
    fields: &Fields,
    (updated, updates): (Option<&DateValue>, &[Update]),
    date: &DateValue,
) {
    // Each entry of the log, at its `date:` (session 34's standards probe: a correction dated
    // before publication read "Published 4 November · Corrected 1 November", unsaid).
    for update in updates {
        if earlier(&update.date, date) {
            reader.warnings.push(
                Diagnostic::warning(reader.path, update.date_pos, "this update is dated before `date`")
                    .with_hint("an update comes after publication: fix its date (or `date:`)"),
            );
        } else if let Some(diagnostic) = same_day_before(reader.path, update.date_pos, &update.date, date) {
            reader.warnings.push(diagnostic);
        }
    }
    let Some(updated) = updated else {
        return;
    };
    let Some(entry) = fields.entries.iter().find(|e| e.key == "updated") else {
        return;
    };
    if earlier(updated, date) {
        reader.warnings.push(
            Diagnostic::warning(reader.path, entry.pos, "`updated` is before `date`")
                .with_hint("an update comes after publication: fix one of the two dates, or remove `updated:`"),
        );
    } else if let Some(diagnostic) = same_day_before(reader.path, entry.pos, updated, date) {
        reader.warnings.push(diagnostic);
    } else if let Some(newest) = updates.iter().map(|u| &u.date).max()
        && earlier(updated, newest)
    {
        // What feeds, the sitemap and `dateModified` take would be older than the change the
        // page shows.
        reader.warnings.push(
            Diagnostic::warning(
                reader.path,
                entry.pos,
                format!("`updated` is before the newest entry of `updates` ({})", newest.short()),
            )
            .with_hint("`updated:` is the last change: give it that entry's date or a later one, or remove it (the newest entry's date is then taken)"),
        );
    }
}

/// Whether `later` is before `date`: by the day when either is a day without a time (the whole
/// day, `updated: 2024-06-19`), else by the instant.
fn earlier(later: &DateValue, date: &DateValue) -> bool {
    if later.precision == dates::Precision::Day || date.precision == dates::Precision::Day {
        later.start.date() < date.start.date()
    } else {
        later.start.timestamp() < date.start.timestamp()
    }
}

/// A warning for a change dated by its day alone on the day of a publication that has a time:
/// it counts from the day's start, before the publication, so no modified date moves.
fn same_day_before(path: &Path, pos: Pos, change: &DateValue, date: &DateValue) -> Option<Diagnostic> {
    let same_day = change.precision == dates::Precision::Day
        && date.precision > dates::Precision::Day
        && change.start.date() == date.start.date();
    same_day.then(|| {
        Diagnostic::warning(
            path,
            pos,
            format!(
                "dated by its day alone, this change counts from the start of {}, before the publication at {}: feeds, the sitemap and search engines are told of no change",
                change.start.strftime("%Y-%m-%d"),
                date.start.strftime("%H:%M")
            ),
        )
        .with_hint(format!(
            "give it its time too: `{} HH:MM`",
            change.start.strftime("%Y-%m-%d")
        ))
    })
}

/// Splits a Jekyll-style name `2024-06-21-title` into its date and the rest; other names have no date.
fn dated_name(stem: &str) -> (Option<&str>, &str) {
    let bytes = stem.as_bytes();
    let dated = bytes.len() > 11
        && bytes[..10].iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
        && bytes[10] == b'-';
    if dated {
        (Some(&stem[..10]), &stem[11..])
    } else {
        (None, stem)
    }
}

/// The old addresses of an article or a topic (`aliases:`), each as a site path with where it
/// is written; one that is not a path of the site is an error, one without its leading `/` a
/// warning.
///
/// A topic's alias written as a bare name (`aliases: [russia-dprk]`) is its old slug, read as
/// `/topics/russia-dprk/` (review: it was read from the site's root, with a hint about sections).
fn read_aliases(reader: &mut Reader<'_>, entry: &Field, topic: bool) -> Vec<(String, Pos)> {
    let mut aliases = Vec::new();
    for (alias, pos) in reader.text_items(entry) {
        let bare = alias.trim();
        if topic && !bare.is_empty() && !bare.contains(['/', '.']) {
            match normalize_alias(&format!("/topics/{bare}/")) {
                Ok(normal) => aliases.push((normal, pos)),
                Err(why) => reader.errors.push(
                    Diagnostic::error(
                        reader.path,
                        pos,
                        format!("alias `{alias}` is not a path on this site{why}"),
                    )
                    .with_hint("write the topic's old name (`russia-dprk`), or its old address as a path"),
                ),
            }
            continue;
        }
        match normalize_alias(&alias) {
            Ok(normal) => {
                // Hugo reads `old-url` from the page's section (`/posts/old-url/`).
                if !alias.trim_start().starts_with('/') {
                    reader.warnings.push(
                        Diagnostic::warning(
                            reader.path,
                            pos,
                            format!(
                                "alias `{}` has no leading `/`: it is read from the site's root, as `{normal}`",
                                alias.trim()
                            ),
                        )
                        .with_hint(format!(
                            "write `{normal}` (or the whole old path, e.g. `/posts{normal}`, if it was under a section)"
                        )),
                    );
                }
                aliases.push((normal, pos));
            }
            Err(why) => reader.errors.push(
                Diagnostic::error(
                    reader.path,
                    pos,
                    format!("alias `{alias}` is not a path on this site{why}"),
                )
                .with_hint("write the old address as a path, such as `/2024/06/old-url/`"),
            ),
        }
    }
    aliases
}

/// A topic's front matter, validated (DESIGN.md §4).
#[derive(Debug, Clone)]
pub struct TopicMeta {
    pub title: String,
    pub summary: Option<String>,
    pub status: TopicStatus,
    /// Old site paths that redirect to the topic (a renamed topic's `/topics/old-slug/`), and
    /// below each, its feed and year pages where the host reads `_redirects`.
    pub aliases: Vec<String>,
    /// Where each of `aliases` is written, in the same order.
    pub alias_lines: Vec<Pos>,
    pub extra: serde_json::Value,
}

/// Whether a story is still developing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TopicStatus {
    Ongoing,
    Concluded,
}

pub const TOPIC_KEYS: &[&str] = &["title", "summary", "status", "aliases", "extra"];

impl TopicMeta {
    /// Smart punctuation in the title and the summary (`ArticleMeta::smarten`).
    pub fn smarten(&mut self) {
        smarten(&mut self.title);
        if let Some(summary) = &mut self.summary {
            smarten(summary);
        }
    }
}

/// Parses a topic file's front matter.
pub fn parse_topic(file: &SourceFile, split: &Split<'_>) -> Checked<TopicMeta> {
    let path = file.display.as_path();
    let fields = match front_matter_fields(path, split) {
        Ok(fields) => fields,
        Err(e) => return Checked::failed(vec![e]),
    };
    let mut reader = Reader::new(path);
    let mut warnings = Vec::new();
    let mut meta = TopicMeta {
        title: String::new(),
        summary: None,
        status: TopicStatus::Ongoing,
        aliases: Vec::new(),
        alias_lines: Vec::new(),
        extra: serde_json::Value::Object(Default::default()),
    };
    let mut title = None;
    for entry in &fields.entries {
        match entry.key.as_str() {
            "title" => title = reader.text(entry).filter(|t| !t.trim().is_empty()),
            "summary" => meta.summary = plain_text(&mut reader, entry),
            "status" => match reader.text(entry).as_deref() {
                Some("ongoing") | None => meta.status = TopicStatus::Ongoing,
                Some("concluded") => meta.status = TopicStatus::Concluded,
                Some(other) => reader.errors.push(
                    Diagnostic::error(
                        path,
                        entry.pos,
                        format!("`status` is `{other}`, which is not a topic status"),
                    )
                    .with_hint("write `status: ongoing` or `status: concluded`"),
                ),
            },
            "aliases" => {
                for (alias, pos) in read_aliases(&mut reader, entry, true) {
                    meta.aliases.push(alias);
                    meta.alias_lines.push(pos);
                }
            }
            "extra" => meta.extra = yaml::json(&entry.value),
            _ => warnings.push(yaml::unknown_key(path, entry, TOPIC_KEYS, "topic front matter")),
        }
    }
    warnings.extend(cut_by_comments(path, split, &fields));
    warnings.extend(placeholder(path, split, NEW_TOPIC_BODY));
    match title {
        Some(title) => meta.title = title.trim().to_string(),
        None => {
            let example = format!("title: {}", title_from_name(&file.slug_stem()));
            reader.errors.extend(missing(path, split, &fields, "title", &example));
        }
    }
    reader.finish(meta, warnings)
}

/// A warning for each text value that a `#` cut short: in `title: We are #1`, YAML reads ` #1`
/// as a comment and the title as `We are`. Only a `#` right before a word is taken for a
/// mistake; `# ` with a space is how a comment is written on purpose.
pub(super) fn cut_by_comments(path: &Path, split: &Split<'_>, fields: &Fields) -> Vec<Diagnostic> {
    let lines: Vec<&str> = split.yaml.lines().collect();
    let mut warnings = Vec::new();
    for field in &fields.entries {
        cut_value(path, split, &lines, &field.key, &field.value, field.pos, &mut warnings);
    }
    warnings
}

/// `cut_by_comments` for one value at `pos` and, in a list or a mapping, every text inside it
/// (session 34's standards probe: an update's `text: … paragraph #2 of the report` was
/// published as "… paragraph").
fn cut_value(
    path: &Path,
    split: &Split<'_>,
    lines: &[&str],
    key: &str,
    node: &yaml::Node,
    pos: Pos,
    warnings: &mut Vec<Diagnostic>,
) {
    let line = pos.line.checked_sub(split.yaml_line).and_then(|i| lines.get(i));
    let at = line.and_then(|line| {
        line.char_indices()
            .nth(pos.column.saturating_sub(1))
            .map(|(i, _)| &line[i..])
    });
    // In a flow list or mapping (`[a, b]`, `{ date: …, text: … }`) a comment could only end the
    // line, and YAML would have refused the collection left open.
    if matches!(node.value, Value::Sequence(_) | Value::Mapping(_)) && at.is_some_and(|v| v.starts_with(['[', '{'])) {
        return;
    }
    match &node.value {
        Value::Sequence(items) => {
            for item in items {
                cut_value(path, split, lines, key, item, item.pos, warnings);
            }
            return;
        }
        Value::Mapping(entries) => {
            for entry in entries {
                let key = entry.name().unwrap_or(key);
                cut_value(path, split, lines, key, &entry.value, entry.value.pos, warnings);
            }
            return;
        }
        Value::String(_) => {}
        _ => return,
    }
    let Some(value) = at else {
        return;
    };
    if value.starts_with(['"', '\'', '|', '>']) {
        return;
    }
    let Some(hash) = value.find(" #").map(|i| i + 1) else {
        return;
    };
    if value[hash + 1..].chars().next().is_none_or(char::is_whitespace) {
        return;
    }
    let column = pos.column + value[..hash].chars().count();
    warnings.push(
        Diagnostic::warning(
            path,
            Pos::new(pos.line, column),
            format!("`{key}` ends before this `#`: YAML reads the rest of the line as a comment"),
        )
        .with_hint(format!(
            "put the value in quotes to keep it: `{key}: {}`",
            yaml::quote(value.trim_end())
        )),
    );
}

/// A title for a hint, made from the file's name (`snap-election` → `Snap election`), so that
/// the example fits the writer's own site; a name with no letters gives a placeholder.
fn title_from_name(name: &str) -> String {
    let words: Vec<&str> = name.split(['-', '_', ' ']).filter(|w| !w.is_empty()).collect();
    if !words.iter().any(|w| w.chars().any(char::is_alphabetic)) {
        return "The headline of this briefing".to_string();
    }
    let text = words.join(" ");
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The error for a required `key` that has no value, or is not there; `None` when it is there
/// with a value of another type (that is an error of its own already).
pub(super) fn missing(
    path: &Path,
    split: &Split<'_>,
    fields: &yaml::Fields,
    key: &str,
    example: &str,
) -> Option<Diagnostic> {
    let present = fields.entries.iter().find(|e| e.key == key);
    if present.is_some_and(|e| !matches!(e.value.value, Value::Null | Value::String(_))) {
        return None;
    }
    // A key spelt like it (`titel:`) is likelier the field than a line to add.
    let misspelt = fields
        .entries
        .iter()
        .find(|e| e.key != key && crate::core::diagnostic::closest(&e.key, [key]).is_some());
    Some(match (present, misspelt) {
        (Some(entry), _) => Diagnostic::error(path, entry.pos, format!("`{key}` is empty"))
            .with_hint(format!("give it a value, e.g. `{example}`")),
        (None, misspelt) => Diagnostic::error(
            path,
            Pos::new(split.yaml_line.saturating_sub(1).max(1), 1),
            format!("the front matter has no `{key}`, which is required"),
        )
        .with_hint(match misspelt {
            Some(entry) => format!("line {} says `{}`: write `{key}` there", entry.pos.line, entry.key),
            None => format!("add a line such as `{example}`"),
        }),
    })
}

fn placeholder_date(tz: &TimeZone) -> DateValue {
    DateValue {
        precision: dates::Precision::Day,
        start: jiff::Timestamp::UNIX_EPOCH.to_zoned_datetime(tz.clone()),
    }
}

pub(super) fn read_date(reader: &mut Reader<'_>, entry: &Field, tz: &TimeZone, event: bool) -> Option<DateValue> {
    let text = match yaml::date_text(&entry.value.value) {
        Some(text) => text,
        None => {
            let forms = if event {
                dates::EVENT_DATE_FORMS
            } else {
                dates::DATE_FORMS
            };
            reader.wrong_type(entry, "a date", forms);
            return None;
        }
    };
    let parsed = if event {
        dates::parse_event_date(&text, tz)
    } else {
        dates::parse_date(&text, tz)
    };
    match parsed {
        Ok(date) => {
            if let Some((change, hint)) = dates::clock_change(&text, tz) {
                reader
                    .warnings
                    .push(Diagnostic::warning(reader.path, entry.pos, change).with_hint(hint));
            }
            Some(date)
        }
        Err(e) => {
            let forms = if event {
                dates::EVENT_DATE_FORMS
            } else {
                dates::DATE_FORMS
            };
            reader.errors.push(
                Diagnostic::error(reader.path, entry.pos, format!("invalid `{}`: {}", entry.key, e.0)).with_hint(forms),
            );
            None
        }
    }
}

/// Reads a list of mappings, calling `each` with the item's entries and where the item starts.
pub(super) fn read_items<T>(
    reader: &mut Reader<'_>,
    field: &Field,
    example: &str,
    mut each: impl FnMut(&mut Reader<'_>, &[Entry], Pos) -> Option<T>,
) -> Vec<T> {
    let items = match &field.value.value {
        Value::Null => return Vec::new(),
        Value::Sequence(items) => items,
        _ => {
            reader.wrong_type(field, "a list", example);
            return Vec::new();
        }
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match &item.value {
            Value::Mapping(entries) => {
                if let Some(value) = each(reader, entries, item.pos) {
                    out.push(value);
                }
            }
            other => {
                // `- article 2024/06/x.md`: a key without its colon.
                let hint = match other {
                    Value::String(text) => text
                        .split_once(' ')
                        .filter(|(key, rest)| {
                            !key.is_empty()
                                && key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
                                && !rest.trim().is_empty()
                        })
                        .map(|(key, rest)| format!("a key needs a colon after it: `{key}: {}`", rest.trim())),
                    _ => None,
                };
                reader.errors.push(
                    Diagnostic::error(
                        reader.path,
                        item.pos,
                        format!(
                            "item {} of `{}` must be a mapping, but it is {}",
                            i + 1,
                            field.key,
                            yaml::describe(other)
                        ),
                    )
                    .with_hint(hint.unwrap_or_else(|| example.to_string())),
                );
            }
        }
    }
    out
}

/// The text of `key` in an item of `list`, trimmed, and where the value stands (so a problem with
/// it is reported there, not at the item).
pub(super) fn item_text(reader: &mut Reader<'_>, entries: &[Entry], key: &str, list: &str) -> Option<(String, Pos)> {
    item_text_as(reader, entries, key, list, yaml::scalar_text)
}

/// `item_text` for a date: a whole number is the year it is (`yaml::date_text`).
fn item_date_text(reader: &mut Reader<'_>, entries: &[Entry], key: &str, list: &str) -> Option<(String, Pos)> {
    item_text_as(reader, entries, key, list, yaml::date_text)
}

fn item_text_as(
    reader: &mut Reader<'_>,
    entries: &[Entry],
    key: &str,
    list: &str,
    text_of: fn(&yaml::Value) -> Option<String>,
) -> Option<(String, Pos)> {
    let entry = entries.iter().find(|e| e.name() == Some(key))?;
    let value = &entry.value.value;
    match text_of(value) {
        Some(text) if !text.trim().is_empty() => Some((text.trim().to_string(), entry.pos())),
        Some(_) => None,
        None if value.is_null() => None,
        None => {
            // `[x]` and `{a: 1}` are YAML's list and mapping: text that starts so needs quotes.
            reader.errors.push(
                Diagnostic::error(
                    reader.path,
                    entry.pos(),
                    format!("`{key}` in `{list}` must be text, but it is {}", yaml::describe(value)),
                )
                .with_hint(format!(
                    "write one line of text after `{key}:`; text that starts with `[`, `{{` or another YAML sign goes in quotes (`{key}: \"[x] …\"`)"
                )),
            );
            None
        }
    }
}

/// The key a writer likely meant by another word for it in a list's item (`note` → `text`).
fn meant_key(name: &str) -> Option<&'static str> {
    Some(match name.to_ascii_lowercase().as_str() {
        "note" | "notes" | "description" | "body" | "message" | "comment" | "content" | "correction" => "text",
        "type" | "category" => "kind",
        "when" | "on" | "at" | "day" | "time" => "date",
        "link" | "href" | "source_url" | "address" => "url",
        "name" | "publisher" | "publication" | "source" | "site" | "newspaper" => "outlet",
        "headline" => "title",
        "path" | "file" | "image" => "src",
        "alt_text" | "alttext" | "description_alt" => "alt",
        _ => return None,
    })
}

/// Warns of each key of an item that `list` does not know, at the key itself.
pub(super) fn check_item_keys(reader: &mut Reader<'_>, entries: &[Entry], known: &[&str], list: &str) {
    for entry in entries {
        let name = yaml::scalar_text(&entry.key.value).unwrap_or_default();
        if !known.contains(&name.as_str()) {
            // A word for what the key holds before a spelling close to another key (`note:` for
            // an update's `text:` was "did you mean `date`?": session 34's standards probe).
            let close = meant_key(&name)
                .filter(|meant| known.contains(meant))
                .or_else(|| crate::core::diagnostic::closest(&name, known.iter().copied()));
            let hint = match (yaml::cut_by_a_comma(&name, &entry.value.value), close) {
                (Some(cut), _) => cut,
                (None, Some(s)) => format!("did you mean `{s}`?"),
                (None, None) => format!("an item of `{list}` knows {}", known.join(", ")),
            };
            reader.warnings.push(
                Diagnostic::warning(reader.path, entry.key.pos, format!("unknown key `{name}` in `{list}`"))
                    .with_hint(hint),
            );
        }
    }
}

const IMAGE_EXAMPLE: &str = "write `image:` with `src: port.jpg` and `alt: What the picture shows` on the lines below (optional `caption:` and `credit:`)";

/// The lead image: `image: {src, alt, caption, credit}`. A lead image must say what it shows
/// (`alt: ""` only for a decorative one), since it stands on every list and shared link.
fn read_image(reader: &mut Reader<'_>, field: &Field) -> Option<LeadImage> {
    let entries = match &field.value.value {
        Value::Null => return None,
        Value::Mapping(entries) => entries,
        _ => {
            reader.wrong_type(field, "a mapping", IMAGE_EXAMPLE);
            return None;
        }
    };
    check_item_keys(reader, entries, &["src", "alt", "caption", "credit"], "image");
    let src = item_text(reader, entries, "src", "image");
    let alt = entries.iter().find(|e| e.name() == Some("alt")).and_then(|entry| {
        match yaml::scalar_text(&entry.value.value) {
            Some(text) => Some(text.trim().to_string()),
            None if entry.value.value.is_null() => None,
            None => {
                reader.errors.push(Diagnostic::error(
                    reader.path,
                    entry.pos(),
                    format!(
                        "`alt` in `image` must be text, but it is {}",
                        yaml::describe(&entry.value.value)
                    ),
                ));
                Some(String::new())
            }
        }
    });
    let caption = item_text(reader, entries, "caption", "image").map(|(text, _)| text);
    let credit = item_text(reader, entries, "credit", "image").map(|(text, _)| text);
    let Some((src, src_pos)) = src else {
        reader
            .errors
            .push(Diagnostic::error(reader.path, field.pos, "the lead image has no `src`").with_hint(IMAGE_EXAMPLE));
        return None;
    };
    // Anything with a scheme (or `//host`) must be a web address: `javascript:` or `data:` would
    // go into every page's and feed's `<img src>` as written.
    if (crate::core::resolve::is_absolute(&src) || src.starts_with("//"))
        && let Some(fix) = crate::core::urls::web_address_fix(&src)
    {
        reader.errors.push(
            Diagnostic::error(
                reader.path,
                src_pos,
                format!("the lead image `{src}` is neither a file of the site nor a web address"),
            )
            .with_hint(format!(
                "put the image beside the article (`src: port.jpg`), or give its whole address ({fix})"
            )),
        );
        return None;
    }
    let Some(alt) = alt else {
        reader.errors.push(
            Diagnostic::error(reader.path, field.key_pos, "the lead image has no alt text")
                .with_hint("add `alt:` saying what the picture shows (readers who cannot see it hear this), or `alt: \"\"` if it is only decoration"),
        );
        return None;
    };
    Some(LeadImage {
        src,
        src_pos,
        alt,
        caption,
        credit,
        inherited: false,
    })
}

const SOURCE_EXAMPLE: &str =
    "write each source as `- outlet: Business Insider` with optional `title:`, `url:` and `date:` lines";
const UPDATE_EXAMPLE: &str = "write each entry as `- date: 2024-06-22`, `kind: correction` and `text: ...`";

fn read_sources(reader: &mut Reader<'_>, field: &Field, tz: &TimeZone) -> Vec<Source> {
    read_items(reader, field, SOURCE_EXAMPLE, |reader, entries, item| {
        check_item_keys(reader, entries, &["outlet", "title", "url", "date"], "sources");
        let outlet = item_text(reader, entries, "outlet", "sources");
        let title = item_text(reader, entries, "title", "sources");
        let url = item_text(reader, entries, "url", "sources");
        if let Some((url, pos)) = &url
            && let Some(fix) = crate::core::urls::web_address_fix(url)
        {
            reader.errors.push(
                Diagnostic::error(
                    reader.path,
                    *pos,
                    format!("the source URL `{url}` is not a web address"),
                )
                .with_hint(fix),
            );
        }
        let date = item_date_text(reader, entries, "date", "sources").and_then(|(text, pos)| {
            match dates::parse_event_date(&text, tz) {
                Ok(d) => Some(d),
                Err(e) => {
                    reader.errors.push(
                        Diagnostic::error(reader.path, pos, format!("invalid source `date`: {}", e.0))
                            .with_hint(dates::EVENT_DATE_FORMS),
                    );
                    None
                }
            }
        });
        match outlet {
            Some((outlet, _)) => Some(Source {
                outlet,
                title: title.map(|(title, _)| title),
                url: url.map(|(url, _)| url),
                date,
            }),
            None => {
                reader
                    .errors
                    .push(Diagnostic::error(reader.path, item, "a source has no `outlet`").with_hint(SOURCE_EXAMPLE));
                None
            }
        }
    })
}

/// `updates:`, an article's or an edition's log of updates and corrections, oldest first.
pub(crate) fn read_updates(reader: &mut Reader<'_>, field: &Field, tz: &TimeZone) -> Vec<Update> {
    let mut updates = read_items(reader, field, UPDATE_EXAMPLE, |reader, entries, item| {
        check_item_keys(reader, entries, &["date", "kind", "text"], "updates");
        let date = match item_date_text(reader, entries, "date", "updates") {
            Some((text, pos)) => match dates::parse_date(&text, tz) {
                Ok(d) => Some((d, pos)),
                Err(e) => {
                    reader.errors.push(
                        Diagnostic::error(reader.path, pos, format!("invalid update `date`: {}", e.0))
                            .with_hint(dates::DATE_FORMS),
                    );
                    None
                }
            },
            None => {
                reader
                    .errors
                    .push(Diagnostic::error(reader.path, item, "an update has no `date`").with_hint(UPDATE_EXAMPLE));
                None
            }
        };
        let kind = match item_text(reader, entries, "kind", "updates") {
            None => Some(UpdateKind::Update),
            Some((kind, pos)) => match kind.as_str() {
                "update" => Some(UpdateKind::Update),
                "correction" => Some(UpdateKind::Correction),
                "clarification" => Some(UpdateKind::Clarification),
                other => {
                    let lower = other.trim().to_lowercase();
                    let hint = match lower.as_str() {
                        "update" | "correction" | "clarification" => {
                            format!("kinds are written in lower case: `kind: {lower}`")
                        }
                        "retraction" | "editor's note" | "editors note" | "note" => {
                            "write `kind: correction` (or `update`) and say what changed in `text:`".to_string()
                        }
                        _ => "write `kind: update`, `kind: correction` or `kind: clarification`".to_string(),
                    };
                    reader.errors.push(
                        Diagnostic::error(reader.path, pos, format!("`{other}` is not a kind of update"))
                            .with_hint(hint),
                    );
                    None
                }
            },
        };
        let text = item_text(reader, entries, "text", "updates").map(|(text, _)| text);
        if text.is_none() {
            reader
                .errors
                .push(Diagnostic::error(reader.path, item, "an update has no `text`").with_hint(UPDATE_EXAMPLE));
        }
        let (date, date_pos) = date?;
        Some(Update {
            date,
            date_pos,
            kind: kind?,
            text: text?,
        })
    });
    updates.sort_by(|a, b| a.date.cmp(&b.date));
    updates
}

/// An alias as a site path: `/2024/06/old/` (leading and trailing slash), or `None` if it is not one.
fn normalize_alias(alias: &str) -> Result<String, &'static str> {
    let trimmed = alias.trim();
    if trimmed.is_empty() || trimmed.contains("://") || trimmed.contains(['?', '#', '\\', '"', '<', '>']) {
        return Err("");
    }
    // A host looks an address up decoded (`/caf%C3%A9/` is the folder `café`): so is the alias.
    let decoded = percent_encoding::percent_decode_str(trimmed)
        .decode_utf8()
        .map_err(|_| ": its `%` escapes are not UTF-8 text")?;
    if decoded.contains(['\\', '?', '#'])
        || (decoded.contains('/') && decoded.matches('/').count() != trimmed.matches('/').count())
    {
        return Err(": a `%` escape stands for `/`, `\\`, `?` or `#`");
    }
    // As written or escaped: no quote or angle bracket (no folder may have one on Windows), and
    // no control character but a tab (`_redirects` writes it `%09`).
    if decoded.contains(['"', '<', '>']) || decoded.chars().any(|c| c.is_control() && c != '\t') {
        return Err(": it has a quote, an angle bracket or a control character");
    }
    let parts: Vec<&str> = decoded.split('/').filter(|p| !p.is_empty()).collect();
    if parts.iter().any(|p| *p == "." || *p == "..") {
        return Err("");
    }
    // A hidden folder or file (`/.git/hooks/`): a deploy repository's own `.git` in the output
    // would be replaced by the redirect, and hosts do not serve hidden files (nor do builds
    // publish them: the output keeps only `.well-known/`).
    if parts.iter().any(|p| p.starts_with('.')) {
        return Err(
            ": a part starting with `.` is a hidden file or folder (a deploy repository's `.git`), which no host serves",
        );
    }
    // `_redirects` (Netlify, Cloudflare Pages) reads `*` and a part starting with `:` as
    // patterns: such an alias would redirect every address it matches.
    if parts.iter().any(|p| p.contains('*') || p.starts_with(':')) {
        return Err(": a `*` or a part starting with `:` is a pattern in redirect files, matching many addresses");
    }
    // `/old/index.html` is the page of `/old/`: one name for one file, so that the checks that
    // keep an alias off every other page see it.
    let parts = match parts.split_last() {
        Some((&"index.html", folder)) => folder,
        _ => &parts[..],
    };
    if parts.is_empty() {
        return Ok("/".to_string());
    }
    let last_is_file = parts.last().is_some_and(|p| crate::core::urls::names_html_file(p));
    let mut path = format!("/{}", parts.join("/"));
    if !last_is_file {
        path.push('/');
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split_ok(text: &str) -> Split<'_> {
        split(Path::new("a.md"), text).expect("splits")
    }

    /// Regression (session 25's editions desk): Markdown in `summary:` (`**Bold** … [a link](…)`)
    /// went into the email's preview text, the meta description and the feeds as written,
    /// without a word.
    #[test]
    fn markdown_in_a_summary_is_a_warning() {
        let at = Pos::new(4, 10);
        let said = |text: &str| markdown_in_plain_text(Path::new("a.md"), at, "summary", text).map(|d| d.to_string());
        assert_eq!(
            said("**Bold** news, [a link](https://e.org/)").as_deref(),
            Some(
                "a.md:4:10: warning: `summary` is plain text, so a link `[…](…)` and `**` are shown as written\n  = help: write it without Markdown: lists, feeds, search results and emails show it as it is"
            )
        );
        assert!(said("Run `gazette build` first.").is_some_and(|d| d.contains("backticks")));
        for plain in [
            "C++ and C#: a [sic] note (2024)",
            "Kim's *one* star",
            "snake_case names",
            "",
        ] {
            assert_eq!(said(plain), None, "{plain}");
        }
    }

    #[test]
    fn splits_yaml_and_body_with_file_lines() {
        let s = split_ok("---\ntitle: A\ndate: 2024-01-01\n---\nBody\n\n---\nmore\n");
        assert_eq!(s.yaml, "title: A\ndate: 2024-01-01\n");
        assert_eq!(s.yaml_line, 2);
        assert_eq!(s.body, "Body\n\n---\nmore\n");
        assert_eq!(s.body_line, 5);
    }

    #[test]
    fn empty_front_matter_and_no_body() {
        let s = split_ok("---\n---\n");
        assert_eq!((s.yaml, s.body), ("", ""));
        let s = split_ok("---\ntitle: A\n---");
        assert_eq!((s.yaml, s.body), ("title: A\n", ""));
    }

    #[test]
    fn split_errors() {
        let message = |text: &str| split(Path::new("a.md"), text).unwrap_err().to_string();
        assert!(message("").starts_with("a.md:1:1: error: the file is empty"));
        // Regression: an empty author or topic file was told to add `title:` and `date:`.
        let in_folder = |folder: &str| {
            split(Path::new(&format!("/site/content/{folder}/x.md")), "")
                .unwrap_err()
                .hint
                .unwrap_or_default()
        };
        assert!(in_folder("authors").contains("then `name: ...`,"));
        assert!(in_folder("topics").contains("then `title: ...`,"));
        assert!(in_folder("editions").contains("`date: ...` and `items:`"));
        assert!(in_folder("2024/06").contains("`title: ...` and `date: ...`"));
        assert!(message("+++\ntitle = 'x'\n+++\n").contains("TOML"));
        assert!(message("title: x\n").contains("does not start with front matter"));
        assert!(
            message("---\ntitle: x\nbody\n").starts_with("a.md:1:1: error: the front matter opened here never closes")
        );
    }

    /// Every diagnostic of the article `name` with `text`, whole (with its hint).
    fn article_diagnostics_in(name: &str, text: &str) -> Vec<String> {
        let file = SourceFile::new(format!("content/{name}"), name, text);
        let split = split(Path::new(name), &file.text).expect("splits");
        let parsed = parse_article(&file, &split, &TimeZone::UTC);
        parsed.diagnostics.iter().map(ToString::to_string).collect()
    }

    /// Regression (error probe): `title: {a: 1}` was two errors, "`title` is empty" and "must be
    /// text"; a Jekyll name with a day that is none (`2024-02-30-x.md`) was "no `date`".
    #[test]
    fn a_title_of_the_wrong_type_is_one_error_and_a_named_date_that_is_no_day_is_told() {
        assert_eq!(
            article_diagnostics_in("a.md", "---\ntitle: {a: 1}\ndate: 2024-06-01\n---\nText.\n"),
            ["a.md:2:8: error: `title` must be text, but it is a mapping\n  = help: write `title: some text`"]
        );
        let found = article_diagnostics_in("2024-02-30-bad-day.md", "---\ntitle: Bad day\n---\nText.\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("2024-02-30-bad-day.md:1:1: error: the date in the file's name, `2024-02-30`, is not a day: `2024-02-30` has day 30, which 2024-02 does not have"),
            "{}",
            found[0]
        );
    }

    /// Regression (error probe): an empty tag, a topic or author listed twice and an `updated:`
    /// before `date:` passed without a word.
    #[test]
    fn empty_tags_repeated_slugs_and_an_update_before_publication_are_warned_of() {
        let text = "---\ntitle: A\ndate: 2024-06-19\nupdated: 2024-06-01\ntopics: [t, t]\nauthors: [ana, ana]\ntags: [TASS, \"\"]\n---\nText.\n";
        let mut found: Vec<String> = article_diagnostics_in("a.md", text)
            .iter()
            .map(|d| d.lines().next().unwrap_or_default().to_string())
            .collect();
        found.sort();
        assert_eq!(
            found,
            [
                "a.md:4:10: warning: `updated` is before `date`",
                "a.md:5:13: warning: `t` is listed twice in `topics`",
                "a.md:6:16: warning: `ana` is listed twice in `authors`",
                "a.md:7:7: warning: `tags` has an empty tag, which is left out",
            ]
        );
        // Review of the probe: twice by slug, as topics are looked up, is twice too.
        let by_slug = "---\ntitle: A\ndate: 2024-06-19\ntopics: [Getting Started, getting-started]\n---\nText.\n";
        let found: Vec<String> = article_diagnostics_in("a.md", by_slug)
            .iter()
            .map(|d| d.lines().next().unwrap_or_default().to_string())
            .collect();
        assert_eq!(
            found,
            [
                "a.md:4:27: warning: `getting-started` is listed twice in `topics`: `Getting Started` names the same `getting-started`"
            ]
        );
        // Review: an update the same day, written without its time, is not before; it is said to
        // count from the day's start, which no modified date sees (session 34's standards probe).
        let same_day = "---\ntitle: A\ndate: 2024-06-19 10:00\nupdated: 2024-06-19\n---\nText.\n";
        let found = article_diagnostics_in("a.md", same_day);
        assert!(!found.iter().any(|d| d.contains("is before")), "{found:?}");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("dated by its day alone"), "{found:?}");
    }

    /// Regression (error probe): `slug: ""` published the article at `…/untitled/`, and an empty
    /// item of `topics` or `authors` was told to create `content/topics/untitled.md` (or
    /// `content/authors/.md`). Each is an error at the value.
    #[test]
    fn an_empty_slug_topic_or_author_is_an_error_at_it() {
        let text = "---\ntitle: A\ndate: 2024-06-19\nslug: \"\"\ntopics: [t, \"\"]\nauthors: [\" \"]\n---\nText.\n";
        assert_eq!(
            article_diagnostics_in("a.md", text),
            [
                "a.md:4:7: error: `slug` is empty\n  = help: remove the line to make the address from the title, or write one such as `slug: pact-signed`",
                "a.md:5:13: error: item 2 of `topics` is empty\n  = help: remove it, or write a slug such as `sanctions`",
                "a.md:6:11: error: item 1 of `authors` is empty\n  = help: remove it, or write a slug such as `min-ji-park`",
            ]
        );
    }

    /// Regression (review, session 24): an end on the day of a timed start (`date: 2024-06-21
    /// 09:30`, `event_end: 2024-06-21`) was "before" it: a day was its first instant, 00:00.
    /// An end is the whole of its day, month or year.
    #[test]
    fn an_event_that_ends_the_day_it_starts_at_a_time_is_not_an_error() {
        for dates in [
            "date: 2024-06-21T09:30:00Z\nevent_end: 2024-06-21",
            "date: 2024-06-22\nevent_date: 2024-06-21T10:00:00Z\nevent_end: 2024-06-21",
            "date: 2024-06-22\nevent_date: 2024-06-21\nevent_end: 2024-06",
            "date: 2024-06-22\nevent_date: 2024-06\nevent_end: 2024",
        ] {
            let text = format!("---\ntitle: A\n{dates}\n---\nText.\n");
            assert!(article_diagnostics_in("a.md", &text).is_empty(), "{dates}");
        }
        let text = "---\ntitle: A\ndate: 2024-06-21T09:30:00Z\nevent_end: 2024-06-20\n---\nText.\n";
        assert_eq!(
            article_diagnostics_in("a.md", text),
            [
                "a.md:4:12: error: `event_end` is before `event_date`\n  = help: swap them, or remove `event_end` for a single-day event"
            ]
        );
    }

    /// Regression (error probe, session 23): `slug: "../../etc"` became `etc` without a word;
    /// the marks a slug drops are named. Transliteration and spaces are documented, and silent.
    #[test]
    fn a_slug_that_drops_marks_is_a_warning_naming_them() {
        let text = "---\ntitle: A\ndate: 2024-06-19\nslug: \"../../etc\"\n---\nText.\n";
        assert_eq!(
            article_diagnostics_in("a.md", text),
            [
                "a.md:4:7: warning: `slug: ../../etc` becomes `etc`: a slug keeps letters, digits and hyphens, not `.`, `/`\n  = help: write `slug: etc` to say so (a slug names one folder: for more, put the file in folders under content/)",
            ]
        );
        let text = "---\ntitle: A\ndate: 2024-06-19\nslug: Визит Путина\n---\nText.\n";
        assert!(article_diagnostics_in("a.md", text).is_empty());
    }

    /// Regression (error probe): a lead image's `src` took any scheme, and `javascript:…`,
    /// `data:…` or `//host/x.jpg` went into every page's and feed's `<img src>` as written. A
    /// `src` with a scheme must be a web address; a file of the site has none.
    #[test]
    fn a_lead_image_with_a_scheme_other_than_http_is_an_error_at_src() {
        for src in [
            "\"javascript:alert(1)\"",
            "\"data:image/png;base64,AAAA\"",
            "//evil.example/x.jpg",
            "\"http://\"",
        ] {
            let text = format!("---\ntitle: A\ndate: 2024-06-19\nimage:\n  src: {src}\n  alt: x\n---\nText.\n");
            let found = article_diagnostics_in("a.md", &text);
            assert_eq!(found.len(), 1, "{src}: {found:?}");
            assert!(
                found[0].starts_with("a.md:5:8: error: the lead image `")
                    && found[0].contains("` is neither a file of the site nor a web address"),
                "{src}: {}",
                found[0]
            );
            assert!(
                found[0].contains("put the image beside the article (`src: port.jpg`)"),
                "{}",
                found[0]
            );
        }
        for src in [
            "port.jpg",
            "\"@/2024/06/port.jpg\"",
            "/images/port.jpg",
            "https://example.org/port.jpg",
        ] {
            let text = format!("---\ntitle: A\ndate: 2024-06-19\nimage:\n  src: {src}\n  alt: x\n---\nText.\n");
            assert!(article_diagnostics_in("a.md", &text).is_empty(), "{src}");
        }
    }

    /// Issue 13, bug 5: the closing `---` is missing and the body has a `---` rule, which was
    /// taken for the end of the front matter: the error was a YAML error in the body, with a hint
    /// about indentation.
    #[test]
    fn an_unclosed_front_matter_with_a_rule_in_the_body_says_so_at_the_opening_line() {
        let text =
            "---\ntitle: Snap election\ndate: 2026-10-04\n\nThe prime minister called a vote.\n\n---\n\nMore text.\n";
        assert_eq!(
            article_diagnostics_in("a.md", text),
            [
                "a.md:1:1: error: the front matter opened here is not closed before the text\n  = help: add a line `---` before line 5; without it, the front matter runs on to the `---` on line 7, and the text above that is read as YAML"
            ]
        );
        // A heading that starts the text is where the front matter ends.
        let text =
            "---\ntitle: Snap election\ndate: 2026-10-04\n\n## Why now\n\nThe prime minister called a vote.\n\n---\n";
        assert!(article_diagnostics_in("a.md", text)[0].contains("add a line `---` before line 5;"));
        // Regression: a line without its colon between two keys is a mistake in the front
        // matter, not where the text starts (which was said when the file had a `---` rule).
        let text = "---\ntitle: Snap election\nkey true\ndate: 2026-10-04\n---\n\nText.\n\n---\n\nMore.\n";
        assert!(
            article_diagnostics_in("a.md", text)[0].starts_with("a.md:3:1: error: this line has no `:`"),
            "{:?}",
            article_diagnostics_in("a.md", text)
        );
        // No blank line between the last key and the text.
        let text = "---\ntitle: Snap election\ndate: 2026-10-04\nThe prime minister called a vote.\n\n---\n";
        assert!(article_diagnostics_in("a.md", text)[0].contains("add a line `---` before line 4;"));
    }

    #[test]
    fn a_closed_front_matter_with_a_yaml_mistake_is_still_a_yaml_error() {
        for text in [
            // A title gone on over an unindented line, a key after it.
            "---\ntitle: Snap election\ncalled for October\ndate: 2026-10-04\n---\n\n---\n",
            // A flow list that goes on unindented.
            "---\ntitle: x\ntags: [a,\nb]\n---\nText\n\n---\n",
            "---\ntitle: x\ntags: [a,\nb c,\nd]\n---\nText\n\n---\n",
            // A comment between keys, then a mistake.
            "---\ntitle: x\n\n# Sources\ndate: 2026-10-04\nsummary: a: b\n---\n",
        ] {
            let found = article_diagnostics_in("a.md", text);
            assert!(!found[0].contains("not closed"), "{text:?}: {found:?}");
        }
        // A rule in the body of a closed front matter is the body's.
        let text = "---\ntitle: x\ndate: 2026-10-04\n---\nText.\n\n---\n\nMore.\n";
        assert_eq!(article_diagnostics_in("a.md", text), Vec::<String>::new());
    }

    #[test]
    fn a_front_matter_that_never_closes_says_where_the_text_starts() {
        let message = split(Path::new("a.md"), "---\ntitle: x\ndate: 2026-10-04\n\nThe text.\n")
            .unwrap_err()
            .to_string();
        assert!(
            message.ends_with("add a line `---` before line 5, where the text starts"),
            "{message}"
        );
    }

    /// Issue 13: the missing-title hint quoted the sample site's headline in every site.
    #[test]
    fn the_missing_title_hint_is_made_from_the_file_name() {
        let title_hint = |name: &str| {
            article_diagnostics_in(name, "---\ndate: 2026-10-04\n---\n")
                .into_iter()
                .find_map(|d| d.split_once("= help: ").map(|(_, hint)| hint.to_string()))
        };
        assert_eq!(
            title_hint("snap-election.md").as_deref(),
            Some("add a line such as `title: Snap election`")
        );
        assert_eq!(
            title_hint("2026-10-04-coalition_talks.md").as_deref(),
            Some("add a line such as `title: Coalition talks`")
        );
        assert_eq!(
            title_hint("2026.md").as_deref(),
            Some("add a line such as `title: The headline of this briefing`")
        );
        let empty = article_diagnostics_in("snap-election.md", "---\ntitle:\ndate: 2026-10-04\n---\n");
        assert!(
            empty[0].ends_with("give it a value, e.g. `title: Snap election`"),
            "{empty:?}"
        );
        // Regression: beside `titel: War in Ukraine`, the hint offered a title made from the
        // file's name in lower case, as if the writer had written none.
        assert_eq!(
            title_hint("war-in-ukraine.md").as_deref(),
            Some("add a line such as `title: War in ukraine`")
        );
        let misspelt = article_diagnostics_in(
            "war-in-ukraine.md",
            "---\ntitel: War in Ukraine\ndate: 2026-10-04\n---\n",
        );
        assert!(
            misspelt
                .iter()
                .any(|d| d.ends_with("= help: line 2 says `titel`: write `title` there")),
            "{misspelt:?}"
        );
    }

    /// Regression (security probe): 4,000 tags on one article (33 KB) took 47 s and wrote
    /// 1.2 GB, each tag's feed listing the article with every tag.
    #[test]
    fn an_article_with_too_many_tags_is_an_error_at_its_tags() {
        let tags = |n: usize| (0..n).map(|i| format!("t{i}")).collect::<Vec<_>>().join(", ");
        let many = format!("---\ntitle: R\ndate: 2026-10-04\ntags: [{}]\n---\n", tags(4000));
        let said = article_diagnostics_in("r.md", &many);
        assert!(
            said.iter()
                .any(|d| d.contains("r.md:4:7: error: this article has 4000 tags; an article has at most 64")),
            "{said:?}"
        );
        let enough = format!("---\ntitle: R\ndate: 2026-10-04\ntags: [{}]\n---\n", tags(64));
        assert!(article_diagnostics_in("r.md", &enough).is_empty());
    }

    /// Regression (error probe, session 23): a title of 10 MB built a site of 312 MB (it is on
    /// every list, feed and index entry of the article) without a word.
    #[test]
    fn a_title_over_a_thousand_characters_is_an_error_at_it() {
        let long = format!("---\ntitle: {}\ndate: 2026-10-04\n---\n", "word ".repeat(2000));
        let said = article_diagnostics_in("r.md", &long);
        assert!(
            said.iter()
                .any(|d| d.contains("r.md:2:8: error: the title is 9999 characters long; a title has at most 1000")),
            "{said:?}"
        );
        let enough = format!("---\ntitle: {}\ndate: 2026-10-04\n---\n", "x".repeat(1000));
        assert!(article_diagnostics_in("r.md", &enough).is_empty());
    }

    /// Regression (session 34's standards probe): an update dated before publication was taken
    /// ("Published 4 November · Corrected 1 November"); one dated by its day alone on the day of
    /// publication counted from midnight, before it, so no modified date moved; and `updated:`
    /// older than the newest update made `dateModified` older than the correction shown.
    #[test]
    fn updates_dated_before_publication_or_after_updated_are_warned_of() {
        let found = article_diagnostics_in(
            "a.md",
            "---\ntitle: T\ndate: 2024-11-04 18:00\nupdated: 2024-11-05 09:00\nupdates:\n  - date: 2024-11-01\n    text: Early.\n  - date: 2024-11-04\n    kind: correction\n    text: Same day.\n  - date: 2024-11-06 10:00\n    text: Later.\n---\n",
        );
        assert_eq!(
            found,
            [
                "a.md:6:11: warning: this update is dated before `date`\n  = help: an update comes after publication: fix its date (or `date:`)",
                "a.md:8:11: warning: dated by its day alone, this change counts from the start of 2024-11-04, before the publication at 18:00: feeds, the sitemap and search engines are told of no change\n  = help: give it its time too: `2024-11-04 HH:MM`",
                "a.md:4:10: warning: `updated` is before the newest entry of `updates` (2024-11-06 10:00)\n  = help: `updated:` is the last change: give it that entry's date or a later one, or remove it (the newest entry's date is then taken)",
            ]
        );
        let fine = "---\ntitle: T\ndate: 2024-11-04\nupdates:\n  - { date: 2024-11-04, text: Same day. }\n  - { date: 2024-11-04 20:00, text: Later that day. }\n---\n";
        assert_eq!(article_diagnostics_in("a.md", fine), Vec::<String>::new());
        let updated_day = "---\ntitle: T\ndate: 2024-11-04 18:00\nupdated: 2024-11-04\n---\n";
        let found = article_diagnostics_in("a.md", updated_day);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("a.md:4:10: warning: dated by its day alone"),
            "{found:?}"
        );
    }

    /// Regression (session 34's standards probe): an unquoted `#` in an update's text (a list
    /// item's value) cut the published correction short without a word.
    #[test]
    fn a_value_inside_a_list_cut_short_by_a_hash_is_a_warning() {
        let found = article_diagnostics_in(
            "a.md",
            "---\ntitle: T\ndate: 2026-10-04\nupdates:\n  - date: 2026-10-05\n    kind: correction\n    text: Fixed the figure in paragraph #2 of the report.\ntags: [a, b]\n---\n",
        );
        assert_eq!(
            found,
            [
                "a.md:7:41: warning: `text` ends before this `#`: YAML reads the rest of the line as a comment\n  = help: put the value in quotes to keep it: `text: 'Fixed the figure in paragraph #2 of the report.'`"
            ]
        );
    }

    /// Issue 13: an unquoted `#` in a value silently cut it short.
    #[test]
    fn a_value_cut_short_by_a_hash_is_a_warning() {
        let found = article_diagnostics_in(
            "a.md",
            "---\ntitle: We are #1 again\ndate: 2026-10-04 # the day it ran\n---\n",
        );
        assert_eq!(
            found,
            [
                "a.md:2:15: warning: `title` ends before this `#`: YAML reads the rest of the line as a comment\n  = help: put the value in quotes to keep it: `title: 'We are #1 again'`"
            ]
        );
        for text in [
            "---\ntitle: 'We are #1'\ndate: 2026-10-04\n---\n",
            "---\ntitle: We are one # a comment\ndate: 2026-10-04\n---\n",
            "---\ntitle: C#\ndate: 2026-10-04\n---\n",
            "---\ntitle: T\ndate: 2026-10-04\nupdates:\n  - { date: 2026-10-05, text: 'See #2' }\n---\n",
        ] {
            assert_eq!(article_diagnostics_in("a.md", text), Vec::<String>::new(), "{text:?}");
        }
    }

    #[test]
    fn jekyll_names_give_a_date_and_a_slug() {
        assert_eq!(
            dated_name("2024-06-21-putin-visits"),
            (Some("2024-06-21"), "putin-visits")
        );
        assert_eq!(dated_name("2024-06-21"), (None, "2024-06-21"));
        assert_eq!(dated_name("pact"), (None, "pact"));
        assert_eq!(dated_name("2024-6-21-x"), (None, "2024-6-21-x"));
    }

    /// The first line of each diagnostic of `text` parsed as an article (in UTC).
    fn article_diagnostics(text: &str) -> Vec<String> {
        let file = SourceFile::new("content/a.md", "a.md", text);
        let split = split(Path::new("a.md"), &file.text).expect("splits");
        let parsed = parse_article(&file, &split, &TimeZone::UTC);
        parsed
            .diagnostics
            .iter()
            .map(|d| d.to_string().lines().next().unwrap_or_default().to_string())
            .collect()
    }

    #[test]
    fn an_unknown_key_in_a_source_item_is_reported_at_its_own_line() {
        let found = article_diagnostics(
            "---\ntitle: A\ndate: 2024-01-01\nsources:\n  - outlet: Yonhap\n    title: T\n    autor: someone\n---\n",
        );
        assert_eq!(found, ["a.md:7:5: warning: unknown key `autor` in `sources`"]);
    }

    #[test]
    fn an_unknown_key_in_an_update_item_is_reported_at_its_own_line() {
        let found = article_diagnostics(
            "---\ntitle: A\ndate: 2024-01-01\nupdates:\n  - date: 2024-01-02\n    text: x\n    by: desk\n---\n",
        );
        assert_eq!(found, ["a.md:7:5: warning: unknown key `by` in `updates`"]);
    }

    #[test]
    fn a_bad_update_kind_is_reported_at_the_value() {
        let found = article_diagnostics(
            "---\ntitle: A\ndate: 2024-01-01\nupdates:\n  - date: 2024-01-02\n    kind:  typo\n    text: x\n---\n",
        );
        assert_eq!(found, ["a.md:6:12: error: `typo` is not a kind of update"]);
        // Regression (session 34's standards probe): `kind: Correction` got no word that only
        // the capital was wrong, and `note:` for `text:` was "did you mean `date`?".
        let found = article_diagnostics_in(
            "a.md",
            "---\ntitle: T\ndate: 2024-06-19\nupdates:\n  - date: 2024-06-20\n    kind: Correction\n    note: Fixed.\n---\n",
        );
        assert!(
            found
                .iter()
                .any(|d| d.contains("kinds are written in lower case: `kind: correction`")),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|d| d.contains("unknown key `note` in `updates`") && d.contains("did you mean `text`?")),
            "{found:?}"
        );
    }

    #[test]
    fn a_bad_source_date_and_url_are_reported_at_their_values() {
        let found = article_diagnostics(
            "---\ntitle: A\ndate: 2024-01-01\nsources:\n  - outlet: Yonhap\n    url: ftp://example.org/a\n    date: 2024-13-45\n---\n",
        );
        assert_eq!(
            found,
            [
                "a.md:6:10: error: the source URL `ftp://example.org/a` is not a web address",
                "a.md:7:11: error: invalid source `date`: `2024-13-45` has month 13, which is not between 01 and 12",
            ]
        );
    }

    #[test]
    fn an_update_date_is_reported_at_the_value_in_a_flow_item() {
        let found =
            article_diagnostics("---\ntitle: A\ndate: 2024-01-01\nupdates: [{date: 2024-02-30, text: x}]\n---\n");
        assert_eq!(
            found,
            ["a.md:4:18: error: invalid update `date`: `2024-02-30` has day 30, which 2024-02 does not have"]
        );
    }

    #[test]
    fn the_second_flow_topic_is_reported_at_its_column() {
        let file = SourceFile::new(
            "content/a.md",
            "a.md",
            "---\ntitle: A\ndate: 2024-01-01\ntopics: [alpha, beta]\n---\n",
        );
        let split = split(Path::new("a.md"), &file.text).expect("splits");
        let meta = parse_article(&file, &split, &TimeZone::UTC).value.expect("valid");
        assert_eq!(meta.topics, ["alpha", "beta"]);
        assert_eq!(meta.topic_lines, [Pos::new(4, 10), Pos::new(4, 17)]);
    }

    #[test]
    fn a_flow_item_of_the_wrong_type_is_reported_at_its_column() {
        let found = article_diagnostics("---\ntitle: A\ndate: 2024-01-01\ntags: [x, {y: 1}]\n---\n");
        assert_eq!(
            found,
            ["a.md:4:11: error: item 2 of `tags` must be text, but it is a mapping"]
        );
    }

    #[test]
    fn a_bad_alias_is_reported_at_its_item() {
        let found = article_diagnostics("---\ntitle: A\ndate: 2024-01-01\naliases: [/ok/, https://x.org/a]\n---\n");
        assert_eq!(
            found,
            ["a.md:4:17: error: alias `https://x.org/a` is not a path on this site"]
        );
    }

    #[test]
    fn aliases_become_site_paths() {
        assert_eq!(normalize_alias("2024/06/old-url").as_deref(), Ok("/2024/06/old-url/"));
        assert_eq!(normalize_alias("/old.html").as_deref(), Ok("/old.html"));
        // Regression: `/old.htm` (an old CMS's address) became the folder `/old.htm/`.
        assert_eq!(normalize_alias("/news/old.htm").as_deref(), Ok("/news/old.htm"));
        // Regression: `/x/index.html` named the file of `/x/` in a way no check compared, and its
        // redirect replaced the article there.
        assert_eq!(normalize_alias("/2024/06/x/index.html").as_deref(), Ok("/2024/06/x/"));
        assert_eq!(normalize_alias("/index.html").as_deref(), Ok("/"));
        // Regression: `/` was "not a path on this site", which stopped the file's other alias
        // checks; it is the home page, refused as the site's own with the others.
        assert_eq!(normalize_alias("/").as_deref(), Ok("/"));
        assert!(normalize_alias("/../etc/").is_err());
        assert!(normalize_alias("https://x.org/a").is_err());
        // Regression (session 30's robustness probe): `/.git/hooks/` replaced a deploy
        // repository's `.git` in the output with a redirect folder.
        for hidden in ["/.git/hooks/", "/old/.env", "/%2Egit/"] {
            assert!(
                normalize_alias(hidden).is_err_and(|why| why.contains("hidden")),
                "{hidden}"
            );
        }
        // Regression (security probe): `_redirects` patterns were taken as paths, so one alias
        // (`/:slug/`, `/*`) redirected every address it matched; `%2e%2e` became a folder named
        // so, and `%C3%A9` one no host looks up.
        for pattern in ["/:slug/", "/*", "/old/:splat", "/news/*/x/"] {
            assert!(
                normalize_alias(pattern).is_err_and(|why| why.contains("pattern")),
                "{pattern}"
            );
        }
        for escaped in [
            "/%2e%2e/%2e%2e/pwn/",
            "/..%2fpwn/",
            "/a%2Fb/",
            "/a%3Fb/",
            "/%ff/",
            "/nul%00x/",
            "/old%0A/x/",
            "/q%22%3Cscript%3E/",
        ] {
            assert!(normalize_alias(escaped).is_err(), "{escaped}");
        }
        assert_eq!(normalize_alias("/2019/caf%C3%A9/").as_deref(), Ok("/2019/café/"));
        // A space is written %20 in `_redirects` (`redirects_list_every_alias_sorted`).
        assert_eq!(normalize_alias("/a%20b/").as_deref(), Ok("/a b/"));
        assert_eq!(normalize_alias("/a:b/").as_deref(), Ok("/a:b/"));
    }
}
