"""Add the practice page: a borrower's line, three replies, the reason after each choice, a score in the tab.

Hooks:
- `on_files` builds the rounds from the exported catalogue (`handbook.practice`), with every link
  already relative to the practice page (practice/ online, practice.html offline, from the File
  objects of the generated entry and rule pages), and adds `practice.md` rendered from
  handbook/templates/practice.md.j2 with the data embedded as JSON. docs/assets/practice.js plays it.
- The page stays out of search (`handbook.search.EXCLUDED`): it only repeats phrases the entry pages hold.
"""

from __future__ import annotations

from collections import Counter

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from handbook.export import export_catalog
from handbook.practice import SESSION, embed, page_data
from handbook.render import Generated, Renderer
from handbook.site import page_link, state

PAGE = "practice.md"

# Hooks --------------------------------------------------------------------


def on_files(files: Files, config: MkDocsConfig) -> Files:
    catalog = state.catalog
    if catalog is None:
        raise PluginError("the catalogue was not loaded; is hooks/load_catalog.py listed first under `hooks:`?")
    page = File.generated(config, PAGE, content="")

    def href(uri: str) -> str:
        return page_link(files, page, uri)

    data = page_data(export_catalog(catalog), href)
    counts = Counter(r["stage"] for r in data["rounds"])
    markdown = Renderer(catalog)._render(
        "practice.md.j2",
        PAGE,
        data=Markup(embed(data)),
        rounds=data["rounds"],
        counts={stage: counts[stage] for stage in catalog.vocab["stages"] if counts[stage]},
        session=SESSION,
    )
    page.content_string = markdown
    files.append(page)
    state.pages[PAGE] = Generated(markdown, None)
    return files
