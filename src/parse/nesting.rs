//! How deep a body's elements nest, counted in one linear pass before any HTML parser sees the
//! body: Markdown's blocks and spans, and raw HTML's elements as a browser's parser keeps them
//! open. The HTML parsers that clean and inline a body (ammonia, css-inline) slow down by the
//! square of the depth and then run out of stack: past `MAX_DEPTH` a body is an error, at the
//! element that goes past it.
//!
//! The count is an upper bound of the depth a browser builds (within twice it:
//! `a_browser_never_builds_deeper_than_twice_the_count` checks it against html5ever's tree on
//! random markup of 170 pieces of HTML, SVG and MathML); the threads' 32 MB stacks
//! (`pipeline::THREAD_STACK`) are the margin for what that test has not met. The browser modelled
//! is html5ever's (ammonia's and css-inline's parser), with scripting on.
//!
//! What the count follows:
//! - HTML's tokenizer: quoted and unquoted attributes (their names and values are kept), comments
//!   that end at `-->` or `--!>`, bogus comments, CDATA in SVG and MathML, raw text (`<script>`
//!   with its escapes, `<style>`, `<title>`, `<textarea>`, `<xmp>`, `<iframe>`, `<noembed>`,
//!   `<noframes>`, `<noscript>`, `<plaintext>`), tag names up to a space, `/` or `>`.
//! - End tags as a browser finds their element: those of most special elements (`</div>`,
//!   `</li>`, `</p>`, `</td>`, `</table>`…) past all but the bounds of their scope (a table, a
//!   cell, an `<object>`, a `<select>`…, SVG's `<desc>`, MathML's `<mi>`); others (`</span>`)
//!   past SVG and MathML but not past a special element; in SVG or MathML, the innermost SVG or
//!   MathML element of that name first. `</form>` takes the form alone out of the open
//!   elements; `</body>` and `</html>` close nothing.
//! - The ends a start tag implies: a new `<li>`, `<dd>`, `<td>`, `<tr>`, `<option>`,
//!   `<button>`, `<nobr>`, `<a>`, heading or block closes the one before it where a browser
//!   does (a `<table>` leaves a `<p>` open, as without a doctype); in a `<select>`, an `<input>`
//!   or a `<select>` closes it.
//! - Formatting elements (`<b>`, `<a>`, `<font>`…) closed by their block without their own end
//!   tag still count, since a browser opens them again (but those fenced off by a cell, an
//!   `<object>`… until it closes, and at most three alike: HTML's "Noah's Ark"); their end tags
//!   follow the adoption agency (a misnested `</b>` closes what is inside the last special
//!   element inside it).
//! - SVG and MathML: `/>` closes their elements; an HTML element (`<div>`, a `<font>` with
//!   `color`, `face` or `size`) ends them; `<foreignObject>`, `<desc>`, `<title>`, `<mi>`…
//!   (but not their `<mglyph>` and `<malignmark>`) and `<annotation-xml>` with an HTML
//!   `encoding` hold HTML again.
//! - Tables and templates: table parts outside a table or a `<template>` open nothing; a
//!   template whose first element is a `<col>` takes only `<col>` and `<template>`; a column
//!   group closes before anything else in it.
//! - What opens nothing: void elements (`<br>`, `<img>`, `<image>`…), a second `<html>`,
//!   `<body>` or `<head>`, a `<frame>`. A `<frameset>` counts for good, with those in raw text
//!   after it, since a browser that takes one nests framesets only and reads no raw text.
//!
//! What it does not follow, each on the side of counting more: a `<caption>` closed by other
//! table parts, a second `<table>` closing the first, foster parenting (content a browser moves
//! before a table), what a template's insertion mode ignores but for the column group's, a
//! frameset a browser ignores. Nor, possibly on the other side (not met by the test),
//! formatting elements whose attributes differ only by how character references write
//! them, which Noah's Ark takes as alike and the count does not. Where a browser adds elements
//! of its own (`<tbody>` and `<tr>` around a bare `<td>`, a template's content), it adds at most
//! one for each counted, so a body within the limit is within twice it.

/// How deep a body's elements may nest. Writing never needs more than a dozen levels.
pub const MAX_DEPTH: usize = 256;

/// Elements that never have content (`<br>`, `<img>`, and `<image>`, which a browser reads as
/// `<img>`): a start tag opens nothing.
const VOID: [&str; 18] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    "keygen", "image", "basefont", "bgsound",
];

/// HTML elements whose content is text up to their end tag, never tags.
const RAW_TEXT: [&str; 10] = [
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
];

/// Elements whose end tag may be left out, which a browser closes where it "generates implied end
/// tags".
const IMPLIED_END: [&str; 10] = ["dd", "dt", "li", "optgroup", "option", "p", "rb", "rp", "rt", "rtc"];

/// Elements whose end tag a browser looks for in scope (past all but `Open::scope_boundary`),
/// and closes with all inside it.
const SCOPED_END: [&str; 33] = [
    "address",
    "applet",
    "article",
    "aside",
    "blockquote",
    "button",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "header",
    "hgroup",
    "listing",
    "main",
    "marquee",
    "menu",
    "nav",
    "object",
    "ol",
    "pre",
    "search",
    "section",
    "select",
    "summary",
    "ul",
];

/// Table parts, which `</table>`, `</tbody>`… close with the cells and rows inside them.
const TABLE_PARTS: [&str; 8] = ["td", "th", "tr", "tbody", "thead", "tfoot", "caption", "colgroup"];

/// Elements that fence off the formatting elements inside them: closing one forgets them (a
/// browser's "markers").
const MARKERS: [&str; 7] = ["td", "th", "caption", "marquee", "object", "applet", "template"];

/// Formatting elements: closed by their block without their own end tag, a browser opens them again.
const FORMATTING: [&str; 14] = [
    "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
];

/// Elements past which an end tag of another name closes nothing (HTML's "special" elements, as
/// html5ever has them: not `<search>`).
const SPECIAL: [&str; 82] = [
    "address",
    "applet",
    "area",
    "article",
    "aside",
    "base",
    "basefont",
    "bgsound",
    "blockquote",
    "body",
    "br",
    "button",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dir",
    "div",
    "dl",
    "dt",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "iframe",
    "img",
    "input",
    "isindex",
    "li",
    "link",
    "listing",
    "main",
    "marquee",
    "menu",
    "meta",
    "nav",
    "noembed",
    "noframes",
    "noscript",
    "object",
    "ol",
    "p",
    "param",
    "plaintext",
    "pre",
    "script",
    "section",
    "select",
    "source",
    "style",
    "summary",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
    "wbr",
    "xmp",
];

/// Elements a browser's body takes as if in the document's head.
const IN_HEAD: [&str; 10] = [
    "base", "basefont", "bgsound", "link", "meta", "noframes", "script", "style", "template", "title",
];

/// Where an element's end tag is looked for ("default scope"): not past these.
const DEFAULT_SCOPE: [&str; 10] = [
    "applet", "caption", "html", "table", "td", "th", "marquee", "object", "select", "template",
];

/// Where `<p>` is looked for when a block closes it ("button scope"): not past these.
const P_SCOPE: [&str; 11] = [
    "applet", "caption", "html", "table", "td", "th", "marquee", "object", "select", "template", "button",
];

/// Start tags that close an open `<p>` first: HTML's block elements.
pub(crate) const CLOSES_P: [&str; 41] = [
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "ul",
    "li",
    "dd",
    "dt",
    "listing",
    "plaintext",
    "search",
    "xmp",
];

/// HTML start tags that end SVG or MathML content around them.
const LEAVES_FOREIGN: [&str; 44] = [
    "b",
    "big",
    "blockquote",
    "body",
    "br",
    "center",
    "code",
    "dd",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "hr",
    "i",
    "img",
    "li",
    "listing",
    "menu",
    "meta",
    "nobr",
    "ol",
    "p",
    "pre",
    "ruby",
    "s",
    "small",
    "span",
    "strong",
    "strike",
    "sub",
    "sup",
    "table",
    "tt",
    "u",
    "ul",
    "var",
];

