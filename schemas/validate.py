#!/usr/bin/env python3
"""Checks gazette front matter and site.yaml against the JSON Schemas beside this script.

    python3 schemas/validate.py .                          # a whole site: site.yaml and content/**/*.md
    python3 schemas/validate.py content/2024/06/pact.md    # one article (or topic, author or edition, by its folder)
    python3 schemas/validate.py --schema topic notes/x.md  # name the schema: article, topic, author, edition, site or a file
    python3 schemas/validate.py --check-schemas            # the schemas themselves, and their examples

Problems are printed like gazette's own, `path:line:col: error: message`, one per line, then a summary.
Exit status: 0 all valid, 1 problems found, 2 bad usage, 3 PyYAML or jsonschema missing
(`pip install pyyaml jsonschema`).

The YAML is read the way gazette reads it, as YAML 1.2 (the core schema): `yes`, `no`, `on` and
`off` stay text, unquoted dates stay text (PyYAML's default YAML 1.1 would make them booleans and
datetime objects), numbers with leading zeros or underscores are text, and a repeated key is an error.
The schemas are stricter than gazette in one deliberate way: an unknown key is an error here (so that
typos are caught), where gazette only warns and ignores it (or, in an edition's item, ignores a key its
kind does not use). `gazette check` remains the full check:
it also knows which topics exist, whether permalinks collide, whether links lead anywhere, and which
articles an edition may list.
"""

import argparse
import difflib
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMA_NAMES = ("article", "topic", "author", "edition", "site")
MISSING_PACKAGES = 3

try:
    import jsonschema
    import yaml

    jsonschema.Draft202012Validator  # noqa: B018 - jsonschema 4.0 or newer
except (ImportError, AttributeError) as error:  # pragma: no cover - depends on the machine
    print(
        f"validate.py needs the Python packages PyYAML and jsonschema 4.0 or newer ({error}): "
        "pip install pyyaml jsonschema",
        file=sys.stderr,
    )
    sys.exit(MISSING_PACKAGES)


# --- YAML as gazette reads it -------------------------------------------------------------------


class Yaml12Loader(yaml.SafeLoader):
    """PyYAML's safe loader with YAML 1.2 core-schema scalars, as gazette's YAML library resolves them."""


Yaml12Loader.yaml_implicit_resolvers = {}
_RESOLVERS = [
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", list("~nN") + [""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    # Decimal without leading zeros (`0123` is text), and 0x / 0o / 0b; an optional sign.
    ("tag:yaml.org,2002:int", r"^[-+]?(?:0x[0-9a-fA-F]+|0o[0-7]+|0b[01]+|0|[1-9][0-9]*)$", list("-+0123456789")),
    (
        "tag:yaml.org,2002:float",
        r"^(?![-+]?0[0-9]+$)(?:[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        list("-+.0123456789"),
    ),
]
for _tag, _pattern, _first in _RESOLVERS:
    Yaml12Loader.add_implicit_resolver(_tag, re.compile(_pattern), _first)


def _construct_int(loader, node):
    text = loader.construct_scalar(node)
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-")
    for prefix, base in (("0x", 16), ("0o", 8), ("0b", 2)):
        if digits.startswith(prefix):
            return sign * int(digits[2:], base)
    return sign * int(digits, 10)


Yaml12Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)


class Problem(Exception):
    """A problem found before schema validation, at a (line, column) of the file (1-based)."""

    def __init__(self, line, column, message):
        super().__init__(message)
        self.line, self.column, self.message = line, column, message


def _scalar(loader, node):
    if node.tag in loader.yaml_constructors and node.tag != "tag:yaml.org,2002:timestamp":
        value = loader.construct_object(node, deep=True)
    else:  # an application tag such as `!x`, or an explicit timestamp: read the scalar as if untagged
        tag = loader.resolve(yaml.ScalarNode, node.value, (True, False)) if node.style is None else None
        value = node.value
        if tag and tag != "tag:yaml.org,2002:str":
            value = loader.construct_object(yaml.ScalarNode(tag, node.value, style=node.style))
    if value is not None and not isinstance(value, (str, int, float, bool)):
        value = str(value)  # e.g. !!binary: not text gazette would expect, but keep going
    return value


