//! Replays the saved fuzz crash inputs in tests/fuzz-regressions/<target>/ through the same
//! harness the cargo-fuzz targets run (fuzz/src/lib.rs, included here), so a fixed crash stays
//! fixed without libFuzzer or a nightly toolchain. See tests/fuzz-regressions/README.md.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use crate::common::repo;

#[path = "../../fuzz/src/lib.rs"]
mod harness;

/// The saved inputs of one target, sorted; README files and hidden files are not inputs.
fn inputs(target: &str) -> Vec<PathBuf> {
    let dir = repo().join("tests/fuzz-regressions").join(target);
    // A target without saved crashes has no folder of its own.
    if !dir.exists() {
        return Vec::new();
    }
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut files: Vec<PathBuf> = entries
        .map(|entry| entry.expect("a readable folder entry").path())
        .filter(|path| path.is_file() && is_input(path))
        .collect();
    files.sort();
    files
}

fn is_input(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    !name.starts_with('.') && !name.to_ascii_lowercase().starts_with("readme")
}

#[test]
fn saved_fuzz_inputs_do_not_panic() {
    let mut failures = Vec::new();
    let mut replayed = 0;
    for &(target, run) in harness::TARGETS {
        for path in inputs(target) {
            let data = std::fs::read(&path).expect("a readable input");
            replayed += 1;
            if let Err(panic) = catch_unwind(AssertUnwindSafe(|| run(&data))) {
                let message = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_else(|| "a panic without a message".to_string());
                failures.push(format!("{target}: {}: {message}", path.display()));
            }
        }
    }
    // The folder holds saved crashes: none found means the replay looked in the wrong place.
    assert!(
        replayed > 0,
        "no saved fuzz input found under tests/fuzz-regressions/<target>/"
    );
    assert!(
        failures.is_empty(),
        "{} of {replayed} saved fuzz inputs still panic:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_regression_folder_is_a_fuzz_target() {
    // A folder named after no target would be skipped silently: catch typos such as `date/`.
    // The folder is part of the repository (its README explains it), so it is never missing.
    let root = repo().join("tests/fuzz-regressions");
    let entries = std::fs::read_dir(&root).unwrap_or_else(|e| panic!("{}: {e}", root.display()));
    for entry in entries {
        let path = entry.expect("a readable folder entry").path();
        if path.is_dir() {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            assert!(
                harness::TARGETS.iter().any(|&(target, _)| target == name),
                "tests/fuzz-regressions/{name}/ is not a fuzz target; the targets are {:?}",
                harness::TARGETS.iter().map(|&(t, _)| t).collect::<Vec<_>>()
            );
        }
    }
}

#[test]
fn the_harness_runs_the_sample_articles_without_a_crash() {
    // The seeds must run clean, or the fuzzer starts from a crash and the replay test proves little.
    let mut ran = 0;
    for dir in ["content/2024/06", "tests/fixtures/basic/site/content/2024/06"] {
        for entry in std::fs::read_dir(repo().join(dir)).expect("the sample content") {
            let data = std::fs::read(entry.expect("an entry").path()).expect("an article");
            for &(_, run) in harness::TARGETS {
                run(&data);
                ran += 1;
            }
        }
    }
    assert!(ran >= 10 * harness::TARGETS.len(), "only {ran} runs: the seeds moved?");
}

#[test]
fn the_edition_harness_builds_and_checks_the_sample_editions() {
    // The edition seeds must build, or the fuzzer never reaches the email checks: every sample
    // edition in English, alone (a draft has no email) and beside automatic ones.
    let mut checked = 0;
    for entry in std::fs::read_dir(repo().join("content/editions")).expect("the sample's editions") {
        let path = entry.expect("an entry").path();
        if path.to_string_lossy().ends_with(".ko.md") {
            continue;
        }
        let mut data = std::fs::read(&path).expect("an edition");
        let alone = harness::edition_emails_checked(&data);
        // A last byte with bit 0 set: automatic daily editions too. A printable one (`!`, 0x21):
        // a control character such as `\n | 1` (U+000B) is an error in a file now.
        data.push(b'!');
        let with_automatic = harness::edition_emails_checked(&data);
        assert!(
            with_automatic > alone,
            "{}: no automatic edition beside it",
            path.display()
        );
        checked += alone;
    }
    assert!(checked >= 3, "only {checked} sample editions built in the harness");
}
