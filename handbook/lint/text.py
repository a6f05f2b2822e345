"""How the linter reads text: folded to Simplified, half-width and lower case with spaces dropped, quoted
speech masked, and cut into clauses."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import resources
from itertools import repeat

from .cues import SPEECH_VERB

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

# Characters MkDocs-free text may hide behind: zero-width spaces and joiners, BOM, soft hyphen.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"

# ---------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------


@cache
def traditional_to_simplified() -> dict[str, str]:
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
        for t, s in traditional_to_simplified().items()
        if len(s) == 1 and t != s and ord(t) < 0x10000 and ord(s) < 0x10000  # one UTF-16 unit each, for JS
    )
    return "".join(t for t, _s in pairs), "".join(s for _t, s in pairs)


@cache
def fold_table() -> dict[int, int | None]:
    """One translate table: full-width → ASCII, Traditional → Simplified, upper → lower, spaces dropped."""
    table: dict[int, int | None] = {}
    for code in range(0xFF01, 0xFF5F):  # full-width ASCII forms
        table[code] = code - 0xFEE0
    for source, target in traditional_to_simplified().items():
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
    folded = unicodedata.normalize("NFC", text).translate(fold_table())
    if len(folded) == len(text):
        return folded, list(range(len(text)))
    origin = [i for i, char in enumerate(text) if char.translate(fold_table())]
    return folded, origin


def mask_quotes(text: str) -> str:
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


def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the clause around text[start:end]."""
    left = max(map(text.rfind, CLAUSE_END, repeat(0), repeat(start)), default=-1) + 1
    right = _CLAUSE_END.search(text, end)
    return left, right.start() if right else len(text)


def clause_of(text: str, match: str) -> str:
    """The clause of `text` around the first occurrence of `match` (a finding's original words): what the
    second opinion reads before it dismisses a rule's finding."""
    start = max(text.find(match), 0)
    left, right = clause_bounds(text, start, start + len(match))
    return text[left:right]
