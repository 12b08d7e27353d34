//! The one place that touches a YAML library: parses a YAML block into a tree of values that each
//! remember where they start in the file (keys, values, list items, flow items alike), turns values
//! into typed fields with messages a writer understands, and writes a text as a YAML scalar.
//!
//! The parser is saphyr-parser, which reports a span for every event; the tree is built here from
//! its events. Scalars are resolved the way gazette always has (YAML 1.2 core schema: `true` and
//! `false` are booleans, `yes`, `no`, `on`, `off` and `y` stay text; `~`, `null` and an empty value
//! are null; decimal, `0x`, `0o` and `0b` integers; floats with `.inf` and `.nan`; a leading zero
//! keeps digits as text), so templates see the same values as before.

use std::borrow::Cow;
use std::fmt;
use std::path::Path;

use rustc_hash::FxHashMap;
use saphyr_parser::{Event, Marker, Parser, ScalarStyle, ScanError, Span, Tag};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use crate::core::diagnostic::{Checked, Diagnostic, Pos, closest};

/// A YAML value and the place in the file where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    /// Where the value starts: its first character, or its anchor or tag; for an empty value
    /// after `key:`, the key.
    pub pos: Pos,
}

/// A YAML value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// A number, with the text it was written as when that differs from how the number is
    /// written back (`1.10`, `1e3`, `0x1F`): a field that takes text takes what was written.
    Number(Number, Option<Box<str>>),
    String(String),
    Sequence(Vec<Node>),
    Mapping(Vec<Entry>),
    /// A value with a local tag (`!note text`): the tag as written, with its `!`.
    Tagged(Box<Tagged>),
}

/// A value under a local tag such as `!note`.
#[derive(Debug, Clone, PartialEq)]
pub struct Tagged {
    pub tag: String,
    pub value: Value,
}

/// A number as YAML wrote it: a whole number that fits 64 bits, or a float.
#[derive(Debug, Clone, Copy)]
pub enum Number {
    PosInt(u64),
    NegInt(i64),
    Float(f64),
}

/// One `key: value` of a mapping, each with its own position.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
}

impl Entry {
    /// The key when it is text, as nearly every key is.
    pub fn name(&self) -> Option<&str> {
        match &self.key.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// Where a problem with the value is reported: the value when it starts on the key's line,
    /// else (an empty value, or a list or text block on the lines below) the key.
    pub fn pos(&self) -> Pos {
        value_pos(self.key.pos, self.value.pos)
    }
}

fn value_pos(key: Pos, value: Pos) -> Pos {
    if value.line == key.line { value } else { key }
}

/// One top-level key of a YAML block, its value, and where each stands in the file.
#[derive(Debug, Clone)]
pub struct Field {
    /// The key as text (a number or boolean key as written, e.g. `2024`).
    pub key: String,
    pub key_pos: Pos,
    pub value: Node,
    /// Where a problem with the value is reported (see `Entry::pos`).
    pub pos: Pos,
}

/// A parsed YAML block that is a mapping: its fields in the order written.
#[derive(Debug, Clone, Default)]
pub struct Fields {
    pub entries: Vec<Field>,
}

impl Value {
    /// The value under any local tags.
    pub fn untagged(&self) -> &Value {
        let mut value = self;
        while let Value::Tagged(tagged) = value {
            value = &tagged.value;
        }
        value
    }

    /// Whether the value is null, tagged or not.
    pub fn is_null(&self) -> bool {
        matches!(self.untagged(), Value::Null)
    }

    /// The value as text when it is a string, tagged or not.
    pub fn as_str(&self) -> Option<&str> {
        match self.untagged() {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The value as a whole number of 0 or more, tagged or not.
    pub fn as_u64(&self) -> Option<u64> {
        match self.untagged() {
            Value::Number(Number::PosInt(n), _) => Some(*n),
            _ => None,
        }
    }
}

/// The JSON value of a YAML value, for templates (`extra:`): keys in the order written.
///
/// A mapping key that JSON cannot have (null, a list, a mapping) makes the whole value `null`.
pub fn json(node: &Node) -> serde_json::Value {
    serde_json::to_value(&node.value).unwrap_or(serde_json::Value::Null)
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => serializer.serialize_unit(),
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::Number(Number::PosInt(n), _) => serializer.serialize_u64(*n),
            Value::Number(Number::NegInt(n), _) => serializer.serialize_i64(*n),
            Value::Number(Number::Float(f), _) => serializer.serialize_f64(*f),
            Value::String(s) => serializer.serialize_str(s),
            Value::Sequence(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&item.value)?;
                }
                seq.end()
            }
            Value::Mapping(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for entry in entries {
                    map.serialize_entry(&entry.key.value, &entry.value.value)?;
                }
                map.end()
            }
            // A tagged value becomes a mapping of its tag to the value: `{"!note": "text"}`.
            Value::Tagged(tagged) => {
                let mut map = serializer.serialize_map(Some(1))?;
                map.serialize_entry(&tagged.tag, &tagged.value)?;
                map.end()
            }
        }
    }
}

impl PartialEq for Number {
    fn eq(&self, other: &Number) -> bool {
        match (*self, *other) {
            (Number::PosInt(a), Number::PosInt(b)) => a == b,
            (Number::NegInt(a), Number::NegInt(b)) => a == b,
            // YAML has one NaN: two `.nan` keys are the same key.
            (Number::Float(a), Number::Float(b)) => a == b || (a.is_nan() && b.is_nan()),
            _ => false,
        }
    }
}

impl fmt::Display for Number {
    /// Integers as digits; floats in their shortest form that reads back the same (`1.1`,
    /// `1000.0`, `1e20`), and `.inf`, `-.inf`, `.nan`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Number::PosInt(n) => write!(f, "{n}"),
            Number::NegInt(n) => write!(f, "{n}"),
            Number::Float(x) if x.is_nan() => f.write_str(".nan"),
            Number::Float(x) if x.is_infinite() => f.write_str(if x < 0.0 { "-.inf" } else { ".inf" }),
            Number::Float(x) => match serde_json::Number::from_f64(x) {
                // serde_json writes the shortest round-trip form; gazette has always written
                // the exponent without a plus sign (`1e20`), as YAML libraries do.
                Some(n) => f.write_str(&n.to_string().replacen("e+", "e", 1)),
                None => write!(f, "{x:?}"),
            },
        }
    }
}

/// Parses `yaml` (which starts at line `first_line` of `path`) as a mapping.
///
/// An empty block is an empty mapping. A list or a scalar at the top is an error, and so is a
/// top-level key that is not a name.
pub fn parse_mapping(path: &Path, yaml: &str, first_line: usize, what: &str) -> Result<Fields, Diagnostic> {
    let root = match parse(path, yaml, first_line)? {
        None => {
            return Ok(Fields { entries: Vec::new() });
        }
        Some(node) => node,
    };
    let entries = match root.value {
        Value::Null => Vec::new(),
        Value::Mapping(entries) => entries,
        // `title:Snap election` alone is one text, not a key: its colon needs a space.
        Value::String(_) if let Some(found) = no_colon_message(yaml, 1) => {
            let pos = Pos::new(found.at.line() + first_line - 1, found.at.col() + 1);
            return Err(Diagnostic::error(path, pos, found.message).with_hint(found.hint));
        }
        other => {
            return Err(Diagnostic::error(
                path,
                Pos::new(first_line, 1),
                format!(
                    "{what} must be a mapping of keys to values, but it is {}",
                    describe(&other)
                ),
            )
            .with_hint(format!(
                "write one `key: value` per line, for example `{}`",
                match what {
                    "an i18n file" => "nav_topics: Stories",
                    "site.yaml" => "title: Korea Desk Briefings",
                    "card.yaml" => "background: \"#fdfcf9\"",
                    _ => "date: 2024-06-21",
                }
            )));
        }
    };
    let mut fields = Vec::with_capacity(entries.len());
    for Entry { key, value } in entries {
        let name = match key.value {
            Value::String(s) => s,
            Value::Number(n, written) => written_number(&n, written.as_deref()),
            Value::Bool(b) => b.to_string(),
            other => {
                return Err(Diagnostic::error(
                    path,
                    key.pos,
                    format!("{what} has a key that is {}, not a name", describe(&other)),
                )
                .with_hint("write each key as a plain name followed by a colon, such as `title:`; quote it (`\"null\": …`) if the name is a YAML word"));
            }
        };
        fields.push(Field {
            key: name,
            key_pos: key.pos,
            pos: value_pos(key.pos, value.pos),
            value,
        });
    }
    Ok(Fields { entries: fields })
}

/// Parses `yaml` (which starts at line `first_line` of `path`) into its one document's value,
/// or `None` when it holds no document (empty, or only comments).
pub fn parse(path: &Path, yaml: &str, first_line: usize) -> Result<Option<Node>, Diagnostic> {
    let mut text = Cow::Borrowed(yaml);
    let mut retries = 0;
    loop {
        let failure = match Builder::new(&text, first_line).run() {
            Ok(root) => return Ok(root),
            Err(failure) => failure,
        };
        // saphyr-parser refuses a tab between `key:` and a value that starts with a letter or
        // `-`, which YAML 1.2 allows (a tab is white space there) and gazette always read. The
        // tab only separates, so the same text with a space in its place means the same; each
        // retry mends one such line, and the positions stay the same (a character for one).
        if let Failure::Syntax(error, _) = &failure
            && error
                .info()
                .starts_with("':' must be followed by a valid YAML whitespace")
            && retries < MAX_TAB_RETRIES
            && let Some(mended) = space_after_colon(&text, *error.marker())
        {
            text = Cow::Owned(mended);
            retries += 1;
            continue;
        }
        return Err(failure.into_diagnostic(path, &text, first_line));
    }
}

/// How many `key:<tab>value` lines one block may have before the parser's error stands: each
/// costs a parse of the block.
const MAX_TAB_RETRIES: usize = 64;

/// How deep lists and mappings may nest, as before: deeper is refused, not a stack overflow.
const MAX_DEPTH: usize = 128;

/// Aliases may repeat at most this many nodes per event read, so `*a` of `*b` of `*c`... cannot
/// make a small file fill the memory.
const MAX_REPEAT_PER_EVENT: usize = 100;

/// And at most this many bytes of text per byte of the block, beside `REPEAT_TEXT_ALLOWANCE`: a
/// long text repeated by thousands of aliases (4 bytes each) must not fill the memory either.
const MAX_REPEAT_TEXT_PER_BYTE: usize = 4;

/// The text aliases may repeat whatever the block's size: a long text named a few times.
const REPEAT_TEXT_ALLOWANCE: usize = 1 << 20;

/// Why a block did not parse.
enum Failure {
    /// The parser's error, and the lists and mappings open when it happened (their start and
    /// whether they are sequences), innermost last.
    Syntax(ScanError, Vec<(Marker, bool)>),
    /// A well-formed document that gazette cannot read (a duplicate key, a tag that does not fit).
    Content {
        pos: Pos,
        message: String,
        hint: &'static str,
    },
}

const SYNTAX_HINT: &str = "check the indentation and quote values that contain `: `, `#` or start with `[`, `{`, `*`, `&`, `!`, `|`, `>`, `%` or `@`";

