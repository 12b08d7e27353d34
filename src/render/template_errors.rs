//! Tera's error messages in a theme author's words: what is wrong at the place in the template,
//! and the usual fix (a positional argument gets its name, a misspelt filter, test, function,
//! tag, template, variable or field the closest one that exists). Any other message is left as
//! Tera wrote it.

use std::collections::{BTreeMap, BTreeSet};

use crate::core::diagnostic::{Diagnostic, Pos, closest};

/// A template error explained: the message, and the fix when there is a usual one.
pub(super) struct Explained {
    pub(super) message: String,
    pub(super) hint: Option<String>,
    /// The 1-based column the message is about, when it is not where Tera reported the error
    /// (the field before a filter, not the filter).
    pub(super) column: Option<usize>,
    /// The 1-based line the message is about, when it is not where Tera reported the error
    /// (the `{% block %}` left open, not the end of the template where Tera stopped).
    pub(super) line: Option<usize>,
}

/// What a page's own values say of a path (`render` answers from the page's context).
pub(super) enum Found<'a> {
    /// Not among the page's values (a loop's variable, say).
    Absent,
    /// There, and empty (none).
    Empty,
    /// A map, with its fields.
    Fields(Vec<&'a str>),
    /// Text.
    Text,
    /// Any other value.
    Other,
}

/// The values of the page whose rendering failed, for messages said from them.
pub(super) trait PageValues {
    /// The value at `steps` (`article`, `updated`).
    fn find(&self, steps: &[&str]) -> Found<'_>;
    /// Tera's own message for the variable `name` rendered alone (which names the page's
    /// variables), when the page does not have it.
    fn missing_variable(&self, name: &str) -> Option<String>;
    /// The field name closest to `field` among the fields of every map in the page's values,
    /// when none of them is `field`: a guess for a value the page does not hold itself (a loop's
    /// `a` in a partial), whose fields are those of values the page holds (its cards).
    fn closest_field(&self, field: &str) -> Option<String>;
}

/// How an undefined or empty value was met, for `from_page`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Met {
    /// Rendered, looped over, compared or added.
    Undefined,
    /// Given to a filter that needs a value.
    GivenNothing,
    /// Asked for a field.
    NoField,
}

/// A block a template fills that no template it extends has (Tera's "Block `content` is not
/// defined in any parent template"): the template's name, the block's, and where Tera reported
/// it.
pub(super) struct UnknownBlock {
    pub(super) template: String,
    pub(super) block: String,
    pub(super) pos: Pos,
}

impl UnknownBlock {
    /// The block Tera's `message` says no parent has, in the template `template` at `pos`.
    pub(super) fn from_message(message: &str, template: &str, pos: Pos) -> Option<UnknownBlock> {
        Some(UnknownBlock {
            template: template.to_string(),
            block: between(message, "Block `", "` is not defined in any parent template")?.to_string(),
            pos,
        })
    }
}

/// The blocks templates fill that no parent has, said once at the parent when several templates
/// fill a block it lacks, or only templates the user cannot open (the embedded theme's): a
/// site's `base.html` without the theme's blocks is one mistake, not one per page template. A
/// block one template alone fills is said at that template, with the blocks there are (a
/// misspelling).
pub(super) fn unknown_blocks(found: &[UnknownBlock], origins: &super::Origins) -> Vec<Diagnostic> {
    let mut by_parent: BTreeMap<String, BTreeMap<&str, Vec<&UnknownBlock>>> = BTreeMap::new();
    for unknown in found {
        let parent = origins
            .get(&unknown.template)
            .and_then(|t| extends_of(&t.text))
            .unwrap_or_default();
        by_parent
            .entry(parent)
            .or_default()
            .entry(&unknown.block)
            .or_default()
            .push(unknown);
    }
    let embedded = |name: &str| {
        origins
            .get(name)
            .is_some_and(|t| t.display.starts_with("<embedded theme>"))
    };
    let mut out = Vec::new();
    for (parent, blocks) in &by_parent {
        let mut lacking = Vec::new();
        let mut fillers = BTreeSet::new();
        for (block, children) in blocks {
            let parent_editable = origins.contains_key(parent) && !embedded(parent);
            if parent_editable && (children.len() > 1 || children.iter().all(|c| embedded(&c.template))) {
                lacking.push(*block);
                fillers.extend(children.iter().map(|c| c.template.as_str()));
            } else {
                out.extend(children.iter().map(|c| at_child(c, parent, origins)));
            }
        }
        if !lacking.is_empty() {
            out.push(at_parent(parent, &lacking, &fillers, origins));
        }
    }
    out
}

/// The blocks `lacking` that the templates `fillers` fill and `parent` lacks, said at `parent`.
fn at_parent(parent: &str, lacking: &[&str], fillers: &BTreeSet<&str>, origins: &super::Origins) -> Diagnostic {
    let shown: Vec<String> = lacking.iter().map(|b| format!("`{{% block {b} %}}`")).collect();
    let extending = origins
        .values()
        .filter(|t| extends_of(&t.text).as_deref() == Some(parent))
        .count();
    let who = if fillers.len() == extending && lacking.len() == 1 {
        "every template that extends it fills".to_string()
    } else if fillers.len() == extending {
        "the templates that extend it fill".to_string()
    } else {
        let names: Vec<&str> = fillers.iter().copied().collect();
        let listed = match names.as_slice() {
            [a, b] => format!("{a} and {b}"),
            [a, b, c] => format!("{a}, {b} and {c}"),
            [a, b, rest @ ..] => format!("{a}, {b} and {} more", rest.len()),
            _ => names.join(", "),
        };
        format!("{} templates that extend it fill ({listed})", names.len())
    };
    let add: Vec<String> = lacking
        .iter()
        .map(|b| format!("`{{% block {b} %}}{{% endblock {b} %}}`"))
        .collect();
    let mut hint = format!("add {} where each page's part goes", add.join(" and "));
    if origins.values().any(|t| t.display.starts_with("<embedded theme>")) {
        hint.push_str(&format!(
            ", or start from the theme's own: move this file aside and run `gazette theme eject {parent}`"
        ));
    }
    Diagnostic::error(
        origins[parent].display.clone(),
        Pos::new(1, 1),
        format!("this {parent} defines no {}, which {who}", shown.join(" or ")),
    )
    .with_hint(hint)
}

/// A block only `unknown.template` fills, and `parent` (and the templates it extends) lacks.
fn at_child(unknown: &UnknownBlock, parent: &str, origins: &super::Origins) -> Diagnostic {
    let block = &unknown.block;
    let mut blocks = Vec::new();
    let mut next = Some(parent.to_string());
    // A loop of `extends` is its own error: a few steps are enough.
    for _ in 0..16 {
        let Some(template) = next.and_then(|name| origins.get(&name)) else {
            break;
        };
        blocks.extend(blocks_of(&template.text));
        next = extends_of(&template.text);
    }
    let hint = match closest(block, blocks.iter().map(String::as_str)) {
        Some(close) => format!("did you mean `{{% block {close} %}}`?"),
        None if blocks.is_empty() => {
            format!("add `{{% block {block} %}}{{% endblock {block} %}}` to {parent} where this part goes")
        }
        None => format!("the blocks there are: {}", blocks.join(", ")),
    };
    let path = origins.get(&unknown.template).map_or_else(
        || format!("templates/{}", unknown.template).into(),
        |t| t.display.clone(),
    );
    Diagnostic::error(
        path,
        unknown.pos,
        format!("there is no `{{% block {block} %}}` in {parent} (or what it extends) for this one to fill"),
    )
    .with_hint(hint)
}

/// The `{% … %}` tags of `text`: each one's name (`block`) and what follows it up to `%}`.
fn tags_of(text: &str) -> impl Iterator<Item = (&str, &str)> {
    text.match_indices("{%").filter_map(|(start, _)| {
        let inside = text[start + 2..].trim_start_matches(['-', ' ', '\t', '\n', '\r']);
        let inside = &inside[..inside.find("%}").unwrap_or(inside.len())];
        let inside = inside.trim_end_matches(['-', ' ', '\t', '\n', '\r']);
        let name_end = inside
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(inside.len());
        (name_end > 0).then(|| (&inside[..name_end], inside[name_end..].trim()))
    })
}

/// The template `text` extends (`{% extends "base.html" %}`).
pub(super) fn extends_of(text: &str) -> Option<String> {
    let (_, rest) = tags_of(text).find(|(name, _)| *name == "extends")?;
    Some(rest.trim_matches(['"', '\'', '`']).to_string())
}

/// The names of the blocks `text` has, in order.
fn blocks_of(text: &str) -> Vec<String> {
    tags_of(text)
        .filter(|(name, _)| *name == "block")
        .filter_map(|(_, rest)| rest.split_whitespace().next().map(str::to_string))
        .collect()
}

/// Explains Tera's `message`, reported at 1-based `column` of the template line `line` (when the
/// error has a place); `template` is the template's whole text and that line's number, when
/// known; `templates` are the names of the theme's templates; `page` the values of the page
/// being rendered, when the error is a page's.
pub(super) fn explain(
    message: &str,
    line: Option<&str>,
    column: usize,
    template: Option<(&str, usize)>,
    templates: &[&str],
    page: Option<&dyn PageValues>,
) -> Option<Explained> {
    if let Some((text, line_number)) = template
        && let Some(explained) = unclosed(message, text, line_number, column)
    {
        return Some(explained);
    }
    if message.starts_with("This content would be ignored")
        && let Some((text, line_number)) = template
    {
        return Some(ignored_content(text, line_number, column));
    }
    let word = line.map(|line| word_at(line, column)).unwrap_or_default();
    if message == "Unknown tag"
        && let Some((text, line_number)) = template
        && let Some(explained) = misplaced_tag(&word, text, line_number, column)
    {
        return Some(explained);
    }
    if message.starts_with("Found ") && message.ends_with(" but expected identifier.") {
        return positional(line?, column).or_else(|| dotted_index(line?, column));
    }
    if let Some(explained) = line.and_then(|line| include_habit(message, line, column)) {
        return Some(explained);
    }
    if let Some(explained) = line.and_then(|line| missing_value(message, line, column)) {
        return Some(explained);
    }
    if let Some(argument) = between(message, "Missing keyword argument `", "`") {
        let call = match named_arguments(&word, 1) {
            Some(names) => format!(", as in `{word}({})`", example(names)),
            None => String::new(),
        };
        return explained(
            format!("`{word}` needs the named argument `{argument}`"),
            Some(format!("add `{argument}=…` inside the parentheses{call}")),
        );
    }
    // An undefined value met by a loop, a comparison or arithmetic is the same mistake as one
    // rendered: a misspelt name or field, or an optional value this page lacks.
    if message == "Tried to render a variable that is undefined"
        || message == "Iteration not possible on type `undefined`"
        || message.starts_with("Cannot compare `undefined`")
        || message.contains("found `undefined`")
    {
        let at = line.and_then(|line| path_at(line, column));
        let plain = undefined(at.as_ref().map(|(path, _)| path.as_str()), None);
        return Some(from_page(plain, page, at, Met::Undefined));
    }
    if between(message, "Field `", "` is not defined").is_some() {
        let at = line.and_then(|line| path_at(line, column));
        if let Some(explained) = loop_over_no_list(template, at.as_ref(), page) {
            return Some(explained);
        }
        let path = at.as_ref().map(|(path, _)| path.as_str());
        if let Some(explained) = path.and_then(|path| missing_word(message, path)) {
            return Some(explained);
        }
        let plain = field_of_nothing(message, path).or_else(|| not_defined(message))?;
        return Some(from_page(plain, page, at, Met::NoField));
    }
    // `<badge label={lead.titel}/>`: Tera names the argument and its type, not the value given.
    if let Some(argument) = between(message, "Component argument `", "` (type: `undefined`)") {
        let at = line.and_then(|line| component_argument(line, column, argument));
        let plain = Explained {
            column: at.as_ref().map(|(_, column)| *column),
            ..undefined(at.as_ref().map(|(path, _)| path.as_str()), None)
        };
        return Some(from_page(plain, page, at, Met::Undefined));
    }
    if let Some(explained) = not_defined(message) {
        return Some(explained);
    }
    if let Some(explained) = unknown(message, &word, templates) {
        return Some(explained);
    }
    if let Some(explained) = operands(message, line, column, page) {
        return Some(explained);
    }
    let plain = wrong_type(message)?;
    if message.ends_with("but got `none`") || message.ends_with("but got `undefined`") {
        let at = line.and_then(|line| path_at(line, column));
        return Some(from_page(plain, page, at, Met::GivenNothing));
    }
    Some(plain)
}

