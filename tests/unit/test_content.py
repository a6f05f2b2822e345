"""What no schema can see: the catalogue and docs hold no personal data and no sentence copied from a seed."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml
from conftest import CATALOG, PROJECT
from seed_fingerprints import DIGEST, digest, fingerprints, letters, runs

from handbook.catalog import DEFINITIONS

SEEDS = PROJECT.parent / "shared" / "seeds"
FINGERPRINTS = PROJECT / "tests" / "fixtures" / "seed-runs.bin"  # tools/seed_fingerprints.py writes it
TEXT_FILES = sorted(
    [
        *CATALOG.rglob("*.yml"),
        *(PROJECT / "docs").rglob("*.md"),
        PROJECT / "CONTRIBUTING.md",
        PROJECT / "README.md",
        # pages written by the code say things in their own words too
        *(PROJECT / "handbook").rglob("*.py"),
        *(PROJECT / "handbook").rglob("*.j2"),
        *(PROJECT / "hooks").glob("*.py"),
        *(PROJECT / "docs" / "assets").glob("*.js"),
    ]
)
PERSONAL = re.compile(
    r"(?<!\d)(1[3-9]\d{9}|\d{17}[\dXx]|\d{16,19}|0\d{2,3}-?\d{7,8})(?!\d)"  # mobile, ID, card, landline
    r"|[\w.+-]+@[\w-]+\.[\w.]+"  # e-mail
)


@pytest.fixture(scope="module")
def seed_runs() -> frozenset[bytes]:
    """The digests of every run of the seed texts (shipped, so the check runs on any clone)."""
    data = FINGERPRINTS.read_bytes()
    return frozenset(data[i : i + DIGEST] for i in range(0, len(data), DIGEST))


def copied(text: str, seed_runs: frozenset[bytes]) -> bool:
    return any(digest(run) in seed_runs for run in runs(text))


@pytest.mark.parametrize("path", [p for p in TEXT_FILES if p.exists()], ids=lambda p: p.relative_to(PROJECT).as_posix())
def test_no_sentence_copied_from_a_seed(path, seed_runs):
    found = [
        f"{path.relative_to(PROJECT)}:{number}: {line.strip()[:60]}"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if copied(line, seed_runs)
    ]
    assert found == [], "write these in the handbook's own words"


def seeds_here() -> Path:
    if not SEEDS.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"{SEEDS} is missing; CI must have ../shared beside the project")
        pytest.skip(f"{SEEDS} is not beside the project")
    return SEEDS


def test_the_fingerprints_are_those_of_the_seeds():
    assert FINGERPRINTS.read_bytes() == fingerprints(seeds_here()), "run tools/seed_fingerprints.py"


def _rule_examples() -> set[str]:
    """The personal-data rule must show what it catches: its `match` examples are fake data on purpose."""
    rules = yaml.safe_load((CATALOG / DEFINITIONS / "redlines.yml").read_text(encoding="utf-8"))["rules"]
    return {text for rule in rules if rule["id"] == "RL-PERSONAL-DATA" for text in rule["examples"]["match"]}


@pytest.mark.parametrize("path", [p for p in TEXT_FILES if p.exists()], ids=lambda p: p.relative_to(PROJECT).as_posix())
def test_no_personal_data(path):
    examples = _rule_examples()
    found = [
        f"{path.relative_to(PROJECT)}:{n}: {m.group(0)}"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if line.strip().removeprefix("- ") not in examples
        for m in PERSONAL.finditer(line)
    ]
    assert found == [], "use placeholders such as {客户姓名} instead"


def test_the_checks_catch_what_they_look_for(seed_runs):
    seed = next(seeds_here().glob("001_*.txt")).read_text(encoding="utf-8")
    sentence = next(line for line in seed.splitlines() if len(letters(line)) > 30)
    assert copied(sentence, seed_runs) and copied(f"前言。{sentence[3:]}——后记", seed_runs)
    assert not copied("我们理解您的难处，今天先把还款计划定下来。", seed_runs)
    assert PERSONAL.search("请拨打13912345678") and PERSONAL.search("name@example.com")
    assert not PERSONAL.search("{客户姓名}，逾期{逾期天数}天，2026-11-23")
