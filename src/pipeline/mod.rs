//! The driver: runs the stages in order — load, parse, assemble the site, compile the templates
//! (`prepare`), then render and publish (`run_into`) — each value in, value out, gathering every
//! stage's diagnostics. `gazette build` writes the resulting `Output`; `serve` keeps the
//! `Prepared` site and renders each page when it is asked for, with a `ParseCache` (`cache`) so
//! a rebuild parses only what changed.

mod cache;
pub mod images;
mod languages;
pub use languages::language_suffix;
mod parse;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use jiff::Timestamp;

use crate::core::diagnostic::{Checked, Diagnostic, Diagnostics};
use crate::core::output::{Body, Output};
use crate::core::urls::BaseUrl;
use crate::parse::config::{self, Config};
use crate::publish::search::IndexText;
use crate::render::{self, PageSink, Templates};
use crate::site::{self, Selection, Site};
use crate::source::load::{self, SiteFiles};
use cache::Incremental;
pub use cache::ParseCache;

/// What to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Replaces site.yaml's base_url (preview deployments, `serve`).
    pub base_url: Option<String>,
    /// Where `base_url` came from, as an error about it names it: `--base-url` or
    /// `GAZETTE_BASE_URL`.
    pub base_url_from: &'static str,
    pub drafts: bool,
    pub future: bool,
    pub strict: bool,
    /// What counts as "the future": the build's clock, passed in so the core stays pure.
    pub now: Timestamp,
    /// Where the build reports the phase it has finished, for a progress bar.
    pub progress: Option<Arc<Progress>>,
    /// Parsed articles from the previous build, reused where nothing changed (`serve`).
    pub cache: Option<Arc<ParseCache>>,
    /// A preview (`serve`): a draft edition's mistakes are errors of the pages (its links
    /// check fails with them) while the rest of the site is served, the draft without them.
    pub preview: bool,
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
    /// Which articles and editions the build includes, and whether it is a preview.
    fn selection(&self) -> Selection {
        Selection {
            drafts: self.drafts,
            future: self.future,
            now: self.now,
            preview: self.preview,
        }
    }

    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            base_url: None,
            base_url_from: "--base-url",
            drafts: false,
            future: false,
            strict: false,
            now: Timestamp::now(),
            progress: None,
            cache: None,
            preview: false,
        }
    }
}

/// A successful build.
#[derive(Debug)]
pub struct Built {
    pub site: Site,
    /// A multi-language site's other languages, as the build summary counts them.
    pub languages: Vec<LanguageBuilt>,
    pub output: Output,
    /// The image work done.
    pub media: MediaStats,
    /// Warnings only (a build with errors fails).
    pub warnings: Vec<Diagnostic>,
    pub timings: Timings,
}

/// One of a multi-language site's other languages, built: its tag, its numbers of articles and
/// topics, and what it left out.
#[derive(Debug)]
pub struct LanguageBuilt {
    pub tag: String,
    /// The folder its pages are under in the output (`ko/`).
    pub folder: String,
    pub articles: usize,
    pub topics: usize,
    pub left_out: crate::site::LeftOut,
    /// Its written editions in the build: each one's file under the site's folder
    /// (`content/editions/2024-06-21.ko.md`) and slug.
    pub editions: Vec<(String, String)>,
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
    fn new(progress: Option<Arc<Progress>>) -> Timings {
        Timings {
            phases: Vec::new(),
            progress,
        }
    }

    fn record(&mut self, phase: &'static str, since: Instant) -> Instant {
        let now = Instant::now();
        self.phases.push((phase, now - since));
        if let Some(progress) = &self.progress {
            progress.finished.store(self.phases.len(), Ordering::Relaxed);
        }
        now
    }
}

/// Reads and validates site.yaml (with a `--base-url` override applied; `base_url` is the URL and
/// where it came from, which an error about it names).
pub fn load_config(root: &Path, base_url: Option<(&str, &str)>) -> Checked<Config> {
    let source = match load::read_config(root) {
        Ok(source) => source,
        // A site.yaml that is there but unreadable as text (not UTF-8, a NUL) keeps its own
        // message and fix; one that is missing gets where to find or make one.
        Err(d) if d.pos.is_some() => return Checked::failed(vec![d]),
        Err(mut d) => {
            d.message = format!("{} (every site has a site.yaml at its root)", d.message);
            // A near miss (`site.yml`, `Site.yaml`) is likelier than no site.
            let near = ["site.yml", "Site.yaml", "site.YAML", "_config.yml"]
                .into_iter()
                .find(|name| root.join(name).is_file());
            // A folder inside a site (`--root content`) is likelier than no site too.
            let above = std::path::absolute(root).ok().and_then(|whole| {
                whole
                    .ancestors()
                    .skip(1)
                    .find(|folder| folder.join("site.yaml").is_file())
                    .map(Path::to_path_buf)
            });
            let hint = match (near, above) {
                (Some(name), _) => format!("there is a `{name}` here: rename it to site.yaml"),
                (None, Some(site)) => format!(
                    "this folder is inside the site at {}: pass `--root {}`, or run gazette from there",
                    site.display(),
                    site.display()
                ),
                (None, None) => {
                    "run `gazette init DIR` to make a new site, or pass --root with the site's folder".to_string()
                }
            };
            return Checked::failed(vec![d.with_hint(hint)]);
        }
    };
    let Checked {
        value: config,
        diagnostics: mut warnings,
    } = config::parse(&source.display, &source.text);
    let Some(mut config) = config else {
        return Checked::failed(warnings);
    };
    if let Some((url, from)) = base_url {
        match BaseUrl::parse(url) {
            Ok(url) => config.base_url = url,
            Err(message) => {
                warnings.push(
                    Diagnostic::error(from, None, message)
                        .with_hint("pass an absolute URL such as https://example.org/briefings/"),
                );
                return Checked::failed(warnings);
            }
        }
    } else {
        warnings.extend(placeholder_base_url(&source.display, &source.text, &config.base_url));
    }
    Checked::new(config, warnings)
}

/// A warning when site.yaml's `base_url` is still a placeholder under the `.example` domain,
/// which RFC 2606 keeps for examples (`gazette init` writes `https://my-briefings.example/`):
/// every feed, the sitemap and each page's canonical and share links would point there. Not
/// said when `--base-url` (or `GAZETTE_BASE_URL`, or serve) gives the address.
fn placeholder_base_url(path: &Path, text: &str, base: &BaseUrl) -> Option<Diagnostic> {
    let host = base.origin().split_once("://").map_or("", |(_, host)| host);
    let host = host.split(':').next().unwrap_or(host);
    if !(host == "example" || host.ends_with(".example")) {
        return None;
    }
    let line = text
        .lines()
        .position(|line| line.starts_with("base_url:"))
        .map(|n| crate::core::diagnostic::Pos::new(n + 1, 1));
    Some(
        Diagnostic::warning(
            path,
            line,
            format!(
                "`base_url` is still the placeholder `{}`: the feeds, the sitemap and every page's canonical link point there",
                base.as_str()
            ),
        )
        .with_hint("write the site's address there, or build with --base-url (or GAZETTE_BASE_URL)"),
    )
}

