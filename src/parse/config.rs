//! site.yaml: the site's configuration, parsed and validated into `Config`.

use std::path::Path;

use jiff::tz::TimeZone;

use crate::core::diagnostic::{Checked, Diagnostic, Pos, closest};
use crate::core::urls::{self, BaseUrl};
use crate::parse::yaml::{self, Field, Reader, Value};

/// The site's configuration (DESIGN.md §8), validated.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// `https://example.org/briefings/`: every URL of the site starts with it (`core::urls`).
    pub base_url: BaseUrl,
    /// The language's tag without extensions (`ar` of `ar-u-nu-arab`, `core::language::base_tag`):
    /// `lang`, `hreflang`, feeds' language, a language's folder and its files' suffix.
    pub language: String,
    /// The tag as written (`ar-u-nu-arab`): how dates and numbers are written (`Language::new`).
    pub locale: String,
    pub timezone_name: String,
    pub timezone: TimeZone,
    pub theme: String,
    /// Where site.yaml names the theme (`None` for the default, unnamed).
    pub theme_pos: Option<Pos>,
    pub permalink: String,
    pub feed_entries: usize,
    /// Whether raw HTML in Markdown is kept as written (the default) or sanitised.
    pub unsafe_html: bool,
    /// Whether Markdown makes typewriter quotes, dashes and dots into curly quotes, en and em
    /// dashes and ellipses (the default).
    pub smart_punctuation: bool,
    /// `logo:`: a site path (a file under static/, `logo.svg`) or an absolute URL, shown in the
    /// header.
    pub logo: Option<SiteFile>,
    /// `favicon:`: one or more site paths or absolute URLs, each linked as `<link rel="icon">`.
    pub favicons: Vec<SiteFile>,
    /// `pagination.per_page`: how many articles a page of a long list shows.
    pub per_page: usize,
    /// `search.phrases`: whether the search index has the phrase index (`search/pairs/`), so
    /// that a quoted phrase is found wherever a briefing has it.
    pub search_phrases: bool,
    /// `editions:`: automatic editions and the email's link parameters.
    pub editions: EditionsConfig,
    /// `images:`: responsive images and social cards.
    pub images: ImagesConfig,
    /// `authors:`: the byline of an article that names none (slugs of content/authors/*.md, each
    /// where it is written).
    pub authors: Vec<(String, Pos)>,
    /// `languages:`: the site's other languages (DESIGN.md §8b), each published under `/<code>/`;
    /// empty for a site in one language.
    pub languages: Vec<LanguageConfig>,
    /// For another language's part of a multi-language site (`for_language`): the default
    /// language's base URL, where the site's static files are and robots.txt and the redirects
    /// live. `None` for the default language (and a site in one language).
    pub root_base: Option<BaseUrl>,
    /// For another language's part: the default language's code, whose words a translation
    /// inherits (a lead image's alt and caption) until it writes its own.
    pub original_language: Option<String>,
    /// The words of the feeds' titles and subtitles: not from site.yaml but from the theme's
    /// words in the site's language, which the pipeline puts here before the site is assembled.
    pub feed_words: FeedWords,
    pub extra: serde_json::Value,
}

/// The feeds' own words (the theme's `tag_title`, `tag_description`, `author_feed_description`
/// and `editions_title`), with `{tag}` and `{name}` left to fill.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedWords {
    pub tag_title: String,
    pub tag_subtitle: String,
    pub author_subtitle: String,
    pub editions_title: String,
    /// The heading of an entry's log of updates and corrections, and each kind's label.
    pub updates_heading: String,
    pub update: String,
    pub correction: String,
    pub clarification: String,
}

impl Default for FeedWords {
    /// The English words.
    fn default() -> FeedWords {
        FeedWords {
            tag_title: "Tagged “{tag}”".to_string(),
            tag_subtitle: "Briefings tagged {tag}.".to_string(),
            author_subtitle: "Briefings by {name}.".to_string(),
            editions_title: "Editions".to_string(),
            updates_heading: "Updates and corrections".to_string(),
            update: "Update".to_string(),
            correction: "Correction".to_string(),
            clarification: "Clarification".to_string(),
        }
    }
}

/// One other language of a multi-language site: `ko: { title: …, description: … }`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanguageConfig {
    /// The BCP 47 tag without extensions (`ko`, `pt-BR`, `ar` of `ar-u-nu-arab`): the folder its
    /// pages go under, and the suffix of its files (`treaty.ko.md`).
    pub code: String,
    /// The tag as written, extensions and all: how its dates and numbers are written.
    pub locale: String,
    /// The site's title and description in that language (the default language's when absent).
    pub title: Option<String>,
    pub description: Option<String>,
    pub pos: Pos,
}

/// `images: { widths: [480, 960, 1600], quality: 80, social_cards: true, max_pixels: 50000000 }`,
/// or `images: off` (images copied as they are, no social cards).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImagesConfig {
    /// Whether raster images are resized and re-encoded at all.
    pub process: bool,
    /// The widths made of each image narrower than it, ascending.
    pub widths: Vec<u32>,
    /// JPEG and WebP quality, 1 to 100.
    pub quality: u8,
    /// Whether an article without a lead image of 1200×630 or more gets a generated card.
    pub social_cards: bool,
    /// The largest image, in pixels, the build agrees to decode.
    pub max_pixels: u64,
}

impl Default for ImagesConfig {
    fn default() -> ImagesConfig {
        ImagesConfig {
            process: true,
            widths: vec![480, 960, 1600],
            quality: 80,
            social_cards: true,
            max_pixels: 50_000_000,
        }
    }
}

/// How often gazette makes an edition by itself, for each day (or week) with published
/// articles and no written edition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AutoEditions {
    #[default]
    Off,
    Daily,
    Weekly,
}

/// `editions: { auto: off | daily | weekly, utm: { source: …, medium: …, campaign: … } }`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EditionsConfig {
    pub auto: AutoEditions,
    /// `utm_<name>=<value>` pairs added to the site's own links in emails, in this order
    /// (`source`, `medium`, `campaign`, `term`, `content`); none by default.
    pub utm: Vec<(String, String)>,
    /// `unsubscribe:` the address of the email's "Unsubscribe" link, or the sending service's
    /// placeholder for it (`{{{ pm:unsubscribe }}}`, `*|UNSUB|*`), as written; none by default.
    pub unsubscribe: Option<String>,
    /// The words automatic editions are written with: not from site.yaml but from the theme's
    /// words in the site's language, which the pipeline puts here before the site is assembled.
    pub words: AutoEditionWords,
}

/// An automatic edition's title and section headings (`auto_edition_*` in the theme's i18n
/// files): `{site}` and `{date}` are filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AutoEditionWords {
    pub daily_title: String,
    pub weekly_title: String,
    pub key_events: String,
    pub other: String,
}

impl Default for AutoEditionWords {
    /// The English words.
    fn default() -> AutoEditionWords {
        AutoEditionWords {
            daily_title: "{site}, {date}".to_string(),
            weekly_title: "{site}, week of {date}".to_string(),
            key_events: "Key events".to_string(),
            other: "Other briefings".to_string(),
        }
    }
}

/// A file site.yaml names (`logo: logo.svg`), and where, for a warning when the output lacks it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteFile {
    /// A site path (`logo.svg`, `/images/logo.svg`) or an absolute http(s) URL, as written.
    pub path: String,
    pub pos: Pos,
}

