//! Every URL and output path of a site, in one place: the base URL and its path prefix, the pages'
//! site paths (`/topics/<slug>/`), permalinks from the site's pattern, the files gazette generates
//! (`atom.xml`, `topics/<slug>/atom.xml`, `tags/<slug>/rss.xml`, `search/`), and the output file of a page
//! (`/x/` → `x/index.html`). No other module spells one of these by hand.
//!
//! Two kinds of path: a **site path** names a page as a browser asks for it, from the site's root
//! and with a leading `/` (`/2024/06/pact/`); an **output path** names a file in the built site,
//! without one (`2024/06/pact/index.html`, `atom.xml`). `BaseUrl::url` and `BaseUrl::absolute`
//! take either.

use jiff::civil::Date;

/// A site's base URL, validated: `http(s)://host[/prefix]/`, always ending with `/`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BaseUrl {
    url: String,
    /// Where the path part (`/briefings/`) starts in `url`.
    path_start: usize,
}

impl BaseUrl {
    /// Validates a base URL as written in site.yaml or given with `--base-url`, adding the final
    /// `/` when it is missing. The error is a sentence for the writer.
    pub fn parse(url: &str) -> Result<BaseUrl, String> {
        let url = url.trim();
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))
            .ok_or_else(|| format!("`{url}` is not a base URL: it must start with http:// or https://"))?;
        let host = rest.split('/').next().unwrap_or("");
        if host.is_empty() {
            return Err(format!("`{url}` is not a base URL: it has no host"));
        }
        let valid_host = host.chars().all(|c| c.is_ascii_alphanumeric() || "-.:[]".contains(c));
        if !valid_host {
            return Err(format!(
                "`{url}` is not a base URL: the host `{host}` has characters a host cannot have"
            ));
        }
        if url.contains(['?', '#', ' ', '"', '<', '>', '\\']) {
            return Err(format!(
                "`{url}` is not a base URL: it may not contain a query, a fragment, spaces or quotes"
            ));
        }
        // What the characters allow and the URL standard does not (`[::1` unclosed, `:80` with
        // no host, a port over 65535), as a browser would refuse every link made from it.
        if let Err(e) = url::Url::parse(url) {
            return Err(format!("`{url}` is not a base URL: {e}"));
        }
        let path = &rest[host.len()..];
        if path.split('/').any(|segment| segment == ".." || segment == ".") {
            return Err(format!(
                "`{url}` is not a base URL: its path has `.` or `..`, which would put links outside it"
            ));
        }
        let scheme = &url[..url.len() - rest.len()];
        // Written as the web reads it: the host in small letters (`Example.ORG` is
        // `example.org`), and no empty part in the path (`/briefings//`, which a `"${url}/"` in a
        // deploy script makes, would be in every link, and on S3 another key).
        let mut path = String::with_capacity(path.len() + 1);
        for part in rest[host.len()..].split('/').filter(|part| !part.is_empty()) {
            path.push('/');
            path.push_str(part);
        }
        path.push('/');
        let url = format!("{scheme}{}{path}", host.to_ascii_lowercase());
        Ok(BaseUrl {
            path_start: scheme.len() + host.len(),
            url,
        })
    }

    /// The whole base URL: `https://example.org/briefings/`.
    pub fn as_str(&self) -> &str {
        &self.url
    }

    /// What follows the base URL in an absolute URL of this site (`2024/06/x/` of
    /// `https://Example.org/briefings/2024/06/x/`): the scheme and host compared as the web does,
    /// without regard to case (the base keeps them in small letters), the path exactly.
    pub fn strip<'a>(&self, url: &'a str) -> Option<&'a str> {
        let origin = self.origin();
        let written = url.get(..origin.len())?;
        if !written.eq_ignore_ascii_case(origin) {
            return None;
        }
        url[origin.len()..].strip_prefix(self.path())
    }

    /// `scheme://host`, without the path.
    pub fn origin(&self) -> &str {
        &self.url[..self.path_start]
    }

    /// The path part, with both slashes: `/briefings/` or `/`.
    pub fn path(&self) -> &str {
        &self.url[self.path_start..]
    }

    /// The base URL of a part of the site in a folder of its own (a language: `ko` →
    /// `https://example.org/briefings/ko/`).
    pub fn child(&self, folder: &str) -> BaseUrl {
        BaseUrl {
            url: format!("{}{}/", self.url, folder.trim_matches('/')),
            path_start: self.path_start,
        }
    }

    /// A site or output path as a root-relative URL under the base path: `/briefings/topics/x/`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.path(), path.trim_start_matches('/'))
    }

    /// A site or output path as an absolute URL: `https://example.org/briefings/topics/x/`.
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{}", self.url, path.trim_start_matches('/'))
    }

    /// A root-relative URL (`/briefings/x.png`, as `url` makes them) as an absolute URL.
    pub fn absolute_url(&self, url: &str) -> String {
        if url.starts_with('/') && !url.starts_with("//") {
            format!("{}{url}", self.origin())
        } else {
            url.to_string()
        }
    }

    /// A root-relative URL written in a body (`/topics/x/`) moved under the base path
    /// (`/briefings/topics/x/`); `None` when it needs no change (not root-relative, already
    /// under the prefix, or the site has none).
    pub fn prefixed(&self, url: &str) -> Option<String> {
        let base_path = self.path();
        let root_relative = url.starts_with('/') && !url.starts_with("//");
        (base_path != "/" && root_relative && !url.starts_with(base_path)).then(|| format!("{base_path}{}", &url[1..]))
    }
}

