//! One file at a time, pure: YAML with positions, site.yaml, front matter, Markdown, the links
//! inside bodies, and search terms.

pub mod absolute;
pub mod author;
pub mod config;
pub mod edition;
pub mod frontmatter;
pub mod links;
pub mod markdown;
pub mod picture;
pub mod terms;
pub mod yaml;
