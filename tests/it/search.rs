//! Client-side search (issue 16): the index files (a small meta file, term chunks, result files,
//! filters), stemming, CJK bigrams, escaping, size bounds, and the /search/ page driven in
//! headless Chromium.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::{SITE_YAML, TOPIC, browser_tools, gazette, repo, run_node_script, site, stderr};
use crate::serve::Server;

fn build(dir: &Path) -> (tempfile::TempDir, PathBuf, String) {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("p");
    let run = gazette(dir, &["build", "--output", target.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    let printed = String::from_utf8_lossy(&run.stdout).into_owned();
    (out, target, printed)
}

fn json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))).unwrap()
}

/// The index as the browser reads it: every entry of every term chunk, and the chunks' first keys.
struct Index {
    meta: Value,
    /// `(chunk, [key, [forms], postings])`
    entries: Vec<(usize, Value)>,
}

impl Index {
    fn read(out: &Path) -> Index {
        let meta = json(&out.join("search/meta.json"));
        let chunks = meta["chunks"].as_array().unwrap().len();
        let mut entries = Vec::new();
        for n in 0..chunks {
            for entry in json(&out.join(format!("search/terms/{n}.json"))).as_array().unwrap() {
                entries.push((n, entry.clone()));
            }
        }
        Index { meta, entries }
    }

    /// The entry a word of the site finds (by key or surface word), as `search.js` finds it: in
    /// the chunk whose first key is the last one not after the word.
    fn find(&self, word: &str) -> Option<&Value> {
        let firsts: Vec<&str> = self.meta["chunks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let chunk = firsts.iter().rposition(|first| js_le(first, word)).unwrap_or(0);
        self.entries
            .iter()
            .filter(|(n, _)| *n == chunk)
            .map(|(_, e)| e)
            .find(|e| e[0] == word || e[1].as_array().unwrap().iter().any(|f| f == word))
    }

    /// The document ids under a word.
    fn docs(&self, word: &str) -> Vec<u64> {
        let Some(entry) = self.find(word) else {
            return Vec::new();
        };
        postings(entry[2].as_str().unwrap())
            .into_iter()
            .map(|(id, _)| id)
            .collect()
    }
}

/// The `(document, weight)` pairs of a postings string (base-64 digits: id deltas, five bits a
/// digit with a continuation bit, each followed by a weight digit).
fn postings(text: &str) -> Vec<(u64, u64)> {
    const DIGITS: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut digits = text.chars().map(|c| DIGITS.find(c).expect("a base-64 digit") as u64);
    let (mut id, mut found) = (0, Vec::new());
    while let Some(first) = digits.next() {
        let (mut v, mut delta, mut shift) = (first, 0, 0);
        loop {
            delta += (v & 31) << shift;
            if v & 32 == 0 {
                break;
            }
            shift += 5;
            v = digits.next().expect("a digit after a continued one");
        }
        id += delta;
        found.push((id, digits.next().expect("a weight")));
    }
    found
}

fn js_le(a: &str, b: &str) -> bool {
    a.encode_utf16().cmp(b.encode_utf16()) != std::cmp::Ordering::Greater
}

#[test]
fn the_sample_index_is_a_meta_file_term_chunks_and_result_files() {
    let (_guard, out, printed) = build(&repo());
    let index = Index::read(&out);
    let docs = index.meta["docs"].as_u64().unwrap();
    assert!(docs >= 12, "{}", index.meta);
    // Result files hold `per_file` documents each: title, URL under the base path, date, topics,
    // outlets, excerpt.
    let per_file = index.meta["per_file"].as_u64().unwrap();
    let first = json(&out.join("search/docs/0.json"));
    let doc = &first[0];
    assert!(doc[1].as_str().unwrap().starts_with("/briefings/"), "{doc}");
    assert!(doc[3].is_array() && doc[4].is_array() && doc[5].is_string(), "{doc}");
    assert_eq!(
        std::fs::read_dir(out.join("search/docs")).unwrap().count() as u64,
        docs.div_ceil(per_file)
    );
    assert!(!index.docs("vostochny").is_empty());
    // Stemming: both spellings find the same key, which holds every article with either.
    let sanctions = index.find("sanctions").expect("sanctions");
    assert_eq!(index.find("sanctioned"), Some(sanctions));
    assert_eq!(sanctions[0], "sanction");
    // The meta file stays small: it names the chunks, topics and outlets, no documents.
    assert!(std::fs::metadata(out.join("search/meta.json")).unwrap().len() < 4096);
    assert!(printed.contains("(search index "), "the summary reports the index size");
    // The filters: every document's day, and the documents of each topic and outlet, in files
    // of their own (a filter loads only its own).
    let days = json(&out.join("search/filters/days.json"));
    assert_eq!(days.as_array().unwrap().len() as u64, docs);
    let all: Vec<Value> = (0..docs.div_ceil(per_file))
        .flat_map(|n| {
            json(&out.join(format!("search/docs/{n}.json")))
                .as_array()
                .unwrap()
                .clone()
        })
        .collect();
    for (kind, field, names) in [("topic", 3, "topics"), ("outlet", 4, "outlets")] {
        let names = index.meta[names].as_array().unwrap();
        assert!(!names.is_empty(), "the sample has {kind}s");
        for n in 0..names.len() {
            let listed = id_list(&json(&out.join(format!("search/filters/{kind}/{n}.json"))));
            let expected: Vec<u64> = (0..all.len() as u64)
                .filter(|&id| {
                    all[id as usize][field]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|x| x.as_u64() == Some(n as u64))
                })
                .collect();
            assert!(!expected.is_empty(), "{kind} {n} has documents");
            assert_eq!(listed, expected, "{kind} {n}");
        }
    }
    assert!(!out.join("search/filters.json").exists());
}

