//! Search terms: the distinct words of a text, lower-cased, collected while the text streams by
//! (`TermSet`). Markdown rendering fills one per article; the search index (`publish::search`)
//! is built from them.

/// The longest term the index keeps, in characters: a longer word (a run of letters with no
/// space, a pasted hash, a 5 MB line of one word) is indexed as its first 64 characters, which
/// keeps the index small and the word findable by what a reader types. `search.js` has the same
/// figure (`MAX_TERM`).
pub const MAX_TERM_CHARS: usize = 64;

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

/// A lower-cased word with its Latin letters' accents taken off (`pyŏngyang` → `pyongyang`,
/// `lâm` → `lam`), so that a reader who types the plain letters finds it: each letter of the
/// Latin blocks (U+00C0–U+024F, U+1E00–U+1EFF) becomes the first character of its canonical
/// decomposition (NFD). Letters with none (`ø`, `æ`, `ß`) and other scripts (`й`, Hangul) stay.
/// `search.js` folds queries and the texts it marks the same way (`fold`).
pub fn fold_latin(word: String) -> String {
    let latin = |c: char| matches!(c, '\u{C0}'..='\u{24F}' | '\u{1E00}'..='\u{1EFF}');
    if !word.chars().any(latin) {
        return word;
    }
    let nfd = icu_normalizer::DecomposingNormalizerBorrowed::new_nfd();
    let mut buffer = [0u8; 4];
    word.chars()
        .map(|c| match latin(c) {
            true => nfd.normalize(c.encode_utf8(&mut buffer)).chars().next().unwrap_or(c),
            false => c,
        })
        .collect()
}

/// A lower-cased word with the full-width forms of ASCII as ASCII (`ａｂｃ` → `abc`, `１２３` →
/// `123`) and half-width katakana as katakana (`ﾌﾟｰﾁﾝ` → `プーチン`), as Japanese and Chinese
/// keyboards type either (session 34's Japanese desk probe: `ABC` did not find `ＡＢＣ放送`).
/// `search.js` folds queries the same way (`words`).
pub fn fold_width(word: String) -> String {
    if !word.chars().any(|c| ('\u{FF01}'..='\u{FF9F}').contains(&c)) {
        return word;
    }
    let ascii: String = word
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .collect();
    if !ascii.chars().any(|c| ('\u{FF61}'..='\u{FF9F}').contains(&c)) {
        return ascii;
    }
    icu_normalizer::ComposingNormalizerBorrowed::new_nfkc()
        .normalize(&ascii)
        .into_owned()
}

/// Arabic as a reader types it: without its short vowels and other marks (U+064B–U+065F, U+0670)
/// and the stretching tatweel (U+0640), an alef with a hamza or madda as a bare alef, alef maqsura
/// as yeh, teh marbuta as heh, and Arabic-Indic digits as 0–9 (`النِّفْط` → `النفط`, `الإمارات` →
/// `الامارات`, `هدنة` → `هدنه`, `٧٠٠` → `700`): Arabic keyboards are mostly typed without the
/// hamza's seat. `search.js` folds a query's words the same way (`words`, and `fold` for the
/// letters it maps one to one).
pub fn fold_arabic(word: String) -> String {
    if !word.chars().any(|c| ('\u{600}'..='\u{6FF}').contains(&c)) {
        return word;
    }
    word.chars()
        .filter_map(|c| match c {
            '\u{64B}'..='\u{65F}' | '\u{670}' | '\u{640}' => None,
            'آ' | 'أ' | 'إ' | 'ٱ' => Some('ا'),
            'ى' => Some('ي'),
            'ة' => Some('ه'),
            '\u{660}'..='\u{669}' => char::from_digit(c as u32 - 0x660, 10),
            '\u{6F0}'..='\u{6F9}' => char::from_digit(c as u32 - 0x6F0, 10),
            c => Some(c),
        })
        .collect()
}

/// Whether a term has Arabic letters (U+0621–U+064A), which search keys by `arabic_stem`.
fn has_arabic_letters(term: &str) -> bool {
    term.chars().any(|c| ('\u{621}'..='\u{64A}').contains(&c))
}

