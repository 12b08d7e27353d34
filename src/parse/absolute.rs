//! HTML with absolute URLs: every relative URL of a body (or an email) made absolute against
//! the page it belongs to, for readers that show it away from the site (feeds, email).
//!
//! lol_html finds the URL attributes as a browser's tokenizer does (never inside comments, the
//! text of scripts and styles, or a tag the document leaves unfinished) and tells where each value
//! sits in the body; html5ever's tokenizer decodes a value's character references;
//! `core::resolve` resolves the URL. The new value is then put in place of the old one in the
//! body as written, so that everything else (spacing, quotes, the other attributes) stays byte
//! for byte: lol_html would write a whole tag anew once one of its attributes changed.

use std::borrow::Cow;
use std::cell::RefCell;
use std::ops::Range;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{BufferQueue, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts};
use lol_html::html_content::Element;
use lol_html::{ElementContentHandlers, HtmlRewriter, Selector, Settings};
use url::Url;

use crate::core::escape::xml_escape_into;
use crate::core::resolve;

/// Attributes whose value is one URL.
const URL_ATTRIBUTES: &[&str] = &["href", "src", "poster"];
/// The attribute whose value is a list of image candidates, each a URL and a descriptor.
const SRCSET: &str = "srcset";
/// Every element: the handler looks at the attributes itself. (Selecting the elements that
/// carry one of them, `[href], [src], …`, costs lol_html more than that.)
pub const SELECTOR: &str = "*";

/// `html` with the relative URLs of its `href`, `src`, `poster` and `srcset` attributes (on any
/// element) made absolute against `page`, the URL of the page the HTML is from. Everything else
/// stays byte for byte as written, absolute URLs too; a value that changes is written
/// double-quoted and escaped.
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
    absolutize_where(selector, html, page, |_| true)
}

/// `html` with the URLs written as paths from the site's root (`/briefings/logo.svg`, not
/// `//host/x` nor `logo.svg`) in its `href`, `src` and `poster` attributes made absolute
/// against `page`; everything else as written. For an email's template, whose other relative
/// values may be a sending service's placeholders (`*|UNSUB|*`), kept as they are.
pub fn absolutize_root_paths<'h>(html: &'h str, page: &Url) -> Cow<'h, str> {
    match SELECTOR.parse() {
        Ok(selector) => absolutize_where(&selector, html, page, |value| {
            let value = value.trim_start();
            value.starts_with('/') && !value.starts_with("//")
        }),
        Err(_) => Cow::Borrowed(html),
    }
}

/// `absolutize`, of the values `wanted` says (given each as written, before its character
/// references are decoded).
fn absolutize_where<'h>(selector: &Selector, html: &'h str, page: &Url, wanted: fn(&str) -> bool) -> Cow<'h, str> {
    let edits: RefCell<Vec<Edit>> = RefCell::new(Vec::new());
    let find = |element: &mut Element<'_, '_>| {
        for attribute in element.attributes() {
            // Only a value written in the body has a place in it.
            let Some(location) = attribute.value_source_location() else {
                continue;
            };
            let name = attribute.name();
            let kind = if name == SRCSET {
                Kind::Srcset
            } else if URL_ATTRIBUTES.contains(&name.as_str()) {
                Kind::Url
            } else {
                continue;
            };
            if !html.get(location.bytes()).is_some_and(wanted) {
                continue;
            }
            if let Some(edit) = rewrite_value(html, location.bytes(), kind, page) {
                edits.borrow_mut().push(edit);
            }
        }
        Ok(())
    };
    // Not strict: markup whose parse a tree builder would have to settle (a `<select>` holding
    // raw text) is read as a tokenizer reads it, instead of failing the whole body.
    let settings = Settings::new()
        .with_strict(false)
        .append_element_content_handler((Cow::Borrowed(selector), ElementContentHandlers::default().element(find)));
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
    let mut out = String::with_capacity(html.len() + edits.iter().map(|e| e.text.len()).sum::<usize>());
    let mut copied = 0;
    for edit in edits {
        if let Some(before) = html.get(copied..edit.range.start) {
            out.push_str(before);
            out.push_str(&edit.text);
            copied = edit.range.end;
        }
    }
    out.push_str(html.get(copied..).unwrap_or_default());
    Cow::Owned(out)
}

#[derive(Clone, Copy)]
enum Kind {
    /// `href`, `src`, `poster`: the value is one URL.
    Url,
    /// `srcset`: image candidates.
    Srcset,
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
        Kind::Srcset => absolute_srcset(page, &decoded)?,
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
/// density descriptor: `a-480.png 480w, a-800.png 800w`) with the URL of each candidate made
/// absolute, read as the HTML standard's "parse a srcset attribute" reads it; the separators and
/// descriptors stay as written. `None` when no URL changes.
fn absolute_srcset(page: &Url, srcset: &str) -> Option<String> {
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
        match resolve::absolute(page, url) {
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
