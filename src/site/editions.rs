//! Editions (DESIGN.md §4c): each written edition's items resolved to the site's articles and
//! checked (an unknown path, a draft, an article dated after the edition, a duplicate slug), and
//! the automatic daily or weekly editions made for the days nobody wrote one for.

use std::path::PathBuf;

use jiff::Timestamp;
use jiff::civil::Date;
use rustc_hash::{FxHashMap, FxHashSet};

use super::{Article, LeftOut, LeftOutEdition, Reason, Selection};
use crate::core::dates::{DateValue, Precision};
use crate::core::diagnostic::{Diagnostic, Pos, closest};
use crate::core::language::Language;
use crate::core::urls;
use crate::parse::config::{AutoEditions, Config};
use crate::parse::edition::{EditionItem, EditionMeta};
use crate::parse::markdown::Rendered;
use crate::source::load::{AUTHORS_DIR, EDITIONS_DIR, TOPICS_DIR};

/// An editor's note on an item, rendered: inline HTML for pages, plain text for `email.txt`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub html: String,
    pub text: String,
}

/// An edition file as parsed: its front matter, its introduction and each item's note (by the
/// item's position in `meta.items`).
#[derive(Debug, Clone)]
pub struct ParsedEdition {
    pub source: String,
    pub display: PathBuf,
    pub meta: EditionMeta,
    pub intro: Rendered,
    /// The introduction as plain text, links followed by their absolute URLs.
    pub intro_text: String,
    pub notes: Vec<Option<Note>>,
    /// The links and images of the introduction and the notes, where each is written.
    pub links: Vec<WrittenLink>,
}

/// A link or image of an edition's introduction or notes, as written, and where.
#[derive(Debug, Clone)]
pub struct WrittenLink {
    pub pos: Pos,
    pub url: String,
    /// An image (`![…](…)`): the image step finds, checks and sizes it.
    pub image: bool,
}

/// One item of an edition, resolved.
#[derive(Debug, Clone)]
pub enum Item {
    Section(String),
    /// An index into `Site::articles`.
    Article {
        article: usize,
        note: Option<Note>,
    },
    Link {
        url: String,
        title: String,
        outlet: Option<String>,
        note: Option<Note>,
    },
}

/// A warning for an edition dated more than a year ahead, at its `date:`, as an article's is:
/// a weekly round-up dated 2062 for 2026 would never go out.
/// A translation that takes its original's date is not warned again.
fn far_ahead(display: &std::path::Path, meta: &EditionMeta, selection: &Selection) -> Option<Diagnostic> {
    let (date, pos) = (&meta.date, meta.date_pos);
    if meta.date_and_slug_inherited {
        return None;
    }
    crate::core::dates::more_than_a_year_after(date.start.timestamp(), selection.now).then(|| {
        let what = if selection.future {
            "it shows here because scheduled editions are shown, and a build without them leaves it out until then"
        } else {
            "the edition stays unpublished until then"
        };
        let day = date.start.strftime("%Y-%m-%d");
        Diagnostic::warning(
            display,
            pos,
            format!("the date {day} is more than a year ahead: {what}"),
        )
        .with_hint("check the year; `gazette list` shows every edition left out and when it goes out")
    })
}

/// An edition as the site publishes it.
#[derive(Debug, Clone)]
pub struct Edition {
    /// The file (empty for an automatic edition).
    pub source: String,
    pub display: PathBuf,
    pub slug: String,
    pub title: String,
    pub date: DateValue,
    /// `series:` as a slug, for its feeds' addresses.
    pub series: Option<String>,
    /// `series:` as written, to show.
    pub series_name: Option<String>,
    /// Where `series:` is written; `None` when it is not (no series, a translation's taken from
    /// its original, an automatic edition).
    pub series_pos: Option<Pos>,
    /// Where `date:` is written (the file's start when it is not).
    pub date_pos: Pos,
    /// A translation that takes its date and address from its original: what is wrong with
    /// them is the original's to be told.
    pub dated_by_original: bool,
    pub summary: Option<String>,
    /// The introduction's HTML (empty for an automatic edition).
    pub intro: String,
    /// The introduction as plain text (`email.txt`).
    pub intro_text: String,
    /// The ids of its introduction (headings, footnotes): a link `#fragment` in the
    /// introduction or a note leads to one of them, on the edition's page.
    pub anchors: Vec<String>,
    pub items: Vec<Item>,
    /// Made by gazette (`editions.auto`), not written.
    pub auto: bool,
    pub draft: bool,
    /// Dated after the build's "now" (included with `--future`).
    pub scheduled: bool,
    /// Its log of updates and corrections after it went out (`updates:`), oldest first.
    pub updates: Vec<crate::parse::frontmatter::Update>,
    /// `updated:`, or its latest update's date: the feeds' `updated` (else its date).
    pub updated: Option<DateValue>,
    pub extra: serde_json::Value,
    /// The links and images of its introduction and notes, where each is written (`links::check`
    /// and the image step).
    pub links: Vec<WrittenLink>,
}

impl Edition {
    /// The bytes of the edition's own words as its email shows them: title, summary,
    /// introduction, section titles, and each item's title, outlet, note and article summary
    /// (not the markup and styles a template puts around them).
    pub fn words_len(&self, articles: &[super::Article]) -> usize {
        let note = |note: &Option<Note>| note.as_ref().map_or(0, |n| n.html.len());
        let items: usize = self
            .items
            .iter()
            .map(|item| match item {
                Item::Section(title) => title.len(),
                Item::Article { article, note: n } => articles
                    .get(*article)
                    .map_or(0, |a| a.meta.title.len() + a.summary.len())
                    .saturating_add(note(n)),
                Item::Link {
                    title, outlet, note: n, ..
                } => title.len() + outlet.as_ref().map_or(0, String::len) + note(n),
            })
            .sum();
        self.title.len() + self.summary.as_ref().map_or(0, String::len) + self.intro.len() + items
    }

    /// When it last changed: its `updated:` (or latest update's) date when later than its date,
    /// else its date.
    pub fn modified(&self) -> &DateValue {
        match &self.updated {
            Some(updated) if updated.start > self.date.start => updated,
            _ => &self.date,
        }
    }

