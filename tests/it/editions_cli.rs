//! The editions' commands: `gazette new edition [DATE|WEEK] [--series NAME]` (an edition file listing a day's
//! published articles) and `gazette edition SLUG` (its email on stdout, as `build` writes it).

use std::path::Path;

use crate::common::{gazette, site, stderr, stdout};

/// A title that YAML would misread unquoted.
const SITE_YAML: &str = "title: 'Desk: Morning #1'\nbase_url: https://example.org/\ntimezone: UTC\n";

const TOPICS: &[(&str, &str)] = &[
    (
        "content/topics/alpha.md",
        "---\ntitle: Alpha\nsummary: The first topic.\n---\nBackground.\n",
    ),
    (
        "content/topics/beta.md",
        "---\ntitle: Beta\nsummary: The second topic.\n---\nBackground.\n",
    ),
];

/// On 21 June 2024: a key event (beta), two alpha articles, one without a topic, a draft; one
/// article the day before; one scheduled far ahead.
const ARTICLES: &[(&str, &str)] = &[
    (
        "content/2024/06/early.md",
        "---\ntitle: Early alpha news\ndate: 2024-06-21T06:00:00Z\ntopics: [alpha]\n---\nEarly.\n",
    ),
    (
        "content/2024/06/late.md",
        "---\ntitle: \"Late alpha: the treaty\"\ndate: 2024-06-21T18:30:20Z\ntopics: [alpha]\n---\nLate.\n",
    ),
    (
        "content/2024/06/key.md",
        "---\ntitle: The key event\ndate: 2024-06-21T09:00:00Z\ntopics: [beta]\nkey: true\n---\nKey.\n",
    ),
    (
        "content/2024/06/loose.md",
        "---\ntitle: No topic at all\ndate: 2024-06-21T10:00:00Z\n---\nLoose.\n",
    ),
    (
        "content/2024/06/draft.md",
        "---\ntitle: A draft\ndate: 2024-06-21T11:00:00Z\ntopics: [alpha]\ndraft: true\n---\nDraft.\n",
    ),
    (
        "content/2024/06/before.md",
        "---\ntitle: The day before\ndate: 2024-06-20T12:00:00Z\ntopics: [alpha]\n---\nBefore.\n",
    ),
    (
        "content/2999/01/later.md",
        "---\ntitle: Scheduled\ndate: 2999-01-01T12:00:00Z\ntopics: [alpha]\n---\nLater.\n",
    ),
];

