//! The theme's words in the language of each page: `i18n/<lang>.yaml` of the theme, overridden
//! key by key by the site's own `i18n/<lang>.yaml`, falling back to English (one warning names
//! the keys a language lacks), and the template functions that write them:
//!
//! - `t(key="sources", count=n, …)`: the words of `key`, the plural form `count` takes in the
//!   page's language, each `{name}` replaced by the argument `name` (escaped, unless it is
//!   already safe HTML such as a `link()`); an unknown key is a template error naming it.
//! - `i18n.key`: a word with no plural forms and no `{name}`, from the `i18n` map every page's
//!   context has (a lookup, cheaper than a call: most of the theme's words are these).
//! - `link(url=…, text=…)`: `<a href="url">text</a>`, safe, for a link inside a sentence.
//!
//! The page's language is the context's `lang` (every page has one); the words are made once per
//! build and language, with that language's `Language` (plurals, direction, dates).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use tera::{Kwargs, State, TeraResult, Value};

use crate::core::diagnostic::Diagnostic;
use crate::core::language::{Language, Plural};
use crate::parse::i18n::{Catalog, Message};

/// The language the theme's words fall back to, and the reference list of keys.
pub const FALLBACK: &str = "en";

/// The keys search.js writes (it has their English words built in; a page in another language
/// passes it its own, counted words with every plural form).
pub const SEARCH_SCRIPT_KEYS: [&str; 11] = [
    "search_none",
    "search_failed",
    "search_running",
    "search_matches",
    "search_showing",
    "search_end",
    "search_unknown_topic",
    "search_unknown_outlet",
    "search_unknown_date",
    "search_tagged",
    // What joins a result's topics, outlets and tags (`، ` in Arabic).
    "byline_comma",
];

/// One `i18n/<lang>.yaml`, read.
#[derive(Debug, Clone)]
pub struct CatalogFile {
    /// The file's name without `.yaml`: the language tag.
    pub lang: String,
    /// The site's own file (which overrides the theme's), or the theme's.
    pub from_site: bool,
    pub catalog: Catalog,
}

/// The words of one language, every key filled (in English where the language has none).
#[derive(Debug)]
pub struct Words {
    language: Language,
    messages: BTreeMap<String, Message>,
    /// The counted words this language lacks, which stand in English, and English's plural
    /// rules for them: a Chinese page of English words says "1 briefing", not "1 briefings"
    /// (Chinese has one form only). `None` when the language has every counted word.
    english_forms: Option<(rustc_hash::FxHashSet<String>, Language)>,
    /// The words of each key that is plain text (no plural forms, no `{name}`), already escaped
    /// for HTML: a `t()` call for one of them is answered without scanning or escaping again.
    escaped: rustc_hash::FxHashMap<String, Value>,
    /// The same plain words as the templates' `i18n` map (`{{ i18n.nav_topics }}`), made once
    /// (already escaped for HTML, sorted by key): every page's context shares it.
    map: Value,
    /// The plain words as they are, not escaped: the `i18n` map of the plain-text email, where
    /// `{{ i18n.key | upper }}` is to print `NEWS & NOTES`, not `NEWS &AMP; NOTES`.
    text_map: Value,
}

/// The words of every language a build's pages are in.
#[derive(Debug)]
pub struct I18n {
    default: Arc<Words>,
    others: BTreeMap<String, Arc<Words>>,
}

impl I18n {
    /// The words of the site's language (`language:`), from the theme's and site's files;
    /// `theme_i18n` is where the theme keeps them, for the warning about missing keys.
    pub fn new(tag: &str, files: &[CatalogFile], theme_i18n: &str) -> (I18n, Vec<Diagnostic>) {
        let (words, diagnostics) = Words::new(tag, files, theme_i18n);
        let i18n = I18n {
            default: Arc::new(words),
            others: BTreeMap::new(),
        };
        (i18n, diagnostics)
    }

    /// The words of a page in language `tag` (the site's language when it has no others).
    pub fn words(&self, tag: &str) -> &Arc<Words> {
        self.others.get(tag).unwrap_or(&self.default)
    }

    /// The words of the site's own language.
    pub fn default_words(&self) -> &Arc<Words> {
        &self.default
    }
}

impl Words {
    fn new(tag: &str, files: &[CatalogFile], theme_i18n: &str) -> (Words, Vec<Diagnostic>) {
        let language = Language::new(tag);
        let primary = tag.split('-').next().unwrap_or(tag);
        // Most particular first: the site's file before the theme's, `pt-BR` before `pt`.
        let mut own: Vec<&CatalogFile> = Vec::new();
        for from_site in [true, false] {
            for lang in [tag, primary] {
                // A tag means the same in any case (`language: KO` takes `ko.yaml`).
                own.extend(
                    files
                        .iter()
                        .filter(|f| f.from_site == from_site && f.lang.eq_ignore_ascii_case(lang)),
                );
            }
        }
        own.dedup_by(|a, b| std::ptr::eq(*a, *b));
        let fallback: Vec<&CatalogFile> = [true, false]
            .iter()
            .flat_map(|&from_site| {
                files
                    .iter()
                    .filter(move |f| f.from_site == from_site && f.lang == FALLBACK)
            })
            .collect();
        let mut messages = BTreeMap::new();
        let mut missing = Vec::new();
        for file in fallback.iter().rev() {
            for (key, written) in &file.catalog.messages {
                messages.insert(key.clone(), written.message.clone());
            }
        }
        let keys: Vec<String> = messages.keys().cloned().collect();
        for key in keys {
            match own.iter().find_map(|f| f.catalog.messages.get(&key)) {
                Some(written) => {
                    messages.insert(key, written.message.clone());
                }
                None if primary != FALLBACK => missing.push(key),
                None => {}
            }
        }
        for file in own.iter().rev() {
            for (key, written) in &file.catalog.messages {
                messages.entry(key.clone()).or_insert_with(|| written.message.clone());
            }
        }
        let diagnostics = if missing.is_empty() {
            Vec::new()
        } else {
            let none = own.is_empty();
            vec![missing_words(tag, theme_i18n, &missing, none)]
        };
        let (escaped, map, text_map) = plain_words(&messages);
        let english_counted: rustc_hash::FxHashSet<String> = missing
            .iter()
            .filter(|key| matches!(messages.get(key.as_str()), Some(Message::Plural(_))))
            .cloned()
            .collect();
        let english_forms = (!english_counted.is_empty()).then(|| (english_counted, Language::new(FALLBACK)));
        let words = Words {
            language,
            messages,
            english_forms,
            escaped,
            map,
            text_map,
        };
        (words, diagnostics)
    }