impl Default for BaseUrl {
    /// `http://localhost/`: what a configuration holds until its own base URL is read.
    fn default() -> BaseUrl {
        BaseUrl {
            url: "http://localhost/".to_string(),
            path_start: "http://localhost".len(),
        }
    }
}

impl std::fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.url)
    }
}

/// The permalink pattern used when site.yaml names none.
pub const DEFAULT_PERMALINK: &str = "/:year/:month/:slug/";

/// Checks a permalink pattern: it starts and ends with `/`, names `:slug`, and uses only known
/// placeholders.
pub fn check_permalink(pattern: &str) -> Result<(), String> {
    if !pattern.starts_with('/') || !pattern.ends_with('/') {
        return Err(format!("permalink `{pattern}` must start and end with `/`"));
    }
    if !pattern.contains(":slug") {
        return Err(format!(
            "permalink `{pattern}` must contain `:slug`, or two articles would share a page"
        ));
    }
    // A mark that ends a path (`?`, `#`), starts an escape (`%`), is a folder's separator on
    // Windows (`\`), cannot name a folder there (quotes, angle brackets), or is not a URL's
    // at all (spaces, control characters): every link to every article would break on it.
    if let Some(mark) = pattern
        .chars()
        .find(|&c| matches!(c, '?' | '#' | '%' | '\\' | '"' | '<' | '>') || c.is_whitespace() || c.is_control())
    {
        return Err(format!(
            "permalink `{pattern}` has {}: every link to an article would break on it",
            match mark {
                ' ' => "a space".to_string(),
                c if c.is_whitespace() || c.is_control() => format!("the character U+{:04X}", c as u32),
                c => format!("`{c}`"),
            }
        ));
    }
    for part in pattern.split('/').filter(|p| !p.is_empty()) {
        let mut rest = part;
        while let Some(colon) = rest.find(':') {
            let name: String = rest[colon + 1..]
                .chars()
                .take_while(|c| c.is_ascii_alphabetic())
                .collect();
            if !["year", "month", "day", "slug"].contains(&name.as_str()) {
                return Err(format!("permalink `{pattern}` has an unknown placeholder `:{name}`"));
            }
            rest = &rest[colon + 1 + name.len()..];
        }
        if part == "." || part == ".." {
            return Err(format!("permalink `{pattern}` may not contain `.` or `..`"));
        }
    }
    Ok(())
}

