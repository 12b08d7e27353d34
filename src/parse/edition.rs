//! An edition's front matter (DESIGN.md §4c): its date, series, preheader and the ordered items
//! (sections, articles by path, outside links), validated into `EditionMeta`.

use jiff::tz::TimeZone;

use super::frontmatter::{
    Split, Update, check_item_keys, cut_by_comments, front_matter_fields, item_text, missing, read_date, read_items,
    read_updates, warn_of_an_update_before,
};
use super::yaml::{self, Entry, Field, Reader};
use crate::core::dates::DateValue;
use crate::core::diagnostic::{Checked, Diagnostic, Pos, closest};
use crate::core::slug;
use crate::source::load::SourceFile;

/// An edition's front matter, validated.
#[derive(Debug, Clone)]
pub struct EditionMeta {
    /// `None`: the site's title and the date in words.
    pub title: Option<String>,
    pub date: DateValue,
    /// `series:` as a slug (`morning`), for its feeds' addresses.
    pub series: Option<String>,
    /// `series:` as written (`Morning`), to show.
    pub series_name: Option<String>,
    /// Where `series:` is; `None` when the edition names none, or a translation takes its
    /// original's (whose name is then the original's words until the site finds the language's).
    pub series_pos: Option<Pos>,
    pub summary: Option<String>,
    pub items: Vec<EditionItem>,
    /// `updates:`, the edition's log of updates and corrections after it went out, oldest first.
    pub updates: Vec<Update>,
    /// `updated:`, or the latest update's date: the feeds' `updated`.
    pub updated: Option<DateValue>,
    pub draft: bool,
    pub slug: String,
    /// Where the slug comes from (`slug:` or the first line), for the duplicate-slug error.
    pub slug_pos: Pos,
    /// Where `date:` is.
    pub date_pos: Pos,
    /// A translation that takes both its date and its address from its original: what is wrong
    /// between the two is the original's to say, once.
    pub date_and_slug_inherited: bool,
    pub extra: serde_json::Value,
    /// The mistakes in its items (a `link: TODO`, an empty `section:`, a note of two
    /// paragraphs), kept apart so that the rest of the edition is still checked in the same
    /// round: errors when the edition is built (a draft only when drafts are shown: `--drafts`,
    /// `serve`), nothing when the build leaves a draft out.
    pub item_errors: Vec<Diagnostic>,
}

/// One entry of an edition's `items`, in the editor's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditionItem {
    /// `section: The big story`: a heading over the items that follow.
    Section { title: String, pos: Pos },
    /// `article: 2024/06/treaty.md`: the content path as written (`@/` or not), where the value
    /// stands, and the editor's note (inline Markdown).
    Article {
        path: String,
        pos: Pos,
        note: Option<String>,
        /// Where the note's text stands (for what is wrong inside it).
        note_pos: Option<Pos>,
    },
    /// `link: https://…` (and where the address stands) with a title, the outlet and a note.
    Link {
        url: String,
        pos: Pos,
        title: String,
        outlet: Option<String>,
        note: Option<String>,
        note_pos: Option<Pos>,
    },
}

impl EditionMeta {
    /// Smart punctuation in the title, the summary and each outside link's title
    /// (`ArticleMeta::smarten`); the series' name, which makes its address, stays as written.
    pub fn smarten(&mut self) {
        use super::frontmatter::smarten;
        for text in self.title.iter_mut().chain(self.summary.iter_mut()) {
            smarten(text);
        }
        for item in &mut self.items {
            match item {
                EditionItem::Link { title, .. } | EditionItem::Section { title, .. } => smarten(title),
                EditionItem::Article { .. } => {}
            }
        }
        for update in &mut self.updates {
            smarten(&mut update.text);
        }
    }
}

pub const EDITION_KEYS: &[&str] = &[
    "title", "date", "series", "summary", "items", "updates", "updated", "draft", "slug", "extra",
];
const ITEM_KEYS: &[&str] = &["section", "article", "link", "note", "title", "outlet"];
const ITEM_EXAMPLE: &str = "write each item as `- article: 2024/06/treaty.md` (with an optional `note:`), \
     `- section: The big story`, or `- link: https://…` with `title:` and optional `outlet:` and `note:`";

