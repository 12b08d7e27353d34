//! Watching: a pure classifier from file-system events to "what changed", and the watcher that
//! feeds it (notify with notify-debouncer-full, which stitches editors' rename-over saves).

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::RecursiveMode;
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::source::load::{is_ignored_name, is_published_hidden};

/// What kind of file-system event happened, as far as the classifier cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    /// Created, modified, removed or renamed: anything that can change the site.
    Change,
    /// Read or opened: never a reason to rebuild.
    Access,
}

/// One file-system event: its kind and the paths it names (both ends of a rename).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatchEvent {
    pub kind: EventKind,
    pub paths: Vec<PathBuf>,
}

/// What a batch of events changed in the site.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Changes {
    pub content: bool,
    pub templates: bool,
    pub static_files: bool,
    pub config: bool,
    /// Every static file that changed is a stylesheet (true until one is not).
    pub static_all_css: bool,
}

impl Changes {
    pub fn any(&self) -> bool {
        self.content || self.templates || self.static_files || self.config
    }

    /// Only stylesheets changed, so a page can keep its state and just swap them.
    pub fn only_stylesheets(&self) -> bool {
        self.static_files && self.static_all_css && !self.content && !self.templates && !self.config
    }
}

/// Sorts a batch of events into what changed. Pure: it looks at paths, not at the disk.
///
/// Ignored: access events, hidden files and folders, editor swap/backup/lock files (vim's `.swp`
/// and `4913`, `~` backups, emacs `.#` locks, `.tmp`), the output folder, and anything outside
/// content/, templates/, themes/, static/, i18n/ and site.yaml.
pub fn classify(root: &Path, output: &Path, events: &[WatchEvent]) -> Changes {
    let mut changes = Changes {
        static_all_css: true,
        ..Changes::default()
    };
    for event in events {
        if event.kind == EventKind::Access {
            continue;
        }
        for path in &event.paths {
            let Ok(rel) = path.strip_prefix(root) else { continue };
            if rel.as_os_str().is_empty() {
                // The root itself: events were lost, so anything may have changed.
                changes.content = true;
                changes.templates = true;
                changes.static_files = true;
                changes.config = true;
                changes.static_all_css = false;
                continue;
            }
            if path.starts_with(output) {
                continue;
            }
            let parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            // `static/.well-known/…` is published (`is_published_hidden`); other hidden names not.
            let ignored = |(i, p): (usize, &String)| is_ignored_name(p) && !(i == 1 && is_published_hidden(p));
            if parts.is_empty() || parts.iter().enumerate().any(ignored) {
                continue;
            }
            match parts[0].as_str() {
                "site.yaml" if parts.len() == 1 => changes.config = true,
                "content" => changes.content = true,
                // The site's words (i18n/<lang>.yaml) are read with the templates.
                "templates" | "i18n" => changes.templates = true,
                "static" => {
                    changes.static_files = true;
                    changes.static_all_css &= is_css(&parts);
                }
                "themes" => match parts.get(2).map(String::as_str) {
                    Some("static") => {
                        changes.static_files = true;
                        changes.static_all_css &= is_css(&parts);
                    }
                    Some("templates") => changes.templates = true,
                    // A theme folder itself appearing or going: treat it as a template change.
                    _ => changes.templates = true,
                },
                _ => {}
            }
        }
    }
    if !changes.static_files {
        changes.static_all_css = false;
    }
    changes
}

/// The site-relative, `/`-separated paths a batch of events names (`content/2024/06/a.md`), for
/// the parse cache; the root itself (events were lost) is the empty path. `None` when an event
/// names a path outside the site, so what changed is not known.
pub fn changed_paths(root: &Path, events: &[WatchEvent]) -> Option<Vec<String>> {
    let mut paths = Vec::new();
    for event in events.iter().filter(|e| e.kind == EventKind::Change) {
        for path in &event.paths {
            let rel = path.strip_prefix(root).ok()?;
            let parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            paths.push(parts.join("/"));
        }
    }
    Some(paths)
}

fn is_css(parts: &[String]) -> bool {
    parts.last().is_some_and(|name| name.ends_with(".css"))
}

/// The folders of a site that are watched recursively (those that exist).
pub fn watched_folders(root: &Path) -> Vec<PathBuf> {
    crate::source::load::SITE_FOLDERS
        .iter()
        .map(|name| root.join(name))
        .filter(|p| p.is_dir())
        .collect()
}

/// A running watcher: batches of events arrive on `events`.
pub struct Watcher {
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    /// The folders watched, each with the identity of the folder it was when its watch began.
    watched: Vec<(PathBuf, Option<FolderId>)>,
    root: PathBuf,
    pub events: mpsc::Receiver<Vec<WatchEvent>>,
}

