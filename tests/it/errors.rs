//! Invalid sites: each `tests/fixtures/invalid/<case>/` is a site whose `gazette check` must exit 1
//! and print exactly `expected-stderr.txt`. `GAZETTE_BLESS=1` rewrites the expectations.

use std::path::Path;

use crate::common::{SITE_YAML, TOPIC, bless, fixture, gazette, site, stderr};

/// Checks a copy of the fixture (so no image cache lands in the repository, and every run is as
/// cold as a fresh clone's) and compares what it prints with `expected-stderr.txt`.
fn check_invalid(case: &str) {
    let dir = fixture("invalid").join(case);
    let copy = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_entry(|e| e.file_name() != ".gazette-cache")
    {
        let entry = entry.expect("a readable entry");
        let target = copy
            .path()
            .join(entry.path().strip_prefix(&dir).expect("under the fixture"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("folders");
        } else {
            std::fs::copy(entry.path(), &target).expect("a copy");
        }
    }
    let run = gazette(copy.path(), &["check"]);
    let printed = stderr(&run);
    let expected_path = dir.join("expected-stderr.txt");
    if bless() {
        std::fs::write(&expected_path, &printed).unwrap();
    } else {
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|e| panic!("{}: {e} (GAZETTE_BLESS=1 writes it)", expected_path.display()));
        assert_eq!(printed, expected, "stderr of `gazette check` in {}", dir.display());
    }
    assert_eq!(
        run.status.code(),
        Some(1),
        "{case} must fail with exit code 1:\n{printed}"
    );
    assert!(!printed.contains("panicked"), "{printed}");
}

macro_rules! invalid_fixtures {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                check_invalid(stringify!($name));
            }
        )*
        /// Every fixture with a test, from the same list that makes the tests.
        const TESTED: &[&str] = &[$(stringify!($name)),*];
    };
}

invalid_fixtures!(
    // Files written for Hugo, Zola or Jekyll (migration probe): what would publish a draft, an
    // embargo or an expired story is an error (`published: false`, `Draft:`, a later
    // `publishDate`, `expiryDate`, a file in `_drafts/`); keys gazette has under another name
    // say that name; shortcodes and Liquid outside code are told where they are.
    other_generators_content,
    unclosed_front_matter,
    template_base_without_the_themes_blocks,
    template_unclosed_block,
    template_unclosed_expression,
    theme_without_templates,
    // Errors that stop a build before it renders (a topic, a date) still let the links to
    // content files and the images be checked, in the same round; what names a file whose
    // front matter failed (a link, an edition item, its translation) is not reported again.
    link_errors_beside_other_errors,
    // Four mistakes, four messages: a topic file that fails is not "no file" for the articles
    // naming it; a translation does not repeat its original's errors at the original's lines;
    // a failed topic translation is not "untranslated"; a translated edition's item without a
    // translation says so, not that the file is missing.
    one_mistake_one_message,
    // An edition's introduction and notes have their `@/` links checked as articles' are: one
    // that leads nowhere would go out in the email as written.
    edition_links_in_intro_and_notes,
    // Regression: an edition's images were never looked for, so one misspelt went out in the
    // email as a broken image; they are found, checked and sized as an article's are.
    edition_images_missing,
    // An `{% if %}` left open before `{% endblock %}` is said as such (it was "there is no tag
    // `endblock`: did you mean `endblock`?"), through the whole path from Tera's report.
    template_tag_out_of_place,
    unclosed_front_matter_with_a_rule,
    yaml_syntax_error,
    yaml_mistakes,
    front_matter_is_a_list,
    empty_file,
    toml_front_matter,
    missing_required_fields,
    wrong_types,
    invalid_dates,
    unknown_topic,
    duplicate_permalinks,
    not_utf8,
    folder_named_md,
    template_syntax_error,
    template_positional_argument,
    template_unknown_names,
    template_wrong_kind_of_value,
    template_item_by_dot,
    template_missing_field,
    // Regression (theme probe, session 24): `latest[0].titel` blamed `latest`, which the page has.
    template_item_by_place,
    // Regression (theme probe, session 24): text outside the blocks of a child template was
    // Tera's message at the end of the `extends` line, not at the text.
    template_text_outside_blocks,
    // Regression (theme probe, session 24): a misspelt component was Tera's "Unknown component",
    // without the closest one the templates define.
    template_unknown_component,
    template_missing_field_through_a_filter,
    template_field_of_an_empty_value,
    template_misspelt_variable_through_safe,
    template_extends_a_missing_parent,
    template_loop_over_a_misspelt_field,
    bad_site_yaml,
    unknown_time_zone,
    link_to_a_missing_file,
    many_errors_at_once,
    nested_yaml_positions,
    edition_unknown_article,
    edition_draft_article,
    edition_scheduled_article,
    // One item dated after its edition is said at the item; several, once at the edition's
    // `date:` (a typo there used to give one error per item).
    edition_dated_before_article,
    edition_link_items,
    edition_note_beyond_a_paragraph,
    edition_duplicate_slug,
    image_missing,
    image_not_an_image,
    image_truncated,
    image_too_large,
    lead_image_without_alt,
    unknown_author,
    author_bad_front_matter,
    translation_errors,
    languages_in_site_yaml,
    unclosed_html_comment,
    alias_onto_a_page,
    topic_alias_collisions,
    email_stylesheet_rule_left_open,
    theme_lacks_what_the_site_needs,
    theme_missing,
    template_include_loop,
    template_extends_loop,
    template_component_loop,
);

