//! Load: walks the site folder and reads its files (the only stage that reads the disk).
//!
//! Markdown files become `SourceFile`s with their text cleaned (no BOM, no CR); templates are
//! gathered from the theme (on disk or embedded) with the site's own overriding them by name;
//! static files and files next to articles are listed to be copied as they are.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::core::diagnostic::{Diagnostic, Pos, display_path, io_reason};
use crate::core::output::Body;
use crate::source::theme;

/// A text file of the site, read and cleaned.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Relative to the site root, `/`-separated: `content/2024/06/pact.md`.
    pub path: String,
    /// The path as shown in messages: the root joined with `path`.
    pub display: PathBuf,
    pub text: String,
    /// Not read, because the caller knows it unchanged (`serve`'s cache has it): `text` is empty.
    pub unread: bool,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, display: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        SourceFile {
            path: path.into(),
            display: display.into(),
            text: clean_text(text.into()),
            unread: false,
        }
    }

    /// Reads the text of a file that was listed `unread`.
    pub fn read(&self) -> Result<SourceFile, Diagnostic> {
        read_text(&self.display).map(|text| SourceFile::new(self.path.clone(), self.display.clone(), text))
    }

    /// The name that gives the default slug: the file stem, or the folder's name for `index.md`.
    pub fn slug_stem(&self) -> String {
        slug_stem(&self.path)
    }
}

/// The name a file's slug is made from: its name without `.md`, or its folder's for an
/// `index.md` (`_index.md`).
pub fn slug_stem(path: &str) -> String {
    let path = Path::new(path);
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if (stem == "index" || stem == "_index")
        && let Some(parent) = path.parent().and_then(Path::file_name)
    {
        return parent.to_string_lossy().into_owned();
    }
    stem
}

/// A template by name (`article.html`), with its text and where it came from.
#[derive(Debug, Clone)]
pub struct TemplateSource {
    pub name: String,
    pub text: String,
    pub display: PathBuf,
}

/// A file copied into the output as it is.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Relative to the site root: `content/2024/06/map.png`.
    pub path: String,
    pub body: Body,
}

/// Everything the build reads, before any of it is interpreted.
#[derive(Debug, Default)]
pub struct SiteFiles {
    pub articles: Vec<SourceFile>,
    pub topics: Vec<SourceFile>,
    /// content/authors/*.md: one file per author (DESIGN.md §4b).
    pub authors: Vec<SourceFile>,
    /// content/editions/**/*.md: the editions (DESIGN.md §4c).
    pub editions: Vec<SourceFile>,
    /// Non-Markdown files under content/.
    pub content_assets: Vec<Asset>,
    pub templates: Vec<TemplateSource>,
    /// Output path → file, the site's static/ overriding the theme's.
    pub static_files: BTreeMap<String, Body>,
    /// The theme's `card.yaml` and `fonts/**`, by their path in the theme (read when used), the
    /// site's own (beside site.yaml) over them.
    pub theme_files: BTreeMap<String, Body>,
    /// site.yaml names a theme that is not there (an error already): its templates and card
    /// style are then not looked for, so the one error is not followed by one per template.
    pub theme_missing: bool,
    /// The languages of i18n files that could not be read (each an error already).
    pub unreadable_i18n: Vec<String>,
    /// The theme's `i18n/<lang>.yaml` files, then the site's own `i18n/<lang>.yaml`.
    pub i18n: Vec<I18nSource>,
    /// Where the theme's words are, as messages name it (`themes/default/i18n`); the site's own
    /// `i18n` for the embedded theme, whose words are in no file the writer can open.
    pub theme_i18n: String,
    pub diagnostics: Vec<Diagnostic>,
    /// The Markdown files of content/ that could not be read (each an error already), by path
    /// (`content/2024/06/pact.md`): what names them is not told they are missing.
    pub unreadable: Vec<String>,
    /// What content/ held, for the next build to start from.
    pub listing: ContentListing,
}

/// One `i18n/<lang>.yaml`: the theme's words in a language, or the site's overrides.
#[derive(Debug, Clone)]
pub struct I18nSource {
    /// The language tag: the file's name without `.yaml`.
    pub lang: String,
    pub from_site: bool,
    pub file: SourceFile,
}

/// The file a site's configuration lives in.
pub fn config_path(root: &Path) -> PathBuf {
    root.join("site.yaml")
}

/// Reads site.yaml.
pub fn read_config(root: &Path) -> Result<SourceFile, Diagnostic> {
    let path = config_path(root);
    let text = read_text(&path)?;
    Ok(SourceFile::new("site.yaml", path, text))
}

/// The files under content/ as a walk found them (absolute path, path relative to content/, in
/// walk order), with the walk's diagnostics. `serve` keeps it between builds.
/// Shared, so keeping it costs nothing; an update copies it only when a file comes or goes.
#[derive(Debug, Clone, Default)]
pub struct ContentListing {
    entries: std::sync::Arc<Vec<(PathBuf, String)>>,
    diagnostics: std::sync::Arc<Vec<Diagnostic>>,
    /// Whether content/ holds a symbolic link: a write to its target is no event under content/.
    links: bool,
}

impl ContentListing {
    /// Walks content/.
    pub fn walk(content: &Path) -> ContentListing {
        let site = content.parent().unwrap_or(content);
        let (entries, diagnostics, links) = walk_noting_links(content, site);
        ContentListing {
            entries: entries.into(),
            diagnostics: diagnostics.into(),
            links,
        }
    }

