"""Load and check the catalogue once per build; stop the build with every problem listed.

Hooks: `on_config` loads `scripts_catalog/` (or $HANDBOOK_CATALOG) through
`handbook.catalog.load_catalog`, watches it under `mkdocs serve`, and raises a
`PluginError` listing each problem as `path:line:col: CODE message`. MkDocs
then aborts without a traceback; `mkdocs serve` keeps serving the last good
pages until the files are fixed.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from handbook.catalog import load_catalog
from handbook.site import catalog_root, state

# Hooks --------------------------------------------------------------------


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = catalog_root(config)
    if str(root) not in map(str, config.watch):
        config.watch.append(str(root))
    catalog, issues = load_catalog(root)
    if issues:
        state.catalog = None
        lines = "\n".join(map(str, issues))
        raise PluginError(f"the catalogue has {len(issues)} problem(s); nothing was built:\n{lines}\n"
                          "Fix each line above; `handbook codes` explains every code.")
    state.catalog = catalog
    return config
