//! The parse cache that `serve` keeps between rebuilds: a build that reuses it gives exactly the
//! output of a build from scratch, through edits, renames, new files and changed permalinks.

use std::path::Path;
use std::sync::Arc;

use gazette::core::output::Body;
use gazette::pipeline::{self, BuildOptions, ParseCache};
use gazette::serve::live::LiveSite;

use crate::common::{TOPIC, site};

/// A build of the site at `root` (with serve's parse cache when given), at a fixed clock.
fn run(root: &Path, cache: Option<Arc<ParseCache>>) -> pipeline::Built {
    let mut options = BuildOptions::new(root);
    options.now = jiff::Timestamp::from_second(1_800_000_000).unwrap();
    options.cache = cache;
    pipeline::run(&options).unwrap_or_else(|f| panic!("{:?}", f.diagnostics))
}

fn built(root: &Path, cache: Option<Arc<ParseCache>>) -> Vec<(String, Vec<u8>)> {
    run(root, cache)
        .output
        .files
        .into_iter()
        .map(|(path, body)| {
            let bytes = match body {
                Body::Bytes(bytes) => bytes,
                other => other.read().map(|b| b.into_owned()).unwrap_or_default(),
            };
            (path, bytes)
        })
        .collect()
}

/// A change to the site between two builds.
type Edit = Box<dyn Fn(&Path)>;

/// The edit that writes `text` to the site's file `path`.
fn writes(path: &'static str, text: &'static str) -> Edit {
    Box::new(move |root| std::fs::write(root.join(path), text).unwrap())
}

#[test]
fn a_cached_rebuild_equals_a_full_build_after_every_kind_of_edit() {
    let dir = site(&[
        ("site.yaml", "title: Cache\nbase_url: https://example.org/desk/\n"),
        ("content/topics/t.md", TOPIC),
        (
            "content/2024/06/a.md",
            "---\ntitle: A\ndate: 2024-06-01\ntopics: [t]\n---\nSee [b](b.md#part).\n",
        ),
        (
            "content/2024/06/b.md",
            "---\ntitle: B\ndate: 2024-06-02\ntopics: [t]\n---\n## Part\n\nB text.\n",
        ),
    ]);
    let root = dir.path();
    let cache = Arc::new(ParseCache::default());
    let edits: Vec<Edit> = vec![
        // Nothing changed.
        Box::new(|_| {}),
        // A body edit.
        writes(
            "content/2024/06/b.md",
            "---\ntitle: B\ndate: 2024-06-02\ntopics: [t]\n---\n## Part\n\nEdited.\n",
        ),
        // A slug change moves b's permalink: a's link to it must follow although a did not change.
        writes(
            "content/2024/06/b.md",
            "---\ntitle: B\ndate: 2024-06-02\nslug: bee\ntopics: [t]\n---\n## Part\n\nEdited.\n",
        ),
        // A new file, and a removed one.
        writes("content/2024/06/c.md", "---\ntitle: C\ndate: 2024-06-03\n---\nC.\n"),
        Box::new(|r| std::fs::remove_file(r.join("content/2024/06/c.md")).unwrap()),
        // A configuration change that touches every page.
        writes("site.yaml", "title: Cache\nbase_url: https://example.org/other/\n"),
        // Smart punctuation turned off: every body is rendered again (issue 13).
        writes(
            "site.yaml",
            "title: Cache\nbase_url: https://example.org/other/\nmarkdown: {smart_punctuation: false}\n",
        ),
        // The phrase index turned off, then on again: every body is scanned again, since the
        // pairs of words it notes are part of what parsing made (a body parsed without them
        // must not give an empty phrase index).
        writes(
            "site.yaml",
            "title: Cache\nbase_url: https://example.org/other/\nmarkdown: {smart_punctuation: false}\nsearch: {phrases: false}\n",
        ),
        writes(
            "site.yaml",
            "title: Cache\nbase_url: https://example.org/other/\nmarkdown: {smart_punctuation: false}\n",
        ),
        // `b` becomes a draft: `a`'s link to it becomes text, although `a` did not change; and
        // back.
        writes(
            "content/2024/06/b.md",
            "---\ntitle: B\ndate: 2024-06-02\nslug: bee\ndraft: true\ntopics: [t]\n---\n## Part\n\nEdited.\n",
        ),
        writes(
            "content/2024/06/b.md",
            "---\ntitle: B\ndate: 2024-06-02\nslug: bee\ntopics: [t]\n---\n## Part\n\nEdited \"quoted\".\n",
        ),
    ];
    for (step, edit) in edits.iter().enumerate() {
        edit(root);
        let cached = built(root, Some(cache.clone()));
        let reused = cache.reused();
        let fresh = built(root, None);
        assert_eq!(cached.len(), fresh.len(), "step {step}: the same files");
        for ((path, a), (_, b)) in cached.iter().zip(&fresh) {
            assert!(a == b, "step {step}: {path} differs from a full build");
        }
        // What the cache saved: nothing on the first build; after an edit of `b`, `a`; when `b`'s permalink moves, nothing
        // (`a` links to `b`); a new or removed file leaves both; a configuration change, none;
        // the phrase index off or on, none; when `b` is left out of the build or comes back,
        // none (`a` links to `b`).
        let expected = [0, 1, 0, 2, 2, 0, 0, 0, 0, 0, 0][step];
        assert_eq!(reused, expected, "step {step}: articles reused from the cache");
    }
    let page = built(root, Some(cache));
    assert!(
        page.iter().any(|(p, _)| p.starts_with("search/pairs/")),
        "the phrase index is back"
    );
    let a = page.iter().find(|(p, _)| p == "2024/06/a/index.html").unwrap();
    assert!(String::from_utf8_lossy(&a.1).contains("href=\"/other/2024/06/bee/#part\""));
}