def _key_text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else str(value)


def _build(loader, node, path, positions, first_line, stack):
    """Turns a composed node into JSON-like data, recording where each value starts."""
    positions[path] = (node.start_mark.line + first_line, node.start_mark.column + 1)
    if id(node) in stack:
        raise Problem(node.start_mark.line + first_line, node.start_mark.column + 1, "an alias refers to itself")
    if isinstance(node, yaml.ScalarNode):
        return _scalar(loader, node)
    stack = stack | {id(node)}
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, item, path + (i,), positions, first_line, stack) for i, item in enumerate(node.value)]
    out = {}
    for key_node, value_node in node.value:
        line, column = key_node.start_mark.line + first_line, key_node.start_mark.column + 1
        if not isinstance(key_node, yaml.ScalarNode):
            raise Problem(line, column, "a key is a list or a mapping, not a name")
        key = _scalar(loader, key_node)
        if key is None:
            raise Problem(line, column, "a key is empty, not a name")
        key = _key_text(key)
        if key in out:
            raise Problem(line, column, f"duplicate key `{key}`")
        positions[("key",) + path + (key,)] = (line, column)
        out[key] = _build(loader, value_node, path + (key,), positions, first_line, stack)
    return out


def load_yaml(text, first_line):
    """Parses one YAML document; returns (data, positions). `first_line` is the file line of its first line."""
    loader = Yaml12Loader(text)
    try:
        node = loader.get_single_node()
        positions = {}
        data = None if node is None else _build(loader, node, (), positions, first_line, frozenset())
        return data, positions
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + first_line, mark.column + 1) if mark else (first_line, 1)
        message = " ".join(part for part in (error.context, error.problem) if part)
        raise Problem(line, column, f"invalid YAML: {message}") from None
    except yaml.YAMLError as error:
        raise Problem(first_line, 1, f"invalid YAML: {error}") from None
    finally:
        loader.dispose()


def split_front_matter(text):
    """The YAML between the `---` lines, as gazette cuts it; returns (yaml, file line of its first line)."""
    if not text.strip():
        raise Problem(1, 1, "the file is empty")
    lines = text.split("\n")
    if lines[0].rstrip() == "+++":
        raise Problem(1, 1, "this front matter is TOML (`+++`), but gazette reads YAML")
    if lines[0].rstrip() != "---":
        raise Problem(1, 1, "the file does not start with front matter (a line `---`)")
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]) + "\n", 2
    raise Problem(1, 1, "the front matter opened here never closes")


def read_text(path):
    with open(path, "rb") as f:
        raw = f.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise Problem(1, 1, f"the file is not UTF-8 text ({error.reason} at byte {error.start})") from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


# --- Schemas and messages -------------------------------------------------------------------------


def _strict_integer(checker, instance):
    # A whole number written as a float (`2000.0`, `2e3`) is not an integer to gazette.
    return isinstance(instance, int) and not isinstance(instance, bool)


_TYPE_CHECKER = jsonschema.Draft202012Validator.TYPE_CHECKER.redefine("integer", _strict_integer)
Validator = jsonschema.validators.extend(jsonschema.Draft202012Validator, type_checker=_TYPE_CHECKER)


# A translation (`treaty.ko.md`, beside `treaty.md`) takes its date and the rest from its original:
# it is checked against the article schema with only `title` required. An edition's translation
# (`2024-06-22.ko.md`) takes its date from its original too, and lists its own items.
TRANSLATION = re.compile(r"\.[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*\.md$")
TRANSLATION_SCHEMAS = ("article-translation", "edition-translation")


