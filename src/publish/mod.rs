//! Publish: the site's machine-readable outputs, made from the `Site` as bytes: the Atom, RSS and
//! JSON feeds, each topic's Atom feed and TimelineJS export, the sitemap, robots.txt and the
//! static host's `_redirects`. Pure and deterministic: no I/O, no clock, no hash-map order.

pub mod search;

use std::collections::BTreeSet;

use jiff::ZonedDateTime;
use serde::Serialize;

use crate::core::dates::{self, DateValue, Precision};
use crate::parse::config::Config;
use crate::site::{Article, Site, Topic};

/// The site's Atom 1.0 feed.
pub const ATOM_PATH: &str = "atom.xml";
/// The site's RSS 2.0 feed.
pub const RSS_PATH: &str = "rss.xml";
/// The site's JSON Feed 1.1.
pub const JSON_FEED_PATH: &str = "feed.json";
/// The sitemaps.org sitemap.
pub const SITEMAP_PATH: &str = "sitemap.xml";
pub const ROBOTS_PATH: &str = "robots.txt";
/// Redirects in the Netlify / Cloudflare Pages format.
pub const REDIRECTS_PATH: &str = "_redirects";

/// The default theme's colour for key events, used as the TimelineJS slide background.
const KEY_EVENT_COLOR: &str = "#a4161a";
const GENERATOR: &str = "gazette";
const VERSION: &str = env!("CARGO_PKG_VERSION");
/// `<updated>` of a feed without entries: fixed, so the output stays the same on every build.
const NO_ENTRIES_UPDATED: &str = "1970-01-01T00:00:00+00:00";

const ATOM_NS: &str = "http://www.w3.org/2005/Atom";
const CONTENT_NS: &str = "http://purl.org/rss/1.0/modules/content/";
const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const JSON_FEED_VERSION: &str = "https://jsonfeed.org/version/1.1";

/// The output path of a topic's Atom feed: `topics/<slug>/atom.xml`.
pub fn topic_feed_path(slug: &str) -> String {
    format!("topics/{slug}/atom.xml")
}

/// The output path of a topic's TimelineJS export: `topics/<slug>/timeline.json`.
pub fn topic_timeline_path(slug: &str) -> String {
    format!("topics/{slug}/timeline.json")
}

/// The output paths of `outputs`, without making them (`serve` makes them only when asked).
pub fn paths(site: &Site) -> Vec<String> {
    let mut paths: Vec<String> = [
        ATOM_PATH,
        RSS_PATH,
        JSON_FEED_PATH,
        SITEMAP_PATH,
        ROBOTS_PATH,
        REDIRECTS_PATH,
    ]
    .iter()
    .map(|p| p.to_string())
    .collect();
    for topic in &site.topics {
        paths.push(topic_feed_path(&topic.slug));
        paths.push(topic_timeline_path(&topic.slug));
    }
    paths
}

/// Every machine-readable output of the site, handed to `emit` as (output path, bytes) one at a
/// time in a fixed order, so a build can write each as soon as it is made instead of holding all.
pub fn outputs(site: &Site, emit: &mut dyn FnMut(String, Vec<u8>)) {
    let config = &site.config;
    let newest: Vec<usize> = (0..site.articles.len()).take(config.feed_entries).collect();
    let site_feed = FeedInfo {
        title: config.title.clone(),
        subtitle: config.description.clone(),
        alternate: config.base_url.absolute(""),
        self_url: config.base_url.absolute(ATOM_PATH),
    };
    emit(ATOM_PATH.to_string(), atom(site, &site_feed, &newest));
    emit(RSS_PATH.to_string(), rss(site, &newest));
    emit(JSON_FEED_PATH.to_string(), json_feed(site, &newest));
    emit(SITEMAP_PATH.to_string(), sitemap(site));
    emit(ROBOTS_PATH.to_string(), robots(config));
    emit(REDIRECTS_PATH.to_string(), redirects(site));
    for topic in &site.topics {
        let feed = FeedInfo {
            title: format!("{} — {}", topic.meta.title, config.title),
            subtitle: topic_summary(topic),
            alternate: config.base_url.absolute(&topic.permalink()),
            self_url: config.base_url.absolute(&topic_feed_path(&topic.slug)),
        };
        // Article indices follow the site's newest-publication-first order.
        let mut entries = topic.timeline.entries.clone();
        entries.sort_unstable();
        entries.dedup();
        entries.truncate(config.feed_entries);
        emit(topic_feed_path(&topic.slug), atom(site, &feed, &entries));
        emit(topic_timeline_path(&topic.slug), timeline_js(site, topic));
    }
}

/// Escapes text for XML (and HTML) text and double-quoted attributes: `& < > " '`. Characters
/// XML 1.0 cannot hold at all (C0 controls other than tab, LF and CR; U+FFFE, U+FFFF) are dropped,
/// since no escape makes them well-formed.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    xml_escape_into(&mut out, text);
    out
}

/// `xml_escape`, appended to `out`.
fn xml_escape_into(out: &mut String, text: &str) {
    // Feeds escape whole article bodies: find the next byte that needs anything with a table, and
    // copy the run before it at once.
    let bytes = text.as_bytes();
    let (mut copied, mut i) = (0, 0);
    while let Some(offset) = bytes[i..].iter().position(|&b| XML_SPECIAL[b as usize]) {
        i += offset;
        let (replacement, len) = match bytes[i] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&#39;", 1),
            // U+FFFE and U+FFFF (EF BF BE, EF BF BF) are dropped; other characters from EF stay.
            0xEF if bytes.get(i + 1) == Some(&0xBF) && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)) => ("", 3),
            0xEF => {
                i += 1;
                continue;
            }
            // C0 controls other than tab, LF and CR: dropped.
            _ => ("", 1),
        };
        // `i` is at an ASCII byte or a lead byte, so both slices fall on character boundaries.
        out.push_str(&text[copied..i]);
        out.push_str(replacement);
        i += len;
        copied = i;
    }
    out.push_str(&text[copied..]);
}

/// The bytes `xml_escape` must look at: `& < > " '`, C0 controls other than tab, LF and CR, and
/// 0xEF (which starts U+FFFE and U+FFFF).
const XML_SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = !matches!(b, 0x09 | 0x0A | 0x0D);
        b += 1;
    }
    table[b'&' as usize] = true;
    table[b'<' as usize] = true;
    table[b'>' as usize] = true;
    table[b'"' as usize] = true;
    table[b'\'' as usize] = true;
    table[0xEF] = true;
    table
};

/// The scheme and host of the base URL: `https://example.org` for `https://example.org/briefings/`.
fn origin(config: &Config) -> &str {
    config.base_url.origin()
}

/// When an article last changed: the later of `updated` and its publication date.
fn modified(article: &Article) -> &ZonedDateTime {
    match &article.meta.updated {
        Some(updated) if updated.start.timestamp() > article.meta.date.start.timestamp() => &updated.start,
        _ => &article.meta.date.start,
    }
}

/// The latest modification among `articles`, if there are any.
fn latest(site: &Site, articles: impl IntoIterator<Item = usize>) -> Option<&ZonedDateTime> {
    articles
        .into_iter()
        .filter_map(|i| site.articles.get(i))
        .map(modified)
        .max_by_key(|zoned| zoned.timestamp())
}

fn topic_summary(topic: &Topic) -> String {
    topic
        .meta
        .summary
        .clone()
        .unwrap_or_else(|| topic.body.first_paragraph.clone())
}

/// The article's body with every relative URL made absolute, for feeds read away from the site.
fn absolute_body(config: &Config, article: &Article) -> String {
    absolutize_html(
        &article.body.html,
        origin(config),
        &config.base_url.url(&article.permalink),
    )
}

// ---------------------------------------------------------------------------------------------
// Atom and RSS

/// About the size of a feed of `entries`: each carries its body, escaped, and a kilobyte or two
/// of metadata. Feeds of whole articles run to megabytes; sized once, they are not copied as
/// they grow.
fn feed_capacity(site: &Site, entries: &[usize]) -> usize {
    let bodies: usize = entries
        .iter()
        .filter_map(|&i| site.articles.get(i))
        .map(|a| a.body.html.len())
        .sum();
    // Escaping makes markup about a third longer (`<p>` is `&lt;p&gt;`).
    4096 + bodies + bodies / 2 + entries.len() * 2048
}

