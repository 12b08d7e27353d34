//! The parse stage: every article's front matter, then (once every permalink is known) its
//! Markdown body with the links between articles rewritten; every topic file. Files run on every
//! core; with `serve`'s cache, an unchanged article is reused instead of parsed.

use std::cell::RefCell;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::cache::{CachedArticle, CachedBody, FrontMatter, Incremental};
use crate::core::diagnostic::{Checked, Diagnostic, Diagnostics, closest};
use crate::core::slug::slugify;
use crate::core::urls;
use crate::parse::author;
use crate::parse::config::Config;
use crate::parse::edition::{self, EditionItem};
use crate::parse::frontmatter;
use crate::parse::links::{self, Target};
use crate::parse::markdown::{self, MarkdownOptions};
use crate::site::editions::{Note, WrittenLink};
use crate::site::{self, ParsedArticle, ParsedAuthor, ParsedEdition, ParsedTopic, Selection, Unparsed};
use crate::source::load::{self, SiteFiles, SourceFile};

/// Content path → what a link to it becomes: the page (a URL under the base path) of every
/// article and topic file, or that the build leaves the article out; every other file's URL.
pub(super) type Permalinks = FxHashMap<String, Target>;

/// Content path of a file that is not Markdown → its output path (`urls::asset_file`).
pub(super) type Assets = FxHashMap<String, String>;

/// The site's articles and topics, parsed.
pub(super) struct Parsed {
    pub(super) articles: Vec<ParsedArticle>,
    pub(super) topics: Vec<ParsedTopic>,
    pub(super) authors: Vec<ParsedAuthor>,
    /// The slug of every author file, whether or not it parsed.
    pub(super) author_slugs: Vec<String>,
    pub(super) editions: Vec<ParsedEdition>,
    /// The articles and topics whose front matter has errors (reported).
    pub(super) unparsed: Unparsed,
    /// Kept for the caller to free when nobody waits (a big site's map takes a while).
    pub(super) permalinks: Permalinks,
    /// Where each file of content/ that is not Markdown goes.
    pub(super) assets: Assets,
}

/// What parsing another language's files needs of the default language's: each original
/// article's front matter (what a translation does not set it inherits), and the permalinks a
/// link leads to when its target has no translation.
pub(super) struct Translating<'a> {
    /// Content path → the original article's front matter.
    pub(super) originals: &'a FxHashMap<String, Arc<frontmatter::ArticleMeta>>,
    pub(super) fallback: &'a Permalinks,
    /// Content path → what an edition's translation takes from the original edition.
    pub(super) editions: &'a FxHashMap<String, edition::EditionOriginal>,
}

/// Parses every article and topic of `files` (its articles are consumed); with `translating`,
/// they are the translations of another language.
pub(super) fn parse(
    files: &mut SiteFiles,
    config: &Config,
    incremental: &Incremental<'_>,
    selection: &Selection,
    diagnostics: &mut Diagnostics,
    translating: Option<&Translating<'_>>,
) -> (Parsed, FxHashMap<String, CachedArticle>) {
    // Front matter first: links between articles need every permalink before Markdown renders.
    let fronts = front_matters(&files.articles, config, incremental, translating);
    let assets = assets(files, &fronts);
    let mut permalinks = permalinks(files, &fronts, &assets, config, selection);
    if let Some(translating) = translating {
        for (path, target) in translating.fallback {
            permalinks.entry(path.clone()).or_insert_with(|| target.clone());
        }
    }
    let (articles, unparsed, next_cache) = articles(
        std::mem::take(&mut files.articles),
        fronts,
        config,
        incremental,
        &permalinks,
        diagnostics,
    );
    // A topic's background stands under the page's "The story so far" heading.
    let topic_options = markdown_options(config, 3, false);
    let mut topics = Vec::with_capacity(files.topics.len());
    let mut unparsed_topics = Vec::new();
    for file in &files.topics {
        let links = (config, &permalinks);
        match parse_topic(file, topic_options, links).into_value(diagnostics) {
            Some(topic) => topics.push(topic),
            None => unparsed_topics.push(slugify(&file.slug_stem())),
        }
    }
    let authors = files
        .authors
        .iter()
        .filter_map(|file| parse_author(file, topic_options, (config, &permalinks), &assets).into_value(diagnostics))
        .collect();
    let editions = files
        .editions
        .iter()
        .filter_map(|file| {
            let original = translating.and_then(|t| t.editions.get(&file.path));
            parse_edition(file, config, &permalinks, original).into_value(diagnostics)
        })
        .collect();
    // An author file that could not be read (an error of its own) still names its author.
    let unreadable_authors = files.unreadable.iter().filter(|p| p.starts_with(load::AUTHORS_DIR));
    let author_slugs = files
        .authors
        .iter()
        .map(|f| slugify(&f.slug_stem()))
        .chain(unreadable_authors.map(|p| slugify(&load::slug_stem(p))))
        .collect();
    // A file that could not be read is an error of its own: what names it is not told it is
    // missing.
    let mut unparsed = unparsed;
    for path in &files.unreadable {
        if path.starts_with(load::TOPICS_DIR) {
            unparsed_topics.push(slugify(&load::slug_stem(path)));
        } else if ![load::AUTHORS_DIR, load::EDITIONS_DIR]
            .iter()
            .any(|dir| path.starts_with(dir))
        {
            unparsed.push(path.clone());
        }
    }
    let parsed = Parsed {
        articles,
        topics,
        authors,
        author_slugs,
        editions,
        unparsed: Unparsed {
            articles: unparsed,
            topics: unparsed_topics,
            originals: Vec::new(),
        },
        permalinks,
        assets,
    };
    (parsed, next_cache)
}

