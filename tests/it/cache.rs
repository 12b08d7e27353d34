//! The parse cache that `serve` keeps between rebuilds: a build that reuses it gives exactly the
//! output of a build from scratch, through edits, renames, new files and changed permalinks.

use std::path::Path;
use std::sync::Arc;

use gazette::build::{self, BuildOptions, ParseCache};
use gazette::output::Body;

use crate::common::{TOPIC, site};

fn built(root: &Path, cache: Option<Arc<ParseCache>>) -> Vec<(String, Vec<u8>)> {
    let mut options = BuildOptions::new(root);
    options.now = jiff::Timestamp::from_second(1_800_000_000).unwrap();
    options.cache = cache;
    let built = build::build(&options).unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    built
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
        Box::new(|r| {
            std::fs::write(
                r.join("content/2024/06/b.md"),
                "---\ntitle: B\ndate: 2024-06-02\ntopics: [t]\n---\n## Part\n\nEdited.\n",
            )
            .unwrap()
        }),
        // A slug change moves b's permalink: a's link to it must follow although a did not change.
        Box::new(|r| {
            std::fs::write(
                r.join("content/2024/06/b.md"),
                "---\ntitle: B\ndate: 2024-06-02\nslug: bee\ntopics: [t]\n---\n## Part\n\nEdited.\n",
            )
            .unwrap()
        }),
        // A new file, and a removed one.
        Box::new(|r| {
            std::fs::write(
                r.join("content/2024/06/c.md"),
                "---\ntitle: C\ndate: 2024-06-03\n---\nC.\n",
            )
            .unwrap()
        }),
        Box::new(|r| std::fs::remove_file(r.join("content/2024/06/c.md")).unwrap()),
        // A configuration change that touches every page.
        Box::new(|r| {
            std::fs::write(
                r.join("site.yaml"),
                "title: Cache\nbase_url: https://example.org/other/\n",
            )
            .unwrap()
        }),
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
        // (`a` links to `b`); a new or removed file leaves both; a configuration change, none.
        let expected = [0, 1, 0, 2, 2, 0][step];
        assert_eq!(reused, expected, "step {step}: articles reused from the cache");
    }
    let page = built(root, Some(cache));
    let a = page.iter().find(|(p, _)| p == "2024/06/a/index.html").unwrap();
    assert!(String::from_utf8_lossy(&a.1).contains("href=\"/other/2024/06/bee/#part\""));
}
