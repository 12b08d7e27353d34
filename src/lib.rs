//! gazette: a static site generator for curated news briefings with topic timelines.
//!
//! The pipeline has one module per stage, declared here in data-flow order (ARCHITECTURE.md):
//! load → frontmatter → markdown → model → render → write. Only `load` reads the site and only
//! `write` touches the output folder; the stages between are pure.

pub mod config;
pub mod dates;
pub mod diagnostic;
pub mod output;
pub mod slug;
pub mod theme;
pub mod yaml;

pub mod frontmatter;
pub mod links;
pub mod load;
pub mod markdown;
pub mod model;
pub mod publish;
pub mod render;
pub mod write;

pub mod build;
pub mod scaffold;
pub mod serve;
pub mod watch;
