//! Render: the site's HTML pages through the theme's Tera templates (`Renderer` lists every page
//! and renders any one alone; `render_pages` renders them all). No I/O.
//!
//! Templates see serialisable view structs (see the `View` types here), never the model itself.
//! Views shared by many pages (article cards, the topic list) are converted to Tera values once
//! and cloned cheaply into each page's context.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera, Value};

use crate::core::dates::{self, DateValue};
use crate::core::diagnostic::{Checked, Diagnostic, Pos};
use crate::core::language::Language;
use crate::core::output::Body;
use crate::core::theme;
use crate::core::urls;
use crate::parse::frontmatter::{TopicStatus, UpdateKind};
use crate::parse::markdown::TocEntry;
use crate::site::{Article, Site, Topic};
use crate::source::load::TemplateSource;

mod authors;
mod editions;
pub mod i18n;
pub mod pagination;
mod template_errors;
pub mod theme_links;
pub mod watch;

use i18n::{CatalogFile, I18n, Words};
use std::sync::Arc;
use template_errors::UnknownBlock;

pub use editions::fit_feed_images;
use editions::{EMAIL_TEMPLATE, TEXT_TEMPLATE, inline_css, wrap_text};

/// How many events a topic's `timeline.json` holds at most (TimelineJS is made for a few
/// hundred); a longer timeline's whole export is `timeline-full.json` (`publish::timeline`).
pub const TIMELINE_JS_MAX: usize = 300;

/// How many of each topic's newest entries the home and topics pages show.
const TOPIC_LATEST: usize = 3;
/// How many topics the pages that name every topic show (every page's footer, the home page,
/// the search form, the 404 page): a site with more lists those with the newest briefings, and
/// links to the topics' index, so that no page grows with the number of topics.
pub const TOPICS_LISTED: usize = 24;

/// The topics the pages that name every topic list (`TOPICS_LISTED`): all of them, or those
/// with the newest briefings, in the site's order. (Articles are newest first, so a topic's
/// newest briefing is its smallest index.)
fn listed_topics(site: &Site) -> Vec<usize> {
    let topics = &site.topics;
    let mut listed: Vec<usize> = (0..topics.len()).collect();
    if topics.len() > TOPICS_LISTED {
        listed.sort_by_key(|&t| topics[t].timeline.entries.iter().min().copied().unwrap_or(usize::MAX));
        listed.truncate(TOPICS_LISTED);
        listed.sort_unstable();
    }
    listed
}

/// Compiled templates, and where each came from (for error messages).
pub struct Templates {
    /// The templates as written: what errors are reported from.
    tera: Tera,
    /// The same with the theme's plain words written in (`baked`): what pages are rendered with.
    baked: Option<Tera>,
    /// Each template by name, with where it came from and its text (what error messages quote
    /// and search, so that reporting an error reads no file).
    origins: Origins,
    /// The theme's words in each language, which the templates' `t` writes.
    i18n: Arc<I18n>,
}

/// The words automatic editions are written with, from the theme's words in the site's
/// language (`auto_edition_*`), for the site stage (which comes before the templates).
pub fn auto_edition_words(i18n: &I18n) -> crate::parse::config::AutoEditionWords {
    let words = i18n.default_words();
    crate::parse::config::AutoEditionWords {
        daily_title: words.text("auto_edition_title", None, &[]),
        weekly_title: words.text("auto_edition_weekly_title", None, &[]),
        key_events: words.text("auto_edition_key_events", None, &[]),
        other: words.text("auto_edition_other", None, &[]),
    }
}

/// The feeds' titles and subtitles in the theme's words for the site's language (`{tag}` and
/// `{name}` left to fill), for the site stage (which comes before the templates).
pub fn feed_words(i18n: &I18n) -> crate::parse::config::FeedWords {
    let words = i18n.default_words();
    crate::parse::config::FeedWords {
        tag_title: words.text("tag_title", None, &[("tag", "{tag}"), ("pages", "")]),
        tag_subtitle: words.text("tag_description", None, &[("tag", "{tag}")]),
        author_subtitle: words.text("author_feed_description", None, &[("name", "{name}")]),
        editions_title: words.text("editions_title", None, &[]),
        updates_heading: words.text("updates_heading", None, &[]),
        update: words.text("update", None, &[]),
        correction: words.text("correction", None, &[]),
        clarification: words.text("clarification", None, &[]),
    }
}

impl Templates {
    /// Where the email's template came from (the theme's or the site's), as diagnostics name it.
    pub fn email_template_path(&self) -> PathBuf {
        origin_path(&self.origins, EMAIL_TEMPLATE)
    }

    /// The theme's words in the site's language.
    pub fn words(&self) -> &Arc<Words> {
        self.i18n.default_words()
    }
}

/// Compiles the theme's templates (with the site's overrides already applied by `load`).
pub fn compile(sources: &[TemplateSource], i18n: Arc<I18n>) -> Checked<Templates> {
    let mut tera = new_tera(&i18n);
    let origins: Origins = sources.iter().map(|t| (t.name.clone(), t.clone())).collect();
    let pairs: Vec<(&str, &str)> = sources.iter().map(|t| (t.name.as_str(), t.text.as_str())).collect();
    if let Err(error) = tera.add_raw_templates(pairs) {
        return Checked::failed(template_diagnostics(&error, &origins, None));
    }
    let mut missing = missing_templates(&origins);
    missing.extend(empty_templates(&origins));
    let baked = baked(sources, &i18n);
    Checked::unless_errors(
        Templates {
            tera,
            baked,
            origins,
            i18n,
        },
        missing,
    )
}

/// A page template that is empty (or only blanks) publishes every page it makes empty: a
/// warning each, which `--strict` makes an error.
fn empty_templates(origins: &Origins) -> Vec<Diagnostic> {
    theme::REQUIRED_TEMPLATES
        .iter()
        .chain(theme::OPTIONAL_TEMPLATES)
        .filter_map(|name| origins.get(*name))
        .filter(|source| source.text.trim().is_empty())
        .map(|source| {
            Diagnostic::warning(
                &source.display,
                None,
                format!("`{}` is empty, so every page it makes is empty", source.name),
            )
            .with_hint("write the template (docs/themes.md says what each page gets); a site's empty override hides the theme's")
        })
        .collect()
}

/// The templates every theme must have that neither the theme nor the site has: one error for
/// each, or one for all when none is there (the theme's templates are not where they are looked
/// for: one mistake, not one per template).
fn missing_templates(origins: &Origins) -> Vec<Diagnostic> {
    if theme::REQUIRED_TEMPLATES
        .iter()
        .all(|name| !origins.contains_key(*name))
    {
        vec![
            Diagnostic::error(
                "templates",
                None,
                format!(
                    "neither the theme nor the site has any of the templates a site needs ({})",
                    theme::REQUIRED_TEMPLATES.join(", ")
                ),
            )
            .with_hint(
                "a theme keeps them in its templates/ folder (themes/<name>/templates/): copy the default theme's with `gazette theme eject`, or remove `theme:` from site.yaml to use the default theme",
            ),
        ]
    } else {
        let folder = theme_templates_folder(origins.values());
        theme::REQUIRED_TEMPLATES
            .iter()
            .filter(|name| !origins.contains_key(**name))
            .map(|name| {
                Diagnostic::error(folder.join(name), None, format!("the theme has no template `{name}`"))
                    .with_hint("add it to the theme's templates/ folder, or to the site's templates/ folder")
            })
            .collect()
    }
}

/// Where the theme's templates are (`themes/newsroom/templates`), read from the path of one of
/// them; the site's `templates` when none comes from a theme's folder.
fn theme_templates_folder<'a>(sources: impl IntoIterator<Item = &'a TemplateSource>) -> PathBuf {
    sources
        .into_iter()
        .find_map(|source| {
            let display = source.display.to_string_lossy();
            let folder = display.strip_suffix(source.name.as_str())?.strip_suffix('/')?;
            (folder.ends_with("/templates") && !folder.starts_with('<')).then(|| PathBuf::from(folder))
        })
        .unwrap_or_else(|| PathBuf::from("templates"))
}

/// The templates' `| safe` where it does not belong, and HTML values without it
/// (`template_errors::safe_where_it_does_not_belong`): warnings read from the templates' text,
/// once a build (every language compiles the same templates).
pub fn safe_lint(sources: &[TemplateSource]) -> Vec<Diagnostic> {
    sources
        .iter()
        .flat_map(template_errors::safe_where_it_does_not_belong)
        .collect()
}

/// The templates the site's pages need beyond the required ones that neither the theme nor the
/// site has (`sources`), each an error with what needs it: the editions' four when the site has
/// editions, the authors' two when it has authors. Said with the required ones' errors, in the
/// same round, not met one page at a time. With them, the email stylesheet's mistakes (errors),
/// and what mail clients ignore in it and the email's relative links (warnings), when the site
/// has editions.
pub fn missing_for(sources: &[TemplateSource], site: &Site) -> Vec<Diagnostic> {
    let by_name: BTreeMap<&str, &TemplateSource> = sources.iter().map(|t| (t.name.as_str(), t)).collect();
    let folder = &theme_templates_folder(sources);
    let needs: [(&[&str], bool, &str); 2] = [
        (
            &[
                "editions.html",
                "edition.html",
                "email/edition.html",
                "email/edition.txt",
            ],
            !site.editions.is_empty(),
            "the site's editions",
        ),
        (
            &["authors.html", "author.html"],
            !site.authors.is_empty(),
            "the site's authors",
        ),
    ];
    // The email's stylesheet, when the site has editions to send (a theme's email a site never
    // sends fails nothing: review).
    let email = by_name.get(EMAIL_TEMPLATE).filter(|_| !site.editions.is_empty());
    let stylesheet = email.and_then(|email| {
        let (pos, message, hint) = editions::unclosed_rules(&email.text)?;
        Some(Diagnostic::error(&email.display, Some(pos), message).with_hint(hint))
    });
    // What the mail clients that matter ignore, and links relative to a page, which lead nowhere
    // in an inbox: warnings (`--strict` refuses them).
    let ignored = email.into_iter().flat_map(|email| {
        editions::unsupported_css(&email.text)
            .into_iter()
            .chain(editions::relative_links(&email.text))
            .map(|(pos, message, hint)| Diagnostic::warning(&email.display, Some(pos), message).with_hint(hint))
    });
    // An email that does not say its character set is read in the client's guess when the
    // sending service gives none either: curly quotes, accents, Korean and Arabic as gibberish.
    let charset = email.and_then(|email| {
        let mut texts = vec![email.text.as_str()];
        let mut i = 0;
        // What it takes in, and what that takes in (a few levels; a loop is Tera's to refuse).
        while i < texts.len() && texts.len() < 16 {
            let more: Vec<&str> = editions::templates_used(texts[i])
                .into_iter()
                .filter_map(|name| by_name.get(name).map(|t| t.text.as_str()))
                .collect();
            texts.extend(more);
            i += 1;
        }
        (!editions::declares_charset(&texts)).then(|| {
            Diagnostic::warning(
                &email.display,
                None,
                "the email template declares no character set: a mail client told none by the sending service guesses, and shows curly quotes, accents, Korean or Arabic as gibberish",
            )
            .with_hint("add `<meta charset=\"utf-8\">` at the start of its `<head>`")
        })
    });
    needs
        .iter()
        .filter(|(_, needed, _)| *needed)
        .flat_map(|(names, _, what)| {
            let by_name = &by_name;
            names.iter().filter(|name| !by_name.contains_key(**name)).map(move |name| {
                Diagnostic::error(
                    folder.join(name),
                    None,
                    format!("the theme has no template `{name}`, which {what} need"),
                )
                .with_hint(
                    "add it to the theme's templates/ folder, or to the site's templates/ folder (THEMES.md, docs/themes.md in gazette's repository, says what it gets)",
                )
            })
        })
        .chain(stylesheet)
        .chain(ignored)
        .chain(charset)
        .collect()
}

/// A Tera with gazette's settings: autoescaping for HTML and XML, `json_encode`, the words'
/// functions and filters, and the language's own variables (`lang`, `dir`, `i18n`) set once for
/// every page.
fn new_tera(i18n: &Arc<I18n>) -> Tera {
    let mut tera = Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    tera.register_filter("json_encode", json_encode);
    tera.register_filter("safe", safe);
    i18n::register(&mut tera, Arc::clone(i18n));
    // The same on every page of the language: set once, so each page's context stays small (Tera
    // finds a page's variables by comparing names, and every name in a context costs each lookup).
    let language = i18n.default_words().language();
    tera.global_context().insert("lang", language.tag());
    tera.global_context().insert("dir", language.dir());
    tera.global_context()
        .insert_value("i18n", i18n.default_words().map().clone());
    tera
}

/// The templates with their plain words written in (`Words::bake`), which pages are rendered
/// with; `None` when no template has one, or (never expected) when the baked text does not
/// compile. The same bytes come out either way, but in the plain-text email, whose words are
/// written as they are where Tera would write them as HTML.
fn baked(sources: &[TemplateSource], i18n: &Arc<I18n>) -> Option<Tera> {
    let words = i18n.default_words();
    // Escaping is the rendered page's (a partial of any name is escaped inside an HTML page):
    // only the plain-text email, which is never included in one, takes the words as they are.
    let texts: Vec<(&str, Option<String>)> = sources
        .iter()
        .map(|t| (t.name.as_str(), words.bake(&t.text, t.name != TEXT_TEMPLATE)))
        .collect();
    if texts.iter().all(|(_, baked)| baked.is_none()) {
        return None;
    }
    let pairs: Vec<(&str, &str)> = texts
        .iter()
        .zip(sources)
        .map(|((name, baked), source)| (*name, baked.as_deref().unwrap_or(&source.text)))
        .collect();
    let mut tera = new_tera(i18n);
    tera.add_raw_templates(pairs).ok()?;
    Some(tera)
}

