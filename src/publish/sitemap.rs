//! The outputs for crawlers and static hosts: the sitemap, robots.txt and the `_redirects` of
//! article and topic aliases.

use crate::core::urls;
use crate::render::pagination::{TIMELINE_PAGE, page_count};
use std::collections::BTreeSet;

use jiff::ZonedDateTime;

use super::{latest, modified, text_element};
use crate::core::dates;
use crate::parse::config::Config;
use crate::site::Site;

const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const XHTML_NS: &str = "http://www.w3.org/1999/xhtml";

/// Every HTML page of the site (not alias redirects, not the 404 page), with its last change.
/// Drafts and scheduled articles that `--drafts` or `--future` built are not in it, nor a tag
/// or archive month that lists nothing else; dates come from published articles only.
/// The most URLs one sitemap file may hold (sitemaps.org); a site with more gets a sitemap index.
pub(super) const SITEMAP_LIMIT: usize = 50_000;

/// The sitemap as files: `sitemap.xml` alone, or, past `limit` URLs, `sitemap.xml` as an index of
/// `sitemap-1.xml`, `sitemap-2.xml`, … of `limit` URLs each.
pub(super) fn sitemaps(site: &Site, limit: usize) -> Vec<(String, Vec<u8>)> {
    let entries = entries(site);
    if entries.len() <= limit {
        return vec![(urls::SITEMAP.to_string(), urlset(site, &entries))];
    }
    let config = &site.config;
    let mut files = Vec::new();
    let mut index = String::with_capacity(256 + entries.len() / limit * 128);
    index.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    index.push_str(&format!("<sitemapindex xmlns=\"{SITEMAP_NS}\">\n"));
    for (n, chunk) in entries.chunks(limit.max(1)).enumerate() {
        let path = part_path(n + 1);
        index.push_str("  <sitemap>\n");
        text_element(&mut index, "    ", "loc", &config.base_url.absolute(&path));
        if let Some(newest) = chunk
            .iter()
            .filter_map(|(_, lastmod)| *lastmod)
            .max_by_key(|z| z.timestamp())
        {
            text_element(&mut index, "    ", "lastmod", &dates::rfc3339(newest));
        }
        index.push_str("  </sitemap>\n");
        files.push((path, urlset(site, chunk)));
    }
    index.push_str("</sitemapindex>\n");
    files.insert(0, (urls::SITEMAP.to_string(), index.into_bytes()));
    files
}

/// The output paths of `sitemaps`, without writing them.
pub(super) fn sitemap_paths(site: &Site, limit: usize) -> Vec<String> {
    // `serve` asks on every rebuild: a site that cannot reach the limit is not counted URL by URL.
    if most_entries(site) <= limit {
        return vec![urls::SITEMAP.to_string()];
    }
    let count = entries(site).len();
    let mut paths = vec![urls::SITEMAP.to_string()];
    if count > limit {
        paths.extend((1..=count.div_ceil(limit.max(1))).map(part_path));
    }
    paths
}

/// At least as many URLs as the sitemap lists, counted without making them.
fn most_entries(site: &Site) -> usize {
    let per_page = site.config.per_page;
    let lists: usize = site
        .tags
        .iter()
        .map(|t| page_count(t.articles.len(), per_page))
        .chain(site.archive.iter().map(|m| page_count(m.articles.len(), per_page)))
        .chain(site.authors.iter().map(|a| page_count(a.articles.len(), per_page)))
        .chain(
            site.topics
                .iter()
                .map(|t| 1 + t.timeline.entries.len().div_ceil(TIMELINE_PAGE) + t.timeline.years.len()),
        )
        .sum();
    // Home pages, the articles, the lists, the editions, and the fixed pages (topics, tags,
    // archive, search, editions, authors).
    page_count(site.articles.len(), per_page)
        + site.articles.len()
        + lists
        + site.editions.len()
        + page_count(site.editions.len(), per_page)
        + 6
}

/// `sitemap-<n>.xml`.
fn part_path(n: usize) -> String {
    format!("sitemap-{n}.xml")
}

/// One `<urlset>` of (absolute URL, last change); on a multi-language site each URL with its
/// versions in every language (`xhtml:link` alternates, itself and `x-default` included).
fn urlset(site: &Site, entries: &[(String, Option<&ZonedDateTime>)]) -> Vec<u8> {
    let translations = &site.translations;
    let mut out = String::with_capacity(256 + entries.len() * 128);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    if translations.is_empty() {
        out.push_str(&format!("<urlset xmlns=\"{SITEMAP_NS}\">\n"));
    } else {
        out.push_str(&format!("<urlset xmlns=\"{SITEMAP_NS}\" xmlns:xhtml=\"{XHTML_NS}\">\n"));
    }
    for (url, lastmod) in entries {
        out.push_str("  <url>\n");
        text_element(&mut out, "    ", "loc", url);
        if let Some(lastmod) = lastmod {
            text_element(&mut out, "    ", "lastmod", &dates::rfc3339(lastmod));
        }
        if let Some(alternates) = translations.of_url(url) {
            let links = alternates
                .iter()
                .map(|a| (a.lang.as_str(), a.url.as_str()))
                .chain(alternates.first().map(|a| ("x-default", a.url.as_str())));
            for (lang, href) in links {
                out.push_str(&format!(
                    "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                    crate::core::escape::xml_escape(lang),
                    crate::core::escape::xml_escape(href)
                ));
            }
        }
        out.push_str("  </url>\n");
    }
    out.push_str("</urlset>\n");
    out.into_bytes()
}