fn desk() -> tempfile::TempDir {
    let mut files = vec![("site.yaml", SITE_YAML)];
    files.extend_from_slice(TOPICS);
    files.extend_from_slice(ARTICLES);
    site(&files)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Finishes what `new edition` writes as an editor does: fills each empty `note:` (a published
/// edition warns of an empty one) and removes the `draft: true` line.
fn undraft(path: &Path) {
    let text = read(path);
    assert!(text.contains("\ndraft: true\n"), "{text}");
    std::fs::write(
        path,
        text.replace("\ndraft: true\n", "\n")
            .replace("\n    note:\n", "\n    note: Why it matters.\n"),
    )
    .unwrap();
}

/// The articles an edition file lists, in its order.
fn listed(text: &str) -> Vec<&str> {
    text.lines()
        .filter_map(|line| line.trim().strip_prefix("- article: "))
        .collect()
}

#[test]
fn new_edition_lists_the_days_published_articles_key_events_first_and_never_overwrites() {
    let dir = desk();
    let run = gazette(dir.path(), &["new", "edition", "2024-06-21"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(
        stdout(&run).contains("content/editions/2024-06-21.md (4 articles)"),
        "{}",
        stdout(&run)
    );
    let path = dir.path().join("content/editions/2024-06-21.md");
    let text = read(&path);
    // Key events first, then by primary topic (alpha before beta), newest first, no topic last;
    // not the draft, not the day before, not the scheduled one.
    assert_eq!(
        listed(&text),
        [
            "2024/06/key.md",
            "2024/06/late.md",
            "2024/06/early.md",
            "2024/06/loose.md"
        ],
        "{text}"
    );
    assert_eq!(text.matches("\n    note:\n").count(), 4, "{text}");
    assert!(text.contains("\ntitle: 'Desk: Morning #1, 21 June 2024'\n"), "{text}");
    // After the newest article (18:30:20), rounded up to the minute; not 07:00.
    assert!(text.contains("\ndate: 2024-06-21T18:31:00+00:00\n"), "{text}");
    assert!(text.contains("\ndraft: true\n"), "{text}");
    assert!(!text.contains("\nseries:"), "{text}");
    assert!(text.contains("  # Late alpha: the treaty (Alpha)\n"), "{text}");
    assert!(text.contains("  # The key event (key event · Beta)\n"), "{text}");

    std::fs::write(&path, format!("{text}Edited by hand.\n")).unwrap();
    let again = gazette(dir.path(), &["new", "edition", "2024-06-21"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("already exists; not overwriting it"),
        "{}",
        stderr(&again)
    );
    assert!(read(&path).ends_with("Edited by hand.\n"));
}

/// Regression (editor's probe): `new edition 2024-06-21 --series Morning` beside the day's
/// Morning edition (written `2024-06-21.md`) made a second one without a word.
#[test]
fn new_edition_says_when_its_series_has_an_edition_that_day_already() {
    let dir = desk();
    std::fs::create_dir_all(dir.path().join("content/editions")).unwrap();
    std::fs::write(
        dir.path().join("content/editions/2024-06-21.md"),
        "---\ndate: 2024-06-21T19:00:00Z\nseries: Morning\nitems:\n  - article: 2024/06/key.md\n---\n",
    )
    .unwrap();
    let run = gazette(dir.path(), &["new", "edition", "2024-06-21", "--series", "Morning"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(
        stderr(&run).contains("note: content/editions/2024-06-21.md goes out on that day already, in the same series"),
        "{}",
        stderr(&run)
    );
    // Another series that day is nothing to say.
    let evening = gazette(dir.path(), &["new", "edition", "2024-06-21", "--series", "Evening"]);
    assert!(evening.status.success(), "{}", stderr(&evening));
    assert!(!stderr(&evening).contains("note:"), "{}", stderr(&evening));
}

#[test]
fn a_new_edition_builds_as_a_draft_and_once_undrafted() {
    let dir = desk();
    assert!(gazette(dir.path(), &["new", "edition", "2024-06-21"]).status.success());
    let drafted = gazette(dir.path(), &["build"]);
    assert!(drafted.status.success(), "{}", stderr(&drafted));
    assert!(!dir.path().join("public/editions/2024-06-21").exists());

    undraft(&dir.path().join("content/editions/2024-06-21.md"));
    let built = gazette(dir.path(), &["build"]);
    assert!(built.status.success(), "{}", stderr(&built));
    // The scheduled article's far-off date is the only thing said.
    assert!(!stderr(&built).contains("error"), "{}", stderr(&built));
    let email = read(&dir.path().join("public/editions/2024-06-21/email.txt"));
    for title in [
        "The key event",
        "Late alpha: the treaty",
        "Early alpha news",
        "No topic at all",
    ] {
        assert!(email.contains(title), "{title} in {email}");
    }
    assert!(!email.contains("A draft"), "{email}");
}

#[test]
fn new_edition_of_a_day_without_published_articles_writes_an_empty_list_and_says_so() {
    let dir = desk();
    // The only article that day is scheduled: the day has none published.
    let run = gazette(dir.path(), &["new", "edition", "2999-01-01"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(stdout(&run).contains("(0 articles)"), "{}", stdout(&run));
    assert!(
        stderr(&run).contains("no article was published on 2999-01-01"),
        "{}",
        stderr(&run)
    );
    let text = read(&dir.path().join("content/editions/2999-01-01.md"));
    assert!(listed(&text).is_empty(), "{text}");
    assert!(text.contains("\ndate: 2999-01-01T07:00:00+00:00\n"), "{text}");

    // The empty edition builds while it is a draft; published, it would be an empty email,
    // which is an error at its `items:`.
    let empty = gazette(dir.path(), &["new", "edition", "2024-06-22"]);
    assert!(empty.status.success(), "{}", stderr(&empty));
    let drafted = gazette(dir.path(), &["build"]);
    assert!(drafted.status.success(), "{}", stderr(&drafted));
    undraft(&dir.path().join("content/editions/2024-06-22.md"));
    let built = gazette(dir.path(), &["build"]);
    assert!(!built.status.success());
    assert!(
        stderr(&built).contains(
            "2024-06-22.md:11:1: error: the edition lists no article and no link, so it would go out as an empty email"
        ),
        "{}",
        stderr(&built)
    );
    assert!(!dir.path().join("public/editions/2024-06-22/email.html").exists());
}

#[test]
fn new_edition_with_a_bad_date_exits_2() {
    let dir = desk();
    for bad in [
        "2024-6-21",
        "21/06/2024",
        "2024-02-30",
        "2024-W5",
        "2024-W00",
        "2024-Wé1",
    ] {
        let run = gazette(dir.path(), &["new", "edition", bad]);
        assert_eq!(run.status.code(), Some(2), "{bad}: {}", stderr(&run));
    }
    // 2023 has 52 ISO weeks, 2020 had 53.
    let run = gazette(dir.path(), &["new", "edition", "2023-W53"]);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert!(
        stderr(&run).contains("2023 has no week 53: its weeks are numbered 01 to 52"),
        "{}",
        stderr(&run)
    );
    let run = gazette(dir.path(), &["new", "edition", "2024-06-21", "--series", " ? "]);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert!(stderr(&run).contains("no letter or digit"), "{}", stderr(&run));
    assert!(!dir.path().join("content/editions").exists());
}

/// A weekly round-up: `new edition 2024-W25` lists the week's published articles (Monday 17
/// to Sunday 23 June) under sections as an automatic weekly edition has them, titled with the
/// theme's weekly words, dated on the week's last day so that it stands for that week (and an
/// automatic weekly edition gives way to it).
#[test]
fn new_edition_of_a_week_lists_the_weeks_articles_under_sections_dated_on_its_sunday() {
    let dir = desk();
    let run = gazette(dir.path(), &["new", "edition", "2024-W25"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(
        stdout(&run).contains("content/editions/2024-w25.md (5 articles)"),
        "{}",
        stdout(&run)
    );
    let path = dir.path().join("content/editions/2024-w25.md");
    let text = read(&path);
    assert_eq!(
        listed(&text),
        [
            "2024/06/key.md",
            "2024/06/late.md",
            "2024/06/early.md",
            "2024/06/before.md",
            "2024/06/loose.md"
        ],
        "{text}"
    );
    let sections: Vec<&str> = text
        .lines()
        .filter_map(|line| line.trim().strip_prefix("- section: "))
        .collect();
    assert_eq!(sections, ["Key events", "Alpha", "Other briefings"], "{text}");
    assert!(
        text.contains("\ntitle: 'Desk: Morning #1, week of 17 June 2024'\n"),
        "{text}"
    );
    assert!(text.contains("\ndate: 2024-06-23T07:00:00+00:00\n"), "{text}");
    assert!(text.contains("# The week's published articles"), "{text}");

    // Published on a site with automatic weekly editions, it is week 25's edition: no automatic
    // one beside it, no warning that it holds another's address.
    let yaml = dir.path().join("site.yaml");
    std::fs::write(&yaml, format!("{SITE_YAML}editions: {{ auto: weekly }}\n")).unwrap();
    undraft(&path);
    let built = gazette(dir.path(), &["build"]);
    assert!(built.status.success(), "{}", stderr(&built));
    assert!(!stderr(&built).contains("2024-w25"), "{}", stderr(&built));
    let page = read(&dir.path().join("public/editions/2024-w25/index.html"));
    assert!(page.contains("Desk: Morning #1, week of 17 June 2024"), "{page}");
    let email = read(&dir.path().join("public/editions/2024-w25/email.txt"));
    assert!(email.contains("The day before"), "{email}");
    let editions: Vec<String> = std::fs::read_dir(dir.path().join("public/editions"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("20"))
        .collect();
    assert_eq!(editions, ["2024-w25"], "{editions:?}");

    // Review: on a site of daily automatic editions, the round-up took the place of every
    // daily edition of the week whose articles it lists (their pages, emails and feed entries
    // gone, without a word). A week's edition is not a day's: the dailies stay beside it.
    std::fs::write(&yaml, format!("{SITE_YAML}editions: {{ auto: daily }}\n")).unwrap();
    let daily = gazette(dir.path(), &["build"]);
    assert!(daily.status.success(), "{}", stderr(&daily));
    let mut editions: Vec<String> = std::fs::read_dir(dir.path().join("public/editions"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("20"))
        .collect();
    editions.sort();
    assert_eq!(editions, ["2024-06-20", "2024-06-21", "2024-w25"], "{editions:?}");

    // An empty week says so in its words.
    let empty = gazette(dir.path(), &["new", "edition", "2024-w30"]);
    assert!(empty.status.success(), "{}", stderr(&empty));
    assert!(
        stderr(&empty).contains("no article was published in 2024-W30"),
        "{}",
        stderr(&empty)
    );
    assert!(read(&dir.path().join("content/editions/2024-w30.md")).contains("this week"));
}

/// `--series`: two series' editions of one day each get a file and an address of their own, and
/// the series is written in the file, so each goes to its series' feed.
#[test]
fn new_edition_of_a_series_names_its_file_and_series_after_it() {
    let dir = desk();
    let evening = gazette(dir.path(), &["new", "edition", "2024-06-21", "--series", "Evening"]);
    assert!(evening.status.success(), "{}", stderr(&evening));
    let morning = gazette(dir.path(), &["new", "edition", "2024-06-21"]);
    assert!(morning.status.success(), "{}", stderr(&morning));
    let path = dir.path().join("content/editions/2024-06-21-evening.md");
    let text = read(&path);
    assert!(text.contains("\nseries: Evening\n"), "{text}");
    // Review: its title says its series, so a day's two editions do not share one.
    assert!(
        text.contains("\ntitle: 'Desk: Morning #1 (Evening), 21 June 2024'\n"),
        "{text}"
    );
    assert_eq!(listed(&text).len(), 4, "{text}");
    undraft(&path);
    undraft(&dir.path().join("content/editions/2024-06-21.md"));
    let built = gazette(dir.path(), &["build"]);
    assert!(built.status.success(), "{}", stderr(&built));
    assert!(
        dir.path()
            .join("public/editions/2024-06-21-evening/email.html")
            .exists()
    );
    assert!(dir.path().join("public/editions/2024-06-21/email.html").exists());
    let feed = read(&dir.path().join("public/editions/series/evening/atom.xml"));
    assert!(feed.contains("/editions/2024-06-21-evening/"), "{feed}");
    assert!(!feed.contains("/editions/2024-06-21/\""), "{feed}");

    // The same series and day again: never overwritten.
    let again = gazette(dir.path(), &["new", "edition", "2024-06-21", "--series", "evening"]);
    assert_eq!(again.status.code(), Some(1), "{}", stderr(&again));
    assert!(stderr(&again).contains("not overwriting"), "{}", stderr(&again));
}

/// A site with the 21 June edition written and undrafted.
fn desk_with_edition() -> tempfile::TempDir {
    let dir = desk();
    assert!(gazette(dir.path(), &["new", "edition", "2024-06-21"]).status.success());
    undraft(&dir.path().join("content/editions/2024-06-21.md"));
    dir
}

#[test]
fn edition_prints_the_built_email_byte_for_byte() {
    let dir = desk_with_edition();
    let built = gazette(dir.path(), &["build"]);
    assert!(built.status.success(), "{}", stderr(&built));
    let public = dir.path().join("public/editions/2024-06-21");
    let html = gazette(dir.path(), &["edition", "2024-06-21", "--format", "html"]);
    assert!(html.status.success(), "{}", stderr(&html));
    assert!(!stderr(&html).contains("draft"), "{}", stderr(&html));
    assert_eq!(html.stdout, std::fs::read(public.join("email.html")).unwrap());
    let default = gazette(dir.path(), &["edition", "2024-06-21"]);
    assert_eq!(default.stdout, html.stdout);
    let text = gazette(dir.path(), &["edition", "2024-06-21", "--format", "text"]);
    assert!(text.status.success(), "{}", stderr(&text));
    assert_eq!(text.stdout, std::fs::read(public.join("email.txt")).unwrap());
    // Regression (session 25's editions desk): the subject line had to be written by hand.
    // `--format subject` prints the email's title as text.
    let subject = gazette(dir.path(), &["edition", "2024-06-21", "--format", "subject"]);
    assert!(subject.status.success(), "{}", stderr(&subject));
    assert_eq!(stdout(&subject), "Desk: Morning #1, 21 June 2024\n");
    assert!(
        std::fs::read_to_string(public.join("email.html"))
            .unwrap()
            .contains("<title>Desk: Morning #1, 21 June 2024</title>")
    );
    // From a folder inside the site, as every command finds it.
    let inside = gazette(&dir.path().join("content"), &["edition", "2024-06-21"]);
    assert_eq!(inside.stdout, html.stdout);
    // Regression (session 34's Japanese desk probe): an ideographic space in the title became
    // an ASCII space in the subject line.
    let file = dir.path().join("content/editions/2024-06-21.md");
    let text = std::fs::read_to_string(&file).unwrap();
    let retitled: String = text
        .lines()
        .map(|l| {
            if l.starts_with("title:") {
                "title: \"朝刊\u{3000}6月21日  &amp; more\""
            } else {
                l
            }
        })
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(retitled, text, "the edition has a title line");
    std::fs::write(&file, retitled).unwrap();
    let subject = gazette(dir.path(), &["edition", "2024-06-21", "--format", "subject"]);
    assert!(subject.status.success(), "{}", stderr(&subject));
    assert_eq!(stdout(&subject), "朝刊\u{3000}6月21日 &amp; more\n");
}

/// Regression (issue 14): the plain-text email wrapped the introduction's code block like prose,
/// dropped its rule, and a note's line after a hard break lost the note's indent.
#[test]
fn the_plain_text_email_keeps_code_rules_and_a_notes_indent() {
    let dir = desk();
    let command = format!(
        "gazette edition today --format text | sendmail {}",
        "desk@example.org ".repeat(4)
    );
    let edition = format!(
        "---\ndate: 2024-06-21T20:00:00Z\nitems:\n  - article: 2024/06/key.md\n    note: |\n      Why it matters:\\\n      the treaty.\n---\nIntro.\n\n```\n{command}\n```\n\n---\n\nAfter the rule.\n"
    );
    std::fs::create_dir_all(dir.path().join("content/editions")).unwrap();
    std::fs::write(dir.path().join("content/editions/2024-06-21.md"), edition).unwrap();
    let run = gazette(dir.path(), &["edition", "2024-06-21", "--format", "text"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let text = stdout(&run);
    assert!(text.contains("\n\n---\n\nAfter the rule.\n"), "{text}");
    assert!(text.contains("  Why it matters:\n  the treaty.\n"), "{text}");
    assert!(text.contains(&format!("\n    {}\n", command.trim_end())), "{text}");
}

/// Regression: `gazette edition content/editions/2024-06-21.md` (the file, as a shell completes
/// it) was "no edition `content/editions/2024-06-21.md`".
#[test]
fn edition_takes_the_editions_file_for_its_name() {
    let dir = desk_with_edition();
    let by_slug = gazette(dir.path(), &["edition", "2024-06-21", "--format", "text"]);
    assert!(by_slug.status.success(), "{}", stderr(&by_slug));
    let by_file = gazette(
        dir.path(),
        &["edition", "content/editions/2024-06-21.md", "--format", "text"],
    );
    assert!(by_file.status.success(), "{}", stderr(&by_file));
    assert_eq!(by_file.stdout, by_slug.stdout);
    // A translation's file names its language: this site has none, which is said.
    let translated = gazette(dir.path(), &["edition", "content/editions/2024-06-21.ko.md"]);
    assert!(!translated.status.success());
    assert!(stderr(&translated).contains("ko"), "{}", stderr(&translated));
}

#[test]
fn edition_prints_a_draft_for_review_and_says_it_is_one() {
    let dir = desk();
    assert!(gazette(dir.path(), &["new", "edition", "2024-06-21"]).status.success());
    let run = gazette(dir.path(), &["edition", "2024-06-21"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(stderr(&run).contains("is a draft"), "{}", stderr(&run));
    let built = gazette(dir.path(), &["build", "--drafts", "--future"]);
    assert!(built.status.success(), "{}", stderr(&built));
    let written = std::fs::read(dir.path().join("public/editions/2024-06-21/email.html")).unwrap();
    assert_eq!(run.stdout, written);
}

/// Regression (session 25's editions desk): with `auto: daily`, naming a draft edition's file
/// printed the automatic edition at its address, exit 0, without a word; `build --drafts` and
/// `serve` show the draft there. The file's own edition is printed, and a slug that leads to
/// the automatic edition says so.
#[test]
fn edition_named_by_a_drafts_file_prints_the_draft_not_the_automatic_edition() {
    let dir = desk();
    std::fs::write(
        dir.path().join("site.yaml"),
        format!("{SITE_YAML}editions: {{ auto: daily }}\n"),
    )
    .unwrap();
    assert!(gazette(dir.path(), &["new", "edition", "2024-06-21"]).status.success());
    let file = dir.path().join("content/editions/2024-06-21.md");
    std::fs::write(&file, read(&file).replace("\n---\n", "\n---\nWritten by the desk.\n")).unwrap();
    let by_file = gazette(
        dir.path(),
        &["edition", "content/editions/2024-06-21.md", "--format", "text"],
    );
    assert!(by_file.status.success(), "{}", stderr(&by_file));
    assert!(
        stdout(&by_file).contains("Written by the desk."),
        "{}",
        stdout(&by_file)
    );
    assert!(stderr(&by_file).contains("is a draft"), "{}", stderr(&by_file));
    let by_slug = gazette(dir.path(), &["edition", "2024-06-21", "--format", "text"]);
    assert!(by_slug.status.success(), "{}", stderr(&by_slug));
    assert!(
        !stdout(&by_slug).contains("Written by the desk."),
        "{}",
        stdout(&by_slug)
    );
    assert!(
        stderr(&by_slug).contains(
            "note: `content/editions/2024-06-21.md` is not published, so this is the automatic edition at its address"
        ),
        "{}",
        stderr(&by_slug)
    );
    // Regression (review): from outside the site, with --root, the file was looked for from
    // the current folder, and the automatic edition printed without a word.
    let outside = dir.path().parent().unwrap();
    let root = dir.path().to_str().unwrap();
    let from_outside = gazette(
        outside,
        &[
            "edition",
            "--root",
            root,
            "content/editions/2024-06-21.md",
            "--format",
            "text",
        ],
    );
    assert!(from_outside.status.success(), "{}", stderr(&from_outside));
    assert_eq!(from_outside.stdout, by_file.stdout);
    // The desk's article of 2999 is a warning, which --strict below would refuse.
    std::fs::remove_file(dir.path().join("content/2999/01/later.md")).unwrap();
    // Regression (review): a file whose `slug:` is not its name printed the edition at its name
    // (the automatic one, with two false notes), or was "no edition".
    undraft(&file);
    std::fs::write(&file, read(&file).replace("\ndate: ", "\nslug: morning-1\ndate: ")).unwrap();
    let published = gazette(
        dir.path(),
        &[
            "edition",
            "content/editions/2024-06-21.md",
            "--format",
            "text",
            "--strict",
        ],
    );
    assert!(published.status.success(), "{}", stderr(&published));
    assert!(
        stdout(&published).contains("Written by the desk."),
        "{}",
        stdout(&published)
    );
    assert!(stderr(&published).is_empty(), "{}", stderr(&published));
    // Its day has this edition, so no automatic one: the file's name is no address, and no
    // false "not published" is said of it.
    let by_name = gazette(dir.path(), &["edition", "2024-06-21", "--format", "text"]);
    assert_eq!(by_name.status.code(), Some(1), "{}", stderr(&by_name));
    assert!(
        stderr(&by_name).contains("no edition `2024-06-21`"),
        "{}",
        stderr(&by_name)
    );
    assert!(!stderr(&by_name).contains("not published"), "{}", stderr(&by_name));
    let monday = dir.path().join("content/editions/monday.md");
    std::fs::rename(&file, &monday).unwrap();
    std::fs::write(
        &monday,
        read(&monday).replace("slug: morning-1\n", "slug: 2024-06-21\ndraft: true\n"),
    )
    .unwrap();
    let draft = gazette(
        dir.path(),
        &["edition", "content/editions/monday.md", "--format", "text"],
    );
    assert!(draft.status.success(), "{}", stderr(&draft));
    assert!(stdout(&draft).contains("Written by the desk."), "{}", stdout(&draft));
    assert!(
        stderr(&draft).contains("edition `2024-06-21` is a draft"),
        "{}",
        stderr(&draft)
    );
    let not_one = gazette(dir.path(), &["edition", "content/2024/06/key.md"]);
    assert_eq!(not_one.status.code(), Some(1));
    assert!(
        stderr(&not_one).contains("content/2024/06/key.md: error: this is no edition of the site"),
        "{}",
        stderr(&not_one)
    );
}

/// Regression (review): a translation's draft edition, named by its file or with `--lang`,
/// printed the language's automatic edition without a word.
#[test]
fn a_translations_draft_edition_is_printed_by_its_file_and_said_by_its_slug() {
    let dir = desk();
    std::fs::write(
        dir.path().join("site.yaml"),
        format!("{SITE_YAML}editions: {{ auto: daily }}\nlanguages:\n  ko: {{ title: 데스크 }}\n"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("content/2024/06/key.ko.md"),
        "---\ntitle: 핵심 사건\n---\n본문.\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("content/editions")).unwrap();
    std::fs::write(
        dir.path().join("content/editions/2024-06-21.md"),
        "---\ndate: 2024-06-21T20:00:00Z\nitems:\n  - article: 2024/06/key.md\n---\nIn English.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("content/editions/2024-06-21.ko.md"),
        "---\ndraft: true\nitems:\n  - article: 2024/06/key.md\n---\n한국어 초안.\n",
    )
    .unwrap();
    let by_file = gazette(
        dir.path(),
        &["edition", "content/editions/2024-06-21.ko.md", "--format", "text"],
    );
    assert!(by_file.status.success(), "{}", stderr(&by_file));
    assert!(stdout(&by_file).contains("한국어 초안."), "{}", stdout(&by_file));
    assert!(stderr(&by_file).contains("is a draft"), "{}", stderr(&by_file));
    let by_lang = gazette(
        dir.path(),
        &["edition", "2024-06-21", "--lang", "ko", "--format", "text"],
    );
    assert!(by_lang.status.success(), "{}", stderr(&by_lang));
    assert!(!stdout(&by_lang).contains("한국어 초안."), "{}", stdout(&by_lang));
    assert!(
        stderr(&by_lang)
            .contains("note: `content/editions/2024-06-21.ko.md` is not published, so this is the automatic edition"),
        "{}",
        stderr(&by_lang)
    );
}

/// Regression (session 25's editions desk): a script that sends what `gazette edition` prints
/// could not refuse a site with warnings (an email over Gmail's limit, an item listed twice), and
/// a draft printed with exit 0. `--strict` prints only an edition fit to send.
#[test]
fn edition_strict_refuses_warnings_and_unpublished_editions() {
    let dir = desk();
    assert!(gazette(dir.path(), &["new", "edition", "2024-06-21"]).status.success());
    let draft = gazette(dir.path(), &["edition", "2024-06-21", "--strict"]);
    assert_eq!(draft.status.code(), Some(1), "{}", stderr(&draft));
    assert!(draft.stdout.is_empty());
    assert!(
        stderr(&draft).contains(
            "edition `2024-06-21` is not published (a draft, or dated later): --strict prints only an edition to send"
        ),
        "{}",
        stderr(&draft)
    );
    let file = dir.path().join("content/editions/2024-06-21.md");
    undraft(&file);
    // Regression (session 30's newsroom probe): a warning about another page of the site (here
    // the desk's article of 2999, a year far ahead; there another language's topic) stopped
    // every email of a site with one. It is counted, and the email goes out.
    let sent = gazette(dir.path(), &["edition", "2024-06-21", "--strict"]);
    assert!(sent.status.success(), "{}", stderr(&sent));
    assert!(!sent.stdout.is_empty());
    assert!(
        stderr(&sent).contains("note: 1 warning elsewhere in the site"),
        "{}",
        stderr(&sent)
    );
    // A warning about an article the edition lists (a key it does not know, a misspelt
    // `summary:` say, whose text the email would lack) is the email's own.
    let key = dir.path().join("content/2024/06/key.md");
    let listed = read(&key);
    std::fs::write(&key, listed.replace("key: true\n", "key: true\nsumary: A bold move.\n")).unwrap();
    let warned = gazette(dir.path(), &["edition", "2024-06-21", "--strict"]);
    assert_eq!(warned.status.code(), Some(1), "{}", stderr(&warned));
    assert!(warned.stdout.is_empty());
    assert!(stderr(&warned).contains("key.md:"), "{}", stderr(&warned));
    std::fs::write(&key, listed).unwrap();
    // So is one at site.yaml, where the base URL is (a placeholder would send links nowhere).
    let yaml = dir.path().join("site.yaml");
    let config = read(&yaml);
    std::fs::write(&yaml, format!("{config}no_such_key: 1\n")).unwrap();
    let warned = gazette(dir.path(), &["edition", "2024-06-21", "--strict"]);
    assert_eq!(warned.status.code(), Some(1), "{}", stderr(&warned));
    assert!(stderr(&warned).contains("site.yaml:"), "{}", stderr(&warned));
    std::fs::write(&yaml, config).unwrap();
    // An item listed twice is a warning, which --strict makes an error.
    let text = read(&file).replace("items:\n", "items:\n  - article: 2024/06/key.md\n");
    std::fs::write(&file, text).unwrap();
    let warned = gazette(dir.path(), &["edition", "2024-06-21", "--strict"]);
    assert_eq!(warned.status.code(), Some(1), "{}", stderr(&warned));
    assert!(warned.stdout.is_empty());
    assert!(stderr(&warned).contains("is listed twice"), "{}", stderr(&warned));
    assert!(gazette(dir.path(), &["edition", "2024-06-21"]).status.success());
}

#[test]
fn edition_with_an_unknown_slug_exits_1_with_a_suggestion() {
    let dir = desk_with_edition();
    let run = gazette(dir.path(), &["edition", "2024-06-12"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(run.stdout.is_empty());
    assert!(stderr(&run).contains("no edition `2024-06-12`"), "{}", stderr(&run));
    assert!(stderr(&run).contains("did you mean `2024-06-21`?"), "{}", stderr(&run));
    // Regression (desk probe, session 23): of two as close, a draft (`2024-06-11`, first in
    // alphabetical order) was suggested over the published edition.
    let draft = std::fs::read_to_string(dir.path().join("content/editions/2024-06-21.md"))
        .unwrap()
        .replacen("---\n", "---\ndraft: true\n", 1);
    std::fs::write(dir.path().join("content/editions/2024-06-11.md"), draft).unwrap();
    let run = gazette(dir.path(), &["edition", "2024-06-12"]);
    assert!(stderr(&run).contains("did you mean `2024-06-21`?"), "{}", stderr(&run));
}

#[test]
fn edition_with_a_bad_format_exits_2() {
    let dir = desk_with_edition();
    let run = gazette(dir.path(), &["edition", "2024-06-21", "--format", "pdf"]);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert!(run.stdout.is_empty());
}

#[test]
fn edition_of_a_site_with_errors_prints_them_and_exits_1() {
    let dir = desk_with_edition();
    let path = dir.path().join("content/editions/2024-06-21.md");
    std::fs::write(&path, read(&path).replace("2024/06/early.md", "2024/06/erly.md")).unwrap();
    let run = gazette(dir.path(), &["edition", "2024-06-21"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(run.stdout.is_empty());
    let err = stderr(&run);
    assert!(err.contains("content/editions/2024-06-21.md:"), "{err}");
    assert!(err.contains("no article `2024/06/erly.md`"), "{err}");
    assert!(err.contains("did you mean `2024/06/early.md`?"), "{err}");
}

#[test]
fn new_edition_refuses_a_day_whose_slug_another_edition_has() {
    let dir = desk();
    let other = dir.path().join("content/editions/morning/2024-06-21.md");
    std::fs::create_dir_all(other.parent().unwrap()).unwrap();
    std::fs::write(
        &other,
        "---\ndate: 2024-06-21T19:00:00Z\nitems:\n  - article: 2024/06/key.md\n---\n",
    )
    .unwrap();
    let run = gazette(dir.path(), &["new", "edition", "2024-06-21"]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    let err = stderr(&run);
    assert!(err.contains("content/editions/morning/2024-06-21.md"), "{err}");
    assert!(err.contains("an edition already has the slug `2024-06-21`"), "{err}");
    assert!(!dir.path().join("content/editions/2024-06-21.md").exists());
}

/// Regression: every `gazette edition` printed all of the site's warnings, the same ones again on
/// each preview. It now prints the edition's own and counts the rest.
#[test]
fn edition_prints_its_own_warnings_and_counts_the_sites_others() {
    let dir = desk_with_edition();
    let edition = dir.path().join("content/editions/2024-06-21.md");
    std::fs::write(&edition, read(&edition).replacen("---\n", "---\ncolour: red\n", 1)).unwrap();
    let article = dir.path().join("content/2024/06/before.md");
    std::fs::write(&article, read(&article).replacen("---\n", "---\nflavour: mint\n", 1)).unwrap();
    let checked = gazette(dir.path(), &["check"]);
    assert!(stderr(&checked).contains("flavour"), "{}", stderr(&checked));
    let run = gazette(dir.path(), &["edition", "2024-06-21", "--format", "text"]);
    let printed = stderr(&run);
    assert!(run.status.success(), "{printed}");
    assert!(
        printed.contains("content/editions/2024-06-21.md:2:1: warning"),
        "{printed}"
    );
    assert!(printed.contains("colour"), "{printed}");
    assert!(!printed.contains("flavour"), "{printed}");
    assert!(
        printed.contains("note: 2 warnings elsewhere in the site (`gazette check` shows them)"),
        "{printed}"
    );
    let quiet = gazette(dir.path(), &["edition", "2024-06-21", "-q"]);
    assert_eq!(stderr(&quiet), "");
}

/// Regression (session 31's mail probe): on an Arabic site the card font cannot set the
/// language's dates, so the articles without a lead image get no social card, with a warning at
/// an article's file; as that article was listed by the edition, `--strict` refused every Arabic
/// edition, though a social card is no part of an email. It stays a warning of the site.
#[test]
fn edition_strict_sends_an_arabic_edition_whose_articles_have_no_social_card() {
    let dir = site(&[
        (
            "site.yaml",
            "title: Desk\nbase_url: https://example.org/\ntimezone: UTC\nlanguages:\n  ar: { title: مكتب }\n",
        ),
        ("content/topics/t.md", "---\ntitle: Talks\n---\nThe talks.\n"),
        ("content/topics/t.ar.md", "---\ntitle: المحادثات\n---\nنص.\n"),
        (
            "content/2024/06/a.md",
            "---\ntitle: Envoys meet\ndate: 2024-06-21T08:00:00Z\ntopics: [t]\n---\nThe envoys met.\n",
        ),
        (
            "content/2024/06/a.ar.md",
            "---\ntitle: لقاء المبعوثين\n---\nالتقى المبعوثون.\n",
        ),
        (
            "content/editions/2024-06-21.md",
            "---\ndate: 2024-06-21T20:00:00Z\nitems:\n  - article: 2024/06/a.md\n---\n",
        ),
        (
            "content/editions/2024-06-21.ar.md",
            "---\ntitle: نشرة ٢١ يونيو\nitems:\n  - article: 2024/06/a.md\n---\n",
        ),
    ]);
    let built = gazette(dir.path(), &["build"]);
    assert!(built.status.success(), "{}", stderr(&built));
    assert!(
        stderr(&built).contains("a.ar.md: warning:") && stderr(&built).contains("social card"),
        "{}",
        stderr(&built)
    );
    let sent = gazette(dir.path(), &["edition", "2024-06-21", "--lang", "ar", "--strict"]);
    assert!(sent.status.success(), "{}", stderr(&sent));
    assert!(stdout(&sent).contains("لقاء المبعوثين"), "{}", stdout(&sent));
    assert!(
        stderr(&sent).contains("warning elsewhere in the site"),
        "{}",
        stderr(&sent)
    );
}
