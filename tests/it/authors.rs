//! People (issue 15): a fixture site with three authors (one with a hostile name) and articles
//! naming one, two or none of them (site.yaml's default byline) builds bylines, the authors list,
//! author pages paginated like tags, author feeds, Atom `<author>`, RSS `dc:creator`, JSON Feed
//! `authors` and JSON-LD `Person`s, every name escaped where it lands; the pages pass the W3C,
//! feed and axe checkers, the sitemap lists them, and `serve` renders an author page.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::common::{browser_tools, gazette, run_checker, run_node_script, site, stderr};
use crate::publish::StaticServer;
use crate::serve::{Server, get};

/// A name that would break HTML, XML, JSON and a `<script>` if it were not escaped.
const HOSTILE: &str = "Night <script>alert(\"x\")</script> & 'Desk'";

const MIN_JI: &str = "---\nname: Min-ji Park\nrole: Korea correspondent\nurl: https://example.org/staff/min-ji\nimage: min-ji.png\nsame_as:\n  - https://www.wikidata.org/wiki/Q1\n---\nMin-ji Park covers **the peninsula** from Seoul.\n\nA second paragraph.\n";
const JOON_HO: &str = "---\nname: Joon-ho Lee\n---\nJoon-ho Lee reads the Russian press.\n";

/// A 1×1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49,
    0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0, 0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d,
    0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

fn article(title: &str, day: u8, authors: Option<&str>, draft: bool) -> String {
    let authors = authors.map(|a| format!("authors: [{a}]\n")).unwrap_or_default();
    format!(
        "---\ntitle: \"{title}\"\ndate: 2024-06-{day:02}T09:00:00Z\nsummary: \"Summary of {title}.\"\n{authors}draft: {draft}\n---\nThe body of {title}.\n"
    )
}

/// The fixture: Min-ji Park writes four published briefings (two pages of two) and a draft;
/// Joon-ho Lee two; the night desk (site.yaml's default) the one that names nobody and one more.
fn fixture() -> tempfile::TempDir {
    let files: Vec<(String, String)> = vec![
        (
            "site.yaml".into(),
            "title: Test Desk\nbase_url: https://example.org/\ntimezone: UTC\npagination: { per_page: 2 }\nauthors: [night-desk]\n".into(),
        ),
        ("content/authors/min-ji-park.md".into(), MIN_JI.into()),
        ("content/authors/joon-ho-lee.md".into(), JOON_HO.into()),
        (
            "content/authors/night-desk.md".into(),
            format!("---\nname: \"{}\"\nrole: \"Editor <b>on duty</b>\"\n---\nThe desk at night.\n", HOSTILE.replace('"', "\\\"")),
        ),
        ("content/2024/06/a1.md".into(), article("Pact signed", 19, Some("min-ji-park, joon-ho-lee"), false)),
        ("content/2024/06/a2.md".into(), article("Shells shipped", 20, Some("joon-ho-lee"), false)),
        ("content/2024/06/a3.md".into(), article("Night note", 21, None, false)),
        ("content/2024/06/a4.md".into(), article("Port opens", 22, Some("min-ji-park"), false)),
        ("content/2024/06/a5.md".into(), article("Oil arrives", 23, Some("min-ji-park"), false)),
        (
            "content/2024/06/a6.md".into(),
            article("Three bylines", 24, Some("min-ji-park, joon-ho-lee, night-desk"), false),
        ),
        ("content/2024/06/a0.md".into(), article("Nobody's", 18, Some(""), false)),
        ("content/2024/06/a7.md".into(), article("Unfinished", 25, Some("min-ji-park"), true)),
    ];
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let dir = site(&refs);
    std::fs::write(dir.path().join("content/authors/min-ji.png"), PNG).unwrap();
    dir
}