/// The theme's and the site's words (`i18n/<lang>.yaml`) for a site in language `tag`: a file
/// that does not parse is an error, a language that lacks keys one warning.
pub fn words(
    files: &crate::source::load::SiteFiles,
    tag: &str,
    diagnostics: &mut crate::core::diagnostic::Diagnostics,
) -> Arc<I18n> {
    // A theme that is not there is its error already; its words are not said missing too.
    let templates = (!files.theme_missing).then_some(&files.templates[..]);
    words_from(
        &files.i18n,
        &files.unreadable_i18n,
        &files.theme_i18n,
        templates,
        tag,
        diagnostics,
    )
}

/// The default theme's English words that a theme's own `i18n/en.yaml` lacks (a theme made for
/// an older gazette, or without the file), to fill them in beneath the theme's words, with one
/// warning naming them: without them such a key would show as its name (`auto_edition_title`)
/// or fail every template that uses it. `None` for the default theme, and when the theme's file
/// could not be read (that is its error).
fn default_english(
    sources: &[crate::source::load::I18nSource],
    read: &[(&crate::source::load::I18nSource, CatalogFile)],
    theme_i18n: &str,
    diagnostics: &mut crate::core::diagnostic::Diagnostics,
) -> Option<(&'static crate::source::load::I18nSource, CatalogFile)> {
    let is_theme_english = |s: &crate::source::load::I18nSource| !s.from_site && s.lang == i18n::FALLBACK;
    let theme = read
        .iter()
        .find(|(s, _)| is_theme_english(s))
        .map(|(_, file)| &file.catalog);
    if theme.is_none() && sources.iter().any(is_theme_english) {
        return None;
    }
    // Read once per process: every build (and every rebuild of `serve`) asks again.
    static DEFAULTS: OnceLock<Option<(crate::source::load::I18nSource, crate::parse::i18n::Catalog)>> = OnceLock::new();
    let (source, catalog) = DEFAULTS
        .get_or_init(|| {
            let (lang, text) = crate::source::theme::embedded_i18n()
                .into_iter()
                .find(|(lang, _)| lang == i18n::FALLBACK)?;
            let source = crate::source::load::I18nSource {
                file: crate::source::load::SourceFile::new(
                    "themes/default/i18n/en.yaml",
                    "<embedded theme>/i18n/en.yaml",
                    text,
                ),
                lang,
                from_site: false,
            };
            let catalog = crate::parse::i18n::parse_catalog(&source.file.display, &source.file.text).value?;
            Some((source, catalog))
        })
        .as_ref()?;
    let mut defaults = catalog.clone();
    defaults
        .messages
        .retain(|key, _| theme.is_none_or(|theme| !theme.messages.contains_key(key)));
    if defaults.messages.is_empty() {
        return None;
    }
    let keys: Vec<&str> = defaults.messages.keys().map(String::as_str).collect();
    let shown = keys.iter().take(12).copied().collect::<Vec<_>>().join(", ");
    let more = keys.len().saturating_sub(12);
    diagnostics.push(
        Diagnostic::warning(
            PathBuf::from(format!("{theme_i18n}/{}.yaml", i18n::FALLBACK)),
            None,
            format!(
                "the theme has no words for {} key{} of the default theme, so {} the default theme's English: {shown}{}",
                keys.len(),
                if keys.len() == 1 { "" } else { "s" },
                if keys.len() == 1 { "it takes" } else { "they take" },
                if more > 0 { format!(" and {more} more") } else { String::new() },
            ),
        )
        .with_hint("add them to the theme's i18n/en.yaml in its own words (docs/themes.md lists every key)"),
    );
    Some((
        source,
        CatalogFile {
            lang: i18n::FALLBACK.to_string(),
            from_site: false,
            catalog: defaults,
        },
    ))
}

/// A key in the site's `i18n/<lang>.yaml` (one of the files `read` for a page's language) that
/// is none of the theme's words and that no template names is a warning at the key: most often
/// a misspelt key (`read_mroe`), whose words then never show. A key the site's own templates use
/// is theirs.
fn unused_site_words(
    read: &mut [(&crate::source::load::I18nSource, CatalogFile)],
    templates: &[crate::source::load::TemplateSource],
    diagnostics: &mut crate::core::diagnostic::Diagnostics,
) {
    // The theme's English words, with the default theme's it lacks (`default_english`).
    let theme_english: Vec<&CatalogFile> = read
        .iter()
        .filter(|(s, _)| !s.from_site && s.lang == i18n::FALLBACK)
        .map(|(_, file)| file)
        .collect();
    if theme_english.is_empty() {
        return;
    }
    let is_theme_word = |key: &str| theme_english.iter().any(|file| file.catalog.messages.contains_key(key));
    let mut unused = Vec::new();
    for (i, (source, file)) in read.iter().enumerate().filter(|(_, (s, _))| s.from_site) {
        for (key, written) in &file.catalog.messages {
            if is_theme_word(key) || templates.iter().any(|t| names_word(&t.text, key)) {
                continue;
            }
            let known = theme_english
                .iter()
                .flat_map(|file| file.catalog.messages.keys())
                .map(String::as_str);
            let hint = match crate::core::diagnostic::closest(key, known) {
                Some(near) => format!("did you mean `{near}`? docs/themes.md lists the theme's words"),
                None => "docs/themes.md lists the theme's words; a word of your own is shown by a template that names it (`t(key=\"…\")` or `i18n.…`)".to_string(),
            };
            diagnostics.push(
                Diagnostic::warning(
                    &source.file.display,
                    written.key,
                    format!("`{key}` is none of the theme's words and no template uses it, so it is never shown"),
                )
                .with_hint(hint),
            );
            unused.push((i, key.clone()));
        }
    }
    // Words nothing shows are not words of the site: no other language is told it lacks them.
    for (i, key) in unused {
        read[i].1.catalog.messages.remove(&key);
    }
}

/// The warning for a word written in another shape than the theme's English (`reference`):
/// plural forms for a plain word, which templates show as it is (`i18n.nav_topics`), or one text
/// for a counted word, which takes a form by its count.
fn misshapen_word(
    path: &std::path::Path,
    key: &str,
    written: &crate::parse::i18n::Written,
    reference: &crate::parse::i18n::Message,
) -> Option<Diagnostic> {
    use crate::parse::i18n::Message;
    let (message, hint) = match (&written.message, reference) {
        (Message::Plural(_), Message::Text(text)) => (
            format!("`{key}` is a plain word in the theme, written here with plural forms, so the theme's stands"),
            format!("write it as one text, as the theme's English does: `{key}: \"{text}\"`"),
        ),
        (Message::Text(_), Message::Plural(_)) => (
            format!("`{key}` is a counted word in the theme, written here as one text, so the theme's stands"),
            format!(
                "write a form for each plural category, as the theme's English does: `{key}: {{ one: \"…\", other: \"…\" }}`"
            ),
        ),
        _ => return None,
    };
    Some(Diagnostic::warning(path, written.key, message).with_hint(hint))
}

/// Whether a template's text names `key` as a word of the theme: `i18n.read_more`, or in quotes
/// (`t(key="read_more")`). Not a field of the same name (`article.reading_time` is no use of a
/// word `reading_time`).
fn names_word(text: &str, key: &str) -> bool {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(key).any(|(at, _)| {
        let before = &text[..at];
        let after = &text[at + key.len()..];
        let quoted = ["\"", "'"].iter().any(|q| before.ends_with(q) && after.starts_with(q));
        let field = before.ends_with("i18n.") && !after.chars().next().is_some_and(is_word);
        quoted || field
    })
}

/// The default theme's words in language `tag`, as a site with no i18n/ of its own has them.
pub fn embedded_words(tag: &str, diagnostics: &mut crate::core::diagnostic::Diagnostics) -> Arc<I18n> {
    let sources: Vec<crate::source::load::I18nSource> = crate::source::theme::embedded_i18n()
        .into_iter()
        .map(|(lang, text)| crate::source::load::I18nSource {
            file: crate::source::load::SourceFile::new(
                format!("themes/default/i18n/{lang}.yaml"),
                format!("<embedded theme>/i18n/{lang}.yaml"),
                text,
            ),
            lang,
            from_site: false,
        })
        .collect();
    words_from(&sources, &[], "themes/default/i18n", Some(&[]), tag, diagnostics)
}

fn words_from(
    sources: &[crate::source::load::I18nSource],
    unreadable_files: &[String],
    theme_i18n: &str,
    // The templates, to tell the site's own words from misspelt keys; `None` when the theme is
    // missing.
    templates: Option<&[crate::source::load::TemplateSource]>,
    tag: &str,
    diagnostics: &mut crate::core::diagnostic::Diagnostics,
) -> Arc<I18n> {
    // Only the files a page in `tag` can take words from are read (`pt-BR`, `pt`, English).
    let primary = tag.split('-').next().unwrap_or(tag);
    let same = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    let mut unreadable = unreadable_files
        .iter()
        .any(|lang| same(lang, tag) || same(lang, primary));
    let mut read: Vec<(&crate::source::load::I18nSource, CatalogFile)> = sources
        .iter()
        .filter(|source| {
            [tag, primary, i18n::FALLBACK]
                .iter()
                .any(|lang| same(lang, &source.lang))
        })
        .filter_map(|source| {
            let parsed = crate::parse::i18n::parse_catalog(&source.file.display, &source.file.text);
            unreadable |= parsed.value.is_none() && source.lang != i18n::FALLBACK;
            let catalog = parsed.into_value(diagnostics)?;
            let file = CatalogFile {
                lang: source.lang.clone(),
                from_site: source.from_site,
                catalog,
            };
            Some((source, file))
        })
        .collect();
    if templates.is_some()
        && let Some(defaults) = default_english(sources, &read, theme_i18n, diagnostics)
    {
        read.push(defaults);
    }
    // The holes of this language's words, beside the theme's English ones, which name them all;
    // and their shape: a word the theme counts written as one text, or the other way round.
    let mut misshapen = Vec::new();
    if let Some((_, english)) = read.iter().find(|(s, _)| !s.from_site && s.lang == i18n::FALLBACK) {
        let own = |lang: &str| same(lang, tag) || (same(lang, primary) && primary != i18n::FALLBACK);
        for (i, (source, file)) in read.iter().enumerate() {
            if !own(&source.lang) || std::ptr::eq(file, english) {
                continue;
            }
            for (key, written) in &file.catalog.messages {
                let Some(reference) = english.catalog.messages.get(key) else {
                    continue;
                };
                if let Some(warning) = misshapen_word(&source.file.display, key, written, &reference.message) {
                    diagnostics.push(warning);
                    misshapen.push((i, key.clone()));
                    continue;
                }
                if let Some((at, problem)) = i18n::hole_problem(key, &written.message, &reference.message) {
                    let pos = written.texts.get(at).unwrap_or(&written.key);
                    diagnostics.push(
                        Diagnostic::warning(&source.file.display, *pos, problem)
                            .with_hint("write each hole as `{name}`, with a name the English words use"),
                    );
                }
            }
        }
    }
    // The theme's word stands for one of the wrong shape (which would fail every template that
    // shows it, or write "1 things").
    for (i, key) in misshapen {
        read[i].1.catalog.messages.remove(&key);
    }
    if let Some(templates) = templates {
        unused_site_words(&mut read, templates, diagnostics);
    }
    let catalogs: Vec<CatalogFile> = read.into_iter().map(|(_, file)| file).collect();
    let (i18n, warnings) = I18n::new(tag, &catalogs, theme_i18n);
    // A file of this language that could not be read is its error already, not also a warning
    // that names every key it would have had.
    if !unreadable {
        diagnostics.extend(warnings);
    }
    Arc::new(i18n)
}

/// The values of a page whose rendering failed, as `template_errors` asks for them.
struct PageContext<'a> {
    tera: &'a Tera,
    context: &'a Context,
}

impl template_errors::PageValues for PageContext<'_> {
    fn find(&self, steps: &[&str]) -> template_errors::Found<'_> {
        use template_errors::Found;
        let mut value = steps.first().and_then(|name| self.context.get(name));
        for step in steps.iter().skip(1) {
            // `latest[0]`: a list's item by its place.
            value = match (value.and_then(Value::as_array), step.parse::<usize>()) {
                (Some(items), Ok(n)) => items.get(n),
                _ => value
                    .and_then(Value::as_map)
                    .and_then(|map| map.iter().find(|(k, _)| k.as_str() == Some(*step)).map(|(_, v)| v)),
            };
        }
        match value {
            None => Found::Absent,
            Some(value) if value.is_none() => Found::Empty,
            Some(value) => match value.as_map() {
                Some(map) => Found::Fields(map.keys().filter_map(|k| k.as_str()).collect()),
                None if value.as_str().is_some() => Found::Text,
                None => Found::Other,
            },
        }
    }

    fn missing_variable(&self, name: &str) -> Option<String> {
        if self.context.contains_key(name) {
            return None;
        }
        let error = self
            .tera
            .render_str(&format!("{{{{ {name} }}}}"), self.context, false)
            .err()?;
        let text = error_text(&error);
        let message = text.lines().find(|l| l.contains("is not defined"))?.trim_start();
        let message = message.strip_prefix("caused by: ").unwrap_or(message);
        Some(message.strip_prefix("error: ").unwrap_or(message).to_string())
    }

    fn closest_field(&self, field: &str) -> Option<String> {
        // Every field name of every map the page holds, looked through to a bound (a page of
        // cards holds thousands of maps of a few shapes: the names repeat).
        const MAX_VALUES: usize = 20_000;
        let mut names: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
        // The page's variables, as Tera names them for a name the page lacks.
        let listed = self
            .missing_variable("__gazette_no_such_variable__")
            .unwrap_or_default();
        let variables = listed
            .split_once("Available variables: ")
            .map_or("", |(_, names)| names);
        let mut pending: Vec<&Value> = variables
            .split(", ")
            .filter_map(|name| self.context.get(name.trim_end_matches('.')))
            .collect();
        let mut seen = 0;
        while let Some(value) = pending.pop() {
            seen += 1;
            if seen > MAX_VALUES {
                break;
            }
            if let Some(map) = value.as_map() {
                for (key, inner) in map.iter() {
                    if let Some(key) = key.as_str() {
                        names.insert(key);
                    }
                    pending.push(inner);
                }
            } else if let Some(items) = value.as_array() {
                pending.extend(items.iter());
            }
        }
        if names.contains(field) {
            return None;
        }
        crate::core::diagnostic::closest(field, names).map(str::to_string)
    }
}

