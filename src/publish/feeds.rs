//! The site's feeds and each topic's: Atom 1.0, RSS 2.0 and JSON Feed 1.1, whose entries carry
//! the article bodies with absolute URLs (`AbsoluteBodies`).

use crate::core::urls;
use jiff::ZonedDateTime;
use serde::Serialize;

use super::{
    AbsoluteBodies, latest, modified, plain_element, plain_escape, text_element, to_json, xml_escape, xml_escape_into,
};
use crate::core::dates;
use crate::site::Site;

const GENERATOR: &str = "gazette";
const VERSION: &str = env!("CARGO_PKG_VERSION");
/// `<updated>` of a feed without entries: fixed, so the output stays the same on every build.
pub(super) const NO_ENTRIES_UPDATED: &str = "1970-01-01T00:00:00+00:00";

const ATOM_NS: &str = "http://www.w3.org/2005/Atom";
const CONTENT_NS: &str = "http://purl.org/rss/1.0/modules/content/";
const MEDIA_NS: &str = "http://search.yahoo.com/mrss/";
const DC_NS: &str = "http://purl.org/dc/elements/1.1/";
pub(super) const JSON_FEED_VERSION: &str = "https://jsonfeed.org/version/1.1";

/// About the size of a feed of `entries`: each carries its body, escaped, and a kilobyte or two
/// of metadata. Feeds of whole articles run to megabytes; sized once, they are not copied as
/// they grow.
fn feed_capacity(site: &Site, feed: &FeedInfo, entries: &[usize]) -> usize {
    if !feed.bodies {
        return 4096 + entries.len() * 2048;
    }
    let bodies: usize = entries
        .iter()
        .filter_map(|&i| site.articles.get(i))
        .map(|a| a.body.html.len())
        .sum();
    // Escaping makes markup about a third longer (`<p>` is `&lt;p&gt;`).
    4096 + bodies + bodies / 2 + entries.len() * 2048
}

/// The bodies of a feed's entries with absolute URLs, escaped for XML text: what an Atom
/// `<content>` and an RSS `<content:encoded>` both hold. A feed's Atom and RSS share them, so each
/// body is escaped once a feed (they are not kept for the build: a large site's feeds would hold
/// thousands). One string holds them all, one after the other; the default holds none (for a
/// feed that carries no bodies).
#[derive(Default)]
pub(super) struct EscapedBodies {
    text: String,
    /// Where each entry's body ends in `text`, by position in the entries.
    ends: Vec<usize>,
}

impl EscapedBodies {
    /// The escaped bodies of `entries` (indices into `site.articles`).
    pub(super) fn new(bodies: &AbsoluteBodies<'_>, entries: &[usize]) -> Self {
        let length: usize = entries.iter().map(|&i| bodies.get(i).len()).sum();
        // Escaping makes markup about a third longer (`<p>` is `&lt;p&gt;`).
        let mut text = String::with_capacity(length + length / 2);
        let ends = entries
            .iter()
            .map(|&i| {
                xml_escape_into(&mut text, bodies.get(i));
                text.len()
            })
            .collect();
        EscapedBodies { text, ends }
    }

    /// The escaped body of the entry at `position`; empty for none.
    fn get(&self, position: usize) -> &str {
        let Some(&end) = self.ends.get(position) else {
            return "";
        };
        let start = position
            .checked_sub(1)
            .and_then(|p| self.ends.get(p))
            .copied()
            .unwrap_or(0);
        self.text.get(start..end).unwrap_or("")
    }
}

/// Appends `<name>escaped</name>` on its own line: `escaped` is XML text already.
fn raw_element(out: &mut String, indent: &str, name: &str, escaped: &str) {
    out.extend([indent, "<", name, ">", escaped, "</", name, ">\n"]);
}

