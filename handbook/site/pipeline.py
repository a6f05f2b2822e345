"""The build pipeline: everything the handbook adds to a MkDocs build, in one declared order.

MkDocs calls one hook module, hooks/pipeline.py, which hands each event to `BUILD`, the pipeline of this
process. The pipeline loads the catalogue (`on_config`), then asks each page set in turn for its pages and
files (`on_files`), and keeps what they share on itself: the catalogue, the release version, every
generated page. A page set names the sets it needs (`needs`); the pipeline refuses an order in which a
set comes before one it needs, so a set can rely on their pages being in the build.

Why one object and not one hook per concern: the hooks of MkDocs run in the order mkdocs.yml lists them
and share nothing but module globals, so every hook had to check that an earlier one had run. Here the
order is written once, in `PAGE_SETS`, and checked when the pipeline is made.

MkDocs re-imports hook modules on every rebuild under `mkdocs serve`; this module is imported normally,
so `BUILD` outlives a rebuild and keeps the last good catalogue to serve while an edit is broken.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from handbook.catalog import Catalog, load_catalog

from .cache import PageCache
from .fragments import put_in_place
from .helper import SecondCore
from .render import Generated
from .searchfix import fix_search_worker
from .writes import SiteWrites

# ---------------------------------------------------------------------------
# Configuration
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """The pipeline's settings: `extra: handbook:` in mkdocs.yml, each overridable from the environment
    where a deployment or a test needs it (the variable named beside each field)."""

    catalog: str = "scripts_catalog"  # HANDBOOK_CATALOG: the catalogue folder, relative to mkdocs.yml
    freeze: bool = True  # HANDBOOK_NO_FREEZE=1 turns it off: see Build._freeze
    cache: str = ".cache/handbook"  # HANDBOOK_CACHE: the build cache's folder (handbook/site/cache.py); off: none
    parallel: bool = True  # HANDBOOK_NO_PARALLEL=1 turns it off: one core only (handbook/site/helper.py)

    ENV: ClassVar[dict[str, str]] = {
        "catalog": "HANDBOOK_CATALOG",
        "freeze": "HANDBOOK_NO_FREEZE",
        "cache": "HANDBOOK_CACHE",
        "parallel": "HANDBOOK_NO_PARALLEL",
    }
    KNOWN: ClassVar[tuple[str, ...]] = ("catalog", "freeze", "cache", "parallel")

    @classmethod
    def of(cls, config: MkDocsConfig, environ: dict[str, str] | None = None) -> Settings:
        environ = dict(os.environ) if environ is None else environ
        given = config.extra.get("handbook") or {}
        if not isinstance(given, dict):
            raise PluginError("mkdocs.yml: `extra: handbook:` must be a mapping of settings")
        unknown = sorted(set(given) - set(cls.KNOWN))
        if unknown:
            raise PluginError(f"mkdocs.yml: unknown setting extra.handbook.{unknown[0]}; known: {', '.join(cls.KNOWN)}")
        catalog = environ.get(cls.ENV["catalog"]) or str(given.get("catalog", cls.catalog))
        freeze = bool(given.get("freeze", cls.freeze)) and not environ.get(cls.ENV["freeze"])
        cache = given.get("cache", cls.cache)
        cache = environ.get(cls.ENV["cache"]) or ("off" if cache in (False, None, "") else str(cache))
        parallel = bool(given.get("parallel", cls.parallel)) and not environ.get(cls.ENV["parallel"])
        return cls(catalog=catalog, freeze=freeze, cache=cache, parallel=parallel)

    @property
    def cache_on(self) -> bool:
        return self.cache.strip().lower() not in ("off", "false", "no", "0")


# ---------------------------------------------------------------------------
# Page sets
# ---------------------------------------------------------------------------


@dataclass
class Output:
    """What a page set adds to the build: Markdown pages (recorded on the pipeline, for edit links and
    search) and other files (data, scripts)."""

    pages: dict[str, Generated] = field(default_factory=dict)
    files: list[File] = field(default_factory=list)


class PageSet:
    """One kind of generated content. Subclasses set `name` and `needs` and override what they use."""

    name: ClassVar[str]
    needs: ClassVar[tuple[str, ...]] = ()

    def configure(self, build: Build, config: MkDocsConfig) -> None:
        """Once the catalogue is loaded: adjust the configuration."""

    def make(self, build: Build, files: Files, config: MkDocsConfig) -> Output:
        """The pages and files this set adds; the pages of the sets it needs are in `files` already."""
        return Output()

    def page_markdown(self, build: Build, markdown: str, page: Page, files: Files) -> str:
        """A page's Markdown, changed or not, before MkDocs converts it."""
        return markdown


