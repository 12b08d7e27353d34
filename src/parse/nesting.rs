//! How deep a body's elements nest, counted in one linear pass before any HTML parser sees the
//! body: Markdown's blocks and spans, and raw HTML's elements as a browser's parser keeps them
//! open. The HTML parsers that clean and inline a body (ammonia, css-inline) slow down by the
//! square of the depth and then run out of stack: past `MAX_DEPTH` a body is an error, at the
//! element that goes past it.
//!
//! The count is an upper bound of the depth a browser builds (within twice it:
//! `a_browser_never_builds_deeper_than_twice_the_count` checks it against html5ever's tree on
//! random markup of HTML, SVG and MathML tags); the threads' 32 MB stacks
//! (`pipeline::THREAD_STACK`) are the margin for what that test has not met. Raw HTML is read with the states of HTML's tokenizer (quoted attributes,
//! comments that end at `-->` or `--!>`, bogus comments, raw text, tag names up to a space, `/`
//! or `>`); an end tag closes only an element a browser would close (not past a "special"
//! element such as `<div>` or `<object>`, but past the ones whose end is implied, `<p>`, `<li>`,
//! `<td>`…); `/>` closes only void elements and those of SVG or MathML; a new `<li>`, `<dd>`,
//! `<td>`, `<tr>`, `<option>`, `<a>` or block closes the one before it where a browser does; and
//! formatting elements (`<b>`, `<a>`, `<font>`…) closed by their block without their own end tag
//! still count, since a browser opens them again in the next paragraph. Where a browser adds
//! elements of its own (`<tbody>` and `<tr>` around a bare `<td>`), it adds at most one for each
//! counted, so a body within the limit is within twice it.

/// How deep a body's elements may nest. Writing never needs more than a dozen levels.
pub const MAX_DEPTH: usize = 256;

/// Elements that never have content (`<br>`, `<img>`): a start tag opens nothing.
const VOID: [&str; 15] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    "keygen",
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

/// Elements whose end tag may be left out: an end tag of an element around them closes them too.
const IMPLIED_END: [&str; 10] = ["dd", "dt", "li", "optgroup", "option", "p", "rb", "rp", "rt", "rtc"];

/// Table parts, which `</table>`, `</tbody>`… close with the cells and rows inside them.
const TABLE_PARTS: [&str; 8] = ["td", "th", "tr", "tbody", "thead", "tfoot", "caption", "colgroup"];

/// Elements that fence off the formatting elements inside them: closing one forgets them (a
/// browser's "markers").
const MARKERS: [&str; 8] = [
    "td", "th", "caption", "marquee", "object", "applet", "template", "button",
];

/// Formatting elements: closed by their block without their own end tag, a browser opens them again.
const FORMATTING: [&str; 14] = [
    "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
];

