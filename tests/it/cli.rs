//! The command line: init, new, check, exit codes and the build summary.

use crate::common::{SITE_YAML, TOPIC, gazette, site, stderr, stdout};

#[test]
fn init_makes_a_site_that_builds_and_new_article_builds_with_drafts() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("desk");
    let run = gazette(dir.path(), &["init", "desk"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let build = gazette(&root, &["build"]);
    assert!(build.status.success(), "{}", stderr(&build));
    assert!(
        stdout(&build).starts_with("1 article, 1 topic → "),
        "{}",
        stdout(&build)
    );
    // Deploy probe: init's placeholder address built silently, so a site could go out with
    // every canonical link and feed on example.org. It is a `.example` address, said until the
    // site's own is written (or given with --base-url), and only that is said.
    let said = stderr(&build);
    assert!(
        said.starts_with("site.yaml:3:1: warning: `base_url` is still the placeholder `https://my-briefings.example/`"),
        "{said}"
    );
    assert_eq!(said.matches("warning:").count(), 1, "{said}");
    let given = gazette(&root, &["build", "--base-url", "https://news.example.org/"]);
    assert!(stderr(&given).is_empty(), "{}", stderr(&given));
    let strict = gazette(&root, &["check", "--strict"]);
    assert_eq!(strict.status.code(), Some(1), "{}", stderr(&strict));
    let yaml = root.join("site.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    std::fs::write(
        &yaml,
        text.replace("https://my-briefings.example/", "https://news.example.org/"),
    )
    .unwrap();
    let build = gazette(&root, &["build"]);
    assert!(stderr(&build).is_empty(), "{}", stderr(&build));

    let new = gazette(
        &root,
        &["new", "article", "Kim: a \"new\" visit", "--topic", "getting-started"],
    );
    assert!(new.status.success(), "{}", stderr(&new));
    let created = stdout(&new);
    assert!(
        created.contains("content/") && created.contains("/kim-a-new-visit.md"),
        "{created}"
    );
    let with_drafts = gazette(&root, &["build", "--drafts"]);
    assert!(with_drafts.status.success(), "{}", stderr(&with_drafts));
    assert!(
        stdout(&with_drafts).starts_with("2 articles"),
        "{}",
        stdout(&with_drafts)
    );
    let without = gazette(&root, &["build"]);
    assert!(stdout(&without).contains("1 draft left out"), "{}", stdout(&without));

    let again = gazette(
        &root,
        &["new", "article", "Kim: a \"new\" visit", "--topic", "getting-started"],
    );
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("already exists; not overwriting it"),
        "{}",
        stderr(&again)
    );

    let topic = gazette(&root, &["new", "topic", "Black Sea shipping"]);
    assert!(topic.status.success(), "{}", stderr(&topic));
    assert!(root.join("content/topics/black-sea-shipping.md").exists());
    assert!(gazette(&root, &["check"]).status.success());
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let dir = site(&[("notes.txt", "mine")]);
    let run = gazette(dir.path(), &["init", "."]);
    assert_eq!(run.status.code(), Some(1));
    assert!(stderr(&run).contains("not empty"), "{}", stderr(&run));
    assert_eq!(std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(), "mine");
}

/// Regression (desk probe, session 23): the text `gazette new` writes to be replaced ("Write
/// the briefing here.", the topic's "The story so far: …") was published without a word, as the
/// page, its standfirst and the topic's description. It is a warning once the article is no
/// longer a draft, and at once for a topic, at its line.
#[test]
fn the_text_gazette_new_writes_to_be_replaced_is_a_warning_when_published() {
    let dir = site(&[("site.yaml", SITE_YAML)]);
    assert!(gazette(dir.path(), &["new", "topic", "Climate talks"]).status.success());
    let new = gazette(dir.path(), &["new", "article", "COP ends", "--topic", "climate-talks"]);
    assert!(new.status.success(), "{}", stderr(&new));
    let article = stdout(&new)
        .lines()
        .find_map(|l| l.strip_prefix("created "))
        .expect("the new file")
        .trim()
        .to_string();
    let check = gazette(dir.path(), &["check"]);
    let printed = stderr(&check);
    assert!(
        printed.contains(
            "content/topics/climate-talks.md:6:1: warning: this is still the text `gazette new` wrote to be replaced"
        ),
        "{printed}"
    );
    assert!(!printed.contains(&article), "a draft may keep it: {printed}");
    let path = dir.path().join(&article);
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("draft: true", "draft: false");
    std::fs::write(&path, text).unwrap();
    let check = gazette(dir.path(), &["check", "--future"]);
    let printed = stderr(&check);
    assert!(
        printed.contains(&format!("{article}:26:1: warning: this is still the text `gazette new` wrote to be replaced: \"Write the briefing here.\"")),
        "{printed}"
    );
}

