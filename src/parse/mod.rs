//! One file at a time, pure: YAML with positions, site.yaml, a theme's words (`i18n`) and card
//! style (`card.yaml`), front matter (and other generators' keys and syntax: `foreign`),
//! Markdown, the links inside bodies, and search terms.

pub mod absolute;
pub mod accent;
pub mod author;
pub mod card;
pub mod config;
pub mod edition;
pub mod foreign;
pub mod frontmatter;
pub mod i18n;
pub mod links;
pub mod markdown;
pub mod nesting;
pub mod picture;
pub mod terms;
pub mod yaml;