/// An article's site path: the permalink pattern filled from its publication date (in the
/// site's zone) and its slug.
pub fn permalink(pattern: &str, date: Date, slug: &str) -> String {
    pattern
        .replace(":year", &format!("{:04}", date.year()))
        .replace(":month", &format!("{:02}", date.month()))
        .replace(":day", &format!("{:02}", date.day()))
        .replace(":slug", slug)
}

/// The home page.
pub const HOME: &str = "/";
/// The list of topics.
pub const TOPICS: &str = "/topics/";
/// The list of tags.
pub const TAGS: &str = "/tags/";
/// The archive's index.
pub const ARCHIVE: &str = "/archive/";
/// The search page; its index lives under `search/` too (`SEARCH_INDEX_DIR`).
pub const SEARCH: &str = "/search/";

/// The list of authors.
pub const AUTHORS: &str = "/authors/";

/// An author's page: their biography and briefings.
pub fn author(slug: &str) -> String {
    format!("/authors/{slug}/")
}

/// An author's Atom feed (an output path).
pub fn author_feed(slug: &str) -> String {
    format!("authors/{slug}/atom.xml")
}

/// The list of editions.
pub const EDITIONS: &str = "/editions/";
/// The folder under /editions/ of the series feeds (no edition may take it as its slug).
pub const EDITION_SERIES_DIR: &str = "series";

/// An edition's web page.
pub fn edition(slug: &str) -> String {
    format!("/editions/{slug}/")
}

/// The slug of a day's edition, automatic or made by `gazette new edition`: `2024-06-21`.
pub fn day_edition_slug(day: Date) -> String {
    day.strftime("%Y-%m-%d").to_string()
}

/// The slug of an ISO week's edition, automatic or made by `gazette new edition 2024-W25`:
/// `2024-w25`.
pub fn week_edition_slug(week: jiff::civil::ISOWeekDate) -> String {
    format!("{:04}-w{:02}", week.year(), week.week())
}

/// Whether an edition's slug names an ISO week (`2024-w25`, or `2024-w25-weekly` for a series'):
/// a week's round-up, not a day's edition.
pub fn names_a_week(slug: &str) -> bool {
    let bytes = slug.as_bytes();
    bytes.len() >= 8
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && &bytes[4..6] == b"-w"
        && bytes[6..8].iter().all(u8::is_ascii_digit)
        && (bytes.len() == 8 || bytes[8] == b'-')
}

/// An edition's email, CSS inlined (a site path, which is also its output path without the
/// leading `/`).
pub fn edition_email(slug: &str) -> String {
    format!("/editions/{slug}/email.html")
}

/// An edition's plain-text email.
pub fn edition_text(slug: &str) -> String {
    format!("/editions/{slug}/email.txt")
}

/// The editions' Atom feed, every series (an output path).
pub const EDITIONS_ATOM: &str = "editions/atom.xml";
/// The editions' JSON Feed, every series.
pub const EDITIONS_JSON_FEED: &str = "editions/feed.json";

/// One series' Atom feed of editions (an output path).
pub fn series_feed(series: &str) -> String {
    format!("editions/{EDITION_SERIES_DIR}/{series}/atom.xml")
}

/// One series' JSON Feed of editions.
pub fn series_json_feed(series: &str) -> String {
    format!("editions/{EDITION_SERIES_DIR}/{series}/feed.json")
}

/// Page `n` of a list at `path` (a site path ending in `/`): the list itself for the first page,
/// `<path>page/<n>/` for the others.
pub fn paged(path: &str, n: usize) -> String {
    if n <= 1 {
        path.to_string()
    } else {
        format!("{path}page/{n}/")
    }
}

/// One year of a long topic's timeline.
pub fn topic_year(slug: &str, year: i16) -> String {
    format!("/topics/{slug}/{year:04}/")
}

/// A topic's whole TimelineJS export, when `timeline.json` is trimmed (an output path).
pub fn topic_timeline_full(slug: &str) -> String {
    format!("topics/{slug}/timeline-full.json")
}

