//! Long lists and long timelines (issue 16): `pagination.per_page` splits the home page's latest
//! briefings, tags and archive months into `…/page/N/`; a topic of more than 300 entries is split
//! by year (and a long year into pages); timeline.json keeps 300 events, timeline-full.json all.
//! Every page is in the sitemap and passes the W3C, link and sitemap checkers under a base_url
//! with a path prefix.

use std::path::Path;

use crate::common::{run_checker, site};
use crate::publish::build;

const BASE: &str = "https://example.org/briefings/";

fn site_yaml(per_page: usize) -> String {
    format!("title: Paged Desk\nbase_url: {BASE}\ntimezone: UTC\npagination: {{ per_page: {per_page} }}\n")
}

fn article(n: usize, date: &str, key: bool) -> (String, String) {
    (
        format!("content/a/{n:04}.md"),
        format!(
            "---\ntitle: Briefing number {n}\ndate: {date}\ntopics: [t]\ntags: [shared]\nkey: {key}\n---\nBody {n}.\n"
        ),
    )
}

fn read(out: &Path, path: &str) -> String {
    std::fs::read_to_string(out.join(path)).unwrap_or_else(|_| panic!("{path} is missing"))
}

fn checkers(out: &Path) {
    for (name, ok) in [
        ("check_html.sh", "check_html: OK 0 errors"),
        ("check_links.py", "check_links: OK"),
        ("check_sitemap.sh", "check_sitemap: OK"),
    ] {
        let args: Vec<&std::ffi::OsStr> = if name == "check_html.sh" {
            vec![out.as_os_str()]
        } else {
            vec![out.as_os_str(), BASE.as_ref()]
        };
        if let Some((passed, report)) = run_checker(name, &args) {
            assert!(passed && report.contains(ok), "{name}:\n{report}");
        }
    }
}

#[test]
fn lists_longer_than_per_page_are_split_with_numbered_navigation() {
    let mut files: Vec<(String, String)> = vec![
        ("site.yaml".into(), site_yaml(3)),
        ("content/topics/t.md".into(), "---\ntitle: T\n---\nBackground.\n".into()),
    ];
    for n in 1..=8 {
        files.push(article(n, &format!("2024-06-{:02}T09:00:00Z", n + 1), false));
    }
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let dir = site(&refs);
    let (_guard, out) = build(dir.path(), &[]);
    for list in ["", "tags/shared/", "archive/2024/06/"] {
        let first = read(&out, &format!("{list}index.html"));
        let second = read(&out, &format!("{list}page/2/index.html"));
        let third = read(&out, &format!("{list}page/3/index.html"));
        assert!(
            !out.join(format!("{list}page/4/index.html")).exists(),
            "8 articles fill 3 pages of 3"
        );
        assert!(
            !out.join(format!("{list}page/1/index.html")).exists(),
            "page 1 is the list itself"
        );
        // Newest first: page 1 has 8, 7, 6; page 3 has 2 and 1.
        assert!(
            first.contains("Briefing number 8") && !first.contains("Briefing number 5<"),
            "{list}"
        );
        assert!(
            third.contains("Briefing number 1<") && !third.contains("Briefing number 3<"),
            "{list}"
        );
        assert!(
            second.contains(&format!("href=\"/briefings/{list}\"")) && second.contains("rel=\"prev\""),
            "page 2 links back to the first page: {list}"
        );
        assert!(second.contains("aria-current=\"page\">2<"), "{list}");
        assert!(second.contains(&format!("<link rel=\"canonical\" href=\"{BASE}{list}page/2/\">")));
        assert!(
            first.contains(&format!("href=\"/briefings/{list}page/3/\"")),
            "numbered links: {list}"
        );
    }
    let sitemap = read(&out, "sitemap.xml");
    for page in ["page/2/", "page/3/", "tags/shared/page/3/", "archive/2024/06/page/2/"] {
        assert!(
            sitemap.contains(&format!("<loc>{BASE}{page}</loc>")),
            "{page} is not in the sitemap"
        );
    }
    checkers(&out);
}

