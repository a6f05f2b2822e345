"""The red-line linter: which rules of redlines.yml a phrase crosses, and where.

Matching works on a normalised copy of the text (full-width forms folded, the
Traditional characters turned Simplified, case folded, spaces and zero-width
characters dropped), so that 「不還錢就讓你坐牢」 and 「不还钱就让你坐牢」 read
the same. A pattern match is not yet a finding; it is dropped when
- it stands inside quotation marks, or after 「您说」-style reported speech;
- a negation or advice-against cue (不会, 绝不, 请不要 …) comes shortly before it
  in the same clause, unless the rule says `negatable: false`;
- one of the rule's `exceptions` matches the same clause (lawful statements of
  consequence such as 「可能依法起诉，以法院判决为准」).
Each finding keeps the original text it matched, for the editor to see.
"""

from __future__ import annotations

import re
import re._constants as _re_constants  # the parser behind re: used only to find literal anchors
import re._parser as _re_parser
import unicodedata
from dataclasses import asdict, dataclass
from functools import cache
from importlib import resources
from typing import Any

# ---------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------

# Cantonese characters with one Mandarin reading, so that 佢张卡逾期咗 reads as 他张卡逾期了.
CANTONESE = {
    "佢": "他",
    "嘅": "的",
    "咗": "了",
    "唔": "不",
    "冇": "没",
    "嚟": "来",
    "睇": "看",
    "畀": "给",
    "喺": "在",
    "啲": "些",
    "嘢": "西",
    "咁": "这",
    "乜": "什",
    "揾": "找",
    "搵": "找",
}
CLAUSE_END = "。，,；;！!？?\n…"
QUOTES = {"“": "”", "「": "」", "『": "』", "‘": "’", '"': '"'}
# Cues of negation or advice-against, searched in the clause before a match. The look-aheads keep
# threats that merely start like a negation (别怪我们, 不要逼我们, 为避免我们上门) from passing as one.
NEGATION = re.compile(
    r"(?:要不要|别的|别人|别处|别家)|(?:不会|不再|绝不|决不|绝对不|从不|从来不|不得|不能|不可以|不可能|不应|不该|请勿|切勿|不用|无需|不需要|"
    r"不必|并不|并没有|没有|不曾|禁止|严禁|拒绝|杜绝|不允许|不存在|不是|不建议|不推荐|不提倡|劝您|提醒您|谨防|"
    r"警惕|小心受骗|(?:不要|别|千万别|避免|防止)(?!怪|逼|让我|让我们|说我|以为|想|再拖|拖|躲|装))"
)
SPEECH_VERB = re.compile(r"(?:说|讲|问|提到|表示|称|反映|投诉|喊|骂|所谓|号称|什么)(?:要|过|了|的)?[:,]?$")
# Inside a match only a promise about the collector's own conduct excuses it (夜里我们是不会打扰的);
# 不能 or 没有 there usually state the threatened consequence (孩子就不能上学).
PROMISE = re.compile(
    r"(?:不会|不再|绝不|决不|绝对不|从不|从来不|不得|禁止|严禁)(?:再|在|去|向|把|跟|给|对)?"
    r"(?:打扰|联系|拨打|致电|上门|打电话|发|透露|告诉|公开|泄露|群发|催)"
)
NOT_A_CUE = {"要不要", "别的", "别人", "别处", "别家"}  # matched first so that 不要/别 inside them is no cue
# 您说…/你提到… report the borrower's words; 跟你讲/对您说 are the collector speaking, matched first to skip.
REPORTED_SPEECH = re.compile(
    r"(?:跟|对|给|和|同)(?:您|你)(?:讲|说)"
    r"|(?:您|你)(?:刚才|刚刚|之前|先前|上次)?(?:说|提到|讲|表示|问|担心|觉得|认为)"
)
# Characters MkDocs-free text may hide behind: zero-width spaces and joiners, BOM, soft hyphen.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"


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


# ---------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------


@cache
def _traditional_to_simplified() -> dict[str, str]:
    """OpenCC's character table (Traditional → Simplified), first candidate of each character."""
    table: dict[str, str] = {}
    data = resources.files("opencc") / "dictionary" / "TSCharacters.txt"
    for row in data.read_text(encoding="utf-8").splitlines():
        source, _tab, targets = row.partition("\t")
        if len(source) == 1 and targets:
            table[source] = targets.split()[0]
    return table


def traditional_pairs() -> tuple[str, str]:
    """The Traditional characters that fold to one Simplified character, and their targets, as two strings."""
    pairs = sorted(
        (t, s)
        for t, s in _traditional_to_simplified().items()
        if len(s) == 1 and t != s and ord(t) < 0x10000 and ord(s) < 0x10000  # one UTF-16 unit each, for JS
    )
    return "".join(t for t, _s in pairs), "".join(s for _t, s in pairs)


@cache
def _fold_table() -> dict[int, int | None]:
    """One translate table: full-width → ASCII, Traditional → Simplified, upper → lower, spaces dropped."""
    table: dict[int, int | None] = {}
    for code in range(0xFF01, 0xFF5F):  # full-width ASCII forms
        table[code] = code - 0xFEE0
    for source, target in _traditional_to_simplified().items():
        if len(target) == 1:
            table[ord(source)] = ord(target)
    for source, target in CANTONESE.items():
        table[ord(source)] = ord(target)
    for code in range(ord("A"), ord("Z") + 1):
        table[code] = code + 32
    for code in range(0xFF21, 0xFF3B):  # full-width capitals
        table[code] = code - 0xFEE0 + 32
    for char in " \t\r\u3000\u00a0" + _INVISIBLE:
        table[ord(char)] = None
    return table


