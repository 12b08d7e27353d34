//! Links in bodies: turns links to other content files (`@/2024/06/pact.md`, `../pact.md#x`) into
//! permalinks, keeps root-relative links under the base path, and checks every internal link and
//! fragment of the built site. Pure: no I/O.

use std::collections::{HashMap, HashSet};

use crate::core::diagnostic::{Diagnostic, Pos};
use crate::site::Site;

/// A link to a content file: the file (relative to the site root) and the fragment, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentLink {
    pub path: String,
    pub fragment: Option<String>,
}

/// Whether a URL has a scheme (`https:`, `mailto:`) or is protocol-relative (`//host`).
fn is_external(url: &str) -> bool {
    if url.starts_with("//") {
        return true;
    }
    match url.find(':') {
        Some(colon) => {
            let scheme = &url[..colon];
            !scheme.is_empty()
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !url[..colon].contains('/')
        }
        None => false,
    }
}

fn split_fragment(url: &str) -> (&str, Option<&str>) {
    match url.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (url, None),
    }
}

/// The content file a link in `source` (e.g. `content/2024/06/a.md`) points to, if it points
/// to one: `@/path.md` is relative to content/, a relative `x.md` to the source's folder.
pub fn content_link(source: &str, url: &str) -> Option<ContentLink> {
    if is_external(url) {
        return None;
    }
    let (path, fragment) = split_fragment(url);
    let path = percent_encoding::percent_decode_str(path)
        .decode_utf8_lossy()
        .into_owned();
    let fragment = fragment.filter(|f| !f.is_empty()).map(str::to_string);
    if let Some(rest) = path.strip_prefix("@/") {
        return Some(ContentLink {
            path: normalize(&format!("content/{rest}")),
            fragment,
        });
    }
    if path.starts_with('/') || !path.ends_with(".md") {
        return None;
    }
    let folder = source.rsplit_once('/').map_or("", |(folder, _)| folder);
    Some(ContentLink {
        path: normalize(&format!("{folder}/{path}")),
        fragment,
    })
}

/// Resolves `.` and `..` segments lexically (`content/a/../b.md` → `content/b.md`).
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

/// Rewrites a link in `source`'s body: content links become permalinks (URLs under the base
/// path, fragment kept); root-relative links get the base path. `None` leaves the link as written.
pub fn rewrite<S: std::hash::BuildHasher>(
    source: &str,
    url: &str,
    permalinks: &HashMap<String, String, S>,
    base_path: &str,
) -> Option<String> {
    if let Some(link) = content_link(source, url) {
        let target = permalinks.get(&link.path)?;
        return Some(match link.fragment {
            Some(fragment) => format!("{target}#{fragment}"),
            None => target.clone(),
        });
    }
    with_base_path(url, base_path)
}

/// A root-relative URL (`/topics/x/`) under the base path (`/briefings/topics/x/`), when it is not
/// there already; `None` for anything else.
fn with_base_path(url: &str, base_path: &str) -> Option<String> {
    let root_relative = url.starts_with('/') && !url.starts_with("//");
    (base_path != "/" && root_relative && !url.starts_with(base_path)).then(|| format!("{base_path}{}", &url[1..]))
}

/// Ids the default theme puts on every article page, besides the body's own.
const THEME_IDS: &[&str] = &["main", "toc-heading", "sources-heading", "updates-heading"];