/// An article's front matter as this build has it: the key of the text it came from, and the
/// cached article it was taken from, if any.
type Front<'c> = (u64, Checked<FrontMatter>, Option<&'c CachedArticle>);

/// Every article's front matter: from the cache when the file is unread or its text unchanged.
fn front_matters<'c>(
    files: &[SourceFile],
    config: &Config,
    incremental: &'c Incremental<'_>,
    translating: Option<&Translating<'_>>,
) -> Vec<Front<'c>> {
    files
        .par_iter()
        .map(|file| {
            if let Some(translating) = translating {
                let original = translating.originals.get(&file.path).map(|meta| &**meta);
                return (0, parse_front_matter(file, config, original), None);
            }
            if file.unread
                && let Some(cached) = incremental.previous.get(&file.path)
            {
                return (cached.text_key, cached.front_matter.clone(), Some(cached));
            }
            let text_key = incremental.text_key(&file.text);
            match incremental.previous.get(&file.path).filter(|c| c.text_key == text_key) {
                Some(cached) => (text_key, cached.front_matter.clone(), Some(cached)),
                None => (text_key, parse_front_matter(file, config, None), None),
            }
        })
        .collect()
}

/// Where every file of content/ that is not Markdown goes: next to its article's page when it
/// sits in a page bundle (any article with valid front matter, drafts too, so a link and its
/// file never disagree), else at its own path.
fn assets(files: &SiteFiles, fronts: &[Front<'_>]) -> Assets {
    let bundles: FxHashMap<&str, &str> = files
        .articles
        .iter()
        .zip(fronts)
        .filter_map(|(file, (_, front, _))| {
            let front = front.value.as_ref()?;
            Some((file.path.strip_suffix("/index.md")?, front.permalink.as_str()))
        })
        .collect();
    files
        .content_assets
        .iter()
        .filter_map(|asset| {
            let target = urls::asset_file(&asset.path, |dir| bundles.get(dir).copied())?;
            Some((asset.path.clone(), target))
        })
        .collect()
}

/// The permalink of every article with valid front matter (or that the site stage will leave it
/// out, as `site::left_out_reason` decides) and of every topic file, and the URL of every other
/// file of content/.
fn permalinks(
    files: &SiteFiles,
    fronts: &[Front<'_>],
    assets: &Assets,
    config: &Config,
    selection: &Selection,
) -> Permalinks {
    let mut permalinks = Permalinks::default();
    permalinks.reserve(files.articles.len() + files.topics.len() + assets.len());
    // The strings are made on every core; only the inserts are serial.
    let article_permalinks: Vec<(String, Target)> = files
        .articles
        .par_iter()
        .zip(fronts)
        .filter_map(|(file, (_, front, _))| {
            let front = front.value.as_ref()?;
            let target = match site::left_out_reason(&front.meta, selection) {
                Some(_) => Target::LeftOut,
                None => Target::Page(config.base_url.url(&front.permalink)),
            };
            Some((file.path.clone(), target))
        })
        .collect();
    permalinks.extend(article_permalinks);
    for file in &files.topics {
        permalinks.insert(
            file.path.clone(),
            Target::Page(config.base_url.url(&urls::topic(&slugify(&file.slug_stem())))),
        );
    }
    for (path, target) in assets {
        permalinks.insert(path.clone(), Target::Page(config.base_url.url(target)));
    }
    permalinks
}

/// An article as parsed, its diagnostics, and what to keep of it for the next build.
/// An article (with the file's path when its front matter failed), and its cache entry.
type ParsedWithCache = (Checked<ParsedArticle>, Option<String>, Option<(String, CachedArticle)>);

/// Every article's body, rendered or reused, into `ParsedArticle`s; and the cache entries for the
/// next build. Each file is dropped as soon as its body is rendered, so the site's Markdown and
/// its HTML are never all in memory at once.
fn articles(
    files: Vec<SourceFile>,
    fronts: Vec<Front<'_>>,
    config: &Config,
    incremental: &Incremental<'_>,
    permalinks: &Permalinks,
    diagnostics: &mut Diagnostics,
) -> (Vec<ParsedArticle>, Vec<String>, FxHashMap<String, CachedArticle>) {
    let options = markdown_options(config, 2, config.search_phrases);
    let parsed: Vec<ParsedWithCache> = files
        .into_par_iter()
        .zip(fronts)
        .map(|(file, (text_key, front, cached))| {
            let body = front
                .value
                .as_ref()
                .map(|fm| body(&file, fm.body_start, cached, options, config, incremental, permalinks));
            let article = front.value.as_ref().zip(body.as_ref()).map(|(fm, body)| ParsedArticle {
                source: file.path.clone(),
                display: file.display.clone(),
                meta: fm.meta.clone(),
                body: body.rendered.clone(),
                body_line: fm.body_line,
                permalink: fm.permalink.clone(),
            });
            let mut diagnostics = front.diagnostics.clone();
            if let (Some(fm), Some(body)) = (&front.value, &body) {
                diagnostics.extend(body_problem(&file.display, fm.body_line, &body.rendered));
                diagnostics.extend(huge_body(&file.display, &body.rendered));
            }
            let unparsed = article.is_none().then(|| file.path.clone());
            let article = Checked {
                value: article,
                diagnostics,
            };
            let entry = incremental.is_kept().then(|| {
                let cached = CachedArticle {
                    text_key,
                    front_matter: front,
                    body,
                };
                (file.path, cached)
            });
            (article, unparsed, entry)
        })
        .collect();
    let mut next_cache = FxHashMap::default();
    next_cache.reserve(parsed.len());
    let mut articles = Vec::with_capacity(parsed.len());
    let mut unparsed_files = Vec::new();
    for (article, unparsed, entry) in parsed {
        if let Some((path, cached)) = entry {
            next_cache.insert(path, cached);
        }
        articles.extend(article.into_value(diagnostics));
        unparsed_files.extend(unparsed);
    }
    (articles, unparsed_files, next_cache)
}

/// A rendered body depends on its text and on the permalinks of the files it links to, and on
/// whether they are left out. (Hashed
/// as they are looked up: serve asks this of every cached article on every rebuild.)
fn links_key(permalinks: &Permalinks, targets: &[String]) -> u64 {
    use std::hash::{BuildHasher, Hash, Hasher};
    let mut hasher = rustc_hash::FxBuildHasher.build_hasher();
    for target in targets {
        permalinks.get(target).hash(&mut hasher);
    }
    hasher.finish()
}

/// An article's body: the cached one when the permalinks it links to are unchanged, otherwise
/// rendered from the file (read now if the build skipped it).
fn body(
    file: &SourceFile,
    body_start: usize,
    cached: Option<&CachedArticle>,
    options: MarkdownOptions,
    config: &Config,
    incremental: &Incremental<'_>,
    permalinks: &Permalinks,
) -> CachedBody {
    if let Some(body) = cached
        .and_then(|c| c.body.as_ref())
        .filter(|body| body.links_key == links_key(permalinks, &body.targets))
    {
        incremental.reused_one();
        return body.clone();
    }
    // Each link's target is found once, as it is rewritten, and kept for the cache's key.
    let found: RefCell<Vec<String>> = RefCell::new(Vec::new());
    let rewrite = |url: &str| {
        let link = links::target(&file.path, url);
        if let Some(link) = &link {
            found.borrow_mut().push(link.path.clone());
        }
        links::rewrite_target(link, url, permalinks, &config.base_url)
    };
    // An unread file whose links now lead elsewhere: read it after all.
    let read;
    let text = if file.unread {
        read = file.read().map(|f| f.text).unwrap_or_default();
        &read
    } else {
        &file.text
    };
    let markdown = text.get(body_start..).unwrap_or_default();
    let mut rendered = markdown::render_with_links(markdown, options, &rewrite);
    rebase_raw_html(&mut rendered, &rewrite);
    let targets: Arc<[String]> = found.into_inner().into();
    CachedBody {
        links_key: links_key(permalinks, &targets),
        targets,
        rendered: Arc::new(rendered),
    }
}

/// How the site's Markdown is rendered (site.yaml's `markdown:`), with the level of its first
/// heading and whether its word pairs are counted for phrase search.
fn markdown_options(config: &Config, top_heading: u8, phrases: bool) -> MarkdownOptions {
    MarkdownOptions {
        unsafe_html: config.unsafe_html,
        smart_punctuation: config.smart_punctuation,
        top_heading,
        phrases,
    }
}

/// Splits and validates an article's front matter (a translation's, taking what it does not
/// set from its `original`).
fn parse_front_matter(
    file: &SourceFile,
    config: &Config,
    original: Option<&frontmatter::ArticleMeta>,
) -> Checked<FrontMatter> {
    let split = match frontmatter::split(&file.display, &file.text) {
        Ok(split) => split,
        Err(e) => return Checked::failed(vec![e]),
    };
    let parsed = match original {
        Some(original) => frontmatter::parse_translation(file, &split, &config.timezone, original),
        None => frontmatter::parse_article(file, &split, &config.timezone),
    };
    let body_start = file.text.len() - split.body.len();
    Checked {
        value: parsed
            .value
            .map(|mut meta| {
                if config.smart_punctuation {
                    meta.smarten();
                }
                meta
            })
            .map(|meta| FrontMatter {
                permalink: urls::permalink(&config.permalink, meta.date.start.date(), &meta.slug),
                meta: Arc::new(meta),
                body_start,
                body_line: split.body_line,
            }),
        diagnostics: parsed.diagnostics,
    }
}

/// A topic's background or an author's biography rendered as Markdown, its links to other
/// content files made permalinks and its root-relative links put under the base path, as an
/// article's (with the site's configuration and permalinks). The link check reads its links.
fn render_linked(
    file: &SourceFile,
    markdown: &str,
    options: MarkdownOptions,
    (config, permalinks): (&Config, &Permalinks),
) -> markdown::Rendered {
    let rewrite = |url: &str| links::rewrite_target(links::target(&file.path, url), url, permalinks, &config.base_url);
    let mut rendered = markdown::render_with_links(markdown, options, &rewrite);
    rebase_raw_html(&mut rendered, &rewrite);
    rendered
}

/// A rendered body's raw HTML with its relative URLs pointing where its Markdown links would (at
/// the content files they name: `<img src="chart.png">` beside `content/2024/06/a.md` is
/// `/2024/06/chart.png`, not a file beside the page `/2024/06/a/`). A body without raw HTML is
/// left as it is.
fn rebase_raw_html(rendered: &mut markdown::Rendered, rewrite: &dyn Fn(&str) -> links::Rewrite) {
    if !rendered.raw_html {
        return;
    }
    let missing = std::cell::RefCell::new(Vec::new());
    let rebase = |attribute: &str, value: &str| match rewrite(value) {
        links::Rewrite::To(url) => Some(url),
        // An image's or a video's file that content/ lacks (a link may lead anywhere).
        links::Rewrite::Keep if matches!(attribute, "src" | "poster") => {
            missing.borrow_mut().push(value.to_string());
            None
        }
        links::Rewrite::Keep | links::Rewrite::TextOnly => None,
    };
    if let std::borrow::Cow::Owned(html) = crate::parse::absolute::rebase_relative(&rendered.html, &rebase) {
        rendered.html = html;
    }
    rendered.raw_missing = missing.into_inner();
}

/// Parses a topic file: its front matter, and its background rendered as Markdown.
fn parse_topic(file: &SourceFile, options: MarkdownOptions, links: (&Config, &Permalinks)) -> Checked<ParsedTopic> {
    let split = match frontmatter::split(&file.display, &file.text) {
        Ok(split) => split,
        Err(e) => return Checked::failed(vec![e]),
    };
    let parsed = frontmatter::parse_topic(file, &split);
    let Some(mut meta) = parsed.value else {
        return Checked::failed(parsed.diagnostics);
    };
    if options.smart_punctuation {
        meta.smarten();
    }
    let topic = ParsedTopic {
        source: file.path.clone(),
        display: file.display.clone(),
        slug: slugify(&file.slug_stem()),
        meta,
        body: render_linked(file, split.body, options, links),
        body_line: split.body_line,
    };
    let mut diagnostics = parsed.diagnostics;
    diagnostics.extend(body_problem(&file.display, split.body_line, &topic.body));
    Checked::new(topic, diagnostics)
}

/// Parses an author file: its front matter, its biography rendered as Markdown (like a topic's
/// background), and where its picture goes; a picture that is not beside it is an error at
/// `image:`, with the closest file of its folder.
fn parse_author(
    file: &SourceFile,
    options: MarkdownOptions,
    links: (&Config, &Permalinks),
    assets: &Assets,
) -> Checked<ParsedAuthor> {
    let split = match frontmatter::split(&file.display, &file.text) {
        Ok(split) => split,
        Err(e) => return Checked::failed(vec![e]),
    };
    let mut parsed = author::parse_author(file, &split);
    let Some(meta) = parsed.value else {
        return Checked::failed(parsed.diagnostics);
    };
    let folder = file.path.rsplit_once('/').map_or("", |(folder, _)| folder);
    let mut image = None;
    if let Some((name, pos)) = &meta.image {
        let path = urls::normalize(&format!("{folder}/{name}"));
        match assets.get(&path) {
            Some(target) => image = Some(target.clone()),
            None => {
                let mut beside: Vec<&str> = assets
                    .keys()
                    .filter_map(|p| p.strip_prefix(folder)?.strip_prefix('/'))
                    .collect();
                beside.sort_unstable();
                let hint = match closest(name, beside.iter().copied()) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => format!("put the picture at {path}"),
                };
                parsed.diagnostics.push(
                    Diagnostic::error(&file.display, *pos, format!("the image `{name}` is not in {folder}/"))
                        .with_hint(hint),
                );
                return Checked::failed(parsed.diagnostics);
            }
        }
    }
    let author = ParsedAuthor {
        source: file.path.clone(),
        display: file.display.clone(),
        slug: slugify(&file.slug_stem()),
        meta,
        body: render_linked(file, split.body, options, links),
        body_line: split.body_line,
        image,
        lang: None,
    };
    parsed
        .diagnostics
        .extend(body_problem(&file.display, split.body_line, &author.body));
    Checked::new(author, parsed.diagnostics)
}

/// Parses an edition file: its front matter, its introduction and each item's note rendered as
/// Markdown, with links to other content files made permalinks as in articles.
fn parse_edition(
    file: &SourceFile,
    config: &Config,
    permalinks: &Permalinks,
    original: Option<&edition::EditionOriginal>,
) -> Checked<ParsedEdition> {
    let split = match frontmatter::split(&file.display, &file.text) {
        Ok(split) => split,
        Err(e) => return Checked::failed(vec![e]),
    };
    let parsed = edition::parse_edition(file, &split, &config.timezone, original);
    let Some(mut meta) = parsed.value else {
        return Checked::failed(parsed.diagnostics);
    };
    if config.smart_punctuation {
        meta.smarten();
    }
    let options = markdown_options(config, 2, false);
    let rewrite = |url: &str| links::rewrite_target(links::target(&file.path, url), url, permalinks, &config.base_url);
    // The plain-text email writes each link's URL out, absolute.
    let page = url::Url::parse(&config.base_url.absolute(&urls::edition(&meta.slug))).ok();
    let text_url = |dest: &str| {
        // A sending service's placeholder, which it fills in as it sends: as written.
        if crate::core::resolve::is_placeholder(dest) {
            return Some(dest.trim().to_string());
        }
        let target = match rewrite(dest) {
            links::Rewrite::To(url) => url,
            links::Rewrite::Keep => dest.to_string(),
            links::Rewrite::TextOnly => return None,
        };
        if target.starts_with('#') {
            return None;
        }
        match &page {
            _ if crate::core::resolve::is_absolute(&target) => sendable(target),
            Some(page) => crate::core::resolve::absolute(page, &target).and_then(sendable),
            None => None,
        }
    };
    let raw_url = |href: &str| {
        if crate::core::resolve::is_placeholder(href) {
            return Some(href.trim().to_string());
        }
        // A relative address of a content file points at its file, as in the HTML email.
        let href = match rewrite(href.trim()) {
            links::Rewrite::To(url)
                if !href.trim().starts_with(['/', '#']) && !crate::core::resolve::is_absolute(href.trim()) =>
            {
                url
            }
            _ => href.to_string(),
        };
        raw_href(page.as_ref(), &href)
    };
    // Every link and image of the introduction and notes, where it is written, for the link
    // check and the image step.
    let mut links = Vec::new();
    let mut deep_notes = Vec::new();
    let how = NoteRendering {
        file,
        options,
        rewrite: &rewrite,
        text_url: &text_url,
        raw_url: &raw_url,
    };
    let notes = how.notes(&meta.items, &mut links, &mut deep_notes);
    let mut intro = markdown::render_with_links(split.body, options, &rewrite);
    rebase_raw_html(&mut intro, &rewrite);
    links.extend(intro.links.iter().map(|l| WrittenLink {
        pos: crate::core::diagnostic::Pos::new(split.body_line + l.line - 1, l.column),
        url: l.url.clone(),
        image: l.image,
    }));
    let edition = ParsedEdition {
        source: file.path.clone(),
        display: file.display.clone(),
        intro,
        intro_text: markdown::to_plain_text_with_html(split.body, options, &text_url, &raw_url),
        meta,
        notes,
        links,
    };
    let mut diagnostics = parsed.diagnostics;
    diagnostics.extend(body_problem(&file.display, split.body_line, &edition.intro));
    diagnostics.extend(deep_notes);
    diagnostics.extend(not_for_email(&file.display, &split, &edition));
    Checked::new(edition, diagnostics)
}

/// A warning for each kind of raw HTML in an edition's introduction that no email shows: a
/// video, audio or embedded frame (left out of the email) and an inline SVG (Gmail and Outlook
/// draw none). It is at the first place the introduction writes it.
fn web_only_media(display: &std::path::Path, body_line: usize, body: &str, html: &str) -> Vec<Diagnostic> {
    use crate::core::diagnostic::Pos;
    let lower_html = html.to_ascii_lowercase();
    let lower_body = body.to_ascii_lowercase();
    ["video", "audio", "iframe", "svg"]
        .into_iter()
        .filter(|tag| lower_html.contains(&format!("<{tag}")))
        .map(|tag| {
            let pos = lower_body
                .find(&format!("<{tag}"))
                .map_or(Pos::new(body_line, 1), |offset| {
                    let at = Pos::of_offset(body, offset);
                    Pos::new(body_line + at.line - 1, at.column)
                });
            let (message, hint) = match tag {
                "svg" => (
                    "Gmail and Outlook draw no inline SVG: the email shows nothing in its place".to_string(),
                    "export it as a PNG beside the edition and show that with `![…](chart.png)`",
                ),
                _ => (
                    format!("the email leaves this `<{tag}>` out: mail clients play and embed nothing"),
                    "link to it as well (`[Watch the briefing](https://…)`), so that the email's readers can reach it",
                ),
            };
            Diagnostic::warning(display, pos, message).with_hint(hint)
        })
        .collect()
}

/// The warnings for what an edition's email cannot show: SVG images (`svg_images`) and the raw
/// HTML of its introduction that no email shows (`web_only_media`).
fn not_for_email(
    display: &std::path::Path,
    split: &frontmatter::Split<'_>,
    edition: &ParsedEdition,
) -> Vec<Diagnostic> {
    let mut found = svg_images(display, &edition.links);
    found.extend(web_only_media(
        display,
        split.body_line,
        split.body,
        &edition.intro.html,
    ));
    found
}

/// A warning for each SVG image an edition's introduction or notes show: Gmail and Outlook show
/// none in an email, so the reader sees a broken image where the chart was.
fn svg_images(display: &std::path::Path, links: &[WrittenLink]) -> Vec<Diagnostic> {
    links
        .iter()
        .filter(|link| link.image)
        .filter(|link| {
            let path = link.url.split(['?', '#']).next().unwrap_or_default();
            path.len() > 4 && path[path.len() - 4..].eq_ignore_ascii_case(".svg")
        })
        .map(|link| {
            Diagnostic::warning(
                display,
                link.pos,
                format!(
                    "the image `{}` is an SVG, which Gmail and Outlook do not show in an email",
                    link.url
                ),
            )
            .with_hint("export it as a PNG (or JPEG) beside the edition and show that instead")
        })
        .collect()
}

/// How an edition's notes are rendered: for the page and email, and as plain text with their
/// links' URLs (as the introduction's).
struct NoteRendering<'a> {
    file: &'a SourceFile,
    options: MarkdownOptions,
    rewrite: &'a dyn Fn(&str) -> links::Rewrite,
    text_url: &'a dyn Fn(&str) -> Option<String>,
    raw_url: &'a dyn Fn(&str) -> Option<String>,
}

