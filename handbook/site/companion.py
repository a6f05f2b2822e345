"""The call companion page (通话助手, companion.md): the catalogue as a collector uses it during a call.

docs/assets/companion.js walks the eight stages in call order for the call the collector picks (channel,
overdue bucket, optionally a scenario), with the borrower's details filled into every phrase, the
borrower's likely lines as buttons that show the answer, and the red lines in view (the local clock, the
attempts of the day, a checker box). This module makes the data it reads, at build time:

- `entries`: the usable entries (recommended and caution; a prohibited one is never offered as a line to
  say), each with what may be said before the listener is confirmed as the borrower (`before`) and what
  only after (`after`): an opening phrase is cut at its （确认本人后） mark; a phrase that opens a contact
  and tells nothing of a debt is all `before`; any other phrase is all `after`, locked until the
  collector marks the borrower confirmed. What "tells of a debt" is the validator's own test (E307,
  handbook.catalog.compliance.DISCLOSES), not a second list;
- `fields`: the placeholders the entries use, the usual ones of a call first, with their description and
  invented example value (placeholders.yml) as hints;
- `limits`: the quiet hours and the day's unanswered attempts from the rules' `limits` (redlines.yml),
  each with its rule's id, title and page, never numbers written here;
- `checker`: the same rules and model the 自检 page runs (handbook.site.checkpage), for the checker box.
"""

from __future__ import annotations

from html import escape
from typing import Any

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from handbook.catalog import PLACEHOLDER, Catalog, Entry, legal
from handbook.catalog.compliance import debt_detail, opens_contact

from . import urls
from .checkpage import engine_data
from .pipeline import Build, Output, PageSet, links_from
from .render import Generated, Renderer, embed

DATA_VERSION = 1
IDENTITY_MARK = "（确认本人后）"
THIRD_PARTY = "third-party-answers"  # the scenario of a call someone else answers
USUAL = "routine"  # the scenario of an ordinary call: offered before the special situations
# The details nearly every call needs, asked for first; the others follow in placeholders.yml order.
CALL_FIELDS = (
    "客户姓名",
    "机构名称",
    "催收员姓名",
    "工号",
    "逾期金额",
    "逾期天数",
    "还款日期",
    "官方还款渠道",
    "客服电话",
)
TIME_RULE, FREQUENCY_RULE, IDENTITY_RULE, THIRD_PARTY_RULE = "RL-TIME", "RL-FREQ", "RL-IDENTITY", "RL-THIRD-PARTY"


def tells_of_debt(text: str) -> bool:
    """Whether `text` tells a listener that there is a debt (the validator's E307 test)."""
    return debt_detail(text) is not None


def split_identity(entry: Entry) -> tuple[str, str]:
    """(what may be said before the listener is confirmed as the borrower, what only after)."""
    phrase = entry.phrase
    if IDENTITY_MARK in phrase:
        before, after = phrase.split(IDENTITY_MARK, 1)
        if not tells_of_debt(before):
            return before.strip(), after.strip()
    if opens_contact(entry.data) and not tells_of_debt(phrase):
        return phrase, ""
    return "", phrase


def conditions(entry: Entry) -> list[str]:
    """For a caution entry: the compliance notes, which say when it may be used."""
    if entry.verdict != "caution":
        return []
    return [note["note"] for note in entry.data.get("compliance", [])]


def fields(catalog: Catalog, used: set[str]) -> list[dict[str, str]]:
    terms = catalog.placeholder_terms
    names = [n for n in CALL_FIELDS if n in terms] + [n for n in terms if n in used and n not in CALL_FIELDS]
    return [
        {"name": n, "hint": terms[n].get("description", ""), "example": str(terms[n].get("example", ""))} for n in names
    ]


def rule_info(catalog: Catalog, rule_id: str, href: Any) -> dict[str, Any]:
    rule = catalog.rules[rule_id]
    return {
        "id": rule_id,
        "title": rule["title"],
        "url": href(urls.rule_uri(rule_id)),
        "citation": legal.basis_text(catalog.sources, rule),
    }


