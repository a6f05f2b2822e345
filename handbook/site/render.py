"""Render the catalogue into Markdown pages through the Jinja templates in templates/.

Every page is Markdown so that MkDocs resolves and checks its links. Safety is
the default: any plain string printed by a template is escaped for Markdown
(every ASCII punctuation mark gets a backslash, which `pymdownx.escapeall`
turns back into the literal character), so entry text can never become a tag,
a link or a heading. Values meant as markup are built here and marked safe.
"""

from __future__ import annotations

import json
import posixpath
import re
import string
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape as html_escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup

from handbook.catalog import DEFINITIONS, PLACEHOLDER, VOCABULARY_FIELDS, Catalog, Entry, freshness, legal

from . import urls
from .fragments import MARKER, Glossary, href
from .store import CompiledTemplates, digest

if TYPE_CHECKING:  # memo.py imports this module
    from .memo import EntryPageMemo

# Where the generated pages live, by taxonomy field; entries live under entries/.
SECTIONS = {"stage": "stages", "channels": "channels", "overdue": "overdue", "scenarios": "scenarios"}
SECTION_TITLES = {"stages": "按阶段", "channels": "按渠道", "overdue": "按逾期阶段", "scenarios": "按场景"}
TEMPLATES = Path(__file__).resolve().parent / "templates"
_ESCAPE = {ord(c): "\\" + c for c in string.punctuation}


_COMPILED_MARKDOWN, _COMPILED_HTML = CompiledTemplates("markdown"), CompiledTemplates("html")  # see CompiledTemplates


def md(value: Any) -> Markup:
    """Text made inert in Markdown: whitespace folded, every ASCII punctuation backslash-escaped."""
    if isinstance(value, Markup):
        return value
    text = " ".join(str(value).split())
    return Markup(text.translate(_ESCAPE))


