//! The default theme in a real browser: axe-core finds no WCAG 2.2 AA violation and no page
//! scrolls sideways at phone widths, in light and dark mode, on the pages readers use most.

use std::process::Command;

use crate::common::{CHROMIUM, browser_tools, repo};
use crate::publish::{StaticServer, build};

/// The pages issue 7 names: home, a topic, an article, a tag, the archive, the topics index, search.
const PAGES: &[&str] = &[
    "",
    "topics/russia-north-korea/",
    "2024/06/putin-returns-to-pyongyang/",
    "tags/kim-jong-un/",
    "archive/",
    "archive/2024/06/",
    "topics/",
    "search/",
];

#[test]
fn the_sample_site_is_accessible_and_fits_a_phone() {
    let Some(tools) = browser_tools() else { return };
    let (guard, out) = build(&repo(), &[]);
    let host = guard.path().join("host");
    std::fs::create_dir_all(&host).unwrap();
    std::os::unix::fs::symlink(&out, host.join("briefings")).unwrap();
    let server = StaticServer::start(&host);
    let urls: Vec<String> = PAGES
        .iter()
        .map(|p| format!("http://{}/briefings/{p}", server.address))
        .collect();
    let run = Command::new("node")
        .arg(repo().join("tests/e2e/layout_e2e.mjs"))
        .args(&urls)
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
    assert!(printed.contains("layout_e2e: OK"), "{printed}");
}