impl Failure {
    fn into_diagnostic(self, path: &Path, text: &str, first_line: usize) -> Diagnostic {
        match self {
            Failure::Syntax(error, open) => {
                let Explained { at, message, hint } = syntax_message(text, &error, &open, first_line);
                let pos = Pos::new(at.line() + first_line - 1, at.col() + 1);
                Diagnostic::error(path, pos, message).with_hint(hint)
            }
            Failure::Content { pos, message, hint } => Diagnostic::error(path, pos, message).with_hint(hint),
        }
    }
}

/// A list or mapping whose end has not been read yet.
enum Frame {
    Sequence {
        start: Marker,
        anchor: usize,
        tag: Option<String>,
        items: Vec<Node>,
    },
    Mapping {
        start: Marker,
        anchor: usize,
        tag: Option<String>,
        entries: Vec<Entry>,
        key: Option<Node>,
        /// The text keys of a large mapping and where each stands, to find a repeat quickly.
        names: Option<FxHashMap<String, Pos>>,
    },
}

/// Builds the tree of `Node`s from the parser's events.
struct Builder<'a> {
    text: &'a str,
    first_line: usize,
    stack: Vec<Frame>,
    /// Anchored nodes by anchor id (the parser numbers anchors from 1), with their node counts
    /// and bytes of text (`node_count`).
    anchors: Vec<Option<(Node, (usize, usize))>>,
    root: Option<Node>,
    documents: usize,
    events: usize,
    /// The nodes and bytes of text aliases have repeated so far.
    repeated: usize,
    repeated_text: usize,
    /// A problem with the content; the first problem in the text is the one reported, whether it
    /// is this or a syntax error further on, as before.
    problem: Option<Failure>,
}

impl<'a> Builder<'a> {
    fn new(text: &'a str, first_line: usize) -> Self {
        Builder {
            text,
            first_line,
            stack: Vec::new(),
            anchors: Vec::new(),
            root: None,
            documents: 0,
            events: 0,
            repeated: 0,
            repeated_text: 0,
            problem: None,
        }
    }

    fn run(mut self) -> Result<Option<Node>, Failure> {
        for event in Parser::new_from_str(self.text) {
            let (event, span) = match event {
                Ok(event) => event,
                Err(error) => {
                    let open = self
                        .stack
                        .iter()
                        .map(|frame| match frame {
                            Frame::Sequence { start, .. } => (*start, true),
                            Frame::Mapping { start, .. } => (*start, false),
                        })
                        .collect();
                    return Err(Failure::Syntax(error, open));
                }
            };
            self.events += 1;
            self.event(event, span);
            if let Some(problem) = self.problem.take() {
                return Err(problem);
            }
        }
        Ok(self.root)
    }

    fn pos(&self, marker: Marker) -> Pos {
        Pos::new(marker.line() + self.first_line - 1, marker.col() + 1)
    }

    fn fail(&mut self, marker: Marker, message: impl Into<String>, hint: &'static str) {
        self.problem = Some(Failure::Content {
            pos: self.pos(marker),
            message: format!("invalid YAML: {}", message.into()),
            hint,
        });
    }

    fn event(&mut self, event: Event<'_>, span: Span) {
        match event {
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    self.fail(
                        span.start,
                        "a second YAML document starts here; there may be only one",
                        "remove the `---` line and what follows it, or merge the two",
                    );
                }
            }
            Event::Scalar(text, _, _, _) if text.chars().any(crate::core::escape::is_forbidden_control) => {
                self.fail(
                    span.start,
                    "this value has a control character (an escape such as `\\e`, `\\a` or `\\x07`): it is invisible, and no page or email may carry it",
                    "delete the escape from the value",
                );
            }
            Event::Scalar(text, style, anchor, tag) => {
                let implicit_null = style == ScalarStyle::Plain && text.is_empty() && tag.is_none() && anchor == 0;
                match resolve_scalar(text, style, tag.as_deref()) {
                    Ok(value) => {
                        let node = Node {
                            value,
                            pos: self.pos(span.start),
                        };
                        self.finish(node, anchor, implicit_null);
                    }
                    Err(message) => self.fail(span.start, message, SYNTAX_HINT),
                }
            }
            Event::Alias(id) => self.alias(id, span),
            Event::SequenceStart(anchor, tag) => {
                if self.open(span.start) {
                    self.stack.push(Frame::Sequence {
                        start: span.start,
                        anchor,
                        tag: local_tag(tag.as_deref()),
                        items: Vec::new(),
                    });
                }
            }
            Event::MappingStart(anchor, tag) => {
                if self.open(span.start) {
                    self.stack.push(Frame::Mapping {
                        start: span.start,
                        anchor,
                        tag: local_tag(tag.as_deref()),
                        entries: Vec::new(),
                        key: None,
                        names: None,
                    });
                }
            }
            Event::SequenceEnd | Event::MappingEnd => self.close(),
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
        }
    }

    /// Whether one more list or mapping may open here.
    fn open(&mut self, at: Marker) -> bool {
        if self.stack.len() >= MAX_DEPTH {
            self.fail(
                at,
                "lists and mappings nest too deep here",
                "nest lists and mappings less deeply, or put the whole value in quotes if the brackets are part of the text",
            );
            return false;
        }
        true
    }

    fn close(&mut self) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        let (start, anchor, tag, value) = match frame {
            Frame::Sequence {
                start,
                anchor,
                tag,
                items,
            } => (start, anchor, tag, Value::Sequence(items)),
            Frame::Mapping {
                start,
                anchor,
                tag,
                entries,
                ..
            } => (start, anchor, tag, Value::Mapping(entries)),
        };
        let value = match tag {
            Some(tag) => Value::Tagged(Box::new(Tagged { tag, value })),
            None => value,
        };
        let node = Node {
            value,
            pos: self.pos(start),
        };
        self.finish(node, anchor, false);
    }

    /// The anchored node `id` repeated at `span`, within the repetition limits.
    fn alias(&mut self, id: usize, span: Span) {
        let Some((node, (count, text))) = self.anchors.get(id).and_then(Option::as_ref) else {
            return self.fail(
                span.start,
                "this alias names the list or mapping it is inside",
                "an alias (`*name`) can only repeat a value that is complete before it",
            );
        };
        self.repeated += count;
        self.repeated_text += text;
        let text_limit = self.text.len().saturating_mul(MAX_REPEAT_TEXT_PER_BYTE) + REPEAT_TEXT_ALLOWANCE;
        if self.repeated > self.events.saturating_mul(MAX_REPEAT_PER_EVENT) || self.repeated_text > text_limit {
            return self.fail(
                span.start,
                "repetition limit exceeded: the aliases repeat too much",
                "use fewer aliases (`*name`)",
            );
        }
        let mut node = node.clone();
        node.pos = self.pos(span.start);
        self.finish(node, 0, false);
    }

    /// Puts a complete node where it belongs: the root, a list's next item, or a mapping's key or value.
    fn finish(&mut self, mut node: Node, anchor: usize, implicit_null: bool) {
        if anchor != 0 {
            if self.anchors.len() <= anchor {
                self.anchors.resize(anchor + 1, None);
            }
            self.anchors[anchor] = Some((node.clone(), node_count(&node.value)));
        }
        // A mapping that is a list's item (`- article: a.md`): a key given twice there is most
        // often the next item's, its `- ` left out.
        let list_item = self.stack.len() >= 2 && matches!(self.stack[self.stack.len() - 2], Frame::Sequence { .. });
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
            Some(Frame::Sequence { items, .. }) => items.push(node),
            Some(Frame::Mapping {
                entries, key, names, ..
            }) => match key.take() {
                None => {
                    // A repeated key is refused as soon as it is read, before its value.
                    if let Some(first) = repeated_key(entries, names, &node) {
                        self.problem = Some(Failure::Content {
                            pos: node.pos,
                            message: format!(
                                "{} is given twice; the first is on line {}",
                                key_for_message(&node.value),
                                first.line
                            ),
                            hint: if list_item {
                                "if it begins the list's next item, start that item with `- `; otherwise keep one of them: a key can be given only once in the same place"
                            } else {
                                "keep one of them: a key can be given only once in the same place"
                            },
                        });
                    }
                    *key = Some(node);
                }
                Some(key) => {
                    // An empty value (`key:` and nothing after it) is reported at its key.
                    if implicit_null {
                        node.pos = key.pos;
                    }
                    entries.push(Entry { key, value: node });
                }
            },
        }
    }
}

/// Mappings from this size on index their text keys to find a repeat; smaller ones (nearly all)
/// compare the new key with each.
const INDEX_KEYS_FROM: usize = 16;

/// Where `key` was given before in this mapping, if it was.
fn repeated_key(entries: &[Entry], names: &mut Option<FxHashMap<String, Pos>>, key: &Node) -> Option<Pos> {
    // A list or mapping is no key (an error of its own, once the mapping is read): not compared
    // whole with every key before it.
    if matches!(key.value, Value::Sequence(_) | Value::Mapping(_)) {
        return None;
    }
    if let Some(name) = index_key(&key.value)
        && entries.len() >= INDEX_KEYS_FROM
    {
        let index = names.get_or_insert_with(|| {
            entries
                .iter()
                .filter_map(|e| Some((index_key(&e.key.value)?, e.key.pos)))
                .collect()
        });
        if let Some(first) = index.get(name.as_str()) {
            return Some(*first);
        }
        index.insert(name, key.pos);
        return None;
    }
    entries
        .iter()
        .find(|e| same_value(&e.key.value, &key.value))
        .map(|e| e.key.pos)
}

/// A scalar key as the index of a big mapping holds it: text as it is, any other scalar marked
/// apart (a NUL first, which no text key has), so that numbers and `true` are found at once too
/// (regression: 60,000 number keys were compared one by one, 43 s). `None` for a list or mapping.
fn index_key(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(n, _) => Some(format!("\u{0}n{n:?}")),
        Value::Bool(b) => Some(format!("\u{0}b{b}")),
        Value::Null => Some("\u{0}null".to_string()),
        Value::Tagged(tagged) => index_key(&tagged.value).map(|inner| format!("\u{0}t{}\u{0}{inner}", tagged.tag)),
        Value::Sequence(_) | Value::Mapping(_) => None,
    }
}

/// Whether two values are the same YAML value, wherever they stand.
fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Sequence(x), Value::Sequence(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_value(&x.value, &y.value))
        }
        (Value::Mapping(x), Value::Mapping(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|(x, y)| same_value(&x.key.value, &y.key.value) && same_value(&x.value.value, &y.value.value))
        }
        (Value::Tagged(x), Value::Tagged(y)) => x.tag == y.tag && same_value(&x.value, &y.value),
        (Value::Null, Value::Null) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Number(x, _), Value::Number(y, _)) => x == y,
        (Value::String(x), Value::String(y)) => x == y,
        _ => false,
    }
}

fn key_for_message(key: &Value) -> String {
    match key {
        Value::Null => "an empty key".to_string(),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n, written) => format!("`{}`", written_number(n, written.as_deref())),
        Value::String(s) => format!("`{s}`"),
        _ => "a key that is a list, mapping or tagged value".to_string(),
    }
}