/// Runs the pipeline up to an in-memory `Output`.
pub fn run(options: &BuildOptions) -> Result<Built, Failed> {
    run_into(options, None)
}

/// A site parsed and modelled, its templates compiled: ready to render any page. `build` renders
/// them all; `serve` renders each when it is asked for (`live`).
pub struct Prepared {
    pub site: Site,
    pub templates: render::Templates,
    /// The files copied as they are: output path → file, content assets over static files.
    pub files: BTreeMap<String, crate::core::output::Body>,
    /// The static files the pages link when they are there (a `custom.css`, a `favicon.ico`):
    /// another language's pages link the root's (they are not among their `files`).
    pub linked: render::LinkedStatics,
    /// The static files alone (to warn about those a generated file replaces).
    pub static_files: BTreeMap<String, crate::core::output::Body>,
    /// Each file of content/ that is not Markdown (content path) → its output path, for the link
    /// check.
    pub assets: rustc_hash::FxHashMap<String, String>,
    /// The image files and social cards to make.
    pub images: images::ImagePlan,
    /// site.yaml, as diagnostics name it.
    pub config_file: PathBuf,
    /// Warnings so far (a site with errors is not prepared).
    pub diagnostics: Diagnostics,
    pub timings: Timings,
    strict: bool,
    /// A multi-language site's other languages: the folder each is published in (`ko/`) and
    /// its prepared site (DESIGN.md §8b). Empty for a site in one language.
    pub languages: Vec<(String, Prepared)>,
}

impl Prepared {
    /// A previewed draft edition's errors, from every language's site (`Site::preview_errors`):
    /// added to the build's diagnostics, they fail the links check, which `serve` runs on the
    /// pages it serves.
    fn take_preview_errors(&mut self) -> Vec<Diagnostic> {
        let languages = self.languages.iter_mut().map(|(_, language)| &mut language.site);
        std::iter::once(&mut self.site)
            .chain(languages)
            .flat_map(|site| std::mem::take(&mut site.preview_errors))
            .collect()
    }

    /// Moves every body's search terms and word pairs out of this language's site (by article
    /// index), for the search index to free each as soon as it has read it: nothing else reads
    /// them, and at 10,000 articles they are 80 MB that would otherwise last the whole render.
    /// Only a build whose site alone holds its bodies can (otherwise `None`): under `serve` the
    /// parse cache shares them, and the index reads them in place.
    fn take_index_texts(&mut self) -> Option<Vec<IndexText>> {
        let articles = &mut self.site.articles;
        if !articles.iter_mut().all(|a| Arc::get_mut(&mut a.body).is_some()) {
            return None;
        }
        let texts = articles
            .iter_mut()
            .filter_map(|a| Arc::get_mut(&mut a.body))
            .map(|body| IndexText {
                terms: std::mem::take(&mut body.terms),
                pairs: std::mem::take(&mut body.pairs),
            })
            .collect();
        Some(texts)
    }

    /// Finishes a build's diagnostics (`diagnostics`, taken from this) once its output is
    /// known: checks the links, and warns about static files that a generated file replaces.
    /// `generated` tells whether a path is a page or a generated file (feeds, index),
    /// `has_file` whether the output has it at all, `is_folder` whether the output has files
    /// inside it (`tags` for `tags/index.html`).
    pub fn finish(
        &self,
        mut diagnostics: Diagnostics,
        generated: &(dyn Fn(&str) -> bool + Sync),
        has_file: &(dyn Fn(&str) -> bool + Sync),
        is_folder: &(dyn Fn(&str) -> bool + Sync),
    ) -> Result<Vec<Diagnostic>, Failed> {
        self.check_output(&mut diagnostics, generated, has_file, is_folder);
        for (prefix, language) in &self.languages {
            // Its pages link the theme's files as the default language's do, but a theme may
            // build a path from its own home (`/briefings/ko/fonts/…`, where there are none):
            // looked up in the whole output (the same warning twice is said once).
            diagnostics.extend(render::theme_links::check(
                &language.site,
                &language.templates,
                language.linked,
                has_file,
            ));
            let generated = |path: &str| generated(&format!("{prefix}{path}"));
            let has_file = |path: &str| has_file(&format!("{prefix}{path}"));
            let is_folder = |path: &str| is_folder(&format!("{prefix}{path}"));
            language.check_output(&mut diagnostics, &generated, &has_file, &is_folder);
        }
        if diagnostics.has_errors() || (self.strict && diagnostics.warning_count() > 0) {
            return Err(Failed::new(diagnostics, self.strict));
        }
        Ok(diagnostics.sorted())
    }

    /// A file where the output needs a folder (`content/tags` beside the tag pages, a file
    /// `pact` beside `pact.md`'s page) could not be written, nor one inside a folder named as a
    /// file gazette makes (`static/sitemap.xml/a.txt`): said here, so `check` and `serve` find
    /// them too, at the file.
    fn files_in_the_way(
        &self,
        is_folder: &(dyn Fn(&str) -> bool + Sync),
        generated: &(dyn Fn(&str) -> bool + Sync),
    ) -> Vec<Diagnostic> {
        let mut seen = std::collections::BTreeSet::new();
        // One error a folder named as a generated file, at its first file (review: 200 files in
        // it were 200 errors).
        let mut folders_said = std::collections::BTreeSet::new();
        let files = self.static_files.iter().chain(&self.files);
        files
            .filter_map(|(path, body)| {
                let crate::core::output::Body::File(source) = body else {
                    return None;
                };
                let made_file = path
                    .match_indices('/')
                    .map(|(at, _)| &path[..at])
                    .find(|folder| generated(folder));
                if made_file.is_some_and(|file| !folders_said.insert(file)) {
                    return None;
                }
                let said = if let Some(file) = made_file {
                    Diagnostic::error(
                        source,
                        None,
                        format!(
                            "`{file}` is a file gazette makes, so it cannot be a folder holding this file at `{path}`"
                        ),
                    )
                    .with_hint(format!("rename the folder `{file}/`, or move the file out of it"))
                } else if is_folder(path) {
                    Diagnostic::error(
                        source,
                        None,
                        format!(
                            "the site has pages or files inside `{path}/`, so this file cannot be published at `{path}`"
                        ),
                    )
                    .with_hint("rename it, or move it into a folder of its own")
                } else {
                    return None;
                };
                seen.insert(source).then_some(said)
            })
            .collect()
    }

    /// A `CNAME` (GitHub Pages' custom domain) naming another host than `base_url`'s: the site
    /// would be served at one address while its links, feeds and canonical URLs name the other.
    fn cname_elsewhere(&self) -> Option<Diagnostic> {
        let crate::core::output::Body::File(source) = self.static_files.get("CNAME")? else {
            return None;
        };
        let text = std::fs::read_to_string(source).ok()?;
        let named = text.lines().map(str::trim).find(|line| !line.is_empty())?;
        let origin = self.site.config.base_url.origin();
        let host = origin.split_once("://").map_or(origin, |(_, host)| host);
        let host = host.split(':').next().unwrap_or(host);
        if named.eq_ignore_ascii_case(host) {
            return None;
        }
        Some(
            Diagnostic::warning(
                source,
                Some(crate::core::diagnostic::Pos::new(1, 1)),
                format!("CNAME names `{named}`, but `base_url` is on `{host}`: the site would be served at one while its links, feeds and canonical URLs name the other"),
            )
            .with_hint(format!("make them the same host: `base_url: https://{named}/` in site.yaml, or `{host}` in CNAME")),
        )
    }