    /// `/editions/<slug>/`.
    pub fn permalink(&self) -> String {
        urls::edition(&self.slug)
    }

    /// Whether the edition goes out: neither a draft nor dated after the build.
    pub fn published(&self) -> bool {
        !self.draft && !self.scheduled
    }

    /// The articles it lists, in the editor's order.
    pub fn articles(&self) -> impl Iterator<Item = usize> + '_ {
        self.items.iter().filter_map(|item| match item {
            Item::Article { article, .. } => Some(*article),
            _ => None,
        })
    }

    /// Its items grouped under their `section:` headings, as its page and email show them: the
    /// items before the first heading untitled, a heading with no items after it left out.
    pub fn sections(&self) -> Vec<Section<'_>> {
        let mut sections: Vec<Section<'_>> = Vec::new();
        for item in &self.items {
            match (item, sections.last_mut()) {
                (Item::Section(title), _) => sections.push(Section {
                    title: Some(title),
                    items: Vec::new(),
                }),
                (item, Some(section)) => section.items.push(item),
                (item, None) => sections.push(Section {
                    title: None,
                    items: vec![item],
                }),
            }
        }
        sections.retain(|s| !s.items.is_empty());
        sections
    }
}

/// Items of an edition under one heading (`Edition::sections`).
pub struct Section<'e> {
    pub title: Option<&'e str>,
    /// Articles and links, never a `Section`.
    pub items: Vec<&'e Item>,
}

/// The editions of the site, newest first (ties by slug), each article's editions filled in,
/// and the written ones the build leaves out (drafts, and those that go out later); every
/// problem found is pushed onto `diagnostics`.
pub fn assemble(
    parsed: Vec<ParsedEdition>,
    articles: &mut [Article],
    topic_titles: &[&str],
    absent: Absent<'_>,
    config: &Config,
    selection: &Selection,
    diagnostics: &mut Vec<Diagnostic>,
) -> Assembled {
    let Absent {
        left_out,
        unparsed,
        originals,
    } = absent;
    // Most sites have no editions: `serve` assembles the site on every save, so nothing is
    // indexed for them.
    if parsed.is_empty() && config.editions.auto == AutoEditions::Off {
        return Assembled::default();
    }
    let by_source: FxHashMap<&str, usize> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.source.as_str(), i))
        .collect();
    let left: FxHashMap<&str, (Reason, Timestamp)> = left_out
        .articles
        .iter()
        .map(|a| (a.source.as_str(), (a.reason, a.date.timestamp())))
        .collect();
    // The site's language, which writes the day in an edition's title when it has none.
    let dates = Language::new(&config.locale);
    let lookup = Lookup {
        dates: &dates,
        articles,
        by_source: &by_source,
        left: &left,
        unparsed,
        originals,
        language: &config.language,
        languages: &config.languages,
        base_url: &config.base_url,
    };
    // In source order, so that a duplicate slug is reported on the same file every time.
    let mut parsed = parsed;
    parsed.sort_by(|a, b| a.source.cmp(&b.source));
    let (parsed, drafts): (Vec<ParsedEdition>, Vec<ParsedEdition>) =
        parsed.into_iter().partition(|e| !e.meta.draft || selection.drafts);
    // A draft left out holds no address: the automatic edition of its day goes out there (or
    // stays out) until the draft is published, and the draft is told so.
    let draft_slugs: Vec<(String, PathBuf)> = drafts
        .iter()
        .map(|e| (e.meta.slug.clone(), e.display.clone()))
        .collect();
    let mut left = left_out_drafts(drafts, config, &dates);
    let Written {
        editions: written,
        slugs,
        ok,
        preview_errors,
    } = written_editions(parsed, &lookup, config, selection, diagnostics);
    if !ok {
        return Assembled::unfinished(written, left, preview_errors);
    }
    // Only what goes out covers a day or holds an address: a draft left out does not.
    let taken: FxHashSet<&str> = slugs.keys().map(String::as_str).collect();
    let (made, held) = automatic(
        written.iter().filter(|e| !e.draft),
        articles,
        topic_titles,
        config,
        &taken,
        selection.now,
        &dates,
    );
    diagnostics.extend(held_addresses(&held, &written));
    diagnostics.extend(drafts_of_automatic_addresses(&draft_slugs, &made));
    let (editions, later): (Vec<Edition>, Vec<Edition>) = written
        .into_iter()
        .chain(made)
        .partition(|e| (!e.draft || selection.drafts) && (!e.scheduled || selection.future));
    left.extend(later.into_iter().map(|e| LeftOutEdition {
        source: e.source,
        display: e.display,
        slug: e.slug,
        title: e.title,
        // Drafts left out are set aside above: these go out later.
        reason: Reason::Scheduled,
        date: e.date.start,
    }));
    left.sort_by(|a, b| a.display.cmp(&b.display));
    let mut editions = in_order_with_their_articles(editions, articles);
    check_series(&mut editions, diagnostics);
    Assembled {
        editions,
        left,
        preview_errors,
    }
}

/// The written editions a build includes, each checked and resolved, in source order.
struct Written {
    editions: Vec<Edition>,
    /// Each slug taken, by the edition and where its slug is written.
    slugs: FxHashMap<String, (usize, Pos)>,
    /// Whether none has an error that stops the build.
    ok: bool,
    preview_errors: Vec<Diagnostic>,
}

