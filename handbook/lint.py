"""The red-line linter: which rules of redlines.yml a phrase crosses, and where.

Matching works on a normalised copy of the text (full-width forms folded, the
Traditional characters turned Simplified, case folded, spaces and zero-width
characters dropped), so that 「不還錢就讓你坐牢」 and 「不还钱就让你坐牢」 read
the same. A pattern match is not yet a finding; it is dropped when
- it stands inside quotation marks, or after 「您说」-style reported speech;
- a negation or advice-against cue (不会, 绝不, 请不要 …) comes shortly before it
  in the same clause, unless the rule says `negatable: false`;
- the text names the act to forbid, report or warn against it (a quality-check
  note with a word of reproach, 「……属于违规」 after the match), unless the rule
  says `framable: false`;
- one of the rule's `exceptions` matches the same clause (lawful statements of
  consequence such as 「可能依法起诉，以法院判决为准」).
Each finding keeps the original text it matched, for the editor to see.

The phrase checker page runs the same rules in the browser: `browser_data` exports the compiled
patterns and everything else the algorithm reads, and docs/assets/checker.js mirrors the functions
below one by one. Patterns stay inside a regex subset that Python and JavaScript read alike
(`outside_subset`; the validator reports a pattern outside it as E306).
"""

from __future__ import annotations

