"""The checker's second opinion: reproducible training, exact integer scores, the pieces it reads, and
its findings in `handbook lint` (the page is held to the same findings in test_checker.py)."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from conftest import BIN, PROJECT, real_catalog

from handbook.lint.model import MODEL_VERSION, Model, grams, reading, shipped

# Violations worded so that no pattern was written for them; at least one must reach the second tier.
VEILED = [
    "你再不还，我们就把你这点破事告诉你七大姑八大姨。",
    "这种人就该让全小区的人都认识认识。",
    "你家孩子每天几点放学我们门儿清。",
    "等你睡熟了我们的电话就到了。",
    "老实说你这样的人我们见多了，没一个有好下场。",
]


def lint(*args: str, stdin: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [str(BIN / "handbook"), "lint", *args], cwd=PROJECT, input=stdin.encode(), capture_output=True, timeout=120
    )


def test_the_committed_model_is_what_training_produces():
    """`make train` is reproducible: training again gives the committed file byte for byte."""
    result = subprocess.run(
        [sys.executable, "tools/train_model.py", "--check"], cwd=PROJECT, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_handbook_never_imports_the_training_library():
    code = "import sys, handbook.tools.cli, handbook.lint.model, handbook.catalog; print('sklearn' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "False", result.stderr


def test_scores_are_sums_of_integers():
    model = shipped()
    assert model is not None
    data = model.as_data()
    assert data["version"] == MODEL_VERSION
    assert all(isinstance(w, int) for w in data["weights"].values())
    assert all(isinstance(w, int) for r in data["rules"].values() for w in r["weights"].values())
    text = VEILED[0]
    expected = model.bias + sum(model.weights.get(p, 0) for p in model.pieces_of(text))
    assert model.opinion(text).score == expected
    assert Model.from_data(json.loads(json.dumps(data))).opinion(text) == model.opinion(text)


@pytest.mark.parametrize(
    ("written", "same_as"),
    [
        ("坐-牢", "坐牢"),
        ("坐 牢", "坐牢"),
        ("坐\U0001f600牢", "坐牢"),
        ("讓你坐牢", "让你坐牢"),
        ("ＡＢＣ１２", "abc12"),
        ("{客户姓名}欠款", "{机构名称}欠款"),
    ],
)
def test_split_traditional_and_full_width_words_read_alike(written, same_as):
    assert reading(written) == reading(same_as)
    assert grams(written) == grams(same_as)


def test_a_negation_marks_what_follows_it_in_its_run_only():
    negation = re.compile("不会|别")
    found = grams("我们不会联系您的家人，但我们会打给您", None, negation)
    assert {"!联系", "!家人", "!联"} <= set(found)
    assert "!打给" not in found  # the next run (after the comma) is outside the negation
    assert not [p for p in grams("我们会联系您的家人", None, negation) if p.startswith("!")]
    assert found.count("我们") == 2  # repeats are kept: a score counts every occurrence


def test_a_model_file_of_another_version_is_refused():
    data = shipped().as_data()
    with pytest.raises(ValueError, match="version"):
        Model.from_data({**data, "version": MODEL_VERSION + 1})


def test_lint_adds_a_review_finding_where_no_rule_blocks():
    model = shipped()
    catalog, _ = real_catalog()
    reaching = [t for t in VEILED if model.opinion(t).doubt and not catalog.linter.check(t)]
    assert reaching, "none of the veiled phrases reached the second tier"
    result = lint("--json", "-", stdin=reaching[0] + "\n您好，我是{机构名称}的{催收员姓名}。\n")
    assert result.returncode == 0, result.stderr  # a review finding does not fail the command
    (finding,) = json.loads(result.stdout)
    assert finding["line"] == 1 and finding["severity"] == "review"
    assert finding["rule"] in catalog.rules and finding["match"]
    assert "相近的反面示例" in finding["message"]
    assert "for review" in result.stderr.decode()
    quiet = lint("--json", "--rules-only", "-", stdin=reaching[0] + "\n")
    assert json.loads(quiet.stdout) == []


@pytest.mark.parametrize(("weight", "severity"), [(1000, "dismissed"), (3000, "review"), (5000, "blocking")])
def test_a_rule_blocks_only_where_the_model_agrees_on_its_clause(weight, severity):
    """A rule's finding is weighed on its clause: below the veto dismissed, below `confirm` sent for
    review, from there blocking (a model whose only piece is 坐牢, so the clause scores `weight`)."""
    from handbook.lint.model import check_both

    catalog, _ = real_catalog()
    model = Model(threshold=10**9, veto=2000, bias=0, weights={"坐牢": weight}, rules={}, confirm=4000)
    (finding,) = check_both(catalog.linter, "您好，打扰了。不还钱就让你坐牢。", model)
    assert (finding.rule, finding.severity, finding.match) == ("RL-FALSE-LEGAL", severity, "坐牢")


def test_no_review_where_a_rule_already_blocks():
    result = lint("--json", "-", stdin="不还钱就让你坐牢。\n")
    assert result.returncode == 1
    assert [f["severity"] for f in json.loads(result.stdout)] == ["blocking"]


def test_a_recorded_decision_answers_the_doubt_until_the_wording_changes(tmp_path):
    from conftest import FIXTURES, make_catalog

    from handbook.catalog import load_catalog
    from handbook.catalog.compliance import fingerprint

    root = make_catalog(tmp_path / "scripts_catalog", FIXTURES / "codes" / "E308")
    entry = root / "closing" / "sample-entry.yml"
    text = entry.read_text(encoding="utf-8")
    phrase = text.split("phrase: ", 1)[1].split("\n", 1)[0]
    decision = (
        f"second_opinion:\n  - {{text: {fingerprint(phrase)}, decision: lawful, by: compliance, "
        "on: '2026-11-30', note: 测试用的复核决定}\n"
    )
    entry.write_text(text.replace("reviewed:", decision + "reviewed:"), encoding="utf-8")
    assert [i.code for i in load_catalog(root)[1]] == []
    entry.write_text(entry.read_text(encoding="utf-8").replace("七大姑八大姨", "七大姑八大姨们"), encoding="utf-8")
    assert [i.code for i in load_catalog(root)[1]] == ["E308"]


# Never trained or tuned on (tests/fixtures/lint/README.md has each batch's first-look figures). Floors for
# regressions: (violations caught by either tier at least, lawful phrases flagged by either tier at most,
# lawful phrases the rules block at most), a little beyond what the checker of 2026-12-01 reads, with room
# for two phrases of the ±2 a retraining moves on 160.
SEALED_FLOORS = {
    "sealed-1.yml": (0.92, 0.03, 0.02),
    "sealed-2.yml": (0.94, 0.05, 0.02),
    "sealed-3.yml": (0.92, 0.04, 0.02),
    "sealed-4.yml": (0.95, 0.03, 0.02),
    "sealed-6.yml": (0.93, 0.04, 0.02),
    "sealed-9.yml": (0.94, 0.03, 0.02),
    "sealed-10.yml": (0.94, 0.03, 0.02),
}


@pytest.mark.parametrize("name", sorted(SEALED_FLOORS))
def test_both_tiers_on_the_sealed_batches_do_not_fall(name):
    from conftest import FIXTURES

    from handbook.lint.evaluate import evaluate_tiers, load_corpus

    catalog, _ = real_catalog()
    report = evaluate_tiers(catalog.linter, shipped(), load_corpus(FIXTURES / "lint" / "sealed" / name))
    both = report.tiers["both"]
    recall_floor, flagged_ceiling, blocked_ceiling = SEALED_FLOORS[name]
    assert both.caught / report.violating >= recall_floor, report.missed
    assert both.flagged / report.lawful <= flagged_ceiling
    assert report.tiers["blocking"].flagged / report.lawful <= blocked_ceiling
