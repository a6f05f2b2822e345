"""Load the whole catalogue folder and check it: schema, vocabularies, cross-file rules.

`load_catalog(root)` is the one entry point that the MkDocs hooks, the CLI and
the tests share. It never raises for bad data: it returns the catalogue (or
None when the reference files themselves are broken) and every issue found,
sorted by file and line.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import re
import threading
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

from handbook.lint import Linter, expand, model
from handbook.load import schema
from handbook.load.issues import Issue, display_path
from handbook.load.yamlfile import YamlDoc, read_yaml

from . import compliance, legal
from .checked import CheckedFiles, ResultStore
from .checks import check_requirement_terms, suggest, text_issues, todo_issues, vocabulary_issues
from .cross import cross_check, referrers
from .model import DEFINITIONS, ENTRY_SCHEMA, REFERENCE_FILES, Catalog, Entry

# ---------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------


def load_catalog(root: Path, store: ResultStore | None = None) -> tuple[Catalog | None, list[Issue]]:
    """Load and check every file under `root`; return the catalogue and all issues.

    With a `store` (the build cache's, handbook/site/store.py), what each entry file was found to be is
    also kept on disk, for the next process (`CheckedFiles`).

    The cyclic garbage collector is paused meanwhile: loading makes millions of small objects
    that all stay alive, and the collector's repeated scans of them took 40 % of the time
    of a 10,000-entry load (nothing made here forms a cycle that needs it).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load(root, store)
    finally:
        if enabled:
            gc.enable()


# Kept between loads in one process, for `mkdocs serve`, which reloads after every edit: the
# reference part of the catalogue while its files are unchanged, and each entry file's findings
# while neither it nor the reference files changed. Keys are (modification time, size).
CACHED_ROOTS = 4  # catalogue folders kept (a test session loads hundreds of small ones)
_REFERENCE_CACHE: dict[Path, tuple[tuple[Any, ...], tuple[Catalog | None, list[Issue]]]] = {}
_ENTRY_CACHE: dict[Path, dict[Path, tuple[tuple[Any, ...], tuple[Entry | None, list[Issue]]]]] = {}


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


def _load(root: Path, store: ResultStore | None = None) -> tuple[Catalog | None, list[Issue]]:
    root = root.resolve()
    watched = [*REFERENCE_FILES, *REFERENCE_FILES.values(), ENTRY_SCHEMA]
    stamp = tuple(_stamp(root / DEFINITIONS / name) for name in watched)
    checked = CheckedFiles(store, root, watched) if store is not None else None
    cached = _REFERENCE_CACHE.get(root)
    if cached is None or cached[0] != stamp:
        cached = _REFERENCE_CACHE[root] = (stamp, _load_references(root, checked))
        while len(_REFERENCE_CACHE) > CACHED_ROOTS:
            _REFERENCE_CACHE.pop(next(iter(_REFERENCE_CACHE)))
    base, found = cached[1]
    issues = list(found)
    if base is None:
        return None, sorted(issues)
    catalog = replace(base, entries={}, referrers={})
    entries = _load_entries(root, catalog, issues, stamp, checked)
    issues += cross_check(entries, catalog)
    stage_order = list(catalog.vocab["stages"])
    entries.sort(key=lambda e: (_rank(stage_order, e.data.get("stage")), e.doc.path.name))
    for entry in entries:
        catalog.entries.setdefault(entry.id, entry)
    catalog.referrers = referrers(catalog)
    if not entries and not issues:
        issues.append(Issue(display_path(root), 1, 1, "E210", "no entry files (<stage>/<id>.yml) were found"))
    return catalog, sorted(issues)


def _load_references(root: Path, checked: CheckedFiles | None = None) -> tuple[Catalog | None, list[Issue]]:
    """The catalogue without entries (vocabularies, rules, the compiled linter) and the reference files' issues.

    The check of every rule pattern (each compiled, and its sub-patterns tried on the empty text) is half
    of it; with `checked` its findings are kept on disk like an entry file's."""
    issues: list[Issue] = []
    refs: dict[str, Any] = {}
    for name, schema_name in REFERENCE_FILES.items():
        doc, found = _read_checked(root / DEFINITIONS / name, root / DEFINITIONS / schema_name)
        issues += found
        refs[name] = doc
    if issues or not all(refs.values()):
        return None, issues
    catalog = Catalog(
        root=root,
        vocab={key: _index(refs["taxonomy.yml"], key, "id", issues) for key in refs["taxonomy.yml"].data},
        placeholders={
            p["name"]: p["description"]
            for p in _index(refs["placeholders.yml"], "placeholders", "name", issues).values()
        },
        sources=_index(refs["sources.yml"], "sources", "id", issues),
        rules=_index(refs["redlines.yml"], "rules", "id", issues),
    )
    catalog.placeholder_terms = {p["name"]: p for p in refs["placeholders.yml"].data["placeholders"]}
    catalog.misuses = _misuses(refs["placeholders.yml"], issues)
    issues += legal.source_issues(refs["sources.yml"], catalog.sources)
    redlines = refs["redlines.yml"]
    issues += legal.citation_issues(redlines, catalog.sources)
    catalog.requirements = redlines.data.get("requirements", [])
    catalog.synonyms = refs["synonyms.yml"].data["groups"]
    issues += _check_rule_sources(redlines, catalog)
    issues += check_requirement_terms(redlines, catalog)
    if checked is not None:
        bad_patterns = checked.issues("patterns", compliance.pattern_issues, redlines)
    else:
        bad_patterns = list(compliance.pattern_issues(redlines))
    issues += bad_patterns
    if not bad_patterns:
        catalog.linter = Linter(catalog.rules, redlines.data.get("terms", {}))
        issues += compliance.example_issues(redlines, catalog.linter)
    return catalog, issues


def _misuses(doc: YamlDoc, issues: list[Issue]) -> list[tuple[re.Pattern[str], str, str]]:
    """The `misuse` patterns of placeholders.yml, compiled; one that does not compile is E305."""
    out = []
    for i, item in enumerate(doc.data["placeholders"]):
        for j, misuse in enumerate(item.get("misuse", [])):
            try:
                out.append((re.compile(expand(misuse["pattern"], {})), item["name"], misuse["why"]))
            except re.error as err:
                issues.append(
                    doc.issue(
                        ("placeholders", i, "misuse", j, "pattern"),
                        "E305",
                        f"pattern {misuse['pattern']!r} does not compile: {err}",
                    )
                )
    return out


def _rank(order: list[str], value: Any) -> int:
    return order.index(value) if value in order else len(order)


def _read_checked(path: Path, schema_path: Path) -> tuple[YamlDoc | None, list[Issue]]:
    shown = display_path(path)
    if not path.is_file():
        return None, [Issue(shown, 1, 1, "E004", "required catalogue file is missing")]
    doc, issues = read_yaml(path, shown)
    if doc is not None:
        issues += schema.check(doc, schema_path)
    return doc, issues


def _index(doc: YamlDoc, key: str, id_field: str, issues: list[Issue]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for i, item in enumerate(doc.data[key]):
        if item[id_field] in out:
            issues.append(doc.issue((key, i, id_field), "E112", f"{key} id '{item[id_field]}' is defined twice"))
        out.setdefault(item[id_field], item)
    return out


def _check_rule_sources(doc: YamlDoc, catalog: Catalog) -> list[Issue]:
    out = []
    for i, rule in enumerate(doc.data["rules"]):
        for j, citation in enumerate(rule["citations"]):
            if citation["source"] not in catalog.sources:
                out.append(
                    doc.issue(
                        ("rules", i, "citations", j, "source"),
                        "E111",
                        f"source '{citation['source']}' is not in sources.yml"
                        f"{suggest(citation['source'], catalog.sources)}",
                    )
                )
    return out


def _load_entries(
    root: Path, catalog: Catalog, issues: list[Issue], stamp: tuple[Any, ...], checked: CheckedFiles | None = None
) -> list[Entry]:
    """Every entry file under `root`: each read, checked on its own and linted (or taken from a cache)."""
    entries = []
    before = _ENTRY_CACHE.get(root, {})
    now: dict[Path, tuple[tuple[Any, ...], tuple[Entry | None, list[Issue]]]] = {}
    cwd = str(Path.cwd().resolve()) + "/"
    todo: list[tuple[Path, str]] = []
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.parent != root):
        if any(part.startswith(("_", ".")) for part in path.relative_to(root).parts):
            continue  # the definitions, templates and hidden files are not entries
        text = str(path)
        shown = text.removeprefix(cwd) if text.startswith(cwd) else path.as_posix()  # display_path, without a
        if path.suffix == ".yaml":  # resolve() per file: root is resolved, and rglob keeps it as the prefix
            issues.append(Issue(shown, 1, 1, "E202", f"entry files end in .yml; rename it to '{path.stem}.yml'"))
            continue
        if path.suffix != ".yml":
            continue
        key = (stamp, _stamp(path))
        cached = before.get(path)
        if cached is not None and cached[0] == key:
            now[path] = cached
        else:
            now[path] = (key, (None, []))
            todo.append((path, shown))
    if checked is not None:
        found_before = checked.get(todo)
        for path, result in found_before.items():
            now[path] = (now[path][0], result)
        todo = [(path, shown) for path, shown in todo if path not in found_before]
    for (path, shown), result in zip(todo, _check_entry_files(todo, root, catalog), strict=True):
        now[path] = (now[path][0], result)
        if checked is not None:
            checked.put(path, shown, result)
    for _key, (entry, found) in now.values():
        issues += found
        if entry is not None:
            entries.append(entry)
    _ENTRY_CACHE.pop(root, None)
    _ENTRY_CACHE[root] = now
    while len(_ENTRY_CACHE) > CACHED_ROOTS:  # the least recently loaded catalogue goes first
        _ENTRY_CACHE.pop(next(iter(_ENTRY_CACHE)))
    return entries


PARALLEL_FROM = 1500  # entry files; below this a second process costs more than it saves
_SHARED: dict[str, Any] = {}  # what a forked worker inherits: the catalogue's reference part


def _check_entry_files(
    files: list[tuple[Path, str]], root: Path, catalog: Catalog
) -> list[tuple[Entry | None, list[Issue]]]:
    """`_check_entry_file` for each file; a large catalogue is shared out among the machine's cores.

    Workers are forked, so they start at once with the compiled linter and schemas; this process checks
    the largest share itself meanwhile. Not under `mkdocs serve` (other threads run there, which forking
    does not mix with), where only edited files are read again anyway.
    """
    workers = min((os.cpu_count() or 1) - 1, len(files) // (PARALLEL_FROM // 2))
    if len(files) < PARALLEL_FROM or workers < 1 or threading.active_count() > 1 or not hasattr(os, "fork"):
        return [_check_entry_file(path, shown, root, catalog) for path, shown in files]
    # the workers also pickle what they found, so this process takes a little more than an equal share
    own = len(files) * 11 // (10 * (workers + 1))
    size = -(-(len(files) - own) // workers)
    chunks = [files[own + i * size : own + (i + 1) * size] for i in range(workers)]
    _SHARED.update(root=root, catalog=catalog)
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = [pool.submit(_check_chunk, chunk) for chunk in chunks]
            results = [_check_entry_file(path, shown, root, catalog) for path, shown in files[:own]]
            for future in futures:
                results += future.result()
    finally:
        _SHARED.clear()
    return results


def _check_chunk(files: list[tuple[Path, str]]) -> list[tuple[Entry | None, list[Issue]]]:
    return [_check_entry_file(path, shown, _SHARED["root"], _SHARED["catalog"]) for path, shown in files]


def _check_entry_file(path: Path, shown: str, root: Path, catalog: Catalog) -> tuple[Entry | None, list[Issue]]:
    """One entry file on its own: YAML, schema, vocabularies, text, and the linter's verdict."""
    doc, issues = read_yaml(path, shown)
    if doc is None:
        return None, issues
    found = schema.check(doc, root / DEFINITIONS / ENTRY_SCHEMA)
    todo = list(todo_issues(doc))
    todo_at = {(i.line, i.col) for i in todo}  # a TODO value also breaks its pattern: say it once
    shape = todo + [i for i in found if (i.line, i.col) not in todo_at] + list(vocabulary_issues(doc, catalog))
    issues += shape + list(text_issues(doc))
    if not isinstance(doc.data.get("id"), str):
        return None, issues
    entry = Entry(doc.data, doc, path.relative_to(root.parent).as_posix(), shape_ok=not shape)
    if entry.shape_ok:
        issues += legal.entry_source_issues(doc, doc.data, catalog.sources, list(catalog.vocab["products"]))
        issues += compliance.identity_issues(doc, doc.data)
        issues += compliance.doubt_issues(doc, doc.data, model.shipped(), catalog.linter)
    if entry.shape_ok and catalog.linter is not None:
        issues += compliance.entry_issues(doc, doc.data, catalog.linter, catalog.requirements)
    doc.text = ""  # scanned; not kept for the life of the build
    return entry, issues
