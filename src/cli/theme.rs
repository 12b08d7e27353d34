//! `gazette theme eject [FILE…]`: copies the default theme's templates and static files (or only
//! the named ones) into the site's own `templates/` and `static/`, which override the theme file by
//! file, so a site changes its look by editing copies. Never overwrites a file.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};
use gazette::core::diagnostic::{Diagnostic, closest, display_path};
use gazette::source::theme::{embedded_static, embedded_templates};

use super::terminal::{Terminal, plural};
use super::{SiteArgs, scaffold};

#[derive(Subcommand)]
pub(crate) enum ThemeCommand {
    /// Copy the default theme's files into the site's templates/ and static/ to change them.
    #[command(
        after_help = "Examples:\n  gazette theme eject\n  gazette theme eject article.html partials/card.html style.css"
    )]
    Eject(EjectArgs),
}

#[derive(Args)]
pub(crate) struct EjectArgs {
    /// Only these files: a template name (`article.html`, `partials/card.html`) or a static
    /// file (`style.css`), optionally written with `templates/` or `static/` in front.
    pub(crate) files: Vec<String>,
    #[command(flatten)]
    pub(crate) site: SiteArgs,
}

/// A file of the embedded theme: where it goes in the site, and its bytes.
struct ThemeFile {
    /// Relative to the site root: `templates/article.html`, `static/style.css`.
    target: String,
    bytes: &'static [u8],
}

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

/// The theme's files that `names` ask for (all of them when none is named), or an error for each
/// name the theme does not have.
fn chosen(names: &[String]) -> Result<Vec<ThemeFile>, Vec<Diagnostic>> {
    let files = theme_files();
    if names.is_empty() {
        return Ok(files);
    }
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
        for path in &ejected.written {
            println!("wrote {}", display_path(path));
        }
        for path in &ejected.skipped {
            println!(
                "skipped {} (the site has it already; not overwriting)",
                display_path(path)
            );
        }
        if !term.quiet {
            println!(
                "{} written, {} skipped; the site's templates/ and static/ now override the theme's files of the same name",
                plural(ejected.written.len(), "file"),
                ejected.skipped.len()
            );
        }
        ExitCode::SUCCESS
    }
}