    /// The plain words as the templates' `i18n` map.
    pub fn map(&self) -> &Value {
        &self.map
    }

    /// The plain words as the `i18n` map of a template that is not escaped (the plain-text email).
    pub fn text_map(&self) -> &Value {
        &self.text_map
    }

    /// The language these words are in.
    pub fn language(&self) -> &Language {
        &self.language
    }

    /// The words of `key` as plain text, the plural form `count` takes, each `{name}` filled
    /// from `args`; the key itself when no file has it (the templates report unknown keys).
    pub fn text(&self, key: &str, count: Option<u64>, args: &[(&str, &str)]) -> String {
        self.write(key, count, args, false)
    }

    /// The words of `key` as HTML, as `t()` writes them on an escaped page: the text escaped,
    /// each `{name}` filled from `holes`, which are HTML already (`link_html`). For the words a
    /// view makes once instead of every page that shows them calling `t()`.
    pub fn html(&self, key: &str, count: Option<u64>, holes: &[(&str, &str)]) -> String {
        self.write(key, count, holes, true)
    }

    /// `text` and `html`: the words' text (escaped for HTML when `escape`), each `{name}` filled
    /// from `fills` as it is, `{count}` with the count, an unknown name kept as written.
    fn write(&self, key: &str, count: Option<u64>, fills: &[(&str, &str)], escape: bool) -> String {
        let Some(form) = self.form(key, count) else {
            return key.to_string();
        };
        let mut out = String::with_capacity(form.len() + 32);
        // A count keeps to the word beside it ("5 briefings", "출처 3건"): the space between
        // them is a no-break space, so that a line never ends between the two.
        let mut after_count = false;
        fill(form, &mut |part| match part {
            Part::Text(text) => {
                let follows_count = std::mem::take(&mut after_count);
                let text = match text.strip_prefix(' ') {
                    Some(rest) if follows_count => {
                        out.push('\u{a0}');
                        rest
                    }
                    _ => text,
                };
                if escape {
                    escape_text(text, &mut out);
                } else {
                    out.push_str(text);
                }
            }
            Part::Hole(name) => match fills.iter().find(|(n, _)| *n == name) {
                Some((_, value)) => {
                    after_count = false;
                    out.push_str(value);
                }
                None if name == "count" && count.is_some() => {
                    if out.ends_with(' ') {
                        out.pop();
                        out.push('\u{a0}');
                    }
                    out.push_str(&count.unwrap_or(0).to_string());
                    after_count = true;
                }
                None => {
                    after_count = false;
                    out.push('{');
                    out.push_str(name);
                    out.push('}');
                }
            },
        });
        out
    }

    /// The text of `key` for `count` (the form its plural category takes, else `other`).
    fn form(&self, key: &str, count: Option<u64>) -> Option<&str> {
        match self.messages.get(key)? {
            Message::Text(text) => Some(text),
            Message::Plural(forms) => {
                let language = match &self.english_forms {
                    Some((keys, english)) if keys.contains(key) => english,
                    _ => &self.language,
                };
                let category = count.map_or(Plural::Other, |n| language.plural(n));
                forms
                    .get(&category)
                    .or_else(|| forms.get(&Plural::Other))
                    .map(String::as_str)
            }
        }
    }

    /// The words of `key` as JSON for a script: the text, or an object of plural forms (with
    /// `_lang: "en"` when they are English standing in, whose plural rules pick the form).
    pub fn json(&self, key: &str) -> serde_json::Value {
        match self.messages.get(key) {
            Some(Message::Text(text)) => serde_json::Value::from(text.as_str()),
            Some(Message::Plural(forms)) => {
                let mut object: serde_json::Map<String, serde_json::Value> = forms
                    .iter()
                    .map(|(category, text)| (category.name().to_string(), serde_json::Value::from(text.as_str())))
                    .collect();
                if self.english_forms.as_ref().is_some_and(|(keys, _)| keys.contains(key)) {
                    object.insert("_lang".to_string(), serde_json::Value::from(FALLBACK));
                }
                object.into()
            }
            None => serde_json::Value::from(key),
        }
    }

    /// Every key, in order (the tests check that no English word is left on a page).
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.messages.keys().map(String::as_str)
    }
}

/// How many missing keys the warning names (the rest are counted).
const MISSING_SHOWN: usize = 12;

