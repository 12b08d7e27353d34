//! What other generators' files say that gazette reads otherwise: Hugo's, Zola's and Jekyll's
//! front matter keys (`published: false`, `publishDate`, `Draft`, `categories`, …) and their
//! template syntax in bodies (`{{< figure >}}`, `{% post_url %}`), each told in gazette's words.
//!
//! A key that would publish what its writer meant to hold back (a draft, an embargo, an expiry) is
//! an error; a key whose content gazette has under another name is a warning that names it.

use std::path::Path;

use crate::core::dates::DateValue;
use crate::core::diagnostic::{Diagnostic, Pos};
use crate::core::slug::slugify;
use crate::parse::yaml::{Field, Value};

/// What gazette says of `field`, a key of an article's front matter that it does not read, when
/// the key is another generator's (or a known key in other letters); `None` for any other key.
/// `date` is the article's `date:` when it has a good one, `keys` every key written.
pub fn foreign_key(
    path: &Path,
    field: &Field,
    date: Option<&DateValue>,
    keys: &[&str],
    known: &[&str],
    tz: &jiff::tz::TimeZone,
) -> Option<Diagnostic> {
    let key = field.key.as_str();
    let lower = key.to_ascii_lowercase();
    let value = field.value.value.untagged();
    if let Some(error) = in_other_letters(path, field, known, date.is_some()) {
        return Some(error);
    }
    let warn = |message: String, hint: String| Some(Diagnostic::warning(path, field.key_pos, message).with_hint(hint));
    match lower.as_str() {
        "published" => published(path, field, keys),
        "publishdate" | "publish_date" | "pubdate" => publish_date(path, field, date, tz),
        "expirydate" | "expiry_date" | "expires" | "unpublishdate" => Some(
            Diagnostic::error(
                path,
                field.key_pos,
                format!("`{key}` is an expiry date, which gazette does not have, so this article would stay published"),
            )
            .with_hint("remove this line; when the article should come down, set `draft: true` or delete the file"),
        ),
        "description" | "excerpt" => warn(
            format!("unknown key `{key}` in front matter: gazette's is `summary:`"),
            if keys.contains(&"summary") {
                "remove this line: `summary:` is the one gazette shows".into()
            } else {
                "write `summary:` there (plain text, shown in lists, feeds and the page's description)".into()
            },
        ),
        "author" => {
            let example = match value {
                Value::String(name) if !name.trim().is_empty() => slugify(name),
                _ => "min-ji-park".to_string(),
            };
            warn(
                format!("unknown key `{key}` in front matter: gazette's is `authors:`, a list of slugs"),
                format!("write `authors: [{example}]`, with the author's file content/authors/{example}.md (`name:`)"),
            )
        }
        _ => RENAMED
            .iter()
            .find(|(names, ..)| names.contains(&lower.as_str()))
            .and_then(|(_, says, hint)| warn(format!("unknown key `{key}` in front matter: {says}"), hint.to_string())),
    }
}

/// Other generators' keys that gazette has under another name or in another form: (their names
/// in small letters, what gazette has, how to write it).
const RENAMED: &[(&[&str], &str, &str)] = &[
    (
        &["lastmod", "last_modified_at", "modified", "updated_at"],
        "gazette's is `updated:`",
        "write `updated:` there (readers see it as \"Updated …\"; an `updates:` log also says what changed)",
    ),
    (
        &["categories", "category"],
        "gazette has topics and tags instead",
        "write `topics: [slug]` for a story's timeline (each topic a file, content/topics/<slug>.md), or `tags: [..]`",
    ),
    (
        &["taxonomies"],
        "its tags are not read",
        "write `tags:` (and `topics:`) at the top level of the front matter, not under `taxonomies:`",
    ),
    (
        &["url", "permalink", "path"],
        "an article's address comes from site.yaml's `permalink:`",
        "to keep this old address working, list it under `aliases:` (e.g. `aliases: [/posts/old-title/]`); a field of your own goes under `extra:`",
    ),
    (
        &["redirect_from"],
        "gazette's is `aliases:`",
        "write `aliases:` there: each old address gets a redirect page and a `_redirects` line",
    ),
    (
        &["series"],
        "a story followed over time is a topic in gazette",
        "write `topics: [slug]` (a timeline, with its file content/topics/<slug>.md), or `tags: [..]`",
    ),
    (
        &["images", "featured_image", "cover", "thumbnail"],
        "gazette's lead image is `image:`",
        "write `image: { src: photo.jpg, alt: \"What the photo shows\" }`",
    ),
];

