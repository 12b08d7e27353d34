//! Search: a compact index of our own, split so that a query fetches little, built at build time
//! and read by a small script on the `/search/` page, so search works on any static host.
//!
//! - `search/meta.json` (small): the number of documents, the first key of every term chunk,
//!   the topics and the outlets.
//! - `search/terms/<n>.json`: chunk `n` of the keys in order, each key a stem (Snowball, in the
//!   site's language) or a CJK bigram, with the surface words the site spells it with, the
//!   documents that hold it (ascending ids, delta-coded) and a weight per document. A query
//!   fetches only the chunks of its words; a chunk never splits a stem from its surface words, so
//!   the browser finds `sanctions` beside `sanction` and needs no stemmer.
//! - `search/pairs/<n>.json`: the phrase index: chunk `n` of the pairs of neighbouring words
//!   (hashed into up to about a million buckets, `parse::terms::pair_bucket`), each with the documents
//!   whose title, summary or body has it. A quoted phrase fetches the chunks of its pairs only.
//! - `search/docs/<n>.json`: the results' metadata, `DOCS_PER_FILE` documents a file (title, URL,
//!   date, topics, outlets, excerpt), fetched only for the results shown.
//! - `search/filters/`: every document's day (`days.json`), and the documents of each topic and
//!   outlet (`topic/<n>.json`, `outlet/<n>.json`), each fetched only when the reader sets its
//!   filter (`filter_files`).
//!
//! Documents are numbered newest first, so recency is the id order.

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::core::urls;
use crate::parse::terms::{PAIR_BITS, PackedPairs, TermSet, counted_terms, index_keys, stemmer_for};
use crate::site::{Article, Site};

/// The folder of the index in the output.
pub const INDEX_DIR: &str = urls::SEARCH_INDEX_DIR;

/// The documents in one `search/docs/<n>.json` file.
pub const DOCS_PER_FILE: usize = 32;

/// About how many bytes of postings a term chunk holds before the next one starts.
const CHUNK_BYTES: usize = 32 * 1024;

/// The longest excerpt, in characters.
const EXCERPT_CHARS: usize = 320;

/// What a word in each field adds to a document's weight for its stem (a body word by each
/// occurrence, up to `BODY_MAX`).
const TITLE_WEIGHT: u32 = 16;
const SUMMARY_WEIGHT: u32 = 6;
const TAG_WEIGHT: u32 = 6;
const BODY_MAX: u32 = 8;
/// The most a document's weight for a key can be: it is written as one base-64 digit with the
/// key-event bit.
const WEIGHT_MAX: u32 = 31;

/// The digits of the postings strings (URL-safe base 64: nothing JSON must escape).
const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// The output paths under the index folder that hold the index (for the build summary).
pub const INDEX_PARTS: &[&str] = &[
    "search/meta.json",
    "search/filters/",
    "search/terms/",
    "search/pairs/",
    "search/docs/",
];

