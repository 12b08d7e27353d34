//! Editions in a real browser (issue 14): the sample site is built and served, and
//! tests/e2e/editions_e2e.mjs (Node, playwright-core, headless Chromium) checks the editions list,
//! every edition's page and the home page (axe-core finds no WCAG 2.2 AA violation, nothing
//! scrolls sideways at 320 px, 375 px or on a desktop, in light and dark mode; what an edition
//! page shows), and renders every `email.html` at 600 px and at 375 px (no sideways scroll, the
//! column fits and is at most 600 px wide, no script, every link absolute, a hidden preheader).
//! A missing tool fails the test under `CI=true` and skips it elsewhere (`common::browser_tools`).
//! With `SHOTS=<dir>` the script also saves the README's edition-desktop.png and edition-email.png.

use std::path::{Path, PathBuf};

use crate::common::{browser_tools, repo, run_node_script};
use crate::publish::{StaticServer, build};

/// Every edition folder under `out/editions/` (one holding an `email.html`), sorted.
fn edition_folders(out: &Path) -> Vec<PathBuf> {
    let mut folders: Vec<PathBuf> = std::fs::read_dir(out.join("editions"))
        .expect("the sample site has editions/")
        .map(|entry| entry.expect("a readable entry").path())
        .filter(|path| path.join("email.html").is_file())
        .collect();
    folders.sort();
    folders
}

#[test]
fn the_sample_sites_editions_are_accessible_fit_a_phone_and_their_emails_fit_600_px() {
    let Some(tools) = browser_tools() else { return };
    let (guard, out) = build(&repo(), &[]);
    let folders = edition_folders(&out);
    assert!(
        folders.len() >= 3,
        "the sample site has three editions, each with an email.html: {folders:?}"
    );

    // Served under /briefings/, the sample's base path, as the theme test serves it.
    let host = guard.path().join("host");
    std::fs::create_dir_all(&host).unwrap();
    std::os::unix::fs::symlink(&out, host.join("briefings")).unwrap();
    let server = StaticServer::start(&host);
    let base = format!("http://{}/briefings/", server.address);

    let slugs: Vec<String> = folders
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let mut urls = vec![format!("{base}editions/")];
    urls.extend(slugs.iter().map(|slug| format!("{base}editions/{slug}/")));
    urls.push(base.clone());
    urls.extend(slugs.iter().map(|slug| format!("{base}editions/{slug}/email.html")));

    let (passed, printed) = run_node_script(&tools, "editions_e2e.mjs", &urls);
    assert!(passed, "{printed}");
    assert!(printed.contains("editions_e2e: OK"), "{printed}");
    // Every page and every email was looked at: 3 page sizes × 2 schemes, 2 email sizes × 2.
    let pages = slugs.len() + 2;
    let expected = format!("{} page views, {} email views", pages * 6, slugs.len() * 4);
    assert!(printed.contains(&expected), "expected {expected}:\n{printed}");
}
