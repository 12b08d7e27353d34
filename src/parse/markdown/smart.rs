//! Smart punctuation for the plain-text fields of front matter (a headline, a summary, a
//! correction's text, a source's title), as bodies get it: `"pact"` → “pact”, `it's` → it’s,
//! `--` → –, `---` → —, `...` → …. pulldown-cmark does the work, with the same rules as for a
//! body, on the text made into one paragraph of literal characters: every other ASCII sign
//! backslash-escaped (so `*`, `[`, `<`, `&` and `#` stay as written) and the line breaks
//! spaces, after a letter that keeps a `-` or `1.` at the start from opening a list.

use pulldown_cmark::{Event, Options, Parser};

/// The signs smart punctuation reads: left unescaped.
const SMART: &[u8] = b"'\".-";
/// Written before the text and taken off again: a paragraph's first word, so that the text
/// never starts a block of its own (`- `, `1. `, `---`); a letter and a space, so that a quote
/// that opens the text is read as one that opens (it follows a space).
const LEAD: &str = "x ";

/// `text` with smart punctuation, or `None` when it has nothing to change.
pub fn smart_text(text: &str) -> Option<String> {
    if !text.contains(['\'', '"']) && !text.contains("--") && !text.contains("...") {
        return None;
    }
    let mut source = String::with_capacity(LEAD.len() + text.len() + text.len() / 8);
    source.push_str(LEAD);
    for c in text.chars() {
        match c {
            '\n' | '\r' => source.push(' '),
            c if c.is_ascii_punctuation() && !SMART.contains(&(c as u8)) => {
                source.push('\\');
                source.push(c);
            }
            c => source.push(c),
        }
    }
    let mut out = String::with_capacity(source.len());
    for event in Parser::new_ext(&source, Options::ENABLE_SMART_PUNCTUATION) {
        match event {
            Event::Text(piece) => out.push_str(&piece),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    let out = out.strip_prefix(LEAD).map(str::to_string)?;
    (out != text).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn smart(text: &str) -> String {
        smart_text(text).unwrap_or_else(|| text.to_string())
    }

    #[test]
    fn quotes_dashes_and_dots_become_typographic_as_in_a_body() {
        assert_eq!(
            smart(r#"The council's "final" offer -- 400 m³ a day..."#),
            "The council’s “final” offer – 400 m³ a day…"
        );
        assert_eq!(smart(r#""Ready," she said"#), "“Ready,” she said");
        assert_eq!(
            smart("'Tis the 'season' --- of 1990--1991"),
            "’Tis the ‘season’ — of 1990–1991"
        );
        assert_eq!(smart_text("No quotes here - a hyphen."), None);
    }

    #[test]
    fn markdown_signs_stay_as_written() {
        for text in [
            "*Not emphasis* and _not_ either",
            "[a link](https://example.org) and <b>tags</b> & &amp; entities",
            "# Not a heading",
            "- not a list",
            "1. not a list either",
            "`code` \\ back\\slash | pipes ~~strike~~ !bang",
            "> not a quote",
        ] {
            let with_quote = format!("{text} 's");
            let said = smart(&with_quote);
            assert_eq!(said, format!("{text} ’s"), "{text}");
        }
    }

    #[test]
    fn a_text_of_dashes_alone_is_a_dash_not_a_rule() {
        assert_eq!(smart("---"), "—");
        assert_eq!(smart("--"), "–");
    }

    #[test]
    fn lines_are_joined_and_spaces_kept() {
        assert_eq!(smart("It's\nhere"), "It’s here");
        assert_eq!(smart("a  'b'"), "a  ‘b’");
    }
}
