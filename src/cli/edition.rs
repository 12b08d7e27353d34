//! `gazette edition SLUG [--format html|text|subject]`: prints an edition's email (or its subject
//! line) on stdout, for piping into a sending tool. The bytes are the ones `gazette build` writes to
//! `public/editions/<SLUG>/email.html` (or `email.txt`): the whole site is built and checked as
//! `check` does it, writing nothing, and the edition's page is kept as it is rendered.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;

use clap::Args;
use gazette::core::diagnostic::{Diagnostic, closest_in_order};
use gazette::core::urls;
use gazette::pipeline::{self, Built, Failed};
use gazette::site::LeftOutEdition;

use super::SiteArgs;
use super::terminal::Terminal;

#[derive(Args)]
pub(crate) struct EditionArgs {
    /// The edition's slug: its file's name without `.md` (`2024-06-21`), or its `slug:`; or
    /// its file (`content/editions/2024-06-21.ko.md`, which also names its language).
    pub(crate) slug: String,
    /// The email as HTML (styles inlined), as plain text, or its subject line.
    #[arg(long, value_enum, default_value_t = Format::Html)]
    pub(crate) format: Format,
    /// Replace site.yaml's base_url (the email's links and images are absolute); as in
    /// `gazette build`, GAZETTE_BASE_URL gives it when this is not.
    #[arg(long, env = "GAZETTE_BASE_URL")]
    pub(crate) base_url: Option<String>,
    /// The edition's translation into another of the site's languages (`--lang ko`: the email
    /// `gazette build` writes to `public/ko/editions/<SLUG>/`).
    #[arg(long, value_name = "TAG")]
    pub(crate) lang: Option<String>,
    /// Print only an edition fit to send: a warning about what its email is made of (its
    /// file, the articles it lists, site.yaml, the email's templates) is an error, and a draft
    /// or scheduled edition is refused (for a script that sends what it prints).
    #[arg(long)]
    pub(crate) strict: bool,
    #[command(flatten)]
    pub(crate) site: SiteArgs,
    /// The edition's file, when SLUG named it: then it is that file's edition that is printed,
    /// never the automatic edition a build makes at its address while the file is a draft.
    #[arg(skip)]
    pub(crate) file: Option<std::path::PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// email.html
    Html,
    /// email.txt
    Text,
    /// The subject line: the email's title (its `<title>`), as text, for a sending tool.
    Subject,
}

/// What one build of the site gave: the site, and the emails it kept by their output paths
/// (the edition's, or with FILE every edition's in the language asked for).
struct Found {
    built: Built,
    emails: BTreeMap<String, Vec<u8>>,
}

/// Where the file FILE names stands in a build (`EditionArgs::match_file`).
enum FileMatch {
    /// An edition of the build, at this slug.
    Built(String),
    /// An edition the build leaves out (a draft, or dated later).
    LeftOut(LeftOutEdition),
    /// No edition of the site.
    Unknown(std::path::PathBuf),
}

impl EditionArgs {
    /// `content/editions/2024-06-21.ko.md` as the slug it is named by (`2024-06-21`) and, when
    /// `--lang` does not say otherwise, the language its name carries (`ko`).
    fn named_by_its_file(mut self) -> EditionArgs {
        let Some(name) = self.slug.strip_suffix(".md") else {
            return self;
        };
        self.file = Some(std::path::PathBuf::from(&self.slug));
        let name = name.rsplit(['/', '\\']).next().unwrap_or(name).to_string();
        match name.rsplit_once('.') {
            Some((stem, tag)) if !stem.is_empty() => {
                self.lang = self.lang.or_else(|| Some(tag.to_string()));
                self.slug = stem.to_string();
            }
            _ => self.slug = name,
        }
        self
    }

    pub(crate) fn run(self, term: Terminal) -> ExitCode {
        let this = self.named_by_its_file();
        this.print(term)
    }