/// `safe`, as Tera's (the value's text, marked as HTML), except that an undefined value stays
/// undefined, so that rendering it is the error it is without the filter. Tera's own made a
/// misspelt `{{ contnet | safe }}` an empty body on every page, with no error.
fn safe(value: &Value, _: tera::Kwargs, _: &tera::State) -> Value {
    if value.is_undefined() {
        return value.clone();
    }
    match value.as_str() {
        Some(text) => Value::safe_string(text),
        None => Value::safe_string(&value.to_string()),
    }
}

/// `json_encode`: JSON that is also safe inside `<script>` (`<`, `>`, `&` escaped).
fn json_encode(value: &Value, _: tera::Kwargs, _: &tera::State) -> tera::TeraResult<Value> {
    let json = serde_json::to_string(value).map_err(|e| tera::Error::message(format!("json_encode: {e}")))?;
    Ok(Value::safe_string(&escape_json_for_html(&json)))
}

/// Makes JSON text safe to embed in HTML `<script>`: `</script>` and `<!--` can no longer occur.
pub fn escape_json_for_html(json: &str) -> String {
    let bytes = json.as_bytes();
    let mut out = String::with_capacity(json.len() + 16);
    let (mut copied, mut i) = (0, 0);
    // Only `<`, `>`, `&` and the bytes that start U+2028 and U+2029 (E2 80 A8, E2 80 A9) matter;
    // the runs between them are copied whole.
    while let Some(offset) = bytes[i..].iter().position(|b| matches!(b, b'<' | b'>' | b'&' | 0xE2)) {
        i += offset;
        let replacement = match bytes[i] {
            b'<' => "\\u003c",
            b'>' => "\\u003e",
            b'&' => "\\u0026",
            _ if bytes.get(i + 1) == Some(&0x80) && bytes.get(i + 2) == Some(&0xA8) => "\\u2028",
            _ if bytes.get(i + 1) == Some(&0x80) && bytes.get(i + 2) == Some(&0xA9) => "\\u2029",
            _ => {
                i += 1;
                continue;
            }
        };
        // `i` is at an ASCII byte or a lead byte: both slices fall on character boundaries.
        out.push_str(&json[copied..i]);
        out.push_str(replacement);
        i += if bytes[i] == 0xE2 { 3 } else { 1 };
        copied = i;
    }
    out.push_str(&json[copied..]);
    out
}

/// Turns Tera's error report into diagnostics at `template path:line:col`.
/// The templates by name, as `compile` was given them.
type Origins = BTreeMap<String, TemplateSource>;

/// Where the template `name` came from, or where it would be (`templates/<name>`).
fn origin_path(origins: &Origins, name: &str) -> PathBuf {
    origins
        .get(name)
        .map_or_else(|| PathBuf::from(format!("templates/{name}")), |t| t.display.clone())
}

/// Tera's report of `error`, with every cause after it (`caused by: …`).
fn error_text(error: &tera::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(&format!("\ncaused by: {cause}"));
        source = cause.source();
    }
    text
}

/// A mistake in a template that a page's template uses (`base.html`, a partial) says which
/// template's pages met it: `base.html` is used by every page, and the variables it may use are
/// each page's. An email's template stands alone: one that extends `base.html` is told so.
fn said_where_met(found: &mut [Diagnostic], origins: &Origins, template: &str) {
    let own = origin_path(origins, template);
    let email = template == EMAIL_TEMPLATE || template == TEXT_TEMPLATE;
    // Only an email template that extends another is told it should not (review).
    let extends = origins
        .get(template)
        .is_some_and(|t| template_errors::extends_of(&t.text).is_some());
    for diagnostic in found
        .iter_mut()
        .filter(|d| d.path != own && d.path != std::path::Path::new("templates"))
    {
        let met = if email && extends {
            format!(
                "met rendering {template}, which extends another template: an email's template stands alone, without the page variables base.html needs"
            )
        } else if email {
            format!("met rendering {template}, which uses this file")
        } else {
            format!("met rendering the pages of {template}, which uses this file")
        };
        diagnostic.hint = Some(match diagnostic.hint.take() {
            Some(hint) if hint.ends_with(['?', '.', '!']) => format!("{hint} (It was {met}.)"),
            Some(hint) => format!("{hint} ({met})"),
            None => met,
        });
    }
}

/// `page`: the values of the page whose rendering failed, for messages said from them (`None`
/// when the templates are compiled).
fn template_diagnostics(
    error: &tera::Error,
    origins: &Origins,
    page: Option<&dyn template_errors::PageValues>,
) -> Vec<Diagnostic> {
    let text = error_text(error);
    let mut out = Vec::new();
    // Blocks no parent has, said together once all are known (`unknown_blocks`).
    let mut blocks = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        if let Some(message) = lines[i].strip_prefix("error: ") {
            let mut diagnostic = None;
            if let Some(location) = lines.get(i + 1).and_then(|l| l.trim_start().strip_prefix("--> ")) {
                let mut parts = location.rsplitn(3, ':');
                let column = parts.next().and_then(|c| c.parse().ok());
                let line = parts.next().and_then(|l| l.parse().ok());
                if let (Some(column), Some(line), Some(name)) = (column, line, parts.next()) {
                    if let Some(block) = UnknownBlock::from_message(message, name, Pos::new(line, column)) {
                        blocks.push(block);
                        i += 1;
                        continue;
                    }
                    let path = origin_path(origins, name);
                    // The report quotes the template's line: `3 | <h1>{{ ... }}</h1>`.
                    let source = lines
                        .get(i + 3)
                        .and_then(|l| l.trim_start().strip_prefix(&format!("{line} | ")));
                    let template = origins.get(name).map(|t| (t.text.as_str(), line));
                    diagnostic = Some(explained(
                        Diagnostic::error(path, Pos::new(line, column), ""),
                        message,
                        (source, column),
                        template,
                        (origins, page),
                    ));
                }
            }
            out.push(diagnostic.unwrap_or_else(|| {
                explained(
                    Diagnostic::error("templates", None, ""),
                    message,
                    (None, 0),
                    None,
                    (origins, page),
                )
            }));
        }
        i += 1;
    }
    out.extend(template_errors::unknown_blocks(&blocks, origins));
    if out.is_empty()
        && let Some(diagnostic) = loop_diagnostic(&text, origins)
    {
        out.push(diagnostic);
    }
    if out.is_empty()
        && let Some(diagnostic) = missing_parent(&text, origins)
    {
        out.push(diagnostic);
    }
    if out.is_empty() {
        // Errors without a location name the template in their text.
        let name = origins.keys().find(|name| text.contains(&format!("'{name}'")));
        let path = name.map_or_else(|| PathBuf::from("templates"), |n| origin_path(origins, n));
        out.push(Diagnostic::error(
            path,
            None,
            format!("template error: {}", text.trim()),
        ));
    }
    out
}

/// `{% extends "layout.html" %}` with no such template, which Tera says without a place: at the
/// tag, with the closest template that exists.
fn missing_parent(text: &str, origins: &Origins) -> Option<Diagnostic> {
    let rest = text.split_once("Template '")?.1;
    let (child, rest) = rest.split_once("' is inheriting from '")?;
    let (parent, _) = rest.split_once("', which doesn't exist")?;
    let template = origins.get(child)?;
    let pos = tag_position(&template.text, "extends", Some(parent));
    let others = origins.keys().map(String::as_str).filter(|name| *name != child);
    // A template of the default theme's that the theme lacks (deleted, or never copied) is not
    // a misspelling of another (`base.html` is not `tag.html`).
    let default_has = crate::source::theme::embedded_templates()
        .iter()
        .any(|(name, _)| name == parent);
    let hint = match crate::core::diagnostic::closest(parent, others) {
        _ if default_has => format!(
            "add `{parent}` to the theme's templates/ folder (the default theme's is themes/default/templates/{parent} in gazette's repository), or extend a template the theme has"
        ),
        Some(close) => format!("did you mean `{close}`?"),
        None => "a parent template is named by its path under templates/, as `base.html`".to_string(),
    };
    Some(
        Diagnostic::error(
            template.display.clone(),
            pos,
            format!("there is no template `{parent}` to extend"),
        )
        .with_hint(hint),
    )
}

/// A template error that Tera gives without a place, placed and explained when it is a loop: an
/// include or `extends` that leads back to a template already on the way (at the tag that
/// closes the loop, in the template that has it), or a component that calls itself without end.
fn loop_diagnostic(text: &str, origins: &Origins) -> Option<Diagnostic> {
    if text.contains("Maximum render recursion depth for components exceeded") {
        // Tera stops at 20 nested calls (MAX_COMPONENT_RECURSION_DEPTH in tera 2.4), whether or
        // not a condition would have stopped them later.
        let hint = "give the calls a condition that stops them within 20 levels, such as `{% if depth < 3 %}` around the call (Tera renders components at most 20 deep)";
        let Some((path, pos, name)) = origins.values().find_map(self_call) else {
            return Some(
                Diagnostic::error(
                    "templates",
                    None,
                    "a component calls itself through another, without end or more than 20 deep",
                )
                .with_hint(hint),
            );
        };
        return Some(
            Diagnostic::error(
                path,
                pos,
                format!("the component `{name}` calls itself here, without end or more than 20 deep"),
            )
            .with_hint(hint),
        );
    }
    let (keyword, what) = if text.contains("Circular include detected") {
        ("include", "includes")
    } else if text.contains("Circular extend detected") {
        ("extends", "extends")
    } else {
        return None;
    };
    let chain: Vec<&str> = text
        .split_once("chain: `[")?
        .1
        .split_once("]`")?
        .0
        .split(", ")
        .map(|name| name.trim_matches('"'))
        .collect();
    // An include loop's chain ends with the template included again, after the one that
    // includes it; an extends loop's ends with the template whose `extends` closes it.
    let (holder, target) = match keyword {
        "include" => (*chain.get(chain.len().checked_sub(2)?)?, *chain.last()?),
        _ => (*chain.last()?, *chain.first()?),
    };
    let holder_source = origins.get(holder)?;
    let path = &holder_source.display;
    let named = (keyword == "include").then_some(target);
    let pos = tag_position(&holder_source.text, keyword, named);
    Some(
        Diagnostic::error(
            path,
            pos,
            if holder == target {
                format!("`{holder}` {what} itself")
            } else {
                format!(
                    "`{holder}` {what} `{target}`, which leads back to it: {}",
                    chain.join(" → ")
                )
            },
        )
        .with_hint(match keyword {
            "include" => "remove this include, or move the part both need into a partial of its own",
            _ => "a template cannot extend itself or one that extends it: extend the base template (`base.html`)",
        }),
    )
}

