//! HTML with absolute URLs: every relative URL of a body (or an email) made absolute against
//! the page it belongs to, for readers that show it away from the site (feeds, email).
//!
//! lol_html finds the URL attributes as a browser's tokenizer does (never inside comments, the
//! text of scripts and styles, or a tag the document leaves unfinished) and tells where each value
//! sits in the body; html5ever's tokenizer decodes a value's character references;
//! `core::resolve` resolves the URL. The new value is then put in place of the old one in the
//! body as written, so that everything else (spacing, quotes, the other attributes) stays byte
//! for byte: lol_html would write a whole tag anew once one of its attributes changed. CSS (a
//! `style` attribute, an email's `<style>`) is read by cssparser, the tokenizer css-inline uses,
//! so that a `url()` is found where a browser finds one and nowhere else.

use std::borrow::Cow;
use std::cell::RefCell;
use std::ops::Range;

use cssparser::{ParseError, Parser, Token as CssToken};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{BufferQueue, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts};
use lol_html::html_content::{Element, TextChunk};
use lol_html::{ElementContentHandlers, HtmlRewriter, Selector, Settings};
use url::Url;

use crate::core::escape::xml_escape_into;
use crate::core::resolve;

/// Attributes whose value is one URL (`background`: a table cell's image, as emails still set it).
const URL_ATTRIBUTES: &[&str] = &["href", "src", "poster", "background"];
/// The attribute whose value is CSS declarations, whose `url()`s are URLs.
const STYLE: &str = "style";
/// The attribute whose value is a list of image candidates, each a URL and a descriptor.
const SRCSET: &str = "srcset";
/// Every element: the handler looks at the attributes itself. (Selecting the elements that
/// carry one of them, `[href], [src], …`, costs lol_html more than that.)
pub const SELECTOR: &str = "*";

/// `html` with the relative URLs of its `href`, `src`, `poster`, `background` and `srcset`
/// attributes and of the `url()`s in its `style` attributes (on any element) made absolute
/// against `page`, the URL of the page the HTML is from. Everything else stays byte for byte as
/// written, absolute URLs too; a value that changes is written double-quoted and escaped.
pub fn absolutize_html<'h>(html: &'h str, page: &Url) -> Cow<'h, str> {
    match SELECTOR.parse() {
        Ok(selector) => absolutize(&selector, html, page),
        Err(_) => Cow::Borrowed(html),
    }
}

/// One value to put in place of another: the byte range it replaces, and its text.
struct Edit {
    range: Range<usize>,
    text: String,
}

/// `absolutize_html`, with the selector parsed once for many bodies.
pub fn absolutize<'h>(selector: &Selector, html: &'h str, page: &Url) -> Cow<'h, str> {
    absolutize_where(selector, None, html, page, |_| true)
}

/// `html` with the URLs written as paths from the site's root (`/briefings/logo.svg`, not
/// `//host/x` nor `logo.svg`) made absolute against `page`: in its `href`, `src`, `poster`,
/// `background` and `srcset` attributes, and in the `url()`s of its `style` attributes and
/// `<style>` elements; everything else as written. For an email, whose other relative values may
/// be a sending service's placeholders (`*|UNSUB|*`), kept as they are.
pub fn absolutize_root_paths<'h>(html: &'h str, page: &Url) -> Cow<'h, str> {
    match (SELECTOR.parse(), "style".parse()) {
        (Ok(selector), Ok(styles)) => absolutize_where(&selector, Some(&styles), html, page, is_root_path),
        _ => Cow::Borrowed(html),
    }
}

