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
        // Each test says its base URL: not the one a developer's shell may have set.
        .env_remove("GAZETTE_BASE_URL")
        .output()
        .expect("the gazette binary runs")
}

/// Runs `command` with its output read, and kills it after `limit`: `None` when it did not
/// finish by then. For the tests whose point is that something does not hang: a hang fails them
/// rather than stopping the whole run.
pub fn output_within(command: &mut Command, limit: std::time::Duration) -> Option<Output> {
    use std::io::Read as _;
    let mut child = command
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the command starts");
    let read = |mut from: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = from.read_to_end(&mut bytes);
            bytes
        })
    };
    let out = read(Box::new(child.stdout.take().expect("stdout")));
    let err = read(Box::new(child.stderr.take().expect("stderr")));
    let deadline = std::time::Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return Some(Output {
                status,
                stdout: out.join().expect("stdout read"),
                stderr: err.join().expect("stderr read"),
            });
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Runs `gazette` with `args` in `dir` as `gazette` does, failing the test when it has not
/// finished within `limit` (a hang).
pub fn gazette_within(dir: &Path, args: &[&str], limit: std::time::Duration) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_gazette"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("GAZETTE_BASE_URL");
    output_within(&mut command, limit)
        .unwrap_or_else(|| panic!("`gazette {}` did not finish within {limit:?}", args.join(" ")))
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

/// Whether expectations should be rewritten instead of checked (`GAZETTE_BLESS=1`). Refused in CI:
/// a blessing test compares nothing, so it would pass whatever the output.
pub fn bless() -> bool {
    let bless = std::env::var_os("GAZETTE_BLESS").is_some_and(|v| v == "1");
    assert!(
        !(bless && in_ci()),
        "GAZETTE_BLESS=1 rewrites the expectations instead of checking them; CI must not set it"
    );
    bless
}

/// Whether the tests run in CI, where no test may skip its point: `CI` set to anything but
/// empty, `0` or `false` (`.ci/run` sets `true`; other CI services set `1` or `True`).
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| {
        let v = v.trim();
        !(v.is_empty() || v == "0" || v.eq_ignore_ascii_case("false"))
    })
}

/// The name of the running test, as libtest names its thread (`module::test`).
fn test_name() -> String {
    std::thread::current().name().unwrap_or("a test").to_string()
}

/// Says that the running test is skipped, past libtest's output capture: a plain `cargo test`
/// shows the line, so a green run that tested nothing is visible.
fn say_skipped(why: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "SKIPPED: {}: {why}", test_name());
}

/// The gate every test goes through before it uses a tool the machine may lack (`what`, such as
/// "java"; `install`, how to get it). Returns whether the tool is there. Without it, the test
/// fails in CI (`.ci/run` installs every such tool, so a missing one is a broken CI machine) and
/// elsewhere prints a `SKIPPED:` line naming the tool and the fix; the caller then returns.
#[track_caller]
pub fn require(what: &str, install: &str, available: bool) -> bool {
    if available {
        return true;
    }
    if in_ci() {
        panic!(
            "{}: {what} is missing, and CI (CI=true) runs every test: install it with {install}",
            test_name()
        );
    }
    say_skipped(&format!("{what} missing (install with {install})"));
    false
}

/// Whether `program args` runs and exits with success (a tool is installed and works).
pub fn runs(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .is_ok_and(|o| o.status.success())
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

/// Finds node, playwright-core and Chromium, through `require`: a missing one fails the test in
/// CI and skips it elsewhere.
#[track_caller]
pub fn browser_tools() -> Option<Tools> {
    // install_deps.sh puts Chromium and the npm packages where this test looks for them.
    let install = format!("`{}/install_deps.sh a11y`", checks_dir().display());
    if !require(
        "node (Node.js)",
        "`apt-get install nodejs npm`",
        runs("node", &["--version"]),
    ) {
        return None;
    }
    let searched = node_module_dirs();
    let found = searched
        .iter()
        .find(|dir| dir.join("playwright-core/package.json").is_file())
        .cloned();
    let searched: Vec<String> = searched.iter().map(|dir| dir.display().to_string()).collect();
    let what = format!("the npm package playwright-core (looked in {})", searched.join(" and "));
    if !require(&what, &install, found.is_some()) {
        return None;
    }
    let node_modules = found?;
    // Every script that checks accessibility injects axe-core's script.
    if !require(
        &format!("the npm package axe-core (in {})", node_modules.display()),
        &install,
        node_modules.join("axe-core/axe.min.js").is_file(),
    ) {
        return None;
    }
    if !require(
        &format!("Chromium at {CHROMIUM}"),
        &install,
        Path::new(CHROMIUM).is_file(),
    ) {
        return None;
    }
    Some(Tools { node_modules })
}

/// Where install_deps.sh puts npm packages: $CHECKS_NODE_DIR, by default ~/.cache/site-checks/node.
fn checks_node_dir() -> Option<PathBuf> {
    std::env::var_os("CHECKS_NODE_DIR")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cache/site-checks/node")))
}

/// Where the script looks for npm packages, in order: $CHECKS_NODE_DIR (default
/// ~/.cache/site-checks/node, where install_deps.sh puts them), then each NODE_PATH entry.
fn node_module_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = checks_node_dir()
        .into_iter()
        .map(|dir| dir.join("node_modules"))
        .collect();
    if let Some(node_path) = std::env::var_os("NODE_PATH") {
        dirs.extend(std::env::split_paths(&node_path));
    }
    dirs
}

