"""The regex subset that Python and JavaScript read alike, and the check that a pattern stays inside it."""

from __future__ import annotations

import re
import re._constants as _re_constants  # the parser behind re
import re._parser as _re_parser
import string
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

# ---------------------------------------------------------------------------
# The regex subset that Python and JavaScript read alike
# ---------------------------------------------------------------------------
#
# The phrase checker page (docs/assets/checker.js) runs the same patterns with JavaScript's RegExp
# and the `u` flag. Inside this subset both engines find the same matches:
# - literals, `.`, classes [...] and [^...] of literals and ranges, groups (...) and (?:...),
#   alternation, the quantifiers * + ? {m} {m,} {m,n} and their lazy forms, ^ and $ (no flags: ^ is
#   the start of the text, $ its end; Python's $ also matches before a final newline, and a phrase
#   is one line, so it never holds one), look-ahead (?=...) (?!...) and look-behind (?<=...) (?<!...)
#   (Python takes only fixed-width look-behind, which JavaScript reads the same way);
# - escapes of syntax characters (\. \( \{ …, and \- inside a class), \t \n \r \f \v, \xhh and \uhhhh.
# Outside it: \d \s \w \b and their capitals (Unicode in Python, ASCII in JavaScript), \A \Z,
# backreferences and octal escapes, named groups, inline flags, comments, conditionals, atomic groups
# and possessive quantifiers (JavaScript has none), {,n} (JavaScript reads no such quantifier), a
# quantifier on an assertion, and characters Python takes literally where JavaScript's Unicode mode
# refuses them: a bare { } or ], an escaped letter or punctuation mark that is not syntax (\- outside
# a class, \& …), a ] first in a class, a bare [ or doubled - & ~ | inside one.

_SYNTAX_ESCAPES = frozenset("^$\\.*+?()[]{}|/")
_HEX_DIGITS = frozenset(string.hexdigits)
_COUNTED = re.compile(r"\{[0-9]+(?:,[0-9]*)?\}")
_UP_TO = re.compile(r"\{,[0-9]*\}")
_CLASS_ESCAPE_HELP = {
    "d": ("Python's \\d matches every Unicode digit, JavaScript's only 0-9", "write [0-9]"),
    "D": ("Python's \\D excludes every Unicode digit, JavaScript's only 0-9", "write [^0-9]"),
    "s": ("Python's \\s and JavaScript's disagree on several spaces (\\x1c-\\x1f, \\ufeff)", "write the characters"),
    "S": ("Python's \\S and JavaScript's disagree on several spaces (\\x1c-\\x1f, \\ufeff)", "write a class"),
    "w": ("Python's \\w takes letters of every script, JavaScript's only ASCII", "write a class such as [a-z0-9]"),
    "W": ("Python's \\W excludes letters of every script, JavaScript's only ASCII", "write a class"),
    "b": (
        "a word boundary is Unicode-aware in Python and ASCII-only in JavaScript",
        "remove it; spell out the characters around the word instead",
    ),
    "B": ("a word boundary is Unicode-aware in Python and ASCII-only in JavaScript", "remove it"),
    "A": ("JavaScript has no \\A", "use ^ (there are no flags, so ^ is the start of the text)"),
    "Z": ("JavaScript has no \\Z", "use $"),
    "z": ("neither engine reads \\z the same way", "use $"),
}
_ASSERTION_OPS = {_re_constants.ASSERT, _re_constants.ASSERT_NOT, _re_constants.AT}


@dataclass(frozen=True)
class SubsetProblem:
    """Why a pattern is outside the shared subset: where (`offset` in the pattern), what, how to fix it."""

    offset: int
    text: str
    why: str
    fix: str

    def __str__(self) -> str:
        return f"'{self.text}' at character {self.offset + 1}: {self.why}; {self.fix}"


class _Outside(Exception):
    def __init__(self, problem: SubsetProblem) -> None:
        self.problem = problem