    /// The checks of `finish` for one language's site, whose output paths `generated` and
    /// `has_file` take as its own (without the language's folder).
    fn check_output(
        &self,
        diagnostics: &mut Diagnostics,
        generated: &(dyn Fn(&str) -> bool + Sync),
        has_file: &(dyn Fn(&str) -> bool + Sync),
        is_folder: &(dyn Fn(&str) -> bool + Sync),
    ) {
        diagnostics.extend(site::links::check(&self.site, &self.assets, has_file));
        let config = &self.site.config;
        // The files the theme's pages link (its stylesheet, scripts, fonts), from the default
        // language's pages, whose `has_file` sees the whole output (another language's are
        // checked by `finish`).
        if !config.is_subsite() {
            diagnostics.extend(render::theme_links::check(
                &self.site,
                &self.templates,
                self.linked,
                has_file,
            ));
        }
        // A logo or favicon that is not in the output would be a broken image on every page.
        // (Another language's pages use the default language's: checked there.)
        let site_files = config
            .logo
            .iter()
            .chain(&config.favicons)
            .filter(|_| !config.is_subsite());
        for file in site_files {
            let path = file.path.trim_start_matches('/');
            if !crate::core::resolve::is_absolute(&file.path) && !has_file(path) {
                diagnostics.push(
                    Diagnostic::warning(
                        &self.config_file,
                        file.pos,
                        format!("`{}` is not a file of the site", file.path),
                    )
                    .with_hint(format!("put it at static/{path}, or name a file that is there")),
                );
            }
        }
        // An image the build processed holds its largest size at its own name: not a file that
        // replaces it.
        let processed: rustc_hash::FxHashSet<&str> = self.images.copies().collect();
        diagnostics.extend(self.files_in_the_way(is_folder, generated));
        for (path, body) in &self.static_files {
            if processed.contains(path.as_str()) {
                continue;
            }
            let crate::core::output::Body::File(source) = body else {
                continue;
            };
            // static/_redirects goes before the aliases' lines (`site_own_files`).
            if path == crate::core::urls::REDIRECTS {
                continue;
            }
            if generated(path) {
                diagnostics.push(
                    Diagnostic::warning(
                        source,
                        None,
                        format!("`{path}` is generated by gazette, so this static file is not used"),
                    )
                    .with_hint(generated_hint(path)),
                );
            } else if self.files.get(path) != Some(body) {
                // A file of content/ at the same output path wins.
                diagnostics.push(
                    Diagnostic::warning(
                        source,
                        None,
                        format!("`{path}` is also a file of content/, which is used instead of this static file"),
                    )
                    .with_hint("remove one of the two, or move one to another path"),
                );
            }
        }
        // The same for a file of content/ (a static file's clash is said above).
        for (path, body) in &self.files {
            if processed.contains(path.as_str()) || self.static_files.get(path) == Some(body) {
                continue;
            }
            if generated(path)
                && let crate::core::output::Body::File(source) = body
            {
                diagnostics.push(
                    Diagnostic::warning(
                        source,
                        None,
                        format!("`{path}` is a page or file gazette makes, so this file is not published"),
                    )
                    .with_hint("rename it, or move it to a folder of its own"),
                );
            }
        }
    }
}

/// Gmail shows an email over 102 KB cut short, behind "View entire message": the footer with
/// the web version's link is cut off.
const GMAIL_CLIPS_OVER: usize = 102 * 1024;

/// What a sending service may add to an email on its way out (its footer, a tracking pixel,
/// each link rewritten to a longer tracked address): a written edition's email within this of
/// Gmail's limit is warned of, as one over it is.
const SENDING_ADDS: usize = 12 * 1024;

/// A warning for each edition whose email.html is over Gmail's clipping limit, in every
/// language of the site.
fn clipped_emails(prepared: &Prepared, output: &Output) -> Vec<Diagnostic> {
    let email_template = prepared.templates.email_template_path();
    let sites = std::iter::once(("", &prepared.site)).chain(
        prepared
            .languages
            .iter()
            .map(|(prefix, language)| (prefix.as_str(), &language.site)),
    );
    let mut found = Vec::new();
    // Automatic editions over the limit: (slug, size), said one by one when they are few.
    let mut automatic: Vec<(String, usize)> = Vec::new();
    // Emails near or over the limit that the template's own markup and styles fill more than
    // half of (session 33's theme probe: the edition was told to shorten its notes): (slug,
    // size, the edition's words), said once, at the template.
    let mut templated: Vec<(String, usize, usize)> = Vec::new();
    for (prefix, site) in sites {
        for edition in &site.editions {
            let path = format!(
                "{prefix}{}",
                crate::core::urls::edition_email(&edition.slug).trim_start_matches('/')
            );
            let size = match output.get(&path) {
                Some(Body::Bytes(bytes)) => bytes.len(),
                Some(Body::Written(size)) => *size,
                _ => continue,
            };
            let own = edition.words_len(&site.articles);
            let near = size > GMAIL_CLIPS_OVER - SENDING_ADDS && !edition.auto;
            if (near || size > GMAIL_CLIPS_OVER) && template_is_why(edition, size, own) {
                templated.push((edition.slug.clone(), size, own));
                continue;
            }
            if size <= GMAIL_CLIPS_OVER {
                // Close to the limit: a written edition only (an automatic one is what the day
                // holds, said when over).
                if near {
                    let message = format!(
                        "the edition's email is {:.1} KB, within {} KB of Gmail's 102 KB limit: what a sending service adds (its footer, tracked links) can take it over, and Gmail then cuts it short",
                        size as f64 / 1024.0,
                        (GMAIL_CLIPS_OVER - size).div_ceil(1024)
                    );
                    let hint = "shorten the introduction or the notes, or leave an item for the next edition";
                    found.push(Diagnostic::warning(&edition.display, None, message).with_hint(hint));
                }
                continue;
            }
            if edition.auto {
                // An automatic edition has no file: it is said at site.yaml, by its slug.
                automatic.push((edition.slug.clone(), size));
                continue;
            }
            let message = format!(
                "the edition's email is {:.1} KB, over Gmail's 102 KB limit: Gmail cuts it short, footer and web link included",
                size as f64 / 1024.0
            );
            let hint = "shorten the introduction or the notes, or split the edition in two";
            found.push(Diagnostic::warning(&edition.display, None, message).with_hint(hint));
        }
    }
    found.extend(template_fills_emails(&email_template, &templated));
    // A desk that publishes a hundred briefings a day would get a warning a day, which would
    // hide every other: more than a few are one warning, with the largest.
    if let Some((largest, size)) = automatic.iter().max_by_key(|(_, size)| *size).cloned()
        && automatic.len() > CLIPPED_SAID_ONE_BY_ONE
    {
        let message = format!(
            "{} automatic editions' emails are over Gmail's 102 KB limit (the largest, `{largest}`, is {:.1} KB): Gmail cuts them short, footer and web link included",
            automatic.len(),
            size as f64 / 1024.0
        );
        let hint = "those days have more briefings than one email holds: write their editions yourself (`gazette new edition`) with fewer items, or make them weekly digests of key events";
        found.push(Diagnostic::warning(&prepared.config_file, None, message).with_hint(hint));
    } else {
        for (slug, size) in automatic {
            let message = format!(
                "the automatic edition `{slug}`'s email is {:.1} KB, over Gmail's 102 KB limit: Gmail cuts it short, footer and web link included",
                size as f64 / 1024.0
            );
            let hint = "write that day's edition yourself (`gazette new edition`), with fewer items";
            found.push(Diagnostic::warning(&prepared.config_file, None, message).with_hint(hint));
        }
    }
    found
}