/// The shared checkers' folder: $GAZETTE_CHECKS_DIR, by default `shared/checks` beside the
/// repository (`../shared/checks`, as .ci/run has it).
fn checks_dir() -> PathBuf {
    match std::env::var_os("GAZETTE_CHECKS_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => repo().parent().unwrap_or(Path::new("/")).join("shared/checks"),
    }
}

/// What a shared checker needs besides bash, each as (what, whether it is there), and the
/// install_deps.sh component that installs it. The checkers would install what they lack
/// themselves, which outside CI means a test that runs apt-get or fails for want of root; asking
/// first lets a developer's run skip the check and say so instead.
fn checker_needs(name: &str) -> (Vec<(String, bool)>, &'static str) {
    match name {
        "check_html.sh" => {
            let jar = std::env::var_os("VNU_JAR")
                .map(PathBuf::from)
                .or_else(|| checks_node_dir().map(|dir| dir.join("node_modules/vnu-jar/build/dist/vnu.jar")));
            let jar_found = jar.as_ref().is_some_and(|jar| jar.is_file());
            let jar_shown = jar.map_or_else(|| "$CHECKS_NODE_DIR".to_string(), |jar| jar.display().to_string());
            (
                vec![
                    ("java".to_string(), runs("java", &["-version"])),
                    (format!("the W3C Nu checker (vnu.jar at {jar_shown})"), jar_found),
                ],
                "html",
            )
        }
        "check_feeds.py" => (
            vec![(
                "python3 with feedparser".to_string(),
                runs("python3", &["-c", "import feedparser"]),
            )],
            "feeds",
        ),
        "check_sitemap.sh" => (
            vec![("xmllint".to_string(), runs("xmllint", &["--version"]))],
            "sitemap",
        ),
        "check_links.py" => (vec![("python3".to_string(), runs("python3", &["--version"]))], "links"),
        "check_email.mjs" => {
            let caniemail =
                checks_node_dir().is_some_and(|dir| dir.join("node_modules/caniemail/package.json").is_file());
            (
                vec![
                    ("node (Node.js)".to_string(), runs("node", &["--version"])),
                    ("the npm package caniemail (in $CHECKS_NODE_DIR)".to_string(), caniemail),
                ],
                "email",
            )
        }
        other => panic!("tests/it/common.rs does not know what the checker {other} needs; add it to checker_needs"),
    }
}

/// Runs a shared checker (`<checks>/<name>`, a bash or Python script) with `args` and returns
/// whether it passed and everything it printed. `None` (after `require` said why) where the
/// checkers' folder or a tool the checker needs is missing, which fails the test in CI instead.
#[track_caller]
pub fn run_checker(name: &str, args: &[&OsStr]) -> Option<(bool, String)> {
    let checks = checks_dir();
    let script = checks.join(name);
    if !require(
        &format!("the shared checker {}", script.display()),
        "a copy of the shared checkers in that folder, or `GAZETTE_CHECKS_DIR=<their folder>`",
        script.is_file(),
    ) {
        return None;
    }
    let (needs, component) = checker_needs(name);
    let install = match component {
        // check_links.py needs only Python's standard library.
        "links" => "`apt-get install python3`".to_string(),
        component => format!("`{}/install_deps.sh {component}`", checks.display()),
    };
    for (what, available) in needs {
        if !require(&format!("{what} (for {name})"), &install, available) {
            return None;
        }
    }
    let program = if name.ends_with(".py") {
        "python3"
    } else if name.ends_with(".mjs") {
        "node"
    } else {
        "bash"
    };
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

/// How long a script in tests/e2e/ may run before it is taken for a hang.
const NODE_SCRIPT_LIMIT: std::time::Duration = std::time::Duration::from_secs(300);

/// Runs one of the Chromium scripts in tests/e2e/ with `args`; returns whether it passed and what
/// it printed.
pub fn run_node_script(tools: &Tools, script: &str, args: &[String]) -> (bool, String) {
    let mut node = Command::new("node");
    node.arg(repo().join("tests/e2e").join(script))
        .args(args)
        .env(
            "CHECKS_NODE_DIR",
            tools.node_modules.parent().expect("node_modules has a parent"),
        )
        .env("CHROMIUM", CHROMIUM);
    // Every script finishes in well under a minute; a browser that hangs fails its test.
    let Some(run) = output_within(&mut node, NODE_SCRIPT_LIMIT) else {
        return (false, format!("{script} did not finish within {NODE_SCRIPT_LIMIT:?}"));
    };
    (
        run.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&run.stdout),
            String::from_utf8_lossy(&run.stderr)
        ),
    )
}
