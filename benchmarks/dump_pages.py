"""A benchmark-only MkDocs hook: write every page as the hooks leave it, for the plain-Markdown baseline.

benchmarks/scale.py appends this hook to a copy of mkdocs.yml for one (unmeasured) build. Each
generated file is written out as it is; each page's Markdown is written as it stands after every
other hook's `on_page_markdown`, with the metadata the hooks gave it (tags, search) as front matter.
The navigation, expanded by the hooks, goes to nav.yml beside that folder, and the words the hooks
teach jieba to jieba.txt, which the baseline gives Material's search as `jieba_dict_user`. The baseline then builds
those files with no hooks at all. Target folder: $HANDBOOK_DUMP_DIR.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from handbook.site.pagesets import BUILD
from handbook.site.search import GLOSSARY, JIEBA_FREQ, jieba_words

KEPT_META = ("tags", "search")


def _target(uri: str) -> Path:
    path = Path(os.environ["HANDBOOK_DUMP_DIR"]) / uri
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def on_files(files: Files, config: MkDocsConfig) -> Files:
    out = Path(os.environ["HANDBOOK_DUMP_DIR"]).parent
    out.mkdir(parents=True, exist_ok=True)
    # the navigation as the pipeline left it, and the words its `search` page set taught jieba
    (out / "nav.yml").write_text(yaml.safe_dump(config.nav, allow_unicode=True, sort_keys=False), encoding="utf-8")
    words = jieba_words(BUILD.catalog, BUILD.project / GLOSSARY)
    (out / "jieba.txt").write_text("".join(f"{w} {JIEBA_FREQ}\n" for w in words), encoding="utf-8")
    docs = Path(config.docs_dir).resolve()
    for file in files:
        source = Path(file.abs_src_path).resolve() if file.abs_src_path else None
        if source is None or docs not in source.parents:
            _target(file.src_uri).write_bytes(file.content_bytes)  # generated, or from outside docs/
        elif not file.is_documentation_page():
            _target(file.src_uri).write_bytes(source.read_bytes())
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    meta = {key: page.meta[key] for key in KEPT_META if page.meta.get(key)}
    front = f"---\n{yaml.safe_dump(meta, allow_unicode=True)}---\n\n" if meta else ""
    _target(page.file.src_uri).write_text(front + markdown, encoding="utf-8")
    return markdown
