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

/// Regression: an image in an edition's introduction or a note went into the email at its own
/// width (a 2400 px photo made the email 2400 px wide on a phone, and Outlook needs a `width`),
/// and a long address in a note made it scroll sideways at 375 px.
#[test]
fn an_emails_images_and_long_addresses_fit_a_phone() {
    let dir = crate::common::site(&[
        ("site.yaml", crate::common::SITE_YAML),
        (
            "content/2024/06/a.md",
            "---\ntitle: A\ndate: 2024-06-24T09:30:00Z\n---\nA body.\n",
        ),
        (
            "content/editions/2024-06-24.md",
            "---\ndate: 2024-06-24T10:00:00Z\nitems:\n  - article: 2024/06/a.md\n    note: \"Source: https://www.kcna.kp/en/article/q/5f0e629e6d35b7e3f2f3c2a8a6f0b1c2d3e4f5a6b7c8d9e0.kcmsf and <img src=\\\"https://example.org/icon.png\\\" alt=\\\"an icon\\\" width=\\\"40\\\" height=\\\"40\\\">\"\n---\n![A wide photo](https://example.org/wide.jpg)\n\n<img src=\"https://example.org/huge.jpg\" alt=\"A huge photo\" width=\"2400\" height=\"1350\">\n\nRead https://www.example.org/a/very/long/address/that/does/not/stop/for/a/very/long/while/at/all/anywhere\n",
        ),
    ]);
    let (guard, out) = build(dir.path(), &[]);
    let email = std::fs::read_to_string(out.join("editions/2024-06-24/email.html")).unwrap();
    let images: Vec<&str> = email
        .match_indices("<img")
        .map(|(i, _)| &email[i..i + email[i..].find('>').unwrap()])
        .collect();
    assert_eq!(images.len(), 3, "{email}");
    // The Markdown image (its size unknown: an outside address) and the one wider than the
    // column get its width; the second its height scaled with it (2400×1350 → 536×302).
    for wide in [&images[0], &images[1]] {
        assert!(wide.contains("width=\"536\""), "{wide}");
        assert!(wide.contains("max-width:100%"), "{wide}");
    }
    assert!(!images[0].contains("height=\""), "{}", images[0]);
    assert!(images[1].contains("height=\"302\""), "{}", images[1]);
    // The icon keeps its size.
    assert!(
        images[2].contains("width=\"40\"") && images[2].contains("height=\"40\""),
        "{}",
        images[2]
    );
    if let Some((passed, report)) = crate::common::run_checker("check_email.mjs", &[out.as_os_str()]) {
        assert!(passed, "{report}");
    }
    let Some(tools) = browser_tools() else { return };
    let server = StaticServer::start(guard.path());
    let url = format!("http://{}/public/editions/2024-06-24/email.html", server.address);
    let (passed, printed) = run_node_script(&tools, "editions_e2e.mjs", &[url]);
    assert!(passed, "{printed}");
    assert!(
        printed.contains("editions_e2e: OK 0 page views, 4 email views"),
        "{printed}"
    );
}

/// Regression (session 33's Arabic desk probe): right to left, the previous edition's link
/// stands on the right, but its arrow pointed left, at the next one's (and the next's right): the
/// arrows point outward. The Arabic editions, their list and emails pass the same checks as the
/// sample's (axe, no sideways scroll, emails at 600 and 375 px).
#[test]
fn an_arabic_sites_editions_point_their_arrows_outward() {
    let article =
        "---\ntitle: برنت يهبط\ndate: 2025-03-04T08:00:00+03:00\ntopics: [oil]\nsummary: سعر برنت.\n---\nنص.\n";
    let edition = |day: &str| {
        format!(
            "---\ndate: 2025-03-0{day}T07:00:00+03:00\nitems:\n  - section: الطاقة\n  - article: 2025/03/brent.md\n---\nصباح الخير.\n"
        )
    };
    let (first, second, third) = (edition("5"), edition("6"), edition("7"));
    let dir = crate::common::site(&[
        (
            "site.yaml",
            "title: موجز\nbase_url: https://example.org/public/\nlanguage: ar\ntimezone: Asia/Riyadh\nimages: off\n",
        ),
        ("content/topics/oil.md", "---\ntitle: النفط\n---\n"),
        ("content/2025/03/brent.md", article),
        ("content/editions/2025-03-05.md", &first),
        ("content/editions/2025-03-06.md", &second),
        ("content/editions/2025-03-07.md", &third),
    ]);
    let (guard, _) = build(dir.path(), &[]);
    let Some(tools) = browser_tools() else { return };
    // Served from the folder above `public/`, which the base path names.
    let server = StaticServer::start(guard.path());
    let base = format!("http://{}/public/editions/", server.address);
    let urls = [format!("{base}2025-03-06/"), format!("{base}2025-03-06/email.html")];
    let (passed, printed) = run_node_script(&tools, "editions_e2e.mjs", &urls);
    assert!(passed, "{printed}");
    assert!(
        printed.contains("editions_e2e: OK 6 page views, 4 email views"),
        "{printed}"
    );
}

/// Regression (session 31's mail probe): a Korean email's text cell keeps words whole
/// (`word-break: keep-all`), which also kept a long address in a note from breaking: the email
/// scrolled sideways on a phone. Links in it may break where they must.
#[test]
fn a_korean_emails_long_address_fits_a_phone() {
    let url = "https://www.unikorea.go.kr/unikorea/news/release/?boardId=bbs_0000000000000004&mode=view&cntId=54321&category=&pageIdx=1";
    let dir = crate::common::site(&[
        (
            "site.yaml",
            "title: Desk\nbase_url: https://example.org/\ntimezone: UTC\nlanguages:\n  ko: { title: 데스크 }\n",
        ),
        (
            "content/2024/06/a.md",
            "---\ntitle: A\ndate: 2024-06-24T09:30:00Z\n---\nA body.\n",
        ),
        (
            "content/2024/06/a.ko.md",
            "---\ntitle: 남북, 통신선 복구에 합의\n---\n본문.\n",
        ),
        (
            "content/editions/2024-06-24.md",
            "---\ndate: 2024-06-24T10:00:00Z\nitems:\n  - article: 2024/06/a.md\n---\n",
        ),
        (
            "content/editions/2024-06-24.ko.md",
            &format!(
                "---\ntitle: 데스크, 2024년 6월 24일\nitems:\n  - article: 2024/06/a.md\n    note: \"통일부 발표문 전문은 <{url}> 에서 볼 수 있습니다.\"\n---\n"
            ),
        ),
    ]);
    let (guard, out) = build(dir.path(), &[]);
    let email = std::fs::read_to_string(out.join("ko/editions/2024-06-24/email.html")).unwrap();
    assert!(email.contains("word-break:keep-all"), "{email}");
    if let Some((passed, report)) = crate::common::run_checker("check_email.mjs", &[out.as_os_str()]) {
        assert!(passed, "{report}");
    }
    let Some(tools) = browser_tools() else { return };
    let server = StaticServer::start(guard.path());
    let url = format!("http://{}/public/ko/editions/2024-06-24/email.html", server.address);
    let (passed, printed) = run_node_script(&tools, "editions_e2e.mjs", &[url]);
    assert!(passed, "{printed}");
    assert!(
        printed.contains("editions_e2e: OK 0 page views, 4 email views"),
        "{printed}"
    );
}