#[test]
fn all_fixture_folders_have_a_test() {
    let tested = TESTED;
    for entry in std::fs::read_dir(fixture("invalid")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            tested.contains(&name.as_str()),
            "tests/fixtures/invalid/{name} has no test"
        );
    }
}

/// Regression: `tags: Sanctions, Oil` was one tag, `sanctions-oil`, without a word.
#[test]
fn tags_written_as_one_text_with_commas_are_a_warning() {
    let dir = site(&[
        ("site.yaml", SITE_YAML),
        ("content/topics/t.md", TOPIC),
        (
            "content/a.md",
            "---\ntitle: A\ndate: 2024-06-19\ntopics: [t]\ntags: Sanctions, Oil\n---\nText.\n",
        ),
        (
            "content/b.md",
            "---\ntitle: B\ndate: 2024-06-19\ntopics: [t]\ntags: [Sanctions, Oil]\n---\nText.\n",
        ),
    ]);
    let run = gazette(dir.path(), &["check"]);
    let err = stderr(&run);
    assert!(run.status.success(), "{err}");
    assert!(
        err.contains("content/a.md:5:7: warning: `tags: Sanctions, Oil` is one tag, `Sanctions, Oil`, not 2"),
        "{err}"
    );
    assert!(err.contains("for a list, write `tags: [Sanctions, Oil]`"), "{err}");
    assert_eq!(err.matches("warning:").count(), 1, "{err}");
}