/// The one warning for a language that lacks some of the theme's words, at the theme's file for
/// the language; `none`: neither the theme nor the site has one.
fn missing_words(tag: &str, theme_i18n: &str, missing: &[String], none: bool) -> Diagnostic {
    let count = missing.len();
    let path = PathBuf::from(format!("{theme_i18n}/{tag}.yaml"));
    if none {
        return Diagnostic::warning(
            path,
            None,
            format!("the theme has no words in `{tag}`, so its {count} words are in English"),
        )
        .with_hint(if theme_i18n == "i18n" || theme_i18n == "themes/default/i18n" {
            format!(
                "write the site's i18n/{tag}.yaml with the theme's keys in `{tag}` (`gazette theme eject i18n/en.yaml` copies the English words: rename the copy to i18n/{tag}.yaml and translate it; docs/themes.md, \"Every key\", lists them)"
            )
        } else {
            // `theme eject` copies the default theme's files, which a site with a theme of its own refuses.
            format!(
                "write {theme_i18n}/{tag}.yaml (or the site's i18n/{tag}.yaml) with the theme's keys in `{tag}`: copy {theme_i18n}/en.yaml and translate it (docs/themes.md, \"Every key\", lists them)"
            )
        });
    }
    let mut named = missing
        .iter()
        .take(MISSING_SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if count > MISSING_SHOWN {
        named.push_str(&format!(" and {} more", count - MISSING_SHOWN));
    }
    Diagnostic::warning(
        path,
        None,
        format!(
            "the theme has no words in `{tag}` for {count} key{}, so {} in English: {named}",
            if count == 1 { "" } else { "s" },
            if count == 1 { "it is" } else { "they are" },
        ),
    )
    .with_hint(format!("translate them in the site's i18n/{tag}.yaml (or the theme's)"))
}

/// The plain words (no plural forms, no `{name}`) escaped for HTML, by key, and as the
/// templates' `i18n` map; and as they are, as the plain-text email's `i18n` map.
fn plain_words(messages: &BTreeMap<String, Message>) -> (rustc_hash::FxHashMap<String, Value>, Value, Value) {
    let escaped: rustc_hash::FxHashMap<String, Value> = messages
        .iter()
        .filter_map(|(key, message)| match message {
            Message::Text(text) if !has_hole(text) => {
                let mut out = String::with_capacity(text.len());
                escape_text(text, &mut out);
                Some((key.clone(), Value::safe_string(&out)))
            }
            _ => None,
        })
        .collect();
    // Safe strings, escaped as the theme's own text is (an apostrophe stays one), so HTML
    // pages are written as before.
    let map = Value::from(
        messages
            .keys()
            .filter_map(|key| Some((tera::value::Key::from(key.clone()), escaped.get(key)?.clone())))
            .collect::<tera::Map>(),
    );
    let text_map = Value::from(
        messages
            .iter()
            .filter_map(|(key, message)| match message {
                Message::Text(text) if !has_hole(text) => {
                    Some((tera::value::Key::from(key.clone()), Value::from(text.as_str())))
                }
                _ => None,
            })
            .collect::<tera::Map>(),
    );
    (escaped, map, text_map)
}

/// Whether `text` has a `{name}` to fill.
fn has_hole(text: &str) -> bool {
    let mut holes = false;
    fill(text, &mut |part| holes |= matches!(part, Part::Hole(_)));
    holes
}

enum Part<'a> {
    Text(&'a str),
    Hole(&'a str),
}

/// Splits `text` into its words and its `{name}` holes (a `{` not starting a name is text).
fn fill<'a>(text: &'a str, each: &mut dyn FnMut(Part<'a>)) {
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let name = &after[..close];
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            each(Part::Text(&rest[..=open]));
            rest = after;
            continue;
        }
        if open > 0 {
            each(Part::Text(&rest[..open]));
        }
        each(Part::Hole(name));
        rest = &after[close + 1..];
    }
    if !rest.is_empty() {
        each(Part::Text(rest));
    }
}

/// What is wrong with the holes of a site's or theme's words for `key`, beside the English
/// words of the theme (`reference`), which name every hole gazette fills for it: a hole left
/// open (`{minutes min`), or a name it never fills (`{bogus}`), which would show as written;
/// with the index of the text at fault in `Message::texts`.
pub fn hole_problem(key: &str, message: &Message, reference: &Message) -> Option<(usize, String)> {
    let mut known: Vec<&str> = Vec::new();
    for text in reference.texts() {
        fill(text, &mut |part| {
            if let Part::Hole(name) = part
                && !known.contains(&name)
            {
                known.push(name);
            }
        });
    }
    if matches!(reference, Message::Plural(_)) && !known.contains(&"count") {
        known.push("count");
    }
    for (at, text) in message.texts().into_iter().enumerate() {
        if let Some(open) = unclosed_hole(text) {
            return Some((at, format!("`{key}` has `{open}` with no `}}` after it")));
        }
        if let Some(stray) = unopened_close(text) {
            return Some((
                at,
                format!("`{key}` has a `}}` that closes no hole (after `{stray}`), which readers would see"),
            ));
        }
        let mut unknown = None;
        fill(text, &mut |part| {
            if let Part::Hole(name) = part
                && !known.contains(&name)
            {
                unknown.get_or_insert(name);
            }
        });
        if let Some(name) = unknown {
            let filled: Vec<String> = known.iter().map(|k| format!("{{{k}}}")).collect();
            let filled = if filled.is_empty() {
                "none".to_string()
            } else {
                filled.join(", ")
            };
            return Some((
                at,
                format!("`{key}` has `{{{name}}}`, which gazette does not fill here (it fills: {filled})"),
            ));
        }
    }
    None
}

