//! Helpers shared by the integration tests: running the binary, making sites, reading trees.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture folder under tests/fixtures/.
pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// Runs `gazette` with `args` in `dir`.
pub fn gazette(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gazette"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .expect("the gazette binary runs")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Writes `files` (relative path, text) under a new temporary folder.
pub fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (path, text) in files {
        let target = dir.path().join(path);
        std::fs::create_dir_all(target.parent().expect("a parent")).expect("folders");
        std::fs::write(target, text).expect("a file");
    }
    dir
}

/// Every file under `dir` as relative path → bytes.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.expect("a readable entry");
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .expect("under dir")
                .to_string_lossy()
                .replace('\\', "/");
            files.insert(rel, std::fs::read(entry.path()).expect("readable"));
        }
    }
    files
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("a readable entry");
        let target = to.join(entry.path().strip_prefix(from).expect("under from"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("folders");
        } else {
            std::fs::copy(entry.path(), &target).expect("a copy");
        }
    }
}

/// Whether expectations should be rewritten instead of checked (`GAZETTE_BLESS=1`).
pub fn bless() -> bool {
    std::env::var_os("GAZETTE_BLESS").is_some_and(|v| v == "1")
}

/// A minimal valid site.yaml.
pub const SITE_YAML: &str = "title: Test Desk\nbase_url: https://example.org/\ntimezone: UTC\n";

/// A minimal topic file.
pub const TOPIC: &str = "---\ntitle: Test topic\nsummary: A topic for tests.\n---\nBackground.\n";

/// Where the browser tests expect Debian's Chromium (`shared/checks/install_deps.sh a11y`).
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// Node, and the node_modules folder that holds playwright-core, for the browser tests.
pub struct Tools {
    pub node_modules: PathBuf,
}

/// Finds node, playwright-core and Chromium. A missing one fails the test in CI and skips it elsewhere.
pub fn browser_tools() -> Option<Tools> {
    let missing = |what: &str, fix: &str| {
        let message = format!("{what}; {fix}");
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("a browser test cannot run in CI: {message}");
        }
        eprintln!("note: skipping a browser test: {message}");
    };
    // install_deps.sh puts Chromium and the npm packages where this test looks for them.
    let install = "run `../shared/checks/install_deps.sh a11y`";
    let node = Command::new("node").arg("--version").output();
    if !node.is_ok_and(|o| o.status.success()) {
        missing(
            "`node` is not on PATH",
            "install Node.js (Debian: `apt-get install nodejs`)",
        );
        return None;
    }
    let searched = node_module_dirs();
    let Some(node_modules) = searched
        .iter()
        .find(|dir| dir.join("playwright-core/package.json").is_file())
        .cloned()
    else {
        let searched: Vec<String> = searched.iter().map(|dir| dir.display().to_string()).collect();
        missing(
            &format!("the npm package playwright-core is not in {}", searched.join(" or ")),
            install,
        );
        return None;
    };
    if !Path::new(CHROMIUM).is_file() {
        missing(&format!("no Chromium at {CHROMIUM}"), install);
        return None;
    }
    Some(Tools { node_modules })
}

/// Where the script looks for npm packages, in order: $CHECKS_NODE_DIR (default
/// ~/.cache/site-checks/node, where install_deps.sh puts them), then each NODE_PATH entry.
fn node_module_dirs() -> Vec<PathBuf> {
    let checks = std::env::var_os("CHECKS_NODE_DIR")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cache/site-checks/node")));
    let mut dirs: Vec<PathBuf> = checks.into_iter().map(|dir| dir.join("node_modules")).collect();
    if let Some(node_path) = std::env::var_os("NODE_PATH") {
        dirs.extend(std::env::split_paths(&node_path));
    }
    dirs
}

/// Runs a shared checker (`../shared/checks/<name>`, a bash or Python script) with `args` and
/// returns whether it passed and everything it printed. `None` where the checkers are not beside
/// the repository, which CI never allows.
pub fn run_checker(name: &str, args: &[&OsStr]) -> Option<(bool, String)> {
    let script = repo().parent()?.join("shared/checks").join(name);
    if !script.exists() {
        assert_ne!(
            std::env::var("CI").as_deref(),
            Ok("true"),
            "CI must have ../shared/checks/{name}"
        );
        eprintln!("note: skipping a check: ../shared/checks/{name} is not beside the repository");
        return None;
    }
    let program = if name.ends_with(".py") { "python3" } else { "bash" };
    let run = Command::new(program)
        .arg(&script)
        .args(args)
        .output()
        .expect("the checker runs");
    Some((
        run.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&run.stdout),
            String::from_utf8_lossy(&run.stderr)
        ),
    ))
}

/// Runs one of the Chromium scripts in tests/e2e/ with `args`; returns whether it passed and what
/// it printed.
pub fn run_node_script(tools: &Tools, script: &str, args: &[String]) -> (bool, String) {
    let run = Command::new("node")
        .arg(repo().join("tests/e2e").join(script))
        .args(args)
        .env(
            "CHECKS_NODE_DIR",
            tools.node_modules.parent().expect("node_modules has a parent"),
        )
        .env("CHROMIUM", CHROMIUM)
        .output()
        .expect("node runs");
    (
        run.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&run.stdout),
            String::from_utf8_lossy(&run.stderr)
        ),
    )
}