/// Whether an output path is one of the index's files.
pub fn is_index_path(path: &str) -> bool {
    let Some(rest) = path.strip_prefix(INDEX_DIR).and_then(|p| p.strip_prefix('/')) else {
        return false;
    };
    let numbered = |name: &str| {
        name.strip_suffix(".json")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    rest == "meta.json"
        || rest == "filters/days.json"
        || rest.strip_prefix("filters/topic/").is_some_and(numbered)
        || rest.strip_prefix("filters/outlet/").is_some_and(numbered)
        || rest.strip_prefix("terms/").is_some_and(numbered)
        || rest.strip_prefix("pairs/").is_some_and(numbered)
        || rest.strip_prefix("docs/").is_some_and(numbered)
}

/// One key of the index (a stem or a bigram), its surface words and its postings.
#[derive(Default)]
struct Entry {
    key: Box<str>,
    /// The lower-cased words of the site that give this key, other than the key itself.
    forms: Vec<Box<str>>,
    /// Per document, in id order, in base-64 digits: the id's distance from the previous one
    /// (five bits a digit, low first, the sixth bit set on all but the last), then its weight
    /// (title, summary, tags, body frequency; at most `WEIGHT_MAX`) times two, plus one for a key
    /// event. Written as it is: a posting is mostly two bytes, here, on disk and in the JSON.
    postings: Vec<u8>,
    /// The last document's id.
    last: u32,
}

impl Entry {
    fn push(&mut self, doc: u32, weight: u32, key_event: bool) {
        let mut delta = doc - self.last;
        while delta >= 32 {
            self.postings.push(DIGITS[(delta & 31 | 32) as usize]);
            delta >>= 5;
        }
        self.postings.push(DIGITS[delta as usize]);
        let weight = weight.min(WEIGHT_MAX) * 2 + u32::from(key_event);
        self.postings.push(DIGITS[weight as usize]);
        self.last = doc;
    }
}

/// The index being built: keys by their text, and each surface term's keys.
#[derive(Default)]
struct Builder {
    entries: Vec<Entry>,
    by_key: FxHashMap<Box<str>, u32>,
    /// Surface term → the range of its keys in `key_lists`.
    by_term: FxHashMap<Box<str>, (u32, u32)>,
    key_lists: Vec<u32>,
    /// The weight of each key in the current document, and the keys it touched.
    weight: Vec<u32>,
    touched: Vec<u32>,
}

impl Builder {
    /// The keys of a surface term (stemmed or split once, when first seen).
    fn keys_of(&mut self, term: &str, stemmer: Option<&rust_stemmers::Stemmer>) -> (u32, u32) {
        if let Some(&range) = self.by_term.get(term) {
            return range;
        }
        let start = self.key_lists.len() as u32;
        let mut keys = Vec::new();
        index_keys(term, stemmer, &mut |key| keys.push(key.to_string()));
        for key in keys {
            let id = match self.by_key.get(key.as_str()) {
                Some(&id) => id,
                None => {
                    let id = self.entries.len() as u32;
                    self.entries.push(Entry {
                        key: key.as_str().into(),
                        ..Entry::default()
                    });
                    self.weight.push(0);
                    self.by_key.insert(key.as_str().into(), id);
                    id
                }
            };
            let entry = &mut self.entries[id as usize];
            if *entry.key != *term && is_a_form(term) && !entry.forms.iter().any(|f| **f == *term) {
                entry.forms.push(term.into());
            }
            self.key_lists.push(id);
        }
        let range = (start, self.key_lists.len() as u32);
        self.by_term.insert(term.into(), range);
        range
    }

    /// Adds `weight` to every key of `term` in the current document.
    fn add(&mut self, term: &str, weight: u32, stemmer: Option<&rust_stemmers::Stemmer>) {
        let (start, end) = self.keys_of(term, stemmer);
        for i in start..end {
            let id = self.key_lists[i as usize];
            let slot = &mut self.weight[id as usize];
            if *slot == 0 {
                self.touched.push(id);
            }
            *slot += weight;
        }
    }

    /// Posts the current document `doc` under every key it touched.
    fn finish_document(&mut self, doc: u32, key_event: bool) {
        for &id in &self.touched {
            let weight = std::mem::take(&mut self.weight[id as usize]);
            self.entries[id as usize].push(doc, weight, key_event);
        }
        self.touched.clear();
    }
}

/// Whether a term is listed among its keys' surface words, which the search page matches a
/// query's word against and marks in excerpts. A run of Han or kana longer than a word is not:
/// Chinese and Japanese write no spaces, so such a run is a whole clause, and listing it under
/// each of its pairs made a Chinese article's terms twelve times a Korean one's and marked whole
/// titles. (Korean words stand between spaces: theirs are kept.)
fn is_a_form(term: &str) -> bool {
    use crate::parse::terms::{is_cjk, is_hangul};
    !term.chars().any(|c| is_cjk(c) && !is_hangul(c)) || term.chars().count() <= 4
}

/// A body's search terms and word pairs (`Rendered::terms`, `Rendered::pairs`), moved out of it
/// for the index to free as it reads them (`pipeline::Prepared::take_index_texts`).
#[derive(Debug, Default)]
pub struct IndexText {
    pub terms: String,
    pub pairs: PackedPairs,
}

/// The index files, handed to `emit` as (output path, bytes) one at a time.
/// Only published articles are indexed: a draft or scheduled article that `--drafts` or
/// `--future` built is not offered to readers of the search page.
pub fn outputs(site: &Site, emit: &mut dyn FnMut(String, Vec<u8>)) {
    outputs_taking(site, None, emit);
}

/// `outputs`, reading each body's terms and pairs from `texts` (by article index) when they were
/// moved out of the site, and freeing them as it goes: the terms once their postings are made,
/// the pairs once the phrase index has sorted them (`PairCount`). Without `texts`, from the bodies.
pub fn outputs_taking(site: &Site, texts: Option<Vec<IndexText>>, out: &mut dyn FnMut(String, Vec<u8>)) {
    // Every file but meta.json is summed as it goes out: the sum is the index's `build`, which
    // the search page puts on each file's URL, so a reader whose browser cached the last deploy's
    // files never mixes them with this one's (a host caches them minutes to hours).
    let mut sum = crc32fast::Hasher::new();
    let mut size: u64 = 0;
    let emit = &mut |path: String, bytes: Vec<u8>| {
        sum.update(path.as_bytes());
        sum.update(&bytes);
        size += bytes.len() as u64;
        out(path, bytes);
    };
    // One text an article, by construction (`take_index_texts`).
    debug_assert!(texts.as_ref().is_none_or(|t| t.len() == site.articles.len()));
    let mut texts = texts.filter(|t| t.len() == site.articles.len());
    let (ids, published): (Vec<usize>, Vec<&Article>) =
        site.articles.iter().enumerate().filter(|(_, a)| a.published()).unzip();
    let outlets = outlets(&published);
    // Result dates are written as the site's language writes them (made once per index).
    let language = crate::core::language::Language::new(&site.config.locale);
    for (n, docs) in published.chunks(DOCS_PER_FILE).enumerate() {
        let docs: Vec<DocView> = docs.iter().map(|a| doc_view(site, a, &outlets, &language)).collect();
        emit(format!("{INDEX_DIR}/docs/{n}.json"), to_json(&docs));
    }
    filter_files(&published, site.topics.len(), &outlets, emit);
    let (entries, field_pairs) = postings(site, &published, &ids, &mut texts);
    let pairs = site.config.search_phrases.then(|| {
        let count = PairCount::new(published.len(), &|doc| {
            let body = match &texts {
                Some(texts) => &texts[ids[doc]].pairs,
                None => &published[doc].body.pairs,
            };
            (field_pairs.of(doc), body)
        });
        let parts = count.parts();
        for (part, chunks) in parts.iter().enumerate() {
            let mut sorted = count.sorting(chunks.clone());
            for (doc, article) in published.iter().enumerate() {
                let fields = field_pairs.of(doc);
                match &mut texts {
                    // A build's bodies' pairs are freed as the last part is sorted.
                    Some(texts) if part + 1 == parts.len() => {
                        let pairs = std::mem::take(&mut texts[ids[doc]].pairs);
                        sorted.add(doc, (fields, &pairs));
                    }
                    Some(texts) => sorted.add(doc, (fields, &texts[ids[doc]].pairs)),
                    None => sorted.add(doc, (fields, &article.body.pairs)),
                }
            }
            phrase_chunks(sorted, emit);
        }
        [count.bits, count.chunk_bits]
    });
    drop(field_pairs);
    drop(texts);
    let chunks = chunk(&entries);
    let mut firsts = Vec::with_capacity(chunks.len());
    for (n, range) in chunks.iter().enumerate() {
        firsts.push(range.first.as_str());
        let chunk: Vec<EntryView> = entries[range.entries.clone()].iter().map(entry_view).collect();
        emit(format!("{INDEX_DIR}/terms/{n}.json"), to_json(&chunk));
    }
    let build = format!("{:08x}{size:x}", sum.clone().finalize());
    let meta = Meta {
        v: 4,
        build: &build,
        pairs,
        docs: published.len(),
        per_file: DOCS_PER_FILE,
        chunks: firsts,
        topics: site
            .topics
            .iter()
            .map(|t| [t.slug.as_str(), t.meta.title.as_str()])
            .collect(),
        outlets: outlets.names.iter().map(String::as_str).collect(),
    };
    out(format!("{INDEX_DIR}/meta.json"), to_json(&meta));
}

fn to_json<T: Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_default()
}

