//! Markdown: renders a body to HTML with pulldown-cmark, giving every heading a unique id and
//! collecting the table of contents, the word count, the search terms, the links and anchors,
//! and the first paragraph's plain text.

use std::cell::{Cell, RefCell};

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts};
use rustc_hash::{FxHashMap, FxHashSet};

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::core::slug::slugify;
use raw_plain::{Piece, RawPlain};

mod placeholders;
mod raw_plain;
mod smart;
use crate::core::theme;
use crate::parse::links::Rewrite;
pub use smart::smart_text;

/// One heading in the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A link or image in a body, as written, and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyLink {
    pub url: String,
    /// 1-based line and column in the body.
    pub line: usize,
    pub column: usize,
    pub image: bool,
}

/// A rendered Markdown body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub words: usize,
    /// Of `words`, those with CJK characters, and how many such characters they hold.
    pub cjk_words: usize,
    pub cjk_chars: usize,
    /// The plain text of the first paragraph, for a summary when none is given.
    pub first_paragraph: String,
    /// Every link and image, for the link check.
    pub links: Vec<BodyLink>,
    /// Every id the body defines (headings and footnotes), for fragment checks.
    pub anchors: Vec<String>,
    /// The body's distinct search terms, lower-cased, in the order they first appear, separated by
    /// spaces (compact for big sites), each with `:count` when it occurs more than once
    /// (`parse::terms::counted_terms` reads them).
    pub terms: String,
    /// The `parse::terms::pair_bucket`s of its neighbouring words, in order (repeats kept) and
    /// packed, for the phrase index (empty without it).
    pub pairs: crate::parse::terms::PackedPairs,
    /// Whether the HTML may hold a URL that is not absolute: a link or image to a relative or
    /// root-relative address, a footnote (`#fn-1`), or raw HTML. Feeds make such bodies absolute;
    /// the others (most bodies on a desk that links out) are used as they are.
    pub relative_urls: bool,
    /// Whether the body has raw HTML, whose relative URLs `parse::absolute::rebase_relative`
    /// then points where the body's Markdown links point.
    pub raw_html: bool,
    /// The relative `src` (or `poster`) values of its raw HTML that name no file of content/
    /// (`pipeline::parse::rebase_raw_html` fills it): each a broken image on the page.
    pub raw_missing: Vec<String>,
    /// Where a raw HTML comment opens that nothing closes (1-based line and column in the body):
    /// kept as written, it would hide the rest of the page, footer and all, from the reader.
    pub unclosed_comment: Option<(usize, usize)>,
    /// Footnote references no definition answers (`[^x]` without a `[^x]: …` line), each with
    /// its 1-based line and column in the body: the page shows them as written.
    pub undefined_footnotes: Vec<(usize, usize, String)>,
    /// Reference links whose label nothing defines (`[text][label]` without a `[label]: url`
    /// line), each with its 1-based line and column in the body and the label: the page shows
    /// them as written.
    pub undefined_references: Vec<(usize, usize, String)>,
    /// Where the body's elements first nest deeper than `MAX_DEPTH` (1-based line and column):
    /// such a body is an error, and its HTML is not cleaned (`html` is then empty).
    pub too_deep: Option<(usize, usize)>,
}

pub use super::nesting::MAX_DEPTH;

impl Rendered {
    /// Minutes to read at 220 words a minute, and for Chinese, Japanese and Korean text (written
    /// without spaces between words, or with particles attached) at 500 characters a minute; at
    /// least one.
    pub fn reading_minutes(&self) -> usize {
        let spaced = self.words - self.cjk_words.min(self.words);
        // In units of 1/(220 × 500) minute, so both rates add up exactly.
        (spaced * 500 + self.cjk_chars * 220).div_ceil(220 * 500).max(1)
    }
}

/// The footnotes' heading as the parse writes it, in English: the parse runs (and its results
/// are cached) before a language's words are known, so `render::i18n::BodyWords` puts
/// the words of the page's language in its place.
pub const FOOTNOTES_HEADING: &str = "id=\"footnotes-heading\">Notes";
/// The start of a footnote's back link's label, before the reference's number and `"`.
pub const FOOTNOTE_BACK: &str = "aria-label=\"Back to reference ";

/// How to render.
#[derive(Debug, Clone, Copy)]
pub struct MarkdownOptions {
    /// Keep raw HTML as written (trusted writers) or escape it so it shows as text.
    pub unsafe_html: bool,
    /// The level the body's top headings become: 2 under an article's `<h1>`, 3 under a
    /// topic's "story so far" `<h2>`. Levels below follow without gaps, so pages stay valid.
    pub top_heading: u8,
    /// Curly quotes, en and em dashes and ellipses for `"`, `'`, `--`, `---` and `...`
    /// (`markdown.smart_punctuation`); code is never changed.
    pub smart_punctuation: bool,
    /// Note the pairs of neighbouring words (`Rendered::pairs`) for the phrase index
    /// (`search.phrases`, articles only).
    pub phrases: bool,
}

impl Default for MarkdownOptions {
    fn default() -> Self {
        MarkdownOptions {
            unsafe_html: true,
            top_heading: 2,
            smart_punctuation: true,
            phrases: true,
        }
    }
}

fn parser_options(options: MarkdownOptions) -> Options {
    let mut parser = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    if options.smart_punctuation {
        parser |= Options::ENABLE_SMART_PUNCTUATION;
    }
    parser
}

/// What `markdown` holds beyond one paragraph of inline text ("2 paragraphs", "a list"), when
/// it does: an edition's note is shown as one paragraph in the page, the email and the text.
pub fn beyond_a_paragraph(markdown: &str) -> Option<String> {
    use pulldown_cmark::{Event, Parser, Tag};
    let mut depth = 0usize;
    let mut paragraphs = 0usize;
    for event in Parser::new_ext(markdown, parser_options(MarkdownOptions::default())) {
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    let block = match tag {
                        Tag::Paragraph => {
                            paragraphs += 1;
                            None
                        }
                        Tag::Heading { .. } => Some("a heading"),
                        Tag::List(_) => Some("a list"),
                        Tag::BlockQuote(_) => Some("a quotation block"),
                        Tag::CodeBlock(_) => Some("a code block"),
                        Tag::Table(_) => Some("a table"),
                        Tag::HtmlBlock => Some("an HTML block"),
                        Tag::FootnoteDefinition(_) => Some("a footnote"),
                        _ => Some("a block"),
                    };
                    if let Some(block) = block {
                        return Some(block.to_string());
                    }
                }
                depth += 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Rule if depth == 0 => return Some("a rule".to_string()),
            _ => {}
        }
    }
    (paragraphs > 1).then(|| format!("{paragraphs} paragraphs"))
}

/// Renders `markdown` to HTML, leaving links as written.
pub fn render(markdown: &str, options: MarkdownOptions) -> Rendered {
    render_with_links(markdown, options, &|_| Rewrite::Keep)
}

/// `markdown` as plain text, for a plain-text email: paragraphs and list items on lines of their
/// own (items marked `- `, or numbered as written), headings in capitals, emphasis and code as
/// their text, a link as its text followed by its URL in angle brackets when `url` makes one, an
/// e-mail address as itself, an image as its description and URL, a table's cells apart
/// (` | `), a quotation's lines after `> `, a code block's lines as written after four spaces
/// (which `wrap_text` never wraps), a rule as `---`; raw HTML as its text (none of a script's,
/// style's or template's), a line where a block of it ends, each of its links followed by the
/// URL `raw_url` makes of its `href` (as the HTML email has it: raw HTML's addresses are not
/// rewritten as Markdown's are).
pub fn to_plain_text_with_html(
    markdown: &str,
    options: MarkdownOptions,
    url: &dyn Fn(&str) -> Option<String>,
    raw_url: &dyn Fn(&str) -> Option<String>,
) -> String {
    let mut text = PlainText {
        out: String::with_capacity(markdown.len()),
        ..PlainText::default()
    };
    let mut after_raw = false;
    let mut events: Vec<Event<'_>> = Parser::new_ext(markdown, parser_options(options)).collect();
    placeholders::keep_sending_tags(markdown, &mut events);
    for event in events {
        let raw = matches!(event, Event::Html(_) | Event::InlineHtml(_));
        match event {
            Event::Html(html) | Event::InlineHtml(html) => text.raw_html(&html, raw_url),
            // Markdown's text inside a raw `<script>` (`<script>alert(1)</script>` in a line).
            Event::Text(_) | Event::Code(_) if text.raw.as_ref().is_some_and(RawPlain::hidden) => continue,
            Event::End(TagEnd::HtmlBlock) => text.end_block(),
            // The space before an inline element that says nothing is the space after it too.
            Event::Text(words) if after_raw && text.out.ends_with(' ') && words.starts_with(' ') => {
                text.event(Event::Text(words.trim_start().to_string().into()), url);
            }
            event => text.event(event, url),
        }
        after_raw = raw;
    }
    let mut out = text.out;
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    // Raw HTML that says nothing (a `<script>`, a `<form>`) leaves its block's blank lines: one
    // blank line between paragraphs, as everywhere else. (A code block's blank line is indented.)
    if out.contains("\n\n\n") {
        let mut newlines = 0;
        out.retain(|c| {
            newlines = if c == '\n' { newlines + 1 } else { 0 };
            newlines <= 2
        });
    }
    out
}

/// The number of footnote `label`: its place among the labels seen so far, added if new.
fn note_number(notes: &mut Vec<String>, label: &str) -> usize {
    match notes.iter().position(|known| known == label) {
        Some(at) => at + 1,
        None => {
            notes.push(label.to_string());
            notes.len()
        }
    }
}