    /// The Markdown files content/ held, site-relative (`content/2024/06/a.md`).
    pub fn markdown_files(&self) -> impl Iterator<Item = String> + '_ {
        self.entries
            .iter()
            .filter(|(_, rel)| rel.ends_with(".md"))
            .map(|(_, rel)| format!("content/{rel}"))
    }

    /// Whether changes to these files can all be known from events under content/: not when a
    /// symbolic link leads elsewhere (its target changes silently), nor while the walk reported
    /// problems (a broken link may be mended from outside).
    pub fn events_tell_all(&self) -> bool {
        !self.links && self.diagnostics.is_empty()
    }

    /// The listing after the files at `changed` (site-relative: `content/2024/06/a.md`) were
    /// written or removed, without walking again; `None` when a change is anything but a plain
    /// file written or removed (a folder, a link, a special file), which only a walk can tell.
    pub fn updated(&self, root: &Path, changed: &HashSet<String>) -> Option<ContentListing> {
        if !self.events_tell_all() {
            return None;
        }
        let mut next = self.clone();
        for path in changed {
            if path.is_empty() || path == "content" {
                return None;
            }
            let Some(rel) = path.strip_prefix("content/") else {
                continue;
            };
            if rel.split('/').any(is_ignored_name) {
                continue;
            }
            let abs = root.join(path);
            if self.diagnostics.iter().any(|d| d.path == abs) {
                return None;
            }
            // Walk order is by path, component by component.
            let at = next
                .entries
                .binary_search_by(|(_, r)| Path::new(r.as_str()).cmp(Path::new(rel)));
            match std::fs::symlink_metadata(&abs) {
                Ok(meta) if meta.is_file() => {
                    if let Err(at) = at {
                        std::sync::Arc::make_mut(&mut next.entries).insert(at, (abs, rel.to_string()));
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    let folder = format!("{rel}/");
                    if self.entries.iter().any(|(_, r)| r.starts_with(&folder)) {
                        // A folder went: what was under it is for a walk to say.
                        return None;
                    }
                    if let Ok(at) = at {
                        std::sync::Arc::make_mut(&mut next.entries).remove(at);
                    }
                }
                _ => return None,
            }
        }
        Some(next)
    }
}

/// The folder of the persistent cache, at the site's root.
pub const CACHE_DIR: &str = ".gazette-cache";
/// The folders of a site that gazette reads (beside site.yaml): the build refuses an output
/// inside one, and `serve` watches them.
pub const SITE_FOLDERS: [&str; 5] = ["content", "templates", "themes", "static", "i18n"];

/// Where topic files live; every other Markdown file of content/ is an article, but for editions.
pub const TOPICS_DIR: &str = "content/topics/";
/// Where author files live.
pub const AUTHORS_DIR: &str = "content/authors/";
/// Where edition files live.
pub const EDITIONS_DIR: &str = "content/editions/";

/// What is wrong with the site's content/ folder itself (missing, or a link out of the site),
/// and the listing's own diagnostics.
fn content_folder(root: &Path, content: &Path, listing: &ContentListing) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    if !content.is_dir() {
        found.push(
            Diagnostic::error(content, None, "the site has no content/ folder")
                .with_hint("create content/ with your articles, and content/topics/ with one file per topic"),
        );
    }
    // content/ itself a link out of the site: every article skipped, a build would replace the
    // site with an empty one (that a CI job deploys). An error, as a missing content/ is.
    let site = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let content_out = content
        .symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink())
        .then(|| outside(content, &site))
        .flatten();
    if let Some(target) = &content_out {
        found.push(
            Diagnostic::error(
                content,
                None,
                format!(
                    "content/ is a link that leads out of the site, to {}: a build reads only what is inside the site's folder",
                    target.display()
                ),
            )
            .with_hint("move the content into the site's folder, or put the site (site.yaml and the rest) where the content is"),
        );
    }
    found.extend(
        listing
            .diagnostics
            .iter()
            .filter(|d| content_out.is_none() || d.path != content)
            .cloned(),
    );
    found
}

/// Reads the site: content/ as `listing` lists it (`ContentListing::walk`), the theme, and the
/// site's templates/ and static/. Article files for which `known` is true (by site-relative
/// path) are listed without being read: `serve` knows them unchanged since its last build.
pub fn load(
    root: &Path,
    theme: &str,
    theme_pos: Option<Pos>,
    listing: ContentListing,
    known: &(dyn Fn(&str) -> bool + Sync),
) -> SiteFiles {
    let mut files = SiteFiles::default();
    let content = root.join("content");
    files.diagnostics.extend(content_folder(root, &content, &listing));
    let mut markdown = Vec::new();
    for (abs, rel) in listing.entries.iter() {
        if let Some(skipped) = not_an_article(abs, rel) {
            files.diagnostics.push(skipped);
            continue;
        }
        if rel.ends_with(".md") {
            markdown.push((abs, rel));
        } else {
            // `.MD`, `.markdown`: an article named as another tool names it. Neither read nor
            // published: copied, its source would be (a draft's, front matter and all).
            if let Some(ext) = markdown_named_otherwise(rel) {
                files.diagnostics.push(
                    Diagnostic::warning(
                        abs,
                        None,
                        format!("this file ends in `.{ext}`, so it is not read as an article, and not published"),
                    )
                    .with_hint("rename it to end in `.md` (lower case) to publish it as a page"),
                );
                continue;
            }
            files.content_assets.push(Asset {
                path: format!("content/{rel}"),
                body: Body::File(abs.clone()),
            });
        }
    }
    // Each file's paths are made (and the file read) on every core.
    let read: Vec<Result<SourceFile, Box<(String, Diagnostic)>>> = markdown
        .into_par_iter()
        .map(|(abs, rel)| {
            let (abs, rel) = (abs.clone(), format!("content/{rel}"));
            let other = [TOPICS_DIR, AUTHORS_DIR, EDITIONS_DIR]
                .iter()
                .any(|dir| rel.starts_with(dir));
            if !other && known(&rel) {
                return Ok(SourceFile {
                    path: rel,
                    display: abs,
                    text: String::new(),
                    unread: true,
                });
            }
            match read_text(&abs) {
                Ok(text) => Ok(SourceFile::new(rel, abs, text)),
                Err(d) => Err(Box::new((rel, d))),
            }
        })
        .collect();
    for result in read {
        match result {
            Ok(file) if file.path.starts_with(TOPICS_DIR) => files.topics.push(file),
            Ok(file) if file.path.starts_with(AUTHORS_DIR) => files.authors.push(file),
            Ok(file) if file.path.starts_with(EDITIONS_DIR) => files.editions.push(file),
            Ok(file) => files.articles.push(file),
            Err(failed) => {
                let (path, d) = *failed;
                files.diagnostics.push(d);
                files.unreadable.push(path);
            }
        }
    }
    load_theme(root, theme, theme_pos, &mut files);
    files.listing = listing;
    files
}

