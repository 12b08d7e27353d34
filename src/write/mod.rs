//! Write: puts an `Output` on disk atomically. The only module that touches the output folder.
//!
//! The new site is written into a hidden folder beside the output and swapped in only when it is
//! complete, so a build that fails or is killed leaves the previous output exactly as it was.
//! What a build keeps at the top of the output (`KEPT_IN_OUTPUT`: `.git` of a deploy repository
//! or worktree, `.nojekyll`) moves from the previous output into the new one.
//! A write that fails because the output cannot take it (a full disk, no permission) stops all
//! writing and is reported once, not once per file.

use std::collections::HashSet;
use std::io::ErrorKind;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use rayon::prelude::*;

use crate::core::diagnostic::{Diagnostic, display_path, io_reason};
use crate::core::output::{Body, Output};

/// Refuses an output folder that would destroy the site: the root itself, a folder that contains
/// the root, or a folder inside the site's sources.
pub fn check_output_dir(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    // A link to a folder that is not there (a deploy checkout not cloned yet): said as it is,
    // not as the swap's "a part of its path is a file" later.
    if out.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()) && !out.exists() {
        let target = std::fs::read_link(out).unwrap_or_default();
        return Err(Diagnostic::error(
            out,
            None,
            format!(
                "the output folder is a link to {}, which does not exist",
                display_path(&target)
            ),
        )
        .with_hint("create the folder it leads to, or remove the link (a build then makes the folder)"));
    }
    let root_abs = absolute(root);
    let out_abs = absolute(out);
    let refuse = |why: &str| {
        Err(Diagnostic::error(
            out,
            None,
            format!("refusing to use {} as the output folder: {why}", display_path(out)),
        )
        .with_hint("pick a folder of its own, such as `public/` inside the site (the default)"))
    };
    if out_abs == root_abs {
        return refuse("it is the site's root, and building would replace the site with its output");
    }
    if root_abs.starts_with(&out_abs) {
        return refuse("it contains the site, and building would replace the site with its output");
    }
    let read = crate::source::load::SITE_FOLDERS.iter();
    for source in read.chain(std::iter::once(&crate::source::load::CACHE_DIR)) {
        if out_abs.starts_with(root_abs.join(source)) {
            return refuse(&format!("it is inside the site's {source}/ folder"));
        }
    }
    if out_abs.exists() && !out_abs.is_dir() {
        return refuse("it is a file, not a folder");
    }
    // A build replaces the output whole: a folder of other files would be lost with it. A built
    // site always has its home page and its sitemap, so a folder with files and not both is not
    // one (a hand-made website's folder, or a home folder, has an index.html alone). What a
    // build keeps does not count (`.git` alone is a deploy repository's fresh clone).
    let has_files =
        std::fs::read_dir(&out_abs).is_ok_and(|entries| entries.flatten().any(|entry| !is_kept(&entry.file_name())));
    if has_files && !is_built_site(&out_abs) {
        return Err(Diagnostic::error(
            out,
            None,
            format!(
                "refusing to use {} as the output folder: it holds files and no index.html and sitemap.xml, so it is not a built site, and building would delete them",
                display_path(out)
            ),
        )
        .with_hint(
            "name a new or empty folder: a build replaces everything in its output folder but a deploy repository's `.git` (files the site should carry, such as CNAME, belong in static/)",
        ));
    }
    Ok(())
}

/// Whether `folder` is a site a build made (gazette's, or another generator's): it has a home
/// page and a sitemap. Only such a folder is replaced by a build, and no site is made in one.
pub fn is_built_site(folder: &Path) -> bool {
    folder.join("index.html").is_file() && folder.join("sitemap.xml").is_file()
}

/// An absolute, lexically normalised path (symlinks in existing parts resolved).
fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    // Resolve the longest existing ancestor, then append the rest lexically.
    let mut existing = joined.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut resolved = existing.canonicalize().unwrap_or_else(|_| existing.to_path_buf());
    for name in rest.into_iter().rev() {
        resolved.push(name);
    }
    let mut normal = PathBuf::new();
    for component in resolved.components() {
        match component {
            Component::ParentDir => {
                normal.pop();
            }
            Component::CurDir => {}
            other => normal.push(other.as_os_str()),
        }
    }
    normal
}

/// The hidden files beside `out` that a build uses: the new site, the previous one during the
/// swap, and the lock that one build at a time holds while it writes there.
fn staging_dirs(out: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".to_string());
    let parent = out.parent().map(Path::to_path_buf).unwrap_or_default();
    (
        parent.join(format!(".{name}.gazette-new")),
        parent.join(format!(".{name}.gazette-old")),
        parent.join(format!(".{name}.gazette-lock")),
    )
}