/// Base-64 numbers as `search.js` reads them (five bits a digit, low first, the sixth bit set on
/// all but a number's last).
fn numbers(digits: &str) -> Vec<u64> {
    const DIGITS: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut numbers = Vec::new();
    let (mut n, mut scale) = (0, 1);
    for c in digits.chars() {
        let v = DIGITS.find(c).unwrap() as u64;
        n += (v & 31) * scale;
        scale *= 32;
        if v & 32 == 0 {
            numbers.push(n);
            (n, scale) = (0, 1);
        }
    }
    numbers
}

/// The ids of a filter list (`search/filters/<kind>/<n>.json`), each its distance from the
/// previous.
fn id_list(list: &Value) -> Vec<u64> {
    let mut id = 0;
    numbers(list.as_str().unwrap())
        .into_iter()
        .map(|delta| {
            id += delta;
            id
        })
        .collect()
}

/// The documents of a pair bucket, read from `search/pairs/<n>.json` as `search.js` reads them.
fn pair_docs(out: &Path, meta: &Value, bucket: u32) -> Vec<u64> {
    let bits = meta["pairs"][0].as_u64().unwrap() as u32;
    let shift = bits - meta["pairs"][1].as_u64().unwrap() as u32;
    let chunk = json(&out.join(format!("search/pairs/{}.json", bucket >> shift)));
    let mut number = numbers(chunk.as_str().unwrap()).into_iter();
    let (want, mut at) = (u64::from(bucket & ((1 << shift) - 1)), 0);
    while let Some(step) = number.next() {
        at += step;
        let count = number.next().unwrap();
        let mut ids = Vec::new();
        let mut id = 0;
        for _ in 0..count {
            id += number.next().unwrap();
            ids.push(id);
        }
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "ids ascend, each once: {ids:?}");
        if at == want {
            return ids;
        }
    }
    Vec::new()
}

/// FNV-1a and the mix of `parse::terms::pair_bucket`, written again from their description, cut
/// to the `bits` the index uses (`meta.pairs[0]`).
fn pair_bucket(a: &str, b: &str, bits: u32) -> u32 {
    let fnv = |w: &str| {
        w.bytes()
            .fold(0x811c_9dc5_u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193))
    };
    (fnv(a).wrapping_mul(0x9e37_79b1) ^ fnv(b)).wrapping_mul(0x85eb_ca6b) >> (32 - bits)
}

#[test]
fn the_phrase_index_lists_the_briefings_of_each_pair_of_neighbouring_words() {
    let (_guard, out, _) = build(&repo());
    let meta = json(&out.join("search/meta.json"));
    // A small site's buckets are fewer than a big one's (at least sixteen a pair, at most 2^20).
    let bits = meta["pairs"][0].as_u64().unwrap() as u32;
    assert!((10..20).contains(&bits), "{meta}");
    let titles: Vec<String> = json(&out.join("search/docs/0.json"))
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d[0].as_str().unwrap().to_string())
        .collect();
    let id = |title: &str| titles.iter().position(|t| t.starts_with(title)).unwrap() as u64;
    let found = |a: &str, b: &str| pair_docs(&out, &meta, pair_bucket(a, b, bits));
    // Only a body says "partnership between"; a title says "nuclear submarine".
    assert_eq!(found("partnership", "between"), [id("Cheap Russian oil")]);
    assert!(found("nuclear", "submarine").contains(&id("US officials fear")));
    // A briefing with both words apart is not under their pair; the reverse order is another pair.
    assert!(!found("partnership", "between").contains(&id("A luxury car")));
    assert!(found("between", "partnership").is_empty());
    // Every chunk the meta file promises is there, so no phrase lookup fails.
    let chunks = 1u64 << meta["pairs"][1].as_u64().unwrap();
    for n in 0..chunks {
        assert!(out.join(format!("search/pairs/{n}.json")).is_file(), "pairs/{n}.json");
    }
}

