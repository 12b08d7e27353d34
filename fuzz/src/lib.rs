//! Fuzz harnesses for gazette: one function per fuzz target, each taking the raw fuzzer input.
//!
//! This file is the single definition of what every target runs and checks. The libFuzzer
//! binaries in `fuzz/fuzz_targets/` call it through the `gazette_fuzz` library, and the
//! integration test `tests/it/fuzz_regressions.rs` includes it with `#[path]` to replay the saved
//! crash inputs in `tests/fuzz-regressions/<target>/` without libFuzzer. It may therefore use
//! nothing but `gazette`, `jiff`, `serde_json` and `std`, which both builds have.
//!
//! Every harness must return normally for every input: a panic (including a failed `assert!`
//! below) is a bug in gazette. The asserts pin down the invariants ARCHITECTURE.md and the module
//! docs promise, beyond "does not panic".

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::OnceLock;

use gazette::core::dates::{self, DateValue, Precision};
use gazette::core::diagnostic::Diagnostic;
use gazette::core::output::Body;
use gazette::core::slug;
use gazette::core::urls;
use gazette::parse::config::Config;
use gazette::parse::frontmatter::{self, TopicMeta, TopicStatus};
use gazette::parse::links::{self, Target};
use gazette::parse::markdown::{self, MarkdownOptions};
use gazette::render::{self, Templates};
use gazette::site::{self, ParsedArticle, ParsedTopic, Selection};
use gazette::source::load::{SourceFile, TemplateSource};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

/// A fuzz target's body: runs one input, and panics on a bug.
pub type Harness = fn(&[u8]);

/// Every target, by the name of its folder in `tests/fuzz-regressions/` and `fuzz/seeds/`.
pub const TARGETS: &[(&str, Harness)] = &[
    ("frontmatter", frontmatter),
    ("article_pipeline", article_pipeline),
    ("dates", dates),
    ("slug", slug),
    ("edition", edition),
];

/// Where the fuzzed file pretends to be: an article in the site's content folder.
const ARTICLE_PATH: &str = "content/a.md";

/// The fixed topics an article may name: the sample site's and the golden fixture's slugs, so the
/// seed corpus gets past the model's "unknown topic" check and through to rendering.
const TOPICS: &[(&str, &str)] = &[
    ("russia-north-korea", "Russia–North Korea relations"),
    ("war-in-ukraine", "The war in Ukraine"),
    ("nuclear-programme", "North Korea's weapons programme"),
    ("sanctions", "Sanctions & the <oil> trade"),
    ("us-response", "Washington's response"),
    ("alpha", "Alpha & Omega"),
    ("beta", "Beta relations"),
];

/// The build's clock: fixed, so a replayed input behaves exactly as it did when it was found.
/// Articles dated after it are "scheduled" (kept: the harness builds with `--future`).
const NOW_SECONDS: i64 = 1_735_689_600; // 2025-01-01T00:00:00Z

/// The time zones the date-parsing targets try: UTC, a zone without DST, zones with DST, and
/// zones with half-hour and 45-minute offsets.
const ZONES: &[&str] = &[
    "UTC",
    "Asia/Seoul",
    "America/New_York",
    "Asia/Kolkata",
    "Pacific/Chatham",
];

/// `frontmatter`: arbitrary bytes as a file's text → split → article and topic front matter.
///
/// The text is made UTF-8 lossily (the loader rejects other files before this stage) and cleaned
/// of BOM and CR by `SourceFile::new`, as the loader does. The article is parsed in UTC and in
/// Asia/Seoul.
pub fn frontmatter(data: &[u8]) {
    let file = source_file(data);
    let path = file.display.clone();
    let Ok(split) = frontmatter::split(&path, &file.text) else {
        return;
    };
    check_split(&file.text, &split);
    for zone in ["UTC", "Asia/Seoul"] {
        let parsed = frontmatter::parse_article(&file, &split, &zone_named(zone));
        check_diagnostics(&path, &parsed.diagnostics);
        check_accepted_without_errors(parsed.value.is_some(), &parsed.diagnostics);
        if let Some(meta) = &parsed.value {
            assert!(slug::is_slug(&meta.slug), "article slug {:?} is not a slug", meta.slug);
            assert!(!meta.title.trim().is_empty(), "an article was accepted without a title");
        }
    }
    let topic = frontmatter::parse_topic(&file, &split);
    check_diagnostics(&path, &topic.diagnostics);
    check_accepted_without_errors(topic.value.is_some(), &topic.diagnostics);
}