/// Takes the lock of the output `out` (the file `lock`, made if need be), or says that another
/// build holds it. Without it, a second build would take the first one's new site for a killed
/// build's leftovers and remove it while the first still writes, and the first would then swap
/// in a half-written site. The lock goes with the process, however it ends. The file is removed
/// by the build that holds it as it ends (`Staging`'s drop), while still locked, so a lock taken
/// on a file that is no longer there is let go and taken again on the new one. A file system
/// that cannot lock (`Unsupported`) builds unlocked, as before.
fn lock_output(out: &Path, lock: &Path) -> Result<Option<std::fs::File>, Diagnostic> {
    loop {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .write(true)
            .truncate(false)
            .open(lock)
            .map_err(|e| beside_error(lock, out, "cannot create the lock of the output folder", &e))?;
        match file.try_lock() {
            Ok(()) if still_named(&file, lock) => return Ok(Some(file)),
            Ok(()) => continue,
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(Diagnostic::error(
                    out,
                    None,
                    format!("another gazette build is writing {} right now", display_path(out)),
                )
                .with_hint(
                    "wait for it to finish, then build again (builds into different `--output` folders can run side by side)",
                ));
            }
            Err(std::fs::TryLockError::Error(e)) if e.kind() == ErrorKind::Unsupported => return Ok(None),
            Err(std::fs::TryLockError::Error(e)) => return Err(io_error(lock, "cannot lock the output folder", &e)),
        }
    }
}

/// Whether `path` still names the open `file` (not a file made since the one opened was removed).
#[cfg(unix)]
fn still_named(file: &std::fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(open), Ok(named)) => open.dev() == named.dev() && open.ino() == named.ino(),
        _ => false,
    }
}

/// Elsewhere a locked file cannot be removed, so the path names it as long as it is locked.
#[cfg(not(unix))]
fn still_named(_: &std::fs::File, _: &Path) -> bool {
    true
}

/// A new site being written beside the output folder. Files go in as they are made (`put`), the
/// rest of an `Output` with `finish`, and `commit` swaps it into place. Dropped without a commit,
/// it removes itself, so the previous output stays exactly as it was.
pub struct Staging {
    out: PathBuf,
    new: PathBuf,
    old: PathBuf,
    /// Folders already made inside `new`, so each is made once.
    made: Mutex<HashSet<PathBuf>>,
    /// The first failure that says the output cannot take the new site (see `stops_all_writing`).
    /// Once set, every write returns it at once and writes nothing: a full disk is one error, and
    /// the build does not go on filling the disk it has just found full.
    failure: OnceLock<Diagnostic>,
    /// Test-only (`GAZETTE_TEST_PAUSE_AT`): where this build stops to be killed.
    pause: Option<Pause>,
    committed: bool,
    /// The output's lock and its file, held until the new site is swapped in or removed
    /// (`lock_output`).
    lock: Option<(std::fs::File, PathBuf)>,
}

impl Staging {
    /// Cleans up after any killed build, then starts an empty new site beside `out`.
    pub fn begin(out: &Path) -> Result<Staging, Diagnostic> {
        // An output that is a link to a folder: the folder is replaced, and the link kept.
        let resolved;
        let out = match out.is_symlink().then(|| out.canonicalize()) {
            Some(Ok(target)) => {
                resolved = target;
                resolved.as_path()
            }
            _ => out,
        };
        let pause = Pause::from_env(out)?;
        if is_mount_point(out) {
            return Err(Diagnostic::error(
                out,
                None,
                "cannot use this folder as the output: a build swaps its new site in for the output, and a mount point cannot be swapped",
            )
            .with_hint(mount_point_hint(out)));
        }
        let (new, old, lock) = staging_dirs(out);
        if let Some(parent) = new.parent().filter(|p| !p.as_os_str().is_empty()) {
            // A file where a folder of the path must be (`-o notes.txt/public`).
            if let Some(file) = parent.ancestors().find(|a| a.is_file()) {
                return Err(Diagnostic::error(
                    file,
                    None,
                    format!(
                        "this is a file, so the output folder {} cannot be made in it",
                        display_path(out)
                    ),
                )
                .with_hint("choose another folder with --output"));
            }
            std::fs::create_dir_all(parent).map_err(|e| io_error(parent, "cannot create the folder", &e))?;
        }
        // Leftovers are cleaned only by the build that holds the lock: they are then a killed
        // build's, never a running one's.
        let lock = lock_output(out, &lock)?.map(|file| (file, lock));
        if let Err(d) = recover(out, &new, &old) {
            // Not left behind: the next build must not take it for a running one's.
            if let Some((_, path)) = &lock {
                let _ = std::fs::remove_file(path);
            }
            return Err(d);
        }
        std::fs::create_dir(&new).map_err(|e| beside_error(&new, out, "cannot create the folder", &e))?;
        writing().push((new.clone(), lock.as_ref().map(|(_, path)| path.clone())));
        Ok(Staging {
            out: out.to_path_buf(),
            new,
            old,
            made: Mutex::new(HashSet::new()),
            failure: OnceLock::new(),
            pause,
            committed: false,
            lock,
        })
    }

    /// The failure that stopped all writing, if one did: the one error to report about the output.
    pub fn failure(&self) -> Option<&Diagnostic> {
        self.failure.get()
    }