/// Jekyll's `published: false` (an error: the article would be published), and `published:` as
/// Astro, Eleventy and Pelican write it, a date.
fn published(path: &Path, field: &Field, keys: &[&str]) -> Option<Diagnostic> {
    let key = &field.key;
    let value = field.value.value.untagged();
    let warn = |message: String, hint: String| Some(Diagnostic::warning(path, field.key_pos, message).with_hint(hint));
    match value {
        Value::Bool(false) => Some(
            Diagnostic::error(
                path,
                field.key_pos,
                "`published: false` is Jekyll's; gazette does not read it, so this article would be published",
            )
            .with_hint("write `draft: true` instead"),
        ),
        Value::String(text) if text.starts_with(|c: char| c.is_ascii_digit()) => warn(
            format!("unknown key `{key}` in front matter: gazette's is `date:`"),
            if keys.contains(&"date") {
                "remove this line: `date:` is the one gazette reads".into()
            } else {
                format!("write `date: {}` instead", text.trim())
            },
        ),
        _ => warn(
            format!("unknown key `{key}` in front matter: gazette publishes every article that is not a draft"),
            "remove this line (`draft: true` keeps an article out)".into(),
        ),
    }
}

/// An error for a key gazette knows written with capitals (`Draft: true`): ignored, it would
/// publish a draft, or lose the tags.
fn in_other_letters(path: &Path, field: &Field, known: &[&str], dated: bool) -> Option<Diagnostic> {
    let key = field.key.as_str();
    let lower = key.to_ascii_lowercase();
    // `Title:` is required, and `Date:` when nothing else dates the article: their absence is
    // the error, and names this line. (A Jekyll name dates it: `Date:` would be lost.)
    let required = lower == "title" || (lower == "date" && !dated);
    if lower == key || !known.contains(&lower.as_str()) || required {
        return None;
    }
    Some(
        Diagnostic::error(
            path,
            field.key_pos,
            format!("`{key}` is not a key gazette reads: keys are written in small letters, so this line is ignored"),
        )
        .with_hint(format!("write `{lower}` there")),
    )
}

/// Hugo's `publishDate`: gazette publishes at `date:`. A later one is an embargo that would be
/// broken: an error; one no later than `date:` says nothing `date:` does not: a warning.
fn publish_date(path: &Path, field: &Field, date: Option<&DateValue>, tz: &jiff::tz::TimeZone) -> Option<Diagnostic> {
    let key = &field.key;
    let text = crate::parse::yaml::date_text(&field.value.value);
    let later = text
        .as_deref()
        .and_then(|text| crate::core::dates::parse_date(text, tz).ok())
        .map(|publish| date.map(|d| publish.start.timestamp() > d.start.timestamp()));
    match later {
        Some(Some(false)) => Some(
            Diagnostic::warning(
                path,
                field.key_pos,
                format!("unknown key `{key}` in front matter: gazette publishes an article at its `date:`"),
            )
            .with_hint("remove this line"),
        ),
        Some(_) => Some(
            Diagnostic::error(
                path,
                field.key_pos,
                format!("`{key}` is Hugo's; gazette publishes an article at its `date:`, so this one would not wait"),
            )
            .with_hint(format!(
                "write `date: {}` (an article dated ahead is scheduled), and remove this line",
                text.as_deref().unwrap_or_default().trim()
            )),
        ),
        None => Some(
            Diagnostic::error(
                path,
                field.key_pos,
                format!("`{key}` is Hugo's; gazette publishes an article at its `date:`"),
            )
            .with_hint("remove this line, and give `date:` the time the article may be published"),
        ),
    }
}

