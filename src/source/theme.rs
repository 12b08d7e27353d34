//! The default theme, compiled into the binary so a site without a themes/ folder still builds.

use include_dir::{Dir, include_dir};

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// The embedded theme's templates as (name, text), sorted by name.
pub fn embedded_templates() -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    if let Some(dir) = DEFAULT_THEME.get_dir("templates") {
        collect(dir, "templates/", &mut |name, bytes| {
            if let Ok(text) = std::str::from_utf8(bytes) {
                out.push((name, text));
            }
        });
    }
    out.sort();
    out
}

/// The embedded theme's static files as (output path, bytes), sorted by path.
pub fn embedded_static() -> Vec<(String, &'static [u8])> {
    let mut out = Vec::new();
    if let Some(dir) = DEFAULT_THEME.get_dir("static") {
        collect(dir, "static/", &mut |name, bytes| out.push((name, bytes)));
    }
    out.sort();
    out
}

/// The embedded theme's words, `i18n/<lang>.yaml`, as (language tag, text), sorted by tag.
pub fn embedded_i18n() -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    if let Some(dir) = DEFAULT_THEME.get_dir("i18n") {
        collect(dir, "i18n/", &mut |name, bytes| {
            if let (Some(lang), Ok(text)) = (name.strip_suffix(".yaml"), std::str::from_utf8(bytes)) {
                out.push((lang.to_string(), text));
            }
        });
    }
    out.sort();
    out
}

/// The embedded theme's other files that the build reads (the social card's `card.yaml` and the
/// fonts under `fonts/`) as (path in the theme, bytes), sorted by path.
pub fn embedded_theme_files() -> Vec<(String, &'static [u8])> {
    let mut out = Vec::new();
    if let Some(file) = DEFAULT_THEME.get_file(CARD_FILE) {
        out.push((CARD_FILE.to_string(), file.contents()));
    }
    if let Some(dir) = DEFAULT_THEME.get_dir("fonts") {
        collect(dir, "", &mut |name, bytes| out.push((name, bytes)));
    }
    out.sort();
    out
}

/// The theme's description of its social card (colours and font).
pub const CARD_FILE: &str = "card.yaml";

fn collect(dir: &'static Dir<'static>, strip: &str, each: &mut dyn FnMut(String, &'static [u8])) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().replace('\\', "/");
        let name = path.strip_prefix(strip).unwrap_or(&path).to_string();
        each(name, file.contents());
    }
    for sub in dir.dirs() {
        collect(sub, strip, each);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_theme_has_every_required_template() {
        let names: Vec<String> = embedded_templates().into_iter().map(|(n, _)| n).collect();
        for required in crate::core::theme::REQUIRED_TEMPLATES {
            assert!(names.iter().any(|n| n == required), "missing {required}");
        }
        assert!(embedded_static().iter().any(|(p, _)| p == "style.css"));
    }
}
