"""Pages for trainers and team leads: the call-flow map, scenario dialogues, recent changes, red-line coverage.

Hooks:
- `on_files` renders flow.md, dialogues/index.md, one dialogues/<scenario>.md per scenario that has a
  recommended entry, team/changes.md (the catalogue's last commits, from git) and team/redlines.md
  (red lines × stages), through `handbook.training` and the templates; they are recorded in `state.pages`.
- `on_page_markdown` replaces each `<!-- hb:flow-map -->` (the whole call) or `<!-- hb:flow-map:SCENARIO -->`
  marker with the map as inline SVG. It runs per page because the boxes link with URLs relative to the page
  (raw HTML is not rewritten by MkDocs), which differ between the served site and the offline build.
"""

from __future__ import annotations

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from handbook.history import recent_changes
from handbook.render import Generated, Renderer
from handbook.site import page_link, project_dir, state
from handbook.training import counter_examples, dialogue, flow_map_svg, redline_matrix

MARKER = re.compile(r"<!-- hb:flow-map(?::([a-z0-9-]+))? -->")
CHANGES = 30  # commits shown on team/changes.md

# Hooks --------------------------------------------------------------------


def on_files(files: Files, config: MkDocsConfig) -> Files:
    catalog = state.catalog
    if catalog is None:
        raise PluginError("the catalogue was not loaded; is hooks/load_catalog.py listed first under `hooks:`?")
    renderer = Renderer(catalog)
    taxonomy = f"{catalog.root.name}/taxonomy.yml"
    pages = {"flow.md": Generated(renderer._render("flow.md.j2", "flow.md"), None)}
    rows = []
    for scenario_id, scenario in catalog.vocab["scenarios"].items():
        lines = dialogue(catalog, scenario_id)
        if not lines:
            continue
        uri = f"dialogues/{scenario_id}.md"
        markdown = renderer._render(
            "dialogue.md.j2",
            uri,
            scenario=scenario,
            dialogue=lines,
            counter=counter_examples(catalog, scenario_id),
        )
        pages[uri] = Generated(markdown, taxonomy)
        rows.append((scenario, len(lines)))
    pages["dialogues/index.md"] = Generated(renderer._render("dialogues.md.j2", "dialogues/index.md", rows=rows), None)
    changes = recent_changes(project_dir(config), catalog.root, CHANGES)
    pages["team/changes.md"] = Generated(renderer._render("changes.md.j2", "team/changes.md", changes=changes), None)
    matrix = redline_matrix(catalog)
    totals = {rule: tuple(map(sum, zip(*row.values(), strict=True))) for rule, row in matrix.items()}
    pages["team/redlines.md"] = Generated(
        renderer._render(
            "redline-matrix.md.j2",
            "team/redlines.md",
            matrix=matrix,
            totals=totals,
            uncovered=[rule for rule, (respect, _breaks) in totals.items() if not respect],
        ),
        f"{catalog.root.name}/redlines.yml",
    )
    for uri, page in pages.items():
        if files.get_file_from_path(uri) is not None:
            raise PluginError(f"docs/{uri} clashes with a generated page; rename or remove docs/{uri}")
        files.append(File.generated(config, uri, content=page.markdown))
    state.pages.update(pages)
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    catalog = state.catalog
    if catalog is None or "<!-- hb:flow-map" not in markdown:
        return markdown

    def url(uri: str) -> str:
        return page_link(files, page.file, uri)

    def draw(match: re.Match[str]) -> str:
        scenario = match.group(1)
        if scenario is not None and scenario not in catalog.vocab["scenarios"]:
            raise PluginError(f"{page.file.src_uri}: no scenario '{scenario}' for the flow map")
        svg = flow_map_svg(catalog, url, scenario, name=scenario or "all")
        return f'<div class="hb-flow" data-search-exclude>\n{svg}\n</div>'

    return MARKER.sub(draw, markdown)
