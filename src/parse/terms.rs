//! Search terms: the distinct words of a text, lower-cased, collected while the text streams by
//! (`TermSet`). Markdown rendering fills one per article; the search index (`publish::search`)
//! is built from them.

/// Whether a word is long enough to index: two characters, or one in CJK scripts (whose words
/// are single characters).
fn indexable(word: &str) -> bool {
    let mut chars = word.chars();
    match (chars.next(), chars.next()) {
        (Some(_), Some(_)) => true,
        (Some(only), None) => only as u32 >= 0x2E80,
        _ => false,
    }
}

/// The distinct terms of a document, collected cheaply while its text streams by.
///
/// The terms live in one string (`arena`), separated by spaces, in the order they first appear.
/// The table finds those seen before: short ASCII terms (most of them) by their bytes packed in
/// a `u128`, the others by their span of the arena. A term costs one hash and no allocation.
#[derive(Default)]
pub struct TermSet {
    arena: String,
    table: hashbrown::HashTable<Seen>,
}

/// A term in the table: `short` is its bytes packed (for ASCII terms of up to 16 bytes, never 0),
/// else 0 and the term is `arena[start..start + len]`.
#[derive(Clone, Copy)]
struct Seen {
    short: u128,
    start: u32,
    len: u32,
}

impl Seen {
    /// Its hash again, when the table grows.
    fn rehash(&self, arena: &str) -> u64 {
        match self.short {
            0 => term_hash(&arena[self.start as usize..(self.start + self.len) as usize]),
            short => short_hash(short),
        }
    }
}

impl std::fmt::Debug for TermSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TermSet").field("terms", &self.arena).finish()
    }
}

// What a byte is to the term scanner: ASCII bytes are classified by `ASCII_CLASS` alone.
const OTHER: u8 = 0;
const SPACE: u8 = 1;
const ALPHANUMERIC: u8 = 2;
/// The first byte of a multi-byte character: the character decides.
const NON_ASCII: u8 = 3;

/// The class of every byte value, as `char::is_whitespace` and `char::is_alphanumeric` see ASCII.
const ASCII_CLASS: [u8; 256] = {
    let mut table = [NON_ASCII; 256];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        table[b] = if byte.is_ascii_alphanumeric() {
            ALPHANUMERIC
        } else if matches!(byte, b'\t'..=b'\r' | b' ') {
            SPACE
        } else {
            OTHER
        };
        b += 1;
    }
    table
};

/// The character at byte `i` of `text` (a character boundary).
fn char_at(text: &str, i: usize) -> char {
    text[i..].chars().next().unwrap_or(char::REPLACEMENT_CHARACTER)
}

/// A character's class, as `char::is_alphanumeric` and `char::is_whitespace` say.
fn classify(c: char) -> u8 {
    if c.is_alphanumeric() {
        ALPHANUMERIC
    } else if c.is_whitespace() {
        SPACE
    } else {
        OTHER
    }
}

/// FxHash: terms are short, and SipHash's flood resistance buys nothing here.
fn term_hash(term: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(term)
}

/// The hash of a packed short term.
fn short_hash(short: u128) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(short)
}

/// `bytes[start..start + len]`, ASCII letters and digits only and `len` ≤ 16, lower-cased and
/// packed little-endian into a `u128` (zero above `len`): one 16-byte load where the text has
/// room, instead of a copy of the word and a lower-casing pass. Setting bit 5 lower-cases an
/// ASCII letter and leaves a digit as it is.
fn pack_lowercase(bytes: &[u8], start: usize, len: usize) -> u128 {
    let mask = if len >= 16 { u128::MAX } else { (1u128 << (8 * len)) - 1 };
    let raw = match bytes[start..].first_chunk::<16>() {
        Some(window) => u128::from_le_bytes(*window),
        None => {
            let mut window = [0u8; 16];
            window[..len].copy_from_slice(&bytes[start..start + len]);
            u128::from_le_bytes(window)
        }
    };
    (raw | u128::from_le_bytes([0x20; 16])) & mask
}

