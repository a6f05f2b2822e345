"""Put the generated index pages into the navigation, in taxonomy order.

Hooks: `on_files` turns each nav item of mkdocs.yml that points at a generated
overview (stages/index.md, channels/index.md, …) into a section: the overview
first, then one page per stage, channel, bucket or scenario. Entry pages stay
out of the navigation (they are listed by the indexes), which keeps the build
linear in the number of entries.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from handbook.render import expand_nav, nav_children
from handbook.site import state

# Hooks --------------------------------------------------------------------


def on_files(files: Files, config: MkDocsConfig) -> Files:
    if state.catalog is not None and config.nav:
        config.nav = expand_nav(config.nav, nav_children(state.catalog))
    return files
