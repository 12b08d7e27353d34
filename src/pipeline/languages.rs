//! A multi-language site (DESIGN.md §8b): its translations (`treaty.ko.md` beside `treaty.md`)
//! told apart from the default language's files and checked, each language's files gathered to be
//! built as a site of its own under `/<code>/`, and the pages that translate each other found
//! across the languages (`Translations`: the language switch, `hreflang` and the sitemap).

use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::core::diagnostic::{Diagnostic, Pos, closest};
use crate::parse::config::{Config, LanguageConfig};
use crate::render::{Renderer, SharedViews};
use crate::site::{Alternate, Site, Translations};
use crate::source::load::{SiteFiles, SourceFile};

/// The Markdown files of one other language, each at its original's path (`treaty.ko.md` is
/// `content/…/treaty.md` here, its `display` still the file's own name), so that its slug, its
/// links and its images resolve as the original's do.
pub(super) struct LanguageFiles {
    pub(super) language: LanguageConfig,
    pub(super) articles: Vec<SourceFile>,
    pub(super) topics: Vec<SourceFile>,
    /// The authors' translations, and the other authors' own files (a byline names the same
    /// people in every language).
    pub(super) authors: Vec<SourceFile>,
    /// The paths of `authors` that are their own file in the default language, not a
    /// translation (their name and biography keep that language's `lang`).
    pub(super) stand_ins: FxHashSet<String>,
    pub(super) editions: Vec<SourceFile>,
}

/// A file name's language suffix: `content/x/treaty.ko.md` → (`content/x/treaty.md`, `ko`),
/// when the part before `.md` looks like a language tag: one of the site's, or a two-letter
/// primary tag (`de`, `pt-BR`), so that `notes.old.md` stays an article of its own.
pub fn language_suffix<'p>(path: &'p str, config: &Config) -> Option<(String, &'p str)> {
    let without_md = path.strip_suffix(".md")?;
    let name_start = without_md.rfind('/').map_or(0, |i| i + 1);
    let (stem, code) = without_md[name_start..].rsplit_once('.')?;
    if stem.is_empty() {
        return None;
    }
    let known = std::iter::once(config.language.as_str())
        .chain(config.languages.iter().map(|l| l.code.as_str()))
        .any(|known| known.eq_ignore_ascii_case(code));
    let mut parts = code.split('-');
    let primary = parts.next().unwrap_or_default();
    let looks_like_one = primary.len() == 2
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    (known || looks_like_one).then(|| (format!("{}{stem}.md", &without_md[..name_start]), code))
}

/// The error for a file named with a three-letter code of one of the site's languages
/// (`treaty.kor.md`): a translation misnamed, most likely. It is not read as a page of its own
/// (which it would be, named `treaty.kor`, and then "has no `date`", sending the translator to
/// publish a second page).
fn long_language_code(file: &SourceFile, config: &Config) -> Option<Diagnostic> {
    static CANONICAL: icu_locale::LocaleCanonicalizer = icu_locale::LocaleCanonicalizer::new_common();
    let stem = file.path.strip_suffix(".md")?;
    let name = stem.rsplit('/').next()?;
    let (original, code) = name.rsplit_once('.')?;
    if original.is_empty() || code.len() != 3 || !code.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    let mut locale: icu_locale::Locale = code.parse().ok()?;
    CANONICAL.canonicalize(&mut locale);
    let short = locale.id.language.as_str();
    let listed = std::iter::once(config.language.as_str())
        .chain(config.languages.iter().map(|l| l.code.as_str()))
        .any(|listed| listed.eq_ignore_ascii_case(short));
    (short.len() == 2 && listed).then(|| {
        let named = file_name(file);
        let hint = if config.language.eq_ignore_ascii_case(short) {
            format!("if it is in the site's own language, name it `{original}.md`")
        } else {
            format!("if it is a translation into `{short}`, name it `{original}.{short}.md`")
        };
        Diagnostic::error(
            &file.display,
            Pos::new(1, 1),
            format!("`{named}` is named with a three-letter language code, `{code}`: a translation is named with the two-letter one"),
        )
        .with_hint(hint)
    })
}