/// What a translation of an edition takes from its original unless it sets it: the date, the
/// series, whether it is a draft, and the slug.
#[derive(Debug, Clone)]
pub struct EditionOriginal {
    pub date: DateValue,
    pub series: Option<String>,
    pub series_name: Option<String>,
    pub draft: bool,
    pub slug: String,
}

impl EditionMeta {
    /// An edition that says nothing yet: no date (the epoch), the slug of its file's name.
    fn unwritten(file: &SourceFile, tz: &TimeZone) -> Self {
        EditionMeta {
            title: None,
            date: DateValue {
                precision: crate::core::dates::Precision::Day,
                start: jiff::Timestamp::UNIX_EPOCH.to_zoned_datetime(tz.clone()),
            },
            series: None,
            series_name: None,
            series_pos: None,
            summary: None,
            items: Vec::new(),
            updates: Vec::new(),
            updated: None,
            draft: false,
            slug: slug::slugify(&file.slug_stem()),
            slug_pos: Pos::new(1, 1),
            date_pos: Pos::new(1, 1),
            date_and_slug_inherited: false,
            extra: serde_json::Value::Object(Default::default()),
            item_errors: Vec::new(),
        }
    }
}

/// Parses an edition file's front matter (a translation's, with its `original`). The slug is
/// `slug:` or the file's name.
pub fn parse_edition(
    file: &SourceFile,
    split: &Split<'_>,
    tz: &TimeZone,
    original: Option<&EditionOriginal>,
) -> Checked<EditionMeta> {
    let path = file.display.as_path();
    let fields = match front_matter_fields(path, split) {
        Ok(fields) => fields,
        Err(e) => return Checked::failed(vec![e]),
    };
    let mut reader = Reader::new(path);
    let mut warnings = Vec::new();
    let mut meta = EditionMeta::unwritten(file, tz);
    let mut date = None;
    // The errors `items:` gives, which a draft keeps aside.
    let mut item_errors = 0..0;
    // Where a `note:` is left empty (as `gazette new edition` writes them), said once it is published.
    let mut empty_notes = Vec::new();
    for entry in &fields.entries {
        let text = |reader: &mut Reader<'_>| {
            reader
                .text(entry)
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
        };
        match entry.key.as_str() {
            "title" => meta.title = text(&mut reader),
            "date" => {
                date = read_date(&mut reader, entry, tz, false);
                meta.date_pos = entry.pos;
            }
            "series" => {
                meta.series_name = text(&mut reader);
                meta.series = meta.series_name.as_deref().map(slug::slugify);
                meta.series_pos = meta.series.is_some().then_some(entry.pos);
            }
            "summary" => meta.summary = super::frontmatter::plain_text(&mut reader, entry),
            "items" => {
                let before = reader.errors.len();
                meta.items = read_edition_items(&mut reader, entry, &mut empty_notes);
                item_errors = before..reader.errors.len();
            }
            "updates" => meta.updates = read_updates(&mut reader, entry, tz),
            "updated" => meta.updated = read_date(&mut reader, entry, tz, false),
            "draft" => meta.draft = reader.boolean(entry),
            "slug" => {
                if let Some(s) = text(&mut reader) {
                    meta.slug = super::frontmatter::written_slug(path, entry.pos, &s, &mut warnings);
                    meta.slug_pos = entry.pos;
                }
            }
            "extra" => meta.extra = yaml::json(&entry.value),
            _ => warnings.push(yaml::unknown_key(path, entry, EDITION_KEYS, "edition front matter")),
        }
    }
    warnings.extend(cut_by_comments(path, split, &fields));
    if let Some(original) = original {
        take_from_original(&mut meta, &fields, original);
    }
    let items_read_whole = item_errors.is_empty();
    meta.item_errors = reader.errors.drain(item_errors).collect();
    match (date, original) {
        (Some(date), _) => meta.date = date,
        (None, _) if fields.entries.iter().any(|e| e.key == "date") => {}
        (None, Some(original)) => meta.date = original.date.clone(),
        (None, None) => reader
            .errors
            .extend(missing(path, split, &fields, "date", "date: 2024-06-21T07:00:00+09:00")),
    }
    warn_of_an_update_before(&mut reader, &fields, (meta.updated.as_ref(), &meta.updates), &meta.date);
    if meta.updated.is_none() {
        meta.updated = meta.updates.iter().map(|u| u.date.clone()).max();
    }
    check_items(&mut reader, split, &fields, &meta);
    // An item that failed is missing from its section: the section is not empty.
    if items_read_whole {
        warnings.extend(empty_sections(path, &meta.items));
    }
    if !meta.draft {
        warnings.extend(empty_notes.into_iter().map(|pos| {
            Diagnostic::warning(path, pos, "this note is empty, so the item goes out without one")
                .with_hint("say in one line why it matters, or delete the `note:` line")
        }));
    }
    reader.finish(meta, warnings)
}