/// Regression (desk probe, session 23): `gazette init content/sub` inside a site made a second
/// site there, and the first one stopped building (the new welcome article's topic unknown to
/// it, its topic file without a date). Inside a site's own folders it is refused; beside the
/// site (its root, an `examples/` folder) it is not.
#[test]
fn init_refuses_a_folder_inside_a_sites_own_folders() {
    let dir = site(&[("site.yaml", SITE_YAML), ("content/topics/t.md", TOPIC)]);
    for inside in ["content/sub", "static/x/y"] {
        let run = gazette(dir.path(), &["init", inside]);
        assert_eq!(run.status.code(), Some(1), "{inside}");
        let printed = stderr(&run);
        let folder = inside.split('/').next().unwrap();
        assert!(
            printed.contains(&format!(
                "{inside}: error: this folder is inside the {folder}/ folder of the site at"
            )),
            "{printed}"
        );
        assert!(!dir.path().join(inside).exists(), "{inside}");
    }
    assert!(gazette(dir.path(), &["check"]).status.success());
    let beside = gazette(dir.path(), &["init", "examples/desk"]);
    assert!(beside.status.success(), "{}", stderr(&beside));
    // Regression (session 30's robustness probe): a site made inside the output folder was
    // deleted, with the work in it, by the next build, which replaces that folder whole.
    assert!(gazette(dir.path(), &["build"]).status.success());
    let run = gazette(dir.path(), &["init", "public/mysite"]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert!(
        stderr(&run).contains("public, a built site, which the next build replaces whole"),
        "{}",
        stderr(&run)
    );
    assert!(!dir.path().join("public/mysite").exists());
}

#[test]
fn new_article_with_an_unknown_topic_suggests_one() {
    let dir = site(&[("site.yaml", SITE_YAML), ("content/topics/war-in-ukraine.md", TOPIC)]);
    let run = gazette(dir.path(), &["new", "article", "X", "--topic", "war-in-ukrane"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains("did you mean `war-in-ukraine`?"),
        "{}",
        stderr(&run)
    );
}

/// Regression: `gazette new topic "Russia–North Korea relations"` makes the slug
/// `russia-north-korea-relations`, and `--topic russia-north-korea` then got no suggestion, only
/// a hint that would make a second topic titled by its slug.
#[test]
fn new_article_with_the_first_words_of_a_topic_suggests_it() {
    let dir = site(&[
        ("site.yaml", SITE_YAML),
        ("content/topics/russia-north-korea-relations.md", TOPIC),
        // Regression (desk probe, session 23): a translation counted as a second topic starting
        // with the same words, so none was suggested.
        ("content/topics/russia-north-korea-relations.fr.md", TOPIC),
        ("content/topics/sanctions.md", TOPIC),
    ]);
    let run = gazette(dir.path(), &["new", "article", "X", "--topic", "russia-north-korea"]);
    assert_eq!(run.status.code(), Some(1));
    let err = stderr(&run);
    assert!(
        err.contains("unknown topic `russia-north-korea` (given with `--topic`)"),
        "{err}"
    );
    assert!(err.contains("did you mean `russia-north-korea-relations`?"), "{err}");
    // The same in an article's front matter.
    std::fs::write(
        dir.path().join("content/a.md"),
        "---\ntitle: A\ndate: 2024-06-19\ntopics: [russia-north-korea]\n---\nText.\n",
    )
    .unwrap();
    let run = gazette(dir.path(), &["check"]);
    assert!(
        stderr(&run).contains("did you mean `russia-north-korea-relations`?"),
        "{}",
        stderr(&run)
    );
}

/// Regression: `new article ""` wrote a file with an empty title that failed every build after,
/// and a long Korean headline made a file name the file system refused (over 255 bytes).
#[test]
fn new_refuses_an_empty_title_and_keeps_a_long_one_to_a_short_file_name() {
    let dir = site(&[("site.yaml", SITE_YAML), ("content/topics/t.md", TOPIC)]);
    for kind in ["article", "topic"] {
        let run = gazette(dir.path(), &["new", kind, "  "]);
        assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
        assert!(stderr(&run).contains("title is empty"), "{}", stderr(&run));
        // Regression (session 30's robustness probe): a title with an escape sequence, or one
        // over the 1,000 characters a title may have, was written, and every build after failed.
        let run = gazette(dir.path(), &["new", kind, "ctrl\u{1b}[31m red"]);
        assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
        assert!(
            stderr(&run).contains("has a control character (U+001B)"),
            "{}",
            stderr(&run)
        );
        let long = "A".repeat(1001);
        let run = gazette(dir.path(), &["new", kind, &long]);
        assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
        assert!(
            stderr(&run).contains("title is 1001 characters long"),
            "{}",
            stderr(&run)
        );
    }
    let run = gazette(dir.path(), &["new", "edition", "--series", "a\u{1b}[31m"]);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert!(stderr(&run).contains("control character (U+001B)"), "{}", stderr(&run));
    assert!(gazette(dir.path(), &["check"]).status.success(), "nothing was written");
    let headline = "푸틴 대통령과 김정은 위원장이 평양에서 포괄적 전략적 동반자 관계 조약에 서명하고 상호 방위를 약속했다는 소식이 나왔다";
    let run = gazette(dir.path(), &["new", "article", headline, "--topic", "t"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let created = stdout(&run);
    let name = created.trim().rsplit('/').next().unwrap_or_default().to_string();
    assert!(name.ends_with(".md") && name.len() <= 83, "{name}");
    assert!(!name.trim_end_matches(".md").ends_with('-'), "{name}");
}

#[test]
fn bad_usage_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(gazette(dir.path(), &["build", "--no-such-flag"]).status.code(), Some(2));
    assert_eq!(gazette(dir.path(), &["frobnicate"]).status.code(), Some(2));
}

#[test]
fn check_passes_on_a_valid_site_and_writes_nothing() {
    let dir = site(&[
        ("site.yaml", SITE_YAML),
        ("content/topics/t.md", TOPIC),
        (
            "content/a.md",
            "---\ntitle: A\ndate: 2024-01-01\ntopics: [t]\n---\nBody\n",
        ),
    ]);
    let run = gazette(dir.path(), &["check"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(!dir.path().join("public").exists());
}

#[test]
fn build_takes_dash_o_for_output_as_zola_does() {
    let dir = site(&[
        ("site.yaml", SITE_YAML),
        ("content/topics/t.md", TOPIC),
        (
            "content/a.md",
            "---\ntitle: A\ndate: 2024-01-01\ntopics: [t]\n---\nBody\n",
        ),
    ]);
    let run = gazette(dir.path(), &["build", "-o", "elsewhere"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(dir.path().join("elsewhere/index.html").is_file());
    assert!(!dir.path().join("public").exists());
}

#[test]
fn a_missing_site_yaml_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let run = gazette(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(stderr(&run).contains("site.yaml"), "{}", stderr(&run));
    assert!(stderr(&run).contains("gazette init"), "{}", stderr(&run));
}

#[test]
fn drafts_and_future_articles_are_left_out_and_counted() {
    let dir = site(&[
        ("site.yaml", SITE_YAML),
        ("content/topics/t.md", TOPIC),
        ("content/a.md", "---\ntitle: A\ndate: 2024-01-01\n---\n"),
        ("content/b.md", "---\ntitle: B\ndate: 2024-01-02\ndraft: true\n---\n"),
        ("content/c.md", "---\ntitle: C\ndate: 2999-01-01\n---\n"),
    ]);
    let run = gazette(dir.path(), &["build"]);
    let summary = stdout(&run);
    assert!(summary.starts_with("1 article, 1 topic"), "{summary}");
    assert!(summary.contains("1 draft left out (--drafts to include)"), "{summary}");
    assert!(
        summary.contains("1 article dated in the future left out (--future to include)"),
        "{summary}"
    );
    let all = gazette(dir.path(), &["build", "--drafts", "--future"]);
    assert!(stdout(&all).starts_with("3 articles"), "{}", stdout(&all));
}

#[test]
fn quiet_prints_only_errors_and_verbose_adds_phase_times() {
    let dir = site(&[
        ("site.yaml", SITE_YAML),
        ("content/topics/t.md", TOPIC),
        (
            "content/a.md",
            "---\ntitle: A\ndate: 2024-01-01\nlayout: post\n---\nBody\n",
        ),
    ]);
    let quiet = gazette(dir.path(), &["build", "--quiet"]);
    assert!(quiet.status.success());
    assert!(
        stdout(&quiet).is_empty() && stderr(&quiet).is_empty(),
        "{}{}",
        stdout(&quiet),
        stderr(&quiet)
    );
    let verbose = gazette(dir.path(), &["build", "--verbose"]);
    assert!(stderr(&verbose).contains("unknown key `layout`"));
    assert!(stderr(&verbose).contains("  render "), "{}", stderr(&verbose));
    let piped = gazette(dir.path(), &["build"]);
    assert!(!stderr(&piped).contains('\x1b'), "no colours when piped");
    // Errors are still printed.
    std::fs::write(
        dir.path().join("content/b.md"),
        "---\ntitle: B\ndate: 2024-13-01\n---\n",
    )
    .unwrap();
    let failed = gazette(dir.path(), &["build", "--quiet"]);
    assert_eq!(failed.status.code(), Some(1));
    assert!(
        stderr(&failed).contains("content/b.md:3:7: error: invalid `date`") && !stderr(&failed).contains("layout"),
        "{}",
        stderr(&failed)
    );
}

/// Issue 6: "`gazette build --timings` prints the time of each phase."
#[test]
fn timings_prints_the_time_of_every_phase_in_order() {
    let dir = site(&[
        ("site.yaml", SITE_YAML),
        ("content/topics/t.md", TOPIC),
        ("content/a.md", "---\ntitle: A\ndate: 2024-01-01\n---\nBody\n"),
    ]);
    let run = gazette(dir.path(), &["build", "--timings"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let printed = stderr(&run);
    let phases: Vec<&str> = printed
        .lines()
        .filter(|line| line.trim_end().ends_with(" ms"))
        .filter_map(|line| line.split_whitespace().next())
        .collect();
    assert_eq!(
        phases,
        ["load", "parse", "model", "templates", "render", "links", "write"],
        "{printed}"
    );
    let quiet = gazette(dir.path(), &["build"]);
    assert!(!stderr(&quiet).contains(" ms\n"), "no phases without --timings");
}

#[test]
fn schema_prints_each_json_schema() {
    let dir = tempfile::tempdir().unwrap();
    for which in ["article", "topic", "author", "edition", "site"] {
        let run = gazette(dir.path(), &["schema", which]);
        assert!(run.status.success());
        let schema: serde_json::Value = serde_json::from_str(&stdout(&run)).expect("JSON");
        assert_eq!(
            schema["$id"],
            format!("https://gazette.example/schemas/{which}.schema.json")
        );
    }
    assert_eq!(gazette(dir.path(), &["schema", "nope"]).status.code(), Some(2));
}

#[test]
fn every_command_has_examples_in_its_help() {
    let dir = tempfile::tempdir().unwrap();
    for command in [
        &["--help"][..],
        &["build", "--help"],
        &["serve", "--help"],
        &["check", "--help"],
        &["init", "--help"],
        &["new", "article", "--help"],
        &["new", "topic", "--help"],
        &["schema", "--help"],
        &["list", "--help"],
        &["theme", "eject", "--help"],
    ] {
        let run = gazette(dir.path(), command);
        assert!(run.status.success(), "{command:?}");
        let help = stdout(&run);
        assert!(help.contains("Example"), "{command:?} has no examples:\n{help}");
        assert!(help.contains("gazette "), "{command:?}");
    }
}

/// Issue 13: "`gazette list` (DESIGN §7) names every article left out and why: each draft, each
/// scheduled article with the time it goes live (in the site's zone), and future dates that look
/// like typos (more than a year ahead: a warning in `build` too, naming the file and line)."
/// Regression (session 34's standards probe): a standards editor had no way to see every
/// correction across the site (grep, or a search for "earlier version"). `gazette list
/// --corrections` lists each update log entry of the published articles and editions, in every
/// language, newest first, with a count of each kind; a draft's log is not published and not
/// listed.
#[test]
fn list_corrections_lists_every_update_log_entry_newest_first() {
    let dir = site(&[
        (
            "site.yaml",
            "title: Desk\nbase_url: https://example.org/\ntimezone: Asia/Seoul\nimages: off\nlanguages:\n  ko: { title: 데스크 }\n",
        ),
        ("content/topics/t.md", TOPIC),
        (
            "content/a.md",
            "---\ntitle: A\ndate: 2024-06-19 09:00\nupdates:\n  - { date: 2024-06-20 10:30, kind: correction, text: \"Fixed the date.\\nTwo lines.\" }\n  - { date: 2024-06-22, text: Added a reply. }\n---\nText.\n",
        ),
        (
            "content/a.ko.md",
            "---\ntitle: 가\nupdates:\n  - { date: 2024-06-21, kind: correction, text: 날짜를 바로잡았다. }\n---\n본문.\n",
        ),
        (
            "content/d.md",
            "---\ntitle: D\ndate: 2024-06-19\ndraft: true\nupdates:\n  - { date: 2024-06-23, kind: correction, text: Unpublished. }\n---\nText.\n",
        ),
        (
            "content/editions/2024-06-20.md",
            "---\ndate: 2024-06-20T07:00:00+09:00\nitems:\n  - article: a.md\nupdates:\n  - { date: 2024-06-20 12:00, kind: clarification, text: Said which treaty. }\n---\n",
        ),
    ]);
    let run = gazette(dir.path(), &["list", "--corrections"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let lines: Vec<String> = stdout(&run)
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(
        lines,
        [
            "2024-06-22 update content/a.md Added a reply.",
            "2024-06-21 correction content/a.ko.md 날짜를 바로잡았다.",
            "2024-06-20 12:00 Asia/Seoul clarification content/editions/2024-06-20.md Said which treaty.",
            "2024-06-20 10:30 Asia/Seoul correction content/a.md Fixed the date. Two lines.",
            "2 corrections, 1 clarification, 1 update",
        ]
    );
    let both = gazette(dir.path(), &["list", "--corrections", "--drafts"]);
    assert_eq!(both.status.code(), Some(2), "{}", stderr(&both));
}

#[test]
fn list_names_drafts_and_scheduled_articles_with_their_times_and_flags_far_dates() {
    let zone = jiff::tz::TimeZone::get("Europe/Tallinn").unwrap();
    let soon = (jiff::Timestamp::now() + jiff::SignedDuration::from_hours(30 * 24)).to_zoned_datetime(zone);
    let day = soon.strftime("%Y-%m-%d").to_string();
    let scheduled = format!("---\ntitle: Coming soon\ndate: {day}T09:30:00\n---\nSoon.\n");
    let dir = site(&[
        (
            "site.yaml",
            "title: Desk\nbase_url: https://example.org/\ntimezone: Europe/Tallinn\n",
        ),
        ("content/topics/t.md", TOPIC),
        ("content/a.md", "---\ntitle: Out now\ndate: 2024-01-01\n---\n"),
        (
            "content/d.md",
            "---\ntitle: Half written\ndate: 2024-01-02\ndraft: true\n---\n",
        ),
        ("content/s.md", &scheduled),
        ("content/typo.md", "---\ntitle: Typo\ndate: 2207-06-01\n---\n"),
    ]);
    let run = gazette(dir.path(), &["list"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let listed = stdout(&run);
    let lines: Vec<&str> = listed.lines().collect();
    assert!(
        lines[0].starts_with("draft      content/d.md") && lines[0].ends_with("Half written"),
        "{listed}"
    );
    assert!(
        lines[1].starts_with("scheduled  content/s.md")
            && lines[1].ends_with(&format!("Coming soon — goes live {day} 09:30 Europe/Tallinn")),
        "{listed}"
    );
    assert!(
        lines[2].starts_with("scheduled  content/typo.md")
            && lines[2].contains("goes live 2207-06-01 00:00 Europe/Tallinn")
            && lines[2].ends_with("(more than a year ahead: is the year right?)"),
        "{listed}"
    );
    assert!(
        !listed.contains("Out now") && !lines[1].contains("year ahead"),
        "{listed}"
    );
    assert!(
        lines[3].starts_with("3 articles left out: 1 draft, 2 scheduled"),
        "{listed}"
    );

    let drafts = stdout(&gazette(dir.path(), &["list", "--drafts"]));
    assert!(
        drafts.contains("content/d.md") && !drafts.contains("content/s.md"),
        "{drafts}"
    );
    let future = stdout(&gazette(dir.path(), &["list", "--future"]));
    assert!(
        !future.contains("content/d.md") && future.contains("content/s.md"),
        "{future}"
    );

    let build = gazette(dir.path(), &["build"]);
    assert!(build.status.success(), "{}", stderr(&build));
    let warnings = stderr(&build);
    assert!(
        warnings.contains("content/typo.md:3:7: warning: the date 2207-06-01 is more than a year ahead: the article stays unpublished until then"),
        "{warnings}"
    );
    assert!(!warnings.contains("content/s.md"), "{warnings}");
    // Regression: under `--future` (as in `serve`) the article is shown, and the warning said it
    // stayed unpublished.
    let future = gazette(dir.path(), &["build", "--future"]);
    assert!(future.status.success(), "{}", stderr(&future));
    let warnings = stderr(&future);
    assert!(
        warnings.contains("content/typo.md:3:7: warning: the date 2207-06-01 is more than a year ahead: it shows here because scheduled articles are shown, and a build without them leaves it out until then"),
        "{warnings}"
    );
}

/// Regression: a draft or scheduled edition was in neither `gazette list` nor the build's
/// summary, so a desk could not see its queue of editions.
#[test]
fn list_and_the_build_summary_name_the_editions_left_out() {
    let dir = site(&[
        (
            "site.yaml",
            "title: Desk
base_url: https://example.org/
timezone: UTC
",
        ),
        (
            "content/a.md",
            "---
title: Out now
date: 2024-01-01T09:00:00Z
---
",
        ),
        (
            "content/editions/later.md",
            "---
date: 2999-01-01
items:
  - article: a.md
---
",
        ),
        (
            "content/editions/drafted.md",
            "---
title: Tomorrow's
date: 2024-01-02
draft: true
items:
  - article: not-yet.md
---
",
        ),
        (
            "content/editions/out.md",
            "---
date: 2024-01-01
items:
  - article: a.md
---
",
        ),
    ]);
    let run = gazette(dir.path(), &["list"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let listed = stdout(&run);
    let lines: Vec<&str> = listed.lines().collect();
    assert!(
        lines[0].starts_with("draft      content/editions/drafted.md") && lines[0].ends_with("Tomorrow’s (edition)"),
        "{listed}"
    );
    assert!(
        lines[1].starts_with("scheduled  content/editions/later.md")
            && lines[1].ends_with(
                "Desk, 1 January 2999 (edition) — goes out 2999-01-01 00:00 UTC (more than a year ahead: is the year right?)"
            ),
        "{listed}"
    );
    assert!(!listed.contains("out.md"), "{listed}");
    assert!(
        lines[2].starts_with("0 articles left out: 0 drafts, 0 scheduled; 2 editions left out: 1 draft, 1 scheduled"),
        "{listed}"
    );
    let drafts = stdout(&gazette(dir.path(), &["list", "--drafts"]));
    assert!(
        drafts.contains("drafted.md") && !drafts.contains("later.md"),
        "{drafts}"
    );
    let build = gazette(dir.path(), &["build"]);
    assert!(build.status.success(), "{}", stderr(&build));
    assert!(
        stdout(&build).contains("2 editions left out (`gazette list` says why)"),
        "{}",
        stdout(&build)
    );
}

/// Issue 13: "Every command works from any folder inside the site (the nearest `site.yaml`
/// upward)."
#[test]
fn every_command_finds_the_site_from_a_folder_inside_it() {
    let dir = site(&[
        ("site.yaml", SITE_YAML),
        ("content/topics/t.md", TOPIC),
        ("content/2024/a.md", "---\ntitle: A\ndate: 2024-01-01\n---\nBody.\n"),
    ]);
    let inside = dir.path().join("content/2024");
    let build = gazette(&inside, &["build"]);
    assert!(build.status.success(), "{}", stderr(&build));
    assert!(stdout(&build).starts_with("1 article, 1 topic"), "{}", stdout(&build));
    assert!(dir.path().join("public/2024/01/a/index.html").exists());
    assert!(!inside.join("public").exists(), "the output goes to the site's public/");
    assert!(gazette(&inside, &["check"]).status.success());
    assert!(gazette(&inside, &["list"]).status.success());
    let new = gazette(&inside, &["new", "topic", "Ports"]);
    assert!(new.status.success(), "{}", stderr(&new));
    assert!(dir.path().join("content/topics/ports.md").exists());
    // A diagnostic names the file as seen from where the writer is.
    std::fs::write(inside.join("b.md"), "---\ntitle: B\n---\n").unwrap();
    let failed = gazette(&inside, &["check"]);
    assert_eq!(failed.status.code(), Some(1));
    assert!(stderr(&failed).contains("content/2024/b.md"), "{}", stderr(&failed));
}

/// Issue 13: "`markdown.smart_punctuation` (default on): curly quotes, dashes and ellipses."
#[test]
fn smart_punctuation_is_on_by_default_and_can_be_turned_off() {
    let body = "---\ntitle: A\ndate: 2024-01-01\n---\n\"Yes,\" she said -- it's 1990--1991... `\"code\"` --- done.\n";
    let dir = site(&[
        ("site.yaml", SITE_YAML),
        ("content/topics/t.md", TOPIC),
        ("content/a.md", body),
    ]);
    let page = |dir: &std::path::Path| {
        let run = gazette(dir, &["build"]);
        assert!(run.status.success(), "{}", stderr(&run));
        std::fs::read_to_string(dir.join("public/2024/01/a/index.html")).unwrap()
    };
    let smart = page(dir.path());
    assert!(
        smart.contains("<p>“Yes,” she said – it’s 1990–1991… <code>\"code\"</code> — done.</p>"),
        "{smart}"
    );
    std::fs::write(
        dir.path().join("site.yaml"),
        format!("{SITE_YAML}markdown:\n  smart_punctuation: false\n"),
    )
    .unwrap();
    let plain = page(dir.path());
    assert!(
        plain.contains("<p>\"Yes,\" she said -- it's 1990--1991... <code>\"code\"</code> --- done.</p>"),
        "{plain}"
    );
}

/// Issue 13: "`gazette new article` writes every field a writer commonly fills, commented, and no
/// empty `summary:`." The file builds as written, and again with every example uncommented.
#[test]
fn new_article_writes_every_common_field_and_builds_without_warnings() {
    let dir = site(&[("site.yaml", SITE_YAML), ("content/topics/t.md", TOPIC)]);
    let new = gazette(dir.path(), &["new", "article", "Port strike", "--topic", "t"]);
    assert!(new.status.success(), "{}", stderr(&new));
    let path = dir.path().join(stdout(&new).trim().trim_start_matches("created "));
    let text = std::fs::read_to_string(&path).unwrap();
    for field in [
        "\ntopics: [t]\n",
        "\ntags: []\n",
        "\n# event_date: ",
        "\n# key: true\n",
        "\n  # - outlet: ",
        "\n  #   title: ",
        "\n  #   url: ",
        "\n# summary: \"",
        "\n# updates:\n",
        "\ndraft: true\n",
    ] {
        assert!(text.contains(field), "{field:?} in\n{text}");
    }
    assert!(
        !text.lines().any(|l| l.trim_end() == "summary:"),
        "no empty summary:\n{text}"
    );
    let build = |what: &str| {
        let run = gazette(dir.path(), &["build", "--drafts"]);
        assert!(run.status.success(), "{what}: {}", stderr(&run));
        assert!(stderr(&run).is_empty(), "{what}: no warnings:\n{}", stderr(&run));
        assert!(stdout(&run).starts_with("1 article"), "{what}: {}", stdout(&run));
    };
    build("as written");
    const EXAMPLES: &[&str] = &[
        "event_date:",
        "event_end:",
        "key:",
        "summary:",
        "updates:",
        "- outlet:",
        "title:",
        "url:",
        "- date:",
        "kind:",
        "text:",
    ];
    let uncommented: String = text
        .lines()
        .map(|line| {
            let indent = &line[..line.len() - line.trim_start().len()];
            match line.trim_start().strip_prefix("# ") {
                Some(field) if EXAMPLES.iter().any(|f| field.trim_start().starts_with(f)) => {
                    format!("{indent}{field}\n")
                }
                _ => format!("{line}\n"),
            }
        })
        .collect();
    assert!(uncommented.contains("\n    title: \"The source"), "{uncommented}");
    std::fs::write(&path, &uncommented).unwrap();
    build("with every example uncommented");
    let none = gazette(dir.path(), &["new", "article", "No topic yet"]);
    assert!(none.status.success(), "{}", stderr(&none));
    let run = gazette(dir.path(), &["build", "--drafts"]);
    assert!(run.status.success() && stderr(&run).is_empty(), "{}", stderr(&run));
}

/// A site of one article with the default theme, built into `out-before/`: what the theme
/// commands start from, and what a site built after them is compared with.
fn site_built_to_out_before() -> tempfile::TempDir {
    let dir = site(&[
        ("site.yaml", SITE_YAML),
        ("content/topics/t.md", TOPIC),
        ("content/a.md", "---\ntitle: A\ndate: 2024-01-01\n---\nBody.\n"),
    ]);
    let before = gazette(dir.path(), &["build", "--output", "out-before"]);
    assert!(before.status.success(), "{}", stderr(&before));
    dir
}

/// Issue 13: "`gazette theme eject [FILE…]` copies the theme's templates and static files into the
/// site, never overwriting, and tells what it wrote." The copies go to the site's `templates/`
/// and `static/`, which override the theme by name, and the site builds the same with them.
#[test]
fn theme_eject_copies_the_theme_into_the_site_and_never_overwrites() {
    let dir = site_built_to_out_before();
    let root = dir.path();

    let some = gazette(
        root,
        &[
            "theme",
            "eject",
            "article.html",
            "static/style.css",
            "partials/card.html",
        ],
    );
    assert!(some.status.success(), "{}", stderr(&some));
    let printed = stdout(&some);
    for file in [
        "templates/article.html",
        "templates/partials/card.html",
        "static/style.css",
    ] {
        assert!(printed.contains(&format!("wrote {file}")), "{printed}");
        assert!(root.join(file).is_file(), "{file}");
    }
    assert!(!root.join("templates/base.html").exists(), "only the named files");

    std::fs::write(root.join("static/style.css"), "/* mine */\n").unwrap();
    let all = gazette(root, &["theme", "eject"]);
    assert!(all.status.success(), "{}", stderr(&all));
    let printed = stdout(&all);
    assert!(
        printed.contains("skipped static/style.css (the site has it already; not overwriting)"),
        "{printed}"
    );
    assert!(
        printed.contains("wrote templates/base.html") && printed.contains("wrote static/search.js"),
        "{printed}"
    );
    assert!(!printed.contains("wrote static/style.css"), "{printed}");
    assert_eq!(
        std::fs::read_to_string(root.join("static/style.css")).unwrap(),
        "/* mine */\n"
    );

    let after = gazette(root, &["build", "--output", "out-after"]);
    assert!(
        after.status.success() && stderr(&after).is_empty(),
        "{}",
        stderr(&after)
    );
    let page = |out: &str| std::fs::read_to_string(root.join(out).join("2024/01/a/index.html")).unwrap();
    assert_eq!(
        page("out-before"),
        page("out-after"),
        "the ejected templates are the theme's"
    );
    assert_eq!(
        std::fs::read_to_string(root.join("out-after/style.css")).unwrap(),
        "/* mine */\n"
    );

    let unknown = gazette(root, &["theme", "eject", "artcle.html"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(
        stderr(&unknown).contains("did you mean `article.html`?"),
        "{}",
        stderr(&unknown)
    );
}

/// Regression (theme probe, session 24): a designer with only the binary could not start a theme
/// of their own: eject copied no words, card.yaml or font, and said the default theme had no
/// `i18n/en.yaml`. `theme new NAME` copies the whole theme, which builds as the default does;
/// eject copies words into the site's i18n/ and refuses a site whose theme is another (its
/// copies silently hid that theme's own files).
#[test]
fn theme_new_copies_the_whole_theme_and_eject_keeps_to_the_default_theme() {
    let dir = site_built_to_out_before();
    let root = dir.path();

    let words = gazette(root, &["theme", "eject", "i18n/en.yaml"]);
    assert!(words.status.success(), "{}", stderr(&words));
    assert!(stdout(&words).contains("wrote i18n/en.yaml"), "{}", stdout(&words));
    let card = gazette(root, &["theme", "eject", "card.yaml"]);
    assert_eq!(card.status.code(), Some(1));
    assert!(
        stderr(&card).contains("`card.yaml` belongs to a theme's folder, not to a site's")
            && stderr(&card).contains("gazette theme new NAME"),
        "{}",
        stderr(&card)
    );

    let made = gazette(root, &["theme", "new", "newsroom"]);
    assert!(made.status.success(), "{}", stderr(&made));
    assert!(
        stdout(&made).contains("next: set `theme: newsroom` in site.yaml"),
        "{}",
        stdout(&made)
    );
    for file in [
        "templates/base.html",
        "static/style.css",
        "i18n/en.yaml",
        "i18n/ko.yaml",
        "card.yaml",
    ] {
        assert!(root.join("themes/newsroom").join(file).is_file(), "{file}");
    }
    // Theme probe: the theme reference the errors name was not shipped with the binary.
    assert_eq!(
        std::fs::read_to_string(root.join("themes/newsroom/THEMES.md")).unwrap(),
        std::fs::read_to_string(crate::common::repo().join("docs/themes.md")).unwrap()
    );
    assert!(
        stdout(&made).contains("themes/newsroom/THEMES.md is the reference"),
        "{}",
        stdout(&made)
    );
    // `-q` is quiet for eject too.
    std::fs::remove_file(root.join("i18n/en.yaml")).unwrap();
    let quiet = gazette(root, &["-q", "theme", "eject", "i18n/en.yaml"]);
    assert!(
        quiet.status.success() && stdout(&quiet).is_empty(),
        "{}",
        stdout(&quiet)
    );
    assert!(
        std::fs::read_dir(root.join("themes/newsroom/fonts")).unwrap().count() > 0,
        "the card's font"
    );
    let again = gazette(root, &["theme", "new", "newsroom"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("a theme of that name is here already"),
        "{}",
        stderr(&again)
    );
    let bad = gazette(root, &["theme", "new", "News Room"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        stderr(&bad).contains("for example `gazette theme new news-room`"),
        "{}",
        stderr(&bad)
    );

    std::fs::write(root.join("site.yaml"), format!("{SITE_YAML}theme: newsroom\n")).unwrap();
    let after = gazette(root, &["build", "--output", "out-after"]);
    assert!(
        after.status.success() && stderr(&after).is_empty(),
        "{}",
        stderr(&after)
    );
    let page = |out: &str| std::fs::read_to_string(root.join(out).join("2024/01/a/index.html")).unwrap();
    assert_eq!(page("out-before"), page("out-after"), "the new theme is the default's");

    // Theme probe (session 27): a card font the theme does not have was told without the fonts
    // it has.
    let card_yaml = root.join("themes/newsroom/card.yaml");
    let card = std::fs::read_to_string(&card_yaml).unwrap();
    std::fs::write(
        &card_yaml,
        card.replace("fonts/card-gothic-bold.ttf", "fonts/Card-Gothic.ttf"),
    )
    .unwrap();
    let misspelt = gazette(root, &["build", "--output", "out-font"]);
    assert_eq!(misspelt.status.code(), Some(1), "{}", stderr(&misspelt));
    assert!(
        stderr(&misspelt).contains("the theme has `fonts/card-gothic-bold.ttf`"),
        "{}",
        stderr(&misspelt)
    );
    std::fs::write(&card_yaml, card).unwrap();

    let refused = gazette(root, &["theme", "eject", "style.css"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused)
            .contains("the site's theme is `newsroom`: the default theme's files ejected here would hide its own"),
        "{}",
        stderr(&refused)
    );
    assert!(!root.join("static/style.css").exists(), "nothing written");
}

/// Regression (theme probe, session 24): a theme without its `style.css` built without a word,
/// every page linking a stylesheet that was not there; so did a misspelt font or a script. Each
/// file a page's `<link>` or `<script>` names and the site lacks is a warning at the template
/// that names it, and a root path on a site under a base path is told it leaves the site.
#[test]
fn a_file_the_themes_pages_link_and_the_site_lacks_is_a_warning_at_the_template() {
    let dir = site(&[
        ("site.yaml", &format!("{SITE_YAML}theme: bare\n")),
        ("content/topics/t.md", TOPIC),
        (
            "content/a.md",
            "---\ntitle: A\ndate: 2024-01-01\ntopics: [t]\n---\nBody.\n",
        ),
    ]);
    let root = dir.path();
    std::fs::write(root.join("site.yaml"), SITE_YAML).unwrap();
    let made = gazette(root, &["theme", "new", "bare"]);
    assert!(made.status.success(), "{}", stderr(&made));
    std::fs::write(root.join("site.yaml"), format!("{SITE_YAML}theme: bare\n")).unwrap();
    let fine = gazette(root, &["build"]);
    assert!(fine.status.success() && stderr(&fine).is_empty(), "{}", stderr(&fine));

    std::fs::remove_file(root.join("themes/bare/static/style.css")).unwrap();
    let base = root.join("themes/bare/templates/base.html");
    let text = std::fs::read_to_string(&base).unwrap();
    let text = text.replacen(
        "</head>",
        "<link rel=\"preload\" href=\"{{ site.static_url }}fonts/serif-bld.woff2\" as=\"font\" crossorigin>\n</head>",
        1,
    );
    std::fs::write(&base, text).unwrap();
    let run = gazette(root, &["build"]);
    let printed = stderr(&run);
    assert!(run.status.success(), "warnings, not errors: {printed}");
    let warnings: Vec<&str> = printed.lines().filter(|l| l.contains(": warning: ")).collect();
    assert_eq!(warnings.len(), 2, "{printed}");
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("themes/bare/templates/base.html:")
                && w.ends_with("warning: pages link `/style.css`, which the site does not have")),
        "{printed}"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.ends_with("warning: pages link `/fonts/serif-bld.woff2`, which the site does not have")),
        "{printed}"
    );
    assert!(
        printed.contains("add `style.css` to the theme's static/ folder"),
        "{printed}"
    );
    let strict = gazette(root, &["check", "--strict"]);
    assert_eq!(strict.status.code(), Some(1), "{}", stderr(&strict));

    // Under a base path, a path from the host's root leaves the site.
    std::fs::write(
        root.join("site.yaml"),
        "title: Test Desk\nbase_url: https://example.org/news/\ntimezone: UTC\ntheme: bare\n",
    )
    .unwrap();
    std::fs::write(root.join("themes/bare/static/style.css"), "body {}\n").unwrap();
    let text = std::fs::read_to_string(&base)
        .unwrap()
        .replace("{{ site.static_url }}fonts/serif-bld.woff2", "/fonts/card.woff2");
    std::fs::write(&base, text).unwrap();
    let run = gazette(root, &["check"]);
    let printed = stderr(&run);
    assert!(
        printed.contains("warning: pages link `/fonts/card.woff2`, outside the site's address `/news/`: it breaks once the site is deployed there")
            && printed.contains("start the path with the base path: `{{ site.static_url }}fonts/card.woff2`"),
        "{printed}"
    );
}

/// Regression (session 33's theme probe): the themes guide said to link a theme's own files from
/// `site.home_url`, which on a translated page is that language's home (`/ko/`), where there are
/// no static files; and only the default language's pages were checked, so every Korean page
/// linked a missing font unsaid. `site.static_url` is the site's root in every language, and each
/// language's pages are checked.
#[test]
fn a_translated_pages_links_to_the_themes_files_are_checked() {
    let dir = site(&[
        ("content/2024/01/a.md", "---\ntitle: A\ndate: 2024-01-01\n---\nBody.\n"),
        ("content/2024/01/a.ko.md", "---\ntitle: 가\n---\n본문.\n"),
    ]);
    let root = dir.path();
    let yaml = "title: Test Desk\nbase_url: https://example.org/news/\ntimezone: UTC\ntheme: bare\nlanguages:\n  ko: { title: 데스크 }\n";
    std::fs::write(root.join("site.yaml"), yaml).unwrap();
    let made = gazette(root, &["theme", "new", "bare"]);
    assert!(made.status.success(), "{}", stderr(&made));
    std::fs::create_dir_all(root.join("themes/bare/static/fonts")).unwrap();
    std::fs::write(root.join("themes/bare/static/fonts/serif.woff2"), "font").unwrap();
    let base = root.join("themes/bare/templates/base.html");
    let original = std::fs::read_to_string(&base).unwrap();
    let link = |from: &str| {
        let text = original.replacen(
            "</head>",
            &format!("<link rel=\"preload\" href=\"{{{{ site.{from} }}}}fonts/serif.woff2\" as=\"font\" crossorigin>\n</head>"),
            1,
        );
        std::fs::write(&base, text).unwrap();
        stderr(&gazette(root, &["check"]))
    };
    let printed = link("home_url");
    assert!(
        printed.contains("warning: pages link `/news/ko/fonts/serif.woff2`, which the site does not have"),
        "{printed}"
    );
    let printed = link("static_url");
    assert!(!printed.contains("warning"), "{printed}");
}

/// Regression (error probe): `--root site.yaml` (the file, not its folder) and `-o notes/public`
/// under a file were "cannot create the folder: File exists (os error 17)", with a hint about
/// free space; a `--root` that is not there was "cannot read site.yaml".
#[test]
fn a_root_or_output_that_cannot_be_a_folder_is_told_why() {
    let dir = site(&[
        ("site.yaml", SITE_YAML),
        ("content/topics/t.md", TOPIC),
        ("notes", "a file\n"),
    ]);
    let file = gazette(dir.path(), &["build", "--root", "site.yaml"]);
    assert_eq!(file.status.code(), Some(2), "a usage error");
    assert!(
        stderr(&file).contains(
            "`site.yaml` is a file: --root takes the site's folder, the one that holds site.yaml (here `--root .`)"
        ),
        "{}",
        stderr(&file)
    );
    let missing = gazette(dir.path(), &["check", "--root", "no-such-site"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("there is no folder `no-such-site`"),
        "{}",
        stderr(&missing)
    );
    // Regression (error probe L4): a folder inside the site was "cannot read: No such file or
    // directory (os error 2)", with no word of the site around it.
    let inside = gazette(dir.path(), &["build", "--root", "content"]);
    assert_eq!(inside.status.code(), Some(1));
    let site = std::fs::canonicalize(dir.path()).unwrap();
    assert!(
        stderr(&inside).starts_with("content/site.yaml: error: cannot read: it does not exist"),
        "{}",
        stderr(&inside)
    );
    assert!(
        stderr(&inside).contains(&format!(
            "help: this folder is inside the site at {0}: pass `--root {0}`",
            site.display()
        )),
        "{}",
        stderr(&inside)
    );
    let under_a_file = gazette(dir.path(), &["build", "-o", "notes/public"]);
    assert_eq!(under_a_file.status.code(), Some(1));
    assert!(
        stderr(&under_a_file)
            .starts_with("notes: error: this is a file, so the output folder notes/public cannot be made in it"),
        "{}",
        stderr(&under_a_file)
    );
}

/// Regression (error probe): files named near what gazette reads were passed over without a
/// word: `SHOUT.MD` copied as a file (now neither read nor published), `i18n/en.yml` never read, a misspelt template override
/// `articel.html` never used, and `site.yml` answered with "cannot read site.yaml" alone.
#[test]
fn files_named_near_what_gazette_reads_are_told_their_right_name() {
    let dir = site(&[
        ("site.yaml", SITE_YAML),
        ("content/topics/t.md", TOPIC),
        ("content/SHOUT.MD", "---\ntitle: Shout\ndate: 2024-06-01\n---\nText.\n"),
        ("i18n/en.yml", "nav_topics: Stories\n"),
        ("static/notes.markdown", "Not content: no warning.\n"),
        ("templates/articel.html", "{% extends \"base.html\" %}\n"),
        ("templates/partials/sidebar.html", "<aside></aside>\n"),
        ("i18n/ko.YAML", "nav_topics: 주제\n"),
    ]);
    let run = gazette(dir.path(), &["build"]);
    let printed = stderr(&run);
    assert!(run.status.success(), "{printed}");
    assert!(
        printed.contains(
            "content/SHOUT.MD: warning: this file ends in `.MD`, so it is not read as an article, and not published"
        ),
        "{printed}"
    );
    // Regression (migration probe): copied as a file, a `.markdown` article's source was
    // published whole, a draft's front matter and all.
    assert!(!dir.path().join("public/SHOUT.MD").exists());
    assert!(
        printed.contains("i18n/en.yml: warning: this file of words is not read: i18n files end in .yaml\n  = help: rename it to en.yaml"),
        "{printed}"
    );
    assert!(
        printed.contains("templates/articel.html: warning: this template is not used: it replaces none of the theme's, and no template includes or extends it\n  = help: did you mean `article.html`?"),
        "{printed}"
    );
    // Review: a name nothing like the theme's gets no "did you mean"; `.YAML` its stem.
    assert!(
        printed.contains("templates/partials/sidebar.html: warning: this template is not used: it replaces none of the theme's, and no template includes or extends it\n  = help: name it as"),
        "{printed}"
    );
    assert!(printed.contains("= help: rename it to ko.yaml"), "{printed}");
    assert!(!printed.contains("notes.markdown"), "static/ is not content: {printed}");
    std::fs::rename(dir.path().join("site.yaml"), dir.path().join("site.yml")).unwrap();
    let run = gazette(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains("= help: there is a `site.yml` here: rename it to site.yaml"),
        "{}",
        stderr(&run)
    );
}

/// Regression (session 30's robustness probe): `gazette list | head -1` panicked ("failed
/// printing to stdout: Broken pipe", exit 101), and `schema`, `list` and `build` panicked on a
/// full disk. A reader that goes away ends the command quietly; a full disk is one line on
/// stderr and exit 1.
#[test]
fn stdout_that_fails_ends_the_command_without_a_panic() {
    let dir = site(&[("site.yaml", SITE_YAML), ("content/topics/t.md", TOPIC)]);
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    let closed = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(["schema", "site"])
        .current_dir(dir.path())
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .output()
        .expect("gazette runs");
    assert_eq!(closed.status.code(), Some(0), "{}", stderr(&closed));
    assert!(closed.stderr.is_empty(), "{}", stderr(&closed));
    // A full disk is /dev/full's (Linux): said as skipped elsewhere, a failure under CI=true.
    if !crate::common::require(
        "/dev/full",
        "a Linux system (it is a kernel device)",
        std::path::Path::new("/dev/full").exists(),
    ) {
        return;
    }
    for args in [&["schema", "site"][..], &["list"], &["build"]] {
        let full = std::fs::File::create("/dev/full").expect("/dev/full");
        let run = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"))
            .args(args)
            .current_dir(dir.path())
            .stdout(full)
            .stderr(std::process::Stdio::piped())
            .output()
            .expect("gazette runs");
        assert_eq!(run.status.code(), Some(1), "{args:?}: {}", stderr(&run));
        assert!(
            stderr(&run).contains("error: cannot write to stdout: "),
            "{args:?}: {}",
            stderr(&run)
        );
        assert!(!stderr(&run).contains("panicked"), "{args:?}: {}", stderr(&run));
    }
}

/// Regression (session 30's robustness probe): errors were not capped as warnings are, so
/// 5,000 broken links printed 25,000 lines. The first 100 are shown in full, the rest counted
/// (`--verbose` shows them all); the last line counts them all.
#[test]
fn a_hundred_errors_are_shown_and_the_rest_counted() {
    let body: String = (0..150).map(|n| format!("[link {n}](@/nowhere-{n}.md)\n\n")).collect();
    let article = format!("---\ntitle: A\ndate: 2024-01-01\ntopics: [t]\n---\n{body}");
    let dir = site(&[
        ("site.yaml", SITE_YAML),
        ("content/topics/t.md", TOPIC),
        ("content/2024/01/a.md", &article),
    ]);
    let run = gazette(dir.path(), &["check"]);
    assert_eq!(run.status.code(), Some(1));
    let printed = stderr(&run);
    assert_eq!(printed.matches(": error: ").count(), 100, "{printed}");
    assert!(
        printed.contains("… and 50 errors more (--verbose shows them all)"),
        "{printed}"
    );
    assert!(printed.contains("150 errors found"), "{printed}");
    let all = gazette(dir.path(), &["check", "--verbose"]);
    assert_eq!(stderr(&all).matches(": error: ").count(), 150);
}

/// Regression (session 30's robustness probe): a bad `GAZETTE_BASE_URL` was reported as
/// `--base-url`, a flag the command line did not have. Each is named as given.
#[test]
fn a_bad_base_url_is_named_where_it_was_given() {
    let dir = crate::common::site(&[
        ("site.yaml", crate::common::SITE_YAML),
        ("content/topics/t.md", crate::common::TOPIC),
    ]);
    for command in ["build", "edition"] {
        let mut run = std::process::Command::new(env!("CARGO_BIN_EXE_gazette"));
        run.arg(command)
            .current_dir(dir.path())
            .env("GAZETTE_BASE_URL", "ftp://example.org/");
        if command == "edition" {
            run.arg("2024-06-01");
        }
        let out = run.output().unwrap();
        let err = crate::common::stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(err.starts_with("GAZETTE_BASE_URL: error:"), "{command}: {err}");
    }
    let out = crate::common::gazette(dir.path(), &["build", "--base-url", "ftp://example.org/"]);
    let err = crate::common::stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.starts_with("--base-url: error:"), "{err}");
}

/// Regression (session 33's theme probe): a theme without `base.html` (deleted) answered every
/// template that extends it with "did you mean `tag.html`?", the closest name it has; a template
/// of the default theme's is named with where to find it.
#[test]
fn a_theme_without_a_default_template_it_extends_is_told_where_one_is() {
    let dir = site(&[("content/2024/01/a.md", "---\ntitle: A\ndate: 2024-01-01\n---\nBody.\n")]);
    let root = dir.path();
    std::fs::write(root.join("site.yaml"), SITE_YAML).unwrap();
    let made = gazette(root, &["theme", "new", "bare"]);
    assert!(made.status.success(), "{}", stderr(&made));
    std::fs::write(root.join("site.yaml"), format!("{SITE_YAML}theme: bare\n")).unwrap();
    std::fs::remove_file(root.join("themes/bare/templates/base.html")).unwrap();
    let run = gazette(root, &["check"]);
    let printed = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{printed}");
    assert!(
        printed.contains("error: there is no template `base.html` to extend")
            && printed.contains("help: add `base.html` to the theme's templates/ folder (the default theme's is themes/default/templates/base.html in gazette's repository)"),
        "{printed}"
    );
    assert!(!printed.contains("did you mean"), "{printed}");
}
