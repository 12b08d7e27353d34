//! The pipeline end to end: load → front matter → markdown → model → render, returning the site
//! as an in-memory `Output` that `build` writes and `serve` serves.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use jiff::Timestamp;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::core::diagnostic::{Diagnostic, Diagnostics};
use crate::core::output::Body;
use crate::core::output::Output;
use crate::core::slug::slugify;
use crate::core::urls::{self, BaseUrl};
use crate::parse::config::{self, Config};
use crate::parse::frontmatter::{self, ArticleMeta};
use crate::parse::links;
use crate::parse::markdown::{self, MarkdownOptions};
use crate::render::{self, PageSink, Templates};
use crate::site::{self, ParsedArticle, ParsedTopic, Selection, Site};
use crate::source::load::{self, SourceFile};

/// What to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Replaces site.yaml's base_url (preview deployments, `serve`).
    pub base_url: Option<String>,
    pub drafts: bool,
    pub future: bool,
    pub strict: bool,
    /// What counts as "the future": the build's clock, passed in so the core stays pure.
    pub now: Timestamp,
    /// Where the build reports the phase it has finished, for a progress bar.
    pub progress: Option<Arc<Progress>>,
    /// Parsed articles from the previous build, reused where nothing changed (`serve`).
    pub cache: Option<Arc<ParseCache>>,
}

/// The build's phases, in order, as progress reports them.
pub const PHASES: &[&str] = &["load", "parse", "model", "templates", "render", "links"];

/// How far a running build is: the number of phases finished. Shared with whoever shows it.
#[derive(Debug, Default)]
pub struct Progress {
    finished: AtomicUsize,
}

impl Progress {
    /// Phases finished so far (0 to `PHASES.len()`).
    pub fn finished(&self) -> usize {
        self.finished.load(Ordering::Relaxed)
    }
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            base_url: None,
            drafts: false,
            future: false,
            strict: false,
            now: Timestamp::now(),
            progress: None,
            cache: None,
        }
    }
}

/// A successful build.
#[derive(Debug)]
pub struct Built {
    pub site: Site,
    pub output: Output,
    /// Warnings only (a build with errors fails).
    pub warnings: Vec<Diagnostic>,
    pub timings: Timings,
}

/// A failed build: every error and warning found, sorted.
#[derive(Debug)]
pub struct Failed {
    pub diagnostics: Vec<Diagnostic>,
}

impl Failed {
    /// A build that failed with `diagnostics`; with `strict`, its warnings count as errors.
    fn new(mut diagnostics: Diagnostics, strict: bool) -> Failed {
        if strict {
            diagnostics.make_strict();
        }
        Failed {
            diagnostics: diagnostics.sorted(),
        }
    }
}

/// How long each phase took.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    pub phases: Vec<(&'static str, Duration)>,
    progress: Option<Arc<Progress>>,
}

impl Timings {
    fn record(&mut self, phase: &'static str, since: Instant) -> Instant {
        let now = Instant::now();
        self.phases.push((phase, now - since));
        if let Some(progress) = &self.progress {
            progress.finished.store(self.phases.len(), Ordering::Relaxed);
        }
        now
    }
}

/// Reads and validates site.yaml (with a `--base-url` override applied).
pub fn load_config(root: &Path, base_url: Option<&str>, diagnostics: &mut Diagnostics) -> Option<Config> {
    let source = match load::read_config(root) {
        Ok(source) => source,
        Err(mut d) => {
            d.message = format!("{} (every site has a site.yaml at its root)", d.message);
            diagnostics
                .push(d.with_hint("run `gazette init DIR` to make a new site, or pass --root with the site's folder"));
            return None;
        }
    };
    let mut warnings = Vec::new();
    let result = config::parse(&source.display, &source.text, &mut warnings);
    diagnostics.extend(warnings);
    match result {
        Ok(mut config) => {
            if let Some(url) = base_url {
                match BaseUrl::parse(url) {
                    Ok(url) => config.base_url = url,
                    Err(message) => {
                        diagnostics.push(
                            Diagnostic::error("--base-url", None, message)
                                .with_hint("pass an absolute URL such as https://example.org/briefings/"),
                        );
                        return None;
                    }
                }
            }
            Some(config)
        }
        Err(errors) => {
            diagnostics.extend(errors);
            None
        }
    }
}

