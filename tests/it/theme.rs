//! The default theme: in a real browser, axe-core finds no WCAG 2.2 AA violation, no page scrolls
//! sideways at phone widths and `<main>` keeps its top padding, in light and dark mode, on the pages
//! readers use most; and the reading parts of issue 13 on a writer's site built from nothing (an
//! embed, a figure, a pull quote, a wide table, footnotes, a correction, a logo, favicons and a
//! `custom.css` that changes the accent): what the pages say, and that they pass the W3C checker
//! and axe with the new accent.

use std::path::Path;

use crate::common::{browser_tools, gazette, repo, run_checker, run_node_script, site, stderr};
use crate::publish::{StaticServer, build};

/// The pages issue 7 names: home, a topic, an article, a tag, the archive, the topics index,
/// search; and those the design review found faults on: the Korean article (its footnotes' back
/// links lost their sans face, so only an underline tells them from the text), an article with a
/// table, an author, the tags index and the 404 page.
const PAGES: &[&str] = &[
    "",
    "topics/russia-north-korea/",
    "2024/06/putin-returns-to-pyongyang/",
    "tags/kim-jong-un/",
    "archive/",
    "archive/2024/06/",
    "topics/",
    "search/",
    "ko/2024/06/putin-returns-to-pyongyang/",
    "2024/06/what-each-side-gets/",
    "authors/min-ji-park/",
    "tags/",
    "404.html",
];

/// Serves `out` under `/briefings/` (the sites' base path) and runs layout_e2e.mjs on `pages`.
pub fn layout_check(guard: &Path, out: &Path, pages: &[&str]) {
    let Some(tools) = browser_tools() else { return };
    let host = guard.join("host");
    std::fs::create_dir_all(&host).unwrap();
    std::os::unix::fs::symlink(out, host.join("briefings")).unwrap();
    let server = StaticServer::start(&host);
    let urls: Vec<String> = pages
        .iter()
        .map(|p| format!("http://{}/briefings/{p}", server.address))
        .collect();
    let (passed, printed) = run_node_script(&tools, "layout_e2e.mjs", &urls);
    assert!(passed, "{printed}");
    assert!(printed.contains("layout_e2e: OK"), "{printed}");
}

#[test]
fn the_sample_site_is_accessible_and_fits_a_phone() {
    let (guard, out) = build(&repo(), &[]);
    layout_check(guard.path(), &out, PAGES);
}

const WRITER_SITE: &str = "title: Baltic & Nordic Desk
base_url: https://example.org/briefings/
timezone: Europe/Tallinn
logo: logo.svg
favicon: [favicon.svg, favicon.ico]
";

/// The accent changed in one line; dark mode must still have enough contrast.
const CUSTOM_CSS: &str = ":root { --accent: #00695c; }\n";

const LOGO: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"160\" height=\"40\" viewBox=\"0 0 160 40\"><rect width=\"160\" height=\"40\" fill=\"#00695c\"/><text x=\"8\" y=\"27\" fill=\"#fff\" font-size=\"18\">Baltic Desk</text></svg>\n";

const CHART: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"900\" height=\"300\" viewBox=\"0 0 900 300\"><rect width=\"900\" height=\"300\" fill=\"#ddd\"/></svg>\n";

/// An article with every kind of block a desk writes: an embed, a figure, a pull quote, a table
/// wider than a phone, footnotes referenced out of order, and a correction in its log.
const VOTE: &str = "---
title: Estonia's parliament votes for a snap election
date: 2026-11-23T18:00:00+02:00
event_date: 2026-11-22
event_end: 2026-11-23
topics: [elections]
sources:
  - outlet: Example News
    url: https://example.com/vote
updates:
  - date: 2026-11-24
    kind: correction
    text: An earlier version gave the wrong number of seats.
  - date: 2026-11-25
    kind: update
    text: Added the final count.
---
The Riigikogu voted after two days of debate.[^count] The vote was close.[^seats]

<iframe width=\"560\" height=\"315\" src=\"about:blank\" title=\"Video: the vote\"></iframe>