import re
import re._constants as _re_constants  # the parser behind re: used only to find literal anchors
import re._parser as _re_parser
import string
import unicodedata
from dataclasses import asdict, dataclass
from functools import cache
from importlib import resources
from itertools import repeat
from operator import add
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
_CLAUSE_END = re.compile("[" + re.escape(CLAUSE_END) + "]")
QUOTES = {"“": "”", "「": "」", "『": "』", "‘": "’", '"': '"'}
# Cues of negation or advice-against, searched in the clause before a match. The look-aheads keep
# threats that merely start like a negation (别怪我们, 不要逼我们, 为避免我们上门) from passing as one.
NEGATION = re.compile(
    r"(?:要不要|别的|别人|别处|别家)|(?:不会|不再|绝不|决不|绝对不|从不|从来不|不得|不能|不可以|不可能|不应|不该|请勿|切勿|不用|无需|不需要|"
    r"不必|并不|并没有|没有|不曾|禁止|严禁|拒绝|杜绝|不允许|不存在|不是|不建议|不推荐|不提倡|劝您|提醒您|谨防|"
    r"警惕|小心受骗|(?:不要|别|千万别|避免|防止)(?!怪|逼|让我|让我们|说我|以为|想|再拖|拖|躲|装))"
)
# a verb of saying, or a speaker's label with its colon (借款人：“……”); not 告诉客户“……”, an instruction
SPEECH_VERB = re.compile(
    r"(?:(?:说|讲|问|提到|表示|称|反映|投诉|喊|骂|所谓|号称|什么|担心|质疑|以为|听说)(?:要|过|了|的)?[:,]?"
    r"|(?:借款人|客户|对方):)$"
)
# Inside a match only a promise about the collector's own conduct excuses it (夜里我们是不会打扰的);
# 不能 or 没有 there usually state the threatened consequence (孩子就不能上学).
PROMISE = re.compile(
    r"(?:不会|不再|绝不|决不|绝对不|从不|从来不|不得|禁止|严禁)(?:再)?(?:在|去|向|把|跟|给|对)?(?:您|你|他|她|他们)?"
    r"(?:打扰|联系|拨打|致电|上门|打电话|发|透露|告诉|公开|泄露|群发|催)"
)
NOT_A_CUE = {"要不要", "别的", "别人", "别处", "别家"}  # matched first so that 不要/别 inside them is no cue
# 您说…/你提到…/恁说…/你话… (Cantonese)/阁下所言… report the borrower's words; 跟你讲/对您说 are the
# collector speaking, matched first to skip (a match that starts with one of SPEAKER is the borrower's).
SPEAKER = "您你恁阁"
REPORTED_SPEECH = re.compile(
    r"(?:跟|对|给|和|同)(?:您|你)(?:讲|说)"
    r"|(?:您|你|恁|阁下)(?:刚才|刚刚|方才|之前|先前|上次|头先|啱啱)?"
    r"(?:说|话|提到|讲|表示|问|担心|觉得|认为|反映|所言|所说|打算|质疑)"
)
# A phrase that names a forbidden act in order to forbid, report or correct it (a quality-check finding, a
# training note, a compliance memo) is not the act. Two signs excuse a framable rule's match: a label that
# frames the whole text as such (质检提示：, 培训材料：, 【内部通知】) together with a word of reproach anywhere
# in it, since a team lead's "培训要点：没接就一直打" has the label and no reproach and stays advice; or, after
# the match, a verdict on it (……都属于违规, ……禁止使用). Read on the folded text: ：becomes :, 質檢 质检.
FRAME_LABEL = (
    "质检|培训|合规|内部|话术审核|审核意见|新人|案例|复盘|风控|红线|禁语|禁用|规范|制度|通报|整改|投诉|主管|组长|"
    "系统通知|客户原话|客户称|客户反映|坐席说明|话术"
)
# a report of what the borrower said or feared, at the start of the text, frames it too
REPORT = "(?:借款人|客户)(?:反映|投诉|质疑|担心|称|说|问)"
FRAMED = re.compile(rf"^(?:【(?:{FRAME_LABEL})[^】]{{0,8}}】|(?:{FRAME_LABEL})[^:,。]{{0,6}}:|{REPORT})")
REPROACH = re.compile(
    r"违规|违法|违反|不合规|禁止|严禁|不得|不准|不许|禁用|禁语|错误|扣分|扣除|扣罚|整改|虚构|不实|判定|退回|退还|停止催收|"
    r"暂停催收|上报|投诉|改为|停用|致歉|道歉|不当|误导|婉拒|不能说|不要说|别说|已告知|已解释|已说明|经核实|已核实|已核查|已登记|"
    r"已记录|已受理"
)
VERDICT = re.compile(
    r"(?:属于|均属|都属|都是|均为|构成|判定为?|视为|算作?|是)(?:违规|违法|虚构|不实|禁语|禁用|公开羞辱|骚扰|违反)"
    r"|(?:禁止|严禁|不得|不准|不许)(?:使用|出现|这样说|这么说)"
    r"|(?:暂停|停止|不得|不再)(?:继续)?催收|转(?:交|给)?(?:法务|合规)"  # the case is stopped or referred
    # deferred to the court or the contract
    r"|以(?:法院|合同|协议|页面|官方|机构|审批|审核|判决|公示|账单|app|系统)[^,。;]{0,8}为准|(?:须|需|要)?依法认定"
    r"|由(?:法院|司法机关|公安机关)(?:依法)?(?:认定|决定|判决)"
    # a word disowned: 这个词我们不用, 不是官方说法, 不是我们的做法
    r"|(?:这个词|这种话|这种说法|这类话|这些话|这个说法)(?:.{0,4})(?:不用|不说|不讲|不会(?:说|用|讲)|不能(?:说|用))"
    r"|不是(?:官方|正规)(?:的)?(?:说法|做法)|(?:不是|不系|并非)(?:我们|我哋|我司|本公司)(?:的)?(?:做法|所为|发的|干的|说的)"
)
# A warning about someone else's misconduct: someone (有人, 任何人) before the match, and after it what
# the borrower should do about it (拒绝, 报警, 投诉 …): 任何人让您转到个人账户，都请拒绝.
SOMEONE = re.compile(r"有人|任何人|他人|别人|谁")
WARNED = re.compile(
    r"拒绝|报警|投诉|举报|反映|截图|别信|不要信|不好信|千万别|不要理|不是我们|非我们|非我司|并非我们|不系我哋"
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
    out: list[str] = []
    closing: str | None = None
    masking = False
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
    left = max(map(text.rfind, CLAUSE_END, repeat(0), repeat(start)), default=-1) + 1
    right = _CLAUSE_END.search(text, end)
    return left, right.start() if right else len(text)


def clause_of(text: str, match: str) -> str:
    """The clause of `text` around the first occurrence of `match` (a finding's original words): what the
    second opinion reads before it dismisses a rule's finding."""
    start = max(text.find(match), 0)
    left, right = _clause(text, start, start + len(match))
    return text[left:right]


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
        masked = _mask_quotes(folded) if any(q in folded for q in QUOTES) else folded
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
        left, right = _clause(text, start, end)
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
            if SOMEONE.search(text, 0, start) and WARNED.search(text, end):
                return True
        return bool(rule.exceptions and rule.exceptions.search(text, left, right))


# ---------------------------------------------------------------------------
# The linter as data, for the phrase checker page
# ---------------------------------------------------------------------------

BROWSER_DATA_VERSION = 1


# No space or line break lies above U+3000 (ideographic space): scanning below this instead of all of
# Unicode saves 0.4 s per build. tests/test_scale.py checks it against the full scan.
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
    fold = _fold_table()
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
        data[key] for key in ("negation", "promise", "reported_speech", "speech_verb", "framed", "reproach", "verdict")
    ]
    for rule in data["rules"]:
        regexes += [source for source, _anchors in rule["patterns"]]
        regexes += [rule["exceptions"]] if rule["exceptions"] else []
    for source in regexes:
        problem = outside_subset(source)
        if problem is not None:
            raise ValueError(f"{source[:80]!r} is outside the shared regex subset: {problem}")
    return data