#[test]
fn without_the_phrase_index_the_index_has_no_pairs() {
    let dir = fixture(3);
    let yaml = dir.path().join("site.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    std::fs::write(&yaml, format!("{text}search: {{ phrases: false }}\n")).unwrap();
    let (_guard, out, _) = build(dir.path());
    let index = Index::read(&out);
    assert!(index.meta.get("pairs").is_none(), "{}", index.meta);
    assert!(!out.join("search/pairs").exists());
    // The words are indexed as before.
    assert!(!index.docs("treaty").is_empty());
}

/// A site with `n` articles of ordinary words, one Korean and one Japanese, and one whose title
/// holds markup.
fn fixture(n: usize) -> tempfile::TempDir {
    let words = [
        "treaty",
        "sanctions",
        "oil",
        "tanker",
        "missile",
        "summit",
        "envoy",
        "border",
        "grain",
        "port",
        "satellite",
        "reactor",
        "convoy",
        "drills",
        "alliance",
        "pipeline",
        "ceasefire",
        "election",
    ];
    let mut files: Vec<(String, String)> = vec![
        ("site.yaml".into(), SITE_YAML.into()),
        ("content/topics/t.md".into(), TOPIC.into()),
        (
            "content/ko.md".into(),
            "---\ntitle: 북한 미사일 발사\ndate: 2024-01-02\ntopics: [t]\n---\n북한은 오늘 탄도미사일을 발사했다.\n".into(),
        ),
        (
            "content/ja.md".into(),
            "---\ntitle: 北朝鮮の核実験\ndate: 2024-01-03\ntopics: [t]\n---\n北朝鮮は核実験を行った。\n".into(),
        ),
        (
            "content/x.md".into(),
            "---\ntitle: \"<script>alert(1)</script> & \\\"quotes\\\"\"\ndate: 2024-01-04\ntopics: [t]\nsources:\n  - outlet: \"Bad </script> Outlet\"\n---\nEscaped sanctioned words.\n".into(),
        ),
    ];
    for i in 0..n {
        let body: Vec<&str> = (0..120).map(|j| words[(i * 7 + j * 3 + j / 5) % words.len()]).collect();
        files.push((
            format!("content/a{i}.md"),
            format!(
                "---\ntitle: {} {} briefing {i}\ndate: 2023-{:02}-{:02}\ntopics: [t]\nsources:\n  - outlet: Outlet {}\n---\n{}.\n",
                words[i % words.len()],
                words[(i / 3) % words.len()],
                i % 12 + 1,
                i % 28 + 1,
                i % 5,
                body.join(" ")
            ),
        ));
    }
    let borrowed: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    site(&borrowed)
}

#[test]
fn cjk_text_is_indexed_by_bigrams_and_words_by_stems() {
    let dir = fixture(3);
    let (_guard, out, _) = build(dir.path());
    let index = Index::read(&out);
    // Korean: 북한은 → 북한, 한은; a reader's 북한 is a key.
    assert!(!index.docs("북한").is_empty());
    assert!(!index.docs("한은").is_empty());
    assert!(!index.docs("미사").is_empty());
    // Japanese and Chinese characters: 北朝鮮の核実験 → 北朝, 朝鮮, 鮮の, の核, 核実, 実験.
    for bigram in ["北朝", "朝鮮", "核実", "実験"] {
        assert!(!index.docs(bigram).is_empty(), "{bigram}");
    }
    assert!(index.find("北朝鮮").is_none(), "runs are split, not kept whole");
    // Regression (language probe, session 24): each pair of a Chinese or Japanese run listed the
    // whole run (a clause: they write no spaces) as its spelling, so a Chinese article's terms
    // were twelve times a Korean one's and a search marked whole titles. A run longer than a
    // word is no spelling; Korean words, between spaces, stay.
    let forms = |key: &str| -> Vec<String> {
        index.find(key).unwrap_or_else(|| panic!("{key}"))[1]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap().to_string())
            .collect()
    };
    assert!(
        forms("朝鮮").iter().all(|f| f.chars().count() <= 4),
        "{:?}",
        forms("朝鮮")
    );
    assert!(forms("북한").iter().any(|f| f == "북한은"), "{:?}", forms("북한"));
    // English words by their stems, found by every surface word.
    assert_eq!(index.docs("sanctioned"), index.docs("sanctions"));
}

#[test]
fn markup_in_titles_and_outlets_is_data_not_html() {
    let dir = fixture(2);
    let (_guard, out, _) = build(dir.path());
    // JSON carries the text as it is; the script puts it in text nodes, never parsing it as HTML.
    let docs: Vec<Value> = std::fs::read_dir(out.join("search/docs"))
        .unwrap()
        .flat_map(|e| json(&e.unwrap().path()).as_array().unwrap().clone())
        .collect();
    let titled = docs
        .iter()
        .find(|d| d[0].as_str().unwrap().contains("alert(1)"))
        .expect("the title");
    // (Its straight quotes curled by smart punctuation, as the headline shows them.)
    assert_eq!(titled[0], "<script>alert(1)</script> & “quotes”");
    let meta = json(&out.join("search/meta.json"));
    assert!(
        meta["outlets"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o == "Bad </script> Outlet")
    );
    let script = std::fs::read_to_string(out.join("search.js")).unwrap();
    assert!(!script.contains("innerHTML"), "results are built from text nodes");
}

/// The readable search script, with its comments: `src/publish/search.js`.
const SEARCH_SOURCE: &str = "src/publish/search.js";
/// The script the default theme ships: the source without its comment lines and indentation.
const SEARCH_SHIPPED: &str = "themes/default/static/search.js";

/// `source` as the theme ships it: its first line (what the script is), a line saying where it was
/// made from, and every line that is not a comment, without its indentation. Only whole-line
/// comments go: the source writes no multi-line strings, so a line that starts with `//` is always
/// a comment, and a line's leading spaces are never inside a string.
fn without_comments(source: &str) -> String {
    let mut shipped = format!("// gazette search, made from {SEARCH_SOURCE} (which explains it) without comments.\n");
    // Without blank lines either: every byte is downloaded by each reader who searches.
    for line in source
        .lines()
        .map(str::trim_start)
        .filter(|line| !line.is_empty() && !line.starts_with("//"))
    {
        shipped.push_str(line);
        shipped.push('\n');
    }
    shipped
}

/// The theme's search.js is the source without its comments and indentation, so that readers
/// download the code and not its explanations (`GAZETTE_BLESS=1` makes it again after the source changed).
#[test]
fn the_theme_ships_the_search_source_without_its_comments() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let source = std::fs::read_to_string(root.join(SEARCH_SOURCE)).unwrap();
    let code = source.lines().filter(|line| !line.trim_start().starts_with("//"));
    assert!(
        code.into_iter().all(|line| !line.contains('`')),
        "the source writes a template literal, in which a line that starts with // is no comment"
    );
    let shipped = without_comments(&source);
    if crate::common::bless() {
        std::fs::write(root.join(SEARCH_SHIPPED), &shipped).unwrap();
        return;
    }
    let found = std::fs::read_to_string(root.join(SEARCH_SHIPPED)).unwrap();
    assert!(
        found == shipped,
        "{SEARCH_SHIPPED} is not {SEARCH_SOURCE} without its comments; edit the source and run \
         GAZETTE_BLESS=1 cargo test --test it search::the_theme_ships"
    );
}