/// What distinguishes one Atom feed from another.
struct FeedInfo {
    title: String,
    subtitle: String,
    /// The page the feed belongs to (absolute); also the feed's `<id>`.
    alternate: String,
    self_url: String,
}

/// Appends `<name>text</name>` on its own line, the text escaped. `name` may carry attributes
/// (`guid isPermaLink="true"`); the end tag takes only the name.
fn text_element(out: &mut String, indent: &str, name: &str, text: &str) {
    out.push_str(indent);
    out.push('<');
    out.push_str(name);
    out.push('>');
    xml_escape_into(out, text);
    out.push_str("</");
    out.push_str(name.split(' ').next().unwrap_or(name));
    out.push_str(">\n");
}

/// An Atom 1.0 feed of `entries` (article indices, in the order given).
fn atom(site: &Site, feed: &FeedInfo, entries: &[usize]) -> Vec<u8> {
    let config = &site.config;
    let updated = latest(site, entries.iter().copied()).map_or_else(|| NO_ENTRIES_UPDATED.to_string(), dates::rfc3339);
    let mut out = String::with_capacity(feed_capacity(site, entries));
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(&format!(
        "<feed xmlns=\"{ATOM_NS}\" xml:lang=\"{}\">\n",
        xml_escape(&config.language)
    ));
    text_element(&mut out, "  ", "title", &feed.title);
    if !feed.subtitle.trim().is_empty() {
        text_element(&mut out, "  ", "subtitle", &feed.subtitle);
    }
    out.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        xml_escape(&feed.self_url)
    ));
    out.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml_escape(&feed.alternate)
    ));
    text_element(&mut out, "  ", "id", &feed.alternate);
    text_element(&mut out, "  ", "updated", &updated);
    out.push_str("  <author>\n");
    text_element(&mut out, "    ", "name", &config.title);
    text_element(&mut out, "    ", "uri", &config.base_url.absolute(""));
    out.push_str("  </author>\n");
    out.push_str(&format!("  <generator version=\"{VERSION}\">{GENERATOR}</generator>\n"));
    let topics_scheme = config.base_url.absolute("topics/");
    let tags_scheme = config.base_url.absolute("tags/");
    for article in entries.iter().filter_map(|&i| site.articles.get(i)) {
        let url = config.base_url.absolute(&article.permalink);
        out.push_str("  <entry>\n");
        text_element(&mut out, "    ", "title", &article.meta.title);
        out.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            xml_escape(&url)
        ));
        text_element(&mut out, "    ", "id", &url);
        text_element(&mut out, "    ", "published", &dates::rfc3339(&article.meta.date.start));
        text_element(&mut out, "    ", "updated", &dates::rfc3339(modified(article)));
        if !article.summary.trim().is_empty() {
            text_element(&mut out, "    ", "summary", &article.summary);
        }
        out.push_str(&format!(
            "    <content type=\"html\" xml:base=\"{}\">",
            xml_escape(&url)
        ));
        xml_escape_into(&mut out, &absolute_body(config, article));
        out.push_str("</content>\n");
        for topic in article.topics.iter().filter_map(|&t| site.topics.get(t)) {
            out.push_str(&format!(
                "    <category scheme=\"{}\" term=\"{}\" label=\"{}\"/>\n",
                xml_escape(&topics_scheme),
                xml_escape(&topic.slug),
                xml_escape(&topic.meta.title)
            ));
        }
        for tag in article.tags.iter().filter_map(|&t| site.tags.get(t)) {
            out.push_str(&format!(
                "    <category scheme=\"{}\" term=\"{}\" label=\"{}\"/>\n",
                xml_escape(&tags_scheme),
                xml_escape(&tag.slug),
                xml_escape(&tag.name)
            ));
        }
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out.into_bytes()
}

/// RFC 2822 (`Fri, 21 Jun 2024 09:30:00 +0900`), or `None` for a year RFC 2822 cannot write.
fn rfc2822(zoned: &ZonedDateTime) -> Option<String> {
    jiff::fmt::rfc2822::to_string(zoned).ok()
}

/// The site's RSS 2.0 feed of `entries`.
fn rss(site: &Site, entries: &[usize]) -> Vec<u8> {
    let config = &site.config;
    let mut out = String::with_capacity(feed_capacity(site, entries));
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(&format!(
        "<rss version=\"2.0\" xmlns:atom=\"{ATOM_NS}\" xmlns:content=\"{CONTENT_NS}\">\n"
    ));
    out.push_str("  <channel>\n");
    text_element(&mut out, "    ", "title", &config.title);
    text_element(&mut out, "    ", "link", &config.base_url.absolute(""));
    let description = if config.description.trim().is_empty() {
        &config.title
    } else {
        &config.description
    };
    text_element(&mut out, "    ", "description", description);
    text_element(&mut out, "    ", "language", &config.language);
    text_element(&mut out, "    ", "generator", &format!("{GENERATOR} {VERSION}"));
    if let Some(last) = latest(site, entries.iter().copied()).and_then(rfc2822) {
        text_element(&mut out, "    ", "lastBuildDate", &last);
    }
    out.push_str(&format!(
        "    <atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>\n",
        xml_escape(&config.base_url.absolute(RSS_PATH))
    ));
    let topics_domain = config.base_url.absolute("topics/");
    let tags_domain = config.base_url.absolute("tags/");
    for article in entries.iter().filter_map(|&i| site.articles.get(i)) {
        let url = config.base_url.absolute(&article.permalink);
        out.push_str("    <item>\n");
        text_element(&mut out, "      ", "title", &article.meta.title);
        text_element(&mut out, "      ", "link", &url);
        text_element(&mut out, "      ", "guid isPermaLink=\"true\"", &url);
        if let Some(date) = rfc2822(&article.meta.date.start) {
            text_element(&mut out, "      ", "pubDate", &date);
        }
        // RSS readers take <description> as HTML: the plain-text summary is escaped for HTML first.
        text_element(&mut out, "      ", "description", &xml_escape(&article.summary));
        text_element(&mut out, "      ", "content:encoded", &absolute_body(config, article));
        for topic in article.topics.iter().filter_map(|&t| site.topics.get(t)) {
            out.push_str(&format!(
                "      <category domain=\"{}\">{}</category>\n",
                xml_escape(&topics_domain),
                xml_escape(&topic.meta.title)
            ));
        }
        for tag in article.tags.iter().filter_map(|&t| site.tags.get(t)) {
            out.push_str(&format!(
                "      <category domain=\"{}\">{}</category>\n",
                xml_escape(&tags_domain),
                xml_escape(&tag.name)
            ));
        }
        out.push_str("    </item>\n");
    }
    out.push_str("  </channel>\n</rss>\n");
    out.into_bytes()
}

// ---------------------------------------------------------------------------------------------
// JSON Feed

#[derive(Serialize)]
struct JsonFeed<'a> {
    version: &'static str,
    title: &'a str,
    home_page_url: String,
    feed_url: String,
    #[serde(skip_serializing_if = "str::is_empty")]
    description: &'a str,
    language: &'a str,
    authors: [JsonAuthor<'a>; 1],
    items: Vec<JsonItem<'a>>,
}

#[derive(Serialize)]
struct JsonAuthor<'a> {
    name: &'a str,
    url: String,
}

#[derive(Serialize)]
struct JsonItem<'a> {
    id: String,
    url: String,
    title: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    summary: &'a str,
    content_html: String,
    date_published: String,
    date_modified: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<&'a str>,
}

/// Pretty JSON with a final newline. The views are strings, numbers, lists and structs, which
/// always serialise; should that ever fail, the file is an empty object rather than a panic.
fn to_json<T: Serialize>(value: &T) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).unwrap_or_else(|_| b"{}".to_vec());
    bytes.push(b'\n');
    bytes
}