/// Checks and resolves the written editions a build includes (`assemble`).
fn written_editions(
    parsed: Vec<ParsedEdition>,
    lookup: &Lookup<'_>,
    config: &Config,
    selection: &Selection,
    diagnostics: &mut Vec<Diagnostic>,
) -> Written {
    let mut written = Written {
        editions: Vec::with_capacity(parsed.len()),
        slugs: FxHashMap::default(),
        ok: true,
        preview_errors: Vec::new(),
    };
    for mut edition in parsed {
        let before = diagnostics.len();
        check_slug(&edition, &written.editions, &mut written.slugs, diagnostics);
        written.ok &= diagnostics[before..].iter().all(|d| !d.is_error());
        // A draft shown (`--drafts`) is checked as a published edition is; in a preview, its
        // mistakes do not stop the rest of the site.
        let (own, draft) = (diagnostics.len(), edition.meta.draft);
        diagnostics.extend(std::mem::take(&mut edition.meta.item_errors));
        diagnostics.extend(named_for_another_day(&edition, config));
        listed_twice(&edition.display, &edition.meta.items, diagnostics);
        diagnostics.extend(far_ahead(&edition.display, &edition.meta, selection));
        diagnostics.extend(super::updates_ahead(
            &edition.display,
            &edition.meta.updates,
            selection.now,
        ));
        let resolved = resolve(edition, lookup, config, selection, diagnostics);
        if draft && selection.preview {
            let (errors, rest): (Vec<Diagnostic>, Vec<Diagnostic>) =
                diagnostics.drain(own..).partition(Diagnostic::is_error);
            diagnostics.extend(rest);
            written.preview_errors.extend(errors);
        }
        written.ok &= diagnostics[own..].iter().all(|d| !d.is_error());
        written.editions.push(resolved);
    }
    written
}

/// The site's editions, assembled.
#[derive(Default)]
pub struct Assembled {
    /// Newest first: the written editions this build includes, and the automatic ones.
    pub editions: Vec<Edition>,
    /// Those the build leaves out (drafts, scheduled).
    pub left: Vec<LeftOutEdition>,
    /// A previewed draft's errors (`Selection::preview`): the draft is shown without what they
    /// are about, and they are the preview's errors, not the build's.
    pub preview_errors: Vec<Diagnostic>,
}

impl Assembled {
    /// The editions of a site that has errors, which is not built, only checked for more: the
    /// written editions as they are, so that their introductions' and notes' links are checked
    /// (an item's mistake holds back only that item); no automatic edition is made.
    fn unfinished(written: Vec<Edition>, left: Vec<LeftOutEdition>, preview_errors: Vec<Diagnostic>) -> Assembled {
        Assembled {
            editions: written,
            left,
            preview_errors,
        }
    }
}

/// Names the series translations take from their originals in their language's words, and
/// warns of a series written two ways and of two editions of one series on one day.
fn check_series(editions: &mut [Edition], diagnostics: &mut Vec<Diagnostic>) {
    name_series_taken_from_originals(editions);
    diagnostics.extend(series_spellings(editions));
    diagnostics.extend(one_day_twice(editions));
}

/// A translation that takes its series from its original (it writes no `series:`) shows it in
/// its language's words: as the newest edition of its language that writes that series names
/// it (`아침` beside the original's `Morning`), or as the original does when none does.
fn name_series_taken_from_originals(editions: &mut [Edition]) {
    let mut written: FxHashMap<String, String> = FxHashMap::default();
    // Newest first, as `series` names a series' feeds.
    for edition in editions.iter().filter(|e| e.series_pos.is_some()) {
        if let (Some(slug), Some(name)) = (&edition.series, &edition.series_name) {
            written.entry(slug.clone()).or_insert_with(|| name.clone());
        }
    }
    for edition in editions.iter_mut().filter(|e| e.series_pos.is_none()) {
        if let Some(name) = edition.series.as_ref().and_then(|slug| written.get(slug)) {
            edition.series_name = Some(name.clone());
        }
    }
}

/// A warning at each edition that names its series otherwise than the oldest edition of that
/// series does (`Morning!` beside `Morning`): both are one series, at one address, whose feed
/// shows the newest spelling, which the editor may not have meant. Only where `series:` is
/// written: a translation that takes its original's is named in its language's words.
fn series_spellings(editions: &[Edition]) -> Vec<Diagnostic> {
    let mut first: FxHashMap<&str, (&str, &PathBuf)> = FxHashMap::default();
    let mut warnings = Vec::new();
    // Oldest first: the series as it was first written.
    for edition in editions.iter().rev() {
        let (Some(slug), Some(name), Some(pos)) = (
            edition.series.as_deref(),
            edition.series_name.as_deref(),
            edition.series_pos,
        ) else {
            continue;
        };
        match first.get(slug) {
            Some(&(written, other)) if written != name => warnings.push(
                Diagnostic::warning(
                    &edition.display,
                    pos,
                    format!(
                        "the series `{name}` is the series `{written}` of {} (both are /editions/series/{slug}/), written another way",
                        crate::core::diagnostic::display_path(other)
                    ),
                )
                .with_hint(format!("write `series: {written}`, or name another series")),
            ),
            Some(_) => {}
            None => {
                first.insert(slug, (name, &edition.display));
            }
        }
    }
    warnings
}

/// A warning at an edition that goes out on the day another of its series does (or, neither
/// naming a series, another without one): a file copied and forgotten, or a second edition
/// meant to be a series of its own; either way, a series' feed would carry both, and an
/// RSS-to-email service send both. Told at the later one (of one time, the longer address).
fn one_day_twice(editions: &[Edition]) -> Vec<Diagnostic> {
    let mut days: FxHashMap<(Option<&str>, Date), Vec<&Edition>> = FxHashMap::default();
    for edition in editions.iter().filter(|e| !e.auto) {
        let key = (edition.series.as_deref(), edition.date.start.date());
        days.entry(key).or_default().push(edition);
    }
    let mut warnings = Vec::new();
    for ((_, day), mut same) in days.into_iter().filter(|(_, same)| same.len() > 1) {
        same.sort_by(|a, b| {
            (a.date.start.timestamp(), a.slug.len(), &a.slug).cmp(&(b.date.start.timestamp(), b.slug.len(), &b.slug))
        });
        let first = same[0];
        for edition in same
            .iter()
            .skip(1)
            .filter(|e| !(e.dated_by_original && first.dated_by_original))
        {
            let which = match &edition.series_name {
                Some(name) => format!("of the series `{name}`"),
                None => "without a series".to_string(),
            };
            warnings.push(
                Diagnostic::warning(
                    &edition.display,
                    edition.date_pos,
                    format!(
                        "a second edition {which} on {day}: {} goes out that day too (/editions/{}/)",
                        crate::core::diagnostic::display_path(&first.display),
                        first.slug
                    ),
                )
                .with_hint(if edition.series.is_some() {
                    "if it is a copy, remove it; if it is another edition, give it a `series:` of its own (`series: Evening`)"
                } else {
                    "if it is a copy, remove it; if it is another edition, give the two a `series:` each (`series: Morning`, `series: Evening`)"
                }),
            );
        }
    }
    warnings.sort_by(|a, b| a.path.cmp(&b.path));
    warnings
}