/// The first call of a component inside its own definition (`{% component r(…) %}…<r …/>`) in
/// the template at `path`: where it is, and the component's name.
fn self_call(template: &TemplateSource) -> Option<(PathBuf, Pos, String)> {
    let source = template.text.as_str();
    let mut rest = source;
    while let Some(at) = rest.find("{% component ").or_else(|| rest.find("{%- component ")) {
        let definition = &rest[at..];
        let name_start = definition.find("component ")? + "component ".len();
        let name: String = definition[name_start..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let end = definition.find("endcomponent").unwrap_or(definition.len());
        if let Some(call) = definition[..end]
            .find(&format!("<{name} "))
            .or_else(|| definition[..end].find(&format!("<{name}/")))
        {
            let offset = source.len() - rest.len() + at + call;
            return Some((template.display.clone(), Pos::of_offset(source, offset), name));
        }
        rest = &definition[end.max(1)..];
    }
    None
}

/// The line and column of the first `{% <keyword> … %}` tag in a template's source (that names
/// the template `named`, when given).
fn tag_position(source: &str, keyword: &str, named: Option<&str>) -> Option<Pos> {
    source.match_indices("{%").find_map(|(start, _)| {
        let tag = source[start + 2..].trim_start_matches(['-', ' ', '\t']);
        let rest = tag.strip_prefix(keyword)?;
        let inside = &rest[..rest.find("%}").unwrap_or(rest.len())];
        let names = |name: &str| inside.contains(&format!("\"{name}\"")) || inside.contains(&format!("'{name}'"));
        named.is_none_or(names).then(|| Pos::of_offset(source, start))
    })
}

/// The components the templates define (`{% component badge(…) %}`), sorted.
fn component_names(origins: &Origins) -> Vec<String> {
    let mut names: Vec<String> = origins
        .values()
        .flat_map(|source| {
            source
                .text
                .match_indices("{%")
                .map(move |(at, _)| &source.text[at + 2..])
        })
        .filter_map(|tag| {
            let rest = tag.trim_start_matches(['-', ' ', '\t']).strip_prefix("component ")?;
            let name: String = rest
                .trim_start()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            (!name.is_empty()).then_some(name)
        })
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// `diagnostic` with Tera's `message` in a theme author's words when it is a common one (see
/// `template_errors`), else as Tera wrote it.
fn explained(
    mut diagnostic: Diagnostic,
    message: &str,
    (source, column): (Option<&str>, usize),
    template: Option<(&str, usize)>,
    (origins, page): (&Origins, Option<&dyn template_errors::PageValues>),
) -> Diagnostic {
    if let Some(name) = message
        .strip_prefix("Unknown component `")
        .and_then(|rest| rest.split('`').next())
    {
        let defined = component_names(origins);
        diagnostic.message = format!("there is no component `{name}`");
        diagnostic.hint = Some(match crate::core::diagnostic::closest(name, defined.iter().map(String::as_str)) {
            Some(close) => format!("did you mean `{close}`?"),
            None if defined.is_empty() => {
                "define it in a template with `{% component name(argument: type) %}…{% endcomponent name %}` (docs/themes.md)".to_string()
            }
            None => format!("the components there are: {}", defined.join(", ")),
        });
        return diagnostic;
    }
    let templates: Vec<&str> = origins.keys().map(String::as_str).collect();
    match template_errors::explain(message, source, column, template, &templates, page) {
        Some(explained) => {
            diagnostic.message = explained.message;
            diagnostic.hint = explained.hint;
            if let Some(pos) = diagnostic.pos {
                let line = explained.line.unwrap_or(pos.line);
                diagnostic.pos = Some(Pos::new(line, explained.column.unwrap_or(pos.column)));
            }
        }
        None => diagnostic.message = format!("template error: {message}"),
    }
    diagnostic
}

#[derive(Serialize)]
struct SiteView {
    title: String,
    description: String,
    base_url: String,
    language: String,
    /// The home page of the page's language (`/briefings/ko/` on a Korean page).
    home_url: String,
    /// Where the static files are, the same in every language (`/briefings/`): a theme's own
    /// files are linked from it (`{{ site.static_url }}fonts/serif.woff2`).
    static_url: String,
    topics_url: String,
    tags_url: String,
    archive_url: String,
    search_url: String,
    /// The list of editions, when the site has any.
    editions_url: Option<String>,
    /// The list of authors, when the site has any.
    authors_url: Option<String>,
    search_index_url: String,
    search_script_url: String,
    stylesheet_url: String,
    /// `<base path>custom.css` when the output has a `custom.css` (the site's `static/custom.css`,
    /// loaded after the theme's stylesheet so that it wins), else none.
    custom_css_url: Option<String>,
    /// `logo:` as a URL under the base path (or as written when absolute).
    logo_url: Option<String>,
    favicons: Vec<IconView>,
    atom_url: String,
    rss_url: String,
    json_feed_url: String,
    /// The topics the footer lists: all of them, or the `TOPICS_LISTED` with the newest briefings.
    nav_topics: Vec<Link>,
    /// How many topics the site has (more than `nav_topics` holds when it lists only some).
    topic_count: usize,
    extra: serde_json::Value,
}

/// A `<link rel="icon">`: its URL, and the `type` or `sizes` its extension calls for.
#[derive(Serialize)]
struct IconView {
    url: String,
    #[serde(rename = "type")]
    mime: Option<&'static str>,
    sizes: Option<&'static str>,
}

impl IconView {
    fn new(url: String) -> IconView {
        let extension = url.rsplit('.').next().unwrap_or_default().to_ascii_lowercase();
        let (mime, sizes) = match extension.as_str() {
            "svg" => (Some("image/svg+xml"), None),
            "png" => (Some("image/png"), None),
            // Browsers pick the best size from an .ico themselves; `sizes="any"` keeps them from
            // preferring it over an SVG listed beside it.
            "ico" => (None, Some("any")),
            _ => (None, None),
        };
        IconView { url, mime, sizes }
    }
}

/// The stylesheet a site may add beside the theme's (`static/custom.css`).
pub const CUSTOM_CSS: &str = "custom.css";

/// The icon browsers ask a site's root for: the default theme ships one, a site's
/// `static/favicon.ico` replaces it.
pub const FAVICON_ICO: &str = "favicon.ico";

/// The static files every page links only when the output has them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LinkedStatics {
    /// The site's `static/custom.css`, loaded after the theme's stylesheet.
    pub custom_css: bool,
    /// A `favicon.ico` (the theme's or the site's), linked when site.yaml names no `favicon:`,
    /// so that a site under a base path (`/briefings/`) has an icon and browsers do not ask the
    /// host's root for one.
    pub favicon_ico: bool,
}

impl LinkedStatics {
    /// What `has_file` (an output path → whether the output has it) says is there.
    pub fn from_files(has_file: impl Fn(&str) -> bool) -> Self {
        LinkedStatics {
            custom_css: has_file(CUSTOM_CSS),
            favicon_ico: has_file(FAVICON_ICO),
        }
    }
}

/// A file named in site.yaml (`logo:`, `favicon:`) as a URL: absolute ones as written, site paths
/// under the base path.
fn site_file_url(config: &crate::parse::config::Config, file: &str) -> String {
    if crate::core::resolve::is_absolute(file) {
        file.to_string()
    } else {
        config.static_base().url(file)
    }
}

#[derive(Serialize, Clone)]
struct Link {
    title: String,
    url: String,
}

#[derive(Serialize, Clone)]
struct DateView {
    iso: String,
    human: String,
    precision: dates::Precision,
}

impl DateView {
    /// A date as `<time>` shows it: machine-readable, and as the page's language writes it.
    fn new(date: &DateValue, language: &Language) -> Self {
        DateView {
            iso: date.iso(),
            human: language.date(date),
            precision: date.precision,
        }
    }
}

/// An article as lists, timelines and its own page show it.
#[derive(Serialize)]
struct CardView {
    title: String,
    url: String,
    summary: String,
    date: DateView,
    event: DateView,
    event_end: Option<DateView>,
    /// The event date as shown: `display_date`, or the event date (and end) at its precision.
    when: String,
    display_date: Option<String>,
    key: bool,
    draft: bool,
    scheduled: bool,
    topics: Vec<TopicLink>,
    tags: Vec<CardTag>,
    /// The byline: the article's authors in the order written (none on a site without authors).
    authors: Vec<authors::AuthorLink>,
    source_count: usize,
    reading_minutes: usize,
    /// `source_count` in words ("2 sources", `sources_count`), made once with the card rather
    /// than by the templates on every page that shows it.
    sources_label: String,
    /// `reading_minutes` in words ("3 min read", `min_read`), likewise.
    reading_time: String,
    updated: Option<DateView>,
    has_correction: bool,
    /// The date of the newest correction in the log, if any ("Corrected" rather than "Updated").
    corrected: Option<DateView>,
    /// Whether the event is the publication day itself (no `display_date`, no end), so one date
    /// says both.
    same_day: bool,
    /// The lead image, if any.
    image: Option<ImageView>,
}

/// A lead image as templates show it: `<picture>` with a WebP `<source srcset>` when `webp_srcset`
/// is set, and an `<img>` with `src`, `srcset`, `width` and `height` (unknown for an image the
/// build does not process, such as an http(s) URL).
#[derive(Serialize, Clone)]
struct ImageView {
    src: String,
    srcset: Option<String>,
    webp_srcset: Option<String>,
    #[serde(rename = "type")]
    mime: Option<&'static str>,
    width: Option<u32>,
    height: Option<u32>,
    alt: String,
    caption: Option<String>,
    credit: Option<String>,
    /// The language of `alt`, `caption` and `credit` when not the page's (a translation's
    /// inherited image); none otherwise.
    lang: Option<String>,
}

fn image_view(image: &crate::site::LeadImage) -> ImageView {
    ImageView {
        caption: image.caption.clone(),
        credit: image.credit.clone(),
        lang: image.lang.clone(),
        ..picture_view(image.picture.as_ref(), image.src.clone(), image.alt.clone())
    }
}

/// An image as templates show it: its sizes when the build made them, else `src` alone.
fn picture_view(picture: Option<&crate::parse::picture::Picture>, src: String, alt: String) -> ImageView {
    use crate::parse::picture::Picture;
    ImageView {
        src: picture.map_or(src, |p| p.src.clone()),
        srcset: picture.filter(|p| p.own.len() > 1).map(|p| Picture::srcset(&p.own)),
        webp_srcset: picture.filter(|p| !p.webp.is_empty()).map(|p| Picture::srcset(&p.webp)),
        mime: picture.map(|p| p.own_type),
        width: picture.map(|p| p.width),
        height: picture.map(|p| p.height),
        alt,
        caption: None,
        credit: None,
        lang: None,
    }
}

/// The image a shared link shows (`og:image`), with its absolute URL.
#[derive(Serialize)]
struct ShareView {
    url: String,
    width: u32,
    height: u32,
    alt: String,
}

#[derive(Serialize, Clone)]
struct TopicLink {
    slug: String,
    title: String,
    url: String,
    /// The language of `title` when not the page's: a translation's link to a topic of the
    /// original's that has no translation.
    lang: Option<String>,
}

/// A tag as a card and an article page list it.
#[derive(Serialize, Clone)]
struct CardTag {
    title: String,
    url: String,
    /// The language of `title` when not the page's: a translation's tags taken from its original.
    lang: Option<String>,
}

#[derive(Serialize)]
struct SourceView {
    outlet: String,
    title: Option<String>,
    url: Option<String>,
    date: Option<DateView>,
    /// The language of `outlet` and `title` when not the page's (a translation's sources taken
    /// from its original); none otherwise.
    lang: Option<String>,
}

#[derive(Serialize)]
struct UpdateView {
    date: DateView,
    kind: UpdateKind,
    label: String,
    text: String,
}

#[derive(Serialize)]
struct NeighbourView {
    topic: TopicLink,
    /// "On the timeline of <a …>topic</a>" (`timeline_of`), HTML: made here once rather than by
    /// `t()` and `link()` on the page.
    heading: String,
    previous: Option<Value>,
    next: Option<Value>,
}

#[derive(Serialize)]
struct ArticlePage<'a> {
    page_title: &'a str,
    page_description: &'a str,
    canonical: String,
    /// A draft or scheduled article (built with `--drafts`, `--future`): kept out of search
    /// engines.
    noindex: bool,
    section: &'static str,
    article: &'a Value,
    /// `summary:` as written, shown under the headline; none when the summary is the body's
    /// first paragraph, which the page shows anyway.
    standfirst: Option<&'a str>,
    content: &'a str,
    toc: &'a [TocEntry],
    sources: Vec<SourceView>,
    updates: Vec<UpdateView>,
    /// The newest correction of the log, shown under the title as well as in the log.
    latest_correction: Option<UpdateView>,
    word_count: usize,
    neighbours: Vec<NeighbourView>,
    /// The editions that listed the article, newest first.
    editions: Vec<editions::EditionCard>,
    extra: &'a serde_json::Value,
    og_type: &'static str,
    published_time: String,
    /// `date:` for the page's own `<time datetime>`: RFC 3339 when it has a time, else the day.
    published_iso: String,
    modified_time: String,
    jsonld: NewsArticle<'a>,
    /// The image its shared links show (`og:image`).
    share: Option<ShareView>,
}

#[derive(Serialize)]
struct TopicSummary {
    slug: String,
    /// The slugs the topic had before it was renamed (its `aliases:` under `/topics/`), so that
    /// an old search address (`?topic=<old>`) still narrows to it.
    old_slugs: Vec<String>,
    title: String,
    url: String,
    feed_url: String,
    rss_url: String,
    timeline_json_url: String,
    /// The whole timeline's export, when `timeline.json` holds only a part of a long one.
    timeline_full_url: Option<String>,
    summary: String,
    status: TopicStatus,
    count: usize,
    latest: Vec<Value>,
    last_updated: Option<DateView>,
    extra: serde_json::Value,
}

#[derive(Serialize)]
struct TimelineView {
    years: Vec<YearView>,
    count: usize,
    key_count: usize,
    first: Option<String>,
    last: Option<String>,
}

#[derive(Serialize)]
struct YearView {
    year: i16,
    id: String,
    count: usize,
    months: Vec<MonthView>,
}

#[derive(Serialize)]
struct MonthView {
    name: String,
    id: String,
    entries: Vec<Value>,
}

#[derive(Serialize)]
struct TopicPage<'a> {
    page_title: &'a str,
    page_description: &'a str,
    canonical: String,
    section: &'static str,
    topic: &'a Value,
    background: &'a str,
    timeline: TimelineView,
    /// Whether the timeline is too long for one page and is split by year (`years` links them).
    split: bool,
    /// Each year of a split timeline, with its page.
    years: Vec<YearLink>,
    /// A split timeline's newest `pagination::KEY_EVENTS_SHOWN` key events, in timeline order
    /// (on the topic's own page).
    key_events: Vec<Value>,
    /// How many key events are older than those (marked on their years' pages).
    key_events_earlier: usize,
    /// The year a year page shows.
    year: Option<i16>,
    pagination: Option<pagination::PaginationView>,
}

