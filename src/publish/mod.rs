//! Publish: the site's machine-readable outputs, made from the `Site` as bytes: the Atom, RSS and
//! JSON feeds, each topic's Atom and RSS feeds and TimelineJS export, each tag's Atom feed
//! (summaries), the sitemap, robots.txt and the static host's `_redirects`. Pure and deterministic: no I/O, no clock, no hash-map order.
//!
//! `feeds` writes Atom, RSS and JSON Feed, with bodies whose URLs `absolute` made absolute;
//! `timeline` the TimelineJS exports; `sitemap` the sitemap, robots.txt and `_redirects`;
//! `search` the search index. This file holds what they share: output paths, XML escaping, dates.

pub mod absolute;
mod editions;
mod feeds;
pub mod search;
mod sitemap;
mod timeline;

pub use absolute::AbsoluteBodies;
pub use sitemap::topic_redirects;

pub use crate::core::escape::{xml_escape, xml_escape_into};
use crate::core::urls;
use jiff::ZonedDateTime;
use serde::Serialize;

use crate::site::{Article, Site, Topic};
use feeds::{EscapedBodies, FeedInfo, atom, json_feed, rss};
use sitemap::{SITEMAP_LIMIT, redirects, robots, sitemap_paths, sitemaps};
use timeline::timeline_js;

/// The output paths of `outputs`, without making them (`serve` makes them only when asked).
pub fn paths(site: &Site) -> Vec<String> {
    // In the order `outputs` makes them.
    let mut paths: Vec<String> = [urls::ATOM, urls::RSS, urls::JSON_FEED]
        .iter()
        .map(|p| p.to_string())
        .collect();
    paths.extend(sitemap_paths(site, SITEMAP_LIMIT));
    if !site.config.is_subsite() {
        if !site.own_robots {
            paths.push(urls::ROBOTS.to_string());
        }
        paths.push(urls::REDIRECTS.to_string());
    }
    for topic in &site.topics {
        paths.push(urls::topic_feed(&topic.slug));
        paths.push(urls::topic_rss(&topic.slug));
        paths.push(urls::topic_timeline(&topic.slug));
        if topic.timeline.entries.len() > timeline::TIMELINE_JS_MAX {
            paths.push(urls::topic_timeline_full(&topic.slug));
        }
    }
    for tag in &site.tags {
        paths.push(urls::tag_feed(&tag.slug));
    }
    for author in &site.authors {
        paths.push(urls::author_feed(&author.slug));
    }
    paths.extend(editions::paths(site));
    paths
}

/// An entry's updates and corrections (`updates`, oldest first) as its feeds carry them, in the
/// theme's words: the newest correction as a notice to go before the text (as the page shows it
/// under the title; empty when there is none), and the whole log to go after it.
pub(crate) fn updates_html(
    updates: &[crate::parse::frontmatter::Update],
    words: &crate::parse::config::FeedWords,
    language: &crate::core::language::Language,
) -> (String, String) {
    use crate::core::escape::xml_escape;
    use crate::parse::frontmatter::UpdateKind;
    let label = |kind: UpdateKind| match kind {
        UpdateKind::Update => &words.update,
        UpdateKind::Correction => &words.correction,
        UpdateKind::Clarification => &words.clarification,
    };
    let line = |u: &crate::parse::frontmatter::Update| {
        format!(
            "<strong>{}</strong> <time datetime=\"{}\">{}</time>: {}",
            xml_escape(label(u.kind)),
            u.date.iso(),
            xml_escape(&language.date(&u.date)),
            xml_escape(&u.text)
        )
    };
    let notice = crate::parse::frontmatter::latest_correction(updates)
        .map(|u| format!("<p>{}</p>\n", line(u)))
        .unwrap_or_default();
    let mut log = format!("<h2>{}</h2>\n<ul>\n", xml_escape(&words.updates_heading));
    for u in updates {
        log.push_str(&format!("<li>{}</li>\n", line(u)));
    }
    log.push_str("</ul>\n");
    (notice, log)
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
    // Feeds carry published articles only: a draft or scheduled article that `--drafts` or
    // `--future` built would otherwise reach every reader's feed app, where it cannot be undone.
    let published = |i: &usize| site.articles[*i].published();
    let newest: Vec<usize> = (0..site.articles.len())
        .filter(published)
        .take(config.feed_entries)
        .collect();
    let site_feed = FeedInfo {
        title: config.title.clone(),
        subtitle: config.description.clone(),
        alternate: config.base_url.absolute(""),
        self_url: config.base_url.absolute(urls::ATOM),
        bodies: true,
    };
    let contents = EscapedBodies::new(bodies, &newest);
    emit(urls::ATOM.to_string(), atom(site, &site_feed, &newest, &contents));
    let site_rss = FeedInfo {
        self_url: config.base_url.absolute(urls::RSS),
        ..site_feed
    };
    emit(urls::RSS.to_string(), rss(site, &site_rss, &newest, &contents));
    drop(contents);
    emit(urls::JSON_FEED.to_string(), json_feed(site, bodies, &newest));
    for (path, bytes) in sitemaps(site, SITEMAP_LIMIT) {
        emit(path, bytes);
    }
    // Another language's part of the site has its sitemap; robots.txt and the redirects are
    // the whole site's, at its root.
    // A site's own robots.txt is copied instead (`Site::own_robots`).
    if !config.is_subsite() {
        if !site.own_robots {
            emit(urls::ROBOTS.to_string(), robots(config));
        }
        emit(urls::REDIRECTS.to_string(), redirects(site));
    }
    for topic in &site.topics {
        topic_outputs(site, bodies, topic, emit);
    }
    for tag in &site.tags {
        let feed = FeedInfo {
            title: format!(
                "{} — {}",
                config.feed_words.tag_title.replace("{tag}", &tag.name),
                config.title
            ),
            subtitle: config.feed_words.tag_subtitle.replace("{tag}", &tag.name),
            alternate: config.base_url.absolute(&tag.permalink()),
            self_url: config.base_url.absolute(&urls::tag_feed(&tag.slug)),
            // A site has a tag for every person and place it names: whole bodies in each tag's
            // feed would make the feeds the bulk of a big site. The site's and the topics' feeds
            // carry them; a tag's carries each article's title, summary and link.
            bodies: false,
        };
        // A tag's articles are in site order already: newest publication first.
        let entries: Vec<usize> = tag
            .articles
            .iter()
            .copied()
            .filter(published)
            .take(config.feed_entries)
            .collect();
        // One feed a tag (Atom); the site and its topics have RSS too.
        emit(
            urls::tag_feed(&tag.slug),
            atom(site, &feed, &entries, &EscapedBodies::default()),
        );
    }
    author_feeds(site, emit);
    editions::outputs(site, emit);
}