    /// Turns a failed write of `path` into its diagnostic. A failure of the output itself (see
    /// `stops_all_writing`) becomes the staging's one failure, naming the output folder; any other
    /// names the file, and the build goes on so that every such error is reported.
    fn failed(&self, path: &Path, what: &str, error: &std::io::Error) -> Diagnostic {
        if !stops_all_writing(error.kind()) {
            return self.file_error(path, what, error);
        }
        self.failure.get_or_init(|| output_failure(&self.out, error)).clone()
    }

    /// One file or folder of the new site that could not be written: named by its place in the
    /// output (not in the hidden folder it is written in), with what most likely made it fail.
    fn file_error(&self, path: &Path, what: &str, error: &std::io::Error) -> Diagnostic {
        let shown = path
            .strip_prefix(&self.new)
            .map_or_else(|_| path.to_path_buf(), |rel| self.out.join(rel));
        let hint = match error.kind() {
            ErrorKind::IsADirectory
            | ErrorKind::NotADirectory
            | ErrorKind::AlreadyExists
            | ErrorKind::DirectoryNotEmpty => {
                "two things of the site claim this path, one as a file and one as a folder: an alias, \
                 a slug, a tag, or a file in content/ or static/ named like the other's place; rename one"
            }
            ErrorKind::InvalidFilename => {
                "a name in this path is longer than the file system allows (255 bytes): shorten the \
                 slug, tag or file name that makes it"
            }
            _ => "check the free space and the permissions of the output folder",
        };
        Diagnostic::error(shown, None, format!("{what}: {}", io_reason(error))).with_hint(hint)
    }

    fn make_parent(&self, path: &str) -> Result<PathBuf, Diagnostic> {
        if let Some(failure) = self.failure.get() {
            return Err(failure.clone());
        }
        let target = self.new.join(path);
        if let Some(parent) = Path::new(path).parent().filter(|p| !p.as_os_str().is_empty()) {
            let known = self.made.lock().map(|made| made.contains(parent)).unwrap_or(false);
            if !known {
                let dir = self.new.join(parent);
                std::fs::create_dir_all(&dir).map_err(|e| self.failed(&dir, "cannot create the folder", &e))?;
                if let Ok(mut made) = self.made.lock() {
                    made.insert(parent.to_path_buf());
                }
            }
        }
        Ok(target)
    }

    /// Writes one file of the new site (`path` is relative and `/`-separated).
    pub fn put(&self, path: &str, body: &Body) -> Result<(), Diagnostic> {
        let target = self.make_parent(path)?;
        match body {
            Body::Bytes(bytes) => self.write_file(&target, bytes),
            Body::Embedded(bytes) => self.write_file(&target, bytes),
            Body::File(source) => self.copy_file(source, &target),
            // Already put here while the site was rendered.
            Body::Written(_) => Ok(()),
        }
    }

    /// Writes one generated file of the new site, as pages stream in while the site renders.
    pub fn put_bytes(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let target = self.make_parent(path)?;
        self.write_file(&target, bytes)?;
        self.pause_at(Step::Streaming);
        Ok(())
    }

    fn write_file(&self, target: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
        std::fs::write(target, bytes).map_err(|e| self.failed(target, "cannot write", &e))
    }

    /// Copies a static file into the new site. `std::fs::copy` does not say whether reading the
    /// source or writing the copy failed, so the source is opened first: one that cannot be read
    /// (no permission) is the site's error, never taken for a failure of the output.
    fn copy_file(&self, source: &Path, target: &Path) -> Result<(), Diagnostic> {
        std::fs::File::open(source).map_err(|e| io_error(source, "cannot copy", &e))?;
        std::fs::copy(source, target)
            .map(|_| ())
            .map_err(|e| self.failed(target, &format!("cannot copy {} here", display_path(source)), &e))
    }

    /// Writes every file of `output` that is not on disk yet.
    pub fn finish(&self, output: &Output) -> Result<(), Diagnostic> {
        output
            .files
            .par_iter()
            .try_for_each(|(path, body)| self.put(path, body))
    }

    /// Swaps the new site into place: where the system can, the two trade names in one step
    /// (`exchange`), so that the output is never missing; elsewhere the old output steps aside
    /// and the new one takes its name. Then the old one goes. The site is in place once this is
    /// `Ok`; an old output that could not be removed (a read-only folder in it) is then a warning.
    pub fn commit(mut self) -> Result<Option<Diagnostic>, Diagnostic> {
        // An incomplete new site never replaces the output (dropped, it removes itself).
        if let Some(failure) = self.failure.get() {
            return Err(failure.clone());
        }
        self.pause_at(Step::BeforeSwap);
        // Either way, the new site is then in place and the previous output aside at `old`.
        let exchanged = self.out.exists() && self.exchange();
        if !exchanged {
            self.swap_by_renames()?;
        }
        let (out, old) = (&self.out, &self.old);
        // In place: the new site is no longer the staging folder that dropping removes. (Until
        // here, a failed rename leaves it to be removed, the previous output kept.)
        self.committed = true;
        // (The test pause says which way the swap went.)
        if let Some(pause) = &self.pause {
            pause.at_saying(Step::AfterSwap, if exchanged { "exchanged" } else { "renamed" });
        }
        // The previous output's `.git` goes into the new one before the rest is removed (a build
        // killed in between leaves it aside, where the next build's `recover` finds it).
        // Not carried, it is an error (exit 1), though the site is in place: a deploy script
        // that went on (`git -C public commit`) would find another repository, or none.
        if old.exists()
            && let Err(kept) = keep_hidden(old, out)
        {
            return Err(kept);
        }
        if old.exists()
            && let Err(e) = std::fs::remove_dir_all(old)
        {
            return Ok(Some(
                Diagnostic::warning(
                    old,
                    None,
                    format!(
                        "the new site is in place, but the previous output set aside here could not be removed: {}",
                        io_reason(&e)
                    ),
                )
                .with_hint(stuck_hint(old)),
            ));
        }
        Ok(None)
    }