/// SVG elements whose content is HTML again.
const HTML_INSIDE_SVG: [&str; 3] = ["foreignobject", "desc", "title"];

/// MathML elements whose content is HTML again.
const HTML_INSIDE_MATHML: [&str; 5] = ["mi", "mo", "mn", "ms", "mtext"];

/// One open element: its name (in lower case) and whether it is SVG or MathML.
struct Open {
    name: String,
    foreign: bool,
    /// Of SVG (else MathML, when `foreign`).
    svg: bool,
    /// A MathML `<annotation-xml>` whose `encoding` makes its content HTML.
    integration: bool,
    /// For a `<template>`: what its first start tag made of its content (a browser's template
    /// insertion mode).
    template: Template,
    /// A formatting element in a browser's list of those it opens again (its "active formatting
    /// elements"), with its attributes as that list compares them (`attributes_key`).
    listed: Option<String>,
}

/// A formatting element closed by its block without its own end tag, which a browser opens again:
/// its name, its attributes (`attributes_key`), and how many markers (`MARKERS`) were open around
/// it.
struct Lingering {
    name: String,
    attributes: String,
    markers: usize,
}

/// What a `<template>`'s content is, by its first start tag.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Template {
    /// No start tag yet (or not a template).
    Fresh,
    /// A `<col>` first: a column group, where a browser ignores all but `<col>` and `<template>`
    /// (and reads no raw text).
    Columns,
    /// Another table part first: a table's content, whose table parts a browser keeps.
    Table,
    /// Anything else.
    Other,
}

impl Open {
    fn html(name: String) -> Open {
        Open {
            name,
            foreign: false,
            svg: false,
            integration: false,
            template: Template::Fresh,
            listed: None,
        }
    }

    /// An element past which a browser does not look for an element to close ("default scope"):
    /// a table, a cell, an `<object>`…, SVG's `<desc>` and MathML's `<mi>`.
    fn scope_boundary(&self) -> bool {
        if self.foreign {
            let inside = if self.svg {
                &HTML_INSIDE_SVG[..]
            } else {
                &HTML_INSIDE_MATHML[..]
            };
            inside.contains(&self.name.as_str())
        } else {
            DEFAULT_SCOPE.contains(&self.name.as_str())
        }
    }

    /// SVG or MathML whose content is SVG or MathML too (not one whose content is HTML again).
    fn foreign_content(&self) -> bool {
        let inside = if self.svg {
            &HTML_INSIDE_SVG[..]
        } else {
            &HTML_INSIDE_MATHML[..]
        };
        self.foreign && !self.integration && !inside.contains(&self.name.as_str())
    }
}

/// Where the reading of raw HTML is, carried from one piece of raw HTML to the next (a tag, a
/// comment or a `<script>` may run across Markdown's lines).
#[derive(Default)]
enum Reading {
    #[default]
    Text,
    /// After `<`: a tag so far, and its tokenizer state.
    Tag(TagToken, TagState),
    /// In `<!--`: until `-->` or `--!>`.
    Comment,
    /// In `<!x…` or `<?…`: until `>`.
    Bogus,
    /// In SVG's or MathML's `<![CDATA[`: until `]]>`.
    Cdata,
    /// In a raw-text element (`<script>`): until its end tag; for a script, whether inside an
    /// escape (`<!--`: 1) or a script inside that (2), where `</script>` does not end it.
    Raw(String, u8),
}

/// A tag as HTML's tokenizer reads it: its name (in lower case), whether it is an end tag or
/// closed by `/>`, and its attributes' names (in lower case) and values, as written.
#[derive(Default)]
struct TagToken {
    name: String,
    closing: bool,
    self_closing: bool,
    attributes: Vec<(String, String)>,
}

impl TagToken {
    fn new(closing: bool) -> TagToken {
        TagToken {
            closing,
            ..TagToken::default()
        }
    }

    /// The value of an attribute (the first of that name, as a browser keeps it).
    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum TagState {
    Name,
    BeforeAttribute,
    Attribute,
    AfterAttribute,
    BeforeValue,
    Quoted(u8),
    Unquoted,
    AfterQuoted,
    SelfClosing,
}

impl TagState {
    /// The state after the byte `b` of a tag (HTML's tokenizer), noting the tag's name and
    /// attributes in `token`; `None` at the tag's `>`.
    fn next(self, token: &mut TagToken, b: u8) -> Option<TagState> {
        let space = matches!(b, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ');
        let lower = char::from(b.to_ascii_lowercase());
        let value = |token: &mut TagToken| {
            if let Some((_, value)) = token.attributes.last_mut() {
                value.push(char::from(b));
            }
        };
        Some(match (self, b) {
            (TagState::Quoted(q), _) if b == q => TagState::AfterQuoted,
            (TagState::Quoted(_), _) => {
                value(token);
                self
            }
            (TagState::Unquoted, _) if !space && b != b'>' => {
                value(token);
                self
            }
            (TagState::BeforeValue, _) if space => self,
            (TagState::BeforeValue, b'"' | b'\'') => TagState::Quoted(b),
            (TagState::SelfClosing, b'>') => {
                token.self_closing = true;
                return None;
            }
            (_, b'>') => return None,
            (TagState::BeforeValue, _) => {
                value(token);
                TagState::Unquoted
            }
            (TagState::Name, _) if space => TagState::BeforeAttribute,
            (TagState::Name, b'/') => TagState::SelfClosing,
            (TagState::Name, _) => {
                token.name.push(lower);
                self
            }
            (TagState::Attribute | TagState::AfterAttribute, b'=') => TagState::BeforeValue,
            (TagState::Attribute | TagState::AfterAttribute, _) if space => TagState::AfterAttribute,
            (TagState::Attribute, _) if b != b'/' => {
                if let Some((name, _)) = token.attributes.last_mut() {
                    name.push(lower);
                }
                self
            }
            (_, _) if space => TagState::BeforeAttribute,
            (_, b'/') => TagState::SelfClosing,
            // A new attribute (also after a quoted value or a `/`, where a browser reads the byte
            // again as the first of a name; `=` there is a name's first byte too).
            _ => {
                token.attributes.push((lower.to_string(), String::new()));
                TagState::Attribute
            }
        })
    }
}

/// The open elements of a body's raw HTML, and the formatting elements a browser will open again.
#[derive(Default)]
pub struct Nesting {
    open: Vec<Open>,
    /// Formatting elements closed by their block without their own end tag, by name, with the
    /// markers open around them (`MARKERS`): closing a marker forgets those inside it.
    lingering: Vec<Lingering>,
    reading: Reading,
    /// For each Markdown block open, how many raw HTML elements were open when it began.
    blocks: Vec<usize>,
    /// The greatest depth so far.
    deepest: usize,
    /// `<frameset>` start tags since the first, counted for good: a browser that takes a
    /// frameset (one early in a document) drops the body and nests framesets only; it then reads
    /// no raw text, so that those written in a `<script>`, a `<style>`… or a CDATA section after
    /// the first count too.
    framesets: usize,
}

impl Nesting {
    /// The depth now: Markdown's blocks, raw HTML's open elements, and the formatting elements a
    /// browser would open again.
    pub fn depth(&self) -> usize {
        self.blocks.len() + self.open.len() + self.lingering.len() + self.framesets
    }

    /// Counts the `<frameset` in text read as raw text or CDATA, once a `<frameset>` start tag was
    /// read: `false` when that makes the depth pass `MAX_DEPTH`.
    fn framesets_in(&mut self, text: &str) -> bool {
        if self.framesets == 0 {
            return true;
        }
        let lower = text.to_ascii_lowercase();
        self.framesets += lower.matches("<frameset").count();
        self.within()
    }

    /// The greatest depth counted so far.
    pub fn deepest(&self) -> usize {
        self.deepest
    }

    /// Whether the depth is within `MAX_DEPTH`, noting the deepest.
    fn within(&mut self) -> bool {
        self.deepest = self.deepest.max(self.depth());
        self.depth() <= MAX_DEPTH
    }

    /// A Markdown element begins. `false` when that makes the depth pass `MAX_DEPTH`.
    pub fn start_block(&mut self) -> bool {
        self.blocks.push(self.open.len());
        self.within()
    }

