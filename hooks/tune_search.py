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
import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from handbook.lint import traditional_pairs
from handbook.site import project_dir, state

ENTRY_BOOST = 4.0
INDEX_BOOST = 0.25  # stage, channel, bucket, scenario, tag and coverage pages
INDEX_PREFIXES = ("stages/", "channels/", "overdue/", "scenarios/")
EXCLUDED = ("print/", "tags/", "coverage")
GLOSSARY = "docs/glossary.md"

# Hooks --------------------------------------------------------------------


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    try:
        import jieba
    except ImportError:  # search still works, only less well segmented
        return config
    for word in sorted(_words(config)):
        jieba.add_word(word, freq=20000)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    source, target = traditional_pairs()
    script = f"window.HANDBOOK_T2S = {{from: {json.dumps(source)}, to: {json.dumps(target)}}};\n"
    files.append(File.generated(config, "assets/t2s.js", content=script))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    uri = page.file.src_uri
    search = page.meta.setdefault("search", {})
    if uri.startswith("entries/") and state.catalog is not None:
        entry = state.catalog.entries.get(uri.removeprefix("entries/").removesuffix(".md"))
        if entry is not None:
            page.meta["tags"] = state.catalog.search_terms(list(entry.tags))
            search.setdefault("boost", ENTRY_BOOST)
    elif uri.startswith(EXCLUDED) and uri in state.pages:  # nothing but the entries' own text again
        search["exclude"] = True
    elif uri.startswith(INDEX_PREFIXES) and uri in state.pages:
        search.setdefault("boost", INDEX_BOOST)
        if uri.startswith("overdue/") and state.catalog is not None:  # M1, M3+ … find their bucket
            term = state.catalog.vocab["overdue"].get(uri.removeprefix("overdue/").removesuffix(".md"), {})
            page.meta["tags"] = list(term.get("aliases", []))
    return markdown


# Helpers ------------------------------------------------------------------


def _words(config: MkDocsConfig) -> set[str]:
    catalog = state.catalog
    words: set[str] = set()
    if catalog is not None:
        for vocabulary in catalog.vocab.values():
            words.update(term["title"] for term in vocabulary.values())
        words.update(rule["title"] for rule in catalog.rules.values())
        for entry in catalog.entries.values():
            words.update(entry.tags)
        words.update(word for group in catalog.synonyms for word in group)
    glossary = project_dir(config) / GLOSSARY
    if glossary.is_file():
        words.update(re.findall(r"(?m)^###\s+([^\s（(]+)", glossary.read_text(encoding="utf-8")))
    return {w for w in words if 1 < len(w) <= 8 and re.fullmatch(r"[\u4e00-\u9fff]+", w)}