#[derive(Serialize)]
struct YearLink {
    year: i16,
    url: String,
    count: usize,
    current: bool,
}

#[derive(Serialize)]
struct ListPage<'a, T: Serialize> {
    page_title: &'a str,
    page_description: &'a str,
    canonical: String,
    section: &'static str,
    #[serde(flatten)]
    data: T,
}

#[derive(Serialize)]
struct HomeData<'a> {
    /// The newest edition, if the site has any.
    latest_edition: Option<editions::EditionCard>,
    latest: Vec<Value>,
    topics: &'a [Value],
    key_events: Vec<Value>,
    pagination: Option<pagination::PaginationView>,
}

#[derive(Serialize)]
struct TopicsData<'a> {
    topics: &'a [Value],
}

#[derive(Serialize, Clone)]
struct TagLink {
    name: String,
    /// The original's language when every article of the tag on this language's pages took its
    /// tags from its original (the name is in the original's words); none otherwise.
    lang: Option<String>,
    url: String,
    count: usize,
    feed_url: String,
}

#[derive(Serialize)]
struct TagsData {
    tags: Vec<TagLink>,
    pagination: Option<pagination::PaginationView>,
}

/// One page of a list of articles (`Renderer::list_page`).
struct ListSlice {
    cards: Vec<Value>,
    pagination: Option<pagination::PaginationView>,
    /// `, page 2 of 5` after the list's title; nothing on the first page.
    of_pages: String,
}

#[derive(Serialize)]
struct TagData {
    tag: TagLink,
    articles: Vec<Value>,
    pagination: Option<pagination::PaginationView>,
}

#[derive(Serialize)]
struct ArchiveYear {
    year: i16,
    /// The year's own page (`/archive/<year>/`).
    url: String,
    months: Vec<ArchiveMonthLink>,
}

#[derive(Serialize)]
struct ArchiveMonthLink {
    name: String,
    url: String,
    count: usize,
}

#[derive(Serialize)]
struct ArchiveData {
    years: Vec<ArchiveYear>,
    /// The year a year's page shows (none on the archive's page).
    archive_year: Option<i16>,
}

#[derive(Serialize)]
struct MonthData {
    month: ArchiveMonthLink,
    articles: Vec<Value>,
    previous: Option<ArchiveMonthLink>,
    next: Option<ArchiveMonthLink>,
    pagination: Option<pagination::PaginationView>,
}

#[derive(Serialize)]
struct AliasPage<'a> {
    page_title: &'a str,
    page_description: &'a str,
    canonical: String,
    section: &'static str,
    target: String,
}

/// A rendered page: its output path and its body (bytes, or `Written` when streamed to a sink).
pub type RenderedPage = (String, Body);

/// Where `build` streams finished pages (the new site on disk), so they need not stay in memory.
pub type PageSink<'a> = dyn Fn(&str, &[u8]) -> Result<(), Diagnostic> + Sync + 'a;

/// Template errors of many pages, sorted by file, position and message, each said once as a
/// build says it (`Diagnostics::sorted`): one broken template fails many pages alike, each
/// with its own hint ("met rendering the pages of tag.html").
pub fn sorted_errors(errors: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut all = crate::core::diagnostic::Diagnostics::default();
    all.extend(errors);
    all.sorted()
}

/// Renders every HTML page, in parallel, streaming each to `sink` when there is one.
pub fn render_pages(
    site: &Site,
    templates: &Templates,
    linked: LinkedStatics,
    sink: Option<&PageSink<'_>>,
) -> Vec<Result<RenderedPage, Vec<Diagnostic>>> {
    let data = SharedViews::new(site, linked);
    let pages = Renderer::new(site, templates, &data);
    // In `list`'s order, articles first: each makes its own card when it first needs it (and
    // its neighbours'), while the search index beside them frees the bodies' terms and pairs,
    // before the list pages' cards add up (README, Performance, has the figures). Nothing makes
    // the cards up front.
    // With a sink, each worker renders into one buffer, page after page, and writes it out.
    pages
        .list()
        .into_par_iter()
        .map_init(
            || Vec::with_capacity(PAGE_CAPACITY),
            |buffer, (path, page)| {
                let _rendering = watch::enter(&path);
                match sink {
                    Some(sink) => {
                        pages.render_into(page, buffer)?;
                        sink(&path, buffer)
                            .map(|()| (path, Body::Written(buffer.len())))
                            .map_err(|e| vec![e])
                    }
                    None => Ok((path, Body::Bytes(pages.render(page)?))),
                }
            },
        )
        .collect()
}

/// Room for a typical page (an article page is about 20 KB), so rendering rarely regrows it.
const PAGE_CAPACITY: usize = 32 * 1024;

/// A page of the site, by what it shows: enough to render it on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Page {
    /// Page `n` (1-based) of the home page's latest briefings.
    Home(usize),
    Topics,
    Topic(usize),
    /// A year of a split timeline: the topic, the year's index in its timeline, and the page.
    TopicYear(usize, usize, usize),
    /// Page `n` of the tag index (`pagination::TAGS_PAGE` tags a page).
    Tags(usize),
    /// A tag's page `n`.
    Tag(usize, usize),
    Archive,
    /// An archive year's page: its months (a reader's trimmed `/archive/2024/06/`).
    ArchiveYear(i16),
    /// An archive month's page `n`.
    Month(usize, usize),
    Search,
    NotFound,
    Article(usize),
    /// An old address of an article (`aliases`): its article, and which of its aliases.
    Alias(usize, usize),
    /// An old address of a topic (`aliases`): its topic, and which of its aliases.
    TopicAlias(usize, usize),
    /// Page N of the list of editions (`pagination.per_page` a page).
    Editions(usize),
    /// An edition's web page, by its index in `Site::editions`.
    Edition(usize),
    /// An edition's email: its HTML with the CSS inlined.
    EditionEmail(usize),
    /// An edition's email as plain text.
    EditionText(usize),
    /// Page `n` of the authors' list (`pagination::AUTHORS_PAGE` authors a page).
    Authors(usize),
    /// An author's page `n` (their biography and briefings).
    Author(usize, usize),
}

/// Renders the pages of one site, one at a time and in any order (a build renders them all,
/// `serve` only those asked for), with the `SharedViews` made from the same site.
pub struct Renderer<'a> {
    site: &'a Site,
    templates: &'a Templates,
    data: &'a SharedViews,
}

/// What many pages of one site share, made once (cards and summaries when first shown) and
/// cloned cheaply into each page's context. It belongs to the site it was made from: `serve`
/// keeps it beside its prepared site, so pages rendered for different requests share it.
pub struct SharedViews {
    /// Each article's card, made the first time a page shows it.
    cards: Vec<OnceLock<Value>>,
    topic_links: Vec<TopicLink>,
    topic_summaries: OnceLock<Vec<Value>>,
    /// The topics the pages that name every topic list (`listed_topics`), by index.
    listed_topics: Vec<usize>,
    /// Their summaries, in that order.
    listed_summaries: OnceLock<Vec<Value>>,
    /// For each topic, where each of its articles stands on its timeline (made when first
    /// needed), so finding an article's neighbours does not scan a timeline of thousands.
    timeline_positions: Vec<OnceLock<rustc_hash::FxHashMap<usize, usize>>>,
    /// For each topic, the heading of its neighbours on an article's page ("Timeline of <a>…</a>"),
    /// made once rather than for each of its articles.
    timeline_headings: Vec<OnceLock<String>>,
    /// Each edition's view with the email's URLs, shared by its HTML and its plain text.
    email_editions: Vec<OnceLock<Value>>,
    /// Each edition's card, as lists and its articles' pages show it.
    edition_cards: Vec<OnceLock<editions::EditionCard>>,
    site_value: Value,
    /// `translations` of a page that has none (every page of a site in one language).
    no_translations: Value,
    /// The counted words cards share, made once per count.
    count_labels: CountLabels,
}

/// Counted words that thousands of cards share ("2 sources", "3 min read"): each made the first
/// time a card needs it, for the small counts nearly every card has.
struct CountLabels {
    sources: Vec<OnceLock<String>>,
    minutes: Vec<OnceLock<String>>,
}

impl CountLabels {
    fn new() -> CountLabels {
        CountLabels {
            sources: (0..32).map(|_| OnceLock::new()).collect(),
            minutes: (0..64).map(|_| OnceLock::new()).collect(),
        }
    }

    /// The words of `key` for `count`, from `cache` when the count is a small one.
    fn get(cache: &[OnceLock<String>], words: &Words, key: &str, count: usize) -> String {
        let make = || words.text(key, Some(count as u64), &[]);
        match cache.get(count) {
            Some(cell) => cell.get_or_init(make).clone(),
            None => make(),
        }
    }
}

impl SharedViews {
    /// `linked`: the static files the output has that every page then links.
    pub fn new(site: &Site, linked: LinkedStatics) -> Self {
        let config = &site.config;
        let listed = listed_topics(site);
        let site_view = SiteView {
            title: config.title.clone(),
            description: config.description.clone(),
            base_url: config.base_url.to_string(),
            language: config.language.clone(),
            home_url: config.base_url.url(urls::HOME),
            static_url: config.static_base().url(""),
            topics_url: site
                .topics_page_elsewhere
                .clone()
                .unwrap_or_else(|| config.base_url.url(urls::TOPICS)),
            tags_url: config.base_url.url(urls::TAGS),
            archive_url: config.base_url.url(urls::ARCHIVE),
            search_url: config.base_url.url(urls::SEARCH),
            editions_url: (!site.editions.is_empty()).then(|| config.base_url.url(urls::EDITIONS)),
            authors_url: (!site.authors.is_empty()).then(|| config.base_url.url(urls::AUTHORS)),
            search_index_url: config.base_url.url(&format!("{}/", urls::SEARCH_INDEX_DIR)),
            search_script_url: config.static_base().url("search.js"),
            stylesheet_url: config.static_base().url("style.css"),
            custom_css_url: linked.custom_css.then(|| config.static_base().url(CUSTOM_CSS)),
            logo_url: config.logo.as_ref().map(|logo| site_file_url(config, &logo.path)),
            favicons: if config.favicons.is_empty() {
                linked
                    .favicon_ico
                    .then(|| IconView::new(config.static_base().url(FAVICON_ICO)))
                    .into_iter()
                    .collect()
            } else {
                config
                    .favicons
                    .iter()
                    .map(|icon| IconView::new(site_file_url(config, &icon.path)))
                    .collect()
            },
            atom_url: config.base_url.url(urls::ATOM),
            rss_url: config.base_url.url(urls::RSS),
            json_feed_url: config.base_url.url(urls::JSON_FEED),
            nav_topics: listed
                .iter()
                .map(|&t| &site.topics[t])
                .map(|t| Link {
                    title: t.meta.title.clone(),
                    url: config.base_url.url(&t.permalink()),
                })
                .collect(),
            topic_count: site.topics.len(),
            extra: config.extra.clone(),
        };
        SharedViews {
            cards: (0..site.articles.len()).map(|_| OnceLock::new()).collect(),
            topic_links: site.topics.iter().map(|t| topic_link(site, t)).collect(),
            topic_summaries: OnceLock::new(),
            listed_topics: listed,
            listed_summaries: OnceLock::new(),
            timeline_positions: site.topics.iter().map(|_| OnceLock::new()).collect(),
            timeline_headings: site.topics.iter().map(|_| OnceLock::new()).collect(),
            email_editions: site.editions.iter().map(|_| OnceLock::new()).collect(),
            edition_cards: site.editions.iter().map(|_| OnceLock::new()).collect(),
            site_value: Value::from_serializable(&site_view),
            no_translations: Value::from_serializable(&[(); 0]),
            count_labels: CountLabels::new(),
        }
    }
}

impl<'a> Renderer<'a> {
    /// `data` must have been made from `site` (`SharedViews::new`).
    pub fn new(site: &'a Site, templates: &'a Templates, data: &'a SharedViews) -> Self {
        Renderer { site, templates, data }
    }

    /// The theme's words in the site's language (with its date formats and plural rules).
    fn words(&self) -> &Words {
        self.templates.i18n.default_words()
    }

    /// Article `i`'s card.
    fn card(&self, i: usize) -> Value {
        self.data.cards[i]
            .get_or_init(|| {
                let labels = &self.data.count_labels;
                Value::from_serializable(&card(self.site, &self.site.articles[i], self.words(), labels))
            })
            .clone()
    }

    fn topic_summaries(&self) -> &[Value] {
        self.data.topic_summaries.get_or_init(|| {
            let site = self.site;
            let config = &site.config;
            site.topics
                .iter()
                .map(|t| {
                    let newest: Vec<usize> = newest_first(&t.timeline.entries);
                    Value::from_serializable(&TopicSummary {
                        slug: t.slug.clone(),
                        old_slugs: t
                            .meta
                            .aliases
                            .iter()
                            .filter_map(|alias| alias.strip_prefix(urls::TOPICS)?.strip_suffix('/'))
                            .filter(|old| !old.is_empty() && !old.contains('/'))
                            .map(str::to_string)
                            .collect(),
                        title: t.meta.title.clone(),
                        url: config.base_url.url(&t.permalink()),
                        feed_url: config.base_url.url(&urls::topic_feed(&t.slug)),
                        rss_url: config.base_url.url(&urls::topic_rss(&t.slug)),
                        timeline_json_url: config.base_url.url(&urls::topic_timeline(&t.slug)),
                        timeline_full_url: (t.timeline.entries.len() > TIMELINE_JS_MAX)
                            .then(|| config.base_url.url(&urls::topic_timeline_full(&t.slug))),
                        summary: t.summary().to_string(),
                        status: t.meta.status,
                        count: t.timeline.entries.len(),
                        latest: newest.iter().take(TOPIC_LATEST).map(|&i| self.card(i)).collect(),
                        last_updated: newest
                            .first()
                            .map(|&i| DateView::new(&site.articles[i].meta.date.at_day(), self.words().language())),
                        extra: t.meta.extra.clone(),
                    })
                })
                .collect()
        })
    }