/// A topic's timeline page.
pub fn topic(slug: &str) -> String {
    format!("/topics/{slug}/")
}

/// A tag's page.
pub fn tag(slug: &str) -> String {
    format!("/tags/{slug}/")
}

/// An archive year's page: its months.
pub fn archive_year(year: i16) -> String {
    format!("/archive/{year:04}/")
}

/// An archive month's page.
pub fn archive_month(year: i16, month: i8) -> String {
    format!("/archive/{year:04}/{month:02}/")
}

/// The site's Atom feed (an output path).
pub const ATOM: &str = "atom.xml";
/// The site's RSS 2.0 feed.
pub const RSS: &str = "rss.xml";
/// The site's JSON Feed 1.1.
pub const JSON_FEED: &str = "feed.json";
/// The sitemap.
pub const SITEMAP: &str = "sitemap.xml";
/// robots.txt.
pub const ROBOTS: &str = "robots.txt";
/// The redirects file of Netlify and Cloudflare Pages.
pub const REDIRECTS: &str = "_redirects";
/// The page static hosts serve for a missing path.
pub const NOT_FOUND: &str = "404.html";
/// The folder of the search index (`search/meta.json`, `terms/`, `pairs/`, `docs/`, `filters/`).
pub const SEARCH_INDEX_DIR: &str = "search";

/// A topic's Atom feed (an output path).
pub fn topic_feed(slug: &str) -> String {
    format!("topics/{slug}/atom.xml")
}

/// A topic's RSS 2.0 feed (an output path).
pub fn topic_rss(slug: &str) -> String {
    format!("topics/{slug}/rss.xml")
}

/// A tag's Atom feed (an output path).
pub fn tag_feed(slug: &str) -> String {
    format!("tags/{slug}/atom.xml")
}

/// A topic's TimelineJS export (an output path).
pub fn topic_timeline(slug: &str) -> String {
    format!("topics/{slug}/timeline.json")
}

/// Whether `url` is a whole http(s) address a page can link to: `https://` or `http://`, a host,
/// no spaces, control characters, quotes or angle brackets (`https://exa mple.com/`, `http://`
/// and `https://x.org/"><script>` are not).
pub fn is_web_address(url: &str) -> bool {
    web_address_fix(url).is_none()
}

/// How to mend `url` when it is not a web address (`is_web_address`), for an error's hint.
pub fn web_address_fix(url: &str) -> Option<&'static str> {
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
        return Some(match lower.starts_with("https://") || lower.starts_with("http://") {
            true => "write the scheme in lower case: https://",
            false => "write the full address, starting with https://",
        });
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("an address has no spaces: remove them (a space inside a path is written %20)");
    }
    if url.contains(['"', '<', '>', '`']) {
        return Some("an address has no quotes or angle brackets: copy it again from the browser's address bar");
    }
    // A browser reads `\` as `/`: `https://a.example\@b.example/` goes to a.example.
    if url.contains('\\') {
        return Some("an address has no backslash (a browser reads it as `/`): write `/`, or %5C for the character");
    }
    // Direction marks and overrides reorder how the address reads: shown in a plain-text email,
    // it would not be the address it opens.
    if url
        .chars()
        .any(|c| matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
    {
        return Some(
            "an address has no direction marks (U+200E, U+202E and the like): copy it again from the browser's address bar",
        );
    }
    match url::Url::parse(url) {
        Ok(parsed) if parsed.host_str().is_some_and(|host| !host.is_empty()) => None,
        _ => Some("write the site's name after https://, e.g. https://www.example.com/story"),
    }
}

/// A web address (`is_web_address`) as every mail program and feed reader takes it: letters
/// beyond ASCII percent-encoded in the path and query, and a host in such letters in its
/// ASCII form (`https://news.example.kr/기사` → `https://news.example.kr/%EA%B8%B0%EC%82%AC`).
/// An address already in ASCII is kept as written.
pub fn ascii_address(url: &str) -> String {
    match url.is_ascii() {
        true => url.to_string(),
        false => url::Url::parse(url).map_or_else(|_| url.to_string(), String::from),
    }
}