# ---------------------------------------------------------------------------
# The pipeline
# ---------------------------------------------------------------------------


class Build:
    """The pipeline of this process: its page sets, and what one build of the site shares."""

    def __init__(self, page_sets: Iterable[PageSet]) -> None:
        self.page_sets = list(page_sets)
        done: set[str] = set()
        for page_set in self.page_sets:
            missing = [need for need in page_set.needs if need not in done]
            if missing:
                raise ValueError(f"page set {page_set.name!r} needs {missing} before it")
            done.add(page_set.name)
        self.command = "build"
        self.settings = Settings()
        self.root: Path | None = None  # the project folder: where mkdocs.yml is
        self._catalog: Catalog | None = None
        self.last_good: Catalog | None = None  # outlives a failed rebuild under `mkdocs serve`
        self.pages: dict[str, Generated] = {}
        self.version: Any = None  # handbook.catalog.history.Version of this build
        self.cache: PageCache | None = None  # the build cache, when on (handbook/site/cache.py)
        self.second_core = SecondCore()  # fills the cache beside MkDocs (handbook/site/helper.py)
        self.writes = SiteWrites()  # under `mkdocs serve`: only changed files written (handbook/site/writes.py)

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            raise PluginError("the catalogue is not loaded: a page set ran before the pipeline's on_config")
        return self._catalog

    @property
    def project(self) -> Path:
        if self.root is None:
            raise PluginError("the project folder is not known: a page set ran before the pipeline's on_config")
        return self.root

    # MkDocs events, in the order MkDocs sends them ---------------------------------

    def on_startup(self, command: str, dirty: bool) -> None:
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(config.config_file_path).resolve().parent
        self.settings = Settings.of(config)
        self._open_cache(config)
        self._load(config)
        self._start_cache(config)
        for page_set in self.page_sets:
            page_set.configure(self, config)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        self.pages = {}
        for page_set in self.page_sets:
            out = page_set.make(self, files, config)
            for uri, page in out.pages.items():
                if files.get_file_from_path(uri) is not None:
                    raise PluginError(
                        f"docs/{uri} clashes with a generated page ({page_set.name}); rename or remove docs/{uri}"
                    )
                files.append(File.generated(config, uri, content=page.markdown))
            self.pages.update(out.pages)
            for file in out.files:
                files.append(file)
        return files

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        if self.cache is not None:
            self.cache.begin(config, files, nav, serving=self.command == "serve")
            if self.settings.parallel:
                self.second_core.convert(self.cache, config, files)
        return nav

    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        if self.cache is None:
            return env
        self.second_core.finish()  # every page is converted now
        env = self.cache.wrap_env(env)
        if self.settings.parallel:
            self.second_core.lay_out(self.cache, config, files, env)
        return env

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        for page_set in self.page_sets:
            markdown = page_set.page_markdown(self, markdown, page, files)
        return markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        # Material writes the <title> from page.meta.title unescaped, but page.title escaped: a heading with
        # `<` or `&` must reach the template through meta as the escaped title MkDocs made.
        if page.title and "title" not in page.meta:
            page.meta["title"] = page.title
        generated = self.pages.get(page.file.src_uri)
        if generated is not None and generated.fragments:
            try:
                html = put_in_place(html, generated.fragments, page.file.src_uri)
            except ValueError as error:
                raise PluginError(str(error)) from error
        return html

    def on_page_context(
        self, context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
    ) -> dict[str, Any]:
        # a generated page's "edit" link points at the YAML file it comes from (none for pages made of many)
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            page.edit_url = edit_url(config, generated.source) if generated.source else None
        return context

    def on_post_build(self, config: MkDocsConfig) -> None:
        """After every plugin's post_build (hooks/pipeline.py gives it the lowest priority)."""
        fix_search_worker(Path(config.site_dir))
        if self.cache is not None:
            self.second_core.finish()
            self.cache.finish()
            self.cache.uninstall()
            summary = self.cache.summary()
            if self.command == "serve":
                removed = self.writes.finish(config.site_dir)
                summary += f"; files {self.writes.skipped:,} unchanged, {removed:,} removed"
            logging.getLogger("mkdocs.handbook").info(summary)

    def on_build_error(self, error: Exception) -> None:
        self.writes.uninstall()
        if self.cache is not None:
            self.second_core.finish()
            self.cache.uninstall()

    def _open_cache(self, config: MkDocsConfig) -> None:
        """The build cache of this project (None when it is off); the loader keeps its checked files there."""
        if not self.settings.cache_on:
            self.cache = None
            return
        folder = (self.project / self.settings.cache).resolve()
        if self.cache is None or self.cache.store.folder != folder:
            self.cache = PageCache(folder, includes=Path(config.docs_dir) / "includes")
        self.cache.counts.clear()

    def _start_cache(self, config: MkDocsConfig) -> None:
        """The build cache's wrappers installed for this build."""
        if self.cache is None:
            return
        self.cache.install()
        if self.command == "serve":
            self.writes.install()

    # Loading ------------------------------------------------------------------------

    def _load(self, config: MkDocsConfig) -> None:
        root = (self.project / self.settings.catalog).resolve()
        if str(root) not in map(str, config.watch):
            config.watch.append(str(root))
        catalog, issues = load_catalog(root, self.cache.store if self.cache is not None else None)
        warnings = [i for i in issues if i.severity == "warning"]
        issues = [i for i in issues if i.severity != "warning"]
        if warnings:  # reported, not fatal: the pages show such text inertly, and `handbook validate` fails on it
            _serve_log().warning("%d warning(s) in the catalogue:\n%s", len(warnings), "\n".join(map(str, warnings)))
        if not issues:
            self._catalog = self.last_good = catalog
            self._freeze()
            return
        report = "\n".join(map(str, issues))
        if self.command == "serve" and self.last_good is not None:
            _serve_log().error(
                "the catalogue has %d problem(s); still serving the last good version:\n%s", len(issues), report
            )
            self._catalog = self.last_good
            return
        self._catalog = None
        raise PluginError(
            f"the catalogue has {len(issues)} problem(s); nothing was built:\n{report}\n"
            "Fix each line above; `handbook codes` explains every code."
        )

    def _freeze(self) -> None:
        """Move everything alive now (above all the catalogue) out of the cyclic garbage collector's sight.
        The catalogue stays alive for the whole build; left in view, every full collection MkDocs triggers
        while it converts thousands of pages would walk its millions of objects again. Frozen objects are
        still freed by reference counting. Not under `mkdocs serve`, where each rebuild would freeze the last
        build's leftovers for good; `freeze: false` (or $HANDBOOK_NO_FREEZE=1) turns it off, for comparison.
        """
        if self.command != "serve" and self.settings.freeze:
            gc.collect()
            gc.freeze()