/// `html` (a rendered body) with the relative URLs of its `href`, `src`, `poster` and
/// `background` attributes (not a path from the root, not absolute, not a fragment or a query
/// alone) that `rebase` (given the attribute's name and the value) gives a new value for put in
/// its place, everything else as written. A
/// body's Markdown links are made permalinks and file URLs as it is rendered; this does the same
/// for its raw HTML (`<img src="chart.png">`), whose relative URLs a browser would otherwise
/// resolve from the page's address, not from the source file's folder where the file is. Values
/// `rebase` does not know (a sending service's `*|UNSUB|*`) stay as written.
pub fn rebase_relative<'h>(html: &'h str, rebase: &dyn Fn(&str, &str) -> Option<String>) -> Cow<'h, str> {
    let Ok(selector) = SELECTOR.parse::<Selector>() else {
        return Cow::Borrowed(html);
    };
    let edits: RefCell<Vec<Edit>> = RefCell::new(Vec::new());
    let find = |element: &mut Element<'_, '_>| {
        for attribute in element.attributes() {
            if !URL_ATTRIBUTES.contains(&attribute.name().as_str()) {
                continue;
            }
            let Some(location) = attribute.value_source_location() else {
                continue;
            };
            let range = location.bytes();
            let Some(raw) = html.get(range.clone()) else {
                continue;
            };
            let value = raw.trim();
            let relative = !value.is_empty()
                && !value.starts_with(['/', '#', '?'])
                && !resolve::is_absolute(value)
                && !resolve::is_placeholder(value)
                && !value.contains(['&', '\\']);
            if let Some(new) = relative.then(|| rebase(&attribute.name(), value)).flatten() {
                let bytes = html.as_bytes();
                let quoted = range.start > 0
                    && matches!(bytes[range.start - 1], b'"' | b'\'')
                    && bytes.get(range.end) == Some(&bytes[range.start - 1]);
                let range = if quoted { range.start - 1..range.end + 1 } else { range };
                let mut text = String::with_capacity(new.len() + 2);
                text.push('"');
                xml_escape_into(&mut text, &new);
                text.push('"');
                edits.borrow_mut().push(Edit { range, text });
            }
        }
        Ok(())
    };
    let settings = Settings::new().with_strict(false).append_element_content_handler((
        Cow::Borrowed(&selector),
        ElementContentHandlers::default().element(find),
    ));
    let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
    let parsed = rewriter.write(html.as_bytes()).and_then(|()| rewriter.end());
    let mut edits = edits.into_inner();
    if parsed.is_err() || edits.is_empty() {
        return Cow::Borrowed(html);
    }
    edits.sort_by_key(|edit| edit.range.start);
    Cow::Owned(splice(html, edits))
}

/// Whether a URL as written is a path from the site's root: `/x`, not `//host/x` nor `x`.
pub fn is_root_path(value: &str) -> bool {
    let value = value.trim_start();
    value.starts_with('/') && !value.starts_with("//")
}

/// `absolutize`, of the URLs `wanted` says (given each as written, before an attribute's
/// character references are decoded), and, when `styles` selects them, of the `url()`s in the
/// text of those elements (`<style>`).
fn absolutize_where<'h>(
    selector: &Selector,
    styles: Option<&Selector>,
    html: &'h str,
    page: &Url,
    wanted: fn(&str) -> bool,
) -> Cow<'h, str> {
    let edits: RefCell<Vec<Edit>> = RefCell::new(Vec::new());
    let find = |element: &mut Element<'_, '_>| {
        for attribute in element.attributes() {
            // Only a value written in the body has a place in it.
            let Some(location) = attribute.value_source_location() else {
                continue;
            };
            let name = attribute.name();
            let Some(raw) = html.get(location.bytes()) else {
                continue;
            };
            let kind = if name == SRCSET {
                Kind::Srcset(wanted)
            } else if URL_ATTRIBUTES.contains(&name.as_str()) {
                Kind::Url
            } else if name == STYLE && has_url_function(raw) {
                Kind::Style(wanted)
            } else {
                continue;
            };
            // (A srcset's and a style's URLs are each asked for.)
            if matches!(kind, Kind::Url) && !wanted(raw) {
                continue;
            }
            if let Some(edit) = rewrite_value(html, location.bytes(), kind, page) {
                edits.borrow_mut().push(edit);
            }
        }
        Ok(())
    };
    // A stylesheet's text, from its first chunk to its last (lol_html may cut it in pieces).
    let sheet_start: RefCell<Option<usize>> = RefCell::new(None);
    let sheet = |chunk: &mut TextChunk<'_>| {
        let bytes = chunk.source_location().bytes();
        let start = *sheet_start.borrow_mut().get_or_insert(bytes.start);
        if chunk.last_in_text_node() {
            sheet_start.borrow_mut().take();
            if let Some(css) = html.get(start..bytes.end)
                && let Some(written) = absolute_css(page, css, wanted)
            {
                edits.borrow_mut().extend(written.into_iter().map(|edit| Edit {
                    range: start + edit.range.start..start + edit.range.end,
                    text: edit.text,
                }));
            }
        }
        Ok(())
    };
    // Not strict: markup whose parse a tree builder would have to settle (a `<select>` holding
    // raw text) is read as a tokenizer reads it, instead of failing the whole body.
    let mut settings = Settings::new()
        .with_strict(false)
        .append_element_content_handler((Cow::Borrowed(selector), ElementContentHandlers::default().element(find)));
    if let Some(styles) = styles {
        settings = settings
            .append_element_content_handler((Cow::Borrowed(styles), ElementContentHandlers::default().text(sheet)));
    }
    // Only where the values are is wanted: the output is the body as written, with the edits.
    let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
    let parsed = rewriter.write(html.as_bytes()).and_then(|()| rewriter.end());
    let mut edits = edits.into_inner();
    if parsed.is_err() || edits.is_empty() {
        // lol_html fails only when a handler fails (this one never does) or a memory limit is
        // reached (none is set); should it fail all the same, the body is kept as written.
        return Cow::Borrowed(html);
    }
    edits.sort_by_key(|edit| edit.range.start);
    Cow::Owned(splice(html, edits))
}

