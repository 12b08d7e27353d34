//! The check of every link in every article body against the built site: links to content files
//! that are not in the build, fragments a page lacks, internal paths that lead nowhere. Pure: the
//! caller says which output files exist. When errors stop a build before it renders, the links
//! to content files are still checked against what was parsed (`check_content`), so that one
//! round of fixes shows them too.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::core::diagnostic::{Diagnostic, Pos, Severity, closest};
use crate::core::theme;
use crate::core::urls;
use crate::parse::links::{ContentLink, WrittenIn, content_link, is_external, relative_file, split_fragment};
use crate::site::{Article, Edition, Reason, Site};

/// Checks every link in every article body against the built site; `has_file` tells whether
/// the output has a file at a path (`2024/06/x/index.html`).
///
/// A link to a content file that is not in the build, or to a fragment its page lacks, is an
/// error. Other internal links that lead nowhere (root-relative or relative paths, in-page
/// anchors) are warnings: content migrated from elsewhere is full of them.
pub fn check(
    site: &Site,
    assets: &FxHashMap<String, String>,
    has_file: &(dyn Fn(&str) -> bool + Sync),
) -> Vec<Diagnostic> {
    check_links(site, assets, Some(has_file), &FxHashSet::default())
}

/// The part of `check` that needs no output, for a site that errors kept from being built (and
/// maybe from being whole): every link to a content file, against the articles and topics that
/// were parsed. A link to one of `unparsed` (files whose own errors kept them out) is not
/// judged; paths of the output are not checked, since there is none.
pub fn check_content(site: &Site, assets: &FxHashMap<String, String>, unparsed: &FxHashSet<&str>) -> Vec<Diagnostic> {
    check_links(site, assets, None, unparsed)
}

fn check_links(
    site: &Site,
    assets: &FxHashMap<String, String>,
    has_file: Option<&(dyn Fn(&str) -> bool + Sync)>,
    unparsed: &FxHashSet<&str>,
) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    let check = LinkCheck {
        site,
        assets,
        has_file,
        unparsed,
        by_source: site
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| (a.source.as_str(), i))
            .collect(),
        topics: site.topics.iter().map(|t| t.source.as_str()).collect(),
        left_out: site
            .left_out
            .articles
            .iter()
            .map(|a| (a.source.as_str(), a.reason))
            .collect(),
        anchor_sets: site.articles.iter().map(|_| std::sync::OnceLock::new()).collect(),
        suggested: std::sync::Mutex::default(),
    };
    let check = &check;
    // Images are the image step's to check (with `images: off`, they are links like any other).
    let images_checked = site.config.images.process;
    // An edition's introduction and notes: their links (an `@/` link that leads nowhere would go
    // out in the email as written).
    let in_editions = site.editions.iter().flat_map(|edition| {
        edition
            .links
            .iter()
            .filter(move |l| !(l.image && images_checked))
            .filter_map(move |link| {
                let problem = check.edition_link(edition, &link.url)?;
                Some(diagnostic(&edition.display, link.pos, problem))
            })
    });
    // A topic's background and an author's biography: every link and image (the image step
    // takes none of theirs, so an image is checked as a link to a file).
    let topics = site.topics.iter().map(|t| {
        let page = (t.permalink(), t.source.as_str(), WrittenIn::Topic);
        (&t.display, t.body_line, &t.body, page)
    });
    let authors = site.authors.iter().map(|a| {
        let page = (a.permalink(), a.source.as_str(), WrittenIn::Author);
        (&a.display, a.body_line, &a.body, page)
    });
    let in_backgrounds = topics.chain(authors).flat_map(|(display, body_line, body, page)| {
        body.links.iter().filter_map(move |link| {
            let problem = check.link_from((&page.0, page.1, page.2), None, &link.url)?;
            Some(diagnostic(
                display,
                Pos::new(body_line + link.line - 1, link.column),
                problem,
            ))
        })
    });
    let mut found: Vec<Diagnostic> = in_editions.chain(in_backgrounds).collect();
    found.par_extend(site.articles.par_iter().flat_map_iter(|article| {
        article
            .body
            .links
            .iter()
            .filter(move |l| !(l.image && images_checked))
            .filter_map(move |link| {
                let pos = Pos::new(article.body_line + link.line - 1, link.column);
                check
                    .link(article, &link.url)
                    .map(|problem| diagnostic(&article.display, pos, problem))
            })
    }));
    found
}

