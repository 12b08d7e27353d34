//! How deep a body's elements nest, found in one linear pass before any HTML parser sees the body:
//! Markdown's blocks and spans, and raw HTML's elements as a browser would open and close them
//! (end tags close only an open element of their name, `/>` closes only void and SVG or MathML
//! elements, a new `<li>`, `<td>`, `<tr>`, `<p>`… closes the one before it, and comments,
//! `<script>`, `<style>` and the like hold text, not tags). The HTML parsers that clean and inline
//! a body (ammonia, css-inline) slow down by the square of the depth and then run out of stack:
//! past `MAX_DEPTH` a body is an error, at the element that goes past it.

/// How deep a body's elements may nest. Writing never needs more than a dozen levels.
pub const MAX_DEPTH: usize = 256;

/// Elements that never have content (`<br>`, `<img>`): a start tag opens nothing.
const VOID: [&str; 15] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    "keygen",
];

/// Elements whose content is text up to their end tag, never tags.
const RAW_TEXT: [&str; 8] = [
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
];

/// Start tags that close an open `<p>` (HTML's "close a p element" before them).
const CLOSES_P: [&str; 34] = [
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
];

/// The open elements of a body's raw HTML, and what the scan is inside of, carried from one piece
/// of raw HTML to the next (a comment or a `<script>` may run across Markdown's events).
#[derive(Default)]
pub struct Nesting {
    open: Vec<String>,
    /// Inside `<!--` (until `-->`), `<![CDATA[` (until `]]>`), or a raw-text element (until its
    /// end tag): the text that ends it.
    until: Option<String>,
}

impl Nesting {
    /// Reads a piece of raw HTML with `blocks` Markdown elements open around it. `Err` with the
    /// byte offset (in `html`) of the start tag that makes the depth pass `MAX_DEPTH`.
    pub fn read(&mut self, html: &str, blocks: usize) -> Result<(), usize> {
        let mut at = 0;
        while at < html.len() {
            let rest = &html[at..];
            if let Some(end) = self.until.take() {
                match find_ignoring_case(rest, &end) {
                    Some(found) => {
                        at += found + end.len();
                        // A raw-text element's end tag closes it.
                        if let Some(name) = end.strip_prefix("</")
                            && let Some(i) = self.open.iter().rposition(|open| open == name)
                        {
                            self.open.truncate(i);
                        }
                    }
                    None => {
                        self.until = Some(end);
                        return Ok(());
                    }
                }
                continue;
            }
            let Some(lt) = rest.find('<') else { return Ok(()) };
            let tag_at = at + lt;
            let tag = &html[tag_at..];
            at = tag_at + 1;
            if let Some(after) = tag.strip_prefix("<!--") {
                // `<!-->` and `<!--->` close at once.
                match ["->", ">"].into_iter().find(|closing| after.starts_with(closing)) {
                    Some(closing) => at = tag_at + "<!--".len() + closing.len(),
                    None => {
                        self.until = Some("-->".to_string());
                        at = tag_at + "<!--".len();
                    }
                }
                continue;
            }
            if tag.starts_with("<![CDATA[") {
                self.until = Some("]]>".to_string());
                at = tag_at + "<![CDATA[".len();
                continue;
            }
            let closing = tag[1..].starts_with('/');
            let name_start = 1 + usize::from(closing);
            let name_len = tag[name_start..]
                .bytes()
                .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b':')
                .count();
            if name_len == 0 || !tag.as_bytes()[name_start].is_ascii_alphabetic() {
                continue;
            }
            let name = tag[name_start..name_start + name_len].to_ascii_lowercase();
            // The tag's text, to its `>` (no further than the next `<`: linear however it goes).
            let tag_end = tag[1..].find(['<', '>']).map(|e| e + 1);
            let self_closed = tag_end.is_some_and(|e| tag.as_bytes()[e] == b'>' && tag[..e].ends_with('/'));
            if let Some(e) = tag_end.filter(|&e| tag.as_bytes()[e] == b'>') {
                at = tag_at + e + 1;
            }
            if closing {
                if let Some(i) = self.open.iter().rposition(|open| *open == name) {
                    self.open.truncate(i);
                }
                continue;
            }
            if VOID.contains(&name.as_str()) || (self_closed && self.in_foreign()) {
                continue;
            }
            self.close_implied(&name);
            if RAW_TEXT.contains(&name.as_str()) {
                self.until = Some(format!("</{name}"));
            }
            self.open.push(name);
            if blocks + self.open.len() > MAX_DEPTH {
                return Err(tag_at);
            }
        }
        Ok(())
    }

    /// Inside `<svg>` or `<math>`, where `/>` closes an element.
    fn in_foreign(&self) -> bool {
        self.open.iter().any(|open| open == "svg" || open == "math")
    }

    /// The ends a start tag implies: a new list item, cell, row, option or paragraph closes the one
    /// before it (up to the list, table or select it is in), and a block closes an open `<p>`.
    fn close_implied(&mut self, name: &str) {
        let (siblings, boundaries): (&[&str], &[&str]) = match name {
            "li" => (&["li"], &["ul", "ol", "menu", "table"]),
            "dt" | "dd" => (&["dt", "dd"], &["dl", "table"]),
            "tr" => (&["tr"], &["table"]),
            "td" | "th" => (&["td", "th"], &["tr", "table"]),
            "thead" | "tbody" | "tfoot" => (&["thead", "tbody", "tfoot"], &["table"]),
            "option" => (&["option"], &["select", "datalist"]),
            _ => (&[], &[]),
        };
        self.close_to(siblings, boundaries);
        if CLOSES_P.contains(&name) || name == "li" || name == "dt" || name == "dd" {
            self.close_to(
                &["p"],
                &["button", "table", "td", "th", "caption", "object", "template"],
            );
        }
    }

    /// Closes the innermost open element named in `names`, with everything inside it, when no
    /// element named in `boundaries` stands between it and the current one.
    fn close_to(&mut self, names: &[&str], boundaries: &[&str]) {
        for i in (0..self.open.len()).rev() {
            let open = self.open[i].as_str();
            if names.contains(&open) {
                self.open.truncate(i);
                return;
            }
            if boundaries.contains(&open) {
                return;
            }
        }
    }
}

