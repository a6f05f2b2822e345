"""How fast `handbook lint` reads phrases: phrases per second on 10,000 phrases, with a baseline.

The phrases are the catalogue's own texts and the labelled corpora, repeated to 10,000. Both tiers are
timed too: the rules, then the second opinion (handbook/lint/model.py) on every line no rule blocked. The
baseline, measured in the same run on the same phrases, is the bare regular expressions of every
rule searched over the raw text (no normalisation, no anchors, no excuses): the ratio says what the
linter's reading of Chinese costs on top of plain pattern matching. Best of three runs each.

    make bench-lint        (or: .venv/bin/python benchmarks/lint_speed.py [N])
"""

from __future__ import annotations

import itertools
import platform
import sys
import time
from pathlib import Path

import yaml

from handbook.catalog import load_catalog
from handbook.catalog.compliance import spoken_texts
from handbook.lint.model import check_both, shipped

PROJECT = Path(__file__).resolve().parent.parent


def phrases(count: int) -> list[str]:
    catalog, _ = load_catalog(PROJECT / "scripts_catalog")
    texts = [text for entry in catalog.entries.values() for _p, text in spoken_texts(entry.data)]
    for corpus in sorted((PROJECT / "tests" / "fixtures" / "lint").glob("*.yml")):
        texts += [p["text"] for p in yaml.safe_load(corpus.read_text(encoding="utf-8"))["phrases"]]
    return list(itertools.islice(itertools.cycle(texts), count))


def best_of(runs: int, work) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    catalog, issues = load_catalog(PROJECT / "scripts_catalog")
    if catalog is None or catalog.linter is None:
        print("\n".join(map(str, issues)), file=sys.stderr)
        return 2
    linter = catalog.linter
    texts = phrases(count)
    print(
        f"lint speed: {count:,} phrases, {len(linter.rules)} rules, "
        f"{sum(len(r.patterns) for r in linter.rules)} patterns; {platform.python_implementation()} "
        f"{platform.python_version()} on {platform.machine()}, best of 3",
        flush=True,
    )
    bare = [pattern for rule in linter.rules for _anchors, pattern in rule.patterns]
    findings = sum(len(linter.check(text)) for text in texts)
    full = best_of(3, lambda: [linter.check(text) for text in texts])
    base = best_of(3, lambda: [[p.search(text) for p in bare] for text in texts])
    print(f"{'variant':<44}{'seconds':>9}{'phrases/s':>12}")
    print(f"{'handbook lint (normalise, anchors, excuses)':<44}{full:>9.3f}{count / full:>12,.0f}")
    print(f"{'baseline: bare patterns on raw text':<44}{base:>9.3f}{count / base:>12,.0f}")
    print(f"ratio linter / baseline time: {full / base:.2f}; findings: {findings:,}")
    model = shipped()
    if model is not None:
        text = "\n".join(texts)
        both = best_of(3, lambda: check_both(linter, text, model))
        alone = best_of(3, lambda: [model.score_of(t) for t in texts])
        print(f"{'both tiers (rules, then the second opinion)':<44}{both:>9.3f}{count / both:>12,.0f}")
        print(f"{'the model score alone':<44}{alone:>9.3f}{count / alone:>12,.0f}")
        print(f"ratio both tiers / baseline time: {both / base:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
