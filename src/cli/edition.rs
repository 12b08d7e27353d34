//! `gazette edition SLUG [--format html|text]`: prints an edition's email on stdout, for piping
//! into a sending tool. The bytes are the ones `gazette build` writes to
//! `public/editions/<SLUG>/email.html` (or `email.txt`): the whole site is built and checked as
//! `check` does it, writing nothing, and the edition's page is kept as it is rendered.

use std::io::Write;
use std::process::ExitCode;
use std::sync::Mutex;

use clap::Args;
use gazette::core::diagnostic::{Diagnostic, closest_in_order};
use gazette::core::urls;
use gazette::pipeline::{self, Built, Failed};

use super::SiteArgs;
use super::terminal::Terminal;

#[derive(Args)]
pub(crate) struct EditionArgs {
    /// The edition's slug: its file's name without `.md` (`2024-06-21`), or its `slug:`; or
    /// its file (`content/editions/2024-06-21.ko.md`, which also names its language).
    pub(crate) slug: String,
    /// The email as HTML (styles inlined), or as plain text.
    #[arg(long, value_enum, default_value_t = Format::Html)]
    pub(crate) format: Format,
    /// Replace site.yaml's base_url (the email's links and images are absolute).
    #[arg(long)]
    pub(crate) base_url: Option<String>,
    /// The edition's translation into another of the site's languages (`--lang ko`: the email
    /// `gazette build` writes to `public/ko/editions/<SLUG>/`).
    #[arg(long, value_name = "TAG")]
    pub(crate) lang: Option<String>,
    /// Print only an edition fit to send: any warning in the site is an error, and a draft or
    /// scheduled edition is refused (for a script that sends what it prints).
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
}

