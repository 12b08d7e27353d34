//! The parse cache that makes `serve`'s rebuilds incremental: parsed articles kept between
//! builds, keyed by file, reused when the file's text, the configuration and the permalinks its
//! links point to are unchanged; and which files a build need not even read, from the changes the
//! watcher names. A cached rebuild equals a full build (tests/it/cache.rs).

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use rustc_hash::FxHashMap;

use crate::core::diagnostic::Checked;
use crate::parse::config::Config;
use crate::parse::frontmatter::ArticleMeta;
use crate::parse::markdown::Rendered;
use crate::source::load::ContentListing;

/// What an article's front matter says, and what follows from it alone.
#[derive(Debug, Clone)]
pub(super) struct FrontMatter {
    pub(super) meta: Arc<ArticleMeta>,
    /// The byte offset of the body in the file, and its first line.
    pub(super) body_start: usize,
    pub(super) body_line: usize,
    /// The site path of its page (`/2024/06/pact/`), from `permalink` in site.yaml.
    pub(super) permalink: String,
}

/// What a build learned about one article file, kept for the next build.
#[derive(Debug, Clone)]
pub(super) struct CachedArticle {
    /// The hash of the file's text and of the configuration that parsing depends on.
    pub(super) text_key: u64,
    pub(super) front_matter: Checked<FrontMatter>,
    pub(super) body: Option<CachedBody>,
}

/// A rendered body, and what it depends on besides its text: the permalinks of the content
/// files its links point to.
#[derive(Debug, Clone)]
pub(super) struct CachedBody {
    pub(super) rendered: Arc<Rendered>,
    /// The content files its links point to (`content/2024/06/b.md`).
    pub(super) targets: Arc<[String]>,
    /// The hash of their permalinks when it was rendered.
    pub(super) links_key: u64,
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
    listing: Option<ContentListing>,
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

    /// The last listing, taken out: the build that asks puts its own back (`Incremental::listing`).
    fn take_listing(&self) -> Option<ContentListing> {
        self.lock().listing.take()
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
        config.smart_punctuation,
        config.search_phrases,
    ))
}

/// One build's use of the cache: what it took from the last build, and which files it need not
/// read. Without a cache (`build`), every file is read and parsed.
pub(super) struct Incremental<'a> {
    cache: Option<&'a ParseCache>,
    /// The last build's articles, by source path.
    pub(super) previous: FxHashMap<String, CachedArticle>,
    /// The paths changed since then, when every change was named.
    changed: Option<HashSet<String>>,
    /// What parsing depends on besides a file's own text (`config_key`).
    context_key: u64,
}

impl<'a> Incremental<'a> {
    /// Takes the last build's articles and changes out of `cache`, for a build with `config`.
    pub(super) fn begin(cache: Option<&'a ParseCache>, config: &Config) -> Incremental<'a> {
        let context_key = config_key(config);
        if let Some(cache) = cache {
            cache.reused.store(0, Ordering::Relaxed);
        }
        Incremental {
            cache,
            previous: cache.map(ParseCache::take).unwrap_or_default(),
            changed: cache.and_then(|cache| cache.take_changes(context_key)),
            context_key,
        }
    }

    /// What content/ holds: the last listing with the named changes applied, or a new walk.
    /// Behind a symbolic link, or with a broken one, events under content/ do not tell every
    /// change: then every file is read and compared.
    pub(super) fn listing(&mut self, root: &Path) -> ContentListing {
        let listing = self
            .changed
            .as_ref()
            .and_then(|changed| self.cache?.take_listing()?.updated(root, changed))
            .unwrap_or_else(|| ContentListing::walk(&root.join("content")));
        if !listing.events_tell_all() {
            self.changed = None;
        }
        if let Some(cache) = self.cache {
            cache.lock().listing = Some(listing.clone());
        }
        listing
    }

    /// Whether the file at `path` is known to be as the last build parsed it (then it is not read).
    pub(super) fn unchanged(&self, path: &str) -> bool {
        self.changed
            .as_ref()
            .is_some_and(|changed| self.previous.contains_key(path) && !is_changed(changed, path))
    }

    /// Whether this build keeps what it parses for the next one.
    pub(super) fn is_kept(&self) -> bool {
        self.cache.is_some()
    }

    /// The key a file's text is compared by; 0 without a cache, where nothing is compared.
    pub(super) fn text_key(&self, text: &str) -> u64 {
        if self.cache.is_some() {
            hash_of(&(self.context_key, text))
        } else {
            0
        }
    }

    /// Counts an article reused whole (front matter and body).
    pub(super) fn reused_one(&self) {
        if let Some(cache) = self.cache {
            cache.reused.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Hands this build's articles to the cache for the next build, and returns the last build's
    /// (for the caller to free when nobody waits).
    pub(super) fn finish(self, next: FxHashMap<String, CachedArticle>) -> FxHashMap<String, CachedArticle> {
        if let Some(cache) = self.cache {
            cache.put(next, self.context_key);
        }
        self.previous
    }
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
