//! URL resolution: a reference as written in a page (`../map.png`, `/about/`, `#notes`) made
//! absolute against the page's own URL, by the WHATWG URL Standard (the `url` crate), as a
//! browser resolves it. The one resolver for every URL gazette makes absolute.
//!
//! Results are URLs as the standard serialises them: characters a URL cannot hold are
//! percent-encoded (`café/` becomes `caf%C3%A9/`), `.` and `..` segments are removed, and a host
//! is lower-cased.

use url::{ParseError, Url};

/// Whether `reference` is an absolute URL: one that starts with a scheme (`https:`, `mailto:`,
/// `data:`), whatever page it appears on. Leading and trailing spaces are ignored, as browsers
/// ignore them.
pub fn is_absolute(reference: &str) -> bool {
    // The standard's scheme state, read directly: an ASCII letter, then letters, digits, `+`, `-`
    // or `.`, then `:`. Bodies hold thousands of links and this runs for each of them, so the
    // parser (which allocates) is asked only when tabs or newlines, which it drops anywhere in a
    // URL, make the text differ from what it reads.
    let trimmed = reference.trim_matches(|c: char| c <= ' ');
    if trimmed.contains(['\t', '\n', '\r']) {
        // Without a scheme the parser stops at once with this error; every other outcome (a
        // URL, or a scheme with a malformed rest such as `http://`) means it names a scheme.
        return !matches!(Url::parse(reference), Err(ParseError::RelativeUrlWithoutBase));
    }
    let mut chars = trimmed.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
            .is_some_and(|c| c == ':')
}

/// `reference` made absolute against `page`, the absolute URL of the page it appears on:
/// a relative reference (`map.png`, `../other/`) against the page's folder, a root-relative one
/// (`/about/`) against the page's origin, a scheme-relative one (`//cdn.example.net/a.js`) against
/// its scheme, and a bare fragment or query (`#notes`, `?page=2`) against the page itself.
///
/// `reference` is the text a browser would resolve: for an HTML attribute, its value after
/// character references are decoded (`&amp;` is `&`).
///
/// `None` when the reference is absolute already ([`is_absolute`]), or when it cannot be made a
/// URL (a scheme-relative reference with an invalid host): either way there is nothing to
/// change, and the caller keeps the reference as written.
pub fn absolute(page: &Url, reference: &str) -> Option<String> {
    if is_absolute(reference) {
        return None;
    }
    page.join(reference).ok().map(String::from)
}