/// Whether the email template, not the edition, is why an email of `size` bytes, `own` of them
/// the edition's words, is near or over Gmail's limit: an edition of twenty items or fewer (the
/// issue's yardstick for 102 KB) should fit, so when its markup, more than its words, takes it
/// there, the template is why. A longer one is long (each item's markup is the template's too).
fn template_is_why(edition: &crate::site::Edition, size: usize, own: usize) -> bool {
    let template_share = size.saturating_sub(own);
    let items = edition
        .items
        .iter()
        .filter(|i| !matches!(i, crate::site::editions::Item::Section(_)))
        .count();
    items <= 20 && template_share > GMAIL_CLIPS_OVER / 2 && template_share > own
}

/// The warning for emails near or over Gmail's limit that the email template's own markup and
/// styles fill (`templated`: slug, size, the edition's words), once, at the template.
fn template_fills_emails(email_template: &Path, templated: &[(String, usize, usize)]) -> Option<Diagnostic> {
    let (slug, size, own) = templated.iter().max_by_key(|(_, size, _)| *size)?;
    let kb = |bytes: usize| bytes as f64 / 1024.0;
    let which = if templated.len() == 1 {
        format!("the edition `{slug}`'s email is")
    } else {
        format!(
            "{} editions' emails are near or over it, and the largest, `{slug}`'s, is",
            templated.len()
        )
    };
    let message = format!(
        "the email template fills most of Gmail's 102 KB limit: {which} {:.1} KB, of which only {} is the edition's words; the rest is the template's markup and the styles inlined into it, and Gmail cuts an email over the limit short",
        kb(*size),
        if *own < 1024 {
            format!("{own} bytes")
        } else {
            format!("{:.1} KB", kb(*own))
        }
    );
    let hint = "make the template smaller: less markup around each item, fewer and shorter rules in its `<style>` (each is copied into every element it matches), no large inline images or embedded data";
    Some(Diagnostic::warning(email_template, None, message).with_hint(hint))
}

/// How many automatic editions over Gmail's limit are each a warning of its own; more are one.
const CLIPPED_SAID_ONE_BY_ONE: usize = 3;

/// Runs the pipeline, handing each rendered page to `sink` (when given) instead of keeping it in
/// the `Output`, where it is then marked `Body::Written`.
pub fn run_into(options: &BuildOptions, sink: Option<&PageSink<'_>>) -> Result<Built, Failed> {
    let mut prepared = prepare(options)?;
    let started = Instant::now();
    let mut diagnostics = std::mem::take(&mut prepared.diagnostics);
    let output = render_every_language(&mut prepared, sink);
    let t = prepared.timings.record("render", started);
    let Some((output, media)) = output.into_value(&mut diagnostics) else {
        return Err(Failed::new(diagnostics, options.strict));
    };
    let generated = |path: &str| {
        output
            .get(path)
            .is_some_and(|body| matches!(body, Body::Bytes(_) | Body::Written(_)))
    };
    let is_folder = |path: &str| {
        let folder = format!("{path}/");
        output
            .files
            .range::<str, _>((std::ops::Bound::Included(folder.as_str()), std::ops::Bound::Unbounded))
            .next()
            .is_some_and(|(inside, _)| inside.starts_with(&folder))
    };
    diagnostics.extend(clipped_emails(&prepared, &output));
    let warnings = prepared.finish(diagnostics, &generated, &|path| output.get(path).is_some(), &is_folder)?;
    let mut timings = prepared.timings;
    timings.record("links", t);
    let languages = prepared
        .languages
        .iter()
        .map(|(folder, l)| LanguageBuilt {
            tag: l.site.config.language.clone(),
            folder: folder.clone(),
            articles: l.site.articles.len(),
            topics: l.site.topics.len(),
            left_out: l.site.left_out.clone(),
            editions: l
                .site
                .editions
                .iter()
                .filter(|e| !e.auto)
                .map(|e| (e.source.clone(), e.slug.clone()))
                .collect(),
        })
        .collect();
    Ok(Built {
        languages,
        site: prepared.site,
        output,
        media,
        warnings,
        timings,
    })
}

/// Runs the pipeline up to a `Prepared` site: load → parse → assemble the site → compile the
/// templates. Every stage's diagnostics are gathered; the first stage without a value stops it.
/// A multi-language site is prepared once per language (`languages`): the default language's
/// files first, then each other language's translations, which inherit from them.
pub fn prepare(options: &BuildOptions) -> Result<Prepared, Failed> {
    let mut timings = Timings::new(options.progress.clone());
    let mut diagnostics = Diagnostics::default();
    let fail = |diagnostics| Err(Failed::new(diagnostics, options.strict));
    let started = Instant::now();

    let Some(config) = load_config(
        &options.root,
        options.base_url.as_deref().map(|url| (url, options.base_url_from)),
    )
    .into_value(&mut diagnostics) else {
        return fail(diagnostics);
    };
    // With a cache (serve), a file whose text is unchanged is not parsed again; one that the
    // cache knows and no change since names is not even read.
    let mut incremental = Incremental::begin(options.cache.as_deref(), &config);
    let listing = incremental.listing(&options.root);
    let mut files = load::load(&options.root, &config.theme, config.theme_pos, listing, &|path| {
        incremental.unchanged(path)
    });
    diagnostics.extend(std::mem::take(&mut files.diagnostics));
    let mut split_errors = Vec::new();
    let config_file = load::config_path(&options.root);
    let language_files = languages::split(&mut files, (&config, &config_file), &mut split_errors);
    diagnostics.extend(split_errors);
    let t = timings.record("load", started);

    // Known before parsing: a link to an article this build leaves out is rendered as text.
    let selection = options.selection();
    let (parsed, next_cache) = parse::parse(&mut files, &config, &incremental, &selection, &mut diagnostics, None);
    let previous = incremental.finish(next_cache);
    let t = timings.record("parse", t);
    let mut from_originals = FromOriginals::new(&parsed, &language_files);
    let config_file = load::config_path(&options.root);
    let language_config = config.clone();
    let root = model(config, parsed, &files, options, &selection, &mut diagnostics);
    if !language_files.is_empty() {
        from_originals.note_errors(&root, &diagnostics);
    }
    if let Some(site) = &root.site {
        languages::check_folders(site, &mut diagnostics);
    }
    let mut others = model_languages(
        language_files,
        &language_config,
        &from_originals,
        &files,
        options,
        &selection,
        &mut diagnostics,
    );
    let t = timings.record("model", t);
    let mut root = root;
    compile_templates(&mut root, &mut others, &files, &mut diagnostics);
    timings.record("templates", t);
    // The last build's cache entries and this one's permalinks are not needed any more; freeing
    // a 100,000-article site's worth of them takes ~30 ms that `serve` need not wait for.
    drop_in_background((previous, from_originals));
    if diagnostics.has_errors() || (options.strict && diagnostics.warning_count() > 0) {
        check_content_links(&root, &others, &files.listing, &mut diagnostics);
        return fail(diagnostics);
    }
    let Some(mut prepared) = root.prepared(&files, config_file.clone(), options.strict) else {
        return fail(diagnostics);
    };
    // What preparing found (an unreadable `_redirects`, custom.css's accent), kept with the rest.
    diagnostics.extend(std::mem::take(&mut prepared.diagnostics));
    for (code, mut modelled) in others {
        let untranslated = std::mem::take(&mut modelled.untranslated_topics);
        let Some(mut language) = modelled.prepared(&files, config_file.clone(), options.strict) else {
            return fail(diagnostics);
        };
        diagnostics.extend(std::mem::take(&mut language.diagnostics));
        languages::topics_elsewhere(&prepared.site, &mut language.site, untranslated);
        prepared.languages.push((format!("{code}/"), language));
    }
    if !prepared.languages.is_empty() {
        languages::link_translations(&mut prepared);
    }
    prepared.static_files = files.static_files;
    // Not under `serve`, whose address is its own.
    diagnostics.extend(prepared.cname_elsewhere().filter(|_| !options.preview));
    diagnostics.extend(prepared.take_preview_errors());
    prepared.diagnostics = diagnostics;
    prepared.timings = timings;
    Ok(prepared)
}