/// A folded Arabic word's light stem: without a leading article (`ال`, with `ب`, `ك` or `ف`
/// before it, or `لل`; any of them after the conjunction `و`) when two letters stay, else without
/// a leading `و` when three stay; then without each of the endings `ها`, `ان`, `ات`, `ون`, `ين`, `يه`,
/// `ه`, `ي` in turn, each when two letters stay (`والمفاوضات`, `مفاوضات`, `المفاوضات` → `مفاوض`;
/// `للنفط`, `والنفط` → `نفط`; `لاجئون`, `اللاجئين` → `لاجئ`). Arabic attaches conjunctions,
/// prepositions and the article to a word, so a reader's word rarely has the site's spelling; and
/// `search.js` must make the same key of a query's word without a stemmer (`arabic`), which this
/// is small enough for (Snowball's Arabic stemmer is not).
pub fn arabic_stem(word: &str) -> &str {
    let letters = |s: &str| s.chars().count();
    let after_waw = word.strip_prefix('و').unwrap_or(word);
    let article = ["بال", "كال", "فال", "ال", "لل"]
        .iter()
        .find_map(|article| after_waw.strip_prefix(article));
    let mut stem = match (article, word.strip_prefix('و')) {
        (Some(rest), _) if letters(rest) >= 2 => rest,
        (_, Some(rest)) if letters(rest) >= 3 => rest,
        _ => word,
    };
    for ending in ["ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي"] {
        if let Some(rest) = stem.strip_suffix(ending)
            && letters(rest) >= 2
        {
            stem = rest;
        }
    }
    stem
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
    /// How often each term occurred, by its ordinal (the order it first appeared in).
    counts: Vec<u32>,
    /// The words with CJK characters and how many of those characters they have: reading time
    /// counts characters for text written without spaces between words.
    cjk_words: usize,
    cjk_chars: usize,
    /// Whether it notes `pairs` (`with_pairs`).
    record_pairs: bool,
    /// Each term's `word_hash`, by ordinal (when it notes pairs).
    hashes: Vec<u32>,
    /// The `word_hash` of the last term added, which the next one follows.
    previous: Option<u32>,
    /// Each term's `word_hash` without a Korean particle (`협정에` → `협정`, `particle_stem`), by
    /// ordinal, when it has one; and the previous term's.
    stripped: Vec<Option<u32>>,
    previous_stripped: Option<u32>,
    /// The `pair_bucket`s of neighbouring terms, in order.
    pairs: Vec<u32>,
}

/// How many bits a `pair_bucket` has: about a million buckets, so that two pairs of words rarely
/// share one on a site of ten thousand briefings.
pub const PAIR_BITS: u32 = 20;

/// FNV-1a of a lower-cased term's UTF-8 bytes: the hash `search.js` computes for a query's words.
pub fn word_hash(term: &str) -> u32 {
    term.bytes()
        .fold(0x811c_9dc5_u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193))
}

/// The bucket (`PAIR_BITS` bits) of the pair of terms hashed `first` and `second`, one right
/// after the other in a text (words too short to index between them do not count). The phrase
/// index keys documents by these; `search.js` computes the same with `Math.imul`.
pub fn pair_bucket(first: u32, second: u32) -> u32 {
    (first.wrapping_mul(0x9e37_79b1) ^ second).wrapping_mul(0x85eb_ca6b) >> (32 - PAIR_BITS)
}

/// `pair_bucket`s packed two to five bytes (`PAIR_BITS` bits each). A body's pairs are kept from
/// its parse until the search index reads them, through the build's peak of memory: packed, they
/// take 5/8 of the room of `u32`s.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PackedPairs {
    bytes: Box<[u8]>,
    len: usize,
}

// Two buckets fill five bytes exactly.
const _: () = assert!(PAIR_BITS == 20);
const BUCKET_MASK: u64 = (1 << PAIR_BITS) - 1;

impl PackedPairs {
    /// Packs `buckets` (each below `2^PAIR_BITS`, as `pair_bucket` makes them), in order.
    pub fn new(buckets: &[u32]) -> PackedPairs {
        let mut bytes = Vec::with_capacity(buckets.len().div_ceil(2) * 5);
        for two in buckets.chunks(2) {
            let first = u64::from(two[0]) & BUCKET_MASK;
            let second = two.get(1).map_or(0, |&b| u64::from(b) & BUCKET_MASK);
            let word = (first | second << PAIR_BITS).to_le_bytes();
            bytes.extend_from_slice(&word[..5]);
        }
        PackedPairs {
            bytes: bytes.into(),
            len: buckets.len(),
        }
    }

    /// How many buckets it holds.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether it holds none (a body without two indexable words in a row, or a site without the
    /// phrase index).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Hands `f` the buckets, in order: a loop over whole five-byte words. The search index runs
    /// it over every pair of the site three times; an iterator instead (`flat_map` and `take`,
    /// their `next` at every bucket) cost the 10k build 0.7 G more instructions.
    pub fn for_each(&self, mut f: impl FnMut(u32)) {
        let word = |five: &[u8]| {
            let mut word = [0u8; 8];
            word[..5].copy_from_slice(five);
            u64::from_le_bytes(word)
        };
        let mut words = self.bytes.chunks_exact(5);
        for five in words.by_ref().take(self.len / 2) {
            let word = word(five);
            f((word & BUCKET_MASK) as u32);
            f((word >> PAIR_BITS & BUCKET_MASK) as u32);
        }
        // An odd count: the last word holds one bucket.
        if self.len % 2 == 1
            && let Some(five) = words.next()
        {
            f((word(five) & BUCKET_MASK) as u32);
        }
    }
}

