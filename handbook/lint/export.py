"""The linter as data for the phrase checker page (docs/assets/checker.js)."""

from __future__ import annotations

from functools import cache
from typing import Any

from .cues import (
    DEFERRED,
    FRAMED,
    NEGATION,
    NOT_A_CUE,
    PROMISE,
    REPORTED_SPEECH,
    REPROACH,
    SOMEONE,
    SPEAKER,
    SPEECH_VERB,
    VERDICT,
    WARNED,
)
from .linter import Linter
from .subset import outside_subset
from .text import CLAUSE_END, QUOTES, fold_table

# ---------------------------------------------------------------------------
# The linter as data, for the phrase checker page
# ---------------------------------------------------------------------------

BROWSER_DATA_VERSION = 2  # 2: DEFERRED and each rule's deferrable


# No space or line break lies above U+3000 (ideographic space): scanning below this instead of all of
# Unicode saves 0.4 s per build. tests/unit/test_scale.py checks it against the full scan.
SPACE_LIMIT = 0x3001


@cache
def _python_whitespace() -> str:
    """The characters str.strip() removes (str.isspace), so the page skips the same blank lines."""
    return "".join(chr(code) for code in range(SPACE_LIMIT) if chr(code).isspace())


@cache
def _line_breaks() -> str:
    """The characters str.splitlines() splits at (besides \\r\\n, which counts as one break)."""
    return "".join(chr(code) for code in range(SPACE_LIMIT) if len(f"a{chr(code)}b".splitlines()) == 2)


def browser_data(linter: Linter) -> dict[str, Any]:
    """Everything docs/assets/checker.js needs to read phrases exactly as `linter` does: each rule's
    compiled patterns (terms expanded, Traditional made Simplified, `.` kept in the clause) with their
    anchors, its joined exceptions and `negatable`; the cue regexes and sets; the fold table of
    `normalise`; and what str.splitlines() and str.strip() treat as line breaks and spaces.

    Every regular expression here is checked against the shared subset (a ValueError names one that is
    not), so JavaScript's RegExp with the `u` flag reads each one as Python's re does.
    """
    fold = fold_table()
    mapped = sorted((source, target) for source, target in fold.items() if target is not None)
    data: dict[str, Any] = {
        "version": BROWSER_DATA_VERSION,
        "rules": [
            {
                "id": rule.id,
                "title": rule.title,
                "severity": rule.severity,
                "negatable": rule.negatable,
                "framable": rule.framable,
                "deferrable": rule.deferrable,
                "patterns": [[p.pattern, sorted(found) if found is not None else None] for found, p in rule.patterns],
                "exceptions": rule.exceptions.pattern if rule.exceptions else None,
            }
            for rule in linter.rules
        ],
        "negation": NEGATION.pattern,
        "promise": PROMISE.pattern,
        "reported_speech": REPORTED_SPEECH.pattern,
        "speaker": SPEAKER,
        "framed": FRAMED.pattern,
        "reproach": REPROACH.pattern,
        "verdict": VERDICT.pattern,
        "deferred": DEFERRED.pattern,
        "someone": SOMEONE.pattern,
        "warned": WARNED.pattern,
        "speech_verb": SPEECH_VERB.pattern,
        "not_a_cue": sorted(NOT_A_CUE),
        "quotes": QUOTES,
        "clause_end": CLAUSE_END,
        "fold": {
            "from": "".join(chr(source) for source, _target in mapped),
            "to": "".join(chr(target) for _source, target in mapped),
            "drop": "".join(sorted(chr(source) for source, target in fold.items() if target is None)),
        },
        "space": _python_whitespace(),
        "line_breaks": _line_breaks(),
    }
    regexes = [
        data[key]
        for key in (
            "negation",
            "promise",
            "reported_speech",
            "speech_verb",
            "framed",
            "reproach",
            "verdict",
            "deferred",
        )
    ]
    for rule in data["rules"]:
        regexes += [source for source, _anchors in rule["patterns"]]
        regexes += [rule["exceptions"]] if rule["exceptions"] else []
    for source in regexes:
        problem = outside_subset(source)
        if problem is not None:
            raise ValueError(f"{source[:80]!r} is outside the shared regex subset: {problem}")
    return data
