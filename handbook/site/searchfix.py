"""Let Material's search worker match the last character of a Chinese query.

After each build (`Build.on_post_build`) one loop bound is patched in the built search worker. Before a
query reaches lunr, the worker cuts each run of Han characters into words found in the index
(`function fe`), but its inner loop stops one character short (`o<t.length`), so the last character of
the run is never part of a word: 上门 is searched as 上, and finds 上班族. With `o<=t.length` the whole
run is tried. The exact text is checked, so that a new Material release without it fails the strict
build with this message (a warning of a `mkdocs.*` logger) instead of silently searching wrongly.
"""

from __future__ import annotations

import logging
from pathlib import Path

BROKEN = "for(let o=s+1;o<t.length;o++)t.slice(s,o)in e"
FIXED = "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e"

log = logging.getLogger("mkdocs.hooks.handbook")


def fix_search_worker(site_dir: Path) -> None:
    workers = sorted(site_dir.glob("assets/javascripts/workers/search.*.min.js"))
    for worker in workers:
        text = worker.read_text(encoding="utf-8")
        if FIXED in text:
            continue
        if BROKEN not in text:
            log.warning(
                f"{worker.name}: the Han segmentation loop to fix was not found; check "
                "handbook/site/searchfix.py against this Material release"
            )
            continue
        worker.write_text(text.replace(BROKEN, FIXED, 1), encoding="utf-8")
    if not workers:
        log.warning("no Material search worker in the built site; is the search plugin enabled?")