#[derive(Clone, Copy)]
enum Kind {
    /// `href`, `src`, `poster`, `background`: the value is one URL.
    Url,
    /// `srcset`: image candidates, whose URLs that the function takes are made absolute.
    Srcset(fn(&str) -> bool),
    /// `style`: declarations, whose `url()`s that the function takes are made absolute.
    Style(fn(&str) -> bool),
}

/// The edit that makes the attribute value at `value` (a byte range of `html`, inside any quotes)
/// absolute, or `None` if it needs none.
fn rewrite_value(html: &str, value: Range<usize>, kind: Kind, page: &Url) -> Option<Edit> {
    let raw = html.get(value.clone())?;
    let bytes = html.as_bytes();
    // A quoted value is replaced with its quotes; an unquoted one gains them.
    let quote = value
        .start
        .checked_sub(1)
        .and_then(|before| bytes.get(before))
        .filter(|&&q| (q == b'"' || q == b'\'') && bytes.get(value.end) == Some(&q))
        .copied();
    let decoded = if raw.contains('&') {
        Cow::Owned(decode_attribute(raw, quote)?)
    } else {
        Cow::Borrowed(raw)
    };
    let absolute = match kind {
        Kind::Url => resolve::absolute(page, &decoded)?,
        Kind::Srcset(wanted) => absolute_srcset(page, &decoded, wanted)?,
        Kind::Style(wanted) => splice(&decoded, absolute_css(page, &decoded, wanted)?),
    };
    let range = match quote {
        Some(_) => value.start - 1..value.end + 1,
        None => value,
    };
    let mut text = String::with_capacity(absolute.len() + absolute.len() / 8 + 2);
    text.push('"');
    xml_escape_into(&mut text, &absolute);
    text.push('"');
    Some(Edit { range, text })
}

/// An attribute value as written (`raw`, inside its `quote`, if it had one) as the HTML tokenizer
/// reads it: with its character references decoded by the rules for attributes (`caf&eacute;` is
/// `café`, `&amp;` is `&`, while `&copy=1` stays as written, as browsers keep it in a query).
fn decode_attribute(raw: &str, quote: Option<u8>) -> Option<String> {
    let quote = match quote {
        Some(b'\'') => "'",
        Some(_) => "\"",
        None => "",
    };
    let input = BufferQueue::default();
    input.push_back(StrTendril::from(format!("<a v={quote}{raw}{quote}>")));
    let tokenizer = Tokenizer::new(FirstAttribute::default(), TokenizerOpts::default());
    // The result would ask for a script to run; a lone `<a>` tag never does.
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.value.take()
}

/// A token sink that keeps the value of the first attribute of the first tag.
#[derive(Default)]
struct FirstAttribute {
    value: RefCell<Option<String>>,
}

impl TokenSink for FirstAttribute {
    type Handle = ();

    fn process_token(&self, token: Token, _line_number: u64) -> TokenSinkResult<()> {
        if let Token::TagToken(tag) = token
            && let Some(attribute) = tag.attrs.first()
        {
            self.value
                .borrow_mut()
                .get_or_insert_with(|| attribute.value.to_string());
        }
        TokenSinkResult::Continue
    }
}