/// Takes every translation out of `files` (whose Markdown lists then hold the default language's
/// files alone) and returns each other language's files. Reports a translation into a language
/// the site does not list, one without an original, and two files for one language and article.
pub(super) fn split(
    files: &mut SiteFiles,
    (config, config_file): (&Config, &std::path::Path),
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<LanguageFiles> {
    let mut languages: Vec<LanguageFiles> = config
        .languages
        .iter()
        .map(|language| LanguageFiles {
            language: language.clone(),
            articles: Vec::new(),
            topics: Vec::new(),
            authors: Vec::new(),
            stand_ins: FxHashSet::default(),
            editions: Vec::new(),
        })
        .collect();
    let kinds: [(&mut Vec<SourceFile>, Kind); 4] = [
        (&mut files.articles, Kind::Article),
        (&mut files.topics, Kind::Topic),
        (&mut files.authors, Kind::Author),
        (&mut files.editions, Kind::Edition),
    ];
    let mut unlisted: Vec<Unlisted> = Vec::new();
    for (list, kind) in kinds {
        split_kind(list, kind, config, &mut languages, &mut unlisted, diagnostics);
    }
    diagnostics.extend(not_languages(unlisted, config, &languages, config_file));
    languages
}

/// A translation into a language the site does not list: its language, where it is, its name.
type Unlisted = (String, std::path::PathBuf, String);

/// One error per language the site does not list: at its file, or, for several (a typo in
/// site.yaml's `languages:` makes every translation one), at the first, counting the others.
fn not_languages(
    mut unlisted: Vec<Unlisted>,
    config: &Config,
    languages: &[LanguageFiles],
    config_file: &std::path::Path,
) -> Vec<Diagnostic> {
    unlisted.sort();
    let mut out = Vec::new();
    // A listed language with no file of its own, beside files in a language close to it, is
    // most likely a typo in site.yaml (`kr:` for `ko`): said there.
    let unused: Vec<&LanguageFiles> = languages
        .iter()
        .filter(|l| {
            l.articles.is_empty()
                && l.topics.is_empty()
                && l.editions.is_empty()
                && l.authors.len() == l.stand_ins.len()
        })
        .collect();
    for group in unlisted.chunk_by(|a, b| a.0 == b.0) {
        let (code, display, name) = &group[0];
        // A country's code for a language the site has (`.jp.md` on a site with `ja`): the file
        // is misnamed, not site.yaml (session 34's Japanese desk probe was told to write `jp:`).
        if let Some(misnamed) = named_for_a_country(group, config) {
            out.extend(misnamed);
            continue;
        }
        let misspelt = unused
            .iter()
            .find(|l| closest(code, std::iter::once(l.language.code.as_str())).is_some());
        if let Some(listed) = misspelt {
            let files = match group.len() {
                1 => format!("`{name}` is a translation"),
                n => format!(
                    "`{name}` and {} other file{} are translations",
                    n - 1,
                    if n == 2 { "" } else { "s" }
                ),
            };
            out.push(
                Diagnostic::error(
                    config_file,
                    listed.language.pos,
                    format!(
                        "`{}` is one of the site's `languages`, but no file is in it, while {files} into `{code}`",
                        listed.language.code
                    ),
                )
                .with_hint(format!("did you mean `{code}`? Write `{code}:` here in site.yaml")),
            );
            continue;
        }
        let listed: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
        let primary = code.split('-').next().unwrap_or(code);
        let by_primary = listed.iter().copied().find(|l| l.eq_ignore_ascii_case(primary));
        // Two letters a letter apart (`fr`, `ar`) are two languages, not a typo of one; but a
        // country's code is often written for its language's (`kr` for Korean's `ko`).
        let near = if code.len() > 2 {
            closest(code, listed.iter().copied())
        } else {
            crate::core::language::COUNTRY_LANGUAGES
                .iter()
                .find(|(country, _)| country.eq_ignore_ascii_case(code))
                .and_then(|(_, language)| listed.iter().copied().find(|l| l.eq_ignore_ascii_case(language)))
        };
        let hint = match by_primary.or(near) {
            Some(near) => format!("did you mean `{near}`? Otherwise add `{code}` to `languages:` in site.yaml"),
            None if listed.is_empty() => {
                format!("add `languages: {{ {code}: {{ title: … }} }}` to site.yaml, or rename the file")
            }
            None => format!(
                "the site's other languages are {}; add `{code}` to `languages:` in site.yaml, or rename the file",
                listed.join(", ")
            ),
        };
        let what = match group.len() {
            1 => format!("`{name}` is a translation"),
            2 => format!("`{name}` and one other file are translations"),
            n => format!("`{name}` and {} other files are translations", n - 1),
        };
        out.push(
            Diagnostic::error(
                display,
                Pos::new(1, 1),
                format!("{what} into `{code}`, which is not one of the site's `languages`"),
            )
            .with_hint(hint),
        );
    }
    out
}

/// The errors for translations into a country's code whose language the site has (`a.jp.md`
/// on a site with `ja`), one at each file of `group` (of one code), with its right name.
fn named_for_a_country(group: &[Unlisted], config: &Config) -> Option<Vec<Diagnostic>> {
    let code = &group.first()?.0;
    let language = crate::core::language::language_of_country(code).filter(|language| {
        config.language.eq_ignore_ascii_case(language)
            || config.languages.iter().any(|l| l.code.eq_ignore_ascii_case(language))
    })?;
    let own = config.language.eq_ignore_ascii_case(language);
    let said = group.iter().map(|(_, display, name)| {
        let stem = name.strip_suffix(&format!(".{code}.md")).unwrap_or(name);
        Diagnostic::error(
            display,
            Pos::new(1, 1),
            format!("`{name}` is named with `{code}`, a country's code: the language's is `{language}`"),
        )
        .with_hint(if own {
            format!("`{language}` is the site's own language: name it `{stem}.md`")
        } else {
            format!("a translation into `{language}` is named `{stem}.{language}.md`")
        })
    });
    Some(said.collect())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Article,
    Topic,
    Author,
    Edition,
}

/// `split` for one kind of file.
fn split_kind(
    list: &mut Vec<SourceFile>,
    kind: Kind,
    config: &Config,
    languages: &mut [LanguageFiles],
    unlisted: &mut Vec<Unlisted>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut originals: Vec<SourceFile> = Vec::with_capacity(list.len());
    // (language index, file) of each translation, its path made its original's.
    let mut translations: Vec<(usize, SourceFile)> = Vec::new();
    // Files named in the default language (`treaty.en.md`), kept unless `treaty.md` is there too.
    let mut named_default: Vec<SourceFile> = Vec::new();
    for file in std::mem::take(list) {
        let Some((original, code)) = language_suffix(&file.path, config) else {
            match long_language_code(&file, config) {
                Some(error) => diagnostics.push(error),
                None => originals.push(file),
            }
            continue;
        };
        if config.language.eq_ignore_ascii_case(code) {
            named_default.push(SourceFile { path: original, ..file });
            continue;
        }
        match config.languages.iter().position(|l| l.code.eq_ignore_ascii_case(code)) {
            Some(i) => translations.push((i, SourceFile { path: original, ..file })),
            None => unlisted.push((code.to_string(), file.display.clone(), file_name(&file))),
        }
    }
    let mut paths: FxHashSet<String> = originals.iter().map(|f| f.path.clone()).collect();
    for file in named_default {
        if paths.contains(&file.path) {
            diagnostics.push(twice(&file, &config.language, None));
        } else {
            paths.insert(file.path.clone());
            originals.push(file);
        }
    }
    originals.sort_by(|a, b| a.path.cmp(&b.path));
    // The file kept for each (language, original): the one whose name writes the code as
    // site.yaml does (`x.ko.md` before `x.KO.md`), then by name.
    let mut kept: FxHashMap<(usize, String), String> = FxHashMap::default();
    let exact = |i: usize, file: &SourceFile| file_name(file).contains(&format!(".{}.", languages[i].language.code));
    translations.sort_by(|a, b| {
        (a.0, &a.1.path, !exact(a.0, &a.1), &a.1.display).cmp(&(b.0, &b.1.path, !exact(b.0, &b.1), &b.1.display))
    });
    for (i, file) in translations {
        let code = &languages[i].language.code;
        if !paths.contains(&file.path) {
            diagnostics.push(orphan(&file, code, &paths));
        } else if let Some(first) = kept.get(&(i, file.path.clone())) {
            diagnostics.push(twice(&file, code, Some(first)));
        } else {
            kept.insert((i, file.path.clone()), file_name(&file));
            let language = &mut languages[i];
            match kind {
                Kind::Article => language.articles.push(file),
                Kind::Topic => language.topics.push(file),
                Kind::Author => language.authors.push(file),
                Kind::Edition => language.editions.push(file),
            }
        }
    }
    if kind == Kind::Author {
        // An author without a translation keeps their own file in every language.
        for language in languages.iter_mut() {
            let translated: FxHashSet<String> = language.authors.iter().map(|f| f.path.clone()).collect();
            let stand_ins: Vec<&SourceFile> = originals.iter().filter(|f| !translated.contains(&f.path)).collect();
            language.stand_ins.extend(stand_ins.iter().map(|f| f.path.clone()));
            language.authors.extend(stand_ins.into_iter().cloned());
            language.authors.sort_by(|a, b| a.path.cmp(&b.path));
        }
    }
    *list = originals;
}

/// The file's name as the writer sees it (`treaty.ko.md`).
fn file_name(file: &SourceFile) -> String {
    file.display
        .file_name()
        .map_or_else(|| file.path.clone(), |n| n.to_string_lossy().into_owned())
}

fn orphan(file: &SourceFile, code: &str, originals: &FxHashSet<String>) -> Diagnostic {
    let original = file.path.strip_prefix("content/").unwrap_or(&file.path);
    // Paths share their folders: only a name as close as a misspelling is suggested (the
    // orphan of a deleted `min-ji-park.md` is not a translation of `joon-ho-lee.md`).
    let name = file.path.rsplit('/').next().unwrap_or(&file.path);
    let limit = (name.chars().count() / 3).max(2);
    let near = closest(
        &file.path,
        originals
            .iter()
            .map(String::as_str)
            .filter(|o| strsim::damerau_levenshtein(o, &file.path) <= limit),
    );
    let hint = match near {
        Some(near) => format!(
            "did you mean a translation of `{}`? A translation sits beside its original, with the same name",
            near.strip_prefix("content/").unwrap_or(near)
        ),
        None => format!("write the original `{original}` first, or rename this file to `{original}`"),
    };
    Diagnostic::error(
        &file.display,
        Pos::new(1, 1),
        format!(
            "`{}` is a `{code}` translation of `{original}`, which does not exist",
            file_name(file)
        ),
    )
    .with_hint(hint)
}

/// The error for a second file of one language for one original; `kept`, the first one's name
/// when it is another language's file (the default language's own is the original itself).
fn twice(file: &SourceFile, code: &str, kept: Option<&str>) -> Diagnostic {
    let original = file.path.strip_prefix("content/").unwrap_or(&file.path);
    let hint = match kept {
        Some(first) => format!("keep one file per language and article: merge it into `{first}`, or remove it"),
        None => "keep one file per language and article: merge them, or remove this one".to_string(),
    };
    Diagnostic::error(
        &file.display,
        Pos::new(1, 1),
        format!("`{}` is a second `{code}` file for `{original}`", file_name(file)),
    )
    .with_hint(hint)
}

/// A translation's old addresses (`aliases`, an article's or a topic's) are under its language's folder, as its pages are:
/// one written with the folder (`/ar/news/123.htm`, as the old address was) does not get it
/// twice (`/ar/ar/news/123.htm`).
pub(super) fn aliases_in_their_folder(parsed: &mut crate::pipeline::parse::Parsed, code: &str) {
    let folder = format!("/{code}/");
    let in_folder = |alias: &str| {
        alias
            .get(..folder.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(&folder))
    };
    let out_of_folder = |aliases: &mut Vec<String>| {
        for alias in aliases.iter_mut().filter(|alias| in_folder(alias)) {
            *alias = alias[folder.len() - 1..].to_string();
        }
    };
    for article in &mut parsed.articles {
        if article.meta.aliases.iter().any(|alias| in_folder(alias)) {
            out_of_folder(&mut Arc::make_mut(&mut article.meta).aliases);
        }
    }
    for topic in &mut parsed.topics {
        out_of_folder(&mut topic.meta.aliases);
    }
}

/// A warning for each translation that says `draft: false` while its original is a draft (a
/// translation without `draft:` follows its original): an embargoed story would go out in one
/// language.
pub(super) fn published_before_their_original(
    translations: &[crate::site::ParsedArticle],
    originals: &FxHashMap<String, Arc<crate::parse::frontmatter::ArticleMeta>>,
) -> Vec<Diagnostic> {
    translations
        .iter()
        .filter(|t| !t.meta.draft && originals.get(&t.source).is_some_and(|original| original.draft))
        .map(|t| {
            let original = t.source.strip_prefix("content/").unwrap_or(&t.source);
            Diagnostic::warning(
                &t.display,
                None,
                format!("this translation is published (`draft: false`) while its original `{original}` is a draft"),
            )
            .with_hint("remove its `draft: false` to follow the original, which publishes both together")
        })
        .collect()
}

/// The pages that translate each other, across every language's site: pages are matched by
/// what they show (an article by its original's file, a topic, tag or author by its slug, a list
/// by its place), so each page links every version of itself and is linked back.
fn translations(sites: &[(&Site, &crate::render::Templates)]) -> Arc<Translations> {
    let mut by_key: FxHashMap<String, Vec<Alternate>> = FxHashMap::default();
    let names = distinct_names(
        sites
            .iter()
            .map(|&(site, templates)| {
                (
                    language_name(templates, &site.config.language),
                    site.config.language.as_str(),
                )
            })
            .collect(),
    );
    for (&(site, templates), name) in sites.iter().zip(names) {
        let views = SharedViews::new(site, crate::render::LinkedStatics::default());
        let renderer = Renderer::new(site, templates, &views);
        for (path, page) in renderer.list() {
            let Some(key) = renderer.page_key(page) else {
                continue;
            };
            let site_path = site_path(&path);
            by_key.entry(key).or_default().push(Alternate {
                lang: site.config.language.clone(),
                name: name.clone(),
                url: site.config.base_url.absolute(&site_path),
                href: site.config.base_url.url(&site_path),
            });
        }
    }
    let mut translations = Translations::default();
    for (key, alternates) in by_key {
        if alternates.len() < 2 {
            continue;
        }
        let alternates: Arc<[Alternate]> = alternates.into();
        for alternate in alternates.iter() {
            translations.by_url.insert(alternate.url.clone(), key.clone());
        }
        translations.by_key.insert(key, alternates);
    }
    Arc::new(translations)
}

/// The page an output file is (`x/index.html` → `x/`); other files are their own path.
fn site_path(output: &str) -> String {
    match output.strip_suffix("index.html") {
        Some(dir) => dir.to_string(),
        None => output.to_string(),
    }
}

/// Takes out of each translated article the topics that have no translation in its language
/// (a warning each: the article links the original topic, and is on no timeline of it in its
/// language) and returns them: (article source, topic slug). A topic unknown in every
/// language is left for the site stage to report.
pub(super) fn untranslated_topics(
    parsed: &mut super::parse::Parsed,
    root_topics: &[String],
    code: &str,
    diagnostics: &mut crate::core::diagnostic::Diagnostics,
) -> Vec<(String, String)> {
    let mut taken = Vec::new();
    use crate::core::slug::slugify;
    // A translation whose front matter failed is there (its errors say what to fix).
    let own: FxHashSet<&str> = parsed
        .topics
        .iter()
        .map(|t| t.slug.as_str())
        .chain(parsed.unparsed.topics.iter().map(String::as_str))
        .collect();
    for article in &mut parsed.articles {
        let untranslated: Vec<usize> = article
            .meta
            .topics
            .iter()
            .enumerate()
            .filter(|(_, name)| {
                let slug = slugify(name);
                !own.contains(slug.as_str()) && root_topics.contains(&slug)
            })
            .map(|(i, _)| i)
            .collect();
        if untranslated.is_empty() {
            continue;
        }
        let meta = Arc::make_mut(&mut article.meta);
        for &i in untranslated.iter().rev() {
            let name = meta.topics.remove(i);
            let pos = (i < meta.topic_lines.len()).then(|| meta.topic_lines.remove(i));
            let slug = slugify(&name);
            diagnostics.push(
                Diagnostic::warning(
                    &article.display,
                    pos,
                    format!(
                        "the topic `{name}` has no `{code}` translation: this article links the original topic, and is on no `{code}` timeline of it"
                    ),
                )
                .with_hint(format!("translate the topic as content/topics/{slug}.{code}.md")),
            );
            taken.push((article.source.clone(), slug));
        }
    }
    taken.sort();
    taken
}

/// Gives another language's site the default language's topics that its articles name without
/// a translation (`untranslated_topics`), by article: their titles and pages; and, when none of
/// the default language's topics is translated, its topics page to link instead of an empty one.
pub(super) fn topics_elsewhere(root: &Site, site: &mut Site, taken: Vec<(String, String)>) {
    let mut found: FxHashMap<String, Vec<crate::site::TopicElsewhere>> = FxHashMap::default();
    for (source, slug) in taken {
        if let Some(topic) = root.topics.iter().find(|t| t.slug == slug) {
            found.entry(source).or_default().push(crate::site::TopicElsewhere {
                slug,
                title: topic.meta.title.clone(),
                url: root.config.base_url.url(&topic.permalink()),
            });
        }
    }
    site.topics_elsewhere = found;
    if site.topics.is_empty() && !root.topics.is_empty() {
        site.topics_page_elsewhere = Some(root.config.base_url.url(crate::core::urls::TOPICS));
    }
}

/// Finds the pages that translate each other across the prepared site's languages and gives
/// every language's site the result; each other language also learns which of the default
/// language's files its links may lead to.
pub(super) fn link_translations(prepared: &mut super::Prepared) {
    let translations = {
        let mut sites: Vec<(&Site, &crate::render::Templates)> = vec![(&prepared.site, &prepared.templates)];
        sites.extend(prepared.languages.iter().map(|(_, p)| (&p.site, &p.templates)));
        translations(&sites)
    };
    let root = &prepared.site;
    // What a link from another language to the default language's files finds: a page, or an
    // article the build leaves out (a draft, a scheduled one), and why.
    let elsewhere: FxHashMap<String, crate::site::Elsewhere> = root
        .articles
        .iter()
        .map(|a| {
            let found = crate::site::Elsewhere {
                left_out: None,
                body: Some(a.body.clone()),
                updates: a.meta.updates.len(),
            };
            (a.source.clone(), found)
        })
        .chain(
            root.topics
                .iter()
                .map(|t| (t.source.clone(), crate::site::Elsewhere::default())),
        )
        .chain(root.left_out.articles.iter().map(|a| {
            let left = crate::site::Elsewhere {
                left_out: Some(a.reason),
                body: None,
                updates: 0,
            };
            (a.source.clone(), left)
        }))
        .collect();
    let elsewhere = Arc::new(elsewhere);
    prepared.site.language_redirects = prepared
        .languages
        .iter()
        .flat_map(|(_, language)| {
            let base = &language.site.config.base_url;
            language
                .site
                .articles
                .iter()
                .flat_map(move |article| {
                    article
                        .meta
                        .aliases
                        .iter()
                        .map(move |alias| (base.url(alias), base.url(&article.permalink)))
                })
                .chain(crate::publish::topic_redirects(&language.site))
        })
        .collect();
    prepared.site.translations = translations.clone();
    for (_, language) in &mut prepared.languages {
        language.site.translations = translations.clone();
        language.site.elsewhere = elsewhere.clone();
    }
}

/// A language's name in itself, from its words (`language_name`); when the theme has no name
/// for it (the English words stand in for a language the theme lacks), CLDR's name for the
/// tag's language (`fr-CA` → français), and the tag itself for a language CLDR does not name.
fn language_name(templates: &crate::render::Templates, tag: &str) -> String {
    let words = templates.words();
    let name = words.text("language_name", None, &[]);
    let primary = tag.split('-').next().unwrap_or(tag);
    if name == "language_name" || (name == "English" && !primary.eq_ignore_ascii_case("en")) {
        autonym(primary).unwrap_or(tag).to_string()
    } else {
        name
    }
}

/// The languages' names, each told apart from another of the same name by the rest of its tag
/// (`pt-BR` and `pt-PT` are both `português`: `português (BR)`, `português (PT)`).
fn distinct_names(named: Vec<(String, &str)>) -> Vec<String> {
    let shared = |name: &str| named.iter().filter(|(other, _)| other == name).count() > 1;
    named
        .iter()
        .map(|(name, tag)| match tag.split_once('-') {
            Some((_, rest)) if shared(name) => format!("{name} ({rest})"),
            _ => name.clone(),
        })
        .collect()
}

/// CLDR's name of a language in itself, by its two- or three-letter code.
fn autonym(code: &str) -> Option<&'static str> {
    let code = code.to_ascii_lowercase();
    match code.len() {
        2 => isolang::Language::from_639_1(&code),
        3 => isolang::Language::from_639_3(&code),
        _ => None,
    }
    .and_then(|language| language.to_autonym())
}

