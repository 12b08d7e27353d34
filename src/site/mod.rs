//! The whole site: groups parsed articles and topics into a `Site` (topics with their timelines, tags,
//! the archive) and checks what only the whole site can show: unknown topics, permalinks that
//! collide, drafts and future articles left out. Pure: no I/O.

pub mod authors;
pub mod editions;
pub mod languages;
pub mod links;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use jiff::{Timestamp, ZonedDateTime};
use rayon::prelude::*;
// FxHash: keys are the site's own paths and names, and SipHash's flood resistance buys nothing.
use rustc_hash::FxHashMap;

use crate::core::dates::Precision;
use crate::core::diagnostic::{Checked, Diagnostic, closest_slug};
use crate::core::slug::slugify;
use crate::core::urls;
use crate::parse::config::Config;
use crate::parse::frontmatter::{ArticleMeta, TopicMeta};
use crate::parse::markdown::Rendered;
use crate::parse::picture::Picture;
pub use authors::{Author, ParsedAuthor};
pub use editions::{Edition, ParsedEdition};
pub use languages::{Alternate, TopicElsewhere, Translations};

/// An article as parsed, before the site is put together.
#[derive(Debug, Clone)]
pub struct ParsedArticle {
    /// Relative to the site root: `content/2024/06/pact.md`.
    pub source: String,
    pub display: PathBuf,
    /// Shared with `serve`'s parse cache, so a rebuild reuses an unchanged article without
    /// copying it.
    pub meta: Arc<ArticleMeta>,
    pub body: Arc<Rendered>,
    /// The file line where the body starts, to place body diagnostics.
    pub body_line: usize,
    /// The site path of its page: `core::urls::permalink` of the site's pattern, date and slug.
    pub permalink: String,
}

/// A topic as parsed.
#[derive(Debug, Clone)]
pub struct ParsedTopic {
    pub source: String,
    pub display: PathBuf,
    pub slug: String,
    pub meta: TopicMeta,
    pub body: Rendered,
    /// The line of the file where the background starts (its links' lines count from it).
    pub body_line: usize,
}

/// An article in the site.
#[derive(Debug, Clone)]
pub struct Article {
    pub source: String,
    pub display: PathBuf,
    pub meta: Arc<ArticleMeta>,
    pub body: Arc<Rendered>,
    pub body_line: usize,
    /// The site path of its page: `/2024/06/pact/`.
    pub permalink: String,
    /// `summary:` or else the first paragraph's text.
    pub summary: String,
    /// Dated after the build's "now".
    pub scheduled: bool,
    /// Indices into `Site::topics`, primary first.
    pub topics: Vec<usize>,
    /// Indices into `Site::tags`.
    pub tags: Vec<usize>,
    /// Indices into `Site::editions`: the editions that list it, newest first.
    pub editions: Vec<usize>,
    /// Indices into `Site::authors`: its byline, in the order written (`authors::attach`).
    pub authors: Vec<usize>,
    /// The lead image as pages show it (the pipeline's image step fills it in).
    pub image: Option<Arc<LeadImage>>,
    /// The image a shared link shows (`og:image`): the lead image cropped to 1200×630, or the
    /// generated social card; none when neither is made.
    pub share: Option<ShareImage>,
}

/// An article's lead image as pages show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadImage {
    /// The sizes made of it; `None` for an image the build does not process (an http(s) URL, a
    /// GIF or SVG, or `images: off`), shown at `src` as it is.
    pub picture: Option<Picture>,
    /// Its URL under the base path, or its absolute URL.
    pub src: String,
    pub alt: String,
    pub caption: Option<String>,
    pub credit: Option<String>,
    /// The language of its words (alt, caption, credit) when not the page's: a translation's
    /// image inherited from the original.
    pub lang: Option<String>,
    /// Crops for structured data (16:9, 4:3, 1:1): site paths with their sizes.
    pub crops: Vec<(String, u32, u32)>,
}

/// The 1200×630 image of a shared link: a site path (`2024/06/pact/card.png`) and its size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareImage {
    pub path: String,
    pub width: u32,
    pub height: u32,
    pub alt: String,
}

impl Article {
    /// Whether the article is published: neither a draft nor dated after the build, both of
    /// which only `--drafts` and `--future` builds include. Only a published article is offered
    /// to crawlers and readers' feed apps (feeds, sitemap, search index); the others are
    /// marked on their pages and kept out of search engines (`noindex`).
    pub fn published(&self) -> bool {
        !self.meta.draft && !self.scheduled
    }
}

/// The longest summary, in characters, that a body's first paragraph gives when `summary:` is
/// not set (about 70 words): a long opening paragraph stays whole in the body, while lists, feeds,
/// meta tags and the search index get its start.
const FALLBACK_SUMMARY_CHARS: usize = 400;

/// A first paragraph as a summary: whole when it is short; else up to the last sentence that
/// ends within `FALLBACK_SUMMARY_CHARS` (if that keeps at least a third of them), or cut after a
/// word with "…".
pub fn fallback_summary(paragraph: &str) -> String {
    let Some((limit, _)) = paragraph.char_indices().nth(FALLBACK_SUMMARY_CHARS) else {
        return paragraph.to_string();
    };
    let head = &paragraph[..limit];
    let sentence_end = head
        .char_indices()
        .rev()
        .find(|&(i, c)| {
            matches!(c, '。' | '！' | '？')
                || (matches!(c, '.' | '!' | '?') && head[i + 1..].starts_with(char::is_whitespace))
        })
        .map(|(i, c)| i + c.len_utf8());
    match sentence_end {
        Some(end) if head[..end].chars().count() >= FALLBACK_SUMMARY_CHARS / 3 => head[..end].to_string(),
        _ => {
            let cut = head.rfind(char::is_whitespace).map_or(head, |space| &head[..space]);
            format!("{}…", cut.trim_end())
        }
    }
}

/// A topic and its timeline.
#[derive(Debug, Clone)]
pub struct Topic {
    pub source: String,
    pub display: PathBuf,
    pub slug: String,
    pub meta: TopicMeta,
    pub body: Rendered,
    /// The line of the file where the background starts.
    pub body_line: usize,
    pub timeline: Timeline,
}

impl Topic {
    /// `summary:`, or else the background's first paragraph.
    pub fn summary(&self) -> &str {
        self.meta.summary.as_deref().unwrap_or(&self.body.first_paragraph)
    }

    pub fn permalink(&self) -> String {
        urls::topic(&self.slug)
    }
}

/// A topic's articles in event-date order, grouped by year and month.
#[derive(Debug, Clone, Default)]
pub struct Timeline {
    /// Article indices, oldest event first.
    pub entries: Vec<usize>,
    pub years: Vec<TimelineYear>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineYear {
    pub year: i16,
    pub months: Vec<TimelineMonth>,
}

/// A month of a timeline; `month` is `None` for events known only to the year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineMonth {
    pub month: Option<i8>,
    pub entries: Vec<usize>,
}

/// A tag and its articles, newest first.
#[derive(Debug, Clone)]
pub struct Tag {
    pub slug: String,
    pub name: String,
    pub articles: Vec<usize>,
}

impl Tag {
    pub fn permalink(&self) -> String {
        urls::tag(&self.slug)
    }
}

/// A month of the archive, by publication date, newest first.
#[derive(Debug, Clone)]
pub struct ArchiveMonth {
    pub year: i16,
    pub month: i8,
    pub articles: Vec<usize>,
}

impl ArchiveMonth {
    pub fn permalink(&self) -> String {
        urls::archive_month(self.year, self.month)
    }
}

