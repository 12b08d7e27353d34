//! Long lists split into pages: how many pages a list has, which slice a page shows, and the
//! numbered navigation between them (plain links: it works without JavaScript).

use serde::Serialize;

use crate::core::urls;
use crate::parse::config::Config;

/// How many entries a page of a topic's timeline shows at most; a topic with more is split by
/// year, and a year with more into pages (TimelineJS's guidance is a few hundred too).
pub const TIMELINE_PAGE: usize = 300;

/// How many key events a split topic's page lists (the newest): a line each, they would
/// otherwise grow the page with the topic (2,500 key events made a 495 KB page). The earlier ones
/// are marked on their years' pages.
pub const KEY_EVENTS_SHOWN: usize = 100;

/// How many tags a page of the tag index (`/tags/`) lists: an archive of people and places has
/// thousands, at about 170 bytes each, and no page may grow with the site.
pub const TAGS_PAGE: usize = 500;

/// How many authors a page of the authors' list (`/authors/`) shows: a wire service has
/// thousands of stringers, each a card of about 600 bytes with their role and biography.
pub const AUTHORS_PAGE: usize = 100;

/// The number of pages `len` items fill at `per_page` a page (one, for an empty list).
pub fn page_count(len: usize, per_page: usize) -> usize {
    len.div_ceil(per_page.max(1)).max(1)
}

/// The items page `page` (1-based) of a list shows.
pub fn page_range(len: usize, per_page: usize, page: usize) -> std::ops::Range<usize> {
    let start = (page.saturating_sub(1) * per_page).min(len);
    start..(start + per_page).min(len)
}

/// A link in the page navigation: a page number, or a gap (`…`) between numbers.
#[derive(Serialize)]
pub(super) struct PageLink {
    number: Option<usize>,
    url: Option<String>,
    current: bool,
}

/// The navigation between the pages of one list, for `partials/pagination.html`.
#[derive(Serialize)]
pub(super) struct PaginationView {
    current: usize,
    total: usize,
    previous_url: Option<String>,
    next_url: Option<String>,
    /// The first and last page, the current one and two either side; gaps between.
    links: Vec<PageLink>,
}

impl PaginationView {
    /// The page shown (1-based).
    pub(super) fn current(&self) -> usize {
        self.current
    }

    /// How many pages the list has.
    pub(super) fn total(&self) -> usize {
        self.total
    }
}

/// Page `page` of `total` of the list at site path `path`; `None` for a list of one page.
pub(super) fn navigation(config: &Config, path: &str, page: usize, total: usize) -> Option<PaginationView> {
    if total <= 1 {
        return None;
    }
    let url = |n: usize| config.base_url.url(&urls::paged(path, n));
    let mut links = Vec::new();
    let mut last_shown = 0;
    for n in 1..=total {
        let shown = n == 1 || n == total || n.abs_diff(page) <= 2;
        if !shown {
            continue;
        }
        if n > last_shown + 1 {
            links.push(PageLink {
                number: None,
                url: None,
                current: false,
            });
        }
        links.push(PageLink {
            number: Some(n),
            url: Some(url(n)),
            current: n == page,
        });
        last_shown = n;
    }
    Some(PaginationView {
        current: page,
        total,
        previous_url: (page > 1).then(|| url(page - 1)),
        next_url: (page < total).then(|| url(page + 1)),
        links,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_cover_the_list_exactly() {
        assert_eq!(page_count(0, 30), 1);
        assert_eq!(page_count(30, 30), 1);
        assert_eq!(page_count(31, 30), 2);
        assert_eq!(page_range(31, 30, 2), 30..31);
        assert_eq!(page_range(5, 30, 1), 0..5);
    }

    #[test]
    fn navigation_shows_the_ends_and_the_neighbours_with_gaps() {
        let config = Config::with_defaults("T", "https://e.org/b/");
        let nav = navigation(&config, "/tags/x/", 10, 40).expect("many pages");
        let numbers: Vec<Option<usize>> = nav.links.iter().map(|l| l.number).collect();
        assert_eq!(
            numbers,
            [
                Some(1),
                None,
                Some(8),
                Some(9),
                Some(10),
                Some(11),
                Some(12),
                None,
                Some(40)
            ]
        );
        assert_eq!(nav.previous_url.as_deref(), Some("/b/tags/x/page/9/"));
        assert_eq!(nav.links[0].url.as_deref(), Some("/b/tags/x/"));
        assert!(navigation(&config, "/", 1, 1).is_none());
    }
}