impl TermSet {
    /// Adds the terms of `text`, and returns its number of words (runs of non-whitespace, as
    /// `str::split_whitespace` counts them), so the text is scanned once for both.
    pub fn add_text(&mut self, text: &str) -> usize {
        let bytes = text.as_bytes();
        let mut words = 0;
        let mut in_word = false;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            let (class, len) = match ASCII_CLASS[b as usize] {
                NON_ASCII => {
                    let c = char_at(text, i);
                    (classify(c), c.len_utf8())
                }
                class => (class, 1),
            };
            if class == SPACE {
                in_word = false;
                i += len;
                continue;
            }
            words += usize::from(!in_word);
            in_word = true;
            if class != ALPHANUMERIC {
                i += len;
                continue;
            }
            // A term: letters and digits, ASCII ones scanned by the table in a tight loop.
            let start = i;
            i += len;
            while i < bytes.len() && ASCII_CLASS[bytes[i] as usize] == ALPHANUMERIC {
                i += 1;
            }
            let mut ascii = len == 1;
            while i < bytes.len() && ASCII_CLASS[bytes[i] as usize] != SPACE {
                // Past the ASCII run: the term goes on while characters are letters or digits.
                let (class, len) = match ASCII_CLASS[bytes[i] as usize] {
                    NON_ASCII => {
                        let c = char_at(text, i);
                        (classify(c), c.len_utf8())
                    }
                    class => (class, 1),
                };
                if class != ALPHANUMERIC {
                    break;
                }
                ascii &= len == 1;
                i += len;
            }
            self.add_term(text, start, i, ascii);
        }
        words
    }

    /// Adds the term `text[start..end]`; `ascii` says it is all ASCII letters and digits.
    fn add_term(&mut self, text: &str, start: usize, end: usize, ascii: bool) {
        let word = &text[start..end];
        if !(if ascii { word.len() >= 2 } else { indexable(word) }) {
            return;
        }
        if self.table.capacity() == 0 {
            // A briefing has a few hundred distinct terms: skip the small sizes' rehashes.
            self.table.reserve(256, |_| 0);
        }
        if ascii && word.len() <= 16 {
            let short = pack_lowercase(text.as_bytes(), start, word.len());
            let hash = short_hash(short);
            if self.table.find(hash, |seen| seen.short == short).is_some() {
                return;
            }
            let start = self.push(word);
            self.arena[start..].make_ascii_lowercase();
            let arena = &self.arena;
            // A packed term is found by its bytes: it needs no span.
            self.table.insert_unique(
                hash,
                Seen {
                    short,
                    start: 0,
                    len: 0,
                },
                |seen| seen.rehash(arena),
            );
            return;
        }
        // Longer or non-ASCII: into the arena lower-cased, out again if it was seen before.
        let mark = self.arena.len();
        let start = if ascii {
            let start = self.push(word);
            self.arena[start..].make_ascii_lowercase();
            start
        } else {
            let lowered = word.to_lowercase();
            // A few characters lower-case to ASCII (the Kelvin sign to `k`): such a term must
            // meet its ASCII spelling where that is kept, among the packed terms.
            if lowered.is_ascii() && lowered.len() <= 16 {
                self.add_term(&lowered, 0, lowered.len(), true);
                return;
            }
            self.push(&lowered)
        };
        let arena = &self.arena;
        let new = &arena[start..];
        let hash = term_hash(new);
        let span = |seen: &Seen| &arena[seen.start as usize..(seen.start + seen.len) as usize];
        if self
            .table
            .find(hash, |seen| seen.short == 0 && span(seen) == new)
            .is_some()
        {
            self.arena.truncate(mark);
            return;
        }
        let (Ok(start), Ok(len)) = (u32::try_from(start), u32::try_from(new.len())) else {
            // A document of more than 4 GiB of terms: keep the term, unindexed by the table.
            return;
        };
        self.table
            .insert_unique(hash, Seen { short: 0, start, len }, |seen| seen.rehash(arena));
    }

    /// Appends a term to the arena (after a space), and returns where it starts.
    fn push(&mut self, term: &str) -> usize {
        if !self.arena.is_empty() {
            self.arena.push(' ');
        }
        let start = self.arena.len();
        self.arena.push_str(term);
        start
    }

    /// Empties the set, keeping its memory for the next document.
    pub fn clear(&mut self) {
        self.arena.clear();
        self.table.clear();
    }

    /// The distinct terms so far, in the order they first appear.
    pub fn terms(&self) -> impl Iterator<Item = &str> {
        self.arena.split_ascii_whitespace()
    }

    /// The distinct terms, in the order they first appear, separated by single spaces.
    pub fn into_joined(mut self) -> String {
        self.arena.shrink_to_fit();
        self.arena
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The searchable words of a text, simply: runs of letters and digits, lower-cased. The
    /// reference `TermSet`'s scanner is checked against.
    fn terms(text: &str) -> impl Iterator<Item = String> + '_ {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|word| indexable(word))
            .map(str::to_lowercase)
    }

    #[test]
    fn terms_are_lowercase_words() {
        let found: Vec<String> = terms("Putin's visit to Pyongyang, 2024: a pact! Путин 金").collect();
        assert_eq!(
            found,
            ["putin", "visit", "to", "pyongyang", "2024", "pact", "путин", "金"]
        );
    }

    /// The one-pass scanner must find exactly what `terms` and `split_whitespace` find.
    fn check_term_set(pieces: &[&str]) {
        let mut set = TermSet::default();
        let mut expected_terms: Vec<String> = Vec::new();
        for piece in pieces {
            assert_eq!(
                set.add_text(piece),
                piece.split_whitespace().count(),
                "words of {piece:?}"
            );
            for term in terms(piece) {
                if !expected_terms.contains(&term) {
                    expected_terms.push(term);
                }
            }
        }
        assert_eq!(set.into_joined(), expected_terms.join(" "));
    }

    #[test]
    fn term_set_dedups_in_first_appearance_order_and_counts_words() {
        check_term_set(&[
            "Putin met Kim; KIM met putin.",
            " Путин\u{a0}и Ким 金 正恩 ",
            "",
            "a b c",
            "x\u{b}y",
        ]);
        check_term_set(&["ΟΔΟΣ οδος", "déjà-vu DÉJÀ"]);
    }

    proptest::proptest! {
        #[test]
        fn term_set_agrees_with_terms(pieces in proptest::collection::vec("\\PC{0,40}", 0..6)) {
            let pieces: Vec<&str> = pieces.iter().map(String::as_str).collect();
            check_term_set(&pieces);
        }

        // Mostly ASCII words, short and long (packed and spanned terms), often repeated.
        #[test]
        fn term_set_agrees_with_terms_on_repeated_ascii_words(
            pieces in proptest::collection::vec("((ab|AB|x|[A-Za-z0-9]{2,24}|é[a-z]{0,3})[ ,.\\n]){0,16}", 0..6)
        ) {
            let pieces: Vec<&str> = pieces.iter().map(String::as_str).collect();
            check_term_set(&pieces);
        }

        // The 16-byte load reads past the word (and falls back at the end of the text): only
        // the word's bytes, lower-cased, may end up in the packed value.
        #[test]
        fn packing_reads_only_the_word(
            before in "[A-Za-z0-9 ]{0,20}", word in "[A-Za-z0-9]{1,16}", after in "[A-Za-z0-9 ]{0,20}"
        ) {
            let text = format!("{before}{word}{after}");
            let mut expected = [0u8; 16];
            expected[..word.len()].copy_from_slice(word.to_ascii_lowercase().as_bytes());
            proptest::prop_assert_eq!(
                pack_lowercase(text.as_bytes(), before.len(), word.len()),
                u128::from_le_bytes(expected)
            );
        }
    }

    /// Regression (review): a word that lower-cases to ASCII is the same term as its ASCII spelling.
    #[test]
    fn a_term_that_lower_cases_to_ascii_is_kept_once() {
        check_term_set(&["km \u{212A}m KM"]);
        let mut set = TermSet::default();
        set.add_text("km \u{212A}m");
        assert_eq!(set.into_joined(), "km");
    }
}