pub const KNOWN_KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "timezone",
    "theme",
    "permalink",
    "feeds",
    "markdown",
    "logo",
    "favicon",
    "editions",
    "pagination",
    "search",
    "images",
    "authors",
    "languages",
    "extra",
];

impl Config {
    /// A config for tests and for `init`: the given title and base URL (`http://localhost/` when it
    /// is not one), defaults elsewhere.
    pub fn with_defaults(title: &str, base_url: &str) -> Config {
        Config {
            title: title.to_string(),
            description: String::new(),
            base_url: BaseUrl::parse(base_url).unwrap_or_default(),
            language: "en".to_string(),
            locale: "en".to_string(),
            timezone_name: "UTC".to_string(),
            timezone: TimeZone::UTC,
            theme: "default".to_string(),
            theme_pos: None,
            permalink: urls::DEFAULT_PERMALINK.to_string(),
            feed_entries: 50,
            unsafe_html: true,
            smart_punctuation: true,
            logo: None,
            favicons: Vec::new(),
            editions: EditionsConfig::default(),
            per_page: 30,
            search_phrases: true,
            images: ImagesConfig::default(),
            authors: Vec::new(),
            languages: Vec::new(),
            root_base: None,
            original_language: None,
            feed_words: FeedWords::default(),
            extra: serde_json::Value::Object(Default::default()),
        }
    }

    /// Whether this is another language's part of a multi-language site, under `/<code>/`.
    pub fn is_subsite(&self) -> bool {
        self.root_base.is_some()
    }

    /// Where the site's static files are (`style.css`, `search.js`, the logo): the site's own
    /// base URL, or the default language's for another language's pages.
    pub fn static_base(&self) -> &BaseUrl {
        self.root_base.as_ref().unwrap_or(&self.base_url)
    }

    /// This configuration as the site in `language` sees it: its title, description and tag,
    /// and its URLs under `/<code>/`.
    pub fn for_language(&self, language: &LanguageConfig) -> Config {
        let mut config = self.clone();
        config.language = language.code.clone();
        config.locale = language.locale.clone();
        if let Some(title) = &language.title {
            config.title = title.clone();
        }
        if let Some(description) = &language.description {
            config.description = description.clone();
        }
        config.base_url = self.base_url.child(&language.code);
        config.languages = Vec::new();
        config.root_base = Some(self.base_url.clone());
        config.original_language = Some(self.language.clone());
        config
    }
}

/// Parses and validates site.yaml. Unknown keys are warnings with a suggestion; every error is
/// reported, and any error means no `Config`.
pub fn parse(path: &Path, text: &str) -> Checked<Config> {
    let fields = match yaml::parse_mapping(path, text, 1, "site.yaml") {
        Ok(fields) => fields,
        Err(e) => return Checked::failed(vec![e]),
    };
    let mut reader = Reader::new(path);
    let mut warnings = Vec::new();
    let mut config = Config::with_defaults("", "");
    let mut title = None;
    let mut base_url_entry = None;
    for entry in &fields.entries {
        match entry.key.as_str() {
            // The text, or `None` (empty, or of another type: an error already), and where.
            "title" => {
                title = Some((
                    reader
                        .text(entry)
                        .or_else(|| entry.value.value.is_null().then(String::new)),
                    entry.pos,
                ))
            }
            "description" => config.description = reader.text(entry).unwrap_or_default(),
            "base_url" => base_url_entry = Some(entry),
            "language" => read_language(&mut reader, entry, &mut config, &mut warnings),
            "timezone" => read_timezone(&mut reader, entry, &mut config),
            "theme" => read_theme(&mut reader, entry, &mut config),
            "permalink" => read_permalink(&mut reader, entry, &mut config),
            "feeds" => read_feeds(&mut reader, entry, &mut config, &mut warnings),
            "markdown" => read_markdown(&mut reader, entry, &mut config, &mut warnings),
            "logo" => config.logo = read_site_file(&mut reader, entry, false).into_iter().next(),
            "favicon" => config.favicons = read_site_file(&mut reader, entry, true),
            "editions" => read_editions(&mut reader, entry, &mut config, &mut warnings),
            "pagination" => read_pagination(&mut reader, entry, &mut config, &mut warnings),
            "search" => read_search(&mut reader, entry, &mut config, &mut warnings),
            "images" => read_images(&mut reader, entry, &mut config, &mut warnings),
            "authors" => config.authors = reader.slug_items(entry, "min-ji-park"),
            "languages" => config.languages = read_languages(&mut reader, entry, &mut warnings),
            "extra" => config.extra = yaml::json(&entry.value),
            _ => warnings.push(yaml::unknown_key(path, entry, KNOWN_KEYS, "site.yaml")),
        }
    }
    match title {
        Some((Some(title), _)) if !title.trim().is_empty() => config.title = title,
        Some((Some(_), pos)) => reader.errors.push(
            Diagnostic::error(path, pos, "`title` is empty")
                .with_hint("give the site its name, such as `title: Korea Desk Briefings`"),
        ),
        Some((None, _)) => {}
        None => reader.errors.push(
            Diagnostic::error(path, Pos::new(1, 1), "site.yaml has no `title`")
                .with_hint("add a line such as `title: Korea Desk Briefings`"),
        ),
    }
    read_base_url(&mut reader, base_url_entry, &mut config);
    if let Some(same) = config.languages.iter().find(|l| l.code == config.language) {
        reader.errors.push(
            Diagnostic::error(
                reader.path,
                same.pos,
                format!(
                    "`{}` is the site's own language, so it is not one of its other `languages`",
                    same.code
                ),
            )
            .with_hint("`languages` lists the languages besides `language`; remove this one"),
        );
    }
    reader.finish(config, warnings)
}

const LANGUAGES_EXAMPLE: &str = "write `languages: { ko: { title: 코리아 데스크 브리핑 } }`";

/// `languages: { ko: { title: …, description: … }, … }`: the other languages, in the order written.
fn read_languages(reader: &mut Reader<'_>, entry: &Field, warnings: &mut Vec<Diagnostic>) -> Vec<LanguageConfig> {
    let Value::Mapping(entries) = &entry.value.value else {
        reader.wrong_type(entry, "a mapping", LANGUAGES_EXAMPLE);
        return Vec::new();
    };
    let mut languages: Vec<LanguageConfig> = Vec::new();
    for sub in entries {
        let written = yaml::scalar_text(&sub.key.value).unwrap_or_default();
        let Some(code) = crate::core::language::language_tag(&written) else {
            reader.errors.push(
                Diagnostic::error(reader.path, sub.key.pos, format!("`{written}` is not a language tag"))
                    .with_hint(tag_hint(&written)),
            );
            continue;
        };
        warnings.extend(country_code(reader.path, sub.key.pos, &code));
        // Tags are the same in any case (`ko`, `KO`), and two folders that differ only in case
        // are one on many file systems.
        let base = crate::core::language::base_tag(&code);
        if let Some(listed) = languages.iter().find(|l| l.code.eq_ignore_ascii_case(base)) {
            let also = if listed.code == written {
                String::new()
            } else {
                format!(" (as `{}`: a language tag is the same in any case)", listed.code)
            };
            reader.errors.push(
                Diagnostic::error(
                    reader.path,
                    sub.key.pos,
                    format!("`{written}` is listed twice in `languages`{also}"),
                )
                .with_hint("keep one of them"),
            );
            continue;
        }
        let mut language = LanguageConfig {
            code: crate::core::language::base_tag(&code).to_string(),
            locale: code,
            title: None,
            description: None,
            pos: sub.key.pos,
        };
        match &sub.value.value {
            Value::Mapping(fields) => read_language_fields(reader, fields, &mut language, warnings),
            Value::Null => {}
            _ => reader.errors.push(
                Diagnostic::error(
                    reader.path,
                    sub.pos(),
                    format!("`languages.{}` must be a mapping", language.code),
                )
                .with_hint(LANGUAGES_EXAMPLE),
            ),
        }
        languages.push(language);
    }
    languages
}