/// A `srcset` value (image candidates separated by commas, each a URL and maybe a width or
/// density descriptor: `a-480.png 480w, a-800.png 800w`) with the URL of each candidate that
/// `wanted` takes made absolute, read as the HTML standard's "parse a srcset attribute" reads it; the separators and
/// descriptors stay as written. `None` when no URL changes.
fn absolute_srcset(page: &Url, srcset: &str, wanted: fn(&str) -> bool) -> Option<String> {
    let is_space = |c: char| matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c');
    let mut out = String::with_capacity(srcset.len() * 2);
    let mut changed = false;
    let mut rest = srcset;
    loop {
        // Spaces and commas before a candidate separate it from the one before.
        let start = rest.find(|c: char| !is_space(c) && c != ',').unwrap_or(rest.len());
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        if rest.is_empty() {
            break;
        }
        // The URL runs to the next space (`a.png,b.png` is one URL). Commas it ends with
        // (`a.png, b.png`) are separators, and end the candidate: it has no descriptor.
        let url_end = rest.find(is_space).unwrap_or(rest.len());
        let url = rest[..url_end].trim_end_matches(',');
        let ends_candidate = url.len() < url_end;
        match resolve::absolute(page, url).filter(|_| wanted(url)) {
            Some(absolute) => {
                out.push_str(&absolute);
                changed = true;
            }
            None => out.push_str(url),
        }
        rest = &rest[url.len()..];
        if !ends_candidate {
            // The descriptor runs to the next comma outside parentheses.
            let mut in_parentheses = false;
            let end = rest
                .find(|c: char| {
                    match c {
                        '(' => in_parentheses = true,
                        ')' => in_parentheses = false,
                        _ => {}
                    }
                    c == ',' && !in_parentheses
                })
                .unwrap_or(rest.len());
            out.push_str(&rest[..end]);
            rest = &rest[end..];
        }
    }
    changed.then_some(out)
}

/// Whether CSS as written may hold a `url()` (in any case, as CSS reads function names): a scan,
/// so that the declarations that have none are not tokenized.
fn has_url_function(css: &str) -> bool {
    css.as_bytes().windows(4).any(|w| w.eq_ignore_ascii_case(b"url("))
}

/// The edits that make each `url()` of `css` (a stylesheet or a `style` attribute's
/// declarations, as the CSS tokenizer reads them: not in a comment or a string) whose URL
/// `wanted` takes absolute against `page`, each range a byte range of `css`, in order; `None`
/// when there is none.
fn absolute_css(page: &Url, css: &str, wanted: fn(&str) -> bool) -> Option<Vec<Edit>> {
    if !has_url_function(css) {
        return None;
    }
    let mut parser = Parser::new(css);
    let mut edits = Vec::new();
    css_urls(&mut parser, page, wanted, false, &mut edits);
    (!edits.is_empty()).then_some(edits)
}