/// `plain`, said more surely from the page's own values where they hold the path `at` (the
/// path and the column of its last step): a field the value before it lacks is "this value
/// has no field" with the closest one (Tera says it so without a filter, not with one), a field
/// of an empty value says so, a name the page lacks is said with the page's variables, and a
/// filter given a loop's undefined field names it. Otherwise `plain` as it is.
fn from_page(plain: Explained, page: Option<&dyn PageValues>, at: Option<(String, usize)>, met: Met) -> Explained {
    let (Some(page), Some((path, column))) = (page, at) else {
        return plain;
    };
    // `latest[0].titel`: the item's place is a step.
    let steps: Vec<&str> = path.split(['.', '[', ']']).filter(|step| !step.is_empty()).collect();
    let Some((field, before)) = steps.split_last() else {
        return plain;
    };
    let said = if before.is_empty() {
        // `{{ contnet | safe }}`: a name the page does not have, said as without the filter.
        let told = (met != Met::NoField)
            .then(|| page.missing_variable(&path))
            .flatten()
            .and_then(|message| not_defined(&message));
        match told {
            Some(told) => told,
            None => return plain,
        }
    } else {
        match page.find(before) {
            // `article.updated.iso` on a page with no update: the field is there, and empty.
            Found::Empty => empty(&steps),
            // A loop's `a.titel | bdi`: a field of that spelling is nowhere on the page, and one
            // close to it is.
            Found::Absent
                if plain.message.contains(UNDEFINED)
                    && let Some(close) = page.closest_field(field) =>
            {
                Explained {
                    hint: Some(format!(
                        "did you mean `{}.{close}`? If `{path}` is an optional field, guard it with `{{% if {path} %}}`",
                        before.join(".")
                    )),
                    ..plain
                }
            }
            // A loop's `a.titel | upper`: the page's values do not tell; the hint names the path.
            Found::Absent if met == Met::GivenNothing => Explained {
                hint: Some(format!(
                    "`{path}` is undefined or empty here: check its spelling (docs/themes.md lists what each page has), or guard it with `{{% if {path} %}}`"
                )),
                ..plain
            },
            // A filter given an empty field is right as it is; given a misspelt one, the
            // misspelling is the mistake.
            Found::Fields(fields) if met == Met::Undefined || !fields.contains(field) && met == Met::GivenNothing => {
                let mut fields = fields;
                fields.sort_unstable();
                undefined(Some(&path), Some(&fields))
            }
            _ => return plain,
        }
    };
    Explained {
        column: Some(column),
        ..said
    }
}

/// Fields that are plain text from front matter or site.yaml, which `| safe` would write as
/// markup: a title `<script>…` would run.
const PLAIN_FIELDS: &[&str] = &[
    "title",
    "summary",
    "name",
    "page_title",
    "page_description",
    "description",
    "alt",
    "caption",
    "credit",
    "outlet",
    "role",
    "series",
    "display_date",
];

/// The values gazette renders as HTML, by their path in the default theme's templates, which
/// show their own tags as text without `| safe`.
const HTML_VALUES: &[&str] = &[
    "content",
    "background",
    "edition.intro",
    "item.note",
    "author.bio",
    "links.reading",
];

/// Warnings for a template's `{{ … | safe }}` of a plain-text field (`a.title | safe`: a title
/// with `<script>` runs; theme probe) and for an HTML value written without it (`{{ content }}`
/// shows the article's tags as text), each at its place. Only in the templates that are escaped
/// (`.html`, `.xml`), outside comments and `{% raw %}`; not for `extra` values, which are the
/// theme's own, nor after a filter that escapes (`| json_encode | safe`), nor for a name the
/// template sets itself (`{% set background = "#eee" %}`).
pub(super) fn safe_where_it_does_not_belong(source: &crate::source::load::TemplateSource) -> Vec<Diagnostic> {
    if !(source.name.ends_with(".html") || source.name.ends_with(".xml")) {
        return Vec::new();
    }
    let text = &source.text;
    let sets_itself = |name: &str| {
        tags_of(text).any(|(tag, rest)| match tag {
            "set" | "set_global" => rest.split(['=', ' ']).next() == Some(name),
            "for" => rest
                .split_once(" in ")
                .is_some_and(|(names, _)| names.split(',').any(|n| n.trim() == name)),
            _ => false,
        })
    };
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = ["{{", "{#", "{%"]
        .iter()
        .filter_map(|open| text[from..].find(open).map(|i| from + i))
        .min()
    {
        let rest = &text[at..];
        // Comments and raw blocks are passed over whole.
        if rest.starts_with("{#") || super::i18n::is_raw_tag(rest) {
            let close = if rest.starts_with("{#") { "#}" } else { "endraw" };
            from = rest[2..].find(close).map_or(text.len(), |i| at + 2 + i + close.len());
            continue;
        }
        if rest.starts_with("{%") {
            from = at + 2;
            continue;
        }
        let Some(end) = rest[2..].find("}}") else { break };
        from = at + 2 + end + 2;
        let inner = rest[2..2 + end].trim_matches(['-', ' ', '\t', '\n', '\r']);
        let mut parts = inner.split('|').map(str::trim);
        let value = parts.next().unwrap_or_default();
        let filters: Vec<&str> = parts.collect();
        let is_path = !value.is_empty()
            && value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '[' | ']'));
        if !is_path || value.starts_with("extra.") || value.contains(".extra.") {
            continue;
        }
        let field = value.rsplit('.').next().unwrap_or(value);
        let safe_at = filters.iter().position(|f| *f == "safe");
        let escaped_first = safe_at.is_some_and(|i| {
            filters[..i].iter().any(|f| {
                matches!(
                    f.split('(').next().unwrap_or_default().trim(),
                    "json_encode" | "escape" | "escape_xml"
                )
            })
        });
        if safe_at.is_some() && !escaped_first && PLAIN_FIELDS.contains(&field) {
            found.push(
                Diagnostic::warning(
                    &source.display,
                    Pos::of_offset(text, at),
                    format!("`{value}` is plain text: `| safe` writes its `<` and `&` as markup, so a `<script>` in it would run"),
                )
                .with_hint("remove `| safe`: plain text is escaped as it should be (only the HTML values THEMES.md, docs/themes.md in gazette's repository, marks take `| safe`)"),
            );
        } else if filters.is_empty() && HTML_VALUES.contains(&value) && !sets_itself(value) {
            found.push(
                Diagnostic::warning(
                    &source.display,
                    Pos::of_offset(text, at),
                    format!("`{value}` is HTML gazette made: written without `| safe`, its tags show as text"),
                )
                .with_hint(format!("write `{{{{ {value} | safe }}}}`")),
            );
        }
    }
    found
}

/// `{% for l in site.extra.links %}…{{ l.url }}` where the value looped over is text (or a map):
/// the loop goes through its characters (or keys), which have no field, and guarding `l` would
/// not help (theme probe: a `footer_links:` written as one line in site.yaml). `template` is the
/// template's text and the error's line; `at` the field's path and column.
fn loop_over_no_list(
    template: Option<(&str, usize)>,
    at: Option<&(String, usize)>,
    page: Option<&dyn PageValues>,
) -> Option<Explained> {
    let ((text, line), (path, column), page) = (template?, at?, page?);
    let (variable, field) = path.split_once('.')?;
    let field = field.split(['.', '[']).next()?;
    let line_end = offset_of(text, line + 1, 1).unwrap_or(text.len());
    let (_, looped) = tags_of(&text[..line_end])
        .filter(|(name, rest)| {
            *name == "for"
                && rest
                    .split_once(" in ")
                    .is_some_and(|(names, _)| names.split(',').any(|n| n.trim() == variable))
        })
        .last()?;
    let (names, expression) = looped.split_once(" in ")?;
    let expression = expression.split('|').next()?.trim();
    let steps: Vec<&str> = expression.split(['.', '[', ']']).filter(|s| !s.is_empty()).collect();
    let (message, hint) = match page.find(&steps) {
        Found::Text => (
            format!(
                "`{expression}` is text, not a list: the loop goes through its characters, and `{variable}`, one of them, has no field `{field}`"
            ),
            format!(
                "make `{expression}` a list where it is set (in YAML, one `- item` a line, each item with `{field}:`)"
            ),
        ),
        Found::Fields(_) if !names.contains(',') => (
            format!(
                "`{expression}` is a map, not a list: the loop goes through its keys, and `{variable}`, one of them, has no field `{field}`"
            ),
            format!(
                "write `{{% for key, value in {expression} %}}` to have each key and its value, or make `{expression}` a list where it is set"
            ),
        ),
        _ => return None,
    };
    Some(Explained {
        message,
        hint: Some(hint),
        column: Some(*column),
        line: None,
    })
}

/// What a value rendered while undefined is said to be.
const UNDEFINED: &str = "is undefined here";

/// The start of the message for a field a value does not have.
const NO_FIELD: &str = "this value has no field";

/// A field of a value that is empty on this page: `steps` are the path to the field
/// (`article`, `updated`, `iso`), whose next-to-last value is none.
fn empty(steps: &[&str]) -> Explained {
    let (field, before) = steps.split_last().map_or(("", &[][..]), |(f, b)| (*f, b));
    let value = before.join(".");
    Explained {
        message: format!("`{value}` is empty on this page, so it has no field `{field}`"),
        hint: Some(format!(
            "`{value}` is optional: guard it with `{{% if {value} %}}`, or give a fallback with `| default(value=\"\")`"
        )),
        column: None,
        line: None,
    }
}