/// One language's `title` and `description` (each text), with a warning for any other key.
fn read_language_fields(
    reader: &mut Reader<'_>,
    fields: &[yaml::Entry],
    language: &mut LanguageConfig,
    warnings: &mut Vec<Diagnostic>,
) {
    let code = language.code.clone();
    for field in fields {
        let key = field.key.value.as_str();
        // A list or mapping here is an error, not an English title.
        let text = |reader: &mut Reader<'_>| match yaml::scalar_text(&field.value.value) {
            Some(text) => Some(text).filter(|t| !t.trim().is_empty()),
            None => {
                reader.errors.push(
                    Diagnostic::error(
                        reader.path,
                        field.value.pos,
                        format!("`languages.{code}.{}` must be text", key.unwrap_or_default()),
                    )
                    .with_hint(LANGUAGES_EXAMPLE),
                );
                None
            }
        };
        match key {
            Some("title") => language.title = text(reader),
            Some("description") => language.description = text(reader),
            key => warnings.push(
                Diagnostic::warning(
                    reader.path,
                    field.key.pos,
                    format!("unknown key `{}` in `languages.{code}`", key.unwrap_or("?")),
                )
                .with_hint(
                    key.and_then(|key| yaml::cut_by_a_comma(key, &field.value.value))
                        .unwrap_or_else(|| "a language knows `title` and `description`".to_string()),
                ),
            ),
        }
    }
}

/// A warning for a language tag whose language is a country's code (`jp`, `cn`, `kr`): pages
/// would say `lang="jp"`, which no browser, screen reader or search engine knows as Japanese, and
/// dates and plurals would be a language's that is not there (session 34's Japanese desk probe).
fn country_code(path: &std::path::Path, pos: Pos, tag: &str) -> Option<Diagnostic> {
    let primary = crate::core::language::base_tag(tag).split('-').next().unwrap_or(tag);
    // A country's code that is a language's too (`br` Breton, `se` Northern Sami, `kr` Kanuri,
    // `tw` Twi) may be meant: a site in it would be warned on every build (the review).
    if isolang::Language::from_639_1(&primary.to_ascii_lowercase()).is_some() {
        return None;
    }
    let language = crate::core::language::language_of_country(primary)?;
    Some(
        Diagnostic::warning(
            path,
            pos,
            format!("`{primary}` is a country's code (ISO 3166), and the language of that country is `{language}`"),
        )
        .with_hint(format!(
            "write `{language}`: pages say their language with it, and dates and plurals follow it"
        )),
    )
}

/// `language`: a BCP 47 tag.
fn read_language(reader: &mut Reader<'_>, entry: &Field, config: &mut Config, warnings: &mut Vec<Diagnostic>) {
    if let Some(written) = reader.text(entry) {
        match crate::core::language::language_tag(&written) {
            Some(language) => {
                warnings.extend(country_code(reader.path, entry.pos, &language));
                config.language = crate::core::language::base_tag(&language).to_string();
                config.locale = language;
            }
            None => reader.errors.push(
                Diagnostic::error(reader.path, entry.pos, format!("`{written}` is not a language tag"))
                    .with_hint(tag_hint(&written)),
            ),
        }
    }
}

/// `timezone`: an IANA name.
fn read_timezone(reader: &mut Reader<'_>, entry: &Field, config: &mut Config) {
    if let Some(name) = reader.text(entry) {
        match TimeZone::get(&name) {
            Ok(tz) => {
                config.timezone = tz;
                config.timezone_name = name;
            }
            Err(_) => {
                // The names of the bundled database, the one `TimeZone::get` reads.
                let zones = jiff::tz::db().available();
                let names: Vec<String> = zones.map(|zone| zone.as_str().to_string()).collect();
                let hint = match (zone_of_abbreviation(&name), closest(&name, names.iter().map(String::as_str))) {
                    (Some(zone), _) => format!(
                        "an abbreviation names no place (and one may stand for several zones): write the IANA name, e.g. `{zone}`"
                    ),
                    (None, _) if is_abbreviation(&name) => {
                        "an abbreviation names no place: write the IANA name of the zone, such as `Asia/Seoul` or `Europe/London`".to_string()
                    }
                    (None, Some(zone)) => format!("did you mean `{zone}`?"),
                    (None, None) => "use an IANA name such as `UTC`, `Asia/Seoul` or `Europe/London`".to_string(),
                };
                reader.errors.push(
                    Diagnostic::error(reader.path, entry.pos, format!("unknown time zone `{name}`")).with_hint(hint),
                );
            }
        }
    }
}

/// The IANA zone a desk most likely means by a common abbreviation that is not a zone name
/// itself (`KST`; `EST` and `CET` are names in the database, and taken as such).
fn zone_of_abbreviation(name: &str) -> Option<&'static str> {
    const ZONES: &[(&str, &str)] = &[
        ("KST", "Asia/Seoul"),
        ("JST", "Asia/Tokyo"),
        ("HKT", "Asia/Hong_Kong"),
        ("SGT", "Asia/Singapore"),
        ("IST", "Asia/Kolkata"),
        ("PKT", "Asia/Karachi"),
        ("MSK", "Europe/Moscow"),
        ("BST", "Europe/London"),
        ("CEST", "Europe/Paris"),
        ("EEST", "Europe/Athens"),
        ("PST", "America/Los_Angeles"),
        ("PDT", "America/Los_Angeles"),
        ("MDT", "America/Denver"),
        ("CST", "America/Chicago"),
        ("CDT", "America/Chicago"),
        ("EDT", "America/New_York"),
        ("AEST", "Australia/Sydney"),
        ("AEDT", "Australia/Sydney"),
    ];
    ZONES
        .iter()
        .find(|(abbreviation, _)| abbreviation.eq_ignore_ascii_case(name.trim()))
        .map(|&(_, zone)| zone)
}

/// Whether `name` looks like a zone's abbreviation (`WIB`, `NZST`): two to five capitals.
fn is_abbreviation(name: &str) -> bool {
    (2..=5).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_uppercase())
}

/// `theme`: a folder name under themes/.
fn read_theme(reader: &mut Reader<'_>, entry: &Field, config: &mut Config) {
    if let Some(theme) = reader.text(entry) {
        if theme.trim().is_empty() {
            reader
                .errors
                .push(Diagnostic::error(reader.path, entry.pos, "`theme` is empty").with_hint(
                    "name a folder under themes/, such as `theme: newsroom`, or remove the line for the default theme",
                ));
        } else if theme.contains(['/', '\\']) || theme.starts_with('.') {
            // `newsdesk/`, `themes/newsdesk`: the folder's name is what was meant.
            let name = theme
                .trim_end_matches(['/', '\\'])
                .rsplit(['/', '\\'])
                .next()
                .unwrap_or("");
            let hint = if name.is_empty() || name.starts_with('.') {
                "name a folder under themes/, for example `theme: default`".to_string()
            } else {
                format!("name the folder under themes/ alone: `theme: {name}`")
            };
            reader.errors.push(
                Diagnostic::error(reader.path, entry.pos, format!("`{theme}` is not a theme name")).with_hint(hint),
            );
        } else {
            config.theme = theme;
            config.theme_pos = Some(entry.pos);
        }
    }
}

