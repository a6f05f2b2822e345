"""A rule's patterns compiled: word lists expanded, `.` kept inside a clause, and the literal anchors a
match must contain (what lets the linter skip most patterns for most texts)."""

from __future__ import annotations

import re
import re._constants as _re_constants  # the parser behind re
import re._parser as _re_parser
from dataclasses import dataclass
from typing import Any

from .text import CLAUSE_END, traditional_to_simplified

# ---------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CompiledRule:
    id: str
    title: str
    severity: str
    patterns: list[tuple[frozenset[str] | None, re.Pattern[str]]]  # (anchors, pattern): see `anchors`
    exceptions: re.Pattern[str] | None
    negatable: bool
    framable: bool = True
    deferrable: bool = True  # a claim deferred to the court or contract after the match excuses it (cues.DEFERRED)


TERM = re.compile(r"<([a-z][a-z0-9-]*)>")
# In patterns `.` stays inside one clause: it matches anything but clause punctuation.
IN_CLAUSE = "[^" + "".join(sorted(set(CLAUSE_END))).replace("\n", "\\n") + "]"


_REGEX_SYNTAX = set("\\.^$*+?{}[]()|")


def is_pattern(word: str) -> bool:
    """Whether a word of a term list is written as a pattern (it holds regex syntax) rather than as plain text."""
    return bool(_REGEX_SYNTAX & set(word))


def alternation(words: list[str]) -> str:
    """`(?:w1|w2|…)`, with the plain words folded into a trie (家(?:人|属)|…).

    A regex engine tries the branches of an alternation one by one at every position; sharing the
    prefixes makes a list of a hundred words cost little more than a few. Entries that are already
    patterns are kept as they are. The longest word wins where one is a prefix of another.
    """
    plain = [w for w in words if not is_pattern(w)]
    patterns = [w for w in words if is_pattern(w)]
    trie: dict[str, dict] = {}
    for word in plain:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        # a plain word holds no regex syntax, so its characters stand for themselves; re.escape would
        # add escapes (\-, \&, \~, \#) that JavaScript's Unicode mode rejects
        branches = [char + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    parts = ([build(trie)] if trie else []) + patterns
    return "(?:" + "|".join(parts) + ")"


def _dots_in_clause(pattern: str) -> str:
    """Each `.` outside a character class and not escaped, replaced by IN_CLAUSE."""
    out, in_class, escaped = [], False, False
    for char in pattern:
        if escaped:
            out.append(char)
            escaped = False
        elif char == "\\":
            out.append(char)
            escaped = True
        elif char == "[":
            in_class = True
            out.append(char)
        elif char == "]":
            in_class = False
            out.append(char)
        else:
            out.append(IN_CLAUSE if char == "." and not in_class else char)
    return "".join(out)


def expand(pattern: str, terms: dict[str, list[str]]) -> str:
    """A pattern ready to compile: each <term> replaced by the alternation of its words, Traditional
    characters made Simplified, and each `.` kept inside one clause.

    Unknown terms are left as they are (the validator reports them).
    """

    def word_list(match: re.Match[str]) -> str:
        words = terms.get(match.group(1))
        return alternation(words) if words else match.group(0)

    table = traditional_to_simplified()
    return _dots_in_clause("".join(table.get(char, char) for char in TERM.sub(word_list, pattern)))


def _join(patterns: list[str], terms: dict[str, list[str]]) -> re.Pattern[str] | None:
    """All patterns as one alternation (for exceptions, where only "any match" matters)."""
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{expand(p, terms)})" for p in patterns))


def anchors(pattern: str) -> frozenset[str] | None:
    """Literal strings one of which every match of `pattern` must contain, or None if none can be told.

    Any element of the pattern that is not optional yields them when it starts with literals: a
    literal, or an alternation whose every branch starts with literals. The linter tries a pattern only on text
    that contains one of its anchors, which spares most patterns most of the time.
    """
    try:
        parsed = list(_re_parser.parse(pattern))
    except re.error:
        return None
    # every element that is not optional and starts with literals yields a valid set; the one with
    # the longest shortest member is the most selective
    candidates: list[set[str]] = [found for op, value in parsed if (found := _prefixes(op, value))]
    if not candidates:
        return None

    def selectivity(found: set[str]) -> tuple[int, int]:
        return min(map(len, found)), -len(found)

    best = max(candidates, key=selectivity)
    return frozenset(best)


def _prefixes(op: Any, value: Any) -> set[str] | None:
    """The literal prefixes an element always starts with (None when it need not start with one)."""
    if op is _re_constants.LITERAL:
        return {chr(value)}
    if op is _re_constants.SUBPATTERN:
        return _sequence_prefixes(list(value[-1]))
    if op is _re_constants.BRANCH:
        out: set[str] = set()
        for branch in value[1]:
            found = _sequence_prefixes(list(branch))
            if not found:
                return None
            out |= found
        return out
    if op in (_re_constants.MAX_REPEAT, _re_constants.MIN_REPEAT) and value[0] >= 1:
        return _sequence_prefixes(list(value[2]))
    return None


def _sequence_prefixes(items: list[tuple[Any, Any]]) -> set[str] | None:
    text = ""
    for op, value in items:
        if op is not _re_constants.LITERAL:
            break
        text += chr(value)
    if text:
        return {text}
    return _prefixes(*items[0]) if items else None


def compile_rule(rule: dict[str, Any], terms: dict[str, list[str]]) -> CompiledRule:
    compiled = [re.compile(expand(p, terms)) for p in rule.get("patterns", [])]
    return CompiledRule(
        id=rule["id"],
        title=rule["title"],
        severity=rule["severity"],
        patterns=[(anchors(p.pattern), p) for p in compiled],
        exceptions=_join(rule.get("exceptions", []), terms),
        negatable=rule.get("negatable", True),
        framable=rule.get("framable", True),
        deferrable=rule.get("deferrable", True),
    )