    fn print(self, term: Terminal) -> ExitCode {
        // First as `gazette build` makes the site, so a published edition's email is the one it
        // writes; then, for a draft or scheduled edition, as `build --drafts --future` does.
        let mut last = None;
        // The edition as the first build left it out, for the note on what is printed.
        let mut left_out: Option<LeftOutEdition> = None;
        for include_unpublished in [false, true] {
            let found = match self.build(include_unpublished, term) {
                Ok(found) => found,
                Err(failed) => {
                    term.report(&failed.diagnostics);
                    return ExitCode::from(1);
                }
            };
            let slug = match &self.file {
                None => self.slug.clone(),
                Some(file) => match self.match_file(file, &found.built) {
                    FileMatch::Built(slug) => slug,
                    FileMatch::LeftOut(edition) => {
                        left_out = Some(edition);
                        last = Some(found.built);
                        continue;
                    }
                    FileMatch::Unknown(path) => {
                        term.report(&[not_an_edition(&path)]);
                        return ExitCode::from(1);
                    }
                },
            };
            let Some(email) = self.email_for(&found, &slug) else {
                left_out = left_out.or_else(|| self.left_out_at(&found.built, &slug).cloned());
                last = Some(found.built);
                continue;
            };
            // An automatic edition at the address of a written one the build leaves out.
            if !include_unpublished
                && self.file.is_none()
                && let Some(written) = self.left_out_at(&found.built, &slug).filter(|e| !e.source.is_empty())
                && !term.quiet
            {
                eprintln!(
                    "note: `{}` is not published, so this is the automatic edition at its address; name the file to print it",
                    gazette::core::diagnostic::display_path(&written.display)
                );
            }
            if !self.report_warnings(&found.built, &slug, term) {
                return ExitCode::from(1);
            }
            if include_unpublished {
                if self.strict {
                    term.report(&[self.unpublished_refused(&slug, left_out.as_ref())]);
                    return ExitCode::from(1);
                }
                if !term.quiet {
                    say_unpublished(&slug, left_out.as_ref(), &found.built);
                }
            }
            if self.format == Format::Subject {
                return print(subject_of(email).as_bytes());
            }
            return print(email);
        }
        let editions: Vec<(&str, bool)> = last
            .as_ref()
            .map(|built| {
                built
                    .site
                    .editions
                    .iter()
                    .map(|e| (e.slug.as_str(), e.published()))
                    .collect()
            })
            .unwrap_or_default();
        let default_language = last.as_ref().map(|built| built.site.config.language.as_str());
        term.report(&[self.unknown(&editions, default_language)]);
        ExitCode::from(1)
    }

    /// Whether the language asked for is the site's own (`--lang` none, or the default).
    fn in_default_language(&self, built: &Built) -> bool {
        self.lang
            .as_ref()
            .is_none_or(|tag| tag.eq_ignore_ascii_case(&built.site.config.language))
    }

