"""Markdown for the report: every text from the catalogue escaped, values shortened for table cells."""

from __future__ import annotations

import re
from typing import Any

from .sides import MISSING

SHORT = 80  # characters of a value shown in a table cell


NONE = "（无）"


# ---------------------------------------------------------------------------
# Markdown
# ---------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~&$!])")


def _flat(text: str) -> str:
    """One line: line breaks shown as ↵, tabs as spaces."""
    return re.sub(r"\r\n|\r|\n", " ↵ ", text).replace("\t", " ")


def md(text: str) -> str:
    """`text` as literal Markdown on one line, safe in a table cell: every markup character escaped."""
    return _MD_SPECIAL.sub(r"\\\1", _flat(text))


def code(text: str, *, cell: bool = False) -> str:
    """`text` as an inline code span on one line, fenced longer than any backtick run inside it."""
    flat = _flat(text)
    if not flat.strip():
        return md(repr(text))
    fence = "`" * (max((len(run) for run in re.findall(r"`+", flat)), default=0) + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    span = f"{fence}{pad}{flat}{pad}{fence}"
    return span.replace("|", "\\|") if cell else span


def short(text: str, limit: int = SHORT) -> str:
    flat = _flat(text)
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def plain(value: Any) -> str:
    """A value as plain text: lists as [a, b], mappings as {key: value}, YAML spellings of true and null."""
    if value is MISSING:
        return NONE
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, list):
        return "[" + ", ".join(plain(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {plain(v)}" for k, v in value.items()) + "}"
    return str(value)


def cell(value: Any) -> str:
    """A table cell: long texts shortened, lists of plain values in full (their items shortened)."""
    if value is MISSING:
        return NONE
    if value == "":
        return "（空）"
    if isinstance(value, list) and not any(isinstance(v, list | dict) for v in value):
        return md("[" + ", ".join(short(plain(v)) for v in value) + "]")
    return md(short(plain(value)))