#[test]
fn unknown_keys_warn_and_strict_makes_them_errors() {
    let dir = site(&[
        ("site.yaml", SITE_YAML),
        ("content/topics/t.md", TOPIC),
        (
            "content/a.md",
            "---\ntitle: A\ndate: 2024-01-01\ntopcis: [t]\nlayout: post\n---\nBody\n",
        ),
    ]);
    let run = gazette(dir.path(), &["check"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let printed = stderr(&run);
    assert!(
        printed.contains("content/a.md:4:1: warning: unknown key `topcis` in front matter\n"),
        "{printed}"
    );
    assert!(
        printed.contains("4 | topcis: [t]\n  | ^\n  = help: did you mean `topics`?"),
        "the line, a caret under the column, the hint: {printed}"
    );
    assert!(
        printed.contains("content/a.md:5:1: warning: unknown key `layout`"),
        "{printed}"
    );
    let strict = gazette(dir.path(), &["check", "--strict"]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(
        stderr(&strict).contains("content/a.md:4:1: error: unknown key `topcis`"),
        "{}",
        stderr(&strict)
    );
}

#[test]
fn a_dangling_symlink_is_an_error_that_names_it() {
    let dir = site(&[("site.yaml", SITE_YAML), ("content/topics/t.md", TOPIC)]);
    std::os::unix::fs::symlink(dir.path().join("nowhere.md"), dir.path().join("content/gone.md")).unwrap();
    let run = gazette(dir.path(), &["check"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains("content/gone.md: error: broken symbolic link"),
        "{}",
        stderr(&run)
    );
}

/// Regression (error probe, session 23): a link to itself, or two links to each other, was
/// "broken symbolic link: its target does not exist", which sends the writer looking for a file.
#[test]
fn a_symlink_that_leads_back_to_itself_is_called_a_loop() {
    let dir = site(&[("site.yaml", SITE_YAML), ("content/topics/t.md", TOPIC)]);
    let content = dir.path().join("content");
    std::os::unix::fs::symlink("self.md", content.join("self.md")).unwrap();
    std::os::unix::fs::symlink("b.md", content.join("a.md")).unwrap();
    std::os::unix::fs::symlink("a.md", content.join("b.md")).unwrap();
    std::fs::create_dir_all(dir.path().join("static")).unwrap();
    std::os::unix::fs::symlink("x.css", dir.path().join("static/x.css")).unwrap();
    let run = gazette(dir.path(), &["check"]);
    let printed = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{printed}");
    for file in ["content/self.md", "content/a.md", "content/b.md"] {
        assert!(
            printed.contains(&format!(
                "{file}: error: symbolic link loop: this link leads back to itself, never to a file"
            )),
            "{printed}"
        );
    }
    assert!(
        printed.contains(
            "static/x.css: warning: symbolic link loop: this link leads back to itself, never to a file; skipped"
        ),
        "{printed}"
    );
    assert!(!printed.contains("broken"), "{printed}");
}

/// Regression (serve probe, session 23): Emacs marks a buffer with unsaved changes by a dangling
/// link `.#name.md` beside the file; the walk reported it as a broken link before seeing that its
/// name is one it ignores, so every build failed while the writer typed.
#[test]
fn an_editor_lock_link_that_leads_nowhere_is_ignored() {
    let dir = site(&[
        ("site.yaml", SITE_YAML),
        ("content/topics/t.md", TOPIC),
        ("content/a.md", "---\ntitle: A\ndate: 2024-01-01\n---\nText.\n"),
    ]);
    std::os::unix::fs::symlink("writer@desk.4242:1700000000", dir.path().join("content/.#a.md")).unwrap();
    std::fs::create_dir_all(dir.path().join("static")).unwrap();
    std::os::unix::fs::symlink("writer@desk.4242:1700000000", dir.path().join("static/.#style.css")).unwrap();
    let run = gazette(dir.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(!stderr(&run).contains("symbolic link"), "{}", stderr(&run));
}

/// Regression (error probe, session 23): files whose names are not UTF-8 were published under a
/// name with `�` for the bytes, so two of them (`\xE9.txt`, `\xE8.txt`) became one file and the
/// other was lost, without a word.
#[test]
fn a_file_name_that_is_not_utf8_is_an_error_that_tells_the_names_apart() {
    use std::os::unix::ffi::OsStrExt;
    let dir = site(&[
        ("site.yaml", SITE_YAML),
        ("content/topics/t.md", TOPIC),
        ("content/a.md", "---\ntitle: A\ndate: 2024-01-01\n---\nText.\n"),
    ]);
    let name = |bytes: &[u8]| std::ffi::OsStr::from_bytes(bytes).to_owned();
    std::fs::create_dir_all(dir.path().join("static")).unwrap();
    let static_dir = dir.path().join("static");
    let written = std::fs::write(static_dir.join(name(b"\xe9.txt")), "first").is_ok();
    if !crate::common::require(
        "a file system that takes any bytes in a name",
        "a Linux file system such as ext4 or tmpfs for the temporary folder",
        written,
    ) {
        return;
    }
    std::fs::write(static_dir.join(name(b"\xe8.txt")), "second").unwrap();
    std::fs::write(
        dir.path().join("content").join(name(b"caf\xe9.md")),
        "---\ntitle: C\ndate: 2024-01-01\n---\nText.\n",
    )
    .unwrap();
    let run = gazette(dir.path(), &["build"]);
    let printed = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{printed}");
    for said in [
        "error: the name `\\xE9.txt` is not UTF-8 text",
        "error: the name `\\xE8.txt` is not UTF-8 text",
        "error: the name `caf\\xE9.md` is not UTF-8 text",
        "help: rename it in UTF-8",
    ] {
        assert!(printed.contains(said), "{said}: {printed}");
    }
    assert!(!dir.path().join("public").exists(), "nothing is published");
}

/// Regression (session 30's robustness probe, security): a file's name was printed as it is, so
/// an escape sequence in a contributed file's name reached the terminal (or a CI log) and acted
/// on it, and a line break split the `path:line:col` in two. Both are drawn (`␛`, `␊`).
#[test]
fn control_characters_in_a_files_name_are_drawn_not_printed() {
    let dir = site(&[
        ("site.yaml", SITE_YAML),
        ("content/topics/t.md", TOPIC),
        ("content/\u{1b}[31mred\u{1b}[0m.md", "---\ntitle: [\n---\nText.\n"),
        ("content/new\nline.md", "---\ntitle: [\n---\nText.\n"),
    ]);
    let run = gazette(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(1));
    let printed = stderr(&run);
    assert!(!printed.contains('\u{1b}'), "{printed:?}");
    assert!(printed.contains("content/␛[31mred␛[0m.md:3:1: error"), "{printed}");
    assert!(printed.contains("content/new␊line.md:3:1: error"), "{printed}");
}

/// Regression (session 30's robustness probe): content/ as a link out of the site was a
/// warning, and the build replaced a good output with an empty site (exit 0, which a CI job
/// deploys). It is an error, as a missing content/ is, and the output is kept.
#[test]
fn content_as_a_link_out_of_the_site_is_an_error_and_the_output_is_kept() {
    let dir = site(&[
        ("site.yaml", SITE_YAML),
        ("content/topics/t.md", TOPIC),
        (
            "content/2024/01/a.md",
            "---\ntitle: A\ndate: 2024-01-01\ntopics: [t]\n---\nText.\n",
        ),
    ]);
    let root = dir.path();
    assert!(gazette(root, &["build"]).status.success());
    let outside = tempfile::tempdir().unwrap();
    std::fs::rename(root.join("content"), outside.path().join("content")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("content"), root.join("content")).unwrap();
    let run = gazette(root, &["build"]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert!(
        stderr(&run).contains("content: error: content/ is a link that leads out of the site"),
        "{}",
        stderr(&run)
    );
    assert!(
        !stderr(&run).contains("warning: this link leads out"),
        "{}",
        stderr(&run)
    );
    assert!(
        root.join("public/2024/01/a/index.html").exists(),
        "the last output is kept"
    );
}

/// Regression (session 30's robustness probe, security): a link inside the site to its own
/// hidden files (`.env`, `.git/config`, where a CI checkout keeps its token, `.git/` whole) was
/// followed and published, though the same files put in static/ are not. It is skipped with a
/// warning at the link, and `static/.well-known/` is still published.
#[test]
fn a_link_to_a_hidden_file_of_the_site_is_not_followed() {
    let dir = site(&[
        ("site.yaml", SITE_YAML),
        ("content/topics/t.md", TOPIC),
        (".env", "SECRET=1"),
        (".git/config", "[http] extraheader = AUTHORIZATION: basic SECRET"),
        ("static/.well-known/security.txt", "Contact: mailto:desk@example.org"),
    ]);
    let root = dir.path();
    std::os::unix::fs::symlink("../.env", root.join("content/env.txt")).unwrap();
    std::os::unix::fs::symlink("../.git/config", root.join("content/gitconfig.txt")).unwrap();
    std::os::unix::fs::symlink("../.git", root.join("content/gitdir")).unwrap();
    std::os::unix::fs::symlink("../.env", root.join("static/x.txt")).unwrap();
    std::os::unix::fs::symlink(".well-known/security.txt", root.join("static/security.txt")).unwrap();
    let run = gazette(root, &["build"]);
    let printed = stderr(&run);
    assert!(run.status.success(), "{printed}");
    for link in [
        "content/env.txt",
        "content/gitconfig.txt",
        "content/gitdir",
        "static/x.txt",
    ] {
        assert!(
            printed.contains(&format!(
                "{link}: warning: this link leads to a hidden file of the site"
            )),
            "{link}: {printed}"
        );
    }
    let published = crate::common::tree(&root.join("public"));
    assert!(
        !published.values().any(|bytes| bytes.windows(6).any(|w| w == b"SECRET")),
        "a secret was published: {:?}",
        published.keys()
    );
    assert!(
        published.contains_key(".well-known/security.txt"),
        "{:?}",
        published.keys()
    );
    assert!(
        published.contains_key("security.txt"),
        "a link into .well-known/ is followed"
    );
}

/// Regression (security): a link in content/ or static/ to a folder outside the site was
/// followed, and its files published (`content/etc -> /etc` put `passwd` on the site; a link in
/// a contributed change could publish a CI machine's keys). Links inside the site still work.
#[test]
fn a_link_out_of_the_site_is_not_followed() {
    let dir = site(&[
        ("site.yaml", SITE_YAML),
        ("content/topics/t.md", TOPIC),
        ("drafts/inside.md", "---\ntitle: Inside\ndate: 2024-01-01\n---\nText.\n"),
    ]);
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("id_rsa"), "SECRET KEY").unwrap();
    std::fs::write(
        outside.path().join("note.md"),
        "---\ntitle: Out\ndate: 2024-01-01\n---\nText.\n",
    )
    .unwrap();
    let root = dir.path();
    std::os::unix::fs::symlink(outside.path(), root.join("content/keys")).unwrap();
    std::fs::create_dir_all(root.join("static")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("id_rsa"), root.join("static/key.txt")).unwrap();
    std::os::unix::fs::symlink(root.join("drafts/inside.md"), root.join("content/inside.md")).unwrap();
    let run = gazette(root, &["build"]);
    let printed = stderr(&run);
    assert!(run.status.success(), "{printed}");
    for link in ["content/keys", "static/key.txt"] {
        assert!(
            printed.contains(&format!("{link}: warning: this link leads out of the site")),
            "{printed}"
        );
    }
    let published = crate::common::tree(&root.join("public"));
    assert!(
        !published.values().any(|bytes| bytes == b"SECRET KEY"),
        "the key was published"
    );
    assert!(
        !published.keys().any(|p| p.starts_with("keys/") || p.contains("/out/")),
        "{:?}",
        published.keys()
    );
    assert!(
        published.contains_key("2024/01/inside/index.html"),
        "a link inside the site is followed"
    );
}

#[test]
fn a_symlink_loop_is_a_warning_not_a_hang() {
    let dir = site(&[
        ("site.yaml", SITE_YAML),
        ("content/topics/t.md", TOPIC),
        ("content/a/x.md", "---\ntitle: X\ndate: 2024-01-01\n---\n"),
    ]);
    std::os::unix::fs::symlink(dir.path().join("content"), dir.path().join("content/a/loop")).unwrap();
    let run = crate::common::gazette_within(dir.path(), &["check"], std::time::Duration::from_secs(60));
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(
        stderr(&run).contains("content/a/loop: warning: symbolic link loop"),
        "{}",
        stderr(&run)
    );
}

#[test]
fn a_fifo_named_md_is_an_error_not_a_hang() {
    let dir = site(&[("site.yaml", SITE_YAML), ("content/topics/t.md", TOPIC)]);
    let fifo = dir.path().join("content/pipe.md");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let run = crate::common::gazette_within(dir.path(), &["check"], std::time::Duration::from_secs(60));
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains("content/pipe.md: error: this is not a regular file"),
        "{}",
        stderr(&run)
    );
}

#[test]
fn a_failed_build_leaves_the_previous_output_as_it_was() {
    let dir = site(&[
        ("site.yaml", SITE_YAML),
        ("content/topics/t.md", TOPIC),
        (
            "content/a.md",
            "---\ntitle: A\ndate: 2024-01-01\ntopics: [t]\n---\nBody\n",
        ),
    ]);
    assert!(gazette(dir.path(), &["build"]).status.success());
    let before = crate::common::tree(&dir.path().join("public"));
    std::fs::write(
        dir.path().join("content/a.md"),
        "---\ntitle: A\ndate: 2024-13-45\n---\n",
    )
    .unwrap();
    let run = gazette(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(crate::common::tree(&dir.path().join("public")), before);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        // The image cache stays between builds on purpose; anything else is a leftover.
        .filter(|n| n.contains("gazette-") && n != ".gazette-cache")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn the_output_folder_may_not_be_the_site() {
    let dir = site(&[("site.yaml", SITE_YAML), ("content/topics/t.md", TOPIC)]);
    // Regression (error probe): the image cache was taken as an output folder.
    for output in [".", "content", "..", ".gazette-cache/out"] {
        let run = gazette(dir.path(), &["build", "--output", output]);
        assert_eq!(run.status.code(), Some(1), "--output {output}");
        assert!(stderr(&run).contains("refusing to use"), "{}", stderr(&run));
    }
    assert!(Path::new(&dir.path().join("content/topics/t.md")).exists());
}

/// Regression: an unknown key inside a `sources` item was recorded as a failure, so the article
/// silently vanished from the build while gazette exited 0.
#[test]
fn an_unknown_key_in_a_source_is_a_warning_and_keeps_the_article() {
    let dir = site(&[
        ("site.yaml", SITE_YAML),
        ("content/topics/t.md", TOPIC),
        (
            "content/a.md",
            "---\ntitle: A\ndate: 2024-01-01\nsources:\n  - outlet: Yonhap\n    autor: someone\nupdates:\n  - date: 2024-01-02\n    text: x\n    by: desk\n---\nBody\n",
        ),
    ]);
    let run = gazette(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(
        crate::common::stdout(&run).starts_with("1 article"),
        "{}",
        crate::common::stdout(&run)
    );
    let printed = stderr(&run);
    // Each unknown key is reported on its own line (6 and 10), not at its item (5 and 8).
    assert!(
        printed.contains("content/a.md:6:5: warning: unknown key `autor` in `sources`"),
        "{printed}"
    );
    assert!(
        printed.contains("content/a.md:10:5: warning: unknown key `by` in `updates`"),
        "{printed}"
    );
    assert!(dir.path().join("public/2024/01/a/index.html").exists());
}

/// Regression: a site.yaml that is there but not UTF-8 was told to "run `gazette init DIR` to
/// make a new site"; it keeps the UTF-8 error's own place and fix.
#[test]
fn a_site_yaml_that_is_not_utf8_is_told_how_to_save_it() {
    let dir = site(&[("content/topics/t.md", TOPIC)]);
    std::fs::write(
        dir.path().join("site.yaml"),
        b"title: T\xff\nbase_url: https://example.org/\n",
    )
    .unwrap();
    let run = gazette(dir.path(), &["check"]);
    let printed = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{printed}");
    assert!(
        printed.starts_with("site.yaml:1:9: error: the file is not valid UTF-8 text"),
        "{printed}"
    );
    assert!(!printed.contains("gazette init"), "{printed}");
}

/// Regression (theme probe, session 24): an empty `article.html` published every article page
/// empty, with exit 0 and no word.
#[test]
fn an_empty_page_template_is_a_warning() {
    let dir = site(&[
        ("site.yaml", SITE_YAML),
        ("content/topics/t.md", TOPIC),
        ("content/a.md", "---\ntitle: A\ndate: 2024-01-01\n---\nText.\n"),
        ("templates/article.html", "\n"),
    ]);
    let run = gazette(dir.path(), &["build"]);
    let printed = stderr(&run);
    assert!(run.status.success(), "{printed}");
    assert!(
        printed.contains("templates/article.html: warning: `article.html` is empty, so every page it makes is empty"),
        "{printed}"
    );
    let strict = gazette(dir.path(), &["check", "--strict"]);
    assert_eq!(strict.status.code(), Some(1));
}

/// Regression (theme probe, session 24): an image or a font in templates/ was "not valid UTF-8",
/// with a line of its bytes printed as text and a hint to convert it from Latin-1.
#[test]
fn a_binary_file_among_the_templates_is_called_binary_without_its_bytes() {
    let dir = site(&[("site.yaml", SITE_YAML), ("content/topics/t.md", TOPIC)]);
    std::fs::create_dir_all(dir.path().join("templates/partials")).unwrap();
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\xff\xfe";
    std::fs::write(dir.path().join("templates/partials/logo.png"), png).unwrap();
    let run = gazette(dir.path(), &["check"]);
    let printed = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{printed}");
    assert!(
        printed.contains(
            "templates/partials/logo.png: error: this is a binary file (an image, a font, an archive?), not text"
        ),
        "{printed}"
    );
    assert!(printed.contains("goes in static/"), "{printed}");
    assert!(!printed.contains("PNG") && !printed.contains("latin1"), "{printed}");
}

/// Regression: a file saved as UTF-16 (Notepad's "Unicode", PowerShell's `>`) was "not valid
/// UTF-8" with a hint to convert from Latin-1, which garbles it; or, without a byte order mark,
/// an error at its first NUL byte. It is named UTF-16, with the conversion that works.
#[test]
fn a_utf16_file_is_named_so_with_the_conversion_that_works() {
    let dir = site(&[("site.yaml", SITE_YAML), ("content/topics/t.md", TOPIC)]);
    let utf16 = |text: &str, big_endian: bool, mark: bool| -> Vec<u8> {
        let units = mark.then_some(0xFEFF).into_iter().chain(text.encode_utf16());
        units
            .flat_map(|u| if big_endian { u.to_be_bytes() } else { u.to_le_bytes() })
            .collect()
    };
    let article = "---\ntitle: Café\ndate: 2024-01-01\ntopics: [t]\n---\nText.\n";
    std::fs::write(dir.path().join("content/a.md"), utf16(article, false, true)).unwrap();
    std::fs::write(dir.path().join("content/b.md"), utf16(article, true, false)).unwrap();
    let run = gazette(dir.path(), &["check"]);
    let printed = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{printed}");
    for (file, encoding) in [("content/a.md", "UTF-16"), ("content/b.md", "UTF-16BE")] {
        assert!(
            printed.contains(&format!(
                "{file}:1:1: error: the file is UTF-16 text, and gazette reads UTF-8"
            )),
            "{printed}"
        );
        assert!(
            printed.contains(&format!("`iconv -f {encoding} -t UTF-8 {file} > {file}.utf8`")),
            "{printed}"
        );
    }
    assert!(!printed.contains("latin1") && !printed.contains("NUL"), "{printed}");
}

/// Regression: a file of content/ on a path gazette writes (the feed, the home page, an
/// article's page) was silently left out, while the same clash in static/ was a warning.
#[test]
fn a_content_file_that_a_generated_file_replaces_is_a_warning() {
    let dir = site(&[
        ("site.yaml", SITE_YAML),
        ("content/topics/t.md", TOPIC),
        (
            "content/2024/01/a.md",
            "---\ntitle: A\ndate: 2024-01-01\ntopics: [t]\n---\nBody\n",
        ),
        ("content/atom.xml", "<feed/>"),
        ("content/2024/01/a/index.html", "an old page"),
        ("content/notes.txt", "kept"),
    ]);
    let run = gazette(dir.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let printed = stderr(&run);
    for path in ["atom.xml", "2024/01/a/index.html"] {
        assert!(
            printed.contains(&format!(
                "content/{path}: warning: `{path}` is a page or file gazette makes"
            )),
            "{printed}"
        );
    }
    assert!(!printed.contains("notes.txt"), "{printed}");
    assert!(
        std::fs::read_to_string(dir.path().join("public/2024/01/a/index.html"))
            .unwrap()
            .contains("<html")
    );
}

/// Regression (error probe, session 23): a file where the output needs a folder (`content/tags`
/// beside the tag pages, a file `pact` beside `pact.md`'s page folder, `static/topics`, a file
/// under an alias's folder) passed `check` and failed `build` when it was written ("cannot copy
/// content/tags here: it is a folder"), with no word on why. Both now say so, at the file; so
/// does a file inside a folder named as a generated file (`static/sitemap.xml/a.txt`).
#[test]
fn a_file_where_the_site_needs_a_folder_is_an_error_in_check_build_and_serve() {
    let dir = site(&[
        ("site.yaml", SITE_YAML),
        ("content/topics/t.md", TOPIC),
        (
            "content/2024/06/pact.md",
            "---\ntitle: Pact\ndate: 2024-06-01\ntopics: [t]\ntags: [Treaty]\naliases: [/old/story/]\n---\nBody\n",
        ),
        ("content/tags", "x"),
        ("content/2024/06/pact", "x"),
        ("content/old", "x"),
        ("static/topics", "x"),
        ("content/notes.txt", "kept"),
        // Theme probe: a folder named as a file gazette makes: serve served both, build failed
        // at public/sitemap.xml, a path of the output, after the other checks had passed.
        ("static/sitemap.xml/a.txt", "x"),
        ("static/sitemap.xml/b.txt", "x"),
    ]);
    for command in ["check", "build"] {
        let run = gazette(dir.path(), &[command]);
        let printed = stderr(&run);
        assert_eq!(run.status.code(), Some(1), "{command}: {printed}");
        for (file, path) in [
            ("content/tags", "tags"),
            ("content/2024/06/pact", "2024/06/pact"),
            ("content/old", "old"),
            ("static/topics", "topics"),
        ] {
            let said = format!(
                "{file}: error: the site has pages or files inside `{path}/`, so this file cannot be published at `{path}`"
            );
            assert!(printed.contains(&said), "{command}: {said}\n{printed}");
        }
        assert!(
            printed.contains("static/sitemap.xml/a.txt: error: `sitemap.xml` is a file gazette makes, so it cannot be a folder holding this file at `sitemap.xml/a.txt`"),
            "{command}: {printed}"
        );
        assert!(!printed.contains("sitemap.xml/b.txt"), "one error a folder: {printed}");
        assert!(
            !printed.contains("notes.txt") && !printed.contains("cannot copy"),
            "{printed}"
        );
    }
    assert!(!dir.path().join("public").exists());
    // serve says the same, in its overlay's errors.
    let server = crate::serve::Server::start(dir.path(), &[]);
    server.wait_for_line("build failed", std::time::Duration::from_secs(20));
    let mut events = crate::serve::Events::open(&server.address);
    let hello = events.wait("hello");
    assert!(
        hello.contains("content/tags: error: the site has pages or files inside `tags/`")
            && hello.contains("content/old: error: the site has pages or files inside `old/`")
            && hello.contains("static/sitemap.xml/a.txt: error: `sitemap.xml` is a file gazette makes"),
        "{hello}"
    );
}

/// A static file where gazette writes one of its own is a warning (`sitemap.xml`), with a hint
/// that fits: a data file is gazette's, a page's template can be overridden. Since the deploy
/// probe, the site's own `robots.txt` (a staging site's `Disallow: /`) replaces gazette's, and
/// its `_redirects` lines (a renamed topic's) come before the aliases', each without a word.
#[test]
fn a_static_file_that_a_generated_file_replaces_is_a_warning() {
    let dir = site(&[
        ("site.yaml", SITE_YAML),
        ("content/topics/t.md", TOPIC),
        (
            "content/a.md",
            "---\ntitle: A\ndate: 2024-06-01\naliases: [/old-a/]\n---\nText.\n",
        ),
        ("static/robots.txt", "User-agent: *\nDisallow: /\n"),
        ("static/_redirects", "/topics/old/* /topics/t/:splat 301"),
        ("static/sitemap.xml", "<urlset/>"),
        ("static/humans.txt", "us"),
    ]);
    let run = gazette(dir.path(), &["build"]);
    let said = stderr(&run);
    assert!(run.status.success(), "{said}");
    assert!(
        said.contains("static/sitemap.xml: warning: `sitemap.xml` is generated by gazette, so this static file is not used\n  = help: remove it: gazette writes this file itself"),
        "{said}"
    );
    assert_eq!(said.matches("warning:").count(), 1, "{said}");
    assert!(!said.contains("humans.txt"), "{said}");
    let public = dir.path().join("public");
    let read = |rel: &str| std::fs::read_to_string(public.join(rel)).unwrap();
    assert_eq!(read("robots.txt"), "User-agent: *\nDisallow: /\n");
    assert_eq!(
        read("_redirects"),
        "/topics/old/* /topics/t/:splat 301\n/old-a/ /2024/06/a/ 301\n"
    );
    assert!(read("sitemap.xml").contains("<loc>https://example.org/2024/06/a/</loc>"));
    // Regression: a file of content/ at a static file's path was said to be "generated by
    // gazette", with a hint to override a template that does not exist.
    let both = site(&[
        ("site.yaml", SITE_YAML),
        ("content/topics/t.md", TOPIC),
        ("content/dup.txt", "from content"),
        ("static/dup.txt", "from static"),
    ]);
    let run = gazette(both.path(), &["build"]);
    assert!(
        stderr(&run).contains(
            "static/dup.txt: warning: `dup.txt` is also a file of content/, which is used instead of this static file"
        ),
        "{}",
        stderr(&run)
    );
    assert_eq!(
        std::fs::read_to_string(both.path().join("public/dup.txt")).unwrap(),
        "from content"
    );
    // The site's robots.txt is used as written: it says its sitemap if it wants one.
    assert!(
        !std::fs::read_to_string(dir.path().join("public/robots.txt"))
            .unwrap()
            .contains("Sitemap:")
    );
}

/// Regression: a message naming a second file showed it as `./content/...` while it named the
/// first as `content/...` (topics with one slug, like editions with one slug, whose fixture pins
/// the same form).
#[test]
fn a_second_topic_with_the_same_slug_is_named_as_the_first_is() {
    let dir = site(&[
        ("site.yaml", "title: T\nbase_url: https://example.org/\n"),
        ("content/topics/alliances.md", "---\ntitle: Alliances\n---\n"),
        ("content/topics/Alliances.md", "---\ntitle: Alliances again\n---\n"),
    ]);
    let run = gazette(dir.path(), &["check"]);
    let printed = stderr(&run);
    assert!(!run.status.success(), "{printed}");
    assert!(
        printed.contains("is also the slug of content/topics/Alliances.md")
            || printed.contains("is also the slug of content/topics/alliances.md"),
        "{printed}"
    );
    assert!(!printed.contains("./content"), "{printed}");
}

/// Regression: control characters (an escape sequence, a bell) in a body or written as YAML
/// escapes (`"\e[31m"`) went into pages, emails and `gazette edition`'s output as they were:
/// invalid HTML, and a terminal taking orders from a file. Each is an error at its place.
#[test]
fn a_control_character_in_a_file_or_a_yaml_escape_is_an_error_at_its_place() {
    let raw = site(&[
        ("site.yaml", SITE_YAML),
        (
            "content/2024/06/a.md",
            "---\ntitle: A\ndate: 2024-06-24\n---\nText \u{1b}[31mred\u{7} here.\n",
        ),
    ]);
    let run = gazette(raw.path(), &["build"]);
    let printed = stderr(&run);
    assert!(!run.status.success(), "{printed}");
    assert!(
        printed.contains("content/2024/06/a.md:5:6: error: the file has the control character U+001B here"),
        "{printed}"
    );
    assert!(!raw.path().join("public").exists());
    let escaped = site(&[
        ("site.yaml", SITE_YAML),
        (
            "content/2024/06/a.md",
            "---\ntitle: \"A \\e[31mred\\a title\"\ndate: 2024-06-24\n---\nText.\n",
        ),
    ]);
    let run = gazette(escaped.path(), &["build"]);
    let printed = stderr(&run);
    assert!(!run.status.success(), "{printed}");
    assert!(
        printed.contains("content/2024/06/a.md:2:8: error: invalid YAML: this value has a control character"),
        "{printed}"
    );
    // A tab and a form feed are text.
    let fine = site(&[
        ("site.yaml", SITE_YAML),
        (
            "content/2024/06/a.md",
            "---\ntitle: \"A\\tB\"\ndate: 2024-06-24\n---\nText\tand\u{c} more.\n",
        ),
    ]);
    let run = gazette(fine.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
}

/// Regression: a time the clocks skip (`02:30` on the night the clocks go forward) was read an
/// hour later without a word; a time they pass twice took one of them silently. Both warn.
#[test]
fn a_time_a_clock_change_skips_or_repeats_is_a_warning_at_its_line() {
    let dir = site(&[
        (
            "site.yaml",
            "title: T\nbase_url: https://example.org/\ntimezone: America/New_York\n",
        ),
        (
            "content/2024/03/a.md",
            "---\ntitle: A\ndate: 2024-03-10 02:30\n---\nText.\n",
        ),
        (
            "content/2024/11/b.md",
            "---\ntitle: B\ndate: 2024-11-03 01:30\n---\nText.\n",
        ),
    ]);
    let run = gazette(dir.path(), &["check"]);
    let printed = stderr(&run);
    assert!(run.status.success(), "{printed}");
    assert!(
        printed.contains("content/2024/03/a.md:3:7: warning: `2024-03-10 02:30` does not exist in the site's zone (the clocks go forward past it): it is read as 03:30 EDT"),
        "{printed}"
    );
    assert!(
        printed.contains("content/2024/11/b.md:3:7: warning: `2024-11-03 01:30` happens twice in the site's zone"),
        "{printed}"
    );
}

/// Regression (desk probe, session 23): an unquoted comma in a `{ … }` value cut the value there,
/// and the rest was "unknown key `de Séoul à Paris.`" with a list of the known keys; the hint
/// now says what happened and how to mend it.
#[test]
fn words_cut_off_by_a_comma_in_braces_are_told_to_quote_the_value() {
    let dir = site(&[
        (
            "site.yaml",
            "title: Desk\nbase_url: https://example.org/\nlanguage: en\nlanguages:\n  fr: { title: Le Desk, description: Nos dossiers, de Séoul à Paris. }\n",
        ),
        ("content/topics/t.md", TOPIC),
        (
            "content/a.md",
            "---\ntitle: A\ndate: 2024-01-01\nsources:\n  - { outlet: Yonhap, title: A vote, then a reversal }\n---\nText.\n",
        ),
    ]);
    let run = gazette(dir.path(), &["check"]);
    let printed = stderr(&run);
    assert!(
        printed.contains("content/a.md:5:38: warning: unknown key `then a reversal` in `sources`")
            && printed.contains("help: inside `{ … }` a comma ends a value: if `then a reversal` is"),
        "{printed}"
    );
    assert!(
        printed.contains("site.yaml:5:52: warning: unknown key `de Séoul à Paris.` in `languages.fr`")
            && printed.contains("help: inside `{ … }` a comma ends a value: if `de Séoul à Paris.` is the rest of the value before it, put that whole value in quotes"),
        "{printed}"
    );
}
