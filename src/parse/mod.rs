//! One file at a time, pure: YAML with positions, site.yaml, front matter, Markdown, and the links
//! inside bodies.

pub mod config;
pub mod frontmatter;
pub mod links;
pub mod markdown;
pub mod yaml;
