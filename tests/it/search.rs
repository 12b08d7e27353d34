//! Client-side search: the index files, and the /search/ page driven in headless Chromium.

use crate::common::{browser_tools, gazette, repo, run_node_script, stderr};
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
    let (passed, printed) = run_node_script(&tools, "search_e2e.mjs", &[format!("http://{}/", server.address)]);
    assert!(passed, "{printed}");
    assert!(printed.contains("search_e2e: OK"), "{printed}");
}