    /// The new site and the output trade names in one step (Linux's `renameat2` with
    /// `RENAME_EXCHANGE`; ext4, XFS, Btrfs, tmpfs and overlayfs have it), the previous output
    /// left aside at `old`. The new site takes the name `old` first: a build killed in between
    /// leaves the previous output in place and, aside, a folder that the next build's `recover`
    /// settles as it settles any set aside: it moves what a build keeps from it (a new site has
    /// none of `KEPT_IN_OUTPUT`: static/'s hidden files are not published) and removes it.
    /// `false` when the system cannot exchange: everything is then as it was.
    #[cfg(target_os = "linux")]
    fn exchange(&self) -> bool {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        let (out, new, old) = (&self.out, &self.new, &self.old);
        if std::fs::rename(new, old).is_err() {
            return false;
        }
        self.pause_at(Step::MidSwap);
        if renameat_with(CWD, old.as_path(), CWD, out.as_path(), RenameFlags::EXCHANGE).is_ok() {
            return true;
        }
        // Not here (another file system, an old kernel): back to the two renames. (Should the
        // new site not get its name back, their first fails, and the next build's `recover`
        // removes it from `old`.)
        let _ = std::fs::rename(old, new);
        false
    }

    #[cfg(not(target_os = "linux"))]
    fn exchange(&self) -> bool {
        false
    }

    /// The swap in two renames: the previous output steps aside to `old`, then the new site
    /// takes the output's name (for a moment between them, there is no output).
    fn swap_by_renames(&self) -> Result<(), Diagnostic> {
        let (out, new, old) = (&self.out, &self.new, &self.old);
        if out.exists() {
            std::fs::rename(out, old).map_err(|e| {
                let error = io_error(out, "cannot move the previous output aside", &e);
                // EBUSY, EXDEV: a mount point (a container's volume) cannot be renamed.
                if matches!(e.kind(), ErrorKind::ResourceBusy | ErrorKind::CrossesDevices) {
                    error.with_hint(mount_point_hint(out))
                } else {
                    error
                }
            })?;
        }
        self.pause_at(Step::MidSwap);
        if let Err(e) = std::fs::rename(new, out) {
            let _ = std::fs::rename(old, out);
            return Err(io_error(out, "cannot move the new output into place", &e));
        }
        Ok(())
    }

    fn pause_at(&self, step: Step) {
        if let Some(pause) = &self.pause {
            pause.at(step);
        }
    }
}

/// Whether a failed write means the output cannot take the new site at all, so that every
/// further write would fail the same way: no space (or quota) left, no permission, a read-only
/// file system, a file larger than the process may write.
fn stops_all_writing(kind: ErrorKind) -> bool {
    matches!(
        kind,
        ErrorKind::StorageFull
            | ErrorKind::QuotaExceeded
            | ErrorKind::PermissionDenied
            | ErrorKind::ReadOnlyFilesystem
            | ErrorKind::FileTooLarge
    )
}

/// The one error of a build whose output cannot be written: it names the output folder, not the
/// file that happened to fail first, and says what to fix.
fn output_failure(out: &Path, error: &std::io::Error) -> Diagnostic {
    let shown = display_path(out);
    let fix = match error.kind() {
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => {
            format!("free some space on the file system that holds {shown}, then build again")
        }
        ErrorKind::FileTooLarge => {
            "a file of the site is larger than this process (`ulimit -f`) or the file system allows".to_string()
        }
        _ => format!(
            "the new site is written beside {shown}, then swapped in: the folder that holds it must be writable"
        ),
    };
    Diagnostic::error(out, None, format!("cannot write the output: {}", io_reason(error)))
        .with_hint(format!("writing stopped at the first failure; {fix}"))
}

/// Test-only: the environment variable that stops a build at one step of writing its output, so
/// that tests/it/robust.rs can kill it exactly there and check what a killed build leaves. Not a
/// setting for users, and not documented for them. Its value names a `Step`.
const PAUSE_VARIABLE: &str = "GAZETTE_TEST_PAUSE_AT";