![Chart of the seats](chart.svg \"Seats after the vote, by party\")

<blockquote class=\"pull\"><p>We will form a government within a week.</p><cite>The party leader</cite></blockquote>

| Party | Seats in 2023 | Seats in 2026 | Change | Share of the vote | Leader | Coalition partner | Notes on the campaign |
|---|---|---|---|---|---|---|---|
| Reform | 37 | 31 | −6 | 28.1 % | Kristen Michal | Eesti 200 | Lost seats in Tallinn and Tartu to the opposition |
| Centre | 6 | 12 | +6 | 14.8 % | Tõnis Mölder | none | Gained among Russian-speaking voters in Ida-Viru |

[^seats]: Of 101 seats.
[^count]: The count of the electoral commission, published the next morning.
";

const SAME_DAY: &str = "---
title: The president sets the date
date: 2026-11-20T12:00:00+02:00
topics: [elections]
---
The president set the election for February.
";

const ACROSS_MONTHS: &str = "---
title: Talks on a coalition
date: 2026-12-03
event_date: 2026-11-30
event_end: 2026-12-02
topics: [elections]
---
Three days of talks.
";

fn writer_site(custom_css: bool) -> tempfile::TempDir {
    let mut files = vec![
        ("site.yaml", WRITER_SITE),
        (
            "content/topics/elections.md",
            "---\ntitle: Estonia's snap election\nsummary: The vote and what follows.\n---\nThe story so far.\n",
        ),
        ("content/2026/11/snap-vote/index.md", VOTE),
        ("content/2026/11/snap-vote/chart.svg", CHART),
        ("content/2026/11/date-set.md", SAME_DAY),
        ("content/2026/12/coalition-talks.md", ACROSS_MONTHS),
        ("static/logo.svg", LOGO),
        ("static/favicon.svg", LOGO),
        ("static/favicon.ico", "not really an icon"),
    ];
    if custom_css {
        files.push(("static/custom.css", CUSTOM_CSS));
    }
    site(&files)
}

fn read(out: &Path, path: &str) -> String {
    std::fs::read_to_string(out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The text between the first `start` and the next `end` after it.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html.find(start).unwrap_or_else(|| panic!("no {start} in:\n{html}"));
    let rest = &html[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

#[test]
fn footnotes_are_one_block_with_a_heading_and_back_links() {
    let dir = writer_site(true);
    let (_guard, out) = build(dir.path(), &[]);
    let html = read(&out, "2026/11/snap-vote/index.html");
    assert_eq!(html.matches("class=\"footnotes\"").count(), 1, "{html}");
    let notes = between(&html, "<section class=\"footnotes\"", "</section>");
    assert!(notes.contains("<h2 id=\"footnotes-heading\">Notes</h2>"), "{notes}");
    // Numbered by first reference: `count` is note 1 although it is defined second.
    let count = notes.find("id=\"fn-count\"").expect("note count");
    let seats = notes.find("id=\"fn-seats\"").expect("note seats");
    assert!(count < seats, "notes in the order of their references:\n{notes}");
    assert!(
        notes.contains("<a href=\"#fnref-count\" class=\"footnote-backref\" aria-label=\"Back to reference 1\">↩</a>"),
        "{notes}"
    );
    assert!(notes.contains("href=\"#fnref-seats\""), "{notes}");
    assert!(
        html.contains("<a href=\"#fn-count\" id=\"fnref-count\">1</a>"),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"#fn-seats\" id=\"fnref-seats\">2</a>"),
        "{html}"
    );
}

#[test]
fn a_titled_image_alone_in_its_paragraph_is_a_figure_and_tables_scroll_in_a_region() {
    let dir = writer_site(true);
    let (_guard, out) = build(dir.path(), &[]);
    let html = read(&out, "2026/11/snap-vote/index.html");
    let figure = between(&html, "<figure>", "</figure>");
    assert!(
        figure.contains("<img src=\"/briefings/2026/11/snap-vote/chart.svg\" alt=\"Chart of the seats\""),
        "{figure}"
    );
    assert!(
        figure.contains("<figcaption>Seats after the vote, by party</figcaption>"),
        "{figure}"
    );
    assert!(
        html.contains("<div class=\"table-scroll\" role=\"region\" aria-label=\"Table\" tabindex=\"0\"><table>"),
        "{html}"
    );
}

/// Regression (session 30's newsroom probe, and session 21's): smart punctuation stopped at the
/// body, so one page showed "council's" in the headline and "council’s" in the text. The
/// headline, the summary, a correction's text, a source's title, a topic's title and an
/// edition's title and link titles get it too; with `smart_punctuation: false` nothing does, and
/// a straight quote is escaped where it lands.
#[test]
fn smart_punctuation_reaches_headlines_summaries_corrections_and_sources() {
    let files = |smart: bool| {
        let yaml = format!(
            "title: T\nbase_url: https://example.org/\n{}",
            if smart {
                ""
            } else {
                "markdown: { smart_punctuation: false }\n"
            }
        );
        site(&[
            ("site.yaml", yaml.as_str()),
            (
                "content/topics/t.md",
                "---\ntitle: The council's plan\n---\nBackground.\n",
            ),
            (
                "content/2024/01/a.md",
                "---\ntitle: The council's \"final\" offer -- at last...\ndate: 2024-01-02\ntopics: [t]\nsummary: It's \"done\".\nsources:\n  - outlet: Gazette\n    title: Mayor's \"no\"\n    url: https://example.com/x\nupdates:\n  - date: 2024-01-03\n    kind: correction\n    text: An earlier version misspelt the mayor's name.\n---\nThe council's text.\n",
            ),
            (
                "content/editions/2024-01-04.md",
                "---\ntitle: Monday's briefing\ndate: 2024-01-04T07:00:00Z\nitems:\n  - article: 2024/01/a.md\n  - link: https://example.com/y\n    title: Elsewhere's \"view\"\n---\n",
            ),
        ])
    };
    let dir = files(true);
    let (_guard, out) = build(dir.path(), &[]);
    let page = read(&out, "2024/01/a/index.html");
    for curled in [
        "<h1 class=\"article-title\">The council’s “final” offer – at last…</h1>",
        "<title>The council’s “final” offer – at last… · T</title>",
        "<p class=\"article-summary\">It’s “done”.</p>",
        "Mayor’s “no”",
        "misspelt the mayor’s name",
        "The council’s plan",
        "<p>The council’s text.</p>",
    ] {
        assert!(page.contains(curled), "{curled} in {page}");
    }
    let edition = read(&out, "editions/2024-01-04/index.html");
    assert!(
        edition.contains("Monday’s briefing") && edition.contains("Elsewhere’s “view”"),
        "{edition}"
    );
    let dir = files(false);
    let (_guard, out) = build(dir.path(), &[]);
    let page = read(&out, "2024/01/a/index.html");
    assert!(
        page.contains("<title>The council&#39;s &quot;final&quot; offer -- at last... · T</title>"),
        "{page}"
    );
    assert!(page.contains("content=\"It&#39;s &quot;done&quot;.\""), "{page}");
}

/// Regression (desk probe, session 23): an article without `summary:` showed its first
/// paragraph twice, as the standfirst and again as the body's lede.
#[test]
fn the_standfirst_is_the_written_summary_and_never_repeats_the_lede() {
    let dir = site(&[
        ("site.yaml", "title: T\nbase_url: https://example.org/\n"),
        ("content/topics/t.md", crate::common::TOPIC),
        (
            "content/2024/01/written.md",
            "---\ntitle: Written\ndate: 2024-01-02\ntopics: [t]\nsummary: The desk's own line.\n---\nThe lede of the body.\n",
        ),
        (
            "content/2024/01/derived.md",
            "---\ntitle: Derived\ndate: 2024-01-03\ntopics: [t]\n---\nOnly the lede, once.\n\nA second paragraph.\n",
        ),
    ]);
    let (_guard, out) = build(dir.path(), &[]);
    let written = read(&out, "2024/01/written/index.html");
    assert!(
        written.contains("<p class=\"article-summary\">The desk’s own line.</p>"),
        "{written}"
    );
    let derived = read(&out, "2024/01/derived/index.html");
    assert!(!derived.contains("article-summary"), "{derived}");
    let shown = &derived[derived.find("<body").expect("a body")..];
    assert_eq!(shown.matches("Only the lede, once.").count(), 1, "{shown}");
    // Lists, feeds and meta tags still take the first paragraph as the summary.
    let home = read(&out, "index.html");
    assert!(home.contains("Only the lede, once."), "{home}");
}

/// Regression (desk probe, session 23): a timeline entry of an article without sources said
/// "0 sources"; it now leaves the count out and starts with the date of publication.
#[test]
fn a_timeline_entry_without_sources_leaves_the_count_out() {
    let dir = site(&[
        ("site.yaml", "title: T\nbase_url: https://example.org/\n"),
        ("content/topics/t.md", crate::common::TOPIC),
        (
            "content/2024/01/sourced.md",
            "---\ntitle: Sourced\ndate: 2024-01-05\nevent_date: 2024-01-04\ntopics: [t]\nsources:\n  - outlet: Example News\n---\nBody.\n",
        ),
        (
            "content/2024/01/bare.md",
            "---\ntitle: Bare\ndate: 2024-01-03\nevent_date: 2024-01-02\ntopics: [t]\n---\nBody.\n",
        ),
        (
            "content/2024/01/same-day.md",
            "---\ntitle: Same day\ndate: 2024-01-06\ntopics: [t]\n---\nBody.\n",
        ),
    ]);
    let (_guard, out) = build(dir.path(), &[]);
    let timeline = read(&out, "topics/t/index.html");
    let entry = |title: &str| {
        let at = timeline.find(&format!(">{title}</a>")).expect("the entry");
        let rest = &timeline[at..];
        rest[..rest.find("</li>").expect("the entry's end")].to_string()
    };
    assert!(!timeline.contains("0 sources"), "{timeline}");
    assert!(
        entry("Sourced").contains("<p class=\"meta\">1\u{a0}source · published <time"),
        "{}",
        entry("Sourced")
    );
    assert!(
        entry("Bare").contains("<p class=\"meta\">Published <time datetime=\"2024-01-03"),
        "{}",
        entry("Bare")
    );
    assert!(!entry("Same day").contains("class=\"meta\""), "{}", entry("Same day"));
}

#[test]
fn dates_read_as_people_write_them_and_corrections_show_at_the_top() {
    let dir = writer_site(true);
    let (_guard, out) = build(dir.path(), &[]);
    let vote = read(&out, "2026/11/snap-vote/index.html");
    let meta = between(&vote, "<p class=\"meta article-meta\">", "</p>");
    assert!(meta.contains(">22–23 November 2026</time>"), "{meta}");
    assert!(
        meta.contains("Corrected <time datetime=\"2026-11-24\">24 November 2026</time>"),
        "{meta}"
    );
    assert!(!meta.contains("Updated"), "{meta}");
    // The newest correction stands under the title, before the body.
    let top = &vote[..vote.find("class=\"prose\"").expect("a body")];
    let aside = between(top, "<aside class=\"correction-note\"", "</aside>");
    assert!(
        aside.contains("An earlier version gave the wrong number of seats."),
        "{aside}"
    );

    let same_day = read(&out, "2026/11/date-set/index.html");
    let meta = between(&same_day, "<p class=\"meta article-meta\">", "</p>");
    assert_eq!(meta.matches("20 November 2026").count(), 1, "one date: {meta}");

    let talks = read(&out, "2026/12/coalition-talks/index.html");
    assert!(talks.contains(">30 November – 2 December 2026</time>"), "{talks}");
    let timeline = read(&out, "topics/elections/index.html");
    assert!(timeline.contains(">22–23 November 2026</time>"), "{timeline}");
}

#[test]
fn the_logo_favicons_and_custom_css_are_linked_under_the_base_path() {
    let dir = writer_site(true);
    let (_guard, out) = build(dir.path(), &[]);
    for page in ["index.html", "2026/11/snap-vote/index.html", "topics/index.html"] {
        let html = read(&out, page);
        assert!(
            html.contains("<img class=\"site-logo\" src=\"/briefings/logo.svg\" alt=\"Baltic &amp; Nordic Desk\">"),
            "{page}: {html}"
        );
        assert!(
            html.contains("<link rel=\"icon\" href=\"/briefings/favicon.svg\" type=\"image/svg+xml\">"),
            "{page}: {html}"
        );
        assert!(
            html.contains("<link rel=\"icon\" href=\"/briefings/favicon.ico\" sizes=\"any\">"),
            "{page}: {html}"
        );
        let theme = html
            .find("href=\"/briefings/style.css\"")
            .expect("the theme's stylesheet");
        let custom = html.find("href=\"/briefings/custom.css\"").expect("custom.css");
        assert!(theme < custom, "custom.css comes after the theme's stylesheet");
    }
    assert_eq!(read(&out, "custom.css"), CUSTOM_CSS);

    let plain = writer_site(false);
    let (_guard, out) = build(plain.path(), &[]);
    assert!(
        !read(&out, "index.html").contains("custom.css"),
        "no link to a file the site lacks"
    );
}

/// Regression: a site that named no `favicon:` linked no icon, so every browser asked the host's
/// root for `/favicon.ico` and got a 404 (Lighthouse's console errors; for a site under
/// `/briefings/` no file of the site could answer it). The default theme ships one, which every
/// page links under the base path, in every language; a site's own `static/favicon.ico`
/// replaces it; `favicon:` in site.yaml links only what it names.
#[test]
fn a_site_that_names_no_favicon_links_the_themes_icon_or_its_own() {
    const ARTICLE: &str = "---\ntitle: A vote\ndate: 2026-11-23\n---\nBody.\n";
    const CONFIG: &str =
        "title: Desk\nbase_url: https://example.org/briefings/\nlanguages:\n  ko:\n    title: 데스크\n";
    let link = "<link rel=\"icon\" href=\"/briefings/favicon.ico\" sizes=\"any\">";
    let theme_icon = std::fs::read(repo().join("themes/default/static/favicon.ico")).unwrap();
    assert_eq!(&theme_icon[..4], [0, 0, 1, 0], "the theme's icon is an ICO file");

    let plain = site(&[
        ("site.yaml", CONFIG),
        ("content/2026/11/vote.md", ARTICLE),
        ("content/2026/11/vote.ko.md", "---\ntitle: 투표\n---\n본문.\n"),
    ]);
    let (_guard, out) = build(plain.path(), &[]);
    assert_eq!(std::fs::read(out.join("favicon.ico")).unwrap(), theme_icon);
    for page in [
        "index.html",
        "2026/11/vote/index.html",
        "search/index.html",
        "404.html",
        "ko/index.html",
    ] {
        assert!(read(&out, page).contains(link), "{page}: {}", read(&out, page));
    }
    assert!(!out.join("ko/favicon.ico").exists(), "one icon, at the root");

    let own = site(&[
        ("site.yaml", CONFIG),
        ("content/2026/11/vote.md", ARTICLE),
        ("static/favicon.ico", "the desk's own icon"),
    ]);
    let (_guard, out) = build(own.path(), &[]);
    assert_eq!(read(&out, "favicon.ico"), "the desk's own icon");
    assert!(read(&out, "index.html").contains(link));

    let named = site(&[
        ("site.yaml", &format!("{CONFIG}favicon: icon.svg\n")),
        ("content/2026/11/vote.md", ARTICLE),
        ("static/icon.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
    ]);
    let (_guard, out) = build(named.path(), &[]);
    let home = read(&out, "index.html");
    assert!(
        home.contains("<link rel=\"icon\" href=\"/briefings/icon.svg\" type=\"image/svg+xml\">"),
        "{home}"
    );
    assert!(!home.contains("favicon.ico"), "only what site.yaml names: {home}");
}

#[test]
fn the_writers_site_passes_the_w3c_checker() {
    let dir = writer_site(true);
    let run = gazette(dir.path(), &["check"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let (_guard, out) = build(dir.path(), &[]);
    let Some((passed, report)) = run_checker("check_html.sh", &[out.as_os_str()]) else {
        return;
    };
    assert!(passed, "W3C checker found errors:\n{report}");
    assert!(report.contains("check_html: OK 0 errors"), "{report}");
}

/// Issue 13: with an iframe, a figure, a pull quote, a wide table and footnotes in one article and
/// an accent changed in custom.css, no page scrolls sideways at 320 and 375 px, `<main>` keeps its
/// top padding, and axe finds nothing in light and dark, at 375 and 1280 px.
#[test]
fn the_writers_site_with_its_own_accent_is_accessible_and_fits_a_phone() {
    let dir = writer_site(true);
    let (guard, out) = build(dir.path(), &[]);
    layout_check(
        guard.path(),
        &out,
        &[
            "",
            "2026/11/snap-vote/",
            "2026/11/date-set/",
            "topics/elections/",
            "archive/2026/11/",
            "topics/",
        ],
    );
}

#[test]
fn a_logo_the_site_lacks_is_a_warning_at_its_line() {
    let dir = site(&[
        (
            "site.yaml",
            "title: Desk\nbase_url: https://example.org/\nlogo: logo.svg\nfavicon: [favicon.svg, https://cdn.example.org/f.png]\n",
        ),
        ("static/favicon.svg", LOGO),
        ("content/a.md", "---\ntitle: A\ndate: 2026-11-20\n---\nBody.\n"),
    ]);
    let run = gazette(dir.path(), &["check"]);
    let printed = stderr(&run);
    assert!(run.status.success(), "a warning, not an error: {printed}");
    assert!(
        printed.contains("site.yaml:3:7: warning: `logo.svg` is not a file of the site"),
        "{printed}"
    );
    assert!(printed.contains("put it at static/logo.svg"), "{printed}");
    assert!(
        !printed.contains("favicon"),
        "favicon.svg is there, and a URL is not checked: {printed}"
    );
}

/// Theme probe: adding three footer links meant copying all of base.html, which then stopped
/// following the theme. The header and the footer are partials of their own: a site that
/// overrides `partials/footer.html` alone changes the footer of every page, and keeps the rest.
#[test]
fn a_sites_own_footer_partial_is_the_footer_of_every_page() {
    let dir = site(&[
        ("site.yaml", crate::common::SITE_YAML),
        ("content/topics/t.md", crate::common::TOPIC),
        (
            "content/2024/06/a.md",
            "---\ntitle: A\ndate: 2024-06-01\ntopics: [t]\n---\nText.\n",
        ),
        (
            "templates/partials/footer.html",
            "<footer class=\"site-footer\"><a href=\"{{ site.home_url }}about/\">About {{ site.title }}</a></footer>",
        ),
    ]);
    let run = gazette(dir.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(!stderr(&run).contains("warning"), "{}", stderr(&run));
    let out = dir.path().join("public");
    for page in ["index.html", "2024/06/a/index.html", "topics/t/index.html", "404.html"] {
        let html = read(&out, page);
        assert!(
            html.contains("<footer class=\"site-footer\"><a href=\"/about/\">About Test Desk</a></footer>\n</body>"),
            "{page}"
        );
        assert!(
            html.contains("<nav class=\"site-nav\""),
            "{page}: the theme's header stays"
        );
    }
}

/// Regression (session 30's newsroom probe): a misspelt field of a partial's loop value written
/// through a filter, as the theme writes every title (`{{ a.titel | bdi }}`), got no "did you
/// mean" (Tera names no fields for a value the page does not hold itself); the field is guessed
/// from the fields of the page's own values.
#[test]
fn a_misspelt_field_through_a_filter_in_a_partial_gets_the_closest_field() {
    let card = std::fs::read_to_string(repo().join("themes/default/templates/partials/card.html")).unwrap();
    assert!(card.contains("{{ a.title | bdi }}"));
    let card = card.replace("{{ a.title | bdi }}", "{{ a.titel | bdi }}");
    let dir = site(&[
        ("site.yaml", crate::common::SITE_YAML),
        ("content/topics/t.md", crate::common::TOPIC),
        (
            "content/2024/06/a.md",
            "---\ntitle: A\ndate: 2024-06-01\ntopics: [t]\n---\nText.\n",
        ),
        ("templates/partials/card.html", &card),
    ]);
    let run = gazette(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert!(
        stderr(&run).contains(
            "= help: did you mean `a.title`? If `a.titel` is an optional field, guard it with `{% if a.titel %}`"
        ),
        "{}",
        stderr(&run)
    );
}

/// Theme probe: looping over text or a map (`footer_links:` written on one line in site.yaml)
/// and asking each item's field was told "guard it with `{% if l %}`", which does not help: the
/// loop went through characters or keys. It is told what the value is and how to make it a list.
#[test]
fn a_loop_over_text_or_a_map_is_told_what_it_goes_through() {
    for (links, said) in [
        (
            "\"About, Contact\"",
            "`site.extra.footer_links` is text, not a list: the loop goes through its characters, and `l`, one of them, has no field `url`",
        ),
        (
            "{ about: /about/ }",
            "`site.extra.footer_links` is a map, not a list: the loop goes through its keys",
        ),
    ] {
        let dir = site(&[
            (
                "site.yaml",
                &format!("{}extra:\n  footer_links: {links}\n", crate::common::SITE_YAML),
            ),
            ("content/topics/t.md", crate::common::TOPIC),
            (
                "content/2024/06/a.md",
                "---\ntitle: A\ndate: 2024-06-01\ntopics: [t]\n---\nText.\n",
            ),
            (
                "templates/partials/footer.html",
                "<footer>\n{% for l in site.extra.footer_links %}<a href=\"{{ l.url }}\">{{ l.title }}</a>{% endfor %}\n</footer>",
            ),
        ]);
        let run = gazette(dir.path(), &["build"]);
        assert_eq!(run.status.code(), Some(1));
        let printed = stderr(&run);
        assert!(printed.contains("templates/partials/footer.html:2:"), "{printed}");
        assert!(printed.contains(said), "{printed}");
        assert!(!printed.contains("guard it with"), "{printed}");
    }
}

/// Theme probe: `{{ a.title | safe }}` in a card wrote a title's `<script>` into every page, and
/// `{{ content }}` without `| safe` showed every article's tags as text, with no word from
/// `check --strict`. Both are warnings at their place (errors under `--strict`); a plain-text
/// template, which escapes nothing, is not looked at.
#[test]
fn safe_on_plain_text_and_html_without_safe_are_warned_at_their_place() {
    let yaml = format!("{}extra:\n  credit: \"<b>Desk</b>\"\n", crate::common::SITE_YAML);
    let dir = site(&[
        ("site.yaml", &yaml),
        ("content/topics/t.md", crate::common::TOPIC),
        (
            "content/2024/06/a.md",
            "---\ntitle: \"Edge <script>alert(1)</script>\"\ndate: 2024-06-01\ntopics: [t]\n---\nText.\n",
        ),
        // Review: none of the rest is warned: a value escaped by `json_encode` first, the
        // theme's own `extra`, comments and raw blocks, a name the template sets itself.
        (
            "templates/partials/card.html",
            "<article><h3><a href=\"{{ a.url }}\">{{ a.title | safe }}</a></h3><script type=\"application/ld+json\">{{ a.title | json_encode | safe }}</script><p>{{ site.extra.credit | safe }}</p>{# write {{ content }} #}{% raw %}{{ content }}{% endraw %}</article>\n",
        ),
        (
            "templates/article.html",
            "{% extends \"base.html\" %}{% block content %}<h1>{{ article.title }}</h1>\n{{ content }}{% set background = \"#eee\" %}<p data-b=\"{{ background }}\"></p>{% endblock content %}\n",
        ),
    ]);
    let run = gazette(dir.path(), &["check"]);
    let printed = stderr(&run);
    assert!(run.status.success(), "{printed}");
    assert!(
        printed.contains("templates/partials/card.html:1:36: warning: `a.title` is plain text: `| safe` writes its `<` and `&` as markup"),
        "{printed}"
    );
    assert!(
        printed.contains("templates/article.html:2:1: warning: `content` is HTML gazette made: written without `| safe`, its tags show as text"),
        "{printed}"
    );
    assert_eq!(printed.matches(": warning:").count(), 2, "{printed}");
    let strict = gazette(dir.path(), &["check", "--strict"]);
    assert_eq!(strict.status.code(), Some(1), "{}", stderr(&strict));
}
