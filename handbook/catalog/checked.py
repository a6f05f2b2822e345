"""What each entry file was found to be, kept on disk between processes.

Checking an entry file (YAML, schema, vocabularies, sources, the linter) is two thirds of loading the
catalogue, and each `mkdocs build` is a new process: a warm build of 1,000 entries spent 4.3 s of its
12 s checking files that had not changed. `CheckedFiles` keeps each file's result (the entry's data,
where each value stands, and the issues) in the build cache (kind `check`), under the SHA-256 of all it
depends on:

- the file's bytes, its path as shown in messages and as the entry records it;
- the catalogue's definitions (every file the loader watches there: vocabularies, sources, rules,
  placeholders, synonyms, the entry schema);
- the checking code: every file of handbook/catalog, handbook/load and handbook/lint (the linter's
  data and model included), and the versions of Python and of the libraries it calls;
- today's date (a source comes into force on a day) and the switch that leaves the model out.

A change to any of them is another key, so nothing is invalidated by hand. A stored result that cannot
be read back is a miss, checked again. The in-process cache of the loader (for `mkdocs serve`) comes
first; this one is for the next process.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path
from typing import Any, Protocol

from handbook.lint.model import NO_MODEL_ENV
from handbook.load.issues import Issue
from handbook.load.yamlfile import YamlDoc

from .freshness import today
from .model import DEFINITIONS, Entry

FORMAT = 1  # of the stored results
KIND = "check"
PACKAGE = Path(__file__).resolve().parent.parent  # handbook/
CODE = ("catalog", "load", "lint")  # the packages whose code and data decide what a file is found to be
LIBRARIES = ("PyYAML", "jsonschema", "fastjsonschema", "opencc-python-reimplemented")

Result = tuple[Entry | None, list[Issue]]


class ResultStore(Protocol):
    """Where results go: the build cache's `Store` (handbook/site/store.py), or anything like it."""

    counts: Counter[str]  # "check hit" and "check miss" are added here

    def get(self, kind: str, key: str) -> Any | None: ...

    def put(self, kind: str, key: str, value: Any) -> None: ...


@functools.cache
def code_digest() -> str:
    """Every file of the checking code, by name and bytes, with the versions it runs on (once per process)."""
    h = hashlib.sha256(f"{FORMAT} {sys.version}".encode())
    for name in LIBRARIES:
        try:
            h.update(f"{name}={metadata.version(name)};".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name}=;".encode())
    for part in CODE:
        for path in sorted((PACKAGE / part).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                _add(h, path.relative_to(PACKAGE).as_posix().encode(), path.read_bytes())
    return h.hexdigest()


def _add(h: Any, *parts: bytes) -> None:
    for part in parts:  # length-prefixed: no two splits of the same bytes give the same digest
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)


class CheckedFiles:
    """The stored results of one catalogue's entry files, for one set of definitions."""

    def __init__(self, store: ResultStore, root: Path, watched: list[str]) -> None:
        self.store = store
        self.root = root
        h = hashlib.sha256(code_digest().encode())
        _add(h, today().isoformat().encode(), os.environ.get(NO_MODEL_ENV, "").encode())
        for name in watched:
            path = root / DEFINITIONS / name
            _add(h, name.encode(), path.read_bytes() if path.is_file() else b"\0missing")
        self.shared = h.hexdigest()
        self.keys: dict[Path, str] = {}

    def key(self, path: Path, shown: str) -> str | None:
        try:
            raw = path.read_bytes()
        except OSError:  # checked again, and the check says what is wrong with it
            return None
        h = hashlib.sha256(self.shared.encode())
        _add(h, shown.encode(), path.relative_to(self.root.parent).as_posix().encode(), raw)
        return h.hexdigest()

    def get(self, files: list[tuple[Path, str]]) -> dict[Path, Result]:
        """The stored results of those of `files` that have one."""
        out = {}
        for path, shown in files:
            key = self.keys[path] = self.key(path, shown) or ""
            stored = self.store.get(KIND, key) if key else None
            result = decode(stored, path, shown) if stored is not None else None
            if result is not None:
                out[path] = result
        self.store.counts[f"{KIND} hit"] += len(out)
        self.store.counts[f"{KIND} miss"] += len(files) - len(out)
        return out

    def issues(self, name: str, find: Callable[..., Iterable[Issue]], *args: Any) -> list[Issue]:
        """The issues `find(*args)` finds in the definitions, looked for once per key (`name` tells the
        finds apart)."""
        key = hashlib.sha256(f"{self.shared} {name}".encode()).hexdigest()
        stored = self.store.get(KIND, key)
        result = decode(stored, self.root, "") if stored is not None else None
        if result is not None:
            return result[1]
        found = list(find(*args))
        self.store.put(KIND, key, encode((None, found)))
        return found

    def put(self, path: Path, shown: str, result: Result) -> None:
        key = self.keys.get(path) or self.key(path, shown)
        if key:
            self.store.put(KIND, key, encode(result))


def encode(result: Result) -> dict[str, Any]:
    entry, issues = result
    out: dict[str, Any] = {"issues": [[i.path, i.line, i.col, i.code, i.message] for i in issues]}
    if entry is not None:
        doc = entry.doc
        out["entry"] = {
            "data": entry.data,
            "file": entry.file,
            "shape_ok": entry.shape_ok,
            "values": [[list(p), *at] for p, at in doc.values.items()],
            "keys": [[list(p), *at] for p, at in doc.keys.items()],
        }
    return out


def decode(stored: Any, path: Path, shown: str) -> Result | None:
    """A stored result back as the loader made it; None when it is not one (a miss)."""
    try:
        issues = [Issue(p, line, col, code, message) for p, line, col, code, message in stored["issues"]]
        found = stored.get("entry")
        if found is None:
            return None, issues
        doc = YamlDoc(
            path,
            shown,
            found["data"],
            values={tuple(p): (line, col) for p, line, col in found["values"]},
            keys={tuple(p): (line, col) for p, line, col in found["keys"]},
        )
        return Entry(doc.data, doc, found["file"], shape_ok=bool(found["shape_ok"])), issues
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