    /// A Markdown element ends (its end tag, `</p>`, `</li>`, `</em>`…): the raw HTML elements
    /// opened inside it close with it, unless one of them stops a browser from reaching it (a
    /// `<table>`, an `<object>`, a `<td>`).
    pub fn end_block(&mut self) {
        let Some(at) = self.blocks.pop() else { return };
        // Only inline elements: a special one (a `<div>` in a paragraph) or SVG may have closed
        // the Markdown element itself, or stop its end tag, and stays open in a browser.
        let inside = &self.open[at.min(self.open.len())..];
        if inside.iter().all(|o| !SPECIAL.contains(&o.name.as_str()) && !o.foreign) {
            self.close_from(at.min(self.open.len()), None);
        }
    }

    /// Reads a piece of raw HTML. `Err` with the byte offset (in `html`) of the tag that makes the
    /// depth pass `MAX_DEPTH`.
    pub fn read(&mut self, html: &str) -> Result<(), usize> {
        let bytes = html.as_bytes();
        let mut at = 0;
        let mut tag_start = 0;
        while at < bytes.len() {
            match std::mem::take(&mut self.reading) {
                Reading::Text => match html[at..].find('<') {
                    Some(lt) => {
                        if !html[at..at + lt].trim().is_empty() {
                            self.text();
                        }
                        tag_start = at + lt;
                        at = self.after_lt(html, tag_start + 1);
                    }
                    None => {
                        if !html[at..].trim().is_empty() {
                            self.text();
                        }
                        return Ok(());
                    }
                },
                Reading::Comment => match [find(html, at, "-->"), find(html, at, "--!>")]
                    .into_iter()
                    .flatten()
                    .min()
                {
                    Some(end) => at = end + if html[end..].starts_with("-->") { 3 } else { 4 },
                    None => {
                        self.reading = Reading::Comment;
                        return Ok(());
                    }
                },
                Reading::Bogus => match html[at..].find('>') {
                    Some(gt) => at += gt + 1,
                    None => {
                        self.reading = Reading::Bogus;
                        return Ok(());
                    }
                },
                Reading::Cdata => match find(html, at, "]]>") {
                    Some(end) if self.framesets_in(&html[at..end]) => at = end + 3,
                    Some(_) => return Err(at),
                    None => {
                        self.reading = Reading::Cdata;
                        return if self.framesets_in(&html[at..]) {
                            Ok(())
                        } else {
                            Err(at)
                        };
                    }
                },
                Reading::Raw(name, escape) => match raw_end(bytes, at, &name, escape) {
                    Ok(end) | Err((_, end)) if !self.framesets_in(&html[at..end]) => return Err(at),
                    // The end tag closes it; the rest of that tag (`>`) is read as a tag's.
                    Ok(end) => {
                        tag_start = end;
                        at = end + 2 + name.len();
                        let token = TagToken {
                            name,
                            ..TagToken::new(true)
                        };
                        self.reading = Reading::Tag(token, TagState::Name);
                    }
                    Err((escape, _)) => {
                        self.reading = Reading::Raw(name, escape);
                        return Ok(());
                    }
                },
                Reading::Tag(token, state) => {
                    let (next, ended) = self.scan_tag(bytes, at, token, state);
                    at = next;
                    if let Some(token) = ended
                        && !self.tag(token)
                    {
                        return Err(tag_start);
                    }
                }
            }
        }
        Ok(())
    }

    /// What follows a `<` at `at`: a tag, a comment, or text.
    fn after_lt(&mut self, html: &str, at: usize) -> usize {
        let rest = &html[at..];
        let first = rest.bytes().next();
        if let Some(after) = rest.strip_prefix("!--") {
            // `<!-->` and `<!--->` close at once.
            if after.starts_with('>') {
                return at + 4;
            }
            if after.starts_with("->") {
                return at + 5;
            }
            self.reading = Reading::Comment;
            return at + 3;
        }
        if rest.starts_with("![CDATA[") && self.open.last().is_some_and(Open::foreign_content) {
            self.reading = Reading::Cdata;
            return at + 8;
        }
        match first {
            Some(b'!' | b'?') => {
                self.reading = Reading::Bogus;
                at + 1
            }
            Some(b'/') => match rest.as_bytes().get(1) {
                Some(c) if c.is_ascii_alphabetic() => {
                    self.reading = Reading::Tag(TagToken::new(true), TagState::Name);
                    at + 1
                }
                // `</>` is nothing; `</ x>` a bogus comment.
                Some(b'>') => at + 2,
                _ => {
                    self.reading = Reading::Bogus;
                    at + 1
                }
            },
            Some(c) if c.is_ascii_alphabetic() => {
                self.reading = Reading::Tag(TagToken::new(false), TagState::Name);
                at
            }
            // A `<` that starts no tag is text.
            _ => at,
        }
    }

    /// Reads a tag from `at` with HTML's tokenizer states; the tag when its `>` is reached, else
    /// the reading goes on in the next piece.
    fn scan_tag(
        &mut self,
        bytes: &[u8],
        mut at: usize,
        mut token: TagToken,
        mut state: TagState,
    ) -> (usize, Option<TagToken>) {
        while let Some(&b) = bytes.get(at) {
            at += 1;
            match state.next(&mut token, b) {
                Some(next) => state = next,
                None => return (at, Some(token)),
            }
        }
        self.reading = Reading::Tag(token, state);
        (at, None)
    }

    /// A whole tag, read: opens or closes elements. `false` when the depth passes `MAX_DEPTH`.
    fn tag(&mut self, token: TagToken) -> bool {
        if token.closing {
            self.end(&token.name);
            return true;
        }
        if self.template_ignores(&token.name) {
            return true;
        }
        // A column group takes only `<col>` and `<template>`: anything else closes it first.
        if self.open.last().is_some_and(|o| !o.foreign && o.name == "colgroup")
            && !matches!(token.name.as_str(), "col" | "template")
        {
            self.open.pop();
        }
        let kind = self.kind(&token);
        let integration = kind == Some(false)
            && token.name == "annotation-xml"
            && token.attribute("encoding").is_some_and(html_encoding);
        let name = token.name;
        // A second `<html>`, `<body>` or `<head>` opens nothing, nor does a `<frame>` outside a
        // frameset.
        if kind.is_none() && matches!(name.as_str(), "html" | "body" | "head" | "frame") {
            return true;
        }
        // A `<frameset>` a browser takes nests in framesets only, else it opens nothing.
        if kind.is_none() && name == "frameset" {
            self.framesets += 1;
            return self.within();
        }
        if let Some(svg) = kind {
            if !token.self_closing {
                self.open.push(Open {
                    name,
                    foreign: true,
                    svg,
                    integration,
                    template: Template::Other,
                    listed: None,
                });
            }
            return self.within();
        }
        // Outside a table, or a template whose content is a table's, a browser ignores a table
        // part's start tag.
        if TABLE_PARTS.contains(&name.as_str()) || name == "col" {
            let context = self
                .open
                .iter()
                .rev()
                .find(|o| !o.foreign && matches!(o.name.as_str(), "table" | "template"));
            if !context.is_some_and(|o| o.name == "table" || o.template == Template::Table) {
                return true;
            }
            self.table_part(&name);
        }
        // A `<select>` in a `<select>` only closes it.
        if name == "select" && self.in_scope("select").is_some() {
            self.close_implied("select");
            return true;
        }
        self.close_implied(&name);
        if !CLOSES_P.contains(&name.as_str())
            && !RAW_TEXT.contains(&name.as_str())
            && !TABLE_PARTS.contains(&name.as_str())
        {
            self.reconstruct();
        }
        if VOID.contains(&name.as_str()) {
            return true;
        }
        if RAW_TEXT.contains(&name.as_str()) {
            self.reading = Reading::Raw(name.clone(), 0);
        }
        let formatting = FORMATTING.contains(&name.as_str());
        self.open.push(Open::html(name));
        if formatting {
            self.list(attributes_key(&token.attributes));
        }
        self.within()
    }