/// The years of an archive (its months, newest first), each once, newest first: each has a
/// page of its months (`urls::archive_year`).
pub fn archive_years(archive: &[ArchiveMonth]) -> Vec<i16> {
    let mut years: Vec<i16> = archive.iter().map(|m| m.year).collect();
    years.dedup();
    years
}

/// Why an article is not published by a build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reason {
    /// `draft: true` (included with `--drafts`).
    Draft,
    /// Dated after the build's "now" (included with `--future`).
    Scheduled,
}

/// An article a build left out: which file, and why.
#[derive(Debug, Clone)]
pub struct LeftOutArticle {
    pub source: String,
    pub display: PathBuf,
    pub title: String,
    pub reason: Reason,
    /// Its publication date, in the site's zone: when a scheduled article goes live.
    pub date: ZonedDateTime,
    /// Dated more than a year after the build: most likely a typo in the year.
    pub far_ahead: bool,
}

/// What was left out of the build and why, in source order.
#[derive(Debug, Clone, Default)]
pub struct LeftOut {
    pub articles: Vec<LeftOutArticle>,
    /// The written editions left out (drafts, and those that go out later).
    pub editions: Vec<LeftOutEdition>,
}

/// A written edition a build left out: which file, and why.
#[derive(Debug, Clone)]
pub struct LeftOutEdition {
    /// Its file under the site's folder (`content/editions/2024-06-21.md`; empty for an
    /// automatic edition).
    pub source: String,
    pub display: PathBuf,
    pub slug: String,
    pub title: String,
    pub reason: Reason,
    /// When it goes out, in the site's zone (for a day without a time, with its newest article).
    pub date: ZonedDateTime,
}

impl LeftOut {
    /// How many drafts were left out.
    pub fn drafts(&self) -> usize {
        self.count(Reason::Draft)
    }

    /// How many articles dated in the future (and not drafts) were left out.
    pub fn future(&self) -> usize {
        self.count(Reason::Scheduled)
    }

    fn count(&self, reason: Reason) -> usize {
        self.articles.iter().filter(|a| a.reason == reason).count()
    }

    /// How many written editions were left out (drafts, and those that go out later).
    pub fn editions(&self) -> usize {
        self.editions.len()
    }
}

/// Why a build with `selection` leaves out the article of `meta`, if it does: a draft first (a
/// scheduled draft is still a draft), then a date after `selection.now`. The parse stage asks
/// this too, so that links to a left-out article are shown as text.
pub fn left_out_reason(meta: &ArticleMeta, selection: &Selection) -> Option<Reason> {
    if meta.draft && !selection.drafts {
        Some(Reason::Draft)
    } else if is_scheduled(meta, selection.now) && !selection.future {
        Some(Reason::Scheduled)
    } else {
        None
    }
}

fn is_scheduled(meta: &ArticleMeta, now: Timestamp) -> bool {
    meta.date.start.timestamp() > now
}

/// Whether `meta` is dated more than a year after `now`: published then, if ever, and far more
/// likely a mistyped year (2062 for 2026) than a plan.
fn is_far_ahead(meta: &ArticleMeta, now: Timestamp) -> bool {
    crate::core::dates::more_than_a_year_after(meta.date.start.timestamp(), now)
}

/// A warning for each entry of an update log (`updates`, of the file `display`) dated after
/// `now`: shown at once, it moves the modified date of feeds, the sitemap and `dateModified`
/// into the future (session 34's standards probe: a mistyped year, `2030`, went out unsaid).
pub(crate) fn updates_ahead(
    display: &std::path::Path,
    updates: &[crate::parse::frontmatter::Update],
    now: Timestamp,
) -> Vec<Diagnostic> {
    updates
        .iter()
        .filter(|u| u.date.start.timestamp() > now)
        .map(|u| {
            Diagnostic::warning(
                display,
                u.date_pos,
                format!(
                    "this update is dated {}, after now: it is shown at once, and every modified date (feeds, sitemap, search engines) says so",
                    u.date.short()
                ),
            )
            .with_hint("check the date (the year?): an update is dated when it is made")
        })
        .collect()
}

/// The warning for an article dated more than a year ahead, at its `date:`; `shown` when this
/// build shows scheduled articles (`--future`, `serve`), which publishing does not.
fn far_ahead_warning(parsed: &ParsedArticle, shown: bool) -> Diagnostic {
    let date = parsed.meta.date.start.strftime("%Y-%m-%d").to_string();
    let what = if shown {
        "it shows here because scheduled articles are shown, and a build without them leaves it out until then"
    } else {
        "the article stays unpublished until then"
    };
    Diagnostic::warning(
        &parsed.display,
        parsed.meta.date_pos,
        format!("the date {date} is more than a year ahead: {what}"),
    )
    .with_hint("check the year; `gazette list` shows every article left out and when it goes live")
}

/// The whole site, ready to render.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    /// Newest publication first.
    pub articles: Vec<Article>,
    /// By title.
    pub topics: Vec<Topic>,
    /// By name.
    pub tags: Vec<Tag>,
    pub archive: Vec<ArchiveMonth>,
    /// Newest first (ties by slug): the written editions this build includes, and the
    /// automatic ones.
    pub editions: Vec<Edition>,
    /// By name (`authors::attach`); none on a site without content/authors/.
    pub authors: Vec<Author>,
    pub left_out: LeftOut,
    /// The pages' versions in the site's other languages (none for a site in one language).
    pub translations: Arc<Translations>,
    /// The articles and topics of the default language that a link from this language's pages
    /// may lead to (an article without a translation here): their content paths, each with why
    /// the build leaves it out, if it does. Empty for the default language.
    pub elsewhere: Arc<FxHashMap<String, Elsewhere>>,
    /// An article's source → the topics it names that have no translation into this language
    /// (DESIGN.md §8b: it links the original topic). Empty for the default language.
    pub topics_elsewhere: FxHashMap<String, Vec<TopicElsewhere>>,
    /// The default language's topics page, for a language none of whose topics is translated
    /// while the default language has some: its pages link there, and it has no topics page of
    /// its own (which would be empty). `None` for the default language.
    pub topics_page_elsewhere: Option<String>,
    /// In a preview (`serve`), the errors of draft editions, which are shown without what the
    /// errors are about: the preview's errors, not the site's (`pipeline::prepare` hands them
    /// to the links check, which fails with them while the pages are served).
    pub preview_errors: Vec<Diagnostic>,
    /// The other languages' old addresses (`aliases` of translations), each with the address it
    /// now has, both as links write them (`/ar/news/123.htm`): the default language's
    /// `_redirects` lists them beside its own. Empty for another language.
    pub language_redirects: Vec<(String, String)>,
    /// The site has its own `static/robots.txt`, copied instead of gazette's.
    pub own_robots: bool,
    /// The lines of the site's own `static/_redirects`, which go first in gazette's (each ending
    /// with a line break; empty when it has none).
    pub own_redirects: Vec<u8>,
    /// The accent colour the site's `static/custom.css` sets (`:root { --accent: … }`), which
    /// the email, the social cards and timeline.json get as a plain colour; `None` for the
    /// theme's own.
    pub accent: Option<crate::parse::accent::Accent>,
}

/// A default-language article or topic that another language's pages may link (it has no
/// translation there): why the build leaves it out, if it does, and an article's body, whose
/// ids a link's `#fragment` must name.
#[derive(Debug, Clone, Default)]
pub struct Elsewhere {
    pub left_out: Option<Reason>,
    pub body: Option<Arc<Rendered>>,
    /// How many entries its update log has (`update-<n>` ids on its page).
    pub updates: usize,
}

/// Which articles a build includes.
#[derive(Debug, Clone, Copy)]
pub struct Selection {
    pub drafts: bool,
    pub future: bool,
    pub now: Timestamp,
    /// A preview (`serve`): a draft edition's mistakes do not stop the site
    /// (`Site::preview_errors`).
    pub preview: bool,
}

