//! The pages of a multi-language site that translate each other (DESIGN.md §8b): for each page,
//! its version in every language that has one, for the language switch, the `hreflang`
//! alternates and the sitemap. One value, shared by every language's `Site`.

use std::sync::Arc;

use rustc_hash::FxHashMap;

/// A page in one language.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Alternate {
    /// The language's tag (`ko`).
    pub lang: String,
    /// The language's name in itself (`한국어`), from its theme words (`language_name`).
    pub name: String,
    /// The page's absolute URL (for `hreflang` alternates and sitemaps, which must be absolute).
    pub url: String,
    /// The page's root-relative URL (`/briefings/ko/…`), for links a reader follows: they stay
    /// on the host the page came from (a preview, a local copy), as the site's other links do.
    pub href: String,
}

/// Every page that exists in more than one language, with all its versions (in the order of
/// site.yaml: the default language first). Empty for a site in one language.
#[derive(Debug, Clone, Default)]
pub struct Translations {
    /// A page's language-neutral key (`render::Renderer::page_key`) → its versions.
    pub by_key: FxHashMap<String, Arc<[Alternate]>>,
    /// A version's absolute URL → its page's key.
    pub by_url: FxHashMap<String, String>,
}

impl Translations {
    pub fn is_empty(&self) -> bool {
        self.by_key.is_empty()
    }

    /// The versions of the page at `url` (absolute), if it has any in another language.
    pub fn of_url(&self, url: &str) -> Option<&Arc<[Alternate]>> {
        self.by_key.get(self.by_url.get(url)?)
    }
}

/// A topic of the default language that an article of another language names but that has no
/// translation there: its article links the original topic's page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicElsewhere {
    pub slug: String,
    pub title: String,
    /// Its page in the default language (root-relative, under the base path).
    pub url: String,
}
