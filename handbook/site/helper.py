"""The build cache's second core: a forked process that fills the cache while MkDocs works in this one.

MkDocs converts, indexes and lays out the pages one by one, first to last. The helper does the same from
the last page backwards, into the cache only, so that MkDocs finds the second half made when it gets
there; they meet in the middle. On a cold cache this halves the two costly loops of a build; on a warm one
the helper finds everything made and costs nothing but a fork. Not under `mkdocs serve`, which runs its
server in threads (forking does not mix with them), nor on one core.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import threading
from collections.abc import Callable
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from .cache import MetMkDocs, PageCache

log = logging.getLogger("mkdocs.handbook.cache")


class SecondCore:
    """The helper process of one build (at most one at a time)."""

    def __init__(self) -> None:
        self.pid = 0  # while it runs
        self.stop = False  # set in the helper when MkDocs needs it no more

    def convert(self, cache: PageCache, config: MkDocsConfig, files: Files) -> None:
        """Start a second process that converts pages into the cache from the last page backwards, while MkDocs
        converts them from the first (and finds the helper's pages in the cache once they cross). The helper
        reads each page as MkDocs will (its Markdown through the page_markdown events), skips what the cache
        holds, and stops at the first page whose conversion it finds made in this build: where MkDocs got to."""

        def convert_backwards() -> None:
            for file in reversed(files.documentation_pages()):
                if self.stop:
                    return
                page = file.page if file.page is not None else Page(None, file, config)
                page.read_source(config)
                assert page.markdown is not None
                page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
                key = cache.convert_key(page)
                found = cache.store.get("convert", key)
                if found is not None and found.get("made") == cache.token:
                    return  # MkDocs has been here: the rest is done
                if found is None or not cache.lookups_hold(files, found):
                    cache.store_conversion(page, config, files, cache.original_render, key)

        self._start(convert_backwards)

    def lay_out(self, cache: PageCache, config: MkDocsConfig, files: Files, env: Any) -> None:
        """Once every page is converted: a second process indexes and lays out pages from the last backwards,
        as MkDocs does from the first (context, page_context events, template; nothing written but cache
        entries), and stops where it meets what MkDocs made in this build."""
        if cache.nav is None:
            return
        from mkdocs.commands.build import get_context

        nav, doc_files = cache.nav, files.documentation_pages()

        def lay_out_backwards() -> None:
            cache.stop_at_ours = True
            for file in reversed(doc_files):
                page = file.page
                if self.stop:
                    return
                if page is None:
                    continue
                page.active = True
                try:
                    context = get_context(nav, doc_files, config, page)
                    template = env.get_template(page.meta.get("template", "main.html"))
                    context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
                    template.render(context)
                except MetMkDocs:
                    return
                finally:
                    page.active = False

        self._start(lay_out_backwards)

    def _start(self, work: Callable[[], None]) -> None:
        self.finish()
        if not _may_fork():
            return
        pid = os.fork()
        if pid == 0:  # the helper: writes cache entries only, logs nothing, leaves at once
            status = 1
            try:
                signal.signal(signal.SIGUSR1, lambda _number, _frame: setattr(self, "stop", True))
                logging.getLogger("mkdocs").handlers.clear()
                logging.getLogger("mkdocs").propagate = False
                work()
                status = 0
            finally:
                os._exit(status)
        self.pid = pid

    def finish(self) -> None:
        """Stop the helper: MkDocs has made every page by now (the helper stops after the page it is on)."""
        if self.pid:
            pid, self.pid = self.pid, 0
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGUSR1)
            _pid, status = os.waitpid(pid, 0)
            if status != 0:
                log.info("build cache: the second process stopped (status %d); nothing is lost", status)


def _may_fork() -> bool:
    """Two cores, fork, and no other thread (`mkdocs serve` runs its server in threads: no fork there)."""
    return hasattr(os, "fork") and (os.cpu_count() or 1) >= 2 and threading.active_count() == 1