    /// The output folder of the language asked for: `""` for the default one, else `ko/`.
    fn folder<'b>(&self, built: &'b Built) -> &'b str {
        let tag = self.lang.as_deref().unwrap_or_default();
        built
            .languages
            .iter()
            .find(|l| l.tag.eq_ignore_ascii_case(tag))
            .map_or("", |l| l.folder.as_str())
    }

    /// The email of the edition at `slug` in the language asked for, if the build made it.
    fn email_for<'f>(&self, found: &'f Found, slug: &str) -> Option<&'f Vec<u8>> {
        let file = match self.format {
            Format::Html | Format::Subject => urls::edition_email(slug),
            Format::Text => urls::edition_text(slug),
        };
        let path = format!("{}{}", self.folder(&found.built), file.trim_start_matches('/'));
        // Only an edition has that path (no page or copied file may take it).
        found.emails.get(&path)
    }

    /// The edition the build leaves out at `slug`, in the language asked for.
    fn left_out_at<'b>(&self, built: &'b Built, slug: &str) -> Option<&'b LeftOutEdition> {
        let left = if self.in_default_language(built) {
            &built.site.left_out.editions
        } else {
            let tag = self.lang.as_deref().unwrap_or_default();
            &built
                .languages
                .iter()
                .find(|l| l.tag.eq_ignore_ascii_case(tag))?
                .left_out
                .editions
        };
        left.iter().find(|e| e.slug == slug)
    }

    /// The edition whose file `file` is (as given: from the current folder, or from the site's):
    /// its slug when the build has it, or as the build left it out.
    fn match_file(&self, file: &std::path::Path, built: &Built) -> FileMatch {
        let from_here = std::env::current_dir()
            .map(|here| here.join(file))
            .unwrap_or_else(|_| file.to_path_buf());
        let found = if from_here.is_file() {
            from_here
        } else {
            self.site.root.join(file)
        };
        let (Ok(path), Ok(root)) = (found.canonicalize(), self.site.root.canonicalize()) else {
            return FileMatch::Unknown(file.to_path_buf());
        };
        let Ok(relative) = path.strip_prefix(&root) else {
            return FileMatch::Unknown(file.to_path_buf());
        };
        let source: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let mut source = source.join("/");
        // A translation is known by its original's file (`x.ko.md` by `x.md`).
        if let Some(tag) = self.lang.as_deref().filter(|_| !self.in_default_language(built)) {
            let suffix = format!(".{tag}.md");
            if source.len() > suffix.len() && source[source.len() - suffix.len()..].eq_ignore_ascii_case(&suffix) {
                source.truncate(source.len() - suffix.len());
                source.push_str(".md");
            }
        }
        let (written, left): (Vec<(&str, &str)>, &[LeftOutEdition]) = if self.in_default_language(built) {
            let written = built.site.editions.iter().filter(|e| !e.auto);
            (
                written.map(|e| (e.source.as_str(), e.slug.as_str())).collect(),
                &built.site.left_out.editions,
            )
        } else {
            let tag = self.lang.as_deref().unwrap_or_default();
            match built.languages.iter().find(|l| l.tag.eq_ignore_ascii_case(tag)) {
                Some(l) => (
                    l.editions.iter().map(|(f, s)| (f.as_str(), s.as_str())).collect(),
                    &l.left_out.editions,
                ),
                None => return FileMatch::Unknown(file.to_path_buf()),
            }
        };
        if let Some(&(_, slug)) = written.iter().find(|(f, _)| *f == source) {
            return FileMatch::Built(slug.to_string());
        }
        match left.iter().find(|e| e.source == source) {
            Some(edition) => FileMatch::LeftOut(edition.clone()),
            None => FileMatch::Unknown(file.to_path_buf()),
        }
    }

    /// Builds the whole site, writing nothing, and keeps the edition's email as it is rendered.
    fn build(&self, include_unpublished: bool, term: Terminal) -> Result<Found, Failed> {
        let mut options = pipeline::BuildOptions::new(&self.site.root);
        // An empty GAZETTE_BASE_URL (a CI variable that is not set) leaves site.yaml's.
        options.base_url = self.base_url.clone().filter(|url| !url.trim().is_empty());
        options.base_url_from = super::base_url_from();
        options.drafts = include_unpublished;
        options.future = include_unpublished;
        // `--strict` refuses the warnings about the email alone (`warnings_about_it`), not a
        // warning elsewhere in the site: the build itself is not strict.
        let progress = std::sync::Arc::new(pipeline::Progress::default());
        options.progress = Some(progress.clone());
        // The edition's email at the root and under `--lang`'s folder (`ko/`), or with FILE,
        // whose slug is known once the site is read, every edition's email of the format.
        let name = match self.format {
            Format::Html | Format::Subject => "email.html",
            Format::Text => "email.txt",
        };
        let at_root = format!("editions/{}/{name}", self.slug);
        let in_folder = self.lang.as_deref().map(|tag| format!("{tag}/{at_root}"));
        let emails: Mutex<BTreeMap<String, Vec<u8>>> = Mutex::new(BTreeMap::new());
        let keep = |path: &str, bytes: &[u8]| {
            let wanted = if self.file.is_some() {
                path.ends_with(name) && path.contains("editions/")
            } else {
                path == at_root || in_folder.as_deref().is_some_and(|w| w.eq_ignore_ascii_case(path))
            };
            if wanted {
                emails
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(path.to_string(), bytes.to_vec());
            }
            Ok(())
        };
        let spinner = term.spinner("building", Some(progress));
        let result = pipeline::run_into(&options, Some(&keep));
        drop(spinner);
        let built = result?;
        if let Some(tag) = &self.lang {
            let known: Vec<&str> = std::iter::once(built.site.config.language.as_str())
                .chain(built.languages.iter().map(|l| l.tag.as_str()))
                .collect();
            // Language tags mean the same in any case (`--lang KO`).
            if !known.iter().any(|k| k.eq_ignore_ascii_case(tag)) {
                let hint = format!("the site's languages are {}", known.join(", "));
                return Err(Failed {
                    diagnostics: vec![
                        Diagnostic::error(
                            self.site.root.join("site.yaml"),
                            None,
                            format!("the site has no language `{tag}`"),
                        )
                        .with_hint(hint),
                    ],
                });
            }
        }
        let emails = emails.into_inner().unwrap_or_else(|e| e.into_inner());
        Ok(Found { built, emails })
    }

    /// The build's warnings about the edition's own file (or its translation's, with `--lang`),
    /// and how many others there are: a desk that previews an edition again and again wants
    /// its own problems, not the whole site's each time.
    /// Says the warnings about the email, and counts the others; `false` when `--strict`
    /// refuses the email for them (said as errors).
    fn report_warnings(&self, built: &Built, slug: &str, term: Terminal) -> bool {
        let (mut about, elsewhere) = self.warnings_about_it(built, slug);
        if self.strict && !about.is_empty() {
            for warning in &mut about {
                warning.severity = gazette::core::diagnostic::Severity::Error;
            }
            term.report(&about);
            return false;
        }
        term.report(&about);
        if elsewhere > 0 && !term.quiet {
            eprintln!(
                "note: {} elsewhere in the site (`gazette check` shows them)",
                super::terminal::plural(elsewhere, "warning")
            );
        }
        true
    }

    /// The build's warnings about what the email is made of, and how many others there are.
    /// The email's are those at the edition's file, the files of the articles it lists (each
    /// in the language printed), site.yaml (the base URL, an automatic edition's size), the
    /// site's custom.css (the accent) and the email's templates, and, for another language,
    /// that language's theme words: what `--strict` refuses. A warning about another page of
    /// the site (another language's topic, say), or about what only the web pages have (an
    /// article's social card), does not stop an email from going out.
    fn warnings_about_it(&self, built: &Built, slug: &str) -> (Vec<Diagnostic>, usize) {
        let site = &built.site;
        let edition = site.editions.iter().find(|e| e.slug == slug);
        // Another language's files carry its tag as the site writes it (`a.ko.md`).
        let tag = self
            .lang
            .as_deref()
            .filter(|tag| !tag.eq_ignore_ascii_case(&site.config.language))
            .map(|tag| {
                built
                    .languages
                    .iter()
                    .map(|l| l.tag.as_str())
                    .find(|known| known.eq_ignore_ascii_case(tag))
                    .unwrap_or(tag)
            });
        let in_language = |path: &Path| match tag {
            Some(tag) => path.with_extension(format!("{tag}.md")),
            None => path.to_path_buf(),
        };
        let mut files: Vec<PathBuf> = vec![gazette::source::load::config_path(&self.site.root)];
        if let Some(edition) = edition {
            files.push(in_language(&edition.display));
            files.extend(edition.items.iter().filter_map(|item| match item {
                gazette::site::editions::Item::Article { article, .. } => {
                    Some(in_language(&site.articles[*article].display))
                }
                _ => None,
            }));
        }
        let about_the_email = |d: &Diagnostic| {
            let path = without_dots(&d.path);
            !d.web_only && files.iter().any(|file| without_dots(file) == path)
                || d.path.file_name().is_some_and(|name| name == "custom.css")
                || d.path.to_string_lossy().contains("templates/email/")
                || tag.is_some_and(|tag| {
                    d.path.parent().and_then(Path::file_name).is_some_and(|f| f == "i18n")
                        && d.path.file_stem().is_some_and(|stem| stem.eq_ignore_ascii_case(tag))
                })
        };
        let (about, others): (Vec<Diagnostic>, Vec<Diagnostic>) =
            built.warnings.iter().cloned().partition(|d| about_the_email(d));
        (about, others.len())
    }

    /// With `--strict`: the error for an edition `gazette build` leaves out, at its file.
    fn unpublished_refused(&self, slug: &str, left_out: Option<&LeftOutEdition>) -> Diagnostic {
        let file = left_out
            .map(|e| e.display.clone())
            .filter(|display| !display.as_os_str().is_empty())
            .unwrap_or_else(|| self.site.root.join("content/editions"));
        Diagnostic::error(
            file,
            None,
            format!(
                "edition `{slug}` is not published (a draft, or dated later): --strict prints only an edition to send"
            ),
        )
        .with_hint("publish it (remove `draft: true`, or wait for its date), or leave out --strict to review it")
    }

    /// No edition has the slug: the closest one, or the ones there are; with `--lang`, an
    /// edition of the default language that has no translation into it says so.
    fn unknown(&self, editions: &[(&str, bool)], default_language: Option<&str>) -> Diagnostic {
        let slugs: Vec<&str> = editions.iter().map(|(slug, _)| *slug).collect();
        if let Some(tag) = &self.lang
            && default_language != Some(tag.as_str())
            && slugs.contains(&self.slug.as_str())
        {
            let slug = &self.slug;
            return Diagnostic::error(
                self.site.root.join("content/editions"),
                None,
                format!("edition `{slug}` has no `{tag}` translation"),
            )
            .with_hint(format!(
                "translate it as content/editions/{slug}.{tag}.md, or leave out `--lang` for the original"
            ));
        }
        // Published editions first: of two as close, the one a desk sends is the likelier meant.
        let published = editions.iter().filter(|(_, published)| *published);
        let unpublished = editions.iter().filter(|(_, published)| !*published);
        let hint = match closest_in_order(&self.slug, published.chain(unpublished).map(|(slug, _)| *slug)) {
            Some(close) => format!("did you mean `{close}`?"),
            None if slugs.is_empty() => "the site has no editions; write one with `gazette new edition`".to_string(),
            None => {
                let shown: Vec<String> = slugs.iter().take(5).map(|s| format!("`{s}`")).collect();
                let more = if slugs.len() > 5 { ", …" } else { "" };
                format!("the newest editions are {}{more}", shown.join(", "))
            }
        };
        Diagnostic::error(
            self.site.root.join("content/editions"),
            None,
            format!("no edition `{}`", self.slug),
        )
        .with_hint(hint)
    }
}