/// A warning at each piece of another generator's template syntax in a body (Hugo's shortcodes
/// `{{< … >}}` and `{{% … %}}`, Liquid's and Zola's `{% … %}` and `{{ … }}`), outside code:
/// gazette shows it as text, so a video, a figure or a link would be published as its source,
/// and a `{% comment %}` as what it hides. `body_line` is the file line of the body's first line.
pub fn template_syntax(path: &Path, body: &str, body_line: usize) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    // Nearly every body has neither: two substring searches decide.
    if !body.contains("{{") && !body.contains("{%") {
        return found;
    }
    let mut fence: Option<(u8, usize)> = None;
    for (n, line) in body.lines().enumerate() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let marker = trimmed.bytes().next().filter(|b| matches!(b, b'`' | b'~'));
        if let Some(byte) = marker.filter(|_| indent < 4) {
            let run = trimmed.bytes().take_while(|&b| b == byte).count();
            if run >= 3 {
                match fence {
                    None => fence = Some((byte, run)),
                    Some((open, length)) if open == byte && run >= length && trimmed[run..].trim().is_empty() => {
                        fence = None;
                    }
                    Some(_) => {}
                }
                continue;
            }
        }
        if fence.is_some() || indent >= 4 && trimmed.starts_with("{{") {
            continue;
        }
        let mut at = 0;
        while let Some(start) = next_template(line, at) {
            let Some(piece) = template_piece(&line[start..]) else {
                at = start + 2;
                continue;
            };
            at = start + piece.len();
            if !looks_like_a_template(piece) {
                continue;
            }
            // A closing piece (`{% endcomment %}`, `{{< /note >}}`) belongs to its opening one,
            // which is told.
            if in_code_span(line, start) || closes(piece) {
                continue;
            }
            let column = line[..start].chars().count() + 1;
            let (what, hint) = explain(piece);
            found.push(
                Diagnostic::warning(
                    path,
                    Pos::new(body_line + n, column),
                    format!("`{}` is {what}: gazette shows it as text", shorten(piece)),
                )
                .with_hint(hint),
            );
        }
    }
    found
}

/// Where the next `{{` or `{%` on `line` starts, at or after `from`.
fn next_template(line: &str, from: usize) -> Option<usize> {
    let rest = line.get(from..)?;
    let double = rest.find("{{");
    let percent = rest.find("{%");
    let first = match (double, percent) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => a.or(b)?,
    };
    Some(from + first)
}

/// The template piece starting `text` (`{{< youtube id >}}`), up to its closing braces on the
/// line; `None` when nothing closes it there (prose with a `{{`).
fn template_piece(text: &str) -> Option<&str> {
    let close = if text.starts_with("{%") { "%}" } else { "}}" };
    text[2..].find(close).map(|end| &text[..2 + end + 2])
}

/// Whether a closed piece is written as another generator's templates write theirs, not prose
/// that happens to have braces (`{{citation needed}}`, `{{7*7}}`): Hugo's `{{< … >}}` and
/// `{{% … %}}`; a tag `{% name … %}`; an output `{{ name … }}` with spaces inside its braces and
/// a name (`page.title`, `.Title`, `youtube(…)`) first.
fn looks_like_a_template(piece: &str) -> bool {
    if piece.starts_with("{{<") || piece.starts_with("{{%") {
        return true;
    }
    let inner = &piece[2..piece.len() - 2];
    let inner = inner.strip_prefix('-').unwrap_or(inner);
    let inner = inner.strip_suffix('-').unwrap_or(inner);
    let spaced = inner.starts_with(' ') && inner.ends_with(' ');
    let named = inner
        .trim_start()
        .starts_with(|c: char| c.is_ascii_alphabetic() || c == '.' || c == '_');
    spaced && named
}

/// Whether a piece closes a block: `{% endcomment %}`, `{% end %}`, `{{< /note >}}`.
fn closes(piece: &str) -> bool {
    let inner = piece.trim_start_matches(['{', '<', '%', '-']).trim_start();
    inner.starts_with('/') || inner.starts_with("end")
}

/// Whether byte `at` of `line` is inside a code span: after a run of backticks that a run of
/// the same length closes after it (CommonMark; a run that nothing closes is text).
fn in_code_span(line: &str, at: usize) -> bool {
    let runs = backtick_runs(line);
    let mut open: Option<(usize, usize)> = None;
    for &(start, length) in &runs {
        match open {
            None if start < at => open = Some((start, length)),
            Some((_, opened)) if opened == length => {
                if start > at {
                    return true;
                }
                open = None;
            }
            _ => {}
        }
    }
    false
}

/// The runs of backticks on a line: (byte where each starts, its length).
fn backtick_runs(line: &str) -> Vec<(usize, usize)> {
    let bytes = line.as_bytes();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'`' {
            let start = i;
            while i < bytes.len() && bytes[i] == b'`' {
                i += 1;
            }
            runs.push((start, i - start));
        } else {
            i += 1;
        }
    }
    runs
}

/// At most 40 characters of a piece, for the message.
fn shorten(piece: &str) -> String {
    if piece.chars().count() <= 40 {
        return piece.to_string();
    }
    let mut short: String = piece.chars().take(37).collect();
    short.push('…');
    short
}