/// The steps of writing the output where a test can stop a build (`GAZETTE_TEST_PAUSE_AT`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// A page has just been written into the new site; the rest are still rendering.
    Streaming,
    /// The new site is complete; the previous output is still in place.
    BeforeSwap,
    /// Between the swap's two steps. Where the system exchanges (Linux): the new site has taken
    /// the name of the place aside, the output is untouched. Elsewhere: the previous output has
    /// stepped aside; the new site has not taken its name yet.
    MidSwap,
    /// The new site has taken the output's name; the previous one, aside, is not removed yet.
    AfterSwap,
}

/// Each step by the name `GAZETTE_TEST_PAUSE_AT` gives it.
const STEPS: [(&str, Step); 4] = [
    ("streaming", Step::Streaming),
    ("before-swap", Step::BeforeSwap),
    ("mid-swap", Step::MidSwap),
    ("after-swap", Step::AfterSwap),
];

/// Test-only: where a build stops, and the marker file it makes there (`<output>.paused`, beside
/// the output) and waits on until the test kills it, or removes the marker to let it go on.
struct Pause {
    step: Step,
    marker: PathBuf,
    /// Pages stream in on every core: only the first to reach the step stops there.
    reached: AtomicBool,
}

impl Pause {
    /// Reads `GAZETTE_TEST_PAUSE_AT` once per build; unset, as it always is outside tests, the
    /// build never looks at it again.
    fn from_env(out: &Path) -> Result<Option<Pause>, Diagnostic> {
        let Some(value) = std::env::var_os(PAUSE_VARIABLE) else {
            return Ok(None);
        };
        let Some(&(_, step)) = STEPS.iter().find(|(name, _)| value == *name) else {
            let names: Vec<&str> = STEPS.iter().map(|(name, _)| *name).collect();
            return Err(Diagnostic::error(
                out,
                None,
                format!(
                    "{PAUSE_VARIABLE} (a switch for gazette's own tests) is `{}`, not one of: {}",
                    value.to_string_lossy(),
                    names.join(", ")
                ),
            ));
        };
        let name = out.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
        Ok(Some(Pause {
            step,
            marker: out.with_file_name(format!("{name}.paused")),
            reached: AtomicBool::new(false),
        }))
    }

    /// At its step, the first time: makes the marker, then waits for it to go.
    fn at(&self, step: Step) {
        self.at_saying(step, "");
    }