/// `article_pipeline`: arbitrary bytes as one article, through every stage after `load`, the way
/// `gazette::pipeline::run_into` wires them: split → front matter → Markdown with content links
/// rewritten to permalinks → model (with the fixed topics) → render with the embedded default
/// theme → the link check. Nothing touches the disk.
///
/// The last byte picks the options (as libFuzzer's FuzzedDataProvider takes options from the end,
/// but without consuming it, so real files stay valid seeds): bit 0 the site's time zone (UTC or
/// Asia/Seoul), bit 1 whether raw HTML in Markdown is escaped, bit 2 whether the site lives under
/// a path prefix (`/briefings/`) or at the root, bit 3 whether smart punctuation is off, bit 4
/// whether the phrase index is off (`search.phrases`).
///
/// An article the front matter and model accept must render: the embedded theme has no reason to
/// fail on any valid site, and the article's page must be in the output.
pub fn article_pipeline(data: &[u8]) {
    let flags = data.last().copied().unwrap_or(0);
    let zone = if flags & 1 == 0 { "UTC" } else { "Asia/Seoul" };
    let base_url = if flags & 4 == 0 {
        "https://example.org/briefings/"
    } else {
        "https://example.org/"
    };
    let mut config = Config::with_defaults("Fuzz <Desk> & Co", base_url);
    config.timezone_name = zone.to_string();
    config.timezone = zone_named(zone);
    config.unsafe_html = flags & 2 == 0;
    config.smart_punctuation = flags & 8 == 0;
    config.search_phrases = flags & 16 == 0;
    let options = MarkdownOptions {
        unsafe_html: config.unsafe_html,
        smart_punctuation: config.smart_punctuation,
        top_heading: 2,
        phrases: config.search_phrases,
    };

    let file = source_file(data);
    let Ok(split) = frontmatter::split(&file.display, &file.text) else {
        return;
    };
    let parsed = frontmatter::parse_article(&file, &split, &config.timezone);
    let Some(mut meta) = parsed.value else {
        return;
    };
    // As `pipeline::parse` does: the headline, summary, corrections and sources' titles get
    // smart punctuation with the body.
    if config.smart_punctuation {
        meta.smarten();
    }
    // Every content file's permalink, for links between them: the article's own and the topics'.
    let mut permalinks: HashMap<String, Target> = TOPICS
        .iter()
        .map(|(slug, _)| {
            let page = config.base_url.url(&format!("topics/{slug}/"));
            (topic_source(slug), Target::Page(page))
        })
        .collect();
    permalinks.insert(
        file.path.clone(),
        Target::Page(
            config
                .base_url
                .url(&urls::permalink(&config.permalink, meta.date.start.date(), &meta.slug)),
        ),
    );
    let rewrite = |url: &str| links::rewrite(&file.path, url, &permalinks, &config.base_url);
    let article = ParsedArticle {
        source: file.path.clone(),
        display: file.display.clone(),
        permalink: urls::permalink(&config.permalink, meta.date.start.date(), &meta.slug),
        meta: meta.into(),
        body: markdown::render_with_links(split.body, options, &rewrite).into(),
        body_line: split.body_line,
    };
    let topic_options = MarkdownOptions {
        top_heading: 3,
        ..options
    };
    let selection = Selection {
        drafts: true,
        future: true,
        now: Timestamp::from_second(NOW_SECONDS).expect("a valid timestamp"),
        preview: false,
    };
    let site = site::assemble(config, vec![article], topics(topic_options), Vec::new(), selection).value;
    let Some(site) = site else {
        return;
    };
    let rendered = gazette::pipeline::render_and_publish(&site, templates(), static_files(), None);
    match rendered.value {
        Some(output) => {
            let page = urls::page_file(&site.articles[0].permalink);
            assert!(
                output.get(&page).is_some(),
                "the article's page {page} was not rendered"
            );
            // Broken links are the writer's errors, reported as diagnostics: only a panic is a bug.
            let _ = site::links::check(&site, &Default::default(), &|path| output.get(path).is_some());
        }
        None => {
            let messages: Vec<String> = rendered.diagnostics.iter().map(ToString::to_string).collect();
            panic!(
                "the embedded theme failed to render a valid site:\n{}",
                messages.join("\n")
            );
        }
    }
}

