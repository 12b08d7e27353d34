//! The site's authors (DESIGN.md §4b): each author file's person, the articles that credit them,
//! and the checks of the slugs articles and site.yaml name (an unknown one is an error with the
//! closest known slug). Pure: no I/O.

use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;

use super::{ParsedArticle, Selection, Site, left_out_reason};
use crate::core::diagnostic::{Diagnostic, Pos, closest, display_path};
use crate::core::urls;
use crate::parse::author::AuthorMeta;
use crate::parse::config::Config;
use crate::parse::markdown::Rendered;

/// An author as parsed: the file, its slug (the file's name), its front matter and biography.
#[derive(Debug, Clone)]
pub struct ParsedAuthor {
    pub source: String,
    pub display: PathBuf,
    pub slug: String,
    pub meta: AuthorMeta,
    pub body: Rendered,
    /// The line of the file where the biography starts (its links' lines count from it).
    pub body_line: usize,
    /// The output path of `image:` (`authors/min-ji.jpg`), which the parse stage found.
    pub image: Option<String>,
    /// The language the file is written in when not its site's: on another language's site, an
    /// author with no translation into it stands in with their own file.
    pub lang: Option<String>,
}

/// An author of the site and the articles that credit them.
#[derive(Debug, Clone)]
pub struct Author {
    pub source: String,
    pub display: PathBuf,
    pub slug: String,
    pub meta: AuthorMeta,
    /// The biography.
    pub body: Rendered,
    /// The line of the file where the biography starts.
    pub body_line: usize,
    /// The output path of their picture, if they have one.
    pub image: Option<String>,
    /// The sizes made of their picture (the pipeline's image step fills it in).
    pub picture: Option<crate::parse::picture::Picture>,
    /// Indices into `Site::articles`: newest publication first (the site's order).
    pub articles: Vec<usize>,
    /// The language of the file when not the site's (`ParsedAuthor::lang`).
    pub lang: Option<String>,
}

impl Author {
    pub fn permalink(&self) -> String {
        urls::author(&self.slug)
    }

    /// The biography's first paragraph, for lists.
    pub fn summary(&self) -> &str {
        &self.body.first_paragraph
    }
}

/// Slugs an author file may not have: the folder of the author list's later pages.
const RESERVED_SLUGS: &[&str] = &["page"];

/// Checks the author files (duplicate and reserved slugs) and every slug an included article or
/// site.yaml names (`config_file` is site.yaml, as messages name it). `files` are the slugs of
/// every author file, parsed or not: a file with errors of its own is reported once, not again
/// at every article that names it. Articles a build leaves out are not checked, as their topics
/// are not.
pub fn check(
    config: &Config,
    config_file: &Path,
    authors: &[ParsedAuthor],
    files: &[String],
    articles: &[ParsedArticle],
    selection: &Selection,
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut index: FxHashMap<&str, &ParsedAuthor> = FxHashMap::default();
    for author in authors {
        if RESERVED_SLUGS.contains(&author.slug.as_str()) {
            diagnostics.push(
                Diagnostic::error(
                    &author.display,
                    None,
                    format!("the author slug `{}` is taken by the site's own pages", author.slug),
                )
                .with_hint("rename the author file"),
            );
        } else if let Some(other) = index.insert(&author.slug, author) {
            diagnostics.push(
                Diagnostic::error(
                    &author.display,
                    None,
                    format!(
                        "author slug `{}` is also the slug of {}",
                        author.slug,
                        crate::core::diagnostic::display_path(&other.display)
                    ),
                )
                .with_hint("rename one of the two author files"),
            );
        }
    }
    let names = file_names(authors.iter().map(|a| (a.source.as_str(), a.slug.as_str())));
    let unknown = |slug: &str| {
        let slug = referenced_slug(slug, &names);
        !index.contains_key(slug) && !files.iter().any(|f| f == slug)
    };
    for (slug, pos) in &config.authors {
        if unknown(slug.trim()) {
            diagnostics.push(unknown_author(config_file, *pos, slug.trim(), &index));
        }
    }
    for article in articles {
        let Some(named) = &article.meta.authors else {
            continue;
        };
        if left_out_reason(&article.meta, selection).is_some() {
            continue;
        }
        for (slug, pos) in named {
            if unknown(slug.trim()) {
                diagnostics.push(unknown_author(&article.display, *pos, slug.trim(), &index));
            }
        }
    }
    diagnostics
}

/// The author files whose names are not slugs as written (`佐藤.md`, whose slug is
/// `zuo-teng`), by the name: an `authors:` entry may name the file (`authors: [佐藤]`), as it is
/// in content/authors/ (session 34's Japanese desk probe was told the file it had was missing).
/// By the name as written, not its transliteration: `佐籐` is another name, though its pinyin
/// is the same.
fn file_names<'a>(authors: impl Iterator<Item = (&'a str, &'a str)>) -> FxHashMap<String, String> {
    authors
        .filter_map(|(source, slug)| {
            let path = Path::new(source);
            // Without a language (`佐藤.ko.md`); a bundle's name is its folder's (`佐藤/index.md`).
            let name = match path.file_name()?.to_str()?.split('.').next()? {
                "index" => path.parent()?.file_name()?.to_str()?,
                name => name,
            };
            (name != slug).then(|| (name.to_string(), slug.to_string()))
        })
        .collect()
}