/// What repeating `value` costs, for the alias limits: its nodes (a list, a mapping, a scalar
/// each) and its bytes of text.
fn node_count(value: &Value) -> (usize, usize) {
    let add = |(n, t): (usize, usize), (m, u): (usize, usize)| (n + m, t + u);
    match value {
        Value::String(text) => (1, text.len()),
        // A number's text and a tag's name are copied with the value too (regression: a 400 KB
        // tag repeated 6,000 times took 2.4 GB).
        Value::Number(_, written) => (1, written.as_ref().map_or(0, |w| w.len())),
        Value::Sequence(items) => items.iter().map(|n| node_count(&n.value)).fold((1, 0), add),
        Value::Mapping(entries) => entries
            .iter()
            .map(|e| add(node_count(&e.key.value), node_count(&e.value.value)))
            .fold((1, 0), add),
        Value::Tagged(tagged) => add((0, tagged.tag.len()), node_count(&tagged.value)),
        _ => (1, 0),
    }
}

const CORE_TAG: &str = "tag:yaml.org,2002:";

/// A tag's full name: `!note`, or `tag:yaml.org,2002:str` for `!!str`.
fn full_tag(tag: &Tag) -> String {
    format!("{}{}", tag.handle, tag.suffix)
}

/// A local tag (`!note`) as it is shown: collections and scalars under it become `Value::Tagged`.
/// Other tags (`!!map`, `!!str`, ...) are not kept.
fn local_tag(tag: Option<&Tag>) -> Option<String> {
    let full = full_tag(tag?);
    let name = full.strip_prefix('!')?;
    // `!` alone is a tag named `!`; a name's own leading `!` is not repeated when shown.
    let name = if name.is_empty() { "!" } else { name };
    let shown = match name.strip_prefix('!') {
        Some(rest) if !rest.is_empty() => rest,
        _ => name,
    };
    Some(format!("!{shown}"))
}

/// The value of a scalar, from its text, style and tag.
fn resolve_scalar(text: Cow<'_, str>, style: ScalarStyle, tag: Option<&Tag>) -> Result<Value, String> {
    if let Some(tag) = tag {
        if let Some(shown) = local_tag(Some(tag)) {
            let value = if style == ScalarStyle::Plain {
                resolve_plain(text)
            } else {
                Value::String(text.into_owned())
            };
            return Ok(Value::Tagged(Box::new(Tagged { tag: shown, value })));
        }
        let full = full_tag(tag);
        let invalid = |expected: &str| format!("invalid value: string {:?}, expected {expected}", text.as_ref());
        return match full.strip_prefix(CORE_TAG) {
            Some("bool") => parse_bool(&text).map(Value::Bool).ok_or_else(|| invalid("a boolean")),
            Some("int") => match parse_int(&text) {
                Int::Fits(n) => Ok(number(n, &text)),
                Int::TooBig | Int::Not => Err(invalid("an integer")),
            },
            Some("float") => parse_float(&text)
                .map(|f| number(Number::Float(f), &text))
                .ok_or_else(|| invalid("a float")),
            // Under `!!null` the empty text is not null: only the words are.
            Some("null") if !text.is_empty() && is_null_text(&text) => Ok(Value::Null),
            Some("null") => Err(invalid("null")),
            _ => Ok(Value::String(text.into_owned())),
        };
    }
    Ok(if style == ScalarStyle::Plain {
        resolve_plain(text)
    } else {
        Value::String(text.into_owned())
    })
}

/// The value of an untagged plain scalar: null, a boolean, a number, or else text.
fn resolve_plain(text: Cow<'_, str>) -> Value {
    if is_null_text(&text) {
        return Value::Null;
    }
    if let Some(b) = parse_bool(&text) {
        return Value::Bool(b);
    }
    match parse_int(&text) {
        Int::Fits(n) => return number(n, &text),
        // A whole number beyond 64 bits is kept as the digits written.
        Int::TooBig => return Value::String(text.into_owned()),
        Int::Not => {}
    }
    if !leading_zero_digits(&text)
        && let Some(f) = parse_float(&text)
    {
        return number(Number::Float(f), &text);
    }
    Value::String(text.into_owned())
}

/// A number read from `text`, which is kept when the number is written back otherwise.
fn number(n: Number, text: &str) -> Value {
    let written = (n.to_string() != text).then(|| Box::from(text));
    Value::Number(n, written)
}

/// A number as its text was written.
fn written_number(n: &Number, written: Option<&str>) -> String {
    written.map_or_else(|| n.to_string(), str::to_string)
}

fn is_null_text(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

fn parse_bool(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// Digits after a leading zero (`012`, `-007`) are text in YAML 1.2, not an octal or decimal number.
fn leading_zero_digits(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    digits.len() > 1 && digits.starts_with('0') && digits[1..].bytes().all(|b| b.is_ascii_digit())
}

enum Int {
    Fits(Number),
    TooBig,
    Not,
}

/// An integer: decimal with an optional sign, or `0x`, `0o`, `0b` (after an optional sign).
fn parse_int(text: &str) -> Int {
    if let Some(n) = parse_unsigned::<u64>(text, u64::from_str_radix) {
        return Int::Fits(Number::PosInt(n));
    }
    if let Some(n) = parse_negative::<i64>(text, i64::from_str_radix) {
        // `-0` is zero, not a negative number.
        return Int::Fits(match u64::try_from(n) {
            Ok(n) => Number::PosInt(n),
            Err(_) => Number::NegInt(n),
        });
    }
    if parse_unsigned::<u128>(text, u128::from_str_radix).is_some()
        || parse_negative::<i128>(text, i128::from_str_radix).is_some()
    {
        return Int::TooBig;
    }
    Int::Not
}

type Radix<T> = fn(&str, u32) -> Result<T, std::num::ParseIntError>;

fn parse_unsigned<T>(text: &str, from_radix: Radix<T>) -> Option<T> {
    let unsigned = text.strip_prefix('+').unwrap_or(text);
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = unsigned.strip_prefix(prefix) {
            // The standard parser would take a second sign after the prefix; YAML does not.
            if rest.starts_with(['+', '-']) {
                return None;
            }
            if let Ok(n) = from_radix(rest, radix) {
                return Some(n);
            }
        }
    }
    if unsigned.starts_with(['+', '-']) || leading_zero_digits(text) {
        return None;
    }
    from_radix(unsigned, 10).ok()
}

fn parse_negative<T>(text: &str, from_radix: Radix<T>) -> Option<T> {
    for (prefix, radix) in [("-0x", 16), ("-0o", 8), ("-0b", 2)] {
        if let Some(rest) = text.strip_prefix(prefix)
            && let Ok(n) = from_radix(&format!("-{rest}"), radix)
        {
            return Some(n);
        }
    }
    if leading_zero_digits(text) {
        return None;
    }
    from_radix(text, 10).ok()
}

/// A float: what Rust reads as a finite float (after one optional `+`), or `.inf`, `-.inf`, `.nan`.
fn parse_float(text: &str) -> Option<f64> {
    let unsigned = match text.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return None,
        Some(rest) => rest,
        None => text,
    };
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") {
        return Some(f64::INFINITY);
    }
    if matches!(text, "-.inf" | "-.Inf" | "-.INF") {
        return Some(f64::NEG_INFINITY);
    }
    if matches!(text, ".nan" | ".NaN" | ".NAN") {
        return Some(f64::NAN);
    }
    unsigned.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// A parser error in a writer's words: where to point, what is wrong, and the fix.
struct Explained {
    at: Marker,
    message: String,
    hint: String,
}

impl Explained {
    fn new(at: Marker, message: impl Into<String>, hint: impl Into<String>) -> Option<Explained> {
        Some(Explained {
            at,
            message: message.into(),
            hint: hint.into(),
        })
    }
}

/// The message for a parser error, and where to report it (in the block): the common mistakes
/// (a tab, a list item or key out of line, `: ` or a leading `@` in an unquoted value, a quote
/// or bracket left open, no space after a colon) each in a sentence with its fix; any other
/// error in the parser's words, after `invalid YAML:`.
fn syntax_message(text: &str, error: &ScanError, open: &[(Marker, bool)], first_line: usize) -> Explained {
    let (info, at) = (error.info(), *error.marker());
    if info == "recursion limit exceeded" {
        // The scanner's own limit on `[[[…` or `{{{…`, met before ours.
        return Explained {
            at,
            message: "lists and mappings nest too deep here".to_string(),
            hint: "nest lists and mappings less deeply, or put the whole value in quotes if the brackets are part of the text".to_string(),
        };
    }
    flow_message(text, info, at, open, first_line)
        .or_else(|| tab_or_quote_message(text, info, at))
        .or_else(|| indentation_message(text, info, at, first_line))
        .or_else(|| colon_message(text, info, at))
        .or_else(|| indicator_message(text, info, at))
        .unwrap_or_else(|| {
            let message = match info.strip_prefix("while ").and_then(|rest| rest.split_once(", ")) {
                Some((context, problem)) => format!("{problem}, while {context}"),
                None => info.to_string(),
            };
            Explained {
                at,
                message: format!("invalid YAML: {message}"),
                hint: SYNTAX_HINT.to_string(),
            }
        })
}

/// A list or mapping written on one line (`[a, b]`, `{k: v}`) that is left open, goes on over a
/// line that is not indented, or is closed twice.
fn flow_message(text: &str, info: &str, at: Marker, open: &[(Marker, bool)], first_line: usize) -> Option<Explained> {
    // The innermost open list or mapping, if it is one written with brackets.
    let (start, sequence) = *open.last()?;
    let opener = char_at(text, start).filter(|c| *c == if sequence { '[' } else { '{' });
    let (what, close) = if sequence { ("list", ']') } else { ("mapping", '}') };
    let unclosed = info.starts_with("while parsing a flow sequence")
        || info.starts_with("while parsing a flow mapping")
        || info == "illegal placement of ':' indicator";
    if info == "misplaced bracket" {
        let bracket = char_at(text, at).unwrap_or(close);
        return Explained::new(
            at,
            format!("this `{bracket}` closes nothing"),
            "remove it, or put the whole value in quotes if the bracket is part of the text",
        );
    }
    let opener = opener?;
    if unclosed {
        // A `:` inside a flow list usually means its `]` is missing and the next key was read
        // as one of its items: the fix is on the line of the `[`.
        return Explained::new(
            start,
            format!("this `{opener}` opens a {what} that is never closed"),
            format!(
                "close the {what} with `{close}` at the end of the value, or put the whole value in quotes if the `{opener}` is part of the text"
            ),
        );
    }
    if info == "invalid indentation" || info == "invalid indentation in flow construct" {
        return Explained::new(
            at,
            format!(
                "this line goes on with the {what} that starts on line {}, but it is not indented",
                start.line() + first_line - 1
            ),
            format!("indent it with spaces, or close the {what} with `{close}` on the line before"),
        );
    }
    None
}