/// Each language's templates, with its words (and its bodies' footnotes in them); the templates
/// the site's editions and authors need that the theme lacks, and the `| safe` lint, said once
/// (every language renders with the same templates).
fn compile_templates(
    root: &mut Modelled,
    others: &mut [(String, Modelled)],
    files: &SiteFiles,
    diagnostics: &mut Diagnostics,
) {
    for modelled in std::iter::once(&mut *root).chain(others.iter_mut().map(|(_, m)| m)) {
        if let Some(site) = modelled.site.as_mut() {
            localize_bodies(site, modelled.i18n.default_words());
        }
        if files.theme_missing {
            continue;
        }
        modelled.templates = render::compile(&files.templates, modelled.i18n.clone()).into_value(diagnostics);
    }
    if files.theme_missing {
        return;
    }
    diagnostics.extend(render::safe_lint(&files.templates));
    if let Some(site) = &root.site {
        diagnostics.extend(render::missing_for(&files.templates, site));
    }
}

/// Every body's footnotes and tables' names (articles, topics' backgrounds, authors'
/// biographies, editions' introductions) in the words of the site's language
/// (`render::i18n::BodyWords`); on an English site, no body is read.
fn localize_bodies(site: &mut Site, words: &render::i18n::Words) {
    let Some(footnotes) = render::i18n::BodyWords::of(words) else {
        return;
    };
    for article in &mut site.articles {
        if let Some(html) = footnotes.localize(&article.body.html) {
            Arc::make_mut(&mut article.body).html = html;
        }
    }
    let bodies = site.topics.iter_mut().map(|t| &mut t.body.html);
    let bodies = bodies.chain(site.authors.iter_mut().map(|a| &mut a.body.html));
    for html in bodies.chain(site.editions.iter_mut().map(|e| &mut e.intro)) {
        if let Some(localized) = footnotes.localize(html) {
            *html = localized;
        }
    }
}

/// What the other languages take from the default language's parse: the front matter of each
/// article that has a translation, where a link to an article without one leads, the topics,
/// and the originals that failed (`failed`).
struct FromOriginals {
    originals: rustc_hash::FxHashMap<String, Arc<crate::parse::frontmatter::ArticleMeta>>,
    fallback: parse::Permalinks,
    /// Each edition's date and series, for its translations.
    editions: rustc_hash::FxHashMap<String, crate::parse::edition::EditionOriginal>,
    /// What each author's translation may take from the default language's file.
    authors: rustc_hash::FxHashMap<String, AuthorOriginal>,
    topics: Vec<String>,
    /// Each topic's old addresses (`aliases:`), by slug, which its translations take when they
    /// give none of their own: a renamed topic's `/ko/topics/old/` (review).
    topic_aliases: rustc_hash::FxHashMap<String, Vec<String>>,
    /// The articles and topics whose front matter failed, and (`note_errors`) the articles with
    /// any error: a translation inherits from its original, so it would only repeat the
    /// original's errors, at the original's lines. It is checked once the original is right.
    failed: site::Unparsed,
    /// Each edition's file as messages name it, and its path (`note_errors`).
    edition_files: Vec<(PathBuf, String)>,
    /// The editions with an error (`note_errors`), whose translations wait as an article's do.
    failed_editions: rustc_hash::FxHashSet<String>,
}

impl FromOriginals {
    fn new(parsed: &parse::Parsed, language_files: &[languages::LanguageFiles]) -> FromOriginals {
        if language_files.is_empty() {
            return FromOriginals {
                originals: Default::default(),
                fallback: Default::default(),
                editions: Default::default(),
                authors: Default::default(),
                topics: Vec::new(),
                topic_aliases: Default::default(),
                failed: site::Unparsed::default(),
                edition_files: Vec::new(),
                failed_editions: Default::default(),
            };
        }
        let translated: rustc_hash::FxHashSet<&str> = language_files
            .iter()
            .flat_map(|l| l.articles.iter().map(|f| f.path.as_str()))
            .collect();
        FromOriginals {
            originals: parsed
                .articles
                .iter()
                .filter(|a| translated.contains(a.source.as_str()))
                .map(|a| (a.source.clone(), a.meta.clone()))
                .collect(),
            fallback: parsed.permalinks.clone(),
            editions: parsed
                .editions
                .iter()
                .map(|e| {
                    let original = crate::parse::edition::EditionOriginal {
                        date: e.meta.date.clone(),
                        series: e.meta.series.clone(),
                        series_name: e.meta.series_name.clone(),
                        draft: e.meta.draft,
                        slug: e.meta.slug.clone(),
                    };
                    (e.source.clone(), original)
                })
                .collect(),
            authors: parsed
                .authors
                .iter()
                .map(|a| {
                    let original = AuthorOriginal {
                        image: a.image.clone(),
                        url: a.meta.url.clone(),
                        same_as: a.meta.same_as.clone(),
                    };
                    (a.source.clone(), original)
                })
                .collect(),
            topics: parsed.topics.iter().map(|t| t.slug.clone()).collect(),
            topic_aliases: parsed
                .topics
                .iter()
                .filter(|t| !t.meta.aliases.is_empty())
                .map(|t| (t.slug.clone(), t.meta.aliases.clone()))
                .collect(),
            failed: parsed.unparsed.clone(),
            edition_files: parsed
                .editions
                .iter()
                .map(|e| (e.display.clone(), e.source.clone()))
                .collect(),
            failed_editions: Default::default(),
        }
    }

