"""Point the edit button of each generated page at the file an editor really changes.

Hooks: `on_page_context` sets `page.edit_url` of an entry page to its YAML file,
of the index pages to taxonomy.yml or redlines.yml, and removes it where there
is nothing to edit. The links come from `repo_url` and `edit_uri` in mkdocs.yml.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from handbook.site import edit_url, state

# Hooks --------------------------------------------------------------------


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    generated = state.pages.get(page.file.src_uri)
    if generated is not None:
        page.edit_url = edit_url(config, generated.source) if generated.source else None
    return context