/// A tab that indents, or a quoted value cut short or followed by more text.
fn tab_or_quote_message(text: &str, info: &str, at: Marker) -> Option<Explained> {
    if info.contains("tab") {
        let plain = info.starts_with("while scanning a plain scalar");
        if let Some(tab) = indenting_tab(text, at.line(), plain) {
            return Explained::new(
                tab,
                "a tab is used for indentation here; YAML needs spaces",
                "replace the tab with spaces",
            );
        }
    }
    // A tab before the first key makes the line a lone text value, and the parser stops later,
    // at the next key ("did not find expected <document start>"): the tab is the mistake.
    if info.contains("<document start>")
        && let Some(tab) = (1..=at.line()).find_map(|line| indenting_tab(text, line, false))
    {
        return Explained::new(
            tab,
            "a tab is used for indentation here; YAML needs spaces",
            "replace the tab with spaces",
        );
    }
    // The block ends inside the quotes: the last value's quote is never closed.
    if info.contains("end of stream") && info.contains("while scanning a quoted scalar") {
        let quote = char_at(text, at).unwrap_or('"');
        return Explained::new(
            at,
            "this quote is never closed",
            format!("end the value with a closing `{quote}` on the same line"),
        );
    }
    if info == "invalid indentation in quoted scalar" {
        // The parser stops at the first line of the scalar that is not indented; either the
        // quote is never closed, or the text goes on over lines that YAML wants indented.
        let quote = char_at(text, at).unwrap_or('"');
        return if quote_closes(text, at) {
            Explained::new(
                at,
                "this quoted value goes on over lines that are not indented",
                "indent the lines that continue it, or keep the value on one line",
            )
        } else {
            Explained::new(
                at,
                "this quote is never closed",
                format!("end the value with a closing `{quote}` on the same line"),
            )
        };
    }
    if info.starts_with("invalid trailing content after") {
        let line = line_text(text, at.line())?;
        let start = value_start(line)?;
        let value = line[start..].trim_end();
        // `"He said "no" today"` means the text inside the outer quotes; `"No" to the pact`
        // means all of it.
        let first = value.chars().next()?;
        let meant = match value.strip_prefix(first).and_then(|v| v.strip_suffix(first)) {
            Some(inner) if value.len() > 1 => inner,
            _ => value,
        };
        return Explained::new(
            at,
            "this value goes on after its closing quote",
            format!(
                "a value that starts with a quote must end with it: write `{}{}`",
                line[..start].trim_start(),
                quote(meant)
            ),
        );
    }
    None
}

/// A list item or key that is out of line with those above it, or a line of text that is
/// indented less than the value it continues.
fn indentation_message(text: &str, info: &str, at: Marker, first_line: usize) -> Option<Explained> {
    if info != "while parsing a block collection, did not find expected '-' indicator"
        && info != "while parsing a block mapping, did not find expected key"
    {
        return None;
    }
    let line = line_text(text, at.line())?;
    let content = line.trim_start_matches(' ');
    let start = Marker::new(0, at.line(), line.chars().count() - content.chars().count());
    if content == "-" || content.starts_with("- ") {
        let above = (1..at.line())
            .rev()
            .find(|&l| line_text(text, l).is_some_and(|t| t.trim_start().starts_with('-')));
        return match above {
            Some(above) => Explained::new(
                start,
                "this list item is indented differently from the ones above it",
                format!("line its `-` up with the `-` on line {}", above + first_line - 1),
            ),
            None => Explained::new(
                start,
                "this list item belongs to no key",
                "put it under the key it belongs to, indented: `topics:` and on the next line `  - name`",
            ),
        };
    }
    let before = line_prefix(line, at.col()).trim_end();
    if before.ends_with([']', '}'])
        && let Some(value) = value_start(line)
    {
        return Explained::new(
            at,
            "a value that starts with a bracket is a list or mapping, and this text after it belongs to neither",
            format!("put the whole value in quotes: `{}`", requoted(line, value)),
        );
    }
    if key_name(content).is_some() {
        return Explained::new(
            start,
            "this line is indented differently from the lines above it",
            "line the key up with the other keys of its list item or mapping, with spaces",
        );
    }
    Explained::new(
        start,
        "this line is indented less than the text above it",
        "indent it as far as the lines of the value it continues, or write it as `key: value`",
    )
}

/// A colon where YAML does not expect one (`title: Seoul: talks`, a key indented too far, a
/// line before it that has no `: `), or a key whose colon has no space after it.
fn colon_message(text: &str, info: &str, at: Marker) -> Option<Explained> {
    let line_number = match info {
        "mapping values are not allowed in this context" => at.line(),
        // Reported where the next key should start: the line at fault is the last one before.
        // (At a line's first column, that line is the next key's own.)
        "simple key expect ':'" => (1..=at.line() - usize::from(at.col() == 0 && at.line() > 1))
            .rev()
            .find(|&l| line_text(text, l).is_some_and(|t| !t.trim().is_empty()))?,
        _ => return None,
    };
    let line = line_text(text, line_number)?;
    if info.starts_with("mapping") {
        let before = line_prefix(line, at.col());
        if let Some(value) = value_start(line).filter(|&v| v <= before.len()) {
            return Explained::new(
                at,
                "this value contains `: `, which YAML reads as the start of another key",
                format!("put the value in quotes: `{}`", requoted(line, value)),
            );
        }
        // The line before it, read as a value going on: a key with no space after its colon,
        // or a line with no colon at all.
        if let Some(previous) = (1..line_number)
            .rev()
            .find(|&l| line_text(text, l).is_some_and(|t| !t.trim().is_empty()))
            && let Some(found) = no_colon_message(text, previous)
        {
            return Some(found);
        }
        let content = line.trim_start_matches(' ');
        let start = Marker::new(0, line_number, line.chars().count() - content.chars().count());
        return Explained::new(
            start,
            "this key is indented more than the keys above it",
            "line it up with the key above it (the keys of one mapping start in the same column), or quote the text above if it holds `: `",
        );
    }
    no_colon_message(text, line_number)
}

/// The message for a line that should be `key: value` but is not: its colon has no space after
/// it (`date:2024-06-21`), or it has no colon.
fn no_colon_message(text: &str, line_number: usize) -> Option<Explained> {
    let line = line_text(text, line_number)?;
    let content = line.trim_start_matches(' ');
    let content = content.strip_prefix("- ").unwrap_or(content);
    let indent = line.len() - content.len();
    let name_end = content.find(':');
    match name_end {
        Some(colon) if key_name(&content[..=colon]).is_some() => {
            let next = content[colon + 1..].chars().next()?;
            if next.is_whitespace() {
                return None;
            }
            let column = line[..indent + colon].chars().count();
            Explained::new(
                Marker::new(0, line_number, column),
                format!("`{}` needs a space after its colon", &content[..=colon]),
                format!(
                    "write `{} {}`",
                    line[..indent + colon + 1].trim_start(),
                    content[colon + 1..].trim_end()
                ),
            )
        }
        Some(_) => None,
        None => Explained::new(
            Marker::new(0, line_number, line[..indent].chars().count()),
            "this line has no `:`, so it is neither a `key: value` nor part of one",
            "write the key, a colon and a space before the value (`title: ...`), or indent the line if it continues the value above",
        ),
    }
}

/// A value that starts with a character YAML reserves (`@`, `` ` ``, `%`, `*`, `>`, `|`), which
/// a writer means as text.
fn indicator_message(text: &str, info: &str, at: Marker) -> Option<Explained> {
    let reserved = info.starts_with("unexpected character: `")
        || info == "while parsing node, found unknown anchor"
        || info == "while scanning a block scalar, did not find expected comment or line break";
    if !reserved {
        return None;
    }
    let line = line_text(text, at.line())?;
    let indicator = char_at(text, at)?;
    let start = value_start(line).filter(|&v| line[v..].starts_with(indicator))?;
    // A backtick cannot be shown between backticks.
    let named = match indicator {
        '`' => "a backtick".to_string(),
        other => format!("`{other}`"),
    };
    Explained::new(
        at,
        format!("a value that starts with {named} must be in quotes"),
        format!("write `{}`", requoted(line, start)),
    )
}

/// `line` with its value (from byte `value`) quoted as YAML needs it, without the indentation.
fn requoted(line: &str, value: usize) -> String {
    format!("{}{}", line[..value].trim_start(), quote(line[value..].trim_end()))
}

/// Where the value of a `key: value` line starts (in bytes), after `- ` items and the space.
fn value_start(line: &str) -> Option<usize> {
    let content = line.trim_start_matches(' ');
    let content = content.strip_prefix("- ").unwrap_or(content);
    let colon = content.find(": ")?;
    key_name(&content[..=colon])?;
    let after = &content[colon + 1..];
    Some(line.len() - after.len() + (after.len() - after.trim_start().len()))
}

/// The key of a `name:` (a name as keys are written, or a quoted one), if `text` starts with one.
fn key_name(text: &str) -> Option<&str> {
    let colon = text.find(':')?;
    let name = &text[..colon];
    let quoted = name.len() > 1
        && (name.starts_with('"') && name.ends_with('"') || name.starts_with('\'') && name.ends_with('\''));
    let plain = !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    (quoted || plain).then_some(name)
}

/// The first `column` characters of `line`.
fn line_prefix(line: &str, column: usize) -> &str {
    let end = line.char_indices().nth(column).map_or(line.len(), |(i, _)| i);
    &line[..end]
}

/// Whether the quoted scalar that opens at `at` has a closing quote anywhere after it.
fn quote_closes(text: &str, at: Marker) -> bool {
    let (Some(start), Some(line)) = (line_start(text, at.line()), line_text(text, at.line())) else {
        return false;
    };
    let Some((offset, quote)) = line.char_indices().nth(at.col()) else {
        return false;
    };
    let mut rest = text[start + offset + quote.len_utf8()..].chars();
    while let Some(c) = rest.next() {
        // A line that starts with a key (`date: …`) is the next field, not more of the text:
        // a quote after it is another value's.
        if c == '\n' && starts_with_key(rest.as_str()) {
            return false;
        }
        match (quote, c) {
            // An escape in double quotes, or `''` (a quote) in single quotes, does not close.
            ('"', '\\') => {
                rest.next();
            }
            ('\'', '\'') if rest.clone().next() == Some('\'') => {
                rest.next();
            }
            (q, c) if q == c => return true,
            _ => {}
        }
    }
    false
}

/// Whether `line` (the text from a line's start) starts with a key at the left margin, as the
/// next field does (`date: 2024-06-21`, `tags:`).
fn starts_with_key(line: &str) -> bool {
    let line = line.split('\n').next().unwrap_or_default();
    let Some(first) = line.chars().next() else {
        return false;
    };
    // gazette's keys are written in lower case (`date`, `event_end`): a wrapped line of text
    // starting `Putin: …` is text.
    if !(first.is_ascii_lowercase() || first == '_') {
        return false;
    }
    match line.split_once(':') {
        Some((key, after)) => {
            key.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
                && (after.is_empty() || after.starts_with(' '))
        }
        None => false,
    }
}

/// Where a (1-based) line of the block starts, in bytes.
fn line_start(text: &str, line: usize) -> Option<usize> {
    let before = line.checked_sub(1)?;
    Some(text.split_inclusive('\n').take(before).map(str::len).sum())
}

/// The text of a (1-based) line of the block.
fn line_text(text: &str, line: usize) -> Option<&str> {
    text.split('\n').nth(line.checked_sub(1)?)
}

fn char_at(text: &str, at: Marker) -> Option<char> {
    line_text(text, at.line())?.chars().nth(at.col())
}

/// Where a tab stands in the indentation that a tab error is about: on `line` itself, or (for a
/// plain scalar that goes on over several lines) on the first line after it that has one.
fn indenting_tab(text: &str, line: usize, following: bool) -> Option<Marker> {
    let lines = text.split('\n').enumerate().skip(line.checked_sub(1)?);
    let last = if following { usize::MAX } else { line };
    for (index, content) in lines.take_while(|(index, _)| *index < last) {
        let indentation = content.len() - content.trim_start_matches([' ', '\t']).len();
        if let Some(col) = content[..indentation].find('\t') {
            return Some(Marker::new(0, index + 1, col));
        }
    }
    None
}

