//! Links in bodies: turns links to other content files (`@/2024/06/pact.md`, `../pact.md#x`) into
//! permalinks and keeps root-relative links under the base path. The check of every link against
//! the built site is the site's (`site::links`). Pure: no I/O.

use std::collections::HashMap;

use crate::core::resolve;
use crate::core::urls::{self, BaseUrl};

/// The kind of content file a link or image is written in, as messages name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WrittenIn {
    Article,
    Edition,
    /// A topic's background.
    Topic,
    /// An author's biography.
    Author,
}

impl WrittenIn {
    /// "article", "edition", "topic", "author file".
    pub fn noun(self) -> &'static str {
        match self {
            WrittenIn::Article => "article",
            WrittenIn::Edition => "edition",
            WrittenIn::Topic => "topic",
            WrittenIn::Author => "author file",
        }
    }
}

/// A link to a content file: the file (relative to the site root) and the fragment, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentLink {
    pub path: String,
    pub fragment: Option<String>,
}

/// A content file as links to it see it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Target {
    /// In this build: its page's URL under the base path.
    Page(String),
    /// Parsed but left out of this build (a draft, or dated in the future): a link to it is shown
    /// as its text until the file is published.
    LeftOut,
}

/// What the Markdown renderer does with a link's URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rewrite {
    /// Leave it as written.
    Keep,
    /// Replace it.
    To(String),
    /// Drop the link and keep its text (an image keeps its URL as written).
    TextOnly,
}

/// Whether a URL leads off the site: it has a scheme (`https:`, `mailto:`; `core::resolve`
/// decides, as a browser would) or is protocol-relative (`//host`).
pub fn is_external(url: &str) -> bool {
    url.starts_with("//") || resolve::is_absolute(url)
}

pub fn split_fragment(url: &str) -> (&str, Option<&str>) {
    match url.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (url, None),
    }
}

/// The content file a link in `source` (e.g. `content/2024/06/a.md`) points to, if it points
/// to one: `@/path.md` is relative to content/, a relative `x.md` to the source's folder.
pub fn content_link(source: &str, url: &str) -> Option<ContentLink> {
    if is_external(url) || resolve::is_placeholder(url) {
        return None;
    }
    let (path, fragment) = split_fragment(url);
    let path = percent_encoding::percent_decode_str(path)
        .decode_utf8_lossy()
        .into_owned();
    let fragment = fragment.filter(|f| !f.is_empty()).map(str::to_string);
    if let Some(rest) = path.strip_prefix("@/") {
        return Some(ContentLink {
            path: urls::normalize(&format!("content/{rest}")),
            fragment,
        });
    }
    if path.starts_with('/') || !path.ends_with(".md") {
        return None;
    }
    let folder = source.rsplit_once('/').map_or("", |(folder, _)| folder);
    Some(ContentLink {
        path: urls::normalize(&format!("{folder}/{path}")),
        fragment,
    })
}

/// The file under content/ that a relative link to anything but a `.md` file points to,
/// resolved against `source`'s folder as the link to a `.md` file is (`![Map](map.png)` in
/// `content/2026/10/a.md` is `content/2026/10/map.png`); the query is dropped, the fragment
/// kept. `None` for a link that is not relative (external, root-relative, `@/`, an in-page
/// anchor) or that names a `.md` file (`content_link`).
pub fn relative_file(source: &str, url: &str) -> Option<ContentLink> {
    if is_external(url) || resolve::is_placeholder(url) {
        return None;
    }
    let (path, fragment) = split_fragment(url);
    let path = path.split_once('?').map_or(path, |(path, _)| path);
    if path.is_empty() || path.starts_with('/') || path.starts_with("@/") || path.ends_with(".md") {
        return None;
    }
    let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let folder = source.rsplit_once('/').map_or("", |(folder, _)| folder);
    Some(ContentLink {
        path: urls::normalize(&format!("{folder}/{path}")),
        fragment: fragment.filter(|f| !f.is_empty()).map(str::to_string),
    })
}

/// Every content path a link in `source` may point to: the article or file of `content_link`,
/// or the file of `relative_file` (whether or not it exists).
pub fn target(source: &str, url: &str) -> Option<ContentLink> {
    content_link(source, url).or_else(|| relative_file(source, url))
}