/// Every page's absolute URL, each once, with its last change, in the order listed.
fn entries(site: &Site) -> Vec<(String, Option<&ZonedDateTime>)> {
    let mut seen: BTreeSet<String> = BTreeSet::new();
    pages(site)
        .into_iter()
        .filter_map(|(path, lastmod)| {
            let url = site.config.base_url.absolute(&path);
            seen.insert(url.clone()).then_some((url, lastmod))
        })
        .collect()
}

/// The topics page (unless the language links the default language's instead), each topic's
/// page and its split timeline's year pages, with their last changes.
fn topic_pages<'s>(site: &'s Site, newest: Option<&'s ZonedDateTime>) -> Vec<(String, Option<&'s ZonedDateTime>)> {
    let mut pages = Vec::new();
    if site.topics_page_elsewhere.is_none() {
        pages.push((urls::TOPICS.to_string(), newest));
    }
    for topic in &site.topics {
        let entries = topic.timeline.entries.iter().copied();
        let last = latest(site, entries.filter(|&i| site.articles[i].published()));
        pages.push((topic.permalink(), last));
        if topic.timeline.entries.len() > TIMELINE_PAGE {
            pages.extend(year_pages(site, topic));
        }
    }
    pages
}

/// The archive's pages: its own, each year's, and each month's (with their later pages), each
/// with its last change.
fn archive_pages<'s>(site: &'s Site, newest: Option<&'s ZonedDateTime>) -> Vec<(String, Option<&'s ZonedDateTime>)> {
    let mut pages = vec![(urls::ARCHIVE.to_string(), newest)];
    for year in crate::site::archive_years(&site.archive) {
        let months = site.archive.iter().filter(|m| m.year == year);
        let articles: Vec<usize> = months.flat_map(|m| published(site, &m.articles)).collect();
        if !articles.is_empty() {
            pages.push((urls::archive_year(year), latest(site, articles)));
        }
    }
    for month in &site.archive {
        let articles = published(site, &month.articles);
        if !articles.is_empty() {
            let last = latest(site, articles);
            pages.extend(
                (1..=page_count(month.articles.len(), site.config.per_page))
                    .map(|n| (urls::paged(&month.permalink(), n), last)),
            );
        }
    }
    pages
}

/// Of `entries` (articles by index), those the build publishes.
fn published(site: &Site, entries: &[usize]) -> Vec<usize> {
    entries
        .iter()
        .copied()
        .filter(|&i| site.articles[i].published())
        .collect()
}

/// Every page the sitemap lists, with its last change, in the order listed.
fn pages(site: &Site) -> Vec<(String, Option<&ZonedDateTime>)> {
    let config = &site.config;
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
    pages.extend(topic_pages(site, newest));
    pages.extend(
        paged(urls::TAGS, site.tags.len(), crate::render::pagination::TAGS_PAGE)
            .into_iter()
            .map(|p| (p, newest)),
    );
    for tag in &site.tags {
        let articles = published(site, &tag.articles);
        if !articles.is_empty() {
            let last = latest(site, articles);
            pages.extend(
                paged(&tag.permalink(), tag.articles.len(), per_page)
                    .into_iter()
                    .map(|p| (p, last)),
            );
        }
    }
    pages.extend(archive_pages(site, newest));
    pages.push((urls::SEARCH.to_string(), newest));
    if !site.authors.is_empty() {
        pages.extend(
            paged(
                urls::AUTHORS,
                site.authors.len(),
                crate::render::pagination::AUTHORS_PAGE,
            )
            .into_iter()
            .map(|p| (p, newest)),
        );
    }
    for author in &site.authors {
        // Every author has a page, even before their first briefing.
        let last = latest(site, published(site, &author.articles));
        pages.extend(
            paged(&author.permalink(), author.articles.len(), per_page)
                .into_iter()
                .map(|p| (p, last)),
        );
    }
    let editions: Vec<&crate::site::Edition> = site.editions.iter().filter(|e| e.published()).collect();
    if let Some(newest_edition) = editions.first() {
        // The list's pages, as many as the renderer makes (it lists every edition it builds).
        pages.extend(
            paged(urls::EDITIONS, site.editions.len(), per_page)
                .into_iter()
                .map(|p| (p, Some(&newest_edition.date.start))),
        );
    }
    for edition in editions {
        pages.push((edition.permalink(), Some(&edition.modified().start)));
    }
    pages
}