/// `editions` newest first (ties by slug), each article's editions filled in.
fn in_order_with_their_articles(mut editions: Vec<Edition>, articles: &mut [Article]) -> Vec<Edition> {
    editions.sort_by(|a, b| {
        b.date
            .start
            .timestamp()
            .cmp(&a.date.start.timestamp())
            .then_with(|| a.slug.cmp(&b.slug))
    });
    for (e, edition) in editions.iter().enumerate() {
        for article in edition.articles() {
            if !articles[article].editions.contains(&e) {
                articles[article].editions.push(e);
            }
        }
    }
    editions
}

/// The articles an item may name that are not in the site.
pub struct Absent<'a> {
    /// Those the build leaves out (drafts, scheduled).
    pub left_out: &'a LeftOut,
    /// Those whose front matter failed (reported already): an item naming one is no error of
    /// its own.
    pub unparsed: &'a [String],
    /// In another language's site, the default language's articles (`Unparsed::originals`).
    pub originals: &'a [String],
}

/// What an item's path may name: the site's articles, and those the build left out.
struct Lookup<'a> {
    /// The site's language, as it writes dates (`Config::locale`).
    dates: &'a Language,
    articles: &'a [Article],
    by_source: &'a FxHashMap<&'a str, usize>,
    left: &'a FxHashMap<&'a str, (Reason, Timestamp)>,
    /// Articles whose front matter failed: an item naming one is no error of its own.
    unparsed: &'a [String],
    /// The default language's articles, in another language's site.
    originals: &'a [String],
    /// The site's language (`ko`), for an item naming an article without a translation.
    language: &'a str,
    /// The site's other languages, whose tags a translation's file carries (`x.ko.md`).
    languages: &'a [crate::parse::config::LanguageConfig],
    /// Where the site's pages are, to know an article given by its address.
    base_url: &'a crate::core::urls::BaseUrl,
}

/// A slug no other edition has, and not the folder the series feeds live in.
fn check_slug(
    edition: &ParsedEdition,
    written: &[Edition],
    slugs: &mut FxHashMap<String, (usize, Pos)>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let slug = &edition.meta.slug;
    // A slug written as `slug:` is below the first line; one from the file's name is at 1:1.
    let written_slug = |pos: Pos| pos.line > 1;
    if slug == urls::EDITION_SERIES_DIR {
        diagnostics.push(
            Diagnostic::error(
                &edition.display,
                edition.meta.slug_pos,
                format!("an edition may not have the slug `{slug}`: /editions/{slug}/ holds the series feeds"),
            )
            .with_hint("rename the file, or give the edition another `slug:`"),
        );
        return;
    }
    match slugs.get(slug) {
        // Said at the `slug:` that takes another file's name, when one does.
        Some(&(other, other_pos)) if written_slug(other_pos) && !written_slug(edition.meta.slug_pos) => diagnostics
            .push(
                Diagnostic::error(
                    &written[other].display,
                    other_pos,
                    format!(
                        "two editions have the slug `{slug}`: this one and {}",
                        crate::core::diagnostic::display_path(&edition.display)
                    ),
                )
                .with_hint("give this edition another `slug:`, or rename the other file"),
            ),
        Some(&(other, _)) => diagnostics.push(
            Diagnostic::error(
                &edition.display,
                edition.meta.slug_pos,
                format!(
                    "two editions have the slug `{slug}`: this one and {}",
                    crate::core::diagnostic::display_path(&written[other].display)
                ),
            )
            .with_hint("rename one of the files, or give one edition its own `slug:`"),
        ),
        None => {
            slugs.insert(slug.clone(), (written.len(), edition.meta.slug_pos));
        }
    }
}

/// The edition's items as the site's articles; an error for an item naming an article that does
/// not exist, a draft (unless the edition is one too) or an article dated after the edition.
fn resolve(
    parsed: ParsedEdition,
    lookup: &Lookup<'_>,
    config: &Config,
    selection: &Selection,
    diagnostics: &mut Vec<Diagnostic>,
) -> Edition {
    let meta = parsed.meta;
    let mut items = Vec::with_capacity(meta.items.len());
    let latest = meta.date.last_instant();
    // The items published after the edition's date: (where, path, when).
    let mut later = Vec::new();
    // The newest of its articles published by its date.
    let mut newest: Option<Timestamp> = None;
    for (item, note) in meta.items.into_iter().zip(parsed.notes) {
        match item {
            EditionItem::Section { title, .. } => items.push(Item::Section(title)),
            EditionItem::Link {
                url,
                title,
                outlet,
                pos,
                ..
            } => {
                diagnostics.extend(own_article_as_link(&parsed.display, pos, &url, lookup, config));
                items.push(Item::Link {
                    url,
                    title,
                    outlet,
                    note,
                });
            }
            EditionItem::Article { path, pos, .. } => {
                let source = content_path(&path);
                let mut said = format!("`{path}`");
                let (date, reason) = match (lookup.by_source.get(source.as_str()), lookup.left.get(source.as_str())) {
                    (Some(&i), _) => {
                        let article = &lookup.articles[i];
                        items.push(Item::Article { article: i, note });
                        said = as_said(&path, article, &source);
                        (
                            article.meta.date.start.timestamp(),
                            article.meta.draft.then_some(Reason::Draft),
                        )
                    }
                    (None, Some(&(reason, date))) => (date, Some(reason).filter(|r| *r == Reason::Draft)),
                    (None, None) if lookup.unparsed.contains(&source) => continue,
                    (None, None) => {
                        diagnostics.push(unknown_article(&parsed.display, pos, &path, lookup));
                        continue;
                    }
                };
                if reason == Some(Reason::Draft) && !meta.draft {
                    diagnostics.push(draft_listed(&parsed.display, pos, &path));
                } else if date > latest {
                    later.push((pos, said, date));
                } else {
                    newest = newest.max(Some(date));
                }
            }
        }
    }
    diagnostics.extend(dated_before(&parsed.display, meta.date_pos, &later, config));
    let date = goes_out(meta.date, newest);
    let title = meta.title.unwrap_or_else(|| default_title(config, lookup.dates, &date));
    Edition {
        source: parsed.source,
        display: parsed.display,
        slug: meta.slug,
        title,
        scheduled: date.start.timestamp() > selection.now,
        date,
        series: meta.series,
        series_name: meta.series_name,
        series_pos: meta.series_pos,
        date_pos: meta.date_pos,
        dated_by_original: meta.date_and_slug_inherited,
        summary: meta.summary,
        anchors: parsed.intro.anchors,
        intro: parsed.intro.html,
        intro_text: parsed.intro_text,
        items,
        auto: false,
        draft: meta.draft,
        updates: meta.updates,
        updated: meta.updated,
        extra: meta.extra,
        links: parsed.links,
    }
}

