//! `gazette theme eject [FILE…]`: copies the default theme's templates and static files (or only
//! the named ones, or its words) into the site's own `templates/`, `static/` and `i18n/`, which
//! override the theme file by file, so a site changes its look by editing copies. `gazette theme
//! new NAME`: copies the whole default theme into `themes/NAME/` to make a theme of one's own.
//! Neither ever overwrites a file.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};
use gazette::core::diagnostic::{Diagnostic, closest, display_path};
use gazette::source::theme::{embedded_i18n, embedded_static, embedded_templates, embedded_theme_files};

use super::terminal::{Terminal, plural};
use super::{SiteArgs, scaffold};

#[derive(Subcommand)]
pub(crate) enum ThemeCommand {
    /// Copy the default theme's files into the site's templates/ and static/ to change them.
    #[command(
        after_help = "Examples:\n  gazette theme eject\n  gazette theme eject article.html partials/card.html style.css"
    )]
    Eject(EjectArgs),
    /// Copy the whole default theme (templates, static files, words, social card and font) into
    /// themes/NAME/, to make a theme of your own.
    #[command(after_help = "Example:\n  gazette theme new newsroom   (then set `theme: newsroom` in site.yaml)")]
    New(NewThemeArgs),
}

#[derive(Args)]
pub(crate) struct NewThemeArgs {
    /// The theme's name: its folder under themes/ (lower-case letters, digits and hyphens).
    pub(crate) name: String,
    #[command(flatten)]
    pub(crate) site: SiteArgs,
}

#[derive(Args)]
pub(crate) struct EjectArgs {
    /// Only these files: a template name (`article.html`, `partials/card.html`) or a static
    /// file (`style.css`), optionally written with `templates/` or `static/` in front.
    pub(crate) files: Vec<String>,
    #[command(flatten)]
    pub(crate) site: SiteArgs,
}

/// What `theme new` names docs/themes.md in the new theme's folder.
const THEME_REFERENCE: &str = "THEMES.md";

/// A file of the embedded theme: where it goes in the site, and its bytes.
struct ThemeFile {
    /// Relative to the site root: `templates/article.html`, `static/style.css`.
    target: String,
    bytes: &'static [u8],
}

/// The theme's templates and static files, where a site overrides them.
fn theme_files() -> Vec<ThemeFile> {
    let templates = embedded_templates().into_iter().map(|(name, text)| ThemeFile {
        target: format!("templates/{name}"),
        bytes: text.as_bytes(),
    });
    let statics = embedded_static().into_iter().map(|(path, bytes)| ThemeFile {
        target: format!("static/{path}"),
        bytes,
    });
    templates.chain(statics).collect()
}

/// The theme's words, `i18n/<lang>.yaml`: a site's own file of the same name overrides them key
/// by key, so they are ejected only when named.
fn word_files() -> Vec<ThemeFile> {
    embedded_i18n()
        .into_iter()
        .map(|(lang, text)| ThemeFile {
            target: format!("i18n/{lang}.yaml"),
            bytes: text.as_bytes(),
        })
        .collect()
}