    /// `at`, with `note` after the step's name in the marker, for the test to read.
    fn at_saying(&self, step: Step, note: &str) {
        if step != self.step || self.reached.swap(true, Ordering::SeqCst) {
            return;
        }
        if std::fs::write(&self.marker, format!("{step:?} {note}\n")).is_err() {
            // Without the marker no test is waiting: go on rather than wait for ever.
            return;
        }
        while self.marker.exists() {
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

/// The new sites being written now and their locks, for `abandon`.
static WRITING: Mutex<Vec<(PathBuf, Option<PathBuf>)>> = Mutex::new(Vec::new());

fn writing() -> std::sync::MutexGuard<'static, Vec<(PathBuf, Option<PathBuf>)>> {
    // A thread that panicked while holding it leaves the list as good as it was.
    WRITING.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Removes every new site being written and its lock, for a command about to end the process
/// mid-build (the render watchdog), whose `Staging` is never dropped: without this, the hidden
/// `.public.gazette-new` and the lock stay beside the output until the next build. The previous
/// output is untouched. Render threads may still be writing into a new site as it goes: its
/// removal is tried again a few times.
pub fn abandon() {
    for (new, lock) in writing().drain(..) {
        for _ in 0..5 {
            if std::fs::remove_dir_all(&new).is_ok() || !new.exists() {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        if let Some(lock) = lock {
            let _ = std::fs::remove_file(lock);
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        writing().retain(|(new, _)| new != &self.new);
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.new);
        }
        // Removed while still locked (the lock goes with the file handle, after this), so that
        // no build can lock it after this one and before it is gone.
        if let Some((_, path)) = &self.lock {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Writes `output` into `out`, replacing what was there only once the new site is complete; a
/// warning when the previous output could not be removed (`Staging::commit`).
pub fn write(output: &Output, out: &Path) -> Result<Option<Diagnostic>, Diagnostic> {
    let staging = Staging::begin(out)?;
    staging.finish(output)?;
    staging.commit()
}

/// How to remove a folder of an earlier output that the build could not remove.
fn stuck_hint(folder: &Path) -> String {
    let folder = display_path(folder);
    format!(
        "a folder in it is read-only or unreadable: make it yours to change and delete it (`chmod -R u+rwX {folder} && rm -rf {folder}`)"
    )
}

/// Cleans up after a build that was killed: a half-written new site goes; a previous output that
/// was stepped aside but never replaced comes back.
fn recover(out: &Path, new: &Path, old: &Path) -> Result<(), Diagnostic> {
    if new.exists() {
        std::fs::remove_dir_all(new).map_err(|e| io_error(new, "cannot remove a leftover temporary folder", &e))?;
    }
    if old.exists() {
        if out.exists() {
            // A build killed after its swap: the output is the new site, and what was hidden in
            // the previous one (`.git`) is still aside. (Or, on Linux, killed just before its
            // exchange: the output is the previous one, untouched, and the new site is aside,
            // with nothing in it that a build keeps; it goes all the same.)
            keep_hidden(old, out)?;
            std::fs::remove_dir_all(old).map_err(|e| {
                Diagnostic::error(
                    old,
                    None,
                    format!(
                        "an earlier build set its previous output aside here, and it cannot be removed: {}",
                        io_reason(&e)
                    ),
                )
                .with_hint(stuck_hint(old))
            })?;
        } else {
            std::fs::rename(old, out).map_err(|e| io_error(old, "cannot restore the previous output", &e))?;
        }
    }
    Ok(())
}

/// The addresses (paths, `/2024/06/pact/`) the sitemaps of the output `out` list: its
/// `sitemap.xml` and each language folder's, and their parts past 50,000 addresses
/// (`sitemap-2.xml`, which an index names). Read before and after a build, they tell which pages
/// the build took away (an article drafted or renamed, a permalink changed): links to them lead
/// nowhere now. Empty when there is no output or no sitemap.
pub fn listed_pages(out: &Path) -> std::collections::BTreeSet<String> {
    let is_sitemap = |path: &Path| {
        path.file_name()
            .and_then(|name| name.to_str())
            .is_some_and(|name| name.starts_with("sitemap") && name.ends_with(".xml"))
    };
    let files_in = |dir: &Path| -> Vec<PathBuf> {
        std::fs::read_dir(dir)
            .map(|entries| entries.flatten().map(|entry| entry.path()).collect())
            .unwrap_or_default()
    };
    let mut sitemaps = Vec::new();
    for entry in files_in(out) {
        if entry.is_dir() {
            sitemaps.extend(files_in(&entry).into_iter().filter(|path| is_sitemap(path)));
        } else if is_sitemap(&entry) {
            sitemaps.push(entry);
        }
    }
    let mut pages = std::collections::BTreeSet::new();
    for sitemap in sitemaps {
        let Ok(text) = std::fs::read_to_string(&sitemap) else {
            continue;
        };
        for piece in text.split("<loc>").skip(1) {
            let Some((url, _)) = piece.split_once("</loc>") else {
                continue;
            };
            // The path: what stays the same when only the scheme or host would differ. An index's
            // entries are its parts, whose own entries are read above.
            let path = url.split_once("://").map_or(url, |(_, rest)| rest);
            let path = path.find('/').map_or("/", |at| &path[at..]);
            if !path.ends_with(".xml") {
                pages.insert(path.replace("&amp;", "&"));
            }
        }
    }
    pages
}

/// The entries at the top of an output folder that a build keeps (a build never writes them):
/// a deploy repository's or worktree's (`.git`, a file in a worktree; Mercurial's, Subversion's,
/// Jujutsu's) and what a host reads there (`.nojekyll`, Codeberg's `.domains`). Other hidden
/// names (`.DS_Store`, a stray `.env`, a `.well-known` that static/ no longer has) go with the
/// previous output.
const KEPT_IN_OUTPUT: [&str; 6] = [".git", ".hg", ".svn", ".jj", ".nojekyll", ".domains"];

/// Whether an entry at the top of the output is one a build keeps (`KEPT_IN_OUTPUT`).
fn is_kept(name: &std::ffi::OsStr) -> bool {
    KEPT_IN_OUTPUT.iter().any(|kept| name == *kept)
}

/// Moves what a build keeps (`KEPT_IN_OUTPUT`) from the top of the previous output `old` into the
/// new output `out`. A move that fails is an error: the caller must then keep `old`, which still
/// holds what was not moved.
fn keep_hidden(old: &Path, out: &Path) -> Result<(), Diagnostic> {
    let entries = std::fs::read_dir(old).map_err(|e| io_error(old, "cannot read the previous output", &e))?;
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !is_kept(&name) {
            continue;
        }
        let (from, to) = (entry.path(), out.join(&name));
        std::fs::rename(&from, &to).map_err(|e| {
            Diagnostic::error(
                &from,
                None,
                format!(
                    "cannot move `{}` from the previous output into the new one ({}): {}",
                    name.to_string_lossy(),
                    display_path(&to),
                    io_reason(&e)
                ),
            )
            .with_hint(format!(
                "the new site is in place, but the previous output is left at {}: move its `{}` into {} yourself, then build again",
                display_path(old),
                name.to_string_lossy(),
                display_path(out)
            ))
        })?;
    }
    Ok(())
}

/// Whether the output folder is a mount point (a container's volume): on another device than the
/// folder above it. Told before the build renders anything; where this cannot be known, the
/// swap's rename fails and says the same.
fn is_mount_point(out: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        match (std::fs::metadata(out), std::fs::metadata(parent)) {
            (Ok(out), Ok(parent)) => out.is_dir() && out.dev() != parent.dev(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = out;
        false
    }
}

/// What to do with an output folder that is a mount point.
fn mount_point_hint(out: &Path) -> String {
    format!(
        "{} is a mount point (a container's volume?), which cannot be swapped for the new site: build into a folder inside it (`--output {}/site`), or mount the folder above it",
        display_path(out),
        display_path(out)
    )
}

/// An error making what goes beside the output `out` (its lock, the new site): the folder that
/// holds the output must be writable, not only the output.
fn beside_error(path: &Path, out: &Path, what: &str, error: &std::io::Error) -> Diagnostic {
    let diagnostic = io_error(path, what, error);
    if error.kind() != ErrorKind::PermissionDenied {
        return diagnostic;
    }
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    diagnostic.with_hint(format!(
        "the new site is written beside {} and swapped in, so {} must be writable too (or build elsewhere with --output and copy)",
        display_path(out),
        display_path(parent)
    ))
}

fn io_error(path: &Path, what: &str, error: &std::io::Error) -> Diagnostic {
    Diagnostic::error(path, None, format!("{what}: {}", io_reason(error)))
        .with_hint("check the free space and the permissions of the output folder")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Review: past 50,000 addresses `sitemap.xml` is an index of parts, whose names were taken
    /// for pages ("1 page of the previous build is gone: /sitemap-3.xml").
    #[test]
    fn listed_pages_reads_the_parts_of_an_index_and_each_languages_sitemap() {
        let out = tempfile::tempdir().unwrap();
        let write = |rel: &str, text: &str| {
            let path = out.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write(
            "sitemap.xml",
            "<sitemapindex><sitemap><loc>https://x.org/news/sitemap-1.xml</loc></sitemap></sitemapindex>",
        );
        write(
            "sitemap-1.xml",
            "<urlset><url><loc>https://x.org/news/</loc></url><url><loc>https://x.org/news/a/?b=1&amp;c=2</loc></url></urlset>",
        );
        write(
            "ko/sitemap.xml",
            "<urlset><url><loc>https://x.org/news/ko/</loc></url></urlset>",
        );
        write("topics/index.html", "<loc>https://x.org/not-a-sitemap/</loc>");
        let pages: Vec<String> = listed_pages(out.path()).into_iter().collect();
        assert_eq!(pages, ["/news/", "/news/a/?b=1&c=2", "/news/ko/"]);
        assert!(listed_pages(&out.path().join("missing")).is_empty());
    }

    #[test]
    fn refuses_outputs_that_would_destroy_the_site() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        std::fs::create_dir_all(root.join("content")).unwrap();
        assert!(check_output_dir(root, &root.join("public")).is_ok());
        assert!(check_output_dir(root, root).is_err());
        assert!(check_output_dir(root, &root.join(".")).is_err());
        assert!(check_output_dir(root, root.parent().unwrap()).is_err());
        assert!(check_output_dir(root, &root.join("content")).is_err());
        assert!(check_output_dir(root, &root.join("content/out")).is_err());
        assert!(
            check_output_dir(root, &root.join("i18n/out")).is_err(),
            "every folder the site reads"
        );
        assert!(check_output_dir(root, &root.join("public/../content")).is_err());
        // Regression: a folder of other files was emptied by the build's swap. Empty, or a
        // built site (it has its home page), it is taken.
        let other = root.join("notes");
        std::fs::create_dir_all(&other).unwrap();
        assert!(check_output_dir(root, &other).is_ok());
        std::fs::write(other.join("thesis.txt"), "mine").unwrap();
        let refused = check_output_dir(root, &other).unwrap_err();
        assert!(refused.message.contains("no index.html"), "{}", refused.message);
        // Regression (session 30's robustness probe): a hand-made website's folder (or a home
        // folder) with an index.html was taken for a built site, and its other files deleted.
        std::fs::write(other.join("index.html"), "<!DOCTYPE html>").unwrap();
        assert!(check_output_dir(root, &other).is_err());
        std::fs::write(other.join("sitemap.xml"), "<urlset/>").unwrap();
        assert!(check_output_dir(root, &other).is_ok());
        // Regression (session 30's robustness probe): a link to a folder that does not exist
        // was blamed on "a part of its path is a file", with a hint about free space.
        let dangling = root.join("linked");
        std::os::unix::fs::symlink(root.join("nowhere"), &dangling).unwrap();
        let refused = check_output_dir(root, &dangling).unwrap_err();
        assert!(
            refused.message.contains("is a link to") && refused.message.ends_with("nowhere, which does not exist"),
            "{}",
            refused.message
        );
    }

    #[test]
    fn replaces_the_output_whole_and_recovers_from_a_killed_build() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let mut first = Output::default();
        first.insert("a/index.html".into(), Body::Bytes(b"one".to_vec()));
        first.insert("stale.txt".into(), Body::Bytes(b"x".to_vec()));
        write(&first, &out).unwrap();
        let mut second = Output::default();
        second.insert("a/index.html".into(), Body::Bytes(b"two".to_vec()));
        write(&second, &out).unwrap();
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"two");
        assert!(!out.join("stale.txt").exists());

        // A build killed between the two renames left the old output aside: it comes back.
        let (new, old, _) = staging_dirs(&out);
        std::fs::rename(&out, &old).unwrap();
        std::fs::create_dir_all(new.join("half")).unwrap();
        recover(&out, &new, &old).unwrap();
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"two");
        assert!(!new.exists() && !old.exists());
    }

    /// Regression: a file and a folder of the site on one path (an alias `/atom.xml` beside the
    /// feed) failed with the path of the hidden new site and a hint about free space.
    #[test]
    fn a_path_that_is_both_a_file_and_a_folder_is_named_in_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = Staging::begin(&out).unwrap();
        staging.put_bytes("atom.xml", b"<feed/>").unwrap();
        let error = staging.put_bytes("atom.xml/index.html", b"moved").unwrap_err();
        assert_eq!(error.path, out.join("atom.xml"));
        assert!(
            error
                .hint
                .as_deref()
                .is_some_and(|h| h.contains("one as a file and one as a folder")),
            "{error:?}"
        );
        let long = format!("tags/{}/index.html", "t".repeat(300));
        let error = staging.put_bytes(&long, b"x").unwrap_err();
        assert!(
            error.hint.as_deref().is_some_and(|h| h.contains("255 bytes")),
            "{error:?}"
        );
    }

    /// Regression: an output that was a link to a folder was itself replaced by a folder (the
    /// link lost, the folder it named never updated).
    #[cfg(unix)]
    #[test]
    fn an_output_that_is_a_link_is_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        std::fs::create_dir_all(&real).unwrap();
        std::fs::write(real.join("index.html"), "old").unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let mut output = Output::default();
        output.insert("index.html".into(), Body::Bytes(b"new".to_vec()));
        write(&output, &link).unwrap();
        assert!(link.is_symlink(), "the link is kept");
        assert_eq!(std::fs::read(real.join("index.html")).unwrap(), b"new");
    }

    /// Regression (two builds into one output at once): the second used to take the first's new
    /// site for a killed build's leftovers and remove it, and the first then swapped in a
    /// half-written site and exited 0. Now the second is refused while the first writes, and
    /// the first's new site is untouched.
    #[test]
    fn a_second_build_into_the_same_output_is_refused_while_the_first_writes() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = Staging::begin(&out).unwrap();
        first.put_bytes("a/index.html", b"first").unwrap();
        let refused = Staging::begin(&out).err().expect("a second build is refused");
        assert!(
            refused.message.contains("another gazette build is writing"),
            "{}",
            refused.message
        );
        let (new, _, _) = staging_dirs(&out);
        assert_eq!(std::fs::read(new.join("a/index.html")).unwrap(), b"first");
        first.commit().unwrap();
        // The lock went with the first build, and its file too: the next one goes ahead.
        let (_, _, lock) = staging_dirs(&out);
        assert!(!lock.exists(), "the lock's file is left behind");
        let next = Staging::begin(&out).unwrap();
        drop(next);
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"first");
        // Another output beside it has a lock of its own.
        let _one = Staging::begin(&out).unwrap();
        let _other = Staging::begin(&dir.path().join("preview")).unwrap();
    }