/// Rewrites a link in `source`'s body: a link to a content file (`@/x.md`, `../x.md`,
/// `@/2026/10/poll.png`, `poll.png`) becomes that article's permalink or that file's URL, both
/// under the base path (fragment kept), or text when the article is left out of the build; root-relative links get
/// the base path. A link to a file that is not in `targets` stays as written (the link check
/// reports it).
pub fn rewrite<S: std::hash::BuildHasher>(
    source: &str,
    url: &str,
    targets: &HashMap<String, Target, S>,
    base: &BaseUrl,
) -> Rewrite {
    rewrite_target(target(source, url), url, targets, base)
}

/// `rewrite` of a link whose `target` the caller has found already (it keeps the path too).
pub fn rewrite_target<S: std::hash::BuildHasher>(
    link: Option<ContentLink>,
    url: &str,
    targets: &HashMap<String, Target, S>,
    base: &BaseUrl,
) -> Rewrite {
    if let Some(link) = link {
        return match targets.get(&link.path) {
            None => Rewrite::Keep,
            Some(Target::LeftOut) => Rewrite::TextOnly,
            Some(Target::Page(page)) => Rewrite::To(match link.fragment {
                Some(fragment) => format!("{page}#{fragment}"),
                None => page.clone(),
            }),
        };
    }
    base.prefixed(url).map_or(Rewrite::Keep, Rewrite::To)
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
    fn relative_links_to_files_resolve_against_the_source_folder() {
        let from = "content/2026/10/snap-election.md";
        let path = |url: &str| relative_file(from, url).map(|l| l.path);
        assert_eq!(path("poll.png").as_deref(), Some("content/2026/10/poll.png"));
        assert_eq!(
            path("./img/poll.png?v=2").as_deref(),
            Some("content/2026/10/img/poll.png")
        );
        assert_eq!(path("../09/map%20b.png").as_deref(), Some("content/2026/09/map b.png"));
        for not_a_file in [
            "https://x.org/a.png",
            "/images/a.png",
            "@/2026/10/poll.png",
            "#notes",
            "other.md",
            "",
        ] {
            assert_eq!(relative_file(from, not_a_file), None, "{not_a_file}");
        }
        // `@/` names any file of content/, articles or not.
        assert_eq!(
            target(from, "@/2026/10/poll.png").map(|l| l.path).as_deref(),
            Some("content/2026/10/poll.png")
        );
    }

    #[test]
    fn rewrites_to_permalinks_and_keeps_the_base_path() {
        let targets: HashMap<String, Target> = [
            (
                "content/2024/06/pact.md".to_string(),
                Target::Page("/briefings/2024/06/pact/".to_string()),
            ),
            ("content/2024/06/draft.md".to_string(), Target::LeftOut),
        ]
        .into();
        let prefixed = BaseUrl::parse("https://example.org/briefings/").unwrap();
        let root = BaseUrl::parse("https://example.org/").unwrap();
        let from = "content/2024/06/a.md";
        let to = |url: &str| Rewrite::To(url.to_string());
        assert_eq!(
            rewrite(from, "pact.md#x", &targets, &prefixed),
            to("/briefings/2024/06/pact/#x")
        );
        assert_eq!(
            rewrite(from, "@/2024/06/pact.md", &targets, &prefixed),
            to("/briefings/2024/06/pact/")
        );
        assert_eq!(rewrite(from, "@/missing.md", &targets, &prefixed), Rewrite::Keep);
        assert_eq!(rewrite(from, "draft.md#x", &targets, &prefixed), Rewrite::TextOnly);
        assert_eq!(
            rewrite(from, "/topics/x/", &targets, &prefixed),
            to("/briefings/topics/x/")
        );
        assert_eq!(
            rewrite(from, "/briefings/topics/x/", &targets, &prefixed),
            Rewrite::Keep
        );
        assert_eq!(rewrite(from, "/topics/x/", &targets, &root), Rewrite::Keep);
        assert_eq!(rewrite(from, "https://x.org/", &targets, &prefixed), Rewrite::Keep);
    }
}