/// How long the debouncer waits for an event burst to end. Editors' saves (write, or write a
/// temporary file and rename it over) arrive well within a millisecond; a burst that is longer
/// (a `git checkout`) just costs a second rebuild. It is a tenth of the 100 ms an edit may take to
/// reach the browser.
pub const DEBOUNCE: Duration = Duration::from_millis(10);

impl Watcher {
    /// Watches the site's folders (recursively) and its root (for site.yaml and new folders).
    pub fn start(root: &Path) -> notify::Result<Watcher> {
        let (sender, events) = mpsc::channel();
        let site_root = root.to_path_buf();
        // The debouncer's thread wakes every tick, even when nothing happens: at a tick of one
        // debounce a burst is announced 10–20 ms after its last event, and an idle server wakes
        // 100 times a second (at 2 ms it was 500, which a laptop's battery feels).
        let debouncer = new_debouncer(DEBOUNCE, Some(DEBOUNCE), move |result: DebounceEventResult| {
            let converted: Vec<WatchEvent> = match result {
                Ok(batch) => batch
                    .into_iter()
                    .map(|e| WatchEvent {
                        kind: if matches!(e.event.kind, notify::EventKind::Access(_)) {
                            EventKind::Access
                        } else {
                            EventKind::Change
                        },
                        // Events were lost (the kernel's queue overflowed): anything may have
                        // changed, which the root itself stands for.
                        paths: if e.event.need_rescan() {
                            vec![site_root.clone()]
                        } else {
                            e.event.paths.clone()
                        },
                    })
                    .collect(),
                Err(_) => vec![WatchEvent {
                    kind: EventKind::Change,
                    paths: vec![site_root.clone()],
                }],
            };
            let _ = sender.send(converted);
        })?;
        let mut watcher = Watcher {
            debouncer,
            watched: Vec::new(),
            root: root.to_path_buf(),
            events,
        };
        watcher.debouncer.watch(root, RecursiveMode::NonRecursive)?;
        watcher.refresh()?;
        Ok(watcher)
    }

    /// Starts watching site folders created since the last call, and watches again those that
    /// were replaced: a watch follows the folder it began on, so one removed and made again
    /// (`mv content x && cp -r x content`) would otherwise never be seen again.
    pub fn refresh(&mut self) -> notify::Result<()> {
        let folders = watched_folders(&self.root);
        let mut kept = Vec::new();
        for (folder, id) in std::mem::take(&mut self.watched) {
            if folders.contains(&folder) && folder_id(&folder) == id {
                kept.push((folder, id));
            } else {
                // Gone or replaced: its watch ended with the folder it was on.
                let _ = self.debouncer.unwatch(&folder);
            }
        }
        self.watched = kept;
        for folder in folders {
            if !self.watched.iter().any(|(watched, _)| *watched == folder) {
                let id = folder_id(&folder);
                self.debouncer.watch(&folder, RecursiveMode::Recursive)?;
                self.watched.push((folder, id));
            }
        }
        Ok(())
    }
}

/// What a failure to watch tells the writer: the folder it names (or `root`), and why in words,
/// without notify's `(os error N)` or its Debug-quoted paths.
pub fn watch_error(root: &Path, error: &notify::Error) -> String {
    let path = error.paths.first().map_or(root, PathBuf::as_path);
    let reason = match &error.kind {
        notify::ErrorKind::Io(io) => crate::core::diagnostic::io_reason(io),
        notify::ErrorKind::PathNotFound => "it does not exist".to_string(),
        notify::ErrorKind::MaxFilesWatch => {
            "the system's limit on watched folders is reached (raise it: `sudo sysctl fs.inotify.max_user_watches=524288`)"
                .to_string()
        }
        notify::ErrorKind::Generic(text) => text.clone(),
        other => format!("{other:?}"),
    };
    format!("cannot watch {}: {reason}", path.display())
}

/// Which folder a path names (device and inode), to tell a folder made again from the one before.
type FolderId = (u64, u64);

#[cfg(unix)]
fn folder_id(path: &Path) -> Option<FolderId> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