#[derive(Serialize)]
struct Meta<'a> {
    v: u32,
    /// What the other files of this index sum to, put on their URLs (`?v=`) by the search page:
    /// a new index is fetched anew, not mixed with the pieces of the last one a browser kept.
    build: &'a str,
    docs: usize,
    per_file: usize,
    /// The first key of each term chunk (the first chunk's is "").
    chunks: Vec<&'a str>,
    /// The bits of a pair bucket, and of its chunk's number: bucket `b` is in chunk
    /// `b >> (pairs[0] - pairs[1])`; none without the phrase index (`search.phrases: false`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pairs: Option<[u32; 2]>,
    topics: Vec<[&'a str; 2]>,
    outlets: Vec<&'a str>,
}

/// The outlets the published articles cite, by name, and each name's position.
struct Outlets {
    names: Vec<String>,
    position: FxHashMap<String, usize>,
}

/// One filter entry per outlet however its width is written (`NHK`, `ＮＨＫ`: session 34's
/// Japanese desk probe had both in the list), named by the spelling that sorts first.
fn outlets(published: &[&Article]) -> Outlets {
    let mut spellings: Vec<String> = published
        .iter()
        .flat_map(|a| a.meta.sources.iter().map(|s| s.outlet.trim().to_string()))
        .filter(|name| !name.is_empty())
        .collect();
    spellings.sort_unstable();
    spellings.dedup();
    let mut names: Vec<String> = Vec::new();
    let mut by_key: FxHashMap<String, usize> = FxHashMap::default();
    let mut position: FxHashMap<String, usize> = FxHashMap::default();
    for spelling in spellings {
        let key = crate::parse::terms::fold_width(spelling.clone());
        let at = *by_key.entry(key).or_insert_with(|| {
            names.push(spelling.clone());
            names.len() - 1
        });
        position.insert(spelling, at);
    }
    Outlets { names, position }
}

impl Outlets {
    /// The positions of an article's outlets, in its order, each once.
    fn of(&self, article: &Article) -> Vec<usize> {
        let mut found: Vec<usize> = Vec::new();
        for source in &article.meta.sources {
            if let Some(&i) = self.position.get(source.outlet.trim())
                && !found.contains(&i)
            {
                found.push(i);
            }
        }
        found
    }
}

/// A result's metadata: `[title, url, date, [topics], [outlets], excerpt]`.
type DocView = (String, String, String, Vec<usize>, Vec<usize>, String);

fn doc_view(site: &Site, article: &Article, outlets: &Outlets, language: &crate::core::language::Language) -> DocView {
    (
        article.meta.title.clone(),
        site.config.base_url.url(&article.permalink),
        language.date(&article.meta.date.at_day()),
        article.topics.clone(),
        outlets.of(article),
        excerpt(&article.summary),
    )
}

/// The summary, cut at a word boundary after `EXCERPT_CHARS` characters.
fn excerpt(summary: &str) -> String {
    match summary.char_indices().nth(EXCERPT_CHARS) {
        None => summary.to_string(),
        Some((cut, _)) => {
            let head = &summary[..cut];
            let head = head.rfind(char::is_whitespace).map_or(head, |space| &head[..space]);
            format!("{}…", head.trim_end())
        }
    }
}

/// The filters' files, each loaded only when its filter is set, so that none grows with the
/// site as a whole: `filters/days.json`, every document's day (`yyyymmdd`, delta-coded from the
/// previous document's), and for each topic and outlet (by its position in `meta.json`) the
/// documents it has, `filters/topic/<n>.json` and `filters/outlet/<n>.json`: a JSON string of
/// their ids in base-64 digits, each as its distance from the previous (the first from zero).
fn filter_files(published: &[&Article], topics: usize, outlets: &Outlets, emit: &mut dyn FnMut(String, Vec<u8>)) {
    let mut previous = 0;
    let days: Vec<i64> = published
        .iter()
        .map(|a| {
            let d = a.meta.date.start.date();
            let day = i64::from(d.year()) * 10_000 + i64::from(d.month()) * 100 + i64::from(d.day());
            let delta = day - previous;
            previous = day;
            delta
        })
        .collect();
    emit(format!("{INDEX_DIR}/filters/days.json"), to_json(&days));
    let mut by_topic = IdLists::new(topics);
    let mut by_outlet = IdLists::new(outlets.names.len());
    for (id, article) in published.iter().enumerate() {
        for &topic in &article.topics {
            by_topic.add(topic, id as u32);
        }
        for outlet in outlets.of(article) {
            by_outlet.add(outlet, id as u32);
        }
    }
    for (kind, lists) in [("topic", by_topic), ("outlet", by_outlet)] {
        for (n, (mut ids, _)) in lists.0.into_iter().enumerate() {
            // The digits need no escaping: the JSON string is written as it is.
            ids.push(b'"');
            emit(format!("{INDEX_DIR}/filters/{kind}/{n}.json"), ids);
        }
    }
}

/// Lists of document ids being written as `filter_files` writes them: per list, its JSON string
/// so far (the opening quote, then the digits) and its last id plus one (zero for none).
struct IdLists(Vec<(Vec<u8>, u32)>);