/// A warning for each section with no item under it (another section follows, or the list
/// ends): it is not shown, and an item meant for it is most likely missing.
fn empty_sections(path: &std::path::Path, items: &[EditionItem]) -> Vec<Diagnostic> {
    let next_is_item = |i: usize| {
        items
            .get(i + 1)
            .is_some_and(|n| !matches!(n, EditionItem::Section { .. }))
    };
    items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| match item {
            EditionItem::Section { title, pos } if !next_is_item(i) => Some(
                Diagnostic::warning(
                    path,
                    *pos,
                    format!("the section `{title}` has no items, so it is not shown"),
                )
                .with_hint("put its items under it, or remove it"),
            ),
            _ => None,
        })
        .collect()
}

/// What a translation does not set, from its original: the series (a series it names in its
/// own words stays the original's, at the same slug), whether it is a draft, and the slug.
fn take_from_original(meta: &mut EditionMeta, fields: &yaml::Fields, original: &EditionOriginal) {
    let sets = |key: &str| fields.entries.iter().any(|e| e.key == key);
    match (&meta.series, &original.series) {
        (None, _) => {
            meta.series.clone_from(&original.series);
            meta.series_name.clone_from(&original.series_name);
        }
        (Some(_), Some(slug)) => meta.series = Some(slug.clone()),
        (Some(_), None) => {}
    }
    if !sets("draft") {
        meta.draft = original.draft;
    }
    if !sets("slug") {
        meta.slug.clone_from(&original.slug);
    }
    meta.date_and_slug_inherited = !sets("date") && !sets("slug");
}

/// How many items `items:` holds as written (none when it is not a list).
fn written_items(items: &yaml::Field) -> usize {
    match &items.value.value {
        yaml::Value::Sequence(written) => written.len(),
        _ => 0,
    }
}

/// `items:` is required; a published edition lists an article or a link (`items: []`, or only
/// sections, would go out as an empty email). A draft may be empty (`gazette new edition` writes
/// one for a day without articles), and an item that failed is reported already.
fn check_items(reader: &mut Reader<'_>, split: &Split<'_>, fields: &yaml::Fields, meta: &EditionMeta) {
    let path = reader.path;
    let items = fields.entries.iter().find(|e| e.key == "items");
    match items {
        None => reader.errors.extend(missing(
            path,
            split,
            fields,
            "items",
            "items: [{ article: 2024/06/treaty.md }]",
        )),
        // Every item written was read (one that failed is reported already, whatever else
        // the front matter gets wrong).
        // A value that is not a list (`items: 5`, or `article:` under `items:` without its
        // `- `) is its own error, "must be a list", not an empty list.
        Some(items)
            if !meta.draft
                && matches!(items.value.value, yaml::Value::Sequence(_) | yaml::Value::Null)
                && written_items(items) == meta.items.len()
                && !meta.items.iter().any(|i| !matches!(i, EditionItem::Section { .. })) =>
        {
            reader.errors.push(
                Diagnostic::error(
                    path,
                    items.pos,
                    "the edition lists no article and no link, so it would go out as an empty email",
                )
                .with_hint(
                    "add items (`- article: 2024/06/treaty.md`), or keep the edition `draft: true` until it has some",
                ),
            );
        }
        Some(_) => {}
    }
}

