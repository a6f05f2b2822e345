"""Make Material's search find the catalogue's words, in entries first, in either script.

Hooks:
- `on_config` teaches jieba (which segments the index at build time) the handbook's own words:
  tags, taxonomy labels, rule titles, glossary headings, so that 分期还款 or 承诺还款 stay one token.
- `on_files` adds `assets/t2s.js`, the Traditional-to-Simplified character table the search box
  uses (docs/assets/handbook.js) so that 徵信 finds 征信; it comes from the same OpenCC table as the
  linter's.
- `on_page_markdown` gives entry pages their tags and the tags' synonyms (synonyms.yml) and a
  higher boost, gives the overdue pages their aliases (M1 …), and lowers the index pages that only
  repeat entry titles, so that entries come first.
"""

from __future__ import annotations

import json

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from handbook.lint import traditional_pairs
from handbook.search import GLOSSARY, JIEBA_FREQ, jieba_words, search_meta
from handbook.site import project_dir, state

# Hooks --------------------------------------------------------------------


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    try:
        import jieba
    except ImportError:  # search still works, only less well segmented
        return config
    for word in jieba_words(state.catalog, project_dir(config) / GLOSSARY):
        jieba.add_word(word, freq=JIEBA_FREQ)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    source, target = traditional_pairs()
    script = f"window.HANDBOOK_T2S = {{from: {json.dumps(source)}, to: {json.dumps(target)}}};\n"
    files.append(File.generated(config, "assets/t2s.js", content=script))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if state.catalog is None:
        return markdown
    meta = search_meta(page.file.src_uri, state.catalog, state.pages)
    if "tags" in meta:
        page.meta["tags"] = meta["tags"]
    search = page.meta.setdefault("search", {})
    for key, value in meta.get("search", {}).items():
        search.setdefault(key, value)
    return markdown


# Helpers ------------------------------------------------------------------