/// An article of the default language whose address is inside another language's folder
/// (`/ko/…`) would be hidden by that language's pages: an error.
pub(super) fn check_folders(root: &Site, diagnostics: &mut crate::core::diagnostic::Diagnostics) {
    for language in &root.config.languages {
        let folder = format!("/{}/", language.code);
        for article in &root.articles {
            let inside =
                |path: &str| path.starts_with(&folder) || path.trim_end_matches('/') == folder.trim_end_matches('/');
            // At the alias's line, or at `slug:` for the permalink (none when it comes from the
            // file's name or site.yaml's pattern).
            let taken = std::iter::once((&article.permalink, article.meta.slug_pos))
                .chain(
                    article
                        .meta
                        .aliases
                        .iter()
                        .enumerate()
                        .map(|(k, alias)| (alias, article.meta.alias_lines.get(k).copied())),
                )
                .find(|(path, _)| inside(path));
            if let Some((path, pos)) = taken {
                diagnostics.push(
                    Diagnostic::error(
                        &article.display,
                        pos,
                        format!(
                            "the address {path} is inside {folder}, where the site's `{}` pages are",
                            language.code
                        ),
                    )
                    .with_hint("give the article another `slug:` or alias, or change `permalink` in site.yaml"),
                );
            }
        }
        for topic in &root.topics {
            let inside = topic.meta.aliases.iter().position(|alias| alias.starts_with(&folder));
            if let Some(k) = inside {
                diagnostics.push(
                    Diagnostic::error(
                        &topic.display,
                        topic.meta.alias_lines.get(k).copied(),
                        format!(
                            "the alias {} is inside {folder}, where the site's `{}` pages are",
                            topic.meta.aliases[k], language.code
                        ),
                    )
                    .with_hint(format!(
                        "a `{}` topic's old address goes in its translation's file (content/topics/{}.{}.md)",
                        language.code, topic.slug, language.code
                    )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(languages: &[&str]) -> Config {
        let mut config = Config::with_defaults("T", "https://example.org/");
        config.languages = languages
            .iter()
            .map(|code| LanguageConfig {
                code: code.to_string(),
                locale: code.to_string(),
                title: None,
                description: None,
                pos: Pos::new(1, 1),
            })
            .collect();
        config
    }

    #[test]
    fn a_language_suffix_is_a_listed_tag_or_a_two_letter_one() {
        let site = config(&["ko", "fil"]);
        let suffix = |path: &str| language_suffix(path, &site).map(|(p, c)| (p, c.to_string()));
        let found = |p: &str, c: &str| Some((p.to_string(), c.to_string()));
        assert_eq!(suffix("content/a/treaty.ko.md"), found("content/a/treaty.md", "ko"));
        assert_eq!(suffix("content/a/index.ko.md"), found("content/a/index.md", "ko"));
        assert_eq!(suffix("content/a/treaty.KO.md"), found("content/a/treaty.md", "KO"));
        assert_eq!(suffix("content/a/treaty.fil.md"), found("content/a/treaty.md", "fil"));
        assert_eq!(
            suffix("content/a/treaty.pt-BR.md"),
            found("content/a/treaty.md", "pt-BR")
        );
        assert_eq!(
            suffix("content/a/treaty.de.md"),
            found("content/a/treaty.md", "de"),
            "an unlisted language"
        );
        assert_eq!(
            suffix("content/a/treaty.en.md"),
            found("content/a/treaty.md", "en"),
            "the site's own"
        );
        assert_eq!(suffix("content/a/notes.old.md"), None, "three letters, not listed");
        assert_eq!(suffix("content/a/report.v2.md"), None);
        assert_eq!(suffix("content/a/.ko.md"), None);
        assert_eq!(suffix("content/a/treaty.md"), None);
        assert_eq!(suffix("content/a.b/treaty.md"), None, "a dot in a folder's name");
    }

    #[test]
    fn split_moves_translations_to_their_language_at_the_originals_path() {
        let site = config(&["ko"]);
        let file = |path: &str| SourceFile::new(path, format!("/site/{path}"), "---\ntitle: x\n---\n");
        let mut files = SiteFiles {
            articles: vec![
                file("content/a.md"),
                file("content/a.ko.md"),
                file("content/b.md"),
                file("content/b.en.md"),
                file("content/c.ko.md"),
                file("content/d.de.md"),
            ],
            authors: vec![
                file("content/authors/x.md"),
                file("content/authors/y.md"),
                file("content/authors/y.ko.md"),
            ],
            ..SiteFiles::default()
        };
        let mut diagnostics = Vec::new();
        let languages = split(&mut files, (&site, std::path::Path::new("site.yaml")), &mut diagnostics);
        let paths = |list: &[SourceFile]| list.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
        assert_eq!(paths(&files.articles), ["content/a.md", "content/b.md"]);
        assert_eq!(paths(&languages[0].articles), ["content/a.md"]);
        assert!(
            languages[0].articles[0].display.ends_with("a.ko.md"),
            "messages name the file itself"
        );
        assert_eq!(
            paths(&languages[0].authors),
            ["content/authors/x.md", "content/authors/y.md"]
        );
        assert!(
            languages[0].authors[1].display.ends_with("y.ko.md"),
            "the author's translation"
        );
        let messages: Vec<String> = diagnostics.iter().map(|d| d.message.clone()).collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("`b.en.md` is a second `en` file")));
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`c.ko.md` is a `ko` translation of `c.md`, which does not exist"))
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`d.de.md` is a translation into `de`"))
        );
    }

    /// Regression (language probe, session 24): of `x.ko.md` and a new `x.KO.md`, the error was
    /// at the good one (`KO` sorts first), told to remove itself, naming neither the other.
    #[test]
    fn a_second_file_for_one_language_is_the_one_not_named_as_site_yaml_writes_the_code() {
        let site = config(&["ko"]);
        let file = |path: &str| SourceFile::new(path, format!("/site/{path}"), "---\ntitle: x\n---\n");
        let mut files = SiteFiles {
            articles: vec![file("content/x.md"), file("content/x.KO.md"), file("content/x.ko.md")],
            ..SiteFiles::default()
        };
        let mut diagnostics = Vec::new();
        let languages = split(&mut files, (&site, std::path::Path::new("site.yaml")), &mut diagnostics);
        assert!(languages[0].articles[0].display.ends_with("x.ko.md"));
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert!(diagnostics[0].path.ends_with("x.KO.md"), "{:?}", diagnostics[0]);
        assert_eq!(diagnostics[0].message, "`x.KO.md` is a second `ko` file for `x.md`");
        assert_eq!(
            diagnostics[0].hint.as_deref(),
            Some("keep one file per language and article: merge it into `x.ko.md`, or remove it")
        );
    }
}
