"""Stamp the build with its version and publish what changed between releases.

Hooks:
- `on_config` names the build (`handbook.release.version_info`: the git tag, or the commit and its date,
  or $HANDBOOK_VERSION) and shows it in every page footer through `copyright`; catalog.json carries it
  too (hooks/publish_data.py reads `state.version`).
- `on_files` adds changelog.md: per release (git tag), the entries added, changed and removed.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from handbook.release import releases, version_info
from handbook.render import Generated, Renderer
from handbook.site import project_dir, state

# Hooks --------------------------------------------------------------------


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    state.version = version_info(project_dir(config))
    stamp = f"版本 {state.version}"
    config.copyright = f"{config.copyright} · {stamp}" if config.copyright else f"催收话术手册 · {stamp}"
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    if state.catalog is None:
        return files
    found = releases(project_dir(config), state.catalog.root)
    markdown = Renderer(state.catalog)._render("changelog.md.j2", "changelog.md", releases=found, version=state.version)
    page = Generated(markdown, None)
    files.append(File.generated(config, "changelog.md", content=page.markdown))
    state.pages["changelog.md"] = page
    return files
