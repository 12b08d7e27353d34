//! Slugs: lower-case ASCII URL segments made from any text, transliterating non-Latin scripts.

/// Turns text into a slug: lower-case ASCII letters, digits and single hyphens.
///
/// Non-Latin text is transliterated (`Путин` → `putin`). Text that leaves nothing behind (`🚀`)
/// gets a stable fallback made from a hash of the text, so it is never empty.
pub fn slugify(text: &str) -> String {
    // Only letters and digits are transliterated; symbols and emoji separate words, so `🚀`
    // leaves nothing (and gets the hash below) instead of becoming the word "rocket".
    let letters: String = text
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '\'' || c == '\u{2019}' {
                c
            } else {
                ' '
            }
        })
        .collect();
    let ascii = deunicode::deunicode_with_tofu(&letters, "-");
    let mut slug = String::with_capacity(ascii.len());
    let mut pending_hyphen = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_hyphen && !slug.is_empty() {
                slug.push('-');
            }
            pending_hyphen = false;
            slug.push(c.to_ascii_lowercase());
        } else if c == '\'' || c == '\u{2019}' || c == '`' {
            // "Kim's" reads better as "kims" than as "kim-s"; and a letter transliterated as a
            // mark (Arabic `ع` as "`") is part of its word: `السعودية` is "lswdy", not "ls-wdy".
            // (A "`" written in the text was made a space above.)
        } else {
            pending_hyphen = true;
        }
    }
    if slug.is_empty() {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return "untitled".to_string();
        }
        return format!("x-{:08x}", fnv1a(trimmed.as_bytes()) as u32);
    }
    let kept = shortened(&slug, MAX_SLUG_BYTES).len();
    slug.truncate(kept);
    slug
}

/// The marks of a written slug that the slug leaves out without a trace (`/` and `.` of
/// `../../etc`), each once: not letters or digits (transliterated), nor what separates words
/// (spaces, `-`, `_`), nor apostrophes.
pub fn dropped_marks(text: &str) -> Vec<char> {
    let mut marks = Vec::new();
    for c in text.chars() {
        let kept = c.is_alphanumeric() || c.is_whitespace() || matches!(c, '-' | '_' | '\'' | '\u{2019}');
        if !kept && !marks.contains(&c) {
            marks.push(c);
        }
    }
    marks
}

/// A slug cut to at most `max` bytes: after its last whole word when one ends in the second
/// half, else where the limit falls; never ending in a hyphen.
pub fn shortened(slug: &str, max: usize) -> &str {
    if slug.len() <= max {
        return slug;
    }
    // A slug is ASCII: every byte is a character boundary.
    let head = slug.get(..max).unwrap_or(slug);
    let cut = head.rfind('-').filter(|&at| at >= max / 2).unwrap_or(max);
    head[..cut].trim_end_matches('-')
}

/// The longest slug, in bytes. A slug names a file or folder of the output (a tag's folder, an
/// article's), which file systems keep to 255 bytes; a suffix (`-2`, `.card.png`) may follow.
pub const MAX_SLUG_BYTES: usize = 200;

/// True when `text` is already a slug: what `slugify` returns for it.
pub fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && !text.starts_with('-')
        && !text.ends_with('-')
        && !text.contains("--")
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// FNV-1a, 64 bits: a tiny, stable hash for fallback slugs (the same on every machine and run).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 17: a Korean title gets an ASCII slug (`gazette new article "북러 조약"`).
    /// Regression: a 280-character tag (or `slug:`) made a folder name the file system refused
    /// ("File name too long"), found only while the site was written.
    #[test]
    fn the_marks_a_slug_drops_are_named_once_each() {
        assert_eq!(dropped_marks("../../etc"), vec!['.', '/']);
        assert_eq!(dropped_marks("Визит Путина"), Vec::<char>::new());
        assert_eq!(dropped_marks("Kim's pact_2024-06"), Vec::<char>::new());
        assert_eq!(dropped_marks("a+b?"), vec!['+', '?']);
    }

    #[test]
    fn a_slug_is_at_most_200_bytes_and_ends_on_a_word() {
        let long = slugify(&"sanctions evasion network ".repeat(12));
        assert!(
            long.len() <= MAX_SLUG_BYTES && long.len() > MAX_SLUG_BYTES / 2,
            "{long}"
        );
        assert!(is_slug(&long) && slugify(&long) == long, "{long}");
        assert!(
            long.ends_with("sanctions") || long.ends_with("evasion") || long.ends_with("network"),
            "{long}"
        );
        let one_word = slugify(&"x".repeat(300));
        assert_eq!(one_word.len(), MAX_SLUG_BYTES);
    }

    #[test]
    fn korean_titles_transliterate() {
        let slug = slugify("북러 조약");
        assert!(is_slug(&slug) && slug.is_ascii(), "{slug}");
        assert_eq!(slug, "bugreo-joyag");
    }

    #[test]
    fn latin_text() {
        assert_eq!(slugify("Kim Jong Un"), "kim-jong-un");
        assert_eq!(slugify("  Putin & Kim: the pact!  "), "putin-kim-the-pact");
        assert_eq!(slugify("Russia–North Korea"), "russia-north-korea");
        assert_eq!(slugify("Kim's car"), "kims-car");
        assert_eq!(slugify("2024-06-19"), "2024-06-19");
    }

    /// Regression (session 33's Arabic desk probe): `ع`, which deunicode writes as "`", split its
    /// word in two.
    #[test]
    fn a_letter_transliterated_as_a_mark_keeps_its_word_whole() {
        assert_eq!(slugify("السعودية"), "lswdy");
        assert_eq!(slugify("الجامعة العربية"), "ljm-lrby");
        assert_eq!(slugify("عمان"), "mn");
        assert_eq!(slugify("Kim `Jong` Un"), "kim-jong-un");
    }

    #[test]
    fn transliterates() {
        assert_eq!(slugify("Путин"), "putin");
        assert_eq!(slugify("Café Zürich"), "cafe-zurich");
        let korean = slugify("김정은");
        assert!(is_slug(&korean), "{korean}");
    }

    #[test]
    fn empty_results_fall_back_to_a_stable_hash() {
        let rocket = slugify("🚀");
        assert!(rocket.starts_with("x-"), "{rocket}");
        assert_eq!(rocket, slugify("🚀"));
        assert_ne!(rocket, slugify("🛰"));
        assert!(is_slug(&rocket));
        assert_eq!(slugify(""), "untitled");
    }

    #[test]
    fn idempotent() {
        for text in ["Kim Jong Un", "Путин", "🚀", "a--b", "-x-", "ÆØÅ", "x-deadbeef"] {
            let once = slugify(text);
            assert_eq!(slugify(&once), once, "{text}");
            assert!(is_slug(&once), "{text} -> {once}");
        }
    }
}
