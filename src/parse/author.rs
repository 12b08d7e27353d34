//! An author's front matter (DESIGN.md §4b): `name` (required), `role`, `url`, `image` and
//! `same_as`, validated into `AuthorMeta`; the body, a short biography, is rendered by the caller.

use crate::core::diagnostic::{Checked, Diagnostic, Pos};
use crate::parse::frontmatter::{Split, cut_by_comments, front_matter_fields, missing};
use crate::parse::yaml::{self, Field, Reader};
use crate::source::load::SourceFile;

/// An author's front matter, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorMeta {
    pub name: String,
    /// Shown after the name in the byline ("Korea correspondent").
    pub role: Option<String>,
    /// Their own page elsewhere (an http(s) URL).
    pub url: Option<String>,
    /// A picture: a file beside the author file, as written, and where it is written (the parse
    /// stage checks that the file exists).
    pub image: Option<(String, Pos)>,
    /// Profile links (http(s) URLs): JSON-LD `sameAs`.
    pub same_as: Vec<String>,
    /// Anything a theme wants.
    pub extra: serde_json::Value,
}

pub const AUTHOR_KEYS: &[&str] = &["name", "role", "url", "image", "same_as", "extra"];

/// Parses an author file's front matter.
pub fn parse_author(file: &SourceFile, split: &Split<'_>) -> Checked<AuthorMeta> {
    let path = file.display.as_path();
    let fields = match front_matter_fields(path, split) {
        Ok(fields) => fields,
        Err(e) => return Checked::failed(vec![e]),
    };
    let mut reader = Reader::new(path);
    let mut warnings = Vec::new();
    let mut meta = AuthorMeta {
        name: String::new(),
        role: None,
        url: None,
        image: None,
        same_as: Vec::new(),
        extra: serde_json::Value::Object(Default::default()),
    };
    let mut name = None;
    for entry in &fields.entries {
        let text = |reader: &mut Reader<'_>| {
            reader
                .text(entry)
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
        };
        match entry.key.as_str() {
            "name" => name = text(&mut reader),
            "role" => meta.role = text(&mut reader),
            "url" => {
                meta.url = text(&mut reader).filter(|url| http_url(&mut reader, entry, url, entry.pos));
            }
            "image" => meta.image = text(&mut reader).and_then(|image| read_image(&mut reader, image, entry.pos)),
            "same_as" => {
                for (url, pos) in reader.text_items(entry) {
                    let url = url.trim().to_string();
                    if http_url(&mut reader, entry, &url, pos) {
                        meta.same_as.push(url);
                    }
                }
            }
            "extra" => meta.extra = yaml::json(&entry.value),
            _ => warnings.push(yaml::unknown_key(path, entry, AUTHOR_KEYS, "author front matter")),
        }
    }
    warnings.extend(cut_by_comments(path, split, &fields));
    match name {
        Some(name) => meta.name = name,
        None => {
            let example = format!("name: {}", name_from_slug(&file.slug_stem()));
            reader.errors.extend(missing(path, split, &fields, "name", &example));
        }
    }
    reader.finish(meta, warnings)
}

/// Whether `url` is an http(s) address; an error at `pos` when it is not.
fn http_url(reader: &mut Reader<'_>, field: &Field, url: &str, pos: Pos) -> bool {
    let ok = crate::core::urls::is_web_address(url);
    if !ok {
        reader.errors.push(
            Diagnostic::error(
                reader.path,
                pos,
                format!("`{}` has `{url}`, which is not a web address", field.key),
            )
            .with_hint(if field.key == "same_as" {
                "write each profile's whole address, e.g. `- https://www.wikidata.org/wiki/Q1`".to_string()
            } else {
                format!(
                    "write the whole address, e.g. `{}: https://example.org/staff/min-ji`",
                    field.key
                )
            }),
        );
    }
    ok
}

/// `image:`: a file beside the author file, which may not climb out of its folder.
fn read_image(reader: &mut Reader<'_>, image: String, pos: Pos) -> Option<(String, Pos)> {
    let outside = image.contains("://") || image.starts_with('/') || image.split(['/', '\\']).any(|p| p == "..");
    if outside {
        reader.errors.push(
            Diagnostic::error(
                reader.path,
                pos,
                format!("the image `{image}` is not a file beside the author file"),
            )
            .with_hint("put the picture in content/authors/ and write its name, e.g. `image: min-ji.jpg`"),
        );
        return None;
    }
    Some((image, pos))
}

/// A name for a hint, made from the file's slug (`min-ji-park` → `Min Ji Park`).
fn name_from_slug(slug: &str) -> String {
    let words: Vec<String> = slug
        .split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        })
        .collect();
    if words.is_empty() {
        "Min-ji Park".to_string()
    } else {
        words.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::frontmatter::split;

    fn parse(text: &str) -> Checked<AuthorMeta> {
        let file = SourceFile::new("content/authors/min-ji-park.md", "content/authors/min-ji-park.md", text);
        let split = split(&file.display, &file.text).unwrap();
        parse_author(&file, &split)
    }

    fn messages(checked: &Checked<AuthorMeta>) -> Vec<String> {
        checked.diagnostics.iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn every_field_is_read() {
        let checked = parse(
            "---\nname: Min-ji Park\nrole: Korea correspondent\nurl: https://example.org/mj\nimage: mj.jpg\nsame_as:\n  - https://example.org/a\n---\nBio.\n",
        );
        let meta = checked.value.unwrap();
        assert_eq!(meta.name, "Min-ji Park");
        assert_eq!(meta.role.as_deref(), Some("Korea correspondent"));
        assert_eq!(meta.url.as_deref(), Some("https://example.org/mj"));
        assert_eq!(meta.image, Some(("mj.jpg".to_string(), Pos::new(5, 8))));
        assert_eq!(meta.same_as, vec!["https://example.org/a".to_string()]);
    }

    #[test]
    fn a_missing_name_a_bad_url_and_an_unknown_key_are_reported_at_their_lines() {
        let checked =
            parse("---\nrole: X\nurl: ftp://x.org/\nsame_as: [https://ok.org/, mailto:a@b.c]\nrloe: Y\n---\n");
        assert!(checked.value.is_none());
        let all = messages(&checked).join("\n");
        assert!(all.contains("has no `name`"), "{all}");
        assert!(all.contains("min-ji-park.md:3:6"), "{all}");
        assert!(all.contains("min-ji-park.md:4:28"), "{all}");
        assert!(all.contains("did you mean `role`?"), "{all}");
        assert!(all.contains("name: Min Ji Park"), "{all}");
    }

    #[test]
    fn an_image_outside_the_folder_is_an_error() {
        let checked = parse("---\nname: A\nimage: ../secret.jpg\n---\n");
        assert!(
            messages(&checked)
                .join("\n")
                .contains("not a file beside the author file")
        );
    }
}
