//! Scaffolding: `gazette init` (a new working site) and `gazette new` (an article or a topic file
//! with its front matter filled in). Neither ever overwrites a file.

use std::path::{Path, PathBuf};

use jiff::Timestamp;

use gazette::core::dates::rfc3339;
use gazette::core::diagnostic::{Diagnostic, Diagnostics, closest_slug, display_path, io_reason};
use gazette::core::slug::{self, slugify};
use gazette::parse::frontmatter::MAX_TITLE_CHARS;
use gazette::parse::{frontmatter, yaml};
use gazette::pipeline;
use gazette::source::load::SITE_FOLDERS;

/// Creates a new site in `dir` (created if missing; refused if not empty). Returns the files made.
pub fn init(dir: &Path, now: Timestamp) -> Result<Vec<PathBuf>, Diagnostic> {
    not_inside_a_site(dir)?;
    if dir.exists() {
        if !dir.is_dir() {
            return Err(Diagnostic::error(dir, None, "cannot make a site here: this is a file")
                .with_hint("name a new or empty folder"));
        }
        let mut entries = std::fs::read_dir(dir)
            .map_err(|e| Diagnostic::error(dir, None, format!("cannot read the folder: {}", io_reason(&e))))?;
        if entries.next().is_some() {
            return Err(
                Diagnostic::error(dir, None, "refusing to make a site in a folder that is not empty")
                    .with_hint("name a new folder, e.g. `gazette init my-briefings`"),
            );
        }
    }
    let today = now.to_zoned_datetime(jiff::tz::TimeZone::UTC);
    let date = rfc3339(&today);
    let (year, month) = (today.year(), today.month());
    let files: Vec<(String, String)> = vec![
        (
            ".gitignore".into(),
            // The built site and the image cache are made again by every build; the output's
            // lock (and a killed build's leftovers) sit beside it.
            "/public/\n/.public.gazette-*\n/.gazette-cache/\n".into(),
        ),
        (
            "site.yaml".into(),
            "title: My Briefings\n\
             description: Curated briefings on the stories we follow.\n\
             base_url: https://my-briefings.example/\n\
             language: en\n\
             timezone: UTC\n\
             theme: default\n\
             permalink: /:year/:month/:slug/\n\
             feeds:\n  entries: 50\n"
                .into(),
        ),
        (
            "content/topics/getting-started.md".into(),
            "---\ntitle: Getting started\nsummary: How this briefing site is put together.\nstatus: ongoing\n---\n\
             A topic collects every briefing that names it into a timeline, ordered by when things happened.\n\
             Write the story so far here, above the timeline.\n"
                .into(),
        ),
        (
            format!("content/{year:04}/{month:02}/welcome.md"),
            format!(
                "---\ntitle: Welcome to your briefing site\ndate: {date}\nsummary: This first briefing shows the front matter a briefing can have.\n\
                 topics: [getting-started]\ntags: [gazette]\nkey: true\nsources:\n  - outlet: gazette\n    title: README\n---\n\
                 Each briefing is a Markdown file with YAML front matter between `---` lines.\n\n\
                 ## Next steps\n\n\
                 - Run `gazette new article \"Your headline\" --topic getting-started`.\n\
                 - Run `gazette serve` and open the address it prints.\n"
            ),
        ),
    ];
    let mut made = Vec::new();
    for (rel, text) in files {
        let path = dir.join(&rel);
        create_new(&path, &text)?;
        made.push(path);
    }
    Ok(made)
}

/// The longest slug `new` gives a file, in bytes: a long headline (a Korean one is romanised
/// into many more letters) would otherwise make a name the file system refuses (255 bytes).
const FILE_SLUG_BYTES: usize = 80;

/// A title's slug for a new file's name, kept to `FILE_SLUG_BYTES`.
fn file_slug(title: &str) -> String {
    slug::shortened(&slugify(title), FILE_SLUG_BYTES).to_string()
}

/// Refuses a place a new site would be lost in, or would break another in: inside a site's own
/// folders (`inside_a_site`) or inside a built site (`inside_a_built_site`).
fn not_inside_a_site(dir: &Path) -> Result<(), Diagnostic> {
    if let Some((site, folder)) = inside_a_site(dir) {
        return Err(Diagnostic::error(
            dir,
            None,
            format!(
                "this folder is inside the {folder}/ folder of the site at {}, which would read the new site's files as its own",
                display_path(&site)
            ),
        )
        .with_hint("make the new site outside it, e.g. beside it: `gazette init ../my-briefings` from that site's folder"));
    }
    if let Some(output) = inside_a_built_site(dir) {
        return Err(Diagnostic::error(
            dir,
            None,
            format!(
                "this folder is inside {}, a built site, which the next build replaces whole: the new site would be deleted with it",
                display_path(&output)
            ),
        )
        .with_hint("make the new site outside the output folder, e.g. `gazette init ../my-briefings`"));
    }
    Ok(())
}

