//! The built site as a value: every output path and what goes in it, held in memory.
//!
//! The pipeline makes it (pages from `render`, feeds and the index from `publish`, copied files
//! from `source`), `write` puts it on disk, and `serve` answers requests from it.

use std::collections::BTreeMap;
use std::path::PathBuf;

/// The bytes of one output file, or where to copy them from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// Generated in memory (pages, feeds).
    Bytes(Vec<u8>),
    /// Compiled into the binary (the embedded default theme's static files).
    Embedded(&'static [u8]),
    /// A file of the site copied as it is (static files, files next to articles).
    File(PathBuf),
    /// Already written to the new site while it was rendered (`build` streams pages to disk);
    /// the number of bytes.
    Written(usize),
}

impl Body {
    /// The bytes, reading a copied file from disk when needed.
    pub fn read(&self) -> std::io::Result<std::borrow::Cow<'_, [u8]>> {
        match self {
            Body::Bytes(bytes) => Ok(std::borrow::Cow::Borrowed(bytes)),
            Body::Embedded(bytes) => Ok(std::borrow::Cow::Borrowed(bytes)),
            Body::File(path) => std::fs::read(path).map(std::borrow::Cow::Owned),
            Body::Written(_) => Err(std::io::Error::other(
                "this page was streamed to disk, not kept in memory",
            )),
        }
    }
}

/// The whole built site: output paths (relative, `/`-separated, e.g. `topics/x/index.html`) → bodies.
#[derive(Debug, Clone, Default)]
pub struct Output {
    pub files: BTreeMap<String, Body>,
}

impl Output {
    pub fn insert(&mut self, path: String, body: Body) {
        self.files.insert(path, body);
    }

    pub fn get(&self, path: &str) -> Option<&Body> {
        self.files.get(path)
    }

    /// The total size of the generated files whose path starts with `prefix` (e.g. the search index).
    pub fn generated_bytes_under(&self, prefix: &str) -> usize {
        self.files
            .range(prefix.to_string()..)
            .take_while(|(path, _)| path.starts_with(prefix))
            .map(|(_, body)| match body {
                Body::Bytes(bytes) => bytes.len(),
                Body::Embedded(bytes) => bytes.len(),
                Body::File(_) => 0,
                Body::Written(len) => *len,
            })
            .sum()
    }

    /// How many HTML pages the site has.
    pub fn page_count(&self) -> usize {
        self.files
            .keys()
            .filter(|p| crate::core::urls::names_html_file(p))
            .count()
    }
}
