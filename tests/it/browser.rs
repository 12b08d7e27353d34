//! `gazette serve`'s live reload in a real browser: runs tests/e2e/serve_e2e.mjs (Node,
//! playwright-core and headless Chromium) against a server on a fixture site. Where a tool is
//! missing the test prints a `SKIPPED:` line, except in CI (`CI=true`), where it fails
//! (`common::require`).

use std::io::{BufReader, Read};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{CHROMIUM, browser_tools, repo, site};
use crate::serve::Server;

/// The Node script gives up by itself after 50 s; past this it is killed.
const SCRIPT_TIMEOUT: Duration = Duration::from_secs(60);

/// The site the script expects: a topic whose background is long enough to scroll, and two
/// articles on it. The script checks the first article's title and text as written here.
fn fixture() -> tempfile::TempDir {
    let background: String = (1..=60)
        .map(|i| format!("Background paragraph {i}: how the story got here, at enough length to scroll.\n\n"))
        .collect();
    let topic = format!("---\ntitle: Test topic\nsummary: A topic for the browser test.\n---\n{background}");
    site(&[
        (
            "site.yaml",
            "title: Browser Desk\nbase_url: https://example.org/briefings/\ntimezone: UTC\n",
        ),
        ("content/topics/t.md", &topic),
        (
            "content/2024/06/first.md",
            "---\ntitle: First article\ndate: 2024-06-01\ntopics: [t]\n---\nOriginal text of the first article.\n",
        ),
        (
            "content/2024/06/second.md",
            "---\ntitle: Second article\ndate: 2024-06-02\ntopics: [t]\n---\nSecond text.\n",
        ),
    ])
}

/// Reads a child's pipe to the end on a thread of its own.
fn drain(pipe: impl Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut text = String::new();
        let _ = BufReader::new(pipe).read_to_string(&mut text);
        text
    })
}

#[test]
fn live_reload_follows_every_save_in_a_real_browser() {
    let Some(tools) = browser_tools() else { return };
    let dir = fixture();
    let server = Server::start(dir.path(), &[]);
    let base = format!("http://{}/", server.address);
    let script = repo().join("tests/e2e/serve_e2e.mjs");
    // The script loads playwright-core from $CHECKS_NODE_DIR/node_modules, or else through
    // NODE_PATH, which it inherits.
    let checks_node_dir = tools.node_modules.parent().expect("node_modules has a parent");

    let started = Instant::now();
    let mut child = Command::new("node")
        .arg(&script)
        .arg(&base)
        .arg(dir.path())
        .env("CHECKS_NODE_DIR", checks_node_dir)
        .env("CHROMIUM", CHROMIUM)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node starts");
    let stdout = drain(child.stdout.take().expect("stdout"));
    let stderr = drain(child.stderr.take().expect("stderr"));
    let status = loop {
        if let Some(status) = child.try_wait().expect("node can be waited for") {
            break Some(status);
        }
        if started.elapsed() > SCRIPT_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let output = format!(
        "--- stdout\n{}--- stderr\n{}",
        stdout.join().unwrap_or_default(),
        stderr.join().unwrap_or_default()
    );
    match status {
        // The script prints its summary only after its last step: exit 0 without it is no pass.
        Some(status) if status.success() => {
            assert!(
                output.contains(" steps passed;"),
                "{} exited 0 early:\n{output}",
                script.display()
            );
            println!("{output}");
        }
        Some(status) => panic!("{} failed ({status}):\n{output}", script.display()),
        None => panic!(
            "{} did not finish within {} s:\n{output}",
            script.display(),
            SCRIPT_TIMEOUT.as_secs()
        ),
    }
}