/// `permalink`: a pattern `core::urls` accepts.
fn read_permalink(reader: &mut Reader<'_>, entry: &Field, config: &mut Config) {
    if let Some(pattern) = reader.text(entry) {
        match urls::check_permalink(&pattern) {
            Ok(()) => config.permalink = pattern,
            Err(message) => reader.errors.push(
                Diagnostic::error(reader.path, entry.pos, message)
                    .with_hint("use the placeholders :year, :month, :day and :slug, e.g. `/:year/:month/:slug/`"),
            ),
        }
    }
}

/// `feeds: { entries: N }`.
fn read_feeds(reader: &mut Reader<'_>, entry: &Field, config: &mut Config, warnings: &mut Vec<Diagnostic>) {
    let count = Count {
        section: "feeds",
        key: "entries",
        range: 1..=u64::MAX,
        must_be: "a whole number above 0",
        example: "write `feeds: { entries: 50 }`",
    };
    if let Some(n) = read_count(reader, entry, warnings, &count) {
        config.feed_entries = n as usize;
    }
}

/// A section of site.yaml that holds one whole number (`feeds: { entries: 50 }`).
struct Count {
    section: &'static str,
    key: &'static str,
    range: std::ops::RangeInclusive<u64>,
    must_be: &'static str,
    example: &'static str,
}

/// The number of a `Count` section: an error at a value out of its range, a warning at a key the
/// section does not have.
fn read_count(reader: &mut Reader<'_>, entry: &Field, warnings: &mut Vec<Diagnostic>, count: &Count) -> Option<u64> {
    let Value::Mapping(entries) = &entry.value.value else {
        reader.wrong_type(entry, "a mapping", count.example);
        return None;
    };
    let mut found = None;
    for sub in entries {
        match sub.key.value.as_str() {
            Some(key) if key == count.key => match sub.value.value.as_u64() {
                Some(n) if count.range.contains(&n) => found = Some(n),
                _ => reader.errors.push(
                    Diagnostic::error(
                        reader.path,
                        sub.pos(),
                        format!("`{}.{}` must be {}", count.section, count.key, count.must_be),
                    )
                    .with_hint(count.example),
                ),
            },
            key => warnings.push(
                Diagnostic::warning(
                    reader.path,
                    sub.key.pos,
                    format!("unknown key `{}` in `{}`", key.unwrap_or("?"), count.section),
                )
                .with_hint(format!("`{}` knows `{}`", count.section, count.key)),
            ),
        }
    }
    found
}

/// A boolean setting inside a mapping (`Reader::boolean`: anything else is an error).
fn entry_boolean(reader: &mut Reader<'_>, entry: &yaml::Entry) -> bool {
    let field = Field {
        key: entry.name().unwrap_or_default().to_string(),
        key_pos: entry.key.pos,
        pos: entry.pos(),
        value: entry.value.clone(),
    };
    // A setting with nothing after it says neither: `unsafe_html:` read as `false` although
    // its default is `true`, and `phrases:` turned the phrase index off. (An article's `draft:`
    // or `key:` with no value is their default, `false`, as the article schema says.)
    if field.value.value.is_null() {
        let hint = format!(
            "write `{key}: true` or `{key}: false`, or remove the line to take the default",
            key = field.key
        );
        reader.wrong_type(&field, "`true` or `false`", &hint);
        return false;
    }
    reader.boolean(&field)
}

/// `markdown: { unsafe_html: true|false, smart_punctuation: true|false }`.
fn read_markdown(reader: &mut Reader<'_>, entry: &Field, config: &mut Config, warnings: &mut Vec<Diagnostic>) {
    match &entry.value.value {
        Value::Mapping(entries) => {
            for sub in entries {
                // A value that is not a boolean is an error, not a fall back to the default: a
                // desk writing `unsafe_html: no` (text in YAML 1.2) meant to clean the HTML.
                match sub.key.value.as_str() {
                    Some("unsafe_html") => config.unsafe_html = entry_boolean(reader, sub),
                    Some("smart_punctuation") => config.smart_punctuation = entry_boolean(reader, sub),
                    key => warnings.push(
                        Diagnostic::warning(
                            reader.path,
                            sub.key.pos,
                            format!("unknown key `{}` in `markdown`", key.unwrap_or("?")),
                        )
                        .with_hint(
                            match key.and_then(|k| closest(k, ["unsafe_html", "smart_punctuation"])) {
                                Some(near) => format!("did you mean `{near}`?"),
                                None => {
                                    "`markdown` knows `unsafe_html: true|false` and `smart_punctuation: true|false`"
                                        .to_string()
                                }
                            },
                        ),
                    ),
                }
            }
        }
        _ => reader.wrong_type(entry, "a mapping", "write `markdown: { unsafe_html: false }`"),
    }
}

/// `search: { phrases: true|false }`.
fn read_search(reader: &mut Reader<'_>, entry: &Field, config: &mut Config, warnings: &mut Vec<Diagnostic>) {
    let Value::Mapping(entries) = &entry.value.value else {
        return reader.wrong_type(entry, "a mapping", "write `search: { phrases: false }`");
    };
    for sub in entries {
        match sub.key.value.as_str() {
            Some("phrases") => config.search_phrases = entry_boolean(reader, sub),
            key => warnings.push(
                Diagnostic::warning(
                    reader.path,
                    sub.key.pos,
                    format!("unknown key `{}` in `search`", key.unwrap_or("?")),
                )
                .with_hint("`search` knows `phrases: true|false`"),
            ),
        }
    }
}

/// `pagination: { per_page: N }`.
fn read_pagination(reader: &mut Reader<'_>, entry: &Field, config: &mut Config, warnings: &mut Vec<Diagnostic>) {
    let count = Count {
        section: "pagination",
        key: "per_page",
        range: 1..=10_000,
        must_be: "a whole number from 1 to 10000",
        example: "write `pagination: { per_page: 30 }`",
    };
    if let Some(n) = read_count(reader, entry, warnings, &count) {
        config.per_page = n as usize;
        if config.per_page > PER_PAGE_LIGHT {
            warnings.push(
                Diagnostic::warning(
                    reader.path,
                    entry.pos,
                    format!(
                        "pages of {n} articles are heavy, slow on a phone: 1,000 cards make a 443 KB home page in the default theme, while up to {PER_PAGE_LIGHT} a page stay under 200 KB"
                    ),
                )
                .with_hint(format!("a list of any length is split into numbered pages: keep `per_page` at {PER_PAGE_LIGHT} or less (30 by default)")),
            );
        }
    }
}

/// The most articles a list page shows and stays under 200 KB in the default theme (a card is
/// about 440 bytes).
const PER_PAGE_LIGHT: usize = 300;

const IMAGES_EXAMPLE: &str =
    "write `images: { widths: [480, 960, 1600], quality: 80, social_cards: true }`, or `images: off`";
const IMAGES_KEYS: &[&str] = &["widths", "quality", "social_cards", "max_pixels"];