/// Elements past which an end tag of another name closes nothing (HTML's "special" elements and
/// scope boundaries).
const SPECIAL: [&str; 83] = [
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
    "keygen",
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
    "search",
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

/// Where `<p>` is looked for when a block closes it ("button scope"): not past these.
const P_SCOPE: [&str; 10] = [
    "applet", "caption", "html", "table", "td", "th", "marquee", "object", "template", "button",
];

/// Start tags that close an open `<p>` first.
const CLOSES_P: [&str; 39] = [
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
}

impl Open {
    fn html(name: String) -> Open {
        Open {
            name,
            foreign: false,
            svg: false,
        }
    }

    /// SVG or MathML whose content is SVG or MathML too (not one whose content is HTML again).
    fn foreign_content(&self) -> bool {
        let inside = if self.svg {
            &HTML_INSIDE_SVG[..]
        } else {
            &HTML_INSIDE_MATHML[..]
        };
        self.foreign && !inside.contains(&self.name.as_str())
    }
}

/// Where the reading of raw HTML is, carried from one piece of raw HTML to the next (a tag, a
/// comment or a `<script>` may run across Markdown's lines).
#[derive(Default)]
enum Reading {
    #[default]
    Text,
    /// After `<`: a tag, its name so far, whether it is an end tag, and its tokenizer state.
    Tag {
        name: String,
        closing: bool,
        state: TagState,
    },
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

/// The open elements of a body's raw HTML, and the formatting elements a browser will open again.
#[derive(Default)]
pub struct Nesting {
    open: Vec<Open>,
    /// Formatting elements closed by their block without their own end tag, by name, with the
    /// markers open around them (`MARKERS`): closing a marker forgets those inside it.
    lingering: Vec<(String, usize)>,
    reading: Reading,
    /// For each Markdown block open, how many raw HTML elements were open when it began.
    blocks: Vec<usize>,
    /// The greatest depth so far.
    deepest: usize,
}

impl Nesting {
    /// The depth now: Markdown's blocks, raw HTML's open elements, and the formatting elements a
    /// browser would open again.
    pub fn depth(&self) -> usize {
        self.blocks.len() + self.open.len() + self.lingering.len()
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
                    Some(end) => at = end + 3,
                    None => {
                        self.reading = Reading::Cdata;
                        return Ok(());
                    }
                },
                Reading::Raw(name, escape) => match raw_end(bytes, at, &name, escape) {
                    // The end tag closes it; the rest of that tag (`>`) is read as a tag's.
                    Ok(end) => {
                        tag_start = end;
                        at = end + 2 + name.len();
                        self.reading = Reading::Tag {
                            name,
                            closing: true,
                            state: TagState::Name,
                        };
                    }
                    Err(escape) => {
                        self.reading = Reading::Raw(name, escape);
                        return Ok(());
                    }
                },
                Reading::Tag { name, closing, state } => {
                    let (next, ended) = self.scan_tag(bytes, at, name, closing, state);
                    at = next;
                    if let Some((name, closing, self_closing)) = ended
                        && !self.tag(name, closing, self_closing)
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
                    self.reading = Reading::Tag {
                        name: String::new(),
                        closing: true,
                        state: TagState::Name,
                    };
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
                self.reading = Reading::Tag {
                    name: String::new(),
                    closing: false,
                    state: TagState::Name,
                };
                at
            }
            // A `<` that starts no tag is text.
            _ => at,
        }
    }

    /// Reads a tag from `at` with HTML's tokenizer states; the tag (name, end tag, `/>`) when its
    /// `>` is reached, else the reading goes on in the next piece.
    #[allow(clippy::type_complexity)]
    fn scan_tag(
        &mut self,
        bytes: &[u8],
        mut at: usize,
        mut name: String,
        closing: bool,
        mut state: TagState,
    ) -> (usize, Option<(String, bool, bool)>) {
        let space = |b: u8| matches!(b, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ');
        while let Some(&b) = bytes.get(at) {
            at += 1;
            state = match (state, b) {
                (TagState::Quoted(q), b) if b == q => TagState::AfterQuoted,
                (TagState::Quoted(q), _) => TagState::Quoted(q),
                (TagState::SelfClosing, b'>') => return (at, Some((name, closing, true))),
                (_, b'>') => return (at, Some((name, closing, false))),
                (TagState::Name, b) if space(b) => TagState::BeforeAttribute,
                (TagState::Name, b'/') => TagState::SelfClosing,
                (TagState::Name, b) => {
                    name.push(char::from(b.to_ascii_lowercase()));
                    TagState::Name
                }
                (TagState::Unquoted, b) if space(b) => TagState::BeforeAttribute,
                (TagState::Unquoted, _) => TagState::Unquoted,
                (TagState::BeforeValue, b) if space(b) => TagState::BeforeValue,
                (TagState::BeforeValue, b'"' | b'\'') => TagState::Quoted(b),
                (TagState::BeforeValue, _) => TagState::Unquoted,
                (TagState::Attribute | TagState::AfterAttribute, b'=') => TagState::BeforeValue,
                (TagState::Attribute, b) if space(b) => TagState::AfterAttribute,
                (TagState::Attribute, b) if b != b'/' => TagState::Attribute,
                (_, b) if space(b) => TagState::BeforeAttribute,
                (_, b'/') => TagState::SelfClosing,
                _ => TagState::Attribute,
            };
        }
        self.reading = Reading::Tag { name, closing, state };
        (at, None)
    }

    /// A whole tag, read: opens or closes elements. `false` when the depth passes `MAX_DEPTH`.
    fn tag(&mut self, name: String, closing: bool, self_closing: bool) -> bool {
        if closing {
            // `</p>` and `</br>` in SVG or MathML content end that content first.
            if matches!(name.as_str(), "p" | "br") {
                while self.open.last().is_some_and(Open::foreign_content) {
                    self.open.pop();
                }
            }
            self.end_tag(&name);
            return true;
        }
        // Inside SVG or MathML content an element is of its parent's kind; else `<svg>` and
        // `<math>` begin their own.
        let parent = self.open.last().filter(|o| o.foreign_content()).map(|o| o.svg);
        let mut kind = match parent {
            Some(svg) => Some(svg),
            None if name == "svg" => Some(true),
            None if name == "math" => Some(false),
            None => None,
        };
        if parent.is_some() && LEAVES_FOREIGN.contains(&name.as_str()) {
            // An HTML element ends the SVG or MathML content around it.
            while self.open.last().is_some_and(Open::foreign_content) {
                self.open.pop();
            }
            kind = None;
        }
        if let Some(svg) = kind {
            if parent.is_none() {
                // `<svg>` and `<math>` in HTML: the formatting elements a browser opens again first.
                self.reconstruct();
            }
            if !self_closing {
                self.open.push(Open {
                    name,
                    foreign: true,
                    svg,
                });
            }
            return self.within();
        }
        // Outside a table a browser ignores a table part's start tag (in a `<template>` it may
        // keep one: at most one uncounted for each template counted).
        if (TABLE_PARTS.contains(&name.as_str()) || name == "col")
            && !self.open.iter().any(|o| !o.foreign && o.name == "table")
        {
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
        self.open.push(Open::html(name));
        self.within()
    }

    /// An end tag: closes the innermost element of its name and those inside it, when nothing a
    /// browser stops at stands between (a special element whose end is not implied; for a table
    /// part, the cells and rows inside it are passed too). Else it closes nothing.
    fn end_tag(&mut self, name: &str) {
        let table_end = matches!(name, "table" | "tbody" | "thead" | "tfoot" | "tr");
        for i in (0..self.open.len()).rev() {
            let open = self.open[i].name.as_str();
            if open == name {
                self.close_from(i, Some(name));
                return;
            }
            // SVG and MathML elements are passed too (an end tag in their content is taken as
            // HTML's), but for those whose content is HTML again, which are special.
            let special = if self.open[i].foreign {
                !self.open[i].foreign_content()
            } else {
                SPECIAL.contains(&open)
            };
            // Elements whose end is implied are passed only by the end tags a browser looks up
            // in scope (those of special elements: `</div>`, `</ul>`…); `</span>` stops at them.
            let implied = !self.open[i].foreign && IMPLIED_END.contains(&open) && SPECIAL.contains(&name);
            let passable = implied || (table_end && TABLE_PARTS.contains(&open)) || !special;
            if !passable {
                break;
            }
        }
        // A formatting element a browser would open again, closed now by its end tag.
        if let Some(i) = self.lingering.iter().rposition(|(l, _)| l == name) {
            self.lingering.remove(i);
        }
    }

    /// Text: a browser opens again the formatting elements their block closed.
    pub fn text(&mut self) {
        self.reconstruct();
    }

    /// The formatting elements a browser opens again (its "reconstruct the active formatting
    /// elements"), open again here too, so that their end tags close what is inside them.
    fn reconstruct(&mut self) {
        for (name, _) in std::mem::take(&mut self.lingering) {
            self.open.push(Open::html(name));
        }
    }

    /// The ends a start tag implies, where a browser makes them.
    fn close_implied(&mut self, name: &str) {
        match name {
            "li" => self.close_sibling(&["li"]),
            "dd" | "dt" => self.close_sibling(&["dd", "dt"]),
            "option" | "optgroup" if self.open.last().is_some_and(|o| o.name == "option") => {
                self.open.pop();
            }
            // A new cell, row or section of a table closes the one before it, within the table.
            "td" | "th" => self.close_in_table(&["td", "th"]),
            "tr" => self.close_in_table(&["tr"]),
            "tbody" | "thead" | "tfoot" => self.close_in_table(&["tbody", "thead", "tfoot"]),
            // A new link closes the one before it (a browser's adoption agency).
            "a" => {
                if let Some(i) = self.lingering.iter().rposition(|(l, _)| l == "a") {
                    self.lingering.remove(i);
                }
                if self.open.iter().any(|o| o.name == "a") {
                    self.end_tag("a");
                }
            }
            _ => {}
        }
        if CLOSES_P.contains(&name) {
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

    /// Closes the innermost of `names` inside the nearest open `<table>`, with what is inside it.
    /// Outside a table a browser ignores table parts, and closes nothing.
    fn close_in_table(&mut self, names: &[&str]) {
        for i in (0..self.open.len()).rev() {
            let open = self.open[i].name.as_str();
            if names.contains(&open) {
                if self.open[..i].iter().any(|o| o.name == "table") {
                    self.close_from(i, Some(open.to_string().as_str()));
                }
                return;
            }
            if open == "table" || open == "template" || self.open[i].foreign {
                return;
            }
        }
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
            .position(|o| MARKERS.contains(&o.name.as_str()))
            .map(|p| at + p);
        let mut markers = self.open[..at]
            .iter()
            .filter(|o| MARKERS.contains(&o.name.as_str()))
            .count();
        let closed: Vec<Open> = self.open.drain(at..).collect();
        let before = markers;
        for (i, open) in closed.into_iter().enumerate() {
            let fenced = first_marker.is_some_and(|m| at + i > m);
            if FORMATTING.contains(&open.name.as_str()) && Some(open.name.as_str()) != named && !fenced {
                self.lingering.push((open.name, markers));
            } else if MARKERS.contains(&open.name.as_str()) {
                markers += 1;
            }
        }
        // The formatting elements remembered inside a marker now closed are forgotten.
        self.lingering.retain(|(_, inside)| *inside <= before);
    }
}

/// The byte offset of `needle` in `haystack` at or after `from`.
fn find(haystack: &str, from: usize, needle: &str) -> Option<usize> {
    haystack[from..].find(needle).map(|i| from + i)
}

/// Where a raw-text element's end tag (`</name` and a space, `/` or `>`) begins, from `at`, by
/// HTML's script states for a `<script>` (after `<!--`, a `<script` makes `</script>` end only
/// that inner one, and `-->` ends the escape); `Err` with the escape state at the piece's end.
fn raw_end(bytes: &[u8], at: usize, name: &str, mut escape: u8) -> Result<usize, u8> {
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
    Err(escape)
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
            fn create_element(&self, name: QualName, _: Vec<Attribute>, _: ElementFlags) -> usize {
                self.get_document();
                self.node(name)
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

    /// The count is an upper bound of a browser's depth (within twice it, for the `<tbody>` and
    /// `<tr>` a browser adds): random raw HTML of the tags that open, close and imply ends,
    /// compared with html5ever's tree.
    #[test]
    fn a_browser_never_builds_deeper_than_twice_the_count() {
        use proptest::prelude::*;
        const PIECES: [&str; 56] = [
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
        ];
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