/// A term in the table: `short` is its bytes packed (for ASCII terms of up to 16 bytes, never 0),
/// else 0 and the term is `arena[start..start + len]`.
#[derive(Clone, Copy)]
struct Seen {
    short: u128,
    start: u32,
    len: u32,
    ordinal: u32,
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

/// Where initials with their dots that start at `start` end (`U.S.` and `e.g.`: two or more
/// ASCII letters, each followed by a dot), when they do; `None` for a letter alone (`a.`).
fn initials_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut at = start;
    // Each a letter alone: the one before it is a dot, or it starts the term.
    while bytes.get(at).is_some_and(u8::is_ascii_alphabetic) && bytes.get(at + 1) == Some(&b'.') {
        at += 2;
    }
    (at >= start + 4).then_some(at)
}

/// Whether the character at byte `i` (whose first byte is `b`) ends a sentence or a clause, so
/// that no phrase goes on across it: `. ! ? ; :` and their full-width forms (`。`). `search.js`
/// splits a quoted phrase at the same characters.
fn ends_a_sentence(b: u8, text: &str, i: usize) -> bool {
    match b {
        b'.' | b'!' | b'?' | b';' | b':' => true,
        _ if b >= 0x80 => matches!(char_at(text, i), '。' | '！' | '？' | '；' | '：'),
        _ => false,
    }
}

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
    /// An empty set that also notes the pairs of neighbouring terms (`pairs`), or not.
    pub fn with_pairs(record_pairs: bool) -> Self {
        TermSet {
            record_pairs,
            ..TermSet::default()
        }
    }

    /// Adds the terms of `text`, and returns its number of words (runs of non-whitespace, as
    /// `str::split_whitespace` counts them), so the text is scanned once for both.
    pub fn add_text(&mut self, text: &str) -> usize {
        let bytes = text.as_bytes();
        let mut words = 0;
        let mut in_word = false;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            // CJK characters are counted as they are decoded (reading time counts them).
            let mut cjk = 0;
            let (class, len) = match ASCII_CLASS[b as usize] {
                NON_ASCII => {
                    let c = char_at(text, i);
                    cjk += usize::from(is_cjk(c));
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
                if ends_a_sentence(b, text, i) {
                    self.break_phrase();
                }
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
                let (class, len, is_cjk) = match ASCII_CLASS[bytes[i] as usize] {
                    NON_ASCII => {
                        let c = char_at(text, i);
                        (classify(c), c.len_utf8(), is_cjk(c))
                    }
                    class => (class, 1, false),
                };
                if class != ALPHANUMERIC {
                    break;
                }
                cjk += usize::from(is_cjk);
                ascii &= len == 1;
                i += len;
            }
            if cjk > 0 {
                self.cjk_words += 1;
                self.cjk_chars += cjk;
            }
            // Initials with their dots (`U.S.`, `U.N.`) are one term, `us`, `un`: as the site may
            // write `US`, and a reader may type either.
            if i == start + 1
                && let Some(end) = initials_end(bytes, start)
            {
                let joined: String = text[start..end].chars().filter(|&c| c != '.').collect();
                self.add_term(&joined, 0, joined.len(), true);
                i = end;
                continue;
            }
            self.add_term(text, start, i, ascii);
        }
        words
    }

    /// How many of the words counted so far have CJK characters, and how many such characters
    /// they have (`(0, 0)` for text with none).
    pub fn cjk(&self) -> (usize, usize) {
        (self.cjk_words, self.cjk_chars)
    }

    /// Adds the term `text[start..end]`; `ascii` says it is all ASCII letters and digits. A
    /// term longer than `MAX_TERM_CHARS` is kept as its first `MAX_TERM_CHARS` characters (once
    /// lower-cased), as `search.js` cuts a query's words.
    fn add_term(&mut self, text: &str, start: usize, end: usize, ascii: bool) {
        let end = if ascii { end.min(start + MAX_TERM_CHARS) } else { end };
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
            if let Some(seen) = self.table.find(hash, |seen| seen.short == short) {
                let ordinal = seen.ordinal as usize;
                self.counts[ordinal] += 1;
                self.follow(ordinal);
                return;
            }
            let ordinal = self.next_ordinal();
            let start = self.push(word);
            self.arena[start..].make_ascii_lowercase();
            self.note_new(start, ordinal as usize);
            let arena = &self.arena;
            // A packed term is found by its bytes: it needs no span.
            self.table.insert_unique(
                hash,
                Seen {
                    short,
                    start: 0,
                    len: 0,
                    ordinal,
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
            let mut lowered = fold_arabic(fold_latin(fold_width(word.to_lowercase())));
            if let Some((cut, _)) = lowered.char_indices().nth(MAX_TERM_CHARS) {
                lowered.truncate(cut);
            }
            // A word of marks, or of a letter and its vowel, is no word once they are folded.
            if !indexable(&lowered) {
                return;
            }
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
        if let Some(seen) = self.table.find(hash, |seen| seen.short == 0 && span(seen) == new) {
            let ordinal = seen.ordinal as usize;
            self.counts[ordinal] += 1;
            self.arena.truncate(mark);
            self.follow(ordinal);
            return;
        }
        let ordinal = self.next_ordinal();
        self.note_new(start, ordinal as usize);
        let arena = &self.arena;
        let (Ok(start), Ok(len)) = (u32::try_from(start), u32::try_from(arena.len() - start)) else {
            // A document of more than 4 GiB of terms: keep the term, unindexed by the table.
            return;
        };
        let seen = Seen {
            short: 0,
            start,
            len,
            ordinal,
        };
        self.table.insert_unique(hash, seen, |seen| seen.rehash(arena));
    }

    /// A new term, `arena[start..]`, numbered `ordinal`: hashed, and noted after the previous.
    fn note_new(&mut self, start: usize, ordinal: usize) {
        if self.record_pairs {
            self.hashes.push(word_hash(&self.arena[start..]));
            self.stripped.push(particle_stem(&self.arena[start..]).map(word_hash));
            self.follow(ordinal);
        }
    }

    /// Notes that the term numbered `ordinal` follows the previous one: their pair's bucket. A
    /// pair met again is noted again: the index posts a document once under each bucket
    /// (`publish::search`), and a set here cost more than the repeats.
    fn follow(&mut self, ordinal: usize) {
        // `hashes` is filled only by a set that notes pairs.
        let Some(&hash) = self.hashes.get(ordinal) else {
            return;
        };
        // A Korean word's particle is no part of a phrase (`"동반자 협정"` in `동반자 협정에`):
        // its pairs are noted without it too.
        let stripped = self.stripped.get(ordinal).copied().flatten();
        if let Some(previous) = self.previous.replace(hash) {
            self.pairs.push(pair_bucket(previous, hash));
            // Only when a word has a particle (some Korean pairs; the test spares every other
            // pair the loops).
            if stripped.is_some() || self.previous_stripped.is_some() {
                let firsts = [Some(previous), self.previous_stripped];
                let seconds = [Some(hash), stripped];
                for (i, first) in firsts.into_iter().enumerate() {
                    for (j, second) in seconds.into_iter().enumerate() {
                        if let (true, Some(first), Some(second)) = (i + j > 0, first, second) {
                            self.pairs.push(pair_bucket(first, second));
                        }
                    }
                }
            }
        }
        self.previous_stripped = stripped;
    }

    /// The next term follows none: no phrase goes on across a sentence's end or a block's
    /// (a heading and the paragraph under it).
    pub fn break_phrase(&mut self) {
        self.previous = None;
        self.previous_stripped = None;
    }

    /// The `pair_bucket`s of the neighbouring terms added so far, in order (repeats included).
    pub fn pairs(&self) -> &[u32] {
        &self.pairs
    }

    /// The ordinal of a new term, whose count starts at one.
    fn next_ordinal(&mut self) -> u32 {
        self.counts.push(1);
        (self.counts.len() - 1) as u32
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
        self.counts.clear();
        (self.cjk_words, self.cjk_chars) = (0, 0);
        self.hashes.clear();
        self.stripped.clear();
        self.previous_stripped = None;
        self.previous = None;
        self.pairs.clear();
    }

    /// The distinct terms so far, in the order they first appear.
    pub fn terms(&self) -> impl Iterator<Item = &str> {
        self.arena.split_ascii_whitespace()
    }

    /// The distinct terms with how often each occurred, in the order they first appear.
    pub fn counted(&self) -> impl Iterator<Item = (&str, u32)> {
        self.terms().zip(self.counts.iter().copied())
    }

    /// The distinct terms, in the order they first appear, separated by single spaces; a term
    /// that occurred more than once carries its count (at most 99) after a colon (`oil:3`), which
    /// `counted_terms` reads back. Terms are letters and digits, so the colon is unambiguous.
    pub fn into_joined(mut self) -> String {
        if self.counts.iter().all(|&count| count == 1) {
            self.arena.shrink_to_fit();
            return self.arena;
        }
        // The exact length, so that the string is allocated once and holds no spare room: the
        // terms are kept until the index reads them, through the build's peak of memory.
        let marks: usize = self.counts.iter().map(|&count| count_mark(count).1).sum();
        let length = self.arena.len() + marks;
        let mut joined = String::with_capacity(length);
        for (term, count) in self.counted() {
            if !joined.is_empty() {
                joined.push(' ');
            }
            joined.push_str(term);
            let (mark, len) = count_mark(count);
            joined.extend(mark[..len].iter().map(|&b| char::from(b)));
        }
        debug_assert_eq!(joined.len(), length);
        joined
    }
}

/// What a term's count adds after it in `TermSet::into_joined`, and its length: nothing for one,
/// else a colon and the count (at most 99). Digits by hand: `write!` was a visible share of the
/// parse stage at 10k.
fn count_mark(count: u32) -> ([u8; 3], usize) {
    match count.min(99) {
        0 | 1 => ([0; 3], 0),
        n @ 2..=9 => ([b':', b'0' + n as u8, 0], 2),
        n => ([b':', b'0' + (n / 10) as u8, b'0' + (n % 10) as u8], 3),
    }
}

/// The terms of a string `TermSet::into_joined` made, with their counts, read in one pass.
pub fn counted_terms(joined: &str) -> impl Iterator<Item = (&str, u32)> {
    let bytes = joined.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while bytes.get(i) == Some(&b' ') {
            i += 1;
        }
        let start = i;
        while i < bytes.len() && bytes[i] != b' ' && bytes[i] != b':' {
            i += 1;
        }
        if start == i {
            return None;
        }
        let term = &joined[start..i];
        let mut count = 0u32;
        if bytes.get(i) == Some(&b':') {
            i += 1;
            while let Some(digit) = bytes.get(i).filter(|b| b.is_ascii_digit()) {
                count = count.saturating_mul(10).saturating_add(u32::from(digit - b'0'));
                i += 1;
            }
        }
        Some((term, count.max(1)))
    })
}

