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
/// `None` when the reference is absolute already ([`is_absolute`]), a sending service's
/// placeholder ([`is_placeholder`]), or when it cannot be made a URL (a scheme-relative
/// reference with an invalid host): either way there is nothing to change, and the caller keeps
/// the reference as written.
pub fn absolute(page: &Url, reference: &str) -> Option<String> {
    if is_absolute(reference) || is_placeholder(reference) {
        return None;
    }
    page.join(reference).ok().map(String::from)
}

/// Whether `reference` is a sending service's placeholder, which the service replaces with an
/// address as it sends an email: Mailchimp's `*|ARCHIVE|*`, the `{{ unsubscribe_url }}`,
/// `{$unsubscribe}` and `{{{ pm:unsubscribe }}}` of template languages, `[unsubscribe]`,
/// `%unsubscribe_url%`, `%%unsubscribe%%`, `<%asm_group_unsubscribe_raw_url%>`. Never a page or
/// a file of the site: it stays as written, and no link check reports it. (A path of the site
/// has none of these signs: a URL holds no `{` or `|` unencoded, and its `%` starts two hex
/// digits; a file's name may hold brackets, `Screenshot [1].png`, so only a whole `[name]` is
/// one.)
pub fn is_placeholder(reference: &str) -> bool {
    // Most references have none of the signs: one look at each byte says so.
    if !reference.bytes().any(|b| matches!(b, b'{' | b'[' | b'|' | b'%' | b'<')) {
        return false;
    }
    let reference = reference.trim();
    // `//[::1]/` is a host, not a placeholder.
    if reference.starts_with("//") {
        return false;
    }
    ["{", "*|", "%%", "<%"].iter().any(|sign| reference.contains(sign))
        || (reference.starts_with('[') && reference.ends_with(']'))
        || (reference.len() > 2
            && reference.starts_with('%')
            && reference.ends_with('%')
            && reference[1..reference.len() - 1]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sending_services_placeholders_are_told_from_addresses() {
        for placeholder in [
            "*|ARCHIVE|*",
            "*|UNSUB|*",
            "{{ unsubscribe_url }}",
            "{{{ pm:unsubscribe }}}",
            "{$unsubscribe}",
            "[unsubscribe]",
            "%unsubscribe_url%",
            "%%unsubscribe%%",
            "<%asm_group_unsubscribe_raw_url%>",
            " *|FORWARD|* ",
        ] {
            assert!(is_placeholder(placeholder), "{placeholder}");
        }
        for address in [
            "chart.png",
            "../2024/06/pact/",
            "/about/",
            "caf%C3%A9/",
            "%20x",
            "#notes",
            "?p=2",
            "%",
            "Screenshot [1].png",
            "//[::1]/x",
        ] {
            assert!(!is_placeholder(address), "{address}");
        }
        let page = Url::parse("https://example.org/briefings/editions/w49/").unwrap();
        assert_eq!(absolute(&page, "*|ARCHIVE|*"), None);
        assert_eq!(absolute(&page, "{{ unsubscribe_url }}"), None);
        assert_eq!(
            absolute(&page, "chart.png").as_deref(),
            Some("https://example.org/briefings/editions/w49/chart.png")
        );
    }
}