/// The text before a `}` that closes no hole (`{name}}`, `about}`), if there is one: the last
/// few characters before it. Braces that pair up as text (`{ b }`, `{-}`) are text.
fn unopened_close(text: &str) -> Option<String> {
    let mut written = String::new();
    let mut open = 0usize;
    let mut stray = None;
    fill(text, &mut |part| match part {
        Part::Hole(name) => {
            written.push('{');
            written.push_str(name);
            written.push('}');
        }
        Part::Text(text) => {
            for c in text.chars() {
                match c {
                    '{' => open += 1,
                    '}' if open > 0 => open -= 1,
                    '}' => {
                        stray.get_or_insert(written.clone());
                    }
                    _ => {}
                }
                written.push(c);
            }
        }
    });
    let before: Vec<char> = stray?.chars().collect();
    Some(before[before.len().saturating_sub(12)..].iter().collect())
}

/// The start of a hole that is never closed (`{minutes min`): `{` and a name, then no `}`.
fn unclosed_hole(text: &str) -> Option<&str> {
    text.match_indices('{').find_map(|(at, _)| {
        let name_len = text[at + 1..]
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
            .count();
        let after = text[at + 1 + name_len..].chars().next();
        (name_len > 0 && after != Some('}')).then(|| &text[at..at + 1 + name_len])
    })
}

/// The words a site's bodies take where the Markdown parse wrote them in English: the footnotes'
/// (`footnotes_heading`, and `footnote_back` for each back link's label,
/// `markdown::FOOTNOTES_HEADING`) and the name of a table's scrolling region (`table_label`,
/// `markdown::TABLE_LABEL`).
pub struct BodyWords<'w> {
    words: &'w Words,
    heading: String,
    /// `TABLE_LABEL` with the language's word; `None` when it is the parse's.
    table: Option<String>,
}

impl<'w> BodyWords<'w> {
    const OPEN: &'static str = "id=\"footnotes-heading\">";

    /// The site's body words; `None` when they are those the parse wrote (an English site),
    /// so that no body is read for them.
    pub fn of(words: &'w Words) -> Option<Self> {
        use crate::parse::markdown::{FOOTNOTE_BACK, FOOTNOTES_HEADING, TABLE_LABEL};
        let heading = words.html("footnotes_heading", None, &[]);
        let back_one = format!("aria-label=\"{}", words.text("footnote_back", None, &[("number", "1")]));
        let table = format!(
            "<div class=\"table-scroll\" role=\"region\" aria-label=\"{}\"",
            words.html("table_label", None, &[])
        );
        let footnotes_as_written = FOOTNOTES_HEADING.strip_prefix(Self::OPEN) == Some(heading.as_str())
            && back_one == format!("{FOOTNOTE_BACK}1");
        let table = (table != TABLE_LABEL).then_some(table);
        (!footnotes_as_written || table.is_some()).then_some(BodyWords { words, heading, table })
    }

    /// A body in these words; `None` for a body with neither footnotes nor tables to change.
    pub fn localize(&self, html: &str) -> Option<String> {
        use crate::parse::markdown::TABLE_LABEL;
        let tables = self
            .table
            .as_ref()
            .filter(|_| html.contains(TABLE_LABEL))
            .map(|table| html.replace(TABLE_LABEL, table));
        match self.footnotes(tables.as_deref().unwrap_or(html)) {
            Some(done) => Some(done),
            None => tables,
        }
    }

    /// A body with its footnotes in these words; `None` for a body without footnotes.
    fn footnotes(&self, html: &str) -> Option<String> {
        use crate::parse::markdown::{FOOTNOTE_BACK, FOOTNOTES_HEADING};
        let at = html.find(FOOTNOTES_HEADING)?;
        let mut out = String::with_capacity(html.len() + 256);
        out.push_str(&html[..at]);
        out.push_str(Self::OPEN);
        out.push_str(&self.heading);
        let mut rest = &html[at + FOOTNOTES_HEADING.len()..];
        while let Some(back) = rest.find(FOOTNOTE_BACK) {
            let after = &rest[back + FOOTNOTE_BACK.len()..];
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            out.push_str(&rest[..back]);
            if digits == 0 || !after[digits..].starts_with('"') {
                out.push_str(FOOTNOTE_BACK);
                rest = after;
                continue;
            }
            let label = self.words.text("footnote_back", None, &[("number", &after[..digits])]);
            out.push_str("aria-label=\"");
            out.push_str(&crate::core::escape::xml_escape(&label));
            rest = &after[digits..];
        }
        out.push_str(rest);
        Some(out)
    }
}

/// Registers `t`, `link` and `bdi` with the templates.
pub fn register(tera: &mut tera::Tera, i18n: Arc<I18n>) {
    tera.register_function("t", Translate(Arc::clone(&i18n)));
    tera.register_function("link", Link);
    tera.register_filter("bdi", Isolate(i18n));
}

impl I18n {
    /// The words of the page being rendered: its context's `lang`.
    fn page_words(&self, state: &State) -> TeraResult<&Arc<Words>> {
        if self.others.is_empty() {
            return Ok(&self.default);
        }
        Ok(match state.get::<String>("lang")? {
            Some(tag) => self.words(&tag),
            None => &self.default,
        })
    }
}

/// `bdi`: text (a title) isolated from the text around it where its direction may differ from
/// the page's, so an English title in an Arabic list keeps its order and its neighbours theirs:
/// `<bdi>title</bdi>` (safe), on a right-to-left page, and on a left-to-right one for a text whose
/// first letter runs right to left (an Arabic headline on an English site). Otherwise it is the
/// value as it came, escaped where it is written like any other.
/// `bdi(email=true)`, for mail clients that drop `<bdi>` (Gmail, Outlook): a text whose first
/// letter runs against the page is `<span dir="ltr">` (or `rtl`) around it (an element with `dir`
/// is isolated), and one that runs as the page does is left as it is.
struct Isolate(Arc<I18n>);

