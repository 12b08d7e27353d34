//! The files a theme's pages link in their markup (stylesheets, scripts, fonts, icons, feeds)
//! that the built site does not have: one page of each kind is rendered and each `<link href>`
//! and `<script src>` looked up in the output, so a theme without its `style.css`, or a misspelt
//! font, is told at the template that names it rather than shipped as a 404 on every page.
//! The search page rendered so is also looked over for the elements `search.js` needs.
//! Links in bodies are `site::links`'s.

use std::cell::RefCell;
use std::collections::BTreeSet;

use crate::core::diagnostic::{Diagnostic, Pos};
use crate::site::Site;

use super::{Page, Renderer, SharedViews, Templates};

/// A warning for each site file that a page of each kind links in a `<link>` or `<script>` and
/// that `has_file` (the whole output's, in every language) says the output lacks, or that lies
/// outside the site's base path.
pub fn check(
    site: &Site,
    templates: &Templates,
    statics: super::LinkedStatics,
    has_file: &(dyn Fn(&str) -> bool + Sync),
) -> Vec<Diagnostic> {
    let data = SharedViews::new(site, statics);
    let renderer = Renderer::new(site, templates, &data);
    let mut seen_kinds = Vec::new();
    let mut urls: BTreeSet<String> = BTreeSet::new();
    let mut found = Vec::new();
    for (_, page) in renderer.list() {
        // The emails have no site links of this kind to check (their own check is check_email).
        if matches!(page, Page::EditionEmail(_) | Page::EditionText(_)) {
            continue;
        }
        let kind = std::mem::discriminant(&page);
        if seen_kinds.contains(&kind) {
            continue;
        }
        seen_kinds.push(kind);
        // A page that does not render is its own error, reported by the build.
        if let Ok(html) = renderer.render(page) {
            let html = String::from_utf8_lossy(&html);
            let links = linked(&html);
            if matches!(page, Page::Search) {
                found.extend(search_page_lacks(&html, &links, templates));
            }
            urls.extend(links);
        }
    }
    let lookup = Lookup {
        site,
        templates,
        site_value: &data.site_value,
        has_file,
    };
    found.extend(urls.into_iter().filter_map(|url| lookup.problem(&url)));
    found
}

/// The elements `search.js` finds by id (docs/themes.md, `search.html`) that are required.
const SEARCH_IDS: [&str; 5] = [
    "search-form",
    "search-q",
    "search-topic",
    "search-status",
    "search-results",
];

/// A warning at `search.html` for each element `search.js` needs that the search page lacks,
/// when the page loads the script: without one, search fails in the reader's browser, with a
/// script error, on a page that built cleanly.
fn search_page_lacks(html: &str, links: &[String], templates: &Templates) -> Vec<Diagnostic> {
    let loads_script = links.iter().any(|src| {
        src.split(['?', '#'])
            .next()
            .is_some_and(|path| path.ends_with("/search.js") || path == "search.js")
    });
    if !loads_script {
        return Vec::new();
    }
    let template = super::origin_path(&templates.origins, "search.html");
    SEARCH_IDS
        .iter()
        .filter(|id| !html.contains(&format!("id=\"{id}\"")) && !html.contains(&format!("id='{id}'")))
        .map(|id| {
            Diagnostic::warning(
                &template,
                None,
                format!(
                    "the search page has no element `id=\"{id}\"`, which search.js needs: search fails in the browser"
                ),
            )
            .with_hint("keep the default search.html's elements and ids (docs/themes.md, \"search.html\", lists them)")
        })
        .collect()
}

/// What the warnings are looked up in.
struct Lookup<'a> {
    site: &'a Site,
    templates: &'a Templates,
    /// The templates' `site` value, whose `*_url` fields a template may link by name.
    site_value: &'a tera::Value,
    has_file: &'a (dyn Fn(&str) -> bool + Sync),
}

