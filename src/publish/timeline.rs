//! Each topic's timeline as a TimelineJS3 export (`topics/<slug>/timeline.json`).

use std::collections::BTreeSet;

use serde::Serialize;

use super::{to_json, xml_escape};
use crate::core::dates::{DateValue, Precision};
use crate::site::{Site, Topic};

/// The default theme's colour for key events, used as the TimelineJS slide background (the
/// site's own accent, `Site::accent`, when its custom.css sets one).
const KEY_EVENT_COLOR: &str = "#a4161a";

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
    color: String,
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
pub use crate::render::TIMELINE_JS_MAX;

/// The entries of a topic's `timeline.json` when its timeline is longer than `TIMELINE_JS_MAX`:
/// the key events (the newest of them, if even they are too many), then the newest other
/// entries up to the limit, in timeline order. `None` when the whole timeline fits.
pub(super) fn trimmed(site: &Site, topic: &Topic) -> Option<Vec<usize>> {
    let entries = &topic.timeline.entries;
    if entries.len() <= TIMELINE_JS_MAX {
        return None;
    }
    // Positions on the timeline, kept by key events first, then by publication (newest first).
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by_key(|&p| {
        let article = &site.articles[entries[p]];
        (
            !article.meta.key,
            std::cmp::Reverse(article.meta.date.start.timestamp()),
            p,
        )
    });
    order.truncate(TIMELINE_JS_MAX);
    order.sort_unstable();
    Some(order.into_iter().map(|p| entries[p]).collect())
}

/// A topic's TimelineJS export of `entries` (article indices, in timeline order).
pub(super) fn timeline_js(site: &Site, topic: &Topic, entries: &[usize]) -> Vec<u8> {
    let config = &site.config;
    let mut used: BTreeSet<String> = BTreeSet::new();
    // Where each slug's suffixes stopped: the k-th of one slug starts there, not at `-2` (a
    // topic of 5,000 "daily-update" briefings tried 12.5 million ids).
    let mut next_suffix: rustc_hash::FxHashMap<&str, usize> = rustc_hash::FxHashMap::default();
    let events = entries
        .iter()
        .filter_map(|&i| site.articles.get(i))
        .map(|article| {
            let url = config.base_url.absolute(&article.permalink);
            // TimelineJS uses unique_id as the slide's HTML id: slugs repeat across years, ids may not.
            let slug = article.meta.slug.as_str();
            let mut unique_id = slug.to_string();
            let n = next_suffix.entry(slug).or_insert(2);
            while used.contains(&unique_id) {
                unique_id = format!("{slug}-{n}");
                *n += 1;
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
                background: article.meta.key.then(|| TlBackground {
                    color: site
                        .accent
                        .as_ref()
                        .map_or(KEY_EVENT_COLOR, |a| a.accent.as_str())
                        .to_string(),
                }),
            }
        })
        .collect();
    to_json(&TimelineJs {
        title: TlTitle {
            text: TlText {
                headline: xml_escape(&topic.meta.title),
                text: paragraph(topic.summary()),
            },
        },
        events,
    })
}