impl IdLists {
    fn new(lists: usize) -> IdLists {
        IdLists((0..lists).map(|_| (vec![b'"'], 0)).collect())
    }

    /// Adds document `id` to list `n`, once (ids come in order).
    fn add(&mut self, n: usize, id: u32) {
        let Some((digits, last)) = self.0.get_mut(n) else {
            return;
        };
        debug_assert!(*last <= id + 1, "ids come in order");
        if *last > id {
            return;
        }
        push_number(digits, if *last == 0 { id } else { id + 1 - *last });
        *last = id + 1;
    }
}

/// Every key with its postings, in the order `search.js` compares strings (UTF-16 code units);
/// and the pair buckets of each document's title and summary (`FieldPairs`).
/// The bodies' terms are read from `texts` when it is given (by article index, `ids[doc]`), each
/// freed once read.
fn postings(
    site: &Site,
    published: &[&Article],
    ids: &[usize],
    texts: &mut Option<Vec<IndexText>>,
) -> (Vec<Entry>, FieldPairs) {
    let stemmer = stemmer_for(&site.config.language);
    let stemmer = stemmer.as_ref();
    let mut builder = Builder::default();
    let mut fields = TermSet::with_pairs(site.config.search_phrases);
    let mut field_pairs = FieldPairs::default();
    for (id, article) in published.iter().enumerate() {
        for (text, weight) in [
            (article.meta.title.as_str(), TITLE_WEIGHT),
            (article.summary.as_str(), SUMMARY_WEIGHT),
        ] {
            fields.clear();
            fields.add_text(text);
            for term in fields.terms() {
                builder.add(term, weight, stemmer);
            }
            field_pairs.buckets.extend_from_slice(fields.pairs());
        }
        fields.clear();
        for tag in &article.meta.tags {
            fields.add_text(tag);
        }
        for term in fields.terms() {
            builder.add(term, TAG_WEIGHT, stemmer);
        }
        // The update and correction notes readers see on the page, and the outlets its sources
        // name (a reader typing `Reuters` means what Reuters reported), as a body word each; and
        // their phrases, each text a phrase of its own (session 34's standards probe:
        // `"earlier version"` and `non-aggression`, only in a correction, found nothing).
        fields.clear();
        for update in &article.meta.updates {
            fields.add_text(&update.text);
            fields.break_phrase();
        }
        for source in &article.meta.sources {
            fields.add_text(&source.outlet);
            fields.break_phrase();
        }
        for term in fields.terms() {
            builder.add(term, 1, stemmer);
        }
        field_pairs.buckets.extend_from_slice(fields.pairs());
        field_pairs.ends.push(field_pairs.buckets.len());
        let body_terms = match texts {
            Some(texts) => &texts[ids[id]].terms,
            None => &article.body.terms,
        };
        for (term, count) in counted_terms(body_terms) {
            builder.add(term, count.min(BODY_MAX), stemmer);
        }
        if let Some(texts) = texts {
            texts[ids[id]].terms = String::new();
        }
        builder.finish_document(id as u32, article.meta.key);
    }
    let mut entries = builder.entries;
    for entry in &mut entries {
        entry.forms.sort_unstable_by(|a, b| utf16_cmp(a, b));
    }
    entries.sort_unstable_by(|a, b| utf16_cmp(&a.key, &b.key));
    (entries, field_pairs)
}

/// A document's pair buckets: its title's, summary's, notes' and outlets' (`FieldPairs::of`), and
/// its body's.
type DocPairs<'p> = (&'p [u32], &'p PackedPairs);

/// Hands `f` every bucket of a document's pairs, the title's, summary's, notes' and outlets' first.
fn each_pair((fields, body): DocPairs<'_>, mut f: impl FnMut(u32)) {
    for &pair in fields {
        f(pair);
    }
    body.for_each(f);
}

/// The pair buckets of every document's title, summary, update notes and outlets, one after the
/// other: document `d`'s
/// are `buckets[ends[d - 1]..ends[d]]`.
#[derive(Default)]
struct FieldPairs {
    buckets: Vec<u32>,
    ends: Vec<usize>,
}

impl FieldPairs {
    /// Document `doc`'s.
    fn of(&self, doc: usize) -> &[u32] {
        let start = doc.checked_sub(1).and_then(|d| self.ends.get(d)).copied().unwrap_or(0);
        let end = self.ends.get(doc).copied().unwrap_or(start);
        self.buckets.get(start..end).unwrap_or(&[])
    }
}

/// How the phrase index is laid out, and how many pairs (of the documents' title, summary and
/// body; `parse::terms::pair_bucket`) each range of its buckets has: the pairs are then sorted
/// by range (`Sorted`), so that each chunk is made from its own pairs with arrays that stay in
/// the processor's nearest caches. (Made in one pass over all the buckets, the arrays would be
/// megabytes, and every posting a cache miss.)
struct PairCount {
    /// The buckets' bits (`pair_bits_for`).
    bits: u32,
    /// The bits of a chunk's number: there are `2^chunk_bits` chunks of equal ranges of buckets.
    chunk_bits: u32,
    /// The bits of a bucket within a range: a range is a chunk, or a part of one.
    range_bits: u32,
    /// The bits of a document's id (one more than its index): a bucket within its range and an
    /// id share a `u32` in `Sorted`.
    id_bits: u32,
    /// Per range, how many pairs it has.
    pairs: Vec<usize>,
}

