//! Client-side search: the index files, and the /search/ page driven in headless Chromium.

use std::path::PathBuf;
use std::process::Command;

use crate::common::{gazette, repo, stderr};
use crate::serve::Server;

/// The Node modules folder where `../shared/checks/install_deps.sh a11y` puts playwright-core.
fn node_modules() -> PathBuf {
    let dir = std::env::var_os("CHECKS_NODE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache/site-checks/node"));
    dir.join("node_modules")
}

/// Whether node, playwright-core and Chromium are here; in CI they must be.
pub fn browser_available() -> bool {
    let node = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let playwright = node_modules().join("playwright-core").is_dir();
    let chromium = std::path::Path::new("/usr/bin/chromium").exists();
    if node && playwright && chromium {
        return true;
    }
    assert_ne!(
        std::env::var("CI").as_deref(),
        Ok("true"),
        "CI must have node ({node}), playwright-core ({playwright}) and /usr/bin/chromium ({chromium}): run ../shared/checks/install_deps.sh a11y"
    );
    eprintln!("skipping a browser test: node, playwright-core or chromium is missing here");
    false
}

#[test]
fn the_index_is_written_and_sharded() {
    let out = tempfile::tempdir().unwrap();
    let run = gazette(&repo(), &["build", "--output", out.path().join("p").to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    let docs: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("p/search/docs.json")).unwrap()).unwrap();
    assert!(docs["docs"].as_array().unwrap().len() >= 12);
    let shard: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("p/search/terms/vo.json")).unwrap()).unwrap();
    assert!(
        shard["vostochny"].as_array().is_some_and(|ids| !ids.is_empty()),
        "{shard}"
    );
    assert!(
        String::from_utf8_lossy(&run.stdout).contains("(search index "),
        "the summary reports the index size"
    );
}

#[test]
fn searching_in_chromium_finds_the_matching_article() {
    if !browser_available() {
        return;
    }
    let server = Server::start(&repo(), &[]);
    let run = Command::new("node")
        .arg(repo().join("tests/e2e/search_e2e.mjs"))
        .arg(format!("http://{}/", server.address))
        .output()
        .expect("node runs");
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(run.status.success(), "{printed}");
    assert!(printed.contains("search_e2e: OK"), "{printed}");
}