/// Whether a site path names an HTML file (`/old.html`, `/old.htm`) rather than a folder: such an
/// alias is written as that file, which every static host serves as HTML.
pub fn names_html_file(site_path: &str) -> bool {
    site_path.ends_with(".html") || site_path.ends_with(".htm")
}

/// The output file of a page at `site_path`: `/` → `index.html`, `/x/` → `x/index.html`; a path
/// that names an HTML file (an alias such as `/old.html`) is that file.
pub fn page_file(site_path: &str) -> String {
    let trimmed = site_path.trim_start_matches('/');
    if names_html_file(trimmed) {
        trimmed.to_string()
    } else if trimmed.is_empty() {
        "index.html".to_string()
    } else {
        format!("{}/index.html", trimmed.trim_end_matches('/'))
    }
}

/// The output path of an article's social card, beside its page: `2024/06/pact/card.png` (for
/// a page written as `2024/06/pact.html`, `2024/06/pact.card.png`).
pub fn card_file(permalink: &str) -> String {
    let page = page_file(permalink);
    match page.strip_suffix("index.html") {
        Some(folder) => format!("{folder}card.png"),
        None => format!("{}.card.png", page.strip_suffix(".html").unwrap_or(&page)),
    }
}

/// The output path of a file from content/ (`content/2024/06/map.png`): next to its article's
/// page when it sits in a page bundle (a folder whose article is `index.md`, sub-folders
/// included; `bundle` gives a bundle folder's permalink), else the same path as under content/.
pub fn asset_file<'a>(path: &str, bundle: impl Fn(&str) -> Option<&'a str>) -> Option<String> {
    let rel = path.strip_prefix("content/")?;
    let mut folder = std::path::Path::new(path).parent();
    while let Some(dir) = folder.filter(|d| d.as_os_str() != "content") {
        let dir_str = dir.to_string_lossy();
        if let Some(permalink) = bundle(&dir_str) {
            let inside = path.strip_prefix(&*dir_str)?.trim_start_matches('/');
            return Some(format!("{}{inside}", permalink.trim_start_matches('/')));
        }
        folder = dir.parent();
    }
    Some(rel.to_string())
}

