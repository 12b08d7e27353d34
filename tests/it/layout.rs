//! The source layout stays the pipeline: one folder per stage, and a folder uses only the folders
//! above it in data-flow order (ARCHITECTURE.md). Inside a folder, files never import each other
//! in a cycle. Read from the `crate::` paths of every source file, so a new reach down or sideways
//! fails here before it becomes a habit.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::common::repo;

/// The library's folders, in data-flow order: each may use only itself and those before it.
const ORDER: &[&str] = &[
    "core", "source", "media", "parse", "site", "render", "publish", "write", "pipeline", "serve",
];

/// Every `crate::a::b` path in `text` outside comments, as (first segment, second segment).
fn crate_paths(text: &str) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            // `gazette::crate::` cannot happen; `$crate::` is a macro's, not ours.
            let before = &rest[..at];
            rest = &rest[at + "crate::".len()..];
            if before.ends_with('$') || before.ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let segment = |s: &str| -> String { s.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect() };
            let first = segment(rest);
            let after = &rest[first.len()..];
            let second = after.strip_prefix("::").map(segment).filter(|s| !s.is_empty());
            out.push((first, second));
        }
        // `use crate::x::{a, b}` names files of x too: `{` right after `x::`.
        if let Some(at) = code.find("use crate::") {
            let tail = &code[at + "use crate::".len()..];
            if let Some((head, group)) = tail.split_once("::{")
                && !head.contains("::")
            {
                for name in group.trim_end_matches([';', '}']).split(',') {
                    let name: String = name
                        .trim()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if !name.is_empty() && name != "self" {
                        out.push((head.to_string(), Some(name)));
                    }
                }
            }
        }
    }
    out
}

/// Every Rust file of the library under `src/`, as (folder, file stem, text); `lib.rs` and the
/// binary (`main.rs`, `cli/`) are not stages.
fn library_files() -> Vec<(String, String, String)> {
    let src = repo().join("src");
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&src).sort_by_file_name() {
        let entry = entry.expect("a readable entry");
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(&src).expect("under src");
        let parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
        if parts.len() < 2 || parts[0] == "cli" {
            continue;
        }
        let stem = Path::new(&parts[1])
            .file_stem()
            .expect("a name")
            .to_string_lossy()
            .into_owned();
        let text = std::fs::read_to_string(path).expect("readable source");
        files.push((parts[0].clone(), stem, text));
    }
    files
}

#[test]
fn every_folder_of_src_is_a_stage_in_order() {
    let src = repo().join("src");
    let mut folders: Vec<String> = std::fs::read_dir(&src)
        .expect("src/")
        .map(|e| e.expect("an entry"))
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name != "cli")
        .collect();
    folders.sort();
    let mut expected: Vec<String> = ORDER.iter().map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(
        folders, expected,
        "src/ has a folder that is not a stage: add it to ORDER in its place"
    );
    let loose: Vec<String> = std::fs::read_dir(&src)
        .expect("src/")
        .map(|e| e.expect("an entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".rs") && name != "lib.rs" && name != "main.rs")
        .collect();
    assert!(loose.is_empty(), "files outside the stage folders: {loose:?}");
}

#[test]
fn a_folder_uses_only_the_folders_above_it() {
    let rank = |folder: &str| ORDER.iter().position(|f| *f == folder);
    let mut wrong = Vec::new();
    for (folder, stem, text) in library_files() {
        let own = rank(&folder).unwrap_or_else(|| panic!("src/{folder} is not in ORDER"));
        for (used, _) in crate_paths(&text) {
            match rank(&used) {
                Some(r) if r <= own => {}
                Some(_) => wrong.push(format!(
                    "src/{folder}/{stem}.rs uses crate::{used}, which comes after {folder}"
                )),
                None => wrong.push(format!(
                    "src/{folder}/{stem}.rs uses crate::{used}, which is not a stage"
                )),
            }
        }
    }
    assert!(wrong.is_empty(), "the layout's order is broken:\n{}", wrong.join("\n"));
}

#[test]
fn no_two_files_of_a_folder_import_each_other_in_a_cycle() {
    // file → files of the same folder it names.
    let mut graph: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    let files = library_files();
    let stems: BTreeSet<(String, String)> = files.iter().map(|(f, s, _)| (f.clone(), s.clone())).collect();
    for (folder, stem, text) in &files {
        let mut edges = BTreeSet::new();
        for (used, file) in crate_paths(text) {
            if used == *folder
                && let Some(file) = file
                && file != *stem
                && stems.contains(&(folder.clone(), file.clone()))
            {
                edges.insert(file);
            }
        }
        // `super::x` inside a folder's file.
        for (at, _) in text.match_indices("super::") {
            let name: String = text[at + "super::".len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if name != *stem && stems.contains(&(folder.clone(), name.clone())) && stem != "mod" {
                edges.insert(name);
            }
        }
        graph.insert((folder.clone(), stem.clone()), edges);
    }
    // Depth-first search for a back edge.
    fn visit(
        node: &(String, String),
        graph: &BTreeMap<(String, String), BTreeSet<String>>,
        state: &mut BTreeMap<(String, String), u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        match state.get(node) {
            Some(2) => return None,
            Some(1) => return Some(path.clone()),
            _ => {}
        }
        state.insert(node.clone(), 1);
        path.push(format!("{}/{}", node.0, node.1));
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(&(node.0.clone(), next.clone()), graph, state, path) {
                return Some(cycle);
            }
        }
        path.pop();
        state.insert(node.clone(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in graph.keys() {
        let mut path = Vec::new();
        if let Some(cycle) = visit(node, &graph, &mut state, &mut path) {
            panic!("import cycle: {}", cycle.join(" → "));
        }
    }
}

#[test]
fn the_checker_sees_a_reach_down() {
    // The reader must not miss the forms a reach takes.
    let text = "use crate::serve::live::LiveSite;\nfn f() { crate::render::x(); }\n// crate::pipeline in a comment\nuse crate::parse::{markdown, yaml::Entry};\n";
    let paths = crate_paths(text);
    assert!(paths.contains(&("serve".to_string(), Some("live".to_string()))));
    assert!(paths.contains(&("render".to_string(), Some("x".to_string()))));
    assert!(paths.contains(&("parse".to_string(), Some("markdown".to_string()))));
    assert!(paths.contains(&("parse".to_string(), Some("yaml".to_string()))));
    assert!(!paths.iter().any(|(first, _)| first == "pipeline"));
}