    /// The formatting element just opened joins a browser's list of those it opens again; of four
    /// alike there (same name and attributes, since the last marker) the first leaves it (HTML's
    /// "Noah's Ark"), and will not be opened again.
    fn list(&mut self, attributes: String) {
        let since = self.last_marker().map_or(0, |m| m + 1);
        let Some(new) = self.open.last() else { return };
        let alike: Vec<usize> = (since..self.open.len() - 1)
            .filter(|&i| self.open[i].name == new.name && self.open[i].listed.as_ref() == Some(&attributes))
            .collect();
        if alike.len() >= 3 {
            self.open[alike[0]].listed = None;
        }
        if let Some(new) = self.open.last_mut() {
            new.listed = Some(attributes);
        }
    }

    /// Where the last marker (`MARKERS`) open is.
    fn last_marker(&self) -> Option<usize> {
        self.open
            .iter()
            .rposition(|o| !o.foreign && MARKERS.contains(&o.name.as_str()))
    }

    /// Whether a start tag opens an SVG element (`Some(true)`), a MathML one (`Some(false)`) or an
    /// HTML one (`None`). Inside SVG or MathML content an element is of its parent's kind, but for
    /// the HTML elements that end that content (a `<div>`, a `<font>` with `color`, `face` or
    /// `size`), which are HTML; elsewhere `<svg>` and `<math>` begin their own, after the
    /// formatting elements a browser opens again.
    fn kind(&mut self, token: &TagToken) -> Option<bool> {
        let name = token.name.as_str();
        let top = self.open.last().filter(|o| o.foreign && !o.svg);
        // In MathML's `<mi>`… (whose content is HTML) `<mglyph>` and `<malignmark>` are still
        // MathML; in `<annotation-xml>` an `<svg>` is SVG.
        if top.is_some_and(|o| HTML_INSIDE_MATHML.contains(&o.name.as_str())) && matches!(name, "mglyph" | "malignmark")
        {
            return Some(false);
        }
        let svg_in_annotation = top.is_some_and(|o| o.name == "annotation-xml") && name == "svg";
        let parent = self.open.last().filter(|o| o.foreign_content()).map(|o| o.svg);
        match parent {
            Some(_) if svg_in_annotation => {}
            Some(svg) => {
                let font = name == "font" && ["color", "face", "size"].iter().any(|a| token.attribute(a).is_some());
                if !LEAVES_FOREIGN.contains(&name) && !font {
                    return Some(svg);
                }
                // An HTML element ends the SVG or MathML content around it.
                while self.open.last().is_some_and(Open::foreign_content) {
                    self.open.pop();
                }
                return None;
            }
            None if matches!(name, "svg" | "math") => {}
            None => return None,
        }
        self.reconstruct();
        Some(name == "svg")
    }

    /// Whether a browser ignores a start tag in the `<template>` open around it: one whose content
    /// a first `<col>` made a column group takes only `<col>` and `<template>`. The first start
    /// tag in a template decides what it is.
    fn template_ignores(&mut self, name: &str) -> bool {
        let Some(template) = self.open.last_mut().filter(|o| !o.foreign && o.name == "template") else {
            return false;
        };
        match template.template {
            Template::Columns => !matches!(name, "col" | "template"),
            // The elements of a document's head (`<style>`, `<script>`…) leave it undecided.
            Template::Fresh if IN_HEAD.contains(&name) => false,
            Template::Fresh => {
                template.template = if name == "col" {
                    Template::Columns
                } else if TABLE_PARTS.contains(&name) {
                    Template::Table
                } else {
                    Template::Other
                };
                false
            }
            Template::Table | Template::Other => false,
        }
    }

    /// An end tag.
    fn end(&mut self, name: &str) {
        match name {
            // `</body>` and `</html>` only change a browser's insertion mode: it reads on in the
            // body, with all still open.
            "body" | "html" => {}
            "form" if !self.open.iter().any(|o| !o.foreign && o.name == "template") => self.end_form(),
            // `</p>` and `</br>` in SVG or MathML content end that content first.
            "p" | "br" => {
                while self.open.last().is_some_and(Open::foreign_content) {
                    self.open.pop();
                }
                self.end_tag(name);
            }
            _ => {
                // In SVG or MathML (the element open last), an end tag closes the innermost SVG or
                // MathML element of its name, past all others (`<desc>` and `<mi>` too) but not
                // past HTML; else it is read as HTML's.
                for i in (0..self.open.len()).rev().take_while(|&i| self.open[i].foreign) {
                    if self.open[i].name == name {
                        self.close_from(i, Some(name));
                        return;
                    }
                }
                if !FORMATTING.contains(&name) || !self.adopt(name) {
                    self.end_tag(name);
                }
            }
        }
    }

    /// `</form>` outside a template: a browser takes out of the open elements the form alone, and
    /// what was open inside it stays open (an SVG or MathML `<form>` closes as other elements).
    fn end_form(&mut self) {
        for i in (0..self.open.len()).rev() {
            let open = &self.open[i];
            if open.name == "form" && (!open.foreign || self.open[i..].iter().all(|o| o.foreign)) {
                if open.foreign {
                    self.close_from(i, Some("form"));
                } else {
                    self.open.remove(i);
                }
                return;
            }
            if open.scope_boundary() {
                return;
            }
        }
    }

