//! The site as `serve` holds it: prepared (parsed, modelled, templates compiled) once per change,
//! each page rendered the first time it is asked for and kept until the next change. A page comes
//! out byte for byte as `build` writes it; only the pages asked for are ever rendered, so an edit
//! reaches the browser without re-rendering a large site.

use std::collections::{BTreeSet, HashSet};

// Paths and pages of one's own site: FxHash, since no one floods a local preview's tables.
use rustc_hash::FxHashMap;
use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;

use crate::core::diagnostic::Diagnostic;
use crate::core::output::Body;
use crate::pipeline::{Failed, Prepared};
use crate::render::{Page, Renderer, SharedViews};
use crate::site::Site;

/// A rendered page or generated file, shared between the requests that ask for it.
pub type Bytes = Arc<Vec<u8>>;

/// A prepared site whose files are made on demand.
pub struct LiveSite {
    prepared: Prepared,
    /// Output path → page.
    pages: FxHashMap<String, Page>,
    /// Pages rendered so far (or the errors of those that failed).
    rendered: Mutex<FxHashMap<Page, Result<Bytes, Vec<Diagnostic>>>>,
    /// The paths of the feeds and other generated files, known without making them; listed the
    /// first time a request or the check needs them, not before the reload (a page asked for
    /// is found among `pages` first).
    data_paths: OnceLock<HashSet<String>>,
    /// The feeds, sitemap and search index: made together, the first time one is asked for.
    data: OnceLock<FxHashMap<String, Bytes>>,
    /// What the pages share (cards, summaries), made from `prepared.site` as pages ask for it.
    shared_views: SharedViews,
    /// The warnings found while preparing, until `check` reports them with its own.
    diagnostics: Mutex<Option<crate::core::diagnostic::Diagnostics>>,
}

impl LiveSite {
    /// Takes a prepared site. Renders and checks nothing yet (see `check` and `render_all`).
    pub fn new(mut prepared: Prepared) -> LiveSite {
        let shared_views = SharedViews::new(&prepared.site, &prepared.files);
        let pages: FxHashMap<String, Page> = Renderer::new(&prepared.site, &prepared.templates, &shared_views)
            .list()
            .into_iter()
            .collect();
        let diagnostics = std::mem::take(&mut prepared.diagnostics);
        LiveSite {
            prepared,
            pages,
            rendered: Mutex::new(FxHashMap::default()),
            data_paths: OnceLock::new(),
            data: OnceLock::new(),
            shared_views,
            diagnostics: Mutex::new(Some(diagnostics)),
        }
    }

    /// Checks the links as a build does, and returns the warnings (those of preparing too), or
    /// fails as a build would. The first call reports the preparing's warnings; later ones don't.
    pub fn check(&self) -> Result<Vec<Diagnostic>, Failed> {
        let diagnostics = self
            .diagnostics
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take()
            .unwrap_or_default();
        let generated = |path: &str| self.pages.contains_key(path) || self.is_data(path);
        self.prepared
            .finish(diagnostics, &generated, &|path| self.contains(path))
    }

    pub fn site(&self) -> &Site {
        &self.prepared.site
    }

    /// The number of HTML pages (rendered or not), as `build` would count them.
    pub fn page_count(&self) -> usize {
        self.pages.len()
            + self
                .prepared
                .files
                .keys()
                .filter(|p| p.ends_with(".html") && !self.pages.contains_key(*p))
                .count()
    }

    /// Whether `path` is one of the generated files (making them if it might be one).
    fn is_data(&self, path: &str) -> bool {
        let data_paths = self
            .data_paths
            .get_or_init(|| crate::publish::paths(&self.prepared.site).into_iter().collect());
        if data_paths.contains(path) {
            return true;
        }
        crate::publish::search::is_index_path(path) && self.data().contains_key(path)
    }

    fn data(&self) -> &FxHashMap<String, Bytes> {
        self.data.get_or_init(|| {
            let mut data = FxHashMap::default();
            let mut emit = |path: String, bytes: Vec<u8>| {
                data.insert(path, Arc::new(bytes));
            };
            crate::pipeline::data_files(&self.prepared.site, &mut emit);
            data
        })
    }

    /// Whether the output has a file at `path` (as `build` would write it).
    pub fn contains(&self, path: &str) -> bool {
        // Static files before generated ones: asking whether the site has `custom.css` (every
        // rebuild does, before its reload) must not list the generated files.
        self.pages.contains_key(path) || self.prepared.files.contains_key(path) || self.is_data(path)
    }

    /// Every output path, as `build` would write them (this makes the generated files).
    pub fn paths(&self) -> BTreeSet<String> {
        let mut paths: BTreeSet<String> = self.pages.keys().cloned().collect();
        paths.extend(self.data().keys().cloned());
        paths.extend(self.prepared.files.keys().cloned());
        paths
    }

    /// The file at `path`: rendered now if it is a page not rendered yet, or the template errors
    /// that stop it. `None` when the output has no such file.
    pub fn get(&self, path: &str) -> Option<Result<Bytes, Vec<Diagnostic>>> {
        // Generated files win over static ones at the same path, pages over both, as in `build`.
        if let Some(&page) = self.pages.get(path) {
            return Some(self.page(page));
        }
        if self.is_data(path) {
            return self.data().get(path).cloned().map(Ok);
        }
        let body = self.prepared.files.get(path)?;
        Some(body.read().map(|bytes| Arc::new(bytes.into_owned())).map_err(|e| {
            let source = match body {
                Body::File(source) => source.as_path(),
                _ => std::path::Path::new(path),
            };
            vec![Diagnostic::error(source, None, format!("cannot read: {e}"))]
        }))
    }

    fn pages(&self) -> Renderer<'_> {
        Renderer::new(&self.prepared.site, &self.prepared.templates, &self.shared_views)
    }

    fn page(&self, page: Page) -> Result<Bytes, Vec<Diagnostic>> {
        if let Some(done) = self.lock().get(&page) {
            return done.clone();
        }
        let result = self.pages().render(page).map(Arc::new);
        self.lock().insert(page, result.clone());
        result
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, FxHashMap<Page, Result<Bytes, Vec<Diagnostic>>>> {
        // A panic while holding the lock cannot leave the map half-updated: use it as it is.
        self.rendered.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Renders every page not rendered yet, on every core, and returns the template errors of
    /// those that fail (sorted, without repeats): what a full build would report. Stops early
    /// (with what it found so far) once `keep_going` says so.
    pub fn render_all(&self, keep_going: &(dyn Fn() -> bool + Sync)) -> Vec<Diagnostic> {
        let all: Vec<Page> = self.pages.values().copied().collect();
        let errors: Vec<Diagnostic> = all
            .into_par_iter()
            .filter(|_| keep_going())
            .filter_map(|page| self.page(page).err())
            .flatten()
            .collect();
        crate::render::sorted_errors(errors)
    }
}