impl PairCount {
    /// Lays out the index for the pairs of `documents` (`pairs_of`), and counts them by range.
    fn new<'p>(documents: usize, pairs_of: &dyn Fn(usize) -> DocPairs<'p>) -> PairCount {
        let total: usize = (0..documents)
            .map(pairs_of)
            .map(|(fields, body)| fields.len() + body.len())
            .sum();
        let bits = pair_bits_for(total);
        // About two and a half digits a posting.
        let wanted = (total * 5 / 2 / CHUNK_BYTES).max(1);
        let chunk_bits = wanted.next_power_of_two().trailing_zeros().min(bits);
        let id_bits = usize::BITS - documents.leading_zeros();
        // A range is a chunk, unless a chunk's buckets and an id do not fit in 32 bits.
        let range_bits = (bits - chunk_bits).min(u32::BITS.saturating_sub(id_bits));
        let mut count = PairCount {
            bits,
            chunk_bits,
            range_bits,
            id_bits,
            pairs: Vec::new(),
        };
        count.count(documents, pairs_of);
        count
    }

    /// Counts the pairs by range.
    fn count<'p>(&mut self, documents: usize, pairs_of: &dyn Fn(usize) -> DocPairs<'p>) {
        let mut pairs = vec![0; 1 << (self.bits - self.range_bits)];
        for doc in 0..documents {
            each_pair(pairs_of(doc), |pair| {
                if let Some(n) = pairs.get_mut(self.range_of(pair)) {
                    *n += 1;
                }
            });
        }
        self.pairs = pairs;
    }

    /// The range of a pair's bucket.
    fn range_of(&self, pair: u32) -> usize {
        (pair >> (PAIR_BITS - self.bits + self.range_bits)) as usize
    }

    /// How many ranges a chunk has.
    fn ranges_per_chunk(&self) -> usize {
        1 << (self.bits - self.chunk_bits - self.range_bits)
    }

    /// The chunks, in two parts of about as many pairs each when there are two chunks or more:
    /// the sorted pairs take as much memory as the documents' own, and while they are sorted the
    /// documents' are still there; half at a time keeps the index's peak below the two together.
    fn parts(&self) -> Vec<std::ops::Range<usize>> {
        let chunks = 1usize << self.chunk_bits;
        let per_chunk = self.ranges_per_chunk();
        let total: usize = self.pairs.iter().sum();
        if chunks < 2 {
            return std::iter::once(0..chunks).collect();
        }
        // The first part ends after the chunk that takes it to half, and leaves one at least.
        let mut seen = 0;
        let mut split = chunks - 1;
        for (chunk, ranges) in self.pairs.chunks(per_chunk).enumerate().take(chunks - 1) {
            seen += ranges.iter().sum::<usize>();
            if seen * 2 >= total {
                split = chunk + 1;
                break;
            }
        }
        vec![0..split, split..chunks]
    }

    /// An empty sort of the pairs of `chunks`' ranges, to which `add` adds each document's.
    fn sorting(&self, chunks: std::ops::Range<usize>) -> Sorted<'_> {
        let per_chunk = self.ranges_per_chunk();
        let ranges = chunks.start * per_chunk..chunks.end * per_chunk;
        let mut starts = Vec::with_capacity(ranges.len() + 1);
        let mut at = 0;
        starts.push(0);
        for &n in self.pairs.get(ranges.clone()).unwrap_or(&[]) {
            at += n;
            starts.push(at);
        }
        // The pairs of the other ranges are all written to the one place past the end, and the
        // place does not move: sorting has no branch to mispredict.
        let mut next = vec![at; self.pairs.len()];
        if let (Some(next), Some(starts)) = (next.get_mut(ranges.clone()), starts.get(..ranges.len())) {
            next.copy_from_slice(starts);
        }
        Sorted {
            items: vec![0; at + 1],
            starts,
            next,
            ranges,
            count: self,
        }
    }
}

/// The pairs of some ranges (`PairCount::sorting`), sorted by range and in document order within
/// a range.
struct Sorted<'c> {
    /// A pair a `u32`, range after range: the bucket within the range in the high bits, the
    /// document's id in the low `id_bits`; and one more, where the other ranges' pairs are
    /// written. `phrase_chunks` rewrites a range's in place, each id as its distance from the
    /// bucket's previous and without a bucket's repeats (the range then ends before
    /// `starts[n + 1]`).
    items: Vec<u32>,
    /// The `n`th range's pairs are `items[starts[n]..starts[n + 1]]`.
    starts: Vec<usize>,
    /// Per range of the index, where its next pair goes.
    next: Vec<usize>,
    /// The ranges sorted here (of the index's).
    ranges: std::ops::Range<usize>,
    /// The layout and the counts.
    count: &'c PairCount,
}

impl Sorted<'_> {
    /// Adds document `doc`'s pairs; documents come in order, each once, with the pairs counted.
    fn add(&mut self, doc: usize, pairs: DocPairs<'_>) {
        let count = self.count;
        let id = doc as u32 + 1;
        let bucket_mask = (1u32 << count.range_bits) - 1;
        let (next, items, ranges) = (&mut self.next, &mut self.items, &self.ranges);
        each_pair(pairs, |pair| {
            let range = count.range_of(pair);
            let Some(next) = next.get_mut(range) else {
                return;
            };
            if let Some(item) = items.get_mut(*next) {
                let bucket = (pair >> (PAIR_BITS - count.bits)) & bucket_mask;
                *item = bucket.checked_shl(count.id_bits).unwrap_or(0) | id;
            }
            *next += usize::from(ranges.contains(&range));
        });
    }
}