    /// The summaries of the topics the pages that name every topic list (`TOPICS_LISTED`).
    fn listed_summaries(&self) -> &[Value] {
        self.data.listed_summaries.get_or_init(|| {
            let all = self.topic_summaries();
            self.data.listed_topics.iter().map(|&t| all[t].clone()).collect()
        })
    }

    /// Every page and its output file: each article and its aliases, then the list pages (the
    /// order a build renders them in: see `render_pages`).
    pub fn list(&self) -> Vec<(String, Page)> {
        let site = self.site;
        let per_page = site.config.per_page;
        let mut pages = Vec::new();
        // One path string per article (and alias), made on every core, in article order.
        let articles: Vec<(String, Page)> = site
            .articles
            .par_iter()
            .enumerate()
            .flat_map_iter(|(i, article)| {
                std::iter::once((urls::page_file(&article.permalink), Page::Article(i))).chain(
                    article
                        .meta
                        .aliases
                        .iter()
                        .enumerate()
                        .map(move |(k, alias)| (urls::page_file(alias), Page::Alias(i, k))),
                )
            })
            .collect();
        pages.extend(articles);
        let paged = |path: &str, len: usize, per_page: usize| -> Vec<(String, usize)> {
            (1..=pagination::page_count(len, per_page))
                .map(|n| (urls::page_file(&urls::paged(path, n)), n))
                .collect()
        };
        pages.extend(
            paged(urls::HOME, site.articles.len(), per_page)
                .into_iter()
                .map(|(file, n)| (file, Page::Home(n))),
        );
        pages.extend(self.topic_pages());
        pages.extend(
            paged(urls::TAGS, site.tags.len(), pagination::TAGS_PAGE)
                .into_iter()
                .map(|(file, n)| (file, Page::Tags(n))),
        );
        for (t, tag) in site.tags.iter().enumerate() {
            pages.extend(
                paged(&tag.permalink(), tag.articles.len(), per_page)
                    .into_iter()
                    .map(|(file, n)| (file, Page::Tag(t, n))),
            );
        }
        pages.push((urls::page_file(urls::ARCHIVE), Page::Archive));
        pages.extend(
            crate::site::archive_years(&site.archive)
                .into_iter()
                .map(|y| (urls::page_file(&urls::archive_year(y)), Page::ArchiveYear(y))),
        );
        for (m, month) in site.archive.iter().enumerate() {
            pages.extend(
                paged(&month.permalink(), month.articles.len(), per_page)
                    .into_iter()
                    .map(|(file, n)| (file, Page::Month(m, n))),
            );
        }
        pages.push((urls::page_file(urls::SEARCH), Page::Search));
        pages.push((urls::NOT_FOUND.to_string(), Page::NotFound));
        if !site.editions.is_empty() {
            pages.extend(
                paged(urls::EDITIONS, site.editions.len(), per_page)
                    .into_iter()
                    .map(|(file, n)| (file, Page::Editions(n))),
            );
        }
        for (e, edition) in site.editions.iter().enumerate() {
            pages.push((urls::page_file(&edition.permalink()), Page::Edition(e)));
            pages.push((
                urls::edition_email(&edition.slug)[1..].to_string(),
                Page::EditionEmail(e),
            ));
            pages.push((urls::edition_text(&edition.slug)[1..].to_string(), Page::EditionText(e)));
        }
        pages.extend(self.author_pages());
        pages
    }

    /// The topics page (unless the language links the default language's instead), and each
    /// topic's page and the pages of its split timeline's years.
    fn topic_pages(&self) -> Vec<(String, Page)> {
        let site = self.site;
        let mut pages = Vec::new();
        if site.topics_page_elsewhere.is_none() {
            pages.push((urls::page_file(urls::TOPICS), Page::Topics));
        }
        for (t, topic) in site.topics.iter().enumerate() {
            pages.push((urls::page_file(&topic.permalink()), Page::Topic(t)));
            pages.extend(
                topic
                    .meta
                    .aliases
                    .iter()
                    .enumerate()
                    .map(|(k, alias)| (urls::page_file(alias), Page::TopicAlias(t, k))),
            );
            if topic.timeline.entries.len() > pagination::TIMELINE_PAGE {
                for (y, year) in topic.timeline.years.iter().enumerate() {
                    let path = urls::topic_year(&topic.slug, year.year);
                    let len = year.months.iter().map(|m| m.entries.len()).sum();
                    pages.extend(
                        (1..=pagination::page_count(len, pagination::TIMELINE_PAGE))
                            .map(|n| (urls::page_file(&urls::paged(&path, n)), Page::TopicYear(t, y, n))),
                    );
                }
            }
        }
        pages
    }

    /// What a page shows, in words that are the same in every language of a multi-language
    /// site (an article by its original's file, a topic or tag by its slug, a list by its place),
    /// so that the versions of one page are found across languages. `None` for the pages no
    /// reader switches language on: redirects and emails.
    pub fn page_key(&self, page: Page) -> Option<String> {
        let site = self.site;
        Some(match page {
            Page::Home(n) => format!("home/{n}"),
            Page::Topics => "topics".to_string(),
            Page::Topic(t) => format!("topic/{}", site.topics[t].slug),
            Page::TopicYear(t, y, n) => {
                let topic = &site.topics[t];
                format!("topic/{}/{}/{n}", topic.slug, topic.timeline.years[y].year)
            }
            Page::Tags(n) => format!("tags/{n}"),
            Page::Tag(t, n) => format!("tag/{}/{n}", site.tags[t].slug),
            Page::Archive => "archive".to_string(),
            Page::ArchiveYear(y) => format!("archive/{y}"),
            Page::Month(m, n) => {
                let month = &site.archive[m];
                format!("month/{}/{}/{n}", month.year, month.month)
            }
            Page::Search => "search".to_string(),
            Page::NotFound => "404".to_string(),
            Page::Article(i) => format!("article/{}", site.articles[i].source),
            Page::Editions(n) => format!("editions/{n}"),
            Page::Edition(e) => format!("edition/{}", site.editions[e].slug),
            Page::Authors(n) => format!("authors/{n}"),
            Page::Author(a, n) => format!("author/{}/{n}", site.authors[a].slug),
            Page::Alias(..) | Page::TopicAlias(..) | Page::EditionEmail(_) | Page::EditionText(_) => return None,
        })
    }

    /// The versions of a page in the site's languages (the template's `translations`: empty
    /// unless the page exists in another language too).
    fn translations(&self, page: Page) -> Value {
        let translations = &self.site.translations;
        let found = if translations.is_empty() {
            None
        } else {
            self.page_key(page).and_then(|key| translations.by_key.get(&key))
        };
        match found {
            Some(alternates) => Value::from_serializable(&**alternates),
            None => self.data.no_translations.clone(),
        }
    }

    /// Renders one page.
    pub fn render(&self, page: Page) -> Result<Vec<u8>, Vec<Diagnostic>> {
        let mut bytes = Vec::with_capacity(PAGE_CAPACITY);
        self.render_into(page, &mut bytes)?;
        Ok(bytes)
    }

    /// Renders one page into `bytes` (emptied first), so a buffer can serve page after page.
    pub fn render_into(&self, page: Page, bytes: &mut Vec<u8>) -> Result<(), Vec<Diagnostic>> {
        let (template, mut context) = self.context(page);
        context.insert_value("site", self.data.site_value.clone());
        context.insert_value("translations", self.translations(page));
        bytes.clear();
        let templates = self.templates;
        let rendered = templates
            .baked
            .as_ref()
            .unwrap_or(&templates.tera)
            .render_to(template, &context, &mut *bytes);
        if let Err(error) = rendered {
            // Reported from the templates as written, so that lines, columns and the quoted
            // source are the file's own.
            let error = match &templates.baked {
                Some(_) => templates
                    .tera
                    .render_to(template, &context, std::io::sink())
                    .err()
                    .unwrap_or(error),
                None => error,
            };
            let page = PageContext {
                tera: &templates.tera,
                context: &context,
            };
            let mut found = template_diagnostics(&error, &templates.origins, Some(&page));
            said_where_met(&mut found, &templates.origins, template);
            return Err(found);
        }
        match page {
            Page::EditionEmail(e) => {
                let html = utf8(bytes);
                let mut inlined = inline_css(&html).map_err(|message| {
                    let origin = origin_path(&self.templates.origins, EMAIL_TEMPLATE);
                    vec![Diagnostic::error(
                        origin,
                        None,
                        format!("the email's stylesheet could not be inlined: {message}"),
                    )]
                })?;
                // A link or image the template wrote as a path from the site's root
                // (`{{ site.logo_url }}`) is made absolute: a mail client has no site to read it
                // from. (The introduction's and the notes' are already; other relative values
                // may be a sending service's placeholders, `*|UNSUB|*`, and stay.)
                if editions::has_root_paths(&inlined)
                    && let Ok(page) = url::Url::parse(&self.absolute(&urls::edition_email(&self.site.editions[e].slug)))
                {
                    inlined = crate::parse::absolute::absolutize_root_paths(&inlined, &page).into_owned();
                }
                // Copied back, so the worker keeps its page-sized buffer for the pages after.
                bytes.clear();
                bytes.extend_from_slice(inlined.as_bytes());
            }
            Page::EditionText(_) => {
                let text = wrap_text(&utf8(bytes));
                bytes.clear();
                bytes.extend_from_slice(text.as_bytes());
            }
            _ => {}
        }
        Ok(())
    }

    /// A page's template and context.
    fn context(&self, page: Page) -> (&'static str, Context) {
        match page {
            Page::Home(n) => ("index.html", self.home_context(n)),
            Page::Topics => ("topics.html", self.topics_context()),
            Page::Topic(t) => ("topic.html", self.topic_context(t, None)),
            Page::TopicYear(t, y, n) => ("topic.html", self.topic_context(t, Some((y, n)))),
            Page::Tags(n) => ("tags.html", self.tags_context(n)),
            Page::Tag(t, n) => ("tag.html", self.tag_context(t, n)),
            Page::Archive => ("archive.html", self.archive_context(None)),
            Page::ArchiveYear(y) => ("archive.html", self.archive_context(Some(y))),
            Page::Month(m, n) => ("archive_month.html", self.month_context(m, n)),
            Page::Search => ("search.html", self.search_context()),
            Page::NotFound => ("404.html", self.not_found_context()),
            Page::Article(i) => ("article.html", self.article_context(i)),
            Page::Alias(i, _) => {
                let article = &self.site.articles[i];
                (
                    "alias.html",
                    self.alias_context(&article.meta.title, &article.summary, &article.permalink),
                )
            }
            Page::TopicAlias(t, _) => {
                let topic = &self.site.topics[t];
                (
                    "alias.html",
                    self.alias_context(&topic.meta.title, topic.summary(), &topic.permalink()),
                )
            }
            Page::Editions(n) => ("editions.html", self.editions_context(n)),
            Page::Edition(e) => ("edition.html", self.edition_context(e)),
            Page::EditionEmail(e) => (EMAIL_TEMPLATE, self.email_context(e)),
            Page::EditionText(e) => {
                let mut context = self.email_context(e);
                // Not escaped there: the words as they are (`{{ i18n.key | upper }}`).
                context.insert_value("i18n", self.words().text_map().clone());
                (TEXT_TEMPLATE, context)
            }
            Page::Authors(n) => ("authors.html", self.authors_context(n)),
            Page::Author(a, n) => ("author.html", self.author_context(a, n)),
        }
    }

    /// A site or output path as an absolute URL (canonical links).
    fn absolute(&self, path: &str) -> String {
        self.site.config.base_url.absolute(path)
    }

    fn month_link(&self, m: &crate::site::ArchiveMonth) -> ArchiveMonthLink {
        ArchiveMonthLink {
            name: self.words().language().month(m.year, m.month),
            url: self.site.config.base_url.url(&m.permalink()),
            count: m.articles.len(),
        }
    }

    fn tag_link(&self, t: &crate::site::Tag) -> TagLink {
        let site = self.site;
        let inherited = !t.articles.is_empty() && t.articles.iter().all(|&a| site.articles[a].meta.tags_inherited);
        TagLink {
            name: t.name.clone(),
            lang: site.config.original_language.clone().filter(|_| inherited),
            url: self.site.config.base_url.url(&t.permalink()),
            count: t.articles.len(),
            feed_url: self.site.config.base_url.url(&urls::tag_feed(&t.slug)),
        }
    }

    /// Page `page` of the list at site path `path` of `len` articles (`article` gives the article
    /// at a position in the list): its cards, its navigation, and what its title adds.
    fn list_page(&self, path: &str, len: usize, article: &dyn Fn(usize) -> usize, page: usize) -> ListSlice {
        let config = &self.site.config;
        let total = pagination::page_count(len, config.per_page);
        ListSlice {
            cards: pagination::page_range(len, config.per_page, page)
                .map(|p| self.card(article(p)))
                .collect(),
            pagination: pagination::navigation(config, path, page, total),
            of_pages: self.of_pages(page, total),
        }
    }

