//! The editions' feeds: Atom 1.0 and JSON Feed 1.1 of every published edition in full (its
//! introduction, sections, items and notes as HTML with absolute URLs), newest first, for feed
//! readers and RSS-to-email services; one pair for all editions and one per `series`.

use std::cell::OnceCell;

use serde::Serialize;
use url::Url;

use super::feeds::{AtomHead, JSON_FEED_VERSION, JsonAuthor, JsonFeed, NO_ENTRIES_UPDATED, atom_head};
use super::{text_element, to_json, xml_escape, xml_escape_into};
use crate::core::dates;
use crate::core::language::Language;
use crate::core::urls;
use crate::parse::absolute::absolutize_html;
use crate::site::editions::{Item, Note};
use crate::site::{Edition, Site};

/// The output paths of the editions' feeds.
pub(super) fn paths(site: &Site) -> Vec<String> {
    if site.editions.is_empty() {
        return Vec::new();
    }
    let mut paths = vec![urls::EDITIONS_ATOM.to_string(), urls::EDITIONS_JSON_FEED.to_string()];
    for (series, _) in crate::site::editions::series(&site.editions) {
        paths.push(urls::series_feed(series));
        paths.push(urls::series_json_feed(series));
    }
    paths
}

/// What tells one editions feed from another.
struct Feed {
    title: String,
    /// The page it belongs to, absolute; also its id.
    alternate: String,
    self_url: String,
    json_url: String,
}

/// Every editions feed, handed to `emit` as (output path, bytes).
pub(super) fn outputs(site: &Site, emit: &mut dyn FnMut(String, Vec<u8>)) {
    if site.editions.is_empty() {
        return;
    }
    let config = &site.config;
    // Feeds carry what went out: never a draft or a scheduled edition.
    let published: Vec<usize> = (0..site.editions.len())
        .filter(|&e| site.editions[e].published())
        .collect();
    // Made for the editions a feed carries (the newest `feeds.entries` of each), once each.
    let contents = Contents {
        site,
        language: Language::new(&config.locale),
        made: site.editions.iter().map(|_| OnceCell::new()).collect(),
    };
    let all = Feed {
        title: format!("{} — {}", config.title, config.feed_words.editions_title),
        alternate: config.base_url.absolute(urls::EDITIONS),
        self_url: config.base_url.absolute(urls::EDITIONS_ATOM),
        json_url: config.base_url.absolute(urls::EDITIONS_JSON_FEED),
    };
    let entries: Vec<usize> = published.iter().copied().take(config.feed_entries).collect();
    emit(urls::EDITIONS_ATOM.to_string(), atom(site, &all, &entries, &contents));
    emit(
        urls::EDITIONS_JSON_FEED.to_string(),
        json_feed(site, &all, &entries, &contents),
    );
    for (name, shown) in crate::site::editions::series(&site.editions) {
        let feed = Feed {
            title: format!("{} — {shown}", config.title),
            alternate: config.base_url.absolute(urls::EDITIONS),
            self_url: config.base_url.absolute(&urls::series_feed(name)),
            json_url: config.base_url.absolute(&urls::series_json_feed(name)),
        };
        let entries: Vec<usize> = published
            .iter()
            .copied()
            .filter(|&e| site.editions[e].series.as_deref() == Some(name))
            .take(config.feed_entries)
            .collect();
        emit(urls::series_feed(name), atom(site, &feed, &entries, &contents));
        emit(
            urls::series_json_feed(name),
            json_feed(site, &feed, &entries, &contents),
        );
    }
}

/// Each edition's `content_html`, made the first time a feed asks for it.
struct Contents<'s> {
    site: &'s Site,
    /// The site's language, which writes the items' dates.
    language: Language,
    made: Vec<OnceCell<String>>,
}

impl Contents<'_> {
    /// Edition `e` in full.
    fn get(&self, e: usize) -> &str {
        self.made[e].get_or_init(|| content_html(self.site, &self.language, &self.site.editions[e]))
    }
}

/// An edition in full as HTML, every URL absolute: the introduction, then each section's heading
/// and items (headline linked, topic or outlet, the editor's note or the article's summary), its
/// dates as the site's language writes them, in a `<div dir="rtl">` in a right-to-left language:
/// an RSS-to-email service puts it in a template of its own, which says no direction.
fn content_html(site: &Site, language: &Language, edition: &Edition) -> String {
    // Its corrections after it went out, as its page and email show them (session 34's
    // standards probe: the feeds an RSS-to-email service sends from had none).
    let (notice, log) = match edition.updates.is_empty() {
        true => (String::new(), String::new()),
        false => super::updates_html(&edition.updates, &site.config.feed_words, language),
    };
    let body = items_html(site, language, edition);
    match language.is_rtl() {
        true => format!(
            "<div dir=\"rtl\" lang=\"{}\">\n{notice}{body}{log}</div>\n",
            xml_escape(language.tag())
        ),
        false => format!("{notice}{body}{log}"),
    }
}

