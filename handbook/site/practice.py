"""Practice rounds for the training page, derived from the exported catalogue.

A round is one line a borrower says (an entry's `borrower` list) in the stage of that entry, and
three replies to choose from:

- right: the recommended answer, the line's inline `reply` (of a recommended entry) or the phrase of
  the recommended entry its `ref` names;
- prohibited: the phrase of a prohibited counter-example, from the same stage where there is one;
- wrong stage: the phrase of a recommended entry from another stage (neither the line's stage nor
  the right answer's), which is lawful but does not answer what the borrower just said.

The choices are made here, at build time and reproducibly (a hash of the round id picks among the
candidates), from `handbook.site.export.export_catalog`'s versioned shape, so the page reads the same data
other systems get. `page_data` adds what the page shows after a choice (titles, notes, rules with
their first citation, links) as tables the rounds point into, and `render.embed` turns it into the text of
a `<script type="application/json">` element. the `practice` page set (handbook/site/pagesets.py) puts it into the page.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from typing import Any

from handbook.catalog import legal

from . import urls

DATA_VERSION = 1
SESSION = 10  # questions in one run of the page
MAX_ROUNDS = 400  # rounds on the page at most, however large the catalogue


def build_rounds(export: dict[str, Any], limit: int = MAX_ROUNDS) -> list[dict[str, Any]]:
    """The playable rounds, in catalogue order: borrower lines whose right answer is recommended and for
    which a prohibited and a wrong-stage option exist. Lines repeated with the same answer count once.
    A large catalogue gives at most `limit` rounds, spread evenly over it: enough for many sessions,
    and the page and its build stay the same size however many entries there are."""
    entries = {e["id"]: e for e in export["entries"]}
    recommended: dict[str, list[dict[str, Any]]] = {t["id"]: [] for t in export["taxonomy"]["stages"]}
    prohibited: dict[str, list[dict[str, Any]]] = {t["id"]: [] for t in export["taxonomy"]["stages"]}
    for entry in export["entries"]:
        if entry["verdict"] in ("recommended", "prohibited"):
            (recommended if entry["verdict"] == "recommended" else prohibited)[entry["stage"]].append(entry)
    every_prohibited = [e for pool in prohibited.values() for e in pool]
    lines = []
    seen: set[tuple[str, str]] = set()
    for holder in export["entries"]:
        for index, line in enumerate(holder.get("borrower", [])):
            if "ref" in line:
                answer = entries.get(line["ref"])
                if answer is None or answer["verdict"] != "recommended":
                    continue
                text = answer["phrase"]
            else:
                if holder["verdict"] != "recommended":
                    continue
                answer, text = holder, line["reply"]
            if (line["says"], text) not in seen:
                seen.add((line["says"], text))
                lines.append((holder, index, line, answer, text))
    step = max(1, -(-len(lines) // limit))
    rounds: list[dict[str, Any]] = []
    for holder, index, line, answer, text in lines[::step]:
        round_id = f"{holder['id']}#{index}"
        bad = _pick(round_id, _prohibited_candidates(holder, prohibited[holder["stage"]], every_prohibited))
        wrong = _wrong_stage(round_id, holder, answer, text, recommended)
        if bad is None or wrong is None:
            continue
        rounds.append(
            {
                "id": round_id,
                "stage": holder["stage"],
                "context": holder["id"],
                "says": line["says"],
                "right": {"entry": answer["id"], "text": text},
                "prohibited": bad["id"],
                "wrong": wrong["id"],
            }
        )
    return rounds


def page_data(export: dict[str, Any], href: Callable[[str], str]) -> dict[str, Any]:
    """The rounds and the tables their explanations draw on; `href(docs path)` gives a link from the page."""
    rounds = build_rounds(export)
    entries = {e["id"]: e for e in export["entries"]}
    rules = {r["id"]: r for r in export["rules"]}
    sources = {s["id"]: s for s in export["sources"]}
    used: dict[str, dict[str, Any]] = {}
    used_rules: set[str] = set()

    def add(entry_id: str, **extra: Any) -> None:
        entry = entries[entry_id]
        item = used.setdefault(
            entry_id,
            {
                "title": entry["title"],
                "stage": entry["stage"],
                "phrase": entry["phrase"],
                "url": href(urls.entry_uri(entry_id)),
            },
        )
        item.update(extra)

    for r in rounds:
        answer = entries[r["right"]["entry"]]
        notes = [[n["rule"], n["note"]] for n in answer["compliance"]]
        used_rules.update(rule for rule, _ in notes)
        add(answer["id"], notes=notes)
        add(r["context"])
        add(r["wrong"])
        bad = entries[r["prohibited"]]
        add(bad["id"], breaks=list(bad["breaks"]), alternative=bad["alternative"])
        add(bad["alternative"])
        used_rules.update(bad["breaks"])
    return {
        "version": DATA_VERSION,
        "session": SESSION,
        "stages": [
            {"id": t["id"], "title": t["title"], "description": t["description"]} for t in export["taxonomy"]["stages"]
        ],
        "rules": {
            rule_id: {
                "title": rules[rule_id]["title"],
                "forbids": rules[rule_id]["forbids"],
                "citation": legal.basis_text(sources, rules[rule_id]),
                "url": href(urls.rule_uri(rule_id)),
            }
            for rule_id in sorted(used_rules)
        },
        "entries": used,
        "rounds": rounds,
    }


# Helpers ------------------------------------------------------------------


def _pick(key: str, candidates: list[dict[str, Any]]) -> dict[str, Any] | None:
    """One of `candidates`, the same for the same key on every build."""
    if not candidates:
        return None
    return candidates[zlib.crc32(key.encode("utf-8")) % len(candidates)]


def _prohibited_candidates(
    holder: dict[str, Any], same_stage: list[dict[str, Any]], every: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Counter-examples of the line's stage (those sharing a scenario with it first), else of any stage."""
    scenarios = set(holder["scenarios"])
    for pool in (same_stage, every):
        close = [e for e in pool if scenarios & set(e["scenarios"])]
        if close or pool:
            return close or pool
    return []


def _wrong_stage(
    key: str, holder: dict[str, Any], answer: dict[str, Any], text: str, by_stage: dict[str, list[dict[str, Any]]]
) -> dict[str, Any] | None:
    """A recommended entry of a stage that is neither the line's nor the answer's, and that the line's
    entry does not point at (its related entries and borrower refs may answer the line too); chosen
    by `key` the same way on every build, without looking at every entry."""
    stages = [s for s, pool in by_stage.items() if pool and s not in (holder["stage"], answer["stage"])]
    near = {holder["id"], answer["id"], *holder.get("related", []), *answer.get("related", [])}
    near.update(line["ref"] for line in holder.get("borrower", []) if "ref" in line)
    start = zlib.crc32(key.encode("utf-8"))
    for turn in range(len(stages)):
        pool = by_stage[stages[(start + turn) % len(stages)]]
        for offset in range(len(pool)):
            entry = pool[(start + offset) % len(pool)]
            if entry["id"] not in near and entry["phrase"] != text:
                return entry
    return None
