"""Load the whole catalogue folder and check it: schema, vocabularies, cross-file rules.

`load_catalog(root)` is the one entry point that the MkDocs hooks, the CLI and
the tests share. It never raises for bad data: it returns the catalogue (or
None when the reference files themselves are broken) and every issue found,
sorted by file and line.
"""

from __future__ import annotations

import difflib
import gc
import multiprocessing
import os
import re
import threading
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from . import compliance, legal, model, schema
from .issues import Issue, display_path
from .lint import Linter, expand
from .yamlfile import Pointer, YamlDoc, read_yaml

PLACEHOLDER = re.compile(r"\{([^{}\n]*)\}")
# Characters nobody can see: controls other than line breaks and tabs, zero-width and direction marks.
HIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
MARKUP = re.compile(
    r"<\s*/?\s*[a-zA-Z!]|(?:javascript|vbscript)\s*:|data:\s*[a-z]+/|\]\(|\{\{|\{%|\bon[a-z]+\s*=", re.I
)
# The only characters beyond ASCII that re.IGNORECASE matches with ASCII letters (İ ı ſ K).
_CASE_TWINS = re.compile("[\u0130\u0131\u017f\u212a]")
TODO = "TODO"
ENTRY_SCHEMA = "entry.schema.json"
REFERENCE_FILES = {  # file -> its schema
    "taxonomy.yml": "taxonomy.schema.json",
    "placeholders.yml": "placeholders.schema.json",
    "sources.yml": "sources.schema.json",
    "redlines.yml": "redlines.schema.json",
    "synonyms.yml": "synonyms.schema.json",
}
VOCABULARY_FIELDS = {  # entry field -> (taxonomy list, code, what to call it)
    "stage": ("stages", "E104", "stage"),
    "channels": ("channels", "E105", "channel"),
    "overdue": ("overdue", "E106", "overdue bucket"),
    "scenarios": ("scenarios", "E107", "scenario"),
    "verdict": ("verdicts", "E108", "verdict"),
    "products": ("products", "E118", "product"),
}


@dataclass
class Entry:
    """One script entry: its data and the file it came from."""

    data: dict[str, Any]
    doc: YamlDoc
    file: str  # the YAML file, relative to the project (the catalogue folder's parent)
    shape_ok: bool = True  # passed the schema and the vocabularies: safe to read field by field

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["data"][name]  # not self.data: unpickling asks before `data` is set
        except KeyError:
            raise AttributeError(name) from None

    @property
    def id(self) -> str:
        return self.data["id"]


@dataclass
class Catalog:
    """The validated catalogue with its vocabularies and derived indexes."""

    root: Path
    vocab: dict[str, dict[str, dict[str, Any]]]  # taxonomy list -> id -> term, in file order
    placeholders: dict[str, str]  # name -> description
    sources: dict[str, dict[str, Any]]
    rules: dict[str, dict[str, Any]]
    requirements: list[dict[str, Any]] = field(default_factory=list)
    placeholder_terms: dict[str, dict[str, Any]] = field(default_factory=dict)  # name -> its whole definition
    misuses: list[tuple[re.Pattern[str], str, str]] = field(default_factory=list)  # (pattern, placeholder, why)
    synonyms: list[list[str]] = field(default_factory=list)
    linter: Linter | None = None
    entries: dict[str, Entry] = field(default_factory=dict)
    referrers: dict[str, list[tuple[Entry, str]]] = field(default_factory=dict)

    def group(self, entry_field: str) -> dict[str, list[Entry]]:
        """Entries grouped by one taxonomy field, groups in taxonomy order, empty groups kept."""
        vocabulary = VOCABULARY_FIELDS[entry_field][0]
        groups: dict[str, list[Entry]] = {term: [] for term in self.vocab[vocabulary]}
        for entry in self.entries.values():
            values = entry.data[entry_field]
            for value in values if isinstance(values, list) else [values]:
                groups[value].append(entry)
        return groups

    def tags(self) -> dict[str, list[Entry]]:
        groups: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.entries.values():
            for tag in entry.data["tags"]:
                groups[tag].append(entry)
        return dict(sorted(groups.items()))

    def term(self, vocabulary: str, term_id: str) -> dict[str, Any]:
        return self.vocab[vocabulary][term_id]

    def search_terms(self, words: list[str]) -> list[str]:
        """`words` and every synonym of them (synonyms.yml), in order, without repeats."""
        out = list(dict.fromkeys(words))
        for group in self.synonyms:
            if set(group) & set(words):
                out += [w for w in group if w not in out]
        return out


