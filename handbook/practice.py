"""Practice rounds for the training page, derived from the exported catalogue.

A round is one line a borrower says (an entry's `borrower` list) in the stage of that entry, and
three replies to choose from:

- right: the recommended answer, the line's inline `reply` (of a recommended entry) or the phrase of
  the recommended entry its `ref` names;
- prohibited: the phrase of a prohibited counter-example, from the same stage where there is one;
- wrong stage: the phrase of a recommended entry from another stage (neither the line's stage nor
  the right answer's), which is lawful but does not answer what the borrower just said.

The choices are made here, at build time and reproducibly (a hash of the round id picks among the
candidates), from `handbook.export.export_catalog`'s versioned shape, so the page reads the same data
other systems get. `page_data` adds what the page shows after a choice (titles, notes, rules with
their first citation, links) as tables the rounds point into, and `embed` turns it into the text of
a `<script type="application/json">` element. hooks/practice.py puts it into the practice page.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable
from typing import Any

DATA_VERSION = 1
SESSION = 10  # questions in one run of the page


def build_rounds(export: dict[str, Any]) -> list[dict[str, Any]]:
    """Every playable round, in catalogue order: a borrower line whose right answer is recommended and
    for which a prohibited and a wrong-stage option exist. Lines repeated with the same answer count once."""
    entries = {e["id"]: e for e in export["entries"]}
    recommended = [e for e in export["entries"] if e["verdict"] == "recommended"]
    prohibited = [e for e in export["entries"] if e["verdict"] == "prohibited"]
    rounds: list[dict[str, Any]] = []
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
            if (line["says"], text) in seen:
                continue
            round_id = f"{holder['id']}#{index}"
            bad = _pick(round_id, _prohibited_candidates(holder, prohibited))
            wrong = _pick(round_id, _wrong_stage_candidates(holder, answer, text, recommended))
            if bad is None or wrong is None:
                continue
            seen.add((line["says"], text))
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
                "url": href(f"entries/{entry_id}.md"),
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
                "citation": citation_text(rules[rule_id], sources),
                "url": href(f"redlines/{rule_id.lower()}.md"),
            }
            for rule_id in sorted(used_rules)
        },
        "entries": used,
        "rounds": rounds,
    }


def citation_text(rule: dict[str, Any], sources: dict[str, dict[str, Any]]) -> str:
    """A rule's first citation as text: 《source title》 and the article, if any."""
    if not rule.get("citations"):
        return ""
    citation = rule["citations"][0]
    source = sources.get(citation["source"], {"title": citation["source"]})
    return f"《{source['title']}》{citation.get('article', '')}"


def embed(data: dict[str, Any]) -> str:
    """`data` as one line of JSON that is safe inside a <script> element and a Markdown raw HTML block:
    `<`, `>` and `&` are written as \\u escapes, so no `</script>` or `<!--` can occur."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# Helpers ------------------------------------------------------------------


def _pick(key: str, candidates: list[dict[str, Any]]) -> dict[str, Any] | None:
    """One of `candidates`, the same for the same key on every build."""
    if not candidates:
        return None
    return candidates[zlib.crc32(key.encode("utf-8")) % len(candidates)]


def _prohibited_candidates(holder: dict[str, Any], prohibited: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Counter-examples of the line's stage (those sharing a scenario with it first), else of any stage."""
    scenarios = set(holder["scenarios"])
    same_stage = [e for e in prohibited if e["stage"] == holder["stage"]]
    for pool in (same_stage, prohibited):
        close = [e for e in pool if scenarios & set(e["scenarios"])]
        if close or pool:
            return close or pool
    return []


def _wrong_stage_candidates(
    holder: dict[str, Any], answer: dict[str, Any], text: str, recommended: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Recommended entries of a stage that is neither the line's nor the answer's, and that the line's
    entry does not point at (its related entries and borrower refs may answer the line too)."""
    stages = {holder["stage"], answer["stage"]}
    near = {holder["id"], answer["id"], *holder.get("related", []), *answer.get("related", [])}
    near.update(line["ref"] for line in holder.get("borrower", []) if "ref" in line)
    return [e for e in recommended if e["stage"] not in stages and e["id"] not in near and e["phrase"] != text]
