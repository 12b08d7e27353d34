//! Golden fixture sites: each `tests/fixtures/<case>/site` builds into exactly
//! `tests/fixtures/<case>/expected`. `GAZETTE_BLESS=1 cargo test` rewrites the expectations.

use crate::common::{bless, copy_dir, fixture, gazette, stderr, tree};

/// The theme's stylesheet and search script are left out of the comparison: they change with design work, and
/// pinning it would make every style edit a golden-file edit.
const UNPINNED: &[&str] = &["style.css", "search.js"];

fn check_golden(case: &str) {
    let dir = fixture(case);
    let work = tempfile::tempdir().unwrap();
    copy_dir(&dir.join("site"), work.path());
    let out = work.path().join("public");
    let run = gazette(work.path(), &["build"]);
    assert!(run.status.success(), "build failed:\n{}", stderr(&run));
    let mut actual = tree(&out);
    actual.retain(|path, _| !UNPINNED.contains(&path.as_str()));
    let expected_dir = dir.join("expected");
    if bless() {
        let _ = std::fs::remove_dir_all(&expected_dir);
        for (path, bytes) in &actual {
            let target = expected_dir.join(path);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::write(target, bytes).unwrap();
        }
        std::fs::write(dir.join("expected-stderr.txt"), stderr(&run)).unwrap();
        // Blessing compares nothing (and `bless` refuses it in CI): say so, so nobody takes the
        // green test for a check.
        println!("BLESSED: rewrote {}; review the diff", expected_dir.display());
        return;
    }
    let expected = tree(&expected_dir);
    let actual_paths: Vec<&String> = actual.keys().collect();
    let expected_paths: Vec<&String> = expected.keys().collect();
    assert_eq!(
        actual_paths,
        expected_paths,
        "the output has other files than {}",
        expected_dir.display()
    );
    for (path, bytes) in &actual {
        let want = &expected[path];
        assert!(
            bytes == want,
            "{path} differs from the golden file (rerun with GAZETTE_BLESS=1 if the change is intended):\n--- expected\n{}\n--- actual\n{}",
            String::from_utf8_lossy(want),
            String::from_utf8_lossy(bytes)
        );
    }
    let want_stderr = std::fs::read_to_string(dir.join("expected-stderr.txt"))
        .unwrap_or_else(|e| panic!("{}/expected-stderr.txt: {e} (GAZETTE_BLESS=1 writes it)", dir.display()));
    assert_eq!(stderr(&run), want_stderr, "the build's warnings changed");
}

#[test]
fn basic_site_matches_its_golden_output() {
    check_golden("basic");
}

#[test]
fn two_builds_are_byte_identical() {
    let work = tempfile::tempdir().unwrap();
    copy_dir(&fixture("basic").join("site"), work.path());
    assert!(gazette(work.path(), &["build", "--output", "one"]).status.success());
    // Cold both times: from the first build's image cache, the second's images and social cards
    // would be the first's bytes whatever their encoding does.
    std::fs::remove_dir_all(work.path().join(".gazette-cache")).unwrap();
    assert!(gazette(work.path(), &["build", "--output", "two"]).status.success());
    assert_eq!(tree(&work.path().join("one")), tree(&work.path().join("two")));
}
