"""Under `mkdocs serve`: write only the files of the site that changed, and remove only the ones that went.

Each rebuild MkDocs empties the site folder and writes every file again: 28 MB of HTML and the theme's
assets for today's catalogue, a few tenths of a second of a rebuild that is otherwise mostly cache hits
(handbook/site/cache.py). While serving, `SiteWrites` keeps the folder instead: a page whose bytes are the
same as the last build wrote is not written again, an asset whose source did not change is not copied
again, and once the build is done every file the last build had and this one did not make is removed. So
the folder ends as an emptied-and-rewritten one would (tests/site/test_serve.py deletes an entry and asks
for its page). Files other plugins write by themselves are new in this build and kept.

The three functions are MkDocs' own (`mkdocs.utils.clean_directory`, `write_file`, `copy_file`), wrapped
for the length of one build as the cache wraps conversion; not on `mkdocs build`, whose site folder may be
anything and is emptied as usual.

Likewise the theme's files: each build MkDocs lists the theme folders to add their assets to the site,
14,500 files for Material (its icons), a fifth of a second. Installed themes do not change while the
server runs, so the listing of a theme folder inside the Python installation is made once per process;
a theme folder of the project (`custom_dir`) is listed every time.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs import utils
from mkdocs.structure.files import File, Files


class SiteWrites:
    """What the last build under `mkdocs serve` wrote, to write only the difference the next time."""

    def __init__(self) -> None:
        self.written: dict[str, bytes] = {}  # path -> digest of the bytes written there
        self.copied: dict[str, tuple[str, int, float]] = {}  # path -> (source, its size, its mtime)
        self.before: set[str] = set()  # the site's files when this build began
        self.made: set[str] = set()  # the files this build wrote or found already right
        self.started = 0.0
        self.skipped = 0
        self._undo: list[Callable[[], None]] = []

    def install(self) -> None:
        self.uninstall()
        originals = {name: getattr(utils, name) for name in ("clean_directory", "write_file", "copy_file")}
        utils.clean_directory = self._keep
        utils.write_file = self._write
        utils.copy_file = self._copy

        def undo() -> None:
            for name, function in originals.items():
                setattr(utils, name, function)

        self._undo.append(undo)
        original_add = Files.add_files_from_theme
        setattr(Files, "add_files_from_theme", _add_files_from_theme)  # noqa: B010 - for the length of one build
        self._undo.append(lambda: setattr(Files, "add_files_from_theme", original_add))
        self._original_write, self._original_copy = originals["write_file"], originals["copy_file"]
        self.made, self.skipped, self.started = set(), 0, time.time()

    def uninstall(self) -> None:
        while self._undo:
            self._undo.pop()()

    def finish(self, site_dir: str) -> int:
        """Remove what the last build had and this one did not make; the number of files removed."""
        self.uninstall()
        removed = 0
        for path in sorted(self.before - self.made):
            with contextlib.suppress(FileNotFoundError):
                if os.path.getmtime(path) < self.started:  # not written in this build by another plugin
                    os.remove(path)
                    removed += 1
                    self.written.pop(path, None)
                    self.copied.pop(path, None)
        for folder, _subfolders, _files in sorted(os.walk(site_dir), reverse=True):  # deepest first
            if folder != site_dir and not os.listdir(folder):
                os.rmdir(folder)
        return removed

    # The wrapped functions -----------------------------------------------------------

    def _keep(self, directory: str) -> None:
        """Instead of emptying the site folder: note what is in it."""
        self.before = {str(p) for p in Path(directory).rglob("*") if p.is_file() and not p.name.startswith(".")}
        known = self.before
        self.written = {k: v for k, v in self.written.items() if k in known}
        self.copied = {k: v for k, v in self.copied.items() if k in known}

    def _write(self, content: bytes, output_path: str) -> None:
        path = os.path.abspath(output_path)
        digest = hashlib.blake2b(content, digest_size=16).digest()
        self.made.add(path)
        if self.written.get(path) == digest and path in self.before:
            self.skipped += 1
            return
        self._original_write(content, output_path)
        self.written[path] = digest

    def _copy(self, source_path: str, output_path: str) -> None:
        if os.path.isdir(output_path):
            output_path = os.path.join(output_path, os.path.basename(source_path))
        path = os.path.abspath(output_path)
        stat = os.stat(source_path)
        source = (os.path.abspath(source_path), stat.st_size, stat.st_mtime)
        self.made.add(path)
        if self.copied.get(path) == source and path in self.before:
            self.skipped += 1
            return
        self._original_copy(source_path, output_path)
        self.copied[path] = source


_THEME_FILES: dict[tuple[str, ...], list[tuple[str, str]]] = {}  # theme folders -> [(path, folder)]


def _add_files_from_theme(files: Files, env: Any, config: Any) -> None:
    """Files.add_files_from_theme, with the listing of installed theme folders made once per process."""
    dirs = tuple(config.theme.dirs)
    installed = all(Path(d).resolve().is_relative_to(Path(sys.prefix).resolve()) for d in dirs)
    found = _THEME_FILES.get(dirs) if installed else None
    if found is None:
        probe = Files([])
        _ORIGINAL_ADD(probe, env, config)  # MkDocs' own filter and precedence between the theme folders
        found = [(f.src_uri, f.src_dir) for f in probe if f.src_dir is not None]
        if installed:
            _THEME_FILES[dirs] = found
    for path, folder in found:
        if files.get_file_from_path(path) is None:  # the docs folder's files come before the theme's
            files.append(File(path, folder, config.site_dir, config.use_directory_urls))


_ORIGINAL_ADD = Files.add_files_from_theme
