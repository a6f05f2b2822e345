"""How well the transcript audit finds what a labelled batch says is there.

A labelled batch is a transcript file and a YAML file beside it (`NAME.labels.yml`): for each call its id,
`conversation` (the conversation checks that should fire) and `turns` (the red lines some collector turn
breaks). `evaluate` audits the transcript and counts, per label, the calls where it was found and where it
was missed, the findings no label asked for, and the lawful calls (both lists empty) that got any finding.

    python -m handbook.audit.evaluate tests/fixtures/audit/blind/calls-blind-1.txt [--rules-only]

Batches under tests/fixtures/audit/blind/ are never tuned on: their figures are reported as first read.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from handbook.catalog import load_catalog

from .auditor import Auditor
from .calls import Speakers, read


@dataclass
class Score:
    found: Counter[str] = field(default_factory=Counter)  # label -> calls where it was found
    missed: Counter[str] = field(default_factory=Counter)
    extra: Counter[str] = field(default_factory=Counter)  # label -> calls where it was found unasked
    lawful: int = 0
    lawful_flagged: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)  # "call label" of each miss
    extras: list[str] = field(default_factory=list)

    def recall(self) -> float:
        total = sum(self.found.values()) + sum(self.missed.values())
        return sum(self.found.values()) / total if total else 1.0

    def precision(self) -> float:
        total = sum(self.found.values()) + sum(self.extra.values())
        return sum(self.found.values()) / total if total else 1.0


def evaluate(transcript: Path, auditor: Auditor, labels: Path | None = None) -> Score:
    labels = labels or transcript.with_name(transcript.stem + ".labels.yml")
    expected = {
        c["id"]: set(c.get("conversation", [])) | set(c.get("turns", []))
        for c in yaml.safe_load(labels.read_text(encoding="utf-8"))["calls"]
    }
    score = Score()
    problems: list = []
    for call in read([transcript], Speakers(), problems):
        got = {f.check or f.rule for f in auditor.call(call) if f.severity in ("blocking", "review", "advisory")}
        want = expected.get(call.id, set())
        if not want:
            score.lawful += 1
            if got:
                score.lawful_flagged.append(f"{call.id}: {', '.join(sorted(got))}")
        for label in want:
            if label in got:
                score.found[label] += 1
            else:
                score.missed[label] += 1
                score.misses.append(f"{call.id} {label}")
        for label in got - want:
            score.extra[label] += 1
            score.extras.append(f"{call.id} {label}")
    if problems:
        raise ValueError("the batch has input problems:\n" + "\n".join(map(str, problems)))
    return score


def report(name: str, score: Score) -> str:
    labels = sorted(set(score.found) | set(score.missed) | set(score.extra))
    found, missed = sum(score.found.values()), sum(score.missed.values())
    lines = [
        f"{name}: recall {score.recall():.0%} ({found} of {found + missed}), precision {score.precision():.0%}, "
        f"lawful calls flagged {len(score.lawful_flagged)} of {score.lawful}"
    ]
    lines.append(f"  {'label':<22} found missed extra")
    for label in labels:
        lines.append(f"  {label:<22} {score.found[label]:>5} {score.missed[label]:>6} {score.extra[label]:>5}")
    lines += [f"  missed: {m}" for m in score.misses]
    lines += [f"  extra: {e}" for e in score.extras]
    lines += [f"  lawful call flagged: {c}" for c in score.lawful_flagged]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "files", nargs="+", type=Path, metavar="TRANSCRIPT", help="labelled transcripts (NAME.labels.yml beside each)"
    )
    parser.add_argument("--catalog", type=Path, default=Path("scripts_catalog"))
    parser.add_argument("--rules-only", action="store_true", help="leave the model out")
    args = parser.parse_args(argv)
    catalog, _issues = load_catalog(args.catalog)
    if catalog is None:
        print("the catalogue does not load; run `handbook validate`", file=sys.stderr)
        return 2
    auditor = Auditor(catalog, rules_only=args.rules_only)
    for path in args.files:
        print(report(str(path), evaluate(path, auditor)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
