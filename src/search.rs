//! Search: a compact, sharded index of our own, built at build time, and read by a small script
//! on the `/search/` page, so search works on any static host with no server.
//!
//! `search/docs.json` lists every article (title, URL, summary, date, topics);
//! `search/terms/<shard>.json` maps each term to the articles that contain it. The script loads
//! only the shards of the terms typed, so a big site's index costs little to query.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::Site;

/// The folder of the index in the output.
pub const INDEX_DIR: &str = "search";

/// The searchable words of a text: runs of letters and digits, lower-cased, at least two
/// characters (one for CJK scripts, whose words are single characters).
pub fn terms(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .filter(|word| word.chars().count() >= 2 || word.chars().any(|c| c as u32 >= 0x2E80))
        .map(str::to_lowercase)
}

/// The shard a term lives in: its first two ASCII letters or digits (`pu` for `putin`), or for
/// other scripts `u` and the first character's code point in hex (`u41c` for `мир`… `u43c`).
/// `search.js` computes the same key.
pub fn shard(term: &str) -> String {
    let mut chars = term.chars();
    match chars.next() {
        Some(first) if first.is_ascii_alphanumeric() => {
            let mut key = first.to_string();
            if let Some(second) = chars.next().filter(char::is_ascii_alphanumeric) {
                key.push(second);
            }
            key
        }
        Some(first) => format!("u{:x}", first as u32),
        None => "_".to_string(),
    }
}

#[derive(Serialize)]
struct Docs<'a> {
    /// `[slug, title]` of each topic; documents refer to topics by position.
    topics: Vec<[&'a str; 2]>,
    /// `[title, url, summary, date, [topic positions]]`, newest first.
    docs: Vec<(&'a str, String, &'a str, String, Vec<usize>)>,
}

/// The index files: `(output path, bytes)`.
pub fn outputs(site: &Site) -> Vec<(String, Vec<u8>)> {
    let config = &site.config;
    let docs = Docs {
        topics: site
            .topics
            .iter()
            .map(|t| [t.slug.as_str(), t.meta.title.as_str()])
            .collect(),
        docs: site
            .articles
            .iter()
            .map(|a| {
                (
                    a.meta.title.as_str(),
                    config.url(&a.permalink),
                    a.summary.as_str(),
                    a.meta.date.at_day().human(),
                    a.topics.clone(),
                )
            })
            .collect(),
    };
    // term → shard → postings. Article ids ascend because articles are visited in order.
    let mut shards: BTreeMap<String, BTreeMap<String, Vec<usize>>> = BTreeMap::new();
    for (id, article) in site.articles.iter().enumerate() {
        let mut article_terms: Vec<String> = terms(&article.meta.title)
            .chain(terms(&article.summary))
            .chain(article.meta.tags.iter().flat_map(|t| terms(t)))
            .chain(
                article
                    .body
                    .terms
                    .split(' ')
                    .filter(|t| !t.is_empty())
                    .map(str::to_string),
            )
            .collect();
        article_terms.sort_unstable();
        article_terms.dedup();
        for term in article_terms {
            shards
                .entry(shard(&term))
                .or_default()
                .entry(term)
                .or_default()
                .push(id);
        }
    }
    let mut out = Vec::with_capacity(shards.len() + 1);
    out.push((
        format!("{INDEX_DIR}/docs.json"),
        serde_json::to_vec(&docs).unwrap_or_default(),
    ));
    for (key, postings) in shards {
        out.push((
            format!("{INDEX_DIR}/terms/{key}.json"),
            serde_json::to_vec(&postings).unwrap_or_default(),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_lowercase_words() {
        let found: Vec<String> = terms("Putin's visit to Pyongyang, 2024: a pact! Путин 金").collect();
        assert_eq!(
            found,
            ["putin", "visit", "to", "pyongyang", "2024", "pact", "путин", "金"]
        );
    }

    #[test]
    fn shards() {
        assert_eq!(shard("putin"), "pu");
        assert_eq!(shard("x"), "x");
        assert_eq!(shard("2024"), "20");
        assert_eq!(shard("путин"), "u43f");
        assert_eq!(shard("a-b"), "a");
    }
}
