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
            if !article.body.relative_urls {
                return Cow::Borrowed(html);
            }
            match (
                &self.selector,
                Url::parse(&self.site.config.base_url.absolute(&article.permalink)),
            ) {
                (Some(selector), Ok(page)) => absolutize(selector, html, &page),
                // site.yaml's base_url was checked when it was read; were it unusable after all,
                // the body is better kept as written than dropped.
                _ => Cow::Borrowed(html),
            }
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