    /// Adds the default language's articles and editions that have errors (`diagnostics` so far)
    /// to `failed` and `failed_editions`.
    fn note_errors(&mut self, root: &Modelled, diagnostics: &Diagnostics) {
        let with_errors: rustc_hash::FxHashSet<&Path> = diagnostics.errors().map(|d| d.path.as_path()).collect();
        if with_errors.is_empty() {
            return;
        }
        for (display, source) in &self.edition_files {
            if with_errors.contains(display.as_path()) {
                self.failed_editions.insert(source.clone());
            }
        }
        let Some(site) = root.site.as_ref().or(root.unfinished.as_ref()) else {
            return;
        };
        let articles = site.articles.iter().map(|a| (&a.source, &a.display));
        let left_out = site.left_out.articles.iter().map(|a| (&a.source, &a.display));
        for (source, display) in articles.chain(left_out) {
            if with_errors.contains(display.as_path()) {
                self.failed.articles.push(source.clone());
            }
        }
    }
}

/// What an author's translation may take from the original: their picture (its output path),
/// their own page and their profile links, which do not change with the language.
struct AuthorOriginal {
    image: Option<String>,
    url: Option<String>,
    same_as: Vec<String>,
}

/// What an author's translation does not set it takes from the original (`AuthorOriginal`).
/// (Name, role and biography are the translation's to write.)
fn inherit_author_details(
    authors: &mut [site::ParsedAuthor],
    originals: &rustc_hash::FxHashMap<String, AuthorOriginal>,
) {
    for author in authors {
        let Some(original) = originals.get(&author.source) else {
            continue;
        };
        if author.meta.image.is_none() {
            author.image.clone_from(&original.image);
        }
        if author.meta.url.is_none() {
            author.meta.url.clone_from(&original.url);
        }
        if author.meta.same_as.is_empty() {
            author.meta.same_as.clone_from(&original.same_as);
        }
    }
}

/// Each other language's files parsed (as translations of the default language's) and
/// modelled, with its own configuration (`Config::for_language`).
fn model_languages(
    language_files: Vec<languages::LanguageFiles>,
    config: &Config,
    from: &FromOriginals,
    files: &SiteFiles,
    options: &BuildOptions,
    selection: &Selection,
    diagnostics: &mut Diagnostics,
) -> Vec<(String, Modelled)> {
    let translating = parse::Translating {
        originals: &from.originals,
        fallback: &from.fallback,
        editions: &from.editions,
    };
    let mut modelled = Vec::with_capacity(language_files.len());
    for language in language_files {
        let config = config.for_language(&language.language);
        let mut articles = language.articles;
        articles.retain(|file| !from.failed.articles.contains(&file.path));
        let mut editions = language.editions;
        // An original whose front matter could not be read is not among `from.editions`: its
        // translation waits too (it would be told it lacks the date it inherits).
        editions.retain(|file| !from.failed_editions.contains(&file.path) && from.editions.contains_key(&file.path));
        let stand_ins = language.stand_ins;
        let mut own = SiteFiles {
            articles,
            topics: language.topics,
            authors: language.authors,
            editions,
            content_assets: files.content_assets.clone(),
            ..SiteFiles::default()
        };
        // Translations are few and parsed whole: the cache is the default language's.
        let none = Incremental::begin(None, &config);
        let (mut parsed, _) = parse::parse(&mut own, &config, &none, selection, diagnostics, Some(&translating));
        languages::aliases_in_their_folder(&mut parsed, &language.language.code);
        diagnostics.extend(languages::published_before_their_original(
            &parsed.articles,
            &from.originals,
        ));
        inherit_author_details(&mut parsed.authors, &from.authors);
        for author in parsed.authors.iter_mut().filter(|a| stand_ins.contains(&a.source)) {
            author.lang.clone_from(&config.original_language);
        }
        for topic in parsed.topics.iter_mut().filter(|t| t.meta.aliases.is_empty()) {
            if let Some(aliases) = from.topic_aliases.get(&topic.slug) {
                topic.meta.aliases.clone_from(aliases);
            }
        }
        let untranslated =
            languages::untranslated_topics(&mut parsed, &from.topics, &language.language.code, diagnostics);
        parsed.unparsed.articles.extend(from.failed.articles.iter().cloned());
        parsed.unparsed.topics.extend(from.failed.topics.iter().cloned());
        parsed.unparsed.originals = from
            .fallback
            .keys()
            .filter(|path| path.ends_with(".md") && !path.starts_with(load::TOPICS_DIR))
            .cloned()
            .collect();
        let mut site = model(config, parsed, files, options, selection, diagnostics);
        site.untranslated_topics = untranslated;
        modelled.push((language.language.code, site));
    }
    modelled
}

/// The links to content files of a build that errors stop before it renders, checked against
/// what was parsed (`site::links::check_content`): the errors a build would show once the others
/// are fixed come in the same round. A link to a file that content/ holds but no site has (its
/// own errors kept it out, or another language has it) is not judged.
fn check_content_links(
    root: &Modelled,
    others: &[(String, Modelled)],
    listing: &load::ContentListing,
    diagnostics: &mut Diagnostics,
) {
    let markdown: Vec<String> = listing.markdown_files().collect();
    let unparsed: rustc_hash::FxHashSet<&str> = markdown.iter().map(String::as_str).collect();
    for modelled in std::iter::once(root).chain(others.iter().map(|(_, m)| m)) {
        if let Some(site) = modelled.site.as_ref().or(modelled.unfinished.as_ref()) {
            diagnostics.extend(site::links::check_content(site, &modelled.assets, &unparsed));
        }
    }
}

/// One language's site as the stages after parsing leave it (each part `None` where errors
/// stopped it).
struct Modelled {
    site: Option<Site>,
    /// The site as assembled when that found errors: never built, only checked for more
    /// (`check_content_links`).
    unfinished: Option<Site>,
    /// Compiled last, with the language's words.
    templates: Option<Templates>,
    /// The theme's words in the site's language (read before the site is assembled: automatic
    /// editions are written with them).
    i18n: Arc<render::i18n::I18n>,
    images: Option<images::ImagePlan>,
    assets: parse::Assets,
    /// Another language's articles' topics without a translation: (article source, slug).
    untranslated_topics: Vec<(String, String)>,
}

impl Modelled {
    /// The `Prepared` site, when every part of it is there; its files are the ones copied as
    /// they are (the default language's static files too; another language's content assets alone).
    fn prepared(self, files: &SiteFiles, config_file: PathBuf, strict: bool) -> Option<Prepared> {
        let (Some(site), Some(templates), Some(images)) = (self.site, self.templates, self.images) else {
            return None;
        };
        let mut copied = if site.config.is_subsite() {
            // The static files stay at the root, where every language's pages link them.
            let own = SiteFiles {
                content_assets: files.content_assets.clone(),
                ..SiteFiles::default()
            };
            copied_files(&own, &self.assets)
        } else {
            copied_files(files, &self.assets)
        };
        let linked = render::LinkedStatics::from_files(|path| {
            copied.contains_key(path) || files.static_files.contains_key(path)
        });
        let mut site = site;
        let mut diagnostics = Diagnostics::default();
        if !site.config.is_subsite() {
            site_own_files(&mut site, &mut copied, &mut diagnostics);
        }
        Some(Prepared {
            files: copied,
            linked,
            assets: self.assets,
            images,
            config_file,
            site,
            templates,
            static_files: BTreeMap::new(),
            diagnostics,
            timings: Timings::default(),
            strict,
            languages: Vec::new(),
        })
    }
}

