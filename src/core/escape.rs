//! Escaping text for XML and HTML: text, and double-quoted attribute values.

/// Escapes text for XML (and HTML) text and double-quoted attributes: `& < > " '`. Characters
/// XML 1.0 cannot hold at all (C0 controls other than tab, LF and CR; U+FFFE, U+FFFF) are dropped,
/// since no escape makes them well-formed.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    xml_escape_into(&mut out, text);
    out
}

/// `xml_escape`, appended to `out`.
pub fn xml_escape_into(out: &mut String, text: &str) {
    // Feeds escape whole article bodies: find the next byte that needs anything with a table, and
    // copy the run before it at once.
    let bytes = text.as_bytes();
    let (mut copied, mut i) = (0, 0);
    while let Some(offset) = bytes[i..].iter().position(|&b| XML_SPECIAL[b as usize]) {
        i += offset;
        let (replacement, len) = match bytes[i] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&#39;", 1),
            // U+FFFE and U+FFFF (EF BF BE, EF BF BF) are dropped; other characters from EF stay.
            0xEF if bytes.get(i + 1) == Some(&0xBF) && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)) => ("", 3),
            0xEF => {
                i += 1;
                continue;
            }
            // C0 controls other than tab, LF and CR: dropped.
            _ => ("", 1),
        };
        // `i` is at an ASCII byte or a lead byte, so both slices fall on character boundaries.
        out.push_str(&text[copied..i]);
        out.push_str(replacement);
        i += len;
        copied = i;
    }
    out.push_str(&text[copied..]);
}

/// The bytes `xml_escape` must look at: `& < > " '`, C0 controls other than tab, LF and CR, and
/// 0xEF (which starts U+FFFE and U+FFFF).
const XML_SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = !matches!(b, 0x09 | 0x0A | 0x0D);
        b += 1;
    }
    table[b'&' as usize] = true;
    table[b'<' as usize] = true;
    table[b'>' as usize] = true;
    table[b'"' as usize] = true;
    table[b'\'' as usize] = true;
    table[0xEF] = true;
    table
};

/// Whether `c` is a control character HTML forbids in a document (and XML 1.0 in part): the C0
/// controls but tab, line feed, form feed and carriage return; DEL; the C1 controls.
pub fn is_forbidden_control(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
}

/// The first control character HTML forbids in `text` (`is_forbidden_control`) and where it is,
/// found by its bytes: a C0 control or DEL is one byte, a C1 control `0xC2` and `0x80..=0x9F`.
pub fn first_forbidden_control(text: &str) -> Option<(usize, char)> {
    let bytes = text.as_bytes();
    let forbidden_at = |i: usize| {
        let b = bytes[i];
        (b < 0x20 && !matches!(b, b'\t' | b'\n' | 0x0c | b'\r'))
            || b == 0x7f
            || (b == 0xc2 && bytes.get(i + 1).is_some_and(|next| (0x80..=0x9f).contains(next)))
    };
    // Every file is read through here: blocks without a byte that can start one are passed over
    // by a test without branches (which the compiler turns into vector instructions), and only
    // a block with one is looked at byte by byte.
    let mut base = 0;
    for block in bytes.chunks(SCAN_BLOCK) {
        if block.iter().fold(false, |any, &b| any | may_start_control(b))
            && let Some(at) = (base..base + block.len()).find(|&i| forbidden_at(i))
        {
            return text[at..].chars().next().map(|c| (at, c));
        }
        base += block.len();
    }
    None
}

/// The bytes of `first_forbidden_control`'s blocks.
const SCAN_BLOCK: usize = 64;

/// Whether byte `b` may start a control character HTML forbids: a C0 control but tab, line feed,
/// form feed and carriage return; DEL; `0xC2`, the first byte of a C1 control (and of other
/// characters). Written with `&` and `|`, not `&&` and `||`, so that it has no branches.
fn may_start_control(b: u8) -> bool {
    ((b < 0x20) & (b != b'\t') & (b != b'\n') & (b != 0x0c) & (b != b'\r')) | (b == 0x7f) | (b == 0xc2)
}

/// `text` with its control characters drawn (`␀` for NUL, `␛` for an escape), one character
/// for one, so that none reaches a terminal (an escape sequence would act on it, a file name
/// with one could recolour or rewrite a CI log) and columns keep their place. Tabs and line
/// breaks stay.
pub fn draw_controls(text: &str) -> std::borrow::Cow<'_, str> {
    let drawn = |c: char| match c {
        '\t' | '\n' => None,
        '\0'..='\u{1f}' => Some(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}')),
        '\u{7f}' => Some('\u{2421}'),
        '\u{80}'..='\u{9f}' => Some('\u{fffd}'),
        _ => None,
    };
    if !text.chars().any(|c| drawn(c).is_some()) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(text.chars().map(|c| drawn(c).unwrap_or(c)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The byte scan finds what a scan of the characters finds.
        #[test]
        fn the_byte_scan_finds_the_first_forbidden_control(text in "(\\PC|[\\x00-\\x1f\\x7f-\\u{a0}])*") {
            let by_chars = text.char_indices().find(|&(_, c)| is_forbidden_control(c));
            proptest::prop_assert_eq!(first_forbidden_control(&text), by_chars);
        }

        /// The same in a long text whose control character may sit anywhere, across the edge of
        /// a block of the scan too (a C1 control's two bytes in two blocks).
        #[test]
        fn the_block_scan_finds_a_control_character_wherever_it_is(
            before in 0usize..200,
            control in "[\\x00-\\x1f\\x7f-\\u{a0}]",
            after in "[a-z\u{e9}\u{a0} \n]{0,80}",
        ) {
            let text = format!("{}{control}{after}", "x".repeat(before));
            let by_chars = text.char_indices().find(|&(_, c)| is_forbidden_control(c));
            proptest::prop_assert_eq!(first_forbidden_control(&text), by_chars);
        }
    }

    #[test]
    fn a_c1_control_split_across_two_blocks_is_found() {
        let text = format!("{}\u{85}tail", "a".repeat(SCAN_BLOCK - 1));
        assert_eq!(text.as_bytes()[SCAN_BLOCK - 1], 0xc2);
        assert_eq!(first_forbidden_control(&text), Some((SCAN_BLOCK - 1, '\u{85}')));
        assert_eq!(first_forbidden_control(&"\u{a0}\n\t".repeat(100)), None);
    }
}
