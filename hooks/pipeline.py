"""The handbook's one MkDocs hook: every event goes to the build pipeline (handbook/site/pipeline.py).

What the pipeline adds, and in which order, is declared in handbook/site/pagesets.py (`PAGE_SETS`); this file
only connects MkDocs to it. MkDocs re-imports this file on every rebuild under `mkdocs serve`; the
pipeline lives in the package, so the last good catalogue survives a broken edit.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from handbook.site.pagesets import BUILD

on_startup = BUILD.on_startup
on_config = BUILD.on_config
on_files = BUILD.on_files
on_nav = BUILD.on_nav
on_env = BUILD.on_env
on_page_markdown = BUILD.on_page_markdown
on_page_content = BUILD.on_page_content
on_page_context = BUILD.on_page_context


@event_priority(-100)  # last: the files other plugins write at post_build are in the site by then
def on_post_build(config: MkDocsConfig) -> None:
    BUILD.on_post_build(config)


on_build_error = BUILD.on_build_error