/// Runs the pipeline up to an in-memory `Output`.
pub fn build(options: &BuildOptions) -> Result<Built, Failed> {
    build_into(options, None)
}

/// A site parsed and modelled, its templates compiled: ready to render any page. `build` renders
/// them all; `serve` renders each when it is asked for (`live`).
pub struct Prepared {
    pub site: Site,
    pub templates: render::Templates,
    /// The files copied as they are: output path → file, content assets over static files.
    pub files: BTreeMap<String, crate::core::output::Body>,
    /// The static files alone (to warn about those a generated file replaces).
    pub static_files: BTreeMap<String, crate::core::output::Body>,
    /// Warnings so far (a site with errors is not prepared).
    pub diagnostics: Diagnostics,
    pub timings: Timings,
    strict: bool,
}

impl Prepared {
    /// Finishes a build's diagnostics (`diagnostics`, taken from this) once its output is
    /// known: checks the links, and warns about static files that a generated file replaces.
    /// `generated` tells whether a path is a page or a generated file (feeds, index),
    /// `has_file` whether the output has it at all.
    pub fn finish(
        &self,
        mut diagnostics: Diagnostics,
        generated: &dyn Fn(&str) -> bool,
        has_file: &(dyn Fn(&str) -> bool + Sync),
    ) -> Result<Vec<Diagnostic>, Failed> {
        diagnostics.extend(site::links::check(&self.site, has_file));
        for (path, body) in &self.static_files {
            if generated(path) || self.files.get(path) != Some(body) {
                if let crate::core::output::Body::File(source) = body {
                    diagnostics.push(
                        Diagnostic::warning(
                            source,
                            None,
                            format!("`{path}` is generated by gazette, so this static file is not used"),
                        )
                        .with_hint("remove it, or override the template that makes it"),
                    );
                }
            }
        }
        if diagnostics.has_errors() || (self.strict && diagnostics.warning_count() > 0) {
            return Err(Failed::new(diagnostics, self.strict));
        }
        Ok(diagnostics.sorted())
    }
}

/// Runs the pipeline, handing each rendered page to `sink` (when given) instead of keeping it in
/// the `Output`, where it is then marked `Body::Written`.
pub fn build_into(options: &BuildOptions, sink: Option<&PageSink<'_>>) -> Result<Built, Failed> {
    let mut prepared = prepare(options)?;
    let started = Instant::now();
    let output = render_and_publish(&prepared.site, &prepared.templates, &prepared.files, sink);
    let t = prepared.timings.record("render", started);
    let output = match output {
        Ok(output) => output,
        Err(errors) => {
            let mut diagnostics = std::mem::take(&mut prepared.diagnostics);
            diagnostics.extend(errors);
            return Err(Failed::new(diagnostics, options.strict));
        }
    };
    let generated = |path: &str| {
        output.get(path).is_some_and(|body| {
            matches!(
                body,
                crate::core::output::Body::Bytes(_) | crate::core::output::Body::Written(_)
            )
        })
    };
    let diagnostics = std::mem::take(&mut prepared.diagnostics);
    let warnings = prepared.finish(diagnostics, &generated, &|path| output.get(path).is_some())?;
    let mut timings = prepared.timings;
    timings.record("links", t);
    Ok(Built {
        site: prepared.site,
        output,
        warnings,
        timings,
    })
}