class _SubsetReader:
    """Reads a pattern by the subset's grammar and stops at the first construct outside it."""

    def __init__(self, pattern: str) -> None:
        self.p = pattern
        self.i = 0

    def fail(self, start: int, end: int, why: str, fix: str) -> None:
        raise _Outside(SubsetProblem(start, self.p[start:end], why, fix))

    def read(self) -> None:
        self.alternatives()
        if self.i < len(self.p):
            self.fail(self.i, self.i + 1, "this parenthesis closes no group", "remove it or write \\)")

    def alternatives(self) -> None:
        while True:
            while self.i < len(self.p) and self.p[self.i] not in "|)":
                self.term()
            if self.i < len(self.p) and self.p[self.i] == "|":
                self.i += 1
                continue
            return

    def term(self) -> None:
        start, char = self.i, self.p[self.i]
        repeatable = True
        if char == "(":
            repeatable = self.group()
        elif char == "[":
            self.char_class()
        elif char == "\\":
            self.escape(in_class=False)
        elif char in "^$":
            self.i += 1
            repeatable = False
        elif char in "*+?" or _COUNTED.match(self.p, start) or _UP_TO.match(self.p, start):
            self.fail(start, start + 1, "a quantifier with nothing before it to repeat", f"remove it or write \\{char}")
        elif char in "{}]":
            self.fail(
                start,
                start + 1,
                f"a bare {char} is a literal for Python but an error in JavaScript's Unicode mode",
                f"write \\{char}",
            )
        else:
            self.i += 1
        self.quantifier(start, repeatable)

    def quantifier(self, start: int, repeatable: bool) -> None:
        at = self.i
        if at >= len(self.p):
            return
        if self.p[at] in "*+?":
            self.i += 1
        elif counted := _COUNTED.match(self.p, at):
            self.i = counted.end()
        elif up_to := _UP_TO.match(self.p, at):
            self.fail(at, up_to.end(), "Python reads {,n} as up to n times, JavaScript as an error", "write {0,n}")
        else:
            return
        if not repeatable:
            self.fail(
                start,
                self.i,
                "a quantifier on an assertion (^, $, a look-ahead or look-behind) is an error in JavaScript",
                "remove the quantifier; an assertion tests a place, it cannot be repeated",
            )
        if self.i < len(self.p) and self.p[self.i] == "?":
            self.i += 1
        elif self.i < len(self.p) and self.p[self.i] == "+":
            self.fail(at, self.i + 1, "a possessive quantifier, which JavaScript does not have", "drop the final +")

    def group(self) -> bool:
        """Reads a group; True when it may be repeated (not an assertion)."""
        start, p = self.i, self.p
        repeatable = True
        if p.startswith("(?", start):
            for opener in ("(?:", "(?=", "(?!", "(?<=", "(?<!"):
                if p.startswith(opener, start):
                    self.i += len(opener)
                    repeatable = opener == "(?:"
                    break
            else:
                kind = p[start + 2 : start + 3]
                end = start + 3
                if kind in ("P", "<"):
                    close = p.find(">", start)
                    end = close + 1 if close != -1 else end
                    why, fix = "a named group, which the two engines write differently", "use a plain group (?:...)"
                elif kind == ">":
                    why, fix = "an atomic group, which JavaScript does not have", "use a plain group (?:...)"
                elif kind == "#":
                    why, fix = "a comment group, which JavaScript does not have", "remove it; explain in a YAML comment"
                elif kind == "(":
                    why, fix = "a conditional group, which JavaScript does not have", "write both cases as alternatives"
                else:
                    close = p.find(")", start)
                    colon = p.find(":", start)
                    ends = [i for i in (close, colon) if i != -1]
                    end = min(ends) + 1 if ends else end
                    why, fix = (
                        "an inline flag, which JavaScript does not have",
                        "remove it; patterns read lower-case text already, write other variants out",
                    )
                self.fail(start, end, why, fix)
        else:
            self.i += 1
        self.alternatives()
        if self.i >= len(p) or p[self.i] != ")":
            self.fail(start, self.i, "this group is never closed", "add the )")
        self.i += 1
        return repeatable

    def escape(self, in_class: bool) -> None:
        start, p = self.i, self.p
        char = p[start + 1 : start + 2]
        if not char:
            self.fail(start, start + 1, "a backslash at the end of the pattern", "remove it or write \\\\")
        if char in _SYNTAX_ESCAPES or char in "tnrfv" or (in_class and char == "-"):
            self.i += 2
            return
        width = {"x": 2, "u": 4}.get(char, 0)
        digits = p[start + 2 : start + 2 + width]
        surrogate = (
            char == "u" and len(digits) == 4 and set(digits) <= _HEX_DIGITS and 0xD800 <= int(digits, 16) < 0xE000
        )
        if width and len(digits) == width and set(digits) <= _HEX_DIGITS and not surrogate:
            self.i += 2 + width
            return
        if char in _CLASS_ESCAPE_HELP:
            why, fix = _CLASS_ESCAPE_HELP[char]
        elif char.isdigit():
            why, fix = (
                "a backreference or octal escape: a group that took no part matches nothing in Python and the "
                "empty string in JavaScript",
                "write the text out again, or \\xhh for a character",
            )
        elif char in "xuUN":
            why, fix = (
                f"the two engines do not share this \\{char} escape",
                "write \\xhh or \\uhhhh with exactly 2 or 4 hex digits (no surrogates), or the character itself",
            )
        elif char == "-":
            why, fix = "\\- outside a class is an error in JavaScript's Unicode mode", "write - without the backslash"
        elif char.isascii() and char.isalpha():
            why, fix = f"JavaScript has no \\{char} escape", f"write {char} without the backslash"
        else:
            why, fix = (
                f"\\{char} is {char} for Python but an error in JavaScript's Unicode mode",
                f"write {char} without the backslash",
            )
        self.fail(start, start + 2 + (len(digits) if char in "xu" else 0), why, fix)

    def char_class(self) -> None:
        start, p = self.i, self.p
        self.i += 1
        if p.startswith("^", self.i):
            self.i += 1
        if p.startswith("]", self.i):
            self.fail(
                self.i,
                self.i + 1,
                "a ] first in a class is a literal for Python but ends an empty class in JavaScript",
                "write \\]",
            )
        while self.i < len(p) and p[self.i] != "]":
            char = p[self.i]
            if char == "\\":
                self.escape(in_class=True)
            elif char == "[":
                self.fail(
                    self.i, self.i + 1, "a bare [ inside a class, which Python may read as a nested set", "write \\["
                )
            elif char in "-&~|" and p.startswith(char * 2, self.i):
                self.fail(
                    self.i,
                    self.i + 2,
                    f"a doubled {char} inside a class, which Python may read as a set operation",
                    f"write {char} once (a class holds each character once), or as \\x{ord(char):02x}",
                )
            else:
                self.i += 1
        if self.i >= len(p):
            self.fail(start, len(p), "this class is never closed", "add the ]")
        self.i += 1