/// Whether a character is written without spaces between words, or (Hangul) with particles
/// attached to them, so that search indexes it by pairs of characters (bigrams): Han, Hiragana,
/// Katakana and Hangul.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x2E80..=0x2FDF | 0x3040..=0x30FF | 0x3130..=0x318F | 0x31F0..=0x31FF
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xA960..=0xA97F | 0xAC00..=0xD7FF | 0xF900..=0xFAFF
        | 0xFF66..=0xFF9F | 0x20000..=0x3FFFF)
}

/// Whether a character is Hangul (syllables or jamo, the `is_cjk` ranges of Korean), which
/// Korean writes in words between spaces, unlike Han and kana.
pub fn is_hangul(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x11FF | 0x3130..=0x318F | 0xA960..=0xA97F | 0xAC00..=0xD7FF)
}

/// A Korean word without its particle (`협정에` → `협정`, `북한과` → `북한`): a word of three
/// Hangul syllables or more whose last is one of the particles `search.js` knows (`PARTICLE`).
pub fn particle_stem(term: &str) -> Option<&str> {
    const PARTICLES: &str = "을를이가은는의과와에도로";
    let last = term.chars().next_back()?;
    let hangul = |c: char| ('\u{AC00}'..='\u{D7A3}').contains(&c);
    // Every new term of every article comes here: most end in a Latin letter, so the cheap test
    // goes first.
    (hangul(last) && PARTICLES.contains(last) && term.chars().count() >= 3 && term.chars().all(hangul))
        .then(|| &term[..term.len() - last.len_utf8()])
}

