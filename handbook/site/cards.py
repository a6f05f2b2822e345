"""Printable call cards: one per stage and one per scenario, chosen from the catalogue.

A card holds what a collector keeps beside the phone: a few key phrases (recommended entries,
the phone channel first), what never to say (the prohibited entries, by title and the rules they
break, never their wording) and the red lines involved. `cards(catalog)` chooses the content;
`card_pages(catalog)` renders the pages cards/<name>.md and cards/index.md through the templates
card.md.j2 and cards-index.md.j2. The `cards` page set (handbook/site/pagesets.py) adds them to the build;
handbook/tools/cardprint.py prints them to PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from handbook.catalog import Catalog, Entry

from . import urls
from .render import Generated, Renderer

MAX_KEYS = 6  # key phrases per card
PER_STAGE = 2  # key phrases per stage on a scenario card
MAX_NEVER = 6  # prohibited entries listed; the rest are counted and linked
MAX_RELATED_NEVER = 4  # prohibited entries borrowed through shared rules when a card has none of its own
PREFERRED_CHANNEL = "phone"
GENERAL = frozenset({"routine", "first-contact"})  # scenarios of the usual call, preferred on stage cards


@dataclass
class Card:
    """One call card: which stage or scenario, and what it lists."""

    kind: str  # "stage" or "scenario"
    term: dict[str, Any]  # the taxonomy term (id, title, description)
    position: int  # 1-based place among the cards of its kind (call order for stages)
    keys: list[Entry] = field(default_factory=list)  # key phrases, in call order
    never: list[Entry] = field(default_factory=list)  # prohibited entries shown
    never_total: int = 0  # prohibited entries of the stage or scenario, shown or not
    never_borrowed: bool = False  # True: `never` comes from shared rules, the card has none of its own
    rules: list[dict[str, Any]] = field(default_factory=list)  # red lines, in redlines.yml order

    @property
    def name(self) -> str:
        return f"{self.kind}-{self.term['id']}"

    @property
    def uri(self) -> str:
        return urls.card_uri(self.name)

    @property
    def handbook_uri(self) -> str:
        """The handbook page of the stage or scenario, where every entry of the card is listed."""
        return urls.term_uri("stages" if self.kind == "stage" else "scenarios", self.term["id"])


def cards(catalog: Catalog) -> list[Card]:
    """Every card: the stages in call order, then the scenarios in taxonomy order."""
    order = {entry_id: i for i, entry_id in enumerate(catalog.entries)}
    stage_rank = {stage: i for i, stage in enumerate(catalog.vocab["stages"])}
    out: list[Card] = []
    for position, (stage_id, entries) in enumerate(catalog.group("stage").items(), 1):
        card = Card("stage", catalog.term("stages", stage_id), position)
        card.keys = _rank(catalog, [e for e in entries if e.verdict == "recommended"], order)[:MAX_KEYS]
        _fill(card, catalog, [e for e in entries if e.verdict == "prohibited"], order)
        out.append(card)
    for position, (scenario_id, entries) in enumerate(catalog.group("scenarios").items(), 1):
        card = Card("scenario", catalog.term("scenarios", scenario_id), position)
        card.keys = _scenario_keys(catalog, [e for e in entries if e.verdict == "recommended"], order, stage_rank)
        _fill(card, catalog, [e for e in entries if e.verdict == "prohibited"], order)
        out.append(card)
    return out


def card_pages(catalog: Catalog, renderer: Renderer | None = None) -> dict[str, Generated]:
    """{page path: Generated} for every card and the index of cards."""
    renderer = renderer or Renderer(catalog)
    built = renderer.today.isoformat()
    all_cards = cards(catalog)
    pages = {
        card.uri: Generated(renderer.render("card.md.j2", card.uri, card=card, built=built), None) for card in all_cards
    }
    stage_cards = [c for c in all_cards if c.kind == "stage"]
    scenario_cards = [c for c in all_cards if c.kind == "scenario"]
    pages[urls.CARDS] = Generated(
        renderer.render("cards-index.md.j2", urls.CARDS, stage_cards=stage_cards, scenario_cards=scenario_cards),
        None,
    )
    return pages


# Choosing ------------------------------------------------------------------


def _rank(catalog: Catalog, entries: list[Entry], order: dict[str, int]) -> list[Entry]:
    """Phone entries first, then those for the usual call (GENERAL scenarios), then the entries most often
    pointed to by others, then catalogue order."""

    def key(entry: Entry) -> tuple[bool, bool, int, int]:
        phone = PREFERRED_CHANNEL in entry.channels
        general = not GENERAL.isdisjoint(entry.scenarios)
        return (not phone, not general, -len(catalog.referrers.get(entry.id, [])), order[entry.id])

    return sorted(entries, key=key)


def _scenario_keys(
    catalog: Catalog, entries: list[Entry], order: dict[str, int], stage_rank: dict[str, int]
) -> list[Entry]:
    """Key phrases of a scenario card, shown in call order: one per stage, then a second per stage while
    fewer than MAX_KEYS. When the scenario spans more stages than that, the stages where it has the
    most entries are kept."""
    by_stage: dict[str, list[Entry]] = {}
    for entry in entries:
        by_stage.setdefault(entry.stage, []).append(entry)
    stages = sorted(by_stage, key=lambda s: (-len(by_stage[s]), stage_rank[s]))[:MAX_KEYS]
    ranked = {stage: _rank(catalog, by_stage[stage], order)[:PER_STAGE] for stage in stages}
    chosen = [found[0] for found in ranked.values()]
    for found in ranked.values():
        for extra in found[1:]:
            if len(chosen) < MAX_KEYS:
                chosen.append(extra)
    return sorted(chosen, key=lambda e: (stage_rank[e.stage], order[e.id]))


def _varied(prohibited: list[Entry], limit: int, order: dict[str, int]) -> list[Entry]:
    """At most `limit` prohibited entries, first those that each break a rule not yet shown, in catalogue order."""
    chosen: list[Entry] = []
    seen: set[str] = set()
    for entry in prohibited:
        broken = set(entry.data.get("breaks", []))
        if len(chosen) < limit and not broken <= seen:
            chosen.append(entry)
            seen |= broken
    ids = {e.id for e in chosen}
    chosen += [e for e in prohibited if e.id not in ids][: limit - len(chosen)]
    return sorted(chosen, key=lambda e: order[e.id])


def _fill(card: Card, catalog: Catalog, prohibited: list[Entry], order: dict[str, int]) -> None:
    """Set what never to say and the red lines of a card whose key phrases are chosen."""
    cited = {note["rule"] for entry in card.keys for note in entry.compliance}
    if prohibited:
        card.never_total = len(prohibited)
        card.never = _varied(prohibited, MAX_NEVER, order)
    else:
        # None of its own: the counter-examples that break a rule the key phrases respect,
        # those sharing the most rules first.
        shared = [(len(cited & set(e.data.get("breaks", []))), e) for e in catalog.entries.values()]
        shared = [(n, e) for n, e in shared if n and e.verdict == "prohibited"]
        shared.sort(key=lambda pair: (-pair[0], order[pair[1].id]))
        card.never = [e for _, e in shared[:MAX_RELATED_NEVER]]
        card.never_borrowed = True
    broken = {rule for entry in card.never for rule in entry.data.get("breaks", [])}
    card.rules = [rule for rule_id, rule in catalog.rules.items() if rule_id in cited | broken]