impl NoteRendering<'_> {
    /// Each item's note rendered (`None` for an item without one), its links and images added
    /// to `links` and its nesting error to `deep`.
    fn notes(
        &self,
        items: &[EditionItem],
        links: &mut Vec<WrittenLink>,
        deep: &mut Vec<Diagnostic>,
    ) -> Vec<Option<Note>> {
        items
            .iter()
            .map(|item| match item {
                EditionItem::Article {
                    note: Some(note),
                    pos,
                    note_pos,
                    ..
                }
                | EditionItem::Link {
                    note: Some(note),
                    pos,
                    note_pos,
                    ..
                } => {
                    let (note, note_links, too_deep) = self.note(note, note_pos.unwrap_or(*pos));
                    links.extend(note_links);
                    deep.extend(too_deep);
                    Some(note)
                }
                _ => None,
            })
            .collect()
    }

    /// The note whose text stands at `pos`, its links and images (where each is written), and the
    /// error for a note nested too deep and the warnings for its raw HTML's missing files.
    fn note(&self, note: &str, pos: crate::core::diagnostic::Pos) -> (Note, Vec<WrittenLink>, Vec<Diagnostic>) {
        let file = self.file;
        let mut rendered = markdown::render_with_links(note, self.options, self.rewrite);
        rebase_raw_html(&mut rendered, self.rewrite);
        // At the note's text: its own lines are YAML's, not the file's.
        let deep: Vec<Diagnostic> = rendered
            .too_deep
            .map(|_| too_deep(&file.display, pos))
            .into_iter()
            .chain(rendered.raw_missing.iter().map(|src| Diagnostic {
                pos: Some(pos),
                ..missing_raw_file(&file.display, src)
            }))
            .collect();
        // A note's place in the file is where its link's URL is first written.
        let links = rendered
            .links
            .iter()
            .map(|l| {
                let at = file.text.find(&l.url).unwrap_or_default();
                WrittenLink {
                    pos: crate::core::diagnostic::Pos::of_offset(&file.text, at),
                    url: l.url.clone(),
                    image: l.image,
                }
            })
            .collect();
        let note = Note {
            html: inline_html(&rendered.html),
            text: markdown::to_plain_text_with_html(note, self.options, self.text_url, self.raw_url),
        };
        (note, links, deep)
    }
}

