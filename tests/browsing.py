"""Helpers for driving the handbook in Chromium: search like a person, record every request."""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import Page


def search(page: Page, query: str, timeout: float = 8000) -> list[str]:
    """Type `query` into Material's search box and return the result links, best first.

    Playwright inserts Chinese text without key events and Material reads the box on key
    release, so a key (End) is pressed after typing.
    """
    box = page.locator("input.md-search__input")
    meta = "document.querySelector('.md-search-result__meta')?.textContent || ''"
    box.click()
    box.fill("")
    box.press("End")  # back to the empty prompt, so that the previous results cannot be read as these
    page.wait_for_function(f"() => !/[0-9]|没有/.test({meta})", timeout=timeout)
    page.keyboard.insert_text(query)
    box.press("End")
    page.wait_for_function(f"() => /[0-9]|没有/.test({meta})", timeout=timeout)
    return page.locator(".md-search-result__item > a").evaluate_all("els => els.map(e => e.href)")


def page_path(url: str, root: str) -> str:
    """`entries/x/` for http://host/entries/x/?h=… or file:///…/handbook/entries/x.html, relative to `root`."""
    path = urlsplit(url).path
    rel = path[len(urlsplit(root).path) :] if path.startswith(urlsplit(root).path) else path
    if rel.endswith(".html"):
        rel = rel[: -len("index.html")] if rel.endswith("index.html") else rel[: -len(".html")] + "/"
    return rel


def foreign(requests: list[str], root: str) -> list[str]:
    """The requests that went anywhere but the site itself."""
    origin = urlsplit(root)
    out = []
    for url in requests:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob"):
            continue
        if parts.scheme == "file" and origin.scheme == "file":
            continue
        if (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc):
            out.append(url)
    return out