/// The ids of an edition page's section headings, as the default theme writes them
/// (`edition-section-<n>`, `n` counting the sections shown, from 1).
fn edition_section_ids(edition: &Edition) -> impl Iterator<Item = String> {
    let sections = edition.sections();
    let titled: Vec<usize> = (1..=sections.len())
        .filter(|&n| sections[n - 1].title.is_some())
        .collect();
    titled.into_iter().map(|n| format!("edition-section-{n}"))
}

/// `#` and `#top`, which lead to the top of any page without an id (HTML's "indicated part of
/// the document").
fn is_top_or_empty(fragment: &str) -> bool {
    fragment.is_empty() || fragment.eq_ignore_ascii_case("top")
}

/// A broken link's diagnostic, at `pos` of the file `display`.
fn diagnostic(display: &std::path::Path, pos: Pos, (severity, message, hint): Problem) -> Diagnostic {
    let diagnostic = match severity {
        Severity::Error => Diagnostic::error(display, pos, message),
        Severity::Warning => Diagnostic::warning(display, pos, message),
    };
    diagnostic.with_hint(hint)
}

/// What a broken link is: how bad, the message, the hint.
type Problem = (Severity, String, String);

/// What the check of one site needs: the site, the output's files, and lookups made once.
struct LinkCheck<'a> {
    site: &'a Site,
    /// The files of content/ that are not Markdown (content path → output path).
    assets: &'a FxHashMap<String, String>,
    /// Whether the output has a file at a path; `None` before there is an output.
    has_file: Option<&'a (dyn Fn(&str) -> bool + Sync)>,
    /// Content files not judged as targets: their own errors kept them out of the site.
    unparsed: &'a FxHashSet<&'a str>,
    /// An article's source path → its position in the site.
    by_source: FxHashMap<&'a str, usize>,
    /// The source paths of the topic files.
    topics: FxHashSet<&'a str>,
    /// The articles the build left out, and why.
    left_out: FxHashMap<&'a str, Reason>,
    /// Each article's heading ids as a set, made the first time a link needs it from an article
    /// with more than `ANCHORS_SCANNED` (a scan is quicker for a few): 40,000 links into an
    /// article with 40,000 headings are not 1.6 billion comparisons.
    anchor_sets: Vec<std::sync::OnceLock<FxHashSet<&'a str>>>,
    /// The id suggested for a missing anchor of an article (by index), worked out once for each
    /// article and anchor however many links name them.
    suggested: std::sync::Mutex<FxHashMap<(usize, String), Option<&'a str>>>,
}

/// How many ids an article may have for a link's anchor to be looked for by a scan.
const ANCHORS_SCANNED: usize = 32;

/// How many ids a broken anchor is compared with for a "did you mean": the first of an article
/// with thousands, so that thousands of broken links into it stay quick to report.
const ANCHORS_SUGGESTED: usize = 200;