#[test]
fn a_long_timeline_is_split_by_year_and_its_timeline_json_trimmed() {
    let mut files: Vec<(String, String)> = vec![
        ("site.yaml".into(), site_yaml(30)),
        (
            "content/topics/t.md".into(),
            "---\ntitle: T\n---\nThe story so far.\n".into(),
        ),
    ];
    // 2023: 12 entries; 2024: 320 entries (a page and a bit), one in ten a key event.
    for n in 0..12 {
        files.push(article(n, &format!("2023-{:02}-10T09:00:00Z", n + 1), n == 5));
    }
    for n in 12..332 {
        let day = (n - 12) % 28 + 1;
        let month = (n - 12) / 28 + 1;
        files.push(article(
            n,
            &format!("2024-{month:02}-{day:02}T{:02}:00:00Z", n % 24),
            n % 10 == 0,
        ));
    }
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let dir = site(&refs);
    let (_guard, out) = build(dir.path(), &[]);
    let topic = read(&out, "topics/t/index.html");
    assert!(topic.contains("The story so far."));
    assert!(
        topic.contains("Key events, every year") && topic.contains("Briefing number 5<"),
        "2023's key event"
    );
    assert!(
        topic.contains("href=\"/briefings/topics/t/2023/\"") && topic.contains("href=\"/briefings/topics/t/2024/\"")
    );
    assert!(
        !topic.contains("Briefing number 0<"),
        "2023's entries are on their own page"
    );
    let y2023 = read(&out, "topics/t/2023/index.html");
    assert!(y2023.contains("Briefing number 0<") && y2023.contains("Briefing number 11<"));
    assert!(
        y2023.contains("aria-current=\"page\">2023<"),
        "the year navigation marks the year shown"
    );
    let y2024 = read(&out, "topics/t/2024/index.html");
    let y2024_2 = read(&out, "topics/t/2024/page/2/index.html");
    assert!(y2024.contains("Briefing number 12<") && !y2024.contains("Briefing number 331<"));
    assert!(
        y2024_2.contains("Briefing number 331<"),
        "the rest of 2024 on its second page"
    );
    // The year pages' titles are as the other lists' are: "page 2 of 2" (it said ", page 2").
    assert!(y2024.contains("<title>T in 2024 · Paged Desk</title>"), "{y2024}");
    assert!(
        y2024_2.contains("<title>T in 2024, page 2 of 2 · Paged Desk</title>"),
        "{y2024_2}"
    );
    let timeline: serde_json::Value = serde_json::from_str(&read(&out, "topics/t/timeline.json")).unwrap();
    let full: serde_json::Value = serde_json::from_str(&read(&out, "topics/t/timeline-full.json")).unwrap();
    assert_eq!(timeline["events"].as_array().unwrap().len(), 300);
    assert_eq!(full["events"].as_array().unwrap().len(), 332);
    let keys = timeline["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e.get("background").is_some())
        .count();
    assert_eq!(keys, 33, "every key event stays in the trimmed export");
    let sitemap = read(&out, "sitemap.xml");
    for page in ["topics/t/2023/", "topics/t/2024/", "topics/t/2024/page/2/"] {
        assert!(
            sitemap.contains(&format!("<loc>{BASE}{page}</loc>")),
            "{page} is not in the sitemap"
        );
    }
    checkers(&out);
}

/// Regression (review, session 24): a long timeline's year pages were titled in English
/// ("북핵 in 2024, page 2") in `<title>` and og:title on a Korean site, under a Korean heading.
#[test]
fn a_year_pages_title_is_in_the_sites_language() {
    let mut files: Vec<(String, String)> = vec![
        ("site.yaml".into(), format!("{}language: ko\n", site_yaml(30))),
        ("content/topics/t.md".into(), "---\ntitle: 북핵\n---\n경과.\n".into()),
    ];
    for n in 0..302 {
        let year = if n == 0 { 2023 } else { 2024 };
        let (month, day) = (n % 12 + 1, n % 28 + 1);
        files.push(article(n, &format!("{year}-{month:02}-{day:02}T09:00:00Z"), false));
    }
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let dir = site(&refs);
    let (_guard, out) = build(dir.path(), &[]);
    let first = read(&out, "topics/t/2024/index.html");
    let second = read(&out, "topics/t/2024/page/2/index.html");
    assert!(first.contains("<title>2024년의 북핵 · Paged Desk</title>"), "{first}");
    assert!(
        second.contains("<title>2024년의 북핵 (2/2쪽) · Paged Desk</title>")
            && second.contains("<meta property=\"og:title\" content=\"2024년의 북핵 (2/2쪽)\""),
        "{second}"
    );
    assert!(!second.contains(" in 2024"), "{second}");
}

#[test]
fn serve_serves_every_page_of_a_list_and_adds_one_when_a_list_grows() {
    use crate::serve::{Events, Server, get};
    let mut files: Vec<(String, String)> = vec![
        ("site.yaml".into(), site_yaml(2)),
        ("content/topics/t.md".into(), "---\ntitle: T\n---\nBackground.\n".into()),
    ];
    for n in 1..=4 {
        files.push(article(n, &format!("2024-06-{:02}T09:00:00Z", n + 1), false));
    }
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let dir = site(&refs);
    let server = Server::start(dir.path(), &[]);
    let mut events = Events::open(&server.address);
    events.wait("hello");
    let second = get(&server.address, "/page/2/");
    assert_eq!(second.status, 200);
    assert!(second.text().contains("Briefing number 1<"));
    assert_eq!(get(&server.address, "/page/3/").status, 404);
    let (path, text) = article(5, "2024-06-20T09:00:00Z", false);
    std::fs::write(dir.path().join(path), text).unwrap();
    events.wait("reload");
    assert!(
        get(&server.address, "/page/3/").text().contains("Briefing number 1<"),
        "five articles fill three pages"
    );
}

/// Regression (session 32's scale probe): the authors' list was one page, whatever the number of
/// authors (1.8 MB for a wire service's 3,000 stringers). It shows 100 authors a page, in the
/// site's order, with numbered navigation, every page in the sitemap.
#[test]
fn the_authors_list_is_split_into_pages_of_100_authors() {
    let mut files: Vec<(String, String)> = vec![
        ("site.yaml".into(), site_yaml(30)),
        ("content/topics/t.md".into(), "---\ntitle: T\n---\nBackground.\n".into()),
        (
            "content/a.md".into(),
            "---\ntitle: A briefing\ndate: 2024-06-01T09:00:00Z\ntopics: [t]\nauthors: [s000]\n---\nBody.\n".into(),
        ),
    ];
    for n in 0..250 {
        files.push((
            format!("content/authors/s{n:03}.md"),
            format!("---\nname: Stringer {n:03}\nrole: Correspondent\n---\nFiles from the region.\n"),
        ));
    }
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let dir = site(&refs);
    let (_guard, out) = build(dir.path(), &[]);
    let pages = [
        "authors/index.html",
        "authors/page/2/index.html",
        "authors/page/3/index.html",
    ];
    let listed: Vec<usize> = pages
        .iter()
        .map(|page| read(&out, page).matches("<li class=\"author-card\">").count())
        .collect();
    assert_eq!(listed, [100, 100, 50]);
    assert!(!out.join("authors/page/4").exists());
    let first = read(&out, pages[0]);
    assert!(first.contains("/briefings/authors/s000/") && !first.contains("/briefings/authors/s100/"));
    assert!(
        first.contains("<a href=\"/briefings/authors/page/2/\" rel=\"next\">"),
        "{first}"
    );
    let second = read(&out, pages[1]);
    assert!(second.contains("/briefings/authors/s100/"), "{second}");
    assert!(second.contains("<title>Authors, page 2 of 3"), "{second}");
    assert!(
        second.contains("<link rel=\"canonical\" href=\"https://example.org/briefings/authors/page/2/\">"),
        "{second}"
    );
    let sitemap = read(&out, "sitemap.xml");
    for url in ["authors/", "authors/page/2/", "authors/page/3/"] {
        assert!(sitemap.contains(&format!("<loc>{BASE}{url}</loc>")), "{url}");
    }
    if let Some((passed, report)) = run_checker("check_html.sh", &[out.join("authors").as_os_str()]) {
        assert!(passed, "{report}");
    }
}

/// Regression (session 31's scale probe): the tag index was one page, whatever the number of
/// tags (2.5 MB for an archive of 15,000 people and places). It lists 500 tags a page, by name,
/// with numbered navigation, every page in the sitemap.
#[test]
fn the_tag_index_is_split_into_pages_of_500_tags() {
    let mut files: Vec<(String, String)> = vec![
        ("site.yaml".into(), site_yaml(30)),
        ("content/topics/t.md".into(), "---\ntitle: T\n---\nBackground.\n".into()),
    ];
    for n in 0..20 {
        let tags: Vec<String> = (0..60).map(|t| format!("Person {:04}", n * 60 + t)).collect();
        files.push((
            format!("content/a/{n:04}.md"),
            format!(
                "---\ntitle: Briefing number {n}\ndate: 2024-06-{:02}T09:00:00Z\ntopics: [t]\ntags: [{}]\n---\nBody {n}.\n",
                n + 1,
                tags.join(", ")
            ),
        ));
    }
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let dir = site(&refs);
    let (_guard, out) = build(dir.path(), &[]);
    let pages = ["tags/index.html", "tags/page/2/index.html", "tags/page/3/index.html"];
    let listed: Vec<usize> = pages
        .iter()
        .map(|page| {
            read(&out, page)
                .matches("<li><a href=\"/briefings/tags/person-")
                .count()
        })
        .collect();
    assert_eq!(listed, [500, 500, 200]);
    assert!(!out.join("tags/page/4").exists());
    let first = read(&out, pages[0]);
    assert!(first.contains("/briefings/tags/person-0000/") && !first.contains("/briefings/tags/person-0500/"));
    assert!(
        first.contains("<a href=\"/briefings/tags/page/2/\" rel=\"next\">"),
        "{first}"
    );
    let second = read(&out, pages[1]);
    assert!(second.contains("/briefings/tags/person-0500/"), "{second}");
    assert!(second.contains("<title>Tags, page 2 of 3"), "{second}");
    assert!(
        second.contains("<link rel=\"canonical\" href=\"https://example.org/briefings/tags/page/2/\">"),
        "{second}"
    );
    let sitemap = read(&out, "sitemap.xml");
    for url in ["tags/", "tags/page/2/", "tags/page/3/"] {
        assert!(sitemap.contains(&format!("<loc>{BASE}{url}</loc>")), "{url}");
    }
    for page in pages {
        let size = std::fs::metadata(out.join(page)).unwrap().len();
        assert!(size < 200 * 1024, "{page} is {size} bytes");
    }
    checkers(&out);
}

/// Regression (session 31's scale probe): a split topic's page listed every key event of every
/// year, a line each, so it grew with them (2,500 key events made a 495 KB page). It lists the
/// newest 100, in timeline order, and counts the earlier ones, which their years' pages mark.
#[test]
fn a_split_topics_page_lists_its_newest_100_key_events_and_counts_the_rest() {
    let mut files: Vec<(String, String)> = vec![
        ("site.yaml".into(), site_yaml(30)),
        (
            "content/topics/t.md".into(),
            "---\ntitle: T\n---\nThe story so far.\n".into(),
        ),
    ];
    // 340 entries, every one a key event: 20 in 2023, 320 in 2024.
    for n in 0..340 {
        let (year, i) = if n < 20 { (2023, n) } else { (2024, n - 20) };
        let date = format!("{year}-{:02}-{:02}T{:02}:00:00Z", i / 28 % 12 + 1, i % 28 + 1, n % 24);
        files.push(article(n, &date, true));
    }
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let dir = site(&refs);
    let (_guard, out) = build(dir.path(), &[]);
    let topic = read(&out, "topics/t/index.html");
    let start = topic.find("<section class=\"key-events\"").expect("the key events");
    let section = &topic[start..start + topic[start..].find("</section>").unwrap()];
    assert_eq!(section.matches("<li>").count(), 100, "{section}");
    // The newest 100, oldest first: numbers 240 to 339.
    let first = section.find("Briefing number 240<").expect("the 100th newest");
    let last = section.find("Briefing number 339<").expect("the newest");
    assert!(first < last, "in timeline order");
    assert!(!section.contains("Briefing number 239<"), "{section}");
    assert!(
        section.contains("240 earlier key events are marked on their years' pages."),
        "{section}"
    );
    let y2023 = read(&out, "topics/t/2023/index.html");
    assert!(y2023.contains("Briefing number 0<"));
    checkers(&out);
}

/// Regression (session 31's scale probe): "Newest first" on a year's first page (of several)
/// reversed that page alone, and nothing said that the year's newest entries were on its last
/// page. A year's page with a next page says so, shown when newest first is chosen.
#[test]
fn newest_first_on_a_years_page_before_its_last_points_to_the_last() {
    let mut files: Vec<(String, String)> = vec![
        ("site.yaml".into(), site_yaml(30)),
        (
            "content/topics/t.md".into(),
            "---\ntitle: T\n---\nThe story so far.\n".into(),
        ),
    ];
    for n in 0..12 {
        files.push(article(n, &format!("2023-{:02}-10T09:00:00Z", n + 1), false));
    }
    for n in 12..332 {
        let date = format!(
            "2024-{:02}-{:02}T{:02}:00:00Z",
            (n - 12) / 28 + 1,
            (n - 12) % 28 + 1,
            n % 24
        );
        files.push(article(n, &date, false));
    }
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let dir = site(&refs);
    let (_guard, out) = build(dir.path(), &[]);
    let first = read(&out, "topics/t/2024/index.html");
    assert!(
        first.contains("<p class=\"meta order-page-note\">Newest first orders this page alone: the newest entries of 2024 are on <a href=\"/briefings/topics/t/2024/page/2/\">the last page</a>.</p>"),
        "{first}"
    );
    for page in [
        "topics/t/2024/page/2/index.html",
        "topics/t/2023/index.html",
        "topics/t/index.html",
    ] {
        assert!(!read(&out, page).contains("order-page-note"), "{page}");
    }
    let css = read(&out, "style.css");
    assert!(css.contains("body:has(#order-newest:checked) .order-page-note { display: block; }"));
    checkers(&out);
}

/// Regression (session 31's scale probe): `per_page` was taken up to 10,000 without a word,
/// though 1,000 cards make a 443 KB home page. Past 300 a warning says so, at site.yaml.
#[test]
fn a_per_page_past_300_is_warned_of() {
    for (per_page, warned) in [(300, false), (400, true)] {
        let yaml = site_yaml(per_page);
        let dir = site(&[
            ("site.yaml", yaml.as_str()),
            ("content/topics/t.md", "---\ntitle: T\n---\nBackground.\n"),
            ("content/a/0001.md", &article(1, "2024-06-02T09:00:00Z", false).1),
        ]);
        let run = crate::common::gazette(dir.path(), &["build"]);
        let err = crate::common::stderr(&run);
        assert!(run.status.success(), "{err}");
        assert_eq!(
            err.contains(&format!(
                "site.yaml:4:13: warning: pages of {per_page} articles are heavy, slow on a phone"
            )),
            warned,
            "{err}"
        );
    }
}

/// Regression (session 31's scale probe): `/archive/2024/`, where a reader lands who trims a
/// month's address, was a 404. Each year with articles has a page of its months, linked from the
/// archive's year headings and in the sitemap.
#[test]
fn each_archive_year_has_a_page_of_its_months() {
    let mut files: Vec<(String, String)> = vec![
        ("site.yaml".into(), site_yaml(30)),
        ("content/topics/t.md".into(), "---\ntitle: T\n---\nBackground.\n".into()),
    ];
    files.push(article(1, "2023-11-02T09:00:00Z", false));
    files.push(article(2, "2024-01-02T09:00:00Z", false));
    files.push(article(3, "2024-06-02T09:00:00Z", false));
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let dir = site(&refs);
    let (_guard, out) = build(dir.path(), &[]);
    let archive = read(&out, "archive/index.html");
    assert!(
        archive.contains("<h2 id=\"archive-2024\"><a href=\"/briefings/archive/2024/\">2024</a></h2>"),
        "{archive}"
    );
    let year = read(&out, "archive/2024/index.html");
    assert!(year.contains("<h1>Briefings from 2024</h1>"), "{year}");
    assert!(
        year.contains("<title>Briefings from 2024 · Paged Desk</title>"),
        "{year}"
    );
    assert!(
        year.contains("href=\"/briefings/archive/2024/06/\"") && year.contains("href=\"/briefings/archive/2024/01/\""),
        "{year}"
    );
    assert!(!year.contains("/archive/2023/11/"), "{year}");
    assert!(
        year.contains("<link rel=\"canonical\" href=\"https://example.org/briefings/archive/2024/\">"),
        "{year}"
    );
    assert!(out.join("archive/2023/index.html").exists());
    let sitemap = read(&out, "sitemap.xml");
    for url in ["archive/2023/", "archive/2024/"] {
        assert!(sitemap.contains(&format!("<loc>{BASE}{url}</loc>")), "{url}");
    }
    checkers(&out);
}