/// What a piece of template syntax is, and how gazette writes what it stands for.
fn explain(piece: &str) -> (&'static str, String) {
    let hugo = piece.starts_with("{{<") || piece.starts_with("{{%");
    let inner = piece
        .trim_start_matches(['{', '<', '%', '-'])
        .trim_start()
        .trim_start_matches('/');
    let name: String = inner
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.')
        .collect();
    let what = if hugo {
        "a Hugo shortcode"
    } else if piece.starts_with("{%") {
        "a template tag (Liquid or Zola)"
    } else {
        "template syntax (Liquid or Zola)"
    };
    let hint = match name.as_str() {
        "figure" => {
            "write the image as Markdown, `![What it shows](photo.jpg \"Caption\")`, alone in its paragraph".into()
        }
        "youtube" | "vimeo" | "tweet" | "x" | "instagram" | "gist" => {
            "embed it as HTML (an `<iframe>` with a `title`), or link to it".into()
        }
        "ref" | "relref" | "post_url" | "link" => {
            "link the file by its path under content/ with `@/`: `[text](@/2024/06/the-article.md)`".into()
        }
        "comment" => "delete it: what it holds would be published to readers".into(),
        "highlight" => "write the code in a fenced block (``` before and after)".into(),
        "site.baseurl" | "site.url" | "config.base_url" => {
            "drop it: a link that starts with `/` gets the site's base path by itself".into()
        }
        _ => "articles have no templates: write the text, Markdown or HTML it stands for".into(),
    };
    (what, hint)
}

/// An error when an article sits in a `_drafts/` folder (Jekyll's) and is not a draft: Jekyll
/// keeps such files out, gazette would publish it.
pub fn in_drafts_folder(path: &Path, source: &str, draft: bool) -> Option<Diagnostic> {
    if draft || !source.split('/').any(|part| part == "_drafts") {
        return None;
    }
    Some(
        Diagnostic::error(
            path,
            Pos::new(1, 1),
            "this article is in a `_drafts/` folder but is not a draft: gazette would publish it",
        )
        .with_hint("add `draft: true` to its front matter, or move it out of `_drafts/` to publish it"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(body: &str) -> Vec<String> {
        template_syntax(Path::new("a.md"), body, 5)
            .iter()
            .map(|d| {
                format!(
                    "{}:{} {}",
                    d.pos.map_or(0, |p| p.line),
                    d.pos.map_or(0, |p| p.column),
                    d.message
                )
            })
            .collect()
    }

    #[test]
    fn shortcodes_and_liquid_outside_code_are_each_told_at_their_place() {
        let body = "Text.\n\n{{< youtube abc >}}\n\nSee [it]({{< ref \"x.md\" >}}) and {% comment %}hide{% endcomment %}.\n\n```\n{{< figure src=\"in-code.jpg\" >}}\n```\n\nA `{{ code }}` span, and {{ site.baseurl }}/x.\n";
        assert_eq!(
            said(body),
            [
                "7:1 `{{< youtube abc >}}` is a Hugo shortcode: gazette shows it as text",
                "9:10 `{{< ref \"x.md\" >}}` is a Hugo shortcode: gazette shows it as text",
                "9:34 `{% comment %}` is a template tag (Liquid or Zola): gazette shows it as text",
                "15:26 `{{ site.baseurl }}` is template syntax (Liquid or Zola): gazette shows it as text",
            ]
        );
        let hints: Vec<String> = template_syntax(Path::new("a.md"), body, 5)
            .into_iter()
            .filter_map(|d| d.hint)
            .collect();
        assert!(hints[1].contains("@/"), "{hints:?}");
        assert!(hints[2].contains("published to readers"), "{hints:?}");
    }

    #[test]
    fn a_body_without_braces_says_nothing() {
        assert!(said("Plain {text} with { braces } and %.\n").is_empty());
    }

    #[test]
    fn template_syntax_in_fences_and_code_spans_says_nothing() {
        assert!(said("~~~\n{% raw %}\n~~~\n").is_empty());
        assert!(said("A ``{{ page.title }}`` span, and `a` then `{% if x %}`.\n").is_empty());
    }

    /// Review: any `{{` in prose was warned, even with nothing closing it, so one article on
    /// Wikipedia's `{{citation needed}}` blocked `gazette edition --strict` for the whole site.
    #[test]
    fn braces_in_prose_are_not_template_syntax() {
        for prose in [
            "Editors tag such claims {{citation needed}}.\n",
            "The payload was {{7*7}}, and the server answered 49.\n",
            "An unclosed {{ brace, and a {% sign.\n",
            "A lone ` backtick, then {{ page.title }}.\n",
        ] {
            let found = said(prose);
            let expected = usize::from(prose.contains("A lone"));
            assert_eq!(found.len(), expected, "{prose}: {found:?}");
        }
    }
}