/// The byte offset of `needle` (ASCII) in `haystack`, in any case.
fn find_ignoring_case(haystack: &str, needle: &str) -> Option<usize> {
    let (bytes, needle) = (haystack.as_bytes(), needle.as_bytes());
    if needle.is_empty() || bytes.len() < needle.len() {
        return None;
    }
    (0..=bytes.len() - needle.len()).find(|&i| bytes[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth_error(html: &str) -> Option<usize> {
        Nesting::default().read(html, 0).err()
    }

    /// Regression (review): `<div/>` opens a div and `</x>` closes nothing, as in a browser, so
    /// neither gets deep nesting past the limit.
    #[test]
    fn what_a_browser_keeps_open_counts() {
        assert_eq!(depth_error(&"<div/>".repeat(300)), Some(256 * 6));
        assert_eq!(depth_error(&"<div></x>".repeat(300)), Some(256 * 9));
        assert!(depth_error(&"<div>".repeat(300)).is_some());
        assert!(depth_error(&format!("<svg>{}</svg>", "<path d='M0'/>".repeat(1000))).is_none());
        assert!(depth_error(&format!("{}x{}", "<span>".repeat(200), "</span>".repeat(200))).is_none());
    }

    /// Regression (review): valid HTML without end tags (an old table, a list, paragraphs), a
    /// script's comparisons and commented-out markup were counted as ever deeper nesting.
    #[test]
    fn what_a_browser_closes_or_reads_as_text_does_not_count() {
        let table = format!("<table>{}</table>", "<tr><td>1<td>Seoul<td>3".repeat(400));
        assert_eq!(depth_error(&table), None);
        let lists = "<ul>".to_string() + &"<li>item".repeat(400) + "</ul><dl>" + &"<dt>a<dd>b".repeat(400);
        assert_eq!(depth_error(&lists), None);
        assert_eq!(depth_error(&"<p>para".repeat(400)), None);
        assert_eq!(
            depth_error(&format!("<select>{}</select>", "<option>one".repeat(400))),
            None
        );
        let script = format!(
            "<script>{}</script>",
            "for(i=0;i<n;i++) if(a<b && c<d) x();".repeat(300)
        );
        assert_eq!(depth_error(&script), None);
        assert_eq!(depth_error(&format!("<!--{}-->", "<div>\n".repeat(300))), None);
        assert_eq!(depth_error(&format!("<![CDATA[{}]]>", "<div>".repeat(300))), None);
        assert_eq!(depth_error(&"<br><img src=x><hr/><input>".repeat(300)), None);
    }

    /// A comment or a script may open in one piece of raw HTML and close in a later one.
    #[test]
    fn a_comment_or_script_runs_across_pieces() {
        let mut nesting = Nesting::default();
        assert_eq!(nesting.read("<!-- start", 0), Ok(()));
        assert_eq!(nesting.read(&"<div>".repeat(300), 0), Ok(()));
        assert_eq!(nesting.read("end -->", 0), Ok(()));
        assert_eq!(nesting.read("<SCRIPT>if (a", 0), Ok(()));
        assert_eq!(nesting.read(&"<b".repeat(300), 0), Ok(()));
        assert_eq!(nesting.read("</script>", 0), Ok(()));
        assert!(nesting.open.is_empty());
        // The Markdown elements around count too.
        assert_eq!(Nesting::default().read(&"<div>".repeat(10), 250), Err(6 * 5));
    }
}
