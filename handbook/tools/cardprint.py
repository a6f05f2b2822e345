"""Print the call cards of a built handbook to PDF with headless Chromium (what `make cards` runs).

    python -m handbook.tools.cardprint SITE_DIR OUT_DIR [--size A4|A5|both] [--only NAME]…

SITE_DIR is a built site (`make build`: site/, served here on a loopback HTTP server) or an
offline build (`make offline`: dist/offline-site, opened through file://). Each card page
(cards/stage-*.html, cards/scenario-*.html, in the order of the cards index) is opened in
Chromium and printed with its print stylesheet (docs/assets/cards.css) to
OUT_DIR/<card>-A4.pdf and OUT_DIR/<card>-A5.pdf. One progress line per card, then a summary;
exit status 0 when every PDF was written, 1 on a failure, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import os
import re
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SIZES = ("A4", "A5")
CHROMIUM_ENV = "HANDBOOK_CHROMIUM"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
_CARD_LINK = re.compile(r'href="((?:stage|scenario)-[a-z0-9-]+)(?:/|\.html)"')


class CardPrintError(Exception):
    """A problem that stops the printing, with a message meant for the person running it."""


@dataclass(frozen=True)
class Printed:
    """One PDF written: which card, on which paper, how many pages and bytes."""

    card: str
    size: str
    path: Path
    pages: int
    bytes: int


@dataclass(frozen=True)
class Site:
    """A built site's card pages: their names in index order and whether pages are `x.html` (offline build)."""

    root: Path
    names: list[str]
    flat: bool

    def path(self, name: str) -> str:
        return f"cards/{name}.html" if self.flat else f"cards/{name}/"


def find_cards(site_dir: Path) -> Site:
    """The card pages of the site at `site_dir`; CardPrintError when there are none."""
    cards = site_dir / "cards"
    if not (cards / "index.html").is_file():
        raise CardPrintError(
            f"{site_dir} holds no built call cards (no cards/index.html): run `make build` first, "
            "or give the folder of a built site (site/, or dist/offline-site from `make offline`)"
        )
    flat = not any(cards.glob("*/index.html"))
    listed = _CARD_LINK.findall((cards / "index.html").read_text(encoding="utf-8"))
    names = [n for n in dict.fromkeys(listed) if (cards / (f"{n}.html" if flat else f"{n}/index.html")).is_file()]
    if not names:
        raise CardPrintError(f"{cards / 'index.html'} lists no card pages: rebuild the site (`make build`)")
    return Site(site_dir, names, flat)