/// Runs the pipeline up to a `Prepared` site: load, parse, model, templates.
pub fn prepare(options: &BuildOptions) -> Result<Prepared, Failed> {
    let mut timings = Timings {
        phases: Vec::new(),
        progress: options.progress.clone(),
    };
    let mut diagnostics = Diagnostics::default();
    let started = Instant::now();

    let Some(config) = load_config(&options.root, options.base_url.as_deref(), &mut diagnostics) else {
        return Err(Failed::new(diagnostics, options.strict));
    };
    // With a cache (serve), a file whose text is unchanged is not parsed again; one that the
    // cache knows and no change since names is not even read.
    let context_key = config_key(&config);
    let previous = options.cache.as_ref().map(|cache| cache.take()).unwrap_or_default();
    let known: Option<HashSet<String>> = options.cache.as_ref().and_then(|cache| cache.take_changes(context_key));
    let listing = known
        .as_ref()
        .and_then(|changed| Some((options.cache.as_ref()?.listing()?, changed)))
        .and_then(|(listing, changed)| listing.updated(&options.root, changed))
        .unwrap_or_else(|| load::ContentListing::walk(&options.root.join("content")));
    // Behind a symbolic link, or with a broken one, events under content/ do not tell every
    // change: then every file is read and compared.
    let known = known.filter(|_| listing.events_tell_all());
    let unchanged = |path: &str| {
        known
            .as_ref()
            .is_some_and(|changed| previous.contains_key(path) && !is_changed(changed, path))
    };
    let mut files = load::load(&options.root, &config.theme, listing, &unchanged);
    if let Some(cache) = &options.cache {
        cache.lock().listing = Some(files.listing.clone());
    }
    let mut t = timings.record("load", started);
    diagnostics.extend(std::mem::take(&mut files.diagnostics));

    let markdown_options = MarkdownOptions {
        unsafe_html: config.unsafe_html,
        top_heading: 2,
    };
    // A topic's background stands under the page's "The story so far" heading.
    let topic_options = MarkdownOptions {
        top_heading: 3,
        ..markdown_options
    };
    // Front matter first: links between articles need every permalink before Markdown renders.
    if let Some(cache) = &options.cache {
        cache.reused.store(0, Ordering::Relaxed);
    }
    let metas: Vec<(u64, FrontMatterResult, Option<&CachedArticle>)> = files
        .articles
        .par_iter()
        .map(|file| {
            if file.unread
                && let Some(cached) = previous.get(&file.path)
            {
                return (cached.text_key, cached.front_matter.clone(), Some(cached));
            }
            // Without a cache there is nothing to compare the text with: skip hashing it.
            let text_key = if options.cache.is_some() {
                hash_of(&(context_key, &file.text))
            } else {
                0
            };
            match previous.get(&file.path).filter(|c| c.text_key == text_key) {
                Some(cached) => (text_key, cached.front_matter.clone(), Some(cached)),
                None => (text_key, parse_front_matter(file, &config), None),
            }
        })
        .collect();
    let mut permalinks: FxHashMap<String, String> = FxHashMap::default();
    permalinks.reserve(files.articles.len() + files.topics.len());
    // The strings are made on every core; only the inserts are serial.
    let article_permalinks: Vec<(String, String)> = files
        .articles
        .par_iter()
        .zip(&metas)
        .filter_map(|(file, (_, (meta, _), _))| {
            let front = meta.as_ref()?;
            Some((file.path.clone(), config.base_url.url(&front.permalink)))
        })
        .collect();
    permalinks.extend(article_permalinks);
    for file in &files.topics {
        permalinks.insert(
            file.path.clone(),
            config.base_url.url(&urls::topic(&slugify(&file.slug_stem()))),
        );
    }
    // A rendered body depends on its text and on the permalinks of the files it links to.
    // (Hashed as they are looked up: serve asks this of every cached article on every rebuild.)
    let links_key = |targets: &[String]| -> u64 {
        use std::hash::{BuildHasher, Hash, Hasher};
        let mut hasher = rustc_hash::FxBuildHasher.build_hasher();
        for target in targets {
            permalinks.get(target).hash(&mut hasher);
        }
        hasher.finish()
    };
    // Each file is dropped as soon as its body is rendered, so the site's Markdown and its HTML
    // are never all in memory at once.
    let parsed: Vec<ParsedWithCache> = std::mem::take(&mut files.articles)
        .into_par_iter()
        .zip(metas)
        .map(|(file, (text_key, (meta, found), cached))| {
            let body = |body_start: usize| -> CachedBody {
                if let Some(body) = cached
                    .and_then(|c| c.body.as_ref())
                    .filter(|body| body.links_key == links_key(&body.targets))
                {
                    if let Some(cache) = &options.cache {
                        cache.reused.fetch_add(1, Ordering::Relaxed);
                    }
                    return body.clone();
                }
                let rewrite = |url: &str| links::rewrite(&file.path, url, &permalinks, &config.base_url);
                // An unread file whose links now lead elsewhere: read it after all.
                let read;
                let text = if file.unread {
                    read = file.read().map(|f| f.text).unwrap_or_default();
                    &read
                } else {
                    &file.text
                };
                let markdown = text.get(body_start..).unwrap_or_default();
                let rendered = markdown::render_with_links(markdown, markdown_options, &rewrite);
                let targets: Arc<[String]> = rendered
                    .links
                    .iter()
                    .filter_map(|link| links::content_link(&file.path, &link.url))
                    .map(|target| target.path)
                    .collect();
                CachedBody {
                    links_key: links_key(&targets),
                    targets,
                    rendered: Arc::new(rendered),
                }
            };
            let body = meta.as_ref().map(|front| body(front.body_start));
            let article = meta.as_ref().zip(body.as_ref()).map(|(front, body)| ParsedArticle {
                source: file.path.clone(),
                display: file.display.clone(),
                meta: front.meta.clone(),
                body: body.rendered.clone(),
                body_line: front.body_line,
                permalink: front.permalink.clone(),
            });
            let entry = options.cache.is_some().then(|| {
                let cached = CachedArticle {
                    text_key,
                    front_matter: (meta, found.clone()),
                    body,
                };
                (file.path, cached)
            });
            (article, found, entry)
        })
        .collect();
    let mut next_cache = FxHashMap::default();
    next_cache.reserve(parsed.len());
    let parsed: Vec<(Option<ParsedArticle>, Vec<Diagnostic>)> = parsed
        .into_iter()
        .map(|(article, found, entry)| {
            if let Some((path, cached)) = entry {
                next_cache.insert(path, cached);
            }
            (article, found)
        })
        .collect();
    if let Some(cache) = &options.cache {
        cache.put(next_cache, context_key);
    }
    let mut articles = Vec::with_capacity(parsed.len());
    for (article, found) in parsed {
        diagnostics.extend(found);
        articles.extend(article);
    }
    let mut topics = Vec::with_capacity(files.topics.len());
    for file in &files.topics {
        let (topic, found) = parse_topic(file, topic_options);
        diagnostics.extend(found);
        topics.extend(topic);
    }
    t = timings.record("parse", t);

    let selection = Selection {
        drafts: options.drafts,
        future: options.future,
        now: options.now,
    };
    let (site, found) = site::build(config, articles, topics, selection);
    diagnostics.extend(found);
    t = timings.record("model", t);

    let templates = render::compile(&files.templates);
    timings.record("templates", t);
    let templates = match templates {
        Ok(templates) => Some(templates),
        Err(errors) => {
            diagnostics.extend(errors);
            None
        }
    };
    if options.strict && diagnostics.warning_count() > 0 {
        return Err(Failed::new(diagnostics, true));
    }
    let (Some(site), Some(templates)) = (site, templates) else {
        return Err(Failed::new(diagnostics, options.strict));
    };
    if diagnostics.has_errors() {
        return Err(Failed::new(diagnostics, options.strict));
    }

    let mut copied = files.static_files.clone();
    let bundles = render::bundles(&site);
    for asset in &files.content_assets {
        if let Some(target) = render::asset_target(&bundles, &asset.path) {
            copied.insert(target, asset.body.clone());
        }
    }
    drop(bundles);
    // The last build's cache entries and this one's permalinks are not needed any more; freeing
    // a 100,000-article site's worth of them takes ~30 ms that `serve` need not wait for.
    drop_in_background((previous, permalinks));
    Ok(Prepared {
        site,
        templates,
        files: copied,
        static_files: files.static_files,
        diagnostics,
        timings,
        strict: options.strict,
    })
}