impl LinkCheck<'_> {
    /// The problem with the link `url` in `article`'s body, if it has one.
    fn link(&self, article: &Article, url: &str) -> Option<Problem> {
        self.link_from(
            (&article.permalink, &article.source, WrittenIn::Article),
            Some(article),
            url,
        )
    }

    /// A link or image of an edition's introduction or notes: as an article's, but for in-page
    /// anchors (the edition's page has no ids of its own to check them against).
    fn edition_link(&self, edition: &Edition, url: &str) -> Option<Problem> {
        // An in-page anchor leads to the edition's page (from the email too): its introduction's
        // ids, or one the theme puts on every edition page.
        if let (path, Some(fragment)) = split_fragment(url)
            && path.is_empty()
            && !is_top_or_empty(fragment)
            && !theme::EDITION_PAGE_IDS.contains(&fragment)
            && !theme::is_update_id(fragment, edition.updates.len())
            && !edition.anchors.iter().any(|a| a == fragment)
            && !edition_section_ids(edition).any(|id| id == fragment)
        {
            let message = format!("the anchor `#{fragment}` is not on this edition's page");
            let hint = "link to a heading of the introduction, or remove the link";
            return Some((Severity::Warning, message, hint.to_string()));
        }
        self.link_from((&edition.permalink(), &edition.source, WrittenIn::Edition), None, url)
    }

    /// The problem with the link `url` written in the file `source` of the page at `permalink`;
    /// its in-page anchors are checked against `article`'s ids.
    fn link_from(&self, page: (&str, &str, WrittenIn), article: Option<&Article>, url: &str) -> Option<Problem> {
        let source = page.1;
        // A sending service's placeholder (`*|ARCHIVE|*`) is its to fill in, as it sends.
        if crate::core::resolve::is_placeholder(url) {
            return None;
        }
        if let Some(target) = content_link(source, url) {
            return self.content(url, &target);
        }
        if let Some(file) = relative_file(source, url)
            && self.assets.contains_key(&file.path)
        {
            return None;
        }
        if is_external(url) {
            // An address of this site written whole (pasted from the browser's address bar) is
            // checked as its path is.
            let base = &self.site.config.base_url;
            let rest = base.strip(url)?;
            let own = format!("{}{rest}", base.path());
            let path_part = split_fragment(&own).0.split('?').next().unwrap_or_default();
            return self.path(page, url, path_part);
        }
        let (path_part, fragment) = split_fragment(url);
        if path_part.is_empty() {
            return fragment
                .zip(article)
                .and_then(|(fragment, article)| self.anchor(article, fragment));
        }
        self.path(page, url, path_part)
    }

    /// A link to a content file: the file must be in the build, and have the fragment.
    fn content(&self, url: &str, target: &ContentLink) -> Option<Problem> {
        if self.topics.contains(target.path.as_str()) || self.assets.contains_key(&target.path) {
            return None;
        }
        // Another language's page may link an article or topic that has no translation into
        // it: the link leads to the default language's page (checked with that language), or is
        // text while that article is left out.
        if !self.by_source.contains_key(target.path.as_str())
            && let Some(elsewhere) = self.site.elsewhere.get(&target.path)
        {
            return elsewhere_link(url, target, elsewhere);
        }
        // Hugo's and Zola's section page: gazette has topics instead.
        if target.path.ends_with("/_index.md") || target.path == "content/_index.md" {
            let message = format!(
                "the link `{url}` points to {}, a section file, which gazette does not make a page of",
                target.path
            );
            let hint = "link a topic (`@/topics/<slug>.md`), a tag page or the archive instead";
            return Some((Severity::Error, message, hint.to_string()));
        }
        if let Some(&reason) = self.left_out.get(target.path.as_str()) {
            return Some(left_out_link(url, &target.path, reason));
        }
        if !self.by_source.contains_key(target.path.as_str()) && self.unparsed.contains(target.path.as_str()) {
            return None;
        }
        if !target.path.ends_with(".md") {
            let message = format!(
                "the link `{url}` points to {}, which is not a file of content/",
                target.path
            );
            let hint = "check the file's name and folder: `@/` starts at content/";
            return Some((Severity::Error, message, hint.to_string()));
        }
        let Some(&index) = self.by_source.get(target.path.as_str()) else {
            // An edition is linked by its address (its slug may be its front matter's).
            if let Some(edition) = self.site.editions.iter().find(|e| e.source == target.path) {
                let message = format!(
                    "the link `{url}` points to {}, an edition: editions are linked by their address, not their file",
                    target.path
                );
                // A path from the root takes the base path as the site's are built.
                let hint = format!("write `{}` instead", edition.permalink());
                return Some((Severity::Error, message, hint));
            }
            let message = format!(
                "the link `{url}` points to {}, which is not an article of this build",
                target.path
            );
            let hint = match self.closest_file(url, target) {
                Some(file) => {
                    format!("did you mean `{file}`? (a draft or future article counts only with --drafts / --future)")
                }
                None => "check the file name (a link to content/x.md is written `@/x.md`); a draft or future article counts only with --drafts / --future".to_string(),
            };
            return Some((Severity::Error, message, hint));
        };
        let fragment = target.fragment.as_deref()?;
        let target_article = &self.site.articles[index];
        if self.has_anchor(target_article, fragment) {
            return None;
        }
        let close = self.suggest_anchor(index, fragment);
        Some(missing_anchor(
            url,
            target,
            fragment,
            &target_article.body.anchors,
            close,
        ))
    }

    /// The content file of this build closest to a link's missing `target`, written as the
    /// link was: `@/2024/06/x.md`, or a relative `x.md` beside the article (with the fragment).
    fn closest_file(&self, url: &str, target: &ContentLink) -> Option<String> {
        // Paths share their folders, so only a file whose path is as close as a misspelt name
        // would be is suggested: `nope.md` is not `pact.md`.
        let name = target
            .path
            .rsplit_once('/')
            .map_or(target.path.as_str(), |(_, name)| name);
        let limit = (name.chars().count() / 3).max(2);
        let files = self.by_source.keys().chain(&self.topics).copied();
        let near = files.filter(|file| strsim::damerau_levenshtein(file, &target.path) <= limit);
        let file = closest(&target.path, near)?;
        let folder = |path: &str| path.rsplit_once('/').map(|(folder, _)| folder.to_string());
        let link = match file.strip_prefix("content/") {
            Some(inside) if url.starts_with("@/") || folder(file) != folder(&target.path) => format!("@/{inside}"),
            // A relative link to a file beside the one meant: the same link with the other name.
            _ => {
                let name = file.rsplit_once('/').map_or(file, |(_, name)| name);
                match split_fragment(url).0.rsplit_once('/') {
                    Some((before, _)) => format!("{before}/{name}"),
                    None => name.to_string(),
                }
            }
        };
        // The fragment as it is where the file meant has that id; else its closest id, or none
        // (a suggestion that fails again on its fragment is no help).
        let fragment = match (&target.fragment, self.by_source.get(file)) {
            (Some(fragment), Some(&index)) if !self.has_anchor(&self.site.articles[index], fragment) => {
                self.suggest_anchor(index, fragment).map(str::to_string)
            }
            (fragment, _) => fragment.clone(),
        };
        Some(match fragment {
            Some(fragment) => format!("{link}#{fragment}"),
            None => link,
        })
    }

    /// The id of the article at `index` closest to the missing `fragment`, if one is close.
    fn suggest_anchor(&self, index: usize, fragment: &str) -> Option<&'_ str> {
        let key = (index, fragment.to_string());
        // A poisoned lock only means another thread panicked; the map is still whole.
        let mut suggested = self.suggested.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        *suggested.entry(key).or_insert_with(|| {
            let anchors = &self.site.articles[index].body.anchors;
            closest(fragment, anchors.iter().take(ANCHORS_SUGGESTED).map(String::as_str))
        })
    }

    /// Whether `article`'s page has the id `fragment`: one of its body's, or one the theme puts
    /// on every article page.
    fn has_anchor(&self, article: &Article, fragment: &str) -> bool {
        if is_top_or_empty(fragment)
            || theme::ARTICLE_PAGE_IDS.contains(&fragment)
            || theme::is_update_id(fragment, article.meta.updates.len())
        {
            return true;
        }
        let anchors = &article.body.anchors;
        match self.by_source.get(article.source.as_str()) {
            Some(&index) if anchors.len() > ANCHORS_SCANNED && std::ptr::eq(&self.site.articles[index], article) => {
                let anchors = &self.site.articles[index].body.anchors;
                self.anchor_sets[index]
                    .get_or_init(|| anchors.iter().map(String::as_str).collect())
                    .contains(fragment)
            }
            _ => anchors.iter().any(|a| a == fragment),
        }
    }

    /// An in-page anchor (`#x`): the page must have it.
    fn anchor(&self, article: &Article, fragment: &str) -> Option<Problem> {
        if self.has_anchor(article, fragment) {
            return None;
        }
        let message = format!("the anchor `#{fragment}` is not on this page");
        let hint = "link to a heading's id, or remove the link";
        Some((Severity::Warning, message, hint.to_string()))
    }

    /// A root-relative or relative path: the output must have a page or file there. Paths
    /// outside the site's prefix are not the site's to check.
    /// A link to a path of the site, from the page at `permalink` made of the file `source`.
    fn path(&self, (permalink, source, kind): (&str, &str, WrittenIn), url: &str, path_part: &str) -> Option<Problem> {
        let has_file = self.has_file?;
        let base = &self.site.config.base_url;
        let decoded = percent_encoding::percent_decode_str(path_part)
            .decode_utf8_lossy()
            .into_owned();
        let site_path = if decoded.starts_with('/') {
            let within = base.prefixed(&decoded).unwrap_or_else(|| decoded.clone());
            urls::normalize(within.strip_prefix(base.path())?)
        } else {
            urls::normalize(&format!("{}{decoded}", permalink.trim_start_matches('/')))
        };
        if exists(has_file, &site_path) {
            return None;
        }
        let message = format!("the link `{url}` leads to no page or file of this site");
        let hint = if decoded.starts_with('/') {
            "fix the address; to link to another briefing, write `@/` and its file under content/, e.g. `@/2024/06/pact.md`".to_string()
        } else if matches!(kind, WrittenIn::Topic | WrittenIn::Author) {
            // Files beside a topic or author file are not copied beside its page: a relative
            // address starts at the page.
            format!(
                "a relative address starts at this page, {permalink}: write it from the site's root (`/…`), or link to a briefing by its file (`@/2024/06/pact.md`)"
            )
        } else {
            let folder = source.rsplit_once('/').map_or("content", |(folder, _)| folder);
            format!(
                "a relative link starts at the {}'s own folder, {folder}/: put the file there, or link to a briefing by its file (`other.md`, `@/2024/06/pact.md`)",
                kind.noun()
            )
        };
        Some((Severity::Warning, message, hint))
    }
}