/// Issue 16: the search page's own script stays under 10 KB gzipped (gzip's default level, as a
/// static host sends it).
#[test]
fn the_search_script_stays_under_10_kb_gzipped() {
    use std::io::Write;
    let script = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(SEARCH_SHIPPED)).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    gz.write_all(&script).unwrap();
    let size = gz.finish().unwrap().len();
    assert!(size < 10 * 1024, "search.js is {size} bytes gzipped");
}

#[test]
fn the_index_stays_in_chunks_of_bounded_size() {
    let dir = fixture(600);
    let (_guard, out, _) = build(dir.path());
    let index = Index::read(&out);
    let chunks = index.meta["chunks"].as_array().unwrap().len();
    for n in 0..chunks {
        let bytes = std::fs::metadata(out.join(format!("search/terms/{n}.json")))
            .unwrap()
            .len();
        // A chunk closes once it passes ~24 KB, unless one key alone is bigger.
        assert!(bytes < 64 * 1024, "terms/{n}.json is {bytes} bytes");
    }
    for entry in std::fs::read_dir(out.join("search/docs")).unwrap() {
        let bytes = entry.unwrap().metadata().unwrap().len();
        assert!(bytes < 16 * 1024, "a result file is {bytes} bytes");
    }
    assert!(std::fs::metadata(out.join("search/meta.json")).unwrap().len() < 4096);
    // Every word of the site is found in the chunk the browser looks in.
    for word in [
        "treaty",
        "sanctions",
        "sanctioned",
        "ceasefire",
        "briefing",
        "drills",
        "pipeline",
    ] {
        assert!(!index.docs(word).is_empty(), "{word}");
    }
    // Weights: a title word outweighs a body word, and the key event bit is the lowest.
    let treaty = index.find("treaty").unwrap();
    let weights: Vec<u64> = postings(treaty[2].as_str().unwrap())
        .into_iter()
        .map(|(_, w)| w)
        .collect();
    assert!(weights.iter().max() > weights.iter().min(), "{weights:?}");
}

#[test]
fn searching_in_chromium_finds_the_matching_article() {
    let Some(tools) = browser_tools() else { return };
    let server = Server::start(&repo(), &[]);
    let (passed, printed) = run_node_script(&tools, "search_e2e.mjs", &[format!("http://{}/", server.address)]);
    assert!(passed, "{printed}");
    assert!(printed.contains("search_e2e: OK"), "{printed}");
}

/// Runs one case of `search_cases_e2e.mjs` against a built site's `public` folder on a static
/// host (a fixture's, where the sample lacks what the case needs).
fn search_case_on(public: &Path, name: &str) {
    let Some(tools) = browser_tools() else { return };
    let server = crate::publish::StaticServer::start(public);
    run_search_case(&tools, &server.address.to_string(), name);
}

/// Runs one case of `search_cases_e2e.mjs` against the sample served by `gazette serve`.
fn search_case(name: &str) {
    let Some(tools) = browser_tools() else { return };
    let server = Server::start(&repo(), &[]);
    run_search_case(&tools, &server.address.to_string(), name);
}

/// Runs the case `name` of `search_cases_e2e.mjs` against the site served at `address`; it must
/// say it passed.
fn run_search_case(tools: &crate::common::Tools, address: &str, name: &str) {
    let (passed, printed) = run_node_script(
        tools,
        "search_cases_e2e.mjs",
        &[format!("http://{address}/"), name.to_string()],
    );
    assert!(passed, "{printed}");
    assert!(printed.contains(&format!("search_cases_e2e {name}: OK")), "{printed}");
}

#[test]
fn the_last_word_of_a_query_given_whole_is_a_prefix_only_when_the_site_lacks_it() {
    search_case("whole_query");
}

#[test]
fn a_phrase_is_not_found_across_a_sentences_or_a_headings_end() {
    search_case("phrase_within_a_sentence");
}

#[test]
fn initials_with_their_dots_find_what_they_find_without() {
    search_case("initials");
}

#[test]
fn a_topics_name_in_a_results_line_is_not_marked() {
    search_case("topic_not_marked");
}

#[test]
fn a_new_query_with_the_same_count_is_announced_again() {
    search_case("same_count_said_again");
}

#[test]
fn an_outlets_name_finds_the_briefings_that_cite_it() {
    search_case("outlet_words");
}

#[test]
fn a_one_letter_prefix_with_its_star_is_searched() {
    search_case("one_letter_prefix");
}

#[test]
fn a_korean_number_finds_only_its_own_year_or_month() {
    search_case("korean_numbers");
}

#[test]
fn a_korean_word_with_a_particle_the_site_never_writes_finds_its_stem() {
    search_case("korean_particles");
}

#[test]
fn a_phrase_of_three_words_lists_only_briefings_with_the_whole_phrase() {
    search_case("long_phrases");
}

#[test]
fn an_unknown_topic_or_outlet_in_a_shared_address_is_said_and_any_case_matches() {
    search_case("unknown_filters");
}

#[test]
fn a_one_letter_query_given_whole_is_answered() {
    search_case("one_letter_given_whole");
}

#[test]
fn a_filter_without_words_lists_its_briefings() {
    search_case("filter_without_words");
}

#[test]
fn more_results_moves_the_focus_to_the_first_added_and_escape_back_to_the_box() {
    search_case("focus_after_more");
}

#[test]
fn a_word_with_an_apostrophe_is_marked_whole() {
    search_case("apostrophes");
}

#[test]
fn a_word_pasted_thousands_of_times_is_looked_up_once() {
    search_case("a_long_query");
}

#[test]
fn letters_are_found_with_or_without_their_accents_and_marked_as_written() {
    search_case("accents");
}

#[test]
fn without_javascript_the_search_form_is_hidden_and_the_page_points_elsewhere() {
    search_case("without_javascript");
}

#[test]
fn a_phrase_in_curly_quotes_is_a_phrase() {
    search_case("curly_quotes");
}