/// What `serve` does after each change: prepare with a cache that is told which files changed,
/// then serve pages as they are asked for. Every file must be byte for byte what a full build
/// writes.
fn live(root: &Path, cache: &Arc<ParseCache>) -> Vec<(String, Vec<u8>)> {
    live_or_errors(root, cache).unwrap_or_else(|e| panic!("{e}"))
}

/// Like `live`, but a failed build is an `Err` with its diagnostics.
fn live_or_errors(root: &Path, cache: &Arc<ParseCache>) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut options = BuildOptions::new(root);
    options.now = jiff::Timestamp::from_second(1_800_000_000).unwrap();
    options.cache = Some(cache.clone());
    let prepared = pipeline::prepare(&options).map_err(|f| format!("{:?}", f.diagnostics))?;
    let site = LiveSite::new(prepared);
    site.check().map_err(|f| format!("{:?}", f.diagnostics))?;
    // Ask for the pages in reverse order, so no page relies on another rendered first.
    let mut files = Vec::new();
    for path in site.paths().into_iter().rev() {
        match site.get(&path) {
            Some(Ok(bytes)) => files.push((path, bytes.as_ref().clone())),
            other => return Err(format!("{path}: {:?}", other.map(|r| r.err()))),
        }
    }
    files.sort();
    Ok(files)
}

