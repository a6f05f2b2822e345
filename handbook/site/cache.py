"""The build cache: a page whose inputs did not change is not converted, indexed or laid out again.

Three steps cost most of a MkDocs build, page by page, and each is a pure function of inputs that can
be named. Each result is stored under the SHA-256 of those inputs:

- **conversion** (`Page.render`, Markdown to HTML): the page's Markdown after every `page_markdown`
  event, its source and destination, the Markdown settings, the versions of MkDocs, Markdown and
  pymdown-extensions, and the files a page may include (docs/includes/); and, checked when the entry is
  read, every file its links looked up (links are resolved and checked against the build's files). Kept:
  the HTML, the table of contents, the title, the anchors, and what the conversion logged (replayed, so
  strict mode sees the same warnings);
- **search entries** (Material's `SearchIndex.add_entry_from_context`): the page's HTML, table of
  contents, URL, title and metadata, the plugin's settings and the words jieba was taught;
- **layout** (the theme's template around the page): the page as the template sees it (HTML, table of
  contents, title, metadata, URLs, edit link), the whole navigation, the configuration, the theme.

Nothing is ever invalidated by hand: changed inputs make another key. The entries are files below the
cache folder (.cache/handbook by default, `extra: handbook: cache:`; `off` or HANDBOOK_CACHE=off turns it
off), each written to a temporary name and renamed, so a build stopped half-way or two builds at once
leave no half-written entry; an entry that cannot be read is a miss and is written again. A build with a
cold cache and one with a warm cache write the same site, byte for byte (tests/site/test_cache.py).

The three steps are reached by wrapping MkDocs' and Material's own functions for the length of one
build (`PageCache.install`, undone by `uninstall`): neither offers an event that can skip the work. On a
build of its own a second process fills the cache from the last page backwards while MkDocs works from the
first (handbook/site/helper.py), so a cold build uses both cores. Keys, storage: handbook/site/store.py.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from .segments import Segments
from .store import (
    SITE_KEYS,
    THEME_COMPILED,
    CompiledTemplates,
    Store,
    digest,
    file_id,
    folder_digest,
    nav_digest,
    toc_json,
    toc_tokens,
    version_of,
)

FORMAT = 2  # of the stored entries; part of every key
# check: entry files checked (handbook/catalog/checked.py); page: entry pages' Markdown (handbook/site/memo.py)
KINDS = ("check", "page", "convert", "search", "layout")
PACKAGES = ("mkdocs", "markdown", "pymdown-extensions", "mkdocs-material", "jieba", "huashu-handbook")
log = logging.getLogger("mkdocs.handbook.cache")


class _Recorder(logging.Handler):
    """What a conversion logs, to store beside its result."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


@contextlib.contextmanager
def _recording() -> Iterator[_Recorder]:
    recorder = _Recorder()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(recorder)
    try:
        yield recorder
    finally:
        logger.removeHandler(recorder)


class _LookupRecorder:
    """The build's Files, recording each file a conversion looks up by path (and what it found)."""

    def __init__(self, files: Files) -> None:
        self._files = files
        self.seen: dict[str, tuple[str, str, str, str] | None] = {}

    def get_file_from_path(self, path: str) -> Any:
        found = self._files.get_file_from_path(path)
        self.seen[path] = None if found is None else file_id(found)
        return found

    def __getattr__(self, name: str) -> Any:
        return getattr(self._files, name)


