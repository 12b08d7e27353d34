//! Publishing: feeds, TimelineJS export, sitemap, robots.txt, aliases, structured data, and the
//! shared checkers (feedparser, the sitemap schema, links and fragments) on sites with a base_url
//! that has a path prefix, plus a crawl through a plain static server under that prefix.

use std::collections::{BTreeSet, VecDeque};
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use crate::common::{TOPIC, copy_dir, fixture, gazette, repo, run_checker, site, stderr};
use crate::serve::get;

/// Runs a shared checker on `out` with `base` and requires it to pass and print its OK line (a
/// checker that exits 0 without having checked anything would not).
fn check(name: &str, out: &Path, base: &str) {
    if let Some((passed, report)) = run_checker(name, &[out.as_os_str(), base.as_ref()]) {
        assert!(passed, "{name} failed:\n{report}");
        let stem = name.split('.').next().unwrap_or(name);
        assert!(report.contains(&format!("{stem}: OK")), "{name}:\n{report}");
    }
}

/// Builds `root` into a temporary folder and returns (the guard, the output folder).
pub fn build(root: &Path, extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("public");
    let mut args = vec!["build", "--output", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    let run = gazette(root, &args);
    assert!(run.status.success(), "{}", stderr(&run));
    (out, dir)
}

#[test]
fn the_sample_site_passes_the_feed_sitemap_and_link_checkers() {
    let (_guard, out) = build(&repo(), &[]);
    let base = "https://example.org/briefings/";
    check("check_feeds.py", &out, base);
    check("check_sitemap.sh", &out, base);
    check("check_links.py", &out, base);
}

#[test]
fn the_golden_fixture_passes_the_checkers_under_another_base_url() {
    let work = tempfile::tempdir().unwrap();
    copy_dir(&fixture("basic").join("site"), work.path());
    let base = "https://preview.example.net/pr-42/desk/";
    let (_guard, out) = build(work.path(), &["--base-url", base]);
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        home.contains("href=\"/pr-42/desk/topics/\""),
        "--base-url replaces base_url"
    );
    assert!(!home.contains("/briefings/"), "nothing points at the old prefix");
    check("check_feeds.py", &out, base);
    check("check_sitemap.sh", &out, base);
    check("check_links.py", &out, base);
}

#[test]
fn timeline_json_has_one_event_per_article_with_its_precision() {
    let (_guard, out) = build(&repo(), &[]);
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("topics/russia-north-korea/timeline.json")).unwrap()).unwrap();
    let topic_page = std::fs::read_to_string(out.join("topics/russia-north-korea/index.html")).unwrap();
    let events = json["events"].as_array().unwrap();
    assert_eq!(
        events.len(),
        topic_page.matches("<li class=\"entry").count(),
        "one event per timeline entry"
    );
    assert!(json["title"]["text"]["headline"].is_string());
    for event in events {
        assert!(
            event["start_date"]["year"].is_string() || event["start_date"]["year"].is_number(),
            "{event}"
        );
        assert!(
            event["text"]["headline"]
                .as_str()
                .unwrap()
                .contains("<a href=\"https://example.org/briefings/")
        );
        assert!(event["unique_id"].is_string());
        assert!(
            event["group"].as_str().is_some_and(|g| !g.is_empty()),
            "group is the primary topic: {event}"
        );
    }
    let visit = events
        .iter()
        .find(|e| e["unique_id"] == "putins-2000-visit-to-pyongyang")
        .unwrap();
    assert_eq!(visit["start_date"]["month"], "7");
    assert!(
        visit["start_date"].get("day").is_none(),
        "month precision keeps no day: {visit}"
    );
    assert_eq!(visit["display_date"], "July 2000");
    assert_eq!(visit["group"], "Russia–North Korea relations");
    let invasion = events
        .iter()
        .find(|e| e["unique_id"] == "russia-invades-ukraine")
        .unwrap();
    assert_eq!(invasion["group"], "War in Ukraine", "the primary topic, not the page's");
}

