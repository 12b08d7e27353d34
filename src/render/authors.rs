//! People: the byline of an article (`AuthorLink`s on its card), the authors list
//! (`authors.html`), an author's page with their briefings (`author.html`, paginated like a
//! tag), and the JSON-LD `Person`s of an article.

use serde::Serialize;
use tera::Context;

use super::{ListPage, Page, Renderer, erased::Page as _, pagination};
use crate::core::urls;
use crate::site::{Article, Author, Site};

/// An author as a byline names them.
#[derive(Serialize, Clone)]
pub(super) struct AuthorLink {
    slug: String,
    name: String,
    role: Option<String>,
    /// Their page on this site.
    url: String,
    /// The language of `name` and `role` when not the page's (`Author::lang`).
    lang: Option<String>,
}

/// An author as the authors list shows them.
#[derive(Serialize)]
struct AuthorSummary {
    slug: String,
    name: String,
    role: Option<String>,
    url: String,
    feed_url: String,
    /// Their picture (`src`, `srcset`, `width`, `height`, `alt` as a lead image's).
    image: Option<super::ImageView>,
    /// The biography's first paragraph (text).
    summary: String,
    /// How many briefings credit them.
    count: usize,
    /// Their `extra:`, for the theme.
    extra: serde_json::Value,
    /// The language of `name`, `role`, `summary` and the biography when not the page's
    /// (`Author::lang`).
    lang: Option<String>,
}

/// A link from an author's page (their `url`, or one of `same_as`).
#[derive(Serialize)]
struct ProfileLink {
    url: String,
    /// The host, for the link's text (`example.org`).
    label: String,
}

#[derive(Serialize)]
struct AuthorView {
    #[serde(flatten)]
    summary: AuthorSummary,
    /// The biography (HTML).
    bio: String,
    /// `url` (first, when given) and `same_as`.
    links: Vec<ProfileLink>,
}

#[derive(Serialize)]
struct AuthorsData {
    authors: Vec<AuthorSummary>,
    pagination: Option<pagination::PaginationView>,
}

#[derive(Serialize)]
struct AuthorData {
    author: AuthorView,
    articles: Vec<tera::Value>,
    pagination: Option<super::pagination::PaginationView>,
}

/// The byline of `article`: its authors in the order written.
pub(super) fn byline(site: &Site, article: &Article) -> Vec<AuthorLink> {
    article
        .authors
        .iter()
        .map(|&a| {
            let author = &site.authors[a];
            AuthorLink {
                slug: author.slug.clone(),
                name: author.meta.name.clone(),
                role: author.meta.role.clone(),
                url: site.config.base_url.url(&author.permalink()),
                lang: author.lang.clone(),
            }
        })
        .collect()
}

/// schema.org `Person` (JSON-LD): the author's name, page (absolute), profiles and role.
#[derive(Serialize)]
pub(super) struct Person<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    url: String,
    #[serde(rename = "sameAs", skip_serializing_if = "Vec::is_empty")]
    same_as: Vec<&'a str>,
    #[serde(rename = "jobTitle", skip_serializing_if = "Option::is_none")]
    job_title: Option<&'a str>,
}

/// The `Person` of each of `article`'s authors.
pub(super) fn people<'a>(site: &'a Site, article: &Article) -> Vec<Person<'a>> {
    article
        .authors
        .iter()
        .map(|&a| {
            let author = &site.authors[a];
            Person {
                kind: "Person",
                name: &author.meta.name,
                url: site.config.base_url.absolute(&author.permalink()),
                same_as: author
                    .meta
                    .url
                    .iter()
                    .chain(&author.meta.same_as)
                    .map(String::as_str)
                    .collect(),
                job_title: author.meta.role.as_deref(),
            }
        })
        .collect()
}

