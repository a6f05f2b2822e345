"""The page sets of the build pipeline (handbook/site/pipeline.py), in the order `PAGE_SETS` runs them.

Each is a small object: `configure` adjusts the configuration once the catalogue is loaded, `make`
returns the pages and files it adds, `page_markdown` touches a page before MkDocs converts it. The
pipeline appends what `make` returns, refuses a page that clashes with a file of docs/, and records every
generated page for edit links and search.
"""

from __future__ import annotations

import importlib.util
import json
import re
from collections import Counter
from html import escape as html_escape

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from pathspec.gitignore import GitIgnoreSpec

from handbook.audit.report import SCHEMA as AUDIT_SCHEMA
from handbook.catalog import DEFINITIONS, ENTRY_SCHEMA
from handbook.catalog.history import last_changed, recent_changes, releases, version_info
from handbook.lint import traditional_pairs

from . import urls
from .auditpage import AuditPage
from .cards import card_pages
from .checkpage import CheckerPage
from .companion import CompanionPage
from .export import export_catalog, export_schema, to_json
from .fragments import Glossary, auto_appended
from .memo import EntryPageMemo
from .pipeline import Build, Output, PageSet, links_from, page_link
from .practice import SESSION, page_data
from .render import Generated, Renderer, embed, expand_nav, nav_children
from .search import GLOSSARY, JIEBA, JIEBA_FREQ, jieba_words, search_meta
from .store import digest
from .training import counter_examples, dialogue, flow_map, redline_matrix


class ChangelogPage(PageSet):
    """The version of this build in every footer (and in catalog.json), and changelog.md: what changed
    between the releases (git tags)."""

    name = "changelog"

    def configure(self, build: Build, config: MkDocsConfig) -> None:
        build.version = version_info(build.project)
        stamp = f"版本 {build.version}"
        config.copyright = f"{config.copyright} · {stamp}" if config.copyright else f"催收话术手册 · {stamp}"

    def make(self, build: Build, files: Files, config: MkDocsConfig) -> Output:
        found = releases(build.project, build.catalog.root)
        markdown = Renderer(build.catalog).render(
            "changelog.md.j2", urls.CHANGELOG, releases=found, version=build.version
        )
        return Output(pages={urls.CHANGELOG: Generated(markdown, None)})


class EntryPages(PageSet):
    """An entry page per script, the stage, scenario, channel, overdue and red-line pages and their
    indexes (handbook.site.render), and the contributing guide as the site's 参与编辑 page."""

    name = "entries"
    CONTRIBUTING = "CONTRIBUTING.md"

    def make(self, build: Build, files: Files, config: MkDocsConfig) -> Output:
        changed = last_changed(build.project, build.catalog.root)
        glossary = Glossary.read(auto_appended(config, build.project))
        renderer = Renderer(build.catalog, changed, directory_urls=config.use_directory_urls, glossary=glossary)
        pages = renderer.pages(EntryPageMemo(build.cache.store, build.cache.counts) if build.cache else None)
        guide = build.project / self.CONTRIBUTING
        pages[urls.CONTRIBUTING] = Generated(guide.read_text(encoding="utf-8"), self.CONTRIBUTING)
        return Output(pages=pages)


