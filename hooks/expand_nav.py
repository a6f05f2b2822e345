"""Put the generated index pages into the navigation, in taxonomy order.

Hooks: `on_files` turns each nav item of mkdocs.yml that points at a generated
overview (stages/index.md, channels/index.md, …) into a section: the overview
first, then one page per stage, channel, bucket or scenario. Entry pages stay
out of the navigation (they are listed by the indexes), which keeps the build
linear in the number of entries.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from handbook.render import nav_children
from handbook.site import state

# Hooks --------------------------------------------------------------------


def on_files(files: Files, config: MkDocsConfig) -> Files:
    if state.catalog is not None and config.nav:
        config.nav = _expand(config.nav, nav_children(state.catalog))
    return files


# Helpers ------------------------------------------------------------------


def _expand(items: list[Any], children: dict[str, list[str]]) -> list[Any]:
    out: list[Any] = []
    for item in items:
        if isinstance(item, dict):
            ((title, value),) = item.items()
            if isinstance(value, str) and value in children:
                item = {title: [value, *children[value]]}
            elif isinstance(value, list):
                item = {title: _expand(value, children)}
        out.append(item)
    return out