#[test]
fn an_index_file_not_read_is_said_and_asked_again() {
    search_case("failed_fetch");
}

#[test]
fn a_word_the_site_never_spells_is_not_found_as_another_word_with_an_ending() {
    search_case("endings");
}

/// Regression: the update and correction notes readers see on an article's page were not
/// searched: `KCNA`, in the treaty briefing's update only, found nothing.
#[test]
fn update_and_correction_notes_are_searched() {
    let (_guard, out, _) = build(&repo());
    let index = Index::read(&out);
    assert_eq!(index.docs("kcna").len(), 1);
}

#[test]
fn a_number_is_found_whole_and_a_korean_number_with_its_counter() {
    search_case("numbers_whole");
}

#[test]
fn a_syllable_still_being_composed_is_not_searched() {
    search_case("ime");
}

#[test]
fn a_korean_phrase_is_found_where_its_last_word_takes_a_particle() {
    search_case("korean_phrases");
}

#[test]
fn a_korean_word_marks_only_the_words_that_hold_it() {
    search_case("korean_marks");
}

#[test]
fn a_passage_from_a_table_keeps_its_cells_apart() {
    search_case("table_cells");
}

#[test]
fn a_search_that_takes_a_while_says_it_is_running() {
    search_case("searching_status");
}

#[test]
fn back_from_a_result_shows_as_many_results_with_the_focus_on_it() {
    search_case("back_keeps_more");
}

#[test]
fn dates_given_the_wrong_way_round_search_the_days_between() {
    search_case("reversed_dates");
}

#[test]
fn the_filters_fold_on_a_phone_so_results_start_on_its_first_screen() {
    search_case("filters_folded_on_a_phone");
}