/// `absolute_css`'s walk: every token of `parser`, into every block and function. A URL is an
/// unquoted `url(…)`, the string of `url("…")` (its modifiers kept), a string in `image-set()`
/// (`strings_are_urls`), or `@import`'s string; an empty one or a `#fragment` (an SVG's
/// `url(#gradient)`) stays as written.
fn css_urls(
    parser: &mut Parser<'_>,
    page: &Url,
    wanted: fn(&str) -> bool,
    strings_are_urls: bool,
    edits: &mut Vec<Edit>,
) {
    let mut after_import = false;
    loop {
        let start = parser.position().byte_index();
        let token = match parser.next_including_whitespace_and_comments() {
            Err(_) => return,
            Ok(token) => token.clone(),
        };
        // What is found: the URL, where it is written, and whether it is a bare `url(…)`.
        // `@import` takes the next string (past spaces and comments) as its URL.
        let importing = after_import;
        after_import = match &token {
            CssToken::AtKeyword(name) => name.eq_ignore_ascii_case("import"),
            CssToken::WhiteSpace(_) | CssToken::Comment(_) => after_import,
            _ => false,
        };
        let found: Option<(String, std::ops::Range<usize>, bool)> = match token {
            CssToken::UnquotedUrl(url) => Some((url.to_string(), start..parser.position().byte_index(), true)),
            CssToken::QuotedString(value) if strings_are_urls || importing => {
                Some((value.to_string(), start..parser.position().byte_index(), false))
            }
            CssToken::Function(name) if name.eq_ignore_ascii_case("url") => {
                // `url("…" modifiers)`: its string is the URL.
                let mut found = None;
                let _ = parser.parse_nested_block(|inner| -> Result<(), ParseError<()>> {
                    inner.skip_whitespace();
                    let at = inner.position().byte_index();
                    if let Ok(CssToken::QuotedString(value)) = inner.next_including_whitespace_and_comments() {
                        found = Some((value.to_string(), at..inner.position().byte_index(), false));
                    }
                    Ok(())
                });
                found
            }
            CssToken::Function(name) => {
                let strings = name.eq_ignore_ascii_case("image-set") || name.eq_ignore_ascii_case("-webkit-image-set");
                let _ = parser.parse_nested_block(|inner| -> Result<(), ParseError<()>> {
                    css_urls(inner, page, wanted, strings, edits);
                    Ok(())
                });
                None
            }
            CssToken::ParenthesisBlock | CssToken::SquareBracketBlock | CssToken::CurlyBracketBlock => {
                let _ = parser.parse_nested_block(|inner| -> Result<(), ParseError<()>> {
                    css_urls(inner, page, wanted, false, edits);
                    Ok(())
                });
                None
            }
            _ => None,
        };
        let Some((url, range, bare)) = found else {
            continue;
        };
        if url.trim().is_empty() || url.trim_start().starts_with('#') || !wanted(&url) {
            continue;
        }
        if let Some(absolute) = resolve::absolute(page, &url) {
            let text = if bare {
                css_url(&absolute)
            } else {
                css_string(&absolute)
            };
            edits.push(Edit { range, text });
        }
    }
}

/// `url(…)` of an absolute URL: bare when nothing in it needs quoting, else with a string.
fn css_url(url: &str) -> String {
    if url
        .chars()
        .any(|c| matches!(c, '"' | '\'' | '(' | ')' | '\\') || c.is_whitespace() || c.is_control())
    {
        format!("url({})", css_string(url))
    } else {
        format!("url({url})")
    }
}

