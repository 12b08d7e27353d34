//! gazette: a static site generator for curated news briefings with topic timelines.
//!
//! One folder per pipeline stage, in data-flow order (ARCHITECTURE.md); a folder uses only the
//! folders above it in this list (`tests/it/layout.rs` keeps it so):
//! `core` (vocabulary) → `source` (reads the site) → `media` (images and social cards, bytes in
//! and out, and their cache) → `parse` (one file at a time) → `site` (the
//! whole site) → `render` (pages) → `publish` (feeds, search index, sitemap) → `write` (the only
//! writer) → `pipeline` (the driver) → `serve` (the live preview). The command line lives in the
//! binary (`src/main.rs`, `src/cli/`).

#![warn(clippy::too_many_lines)]

pub mod core;
pub mod source;
pub mod media;
pub mod parse;
pub mod site;
pub mod render;
pub mod publish;
pub mod write;
pub mod pipeline;
pub mod serve;