/// `images: off`, or `images: { widths: [...], quality: N, social_cards: bool, max_pixels: N }`.
fn read_images(reader: &mut Reader<'_>, entry: &Field, config: &mut Config, warnings: &mut Vec<Diagnostic>) {
    let images = &mut config.images;
    let entries = match &entry.value.value {
        Value::Bool(false) => {
            images.process = false;
            images.social_cards = false;
            return;
        }
        Value::String(off) if off == "off" => {
            images.process = false;
            images.social_cards = false;
            return;
        }
        Value::Mapping(entries) => entries,
        _ => return reader.wrong_type(entry, "a mapping, or `off`", IMAGES_EXAMPLE),
    };
    for sub in entries {
        let key = sub.key.value.as_str().unwrap_or("?");
        let value = &sub.value.value;
        let number = |range: std::ops::RangeInclusive<u64>| value.as_u64().filter(|n| range.contains(n));
        let mut wrong = |must_be: &str| {
            reader.errors.push(
                Diagnostic::error(reader.path, sub.pos(), format!("`images.{key}` must be {must_be}"))
                    .with_hint(IMAGES_EXAMPLE),
            )
        };
        match key {
            "widths" => {
                let widths: Option<Vec<u32>> = match value {
                    Value::Sequence(items) if !items.is_empty() => items
                        .iter()
                        .map(|item| {
                            item.value
                                .as_u64()
                                .filter(|w| (16..=8192).contains(w))
                                .map(|w| w as u32)
                        })
                        .collect(),
                    _ => None,
                };
                match widths {
                    Some(mut widths) => {
                        widths.sort_unstable();
                        widths.dedup();
                        images.widths = widths;
                    }
                    None => wrong("a list of widths in pixels, each from 16 to 8192"),
                }
            }
            "quality" => match number(1..=100) {
                Some(q) => images.quality = q as u8,
                None => wrong("a whole number from 1 to 100"),
            },
            "max_pixels" => match number(1..=1_000_000_000) {
                Some(n) => images.max_pixels = n,
                None => wrong("a number of pixels from 1 to 1000000000"),
            },
            "social_cards" => match value {
                Value::Bool(b) => images.social_cards = *b,
                _ => wrong("true or false"),
            },
            _ => {
                let hint = match closest(key, IMAGES_KEYS.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("`images` knows {}", IMAGES_KEYS.join(", ")),
                };
                warnings.push(
                    Diagnostic::warning(reader.path, sub.key.pos, format!("unknown key `{key}` in `images`"))
                        .with_hint(hint),
                );
            }
        }
    }
}

const EDITIONS_EXAMPLE: &str = "write `editions: { auto: daily }` (off, daily or weekly)";
const UTM_KEYS: &[&str] = &["source", "medium", "campaign", "term", "content"];

/// `editions: { auto: off | daily | weekly, utm: { source: newsletter, … } }`.
fn read_editions(reader: &mut Reader<'_>, entry: &Field, config: &mut Config, warnings: &mut Vec<Diagnostic>) {
    let Value::Mapping(entries) = &entry.value.value else {
        reader.wrong_type(entry, "a mapping", EDITIONS_EXAMPLE);
        return;
    };
    for sub in entries {
        match sub.key.value.as_str() {
            Some("auto") => match yaml::scalar_text(&sub.value.value).as_deref() {
                Some("off" | "false") => config.editions.auto = AutoEditions::Off,
                Some("daily") => config.editions.auto = AutoEditions::Daily,
                Some("weekly") => config.editions.auto = AutoEditions::Weekly,
                other => reader.errors.push(
                    Diagnostic::error(
                        reader.path,
                        sub.pos(),
                        format!(
                            "`editions.auto` is `{}`, which is not off, daily or weekly",
                            other.unwrap_or("?")
                        ),
                    )
                    .with_hint(EDITIONS_EXAMPLE),
                ),
            },
            Some("utm") => config.editions.utm = read_utm(reader, sub, warnings),
            Some("unsubscribe") => match yaml::scalar_text(&sub.value.value) {
                Some(text) if is_script_address(&text) => reader.errors.push(
                    Diagnostic::error(
                        reader.path,
                        sub.value.pos,
                        format!("`editions.unsubscribe` is `{}`, a script, which an email never carries", text.trim()),
                    )
                    .with_hint("write a whole address (`https://example.org/unsubscribe`, `mailto:…`) or your sending service's placeholder"),
                ),
                Some(text) if text.trim().chars().any(char::is_control) => reader.errors.push(
                    Diagnostic::error(
                        reader.path,
                        sub.value.pos,
                        "`editions.unsubscribe` has a tab, a line break or another control character: an address has none",
                    )
                    .with_hint("write the address on one line, without escapes such as `\\t` or `\\n`"),
                ),
                Some(text) if !text.trim().is_empty() => {
                    let text = text.trim();
                    // A placeholder the sending service fills in, or an address a mailbox opens.
                    let placeholder = crate::core::resolve::is_placeholder(text);
                    let absolute = ["https://", "http://", "mailto:"].iter().any(|s| text.starts_with(s));
                    if !placeholder && !absolute {
                        warnings.push(
                            Diagnostic::warning(
                                reader.path,
                                sub.pos(),
                                format!("`editions.unsubscribe` is `{text}`, which a mailbox cannot open: it is neither a whole address nor a placeholder"),
                            )
                            .with_hint("write a whole address (`https://example.org/unsubscribe`, `mailto:…`) or your sending service's placeholder"),
                        );
                    }
                    config.editions.unsubscribe = Some(text.to_string());
                }
                _ => reader.errors.push(
                    Diagnostic::error(
                        reader.path,
                        sub.pos(),
                        "`editions.unsubscribe` must be an address or your sending service's placeholder for one",
                    )
                    .with_hint("write e.g. `unsubscribe: \"{{{ pm:unsubscribe }}}\"` (Postmark) or `unsubscribe: \"*|UNSUB|*\"` (Mailchimp)"),
                ),
            },
            key => warnings.push(
                Diagnostic::warning(
                    reader.path,
                    sub.key.pos,
                    format!("unknown key `{}` in `editions`", key.unwrap_or("?")),
                )
                .with_hint("`editions` knows `auto`, `utm` and `unsubscribe`"),
            ),
        }
    }
}

/// `editions.utm`: the campaign parameters, each plain text, in `UTM_KEYS` order.
fn read_utm(reader: &mut Reader<'_>, entry: &yaml::Entry, warnings: &mut Vec<Diagnostic>) -> Vec<(String, String)> {
    let example = "write `utm: { source: newsletter, medium: email, campaign: morning }`";
    let Value::Mapping(entries) = &entry.value.value else {
        reader
            .errors
            .push(Diagnostic::error(reader.path, entry.pos(), "`editions.utm` must be a mapping").with_hint(example));
        return Vec::new();
    };
    let mut utm = Vec::new();
    for sub in entries {
        let key = sub.key.value.as_str().unwrap_or("?");
        if !UTM_KEYS.contains(&key) {
            let hint = match closest(key, UTM_KEYS.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("`utm` knows {}", UTM_KEYS.join(", ")),
            };
            warnings.push(
                Diagnostic::warning(
                    reader.path,
                    sub.key.pos,
                    format!("unknown key `{key}` in `editions.utm`"),
                )
                .with_hint(hint),
            );
            continue;
        }
        match yaml::scalar_text(&sub.value.value) {
            Some(value) if !value.trim().is_empty() => utm.push((key.to_string(), value.trim().to_string())),
            Some(_) => reader.errors.push(
                Diagnostic::error(reader.path, sub.pos(), format!("`editions.utm.{key}` is empty"))
                    .with_hint(format!("give it a value, or remove `{key}`")),
            ),
            None => reader.errors.push(
                Diagnostic::error(reader.path, sub.pos(), format!("`editions.utm.{key}` must be text"))
                    .with_hint(example),
            ),
        }
    }
    utm.sort_by_key(|(key, _)| UTM_KEYS.iter().position(|k| k == key));
    utm
}

