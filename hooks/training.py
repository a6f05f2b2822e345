"""Placeholder pages until issue 10 fills this hook in."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from handbook.render import Generated
from handbook.site import state

PAGES = {
    "flow.md": "通话流程图",
    "dialogues/index.md": "场景对话",
    "team/changes.md": "最近修改",
    "team/redlines.md": "红线覆盖",
}


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for uri, title in PAGES.items():
        page = Generated(f"# {title}\n\n建设中。\n", None)
        files.append(File.generated(config, uri, content=page.markdown))
        state.pages[uri] = page
    return files