/// The site's JSON Feed 1.1 of `entries`.
fn json_feed(site: &Site, entries: &[usize]) -> Vec<u8> {
    let config = &site.config;
    let items = entries
        .iter()
        .filter_map(|&i| site.articles.get(i))
        .map(|article| {
            let url = config.base_url.absolute(&article.permalink);
            let mut tags: Vec<&str> = Vec::new();
            let names = article
                .topics
                .iter()
                .filter_map(|&t| site.topics.get(t))
                .map(|t| t.meta.title.as_str())
                .chain(
                    article
                        .tags
                        .iter()
                        .filter_map(|&t| site.tags.get(t))
                        .map(|t| t.name.as_str()),
                );
            for name in names {
                if !tags.contains(&name) {
                    tags.push(name);
                }
            }
            JsonItem {
                id: url.clone(),
                url,
                title: &article.meta.title,
                summary: &article.summary,
                content_html: absolute_body(config, article),
                date_published: dates::rfc3339(&article.meta.date.start),
                date_modified: dates::rfc3339(modified(article)),
                tags,
            }
        })
        .collect();
    to_json(&JsonFeed {
        version: JSON_FEED_VERSION,
        title: &config.title,
        home_page_url: config.base_url.absolute(""),
        feed_url: config.base_url.absolute(JSON_FEED_PATH),
        description: &config.description,
        language: &config.language,
        authors: [JsonAuthor {
            name: &config.title,
            url: config.base_url.absolute(""),
        }],
        items,
    })
}

// ---------------------------------------------------------------------------------------------
// TimelineJS

#[derive(Serialize)]
struct TimelineJs {
    title: TlTitle,
    events: Vec<TlEvent>,
}

#[derive(Serialize)]
struct TlTitle {
    text: TlText,
}

#[derive(Serialize)]
struct TlText {
    headline: String,
    text: String,
}

/// An event. TimelineJS puts `text`, `display_date` and `group` into the page as HTML.
#[derive(Serialize)]
struct TlEvent {
    start_date: TlDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_date: Option<TlDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    display_date: Option<String>,
    text: TlText,
    unique_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    background: Option<TlBackground>,
}

/// A TimelineJS date: only the fields the date's precision gives.
#[derive(Serialize, Debug, PartialEq, Eq)]
struct TlDate {
    year: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    month: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    day: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hour: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    minute: Option<String>,
}

#[derive(Serialize)]
struct TlBackground {
    color: &'static str,
}

impl From<&DateValue> for TlDate {
    fn from(date: &DateValue) -> Self {
        let zoned = &date.start;
        let at = |precision: Precision, value: i8| (date.precision >= precision).then(|| value.to_string());
        TlDate {
            year: zoned.year().to_string(),
            month: at(Precision::Month, zoned.month()),
            day: at(Precision::Day, zoned.day()),
            hour: at(Precision::Time, zoned.hour()),
            minute: at(Precision::Time, zoned.minute()),
        }
    }
}

/// `<p>text</p>` with the text escaped, or nothing for no text.
fn paragraph(text: &str) -> String {
    if text.trim().is_empty() {
        String::new()
    } else {
        format!("<p>{}</p>", xml_escape(text.trim()))
    }
}

/// A topic's timeline in TimelineJS3's JSON format, one event per article in timeline order.
fn timeline_js(site: &Site, topic: &Topic) -> Vec<u8> {
    let config = &site.config;
    let mut used: BTreeSet<String> = BTreeSet::new();
    let events = topic
        .timeline
        .entries
        .iter()
        .filter_map(|&i| site.articles.get(i))
        .map(|article| {
            let url = config.base_url.absolute(&article.permalink);
            // TimelineJS uses unique_id as the slide's HTML id: slugs repeat across years, ids may not.
            let mut unique_id = article.meta.slug.clone();
            let mut n = 2;
            while used.contains(&unique_id) {
                unique_id = format!("{}-{n}", article.meta.slug);
                n += 1;
            }
            used.insert(unique_id.clone());
            TlEvent {
                start_date: TlDate::from(&article.meta.event_date),
                end_date: article.meta.event_end.as_ref().map(TlDate::from),
                display_date: article.meta.display_date.as_deref().map(xml_escape),
                text: TlText {
                    headline: format!(
                        "<a href=\"{}\">{}</a>",
                        xml_escape(&url),
                        xml_escape(&article.meta.title)
                    ),
                    text: paragraph(&article.summary),
                },
                unique_id,
                group: article
                    .topics
                    .first()
                    .and_then(|&t| site.topics.get(t))
                    .map(|t| xml_escape(&t.meta.title)),
                background: article.meta.key.then_some(TlBackground { color: KEY_EVENT_COLOR }),
            }
        })
        .collect();
    to_json(&TimelineJs {
        title: TlTitle {
            text: TlText {
                headline: xml_escape(&topic.meta.title),
                text: paragraph(&topic_summary(topic)),
            },
        },
        events,
    })
}

// ---------------------------------------------------------------------------------------------
// Sitemap, robots.txt, _redirects