/// The phrase index: for every pair of neighbouring words (`parse::terms::pair_bucket`), the
/// documents whose title, summary or body has it, so that a quoted phrase finds the documents
/// that hold its words in order, wherever they are. The buckets are split into `2^chunk_bits`
/// chunks of equal ranges (about `CHUNK_BYTES` each; `PairCount`). A chunk is one JSON string of base-64
/// digits (five bits a digit, low first, the sixth bit set on all but a number's last): for each
/// bucket that has documents, in order, its distance from the previous one (the first from the
/// chunk's start), how many documents, and their ids, each as the distance from the previous
/// (the first from zero).
///
/// Hands `emit` the chunks whose pairs are `sorted`: for each, a first pass over its pairs counts
/// each bucket's documents and the digits their ids take, which places every bucket in the chunk,
/// and keeps each posting's distance; a second writes them in their places.
fn phrase_chunks(mut sorted: Sorted, emit: &mut dyn FnMut(String, Vec<u8>)) {
    let count = sorted.count;
    let chunk_buckets = 1usize << (count.bits - count.chunk_bits);
    let per_chunk = count.ranges_per_chunk();
    let id_mask = 1u32.checked_shl(count.id_bits).map_or(u32::MAX, |n| n - 1);
    // Per bucket of the chunk: its documents, the last one posted (its id; zero for none), and
    // the digits of its ids, then where they go in the chunk. A document's pairs come one after
    // the other, so a pair it has twice (in the body twice, or in the title and the body) is
    // posted once.
    let mut documents = vec![0u32; chunk_buckets];
    let mut last = vec![0u32; chunk_buckets];
    let mut place = vec![0u32; chunk_buckets];
    // Where each range's postings end, without a bucket's repeats.
    let mut ends = vec![0usize; per_chunk];
    let first_range = sorted.ranges.start;
    for chunk in sorted.ranges.start / per_chunk..sorted.ranges.end / per_chunk {
        documents.fill(0);
        last.fill(0);
        place.fill(0);
        // The chunk's ranges in `sorted.starts`.
        let ranges = chunk * per_chunk - first_range..(chunk + 1) * per_chunk - first_range;
        for (n, end) in ranges.clone().zip(&mut ends) {
            // The range's first bucket within the chunk.
            let first = (n % per_chunk) << count.range_bits;
            let (start, stop) = (sorted.starts[n], sorted.starts[n + 1]);
            let mut kept = start;
            for i in start..stop {
                let item = sorted.items[i];
                let within = item.checked_shr(count.id_bits).unwrap_or(0);
                let bucket = first | within as usize;
                let id = item & id_mask;
                let previous = &mut last[bucket];
                if *previous == id {
                    continue;
                }
                // Ids are one more than documents here: the difference is the same.
                let delta = if *previous == 0 { id - 1 } else { id - *previous };
                *previous = id;
                documents[bucket] += 1;
                place[bucket] += number_len(delta);
                sorted.items[kept] = within.checked_shl(count.id_bits).unwrap_or(0) | delta;
                kept += 1;
            }
            *end = kept;
        }
        // The chunk's exact length first, so that its bytes are allocated once.
        let mut length = 2;
        let mut previous = 0;
        for bucket in (0..chunk_buckets).filter(|&b| documents[b] > 0) {
            length += (number_len((bucket - previous) as u32) + number_len(documents[bucket]) + place[bucket]) as usize;
            previous = bucket;
        }
        // The digits need no escaping: the JSON string is written as it is.
        let mut json = Vec::with_capacity(length);
        json.push(b'"');
        previous = 0;
        for bucket in 0..chunk_buckets {
            if documents[bucket] == 0 {
                continue;
            }
            push_number(&mut json, (bucket - previous) as u32);
            previous = bucket;
            push_number(&mut json, documents[bucket]);
            let digits = place[bucket] as usize;
            place[bucket] = json.len() as u32;
            json.resize(json.len() + digits, 0);
        }
        for (n, &end) in ranges.zip(&ends) {
            let first = (n % per_chunk) << count.range_bits;
            for &item in &sorted.items[sorted.starts[n]..end] {
                let bucket = first | item.checked_shr(count.id_bits).unwrap_or(0) as usize;
                let at = place[bucket] as usize;
                place[bucket] += write_number(&mut json[at..], item & id_mask);
            }
        }
        json.push(b'"');
        emit(format!("{INDEX_DIR}/pairs/{chunk}.json"), json);
    }
}

/// How many bits of a pair's hash the phrase index keys it by: sixteen buckets or more for each
/// pair a site has (so that two pairs seldom share one), at most `PAIR_BITS`, at least ten. A
/// bucket of fewer bits is the top bits of `parse::terms::pair_bucket`'s, as search.js computes
/// it from `meta.pairs[0]`; a small site's index then allocates and scans kilobytes, not 12 MB.
fn pair_bits_for(pairs: usize) -> u32 {
    let wanted = pairs.saturating_mul(16).max(1);
    wanted
        .checked_next_power_of_two()
        .map_or(usize::BITS, |n| n.trailing_zeros())
        .clamp(10, PAIR_BITS)
}

/// How many base-64 digits `n` takes (`push_number`).
fn number_len(n: u32) -> u32 {
    // Five bits a digit, one for zero; without a loop, whose exit the processor would mispredict
    // on postings of mixed lengths.
    (u32::BITS - (n | 1).leading_zeros()).div_ceil(5)
}

/// Writes `n` as `push_number` does at the start of `out`, which has room; returns the digits.
fn write_number(out: &mut [u8], mut n: u32) -> u32 {
    let mut i = 0;
    while n >= 32 {
        if let Some(slot) = out.get_mut(i) {
            *slot = DIGITS[(n & 31 | 32) as usize];
        }
        n >>= 5;
        i += 1;
    }
    if let Some(slot) = out.get_mut(i) {
        *slot = DIGITS[n as usize];
    }
    i as u32 + 1
}

/// Appends `n` in base-64 digits: five bits a digit, low first, the sixth bit set on all but the
/// last.
fn push_number(out: &mut Vec<u8>, mut n: u32) {
    while n >= 32 {
        out.push(DIGITS[(n & 31 | 32) as usize]);
        n >>= 5;
    }
    out.push(DIGITS[n as usize]);
}

/// Strings in JavaScript's order.
fn utf16_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    if a.is_ascii() && b.is_ascii() {
        return a.cmp(b);
    }
    a.encode_utf16().cmp(b.encode_utf16())
}

/// A term chunk: its first key and its entries.
struct Chunk {
    first: String,
    entries: std::ops::Range<usize>,
}