/// `text` with the tabs between a `:` and the value at `at` made spaces, or `None` if there is
/// no such tab.
fn space_after_colon(text: &str, at: Marker) -> Option<String> {
    let start = line_start(text, at.line())?;
    let line = line_text(text, at.line())?;
    let value = line.char_indices().nth(at.col()).map_or(line.len(), |(i, _)| i);
    let before = &line[..value];
    let gap = before.trim_end_matches([' ', '\t']);
    if !gap.ends_with(':') || !before[gap.len()..].contains('\t') {
        return None;
    }
    let mut mended = String::with_capacity(text.len());
    mended.push_str(&text[..start + gap.len()]);
    mended.push_str(&before[gap.len()..].replace('\t', " "));
    mended.push_str(&text[start + value..]);
    Some(mended)
}

/// "a list", "the number 42", ... for messages.
pub fn describe(value: &Value) -> String {
    match value {
        Value::Null => "empty".to_string(),
        Value::Bool(b) => format!("the boolean `{b}`"),
        Value::Number(n, written) => format!("the number `{}`", written_number(n, written.as_deref())),
        Value::String(s) => format!("the text `{}`", truncate(s, 40)),
        Value::Sequence(_) => "a list".to_string(),
        Value::Mapping(_) => "a mapping".to_string(),
        Value::Tagged(t) => format!("a value tagged `{}`", t.tag),
    }
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let cut: String = s.chars().take(max).collect();
        format!("{cut}…")
    }
}

/// A scalar as text: strings as they are, numbers and booleans as written. `None` for others.
pub fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n, written) => Some(written_number(n, written.as_deref())),
        Value::Bool(b) => Some(b.to_string()),
        Value::Tagged(t) => scalar_text(&t.value),
        _ => None,
    }
}

/// The text of a scalar given as a date: as `scalar_text`, except that a whole number is the
/// number it is (`0x7D0` is the year 2000, as a YAML reader and the JSON Schemas see it).
pub fn date_text(value: &Value) -> Option<String> {
    match value {
        Value::Number(n @ (Number::PosInt(_) | Number::NegInt(_)), _) => Some(n.to_string()),
        Value::Tagged(t) => date_text(&t.value),
        _ => scalar_text(value),
    }
}

/// Reads typed values out of fields, collecting a diagnostic for each one of the wrong type.
pub struct Reader<'a> {
    pub path: &'a Path,
    pub errors: Vec<Diagnostic>,
    /// Warnings never fail a parse: they are kept apart from errors.
    pub warnings: Vec<Diagnostic>,
}

impl<'a> Reader<'a> {
    /// What was read, with every diagnostic: its errors, then `warnings` found by the caller,
    /// then its own warnings; no value when there was an error.
    pub fn finish<T>(self, value: T, warnings: Vec<Diagnostic>) -> Checked<T> {
        let mut diagnostics = self.errors;
        diagnostics.extend(warnings);
        diagnostics.extend(self.warnings);
        Checked::unless_errors(value, diagnostics)
    }

    pub fn new(path: &'a Path) -> Self {
        Reader {
            path,
            errors: Vec::new(),
            warnings: Vec::new(),
        }
    }

    pub fn wrong_type(&mut self, field: &Field, expected: &str, hint: &str) {
        self.errors.push(
            Diagnostic::error(
                self.path,
                field.pos,
                format!(
                    "`{}` must be {expected}, but it is {}",
                    field.key,
                    describe(&field.value.value)
                ),
            )
            .with_hint(hint.to_string()),
        );
    }

    /// Text; numbers and booleans are taken as the text they were written as.
    pub fn text(&mut self, field: &Field) -> Option<String> {
        match scalar_text(&field.value.value) {
            Some(text) => Some(text),
            None if field.value.value.is_null() => None,
            None => {
                self.wrong_type(field, "text", &format!("write `{}: some text`", field.key));
                None
            }
        }
    }

    pub fn boolean(&mut self, field: &Field) -> bool {
        match &field.value.value {
            Value::Bool(b) => *b,
            Value::Null => false,
            value => {
                // YAML 1.1's words for booleans are text in YAML 1.2, which gazette reads.
                let text = value.as_str().map(str::to_ascii_lowercase);
                let meant = match text.as_deref() {
                    Some("yes" | "y" | "on") => Some("true"),
                    Some("no" | "n" | "off") => Some("false"),
                    _ => None,
                };
                let hint = match (meant, text.as_deref()) {
                    (Some(meant), _) => format!(
                        "YAML reads `{}` as text, not a boolean: write `{}: {meant}`",
                        value.as_str().unwrap_or_default(),
                        field.key
                    ),
                    // `"false"` or `!!str false`: the quotes or the tag make it text.
                    (None, Some(word @ ("true" | "false"))) => format!(
                        "it is written as text (in quotes, or tagged `!!str`): write it bare, `{}: {word}`",
                        field.key
                    ),
                    _ => format!("write `{}: true` or `{}: false`", field.key, field.key),
                };
                self.wrong_type(field, "`true` or `false`", &hint);
                false
            }
        }
    }

    pub fn integer(&mut self, field: &Field) -> Option<u64> {
        match field.value.value.as_u64() {
            Some(n) => Some(n),
            None => {
                self.wrong_type(field, "a whole number", &format!("write `{}: 50`", field.key));
                None
            }
        }
    }

    /// A list of texts; a single text is taken as a list of one.
    pub fn text_list(&mut self, field: &Field) -> Vec<String> {
        self.text_items(field).into_iter().map(|(text, _)| text).collect()
    }

    /// `text_items` that name something by its slug (`topics`, `authors`): an item with nothing
    /// in it is an error (it would name `untitled`), with `example` in the hint; one written
    /// twice is a warning, and left out.
    pub fn slug_items(&mut self, field: &Field, example: &str) -> Vec<(String, Pos)> {
        let mut items = self.text_items(field);
        let mut n = 0;
        // Each item so far: its slug, and the item as written.
        let mut seen: Vec<(String, String)> = Vec::new();
        items.retain(|(text, pos)| {
            n += 1;
            let text = text.trim();
            if text.is_empty() {
                self.errors.push(
                    Diagnostic::error(self.path, *pos, format!("item {n} of `{}` is empty", field.key))
                        .with_hint(format!("remove it, or write a slug such as `{example}`")),
                );
                return false;
            }
            // Twice by slug, as the item is looked up: `Getting Started` and `getting-started`
            // name the same file.
            let slug = crate::core::slug::slugify(text);
            if let Some((_, earlier)) = seen.iter().find(|(s, _)| *s == slug) {
                let message = if earlier == text {
                    format!("`{text}` is listed twice in `{}`", field.key)
                } else {
                    format!(
                        "`{text}` is listed twice in `{}`: `{earlier}` names the same `{slug}`",
                        field.key
                    )
                };
                self.warnings
                    .push(Diagnostic::warning(self.path, *pos, message).with_hint("remove the second"));
                return false;
            }
            seen.push((slug, text.to_string()));
            true
        });
        items
    }

    /// A list of texts with where each item stands (in a block list or a flow list alike); a
    /// single text is taken as a list of one, at the value.
    pub fn text_items(&mut self, field: &Field) -> Vec<(String, Pos)> {
        match &field.value.value {
            Value::Null => Vec::new(),
            Value::Sequence(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    match scalar_text(&item.value) {
                        Some(text) => out.push((text, item.pos)),
                        None => {
                            self.errors.push(
                                Diagnostic::error(
                                    self.path,
                                    item.pos,
                                    format!(
                                        "item {} of `{}` must be text, but it is {}",
                                        i + 1,
                                        field.key,
                                        describe(&item.value)
                                    ),
                                )
                                .with_hint(format!("write `{}: [first, second]`", field.key)),
                            );
                        }
                    }
                }
                out
            }
            other => match scalar_text(other) {
                Some(text) => vec![(text, field.pos)],
                None => {
                    self.wrong_type(field, "a list", &format!("write `{}: [first, second]`", field.key));
                    Vec::new()
                }
            },
        }
    }
}

/// The hint for an "unknown key" that is words without a value (`{ description: Seoul, Paris
/// and Kyiv }`): the rest of a value that an unquoted comma cut short inside `{ … }`.
pub fn cut_by_a_comma(key: &str, value: &Value) -> Option<String> {
    (key.contains(' ') && matches!(value, Value::Null)).then(|| {
        format!(
            "inside `{{ … }}` a comma ends a value: if `{key}` is the rest of the value before it, put that whole value in quotes"
        )
    })
}

/// A warning for an unknown key, at the key, with the closest known key suggested.
pub fn unknown_key(path: &Path, field: &Field, known: &[&str], what: &str) -> Diagnostic {
    let mut diagnostic = Diagnostic::warning(path, field.key_pos, format!("unknown key `{}` in {what}", field.key));
    if let Some(hint) = cut_by_a_comma(&field.key, &field.value.value) {
        return diagnostic.with_hint(hint);
    }
    diagnostic = match closest(&field.key, known.iter().copied()) {
        Some(suggestion) => diagnostic.with_hint(format!("did you mean `{suggestion}`?")),
        None => diagnostic.with_hint(format!(
            "known keys are: {}; put anything else under `extra:`",
            known.join(", ")
        )),
    };
    diagnostic
}

/// A YAML scalar for `text`, quoted when it has to be (`Title: x` → `'Title: x'`), as gazette
/// has always written it: plain when the text reads back as the same text, else in single
/// quotes, else in double quotes with escapes; a text with line breaks as a `|` block.
pub fn quote(text: &str) -> String {
    let scan = Scan::of(text);
    let style = if text.contains('\n') {
        Style::Literal
    } else if !matches!(resolve_plain(Cow::Borrowed(text)), Value::String(_)) || leading_zero_digits(text) {
        // Plain, it would read back as null, a boolean or a number (or lose its leading zero).
        Style::Single
    } else {
        Style::Plain
    };
    let style = match style {
        Style::Plain if scan.plain_allowed => Style::Plain,
        Style::Plain | Style::Single if scan.single_allowed => Style::Single,
        Style::Literal if scan.block_allowed => Style::Literal,
        _ => Style::Double,
    };
    let mut out = String::with_capacity(text.len() + 2);
    match style {
        Style::Plain => out.push_str(text),
        Style::Single => write_single(&mut out, text),
        Style::Double => write_double(&mut out, text),
        Style::Literal => write_literal(&mut out, text),
    }
    out.truncate(out.trim_end().len());
    out
}

#[derive(Clone, Copy)]
enum Style {
    Plain,
    Single,
    Double,
    Literal,
}

/// How much of YAML's quoting a text needs.
struct Scan {
    plain_allowed: bool,
    single_allowed: bool,
    block_allowed: bool,
}