/// A value rendered while undefined, reached by `path` (`article.titel`) when it is known, and
/// `fields`, the fields of the value before its last step when the page's values tell them: a
/// field that value lacks is said as Tera says it without a filter ("this value has no field"),
/// with the closest one; otherwise it is a misspelling or an optional field the page lacks.
fn undefined(path: Option<&str>, fields: Option<&[&str]>) -> Explained {
    let guard = "guard it with `{% if … %}`, or give a fallback with `| default(value=\"\")`";
    let field = path.and_then(|p| p.rsplit_once('.')).map(|(_, field)| field);
    if let (Some(field), Some(fields)) = (field, fields)
        && !fields.contains(&field)
    {
        let hint = match closest(field, fields.iter().copied()) {
            Some(close) => format!("did you mean `{close}`?"),
            None => format!("its fields are: {}", fields.join(", ")),
        };
        return Explained {
            message: format!("this value has no field `{field}`"),
            hint: Some(hint),
            column: None,
            line: None,
        };
    }
    let (message, hint) = match (path, fields) {
        // The field is there, and empty on this page.
        (Some(path), Some(_)) => (
            format!("`{path}` {UNDEFINED}: this page does not have this optional field"),
            guard.to_string(),
        ),
        // Not knowing which, the spelling comes first: a fallback would hide a misspelling.
        (Some(path), None) => (
            format!("`{path}` {UNDEFINED}: a misspelt name, or an optional field this page does not have"),
            format!(
                "check the spelling of `{path}` (docs/themes.md lists what each page has); if it is optional, guard it with `{{% if {path} %}}`"
            ),
        ),
        (None, _) => (
            format!("this value {UNDEFINED}: a misspelt name, or an optional field this page does not have"),
            "check the spelling (docs/themes.md lists what each page has); if it is optional, guard it with `{% if … %}`".to_string(),
        ),
    };
    Explained {
        message,
        hint: Some(hint),
        column: None,
        line: None,
    }
}

/// The variable or field path that starts the expression around 1-based `column` of `line`
/// (`article.titel` in `{{ article.titel | bdi }}`, where Tera reports the filter), with the
/// 1-based column of its last step (`titel`), where a message about that field belongs.
fn path_at(line: &str, column: usize) -> Option<(String, usize)> {
    let at = line
        .char_indices()
        .nth(column.checked_sub(1)?)
        .map_or(line.len(), |(i, _)| i);
    // The nearest tag before the column: on `<h1>{{ tag.name }}</h1>{% if tag.cuont > 1 %}`,
    // the `if`'s, not the expression before it (which took the blame: review).
    let open = line[..at].rfind("{{").max(line[..at].rfind("{%"))?;
    let expression = line[open + 2..].trim_start_matches(['-', ' ', '\t']);
    // The value a tag works on: `if X`, `elif X`, `set name = X`, `for item in X`.
    let expression = if let Some(rest) = expression.strip_prefix("set ") {
        rest.split_once('=').map_or(rest, |(_, value)| value)
    } else if let Some(rest) = expression.strip_prefix("for ") {
        rest.split_once(" in ").map_or(rest, |(_, value)| value)
    } else {
        ["if ", "elif "]
            .iter()
            .find_map(|keyword| expression.strip_prefix(keyword))
            .unwrap_or(expression)
    }
    .trim_start();
    let written = leading_path(expression);
    let path: String = written.chars().filter(|c| *c != '?').collect();
    let starts_as_name = path.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_');
    if !starts_as_name || path.ends_with('.') {
        return None;
    }
    // `expression` ends where `line` ends: its start is the line's length less its own.
    let last_step = line.len() - expression.len() + written.rfind('.').map_or(0, |i| i + 1);
    Some((path, line[..last_step].chars().count() + 1))
}

/// The path that starts `expression` as written (`latest[0].titel` of `latest[0].titel | upper`).
/// Optional chaining (`a.event_end?.iso`) reaches the same fields, and so does an item by its
/// place (`latest[0].title`); any other subscript ends the path.
fn leading_path(expression: &str) -> &str {
    let mut end = expression.len();
    let mut in_index = false;
    for (i, c) in expression.char_indices() {
        let goes_on = match c {
            '[' if !in_index => {
                in_index = true;
                expression[i + 1..].starts_with(|d: char| d.is_ascii_digit())
            }
            ']' if in_index => {
                in_index = false;
                true
            }
            c if in_index => c.is_ascii_digit(),
            c => c.is_alphanumeric() || matches!(c, '_' | '.' | '?'),
        };
        if !goes_on {
            end = i;
            break;
        }
    }
    &expression[..end]
}

/// The path given as the argument `argument` of the component call at or after 1-based `column`
/// of `line` (`lead.titel` of `<badge label={lead.titel}/>`), with the column of its last step.
fn component_argument(line: &str, column: usize, argument: &str) -> Option<(String, usize)> {
    let at = line
        .char_indices()
        .nth(column.checked_sub(1)?)
        .map_or(line.len(), |(i, _)| i);
    let given = format!("{argument}={{");
    let start = at + line[at..].find(&given)? + given.len();
    let expression = line[start..].trim_start();
    let start = line.len() - expression.len();
    let written = leading_path(expression);
    let path: String = written.chars().filter(|c| *c != '?').collect();
    if !path.starts_with(|c: char| c.is_alphabetic() || c == '_') || path.ends_with('.') {
        return None;
    }
    let last_step = start + written.rfind('.').map_or(0, |i| i + 1);
    Some((path, line[..last_step].chars().count() + 1))
}

fn explained(message: String, hint: Option<String>) -> Option<Explained> {
    Some(Explained {
        message,
        hint,
        column: None,
        line: None,
    })
}

/// Tera 1's ways with `include` and `extends` that Tera 2 refuses with a parser's message:
/// `ignore missing`, a template named by a variable, a tag that names no template.
fn include_habit(message: &str, line: &str, column: usize) -> Option<Explained> {
    if !message.starts_with("Found ") {
        return None;
    }
    let at = line
        .char_indices()
        .nth(column.checked_sub(1)?)
        .map_or(line.len(), |(i, _)| i);
    let open = line[..at].rfind("{%")?;
    let tag = line[open + 2..].trim_start_matches(['-', ' ', '\t']);
    let keyword = ["include", "extends"].into_iter().find(|k| tag.starts_with(k))?;
    let after = tag[keyword.len()..].trim_start();
    if keyword == "include" && after.contains("ignore missing") {
        return explained(
            "Tera 2 has no `ignore missing`: an include names a template that is there".to_string(),
            Some(
                "remove `ignore missing`; to show the part only sometimes, put the include inside `{% if … %}`"
                    .to_string(),
            ),
        );
    }
    if !message.ends_with("but expected string.") || after.starts_with(['"', '\'', '`']) {
        return None;
    }
    let example = if keyword == "include" {
        "partials/card.html"
    } else {
        "base.html"
    };
    let hint = if after.starts_with(['%', '-']) {
        format!("write the template's name in quotes: `{{% {keyword} \"{example}\" %}}`")
    } else {
        format!(
            "write the name itself, in quotes: `{{% {keyword} \"{example}\" %}}`; to choose between templates, put each {keyword} inside `{{% if … %}}`"
        )
    };
    explained(
        format!(
            "`{keyword}` takes the template's name in quotes, not a variable or nothing (Tera 2 reads it before any page's values)"
        ),
        Some(hint),
    )
}

/// `truncate(20)`: Tera 2 arguments are named, and the name is what Tera 1 habits leave out.
fn positional(line: &str, column: usize) -> Option<Explained> {
    let start = line.char_indices().nth(column.checked_sub(1)?).map(|(i, _)| i)?;
    let before = line[..start].trim_end().strip_suffix('(')?;
    let name = word_at(before, before.chars().count());
    // `upper( }}`: the parenthesis is left open, whatever the arguments.
    let rest = &line[start..];
    let tag_end = [rest.find("}}"), rest.find("%}")]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(rest.len());
    if !rest[..tag_end].contains(')') {
        return explained(
            format!("the `(` after `{name}` is never closed"),
            Some(format!(
                "close it (`{name}(name=value)`), or, for a filter without arguments, remove it (`| {name}`)"
            )),
        );
    }
    let arguments = arguments(rest);
    // `truncat(20)`: the name is the first thing wrong.
    let known = FILTERS.iter().chain(FUNCTIONS).chain(TESTS);
    if !known.clone().any(|k| *k == name)
        && let Some(close) = closest(&name, known.copied())
    {
        let call = match named_arguments(close, arguments.len()) {
            Some(names) => {
                let named: Vec<String> = names.iter().zip(&arguments).map(|(n, a)| format!("{n}={a}")).collect();
                format!(" Tera 2 names its arguments too: `{close}({})`", named.join(", "))
            }
            None => String::new(),
        };
        return explained(
            format!("there is no filter or function `{name}`"),
            Some(format!("did you mean `{close}`?{call}")),
        );
    }
    let (noun, call) = match named_arguments(&name, arguments.len()) {
        Some(names) if names.len() >= arguments.len() => {
            let named: Vec<String> = names.iter().zip(&arguments).map(|(n, a)| format!("{n}={a}")).collect();
            let noun = if named.len() == 1 {
                "a named argument"
            } else {
                "named arguments"
            };
            (noun, format!("{name}({})", named.join(", ")))
        }
        _ => ("named arguments", format!("{name}(name=value)")),
    };
    explained(
        format!("{name} takes {noun}: {call}"),
        Some("Tera 2 has no positional arguments: write each one as `name=value`".to_string()),
    )
}

/// The names of the arguments of the filters and functions that take some, for `count` given
/// without names: what `truncate(20)` means.
fn named_arguments(name: &str, count: usize) -> Option<&'static [&'static str]> {
    Some(match name {
        "truncate" => &["length", "end"],
        "default" => &["value"],
        "replace" => &["from", "to"],
        "trim" | "trim_start" | "trim_end" | "split" => &["pat"],
        "indent" => &["width"],
        "int" => &["base"],
        "nth" => &["n"],
        "join" => &["sep"],
        "sort" | "group_by" => &["attribute"],
        "get" => &["key", "default"],
        "pluralize" => &["plural"],
        "range" if count == 1 => &["end"],
        "range" => &["start", "end", "step_by"],
        _ => return None,
    })
}

/// `length=…, end=…` for a hint.
fn example(names: &[&str]) -> String {
    names.iter().map(|n| format!("{n}=…")).collect::<Vec<_>>().join(", ")
}

/// The arguments written in `text` up to its closing parenthesis, split at the commas between
/// them (not those inside quotes or brackets).
fn arguments(text: &str) -> Vec<String> {
    let (mut depth, mut quote, mut current, mut all) = (0usize, None, String::new(), Vec::new());
    for c in text.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'' | '`') => quote = Some(c),
            (None, '(' | '[' | '{') => depth += 1,
            (None, ')') if depth == 0 => break,
            (None, ')' | ']' | '}') => depth = depth.saturating_sub(1),
            (None, ',') if depth == 0 => {
                all.push(std::mem::take(&mut current).trim().to_string());
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    if !current.trim().is_empty() {
        all.push(current.trim().to_string());
    }
    all
}

/// A field asked of a value that has none (Tera names no fields it has): most often an optional
/// value that is empty on this page, such as a loop's `a.updated.human` on a card never
/// updated; `path` is the expression's path when the line tells it. It is said more surely when
/// the page's own values hold the path (`from_page`).
fn field_of_nothing(message: &str, path: Option<&str>) -> Option<Explained> {
    let name = between(message, "Field `", "` is not defined")?;
    if message.contains("Available fields: ") {
        return None;
    }
    let value = path
        .and_then(|p| p.strip_suffix(name)?.strip_suffix('.'))
        .map(str::to_string);
    let (message, guard) = match &value {
        Some(value) => (
            format!("`{value}` has no field `{name}` here: it is empty on this page, or a value without fields"),
            format!("an optional field is empty where it is absent: guard it with `{{% if {value} %}}`"),
        ),
        None => (
            format!("{NO_FIELD} `{name}`: it is empty on this page, or a value without fields"),
            "an optional field is empty where it is absent: guard it with `{% if … %}`".to_string(),
        ),
    };
    explained(
        message,
        Some(format!("{guard} (docs/themes.md lists what each page has)")),
    )
}

