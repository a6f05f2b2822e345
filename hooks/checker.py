"""Placeholder: the phrase checker page (issue 11)."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from handbook.render import Generated
from handbook.site import state


def on_files(files: Files, config: MkDocsConfig) -> Files:
    page = Generated("# 话术合规自检\n\n建设中。\n", None)
    files.append(File.generated(config, "check.md", content=page.markdown))
    state.pages["check.md"] = page
    return files
