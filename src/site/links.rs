//! The check of every link in every article body against the built site: links to content files
//! that are not in the build, fragments a page lacks, internal paths that lead nowhere. Pure: the
//! caller says which output files exist.

use std::collections::{HashMap, HashSet};

use crate::core::diagnostic::{Diagnostic, Pos};
use crate::core::theme;
use crate::core::urls;
use crate::parse::links::{content_link, is_external, split_fragment};
use crate::site::Site;

/// Checks every link in every article body against the built site; `has_file` tells whether
/// the output has a file at a path (`2024/06/x/index.html`).
///
/// A link to a content file that is not in the build, or to a fragment its page lacks, is an
/// error. Other internal links that lead nowhere (root-relative or relative paths, in-page
/// anchors) are warnings: content migrated from elsewhere is full of them.
pub fn check(site: &Site, has_file: &(dyn Fn(&str) -> bool + Sync)) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    let base_path = site.config.base_url.path();
    let by_source: HashMap<&str, usize> = site
        .articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.source.as_str(), i))
        .collect();
    let topics: HashSet<&str> = site.topics.iter().map(|t| t.source.as_str()).collect();
    let check_article = |article: &crate::site::Article| -> Vec<Diagnostic> {
        let mut diagnostics = Vec::new();
        for link in &article.body.links {
            let line = article.body_line + link.line - 1;
            let at = |message: String| (article.display.clone(), line, link.column, message);
            if let Some(target) = content_link(&article.source, &link.url) {
                if topics.contains(target.path.as_str()) {
                    continue;
                }
                let Some(&index) = by_source.get(target.path.as_str()) else {
                    let (path, line, column, message) = at(format!(
                        "the link `{}` points to {}, which is not an article of this build",
                        link.url, target.path
                    ));
                    diagnostics.push(
                        Diagnostic::error(path, Pos::new(line, column), message)
                            .with_hint("check the file name (a link to content/x.md is written `@/x.md`); a draft or future article counts only with --drafts / --future"),
                    );
                    continue;
                };
                if let Some(fragment) = &target.fragment {
                    let anchors = &site.articles[index].body.anchors;
                    if !anchors.iter().any(|a| a == fragment) && !theme::ARTICLE_PAGE_IDS.contains(&fragment.as_str()) {
                        let (path, line, column, message) = at(format!(
                            "the link `{}` points to #{fragment}, which {} does not have",
                            link.url, target.path
                        ));
                        let hint = match crate::core::diagnostic::closest(fragment, anchors.iter().map(String::as_str))
                        {
                            Some(close) => format!("did you mean `#{close}`?"),
                            None => "link to a heading's id: its text in lower case with hyphens, e.g. `#the-pact`"
                                .to_string(),
                        };
                        diagnostics.push(Diagnostic::error(path, Pos::new(line, column), message).with_hint(hint));
                    }
                }
                continue;
            }
            if is_external(&link.url) {
                continue;
            }
            let (path_part, fragment) = split_fragment(&link.url);
            if path_part.is_empty() {
                if let Some(fragment) = fragment.filter(|f| !f.is_empty())
                    && !article.body.anchors.iter().any(|a| a == fragment)
                    && !theme::ARTICLE_PAGE_IDS.contains(&fragment)
                {
                    let (path, line, column, message) = at(format!("the anchor `#{fragment}` is not on this page"));
                    diagnostics.push(
                        Diagnostic::warning(path, Pos::new(line, column), message)
                            .with_hint("link to a heading's id, or remove the link"),
                    );
                }
                continue;
            }
            let decoded = percent_encoding::percent_decode_str(path_part)
                .decode_utf8_lossy()
                .into_owned();
            let site_path = if decoded.starts_with('/') {
                let within = site
                    .config
                    .base_url
                    .prefixed(&decoded)
                    .unwrap_or_else(|| decoded.clone());
                match within.strip_prefix(base_path) {
                    Some(rest) => urls::normalize(rest),
                    None => continue,
                }
            } else {
                urls::normalize(&format!("{}{decoded}", article.permalink.trim_start_matches('/')))
            };
            if !exists(has_file, &site_path) {
                let (path, line, column, message) =
                    at(format!("the link `{}` leads to no page or file of this site", link.url));
                diagnostics.push(
                    Diagnostic::warning(path, Pos::new(line, column), message)
                        .with_hint("fix the address; to link to another briefing, write `@/path/to/file.md`"),
                );
            }
        }
        diagnostics
    };
    site.articles.par_iter().flat_map_iter(check_article).collect()
}

/// Whether a site path (`2024/06/x`, `2024/06/x/`, `style.css`) names an output file or page.
fn exists(has_file: &dyn Fn(&str) -> bool, site_path: &str) -> bool {
    let trimmed = site_path.trim_end_matches('/');
    if trimmed.is_empty() {
        return has_file("index.html");
    }
    has_file(trimmed) || has_file(&format!("{trimmed}/index.html"))
}