/// The `items` list: each item one of `section`, `article` or `link`.
/// The items, in order; `empty_notes` gets where an article's or a link's `note:` has no text.
fn read_edition_items(reader: &mut Reader<'_>, field: &Field, empty_notes: &mut Vec<Pos>) -> Vec<EditionItem> {
    read_items(reader, field, ITEM_EXAMPLE, |reader, entries, item| {
        let has = |key: &str| entries.iter().any(|e| e.name() == Some(key));
        let kinds: Vec<&str> = ["section", "article", "link"].into_iter().filter(|k| has(k)).collect();
        if kinds.is_empty() && misspelt_kind(reader, entries) {
            return None;
        }
        check_item_keys(reader, entries, ITEM_KEYS, "items");
        if kinds.len() > 1 {
            reader.errors.push(
                Diagnostic::error(
                    reader.path,
                    item,
                    format!("an item has both `{}` and `{}`", kinds[0], kinds[1]),
                )
                .with_hint("make each its own item, each starting with `- `"),
            );
            return None;
        }
        let note = item_text(reader, entries, "note", "items").and_then(|(text, pos)| {
            match crate::parse::markdown::beyond_a_paragraph(&text) {
                Some(what) => {
                    reader.errors.push(
                        Diagnostic::error(
                            reader.path,
                            pos,
                            format!("a note is one paragraph of inline Markdown, and this one has {what}"),
                        )
                        .with_hint(match what.as_str() {
                            // `2024. A year of…` and `- …` are Markdown's list, `# …` its heading.
                            "a list" | "a heading" => "make it one paragraph; if it is one, a line that starts with `- `, `1. ` (or `2024. `) or `#` is taken for a list or a heading: write a backslash before it (`2024\\. A year of…`)",
                            _ => "make it one paragraph (a line break inside one is kept as a space); a longer text belongs in the edition's introduction, or in an article",
                        }),
                    );
                    None
                }
                None => Some((text, pos)),
            }
        });
        let (note, note_pos) = note.map_or((None, None), |(text, pos)| (Some(text), Some(pos)));
        if let Some(&kind) = kinds.first() {
            unused_keys(reader, entries, kind);
        }
        if note.is_none()
            && matches!(kinds.first(), Some(&("article" | "link")))
            && let Some(entry) = entries.iter().find(|e| e.name() == Some("note"))
            && blank(entry)
        {
            empty_notes.push(entry.pos());
        }
        match kinds.first() {
            Some(&"section") => {
                let title = required(reader, entries, "section", "write `- section: The big story`")?;
                Some(EditionItem::Section { title, pos: item })
            }
            Some(&"article") => {
                let (path, pos) = item_text(reader, entries, "article", "items").or_else(|| {
                    empty(
                        reader,
                        entries,
                        "article",
                        "name the article's file, e.g. `2024/06/treaty.md`",
                    );
                    None
                })?;
                Some(EditionItem::Article {
                    path,
                    pos,
                    note,
                    note_pos,
                })
            }
            Some(_) => read_link(reader, entries, item, (note, note_pos)),
            None => {
                reader.errors.push(kindless_item(reader.path, entries, item));
                None
            }
        }
    })
}

/// The error for an item that is neither a section, an article nor a link: a note written as an
/// item of its own (`- note: …`, the note of the item above) is told where it goes.
fn kindless_item(path: &std::path::Path, entries: &[Entry], item: Pos) -> Diagnostic {
    let only_a_note = entries.iter().any(|e| e.name() == Some("note"))
        && entries.iter().all(|e| matches!(e.name(), Some("note" | "outlet")));
    if only_a_note {
        Diagnostic::error(
            path,
            item,
            "this note is an item of its own: a note belongs to an article or a link",
        )
        .with_hint("indent it under the item above, in line with its `article:` or `link:`, without `- `")
    } else {
        Diagnostic::error(path, item, "an item is neither a `section`, an `article` nor a `link`")
            .with_hint(ITEM_EXAMPLE)
    }
}

/// A warning for each key an item of `kind` does not use (`title` on an article item: its
/// headline is the article's), at the key.
fn unused_keys(reader: &mut Reader<'_>, entries: &[Entry], kind: &str) {
    let unused: &[&str] = match kind {
        "section" => &["note", "title", "outlet"],
        "article" => &["title", "outlet"],
        _ => &[],
    };
    for entry in entries {
        if let Some(key) = entry.name().filter(|k| unused.contains(k)) {
            let hint = match kind {
                "section" => "a section is only its heading: put notes on the items under it",
                _ => "an article item shows the article's own headline; `title` and `outlet` are for `link` items",
            };
            reader.warnings.push(
                Diagnostic::warning(
                    reader.path,
                    entry.key.pos,
                    format!(
                        "`{key}` does nothing on {} `{kind}` item",
                        if kind == "article" { "an" } else { "a" }
                    ),
                )
                .with_hint(hint),
            );
        }
    }
}