/// What distinguishes one Atom feed from another.
pub(super) struct FeedInfo {
    pub(super) title: String,
    pub(super) subtitle: String,
    /// The page the feed belongs to (absolute); also the feed's `<id>`.
    pub(super) alternate: String,
    pub(super) self_url: String,
    /// Whether entries carry the whole article (`<content>`), or only its summary and link.
    pub(super) bodies: bool,
}

/// What an Atom feed says of itself before its entries.
pub(super) struct AtomHead<'a> {
    pub(super) title: &'a str,
    /// Left out when blank.
    pub(super) subtitle: &'a str,
    pub(super) self_url: &'a str,
    pub(super) alternate: &'a str,
    pub(super) id: &'a str,
    pub(super) updated: &'a str,
    /// Whether to name gazette as the `<generator>`.
    pub(super) generator: bool,
}

/// Appends an Atom feed's head, up to its first entry: the XML declaration, `<feed>` in the site's
/// language, title, subtitle, self and alternate links, id, updated, the site as author.
pub(super) fn atom_head(out: &mut String, config: &crate::parse::config::Config, head: &AtomHead<'_>) {
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(&format!(
        "<feed xmlns=\"{ATOM_NS}\" xml:lang=\"{}\">\n",
        xml_escape(&config.language)
    ));
    text_element(out, "  ", "title", head.title);
    if !head.subtitle.trim().is_empty() {
        text_element(out, "  ", "subtitle", head.subtitle);
    }
    out.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        xml_escape(head.self_url)
    ));
    out.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml_escape(head.alternate)
    ));
    text_element(out, "  ", "id", head.id);
    text_element(out, "  ", "updated", head.updated);
    out.push_str("  <author>\n");
    text_element(out, "    ", "name", &config.title);
    text_element(out, "    ", "uri", &config.base_url.absolute(""));
    out.push_str("  </author>\n");
    if head.generator {
        out.push_str(&format!("  <generator version=\"{VERSION}\">{GENERATOR}</generator>\n"));
    }
}