/// A line break as YAML counts them.
fn is_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// A character YAML may hold as it is (no escape): printable, and not a byte order mark.
fn is_printable(c: char) -> bool {
    matches!(c, '\n' | '\u{20}'..='\u{7e}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
        && c != '\u{feff}'
}

fn is_blank_or_end(c: Option<char>) -> bool {
    matches!(c, None | Some(' ' | '\t' | '\0')) || c.is_some_and(is_break)
}

impl Scan {
    fn of(text: &str) -> Scan {
        if text.is_empty() {
            return Scan {
                plain_allowed: false,
                single_allowed: true,
                block_allowed: false,
            };
        }
        // Indicators make plain text read as something else: at the start nearly any of them,
        // after it `: ` and ` #`; a document marker at the start.
        let mut indicators = text.starts_with("---") || text.starts_with("...");
        let (mut special, mut line_breaks) = (false, false);
        let (mut leading_space, mut leading_break, mut trailing_space, mut trailing_break) =
            (false, false, false, false);
        let (mut break_space, mut space_break) = (false, false);
        let (mut previous_space, mut previous_break) = (false, false);
        let mut preceded_by_blank = true;
        let chars: Vec<char> = text.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            let first = i == 0;
            let last = i + 1 == chars.len();
            let followed_by_blank = is_blank_or_end(chars.get(i + 1).copied());
            if first {
                indicators |= matches!(
                    c,
                    '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"' | '%' | '@' | '`'
                );
                indicators |= matches!(c, '?' | ':' | '-') && followed_by_blank;
            } else {
                indicators |= c == ':' && followed_by_blank;
                indicators |= c == '#' && preceded_by_blank;
            }
            special |= !is_printable(c);
            if c == ' ' {
                leading_space |= first;
                trailing_space |= last;
                break_space |= previous_break;
                (previous_space, previous_break) = (true, false);
            } else if is_break(c) {
                line_breaks = true;
                leading_break |= first;
                trailing_break |= last;
                space_break |= previous_space;
                (previous_space, previous_break) = (false, true);
            } else {
                (previous_space, previous_break) = (false, false);
            }
            preceded_by_blank = is_blank_or_end(Some(c));
        }
        let edges = leading_space || leading_break || trailing_space || trailing_break;
        Scan {
            plain_allowed: !(edges || break_space || space_break || special || line_breaks || indicators),
            single_allowed: !(break_space || space_break || special),
            block_allowed: !(trailing_space || space_break || special),
        }
    }
}

/// The indentation of a scalar's continuation lines.
const INDENT: &str = "  ";

fn write_single(out: &mut String, text: &str) {
    out.push('\'');
    let mut breaks = false;
    for c in text.chars() {
        if is_break(c) {
            out.push(c);
            breaks = true;
            continue;
        }
        if breaks {
            out.push_str(INDENT);
            breaks = false;
        }
        if c == '\'' {
            out.push('\'');
        }
        out.push(c);
    }
    if breaks {
        out.push_str(INDENT);
    }
    out.push('\'');
}

fn write_double(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        if is_printable(c) && !is_break(c) && c != '"' && c != '\\' {
            out.push(c);
            continue;
        }
        out.push('\\');
        match c {
            '\0' => out.push('0'),
            '\u{7}' => out.push('a'),
            '\u{8}' => out.push('b'),
            '\t' => out.push('t'),
            '\n' => out.push('n'),
            '\u{b}' => out.push('v'),
            '\u{c}' => out.push('f'),
            '\r' => out.push('r'),
            '\u{1b}' => out.push('e'),
            '"' => out.push('"'),
            '\\' => out.push('\\'),
            '\u{85}' => out.push('N'),
            '\u{a0}' => out.push('_'),
            '\u{2028}' => out.push('L'),
            '\u{2029}' => out.push('P'),
            c if u32::from(c) <= 0xff => out.push_str(&format!("x{:02X}", u32::from(c))),
            c if u32::from(c) <= 0xffff => out.push_str(&format!("u{:04X}", u32::from(c))),
            c => out.push_str(&format!("U{:08X}", u32::from(c))),
        }
    }
    out.push('"');
}

