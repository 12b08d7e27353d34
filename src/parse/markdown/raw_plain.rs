//! Raw HTML in Markdown as a plain-text email reads it: its text (character references decoded),
//! a line break where a block ends, each link's address after its text, and nothing of scripts,
//! styles or templates.

use std::cell::{Cell, RefCell};

use crate::parse::nesting::CLOSES_P;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts};

/// What the raw HTML says, in order.
#[derive(Debug, PartialEq)]
pub(super) enum Piece {
    Text(String),
    /// A block (`p`, `div`, a table's row…) ends, or a `<br>`.
    Break,
    /// A table's cell ends.
    Cell,
    /// A link ends: its `href`, as written.
    LinkEnd(String),
}

/// Fed the raw HTML fragments of one Markdown text in order (an element may open in one and
/// close in another, and Markdown's own text may come between them).
pub(super) struct RawPlain {
    tokenizer: Tokenizer<PlainSink>,
    input: BufferQueue,
}

impl RawPlain {
    pub(super) fn new() -> RawPlain {
        RawPlain {
            tokenizer: Tokenizer::new(PlainSink::default(), TokenizerOpts::default()),
            input: BufferQueue::default(),
        }
    }

    /// What the next fragment says (what the tokenizer could finish of it).
    pub(super) fn feed(&mut self, html: &str) -> Vec<Piece> {
        self.input.push_back(StrTendril::from(html));
        // A result asks for a script to run only from a tree builder; this sink never does.
        let _ = self.tokenizer.feed(&self.input);
        self.tokenizer.sink.pieces.take()
    }

    /// Inside a script, style or template: Markdown's text there is not the reader's either.
    pub(super) fn hidden(&self) -> bool {
        self.tokenizer.sink.hidden.get()
    }
}

#[derive(Default)]
struct PlainSink {
    pieces: RefCell<Vec<Piece>>,
    hidden: Cell<bool>,
    /// The `href` of each open link (`None`: an `<a>` without one).
    links: RefCell<Vec<Option<String>>>,
}

impl TokenSink for PlainSink {
    type Handle = ();

    fn process_token(&self, token: Token, _line_number: u64) -> TokenSinkResult<()> {
        match token {
            Token::TagToken(tag) => {
                let name = &*tag.name;
                let start = tag.kind == TagKind::StartTag;
                let hiding = matches!(name, "script" | "style" | "template");
                if hiding {
                    self.hidden.set(start);
                    if start {
                        // As a browser does: a script's or style's text is read raw up to its
                        // end tag.
                        let kind = if name == "script" {
                            RawKind::ScriptData
                        } else {
                            RawKind::Rawtext
                        };
                        return TokenSinkResult::RawData(kind);
                    }
                }
                let mut pieces = self.pieces.borrow_mut();
                match (name, start) {
                    ("a", true) if !tag.self_closing => {
                        let href = tag.attrs.iter().find(|a| &*a.name.local == "href");
                        self.links.borrow_mut().push(href.map(|a| a.value.to_string()));
                    }
                    ("a", false) => {
                        if let Some(Some(href)) = self.links.borrow_mut().pop() {
                            pieces.push(Piece::LinkEnd(href));
                        }
                    }
                    ("br", _) => pieces.push(Piece::Break),
                    // An image is its description, as a Markdown image is.
                    ("img", true) => {
                        let alt = tag.attrs.iter().find(|a| &*a.name.local == "alt");
                        if let Some(alt) = alt.map(|a| a.value.trim()).filter(|a| !a.is_empty()) {
                            pieces.push(Piece::Text(alt.to_string()));
                        }
                    }
                    ("td" | "th", false) => pieces.push(Piece::Cell),
                    // A block's end (HTML's block elements, and a table's row and caption).
                    (name, false) if CLOSES_P.contains(&name) || matches!(name, "tr" | "caption") => {
                        pieces.push(Piece::Break)
                    }
                    ("hr", true) => pieces.push(Piece::Break),
                    _ => {}
                }
            }
            Token::CharacterTokens(text) if !self.hidden.get() => {
                self.pieces.borrow_mut().push(Piece::Text(text.to_string()));
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}
