"""The linter: which rules a phrase crosses, and where (`Linter.check`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from operator import add
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
    VERDICT,
    WARNED,
)
from .patterns import CompiledRule, compile_rule
from .text import QUOTES, clause_bounds, mask_quotes, normalise


@dataclass(frozen=True)
class Finding:
    """One rule crossed by one line: `line`, `rule`, `severity`, the original `match` and a `message`."""

    line: int
    rule: str
    severity: str
    match: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __str__(self) -> str:
        return f"{self.line}: {self.rule} {self.severity}: {self.message} «{self.match}»"


class Linter:
    """Checks text against red-line rules (the `rules` of redlines.yml, with its shared `terms`)."""

    def __init__(
        self, rules: list[dict[str, Any]] | dict[str, dict[str, Any]], terms: dict[str, list[str]] | None = None
    ) -> None:
        items = rules.values() if isinstance(rules, dict) else rules
        self.terms = terms or {}
        self.rules = [compile_rule(r, self.terms) for r in items]
        # Every pattern gets a number, in rule order. Patterns with anchors are tried only when one of
        # them occurs in the text; the others always. Anchors are looked up by their first character
        # (one-character anchors) or their first two (the rest), so a text is read once for each.
        self._patterns = [(rule, pattern) for rule in self.rules for _found, pattern in rule.patterns]
        self._always: set[int] = set()
        one: dict[str, set[int]] = {}
        two: dict[str, tuple[set[int], dict[str, set[int]]]] = {}
        number = 0
        for rule in self.rules:
            for found, _pattern in rule.patterns:
                if found is None:
                    self._always.add(number)
                for anchor in found or ():
                    if len(anchor) == 1:
                        one.setdefault(anchor, set()).add(number)
                    else:
                        exact, longer = two.setdefault(anchor[:2], (set(), {}))
                        (exact if len(anchor) == 2 else longer.setdefault(anchor, set())).add(number)
                number += 1
        self._one = {char: frozenset(numbers) for char, numbers in one.items()}
        self._two = {
            pair: (frozenset(exact), tuple((anchor, frozenset(numbers)) for anchor, numbers in longer.items()))
            for pair, (exact, longer) in two.items()
        }
        self._one_keys, self._two_keys = frozenset(self._one), frozenset(self._two)

    def _candidates(self, text: str) -> list[int]:
        """The numbers of the patterns worth trying on `text`, in rule order."""
        chosen = set(self._always)
        for char in self._one_keys.intersection(text):
            chosen |= self._one[char]
        for pair in self._two_keys.intersection(map(add, text, text[1:])):
            exact, longer = self._two[pair]
            chosen |= exact
            for anchor, numbers in longer:
                if anchor in text:
                    chosen |= numbers
        return sorted(chosen)

    def check(self, text: str, line: int = 1) -> list[Finding]:
        """Every rule `text` crosses, at most one finding per rule, in rule order."""
        return self.check_normalised(text, *normalise(text), line)

    def check_normalised(self, text: str, folded: str, origin: list[int], line: int = 1) -> list[Finding]:
        """`check` for a text already normalised (`normalise(text)` gives `folded` and `origin`): the
        two tiers of the checker read the same folded line, so it is folded once."""
        masked = mask_quotes(folded) if any(q in folded for q in QUOTES) else folded
        findings: list[Finding] = []
        done: CompiledRule | None = None
        for number in self._candidates(folded):
            rule, pattern = self._patterns[number]
            if rule is done:
                continue
            scan = masked if rule.negatable else folded  # data stays data inside quotes too
            if pattern.search(scan) is None:
                continue  # most candidates (97 % on the corpus) match nowhere: one search says so
            for match in pattern.finditer(scan):
                if match.end() > match.start() and not self._excused(rule, scan, match.start(), match.end()):
                    original = text[origin[match.start()] : origin[match.end() - 1] + 1]
                    findings.append(Finding(line, rule.id, rule.severity, original, rule.title))
                    done = rule
                    break
        return findings

    def check_lines(self, text: str) -> list[Finding]:
        """Each line of `text` is one phrase; findings carry 1-based line numbers. Blank lines are skipped."""
        out: list[Finding] = []
        for number, line in enumerate(text.splitlines(), 1):
            if line.strip():
                out.extend(self.check(line, number))
        return out

    @staticmethod
    def _excused(rule: CompiledRule, text: str, start: int, end: int) -> bool:
        left, right = clause_bounds(text, start, end)
        if rule.negatable:
            # A cue wholly before the match, or a promise inside it; a match that starts with the cue
            # (不会放过你, 绝不会放过你, 别录音) is what the rule forbids.
            for cue in NEGATION.finditer(text, left, start):
                if cue.end() <= start and cue.group(0) not in NOT_A_CUE:
                    return True
            if PROMISE.search(text, start + 1, end):
                return True
            if any(m.group(0)[0] in SPEAKER for m in REPORTED_SPEECH.finditer(text, left, start)):
                return True
        if rule.framable:
            # the whole text names the act to forbid, report or warn against it
            if (FRAMED.search(text) and REPROACH.search(text)) or VERDICT.search(text, end):
                return True
            if rule.deferrable and DEFERRED.search(text, end):
                return True
            if SOMEONE.search(text, 0, start) and WARNED.search(text, end):
                return True
        return bool(rule.exceptions and rule.exceptions.search(text, left, right))
