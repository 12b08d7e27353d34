//! gazette: a static site generator for curated news briefings with topic timelines.
//!
//! The pipeline has one module per stage, declared here in data-flow order (ARCHITECTURE.md):
//! load → frontmatter → markdown → model → render → write. Only `load` reads the site and only
//! `write` touches the output folder; the stages between are pure.

// Shared vocabulary: diagnostics, slugs, dates, YAML, configuration, the output value, the theme.
pub mod diagnostic;
pub mod slug;
pub mod dates;
pub mod yaml;
pub mod config;
pub mod output;
pub mod theme;

// The pipeline, in data-flow order.
pub mod load;
pub mod frontmatter;
pub mod markdown;
pub mod model;
pub mod render;
pub mod links;
pub mod publish;
pub mod search;
pub mod write;

// What runs the pipeline: build, the live preview and its watcher, scaffolding.
pub mod build;
pub mod live;
pub mod watch;
pub mod serve;
pub mod scaffold;
pub mod schema;
