//! The site as `serve` holds it: prepared (parsed, modelled, templates compiled) once per change,
//! each page rendered the first time it is asked for and kept until the next change. A page comes
//! out byte for byte as `build` writes it; only the pages asked for are ever rendered, so an edit
//! reaches the browser without re-rendering a large site.

use std::collections::{BTreeSet, HashSet};
use std::path::PathBuf;

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

/// What makes an image file: a job of the plan (all its files at once) or a social card.
#[derive(Clone, Copy)]
enum Media {
    Job(usize),
    Card(usize),
}

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
    /// Every folder of the output that holds a page or file, listed the first time the check
    /// needs it (`tags`, `2024/06/pact`).
    folders: OnceLock<HashSet<String>>,
    /// The feeds, sitemap and search index: made together, the first time one is asked for.
    data: OnceLock<FxHashMap<String, Bytes>>,
    /// Output path → the image job or social card that makes it.
    media: FxHashMap<String, Media>,
    /// The image files and cards made so far.
    media_made: Mutex<FxHashMap<String, Result<Bytes, Vec<Diagnostic>>>>,
    /// What the pages share (cards, summaries), made from `prepared.site` as pages ask for it.
    shared_views: SharedViews,
    /// The warnings found while preparing, until `check` reports them with its own.
    diagnostics: Mutex<Option<crate::core::diagnostic::Diagnostics>>,
    /// A multi-language site's other languages: each one's folder (`ko/`) and its site, which
    /// answers for every path under that folder.
    languages: Vec<(String, LiveSite)>,
}

impl LiveSite {
    /// Takes a prepared site. Renders and checks nothing yet (see `check` and `render_all`).
    pub fn new(mut prepared: Prepared) -> LiveSite {
        let shared_views = SharedViews::new(&prepared.site, prepared.linked);
        let pages: FxHashMap<String, Page> = Renderer::new(&prepared.site, &prepared.templates, &shared_views)
            .list()
            .into_iter()
            .collect();
        let diagnostics = std::mem::take(&mut prepared.diagnostics);
        let languages = std::mem::take(&mut prepared.languages)
            .into_iter()
            .map(|(prefix, language)| (prefix, LiveSite::new(language)))
            .collect();
        let plan = &prepared.images;
        let mut media = FxHashMap::default();
        for (i, job) in plan.jobs.iter().enumerate() {
            let paths = job
                .outputs
                .iter()
                .map(|(path, _)| path)
                .chain(job.copies.iter().map(|(path, _)| path));
            for path in paths {
                media.insert(path.clone(), Media::Job(i));
            }
        }
        for (i, card) in plan.cards.iter().enumerate() {
            media.insert(card.output.clone(), Media::Card(i));
        }
        LiveSite {
            prepared,
            pages,
            media,
            media_made: Mutex::new(FxHashMap::default()),
            rendered: Mutex::new(FxHashMap::default()),
            data_paths: OnceLock::new(),
            folders: OnceLock::new(),
            data: OnceLock::new(),
            shared_views,
            diagnostics: Mutex::new(Some(diagnostics)),
            languages,
        }
    }