/// `logo` (one) or `favicon` (one or a list): files of the site, as site paths (`logo.svg`, a file
/// under static/; a leading `/` is the same) or absolute http(s) URLs. A path may not climb out of
/// the site (`..`), since templates put it under the base path.
fn read_site_file(reader: &mut Reader<'_>, entry: &Field, list: bool) -> Vec<SiteFile> {
    let items = if list {
        reader.text_items(entry)
    } else {
        reader
            .text(entry)
            .map(|text| vec![(text, entry.pos)])
            .unwrap_or_default()
    };
    let mut files = Vec::new();
    for (text, pos) in items {
        let text = text.trim().to_string();
        let absolute = text.starts_with("https://") || text.starts_with("http://");
        if text.is_empty() {
            continue;
        }
        // A scheme other than http(s) (`javascript:`, `data:`, `C:`) is no path of the site.
        let scheme = text.split(['/', '\\']).next().is_some_and(|first| first.contains(':'));
        if !absolute && (scheme || text.split(['/', '\\']).any(|part| part == "..")) {
            reader.errors.push(
                Diagnostic::error(reader.path, pos, format!("`{text}` is not a file of the site")).with_hint(format!(
                    "name a file under static/, such as `{}: {}`, or an https:// URL",
                    entry.key,
                    if list { "favicon.svg" } else { "logo.svg" }
                )),
            );
            continue;
        }
        files.push(SiteFile { path: text, pos });
    }
    files
}

/// `base_url`, which every site must have.
fn read_base_url(reader: &mut Reader<'_>, entry: Option<&Field>, config: &mut Config) {
    match entry {
        None => reader.errors.push(
            Diagnostic::error(reader.path, Pos::new(1, 1), "site.yaml has no `base_url`")
                .with_hint("add the address the site is published at, e.g. `base_url: https://example.org/briefings/`"),
        ),
        Some(entry) => match reader.text(entry) {
            Some(url) => match BaseUrl::parse(&url) {
                Ok(url) => config.base_url = url,
                Err(message) => reader.errors.push(
                    Diagnostic::error(reader.path, entry.pos, message)
                        .with_hint("write an absolute http(s) URL such as `https://example.org/briefings/`"),
                ),
            },
            None if entry.value.value.is_null() => reader.errors.push(
                Diagnostic::error(reader.path, entry.pos, "`base_url` is empty").with_hint(
                    "write the address the site is published at, e.g. `base_url: https://example.org/briefings/`",
                ),
            ),
            None => {}
        },
    }
}

/// The hint for a language that is not a tag (`language: english`).
/// What to write for a language tag that is none: `ko-KR` for a POSIX locale's `ko_KR`, else
/// `TAG_HINT`.
fn tag_hint(written: &str) -> String {
    let dashed = written.trim().replace('_', "-");
    match crate::core::language::language_tag(&dashed) {
        Some(tag) if written.contains('_') => {
            let primary = tag.split('-').next().unwrap_or(&tag).to_string();
            format!("write `{tag}` (a language tag joins its parts with `-`, not `_`), or `{primary}` alone")
        }
        _ => TAG_HINT.to_string(),
    }
}

const TAG_HINT: &str = "write the language's two-letter code, as BCP 47 tags do: `en` for English, `ko` for Korean, `ar` for Arabic, `pt-BR` for Brazilian Portuguese";