/// The articles of the site an `edition` input is built in: (path under `content/`, date, title,
/// topic, front matter besides). They are the sample site's and the fixtures' paths, so their
/// editions (the seeds) get past the "unknown article" check; one is a draft and one scheduled.
const EDITION_ARTICLES: &[(&str, &str, &str, &str, &str)] = &[
    (
        "2024/06/treaty-signed.md",
        "2024-06-19T10:00:00Z",
        "Treaty signed",
        "russia-north-korea",
        "",
    ),
    (
        "2024/06/putin-returns-to-pyongyang.md",
        "2024-06-18T22:00:00Z",
        "Putin returns",
        "russia-north-korea",
        "key_event: true\n",
    ),
    (
        "2024/06/putin-and-kim-sign-mutual-defence-pact.md",
        "2024-06-19T12:00:00Z",
        "A pact <signed> & sealed",
        "russia-north-korea",
        "summary: \"Why it matters: \\\"quoted\\\" & more.\"\n",
    ),
    (
        "2024/06/what-pyongyang-wants-from-moscow.md",
        "2024-06-17T08:00:00Z",
        "What Pyongyang wants",
        "nuclear-programme",
        "",
    ),
    (
        "2024/06/treaty-text-not-yet-public.md",
        "2024-06-20T08:00:00Z",
        "Treaty text not yet public",
        "russia-north-korea",
        "",
    ),
    (
        "2024/06/russia-invades-ukraine.md",
        "2024-06-01T08:00:00Z",
        "Russia invades Ukraine",
        "war-in-ukraine",
        "",
    ),
    (
        "2024/06/putins-2000-visit-to-pyongyang.md",
        "2024-06-02T08:00:00Z",
        "Putin's 2000 visit",
        "russia-north-korea",
        "",
    ),
    (
        "2024/06/north-korean-shells-for-russias-war.md",
        "2024-06-03T08:00:00Z",
        "Shells for the war",
        "war-in-ukraine",
        "",
    ),
    (
        "2024/06/discounted-russian-oil-despite-un-sanctions.md",
        "2024-06-04T08:00:00Z",
        "Discounted oil",
        "sanctions",
        "",
    ),
    (
        "2024/06/blinken-accuses-russia-of-desperation.md",
        "2024-06-20T09:00:00Z",
        "Blinken speaks",
        "us-response",
        "",
    ),
    (
        "2024/06/open-questions.md",
        "2024-06-20T09:00:00Z",
        "Open questions",
        "russia-north-korea",
        "draft: true\n",
    ),
    (
        "2024/06/us-fears-north-korean-nuclear-submarine.md",
        "2024-06-05T08:00:00Z",
        "Submarine fears",
        "nuclear-programme",
        "",
    ),
    (
        "2024/06/putin-moves-on-to-vietnam.md",
        "2024-06-20T10:00:00Z",
        "On to Vietnam",
        "russia-north-korea",
        "",
    ),
    (
        "2024/06/kim-visits-vostochny-cosmodrome.md",
        "2024-06-06T08:00:00Z",
        "At the cosmodrome",
        "russia-north-korea",
        "",
    ),
    (
        "2024/06/a-world-safe-for-authoritarians.md",
        "2024-06-07T08:00:00Z",
        "Safe for authoritarians",
        "us-response",
        "",
    ),
    (
        "2024/06/a-luxury-car-and-a-staged-summit.md",
        "2024-06-19T18:00:00Z",
        "A luxury car",
        "russia-north-korea",
        "",
    ),
    (
        "2025/06/later.md",
        "2025-06-20T09:00:00Z",
        "Later",
        "russia-north-korea",
        "",
    ),
];