/// The index keys of one lower-cased term, handed to `key` one at a time: each run of CJK
/// characters as its bigrams (a lone character as itself), each other run as its stem, and a
/// number with the CJK character after it (`7월`, `2000년`), so that July is not every month.
/// `search.js` splits a query the same way, and looks the stems up by the surface words the
/// index lists beside them, so the browser needs no stemmer.
pub fn index_keys(term: &str, stemmer: Option<&rust_stemmers::Stemmer>, key: &mut dyn FnMut(&str)) {
    if !term.chars().any(is_cjk) {
        match stemmer {
            _ if has_arabic_letters(term) => key(arabic_stem(term)),
            Some(stemmer) => key(&stemmer.stem(term)),
            None => key(term),
        }
        return;
    }
    let mut rest = term;
    let mut number = "";
    while let Some(c) = rest.chars().next() {
        let cjk = is_cjk(c);
        let end = rest.find(|c: char| is_cjk(c) != cjk).unwrap_or(rest.len());
        let (run, after) = rest.split_at(end);
        rest = after;
        if !cjk {
            if run.chars().nth(1).is_some() {
                index_keys(run, stemmer, key);
            }
            number = if run.chars().all(char::is_numeric) { run } else { "" };
            continue;
        }
        if !number.is_empty() {
            key(&format!("{number}{c}"));
        }
        let starts: Vec<usize> = run.char_indices().map(|(i, _)| i).chain([run.len()]).collect();
        if starts.len() == 2 {
            key(run);
        }
        for pair in starts.windows(3) {
            key(&run[pair[0]..pair[2]]);
        }
    }
}