/// The error at a published edition's item that names a draft article.
fn draft_listed(display: &std::path::Path, pos: Pos, path: &str) -> Diagnostic {
    let message = format!("`{path}` is a draft: a published edition may not link to it");
    Diagnostic::error(display, pos, message)
        .with_hint("publish the article (remove `draft: true`), drop the item, or make the edition `draft: true`")
}

/// The drafts a build leaves out, as `gazette list` names them. They are not checked against
/// the site, as a draft article is not: an edition drafted around an article still being
/// written does not stop the build.
fn left_out_drafts(drafts: Vec<ParsedEdition>, config: &Config, dates: &Language) -> Vec<LeftOutEdition> {
    drafts
        .into_iter()
        .map(|e| LeftOutEdition {
            title: e
                .meta
                .title
                .unwrap_or_else(|| default_title(config, dates, &e.meta.date)),
            source: e.source,
            display: e.display,
            slug: e.meta.slug,
            reason: Reason::Draft,
            date: e.meta.date.start,
        })
        .collect()
}

/// The series of `editions` (newest first), sorted by slug, each once: its slug (the feeds'
/// address) and its name as the newest edition of it writes it.
pub fn series(editions: &[Edition]) -> Vec<(&str, &str)> {
    let mut all: Vec<(&str, &str)> = Vec::new();
    for edition in editions {
        if let Some(slug) = edition.series.as_deref()
            && !all.iter().any(|(s, _)| *s == slug)
        {
            all.push((slug, edition.series_name.as_deref().unwrap_or(slug)));
        }
    }
    all.sort_unstable_by_key(|(slug, _)| *slug);
    all
}

/// An edition's title when it has none: as an automatic daily edition's (`auto_edition_title`),
/// the site's title and its day as the site's language writes it.
fn default_title(config: &Config, dates: &Language, date: &DateValue) -> String {
    edition_title(&config.editions.words.daily_title, config, dates, &date.at_day())
}

/// An edition title from a pattern of the theme's words (`auto_edition_title`): `{site}` the
/// site's title, `{date}` `day` as the site's language writes it.
fn edition_title(pattern: &str, config: &Config, dates: &Language, day: &DateValue) -> String {
    pattern
        .replace("{site}", &config.title)
        .replace("{date}", &dates.date(day))
}

/// A warning at the second listing of an article or a link in one edition (a copy-paste slip:
/// the email would list it twice).
fn listed_twice(display: &std::path::Path, items: &[EditionItem], diagnostics: &mut Vec<Diagnostic>) {
    // The line of each item's first listing, and how often it has been listed.
    let mut listed: FxHashMap<String, (usize, usize)> = FxHashMap::default();
    for item in items {
        let (target, key, pos) = match item {
            EditionItem::Article { path, pos, .. } => (path, content_path(path), pos),
            // `https://X.org` is `https://x.org/`.
            EditionItem::Link { url, pos, .. } => {
                let key = url::Url::parse(url).map_or_else(|_| url.clone(), String::from);
                (url, key, pos)
            }
            EditionItem::Section { .. } => continue,
        };
        let (first, times) = listed.entry(key).or_insert((pos.line, 0));
        *times += 1;
        if *times > 1 {
            let times = match *times {
                2 => "twice".to_string(),
                n => format!("{n} times"),
            };
            diagnostics.push(
                Diagnostic::warning(
                    display,
                    *pos,
                    format!("`{target}` is listed {times}: it is at line {first} too"),
                )
                .with_hint(format!("drop this one (the email would list it {times})")),
            );
        }
    }
}

/// When an edition dated `date` goes out, `newest` the newest of its articles published by
/// then: a day without a time goes out with its newest article, never before it. Its feeds'
/// time is that article's, and it is scheduled while that article is, so an edition of today
/// never goes out without an article published later today.
fn goes_out(mut date: DateValue, newest: Option<Timestamp>) -> DateValue {
    if date.precision != Precision::Time
        && let Some(newest) = newest
        && newest > date.start.timestamp()
    {
        date.start = newest.to_zoned_datetime(date.start.time_zone().clone());
    }
    date
}

/// An item's article as a message says it: in another language, with the translation's file,
/// whose date it is.
fn as_said(path: &str, article: &Article, source: &str) -> String {
    if article.display.ends_with(source) {
        format!("`{path}`")
    } else {
        let file = crate::core::diagnostic::display_path(&article.display);
        format!("`{path}` (its translation {file})")
    }
}

