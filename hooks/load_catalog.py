"""Load and check the catalogue once per build; stop the build with every problem listed.

Hooks: `on_config` loads `scripts_catalog/` (or $HANDBOOK_CATALOG) through
`handbook.catalog.load_catalog` and watches it. On problems, `mkdocs build`
stops with a `PluginError` listing each as `path:line:col: CODE message` (no
traceback, the previous site/ untouched). `mkdocs serve` instead prints the same
list and goes on serving the last good catalogue until the files are fixed: a
failed rebuild there would leave every request hanging.
"""

from __future__ import annotations

import gc
import logging
import os
import sys

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from handbook.catalog import load_catalog
from handbook.site import catalog_root, state

# Hooks --------------------------------------------------------------------


def on_startup(command: str, dirty: bool) -> None:
    state.command = command


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = catalog_root(config)
    if str(root) not in map(str, config.watch):
        config.watch.append(str(root))
    catalog, issues = load_catalog(root)
    warnings = [i for i in issues if i.severity == "warning"]
    issues = [i for i in issues if i.severity != "warning"]
    if warnings:  # reported, not fatal: the pages show such text inertly, and `handbook validate` fails on it
        _serve_log().warning("%d warning(s) in the catalogue:\n%s", len(warnings), "\n".join(map(str, warnings)))
    if not issues:
        state.catalog = state.last_good = catalog
        _freeze()
        return config
    report = "\n".join(map(str, issues))
    if state.command == "serve" and state.last_good is not None:
        _serve_log().error(
            "the catalogue has %d problem(s); still serving the last good version:\n%s", len(issues), report
        )
        state.catalog = state.last_good
        return config
    state.catalog = None
    raise PluginError(
        f"the catalogue has {len(issues)} problem(s); nothing was built:\n{report}\n"
        "Fix each line above; `handbook codes` explains every code."
    )


# Helpers ------------------------------------------------------------------


def _freeze() -> None:
    """Move everything alive now (above all the catalogue) out of the cyclic garbage collector's sight.

    The catalogue stays alive for the whole build; left in view, every full collection MkDocs triggers
    while it converts thousands of pages would walk its millions of objects again. Frozen objects are
    still freed by reference counting. Not under `mkdocs serve`, where each rebuild would freeze the last
    build's leftovers for good; $HANDBOOK_NO_FREEZE=1 turns it off, for comparison.
    """
    if state.command != "serve" and not os.environ.get("HANDBOOK_NO_FREEZE"):
        gc.collect()
        gc.freeze()


def _serve_log() -> logging.Logger:
    """A logger outside `mkdocs.*`, so that strict mode does not turn the report into a failed build."""
    log = logging.getLogger("handbook.serve")
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
        log.addHandler(handler)
        log.propagate = False
    return log