/// The variables every page of a language has besides its own (`render::new_tera`'s global
/// context), which Tera's list of a page's variables leaves out.
const GLOBALS: [&str; 3] = ["dir", "i18n", "lang"];

/// A word the theme's i18n files lack (`i18n.brand_cta`): where to add it, with the closest key
/// when one is close, not the list of every word the theme has.
fn missing_word(message: &str, path: &str) -> Option<Explained> {
    let key = path.strip_prefix("i18n.").filter(|key| !key.contains(['.', '[']))?;
    let name = between(message, "Field `", "` is not defined")?;
    if name != key {
        return None;
    }
    let listed = message
        .split_once("Available fields: ")
        .map_or("", |(_, list)| list.trim());
    let close = closest(key, listed.split(", ").filter(|k| !k.is_empty()))
        .map(|close| format!(", or correct its name: did you mean `{close}`?"))
        .unwrap_or_default();
    explained(
        format!("the theme's words have no key `{key}`"),
        Some(format!(
            "add `{key}: …` to the theme's i18n/en.yaml, and to its other languages' files{close}"
        )),
    )
}

/// A variable or a field the template asks for and the page does not have.
fn not_defined(message: &str) -> Option<Explained> {
    let (what, name, noun, available) = if let Some(name) = between(message, "Variable `", "` is not defined") {
        (
            "this page has no variable",
            name,
            "the variables here are",
            "Available variables: ",
        )
    } else {
        let name = between(message, "Field `", "` is not defined")?;
        (NO_FIELD, name, "its fields are", "Available fields: ")
    };
    let listed = message.split_once(available).map_or("", |(_, list)| list.trim());
    let mut known: Vec<&str> = listed.split(", ").filter(|k| !k.is_empty()).collect();
    // Tera lists the page's own variables; every page also has the language's (`new_tera`).
    if !known.is_empty() && what == "this page has no variable" {
        known.extend(GLOBALS);
        known.sort_unstable();
        known.dedup();
    }
    let hint = match closest(name, known.iter().copied()) {
        Some(close) => format!("did you mean `{close}`?"),
        None if known.is_empty() => "docs/themes.md lists what each page has".to_string(),
        None => format!("{noun}: {}", known.join(", ")),
    };
    explained(format!("{what} `{name}`"), Some(hint))
}

/// Tera 2's filters, and gazette's own (`bdi`: render::i18n; `json_encode`: render).
const FILTERS: &[&str] = &[
    "bdi",
    "safe",
    "default",
    "upper",
    "lower",
    "wordcount",
    "escape",
    "escape_html",
    "escape_xml",
    "newlines_to_br",
    "pluralize",
    "trim",
    "trim_start",
    "trim_end",
    "replace",
    "capitalize",
    "title",
    "truncate",
    "indent",
    "str",
    "int",
    "float",
    "length",
    "reverse",
    "split",
    "abs",
    "round",
    "first",
    "last",
    "nth",
    "join",
    "sort",
    "unique",
    "get",
    "values",
    "keys",
    "pairs",
    "group_by",
    "json_encode",
];

const TESTS: &[&str] = &[
    "string",
    "number",
    "map",
    "bool",
    "array",
    "integer",
    "float",
    "none",
    "iterable",
    "defined",
    "undefined",
    "odd",
    "even",
    "divisible_by",
    "starting_with",
    "ending_with",
    "containing",
];

/// Tera 2's functions, and gazette's own (`t`, `link`: render::i18n).
const FUNCTIONS: &[&str] = &["range", "throw", "t", "link"];

const TAGS: &[&str] = &[
    "if",
    "elif",
    "else",
    "endif",
    "for",
    "endfor",
    "break",
    "continue",
    "set",
    "set_global",
    "block",
    "endblock",
    "extends",
    "include",
    "raw",
    "endraw",
    "filter",
    "endfilter",
    "component",
    "endcomponent",
];

/// Tera's "Unknown tag" for a tag that exists but may not stand where it does: an end tag while
/// another tag is open (an `{% if %}` left open before `{% endblock %}`), an end tag with nothing
/// to close, `{% else %}` outside `if` and `for`. `template` is the template's text and
/// (`line`, `column`) where Tera stopped, at the tag's name. `None` when `word` is no tag.
fn misplaced_tag(word: &str, template: &str, line: usize, column: usize) -> Option<Explained> {
    if !TAGS.contains(&word) {
        return None;
    }
    let end = offset_of(template, line, column).unwrap_or(template.len());
    let open = open_tags(&template[..end]);
    let shown = |tag: &str| format!("{{% {tag} %}}");
    if let Some(closes) = word.strip_prefix("end") {
        let something_to_close = open.iter().any(|(tag, _)| tag == closes);
        return Some(match open.last() {
            Some((tag, at)) if something_to_close && tag.as_str() != closes => Explained {
                message: format!(
                    "{} comes while the {} opened at line {} is still open",
                    shown(word),
                    shown(tag),
                    at.line
                ),
                hint: Some(format!("close it with {} before this tag", shown(&format!("end{tag}")))),
                column: None,
                line: None,
            },
            // `{% endfor %}` where an `{% if %}` is open (theme probe): likely meant to close it.
            Some((tag, at)) if tag.as_str() != closes && matches!(tag.as_str(), "if" | "for" | "filter") => Explained {
                message: format!(
                    "{} closes nothing: no {} is open here, but the {} opened at line {} is",
                    shown(word),
                    shown(closes),
                    shown(tag),
                    at.line
                ),
                hint: Some(format!(
                    "write {} to close the {}, or remove this tag",
                    shown(&format!("end{tag}")),
                    shown(tag)
                )),
                column: None,
                line: None,
            },
            _ => Explained {
                message: format!("{} closes nothing: no {} is open here", shown(word), shown(closes)),
                hint: Some(format!("remove it, or open the {} it is meant to close", shown(closes))),
                column: None,
                line: None,
            },
        });
    }
    let inside = match word {
        "else" => "an `{% if %}` or a `{% for %}`",
        "elif" => "an `{% if %}`",
        "break" | "continue" => "a `{% for %}`",
        _ => return explained(format!("{} may not stand here", shown(word)), None),
    };
    explained(
        format!("{} stands outside {inside}", shown(word)),
        Some(format!("move it inside {inside}, or remove it")),
    )
}

/// The tags open at the end of `text` (a template's start), innermost last, each with where it
/// opens. `{% raw %}` hides tags up to its `{% endraw %}`; comments are skipped.
fn open_tags(text: &str) -> Vec<(String, Pos)> {
    const OPENING: [&str; 5] = ["if", "for", "block", "filter", "component"];
    let mut open: Vec<(String, Pos)> = Vec::new();
    let mut at = 0;
    while let Some(start) = text[at..].find("{%").map(|i| at + i) {
        let inside = text[start + 2..].trim_start_matches(['-', ' ', '\t', '\n', '\r']);
        let name: String = inside
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        at = start + 2;
        if name == "raw" {
            match text[at..].find("endraw") {
                Some(end) => at += end,
                None => break,
            }
            continue;
        }
        if OPENING.contains(&name.as_str()) {
            open.push((name, Pos::of_offset(text, start)));
        } else if let Some(closes) = name.strip_prefix("end")
            && let Some(i) = open.iter().rposition(|(tag, _)| tag == closes)
        {
            open.truncate(i);
        }
    }
    open
}

/// A syntax error that comes of a `{{` or `{%` left unclosed, which Tera reads on into the
/// text after it ("Found `</` but expected }}.", "Function calls are only allowed at the first
/// element of a chain" for `{{ tag.name (Atom)`), or of a template that ends while a comment
/// or a tag is open ("Unexpected end of input", which names nothing). `text` is the template,
/// and Tera stopped at 1-based (`line`, `column`).
/// Text outside the blocks of a template that extends another, which Tera reports where the
/// text starts, blanks and all (the end of the `extends` line): said at its first visible
/// character.
fn ignored_content(text: &str, line: usize, column: usize) -> Explained {
    let start = offset_of(text, line, column).unwrap_or(text.len()).min(text.len());
    let visible = text[start..]
        .char_indices()
        .find(|(_, c)| !c.is_whitespace())
        .map_or(start, |(i, _)| start + i);
    let at = Pos::of_offset(text, visible);
    Explained {
        message: "this text is outside every block of a template that extends another, so it would never be shown".to_string(),
        hint: Some("move it into a `{% block … %}` of the parent, or delete it; only `extends`, `block` and `component` stand outside blocks".to_string()),
        column: Some(at.column),
        line: Some(at.line),
    }
}

fn unclosed(message: &str, text: &str, line: usize, column: usize) -> Option<Explained> {
    if message.starts_with("Closing comment tag `#}` not found") {
        return explained(
            "this `{#` is never closed: the rest of the template is in the comment".to_string(),
            Some("add `#}` where the comment ends".to_string()),
        );
    }
    let end_of_input = message == "Unexpected end of input";
    // `{% if x %<p>` reads on as `x % <p>…`, the start of a component: "Components with body
    // content must use tag syntax" (theme probe), of a component nobody wrote.
    if !(end_of_input
        || message.starts_with("Found ")
        || message.starts_with("Function calls are only allowed")
        || message.starts_with("Components with body content must use tag syntax"))
    {
        return None;
    }
    let stop = offset_of(text, line, column).unwrap_or(text.len()).min(text.len());
    let opener = if end_of_input {
        first_unclosed(text)
    } else {
        last_opener(&text[..stop]).filter(|at| !is_closed(text, *at))
    };
    if let Some(at) = opener {
        return Some(unclosed_delimiter(text, at, stop, end_of_input));
    }
    if !end_of_input {
        return None;
    }
    let open = open_tags(text);
    let (tag, at) = open.last()?;
    let closers: Vec<String> = open.iter().rev().map(|(tag, at)| closer(text, tag, *at)).collect();
    let hint = match closers.as_slice() {
        [one] => format!("add `{one}` where the {tag} ends"),
        _ => format!("add `{}` where each ends, in this order", closers.join("`, then `")),
    };
    Some(Explained {
        message: format!(
            "`{}` is never closed: the template ends inside it",
            written_tag(text, *at)
        ),
        hint: Some(hint),
        column: Some(at.column),
        line: Some(at.line),
    })
}

/// The closing delimiter of `open` (`{{`, `{%`, `{#`).
fn closing(open: &str) -> &'static str {
    match open {
        "{%" => "%}",
        "{#" => "#}",
        _ => "}}",
    }
}

/// Whether the `{{`, `{%` or `{#` at byte `at` of `text` is closed before another `{{` or `{%`
/// opens (a comment: at all).
fn is_closed(text: &str, at: usize) -> bool {
    let Some(open) = text.get(at..at + 2) else {
        return true;
    };
    let body = &text[at + 2..];
    let Some(close) = body.find(closing(open)) else {
        return false;
    };
    open == "{#"
        || [body.find("{{"), body.find("{%")]
            .into_iter()
            .flatten()
            .all(|next| close < next)
}