    /// The language whose folder `path` is in, and the path inside it.
    fn language<'p>(&self, path: &'p str) -> Option<(&LiveSite, &'p str)> {
        self.languages
            .iter()
            .find_map(|(prefix, site)| Some((site, path.strip_prefix(prefix.as_str())?)))
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
        let mut result = self
            .prepared
            .finish(diagnostics, &generated, &|path| self.contains(path), &|path| {
                self.is_folder(path)
            });
        // Each other language is checked as its own site, as `build` checks it; one that fails
        // fails the whole.
        for (_, language) in &self.languages {
            result = match (result, language.check()) {
                (Ok(mut warnings), Ok(more)) => {
                    warnings.extend(more);
                    warnings.sort_by(|a, b| {
                        (&a.path, a.pos.map(|p| (p.line, p.column))).cmp(&(&b.path, b.pos.map(|p| (p.line, p.column))))
                    });
                    Ok(warnings)
                }
                (Ok(warnings), Err(mut failed)) | (Err(mut failed), Ok(warnings)) => {
                    failed.diagnostics.extend(warnings);
                    Err(failed)
                }
                (Err(mut failed), Err(more)) => {
                    failed.diagnostics.extend(more.diagnostics);
                    Err(failed)
                }
            };
        }
        result
    }

    pub fn site(&self) -> &Site {
        &self.prepared.site
    }

    /// The number of HTML pages (rendered or not), as `build` would count them.
    pub fn page_count(&self) -> usize {
        // Only HTML: the list also has the plain-text emails (`email.txt`), which `build` does
        // not count as pages (serve said 4 pages more than build for the sample site).
        let html = |p: &str| crate::core::urls::names_html_file(p);
        self.languages.iter().map(|(_, l)| l.page_count()).sum::<usize>()
            + self.pages.keys().filter(|p| html(p)).count()
            + self
                .prepared
                .files
                .keys()
                .filter(|p| html(p) && !self.pages.contains_key(*p))
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
        if let Some((language, path)) = self.language(path) {
            return language.contains(path);
        }
        // Static files before generated ones: asking whether the site has `custom.css` (every
        // rebuild does, before its reload) must not list the generated files.
        self.pages.contains_key(path)
            || self.media.contains_key(path)
            || self.prepared.files.contains_key(path)
            || self.is_data(path)
    }

    /// Whether the output has pages or files inside the folder `path`.
    fn is_folder(&self, path: &str) -> bool {
        if let Some((language, path)) = self.language(path) {
            return language.is_folder(path);
        }
        let folders = self.folders.get_or_init(|| {
            let data_paths = self
                .data_paths
                .get_or_init(|| crate::publish::paths(&self.prepared.site).into_iter().collect());
            let files = self
                .pages
                .keys()
                .chain(self.media.keys())
                .chain(self.prepared.files.keys());
            let mut folders = HashSet::new();
            for file in files.chain(data_paths) {
                let mut at = file.as_str();
                while let Some((folder, _)) = at.rsplit_once('/') {
                    if !folders.insert(folder.to_string()) {
                        break;
                    }
                    at = folder;
                }
            }
            folders
        });
        folders.contains(path)
    }

    /// Every output path, as `build` would write them (this makes the generated files).
    pub fn paths(&self) -> BTreeSet<String> {
        let mut paths: BTreeSet<String> = self.pages.keys().cloned().collect();
        paths.extend(self.data().keys().cloned());
        paths.extend(self.prepared.files.keys().cloned());
        paths.extend(self.media.keys().cloned());
        for (prefix, language) in &self.languages {
            paths.extend(language.paths().into_iter().map(|path| format!("{prefix}{path}")));
        }
        paths
    }

    /// The file at `path`: rendered now if it is a page not rendered yet, or the template errors
    /// that stop it. `None` when the output has no such file.
    /// Where the file copied to `path` (from static/ or content/) really is, to be served from
    /// disk as it is (streamed, with ranges): `None` when `path` is no such file (a page, an
    /// image, a generated file win over it, as in `build`); an error when it cannot be read or
    /// now leads out of the site.
    pub fn file_on_disk(&self, path: &str) -> Option<Result<PathBuf, Vec<Diagnostic>>> {
        if let Some((language, path)) = self.language(path) {
            return language.file_on_disk(path);
        }
        if self.pages.contains_key(path) || self.media.contains_key(path) || self.is_data(path) {
            return None;
        }
        let Some(Body::File(source)) = self.prepared.files.get(path) else {
            return None;
        };
        Some(inside(source, &self.prepared.config_file).map_err(|e| {
            vec![Diagnostic::error(
                source,
                None,
                format!("cannot read: {}", crate::core::diagnostic::io_reason(&e)),
            )]
        }))
    }

    pub fn get(&self, path: &str) -> Option<Result<Bytes, Vec<Diagnostic>>> {
        if let Some((language, path)) = self.language(path) {
            return language.get(path);
        }
        // Generated files win over static ones at the same path, pages over both, as in `build`.
        if let Some(&page) = self.pages.get(path) {
            return Some(self.page(page));
        }
        if let Some(&media) = self.media.get(path) {
            return Some(self.media_file(path, media));
        }
        if self.is_data(path) {
            return self.data().get(path).cloned().map(Ok);
        }
        let body = self.prepared.files.get(path)?;
        let read = match body {
            Body::File(source) => read_inside(source, &self.prepared.config_file),
            other => other.read().map(std::borrow::Cow::into_owned),
        };
        Some(read.map(Arc::new).map_err(|e| {
            let source = match body {
                Body::File(source) => source.as_path(),
                _ => std::path::Path::new(path),
            };
            vec![Diagnostic::error(
                source,
                None,
                format!("cannot read: {}", crate::core::diagnostic::io_reason(&e)),
            )]
        }))
    }

    /// An image file or social card: made (through the cache) the first time it is asked for,
    /// with the other files of its image.
    fn media_file(&self, path: &str, media: Media) -> Result<Bytes, Vec<Diagnostic>> {
        let made = || self.media_made.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(done) = made().get(path) {
            return done.clone();
        }
        let plan = &self.prepared.images;
        let files: Vec<(String, Result<Bytes, Vec<Diagnostic>>)> = match media {
            Media::Job(i) => match plan.make_job(&plan.jobs[i]) {
                Ok((files, _)) => files.into_iter().map(|(p, bytes)| (p, Ok(Arc::new(bytes)))).collect(),
                Err(diagnostic) => vec![(path.to_string(), Err(vec![diagnostic]))],
            },
            Media::Card(i) => {
                let card = plan.make_card(&plan.cards[i]).map(|(bytes, _)| Arc::new(bytes));
                vec![(path.to_string(), card.map_err(|d| vec![d]))]
            }
        };
        let mut made = made();
        for (file, result) in files {
            made.insert(file, result);
        }
        made.get(path).cloned().unwrap_or_else(|| Err(Vec::new()))
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
        let mut errors: Vec<Diagnostic> = all
            .into_par_iter()
            .filter(|_| keep_going())
            .filter_map(|page| self.page(page).err())
            .flatten()
            .collect();
        for (_, language) in &self.languages {
            errors.extend(language.render_all(keep_going));
        }
        crate::render::sorted_errors(errors)
    }
}

/// A site file's bytes, read where the file really is now, and only when that is still inside
/// the site's folder (beside `config_file`): the load refused links out of the site, but a file
/// may be replaced by one after it (while a failed rebuild keeps the last good build served,
/// or between the change and the rebuild), and the server never serves a file outside the site.
fn read_inside(source: &std::path::Path, config_file: &std::path::Path) -> std::io::Result<Vec<u8>> {
    // Read where it was found to be, so that a link swapped in after the test is not followed
    // either.
    std::fs::read(inside(source, config_file)?)
}

/// Where `source` really is, if that is inside the site of `config_file`.
fn inside(source: &std::path::Path, config_file: &std::path::Path) -> std::io::Result<PathBuf> {
    let root = config_file
        .parent()
        .unwrap_or(std::path::Path::new("."))
        .canonicalize()?;
    match crate::source::load::real_path(source, &root)? {
        Ok(inside) => Ok(inside),
        Err(outside) => Err(std::io::Error::other(format!(
            "it now leads out of the site, to {}: not served",
            outside.display()
        ))),
    }
}
