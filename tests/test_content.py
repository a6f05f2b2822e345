"""What no schema can see: the catalogue and docs hold no personal data and no sentence copied from a seed."""

from __future__ import annotations

import os
import re

import pytest
import yaml
from conftest import CATALOG, PROJECT

SEEDS = PROJECT.parent / "shared" / "seeds"
RUN = 14  # characters in a row, punctuation and spaces removed, that count as a copied sentence
TEXT_FILES = sorted(
    [
        *CATALOG.rglob("*.yml"),
        *(PROJECT / "docs").rglob("*.md"),
        PROJECT / "CONTRIBUTING.md",
        PROJECT / "README.md",
        # pages written by the hooks say things in their own words too
        *(PROJECT / "handbook").rglob("*.py"),
        *(PROJECT / "handbook" / "templates").glob("*.j2"),
        *(PROJECT / "hooks").glob("*.py"),
        *(PROJECT / "docs" / "assets").glob("*.js"),
    ]
)
PERSONAL = re.compile(
    r"(?<!\d)(1[3-9]\d{9}|\d{17}[\dXx]|\d{16,19}|0\d{2,3}-?\d{7,8})(?!\d)"  # mobile, ID, card, landline
    r"|[\w.+-]+@[\w-]+\.[\w.]+"  # e-mail
)


def _strip(text: str) -> str:
    return re.sub(r"[\s\W_]+", "", text)


@pytest.fixture(scope="module")
def seed_runs() -> set[str]:
    if not SEEDS.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"{SEEDS} is missing; CI must have ../shared beside the project")
        pytest.skip(f"{SEEDS} is not beside the project")
    runs: set[str] = set()
    for seed in SEEDS.glob("*.txt"):
        text = _strip(seed.read_text(encoding="utf-8", errors="ignore"))
        runs.update(text[i : i + RUN] for i in range(len(text) - RUN + 1))
    return runs


@pytest.mark.parametrize("path", [p for p in TEXT_FILES if p.exists()], ids=lambda p: p.relative_to(PROJECT).as_posix())
def test_no_sentence_copied_from_a_seed(path, seed_runs):
    copied = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        text = _strip(line)
        if any(text[i : i + RUN] in seed_runs for i in range(len(text) - RUN + 1)):
            copied.append(f"{path.relative_to(PROJECT)}:{number}: {line.strip()[:60]}")
    assert copied == [], "write these in the handbook's own words"


def _rule_examples() -> set[str]:
    """The personal-data rule must show what it catches: its `match` examples are fake data on purpose."""
    rules = yaml.safe_load((CATALOG / "redlines.yml").read_text(encoding="utf-8"))["rules"]
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
    seed = next(SEEDS.glob("001_*.txt")).read_text(encoding="utf-8")
    sentence = next(line for line in seed.splitlines() if len(_strip(line)) > 30)
    text = _strip(sentence)
    assert any(text[i : i + RUN] in seed_runs for i in range(len(text) - RUN + 1))
    assert PERSONAL.search("请拨打13912345678") and PERSONAL.search("name@example.com")
    assert not PERSONAL.search("{客户姓名}，逾期{逾期天数}天，2026-11-23")