/// `- artcle: …`: one mistake, said once, at the key (not as an item of no kind and an unknown
/// key besides). Whether an item without a kind has a key that is one misspelt.
fn misspelt_kind(reader: &mut Reader<'_>, entries: &[Entry]) -> bool {
    let found = entries.iter().find_map(|e| {
        let name = e.name().filter(|n| !ITEM_KEYS.contains(n))?;
        Some((e, name, closest(name, ["section", "article", "link"])?))
    });
    let Some((entry, name, kind)) = found else {
        return false;
    };
    reader.errors.push(
        Diagnostic::error(reader.path, entry.key.pos, format!("`{name}` is no kind of item"))
            .with_hint(format!("did you mean `{kind}`? {ITEM_EXAMPLE}")),
    );
    true
}

/// An outside link: an http(s) URL and a title are required.
fn read_link(
    reader: &mut Reader<'_>,
    entries: &[Entry],
    item: Pos,
    (note, note_pos): (Option<String>, Option<Pos>),
) -> Option<EditionItem> {
    let url = item_text(reader, entries, "link", "items");
    let title = item_text(reader, entries, "title", "items");
    let outlet = item_text(reader, entries, "outlet", "items").map(|(text, _)| text);
    let url = match url {
        Some((url, pos)) => match crate::core::urls::web_address_fix(&url) {
            Some(fix) => {
                reader.errors.push(
                    Diagnostic::error(reader.path, pos, format!("the link `{url}` is not a web address"))
                        .with_hint(fix),
                );
                None
            }
            None => Some((crate::core::urls::ascii_address(&url), pos)),
        },
        None => {
            empty(
                reader,
                entries,
                "link",
                "write the full address, e.g. `link: https://www.example.com/story`",
            );
            None
        }
    };
    if title.is_none() {
        reader.errors.push(
            Diagnostic::error(reader.path, item, "a link item has no `title`")
                .with_hint("add `title: The headline as the outlet gave it` under the `link:` line"),
        );
    }
    let (url, pos) = url?;
    Some(EditionItem::Link {
        url,
        pos,
        title: title?.0,
        outlet,
        note,
        note_pos,
    })
}

/// The text of a key that must not be empty, or an error at the key.
fn required(reader: &mut Reader<'_>, entries: &[Entry], key: &str, hint: &str) -> Option<String> {
    match item_text(reader, entries, key, "items") {
        Some((text, _)) => Some(text),
        None => {
            empty(reader, entries, key, hint);
            None
        }
    }
}

/// An error for a key given without a value (a value of the wrong type is reported by
/// `item_text` already).
fn empty(reader: &mut Reader<'_>, entries: &[Entry], key: &str, hint: &str) {
    let Some(entry) = entries.iter().find(|e| e.name() == Some(key)) else {
        return;
    };
    if blank(entry) {
        reader.errors.push(
            Diagnostic::error(reader.path, entry.pos(), format!("`{key}` in an item is empty"))
                .with_hint(hint.to_string()),
        );
    }
}