/// The render and publish stages: every page of the site (`render`), and beside them the feeds,
/// sitemap and search index (`publish`), with the files to copy, as one `Output`.
pub fn render_and_publish(
    site: &Site,
    templates: &Templates,
    files: &BTreeMap<String, Body>,
    sink: Option<&PageSink<'_>>,
) -> Result<Output, Vec<Diagnostic>> {
    // Feeds, the sitemap and the search index are made beside the pages. With a sink, each goes
    // to it as soon as it is made, so they never all sit in memory.
    let (rendered, data) = rayon::join(
        || render::render_pages(site, templates, sink),
        || {
            let mut data: Vec<Result<(String, Body), Diagnostic>> = Vec::new();
            let mut emit = |path: String, bytes: Vec<u8>| {
                data.push(match sink {
                    Some(sink) => sink(&path, &bytes).map(|()| (path, Body::Written(bytes.len()))),
                    None => Ok((path, Body::Bytes(bytes))),
                })
            };
            data_files(site, &mut emit);
            data
        },
    );
    let mut output = Output::default();
    for (path, body) in files {
        output.insert(path.clone(), body.clone());
    }
    let mut errors = Vec::new();
    for result in data {
        match result {
            Ok((path, body)) => output.insert(path, body),
            Err(diagnostic) => errors.push(diagnostic),
        }
    }
    for result in rendered {
        match result {
            Ok((path, body)) => output.insert(path, body),
            Err(mut diagnostics) => errors.append(&mut diagnostics),
        }
    }
    if errors.is_empty() {
        Ok(output)
    } else {
        Err(render::sorted_errors(errors))
    }
}

