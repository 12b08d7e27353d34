//! A writer's day, end to end (issue 13's "done when"): a new site from `gazette init`, its theme
//! ejected and made the desk's own (an accent colour in `static/custom.css`, a logo), one article
//! with everything a briefing holds (an embedded video, a figure, a pull quote, a table,
//! footnotes), built; the W3C checker finds no error, and in Chromium no page scrolls sideways and
//! axe finds no violation, light and dark, at 375 and 1280 px.

use crate::common::{browser_tools, gazette, run_checker, stderr, stdout};
use crate::theme::layout_check;

const ARTICLE: &str = r#"---
title: The snap election, by the numbers
date: 2026-10-02T09:00:00+09:00
summary: What the polls, the map and the campaign say a week out.
sources:
  - outlet: Yonhap
    title: Poll of polls
    url: https://example.org/poll
---
A week before the vote, the governing party trails in every poll.[^poll]

![Polling stations across Seoul](stations.svg "Polling stations in Seoul's 25 districts")

<blockquote class="pull"><p>We are asking for a mandate, not a miracle.</p><cite>The prime minister</cite></blockquote>

| Party | Seats | Poll |
|---|---:|---:|
| Governing party with a long name | 152 | 31 % |
| Opposition alliance of three parties | 120 | 38 % |

<iframe width="560" height="315" src="https://www.youtube-nocookie.com/embed/xyz" title="The debate" allowfullscreen></iframe>

[^poll]: Average of four national polls published between 24 and 30 September.
"#;

#[test]
fn a_new_site_with_an_ejected_customised_theme_is_valid_accessible_and_fits_a_phone() {
    // Skipped (or failed in CI) at once when the browser is missing, before the build.
    if browser_tools().is_none() {
        return;
    }
    let work = tempfile::tempdir().expect("a temporary folder");
    let root = work.path().join("desk");
    let run = gazette(work.path(), &["init", "desk"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let run = gazette(&root, &["theme", "eject"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(!stdout(&run).is_empty(), "eject tells what it wrote");
    // The accent is one line; the dark scheme keeps its own (lighter) accent for contrast.
    std::fs::write(
        root.join("static/custom.css"),
        ":root { --accent: #7a1f5c; }\n@media (prefers-color-scheme: dark) { :root { --accent: #f0a6cf; } }\n",
    )
    .unwrap();
    std::fs::write(
        root.join("static/logo.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"32\" height=\"32\"><circle cx=\"16\" cy=\"16\" r=\"14\" fill=\"#7a1f5c\"/></svg>\n",
    )
    .unwrap();
    let site_yaml = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    std::fs::write(root.join("site.yaml"), format!("{site_yaml}logo: logo.svg\n")).unwrap();
    std::fs::create_dir_all(root.join("content/2026/10")).unwrap();
    std::fs::write(root.join("content/2026/10/snap-election.md"), ARTICLE).unwrap();
    std::fs::write(
        root.join("content/2026/10/stations.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"600\" height=\"300\"><rect width=\"600\" height=\"300\" fill=\"#ddd\"/></svg>\n",
    )
    .unwrap();

    let out = work.path().join("public");
    let run = gazette(
        &root,
        &[
            "build",
            "--output",
            out.to_str().unwrap(),
            "--base-url",
            "http://127.0.0.1/briefings/",
        ],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    let page = std::fs::read_to_string(out.join("2026/10/snap-election/index.html")).unwrap();
    assert!(page.contains("custom.css"), "custom.css is linked: {page}");
    assert!(page.contains("logo.svg"), "the logo is shown: {page}");
    assert!(page.contains("<figcaption>"), "a titled image is a figure: {page}");
    let Some((passed, report)) = run_checker("check_html.sh", &[out.as_os_str()]) else {
        return;
    };
    assert!(passed, "W3C errors:\n{report}");
    layout_check(
        work.path(),
        &out,
        &["", "2026/10/snap-election/", "archive/", "topics/"],
    );
}