/// An http(s) URL as a link's text: without its scheme, `www.` and final `/`
/// (`example.org/staff/min-ji`).
fn link_label(url: &str) -> String {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    rest.strip_prefix("www.")
        .unwrap_or(rest)
        .trim_end_matches('/')
        .to_string()
}

impl Renderer<'_> {
    /// The authors list and every page of each author's page, with their output files (none on
    /// a site without authors).
    pub(super) fn author_pages(&self) -> Vec<(String, Page)> {
        let site = self.site;
        let mut pages = Vec::new();
        if !site.authors.is_empty() {
            let count = pagination::page_count(site.authors.len(), pagination::AUTHORS_PAGE);
            pages.extend((1..=count).map(|n| (urls::page_file(&urls::paged(urls::AUTHORS, n)), Page::Authors(n))));
        }
        for (a, author) in site.authors.iter().enumerate() {
            let count = pagination::page_count(author.articles.len(), site.config.per_page);
            pages.extend((1..=count).map(|n| {
                let file = urls::page_file(&urls::paged(&author.permalink(), n));
                (file, Page::Author(a, n))
            }));
        }
        pages
    }

    fn author_summary(&self, author: &Author) -> AuthorSummary {
        let base = &self.site.config.base_url;
        AuthorSummary {
            slug: author.slug.clone(),
            name: author.meta.name.clone(),
            role: author.meta.role.clone(),
            url: base.url(&author.permalink()),
            feed_url: base.url(&urls::author_feed(&author.slug)),
            image: author
                .image
                .as_ref()
                .map(|path| super::picture_view(author.picture.as_ref(), base.url(path), author.meta.name.clone())),
            summary: author.summary().to_string(),
            count: author.articles.len(),
            extra: author.meta.extra.clone(),
            lang: author.lang.clone(),
        }
    }

    /// Page `page` of the authors' list: `pagination::AUTHORS_PAGE` authors, in the site's order.
    pub(super) fn authors_context(&self, page: usize) -> Context {
        let site = self.site;
        let total = pagination::page_count(site.authors.len(), pagination::AUTHORS_PAGE);
        let words = self.words();
        let title = words.text("authors_title", None, &[]) + &self.of_pages(page, total);
        let description = words.text("authors_description", None, &[]);
        let list = ListPage {
            page_title: &title,
            page_description: &description,
            canonical: self.absolute(&urls::paged(urls::AUTHORS, page)),
            section: "authors",
            data: AuthorsData {
                authors: pagination::page_range(site.authors.len(), pagination::AUTHORS_PAGE, page)
                    .map(|a| self.author_summary(&site.authors[a]))
                    .collect(),
                pagination: pagination::navigation(&site.config, urls::AUTHORS, page, total),
            },
        };
        list.context()
    }

    /// Page `page` of author `a`'s page: the biography and links, then their briefings.
    pub(super) fn author_context(&self, a: usize, page: usize) -> Context {
        let author = &self.site.authors[a];
        let list = self.list_page(
            &author.permalink(),
            author.articles.len(),
            &|p| author.articles[p],
            page,
        );
        let title = format!("{}{}", author.meta.name, list.of_pages);
        let name = author.meta.name.as_str();
        let description = match &author.meta.role {
            Some(role) => self
                .words()
                .text("author_role_description", None, &[("name", name), ("role", role)]),
            None => self.words().text("author_description", None, &[("name", name)]),
        };
        let links = author
            .meta
            .url
            .iter()
            .chain(&author.meta.same_as)
            .map(|url| ProfileLink {
                url: url.clone(),
                label: link_label(url),
            })
            .collect();
        let context = ListPage {
            page_title: &title,
            page_description: &description,
            canonical: self.absolute(&urls::paged(&author.permalink(), page)),
            section: "author",
            data: AuthorData {
                author: AuthorView {
                    summary: self.author_summary(author),
                    bio: author.body.html.clone(),
                    links,
                },
                articles: list.cards,
                pagination: list.pagination,
            },
        };
        context.context()
    }
}