/// The error for the items of an edition published after its date (`later`: where each is, its
/// path as said, when it is published): at the item for one; for more, once at the edition's
/// `date:`, which is then the likelier mistake.
fn dated_before(
    display: &std::path::Path,
    date_pos: Pos,
    later: &[(Pos, String, Timestamp)],
    config: &Config,
) -> Option<Diagnostic> {
    // In the site's zone, named as site.yaml names it (`2026-12-08 07:00 Asia/Seoul`).
    let when = |date: Timestamp| {
        let local = date
            .to_zoned_datetime(config.timezone.clone())
            .strftime("%Y-%m-%d %H:%M");
        format!("{local} {}", config.timezone_name)
    };
    // An article listed twice (itself warned of) is one article dated after the edition.
    let mut unique: Vec<&(Pos, String, Timestamp)> = Vec::with_capacity(later.len());
    for item in later {
        if !unique.iter().any(|seen| seen.1 == item.1) {
            unique.push(item);
        }
    }
    match unique[..] {
        [] => None,
        [(pos, path, date)] => Some(
            Diagnostic::error(
                display,
                *pos,
                format!("the edition is dated before {path}, which is dated {}", when(*date)),
            )
            .with_hint("date the edition at or after its articles, or drop the item"),
        ),
        // More than one: the edition's date is more likely the mistake than each item.
        _ => {
            let newest = unique.iter().map(|(_, _, date)| *date).max()?;
            let mut paths: Vec<String> = unique
                .iter()
                .take(3)
                .map(|(pos, path, _)| format!("{path} (line {})", pos.line))
                .collect();
            if unique.len() > 3 {
                paths.push(format!("{} more", unique.len() - 3));
            }
            Some(
                Diagnostic::error(
                    display,
                    date_pos,
                    format!(
                        "the edition is dated before {} of its articles, the newest dated {}",
                        unique.len(),
                        when(newest)
                    ),
                )
                .with_hint(format!(
                    "date the edition at {} or later, or drop {}",
                    when(newest),
                    paths.join(", ")
                )),
            )
        }
    }
}

/// `2024/06/a.md`, `@/2024/06/a.md` or `/2024/06/a.md` → `content/2024/06/a.md`.
fn content_path(path: &str) -> String {
    let trimmed = path
        .trim_start_matches("@/")
        .trim_start_matches("./")
        .trim_start_matches('/');
    let trimmed = trimmed.strip_prefix("content/").unwrap_or(trimmed);
    format!("content/{trimmed}")
}

fn unknown_article(
    display: &std::path::Path,
    pos: crate::core::diagnostic::Pos,
    path: &str,
    lookup: &Lookup<'_>,
) -> Diagnostic {
    let known = lookup
        .by_source
        .keys()
        .chain(lookup.left.keys())
        .filter_map(|s| s.strip_prefix("content/"));
    let full = content_path(path);
    if lookup.originals.contains(&full) {
        let translation = full.strip_suffix(".md").unwrap_or(&full);
        return Diagnostic::error(
            display,
            pos,
            format!("`{path}` has no `{}` translation: an edition lists its own language's articles", lookup.language),
        )
        .with_hint(format!(
            "translate it as {translation}.{}.md, or drop the item (or give its page as `link:` with its full URL and a `title:`)",
            lookup.language
        ));
    }
    // `2024/06/x.ko.md`: a translation's file, where items name the original's in every language.
    let original = full.strip_suffix(".md").and_then(|stem| {
        let (stem, tag) = stem.rsplit_once('.')?;
        let is_tag = lookup.language.eq_ignore_ascii_case(tag)
            || lookup.languages.iter().any(|l| l.code.eq_ignore_ascii_case(tag));
        let original = format!("{stem}.md");
        let known = lookup.by_source.contains_key(original.as_str()) || lookup.left.contains_key(original.as_str());
        (is_tag && known).then(|| (original, tag.to_string()))
    });
    if let Some((original, tag)) = original {
        let original = original.strip_prefix("content/").unwrap_or(&original);
        return Diagnostic::error(
            display,
            pos,
            format!("`{path}` is the `{tag}` translation of `{original}`: an item names the original's file"),
        )
        .with_hint(format!(
            "write `article: {original}`; an edition in `{tag}` (its file ending `.{tag}.md`) lists the same path and shows the translation"
        ));
    }
    let kind = [
        (TOPICS_DIR, "a topic"),
        (EDITIONS_DIR, "an edition"),
        (AUTHORS_DIR, "an author"),
    ]
    .into_iter()
    .find(|(folder, _)| full.starts_with(folder))
    .map(|(_, kind)| kind)
    // A file of another kind (`map.jpg`); a path without an extension is a typo, for the
    // closest article's name below.
    .or_else(|| {
        let name = full.rsplit('/').next().unwrap_or_default();
        (name.contains('.') && !full.ends_with(".md")).then_some("not a Markdown file")
    });
    if let Some(kind) = kind {
        let what = if kind.starts_with("not") {
            kind.to_string()
        } else {
            format!("{kind}, not an article")
        };
        return Diagnostic::error(display, pos, format!("`{path}` is {what}: an item names an article"))
            .with_hint("name an article's file under content/ (e.g. `2024/06/treaty.md`), or give any page as `link:` with its full URL and a `title:`");
    }
    let address = crate::core::resolve::is_absolute(path);
    let hint = unknown_article_hint(path, address, lookup, known);
    let why = if address {
        "`article:` names a file under content/, not an address".to_string()
    } else {
        format!(
            "there is no file content/{}",
            path.trim_start_matches("@/").trim_start_matches('/')
        )
    };
    Diagnostic::error(display, pos, format!("no article `{path}`: {why}")).with_hint(hint)
}

/// What to do about an item naming no article: the file it means (by its address or folder), or
/// the closest name; and, for a path, what to do when the article was renamed (the closest name
/// is not the renamed file).
fn unknown_article_hint<'k>(
    path: &str,
    address: bool,
    lookup: &Lookup<'_>,
    known: impl Iterator<Item = &'k str>,
) -> String {
    let meant = file_meant(path, lookup);
    let mut hint = match meant.or_else(|| {
        (!address)
            .then(|| closest(path.trim_start_matches("@/"), known))
            .flatten()
    }) {
        Some(s) => format!("did you mean `{s}`?"),
        None if address => "give an outside page as `link:` with a `title:`".to_string(),
        None => "name an article's file under content/, e.g. `2024/06/treaty.md`".to_string(),
    };
    if meant.is_none() && !address {
        let (joint, first) = if hint.ends_with('?') { (" ", "I") } else { ("; ", "i") };
        hint.push_str(&format!(
            "{joint}{first}f the article was renamed or moved, write its new path here, and give it `aliases:` with its old address, so that the emails already sent still lead to it"
        ));
    }
    hint
}

