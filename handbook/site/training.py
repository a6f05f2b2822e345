"""What trainers and team leads read: the call-flow map, scenario dialogues and the red-line matrix.

Everything is derived from the catalogue at build time:

- `flow_map` lays the call out for a static SVG (templates/flow-map.svg.j2 draws it): the stages in
  call order, and beside each stage the borrower's typical replies, each leading to the entry that
  answers it. Every box is a link.
- `dialogue` assembles, for one borrower situation (scenario), an example call from the entries that
  fit it: the collector's line, the borrower's reply, the collector's answer, stage after stage.
- `redline_matrix` counts, per red line and stage, the entries that respect the rule and the
  counter-examples that break it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from handbook.catalog import Catalog, Entry

from . import urls

# The map's geometry, in SVG user units (the SVG scales to the width of the page).
WIDTH = 960
BOX_H = 46
GAP = 10  # between the replies of one stage
ROW_GAP = 34  # between two stages, room for the arrow
STAGE_X, STAGE_W = 8, 196
SAYS_X, SAYS_W = 262, 330
ANSWER_X, ANSWER_W = 636, 316
FONT = 14
BRANCHES = 3  # borrower replies shown per stage
ALWAYS = ("opening", "closing")  # stages every example call has, with a general entry if need be
GENERAL = "routine"  # the scenario of entries that suit any call


@dataclass(frozen=True)
class Branch:
    """A borrower's line in one stage and the entry whose words answer it."""

    says: str
    answer: Entry
    source: Entry  # the entry that lists the line


@dataclass(frozen=True)
class Line:
    """One line of an example dialogue."""

    speaker: str  # "collector" or "borrower"
    text: str
    entry: Entry  # the entry the words come from (for the borrower: the entry that lists the line)
    note: dict[str, str] | None = None  # the compliance note that matters for this line


def usable_by(catalog: Catalog) -> dict[tuple[str, str | None], list[Entry]]:
    """The usable (not prohibited) entries of each stage, for each scenario and for none, in catalogue order.

    Made once per catalogue: 25 maps and 24 dialogues each look at every stage, and scanning all entries
    for each would make these few pages cost more than the thousands of entry pages."""
    cached = _USABLE.get(id(catalog))
    if cached is None or cached[0] is not catalog:
        index: dict[tuple[str, str | None], list[Entry]] = defaultdict(list)
        for entry in catalog.entries.values():
            if entry.verdict != "prohibited":
                index[(entry.stage, None)].append(entry)
                for scenario in entry.scenarios:
                    index[(entry.stage, scenario)].append(entry)
        _USABLE.clear()
        cached = _USABLE[id(catalog)] = (catalog, dict(index))
    return cached[1]


_USABLE: dict[int, tuple[Catalog, dict[tuple[str, str | None], list[Entry]]]] = {}


def usable(entry: Entry, scenario: str | None = None) -> bool:
    return entry.verdict != "prohibited" and (scenario is None or scenario in entry.scenarios)


def branches(catalog: Catalog, stage: str, scenario: str | None = None, limit: int = BRANCHES) -> list[Branch]:
    """The borrower's typical replies in `stage`: lines that lead to an entry of their own first, each answer once."""
    entries = usable_by(catalog).get((stage, scenario), [])
    out: list[Branch] = []
    seen: set[str] = set()
    for want_ref in (True, False):
        for entry in entries:
            for line in entry.data.get("borrower", []):
                if ("ref" in line) != want_ref:
                    continue
                answer = catalog.entries[line["ref"]] if want_ref else entry
                if not usable(answer) or answer.id in seen:
                    continue
                seen.add(answer.id)
                out.append(Branch(line["says"], answer, entry))
                if len(out) == limit:
                    return out
    return out


# The map -------------------------------------------------------------------------------------------


def _fit(text: str, width: float, size: int = FONT) -> str:
    """`text` cut with … to fit `width` units at font `size` (CJK characters one em, others about half)."""
    room, out = width / size, ""
    for char in text:
        room -= 1.0 if ord(char) > 0x2E7F else 0.56
        if room < 1.0:
            return out + "…"
        out += char
    return out


@dataclass(frozen=True)
class Box:
    """A linked box of the map: where it stands, its two lines of text (already cut to fit) and its tooltip."""

    href: str
    x: int
    y: int
    width: int
    css: str
    label: str
    detail: str
    tip: str
    kind: str = "box"


@dataclass(frozen=True)
class Edge:
    """An arrow of the map, as SVG path data."""

    css: str
    d: str
    kind: str = "edge"


@dataclass
class FlowMap:
    """The call-flow map laid out: what templates/flow-map.svg.j2 draws, in drawing order."""

    name: str  # unique on the page: the arrowhead marker's id
    title: str
    width: int
    height: int
    box_height: int
    parts: list[Box | Edge]