/// Everything a site has besides its pages and copied files: the feeds, sitemap, robots.txt,
/// redirects and search index, handed to `emit` one at a time. `build` writes them as they come;
/// `serve` makes them the first time one is asked for.
pub fn data_files(site: &Site, emit: &mut dyn FnMut(String, Vec<u8>)) {
    crate::publish::outputs(site, emit);
    crate::publish::search::outputs(site, emit);
}

/// Drops `value` on a thread of its own, so that whoever is waiting for the caller does not wait
/// for the memory to be freed. (If no thread can be started, it is dropped here.)
fn drop_in_background<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new()
        .name("gazette-drop".into())
        .spawn(move || drop(value));
}

/// An article's front matter (or nothing when it has errors), and the diagnostics.
type FrontMatterResult = (Option<FrontMatter>, Vec<Diagnostic>);

/// What an article's front matter says, and what follows from it alone.
#[derive(Debug, Clone)]
struct FrontMatter {
    meta: Arc<ArticleMeta>,
    /// The byte offset of the body in the file, and its first line.
    body_start: usize,
    body_line: usize,
    /// The site path of its page (`/2024/06/pact/`), from `permalink` in site.yaml.
    permalink: String,
}

/// Splits and validates an article's front matter.
fn parse_front_matter(file: &SourceFile, config: &Config) -> FrontMatterResult {
    let split = match frontmatter::split(&file.display, &file.text) {
        Ok(split) => split,
        Err(e) => return (None, vec![e]),
    };
    let parsed = frontmatter::parse_article(file, &split, &config.timezone);
    let body_start = file.text.len() - split.body.len();
    (
        parsed.value.map(|meta| FrontMatter {
            permalink: urls::permalink(&config.permalink, meta.date.start.date(), &meta.slug),
            meta: Arc::new(meta),
            body_start,
            body_line: split.body_line,
        }),
        parsed.diagnostics,
    )
}

/// An article as parsed, its diagnostics, and what to keep of it for the next build.
type ParsedWithCache = (Option<ParsedArticle>, Vec<Diagnostic>, Option<(String, CachedArticle)>);

/// What a build learned about one article file, kept for the next build.
#[derive(Debug, Clone)]
struct CachedArticle {
    /// The hash of the file's text and of the configuration that parsing depends on.
    text_key: u64,
    front_matter: FrontMatterResult,
    body: Option<CachedBody>,
}

/// A rendered body, and what it depends on besides its text: the permalinks of the content
/// files its links point to.
#[derive(Debug, Clone)]
struct CachedBody {
    rendered: Arc<crate::parse::markdown::Rendered>,
    /// The content files its links point to (`content/2024/06/b.md`).
    targets: Arc<[String]>,
    /// The hash of their permalinks when it was rendered.
    links_key: u64,
}

/// Parsed articles kept between builds (`serve` keeps one), keyed by file: a file whose text,
/// the configuration and the site's permalinks are unchanged is not parsed again.
///
/// A cache made by `tracking_changes` is told which files changed since the last build
/// (`changed`): then the files it knows and no change names are not even read. Otherwise every
/// file is read and compared by its hash.
#[derive(Debug, Default)]
pub struct ParseCache {
    entries: std::sync::Mutex<Entries>,
    /// How many articles the last build reused whole (front matter and body).
    reused: AtomicUsize,
    /// Whether its owner reports every change (`changed`, `changed_unknown`).
    tracking: bool,
}