/// robots.txt: everything allowed, and the sitemap of each language (DESIGN.md §8b).
pub(super) fn robots(config: &Config) -> Vec<u8> {
    let mut out = format!(
        "User-agent: *\nAllow: /\nSitemap: {}\n",
        config.base_url.absolute(urls::SITEMAP)
    );
    for language in &config.languages {
        out.push_str(&format!(
            "Sitemap: {}\n",
            config.base_url.child(&language.code).absolute(urls::SITEMAP)
        ));
    }
    out.into_bytes()
}

/// Percent-encodes the bytes that would end a `_redirects` field (whitespace and controls), and
/// `%` itself, which a host would read as the start of an escape.
fn redirect_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if c.is_ascii_control() || c == ' ' || c == '%' {
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

/// The redirects of a site's topics' aliases, as root-relative URLs: each old address to its
/// topic, and for an old folder, the topic's files and pages below it (its feeds, timeline.json,
/// the year pages of a split timeline) each to its own, one exact line apiece. (A `:splat`
/// rule would also send whatever else lies below the old folder, an article's page under
/// `/posts/` for one, to the topic: review.)
pub fn topic_redirects(site: &Site) -> Vec<(String, String)> {
    let base = &site.config.base_url;
    let mut redirects = Vec::new();
    for topic in site.topics.iter().filter(|t| !t.meta.aliases.is_empty()) {
        let page = topic.permalink();
        let mut below: Vec<String> = vec![
            urls::topic_feed(&topic.slug),
            urls::topic_rss(&topic.slug),
            urls::topic_timeline(&topic.slug),
        ];
        if topic.timeline.entries.len() > crate::render::TIMELINE_JS_MAX {
            below.push(urls::topic_timeline_full(&topic.slug));
        }
        if topic.timeline.entries.len() > TIMELINE_PAGE {
            below.extend(year_pages(site, topic).into_iter().map(|(path, _)| path));
        }
        let below: Vec<&str> = below
            .iter()
            .filter_map(|path| path.trim_start_matches('/').strip_prefix(page.trim_start_matches('/')))
            .collect();
        for alias in &topic.meta.aliases {
            redirects.push((base.url(alias), base.url(&page)));
            if alias.ends_with('/') {
                for rest in &below {
                    redirects.push((base.url(&format!("{alias}{rest}")), base.url(&format!("{page}{rest}"))));
                }
            }
        }
    }
    redirects
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
        .chain(
            topic_redirects(site)
                .into_iter()
                .map(|(from, to)| format!("{} {} 301", redirect_path(&from), redirect_path(&to))),
        )
        // The other languages' translations' old addresses, made by the pipeline.
        .chain(
            site.language_redirects
                .iter()
                .map(|(from, to)| format!("{} {} 301", redirect_path(from), redirect_path(to))),
        )
        .collect();
    // The site's own lines first (`static/_redirects`): the first rule that matches wins.
    let mut out = site.own_redirects.clone();
    for line in lines {
        out.extend_from_slice(line.as_bytes());
        out.push(b'\n');
    }
    // Last, each language's own 404 page for the addresses under its folder that have no file
    // (Netlify serves a `404` rule only where no file is; Cloudflare Pages finds the nearest
    // 404.html by itself): a Korean reader's broken link gets the Korean page, not the root's.
    for language in &config.languages {
        let folder = config.base_url.url(&format!("{}/", language.code));
        let line = format!("{}* {}404.html 404\n", redirect_path(&folder), redirect_path(&folder));
        out.extend_from_slice(line.as_bytes());
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::config::Config;
    use crate::site::{Selection, assemble};

    #[test]
    fn past_the_limit_the_sitemap_is_an_index_of_parts() {
        let config = Config::with_defaults("T", "https://e.org/b/");
        let selection = Selection {
            drafts: false,
            future: false,
            now: jiff::Timestamp::from_second(2_000_000_000).unwrap(),
            preview: false,
        };
        let site = assemble(config, Vec::new(), Vec::new(), Vec::new(), selection)
            .value
            .expect("an empty site");
        // An empty site has five pages: home, topics, tags, archive, search.
        let whole = sitemaps(&site, SITEMAP_LIMIT);
        assert_eq!(whole.len(), 1);
        let parts = sitemaps(&site, 2);
        let names: Vec<&str> = parts.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            names,
            ["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml"]
        );
        assert_eq!(sitemap_paths(&site, 2), names);
        let index = String::from_utf8(parts[0].1.clone()).unwrap();
        assert!(index.contains("<sitemapindex") && index.contains("<loc>https://e.org/b/sitemap-3.xml</loc>"));
        let last = String::from_utf8(parts[3].1.clone()).unwrap();
        assert_eq!(last.matches("<url>").count(), 1);
    }
}
