//! URL resolution: a reference as written in a page (`../map.png`, `/about/`, `#notes`) made
//! absolute against the page's own URL, by the WHATWG URL Standard (the `url` crate), as a
//! browser resolves it. The one resolver for every URL gazette makes absolute.
//!
//! Results are URLs as the standard serialises them: characters a URL cannot hold are
//! percent-encoded (`café/` becomes `caf%C3%A9/`), `.` and `..` segments are removed, and a host
//! is lower-cased.

use url::Url;

/// Whether `reference` is an absolute URL: one that starts with a scheme (`https:`, `mailto:`,
/// `data:`), whatever page it appears on, even if the rest is malformed (`http://`).
///
/// This is the URL Standard's "scheme state", as the `url` crate runs it before anything else:
/// after leading C0 controls and spaces, an ASCII letter, then letters, digits, `+`, `-` or `.`
/// up to a `:`, with tabs and newlines skipped. It is exactly when `Url::parse` does not fail
/// with `RelativeUrlWithoutBase` (a property test checks), without parsing the rest: bodies link
/// mostly to other sites, and each of those URLs would be parsed only to be kept as written.
pub fn is_absolute(reference: &str) -> bool {
    let mut chars = reference
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|&c| !matches!(c, '\t' | '\n' | '\r'));
    if !chars.next().is_some_and(|c| c.is_ascii_alphabetic()) {
        return false;
    }
    for c in chars {
        match c {
            ':' => return true,
            c if c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.') => {}
            _ => return false,
        }
    }
    false
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