/// What `to_plain_text` has written, and what is open.
#[derive(Default)]
struct PlainText {
    out: String,
    heading: bool,
    /// Each open link's (or image's) target, and where its text starts in `out`.
    links: Vec<(Option<String>, usize)>,
    /// Each open list's next number (`None`: a bulleted list); an inner list's items go on
    /// lines of their own, indented.
    lists: Vec<Option<u64>>,
    /// Where each open quotation starts in `out`.
    quotes: Vec<usize>,
    /// Where the open table row starts in `out`: its empty cells' separators are trimmed, and
    /// nothing written before it.
    row: usize,
    /// Inside a code block.
    code: bool,
    /// The raw HTML read so far (from the first).
    raw: Option<RawPlain>,
    /// The footnotes' labels, in the order they are first cited (or defined): `[1]` is the first.
    notes: Vec<String>,
}

impl PlainText {
    /// A fragment of raw HTML: its text, a line where a block ends, a link's URL after it.
    fn raw_html(&mut self, html: &str, raw_url: &dyn Fn(&str) -> Option<String>) {
        let pieces = self.raw.get_or_insert_with(RawPlain::new).feed(html);
        let out = &mut self.out;
        for piece in pieces {
            match piece {
                Piece::Text(text) => {
                    // As a browser shows it: each run of white space one space.
                    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
                    let after_words = !out.is_empty() && !out.ends_with(char::is_whitespace);
                    if text.starts_with(char::is_whitespace) && after_words {
                        out.push(' ');
                    }
                    out.push_str(&words);
                    if !words.is_empty() && text.ends_with(char::is_whitespace) {
                        out.push(' ');
                    }
                }
                Piece::Break => {
                    let kept = out.trim_end_matches(' ').trim_end_matches(" |").len();
                    out.truncate(kept);
                    if !out.is_empty() && !out.ends_with('\n') {
                        out.push('\n');
                    }
                }
                Piece::Cell => {
                    let kept = out.trim_end_matches(' ').len();
                    out.truncate(kept);
                    out.push_str(" | ");
                }
                Piece::LinkEnd(href) => {
                    if let Some(target) = raw_url(&href) {
                        let kept = out.trim_end_matches(' ').len();
                        out.truncate(kept);
                        out.push_str(&format!(" <{target}>"));
                    }
                }
            }
        }
    }

    /// A block of raw HTML ends as a paragraph does, with a blank line.
    fn end_block(&mut self) {
        let out = &mut self.out;
        let kept = out.trim_end().len();
        out.truncate(kept);
        if !out.is_empty() {
            out.push_str("\n\n");
        }
    }

    fn event(&mut self, event: Event<'_>, url: &dyn Fn(&str) -> Option<String>) {
        let out = &mut self.out;
        match event {
            Event::Text(text) if self.code => {
                for line in text.split_inclusive('\n') {
                    out.push_str("    ");
                    out.push_str(line);
                }
            }
            Event::Text(text) | Event::Code(text) if self.heading => out.push_str(&text.to_uppercase()),
            Event::Text(text) | Event::Code(text) => out.push_str(&text),
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push('\n'),
            // A footnote is cited `[1]`, and its text starts `[1] ` where it is defined.
            Event::FootnoteReference(label) => out.push_str(&format!("[{}]", note_number(&mut self.notes, &label))),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                out.push_str(&format!("[{}] ", note_number(&mut self.notes, &label)));
            }
            Event::Start(Tag::Heading { .. }) => self.heading = true,
            Event::Start(Tag::List(first)) => {
                if !self.lists.is_empty() && !out.ends_with('\n') {
                    out.push('\n');
                }
                self.lists.push(first);
            }
            Event::Start(Tag::Item) => {
                out.push_str(&"  ".repeat(self.lists.len().saturating_sub(1)));
                match self.lists.last_mut() {
                    Some(Some(number)) => {
                        out.push_str(&format!("{number}. "));
                        *number += 1;
                    }
                    _ => out.push_str("- "),
                }
            }
            // An e-mail address is its own text; a link's or an image's URL follows its text.
            Event::Start(Tag::Link {
                link_type: LinkType::Email,
                ..
            }) => self.links.push((None, out.len())),
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                self.links.push((url(&dest_url), out.len()));
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                // An autolink (`<https://…>`) is its own text: its URL is not said twice.
                if let Some((Some(target), start)) = self.links.pop()
                    && out.get(start..) != Some(target.as_str())
                {
                    // An image without a description starts its line with its URL, not a space.
                    if !(out.is_empty() || out.ends_with(['\n', ' '])) {
                        out.push(' ');
                    }
                    out.push_str(&format!("<{target}>"));
                }
            }
            // A list ends with a blank line, as a paragraph does, before what follows it.
            Event::End(TagEnd::List(_)) => {
                self.lists.pop();
                if self.lists.is_empty() && !out.ends_with("\n\n") {
                    out.push('\n');
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                self.heading = false;
                out.push_str("\n\n");
            }
            Event::Start(Tag::TableHead | Tag::TableRow) => self.row = out.len(),
            Event::End(TagEnd::TableCell) => out.push_str(" | "),
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                let row = out.get(self.row..).unwrap_or_default();
                out.truncate(self.row + row.trim_end_matches(" | ").len());
                out.push('\n');
            }
            Event::End(TagEnd::Table) => out.push('\n'),
            Event::Start(Tag::BlockQuote(_)) => self.quotes.push(out.len()),
            Event::End(TagEnd::BlockQuote(_)) => self.end_quote(),
            Event::Start(Tag::CodeBlock(_)) => self.code = true,
            // A code block's text ends with its last line's newline.
            Event::End(TagEnd::CodeBlock) => {
                self.code = false;
                out.push('\n');
            }
            Event::Rule => out.push_str("---\n\n"),
            Event::End(TagEnd::Paragraph) => out.push_str("\n\n"),
            Event::End(TagEnd::Item) if !out.ends_with('\n') => out.push('\n'),
            _ => {}
        }
    }

    /// A quotation's lines, each after `> `, then a blank line.
    fn end_quote(&mut self) {
        let Some(start) = self.quotes.pop() else { return };
        // Only table rows trim what was written, and never before their own start.
        let quoted: String = self
            .out
            .get(start..)
            .unwrap_or_default()
            .trim_end()
            .lines()
            .map(|line| {
                if line.is_empty() {
                    ">\n".to_string()
                } else {
                    format!("> {line}\n")
                }
            })
            .collect();
        self.out.truncate(start);
        self.out.push_str(&quoted);
        self.out.push('\n');
    }
}

/// Renders `markdown` to HTML; `rewrite` may replace a link's URL (links to other content files
/// become permalinks) or drop the link and keep its text (a link to a draft).
pub fn render_with_links(markdown: &str, options: MarkdownOptions, rewrite: &dyn Fn(&str) -> Rewrite) -> Rendered {
    // About one event per 16 bytes of a briefing's Markdown: sized once, not grown by doubling.
    let mut events: Vec<Event<'_>> = Vec::with_capacity(markdown.len() / 16);
    let mut offsets: Vec<usize> = Vec::with_capacity(markdown.len() / 16);
    // A reference link whose label no `[label]: url` line defines (`[text][label]`, `[label][]`)
    // is shown as written; `[text]` alone is often just brackets, and not counted.
    let mut broken: Vec<(usize, String)> = Vec::new();
    let note_broken =
        |link: pulldown_cmark::BrokenLink<'_>| -> Option<(pulldown_cmark::CowStr<'_>, pulldown_cmark::CowStr<'_>)> {
            use pulldown_cmark::LinkType;
            // Not `[1][2]` (citation marks pasted from an encyclopedia) nor `a[i][j]` (an index
            // written in prose): only a label a writer defines.
            let numeric = link.reference.chars().all(|c| c.is_ascii_digit());
            let indexes = markdown[..link.span.start]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == ']' || c == ')');
            if matches!(link.link_type, LinkType::Reference | LinkType::Collapsed) && !numeric && !indexes {
                broken.push((link.span.start, link.reference.to_string()));
            }
            None
        };
    let parser = Parser::new_with_broken_link_callback(markdown, parser_options(options), Some(note_broken));
    // Whether the writer wrote raw HTML (the events made below add HTML of their own).
    let mut raw_html = false;
    for (event, range) in parser.into_offset_iter() {
        raw_html |= matches!(event, Event::Html(_) | Event::InlineHtml(_));
        events.push(event);
        offsets.push(range.start);
    }
    placeholders::keep_sending_tags(markdown, &mut events);
    let undefined_references = broken
        .into_iter()
        .map(|(offset, label)| {
            let pos = crate::core::diagnostic::Pos::of_offset(markdown, offset);
            (pos.line, pos.column, label)
        })
        .collect();
    // With `unsafe_html` or without: the sanitiser drops the comment, and with it the rest.
    let unclosed_comment = unclosed_comment(&events, &offsets).map(|offset| {
        let pos = crate::core::diagnostic::Pos::of_offset(markdown, offset);
        (pos.line, pos.column)
    });
    let too_deep = too_deep(&events, &offsets).map(|offset| {
        let pos = crate::core::diagnostic::Pos::of_offset(markdown, offset);
        (pos.line, pos.column)
    });
    let undefined_footnotes = undefined_footnotes(markdown, &events, &offsets)
        .into_iter()
        .map(|(offset, label)| {
            let pos = crate::core::diagnostic::Pos::of_offset(markdown, offset);
            (pos.line, pos.column, label)
        })
        .collect();
    let (mut events, offsets, footnote_numbers) = arrange(events, offsets, options.top_heading);
    let mut walk = BodyWalk::new(markdown, &events, options);
    walk.footnotes = footnote_numbers;
    for (i, &offset) in offsets.iter().enumerate() {
        walk.visit(&mut events, i, offset, rewrite);
    }
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if too_deep.is_some() {
        // An error: nothing reads this HTML, and no parser should have to.
        html = String::new();
    } else if !options.unsafe_html {
        html = sanitize(&html);
    }
    // Every body stays in memory until the site is rendered: give back the spare capacity.
    html.shrink_to_fit();
    let first_paragraph = walk.summary_text();
    Rendered {
        html,
        toc: walk.toc,
        words: walk.words,
        cjk_words: walk.terms.cjk().0,
        cjk_chars: walk.terms.cjk().1,
        first_paragraph,
        relative_urls: walk.relative_urls,
        raw_html,
        raw_missing: Vec::new(),
        links: walk.links,
        anchors: walk.anchors,
        pairs: crate::parse::terms::PackedPairs::new(walk.terms.pairs()),
        terms: walk.terms.into_joined(),
        unclosed_comment,
        too_deep,
        undefined_footnotes,
        undefined_references,
    }
}