/// A key written without a value, or with only spaces.
fn blank(entry: &Entry) -> bool {
    entry.value.value.is_null() || yaml::scalar_text(&entry.value.value).is_some_and(|t| t.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::frontmatter::split;

    /// The parse as a build of a published edition takes it: the errors of its items (kept
    /// apart, `item_errors`) among its diagnostics, and no value when there is one.
    fn parse(text: &str) -> Checked<EditionMeta> {
        let file = SourceFile::new("content/editions/2024-06-21.md", "content/editions/2024-06-21.md", text);
        let split = split(&file.display, &file.text).expect("split");
        let mut parsed = parse_edition(&file, &split, &TimeZone::UTC, None);
        if let Some(meta) = &mut parsed.value
            && !meta.item_errors.is_empty()
        {
            parsed.diagnostics.splice(0..0, std::mem::take(&mut meta.item_errors));
            parsed.value = None;
        }
        parsed
    }

    #[test]
    fn items_keep_the_editors_order_and_kinds() {
        let parsed = parse(
            "---\ndate: 2024-06-21T07:00:00Z\nseries: Morning\nitems:\n  - section: The big story\n  - article: 2024/06/a.md\n    note: Why it matters.\n  - link: https://example.com/x\n    title: X\n    outlet: Example\n---\nHello.\n",
        );
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        let meta = parsed.value.expect("meta");
        assert_eq!(meta.slug, "2024-06-21");
        assert_eq!(meta.series.as_deref(), Some("morning"));
        assert_eq!(meta.items.len(), 3);
        assert_eq!(
            meta.items[1],
            EditionItem::Article {
                path: "2024/06/a.md".into(),
                pos: Pos::new(6, 14),
                note: Some("Why it matters.".into()),
                note_pos: Some(Pos::new(7, 11)),
            }
        );
        assert!(matches!(&meta.items[2], EditionItem::Link { outlet: Some(o), .. } if o == "Example"));
    }

    /// Regression (session 25's editions desk): a note written as an item of its own
    /// (`- note: …` under an article) was "an item is neither a `section`, an `article` nor a
    /// `link`", which does not say where a note goes.
    #[test]
    fn a_note_written_as_an_item_of_its_own_is_told_to_indent_it() {
        let parsed =
            parse("---\ndate: 2024-06-21\nitems:\n  - article: 2024/06/a.md\n  - note: Why it matters.\n---\n");
        let said: Vec<String> = parsed.diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(
            said,
            [
                "content/editions/2024-06-21.md:5:5: error: this note is an item of its own: a note belongs to an article or a link\n  = help: indent it under the item above, in line with its `article:` or `link:`, without `- `"
            ],
        );
    }

    /// Regression (session 25's editions desk): `- article 2024/06/a.md`, the colon left out,
    /// was "must be a mapping, but it is the text …" with the list's example only.
    #[test]
    fn an_item_without_its_keys_colon_is_told_to_add_it() {
        let parsed = parse("---\ndate: 2024-06-21\nitems:\n  - article 2024/06/a.md\n---\n");
        let said: Vec<String> = parsed.diagnostics.iter().map(ToString::to_string).collect();
        assert!(
            said[0].ends_with("= help: a key needs a colon after it: `article: 2024/06/a.md`"),
            "{said:?}"
        );
    }

    #[test]
    fn a_link_without_title_or_with_a_bad_url_is_an_error_at_its_line() {
        let parsed = parse(
            "---\ndate: 2024-06-21\nitems:\n  - link: https://example.com/x\n  - link: ftp://x\n    title: Y\n---\n",
        );
        let messages: Vec<String> = parsed
            .diagnostics
            .iter()
            .map(|d| format!("{}: {}", d.pos.map_or(0, |p| p.line), d.message))
            .collect();
        assert!(
            messages.iter().any(|m| m.starts_with("4: a link item has no `title`")),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.starts_with("5: the link `ftp://x`")),
            "{messages:?}"
        );
        assert!(parsed.value.is_none());
    }

    #[test]
    fn keys_an_item_does_not_use_are_warnings_at_the_key() {
        let parsed = parse(
            "---\ndate: 2024-06-21\nitems:\n  - article: a.md\n    title: Ignored\n  - section: S\n    note: Lost\n  - article: b.md\n---\n",
        );
        let warnings: Vec<String> = parsed
            .diagnostics
            .iter()
            .map(|d| format!("{}: {}", d.pos.map_or(0, |p| p.line), d.message))
            .collect();
        assert_eq!(
            warnings,
            [
                "5: `title` does nothing on an `article` item",
                "7: `note` does nothing on a `section` item"
            ]
        );
        assert!(parsed.value.is_some());
    }

    /// Regression (session 29's editor probe): an edition published with the empty `note:` lines
    /// `gazette new edition` writes went out without a word on them; a draft is not told yet.
    #[test]
    fn an_empty_note_is_a_warning_once_the_edition_is_published() {
        let text = "---\ndate: 2024-06-21\nitems:\n  - article: a.md\n    note:\n  - link: https://example.com/x\n    title: X\n    note: \" \"\n  - article: b.md\n    note: Why.\n  - section: S\n    note:\n  - article: c.md\n---\n";
        let said: Vec<String> = parse(text).diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(
            said,
            [
                "content/editions/2024-06-21.md:5:5: warning: this note is empty, so the item goes out without one\n  = help: say in one line why it matters, or delete the `note:` line",
                "content/editions/2024-06-21.md:8:11: warning: this note is empty, so the item goes out without one\n  = help: say in one line why it matters, or delete the `note:` line",
                "content/editions/2024-06-21.md:12:5: warning: `note` does nothing on a `section` item\n  = help: a section is only its heading: put notes on the items under it",
            ]
        );
        let draft = text
            .replace("---\nHello", "")
            .replace("\n---\n", "\ndraft: true\n---\n");
        let said: Vec<String> = parse(&draft).diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(said.len(), 1, "{said:?}");
    }

    /// Each diagnostic as `line:column: message`.
    fn placed(diagnostics: &[Diagnostic]) -> Vec<String> {
        diagnostics
            .iter()
            .map(|d| {
                format!(
                    "{}:{}: {}",
                    d.pos.map_or(0, |p| p.line),
                    d.pos.map_or(0, |p| p.column),
                    d.message
                )
            })
            .collect()
    }

    /// Regression: a section with no items under it was dropped from the page, the email and
    /// the text without a word.
    #[test]
    fn a_section_without_items_is_a_warning_at_it() {
        let parsed = parse(
            "---\ndate: 2024-06-21\nitems:\n  - section: Empty one\n  - section: Full\n  - article: a.md\n  - section: Trailing\n---\n",
        );
        let warnings = placed(&parsed.diagnostics);
        assert_eq!(
            warnings,
            [
                "4:5: the section `Empty one` has no items, so it is not shown",
                "7:5: the section `Trailing` has no items, so it is not shown"
            ]
        );
    }

    /// Regression (review): a published edition with no items was not reported when any other
    /// field had an error.
    #[test]
    fn an_empty_edition_is_an_error_beside_an_error_elsewhere() {
        let parsed = parse("---\ndate: 2024-06-21\ntitle: [a]\nitems: []\n---\n");
        let messages: Vec<&str> = parsed.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert!(
            messages.iter().any(|m| m.contains("lists no article and no link")),
            "{messages:?}"
        );
        // An item that failed is its own error, not an empty edition too.
        let failed = parse("---\ndate: 2024-06-21\nitems:\n  - article:\n---\n");
        assert!(
            !failed
                .diagnostics
                .iter()
                .any(|d| d.message.contains("lists no article")),
            "{:?}",
            failed.diagnostics
        );
    }

    /// Regression: `- artcle: a.md` was two messages for one mistake: an item of no kind (an
    /// error) and an unknown key (a warning).
    #[test]
    fn a_misspelt_kind_of_item_is_one_error_at_the_key() {
        let parsed = parse("---\ndate: 2024-06-21\nitems:\n  - artcle: a.md\n  - article: b.md\n---\n");
        let said = placed(&parsed.diagnostics);
        assert_eq!(said, ["4:5: `artcle` is no kind of item"]);
        assert!(
            parsed.diagnostics[0]
                .hint
                .as_deref()
                .unwrap_or_default()
                .starts_with("did you mean `article`?")
        );
    }

    /// Regression: `section: [x]` and `note: [a, b]` were errors without a help line.
    #[test]
    fn an_item_field_that_is_not_text_says_how_to_write_it() {
        let parsed =
            parse("---\ndate: 2024-06-21\nitems:\n  - section: [x]\n  - article: a.md\n    note: [a, b]\n---\n");
        let errors: Vec<&Diagnostic> = parsed.diagnostics.iter().filter(|d| d.is_error()).collect();
        assert_eq!(errors.len(), 2, "{errors:?}");
        for error in errors {
            assert!(error.message.ends_with("must be text, but it is a list"), "{error:?}");
            assert!(
                error.hint.as_deref().unwrap_or_default().contains("in quotes"),
                "{error:?}"
            );
        }
    }

    #[test]
    fn a_missing_date_is_an_error() {
        let parsed = parse("---\nitems:\n  - section: A\n---\n");
        assert!(
            parsed.diagnostics.iter().any(|d| d.message.contains("no `date`")),
            "{:?}",
            parsed.diagnostics
        );
    }
}
