"""Keep page titles escaped in the <title> element.

Hooks: `on_page_content` copies each page's title, which MkDocs takes from the
rendered H1 with its HTML entities intact, into `page.meta["title"]`. Material
prints `page.meta.title` as it is, whereas it passes `page.title` through
`striptags`, which turns `&lt;` back into `<` and would let an entry title
such as `</title><script>` out of the <title> element.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

# Hooks --------------------------------------------------------------------


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.title and "title" not in page.meta:
        page.meta["title"] = page.title
    return html