/// Resolves `.` and `..` segments of a `/`-separated path lexically (`content/a/../b.md` →
/// `content/b.md`), dropping empty segments; `..` never climbs above the start.
pub fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: an edition's link with Korean letters in its path went into the email's
    /// href as written, which some mail programs mangle.
    #[test]
    fn an_address_beyond_ascii_is_percent_encoded_and_an_ascii_one_kept() {
        assert_eq!(
            ascii_address("https://news.example.kr/기사/123?q=평양#본문"),
            "https://news.example.kr/%EA%B8%B0%EC%82%AC/123?q=%ED%8F%89%EC%96%91#%EB%B3%B8%EB%AC%B8"
        );
        assert_eq!(ascii_address("https://한국.example/"), "https://xn--3e0b707e.example/");
        // Kept as written: no trailing slash added, no case changed, %-escapes left alone.
        for kept in [
            "https://Example.org",
            "https://example.org/a%20b",
            "https://example.org/?a=1&b",
        ] {
            assert_eq!(ascii_address(kept), kept);
        }
    }

    #[test]
    fn an_edition_slug_names_a_week_or_not() {
        let week = jiff::civil::date(2024, 6, 19).iso_week_date();
        assert_eq!(week_edition_slug(week), "2024-w25");
        assert_eq!(day_edition_slug(jiff::civil::date(2024, 6, 9)), "2024-06-09");
        for weekly in ["2024-w25", "2024-w01-weekly"] {
            assert!(names_a_week(weekly), "{weekly}");
        }
        for daily in [
            "2024-06-21",
            "2024-w5",
            "2024-w25x",
            "w25",
            "2024-W25",
            "morning-2024-w25",
        ] {
            assert!(!names_a_week(daily), "{daily}");
        }
    }

    /// Regression (session 30's robustness probe): an unclosed IPv6 bracket, a port and no
    /// host, and a port over 65535 passed the character check and went into every link.
    #[test]
    fn a_base_url_the_url_standard_refuses_is_refused() {
        for (url, reason) in [
            ("http://[::1/x/", "invalid IPv6 address"),
            ("http://:80/", "empty host"),
            ("http://ex.org:99999/", "invalid port number"),
        ] {
            let said = BaseUrl::parse(url).err().unwrap_or_default();
            assert_eq!(said, format!("`{url}` is not a base URL: {reason}"), "{url}");
        }
        assert!(BaseUrl::parse("http://[::1]:8080/x/").is_ok());
        assert!(BaseUrl::parse("https://example.org:8443/").is_ok());
    }

    #[test]
    fn a_base_url_keeps_its_prefix_and_ends_with_a_slash() {
        let base = BaseUrl::parse("https://example.org/briefings").unwrap();
        assert_eq!(base.as_str(), "https://example.org/briefings/");
        assert_eq!(base.origin(), "https://example.org");
        assert_eq!(base.path(), "/briefings/");
        assert_eq!(base.url("/topics/x/"), "/briefings/topics/x/");
        assert_eq!(base.url("atom.xml"), "/briefings/atom.xml");
        assert_eq!(base.absolute("topics/x/"), "https://example.org/briefings/topics/x/");
        let root = BaseUrl::parse("http://localhost:1111/").unwrap();
        assert_eq!(root.path(), "/");
        assert_eq!(root.origin(), "http://localhost:1111");
        // Regression (deploy probe): `briefings//` put `/briefings//style.css` in every page,
        // and the host kept its capitals in every canonical URL.
        let doubled = BaseUrl::parse("https://Example.GitHub.io//briefings//news//").unwrap();
        // Review: a URL written with the host's capitals is still this site's.
        assert_eq!(
            doubled.strip("https://EXAMPLE.github.io/briefings/news/2024/x/"),
            Some("2024/x/")
        );
        assert_eq!(doubled.strip("https://example.github.io/Briefings/news/x/"), None);
        assert_eq!(doubled.strip("https://exämple.github.io/"), None);
        assert_eq!(doubled.as_str(), "https://example.github.io/briefings/news/");
        assert_eq!(doubled.origin(), "https://example.github.io");
        assert_eq!(doubled.path(), "/briefings/news/");
        assert_eq!(BaseUrl::parse("https://x.org//").unwrap().as_str(), "https://x.org/");
        for bad in [
            "example.org",
            "https:///x",
            "https://exa mple.org/",
            "https://x.org/?q=1",
            "ftp://x.org/",
            // Regression: a path with `..` gave pages `href="/../../style.css"`.
            "https://x.org/../../",
            "https://x.org/a/./b/",
        ] {
            assert!(BaseUrl::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn root_relative_links_move_under_the_prefix_once() {
        let base = BaseUrl::parse("https://example.org/briefings/").unwrap();
        assert_eq!(base.prefixed("/topics/x/").as_deref(), Some("/briefings/topics/x/"));
        assert_eq!(base.prefixed("/briefings/topics/x/"), None);
        assert_eq!(base.prefixed("//cdn.org/x"), None);
        assert_eq!(base.prefixed("x/"), None);
        let root = BaseUrl::parse("https://example.org/").unwrap();
        assert_eq!(root.prefixed("/topics/x/"), None);
    }

    #[test]
    fn permalinks_fill_the_pattern() {
        let date = jiff::civil::date(2024, 6, 9);
        assert_eq!(permalink(DEFAULT_PERMALINK, date, "pact"), "/2024/06/pact/");
        assert_eq!(
            permalink("/:year/:month/:day/:slug/", date, "pact"),
            "/2024/06/09/pact/"
        );
        assert!(check_permalink(DEFAULT_PERMALINK).is_ok());
        assert!(check_permalink("/:year/").is_err());
        assert!(check_permalink("/:year/:slug").is_err());
        assert!(check_permalink("/:week/:slug/").is_err());
        assert!(check_permalink("/../:slug/").is_err());
        assert!(check_permalink("/café/:slug/").is_ok(), "letters of any script");
    }

    /// Regression (review, session 24): `permalink: "/news#1/:slug/"` wrote pages under
    /// `news#1/`, which every link (`href`, sitemap, feeds) reached as `/news` and a fragment.
    #[test]
    fn a_permalink_with_a_mark_that_breaks_links_is_refused() {
        for (pattern, named) in [
            ("/news#1/:slug/", "`#`"),
            ("/faq?/:slug/", "`?`"),
            ("/100%/:slug/", "`%`"),
            ("/a\\b/:slug/", "`\\`"),
            ("/\"x\"/:slug/", "`\"`"),
            ("/<b>/:slug/", "`<`"),
            ("/news items/:slug/", "a space"),
            ("/a\tb/:slug/", "the character U+0009"),
        ] {
            let error = check_permalink(pattern).expect_err(pattern);
            assert_eq!(
                error,
                format!("permalink `{pattern}` has {named}: every link to an article would break on it")
            );
        }
    }

    /// Regression: `https://exa mple.com/` and `http://` passed as source URLs and went into
    /// pages as broken links.
    #[test]
    fn web_addresses_have_a_scheme_a_host_and_no_spaces() {
        assert!(is_web_address("https://www.businessinsider.com/a?b=c#d"));
        assert!(is_web_address("http://example.org"));
        for bad in [
            "https://exa mple.com/",
            "http://",
            "https://",
            "ftp://x.org/",
            "www.x.org",
            "https:// x.org",
            "https://x.example/\"><script>alert(1)</script>",
            // Regression (security probe): accepted, though a browser opens evil.example, or
            // shows the address reordered.
            "https://evil.example\\@ok.example/",
            "https://ok.example/x\u{202e}y",
        ] {
            assert!(!is_web_address(bad), "{bad}");
        }
        // Regression: an address with a space was told to start with https://, which it did.
        assert_eq!(
            web_address_fix("https://exa mple.com/"),
            Some("an address has no spaces: remove them (a space inside a path is written %20)")
        );
    }

    #[test]
    fn page_files() {
        assert_eq!(page_file("/"), "index.html");
        assert_eq!(page_file("/2024/06/x/"), "2024/06/x/index.html");
        assert_eq!(page_file("/old.html"), "old.html");
        // Regression: an old `.htm` address became the folder `old.htm/`, which no host serves
        // at `/old.htm`.
        assert_eq!(page_file("/old.htm"), "old.htm");
        assert_eq!(page_file(&topic("korea")), "topics/korea/index.html");
        assert_eq!(page_file(&archive_month(2024, 6)), "archive/2024/06/index.html");
    }

    #[test]
    fn files_in_a_bundle_go_next_to_its_page_and_others_keep_their_path() {
        let bundle = |dir: &str| (dir == "content/2024/06/pact").then_some("/2024/06/putin-kim/");
        assert_eq!(
            asset_file("content/2024/06/pact/map.png", bundle).as_deref(),
            Some("2024/06/putin-kim/map.png")
        );
        assert_eq!(
            asset_file("content/2024/06/pact/img/a.jpg", bundle).as_deref(),
            Some("2024/06/putin-kim/img/a.jpg")
        );
        assert_eq!(
            asset_file("content/2026/10/poll.png", bundle).as_deref(),
            Some("2026/10/poll.png")
        );
        assert_eq!(asset_file("static/x.png", bundle), None);
    }

    #[test]
    fn paths_normalize_lexically() {
        assert_eq!(normalize("content/a/../b.md"), "content/b.md");
        assert_eq!(normalize("content/./a//b.md"), "content/a/b.md");
        assert_eq!(normalize("../../x"), "x");
    }
}
