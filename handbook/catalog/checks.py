"""Checks of one entry file beyond its schema: hidden characters and markup, TODO markers, vocabulary
words (with a suggestion for a near miss), requirement terms."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from handbook.load import schema
from handbook.load.issues import Issue
from handbook.load.yamlfile import Pointer, YamlDoc

from .model import CASE_TWINS, HIDDEN, MARKUP, TODO, VOCABULARY_FIELDS, Catalog


def strings_in(value: Any, pointer: Pointer = ()) -> Iterator[tuple[Pointer, str]]:
    if isinstance(value, dict):
        for key, sub in value.items():
            yield from strings_in(sub, pointer + (key,))
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            yield from strings_in(sub, pointer + (i,))
    elif isinstance(value, str):
        yield pointer, value


def text_issues(doc: YamlDoc) -> Iterator[Issue]:
    """Invisible characters (E113) and markup (E114) in any text of an entry."""
    if doc.text and not HIDDEN.search(doc.text) and not may_hold_markup(doc.text):
        return  # nothing anywhere in the file: no need to walk its values
    for pointer, text in strings_in(doc.data):
        name = schema.field_name(pointer)
        hidden = HIDDEN.search(text)
        if hidden:
            yield doc.issue(
                pointer,
                "E113",
                f"'{name}' holds the invisible character U+{ord(hidden.group(0)):04X} "
                f"at position {hidden.start() + 1}; delete it",
            )
        markup = MARKUP.search(text)
        if markup:
            shown = text[markup.start() : markup.start() + 16]
            yield doc.issue(pointer, "E114", f"'{name}' holds markup «{shown}»; write plain words")


def may_hold_markup(text: str) -> bool:
    """False when MARKUP cannot match: every branch of it needs one of these strings. A tenth of the time
    MARKUP itself takes on a whole file, where no literal prefix lets the regex engine skip ahead."""
    if any(s in text for s in ("<", "](", "{{", "{%", "=")) or CASE_TWINS.search(text):
        return True
    lowered = text.lower()
    return "script" in lowered or "data" in lowered


def todo_issues(doc: YamlDoc) -> Iterator[Issue]:
    if doc.text and TODO not in doc.text:
        return
    for pointer, text in strings_in(doc.data):
        if TODO in text:
            yield doc.issue(pointer, "E208", f"'{schema.field_name(pointer)}' still says TODO; write the real content")


def vocabulary_issues(doc: YamlDoc, catalog: Catalog) -> Iterator[Issue]:
    data = doc.data
    for entry_field, (vocabulary, code, what) in VOCABULARY_FIELDS.items():
        values = data.get(entry_field)
        listed = values if isinstance(values, list) else [values]
        for i, value in enumerate(listed):
            if not isinstance(value, str) or value in catalog.vocab[vocabulary] or TODO in value:
                continue
            pointer = (entry_field, i) if isinstance(values, list) else (entry_field,)
            known = list(catalog.vocab[vocabulary])
            yield doc.issue(
                pointer,
                code,
                f"{what} '{value}' is not a {what}{suggest(value, known)}; expected one of: {', '.join(known)}",
            )
    for pointer, rule in _rule_refs(data):
        if rule not in catalog.rules and TODO not in rule:
            yield doc.issue(pointer, "E110", f"rule '{rule}' is not in redlines.yml{suggest(rule, catalog.rules)}")
    for i, source in enumerate(string_items(data.get("sources"))):
        if source not in catalog.sources:
            yield doc.issue(
                ("sources", i), "E111", f"source '{source}' is not in sources.yml{suggest(source, catalog.sources)}"
            )


def check_requirement_terms(doc: YamlDoc, catalog: Catalog) -> Iterator[Issue]:
    for i, req in enumerate(doc.data.get("requirements", [])):
        for key, vocabulary, code in (
            ("stages", "stages", "E104"),
            ("channels", "channels", "E105"),
            ("except_scenarios", "scenarios", "E107"),
        ):
            for j, value in enumerate(req.get(key, [])):
                if value not in catalog.vocab[vocabulary]:
                    yield doc.issue(
                        ("requirements", i, key, j),
                        code,
                        f"'{value}' is not in {vocabulary} of taxonomy.yml{suggest(value, catalog.vocab[vocabulary])}",
                    )


def string_items(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _rule_refs(data: dict[str, Any]) -> Iterator[tuple[Pointer, str]]:
    compliance = data.get("compliance")
    for i, note in enumerate(compliance if isinstance(compliance, list) else []):
        if isinstance(note, dict) and isinstance(note.get("rule"), str):
            yield ("compliance", i, "rule"), note["rule"]
    for i, rule in enumerate(string_items(data.get("breaks"))):
        yield ("breaks", i), rule


SUGGEST_POOL = 200  # above this many candidates, compare only those that start like the value


def suggest(value: str, known: Any) -> str:
    """` (did you mean 'x'?)` for the closest known value, or nothing.

    difflib compares against every candidate; with thousands of ids and many broken references
    that grows with their product, so large pools are first cut to ids sharing the first letters.
    """
    pool = list(known)
    if len(pool) > SUGGEST_POOL:
        pool = [k for k in pool if k[:3] == value[:3]] or [k for k in pool if k[:1] == value[:1]][:SUGGEST_POOL]
    close = difflib.get_close_matches(value, pool, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""
