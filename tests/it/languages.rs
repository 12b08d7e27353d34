//! Issue 17, one site in several languages: the sample site's Korean edition (`languages:` in
//! site.yaml, `name.ko.md` translations) — hreflang alternates reciprocal on every page and in
//! the sitemaps, links that stay inside their language, feeds and a search index per language,
//! what a translation inherits, and `serve` previewing every language.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::common::{SITE_YAML, TOPIC, gazette, repo, run_checker, site, stderr};
use crate::serve::{Server, get};

const BASE: &str = "https://example.org/briefings/";

/// The sample site, built once for this module's tests (the folder lives as long as the tests).
fn sample() -> &'static Path {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT.get_or_init(|| {
        let work = tempfile::tempdir().unwrap().keep();
        let out = work.join("public");
        let run = gazette(&repo(), &["build", "--output", out.to_str().unwrap()]);
        assert!(run.status.success(), "{}", stderr(&run));
        out
    })
}

fn html_files(out: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut dirs = vec![out.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// A page's absolute URL from its file (`ko/x/index.html` → `…/ko/x/`).
fn url_of(out: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(out).unwrap().to_string_lossy().replace('\\', "/");
    format!("{BASE}{}", rel.strip_suffix("index.html").unwrap_or(&rel))
}

/// The file of a page's absolute URL under `out`.
fn file_of(out: &Path, url: &str) -> PathBuf {
    let rel = url
        .strip_prefix(BASE)
        .unwrap_or_else(|| panic!("{url} is not on the site"));
    if rel.is_empty() || rel.ends_with('/') {
        out.join(rel).join("index.html")
    } else {
        out.join(rel)
    }
}

/// The value of attribute `name` in one tag's text.
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = tag[start..].find('"')? + start;
    Some(&tag[start..end])
}

/// A page's `<link rel="alternate" hreflang>`s: hreflang → href.
fn alternates(html: &str) -> BTreeMap<String, String> {
    html.split("<link ")
        .skip(1)
        .filter_map(|rest| {
            let tag = format!(" {}", &rest[..rest.find('>')?]);
            if attribute(&tag, "rel") != Some("alternate") {
                return None;
            }
            Some((
                attribute(&tag, "hreflang")?.to_string(),
                attribute(&tag, "href")?.to_string(),
            ))
        })
        .collect()
}

/// The test desk's site.yaml with `extra` lines, and Korean as a second language.
fn with_korean(extra: &str) -> String {
    format!("{SITE_YAML}{extra}languages:\n  ko: {{ title: 데스크 }}\n")
}

/// Builds the site in `dir` into `dir/public`, which must succeed; the output folder.
fn built(dir: &Path) -> PathBuf {
    let out = dir.join("public");
    let run = gazette(dir, &["build", "--output", out.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    out
}

#[test]
fn every_page_links_its_translations_and_is_linked_back() {
    let out = sample();
    let mut pages_with_translations = 0;
    let mut korean_pages = 0;
    for file in html_files(out) {
        let html = std::fs::read_to_string(&file).unwrap();
        let url = url_of(out, &file);
        let korean = url.starts_with(&format!("{BASE}ko/"));
        korean_pages += usize::from(korean);
        let expected_lang = if korean { "lang=\"ko\"" } else { "lang=\"en\"" };
        assert!(html.contains(&format!("<html {expected_lang}")), "{url}");
        let found = alternates(&html);
        if found.is_empty() {
            continue;
        }
        pages_with_translations += 1;
        let own = if korean { "ko" } else { "en" };
        assert_eq!(found.get(own), Some(&url), "{url} lists itself for its language");
        assert_eq!(
            found.get("x-default"),
            found.get("en"),
            "{url}: x-default is the English page"
        );
        for (lang, href) in &found {
            let target = file_of(out, href);
            let text = std::fs::read_to_string(&target)
                .unwrap_or_else(|e| panic!("{url} lists {lang} {href}, which is not a page: {e}"));
            assert_eq!(
                alternates(&text).get(own),
                Some(&url),
                "{href} does not link back to {url}"
            );
        }
        // The language switch names both languages in themselves, the current one marked.
        assert!(html.contains("<nav class=\"language-switch\" aria-label="), "{url}");
        // Regression (language probe, session 24): its links were absolute production URLs, so
        // switching language on a preview or a local copy left for the live site. They are
        // root-relative, as the site's other links; `hreflang` alternates stay absolute.
        let switch = html.split("<nav class=\"language-switch\"").nth(1).unwrap_or_default();
        let switch = switch.split("</nav>").next().unwrap_or_default();
        assert!(
            switch.contains("<a href=\"/briefings/") && !switch.contains("https://"),
            "{url}: {switch}"
        );
        assert!(html.contains(">English<") && html.contains(">한국어<"), "{url}");
    }
    assert!(korean_pages >= 15, "{korean_pages} Korean pages");
    assert!(
        pages_with_translations >= 20,
        "{pages_with_translations} pages have translations"
    );
    // An article without a translation has no alternates at all.
    let untranslated = std::fs::read_to_string(out.join("2024/06/what-each-side-gets/index.html")).unwrap();
    assert!(alternates(&untranslated).is_empty());
    assert!(!untranslated.contains("language-switch"));
}

/// A sitemap's entries: loc → its alternates (hreflang → href).
fn sitemap(path: &Path) -> BTreeMap<String, BTreeMap<String, String>> {
    let xml = std::fs::read_to_string(path).unwrap();
    xml.split("<url>")
        .skip(1)
        .map(|entry| {
            let loc = entry
                .split("<loc>")
                .nth(1)
                .unwrap()
                .split("</loc>")
                .next()
                .unwrap()
                .to_string();
            let links = entry
                .split("<xhtml:link ")
                .skip(1)
                .map(|tag| {
                    let tag = &tag[..tag.find("/>").unwrap()];
                    let tag = format!(" {tag}");
                    (
                        attribute(&tag, "hreflang").unwrap().to_string(),
                        attribute(&tag, "href").unwrap().to_string(),
                    )
                })
                .collect();
            (loc, links)
        })
        .collect()
}

#[test]
fn the_sitemaps_list_each_page_with_its_translations_both_ways() {
    let out = sample();
    let mut all = sitemap(&out.join("sitemap.xml"));
    let korean = sitemap(&out.join("ko/sitemap.xml"));
    assert!(korean.keys().all(|loc| loc.starts_with(&format!("{BASE}ko/"))));
    assert!(korean.len() >= 15, "{korean:?}");
    all.extend(korean);
    let mut pairs = 0;
    for (loc, links) in &all {
        if links.is_empty() {
            continue;
        }
        assert!(links.values().any(|href| href == loc), "{loc} lists itself");
        for (lang, href) in links.iter().filter(|(lang, _)| *lang != "x-default") {
            let back = all
                .get(href)
                .unwrap_or_else(|| panic!("{loc}'s {lang} version {href} is in no sitemap"));
            assert!(back.values().any(|h| h == loc), "{href} does not list {loc} back");
            pairs += 1;
        }
    }
    assert!(pairs >= 40, "{pairs}");
    let robots = std::fs::read_to_string(out.join("robots.txt")).unwrap();
    assert!(robots.contains(&format!("Sitemap: {BASE}ko/sitemap.xml")), "{robots}");
    assert!(!out.join("ko/robots.txt").exists() && !out.join("ko/_redirects").exists());
    for (dir, base) in [
        (out.to_path_buf(), BASE.to_string()),
        (out.join("ko"), format!("{BASE}ko/")),
    ] {
        if let Some((passed, report)) = run_checker("check_sitemap.sh", &[dir.as_os_str(), base.as_ref()]) {
            assert!(passed, "{report}");
        }
    }
}

#[test]
fn every_link_stays_inside_its_language_and_resolves() {
    let out = sample();
    if let Some((passed, report)) = run_checker("check_links.py", &[out.as_os_str(), BASE.as_ref()]) {
        assert!(passed, "{report}");
    }
    let korean_root = "/briefings/ko/";
    for file in html_files(out) {
        let url = url_of(out, &file);
        let korean = url.starts_with(&format!("{BASE}ko/"));
        let html = std::fs::read_to_string(&file).unwrap();
        // The language switch is the one way across.
        let html = match (html.find("<nav class=\"language-switch\""), html.find("</header>")) {
            (Some(start), Some(end)) => format!("{}{}", &html[..start], &html[end..]),
            _ => html,
        };
        for rest in html.split("<a ").skip(1) {
            let tag = &rest[..rest.find('>').unwrap()];
            let Some(href) = attribute(&format!(" {tag}"), "href").map(str::to_string) else {
                continue;
            };
            let path = href.strip_prefix("https://example.org").unwrap_or(&href);
            if !path.starts_with("/briefings/") {
                continue;
            }
            assert_eq!(
                path.starts_with(korean_root),
                korean,
                "{url} links {href}, in the other language"
            );
        }
    }
}

#[test]
fn each_language_has_feeds_that_parse_in_its_own_words() {
    let out = sample();
    let atom = std::fs::read_to_string(out.join("ko/atom.xml")).unwrap();
    assert!(atom.contains("<title>코리아 데스크 브리핑</title>"), "{atom}");
    assert!(atom.contains("조약"), "the Korean feed carries the Korean briefings");
    assert!(!atom.contains("Putin and Kim sign"), "and not the English ones");
    assert!(out.join("ko/topics/russia-north-korea/atom.xml").exists());
    // Regression (review, session 24): the tag, author and editions feeds were titled in
    // English ("Briefings tagged 김정은.", "— Editions") under `xml:lang="ko"`.
    let tag = std::fs::read_to_string(out.join(format!("ko/tags/{}/atom.xml", gazette::core::slug::slugify("김정은"))))
        .unwrap();
    assert!(
        tag.contains("<title>태그 “김정은” — 코리아 데스크 브리핑</title>")
            && tag.contains("<subtitle>‘김정은’ 태그가 붙은 브리핑.</subtitle>"),
        "{tag}"
    );
    let author = std::fs::read_to_string(out.join("ko/authors/min-ji-park/atom.xml")).unwrap();
    assert!(
        author.contains("의 브리핑.</subtitle>") && !author.contains("Briefings by"),
        "{author}"
    );
    let editions = std::fs::read_to_string(out.join("ko/editions/atom.xml")).unwrap();
    assert!(
        editions.contains("<title>코리아 데스크 브리핑 — 에디션</title>"),
        "{editions}"
    );
    // The checker finds every feed under the folder, the Korean ones too.
    let feeds = |dir: &Path| {
        let (mut count, mut dirs) = (0, vec![dir.to_path_buf()]);
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                if path.is_dir() {
                    dirs.push(path);
                } else if ["atom.xml", "rss.xml", "feed.json"].contains(&name.as_str()) {
                    count += 1;
                }
            }
        }
        count
    };
    let korean_feeds = feeds(&out.join("ko"));
    assert!(korean_feeds >= 7, "{korean_feeds}");
    if let Some((passed, report)) = run_checker("check_feeds.py", &[out.as_os_str()]) {
        assert!(passed, "{report}");
        assert!(
            report.contains(&format!("OK {} feeds", feeds(out))),
            "every feed is checked: {report}"
        );
    }
    if let Some((passed, report)) = run_checker("check_html.sh", &[out.join("ko").as_os_str()]) {
        assert!(passed && report.contains("check_html: OK 0 errors"), "{report}");
    }
}

#[test]
fn a_korean_word_is_in_the_korean_index_and_not_the_english_one() {
    let out = sample();
    let read = |dir: &Path| -> String {
        let mut text = String::new();
        for entry in std::fs::read_dir(dir.join("search/terms")).unwrap() {
            text.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
        }
        text
    };
    let (english, korean) = (read(out), read(&out.join("ko")));
    // 조약 (treaty): a bigram key of the Korean briefings.
    assert!(korean.contains("\"조약\""), "the Korean index has 조약");
    assert!(!english.contains("조약"), "the English index does not");
    assert!(
        english.contains("\"treati\"") || english.contains("\"treaty\""),
        "the English index has treaty"
    );
    let search = std::fs::read_to_string(out.join("ko/search/index.html")).unwrap();
    assert!(
        search.contains("/briefings/ko/search/"),
        "the Korean search page reads the Korean index"
    );
}

#[test]
fn a_translation_inherits_its_originals_date_topics_sources_and_image() {
    let out = sample();
    let page =
        std::fs::read_to_string(out.join("ko/2024/06/putin-and-kim-sign-mutual-defence-pact/index.html")).unwrap();
    assert!(
        page.contains("2024년 6월 19일"),
        "the original's date, written in Korean"
    );
    assert!(page.contains("TASS"), "the original's sources");
    assert!(
        page.contains("/briefings/ko/topics/russia-north-korea/"),
        "the topic's Korean page"
    );
    assert!(page.contains("signing-table"), "the original's lead image");
    let topic = std::fs::read_to_string(out.join("ko/topics/russia-north-korea/index.html")).unwrap();
    assert!(
        topic.contains("/briefings/ko/2024/06/putin-returns-to-pyongyang/"),
        "its Korean timeline"
    );
    assert!(
        !topic.contains("/briefings/2024/06/"),
        "no English article on a Korean timeline"
    );
}

/// Regression: a translation's lead image taken from its original kept the original's alt text
/// and caption unmarked, so a screen reader read English words with a Korean voice.
#[test]
fn an_inherited_lead_image_says_the_language_of_its_words() {
    let dir = site(&[
        ("site.yaml", &with_korean("images: off\n")),
        ("content/topics/t.md", TOPIC),
        ("content/flags.png", "not decoded with images off"),
        (
            "content/a.md",
            "---\ntitle: A pact\ndate: 2024-06-19\ntopics: [t]\nimage: { src: flags.png, alt: Two flags, caption: The signing }\n---\nText.\n",
        ),
        ("content/a.ko.md", "---\ntitle: 조약\n---\n본문.\n"),
        (
            "content/b.md",
            "---\ntitle: B\ndate: 2024-06-18\ntopics: [t]\nimage: { src: flags.png, alt: Flags }\n---\nText.\n",
        ),
        (
            "content/b.ko.md",
            "---\ntitle: 비\nimage: { src: flags.png, alt: 국기 }\n---\n본문.\n",
        ),
    ]);
    let out = built(dir.path());
    let korean = std::fs::read_to_string(out.join("ko/2024/06/a/index.html")).unwrap();
    assert!(korean.contains("alt=\"Two flags\" lang=\"en\""), "{korean}");
    assert!(
        korean.contains("<figcaption lang=\"en\" dir=\"auto\">The signing"),
        "{korean}"
    );
    let own = std::fs::read_to_string(out.join("ko/2024/06/b/index.html")).unwrap();
    assert!(
        own.contains("alt=\"국기\"") && !own.contains("alt=\"국기\" lang="),
        "its own words: {own}"
    );
    let english = std::fs::read_to_string(out.join("2024/06/a/index.html")).unwrap();
    assert!(
        english.contains("alt=\"Two flags\"") && !english.contains("alt=\"Two flags\" lang="),
        "{english}"
    );
    assert!(!english.contains("<figcaption lang"), "{english}");
}

/// Regression (reader probe): a translation's sources taken from its original (English titles
/// and outlets on a Korean page) were not marked, so a screen reader read them with a Korean
/// voice. Sources a translation gives itself are in its own language.
#[test]
fn inherited_sources_say_the_language_of_their_words() {
    let source = "sources: [{ outlet: Reuters, title: Putin signs a pact }]";
    let dir = site(&[
        ("site.yaml", &with_korean("images: off\n")),
        ("content/topics/t.md", TOPIC),
        (
            "content/a.md",
            &format!("---\ntitle: A pact\ndate: 2024-06-19\ntopics: [t]\n{source}\n---\nText.\n"),
        ),
        ("content/a.ko.md", "---\ntitle: 조약\n---\n본문.\n"),
        (
            "content/b.md",
            &format!("---\ntitle: B\ndate: 2024-06-18\ntopics: [t]\n{source}\n---\nText.\n"),
        ),
        (
            "content/b.ko.md",
            "---\ntitle: 비\nsources: [{ outlet: 연합뉴스, title: 조약 서명 }]\n---\n본문.\n",
        ),
    ]);
    let out = built(dir.path());
    let korean = std::fs::read_to_string(out.join("ko/2024/06/a/index.html")).unwrap();
    assert!(
        korean.contains("<span class=\"outlet\" lang=\"en\">Reuters</span>: <cite lang=\"en\">Putin signs"),
        "{korean}"
    );
    let own = std::fs::read_to_string(out.join("ko/2024/06/b/index.html")).unwrap();
    assert!(
        own.contains("<span class=\"outlet\">연합뉴스</span>: <cite>"),
        "its own words: {own}"
    );
    let english = std::fs::read_to_string(out.join("2024/06/a/index.html")).unwrap();
    assert!(
        english.contains("<span class=\"outlet\">Reuters</span>: <cite>"),
        "{english}"
    );
}

/// Regression (session 33's Arabic desk probe): an English tag taken by translations from their
/// originals was marked `lang="en"` on their cards, but not in its page's heading nor in the tag
/// index, so a screen reader read the English name with the page's voice. A tag a translation
/// writes itself is in the page's language.
#[test]
fn a_tag_in_the_originals_words_says_its_language_on_its_page_and_in_the_index() {
    let dir = site(&[
        ("site.yaml", &with_korean("images: off\n")),
        (
            "content/a.md",
            "---\ntitle: A pact\ndate: 2024-06-19\ntags: [Sanctions]\n---\nText.\n",
        ),
        ("content/a.ko.md", "---\ntitle: 조약\n---\n본문.\n"),
        (
            "content/b.md",
            "---\ntitle: B\ndate: 2024-06-18\ntags: [Treaty]\n---\nText.\n",
        ),
        ("content/b.ko.md", "---\ntitle: 비\ntags: [조약]\n---\n본문.\n"),
    ]);
    let out = built(dir.path());
    let page = std::fs::read_to_string(out.join("ko/tags/sanctions/index.html")).unwrap();
    assert!(page.contains("<h1 lang=\"en\" dir=\"auto\">Sanctions</h1>"), "{page}");
    let index = std::fs::read_to_string(out.join("ko/tags/index.html")).unwrap();
    assert!(
        index.contains("<span lang=\"en\" dir=\"auto\">Sanctions</span>"),
        "{index}"
    );
    let own = std::fs::read_to_string(out.join(format!("ko/tags/{}/index.html", gazette::core::slug::slugify("조약"))))
        .unwrap();
    assert!(own.contains("<h1>조약</h1>"), "its own words: {own}");
    assert!(index.contains(">조약 <span class=\"count\""), "{index}");
    let english = std::fs::read_to_string(out.join("tags/sanctions/index.html")).unwrap();
    assert!(english.contains("<h1>Sanctions</h1>"), "{english}");
}

#[test]
fn a_translation_may_set_its_own_slug_date_and_topics() {
    let dir = site(&[
        ("site.yaml", &with_korean("")),
        ("content/topics/t.md", TOPIC),
        ("content/topics/t.ko.md", "---\ntitle: 주제\n---\n배경.\n"),
        (
            "content/a.md",
            "---\ntitle: A pact\ndate: 2024-06-19\ntopics: [t]\n---\nSee [the visit](b.md).\n",
        ),
        (
            "content/a.ko.md",
            "---\ntitle: 조약\nslug: joyak\ndate: 2024-06-20\n---\n[방문](b.md) 참조.\n",
        ),
        (
            "content/b.md",
            "---\ntitle: A visit\ndate: 2024-06-18\ntopics: [t]\n---\nHe came.\n",
        ),
    ]);
    let out = dir.path().join("public");
    let run = gazette(dir.path(), &["build", "--output", out.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(stderr(&run).is_empty(), "{}", stderr(&run));
    let page = std::fs::read_to_string(out.join("ko/2024/06/joyak/index.html")).unwrap();
    assert!(page.contains("2024년 6월 20일"), "its own date");
    assert!(
        page.contains("href=\"/2024/06/b/\""),
        "a link to an article without a translation leads to the original"
    );
    let alternates = alternates(&page);
    assert_eq!(
        alternates.get("en").map(String::as_str),
        Some("https://example.org/2024/06/a/")
    );
    assert!(out.join("ko/topics/t/index.html").exists());
    assert!(
        !out.join("ko/2024/06/b/index.html").exists(),
        "no page for an untranslated article"
    );
}

/// Regression: a translation left out (a draft, or dated later than its original) was not in the
/// build's summary, which said nothing was left out.
#[test]
fn the_build_summary_counts_the_translations_left_out() {
    let dir = site(&[
        ("site.yaml", &with_korean("")),
        ("content/topics/t.md", TOPIC),
        (
            "content/a.md",
            "---\ntitle: A pact\ndate: 2024-06-19\ntopics: [t]\n---\nText.\n",
        ),
        ("content/a.ko.md", "---\ntitle: 조약\ndraft: true\n---\n본문.\n"),
        (
            "content/b.md",
            "---\ntitle: A visit\ndate: 2024-06-18\ntopics: [t]\n---\nText.\n",
        ),
        ("content/b.ko.md", "---\ntitle: 방문\ndate: 2999-01-01\n---\n본문.\n"),
    ]);
    let out = dir.path().join("public");
    let run = gazette(dir.path(), &["build", "--output", out.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    let summary = String::from_utf8_lossy(&run.stdout);
    assert!(
        summary.contains("; 1 draft left out (--drafts to include), 1 article dated in the future left out"),
        "{summary}"
    );
}

/// Regression: an author's translation that gave only their name, role and biography lost the
/// original's picture, own page and profile links: no portrait on the Korean author page, no
/// `sameAs` in the Korean articles' structured data. Those do not change with the language.
#[test]
fn an_authors_translation_keeps_the_originals_picture_and_links() {
    let dir = site(&[
        ("site.yaml", &with_korean("")),
        ("content/topics/t.md", TOPIC),
        (
            "content/authors/layla.md",
            "---\nname: Layla Haddad\nrole: Gulf correspondent\nimage: layla.png\nurl: https://staff.example.com/layla\nsame_as: [https://social.example/@layla]\n---\nReports from the Gulf.\n",
        ),
        (
            "content/authors/layla.ko.md",
            "---\nname: 라일라 하다드\nrole: 걸프 특파원\n---\n걸프에서 보도한다.\n",
        ),
        (
            "content/a.md",
            "---\ntitle: A pact\ndate: 2024-06-19\ntopics: [t]\nauthors: [layla]\n---\nText.\n",
        ),
        ("content/a.ko.md", "---\ntitle: 조약\n---\n본문.\n"),
    ]);
    let picture = image::RgbImage::from_pixel(600, 600, image::Rgb([90, 60, 30]));
    picture
        .save(dir.path().join("content/authors/layla.png"))
        .expect("the picture");
    let out = built(dir.path());
    let page = std::fs::read_to_string(out.join("ko/authors/layla/index.html")).unwrap();
    assert!(page.contains("라일라 하다드"), "the translation's name");
    assert!(
        page.contains("<img") && page.contains("layla-"),
        "the original's picture: {page}"
    );
    assert!(
        page.contains("https://staff.example.com/layla"),
        "the original's own page"
    );
    let article = std::fs::read_to_string(out.join("ko/2024/06/a/index.html")).unwrap();
    assert!(
        article.contains("https://social.example/@layla"),
        "sameAs in the structured data"
    );
}

/// Regression: a translation took its original's "updated" date, made from the original's
/// correction, and showed "Updated" (and `article:modified_time`) with no log behind it: the
/// update log is the translation's own, and so is the date it gives.
#[test]
fn a_translation_is_updated_only_by_its_own_log() {
    let dir = site(&[
        ("site.yaml", &with_korean("")),
        ("content/topics/t.md", TOPIC),
        (
            "content/a.md",
            "---\ntitle: A pact\ndate: 2024-06-19\ntopics: [t]\nupdates:\n  - date: 2024-06-22\n    text: The pact was signed on the 19th, not the 18th.\n    correction: true\n---\nText.\n",
        ),
        ("content/a.ko.md", "---\ntitle: 조약\n---\n본문.\n"),
        (
            "content/b.md",
            "---\ntitle: A visit\ndate: 2024-06-19\ntopics: [t]\n---\nText.\n",
        ),
        (
            "content/b.ko.md",
            "---\ntitle: 방문\nupdates:\n  - date: 2024-06-23\n    text: 번역을 고쳤다.\n---\n본문.\n",
        ),
    ]);
    let out = built(dir.path());
    let original = std::fs::read_to_string(out.join("2024/06/a/index.html")).unwrap();
    assert!(
        original.contains("article:modified_time\" content=\"2024-06-22"),
        "the original was updated"
    );
    let translation = std::fs::read_to_string(out.join("ko/2024/06/a/index.html")).unwrap();
    assert!(!translation.contains("2024-06-22"), "{translation}");
    assert!(!translation.contains("업데이트"), "{translation}");
    let own = std::fs::read_to_string(out.join("ko/2024/06/b/index.html")).unwrap();
    assert!(
        own.contains("article:modified_time\" content=\"2024-06-23"),
        "its own log dates it"
    );
}

/// Regression: every author had a page, a feed and a sitemap entry in every language, even with
/// no briefing in it: an empty Korean page and an empty feed for an author who writes in English
/// only.
#[test]
fn another_language_lists_only_the_authors_who_wrote_in_it() {
    let dir = site(&[
        ("site.yaml", &with_korean("")),
        ("content/topics/t.md", TOPIC),
        ("content/authors/ana.md", "---\nname: Ana\n---\nWrites in both.\n"),
        ("content/authors/ben.md", "---\nname: Ben\n---\nWrites in English.\n"),
        (
            "content/a.md",
            "---\ntitle: A pact\ndate: 2024-06-19\ntopics: [t]\nauthors: [ana]\n---\nText.\n",
        ),
        ("content/a.ko.md", "---\ntitle: 조약\n---\n본문.\n"),
        (
            "content/b.md",
            "---\ntitle: B visit\ndate: 2024-06-18\ntopics: [t]\nauthors: [ben, ana]\n---\nText.\n",
        ),
    ]);
    let out = built(dir.path());
    assert!(out.join("authors/ben/index.html").exists());
    assert!(out.join("ko/authors/ana/index.html").exists());
    assert!(!out.join("ko/authors/ben").exists(), "no Korean page or feed for Ben");
    let list = std::fs::read_to_string(out.join("ko/authors/index.html")).unwrap();
    assert!(list.contains("Ana") && !list.contains("Ben"), "{list}");
    let sitemap = std::fs::read_to_string(out.join("ko/sitemap.xml")).unwrap();
    assert!(!sitemap.contains("authors/ben"), "{sitemap}");
    let article = std::fs::read_to_string(out.join("ko/2024/06/a/index.html")).unwrap();
    assert!(article.contains("/ko/authors/ana/"), "the byline still links Ana");
}

/// Regression: the language switch named a language the theme has no words in by its tag
/// ("English | fr"); it names it in itself, from CLDR, as it names the theme's languages.
#[test]
fn the_language_switch_names_a_language_the_theme_lacks_in_itself() {
    let dir = site(&[
        (
            "site.yaml",
            &format!(
                "{SITE_YAML}languages:\n  fr: {{ title: Le bureau }}\n  tlh: {{ title: Desk }}\n  pt-BR: {{ title: Mesa }}\n  pt-PT: {{ title: Mesa }}\n"
            ),
        ),
        ("content/topics/t.md", TOPIC),
        (
            "content/a.md",
            "---\ntitle: A pact\ndate: 2024-06-19\ntopics: [t]\n---\nText.\n",
        ),
        ("content/a.fr.md", "---\ntitle: Un pacte\n---\nTexte.\n"),
        ("content/a.tlh.md", "---\ntitle: A desk's pact\n---\nText.\n"),
        ("content/a.pt-BR.md", "---\ntitle: Um pacto\n---\nTexto.\n"),
        ("content/a.pt-PT.md", "---\ntitle: Um pacto\n---\nTexto.\n"),
    ]);
    let out = built(dir.path());
    for page in ["2024/06/a/index.html", "fr/2024/06/a/index.html"] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        let switch = html
            .split("<nav class=\"language-switch\"")
            .nth(1)
            .and_then(|rest| rest.split("</nav>").next())
            .unwrap_or_else(|| panic!("{page} has no language switch: {html}"));
        assert!(switch.contains(">English<"), "{page}: {switch}");
        assert!(
            switch.contains(">français<") && !switch.contains(">fr<"),
            "{page}: {switch}"
        );
        // A language CLDR does not name in itself (Klingon) keeps its tag.
        assert!(switch.contains(">tlh<"), "{page}: {switch}");
        // Regression (language probe, session 24): two variants of one language had one name
        // ("português | português"); the rest of the tag tells them apart.
        assert!(
            switch.contains(">português (BR)<") && switch.contains(">português (PT)<"),
            "{page}: {switch}"
        );
    }
}

/// Regression (language probe, session 24): an edition named for one day and dated another was
/// warned of once per language, the translations (which take both from their original) at 1:1
/// and with the original's address.
#[test]
fn an_editions_name_and_date_apart_are_one_warning_at_the_original() {
    let edition = |title: &str, date: &str| {
        format!("---\ntitle: {title}\n{date}items:\n  - link: https://example.com/x\n    title: X\n---\n")
    };
    let dir = site(&[
        ("site.yaml", &with_korean("")),
        ("content/topics/t.md", TOPIC),
        (
            "content/a.md",
            "---\ntitle: A\ndate: 2024-06-19\ntopics: [t]\n---\nText.\n",
        ),
        (
            "content/editions/2024-06-21.md",
            &edition("Morning", "date: 2024-06-22T07:00:00Z\n"),
        ),
        ("content/editions/2024-06-21.ko.md", &edition("아침", "")),
    ]);
    let run = gazette(dir.path(), &["build"]);
    let printed = stderr(&run);
    assert!(run.status.success(), "{printed}");
    let named: Vec<&str> = printed
        .lines()
        .filter(|l| l.contains("this edition is named for"))
        .collect();
    assert_eq!(named.len(), 1, "{printed}");
    assert!(
        named[0].starts_with("content/editions/2024-06-21.md:3:7: warning:"),
        "{printed}"
    );
}

/// Regression (language probe, session 24): a translation's link to an article with no
/// translation into its language (which leads to the default language's page) was not checked
/// for its `#fragment`; the same link in the original was an error.
#[test]
fn a_translations_link_to_an_untranslated_article_has_its_fragment_checked() {
    let dir = site(&[
        ("site.yaml", &with_korean("")),
        ("content/topics/t.md", TOPIC),
        (
            "content/a.md",
            "---\ntitle: A\ndate: 2024-06-19\ntopics: [t]\n---\nText.\n",
        ),
        (
            "content/a.ko.md",
            "---\ntitle: 가\n---\n[위](@/b.md#background) [아래](@/b.md#nowhere) [본문](@/b.md#bakground)\n",
        ),
        (
            "content/b.md",
            "---\ntitle: B\ndate: 2024-06-20\ntopics: [t]\n---\n## Background\n\nText.\n",
        ),
    ]);
    let run = gazette(dir.path(), &["check"]);
    let printed = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{printed}");
    assert!(
        printed.contains("error: the link `@/b.md#nowhere` points to #nowhere, which content/b.md does not have"),
        "{printed}"
    );
    assert!(printed.contains("did you mean `#background`?"), "{printed}");
    assert!(
        !printed.contains("`@/b.md#background`"),
        "an id b's page has: {printed}"
    );
}

/// Regression (language probe, session 24): a translation that said `draft: false` went live
/// while its original was a draft, without a word; one without `draft:` follows its original.
#[test]
fn a_translation_published_before_its_draft_original_is_a_warning() {
    let dir = site(&[
        (
            "site.yaml",
            &format!("{SITE_YAML}languages:\n  ko: {{ title: 데스크 }}\n  ar: {{ title: مكتب }}\n"),
        ),
        ("content/topics/t.md", TOPIC),
        (
            "content/a.md",
            "---\ntitle: A\ndate: 2024-06-19\ntopics: [t]\ndraft: true\n---\nText.\n",
        ),
        ("content/a.ko.md", "---\ntitle: 가\n---\n본문.\n"),
        ("content/a.ar.md", "---\ntitle: أ\ndraft: false\n---\nنص.\n"),
    ]);
    let run = gazette(dir.path(), &["build"]);
    let printed = stderr(&run);
    assert!(run.status.success(), "{printed}");
    assert!(
        printed.contains("content/a.ar.md: warning: this translation is published (`draft: false`) while its original `a.md` is a draft"),
        "{printed}"
    );
    assert!(!printed.contains("a.ko.md: warning: this translation"), "{printed}");
    assert!(
        !dir.path().join("public/ko/2024/06/a/index.html").exists(),
        "ko follows its draft original"
    );
}

/// Regression (language probe, session 24): a translation's alias written with its language's
/// folder (`/ko/old/1.htm`, as the old address was) got it twice (`/ko/ko/old/1.htm`), and no
/// translation's alias was in `_redirects`.
#[test]
fn a_translations_aliases_are_in_its_folder_once_and_in_the_redirects() {
    let dir = site(&[
        ("site.yaml", &with_korean("")),
        ("content/topics/t.md", TOPIC),
        (
            "content/a.md",
            "---\ntitle: A\ndate: 2024-06-19\ntopics: [t]\naliases: [/old/a.htm]\n---\nText.\n",
        ),
        (
            "content/a.ko.md",
            "---\ntitle: 가\naliases: [/ko/old/1.htm, /older/]\n---\n본문.\n",
        ),
        // A renamed topic's translation: its old address in its folder, once, and its lines.
        (
            "content/topics/t.ko.md",
            "---\ntitle: 주제\naliases: [/ko/topics/old-t/]\n---\n배경.\n",
        ),
        // A translation that gives no aliases takes its original's (review: the Korean old
        // address was lost, and the pages-gone note sent the editor back to the original).
        (
            "content/topics/u.md",
            "---\ntitle: U\naliases: [old-u]\n---\nBackground.\n",
        ),
        ("content/topics/u.ko.md", "---\ntitle: 유\n---\n배경.\n"),
    ]);
    let out = built(dir.path());
    assert!(
        out.join("ko/topics/old-t/index.html").is_file(),
        "the topic's alias in its folder once"
    );
    assert!(out.join("ko/old/1.htm").is_file(), "the alias as written");
    assert!(!out.join("ko/ko").exists(), "the folder once");
    assert!(
        out.join("ko/older/index.html").is_file(),
        "an alias without the folder is in it"
    );
    let redirects = std::fs::read_to_string(out.join("_redirects")).unwrap();
    for line in [
        "/old/a.htm /2024/06/a/ 301",
        "/ko/old/1.htm /ko/2024/06/a/ 301",
        "/ko/older/ /ko/2024/06/a/ 301",
        "/ko/topics/old-t/ /ko/topics/t/ 301",
        "/ko/topics/old-t/atom.xml /ko/topics/t/atom.xml 301",
        "/topics/old-u/ /topics/u/ 301",
        "/ko/topics/old-u/ /ko/topics/u/ 301",
    ] {
        assert!(redirects.lines().any(|l| l == line), "{line}\n{redirects}");
    }
}

/// Regression (session 34's standards probe): a correction on the original was not carried to
/// its translation, which kept repeating the mistake unsaid. A translation that has not changed
/// since the original's newest correction is warned of; its own correction, or `updated:` on or
/// after that day (it was checked and right), settles it.
#[test]
fn a_translation_older_than_its_originals_correction_is_warned_of() {
    let original = "---\ntitle: A\ndate: 2024-06-19\ntopics: [t]\nupdates:\n  - date: 2024-06-22\n    kind: correction\n    text: An earlier version gave the wrong year.\n  - date: 2024-06-23\n    text: Added a reply.\n---\nText.\n";
    let check = |translation: &str| {
        let dir = site(&[
            ("site.yaml", &with_korean("images: off\n")),
            ("content/topics/t.md", TOPIC),
            ("content/a.md", original),
            ("content/a.ko.md", translation),
        ]);
        stderr(&gazette(dir.path(), &["check"]))
    };
    let printed = check("---\ntitle: 가\n---\n본문.\n");
    assert!(
        printed.contains("content/a.ko.md:1:1: warning: the original was corrected on 2024-06-22 (“An earlier version gave the wrong year.”), after this translation last changed"),
        "{printed}"
    );
    assert!(printed.contains("say so with `updated: 2024-06-22`"), "{printed}");
    for settled in [
        "---\ntitle: 가\nupdated: 2024-06-22\n---\n본문.\n",
        "---\ntitle: 가\nupdates:\n  - { date: 2024-06-22 10:00, kind: correction, text: 연도를 바로잡았다. }\n---\n본문.\n",
    ] {
        let printed = check(settled);
        assert!(!printed.contains("was corrected"), "{settled}: {printed}");
    }
}

/// Regression (session 34's Japanese desk probe): `language: jp` (Japan's code) was taken without
/// a word: every page said `lang="jp"`, which nothing knows as Japanese, and dates came out
/// `2024 M06 21`. And a file named `.jp.md` on a site that lists `ja` was told to change the
/// right `ja:` in site.yaml to `jp:`. The first is a warning that names `ja`; the second an error
/// at the file that names `.ja.md`.
#[test]
fn a_countrys_code_for_a_language_is_told_the_languages() {
    let dir = site(&[
        (
            "site.yaml",
            "title: Desk\nbase_url: https://example.org/\ntimezone: Asia/Tokyo\nlanguage: jp\n",
        ),
        ("content/topics/t.md", TOPIC),
        (
            "content/a.md",
            "---\ntitle: A\ndate: 2024-06-19\ntopics: [t]\n---\nText.\n",
        ),
    ]);
    let run = gazette(dir.path(), &["check"]);
    let printed = stderr(&run);
    assert!(
        printed.contains(
            "site.yaml:4:11: warning: `jp` is a country's code (ISO 3166), and the language of that country is `ja`"
        ),
        "{printed}"
    );
    // A country's code that is a language's too (Breton's `br`) is taken as that language.
    std::fs::write(
        dir.path().join("site.yaml"),
        "title: Desk\nbase_url: https://example.org/\ntimezone: Europe/Paris\nlanguage: br\n",
    )
    .unwrap();
    let printed = stderr(&gazette(dir.path(), &["check"]));
    assert!(!printed.contains("country"), "{printed}");
    let dir = site(&[
        (
            "site.yaml",
            "title: Desk\nbase_url: https://example.org/\ntimezone: Asia/Tokyo\nlanguage: zh-Hans\nlanguages:\n  ja: { title: デスク }\n",
        ),
        ("content/topics/t.md", TOPIC),
        (
            "content/a.md",
            "---\ntitle: A\ndate: 2024-06-19\ntopics: [t]\n---\nText.\n",
        ),
        ("content/a.jp.md", "---\ntitle: エー\n---\n本文。\n"),
    ]);
    let run = gazette(dir.path(), &["check"]);
    let printed = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{printed}");
    assert!(
        printed.contains(
            "content/a.jp.md:1:1: error: `a.jp.md` is named with `jp`, a country's code: the language's is `ja`\n"
        ),
        "{printed}"
    );
    assert!(
        printed.contains("help: a translation into `ja` is named `a.ja.md`"),
        "{printed}"
    );
    assert!(!printed.contains("Write `jp:`"), "{printed}");
}

/// Regression (language probe, session 24): `languages: { kr: … }` (for Korean) was an error at
/// a content file, "translations into `ko`, which is not one of the site's languages: did you
/// mean `kr`?", which meant renaming every correct `.ko.md` file. A listed language with no file,
/// beside files in one close to it, is an error at site.yaml's line.
#[test]
fn a_misspelt_language_in_site_yaml_is_told_at_site_yaml() {
    let dir = site(&[
        (
            "site.yaml",
            &format!("{SITE_YAML}languages:\n  kr: {{ title: 데스크 }}\n"),
        ),
        ("content/topics/t.md", TOPIC),
        (
            "content/a.md",
            "---\ntitle: A\ndate: 2024-06-19\ntopics: [t]\n---\nText.\n",
        ),
        ("content/a.ko.md", "---\ntitle: 가\n---\n본문.\n"),
        (
            "content/b.md",
            "---\ntitle: B\ndate: 2024-06-20\ntopics: [t]\n---\nText.\n",
        ),
        ("content/b.ko.md", "---\ntitle: 나\n---\n본문.\n"),
    ]);
    let run = gazette(dir.path(), &["check"]);
    let printed = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{printed}");
    assert!(
        printed.contains("site.yaml:5:3: error: `kr` is one of the site's `languages`, but no file is in it, while `a.ko.md` and 1 other file are translations into `ko`"),
        "{printed}"
    );
    assert!(
        printed.contains("did you mean `ko`? Write `ko:` here in site.yaml"),
        "{printed}"
    );
    assert!(!printed.contains("did you mean `kr`"), "{printed}");
    // Two languages a letter apart are not a typo of each other: `fr` files on a site with
    // Arabic (which has its files) are not told "did you mean `ar`?".
    std::fs::write(
        dir.path().join("site.yaml"),
        format!("{SITE_YAML}languages:\n  ko: {{ title: 데스크 }}\n  ar: {{ title: مكتب }}\n"),
    )
    .unwrap();
    std::fs::write(dir.path().join("content/a.ar.md"), "---\ntitle: أ\n---\nنص.\n").unwrap();
    std::fs::write(dir.path().join("content/b.fr.md"), "---\ntitle: B\n---\nTexte.\n").unwrap();
    let run = gazette(dir.path(), &["check"]);
    let printed = stderr(&run);
    assert!(
        printed.contains("`b.fr.md` is a translation into `fr`, which is not one of the site's `languages`"),
        "{printed}"
    );
    assert!(!printed.contains("did you mean `ar`"), "{printed}");
}

/// Regression: a site's `static/custom.css` was written a second time as `ko/custom.css`,
/// which no page links (every language's pages link the root's, as the other static files);
/// and `serve` still served that copy.
#[test]
fn the_sites_custom_css_is_written_once_at_the_root() {
    let dir = site(&[
        ("site.yaml", &with_korean("")),
        ("content/topics/t.md", TOPIC),
        (
            "content/a.md",
            "---\ntitle: A pact\ndate: 2024-06-19\ntopics: [t]\n---\nText.\n",
        ),
        ("content/a.ko.md", "---\ntitle: 조약\n---\n본문.\n"),
        ("static/custom.css", "body { color: #222; }\n"),
    ]);
    let out = built(dir.path());
    assert!(out.join("custom.css").exists());
    assert!(!out.join("ko/custom.css").exists(), "a copy no page links");
    let korean = std::fs::read_to_string(out.join("ko/2024/06/a/index.html")).unwrap();
    assert!(
        korean.contains("href=\"/custom.css\""),
        "the Korean page links the root's: {korean}"
    );
    // `serve` answers as the build wrote (it served a `ko/custom.css` the build does not write).
    let server = crate::serve::Server::start(dir.path(), &[]);
    server.wait_for_line("built ", std::time::Duration::from_secs(20));
    assert_eq!(crate::serve::get(&server.address, "/custom.css").status, 200);
    assert_eq!(crate::serve::get(&server.address, "/ko/custom.css").status, 404);
    let page = crate::serve::get(&server.address, "/ko/2024/06/a/").text();
    assert!(page.contains("href=\"/custom.css\""), "{page}");
}

/// Regression: an author with no translation stood in a Korean byline, list and page in English
/// words unmarked (read with a Korean voice), and a role in a byline was set off by English
/// commas, so "Ana, Gulf correspondent, Ben, Intern" could not be read as names and roles.
#[test]
fn an_untranslated_author_is_marked_in_the_default_language_and_roles_take_the_pages_punctuation() {
    let dir = site(&[
        ("site.yaml", &with_korean("")),
        ("content/topics/t.md", TOPIC),
        (
            "content/authors/ana.md",
            "---\nname: Ana Reyes\nrole: Gulf correspondent\n---\nWrites.\n",
        ),
        (
            "content/authors/ben.md",
            "---\nname: Ben Cho\nrole: Analyst\n---\nWrites.\n",
        ),
        (
            // Named in capitals, as a translation may be (review: it was taken for untranslated).
            "content/authors/ben.KO.md",
            "---\nname: 조벤\nrole: 분석가\n---\n씁니다.\n",
        ),
        (
            "content/a.md",
            "---\ntitle: A pact\ndate: 2024-06-19\ntopics: [t]\nauthors: [ana, ben]\n---\nText.\n",
        ),
        ("content/a.ko.md", "---\ntitle: 조약\n---\n본문.\n"),
    ]);
    let out = built(dir.path());
    let korean = std::fs::read_to_string(out.join("ko/2024/06/a/index.html")).unwrap();
    assert!(
        korean.contains("rel=\"author\" lang=\"en\" dir=\"auto\">Ana Reyes</a>(<span lang=\"en\" dir=\"auto\">Gulf correspondent</span>), <a href=\"/ko/authors/ben/\" rel=\"author\">조벤</a>(분석가)</p>"),
        "{korean}"
    );
    let list = std::fs::read_to_string(out.join("ko/authors/index.html")).unwrap();
    // Its own direction too (language probe, session 24: an English biography on an Arabic
    // page, `lang="en"` alone, had its full stop on the left).
    assert!(
        list.contains("<h2 class=\"author-name\" lang=\"en\" dir=\"auto\">"),
        "{list}"
    );
    let page = std::fs::read_to_string(out.join("ko/authors/ana/index.html")).unwrap();
    assert!(page.contains("<h1 lang=\"en\" dir=\"auto\">Ana Reyes</h1>"), "{page}");
    assert!(
        page.contains("<div class=\"prose\" lang=\"en\" dir=\"auto\">"),
        "{page}"
    );
    let ben = std::fs::read_to_string(out.join("ko/authors/ben/index.html")).unwrap();
    assert!(ben.contains("<h1>조벤</h1>"), "{ben}");
    let english = std::fs::read_to_string(out.join("2024/06/a/index.html")).unwrap();
    assert!(
        english.contains("rel=\"author\">Ana Reyes</a>, Gulf correspondent, and <a"),
        "{english}"
    );
}

/// Which authors stand in untranslated is recorded where the files are split by language (it was
/// guessed from the file's name at render time): a translation named by the base tag
/// (`ben.ar.md` under `ar-u-nu-arab`) is translated, the other author is marked `lang="en"`.
#[test]
fn an_authors_translation_under_a_tag_with_extensions_is_not_marked_untranslated() {
    let dir = site(&[
        (
            "site.yaml",
            &format!("{SITE_YAML}languages:\n  ar-u-nu-arab: {{ title: مكتب }}\n"),
        ),
        ("content/topics/t.md", TOPIC),
        ("content/authors/ana.md", "---\nname: Ana Reyes\n---\nWrites.\n"),
        ("content/authors/ben.md", "---\nname: Ben Cho\n---\nWrites.\n"),
        ("content/authors/ben.ar.md", "---\nname: بن تشو\n---\nيكتب.\n"),
        (
            "content/a.md",
            "---\ntitle: A pact\ndate: 2024-06-19\ntopics: [t]\nauthors: [ana, ben]\n---\nText.\n",
        ),
        ("content/a.ar.md", "---\ntitle: اتفاق\n---\nنص.\n"),
    ]);
    let out = built(dir.path());
    let arabic = std::fs::read_to_string(out.join("ar/2024/06/a/index.html")).unwrap();
    assert!(
        arabic.contains("rel=\"author\" lang=\"en\" dir=\"auto\">Ana Reyes</a>"),
        "the untranslated author is marked: {arabic}"
    );
    assert!(
        arabic.contains("<a href=\"/ar/authors/ben/\" rel=\"author\">بن تشو</a>"),
        "the translated author is not: {arabic}"
    );
    let ben = std::fs::read_to_string(out.join("ar/authors/ben/index.html")).unwrap();
    assert!(ben.contains("<h1>بن تشو</h1>"), "{ben}");
}

/// Regression (languages probe): listing `ar-u-nu-arab` (Arabic with Arabic-Indic digits)
/// published the language under `/ar-u-nu-arab/`, its files had to be named `x.ar-u-nu-arab.md`,
/// and `hreflang="ar-u-nu-arab"` was not read as Arabic. The extension only says how numbers are
/// written: the folder, the files and `hreflang` are `ar`.
#[test]
fn a_tags_extensions_choose_the_digits_not_the_folder() {
    let dir = site(&[
        (
            "site.yaml",
            &format!("{SITE_YAML}languages:\n  ar-u-nu-arab: {{ title: مكتب }}\n"),
        ),
        ("content/topics/t.md", TOPIC),
        (
            "content/a.md",
            "---\ntitle: A pact\ndate: 2024-06-19\ntopics: [t]\n---\nText.\n",
        ),
        ("content/a.ar.md", "---\ntitle: اتفاق\n---\nنص.\n"),
    ]);
    let out = built(dir.path());
    let arabic = std::fs::read_to_string(out.join("ar/2024/06/a/index.html")).unwrap();
    assert!(arabic.contains("<html lang=\"ar\" dir=\"rtl\">"), "{arabic}");
    assert!(arabic.contains("١٩ يونيو ٢٠٢٤"), "Arabic-Indic digits: {arabic}");
    let english = std::fs::read_to_string(out.join("2024/06/a/index.html")).unwrap();
    assert!(
        english.contains("hreflang=\"ar\"") && !english.contains("nu-arab"),
        "{english}"
    );
    assert!(!out.join("ar-u-nu-arab").exists());
}

#[test]
fn serve_previews_every_language() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    crate::common::copy_dir(&repo().join("content"), &root.join("content"));
    std::fs::copy(repo().join("site.yaml"), root.join("site.yaml")).unwrap();
    let server = Server::start(&root, &[]);
    server.wait_for_line("built ", std::time::Duration::from_secs(60));
    let home = get(&server.address, "/ko/");
    assert_eq!(home.status, 200);
    let home = String::from_utf8(home.body).unwrap();
    assert!(home.contains("<html lang=\"ko\""), "{home}");
    let article = get(&server.address, "/ko/2024/06/putin-returns-to-pyongyang/");
    assert_eq!(article.status, 200);
    let article = String::from_utf8(article.body).unwrap();
    assert!(article.contains("hreflang=\"en\""), "{article}");
    assert_eq!(get(&server.address, "/ko/atom.xml").status, 200);
    assert_eq!(get(&server.address, "/ko/search/meta.json").status, 200);
    assert_eq!(get(&server.address, "/ko/2024/06/what-each-side-gets/").status, 404);
    // An edit to a translation reaches its page.
    let file = root.join("content/2024/06/putin-returns-to-pyongyang.ko.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("title:", "title: 속보 —", 1)).unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let page = String::from_utf8(get(&server.address, "/ko/2024/06/putin-returns-to-pyongyang/").body).unwrap();
        if page.contains("속보 —") {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "the edit never showed");
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
}

#[test]
fn an_article_whose_topic_has_no_translation_warns_and_links_the_original_topic() {
    let dir = site(&[
        ("site.yaml", &with_korean("")),
        ("content/topics/t.md", TOPIC),
        ("content/topics/t.ko.md", "---\ntitle: 주제\n---\n배경.\n"),
        (
            "content/topics/u.md",
            "---\ntitle: Untranslated topic\n---\nBackground.\n",
        ),
        (
            "content/a.md",
            "---\ntitle: A pact\ndate: 2024-06-19\ntopics: [t, u]\n---\nText.\n",
        ),
        ("content/a.ko.md", "---\ntitle: 조약\n---\n본문.\n"),
    ]);
    let out = dir.path().join("public");
    let run = gazette(dir.path(), &["build", "--output", out.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(
        stderr(&run).contains("content/a.ko.md:1:1: warning: the topic `u` has no `ko` translation"),
        "{}",
        stderr(&run)
    );
    let page = std::fs::read_to_string(out.join("ko/2024/06/a/index.html")).unwrap();
    assert!(page.contains("href=\"/ko/topics/t/\""), "the translated topic");
    assert!(
        page.contains("href=\"/topics/u/\" lang=\"en\" dir=\"auto\">Untranslated topic<"),
        "the original topic, in the original's language (session 33)"
    );
    assert!(!out.join("ko/topics/u/index.html").exists());
    let timeline = std::fs::read_to_string(out.join("ko/topics/t/index.html")).unwrap();
    assert!(timeline.contains("/ko/2024/06/a/"));
}

/// Regression (session 24's language desk): a language none of whose topics is translated had
/// an empty "No topics yet." page, in its navigation, its sitemap and the hreflang alternates
/// of the default language's topics page. It now has no topics page, and its navigation leads
/// to the default language's.
#[test]
fn a_language_without_translated_topics_links_the_default_topics_page_instead_of_an_empty_one() {
    let dir = site(&[
        ("site.yaml", &with_korean("")),
        ("content/topics/t.md", TOPIC),
        (
            "content/a.md",
            "---\ntitle: A pact\ndate: 2024-06-19\ntopics: [t]\n---\nText.\n",
        ),
        ("content/a.ko.md", "---\ntitle: 조약\n---\n본문.\n"),
    ]);
    let out = built(dir.path());
    assert!(out.join("topics/index.html").exists());
    assert!(
        !out.join("ko/topics/index.html").exists(),
        "no empty Korean topics page"
    );
    let home = std::fs::read_to_string(out.join("ko/index.html")).unwrap();
    let nav = &home[home.find("class=\"site-nav\"").unwrap()..];
    let nav = &nav[..nav.find("</nav>").unwrap()];
    assert!(
        nav.contains("href=\"/topics/\""),
        "the navigation leads to the default topics page: {nav}"
    );
    assert!(!home.contains("/ko/topics/\""), "nothing links the Korean topics page");
    let topics = std::fs::read_to_string(out.join("topics/index.html")).unwrap();
    assert!(
        !alternates(&topics).contains_key("ko"),
        "no hreflang to a page that is not there"
    );
    let sitemap = std::fs::read_to_string(out.join("ko/sitemap.xml")).unwrap();
    assert!(!sitemap.contains("/ko/topics/<"), "{sitemap}");
    // With one topic translated, the language has its own topics page again.
    std::fs::write(
        dir.path().join("content/topics/t.ko.md"),
        "---\ntitle: 주제\n---\n배경.\n",
    )
    .unwrap();
    let out = built(dir.path());
    assert!(out.join("ko/topics/index.html").exists());
    let home = std::fs::read_to_string(out.join("ko/index.html")).unwrap();
    assert!(home.contains("href=\"/ko/topics/\""));
}

#[test]
fn authors_and_editions_have_their_translations() {
    let out = sample();
    let author = std::fs::read_to_string(out.join("ko/authors/min-ji-park/index.html")).unwrap();
    assert!(
        author.contains("박민지") && author.contains("한반도 담당 기자"),
        "the author's translation"
    );
    assert_eq!(
        alternates(&author).get("en").map(String::as_str),
        Some(&*format!("{BASE}authors/min-ji-park/"))
    );
    let edition = std::fs::read_to_string(out.join("ko/editions/2024-06-22/index.html")).unwrap();
    assert!(edition.contains("아침 브리핑"), "the edition's translation");
    assert!(
        edition.contains("/briefings/ko/2024/06/putin-returns-to-pyongyang/"),
        "its items, in Korean"
    );
    assert_eq!(
        alternates(&edition).get("en").map(String::as_str),
        Some(&*format!("{BASE}editions/2024-06-22/"))
    );
    assert!(out.join("ko/editions/2024-06-22/email.html").exists());
    // An edition without a translation is in its own language only.
    assert!(!out.join("ko/editions/2024-06-23/index.html").exists());
}

#[test]
fn an_article_inside_a_languages_folder_is_an_error() {
    let dir = site(&[
        (
            "site.yaml",
            &format!("{SITE_YAML}permalink: /:slug/\nlanguages:\n  ko: {{ title: 데스크 }}\n"),
        ),
        ("content/ko.md", "---\ntitle: Korea\ndate: 2024-06-19\n---\nText.\n"),
        (
            "content/b.md",
            "---\ntitle: B\ndate: 2024-06-19\naliases: [/ko/old/]\n---\nText.\n",
        ),
        (
            "content/topics/t.md",
            "---\ntitle: T\naliases: [/topics/old/, /ko/topics/old/]\n---\nBackground.\n",
        ),
    ]);
    let run = gazette(dir.path(), &["check"]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    let printed = stderr(&run);
    assert!(
        printed.contains("content/ko.md: error: the address /ko/ is inside /ko/"),
        "{printed}"
    );
    // Regression (language probe, session 24): an alias was told without its place.
    assert!(
        printed.contains("content/b.md:4:11: error: the address /ko/old/ is inside /ko/"),
        "{printed}"
    );
    // A topic's too, with where it goes instead.
    assert!(
        printed.contains("content/topics/t.md:3:25: error: the alias /ko/topics/old/ is inside /ko/")
            && printed.contains("goes in its translation's file (content/topics/t.ko.md)"),
        "{printed}"
    );
}

#[test]
fn searching_the_korean_pages_in_chromium_finds_korean_briefings_only() {
    let Some(tools) = crate::common::browser_tools() else {
        return;
    };
    let server = Server::start(&repo(), &[]);
    let (passed, printed) =
        crate::common::run_node_script(&tools, "search_ko_e2e.mjs", &[format!("http://{}/", server.address)]);
    assert!(passed, "{printed}");
    assert!(printed.contains("search_ko_e2e: OK"), "{printed}");
}

#[test]
fn gazette_edition_prints_a_translated_edition_as_built() {
    let out = sample();
    let run = gazette(&repo(), &["edition", "2024-06-22", "--lang", "ko"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let built = std::fs::read(out.join("ko/editions/2024-06-22/email.html")).unwrap();
    assert!(run.stdout == built, "the Korean email, byte for byte as built");
    let english = gazette(&repo(), &["edition", "2024-06-22", "--lang", "en"]);
    assert!(english.stdout == std::fs::read(out.join("editions/2024-06-22/email.html")).unwrap());
    // Regression (desk probe, session 23): `--lang EN` was "the site has no language `EN`",
    // though tags mean the same in any case.
    for (tag, email) in [
        ("KO", "ko/editions/2024-06-22/email.html"),
        ("EN", "editions/2024-06-22/email.html"),
    ] {
        let run = gazette(&repo(), &["edition", "2024-06-22", "--lang", tag]);
        assert!(run.status.success(), "{tag}: {}", stderr(&run));
        assert!(run.stdout == std::fs::read(out.join(email)).unwrap(), "{tag}");
    }
    let missing = gazette(&repo(), &["edition", "2024-06-23", "--lang", "ko"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        stderr(&missing).contains("edition `2024-06-23` has no `ko` translation"),
        "{}",
        stderr(&missing)
    );
    let unknown = gazette(&repo(), &["edition", "2024-06-22", "--lang", "de"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(
        stderr(&unknown).contains("the site has no language `de`"),
        "{}",
        stderr(&unknown)
    );
}

#[test]
fn the_sample_has_a_korean_edition_of_four_briefings_and_two_topics_shown_in_the_readme() {
    let out = sample();
    let pages_under = |dir: &str| {
        std::fs::read_dir(out.join(dir))
            .map(|entries| {
                entries
                    .filter(|e| e.as_ref().unwrap().path().join("index.html").is_file())
                    .count()
            })
            .unwrap_or(0)
    };
    assert!(
        pages_under("ko/2024/06") >= 4,
        "{} Korean briefings",
        pages_under("ko/2024/06")
    );
    assert!(
        pages_under("ko/topics") >= 2,
        "{} Korean topics",
        pages_under("ko/topics")
    );
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    assert!(readme.contains("(docs/screenshots/korean-timeline.png)"));
    assert!(repo().join("docs/screenshots/korean-timeline.png").is_file());
}

/// Regression: a translation's link to a draft that has no translation was an error ("not an
/// article of this build") while the original's same link was the draft warning.
#[test]
fn a_translations_link_to_an_untranslated_draft_is_text_with_the_drafts_warning() {
    let dir = site(&[
        ("site.yaml", &with_korean("")),
        (
            "content/a.md",
            "---\ntitle: Draft\ndate: 2024-06-19\ndraft: true\n---\nText.\n",
        ),
        ("content/b.md", "---\ntitle: B\ndate: 2024-06-18\n---\nSee [a](a.md).\n"),
        ("content/b.ko.md", "---\ntitle: 비\n---\n[초안](a.md) 참조.\n"),
    ]);
    let out = dir.path().join("public");
    let run = gazette(dir.path(), &["build", "--output", out.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(
        stderr(&run).contains("content/b.ko.md:4:1: warning: the link `a.md` points to content/a.md, which is a draft"),
        "{}",
        stderr(&run)
    );
    let page = std::fs::read_to_string(out.join("ko/2024/06/b/index.html")).unwrap();
    assert!(
        page.contains("초안") && !page.contains("href=\"/2024/06/a/\""),
        "the link is its text"
    );
}

/// Regression (session 31's scale probe): an Arabic title on an English site was not isolated,
/// so its punctuation landed on the wrong side. On a left-to-right page a title whose first
/// letter runs right to left is isolated (`<bdi>`), in the email with `dir="rtl"`; an English
/// title is left as it is.
#[test]
fn a_right_to_left_title_on_a_left_to_right_page_is_isolated() {
    let dir = crate::common::site(&[
        (
            "site.yaml",
            "title: Desk\nbase_url: https://example.org/\ntimezone: UTC\nimages: off\n",
        ),
        ("content/topics/t.md", crate::common::TOPIC),
        (
            "content/2024/06/a.md",
            "---\ntitle: \"اجتماع المبعوثين!\"\ndate: 2024-06-21T08:00:00Z\ntopics: [t]\n---\nText.\n",
        ),
        (
            "content/2024/06/b.md",
            "---\ntitle: Envoys meet\ndate: 2024-06-20T08:00:00Z\ntopics: [t]\n---\nText.\n",
        ),
        (
            "content/editions/2024-06-21.md",
            "---\ndate: 2024-06-21T20:00:00Z\nitems:\n  - article: 2024/06/a.md\n  - article: 2024/06/b.md\n---\n",
        ),
    ]);
    let run = crate::common::gazette(dir.path(), &["build"]);
    assert!(run.status.success(), "{}", crate::common::stderr(&run));
    let read = |path: &str| std::fs::read_to_string(dir.path().join("public").join(path)).unwrap();
    let home = read("index.html");
    assert!(home.contains("<bdi>اجتماع المبعوثين!</bdi>"), "{home}");
    assert!(
        !home.contains("<bdi>Envoys meet</bdi>") && home.contains("Envoys meet"),
        "{home}"
    );
    let email = read("editions/2024-06-21/email.html");
    assert!(email.contains("<span dir=\"rtl\">اجتماع المبعوثين!</span>"), "{email}");
    assert!(!email.contains("dir=\"ltr\">Envoys"), "{email}");
}