/// The introduction and the items of `content_html`.
fn items_html(site: &Site, language: &Language, edition: &Edition) -> String {
    let config = &site.config;
    let page = Url::parse(&config.base_url.absolute(&edition.permalink())).ok();
    // As an RSS-to-email service will send it: cleaned as the email is (no script, frame, form
    // or `javascript:` link, whatever the web page keeps of raw HTML), images fitted to an
    // email's column.
    let absolute = |html: &str| {
        let clean = crate::parse::markdown::sanitize_for_email(html);
        crate::render::fit_feed_images(match &page {
            Some(page) => absolutize_html(&clean, page).into_owned(),
            None => clean,
        })
    };
    let mut out = absolute(&edition.intro);
    let mut open = false;
    let note = |out: &mut String, note: &Option<Note>, fallback: &str| match note {
        Some(note) => out.push_str(&format!("<p>{}</p>\n", absolute(&note.html))),
        None if !fallback.is_empty() => out.push_str(&format!("<p>{}</p>\n", xml_escape(fallback))),
        None => {}
    };
    for item in &edition.items {
        if !open && !matches!(item, Item::Section(_)) {
            out.push_str("<ul>\n");
            open = true;
        }
        match item {
            Item::Section(title) => {
                if open {
                    out.push_str("</ul>\n");
                    open = false;
                }
                out.push_str(&format!("<h2>{}</h2>\n", xml_escape(title)));
            }
            Item::Article { article, note: n } => {
                let article = &site.articles[*article];
                let url = config.base_url.absolute(&article.permalink);
                out.push_str(&format!(
                    "<li>\n<h3><a href=\"{}\">{}</a></h3>\n",
                    xml_escape(&url),
                    xml_escape(&article.meta.title)
                ));
                if let Some(topic) = article.topics.first().and_then(|&t| site.topics.get(t)) {
                    out.push_str(&format!(
                        "<p><a href=\"{}\">{}</a> · {}</p>\n",
                        xml_escape(&config.base_url.absolute(&topic.permalink())),
                        xml_escape(&topic.meta.title),
                        xml_escape(&language.date(&article.meta.date))
                    ));
                }
                note(&mut out, n, &article.summary);
                out.push_str("</li>\n");
            }
            Item::Link {
                url,
                title,
                outlet,
                note: n,
            } => {
                out.push_str(&format!(
                    "<li>\n<h3><a href=\"{}\">{}</a></h3>\n",
                    xml_escape(url),
                    xml_escape(title)
                ));
                if let Some(outlet) = outlet {
                    out.push_str(&format!("<p>{}</p>\n", xml_escape(outlet)));
                }
                note(&mut out, n, "");
                out.push_str("</li>\n");
            }
        }
    }
    if open {
        out.push_str("</ul>\n");
    }
    out
}

/// An Atom feed of `entries` (edition indices, newest first).
fn atom(site: &Site, feed: &Feed, entries: &[usize], contents: &Contents<'_>) -> Vec<u8> {
    let config = &site.config;
    let updated = entries
        .iter()
        .map(|&e| &site.editions[e].modified().start)
        .max()
        .map_or_else(|| NO_ENTRIES_UPDATED.to_string(), dates::rfc3339);
    let mut out = String::with_capacity(4096 + entries.iter().map(|&e| contents.get(e).len() * 3 / 2).sum::<usize>());
    atom_head(
        &mut out,
        config,
        &AtomHead {
            title: &feed.title,
            subtitle: "",
            self_url: &feed.self_url,
            alternate: &feed.alternate,
            // Every editions feed shares the list page as its alternate: each is its own id.
            id: &feed.self_url,
            updated: &updated,
            generator: false,
        },
    );
    for &e in entries {
        let edition = &site.editions[e];
        let url = config.base_url.absolute(&edition.permalink());
        let date = dates::rfc3339(&edition.date.start);
        out.push_str("  <entry>\n");
        text_element(&mut out, "    ", "title", &edition.title);
        out.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            xml_escape(&url)
        ));
        text_element(&mut out, "    ", "id", &url);
        text_element(&mut out, "    ", "published", &date);
        text_element(&mut out, "    ", "updated", &dates::rfc3339(&edition.modified().start));
        if let Some(summary) = &edition.summary {
            text_element(&mut out, "    ", "summary", summary);
        }
        out.push_str(&format!(
            "    <content type=\"html\" xml:base=\"{}\">",
            xml_escape(&url)
        ));
        xml_escape_into(&mut out, contents.get(e));
        out.push_str("</content>\n");
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out.into_bytes()
}

#[derive(Serialize)]
struct JsonItem<'a> {
    id: String,
    url: String,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a str>,
    content_html: &'a str,
    date_published: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_modified: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<&'a str>,
}

/// A JSON Feed of `entries`.
fn json_feed<'c>(site: &'c Site, feed: &Feed, entries: &[usize], contents: &'c Contents<'c>) -> Vec<u8> {
    let config = &site.config;
    let items = entries
        .iter()
        .map(|&e| {
            let edition = &site.editions[e];
            let url = config.base_url.absolute(&edition.permalink());
            JsonItem {
                id: url.clone(),
                url,
                title: &edition.title,
                summary: edition.summary.as_deref(),
                content_html: contents.get(e),
                date_published: dates::rfc3339(&edition.date.start),
                date_modified: (edition.modified().start > edition.date.start)
                    .then(|| dates::rfc3339(&edition.modified().start)),
                tags: edition.series_name.as_deref().into_iter().collect(),
            }
        })
        .collect();
    to_json(&JsonFeed {
        version: JSON_FEED_VERSION,
        title: &feed.title,
        home_page_url: feed.alternate.clone(),
        feed_url: feed.json_url.clone(),
        description: "",
        language: &config.language,
        authors: [JsonAuthor {
            name: &config.title,
            url: config.base_url.absolute(""),
        }],
        items,
    })
}
