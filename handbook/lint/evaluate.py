"""Measure the linter on labelled phrases: precision and recall per rule, false positives overall."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import Linter
from .model import SEVERITY, check_both


@dataclass
class Score:
    """Counts for one rule: true positives, false positives, false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Report:
    """The result of one corpus: scores per rule and the phrases read wrongly."""

    rules: dict[str, Score] = field(default_factory=dict)
    phrases: int = 0
    violating: int = 0
    flagged_compliant: int = 0  # compliant phrases with any finding
    mistakes: list[str] = field(default_factory=list)

    @property
    def false_positive_rate(self) -> float:
        compliant = self.phrases - self.violating
        return self.flagged_compliant / compliant if compliant else 0.0

    def total(self) -> Score:
        out = Score()
        for score in self.rules.values():
            out.tp, out.fp, out.fn = out.tp + score.tp, out.fp + score.fp, out.fn + score.fn
        return out


def load_corpus(path: Path) -> list[dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["phrases"]


def evaluate(linter: Linter, phrases: list[dict[str, Any]], rule_ids: list[str]) -> Report:
    report = Report(rules={rule: Score() for rule in rule_ids}, phrases=len(phrases))
    for item in phrases:
        expected = set(item["rules"])
        found = {f.rule for f in linter.check(item["text"])}
        report.violating += bool(expected)
        report.flagged_compliant += bool(found and not expected)
        for rule in expected | found:
            score = report.rules.setdefault(rule, Score())
            if rule in expected and rule in found:
                score.tp += 1
            elif rule in found:
                score.fp += 1
            else:
                score.fn += 1
        if expected != found:
            missed = ",".join(sorted(expected - found)) or "-"
            extra = ",".join(sorted(found - expected)) or "-"
            report.mistakes.append(f"missed {missed:<24} extra {extra:<24} {item['text']}")
    return report


def table(name: str, report: Report) -> str:
    lines = [
        f"{name}: {report.phrases} phrases, {report.violating} violating, "
        f"{report.phrases - report.violating} compliant",
        f"{'rule':<26}{'tp':>5}{'fp':>5}{'fn':>5}{'precision':>11}{'recall':>9}",
    ]
    for rule, s in sorted(report.rules.items()):
        lines.append(f"{rule:<26}{s.tp:>5}{s.fp:>5}{s.fn:>5}{s.precision:>11.1%}{s.recall:>9.1%}")
    t = report.total()
    lines.append(f"{'all rules':<26}{t.tp:>5}{t.fp:>5}{t.fn:>5}{t.precision:>11.1%}{t.recall:>9.1%}")
    lines.append(
        f"compliant phrases flagged: {report.flagged_compliant} of {report.phrases - report.violating} "
        f"({report.false_positive_rate:.1%})"
    )
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# Both tiers: the blocking rules and the model's second opinion
# ---------------------------------------------------------------------------


@dataclass
class TierCounts:
    """Phrases caught (violating with a finding) and lawful phrases flagged, by one tier or by both."""

    caught: int = 0
    flagged: int = 0


@dataclass
class TierReport:
    violating: int = 0
    lawful: int = 0
    tiers: dict[str, TierCounts] = field(default_factory=dict)
    per_rule: dict[str, tuple[int, int]] = field(default_factory=dict)  # rule -> (caught by either tier, labelled)
    missed: list[str] = field(default_factory=list)


TIERS = ("blocking", "review", "both")


def evaluate_tiers(linter: Linter, model: Any, phrases: list[dict[str, Any]]) -> TierReport:
    """Phrase by phrase, as `handbook lint` reports it (model.check_both): is it blocked, is it sent for
    review (the model's doubt, or a rule's finding the model vetoed), is it either?"""
    report = TierReport(tiers={tier: TierCounts() for tier in TIERS})
    caught: dict[str, list[int]] = {}
    for item in phrases:
        expected = set(item["rules"])
        findings = check_both(linter, item["text"], model)
        blocked = any(f.severity == "blocking" for f in findings)
        reviewed = any(f.severity == SEVERITY for f in findings)
        hits = {"blocking": blocked, "review": reviewed, "both": blocked or reviewed}
        if expected:
            report.violating += 1
            for tier, hit in hits.items():
                report.tiers[tier].caught += hit
            for rule in expected:
                counts = caught.setdefault(rule, [0, 0])
                counts[0] += hits["both"]
                counts[1] += 1
            if not hits["both"]:
                report.missed.append(f"missed {','.join(sorted(expected)):<24} {item['text']}")
        else:
            report.lawful += 1
            for tier, hit in hits.items():
                report.tiers[tier].flagged += hit
    report.per_rule = {rule: (c[0], c[1]) for rule, c in sorted(caught.items())}
    return report


def tier_table(name: str, report: TierReport) -> str:
    """Per tier: violations caught and lawful phrases flagged; per rule: caught by either tier."""
    lines = [
        f"{name}: by tier (blocking: the rules the model does not veto; review: the model's doubts)",
        f"{'tier':<10}{'caught':>16}{'flagged':>16}",
    ]
    for tier, counts in report.tiers.items():
        recall = counts.caught / report.violating if report.violating else 1.0
        flagged = counts.flagged / report.lawful if report.lawful else 0.0
        lines.append(
            f"{tier:<10}{counts.caught:>6}/{report.violating:<4}{recall:>6.1%}{counts.flagged:>6}/{report.lawful:<4}{flagged:>6.1%}"
        )
    lines.append(
        "recall of both tiers per rule: "
        + ", ".join(f"{rule} {c}/{n} {c / n:.0%}" for rule, (c, n) in report.per_rule.items())
    )
    return "\n".join(lines) + "\n"