/// The stages after parsing, for one language: the authors checked, the site assembled and
/// credited, the image plan.
fn model(
    config: Config,
    parsed: parse::Parsed,
    files: &SiteFiles,
    options: &BuildOptions,
    selection: &Selection,
    diagnostics: &mut Diagnostics,
) -> Modelled {
    let config_file = load::config_path(&options.root);
    diagnostics.extend(site::authors::check(
        &config,
        &config_file,
        &parsed.authors,
        &parsed.author_slugs,
        &parsed.articles,
        selection,
    ));
    let mut config = config;
    let i18n = render::words(files, &config.locale, diagnostics);
    config.editions.words = render::auto_edition_words(&i18n);
    config.feed_words = render::feed_words(&i18n);
    let (site, found) = site::assemble_even_with_errors(
        config,
        parsed.articles,
        parsed.topics,
        parsed.editions,
        *selection,
        &parsed.unparsed,
    );
    let whole = !found.iter().any(Diagnostic::is_error);
    diagnostics.extend(found);
    // A site with errors is credited and its images planned too, for their errors to come in
    // the same round; it is never built.
    let mut site = site;
    site::authors::attach(&mut site, parsed.authors);
    diagnostics.extend(site_accent(&mut site, &files.static_files));
    let inputs = images::Inputs {
        assets: &parsed.assets,
        content: &files.content_assets,
        static_files: &files.static_files,
        theme_files: &files.theme_files,
        theme_missing: files.theme_missing,
        root: &options.root,
    };
    let images = images::plan(&mut site, &inputs, diagnostics);
    let (site, unfinished, images) = if whole {
        (Some(site), None, Some(images))
    } else {
        (None, Some(site), None)
    };
    drop_in_background(parsed.permalinks);
    Modelled {
        site,
        unfinished,
        templates: None,
        i18n,
        images,
        assets: parsed.assets,
        untranslated_topics: Vec::new(),
    }
}

/// How to mend a static file at a path gazette writes: a page's template can be overridden, a
/// data file (a feed, the sitemap) is gazette's.
fn generated_hint(path: &str) -> &'static str {
    if path.ends_with(".html") {
        "remove it, or override the template that makes the page"
    } else {
        "remove it: gazette writes this file itself"
    }
}

/// The two files gazette writes that a site may make its own, in build and serve alike: its
/// `robots.txt` (a staging site's `Disallow: /`) is copied instead of gazette's
/// (`Site::own_robots`), and its `_redirects` lines go before the aliases' in the one gazette
/// writes (`Site::own_redirects`; the first rule that matches wins, so a renamed topic's come
/// first), no longer copied as it is.
fn site_own_files(site: &mut Site, copied: &mut BTreeMap<String, Body>, diagnostics: &mut Diagnostics) {
    use crate::core::urls::{REDIRECTS, ROBOTS};
    site.own_robots = copied.contains_key(ROBOTS);
    let Some(body) = copied.remove(REDIRECTS) else {
        return;
    };
    match body.read() {
        Ok(bytes) => {
            let mut bytes = bytes.into_owned();
            if !bytes.is_empty() && !bytes.ends_with(b"\n") {
                bytes.push(b'\n');
            }
            site.own_redirects = bytes;
        }
        Err(e) => {
            let path = match &body {
                Body::File(source) => source.clone(),
                _ => PathBuf::from(REDIRECTS),
            };
            diagnostics.push(Diagnostic::error(
                path,
                None,
                format!("cannot read this file: {}", crate::core::diagnostic::io_reason(&e)),
            ));
        }
    }
}

/// The accent the site's `static/custom.css` gives its pages (`Site::accent`: for the email, the
/// social cards and timeline.json, which read no CSS), and the warnings of a value none of them
/// can use: said by the default language only (another's pages link the same custom.css). A
/// custom.css that cannot be read is not this one's to say: copying it is.
fn site_accent(site: &mut Site, static_files: &BTreeMap<String, Body>) -> Vec<Diagnostic> {
    let Some(body) = static_files.get(render::CUSTOM_CSS) else {
        return Vec::new();
    };
    let Ok(bytes) = body.read() else {
        return Vec::new();
    };
    let path = match body {
        Body::File(source) => source.clone(),
        _ => PathBuf::from("static").join(render::CUSTOM_CSS),
    };
    let (accent, warnings) = crate::parse::accent::read(&path, &String::from_utf8_lossy(&bytes));
    site.accent = accent;
    if site.config.is_subsite() { Vec::new() } else { warnings }
}

/// The files copied as they are: the static files, then the content assets (next to their
/// articles, or at their own path), which win.
fn copied_files(files: &SiteFiles, assets: &parse::Assets) -> BTreeMap<String, Body> {
    let mut copied = files.static_files.clone();
    for asset in &files.content_assets {
        if let Some(target) = assets.get(&asset.path) {
            copied.insert(target.clone(), asset.body.clone());
        }
    }
    copied
}

/// The render and publish stages: every page of the site (`render`), and beside them the feeds,
/// sitemap and search index (`publish`), with the files to copy, as one `Output`.
pub fn render_and_publish(
    site: &Site,
    templates: &Templates,
    files: &BTreeMap<String, Body>,
    sink: Option<&PageSink<'_>>,
) -> Checked<Output> {
    let linked = render::LinkedStatics::from_files(|path| files.contains_key(path));
    render_and_publish_taking(site, templates, (files, linked), sink, None)
}