impl tera::Filter<&Value, TeraResult<Value>> for Isolate {
    fn call(&self, value: &Value, kwargs: Kwargs, state: &State) -> TeraResult<Value> {
        let rtl_page = self.0.page_words(state)?.language().is_rtl();
        let rtl_text = value.as_str().and_then(first_letter_right_to_left);
        let email = kwargs.get::<bool>("email")?.unwrap_or(false);
        let against = rtl_text.is_some_and(|rtl| rtl != rtl_page);
        if !(against || (rtl_page && !email)) {
            return Ok(value.clone());
        }
        let text = state.escape_if_needed(value)?;
        Ok(Value::safe_string(&if email {
            let dir = if rtl_page { "ltr" } else { "rtl" };
            format!("<span dir=\"{dir}\">{text}</span>")
        } else {
            format!("<bdi>{text}</bdi>")
        }))
    }
}

/// Whether the first letter of `text` that has a direction runs right to left (what
/// `dir="auto"` reads): a letter of the right-to-left scripts (Hebrew, Arabic, Syriac, Thaana,
/// N'Ko and their presentation forms); any other letter runs left to right. Digits and
/// punctuation have none: `None` for a text without letters.
fn first_letter_right_to_left(text: &str) -> Option<bool> {
    let rtl = |c: char| matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}' | '\u{10800}'..='\u{10FFF}' | '\u{1E800}'..='\u{1EFFF}');
    text.chars().find(|&c| c.is_alphabetic()).map(rtl)
}

struct Translate(Arc<I18n>);

