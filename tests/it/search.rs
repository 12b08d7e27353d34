//! Client-side search: the index files, and the /search/ page driven in headless Chromium.

use std::process::Command;

use crate::common::{CHROMIUM, browser_tools, gazette, repo, stderr};
use crate::serve::Server;

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
    let Some(tools) = browser_tools() else { return };
    let server = Server::start(&repo(), &[]);
    let run = Command::new("node")
        .arg(repo().join("tests/e2e/search_e2e.mjs"))
        .arg(format!("http://{}/", server.address))
        .env(
            "CHECKS_NODE_DIR",
            tools.node_modules.parent().expect("node_modules has a parent"),
        )
        .env("CHROMIUM", CHROMIUM)
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
