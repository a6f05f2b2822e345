"""Rules across entry files: ids and references, placeholders, the verdict each reference needs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from handbook.load import schema
from handbook.load.issues import Issue
from handbook.load.yamlfile import Pointer

from .checks import string_items, suggest
from .model import PLACEHOLDER, TODO, Catalog, Entry

# ---------------------------------------------------------------------------
# Rules across files
# ---------------------------------------------------------------------------


def cross_check(entries: list[Entry], catalog: Catalog) -> list[Issue]:
    issues: list[Issue] = []
    first: dict[str, Entry] = {}
    for entry in entries:
        doc, data = entry.doc, entry.data
        if entry.id in first:
            issues.append(
                doc.issue(
                    ("id",),
                    "E201",
                    f"id '{entry.id}' is already used by {first[entry.id].doc.shown}; "
                    "choose a new id and rename the file",
                )
            )
        first.setdefault(entry.id, entry)
        if entry.id != doc.path.stem and TODO not in entry.id:
            issues.append(
                doc.issue(
                    ("id",),
                    "E202",
                    f"id '{entry.id}' differs from the file name '{doc.path.name}'; "
                    f"rename the file to '{entry.id}.yml' or change the id",
                )
            )
        stage = data.get("stage")
        if isinstance(stage, str) and stage in catalog.vocab["stages"] and doc.path.parent.name != stage:
            issues.append(
                doc.issue(
                    ("stage",),
                    "E203",
                    f"stage is '{stage}' but the file is in folder "
                    f"'{doc.path.parent.name}/'; move it to scripts_catalog/{stage}/",
                )
            )
    for entry in entries:
        issues += _reference_issues(entry, first)
        issues += _placeholder_issues(entry, catalog)
        issues += _verdict_issues(entry, first)
    return issues


def references(data: dict[str, Any]) -> Iterator[tuple[Pointer, str, str]]:
    """(pointer, target id, how) for every link from this entry to another."""
    for i, target in enumerate(string_items(data.get("related"))):
        yield ("related", i), target, "related"
    if isinstance(data.get("alternative"), str):
        yield ("alternative",), data["alternative"], "alternative"
    borrower = data.get("borrower")
    for i, line in enumerate(borrower if isinstance(borrower, list) else []):
        if isinstance(line, dict) and isinstance(line.get("ref"), str):
            yield ("borrower", i, "ref"), line["ref"], "borrower"


def _reference_issues(entry: Entry, known: dict[str, Entry]) -> Iterator[Issue]:
    for pointer, target, _how in references(entry.data):
        if TODO in target:
            continue
        if target == entry.id:
            yield entry.doc.issue(pointer, "E209", f"'{schema.field_name(pointer)}' points at this entry itself")
        elif target not in known:
            yield entry.doc.issue(
                pointer,
                "E204",
                f"'{schema.field_name(pointer)}' names '{target}', which is no entry{suggest(target, known)}",
            )


def _placeholder_issues(entry: Entry, catalog: Catalog) -> Iterator[Issue]:
    for pointer, text in _texts(entry.data):
        for name in PLACEHOLDER.findall(text):
            if name not in catalog.placeholders:
                yield entry.doc.issue(
                    pointer,
                    "E205",
                    f"placeholder '{{{name}}}' in '{schema.field_name(pointer)}' "
                    f"is not registered{suggest(name, catalog.placeholders)}; "
                    "use one from placeholders.yml or register it there",
                )
        for pattern, name, why in catalog.misuses:
            found = pattern.search(text)
            if found:
                yield entry.doc.issue(
                    pointer,
                    "E211",
                    f"«{found.group(0)}» in '{schema.field_name(pointer)}' misuses {{{name}}}: {why}",
                )
        rest = PLACEHOLDER.sub("", text)
        if "{" in rest or "}" in rest:
            yield entry.doc.issue(
                pointer,
                "E205",
                f"'{schema.field_name(pointer)}' has an unmatched brace; write placeholders as {{名称}}",
            )


def _texts(data: dict[str, Any]) -> Iterator[tuple[Pointer, str]]:
    if isinstance(data.get("phrase"), str):
        yield ("phrase",), data["phrase"]
    for i, variant in enumerate(string_items(data.get("variants"))):
        yield ("variants", i), variant
    borrower = data.get("borrower")
    for i, line in enumerate(borrower if isinstance(borrower, list) else []):
        if isinstance(line, dict) and isinstance(line.get("reply"), str):
            yield ("borrower", i, "reply"), line["reply"]


def _verdict_issues(entry: Entry, known: dict[str, Entry]) -> Iterator[Issue]:
    data, doc = entry.data, entry.doc
    if data.get("verdict") == "prohibited":
        if "breaks" not in data:
            yield doc.issue(
                ("verdict",), "E206", "a prohibited entry must name the rules it breaks: add `breaks: [RL-…]`"
            )
        if "alternative" not in data:
            yield doc.issue(
                ("verdict",),
                "E206",
                "a prohibited entry must link a lawful alternative: add `alternative: <id of a recommended entry>`",
            )
        target = known.get(data.get("alternative", ""))
        if target is not None and target.data.get("verdict") != "recommended":
            yield doc.issue(
                ("alternative",),
                "E207",
                f"the alternative '{target.id}' is "
                f"{target.data.get('verdict')}, not recommended; point at a recommended entry",
            )
    elif isinstance(data.get("verdict"), str):
        for extra in ("breaks", "alternative"):
            if extra in data:
                yield doc.issue(
                    (extra,),
                    "E207",
                    f"`{extra}` is only for prohibited entries; remove it or set `verdict: prohibited`",
                    key=True,
                )


def referrers(catalog: Catalog) -> dict[str, list[tuple[Entry, str]]]:
    back: dict[str, list[tuple[Entry, str]]] = defaultdict(list)
    seen: set[tuple[str, str, str]] = set()
    for entry in catalog.entries.values():
        for _pointer, target, how in references(entry.data):
            if target in catalog.entries and target != entry.id and (target, entry.id, how) not in seen:
                seen.add((target, entry.id, how))
                back[target].append((entry, how))
    return dict(back)