def print_cards(
    site_dir: Path,
    out_dir: Path,
    sizes: tuple[str, ...] = SIZES,
    only: list[str] | None = None,
    browser: Any = None,  # a Playwright Browser (playwright is imported only when printing)
    log: Callable[[str], None] = print,
) -> list[Printed]:
    """Print the cards of `site_dir` (all, or those named in `only`) into `out_dir`, one PDF per card and size.

    `browser` is a Playwright Chromium browser to reuse; without one, Chromium is started and closed here.
    """
    site = find_cards(site_dir)
    names = site.names
    if only:
        unknown = [n for n in only if n not in names]
        if unknown:
            raise CardPrintError(f"no such card: {', '.join(unknown)}; the cards are: {', '.join(names)}")
        names = [n for n in names if n in only]
    out_dir.mkdir(parents=True, exist_ok=True)
    with _site_root(site) as root:
        if browser is not None:
            return _print_all(browser, root, site, names, out_dir, sizes, log)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = _launch(playwright)
            try:
                return _print_all(browser, root, site, names, out_dir, sizes, log)
            finally:
                browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m handbook.tools.cardprint",
        description="Print the handbook's call cards (one per stage and per scenario) to PDF with headless "
        "Chromium: OUT_DIR/<card>-A4.pdf and OUT_DIR/<card>-A5.pdf. Build the site first (make build); "
        "`make cards` does both.",
        epilog=f"Chromium is ${CHROMIUM_ENV} or {DEFAULT_CHROMIUM}. Exit status: 0 all printed, 1 failure, "
        "2 usage error. Example: python -m handbook.tools.cardprint site dist/cards --size A4 --only stage-opening",
    )
    parser.add_argument("site", metavar="SITE_DIR", type=Path, help="a built site: site/ or dist/offline-site")
    parser.add_argument("out", metavar="OUT_DIR", type=Path, help="where the PDFs go (created if missing)")
    parser.add_argument(
        "--size", choices=["A4", "A5", "both"], default="both", help="paper size of the PDFs (default: both)"
    )
    parser.add_argument(
        "--only",
        metavar="NAME",
        action="append",
        help="print only this card, e.g. stage-opening or scenario-lost-job (repeat, or separate with commas)",
    )
    args = parser.parse_args(argv)
    sizes = SIZES if args.size == "both" else (args.size,)
    only = [n.strip() for value in args.only or [] for n in value.split(",") if n.strip()] or None
    started = time.perf_counter()
    try:
        printed = print_cards(args.site, args.out, sizes, only)
    except CardPrintError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except Exception as error:  # Playwright and Chromium failures: one line, not a traceback
        print(f"error: printing failed: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - started
    cards = len({p.card for p in printed})
    total = sum(p.bytes for p in printed)
    print(
        f"{cards} card(s), {len(printed)} PDF(s), {total / 1e6:.2f} MB in {args.out} "
        f"({elapsed:.1f} s, {elapsed / max(cards, 1):.2f} s per card)"
    )
    long_cards = sorted({p.card for p in printed if p.size == "A4" and p.pages > 1})
    if long_cards:
        print(f"note: more than one A4 page: {', '.join(long_cards)}")
    return 0


# Helpers ------------------------------------------------------------------


def _launch(playwright):
    executable = Path(os.environ.get(CHROMIUM_ENV, DEFAULT_CHROMIUM))
    if not executable.exists():
        raise CardPrintError(f"Chromium not found at {executable} (apt-get install chromium, or set {CHROMIUM_ENV})")
    return playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@contextlib.contextmanager
def _site_root(site: Site) -> Iterator[str]:
    """The address of the site's root: file:// for an offline build, else a loopback HTTP server for the run."""
    if site.flat:
        yield site.root.resolve().as_uri() + "/"
        return
    handler = functools.partial(_QuietHandler, directory=str(site.root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _print_all(
    browser: Any,
    root: str,
    site: Site,
    names: list[str],
    out_dir: Path,
    sizes: tuple[str, ...],
    log: Callable[[str], None],
) -> list[Printed]:
    from pypdf import PdfReader

    printed: list[Printed] = []
    context = browser.new_context()
    try:
        page = context.new_page()
        for number, name in enumerate(names, 1):
            started = time.perf_counter()
            response = page.goto(root + site.path(name), wait_until="load")
            if response is not None and not response.ok:
                raise CardPrintError(f"{name}: the page answered HTTP {response.status}")
            page.evaluate("document.fonts.ready.then(() => true)")
            if page.locator(".hb-card").count() != 1:
                raise CardPrintError(f"{name}: the page holds no call card (.hb-card); rebuild the site")
            parts = []
            for size in sizes:
                path = out_dir / f"{name}-{size}.pdf"
                page.pdf(path=str(path), format=size, print_background=True)  # margins: @page in cards.css
                pages = len(PdfReader(path).pages)
                printed.append(Printed(name, size, path, pages, path.stat().st_size))
                parts.append(f"{size} {pages} p {path.stat().st_size / 1024:.0f} KB")
            seconds = time.perf_counter() - started
            log(f"[{number:>2}/{len(names)}] {name:<34} {' · '.join(parts)}  {seconds:.2f} s")
    finally:
        context.close()
    return printed


if __name__ == "__main__":
    sys.exit(main())
