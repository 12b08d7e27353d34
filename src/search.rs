//! Search: a compact, sharded index of our own, built at build time, and read by a small script
//! on the `/search/` page, so search works on any static host with no server.
//!
//! `search/docs.json` lists every article (title, URL, summary, date, topics);
//! `search/terms/<shard>.json` maps each term to the articles that contain it. The script loads
//! only the shards of the terms typed, so a big site's index costs little to query.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use serde::Serialize;

use crate::model::Site;

/// The folder of the index in the output.
pub const INDEX_DIR: &str = "search";

/// Whether a word is long enough to index: two characters, or one in CJK scripts (whose words
/// are single characters).
fn indexable(word: &str) -> bool {
    let mut chars = word.chars();
    match (chars.next(), chars.next()) {
        (Some(_), Some(_)) => true,
        (Some(only), None) => only as u32 >= 0x2E80,
        _ => false,
    }
}

/// The searchable words of a text: runs of letters and digits, lower-cased.
pub fn terms(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| indexable(word))
        .map(str::to_lowercase)
}

/// The distinct terms of a document, collected cheaply while its text streams by.
#[derive(Debug, Default)]
pub struct TermSet {
    // FxHash: terms are short, and SipHash's flood resistance buys nothing here.
    seen: rustc_hash::FxHashSet<Box<str>>,
    buffer: String,
}

impl TermSet {
    pub fn add_text(&mut self, text: &str) {
        for word in text.split(|c: char| !c.is_alphanumeric()) {
            if !indexable(word) {
                continue;
            }
            self.buffer.clear();
            if word.is_ascii() {
                self.buffer.extend(word.bytes().map(|b| b.to_ascii_lowercase() as char));
            } else {
                self.buffer.extend(word.chars().flat_map(char::to_lowercase));
            }
            if !self.seen.contains(self.buffer.as_str()) {
                self.seen.insert(self.buffer.as_str().into());
            }
        }
    }

    /// The terms, sorted, separated by single spaces.
    pub fn into_joined(self) -> String {
        let mut terms: Vec<Box<str>> = self.seen.into_iter().collect();
        terms.sort_unstable();
        terms.join(" ")
    }
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

/// A shard's terms, written as a JSON object of term → article ids, in term order.
struct Shard<'a>(&'a [(&'a str, Vec<u32>)]);

impl Serialize for Shard<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(term, ids)| (term, ids)))
    }
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
    // term → postings, then grouped by shard. Article ids ascend because articles are visited in
    // order. Terms are borrowed from the articles: nothing is copied per posting.
    let mut postings: FxHashMap<&str, Vec<u32>> = FxHashMap::default();
    // Titles, summaries and tags are searchable too. Their terms are made first, so that the
    // postings can borrow them; duplicates go with the body's below.
    let extra_terms: Vec<Vec<String>> = site
        .articles
        .iter()
        .map(|a| {
            terms(&a.meta.title)
                .chain(terms(&a.summary))
                .chain(a.meta.tags.iter().flat_map(|t| terms(t)))
                .collect()
        })
        .collect();
    for (id, article) in site.articles.iter().enumerate() {
        let body = article.body.terms.split(' ').filter(|t| !t.is_empty());
        let mut all: Vec<&str> = extra_terms[id].iter().map(String::as_str).chain(body).collect();
        all.sort_unstable();
        all.dedup();
        for term in all {
            postings.entry(term).or_default().push(id as u32);
        }
    }
    let mut sorted: Vec<(&str, Vec<u32>)> = postings.into_iter().collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut shards: BTreeMap<String, Vec<(&str, Vec<u32>)>> = BTreeMap::new();
    for (term, ids) in sorted {
        shards.entry(shard(term)).or_default().push((term, ids));
    }
    let mut out = Vec::with_capacity(shards.len() + 1);
    out.push((
        format!("{INDEX_DIR}/docs.json"),
        serde_json::to_vec(&docs).unwrap_or_default(),
    ));
    for (key, entries) in shards {
        let shard = Shard(&entries);
        out.push((
            format!("{INDEX_DIR}/terms/{key}.json"),
            serde_json::to_vec(&shard).unwrap_or_default(),
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