fn build(dir: &tempfile::TempDir) -> BTreeMap<String, String> {
    let out = dir.path().join("public");
    let run = gazette(dir.path(), &["build", "--output", out.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(stderr(&run).is_empty(), "no warnings: {}", stderr(&run));
    crate::common::tree(&out)
        .into_iter()
        .map(|(path, bytes)| (path, String::from_utf8_lossy(&bytes).into_owned()))
        .collect()
}

/// The byline's text (tags removed, entities as written) and its links.
fn byline(page: &str) -> (String, Vec<String>) {
    let start = page.find("<p class=\"byline\">").expect("a byline");
    let end = start + page[start..].find("</p>").unwrap();
    let html = &page[start..end];
    let mut text = String::new();
    let mut inside = false;
    for c in html.chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            c if !inside => text.push(c),
            _ => {}
        }
    }
    let links = html
        .split("href=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_string())
        .collect();
    (text, links)
}

/// The titles of the cards and headlines of a list page, in order.
fn listed(page: &str) -> Vec<String> {
    let main = &page[page.find("id=\"briefings-heading\"").expect("the briefings list")..];
    [
        "Pact signed",
        "Shells shipped",
        "Night note",
        "Port opens",
        "Oil arrives",
        "Three bylines",
        "Unfinished",
    ]
    .iter()
    .filter_map(|t| main.find(&format!(">{t}</a>")).map(|at| (at, t.to_string())))
    .collect::<BTreeMap<_, _>>()
    .into_values()
    .collect()
}

/// The JSON-LD of an article page, parsed.
fn json_ld(page: &str) -> serde_json::Value {
    let open = "<script type=\"application/ld+json\">";
    let start = page.find(open).expect("JSON-LD") + open.len();
    let end = start + page[start..].find("</script>").unwrap();
    serde_json::from_str(&page[start..end]).expect("valid JSON-LD")
}

#[test]
fn bylines_name_each_author_with_their_role_and_link_their_pages() {
    let dir = fixture();
    let files = build(&dir);
    let (text, links) = byline(&files["2024/06/a1/index.html"]);
    assert_eq!(text, "By Min-ji Park, Korea correspondent, and Joon-ho Lee");
    assert_eq!(links, ["/authors/min-ji-park/", "/authors/joon-ho-lee/"]);
    assert_eq!(byline(&files["2024/06/a2/index.html"]).0, "By Joon-ho Lee");
    let (three, links) = byline(&files["2024/06/a6/index.html"]);
    assert_eq!(
        three,
        "By Min-ji Park, Korea correspondent, Joon-ho Lee and Night &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Desk&#39;, Editor &lt;b&gt;on duty&lt;/b&gt;"
    );
    assert_eq!(links.len(), 3);
    // An article that names nobody has site.yaml's default byline.
    assert_eq!(byline(&files["2024/06/a3/index.html"]).1, ["/authors/night-desk/"]);
    // `authors: []` names nobody, not even the default: the site is the author.
    let nobody = &files["2024/06/a0/index.html"];
    assert!(!nobody.contains("class=\"byline\""));
    assert_eq!(json_ld(nobody)["author"]["@type"], "NewsMediaOrganization");
    for page in files.iter().filter(|(p, _)| p.ends_with(".html")).map(|(_, t)| t) {
        assert!(!page.contains("<script>alert"), "a name is escaped on every page");
    }
}

#[test]
fn author_pages_list_their_briefings_newest_first_paginated_like_tags() {
    let dir = fixture();
    let files = build(&dir);
    let list = &files["authors/index.html"];
    let joon = list.find(">Joon-ho Lee</a>").unwrap();
    let min_ji = list.find(">Min-ji Park</a>").unwrap();
    assert!(joon < min_ji, "authors by name");
    assert!(
        list.contains("Min-ji Park covers the peninsula from Seoul."),
        "the bio's summary"
    );
    assert!(
        list.contains("4 briefings"),
        "the draft the build left out is not counted: {list}"
    );
    let page1 = &files["authors/min-ji-park/index.html"];
    assert_eq!(listed(page1), ["Three bylines", "Oil arrives"]);
    assert!(
        page1.contains("<strong>the peninsula</strong>"),
        "the biography as Markdown"
    );
    assert!(page1.contains("href=\"https://example.org/staff/min-ji\""));
    assert!(page1.contains("href=\"https://www.wikidata.org/wiki/Q1\""));
    // The picture goes through the image step like any other: its own size, re-encoded, with
    // its width and height, and the author's name as its alt text.
    assert!(
        page1.contains("<div class=\"author-image\"><picture><source type=\"image/webp\" srcset=\"/authors/min-ji-1.webp 1w\" sizes=\"8rem\"><img src=\"/authors/min-ji-1.png\" width=\"1\" height=\"1\" alt=\"Min-ji Park\" decoding=\"async\"></picture></div>"),
        "{page1}"
    );
    assert!(
        files.contains_key("authors/min-ji.png"),
        "the picture is at its own name too"
    );
    assert!(
        page1.contains("href=\"/authors/min-ji-park/page/2/\""),
        "a link to the next page"
    );
    let page2 = &files["authors/min-ji-park/page/2/index.html"];
    assert_eq!(listed(page2), ["Port opens", "Pact signed"]);
    assert!(!files.contains_key("authors/min-ji-park/page/3/index.html"));
    assert!(page2.contains("<link rel=\"canonical\" href=\"https://example.org/authors/min-ji-park/page/2/\">"));
    assert_eq!(
        listed(&files["authors/joon-ho-lee/index.html"]),
        ["Three bylines", "Shells shipped"]
    );
    assert_eq!(
        listed(&files["authors/night-desk/index.html"]),
        ["Three bylines", "Night note"]
    );
    // The sitemap lists the authors list and every page of every author.
    let sitemap = &files["sitemap.xml"];
    for url in [
        "https://example.org/authors/",
        "https://example.org/authors/min-ji-park/",
        "https://example.org/authors/min-ji-park/page/2/",
        "https://example.org/authors/night-desk/",
    ] {
        assert!(sitemap.contains(&format!("<loc>{url}</loc>")), "{url} in the sitemap");
    }
    let out = dir.path().join("public");
    if let Some((passed, report)) = run_checker("check_html.sh", &[out.as_os_str()]) {
        assert!(passed && report.contains("check_html: OK 0 errors"), "{report}");
    }
}

#[test]
fn feeds_credit_each_author_and_each_author_has_a_feed() {
    let dir = fixture();
    let files = build(&dir);
    // An author's feed: their published briefings, newest first, summaries only.
    let feed = roxmltree::Document::parse(&files["authors/min-ji-park/atom.xml"]).unwrap();
    let titles: Vec<&str> = feed
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .map(|e| e.children().find(|c| c.has_tag_name("title")).unwrap().text().unwrap())
        .collect();
    assert_eq!(titles, ["Three bylines", "Oil arrives", "Port opens", "Pact signed"]);
    assert!(
        !files["authors/min-ji-park/atom.xml"].contains("<content"),
        "summaries, like a tag's feed"
    );
    // The site's Atom feed: each entry's authors, with their pages; the site stays the feed's.
    let atom = roxmltree::Document::parse(&files["atom.xml"]).unwrap();
    let entry = |title: &str| {
        atom.descendants()
            .find(|n| {
                n.has_tag_name("entry") && n.children().any(|c| c.has_tag_name("title") && c.text() == Some(title))
            })
            .unwrap()
    };
    let people = |title: &str| -> Vec<(String, String)> {
        entry(title)
            .children()
            .filter(|c| c.has_tag_name("author"))
            .map(|a| {
                let child = |name: &str| {
                    a.children()
                        .find(|c| c.has_tag_name(name))
                        .unwrap()
                        .text()
                        .unwrap()
                        .to_string()
                };
                (child("name"), child("uri"))
            })
            .collect()
    };
    assert_eq!(
        people("Pact signed"),
        [
            (
                "Min-ji Park".to_string(),
                "https://example.org/authors/min-ji-park/".to_string()
            ),
            (
                "Joon-ho Lee".to_string(),
                "https://example.org/authors/joon-ho-lee/".to_string()
            ),
        ]
    );
    assert_eq!(
        people("Night note"),
        [(
            HOSTILE.to_string(),
            "https://example.org/authors/night-desk/".to_string()
        )]
    );
    let feed_author = atom
        .root_element()
        .children()
        .find(|c| c.has_tag_name("author"))
        .unwrap();
    assert_eq!(
        feed_author.children().find(|c| c.has_tag_name("name")).unwrap().text(),
        Some("Test Desk")
    );
    // RSS: dc:creator per item.
    let rss = roxmltree::Document::parse(&files["rss.xml"]).unwrap();
    let dc = "http://purl.org/dc/elements/1.1/";
    let creators: Vec<Vec<&str>> = rss
        .descendants()
        .filter(|n| n.has_tag_name("item"))
        .map(|item| {
            item.children()
                .filter(|c| c.has_tag_name((dc, "creator")))
                .map(|c| c.text().unwrap())
                .collect()
        })
        .collect();
    assert_eq!(
        creators[0],
        ["Min-ji Park", "Joon-ho Lee", HOSTILE],
        "the newest item, Three bylines"
    );
    assert_eq!(creators[3], [HOSTILE], "Night note has the default byline");
    // JSON Feed 1.1: `authors` per item.
    let json: serde_json::Value = serde_json::from_str(&files["feed.json"]).unwrap();
    let item = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["title"] == "Pact signed")
        .unwrap();
    assert_eq!(
        item["authors"],
        serde_json::json!([
            {"name": "Min-ji Park", "url": "https://example.org/authors/min-ji-park/"},
            {"name": "Joon-ho Lee", "url": "https://example.org/authors/joon-ho-lee/"},
        ])
    );
    let night = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["title"] == "Night note")
        .unwrap();
    assert_eq!(night["authors"][0]["name"], HOSTILE);
    let out = dir.path().join("public");
    if let Some((passed, report)) = run_checker("check_feeds.py", &[out.as_os_str()]) {
        assert!(passed, "{report}");
    }
}

