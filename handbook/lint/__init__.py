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
- a claim is deferred to the court, the contract or the system after it
  (「……以法院认定为准」), unless the rule says `deferrable: false`: the rules about
  the collector's conduct (an insult followed by 「具体以系统为准」 is still one);
- one of the rule's `exceptions` matches the same clause (lawful statements of
  consequence such as 「可能依法起诉，以法院判决为准」).
Each finding keeps the original text it matched, for the editor to see.

The phrase checker page runs the same rules in the browser: `browser_data` exports the compiled
patterns and everything else the algorithm reads, and docs/assets/checker.js mirrors the functions
below one by one. Patterns stay inside a regex subset that Python and JavaScript read alike
(`outside_subset`; the validator reports a pattern outside it as E306).

Beside the rules, the second opinion (model: a linear model trained on labelled phrases, with
`check_both` combining the two tiers) and the measurement of both on labelled batches (evaluate).
Neither is imported here: both import this package.
"""

from __future__ import annotations

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
from .export import BROWSER_DATA_VERSION, SPACE_LIMIT, browser_data
from .linter import Finding, Linter
from .patterns import TERM, CompiledRule, alternation, anchors, compile_rule, expand, is_pattern
from .subset import SubsetProblem, matches_empty, outside_subset
from .text import CLAUSE_END, QUOTES, clause_of, normalise, traditional_pairs

__all__ = [
    "BROWSER_DATA_VERSION",
    "CLAUSE_END",
    "FRAMED",
    "NEGATION",
    "NOT_A_CUE",
    "PROMISE",
    "QUOTES",
    "REPORTED_SPEECH",
    "REPROACH",
    "SOMEONE",
    "SPACE_LIMIT",
    "SPEAKER",
    "SPEECH_VERB",
    "TERM",
    "VERDICT",
    "DEFERRED",
    "WARNED",
    "CompiledRule",
    "Finding",
    "Linter",
    "SubsetProblem",
    "alternation",
    "anchors",
    "browser_data",
    "clause_of",
    "compile_rule",
    "expand",
    "is_pattern",
    "matches_empty",
    "normalise",
    "outside_subset",
    "traditional_pairs",
]
