//! The default theme in a real browser: axe-core finds no WCAG 2.2 AA violation and no page
//! scrolls sideways at phone widths, in light and dark mode, on the pages readers use most.

use crate::common::{browser_tools, repo, run_node_script};
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
    let (passed, printed) = run_node_script(&tools, "layout_e2e.mjs", &urls);
    assert!(passed, "{printed}");
    assert!(printed.contains("layout_e2e: OK"), "{printed}");
}