/// An Atom 1.0 feed of `entries` (article indices, in the order given).
/// `contents` holds the entries' escaped bodies; it is read only for a feed that carries bodies.
pub(super) fn atom(site: &Site, feed: &FeedInfo, entries: &[usize], contents: &EscapedBodies) -> Vec<u8> {
    let config = &site.config;
    let updated = latest(site, entries.iter().copied()).map_or_else(|| NO_ENTRIES_UPDATED.to_string(), dates::rfc3339);
    let mut out = String::with_capacity(feed_capacity(site, feed, entries));
    atom_head(
        &mut out,
        config,
        &AtomHead {
            title: &feed.title,
            subtitle: &feed.subtitle,
            self_url: &feed.self_url,
            alternate: &feed.alternate,
            id: &feed.alternate,
            updated: &updated,
            generator: true,
        },
    );
    let topics_scheme = config.base_url.absolute(urls::TOPICS);
    let tags_scheme = config.base_url.absolute(urls::TAGS);
    for (position, article) in entries
        .iter()
        .enumerate()
        .filter_map(|(p, i)| Some((p, site.articles.get(*i)?)))
    {
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
        atom_authors(&mut out, site, article);
        if !article.summary.trim().is_empty() {
            text_element(&mut out, "    ", "summary", &article.summary);
        }
        if let Some(image) = feed_image(site, article) {
            image.write_atom(&mut out);
        }
        if feed.bodies {
            out.push_str(&format!(
                "    <content type=\"html\" xml:base=\"{}\">",
                xml_escape(&url)
            ));
            out.push_str(contents.get(position));
            out.push_str("</content>\n");
        }
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

/// An Atom entry's `<author>`s: the article's byline (none when the site wrote it, which the
/// feed names).
fn atom_authors(out: &mut String, site: &Site, article: &crate::site::Article) {
    let config = &site.config;
    for author in article.authors.iter().filter_map(|&a| site.authors.get(a)) {
        out.push_str("    <author>\n");
        text_element(out, "      ", "name", &author.meta.name);
        text_element(out, "      ", "uri", &config.base_url.absolute(&author.permalink()));
        out.push_str("    </author>\n");
    }
}

/// An article's lead image for feeds: its absolute URL (the largest size made), its type and
/// size when the build processed it.
struct FeedImage {
    url: String,
    mime: Option<&'static str>,
    size: Option<(u32, u32)>,
}

impl FeedImage {
    /// Atom: an enclosure link (its length is optional there).
    fn write_atom(&self, out: &mut String) {
        out.push_str(&format!(
            "    <link rel=\"enclosure\" href=\"{}\"",
            xml_escape(&self.url)
        ));
        if let Some(mime) = self.mime {
            out.push_str(&format!(" type=\"{mime}\""));
        }
        out.push_str("/>\n");
    }
}

fn feed_image(site: &Site, article: &crate::site::Article) -> Option<FeedImage> {
    let image = article.image.as_deref()?;
    let base = &site.config.base_url;
    let picture = image.picture.as_ref();
    let url = base.absolute_url(&image.src);
    Some(FeedImage {
        url,
        mime: picture.map(|p| p.own_type),
        size: picture.map(|p| (p.width, p.height)),
    })
}

/// RFC 2822 (`Fri, 21 Jun 2024 09:30:00 +0900`), or `None` for a year RFC 2822 cannot write.
fn rfc2822(zoned: &ZonedDateTime) -> Option<String> {
    jiff::fmt::rfc2822::to_string(zoned).ok()
}

/// An RSS channel's opening and its elements before the self link.
fn rss_channel(out: &mut String, site: &Site, feed: &FeedInfo, entries: &[usize]) {
    let config = &site.config;
    out.push_str("  <channel>\n");
    plain_element(out, "    ", "title", &feed.title);
    text_element(out, "    ", "link", &feed.alternate);
    // RSS requires a description: the title stands in when there is none.
    let description = if feed.subtitle.trim().is_empty() {
        &feed.title
    } else {
        &feed.subtitle
    };
    plain_element(out, "    ", "description", description);
    text_element(out, "    ", "language", &config.language);
    text_element(out, "    ", "generator", &format!("{GENERATOR} {VERSION}"));
    if let Some(last) = latest(site, entries.iter().copied()).and_then(rfc2822) {
        text_element(out, "    ", "lastBuildDate", &last);
    }
}

/// An RSS 2.0 feed of `entries` (the site's, a topic's or a tag's), described by `feed`.
/// `contents` as for `atom`.
pub(super) fn rss(site: &Site, feed: &FeedInfo, entries: &[usize], contents: &EscapedBodies) -> Vec<u8> {
    let config = &site.config;
    let mut out = String::with_capacity(feed_capacity(site, feed, entries));
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    // Dublin Core's `creator` names each item's authors, on a site that has any.
    let dc = if site.authors.is_empty() {
        String::new()
    } else {
        format!(" xmlns:dc=\"{DC_NS}\"")
    };
    out.push_str(&format!(
        "<rss version=\"2.0\" xmlns:atom=\"{ATOM_NS}\" xmlns:content=\"{CONTENT_NS}\" xmlns:media=\"{MEDIA_NS}\"{dc}>\n"
    ));
    rss_channel(&mut out, site, feed, entries);
    out.push_str(&format!(
        "    <atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>\n",
        xml_escape(&feed.self_url)
    ));
    let topics_domain = config.base_url.absolute(urls::TOPICS);
    let tags_domain = config.base_url.absolute(urls::TAGS);
    for (position, article) in entries
        .iter()
        .enumerate()
        .filter_map(|(p, i)| Some((p, site.articles.get(*i)?)))
    {
        let url = config.base_url.absolute(&article.permalink);
        out.push_str("    <item>\n");
        plain_element(&mut out, "      ", "title", &article.meta.title);
        text_element(&mut out, "      ", "link", &url);
        text_element(&mut out, "      ", "guid isPermaLink=\"true\"", &url);
        if let Some(date) = rfc2822(&article.meta.date.start) {
            text_element(&mut out, "      ", "pubDate", &date);
        }
        for author in article.authors.iter().filter_map(|&a| site.authors.get(a)) {
            plain_element(&mut out, "      ", "dc:creator", &author.meta.name);
        }
        // RSS readers take <description> as HTML: the plain-text summary is escaped for HTML first.
        text_element(&mut out, "      ", "description", &xml_escape(&article.summary));
        if feed.bodies {
            raw_element(&mut out, "      ", "content:encoded", contents.get(position));
        }
        if let Some(image) = feed_image(site, article) {
            // Media RSS: an enclosure would need the file's length, which is known only once it
            // is encoded.
            out.push_str(&format!(
                "      <media:content url=\"{}\" medium=\"image\"",
                xml_escape(&image.url)
            ));
            if let Some(mime) = image.mime {
                out.push_str(&format!(" type=\"{mime}\""));
            }
            if let Some((width, height)) = image.size {
                out.push_str(&format!(" width=\"{width}\" height=\"{height}\""));
            }
            out.push_str("/>\n");
        }
        for topic in article.topics.iter().filter_map(|&t| site.topics.get(t)) {
            out.push_str(&format!(
                "      <category domain=\"{}\">{}</category>\n",
                xml_escape(&topics_domain),
                plain_escape(&topic.meta.title)
            ));
        }
        for tag in article.tags.iter().filter_map(|&t| site.tags.get(t)) {
            out.push_str(&format!(
                "      <category domain=\"{}\">{}</category>\n",
                xml_escape(&tags_domain),
                plain_escape(&tag.name)
            ));
        }
        out.push_str("    </item>\n");
    }
    out.push_str("  </channel>\n</rss>\n");
    out.into_bytes()
}

// ---------------------------------------------------------------------------------------------
// JSON Feed

/// A JSON Feed 1.1 document; `I` is its item type (an article, or an edition's).
#[derive(Serialize)]
pub(super) struct JsonFeed<'a, I: Serialize> {
    pub(super) version: &'static str,
    pub(super) title: &'a str,
    pub(super) home_page_url: String,
    pub(super) feed_url: String,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub(super) description: &'a str,
    pub(super) language: &'a str,
    pub(super) authors: [JsonAuthor<'a>; 1],
    pub(super) items: Vec<I>,
}

#[derive(Serialize)]
pub(super) struct JsonAuthor<'a> {
    pub(super) name: &'a str,
    pub(super) url: String,
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
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<String>,
    /// The article's authors; absent when the site (the feed's author) wrote it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    authors: Vec<JsonAuthor<'a>>,
}

/// The site's JSON Feed 1.1 of `entries`.
pub(super) fn json_feed(site: &Site, bodies: &AbsoluteBodies<'_>, entries: &[usize]) -> Vec<u8> {
    let config = &site.config;
    let items = entries
        .iter()
        .filter_map(|i| Some((i, site.articles.get(*i)?)))
        .map(|(&index, article)| {
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
                content_html: bodies.get(index).to_string(),
                date_published: dates::rfc3339(&article.meta.date.start),
                date_modified: dates::rfc3339(modified(article)),
                tags,
                image: feed_image(site, article).map(|image| image.url),
                authors: article
                    .authors
                    .iter()
                    .filter_map(|&a| site.authors.get(a))
                    .map(|author| JsonAuthor {
                        name: &author.meta.name,
                        url: config.base_url.absolute(&author.permalink()),
                    })
                    .collect(),
            }
        })
        .collect();
    to_json(&JsonFeed {
        version: JSON_FEED_VERSION,
        title: &config.title,
        home_page_url: config.base_url.absolute(""),
        feed_url: config.base_url.absolute(urls::JSON_FEED),
        description: &config.description,
        language: &config.language,
        authors: [JsonAuthor {
            name: &config.title,
            url: config.base_url.absolute(""),
        }],
        items,
    })
}