class TrainingPages(PageSet):
    """The call-flow map, a dialogue page per scenario, and the team-lead views (recent changes, red lines
    × stages); and the map drawn wherever a page says <!-- hb:flow-map --> or <!-- hb:flow-map:scenario -->."""

    name = "training"
    needs = ("entries",)  # the map links to entry pages
    MARKER = re.compile(r"<!-- hb:flow-map(?::([a-z0-9-]+))? -->")
    CHANGES = 30  # commits shown on team/changes.md
    renderer: Renderer | None = None  # this build's, kept for the maps (its templates compiled once)

    def make(self, build: Build, files: Files, config: MkDocsConfig) -> Output:
        catalog = build.catalog
        renderer = self.renderer = Renderer(catalog)
        taxonomy = f"{catalog.root.name}/{DEFINITIONS}/taxonomy.yml"
        pages = {urls.FLOW: Generated(renderer.render("flow.md.j2", urls.FLOW), None)}
        rows = []
        for scenario_id, scenario in catalog.vocab["scenarios"].items():
            lines = dialogue(catalog, scenario_id)
            if not lines:
                continue
            uri = urls.dialogue_uri(scenario_id)
            markdown = renderer.render(
                "dialogue.md.j2",
                uri,
                scenario=scenario,
                dialogue=lines,
                counter=counter_examples(catalog, scenario_id),
            )
            pages[uri] = Generated(markdown, taxonomy)
            rows.append((scenario, len(lines)))
        pages[urls.DIALOGUES] = Generated(renderer.render("dialogues.md.j2", urls.DIALOGUES, rows=rows), None)
        changes = recent_changes(build.project, catalog.root, self.CHANGES)
        changes_page = renderer.render("changes.md.j2", urls.TEAM_CHANGES, changes=changes)
        pages[urls.TEAM_CHANGES] = Generated(changes_page, None)
        matrix = redline_matrix(catalog)
        totals = {rule: tuple(map(sum, zip(*row.values(), strict=True))) for rule, row in matrix.items()}
        pages[urls.TEAM_REDLINES] = Generated(
            renderer.render(
                "redline-matrix.md.j2",
                urls.TEAM_REDLINES,
                matrix=matrix,
                totals=totals,
                uncovered=[rule for rule, (respect, _breaks) in totals.items() if not respect],
            ),
            f"{catalog.root.name}/{DEFINITIONS}/redlines.yml",
        )
        return Output(pages=pages)

    def page_markdown(self, build: Build, markdown: str, page: Page, files: Files) -> str:
        if "<!-- hb:flow-map" not in markdown:
            return markdown
        catalog = build.catalog
        renderer = self.renderer or Renderer(catalog)

        def url(uri: str) -> str:
            return page_link(files, page.file, uri)

        def draw(match: re.Match[str]) -> str:
            scenario = match.group(1)
            if scenario is not None and scenario not in catalog.vocab["scenarios"]:
                raise PluginError(f"{page.file.src_uri}: no scenario '{scenario}' for the flow map")
            svg = renderer.html("flow-map.svg.j2", map=flow_map(catalog, url, scenario, name=scenario or "all"))
            return f'<div class="hb-flow" data-search-exclude>\n{svg}\n</div>'

        return self.MARKER.sub(draw, markdown)


class CardPages(PageSet):
    """A printable call card per scenario and their index (handbook.site.cards)."""

    name = "cards"
    needs = ("entries",)

    def make(self, build: Build, files: Files, config: MkDocsConfig) -> Output:
        return Output(pages=card_pages(build.catalog))


class PracticePage(PageSet):
    """practice.md: borrower lines to answer, scored in the browser (handbook.site.practice)."""

    name = "practice"
    needs = ("entries",)  # each round links to its entry
    SCRIPT = "assets/practice.js"  # loaded by this page only
    STYLESHEET = "assets/practice.css"  # likewise

    def make(self, build: Build, files: Files, config: MkDocsConfig) -> Output:
        catalog = build.catalog
        href = links_from(files, config, urls.PRACTICE)
        data = page_data(export_catalog(catalog), href)
        counts = Counter(r["stage"] for r in data["rounds"])
        markdown = Renderer(catalog).render(
            "practice.md.j2",
            urls.PRACTICE,
            data=Markup(embed(data)),
            rounds=data["rounds"],
            counts={stage: counts[stage] for stage in catalog.vocab["stages"] if counts[stage]},
            session=SESSION,
            js=Markup(html_escape(href(self.SCRIPT))),
            css=Markup(html_escape(href(self.STYLESHEET))),
        )
        return Output(pages={urls.PRACTICE: Generated(markdown, None)})


class Navigation(PageSet):
    """The navigation of mkdocs.yml, with each catalogue index expanded into its pages; the generated
    pages reached only from the indexes (urls.NOT_IN_NAV) added to `not_in_nav`, beside any it lists."""

    name = "navigation"
    needs = ("entries", "training", "cards")

    def configure(self, build: Build, config: MkDocsConfig) -> None:
        ours = GitIgnoreSpec.from_lines(urls.NOT_IN_NAV)
        config.not_in_nav = ours if config.not_in_nav is None else config.not_in_nav + ours

    def make(self, build: Build, files: Files, config: MkDocsConfig) -> Output:
        if config.nav:
            config.nav = expand_nav(config.nav, nav_children(build.catalog))
        return Output()