    /// What a list's title adds on its later pages (`title_page_of`: ", page 2 of 3"); nothing
    /// on its first.
    fn of_pages(&self, page: usize, total: usize) -> String {
        match page {
            1 => String::new(),
            n => self.words().text(
                "title_page_of",
                None,
                &[("current", &n.to_string()), ("total", &total.to_string())],
            ),
        }
    }

    fn home_context(&self, page: usize) -> Context {
        use erased::Page as _;
        let site = self.site;
        let config = &site.config;
        let list = self.list_page(urls::HOME, site.articles.len(), &|p| p, page);
        let first = page == 1;
        let title = if first {
            config.title.clone()
        } else {
            self.words().text("latest_title", None, &[("pages", &list.of_pages)])
        };
        let home = ListPage {
            page_title: &title,
            page_description: &config.description,
            canonical: self.absolute(&urls::paged(urls::HOME, page)),
            // Only the first page is the front page; the others list older briefings.
            section: if first { "home" } else { "latest" },
            data: HomeData {
                latest_edition: (first && !site.editions.is_empty()).then(|| self.edition_card(0)),
                latest: list.cards,
                pagination: list.pagination,
                topics: if first { self.listed_summaries() } else { &[] },
                key_events: site
                    .articles
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| a.meta.key)
                    .take(5)
                    .map(|(i, _)| self.card(i))
                    .collect(),
            },
        };
        home.context()
    }

    fn topics_context(&self) -> Context {
        use erased::Page as _;

        let (title, description) = (
            self.words().text("topics_title", None, &[]),
            self.words().text("topics_description", None, &[]),
        );
        let topics_page = ListPage {
            page_title: &title,
            page_description: &description,
            canonical: self.absolute(urls::TOPICS),
            section: "topics",
            data: TopicsData {
                topics: self.topic_summaries(),
            },
        };
        topics_page.context()
    }

    /// A topic's page (`year: None`), or page `n` of one year of its split timeline.
    /// A topic's year page's title in the site's words, as its heading (`topic_in_year`) and
    /// every other list's later pages (`title_page_of`) are.
    fn year_page_title(&self, topic: &str, year: i16, pager: Option<&pagination::PaginationView>) -> String {
        let words = self.words();
        let mut title = words.text("topic_in_year", None, &[("topic", topic), ("year", &year.to_string())]);
        if let Some(p) = pager {
            title.push_str(&self.of_pages(p.current(), p.total()));
        }
        title
    }

    fn topic_context(&self, t: usize, year: Option<(usize, usize)>) -> Context {
        use erased::Page as _;
        let site = self.site;
        let topic = &site.topics[t];
        let timeline = &topic.timeline;
        let split = timeline.entries.len() > pagination::TIMELINE_PAGE;
        let year_len = |y: usize| timeline.years[y].months.iter().map(|m| m.entries.len()).sum::<usize>();
        // What the page shows: the whole timeline; on a split topic's own page the latest
        // year's newest entries; on a year page that page of the year.
        let (part, pager) = match (split, year) {
            (false, _) => (TimelinePart::All, None),
            (true, None) => {
                let last = timeline.years.len().saturating_sub(1);
                let len = year_len(last);
                (
                    TimelinePart::Year(last, len.saturating_sub(pagination::TIMELINE_PAGE)..len),
                    None,
                )
            }
            (true, Some((y, n))) => {
                let len = year_len(y);
                let path = urls::topic_year(&topic.slug, timeline.years[y].year);
                let total = pagination::page_count(len, pagination::TIMELINE_PAGE);
                let range = pagination::page_range(len, pagination::TIMELINE_PAGE, n);
                (
                    TimelinePart::Year(y, range),
                    pagination::navigation(&site.config, &path, n, total),
                )
            }
        };
        let shown_year = year.map(|(y, _)| timeline.years[y].year);
        let title = match shown_year {
            Some(y) => self.year_page_title(&topic.meta.title, y, pager.as_ref()),
            None => topic.meta.title.clone(),
        };
        let canonical = match (shown_year, &pager) {
            (Some(y), Some(p)) => urls::paged(&urls::topic_year(&topic.slug, y), p.current()),
            (Some(y), None) => urls::topic_year(&topic.slug, y),
            (None, _) => topic.permalink(),
        };
        let years = if split {
            (0..timeline.years.len())
                .map(|y| YearLink {
                    year: timeline.years[y].year,
                    url: site
                        .config
                        .base_url
                        .url(&urls::topic_year(&topic.slug, timeline.years[y].year)),
                    count: year_len(y),
                    current: year.is_some_and(|(shown, _)| shown == y),
                })
                .collect()
        } else {
            Vec::new()
        };
        let (key_events, key_events_earlier) = if split && year.is_none() {
            let keys: Vec<usize> = timeline
                .entries
                .iter()
                .copied()
                .filter(|&i| site.articles[i].meta.key)
                .collect();
            let earlier = keys.len().saturating_sub(pagination::KEY_EVENTS_SHOWN);
            (keys[earlier..].iter().map(|&i| self.card(i)).collect(), earlier)
        } else {
            (Vec::new(), 0)
        };
        let context = TopicPage {
            page_title: &title,
            page_description: topic.summary(),
            canonical: self.absolute(&canonical),
            section: "topic",
            topic: &self.topic_summaries()[t],
            background: if year.is_none() { &topic.body.html } else { "" },
            timeline: timeline_view(site, topic, &part, &|i| self.card(i), self.words()),
            split,
            years,
            key_events,
            key_events_earlier,
            year: shown_year,
            pagination: pager,
        };
        context.context()
    }

    /// Page `page` of the tag index: `pagination::TAGS_PAGE` tags, in the site's order (by name).
    fn tags_context(&self, page: usize) -> Context {
        use erased::Page as _;
        let site = self.site;
        let total = pagination::page_count(site.tags.len(), pagination::TAGS_PAGE);
        let words = self.words();
        let title = words.text("tags_title", None, &[]) + &self.of_pages(page, total);
        let description = words.text("tags_description", None, &[]);
        let tags_page = ListPage {
            page_title: &title,
            page_description: &description,
            canonical: self.absolute(&urls::paged(urls::TAGS, page)),
            section: "tags",
            data: TagsData {
                tags: pagination::page_range(site.tags.len(), pagination::TAGS_PAGE, page)
                    .map(|t| self.tag_link(&site.tags[t]))
                    .collect(),
                pagination: pagination::navigation(&site.config, urls::TAGS, page, total),
            },
        };
        tags_page.context()
    }

    fn tag_context(&self, t: usize, page: usize) -> Context {
        use erased::Page as _;
        let site = self.site;

        let tag = &site.tags[t];
        let list = self.list_page(&tag.permalink(), tag.articles.len(), &|p| tag.articles[p], page);
        let words = self.words();
        let title = words.text("tag_title", None, &[("tag", &tag.name), ("pages", &list.of_pages)]);
        let description = words.text("tag_description", None, &[("tag", &tag.name)]);
        let context = ListPage {
            page_title: &title,
            page_description: &description,
            canonical: self.absolute(&urls::paged(&tag.permalink(), page)),
            section: "tag",
            data: TagData {
                tag: self.tag_link(tag),
                articles: list.cards,
                pagination: list.pagination,
            },
        };
        context.context()
    }

    /// The archive's page (every year), or `year`'s page (its months).
    fn archive_context(&self, year: Option<i16>) -> Context {
        use erased::Page as _;
        let words = self.words();
        let title = match year {
            Some(y) => words.text("archive_year_title", None, &[("year", &y.to_string())]),
            None => words.text("archive_title", None, &[]),
        };
        let description = words.text("archive_description", None, &[]);
        let site = self.site;

        let mut years: Vec<ArchiveYear> = Vec::new();
        for month in site.archive.iter().filter(|m| year.is_none_or(|y| m.year == y)) {
            if years.last().is_none_or(|y| y.year != month.year) {
                years.push(ArchiveYear {
                    year: month.year,
                    url: site.config.base_url.url(&urls::archive_year(month.year)),
                    months: Vec::new(),
                });
            }
            if let Some(year) = years.last_mut() {
                year.months.push(self.month_link(month));
            }
        }
        let archive_page = ListPage {
            page_title: &title,
            page_description: &description,
            canonical: self.absolute(&year.map_or_else(|| urls::ARCHIVE.to_string(), urls::archive_year)),
            section: "archive",
            data: ArchiveData {
                years,
                archive_year: year,
            },
        };
        archive_page.context()
    }

    fn month_context(&self, m: usize, page: usize) -> Context {
        use erased::Page as _;
        let site = self.site;

        let month = &site.archive[m];
        let link = self.month_link(month);
        let list = self.list_page(&month.permalink(), month.articles.len(), &|p| month.articles[p], page);
        let words = self.words();
        let title = words.text("month_title", None, &[("month", &link.name), ("pages", &list.of_pages)]);
        let description = words.text("month_description", None, &[("month", &link.name)]);
        let context = ListPage {
            page_title: &title,
            page_description: &description,
            canonical: self.absolute(&urls::paged(&month.permalink(), page)),
            section: "archive",
            data: MonthData {
                month: link,
                articles: list.cards,
                pagination: list.pagination,
                // The archive is newest first: the previous month is the next entry.
                previous: site.archive.get(m + 1).map(|month| self.month_link(month)),
                next: m.checked_sub(1).map(|n| self.month_link(&site.archive[n])),
            },
        };
        context.context()
    }

    fn search_context(&self) -> Context {
        use erased::Page as _;

        let (title, description) = (
            self.words().text("search_title", None, &[]),
            self.words().text("search_description", None, &[]),
        );
        let search_page = ListPage {
            page_title: &title,
            page_description: &description,
            canonical: self.absolute(urls::SEARCH),
            section: "search",
            data: TopicsData {
                topics: self.listed_summaries(),
            },
        };
        let mut context = search_page.context();
        // search.js has the English words built in, for a theme's page that gives none; the
        // page gives it its own, in English too (a site's i18n/en.yaml may change them).
        let words = self.words();
        let script: BTreeMap<&str, serde_json::Value> = i18n::SEARCH_SCRIPT_KEYS
            .iter()
            .map(|&key| (key, words.json(key)))
            .collect();
        context.insert("search_words", &script);
        context
    }

    fn not_found_context(&self) -> Context {
        use erased::Page as _;

        let (title, description) = (
            self.words().text("not_found_title", None, &[]),
            self.words().text("not_found_description", None, &[]),
        );
        let not_found = ListPage {
            page_title: &title,
            page_description: &description,
            canonical: self.absolute(urls::NOT_FOUND),
            section: "404",
            data: TopicsData {
                topics: self.listed_summaries(),
            },
        };
        not_found.context()
    }

    /// The redirect page at an old address of an article or a topic: its title and summary, and
    /// its permalink, the page it sends the reader to.
    fn alias_context(&self, title: &str, summary: &str, permalink: &str) -> Context {
        use erased::Page as _;
        let alias_page = AliasPage {
            page_title: title,
            page_description: summary,
            canonical: self.absolute(permalink),
            section: "alias",
            target: self.site.config.base_url.url(permalink),
        };
        alias_page.context()
    }

    /// An article's sources as its page shows them.
    fn source_views(&self, article: &Article) -> Vec<SourceView> {
        // A translation's sources taken from its original are in the original's language.
        let lang = self
            .site
            .config
            .original_language
            .clone()
            .filter(|_| article.meta.sources_inherited);
        article
            .meta
            .sources
            .iter()
            .map(|s| SourceView {
                outlet: s.outlet.clone(),
                title: s.title.clone(),
                url: s.url.clone(),
                date: s.date.as_ref().map(|d| DateView::new(d, self.words().language())),
                lang: lang.clone(),
            })
            .collect()
    }

    fn article_context(&self, i: usize) -> Context {
        use erased::Page as _;
        let site = self.site;
        let article = &site.articles[i];
        let neighbours = article
            .topics
            .iter()
            .map(|&t| {
                let entries = &site.topics[t].timeline.entries;
                let positions = self.data.timeline_positions[t]
                    .get_or_init(|| entries.iter().enumerate().map(|(p, &e)| (e, p)).collect());
                let position = positions.get(&i).copied();
                let previous = position.and_then(|p| p.checked_sub(1)).map(|p| self.card(entries[p]));
                let next = position.and_then(|p| entries.get(p + 1)).map(|&e| self.card(e));
                let topic = self.data.topic_links[t].clone();
                let heading = self.data.timeline_headings[t].get_or_init(|| {
                    let link = i18n::link_html(&topic.url, &topic.title);
                    self.words().html("timeline_of", None, &[("topic", &link)])
                });
                NeighbourView {
                    heading: heading.clone(),
                    topic,
                    previous,
                    next,
                }
            })
            .collect();
        let card = self.card(i);
        let context = ArticlePage {
            og_type: "article",
            published_time: dates::rfc3339(&article.meta.date.start),
            published_iso: article.meta.date.iso(),
            modified_time: dates::rfc3339(&modified(article).start),
            jsonld: news_article(site, article),
            share: article.share.as_ref().map(|share| ShareView {
                url: site.config.base_url.absolute(&share.path),
                width: share.width,
                height: share.height,
                alt: share.alt.clone(),
            }),
            page_title: &article.meta.title,
            page_description: &article.summary,
            canonical: site.config.base_url.absolute(&article.permalink),
            noindex: !article.published(),
            section: "article",
            article: &card,
            standfirst: article.meta.summary.as_deref(),
            content: &article.body.html,
            toc: &article.body.toc,
            sources: self.source_views(article),
            updates: article
                .meta
                .updates
                .iter()
                .map(|u| update_view(u, self.words()))
                .collect(),
            latest_correction: crate::parse::frontmatter::latest_correction(&article.meta.updates)
                .map(|u| update_view(u, self.words())),
            word_count: article.body.words,
            neighbours,
            editions: article.editions.iter().map(|&e| self.edition_card(e)).collect(),
            extra: &article.meta.extra,
        };
        context.context()
    }
}