/// Cuts the entries into chunks of about `CHUNK_BYTES`. The browser looks a word up in the
/// chunk whose first key is the last one not after it, so no chunk may start between a key and
/// one of its surface words: every word of the site must land in its key's chunk.
fn chunk(entries: &[Entry]) -> Vec<Chunk> {
    // Every key and surface word, in order, with its entry.
    let mut words: Vec<(&str, usize)> = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        words.push((&entry.key, i));
        words.extend(entry.forms.iter().map(|f| (&**f, i)));
    }
    words.sort_unstable_by(|a, b| utf16_cmp(a.0, b.0).then(a.1.cmp(&b.1)));
    // The last position of each entry's words: a chunk may start at position p only if every
    // entry seen before p has all its words before p.
    let mut last = vec![0; entries.len()];
    for (p, &(_, i)) in words.iter().enumerate() {
        last[i] = p;
    }
    let mut chunks = vec![Chunk {
        first: String::new(),
        entries: 0..0,
    }];
    let (mut reach, mut bytes, mut next_entry) = (0, 0, 0);
    for (p, &(word, i)) in words.iter().enumerate() {
        if p > 0 && reach < p && bytes >= CHUNK_BYTES {
            chunks.push(Chunk {
                first: word.to_string(),
                entries: next_entry..next_entry,
            });
            bytes = 0;
        }
        // An entry met first by a surface word that sorts before its key (`cities`, `citi`)
        // brings the entries between along: they all stay in this chunk.
        for entry in entries.iter().take(i + 1).skip(next_entry) {
            bytes += entry.key.len() + entry.postings.len() + entry.forms.iter().map(|f| f.len() + 3).sum::<usize>();
        }
        if let Some(newly) = last.get(next_entry..=i) {
            reach = newly.iter().fold(reach, |r, &l| r.max(l));
        }
        reach = reach.max(last[i]);
        next_entry = next_entry.max(i + 1);
        if let Some(current) = chunks.last_mut() {
            current.entries.end = next_entry;
        }
    }
    chunks
}

/// A chunk entry: `[key, [surface words], postings]`.
type EntryView<'a> = (&'a str, &'a [Box<str>], &'a str);