class SearchTuning(PageSet):
    """Material's search, taught the catalogue's words and both scripts.

    - jieba (which segments the index at build time) learns the handbook's own words: tags, taxonomy
      labels, rule titles, glossary headings, so that 分期还款 or 承诺还款 stay one token;
    - `assets/t2s.js` is the Traditional-to-Simplified table the search box uses (docs/assets/handbook.js),
      so that 徵信 finds 征信; it comes from the same OpenCC table as the linter's;
    - entry pages get their tags, the tags' synonyms (synonyms.yml) and a higher boost, the overdue pages
      their aliases (M1 …), and the index pages that only repeat entry titles a lower one.
    """

    name = "search"
    needs = ("entries",)

    def configure(self, build: Build, config: MkDocsConfig) -> None:
        if importlib.util.find_spec("jieba") is None:  # search still works, only less well segmented
            return
        words = jieba_words(build.catalog, build.project / GLOSSARY)
        JIEBA.teach(words)
        if build.cache is not None:
            build.cache.words = digest(sorted(words), JIEBA_FREQ)

    def make(self, build: Build, files: Files, config: MkDocsConfig) -> Output:
        source, target = traditional_pairs()
        script = f"window.HANDBOOK_T2S = {{from: {json.dumps(source)}, to: {json.dumps(target)}}};\n"
        return Output(files=[File.generated(config, "assets/t2s.js", content=script)])

    def page_markdown(self, build: Build, markdown: str, page: Page, files: Files) -> str:
        meta = search_meta(page.file.src_uri, build.catalog, build.pages)
        if "tags" in meta:
            page.meta["tags"] = meta["tags"]
        search = page.meta.setdefault("search", {})
        for key, value in meta.get("search", {}).items():
            search.setdefault(key, value)
        return markdown


class OfflineShim(PageSet):
    """The offline handbook's search from file://: the iframe-worker polyfill, shipped from node_modules
    instead of fetched from a CDN."""

    name = "offline-shim"
    SHIM = "node_modules/iframe-worker/shim/index.js"
    TARGET = "assets/javascripts/iframe-worker-shim.js"

    def configure(self, build: Build, config: MkDocsConfig) -> None:
        polyfills = config.extra.get("polyfills", [])
        if any("iframe-worker" in url for url in polyfills):
            config.extra["polyfills"] = [self.TARGET if "iframe-worker" in url else url for url in polyfills]

    def make(self, build: Build, files: Files, config: MkDocsConfig) -> Output:
        if self.TARGET not in config.extra.get("polyfills", []):
            return Output()
        shim = build.project / self.SHIM
        if not shim.is_file():
            raise PluginError(
                f"{self.SHIM} is missing: the offline handbook needs it for search from file://; "
                "run `npm ci` (make offline does) and build again"
            )
        return Output(files=[File.generated(config, self.TARGET, abs_src_path=str(shim))])


class PublishedData(PageSet):
    """catalog.json (the catalogue for other systems, with the release), its JSON Schema, the entry
    schema the editors' YAML files name, and the schema of `handbook audit --json` reports."""

    name = "data"
    needs = ("changelog",)  # the release version

    def make(self, build: Build, files: Files, config: MkDocsConfig) -> Output:
        catalog = build.catalog
        schema = json.dumps(export_schema(catalog), ensure_ascii=False, indent=2) + "\n"
        release = build.version.as_dict() if build.version is not None else None
        return Output(
            files=[
                File.generated(config, "catalog.json", content=to_json(catalog, release)),
                File.generated(config, "catalog.schema.json", content=schema),
                File.generated(config, "entry.schema.json", abs_src_path=str(catalog.definitions / ENTRY_SCHEMA)),
                File.generated(config, AUDIT_SCHEMA.name, abs_src_path=str(AUDIT_SCHEMA)),
            ]
        )


# The order of the build: a set's `needs` come before it (the pipeline checks).
PAGE_SETS: tuple[type[PageSet], ...] = (
    ChangelogPage,
    EntryPages,
    TrainingPages,
    CardPages,
    PracticePage,
    CheckerPage,
    CompanionPage,
    AuditPage,
    Navigation,
    SearchTuning,
    OfflineShim,
    PublishedData,
)

# The pipeline of this process (hooks/pipeline.py hands it every MkDocs event).
BUILD = Build(page_set() for page_set in PAGE_SETS)