/// Says on stderr that the edition printed is not published, so nobody sends it unawares: a
/// draft, or when it goes out (`left_out`: as the build without drafts left it out).
fn say_unpublished(slug: &str, left_out: Option<&LeftOutEdition>, built: &Built) {
    let Some(edition) = left_out else {
        return;
    };
    let config = &built.site.config;
    let why = match edition.reason {
        gazette::site::Reason::Draft => "is a draft (`draft: true`)".to_string(),
        gazette::site::Reason::Scheduled => {
            let when = edition
                .date
                .with_time_zone(config.timezone.clone())
                .strftime("%Y-%m-%d %H:%M");
            format!("is scheduled for {when} {}", config.timezone_name)
        }
    };
    eprintln!(
        "note: edition `{slug}` {why}: `gazette build` leaves it out; this is its email as `gazette build --drafts --future` makes it"
    );
}

/// The subject line of an email: its `<title>` as text, on a line of its own.
fn subject_of(email: &[u8]) -> String {
    let html = String::from_utf8_lossy(email);
    let title = html
        .split_once("<title>")
        .and_then(|(_, rest)| rest.split_once("</title>"))
        .map_or("", |(title, _)| title);
    // The title's text, its spaces collapsed as a browser does, but an ideographic space
    // (U+3000, which a Japanese title may hold) kept as written (session 34's Japanese desk probe).
    let text: Vec<String> = title
        .split('\u{3000}')
        .map(gazette::parse::markdown::text_of_html)
        .collect();
    format!("{}\n", text.join("\u{3000}"))
}

/// FILE is no edition of the site.
fn not_an_edition(file: &std::path::Path) -> Diagnostic {
    Diagnostic::error(file, None, "this is no edition of the site")
        .with_hint("an edition is a file under content/editions/ of the site (`--root` names the site's folder); or give the edition's slug")
}

/// Writes the email to stdout as it is; a reader that stops early (`| head`) is not an error.
fn print(email: &[u8]) -> ExitCode {
    match super::terminal::put_stdout(email) {
        Ok(_) => ExitCode::SUCCESS,
        Err(reason) => {
            eprintln!("error: cannot write the email to stdout: {reason}");
            ExitCode::from(1)
        }
    }
}

/// `path` without its `.` parts (`./site.yaml` is `site.yaml`), to compare paths as written.
fn without_dots(path: &Path) -> PathBuf {
    path.components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::subject_of;

    /// The subject line is the title as text: its character references decoded, on one line.
    #[test]
    fn the_subject_is_the_title_as_text() {
        let email = b"<head><title>Oil &amp; gas &lt;weekly&gt;\n &#8212; 1</title></head>";
        assert_eq!(subject_of(email), "Oil & gas <weekly> \u{2014} 1\n");
        assert_eq!(subject_of(b"<p>no title</p>"), "\n");
    }
}