/// Regression (session 33's Arabic desk probe): Arabic words were keyed by Snowball's stems,
/// which the browser cannot make of a query, so a reader's word found only the site's own
/// spelling of it (`مفاوضات` found one of three briefings about negotiations, `للنفط` none), and
/// a word typed without its hamza's seat, with heh for teh marbuta, with vowel marks or tatweel,
/// or in Arabic-Indic digits found nothing. Both sides fold and light-stem Arabic alike.
#[test]
fn arabic_words_are_found_in_any_form_as_readers_type_them() {
    let brief = |slug: &str, title: &str, body: &str| {
        (
            format!("content/2025/03/{slug}.md"),
            format!(
                "---\ntitle: {title}\ndate: 2025-03-0{}\ntopics: [energy, gulf]\nsummary: موجز.\n---\n{body}\n",
                slug.len() % 9 + 1
            ),
        )
    };
    let files = [
        (
            "site.yaml".to_string(),
            "title: موجز\nbase_url: https://example.org/\nlanguage: ar\ntimezone: UTC\nimages: off\n".to_string(),
        ),
        brief("jeddah", "جدة", "استئناف المفاوضات في جدة بعد توقف."),
        brief("doha", "الدوحة", "قطر تستضيف مفاوضات جديدة حول الهدنة."),
        brief("khartoum", "الخرطوم", "هدنة لمدة 72 ساعة والمفاوضات مستمرة."),
        brief("opec", "أوبك", "أوبك تقرر زيادة إنتاج النِّفْط بمقدار ٧٠٠ ألف برميل."),
        (
            "content/topics/energy.md".to_string(),
            "---\ntitle: الطاقة\n---\n".to_string(),
        ),
        (
            "content/topics/gulf.md".to_string(),
            "---\ntitle: الخليج\n---\n".to_string(),
        ),
    ];
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let dir = site(&refs);
    let run = gazette(dir.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    search_case_on(&dir.path().join("public"), "arabic_forms");
}

/// Regression (session 34's Japanese desk and standards probes): full-width letters and digits
/// (`ＡＢＣ`, `１２００`) and half-width katakana (`ﾌﾟｰﾁﾝ`) were words of their own, so what a
/// Japanese keyboard types missed what the site wrote the other way; and a phrase only in a
/// correction note had no pairs in the phrase index. Both sides fold widths alike, and notes'
/// phrases are indexed.
#[test]
fn full_width_forms_and_phrases_in_correction_notes_are_found() {
    let dir = site(&[
        (
            "site.yaml",
            "title: Desk\nbase_url: https://example.org/\ntimezone: UTC\nimages: off\n",
        ),
        ("content/topics/t.md", "---\ntitle: Pact\n---\n"),
        (
            "content/2024/06/pact.md",
            "---\ntitle: Pact signed\ndate: 2024-06-19\ntopics: [t]\nsummary: The two leaders signed it.\nupdates:\n  - date: 2024-06-20\n    kind: correction\n    text: An earlier version called it a non-aggression pact.\n---\nThey signed a treaty.\n",
        ),
        (
            "content/2024/06/abc.md",
            "---\ntitle: 放送の報道\ndate: 2024-06-21\ntopics: [t]\nsummary: 報道のまとめ。\n---\nＡＢＣ放送と、ＮＨＫによると、プーチン氏は兵士１２００人について語った。\n",
        ),
    ]);
    let run = gazette(dir.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    search_case_on(&dir.path().join("public"), "widths_and_notes");
}

/// Regression (session 34's Japanese desk probe): `NHK` and `ＮＨＫ` were two outlets in the
/// search page's filter. One outlet however its width is written, named by the first spelling,
/// and its filter lists the briefings that cite either.
#[test]
fn an_outlet_written_in_full_width_is_one_outlet_in_the_filter() {
    let article = |title: &str, day: u8, outlet: &str| {
        format!("---\ntitle: {title}\ndate: 2024-06-{day:02}\nsources: [{{ outlet: {outlet} }}]\n---\nText.\n")
    };
    let dir = site(&[
        (
            "site.yaml",
            "title: Desk\nbase_url: https://example.org/\ntimezone: UTC\nimages: off\n",
        ),
        ("content/a.md", &article("A", 19, "NHK")),
        ("content/b.md", &article("B", 20, "ＮＨＫ")),
        ("content/c.md", &article("C", 21, "Reuters")),
    ]);
    let (_guard, out, _) = build(dir.path());
    let meta = json(&out.join("search/meta.json"));
    assert_eq!(meta["outlets"], serde_json::json!(["NHK", "Reuters"]), "{meta}");
    let nhk = json(&out.join("search/filters/outlet/0.json"));
    assert_eq!(id_list(&nhk).len(), 2, "{nhk}");
}

/// Regression (session 33's theme probe): a theme's search page without `id="search-results"`
/// built cleanly, and search failed in the browser with a script error. Each element search.js
/// needs is a warning at search.html when the page loads the script.
#[test]
fn a_search_page_without_what_search_js_needs_is_a_warning() {
    let page =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/search.html"))
            .unwrap();
    let lacking = page.replace(" id=\"search-results\"", "");
    assert_ne!(lacking, page);
    let dir = site(&[
        ("site.yaml", "title: T\nbase_url: https://example.org/\ntimezone: UTC\n"),
        ("content/a.md", "---\ntitle: A\ndate: 2024-01-01\n---\nBody.\n"),
        ("templates/search.html", &lacking),
    ]);
    let run = gazette(dir.path(), &["check"]);
    let printed = stderr(&run);
    assert!(
        printed.contains("templates/search.html: warning: the search page has no element `id=\"search-results\"`, which search.js needs"),
        "{printed}"
    );
    assert_eq!(printed.matches(": warning: ").count(), 1, "{printed}");
    // Without the script, the page is the theme's own: nothing is said.
    let own = lacking.replace("<script src=\"{{ site.search_script_url }}\" defer></script>", "");
    std::fs::write(dir.path().join("templates/search.html"), own).unwrap();
    let printed = stderr(&gazette(dir.path(), &["check"]));
    assert!(!printed.contains("warning"), "{printed}");
}

#[test]
fn a_hyphenated_word_is_searched_as_the_phrase_of_its_words() {
    search_case("hyphenated");
}

#[test]
fn a_first_letter_typed_says_nothing_until_a_word_can_be_looked_up() {
    search_case("first_letter");
}

#[test]
fn the_notice_of_an_unknown_topic_is_announced() {
    search_case("notice_announced");
}

/// Regression (session 32's phone probe): a second search replaced the first one's history
/// entry, so Back from it left the search page. Each search given whole keeps its entry; Back and
/// Forward search again.
#[test]
fn back_and_forward_go_between_searches() {
    search_case("back_between_searches");
}

/// Regression (session 32's phone probe): the status line was the live region, so a screen
/// reader heard every keystroke's count. A hidden live region says it once typing pauses, and at
/// once for a search given whole.
#[test]
fn a_screen_reader_hears_the_count_once_typing_pauses() {
    search_case("announced_once");
}

#[test]
fn a_passage_starts_at_a_sentence_not_inside_a_heading() {
    search_case("passage_from_a_sentence");
}

#[test]
fn a_phrase_in_a_title_ranks_first() {
    search_case("phrase_in_title_first");
}

/// Regression (deploy probe): the index's files kept their names from one build to the next, so
/// a reader whose browser had kept the last deploy's `meta.json` or chunks (a host lets it keep
/// them for minutes or hours) searched them, or a mix of them and the new ones: new briefings not
/// found, results under other briefings' titles. `meta.json` now carries what the other files sum
/// to (`build`), the same for the same index and another for any change, and the search page asks
/// for each file with it.
#[test]
fn the_index_build_is_the_same_for_the_same_index_and_changes_with_it() {
    let dir = fixture(40);
    let (_a, first, _) = build(dir.path());
    let (_b, again, _) = build(dir.path());
    let build_of = |out: &Path| {
        json(&out.join("search/meta.json"))["build"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let before = build_of(&first);
    assert!(
        before.len() > 8 && before.bytes().all(|b| b.is_ascii_hexdigit()),
        "{before}"
    );
    assert_eq!(build_of(&again), before, "an unchanged site's index keeps its build");
    let article = dir.path().join("content/a7.md");
    let text = std::fs::read_to_string(&article).unwrap();
    std::fs::write(&article, text.replace("briefing 7", "briefing seven")).unwrap();
    let (_c, changed, _) = build(dir.path());
    assert_ne!(build_of(&changed), before, "a changed title changes the build");
}

/// Regression (search probe): More clicked while a newer search ran showed the old query's next
/// page under the new query's count (`showMore` took the old results with the new search's
/// ticket). Forty-five briefings, newest first in the index: `alpha` is in the ten newest, often,
/// and the five oldest, once, so that its second page is in the second docs file, which the test
/// holds back for 3 s; `"beta gamma"` (its pairs file held back 1 s) is in the eleven after them.
#[test]
fn more_clicked_while_a_newer_search_runs_adds_nothing_of_the_old_query() {
    let Some(tools) = browser_tools() else { return };
    let mut files = vec![("site.yaml".to_string(), SITE_YAML.to_string())];
    for i in 0..45 {
        let body = match i {
            0..10 => "Alpha, alpha and alpha.",
            10..21 => "Beta gamma, here.",
            40.. => "Alpha once.",
            _ => "Nothing to find.",
        };
        files.push((
            format!("content/a{i}.md"),
            format!(
                "---\ntitle: Briefing {i}\ndate: 2024-01-02T12:{:02}:00Z\n---\n{body}\n",
                59 - i
            ),
        ));
    }
    let borrowed: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let dir = site(&borrowed);
    let run = gazette(dir.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(
        dir.path().join("public/search/docs/1.json").exists(),
        "the fixture needs a second docs file"
    );
    let server = crate::publish::StaticServer::start(&dir.path().join("public"));
    let (passed, printed) = run_node_script(
        &tools,
        "search_cases_e2e.mjs",
        &[
            format!("http://{}/", server.address),
            "more_during_a_search".to_string(),
        ],
    );
    assert!(passed, "{printed}");
    assert!(
        printed.contains("search_cases_e2e more_during_a_search: OK"),
        "{printed}"
    );
}

/// The browser's side of the regression above, on a real static host (Python's, which sends
/// `Last-Modified` and no `Cache-Control`, so Chromium keeps a file for a tenth of its age, as it
/// would under a host's `max-age`): a reader searches, the site is rebuilt with a new briefing,
/// and the same browser searches again. It found nothing, from the kept files.
#[test]
fn a_browser_that_searched_the_last_deploy_finds_what_the_next_one_added() {
    let Some(tools) = browser_tools() else { return };
    let dir = fixture(40);
    let run = gazette(dir.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let server = crate::publish::StaticServer::start(&dir.path().join("public"));
    let (passed, printed) = run_node_script(
        &tools,
        "search_cases_e2e.mjs",
        &[
            format!("http://{}/", server.address),
            "next_deploy".to_string(),
            env!("CARGO_BIN_EXE_gazette").to_string(),
            dir.path().display().to_string(),
        ],
    );
    assert!(passed, "{printed}");
    assert!(printed.contains("search_cases_e2e next_deploy: OK"), "{printed}");
}

/// The search page's side of the index's `build` without a browser (the Chromium test above
/// passes without one when Chromium is missing outside CI): every index file but `meta.json` is
/// fetched with `?v=` and the build, `meta.json` itself with `no-cache` (review).
#[test]
fn the_search_script_fetches_the_index_files_with_its_build() {
    let source = std::fs::read_to_string(repo().join(SEARCH_SOURCE)).unwrap();
    assert!(source.contains("fetch(base + path + \"?v=\" + m.build)"), "{source}");
    assert!(
        source.contains("fetch(base + path, { cache: \"no-cache\" })"),
        "{source}"
    );
}

/// The bytes of every file under `dir`.
fn folder_size(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

/// A briefing with one word of 300,000 letters (hostile probe: a 5 MB word made a 4.8 MB
/// index, every byte of it a term a reader would never type).
fn long_words_fixture() -> tempfile::TempDir {
    let ascii = "zqlongword".repeat(30_000);
    let greek = "Ωμεγαλέξη".repeat(30_000);
    let article = format!(
        "---\ntitle: A briefing with a very long word\ndate: 2024-01-05\ntopics: [t]\n---\nThe word {ascii} and {greek} end here.\n"
    );
    site(&[
        ("site.yaml", SITE_YAML),
        ("content/topics/t.md", TOPIC),
        ("content/long.md", &article),
        (
            "content/other.md",
            "---\ntitle: Another briefing\ndate: 2024-01-04\ntopics: [t]\n---\nNothing long here.\n",
        ),
    ])
}

#[test]
fn a_word_longer_than_64_characters_is_indexed_by_its_first_64() {
    let dir = long_words_fixture();
    let (_guard, out, _) = build(dir.path());
    let size = folder_size(&out.join("search"));
    assert!(size < 64 * 1024, "the search index is {size} bytes");
    let index = Index::read(&out);
    let ascii: String = "zqlongword".repeat(7).chars().take(64).collect();
    let greek: String = "ωμεγαλέξη".repeat(8).chars().take(64).collect();
    for word in [&ascii, &greek] {
        assert_eq!(index.docs(word).len(), 1, "{word}");
    }
    // No key longer than 64 characters.
    for (_, entry) in &index.entries {
        assert!(entry[0].as_str().unwrap().chars().count() <= 64, "{}", entry[0]);
    }
}

/// The browser's side: a reader's word longer than 64 characters is looked up by its first 64,
/// as the index keeps it.
#[test]
fn a_long_word_typed_whole_finds_the_briefing_that_has_it() {
    let dir = long_words_fixture();
    let run = gazette(dir.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    search_case_on(&dir.path().join("public"), "long_words");
}

/// The browser's side of a topic renamed with `aliases: [/topics/<old>/]`: a shared search
/// address with the old name (`?topic=ukraine-war`) narrows to the topic, unsaid (session 31's
/// scale probe: it said "No topic" and showed every topic). The search page's option carries
/// the old names.
#[test]
fn a_renamed_topics_old_name_in_a_shared_search_address_narrows_to_it() {
    let dir = site(&[
        ("site.yaml", SITE_YAML),
        (
            "content/topics/war-in-ukraine.md",
            "---\ntitle: War in Ukraine\naliases: [/topics/ukraine-war/]\n---\nThe war.\n",
        ),
        ("content/topics/t.md", TOPIC),
        (
            "content/a.md",
            "---\ntitle: War census one\ndate: 2024-01-02\ntopics: [war-in-ukraine]\n---\nThe census.\n",
        ),
        (
            "content/b.md",
            "---\ntitle: War census two\ndate: 2024-01-03\ntopics: [war-in-ukraine]\n---\nThe census.\n",
        ),
        (
            "content/c.md",
            "---\ntitle: Other census\ndate: 2024-01-04\ntopics: [t]\n---\nThe census.\n",
        ),
    ]);
    let run = gazette(dir.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let page = std::fs::read_to_string(dir.path().join("public/search/index.html")).unwrap();
    assert!(
        page.contains("<option value=\"war-in-ukraine\" data-old=\"ukraine-war\">War in Ukraine</option>"),
        "{page}"
    );
    search_case_on(&dir.path().join("public"), "renamed_topic");
}

/// Regression (session 32's scale probe): every page's footer, the home page, the search form and
/// the 404 page named every topic, so that 2,000 topics made an article's page 158 KB and the home
/// page 1.97 MB. A site of more than 24 topics lists the 24 with the newest briefings there (in
/// their usual order) and links "All N topics"; the search form adds the others from its index.
#[test]
fn a_site_of_many_topics_names_the_24_newest_on_the_pages_that_name_every_topic() {
    let mut files: Vec<(String, String)> = vec![(
        "site.yaml".to_string(),
        "title: Wire\nbase_url: https://example.org/\ntimezone: UTC\n".to_string(),
    )];
    for n in 0..30 {
        files.push((
            format!("content/topics/t{n:02}.md"),
            format!("---\ntitle: Topic {n:02}\n---\nTopic {n:02}.\n"),
        ));
        // t00 has the oldest briefing, t29 the newest.
        let (month, day) = (1 + n / 28, 1 + n % 28);
        files.push((
            format!("content/c{n:02}.md"),
            format!("---\ntitle: Census {n:02}\ndate: 2024-{month:02}-{day:02}\ntopics: [t{n:02}]\n---\nThe census.\n"),
        ));
    }
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let dir = site(&refs);
    let run = gazette(dir.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let public = dir.path().join("public");
    let read = |path: &str| std::fs::read_to_string(public.join(path)).unwrap();
    let all = "<a href=\"/topics/\">All 30 topics</a>";
    for page in [
        "index.html",
        "2024/02/c29/index.html",
        "404.html",
        "search/index.html",
        "topics/t00/index.html",
    ] {
        let html = read(page);
        let footer = &html[html.find("<footer").unwrap_or_else(|| panic!("{page}: {html}"))..];
        assert_eq!(
            footer.matches("<li><a href=\"/topics/t").count(),
            24,
            "{page}: {footer}"
        );
        assert!(
            footer.contains("/topics/t06/") && !footer.contains("/topics/t05/"),
            "{page}: {footer}"
        );
        assert!(footer.contains(all), "{page}: {footer}");
    }
    let home = read("index.html");
    assert_eq!(home.matches("class=\"topic-box\"").count(), 24, "{home}");
    assert!(home.contains(&format!("<p class=\"more\">{all}</p>")), "{home}");
    let search = read("search/index.html");
    assert_eq!(search.matches("<option value=\"t").count(), 24, "{search}");
    let not_found = read("404.html");
    let main = &not_found[..not_found.find("<footer").unwrap()];
    assert_eq!(main.matches("<li><a href=\"/topics/t").count(), 24, "{main}");
    assert!(main.contains(all), "{main}");
    // The topics' index lists them all.
    assert!(read("topics/index.html").matches("href=\"/topics/t").count() >= 30);
    search_case_on(&public, "unlisted_topic");
}

/// Regression (session 32's phone probe): a pasted sentence fetched a term chunk for each of its
/// words to find nothing. A site of several term chunks: six a-words in six briefings (nothing in
/// common), six others and zebra and zenith all in one; the browser's side is
/// `search_cases_e2e.mjs`'s `long_query_stops`.
#[test]
fn a_long_query_stops_fetching_once_nothing_can_match() {
    let mut files: Vec<(String, String)> = vec![(
        "site.yaml".to_string(),
        "title: Zoo\nbase_url: https://example.org/\ntimezone: UTC\nimages: off\n".to_string(),
    )];
    let apart = ["aardvark", "abacus", "abbey", "abbot", "abdomen", "abduct"];
    for n in 0..300 {
        // Filler words in the middle of the alphabet, so that the index has several chunks.
        let mut body: Vec<String> = (0..40).map(|k| format!("m{n:03}q{k:02}")).collect();
        match n {
            0 => body.extend(
                [
                    "acorn", "acre", "acrid", "acrobat", "acronym", "across", "zebra", "zenith",
                ]
                .map(String::from),
            ),
            1..=6 => body.push(apart[n - 1].to_string()),
            7 => body.extend(["zebra", "zenith"].map(String::from)),
            _ => {}
        }
        files.push((
            format!("content/z{n:03}.md"),
            format!("---\ntitle: Zoo {n:03}\ndate: 2024-01-01\n---\n{}.\n", body.join(" ")),
        ));
    }
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let dir = site(&refs);
    let run = gazette(dir.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let public = dir.path().join("public");
    let chunks = std::fs::read_dir(public.join("search/terms")).unwrap().count();
    assert!(chunks >= 3, "the fixture's index has {chunks} term chunks");
    search_case_on(&public, "long_query_stops");
}

/// The browser's side of a page read in part: an article of 700 KB, a word early in it and a
/// word and a phrase past its first 512 KB (session 31's scale probe: one result fetched a
/// 5.3 MB page whole).
#[test]
fn a_huge_articles_page_is_read_only_in_part_for_its_passage() {
    let filler = "the convoy moved along the border road past the port and the grain silos ".repeat(10_000);
    let article = format!(
        "---\ntitle: A huge briefing\ndate: 2024-01-05\ntopics: [t]\n---\nA short summary.\n\nZanzibarstart opens the body. {filler}\n\nThen zanzibarend closes quietly.\n"
    );
    let dir = site(&[
        ("site.yaml", SITE_YAML),
        ("content/topics/t.md", TOPIC),
        ("content/huge.md", &article),
    ]);
    let run = gazette(dir.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let size = std::fs::metadata(dir.path().join("public/2024/01/huge/index.html"))
        .unwrap()
        .len();
    assert!(size > 700 * 1024, "{size}");
    search_case_on(&dir.path().join("public"), "huge_article");
}