def _tree_problem(items: Any) -> str | None:
    """The first node of a parsed pattern (re._parser) outside the subset, named; None if there is none."""
    ops = _re_constants
    for op, value in items:
        if op in (ops.LITERAL, ops.NOT_LITERAL, ops.ANY):
            continue
        if op is ops.IN:
            bad = [str(item) for item, _v in value if item not in (ops.LITERAL, ops.RANGE, ops.NEGATE)]
            found = bad[0].lower() if bad else None
        elif op is ops.BRANCH:
            found = next((f for branch in value[1] if (f := _tree_problem(branch))), None)
        elif op is ops.SUBPATTERN:
            found = "inline flags" if value[1] or value[2] else _tree_problem(value[3])
        elif op in (ops.MAX_REPEAT, ops.MIN_REPEAT):
            body = list(value[2])
            quantified = len(body) == 1 and body[0][0] in _ASSERTION_OPS
            found = "a quantified assertion" if quantified else _tree_problem(body)
        elif op in (ops.ASSERT, ops.ASSERT_NOT):
            found = _tree_problem(value[1])
        elif op is ops.AT:
            found = None if value in (ops.AT_BEGINNING, ops.AT_END) else str(value).lower()
        else:
            found = str(op).lower()
        if found:
            return found
    return None


@lru_cache(maxsize=4096)  # each build of the site reads every rule's patterns again; the answer never changes
def outside_subset(pattern: str) -> SubsetProblem | None:
    """The first construct of `pattern` that Python and JavaScript may read differently, or None.

    `pattern` must compile in Python. It is read twice: by the subset's grammar, which knows where each
    construct stands, and through Python's own parser (re._parser), whose tree must hold nothing but
    the subset's nodes and no flag.
    """
    try:
        _SubsetReader(pattern).read()
    except _Outside as outside:
        return outside.problem
    parsed = _re_parser.parse(pattern)
    found = _tree_problem(parsed)
    if parsed.state.flags & ~_re_constants.SRE_FLAG_UNICODE:
        found = "inline flags"
    if parsed.state.groupdict:
        found = "a named group"
    if found:
        return SubsetProblem(
            0, pattern, f"Python reads {found} in it, which is outside the shared subset", "rewrite it"
        )
    return None


def matches_empty(pattern: str) -> bool:
    """Whether `pattern` can match the empty string. Such a pattern flags nothing (a finding needs a
    match of at least one character), and the two engines step past an empty match differently."""
    return _re_parser.parse(pattern).getwidth()[0] == 0