/// The Snowball stemmer for a site's language (its BCP 47 tag's primary subtag), if there is one.
/// Not Arabic's: Arabic words, in a site of any language, are keyed by `arabic_stem`.
pub fn stemmer_for(language: &str) -> Option<rust_stemmers::Stemmer> {
    use rust_stemmers::Algorithm::*;
    let primary = language.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
    let algorithm = match primary.as_str() {
        "da" => Danish,
        "nl" => Dutch,
        "en" => English,
        "fi" => Finnish,
        "fr" => French,
        "de" => German,
        "el" => Greek,
        "hu" => Hungarian,
        "it" => Italian,
        "no" | "nb" | "nn" => Norwegian,
        "pt" => Portuguese,
        "ro" => Romanian,
        "ru" => Russian,
        "es" => Spanish,
        "sv" => Swedish,
        "ta" => Tamil,
        "tr" => Turkish,
        _ => return None,
    };
    Some(rust_stemmers::Stemmer::create(algorithm))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The searchable words of a text, simply: runs of letters and digits, lower-cased. The
    /// reference `TermSet`'s scanner is checked against.
    fn terms(text: &str) -> impl Iterator<Item = String> + '_ {
        let mut words: Vec<String> = Vec::new();
        // Initials (`U.S.`): ASCII letters alone, each followed by a dot, two or more joined.
        let mut initials = String::new();
        let mut rest = text;
        loop {
            let end = rest.find(|c: char| !c.is_alphanumeric()).unwrap_or(rest.len());
            let (word, after) = rest.split_at(end);
            let separator = after.chars().next();
            if word.len() == 1 && word.as_bytes()[0].is_ascii_alphabetic() && separator == Some('.') {
                initials.push_str(word);
            } else {
                if initials.len() >= 2 {
                    words.push(std::mem::take(&mut initials));
                }
                initials.clear();
                words.push(word.to_string());
            }
            match separator {
                Some(c) => rest = &after[c.len_utf8()..],
                None => break,
            }
        }
        if initials.len() >= 2 {
            words.push(initials);
        }
        words
            .into_iter()
            .filter(|word| indexable(word))
            .map(|word| fold_arabic(fold_latin(fold_width(word.to_lowercase()))))
            .filter(|word| indexable(word))
    }

    /// Regression: a Korean phrase as a reader types it (`"동반자 협정"`) found nothing where the
    /// text adds a particle (`동반자 협정에`): the pairs are noted without it too.
    #[test]
    fn korean_pairs_are_noted_without_a_particle_too() {
        assert_eq!(particle_stem("협정에"), Some("협정"));
        assert_eq!(particle_stem("북한과"), Some("북한"));
        assert_eq!(particle_stem("조약"), None, "no particle");
        assert_eq!(particle_stem("의도"), None, "two syllables stay");
        assert_eq!(particle_stem("oil"), None);
        let mut set = TermSet::with_pairs(true);
        set.add_text("동반자 협정에 서명");
        let pair = |a: &str, b: &str| pair_bucket(word_hash(a), word_hash(b));
        assert_eq!(
            set.pairs(),
            [
                pair("동반자", "협정에"),
                pair("동반자", "협정"),
                pair("협정에", "서명"),
                pair("협정", "서명")
            ]
        );
    }

    /// Regression: `Pyŏngyang` and `Tô Lâm` were found only by a query typed with the accents.
    #[test]
    fn latin_letters_lose_their_accents_and_other_scripts_keep_theirs() {
        let found: Vec<String> = terms("Pyŏngyang Tô Lâm ĀÉÎÕÜ Ǖ Nguyễn øre Straße й 한국 ça").collect();
        assert_eq!(
            found,
            [
                "pyongyang",
                "to",
                "lam",
                "aeiou",
                "nguyen",
                "øre",
                "strasse",
                "한국",
                "ca"
            ]
            .map(|w| if w == "strasse" {
                "straße".to_string()
            } else {
                w.to_string()
            })
        );
        let mut set = TermSet::default();
        set.add_text("Pyŏngyang pyongyang PYŎNGYANG");
        assert_eq!(set.counted().collect::<Vec<_>>(), [("pyongyang", 3)]);
    }

    #[test]
    fn terms_are_lowercase_words() {
        let found: Vec<String> = terms("Putin's visit to Pyongyang, 2024: a pact! Путин 金").collect();
        assert_eq!(
            found,
            ["putin", "visit", "to", "pyongyang", "2024", "pact", "путин", "金"]
        );
    }

    /// Regression (search probe): `U.S.` and `U.N.` were found by nothing (their letters alone
    /// are not terms), though readers type them so, and briefings write them so or as `US`: the
    /// initials are one term.
    #[test]
    fn initials_with_their_dots_are_one_term() {
        let mut set = TermSet::default();
        assert_eq!(
            set.add_text("The U.S. and the U.N. (e.g. U.S.A) U.Sa 9 a. 1.2. x.U.S."),
            12
        );
        let found: Vec<&str> = set.terms().collect();
        assert_eq!(found, ["the", "us", "and", "un", "eg", "sa", "xus"]);
        check_term_set(&["The U.S. and the U.N. (e.g. U.S.A) U.Sa 9 a. 1.2. x.U.S. U..S. É.U."]);
    }

    /// Regression (search probe): a quoted phrase was found across a sentence's end
    /// (`"sanctions that"` in "sanctions. That", `"foreign minister"` in "foreign. Minister"):
    /// no pair is noted across `. ! ? ; :` (nor across initials' own dots' end: `U.S. envoy`
    /// is a pair).
    #[test]
    fn no_pair_goes_across_a_sentences_end() {
        let pair = |a: &str, b: &str| pair_bucket(word_hash(a), word_hash(b));
        let mut set = TermSet::with_pairs(true);
        set.add_text("Sanctions. That; foreign: minister? Yes! Bien。好的 the U.S. envoy");
        let pairs = set.pairs().to_vec();
        for (a, b) in [
            ("sanctions", "that"),
            ("that", "foreign"),
            ("foreign", "minister"),
            ("minister", "yes"),
        ] {
            assert!(!pairs.contains(&pair(a, b)), "{a} {b}");
        }
        assert!(pairs.contains(&pair("the", "us")) && pairs.contains(&pair("us", "envoy")));
        set.clear();
        set.add_text("sanctions that");
        assert_eq!(set.pairs(), [pair("sanctions", "that")]);
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
        let joined: Vec<&str> = set.terms().collect();
        assert_eq!(joined.join(" "), expected_terms.join(" "));
        let counted: Vec<(String, u32)> = counted_terms(&set.into_joined())
            .map(|(t, c)| (t.to_string(), c))
            .collect();
        let all: Vec<String> = pieces.iter().flat_map(|p| terms(p)).collect();
        let expected_counts: Vec<(String, u32)> = expected_terms
            .iter()
            .map(|t| (t.clone(), all.iter().filter(|a| *a == t).count().min(99) as u32))
            .collect();
        assert_eq!(counted, expected_counts);
    }

    #[test]
    fn pairs_are_neighbouring_indexed_words_in_order() {
        let mut set = TermSet::with_pairs(true);
        // "a" is too short to index: "tanker" and "oil" are neighbours across it; text added
        // later goes on from the last word.
        set.add_text("Oil tanker, a OIL tanker");
        set.add_text("seized");
        let pair = |a: &str, b: &str| pair_bucket(word_hash(a), word_hash(b));
        assert_eq!(
            set.pairs(),
            [
                pair("oil", "tanker"),
                pair("tanker", "oil"),
                pair("oil", "tanker"),
                pair("tanker", "seized")
            ]
        );
        set.clear();
        assert!(set.pairs().is_empty());
        // search.js computes the same buckets: these checked against an independent FNV-1a.
        assert_eq!(word_hash("nuclear"), 0x722e_8b21);
        assert_eq!(pair("nuclear", "submarine"), 446_230);
        // A long term and a non-ASCII one are hashed as their lower-cased spelling too (without
        // a Latin letter's accents, as `fold_latin` keeps it).
        set.add_text("Counterintelligence-Überwachung");
        assert_eq!(set.pairs(), [pair("counterintelligence", "uberwachung")]);
        // A set that does not note pairs has none.
        let mut plain = TermSet::default();
        plain.add_text("oil tanker seized");
        assert!(plain.pairs().is_empty());
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
        assert_eq!(set.into_joined(), "km:2");
    }

    fn keys(term: &str, language: &str) -> Vec<String> {
        let stemmer = stemmer_for(language);
        let mut found = Vec::new();
        index_keys(term, stemmer.as_ref(), &mut |k| found.push(k.to_string()));
        found
    }

    #[test]
    fn words_are_stemmed_in_the_site_language_and_cjk_split_into_bigrams() {
        assert_eq!(keys("sanctions", "en"), ["sanction"]);
        assert_eq!(keys("sanctioned", "en-GB"), ["sanction"]);
        assert_eq!(keys("sanctions", "xx"), ["sanctions"]);
        assert_eq!(keys("북한은", "en"), ["북한", "한은"]);
        assert_eq!(keys("金", "en"), ["金"]);
        assert_eq!(keys("核実験", "ja"), ["核実", "実験"]);
        assert_eq!(keys("abc漢字", "en"), ["abc", "漢字"]);
    }

    /// Regression (session 33's Arabic desk probe): Arabic keys were Snowball's stems, which
    /// `search.js` cannot make of a query, so a word found only the site's own spellings
    /// (`مفاوضات` missed `والمفاوضات`, `للنفط` found nothing); and the hamza's seat, teh
    /// marbuta, vowel marks, tatweel and Arabic-Indic digits had to be typed as the site wrote
    /// them. Every form below meets the others' key, in a site of any language.
    #[test]
    fn arabic_words_are_folded_and_keyed_by_their_light_stem() {
        let key = |word: &str, language: &str| {
            let mut set = TermSet::default();
            set.add_text(word);
            let joined = set.into_joined();
            let (term, _) = counted_terms(&joined).next().expect("one term");
            keys(term, language)
        };
        for (forms, stem) in [
            (
                &["مفاوضات", "المفاوضات", "والمفاوضات", "ومفاوضات", "مفاوضاتها"][..],
                "مفاوض",
            ),
            (
                &[
                    "نفط",
                    "النفط",
                    "والنفط",
                    "للنفط",
                    "بالنفط",
                    "وبالنفط",
                    "فالنفط",
                    "النِّفْط",
                    "نفــط",
                ][..],
                "نفط",
            ),
            (&["لاجئون", "اللاجئين", "لاجئ"][..], "لاجئ"),
            (&["أوبك", "اوبك"][..], "اوبك"),
            (&["الإمارات", "الامارات"][..], "امار"),
            (&["هدنة", "هدنه", "الهدنة"][..], "هدن"),
            (&["سياسية", "سياسي", "السياسة"][..], "سياس"),
        ] {
            for form in forms {
                for language in ["ar", "en"] {
                    assert_eq!(key(form, language), [stem], "{form} in {language}");
                }
            }
        }
        // Two letters always stay: the article and endings of a short word are its letters.
        assert_eq!(arabic_stem("الد"), "الد");
        assert_eq!(arabic_stem("والد"), "الد");
        assert_eq!(arabic_stem("في"), "في");
        assert_eq!(arabic_stem("وها"), "وها");
        // Arabic-Indic digits are the digits; a lone letter with its vowel is no term.
        assert_eq!(key("٧٠٠", "ar"), ["700"]);
        let mut set = TermSet::default();
        set.add_text("وَ بِ كتاب");
        assert_eq!(set.into_joined(), "كتاب");
    }

    /// Regression: `7월` was the key `월` alone (one digit is no word), so July found every month.
    #[test]
    fn a_number_is_also_keyed_with_the_cjk_character_after_it() {
        assert_eq!(keys("7월에", "ko"), ["7월", "월에"]);
        assert_eq!(keys("2000년", "ko"), ["2000", "2000년", "년"]);
        assert_eq!(keys("7月", "ja"), ["7月", "月"]);
        assert_eq!(keys("abc漢字", "en"), ["abc", "漢字"]);
    }

    #[test]
    fn packed_pairs_read_back_as_they_were_given() {
        for buckets in [
            vec![],
            vec![7],
            vec![5, 0xF_FFFF],
            vec![0xF_FFFF, 0, 1],
            (0..1001).map(|n| n * 1047 % (1 << PAIR_BITS)).collect(),
            (0..1000).map(|n| n * 2039 % (1 << PAIR_BITS)).collect(),
        ] {
            let packed = PackedPairs::new(&buckets);
            assert_eq!(packed.len(), buckets.len());
            let mut read = Vec::new();
            packed.for_each(|bucket| read.push(bucket));
            assert_eq!(read, buckets);
            assert_eq!(packed.bytes.len(), buckets.len().div_ceil(2) * 5);
        }
    }

    /// Regression: the joined terms were reserved one byte a term for the counts, so a text
    /// whose terms repeat (`oil:12` takes three) outgrew the string, which doubled and kept the
    /// spare room until the index read it.
    #[test]
    fn joined_terms_hold_no_spare_room() {
        let mut set = TermSet::default();
        let text = "oil gas grain ".repeat(12) + "tanker port " + &"sanctions ".repeat(3);
        set.add_text(&text);
        let joined = set.into_joined();
        assert_eq!(joined, "oil:12 gas:12 grain:12 tanker port sanctions:3");
        assert!(
            joined.capacity() - joined.len() < 8,
            "{} bytes for {}",
            joined.capacity(),
            joined.len()
        );
    }
}