def load_schema(name_or_path):
    if name_or_path in TRANSLATION_SCHEMAS:
        schema = load_schema(name_or_path.removesuffix("-translation"))
        schema["required"] = [key for key in schema.get("required", []) if key != "date"]
        return schema
    path = name_or_path
    if name_or_path in SCHEMA_NAMES:
        path = os.path.join(HERE, f"{name_or_path}.schema.json")
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def describe(value):
    """How gazette describes a value in its messages."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"the boolean `{'true' if value else 'false'}`"
    if isinstance(value, (int, float)):
        return f"the number `{value}`"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:40] + "…"
        return f"the text `{shown}`"
    return "a list" if isinstance(value, list) else "a mapping"


TYPE_WORDS = {
    "object": "a mapping",
    "array": "a list",
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "`true` or `false`",
}


def expected_type(types):
    types = [types] if isinstance(types, str) else [t for t in types if t != "null"]
    if {"string", "number", "boolean"} <= set(types):
        types = [t for t in types if t not in ("string", "number", "boolean")] + ["string"]
    words = [TYPE_WORDS.get(t, t) for t in types]
    return " or ".join(words)


def location(path):
    """`date`, item 2 of `tags`, `kind` in item 1 of `updates`, `feeds.entries`."""
    text = None
    for part in path:
        if isinstance(part, int):
            text = f"item {part + 1} of {text}"
        elif text is None:
            text = f"`{part}`"
        elif text.startswith("item "):
            text = f"`{part}` in {text}"
        else:
            text = text[:-1] + f".{part}`"
    return text


def _deepest_branch_error(error):
    """For anyOf: the problem in the branch the value was evidently meant for."""
    candidates = [e for e in error.context if e.validator != "type"]
    if not candidates:
        return None
    return max(candidates, key=lambda e: len(e.absolute_path))


def messages(error, whole):
    """Yields (path, message, point-at-key) for one validation error."""
    path = tuple(error.absolute_path)
    here = location(path)
    schema, value, kind = error.schema, error.instance, error.validator
    if kind in ("not", "anyOf") and "errorMessage" in schema:  # a rule about which keys go together
        yield path, f"{here or 'the ' + whole} {schema['errorMessage']}", False
        return
    if "propertyNames" in error.absolute_schema_path and "errorMessage" in schema:  # a key of the wrong kind
        yield path + (value,), f"`{value}` does not belong in {here}: {schema['errorMessage']}", True
        return
    if kind == "anyOf":
        branch = _deepest_branch_error(error)
        if branch is not None:
            yield from messages(branch, whole)
        else:  # the value has none of the types the branches want
            types = []
            for sub in error.context:
                wanted = sub.schema.get("type", [])
                types += [wanted] if isinstance(wanted, str) else wanted
            wanted = expected_type(list(dict.fromkeys(types)))
            yield path, f"{here} must be {wanted}, but it is {describe(value)}", False
        return
    if kind == "required":
        for key in error.validator_value:
            if isinstance(value, dict) and key not in value:
                owner = f"the {whole}" if not path else here
                yield path, f"{owner} has no `{key}`, which is required", False
        return
    if kind == "additionalProperties":
        known = sorted(schema.get("properties", {}))
        for key in value:
            if key not in known:
                close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
                hint = f"did you mean `{close[0]}`?" if close else "known keys are " + ", ".join(known)
                if path:
                    yield path + (key,), f"unknown key `{key}` in {here} ({hint})", True
                else:
                    yield (key,), f"unknown key `{key}` ({hint}); put anything else under `extra`", True
        return
    if kind == "type":
        if "errorMessage" in schema:
            yield path, f"{here} is {describe(value)}: {schema['errorMessage']}", False
        else:
            yield path, f"{here} must be {expected_type(schema['type'])}, but it is {describe(value)}", False
        return
    if kind in ("pattern", "minimum", "maximum") and "patternErrorMessage" in schema:
        yield path, f"{here} is `{value}`: {schema['patternErrorMessage']}", False
        return
    if kind == "pattern":
        yield path, f"{here} is `{value}`, which does not match the pattern {schema['pattern']}", False
        return
    if kind in ("enum", "const"):
        allowed = [v for v in schema.get("enum", [schema.get("const")]) if v is not None]
        if "errorMessage" in schema:
            hint = schema["errorMessage"]
        else:
            hint = "one of " + ", ".join(f"`{v}`" for v in allowed)
        message = f"{here} is {describe(value)}: {hint}"
        if isinstance(value, str):
            close = difflib.get_close_matches(value, [str(v) for v in allowed], n=1, cutoff=0.8)
            if close:
                message += f" (did you mean `{close[0]}`?)"
        yield path, message, False
        return
    if kind == "minimum":
        yield path, f"{here} is {describe(value)}, but it must be at least {error.validator_value}", False
        return
    if kind == "maximum":
        yield path, f"{here} is {describe(value)}, but it must be at most {error.validator_value}", False
        return
    yield path, f"{here or 'the ' + whole}: {error.message}", False


def problems(data, positions, schema, whole, first_line):
    """Every schema problem of `data`, as (line, column, message), in file order."""
    found = set()
    for error in Validator(schema).iter_errors(data):
        for path, message, at_key in messages(error, whole):
            position = positions.get(("key",) + path) if at_key else None
            probe = path
            while position is None and probe:
                position = positions.get(probe)
                probe = probe[:-1]
            if position is None:
                position = (first_line - 1 if whole == "front matter" else first_line, 1)
            found.add((position[0], position[1], message))
    return sorted(found)


def check_file(path, whole_file, schema):
    """Problems of one file (a whole YAML file, or a Markdown file's front matter), as (line, column, message)."""
    try:
        text = read_text(path)
        if whole_file:
            yaml_text, first_line, whole = text, 1, "site.yaml"
        else:
            (yaml_text, first_line), whole = split_front_matter(text), "front matter"
        data, positions = load_yaml(yaml_text, first_line)
    except Problem as problem:
        return [(problem.line, problem.column, problem.message)]
    except OSError as error:
        return [(1, 1, f"cannot read: {error.strerror or error}")]
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return [(first_line, 1, f"the {whole} must be a mapping of keys to values, but it is {describe(data)}")]
    return problems(data, positions, schema, whole, first_line)


# --- Which files, which schema --------------------------------------------------------------------

IGNORED_SUFFIXES = (".swp", ".swo", ".swx", ".swpx", ".tmp", ".bak", ".orig", ".crdownload", ".part")


def is_ignored_name(name):
    """The hidden, editor and temporary files gazette skips."""
    return name.startswith((".", "#")) or name.endswith("~") or name == "4913" or name.endswith(IGNORED_SUFFIXES)


def content_schema(rel):
    """The schema of a Markdown file at `rel` under content/ (with / separators), as gazette sorts them."""
    if rel.startswith("topics/"):
        return "topic"
    if rel.startswith("authors/"):
        return "author"
    if rel.startswith("editions/"):
        return "edition-translation" if TRANSLATION.search(rel) else "edition"
    return "article-translation" if TRANSLATION.search(rel) else "article"


def site_files(root):
    """(path, schema name) for a site folder: site.yaml, then every article, topic, author and edition gazette reads."""
    files = []
    if os.path.isfile(os.path.join(root, "site.yaml")):
        files.append((os.path.normpath(os.path.join(root, "site.yaml")), "site"))
    content = os.path.join(root, "content")
    found = []
    for folder, dirs, names in os.walk(content, followlinks=True):
        dirs[:] = sorted(d for d in dirs if not is_ignored_name(d))
        for name in names:
            if name.endswith(".md") and not is_ignored_name(name) and name != "_index.md":
                path = os.path.join(folder, name)
                if os.path.isfile(path):
                    rel = os.path.relpath(path, content).replace(os.sep, "/")
                    found.append((os.path.normpath(path), content_schema(rel)))
    return files + sorted(found)


def schema_for(path):
    """article, topic, author, edition or site, from the file's name and place; None when it cannot tell."""
    name = os.path.basename(path)
    if name.endswith((".yaml", ".yml")):
        return "site"
    if not name.endswith(".md"):
        return None
    parts = os.path.abspath(path).split(os.sep)
    if "content" in parts:
        at = len(parts) - 1 - parts[::-1].index("content")
        if at + 2 < len(parts):
            return content_schema("/".join(parts[at + 1 :]))
    return "article"


def _references(schema):
    """How a validator finds `schema` by its $id: a registry (jsonschema 4.18+) or a resolver (older)."""
    try:
        from referencing import Registry, Resource
    except ImportError:
        return {"resolver": jsonschema.RefResolver.from_schema(schema)}
    return {"registry": Registry().with_resource(schema["$id"], Resource.from_contents(schema))}


def check_schemas():
    """Checks each schema against the 2020-12 meta-schema (regexes included) and validates its examples."""
    bad = 0
    for name in SCHEMA_NAMES:
        display = os.path.relpath(os.path.join(HERE, f"{name}.schema.json"))
        schema = load_schema(name)
        try:
            try:
                jsonschema.Draft202012Validator.check_schema(schema, format_checker=jsonschema.FormatChecker())
            except TypeError:  # jsonschema before 4.14 checks formats (`regex`) anyway
                jsonschema.Draft202012Validator.check_schema(schema)
        except jsonschema.SchemaError as error:
            print(f"{display}: error: not a valid 2020-12 schema: {error.message} at {list(error.absolute_path)}")
            bad += 1
            continue
        references = _references(schema)

        def walk(node, pointer):
            if isinstance(node, dict):
                if "examples" in node and pointer:
                    validator = Validator({"$ref": schema["$id"] + "#" + pointer}, **references)
                    for example in node["examples"]:
                        for error in validator.iter_errors(example):
                            yield f"{display}: error: example {json.dumps(example)} at {pointer}: {error.message}"
                for key, child in node.items():
                    if key not in ("examples", "enum", "const", "default"):
                        yield from walk(child, pointer + "/" + key.replace("~", "~0").replace("/", "~1"))
            elif isinstance(node, list):
                for i, child in enumerate(node):
                    yield from walk(child, f"{pointer}/{i}")

        for line in walk(schema, ""):
            print(line)
            bad += 1
    print(f"schemas: {len(SCHEMA_NAMES)} checked, {bad} problems")
    return 1 if bad else 0


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Check gazette front matter and site.yaml against the JSON Schemas in schemas/.",
        epilog="Exit status: 0 valid, 1 problems found, 2 bad usage, 3 PyYAML or jsonschema missing.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="a site folder, a Markdown file or site.yaml")
    parser.add_argument(
        "--schema",
        metavar="SCHEMA",
        help="article, topic, author, edition, site, or a schema file; default: from each file's name and place",
    )
    parser.add_argument("--check-schemas", action="store_true", help="check the schemas themselves and exit")
    args = parser.parse_args(argv)
    if args.check_schemas:
        return check_schemas()
    if not args.paths:
        parser.error("name a site folder or files to check, e.g. `python3 schemas/validate.py .`")
    jobs = []
    for path in args.paths:
        if os.path.isdir(path):
            if args.schema:
                parser.error(f"--schema applies to files, but {path} is a folder")
            if not (os.path.isfile(os.path.join(path, "site.yaml")) or os.path.isdir(os.path.join(path, "content"))):
                parser.error(f"{path} is not a gazette site: it has no site.yaml and no content/ folder")
            jobs.extend(site_files(path))
        else:
            name = args.schema or schema_for(path)
            if name is None:
                parser.error(f"cannot tell which schema {path} needs: give --schema article, topic, author, edition or site")
            jobs.append((path, name))
    schemas = {}
    bad = 0
    for path, name in jobs:
        if name not in schemas:
            try:
                schemas[name] = load_schema(name)
            except (OSError, ValueError) as error:
                parser.error(f"cannot read the schema {name}: {error}")
        known = name in SCHEMA_NAMES or name in TRANSLATION_SCHEMAS
        whole_file = name == "site" or (not known and path.endswith((".yaml", ".yml")))
        found = check_file(path, whole_file, schemas[name])
        for line, column, message in found:
            print(f"{path}:{line}:{column}: error: {message}")
        bad += bool(found)
    if bad:
        print(f"schemas: {bad} of {len(jobs)} files have problems")
    else:
        print(f"schemas: {len(jobs)} files valid")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
