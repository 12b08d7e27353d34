//! The JSON Schemas in `schemas/` (article, topic, author and edition front matter, site.yaml) and their
//! checker `schemas/validate.py`: the schemas document every key gazette knows, the sample site and
//! the golden fixture validate, the invalid fixtures and bad editions do not, and on a few hundred edge
//! cases the schemas accept exactly what `gazette check` accepts, except for the differences they
//! document.
//!
//! The checker needs python3 with PyYAML and jsonschema, and the regex test needs node. Without
//! them these tests print a `SKIPPED:` line, except in CI (`CI=true`), where they fail: `.ci/run`
//! installs them (see `common::require`).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::common::{fixture, gazette, repo, require, runs, site, stderr};

fn schema(name: &str) -> Value {
    let path = repo().join("schemas").join(format!("{name}.schema.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// One `path:line:col: error: message` line, of validate.py or of `gazette check`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Problem {
    path: String,
    line: usize,
    column: usize,
    message: String,
}

fn parse_problems(output: &str) -> Vec<Problem> {
    output
        .lines()
        .filter_map(|line| {
            let (head, message) = line.split_once(": error: ")?;
            let mut parts = head.rsplitn(3, ':');
            let column = parts.next()?.parse().ok()?;
            let line = parts.next()?.parse().ok()?;
            Some(Problem {
                path: parts.next()?.to_string(),
                line,
                column,
                message: message.to_string(),
            })
        })
        .collect()
}

/// What validate.py said.
struct Checked {
    ok: bool,
    stdout: String,
    problems: Vec<Problem>,
}

/// Runs `python3 schemas/validate.py ARGS` in `dir`. `None` (after `require` said why) when python3,
/// PyYAML or jsonschema is missing; in CI that fails the test instead.
fn validate(dir: &Path, args: &[&str]) -> Option<Checked> {
    let script = repo().join("schemas/validate.py");
    let missing = match Command::new("python3")
        .arg(&script)
        .args(args)
        .current_dir(dir)
        .output()
    {
        Err(e) => format!("python3 cannot be run: {e}"),
        // Exit status 3: the script could not import PyYAML or jsonschema (it says which).
        Ok(output) if output.status.code() == Some(3) => stderr(&output).trim().to_string(),
        Ok(output) => {
            let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
            assert!(
                matches!(output.status.code(), Some(0 | 1)),
                "validate.py {args:?} failed to run ({}):\n{stdout}{}",
                output.status,
                stderr(&output)
            );
            return Some(Checked {
                ok: output.status.success(),
                problems: parse_problems(&stdout),
                stdout,
            });
        }
    };
    require(
        &format!("python3 with PyYAML and jsonschema 4 ({missing})"),
        "`apt-get install python3-yaml python3-jsonschema` or `pip install 'jsonschema==4.*' 'pyyaml==6.*'`",
        false,
    );
    None
}

/// Every subschema under `properties` must have a `description` and `examples` (editors show both);
/// every `$defs` entry a `description`.
fn undocumented(node: &Value, at: &str, out: &mut Vec<String>) {
    match node {
        Value::Object(map) => {
            for (key, child) in map {
                let here = format!("{at}/{key}");
                if key == "properties" || key == "$defs" {
                    for (name, sub) in child.as_object().into_iter().flatten() {
                        let has_description = sub["description"].as_str().is_some_and(|d| !d.trim().is_empty());
                        let has_examples = sub["examples"].as_array().is_some_and(|e| !e.is_empty());
                        if !has_description {
                            out.push(format!("{here}/{name} has no description"));
                        }
                        if key == "properties" && !has_examples {
                            out.push(format!("{here}/{name} has no examples"));
                        }
                    }
                }
                if key != "examples" && key != "enum" {
                    undocumented(child, &here, out);
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                undocumented(item, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn property_names(schema: &Value) -> BTreeSet<String> {
    schema["properties"]
        .as_object()
        .expect("properties")
        .keys()
        .cloned()
        .collect()
}

fn names(keys: &[&str]) -> BTreeSet<String> {
    keys.iter().map(|k| k.to_string()).collect()
}

#[test]
fn schemas_document_every_key_gazette_knows() {
    let pairs = [
        ("article", names(gazette::parse::frontmatter::ARTICLE_KEYS)),
        ("topic", names(gazette::parse::frontmatter::TOPIC_KEYS)),
        ("author", names(gazette::parse::author::AUTHOR_KEYS)),
        ("edition", names(gazette::parse::edition::EDITION_KEYS)),
        ("site", names(gazette::parse::config::KNOWN_KEYS)),
    ];
    for (name, known) in pairs {
        let schema = schema(name);
        assert_eq!(
            schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{name}: draft 2020-12"
        );
        assert_eq!(
            schema["$id"],
            format!("https://gazette.example/schemas/{name}.schema.json"),
            "{name}: a stable $id"
        );
        assert!(
            schema["title"].is_string() && schema["description"].is_string(),
            "{name}: title, description"
        );
        assert_eq!(
            property_names(&schema),
            known,
            "{name}: the schema's keys are the ones gazette reads"
        );
        assert_eq!(schema["additionalProperties"], false, "{name}: unknown keys flagged");
        assert!(
            schema["description"]
                .as_str()
                .unwrap()
                .contains("additionalProperties: false"),
            "{name}: the description explains why unknown keys are errors here"
        );
        let mut missing = Vec::new();
        undocumented(&schema, "", &mut missing);
        assert!(missing.is_empty(), "{name}.schema.json:\n{}", missing.join("\n"));
    }
    assert_eq!(schema("article")["required"], serde_json::json!(["title", "date"]));
    assert_eq!(schema("topic")["required"], serde_json::json!(["title"]));
    assert_eq!(schema("author")["required"], serde_json::json!(["name"]));
    assert_eq!(schema("edition")["required"], serde_json::json!(["date", "items"]));
    assert_eq!(schema("site")["required"], serde_json::json!(["title", "base_url"]));
}

#[test]
fn event_dates_are_dates_plus_years_and_months() {
    // The calendar regex is written twice (a pattern cannot include another); keep the copies equal.
    let article = schema("article");
    let date = article["$defs"]["date"]["pattern"].as_str().unwrap();
    let event = article["$defs"]["eventDate"]["pattern"].as_str().unwrap();
    let body = date
        .strip_prefix(r"^\s*(?:")
        .and_then(|rest| rest.strip_suffix(r"\s*$"))
        .expect("the date pattern is ^\\s*(?:DAY)(?:TIME)?\\s*$");
    assert_eq!(
        event,
        format!(r"^\s*(?:[0-9]{{4}}(?:-(?:0[1-9]|1[0-2]))?|(?:{body})\s*$")
    );
    // An edition's date is read as an article's is; the edition schema has its own copy.
    assert_eq!(schema("edition")["$defs"]["date"], article["$defs"]["date"]);
}

#[test]
fn every_listed_time_zone_is_one_gazette_knows() {
    let site = schema("site");
    let zones: Vec<&str> = site["properties"]["timezone"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(zones.len() > 400, "the IANA names are listed");
    let unknown: Vec<&&str> = zones.iter().filter(|z| jiff::tz::TimeZone::get(z).is_err()).collect();
    assert!(unknown.is_empty(), "zones jiff does not know: {unknown:?}");
    let unsorted: Vec<_> = zones.windows(2).filter(|pair| pair[0] >= pair[1]).collect();
    assert!(unsorted.is_empty(), "sorted, without repeats: {unsorted:?}");
}

#[test]
fn schema_patterns_work_as_javascript_regexes() {
    // Editors (VS Code's YAML extension, yaml-language-server) run `pattern` as a JavaScript regex with
    // the `u` flag; Python's `re` accepts some that JavaScript rejects. Each pattern must compile there,
    // and match its own string examples.
    if !require(
        "node (Node.js)",
        "`apt-get install nodejs`",
        runs("node", &["--version"]),
    ) {
        return;
    }
    let script = r#"
        const schemas = JSON.parse(require("fs").readFileSync(0, "utf8"));
        const bad = [];
        let count = 0;
        function walk(node, at) {
            if (Array.isArray(node)) { node.forEach((c, i) => walk(c, at + "/" + i)); return; }
            if (!node || typeof node !== "object") return;
            if (typeof node.pattern === "string") {
                count++;
                try {
                    const re = new RegExp(node.pattern, "u");
                    for (const ex of node.examples || [])
                        if (typeof ex === "string" && !re.test(ex))
                            bad.push(at + ": example " + JSON.stringify(ex) + " does not match");
                } catch (e) { bad.push(at + ": " + e.message); }
            }
            for (const [k, v] of Object.entries(node)) if (k !== "examples" && k !== "enum") walk(v, at + "/" + k);
        }
        for (const [name, schema] of Object.entries(schemas)) walk(schema, name);
        if (count < 10) bad.push("only " + count + " patterns found");
        if (bad.length) { console.log(bad.join("\n")); process.exit(1); }
    "#;
    let all: serde_json::Map<String, Value> = ["article", "topic", "author", "edition", "site"]
        .iter()
        .map(|n| (n.to_string(), schema(n)))
        .collect();
    let mut child = Command::new("node")
        .args(["-e", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(Value::Object(all).to_string().as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        stderr(&output)
    );
}

#[test]
fn schemas_are_valid_and_so_are_their_examples() {
    let Some(checked) = validate(&repo(), &["--check-schemas"]) else {
        return;
    };
    assert!(checked.ok, "{}", checked.stdout);
}

/// The number of files validate.py checks in a site: site.yaml and every .md under content/.
fn site_file_count(root: &Path) -> usize {
    let markdown = walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .count();
    markdown + usize::from(root.join("site.yaml").is_file())
}

#[test]
fn the_sample_site_validates() {
    let Some(checked) = validate(&repo(), &["."]) else {
        return;
    };
    assert!(checked.ok, "{}", checked.stdout);
    let expected = format!("schemas: {} files valid", site_file_count(&repo()));
    assert_eq!(
        checked.stdout.trim_end().lines().last(),
        Some(expected.as_str()),
        "{}",
        checked.stdout
    );
}

#[test]
fn the_golden_fixture_validates() {
    let root = fixture("basic/site");
    let Some(checked) = validate(&root, &["."]) else {
        return;
    };
    assert!(checked.ok, "{}", checked.stdout);
    let expected = format!("schemas: {} files valid", site_file_count(&root));
    assert_eq!(
        checked.stdout.trim_end().lines().last(),
        Some(expected.as_str()),
        "{}",
        checked.stdout
    );
}

#[test]
fn invalid_fixtures_are_rejected() {
    // (fixture file, schema, the problems: line, column and the start of the message)
    type Problems = &'static [(usize, usize, &'static str)];
    let cases: &[(&str, &str, Problems)] = &[
        (
            "missing_required_fields/content/a.md",
            "article",
            &[
                (1, 1, "the front matter has no `date`, which is required"),
                (1, 1, "the front matter has no `title`, which is required"),
            ],
        ),
        (
            "wrong_types/content/a.md",
            "article",
            &[
                (4, 10, "`sources` must be a list, but it is the number `42`"),
                (5, 6, "`key` must be `true` or `false`, but it is the text `maybe`"),
                (8, 5, "item 2 of `tags` must be text, but it is a list"),
                (11, 11, "`kind` in item 1 of `updates` is the text `erratum`"),
            ],
        ),
        (
            "invalid_dates/content/a.md",
            "article",
            &[
                (3, 7, "`date` is `2024-13-45`: not a date gazette reads"),
                (4, 13, "`event_date` is `2024-02-30`: not an event date gazette reads"),
                (5, 10, "`updated` is `yesterday`: not a date gazette reads"),
            ],
        ),
        (
            "bad_site_yaml/site.yaml",
            "site",
            &[
                (2, 11, "`base_url` is `example.org/briefings`: not a base URL"),
                (3, 11, "`timezone` is the text `Asia/Pyongyan`: unknown time zone"),
                (5, 1, "unknown key `feed` (did you mean `feeds`?)"),
            ],
        ),
        (
            "author_bad_front_matter/content/authors/bad-links.md",
            "author",
            &[
                (3, 6, "`url` is `example.org/staff/bad`: not an http(s) address"),
                (
                    6,
                    5,
                    "item 2 of `same_as` is `ftp://example.org/profile`: not an http(s) address",
                ),
                (7, 1, "unknown key `rol` (did you mean `role`?)"),
            ],
        ),
        (
            "author_bad_front_matter/content/authors/no-name.md",
            "author",
            &[(1, 1, "the front matter has no `name`, which is required")],
        ),
    ];
    let root = fixture("invalid");
    for (file, schema_name, expected) in cases {
        let Some(checked) = validate(&root, &["--schema", schema_name, file]) else {
            return;
        };
        assert!(!checked.ok, "{file} must be rejected:\n{}", checked.stdout);
        assert_eq!(checked.problems.len(), expected.len(), "{file}:\n{}", checked.stdout);
        for (problem, (line, column, start)) in checked.problems.iter().zip(expected.iter()) {
            assert_eq!(problem.path, *file);
            assert_eq!(
                (problem.line, problem.column),
                (*line, *column),
                "{file}:\n{}",
                checked.stdout
            );
            assert!(
                problem.message.starts_with(start),
                "{file}: `{}` should start with `{start}`",
                problem.message
            );
        }
        // Found without --schema too, from the file's name and place.
        let auto = validate(&root, &[file]).expect("ran once already");
        assert_eq!(auto.problems, checked.problems, "{file}");
    }
}

#[test]
fn bad_editions_are_rejected() {
    // An item with two kinds, a link without a title and a link that is not http(s): the schema
    // rejects each where gazette does, at the same line and column.
    let file = "content/editions/2024-06-21.md";
    let edition = "---\n\
        date: 2024-06-21\n\
        items:\n\
        \x20 - section: The big story\n\
        \x20   article: 2024/06/a.md\n\
        \x20 - link: https://www.example.com/analysis\n\
        \x20   outlet: Example Times\n\
        \x20 - link: ftp://example.com/treaty.pdf\n\
        \x20   title: The treaty's text\n\
        ---\n\
        The editor's introduction.\n";
    let dir = site(&[
        ("site.yaml", "title: T\nbase_url: https://example.org/\n"),
        ("content/2024/06/a.md", "---\ntitle: A\ndate: 2024-06-20\n---\nBody.\n"),
        (file, edition),
    ]);
    let expected: &[(usize, usize, &str)] = &[
        (4, 5, "item 1 of `items` has both `section` and `article`"),
        (6, 5, "item 2 of `items` has no `title`, which is required"),
        (
            8,
            11,
            "`link` in item 3 of `items` is `ftp://example.com/treaty.pdf`: not an http(s) address",
        ),
    ];

    let run = gazette(dir.path(), &["check", "--verbose"]);
    let printed = stderr(&run);
    let by_gazette: Vec<(usize, usize)> = parse_problems(&printed)
        .iter()
        .filter(|p| p.path.ends_with(file))
        .map(|p| (p.line, p.column))
        .collect();
    let wanted: Vec<(usize, usize)> = expected.iter().map(|(line, column, _)| (*line, *column)).collect();
    assert_eq!(by_gazette, wanted, "gazette check:\n{printed}");

    let Some(checked) = validate(dir.path(), &["--schema", "edition", file]) else {
        return;
    };
    assert!(!checked.ok, "{file} must be rejected:\n{}", checked.stdout);
    assert_eq!(checked.problems.len(), expected.len(), "{}", checked.stdout);
    for (problem, (line, column, start)) in checked.problems.iter().zip(expected) {
        assert_eq!(problem.path, file);
        assert_eq!((problem.line, problem.column), (*line, *column), "{}", checked.stdout);
        assert!(
            problem.message.starts_with(start),
            "`{}` should start with `{start}`",
            problem.message
        );
    }
    // Found without --schema too, from the file's place (content/editions/), and in the whole site.
    let auto = validate(dir.path(), &[file]).expect("ran once already");
    assert_eq!(auto.problems, checked.problems);
    let whole = validate(dir.path(), &["."]).expect("ran once already");
    assert_eq!(whole.problems, checked.problems, "{}", whole.stdout);
}

/// Publication dates (`date`, `updated`, an update's `date`), written as YAML values, and whether
/// gazette reads them.
const DATES: &[(&str, bool)] = &[
    ("2024-06-21", true),
    ("2024-06-21T09:30:00+09:00", true),
    ("2024-06-21T00:30:00Z", true),
    ("2024-06-21t09:30:00z", true),
    ("2024-06-21 09:30", true),
    ("2024-06-21 09:30:15", true),
    ("2024-06-21 09:30 +09:00", true),
    ("2024-06-21 09:30:00 +0900", true),
    ("2024-06-21 09:30-05:00", true),
    ("2024-06-21 09:30  +09:00", true),
    ("2024-06-21T09:30:00 Z", true),
    ("2024-06-21T09:30:00.5", true),
    ("2024-06-21T09:30:00.123+09:00", true),
    ("2024-06-21T09:30:00,5Z", true),
    ("2024-06-21T09:30:00.999999999-12:00", true),
    ("2024-02-29", true),
    ("2000-02-29", true),
    ("2400-02-29", true),
    ("0004-02-29", true),
    ("2024-04-30", true),
    ("2024-12-31", true),
    ("\" 2024-06-21 \"", true),
    ("'2024-06-21'", true),
    ("2024", false),
    ("2024-06", false),
    ("2023-02-29", false),
    ("1900-02-29", false),
    ("2100-02-29", false),
    ("2024-13-01", false),
    ("2024-00-10", false),
    ("2024-06-31", false),
    ("2024-04-31", false),
    ("2024-06-00", false),
    ("2024-06-32", false),
    ("2024-06-21T24:00", false),
    ("2024-06-21 9:30", false),
    ("2024-06-21T09:60", false),
    ("2024-06-21T09:30:60", false),
    ("2024-06-21T09", false),
    ("2024-06-21T0930", false),
    ("2024-06-21 09:30 +24:00", false),
    ("2024-06-21T09:30:00+09:60", false),
    ("2024-06-21T09:30:00+09", false),
    ("2024-06-21T09:30:00+09000", false),
    ("2024-06-21T09:30:00+9:00", false),
    ("2024-06-21T09:30:00.1234567890Z", false),
    ("2024-06-21T09:30:00.", false),
    ("2024-06-21T09:30.5", false),
    ("2024-06-21T09:30:00 UTC", false),
    ("2024-06-21T09:30:00ZZ", false),
    ("2024-06-21  09:30", false),
    ("2024-06-21_09:30", false),
    ("yesterday", false),
    ("24-06-21", false),
    ("2024/06/21", false),
    ("2024-6-21", false),
    ("20240621", false),
    ("02024-06-21", false),
    ("\"\"", false),
    ("", false),
    ("true", false),
    ("[2024-06-21]", false),
    ("{a: 1}", false),
];

/// Event dates (`event_date`, `event_end`, a source's `date`) beyond DATES, where `2024` and
/// `2024-06` are also good.
const EVENT_DATES: &[(&str, bool)] = &[
    ("2000", true),
    ("\"2000\"", true),
    ("2000-07", true),
    ("2000-12", true),
    ("\" 2000-07 \"", true),
    ("0999", true),
    ("1000", true),
    ("9999", true),
    ("0x7D0", true),
    ("0o3720", true),
    ("999", false),
    ("10000", false),
    ("12345", false),
    ("-2000", false),
    ("200", false),
    ("\"20000\"", false),
    ("2000-13", false),
    ("2000-00", false),
    ("2000-7", false),
    ("2000.5", false),
    ("2000.0", false),
    ("2e3", false),
    ("1_999", false),
];

/// Other front matter (added to `title: Case` and `date: 2024-06-21` unless it has its own).
const ARTICLES: &[(&str, bool)] = &[
    ("title: 1984", true),
    ("title: true", true),
    ("title: no", true),
    ("title: \"Putin: the visit\"", true),
    ("title: \"\"", false),
    ("title: \"   \"", false),
    ("title:", false),
    ("title: [a, b]", false),
    ("title: {a: 1}", false),
    ("summary:", true),
    ("summary: 42", true),
    ("summary: {a: 1}", false),
    ("display_date: July 2000", true),
    ("display_date: [July]", false),
    ("key: true", true),
    ("key: FALSE", true),
    ("key:", true),
    ("key: yes", false),
    ("key: on", false),
    ("key: 1", false),
    ("key: \"true\"", false),
    ("draft: false", true),
    ("draft: no", false),
    ("topics: t", true),
    ("topics: [t]", true),
    ("topics:\n  - t", true),
    ("topics:", true),
    ("topics: [[t]]", false),
    ("topics: {t: 1}", false),
    ("tags: Kim Jong Un", true),
    ("tags: [a, 1, true]", true),
    ("tags: []", true),
    ("tags: [a, null]", false),
    ("tags: [a, {b: 1}]", false),
    ("slug: Пакт", true),
    ("slug: 🚀", true),
    ("slug: [a]", false),
    ("aliases: /old-1/", true),
    ("aliases: old-2/path", true),
    ("aliases: [/old-3/, /old-4/]", true),
    ("aliases: /old-5/page.html", true),
    ("aliases: 2020", true),
    ("aliases: \" /old-6/ \"", true),
    // A part starting with `.` is hidden (`/.git/`, which a deploy repository's output holds).
    ("aliases: /old-7/..b/", false),
    ("aliases: \"/old-8/. /b/\"", false),
    ("aliases: /.git/hooks/", false),
    ("aliases: /old-9/b../", true),
    ("aliases:", true),
    ("aliases: https://example.com/old/", false),
    ("aliases: /a/../b/", false),
    ("aliases: /./", false),
    ("aliases: /c/..", false),
    ("aliases: ./d/", false),
    ("aliases: /", false),
    ("aliases: \"\"", false),
    ("aliases: /a?b", false),
    ("aliases: \"/a#b\"", false),
    ("aliases: '/a\"b/'", false),
    ("aliases: /a<b/", false),
    ("aliases: '/a\\b/'", false),
    ("aliases: [/old-9/, [y]]", false),
    ("aliases: [/old-10/, null]", false),
    ("sources:", true),
    ("sources: []", true),
    ("sources:\n  - outlet: Yonhap", true),
    ("sources:\n  - outlet: 42", true),
    (
        "sources:\n  - outlet: X\n    title: T\n    url: https://example.com/a\n    date: 2024-06",
        true,
    ),
    ("sources:\n  - outlet: X\n    url: http://example.com/a", true),
    ("sources:\n  - outlet: X\n    url: \"\"", true),
    ("sources:\n  - outlet: X\n    url:", true),
    ("sources:\n  - outlet: X\n    title:", true),
    ("sources: 42", false),
    ("sources: {outlet: X}", false),
    ("sources:\n  - Yonhap", false),
    ("sources:\n  - title: No outlet", false),
    ("sources:\n  - outlet: \"\"", false),
    ("sources:\n  - outlet:", false),
    ("sources:\n  - outlet: [X]", false),
    ("sources:\n  - outlet: X\n    url: ftp://example.com/a", false),
    ("sources:\n  - outlet: X\n    url: HTTPS://EXAMPLE.COM/", false),
    ("sources:\n  - outlet: X\n    url: example.com/a", false),
    ("sources:\n  - outlet: X\n    url: 42", false),
    ("sources:\n  - outlet: X\n    title: [T]", false),
    ("updates:", true),
    ("updates:\n  - date: 2024-06-22\n    text: Added a quote.", true),
    (
        "updates:\n  - date: 2024-06-22\n    kind: correction\n    text: x",
        true,
    ),
    (
        "updates:\n  - date: 2024-06-22\n    kind: clarification\n    text: x",
        true,
    ),
    ("updates:\n  - date: 2024-06-22\n    kind:\n    text: x", true),
    ("updates:\n  - date: 2024-06-22\n    text: 42", true),
    ("updates: x", false),
    ("updates:\n  - x", false),
    ("updates:\n  - date: 2024-06-22\n    kind: erratum\n    text: x", false),
    (
        "updates:\n  - date: 2024-06-22\n    kind: Correction\n    text: x",
        false,
    ),
    ("updates:\n  - date: 2024-06-22", false),
    ("updates:\n  - date: 2024-06-22\n    text: \" \"", false),
    ("updates:\n  - text: No date", false),
    ("extra: {a: [1, 2]}", true),
    ("extra: [1, 2]", true),
    ("extra: text", true),
    ("extra:", true),
    ("title: A\ntitle: B", false),
    ("topics: [t\n", false),
    ("- a list", false),
];

/// Where the schemas and gazette differ on purpose (see the schemas' descriptions):
/// (file name, front matter, gazette accepts, the schema accepts).
const ARTICLE_DIFFERENCES: &[(&str, &str, bool, bool)] = &[
    // An unknown key: gazette warns and ignores it; the schema flags it as a likely typo.
    ("d-unknown.md", "title: T\ndate: 2024-06-21\ncolour: red", true, false),
    (
        "d-unknown-source-key.md",
        "title: T\ndate: 2024-06-21\nsources:\n  - outlet: X\n    link: x",
        true,
        false,
    ),
    (
        "d-unknown-update-key.md",
        "title: T\ndate: 2024-06-21\nupdates:\n  - date: 2024-06-22\n    text: x\n    by: y",
        true,
        false,
    ),
    // The date from a Jekyll-style name: fine for gazette, but the schema wants `date`.
    ("2024-06-21-jekyll.md", "title: T", true, false),
    // Comparing two dates is beyond a schema.
    (
        "d-end-before-start.md",
        "title: T\ndate: 2024-06-21\nevent_date: 2024-06-20\nevent_end: 2024-06-19",
        false,
        true,
    ),
];

/// The files (relative to the site) with at least one error in a `path:line:col: error:` listing.
fn failing_files(problems: &[Problem]) -> BTreeSet<String> {
    problems.iter().map(|p| p.path.clone()).collect()
}

#[test]
fn schemas_accept_the_articles_gazette_accepts() {
    let mut cases: Vec<(String, bool)> = Vec::new();
    for (value, ok) in DATES {
        cases.push((format!("date: {value}"), *ok));
        cases.push((format!("updated: {value}"), *ok));
        cases.push((format!("updates:\n  - date: {value}\n    text: x"), *ok));
    }
    let event_good = |value: &str, ok: bool| ok || value == "2024" || value == "2024-06";
    for (value, ok) in DATES.iter().chain(EVENT_DATES) {
        let ok = event_good(value, *ok);
        cases.push((format!("event_date: {value}"), ok));
        // An end is compared with its start: start at year 0 so that any good end is after it.
        cases.push((format!("event_date: \"0000\"\nevent_end: {value}"), ok));
        // A source's date is optional: empty is the same as absent.
        let blank = matches!(*value, "" | "\"\"");
        cases.push((format!("sources:\n  - outlet: X\n    date: {value}"), ok || blank));
    }
    cases.extend(ARTICLES.iter().map(|(yaml, ok)| (yaml.to_string(), *ok)));

    let mut files: Vec<(String, String)> = vec![
        (
            "site.yaml".into(),
            "title: T\nbase_url: https://example.org/\ntimezone: UTC\n".into(),
        ),
        ("content/topics/t.md".into(), "---\ntitle: T\n---\nBackground.\n".into()),
    ];
    let mut expected = BTreeMap::new();
    for (i, (yaml, ok)) in cases.iter().enumerate() {
        let has = |key: &str| yaml.lines().any(|line| line.starts_with(&format!("{key}:")));
        let mut text = String::from("---\n");
        if !has("title") && !yaml.starts_with('-') {
            text.push_str("title: Case\n");
        }
        if !has("date") && !yaml.starts_with('-') {
            text.push_str("date: 2024-06-21\n");
        }
        text.push_str(&format!("{yaml}\n---\nBody.\n"));
        let path = format!("content/c{i:03}.md");
        expected.insert(path.clone(), (*ok, text.clone()));
        files.push((path, text));
    }
    for (name, yaml, _, _) in ARTICLE_DIFFERENCES {
        files.push((format!("content/{name}"), format!("---\n{yaml}\n---\nBody.\n")));
    }
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let dir = site(&refs);

    // Every case: (path, its front matter, gazette accepts, the schema accepts).
    let mut all: Vec<(String, String, bool, bool)> = expected
        .into_iter()
        .map(|(path, (ok, text))| (path, text, ok, ok))
        .collect();
    all.extend(ARTICLE_DIFFERENCES.iter().map(|(name, yaml, gazette_ok, schema_ok)| {
        (format!("content/{name}"), yaml.to_string(), *gazette_ok, *schema_ok)
    }));

    // gazette first: the table is also a test of gazette, which runs without Python.
    let run = gazette(dir.path(), &["check", "--verbose"]);
    let printed = stderr(&run);
    assert!(!printed.contains("panicked"), "{printed}");
    let gazette_failing = failing_files(&parse_problems(&printed));
    let wrong: Vec<String> = all
        .iter()
        .filter(|(path, _, ok, _)| gazette_failing.contains(path) == *ok)
        .map(|(path, text, ok, _)| format!("{path}: gazette should {} it\n{text}", verb(*ok)))
        .collect();
    assert!(
        wrong.is_empty(),
        "`gazette check` and the table disagree:\n{}",
        wrong.join("\n")
    );

    let Some(checked) = validate(dir.path(), &["."]) else {
        return;
    };
    let schema_failing = failing_files(&checked.problems);
    let wrong: Vec<String> = all
        .iter()
        .filter(|(path, _, _, ok)| schema_failing.contains(path) == *ok)
        .map(|(path, text, _, ok)| format!("{path}: the schema should {} it\n{text}", verb(*ok)))
        .collect();
    assert!(
        wrong.is_empty(),
        "{} of {} cases disagree with the schema:\n\n{}\n\nvalidate.py said:\n{}",
        wrong.len(),
        all.len(),
        wrong.join("\n"),
        checked.stdout
    );
}

fn verb(ok: bool) -> &'static str {
    if ok { "accept" } else { "reject" }
}

/// Edition front matter (added to `date: 2024-06-21` and `items: [{article: 2024/06/a.md}]` unless it
/// has its own). The site has one article, `2024/06/a.md`, dated 2024-06-20.
const EDITIONS: &[(&str, bool)] = &[
    ("title: Morning Briefing, 21 June 2024", true),
    ("title: 1984", true),
    ("title:", true),
    ("title: [a]", false),
    ("date: 2024-06-21T07:00:00+09:00", true),
    ("date: 2024-06-21 07:00", true),
    ("date: 2024-06", false),
    ("date: yesterday", false),
    ("date:", false),
    ("series: morning", true),
    ("series: Morning Briefing", true),
    ("series:", true),
    ("series: [a]", false),
    ("summary: Putin in Pyongyang; the treaty.", true),
    ("summary:", true),
    ("summary: {a: 1}", false),
    ("draft: true", true),
    ("draft:", true),
    ("draft: yes", false),
    ("slug: morning-special", true),
    ("slug: [a]", false),
    ("extra: {sponsor: X}", true),
    ("extra: [1]", true),
    // A published edition lists an article or a link; a draft may be empty.
    ("items:", false),
    ("items: []", false),
    ("items:\n  - section: Only a heading", false),
    ("items:\ndraft: true", true),
    ("items: []\ndraft: true", true),
    ("items: x", false),
    ("items: {section: A}", false),
    ("items:\n  - x", false),
    ("items:\n  - [section, A]", false),
    ("items:\n  - section: The big story\n  - article: 2024/06/a.md", true),
    ("items:\n  - section: 1984\n  - article: 2024/06/a.md", true),
    ("items:\n  - section: \"\"", false),
    ("items:\n  - section:", false),
    ("items:\n  - section: [a]", false),
    ("items:\n  - article: 2024/06/a.md", true),
    ("items:\n  - article: \"@/2024/06/a.md\"", true),
    ("items:\n  - article: content/2024/06/a.md", true),
    ("items:\n  - article: \" 2024/06/a.md \"", true),
    (
        "items:\n  - article: 2024/06/a.md\n    note: \"Why it matters: *this*.\"",
        true,
    ),
    ("items:\n  - article: 2024/06/a.md\n    note:", true),
    ("items:\n  - article: 2024/06/a.md\n    note: 42", true),
    ("items:\n  - article: 2024/06/a.md\n    note: [x]", false),
    ("items:\n  - article: 2024/06/a", false),
    ("items:\n  - article:", false),
    ("items:\n  - article: \" \"", false),
    ("items:\n  - article: [2024/06/a.md]", false),
    ("items:\n  - link: https://example.com/x\n    title: X", true),
    (
        "items:\n  - link: http://example.com/x\n    title: X\n    outlet: Example\n    note: A note.",
        true,
    ),
    ("items:\n  - link: \" https://example.com/x \"\n    title: X", true),
    ("items:\n  - link: https://example.com/x\n    title: 1984", true),
    (
        "items:\n  - link: https://example.com/x\n    title: X\n    outlet:",
        true,
    ),
    ("items:\n  - link: https://example.com/x", false),
    ("items:\n  - link: https://example.com/x\n    outlet: Example", false),
    ("items:\n  - link: https://example.com/x\n    title:", false),
    ("items:\n  - link: https://example.com/x\n    title: \"  \"", false),
    ("items:\n  - link: https://example.com/x\n    title: [X]", false),
    (
        "items:\n  - link: https://example.com/x\n    title: X\n    outlet: [O]",
        false,
    ),
    ("items:\n  - link: ftp://example.com/x\n    title: X", false),
    ("items:\n  - link: example.com/x\n    title: X", false),
    ("items:\n  - link: HTTPS://EXAMPLE.COM/\n    title: X", false),
    ("items:\n  - link: /2024/06/a/\n    title: X", false),
    ("items:\n  - link: 42\n    title: X", false),
    ("items:\n  - link:\n    title: X", false),
    ("items:\n  - section: A\n    article: 2024/06/a.md", false),
    (
        "items:\n  - section: A\n    link: https://example.com/x\n    title: X",
        false,
    ),
    (
        "items:\n  - article: 2024/06/a.md\n    link: https://example.com/x\n    title: X",
        false,
    ),
    ("items:\n  - section:\n    article:", false),
    ("items:\n  - note: A note without an item.", false),
    ("items:\n  - {}", false),
    (
        "items:\n  - section: The big story\n  - article: 2024/06/a.md\n    note: Why.\n  - section: Elsewhere\n  - link: https://example.com/x\n    title: X",
        true,
    ),
    ("title: A\ntitle: B", false),
    ("- a list", false),
];

/// Where the edition schema and gazette differ on purpose (see its description):
/// (file name, front matter, gazette accepts, the schema accepts).
const EDITION_DIFFERENCES: &[(&str, &str, bool, bool)] = &[
    // An unknown key, at the top or in an item: gazette warns and ignores it; the schema flags it.
    (
        "d-unknown.md",
        "date: 2024-06-21\nitems:\ncolour: red\ndraft: true",
        true,
        false,
    ),
    (
        "d-unknown-item-key.md",
        "date: 2024-06-21\nitems:\n  - article: 2024/06/a.md\n    by: x",
        true,
        false,
    ),
    // A key its kind of item does not use: gazette ignores it; the schema flags it.
    (
        "d-article-title.md",
        "date: 2024-06-21\nitems:\n  - article: 2024/06/a.md\n    title: T\n    outlet: O",
        true,
        false,
    ),
    (
        "d-section-note.md",
        "date: 2024-06-21\nitems:\n  - section: S\n    note: N\n  - article: 2024/06/a.md",
        true,
        false,
    ),
    // Which articles exist, and when they were published, is beyond a schema.
    (
        "d-no-such-article.md",
        "date: 2024-06-21\nitems:\n  - article: 2024/06/missing.md",
        false,
        true,
    ),
    (
        "d-before-its-article.md",
        "date: 2024-06-19\nitems:\n  - article: 2024/06/a.md",
        false,
        true,
    ),
];

#[test]
fn schemas_accept_the_editions_gazette_accepts() {
    let mut files: Vec<(String, String)> = vec![
        ("site.yaml".into(), "title: T\nbase_url: https://example.org/\n".into()),
        (
            "content/2024/06/a.md".into(),
            "---\ntitle: A\ndate: 2024-06-20\n---\nBody.\n".into(),
        ),
    ];
    // Every case: (path, its front matter, gazette accepts, the schema accepts).
    let mut all: Vec<(String, String, bool, bool)> = Vec::new();
    for (i, (yaml, ok)) in EDITIONS.iter().enumerate() {
        let has = |key: &str| yaml.lines().any(|line| line.starts_with(&format!("{key}:")));
        let mut text = String::from("---\n");
        if !has("date") && !yaml.starts_with('-') {
            text.push_str("date: 2024-06-21\n");
        }
        if !has("items") && !yaml.starts_with('-') {
            text.push_str("items:\n  - article: 2024/06/a.md\n");
        }
        text.push_str(&format!("{yaml}\n---\nThe introduction.\n"));
        let path = format!("content/editions/e{i:03}.md");
        files.push((path.clone(), text.clone()));
        all.push((path, text, *ok, *ok));
    }
    for (name, yaml, gazette_ok, schema_ok) in EDITION_DIFFERENCES {
        let path = format!("content/editions/{name}");
        let text = format!("---\n{yaml}\n---\n");
        files.push((path.clone(), text.clone()));
        all.push((path, text, *gazette_ok, *schema_ok));
    }
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let dir = site(&refs);

    // gazette first: the table is also a test of gazette, which runs without Python.
    let run = gazette(dir.path(), &["check", "--verbose"]);
    let printed = stderr(&run);
    assert!(!printed.contains("panicked"), "{printed}");
    let gazette_failing = failing_files(&parse_problems(&printed));
    let wrong: Vec<String> = all
        .iter()
        .filter(|(path, _, ok, _)| gazette_failing.contains(path) == *ok)
        .map(|(path, text, ok, _)| format!("{path}: gazette should {} it\n{text}", verb(*ok)))
        .collect();
    assert!(
        wrong.is_empty(),
        "`gazette check` and the table disagree:\n{}\n\ngazette said:\n{printed}",
        wrong.join("\n")
    );

    let Some(checked) = validate(dir.path(), &["."]) else {
        return;
    };
    let schema_failing = failing_files(&checked.problems);
    let wrong: Vec<String> = all
        .iter()
        .filter(|(path, _, _, ok)| schema_failing.contains(path) == *ok)
        .map(|(path, text, _, ok)| format!("{path}: the schema should {} it\n{text}", verb(*ok)))
        .collect();
    assert!(
        wrong.is_empty(),
        "{} of {} cases disagree with the schema:\n\n{}\n\nvalidate.py said:\n{}",
        wrong.len(),
        all.len(),
        wrong.join("\n"),
        checked.stdout
    );
}

/// site.yaml lines (added to `title: T` and `base_url: https://example.org/` unless it has its own).
const SITES: &[(&str, bool)] = &[
    ("", true),
    ("title: 1984", true),
    ("description:", true),
    ("description: Briefings.", true),
    ("base_url: http://localhost:1111", true),
    ("base_url: https://example.org", true),
    ("base_url: https://example.org/briefings", true),
    ("base_url: https://[::1]:8080/x/", true),
    ("language: en-GB", true),
    ("language: zh-Hant-TW", true),
    ("language: KO", true),
    ("language: ar-u-nu-arab", true),
    ("language:", true),
    ("timezone: Asia/Seoul", true),
    ("timezone: Etc/GMT+9", true),
    ("timezone: America/Argentina/Buenos_Aires", true),
    ("timezone:", true),
    ("theme: default", true),
    ("theme:", true),
    ("permalink: /news/:slug/", true),
    ("permalink: /:year/:month/:day/:slug/", true),
    ("permalink: /:year-:month/:slug.html/", true),
    ("feeds: {entries: 10}", true),
    ("feeds: {}", true),
    ("markdown: {unsafe_html: false}", true),
    ("markdown: {smart_punctuation: false}", true),
    ("markdown: {unsafe_html: true, smart_punctuation: true}", true),
    ("markdown: {}", true),
    // Not a boolean: an error for both (gazette warned and took the default before).
    ("markdown: {unsafe_html: maybe}", false),
    ("markdown: {unsafe_html: }", false),
    ("search: {phrases: }", false),
    ("markdown: {smart_punctuation: sometimes}", false),
    ("markdown: {unsafe_html: no}", false),
    ("extra: {twitter: \"@desk\"}", true),
    ("extra: [1]", true),
    ("logo: logo.svg", true),
    ("logo: /images/logo.svg", true),
    ("logo:", true),
    ("favicon: favicon.svg", true),
    ("favicon: [favicon.svg, favicon.ico]", true),
    ("favicon: https://cdn.example.org/f.png", true),
    ("logo: ../logo.svg", false),
    ("favicon: [favicon.svg, ../../favicon.ico]", false),
    ("title: \"\"", false),
    ("title:", false),
    ("title: [T]", false),
    ("base_url: example.org", false),
    ("base_url: https://", false),
    ("base_url: https:///path/", false),
    ("base_url: ftp://example.org/", false),
    ("base_url: \"https://example.org/a b/\"", false),
    ("base_url: https://example.org/?q=1", false),
    ("base_url: \"https://example.org/#x\"", false),
    ("base_url: https://exa_mple.org/", false),
    ("base_url: [https://example.org/]", false),
    ("language: en_GB", false),
    // Regression (error probe): a name or a number was taken for a tag.
    ("language: english", false),
    ("language: 12", false),
    ("language: toolongsubtag", false),
    ("language: en-", false),
    ("timezone: Asia/Pyongyan", false),
    ("timezone: Mars/Olympus", false),
    ("theme: ../x", false),
    ("theme: .hidden", false),
    ("theme: a/b", false),
    ("theme: \"\"", false),
    ("permalink: /:year/:month/", false),
    ("permalink: \":slug\"", false),
    ("permalink: /:slug", false),
    ("permalink: /:year/:title/:slug/", false),
    ("permalink: /:slugs/", false),
    ("permalink: /./:slug/", false),
    ("permalink: /../:slug/", false),
    ("feeds: {entries: 0}", false),
    ("feeds: {entries: -1}", false),
    ("feeds: {entries: 2.5}", false),
    ("feeds: {entries: ten}", false),
    ("feeds: 10", false),
    ("feeds:", false),
    ("markdown: true", false),
    ("editions: {auto: off}", true),
    ("editions: {auto: daily}", true),
    ("editions: {auto: weekly}", true),
    ("editions: {auto: false}", true),
    ("editions: {auto: \"false\"}", true),
    ("editions: {}", true),
    (
        "editions:\n  auto: daily\n  utm: {source: newsletter, medium: email, campaign: morning, term: korea, content: edition}",
        true,
    ),
    ("editions: {utm: {}}", true),
    ("editions: {utm: {campaign: 2024}}", true),
    ("editions: {auto: hourly}", false),
    ("editions: {auto: Daily}", false),
    ("editions: {auto: true}", false),
    ("editions:\n  auto:", false),
    ("editions:", false),
    ("editions: daily", false),
    ("editions: {utm: newsletter}", false),
    ("editions:\n  utm:", false),
    ("editions: {utm: {source: \"\"}}", false),
    ("editions:\n  utm:\n    source:", false),
    ("editions: {utm: {source: [a]}}", false),
    ("title: A\ntitle: B", false),
];

/// (site.yaml lines, gazette accepts, the schema accepts): the documented differences.
const SITE_DIFFERENCES: &[(&str, bool, bool)] = &[
    // Unknown keys, at the top or in `feeds` / `editions`, are warnings for gazette and errors
    // for the schema.
    ("feed: {entries: 10}", true, false),
    ("feeds: {entries: 10, size: 2}", true, false),
    ("editions: {auto: daily, every: 2}", true, false),
    ("editions: {utm: {souce: newsletter}}", true, false),
    // The schema lists the canonical time zone names; gazette ignores case.
    ("timezone: asia/seoul", true, false),
];

#[test]
fn schemas_accept_the_site_yaml_gazette_accepts() {
    let cases: Vec<(&str, bool, bool)> = SITES
        .iter()
        .map(|(yaml, ok)| (*yaml, *ok, *ok))
        .chain(SITE_DIFFERENCES.iter().copied())
        .collect();
    let article = "---\ntitle: A\ndate: 2024-06-21\n---\nBody.\n";
    let mut files = Vec::new();
    for (i, (yaml, _, _)) in cases.iter().enumerate() {
        let has = |key: &str| yaml.lines().any(|line| line.starts_with(&format!("{key}:")));
        let mut text = String::new();
        if !has("title") {
            text.push_str("title: T\n");
        }
        if !has("base_url") {
            text.push_str("base_url: https://example.org/\n");
        }
        text.push_str(yaml);
        text.push('\n');
        files.push((format!("s{i:02}/site.yaml"), text));
        files.push((format!("s{i:02}/content/a.md"), article.to_string()));
    }
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let dir = site(&refs);
    let site_files: Vec<String> = (0..cases.len()).map(|i| format!("s{i:02}/site.yaml")).collect();

    let mut wrong = Vec::new();
    for (i, (yaml, gazette_ok, _)) in cases.iter().enumerate() {
        let run = gazette(&dir.path().join(format!("s{i:02}")), &["check", "--verbose"]);
        let printed = stderr(&run);
        assert!(!printed.contains("panicked"), "{printed}");
        let failed = parse_problems(&printed).iter().any(|p| p.path == "site.yaml");
        if failed == *gazette_ok {
            wrong.push(format!(
                "{}: gazette should {} `{yaml}`\n{printed}",
                site_files[i],
                verb(*gazette_ok)
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "`gazette check` and the table disagree:\n{}",
        wrong.join("\n")
    );

    let args: Vec<&str> = site_files.iter().map(String::as_str).collect();
    let Some(checked) = validate(dir.path(), &args) else {
        return;
    };
    let schema_failing = failing_files(&checked.problems);
    let wrong: Vec<String> = cases
        .iter()
        .zip(&site_files)
        .filter(|((_, _, ok), file)| schema_failing.contains(*file) == *ok)
        .map(|((yaml, _, ok), file)| format!("{file}: the schema should {} `{yaml}`", verb(*ok)))
        .collect();
    assert!(
        wrong.is_empty(),
        "{} of {} cases disagree with the schema:\n{}\n\nvalidate.py said:\n{}",
        wrong.len(),
        cases.len(),
        wrong.join("\n"),
        checked.stdout
    );
}

/// Regression: the edition schema required `date` of a translation (`2024-06-22.ko.md`), which
/// takes its date from its original in gazette, so an editor's schema check rejected a valid file.
#[test]
fn an_editions_translation_needs_no_date_of_its_own() {
    let dir = site(&[
        (
            "site.yaml",
            "title: T\nbase_url: https://example.org/\nlanguages:\n  ko:\n    title: 티\n",
        ),
        ("content/2024/06/a.md", "---\ntitle: A\ndate: 2024-06-20\n---\nBody.\n"),
        ("content/2024/06/a.ko.md", "---\ntitle: 에이\n---\n본문.\n"),
        (
            "content/editions/2024-06-21.md",
            "---\ndate: 2024-06-21\nitems:\n  - article: 2024/06/a.md\n---\n",
        ),
        (
            "content/editions/2024-06-21.ko.md",
            "---\ntitle: 아침\nitems:\n  - article: 2024/06/a.md\n---\n",
        ),
    ]);
    let run = gazette(dir.path(), &["check", "--verbose"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let Some(checked) = validate(dir.path(), &["."]) else {
        return;
    };
    assert!(checked.ok, "{}", checked.stdout);
    assert!(checked.stdout.contains("schemas: 5 files valid"), "{}", checked.stdout);
}