/// Whether an address runs a script or carries a document (`javascript:`, `vbscript:`,
/// `data:`, in any case): what no link in an email may be.
fn is_script_address(text: &str) -> bool {
    // As a browser reads an address: control characters and spaces around it dropped, and every
    // tab and line break inside it (`java\tscript:` is `javascript:`).
    let lower: String = text
        .trim_matches(|c: char| c.is_ascii_control() || c == ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> (Config, Vec<Diagnostic>) {
        let checked = parse(Path::new("site.yaml"), text);
        (checked.value.expect("valid config"), checked.diagnostics)
    }

    /// The errors of a site.yaml that has some (its warnings left out).
    fn parse_errors(text: &str) -> Vec<Diagnostic> {
        let checked = parse(Path::new("site.yaml"), text);
        assert!(checked.value.is_none(), "a config with errors");
        checked.diagnostics.into_iter().filter(Diagnostic::is_error).collect()
    }

    #[test]
    fn defaults_and_base_path() {
        let (config, warnings) = parse_ok("title: T\nbase_url: https://example.org/briefings\n");
        assert!(warnings.is_empty());
        assert_eq!(config.base_url.as_str(), "https://example.org/briefings/");
        assert_eq!(config.base_url.path(), "/briefings/");
        assert_eq!(config.base_url.url("topics/x/"), "/briefings/topics/x/");
        assert_eq!(config.permalink, urls::DEFAULT_PERMALINK);
        assert_eq!(config.feed_entries, 50);
        let (root, _) = parse_ok("title: T\nbase_url: http://localhost:1111\n");
        assert_eq!(root.base_url.path(), "/");
    }

    /// Regression (theme probe, session 24): `theme: ""` was "`` is not a theme name", with empty
    /// backticks, and `theme: newsdesk/` did not say that `newsdesk` was meant.
    #[test]
    fn an_empty_theme_or_one_written_as_a_path_is_told_what_to_write() {
        let error = |theme: &str| {
            let errors = parse_errors(&format!("title: T\nbase_url: https://e.org/\ntheme: {theme}\n"));
            (errors[0].message.clone(), errors[0].hint.clone().unwrap_or_default())
        };
        assert_eq!(error("\"\"").0, "`theme` is empty");
        let (message, hint) = error("newsdesk/");
        assert_eq!(message, "`newsdesk/` is not a theme name");
        assert_eq!(hint, "name the folder under themes/ alone: `theme: newsdesk`");
        assert_eq!(
            error("themes/newsdesk").1,
            "name the folder under themes/ alone: `theme: newsdesk`"
        );
        assert_eq!(error("../x").1, "name the folder under themes/ alone: `theme: x`");
        assert_eq!(
            error(".hidden").1,
            "name a folder under themes/, for example `theme: default`"
        );
    }

    /// Issue 13: a misspelt time zone gets the closest name of the bundled database.
    #[test]
    fn a_misspelt_time_zone_gets_a_suggestion() {
        let hint = |zone: &str| {
            parse_errors(&format!("title: T\nbase_url: https://e.org/\ntimezone: {zone}\n"))[0]
                .hint
                .clone()
        };
        assert_eq!(hint("Europe/Talinn").as_deref(), Some("did you mean `Europe/Tallinn`?"));
        assert_eq!(hint("Asia/Pyongyan").as_deref(), Some("did you mean `Asia/Pyongyang`?"));
        assert_eq!(
            hint("Nowhere at all").as_deref(),
            Some("use an IANA name such as `UTC`, `Asia/Seoul` or `Europe/London`")
        );
    }

    #[test]
    fn unknown_keys_are_warnings_with_a_suggestion() {
        let (_, warnings) = parse_ok("title: T\nbase_url: https://e.org/\ntimezon: UTC\n");
        assert_eq!(warnings.len(), 1);
        assert_eq!(
            warnings[0].to_string(),
            "site.yaml:3:1: warning: unknown key `timezon` in site.yaml\n  = help: did you mean `timezone`?"
        );
    }

    #[test]
    fn errors_are_all_reported() {
        let errors = parse_errors("timezone: Mars/Olympus\nbase_url: example.org\n");
        let text: Vec<String> = errors
            .iter()
            .map(|e| e.to_string().lines().next().unwrap().to_string())
            .collect();
        assert_eq!(
            text,
            [
                "site.yaml:1:11: error: unknown time zone `Mars/Olympus`",
                "site.yaml:1:1: error: site.yaml has no `title`",
                "site.yaml:2:11: error: `example.org` is not a base URL: it must start with http:// or https://",
            ]
        );
    }

    #[test]
    fn an_empty_base_url_is_an_error() {
        let errors = parse_errors("title: T\nbase_url:\n");
        assert_eq!(
            errors[0].to_string().lines().next().unwrap(),
            "site.yaml:2:1: error: `base_url` is empty"
        );
    }

    #[test]
    fn unknown_keys_of_feeds_and_markdown_are_reported_at_the_key() {
        let (config, warnings) = parse_ok(
            "title: T\nbase_url: https://e.org/\nfeeds: { entries: 10, entires: 5 }\nmarkdown:\n  unsafe_html: false\n  smart: true\n",
        );
        assert_eq!(config.feed_entries, 10);
        assert!(!config.unsafe_html);
        let first_lines: Vec<String> = warnings
            .iter()
            .map(|w| w.to_string().lines().next().unwrap_or_default().to_string())
            .collect();
        assert_eq!(
            first_lines,
            [
                "site.yaml:3:23: warning: unknown key `entires` in `feeds`",
                "site.yaml:6:3: warning: unknown key `smart` in `markdown`",
            ]
        );
    }

    #[test]
    fn search_phrases_are_on_unless_turned_off_and_a_bad_value_is_an_error_at_it() {
        let (config, _) = parse_ok("title: T\nbase_url: https://e.org/\n");
        assert!(config.search_phrases);
        let (config, warnings) = parse_ok("title: T\nbase_url: https://e.org/\nsearch: { phrases: false }\n");
        assert!(!config.search_phrases && warnings.is_empty(), "{warnings:?}");
        let errors = parse_errors("title: T\nbase_url: https://e.org/\nsearch:\n  phrases: maybe\n");
        assert_eq!(
            errors[0].to_string().lines().next().unwrap(),
            "site.yaml:4:12: error: `phrases` must be `true` or `false`, but it is the text `maybe`"
        );
    }

    /// Regression (error probe): `english`, `12` or a `languages:` key `korean` passed as tags.
    /// A tag's language must be a two- or three-letter code. A tag is kept as written (it names
    /// the language's folder: `/pt-br/` stays where it was); its words are found in any case
    /// (`i18n::a_tag_in_capitals_takes_the_words_of_its_language`).
    #[test]
    fn language_tags_are_kept_as_written_and_names_are_not_tags() {
        let (config, _) =
            parse_ok("title: T\nbase_url: https://e.org/\nlanguage: KO\nlanguages:\n  pt-br: {}\n  zh-Hant-TW: {}\n");
        assert_eq!(config.language, "KO");
        let codes: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
        assert_eq!(codes, ["pt-br", "zh-Hant-TW"]);
        for (yaml, pos, written) in [
            ("language: english\n", "3:11", "english"),
            ("language: 12\n", "3:11", "12"),
            ("languages:\n  korean: {}\n", "4:3", "korean"),
        ] {
            let errors = parse_errors(&format!("title: T\nbase_url: https://e.org/\n{yaml}"));
            let text = errors[0].to_string();
            assert!(
                text.starts_with(&format!("site.yaml:{pos}: error: `{written}` is not a language tag")),
                "{text}"
            );
            assert!(text.contains("`ko` for Korean"), "{text}");
        }
        // Regression (language probe, session 24): a POSIX locale's `ko_KR` got the general hint.
        let errors = parse_errors("title: T\nbase_url: https://e.org/\nlanguages:\n  ko_KR: {}\n");
        assert_eq!(
            errors[0].hint.as_deref(),
            Some("write `ko-KR` (a language tag joins its parts with `-`, not `_`), or `ko` alone")
        );
        let errors = parse_errors("title: T\nbase_url: https://e.org/\nlanguages:\n  ko: {}\n  KO: {}\n");
        assert_eq!(
            errors[0].to_string().lines().next().unwrap(),
            "site.yaml:5:3: error: `KO` is listed twice in `languages` (as `ko`: a language tag is the same in any case)"
        );
    }

    /// Regression (error probe): `title: ""` was "site.yaml has no `title`", at 1:1 (now at the
    /// value; an empty `title:` at its key).
    #[test]
    fn an_empty_site_title_is_an_error_at_it() {
        for (yaml, pos) in [("title: \"\"\n", "1:8"), ("title:\n", "1:1")] {
            let errors = parse_errors(&format!("{yaml}base_url: https://e.org/\n"));
            assert_eq!(
                errors[0].to_string().lines().next().unwrap(),
                format!("site.yaml:{pos}: error: `title` is empty")
            );
        }
        let errors = parse_errors("title: [a]\nbase_url: https://e.org/\n");
        assert_eq!(errors.len(), 1, "{errors:?}");
    }

    /// Regression (error probe): `timezone: KST` was told "did you mean `EST`?", a zone on
    /// another continent.
    #[test]
    fn a_zones_abbreviation_is_told_its_iana_name() {
        let hint = |name: &str| {
            parse_errors(&format!("title: T\nbase_url: https://e.org/\ntimezone: {name}\n"))[0]
                .hint
                .clone()
                .unwrap_or_default()
        };
        assert!(
            hint("KST").ends_with("write the IANA name, e.g. `Asia/Seoul`"),
            "{}",
            hint("KST")
        );
        assert!(
            hint("WIB").contains("an abbreviation names no place"),
            "{}",
            hint("WIB")
        );
        assert_eq!(hint("Asia/Seol"), "did you mean `Asia/Seoul`?");
    }

    /// Regression (error probe): an empty item of site.yaml's `authors` was told "create
    /// content/authors/.md".
    #[test]
    fn an_empty_site_author_is_an_error_at_it() {
        let errors = parse_errors("title: T\nbase_url: https://e.org/\nauthors: [ana, \"\"]\n");
        assert_eq!(
            errors[0].to_string().lines().next().unwrap(),
            "site.yaml:3:16: error: item 2 of `authors` is empty"
        );
    }

    /// Regression (error probe): `unsafe_html: no` (text in YAML 1.2) was a warning, and the
    /// build went on with the default, `true`: a desk that meant to clean raw HTML published its
    /// scripts. A setting that is not a boolean is an error, which says how YAML read it.
    #[test]
    fn a_boolean_setting_written_no_is_an_error_that_says_yaml_reads_it_as_text() {
        for (yaml, pos, word) in [
            ("markdown:\n  unsafe_html: no\n", "4:16", "no"),
            ("markdown: { smart_punctuation: off }\n", "3:32", "off"),
            ("search: { phrases: \"no\" }\n", "3:20", "no"),
        ] {
            let errors = parse_errors(&format!("title: T\nbase_url: https://e.org/\n{yaml}"));
            let text = errors[0].to_string();
            assert!(
                text.starts_with(&format!("site.yaml:{pos}: error: `"))
                    && text.contains(&format!("but it is the text `{word}`")),
                "{text}"
            );
            assert!(
                text.contains(&format!("YAML reads `{word}` as text, not a boolean: write `")),
                "{text}"
            );
            assert!(text.contains(": false`"), "{text}");
        }
        // Regression (error probe): `!!str false` was told "must be `true` or `false`, but it is
        // the text `false`", with no word of why.
        let errors = parse_errors("title: T\nbase_url: https://e.org/\nmarkdown: { unsafe_html: !!str false }\n");
        assert_eq!(
            errors[0].hint.as_deref(),
            Some("it is written as text (in quotes, or tagged `!!str`): write it bare, `unsafe_html: false`")
        );
    }

    /// Regression (error probe): `unsafe_html:` with no value meant `false`, and `phrases:` turned
    /// the phrase index off although its default is on: an empty boolean is an error.
    #[test]
    fn a_boolean_setting_with_no_value_is_an_error() {
        for (yaml, key) in [
            ("markdown:\n  unsafe_html:\n", "unsafe_html"),
            ("search: { phrases: }\n", "phrases"),
        ] {
            let errors = parse_errors(&format!("title: T\nbase_url: https://e.org/\n{yaml}"));
            let text = errors[0].to_string();
            assert!(
                text.contains(&format!("error: `{key}` must be `true` or `false`, but it is empty")),
                "{text}"
            );
            assert!(
                text.contains(&format!("write `{key}: true` or `{key}: false`, or remove the line")),
                "{text}"
            );
        }
    }

    #[test]
    fn a_bad_feed_entries_value_is_reported_at_the_value() {
        let errors = parse_errors("title: T\nbase_url: https://e.org/\nfeeds:\n  entries: 0\n");
        assert_eq!(
            errors[0].to_string().lines().next().unwrap(),
            "site.yaml:4:12: error: `feeds.entries` must be a whole number above 0"
        );
    }

    /// Regression: `utm: { medium: "" }` was refused as "must be text", which an empty string is.
    #[test]
    fn an_empty_utm_value_is_said_to_be_empty() {
        let errors = parse_errors("title: T\nbase_url: https://e.org/\neditions: { utm: { medium: \"\" } }\n");
        assert_eq!(errors[0].message, "`editions.utm.medium` is empty");
    }

    /// `editions.unsubscribe` is kept as written; a relative address, which no mailbox opens, is
    /// a warning (review), and an empty one an error. Regression: a `javascript:` address was
    /// only a warning, and the email carried it; it is an error, as `data:` and `vbscript:`.
    #[test]
    fn editions_unsubscribe_is_an_address_or_a_placeholder() {
        for good in [
            "\"{{{ pm:unsubscribe }}}\"",
            "\"*|UNSUB|*\"",
            "https://e.org/u",
            "\"mailto:u@e.org\"",
        ] {
            let (config, warnings) = parse_ok(&format!(
                "title: T\nbase_url: https://e.org/\neditions: {{ unsubscribe: {good} }}\n"
            ));
            assert!(warnings.is_empty(), "{good}: {warnings:?}");
            assert_eq!(config.editions.unsubscribe.as_deref(), Some(good.trim_matches('"')));
        }
        let (_, warnings) = parse_ok("title: T\nbase_url: https://e.org/\neditions: { unsubscribe: /unsubscribe }\n");
        assert!(
            warnings[0].message.contains("which a mailbox cannot open"),
            "{warnings:?}"
        );
        for script in [
            "\"javascript:alert(1)\"",
            "\" JavaScript:x\"",
            "\"data:text/html,x\"",
            "vbscript:x",
        ] {
            let errors = parse_errors(&format!(
                "title: T\nbase_url: https://e.org/\neditions: {{ unsubscribe: {script} }}\n"
            ));
            assert!(
                errors[0].message.contains("a script, which an email never carries"),
                "{errors:?}"
            );
        }
        let errors = parse_errors("title: T\nbase_url: https://e.org/\neditions: { unsubscribe: \"\" }\n");
        assert!(
            errors[0].message.starts_with("`editions.unsubscribe` must be"),
            "{errors:?}"
        );
        // Regression (security probe): a tab or a line break inside the scheme, which a browser
        // drops (`java\tscript:` is `javascript:`), passed as an address with a warning, and the
        // email's Unsubscribe link ran a script; a line break also broke email.txt's line.
        for hidden in ["\"java\\tscript:alert(1)\"", "\"JaVa\\nScRiPt:alert(9)\""] {
            let errors = parse_errors(&format!(
                "title: T\nbase_url: https://e.org/\neditions: {{ unsubscribe: {hidden} }}\n"
            ));
            assert!(
                errors[0].message.contains("a script, which an email never carries"),
                "{hidden}: {errors:?}"
            );
        }
        let errors =
            parse_errors("title: T\nbase_url: https://e.org/\neditions: { unsubscribe: \"https://e.org/u\\n?x\" }\n");
        assert!(
            errors[0]
                .message
                .contains("a tab, a line break or another control character"),
            "{errors:?}"
        );
    }

    #[test]
    fn logo_and_favicons_are_site_files() {
        let (config, warnings) =
            parse_ok("title: T\nbase_url: https://e.org/\nlogo: /logo.svg\nfavicon: [favicon.svg, favicon.ico]\n");
        assert!(warnings.is_empty(), "{warnings:?}");
        let path = |f: &SiteFile| f.path.clone();
        assert_eq!(config.logo.as_ref().map(path).as_deref(), Some("/logo.svg"));
        assert_eq!(
            config.favicons.iter().map(path).collect::<Vec<_>>(),
            ["favicon.svg", "favicon.ico"]
        );
        assert_eq!(config.favicons[1].pos, Pos::new(4, 24));
        let (one, _) = parse_ok("title: T\nbase_url: https://e.org/\nfavicon: https://cdn.example/f.png\n");
        assert_eq!(one.favicons[0].path, "https://cdn.example/f.png");
        let errors = parse_errors("title: T\nbase_url: https://e.org/\nlogo: ../logo.svg\n");
        assert_eq!(
            errors[0].to_string().lines().next().unwrap(),
            "site.yaml:3:7: error: `../logo.svg` is not a file of the site"
        );
        // Regression: `javascript:` (or any scheme but http(s)) was put into every page's
        // `<img src>` and `<link href>` as it was.
        for url in ["javascript:alert(1)", "data:image/png;base64,AAAA", "C:\\logo.svg"] {
            let errors = parse_errors(&format!("title: T\nbase_url: https://e.org/\nfavicon: '{url}'\n"));
            assert!(
                errors[0].to_string().contains("is not a file of the site"),
                "{url}: {}",
                errors[0]
            );
        }
    }

    #[test]
    fn permalink_patterns() {
        assert!(urls::check_permalink("/:year/:month/:slug/").is_ok());
        assert!(urls::check_permalink("/news/:slug/").is_ok());
        assert!(urls::check_permalink("/:year/:title/").is_err());
        assert!(urls::check_permalink(":slug").is_err());
        assert!(urls::check_permalink("/:year/").is_err());
    }
}