/// The file of the article an item names otherwise: by its page's address (`/2024/06/pact/`,
/// or whole with the site's base URL), or by its page bundle's folder (`2024/06/pact/` for
/// `2024/06/pact/index.md`).
fn file_meant<'a>(path: &str, lookup: &Lookup<'a>) -> Option<&'a str> {
    let base = lookup.base_url;
    let site_path = match base.strip(path) {
        Some(rest) => rest,
        None if path.starts_with("http://") || path.starts_with("https://") => return None,
        None => path.strip_prefix(base.path()).unwrap_or(path),
    };
    let site_path = site_path.trim_start_matches("@/").trim_matches('/');
    if site_path.is_empty() || site_path.ends_with(".md") {
        return None;
    }
    let source = |i: usize| lookup.articles[i].source.strip_prefix("content/");
    let by_address = lookup
        .by_source
        .values()
        .copied()
        .find(|&i| lookup.articles[i].permalink.trim_matches('/') == site_path);
    let bundle = format!("content/{}/index.md", site_path.trim_start_matches("content/"));
    match by_address {
        Some(i) => source(i),
        None => lookup
            .by_source
            .get_key_value(bundle.as_str())
            .map(|(key, _)| *key)
            .or_else(|| lookup.left.get_key_value(bundle.as_str()).map(|(key, _)| *key))
            .and_then(|key| key.strip_prefix("content/")),
    }
}

/// The automatic editions (`editions.auto`): one per day (or ISO week) of the site's zone with
/// published articles, when no written edition is dated then and none of them is in one. Each
/// goes out when its day (week) is over, at midnight in the site's zone: until `now` reaches
/// that, it is scheduled, so that no reader, feed or mailing service gets half a day's edition
/// that later articles would change under the same address.
fn automatic<'e>(
    written: impl Iterator<Item = &'e Edition> + Clone,
    articles: &[Article],
    topic_titles: &[&str],
    config: &Config,
    taken: &FxHashSet<&str>,
    now: Timestamp,
    dates: &Language,
) -> (Vec<Edition>, Vec<(String, Date)>) {
    if config.editions.auto == AutoEditions::Off {
        return (Vec::new(), Vec::new());
    }
    let tz = &config.timezone;
    let period = |date: Date| match config.editions.auto {
        AutoEditions::Weekly => {
            let week = date.iso_week_date();
            week.first_of_week().map_or(date, |d| d.date())
        }
        _ => date,
    };
    // A week's round-up (its address a week, `2024-w25`) is not a day's edition: on a site of
    // daily automatic editions it takes none of their places, neither by its date nor by its
    // articles.
    let daily = config.editions.auto == AutoEditions::Daily;
    let written = written.filter(move |e| !(daily && crate::core::urls::names_a_week(&e.slug)));
    let mut covered: FxHashSet<Date> = written
        .clone()
        .map(|e| period(e.date.start.timestamp().to_zoned_datetime(tz.clone()).date()))
        .collect();
    let in_written: FxHashSet<usize> = written.flat_map(Edition::articles).collect();
    // Articles are newest first: each period's articles are consecutive.
    let mut periods: Vec<(Date, Vec<usize>)> = Vec::new();
    for (i, article) in articles.iter().enumerate() {
        if !article.published() {
            continue;
        }
        let day = period(article.meta.date.start.timestamp().to_zoned_datetime(tz.clone()).date());
        if in_written.contains(&i) {
            covered.insert(day);
        }
        match periods.last_mut() {
            Some((d, list)) if *d == day => list.push(i),
            _ => periods.push((day, vec![i])),
        }
    }
    let weekly = config.editions.auto == AutoEditions::Weekly;
    // A period whose address another edition holds (dated another day) gets none: said.
    let (held, free): (Vec<_>, Vec<_>) = periods
        .into_iter()
        .filter(|(day, _)| !covered.contains(day))
        .map(|(day, list)| (automatic_slug(day, weekly), day, list))
        .partition(|(slug, ..)| taken.contains(slug.as_str()));
    let made = free
        .into_iter()
        .filter_map(|(slug, day, list)| automatic_edition(slug, day, list, articles, topic_titles, config, dates))
        .map(|mut edition| {
            edition.scheduled = edition.date.start.timestamp() > now;
            edition
        })
        .collect();
    let held = held.into_iter().map(|(slug, day, _)| (slug, day)).collect();
    (made, held)
}

/// An automatic edition's items: key events first, then by primary topic (in the site's topic
/// order), articles without a topic last, each group under its section.
fn automatic_items(list: Vec<usize>, articles: &[Article], topic_titles: &[&str], config: &Config) -> Vec<Item> {
    let mut order = list;
    // Key events first, then by primary topic (the site's topic order), no topic last.
    order.sort_by_key(|&i| Group::of(&articles[i]));
    let mut items = Vec::with_capacity(order.len() + 4);
    let mut current = None;
    for &i in &order {
        let this = Group::of(&articles[i]);
        if current != Some(this) {
            current = Some(this);
            items.push(Item::Section(this.heading(&config.editions.words, topic_titles)));
        }
        items.push(Item::Article { article: i, note: None });
    }
    items
}

/// The sections of an automatic edition, in their order (and of a week's edition that
/// `gazette new edition` writes): key events, each primary topic in the site's order, the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    Key,
    Topic(usize),
    Other,
}

impl Group {
    /// The section an article goes under.
    pub fn of(article: &Article) -> Group {
        match (article.meta.key, article.topics.first()) {
            (true, _) => Group::Key,
            (false, Some(&topic)) => Group::Topic(topic),
            (false, None) => Group::Other,
        }
    }

    /// The section's heading, in the theme's words (`topic_titles` by topic index).
    pub fn heading(self, words: &crate::parse::config::AutoEditionWords, topic_titles: &[&str]) -> String {
        match self {
            Group::Key => words.key_events.clone(),
            Group::Topic(topic) => topic_titles.get(topic).map(|t| t.to_string()).unwrap_or_default(),
            Group::Other => words.other.clone(),
        }
    }
}