/// A link from another language's page to a default-language article or topic that has no
/// translation into it: text while the build leaves the article out, and its `#fragment` as the
/// default language's page has it.
fn elsewhere_link(url: &str, target: &ContentLink, elsewhere: &crate::site::Elsewhere) -> Option<Problem> {
    if let Some(reason) = elsewhere.left_out {
        return Some(left_out_link(url, &target.path, reason));
    }
    let (Some(fragment), Some(body)) = (target.fragment.as_deref(), &elsewhere.body) else {
        return None;
    };
    let anchors = &body.anchors;
    if is_top_or_empty(fragment)
        || theme::ARTICLE_PAGE_IDS.contains(&fragment)
        || theme::is_update_id(fragment, elsewhere.updates)
        || anchors.iter().any(|a| a == fragment)
    {
        return None;
    }
    let close = closest(fragment, anchors.iter().take(ANCHORS_SUGGESTED).map(String::as_str));
    Some(missing_anchor(url, target, fragment, anchors, close))
}

/// The error for a link to a `#fragment` that the linked article's page lacks (its `anchors`),
/// with the id `close` to it, if one is.
fn missing_anchor(url: &str, target: &ContentLink, fragment: &str, anchors: &[String], close: Option<&str>) -> Problem {
    let message = format!(
        "the link `{url}` points to #{fragment}, which {} does not have",
        target.path
    );
    let hint = match close {
        Some(close) => format!("did you mean `#{close}`?"),
        None if anchors.is_empty() => format!(
            "it has no headings to link to: link to the article itself (`{}`), or give it a heading",
            split_fragment(url).0
        ),
        None => {
            let ids: Vec<String> = anchors.iter().take(5).map(|id| format!("`#{id}`")).collect();
            let more = if anchors.len() > 5 { ", …" } else { "" };
            format!("link to one of its headings' ids: {}{more}", ids.join(", "))
        }
    };
    (Severity::Error, message, hint)
}

/// A link to an article the build leaves out: a warning, so that scheduling a briefing never
/// blocks the desk; the body shows the link's text (`parse::links::rewrite`) until it is published.
fn left_out_link(url: &str, path: &str, reason: Reason) -> Problem {
    let (what, until) = match reason {
        Reason::Draft => ("a draft", "it is published (or with --drafts)"),
        Reason::Scheduled => ("scheduled for later", "it goes live (or with --future)"),
    };
    let message = format!("the link `{url}` points to {path}, which is {what}: shown as text only");
    let hint = format!("the link works once {until}; `gazette list` shows when");
    (Severity::Warning, message, hint)
}

/// Whether a site path (`2024/06/x`, `2024/06/x/`, `style.css`) names an output file or page.
fn exists(has_file: &dyn Fn(&str) -> bool, site_path: &str) -> bool {
    let trimmed = site_path.trim_end_matches('/');
    (!trimmed.is_empty() && has_file(trimmed)) || has_file(&urls::page_file(site_path))
}
