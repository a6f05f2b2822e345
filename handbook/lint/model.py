"""The second opinion: a linear model over character n-grams that flags what the red-line rules miss.

The rules (handbook/lint/) are explainable and block; they catch the wordings someone wrote a pattern for.
This model reads every phrase as the two- and three-character pieces of its normalised text (counted, and
marked `!` after a cue of negation), plus a piece for each red-line word list that occurs, and adds up a
weight for each piece it knows: a phrase that shares enough pieces with the violations it was trained on
scores above the threshold, however it is worded. Its finding has severity `review`: a person decides.
It also weighs each rule's finding on the clause it matched (`check_both`): a rule blocks only where the
model agrees.

Why this model: the labelled phrases number in the thousands, not millions; the page must give the same
verdict as the command line, offline, in plain JavaScript; and it must say why. A logistic regression
over character n-grams generalises to wording that shares no pattern with any rule (split words, dialect,
Traditional characters all fold to the same pieces) and explains itself: the pieces with the largest
weights are the words that drove it. Weights are stored as integers, so a score is a sum of integers,
exact in Python and JavaScript alike.

The weights are trained by tools/train_model.py (scikit-learn, a development dependency only: nothing
here imports it) and shipped as handbook/lint/data/second-opinion.json; `make train` rebuilds that file
reproducibly and a test holds the committed file to what training produces.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import repeat
from operator import add
from typing import Any

from . import Finding, Linter, clause_of, normalise

# ---------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------

MODEL_VERSION = 2  # 2: pieces under a negation (`negation` in the data)
MODEL_FILE = "second-opinion.json"
SEVERITY = "review"
DISMISSED = "dismissed"  # a rule matched, but the model is confident the line is lawful: kept for the record only
PLACEHOLDER = re.compile(r"\{[^{}\n]*\}")
TOKEN = "\ue000"  # every {placeholder} reads as this one character: names vary, their role does not
# What the model reads after normalising: digits, Latin letters and CJK ideographs (and the placeholder
# token). Punctuation, spaces, emoji and separators are dropped, so 坐-牢, 坐 牢 and 坐😀牢 all read 坐牢.
KEEP = re.compile("[0-9a-z\u3400-\u4dbf\u4e00-\u9fff\ue000]+")
DRIVERS = 3  # pieces of text named as the reason for a finding
NOT = "!"  # marks a piece read under a negation; never a kept character, so never a piece of text


# ---------------------------------------------------------------------------
# Features
# ---------------------------------------------------------------------------


def reading(text: str) -> str:
    """The text as the model reads it: normalised, placeholders as one token, only letters kept."""
    return "".join(runs(normalise(text)[0]))


def runs(folded: str) -> list[str]:
    """The runs of kept characters of a text already normalised: what lies between punctuation, spaces
    and other dropped characters. Joined, they are the reading; one run is as far as a negation reaches."""
    return KEEP.findall(PLACEHOLDER.sub(TOKEN, folded))


def grams(text: str, categories: Categories | None = None, negation: re.Pattern[str] | None = None) -> list[str]:
    """Every two- and three-character piece of `reading(text)`, as often as it occurs; with
    `categories`, also a piece `<name>` for each word list of the red lines (third party, debt, night …)
    one of whose words occurs, and `<a>+<b>` for each pair that occurs together: frames such as telling a
    third party about the debt, whatever the words; with `negation`, the one- and two-character pieces
    that follow a cue of negation in its run, marked `!` (不会联系你家人 also gives !联系, !家人): a forbidden
    act under a negation is a promise, and the model can weigh it as one."""
    return pieces(runs(normalise(text)[0]), categories, negation)


def pieces(
    kept_runs: list[str], categories: Categories | None = None, negation: re.Pattern[str] | None = None
) -> list[str]:
    """`grams` of a text's runs. A phrase's score is the sum of its pieces' weights, repeats counted:
    summing as the pieces are made, without a set to build, is what keeps the second opinion cheap
    beside the rules."""
    kept = "".join(kept_runs)
    two = list(map(add, kept, kept[1:]))
    out = [*two, *map(add, two, kept[2:])]
    if categories:
        found = [name for name, pattern in categories.patterns if pattern.search(kept)]
        out += [f"<{name}>" for name in found]
        out += [f"<{a}>+<{b}>" for i, a in enumerate(found) for b in found[i + 1 :]]
    if negation is not None:
        for run in kept_runs:
            cue = negation.search(run)
            if cue is not None:
                rest = run[cue.end() :]
                out += map(NOT.__add__, rest)
                out += [NOT + pair for pair in map(add, rest, rest[1:])]
    return out


@dataclass(frozen=True)
class Categories:
    """Named word lists (from the `terms` of redlines.yml, literal words only), each as one regex."""

    words: dict[str, list[str]]
    patterns: list[tuple[str, re.Pattern[str]]] = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        items = tuple((name, tuple(words)) for name, words in sorted(self.words.items()))
        object.__setattr__(self, "patterns", _category_patterns(items))


@cache
def _category_patterns(items: tuple[tuple[str, tuple[str, ...]], ...]) -> list[tuple[str, re.Pattern[str]]]:
    return [
        (name, re.compile("|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))))
        for name, words in items
        if words
    ]


# ---------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Opinion:
    """What the model thinks of one phrase: its integer score, whether that reaches the threshold, the rule
    the phrase most resembles and the pieces that weighed most towards a violation."""

    score: int
    doubt: bool
    rule: str | None
    drivers: tuple[str, ...]


@dataclass(frozen=True)
class Model:
    """A violation score (`bias` + the weights of the pieces present) and, per rule, a score of its own
    used only to name the rule a doubted phrase most resembles."""

    threshold: int
    veto: int  # a rule's blocking finding whose clause scores below this is dismissed (confidently lawful)
    bias: int
    weights: dict[str, int]
    rules: dict[str, tuple[int, dict[str, int]]]  # rule id -> (bias, weights)
    trained_on: int = 0  # labelled phrases, for the record
    categories: Categories | None = None
    negation: str | None = None  # the cues of negation (one alternation of words), see `grams`
    confirm: int | None = None  # a rule's finding blocks when its clause scores this or more; below, `review`

    def __post_init__(self) -> None:
        # piece -> [(rule position, weight)]: one pass over a phrase's pieces scores every rule
        index: dict[str, list[tuple[int, int]]] = {}
        for position, (_bias, weights) in enumerate(self.rules.values()):
            for piece, weight in weights.items():
                index.setdefault(piece, []).append((position, weight))
        object.__setattr__(self, "_rule_index", index)
        object.__setattr__(self, "_rule_ids", list(self.rules))
        object.__setattr__(self, "_negation", re.compile(self.negation) if self.negation else None)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Model:
        if data.get("version") != MODEL_VERSION:
            raise ValueError(f"model file version {data.get('version')!r}, expected {MODEL_VERSION}")
        return cls(
            threshold=data["threshold"],
            veto=data["veto"],
            bias=data["bias"],
            weights=data["weights"],
            rules={rule: (item["bias"], item["weights"]) for rule, item in data["rules"].items()},
            trained_on=data.get("trained_on", 0),
            categories=Categories(data["categories"]) if data.get("categories") else None,
            negation=data.get("negation"),
            confirm=data.get("confirm"),
        )

    def pieces_of(self, text: str) -> list[str]:
        """The pieces of `text` this model reads (its word lists and negation cues included)."""
        return self.pieces_folded(normalise(text)[0])

    def pieces_folded(self, folded: str) -> list[str]:
        """`pieces_of` a text the rules have already normalised (check_both folds each line once)."""
        return pieces(runs(folded), self.categories, self._negation)  # type: ignore[attr-defined]

    def score_of(self, text: str) -> int:
        """The violation score alone: what the veto and the threshold need, without the explanation."""
        return self.score_pieces(self.pieces_of(text))

    def score_pieces(self, found: list[str]) -> int:
        return self.bias + sum(map(self.weights.get, found, repeat(0)))

    def opinion(self, text: str, found: list[str] | None = None) -> Opinion:
        """The score, the rule the text most resembles and the drivers; `found` is `pieces_of(text)`
        when the caller has it already."""
        found = self.pieces_of(text) if found is None else found
        score = self.score_pieces(found)
        # the pieces of text that pushed hardest towards a violation
        drivers = sorted(
            {p for p in found if self.weights.get(p, 0) > 0 and p[0] not in "<!"}, key=lambda p: (-self.weights[p], p)
        )
        totals = [bias for bias, _weights in self.rules.values()]
        index = self._rule_index  # type: ignore[attr-defined]
        for piece in found:  # repeats counted, as in the violation score
            for position, weight in index.get(piece, ()):
                totals[position] += weight
        # the highest score; on a tie, the greater rule id (as max() over (score, id) pairs)
        best = max(zip(totals, self._rule_ids, strict=True), default=None)  # type: ignore[attr-defined]
        return Opinion(score, score >= self.threshold, best[1] if best else None, tuple(drivers[:DRIVERS]))

    def _doubt(self, text: str, found: list[str], line: int, context: Context | None) -> list[Finding]:
        """The `review` finding for a line that reached the threshold: worked out only for the few lines
        that need one. With a `context`, the message names the rule and the nearest counter-example."""
        opinion = self.opinion(text, found)
        message = "可能违反红线（模型复核）"
        if context is not None and opinion.rule in context.titles:
            message = f"可能违反（模型复核）：{context.titles[opinion.rule]}"
            # counter-examples are compared on pieces of text alone, not the word-list pieces <…> or !…
            nearest = context.nearest(opinion.rule, {p for p in found if p[0] not in "<!"})
            if nearest is not None:
                message += f"；相近的反面示例：{nearest[1]}（{nearest[0]}）"
        return [Finding(line, opinion.rule or "MODEL", SEVERITY, "、".join(opinion.drivers), message)]

    def as_data(self) -> dict[str, Any]:
        return {
            "version": MODEL_VERSION,
            "threshold": self.threshold,
            "veto": self.veto,
            "bias": self.bias,
            "weights": self.weights,
            "rules": {rule: {"bias": bias, "weights": weights} for rule, (bias, weights) in self.rules.items()},
            "trained_on": self.trained_on,
            **({"categories": self.categories.words} if self.categories else {}),
            **({"negation": self.negation} if self.negation else {}),
            **({"confirm": self.confirm} if self.confirm is not None else {}),
        }


@dataclass(frozen=True)
class Context:
    """What a finding names besides the score: rule titles, and per rule the catalogue's counter-examples
    (prohibited entries that break it) as (id, title, pieces of their phrases)."""

    titles: dict[str, str]
    examples: dict[str, list[tuple[str, str, frozenset[str]]]]

    @classmethod
    def of(cls, catalog: Any) -> Context:
        examples: dict[str, list[tuple[str, str, frozenset[str]]]] = {}
        for entry in catalog.entries.values():
            if entry.data.get("verdict") != "prohibited":
                continue
            pieces = frozenset().union(*(grams(t) for t in [entry.phrase, *entry.data.get("variants", [])]))  # as sets
            for rule in entry.data.get("breaks", []):
                examples.setdefault(rule, []).append((entry.id, entry.title, pieces))
        return cls({rule: item["title"] for rule, item in catalog.rules.items()}, examples)

    def nearest(self, rule: str, pieces: set[str]) -> tuple[str, str] | None:
        """(id, title) of the counter-example of `rule` sharing most pieces with the phrase (Jaccard)."""

        def share(item: tuple[str, str, frozenset[str]]) -> tuple[float, str]:
            common = len(pieces & item[2])  # the union's size is |a| + |b| - |a ∩ b|, not built
            return common / ((len(pieces) + len(item[2]) - common) or 1), item[0]

        best = max(self.examples.get(rule, []), key=share, default=None)
        return (best[0], best[1]) if best else None


NO_MODEL_ENV = "HANDBOOK_NO_MODEL"  # set (to 1) to check with the rules alone, as training does


@cache
def shipped() -> Model | None:
    """The model shipped in the package; None before one was trained, or when HANDBOOK_NO_MODEL is set."""
    path = resources.files("handbook.lint") / "data" / MODEL_FILE
    if os.environ.get(NO_MODEL_ENV) or not path.is_file():
        return None
    return Model.from_data(json.loads(path.read_text(encoding="utf-8")))


def check_both(
    linter: Linter, text: str, model: Model | None, context: Context | None = None, doubts: bool = True
) -> list[Finding]:
    """Both tiers for each non-blank line of `text` (1-based line numbers), as `handbook lint`, the
    checker page, `handbook diff` and the corpus report read a text. A rule's blocking finding is weighed
    by the model on the clause it matched (the clause, not the line: a polite first half must not excuse
    a threat in the second):
    - below the veto (confidently lawful: 质检提示：不得说……) it is `dismissed`, kept in the JSON for the
      record and counted nowhere;
    - below `confirm` (the model is unsure) it becomes a `review` finding: a person decides;
    - otherwise it blocks: the rule and the model agree.
    On a line nothing blocks or sends for review, the model's own `review` finding when it doubts the
    line (unless `doubts` is off: `handbook audit` leaves them out by default, see handbook/audit/auditor.py).
    Without a model, the rules alone."""
    out: list[Finding] = []
    confirm = 0 if model is None else model.veto if model.confirm is None else model.confirm
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        folded, origin = normalise(line)
        findings = linter.check_normalised(line, folded, origin, number)
        if model is None:
            out.extend(findings)
            continue
        handled = False
        for f in findings:
            if f.severity == "blocking":
                score = model.score_of(clause_of(line, f.match))
                if score < model.veto:
                    f = dataclasses.replace(
                        f, severity=DISMISSED, message=f"{f.message}（模型很有把握这一分句合规，不计入结论）"
                    )
                elif score < confirm:
                    f = dataclasses.replace(
                        f, severity=SEVERITY, message=f"{f.message}（规则命中，模型把握不大：请人工复核）"
                    )
                handled = handled or f.severity != DISMISSED
            out.append(f)
        if not handled and doubts:
            found = model.pieces_folded(folded)
            if model.score_pieces(found) >= model.threshold:
                out.extend(model._doubt(line, found, number, context))
    return out