# ---------------------------------------------------------------------------
# Helpers for page sets
# ---------------------------------------------------------------------------


def page_link(files: Files, page: File, uri: str) -> str:
    """The URL of the page or file `uri` (a docs path) relative to `page`, for raw HTML, which MkDocs does
    not rewrite: `../entries/x/` on the served site, `entries/x.html` in the offline build."""
    target = files.get_file_from_path(uri)
    if target is None:
        raise PluginError(f"{page.src_uri} links to {uri}, which is not in the build")
    return get_relative_url(target.url, page.url)


def links_from(files: Files, config: MkDocsConfig, uri: str) -> Callable[[str], str]:
    """`href(target)` for raw HTML on the page `uri` (not yet in the build): `page_link` from that page."""
    page = File.generated(config, uri, content="")
    return lambda target: page_link(files, page, target)


def edit_url(config: MkDocsConfig, project_path: str) -> str | None:
    """The edit link for a file of the project, from `repo_url` and `edit_uri` (whose docs/ part is dropped)."""
    if not config.repo_url or not config.edit_uri:
        return None
    edit_uri = config.edit_uri
    docs = Path(config.docs_dir).name + "/"
    if edit_uri.endswith(docs):
        edit_uri = edit_uri[: -len(docs)]
    return urljoin(urljoin(config.repo_url.rstrip("/") + "/", edit_uri), project_path)


def _serve_log() -> logging.Logger:
    """A logger outside `mkdocs.*`, so that strict mode does not turn the report into a failed build."""
    log = logging.getLogger("handbook.serve")
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
        log.addHandler(handler)
        log.propagate = False
    return log