fn write_literal(out: &mut String, text: &str) {
    out.push('|');
    if text.starts_with(' ') || text.starts_with(is_break) {
        // The first line's own indentation would be taken for the block's: say how deep it is.
        out.push('2');
    }
    let mut tail = text.chars().rev();
    match (tail.next(), tail.next()) {
        (Some(last), _) if !is_break(last) => out.push('-'),
        (Some(_), None) => out.push('+'),
        (Some(_), Some(before)) if is_break(before) => out.push('+'),
        _ => {}
    }
    out.push('\n');
    let mut breaks = true;
    for c in text.chars() {
        if is_break(c) {
            out.push(c);
            breaks = true;
        } else {
            if breaks {
                out.push_str(INDENT);
                breaks = false;
            }
            out.push(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapping(yaml: &str, first_line: usize) -> Fields {
        parse_mapping(Path::new("x.md"), yaml, first_line, "front matter").expect("parses")
    }

    fn error(yaml: &str, first_line: usize) -> String {
        let err = parse_mapping(Path::new("x.md"), yaml, first_line, "front matter").unwrap_err();
        err.to_string().lines().next().unwrap_or_default().to_string()
    }

    fn items(node: &Node) -> Vec<Pos> {
        match &node.value {
            Value::Sequence(items) => items.iter().map(|n| n.pos).collect(),
            other => panic!("not a list: {other:?}"),
        }
    }

    #[test]
    fn positions_are_counted_in_the_file() {
        let yaml = "title: Hello\ntopics:\n  - a\n  - b\ndate: 2024-06-19\n";
        let fields = mapping(yaml, 2);
        let keys: Vec<_> = fields
            .entries
            .iter()
            .map(|e| (e.key.as_str(), e.pos.line, e.pos.column))
            .collect();
        assert_eq!(keys, [("title", 2, 8), ("topics", 3, 1), ("date", 6, 7)]);
        assert_eq!(items(&fields.entries[1].value), [Pos::new(4, 5), Pos::new(5, 5)]);
    }

    #[test]
    fn each_flow_item_has_its_own_column() {
        let fields = mapping("topics: [alpha, beta]\ntags: [x, {y: 1}]\n", 2);
        assert_eq!(items(&fields.entries[0].value), [Pos::new(2, 10), Pos::new(2, 17)]);
        assert_eq!(items(&fields.entries[1].value), [Pos::new(3, 8), Pos::new(3, 11)]);
    }

    #[test]
    fn nested_keys_and_values_have_their_own_positions() {
        let yaml = "sources:\n  - outlet: Yonhap\n    autor: someone\n    date:   2024-13-45\n";
        let fields = mapping(yaml, 2);
        let Value::Sequence(sources) = &fields.entries[0].value.value else {
            panic!("a list");
        };
        let Value::Mapping(entries) = &sources[0].value else {
            panic!("a mapping");
        };
        let found: Vec<_> = entries.iter().map(|e| (e.name(), e.key.pos, e.pos())).collect();
        assert_eq!(
            found,
            [
                (Some("outlet"), Pos::new(3, 5), Pos::new(3, 13)),
                (Some("autor"), Pos::new(4, 5), Pos::new(4, 12)),
                (Some("date"), Pos::new(5, 5), Pos::new(5, 13)),
            ]
        );
    }

    #[test]
    fn an_empty_value_is_reported_at_its_key() {
        let fields = mapping("title: T\nbase_url:\nsummary:   # nothing\n", 1);
        assert_eq!(fields.entries[1].pos, Pos::new(2, 1));
        assert_eq!(fields.entries[2].pos, Pos::new(3, 1));
        assert!(fields.entries[1].value.value.is_null());
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let fields = mapping("제목: [가, 나]\n", 1);
        assert_eq!(fields.entries[0].key, "제목");
        assert_eq!(items(&fields.entries[0].value), [Pos::new(1, 6), Pos::new(1, 9)]);
    }

    #[test]
    fn syntax_errors_point_into_the_file() {
        let err = parse_mapping(Path::new("x.md"), "title: Hello\n  bad: [\n", 2, "front matter").unwrap_err();
        assert!(err.pos.is_some_and(|p| p.line >= 3), "{err}");
        assert!(!err.message.contains("at line"), "{err}");
    }

    /// Issue 13: parser jargon ("did not find expected ',' or ']', while parsing a flow
    /// sequence") became a sentence, at the bracket that is left open.
    #[test]
    fn an_unclosed_flow_list_or_mapping_is_reported_at_its_bracket() {
        assert_eq!(
            error("title: x\ntags: [one, two\nsummary: x\n", 2),
            "x.md:3:7: error: this `[` opens a list that is never closed"
        );
        assert_eq!(
            error("title: [unclosed\n", 2),
            "x.md:2:8: error: this `[` opens a list that is never closed"
        );
        assert_eq!(
            error("extra: {a: 1\nsummary: x\n", 2),
            "x.md:2:8: error: this `{` opens a mapping that is never closed"
        );
        assert_eq!(
            error("topics: [a, b]]\n", 2),
            "x.md:2:15: error: this `]` closes nothing"
        );
    }

    /// The whole diagnostic (message and hint) for `yaml` starting on line 2.
    fn explained(yaml: &str) -> String {
        let err = parse_mapping(Path::new("x.md"), yaml, 2, "front matter").unwrap_err();
        err.to_string()
    }

    #[test]
    fn an_unclosed_quote_is_told_from_a_continuation_that_is_not_indented() {
        assert_eq!(
            explained("title: \"unclosed\ndate: 2024\n"),
            "x.md:2:8: error: this quote is never closed\n  = help: end the value with a closing `\"` on the same line"
        );
        assert_eq!(
            explained("title: 'it''s\ndate: 2024\n"),
            "x.md:2:8: error: this quote is never closed\n  = help: end the value with a closing `'` on the same line"
        );
        assert_eq!(
            error("title: \"a \\\" long\ntitle\"\n", 2),
            "x.md:2:8: error: this quoted value goes on over lines that are not indented"
        );
        // Regression (error probe): a quote in a later field was taken for the closing one, and
        // a quote left open in the last field was the parser's own words.
        assert_eq!(
            explained("title: \"Seoul talks resume\ndate: 2024-06-01\nsummary: \"A summary\"\n"),
            "x.md:2:8: error: this quote is never closed\n  = help: end the value with a closing `\"` on the same line"
        );
        // Review: a wrapped line of text that starts like `Putin: …` is text, not the next key.
        assert_eq!(
            error("title: \"Kim met him.\nPutin: yes\"\n", 2),
            "x.md:2:8: error: this quoted value goes on over lines that are not indented"
        );
        assert_eq!(
            explained("title: Seoul\nslug: \"abc\n"),
            "x.md:3:7: error: this quote is never closed\n  = help: end the value with a closing `\"` on the same line"
        );
    }

    #[test]
    fn a_flow_list_that_goes_on_unindented_says_so() {
        assert_eq!(
            explained("title: x\ntags: [a,\nb]\n"),
            "x.md:4:1: error: this line goes on with the list that starts on line 3, but it is not indented\n  = help: indent it with spaces, or close the list with `]` on the line before"
        );
    }

    /// Issue 13: "found a tab character that violates indentation, while scanning a plain
    /// scalar" became a sentence, at the tab.
    #[test]
    fn a_tab_in_the_indentation_is_reported_at_the_tab() {
        let tab = "error: a tab is used for indentation here; YAML needs spaces\n  = help: replace the tab with spaces";
        assert_eq!(explained("title: x\n\tdate: y\n"), format!("x.md:3:1: {tab}"));
        assert_eq!(explained("sources:\n\t- outlet: x\n"), format!("x.md:3:1: {tab}"));
        assert_eq!(
            explained("sources:\n  - outlet: x\n\t  title: y\n"),
            format!("x.md:4:1: {tab}")
        );
        // Regression: a tab before the first key was reported on the next key's line as
        // "invalid YAML: did not find expected <document start>".
        assert_eq!(explained("\ttitle: t\ndate: 2024-06-20\n"), format!("x.md:2:1: {tab}"));
    }

    /// Issue 13: "did not find expected '-' indicator, while parsing a block collection" and
    /// "did not find expected key" became sentences at the line out of place.
    #[test]
    fn a_list_item_or_key_out_of_line_says_so() {
        let item = "error: this list item is indented differently from the ones above it\n  = help: line its `-` up with the `-` on line 3";
        assert_eq!(
            explained("sources:\n  - outlet: A\n   - outlet: B\n"),
            format!("x.md:4:4: {item}")
        );
        assert_eq!(
            explained("sources:\n  - outlet: A\n - outlet: B\n"),
            format!("x.md:4:2: {item}")
        );
        assert_eq!(explained("topics:\n  - a\n - b\n"), format!("x.md:4:2: {item}"));
        assert_eq!(
            explained("title: x\n- a\n"),
            "x.md:3:1: error: this list item belongs to no key\n  = help: put it under the key it belongs to, indented: `topics:` and on the next line `  - name`"
        );
        assert_eq!(
            explained("sources:\n  - outlet: A\n    title: x\n   url: y\n"),
            "x.md:5:4: error: this line is indented differently from the lines above it\n  = help: line the key up with the other keys of its list item or mapping, with spaces"
        );
        assert_eq!(
            explained("summary: |\n  a\n b\n"),
            "x.md:4:2: error: this line is indented less than the text above it\n  = help: indent it as far as the lines of the value it continues, or write it as `key: value`"
        );
        let deeper = "error: this key is indented more than the keys above it\n  = help: line it up with the key above it (the keys of one mapping start in the same column), or quote the text above if it holds `: `";
        assert_eq!(explained("title: x\n  date: y\n"), format!("x.md:3:3: {deeper}"));
        assert_eq!(
            explained("sources:\n  - outlet: A\n     title: x\n"),
            format!("x.md:4:6: {deeper}")
        );
    }

    /// Issue 13: "mapping values are not allowed in this context" became the reason, with the
    /// value quoted as it needs to be.
    #[test]
    fn a_value_with_a_colon_and_space_is_told_to_be_quoted() {
        assert_eq!(
            explained("title: Seoul: talks resume\ndate: 2024\n"),
            "x.md:2:13: error: this value contains `: `, which YAML reads as the start of another key\n  = help: put the value in quotes: `title: 'Seoul: talks resume'`"
        );
        assert_eq!(
            explained("sources:\n  - outlet: Yonhap: Seoul\n"),
            "x.md:3:19: error: this value contains `: `, which YAML reads as the start of another key\n  = help: put the value in quotes: `- outlet: 'Yonhap: Seoul'`"
        );
        assert_eq!(
            explained("title: [x] and y\n"),
            "x.md:2:12: error: a value that starts with a bracket is a list or mapping, and this text after it belongs to neither\n  = help: put the whole value in quotes: `title: '[x] and y'`"
        );
    }

    #[test]
    fn a_key_without_a_space_after_its_colon_or_without_a_colon_says_so() {
        let no_space = "error: `title:` needs a space after its colon\n  = help: write `title: Snap election`";
        assert_eq!(
            explained("title:Snap election\ndate: 2024\n"),
            format!("x.md:2:6: {no_space}")
        );
        assert_eq!(explained("title:Snap election\n"), format!("x.md:2:6: {no_space}"));
        assert_eq!(
            error("title: x\ndate:2024-06-01\n", 2),
            "x.md:3:5: error: `date:` needs a space after its colon"
        );
        let no_colon = "error: this line has no `:`, so it is neither a `key: value` nor part of one\n  = help: write the key, a colon and a space before the value (`title: ...`), or indent the line if it continues the value above";
        assert_eq!(
            explained("title Snap election\ndate: x\n"),
            format!("x.md:2:1: {no_colon}")
        );
        assert_eq!(explained("title: x\ndate y\n"), format!("x.md:3:1: {no_colon}"));
        // Regression: a key between two others (`key:true`) was "invalid YAML: simple key expect
        // ':'" on the next key's line.
        assert_eq!(
            error("title: x\nkey:true\nsummary: y\n", 2),
            "x.md:3:4: error: `key:` needs a space after its colon"
        );
    }

    #[test]
    fn a_value_that_goes_on_after_its_closing_quote_is_shown_as_it_should_be() {
        let after = "error: this value goes on after its closing quote\n  = help: a value that starts with a quote must end with it: write";
        assert_eq!(
            explained("title: \"He said \"no\" today\"\n"),
            format!("x.md:2:18: {after} `title: He said \"no\" today`")
        );
        assert_eq!(
            explained("title: \"No\" to the pact\n"),
            format!("x.md:2:13: {after} `title: '\"No\" to the pact'`")
        );
        assert_eq!(
            explained("title: 'It's here'\n"),
            format!("x.md:2:12: {after} `title: It's here`")
        );
    }

    #[test]
    fn a_value_that_starts_with_a_reserved_character_is_told_to_be_quoted() {
        assert_eq!(
            explained("summary: *Breaking* news\n"),
            "x.md:2:10: error: a value that starts with `*` must be in quotes\n  = help: write `summary: '*Breaking* news'`"
        );
        assert_eq!(
            explained("title: @handle speaks\n"),
            "x.md:2:8: error: a value that starts with `@` must be in quotes\n  = help: write `title: '@handle speaks'`"
        );
        assert_eq!(
            error("title: `code` review\n", 2),
            "x.md:2:8: error: a value that starts with a backtick must be in quotes"
        );
        assert_eq!(
            explained("title: > quoted\n"),
            "x.md:2:8: error: a value that starts with `>` must be in quotes\n  = help: write `title: '> quoted'`"
        );
    }

    #[test]
    fn a_tab_after_a_colon_separates_key_and_value() {
        let fields = mapping("title:\tTabbed\nsummary:\t \tTwo tabs\ndate: 2024\n", 2);
        let values: Vec<_> = fields.entries.iter().map(|e| scalar_text(&e.value.value)).collect();
        assert_eq!(
            values,
            [Some("Tabbed".into()), Some("Two tabs".into()), Some("2024".into())]
        );
        assert_eq!(fields.entries[0].pos, Pos::new(2, 8));
    }

    /// Regression (editor's probe): an edition's next item written without its `- ` (`article:`
    /// given twice in one item) was told only to keep one of them.
    #[test]
    fn a_key_given_twice_in_a_list_item_is_told_of_the_next_items_dash() {
        assert_eq!(
            explained("items:\n  - article: a.md\n    note: A.\n    article: b.md\n"),
            "x.md:5:5: error: `article` is given twice; the first is on line 3\n  = help: if it begins the list's next item, start that item with `- `; otherwise keep one of them: a key can be given only once in the same place"
        );
    }

    #[test]
    fn a_duplicate_key_is_an_error_at_the_repeat() {
        assert_eq!(
            explained("title: A\nextra:\n  a: 1\n  a: 2\n"),
            "x.md:5:3: error: `a` is given twice; the first is on line 4\n  = help: keep one of them: a key can be given only once in the same place"
        );
        let many: String = (0..40).map(|i| format!("k{i}: {i}\n")).collect::<String>() + "k7: again\n";
        assert_eq!(
            error(&many, 1),
            "x.md:41:1: error: `k7` is given twice; the first is on line 8"
        );
    }

    #[test]
    fn the_first_problem_in_the_text_is_reported() {
        assert!(error("a: 1\na: 2\nb: [\n", 1).contains("given twice"));
        assert!(error("b: [\na: 1\na: 2\n", 1).contains("the list that starts on line 1"));
    }

    #[test]
    fn yaml_1_2_scalars_keep_their_types() {
        let fields = mapping(
            "a: NO\nb: yes\nc: on\nd: true\ne: ~\nf: 012\ng: 0x1F\nh: 1.10\ni: -5\nj: \"42\"\nk: 2024-06-21\nl: 1e3\n",
            1,
        );
        let values: Vec<_> = fields.entries.iter().map(|e| e.value.value.clone()).collect();
        assert_eq!(
            values,
            [
                Value::String("NO".into()),
                Value::String("yes".into()),
                Value::String("on".into()),
                Value::Bool(true),
                Value::Null,
                Value::String("012".into()),
                Value::Number(Number::PosInt(31), Some("0x1F".into())),
                Value::Number(Number::Float(1.1), Some("1.10".into())),
                Value::Number(Number::NegInt(-5), None),
                Value::String("42".into()),
                Value::String("2024-06-21".into()),
                Value::Number(Number::Float(1000.0), Some("1e3".into())),
            ]
        );
        let texts: Vec<_> = fields
            .entries
            .iter()
            .filter_map(|e| scalar_text(&e.value.value))
            .collect();
        // Regression: a number in a text field was written back its own way, so a headline
        // `1.10` became `1.1` and `date: 1e3` was quoted as `1000.0`: text is what was written.
        assert_eq!(texts[5..], ["0x1F", "1.10", "-5", "42", "2024-06-21", "1e3"]);
    }

    #[test]
    fn floats_are_written_as_before() {
        let text = |f: f64| Number::Float(f).to_string();
        assert_eq!(
            [
                text(1e20),
                text(1e-7),
                text(0.1),
                text(1e15),
                text(f64::NEG_INFINITY),
                text(f64::NAN)
            ],
            ["1e20", "1e-7", "0.1", "1000000000000000.0", "-.inf", ".nan"]
        );
    }

    #[test]
    fn aliases_repeat_the_anchored_value_at_the_alias() {
        let fields = mapping("a: &x [1, 2]\nb: *x\n", 1);
        assert_eq!(fields.entries[1].value.value, fields.entries[0].value.value);
        assert_eq!(fields.entries[1].pos, Pos::new(2, 4));
    }

    #[test]
    fn aliases_cannot_blow_up() {
        let mut yaml = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (name, previous) in ["b", "c", "d", "e", "f", "g", "h"]
            .iter()
            .zip(["a", "b", "c", "d", "e", "f", "g"])
        {
            yaml.push_str(&format!("{name}: &{name} [*{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}]\n"));
        }
        assert!(error(&yaml, 1).contains("repetition limit exceeded"));
        // Regression (security probe): one long text repeated by thousands of aliases passed
        // the limit, which counted it as one node, and 1 MB of front matter took 3.4 GB; then
        // (review) a text of 6 KB, which the per-event allowance still let 250,000 aliases copy.
        for (len, times) in [(100_000, 5000), (6335, 250_000)] {
            let long = format!("a: &a \"{}\"\nl: [{}]\n", "x".repeat(len), vec!["*a"; times].join(", "));
            assert!(error(&long, 1).contains("repetition limit exceeded"), "{len} × {times}");
        }
        // Regression (second adversarial test): a tag's name and a number's text are copied
        // with every alias too, and were not counted: 424 KB took 2.4 GB.
        let tagged = format!(
            "a: &a !{} x\nl: [{}]\n",
            "t".repeat(100_000),
            vec!["*a"; 6000].join(", ")
        );
        assert!(error(&tagged, 1).contains("repetition limit exceeded"));
        let number = format!(
            "a: &a 1.{}1\nl: [{}]\n",
            "0".repeat(100_000),
            vec!["*a"; 6000].join(", ")
        );
        assert!(error(&number, 1).contains("repetition limit exceeded"));
        // A text repeated a few times is what aliases are for.
        let few = format!("a: &a \"{}\"\nb: *a\nc: *a\n", "x".repeat(200_000));
        assert!(parse_mapping(Path::new("x.yaml"), &few, 1, "front matter").is_ok());
    }

    /// Regression (second adversarial test): keys other than text were compared one by one with
    /// every key before them (60,000 number keys: 43 s), and a list as a key whole with each (45 KB
    /// ran past a minute). Numbers are indexed as text is; a list or mapping (no key: an error
    /// later) is compared with none.
    #[test]
    fn keys_other_than_text_are_found_at_once_and_lists_compared_with_none() {
        let numbers: String = (0..60_000).map(|n| format!("{n}: x\n")).collect();
        let started = std::time::Instant::now();
        assert!(parse_mapping(Path::new("x.yaml"), &numbers, 1, "front matter").is_ok());
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "{:?}",
            started.elapsed()
        );
        let twice: String = (0..40).map(|n| format!("{n}: x\n")).collect::<String>() + "7: y\n";
        assert!(
            error(&twice, 1).contains("`7` is given twice; the first is on line 8"),
            "{}",
            error(&twice, 1)
        );
        let lists: String = (0..2000).map(|n| format!("? [*b, {n}]\n: x\n")).collect();
        let started = std::time::Instant::now();
        let _ = parse_mapping(
            Path::new("x.yaml"),
            &format!("b: &b [{}]\n{lists}", vec!["1"; 300].join(", ")),
            1,
            "front matter",
        );
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "{:?}",
            started.elapsed()
        );
    }

    #[test]
    fn deep_nesting_is_an_error_in_words_not_a_crash() {
        // `[[[…` meets the scanner's limit; a deep block list meets ours: one message for both.
        let flow = format!("a: {}{}\n", "[".repeat(200), "]".repeat(200));
        let block: String = (0..200).map(|depth| format!("{}- \n", "  ".repeat(depth))).collect();
        for yaml in [flow, format!("a:\n{block}")] {
            let message = error(&yaml, 1);
            assert!(message.contains("nest too deep here"), "{message}");
            assert!(!message.contains("recursion"), "{message}");
        }
    }

    #[test]
    fn local_tags_are_kept_and_core_tags_apply() {
        let fields = mapping("a: !note text\nb: !!str 42\nc: !!int \"42\"\n", 1);
        assert_eq!(describe(&fields.entries[0].value.value), "a value tagged `!note`");
        assert_eq!(scalar_text(&fields.entries[0].value.value).as_deref(), Some("text"));
        assert_eq!(fields.entries[1].value.value, Value::String("42".into()));
        assert_eq!(fields.entries[2].value.value, Value::Number(Number::PosInt(42), None));
        assert_eq!(
            error("d: !!bool yes\n", 1),
            "x.md:1:4: error: invalid YAML: invalid value: string \"yes\", expected a boolean"
        );
    }

    #[test]
    fn extra_becomes_the_same_json() {
        let fields = mapping(
            "extra:\n  z: 1\n  a: [x, 2.5, true, ~]\n  3: three\n  t: !note n\n  big: 123456789012345678901\n",
            1,
        );
        assert_eq!(
            json(&fields.entries[0].value).to_string(),
            r#"{"z":1,"a":["x",2.5,true,null],"3":"three","t":{"!note":"n"},"big":"123456789012345678901"}"#
        );
        let null_key = mapping("extra:\n  ~: x\n", 1);
        assert_eq!(json(&null_key.entries[0].value), serde_json::Value::Null);
    }

    #[test]
    fn a_list_at_the_top_is_an_error() {
        assert_eq!(
            error("- a\n- b\n", 2),
            "x.md:2:1: error: front matter must be a mapping of keys to values, but it is a list"
        );
        // Regression: an i18n file was shown a front matter example (`date: 2024-06-21`).
        let err = parse_mapping(Path::new("en.yaml"), "- a\n", 1, "an i18n file").unwrap_err();
        assert!(
            err.hint.as_deref().is_some_and(|h| h.contains("nav_topics: Stories")),
            "{err:?}"
        );
    }

    #[test]
    fn a_key_that_is_not_a_name_is_an_error_at_the_key() {
        assert_eq!(
            error("title: x\n[a]: b\n", 2),
            "x.md:3:1: error: front matter has a key that is a list, not a name"
        );
        // Regression: it came without a fix; `null:` is one (YAML reads it as no value).
        let err = parse_mapping(Path::new("x.md"), "null: y\n", 2, "front matter").unwrap_err();
        assert_eq!(err.message, "front matter has a key that is empty, not a name");
        assert!(err.hint.as_deref().is_some_and(|h| h.contains("quote it")), "{err:?}");
    }

    #[test]
    fn a_second_document_is_an_error_where_it_starts() {
        assert!(error("title: x\n--- y\n", 2).starts_with("x.md:3:1: error: invalid YAML: a second YAML document"));
    }

    #[test]
    fn empty_blocks_are_empty_mappings() {
        assert!(mapping("", 2).entries.is_empty());
        assert!(mapping("# only a comment\n", 2).entries.is_empty());
    }

    #[test]
    fn quote_writes_yaml_scalars() {
        let cases = [
            ("Putin and Kim sign a pact", "Putin and Kim sign a pact"),
            ("Title: x", "'Title: x'"),
            ("", "''"),
            ("yes", "yes"),
            ("true", "'true'"),
            ("2024", "'2024'"),
            ("012", "'012'"),
            ("it's", "it's"),
            ("'quoted' start", "'''quoted'' start'"),
            ("a #b", "'a #b'"),
            ("a\tb", "\"a\\tb\""),
            ("bell\u{7}", "\"bell\\a\""),
            ("\u{feff}x", "\"\\uFEFFx\""),
            ("x\u{2028}y", "'x\u{2028}  y'"),
            ("line1\nline2", "|-\n  line1\n  line2"),
            ("\nx", "|2-\n\n  x"),
            ("Ünïcödé 한국어 🚀", "Ünïcödé 한국어 🚀"),
        ];
        for (text, quoted) in cases {
            assert_eq!(quote(text), quoted, "{text:?}");
        }
    }

    /// The behaviour gazette had with serde_yaml (libyaml) is the reference: the same scalars must
    /// give the same values, and `quote` the same text.
    mod as_before {
        use super::*;
        use proptest::prelude::*;

        fn old(yaml: &str) -> Option<serde_json::Value> {
            let value: serde_yaml::Value = serde_yaml::from_str(yaml).ok()?;
            serde_json::to_value(value).ok()
        }

        fn new(yaml: &str) -> Option<serde_json::Value> {
            let node = parse(Path::new("x"), yaml, 1).ok()??;
            serde_json::to_value(&node.value).ok()
        }

        const SCALARS: &[&str] = &[
            "NO",
            "yes",
            "on",
            "off",
            "y",
            "n",
            "true",
            "True",
            "TRUE",
            "false",
            "FALSE",
            "~",
            "null",
            "Null",
            "NULL",
            "",
            "0",
            "-0",
            "+0",
            "012",
            "-012",
            "+012",
            "0.5",
            "00.5",
            "1.",
            ".5",
            "+.5",
            "1e3",
            "1E3",
            "1e+3",
            "1e-3",
            "1e400",
            "-1e400",
            "0x1F",
            "0x1f",
            "-0x1F",
            "+0x1F",
            "0x",
            "0x+5",
            "0o17",
            "-0o17",
            "0b101",
            "-0b101",
            "0b2",
            "1_000",
            "123456789012345678",
            "18446744073709551615",
            "-9223372036854775808",
            ".inf",
            "-.inf",
            "+.inf",
            ".Inf",
            ".NaN",
            ".nan",
            "nan",
            "inf",
            "infinity",
            "+-1",
            "--1",
            "2024-06-21",
            "2024-06-21T09:30:00+09:00",
            "12:30",
            "1:2:3",
            "3.14159",
            "-2.5e-3",
            "1.0e+16",
            "=",
            "<<",
            "'q'",
            "\"d\"",
            "!!str 42",
            "!!int \"42\"",
            "!!int 0x10",
            "!!float 3",
            "!!null \"\"",
            "!!str",
            "!note x",
            "!note",
            "! x",
            "!note [a]",
            "!!binary aGk=",
            "&a x",
            "[1, 2.0, x]",
            "{a: 1, 2: b, true: c}",
        ];

        #[test]
        fn scalars_read_as_before() {
            for scalar in SCALARS {
                let mut documents = vec![format!("key: {scalar}\n"), format!("- {scalar}\n")];
                // In a flow list libyaml took `]` into a tag (`[!!str]`), which YAML 1.2 does not.
                if !scalar.starts_with('!') {
                    documents.push(format!("key: [{scalar}]\n"));
                }
                for yaml in documents {
                    assert_eq!(new(&yaml), old(&yaml), "{yaml:?}");
                }
            }
        }

        #[test]
        fn documents_read_as_before() {
            let documents = [
                "title: A\nsummary: >\n  folded\n  text\n\ndate: 2024\n",
                "a: |\n  lit\n   more\n\nb: |-\n  x\nc: |+\n  y\n\n",
                "a: &x {k: v}\nb: *x\nc: &y [1]\nd: [*y, *x]\n",
                "? complex\n: value\n? [a, b]\n: seq key\n",
                "a: 'it''s'\nb: \"esc \\t \\u263A \\x41\"\nc: plain # comment\n",
                "nested:\n  - - a\n    - b\n  - {x: [1, {y: z}]}\n  -\n  - ''\n",
                "%YAML 1.2\n---\na: yes\n...\n",
                "a: \"multi\n  line\"\nb: plain\n  continued\n",
            ];
            for yaml in documents {
                assert_eq!(new(yaml), old(yaml), "{yaml:?}");
            }
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2000))]

            #[test]
            fn quote_writes_what_serde_yaml_wrote(text in "(\\PC|[\\t\\n\\r\\x00-\\x1f\\u{85}\\u{a0}\\u{2028}\\u{2029}\\u{feff}\\u{fffe} '\":#\\-?!&*%@`|>\\[\\]{},.~]){0,12}") {
                let before = serde_yaml::to_string(&text).map(|s| s.trim_end().to_string()).unwrap_or_default();
                prop_assert_eq!(quote(&text), before);
            }

            #[test]
            fn a_quoted_text_reads_back_as_itself(text in "[^\\p{C}\u{2028}\u{2029}]{0,20}") {
                // `quote` has always dropped white space at the end (`str::trim_end`), and wrote
                // U+2028 and U+2029 as YAML 1.1 line breaks.
                prop_assume!(text.trim_end() == text);
                let yaml = format!("title: {}\n", quote(&text));
                let fields = parse_mapping(Path::new("x"), &yaml, 1, "x").map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!(fields.entries[0].value.value.as_str(), Some(text.as_str()));
            }

            #[test]
            fn any_yaml_like_text_parses_or_errors_without_a_panic(text in "[-:\\[\\]{}#&*!|>'\" \t\na-c0-9?,.%@`~\\\\]{0,60}") {
                match parse_mapping(Path::new("x"), &text, 2, "x") {
                    Ok(fields) => {
                        for field in &fields.entries {
                            prop_assert!(field.pos.line >= 2 && field.key_pos.line >= 2);
                        }
                    }
                    Err(error) => prop_assert!(error.pos.is_some_and(|p| p.line >= 2 && p.column >= 1)),
                }
            }

            #[test]
            fn plain_scalars_read_as_before(text in "[-+0-9a-zA-Z._~:]{0,10}") {
                let yaml = format!("key: {text}\n");
                prop_assert_eq!(new(&yaml), old(&yaml));
            }
        }
    }
}