/// What one build of the site gave: the site, and the edition's email if the site has it.
struct Found {
    built: Built,
    email: Option<Vec<u8>>,
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
        for include_unpublished in [false, true] {
            let found = match self.build(include_unpublished, term) {
                Ok(found) => found,
                Err(failed) => {
                    term.report(&failed.diagnostics);
                    return ExitCode::from(1);
                }
            };
            // The automatic edition at the address of a written one that is not published.
            let written = self.written_file();
            let automatic =
                found.built.site.editions.iter().any(|e| e.slug == self.slug && e.auto) && written.is_file();
            if automatic && self.file.is_some() && !include_unpublished {
                continue;
            }
            if let Some(email) = &found.email {
                if automatic && !term.quiet {
                    eprintln!(
                        "note: `{}` is not published, so this is the automatic edition at its address; name the file to print it",
                        gazette::core::diagnostic::display_path(&written)
                    );
                }
                let (about, elsewhere) = self.warnings_about_it(&found.built);
                term.report(&about);
                if elsewhere > 0 && !term.quiet {
                    eprintln!(
                        "note: {} elsewhere in the site (`gazette check` shows them)",
                        super::terminal::plural(elsewhere, "warning")
                    );
                }
                if include_unpublished && self.strict {
                    term.report(&[self.unpublished_refused(&found.built)]);
                    return ExitCode::from(1);
                }
                if include_unpublished && !term.quiet {
                    self.say_unpublished(&found.built);
                }
                return print(email);
            }
            last = Some(found.built);
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

    /// The written edition's file: the one named, or the one SLUG names
    /// (`content/editions/<SLUG>.md`), which may not be there.
    fn written_file(&self) -> std::path::PathBuf {
        match &self.file {
            Some(file) => file.clone(),
            None => self
                .site
                .root
                .join("content/editions")
                .join(format!("{}.md", self.slug)),
        }
    }

    /// Builds the whole site, writing nothing, and keeps the edition's email as it is rendered.
    fn build(&self, include_unpublished: bool, term: Terminal) -> Result<Found, Failed> {
        let mut options = pipeline::BuildOptions::new(&self.site.root);
        options.base_url = self.base_url.clone();
        options.drafts = include_unpublished;
        options.future = include_unpublished;
        options.strict = self.strict;
        let progress = std::sync::Arc::new(pipeline::Progress::default());
        options.progress = Some(progress.clone());
        let wanted = match self.format {
            Format::Html => urls::edition_email(&self.slug),
            Format::Text => urls::edition_text(&self.slug),
        };
        // The email at the root, and under `--lang`'s folder (`ko/`): which one is wanted is
        // known once the build has read the site's own language.
        let at_root = wanted.trim_start_matches('/').to_string();
        let in_folder = self.lang.as_deref().map(|tag| format!("{tag}/{at_root}"));
        let emails: Mutex<[Option<Vec<u8>>; 2]> = Mutex::new([None, None]);
        let keep = |path: &str, bytes: &[u8]| {
            let slot = if path == at_root {
                0
            } else if in_folder
                .as_deref()
                .is_some_and(|wanted| wanted.eq_ignore_ascii_case(path))
            {
                1
            } else {
                return Ok(());
            };
            emails.lock().unwrap_or_else(|e| e.into_inner())[slot] = Some(bytes.to_vec());
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
        // Only an edition has that path (no page or copied file may take it); in the default
        // language, one of the site's editions.
        let root_language = self
            .lang
            .as_ref()
            .is_none_or(|tag| tag.eq_ignore_ascii_case(&built.site.config.language));
        let [root, folder] = emails.into_inner().unwrap_or_else(|e| e.into_inner());
        let email = if root_language {
            root.filter(|_| built.site.editions.iter().any(|e| e.slug == self.slug))
        } else {
            folder
        };
        Ok(Found { built, email })
    }

    /// The build's warnings about the edition's own file (or its translation's, with `--lang`),
    /// and how many others there are: a desk that previews an edition again and again wants
    /// its own problems, not the whole site's each time.
    fn warnings_about_it(&self, built: &Built) -> (Vec<Diagnostic>, usize) {
        let original = built
            .site
            .editions
            .iter()
            .find(|e| e.slug == self.slug)
            .map(|e| &e.display);
        let file = match (original, &self.lang) {
            (Some(path), Some(tag)) if !tag.eq_ignore_ascii_case(&built.site.config.language) => {
                // The file's name carries the tag as the site writes it.
                let tag = built
                    .languages
                    .iter()
                    .map(|l| l.tag.as_str())
                    .find(|known| known.eq_ignore_ascii_case(tag))
                    .unwrap_or(tag);
                Some(path.with_extension(format!("{tag}.md")))
            }
            (path, _) => path.cloned(),
        };
        let (about, others): (Vec<Diagnostic>, Vec<Diagnostic>) = built
            .warnings
            .iter()
            .cloned()
            .partition(|d| Some(&d.path) == file.as_ref());
        (about, others.len())
    }

    /// With `--strict`: the error for an edition `gazette build` leaves out, at its file.
    fn unpublished_refused(&self, built: &Built) -> Diagnostic {
        let file = built
            .site
            .editions
            .iter()
            .find(|e| e.slug == self.slug && !e.auto)
            .map_or_else(|| self.written_file(), |e| e.display.clone());
        Diagnostic::error(
            file,
            None,
            format!(
                "edition `{}` is not published (a draft, or dated later): --strict prints only an edition to send",
                self.slug
            ),
        )
        .with_hint("publish it (remove `draft: true`, or wait for its date), or leave out --strict to review it")
    }

    /// Says on stderr that the edition printed is not published, so nobody sends it unawares.
    fn say_unpublished(&self, built: &Built) {
        let Some(edition) = built.site.editions.iter().find(|e| e.slug == self.slug) else {
            return;
        };
        let config = &built.site.config;
        let why = if edition.draft {
            "is a draft (`draft: true`)".to_string()
        } else {
            let when = edition
                .date
                .start
                .timestamp()
                .to_zoned_datetime(config.timezone.clone())
                .strftime("%Y-%m-%d %H:%M");
            format!("is scheduled for {when} {}", config.timezone_name)
        };
        eprintln!(
            "note: edition `{}` {why}: `gazette build` leaves it out; this is its email as `gazette build --drafts --future` makes it",
            self.slug
        );
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

/// Writes the email to stdout as it is; a reader that stops early (`| head`) is not an error.
fn print(email: &[u8]) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match out.write_all(email).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!(
                "error: cannot write the email to stdout: {}",
                gazette::core::diagnostic::io_reason(&e)
            );
            ExitCode::from(1)
        }
    }
}
