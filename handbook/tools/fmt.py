"""Put entry files in canonical form: keys in the schema's order, two-space indentation, LF, one
final newline, comments kept. `handbook fmt [--check] [PATH…]` uses it.

ruamel.yaml reads and writes the file round-trip, so comments, flow lists like `[phone, sms]`
and quoting survive; only the key order and the layout change. Long texts are written on one
line (YAML's backslash continuations are not kept), which yamllint accepts for unbreakable text.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from handbook.catalog import DEFINITIONS, ENTRY_SCHEMA
from handbook.load import schema as schemas
from handbook.load.yamlfile import decode

NESTED_ORDER = {"compliance": ["rule", "note"], "borrower": ["says", "reply", "ref"], "reviewed": ["on", "by"]}


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def key_order(root: Path) -> list[str]:
    """The top-level keys in the order entry.schema.json lists them."""
    return list(schemas.load_schema(root / DEFINITIONS / ENTRY_SCHEMA)["properties"])


def _reorder(mapping: CommentedMap, order: list[str]) -> None:
    for key in order:
        if key in mapping:
            mapping.move_to_end(key)
    for key in [k for k in mapping if k not in order]:  # unknown keys last, where validation names them
        mapping.move_to_end(key)


def formatted(text: str, order: list[str]) -> str:
    """`text` (an entry file) in canonical form; raises ruamel's errors on invalid YAML."""
    yaml = _yaml()
    data: Any = yaml.load(text)
    if isinstance(data, CommentedMap):
        _reorder(data, order)
        for key, inner in NESTED_ORDER.items():
            value = data.get(key)
            items = value if isinstance(value, list) else [value]
            for item in items:
                if isinstance(item, CommentedMap):
                    _reorder(item, inner)
    out = io.StringIO()
    yaml.dump(data, out)
    lines = [line.rstrip() for line in out.getvalue().splitlines()]
    return "\n".join(lines).rstrip("\n") + "\n"


def format_file(path: Path, order: list[str], check: bool) -> tuple[bool, str | None]:
    """(would change or changed, error message or None) for one file; writes it unless `check`."""
    raw = path.read_bytes()
    text, problem = decode(raw, str(path))
    if text is None:
        return False, str(problem)
    try:
        result = formatted(text, order)
    except Exception as err:  # ruamel's parser errors: reported, the file is left alone
        return False, f"{path}: cannot format, the YAML does not parse ({type(err).__name__}); run handbook validate"
    if result.encode("utf-8") == raw:
        return False, None
    if not check:
        path.write_text(result, encoding="utf-8", newline="\n")
    return True, None