/// Site paths that the site's own pages use; no article may take them.
const RESERVED_PREFIXES: &[&str] = &[
    urls::TOPICS,
    urls::TAGS,
    urls::ARCHIVE,
    urls::SEARCH,
    urls::EDITIONS,
    urls::AUTHORS,
];

/// The site stage: puts parsed articles and topics together into a `Site` (drafts and scheduled
/// articles left out unless `selection` keeps them), and checks what only the whole site shows.
/// No site when there are errors.
pub fn assemble(
    config: Config,
    parsed_articles: Vec<ParsedArticle>,
    parsed_topics: Vec<ParsedTopic>,
    parsed_editions: Vec<ParsedEdition>,
    selection: Selection,
) -> Checked<Site> {
    let (site, diagnostics) = assemble_even_with_errors(
        config,
        parsed_articles,
        parsed_topics,
        parsed_editions,
        selection,
        &Unparsed::default(),
    );
    Checked::unless_errors(site, diagnostics)
}

/// The files of content/ whose front matter failed (each reported already): they are there, so
/// what names them is not wrong, only not to be checked until they parse.
#[derive(Debug, Clone, Default)]
pub struct Unparsed {
    /// Articles, by source path (`content/2024/06/a.md`).
    pub articles: Vec<String>,
    /// Topics, by slug.
    pub topics: Vec<String>,
    /// In another language's site: the default language's articles, by source path (an item
    /// naming one without a translation is told so, not that the file is missing).
    pub originals: Vec<String>,
}

/// `assemble`, with the site kept when there are errors too: such a site is not to be built
/// (an article may lack a topic, an edition an item), only looked through for more problems
/// (`links::check_content`), so that one round of fixes shows them all. An article naming a
/// topic of `unparsed`, or an edition's item naming an article of it, is not reported again as
/// naming a missing file.
pub fn assemble_even_with_errors(
    config: Config,
    parsed_articles: Vec<ParsedArticle>,
    parsed_topics: Vec<ParsedTopic>,
    parsed_editions: Vec<ParsedEdition>,
    selection: Selection,
    unparsed: &Unparsed,
) -> (Site, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let parsed_topics = by_title(parsed_topics);
    let topic_index = index_topics(&parsed_topics, &mut diagnostics);
    let renamed = renamed_topics(&parsed_topics);
    let (articles, mut left_out) = place_articles(
        parsed_articles,
        (&topic_index, &renamed),
        &unparsed.topics,
        selection,
        &mut diagnostics,
    );
    let mut articles = newest_first(articles);
    let (tags, timelines, archive) = group(&mut articles, parsed_topics.len(), &mut diagnostics);
    let topics: Vec<Topic> = parsed_topics
        .into_iter()
        .zip(timelines)
        .map(|(t, timeline)| Topic {
            source: t.source,
            display: t.display,
            slug: t.slug,
            meta: t.meta,
            body: Rendered {
                first_paragraph: fallback_summary(&t.body.first_paragraph),
                ..t.body
            },
            body_line: t.body_line,
            timeline,
        })
        .collect();
    check_aliases(&articles, &topics, &mut diagnostics);
    let topic_titles: Vec<&str> = topics.iter().map(|t| t.meta.title.as_str()).collect();
    let assembled = editions::assemble(
        parsed_editions,
        &mut articles,
        &topic_titles,
        editions::Absent {
            left_out: &left_out,
            unparsed: &unparsed.articles,
            originals: &unparsed.originals,
        },
        &config,
        &selection,
        &mut diagnostics,
    );
    left_out.editions = assembled.left;
    let site = Site {
        config,
        articles,
        topics,
        tags,
        archive,
        editions: assembled.editions,
        preview_errors: assembled.preview_errors,
        authors: Vec::new(),
        left_out,
        translations: Arc::default(),
        elsewhere: Arc::default(),
        language_redirects: Vec::new(),
        own_robots: false,
        own_redirects: Vec::new(),
        accent: None,
        topics_elsewhere: FxHashMap::default(),
        topics_page_elsewhere: None,
    };
    (site, diagnostics)
}

/// Topics in title order (case-insensitive), ties by slug.
fn by_title(mut topics: Vec<ParsedTopic>) -> Vec<ParsedTopic> {
    // Each title lower-cased once, not at every comparison (serve sorts on every rebuild).
    topics.sort_by_cached_key(|t| (t.meta.title.to_lowercase(), t.slug.clone()));
    topics
}

/// Topic slug → position; two topics with one slug are an error.
fn index_topics(topics: &[ParsedTopic], diagnostics: &mut Vec<Diagnostic>) -> FxHashMap<String, usize> {
    let mut index: FxHashMap<String, usize> = FxHashMap::default();
    for (i, topic) in topics.iter().enumerate() {
        if let Some(&other) = index.get(&topic.slug) {
            diagnostics.push(
                Diagnostic::error(
                    &topic.display,
                    None,
                    format!(
                        "topic slug `{}` is also the slug of {}",
                        topic.slug,
                        crate::core::diagnostic::display_path(&topics[other].display)
                    ),
                )
                .with_hint("rename one of the two topic files"),
            );
        } else {
            index.insert(topic.slug.clone(), i);
        }
    }
    index
}

/// Each article on its own, on every core: left out (a draft, or not due yet), or placed on the
/// topics it names. Topic names repeat across thousands of articles: each job looks each
/// spelling up once.
fn place_articles(
    parsed_articles: Vec<ParsedArticle>,
    (topic_index, renamed): (&FxHashMap<String, usize>, &FxHashMap<String, String>),
    unparsed_topics: &[String],
    selection: Selection,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Article>, LeftOut) {
    enum Placed {
        Left(Box<LeftOutArticle>, Option<Diagnostic>),
        Kept(Box<Article>, Vec<Diagnostic>),
    }
    let placed: Vec<Placed> = parsed_articles
        .into_par_iter()
        .map_init(FxHashMap::<String, Option<usize>>::default, |topic_of_name, parsed| {
            let scheduled = is_scheduled(&parsed.meta, selection.now);
            let far_ahead = is_far_ahead(&parsed.meta, selection.now);
            let reason = left_out_reason(&parsed.meta, &selection);
            let warning = far_ahead.then(|| far_ahead_warning(&parsed, reason.is_none()));
            if let Some(reason) = reason {
                let left = LeftOutArticle {
                    title: parsed.meta.title.clone(),
                    date: parsed.meta.date.start.clone(),
                    source: parsed.source,
                    display: parsed.display,
                    reason,
                    far_ahead,
                };
                return Placed::Left(Box::new(left), warning);
            }
            let mut found_here: Vec<Diagnostic> = warning.into_iter().collect();
            // A scheduled article's updates come after it (shown with `--future`).
            if !scheduled {
                found_here.extend(updates_ahead(&parsed.display, &parsed.meta.updates, selection.now));
            }
            let topics = article_topics(
                &parsed,
                (topic_index, renamed),
                unparsed_topics,
                topic_of_name,
                &mut found_here,
            );
            let summary = parsed
                .meta
                .summary
                .clone()
                .unwrap_or_else(|| fallback_summary(&parsed.body.first_paragraph));
            Placed::Kept(
                Box::new(Article {
                    source: parsed.source,
                    display: parsed.display,
                    meta: parsed.meta,
                    body: parsed.body,
                    body_line: parsed.body_line,
                    permalink: parsed.permalink,
                    summary,
                    scheduled,
                    topics,
                    tags: Vec::new(),
                    editions: Vec::new(),
                    image: None,
                    share: None,
                    authors: Vec::new(),
                }),
                found_here,
            )
        })
        .collect();
    let mut left_out = LeftOut::default();
    let mut articles = Vec::with_capacity(placed.len());
    for placed in placed {
        match placed {
            Placed::Left(left, warning) => {
                diagnostics.extend(warning);
                left_out.articles.push(*left);
            }
            Placed::Kept(article, found) => {
                diagnostics.extend(found);
                articles.push(*article);
            }
        }
    }
    left_out.articles.sort_by(|a, b| a.source.cmp(&b.source));
    (articles, left_out)
}