/// What to do about a theme that is not there: the closest name of a theme that is, or where
/// to put it.
fn theme_hint(root: &Path, theme: &str) -> String {
    let mut names = vec!["default".to_string()];
    if let Ok(entries) = std::fs::read_dir(root.join("themes")) {
        names.extend(
            entries
                .flatten()
                .filter(|e| e.path().is_dir())
                .map(|e| e.file_name().to_string_lossy().into_owned()),
        );
    }
    match crate::core::diagnostic::closest(theme, names.iter().map(String::as_str)) {
        Some(close) => format!("did you mean `theme: {close}`?"),
        None => "put the theme under themes/, or use `theme: default`".to_string(),
    }
}

/// The theme compiled into gazette: its templates, static files, card and fonts.
fn embedded_theme(templates: &mut BTreeMap<String, TemplateSource>, files: &mut SiteFiles) {
    for (name, text) in theme::embedded_templates() {
        templates.insert(
            name.clone(),
            TemplateSource {
                display: PathBuf::from(format!("<embedded theme>/templates/{name}")),
                name,
                text: text.to_string(),
            },
        );
    }
    for (path, bytes) in theme::embedded_static() {
        files.static_files.insert(path, Body::Embedded(bytes));
    }
    for (path, bytes) in theme::embedded_theme_files() {
        files.theme_files.insert(path, Body::Embedded(bytes));
    }
}

/// A warning for each of the site's templates that nothing uses: not one of the theme's (which it
/// would override), not a page gazette renders, named by no other template (`include`,
/// `extends`, `import`), and defining no component (which every template may call). A misspelt override (`articel.html`) otherwise changes nothing, silently.
fn unused_templates(theme_names: &[String], templates: &BTreeMap<String, TemplateSource>) -> Vec<Diagnostic> {
    use crate::core::theme::{OPTIONAL_TEMPLATES, REQUIRED_TEMPLATES};
    let known = |name: &str| {
        theme_names.iter().any(|t| t == name)
            || REQUIRED_TEMPLATES.contains(&name)
            || OPTIONAL_TEMPLATES.contains(&name)
    };
    let named = |name: &str| {
        let quoted = [format!("\"{name}\""), format!("'{name}'")];
        templates
            .values()
            .any(|t| t.name != name && quoted.iter().any(|q| t.text.contains(q.as_str())))
    };
    // A file of components is used without being named: Tera makes them known in every template.
    let defines_components = |t: &TemplateSource| t.text.contains("{% component ") || t.text.contains("{%- component ");
    templates
        .values()
        .filter(|t| !known(&t.name) && !named(&t.name) && !defines_components(t))
        .map(|t| {
            let candidates = theme_names
                .iter()
                .map(String::as_str)
                .chain(REQUIRED_TEMPLATES.iter().copied())
                .chain(OPTIONAL_TEMPLATES.iter().copied());
            let near = crate::core::theme::near_templates(&t.name, candidates);
            let hint = match crate::core::diagnostic::closest(&t.name, near) {
                Some(near) => format!("did you mean `{near}`? A site's template replaces the theme's of the same name"),
                None => "name it as the theme's template it replaces, or include it from one (`{% include \"partials/x.html\" %}`)".to_string(),
            };
            Diagnostic::warning(
                &t.display,
                None,
                "this template is not used: it replaces none of the theme's, and no template includes or extends it",
            )
            .with_hint(hint)
        })
        .collect()
}