/// The footnote references that no definition answers, by byte offset and label. A defined
/// reference is a `FootnoteReference` event; an undefined one is left as text, `[^label]`, which
/// is found where a text event starts (outside code, where `[^x]` is only characters).
fn undefined_footnotes(markdown: &str, events: &[Event<'_>], offsets: &[usize]) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let mut in_code = false;
    for (event, &offset) in events.iter().zip(offsets) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(_) if !in_code => {
                let Some(rest) = markdown.get(offset..).and_then(|r| r.strip_prefix("[^")) else {
                    continue;
                };
                let Some(end) = rest.find(']') else { continue };
                let label = &rest[..end];
                let is_label = !label.is_empty() && !label.contains(char::is_whitespace) && !label.contains('[');
                // `[^x]:` at a line's start (after any indent or `>`) is a definition that was
                // not taken as one, not a reference; in the middle of a line it is a reference.
                let line_start = markdown[..offset].rfind('\n').map_or(0, |i| i + 1);
                let starts_line = markdown[line_start..offset]
                    .chars()
                    .all(|c| c == ' ' || c == '\t' || c == '>');
                let definition = starts_line && rest[end + 1..].starts_with(':');
                if is_label && !definition && !found.iter().any(|(_, l)| l == label) {
                    found.push((offset, label.to_string()));
                }
            }
            _ => {}
        }
    }
    found
}