/// A change to the site, and the paths it tells the cache about (as the watcher would).
type TrackedEdit = (Box<dyn Fn(&Path)>, Vec<&'static str>);

#[test]
fn incremental_serve_output_equals_a_full_build_after_every_kind_of_change() {
    let dir = site(&[
        ("site.yaml", "title: Live\nbase_url: https://example.org/desk/\n"),
        ("content/topics/t.md", TOPIC),
        (
            "content/2024/06/a.md",
            "---\ntitle: A\ndate: 2024-06-01\ntopics: [t]\ntags: [Kim]\n---\nSee [b](b.md#part).\n",
        ),
        (
            "content/2024/06/b.md",
            "---\ntitle: B\ndate: 2024-06-02\ntopics: [t]\n---\n## Part\n\nB text.\n",
        ),
        (
            "content/2024/07/c.md",
            "---\ntitle: C\ndate: 2024-07-01\n---\nC text.\n",
        ),
    ]);
    let root = dir.path();
    let write = |rel: &'static str, text: &'static str| -> Box<dyn Fn(&Path)> {
        Box::new(move |r: &Path| {
            std::fs::create_dir_all(r.join(rel).parent().unwrap()).unwrap();
            std::fs::write(r.join(rel), text).unwrap()
        })
    };
    let cache = Arc::new(ParseCache::tracking_changes());
    let edits: Vec<TrackedEdit> = vec![
        (Box::new(|_| {}), vec![]),
        // A body edit, a title edit (cards on every list), a tag respelled.
        (
            write(
                "content/2024/06/b.md",
                "---\ntitle: B\ndate: 2024-06-02\ntopics: [t]\n---\n## Part\n\nEdited.\n",
            ),
            vec!["content/2024/06/b.md"],
        ),
        (
            write(
                "content/2024/06/a.md",
                "---\ntitle: A, retitled\ndate: 2024-06-01\ntopics: [t]\ntags: [KIM]\n---\nSee [b](b.md#part).\n",
            ),
            vec!["content/2024/06/a.md"],
        ),
        // b's permalink moves: a's link must follow although a is not read again.
        (
            write(
                "content/2024/06/b.md",
                "---\ntitle: B\ndate: 2024-06-02\nslug: bee\ntopics: [t]\n---\n## Part\n\nEdited.\n",
            ),
            vec!["content/2024/06/b.md"],
        ),
        // A new article in a new month, then removed.
        (
            write(
                "content/2024/08/d.md",
                "---\ntitle: D\ndate: 2024-08-01\ntopics: [t]\n---\nD.\n",
            ),
            vec!["content/2024/08", "content/2024/08/d.md"],
        ),
        (
            Box::new(|r: &Path| std::fs::remove_file(r.join("content/2024/08/d.md")).unwrap()),
            vec!["content/2024/08/d.md"],
        ),
        // A folder renamed: only the folders are named.
        (
            Box::new(|r: &Path| std::fs::rename(r.join("content/2024/07"), r.join("content/2024/09")).unwrap()),
            vec!["content/2024/07", "content/2024/09"],
        ),
        // A template and a topic change: every page again, nothing parsed again but the topic.
        (
            write(
                "templates/partials/card.html",
                "<article class=\"card\"><h3><a href=\"{{ a.url }}\">{{ a.title }}</a></h3>{{ a.when }}</article>\n",
            ),
            vec!["templates/partials/card.html"],
        ),
        (
            write(
                "content/topics/t.md",
                "---\ntitle: Test topic, renamed\n---\nNew background.\n",
            ),
            vec!["content/topics/t.md"],
        ),
        // A static file, and the configuration.
        (write("static/robots.txt", "User-agent: *\n"), vec!["static/robots.txt"]),
        // The site's own redirects, which go first in gazette's `_redirects` (review: serve
        // served gazette's robots.txt and `_redirects` without the site's).
        (
            write("static/_redirects", "/topics/old/* /desk/topics/t/:splat 301\n"),
            vec!["static/_redirects"],
        ),
        (
            write("site.yaml", "title: Live\nbase_url: https://example.org/other/\n"),
            vec!["site.yaml"],
        ),
        // Events were lost: the whole site is named.
        (
            write(
                "content/2024/06/b.md",
                "---\ntitle: B\ndate: 2024-06-02\ntopics: [t]\n---\n## Part\n\nLost event.\n",
            ),
            vec![""],
        ),
    ];
    for (step, (edit, changed)) in edits.iter().enumerate() {
        edit(root);
        cache.changed(changed.iter().map(|p| p.to_string()));
        let incremental = live(root, &cache);
        let fresh = built(root, None);
        let names = |files: &[(String, Vec<u8>)]| files.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
        assert_eq!(names(&incremental), names(&fresh), "step {step}: the same files");
        for ((path, a), (_, b)) in incremental.iter().zip(&fresh) {
            assert!(
                a == b,
                "step {step}: {path} differs from a full build:\n{}\n---\n{}",
                String::from_utf8_lossy(a),
                String::from_utf8_lossy(b)
            );
        }
    }
    let last = live(root, &cache);
    let b = last.iter().find(|(p, _)| p == "2024/06/b/index.html").unwrap();
    assert!(String::from_utf8_lossy(&b.1).contains("Lost event."));
}

fn page_text(files: &[(String, Vec<u8>)], path: &str) -> String {
    let (_, bytes) = files
        .iter()
        .find(|(p, _)| p == path)
        .unwrap_or_else(|| panic!("no {path}"));
    String::from_utf8_lossy(bytes).into_owned()
}

/// Regression (review of the incremental cache): an article that is a symbolic link changes when
/// its target does, and no event under content/ says so; serve must not keep the old text.
#[test]
fn a_symlinked_article_follows_its_target_in_serve() {
    let dir = site(&[
        ("site.yaml", "title: Live\nbase_url: https://example.org/desk/\n"),
        ("content/topics/t.md", TOPIC),
        ("drafts/a.md", "---\ntitle: A\ndate: 2024-06-01\n---\nOld text.\n"),
        (
            "content/2024/06/b.md",
            "---\ntitle: B\ndate: 2024-06-02\n---\nB text.\n",
        ),
    ]);
    let root = dir.path();
    std::os::unix::fs::symlink(root.join("drafts/a.md"), root.join("content/2024/06/a.md")).unwrap();
    let cache = Arc::new(ParseCache::tracking_changes());
    live_or_errors(root, &cache).unwrap();
    edit_the_link_target_unseen(root, &cache, "New text.");
    let served = live_or_errors(root, &cache).unwrap();
    assert!(page_text(&served, "2024/06/a/index.html").contains("New text."));
    assert_eq!(served, built(root, None), "serve equals a full build");
}

/// Writes `drafts/a.md` (the target of content/2024/06/a.md, outside content/, so no event names
/// it) with `body`, and edits content/2024/06/b.md, which alone is named to the cache, as the
/// watcher would name it.
fn edit_the_link_target_unseen(root: &Path, cache: &ParseCache, body: &str) {
    std::fs::write(
        root.join("drafts/a.md"),
        format!("---\ntitle: A\ndate: 2024-06-01\n---\n{body}\n"),
    )
    .unwrap();
    std::fs::write(
        root.join("content/2024/06/b.md"),
        "---\ntitle: B\ndate: 2024-06-02\n---\nB edited.\n",
    )
    .unwrap();
    cache.changed(["content/2024/06/b.md".to_string()]);
}

/// Regression (review of the incremental cache): a broken symbolic link mended from outside
/// content/ is no event under content/; serve must not keep reporting it.
#[test]
fn a_mended_symlink_stops_failing_serve() {
    let dir = site(&[
        ("site.yaml", "title: Live\nbase_url: https://example.org/desk/\n"),
        ("content/topics/t.md", TOPIC),
        (
            "content/2024/06/b.md",
            "---\ntitle: B\ndate: 2024-06-02\n---\nB text.\n",
        ),
    ]);
    let root = dir.path();
    std::fs::create_dir_all(root.join("drafts")).unwrap();
    std::os::unix::fs::symlink(root.join("drafts/a.md"), root.join("content/2024/06/a.md")).unwrap();
    let cache = Arc::new(ParseCache::tracking_changes());
    let broken = live_or_errors(root, &cache);
    assert!(
        broken.as_ref().is_err_and(|e| e.contains("broken symbolic link")),
        "{broken:?}"
    );
    edit_the_link_target_unseen(root, &cache, "Now here.");
    let served = live_or_errors(root, &cache).unwrap_or_else(|e| panic!("serve still fails: {e}"));
    assert_eq!(served, built(root, None), "serve equals a full build");
}

/// Issue 6: "A template change re-renders everything without re-parsing Markdown."
#[test]
fn a_template_change_reparses_no_article() {
    let dir = site(&[
        ("site.yaml", "title: Live\nbase_url: https://example.org/desk/\n"),
        ("content/topics/t.md", TOPIC),
        (
            "content/2024/06/a.md",
            "---\ntitle: A\ndate: 2024-06-01\ntopics: [t]\n---\nSee [b](b.md).\n",
        ),
        (
            "content/2024/06/b.md",
            "---\ntitle: B\ndate: 2024-06-02\ntopics: [t]\n---\nB text.\n",
        ),
    ]);
    let root = dir.path();
    let cache = Arc::new(ParseCache::tracking_changes());
    live(root, &cache);
    std::fs::create_dir_all(root.join("templates/partials")).unwrap();
    std::fs::write(
        root.join("templates/partials/card.html"),
        "<article class=\"card\"><a href=\"{{ a.url }}\">{{ a.title }}</a> (new card)</article>\n",
    )
    .unwrap();
    cache.changed(["templates".to_string(), "templates/partials/card.html".to_string()]);
    let served = live(root, &cache);
    assert_eq!(
        cache.reused(),
        2,
        "both articles reused from the cache, none parsed again"
    );
    assert!(page_text(&served, "index.html").contains("(new card)"));
    assert_eq!(served, built(root, None), "serve equals a full build");
}

/// Guards `Prepared::take_index_texts`: a build without a cache moves every body's search terms
/// and word pairs out of the site (the index frees them as it reads them), one with a cache (as
/// `serve` keeps) leaves them in the shared bodies, and both write the same index.
#[test]
fn a_build_hands_the_bodies_terms_to_the_index_and_a_cached_build_keeps_them() {
    let dir = site(&[
        ("site.yaml", "title: Terms\nbase_url: https://example.org/\n"),
        ("content/topics/t.md", TOPIC),
        (
            "content/2024/06/a.md",
            "---\ntitle: A\ndate: 2024-06-01\ntopics: [t]\n---\nA zeppelin over the harbour.\n",
        ),
        (
            "content/2024/06/b.md",
            "---\ntitle: B\ndate: 2024-06-02\ntopics: [t]\n---\nA quiet harbour at dawn.\n",
        ),
    ]);
    let root = dir.path();
    let index = |built: &pipeline::Built| -> Vec<(String, Vec<u8>)> {
        built
            .output
            .files
            .iter()
            .filter(|(path, _)| path.starts_with("search/"))
            .map(|(path, body)| (path.clone(), body.read().unwrap().into_owned()))
            .collect()
    };
    let alone = run(root, None);
    for article in &alone.site.articles {
        assert!(
            article.body.terms.is_empty() && article.body.pairs.is_empty(),
            "{}: the build kept the body's terms",
            article.source
        );
    }
    let cache = Arc::new(ParseCache::default());
    let cached = run(root, Some(cache));
    for article in &cached.site.articles {
        assert!(
            !article.body.terms.is_empty() && !article.body.pairs.is_empty(),
            "{}: the cache's body lost its terms",
            article.source
        );
    }
    let written = index(&alone);
    assert_eq!(written, index(&cached), "the two builds wrote different indexes");
    let terms: String = written
        .iter()
        .filter(|(path, _)| path.starts_with("search/terms/"))
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .collect();
    assert!(
        terms.contains("zeppelin"),
        "a body's word is missing from the index: {terms}"
    );
}

/// The build renders every article before any list page (`Renderer::list`'s order, which
/// `render_pages` follows): each card is then made as the articles need it while the search
/// index frees the bodies' terms, so the list pages' cards do not add up beside them at the
/// build's peak of memory. Guards the order against a reshuffle of `list`.
#[test]
fn articles_are_rendered_before_the_list_pages() {
    use gazette::render::{Page, Renderer, SharedViews};
    let prepared =
        pipeline::prepare(&BuildOptions::new(crate::common::repo())).unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    let data = SharedViews::new(&prepared.site, prepared.linked);
    let pages = Renderer::new(&prepared.site, &prepared.templates, &data).list();
    let is_article = |page: &Page| matches!(page, Page::Article(_) | Page::Alias(..));
    let articles = pages.iter().take_while(|(_, page)| is_article(page)).count();
    assert_eq!(
        articles,
        pages.iter().filter(|(_, page)| is_article(page)).count(),
        "an article comes after a list page"
    );
    assert!(articles >= prepared.site.articles.len(), "every article is listed");
    assert!(pages.len() > articles, "and the list pages after them");
}