/// A warning when an edition's address is a day (`2024-06-21`, its file's name or `slug:`) and
/// its `date:` another: the copy of yesterday's file whose date was changed and name was not.
fn named_for_another_day(edition: &ParsedEdition, config: &Config) -> Option<Diagnostic> {
    // A translation that takes both from its original would only repeat the original's warning.
    if edition.meta.date_and_slug_inherited {
        return None;
    }
    let slug = &edition.meta.slug;
    let named: Date = slug.parse().ok().filter(|_| slug.len() == 10)?;
    let dated = edition.meta.date.start.date();
    // The address its `slug:` gives (below the first line), or its file's name.
    let by_slug = edition.meta.slug_pos.line > 1;
    let automatic = match config.editions.auto {
        AutoEditions::Daily => format!(": {named} gets no automatic edition, and its articles are in none"),
        _ => String::new(),
    };
    (named != dated).then(|| {
        Diagnostic::warning(
            &edition.display,
            edition.meta.date_pos,
            format!(
                "this edition is named for {named} (its address is /editions/{slug}/) but dated {dated}{automatic}"
            ),
        )
        .with_hint(if by_slug {
            format!("date it on {named}, or change its `slug:` (`slug: {dated}`)")
        } else {
            format!("date it on {named}, or rename the file (or give it `slug: {dated}`)")
        })
    })
}

/// A warning for a link item whose address is an article of this site: shown as a page
/// elsewhere, without its topic, date or the email's UTM tags, where `article:` would give them.
fn own_article_as_link(
    display: &std::path::Path,
    pos: Pos,
    url: &str,
    lookup: &Lookup<'_>,
    config: &Config,
) -> Option<Diagnostic> {
    let rest = config.base_url.strip(url)?;
    let path = format!("/{}", rest.split(['?', '#']).next().unwrap_or_default());
    let article = lookup.articles.iter().find(|a| a.permalink == path)?;
    // Items name an article by its path under content/.
    let named = article.source.strip_prefix("content/").unwrap_or(&article.source);
    Some(
        Diagnostic::warning(
            display,
            pos,
            format!("this link is the site's own article `{named}`: as a link it is shown as a page elsewhere, without its topic and date"),
        )
        .with_hint(format!("write `article: {named}` instead (and drop its `title:`)")),
    )
}

/// The address of the automatic edition of `day` (of the week starting on it): `2024-06-21`,
/// `2024-w25`.
fn automatic_slug(day: Date, weekly: bool) -> String {
    if weekly {
        crate::core::urls::week_edition_slug(day.iso_week_date())
    } else {
        crate::core::urls::day_edition_slug(day)
    }
}

/// A warning at each written edition that holds the address of a day's (week's) automatic
/// edition while dated another day: that day gets no edition, and its articles are in none. (A
/// draft holding it is the desk's edition of that day in the making: no warning.)
fn held_addresses(held: &[(String, Date)], written: &[Edition]) -> Vec<Diagnostic> {
    held.iter()
        .filter_map(|(slug, day)| {
            // A day's address (`2024-06-21`) held by an edition of another day is said at its
            // date already (`named_for_another_day`); a week's is said here.
            if slug.len() == 10 && slug.parse::<Date>().is_ok() {
                return None;
            }
            let holder = written.iter().find(|e| e.slug == *slug && !e.draft).map(|e| &e.display)?;
            let day = day.strftime("%Y-%m-%d");
            Some(
                Diagnostic::warning(
                    holder,
                    None,
                    format!("this edition has the address /editions/{slug}/ of the automatic edition of {day}, but is dated another day: {day} gets no edition, and its articles are in none"),
                )
                .with_hint(format!("date this edition on {day}, or give it its own `slug:`")),
            )
        })
        .collect()
}

/// A warning at each draft left out whose address an automatic edition has: that edition goes out
/// there (or stays out) until the draft is published, which replaces it at the same address.
fn drafts_of_automatic_addresses(drafts: &[(String, PathBuf)], made: &[Edition]) -> Vec<Diagnostic> {
    drafts
        .iter()
        .filter_map(|(slug, display)| {
            let automatic = made.iter().find(|e| e.slug == *slug)?;
            let when = if automatic.scheduled { "goes out" } else { "is out" };
            Some(
                Diagnostic::warning(
                    display,
                    None,
                    format!("this draft has the address /editions/{slug}/, where the automatic edition of its day {when} until the draft is published; publishing it replaces that edition there"),
                )
                .with_hint("publish it (`draft: false`) to send your edition instead, or give it its own `slug:` to send both"),
            )
        })
        .collect()
}

/// One automatic edition, at `slug`, of the day (the week starting on) `day`, going out when that
/// is over.
fn automatic_edition(
    slug: String,
    day: Date,
    list: Vec<usize>,
    articles: &[Article],
    topic_titles: &[&str],
    config: &Config,
    language: &Language,
) -> Option<Edition> {
    let weekly = config.editions.auto == AutoEditions::Weekly;
    // The edition goes out when its period is over: midnight after the day, or after the week.
    let period_end = day
        .checked_add(jiff::Span::new().days(if weekly { 7 } else { 1 }))
        .ok()?;
    let goes_out = DateValue {
        precision: Precision::Time,
        start: period_end.to_zoned_datetime(config.timezone.clone()).ok()?,
    };
    let items = automatic_items(list, articles, topic_titles, config);
    let day_value = DateValue {
        precision: Precision::Day,
        start: day.to_zoned_datetime(config.timezone.clone()).ok()?,
    };
    let words = &config.editions.words;
    let pattern = if weekly {
        &words.weekly_title
    } else {
        &words.daily_title
    };
    let title = edition_title(pattern, config, language, &day_value);
    let summary = items
        .iter()
        .filter_map(|item| match item {
            Item::Article { article, .. } => Some(articles[*article].meta.title.as_str()),
            _ => None,
        })
        .take(3)
        .collect::<Vec<_>>()
        .join(language.list_separator());
    Some(Edition {
        source: String::new(),
        display: PathBuf::from(format!("<automatic edition {slug}>")),
        slug,
        title,
        date: goes_out,
        series: None,
        series_name: None,
        series_pos: None,
        date_pos: Pos::new(1, 1),
        dated_by_original: false,
        summary: Some(summary),
        intro: String::new(),
        intro_text: String::new(),
        anchors: Vec::new(),
        items,
        auto: true,
        draft: false,
        scheduled: false,
        updates: Vec::new(),
        updated: None,
        extra: serde_json::Value::Object(Default::default()),
        links: Vec::new(),
    })
}