/// Where the `edition` input is written in its site.
const EDITION_PATH: &str = "content/editions/e.md";

/// `edition`: arbitrary bytes as an edition file (`content/editions/e.md`) in a site of the
/// articles above and the fixed topics, built whole by `pipeline::run` (the sources on disk, in a
/// folder of the process's own; the output in memory). The last byte picks the options without
/// being consumed: bit 0 turns automatic daily editions on beside it, bit 1 puts the site at the
/// root instead of under `/briefings/`.
///
/// No panic; a failed build says why, and its errors are all about the edition (the rest of the
/// site is valid); a built edition has its page, an email whose every link and image is
/// absolute and which runs no script, and a plain-text email.
pub fn edition(data: &[u8]) {
    edition_emails_checked(data);
}

/// The `edition` harness, returning how many emails it checked (the written edition's and the
/// automatic ones): a test makes sure the seeds get that far.
pub fn edition_emails_checked(data: &[u8]) -> usize {
    static SITE: OnceLock<std::sync::Mutex<std::path::PathBuf>> = OnceLock::new();
    let site = SITE.get_or_init(|| std::sync::Mutex::new(edition_site()));
    let root = site.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let flags = data.last().copied().unwrap_or(0);
    let base_url = if flags & 2 == 0 {
        "https://example.org/briefings/"
    } else {
        "https://example.org/"
    };
    let auto = if flags & 1 == 0 {
        ""
    } else {
        "editions: { auto: daily }\n"
    };
    write(
        &root.join("site.yaml"),
        &format!("title: Fuzz <Desk> & Co\nbase_url: {base_url}\ntimezone: UTC\nimages: off\n{auto}"),
    );
    write(&root.join(EDITION_PATH), &String::from_utf8_lossy(data));
    let options = gazette::pipeline::BuildOptions {
        root: root.clone(),
        base_url: None,
        base_url_from: "--base-url",
        drafts: false,
        future: false,
        strict: false,
        now: Timestamp::from_second(NOW_SECONDS).expect("a valid timestamp"),
        progress: None,
        cache: None,
        preview: false,
    };
    match gazette::pipeline::run(&options) {
        Ok(built) => {
            let emails: Vec<&String> = built
                .output
                .files
                .keys()
                .filter(|path| path.starts_with("editions/") && path.ends_with("/email.html"))
                .collect();
            for path in &emails {
                let html = body_text(&built.output, path);
                assert!(!html.contains("<script"), "{path} runs a script:\n{html}");
                for url in attribute_values(&html, &[" href=\"", " src=\""]) {
                    assert!(
                        url.starts_with('#') || has_scheme(&url),
                        "{path} has a link that is not absolute: {url:?}\n{html}"
                    );
                }
                let text_path = path.replace("/email.html", "/email.txt");
                let page_path = path.replace("/email.html", "/index.html");
                assert!(!body_text(&built.output, &text_path).is_empty(), "{text_path} is empty");
                assert!(built.output.get(&page_path).is_some(), "{page_path} is missing");
            }
            emails.len()
        }
        Err(failed) => {
            assert!(!failed.diagnostics.is_empty(), "a build failed without a word");
            for diagnostic in failed.diagnostics.iter().filter(|d| d.is_error()) {
                assert!(
                    diagnostic.path.ends_with(EDITION_PATH),
                    "an error about another file than the edition: {diagnostic}"
                );
                assert!(!diagnostic.message.is_empty(), "an error without a message");
            }
            0
        }
    }
}