# ---------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------


def load_catalog(root: Path) -> tuple[Catalog | None, list[Issue]]:
    """Load and check every file under `root`; return the catalogue and all issues.

    The cyclic garbage collector is paused meanwhile: loading makes millions of small objects
    that all stay alive, and the collector's repeated scans of them took 40 % of the time
    of a 10,000-entry load (nothing made here forms a cycle that needs it).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load(root)
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


def _load(root: Path) -> tuple[Catalog | None, list[Issue]]:
    root = root.resolve()
    watched = [*REFERENCE_FILES, *REFERENCE_FILES.values(), ENTRY_SCHEMA]
    stamp = tuple(_stamp(root / name) for name in watched)
    cached = _REFERENCE_CACHE.get(root)
    if cached is None or cached[0] != stamp:
        cached = _REFERENCE_CACHE[root] = (stamp, _load_references(root))
        while len(_REFERENCE_CACHE) > CACHED_ROOTS:
            _REFERENCE_CACHE.pop(next(iter(_REFERENCE_CACHE)))
    base, found = cached[1]
    issues = list(found)
    if base is None:
        return None, sorted(issues)
    catalog = replace(base, entries={}, referrers={})
    entries = _load_entries(root, catalog, issues, stamp)
    issues += _cross_check(entries, catalog)
    stage_order = list(catalog.vocab["stages"])
    entries.sort(key=lambda e: (_rank(stage_order, e.data.get("stage")), e.doc.path.name))
    for entry in entries:
        catalog.entries.setdefault(entry.id, entry)
    catalog.referrers = _referrers(catalog)
    if not entries and not issues:
        issues.append(Issue(display_path(root), 1, 1, "E210", "no entry files (<stage>/<id>.yml) were found"))
    return catalog, sorted(issues)


def _load_references(root: Path) -> tuple[Catalog | None, list[Issue]]:
    """The catalogue without entries (vocabularies, rules, the compiled linter) and the reference files' issues."""
    issues: list[Issue] = []
    refs: dict[str, Any] = {}
    for name, schema_name in REFERENCE_FILES.items():
        doc, found = _read_checked(root / name, root / schema_name)
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
    issues += _check_requirement_terms(redlines, catalog)
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
                        f"{_suggest(citation['source'], catalog.sources)}",
                    )
                )
    return out


def _load_entries(root: Path, catalog: Catalog, issues: list[Issue], stamp: tuple[Any, ...]) -> list[Entry]:
    """Every entry file under `root`: each read, checked on its own and linted (or taken from the cache)."""
    entries = []
    before = _ENTRY_CACHE.get(root, {})
    now: dict[Path, tuple[tuple[Any, ...], tuple[Entry | None, list[Issue]]]] = {}
    cwd = str(Path.cwd().resolve()) + "/"
    todo: list[tuple[Path, str]] = []
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.parent != root):
        if path.name.startswith("_") or path.name.startswith("."):
            continue
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
    for (path, _shown), result in zip(todo, _check_entry_files(todo, root, catalog), strict=True):
        now[path] = (now[path][0], result)
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
    found = schema.check(doc, root / ENTRY_SCHEMA)
    todo = list(_todo_issues(doc))
    todo_at = {(i.line, i.col) for i in todo}  # a TODO value also breaks its pattern: say it once
    shape = todo + [i for i in found if (i.line, i.col) not in todo_at] + list(_vocabulary_issues(doc, catalog))
    issues += shape + list(_text_issues(doc))
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


def _strings_in(value: Any, pointer: Pointer = ()) -> Iterator[tuple[Pointer, str]]:
    if isinstance(value, dict):
        for key, sub in value.items():
            yield from _strings_in(sub, pointer + (key,))
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            yield from _strings_in(sub, pointer + (i,))
    elif isinstance(value, str):
        yield pointer, value


def _text_issues(doc: YamlDoc) -> Iterator[Issue]:
    """Invisible characters (E113) and markup (E114) in any text of an entry."""
    if doc.text and not HIDDEN.search(doc.text) and not _may_hold_markup(doc.text):
        return  # nothing anywhere in the file: no need to walk its values
    for pointer, text in _strings_in(doc.data):
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


