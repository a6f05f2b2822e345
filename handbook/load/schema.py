"""Check one parsed file against its JSON Schema and word the findings for editors.

The schemas in scripts_catalog/ are the only definition of each file's shape;
this module turns jsonschema's findings into located issues (E101-E103, E109)
with the field path, what was found and what is expected.

Most files are valid, and jsonschema takes half a millisecond to say so; a
catalogue of 10,000 entries would spend five seconds on that alone. So each
file is first checked by the same schema compiled to Python by fastjsonschema
(six times faster), and only a file it rejects goes through jsonschema for the
worded findings. tests/unit/test_catalog_files.py holds the two to the same verdict.
"""

from __future__ import annotations

import difflib
import json
from functools import cache
from pathlib import Path
from typing import Any

import fastjsonschema
import jsonschema
from jsonschema.exceptions import ValidationError

from .issues import Issue
from .yamlfile import Pointer, YamlDoc

_TYPE_WORDS = {
    "string": "text",
    "array": "a list such as [a, b]",
    "object": "a mapping of `field: value` lines",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "nothing",
}


def load_schema(path: Path) -> dict[str, Any]:
    """The schema at `path`, read again only when the file changed (mkdocs serve lives through edits)."""
    return _load_schema(path, _stamp(path))


def fast_check(path: Path) -> Any:
    """The schema at `path` compiled by fastjsonschema: a function that raises on invalid data."""
    return _fast_check(path, _stamp(path))


def _validator(path: Path) -> jsonschema.Draft202012Validator:
    return _jsonschema_validator(path, _stamp(path))


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size


@cache
def _load_schema(path: Path, stamp: tuple[int, int]) -> dict[str, Any]:
    schema = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


@cache
def _jsonschema_validator(path: Path, stamp: tuple[int, int]) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(_load_schema(path, stamp))


@cache
def _fast_check(path: Path, stamp: tuple[int, int]) -> Any:
    return fastjsonschema.compile(_load_schema(path, stamp))


def is_valid(data: Any, schema_path: Path) -> bool:
    try:
        fast_check(schema_path)(data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def field_name(pointer: Pointer) -> str:
    """`compliance[0].rule` for ('compliance', 0, 'rule')."""
    out = ""
    for part in pointer:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _describe(value: Any) -> str:
    for name, kind in (
        ("text", str),
        ("a list", list),
        ("a mapping", dict),
        ("true/false", bool),
        ("a number", (int, float)),
    ):
        if isinstance(value, kind):
            return name
    return "nothing" if value is None else type(value).__name__


def check(doc: YamlDoc, schema_path: Path) -> list[Issue]:
    """All schema violations of `doc`, one issue each."""
    if is_valid(doc.data, schema_path):
        return []
    schema = load_schema(schema_path)
    issues: list[Issue] = []
    for error in _validator(schema_path).iter_errors(doc.data):
        issues.extend(_issues_for(doc, error, schema))
    return issues


def _subschema(schema: dict[str, Any], pointer: Pointer) -> dict[str, Any]:
    node = schema
    for part in pointer:
        node = node.get("items", {}) if isinstance(part, int) else node.get("properties", {}).get(part, {})
    return node


def _issues_for(doc: YamlDoc, error: ValidationError, schema: dict[str, Any]) -> list[Issue]:
    pointer: Pointer = tuple(error.absolute_path)
    name = field_name(pointer)
    kind = error.validator
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else str(error.message)
        target = field_name(pointer + (missing,))
        return [
            doc.issue(pointer, "E101", f"field '{target}' is missing; add it ({_hint(schema, pointer + (missing,))})")
        ]
    if kind == "additionalProperties":
        allowed = list(_subschema(schema, pointer).get("properties", {}))
        out = []
        for extra in sorted(set(error.instance) - set(allowed), key=str):
            close = difflib.get_close_matches(str(extra), allowed, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"allowed fields: {', '.join(allowed)}"
            out.append(
                doc.issue(
                    pointer + (extra,),
                    "E102",
                    f"field '{field_name(pointer + (extra,))}' is not defined; {hint}",
                    key=True,
                )
            )
        return out
    if kind == "type":
        wanted = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        words = " or ".join(_TYPE_WORDS.get(str(w), str(w)) for w in wanted)
        return [doc.issue(pointer, "E103", f"'{name}' must be {words}, found {_describe(error.instance)}")]
    if kind == "oneOf" and pointer[:1] == ("borrower",) and isinstance(error.instance, dict):
        both = {"reply", "ref"} <= set(error.instance)
        what = "has both `reply` and `ref`; keep one" if both else "needs `reply: <answer>` or `ref: <entry id>`"
        return [doc.issue(pointer, "E109" if both else "E101", f"borrower line '{name}' {what}")]
    return [doc.issue(pointer, "E109", f"'{name}': {_plain(error)}")]


def _hint(schema: dict[str, Any], pointer: Pointer) -> str:
    description = _subschema(schema, pointer).get("description", "")
    first = description.split(". ")[0].rstrip(".")
    return first or "see the schema"


def _plain(error: ValidationError) -> str:
    kind, value = error.validator, error.validator_value
    if kind == "pattern":
        return f"{error.instance!r} does not match the required form {value}"
    if kind == "minLength":
        return f"text is shorter than {value} characters"
    if kind == "maxLength":
        return f"text is {len(error.instance)} characters; the limit is {value}"
    if kind == "minItems":
        return f"list needs at least {value} item(s)"
    if kind == "uniqueItems":
        return "list repeats an item; list each item once"
    if kind == "enum":
        return f"{error.instance!r} is not allowed; expected one of: {', '.join(map(str, value))}"
    return error.message


def fields_table(schema: dict[str, Any]) -> str:
    """The Markdown table of every field of `schema` (nested ones as `parent.child`), from its descriptions."""
    rows = ["| field | required | type | what to write |", "|---|---|---|---|"]

    def walk(node: dict[str, Any], prefix: str) -> None:
        required = set(node.get("required", []))
        for name, sub in node.get("properties", {}).items():
            path = f"{prefix}{name}"
            kind = sub.get("type", "")
            if kind == "array" and sub.get("items", {}).get("type") not in (None, "object"):
                kind = f"list of {sub['items']['type']}"
            description = " ".join(sub.get("description", "").split()).replace("|", "\\|")
            rows.append(f"| `{path}` | {'yes' if name in required else ''} | {kind} | {description} |")
            items = sub.get("items", {})
            if items.get("type") == "object":
                walk(items, f"{path}[].")
            if sub.get("type") == "object":
                walk(sub, f"{path}.")

    walk(schema, "")
    return "\n".join(rows) + "\n"