#[test]
fn json_ld_names_people_with_their_pages_profiles_and_roles() {
    let dir = fixture();
    let files = build(&dir);
    let ld = json_ld(&files["2024/06/a6/index.html"]);
    assert_eq!(
        ld["author"],
        serde_json::json!([
            {
                "@type": "Person",
                "name": "Min-ji Park",
                "url": "https://example.org/authors/min-ji-park/",
                "sameAs": ["https://example.org/staff/min-ji", "https://www.wikidata.org/wiki/Q1"],
                "jobTitle": "Korea correspondent",
            },
            {"@type": "Person", "name": "Joon-ho Lee", "url": "https://example.org/authors/joon-ho-lee/"},
            {
                "@type": "Person",
                "name": HOSTILE,
                "url": "https://example.org/authors/night-desk/",
                "jobTitle": "Editor <b>on duty</b>",
            },
        ])
    );
    assert_eq!(
        ld["publisher"]["@type"], "NewsMediaOrganization",
        "the site stays the publisher"
    );
    let page = &files["2024/06/a6/index.html"];
    let script = &page[page.find("application/ld+json").unwrap()..];
    assert!(
        !script[..script.find("</script>").unwrap()].contains('<'),
        "no `<` inside the script"
    );
}

#[test]
fn a_site_without_authors_keeps_the_site_as_author() {
    let dir = site(&[
        ("site.yaml", crate::common::SITE_YAML),
        ("content/2024/06/a.md", &article("Alone", 19, None, false)),
    ]);
    let files = build(&dir);
    let page = &files["2024/06/a/index.html"];
    assert!(!page.contains("class=\"byline\""));
    assert!(!page.contains("/authors/"), "no link to an authors list");
    assert_eq!(json_ld(page)["author"]["@type"], "NewsMediaOrganization");
    assert!(!files.keys().any(|p| p.starts_with("authors/")));
    assert!(!files["rss.xml"].contains("xmlns:dc"));
    let json: serde_json::Value = serde_json::from_str(&files["feed.json"]).unwrap();
    assert_eq!(json["authors"][0]["name"], "Test Desk", "the site is the feed's author");
    assert!(json["items"][0].get("authors").is_none(), "no per-item authors");
}

