//! The outputs for crawlers and static hosts: the sitemap, robots.txt and the `_redirects` of
//! article aliases.

use crate::core::urls;
use crate::render::pagination::{TIMELINE_PAGE, page_count};
use std::collections::BTreeSet;

use jiff::ZonedDateTime;

use super::{latest, modified, text_element};
use crate::core::dates;
use crate::parse::config::Config;
use crate::site::Site;

const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// Every HTML page of the site (not alias redirects, not the 404 page), with its last change.
/// Drafts and scheduled articles that `--drafts` or `--future` built are not in it, nor a tag
/// or archive month that lists nothing else; dates come from published articles only.
pub(super) fn sitemap(site: &Site) -> Vec<u8> {
    let config = &site.config;
    let pages = pages(site);
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut out = String::with_capacity(256 + pages.len() * 128);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!("<urlset xmlns=\"{SITEMAP_NS}\">\n"));
    for (path, lastmod) in pages {
        let url = config.base_url.absolute(&path);
        if !seen.insert(url.clone()) {
            continue;
        }
        out.push_str("  <url>\n");
        text_element(&mut out, "    ", "loc", &url);
        if let Some(lastmod) = lastmod {
            text_element(&mut out, "    ", "lastmod", &dates::rfc3339(lastmod));
        }
        out.push_str("  </url>\n");
    }
    out.push_str("</urlset>\n");
    out.into_bytes()
}

/// Every page the sitemap lists, with its last change, in the order listed.
fn pages(site: &Site) -> Vec<(String, Option<&ZonedDateTime>)> {
    let config = &site.config;
    let published = |entries: &[usize]| -> Vec<usize> {
        entries
            .iter()
            .copied()
            .filter(|&i| site.articles[i].published())
            .collect()
    };
    let newest = latest(site, (0..site.articles.len()).filter(|&i| site.articles[i].published()));
    let per_page = config.per_page;
    // Every page of a paginated list (`render::pagination`), each with the list's last change.
    let paged = |path: &str, len: usize, per_page: usize| -> Vec<String> {
        (1..=page_count(len, per_page)).map(|n| urls::paged(path, n)).collect()
    };
    let mut pages: Vec<(String, Option<&ZonedDateTime>)> = Vec::new();
    let published_count = site.articles.iter().filter(|a| a.published()).count();
    pages.extend(
        paged(urls::HOME, published_count, per_page)
            .into_iter()
            .map(|p| (p, newest)),
    );
    for article in site.articles.iter().filter(|a| a.published()) {
        pages.push((article.permalink.clone(), Some(modified(article))));
    }
    pages.push((urls::TOPICS.to_string(), newest));
    for topic in &site.topics {
        let last = latest(site, published(&topic.timeline.entries));
        pages.push((topic.permalink(), last));
        if topic.timeline.entries.len() > TIMELINE_PAGE {
            pages.extend(year_pages(site, topic));
        }
    }
    pages.push((urls::TAGS.to_string(), newest));
    for tag in &site.tags {
        let articles = published(&tag.articles);
        if !articles.is_empty() {
            let last = latest(site, articles);
            pages.extend(
                paged(&tag.permalink(), tag.articles.len(), per_page)
                    .into_iter()
                    .map(|p| (p, last)),
            );
        }
    }
    pages.push((urls::ARCHIVE.to_string(), newest));
    for month in &site.archive {
        let articles = published(&month.articles);
        if !articles.is_empty() {
            let last = latest(site, articles);
            pages.extend(
                paged(&month.permalink(), month.articles.len(), per_page)
                    .into_iter()
                    .map(|p| (p, last)),
            );
        }
    }
    pages.push((urls::SEARCH.to_string(), newest));
    let editions: Vec<&crate::site::Edition> = site.editions.iter().filter(|e| e.published()).collect();
    if let Some(newest_edition) = editions.first() {
        pages.push((urls::EDITIONS.to_string(), Some(&newest_edition.date.start)));
    }
    for edition in editions {
        pages.push((edition.permalink(), Some(&edition.date.start)));
    }
    pages
}

pub(super) fn robots(config: &Config) -> Vec<u8> {
    format!(
        "User-agent: *\nAllow: /\nSitemap: {}\n",
        config.base_url.absolute(urls::SITEMAP)
    )
    .into_bytes()
}

/// Percent-encodes the bytes that would end a `_redirects` field: whitespace and controls.
fn redirect_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if c.is_ascii_control() || c == ' ' {
            out.push_str(&format!("%{:02X}", c as u32));
        } else if c.is_whitespace() {
            let mut buf = [0u8; 4];
            for byte in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// One `from to 301` line per alias, sorted.
pub(super) fn redirects(site: &Site) -> Vec<u8> {
    let config = &site.config;
    let lines: BTreeSet<String> = site
        .articles
        .iter()
        .flat_map(|article| {
            article.meta.aliases.iter().map(move |alias| {
                format!(
                    "{} {} 301",
                    redirect_path(&config.base_url.url(alias)),
                    redirect_path(&config.base_url.url(&article.permalink))
                )
            })
        })
        .collect();
    let mut out = String::new();
    for line in lines {
        out.push_str(&line);
        out.push('\n');
    }
    out.into_bytes()
}

/// The year pages of a split timeline (`render::pagination`), each with its year's last change.
fn year_pages<'s>(site: &'s Site, topic: &crate::site::Topic) -> Vec<(String, Option<&'s ZonedDateTime>)> {
    let mut pages = Vec::new();
    for year in &topic.timeline.years {
        let entries: Vec<usize> = year.months.iter().flat_map(|m| m.entries.iter().copied()).collect();
        let published: Vec<usize> = entries
            .iter()
            .copied()
            .filter(|&i| site.articles[i].published())
            .collect();
        let last = latest(site, published);
        let path = urls::topic_year(&topic.slug, year.year);
        for n in 1..=page_count(entries.len(), TIMELINE_PAGE) {
            pages.push((urls::paged(&path, n), last));
        }
    }
    pages
}
