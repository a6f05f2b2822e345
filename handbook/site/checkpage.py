"""The phrase checker page (话术合规自检): the red-line linter of `handbook lint`, run in the browser.

check.md holds a short guide, the form that docs/assets/checker.js brings to life, and one
<script type="application/json" id="hb-checker-data"> holding the linter exported from the compiled rules
the CLI uses (`handbook.lint.browser_data`), the second opinion's integer weights, and what the page shows
with a finding: each rule's title, severity, what it forbids, its basis, and links to its rule page and to
the entries that comply with it (by stage). The links are made relative to the page (check/ when served,
check.html offline), since MkDocs does not rewrite raw HTML. The data is embedded, not fetched: a page
opened from file:// may not fetch. The page stays out of search (`handbook.site.urls.SEARCH_EXCLUDED`): it holds a
form, not handbook text.
"""

from __future__ import annotations

from functools import cache
from html import escape
from typing import Any

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from opencc import OpenCC

from handbook.catalog import Catalog, legal
from handbook.lint import browser_data
from handbook.lint.model import Context, shipped

from . import urls
from .pipeline import Build, Output, PageSet, links_from
from .render import Generated, Renderer, embed

STYLESHEET = "assets/checker.css"
SCRIPT = "assets/checker.js"  # loaded by this page only


class CheckerPage(PageSet):
    name = "checker"
    needs = ("entries",)  # links to the rule pages and the entries

    def make(self, build: Build, files: Files, config: MkDocsConfig) -> Output:
        catalog = build.catalog
        href = links_from(files, config, urls.CHECK)
        data = {**engine_data(catalog), "page": page_data(catalog, href)}
        markdown = Renderer(catalog).render(
            "check.md.j2",
            urls.CHECK,
            css=Markup(escape(href(STYLESHEET))),
            stages=catalog.vocab["stages"],
            data=Markup(embed(data)),
            js=Markup(escape(href(SCRIPT))),
        )
        return Output(pages={urls.CHECK: Generated(markdown, None)})


# Helpers ------------------------------------------------------------------


def engine_data(catalog: Catalog) -> dict[str, Any]:
    """What docs/assets/checker.js runs, for every page that checks phrases (this one, the call companion's
    checker box, the call audit): the linter exported from the compiled rules, and the second opinion."""
    if catalog.linter is None:  # a catalogue loads only with usable rules; this is for the type checker
        raise PluginError("the red-line rules did not compile; run `handbook validate`")
    return {"engine": browser_data(catalog.linter), "model": model_data(catalog)}


def model_data(catalog: Catalog) -> dict[str, Any] | None:
    """The second opinion for docs/assets/checker.js: the shipped model's integer weights, and per rule
    its counter-examples as [id, title, pieces] for naming the nearest one (as `handbook lint` does)."""
    model = shipped()
    if model is None:
        return None
    context = Context.of(catalog)
    examples = {
        rule: [[entry_id, title, sorted(pieces)] for entry_id, title, pieces in items]
        for rule, items in context.examples.items()
    }
    return {**model.as_data(), "examples": examples}


def page_data(catalog: Catalog, href: Any) -> dict[str, Any]:
    """What the page shows beside a finding; `href(docs path)` is a link relative to the page.

    - rules: {id: {title, severity, forbids, citation, url, entries}}, where entries lists the lawful
      entries of the rule: first the alternatives its counter-examples name, then the entries that cite
      it in `compliance` (recommended before caution), in catalogue order;
    - entries: {id: [title, url, stage, verdict]} for every entry listed;
    - samples: phrases to try, from the rules' own examples (one written in Traditional characters).
    """
    rules: dict[str, dict[str, Any]] = {}
    listed: set[str] = set()
    for rule_id, rule in catalog.rules.items():
        use = catalog.rule_use[rule_id]
        entries = list(
            dict.fromkeys(
                [e.data["alternative"] for e in use.breaking]
                + [e.id for e in use.usable if e.verdict == "recommended"]
                + [e.id for e in use.usable if e.verdict == "caution"]
            )
        )
        listed.update(entries)
        listed.update(e.id for e in use.breaking)
        rules[rule_id] = {
            "title": rule["title"],
            "severity": rule["severity"],
            "forbids": rule["forbids"],
            "citation": legal.basis_text(catalog.sources, rule),
            "url": href(Renderer.rule_uri(rule_id)),
            "entries": entries,
        }
    return {
        "rules": rules,
        "entries": {
            entry.id: [entry.title, href(Renderer.entry_uri(entry.id)), entry.stage, entry.verdict]
            for entry in catalog.entries.values()
            if entry.id in listed
        },
        "samples": samples(catalog),
    }


def samples(catalog: Catalog) -> list[str]:
    """Ten phrases to try, from the rules' own examples: seven that cross a red line, the third of them
    in Traditional characters (the checker reads those too), and three that do not, mixed."""
    examples = [rule.get("examples", {}) for rule in catalog.rules.values()]
    crossing = [e["match"][0] for e in examples if e.get("match")][:7]
    lawful = [e["no_match"][0] for e in examples if e.get("no_match")][:3]
    if len(crossing) > 2:
        crossing[2] = _to_traditional().convert(crossing[2])
    out: list[str] = []
    for i, phrase in enumerate(crossing):
        out.append(phrase)
        if i % 2 and lawful:
            out.append(lawful.pop(0))
    return out + lawful


@cache
def _to_traditional() -> OpenCC:
    """OpenCC's Simplified-to-Traditional converter, read once per process (its tables take 0.1 s)."""
    return OpenCC("s2t")
