"""HTML made beside the Markdown of a generated page, and put into the page after MkDocs converted it.

The entry lists (an index page lists a few hundred entries, and every entry is listed on a dozen pages) are
written as HTML directly instead of as Markdown for MkDocs to parse: the page's Markdown holds a marker
where a list goes (`<!-- hb:html:N -->`, an HTML comment Markdown passes through untouched), and the
pipeline swaps each marker for its HTML in on_page_content. So the conversion of a list page no longer
depends on the titles and phrases it lists: changing one entry converts that entry's page again, not every
list that shows it (handbook/site/cache.py keys a conversion by the page's Markdown).

HTML made here does what Markdown would have done to the same text: links become the URL of the target
page relative to this one (as MkDocs rewrites `x.md` links, offline build included), and the glossary's
abbreviations (docs/includes/abbreviations.md) get their `<abbr>` tooltip.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any

from markupsafe import Markup
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

MARKER = "<!-- hb:html:{} -->"
_DEFINITION = re.compile(r"^[*]\[(?P<abbr>[^\\]*?)\][ ]?:[ ]*(?P<title>.*)$", re.MULTILINE)  # as Markdown's abbr


@lru_cache(maxsize=65536)
def page_url(uri: str, directory_urls: bool) -> str:
    """The URL MkDocs gives the page at docs path `uri` (`entries/x/`, or `entries/x.html` offline)."""
    return File(uri, src_dir=None, dest_dir="", use_directory_urls=directory_urls).url


@lru_cache(maxsize=65536)
def href(target: str, page: str, directory_urls: bool) -> str:
    """The link from the page at docs path `page` to the page at docs path `target`."""
    return get_relative_url(page_url(target, directory_urls), page_url(page, directory_urls))


class Glossary:
    """The abbreviations Markdown's abbr extension explains on every page (`*[M2]: 逾期 31–60 天`)."""

    def __init__(self, terms: dict[str, str]) -> None:
        self.terms = terms
        longest_first = sorted(terms, key=len, reverse=True)
        alternatives = "|".join(map(re.escape, longest_first))
        self._pattern = re.compile(rf"\b(?:{alternatives})\b") if terms else None

    @classmethod
    def read(cls, paths: Iterable[Path]) -> Glossary:
        terms: dict[str, str] = {}
        for path in paths:
            for match in _DEFINITION.finditer(path.read_text(encoding="utf-8")):
                terms[match.group("abbr")] = match.group("title").strip()
        return cls(terms)

    def html(self, text: str) -> Markup:
        """`text` HTML-escaped, each abbreviation in an <abbr> with its meaning as the tooltip."""
        if self._pattern is None:
            return Markup(escape(text, quote=False))
        out, last = [], 0
        for match in self._pattern.finditer(text):
            out.append(escape(text[last : match.start()], quote=False))
            out.append(f'<abbr title="{escape(self.terms[match.group(0)])}">{escape(match.group(0))}</abbr>')
            last = match.end()
        out.append(escape(text[last:], quote=False))
        return Markup("".join(out))


def auto_appended(config: Any, project: Path) -> list[Path]:
    """The files pymdownx.snippets appends to every page (where the abbreviations are defined)."""
    snippets = config.mdx_configs.get("pymdownx.snippets", {})
    return [project / name for name in snippets.get("auto_append", [])]


def put_in_place(html: str, fragments: dict[str, str], where: str) -> str:
    """The converted page with each marker replaced by its HTML; a marker Markdown did not pass through
    unchanged is a fault of the page's template, reported with the page."""
    for marker, block in fragments.items():
        if marker not in html:
            raise ValueError(f"{where}: the converted page lost the marker {marker!r} (is it inside a paragraph?)")
        html = html.replace(marker, block, 1)
    return html
