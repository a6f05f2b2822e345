"""What the 通话质检 page (docs/assets/audit.js) needs to audit calls as `handbook audit` does.

The page runs the same algorithm in the browser, so nothing it reads may be written twice: the speaker
labels, the transcript and log formats, the conversation's cues, the checks and their lawful entries, the
masking patterns of the personal-data rule, the log's columns and limits, and every sentence a finding
says come from here, exported when the handbook is built (handbook/site/auditpage.py embeds them).

Each regular expression is exported as [source, flags] for JavaScript's RegExp with the `u` flag: named
groups are written `(?<name>…)`, as JavaScript spells them; the rest is inside the subset both engines
read alike (`handbook.lint.outside_subset`, tested in tests/unit/test_audit_browser.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from handbook.catalog import Catalog

from . import calllog, calls, conversation
from .auditor import ANSWERED, LOG_MESSAGES, MORE, SEVERITIES, THIRD_PARTY, TURN_EXEMPT, WHOM, Auditor, rule_title
from .report import FORMAT, TABLE_ROWS, WEEKDAYS, WEIGHT, WORST

CUES = (
    "NOT_BORROWER",
    "CONFIRMS",
    "DISPUTES",
    "DISTRESS",
    "ASKS_IDENTITY",
    "AMOUNT",
    "RECORDING",
    "ASKS_PAYMENT",
    "OFFICIAL_CHANNEL",
    "URGES",
    "BRUSHES_OFF",
    "VERIFIES",
    "STOPS",
)


def js_regex(pattern: re.Pattern[str]) -> list[str]:
    """[source, flags] of a compiled pattern for JavaScript (the `u` flag is added by the page)."""
    flags = "i" if pattern.flags & re.IGNORECASE else ""
    return [pattern.pattern.replace("(?P<", "(?<"), flags]


def patterns() -> dict[str, list[str]]:
    """Every pattern of the transcript reader and the conversation, by name (for the page and the test)."""
    out = {
        "call": js_regex(calls._CALL),
        "turn": js_regex(calls._TURN),
        "time": js_regex(calls._TIME),
        "DISCLOSES": js_regex(conversation.DISCLOSES),
    }
    out.update({name: js_regex(getattr(conversation, name)) for name in CUES})
    return out


def browser_data(auditor: Auditor, href: Callable[[str], str], rule_url: Callable[[str], str]) -> dict[str, Any]:
    """The page's data; `href(entry id)` and `rule_url(rule id)` are links relative to the page."""
    catalog = auditor.catalog
    limits = calllog.Limits.of(catalog)
    alternatives = _alternatives(catalog)
    named = (
        set(alternatives.values())
        | set(auditor.usual.values())
        | {c.entry for c in conversation.CHECKS.values()}
        | {entry for _r, _s, entry in Auditor.LOG_CHECKS.values()}
    )
    rules = sorted(
        set(catalog.rules)
        | {c.rule for c in conversation.CHECKS.values()}
        | {rule for rule, _s, _e in Auditor.LOG_CHECKS.values()}
    )
    return {
        "format": FORMAT,
        "speakers": {"agent": list(calls.AGENT_LABELS), "customer": list(calls.CUSTOMER_LABELS)},
        "json_suffixes": list(calls.JSON_SUFFIXES),
        "patterns": patterns(),
        "checks": {c.id: asdict(c) for c in conversation.CHECKS.values()},
        "mask": [js_regex(p) for p in auditor.mask.patterns],
        "exempt": sorted(TURN_EXEMPT),
        "third_party": THIRD_PARTY,
        "severities": list(SEVERITIES),
        "weight": WEIGHT,
        "weekdays": list(WEEKDAYS),
        "worst": WORST,
        "table_rows": TABLE_ROWS,
        "log": {
            "columns": {k: list(v) for k, v in calllog.COLUMNS.items()},
            "required": list(calllog.REQUIRED),
            "yes": sorted(calllog.YES),
            "no": sorted(calllog.NO),
            "checks": {k: list(v) for k, v in Auditor.LOG_CHECKS.items()},
            "limits": {
                "quiet_from": limits.quiet_from.strftime("%H:%M"),
                "quiet_until": limits.quiet_until.strftime("%H:%M"),
                "per_day": limits.per_day,
                "burst_attempts": limits.burst_attempts,
                "burst_minutes": limits.burst_minutes,
            },
        },
        "messages": {"more": MORE, "log": LOG_MESSAGES, "answered": ANSWERED, "whom": list(WHOM)},
        "rules": {
            rule: {
                "title": rule_title(catalog, rule),
                "citation": auditor.citation(rule),
                "url": rule_url(rule),
            }
            for rule in rules
        },
        "entries": {  # the lawful entries a finding can name: [title, link]
            entry_id: [title, href(entry_id)]
            for entry_id in sorted(named)
            for found, title in [auditor.entry(entry_id)]
            if found
        },
        "alternatives": alternatives,
        "usual": auditor.usual,
    }


def _alternatives(catalog: Catalog) -> dict[str, str]:
    """Each counter-example's lawful alternative, for a turn the nearest counter-example names."""
    return {
        entry.id: str(entry.data["alternative"])
        for entry in catalog.entries.values()
        if entry.verdict == "prohibited" and entry.data.get("alternative")
    }