mod erased {
    //! Page contexts of different types behind one trait, so one closure builds every job.
    use serde::Serialize;
    use tera::Context;

    pub trait Page {
        fn context(&self) -> Context;
    }

    impl<T: Serialize> Page for T {
        fn context(&self) -> Context {
            // Page views are structs of strings, numbers and lists: they always serialise.
            Context::from_serialize(self).unwrap_or_default()
        }
    }
}

fn update_view(update: &crate::parse::frontmatter::Update, words: &Words) -> UpdateView {
    UpdateView {
        date: DateView::new(&update.date, words.language()),
        kind: update.kind,
        label: words.text(update.kind.name(), None, &[]),
        text: update.text.clone(),
    }
}

/// When an article last changed: its `updated` date, or its publication date.
fn modified(article: &Article) -> &DateValue {
    match &article.meta.updated {
        Some(updated) if *updated > article.meta.date => updated,
        _ => &article.meta.date,
    }
}

/// schema.org `NewsArticle` JSON-LD: headline, dates, sources as citations, corrections. Fields
/// are in the order the JSON shows them; absent ones are left out.
#[derive(Serialize)]
struct NewsArticle<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    headline: &'a str,
    description: &'a str,
    url: String,
    #[serde(rename = "mainEntityOfPage")]
    main_entity_of_page: String,
    #[serde(rename = "datePublished")]
    date_published: String,
    #[serde(rename = "dateModified")]
    date_modified: String,
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
    author: Byline<'a>,
    publisher: Organization<'a>,
    #[serde(rename = "wordCount")]
    word_count: usize,
    keywords: Vec<&'a str>,
    #[serde(rename = "articleSection", skip_serializing_if = "Option::is_none")]
    article_section: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    citation: Vec<Citation<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    correction: Vec<Correction<'a>>,
    /// The lead image's 16:9, 4:3 and 1:1 crops (Google's Article guidance), else the share image.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    image: Vec<String>,
}

/// JSON-LD `author`: the people of the byline, or the site when the article has none.
#[derive(Serialize)]
#[serde(untagged)]
enum Byline<'a> {
    Site(Organization<'a>),
    People(Vec<authors::Person<'a>>),
}

#[derive(Serialize, Clone, Copy)]
struct Organization<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct Citation<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    publisher: Organization<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
}

#[derive(Serialize)]
struct Correction<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    text: &'a str,
    #[serde(rename = "datePublished")]
    date_published: String,
}

fn news_article<'a>(site: &'a Site, article: &'a Article) -> NewsArticle<'a> {
    let config = &site.config;
    let url = config.base_url.absolute(&article.permalink);
    let publisher = Organization {
        kind: "NewsMediaOrganization",
        name: &config.title,
        url: Some(config.base_url.as_str()),
    };
    NewsArticle {
        context: "https://schema.org",
        kind: "NewsArticle",
        headline: &article.meta.title,
        description: &article.summary,
        main_entity_of_page: url.clone(),
        url,
        date_published: dates::rfc3339(&article.meta.date.start),
        date_modified: dates::rfc3339(&modified(article).start),
        in_language: &config.language,
        author: if article.authors.is_empty() {
            Byline::Site(publisher)
        } else {
            Byline::People(authors::people(site, article))
        },
        publisher,
        word_count: article.body.words,
        keywords: article.tags.iter().map(|&t| site.tags[t].name.as_str()).collect(),
        article_section: article.topics.first().map(|&t| site.topics[t].meta.title.as_str()),
        citation: article
            .meta
            .sources
            .iter()
            .map(|s| Citation {
                kind: "CreativeWork",
                publisher: Organization {
                    kind: "Organization",
                    name: &s.outlet,
                    url: None,
                },
                name: s.title.as_deref(),
                url: s.url.as_deref(),
                date_published: s.date.as_ref().map(DateValue::iso),
            })
            .collect(),
        correction: article
            .meta
            .updates
            .iter()
            .filter(|u| u.kind == UpdateKind::Correction)
            .map(|u| Correction {
                kind: "CorrectionComment",
                text: &u.text,
                date_published: u.date.iso(),
            })
            .collect(),
        image: jsonld_images(site, article),
    }
}

/// The absolute URLs of an article's structured-data images: its lead image's crops, or else its
/// share image.
fn jsonld_images(site: &Site, article: &Article) -> Vec<String> {
    let base = &site.config.base_url;
    match article.image.as_deref().filter(|i| !i.crops.is_empty()) {
        Some(image) => image.crops.iter().map(|(path, _, _)| base.absolute(path)).collect(),
        None => article.share.iter().map(|share| base.absolute(&share.path)).collect(),
    }
}

/// The topics of an article of another language that have no translation into it: links to
/// the default language's pages.
fn topics_elsewhere<'s>(site: &'s Site, article: &Article) -> impl Iterator<Item = TopicLink> + 's {
    let found = if site.topics_elsewhere.is_empty() {
        None
    } else {
        site.topics_elsewhere.get(&article.source)
    };
    found.into_iter().flatten().map(|topic| TopicLink {
        slug: topic.slug.clone(),
        title: topic.title.clone(),
        url: topic.url.clone(),
        lang: site.config.original_language.clone(),
    })
}

fn topic_link(site: &Site, topic: &Topic) -> TopicLink {
    TopicLink {
        slug: topic.slug.clone(),
        title: topic.meta.title.clone(),
        url: site.config.base_url.url(&topic.permalink()),
        lang: None,
    }
}

/// A rendered page as text. Tera writes UTF-8, so this is the fast validation (the lossy one
/// reads each byte itself) with the lossy one as a fallback that is never taken.
fn utf8(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// Article indices follow the site's newest-publication-first order, so sorting them is enough.
fn newest_first(entries: &[usize]) -> Vec<usize> {
    let mut sorted = entries.to_vec();
    sorted.sort_unstable();
    sorted
}

/// The event date as people write it: `display_date` as written, or the event at its precision,
/// and a range as short as the language writes it (`Language::date_range`).
fn when(article: &Article, language: &Language) -> String {
    if let Some(display) = &article.meta.display_date {
        return display.clone();
    }
    let start = &article.meta.event_date;
    match &article.meta.event_end {
        Some(end) => language.date_range(start, end),
        None => language.date(start),
    }
}

fn card(site: &Site, article: &Article, words: &Words, labels: &CountLabels) -> CardView {
    let language = words.language();
    let config = &site.config;
    let corrected = crate::parse::frontmatter::latest_correction(&article.meta.updates)
        .map(|u| DateView::new(&u.date.at_day(), language));
    CardView {
        title: article.meta.title.clone(),
        url: config.base_url.url(&article.permalink),
        summary: article.summary.clone(),
        date: DateView::new(&article.meta.date.at_day(), language),
        event: DateView::new(&article.meta.event_date, language),
        event_end: article.meta.event_end.as_ref().map(|d| DateView::new(d, language)),
        when: when(article, language),
        display_date: article.meta.display_date.clone(),
        key: article.meta.key,
        draft: article.meta.draft,
        scheduled: article.scheduled,
        topics: article
            .topics
            .iter()
            .map(|&t| topic_link(site, &site.topics[t]))
            .chain(topics_elsewhere(site, article))
            .collect(),
        tags: article
            .tags
            .iter()
            .map(|&t| CardTag {
                title: site.tags[t].name.clone(),
                url: config.base_url.url(&site.tags[t].permalink()),
                lang: config.original_language.clone().filter(|_| article.meta.tags_inherited),
            })
            .collect(),
        authors: authors::byline(site, article),
        source_count: article.meta.sources.len(),
        reading_minutes: article.body.reading_minutes(),
        sources_label: CountLabels::get(&labels.sources, words, "sources_count", article.meta.sources.len()),
        reading_time: CountLabels::get(&labels.minutes, words, "min_read", article.body.reading_minutes()),
        updated: article
            .meta
            .updated
            .as_ref()
            .map(|u| DateView::new(&u.at_day(), language)),
        has_correction: corrected.is_some(),
        corrected,
        same_day: article.meta.display_date.is_none()
            && article.meta.event_end.is_none()
            && article.meta.event_date.precision >= dates::Precision::Day
            && article.meta.event_date.start.date() == article.meta.date.start.date(),
        image: article.image.as_deref().map(image_view),
    }
}

/// Which part of a timeline a page shows: all of it, or a range of one year's entries (by its
/// index in the timeline's years, the range over that year's entries in order).
enum TimelinePart {
    All,
    Year(usize, std::ops::Range<usize>),
}

fn timeline_view(
    site: &Site,
    topic: &Topic,
    part: &TimelinePart,
    card: &dyn Fn(usize) -> Value,
    words: &Words,
) -> TimelineView {
    let years = match part {
        TimelinePart::All => topic
            .timeline
            .years
            .iter()
            .map(|year| year_view(year, 0..usize::MAX, card, words))
            .collect(),
        TimelinePart::Year(y, range) => topic
            .timeline
            .years
            .get(*y)
            .map(|year| year_view(year, range.clone(), card, words))
            .into_iter()
            .collect(),
    };
    let entries = &topic.timeline.entries;
    TimelineView {
        years,
        count: entries.len(),
        key_count: entries.iter().filter(|&&i| site.articles[i].meta.key).count(),
        first: entries
            .first()
            .map(|&i| span_end(&site.articles[i], words.language(), false)),
        last: entries
            .iter()
            .max_by_key(|&&i| {
                let meta = &site.articles[i].meta;
                meta.event_end.as_ref().unwrap_or(&meta.event_date).last_instant()
            })
            .map(|&i| span_end(&site.articles[i], words.language(), true)),
    }
}

/// One end of a timeline's span ("1950 to 19 June 2024"): the start of its first entry, or the
/// end of the entry that ends last (an event with an end is not a range inside the range).
/// A written `display_date` stands as written.
fn span_end(article: &Article, language: &Language, last: bool) -> String {
    let meta = &article.meta;
    if let Some(display) = &meta.display_date {
        return display.clone();
    }
    match (&meta.event_end, last) {
        (Some(end), true) => language.date(end),
        _ => language.date(&meta.event_date),
    }
}

/// One year of a timeline, only its entries in `range` (counted over the year, in order), grouped
/// by month.
fn year_view(
    year: &crate::site::TimelineYear,
    range: std::ops::Range<usize>,
    card: &dyn Fn(usize) -> Value,
    words: &Words,
) -> YearView {
    let mut offset = 0;
    let mut count = 0;
    let months = year
        .months
        .iter()
        .filter_map(|month| {
            let start = offset;
            offset += month.entries.len();
            let (from, to) = (range.start.max(start), range.end.min(offset));
            if from >= to {
                return None;
            }
            count += to - from;
            Some(MonthView {
                name: match month.month {
                    Some(m) => words.language().month(year.year, m),
                    None => words.text("during_year", None, &[("year", &year.year.to_string())]),
                },
                id: match month.month {
                    Some(m) => format!("m{}-{:02}", year.year, m),
                    None => format!("m{}", year.year),
                },
                entries: month.entries[from - start..to - start]
                    .iter()
                    .map(|&i| card(i))
                    .collect(),
            })
        })
        .collect();
    YearView {
        year: year.year,
        id: format!("y{}", year.year),
        count,
        months,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn test_i18n() -> Arc<I18n> {
        Arc::new(I18n::new("en", &[], "themes/default/i18n").0)
    }

    proptest::proptest! {
        /// The byte scanner escapes exactly what escaping each character would.
        #[test]
        fn json_escape_matches_a_char_by_char_escape(text in "(\\PC|[<>&\u{2028}\u{2029}\u{2027}\u{202a}])*") {
            let expected: String = text
                .chars()
                .map(|c| match c {
                    '<' => "\\u003c".to_string(),
                    '>' => "\\u003e".to_string(),
                    '&' => "\\u0026".to_string(),
                    '\u{2028}' => "\\u2028".to_string(),
                    '\u{2029}' => "\\u2029".to_string(),
                    c => c.to_string(),
                })
                .collect();
            proptest::prop_assert_eq!(escape_json_for_html(&text), expected);
        }
    }

    #[test]
    fn json_cannot_close_a_script() {
        let escaped = escape_json_for_html(r#"{"t":"</script><!-- & more"}"#);
        assert!(!escaped.contains('<') && !escaped.contains('>') && !escaped.contains('&'));
        let back: serde_json::Value = serde_json::from_str(&escaped).unwrap();
        assert_eq!(back["t"], "</script><!-- & more");
    }

    #[test]
    fn template_errors_name_the_file_and_line() {
        let sources = vec![TemplateSource {
            name: "index.html".into(),
            text: "<p>\n{{ a + }}\n</p>".into(),
            display: PathBuf::from("themes/x/templates/index.html"),
        }];
        let errors = compile(&sources, test_i18n()).diagnostics;
        assert!(!errors.is_empty(), "a syntax error");
        assert_eq!(errors.len(), 1);
        let first = errors[0].to_string();
        assert!(first.starts_with("themes/x/templates/index.html:2:"), "{first}");
        assert!(first.contains("`+` needs a value after it"), "{first}");
    }
}