/// A theme folder without templates/, for a site that does not give them all itself: one error
/// at the folder (the caller then looks for none of the theme's templates, card or words), not
/// one per template.
fn theme_without_templates(theme_dir: &Path, templates: &BTreeMap<String, TemplateSource>) -> Option<Diagnostic> {
    let theme_templates = theme_dir.join("templates");
    let lacking = theme_dir.is_dir()
        && !theme_templates.is_dir()
        && !crate::core::theme::REQUIRED_TEMPLATES
            .iter()
            .all(|name| templates.contains_key(*name));
    lacking.then(|| {
        Diagnostic::error(
            theme_dir,
            None,
            format!("{} has no templates/ folder", crate::core::diagnostic::display_path(theme_dir)),
        )
        .with_hint(
            // A folder themes/default/ takes the place of the theme built in.
            if theme_dir.ends_with("default") {
                format!(
                    "put the theme's templates in {}/, or remove the folder themes/default/ to use the theme built into gazette",
                    crate::core::diagnostic::display_path(&theme_templates),
                )
            } else {
                // `theme eject` refuses a site with a theme of its own: `theme new` starts one whole.
                format!(
                    "put the theme's templates in {}/ (to start from the default theme's, `gazette theme new <a new name>` writes it whole into themes/<a new name>/: move its templates/ here and delete the rest), or remove `theme:` from site.yaml to use the default theme",
                    crate::core::diagnostic::display_path(&theme_templates),
                )
            },
        )
    })
}

/// The templates and static files of the theme named in site.yaml (`themes/<name>/`, or the one
/// compiled in for `default`), then the site's own, which override them by name.
fn load_theme(root: &Path, theme: &str, theme_pos: Option<Pos>, files: &mut SiteFiles) {
    let theme_dir = root.join("themes").join(theme);
    let mut templates: BTreeMap<String, TemplateSource> = BTreeMap::new();
    if theme_dir.is_dir() {
        read_templates(&theme_dir.join("templates"), root, &mut templates, files);
        collect_static(
            &theme_dir.join("static"),
            root,
            &mut files.static_files,
            &mut files.diagnostics,
        );
        let card = theme_dir.join(theme::CARD_FILE);
        if card.is_file() {
            files.theme_files.insert(theme::CARD_FILE.to_string(), Body::File(card));
        }
        let mut fonts = BTreeMap::new();
        collect_static(&theme_dir.join("fonts"), root, &mut fonts, &mut files.diagnostics);
        files
            .theme_files
            .extend(fonts.into_iter().map(|(path, body)| (format!("fonts/{path}"), body)));
    } else if theme == "default" {
        embedded_theme(&mut templates, files);
    } else {
        files.theme_missing = true;
        files.diagnostics.push(
            Diagnostic::error(
                config_path(root),
                theme_pos,
                format!(
                    "the theme `{}` is not in {}",
                    theme,
                    crate::core::diagnostic::display_path(&theme_dir)
                ),
            )
            .with_hint(theme_hint(root, theme)),
        );
    }
    // The site's own card style (`card.yaml` beside site.yaml) and fonts (`fonts/`) over the
    // theme's: a desk whose language the theme's card font lacks (Japanese, Chinese) gives its
    // cards one without forking the theme (session 34's Japanese desk probe).
    let card = root.join(theme::CARD_FILE);
    if card.is_file() {
        files.theme_files.insert(theme::CARD_FILE.to_string(), Body::File(card));
    }
    let mut fonts = BTreeMap::new();
    collect_static(&root.join("fonts"), root, &mut fonts, &mut files.diagnostics);
    files
        .theme_files
        .extend(fonts.into_iter().map(|(path, body)| (format!("fonts/{path}"), body)));
    let theme_names: Vec<String> = templates.keys().cloned().collect();
    read_templates(&root.join("templates"), root, &mut templates, files);
    if !files.theme_missing {
        files.diagnostics.extend(unused_templates(&theme_names, &templates));
    }
    if let Some(error) = theme_without_templates(&theme_dir, &templates) {
        files.theme_missing = true;
        files.diagnostics.push(error);
    }
    collect_static(
        &root.join("static"),
        root,
        &mut files.static_files,
        &mut files.diagnostics,
    );
    files.templates = templates.into_values().collect();
    files.theme_i18n = format!("themes/{theme}/i18n");
    if theme_dir.is_dir() {
        read_i18n(root, &format!("themes/{theme}/i18n"), false, files);
    } else if theme == "default" {
        // In no file of the site: a warning of missing words is at the site's own file, the one
        // to write them in.
        files.theme_i18n = "i18n".to_string();
        for (lang, text) in theme::embedded_i18n() {
            files.i18n.push(I18nSource {
                file: SourceFile::new(
                    format!("themes/default/i18n/{lang}.yaml"),
                    embedded_i18n_display(&lang),
                    text,
                ),
                lang,
                from_site: false,
            });
        }
    }
    read_i18n(root, "i18n", true, files);
}

/// How a message names the embedded theme's words in `lang` (`<embedded theme>/i18n/ar.yaml`).
fn embedded_i18n_display(lang: &str) -> PathBuf {
    PathBuf::from(format!("<embedded theme>/i18n/{lang}.yaml"))
}

/// The `<lang>.yaml` files of `root/dir`, sorted by language.
fn read_i18n(root: &Path, dir: &str, from_site: bool, files: &mut SiteFiles) {
    let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
        return;
    };
    let mut found: Vec<(String, PathBuf)> = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let Some(name) = entry.file_name().to_str().map(str::to_string) else {
            continue;
        };
        if !entry.path().is_file() {
            continue;
        }
        match name.strip_suffix(".yaml") {
            Some(lang) => found.push((lang.to_string(), entry.path())),
            // Words in a file that is never read: say so, as the writer expects them shown.
            None if from_site && (name.ends_with(".yml") || name.ends_with(".YAML")) => {
                let stem = name.rsplit_once('.').map_or(name.as_str(), |(stem, _)| stem);
                files.diagnostics.push(
                    Diagnostic::warning(
                        entry.path(),
                        None,
                        "this file of words is not read: i18n files end in .yaml",
                    )
                    .with_hint(format!("rename it to {stem}.yaml")),
                );
            }
            None => {}
        }
    }
    found.sort();
    let site = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    for (lang, abs) in found {
        // As everywhere in the site: a link out of it is not followed.
        if let Some(warning) = link_out_of(&abs, &site) {
            files.diagnostics.push(warning);
            continue;
        }
        match read_text(&abs) {
            Ok(text) => files.i18n.push(I18nSource {
                file: SourceFile::new(format!("{dir}/{lang}.yaml"), abs, text),
                lang,
                from_site,
            }),
            Err(d) => {
                files.diagnostics.push(d);
                files.unreadable_i18n.push(lang);
            }
        }
    }
}