/// The topics an article names, as positions in the site's topics (each once, primary first);
/// an unknown one is an error. `topic_of_name` remembers each spelling's topic for the job.
/// The topics an article names, by index; a name no topic has is an error, unless its topic's
/// file is there but failed (`unparsed`: that file's errors say what to fix).
fn article_topics(
    parsed: &ParsedArticle,
    (topic_index, renamed): (&FxHashMap<String, usize>, &FxHashMap<String, String>),
    unparsed: &[String],
    topic_of_name: &mut FxHashMap<String, Option<usize>>,
    found: &mut Vec<Diagnostic>,
) -> Vec<usize> {
    let mut topics = Vec::with_capacity(parsed.meta.topics.len());
    for (i, name) in parsed.meta.topics.iter().enumerate() {
        let topic = match topic_of_name.get(name.as_str()) {
            Some(&topic) => topic,
            None => {
                let topic = topic_index.get(&slugify(name)).copied();
                topic_of_name.insert(name.clone(), topic);
                topic
            }
        };
        match topic {
            Some(index) if !topics.contains(&index) => topics.push(index),
            Some(_) => {}
            None if unparsed.contains(&slugify(name)) => {}
            None => found.push(unknown_topic((topic_index, renamed), parsed, i, name)),
        }
    }
    topics
}

/// The old slugs of renamed topics (an alias `/topics/<old>/`), each with the topic's slug now.
fn renamed_topics(topics: &[ParsedTopic]) -> FxHashMap<String, String> {
    topics
        .iter()
        .flat_map(|topic| {
            topic.meta.aliases.iter().filter_map(|alias| {
                let old = alias.strip_prefix(urls::TOPICS)?.strip_suffix('/')?;
                (!old.is_empty() && !old.contains('/')).then(|| (old.to_string(), topic.slug.clone()))
            })
        })
        .collect()
}

/// Newest first; ties broken by source path so the order is the same on every run.
///
/// (Sources are unique, so an unstable sort gives the same order.) The sort moves small
/// (time, index) pairs, and each article moves once after it: articles are a few hundred bytes,
/// and moving them at every step of the sort took 35 ms of a 100,000-article rebuild.
fn newest_first(articles: Vec<Article>) -> Vec<Article> {
    let mut order: Vec<(Timestamp, usize)> = articles
        .par_iter()
        .enumerate()
        .map(|(i, a)| (a.meta.date.start.timestamp(), i))
        .collect();
    order.par_sort_unstable_by(|(time_a, a), (time_b, b)| {
        time_b
            .cmp(time_a)
            .then_with(|| articles[*a].source.cmp(&articles[*b].source))
    });
    let mut unsorted: Vec<Option<Article>> = articles.into_iter().map(Some).collect();
    order.iter().filter_map(|&(_, i)| unsorted[i].take()).collect()
}

/// The tags (each article learns its own), one timeline per topic, and the archive; checks the
/// permalinks. These only read the sorted articles: two at a time, on both cores (`serve`
/// assembles the whole site again after every edit).
fn group(
    articles: &mut [Article],
    topic_count: usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Tag>, Vec<Timeline>, Vec<ArchiveMonth>) {
    let ((tags, tag_diagnostics), (permalink_diagnostics, timelines, archive)) = rayon::join(
        || {
            let mut found = Vec::new();
            let tags = collect_tags(articles, &mut found);
            (tags, found)
        },
        || {
            let mut found = Vec::new();
            check_permalinks(articles, &mut found);
            (found, timelines(articles, topic_count), archive(articles))
        },
    );
    diagnostics.extend(permalink_diagnostics);
    diagnostics.extend(tag_diagnostics);
    for (t, tag) in tags.iter().enumerate() {
        for &i in &tag.articles {
            articles[i].tags.push(t);
        }
    }
    (tags, timelines, archive)
}

/// One timeline per topic, from the articles that name it.
fn timelines(articles: &[Article], topic_count: usize) -> Vec<Timeline> {
    let mut entries: Vec<Vec<usize>> = vec![Vec::new(); topic_count];
    for (i, article) in articles.iter().enumerate() {
        for &topic in &article.topics {
            entries[topic].push(i);
        }
    }
    // Read once for every timeline: sorting thousands of entries by looking into the articles
    // themselves missed the cache at each comparison.
    let places: Vec<TimelinePlace> = articles.iter().map(timeline_place).collect();
    entries
        .into_iter()
        .map(|entries| timeline(articles, &places, entries))
        .collect()
}

/// How many topics an unknown topic's hint lists at most.
const KNOWN_TOPICS_LISTED: usize = 12;

/// The error for topic `name`, the `i`th an article names, that has no topic file: the topic it
/// was renamed to, when a topic lists its old address (`renamed`), or the closest slug.
fn unknown_topic(
    (topic_index, renamed): (&FxHashMap<String, usize>, &FxHashMap<String, String>),
    parsed: &ParsedArticle,
    i: usize,
    name: &str,
) -> Diagnostic {
    let wanted = slugify(name);
    let pos = parsed.meta.topic_lines.get(i).copied();
    let known: Vec<&str> = topic_index.keys().map(String::as_str).collect();
    let hint = match closest_slug(&wanted, &known) {
        _ if let Some(now) = renamed.get(&wanted) => format!(
            "`{wanted}` is the old name of the topic `{now}` (its file lists /topics/{wanted}/ under `aliases:`): write `{now}`"
        ),
        Some(close) => format!("did you mean `{close}`?"),
        None if known.is_empty() => "create content/topics/<slug>.md for each topic".to_string(),
        // A long list, repeated at every article that names the topic (a topic renamed under
        // a thousand articles), would bury the errors.
        None if known.len() > KNOWN_TOPICS_LISTED => format!(
            "the site's {} topics are the files of content/topics/ (a renamed topic keeps its old name when its file lists /topics/{wanted}/ under `aliases:`); or create content/topics/{wanted}.md",
            known.len()
        ),
        None => {
            let mut sorted = known.clone();
            sorted.sort_unstable();
            format!(
                "known topics are: {}; or create content/topics/{wanted}.md",
                sorted.join(", ")
            )
        }
    };
    Diagnostic::error(
        &parsed.display,
        pos,
        format!("unknown topic `{name}`: no file content/topics/{wanted}.md"),
    )
    .with_hint(hint)
}