/// `render_and_publish`, the search index taking the bodies' terms and pairs from `index_texts`
/// when they were moved out of the site (`Prepared::take_index_texts`). `files` are the files
/// copied, and the static files the pages link (`Prepared::linked`).
fn render_and_publish_taking(
    site: &Site,
    templates: &Templates,
    (files, linked): (&BTreeMap<String, Body>, render::LinkedStatics),
    sink: Option<&PageSink<'_>>,
    index_texts: Option<Vec<IndexText>>,
) -> Checked<Output> {
    // Feeds, the sitemap and the search index are made beside the pages. With a sink, each goes
    // to it as soon as it is made, so they never all sit in memory.
    let (rendered, data) = rayon::join(
        || render::render_pages(site, templates, linked, sink),
        || {
            let mut data: Vec<Result<(String, Body), Diagnostic>> = Vec::new();
            let mut emit = |path: String, bytes: Vec<u8>| {
                data.push(match sink {
                    Some(sink) => sink(&path, &bytes).map(|()| (path, Body::Written(bytes.len()))),
                    None => Ok((path, Body::Bytes(bytes))),
                })
            };
            data_files_taking(site, index_texts, &mut emit);
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
    Checked::unless_errors(output, render::sorted_errors(errors))
}

/// `render_and_publish`, and beside it every image file and social card of the prepared site's
/// plan (which win over the files copied as they are: an image's own name holds its largest
/// size, re-encoded).
/// The search index reads the bodies' terms and pairs from `index_texts` when they were moved
/// out of the site (`Prepared::take_index_texts`).
fn render_publish_and_make_images(
    prepared: &Prepared,
    index_texts: Option<Vec<IndexText>>,
    sink: Option<&PageSink<'_>>,
) -> Checked<(Output, MediaStats)> {
    let (rendered, (media, stats)) = rayon::join(
        || {
            let files = (&prepared.files, prepared.linked);
            render_and_publish_taking(&prepared.site, &prepared.templates, files, sink, index_texts)
        },
        || make_images(&prepared.images, sink),
    );
    let mut errors = Vec::new();
    let mut made = Vec::new();
    for result in media {
        match result {
            Ok(file) => made.push(file),
            Err(diagnostic) => errors.push(diagnostic),
        }
    }
    let Checked {
        value: output,
        diagnostics,
    } = rendered;
    errors.extend(diagnostics);
    let Some(mut output) = output else {
        return Checked::failed(render::sorted_errors(errors));
    };
    for (path, body) in made {
        output.insert(path, body);
    }
    Checked::unless_errors((output, stats), render::sorted_errors(errors))
}

/// `render_publish_and_make_images` for each language of the site, another language's files
/// under its folder (`ko/…`), into one `Output`.
fn render_every_language(prepared: &mut Prepared, sink: Option<&PageSink<'_>>) -> Checked<(Output, MediaStats)> {
    let index_texts = prepared.take_index_texts();
    let Checked { value, mut diagnostics } = render_publish_and_make_images(prepared, index_texts, sink);
    let Some((mut output, mut stats)) = value else {
        return Checked::failed(diagnostics);
    };
    for (prefix, language) in &mut prepared.languages {
        let prefixed = |path: &str, bytes: &[u8]| match sink {
            Some(sink) => sink(&format!("{prefix}{path}"), bytes),
            None => Ok(()),
        };
        let language_sink: Option<&PageSink<'_>> = sink.map(|_| &prefixed as &PageSink<'_>);
        let index_texts = language.take_index_texts();
        let rendered = render_publish_and_make_images(language, index_texts, language_sink);
        diagnostics.extend(rendered.diagnostics);
        if let Some((own, own_stats)) = rendered.value {
            for (path, body) in own.files {
                output.insert(format!("{prefix}{path}"), body);
            }
            stats.files += own_stats.files;
            stats.decoded += own_stats.decoded;
            stats.cards_drawn += own_stats.cards_drawn;
        }
    }
    Checked::unless_errors((output, stats), render::sorted_errors(diagnostics))
}

/// The image work of a build: the files made, the images decoded (none when the cache had every
/// file), the cards drawn (none when the cache had them).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MediaStats {
    pub files: usize,
    pub decoded: usize,
    pub cards_drawn: usize,
}

/// An image file made (and written, with a sink), or why it could not be.
type MadeFile = Result<(String, Body), Diagnostic>;

/// Every image file and social card of the plan, made on every core (from the cache when it has
/// them), each handed to `sink` when there is one.
fn make_images(plan: &images::ImagePlan, sink: Option<&PageSink<'_>>) -> (Vec<MadeFile>, MediaStats) {
    use rayon::prelude::*;
    let keep = |path: String, bytes: Vec<u8>| match sink {
        Some(sink) => sink(&path, &bytes).map(|()| (path, Body::Written(bytes.len()))),
        None => Ok((path, Body::Bytes(bytes))),
    };
    let jobs: Vec<(Vec<MadeFile>, usize)> = plan
        .jobs
        .par_iter()
        .map(|job| match plan.make_job(job) {
            Ok((files, stats)) => (
                files.into_iter().map(|(path, bytes)| keep(path, bytes)).collect(),
                stats.decoded as usize,
            ),
            Err(diagnostic) => (vec![Err(diagnostic)], 0),
        })
        .collect();
    let cards: Vec<(MadeFile, bool)> = plan
        .cards
        .par_iter()
        .map(|card| match plan.make_card(card) {
            Ok((bytes, drawn)) => (keep(card.output.clone(), bytes), drawn),
            Err(diagnostic) => (Err(diagnostic), false),
        })
        .collect();
    let mut stats = MediaStats::default();
    let mut made = Vec::new();
    for (files, decoded) in jobs {
        stats.decoded += decoded;
        made.extend(files);
    }
    for (card, drawn) in cards {
        stats.cards_drawn += usize::from(drawn);
        made.push(card);
    }
    stats.files = made.iter().filter(|m| m.is_ok()).count();
    (made, stats)
}

/// Everything a site has besides its pages and copied files: the feeds, sitemap, robots.txt,
/// redirects and search index, handed to `emit` one at a time. `build` writes them as they come;
/// `serve` makes them the first time one is asked for.
pub fn data_files(site: &Site, emit: &mut dyn FnMut(String, Vec<u8>)) {
    data_files_taking(site, None, emit);
}

/// `data_files`, the search index taking the bodies' terms and pairs from `index_texts` when
/// they were moved out of the site (`Prepared::take_index_texts`).
fn data_files_taking(site: &Site, index_texts: Option<Vec<IndexText>>, emit: &mut dyn FnMut(String, Vec<u8>)) {
    // The index first: it frees the bodies' terms and pairs as it reads them (tens of MB at
    // 10,000 articles), before the pages' cards and the feeds fill memory beside them.
    crate::publish::search::outputs_taking(site, index_texts, emit);
    crate::publish::outputs(site, emit);
}

/// The stack of every thread that parses, cleans or inlines HTML (rayon's, serve's): 32 MB of
/// address space, used only as deep as the work goes. `parse::nesting` keeps bodies within 256
/// levels; this is the margin for a tree an HTML parser builds deeper than that count.
pub const THREAD_STACK: usize = 32 << 20;

/// Sets rayon's threads' stack to `THREAD_STACK`, once, before any work (`main`).
pub fn configure_threads() {
    // Already set (a test harness, a second call): the pool stays as it is.
    let _ = worker_pool().build_global();
}

/// How rayon's pool is built: threads with `THREAD_STACK`.
fn worker_pool() -> rayon::ThreadPoolBuilder {
    rayon::ThreadPoolBuilder::new().stack_size(THREAD_STACK)
}

/// Drops `value` on a thread of its own, so that whoever is waiting for the caller does not wait
/// for the memory to be freed. (If no thread can be started, it is dropped here.)
fn drop_in_background<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new()
        .name("gazette-drop".into())
        .spawn(move || drop(value));
}

#[cfg(test)]
mod tests {
    /// Recurses `levels` deep with 1 KB of stack each; the deepest level's number.
    fn deep(levels: usize) -> usize {
        let frame = std::hint::black_box([0u8; 1024]);
        if levels == 0 {
            return usize::from(frame[0]);
        }
        std::hint::black_box(deep(levels - 1) + 1)
    }

    /// A worker's stack holds what a thread's default 2 MB does not: at least 6 MB of frames
    /// (6,144 of over 1 KB each) run in the pool `main` makes. With the default stack this test
    /// crashes the test binary (a stack overflow aborts), which fails it too.
    #[test]
    fn a_workers_stack_holds_three_times_the_default() {
        let pool = super::worker_pool().num_threads(1).build().expect("a pool");
        assert_eq!(pool.install(|| deep(6 * 1024)), 6 * 1024);
    }
}
