//! Publish: the site's machine-readable outputs, made from the `Site` as bytes: the Atom, RSS and
//! JSON feeds, each topic's Atom feed and TimelineJS export, the sitemap, robots.txt and the
//! static host's `_redirects`. Pure and deterministic: no I/O, no clock, no hash-map order.

pub mod absolute;
pub mod search;

pub use absolute::AbsoluteBodies;

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
    outputs_with(&AbsoluteBodies::new(site), emit);
}

/// `outputs` of the site `bodies` belongs to, its feeds taking their article bodies from
/// `bodies` (which can then tell how many bodies were made).
pub fn outputs_with(bodies: &AbsoluteBodies<'_>, emit: &mut dyn FnMut(String, Vec<u8>)) {
    let site = bodies.site();
    let config = &site.config;
    let newest: Vec<usize> = (0..site.articles.len()).take(config.feed_entries).collect();
    let site_feed = FeedInfo {
        title: config.title.clone(),
        subtitle: config.description.clone(),
        alternate: config.absolute_url(""),
        self_url: config.absolute_url(ATOM_PATH),
    };
    emit(ATOM_PATH.to_string(), atom(site, bodies, &site_feed, &newest));
    emit(RSS_PATH.to_string(), rss(site, bodies, &newest));
    emit(JSON_FEED_PATH.to_string(), json_feed(site, bodies, &newest));
    emit(SITEMAP_PATH.to_string(), sitemap(site));
    emit(ROBOTS_PATH.to_string(), robots(config));
    emit(REDIRECTS_PATH.to_string(), redirects(site));
    for topic in &site.topics {
        let feed = FeedInfo {
            title: format!("{} — {}", topic.meta.title, config.title),
            subtitle: topic_summary(topic),
            alternate: config.absolute_url(&topic.permalink()),
            self_url: config.absolute_url(&topic_feed_path(&topic.slug)),
        };
        // Article indices follow the site's newest-publication-first order.
        let mut entries = topic.timeline.entries.clone();
        entries.sort_unstable();
        entries.dedup();
        entries.truncate(config.feed_entries);
        emit(topic_feed_path(&topic.slug), atom(site, bodies, &feed, &entries));
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
fn atom(site: &Site, bodies: &AbsoluteBodies<'_>, feed: &FeedInfo, entries: &[usize]) -> Vec<u8> {
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
    text_element(&mut out, "    ", "uri", &config.absolute_url(""));
    out.push_str("  </author>\n");
    out.push_str(&format!("  <generator version=\"{VERSION}\">{GENERATOR}</generator>\n"));
    let topics_scheme = config.absolute_url("topics/");
    let tags_scheme = config.absolute_url("tags/");
    for (&index, article) in entries.iter().filter_map(|i| Some((i, site.articles.get(*i)?))) {
        let url = config.absolute_url(&article.permalink);
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
        xml_escape_into(&mut out, bodies.get(index));
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
fn rss(site: &Site, bodies: &AbsoluteBodies<'_>, entries: &[usize]) -> Vec<u8> {
    let config = &site.config;
    let mut out = String::with_capacity(feed_capacity(site, entries));
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(&format!(
        "<rss version=\"2.0\" xmlns:atom=\"{ATOM_NS}\" xmlns:content=\"{CONTENT_NS}\">\n"
    ));
    out.push_str("  <channel>\n");
    text_element(&mut out, "    ", "title", &config.title);
    text_element(&mut out, "    ", "link", &config.absolute_url(""));
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
        xml_escape(&config.absolute_url(RSS_PATH))
    ));
    let topics_domain = config.absolute_url("topics/");
    let tags_domain = config.absolute_url("tags/");
    for (&index, article) in entries.iter().filter_map(|i| Some((i, site.articles.get(*i)?))) {
        let url = config.absolute_url(&article.permalink);
        out.push_str("    <item>\n");
        text_element(&mut out, "      ", "title", &article.meta.title);
        text_element(&mut out, "      ", "link", &url);
        text_element(&mut out, "      ", "guid isPermaLink=\"true\"", &url);
        if let Some(date) = rfc2822(&article.meta.date.start) {
            text_element(&mut out, "      ", "pubDate", &date);
        }
        // RSS readers take <description> as HTML: the plain-text summary is escaped for HTML first.
        text_element(&mut out, "      ", "description", &xml_escape(&article.summary));
        text_element(&mut out, "      ", "content:encoded", bodies.get(index));
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
fn json_feed(site: &Site, bodies: &AbsoluteBodies<'_>, entries: &[usize]) -> Vec<u8> {
    let config = &site.config;
    let items = entries
        .iter()
        .filter_map(|i| Some((i, site.articles.get(*i)?)))
        .map(|(&index, article)| {
            let url = config.absolute_url(&article.permalink);
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
                content_html: bodies.get(index).to_string(),
                date_published: dates::rfc3339(&article.meta.date.start),
                date_modified: dates::rfc3339(modified(article)),
                tags,
            }
        })
        .collect();
    to_json(&JsonFeed {
        version: JSON_FEED_VERSION,
        title: &config.title,
        home_page_url: config.absolute_url(""),
        feed_url: config.absolute_url(JSON_FEED_PATH),
        description: &config.description,
        language: &config.language,
        authors: [JsonAuthor {
            name: &config.title,
            url: config.absolute_url(""),
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
            let url = config.absolute_url(&article.permalink);
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
        let url = config.absolute_url(&path);
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
        config.absolute_url(SITEMAP_PATH)
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
                    redirect_path(&config.url(alias)),
                    redirect_path(&config.url(&article.permalink))
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