/// The slug an `authors:` entry names: its file's (`file_names`), or the entry as written.
fn referenced_slug<'a>(written: &'a str, names: &'a FxHashMap<String, String>) -> &'a str {
    names.get(written).map_or(written, String::as_str)
}

/// The error for `slug`, which no author file defines.
fn unknown_author(path: &Path, pos: Pos, slug: &str, index: &FxHashMap<&str, &ParsedAuthor>) -> Diagnostic {
    // A name where a slug goes (`Min-ji Park`, as Hugo and Jekyll write bylines): its file's
    // name could never be that.
    let as_slug = crate::core::slug::slugify(slug);
    if slug.contains(char::is_whitespace) || slug.chars().any(char::is_uppercase) {
        let hint = if index.contains_key(as_slug.as_str()) {
            format!(
                "write `{as_slug}`, the slug of {}",
                display_path(&index[as_slug.as_str()].display)
            )
        } else {
            format!("write `{as_slug}` here, and create content/authors/{as_slug}.md with `name: {slug}`")
        };
        return Diagnostic::error(
            path,
            pos,
            format!("`{slug}` is a name, but `authors:` lists slugs, each the name of a file in content/authors/"),
        )
        .with_hint(hint);
    }
    let mut known: Vec<&str> = index.keys().copied().collect();
    known.sort_unstable();
    let hint = match closest(slug, known.iter().copied()) {
        Some(close) => format!("did you mean `{close}`?"),
        None if known.is_empty() => format!("create content/authors/{slug}.md with the author's `name:`"),
        None => format!(
            "known authors are: {}; or create content/authors/{slug}.md",
            known.join(", ")
        ),
    };
    Diagnostic::error(
        path,
        pos,
        format!("unknown author `{slug}`: no file content/authors/{slug}.md"),
    )
    .with_hint(hint)
}

/// Puts the authors into `site` (by name, ties by slug) and credits each article's authors (its
/// `authors:`, or site.yaml's): `Article::authors` and `Author::articles`. Slugs that `check`
/// reported are skipped.
pub fn attach(site: &mut Site, parsed: Vec<ParsedAuthor>) {
    if parsed.is_empty() {
        // No author files: the site is the author, and no article names anyone (`check`).
        return;
    }
    let mut authors: Vec<Author> = parsed
        .into_iter()
        .map(|a| Author {
            source: a.source,
            display: a.display,
            slug: a.slug,
            meta: a.meta,
            body: Rendered {
                first_paragraph: super::fallback_summary(&a.body.first_paragraph),
                ..a.body
            },
            body_line: a.body_line,
            image: a.image,
            picture: None,
            articles: Vec::new(),
            lang: a.lang,
        })
        .collect();
    authors.sort_by_cached_key(|a| (a.meta.name.to_lowercase(), a.slug.clone()));
    let index: FxHashMap<String, usize> = authors
        .iter()
        .enumerate()
        .rev()
        .map(|(i, a)| (a.slug.clone(), i))
        .collect();
    let names = file_names(authors.iter().map(|a| (a.source.as_str(), a.slug.as_str())));
    let resolve = |named: &[(String, Pos)]| -> Vec<usize> {
        let mut found: Vec<usize> = Vec::with_capacity(named.len());
        for (slug, _) in named {
            if let Some(&i) = index.get(referenced_slug(slug.trim(), &names))
                && !found.contains(&i)
            {
                found.push(i);
            }
        }
        found
    };
    let default = resolve(&site.config.authors);
    for (i, article) in site.articles.iter_mut().enumerate() {
        article.authors = match &article.meta.authors {
            Some(named) => resolve(named),
            None => default.clone(),
        };
        for &a in &article.authors {
            authors[a].articles.push(i);
        }
    }
    if site.config.is_subsite() {
        authors = writers_only(authors, &mut site.articles);
    }
    site.authors = authors;
}

/// Another language's authors: only those with a briefing in it (one with none would get an
/// empty page, an empty feed and a place in its sitemap). The articles' credits are renumbered.
fn writers_only(authors: Vec<Author>, articles: &mut [crate::site::Article]) -> Vec<Author> {
    let mut renumbered = vec![usize::MAX; authors.len()];
    let mut kept = Vec::with_capacity(authors.len());
    for (i, author) in authors.into_iter().enumerate() {
        if !author.articles.is_empty() {
            renumbered[i] = kept.len();
            kept.push(author);
        }
    }
    for article in articles {
        for a in &mut article.authors {
            *a = renumbered[*a];
        }
    }
    kept
}