fn read_templates(dir: &Path, site: &Path, templates: &mut BTreeMap<String, TemplateSource>, files: &mut SiteFiles) {
    if !dir.is_dir() {
        return;
    }
    let (entries, mut diagnostics) = walk(dir, site);
    files.diagnostics.append(&mut diagnostics);
    for (abs, rel) in entries {
        match read_text(&abs) {
            Ok(text) => {
                templates.insert(
                    rel.clone(),
                    TemplateSource {
                        name: rel,
                        text: clean_text(text),
                        display: abs,
                    },
                );
            }
            Err(d) => files.diagnostics.push(d),
        }
    }
}

fn collect_static(dir: &Path, site: &Path, out: &mut BTreeMap<String, Body>, diagnostics: &mut Vec<Diagnostic>) {
    if !dir.is_dir() {
        return;
    }
    let (entries, mut found) = walk(dir, site);
    diagnostics.append(&mut found);
    for (abs, rel) in entries {
        out.insert(rel, Body::File(abs));
    }
}

/// Lists the regular files under `dir` as (absolute path, `/`-separated relative path), sorted.
///
/// Hidden files and folders and editor temp files are skipped; symlinks are followed while they
/// lead to files inside the folder `site` (a link out of the site is a warning, and skipped:
/// a site from other hands could otherwise publish `~/.ssh` or `/etc`), and a symlink loop is a
/// warning, not a hang. A Markdown path that is not a regular file (a folder named `x.md`, a
/// FIFO, a dangling symlink) is an error, since the writer meant it as content.
pub fn walk(dir: &Path, site: &Path) -> (Vec<(PathBuf, String)>, Vec<Diagnostic>) {
    let (entries, diagnostics, _) = walk_noting_links(dir, site);
    (entries, diagnostics)
}

/// `walk`, and whether it met a symbolic link.
fn walk_noting_links(dir: &Path, site: &Path) -> (Vec<(PathBuf, String)>, Vec<Diagnostic>, bool) {
    let site = site.canonicalize().unwrap_or_else(|_| site.to_path_buf());
    let mut links = false;
    let mut entries = Vec::new();
    let mut diagnostics = Vec::new();
    if !dir.exists() {
        return (entries, diagnostics, links);
    }
    // Only a static folder (the site's, a theme's) publishes its `.well-known/`.
    let is_static = dir.file_name().is_some_and(|name| name == "static");
    let mut walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0 || !is_ignored_name(&name) || (is_static && e.depth() == 1 && is_published_hidden(&name))
        });
    while let Some(entry) = walker.next() {
        match entry {
            Ok(entry) => {
                links |= entry.path_is_symlink();
                let path = entry.path();
                if let Some(out) = entry.path_is_symlink().then(|| link_out_of(path, &site)).flatten() {
                    diagnostics.push(out);
                    if entry.file_type().is_dir() {
                        walker.skip_current_dir();
                    }
                    continue;
                }
                let rel = match path.strip_prefix(dir) {
                    Ok(rel) => match rel.to_str() {
                        Some(rel) => rel.replace('\\', "/"),
                        None => {
                            diagnostics.push(not_utf8(path, rel));
                            if entry.file_type().is_dir() {
                                walker.skip_current_dir();
                            }
                            continue;
                        }
                    },
                    Err(_) => continue,
                };
                let is_markdown = rel.ends_with(".md");
                if entry.file_type().is_file() {
                    entries.push((path.to_path_buf(), rel));
                } else if entry.file_type().is_dir() {
                    if is_markdown {
                        diagnostics.push(
                            Diagnostic::error(path, None, "this is a folder, not a Markdown file")
                                .with_hint("rename the folder so that its name does not end in .md"),
                        );
                    }
                } else if is_markdown {
                    diagnostics.push(
                        Diagnostic::error(
                            path,
                            None,
                            "this is not a regular file (a FIFO, socket or device), so it cannot be read",
                        )
                        .with_hint("replace it with a plain text file, or remove it"),
                    );
                }
            }
            Err(error) => diagnostics.extend(walk_error(&error, dir)),
        }
    }
    (entries, diagnostics, links)
}

/// The warning for a Markdown file of content/ that is skipped, not read as an article: a
/// Hugo or Zola section file (`_index.md`), or an `index.md` at the top of content/, which would
/// be an article called `content` where its writer meant the home page (the theme makes it).
fn not_an_article(abs: &Path, rel: &str) -> Option<Diagnostic> {
    if rel == "_index.md" || rel.ends_with("/_index.md") {
        return Some(
            Diagnostic::warning(
                abs,
                None,
                "section index files (`_index.md`, from Hugo or Zola) are not used by gazette; skipped",
            )
            .with_hint("move its text into a topic (content/topics/<slug>.md) or delete it"),
        );
    }
    (!rel.contains('/') && rel.starts_with("index.") && rel.ends_with(".md")).then(|| {
        Diagnostic::warning(abs, None, "the home page is made by the theme, so an index.md at the top of content/ is not used; skipped")
            .with_hint("give the site's description in site.yaml (`description:`); to publish this as an article, move it into a folder of its own (content/about/index.md)")
    })
}