    /// Issue 12: after the output fails (here a full device, /dev/full behind a link in the new
    /// site), nothing more is written and every write returns that one error, naming the output.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_full_output_stops_every_later_write_with_one_error() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("index.html"), b"previous").unwrap();
        let staging = Staging::begin(&out).unwrap();
        let (new, _, _) = staging_dirs(&out);
        std::os::unix::fs::symlink("/dev/full", new.join("full.html")).unwrap();
        assert!(staging.put_bytes("first.html", b"one").is_ok());

        let first = staging.put_bytes("full.html", b"page").unwrap_err();
        assert_eq!(first.path, out);
        assert!(
            first.message.ends_with("cannot write the output: the disk is full"),
            "{first}"
        );
        let mut rest = Output::default();
        rest.insert("c/later.html".into(), Body::Bytes(b"page".to_vec()));
        let later = [
            staging.put_bytes("a/later.html", b"page"),
            staging.put("b/later.html", &Body::Bytes(b"page".to_vec())),
            staging.finish(&rest),
        ];
        for result in later {
            assert_eq!(result.err().as_ref(), Some(&first));
        }
        for folder in ["a", "b", "c"] {
            assert!(!new.join(folder).exists(), "{folder}/ written after the failure");
        }
        assert_eq!(staging.failure(), Some(&first));
        assert_eq!(staging.commit().unwrap_err(), first);
        assert!(!new.exists(), "the new site is removed");
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"previous");
    }

    /// Any other failure names its file and does not stop the build, so all of them are reported.
    #[test]
    fn a_failure_of_one_file_names_it_and_writing_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = Staging::begin(&out).unwrap();
        staging.put_bytes("file", b"x").unwrap();
        let error = staging.put_bytes("file/under-a-file.html", b"page").unwrap_err();
        assert_ne!(error.path, out, "{error}");
        assert!(staging.failure().is_none());
        assert!(staging.put_bytes("next.html", b"page").is_ok());
        let (new, _, _) = staging_dirs(&out);
        assert!(new.join("next.html").is_file());
        let missing = Body::File(dir.path().join("no-such-static-file.css"));
        let error = staging.put("style.css", &missing).unwrap_err();
        assert!(error.path.ends_with("no-such-static-file.css"), "{error}");
        assert!(staging.failure().is_none());
    }
}
