"""Where the build cache keeps things and how it names them: the keys (`digest`, SHA-256 over canonical
JSON, and the digests of what pages share: the navigation, the theme's settings, included files), the
entries on disk (`Store`, one JSON file each, written atomically) and compiled Jinja templates for the
life of the process (`CompiledTemplates`). What is cached and when it is reused is handbook/site/cache.py."""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import tempfile
from collections import Counter
from importlib import metadata
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.structure.nav import Navigation, Section

log = logging.getLogger("mkdocs.handbook.cache")


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept for the life of the process, and in the build cache's folder when it is on
    (`CompiledTemplates.folder`, set by the cache), so a build of its own compiles nothing it compiled
    before either: 0.8 s of a warm build at 1,000 entries. Every Renderer (several per build) and MkDocs'
    theme (once per build, again on each rebuild under `mkdocs serve`) has its own Jinja environment;
    Jinja checks each template's source against the checksum stored with its code, and the Python version
    against its header. One cache per kind of environment (`name`): the code depends on its settings
    (finalize, autoescape), not only on the source."""

    folder: Path | None = None  # the build cache's folder, when it is on

    def __init__(self, name: str) -> None:
        self.name = name
        self.code: dict[str, bytes] = {}

    def _path(self, key: str) -> Path | None:
        return None if self.folder is None else self.folder / "jinja" / self.name / f"{key}.bin"

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.code.get(bucket.key)
        path = self._path(bucket.key)
        if code is None and path is not None:
            try:
                code = self.code[bucket.key] = path.read_bytes()
            except OSError:
                return
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.code[bucket.key] = bucket.bytecode_to_string()
        path = self._path(bucket.key)
        if path is not None:
            _write_atomically(path, code)


THEME_COMPILED = CompiledTemplates("theme")


def digest(*parts: Any) -> str:
    """SHA-256 of `parts`, each as canonical JSON (bytes as they are), length-prefixed so no two splits
    of the same text collide."""
    h = hashlib.sha256()
    for part in parts:
        if isinstance(part, bytes):
            raw = b"b" + part
        elif isinstance(part, str):  # page texts: hashed as they are, not through JSON (a third of a rebuild)
            raw = b"s" + part.encode("utf-8", "surrogatepass")
        else:
            raw = b"j" + json.dumps(part, sort_keys=True, ensure_ascii=False, default=_stable).encode("utf-8")
        h.update(len(raw).to_bytes(8, "little"))
        h.update(raw)
    return h.hexdigest()


def _stable(value: Any) -> Any:
    """What JSON cannot write, written the same way in every process: a function (such as the slugify of
    the toc extension, made by a factory) by its name and the values it closes over, never by its address."""
    if isinstance(value, functools.partial):  # pymdownx's slugify(case=…) is one
        return ["partial", _stable(value.func), value.args, value.keywords]
    if callable(value) and hasattr(value, "__qualname__"):
        cells = [c.cell_contents for c in getattr(value, "__closure__", None) or ()]
        return [getattr(value, "__module__", ""), value.__qualname__, cells, getattr(value, "__defaults__", None)]
    if hasattr(value, "__dict__"):
        return [type(value).__qualname__, vars(value)]
    return str(value)


class Store:
    """Entries as JSON files, <folder>/<kind>/<first two hex digits>/<key>.json; under `mkdocs serve` the
    entries read or written are also kept in memory (`remember`), as the same process rebuilds again and
    again and reading a thousand files back costs half a second each time."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.remember = False
        self.memory: dict[tuple[str, str], Any] = {}
        self.used: set[tuple[str, str]] = set()  # the entries the current build read or wrote
        self.counts: Counter[str] = Counter()  # "check hit", "convert miss" … of the current build

    def _path(self, kind: str, key: str) -> Path:
        return self.folder / kind / key[:2] / f"{key}.json"

    def forget_unused(self) -> None:
        """Keep in memory only what the last build used: under `mkdocs serve` every edit makes new entries,
        and the old ones would pile up for the life of the server (they stay on disk)."""
        self.memory = {k: v for k, v in self.memory.items() if k in self.used}
        self.used = set()

    def get(self, kind: str, key: str) -> Any | None:
        if (kind, key) in self.memory:
            self.used.add((kind, key))
            return self.memory[kind, key]
        try:
            value = json.loads(self._path(kind, key).read_text(encoding="utf-8"))
        except (OSError, ValueError):  # missing, unreadable or cut short: a miss
            return None
        if self.remember:
            self.memory[kind, key] = value
            self.used.add((kind, key))
        return value

    def put(self, kind: str, key: str, value: Any) -> None:
        if self.remember:
            self.memory[kind, key] = value
            self.used.add((kind, key))
        _write_atomically(self._path(kind, key), json.dumps(value, ensure_ascii=False).encode("utf-8"))


def _write_atomically(path: Path, data: bytes) -> None:
    """`data` into `path` through a temporary file and a rename: no reader ever sees half an entry."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except OSError as err:  # a read-only or full disk costs the cache, never the build
        log.debug("cache entry not written (%s): %s", err, path)


# The parts of the configuration a theme template may read.
SITE_KEYS = (
    "site_name",
    "site_url",
    "site_description",
    "site_author",
    "copyright",
    "repo_url",
    "repo_name",
    "edit_uri",
    "extra",
    "extra_css",
    "extra_javascript",
    "extra_templates",
    "use_directory_urls",
    "google_analytics",
)


def version_of(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return ""


def folder_digest(folder: Path | None) -> str:
    """Every file below `folder` (names and bytes): what pages include through snippets."""
    if folder is None or not folder.is_dir():
        return ""
    return digest(
        *[(p.relative_to(folder).as_posix(), p.read_bytes()) for p in sorted(folder.rglob("*")) if p.is_file()]
    )


def nav_digest(nav: Navigation) -> str:
    def walk(items: list[Any]) -> list[Any]:
        out: list[Any] = []
        for item in items:
            if isinstance(item, Section):
                out.append(["section", item.title, walk(item.children)])
            else:
                out.append([type(item).__name__, item.title, getattr(item, "url", None)])
        return out

    return digest(walk(nav.items), nav.homepage.url if nav.homepage else None)


def toc_tokens(toc: Any) -> list[dict[str, Any]]:
    """The table of contents as the tokens MkDocs' get_toc reads back into the same AnchorLinks."""
    return [{"level": a.level, "id": a.id, "name": a.title, "children": toc_tokens(a.children)} for a in toc]


def toc_json(toc: Any) -> list[Any]:
    return [[item.title, item.id, item.level, toc_json(item.children)] for item in toc]


def file_id(file: Any) -> tuple[str, str, str, str]:
    """What a link to `file` turns into: where it comes from, where it goes, its URL, whether it is built."""
    return (file.src_uri, file.dest_uri, file.url, file.inclusion.name)