/// What a failure of the walk under `dir` tells the writer, if anything.
fn walk_error(error: &walkdir::Error, dir: &Path) -> Option<Diagnostic> {
    let path = error.path().map(Path::to_path_buf).unwrap_or_else(|| dir.to_path_buf());
    // Following links, walkdir reports a link it cannot follow before `filter_entry` sees its
    // name: Emacs's lock file `.#a.md` is a dangling link by design.
    if path != dir && path.file_name().is_some_and(|n| is_ignored_name(&n.to_string_lossy())) {
        return None;
    }
    Some(if error.loop_ancestor().is_some() {
        Diagnostic::warning(
            &path,
            None,
            "symbolic link loop: this link points back to a folder that contains it; skipped",
        )
        .with_hint("remove the link, or point it at a folder outside its own parents")
    } else if let Some(dangling) = dangling_link(&path) {
        if path.to_string_lossy().ends_with(".md") {
            dangling
        } else {
            Diagnostic::warning(&path, None, format!("{}; skipped", dangling.message))
        }
    } else {
        match error.io_error() {
            Some(io) if io.kind() == std::io::ErrorKind::PermissionDenied => {
                Diagnostic::error(&path, None, "cannot read: permission denied")
                    .with_hint(format!("make it readable: `chmod -R u+rwX {}`", display_path(&path)))
            }
            Some(io) => Diagnostic::error(&path, None, format!("cannot read: {}", io_reason(io))),
            None => Diagnostic::error(&path, None, format!("cannot read: {error}")),
        }
    })
}

/// The error for a file or folder whose name is not UTF-8: it would be published with `�` for
/// the bytes, and two such names would be one file, the other lost.
fn not_utf8(path: &Path, rel: &Path) -> Diagnostic {
    Diagnostic::error(
        path,
        None,
        format!(
            "the name `{}` is not UTF-8 text, so it cannot be published as it is",
            escaped(rel)
        ),
    )
    .with_hint("rename it in UTF-8 (`convmv -f latin1 -t utf8 --notest NAME` converts a Latin-1 name)")
}

/// A path that is not UTF-8, with each byte that is not written `\xE9`, so that two such names
/// can be told apart in a message.
fn escaped(path: &Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        path.as_os_str()
            .as_bytes()
            .utf8_chunks()
            .map(|chunk| {
                let bad: String = chunk.invalid().iter().map(|b| format!("\\x{b:02X}")).collect();
                format!("{}{bad}", chunk.valid())
            })
            .collect()
    }
    #[cfg(not(unix))]
    {
        path.to_string_lossy().into_owned()
    }
}

/// Where `path` really is (its links followed): `Ok` inside the folder `site` (canonical), `Err`
/// outside it. The one test of "inside the site" for the load, `serve`'s reads and the image
/// cache.
pub fn real_path(path: &Path, site: &Path) -> std::io::Result<Result<PathBuf, PathBuf>> {
    let target = path.canonicalize()?;
    Ok(if target.starts_with(site) {
        Ok(target)
    } else {
        Err(target)
    })
}

/// Where `path` really is when that is outside the folder `site` (`real_path`); `None` when it
/// is inside, or is not there.
pub fn outside(path: &Path, site: &Path) -> Option<PathBuf> {
    real_path(path, site).ok()?.err()
}

/// The warning for a symbolic link at `path` that leads out of the folder `site` (canonical),
/// or to a hidden file or folder inside it (`.env`, `.git/config`, which a CI checkout fills
/// with its token: a hidden file is never published, and neither is one reached by a link), or
/// `None` when it leads to a file the site may publish.
fn link_out_of(path: &Path, site: &Path) -> Option<Diagnostic> {
    match real_path(path, site).ok()? {
        Err(target) => Some(
            Diagnostic::warning(
                path,
                None,
                format!(
                    "this link leads out of the site, to {}; skipped: a build publishes only what is inside the site's folder",
                    target.display()
                ),
            )
            .with_hint("copy the files into the site, or link to a place inside its folder"),
        ),
        Ok(target) => {
            let inside = target.strip_prefix(site).ok()?;
            let hidden = inside
                .components()
                .any(|part| part.as_os_str().to_string_lossy().starts_with('.'));
            let well_known = inside.starts_with("static/.well-known") || inside.starts_with(".well-known");
            (hidden && !well_known && !path_is_hidden_inside(path, site)).then(|| {
                Diagnostic::warning(
                    path,
                    None,
                    format!(
                        "this link leads to a hidden file of the site, {}; skipped: hidden files and folders (`.git`, `.env`) are never published",
                        inside.display()
                    ),
                )
                .with_hint("link to a file that is not hidden, or copy what is to be published out of the hidden folder")
            })
        }
    }
}

/// Whether `path` itself (the link) stands in a hidden folder of the site: then it is the
/// walk's to skip, not a link's to warn of.
fn path_is_hidden_inside(path: &Path, site: &Path) -> bool {
    let Ok(inside) = path.strip_prefix(site) else {
        return false;
    };
    inside.parent().is_some_and(|parent| {
        parent
            .components()
            .any(|part| part.as_os_str().to_string_lossy().starts_with('.'))
    })
}