/// A raw `<a href>`'s address in the plain-text email, as the HTML email has it (resolved from
/// the edition's `page`, not rewritten), when a mail reader can follow it.
fn raw_href(page: Option<&url::Url>, href: &str) -> Option<String> {
    let href = href.trim();
    if href.is_empty() || href.starts_with('#') {
        return None;
    }
    let target = match page {
        _ if crate::core::resolve::is_absolute(href) => href.to_string(),
        Some(page) => crate::core::resolve::absolute(page, href)?,
        None => return None,
    };
    sendable(target)
}

/// `target` when a plain-text email may write it out: a web or mail address (never a
/// `javascript:` one, which the HTML email's cleaning drops too).
fn sendable(target: String) -> Option<String> {
    let scheme = target.split(':').next().unwrap_or_default().to_ascii_lowercase();
    matches!(scheme.as_str(), "http" | "https" | "mailto").then_some(target)
}

/// A body whose HTML passes this is warned of: a page of more than a megabyte is slow on a
/// phone, and the topic feeds carry it in full.
const HUGE_BODY: usize = 1024 * 1024;

/// The warning for a body over `HUGE_BODY` (a pasted data dump, a whole report).
fn huge_body(display: &std::path::Path, body: &markdown::Rendered) -> Option<Diagnostic> {
    (body.html.len() > HUGE_BODY).then(|| {
        Diagnostic::warning(
            display,
            None,
            format!(
                "this article's body is {:.1} MB of HTML: its page is that heavy on a phone, and its topics' feeds carry it in full",
                body.html.len() as f64 / (1024.0 * 1024.0)
            ),
        )
        .with_hint("split it into several briefings, or put the long material in a file beside it and link that")
    })
}