def embed(data: dict[str, Any]) -> str:
    """`data` as one line of JSON that is safe inside a <script> element and a Markdown raw HTML block:
    `<`, `>` and `&` written as \\u escapes, so no `</script>` or `<!--` can occur, and no blank line.
    The checker and practice pages carry their data this way."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def html_text(value: Any) -> Markup:
    """Text for a raw HTML block: whitespace folded, HTML-escaped."""
    return Markup(html_escape(" ".join(str(value).split())))


def anchor(value: str) -> Markup:
    """A stable HTML id for a rule id or tag: t- and the lower-cased letters, digits and CJK characters."""
    return Markup("t-" + re.sub(r"[^0-9a-z\u4e00-\u9fff]+", "-", value.lower()).strip("-"))


@dataclass(frozen=True)
class Generated:
    """A generated page and the file an editor changes to change it (None: nothing to edit).

    `fragments`: blocks of HTML the page's Markdown holds only as markers (`<!-- hb:html:N -->`), put in
    place once the page is converted (the pipeline's on_page_content). The entry lists are made this way:
    Markdown would parse the same items again on a dozen pages, and a changed title would convert every
    list page again instead of only its own."""

    markdown: str
    source: str | None
    fragments: dict[str, str] = field(default_factory=dict)


@lru_cache(maxsize=65536)
def relative(target: str, start: str) -> str:
    """`target` (a path under docs/) as a link from a page in folder `start`; the same pairs recur on every page."""
    return posixpath.relpath(target, start or ".")


def css_name(value: str) -> Markup:
    """A value reduced to the characters of a CSS class name (ids are already lower-case ASCII)."""
    return Markup(re.sub(r"[^a-z0-9-]", "", value))


class Renderer:
    """Turns a Catalog into {page path: Markdown}."""

    def __init__(
        self,
        catalog: Catalog,
        changed: dict[str, str] | None = None,
        *,
        directory_urls: bool = True,
        glossary: Glossary | None = None,
    ) -> None:
        self.catalog = catalog
        self.changed = changed or {}  # entry file -> date of its last commit
        self.directory_urls = directory_urls  # MkDocs' use_directory_urls (False in the offline build)
        self.glossary = glossary or Glossary({})  # the abbreviations Markdown would mark in list items
        self._items: dict[str, tuple[Markup, Markup, Markup]] = {}
        self.today = freshness.today()
        self._phrases: dict[tuple[str, bool], Markup] = {}
        self._attrs: dict[str, Markup] = {}
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(TEMPLATES)),
            bytecode_cache=_COMPILED_MARKDOWN,
            # `finalize` escapes every printed value for Markdown and marks it safe, so the HTML
            # autoescape that follows leaves it alone; macros then return safe markup too.
            autoescape=True,
            finalize=md,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters.update(html=html_text, phrase=self.phrase, filled=self.filled, anchor=anchor, css=css_name)
        # Templates of HTML, not Markdown (*.svg.j2, *.html.j2): escaped for HTML only.
        self.html_env = jinja2.Environment(
            loader=self.env.loader,
            bytecode_cache=_COMPILED_HTML,
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        # placeholder, badge, filter_attrs: macros of _inline.html.j2 (a module whose names Jinja makes at load)
        self.inline: Any = self.html_env.get_template("_inline.html.j2").module

    # -- URLs -------------------------------------------------------------

    entry_uri = staticmethod(urls.entry_uri)
    term_uri = staticmethod(urls.term_uri)
    rule_uri = staticmethod(urls.rule_uri)

    # -- Markup built in Python -----------------------------------------

    def phrase(self, text: str, html: bool = False) -> Markup:
        """A phrase with each {placeholder} highlighted and described in a tooltip.

        The text around the placeholders is escaped for a raw HTML block (`html=True`) or for Markdown.
        """
        key = (text, html)
        if key in self._phrases:  # each entry's phrase is shown on a dozen list pages
            return self._phrases[key]
        escape = html_text if html else md
        return self._phrases.setdefault(key, self._mark_placeholders(text, escape))

    def _mark_placeholders(self, text: str, escape: Any) -> Markup:
        out: list[str] = []
        last = 0
        for match in PLACEHOLDER.finditer(text):
            out.append(escape(text[last : match.start()]))
            name = match.group(1)
            out.append(self.inline.placeholder(match.group(0), self.catalog.placeholders.get(name, "")))
            last = match.end()
        out.append(escape(text[last:]))
        return Markup("".join(out))

    def filled(self, text: str) -> str:
        """The phrase with each placeholder replaced by its invented example value (placeholders.yml),
        so that a misuse such as 第{分期期数}期 reads wrong at a glance. Plain text: the template escapes it."""
        terms = self.catalog.placeholder_terms
        return PLACEHOLDER.sub(lambda m: terms.get(m.group(1), {}).get("example", m.group(0)), text)

    def badge(self, verdict: str) -> Markup:
        title = " ".join(self.catalog.vocab["verdicts"][verdict]["title"].split())
        return Markup(self.inline.badge(css_name(verdict), title))

    def list_item(self, entry: Entry) -> tuple[Markup, Markup, Markup]:
        """An entry as a list shows it, in HTML: its badge, its title and its phrase (abbreviations marked as
        Markdown would mark them); made once per entry."""
        if entry.id not in self._items:
            glossary = self.glossary.html

            def in_list(text: str) -> Markup:
                return glossary(" ".join(text.split()))

            self._items[entry.id] = (
                self.badge(entry.verdict),
                in_list(entry.title),
                self._mark_placeholders(entry.phrase, in_list),
            )
        return self._items[entry.id]

    def entry_attrs(self, entry: Entry) -> Markup:
        """The data-* attributes docs/assets/handbook.js filters a list item by."""
        if entry.id not in self._attrs:
            self._attrs[entry.id] = Markup(
                self.inline.filter_attrs(
                    [css_name(c) for c in entry.channels], [css_name(o) for o in entry.overdue], css_name(entry.verdict)
                )
            )
        return self._attrs[entry.id]

    # -- Pages --------------------------------------------------------------

    def pages(self, memo: EntryPageMemo | None = None) -> dict[str, Generated]:
        """Every generated page: entries, the indexes of each taxonomy field, tags, red lines. With `memo`
        (the build cache's) a page whose inputs are those of a page in the cache is not rendered again: an
        entry page by what it shows, the other pages by the whole catalogue (`EntryPageMemo.listing_key`)."""
        pages: dict[str, Generated] = {}
        taxonomy = f"{self.catalog.root.name}/{DEFINITIONS}/taxonomy.yml"
        if memo is not None:
            memo.begin(self.catalog, self.today, self.directory_urls, self.glossary.terms)
        for entry in self.catalog.entries.values():
            uri = self.entry_uri(entry.id)
            referrers = self.catalog.referrers.get(entry.id, [])
            changed = self.changed.get(entry.file)
            stale = freshness.is_stale(entry.reviewed["on"], self.today)
            related = [self.catalog.entries[r] for r in entry.data.get("related", [])]
            page = ("entry.md.j2", uri, entry.file)
            context: dict[str, Any] = dict(
                entry=entry, related=related, referrers=referrers, changed=changed, stale=stale
            )
            if memo is None:
                pages[uri] = self.page(*page, **context)
            else:
                key = memo.key(self.catalog, entry, referrers, changed, stale)
                pages[uri] = memo.page(key, self.page, *page, **context)
        if memo is not None:
            listing = memo.listing_key(self.catalog, self.changed)

        def make(template: str, uri: str, source: str | None, **context: Any) -> Generated:
            if memo is None:
                return self.page(template, uri, source, **context)
            key = memo.context_key(
                self.catalog, digest(listing, template, uri, source), template, uri, source, **context
            )
            return memo.page(key, self.page, template, uri, source, **context)

        for stage_id, entries in self.catalog.group("stage").items():
            uri = urls.print_uri(stage_id)
            stage = self.catalog.term("stages", stage_id)
            pages[uri] = make("print.md.j2", uri, None, stage=stage, entries=entries)
        for entry_field, section in SECTIONS.items():
            vocabulary = VOCABULARY_FIELDS[entry_field][0]
            groups = self.catalog.group(entry_field)
            overview = urls.section_uri(section)
            pages[overview] = make(
                "overview.md.j2",
                overview,
                taxonomy,
                title=SECTION_TITLES[section],
                section=section,
                vocabulary=vocabulary,
                groups=groups,
            )
            for term_id, entries in groups.items():
                uri = self.term_uri(section, term_id)
                pages[uri] = make(
                    "group.md.j2",
                    uri,
                    taxonomy,
                    term=self.catalog.term(vocabulary, term_id),
                    section=section,
                    entries=entries,
                )
        pages[urls.TAGS] = make("tags.md.j2", urls.TAGS, None, tags=self.catalog.tags())
        pages[urls.COVERAGE] = make("coverage.md.j2", urls.COVERAGE, None, **self._coverage())
        redlines_file = f"{self.catalog.root.name}/{DEFINITIONS}/redlines.yml"
        pages[urls.REDLINES] = make("redlines.md.j2", urls.REDLINES, redlines_file, use=self.catalog.rule_use)
        for rule in self.catalog.rules.values():
            uri = self.rule_uri(rule["id"])
            pages[uri] = make("rule.md.j2", uri, redlines_file, rule=rule, use=self.catalog.rule_use[rule["id"]])
        pages[urls.REVIEW] = make(
            "review.md.j2",
            urls.REVIEW,
            f"{self.catalog.root.name}/{DEFINITIONS}/sources.yml",
            open_items=legal.open_items(self.catalog.sources),
        )
        return pages

    def _coverage(self) -> dict[str, dict[str, dict[str, list[Entry]]]]:
        """Usable entries (not prohibited) by stage, then by channel and by overdue bucket."""
        vocab = self.catalog.vocab
        by_channel: dict[str, dict[str, list[Entry]]] = {s: {c: [] for c in vocab["channels"]} for s in vocab["stages"]}
        by_overdue: dict[str, dict[str, list[Entry]]] = {s: {o: [] for o in vocab["overdue"]} for s in vocab["stages"]}
        for entry in self.catalog.entries.values():
            if entry.verdict == "prohibited":
                continue
            for channel in entry.channels:
                by_channel[entry.stage][channel].append(entry)
            for bucket in entry.overdue:
                by_overdue[entry.stage][bucket].append(entry)
        return {"by_channel": by_channel, "by_overdue": by_overdue}

    @property
    def legal(self) -> dict[str, Any]:
        """What templates need to show a citation: its text, its certainty, whether it is a basis yet."""
        sources = self.catalog.sources
        return {
            "text": lambda citation, label=True: legal.citation_text(sources, citation, label),
            "certainty": lambda citation: legal.certainty(sources, citation),
            "is_basis": lambda citation: legal.is_basis(sources, citation),
            "in_force": lambda source_id: legal.in_force(sources, source_id, self.today),
            "basis": lambda rule: legal.basis_text(sources, rule),
            "split": lambda rule: legal.split_citations(sources, rule),
            "months": lambda source: legal.months_since(source, self.today),
            "labels": legal.LABELS,
            "forms": legal.FORMS,
            "pending": legal.PENDING,
        }

    def html(self, template: str, **context: Any) -> Markup:
        """HTML from a template of HTML, as one line: its lines are stripped and joined, so that it can
        sit in a Markdown raw HTML block (which a blank line would end)."""
        text = self.html_env.get_template(template).render(**context)
        return Markup("".join(line.strip() for line in text.splitlines()))

    def render(self, template: str, uri: str, **context: Any) -> str:
        """The page `uri` from `template`: links are made relative to it, and every template sees the
        catalogue, the link and badge helpers, the vocabularies, the legal basis and the review period."""
        generated = self.page(template, uri, None, **context)
        if generated.fragments:
            raise ValueError(f"{template} makes HTML blocks: render it with Renderer.page, which keeps them")
        return generated.markdown

    def page(self, template: str, uri: str, source: str | None, **context: Any) -> Generated:
        """The page `uri` from `template` as `render` makes it, with the HTML blocks its lists made."""
        start = posixpath.dirname(uri)
        fragments: dict[str, str] = {}

        def link(target: str) -> Markup:
            return Markup(relative(target, start))

        def entries_html(name: str, entries: list[Entry]) -> Markup:
            """The HTML template `name` over `entries` (each with its link from this page), kept aside;
            in the Markdown, the marker that stands for it."""
            items = [(e, href(self.entry_uri(e.id), uri, self.directory_urls), *self.list_item(e)) for e in entries]
            marker = MARKER.format(len(fragments))
            fragments[marker] = self.html_env.get_template(name).render(items=items, entry_attrs=self.entry_attrs)
            return Markup(marker)

        markdown = self.env.get_template(template).render(
            catalog=self.catalog,
            link=link,
            entry_attrs=self.entry_attrs,
            badge=self.badge,
            entry_uri=self.entry_uri,
            term_uri=self.term_uri,
            rule_uri=self.rule_uri,
            sections=SECTIONS,
            vocab=self.catalog.vocab,
            legal=self.legal,
            review_months=freshness.REVIEW_MONTHS,
            urls=urls,
            entries_html=entries_html,
            **context,
        )
        return Generated(markdown, source, fragments)


def nav_children(catalog: Catalog) -> dict[str, list[str]]:
    """For each generated overview page: the pages listed under it in the navigation, in taxonomy order."""
    out: dict[str, list[str]] = {}
    for entry_field, section in SECTIONS.items():
        vocabulary = VOCABULARY_FIELDS[entry_field][0]
        out[urls.section_uri(section)] = [urls.term_uri(section, t) for t in catalog.vocab[vocabulary]]
    out[urls.REDLINES] = [urls.rule_uri(rule) for rule in catalog.rules]
    return out


def expand_nav(items: list[Any], children: dict[str, list[str]]) -> list[Any]:
    """The nav of mkdocs.yml with each item that points at a generated overview turned into a section:
    the overview first, then its pages (from `nav_children`)."""
    out: list[Any] = []
    for item in items:
        if isinstance(item, dict):
            ((title, value),) = item.items()
            if isinstance(value, str) and value in children:
                item = {title: [value, *children[value]]}
            elif isinstance(value, list):
                item = {title: expand_nav(value, children)}
        out.append(item)
    return out
