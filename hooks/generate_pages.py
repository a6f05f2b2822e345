"""Add the pages rendered from the catalogue to the build, as virtual files.

Hooks: `on_files` renders entries, indexes, tags and red lines through
`handbook.render.Renderer` and adds each as `File.generated`; nothing is written
into docs/. The contributing guide is CONTRIBUTING.md from the project root. Entry pages say
when their YAML file last changed, from one `git log` per build (nothing without git).
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from handbook.history import last_changed
from handbook.render import Generated, Renderer
from handbook.site import project_dir, state

CONTRIBUTING = "CONTRIBUTING.md"

# Hooks --------------------------------------------------------------------


def on_files(files: Files, config: MkDocsConfig) -> Files:
    if state.catalog is None:
        raise PluginError("the catalogue was not loaded; is hooks/load_catalog.py listed first under `hooks:`?")
    changed = last_changed(project_dir(config), state.catalog.root)
    pages = Renderer(state.catalog, changed).pages()
    guide = project_dir(config) / CONTRIBUTING
    pages["contributing.md"] = Generated(guide.read_text(encoding="utf-8"), CONTRIBUTING)
    for uri, page in pages.items():
        if files.get_file_from_path(uri) is not None:
            raise PluginError(f"docs/{uri} clashes with a generated page; rename or remove docs/{uri}")
        files.append(File.generated(config, uri, content=page.markdown))
    state.pages = pages
    return files