/// The byte offset of the first `{{` or `{%` in `text`, or its length when it has none.
fn first_opener(text: &str) -> usize {
    [text.find("{{"), text.find("{%")]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(text.len())
}

/// The byte offset of the last `{{` or `{%` in `text`.
fn last_opener(text: &str) -> Option<usize> {
    [text.rfind("{{"), text.rfind("{%")].into_iter().flatten().max()
}

/// The byte offset of the first `{{`, `{%` or `{#` in `text` left unclosed (see `is_closed`),
/// skipping comments and what `{% raw %}` holds.
fn first_unclosed(text: &str) -> Option<usize> {
    let mut from = 0;
    loop {
        let at = ["{{", "{%", "{#"]
            .iter()
            .filter_map(|open| text[from..].find(open).map(|i| from + i))
            .min()?;
        if !is_closed(text, at) {
            return Some(at);
        }
        let open = &text[at..at + 2];
        let end = at + 2 + text[at + 2..].find(closing(open)).unwrap_or(0) + 2;
        from = match text[at + 2..end - 2].trim_matches(['-', ' ', '\t', '\n', '\r']) {
            "raw" if open == "{%" => match text[end..].find("endraw") {
                Some(i) => end + i,
                None => return None,
            },
            _ => end,
        };
    }
}

/// An unclosed `{{`, `{%` or `{#` at byte `at` of `text`, where Tera stopped at byte `stop`:
/// said at that place, with what is written between them, after which the closing goes; at the
/// end of the template, said at the delimiter itself.
fn unclosed_delimiter(text: &str, at: usize, stop: usize, end_of_input: bool) -> Explained {
    let open = &text[at..at + 2];
    let close = closing(open);
    let pos = Pos::of_offset(text, at);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    // Half a closing (`{% if topics %<aside …`, `{{ title }</h1>`): the fix is the other half,
    // there, whatever Tera read on to.
    let half = close.chars().next().unwrap_or('}');
    // Up to the next tag or expression, where this one must have ended.
    let inside = &text[at + 2..line_end];
    let inside = &inside[..first_opener(inside)];
    let halfway = inside.char_indices().find(|&(i, c)| {
        c == half
            && !inside[..i].ends_with(['}', '%'])
            && (inside[i + 1..].starts_with('<') || inside[i + 1..].trim().is_empty())
    });
    if open != "{#"
        && !end_of_input
        && let Some((i, _)) = halfway
    {
        let half_at = at + 2 + i;
        let fixed = format!("{} {close}", text[at..half_at].trim_end());
        let pos_half = Pos::of_offset(text, half_at);
        return Explained {
            message: format!(
                "the `{open}` at column {} is not closed: `{half}` lacks its other half",
                pos.column
            ),
            hint: Some(format!("write `{close}` there, as in `{fixed}`")),
            column: Some(pos_half.column),
            line: Some(pos_half.line),
        };
    }
    // Through the name Tera stopped at (`tag.name` in `{{ tag.name (Atom)`, a call to it).
    let end = if stop > at { stop.min(line_end) } else { line_end };
    let end = text[end..line_end]
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .map_or(line_end, |i| end + i);
    let written = text[at..end].trim_end();
    let written: String = if written.chars().count() > 40 {
        written.chars().take(40).chain("…".chars()).collect()
    } else {
        written.to_string()
    };
    let hint = if open == "{#" {
        format!("add `{close}` where the comment ends")
    } else {
        format!("add ` {close}` after `{written}`, as in `{written} {close}`")
    };
    let (message, line, column) = if end_of_input {
        (
            format!("this `{open}` is never closed: the template ends first"),
            Some(pos.line),
            Some(pos.column),
        )
    } else {
        // The caret goes where the closing belongs.
        let after = Pos::of_offset(text, end);
        (
            format!("the `{open}` at column {} is not closed", pos.column),
            Some(after.line),
            Some(after.column),
        )
    };
    Explained {
        message,
        hint: Some(hint),
        column,
        line,
    }
}

/// The tag that opens at `at` in `text`, as written up to its `%}` (`{% block content %}`).
fn written_tag(text: &str, at: Pos) -> String {
    let start = offset_of(text, at.line, at.column).unwrap_or(0);
    let end = text[start..].find("%}").map_or(text.len(), |i| start + i + 2);
    text[start..end].split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The tag that closes the `tag` opened at `at` in `text`: `{% endblock content %}` for a block
/// (with its name), `{% endif %}` for an `if`.
fn closer(text: &str, tag: &str, at: Pos) -> String {
    if tag == "block"
        && let Some(name) = written_tag(text, at)
            .split_whitespace()
            .skip_while(|word| !word.ends_with("block"))
            .nth(1)
            .filter(|name| *name != "%}" && *name != "-%}")
    {
        return format!("{{% endblock {name} %}}");
    }
    format!("{{% end{tag} %}}")
}

/// The byte offset of 1-based (`line`, `column`, in characters) in `text`.
fn offset_of(text: &str, line: usize, column: usize) -> Option<usize> {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n').nth(line - 2)?.0 + 1
    };
    let in_line = text[line_start..]
        .char_indices()
        .nth(column.checked_sub(1)?)
        .map_or(text.len() - line_start, |(i, _)| i);
    Some(line_start + in_line)
}

/// A filter, test, function, tag or template that does not exist.
fn unknown(message: &str, word: &str, templates: &[&str]) -> Option<Explained> {
    let (kind, name, known): (&str, &str, &[&str]) = if let Some(name) = between(message, "Unknown filter `", "`") {
        ("filter", name, FILTERS)
    } else if let Some(name) = between(message, "Unknown test `", "`") {
        ("test", name, TESTS)
    } else if let Some(name) = between(message, "Unknown function `", "`") {
        ("function", name, FUNCTIONS)
    } else if let Some(name) = between(message, "Unknown template `", "`") {
        // `card.html` for `partials/card.html` (theme probe): the same file in another folder
        // is what was meant, before any near miss.
        let file = name.rsplit('/').next().unwrap_or(name);
        let elsewhere: Vec<&str> = templates
            .iter()
            .copied()
            .filter(|t| *t != name && t.rsplit('/').next() == Some(file))
            .collect();
        if let Some(meant) = elsewhere.first() {
            return explained(
                format!("there is no template `{name}`"),
                Some(format!(
                    "did you mean `{meant}`? A template is named by its path in templates/"
                )),
            );
        }
        let near = crate::core::theme::near_templates(name, templates.iter().copied());
        return unknown_among("template", name, &near);
    } else if message == "Unknown tag" && !word.is_empty() {
        ("tag", word, TAGS)
    } else {
        return None;
    };
    unknown_among(kind, name, known)
}

/// "there is no filter `x`", with the closest of `known` or what there is.
fn unknown_among(kind: &str, name: &str, known: &[&str]) -> Option<Explained> {
    let hint = match (closest(name, known.iter().copied()), name) {
        (_, "macro" | "endmacro" | "import") => {
            "Tera 2 has no macros: use a component (see docs/themes.md)".to_string()
        }
        (_, "date") => {
            "Tera 2 has no `date` filter: dates come already formatted (see Date in docs/themes.md)".to_string()
        }
        (Some(close), _) => format!("did you mean `{close}`?"),
        (None, _) if kind == "template" => {
            "a template is looked for in the site's templates/ folder, then in the theme's".to_string()
        }
        (None, _) => format!("the {kind}s there are: {}", known.join(", ")),
    };
    explained(format!("there is no {kind} `{name}`"), Some(hint))
}

/// Tera's messages about a value an operator or a filter cannot take, which name Rust's types
/// (`u64`, `map/struct`): `length` of a number, `+` on text, `<` between a date and a number.
/// They are said with the value's path when the line shows it, and the usual fix; an undefined
/// right-hand side is said as any undefined value is (Tera reports the left-hand one's place).
fn operands(message: &str, line: Option<&str>, column: usize, page: Option<&dyn PageValues>) -> Option<Explained> {
    let line = line.unwrap_or_default();
    if let Some(rest) = message.strip_prefix("Value of type ") {
        return filter_given(rest, line, column);
    }
    if let Some(found) = message.strip_prefix("Math operations can only be done on numbers, found `") {
        let tera_type = found.strip_suffix('`')?;
        let value = match operand(line, column) {
            Some(left) => format!("`{}` is {}", left.path, type_name(tera_type)),
            None => format!("one side is {}", type_name(tera_type)),
        };
        return explained(
            format!("`-`, `*`, `/`, `//`, `%` and `**` work on numbers, but {value}"),
            Some("text that holds a number becomes one with `| int` or `| float`".to_string()),
        );
    }
    binary(message, line, column, page)
}

/// "Value of type u64 has no length" (`rest` is what follows "Value of type "), said of the
/// value given to the filter at 1-based `column` of `line`.
fn filter_given(rest: &str, line: &str, column: usize) -> Option<Explained> {
    let (tera_type, cannot) = rest.split_once(' ')?;
    let (what_is, hint) = match cannot {
        "has no length" => (
            "has no length",
            "`length` counts the characters of text or the items of a list or a map",
        ),
        "cannot be reversed" => ("cannot be reversed", "`reverse` turns text or a list back to front"),
        "cannot be converted to an int" | "cannot be converted to a float" => (
            "is no number",
            "`int` and `float` take text that holds a number, or a number",
        ),
        _ => return None,
    };
    let value = match filtered_path(line, column) {
        Some(path) => format!("`{path}` is {}", type_name(tera_type)),
        None => format!(
            "the value given to `{}` is {}",
            word_at(line, column),
            type_name(tera_type)
        ),
    };
    explained(format!("{value}, which {what_is}"), Some(hint.to_string()))
}