#[test]
fn robots_sitemap_aliases_and_redirects() {
    let (_guard, out) = build(&repo(), &[]);
    let robots = std::fs::read_to_string(out.join("robots.txt")).unwrap();
    assert!(
        robots.contains("Sitemap: https://example.org/briefings/sitemap.xml"),
        "{robots}"
    );
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://example.org/briefings/search/</loc>"));
    assert!(sitemap.contains("<lastmod>"));
    let alias = std::fs::read_to_string(out.join("2024/06/putin-kim-pact/index.html")).unwrap();
    let target = "/briefings/2024/06/putin-and-kim-sign-mutual-defence-pact/";
    assert!(
        alias.contains(&format!("<meta http-equiv=\"refresh\" content=\"0; url={target}\">")),
        "{alias}"
    );
    assert!(alias.contains("<link rel=\"canonical\" href=\"https://example.org/briefings/2024/06/putin-and-kim-sign-mutual-defence-pact/\">"));
    assert!(alias.contains(&format!("<a href=\"{target}\">")), "a visible link");
    let redirects = std::fs::read_to_string(out.join("_redirects")).unwrap();
    // Last, the Korean pages' own 404 page for what is missing under /ko/ (Netlify; deploy
    // probe: a broken link under /ko/ got the English 404 page).
    assert_eq!(
        redirects,
        format!("/briefings/2024/06/putin-kim-pact/ {target} 301\n/briefings/ko/* /briefings/ko/404.html 404\n")
    );
    assert!(out.join("ko/404.html").is_file());
}

#[test]
fn a_number_in_a_text_field_is_shown_as_written() {
    // Regression: YAML reads `1.10` as a number, and a title or tag of one was written back its
    // own way: the headline `1.10` became `1.1`, the tag `0x1F` became `31`.
    let dir = site(&[
        (
            "site.yaml",
            "title: Desk\nbase_url: https://example.org/\ntimezone: UTC\n",
        ),
        (
            "content/2024/06/a.md",
            "---\ntitle: 1.10\ndate: 2024-06-21\ntags: [0x1F, 2.50]\n---\nText.\n",
        ),
    ]);
    let run = gazette(dir.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let page = std::fs::read_to_string(dir.path().join("public/2024/06/a/index.html")).unwrap();
    assert!(page.contains("<h1 class=\"article-title\">1.10</h1>"), "{page}");
    let tags = std::fs::read_to_string(dir.path().join("public/tags/index.html")).unwrap();
    assert!(
        tags.contains(">0x1F <span class=\"count\"") && tags.contains(">2.50 <span class=\"count\""),
        "{tags}"
    );
}

#[test]
fn an_alias_ending_in_htm_is_written_as_that_file() {
    // Regression: `/news/story.htm`, an old CMS's address, became the folder `news/story.htm/`,
    // which a static host serves at `/news/story.htm/` only: the old links still broke.
    let dir = site(&[
        (
            "site.yaml",
            "title: Desk\nbase_url: https://example.org/\ntimezone: UTC\n",
        ),
        (
            "content/2024/06/a.md",
            "---\ntitle: A\ndate: 2024-06-21\naliases: [/news/story.htm]\n---\nText.\n",
        ),
    ]);
    let run = gazette(dir.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let page = std::fs::read_to_string(dir.path().join("public/news/story.htm")).unwrap();
    assert!(
        page.contains("<meta http-equiv=\"refresh\" content=\"0; url=/2024/06/a/\">"),
        "{page}"
    );
    let redirects = std::fs::read_to_string(dir.path().join("public/_redirects")).unwrap();
    assert_eq!(redirects, "/news/story.htm /2024/06/a/ 301\n");
}

#[test]
fn every_page_has_canonical_open_graph_and_lang_and_articles_have_json_ld() {
    let (_guard, out) = build(&repo(), &[]);
    for page in [
        "index.html",
        "topics/index.html",
        "tags/index.html",
        "archive/index.html",
        "search/index.html",
    ] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        assert!(html.contains("<html lang=\"en\">"), "{page}");
        assert!(
            html.contains("<link rel=\"canonical\" href=\"https://example.org/briefings/"),
            "{page}"
        );
        assert!(html.contains("<meta property=\"og:title\""), "{page}");
        assert!(
            html.contains("<meta name=\"twitter:card\" content=\"summary\">"),
            "{page}"
        );
        assert!(
            html.contains("type=\"application/atom+xml\""),
            "{page}: feed autodiscovery"
        );
    }
    let article = std::fs::read_to_string(out.join("2024/06/putin-returns-to-pyongyang/index.html")).unwrap();
    let start =
        article.find("<script type=\"application/ld+json\">").unwrap() + "<script type=\"application/ld+json\">".len();
    let end = start + article[start..].find("</script>").unwrap();
    let json: serde_json::Value = serde_json::from_str(&article[start..end]).unwrap();
    assert_eq!(json["@type"], "NewsArticle");
    assert_eq!(
        json["headline"],
        "Putin returns to Pyongyang after almost a quarter of a century"
    );
    assert!(json["citation"][0]["publisher"]["name"].is_string());
    assert_eq!(json["correction"][0]["@type"], "CorrectionComment");
    assert!(
        json["datePublished"]
            .as_str()
            .unwrap()
            .starts_with("2024-06-21T08:00:00+09:00")
    );
}

#[test]
fn front_matter_cannot_break_out_of_json_ld_or_feeds() {
    let hostile = "</script><script>alert(1)</script> & \"quotes\" ]]> <!--";
    // Smart punctuation off: the quotes and `<!--` reach every output as written.
    let dir = site(&[
        (
            "site.yaml",
            "title: T\nbase_url: https://example.org/\nmarkdown: { smart_punctuation: false }\n",
        ),
        ("content/topics/t.md", TOPIC),
        (
            "content/a.md",
            &format!(
                "---\ntitle: '{hostile}'\ndate: 2024-06-01\nsummary: '{hostile}'\ntopics: [t]\ntags: ['{hostile}']\n---\nBody.\n"
            ),
        ),
    ]);
    let run = gazette(dir.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let out = dir.path().join("public");
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        // JSON files are data, not markup: the title may stand there as it is (checked below).
        if entry.path().extension().is_some_and(|e| e == "json") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        assert!(
            !text.contains("<script>alert(1)"),
            "{} contains the raw title",
            entry.path().display()
        );
    }
    let article = std::fs::read_to_string(out.join("2024/06/a/index.html")).unwrap();
    assert_eq!(
        article.matches("</script>").count(),
        1,
        "only the JSON-LD element closes a script"
    );
    for feed in ["atom.xml", "rss.xml", "topics/t/atom.xml", "sitemap.xml"] {
        let text = std::fs::read_to_string(out.join(feed)).unwrap();
        assert!(!text.contains("]]> <!--"), "{feed}");
    }
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("feed.json")).unwrap()).unwrap();
    assert_eq!(json["items"][0]["title"], hostile);
}