impl tera::Function<TeraResult<Value>> for Translate {
    fn call(&self, kwargs: Kwargs, state: &State) -> TeraResult<Value> {
        let key: &str = kwargs.must_get("key")?;
        let words = self.0.page_words(state)?;
        if state.autoescaping_enabled()
            && let Some(escaped) = words.escaped.get(key)
        {
            return Ok(escaped.clone());
        }
        let count = match kwargs.get::<Value>("count")? {
            Some(value) => Some(value.as_u64().ok_or_else(|| {
                tera::Error::message(format!(
                    "t(key=\"{key}\"): `count` must be a whole number, not {}",
                    value.name()
                ))
            })?),
            None => None,
        };
        let Some(form) = words.form(key, count) else {
            let close = crate::core::diagnostic::closest(key, words.keys())
                .map(|close| format!(" (did you mean `{close}`?)"))
                .unwrap_or_default();
            return Err(tera::Error::message(format!(
                "unknown i18n key `{key}`: the theme's i18n/{FALLBACK}.yaml has no such key{close}"
            )));
        };
        let escaping = state.autoescaping_enabled();
        let mut out = String::with_capacity(form.len() + 32);
        let mut failure = None;
        fill(form, &mut |part| {
            let result = match part {
                Part::Text(text) if escaping => {
                    escape_text(text, &mut out);
                    Ok(())
                }
                Part::Text(text) => {
                    out.push_str(text);
                    Ok(())
                }
                Part::Hole(name) => match kwargs.get::<Value>(name) {
                    Ok(Some(value)) => state.escape_if_needed(&value).map(|t| out.push_str(&t)),
                    Ok(None) => Err(tera::Error::message(format!(
                        "t(key=\"{key}\"): the words have `{{{name}}}`, but no `{name}=` argument was given"
                    ))),
                    Err(e) => Err(e),
                },
            };
            if let Err(e) = result {
                failure.get_or_insert(e);
            }
        });
        match failure {
            Some(e) => Err(e),
            None => Ok(Value::safe_string(&out)),
        }
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// The theme's own words escaped as template text would need: `&`, `<`, `>` and `"` (an
/// apostrophe stays one, as it does in a template's text).
fn escape_text(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

impl Words {
    /// A template's text with each plain `{{ i18n.key }}` written in as the word itself (escaped
    /// as the `i18n` map holds it, so the page is the same bytes), for the copy of the templates
    /// pages are rendered with: a word then costs nothing per page. Only outside tags, comments
    /// and `{% raw %}` blocks, only the exact form (no filter, no `-` trimming), and only words
    /// that cannot read as template syntax; `None` when nothing was written in.
    ///
    /// In a template that is not escaped (`email/edition.txt`: `html` false) the word is written
    /// as it is, not as HTML: `Every edition & archive`, not `&amp;` (theme probe).
    pub(super) fn bake(&self, text: &str, html: bool) -> Option<String> {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        let mut baked = false;
        while let Some(open) = rest.find('{') {
            let (before, from) = rest.split_at(open);
            out.push_str(before);
            let close = match from.as_bytes().get(1) {
                Some(b'{') => {
                    if let Some((word, len)) = self.plain_print(from, html) {
                        out.push_str(word);
                        rest = &from[len..];
                        baked = true;
                        continue;
                    }
                    "}}"
                }
                Some(b'%') if is_raw_tag(from) => "endraw",
                Some(b'%') => "%}",
                Some(b'#') => "#}",
                _ => {
                    out.push('{');
                    rest = &from[1..];
                    continue;
                }
            };
            // A tag, an expression or a comment (or a raw block) is copied as it is, to its end.
            let end = from[2..].find(close).map(|i| 2 + i + close.len())?;
            out.push_str(&from[..end]);
            rest = &from[end..];
        }
        out.push_str(rest);
        baked.then_some(out)
    }

    /// The word a `{{ i18n.key }}` at the start of `text` prints, and the length of that
    /// expression, when it is that and nothing more.
    fn plain_print<'w>(&'w self, text: &str, html: bool) -> Option<(&'w str, usize)> {
        let inner = text.strip_prefix("{{")?;
        let end = inner.find("}}")?;
        let key = inner[..end].trim().strip_prefix("i18n.")?;
        let word_chars = |c: char| c.is_ascii_alphanumeric() || c == '_';
        if inner[..end].starts_with('-') || key.is_empty() || !key.chars().all(word_chars) {
            return None;
        }
        let escaped = self.escaped.get(key)?.as_str()?;
        let word = match self.messages.get(key) {
            Some(Message::Text(text)) if !html => text.as_str(),
            _ => escaped,
        };
        let template_like = ["{{", "{%", "{#", "}}", "%}", "#}"].iter().any(|m| word.contains(m));
        if template_like || word.starts_with('}') || word.ends_with('{') {
            return None;
        }
        Some((word, 2 + end + 2))
    }
}

/// Whether `text` starts with a `{% raw %}` tag (any spacing or trimming marks).
pub(super) fn is_raw_tag(text: &str) -> bool {
    text.strip_prefix("{%")
        .map(|t| t.trim_start_matches('-').trim_start())
        .is_some_and(|t| t.starts_with("raw") && t[3..].trim_start().trim_start_matches('-').starts_with("%}"))
}

/// `<a href="url">text</a>`, both escaped: what the templates' `link(url=, text=)` writes.
pub fn link_html(url: &str, text: &str) -> String {
    let mut out = Vec::with_capacity(url.len() + text.len() + 16);
    out.extend_from_slice(b"<a href=\"");
    let _ = tera::escape_html(url, &mut out);
    out.extend_from_slice(b"\">");
    let _ = tera::escape_html(text, &mut out);
    out.extend_from_slice(b"</a>");
    String::from_utf8(out).unwrap_or_default()
}

struct Link;

impl tera::Function<TeraResult<Value>> for Link {
    fn call(&self, kwargs: Kwargs, state: &State) -> TeraResult<Value> {
        let url: Value = kwargs.must_get("url")?;
        let text: Value = kwargs.must_get("text")?;
        let url = state.escape(&format!("{url}"))?;
        let text = state.escape_if_needed(&text)?;
        Ok(Value::safe_string(&format!("<a href=\"{url}\">{text}</a>")))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_text_starts_left_to_right_at_its_first_letter() {
        for (text, ltr) in [
            ("What now?", true),
            ("38 North", true),
            ("«Kim» said", true),
            ("2026: 북한", true),
            ("الجزيرة", false),
            ("38 شمال", false),
            ("שלום world", false),
            ("2026 — 12", false),
            ("", false),
        ] {
            assert_eq!(super::first_letter_right_to_left(text) == Some(false), ltr, "{text}");
        }
    }

    use super::*;

    fn english() -> Words {
        let files = vec![file(
            "en",
            false,
            "nav: Topics & tags\nquote: \"It's\"\nodd: \"a {{ b\"\ncount: { one: \"{count} x\", other: \"{count} xs\" }\n",
        )];
        Words::new("en", &files, "i18n").0
    }

    #[test]
    fn plain_words_are_written_into_templates_as_the_map_holds_them() {
        let words = english();
        assert_eq!(
            words
                .bake("<a>{{ i18n.nav }}</a> <b>{{i18n.quote}}</b>", true)
                .as_deref(),
            Some("<a>Topics &amp; tags</a> <b>It's</b>")
        );
        // Left for Tera: filters, trimming, unknown keys, words that read as syntax, counted words.
        for kept in [
            "{{ i18n.nav | upper }}",
            "{{- i18n.nav }}",
            "{{ i18n.missing }}",
            "{{ i18n.odd }}",
            "{{ i18n.count }}",
            "{{ i18n[\"nav\"] }}",
        ] {
            assert_eq!(words.bake(kept, true), None, "{kept}");
        }
        // Never inside tags, comments or raw blocks.
        let text = "{% if x %}{{ i18n.nav }}{% endif %}{# {{ i18n.nav }} #}{% raw %}{{ i18n.nav }}{% endraw %}";
        assert_eq!(
            words.bake(text, true).as_deref(),
            Some("{% if x %}Topics &amp; tags{% endif %}{# {{ i18n.nav }} #}{% raw %}{{ i18n.nav }}{% endraw %}")
        );
        assert_eq!(
            words.bake("{% set a = \"{{ i18n.nav }}\" %}", true),
            None,
            "not inside a tag's string"
        );
        assert_eq!(words.bake("{{ unclosed", true), None);
        // Regression (theme probe): in a template that is not escaped (the plain-text email),
        // the word as it is, not `&amp;`.
        assert_eq!(
            words.bake("Every {{ i18n.nav }}\n", false).as_deref(),
            Some("Every Topics & tags\n")
        );
    }
    use crate::parse::i18n::parse_catalog;
    use std::path::Path;

    fn file(lang: &str, from_site: bool, yaml: &str) -> CatalogFile {
        CatalogFile {
            lang: lang.into(),
            from_site,
            catalog: parse_catalog(Path::new("i18n/x.yaml"), yaml).value.unwrap(),
        }
    }

    /// Regression: a site's `min_read: "{minutes min"` or `page_of: "{bogus} of {total}"` passed
    /// without a word and showed on every page as written.
    #[test]
    fn a_hole_left_open_or_unknown_is_said() {
        let text = |t: &str| Message::Text(t.to_string());
        let page_of = text(" · page {current} of {total}");
        assert_eq!(hole_problem("page_of", &text("{total} 중 {current}쪽"), &page_of), None);
        assert_eq!(
            hole_problem("page_of", &text("{bogus} of {total}"), &page_of)
                .map(|(_, problem)| problem)
                .as_deref(),
            Some("`page_of` has `{bogus}`, which gazette does not fill here (it fills: {current}, {total})")
        );
        let min_read = Message::Plural(
            [
                (Plural::One, "{count} min read".to_string()),
                (Plural::Other, "{count} min read".to_string()),
            ]
            .into(),
        );
        assert_eq!(
            hole_problem("min_read", &text("{minutes min"), &min_read)
                .map(|(_, problem)| problem)
                .as_deref(),
            Some("`min_read` has `{minutes` with no `}` after it")
        );
        assert_eq!(hole_problem("min_read", &text("{count} Min."), &min_read), None);
        // Regression: each name the forms share was listed once per form ("{count}, {count}").
        assert_eq!(
            hole_problem("min_read", &text("{minutes} min"), &min_read)
                .map(|(_, problem)| problem)
                .as_deref(),
            Some("`min_read` has `{minutes}`, which gazette does not fill here (it fills: {count})")
        );
        // Braces that are not holes (`{ }`, `{-}`) are text.
        assert_eq!(hole_problem("k", &text("a { b } {-}"), &text("a")), None);
        // A `}` that closes nothing is no text a reader should see.
        assert_eq!(
            hole_problem("page_of", &text("{current}} of {total}"), &page_of)
                .map(|(_, problem)| problem)
                .as_deref(),
            Some("`page_of` has a `}` that closes no hole (after `{current}`), which readers would see")
        );
    }

    /// Regression (session 30's newsroom probe): "5 briefings" and "1 min read" broke across
    /// lines between the count and its word. The space beside a count is a no-break space, and
    /// only that one.
    #[test]
    fn a_count_keeps_to_the_word_beside_it() {
        let files = [file(
            "en",
            false,
            "a: { other: \"{count} min read\" }\nb: { other: \"in {count} {where} here\" }\nc: { other: \"({count}) x {y}\" }\n",
        )];
        let (words, _) = Words::new("en", &files, "i18n");
        assert_eq!(words.text("a", Some(3), &[]), "3\u{a0}min read");
        assert_eq!(
            words.html("b", Some(2), &[("where", "<b>x</b>")]),
            "in\u{a0}2\u{a0}<b>x</b> here"
        );
        assert_eq!(words.text("c", Some(1), &[("y", "z")]), "(1) x z");
    }

    /// Regression (language probe, session 24): English words standing in for a language took
    /// its plural rules ("1 briefings" in Chinese), on pages and in search.js, which is told so.
    #[test]
    fn english_counted_words_standing_in_are_formed_by_englishs_rules() {
        let files = [file(
            "en",
            false,
            "count: { one: \"{count} x\", other: \"{count} xs\" }\n",
        )];
        let (words, _) = Words::new("zh-Hant", &files, "i18n");
        assert_eq!(words.text("count", Some(1), &[]), "1\u{a0}x");
        assert_eq!(words.json("count")["_lang"], "en");
        let (english, _) = Words::new("en", &files, "i18n");
        assert!(english.json("count").get("_lang").is_none());
    }

    /// Theme probe: a site with a theme of its own was told to run `gazette theme eject`, which
    /// refuses such a site.
    #[test]
    fn missing_words_of_a_theme_of_its_own_are_told_to_copy_its_english_not_to_eject() {
        let english = [file("en", false, "nav_topics: Topics\n")];
        let (_, told) = I18n::new("et", &english, "themes/x/i18n");
        let hint = told[0].hint.as_deref().unwrap_or_default();
        assert!(
            hint.contains("copy themes/x/i18n/en.yaml and translate it") && !hint.contains("eject"),
            "{hint}"
        );
        let (_, told) = I18n::new("et", &english, "i18n");
        assert!(
            told[0]
                .hint
                .as_deref()
                .unwrap_or_default()
                .contains("gazette theme eject i18n/en.yaml")
        );
    }

    #[test]
    fn footnotes_take_the_words_of_the_language_escaped() {
        let files = [file(
            "fr",
            false,
            "footnotes_heading: Notes & sources\nfootnote_back: \"Retour à l'appel {number}\"\n",
        )];
        let (i18n, _) = I18n::new("fr", &files, "themes/x/i18n");
        let words = i18n.default_words();
        let body = crate::parse::markdown::render(
            "Text.[^a] More.[^b]\n\n[^a]: A.\n\n[^b]: B.\n",
            crate::parse::markdown::MarkdownOptions::default(),
        );
        let footnotes = BodyWords::of(words).expect("words of their own");
        let html = footnotes.localize(&body.html).unwrap();
        assert!(
            html.contains("id=\"footnotes-heading\">Notes &amp; sources</h2>"),
            "{html}"
        );
        assert!(html.contains("aria-label=\"Retour à l&#39;appel 1\">↩"), "{html}");
        assert!(html.contains("aria-label=\"Retour à l&#39;appel 2\">↩"), "{html}");
        assert!(!html.contains("Back to reference"), "{html}");
        let english = [file(
            "en",
            false,
            "footnotes_heading: Notes\nfootnote_back: \"Back to reference {number}\"\ntable_label: Table\n",
        )];
        let (i18n, _) = I18n::new("en", &english, "themes/x/i18n");
        assert!(BodyWords::of(i18n.default_words()).is_none(), "English as written");
        assert_eq!(footnotes.localize("<p>No notes.</p>"), None);
    }

    /// Regression (reader probe): a table's scrolling region was named "Table" in English on
    /// every page, a Korean one too.
    #[test]
    fn a_tables_region_is_named_in_the_pages_language() {
        let files = [file("ko", false, "table_label: 표\n")];
        let (i18n, _) = I18n::new("ko", &files, "themes/x/i18n");
        let body = crate::parse::markdown::render(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\nText.[^a]\n\n[^a]: A.\n",
            crate::parse::markdown::MarkdownOptions::default(),
        );
        let words = BodyWords::of(i18n.default_words()).expect("words of their own");
        let html = words.localize(&body.html).unwrap();
        assert!(html.contains("role=\"region\" aria-label=\"표\""), "{html}");
        assert!(!html.contains("aria-label=\"Table\""), "{html}");
        // A code sample that shows such a tag is not the page's table (review).
        let sample = crate::parse::markdown::render(
            "`<div class=\"table-scroll\" role=\"region\" aria-label=\"Table\">`\n\n    <div class=\"table-scroll\" role=\"region\" aria-label=\"Table\">\n",
            crate::parse::markdown::MarkdownOptions::default(),
        );
        assert_eq!(words.localize(&sample.html), None, "{}", sample.html);
        // Without footnotes, the tables alone.
        let table = crate::parse::markdown::render("| a |\n|---|\n| 1 |\n", Default::default());
        assert!(words.localize(&table.html).unwrap().contains("aria-label=\"표\""));
        let english = [file(
            "en",
            false,
            "table_label: Table\nfootnotes_heading: Notes\nfootnote_back: \"Back to reference {number}\"\n",
        )];
        let (i18n, _) = I18n::new("en", &english, "themes/x/i18n");
        assert!(BodyWords::of(i18n.default_words()).is_none(), "English as written");
    }

    #[test]
    fn plural_forms_follow_the_language() {
        let files = [
            file(
                "en",
                false,
                "sources: { one: \"{count} source\", other: \"{count} sources\" }\n",
            ),
            file(
                "ar",
                false,
                "sources: { zero: لا مصادر, one: مصدر واحد, two: مصدران, few: \"{count} مصادر\", many: \"{count} مصدرًا\", other: \"{count} مصدر\" }\n",
            ),
            file("ko", false, "sources: { other: \"출처 {count}건\" }\n"),
        ];
        let en = Words::new("en", &files, "themes/default/i18n").0;
        assert_eq!(en.text("sources", Some(1), &[]), "1\u{a0}source");
        assert_eq!(en.text("sources", Some(3), &[]), "3\u{a0}sources");
        let ar = Words::new("ar", &files, "themes/default/i18n").0;
        let got: Vec<String> = [0, 1, 2, 3, 11, 100]
            .iter()
            .map(|&n| ar.text("sources", Some(n), &[]))
            .collect();
        assert_eq!(
            got,
            [
                "لا مصادر",
                "مصدر واحد",
                "مصدران",
                "3\u{a0}مصادر",
                "11\u{a0}مصدرًا",
                "100\u{a0}مصدر"
            ]
        );
        let ko = Words::new("ko", &files, "themes/default/i18n").0;
        assert_eq!(ko.text("sources", Some(1), &[]), "출처\u{a0}1건");
        assert_eq!(ko.text("sources", Some(7), &[]), "출처\u{a0}7건");
    }

    /// Regression (error probe): the warning named every missing key, 167 on one line.
    #[test]
    fn the_warning_names_twelve_missing_keys_and_counts_the_rest() {
        let keys: String = (0..20).map(|i| format!("k{i:02}: K\n")).collect();
        let files = [file("en", false, &keys), file("et", false, "k00: Ä\n")];
        let (_, warnings) = Words::new("et", &files, "themes/default/i18n");
        let text = warnings[0].to_string();
        assert!(
            text.contains("for 19 keys, so they are in English: k01, k02, k03, k04, k05, k06, k07, k08, k09, k10, k11, k12 and 7 more\n"),
            "{text}"
        );
    }

    #[test]
    fn missing_words_fall_back_to_english_with_one_warning() {
        let files = [
            file("en", false, "a: A\nb: B\nc: C\n"),
            file("et", false, "a: Ä\n"),
            file("et", true, "c: Site C\n"),
        ];
        let (et, warnings) = Words::new("et", &files, "themes/default/i18n");
        assert_eq!(
            (
                et.text("a", None, &[]),
                et.text("b", None, &[]),
                et.text("c", None, &[])
            ),
            ("Ä".into(), "B".into(), "Site C".into())
        );
        assert_eq!(warnings.len(), 1);
        let text = warnings[0].to_string();
        assert!(
            text.contains("themes/default/i18n/et.yaml") && text.contains(": b"),
            "{text}"
        );
        let (_, none) = Words::new("en", &files, "themes/default/i18n");
        assert!(none.is_empty());
    }

    #[test]
    fn holes_are_filled_and_braces_that_are_not_names_kept() {
        let files = [file(
            "en",
            false,
            "page: \"page {current} of {total}\"\nodd: \"{ not a hole } {x\"\n",
        )];
        let en = Words::new("en", &files, "t").0;
        assert_eq!(
            en.text("page", None, &[("current", "2"), ("total", "5")]),
            "page 2 of 5"
        );
        assert_eq!(en.text("odd", None, &[]), "{ not a hole } {x");
    }
}