def _may_hold_markup(text: str) -> bool:
    """False when MARKUP cannot match: every branch of it needs one of these strings. A tenth of the time
    MARKUP itself takes on a whole file, where no literal prefix lets the regex engine skip ahead."""
    if any(s in text for s in ("<", "](", "{{", "{%", "=")) or _CASE_TWINS.search(text):
        return True
    lowered = text.lower()
    return "script" in lowered or "data" in lowered


def _todo_issues(doc: YamlDoc) -> Iterator[Issue]:
    if doc.text and TODO not in doc.text:
        return
    for pointer, text in _strings_in(doc.data):
        if TODO in text:
            yield doc.issue(pointer, "E208", f"'{schema.field_name(pointer)}' still says TODO; write the real content")


def _vocabulary_issues(doc: YamlDoc, catalog: Catalog) -> Iterator[Issue]:
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
                f"{what} '{value}' is not a {what}{_suggest(value, known)}; expected one of: {', '.join(known)}",
            )
    for pointer, rule in _rule_refs(data):
        if rule not in catalog.rules and TODO not in rule:
            yield doc.issue(pointer, "E110", f"rule '{rule}' is not in redlines.yml{_suggest(rule, catalog.rules)}")
    for i, source in enumerate(_strings(data.get("sources"))):
        if source not in catalog.sources:
            yield doc.issue(
                ("sources", i), "E111", f"source '{source}' is not in sources.yml{_suggest(source, catalog.sources)}"
            )


def _check_requirement_terms(doc: YamlDoc, catalog: Catalog) -> Iterator[Issue]:
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
                        f"'{value}' is not in {vocabulary} of taxonomy.yml{_suggest(value, catalog.vocab[vocabulary])}",
                    )


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _rule_refs(data: dict[str, Any]) -> Iterator[tuple[Pointer, str]]:
    compliance = data.get("compliance")
    for i, note in enumerate(compliance if isinstance(compliance, list) else []):
        if isinstance(note, dict) and isinstance(note.get("rule"), str):
            yield ("compliance", i, "rule"), note["rule"]
    for i, rule in enumerate(_strings(data.get("breaks"))):
        yield ("breaks", i), rule


SUGGEST_POOL = 200  # above this many candidates, compare only those that start like the value


def _suggest(value: str, known: Any) -> str:
    """` (did you mean 'x'?)` for the closest known value, or nothing.

    difflib compares against every candidate; with thousands of ids and many broken references
    that grows with their product, so large pools are first cut to ids sharing the first letters.
    """
    pool = list(known)
    if len(pool) > SUGGEST_POOL:
        pool = [k for k in pool if k[:3] == value[:3]] or [k for k in pool if k[:1] == value[:1]][:SUGGEST_POOL]
    close = difflib.get_close_matches(value, pool, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


# ---------------------------------------------------------------------------
# Rules across files
# ---------------------------------------------------------------------------


def _cross_check(entries: list[Entry], catalog: Catalog) -> list[Issue]:
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
    for i, target in enumerate(_strings(data.get("related"))):
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
                f"'{schema.field_name(pointer)}' names '{target}', which is no entry{_suggest(target, known)}",
            )


def _placeholder_issues(entry: Entry, catalog: Catalog) -> Iterator[Issue]:
    for pointer, text in _texts(entry.data):
        for name in PLACEHOLDER.findall(text):
            if name not in catalog.placeholders:
                yield entry.doc.issue(
                    pointer,
                    "E205",
                    f"placeholder '{{{name}}}' in '{schema.field_name(pointer)}' "
                    f"is not registered{_suggest(name, catalog.placeholders)}; "
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
    for i, variant in enumerate(_strings(data.get("variants"))):
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


def _referrers(catalog: Catalog) -> dict[str, list[tuple[Entry, str]]]:
    back: dict[str, list[tuple[Entry, str]]] = defaultdict(list)
    seen: set[tuple[str, str, str]] = set()
    for entry in catalog.entries.values():
        for _pointer, target, how in references(entry.data):
            if target in catalog.entries and target != entry.id and (target, entry.id, how) not in seen:
                seen.add((target, entry.id, how))
                back[target].append((entry, how))
    return dict(back)