/// Checks every link in every article body against the built site; `has_file` tells whether
/// the output has a file at a path (`2024/06/x/index.html`).
///
/// A link to a content file that is not in the build, or to a fragment its page lacks, is an
/// error. Other internal links that lead nowhere (root-relative or relative paths, in-page
/// anchors) are warnings: content migrated from elsewhere is full of them.
pub fn check(site: &Site, has_file: &(dyn Fn(&str) -> bool + Sync)) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    let base_path = site.config.base_path();
    let by_source: HashMap<&str, usize> = site
        .articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.source.as_str(), i))
        .collect();
    let topics: HashSet<&str> = site.topics.iter().map(|t| t.source.as_str()).collect();
    let check_article = |article: &crate::site::Article| -> Vec<Diagnostic> {
        let mut diagnostics = Vec::new();
        for link in &article.body.links {
            let line = article.body_line + link.line - 1;
            let at = |message: String| (article.display.clone(), line, link.column, message);
            if let Some(target) = content_link(&article.source, &link.url) {
                if topics.contains(target.path.as_str()) {
                    continue;
                }
                let Some(&index) = by_source.get(target.path.as_str()) else {
                    let (path, line, column, message) = at(format!(
                        "the link `{}` points to {}, which is not an article of this build",
                        link.url, target.path
                    ));
                    diagnostics.push(
                        Diagnostic::error(path, Pos::new(line, column), message)
                            .with_hint("check the file name (a link to content/x.md is written `@/x.md`); a draft or future article counts only with --drafts / --future"),
                    );
                    continue;
                };
                if let Some(fragment) = &target.fragment {
                    let anchors = &site.articles[index].body.anchors;
                    if !anchors.iter().any(|a| a == fragment) && !THEME_IDS.contains(&fragment.as_str()) {
                        let (path, line, column, message) = at(format!(
                            "the link `{}` points to #{fragment}, which {} does not have",
                            link.url, target.path
                        ));
                        let hint = match crate::core::diagnostic::closest(fragment, anchors.iter().map(String::as_str))
                        {
                            Some(close) => format!("did you mean `#{close}`?"),
                            None => "link to a heading's id: its text in lower case with hyphens, e.g. `#the-pact`"
                                .to_string(),
                        };
                        diagnostics.push(Diagnostic::error(path, Pos::new(line, column), message).with_hint(hint));
                    }
                }
                continue;
            }
            if is_external(&link.url) {
                continue;
            }
            let (path_part, fragment) = split_fragment(&link.url);
            if path_part.is_empty() {
                if let Some(fragment) = fragment.filter(|f| !f.is_empty())
                    && !article.body.anchors.iter().any(|a| a == fragment)
                    && !THEME_IDS.contains(&fragment)
                {
                    let (path, line, column, message) = at(format!("the anchor `#{fragment}` is not on this page"));
                    diagnostics.push(
                        Diagnostic::warning(path, Pos::new(line, column), message)
                            .with_hint("link to a heading's id, or remove the link"),
                    );
                }
                continue;
            }
            let decoded = percent_encoding::percent_decode_str(path_part)
                .decode_utf8_lossy()
                .into_owned();
            let site_path = if decoded.starts_with('/') {
                let within = with_base_path(&decoded, base_path).unwrap_or_else(|| decoded.clone());
                match within.strip_prefix(base_path) {
                    Some(rest) => normalize(rest),
                    None => continue,
                }
            } else {
                normalize(&format!("{}{decoded}", article.permalink.trim_start_matches('/')))
            };
            if !exists(has_file, &site_path) {
                let (path, line, column, message) =
                    at(format!("the link `{}` leads to no page or file of this site", link.url));
                diagnostics.push(
                    Diagnostic::warning(path, Pos::new(line, column), message)
                        .with_hint("fix the address; to link to another briefing, write `@/path/to/file.md`"),
                );
            }
        }
        diagnostics
    };
    site.articles.par_iter().flat_map_iter(check_article).collect()
}

/// Whether a site path (`2024/06/x`, `2024/06/x/`, `style.css`) names an output file or page.
fn exists(has_file: &dyn Fn(&str) -> bool, site_path: &str) -> bool {
    let trimmed = site_path.trim_end_matches('/');
    if trimmed.is_empty() {
        return has_file("index.html");
    }
    has_file(trimmed) || has_file(&format!("{trimmed}/index.html"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_links() {
        let from = "content/2024/06/a.md";
        assert_eq!(
            content_link(from, "@/2024/06/pact.md#the-deal"),
            Some(ContentLink {
                path: "content/2024/06/pact.md".into(),
                fragment: Some("the-deal".into())
            })
        );
        assert_eq!(
            content_link(from, "../05/b.md"),
            Some(ContentLink {
                path: "content/2024/05/b.md".into(),
                fragment: None
            })
        );
        assert_eq!(
            content_link(from, "b.md").map(|l| l.path),
            Some("content/2024/06/b.md".into())
        );
        assert_eq!(
            content_link(from, "my%20file.md").map(|l| l.path),
            Some("content/2024/06/my file.md".into())
        );
        for other in [
            "https://x.org/a.md",
            "/2024/06/b/",
            "../b/",
            "#top",
            "mailto:a@b.c",
            "//cdn.org/x.md",
        ] {
            assert_eq!(content_link(from, other), None, "{other}");
        }
    }

    #[test]
    fn rewrites_to_permalinks_and_keeps_the_base_path() {
        let permalinks: HashMap<String, String> = [(
            "content/2024/06/pact.md".to_string(),
            "/briefings/2024/06/pact/".to_string(),
        )]
        .into();
        let from = "content/2024/06/a.md";
        assert_eq!(
            rewrite(from, "pact.md#x", &permalinks, "/briefings/").as_deref(),
            Some("/briefings/2024/06/pact/#x")
        );
        assert_eq!(
            rewrite(from, "@/2024/06/pact.md", &permalinks, "/briefings/").as_deref(),
            Some("/briefings/2024/06/pact/")
        );
        assert_eq!(rewrite(from, "@/missing.md", &permalinks, "/briefings/"), None);
        assert_eq!(
            rewrite(from, "/topics/x/", &permalinks, "/briefings/").as_deref(),
            Some("/briefings/topics/x/")
        );
        assert_eq!(rewrite(from, "/briefings/topics/x/", &permalinks, "/briefings/"), None);
        assert_eq!(rewrite(from, "/topics/x/", &permalinks, "/"), None);
        assert_eq!(rewrite(from, "https://x.org/", &permalinks, "/briefings/"), None);
    }
}