/// Every HTML page of the site (not alias redirects, not the 404 page), with its last change.
fn sitemap(site: &Site) -> Vec<u8> {
    let config = &site.config;
    let newest = latest(site, 0..site.articles.len());
    let mut pages: Vec<(String, Option<&ZonedDateTime>)> = vec![(String::new(), newest)];
    for article in &site.articles {
        pages.push((article.permalink.clone(), Some(modified(article))));
    }
    pages.push(("topics/".to_string(), newest));
    for topic in &site.topics {
        pages.push((topic.permalink(), latest(site, topic.timeline.entries.iter().copied())));
    }
    pages.push(("tags/".to_string(), newest));
    for tag in &site.tags {
        pages.push((tag.permalink(), latest(site, tag.articles.iter().copied())));
    }
    pages.push(("archive/".to_string(), newest));
    for month in &site.archive {
        pages.push((month.permalink(), latest(site, month.articles.iter().copied())));
    }
    pages.push(("search/".to_string(), newest));

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

fn robots(config: &Config) -> Vec<u8> {
    format!(
        "User-agent: *\nAllow: /\nSitemap: {}\n",
        config.base_url.absolute(SITEMAP_PATH)
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
fn redirects(site: &Site) -> Vec<u8> {
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

// ---------------------------------------------------------------------------------------------
// Absolute URLs in HTML

/// Attributes whose value is a single URL.
const URL_ATTRIBUTES: &[&str] = &["href", "src", "poster"];
/// Elements whose content is raw text, where `<` starts no tag.
const RAW_TEXT_ELEMENTS: &[&str] = &["script", "style", "textarea", "title", "xmp"];

/// Rewrites relative and root-relative URLs in `href`, `src` and `poster` attributes of `html` to
/// absolute URLs: relative ones against the page at root-relative `page_path` (`/briefings/2024/06/x/`),
/// root-relative ones against `origin` (`https://example.org`). Everything else is left as written.
pub fn absolutize_html(html: &str, origin: &str, page_path: &str) -> String {
    let bytes = html.as_bytes();
    let len = bytes.len();
    let mut out = String::with_capacity(len + len / 16);
    let mut copied = 0;
    let mut i = 0;
    while let Some(offset) = html[i..].find('<') {
        let start = i + offset;
        if html[start..].starts_with("<!--") {
            i = html[start + 4..].find("-->").map_or(len, |end| start + 4 + end + 3);
            continue;
        }
        if !bytes.get(start + 1).is_some_and(u8::is_ascii_alphabetic) {
            i = start + 1;
            continue;
        }
        let mut j = start + 1;
        while j < len && !is_html_space(bytes[j]) && bytes[j] != b'>' && bytes[j] != b'/' {
            j += 1;
        }
        let tag = html[start + 1..j].to_ascii_lowercase();
        // Attributes, up to the end of the tag.
        loop {
            while j < len && (is_html_space(bytes[j]) || bytes[j] == b'/') {
                j += 1;
            }
            if j >= len {
                break;
            }
            if bytes[j] == b'>' {
                j += 1;
                break;
            }
            let name_start = j;
            j += 1; // A name may start with `=`.
            while j < len && !is_html_space(bytes[j]) && !matches!(bytes[j], b'/' | b'>' | b'=') {
                j += 1;
            }
            let name = &html[name_start..j];
            let mut k = j;
            while k < len && is_html_space(bytes[k]) {
                k += 1;
            }
            if k >= len || bytes[k] != b'=' {
                j = k;
                continue;
            }
            k += 1;
            while k < len && is_html_space(bytes[k]) {
                k += 1;
            }
            let value_start = k;
            let (value, value_end) = match bytes.get(k) {
                Some(&quote @ (b'"' | b'\'')) => match html[k + 1..].find(quote as char) {
                    Some(end) => (&html[k + 1..k + 1 + end], k + 2 + end),
                    None => {
                        // An unterminated value runs to the end: nothing more to rewrite.
                        j = len;
                        break;
                    }
                },
                _ => {
                    let mut end = k;
                    while end < len && !is_html_space(bytes[end]) && bytes[end] != b'>' {
                        end += 1;
                    }
                    (&html[k..end], end)
                }
            };
            j = value_end;
            if !URL_ATTRIBUTES.iter().any(|a| a.eq_ignore_ascii_case(name)) {
                continue;
            }
            if let Some(absolute) = decode_attribute(value).and_then(|url| resolve_url(&url, origin, page_path)) {
                out.push_str(&html[copied..value_start]);
                out.push('"');
                xml_escape_into(&mut out, &absolute);
                out.push('"');
                copied = value_end;
            }
        }
        i = j.min(len);
        if RAW_TEXT_ELEMENTS.contains(&tag.as_str()) {
            i = find_end_tag(html, i, &tag);
        }
    }
    out.push_str(&html[copied..]);
    out
}

fn is_html_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// Where the end tag `</tag` of a raw-text element starts, at or after `from`; the end if none.
fn find_end_tag(html: &str, from: usize, tag: &str) -> usize {
    let mut at = from;
    while let Some(offset) = html[at..].find("</") {
        let start = at + offset;
        let name = html.get(start + 2..start + 2 + tag.len());
        if name.is_some_and(|n| n.eq_ignore_ascii_case(tag)) {
            return start;
        }
        at = start + 2;
    }
    html.len()
}

/// Decodes the character references of an attribute value. `None` for a named reference beyond
/// the five XML ones, so a value is only rewritten when its meaning is certain.
fn decode_attribute(value: &str) -> Option<String> {
    if !value.contains('&') {
        return Some(value.to_string());
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.find(';') else {
            out.push_str(rest);
            return Some(out);
        };
        let name = &rest[1..semi];
        let decoded = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => match name.strip_prefix('#') {
                Some(number) => {
                    let code = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => number.parse::<u32>().ok(),
                    };
                    Some(code.and_then(char::from_u32)?)
                }
                None if name.chars().all(|c| c.is_ascii_alphanumeric()) && !name.is_empty() => return None,
                None => {
                    // A bare `&` followed by other text: keep it as written.
                    out.push('&');
                    rest = &rest[1..];
                    continue;
                }
            },
        };
        if let Some(c) = decoded {
            out.push(c);
        }
        rest = &rest[semi + 1..];
    }
    out.push_str(rest);
    Some(out)
}

/// Resolves `reference` (RFC 3986 §5.2) against the page at root-relative `page_path` on `origin`.
/// `None` when it is already absolute (it has a scheme) and needs no change.
pub fn resolve_url(reference: &str, origin: &str, page_path: &str) -> Option<String> {
    let reference = reference.trim_matches(|c: char| c.is_ascii_whitespace());
    if has_scheme(reference) {
        return None;
    }
    if let Some(rest) = reference.strip_prefix("//") {
        let scheme = origin.split_once("://").map_or("https", |(scheme, _)| scheme);
        return Some(format!("{scheme}://{rest}"));
    }
    let suffix_at = reference.find(['?', '#']).unwrap_or(reference.len());
    let (path, suffix) = reference.split_at(suffix_at);
    let resolved = if path.starts_with('/') {
        remove_dot_segments(path)
    } else if path.is_empty() {
        // `#id`, `?q` or nothing: this page.
        page_path.to_string()
    } else {
        let directory = page_path.rfind('/').map_or("/", |slash| &page_path[..=slash]);
        remove_dot_segments(&format!("{directory}{path}"))
    };
    Some(format!("{origin}{resolved}{suffix}"))
}

/// Whether a URL starts with a scheme (`https:`, `mailto:`, `data:`).
fn has_scheme(url: &str) -> bool {
    let Some(colon) = url.find(':') else { return false };
    let scheme = &url[..colon];
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Removes `.` and `..` segments from an absolute path (RFC 3986 §5.2.4).
fn remove_dot_segments(path: &str) -> String {
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    let mut out: Vec<&str> = Vec::with_capacity(segments.len());
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *segment {
            "." => {}
            ".." => {
                out.pop();
            }
            other => {
                out.push(other);
                continue;
            }
        }
        if last {
            out.push("");
        }
    }
    format!("/{}", out.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every output at once, in order.
    fn outputs(site: &Site) -> Vec<(String, Vec<u8>)> {
        let mut out = Vec::new();
        super::outputs(site, &mut |path, bytes| out.push((path, bytes)));
        out
    }

    use jiff::Timestamp;
    use jiff::tz::TimeZone;

    use crate::core::slug::slugify;
    use crate::core::urls;
    use crate::parse::frontmatter;
    use crate::parse::markdown::{self, MarkdownOptions};
    use crate::site::{self, ParsedArticle, ParsedTopic, Selection};
    use crate::source::load::SourceFile;

    const HOSTILE: &str = "Putin & Kim <script>alert(\"x\")</script> ]]> 'pact'";
    const HOSTILE_SUMMARY: &str = "A <b>bold</b> & \"quoted\" summary ]]> with a \u{1} control";

    fn parse_article(path: &str, text: &str, tz: &TimeZone) -> ParsedArticle {
        let file = SourceFile::new(path, path, text);
        let split = frontmatter::split(&file.display, &file.text).expect("front matter splits");
        let parsed = frontmatter::parse_article(&file, &split, tz);
        let meta = parsed
            .value
            .unwrap_or_else(|| panic!("{path}: {:?}", parsed.diagnostics));
        ParsedArticle {
            source: file.path.clone(),
            display: file.display.clone(),
            // `build` below puts the site's own pattern in.
            permalink: String::new(),
            meta: meta.into(),
            body: markdown::render(split.body, MarkdownOptions::default()).into(),
            body_line: split.body_line,
        }
    }

    fn parse_topic(path: &str, text: &str) -> ParsedTopic {
        let file = SourceFile::new(path, path, text);
        let split = frontmatter::split(&file.display, &file.text).expect("front matter splits");
        let parsed = frontmatter::parse_topic(&file, &split);
        let meta = parsed
            .value
            .unwrap_or_else(|| panic!("{path}: {:?}", parsed.diagnostics));
        ParsedTopic {
            source: file.path.clone(),
            display: file.display.clone(),
            slug: slugify(&file.slug_stem()),
            meta,
            body: markdown::render(split.body, MarkdownOptions::default()),
        }
    }

    fn build(config: Config, articles: &[(&str, &str)], topics: &[(&str, &str)]) -> Site {
        let tz = config.timezone.clone();
        let articles = articles
            .iter()
            .map(|(path, text)| {
                let mut article = parse_article(path, text, &tz);
                article.permalink =
                    urls::permalink(&config.permalink, article.meta.date.start.date(), &article.meta.slug);
                article
            })
            .collect();
        let topics = topics.iter().map(|(path, text)| parse_topic(path, text)).collect();
        let selection = Selection {
            drafts: true,
            future: true,
            now: Timestamp::UNIX_EPOCH,
        };
        let checked = site::assemble(config, articles, topics, selection);
        let diagnostics = checked.diagnostics;
        checked
            .value
            .unwrap_or_else(|| panic!("the site builds: {diagnostics:?}"))
    }

    fn config(base_url: &str) -> Config {
        let mut config = Config::with_defaults("Desk <&> \"Briefings\"", base_url);
        config.description = "News & <views>".to_string();
        config.timezone = TimeZone::get("Asia/Seoul").expect("bundled tzdb");
        config.timezone_name = "Asia/Seoul".to_string();
        config
    }

    const PACT: &str = r#"---
title: "Putin & Kim <script>alert(\"x\")</script> ]]> 'pact'"
date: 2024-06-21T09:30:00+09:00
event_date: 2024-06-19
summary: "A <b>bold</b> & \"quoted\" summary ]]> with a \x01 control"
topics: [korea, ukraine]
tags: [Kim Jong Un, "A&B <i>"]
key: true
updated: 2024-06-22
slug: putin-kim
aliases: [/2024/06/old-url/, /old.html]
---
See [the map](map.png), [about](/about/), [sources](#sources), [elsewhere](https://x.org/a?b=1&c=2),
[up](../../05/other/) and [mail](mailto:desk@example.org).

![photo](./img/a.png "A <photo>")

<a href='raw/?q=1&amp;r=2' class=x>raw</a> <img src=plain.png alt="x">

```html
<a href="not-a-link">code</a>
```
"#;

    const YEAR: &str = "---\ntitle: Year only\ndate: 2024-01-05\nevent_date: \"2000\"\nsummary: Long ago.\ntopics: [korea]\n---\nBody.\n";
    const MONTH: &str = "---\ntitle: A month\ndate: 2024-03-01\nevent_date: 2001-07\nevent_end: 2001-09\ndisplay_date: Summer <2001>\ntopics: [korea]\ntags: [Kim Jong Un]\n---\nFirst paragraph.\n";
    const TIMED: &str =
        "---\ntitle: Timed\ndate: 2024-06-20\nevent_date: 2024-06-19 14:05\ntopics: [ukraine, korea]\n---\nBody.\n";

    fn sample_with(config: Config) -> Site {
        build(
            config,
            &[
                ("content/2024/06/pact.md", PACT),
                ("content/2000/year.md", YEAR),
                ("content/2001/month.md", MONTH),
                ("content/2024/06/timed.md", TIMED),
            ],
            &[
                (
                    "content/topics/korea.md",
                    "---\ntitle: Korea & <Friends>\nsummary: The <b>story</b> so far\n---\nBackground.\n",
                ),
                (
                    "content/topics/ukraine.md",
                    "---\ntitle: War in Ukraine\n---\nThe war so far.\n",
                ),
            ],
        )
    }

    fn sample() -> Site {
        sample_with(config("https://example.org/briefings/"))
    }

    fn file(outputs: &[(String, Vec<u8>)], path: &str) -> String {
        let (_, bytes) = outputs
            .iter()
            .find(|(p, _)| p == path)
            .unwrap_or_else(|| panic!("no {path}"));
        String::from_utf8(bytes.clone()).expect("UTF-8")
    }

    // A small XML well-formedness checker and tree, enough for feeds and sitemaps.

    #[derive(Debug)]
    struct Element {
        name: String,
        attrs: Vec<(String, String)>,
        children: Vec<Element>,
        text: String,
    }

    impl Element {
        fn child(&self, name: &str) -> &Element {
            self.children
                .iter()
                .find(|c| c.name == name)
                .unwrap_or_else(|| panic!("<{}> has no <{name}>", self.name))
        }

        fn all(&self, name: &str) -> Vec<&Element> {
            self.children.iter().filter(|c| c.name == name).collect()
        }

        fn has(&self, name: &str) -> bool {
            self.children.iter().any(|c| c.name == name)
        }

        fn attr(&self, name: &str) -> Option<&str> {
            self.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
        }
    }

    struct XmlParser<'a> {
        rest: &'a str,
    }

    fn parse_xml(text: &str) -> Result<Element, String> {
        if let Some(bad) = text.chars().find(|&c| xml_escape(&c.to_string()).is_empty()) {
            return Err(format!("character {:?} is not allowed in XML", bad));
        }
        let mut p = XmlParser { rest: text };
        if p.rest.starts_with("<?xml") {
            let end = p.rest.find("?>").ok_or("unterminated XML declaration")?;
            p.rest = &p.rest[end + 2..];
        }
        p.rest = p.rest.trim_start();
        let root = p.element()?;
        if !p.rest.trim().is_empty() {
            return Err(format!("text after the root element: {:?}", p.rest));
        }
        Ok(root)
    }

    fn decode(text: &str) -> Result<String, String> {
        let mut out = String::new();
        let mut rest = text;
        while let Some(amp) = rest.find('&') {
            out.push_str(&rest[..amp]);
            let semi = rest[amp..].find(';').ok_or_else(|| format!("a bare & in {text:?}"))?;
            let name = &rest[amp + 1..amp + semi];
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                _ => {
                    let code = match name.strip_prefix("#x") {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => name.strip_prefix('#').and_then(|d| d.parse().ok()),
                    };
                    code.and_then(char::from_u32)
                        .ok_or_else(|| format!("unknown entity &{name};"))?
                }
            };
            out.push(c);
            rest = &rest[amp + semi + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }

    impl XmlParser<'_> {
        fn name(&mut self) -> Result<String, String> {
            let end = self
                .rest
                .find(|c: char| c.is_whitespace() || matches!(c, '/' | '>' | '='))
                .unwrap_or(self.rest.len());
            let name = &self.rest[..end];
            if !name.starts_with(|c: char| c.is_alphabetic() || c == '_') {
                return Err(format!("bad name at {:?}", &self.rest[..self.rest.len().min(30)]));
            }
            self.rest = &self.rest[end..];
            Ok(name.to_string())
        }

        fn element(&mut self) -> Result<Element, String> {
            self.rest = self.rest.strip_prefix('<').ok_or("expected <")?;
            let name = self.name()?;
            let mut attrs: Vec<(String, String)> = Vec::new();
            loop {
                self.rest = self.rest.trim_start();
                if let Some(rest) = self.rest.strip_prefix("/>") {
                    self.rest = rest;
                    return Ok(Element {
                        name,
                        attrs,
                        children: Vec::new(),
                        text: String::new(),
                    });
                }
                if let Some(rest) = self.rest.strip_prefix('>') {
                    self.rest = rest;
                    break;
                }
                let attr = self.name()?;
                self.rest = self
                    .rest
                    .trim_start()
                    .strip_prefix('=')
                    .ok_or("expected =")?
                    .trim_start();
                let quote = self
                    .rest
                    .chars()
                    .next()
                    .filter(|c| *c == '"' || *c == '\'')
                    .ok_or("unquoted attribute")?;
                let end = self.rest[1..].find(quote).ok_or("unterminated attribute")?;
                let raw = &self.rest[1..1 + end];
                if raw.contains('<') {
                    return Err(format!("< in attribute {attr}"));
                }
                if attrs.iter().any(|(n, _)| *n == attr) {
                    return Err(format!("duplicate attribute {attr}"));
                }
                attrs.push((attr, decode(raw)?));
                self.rest = &self.rest[end + 2..];
            }
            let mut children = Vec::new();
            let mut text = String::new();
            loop {
                let lt = self.rest.find('<').ok_or_else(|| format!("<{name}> is not closed"))?;
                let raw = &self.rest[..lt];
                if raw.contains("]]>") {
                    return Err("]]> in text".to_string());
                }
                text.push_str(&decode(raw)?);
                self.rest = &self.rest[lt..];
                if let Some(rest) = self.rest.strip_prefix("</") {
                    self.rest = rest;
                    let close = self.name()?;
                    if close != name {
                        return Err(format!("<{name}> closed by </{close}>"));
                    }
                    self.rest = self
                        .rest
                        .trim_start()
                        .strip_prefix('>')
                        .ok_or("expected > after end tag")?;
                    return Ok(Element {
                        name,
                        attrs,
                        children,
                        text,
                    });
                }
                if let Some(rest) = self.rest.strip_prefix("<![CDATA[") {
                    let end = rest.find("]]>").ok_or("unterminated CDATA")?;
                    text.push_str(&rest[..end]);
                    self.rest = &rest[end + 3..];
                    continue;
                }
                if let Some(rest) = self.rest.strip_prefix("<!--") {
                    let end = rest.find("-->").ok_or("unterminated comment")?;
                    self.rest = &rest[end + 3..];
                    continue;
                }
                children.push(self.element()?);
            }
        }
    }

    #[test]
    fn the_checker_rejects_broken_xml() {
        for bad in [
            "<a>",
            "<a></b>",
            "<a>x & y</a>",
            "<a>]]></a>",
            "<a b=\"<\"/>",
            "<a>&nope;</a>",
            "<a/><b/>",
            "<a>\u{1}</a>",
        ] {
            assert!(parse_xml(bad).is_err(), "{bad:?} should not parse");
        }
        let ok = parse_xml("<?xml version=\"1.0\"?>\n<a x='1'><b>t &amp; u</b><!-- c --><c/></a>\n").unwrap();
        assert_eq!(ok.child("b").text, "t & u");
    }

    proptest::proptest! {
        /// The byte scanner does what escaping each character would.
        #[test]
        fn xml_escape_matches_a_char_by_char_escape(text in "(\\PC|[\\x00-\\x1f&<>\"'\u{fffe}\u{ffff}\u{fffd}])*") {
            let expected: String = text
                .chars()
                .filter_map(|c| match c {
                    '&' => Some("&amp;".to_string()),
                    '<' => Some("&lt;".to_string()),
                    '>' => Some("&gt;".to_string()),
                    '"' => Some("&quot;".to_string()),
                    '\'' => Some("&#39;".to_string()),
                    '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}' => {
                        Some(c.to_string())
                    }
                    _ => None,
                })
                .collect();
            proptest::prop_assert_eq!(xml_escape(&text), expected);
        }
    }

    #[test]
    fn xml_escape_escapes_and_drops_what_xml_cannot_hold() {
        assert_eq!(
            xml_escape("a & <b> \"c\" 'd' ]]>"),
            "a &amp; &lt;b&gt; &quot;c&quot; &#39;d&#39; ]]&gt;"
        );
        assert_eq!(xml_escape("tab\tnl\nnul\0bell\u{7}\u{FFFE}é🚀"), "tab\tnl\nnulbellé🚀");
    }

    #[test]
    fn outputs_lists_every_file_once_and_is_deterministic() {
        let site = sample();
        let first = outputs(&site);
        let paths: Vec<&str> = first.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            [
                "atom.xml",
                "rss.xml",
                "feed.json",
                "sitemap.xml",
                "robots.txt",
                "_redirects",
                "topics/korea/atom.xml",
                "topics/korea/timeline.json",
                "topics/ukraine/atom.xml",
                "topics/ukraine/timeline.json",
            ]
        );
        assert_eq!(first, outputs(&site));
        assert_eq!(
            first,
            outputs(&sample()),
            "a second build of the same input is byte-identical"
        );
    }

    #[test]
    fn atom_feed_is_well_formed_with_escaped_text() {
        let out = outputs(&sample());
        let text = file(&out, "atom.xml");
        let feed = parse_xml(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(feed.name, "feed");
        assert_eq!(feed.attr("xmlns"), Some(ATOM_NS));
        assert_eq!(feed.child("title").text, "Desk <&> \"Briefings\"");
        assert_eq!(feed.child("subtitle").text, "News & <views>");
        assert_eq!(feed.child("id").text, "https://example.org/briefings/");
        let links = feed.all("link");
        assert_eq!(links[0].attr("rel"), Some("self"));
        assert_eq!(links[0].attr("href"), Some("https://example.org/briefings/atom.xml"));
        assert_eq!(links[1].attr("rel"), Some("alternate"));
        assert_eq!(links[1].attr("href"), Some("https://example.org/briefings/"));
        assert_eq!(feed.child("author").child("name").text, "Desk <&> \"Briefings\"");
        assert!(feed.has("generator"));
        // Newest modification among the entries: the pact's `updated: 2024-06-22` (Seoul).
        assert_eq!(feed.child("updated").text, "2024-06-22T00:00:00+09:00");

        let entries = feed.all("entry");
        assert_eq!(entries.len(), 4);
        let titles: Vec<&str> = entries.iter().map(|e| e.child("title").text.as_str()).collect();
        assert_eq!(
            titles,
            [HOSTILE, "Timed", "A month", "Year only"],
            "newest publication first"
        );
        let pact = entries[0];
        assert_eq!(
            pact.child("id").text,
            "https://example.org/briefings/2024/06/putin-kim/"
        );
        assert_eq!(
            pact.child("link").attr("href"),
            Some("https://example.org/briefings/2024/06/putin-kim/")
        );
        assert_eq!(pact.child("published").text, "2024-06-21T09:30:00+09:00");
        assert_eq!(pact.child("updated").text, "2024-06-22T00:00:00+09:00");
        assert_eq!(pact.child("summary").text, HOSTILE_SUMMARY.replace('\u{1}', ""));
        let categories: Vec<(Option<&str>, Option<&str>, Option<&str>)> = pact
            .all("category")
            .iter()
            .map(|c| (c.attr("scheme"), c.attr("term"), c.attr("label")))
            .collect();
        let topics = Some("https://example.org/briefings/topics/");
        let tags = Some("https://example.org/briefings/tags/");
        assert_eq!(
            categories,
            [
                (topics, Some("korea"), Some("Korea & <Friends>")),
                (topics, Some("ukraine"), Some("War in Ukraine")),
                (tags, Some("a-b-i"), Some("A&B <i>")),
                (tags, Some("kim-jong-un"), Some("Kim Jong Un")),
            ]
        );
        // An entry without `updated` is updated when published.
        let timed = entries[1];
        assert_eq!(timed.child("published").text, timed.child("updated").text);
        assert!(!text.contains("<script>"));
    }

    #[test]
    fn feed_content_has_absolute_urls() {
        let out = outputs(&sample());
        let feed = parse_xml(&file(&out, "atom.xml")).unwrap();
        let content = feed.all("entry")[0].child("content");
        assert_eq!(content.attr("type"), Some("html"));
        let html = &content.text;
        let page = "https://example.org/briefings/2024/06/putin-kim/";
        for expected in [
            format!("href=\"{page}map.png\""),
            "href=\"https://example.org/about/\"".to_string(),
            format!("href=\"{page}#sources\""),
            "href=\"https://x.org/a?b=1&amp;c=2\"".to_string(),
            "href=\"https://example.org/briefings/2024/05/other/\"".to_string(),
            "href=\"mailto:desk@example.org\"".to_string(),
            format!("src=\"{page}img/a.png\""),
            format!("href=\"{page}raw/?q=1&amp;r=2\" class=x"),
            format!("src=\"{page}plain.png\" alt=\"x\""),
            "&lt;a href=\"not-a-link\"&gt;code".to_string(),
        ] {
            assert!(html.contains(&expected), "missing {expected}\n{html}");
        }
        let json: serde_json::Value = serde_json::from_str(&file(&out, "feed.json")).unwrap();
        assert_eq!(json["items"][0]["content_html"].as_str(), Some(html.as_str()));
    }

    #[test]
    fn resolving_urls() {
        let origin = "https://example.org";
        let page = "/briefings/2024/06/x/";
        let r = |reference: &str| resolve_url(reference, origin, page);
        assert_eq!(
            r("map.png").as_deref(),
            Some("https://example.org/briefings/2024/06/x/map.png")
        );
        assert_eq!(
            r("./a/../b/c").as_deref(),
            Some("https://example.org/briefings/2024/06/x/b/c")
        );
        assert_eq!(r("../../../../../../up").as_deref(), Some("https://example.org/up"));
        assert_eq!(r("..").as_deref(), Some("https://example.org/briefings/2024/06/"));
        assert_eq!(r("/about/./me/..").as_deref(), Some("https://example.org/about/"));
        assert_eq!(
            r("#top").as_deref(),
            Some("https://example.org/briefings/2024/06/x/#top")
        );
        assert_eq!(
            r("?page=2#a").as_deref(),
            Some("https://example.org/briefings/2024/06/x/?page=2#a")
        );
        assert_eq!(r("").as_deref(), Some("https://example.org/briefings/2024/06/x/"));
        assert_eq!(
            r("a?x=../y").as_deref(),
            Some("https://example.org/briefings/2024/06/x/a?x=../y")
        );
        assert_eq!(
            r("//cdn.example.net/a.js").as_deref(),
            Some("https://cdn.example.net/a.js")
        );
        for absolute in [
            "https://x.org/",
            "HTTP://X.ORG",
            "mailto:a@b.c",
            "data:image/png;base64,xx",
            "tel:+1",
        ] {
            assert_eq!(r(absolute), None, "{absolute}");
        }
        assert_eq!(
            resolve_url("x.html", origin, "/old.html").as_deref(),
            Some("https://example.org/x.html")
        );
    }

    #[test]
    fn absolutizing_html_leaves_everything_else_alone() {
        let origin = "https://e.org";
        let page = "/a/";
        let a = |html: &str| absolutize_html(html, origin, page);
        assert_eq!(a("<p>no links</p>"), "<p>no links</p>");
        assert_eq!(a("<a href=\"x\">x</a>"), "<a href=\"https://e.org/a/x\">x</a>");
        assert_eq!(
            a("<A HREF = 'x' TITLE='a href=y'>"),
            "<A HREF = \"https://e.org/a/x\" TITLE='a href=y'>"
        );
        assert_eq!(
            a("<img data-src=\"x\" src=y>"),
            "<img data-src=\"x\" src=\"https://e.org/a/y\">"
        );
        assert_eq!(
            a("<a href=\"x?a=1&amp;b=2\">"),
            "<a href=\"https://e.org/a/x?a=1&amp;b=2\">"
        );
        assert_eq!(a("<a href=\"it&#x27;s\">"), "<a href=\"https://e.org/a/it&#39;s\">");
        // A named reference it cannot be sure of, a comment, a raw-text element, a `<` that starts no tag.
        assert_eq!(a("<a href=\"&eacute;\">"), "<a href=\"&eacute;\">");
        assert_eq!(a("<!-- <a href=\"x\"> -->"), "<!-- <a href=\"x\"> -->");
        assert_eq!(
            a("<script>var s = '<a href=\"x\">';</script><a href=y>"),
            "<script>var s = '<a href=\"x\">';</script><a href=\"https://e.org/a/y\">"
        );
        assert_eq!(a("1 < 2 <a href=b>"), "1 < 2 <a href=\"https://e.org/a/b\">");
        // Broken markup is copied as it is.
        assert_eq!(a("<a href=\"x"), "<a href=\"x");
        assert_eq!(a("<a href"), "<a href");
        assert_eq!(a("<a href="), "<a href=\"https://e.org/a/\"");
        assert_eq!(a("<"), "<");
        assert_eq!(
            a("<p>é <a href=ü>ü</a></p>"),
            "<p>é <a href=\"https://e.org/a/ü\">ü</a></p>"
        );
    }

    #[test]
    fn rss_feed_is_well_formed_with_escaped_text() {
        let out = outputs(&sample());
        let text = file(&out, "rss.xml");
        let rss = parse_xml(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(rss.name, "rss");
        assert_eq!(rss.attr("version"), Some("2.0"));
        let channel = rss.child("channel");
        assert_eq!(channel.child("title").text, "Desk <&> \"Briefings\"");
        assert_eq!(channel.child("link").text, "https://example.org/briefings/");
        assert_eq!(channel.child("description").text, "News & <views>");
        assert_eq!(channel.child("lastBuildDate").text, "Sat, 22 Jun 2024 00:00:00 +0900");
        let self_link = channel.child("atom:link");
        assert_eq!(self_link.attr("href"), Some("https://example.org/briefings/rss.xml"));
        assert_eq!(self_link.attr("rel"), Some("self"));
        let items = channel.all("item");
        assert_eq!(items.len(), 4);
        let pact = items[0];
        assert_eq!(pact.child("title").text, HOSTILE);
        let guid = pact.child("guid");
        assert_eq!(guid.attr("isPermaLink"), Some("true"));
        assert_eq!(guid.text, "https://example.org/briefings/2024/06/putin-kim/");
        assert_eq!(pact.child("link").text, guid.text);
        assert_eq!(pact.child("pubDate").text, "Fri, 21 Jun 2024 09:30:00 +0900");
        // <description> is HTML: the summary shows as the text it is.
        assert_eq!(pact.child("description").text, xml_escape(HOSTILE_SUMMARY));
        assert!(
            pact.child("content:encoded")
                .text
                .contains("<a href=\"https://example.org/about/\">about</a>")
        );
        let categories: Vec<(&str, Option<&str>)> = pact
            .all("category")
            .iter()
            .map(|c| (c.text.as_str(), c.attr("domain")))
            .collect();
        assert_eq!(
            categories[0],
            ("Korea & <Friends>", Some("https://example.org/briefings/topics/"))
        );
        assert_eq!(categories[2], ("A&B <i>", Some("https://example.org/briefings/tags/")));
        assert!(!text.contains("<script>"));
    }

    #[test]
    fn json_feed_has_the_fields_of_json_feed_1_1() {
        let out = outputs(&sample());
        let json: serde_json::Value = serde_json::from_str(&file(&out, "feed.json")).expect("valid JSON");
        assert_eq!(json["version"], "https://jsonfeed.org/version/1.1");
        assert_eq!(json["title"], "Desk <&> \"Briefings\"");
        assert_eq!(json["home_page_url"], "https://example.org/briefings/");
        assert_eq!(json["feed_url"], "https://example.org/briefings/feed.json");
        assert_eq!(json["description"], "News & <views>");
        assert_eq!(json["language"], "en");
        assert_eq!(json["authors"][0]["name"], "Desk <&> \"Briefings\"");
        let items = json["items"].as_array().expect("items");
        assert_eq!(items.len(), 4);
        let pact = &items[0];
        assert_eq!(pact["id"], "https://example.org/briefings/2024/06/putin-kim/");
        assert_eq!(pact["url"], pact["id"]);
        assert_eq!(pact["title"], HOSTILE);
        assert_eq!(pact["summary"], HOSTILE_SUMMARY);
        assert_eq!(pact["date_published"], "2024-06-21T09:30:00+09:00");
        assert_eq!(pact["date_modified"], "2024-06-22T00:00:00+09:00");
        assert_eq!(
            pact["tags"],
            serde_json::json!(["Korea & <Friends>", "War in Ukraine", "A&B <i>", "Kim Jong Un"])
        );
        assert!(
            pact["content_html"]
                .as_str()
                .is_some_and(|h| h.contains("<p>See <a href="))
        );
        // `summary:` absent: the first paragraph.
        assert_eq!(items[2]["summary"], "First paragraph.");
    }

    fn timeline(out: &[(String, Vec<u8>)], slug: &str) -> serde_json::Value {
        serde_json::from_str(&file(out, &topic_timeline_path(slug))).expect("valid JSON")
    }

    #[test]
    fn timeline_js_export() {
        let out = outputs(&sample());
        let json = timeline(&out, "korea");
        assert_eq!(json["title"]["text"]["headline"], "Korea &amp; &lt;Friends&gt;");
        assert_eq!(
            json["title"]["text"]["text"],
            "<p>The &lt;b&gt;story&lt;/b&gt; so far</p>"
        );
        let events = json["events"].as_array().expect("events");
        let ids: Vec<&str> = events.iter().filter_map(|e| e["unique_id"].as_str()).collect();
        assert_eq!(ids, ["year", "month", "putin-kim", "timed"], "event order");

        let year = &events[0];
        assert_eq!(year["start_date"], serde_json::json!({"year": "2000"}));
        assert!(
            year.get("end_date").is_none() && year.get("display_date").is_none() && year.get("background").is_none()
        );
        assert_eq!(year["group"], "Korea &amp; &lt;Friends&gt;");

        let month = &events[1];
        assert_eq!(month["start_date"], serde_json::json!({"year": "2001", "month": "7"}));
        assert_eq!(month["end_date"], serde_json::json!({"year": "2001", "month": "9"}));
        assert_eq!(month["display_date"], "Summer &lt;2001&gt;");

        let pact = &events[2];
        assert_eq!(
            pact["start_date"],
            serde_json::json!({"year": "2024", "month": "6", "day": "19"})
        );
        assert_eq!(
            pact["text"]["headline"],
            "<a href=\"https://example.org/briefings/2024/06/putin-kim/\">Putin &amp; Kim &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; ]]&gt; &#39;pact&#39;</a>"
        );
        assert_eq!(
            pact["text"]["text"],
            "<p>A &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot; summary ]]&gt; with a  control</p>"
        );
        assert_eq!(pact["background"]["color"], KEY_EVENT_COLOR);
        assert_eq!(pact["group"], "Korea &amp; &lt;Friends&gt;");

        let timed = &events[3];
        assert_eq!(
            timed["start_date"],
            serde_json::json!({"year": "2024", "month": "6", "day": "19", "hour": "14", "minute": "5"})
        );
        assert_eq!(timed["group"], "War in Ukraine", "the primary topic");
        assert!(timed.get("background").is_none());
    }

    #[test]
    fn timeline_ids_stay_unique() {
        let a = "---\ntitle: A\ndate: 2023-01-01\nslug: same\ntopics: [t]\n---\n";
        let b = "---\ntitle: B\ndate: 2024-01-01\nslug: same\ntopics: [t]\n---\n";
        let c = "---\ntitle: C\ndate: 2024-02-01\nslug: same-2\ntopics: [t]\n---\n";
        let site = build(
            config("https://example.org/"),
            &[("content/a.md", a), ("content/b.md", b), ("content/c.md", c)],
            &[("content/topics/t.md", "---\ntitle: T\n---\n")],
        );
        let json = timeline(&outputs(&site), "t");
        let ids: Vec<&str> = json["events"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|e| e["unique_id"].as_str())
            .collect();
        assert_eq!(ids, ["same", "same-2", "same-2-2"]);
    }

    #[test]
    fn topic_feeds_hold_their_articles_newest_first() {
        let mut config = config("https://example.org/briefings/");
        config.feed_entries = 2;
        let out = outputs(&sample_with(config));
        let feed = parse_xml(&file(&out, "topics/korea/atom.xml")).unwrap();
        assert_eq!(feed.child("title").text, "Korea & <Friends> — Desk <&> \"Briefings\"");
        assert_eq!(feed.child("subtitle").text, "The <b>story</b> so far");
        assert_eq!(feed.child("id").text, "https://example.org/briefings/topics/korea/");
        assert_eq!(
            feed.all("link")[0].attr("href"),
            Some("https://example.org/briefings/topics/korea/atom.xml")
        );
        let titles: Vec<&str> = feed
            .all("entry")
            .iter()
            .map(|e| e.child("title").text.as_str())
            .collect();
        assert_eq!(titles, [HOSTILE, "Timed"]);
        let ukraine = parse_xml(&file(&out, "topics/ukraine/atom.xml")).unwrap();
        assert_eq!(
            ukraine.child("subtitle").text,
            "The war so far.",
            "the background's first paragraph"
        );
        assert_eq!(ukraine.all("entry").len(), 2);
        let site_feed = parse_xml(&file(&out, "atom.xml")).unwrap();
        assert_eq!(site_feed.all("entry").len(), 2, "feeds.entries limits the site feed");
        let json: serde_json::Value = serde_json::from_str(&file(&out, "feed.json")).unwrap();
        assert_eq!(json["items"].as_array().map(Vec::len), Some(2));
        let rss = parse_xml(&file(&out, "rss.xml")).unwrap();
        assert_eq!(rss.child("channel").all("item").len(), 2);
    }

    #[test]
    fn sitemap_lists_each_page_once() {
        let site = sample();
        let out = outputs(&site);
        let text = file(&out, "sitemap.xml");
        let urlset = parse_xml(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(urlset.attr("xmlns"), Some(SITEMAP_NS));
        let locs: Vec<&str> = urlset.all("url").iter().map(|u| u.child("loc").text.as_str()).collect();
        let base = "https://example.org/briefings/";
        let expected: Vec<String> = [
            "",
            "2024/06/putin-kim/",
            "2024/06/timed/",
            "2024/03/month/",
            "2024/01/year/",
            "topics/",
            "topics/korea/",
            "topics/ukraine/",
            "tags/",
            "tags/a-b-i/",
            "tags/kim-jong-un/",
            "archive/",
            "archive/2024/06/",
            "archive/2024/03/",
            "archive/2024/01/",
            "search/",
        ]
        .iter()
        .map(|p| format!("{base}{p}"))
        .collect();
        assert_eq!(locs, expected);
        let unique: BTreeSet<&str> = locs.iter().copied().collect();
        assert_eq!(unique.len(), locs.len());
        assert!(
            !locs.iter().any(|l| l.contains("old") || l.contains("404")),
            "no aliases, no 404"
        );

        let lastmod = |loc: &str| {
            urlset
                .all("url")
                .iter()
                .find(|u| u.child("loc").text == loc)
                .map(|u| u.child("lastmod").text.clone())
        };
        let newest = Some("2024-06-22T00:00:00+09:00".to_string());
        assert_eq!(lastmod(base), newest);
        assert_eq!(lastmod(&format!("{base}2024/06/putin-kim/")), newest);
        assert_eq!(
            lastmod(&format!("{base}2024/01/year/")).as_deref(),
            Some("2024-01-05T00:00:00+09:00")
        );
        assert_eq!(lastmod(&format!("{base}topics/korea/")), newest);
        assert_eq!(lastmod(&format!("{base}tags/kim-jong-un/")), newest);
        assert_eq!(
            lastmod(&format!("{base}archive/2024/03/")).as_deref(),
            Some("2024-03-01T00:00:00+09:00")
        );
    }

    #[test]
    fn paths_name_exactly_the_outputs() {
        let site = sample();
        let made: Vec<String> = outputs(&site).into_iter().map(|(path, _)| path).collect();
        assert_eq!(paths(&site), made);
    }

    #[test]
    fn robots_names_the_sitemap() {
        let out = outputs(&sample());
        assert_eq!(
            file(&out, "robots.txt"),
            "User-agent: *\nAllow: /\nSitemap: https://example.org/briefings/sitemap.xml\n"
        );
    }

    #[test]
    fn redirects_list_every_alias_sorted() {
        let out = outputs(&sample());
        assert_eq!(
            file(&out, "_redirects"),
            "/briefings/2024/06/old-url/ /briefings/2024/06/putin-kim/ 301\n/briefings/old.html /briefings/2024/06/putin-kim/ 301\n"
        );
        assert_eq!(redirect_path("/a b/\tc\u{a0}/é/"), "/a%20b/%09c%C2%A0/é/");
    }

    #[test]
    fn an_empty_site_still_has_valid_outputs() {
        let site = build(config("https://example.org/"), &[], &[]);
        let out = outputs(&site);
        let atom = parse_xml(&file(&out, "atom.xml")).unwrap();
        assert_eq!(atom.child("updated").text, NO_ENTRIES_UPDATED);
        assert!(atom.all("entry").is_empty());
        let rss = parse_xml(&file(&out, "rss.xml")).unwrap();
        assert!(!rss.child("channel").has("lastBuildDate"));
        let json: serde_json::Value = serde_json::from_str(&file(&out, "feed.json")).unwrap();
        assert_eq!(json["items"], serde_json::json!([]));
        let sitemap = parse_xml(&file(&out, "sitemap.xml")).unwrap();
        let locs: Vec<&str> = sitemap
            .all("url")
            .iter()
            .map(|u| u.child("loc").text.as_str())
            .collect();
        assert_eq!(
            locs,
            [
                "https://example.org/",
                "https://example.org/topics/",
                "https://example.org/tags/",
                "https://example.org/archive/",
                "https://example.org/search/"
            ]
        );
        assert!(!sitemap.all("url")[0].has("lastmod"));
        assert_eq!(file(&out, "_redirects"), "");
    }

    #[test]
    fn root_sites_resolve_root_relative_links_to_the_host() {
        let site = sample_with(config("http://localhost:1111/"));
        let out = outputs(&site);
        let feed = parse_xml(&file(&out, "atom.xml")).unwrap();
        let html = &feed.all("entry")[0].child("content").text;
        assert!(html.contains("href=\"http://localhost:1111/about/\""), "{html}");
        assert!(
            html.contains("href=\"http://localhost:1111/2024/06/putin-kim/map.png\""),
            "{html}"
        );
        assert!(file(&out, "_redirects").starts_with("/2024/06/old-url/ /2024/06/putin-kim/ 301\n"));
    }
}