/// `+` or a comparison between values it cannot take, reported at the left-hand side's
/// 1-based `column` of `line`.
fn binary(message: &str, line: &str, column: usize, page: Option<&dyn PageValues>) -> Option<Explained> {
    let (operator, types) =
        if let Some(types) = message.strip_prefix("`+` requires both operands to be numbers, found `") {
            ("+", types.strip_suffix('`')?.split_once("` and `")?)
        } else {
            let types = message.strip_prefix("Cannot compare `")?;
            ("<", types.strip_suffix('`')?.split_once("` with `")?)
        };
    // Each side is named when it is a path standing alone beside the operator (not the end of
    // `x ~ y`, which Tera adds as a whole).
    let right_at = token_end(line, column).and_then(|end| after_operator(line, end));
    let left = operand(line, column).filter(|_| right_at.is_some());
    let right = right_at
        .and_then(|at| operand(line, at))
        .filter(|right| ends_expression(line, right.end));
    if types.1 == "undefined" {
        let at = right.map(|right| (right.path, right.last_step));
        let path = at.as_ref().map(|(path, _)| path.clone());
        return Some(from_page(undefined(path.as_deref(), None), page, at, Met::Undefined));
    }
    let side = |operand: Option<&Operand>, tera_type: &str, which: &str| {
        let is = match tera_type {
            "none" => "empty on this page".to_string(),
            other => type_name(other),
        };
        match operand {
            Some(operand) => format!("`{}` is {is}", operand.path),
            None => format!("the {which} side is {is}"),
        }
    };
    let sides = if left.is_none() && right.is_none() && types.0 == types.1 {
        format!("both sides are {}", type_name(types.0))
    } else {
        format!(
            "{} and {}",
            side(left.as_ref(), types.0, "left"),
            side(right.as_ref(), types.1, "right")
        )
    };
    let maps = types.0 == "map/struct" || types.1 == "map/struct";
    let (message, hint) = if operator == "+" {
        let hint = if types.0 == "string" || types.1 == "string" {
            "to join text, write `~` (`a ~ \" \" ~ b`); `~` binds more tightly than `+`, so `x ~ y + z` adds `z` to `x ~ y`: write `~` throughout"
        } else {
            "text that holds a number becomes one with `| int` or `| float`"
        };
        (format!("`+` adds numbers, but {sides}"), hint)
    } else if maps {
        (
            format!("{sides}: `<`, `>`, `<=` and `>=` compare two numbers or two texts"),
            "compare one of the map's fields: a date's `.iso` compares in date order (`a.date.iso >= \"2024-06-01\"`)",
        )
    } else {
        let hint = if types.0 == "array" || types.1 == "array" {
            "compare the number of its items: `xs | length > 3`"
        } else if types.0 == "none" || types.1 == "none" {
            "an optional value is empty where it is absent: guard it with `{% if … %}`"
        } else {
            "text that holds a number becomes one with `| int` or `| float`"
        };
        (
            format!("{sides}: `<`, `>`, `<=` and `>=` compare two numbers or two texts"),
            hint,
        )
    };
    explained(message, Some(hint.to_string()))
}

/// A name or a path written in a template line, and the 1-based columns of its last step and
/// of the first character after it.
struct Operand {
    path: String,
    last_step: usize,
    end: usize,
}

/// The path written at 1-based `column` of `line` (spaces before it skipped), when one is.
fn operand(line: &str, column: usize) -> Option<Operand> {
    let chars: Vec<char> = line.chars().collect();
    let mut start = column.checked_sub(1)?;
    while chars.get(start).is_some_and(|c| c.is_whitespace()) {
        start += 1;
    }
    if !chars.get(start).is_some_and(|c| c.is_alphabetic() || *c == '_') {
        return None;
    }
    let length = chars[start..]
        .iter()
        .position(|c| !(c.is_alphanumeric() || matches!(c, '_' | '.' | '?')))
        .unwrap_or(chars.len() - start);
    let written: String = chars[start..start + length].iter().collect();
    if written.ends_with('.') || written.ends_with('?') {
        return None;
    }
    let last_step = written.rfind('.').map_or(0, |i| written[..=i].chars().count());
    let path: String = written.chars().filter(|c| *c != '?').collect();
    // `not`, `and`, `true` are words, not values.
    if matches!(
        path.as_str(),
        "not" | "and" | "or" | "in" | "is" | "true" | "false" | "none"
    ) {
        return None;
    }
    Some(Operand {
        path,
        last_step: start + last_step + 1,
        end: start + length + 1,
    })
}

/// Whether the expression ends at 1-based column `end` (spaces skipped): in `a + b ~ "x"`, `b`
/// is not the right-hand side of `+`, which is `b ~ "x"` (`~` binds first).
fn ends_expression(line: &str, end: usize) -> bool {
    let rest: String = line.chars().skip(end.saturating_sub(1)).collect();
    let rest = rest.trim_start();
    rest.is_empty()
        || ["}}", "%}", "-}}", "-%}", ")", ",", "and ", "or "]
            .iter()
            .any(|e| rest.starts_with(e))
}

/// The 1-based column after the path, number or quoted text written at 1-based `column`.
fn token_end(line: &str, column: usize) -> Option<usize> {
    if let Some(path) = operand(line, column) {
        return Some(path.end);
    }
    let chars: Vec<char> = line.chars().collect();
    let start = column.checked_sub(1)?;
    let first = *chars.get(start)?;
    let length = if first == '"' || first == '\'' || first == '`' {
        chars[start + 1..].iter().position(|c| *c == first)? + 2
    } else {
        chars[start..]
            .iter()
            .position(|c| !(c.is_ascii_digit() || *c == '.'))
            .unwrap_or(chars.len() - start)
    };
    (length > 0).then_some(column + length)
}

/// The 1-based column after the `+` or comparison that is the next thing written from 1-based
/// column `end` (spaces skipped), when it is.
fn after_operator(line: &str, end: usize) -> Option<usize> {
    let rest: String = line.chars().skip(end.checked_sub(1)?).collect();
    let trimmed = rest.trim_start();
    let operator = ["<=", ">=", "<", ">", "+"]
        .into_iter()
        .find(|op| trimmed.starts_with(op))?;
    Some(end + rest.chars().count() - trimmed.chars().count() + operator.chars().count())
}

/// The path a filter at 1-based `column` of `line` is given directly (`a.n` in `{{ a.n | length
/// }}`, not in `{{ a.n | upper | length }}`).
fn filtered_path(line: &str, column: usize) -> Option<String> {
    let (path, last_step) = path_at(line, column)?;
    let last = path.rsplit('.').next().unwrap_or(&path);
    let between: String = line
        .chars()
        .skip(last_step - 1 + last.chars().count())
        .take(column.checked_sub(last_step + last.chars().count())?)
        .collect();
    (between.trim() == "|").then_some(path)
}

/// `translations.0`: Tera 2 takes an item by its position in brackets, and reads `.0` as a
/// number where a field's name should be. `column` is at the digits.
fn dotted_index(line: &str, column: usize) -> Option<Explained> {
    let chars: Vec<char> = line.chars().collect();
    let at = column.checked_sub(1)?;
    let digits: String = chars.get(at..)?.iter().take_while(|c| c.is_ascii_digit()).collect();
    if digits.is_empty() || chars.get(at.checked_sub(1)?) != Some(&'.') {
        return None;
    }
    let before = &chars[..at - 1];
    let start = before
        .iter()
        .rposition(|c| !(c.is_alphanumeric() || matches!(c, '_' | '.')))
        .map_or(0, |i| i + 1);
    let path: String = before[start..].iter().collect();
    if path.is_empty() {
        return None;
    }
    explained(
        format!("`{path}.{digits}`: an item of a list is taken by its position in brackets"),
        Some(format!("write `{path}[{digits}]`")),
    )
}

/// A value of the wrong type given to a filter or function.
fn wrong_type(message: &str) -> Option<Explained> {
    let rest = message.strip_prefix("Invalid type for the value, expected `")?;
    let (expected, got) = rest.split_once("` but got `")?;
    let got = got.strip_suffix('`')?;
    explained(
        format!(
            "a filter or function here is given {}, but it needs {}",
            type_name(got),
            type_name(expected)
        ),
        Some("check the value before each `|` and the arguments in this expression".to_string()),
    )
}

/// A Rust or Tera type name in words.
fn type_name(name: &str) -> String {
    match name {
        "usize" | "u8" | "u16" | "u32" | "u64" | "u128" | "isize" | "i8" | "i16" | "i32" | "i64" | "i128" => {
            "a whole number".to_string()
        }
        "f32" | "f64" | "number" => "a number".to_string(),
        "string" | "&str" | "String" | "str" => "text".to_string(),
        "&[Value]" | "array" | "Vec<Value>" => "a list".to_string(),
        "&Map" | "map" | "Map" | "map/struct" => "a map".to_string(),
        "bool" => "`true` or `false`".to_string(),
        "none" | "undefined" => "nothing".to_string(),
        other => format!("`{other}`"),
    }
}

/// The text of `message` between `start` and the next `end`.
fn between<'a>(message: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let rest = message.split_once(start)?.1;
    Some(rest.split_once(end)?.0)
}

/// Tera's "Found `}}` but expected one of: integer, float, string, bool, ident, …": a value is
/// missing where the expression stops, after an operator (`{{ a + }}`), a comma or an opening
/// bracket. Said by what is written before it.
fn missing_value(message: &str, line: &str, column: usize) -> Option<Explained> {
    let found = between(message, "Found `", "` but expected one of: ")?;
    if !message.contains(" ident,") {
        return None;
    }
    let before: String = line.chars().take(column.saturating_sub(1)).collect();
    let before = before.trim_end();
    const OPERATORS: &[&str] = &[
        "==", "!=", ">=", "<=", "and", "or", "not", "in", "+", "-", "*", "/", "%", "~", "<", ">", ",", "(", "[", "=",
    ];
    let operator = OPERATORS.iter().find(|op| {
        before.ends_with(**op)
            && (!op.chars().all(char::is_alphabetic)
                || !before[..before.len() - op.len()].ends_with(|c: char| c.is_alphanumeric() || c == '_'))
    })?;
    let (message, hint) = match *operator {
        "," => (
            "a value is missing after this `,`".to_string(),
            "write the next value after the comma, or remove the comma".to_string(),
        ),
        "(" | "[" | "=" => (
            format!("a value is missing after `{operator}`, where `{found}` is"),
            "write the value there".to_string(),
        ),
        "+" => (
            format!("`+` needs a value after it, and `{found}` comes first"),
            "write the value after `+`; to join text, use `~` (`{{ article.title ~ \" – \" ~ site.title }}`)"
                .to_string(),
        ),
        _ => (
            format!("`{operator}` needs a value after it, and `{found}` comes first"),
            format!("write the value after `{operator}`, or remove the `{operator}`"),
        ),
    };
    explained(message, Some(hint))
}