#[derive(Debug, Default)]
struct Entries {
    articles: FxHashMap<String, CachedArticle>,
    /// The configuration the articles were parsed with (`config_key`).
    context_key: u64,
    /// Site-relative paths changed since the articles were parsed, if every change was named.
    changes: Option<HashSet<String>>,
    /// What content/ held at the last build.
    listing: Option<load::ContentListing>,
}

impl ParseCache {
    /// A cache whose owner promises to report every change to the site's files before each
    /// build (`changed`, or `changed_unknown`), as `serve`'s watcher does.
    pub fn tracking_changes() -> ParseCache {
        ParseCache {
            tracking: true,
            ..ParseCache::default()
        }
    }

    /// How many articles the last build reused whole (front matter and body).
    pub fn reused(&self) -> usize {
        self.reused.load(Ordering::Relaxed)
    }

    /// Notes files or folders (site-relative, `/`-separated: `content/2024/06`) that changed
    /// since the last build. An empty path stands for the whole site.
    pub fn changed(&self, paths: impl IntoIterator<Item = String>) {
        let mut entries = self.lock();
        if let Some(changes) = &mut entries.changes {
            changes.extend(paths);
        }
    }

    /// Notes that files changed without knowing which: the next build reads every file.
    pub fn changed_unknown(&self) {
        self.lock().changes = None;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        // Entries are replaced whole, never left half-written: a poisoned lock is still usable.
        self.entries.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn listing(&self) -> Option<load::ContentListing> {
        self.lock().listing.clone()
    }

    fn take(&self) -> FxHashMap<String, CachedArticle> {
        std::mem::take(&mut self.lock().articles)
    }

    /// The changes since the cached articles were parsed with `context_key`, if all are known.
    fn take_changes(&self, context_key: u64) -> Option<HashSet<String>> {
        let mut entries = self.lock();
        let changes = entries.changes.take();
        changes.filter(|_| entries.context_key == context_key)
    }

    fn put(&self, articles: FxHashMap<String, CachedArticle>, context_key: u64) {
        let mut entries = self.lock();
        entries.articles = articles;
        entries.context_key = context_key;
        entries.changes = self.tracking.then(HashSet::new);
    }
}

/// Whether `path` or a folder above it is among `changed` (an empty path is the whole site).
fn is_changed(changed: &HashSet<String>, path: &str) -> bool {
    changed.contains(path)
        || changed.contains("")
        || path
            .char_indices()
            .filter(|&(_, c)| c == '/')
            .any(|(i, _)| changed.contains(&path[..i]))
}

/// A fast hash of anything hashable (FxHash: the cache needs speed, not flood resistance).
fn hash_of<T: std::hash::Hash>(value: &T) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(value)
}

/// What parsing depends on besides a file's own text.
fn config_key(config: &Config) -> u64 {
    hash_of(&(
        &config.timezone_name,
        &config.permalink,
        &config.base_url,
        config.unsafe_html,
    ))
}

fn parse_topic(file: &SourceFile, options: MarkdownOptions) -> (Option<ParsedTopic>, Vec<Diagnostic>) {
    let split = match frontmatter::split(&file.display, &file.text) {
        Ok(split) => split,
        Err(e) => return (None, vec![e]),
    };
    let parsed = frontmatter::parse_topic(file, &split);
    let Some(meta) = parsed.value else {
        return (None, parsed.diagnostics);
    };
    let topic = ParsedTopic {
        source: file.path.clone(),
        display: file.display.clone(),
        slug: slugify(&file.slug_stem()),
        meta,
        body: markdown::render(split.body, options),
    };
    (Some(topic), parsed.diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_changed_when_it_or_a_folder_above_it_is_named() {
        let changed: HashSet<String> = ["content/2024/06/a.md", "content/2025"]
            .iter()
            .map(|p| p.to_string())
            .collect();
        assert!(is_changed(&changed, "content/2024/06/a.md"));
        assert!(is_changed(&changed, "content/2025/01/b.md"));
        assert!(!is_changed(&changed, "content/2024/06/b.md"));
        assert!(!is_changed(&changed, "content/2025x/b.md"));
        let everything: HashSet<String> = [String::new()].into();
        assert!(is_changed(&everything, "content/x.md"));
    }
}
