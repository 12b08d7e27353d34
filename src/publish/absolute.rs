//! Feeds' absolute URLs: article bodies with every relative URL made absolute against the
//! article's own page (`parse::absolute`), each made once per build and shared by every feed.

use std::borrow::Cow;
use std::cell::{Cell, OnceCell};

use lol_html::Selector;
use url::Url;

use crate::parse::absolute::{SELECTOR, absolutize};
use crate::site::Site;

/// The article bodies feeds carry, with their URLs made absolute: each made the first time a feed
/// asks for it, then shared by every feed of the build that carries the same article (the site's
/// Atom, RSS and JSON feeds, the topics' feeds). A body without relative URLs is not copied.
pub struct AbsoluteBodies<'s> {
    site: &'s Site,
    /// The site's language, which writes the dates of an article's updates.
    language: crate::core::language::Language,
    selector: Option<Selector>,
    /// One per article, in `site.articles` order.
    bodies: Vec<OnceCell<Cow<'s, str>>>,
    made: Cell<usize>,
}

impl<'s> AbsoluteBodies<'s> {
    /// The site's bodies, none made yet.
    pub fn new(site: &'s Site) -> Self {
        AbsoluteBodies {
            site,
            language: crate::core::language::Language::new(&site.config.locale),
            selector: SELECTOR.parse().ok(),
            bodies: site.articles.iter().map(|_| OnceCell::new()).collect(),
            made: Cell::new(0),
        }
    }

    /// The body of article `index` (in `site.articles`) with absolute URLs; empty for no such
    /// article.
    pub fn get(&self, index: usize) -> &str {
        let (Some(cell), Some(article)) = (self.bodies.get(index), self.site.articles.get(index)) else {
            return "";
        };
        cell.get_or_init(|| {
            self.made.set(self.made.get() + 1);
            let html = article.body.html.as_str();
            let body = if article.body.relative_urls {
                match (
                    &self.selector,
                    Url::parse(&self.site.config.base_url.absolute(&article.permalink)),
                ) {
                    (Some(selector), Ok(page)) => absolutize(selector, html, &page),
                    // site.yaml's base_url was checked when it was read; were it unusable after
                    // all, the body is better kept as written than dropped.
                    _ => Cow::Borrowed(html),
                }
            } else {
                Cow::Borrowed(html)
            };
            // A corrected article says so in the feeds as on its page (session 34's standards
            // probe: feed readers and RSS-to-email services got the corrected text unsaid).
            if article.meta.updates.is_empty() {
                return body;
            }
            let (notice, log) =
                super::updates_html(&article.meta.updates, &self.site.config.feed_words, &self.language);
            Cow::Owned(format!("{notice}{body}{log}"))
        })
    }

    /// The site the bodies are of.
    pub fn site(&self) -> &'s Site {
        self.site
    }

    /// How many bodies have been made so far: at most one per article.
    pub fn made(&self) -> usize {
        self.made.get()
    }
}