    /// An end tag: closes the innermost element of its name and those inside it, where a browser
    /// finds it. The end tags of most special elements (`</div>`, `</li>`, `</p>`, `</td>`…) look
    /// for it past all but the bounds of their scope (a table, a cell, an `<object>`…, SVG's
    /// `<desc>`, MathML's `<mi>`); others (`</span>`) past SVG and MathML, but not past a special
    /// element. Else it closes nothing.
    fn end_tag(&mut self, name: &str) {
        let heading = |n: &str| matches!(n, "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
        let scope: Option<fn(&Open) -> bool> = match name {
            "li" => Some(|o| o.scope_boundary() || (!o.foreign && matches!(o.name.as_str(), "ol" | "ul"))),
            "p" => Some(|o| o.scope_boundary() || (!o.foreign && o.name == "button")),
            "table" | "tbody" | "thead" | "tfoot" | "tr" | "td" | "th" | "caption" => {
                Some(|o| !o.foreign && matches!(o.name.as_str(), "html" | "table" | "template"))
            }
            "template" => Some(|_| false),
            // A column group closes only when open last (a browser closes it before anything
            // else in it).
            "colgroup" => Some(|_| true),
            _ if heading(name) || SCOPED_END.contains(&name) => Some(Open::scope_boundary),
            _ => None,
        };
        for i in (0..self.open.len()).rev() {
            let open = &self.open[i];
            if !open.foreign && (open.name == name || (heading(name) && heading(&open.name))) {
                self.close_from(i, Some(name));
                return;
            }
            let stop = match scope {
                Some(boundary) => boundary(open),
                None => !open.foreign && SPECIAL.contains(&open.name.as_str()),
            };
            if stop {
                return;
            }
        }
    }

    /// A formatting element's end tag (`</b>`) as a browser's adoption agency reads it: the last
    /// of that name it would open again, when closed already, is forgotten; else that element
    /// closes (if in scope). `false` when a browser takes the end tag as any other (no such
    /// formatting element in its list since the last marker).
    fn adopt(&mut self, name: &str) -> bool {
        let markers = self.markers();
        if let Some(i) = self
            .lingering
            .iter()
            .rposition(|l| l.name == name && l.markers == markers)
        {
            self.lingering.remove(i);
            return true;
        }
        let Some(at) = self.listed(name) else {
            return false;
        };
        if self.open[at + 1..].iter().all(|o| !o.scope_boundary()) {
            self.adopt_at(at);
        }
        true
    }

    /// Where the innermost open formatting element of `name` in a browser's list is, since the
    /// last marker.
    fn listed(&self, name: &str) -> Option<usize> {
        let since = self.last_marker().map_or(0, |m| m + 1);
        (since..self.open.len())
            .rev()
            .find(|&i| !self.open[i].foreign && self.open[i].name == name && self.open[i].listed.is_some())
    }

    /// The adoption agency for the formatting element open at `at`: it closes; when special
    /// elements (`<div>`…) are open inside it, a browser moves it inside each of the first eight
    /// (depth for depth), closes what stands between them but for the three formatting elements
    /// nearest each, and closes what is inside the last (but past seven, the formatting element
    /// stays open inside the eighth).
    fn adopt_at(&mut self, at: usize) {
        let specials: Vec<usize> = (at + 1..self.open.len())
            .filter(|&i| !self.open[i].foreign && SPECIAL.contains(&self.open[i].name.as_str()))
            .take(8)
            .collect();
        let Some(&last) = specials.last() else {
            let name = self.open[at].name.clone();
            self.close_from(at, Some(&name));
            return;
        };
        let eight = specials.len() == 8;
        if !eight {
            self.close_from(last + 1, None);
        }
        let tail: Vec<Open> = self.open.drain(last + 1..).collect();
        let moved: Vec<Open> = self.open.drain(at..).collect();
        let mut moved = (at..).zip(moved);
        let Some((_, formatting)) = moved.next() else { return };
        let mut next = specials.iter().copied().peekable();
        for (i, open) in moved {
            let Some(&special) = next.peek() else { break };
            if i == special {
                next.next();
                self.open.push(open);
            } else if open.listed.is_some() && special - i <= 3 {
                self.open.push(open);
            }
        }
        if eight {
            self.open.push(formatting);
            self.open.extend(tail);
        }
    }

    /// How many markers (`MARKERS`) are open.
    fn markers(&self) -> usize {
        self.open
            .iter()
            .filter(|o| !o.foreign && MARKERS.contains(&o.name.as_str()))
            .count()
    }

    /// Text: a browser opens again the formatting elements their block closed.
    pub fn text(&mut self) {
        self.reconstruct();
    }

    /// The formatting elements a browser opens again (its "reconstruct the active formatting
    /// elements"), open again here too, so that their end tags close what is inside them.
    /// Those fenced off by a marker open since they closed wait for it to close.
    fn reconstruct(&mut self) {
        let markers = self.markers();
        let (again, fenced) = std::mem::take(&mut self.lingering)
            .into_iter()
            .partition(|l| l.markers >= markers);
        self.lingering = fenced;
        for Lingering { name, attributes, .. } in again {
            self.open.push(Open {
                listed: Some(attributes),
                ..Open::html(name)
            });
        }
    }

    /// The ends a start tag implies, where a browser makes them.
    fn close_implied(&mut self, name: &str) {
        match name {
            "li" => self.close_sibling(&["li"]),
            "dd" | "dt" => self.close_sibling(&["dd", "dt"]),
            // In a `<select>`, an `<input>` or another `<select>` closes it; `<option>`,
            // `<optgroup>` and `<hr>` close the elements whose end is implied.
            "input" | "select" => {
                if let Some(i) = self.in_scope("select") {
                    self.close_from(i, Some("select"));
                }
            }
            // A `<button>` in a `<button>` closes it.
            "button" => {
                if let Some(i) = self.in_scope("button") {
                    self.close_from(i, Some("button"));
                }
            }
            "option" | "optgroup" | "hr" if self.in_scope("select").is_some() => {
                while self.open.last().is_some_and(|o| {
                    !o.foreign && IMPLIED_END.contains(&o.name.as_str()) && (name != "option" || o.name != "optgroup")
                }) {
                    self.open.pop();
                }
            }
            "option" | "optgroup" if self.open.last().is_some_and(|o| o.name == "option") => {
                self.open.pop();
            }
            // A new link closes the one before it (a browser's adoption agency), and takes it out
            // of the open elements where that does not.
            "a" => {
                let markers = self.markers();
                if self.lingering.iter().any(|l| l.name == "a" && l.markers == markers) {
                    self.adopt("a");
                } else if let Some(i) = self.listed("a") {
                    if self.open[i + 1..].iter().all(|o| !o.scope_boundary()) {
                        self.adopt_at(i);
                    } else {
                        self.open.remove(i);
                    }
                }
            }
            // A second `<nobr>` closes the one before it, in scope, likewise.
            "nobr" if self.in_scope("nobr").is_some() => {
                self.adopt("nobr");
            }
            _ => {}
        }
        // A `<table>` leaves a `<p>` open in a document without `<!DOCTYPE html>` (quirks mode).
        if CLOSES_P.contains(&name) && name != "table" {
            self.close_p();
        }
        if matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
            && self
                .open
                .last()
                .is_some_and(|o| matches!(o.name.as_str(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6"))
        {
            self.open.pop();
        }
    }

    /// A new list item closes the one before it: not past a special element other than
    /// `<address>`, `<div>` and `<p>`.
    fn close_sibling(&mut self, names: &[&str]) {
        for i in (0..self.open.len()).rev() {
            let open = self.open[i].name.as_str();
            if names.contains(&open) {
                self.close_from(i, Some(open.to_string().as_str()));
                return;
            }
            if self.open[i].foreign || (SPECIAL.contains(&open) && !matches!(open, "address" | "div" | "p")) {
                return;
            }
        }
    }

    /// A table part's start tag in a table: it closes the cell or caption it is in, then what a
    /// browser clears before it (all inside the table for a caption, a column group or a section;
    /// the row for a row).
    fn table_part(&mut self, name: &str) {
        let context = self
            .open
            .iter()
            .rposition(|o| !o.foreign && matches!(o.name.as_str(), "table" | "template" | "td" | "th" | "caption"));
        if let Some(i) = context
            && matches!(self.open[i].name.as_str(), "td" | "th" | "caption")
        {
            let cell = self.open[i].name.clone();
            self.close_from(i, Some(&cell));
        }
        match name {
            "caption" | "colgroup" | "col" | "tbody" | "thead" | "tfoot" => {
                if let Some(table) = self
                    .open
                    .iter()
                    .rposition(|o| !o.foreign && matches!(o.name.as_str(), "table" | "template"))
                {
                    self.close_from(table + 1, None);
                }
            }
            "tr" => self.close_in_table(&["tr"]),
            _ => {}
        }
    }

    /// Closes the innermost of `names` inside the nearest open `<table>` or `<template>`, with
    /// what is inside it. Outside them a browser ignores table parts, and closes nothing.
    fn close_in_table(&mut self, names: &[&str]) {
        for i in (0..self.open.len()).rev() {
            let open = self.open[i].name.as_str();
            if names.contains(&open) {
                if self.open[..i]
                    .iter()
                    .any(|o| matches!(o.name.as_str(), "table" | "template"))
                {
                    self.close_from(i, Some(open.to_string().as_str()));
                }
                return;
            }
            if open == "table" || open == "template" || self.open[i].foreign {
                return;
            }
        }
    }

    /// Where an HTML element of `name` is open in "default scope" (`Open::scope_boundary`).
    fn in_scope(&self, name: &str) -> Option<usize> {
        for (i, open) in self.open.iter().enumerate().rev() {
            if !open.foreign && open.name == name {
                return Some(i);
            }
            if open.scope_boundary() {
                return None;
            }
        }
        None
    }

    /// Closes an open `<p>` within button scope.
    fn close_p(&mut self) {
        for i in (0..self.open.len()).rev() {
            let open = self.open[i].name.as_str();
            if open == "p" {
                self.close_from(i, Some("p"));
                return;
            }
            if P_SCOPE.contains(&open) || self.open[i].foreign {
                return;
            }
        }
    }

    /// Closes the open elements from index `at` on; the formatting ones among them other than
    /// `named` (the one an end tag names) stay counted, since a browser opens them again, unless a
    /// marker closed with them fenced them off.
    fn close_from(&mut self, at: usize, named: Option<&str>) {
        let first_marker = self.open[at..]
            .iter()
            .position(|o| !o.foreign && MARKERS.contains(&o.name.as_str()))
            .map(|p| at + p);
        let mut markers = self.open[..at]
            .iter()
            .filter(|o| !o.foreign && MARKERS.contains(&o.name.as_str()))
            .count();
        let closed: Vec<Open> = self.open.drain(at..).collect();
        let before = markers;
        for (i, open) in closed.into_iter().enumerate() {
            let fenced = first_marker.is_some_and(|m| at + i > m);
            if let Some(attributes) = open.listed.clone()
                && Some(open.name.as_str()) != named
                && !fenced
            {
                self.lingering.push(Lingering {
                    name: open.name,
                    attributes,
                    markers,
                });
            } else if !open.foreign && MARKERS.contains(&open.name.as_str()) {
                markers += 1;
            }
        }
        // The formatting elements remembered inside a marker now closed are forgotten.
        self.lingering.retain(|l| l.markers <= before);
    }
}

/// A formatting element's attributes as a browser compares them to tell alike ones (HTML's
/// "Noah's Ark"): the first of each name, in name order, with line ends and NULs as a browser
/// reads them. Values written with different character references count as different.
fn attributes_key(attributes: &[(String, String)]) -> String {
    let mut kept: Vec<&(String, String)> = Vec::new();
    for attribute in attributes {
        if !kept.iter().any(|(name, _)| *name == attribute.0) {
            kept.push(attribute);
        }
    }
    kept.sort();
    kept.iter()
        .map(|(name, value)| {
            let value = value
                .replace("\r\n", "\n")
                .replace('\r', "\n")
                .replace('\0', "\u{FFFD}");
            format!("{name}={value}\0")
        })
        .collect()
}

/// Whether an `<annotation-xml>`'s `encoding` makes its content HTML: `text/html` or
/// `application/xhtml+xml` in any case, read with the character references that can write them.
fn html_encoding(value: &str) -> bool {
    let decoded = decode_references(value);
    decoded.eq_ignore_ascii_case("text/html") || decoded.eq_ignore_ascii_case("application/xhtml+xml")
}

/// An attribute's value with its numeric character references (`&#47;`, `&#x2F`) and `&sol;`
/// and `&plus;` read, as a browser reads them; other references are left as written (none of
/// them is an ASCII letter, `/` or `+`).
fn decode_references(value: &str) -> String {
    let mut decoded = String::new();
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        decoded.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let named = [("&sol;", '/'), ("&plus;", '+')]
            .into_iter()
            .find(|(r, _)| rest.starts_with(r));
        if let Some((reference, c)) = named {
            decoded.push(c);
            rest = &rest[reference.len()..];
            continue;
        }
        let hex = rest.starts_with("&#x") || rest.starts_with("&#X");
        let digits_at = if hex { 3 } else { 2 };
        let radix = if hex { 16 } else { 10 };
        let digits = rest
            .get(digits_at..)
            .filter(|_| rest.starts_with("&#"))
            .map_or(0, |d| d.bytes().take_while(|b| (*b as char).is_digit(radix)).count());
        if digits == 0 {
            decoded.push('&');
            rest = &rest[1..];
            continue;
        }
        let number = u32::from_str_radix(&rest[digits_at..digits_at + digits], radix).ok();
        decoded.push(number.and_then(char::from_u32).unwrap_or('\u{FFFD}'));
        rest = &rest[digits_at + digits..];
        rest = rest.strip_prefix(';').unwrap_or(rest);
    }
    decoded.push_str(rest);
    decoded
}

/// The byte offset of `needle` in `haystack` at or after `from`.
fn find(haystack: &str, from: usize, needle: &str) -> Option<usize> {
    haystack[from..].find(needle).map(|i| from + i)
}

/// Where a raw-text element's end tag (`</name` and a space, `/` or `>`) begins, from `at`, by
/// HTML's script states for a `<script>` (after `<!--`, a `<script` makes `</script>` end only
/// that inner one, and `-->` ends the escape); `Err` with the escape state at the piece's end,
/// and that end.
fn raw_end(bytes: &[u8], at: usize, name: &str, mut escape: u8) -> Result<usize, (u8, usize)> {
    let script = name == "script";
    let ends_name = |i: usize| {
        bytes
            .get(i)
            .is_none_or(|b| matches!(b, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ' | b'/' | b'>'))
    };
    let starts = |i: usize, text: &[u8]| {
        bytes
            .get(i..i + text.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(text))
    };
    let mut i = at;
    while i < bytes.len() {
        if bytes[i] == b'<'
            && bytes.get(i + 1) == Some(&b'/')
            && starts(i + 2, name.as_bytes())
            && ends_name(i + 2 + name.len())
        {
            if script && escape == 2 {
                escape = 1;
                i += 2 + name.len();
                continue;
            }
            return Ok(i);
        }
        if script {
            if escape == 0 && starts(i, b"<!--") {
                escape = 1;
                i += 4;
                continue;
            }
            if escape >= 1 && starts(i, b"-->") {
                escape = 0;
                i += 3;
                continue;
            }
            if escape == 1 && starts(i, b"<script") && ends_name(i + 7) {
                escape = 2;
                i += 7;
                continue;
            }
        }
        i += 1;
    }
    Err((escape, bytes.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth_error(html: &str) -> Option<usize> {
        Nesting::default().read(html).err()
    }

    fn deep(html: &str) -> bool {
        depth_error(html).is_some()
    }

    /// Regression (review, then a second adversarial test): inputs a browser keeps open that an
    /// earlier count closed. Each, 3,000 times in an edition's introduction, overflowed the stack.
    #[test]
    fn what_a_browser_keeps_open_counts() {
        for unit in [
            "<div>",
            "<div/>",
            "<div></x>",
            "<span><div></span>",
            "<tr><div>",
            "<td><div>",
            "<li><blockquote>",
            "<option><span>",
            "<div><object></div>",
            "<div><table><td></div>",
            "<div></div.x>",
            "<div title=\"</div>\">",
            "<svg><p></p><x/>",
        ] {
            assert!(deep(&unit.repeat(3000)), "{unit}");
        }
        assert!(deep(&format!("<!-- a --!>{}", "<div>".repeat(300))));
        // A browser opens unclosed formatting elements again in each paragraph.
        let formatting: String = (0..300).map(|n| format!("<p><b id={n}></p>")).collect();
        assert!(deep(&formatting));
        assert_eq!(depth_error(&"<div/>".repeat(300)), Some(256 * 6));
    }

    /// Regression (review, second test): valid HTML a browser keeps shallow was counted ever
    /// deeper: tables and lists without end tags, a script's comparisons, commented-out markup,
    /// anchors, and SVG's self-closed shapes.
    #[test]
    fn what_a_browser_closes_or_reads_as_text_does_not_count() {
        let shallow = [
            format!("<table>{}</table>", "<tr><td>1<td>Seoul<td>3".repeat(400)),
            format!(
                "<ul>{}</ul><dl>{}</dl>",
                "<li>item".repeat(400),
                "<dt>a<dd>b".repeat(400)
            ),
            "<p>para".repeat(400),
            format!("<select>{}</select>", "<option>one".repeat(400)),
            format!(
                "<script>{}</script>",
                "for(i=0;i<n;i++) if(a<b && c<d) x();".repeat(300)
            ),
            format!("<!--{}-->", "<div>\n".repeat(300)),
            "<br><img src=x><hr/><input>".repeat(300),
            format!("<svg>{}</svg>", "<path d='M0'/>".repeat(1000)),
            format!("{}x{}", "<span>".repeat(200), "</span>".repeat(200)),
            "<a id=\"p\"/>text ".repeat(400),
            format!("<table>{}</table>", "<tr><td><div>x</div></td></tr>".repeat(400)),
            "<div title='a > b'>x</div>".repeat(400),
            // A cell fences off the formatting elements inside it (second adversarial test).
            format!(
                "<table>{}</table>",
                "<tr><td><font face=\"Arial\">Row<td><font face=\"Arial\">v</tr>\n".repeat(400)
            ),
        ];
        for html in shallow {
            assert_eq!(depth_error(&html), None, "{}", &html[..60.min(html.len())]);
        }
    }

    /// Regression (review of the untested areas, the property test with 170 pieces, then
    /// inputs built on what it found): inputs a browser builds deep that the count kept shallow
    /// (html5ever's depth and the count before, in the comments). Each is now refused.
    #[test]
    fn what_the_review_of_untested_areas_found_counts() {
        let div300 = "<div>".repeat(300);
        let x = |n: usize| "<x/>".repeat(n);
        let refused = [
            // A `<template>` whose content a `<col>` made a column group ignores an `<xmp>`
            // (599 deep, counted 2), also after a `<style>`, which leaves it undecided (300, 2).
            "<template><col><xmp><template>".repeat(150),
            format!("<template><style></style><col><style></template>{div300}"),
            // `</body>` closes nothing (302, 2); `</form>` closes the form alone (304, 2).
            format!("<body><svg></body><title>{div300}"),
            format!("<form><svg></form><style><title>{div300}"),
            // Without a doctype a `<table>` leaves a `<p>` open (450, 180).
            "<p><table><td>".repeat(90),
            // A frameset a browser takes nests framesets only, also those in raw text (299, 2;
            // 300, 2).
            "<p><frameset>".repeat(300),
            format!("<frameset><style>{}</style>", "<frameset>".repeat(300)),
            // In SVG an end tag closes the SVG element of its name past `<desc>` (300, 6);
            // `</span>` passes SVG's `<desc>` (300, 32); `</div>` passes a `<ul>` (300, 121).
            format!("<svg><desc><math></svg>{}", x(10)).repeat(30),
            format!("<span><svg><desc></span></desc>{}", x(10)).repeat(30),
            format!("<div><ul><svg></div>{}", x(5)).repeat(60),
            // The adoption agency closes what is inside the last special element (330, 61), of
            // html5ever's special elements (not `<search>`: 307, 10).
            format!("<em><dl><svg></em>{}", x(10)).repeat(30),
            format!(
                "<b><isindex><h2><blockquote><dl><menu><menu><isindex><search><svg></b>{}",
                x(300)
            ),
            // `</b>` forgets a `<b>` its block closed before the one still open (302, 104).
            "<b><span><span><p><b></p></b>".repeat(100),
            // A `<button>` is no marker: its formatting elements are opened again (301, 2).
            "<button><b id=1></button>".repeat(300),
            // Spaces before `=` leave the tokenizer after the attribute's name (300, 1).
            "<b x  =\"></b>\">".repeat(300),
            // MathML's `<mglyph>` in `<mi>` is MathML: no raw text (302, 4).
            format!("<math><mi><mglyph><style>{div300}"),
            // An `<input>` in a `<select>` closes it (302, 4); a `<frame>` opens nothing.
            format!("<svg><desc><select><input></desc><title>{div300}"),
            format!("<svg><desc><frame></desc><title>{div300}"),
            // `<search>` closes a `<p>` (301, 2).
            "<p><search></p>".repeat(300),
            // `<annotation-xml encoding="text/html">` holds HTML (302, 2), however written.
            format!("<math><annotation-xml encoding=\"text/html\">{}", x(300)),
            format!("<math><annotation-xml encoding=\"Text&#47;HTML\">{}", x(300)),
            // A `<font>` with `color`, `face` or `size` ends SVG.
            format!("<svg><font color=red>{}", x(300)),
            // In a `<template>` table parts open (400, 80).
            "<template><tbody><tr><td>".repeat(80),
        ];
        for html in refused {
            assert!(deep(&html), "{}", &html[..60.min(html.len())]);
        }
        let shallow = [
            // Noah's Ark: a browser opens again at most three formatting elements alike; these
            // and the misnested `<b>`, `<nobr>`, `<button>` and `<optgroup>` were refused.
            "<p><b>x</p>".repeat(400),
            "<p><font color=red>x</p>".repeat(400),
            "<b>x<div>y</b>z</div>".repeat(400),
            "<nobr>a<nobr>b".repeat(400),
            "<button>a<button>b".repeat(400),
            format!("<select>{}</select>", "<optgroup><option>a<option>b".repeat(200)),
            format!(
                "<table><caption>c</caption><colgroup><col><col></colgroup>{}</table>",
                "<tr><td>1<td>2".repeat(400)
            ),
            "<form><input></form>".repeat(400),
            "<template><tr><td>x</td></tr></template>".repeat(400),
            "<math><annotation-xml encoding=\"text/html\"><div>x</div></annotation-xml></math>".repeat(400),
            format!("<math><annotation-xml encoding=\"text/plain\">{}", x(300)),
            format!("<svg>{}</svg>", "<font><x/></font>".repeat(300)),
            "<a href=1>one<a href=2>two".repeat(400),
        ];
        for html in shallow {
            assert_eq!(depth_error(&html), None, "{}", &html[..60.min(html.len())]);
        }
    }

    /// A tag, a comment or a script may run from one piece of raw HTML into the next; Markdown's
    /// blocks count with the raw HTML inside them, and close what was opened in them.
    #[test]
    fn pieces_and_blocks_count_together() {
        let mut nesting = Nesting::default();
        assert_eq!(nesting.read("<!-- start"), Ok(()));
        assert_eq!(nesting.read(&"<div>".repeat(300)), Ok(()));
        assert_eq!(nesting.read("end -->"), Ok(()));
        assert_eq!(nesting.read("<SCRIPT>if (a"), Ok(()));
        assert_eq!(nesting.read(&"<b".repeat(300)), Ok(()));
        assert_eq!(nesting.read("</script>"), Ok(()));
        assert_eq!(nesting.read("<div title=\"a"), Ok(()));
        assert_eq!(nesting.read("</div> b\">"), Ok(()));
        assert_eq!(nesting.depth(), 1, "the quoted `</div>` was an attribute");
        // Unclosed inline HTML in a paragraph closes with it, as `</p>` closes it.
        let mut body = Nesting::default();
        for _ in 0..400 {
            assert!(body.start_block());
            assert_eq!(body.read("Option<T>"), Ok(()));
            body.end_block();
        }
        assert_eq!(body.depth(), 0);
        // Raw HTML opened before Markdown's blocks counts with them.
        let mut mixed = Nesting::default();
        assert_eq!(mixed.read(&"<div>".repeat(200)), Ok(()));
        assert!((0..100).map(|_| mixed.start_block()).any(|within| !within));
    }

    /// The depth of the tree html5ever (the parser ammonia and css-inline use) builds, through a
    /// sink that keeps only each node's parent.
    mod browser {
        use std::borrow::Cow;
        use std::cell::RefCell;

        use html5ever::interface::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
        use html5ever::tendril::{StrTendril, TendrilSink};
        use html5ever::{Attribute, QualName};

        #[derive(Default)]
        pub struct Depths {
            parents: RefCell<Vec<Option<usize>>>,
            names: RefCell<Vec<QualName>>,
            /// MathML `<annotation-xml>` elements whose content is HTML (by their `encoding`).
            integration: RefCell<Vec<usize>>,
        }

        pub struct Name(QualName);

        impl std::fmt::Debug for Name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.0.local)
            }
        }

        impl html5ever::interface::ElemName for Name {
            fn ns(&self) -> &html5ever::Namespace {
                &self.0.ns
            }
            fn local_name(&self) -> &html5ever::LocalName {
                &self.0.local
            }
        }

        impl Depths {
            fn node(&self, name: QualName) -> usize {
                self.parents.borrow_mut().push(None);
                self.names.borrow_mut().push(name);
                self.parents.borrow().len() - 1
            }
            fn set_parent(&self, child: usize, parent: Option<usize>) {
                self.parents.borrow_mut()[child] = parent;
            }
            fn nameless() -> QualName {
                QualName::new(None, html5ever::ns!(), html5ever::local_name!(""))
            }
        }

        impl TreeSink for Depths {
            type Handle = usize;
            type Output = usize;
            type ElemName<'a> = Name;

            fn finish(self) -> usize {
                let parents = self.parents.into_inner();
                (0..parents.len())
                    .map(|mut node| {
                        let mut depth = 0;
                        while let Some(parent) = parents[node] {
                            depth += 1;
                            node = parent;
                        }
                        depth
                    })
                    .max()
                    .unwrap_or(0)
            }
            fn parse_error(&self, _: Cow<'static, str>) {}
            fn get_document(&self) -> usize {
                if self.parents.borrow().is_empty() {
                    self.node(Self::nameless());
                }
                0
            }
            fn elem_name<'a>(&'a self, target: &'a usize) -> Name {
                Name(self.names.borrow()[*target].clone())
            }
            fn create_element(&self, name: QualName, _: Vec<Attribute>, flags: ElementFlags) -> usize {
                self.get_document();
                let node = self.node(name);
                if flags.mathml_annotation_xml_integration_point {
                    self.integration.borrow_mut().push(node);
                }
                node
            }
            fn is_mathml_annotation_xml_integration_point(&self, node: &usize) -> bool {
                self.integration.borrow().contains(node)
            }
            fn create_comment(&self, _: StrTendril) -> usize {
                self.get_document();
                self.node(Self::nameless())
            }
            fn create_pi(&self, _: StrTendril, _: StrTendril) -> usize {
                self.create_comment(StrTendril::new())
            }
            fn append(&self, parent: &usize, child: NodeOrText<usize>) {
                if let NodeOrText::AppendNode(child) = child {
                    self.set_parent(child, Some(*parent));
                }
            }
            fn append_based_on_parent_node(&self, element: &usize, prev: &usize, child: NodeOrText<usize>) {
                let parent = self.parents.borrow()[*element];
                match parent {
                    Some(parent) => self.append(&parent, child),
                    None => self.append(prev, child),
                }
            }
            fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {}
            fn get_template_contents(&self, target: &usize) -> usize {
                // Counted as the template's child: deeper, never shallower.
                let contents = self.create_comment(StrTendril::new());
                self.set_parent(contents, Some(*target));
                contents
            }
            fn same_node(&self, x: &usize, y: &usize) -> bool {
                x == y
            }
            fn set_quirks_mode(&self, _: QuirksMode) {}
            fn append_before_sibling(&self, sibling: &usize, new_node: NodeOrText<usize>) {
                let parent = self.parents.borrow()[*sibling];
                if let (Some(parent), NodeOrText::AppendNode(node)) = (parent, new_node) {
                    self.set_parent(node, Some(parent));
                }
            }
            fn add_attrs_if_missing(&self, _: &usize, _: Vec<Attribute>) {}
            fn remove_from_parent(&self, target: &usize) {
                self.set_parent(*target, None);
            }
            fn reparent_children(&self, node: &usize, new_parent: &usize) {
                let mut parents = self.parents.borrow_mut();
                for parent in parents.iter_mut().filter(|p| **p == Some(*node)) {
                    *parent = Some(*new_parent);
                }
            }
        }

        /// The depth of the tree a browser builds of `html` in a document's `<body>`, less the
        /// `<html>` and `<body>` around it.
        pub fn depth(html: &str) -> usize {
            html5ever::parse_document(Depths::default(), Default::default())
                .one(html)
                .saturating_sub(2)
        }
    }

    /// The pieces of `a_browser_never_builds_deeper_than_twice_the_count`'s random markup: tags
    /// that open, close and imply ends, of HTML, SVG and MathML.
    const PIECES: [&str; 170] = [
        "<div>",
        "</div>",
        "<div/>",
        "<span>",
        "</span>",
        "<p>",
        "</p>",
        "<b>",
        "</b>",
        "<b id=1>",
        "<i>",
        "</i>",
        "<a>",
        "</a>",
        "<li>",
        "</li>",
        "<ul>",
        "</ul>",
        "<table>",
        "</table>",
        "<tr>",
        "<td>",
        "</td>",
        "<option>",
        "<select>",
        "<blockquote>",
        "</blockquote>",
        "<object>",
        "</object>",
        "<!-- x -->",
        "<!-- x --!>",
        "<font>",
        "<dd>",
        "<x>",
        "</x>",
        "<template>",
        "text",
        "<tbody>",
        "<caption>",
        "<title>",
        "</title>",
        "<script>",
        "</script>",
        "<nobr>",
        "<dl>",
        "<dt>",
        "<h1>",
        "<button>",
        "<svg>",
        "</svg>",
        "<path/>",
        "<math>",
        "<mi>",
        "<foreignObject>",
        "</math>",
        "<br/>",
        // Added by the review of untested areas: templates, font's attributes out of SVG,
        // select, tables' captions and columns, misnested formatting (adoption agency),
        // nested buttons and links, frameset, MathML's and SVG's HTML integration points,
        // raw text, rewritten and obsolete tags, and the attributes Noah's Ark compares.
        "</template>",
        "<font color=red>",
        "<font size=2>",
        "<font face=x>",
        "</font>",
        "</select>",
        "<optgroup>",
        "</option>",
        "<hr>",
        "</caption>",
        "<colgroup>",
        "</colgroup>",
        "<col>",
        "</tr>",
        "<th>",
        "<thead>",
        "</tbody>",
        "</button>",
        "</nobr>",
        "<frameset>",
        "<frame>",
        "</mi>",
        "<annotation-xml encoding=\"text/html\">",
        "<annotation-xml>",
        "</annotation-xml>",
        "<mtext>",
        "<mglyph>",
        "<desc>",
        "</desc>",
        "</foreignObject>",
        "<plaintext>",
        "<noscript><div></noscript>",
        "<noembed><div></noembed>",
        "<iframe><div></iframe>",
        "<xmp><div></xmp>",
        "<textarea><div></textarea>",
        "<style><div></style>",
        "<noframes><div></noframes>",
        "<noscript>",
        "</noscript>",
        "<xmp>",
        "</xmp>",
        "<image>",
        "<isindex>",
        "<listing>",
        "<pre>",
        "<em>",
        "</em>",
        "<u>",
        "</u>",
        "<strong>",
        "<ol>",
        "</ol>",
        "</dd>",
        "</dt>",
        "</h1>",
        "<h2>",
        "<form>",
        "</form>",
        "<marquee>",
        "</marquee>",
        "<applet>",
        "<ruby>",
        "<rt>",
        "<rb>",
        "<rtc>",
        "<body>",
        "</body>",
        "<html>",
        "</html>",
        "<head>",
        "</br>",
        "<input>",
        "<input type=hidden>",
        "<a id=1>",
        "<b id=2>",
        "<section>",
        "<center>",
        "<address>",
        "<![CDATA[x]]>",
        "<svg/>",
        "<math/>",
        "<img>",
        "<span/>",
        "<b/>",
        "<label>",
        "<sub>",
        "<th/>",
        "</th>",
        "<tr/>",
        "<table/>",
        "<menu>",
        "<details>",
        "<summary>",
        "<dialog>",
        "<search>",
        "<mo>",
        "<g>",
        "</g>",
        "<style>",
        "<select/>",
        "<ul/>",
        "<li/>",
        "<p/>",
        "</li >",
        "<p><table>",
        "<table><td>",
        "<style><frameset></style>",
        "<math><annotation-xml encoding=\"TEXT/html\">",
        "<math><annotation-xml encoding=text&#47;html>",
        "<svg><desc>",
        "<math><mi><mglyph>",
        "<p><b id=3></p>",
        "<b x  =\"></b>\">",
    ];

    /// The count is an upper bound of a browser's depth (within twice it, for the `<tbody>` and
    /// `<tr>` a browser adds): random raw HTML of the tags that open, close and imply ends,
    /// compared with html5ever's tree.
    #[test]
    fn a_browser_never_builds_deeper_than_twice_the_count() {
        use proptest::prelude::*;
        // The yardstick measures: nested elements, and what a browser keeps open.
        assert_eq!(browser::depth("<div><div><div>x"), 3);
        assert_eq!(browser::depth(&"<span><div></span>".repeat(10)), 20);
        let config = ProptestConfig {
            cases: 400,
            ..ProptestConfig::default()
        };
        proptest!(config, |(picks in proptest::collection::vec(0..PIECES.len(), 0..120))| {
            let html: String = picks.iter().map(|&i| PIECES[i]).collect();
            let mut nesting = Nesting::default();
            if nesting.read(&html).is_ok() {
                let built = browser::depth(&html);
                prop_assert!(
                    built <= 2 * nesting.deepest() + 2,
                    "{}: a browser builds {}, counted {}",
                    html,
                    built,
                    nesting.deepest()
                );
            }
        });
    }
}