/// The built site (`write::is_built_site`: a build's output folder) that `dir` would be in.
fn inside_a_built_site(dir: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(dir).ok()?;
    absolute
        .ancestors()
        .skip(1)
        .find(|ancestor| gazette::write::is_built_site(ancestor))
        .map(Path::to_path_buf)
}

/// The site whose own folder (content/, static/, themes/, templates/, i18n/) `dir` would be in,
/// and that folder's name: a site made there would break that one (its site.yaml read as a
/// static file, its welcome article as that site's, with an unknown topic).
fn inside_a_site(dir: &Path) -> Option<(PathBuf, &'static str)> {
    let absolute = std::path::absolute(dir).ok()?;
    absolute.ancestors().skip(1).find_map(|ancestor| {
        let first = absolute.strip_prefix(ancestor).ok()?.components().next()?;
        let folder = SITE_FOLDERS.iter().find(|f| first.as_os_str() == **f)?;
        ancestor
            .join("site.yaml")
            .is_file()
            .then(|| (ancestor.to_path_buf(), *folder))
    })
}

/// The error for a title a build would refuse, which `new` must not write (such a file fails
/// every build after it): empty (`new article ""`, or spaces), with a control character (an
/// escape sequence pasted from a terminal), or longer than a title may be.
fn title_problem(root: &Path, kind: &str, title: &str, example: &str) -> Option<Diagnostic> {
    let at = root.join("content");
    if title.trim().is_empty() {
        return Some(
            Diagnostic::error(at, None, format!("the {kind}'s title is empty"))
                .with_hint(format!("give it in quotes: `gazette new {kind} \"{example}\"`")),
        );
    }
    if let Some(c) = title.chars().find(|c| c.is_control()) {
        return Some(
            Diagnostic::error(
                at,
                None,
                format!(
                    "the {kind}'s title has a control character (U+{:04X}), which a build refuses",
                    u32::from(c)
                ),
            )
            .with_hint("type the title again, on one line, without it"),
        );
    }
    let length = title.chars().count();
    (length > MAX_TITLE_CHARS).then(|| {
        Diagnostic::error(
            at,
            None,
            format!("the {kind}'s title is {length} characters long; a title has at most {MAX_TITLE_CHARS}"),
        )
        .with_hint("shorten it: the summary holds what does not fit")
    })
}