/// The one hidden folder a site publishes, at the top of static/ (the site's or a theme's): `.well-known/`,
/// where the web's standards put `security.txt`, app links and the like (RFC 8615).
pub fn is_published_hidden(name: &str) -> bool {
    name == ".well-known"
}

/// Hidden files, editor swap, backup and lock files, and other temporaries.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name == "4913"
        || [
            ".swp",
            ".swo",
            ".swx",
            ".swpx",
            ".tmp",
            ".bak",
            ".orig",
            ".crdownload",
            ".part",
        ]
        .iter()
        .any(|ext| name.ends_with(ext))
}

/// The extension of a content file that is Markdown named otherwise than `.md` (`MD`,
/// `markdown`, `mdown`), which the build copies as a file.
fn markdown_named_otherwise(rel: &str) -> Option<&str> {
    let (_, ext) = rel.rsplit_once('.')?;
    let lower = ext.to_ascii_lowercase();
    (ext != "md" && matches!(lower.as_str(), "md" | "markdown" | "mdown" | "mkd")).then_some(ext)
}

/// Reads a file as UTF-8 text; anything else is a diagnostic that names it.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let metadata = std::fs::metadata(path).map_err(|e| io_diagnostic(path, &e))?;
    if !metadata.is_file() {
        return Err(
            Diagnostic::error(path, None, "this is not a regular file, so it cannot be read")
                .with_hint("replace it with a plain text file, or remove it"),
        );
    }
    let bytes = std::fs::read(path).map_err(|e| io_diagnostic(path, &e))?;
    if let Some(encoding) = utf16_encoding(&bytes) {
        return Err(Diagnostic::error(
            path,
            Pos::new(1, 1),
            "the file is UTF-16 text, and gazette reads UTF-8",
        )
        .with_hint(format!(
            "save it as UTF-8 in your editor, or convert it: `iconv -f {encoding} -t UTF-8 {0} > {0}.utf8` and rename that",
            display_path(path)
        )));
    }
    // Not text at all (an image or a font in templates/, say): no line of it is worth showing.
    // As git tells binary files: a NUL byte near the start, and not UTF-8 either.
    if bytes.iter().take(8000).any(|&b| b == 0) && std::str::from_utf8(&bytes).is_err() {
        return Err(Diagnostic::error(
            path,
            None,
            "this is a binary file (an image, a font, an archive?), not text",
        )
        .with_hint(
            "templates/, content/'s .md files, i18n/ and site.yaml hold text; a file to publish as it is goes in static/ (or beside an article in content/)",
        ));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = bytes[..valid].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&bytes[line_start..valid]).chars().count() + 1;
        Diagnostic::error(path, Pos::new(line, column), "the file is not valid UTF-8 text")
            .with_hint("save it as UTF-8 in your editor (for example with `iconv -f latin1 -t utf-8`)")
    })?;
    // Valid UTF-8, but no text file holds a NUL: it would go into pages as it is (HTML forbids it).
    // Nor a control character that HTML forbids: invisible in an editor, it would reach pages,
    // emails and a terminal (an escape sequence) as it is. (A NUL is one of those: one scan finds
    // the first of either.)
    match crate::core::escape::first_forbidden_control(&text) {
        None => Ok(text),
        Some((at, '\0')) => Err(Diagnostic::error(
            path,
            Pos::of_offset(&text, at),
            "the file has a NUL character (byte 0) here: text files have none, so it is damaged or not text",
        )
        .with_hint("delete the character (editors show it as ^@ or \\0)")),
        Some((at, c)) => Err(Diagnostic::error(
            path,
            Pos::of_offset(&text, at),
            format!("the file has the control character U+{:04X} here: it is invisible, and no page or email may carry it", c as u32),
        )
        .with_hint("delete the character (text pasted from a PDF or a word processor often carries one; editors may show it as ^[ or a box)")),
    }
}

/// A UTF-16 file (Windows' "Unicode" in Notepad and PowerShell's `>`), by its byte order mark
/// or, without one, the zero byte beside each of its first two ASCII characters: its name for
/// iconv (`UTF-16` reads the mark; without it, iconv must be told the byte order).
fn utf16_encoding(bytes: &[u8]) -> Option<&'static str> {
    let ascii = |a: u8, b: u8| a.is_ascii() && b.is_ascii() && a != 0 && b != 0;
    match *bytes {
        [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..] => Some("UTF-16"),
        [a, 0, b, 0, ..] if ascii(a, b) => Some("UTF-16LE"),
        [0, a, 0, b, ..] if ascii(a, b) => Some("UTF-16BE"),
        _ => None,
    }
}

/// The error for a symbolic link that leads to no file: its target is missing, or the links
/// lead round in a circle (a link to itself); `None` for anything else.
fn dangling_link(path: &Path) -> Option<Diagnostic> {
    if !path.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()) || path.exists() {
        return None;
    }
    // Follow the links one by one: a link met twice is a circle. (The system's own limit, 40
    // links, ends a chain too long to be anything else.)
    let mut seen = std::collections::HashSet::new();
    let mut link = path.to_path_buf();
    let circle = loop {
        let Ok(target) = std::fs::read_link(&link) else {
            break false;
        };
        link = link
            .parent()
            .map_or_else(|| target.clone(), |folder| folder.join(&target));
        if !seen.insert(link.clone()) || seen.len() > 40 {
            break true;
        }
    };
    Some(if circle {
        Diagnostic::error(
            path,
            None,
            "symbolic link loop: this link leads back to itself, never to a file",
        )
        .with_hint("point the link at a file, or remove it")
    } else {
        Diagnostic::error(path, None, "broken symbolic link: its target does not exist")
            .with_hint("point the link at an existing file, or remove it")
    })
}