/// A plain static file server (Python's) serving `root` on a free port; killed when dropped.
pub struct StaticServer {
    child: Child,
    pub address: String,
}

impl StaticServer {
    /// Starts `python3 -m http.server` on a port the server picks itself (port 0), read back
    /// from its first line: a port picked here and released before Python took it could be taken
    /// by another test's server in between, and this one would then talk to that one.
    pub fn start(root: &Path) -> StaticServer {
        let mut child = Command::new("python3")
            .args(["-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory"])
            .arg(root)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("python3 -m http.server starts");
        let stdout = child.stdout.take().expect("the server's stdout is piped");
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            use std::io::BufRead;
            let mut line = String::new();
            let _ = std::io::BufReader::new(stdout).read_line(&mut line);
            let _ = sender.send(line);
        });
        let line = receiver
            .recv_timeout(Duration::from_secs(10))
            .expect("the static server says its port within 10 s");
        // "Serving HTTP on 127.0.0.1 port 41235 (http://127.0.0.1:41235/) ..."
        let port: u16 = line
            .split_once(" port ")
            .and_then(|(_, rest)| rest.split_whitespace().next())
            .and_then(|port| port.parse().ok())
            .unwrap_or_else(|| panic!("no port in the static server's first line: {line:?}"));
        let address = format!("127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(&address).is_err() {
            assert!(Instant::now() < deadline, "the static server did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        StaticServer { child, address }
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The href and src values of an HTML page.
fn links_of(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attribute in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(at) = rest.find(attribute) {
            rest = &rest[at + attribute.len()..];
            if let Some(end) = rest.find('"') {
                found.push(rest[..end].replace("&amp;", "&"));
            }
        }
    }
    found
}

/// Resolves a link found on the page at `page` (a root-relative path) to a root-relative path.
fn resolve(page: &str, link: &str) -> String {
    let joined = if link.starts_with('/') {
        link.to_string()
    } else {
        format!("{}{link}", &page[..=page.rfind('/').unwrap_or(0)])
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/').skip(1) {
        match part {
            "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    format!("/{}", parts.join("/"))
}

#[test]
fn served_under_its_prefix_by_a_plain_static_server_nothing_is_broken() {
    let (guard, out) = build(&repo(), &[]);
    // The host serves the site at /briefings/: put the output there.
    let host_root = guard.path().join("host");
    std::fs::create_dir_all(&host_root).unwrap();
    std::os::unix::fs::symlink(&out, host_root.join("briefings")).unwrap();
    let server = StaticServer::start(&host_root);
    let mut queue: VecDeque<String> = VecDeque::from(["/briefings/".to_string()]);
    let mut seen: BTreeSet<String> = queue.iter().cloned().collect();
    let mut pages = 0;
    while let Some(path) = queue.pop_front() {
        let reply = get(&server.address, &path);
        assert_eq!(reply.status, 200, "{path} answered {}", reply.status);
        let is_html = reply.header("content-type").is_some_and(|t| t.starts_with("text/html"));
        if !is_html {
            continue;
        }
        pages += 1;
        for link in links_of(&reply.text()) {
            let link = link.split('#').next().unwrap_or("").to_string();
            if link.is_empty()
                || link.starts_with("http://")
                || link.starts_with("https://")
                || link.starts_with("mailto:")
            {
                continue;
            }
            let link = resolve(&path, &link);
            assert!(
                link.starts_with("/briefings/"),
                "{path} links outside the prefix: {link}"
            );
            if seen.insert(link.clone()) {
                queue.push_back(link);
            }
        }
    }
    assert!(pages >= 40, "crawled {pages} pages");
}

#[test]
fn the_github_pages_workflow_example_builds_with_gazette() {
    let text = std::fs::read_to_string(repo().join(".github/workflows/pages.yml")).unwrap();
    let workflow: serde_yaml::Value = serde_yaml::from_str(&text).expect("the workflow is valid YAML");
    let steps = workflow["jobs"]["build"]["steps"]
        .as_sequence()
        .expect("a build job with steps");
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(
        runs.iter()
            .any(|r| r.contains("gazette build") || r.contains("cargo run --release -- build")),
        "{runs:?}"
    );
    let uses: Vec<&str> = steps.iter().filter_map(|s| s["uses"].as_str()).collect();
    assert!(
        uses.iter().any(|u| u.starts_with("actions/upload-pages-artifact")),
        "{uses:?}"
    );
    assert!(
        workflow["jobs"]["deploy"]["steps"][0]["uses"]
            .as_str()
            .unwrap_or("")
            .starts_with("actions/deploy-pages")
    );

    // Issue 13: "builds on a schedule as well as on push (so scheduled briefings go live on
    // time), caches the compiled binary between runs, and does not point at a placeholder
    // repository."
    let on = &workflow["on"];
    assert!(on["push"].is_mapping(), "builds on push: {on:?}");
    let cron = on["schedule"][0]["cron"].as_str().expect("a schedule");
    let fields: Vec<&str> = cron.split_whitespace().collect();
    assert_eq!(fields.len(), 5, "a cron line: {cron}");
    assert!(
        fields[1..].iter().all(|f| *f == "*"),
        "at least hourly, so a briefing goes live within the hour: {cron}"
    );
    let cache = steps
        .iter()
        .find(|s| s["uses"].as_str().is_some_and(|u| u.starts_with("actions/cache@")))
        .expect("a cache step");
    let cached = cache["with"]["path"].as_str().expect("a cached path");
    let key = cache["with"]["key"].as_str().expect("a cache key");
    assert!(key.contains("hashFiles("), "keyed on gazette's source: {key}");
    let cache_id = cache["id"].as_str().expect("the cache step has an id");
    let compile = steps
        .iter()
        .find(|s| s["run"].as_str().is_some_and(|r| r.contains("cargo install")))
        .expect("a step that compiles gazette");
    assert_eq!(
        compile["if"].as_str(),
        Some(format!("steps.{cache_id}.outputs.cache-hit != 'true'").as_str()),
        "compiles only when the cache missed"
    );
    assert!(
        runs.iter().any(|r| r.starts_with(&format!("{cached}/gazette build"))),
        "builds with the cached binary: {runs:?}"
    );
    // Deploy probe: every hourly run decoded every image and drew every card again. The image
    // cache is kept between runs, restored from the newest run's.
    let images = steps
        .iter()
        .find(|s| s["with"]["path"].as_str() == Some(".gazette-cache"))
        .expect("a step that caches .gazette-cache");
    assert!(images["uses"].as_str().is_some_and(|u| u.starts_with("actions/cache@")));
    let restore = images["with"]["restore-keys"].as_str().expect("restore keys");
    assert!(
        images["with"]["key"]
            .as_str()
            .is_some_and(|k| k.starts_with(restore) && k.contains("github.run_id")),
        "saved under each run's key, restored by its prefix: {images:?}"
    );
    for placeholder in ["github.com/example", "example/gazette", "<your", "OWNER/"] {
        let uncommented: String = text
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n");
        assert!(!uncommented.contains(placeholder), "{placeholder} in the workflow");
    }
}

/// Issue 13, bug 7: "`build --drafts` puts drafts into `rss.xml`, `sitemap.xml` and search
/// without `noindex`." A draft or scheduled article that is built never looks published to a
/// crawler: no feed entry (site, topic or tag feeds), no sitemap entry, not in the search index,
/// `noindex` and a visible mark on its page.
#[test]
fn drafts_and_scheduled_articles_built_are_in_no_feed_sitemap_or_search_index() {
    let dir = site(&[
        (
            "site.yaml",
            "title: Desk\nbase_url: https://example.org/\ntimezone: UTC\n",
        ),
        ("content/topics/t.md", TOPIC),
        (
            "content/a.md",
            "---\ntitle: Published piece\ndate: 2024-06-01\ntopics: [t]\ntags: [Ports]\n---\nOrdinary words.\n",
        ),
        (
            "content/d.md",
            "---\ntitle: Secret draft\ndate: 2024-06-02\ntopics: [t]\ntags: [Ports, Unfinished]\ndraft: true\n---\nZanzibarword.\n",
        ),
        (
            "content/s.md",
            "---\ntitle: Scheduled piece\ndate: 2999-06-02\ntopics: [t]\ntags: [Ports]\n---\nQuokkaword.\n",
        ),
    ]);
    let (_guard, out) = build(dir.path(), &["--drafts", "--future"]);
    let mut data: Vec<PathBuf> = [
        "rss.xml",
        "atom.xml",
        "feed.json",
        "sitemap.xml",
        "search/meta.json",
        "search/filters/days.json",
        "search/filters/topic/0.json",
    ]
    .iter()
    .map(|p| out.join(p))
    .collect();
    data.push(out.join("topics/t/atom.xml"));
    for optional in ["topics/t/rss.xml", "tags/ports/atom.xml", "tags/ports/rss.xml"] {
        if out.join(optional).exists() {
            data.push(out.join(optional));
        }
    }
    for folder in ["search/terms", "search/docs"] {
        for entry in std::fs::read_dir(out.join(folder)).unwrap() {
            data.push(entry.unwrap().path());
        }
    }
    for path in &data {
        let text = std::fs::read_to_string(path).unwrap();
        for unpublished in [
            "Secret draft",
            "/2024/06/d/",
            "zanzibarword",
            "Scheduled piece",
            "/2999/06/s/",
            "quokkaword",
        ] {
            assert!(
                !text.contains(unpublished),
                "{} has `{unpublished}`:\n{text}",
                path.display()
            );
        }
    }
    let rss = std::fs::read_to_string(out.join("rss.xml")).unwrap();
    assert!(rss.contains("Published piece"), "{rss}");
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("/2024/06/a/"), "{sitemap}");
    assert!(
        !sitemap.contains("/tags/unfinished/"),
        "a tag only a draft has: {sitemap}"
    );
    let noindex = "<meta name=\"robots\" content=\"noindex\">";
    for (page, badge) in [
        ("2024/06/d/index.html", "badge-draft"),
        ("2999/06/s/index.html", "badge-scheduled"),
    ] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        assert!(html.contains(noindex) && html.contains(badge), "{page}:\n{html}");
    }
    let published = std::fs::read_to_string(out.join("2024/06/a/index.html")).unwrap();
    assert!(!published.contains("noindex"), "{published}");
}

/// Issue 13: "RSS beside Atom for every topic, and a feed for every tag" (Atom), each announced
/// on its page for feed readers to discover, and each accepted by the feed checker.
#[test]
fn topic_and_tag_pages_announce_their_atom_and_rss_feeds() {
    let work = tempfile::tempdir().unwrap();
    copy_dir(&fixture("basic").join("site"), work.path());
    let (_guard, out) = build(work.path(), &[]);
    let atom_and_rss: &[(&str, &str)] = &[("application/atom+xml", "atom.xml"), ("application/rss+xml", "rss.xml")];
    let atom: &[(&str, &str)] = &[("application/atom+xml", "atom.xml")];
    for (page, feeds, kinds) in [
        ("topics/alpha/index.html", "/briefings/topics/alpha/", atom_and_rss),
        ("tags/kim-jong-un/index.html", "/briefings/tags/kim-jong-un/", atom),
    ] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        for &(kind, file) in kinds {
            let link = format!("type=\"{kind}\"");
            let href = format!("href=\"{feeds}{file}\"");
            assert!(
                html.lines()
                    .any(|l| l.contains("rel=\"alternate\"") && l.contains(&link) && l.contains(&href)),
                "{page} announces {feeds}{file}"
            );
            let feed = feeds.trim_start_matches("/briefings/");
            assert!(out.join(feed).join(file).is_file(), "{feed}{file}");
        }
    }
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains(".xml<"), "feeds are not pages: {sitemap}");
    check("check_feeds.py", &out, "https://example.org/briefings/");
}