/// What is wrong in a rendered body as a whole (its links are checked with the site's): a raw
/// HTML comment never closed, which would hide the rest of the page (an error), and footnote
/// references and reference links without a definition, shown as written (a warning each).
/// `body_line` is the file's line where the body starts.
fn body_problem(display: &std::path::Path, body_line: usize, body: &markdown::Rendered) -> Vec<Diagnostic> {
    let at = |line: usize, column: usize| crate::core::diagnostic::Pos::new(body_line + line - 1, column);
    let comment = body.unclosed_comment.map(|(line, column)| {
        Diagnostic::error(
            display,
            at(line, column),
            "this HTML comment is never closed: it would hide the rest of the page, footer and all",
        )
        .with_hint("end it with `-->` where the hidden text should stop")
    });
    let footnotes = body.undefined_footnotes.iter().map(|(line, column, label)| {
        Diagnostic::warning(
            display,
            at(*line, *column),
            format!("the footnote `[^{label}]` has no definition, so the page shows it as written"),
        )
        .with_hint(format!(
            "add a line `[^{label}]: the note's text` below the paragraph, or remove the reference"
        ))
    });
    let references = body.undefined_references.iter().map(|(line, column, label)| {
        Diagnostic::warning(
            display,
            at(*line, *column),
            format!("the link's label `[{label}]` has no definition, so the page shows it as written"),
        )
        .with_hint(format!(
            "add a line `[{label}]: https://…` below the paragraph, or write the address in the link: `[text](https://…)`"
        ))
    });
    let deep = body.too_deep.map(|(line, column)| too_deep(display, at(line, column)));
    comment
        .into_iter()
        .chain(deep)
        .chain(footnotes)
        .chain(references)
        .chain(body.raw_missing.iter().map(|src| missing_raw_file(display, src)))
        .collect()
}