fn check_permalinks(articles: &[Article], diagnostics: &mut Vec<Diagnostic>) {
    let mut seen: FxHashMap<&str, &Article> = FxHashMap::default();
    seen.reserve(articles.len());
    let mut by_source: Vec<&Article> = articles.iter().collect();
    // Of two articles with one permalink, the one whose source sorts first is named as the
    // first. Sorting 100,000 paths costs more than the rest of the check, so it is done only
    // when two permalinks clash (`seen` is then made again in that order).
    let clash = !articles.iter().all(|a| seen.insert(&a.permalink, a).is_none());
    if clash {
        by_source.sort_by(|a, b| a.source.cmp(&b.source));
        seen.clear();
    }
    for article in by_source {
        if is_the_sites_own(&article.permalink) {
            // A reserved permalink is nobody's: aliases are not checked against it.
            if !clash {
                seen.remove(article.permalink.as_str());
            }
            diagnostics.push(
                Diagnostic::error(
                    &article.display,
                    article.meta.slug_pos,
                    format!("the permalink {} is taken by the site's own pages", article.permalink),
                )
                .with_hint("give the article another `slug:`, or change `permalink` in site.yaml"),
            );
            continue;
        }
        if !clash {
            // Every permalink is already in `seen`, once.
            continue;
        }
        match seen.get(article.permalink.as_str()) {
            Some(first) => {
                // Said at the `slug:` that made the clash, when only one of the two has one.
                let (at, other) = if first.meta.slug_pos.is_some() && article.meta.slug_pos.is_none() {
                    (*first, article)
                } else {
                    (article, *first)
                };
                diagnostics.push(
                    Diagnostic::error(
                        &at.display,
                        at.meta.slug_pos,
                        format!(
                            "the permalink {} is also the permalink of {}",
                            at.permalink,
                            crate::core::diagnostic::display_path(&other.display)
                        ),
                    )
                    .with_hint("give one of them another `slug:` in its front matter"),
                );
            }
            None => {
                seen.insert(&article.permalink, article);
            }
        }
    }
}

/// Whether a site path (a permalink or an alias) is where the site writes pages or files of its
/// own: the home, its further pages (`/page/2/`), the list pages' folders, and the files at the
/// root (a page at `/atom.xml/` would need a folder where the feed is a file).
fn is_the_sites_own(path: &str) -> bool {
    const ROOT_FILES: [&str; 7] = [
        urls::ATOM,
        urls::RSS,
        urls::JSON_FEED,
        urls::SITEMAP,
        urls::ROBOTS,
        urls::REDIRECTS,
        urls::NOT_FOUND,
    ];
    let mut parts = path.trim_start_matches('/').split('/');
    let first = parts.next().unwrap_or_default();
    let home_page = first == "page"
        && parts
            .next()
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    path == urls::HOME
        || home_page
        || ROOT_FILES.contains(&first)
        || RESERVED_PREFIXES.iter().any(|p| path.starts_with(p))
}

/// What holds an old address (`aliases:`): an article or a topic.
#[derive(Clone, Copy)]
enum Holder<'a> {
    Article(&'a Article),
    Topic(&'a Topic),
}

impl<'a> Holder<'a> {
    fn display(self) -> &'a std::path::Path {
        match self {
            Holder::Article(a) => &a.display,
            Holder::Topic(t) => &t.display,
        }
    }

    fn source(self) -> &'a str {
        match self {
            Holder::Article(a) => &a.source,
            Holder::Topic(t) => &t.source,
        }
    }

    /// Its aliases, each with where its front matter gives it.
    fn aliases(self) -> impl Iterator<Item = (&'a str, Option<crate::core::diagnostic::Pos>)> {
        let (aliases, lines) = match self {
            Holder::Article(a) => (&a.meta.aliases, &a.meta.alias_lines),
            Holder::Topic(t) => (&t.meta.aliases, &t.meta.alias_lines),
        };
        aliases
            .iter()
            .enumerate()
            .map(move |(k, alias)| (alias.as_str(), lines.get(k).copied()))
    }
}

/// The one rule for old addresses, the articles' and the topics' (`aliases:`), in one table: an
/// alias may be no topic's page nor under one, none of the site's own pages (a topic's may be a
/// free name under `/topics/`, as a renamed topic's old address is), no article's permalink, nor
/// an alias of another article or topic: each redirect would replace what is there, or another.
fn check_aliases(articles: &[Article], topics: &[Topic], diagnostics: &mut Vec<Diagnostic>) {
    let holders = articles
        .iter()
        .map(Holder::Article)
        .chain(topics.iter().map(Holder::Topic));
    if holders.clone().all(|h| h.aliases().next().is_none()) {
        return;
    }
    // Of two articles with one permalink (an error of its own), the first by source is named.
    let mut permalinks: FxHashMap<&str, &Article> = FxHashMap::default();
    permalinks.reserve(articles.len());
    for article in articles.iter().filter(|a| !is_the_sites_own(&a.permalink)) {
        permalinks
            .entry(article.permalink.as_str())
            .and_modify(|first| {
                if article.source < first.source {
                    *first = article;
                }
            })
            .or_insert(article);
    }
    let topic_pages: Vec<String> = topics.iter().map(Topic::permalink).collect();
    let mut owners: FxHashMap<&str, Holder> = FxHashMap::default();
    for holder in holders {
        let is_topic = matches!(holder, Holder::Topic(_));
        for (alias, pos) in holder.aliases() {
            let error = |message: String, hint: &str| Diagnostic::error(holder.display(), pos, message).with_hint(hint);
            // `/topics/old/`: the list's folder, with a name no topic has.
            let free_under_topics = alias
                .strip_prefix(urls::TOPICS)
                .is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'));
            if let Some(t) = topic_pages.iter().position(|p| alias.starts_with(p.as_str())) {
                let whose = if matches!(holder, Holder::Topic(own) if std::ptr::eq(own, &topics[t])) {
                    "this topic's own address".to_string()
                } else {
                    format!(
                        "the address of the topic {}",
                        crate::core::diagnostic::display_path(&topics[t].display)
                    )
                };
                let under = if alias == topic_pages[t] { "" } else { "under " };
                diagnostics.push(error(
                    format!("the alias {alias} is {under}{whose}"),
                    if is_topic {
                        "remove the alias: a topic's old address is one that no topic has now, such as `/topics/old-name/`"
                    } else {
                        "remove the alias: a redirect there would replace that topic's page"
                    },
                ));
            } else if is_the_sites_own(alias) && !(is_topic && free_under_topics) {
                diagnostics.push(error(
                    format!("the alias {alias} is one of the site's own pages or files"),
                    "remove the alias: a redirect there would replace what the site writes there",
                ));
            } else if let Some(article) = permalinks.get(alias) {
                diagnostics.push(error(
                    format!(
                        "the alias {alias} is the permalink of {}",
                        crate::core::diagnostic::display_path(&article.display)
                    ),
                    "remove the alias: a redirect there would replace that article",
                ));
            } else if let Some(first) = owners.insert(alias, holder)
                && first.source() != holder.source()
            {
                diagnostics.push(error(
                    format!(
                        "the alias {alias} is also an alias of {}",
                        crate::core::diagnostic::display_path(first.display())
                    ),
                    "an old address can redirect to one page only: remove it from one of them",
                ));
            }
        }
    }
}

/// A tag's slug with its spellings and its articles (in article order), while tags are gathered.
struct TagSlot {
    slug: String,
    /// What its spellings have in common (`tag_letters`).
    letters: String,
    spellings: Vec<usize>,
    members: Vec<usize>,
}

/// What two spellings of one tag share: their letters and digits in lower case, Latin letters
/// without their accents (`Kim Jong-un`, `kim jong un` and `Kím Jong Un` are one tag), every
/// other script's letters as written. Two tags of one slug whose letters differ are two words
/// that transliterate alike (`市場`, market, and `市長`, mayor, are both `shi-chang`: session
/// 34's Japanese desk probe): kept apart, not merged.
fn tag_letters(name: &str) -> String {
    // Compatibility forms as their letters (`ＮＨＫ`, `ﾄｳｷｮｳ`, `CO₂`), and Arabic as search folds
    // it (a hamza's seat, tatweel, vowel marks: `إيران`, `ايـران`).
    let name = crate::parse::terms::fold_arabic(
        icu_normalizer::ComposingNormalizerBorrowed::new_nfkc()
            .normalize(name)
            .to_lowercase(),
    );
    let mut letters = String::with_capacity(name.len());
    for c in name.chars().filter(|c| c.is_alphanumeric()) {
        // Latin letters with accents, the full-width forms of ASCII (`Ｇ７`, as a Japanese
        // keyboard types `G7`), and the alphabets whose letters transliterate one for one
        // (Greek, Cyrillic: `Путин` is `Putin`). Han, kana, Hangul, Arabic and the rest lose
        // what sets words apart when transliterated (tones, vowels, letters), so are kept.
        let latin = matches!(
            c,
            '\u{00C0}'..='\u{024F}' | '\u{0370}'..='\u{04FF}' | '\u{1E00}'..='\u{1FFF}' | '\u{FF01}'..='\u{FF5E}'
        );
        if c.is_ascii() {
            letters.push(c.to_ascii_lowercase());
        } else if latin {
            letters.extend(
                deunicode::deunicode_char(c)
                    .unwrap_or("")
                    .chars()
                    .map(|c| c.to_ascii_lowercase()),
            );
        } else {
            letters.extend(c.to_lowercase());
        }
    }
    letters
}