def normalise(text: str) -> tuple[str, list[int]]:
    """The folded text, and for each of its characters the index of the original character."""
    folded = unicodedata.normalize("NFC", text).translate(_fold_table())
    if len(folded) == len(text):
        return folded, list(range(len(text)))
    origin = [i for i, char in enumerate(text) if char.translate(_fold_table())]
    return folded, origin


def _mask_quotes(text: str) -> str:
    """Quoted speech replaced by ○, so that what the borrower said is not read as the collector's words.

    Only quotes that follow a verb of saying (您说「……」) are speech; a quoted name such as
    「结案手续费」 or a slogan to be painted on a door stays in view.
    """
    out, closing, masking = [], None, False
    for char in text:
        if closing is None and char in QUOTES:
            closing, masking = QUOTES[char], bool(SPEECH_VERB.search("".join(out[-4:])))
            out.append(char)
        elif closing is not None and char == closing:
            closing = None
            out.append(char)
        else:
            out.append("○" if closing is not None and masking else char)
    return "".join(out) if closing is None else text  # an unbalanced quote masks nothing


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the clause around text[start:end]."""
    left = max((text.rfind(c, 0, start) for c in CLAUSE_END), default=-1) + 1
    rights = [i for i in (text.find(c, end) for c in CLAUSE_END) if i != -1]
    return left, min(rights, default=len(text))


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


TERM = re.compile(r"<([a-z][a-z0-9-]*)>")
# In patterns `.` stays inside one clause: it matches anything but clause punctuation.
IN_CLAUSE = "[^" + "".join(sorted(set(CLAUSE_END))).replace("\n", "\\n") + "]"


_REGEX_SYNTAX = set("\\.^$*+?{}[]()|")


def alternation(words: list[str]) -> str:
    """`(?:w1|w2|…)`, with the plain words folded into a trie (家(?:人|属)|…).

    A regex engine tries the branches of an alternation one by one at every position; sharing the
    prefixes makes a list of a hundred words cost little more than a few. Entries that are already
    patterns are kept as they are. The longest word wins where one is a prefix of another.
    """
    plain = [w for w in words if not _REGEX_SYNTAX & set(w)]
    patterns = [w for w in words if _REGEX_SYNTAX & set(w)]
    trie: dict[str, dict] = {}
    for word in plain:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
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

    table = _traditional_to_simplified()
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
    candidates = [found for op, value in parsed if (found := _prefixes(op, value))]
    if not candidates:
        return None
    return frozenset(max(candidates, key=lambda found: (min(map(len, found)), -len(found))))


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
    )


class Linter:
    """Checks text against red-line rules (the `rules` of redlines.yml, with its shared `terms`)."""

    def __init__(
        self, rules: list[dict[str, Any]] | dict[str, dict[str, Any]], terms: dict[str, list[str]] | None = None
    ) -> None:
        items = rules.values() if isinstance(rules, dict) else rules
        self.terms = terms or {}
        self.rules = [compile_rule(r, self.terms) for r in items]
        # Every pattern gets a number, in rule order. Patterns with anchors are tried only when one of
        # them occurs in the text (looked up by its first character); the others always.
        self._patterns = [(rule, pattern) for rule in self.rules for _found, pattern in rule.patterns]
        self._always: set[int] = set()
        self._by_first: dict[str, dict[str, list[int]]] = {}
        number = 0
        for rule in self.rules:
            for found, _pattern in rule.patterns:
                if found is None:
                    self._always.add(number)
                for anchor in found or ():
                    self._by_first.setdefault(anchor[0], {}).setdefault(anchor, []).append(number)
                number += 1
        # per first character: (anchor, its pattern numbers); anchors of one character need no test
        self._first = {
            char: tuple((anchor if len(anchor) > 1 else "", frozenset(numbers)) for anchor, numbers in found.items())
            for char, found in self._by_first.items()
        }
        self._first_chars = frozenset(self._first)

    def _candidates(self, text: str) -> list[int]:
        """The numbers of the patterns worth trying on `text`, in rule order."""
        chosen = set(self._always)
        first = self._first
        for char in self._first_chars.intersection(text):
            for anchor, numbers in first[char]:
                if anchor in text:  # "" (a one-character anchor) is in every text
                    chosen |= numbers
        return sorted(chosen)

    def check(self, text: str, line: int = 1) -> list[Finding]:
        """Every rule `text` crosses, at most one finding per rule, in rule order."""
        folded, origin = normalise(text)
        masked = _mask_quotes(folded) if any(q in folded for q in QUOTES) else folded
        findings: list[Finding] = []
        done: CompiledRule | None = None
        for number in self._candidates(folded):
            rule, pattern = self._patterns[number]
            if rule is done:
                continue
            scan = masked if rule.negatable else folded  # data stays data inside quotes too
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
        left, right = _clause(text, start, end)
        if rule.negatable:
            # A cue wholly before the match, or a promise inside it; a match that starts with the cue
            # (不会放过你, 绝不会放过你, 别录音) is what the rule forbids.
            for cue in NEGATION.finditer(text, left, start):
                if cue.end() <= start and cue.group(0) not in NOT_A_CUE:
                    return True
            if PROMISE.search(text, start + 1, end):
                return True
            if any(m.group(0)[0] in "您你" for m in REPORTED_SPEECH.finditer(text, left, start)):
                return True
        return bool(rule.exceptions and rule.exceptions.search(text, left, right))