/// Elsewhere a folder is known by its path alone (a folder made again keeps its watch there).
#[cfg(not(unix))]
fn folder_id(_: &Path) -> Option<FolderId> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression (review, session 24): a folder that could not be watched again after a change
    /// was reported as notify says it, "Permission denied (os error 13) about [\"/site/x\"]".
    #[test]
    fn a_watch_error_names_the_folder_and_says_why_in_words() {
        let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let error = notify::Error::io(denied).add_path(PathBuf::from("/site/content/2024"));
        assert_eq!(
            watch_error(Path::new("/site"), &error),
            "cannot watch /site/content/2024: permission denied"
        );
        let error = notify::Error::new(notify::ErrorKind::MaxFilesWatch);
        assert!(
            watch_error(Path::new("/site"), &error)
                .starts_with("cannot watch /site: the system's limit on watched folders is reached")
        );
    }

    fn change(paths: &[&str]) -> WatchEvent {
        WatchEvent {
            kind: EventKind::Change,
            paths: paths.iter().map(|p| PathBuf::from(format!("/site/{p}"))).collect(),
        }
    }

    fn classify_site(events: &[WatchEvent]) -> Changes {
        classify(Path::new("/site"), Path::new("/site/public"), events)
    }

    #[test]
    fn lost_events_name_the_root_and_mean_everything_changed() {
        let lost = WatchEvent {
            kind: EventKind::Change,
            paths: vec![PathBuf::from("/site")],
        };
        let c = classify_site(std::slice::from_ref(&lost));
        assert!(c.content && c.templates && c.config && c.static_files && !c.only_stylesheets());
        assert_eq!(changed_paths(Path::new("/site"), &[lost]), Some(vec![String::new()]));
    }

    #[test]
    fn changed_paths_are_site_relative_and_skip_reads() {
        let read = WatchEvent {
            kind: EventKind::Access,
            paths: vec![PathBuf::from("/site/content/x.md")],
        };
        let paths = changed_paths(
            Path::new("/site"),
            &[change(&["content/2024/06/a.md", "content/2024/07"]), read],
        );
        assert_eq!(
            paths,
            Some(vec!["content/2024/06/a.md".to_string(), "content/2024/07".to_string()])
        );
        let outside = WatchEvent {
            kind: EventKind::Change,
            paths: vec![PathBuf::from("/elsewhere/x.md")],
        };
        assert_eq!(changed_paths(Path::new("/site"), &[outside]), None);
    }

    #[test]
    fn an_article_edit_is_a_content_change() {
        let c = classify_site(&[change(&["content/2024/06/pact.md"])]);
        assert!(c.content && !c.templates && !c.config && !c.static_files);
    }

    #[test]
    fn vim_atomic_save_is_one_content_change() {
        // vim: probe file 4913, rename the original to a backup, write anew, delete the backup.
        let burst = [
            change(&["content/a.md.swp"]),
            change(&["content/4913"]),
            change(&["content/a.md", "content/a.md~"]),
            change(&["content/a.md"]),
            change(&["content/a.md~"]),
        ];
        let c = classify_site(&burst);
        assert_eq!(
            c,
            Changes {
                content: true,
                ..Changes::default()
            }
        );
    }

    #[test]
    fn rename_over_from_a_temp_file_counts() {
        let c = classify_site(&[change(&["content/.a.md.tmp123", "content/a.md"])]);
        assert!(c.content);
        let c = classify_site(&[change(&["content/a.md.tmp"])]);
        assert!(!c.any(), "a temp file alone is ignored");
    }

    #[test]
    fn temp_backup_hidden_and_output_files_are_ignored() {
        let ignored = [
            change(&["content/.#a.md"]),
            change(&["content/#a.md#"]),
            change(&["content/a.md~"]),
            change(&["content/.a.md.swp"]),
            change(&["content/.git/index"]),
            change(&["public/index.html"]),
            change(&["target/debug/gazette"]),
            change(&["README.md"]),
        ];
        assert!(!classify_site(&ignored).any());
        let access = WatchEvent {
            kind: EventKind::Access,
            paths: vec![PathBuf::from("/site/content/a.md")],
        };
        assert!(!classify_site(&[access]).any());
    }

    #[test]
    fn stylesheets_alone_can_be_swapped() {
        let c = classify_site(&[change(&["themes/default/static/style.css"])]);
        assert!(c.only_stylesheets());
        let c = classify_site(&[change(&["static/style.css"]), change(&["static/logo.svg"])]);
        assert!(c.static_files && !c.only_stylesheets());
        let c = classify_site(&[change(&["static/style.css"]), change(&["content/a.md"])]);
        assert!(!c.only_stylesheets());
    }

    #[test]
    fn templates_config_and_new_folders() {
        assert!(classify_site(&[change(&["themes/default/templates/article.html"])]).templates);
        assert!(classify_site(&[change(&["templates/topic.html"])]).templates);
        assert!(
            classify_site(&[change(&["i18n/en.yaml"])]).templates,
            "the site's words"
        );
        assert!(classify_site(&[change(&["themes/default/i18n/ko.yaml"])]).templates);
        assert!(classify_site(&[change(&["site.yaml"])]).config);
        assert!(classify_site(&[change(&["content/2025"])]).content, "a new folder");
        assert!(!classify_site(&[change(&["other/site.yaml"])]).any());
    }
}
