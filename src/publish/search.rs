//! Search: a compact, sharded index of our own, built at build time, and read by a small script
//! on the `/search/` page, so search works on any static host with no server.
//!
//! `search/docs.json` lists every article (title, URL, summary, date, topics);
//! `search/terms/<shard>.json` maps each term to the articles that contain it. The script loads
//! only the shards of the terms typed, so a big site's index costs little to query.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use serde::Serialize;

use crate::core::urls;
use crate::parse::terms::TermSet;
use crate::site::{Article, Site};

/// The folder of the index in the output.
pub const INDEX_DIR: &str = urls::SEARCH_INDEX_DIR;

/// Whether an output path is one of the index's files (`search/docs.json`, `search/terms/*.json`).
pub fn is_index_path(path: &str) -> bool {
    path.strip_prefix(INDEX_DIR)
        .and_then(|p| p.strip_prefix('/'))
        .is_some_and(|p| {
            p == "docs.json"
                || p.strip_prefix("terms/")
                    .is_some_and(|name| name.ends_with(".json") && !name.contains('/'))
        })
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
    docs: Vec<(&'a str, String, &'a str, String, &'a [usize])>,
}

/// A term and the ids of the articles that contain it, ascending.
type Posting = (Box<str>, Vec<u32>);

/// A shard's terms, written as a JSON object of term → article ids, in term order.
struct Shard<'a>(&'a [&'a Posting]);

impl Serialize for Shard<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(term, ids)| (term, ids)))
    }
}

/// The index files, handed to `emit` as (output path, bytes) one at a time.
/// Only published articles are indexed: a draft or scheduled article that `--drafts` or
/// `--future` built is not offered to readers of the search page.
pub fn outputs(site: &Site, emit: &mut dyn FnMut(String, Vec<u8>)) {
    let config = &site.config;
    let published: Vec<&Article> = site.articles.iter().filter(|a| a.published()).collect();
    let docs = Docs {
        topics: site
            .topics
            .iter()
            .map(|t| [t.slug.as_str(), t.meta.title.as_str()])
            .collect(),
        docs: published
            .iter()
            .map(|a| {
                (
                    a.meta.title.as_str(),
                    config.base_url.url(&a.permalink),
                    a.summary.as_str(),
                    a.meta.date.at_day().human(),
                    a.topics.as_slice(),
                )
            })
            .collect(),
    };
    emit(
        format!("{INDEX_DIR}/docs.json"),
        serde_json::to_vec(&docs).unwrap_or_default(),
    );
    drop(docs);
    // term → postings. Article ids ascend because articles are visited in order, so a term
    // already posted for this article is one whose last id is this one. Each term is copied once,
    // when first seen; titles, summaries and tags are searchable too.
    let mut postings: FxHashMap<Box<str>, Vec<u32>> = FxHashMap::default();
    let mut post = |term: &str, id: u32| match postings.get_mut(term) {
        Some(ids) => {
            if ids.last() != Some(&id) {
                ids.push(id);
            }
        }
        None => {
            postings.insert(term.into(), vec![id]);
        }
    };
    let mut extra = TermSet::default();
    for (id, article) in published.iter().enumerate() {
        let id = id as u32;
        extra.clear();
        extra.add_text(&article.meta.title);
        extra.add_text(&article.summary);
        for tag in &article.meta.tags {
            extra.add_text(tag);
        }
        for term in extra.terms().chain(article.body.terms.split_ascii_whitespace()) {
            post(term, id);
        }
    }
    let mut sorted: Vec<Posting> = postings.into_iter().collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut shards: BTreeMap<String, Vec<&Posting>> = BTreeMap::new();
    for entry in &sorted {
        shards.entry(shard(&entry.0)).or_default().push(entry);
    }
    for (key, entries) in shards {
        emit(
            format!("{INDEX_DIR}/terms/{key}.json"),
            serde_json::to_vec(&Shard(&entries)).unwrap_or_default(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_paths() {
        assert!(is_index_path("search/docs.json"));
        assert!(is_index_path("search/terms/pu.json"));
        assert!(!is_index_path("search/index.html"));
        assert!(!is_index_path("search/terms/a/b.json"));
        assert!(!is_index_path("searchx/docs.json"));
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