class PageCache:
    """The cache of one project; `begin` names the inputs every page of a build shares."""

    def __init__(self, folder: Path, includes: Path | None = None) -> None:
        self.store = Store(folder)
        self.includes = includes
        self.counts = self.store.counts  # "convert hit", "layout miss" …; emptied as each build begins
        self.words = ""  # digest of the words jieba was taught (set by the search page set)
        self.segments: Segments | None = None  # Chinese runs as jieba cut them, for the search index
        self._shared: dict[str, str] = {}
        self._undo: list[Callable[[], None]] = []
        self.original_render: Callable[..., None] = Page.render
        self.nav: Navigation | None = None
        self.token = ""  # names this build in the entries it makes
        self.stop_at_ours = False  # the layout helper stops at the first layout made in this build

    # The inputs every page shares ------------------------------------------------------

    def begin(self, config: MkDocsConfig, files: Files, nav: Navigation, serving: bool = False) -> None:
        """Once the files and the navigation are final (MkDocs' on_nav)."""
        if serving:
            if self.store.remember:
                self.store.forget_unused()
            self.store.remember = True
        else:
            self.store.remember = False
            self.store.memory.clear()
        versions = {name: version_of(name) for name in PACKAGES}
        self.nav = nav
        self.token = os.urandom(8).hex()
        self._shared = {
            "markdown": digest(
                FORMAT,
                versions,
                config.markdown_extensions,
                config.mdx_configs,
                config.use_directory_urls,
                str(config.validation),
                folder_digest(self.includes),
            ),
            "site": digest(
                FORMAT,
                versions,
                {key: config.get(key) for key in SITE_KEYS},
                str(config.theme.dirs),
                dict(config.theme),
                nav_digest(nav),
            ),
            "search": digest(FORMAT, versions, self.words),
        }

    # Installing the three wrappers ------------------------------------------------------

    def install(self) -> None:
        """Wrap Page.render, Material's search indexing (when the plugin is there) for this build."""
        self.uninstall()
        CompiledTemplates.folder = self.store.folder
        self._undo.append(lambda: setattr(CompiledTemplates, "folder", None))
        original_render = self.original_render = Page.render
        cache = self

        def render(page: Page, config: MkDocsConfig, files: Files) -> None:
            cache.convert(page, config, files, original_render)

        setattr(Page, "render", render)  # noqa: B010 - replacing a method for the length of one build
        self._undo.append(lambda: setattr(Page, "render", original_render))
        try:
            from material.plugins.search.plugin import SearchIndex
        except ImportError:  # pragma: no cover - Material is pinned; without it there is no search to cache
            return
        original_add = SearchIndex.add_entry_from_context

        def add_entry(index: Any, page: Page) -> None:
            cache.index(index, page, original_add)

        setattr(SearchIndex, "add_entry_from_context", add_entry)  # noqa: B010 - likewise
        self._undo.append(lambda: setattr(SearchIndex, "add_entry_from_context", original_add))
        if hasattr(SearchIndex, "_segment_chinese"):
            segments = self.segments = Segments(self.store, lambda: digest(FORMAT, "segments", self._shared["search"]))
            original_segment = SearchIndex._segment_chinese

            def segment(index: Any, data: str) -> str:
                return segments.segment(data)

            setattr(SearchIndex, "_segment_chinese", segment)  # noqa: B010 - likewise
            self._undo.append(lambda: setattr(SearchIndex, "_segment_chinese", original_segment))

    def wrap_env(self, env: Any) -> Any:
        """The theme's Jinja environment, its page templates rendered through the cache (MkDocs' on_env)."""
        get_template = env.get_template
        cache = self
        env.bytecode_cache = THEME_COMPILED

        def cached_get_template(name: Any, *args: Any, **kwargs: Any) -> Any:
            template = get_template(name, *args, **kwargs)
            return _CachedTemplate(template, name, cache) if isinstance(name, str) else template

        env.get_template = cached_get_template
        self._undo.append(lambda: env.__dict__.pop("get_template", None))
        return env

    def uninstall(self) -> None:
        while self._undo:
            self._undo.pop()()

    def summary(self) -> str:
        parts = []
        for kind in KINDS:
            hit, miss = self.counts[f"{kind} hit"], self.counts[f"{kind} miss"]
            if hit or miss:
                parts.append(f"{kind} {hit:,} of {hit + miss:,} reused")
        return "build cache: " + (", ".join(parts) or "nothing to reuse")

    # Conversion ------------------------------------------------------------------------

    def convert(self, page: Page, config: MkDocsConfig, files: Files, original: Callable[..., None]) -> None:
        """Page.render through the cache. The key leaves out which other files exist: the entry records the
        files the page's links looked up (and what each was), and is reused only while each lookup still
        finds the same; so adding an entry reconverts the pages that link to it, not every page."""
        key = self.convert_key(page)
        found = self.store.get("convert", key)
        if found is not None and self._restore(page, files, found):
            self.counts["convert miss" if found.get("made") == self.token else "convert hit"] += 1
            for name, level, message in found["log"]:
                logging.getLogger(name).log(level, "%s", message)
            return
        self.counts["convert miss"] += 1
        self.store_conversion(page, config, files, original, key)

    def store_conversion(
        self, page: Page, config: MkDocsConfig, files: Files, original: Callable[..., None], key: str
    ) -> None:
        looked_up = _LookupRecorder(files)
        with _recording() as recorder:
            original(page, config, looked_up)
        links = page.links_to_anchors
        self.store.put(
            "convert",
            key,
            {
                "content": page.content,
                "toc": toc_tokens(page.toc),
                "title": page._title_from_render,
                "anchors": sorted(page.present_anchor_ids or ()),
                "links": None if links is None else {f.src_uri: dict(v) for f, v in links.items()},
                "lookups": looked_up.seen,
                "log": recorder.records,
                "made": self.token,
            },
        )

    def convert_key(self, page: Page) -> str:
        return digest(self._shared["markdown"], file_id(page.file), page.markdown)

    @staticmethod
    def lookups_hold(files: Files, found: dict[str, Any]) -> bool:
        for path, was in found.get("lookups", {}).items():
            target = files.get_file_from_path(path)
            if (None if target is None else file_id(target)) != (None if was is None else tuple(was)):
                return False
        return True

    @staticmethod
    def _restore(page: Page, files: Files, found: dict[str, Any]) -> bool:
        """Put a stored conversion on `page`; False (a miss) when a file it looked up is now another."""
        if not PageCache.lookups_hold(files, found):
            return False
        links = None
        if found["links"] is not None:
            links = {}
            for src_uri, anchors in found["links"].items():
                target = files.get_file_from_path(src_uri)
                if target is None:
                    return False
                links[target] = anchors
        page.content = found["content"]
        page.toc = get_toc(found["toc"])
        page._title_from_render = found["title"]
        page.present_anchor_ids = set(found["anchors"])
        if links is not None:
            page.links_to_anchors = links
        return True

    # Search ----------------------------------------------------------------------------

    def index(self, index: Any, page: Page, original: Callable[[Any, Page], None]) -> None:
        settings = {k: index.config.get(k) for k in ("lang", "separator", "pipeline", "fields")}
        key = digest(
            self._shared["search"], settings, page.url, page.title, page.meta, toc_json(page.toc), page.content
        )
        found = self.store.get("search", key)
        if isinstance(found, dict):
            self.counts["search miss" if found["made"] == self.token else "search hit"] += 1
            index.entries.extend(found["entries"])
            return
        self.counts["search miss"] += 1
        before = len(index.entries)
        original(index, page)
        self.store.put("search", key, {"entries": index.entries[before:], "made": self.token})

    def finish(self) -> None:
        """At the end of a build that went through: keep what is worth keeping for the next."""
        if self.segments is not None:
            self.segments.save()

    # Layout ----------------------------------------------------------------------------

    def layout(self, template: Any, name: str, context: Any) -> str:
        page = context.get("page")
        if not isinstance(page, Page):
            return str(template.render(context))
        key = digest(
            self._shared["site"],
            name,
            page.url,
            page.canonical_url,
            page.edit_url,
            page.title,
            page.meta,
            toc_json(page.toc),
            context.get("base_url"),
            context.get("extra_css"),
            context.get("extra_javascript"),
            page.content,
        )
        found = self.store.get("layout", key)
        if isinstance(found, dict):
            if self.stop_at_ours and found["made"] == self.token:
                raise MetMkDocs  # (the layout helper, handbook/site/helper.py)
            self.counts["layout miss" if found["made"] == self.token else "layout hit"] += 1
            return str(found["html"])
        self.counts["layout miss"] += 1
        output = str(template.render(context))
        self.store.put("layout", key, {"html": output, "made": self.token})
        return output


class MetMkDocs(Exception):
    """The layout helper reached a page MkDocs has laid out in this build."""


class _CachedTemplate:
    """A theme template whose render goes through PageCache.layout; everything else is the template's."""

    def __init__(self, template: Any, name: str, cache: PageCache) -> None:
        self._template, self._name, self._cache = template, name, cache

    def render(self, *args: Any, **kwargs: Any) -> str:
        if len(args) == 1 and not kwargs:
            return self._cache.layout(self._template, self._name, args[0])
        return str(self._template.render(*args, **kwargs))

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._template, attr)