/// Gives each tag that shares its slug with another tag of other letters (`tag_letters`) a slug
/// of its own: the tag first used (its oldest article; ties: by letters) keeps the slug, each
/// other takes a suffix from its letters (`shi-chang-1b2c3d`), the same on every build.
fn part_homophones(slots: &mut [TagSlot], articles: &[Article]) {
    let mut by_slug: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for (i, slot) in slots.iter().enumerate() {
        by_slug.entry(slot.slug.as_str()).or_default().push(i);
    }
    let mut renamed: Vec<(usize, String)> = Vec::new();
    for group in by_slug.values().filter(|g| g.len() > 1) {
        let first_used = |i: &usize| {
            let slot = &slots[*i];
            let oldest = slot
                .members
                .iter()
                .map(|&a| articles[a].meta.date.start.timestamp())
                .min();
            (oldest, slot.letters.clone())
        };
        let Some(keeps) = group.iter().min_by_key(|i| first_used(i)) else {
            continue;
        };
        for &i in group.iter().filter(|i| *i != keeps) {
            let slot = &slots[i];
            let suffix = crate::core::slug::fnv1a(slot.letters.as_bytes()) & 0xff_ffff;
            renamed.push((i, format!("{}-{suffix:06x}", slot.slug)));
        }
    }
    for (i, slug) in renamed {
        slots[i].slug = slug;
    }
}

/// A spelling of a tag, the slot of its slug, and how many times it is used.
type Spelling<'a> = (&'a str, usize, usize);

/// The site's tags, each with its articles (in article order), sorted by name. Spellings of one
/// tag (`tag_letters`) are merged and shown by the most frequent, with a warning; other tags of
/// the same slug get slugs of their own (`part_homophones`). Articles' own `tags` are filled
/// from these by the caller.
fn collect_tags(articles: &[Article], diagnostics: &mut Vec<Diagnostic>) -> Vec<Tag> {
    let (mut slots, spellings) = tag_slots(articles);
    part_homophones(&mut slots, articles);
    // By slug, so that warnings come in the same order on every run.
    slots.sort_unstable_by(|a, b| a.slug.cmp(&b.slug));
    let mut tags: Vec<Tag> = slots
        .into_iter()
        .map(|slot| tag_of(slot, &spellings, articles, diagnostics))
        .collect();
    tags.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then_with(|| a.slug.cmp(&b.slug))
    });
    tags
}

/// One slot per slug, with its spellings and its articles. A tag's spellings repeat across
/// thousands of articles: each is slugified and looked up once, and counted by its index.
fn tag_slots(articles: &[Article]) -> (Vec<TagSlot>, Vec<Spelling<'_>>) {
    let mut spelling_of: FxHashMap<&str, usize> = FxHashMap::default();
    let mut spellings: Vec<Spelling<'_>> = Vec::new();
    // By slug and letters: spellings of one tag share both; homophones only the slug.
    let mut slot_of: FxHashMap<(String, String), usize> = FxHashMap::default();
    let mut slots: Vec<TagSlot> = Vec::new();
    for (i, article) in articles.iter().enumerate() {
        for name in &article.meta.tags {
            let spelling = *spelling_of.entry(name.as_str()).or_insert_with(|| {
                let slug = slugify(name);
                let letters = tag_letters(name);
                let slot = *slot_of.entry((slug.clone(), letters.clone())).or_insert_with(|| {
                    slots.push(TagSlot {
                        slug,
                        letters,
                        spellings: Vec::new(),
                        members: Vec::new(),
                    });
                    slots.len() - 1
                });
                slots[slot].spellings.push(spellings.len());
                spellings.push((name.as_str(), slot, 0));
                spellings.len() - 1
            });
            let (_, slot, count) = &mut spellings[spelling];
            *count += 1;
            let members = &mut slots[*slot].members;
            if members.last() != Some(&i) {
                members.push(i);
            }
        }
    }
    (slots, spellings)
}

/// The tag of a slot: named by its most used spelling (ties: the first in order), with a
/// warning when it was spelled more than one way.
fn tag_of(slot: TagSlot, spellings: &[Spelling<'_>], articles: &[Article], diagnostics: &mut Vec<Diagnostic>) -> Tag {
    let names: BTreeMap<&str, usize> = slot
        .spellings
        .iter()
        .map(|&id| (spellings[id].0, spellings[id].2))
        .collect();
    let name = names
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(n, _)| n.to_string())
        .unwrap_or_default();
    if names.len() > 1 {
        let others: Vec<&str> = names.keys().copied().filter(|n| *n != name).collect();
        // Said where a spelling other than the one shown is written.
        let at = slot
            .members
            .iter()
            .map(|&i| &articles[i])
            .find(|a| a.meta.tags.iter().any(|t| others.contains(&t.as_str())))
            .or_else(|| slot.members.first().map(|&i| &articles[i]));
        // At the tag itself, when its place is known.
        let (file, pos) = at.map_or_else(Default::default, |a| {
            let written = a.meta.tags.iter().position(|t| others.contains(&t.as_str()));
            let pos = written
                .and_then(|i| a.meta.tag_positions.get(i).copied())
                .or(a.meta.tags_pos);
            (a.display.clone(), pos)
        });
        let others: Vec<String> = others.iter().map(|n| format!("`{n}`")).collect();
        diagnostics.push(
            Diagnostic::warning(
                file,
                pos,
                format!(
                    "tags {} and `{name}` are the same tag; shown as `{name}`",
                    others.join(", ")
                ),
            )
            .with_hint("spell the tag the same way everywhere"),
        );
    }
    Tag {
        slug: slot.slug,
        name,
        articles: slot.members,
    }
}

/// Where an article stands on a timeline, before its source path breaks ties: event date (as
/// `DateValue` orders it: instant, then precision), then the event's end (an event of one day
/// before one of two days that starts the same day: the eve of a visit's second day comes
/// before the visit), then publication instant.
type TimelinePlace = (Timestamp, Precision, Timestamp, Timestamp);

fn timeline_place(article: &Article) -> TimelinePlace {
    let meta = &article.meta;
    let end = meta.event_end.as_ref().unwrap_or(&meta.event_date);
    (
        meta.event_date.start.timestamp(),
        meta.event_date.precision,
        end.start.timestamp(),
        meta.date.start.timestamp(),
    )
}