fn entry_view(entry: &Entry) -> EntryView<'_> {
    // The digits are ASCII, so this never fails.
    (
        &entry.key,
        &entry.forms,
        std::str::from_utf8(&entry.postings).unwrap_or_default(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn index_paths() {
        assert!(is_index_path("search/meta.json"));
        assert!(is_index_path("search/filters/days.json"));
        assert!(is_index_path("search/filters/topic/3.json"));
        assert!(is_index_path("search/filters/outlet/0.json"));
        assert!(!is_index_path("search/filters.json"));
        assert!(!is_index_path("search/filters/tag/0.json"));
        assert!(is_index_path("search/terms/12.json"));
        assert!(is_index_path("search/pairs/3.json"));
        assert!(is_index_path("search/docs/0.json"));
        assert!(!is_index_path("search/index.html"));
        assert!(!is_index_path("search/terms/a/b.json"));
        assert!(!is_index_path("search/terms/.json"));
        assert!(!is_index_path("searchx/meta.json"));
    }

    #[test]
    fn postings_are_base64_deltas_and_weights() {
        let mut entry = Entry::default();
        for (doc, weight, key) in [(0, 3, false), (1, 2, true), (40, 99, false)] {
            entry.push(doc, weight, key);
        }
        // 0 → A, weight 6 → G; 1 → B, weight 5 → F; 39 = 7 + 32 → n (7 and the next bit), B,
        // weight 31 (capped) → 62 → -.
        assert_eq!(entry.postings, b"AGBFnB-");
    }

    #[test]
    fn numbers_are_measured_and_written_in_place_as_they_are_appended() {
        for n in [0, 1, 31, 32, 1023, 1024, 32_767, 32_768, 1 << 20, u32::MAX] {
            let mut pushed = Vec::new();
            push_number(&mut pushed, n);
            assert_eq!(number_len(n) as usize, pushed.len(), "{n}");
            let mut written = vec![0; pushed.len()];
            assert_eq!(write_number(&mut written, n) as usize, pushed.len());
            assert_eq!(written, pushed, "{n}");
        }
        // 40 = 8 + 32: the low five bits with the next bit set, then 1.
        let mut forty = Vec::new();
        push_number(&mut forty, 40);
        assert_eq!(forty, b"oB");
    }

    #[test]
    fn the_phrase_index_has_sixteen_buckets_a_pair_within_bounds() {
        assert_eq!(pair_bits_for(0), 10);
        assert_eq!(pair_bits_for(100), 11);
        assert_eq!(pair_bits_for(15_000), 18);
        assert_eq!(pair_bits_for(9_000_000), PAIR_BITS);
        assert_eq!(pair_bits_for(usize::MAX), PAIR_BITS);
    }

    /// The phrase index's chunks, read back: every bucket's documents.
    fn read_phrase_index(chunks: &[Vec<u8>], bucket_bits: u32) -> BTreeMap<usize, Vec<u32>> {
        let mut buckets = BTreeMap::new();
        for (chunk, json) in chunks.iter().enumerate() {
            let digits = json
                .strip_prefix(b"\"")
                .and_then(|d| d.strip_suffix(b"\""))
                .expect("a JSON string");
            let mut digits = digits
                .iter()
                .map(|d| DIGITS.iter().position(|x| x == d).expect("a digit") as u32);
            let mut number = || -> Option<u32> {
                let (mut n, mut shift) = (0, 0);
                loop {
                    let digit = digits.next()?;
                    n |= (digit & 31) << shift;
                    shift += 5;
                    if digit < 32 {
                        return Some(n);
                    }
                }
            };
            let mut bucket = chunk << bucket_bits;
            while let Some(gap) = number() {
                bucket += gap as usize;
                let documents = number().expect("a count");
                let mut id = 0;
                let ids = (0..documents)
                    .map(|n| {
                        let delta = number().expect("an id");
                        id = if n == 0 { delta } else { id + delta };
                        id
                    })
                    .collect();
                assert!(buckets.insert(bucket, ids).is_none(), "bucket {bucket} twice");
            }
        }
        buckets
    }

    #[test]
    fn the_phrase_index_posts_each_documents_pairs_once_under_their_buckets_whatever_the_ranges() {
        // 300 documents of 200 pairs, some drawn from a small pool so that they repeat within a
        // document and across them, and titles that repeat some of the body's.
        let mut seed = 0x2545_f491_u32;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed
        };
        let bodies: Vec<PackedPairs> = (0..300)
            .map(|_| {
                let pairs: Vec<u32> = (0..200)
                    .map(|_| match next() % 3 {
                        0 => (next() % 64) << (PAIR_BITS - 6),
                        _ => next() >> (32 - PAIR_BITS),
                    })
                    .collect();
                PackedPairs::new(&pairs)
            })
            .collect();
        let mut fields = FieldPairs::default();
        for body in &bodies {
            let mut n = 0;
            body.for_each(|bucket| {
                if n % 50 == 0 {
                    fields.buckets.push(bucket);
                }
                n += 1;
            });
            fields.ends.push(fields.buckets.len());
        }
        let pairs_of = |doc: usize| (fields.of(doc), &bodies[doc]);
        let mut count = PairCount::new(bodies.len(), &pairs_of);
        assert!(count.chunk_bits >= 2, "several chunks: {}", count.chunk_bits);
        let bucket_bits = count.bits - count.chunk_bits;
        // A range a chunk (as on most sites); four a chunk (as on a site of many documents with
        // few pairs each, whose ids and buckets within a chunk need more than 32 bits); a range a
        // bucket, with ids of 32 bits.
        let layouts = [(bucket_bits, count.id_bits), (bucket_bits - 2, count.id_bits), (0, 32)];
        for (range_bits, id_bits) in layouts {
            count.range_bits = range_bits;
            count.id_bits = id_bits;
            count.count(bodies.len(), &pairs_of);
            assert_eq!(count.parts().len(), 2);
            assert_eq!(
                phrase_index(&count, bodies.len(), &pairs_of),
                expected_index(&count, bodies.len(), &pairs_of),
                "ranges of {range_bits} bits, ids of {id_bits}"
            );
        }
        // A small site: one chunk, one part.
        let small = PairCount::new(3, &pairs_of);
        assert_eq!(small.parts(), vec![0..1; 1]);
        assert_eq!(phrase_index(&small, 3, &pairs_of), expected_index(&small, 3, &pairs_of));
        // Two chunks are two parts even when the second has most of the pairs.
        let lopsided = PairCount {
            bits: 12,
            chunk_bits: 1,
            range_bits: 11,
            id_bits: 4,
            pairs: vec![1, 9],
        };
        assert_eq!(lopsided.parts(), [0..1, 1..2]);
    }

    /// The phrase index of `documents`, made as `outputs_taking` makes it, read back.
    fn phrase_index<'p>(
        count: &PairCount,
        documents: usize,
        pairs_of: &dyn Fn(usize) -> DocPairs<'p>,
    ) -> BTreeMap<usize, Vec<u32>> {
        let mut chunks = Vec::new();
        for part in count.parts() {
            let mut sorted = count.sorting(part);
            for doc in 0..documents {
                sorted.add(doc, pairs_of(doc));
            }
            phrase_chunks(sorted, &mut |path, json| {
                assert_eq!(path, format!("{INDEX_DIR}/pairs/{}.json", chunks.len()));
                chunks.push(json);
            });
        }
        assert_eq!(chunks.len(), 1 << count.chunk_bits);
        read_phrase_index(&chunks, count.bits - count.chunk_bits)
    }

    /// What every bucket should hold: the documents with a pair in it, in order, once.
    fn expected_index<'p>(
        count: &PairCount,
        documents: usize,
        pairs_of: &dyn Fn(usize) -> DocPairs<'p>,
    ) -> BTreeMap<usize, Vec<u32>> {
        let mut expected: BTreeMap<usize, Vec<u32>> = BTreeMap::new();
        for doc in 0..documents {
            each_pair(pairs_of(doc), |pair| {
                let ids = expected.entry((pair >> (PAIR_BITS - count.bits)) as usize).or_default();
                if ids.last() != Some(&(doc as u32)) {
                    ids.push(doc as u32);
                }
            });
        }
        expected
    }

    #[test]
    fn a_filter_list_holds_each_id_once_as_its_distance_from_the_previous() {
        let mut lists = IdLists::new(2);
        for id in [0, 0, 1, 33, 33, 1 << 20] {
            lists.add(0, id);
        }
        lists.add(1, 40);
        // An unknown list is no list.
        lists.add(2, 5);
        let mut expected = b"\"".to_vec();
        for delta in [0, 1, 32, (1 << 20) - 33] {
            push_number(&mut expected, delta);
        }
        assert_eq!(lists.0[0].0, expected);
        // 40 = 8 + 32: the low five bits with the next bit set, then 1.
        assert_eq!(lists.0[1].0, b"\"oB");
        assert_eq!(lists.0.len(), 2);
    }

    #[test]
    fn excerpts_are_cut_at_a_word() {
        assert_eq!(excerpt("short"), "short");
        let long = "word ".repeat(100);
        let cut = excerpt(&long);
        assert!(
            cut.ends_with("word…") && cut.chars().count() <= EXCERPT_CHARS + 1,
            "{cut}"
        );
    }

    #[test]
    fn strings_sort_as_javascript_compares_them() {
        // U+FF21 (fullwidth A) is one UTF-16 unit; U+20000 a surrogate pair, which sorts first.
        assert_eq!(utf16_cmp("\u{20000}", "\u{FF21}"), std::cmp::Ordering::Less);
        assert_eq!(utf16_cmp("ab", "b"), std::cmp::Ordering::Less);
    }
}
