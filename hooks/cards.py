"""Add the printable call cards to the build: one page per stage and per scenario, and their index.

Hooks: `on_files` renders cards/index.md and cards/<stage|scenario>-<id>.md through
`handbook.cards.card_pages` and adds each as `File.generated`, recorded in `state.pages`
(nothing to edit: a card is drawn from many entries). The cards stay out of the navigation
(mkdocs.yml, not_in_nav; the index is in it) and of the search index (handbook/search.py: their text is the
entries' own); docs/assets/cards.css lays them out on screen and on A4 or A5 paper, and
`handbook.cardprint` prints them to PDF.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from handbook.cards import card_pages
from handbook.site import state

# Hooks --------------------------------------------------------------------


def on_files(files: Files, config: MkDocsConfig) -> Files:
    if state.catalog is None:
        raise PluginError("the catalogue was not loaded; is hooks/load_catalog.py listed first under `hooks:`?")
    for uri, page in card_pages(state.catalog).items():
        if files.get_file_from_path(uri) is not None:
            raise PluginError(f"docs/{uri} clashes with a generated card page; rename or remove docs/{uri}")
        files.append(File.generated(config, uri, content=page.markdown))
        state.pages[uri] = page
    return files
