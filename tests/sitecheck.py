"""Reading a built site: pages, their links and their anchors, with the standard HTML parser."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(found["id"])
        if tag == "a" and found.get("href") is not None:
            self.links.append(found["href"])


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def target_file(site: Path, page: Path, href: str) -> tuple[Path, str] | None:
    """The file and fragment a relative link of `page` points at; None for external or special links."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith("//"):
        return None
    base = page.parent.relative_to(site).as_posix()
    path = unquote(parts.path)
    resolved = page if not path else site / posixpath.normpath(posixpath.join(base, path))
    if resolved.is_dir() or path.endswith("/"):
        resolved = resolved / "index.html"
    return resolved, unquote(parts.fragment)


def broken_links(site: Path) -> list[str]:
    """Every relative link in the site whose file or anchor does not exist, as `page -> href`."""
    pages = {p: parse(p) for p in site.rglob("*.html")}
    broken = []
    for page, parsed in pages.items():
        if page.name == "404.html":  # served at any address, so its links are absolute
            continue
        for href in parsed.links:
            target = target_file(site, page, href)
            if target is None:
                continue
            path, fragment = target
            if not path.is_file():
                broken.append(f"{page.relative_to(site)} -> {href} (no file)")
            elif fragment and path in pages and fragment not in pages[path].ids:
                broken.append(f"{page.relative_to(site)} -> {href} (no anchor)")
    return broken


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: dict[str, int] = {}
        self.active: list[str] = []  # event handlers and script URLs, as tag[attr=value]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] = self.tags.get(tag, 0) + 1
        for name, value in attrs:
            lowered = (value or "").strip().lower()
            if name.startswith("on") or lowered.startswith(("javascript:", "data:text", "vbscript:")):
                self.active.append(f"{tag}[{name}={value}]")


def elements(html: str) -> _Elements:
    """Counts of each tag, and every attribute that could run code, in a piece of HTML."""
    parsed = _Elements()
    parsed.feed(html)
    return parsed
