//! The theme's contract, in one place: the templates every theme must have, and the ids a theme
//! puts on its pages, which the Markdown renderer keeps free and the link check accepts as
//! fragments. docs/themes.md documents both for theme authors.

/// The templates every theme must have.
pub const REQUIRED_TEMPLATES: &[&str] = &[
    "index.html",
    "article.html",
    "topic.html",
    "topics.html",
    "tag.html",
    "tags.html",
    "archive.html",
    "archive_month.html",
    "404.html",
    "alias.html",
    "search.html",
];

/// The templates gazette renders when the theme has them, beside `REQUIRED_TEMPLATES` (editions,
/// their emails and authors' pages, for sites that have them).
pub const OPTIONAL_TEMPLATES: &[&str] = &[
    "editions.html",
    "edition.html",
    "email/edition.html",
    "email/edition.txt",
    "authors.html",
    "author.html",
];

/// The names among `names` near enough to the template `name` to be what was meant: template
/// names share `.html` and folders, so only a near miss of the whole name counts (`articel.html`
/// is `article.html`; `partials/sidebar.html` is not `partials/card.html`).
pub fn near_templates<'a>(name: &str, names: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    // The folder and the file's name apart: `partials/` is no likeness.
    let (folder, file) = name.rsplit_once('/').unwrap_or(("", name));
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    let limit = (stem.chars().count() / 3).max(1);
    names
        .filter(|t| {
            let (other_folder, other_file) = t.rsplit_once('/').unwrap_or(("", t));
            other_folder == folder && strsim::damerau_levenshtein(other_file, file) <= limit
        })
        .collect()
}

/// Ids the theme uses itself on its pages; the headings of a body never take them (a heading
/// `## Sources` gets `sources-1`), so the theme's own anchors stay unique.
pub const RESERVED_IDS: &[&str] = &[
    "main",
    "content",
    "toc",
    "toc-heading",
    "sources",
    "sources-heading",
    "updates",
    "updates-heading",
    "background-heading",
    "earlier-heading",
    "latest-heading",
    "topics-heading",
    "order-oldest",
    "order-newest",
    "footnotes",
    "footnotes-heading",
    "top",
    "timeline",
    "bio-heading",
    "briefings-heading",
    "key-events-heading",
    "latest-edition-heading",
];

/// Ids the theme numbers (`edition-section-2`, an update log's `update-3`, a timeline's year `y2024` and month `m2024-06`, an
/// editions list's `month-3`, the archive's `archive-2024`): a heading's id of one of these
/// shapes is reserved too.
pub fn is_numbered_theme_id(id: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    ["edition-section-", "month-", "archive-", "update-"]
        .iter()
        .any(|prefix| id.strip_prefix(prefix).is_some_and(digits))
        || id.strip_prefix('y').is_some_and(digits)
        || id.strip_prefix('m').is_some_and(|rest| {
            let (year, month) = rest.split_once('-').unwrap_or((rest, "0"));
            digits(year) && digits(month)
        })
}

/// The ids every article page carries besides its body's own (a link `#sources-heading` to an
/// article is not broken); all of them are reserved.
pub const ARTICLE_PAGE_IDS: &[&str] = &["main", "toc-heading", "sources-heading", "updates-heading"];

/// Whether `fragment` is the id of an entry of a log of `count` updates (`update-1` the
/// oldest), which the theme puts on each so that one correction can be linked.
pub fn is_update_id(fragment: &str, count: usize) -> bool {
    fragment
        .strip_prefix("update-")
        .filter(|n| !n.starts_with('0'))
        .and_then(|n| n.parse::<usize>().ok())
        .is_some_and(|n| (1..=count).contains(&n))
}

/// The ids the default theme puts on every edition page besides its introduction's and its
/// sections' headings' (`edition-section-<n>`, `site::links`).
pub const EDITION_PAGE_IDS: &[&str] = &["main"];

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression (review, session 25): an introduction's heading "Edition section 1" took the
    /// id of the theme's first section heading on the same page (two elements of one id).
    #[test]
    fn the_themes_numbered_ids_are_known() {
        for id in [
            "edition-section-1",
            "month-12",
            "archive-2024",
            "y1950",
            "m1950",
            "m2024-06",
        ] {
            assert!(is_numbered_theme_id(id), "{id}");
        }
        for id in [
            "edition-section-1-1",
            "edition-section",
            "y",
            "my-story",
            "years",
            "m2024-june",
            "month-x",
        ] {
            assert!(!is_numbered_theme_id(id), "{id}");
        }
    }

    #[test]
    fn every_id_of_an_article_page_is_reserved() {
        for id in ARTICLE_PAGE_IDS {
            assert!(
                RESERVED_IDS.contains(id),
                "{id} is on every article page but a heading may take it"
            );
        }
    }
}