/// The theme's files that `names` ask for (its templates and static files when none is named),
/// or an error for each name the theme does not have.
fn chosen(names: &[String]) -> Result<Vec<ThemeFile>, Vec<Diagnostic>> {
    if names.is_empty() {
        return Ok(theme_files());
    }
    let mut files = theme_files();
    files.extend(word_files());
    // What only a theme folder has: named, it is told where it can be had.
    let whole_theme_only: Vec<String> = embedded_theme_files().into_iter().map(|(path, _)| path).collect();
    let short = |target: &str| -> String {
        target
            .strip_prefix("templates/")
            .or_else(|| target.strip_prefix("static/"))
            .unwrap_or(target)
            .to_string()
    };
    let mut wanted: Vec<usize> = Vec::new();
    let mut errors = Vec::new();
    for name in names {
        let name = name.trim_start_matches("./").replace('\\', "/");
        let found = files
            .iter()
            .position(|f| f.target == name)
            .or_else(|| files.iter().position(|f| short(&f.target) == name));
        match found {
            Some(i) if !wanted.contains(&i) => wanted.push(i),
            Some(_) => {}
            None if whole_theme_only.contains(&name) => errors.push(
                Diagnostic::error(
                    &name,
                    None,
                    format!("`{name}` belongs to a theme's folder, not to a site's, so it cannot be ejected"),
                )
                .with_hint(
                    "`gazette theme new NAME` copies the whole default theme, this file with it, into themes/NAME/",
                ),
            ),
            None => {
                let known: Vec<String> = files.iter().map(|f| short(&f.target)).collect();
                let hint = match closest(&name, known.iter().map(String::as_str)) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => format!("the default theme has: {}", known.join(", ")),
                };
                errors.push(
                    Diagnostic::error(&name, None, format!("the default theme has no file `{name}`")).with_hint(hint),
                );
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    wanted.sort_unstable();
    let mut files: Vec<Option<ThemeFile>> = files.into_iter().map(Some).collect();
    Ok(wanted.into_iter().filter_map(|i| files[i].take()).collect())
}

/// What an eject did: the files written, and those left alone because the site has them.
struct Ejected {
    written: Vec<PathBuf>,
    skipped: Vec<PathBuf>,
}

fn eject(root: &Path, files: Vec<ThemeFile>) -> Result<Ejected, Diagnostic> {
    let mut ejected = Ejected {
        written: Vec::new(),
        skipped: Vec::new(),
    };
    for file in files {
        let path = root.join(&file.target);
        if scaffold::write_new(&path, file.bytes)? {
            ejected.written.push(path);
        } else {
            ejected.skipped.push(path);
        }
    }
    Ok(ejected)
}

impl EjectArgs {
    pub(crate) fn run(self, term: Terminal) -> ExitCode {
        let root = &self.site.root;
        if !root.join("site.yaml").is_file() {
            let d = Diagnostic::error(root.join("site.yaml"), None, "no site here: there is no site.yaml")
                .with_hint("run this inside a site, or pass --root with the site's folder");
            term.report(&[d]);
            return ExitCode::from(1);
        }
        if let Some(d) = another_theme(root) {
            term.report(&[d]);
            return ExitCode::from(1);
        }
        let files = match chosen(&self.files) {
            Ok(files) => files,
            Err(errors) => {
                term.report(&errors);
                return ExitCode::from(1);
            }
        };
        let ejected = match eject(root, files) {
            Ok(ejected) => ejected,
            Err(d) => {
                term.report(&[d]);
                return ExitCode::from(1);
            }
        };
        for path in ejected.written.iter().filter(|_| !term.quiet) {
            outln!("wrote {}", display_path(path));
        }
        for path in &ejected.skipped {
            outln!(
                "skipped {} (the site has it already; not overwriting)",
                display_path(path)
            );
        }
        if !term.quiet {
            outln!(
                "{} written, {} skipped; the site's templates/ and static/ now override the theme's files of the same name",
                plural(ejected.written.len(), "file"),
                ejected.skipped.len()
            );
        }
        ExitCode::SUCCESS
    }
}

/// The error for ejecting into a site whose theme is not the default: the copies would hide that
/// theme's own files of the same names. `None` when the theme is the default, or site.yaml does
/// not say (its errors are `build`'s to report).
fn another_theme(root: &Path) -> Option<Diagnostic> {
    let file = gazette::source::load::read_config(root).ok()?;
    let config = gazette::parse::config::parse(&file.display, &file.text).value?;
    (config.theme != "default").then(|| {
        let theme = &config.theme;
        Diagnostic::error(
            &file.display,
            config.theme_pos,
            format!("the site's theme is `{theme}`: the default theme's files ejected here would hide its own of the same names"),
        )
        .with_hint(format!("change themes/{theme}/ itself, or set `theme: default` first to start from the default theme"))
    })
}

impl NewThemeArgs {
    pub(crate) fn run(self, term: Terminal) -> ExitCode {
        let root = &self.site.root;
        let name = self.name.trim();
        let problem = if !root.join("site.yaml").is_file() {
            Some(
                Diagnostic::error(root.join("site.yaml"), None, "no site here: there is no site.yaml")
                    .with_hint("run this inside a site, or pass --root with the site's folder"),
            )
        } else if !gazette::core::slug::is_slug(name) {
            let slug = gazette::core::slug::slugify(name);
            Some(
                Diagnostic::error(
                    name,
                    None,
                    format!("`{name}` is not a theme name: a folder name of lower-case letters, digits and hyphens"),
                )
                .with_hint(format!("for example `gazette theme new {slug}`")),
            )
        } else if root.join("themes").join(name).exists() {
            Some(
                Diagnostic::error(
                    root.join("themes").join(name),
                    None,
                    "a theme of that name is here already",
                )
                .with_hint("choose another name, or move this folder aside"),
            )
        } else {
            None
        };
        if let Some(d) = problem {
            term.report(&[d]);
            return ExitCode::from(1);
        }
        let folder = root.join("themes").join(name);
        let mut files: Vec<ThemeFile> = theme_files();
        files.extend(word_files());
        files.extend(
            embedded_theme_files()
                .into_iter()
                .map(|(path, bytes)| ThemeFile { target: path, bytes }),
        );
        // The theme author's reference (every template and what it gets), which the errors'
        // hints name: beside the theme, since the binary is all a designer may have.
        files.push(ThemeFile {
            target: THEME_REFERENCE.to_string(),
            bytes: include_bytes!("../../docs/themes.md"),
        });
        let ejected = match eject(&folder, files) {
            Ok(ejected) => ejected,
            Err(d) => {
                term.report(&[d]);
                return ExitCode::from(1);
            }
        };
        if !term.quiet {
            outln!(
                "wrote {} in {}",
                plural(ejected.written.len(), "file"),
                display_path(&folder)
            );
            outln!("next: set `theme: {name}` in site.yaml, then `gazette serve` to see your changes live");
            outln!(
                "{} is the reference: every template, the variables it gets, the words and the checks",
                display_path(&folder.join(THEME_REFERENCE))
            );
        }
        ExitCode::SUCCESS
    }
}