/// The warning for raw HTML's relative `src` that names no file of content/.
fn missing_raw_file(display: &std::path::Path, src: &str) -> Diagnostic {
    Diagnostic::warning(
        display,
        None,
        format!("raw HTML's `src=\"{src}\"` names no file beside this one, so the page shows a broken image"),
    )
    .with_hint(
        "put the file beside it in content/ (a relative address starts at this file's folder), or correct the name",
    )
}

/// The error for a body (or an edition's note) whose elements nest deeper than
/// `markdown::MAX_DEPTH`, at the element that goes past it.
fn too_deep(display: &std::path::Path, pos: crate::core::diagnostic::Pos) -> Diagnostic {
    Diagnostic::error(
        display,
        pos,
        format!(
            "the text nests more than {} quotations, lists or HTML elements inside each other here",
            markdown::MAX_DEPTH
        ),
    )
    .with_hint(
        "close the elements you opened (each `<div>` needs its `</div>`), or nest fewer lists and `>` quotation marks",
    )
}

/// A note's HTML without the paragraph around it (a note is one line of inline text).
fn inline_html(html: &str) -> String {
    let trimmed = html.trim();
    match trimmed.strip_prefix("<p>").and_then(|t| t.strip_suffix("</p>")) {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => trimmed.to_string(),
    }
}