/// The identifier that the 1-based `column` of `line` is in (or ends just before it).
fn word_at(line: &str, column: usize) -> String {
    let chars: Vec<char> = line.chars().collect();
    let is_word = |c: &char| c.is_alphanumeric() || *c == '_';
    let at = column.saturating_sub(1).min(chars.len());
    let start = chars[..at].iter().rposition(|c| !is_word(c)).map_or(0, |i| i + 1);
    let end = chars[at..]
        .iter()
        .position(|c| !is_word(c))
        .map_or(chars.len(), |i| at + i);
    chars[start..end].iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression (theme probe, session 24): a component given an undefined value was Tera's
    /// "Component argument `label` (type: `undefined`) does not match expected type", which
    /// names neither the value nor its misspelling.
    #[test]
    fn an_undefined_component_argument_is_said_by_its_path() {
        let line = "<p>{{ <badge label={lead.titel}/> }}</p>";
        assert_eq!(
            component_argument(line, 7, "label"),
            Some(("lead.titel".to_string(), 26))
        );
        let said = says(
            "Component argument `label` (type: `undefined`) does not match expected type: `string`",
            line,
            7,
        );
        assert!(said.0.starts_with("`lead.titel` is undefined here"), "{said:?}");
    }

    /// Regression (theme probe, session 24): Tera 1's `ignore missing`, a template named by a
    /// variable and an empty `extends` got Tera's parser message alone.
    #[test]
    fn tera_1_ways_with_include_and_extends_are_told_in_tera_2_terms() {
        let line = "{%- include \"partials/x.html\" ignore missing %}";
        let said = says("Found identifier but expected %}.", line, 32);
        assert_eq!(
            said.0,
            "Tera 2 has no `ignore missing`: an include names a template that is there"
        );
        let line = "{% set p = \"partials/pagination.html\" %}{%- include p %}";
        let said = says("Found identifier but expected string.", line, 53);
        assert!(
            said.0.starts_with("`include` takes the template's name in quotes"),
            "{said:?}"
        );
        assert!(said.1.unwrap().contains("put each include inside `{% if … %}`"));
        let said = says("Found `%}` but expected string.", "{% extends %}", 12);
        assert_eq!(
            said.1.as_deref(),
            Some("write the template's name in quotes: `{% extends \"base.html\" %}`")
        );
    }

    /// The path `path_at` finds, without its column.
    fn undefined_path(line: &str, column: usize) -> Option<String> {
        path_at(line, column).map(|(path, _)| path)
    }

    fn says(message: &str, line: &str, column: usize) -> (String, Option<String>) {
        let explained =
            explain(message, Some(line), column, None, &["base.html", "article.html"], None).expect("explained");
        (explained.message, explained.hint)
    }

    #[test]
    fn a_positional_argument_gets_its_name() {
        let line = "{{ article.title | truncate(20) }}";
        assert_eq!(
            says("Found integer but expected identifier.", line, 29).0,
            "truncate takes a named argument: truncate(length=20)"
        );
        let line = r#"{{ x | replace("a", "b, c") }}"#;
        assert_eq!(
            says("Found string but expected identifier.", line, 16).0,
            r#"replace takes named arguments: replace(from="a", to="b, c")"#
        );
        assert_eq!(
            says("Found integer but expected identifier.", "{{ x | round(2) }}", 14).0,
            "round takes named arguments: round(name=value)"
        );
        // Regression (session 33's theme probe): `upper( }}` was "upper takes named arguments";
        // its parenthesis is left open.
        assert_eq!(
            says(
                "Found `}}` but expected identifier.",
                "<style>.a { color: {{ accent | upper( }}; }</style>",
                38
            )
            .0,
            "the `(` after `upper` is never closed"
        );
        // Regression: a misspelt name with a positional argument was told only about the
        // argument, not the name.
        assert_eq!(
            says("Found integer but expected identifier.", "{{ x | truncat(20) }}", 16),
            (
                "there is no filter or function `truncat`".to_string(),
                Some("did you mean `truncate`? Tera 2 names its arguments too: `truncate(length=20)`".to_string())
            )
        );
    }

    #[test]
    fn unknown_names_get_the_closest_one() {
        let line = "{{ article.title | truncat(length=20) }}";
        assert_eq!(
            says("Unknown filter `truncat`", line, 20),
            (
                "there is no filter `truncat`".to_string(),
                Some("did you mean `truncate`?".to_string())
            )
        );
        assert_eq!(
            says("Unknown tag", "{% if x %}y{% endfi %}", 15).1.as_deref(),
            Some("did you mean `endif`?")
        );
        assert_eq!(
            says("Unknown template `artcle.html`", r#"{% include "artcle.html" %}"#, 12)
                .1
                .as_deref(),
            Some("did you mean `article.html`?")
        );
        assert!(
            says("Unknown filter `date`", "{{ x | date }}", 8)
                .1
                .unwrap()
                .contains("already formatted")
        );
    }

    /// Regression: an `{% if %}` left open before `{% endblock %}` was "there is no tag
    /// `endblock`: did you mean `endblock`?", and a stray `{% endif %}` the same.
    #[test]
    fn a_tag_that_exists_but_stands_in_the_wrong_place_is_said_so() {
        let template = "{% block content %}\n<p>{% if x %}y</p>\n{% endblock content %}\n";
        let said = misplaced_tag("endblock", template, 3, 4).unwrap();
        assert_eq!(
            said.message,
            "{% endblock %} comes while the {% if %} opened at line 2 is still open"
        );
        assert_eq!(said.hint.as_deref(), Some("close it with {% endif %} before this tag"));
        let stray = "{% block head %}{% endif %}\n{% endblock head %}\n";
        let said = misplaced_tag("endif", stray, 1, 20).unwrap();
        assert_eq!(said.message, "{% endif %} closes nothing: no {% if %} is open here");
        // A closed `if`, and one inside `raw`, are not open.
        let closed = "{% block b %}{% if x %}{% endif %}{% raw %}{% if %}{% endraw %}{% endif %}";
        let column = closed.rfind("endif").unwrap() + 1;
        let said = misplaced_tag("endif", closed, 1, column).unwrap();
        assert_eq!(said.message, "{% endif %} closes nothing: no {% if %} is open here");
        // Theme probe: an `{% endfor %}` for an open `{% if %}` says the `if` is open.
        let crossed = "{% block b %}\n{% if x %}y\n{% endfor %}";
        let said = misplaced_tag("endfor", crossed, 3, 4).unwrap();
        assert_eq!(
            said.message,
            "{% endfor %} closes nothing: no {% for %} is open here, but the {% if %} opened at line 2 is"
        );
        assert_eq!(
            said.hint.as_deref(),
            Some("write {% endif %} to close the {% if %}, or remove this tag")
        );
        assert_eq!(
            misplaced_tag("else", "{% else %}", 1, 4).unwrap().message,
            "{% else %} stands outside an `{% if %}` or a `{% for %}`"
        );
        assert!(misplaced_tag("endfi", "{% endfi %}", 1, 4).is_none());
    }

    #[test]
    fn a_missing_variable_or_field_names_the_close_one() {
        let message = "Field `titel` is not defined. Available fields: date, summary, title, url";
        assert_eq!(
            says(message, "{{ a.titel }}", 6),
            (
                "this value has no field `titel`".to_string(),
                Some("did you mean `title`?".to_string())
            )
        );
        let message = "Variable `tag_name` is not defined. Available variables: articles, site, tag";
        assert_eq!(
            says(message, "{{ tag_name }}", 4).1.as_deref(),
            Some("the variables here are: articles, dir, i18n, lang, site, tag")
        );
    }

    /// Regression: `{{ article.titel | bdi }}` was "the page does not have this optional field",
    /// with no suggestion, where `{{ article.titel }}` got "did you mean `title`?".
    #[test]
    fn an_undefined_value_is_said_by_its_path_and_the_fields_beside_it() {
        assert_eq!(
            undefined_path("<h1>{{ article.titel | bdi }}</h1>", 28).as_deref(),
            Some("article.titel")
        );
        assert_eq!(
            undefined_path("{% if page.extra.x %}{{- item.name }}", 30).as_deref(),
            Some("item.name")
        );
        assert_eq!(undefined_path("{{ \"text\" | bdi }}", 12), None);
        assert_eq!(
            undefined_path("{% for t in article.tag %}", 4).as_deref(),
            Some("article.tag")
        );
        assert_eq!(
            undefined_path("{% set level = card_levl + 1 %}", 4).as_deref(),
            Some("card_levl")
        );
        // The caret goes to the field, not to the filter Tera reports.
        assert_eq!(
            path_at("<h1>{{ article.titel | bdi }}</h1>", 28),
            Some(("article.titel".to_string(), 16))
        );
        assert_eq!(
            undefined_path("{{ a.event_end?.iso }}", 4).as_deref(),
            Some("a.event_end.iso")
        );
        // Regression (theme probe, session 24): the path stopped at `[`, so a misspelt field of
        // `latest[0]` blamed `latest`, which the page has. An item by its place is a step; any
        // other subscript ends the path.
        assert_eq!(
            path_at("<p>{{ latest[0].titel }}</p>", 17),
            Some(("latest[0].titel".to_string(), 17))
        );
        assert_eq!(undefined_path("{{ xs[i].name }}", 4).as_deref(), Some("xs"));
        // Regression (session 33's theme probe): a misspelt field in an `if` or `for` after an
        // expression on the same line blamed that expression (`tag.name`, which the page has).
        assert_eq!(
            path_at("<h1>{{ tag.name }}</h1>{% if tag.cuont > 1 %}many{% endif %}", 30),
            Some(("tag.cuont".to_string(), 34))
        );
        assert_eq!(
            path_at("{{ page_title }}{% for t in topcs %}", 28),
            Some(("topcs".to_string(), 29))
        );
        let fields = ["date", "summary", "title"];
        let misspelt = undefined(Some("article.titel"), Some(&fields));
        assert_eq!(misspelt.message, "this value has no field `titel`");
        assert_eq!(misspelt.hint.as_deref(), Some("did you mean `title`?"));
        let optional = undefined(Some("article.summary"), Some(&fields));
        assert_eq!(
            optional.message,
            "`article.summary` is undefined here: this page does not have this optional field"
        );
        // Without the page's values (a loop's variable), both are said.
        let unknown = says(
            "Tried to render a variable that is undefined",
            "{{ item.nme | bdi }}",
            13,
        );
        assert_eq!(
            unknown.0,
            "`item.nme` is undefined here: a misspelt name, or an optional field this page does not have"
        );
        // A loop's value that is empty on some card: Tera names no fields it has.
        let nothing = says("Field `human` is not defined", "{{ a.updated.human }}", 15);
        assert_eq!(
            nothing.0,
            "`a.updated` has no field `human` here: it is empty on this page, or a value without fields"
        );
        assert!(nothing.1.unwrap_or_default().contains("`{% if a.updated %}`"));
        let empty = empty(&["article", "updated", "iso"]);
        assert_eq!(
            empty.message,
            "`article.updated` is empty on this page, so it has no field `iso`"
        );
    }

    /// Regression: Tera's own messages named Rust's types and no fix ("Value of type u64 has no
    /// length", "`+` requires both operands to be numbers, found `string` and `i64`", "Cannot
    /// compare `map/struct` with `i64`", "Found float but expected identifier.").
    #[test]
    fn an_operator_or_filter_given_the_wrong_kind_of_value_is_said_in_words_with_the_fix() {
        let (message, hint) = says(
            "Value of type u64 has no length",
            "{{ a.reading_minutes | length }}",
            24,
        );
        assert_eq!(message, "`a.reading_minutes` is a whole number, which has no length");
        assert!(hint.unwrap().contains("the items of a list"));
        // Not the value given directly: the path is not named.
        assert_eq!(
            says("Value of type u64 has no length", "{{ a.n | abs | length }}", 16).0,
            "the value given to `length` is a whole number, which has no length"
        );
        let (message, hint) = says(
            "`+` requires both operands to be numbers, found `string` and `i64`",
            "{{ a.reading_time + 1 }}",
            4,
        );
        assert_eq!(
            message,
            "`+` adds numbers, but `a.reading_time` is text and the right side is a whole number"
        );
        assert!(hint.unwrap().contains("write `~`"));
        // `x ~ y + z`: the left side is the whole `x ~ y`, so no path is named for it.
        assert_eq!(
            says(
                "`+` requires both operands to be numbers, found `string` and `string`",
                r#"{{ tag.name ~ " (" ~ tag.count + " briefings)" }}"#,
                4
            )
            .0,
            "`+` adds numbers, but both sides are text"
        );
        assert_eq!(
            says(
                "Math operations can only be done on numbers, found `string`",
                "{{ a.reading_time - 1 }}",
                4
            )
            .0,
            "`-`, `*`, `/`, `//`, `%` and `**` work on numbers, but `a.reading_time` is text"
        );
        let (message, hint) = says("Cannot compare `map/struct` with `i64`", "{% if a.date > 3 %}", 7);
        assert_eq!(
            message,
            "`a.date` is a map and the right side is a whole number: `<`, `>`, `<=` and `>=` compare two numbers or two texts"
        );
        assert!(hint.unwrap().contains("`.iso`"));
        assert_eq!(
            says(
                "Cannot compare `string` with `none`",
                "{% if a.date.iso > a.updated %}",
                7
            )
            .0,
            "`a.date.iso` is text and `a.updated` is empty on this page: `<`, `>`, `<=` and `>=` compare two numbers or two texts"
        );
        // An undefined right-hand side is named, though Tera reports the left-hand side's place.
        assert_eq!(
            says(
                "`+` requires both operands to be numbers, found `i64` and `undefined`",
                "{{ 1 + a.reading_tme }}",
                4
            )
            .0,
            "`a.reading_tme` is undefined here: a misspelt name, or an optional field this page does not have"
        );
        assert_eq!(
            says(
                "Found float but expected identifier.",
                r#"<a href="{{ translations.0.url }}">"#,
                26
            ),
            (
                "`translations.0`: an item of a list is taken by its position in brackets".to_string(),
                Some("write `translations[0]`".to_string())
            )
        );
    }

    /// Regression (review): in `a + b ~ "x"` the right-hand side of `+` is `b ~ "x"`, and `b`
    /// was named as text; a multibyte character before `xs.0` could make `dotted_index` panic.
    #[test]
    fn the_right_hand_side_is_named_only_when_it_stands_alone() {
        // `~` binds first: the right-hand side of `+` is `b ~ "x"`, not `b`.
        assert_eq!(
            says(
                "`+` requires both operands to be numbers, found `i64` and `string`",
                r#"{{ a.n + b.n ~ "x" }}"#,
                4
            )
            .0,
            "`+` adds numbers, but `a.n` is a whole number and the right side is text"
        );
        // No panic on a multibyte character before the path (review).
        assert!(dotted_index("é·xs.0", 6).is_some());
    }

    #[test]
    fn a_wrong_type_or_missing_argument_is_said_in_words() {
        assert_eq!(
            says(
                "Invalid type for the value, expected `usize` but got `string`",
                "{{ x }}",
                4
            )
            .0,
            "a filter or function here is given text, but it needs a whole number"
        );
        assert_eq!(
            says("Missing keyword argument `to`", r#"{{ x | replace(from="a") }}"#, 8),
            (
                "`replace` needs the named argument `to`".to_string(),
                Some("add `to=…` inside the parentheses, as in `replace(from=…, to=…)`".to_string())
            )
        );
    }

    /// The diagnostics of compiling `templates` (name, where it is, text) as a theme would be.
    fn compiled(templates: &[(&str, &str, &str)]) -> Vec<String> {
        let sources: Vec<crate::source::load::TemplateSource> = templates
            .iter()
            .map(|(name, display, text)| crate::source::load::TemplateSource {
                name: name.to_string(),
                display: display.into(),
                text: text.to_string(),
            })
            .collect();
        let i18n = super::super::i18n::I18n::new("en", &[], "themes/default/i18n").0;
        super::super::compile(&sources, std::sync::Arc::new(i18n))
            .diagnostics
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    /// Theme probe: `{% include "card.html" %}` for the theme's `partials/card.html` got no
    /// "did you mean": a template is named by its path, and the folder was left out.
    #[test]
    fn an_include_without_its_folder_is_told_the_template_in_the_folder() {
        let said = compiled(&[
            ("a.html", "templates/a.html", "<main>{% include \"card.html\" %}</main>"),
            ("partials/card.html", "templates/partials/card.html", "<p>card</p>"),
        ]);
        assert!(
            said.iter()
                .any(|d| d.contains("error: there is no template `card.html`")
                    && d.contains("did you mean `partials/card.html`?")),
            "{said:?}"
        );
    }

    /// Regression: a `{% block %}` left open was "template error: Unexpected end of input", at
    /// the line after the template's last, with no hint.
    #[test]
    fn a_template_that_ends_inside_a_block_names_the_block_and_its_end_tag() {
        let tag = "{% extends \"base.html\" %}\n{% block head %}h{% endblock head %}\n{% block content %}\n<h1>{{ tag.name }}</h1>\n";
        let base = "{% block head %}{% endblock head %}{% block content %}{% endblock content %}";
        let said = compiled(&[
            ("tag.html", "templates/tag.html", tag),
            ("base.html", "<embedded theme>/templates/base.html", base),
        ]);
        assert_eq!(
            said,
            [
                "templates/tag.html:3:1: error: `{% block content %}` is never closed: the template ends inside it\n  = help: add `{% endblock content %}` where the block ends"
            ]
        );
        // Several open: each end tag, innermost first.
        let said = compiled(&[("a.html", "a.html", "{% block b %}\n{%- if x -%}\ny\n")]);
        assert_eq!(
            said,
            [
                "a.html:2:1: error: `{%- if x -%}` is never closed: the template ends inside it\n  = help: add `{% endif %}`, then `{% endblock b %}` where each ends, in this order"
            ]
        );
        // A comment or an expression left open at the end.
        let said = compiled(&[("a.html", "a.html", "<p>\n{# note\n")]);
        assert_eq!(
            said,
            [
                "a.html:2:1: error: this `{#` is never closed: the rest of the template is in the comment\n  = help: add `#}` where the comment ends"
            ]
        );
        let said = compiled(&[("a.html", "a.html", "{% raw %}{{{% endraw %}<p>{{ x\n")]);
        assert_eq!(
            said,
            [
                "a.html:1:27: error: this `{{` is never closed: the template ends first\n  = help: add ` }}` after `{{ x`, as in `{{ x }}`"
            ]
        );
    }

    /// Regression: `<h1>{{ tag.name </h1>` was "Found `</` but expected }}.", and an unclosed
    /// `{{` in an attribute "Function calls are only allowed at the first element of a chain"
    /// (Tera reads `(Atom)` as a call), both without a hint.
    #[test]
    fn an_unclosed_expression_is_said_where_its_closing_belongs() {
        let said = compiled(&[("tag.html", "t/tag.html", "<p>\n<h1>{{ tag.name </h1>\n")]);
        assert_eq!(
            said,
            [
                "t/tag.html:2:17: error: the `{{` at column 5 is not closed\n  = help: add ` }}` after `{{ tag.name`, as in `{{ tag.name }}`"
            ]
        );
        let line = r#"<link title="{{ tag.name (Atom)" href="{{ tag.feed_url }}">"#;
        let said = compiled(&[("tag.html", "t/tag.html", line)]);
        assert_eq!(
            said,
            [
                "t/tag.html:1:25: error: the `{{` at column 14 is not closed\n  = help: add ` }}` after `{{ tag.name`, as in `{{ tag.name }}`"
            ]
        );
        let said = compiled(&[("a.html", "a.html", "{% if x </p>{% endif %}")]);
        assert_eq!(
            said,
            [
                "a.html:1:9: error: the `{%` at column 1 is not closed\n  = help: add ` %}` after `{% if x`, as in `{% if x %}`"
            ]
        );
        // Regression (theme probe, session 24): half a closing (`%<`, `}<`) had the fix put
        // after whatever Tera read on to (`{% if topics %<aside class="x" ar…`).
        let said = compiled(&[(
            "a.html",
            "a.html",
            "{% if topics %<aside class=\"x\" aria-label=\"y\">{% endif %}",
        )]);
        assert_eq!(
            said,
            [
                "a.html:1:14: error: the `{%` at column 1 is not closed: `%` lacks its other half\n  = help: write `%}` there, as in `{% if topics %}`"
            ]
        );
        // Regression (theme probe): before `<p>`, Tera read a component: "Components with body
        // content must use tag syntax".
        let said = compiled(&[("a.html", "a.html", "<main>{% if latest %<p>Today</p>{% endif %}</main>")]);
        assert_eq!(
            said,
            [
                "a.html:1:20: error: the `{%` at column 7 is not closed: `%` lacks its other half\n  = help: write `%}` there, as in `{% if latest %}`"
            ]
        );
        let said = compiled(&[("a.html", "a.html", "<h1>{{ title }</h1>")]);
        assert_eq!(
            said,
            [
                "a.html:1:14: error: the `{{` at column 5 is not closed: `}` lacks its other half\n  = help: write `}}` there, as in `{{ title }}`"
            ]
        );
        // A closed `{{` with a mistake inside is not taken for an unclosed one. Regression
        // (test audit, session 25): it was Tera's "Found `}}` but expected one of: integer,
        // float, …", with no word on the fix.
        let said = compiled(&[("a.html", "a.html", "<h1>{{ a + }}</h1>{{ b }}")]);
        assert_eq!(
            said,
            [
                "a.html:1:12: error: `+` needs a value after it, and `}}` comes first\n  = help: write the value after `+`; to join text, use `~` (`{{ article.title ~ \" – \" ~ site.title }}`)"
            ]
        );
        let said = compiled(&[(
            "a.html",
            "a.html",
            "{{ t(key=\"x\", count=) }}{% if a and %}x{% endif %}",
        )]);
        assert!(
            said[0].contains("a value is missing after `=`, where `)` is"),
            "{said:?}"
        );
    }

    /// Regression: a site's `base.html` without the theme's blocks gave one error per block of
    /// each page template of the embedded theme, at files the user cannot open.
    #[test]
    fn a_parent_without_the_blocks_its_templates_fill_is_said_once_at_the_parent() {
        let page = "{% extends \"base.html\" %}\n{% block head %}{% endblock head %}{% block content %}x{% endblock content %}";
        let other = "{% extends \"base.html\" %}\n{% block content %}x{% endblock content %}";
        let said = compiled(&[
            ("base.html", "templates/base.html", "<html>{{ site.tittle }}</html>"),
            ("a.html", "<embedded theme>/templates/a.html", page),
            ("b.html", "<embedded theme>/templates/b.html", other),
            ("c.html", "<embedded theme>/templates/c.html", other),
        ]);
        assert_eq!(
            said,
            [
                "templates/base.html:1:1: error: this base.html defines no `{% block content %}` or `{% block head %}`, which the templates that extend it fill\n  = help: add `{% block content %}{% endblock content %}` and `{% block head %}{% endblock head %}` where each page's part goes, or start from the theme's own: move this file aside and run `gazette theme eject base.html`"
            ]
        );
        // One block, and templates the user can open: the hint is the blocks, not eject.
        let said = compiled(&[
            ("base.html", "t/base.html", "<html></html>"),
            ("b.html", "t/b.html", other),
            ("c.html", "t/c.html", other),
            ("d.html", "t/d.html", "{% extends \"base.html\" %}"),
        ]);
        assert_eq!(
            said,
            [
                "t/base.html:1:1: error: this base.html defines no `{% block content %}`, which 2 templates that extend it fill (b.html and c.html)\n  = help: add `{% block content %}{% endblock content %}` where each page's part goes"
            ]
        );
        // One template alone filling a block no parent has: a misspelling, said at it.
        let said = compiled(&[
            ("base.html", "t/base.html", "{% block content %}{% endblock content %}"),
            (
                "b.html",
                "t/b.html",
                "{% extends \"base.html\" %}\n{% block contnet %}x{% endblock contnet %}",
            ),
        ]);
        assert_eq!(
            said,
            [
                "t/b.html:2:10: error: there is no `{% block contnet %}` in base.html (or what it extends) for this one to fill\n  = help: did you mean `{% block content %}`?"
            ]
        );
    }
}