/// Writes `content/<year>/<month>/<slug>.md` as a draft dated `now` in the site's time zone.
pub fn new_article(root: &Path, title: &str, topics: &[String], now: Timestamp) -> Result<PathBuf, Vec<Diagnostic>> {
    let mut diagnostics = Diagnostics::default();
    let Some(config) = pipeline::load_config(root, None).into_value(&mut diagnostics) else {
        return Err(diagnostics.sorted().into_iter().filter(Diagnostic::is_error).collect());
    };
    let known = known_topics(root, &config);
    let known_slugs: Vec<&str> = known.iter().map(String::as_str).collect();
    let mut errors = Vec::new();
    for topic in topics {
        let slug = slugify(topic);
        if !known.contains(&slug) {
            let hint = match closest_slug(&slug, &known_slugs) {
                Some(close) => format!("did you mean `{close}`?"),
                None => format!(
                    "create it first: `gazette new topic \"Its title\"` writes content/topics/<the title as a slug>.md, and that slug is what `--topic` takes (or write content/topics/{slug}.md)"
                ),
            };
            errors.push(
                Diagnostic::error(
                    root.join("content/topics"),
                    None,
                    format!("unknown topic `{topic}` (given with `--topic`): no file content/topics/{slug}.md"),
                )
                .with_hint(hint),
            );
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if let Some(problem) = title_problem(root, "article", title, "Putin and Kim sign a mutual-defence pact") {
        return Err(vec![problem]);
    }
    let local = now.to_zoned_datetime(config.timezone.clone());
    let slug = file_slug(title);
    let rel = format!("content/{:04}/{:02}/{slug}.md", local.year(), local.month());
    let topic_list: Vec<String> = topics.iter().map(|t| slugify(t)).collect();
    let day = local.strftime("%Y-%m-%d").to_string();
    // The example correction dated with its time, as the article is: dated by its day alone it
    // would count from before the article went out (the writer puts the time it was made).
    let correction = rfc3339(&local);
    // Every field a writer commonly fills, those that are optional commented out with an example,
    // so that the file builds as written and a field is one `#` away.
    let text = format!(
        "---\n\
         title: {title}\n\
         date: {date}\n\
         # When it happened, if not the day it is published: a day, a month ({month}) or a year (\"{year}\").\n\
         # event_date: {day}\n\
         # event_end: {day}\n\
         # The first topic is the primary one; each is a file in content/topics/.\n\
         topics: [{topics}]\n\
         tags: []\n\
         # A key event stands out on its topics' timelines.\n\
         # key: true\n\
         sources:\n\
         \x20 # - outlet: Business Insider\n\
         \x20 #   title: \"The source article's headline\"\n\
         \x20 #   url: https://example.com/the-article\n\
         # Shown in lists, feeds and search; without it, the first paragraph is.\n\
         # summary: \"One or two sentences on what happened and why it matters.\"\n\
         # A correction or update, shown with the article:\n\
         # updates:\n\
         #   - date: {correction}\n\
         #     kind: correction\n\
         #     text: \"An earlier version misstated the date.\"\n\
         # Left out of the site until this line is removed (or says false); `gazette list` shows drafts.\n\
         draft: true\n\
         ---\n\
         {placeholder}\n",
        placeholder = frontmatter::NEW_ARTICLE_BODY,
        title = yaml::quote(title),
        date = rfc3339(&local),
        month = local.strftime("%Y-%m"),
        year = local.strftime("%Y"),
        topics = topic_list.join(", "),
    );
    let path = root.join(rel);
    create_new(&path, &text).map_err(|e| vec![e])?;
    Ok(path)
}

/// Writes `content/topics/<slug>.md`.
pub fn new_topic(root: &Path, title: &str) -> Result<PathBuf, Vec<Diagnostic>> {
    let mut diagnostics = Diagnostics::default();
    if pipeline::load_config(root, None).into_value(&mut diagnostics).is_none() {
        return Err(diagnostics.sorted().into_iter().filter(Diagnostic::is_error).collect());
    }
    if let Some(problem) = title_problem(root, "topic", title, "Russia–North Korea relations") {
        return Err(vec![problem]);
    }
    let path = root.join("content/topics").join(format!("{}.md", file_slug(title)));
    let text = format!(
        "---\ntitle: {}\nsummary: \nstatus: ongoing\n---\n{}\n",
        yaml::quote(title),
        frontmatter::NEW_TOPIC_BODY
    );
    create_new(&path, &text).map_err(|e| vec![e])?;
    Ok(path)
}

fn known_topics(root: &Path, config: &gazette::parse::config::Config) -> Vec<String> {
    let (files, _) = gazette::source::load::walk(&root.join("content/topics"), root);
    files
        .into_iter()
        // A translation (`pact.ko.md`) is the same topic as its original, not another one.
        .filter(|(_, rel)| pipeline::language_suffix(&format!("content/topics/{rel}"), config).is_none())
        .filter_map(|(_, rel)| {
            rel.strip_suffix(".md")
                .map(|stem| slugify(stem.rsplit('/').next().unwrap_or(stem)))
        })
        .collect()
}

/// Creates a file that must not exist yet, with its folders.
fn create_new(path: &Path, text: &str) -> Result<(), Diagnostic> {
    if write_new(path, text.as_bytes())? {
        Ok(())
    } else {
        Err(Diagnostic::error(
            path,
            None,
            format!("{} already exists; not overwriting it", display_path(path)),
        )
        .with_hint("pick another title, or edit the existing file"))
    }
}

/// Writes `bytes` to a new file at `path` (its folders made as needed); `false`, writing nothing,
/// when the file exists. `create_new`: a file the site has (perhaps edited) is never replaced,
/// even one made between a check and the write.
pub(crate) fn write_new(path: &Path, bytes: &[u8]) -> Result<bool, Diagnostic> {
    use std::io::Write;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Diagnostic::error(parent, None, format!("cannot create the folder: {}", io_reason(&e))))?;
    }
    let mut file = match std::fs::OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Ok(false),
        Err(e) => {
            return Err(Diagnostic::error(
                path,
                None,
                format!("cannot create the file: {}", io_reason(&e)),
            ));
        }
    };
    file.write_all(bytes)
        .map_err(|e| Diagnostic::error(path, None, format!("cannot write: {}", io_reason(&e))))?;
    Ok(true)
}
