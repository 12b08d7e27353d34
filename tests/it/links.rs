//! Links between articles: `@/` and relative `.md` links become permalinks; links to missing
//! files or fragments are errors at `path:line:col`; other dead internal links are warnings.

use crate::common::{TOPIC, gazette, site, stderr, stdout};

const PREFIXED: &str = "title: Links\nbase_url: https://example.org/briefings/\ntimezone: UTC\n";

/// `#top` leads to the top of any page (HTML's rule for a fragment no id has): no warning.
#[test]
fn content_links_become_permalinks_under_the_base_path() {
    let dir = site(&[
        ("site.yaml", PREFIXED),
        ("content/topics/t.md", TOPIC),
        (
            "content/2024/06/pact.md",
            "---\ntitle: Pact\ndate: 2024-06-19\n---\n## The deal\n\nText.\n",
        ),
        (
            "content/2024/07/a.md",
            "---\ntitle: A\ndate: 2024-07-01\n---\nSee [the pact](@/2024/06/pact.md#the-deal), [again](../06/pact.md), \
             [the topic](@/topics/t.md), [tags](/tags/) and [a note](#the-note); [back to the top](#top), [its top](@/2024/06/pact.md#top).\n\n## The note\n",
        ),
    ]);
    let run = gazette(dir.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(stderr(&run).is_empty(), "no warnings: {}", stderr(&run));
    let page = std::fs::read_to_string(dir.path().join("public/2024/07/a/index.html")).unwrap();
    assert!(page.contains("href=\"/briefings/2024/06/pact/#the-deal\""), "{page}");
    assert!(page.contains("href=\"/briefings/2024/06/pact/\""), "{page}");
    assert!(page.contains("href=\"/briefings/topics/t/\""), "{page}");
    assert!(
        page.contains("href=\"/briefings/tags/\""),
        "root-relative links get the base path: {page}"
    );
    let feed = std::fs::read_to_string(dir.path().join("public/atom.xml")).unwrap();
    assert!(
        feed.contains("https://example.org/briefings/2024/06/pact/#the-deal"),
        "feeds carry absolute URLs"
    );
}

#[test]
fn missing_files_and_fragments_are_errors_dead_links_are_warnings() {
    let dir = site(&[
        ("site.yaml", PREFIXED),
        ("content/topics/t.md", TOPIC),
        (
            "content/2024/06/pact.md",
            "---\ntitle: Pact\ndate: 2024-06-19\n---\n## The deal\n",
        ),
        (
            "content/2024/07/a.md",
            "---\ntitle: A\ndate: 2024-07-01\n---\nOne [missing](@/2024/06/nope.md).\n\n\
             Two [bad fragment](@/2024/06/pact.md#the-dael).\n\nThree [dead](/no/such/page/) and [anchor](#nowhere).\n",
        ),
    ]);
    let run = gazette(dir.path(), &["check"]);
    assert_eq!(run.status.code(), Some(1), "{}", stdout(&run));
    let printed = stderr(&run);
    assert!(printed.contains("content/2024/07/a.md:5:5: error: the link `@/2024/06/nope.md` points to content/2024/06/nope.md, which is not an article of this build"), "{printed}");
    assert!(printed.contains("content/2024/07/a.md:7:5: error: the link `@/2024/06/pact.md#the-dael` points to #the-dael, which content/2024/06/pact.md does not have\n"), "{printed}");
    assert!(printed.contains("  = help: did you mean `#the-deal`?"), "{printed}");
    assert!(
        printed.contains(
            "content/2024/07/a.md:9:7: warning: the link `/no/such/page/` leads to no page or file of this site"
        ),
        "{printed}"
    );
    assert!(
        printed.contains("content/2024/07/a.md:9:34: warning: the anchor `#nowhere` is not on this page"),
        "{printed}"
    );
}

/// Regression (session 34's standards probe): one entry of an update log could not be linked
/// (the only anchor was `#updates-heading`). Each entry has `update-<n>`, oldest first, and a
/// link to one the article does not have is an error as any missing fragment is.
#[test]
fn each_entry_of_an_update_log_can_be_linked() {
    let dir = site(&[
        ("site.yaml", PREFIXED),
        ("content/topics/t.md", TOPIC),
        (
            "content/2024/06/pact.md",
            "---\ntitle: Pact\ndate: 2024-06-19\nupdates:\n  - { date: 2024-06-20, kind: correction, text: Fixed the date. }\n  - { date: 2024-06-21, text: Added a reply. }\n---\n## Update 1\n",
        ),
        (
            "content/2024/07/a.md",
            "---\ntitle: A\ndate: 2024-07-01\n---\nSee [the correction](@/2024/06/pact.md#update-1) and [the reply](@/2024/06/pact.md#update-2).\n",
        ),
    ]);
    let run = gazette(dir.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let page = std::fs::read_to_string(dir.path().join("public/2024/06/pact/index.html")).unwrap();
    assert!(
        page.contains("<li class=\"update update-correction\" id=\"update-1\">"),
        "{page}"
    );
    assert!(page.contains("id=\"update-2\">"), "{page}");
    // The body's heading "Update 1" takes another id.
    assert!(page.contains("<h2 id=\"update-1-1\">"), "{page}");
    std::fs::write(
        dir.path().join("content/2024/07/a.md"),
        "---\ntitle: A\ndate: 2024-07-01\n---\nSee [the third](@/2024/06/pact.md#update-3).\n",
    )
    .unwrap();
    let run = gazette(dir.path(), &["check"]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert!(
        stderr(&run).contains("points to #update-3, which content/2024/06/pact.md does not have"),
        "{}",
        stderr(&run)
    );
    // The review: a translation's link to an untranslated original's entry, and an edition's
    // introduction's link to its own entry, are links to ids their pages have.
    std::fs::write(
        dir.path().join("site.yaml"),
        format!("{PREFIXED}languages:\n  ko: {{ title: 데스크 }}\n"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("content/2024/07/a.md"),
        "---\ntitle: A\ndate: 2024-07-01\n---\nSee [the third](@/2024/06/pact.md#update-2).\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("content/2024/07/a.ko.md"),
        "---\ntitle: 가\n---\n[정정](@/2024/06/pact.md#update-1) 참조.\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("content/editions")).unwrap();
    std::fs::write(
        dir.path().join("content/editions/2024-07-02.md"),
        "---\ndate: 2024-07-02T09:00:00Z\nitems:\n  - article: 2024/07/a.md\nupdates:\n  - { date: 2024-07-02 12:00, kind: correction, text: Fixed. }\n---\nSee [the correction](#update-1).\n",
    )
    .unwrap();
    let run = gazette(dir.path(), &["check"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(!stderr(&run).contains("update-"), "{}", stderr(&run));
}

/// Regression (session 32's newsletter probe): a link to this site written whole, as pasted from
/// the browser (`https://example.org/briefings/subscribe/`), was never checked, though the same
/// path written `/subscribe/` is: it went out in an email and led nowhere. An address under the
/// site's base URL is checked as its path is; one elsewhere on the host is not the site's.
#[test]
fn a_link_to_this_site_written_whole_is_checked_as_its_path() {
    let dir = site(&[
        ("site.yaml", PREFIXED),
        ("content/topics/t.md", TOPIC),
        (
            "content/2024/07/a.md",
            "---\ntitle: A\ndate: 2024-07-01\n---\n[Gone](https://example.org/briefings/subscribe/), \
             [there](https://example.org/briefings/topics/t/?utm_source=x#top), [home](https://example.org/briefings/) \
             and [another site on the host](https://example.org/shop/).\n",
        ),
        (
            "content/editions/2024-07-02.md",
            "---\ndate: 2024-07-02T10:00:00Z\nitems:\n  - article: 2024/07/a.md\n---\nSee [the form](https://example.org/briefings/subscribe/).\n",
        ),
    ]);
    let run = gazette(dir.path(), &["check"]);
    let printed = stderr(&run);
    assert!(run.status.success(), "{printed}");
    for said in [
        "content/2024/07/a.md:5:1: warning: the link `https://example.org/briefings/subscribe/` leads to no page or file of this site",
        "content/editions/2024-07-02.md:6:5: warning: the link `https://example.org/briefings/subscribe/` leads to no page or file of this site",
    ] {
        assert!(printed.contains(said), "{said}\n{printed}");
    }
    assert_eq!(printed.matches("leads to no page").count(), 2, "{printed}");
}

/// Regression: a fragment nothing like the target's headings got the hint "e.g. `#the-pact`",
/// which read as a suggestion though the target had no heading of that name, or none at all.
#[test]
fn a_missing_fragment_is_told_the_targets_headings_or_that_it_has_none() {
    let dir = site(&[
        ("site.yaml", PREFIXED),
        ("content/topics/t.md", TOPIC),
        (
            "content/2024/06/plain.md",
            "---\ntitle: Plain\ndate: 2024-06-19\n---\nText.\n",
        ),
        (
            "content/2024/06/pact.md",
            "---\ntitle: Pact\ndate: 2024-06-19\n---\n## The deal\n\n## Reactions\n",
        ),
        (
            "content/2024/07/a.md",
            "---\ntitle: A\ndate: 2024-07-01\n---\n[One](@/2024/06/plain.md#nope) and [two](@/2024/06/pact.md#zzz).\n",
        ),
    ]);
    let printed = stderr(&gazette(dir.path(), &["check"]));
    assert!(
        printed.contains("  = help: it has no headings to link to: link to the article itself (`@/2024/06/plain.md`), or give it a heading\n"),
        "{printed}"
    );
    assert!(
        printed.contains("  = help: link to one of its headings' ids: `#the-deal`, `#reactions`\n"),
        "{printed}"
    );
    // Regression (session 30's newsroom probe): a misspelt file's suggestion kept a fragment
    // the file meant does not have, so taking it gave a new error. The fragment is checked:
    // kept when the file has it, its closest id when one is close, else dropped.
    let misspelt = "---\ntitle: B\ndate: 2024-07-02\n---\n[a](@/2024/06/pacts.md#the-deal) [b](@/2024/06/pacts.md#the-dael) [c](@/2024/06/plains.md#chart)\n";
    std::fs::write(dir.path().join("content/2024/07/b.md"), misspelt).unwrap();
    let printed = stderr(&gazette(dir.path(), &["check"]));
    for said in [
        "did you mean `@/2024/06/pact.md#the-deal`?",
        "did you mean `@/2024/06/pact.md#the-deal`?",
        "did you mean `@/2024/06/plain.md`?",
    ] {
        assert!(printed.contains(said), "{said}: {printed}");
    }
    assert_eq!(
        printed.matches("did you mean `@/2024/06/pact.md#the-deal`?").count(),
        2,
        "{printed}"
    );
}

/// Issue 13: "A published article that links to a scheduled or draft one: a warning, not a
/// failed build (the link is left as text until the target is published)."
#[test]
fn a_link_to_a_draft_or_scheduled_article_is_text_and_a_warning_until_it_is_published() {
    let dir = site(&[
        ("site.yaml", PREFIXED),
        ("content/topics/t.md", TOPIC),
        (
            "content/d.md",
            "---\ntitle: D\ndate: 2024-06-19\ndraft: true\n---\nDraft.\n",
        ),
        ("content/s.md", "---\ntitle: S\ndate: 2999-06-19\n---\nLater.\n"),
        (
            "content/a.md",
            "---\ntitle: A\ndate: 2024-07-01\n---\nSee [the draft](d.md) and [the plan](@/s.md#main).\n",
        ),
    ]);
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let run = gazette(dir.path(), &["build", "--output", public.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    let printed = stderr(&run);
    assert!(
        printed.contains("content/a.md:5:5: warning: the link `d.md` points to content/d.md, which is a draft"),
        "{printed}"
    );
    assert!(
        printed.contains(
            "content/a.md:5:27: warning: the link `@/s.md#main` points to content/s.md, which is scheduled for later"
        ),
        "{printed}"
    );
    let page = std::fs::read_to_string(public.join("2024/07/a/index.html")).unwrap();
    assert!(page.contains("<p>See the draft and the plan.</p>"), "{page}");

    let all = tempfile::tempdir().unwrap();
    let public = all.path().join("public");
    let run = gazette(
        dir.path(),
        &["build", "--drafts", "--future", "--output", public.to_str().unwrap()],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(!stderr(&run).contains("shown as text"), "{}", stderr(&run));
    let page = std::fs::read_to_string(public.join("2024/07/a/index.html")).unwrap();
    assert!(
        page.contains("<a href=\"/briefings/2024/06/d/\">the draft</a>")
            && page.contains("<a href=\"/briefings/2999/06/s/#main\">the plan</a>"),
        "{page}"
    );
}

/// Issue 13, bug 3: an image beside an article (not in a page bundle) broke: the page looked for
/// `…/snap-election/poll.png` while the file was copied to `…/2026/10/poll.png`, and
/// `@/2026/10/poll.png` was an error ("not an article of this build") though the file exists.
/// Every relative link resolves against the source file, and the output has the file there.
#[test]
fn a_file_beside_an_article_is_found_by_a_relative_link_and_by_at_slash() {
    // Images off: the "images" are placeholder text, and the links to them are the point here
    // (tests/it/images.rs covers images made responsive under a base path).
    let site_yaml = format!("{PREFIXED}images: off\n");
    let dir = site(&[
        ("site.yaml", &site_yaml),
        ("content/topics/t.md", TOPIC),
        (
            "content/2026/10/snap-election.md",
            "---\ntitle: Snap election\ndate: 2026-10-02\n---\n![Poll](poll.png)\n\n\
             [The data](@/2026/10/poll.png), [the map](maps/seoul.svg#north) and [a typo](pol.png).\n",
        ),
        ("content/2026/10/poll.png", "png"),
        (
            "content/2026/10/maps/seoul.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ),
        // A page bundle keeps its files next to its page.
        (
            "content/2026/11/count/index.md",
            "---\ntitle: The count\ndate: 2026-11-01\n---\n![Chart](chart.png) and [the poll](../../10/poll.png).\n",
        ),
        ("content/2026/11/count/chart.png", "png"),
    ]);
    let run = gazette(dir.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let out = dir.path().join("public");
    let page = std::fs::read_to_string(out.join("2026/10/snap-election/index.html")).unwrap();
    assert!(page.contains("src=\"/briefings/2026/10/poll.png\""), "{page}");
    assert!(page.contains("href=\"/briefings/2026/10/poll.png\""), "{page}");
    assert!(
        page.contains("href=\"/briefings/2026/10/maps/seoul.svg#north\""),
        "{page}"
    );
    assert!(out.join("2026/10/poll.png").is_file());
    assert!(out.join("2026/10/maps/seoul.svg").is_file());
    let bundle = std::fs::read_to_string(out.join("2026/11/count/index.html")).unwrap();
    assert!(
        bundle.contains("src=\"/briefings/2026/11/count/chart.png\""),
        "{bundle}"
    );
    assert!(bundle.contains("href=\"/briefings/2026/10/poll.png\""), "{bundle}");
    assert!(out.join("2026/11/count/chart.png").is_file());
    // The one link that leads nowhere is a warning whose hint names the folder it starts from.
    let err = stderr(&run);
    assert_eq!(err.matches("warning:").count(), 1, "{err}");
    assert!(err.contains("content/2026/10/snap-election.md:7:69:"), "{err}");
    assert!(
        err.contains("the link `pol.png` leads to no page or file of this site"),
        "{err}"
    );
    assert!(
        err.contains("starts at the article's own folder, content/2026/10/"),
        "{err}"
    );
    assert!(!err.contains("@/path/to/file.md"), "{err}");
}

#[test]
fn an_at_slash_link_to_a_missing_file_is_an_error() {
    let dir = site(&[
        ("site.yaml", PREFIXED),
        ("content/topics/t.md", TOPIC),
        (
            "content/a.md",
            "---\ntitle: A\ndate: 2024-07-01\n---\n[Data](@/data/poll.csv)\n",
        ),
    ]);
    let run = gazette(dir.path(), &["build"]);
    assert!(!run.status.success());
    assert!(
        stderr(&run)
            .contains("the link `@/data/poll.csv` points to content/data/poll.csv, which is not a file of content/"),
        "{}",
        stderr(&run)
    );
}

/// Regression (error probe): a topic's background and an author's biography were rendered with
/// their links as written, so even a right `@/` link was published as `href="@/…"` (a 404), a
/// root-relative one lost the base path, and a link or image to a missing file was never told.
/// They are linked and checked as an article's body is.
#[test]
fn links_in_a_topics_background_and_an_authors_biography_are_made_and_checked() {
    let good = site(&[
        ("site.yaml", PREFIXED),
        (
            "content/topics/t.md",
            "---\ntitle: Talks\n---\nSee [the pact](@/2024/06/pact.md#the-deal) and [tags](/tags/).\n",
        ),
        (
            "content/authors/ana.md",
            "---\nname: Ana\n---\nWrote [the pact](../2024/06/pact.md).\n",
        ),
        (
            "content/2024/06/pact.md",
            "---\ntitle: Pact\ndate: 2024-06-19\ntopics: [t]\nauthors: [ana]\n---\n## The deal\n\nText.\n",
        ),
    ]);
    let run = gazette(good.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(stderr(&run).is_empty(), "no warnings: {}", stderr(&run));
    let topic = std::fs::read_to_string(good.path().join("public/topics/t/index.html")).unwrap();
    assert!(topic.contains("href=\"/briefings/2024/06/pact/#the-deal\""), "{topic}");
    assert!(topic.contains("href=\"/briefings/tags/\""), "{topic}");
    let author = std::fs::read_to_string(good.path().join("public/authors/ana/index.html")).unwrap();
    assert!(author.contains("href=\"/briefings/2024/06/pact/\""), "{author}");

    let bad = site(&[
        ("site.yaml", PREFIXED),
        (
            "content/topics/t.md",
            "---\ntitle: Talks\n---\nSee [x](@/2024/06/nope.md),\n[y](@/2024/06/pact.md#nope) and ![i](nope.png).\n",
        ),
        ("content/authors/ana.md", "---\nname: Ana\n---\n\nSee [x](@/nope.md).\n"),
        (
            "content/2024/06/pact.md",
            "---\ntitle: Pact\ndate: 2024-06-19\ntopics: [t]\nauthors: [ana]\n---\n## The deal\n",
        ),
    ]);
    let run = gazette(bad.path(), &["build"]);
    assert_eq!(run.status.code(), Some(1), "{}", stdout(&run));
    let printed = stderr(&run);
    for expected in [
        "content/topics/t.md:4:5: error: the link `@/2024/06/nope.md` points to content/2024/06/nope.md, which is not an article of this build",
        "content/topics/t.md:5:1: error: the link `@/2024/06/pact.md#nope` points to #nope, which content/2024/06/pact.md does not have",
        "content/topics/t.md:5:33: warning: the link `nope.png` leads to no page or file of this site",
        "content/authors/ana.md:5:5: error: the link `@/nope.md` points to content/nope.md, which is not an article of this build",
    ] {
        assert!(printed.contains(expected), "{expected}\n{printed}");
    }
    // Review: the hint says where a relative address starts, the page (not the file's folder).
    assert!(
        printed.contains("= help: a relative address starts at this page, /topics/t/: write it from the site's root"),
        "{printed}"
    );
    assert!(!bad.path().join("public").exists(), "nothing published");
}

/// Regression (session 31's mail probe): raw HTML's relative URLs were left for the browser to
/// resolve from the page's address, so `<img src="small.png">` beside an edition (published at
/// `/editions/small.png`) was looked for at `/editions/2024-06-21/small.png`, a 404 on the page,
/// in the email and in the feeds, without a word; the same beside an article that is not a page
/// bundle. Raw HTML's relative URLs now follow the rule its Markdown links follow: from the
/// source file's folder, to the file's URL (or the article's permalink). A value that names no
/// content file (a sending service's placeholder) stays as written.
#[test]
fn raw_htmls_relative_urls_start_at_the_source_file_as_markdown_links_do() {
    let dir = site(&[
        (
            "site.yaml",
            "title: Desk\nbase_url: https://example.org/briefings/\ntimezone: UTC\nimages: off\n",
        ),
        ("content/topics/t.md", TOPIC),
        (
            "content/2024/06/a.md",
            "---\ntitle: A\ndate: 2024-06-21T08:00:00Z\ntopics: [t]\n---\nThe chart: <img src=\"chart.png\" alt=\"chart\"> and <a href=\"b.md\">the other</a>.\n",
        ),
        (
            "content/2024/06/b.md",
            "---\ntitle: B\ndate: 2024-06-20T08:00:00Z\ntopics: [t]\n---\nB.\n",
        ),
        (
            "content/editions/2024-06-21.md",
            "---\ndate: 2024-06-21T20:00:00Z\nitems:\n  - article: 2024/06/a.md\n    note: 'The chart: <img src=\"small.png\" alt=\"small chart\"> <img src=\"nothere.png\" alt=\"gone\">'\n---\nToday. <a href=\"*|UNSUB|*\">Unsubscribe</a> or <a href=\"notes.pdf\">read the notes</a>.\n",
        ),
    ]);
    // `images: off`: the files are copied as they are, so any bytes do.
    let image = b"not really a png".to_vec();
    std::fs::write(dir.path().join("content/2024/06/chart.png"), &image).unwrap();
    std::fs::write(dir.path().join("content/editions/small.png"), &image).unwrap();
    std::fs::write(dir.path().join("content/editions/notes.pdf"), b"%PDF-1.4").unwrap();
    let run = gazette(dir.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    // A raw `src` that names no file is a broken image: warned of, at the note.
    assert!(
        stderr(&run).contains("content/editions/2024-06-21.md:5:11: warning: raw HTML's `src=\"nothere.png\"` names no file beside this one, so the page shows a broken image"),
        "{}",
        stderr(&run)
    );
    assert!(!stderr(&run).contains("small.png\" names"), "{}", stderr(&run));
    let out = dir.path().join("public");
    let read = |path: &str| std::fs::read_to_string(out.join(path)).unwrap();
    let article = read("2024/06/a/index.html");
    assert!(
        article.contains("<img src=\"/briefings/2024/06/chart.png\" alt=\"chart\">"),
        "{article}"
    );
    assert!(
        article.contains("<a href=\"/briefings/2024/06/b/\">the other</a>"),
        "{article}"
    );
    assert!(out.join("2024/06/chart.png").exists());
    let page = read("editions/2024-06-21/index.html");
    assert!(
        page.contains("<img src=\"/briefings/editions/small.png\" alt=\"small chart\">"),
        "{page}"
    );
    assert!(page.contains("<a href=\"/briefings/editions/notes.pdf\">"), "{page}");
    assert!(page.contains("<a href=\"*|UNSUB|*\">"), "{page}");
    let email = read("editions/2024-06-21/email.html");
    assert!(
        email.contains("src=\"https://example.org/briefings/editions/small.png\""),
        "{email}"
    );
    assert!(
        email.contains("href=\"https://example.org/briefings/editions/notes.pdf\""),
        "{email}"
    );
    let text = read("editions/2024-06-21/email.txt");
    assert!(
        text.contains("https://example.org/briefings/editions/notes.pdf"),
        "{text}"
    );
    let feed = read("editions/atom.xml");
    assert!(
        feed.contains("https://example.org/briefings/editions/small.png"),
        "{feed}"
    );
    assert!(!feed.contains("2024-06-21/small.png"), "{feed}");
}