/// Regression (deploy probe): `static/.well-known/security.txt` was dropped without a word, so a
/// site could not publish what RFC 8615 puts there. `.well-known/` at the top of static/ is
/// published (and its file replaces the previous build's); other hidden files stay out.
#[test]
fn the_well_known_folder_in_static_is_published_and_other_hidden_files_are_not() {
    let dir = site(&[
        ("site.yaml", crate::common::SITE_YAML),
        ("content/topics/t.md", TOPIC),
        (
            "static/.well-known/security.txt",
            "Contact: mailto:security@example.org\n",
        ),
        ("static/.env", "SECRET=1\n"),
        ("static/docs/.well-known/nested.txt", "not at the top\n"),
        // Review: static/'s alone, not content/'s.
        ("content/.well-known/from-content.txt", "not static\n"),
    ]);
    let run = gazette(dir.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let public = dir.path().join("public");
    let published = |rel: &str| std::fs::read_to_string(public.join(rel)).ok();
    assert_eq!(
        published(".well-known/security.txt").as_deref(),
        Some("Contact: mailto:security@example.org\n")
    );
    assert!(published(".env").is_none());
    assert!(published("docs/.well-known/nested.txt").is_none());
    assert!(published(".well-known/from-content.txt").is_none());

    std::fs::write(
        dir.path().join("static/.well-known/security.txt"),
        "Contact: mailto:desk@example.org\n",
    )
    .unwrap();
    let again = gazette(dir.path(), &["build"]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(
        published(".well-known/security.txt").as_deref(),
        Some("Contact: mailto:desk@example.org\n"),
        "the build's own .well-known, not the previous output's"
    );
    // Review: taken out of static/, it is taken out of the site (the output's `.git` is kept,
    // a `.well-known` never).
    std::fs::remove_dir_all(dir.path().join("static/.well-known")).unwrap();
    let removed = gazette(dir.path(), &["build"]);
    assert!(removed.status.success(), "{}", stderr(&removed));
    assert!(!public.join(".well-known").exists());
}

/// Regression (deploy probe): a build that took pages away (an article deleted, drafted or
/// renamed, a changed `permalink:`) said nothing, so inbound links broke unnoticed. The build
/// names them in a note; not when nothing went, not under `--quiet`, and not when the site's
/// address changed (every page would be "gone").
#[test]
fn a_build_that_takes_pages_away_names_them() {
    let article = |slug: &str| {
        (
            format!("content/2024/06/{slug}.md"),
            format!("---\ntitle: About {slug}\ndate: 2024-06-01\n---\nText.\n"),
        )
    };
    let (one, two) = (article("first"), article("second"));
    let dir = site(&[
        ("site.yaml", crate::common::SITE_YAML),
        ("content/topics/t.md", TOPIC),
        (one.0.as_str(), one.1.as_str()),
        (two.0.as_str(), two.1.as_str()),
    ]);
    let first = gazette(dir.path(), &["build"]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(!stderr(&first).contains("note:"), "{}", stderr(&first));
    let again = gazette(dir.path(), &["build"]);
    assert!(!stderr(&again).contains("note:"), "nothing went: {}", stderr(&again));

    std::fs::remove_file(dir.path().join(&two.0)).unwrap();
    let removed = gazette(dir.path(), &["build"]);
    assert!(removed.status.success(), "{}", stderr(&removed));
    let said = stderr(&removed);
    assert!(
        said.contains("note: 1 page of the previous build is gone: /2024/06/second/\n"),
        "{said}"
    );
    assert!(
        said.contains("an article or a topic keeps an old address working with `aliases:`"),
        "{said}"
    );

    // Regression: an old address the article kept with `aliases:` (a renamed file) was still
    // said to be gone, with a help to add the alias it had.
    std::fs::write(dir.path().join(&two.0), &two.1).unwrap();
    assert!(gazette(dir.path(), &["build"]).status.success());
    std::fs::remove_file(dir.path().join(&two.0)).unwrap();
    let renamed = dir.path().join("content/2024/06/renamed.md");
    std::fs::write(
        &renamed,
        "---\ntitle: About second\ndate: 2024-06-01\naliases: [/2024/06/second/]\n---\nText.\n",
    )
    .unwrap();
    let kept = gazette(dir.path(), &["build"]);
    assert!(kept.status.success(), "{}", stderr(&kept));
    assert!(
        !stderr(&kept).contains("note:"),
        "the alias keeps it: {}",
        stderr(&kept)
    );
    std::fs::remove_file(&renamed).unwrap();

    let yaml = dir.path().join("site.yaml");
    let base = std::fs::read_to_string(&yaml).unwrap();
    std::fs::write(&yaml, format!("{base}permalink: /news/:slug/\n")).unwrap();
    let quiet = gazette(dir.path(), &["build", "--quiet"]);
    assert!(quiet.status.success(), "{}", stderr(&quiet));
    assert!(stderr(&quiet).is_empty(), "{}", stderr(&quiet));
    std::fs::write(&yaml, &base).unwrap();
    let moved = gazette(dir.path(), &["build"]);
    assert!(
        stderr(&moved).contains("note: 1 page of the previous build is gone: /news/first/\n"),
        "{}",
        stderr(&moved)
    );
    let elsewhere = gazette(dir.path(), &["build", "--base-url", "https://staging.example.net/x/"]);
    assert!(elsewhere.status.success(), "{}", stderr(&elsewhere));
    assert!(!stderr(&elsewhere).contains("note:"), "{}", stderr(&elsewhere));
}

/// Deploy probe: `gazette edition` had to be given `--base-url` again, apart from the build, or
/// its email linked site.yaml's address. `GAZETTE_BASE_URL` gives both (`--base-url` wins), and
/// an empty one (a CI variable not set) leaves site.yaml's.
#[test]
fn gazette_base_url_in_the_environment_is_the_base_url_of_build_and_edition() {
    let dir = site(&[
        ("site.yaml", crate::common::SITE_YAML),
        ("content/topics/t.md", TOPIC),
        ("content/2024/06/a.md", "---\ntitle: A\ndate: 2024-06-01\n---\nText.\n"),
        (
            "content/editions/2024-06-02.md",
            "---\ndate: 2024-06-02T07:00:00Z\nitems:\n  - article: 2024/06/a.md\n---\n",
        ),
    ]);
    let run = |env: &str, args: &[&str]| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"));
        command.args(args).current_dir(dir.path()).env("GAZETTE_BASE_URL", env);
        command.output().unwrap()
    };
    let canonical = || {
        let home = std::fs::read_to_string(dir.path().join("public/index.html")).unwrap();
        home.split("rel=\"canonical\" href=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_string()
    };
    let staged = run("https://staging.example.net/x/", &["build"]);
    assert!(staged.status.success(), "{}", stderr(&staged));
    assert_eq!(canonical(), "https://staging.example.net/x/");
    let email = run(
        "https://staging.example.net/x/",
        &["edition", "2024-06-02", "--format", "text"],
    );
    assert!(email.status.success(), "{}", stderr(&email));
    let text = String::from_utf8_lossy(&email.stdout);
    assert!(text.contains("https://staging.example.net/x/2024/06/a/"), "{text}");
    let flag = run(
        "https://staging.example.net/x/",
        &["build", "--base-url", "https://example.com/"],
    );
    assert!(flag.status.success(), "{}", stderr(&flag));
    assert_eq!(canonical(), "https://example.com/");
    let empty = run("", &["build"]);
    assert!(empty.status.success(), "{}", stderr(&empty));
    assert_eq!(canonical(), "https://example.org/");
}

/// A renamed topic keeps its old address: `aliases:` in its file writes a redirect page there
/// (under the site's base path) and `_redirects` lines that send the old page and its files
/// and pages (its feeds, timeline.json, year pages) to the same names under the new one; the
/// old address is in no sitemap, and `serve` answers it too.
#[test]
fn a_renamed_topics_old_address_redirects_to_it_with_its_feed() {
    let dir = site(&[
        (
            "site.yaml",
            "title: Desk\nbase_url: https://example.org/desk/\ntimezone: UTC\n",
        ),
        (
            "content/topics/russia-north-korea.md",
            "---\ntitle: Russia and North Korea\nsummary: Two old partners.\naliases: [russia-dprk, /old/moscow-pyongyang.html, /posts/]\n---\nBackground.\n",
        ),
        (
            "content/2024/06/a.md",
            "---\ntitle: A\ndate: 2024-06-21\ntopics: [russia-north-korea]\n---\nText.\n",
        ),
        // Review: an old section folder with articles still under it (`/posts/:slug/`) must
        // not send them to the topic.
        (
            "content/2024/06/b.md",
            "---\ntitle: B\ndate: 2024-06-22\nslug: b\naliases: [/posts/b/]\n---\nText.\n",
        ),
    ]);
    let run = gazette(dir.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    // The bare name is the topic's old slug (review: it was read from the site's root).
    assert!(!stderr(&run).contains("warning"), "{}", stderr(&run));
    let out = dir.path().join("public");
    let target = "/desk/topics/russia-north-korea/";
    for file in ["topics/russia-dprk/index.html", "old/moscow-pyongyang.html"] {
        let page = std::fs::read_to_string(out.join(file)).unwrap();
        assert!(
            page.contains(&format!("<meta http-equiv=\"refresh\" content=\"0; url={target}\">")),
            "{file}: {page}"
        );
        assert!(page.contains("<link rel=\"canonical\" href=\"https://example.org/desk/topics/russia-north-korea/\">"));
        assert!(page.contains("Russia and North Korea"), "{page}");
    }
    let redirects = std::fs::read_to_string(out.join("_redirects")).unwrap();
    // The topic's own files below its old folder, each by name: no `*` rule, which would also
    // take the article's alias under /posts/ (review).
    let old = "/desk/topics/russia-dprk/";
    assert_eq!(
        redirects,
        format!(
            "/desk/old/moscow-pyongyang.html {target} 301\n\
             /desk/posts/ {target} 301\n\
             /desk/posts/atom.xml {target}atom.xml 301\n\
             /desk/posts/b/ /desk/2024/06/b/ 301\n\
             /desk/posts/rss.xml {target}rss.xml 301\n\
             /desk/posts/timeline.json {target}timeline.json 301\n\
             {old} {target} 301\n{old}atom.xml {target}atom.xml 301\n{old}rss.xml {target}rss.xml 301\n\
             {old}timeline.json {target}timeline.json 301\n"
        )
    );
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(
        !sitemap.contains("russia-dprk") && !sitemap.contains("moscow-pyongyang"),
        "{sitemap}"
    );

    let server = crate::serve::Server::start(dir.path(), &[]);
    let served = get(&server.address, "/topics/russia-dprk/");
    assert_eq!(served.status, 200);
    // serve's site is at its own address, at the root.
    assert!(
        served
            .text()
            .contains("<meta http-equiv=\"refresh\" content=\"0; url=/topics/russia-north-korea/\">"),
        "{}",
        served.text()
    );
}

/// Deploy probe: a `static/CNAME` (GitHub Pages' custom domain) naming another host than
/// `base_url` built silently: the site was served at one address while every link, feed and
/// canonical URL named the other. A warning at the CNAME; none when they agree (in any case).
#[test]
fn a_cname_that_names_another_host_than_base_url_is_warned() {
    let dir = site(&[
        ("site.yaml", crate::common::SITE_YAML),
        ("content/topics/t.md", TOPIC),
        ("content/2024/06/a.md", "---\ntitle: A\ndate: 2024-06-01\n---\nText.\n"),
        ("static/CNAME", "news.example.com\n"),
    ]);
    let run = gazette(dir.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(
        stderr(&run)
            .contains("static/CNAME:1:1: warning: CNAME names `news.example.com`, but `base_url` is on `example.org`"),
        "{}",
        stderr(&run)
    );
    assert!(dir.path().join("public/CNAME").is_file(), "published all the same");
    let agreed = gazette(dir.path(), &["build", "--base-url", "https://News.Example.com/"]);
    assert!(agreed.status.success(), "{}", stderr(&agreed));
    assert!(!stderr(&agreed).contains("CNAME"), "{}", stderr(&agreed));
    // `serve` is at an address of its own: no warning there (review).
    let server = crate::serve::Server::start(dir.path(), &[]);
    let printed = server.lines_until("built", Duration::from_secs(20));
    let printed = [printed, server.lines_for(Duration::from_millis(300))].concat();
    assert!(!printed.iter().any(|l| l.contains("CNAME")), "{printed:?}");
}

/// The pages-gone note under a base path (review: the path's prefix and the alias's file were
/// looked up only at the site's root in the test above): an alias under `/desk/` keeps its old
/// address, and a page taken away is named with its path.
#[test]
fn the_pages_gone_note_under_a_base_path_knows_what_aliases_keep() {
    let dir = site(&[
        (
            "site.yaml",
            "title: Desk\nbase_url: https://example.org/desk/\ntimezone: UTC\n",
        ),
        ("content/topics/t.md", TOPIC),
        ("content/2024/06/a.md", "---\ntitle: A\ndate: 2024-06-01\n---\nText.\n"),
        (
            "content/2024/06/b.md",
            "---\ntitle: B\ndate: 2024-06-01\nslug: story\n---\nText.\n",
        ),
    ]);
    let first = gazette(dir.path(), &["build"]);
    assert!(first.status.success(), "{}", stderr(&first));
    std::fs::write(
        dir.path().join("content/2024/06/a.md"),
        "---\ntitle: A\ndate: 2024-06-01\nslug: a-renamed\naliases: [/2024/06/a/]\n---\nText.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("content/2024/06/b.md"),
        "---\ntitle: B\ndate: 2024-06-01\nslug: story-renamed\naliases: [/2024/06/story/]\n---\nText.\n",
    )
    .unwrap();
    let kept = gazette(dir.path(), &["build"]);
    assert!(kept.status.success(), "{}", stderr(&kept));
    assert!(!stderr(&kept).contains("note:"), "{}", stderr(&kept));
    std::fs::remove_file(dir.path().join("content/2024/06/b.md")).unwrap();
    let gone = gazette(dir.path(), &["build"]);
    assert!(
        stderr(&gone).contains("note: 1 page of the previous build is gone: /desk/2024/06/story-renamed/\n"),
        "{}",
        stderr(&gone)
    );
}