def flow_map(catalog: Catalog, url: Callable[[str], str], scenario: str | None = None, name: str = "all") -> FlowMap:
    """The call-flow map laid out; `url(docs path)` gives each box's link from the page."""
    pools = usable_by(catalog)
    stages = [s for s in catalog.vocab["stages"] if pools.get((s, scenario))]
    parts: list[Box | Edge] = []
    y = 8
    for index, stage_id in enumerate(stages):
        stage = catalog.vocab["stages"][stage_id]
        found = branches(catalog, stage_id, scenario)
        rows = max(1, len(found))
        height = rows * BOX_H + (rows - 1) * GAP
        stage_y = y + (height - BOX_H) / 2
        count = len(pools[(stage_id, scenario)])
        parts.append(
            _box(
                url(urls.term_uri("stages", stage_id)),
                STAGE_X,
                stage_y,
                STAGE_W,
                "hb-flow__stage",
                f"{index + 1}. {stage['title']}",
                f"{count} 条可用话术",
                f"{stage['title']}：{stage.get('description', '')}",
            )
        )
        for i, branch in enumerate(found):
            top = y + i * (BOX_H + GAP)
            middle = top + BOX_H / 2
            start = (STAGE_X + STAGE_W, stage_y + BOX_H / 2)
            bend = (start[0] + SAYS_X) / 2
            parts.append(
                Edge(
                    "hb-flow__edge",
                    f"M{start[0]:.0f} {start[1]:.0f} C{bend:.0f} {start[1]:.0f} {bend:.0f} {middle:.0f} "
                    f"{SAYS_X - 4} {middle:.0f}",
                )
            )
            parts.append(
                _box(
                    url(urls.entry_uri(branch.source.id)),
                    SAYS_X,
                    top,
                    SAYS_W,
                    "hb-flow__says",
                    f"借款人：「{branch.says}」",
                    f"出自：{branch.source.title}",
                    f"借款人可能说：{branch.says}",
                )
            )
            parts.append(Edge("hb-flow__edge", f"M{SAYS_X + SAYS_W} {middle:.0f} H{ANSWER_X - 4}"))
            elsewhere = branch.answer.stage != stage_id
            where = f"（{catalog.vocab['stages'][branch.answer.stage]['title']}）" if elsewhere else ""
            parts.append(
                _box(
                    url(urls.entry_uri(branch.answer.id)),
                    ANSWER_X,
                    top,
                    ANSWER_W,
                    f"hb-flow__answer hb-flow__answer--{branch.answer.verdict}",
                    f"这样接：{branch.answer.title}",
                    f"见条目{where}",
                    f"回应：{branch.answer.title}",
                )
            )
        y += height
        if index < len(stages) - 1:
            x = STAGE_X + STAGE_W / 2
            parts.append(Edge("hb-flow__edge hb-flow__next", f"M{x:.0f} {stage_y + BOX_H:.0f} V{y + ROW_GAP - 4:.0f}"))
            y += ROW_GAP
    title = "通话流程图" + (f"：{catalog.vocab['scenarios'][scenario]['title']}" if scenario else "")
    return FlowMap(f"hb-arrow-{name}", title, WIDTH, y + 8, BOX_H, parts)


def _box(href: str, x: float, y: float, width: int, css: str, label: str, detail: str, tip: str) -> Box:
    return Box(href, int(x), round(y), width, css, _fit(label, width - 20), _fit(detail, width - 20, 12), tip)


# Dialogues -----------------------------------------------------------------------------------------


def dialogue(catalog: Catalog, scenario: str) -> list[tuple[dict[str, Any], list[Line]]]:
    """An example call for `scenario`: per stage that has a recommended entry for it, the collector's line,
    the borrower's reply and the collector's answer (when the entry lists one). The opening and the
    closing come from general (routine) entries when the scenario has none of its own."""
    index = usable_by(catalog)
    out = []
    for stage_id, stage in catalog.vocab["stages"].items():
        pool = [e for e in index.get((stage_id, scenario), []) if e.verdict == "recommended"]
        if not pool and stage_id in ALWAYS:  # every call opens and closes: a general entry will do
            pool = [e for e in index.get((stage_id, GENERAL), []) if e.verdict == "recommended"]
        if not pool:
            continue
        # the first phone entry with a borrower's line, in catalogue order (min keeps the first of equals)
        pick = min(pool, key=lambda e: ("phone" not in e.channels, not e.data.get("borrower")))
        lines = [Line("collector", pick.phrase, pick, _note(pick))]
        reply = _reply(catalog, pick, scenario)
        if reply is not None:
            says, answer, text = reply
            lines.append(Line("borrower", says, pick))
            lines.append(Line("collector", text, answer, _note(answer) if answer is not pick else None))
        out.append((stage, lines))
    return out


def _reply(catalog: Catalog, entry: Entry, scenario: str) -> tuple[str, Entry, str] | None:
    """(borrower's line, answering entry, answer text): a line answered by an entry of the same scenario first."""
    options = []
    for line in entry.data.get("borrower", []):
        if "ref" in line:
            target = catalog.entries[line["ref"]]
            if usable(target):
                options.append((0 if scenario in target.scenarios else 1, line["says"], target, target.phrase))
        else:
            options.append((2, line["says"], entry, line["reply"]))
    if not options:
        return None
    _rank, says, answer, text = min(options, key=lambda o: o[0])
    return says, answer, text


def _note(entry: Entry) -> dict[str, str] | None:
    notes = entry.data.get("compliance", [])
    return notes[0] if notes else None


def counter_examples(catalog: Catalog, scenario: str) -> list[Entry]:
    """The prohibited entries filed under `scenario`."""
    return [e for e in catalog.entries.values() if e.verdict == "prohibited" and scenario in e.scenarios]


# The red-line matrix -------------------------------------------------------------------------------


def redline_matrix(catalog: Catalog) -> dict[str, dict[str, tuple[int, int]]]:
    """{rule id: {stage id: (entries respecting it, counter-examples breaking it)}}, every rule and stage."""
    out = {}
    for rule, use in catalog.rule_use.items():
        respect = Counter(e.stage for e in use.usable)
        breaks = Counter(e.stage for e in use.breaking)
        out[rule] = {stage: (respect[stage], breaks[stage]) for stage in catalog.vocab["stages"]}
    return out