/// The byte offset where the body's elements first nest deeper than `MAX_DEPTH`: Markdown's
/// blocks and spans with raw HTML's elements (`nesting::Nesting`). An HTML block is no element
/// of its own: what its raw HTML opens stays open after it.
fn too_deep(events: &[Event<'_>], offsets: &[usize]) -> Option<usize> {
    let mut nesting = super::nesting::Nesting::default();
    for (event, &offset) in events.iter().zip(offsets) {
        match event {
            Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => {}
            // `start_block` counts the element (the guard runs for every `Start`).
            Event::Start(_) if !nesting.start_block() => return Some(offset),
            Event::End(_) => nesting.end_block(),
            Event::Text(_) | Event::Code(_) => nesting.text(),
            Event::Html(text) | Event::InlineHtml(text) => {
                if let Err(at) = nesting.read(text) {
                    return Some(offset + at);
                }
            }
            _ => {}
        }
    }
    None
}

/// The byte offset of a raw HTML comment that is never closed, if there is one. CommonMark ends
/// an HTML block that opens a comment only at a line with `-->`, so such a comment runs to the
/// end of the body, and in the page it hides everything after it; without `unsafe_html`, the
/// sanitiser removes it all. (A comment in running text is raw HTML only when it is complete.)
fn unclosed_comment(events: &[Event<'_>], offsets: &[usize]) -> Option<usize> {
    let mut open = None;
    for (event, &offset) in events.iter().zip(offsets) {
        let Event::Html(html) = event else {
            continue;
        };
        let mut at = 0;
        loop {
            let rest = &html[at..];
            match open {
                None => match rest.find("<!--") {
                    Some(start) => {
                        at += start + "<!--".len();
                        // `<!-->` and `<!--->` are comments closed at once (HTML's parsing rules).
                        match ["->", ">"].into_iter().find(|closing| html[at..].starts_with(closing)) {
                            Some(closing) => at += closing.len(),
                            None => open = Some(offset + at - "<!--".len()),
                        }
                    }
                    None => break,
                },
                Some(_) => match rest.find("-->") {
                    Some(end) => {
                        open = None;
                        at += end + "-->".len();
                    }
                    None => break,
                },
            }
        }
    }
    open
}

/// Opens the region a table scrolls in: a phone scrolls the table, never the page. A region with
/// a name and a tab stop, so keyboard users can scroll it too. The name is written in English
/// (`TABLE_LABEL`); `render::i18n::BodyWords` puts the page language's word in its place.
const TABLE_OPEN: &str = "<div class=\"table-scroll\" role=\"region\" aria-label=\"Table\" tabindex=\"0\">";
/// `TABLE_OPEN` up to the end of the region's name: from its `<`, which text the parse escapes
/// (a code sample showing such a tag) never holds.
pub const TABLE_LABEL: &str = "<div class=\"table-scroll\" role=\"region\" aria-label=\"Table\"";

/// Puts a body's blocks where readers expect them, before the walk: each table inside a scrolling
/// region; an image alone in its paragraph with a title (`![alt](x.jpg "Caption")`) as a
/// `<figure>` with that caption; and the footnote definitions moved to the end, in the order of
/// their first reference, as one "Notes" section (a heading at the body's top level, an `<ol>`,
/// and a back-link ↩ at the end of each note that is referenced). Returns the events, their
/// offsets, and each footnote label's number (its place in that list).
fn arrange<'a>(
    events: Vec<Event<'a>>,
    offsets: Vec<usize>,
    top_heading: u8,
) -> (Vec<Event<'a>>, Vec<usize>, FxHashMap<String, usize>) {
    let mut main: Vec<(Event<'a>, usize)> = Vec::with_capacity(events.len() + 8);
    // Each definition: its label and its events (from its start to its end, both included).
    let mut notes: Vec<(String, Vec<(Event<'a>, usize)>)> = Vec::new();
    let mut inside_note = false;
    let mut pending: Vec<(Event<'a>, usize)> = events.into_iter().zip(offsets).collect();
    pending.reverse();
    while let Some((event, offset)) = pending.pop() {
        let target = match notes.last_mut() {
            Some((_, note)) if inside_note => note,
            _ => &mut main,
        };
        match event {
            Event::Start(Tag::FootnoteDefinition(label)) => {
                inside_note = true;
                let label = label.to_string();
                notes.push((
                    label.clone(),
                    vec![(Event::Start(Tag::FootnoteDefinition(CowStr::from(label))), offset)],
                ));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                target.push((event, offset));
                inside_note = false;
            }
            Event::Start(Tag::Table(_)) => {
                target.push((Event::Html(CowStr::Borrowed(TABLE_OPEN)), offset));
                target.push((event, offset));
            }
            Event::End(TagEnd::Table) => {
                target.push((event, offset));
                target.push((Event::Html(CowStr::Borrowed("</div>\n")), offset));
            }
            Event::Start(Tag::Paragraph) => {
                // A figure: the paragraph holds one image with a title, and nothing else.
                let image_end = match pending.last() {
                    Some((Event::Start(Tag::Image { title, .. }), _)) if !title.trim().is_empty() => pending
                        .iter()
                        .rev()
                        .position(|(e, _)| matches!(e, Event::End(TagEnd::Image))),
                    _ => None,
                };
                let closes = image_end
                    .and_then(|n| pending.len().checked_sub(n + 2))
                    .is_some_and(|after| matches!(pending[after].0, Event::End(TagEnd::Paragraph)));
                let Some(n) = image_end.filter(|_| closes) else {
                    target.push((event, offset));
                    continue;
                };
                target.push((Event::Html(CowStr::Borrowed("<figure>")), offset));
                let mut caption = CowStr::Borrowed("");
                for _ in 0..=n {
                    let Some((mut inner, at)) = pending.pop() else { break };
                    // The caption is shown once, under the image, not again as a tooltip.
                    if let Event::Start(Tag::Image { title, .. }) = &mut inner {
                        caption = std::mem::replace(title, CowStr::Borrowed(""));
                    }
                    target.push((inner, at));
                }
                // The paragraph's end becomes the caption; its text is escaped like any text.
                let end = pending.pop().map_or(offset, |(_, at)| at);
                target.push((Event::Html(CowStr::Borrowed("<figcaption>")), end));
                target.push((Event::Text(caption), end));
                target.push((Event::Html(CowStr::Borrowed("</figcaption></figure>\n")), end));
            }
            event => target.push((event, offset)),
        }
    }
    let mut numbers: FxHashMap<String, usize> = FxHashMap::default();
    if !notes.is_empty() {
        end_notes(&mut main, notes, &mut numbers, top_heading);
    }
    let (events, offsets) = main.into_iter().unzip();
    (events, offsets, numbers)
}

/// Appends the notes to the body as one section, ordered by their first reference in the text
/// (notes never referenced there come last, as written), and numbers them in that order.
fn end_notes<'a>(
    main: &mut Vec<(Event<'a>, usize)>,
    mut notes: Vec<(String, Vec<(Event<'a>, usize)>)>,
    numbers: &mut FxHashMap<String, usize>,
    top_heading: u8,
) {
    let mut first_reference: FxHashMap<String, usize> = FxHashMap::default();
    for (event, _) in main.iter() {
        if let Event::FootnoteReference(label) = event {
            let next = first_reference.len();
            first_reference.entry(label.to_string()).or_insert(next);
        }
    }
    // A note referenced only from another note still has a reference to go back to.
    let referenced: FxHashSet<String> = main
        .iter()
        .chain(notes.iter().flat_map(|(_, note)| note.iter()))
        .filter_map(|(event, _)| match event {
            Event::FootnoteReference(label) => Some(label.to_string()),
            _ => None,
        })
        .collect();
    notes.sort_by_key(|(label, _)| first_reference.get(label).copied().unwrap_or(usize::MAX));
    for (label, _) in &notes {
        let next = numbers.len() + 1;
        numbers.entry(label.clone()).or_insert(next);
    }
    let end = main.last().map_or(0, |(_, at)| *at);
    let level = top_heading.clamp(1, 6);
    main.push((
        Event::Html(CowStr::from(format!(
            "<section class=\"footnotes\" aria-labelledby=\"footnotes-heading\">\n<h{level} {FOOTNOTES_HEADING}</h{level}>\n<ol>\n"
        ))),
        end,
    ));
    for (label, mut note) in notes {
        if let Some(number) = numbers.get(&label).filter(|_| referenced.contains(&label)) {
            let id = footnote_id(&label);
            let back = Event::InlineHtml(CowStr::from(format!(
                // A no-break space: the arrow never stands alone on a line.
                "\u{a0}<a href=\"#fnref-{id}\" class=\"footnote-backref\" {FOOTNOTE_BACK}{number}\">↩</a>"
            )));
            // At the end of the note's last paragraph, else after its last block.
            let last = note.len().saturating_sub(1);
            let at = note.get(last).map_or(end, |(_, at)| *at);
            let in_paragraph = last >= 1 && matches!(note[last - 1].0, Event::End(TagEnd::Paragraph));
            note.insert(if in_paragraph { last - 1 } else { last }, (back, at));
        }
        main.extend(note);
    }
    main.push((Event::Html(CowStr::Borrowed("</ol>\n</section>\n")), end));
}

/// Where the walk stands with the body's first top-level paragraph (the fallback summary).
#[derive(PartialEq)]
enum FirstParagraph {
    Pending,
    Inside,
    Done,
}

/// One pass over a body's events: gives headings their ids and levels, rewrites links, numbers
/// footnotes, and collects the TOC, words, search terms, links, anchors and first paragraph.
struct BodyWalk<'m> {
    markdown: &'m str,
    /// Where each line of `markdown` starts, found the first time a link needs a position.
    line_starts: Option<Vec<usize>>,
    /// Ids taken so far by headings (the theme's own are never free: `is_reserved`), and the
    /// explicit ones (`## Title {#id}`), reserved before any is generated so generated ids never
    /// take them.
    used: FxHashSet<String>,
    explicit: FxHashSet<String>,
    /// For each base id that had to take a suffix, the next suffix to try: thousands of headings
    /// with one title get theirs without counting up from 1 each time.
    suffixes: FxHashMap<String, usize>,
    /// The level each heading is rendered at, in order, and how many were seen.
    levels: Vec<HeadingLevel>,
    headings_seen: usize,
    open_heading: Option<HeadingLevel>,
    first_paragraph_state: FirstParagraph,
    depth: usize,
    footnotes: FxHashMap<String, usize>,
    /// How often each note (by id) has been cited so far.
    footnote_citations: FxHashMap<String, usize>,
    toc: Vec<TocEntry>,
    words: usize,
    first_paragraph: String,
    links: Vec<BodyLink>,
    anchors: Vec<String>,
    terms: crate::parse::terms::TermSet,
    relative_urls: bool,
    /// The text of the body's raw HTML, made the first time the body has some.
    raw_text: Option<RawText>,
    /// Inside a link that `rewrite` made text only: its end tag goes too.
    in_text_only_link: bool,
    /// Inside a link to a sending service's placeholder, written as raw HTML (`link`).
    in_placeholder_link: bool,
    /// Inside an image's description (its alt text), which is no part of a summary.
    in_image: usize,
    /// The descriptions of the first paragraph of images alone: the summary of a body that has
    /// no paragraph of text.
    image_descriptions: String,
    /// The text before a `<!--more-->` line, which Hugo, Zola and Jekyll take for the summary.
    before_more: MoreDivider,
}

/// The text before a body's `<!--more-->` (or `<!-- more -->`), when it has one: the summary
/// lists and feeds show, where the first paragraph would be otherwise.
enum MoreDivider {
    /// The body has no HTML comment: nothing is gathered.
    Absent,
    /// Gathering the text until the divider.
    Seeking(String),
    Found(String),
}

/// Whether raw HTML is the summary divider other generators read.
fn is_more_divider(html: &str) -> bool {
    let inner = html
        .trim()
        .strip_prefix("<!--")
        .and_then(|rest| rest.strip_suffix("-->"));
    inner.is_some_and(|inner| inner.trim() == "more")
}

impl<'m> BodyWalk<'m> {
    fn new(markdown: &'m str, events: &[Event<'_>], options: MarkdownOptions) -> BodyWalk<'m> {
        BodyWalk {
            markdown,
            line_starts: None,
            used: FxHashSet::default(),
            suffixes: FxHashMap::default(),
            explicit: events
                .iter()
                .filter_map(|e| match e {
                    Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
                    _ => None,
                })
                .collect(),
            levels: heading_levels(events, options.top_heading),
            headings_seen: 0,
            open_heading: None,
            first_paragraph_state: FirstParagraph::Pending,
            depth: 0,
            footnotes: FxHashMap::default(),
            footnote_citations: FxHashMap::default(),
            toc: Vec::new(),
            words: 0,
            first_paragraph: String::new(),
            links: Vec::new(),
            anchors: Vec::new(),
            terms: crate::parse::terms::TermSet::with_pairs(options.phrases),
            relative_urls: false,
            raw_text: None,
            in_text_only_link: false,
            in_placeholder_link: false,
            in_image: 0,
            image_descriptions: String::new(),
            // Nearly every body has no HTML comment: nothing is gathered for them.
            before_more: if markdown.contains("<!--") {
                MoreDivider::Seeking(String::new())
            } else {
                MoreDivider::Absent
            },
        }
    }

    /// The fallback summary's text, on one line: what comes before a `<!--more-->` divider, else
    /// the first paragraph, else a first paragraph of images' descriptions.
    fn summary_text(&self) -> String {
        match (&self.before_more, self.first_paragraph.trim()) {
            (MoreDivider::Found(lead), _) if !lead.trim().is_empty() => lead,
            (_, "") => &self.image_descriptions,
            _ => &self.first_paragraph,
        }
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
    }

    /// Gathers the text before a `<!--more-->` divider, in a body that may have one.
    fn gather_lead(&mut self, event: &Event<'_>) {
        let MoreDivider::Seeking(lead) = &mut self.before_more else {
            return;
        };
        match event {
            Event::Html(html) | Event::InlineHtml(html) if is_more_divider(html) => {
                self.before_more = MoreDivider::Found(std::mem::take(lead));
            }
            Event::Text(text) | Event::Code(text) if self.in_image == 0 => lead.push_str(text),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::CodeBlock | TagEnd::TableCell,
            ) => lead.push(' '),
            _ => {}
        }
    }

    /// Looks at event `i` (at byte `offset` of the Markdown), changing it where it must.
    fn visit(&mut self, events: &mut [Event<'_>], i: usize, offset: usize, rewrite: &dyn Fn(&str) -> Rewrite) {
        use FirstParagraph::{Done, Inside, Pending};
        // No phrase goes on from a block into the next (a heading into its paragraph).
        if ends_a_block(&events[i]) {
            self.terms.break_phrase();
        }
        match &events[i] {
            // Raw HTML may hold any URL, and text readers search for (a figure's caption, an
            // aside); footnotes (made into HTML below) link within the page.
            Event::Html(html) | Event::InlineHtml(html) => {
                self.relative_urls = true;
                let text = self.raw_text.get_or_insert_with(RawText::new).feed(html);
                self.terms.add_text(&text);
            }
            Event::FootnoteReference(_) => self.relative_urls = true,
            _ => {}
        }
        self.gather_lead(&events[i]);
        match &events[i] {
            Event::Start(Tag::Heading { .. }) => self.heading(events, i),
            // The first top-level paragraph's text is the fallback summary.
            Event::Start(Tag::Paragraph) if self.first_paragraph_state == Pending && self.depth == 0 => {
                self.first_paragraph_state = Inside;
            }
            // A paragraph of images alone (a figure) is no summary: the next one may be.
            Event::End(TagEnd::Paragraph) if self.first_paragraph_state == Inside && self.depth == 1 => {
                if self.first_paragraph.trim().is_empty() {
                    self.first_paragraph.clear();
                    self.first_paragraph_state = Pending;
                } else {
                    self.first_paragraph_state = Done;
                }
            }
            Event::Text(text) | Event::Code(text) => {
                self.words += self.terms.add_text(text);
                if self.first_paragraph_state == Inside && self.in_image == 0 {
                    self.first_paragraph.push_str(text);
                } else if self.first_paragraph_state == Inside && self.image_descriptions.len() < 1000 {
                    self.image_descriptions.push_str(text);
                    self.image_descriptions.push(' ');
                }
            }
            Event::SoftBreak | Event::HardBreak if self.first_paragraph_state == Inside => {
                self.first_paragraph.push(' ')
            }
            Event::Start(Tag::Link { .. }) => self.link(&mut events[i], offset, rewrite),
            Event::Start(Tag::Image { .. }) => {
                self.in_image += 1;
                self.link(&mut events[i], offset, rewrite);
            }
            Event::End(TagEnd::Image) => self.in_image = self.in_image.saturating_sub(1),
            Event::FootnoteReference(label) => {
                let label = label.to_string();
                events[i] = self.footnote_citation(&label);
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                // `arrange` put the notes in one `<ol>`, numbered in this order.
                let (id, _) = self.footnote(label);
                self.anchors.push(format!("fn-{id}"));
                events[i] = Event::Html(CowStr::from(format!("<li class=\"footnote\" id=\"fn-{id}\">")));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(level) = self.open_heading.take() {
                    events[i] = Event::End(TagEnd::Heading(level));
                }
            }
            // Links do not nest, so the next link end closes the one made text only.
            Event::End(TagEnd::Link) if self.in_text_only_link => {
                self.in_text_only_link = false;
                events[i] = Event::InlineHtml(CowStr::Borrowed(""));
            }
            Event::End(TagEnd::Link) if self.in_placeholder_link => {
                self.in_placeholder_link = false;
                events[i] = Event::InlineHtml(CowStr::Borrowed("</a>"));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                events[i] = Event::Html(CowStr::from("</li>\n"));
            }
            _ => {}
        }
        match &events[i] {
            Event::Start(_) => self.depth += 1,
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
    }

    /// A heading starting at event `i`: its unique id, its level under the page's own heading,
    /// and its TOC entry.
    fn heading(&mut self, events: &mut [Event<'_>], i: usize) {
        let Event::Start(Tag::Heading { id: given, .. }) = &events[i] else {
            return;
        };
        let given = given.as_ref().map(|id| id.to_string());
        let level = self.levels[self.headings_seen];
        self.headings_seen += 1;
        let end = events[i..]
            .iter()
            .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
            .map_or(events.len(), |p| i + p);
        let title = plain_text(&events[i + 1..end]);
        let id = match given {
            // The first heading with an explicit id keeps it; a repeat gets a suffix.
            Some(id) if !is_reserved(&id) && self.used.insert(id.clone()) => id,
            Some(id) => unique_id(&id, &mut self.used, &mut self.suffixes, &self.explicit),
            None => unique_id(&slugify(&title), &mut self.used, &mut self.suffixes, &self.explicit),
        };
        if let Event::Start(Tag::Heading {
            id: slot,
            level: slot_level,
            ..
        }) = &mut events[i]
        {
            *slot = Some(CowStr::from(id.clone()));
            *slot_level = level;
        }
        self.open_heading = Some(level);
        self.anchors.push(id.clone());
        self.toc.push(TocEntry {
            level: heading_number(level),
            id,
            title,
        });
    }

    /// A link or image: noted with its position, and its URL rewritten when `rewrite` says so.
    fn link(&mut self, event: &mut Event<'_>, offset: usize, rewrite: &dyn Fn(&str) -> Rewrite) {
        let image = matches!(event, Event::Start(Tag::Image { .. }));
        // A link to a sending service's placeholder (`[View online](*|ARCHIVE|*)`) keeps it as
        // written, as raw HTML's `href` does: the HTML writer would percent-encode its `|` or
        // braces, and the service would not find it to fill in.
        if let Event::Start(Tag::Link { dest_url, title, .. }) = &*event
            && crate::core::resolve::is_placeholder(dest_url)
        {
            let mut html = String::from("<a href=\"");
            crate::core::escape::xml_escape_into(&mut html, dest_url.trim());
            html.push('"');
            if !title.is_empty() {
                html.push_str(" title=\"");
                crate::core::escape::xml_escape_into(&mut html, title);
                html.push('"');
            }
            html.push('>');
            *event = Event::InlineHtml(CowStr::from(html));
            self.in_placeholder_link = true;
            return;
        }
        let (Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. })) = event else {
            return;
        };
        let markdown = self.markdown;
        let line_starts = self.line_starts.get_or_insert_with(|| line_starts_of(markdown));
        let (line, column) = line_column(markdown, line_starts, offset);
        self.links.push(BodyLink {
            url: dest_url.to_string(),
            line,
            column,
            image,
        });
        match rewrite(dest_url) {
            Rewrite::Keep => {}
            Rewrite::To(new_url) => *dest_url = CowStr::from(new_url),
            Rewrite::TextOnly if !image => {
                self.in_text_only_link = true;
                *event = Event::InlineHtml(CowStr::Borrowed(""));
                return;
            }
            Rewrite::TextOnly => {}
        }
        if !crate::core::resolve::is_absolute(dest_url) {
            self.relative_urls = true;
        }
    }

    /// A citation of footnote `label`, as the page shows it. A note cited twice: the second
    /// citation's id is `fnref-<id>-2`, so that ids stay unique (the note's ↩ leads back to the
    /// first).
    fn footnote_citation(&mut self, label: &str) -> Event<'static> {
        let (id, number) = self.footnote(label);
        let seen = self.footnote_citations.entry(id.clone()).or_insert(0);
        *seen += 1;
        let anchor = match *seen {
            1 => format!("fnref-{id}"),
            n => format!("fnref-{id}-{n}"),
        };
        let html = format!("<sup class=\"footnote-ref\"><a href=\"#fn-{id}\" id=\"{anchor}\">{number}</a></sup>");
        self.anchors.push(anchor);
        Event::InlineHtml(CowStr::from(html))
    }

    /// A footnote's id and number (numbered in order of first mention).
    fn footnote(&mut self, label: &str) -> (String, usize) {
        let next = self.footnotes.len() + 1;
        let number = *self.footnotes.entry(label.to_string()).or_insert(next);
        (footnote_id(label), number)
    }
}

/// Whether `event` ends a block of text: a paragraph, a heading, a list's item, a table's cell…
fn ends_a_block(event: &Event<'_>) -> bool {
    matches!(
        event,
        Event::End(
            TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_)
                | TagEnd::HtmlBlock
                | TagEnd::FootnoteDefinition
        )
    )
}

/// The text a reader sees in a body's raw HTML, for search: character references decoded, and
/// no tags, attributes, comments, scripts or styles. Fed the body's HTML fragments in order: a
/// block of raw HTML comes in several, and an element may open in one and close in another.
struct RawText {
    tokenizer: Tokenizer<TextSink>,
    input: BufferQueue,
}

impl RawText {
    fn new() -> RawText {
        RawText {
            tokenizer: Tokenizer::new(TextSink::default(), TokenizerOpts::default()),
            input: BufferQueue::default(),
        }
    }

    /// The text of the next fragment (what the tokenizer could finish of it).
    fn feed(&mut self, html: &str) -> String {
        self.input.push_back(StrTendril::from(html));
        // A result asks for a script to run only from a tree builder; this sink never does.
        let _ = self.tokenizer.feed(&self.input);
        self.tokenizer.sink.text.take()
    }
}

/// The text of an HTML fragment, its character references decoded (`&amp;` is `&`), a tag a
/// space: what a reader sees of a `<title>`, for instance.
pub fn text_of_html(html: &str) -> String {
    let mut raw = RawText::new();
    let mut text = raw.feed(html);
    raw.tokenizer.end();
    text.push_str(&raw.tokenizer.sink.text.take());
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Keeps the character tokens outside `script`, `style` and `template`; a tag separates words.
#[derive(Default)]
struct TextSink {
    text: RefCell<String>,
    hidden: Cell<bool>,
}

impl TokenSink for TextSink {
    type Handle = ();

    fn process_token(&self, token: Token, _line_number: u64) -> TokenSinkResult<()> {
        match token {
            Token::TagToken(tag) => {
                let hiding = matches!(&*tag.name, "script" | "style" | "template");
                if hiding {
                    self.hidden.set(tag.kind == TagKind::StartTag);
                }
                self.text.borrow_mut().push(' ');
                if hiding && tag.kind == TagKind::StartTag {
                    // As a browser does: a script's or style's text is read raw up to its end tag.
                    let kind = if &*tag.name == "script" {
                        RawKind::ScriptData
                    } else {
                        RawKind::Rawtext
                    };
                    return TokenSinkResult::RawData(kind);
                }
            }
            Token::CharacterTokens(text) if !self.hidden.get() => self.text.borrow_mut().push_str(&text),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// Cleans untrusted HTML with ammonia: no scripts, styles, event handlers or `javascript:` URLs,
/// while keeping what gazette's own Markdown output needs (heading and footnote ids, classes,
/// task-list checkboxes, the notes section and the table's scrolling region).
fn sanitize(html: &str) -> String {
    static CLEANER: std::sync::LazyLock<ammonia::Builder<'static>> = std::sync::LazyLock::new(|| {
        let mut builder = cleaner();
        builder
            .add_tags(["input"])
            .add_tag_attributes("input", ["type", "checked", "disabled"]);
        builder
    });
    CLEANER.clean(html).to_string()
}

/// `sanitize` for an email, whatever `unsafe_html` says of the web pages: nothing of a form
/// either (a task list's checkbox is dropped, its text kept). Nothing to clean is no work (an
/// automatic edition has no introduction).
pub fn sanitize_for_email(html: &str) -> String {
    static CLEANER: std::sync::LazyLock<ammonia::Builder<'static>> = std::sync::LazyLock::new(cleaner);
    if html.is_empty() {
        return String::new();
    }
    CLEANER.clean(html).to_string()
}

/// What both cleanings keep (each built once).
fn cleaner() -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::default();
    builder
        .add_generic_attributes(["id", "class", "aria-label", "aria-labelledby"])
        .add_tags(["section"])
        // The region a table scrolls in (`TABLE_OPEN`) is reachable by keyboard.
        .add_tag_attributes("div", ["role", "tabindex"]);
    builder
}

/// The byte offset where each line starts.
fn line_starts_of(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// The 1-based line and column (in characters) of a byte offset, by binary search.
fn line_column(text: &str, line_starts: &[usize], offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let line = line_starts.partition_point(|&start| start <= offset).max(1);
    let start = line_starts[line - 1];
    (line, text.get(start..offset).map_or(1, |s| s.chars().count() + 1))
}

/// The level each heading gets, in order: the body's highest level becomes `top`, and no
/// heading is more than one level below the one before it (a skipped level is invalid HTML).
fn heading_levels(events: &[Event<'_>], top: u8) -> Vec<HeadingLevel> {
    let written: Vec<u8> = events
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { level, .. }) => Some(heading_number(*level)),
            _ => None,
        })
        .collect();
    let highest = written.iter().copied().min().unwrap_or(top);
    let top = top.clamp(1, 6);
    let mut previous = top - 1;
    written
        .into_iter()
        .map(|level| {
            let shifted = (i16::from(level) - i16::from(highest) + i16::from(top)).clamp(i16::from(top), 6) as u8;
            let level = shifted.min(previous + 1);
            previous = level;
            level_of(level)
        })
        .collect()
}

fn level_of(number: u8) -> HeadingLevel {
    match number {
        0 | 1 => HeadingLevel::H1,
        2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn footnote_id(label: &str) -> String {
    slugify(label)
}

/// Whether the theme uses `id` itself (`core::theme::RESERVED_IDS`, or one it numbers), so no
/// heading may take it.
fn is_reserved(id: &str) -> bool {
    theme::RESERVED_IDS.contains(&id) || theme::is_numbered_theme_id(id)
}

/// `base`, or `base-1`, `base-2`, …: the first that is neither used, reserved by the theme, nor
/// reserved by an explicit id. `suffixes` remembers where the count stopped for each base, so
/// the n-th repeat of a title costs one try, not n.
fn unique_id(
    base: &str,
    used: &mut FxHashSet<String>,
    suffixes: &mut FxHashMap<String, usize>,
    explicit: &FxHashSet<String>,
) -> String {
    let base = if base.starts_with(|c: char| c.is_ascii_digit()) {
        format!("h-{base}")
    } else {
        base.to_string()
    };
    let free = |candidate: &String, used: &FxHashSet<String>| {
        !is_reserved(candidate) && !used.contains(candidate) && !explicit.contains(candidate)
    };
    if free(&base, used) {
        used.insert(base.clone());
        return base;
    }
    let next = suffixes.entry(base.clone()).or_insert(1);
    let candidate = (*next..)
        .map(|n| (n, format!("{base}-{n}")))
        .find(|(_, c)| free(c, used));
    let Some((n, candidate)) = candidate else {
        return base;
    };
    *next = n + 1;
    used.insert(candidate.clone());
    candidate
}

/// The text inside a run of inline events.
fn plain_text(events: &[Event<'_>]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `to_plain_text_with_html` without raw HTML's addresses.
    fn to_plain_text(markdown: &str, options: MarkdownOptions, url: &dyn Fn(&str) -> Option<String>) -> String {
        to_plain_text_with_html(markdown, options, url, &|_| None)
    }

    fn html(markdown: &str) -> Rendered {
        render(markdown, MarkdownOptions::default())
    }

    /// Regression (security probe): 5,000 `>` or 3,000 `<div>`s in an edition's introduction
    /// overflowed the stack of the HTML parsers that clean and inline the email, and 100,000
    /// unclosed `<div>`s took 53 s to clean. Nesting past `MAX_DEPTH` is found, linearly, where
    /// it happens, and the HTML is left uncleaned (the build stops on the error).
    #[test]
    fn nesting_past_the_limit_is_found_where_it_goes_past() {
        let deep = |markdown: &str| html(markdown).too_deep;
        assert_eq!(deep(&format!("Intro.\n\n{} x\n", ">".repeat(5000))), Some((3, 257)));
        let divs = format!("<div>\n{}x\n", "<div>".repeat(100_000));
        assert_eq!(deep(&divs), Some((2, 255 * 5 + 1)));
        let sanitised = MarkdownOptions {
            unsafe_html: false,
            ..MarkdownOptions::default()
        };
        let rendered = render(&divs, sanitised);
        assert!(rendered.too_deep.is_some() && rendered.html.is_empty());
        // Closed elements, void ones and self-closed ones do not add up; nor does a `<` in text.
        let flat = "<div></div>".repeat(1000) + &"<br><img src=x><hr/>".repeat(1000) + &"a < b ".repeat(1000);
        assert_eq!(deep(&flat), None);
        assert_eq!(
            deep(&format!("{}x{}", "<span>".repeat(200), "</span>".repeat(200))),
            None
        );
        assert_eq!(deep(&format!("{} x\n", ">".repeat(100))), None);
    }

    /// Regression: a raw `<!--` never closed was kept as written, and the page's browser hid
    /// everything after it (the rest of the body and the footer) without a word to the writer.
    #[test]
    fn a_comment_never_closed_is_found_at_its_line_and_column() {
        let found = |markdown: &str| html(markdown).unclosed_comment;
        assert_eq!(found("Intro.\n\n<!-- TODO: finish\n\nMore text.\n"), Some((3, 1)));
        assert_eq!(found("Intro.\n\n  <div>x</div> <!-- note\n"), Some((3, 16)));
        // Closed, on its line or lines later, or at once (`<!-->`): nothing to say.
        assert_eq!(found("<!-- a -->\n\ntext <!-- b --> more\n"), None);
        assert_eq!(found("<!-- a\n\nstill hidden\n-->\n\nshown\n"), None);
        assert_eq!(found("<!-->\n\n<!--->\n\ntext\n"), None);
        // A second comment left open after a closed one.
        assert_eq!(found("<!-- a --> <!-- b\n"), Some((1, 12)));
        // In code, `<!--` is only characters.
        assert_eq!(found("`<!--` and\n\n    <!-- indented code\n"), None);
        // Regression: without raw HTML (`unsafe_html: false`) the comment was not looked for, and
        // the sanitiser dropped it with everything after it, silently.
        let sanitised = MarkdownOptions {
            unsafe_html: false,
            ..MarkdownOptions::default()
        };
        let rendered = render("Intro.\n\n<!-- open\n\nLost text.\n", sanitised);
        assert!(!rendered.html.contains("Lost text"), "{}", rendered.html);
        assert_eq!(rendered.unclosed_comment, Some((3, 1)));
    }

    /// Regression (error probe): a reference link without a definition (`[text][label]`) was
    /// shown as written with no word; `[text]` alone, often plain brackets (`[sic]`), is not one.
    #[test]
    fn a_reference_link_without_a_definition_is_found_at_its_line_and_column() {
        let found = |markdown: &str| html(markdown).undefined_references;
        assert_eq!(
            found("Text.\n\nSee [the pact][pact] and [Ria][] and [sic].\n"),
            [(3, 5, "pact".to_string()), (3, 26, "Ria".to_string())]
        );
        assert!(found("See [the pact][pact].\n\n[pact]: https://example.org/\n").is_empty());
        assert!(found("`[a][b]` in code.\n").is_empty());
        // Review: citation marks and an index in prose are not links.
        assert!(found("As reported.[1][2] And a[i][j] too.\n").is_empty());
    }

    /// Regression: a footnote reference without a definition was shown as `[^x]` in the page,
    /// with no word to the writer.
    #[test]
    fn a_footnote_without_a_definition_is_found_at_its_line_and_column() {
        let found = |markdown: &str| html(markdown).undefined_footnotes;
        assert_eq!(
            found("Text[^a] and[^b].\n\n[^a]: Defined.\n"),
            [(1, 13, "b".to_string())]
        );
        // In code it is only characters; a definition is not a reference.
        assert!(found("`x [^c]`\n\n    [^d]\n\n```\n[^e]\n```\n").is_empty());
        assert!(found("[^f]: A note nobody cites.\n").is_empty());
        // Each label once.
        assert_eq!(found("[^g] and [^g]\n").len(), 1);
        // Regression: in the middle of a line, `[^h]:` is a reference, not a definition.
        assert_eq!(found("See the note[^h]: it is missing.\n"), [(1, 13, "h".to_string())]);
    }

    /// Issue 13, bug 4: words only in a raw `<figcaption>`, `<blockquote>` or `<aside>` were not
    /// found by search.
    #[test]
    fn search_terms_include_the_text_of_raw_html_but_not_its_markup() {
        let r = html(
            "Intro.\n\n<figure><img src=\"cranes.jpg\" alt=\"Alt words\">\n<figcaption>Cranes over Rajin&apos;s port</figcaption>\n</figure>\n\n\
             <blockquote>Quoted sentence</blockquote>\n\n<aside class=\"sidebar\">Sidebar fact</aside>\n\n\
             <script>var hidden = 'scripted';</script>\n<style>.styled { color: red }</style>\n<!-- commented -->\n\n\
             Inline <span title=\"attribute\">spanned</span> text.\n",
        );
        let terms: Vec<&str> = r.terms.split(' ').collect();
        for word in [
            "cranes", "rajin", "port", "quoted", "sentence", "sidebar", "fact", "spanned", "intro",
        ] {
            assert!(terms.contains(&word), "{word} in {terms:?}");
        }
        for word in [
            "figcaption",
            "cranes.jpg",
            "jpg",
            "alt",
            "sidebar\"",
            "hidden",
            "scripted",
            "styled",
            "color",
            "commented",
            "attribute",
            "apos",
            "class",
        ] {
            assert!(!terms.contains(&word), "{word} in {terms:?}");
        }
        // The reading time counts the Markdown's words, as before.
        assert_eq!(r.words, html("Intro.\n\nInline spanned text.\n").words);
    }

    #[test]
    fn a_body_says_whether_it_may_hold_a_relative_url() {
        // Feeds skip making a body absolute when this is false: it must never be false when
        // the HTML has a URL that is not absolute.
        let absolute_only = html("[a](https://x.org/) ![b](https://x.org/b.png) <https://x.org/c>\n\n**Text.**\n");
        assert!(!absolute_only.relative_urls, "{}", absolute_only.html);
        for relative in [
            "[a](other/)",
            "[a](/topics/x/)",
            "![map](map.png)",
            "[a](#notes)",
            "A note.[^1]\n\n[^1]: The note.\n",
            "<figure><img src=\"x.png\"></figure>\n",
            "Inline <a href=\"x/\">html</a>.\n",
            "[a](//cdn.example.net/x)",
        ] {
            assert!(html(relative).relative_urls, "{relative}");
        }
    }

    #[test]
    fn headings_get_unique_ids_and_a_toc() {
        let r = html("## The pact\n\ntext\n\n## The pact\n\n### Oil {#oil-trade}\n\n## Main\n");
        assert!(r.html.contains("<h2 id=\"the-pact\">The pact</h2>"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"the-pact-1\">"), "{}", r.html);
        assert!(r.html.contains("<h3 id=\"oil-trade\">"), "{}", r.html);
        assert!(
            r.html.contains("<h2 id=\"main-1\">"),
            "reserved ids are avoided: {}",
            r.html
        );
        let ids: Vec<_> = r.toc.iter().map(|t| (t.level, t.id.as_str())).collect();
        assert_eq!(
            ids,
            [(2, "the-pact"), (2, "the-pact-1"), (3, "oil-trade"), (2, "main-1")]
        );
        // Regression (review): the ids the theme numbers are avoided too (an edition's section
        // heading, a timeline's year).
        let numbered = html("## Edition section 1\n\n## Y1950\n\n## 1950\n");
        let ids: Vec<_> = numbered.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["edition-section-1-1", "y1950-1", "h-1950"]);
    }

    #[test]
    fn heading_levels_start_under_the_page_title_and_never_skip() {
        let r = html("### Deep start\n\n#### Deeper\n\n###### Far too deep\n\n### Back\n");
        assert!(r.html.contains("<h2 id=\"deep-start\">Deep start</h2>"), "{}", r.html);
        assert!(r.html.contains("<h3 id=\"deeper\">Deeper</h3>"), "{}", r.html);
        assert!(
            r.html.contains("<h4 id=\"far-too-deep\">Far too deep</h4>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<h2 id=\"back\">Back</h2>"), "{}", r.html);
        let h1 = html("# Title again\n\n## Part\n");
        assert!(
            h1.html.contains("<h2 id=\"title-again\">") && h1.html.contains("<h3 id=\"part\">"),
            "{}",
            h1.html
        );
        let topic = render(
            "## Background\n",
            MarkdownOptions {
                top_heading: 3,
                ..MarkdownOptions::default()
            },
        );
        assert!(topic.html.contains("<h3 id=\"background\">"), "{}", topic.html);
        assert_eq!(topic.toc[0].level, 3);
    }

    #[test]
    fn explicit_ids_are_kept_once_and_never_taken_by_generated_ones() {
        let r = html("## Intro\n\n## Other {#intro}\n\n## Again {#intro}\n");
        let ids: Vec<&str> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["intro-1", "intro", "intro-2"]);
    }

    #[test]
    fn extensions_are_on() {
        let r = html("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~\n\n- [x] done\n\nA note[^1].\n\n[^1]: The note.\n");
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>old</del>"));
        assert!(r.html.contains("type=\"checkbox\""));
        assert!(r.html.contains("href=\"#fn-1\""), "{}", r.html);
        assert!(r.html.contains("id=\"fn-1\""), "{}", r.html);
    }

    /// Migration probe: Hugo's, Zola's and Jekyll's summary divider was left as a comment, and
    /// the summary was the first paragraph alone.
    #[test]
    fn the_text_before_a_more_divider_is_the_summary() {
        let r = html("First *para*.\n\nSecond, with `code`.\n\n<!--more-->\n\nThe rest.\n");
        assert_eq!(r.first_paragraph, "First para. Second, with code.");
        let spaced = html("Lead.\n\nMore lead.\n\n<!-- more -->\n\nRest.\n");
        assert_eq!(spaced.first_paragraph, "Lead. More lead.");
        // Another comment is no divider; a divider first leaves the first paragraph.
        assert_eq!(html("One.\n\n<!-- note -->\n\nTwo.\n").first_paragraph, "One.");
        assert_eq!(html("<!--more-->\n\nOnly.\n").first_paragraph, "Only.");
    }

    #[test]
    fn counts_words_and_finds_the_first_paragraph() {
        let r = html("## Heading\n\nFirst *para*\ngraph here.\n\nSecond one.\n");
        assert_eq!(r.first_paragraph, "First para graph here.");
        assert_eq!(r.words, 7);
        assert_eq!(r.reading_minutes(), 1);
    }

    /// Regression: a body that opens with an image had the image's description for its summary
    /// ("Red map"); an image's description is no part of one.
    #[test]
    fn the_summary_skips_a_paragraph_of_images_and_image_descriptions() {
        let r = html("![Red map](map.jpg)\n\nThe port, as the map shows it.\n");
        assert_eq!(r.first_paragraph, "The port, as the map shows it.");
        let inline = html("Tankers ![a tanker](t.png) dock at night.\n");
        assert_eq!(inline.first_paragraph, "Tankers dock at night.");
        // A body of images alone has nothing else to say.
        assert_eq!(
            html("![A map of the port](map.png)\n").first_paragraph,
            "A map of the port"
        );
    }

    /// Issue 17: text written without spaces is read by its characters (500 a minute).
    #[test]
    fn reading_time_counts_cjk_characters() {
        let chinese = "中华人民共和国".repeat(150);
        let r = html(&chinese);
        assert_eq!((r.words, r.cjk_words, r.cjk_chars), (1, 1, 1050));
        // 1,050 characters: 3 minutes (counted by spaces it would be one word, one minute).
        assert_eq!(r.reading_minutes(), 3);
        let korean = html(&"북러 조약은 상호 방위 의무를 담고 있다. ".repeat(100));
        assert_eq!((korean.words, korean.cjk_words, korean.cjk_chars), (700, 700, 1600));
        assert_eq!(korean.reading_minutes(), 4);
        let english = html(&"word ".repeat(441));
        assert_eq!(english.reading_minutes(), 3);
        let nested = html("> quoted\n\nplain\n");
        assert_eq!(nested.first_paragraph, "plain");
    }

    #[test]
    fn notes_come_last_in_the_order_of_their_references_with_back_links() {
        let r = html(
            "One.[^b] Two.[^a]\n\n[^a]: Note a.\n\n[^b]: Note b.\n\n[^c]: Never referenced.\n\nAfter the notes.\n",
        );
        let notes = &r.html[r.html.find("<section class=\"footnotes\"").expect("a notes section")..];
        assert!(r.html.find("After the notes.") < r.html.find("<section"), "{}", r.html);
        let order: Vec<usize> = ["fn-b", "fn-a", "fn-c"]
            .iter()
            .map(|id| notes.find(&format!("id=\"{id}\"")).expect(id))
            .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{notes}");
        assert!(r.html.contains("<a href=\"#fn-b\" id=\"fnref-b\">1</a>"), "{}", r.html);
        // The ↩ is tied to the note's last word by a no-break space (desk probe, session 23).
        assert!(notes.contains("<p>Note b.\u{a0}<a href=\"#fnref-b\" class=\"footnote-backref\" aria-label=\"Back to reference 1\">↩</a></p>"), "{notes}");
        assert!(
            !notes.contains("#fnref-c"),
            "no way back to a reference that does not exist: {notes}"
        );
        assert_eq!(r.html.matches("<section").count(), 1);
        let topic = render(
            "A.[^1]\n\n[^1]: N.\n",
            MarkdownOptions {
                top_heading: 3,
                ..MarkdownOptions::default()
            },
        );
        assert!(
            topic.html.contains("<h3 id=\"footnotes-heading\">Notes</h3>"),
            "{}",
            topic.html
        );
    }

    #[test]
    fn a_titled_image_alone_is_a_figure_with_its_caption_escaped() {
        let r = html("![A <map>](map.png \"Seoul & <Pyongyang>\")\n");
        assert_eq!(
            r.html,
            "<figure><img src=\"map.png\" alt=\"A &lt;map&gt;\" /><figcaption>Seoul &amp; &lt;Pyongyang&gt;</figcaption></figure>\n"
        );
        for not_a_figure in ["![a](x.png)\n", "Text ![a](x.png \"T\")\n", "![a](x.png \"T\") text\n"] {
            assert!(!html(not_a_figure).html.contains("<figure>"), "{not_a_figure}");
        }
        let r = html("![a](x.png \"T\")\n\n| a |\n|---|\n| 1 |\n");
        assert!(
            r.html
                .contains("<div class=\"table-scroll\" role=\"region\" aria-label=\"Table\" tabindex=\"0\"><table>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("</table>\n</div>"), "{}", r.html);
    }

    #[test]
    fn notes_figures_and_table_regions_survive_sanitising() {
        let safe = MarkdownOptions {
            unsafe_html: false,
            ..MarkdownOptions::default()
        };
        let r = render("A.[^1]\n\n![a](x.png \"T\")\n\n| a |\n|---|\n| 1 |\n\n[^1]: N.\n", safe);
        for kept in [
            "<section class=\"footnotes\" aria-labelledby=\"footnotes-heading\">",
            "aria-label=\"Back to reference 1\"",
            "<figcaption>T</figcaption>",
            "role=\"region\"",
            "tabindex=\"0\"",
        ] {
            assert!(r.html.contains(kept), "{kept}: {}", r.html);
        }
    }

    #[test]
    fn raw_html_is_sanitised_when_unsafe_html_is_off() {
        let r = render(
            "<script>alert(1)</script>\n\nhi <b onclick=\"x()\">x</b> <a href=\"javascript:x()\">y</a>\n\n## Kept {#kept}\n\n- [x] done\n",
            MarkdownOptions {
                unsafe_html: false,
                ..MarkdownOptions::default()
            },
        );
        assert!(!r.html.contains("<script") && !r.html.contains("alert"), "{}", r.html);
        assert!(
            !r.html.contains("onclick") && !r.html.contains("javascript:"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<b>x</b>"), "harmless markup stays: {}", r.html);
        assert!(r.html.contains("<h2 id=\"kept\">Kept</h2>"), "{}", r.html);
        assert!(r.html.contains("type=\"checkbox\""), "{}", r.html);
        let trusted = html("hi <b>x</b>\n");
        assert!(trusted.html.contains("<b>x</b>"));
    }

    #[test]
    fn a_note_cited_twice_gives_each_citation_its_own_id() {
        let r = render(
            "First[^n] and again[^n].\n\n[^n]: The note.\n",
            MarkdownOptions::default(),
        );
        assert!(r.html.contains("id=\"fnref-n\">1</a>"), "{}", r.html);
        assert!(r.html.contains("id=\"fnref-n-2\">1</a>"), "{}", r.html);
        assert_eq!(r.html.matches("id=\"fnref-n\"").count(), 1, "{}", r.html);
        assert!(r.anchors.contains(&"fnref-n-2".to_string()));
    }

    /// Regression: a note of two paragraphs (or with a heading or a list) made a `<p>` inside
    /// the page's `<p>`, an unstyled email and a plain text that lost all but one paragraph.
    #[test]
    fn a_note_beyond_one_paragraph_is_named() {
        assert_eq!(beyond_a_paragraph("Why it *matters*, with a\nline break."), None);
        assert_eq!(beyond_a_paragraph(""), None);
        assert_eq!(beyond_a_paragraph("One.\n\nTwo.\n"), Some("2 paragraphs".to_string()));
        assert_eq!(beyond_a_paragraph("One.\n\n- a\n- b\n"), Some("a list".to_string()));
        assert_eq!(beyond_a_paragraph("# Heading\n"), Some("a heading".to_string()));
        assert_eq!(beyond_a_paragraph("> quoted\n"), Some("a quotation block".to_string()));
    }

    /// Regression (review): an inner list ran into its parent's text (`- a- b`) and the blank
    /// line after a list fell inside the outer one; an autolink was said twice.
    /// Only the writer's raw HTML counts as raw HTML (`Rendered::raw_html`, which costs a body a
    /// second pass): not the HTML the render makes of headings, footnotes and tables (review: every
    /// body of the benchmark corpus, which has none, took the pass, +2 % instructions).
    #[test]
    fn raw_html_is_the_writers_own() {
        let rewrite = |_: &str| Rewrite::Keep;
        let plain = render_with_links(
            "## A heading\n\nText.[^1]\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[^1]: A note.\n",
            MarkdownOptions::default(),
            &rewrite,
        );
        assert!(!plain.raw_html, "{}", plain.html);
        for raw in ["Text <b>bold</b>.\n", "<figure>x</figure>\n"] {
            assert!(
                render_with_links(raw, MarkdownOptions::default(), &rewrite).raw_html,
                "{raw}"
            );
        }
    }

    /// Regression: in the plain-text email an image without a description (`![](x.png)`) was a
    /// line starting with a space, ` <https://…/x.png>`.
    #[test]
    fn an_image_without_a_description_is_its_url_alone() {
        let text = to_plain_text(
            "![](x.png)\n\nSee ![a map](m.png) and ![](y.png).\n",
            MarkdownOptions::default(),
            &|url| Some(format!("https://e.org/{url}")),
        );
        assert_eq!(
            text,
            "<https://e.org/x.png>\n\nSee a map <https://e.org/m.png> and <https://e.org/y.png>."
        );
    }

    /// Regression (session 31's mail probe): an edition's footnote lost its mark in the plain
    /// text (the note's text followed with nothing to tie it to the sentence), and raw HTML that
    /// says nothing (`<script>`, `<form>`) left two blank lines where one belongs.
    #[test]
    fn plain_text_marks_footnotes_and_keeps_one_blank_line() {
        let options = MarkdownOptions {
            unsafe_html: true,
            ..MarkdownOptions::default()
        };
        let text = to_plain_text(
            "The treaty was signed on Friday.[^src] It holds.[^two]\n\n<script>alert(1)</script>\n\n<form><input></form>\n\nAfter.\n\n[^src]: According to the ministry.\n[^two]: Since then.\n",
            options,
            &|url| Some(url.to_string()),
        );
        assert_eq!(
            text,
            "The treaty was signed on Friday.[1] It holds.[2]\n\nAfter.\n\n[1] According to the ministry.\n\n[2] Since then."
        );
    }

    #[test]
    fn plain_text_lists_nest_and_end_with_a_blank_line() {
        let text = to_plain_text(
            "- a\n  - b\n- c\n\n## Next\n\nSee <https://x.org/>.\n",
            MarkdownOptions::default(),
            &|url| Some(url.to_string()),
        );
        assert_eq!(text, "- a\n  - b\n- c\n\nNEXT\n\nSee https://x.org/.");
    }

    /// Regression: in a plain-text email an e-mail address became a link to a page of the site
    /// (`desk@example.org <https://…/desk@example.org>`), a numbered list lost its numbers, a
    /// table's cells ran together, a quotation lost its `>` and an image its URL.
    #[test]
    fn plain_text_keeps_addresses_numbers_cells_quotes_and_images() {
        let text = to_plain_text(
            "Write to <desk@example.org>.\n\n3. three\n4. four\n\n| Month | Shells |\n|---|---|\n| June | 5 |\n\n> Quoted\n> words.\n>\n> Again.\n\n![A chart](chart.png)\n",
            MarkdownOptions::default(),
            &|url| Some(format!("https://x.org/{url}")),
        );
        assert_eq!(
            text,
            "Write to desk@example.org.\n\n3. three\n4. four\n\nMonth | Shells\nJune | 5\n\n> Quoted words.\n>\n> Again.\n\nA chart <https://x.org/chart.png>"
        );
    }

    /// Regression (review, session 24): ending a table row trimmed every trailing " | ", also
    /// text written before the table (`- a |&#32;`), back past where an enclosing quotation
    /// started; ending the quotation then sliced beyond the text and panicked, so an edition's
    /// introduction or note stopped `build`, `check` and `serve`.
    #[test]
    fn an_empty_table_row_trims_only_its_own_cells() {
        // A code span of " | " is "|": CommonMark strips one space from each side.
        for (markdown, plain) in [
            ("- a |&#32;\n  > | |\n  > |-|\n", "- a |"),
            ("- ` | `\n  > | |\n  > |-|\n", "- |"),
        ] {
            let text = to_plain_text(markdown, MarkdownOptions::default(), &|_| None);
            assert_eq!(text, plain, "{markdown:?}");
        }
        let text = to_plain_text("x | \n\n| a | |\n|-|-|\n| b | |\n", MarkdownOptions::default(), &|_| {
            None
        });
        assert_eq!(text, "x |\n\na\nb");
    }

    /// Regression (issue 14): a code block's lines ran together when the plain-text email was
    /// wrapped, and a rule left nothing.
    /// Regression (search probe): `"now set"` found a heading's last word and the paragraph's
    /// first under it ("Why now" / "Set against…"): no pair goes from a block into the next.
    #[test]
    fn no_pair_goes_from_a_heading_into_its_paragraph() {
        use crate::parse::terms::{pair_bucket, word_hash};
        let options = MarkdownOptions {
            phrases: true,
            ..MarkdownOptions::default()
        };
        let rendered = render(
            "## Why now\n\nSet against the war.\n\n- one item\n- two items\n",
            options,
        );
        let mut pairs = Vec::new();
        rendered.pairs.for_each(|p| pairs.push(p));
        let pair = |a: &str, b: &str| pair_bucket(word_hash(a), word_hash(b));
        assert!(pairs.contains(&pair("why", "now")) && pairs.contains(&pair("set", "against")));
        for (a, b) in [("now", "set"), ("war", "one"), ("item", "two")] {
            assert!(!pairs.contains(&pair(a, b)), "{a} {b}");
        }
    }

    /// Regression (editor's probe): raw HTML was dropped from the plain-text email whole (a
    /// pasted tweet's text and address, a `<div>`, a table), while the text of a `<script>` in a
    /// line came through (`alert(1)`), which the HTML email removes.
    #[test]
    fn plain_text_reads_raw_html_as_a_mail_reader_sees_it() {
        let markdown = "Intro <script>alert('x')</script> text, <b>bold</b> &amp; <a href=\"/p/\">a link</a>.\n\n\
            <blockquote class=\"tweet\"><p>A tweet &amp; more</p>\n— Someone <a href=\"https://t.example/1\">June 1</a></blockquote>\n\n\
            <div>raw <img src=\"x.png\" alt=\"A map\"> div\n  text<style>p{}</style></div>\n\n\
            <table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>\n\n\
            <a href=\"javascript:alert(1)\">js</a> after.\n";
        let raw_url = |href: &str| match href {
            _ if href.starts_with("https:") => Some(href.to_string()),
            _ if href.starts_with('/') => Some(format!("https://example.org{href}")),
            _ => None,
        };
        let text = to_plain_text_with_html(markdown, MarkdownOptions::default(), &|_| None, &raw_url);
        assert_eq!(
            text,
            "Intro text, bold & a link <https://example.org/p/>.\n\n\
             A tweet & more\n— Someone June 1 <https://t.example/1>\n\n\
             raw A map div text\n\n\
             a | b\nc | d\n\n\
             js after."
        );
        // Without `raw_url`, the text stays and the addresses go.
        let bare = to_plain_text(markdown, MarkdownOptions::default(), &|_| None);
        assert!(
            bare.starts_with("Intro text, bold & a link.\n\nA tweet & more\n"),
            "{bare}"
        );
    }

    #[test]
    fn plain_text_keeps_code_blocks_as_written_and_rules() {
        let text = to_plain_text(
            "Run:\n\n```\ngazette edition today --format text | sendmail desk@example.org\n  --verbose\n```\n\n---\n\nAfter.\n",
            MarkdownOptions::default(),
            &|_| None,
        );
        assert_eq!(
            text,
            "Run:\n\n    gazette edition today --format text | sendmail desk@example.org\n      --verbose\n\n---\n\nAfter."
        );
    }
}