/// Orders a topic's articles by event date and groups them by year and month.
/// `places` holds each article's `timeline_place`.
fn timeline(articles: &[Article], places: &[TimelinePlace], mut entries: Vec<usize>) -> Timeline {
    entries.sort_by(|&a, &b| {
        places[a]
            .cmp(&places[b])
            .then_with(|| articles[a].source.cmp(&articles[b].source))
    });
    let mut years: Vec<TimelineYear> = Vec::new();
    for &i in &entries {
        let event = &articles[i].meta.event_date;
        let year = event.year();
        let month = (event.precision >= Precision::Month).then(|| event.month());
        if years.last().is_none_or(|y| y.year != year) {
            years.push(TimelineYear {
                year,
                months: Vec::new(),
            });
        }
        let Some(current) = years.last_mut() else { continue };
        if current.months.last().is_none_or(|m| m.month != month) {
            current.months.push(TimelineMonth {
                month,
                entries: Vec::new(),
            });
        }
        if let Some(group) = current.months.last_mut() {
            group.entries.push(i);
        }
    }
    Timeline { entries, years }
}

/// Groups articles (already newest first) by publication month.
fn archive(articles: &[Article]) -> Vec<ArchiveMonth> {
    let mut months: Vec<ArchiveMonth> = Vec::new();
    for (i, article) in articles.iter().enumerate() {
        let date = article.meta.date.start.date();
        let (year, month) = (date.year(), date.month());
        match months.last_mut() {
            Some(last) if last.year == year && last.month == month => last.articles.push(i),
            _ => months.push(ArchiveMonth {
                year,
                month,
                articles: vec![i],
            }),
        }
    }
    months
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::frontmatter::{self, TopicStatus};
    use crate::parse::markdown::{self, MarkdownOptions};
    use crate::source::load::SourceFile;

    fn article(name: &str, front: &str) -> ParsedArticle {
        let path = format!("content/{name}.md");
        let file = SourceFile::new(
            path.clone(),
            path.clone(),
            format!("---\n{front}\ntopics: [t]\n---\nBody.\n"),
        );
        let split = frontmatter::split(&file.display, &file.text).expect("splits");
        let parsed = frontmatter::parse_article(&file, &split, &jiff::tz::TimeZone::UTC);
        let meta = parsed.value.expect("valid front matter");
        ParsedArticle {
            source: path,
            display: file.display.clone(),
            permalink: urls::permalink(urls::DEFAULT_PERMALINK, meta.date.start.date(), &meta.slug),
            meta: meta.into(),
            body: markdown::render(split.body, MarkdownOptions::default()).into(),
            body_line: split.body_line,
        }
    }

    fn topic() -> ParsedTopic {
        ParsedTopic {
            source: "content/topics/t.md".into(),
            display: "content/topics/t.md".into(),
            slug: "t".into(),
            meta: TopicMeta {
                title: "T".into(),
                summary: None,
                status: TopicStatus::Ongoing,
                aliases: Vec::new(),
                alias_lines: Vec::new(),
                extra: serde_json::Value::Null,
            },
            body: Rendered::default(),
            body_line: 1,
        }
    }

    /// Assembles `articles` with the one topic `t`, as of 2033.
    fn model(articles: Vec<ParsedArticle>) -> Checked<Site> {
        let selection = Selection {
            drafts: false,
            future: false,
            now: jiff::Timestamp::from_second(2_000_000_000).unwrap(),
            preview: false,
        };
        assemble(
            Config::with_defaults("T", "https://e.org/"),
            articles,
            vec![topic()],
            Vec::new(),
            selection,
        )
    }

    fn site(articles: Vec<ParsedArticle>) -> Site {
        let Checked {
            value: site,
            diagnostics,
        } = model(articles);
        site.unwrap_or_else(|| panic!("{diagnostics:?}"))
    }

    fn errors(articles: Vec<ParsedArticle>) -> Vec<String> {
        let diagnostics = model(articles).diagnostics;
        let mut messages: Vec<String> = diagnostics
            .iter()
            .map(|d| format!("{}: {}", d.path.display(), d.message))
            .collect();
        messages.sort();
        messages
    }

    /// Guards the permalink check's two paths: without a clash `seen` is filled in article order
    /// and no sort is done; with one, the article whose source sorts first is named.
    #[test]
    fn permalink_clashes_name_the_first_source_and_aliases_meet_every_permalink() {
        // Newest first is b, c, a; by source, a comes first.
        let clash = errors(vec![
            article("c", "title: C\ndate: 2024-06-02\nslug: same"),
            article("a", "title: A\ndate: 2024-06-01\nslug: same"),
            article("b", "title: B\ndate: 2024-06-03\nslug: same"),
        ]);
        assert_eq!(
            clash,
            [
                "content/b.md: the permalink /2024/06/same/ is also the permalink of content/a.md",
                "content/c.md: the permalink /2024/06/same/ is also the permalink of content/a.md",
            ]
        );
        // Regression: the clash was said on whichever file sorts second, without a line. When
        // one of the two sets `slug:`, that is the one told, at its `slug:`.
        let made = errors(vec![
            article("a", "title: A\ndate: 2024-06-01\nslug: z"),
            article("z", "title: Z\ndate: 2024-06-02"),
        ]);
        assert_eq!(
            made,
            ["content/a.md: the permalink /2024/06/z/ is also the permalink of content/z.md"]
        );
        let placed = model(vec![
            article("a", "title: A\ndate: 2024-06-01\nslug: z"),
            article("z", "title: Z\ndate: 2024-06-02"),
        ]);
        assert!(placed.diagnostics[0].pos.is_some(), "{:?}", placed.diagnostics);
        // No clash: an alias onto another article's permalink is still caught, and a reserved
        // permalink is reported, and an alias there is refused as the site's own.
        let mut reserved = article("t", "title: T\ndate: 2024-06-03");
        reserved.permalink = "/tags/".into();
        let no_clash = errors(vec![
            article("x", "title: X\ndate: 2024-06-01\naliases: [/2024/06/y/, /tags/]"),
            article("y", "title: Y\ndate: 2024-06-02"),
            reserved,
        ]);
        assert_eq!(
            no_clash,
            [
                "content/t.md: the permalink /tags/ is taken by the site's own pages",
                "content/x.md: the alias /2024/06/y/ is the permalink of content/y.md",
                "content/x.md: the alias /tags/ is one of the site's own pages or files",
            ]
        );
    }

    /// Regression: with `permalink: /page/:slug/` and `slug: "2"`, an article's page and the
    /// home's second page were both written to /page/2/; one of them was lost without a word.
    #[test]
    fn a_permalink_on_the_homes_further_pages_or_a_root_file_is_refused() {
        let at = |name: &str, permalink: &str| {
            let mut a = article(name, "title: T\ndate: 2024-06-03");
            a.permalink = permalink.into();
            a
        };
        let found = errors(vec![
            at("a", "/page/2/"),
            at("b", "/atom.xml/"),
            at("c", "/page/about/"),
            article("d", "title: D\ndate: 2024-06-01\naliases: [/page/3/, /page/]"),
        ]);
        assert_eq!(
            found,
            [
                "content/a.md: the permalink /page/2/ is taken by the site's own pages",
                "content/b.md: the permalink /atom.xml/ is taken by the site's own pages",
                "content/d.md: the alias /page/3/ is one of the site's own pages or files",
            ]
        );
    }

    /// Regression: the warning about a tag spelled two ways was said on a file that spells it
    /// the way shown, without a line, so the writer looked in the wrong file.
    #[test]
    fn a_tag_spelled_another_way_is_warned_where_that_spelling_is() {
        let found = model(vec![
            article("y", "title: Y\ndate: 2024-06-03\ntags: [Kim Jong Un]"),
            article("k", "title: K\ndate: 2024-06-02\ntags: [kim jong un]"),
            article("t", "title: T\ndate: 2024-06-01\ntags: [Kim Jong Un]"),
        ])
        .diagnostics;
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            (found[0].path.display().to_string(), found[0].pos.map(|p| p.line)),
            ("content/k.md".to_string(), Some(4))
        );
    }

    /// Regression: a body whose first paragraph was long (10 MB, in the probe) and no `summary:`
    /// had it copied whole six times into its page (meta tags, JSON-LD, the summary line) and
    /// into every list and feed.
    #[test]
    fn a_long_first_paragraph_gives_a_summary_of_its_start() {
        assert_eq!(fallback_summary("Short and whole."), "Short and whole.");
        let sentence = "Putin and Kim signed a treaty in Pyongyang. ";
        let long = sentence.repeat(30);
        let summary = fallback_summary(&long);
        // Whole sentences, as many as fit in 400 characters.
        assert_eq!(summary, sentence.repeat(9).trim_end());
        let words = "word ".repeat(200);
        let summary = fallback_summary(&words);
        assert!(
            summary.ends_with("word…") && summary.chars().count() <= 401,
            "{summary}"
        );
        let korean = "북한과 러시아가 조약에 서명했다。".repeat(40);
        let summary = fallback_summary(&korean);
        assert!(summary.ends_with('。') && summary.chars().count() <= 400, "{summary}");
        assert_eq!(fallback_summary(&"x".repeat(10_000_000)).chars().count(), 401);
    }

    /// Regression: an alias spelled `…/index.html`, or on a page or file the site writes itself,
    /// passed the checks, and its redirect silently replaced that page (an article, a topic, the
    /// feed) or failed the build with a path of the temporary output folder.
    #[test]
    fn an_alias_may_not_land_on_any_page_or_file_of_the_site() {
        let found = errors(vec![
            article(
                "x",
                "title: X\ndate: 2024-06-01\naliases: [/2024/06/y/index.html, /2024/06/x/index.html, /topics/korea/, /atom.xml, /page/2/, /index.html, /old/index.html]",
            ),
            article("y", "title: Y\ndate: 2024-06-02"),
        ]);
        assert_eq!(
            found,
            [
                "content/x.md: the alias / is one of the site's own pages or files",
                "content/x.md: the alias /2024/06/x/ is the permalink of content/x.md",
                "content/x.md: the alias /2024/06/y/ is the permalink of content/y.md",
                "content/x.md: the alias /atom.xml/ is one of the site's own pages or files",
                "content/x.md: the alias /page/2/ is one of the site's own pages or files",
                "content/x.md: the alias /topics/korea/ is one of the site's own pages or files",
            ]
        );
    }

    /// Issue 13: the site stage keeps what it left out (not only counts), in source order; a
    /// draft dated in the future is a draft; a date more than a year ahead is a warning at `date:`.
    #[test]
    fn left_out_articles_are_listed_with_why_and_a_far_date_is_a_warning_at_its_line() {
        // The model's "now" is 2033-05-18.
        let Checked { value, diagnostics } = model(vec![
            article("b-draft", "title: D\ndate: 2024-06-01\ndraft: true"),
            article("a-soon", "title: S\ndate: 2033-06-01"),
            article("c-typo", "title: T\ndate: 2303-06-01\ndraft: true"),
            article("d", "title: P\ndate: 2024-06-02"),
        ]);
        let site = value.expect("a site");
        assert_eq!(titles(&site, &[0]), ["P"]);
        let left: Vec<(&str, Reason, bool)> = site
            .left_out
            .articles
            .iter()
            .map(|a| (a.source.as_str(), a.reason, a.far_ahead))
            .collect();
        assert_eq!(
            left,
            [
                ("content/a-soon.md", Reason::Scheduled, false),
                ("content/b-draft.md", Reason::Draft, false),
                ("content/c-typo.md", Reason::Draft, true),
            ]
        );
        assert_eq!((site.left_out.drafts(), site.left_out.future()), (2, 1));
        let warnings: Vec<String> = diagnostics.iter().map(|d| d.to_string()).collect();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].starts_with("content/c-typo.md:3:7: warning: the date 2303-06-01 is more than a year ahead"),
            "{warnings:?}"
        );
    }

    /// A timeline year as (year, [(month, entry count)]).
    type YearShape = (i16, Vec<(Option<i8>, usize)>);

    fn titles(site: &Site, entries: &[usize]) -> Vec<String> {
        entries.iter().map(|&i| site.articles[i].meta.title.clone()).collect()
    }

    #[test]
    fn a_timeline_runs_by_event_date_and_groups_by_year_and_month() {
        let site = site(vec![
            article("pact", "title: Pact\ndate: 2024-06-21\nevent_date: 2024-06-19"),
            article("visit", "title: Visit 2000\ndate: 2024-06-20\nevent_date: 2000-07"),
            article(
                "year",
                "title: Some time in 2000\ndate: 2024-06-22\nevent_date: \"2000\"",
            ),
            // Same event day as the pact: the earlier publication comes first.
            article(
                "early",
                "title: Early report\ndate: 2024-06-19T08:00:00Z\nevent_date: 2024-06-19",
            ),
            article("invasion", "title: Invasion\ndate: 2024-06-23\nevent_date: 2022-02-24"),
            // Regression (design review M5): a visit of 18–19 June, published first, came
            // before the remarks of 18 June made on its eve. The event that ends first leads.
            article(
                "visit-2024",
                "title: Visit 2024\ndate: 2024-06-17\nevent_date: 2024-06-18\nevent_end: 2024-06-19",
            ),
            article("eve", "title: Eve\ndate: 2024-06-20\nevent_date: 2024-06-18"),
        ]);
        let timeline = &site.topics[0].timeline;
        assert_eq!(
            titles(&site, &timeline.entries),
            [
                "Some time in 2000",
                "Visit 2000",
                "Invasion",
                "Eve",
                "Visit 2024",
                "Early report",
                "Pact"
            ]
        );
        let shape: Vec<YearShape> = timeline
            .years
            .iter()
            .map(|y| (y.year, y.months.iter().map(|m| (m.month, m.entries.len())).collect()))
            .collect();
        assert_eq!(
            shape,
            [
                (2000, vec![(None, 1), (Some(7), 1)]),
                (2022, vec![(Some(2), 1)]),
                (2024, vec![(Some(6), 4)])
            ]
        );
    }

    /// Guards the precomputed timeline places: equal event instants go by precision (as
    /// `DateValue` orders them), then by publication, then by source path.
    #[test]
    fn timeline_ties_go_to_precision_then_publication_then_source() {
        let site = site(vec![
            article(
                "z-day",
                "title: Day
date: 2024-06-20
event_date: 2000-01-01",
            ),
            article(
                "b-year",
                "title: Year B
date: 2024-06-20
event_date: \"2000\"",
            ),
            article(
                "a-year",
                "title: Year A
date: 2024-06-20
event_date: \"2000\"",
            ),
            article(
                "month",
                "title: Month
date: 2024-06-20
event_date: 2000-01",
            ),
            article(
                "early-year",
                "title: Year early
date: 2024-06-19
event_date: \"2000\"",
            ),
        ]);
        assert_eq!(
            titles(&site, &site.topics[0].timeline.entries),
            ["Year early", "Year A", "Year B", "Month", "Day"]
        );
    }

    #[test]
    fn articles_run_newest_first_and_the_archive_groups_them_by_publication_month() {
        let site = site(vec![
            article("a", "title: A\ndate: 2024-05-31"),
            article("b", "title: B\ndate: 2024-06-02"),
            article("c", "title: C\ndate: 2024-06-01"),
        ]);
        assert_eq!(titles(&site, &(0..3).collect::<Vec<_>>()), ["B", "C", "A"]);
        let months: Vec<(i16, i8, usize)> = site
            .archive
            .iter()
            .map(|m| (m.year, m.month, m.articles.len()))
            .collect();
        assert_eq!(months, [(2024, 6, 2), (2024, 5, 1)]);
    }
}