def limits(catalog: Catalog, href: Any) -> dict[str, Any]:
    """The numbers of the rules about when and how often, as redlines.yml states them."""
    out: dict[str, Any] = {}
    time_rule = catalog.rules.get(TIME_RULE, {})
    if "quiet_hours" in time_rule.get("limits", {}):
        out["quiet"] = {**time_rule["limits"]["quiet_hours"], "rule": rule_info(catalog, TIME_RULE, href)}
    frequency_rule = catalog.rules.get(FREQUENCY_RULE, {})
    if "unanswered_per_day" in frequency_rule.get("limits", {}):
        out["attempts"] = {
            "limit": frequency_rule["limits"]["unanswered_per_day"],
            "rule": rule_info(catalog, FREQUENCY_RULE, href),
        }
    return out


def page_data(catalog: Catalog, href: Any) -> dict[str, Any]:
    """Everything companion.js reads; `href(docs path)` is a link relative to the page."""
    vocab = catalog.vocab
    entries: dict[str, Any] = {}
    used: set[str] = set()
    for entry in catalog.entries.values():
        if entry.verdict == "prohibited":
            continue
        before, after = split_identity(entry)
        lines = []
        for line in entry.data.get("borrower", []):
            ref = line.get("ref")
            if ref is not None and (ref not in catalog.entries or catalog.entries[ref].verdict == "prohibited"):
                continue
            lines.append({"says": line["says"], "reply": line.get("reply", ""), "ref": ref or ""})
        used.update(PLACEHOLDER.findall(entry.phrase + "".join(x["reply"] for x in lines)))
        entries[entry.id] = {
            "title": entry.title,
            "stage": entry.stage,
            "channels": entry.channels,
            "overdue": entry.overdue,
            "scenarios": entry.scenarios,
            "verdict": entry.verdict,
            "before": before,
            "after": after,
            "conditions": conditions(entry),
            "borrower": lines,
            "url": href(urls.entry_uri(entry.id)),
        }
    identity_rules = [r for r in (IDENTITY_RULE, THIRD_PARTY_RULE) if r in catalog.rules]
    return {
        "version": DATA_VERSION,
        "stages": [[k, t["title"]] for k, t in vocab["stages"].items()],
        "channels": [[k, t["title"]] for k, t in vocab["channels"].items()],
        "overdue": [[k, t["title"]] for k, t in vocab["overdue"].items()],
        "scenarios": [[k, t["title"]] for k, t in vocab["scenarios"].items()],
        "verdicts": {k: t["title"] for k, t in vocab["verdicts"].items()},
        "fields": fields(catalog, used),
        "entries": entries,
        "third_party": THIRD_PARTY,
        "usual": USUAL,
        "identity_rules": [rule_info(catalog, r, href) for r in identity_rules],
        "limits": limits(catalog, href),
    }


class CompanionPage(PageSet):
    """companion.md: the call companion (see the module's docstring)."""

    name = "companion"
    needs = ("entries",)  # links to entries and rule pages
    SCRIPT = "assets/companion.js"
    ENGINE = "assets/checker.js"  # the checker box runs the 自检 page's engine
    STYLESHEET = "assets/companion.css"

    def make(self, build: Build, files: Files, config: MkDocsConfig) -> Output:
        catalog = build.catalog
        href = links_from(files, config, urls.COMPANION)
        data = {"page": page_data(catalog, href), **engine_data(catalog)}
        markdown = Renderer(catalog).render(
            "companion.md.j2",
            urls.COMPANION,
            data=Markup(embed(data)),
            cards=Markup(escape(href(urls.CARDS))),  # a link in raw HTML: MkDocs does not rewrite it
            css=Markup(escape(href(self.STYLESHEET))),
            engine=Markup(escape(href(self.ENGINE))),
            js=Markup(escape(href(self.SCRIPT))),
        )
        return Output(pages={urls.COMPANION: Generated(markdown, None)})