fn io_diagnostic(path: &Path, error: &std::io::Error) -> Diagnostic {
    if let Some(dangling) = dangling_link(path) {
        return dangling;
    }
    let hint = match error.kind() {
        std::io::ErrorKind::PermissionDenied => "give your user permission to read it",
        std::io::ErrorKind::NotFound => "create it, or check the --root folder",
        _ => "check that the file exists and can be read",
    };
    Diagnostic::error(
        path,
        None,
        format!("cannot read: {}", crate::core::diagnostic::io_reason(error)),
    )
    .with_hint(hint)
}

/// Removes a byte-order mark and turns CRLF and lone CR line endings into LF.
pub fn clean_text(text: String) -> String {
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rels(listing: &ContentListing) -> Vec<&str> {
        listing.entries.iter().map(|(_, rel)| rel.as_str()).collect()
    }

    fn changed(paths: &[&str]) -> HashSet<String> {
        paths.iter().map(|p| p.to_string()).collect()
    }

    /// Regression (review, session 33): the embedded theme's words were named one letter short
    /// (`<embedded theme>/i18n/r.yaml` for `ar.yaml`): the display path cut its file name at
    /// the wrong byte.
    #[test]
    fn the_embedded_themes_words_are_named_by_their_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut files = SiteFiles::default();
        load_theme(dir.path(), "default", None, &mut files);
        let shown: Vec<String> = files
            .i18n
            .iter()
            .map(|i| i.file.display.to_string_lossy().into_owned())
            .collect();
        for lang in ["ar", "en", "ko"] {
            assert!(
                shown.contains(&format!("<embedded theme>/i18n/{lang}.yaml")),
                "{shown:?}"
            );
        }
    }

    #[test]
    fn a_listing_follows_files_written_and_removed_without_walking() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for rel in ["a/x.md", "a/z.md", "b.md"] {
            std::fs::create_dir_all(root.join("content").join(rel).parent().unwrap()).unwrap();
            std::fs::write(root.join("content").join(rel), "x").unwrap();
        }
        let listing = ContentListing::walk(&root.join("content"));
        assert_eq!(rels(&listing), ["a/x.md", "a/z.md", "b.md"]);
        // An edit: the same files. A new one goes where a walk would put it; a removed one goes.
        std::fs::write(root.join("content/a/y.md"), "y").unwrap();
        std::fs::remove_file(root.join("content/b.md")).unwrap();
        let next = listing
            .updated(
                root,
                &changed(&["content/a/x.md", "content/a/y.md", "content/b.md", "templates/x.html"]),
            )
            .expect("plain files only");
        assert_eq!(rels(&next), ["a/x.md", "a/y.md", "a/z.md"]);
        assert_eq!(rels(&next), rels(&ContentListing::walk(&root.join("content"))));
        // Editor temporaries are not listed.
        std::fs::write(root.join("content/a/.x.md.swp"), "").unwrap();
        let same = next.updated(root, &changed(&["content/a/.x.md.swp"])).unwrap();
        assert_eq!(rels(&same), rels(&next));
    }

    #[test]
    fn a_listing_leaves_folders_and_lost_events_to_a_walk() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/a")).unwrap();
        std::fs::write(root.join("content/a/x.md"), "x").unwrap();
        let listing = ContentListing::walk(&root.join("content"));
        std::fs::create_dir_all(root.join("content/new")).unwrap();
        assert!(
            listing.updated(root, &changed(&["content/new"])).is_none(),
            "a new folder"
        );
        std::fs::remove_dir_all(root.join("content/a")).unwrap();
        assert!(
            listing.updated(root, &changed(&["content/a"])).is_none(),
            "a removed folder"
        );
        assert!(listing.updated(root, &changed(&[""])).is_none(), "the whole site");
        assert!(
            listing.updated(root, &changed(&["content"])).is_none(),
            "content/ itself"
        );
    }

    /// Regression: a NUL in a body went into the page as it was (invalid HTML), and one in front
    /// matter gave the YAML parser's "found unprintable character".
    #[test]
    fn a_nul_character_is_an_error_at_its_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "---\ntitle: A\n---\nBody \0 text\n").unwrap();
        let error = read_text(&path).unwrap_err();
        assert_eq!(error.pos, Some(Pos::new(4, 6)));
        assert!(error.message.contains("NUL character"), "{}", error.message);
    }

    #[test]
    fn cleans_bom_and_crlf() {
        assert_eq!(
            clean_text("\u{feff}---\r\ntitle: x\r\n---\r\n".into()),
            "---\ntitle: x\n---\n"
        );
        assert_eq!(clean_text("a\rb".into()), "a\nb");
    }

    #[test]
    fn ignores_editor_files() {
        for name in [
            ".hidden.md",
            "a.md~",
            ".a.md.swp",
            "a.md.swp",
            "4913",
            ".#a.md",
            "#a.md#",
            "a.md.tmp",
        ] {
            assert!(is_ignored_name(name), "{name}");
        }
        for name in ["a.md", "map.png", "index.md"] {
            assert!(!is_ignored_name(name), "{name}");
        }
    }

    #[test]
    fn slug_stems() {
        assert_eq!(SourceFile::new("content/2024/06/pact.md", "x", "").slug_stem(), "pact");
        assert_eq!(
            SourceFile::new("content/2024/06/pact/index.md", "x", "").slug_stem(),
            "pact"
        );
    }
}