/// A topic's Atom and RSS feeds (with bodies) and its TimelineJS export (two when trimmed).
fn topic_outputs(site: &Site, bodies: &AbsoluteBodies<'_>, topic: &Topic, emit: &mut dyn FnMut(String, Vec<u8>)) {
    let config = &site.config;
    let published = |i: &usize| site.articles[*i].published();
    let feed = FeedInfo {
        title: format!("{} — {}", topic.meta.title, config.title),
        subtitle: topic.summary().to_string(),
        alternate: config.base_url.absolute(&topic.permalink()),
        self_url: config.base_url.absolute(&urls::topic_feed(&topic.slug)),
        bodies: true,
    };
    // Article indices follow the site's newest-publication-first order.
    let mut entries: Vec<usize> = topic.timeline.entries.iter().copied().filter(published).collect();
    entries.sort_unstable();
    entries.dedup();
    entries.truncate(config.feed_entries);
    let contents = EscapedBodies::new(bodies, &entries);
    emit(urls::topic_feed(&topic.slug), atom(site, &feed, &entries, &contents));
    let feed = FeedInfo {
        self_url: config.base_url.absolute(&urls::topic_rss(&topic.slug)),
        ..feed
    };
    emit(urls::topic_rss(&topic.slug), rss(site, &feed, &entries, &contents));
    match timeline::trimmed(site, topic) {
        Some(selection) => {
            emit(urls::topic_timeline(&topic.slug), timeline_js(site, topic, &selection));
            let all = timeline_js(site, topic, &topic.timeline.entries);
            emit(urls::topic_timeline_full(&topic.slug), all);
        }
        None => emit(
            urls::topic_timeline(&topic.slug),
            timeline_js(site, topic, &topic.timeline.entries),
        ),
    }
}

/// Each author's Atom feed: like a tag's, their newest published briefings, each with its title,
/// summary and link.
fn author_feeds(site: &Site, emit: &mut dyn FnMut(String, Vec<u8>)) {
    let config = &site.config;
    for author in &site.authors {
        let feed = FeedInfo {
            title: format!("{} — {}", author.meta.name, config.title),
            subtitle: config.feed_words.author_subtitle.replace("{name}", &author.meta.name),
            alternate: config.base_url.absolute(&author.permalink()),
            self_url: config.base_url.absolute(&urls::author_feed(&author.slug)),
            bodies: false,
        };
        let entries: Vec<usize> = author
            .articles
            .iter()
            .copied()
            .filter(|&i| site.articles[i].published())
            .take(config.feed_entries)
            .collect();
        emit(
            urls::author_feed(&author.slug),
            atom(site, &feed, &entries, &EscapedBodies::default()),
        );
    }
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

/// Appends `<name>text</name>` on its own line, the text escaped. `name` may carry attributes
/// (`guid isPermaLink="true"`); the end tag takes only the name.
fn text_element(out: &mut String, indent: &str, name: &str, text: &str) {
    element(out, indent, name, |out| xml_escape_into(out, text));
}

/// `<name>…</name>` on a line of its own after `indent` (`name` may carry attributes), the
/// content written by `content` straight into `out` (feeds write thousands of these).
fn element(out: &mut String, indent: &str, name: &str, content: impl FnOnce(&mut String)) {
    out.push_str(indent);
    out.push('<');
    out.push_str(name);
    out.push('>');
    content(out);
    out.push_str("</");
    out.push_str(name.split(' ').next().unwrap_or(name));
    out.push_str(">\n");
}

/// `text_element` for RSS's plain-text elements (titles, the channel's description, names): `&`,
/// `<` and `>` as hexadecimal references, as the RSS Best Practices Profile asks, so that the
/// readers that take any RSS text for HTML show the characters, never markup (an XML parser
/// reads the same text either way).
fn plain_element(out: &mut String, indent: &str, name: &str, text: &str) {
    element(out, indent, name, |out| out.push_str(&plain_escape(text)));
}

/// `text` escaped for an RSS plain-text element (`plain_element`) or attribute.
fn plain_escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    xml_escape_into(&mut escaped, text);
    // The references xml_escape_into writes stand for those characters alone.
    escaped
        .replace("&amp;", "&#x26;")
        .replace("&lt;", "&#x3C;")
        .replace("&gt;", "&#x3E;")
}

/// Pretty JSON with a final newline. The views are strings, numbers, lists and structs, which
/// always serialise; should that ever fail, the file is an empty object rather than a panic.
fn to_json<T: Serialize>(value: &T) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).unwrap_or_else(|_| b"{}".to_vec());
    bytes.push(b'\n');
    bytes
}