/// A CSS string (in double quotes) of `text`.
fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            // A newline cannot stand in a string: written as its code point.
            c if c.is_control() => out.push_str(&format!("\\{:x} ", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `text` with `edits` (byte ranges of it, in order, not overlapping) put in place.
fn splice(text: &str, edits: Vec<Edit>) -> String {
    let mut out = String::with_capacity(text.len() + edits.iter().map(|e| e.text.len()).sum::<usize>());
    let mut copied = 0;
    for edit in edits {
        if let Some(before) = text.get(copied..edit.range.start) {
            out.push_str(before);
            out.push_str(&edit.text);
            copied = edit.range.end;
        }
    }
    out.push_str(text.get(copied..).unwrap_or_default());
    out
}

#[cfg(test)]
mod tests {

    #[test]
    fn rebase_relative_replaces_the_relative_urls_it_is_given_a_place_for() {
        let rebase = |_: &str, value: &str| (value == "a.png" || value == "b.md").then(|| format!("/x/{value}"));
        let html = "<img src=\"a.png\" alt=a><img src=a.png><a href='b.md'>b</a> <a href=\"*|UNSUB|*\">u</a> <a href=\"/a.png\">r</a> <a href=\"#a.png\">f</a> <!-- <img src=\"a.png\"> --> <code>src=\"a.png\"</code>";
        assert_eq!(
            super::rebase_relative(html, &rebase),
            "<img src=\"/x/a.png\" alt=a><img src=\"/x/a.png\"><a href=\"/x/b.md\">b</a> <a href=\"*|UNSUB|*\">u</a> <a href=\"/a.png\">r</a> <a href=\"#a.png\">f</a> <!-- <img src=\"a.png\"> --> <code>src=\"a.png\"</code>"
        );
        assert!(matches!(
            super::rebase_relative("<p>none</p>", &rebase),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    use super::*;

    fn page() -> Url {
        Url::parse("https://example.org/news/editions/2024-06-22/email.html").unwrap()
    }

    /// Review of session 27: an email's background images (a `background` attribute, a CSS
    /// `url()` in a `style` attribute or in the `<style>` css-inline keeps for dark mode) stayed
    /// paths from the site's root, broken in every mail client.
    #[test]
    fn an_emails_background_images_are_made_absolute() {
        let html = "<html><head><style>@media (prefers-color-scheme:dark){.a{background-image:url( '/news/dark.png' )}} /* url(/news/c.png) */ .q::after{content:\"url(/news/s.png)\"}</style></head>\
            <body><table><tr><td background=\"/news/bg.png\" style=\"background:url(/news/bg.png) no-repeat, URL(&quot;/news/b 2.png&quot;), url(x.png), url(//cdn.example.net/a.png)\">x</td></tr></table></body></html>";
        let out = absolutize_root_paths(html, &page());
        assert_eq!(
            out,
            "<html><head><style>@media (prefers-color-scheme:dark){.a{background-image:url( \"https://example.org/news/dark.png\" )}} /* url(/news/c.png) */ .q::after{content:\"url(/news/s.png)\"}</style></head>\
            <body><table><tr><td background=\"https://example.org/news/bg.png\" style=\"background:url(https://example.org/news/bg.png) no-repeat, URL(&quot;https://example.org/news/b%202.png&quot;), url(x.png), url(//cdn.example.net/a.png)\">x</td></tr></table></body></html>"
        );
    }

    #[test]
    fn a_body_s_relative_css_urls_are_made_absolute_but_not_its_stylesheets() {
        let html = "<p style=\"background:url(map.png)\">a</p><style>.b{background:url(map.png)}</style><p style=\"color:red\">c</p>";
        assert_eq!(
            absolutize_html(html, &page()),
            "<p style=\"background:url(https://example.org/news/editions/2024-06-22/map.png)\">a</p><style>.b{background:url(map.png)}</style><p style=\"color:red\">c</p>"
        );
    }

    /// Review: an SVG's `url(#gradient)` (and an empty `url()`) in a feed body was made a link
    /// to the article page; `image-set()` and `@import` strings were missed, and a `url()`'s
    /// modifiers dropped.
    #[test]
    fn css_urls_are_found_where_css_has_them_and_fragments_stay() {
        let svg = "<svg><rect style=\"fill:url(#g);stroke:url( );mask:url('#m')\"/></svg>";
        assert_eq!(absolutize_html(svg, &page()), svg);
        let css = "@import \"/news/print.css\" print; @import url(/news/x.css); .a{background:image-set(\"/news/a.png\" 1x, url(/news/b.png) 2x)} .b{background:url(\"/news/c.png\" crossorigin(anonymous))} .c{content:\"/news/d.png\"}";
        let html = format!("<style>{css}</style>");
        assert_eq!(
            absolutize_root_paths(&html, &page()),
            "<style>@import \"https://example.org/news/print.css\" print; @import url(https://example.org/news/x.css); .a{background:image-set(\"https://example.org/news/a.png\" 1x, url(https://example.org/news/b.png) 2x)} .b{background:url(\"https://example.org/news/c.png\" crossorigin(anonymous))} .c{content:\"/news/d.png\"}</style>"
        );
    }

    /// Review: in an email, a srcset's first candidate decided for all: `*|IMG|*` after a root
    /// path was made a URL of the site too.
    #[test]
    fn each_srcset_candidate_is_asked_for() {
        let html = "<img src=\"cid:a\" srcset=\"/news/a.png 1x, *|IMG|* 2x\" alt=\"\">";
        assert_eq!(
            absolutize_root_paths(html, &page()),
            "<img src=\"cid:a\" srcset=\"https://example.org/news/a.png 1x, *|IMG|* 2x\" alt=\"\">"
        );
    }

    #[test]
    fn a_css_url_that_needs_quotes_gets_them() {
        assert_eq!(css_url("https://x.org/a.png"), "url(https://x.org/a.png)");
        assert_eq!(css_url("https://x.org/a(1).png"), "url(\"https://x.org/a(1).png\")");
        assert_eq!(css_url("https://x.org/a\"\\b"), "url(\"https://x.org/a\\\"\\\\b\")");
    }

    #[test]
    fn deeply_nested_css_is_read_without_a_panic() {
        let css = format!("{}url(/a.png){}", "a(".repeat(500), ")".repeat(500));
        let html = format!("<p style=\"{css}\">x</p><style>{}</style>", "{".repeat(5000));
        let _ = absolutize_root_paths(&html, &page());
    }
}