/// Writes the site an `edition` input is built in, once per process, and returns its root.
fn edition_site() -> std::path::PathBuf {
    let root = std::env::temp_dir().join(format!("gazette-fuzz-edition-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    for (slug, title) in TOPICS {
        write(
            &root.join(topic_source(slug)),
            &format!(
                "---\ntitle: \"{}\"\nsummary: The story so far.\n---\nBackground.\n",
                title.replace('"', "\\\"")
            ),
        );
    }
    for (path, date, title, topic, extra) in EDITION_ARTICLES {
        write(
            &root.join("content").join(path),
            &format!(
                "---\ntitle: \"{title}\"\ndate: {date}\ntopics: [{topic}]\n{extra}---\nA body with a [link](https://example.com/x) and **bold** text.\n"
            ),
        );
    }
    root
}

/// Writes `text` to `path`, making its folders; the harness's own files must be writable.
fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{}: {e}", parent.display()));
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// An output file's text.
fn body_text(output: &gazette::core::output::Output, path: &str) -> String {
    let body = output.get(path).unwrap_or_else(|| panic!("{path} is missing"));
    let bytes = body.read().unwrap_or_else(|e| panic!("{path}: {e}"));
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The values of the attributes that start with one of `starts` (` href="`), as written.
fn attribute_values(html: &str, starts: &[&str]) -> Vec<String> {
    let mut values = Vec::new();
    for start in starts {
        let mut rest = html;
        while let Some(at) = rest.find(start) {
            rest = &rest[at + start.len()..];
            let end = rest.find('"').unwrap_or(rest.len());
            values.push(rest[..end].to_string());
        }
    }
    values
}

/// Whether a URL starts with a scheme (`https:`, `mailto:`): an absolute URL.
fn has_scheme(url: &str) -> bool {
    let Some((scheme, _)) = url.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// `dates`: arbitrary text as a publication date and as an event date, in several time zones.
///
/// Whatever parses must keep its promises: a publication date is at least a full day, and the
/// machine-readable form (`iso()`, used for `<time datetime>`, feeds and the sitemap; RFC 3339
/// for a moment) parses back to the same instant, to the second, at the same precision.
pub fn dates(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for zone in ZONES {
        let tz = zone_named(zone);
        if let Ok(value) = dates::parse_date(&text, &tz) {
            assert!(
                value.precision >= Precision::Day,
                "{text:?} parsed as a publication date"
            );
            check_date(&value, &tz);
        }
        if let Ok(value) = dates::parse_event_date(&text, &tz) {
            check_date(&value, &tz);
        }
    }
}

/// `slug`: any text slugifies to a valid slug, and slugifying a slug changes nothing.
pub fn slug(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let made = slug::slugify(&text);
    assert!(slug::is_slug(&made), "slugify({text:?}) = {made:?} is not a slug");
    assert_eq!(slug::slugify(&made), made, "slugify is not idempotent on {made:?}");
}

/// The fuzzed bytes as the article file `content/a.md` (lossy UTF-8, BOM and CR removed).
fn source_file(data: &[u8]) -> SourceFile {
    SourceFile::new(ARTICLE_PATH, ARTICLE_PATH, String::from_utf8_lossy(data))
}

/// A bundled time zone by name.
fn zone_named(name: &str) -> TimeZone {
    TimeZone::get(name).expect("the tz database is compiled in")
}

/// A split's parts are slices of the text, in order, starting at the lines it says.
fn check_split(text: &str, split: &frontmatter::Split<'_>) {
    assert!(
        text.starts_with("---"),
        "a file that does not start with `---` was split"
    );
    let yaml_at = offset_in(text, split.yaml);
    let body_at = offset_in(text, split.body);
    assert!(
        yaml_at + split.yaml.len() <= body_at,
        "the body overlaps the YAML block"
    );
    assert_eq!(
        body_at + split.body.len(),
        text.len(),
        "the body is not the end of the file"
    );
    assert_eq!(line_of(text, yaml_at), split.yaml_line, "the YAML block's line");
    if !split.body.is_empty() {
        assert_eq!(line_of(text, body_at), split.body_line, "the body's line");
    }
}

/// Where `part`, a slice of `text`, starts in it.
fn offset_in(text: &str, part: &str) -> usize {
    let offset = (part.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
    assert!(
        offset + part.len() <= text.len(),
        "the split returned text that is not the file's"
    );
    offset
}

/// The 1-based line of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

/// Every diagnostic names the file it is about (ARCHITECTURE.md's invariants).
fn check_diagnostics(path: &Path, diagnostics: &[Diagnostic]) {
    for diagnostic in diagnostics {
        assert_eq!(diagnostic.path, path, "a diagnostic names another file: {diagnostic}");
        assert!(!diagnostic.message.is_empty(), "a diagnostic without a message");
    }
}

/// Front matter is accepted exactly when it has no errors: a file rejected with warnings alone
/// would vanish from the build without failing it.
fn check_accepted_without_errors(accepted: bool, diagnostics: &[Diagnostic]) {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    assert!(
        accepted == (errors == 0),
        "front matter with {errors} errors was {}; diagnostics:\n{}",
        if accepted { "accepted" } else { "rejected" },
        diagnostics
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// A parsed date's machine-readable form parses back to the same value: the same precision, the
/// same form again, and the same instant but for fractions of a second, which it does not write.
fn check_date(value: &DateValue, tz: &TimeZone) {
    let iso = value.iso();
    let _ = value.human();
    let again = match dates::parse_event_date(&iso, tz) {
        Ok(again) => again,
        Err(e) => panic!("the date's own form `{iso}` does not parse: {}", e.0),
    };
    assert_eq!(again.precision, value.precision, "`{iso}` has another precision");
    assert_eq!(again.iso(), iso, "`{iso}` is written differently when read back");
    let lost = value.start.timestamp().duration_since(again.start.timestamp());
    assert!(
        !lost.is_negative() && lost < SignedDuration::from_secs(1),
        "`{iso}` is {lost:?} away from the instant it was written for"
    );
}

/// The fixed topics, parsed as `build` parses topic files.
fn topics(options: MarkdownOptions) -> Vec<ParsedTopic> {
    TOPICS
        .iter()
        .map(|&(slug, title)| ParsedTopic {
            source: topic_source(slug),
            display: topic_source(slug).into(),
            slug: slug.to_string(),
            meta: TopicMeta {
                title: title.to_string(),
                summary: Some(format!("What happened in {title}.")),
                status: TopicStatus::Ongoing,
                aliases: Vec::new(),
                alias_lines: Vec::new(),
                extra: serde_json::Value::Object(Default::default()),
            },
            body: markdown::render("The story so far, with **bold** text.\n", options),
            body_line: 6,
        })
        .collect()
}

/// A fixed topic's file, relative to the site root.
fn topic_source(slug: &str) -> String {
    format!("content/topics/{slug}.md")
}

/// The embedded default theme, compiled once per process (compiling it is most of a run's cost).
fn templates() -> &'static Templates {
    static TEMPLATES: OnceLock<Templates> = OnceLock::new();
    TEMPLATES.get_or_init(|| {
        let sources: Vec<TemplateSource> = gazette::source::theme::embedded_templates()
            .into_iter()
            .map(|(name, text)| TemplateSource {
                display: format!("<embedded theme>/templates/{name}").into(),
                name,
                text: text.to_string(),
            })
            .collect();
        let words = render::embedded_words("en", &mut Default::default());
        let compiled = render::compile(&sources, words);
        match compiled.value {
            Some(templates) => templates,
            None => panic!("the embedded theme does not compile: {:?}", compiled.diagnostics),
        }
    })
}

/// The embedded default theme's static files, as `load` lists them.
fn static_files() -> &'static BTreeMap<String, Body> {
    static FILES: OnceLock<BTreeMap<String, Body>> = OnceLock::new();
    FILES.get_or_init(|| {
        gazette::source::theme::embedded_static()
            .into_iter()
            .map(|(path, bytes)| (path, Body::Embedded(bytes)))
            .collect()
    })
}