/// The URLs of a page's `<link href>` and `<script src>`, as written.
fn linked(html: &str) -> Vec<String> {
    let found = RefCell::new(Vec::new());
    let settings = lol_html::RewriteStrSettings::new()
        .append_element_content_handler(lol_html::element!("link[href]", |link| {
            if let Some(href) = link.get_attribute("href") {
                found.borrow_mut().push(href);
            }
            Ok(())
        }))
        .append_element_content_handler(lol_html::element!("script[src]", |script| {
            if let Some(src) = script.get_attribute("src") {
                found.borrow_mut().push(src);
            }
            Ok(())
        }));
    // A page gazette rendered always parses; were it not to, there is nothing to check.
    let _ = lol_html::rewrite_str(html, settings);
    found.into_inner()
}

impl Lookup<'_> {
    /// The warning for one linked URL, if the site lacks its file: `None` for another site's URL,
    /// a `data:` URL, a relative one, or a file the output has.
    fn problem(&self, url: &str) -> Option<Diagnostic> {
        // Paths from the site's root, where its files are, in every language.
        let base = self.site.config.static_base();
        let base_path = base.path();
        let without_query = url.split(['?', '#']).next().unwrap_or(url);
        let site_path = if let Some(rest) = base.strip(without_query) {
            rest
        } else if without_query.contains(':') || without_query.starts_with("//") {
            // Another site's address, or a `data:` URL.
            return None;
        } else if let Some(rest) = without_query.strip_prefix(base_path) {
            rest
        } else if without_query.starts_with('/') {
            // Under a base path (`/briefings/`), a root path leads out of the site once deployed.
            let (display, pos) = self.named_at(url);
            return Some(
            Diagnostic::warning(
                display,
                pos,
                format!("pages link `{url}`, outside the site's address `{base_path}`: it breaks once the site is deployed there"),
            )
            .with_hint(format!(
                "start the path with the base path: `{{{{ site.static_url }}}}{}`",
                without_query.trim_start_matches('/')
            )),
        );
        } else {
            // A relative URL: the page's own folder, which differs from page to page.
            return None;
        };
        let site_path = percent_encoding::percent_decode_str(site_path).decode_utf8_lossy();
        let file = if site_path.is_empty() || site_path.ends_with('/') {
            format!("{site_path}index.html")
        } else {
            site_path.to_string()
        };
        // A logo or favicon that site.yaml names is warned of at site.yaml, where it is written.
        let config = &self.site.config;
        let named_in_config = config
            .logo
            .iter()
            .chain(&config.favicons)
            .any(|named| named.path.trim_start_matches('/') == file);
        if named_in_config || (self.has_file)(&file) {
            return None;
        }
        let (display, pos) = self.named_at(url);
        Some(
            Diagnostic::warning(
                display,
                pos,
                format!("pages link `{url}`, which the site does not have"),
            )
            .with_hint(format!(
                "add `{file}` to the theme's static/ folder (or the site's), or correct the link"
            )),
        )
    }

    /// Where a template names `url`: the first template (by name) whose text has its file name, or
    /// the `site.*` variable whose value it is (`site.stylesheet_url`); `base.html` when none does.
    fn named_at(&self, url: &str) -> (std::path::PathBuf, Option<Pos>) {
        let path = url.split(['?', '#']).next().unwrap_or(url);
        let file_name = path.trim_end_matches('/').rsplit('/').next().unwrap_or(path);
        let mut needles: Vec<String> = Vec::new();
        if let Some(map) = self.site_value.as_map() {
            needles.extend(
                map.iter()
                    .filter(|(_, value)| value.as_str() == Some(url))
                    .filter_map(|(key, _)| key.as_str().map(|key| format!("site.{key}"))),
            );
        }
        if !file_name.is_empty() {
            needles.push(file_name.to_string());
        }
        let origins = &self.templates.origins;
        for needle in &needles {
            for source in origins.values() {
                if let Some(at) = source.text.find(needle.as_str()) {
                    return (source.display.clone(), Some(Pos::of_offset(&source.text, at)));
                }
            }
        }
        (super::origin_path(origins, "base.html"), None)
    }
}