#[test]
fn author_pages_pass_axe_and_fit_a_phone() {
    let Some(tools) = browser_tools() else { return };
    let dir = fixture();
    build(&dir);
    let server = StaticServer::start(&dir.path().join("public"));
    let base = format!("http://{}/", server.address);
    let urls: Vec<String> = [
        "authors/",
        "authors/min-ji-park/",
        "authors/min-ji-park/page/2/",
        "2024/06/a6/",
    ]
    .iter()
    .map(|p| format!("{base}{p}"))
    .collect();
    let (passed, printed) = run_node_script(&tools, "editions_e2e.mjs", &urls);
    assert!(passed, "{printed}");
    assert!(printed.contains(&format!("{} page views", urls.len() * 6)), "{printed}");
}

#[test]
fn serve_renders_author_pages_and_their_feeds() {
    let dir = fixture();
    let server = Server::start(dir.path(), &[]);
    let page = get(&server.address, "/authors/min-ji-park/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("<h1>Min-ji Park</h1>"));
    let list = get(&server.address, "/authors/");
    assert_eq!(list.status, 200);
    assert!(list.text().contains(">Joon-ho Lee</a>"));
    let feed = get(&server.address, "/authors/min-ji-park/atom.xml");
    assert_eq!(feed.status, 200);
    assert!(feed.text().contains("<title>Three bylines</title>"));
    // An author's new name reaches the bylines of articles the cache kept.
    assert!(get(&server.address, "/2024/06/a2/").text().contains(">Joon-ho Lee</a>"));
    std::fs::write(
        dir.path().join("content/authors/joon-ho-lee.md"),
        JOON_HO.replace("name: Joon-ho Lee", "name: Lee Joon-ho"),
    )
    .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let text = get(&server.address, "/2024/06/a2/").text();
        if text.contains(">Lee Joon-ho</a>") {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the byline never changed:\n{text}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Regression (session 34's Japanese desk probe): `authors: [佐藤]` beside content/authors/佐藤.md
/// was "no file content/authors/佐藤.md … or create content/authors/佐藤.md", though the file
/// was there: its slug is its name transliterated (`zuo-teng`). An entry written in another
/// script than ASCII names the file of that name, as topics do.
#[test]
fn an_author_named_by_a_file_name_in_another_script_is_found() {
    let dir = site(&[
        (
            "site.yaml",
            "title: Desk\nbase_url: https://example.org/\ntimezone: Asia/Tokyo\nlanguage: ja\n",
        ),
        ("content/authors/佐藤.md", "---\nname: 佐藤 花子\n---\n東京の記者。\n"),
        // A bundle is named by its folder (the review).
        (
            "content/authors/鈴木/index.md",
            "---\nname: 鈴木 一郎\n---\n大阪の記者。\n",
        ),
        ("content/2024/06/a.md", &article("Pact", 19, Some("佐藤"), false)),
        ("content/2024/06/b.md", &article("Visit", 20, Some("鈴木"), false)),
    ]);
    let run = gazette(dir.path(), &["build"]);
    let printed = stderr(&run);
    assert!(run.status.success(), "{printed}");
    assert!(!printed.contains("佐藤"), "{printed}");
    let page = std::fs::read_to_string(dir.path().join("public/2024/06/a/index.html")).unwrap();
    let (text, links) = byline(&page);
    assert!(text.contains("佐藤 花子"), "{text}");
    assert_eq!(links, ["/authors/zuo-teng/"]);
    let page = std::fs::read_to_string(dir.path().join("public/2024/06/b/index.html")).unwrap();
    let (text, _) = byline(&page);
    assert!(text.contains("鈴木 一郎"), "{text}");
    // A misspelt one is still an error.
    std::fs::write(
        dir.path().join("content/2024/06/a.md"),
        article("Pact", 19, Some("佐籐"), false),
    )
    .unwrap();
    assert_eq!(gazette(dir.path(), &["check"]).status.code(), Some(1));
}
