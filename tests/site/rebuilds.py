"""Rebuild the handbook in one process after each of a series of edits, as `mkdocs serve` does.

    python tests/site/rebuilds.py STEPS.json OUT

STEPS.json lists steps, each `{"name": …, "edits": [...]}` where an edit is
`{"write": path, "text": …}`, `{"delete": path}` or `{"replace": path, "old": …, "new": …}` (paths relative
to the catalogue, $HANDBOOK_CATALOG). After each step the site is built into OUT/<name>/site, with the
builder `mkdocs serve` uses (load the configuration again, then `build`), and the catalogue is copied to
OUT/<name>/<its folder name> for a clean build to compare with. One line per step says what the build cache reused.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
import time
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

PROJECT = Path(__file__).resolve().parents[2]


def apply(catalog: Path, edit: dict[str, str]) -> None:
    if "write" in edit:
        path = catalog / edit["write"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(edit["text"], encoding="utf-8")
    elif "delete" in edit:
        (catalog / edit["delete"]).unlink()
    else:
        path = catalog / edit["replace"]
        text = path.read_text(encoding="utf-8")
        if edit["old"] not in text:
            raise SystemExit(f"{path}: {edit['old']!r} not found")
        path.write_text(text.replace(edit["old"], edit["new"], 1), encoding="utf-8")


def main(steps_file: str, out_dir: str) -> int:
    catalog = Path(os.environ["HANDBOOK_CATALOG"])
    out = Path(out_dir)
    summary = logging.getLogger("mkdocs.handbook")
    lines: list[str] = []
    summary.addHandler(_Lines(lines))
    summary.setLevel(logging.INFO)
    started = False
    for step in json.loads(Path(steps_file).read_text(encoding="utf-8")):
        for edit in step["edits"]:
            apply(catalog, edit)
        site = out / step["name"] / "site"
        config = load_config(config_file=str(PROJECT / "mkdocs.yml"), site_dir=str(site))
        if not started:  # `mkdocs serve` announces itself once, before its first build
            config.plugins.on_startup(command="serve", dirty=False)
            started = True
        lines.clear()
        start = time.perf_counter()
        build(config, serve_url=config.site_url or None)
        seconds = time.perf_counter() - start
        shutil.copytree(catalog, out / step["name"] / catalog.name)  # the same folder name: edit links show it
        print(json.dumps({"step": step["name"], "seconds": round(seconds, 3), "cache": lines[-1] if lines else ""}))
    return 0


class _Lines(logging.Handler):
    def __init__(self, lines: list[str]) -> None:
        super().__init__(logging.INFO)
        self.lines = lines

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().startswith("build cache:"):
            self.lines.append(record.getMessage())


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
