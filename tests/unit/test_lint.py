"""The red-line linter: its command, its reading of Chinese, and its figures on labelled phrases."""

from __future__ import annotations

import json
import subprocess

import pytest
from conftest import BIN, FIXTURES, PROJECT, real_catalog
from opencc import OpenCC

from handbook.lint.evaluate import evaluate, load_corpus

LINT = FIXTURES / "lint"
# The patterns were tuned on these four, each first measured unseen (tests/fixtures/lint/README.md).
TUNED = ["corpus.yml", "holdout.yml", "unseen.yml", "fresh.yml"]
# Written without the patterns and never tuned on: measured for the figures, held to a floor.
HELD_OUT = ["final.yml"]


def lint(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [str(BIN / "handbook"), "lint", *args], cwd=PROJECT, input=stdin, capture_output=True, timeout=120
    )


@pytest.fixture(scope="module")
def linter():
    catalog, _ = real_catalog()
    return catalog.linter


def rules(linter, text: str) -> set[str]:
    return {f.rule for f in linter.check(text)}


def test_plain_output_and_exit_codes(tmp_path):
    phrases = tmp_path / "phrases.txt"
    phrases.write_text("您好，请问是{客户姓名}本人吗？\n\n不还钱就让你坐牢。\n", encoding="utf-8")
    result = lint(str(phrases))
    assert result.returncode == 1
    assert result.stdout.decode() == "3: RL-FALSE-LEGAL blocking: 不虚构或夸大法律后果 «坐牢»\n"
    assert "2 line(s) checked, 1 finding(s), 1 blocking" in result.stderr.decode()
    clean = lint("-", stdin="您好，请问是{客户姓名}本人吗？\n".encode())
    assert clean.returncode == 0 and clean.stdout == b""


def test_json_output_lists_every_finding():
    result = lint("--json", stdin="我是法院的，今天不还就抓你。\n请通过{官方还款渠道}还款。\n".encode())
    assert result.returncode == 1
    findings = json.loads(result.stdout)
    assert [(f["line"], f["rule"]) for f in findings] == [(1, "RL-FALSE-AUTHORITY"), (1, "RL-FALSE-LEGAL")]
    assert all(set(f) == {"line", "rule", "severity", "match", "message"} for f in findings)
    assert findings[1]["match"] == "抓你"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xb2\xbb\xbb\xb9\xc7\xae\n", "not UTF-8"),
    ],
    ids=["gbk-bytes"],
)
def test_bad_input_is_a_usage_error(data, message):
    result = lint("-", stdin=data)
    assert result.returncode == 2
    assert message in result.stderr.decode()
    missing = lint("no-such-file.txt")
    assert missing.returncode == 2 and "no-such-file.txt" in missing.stderr.decode()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我们不会联系您的家人或单位。", set()),
        ("请不要去借高利贷来还这笔钱。", set()),
        ("您刚才说要把我们曝光到网上，我们会如实记录。", set()),
        ("逾期记录会按规定报送征信，不良信息自不良行为终止之日起保存5年。", set()),
        ("如协商不成，机构可能依法提起诉讼，结果以法院判决为准。", set()),
        ("我们绝不会放过你。", {"RL-THREAT"}),
        ("这通电话别录音了。", {"RL-CHANNEL"}),
        ("不要怪我们半夜打过去。", {"RL-TIME", "RL-THREAT"}),
        ("您说的“黑名单”其实并不存在。", set()),
        ("交一笔「结案手续费」就能销账。", {"RL-AMOUNT"}),
    ],
    ids=[
        "negation",
        "advice-against",
        "reported-speech",
        "lawful-credit",
        "lawful-litigation",
        "cue-in-threat",
        "cue-is-the-violation",
        "blame-is-no-negation",
        "quoted-speech",
        "quoted-name",
    ],
)
def test_negation_quotes_and_lawful_statements(linter, text, expected):
    assert rules(linter, text) == expected


def test_traditional_and_full_width_read_like_simplified(linter):
    to_traditional = OpenCC("s2t")
    full_width = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)})
    phrases = load_corpus(LINT / "corpus.yml")
    differing = [
        p["text"]
        for p in phrases
        if rules(linter, to_traditional.convert(p["text"]).translate(full_width)) != rules(linter, p["text"])
    ]
    assert differing == []


def test_match_shows_the_original_characters(linter):
    (finding,) = linter.check("不還錢就讓你坐　牢")
    assert finding.match == "坐　牢"


def test_figures_on_the_corpora_the_rules_were_tuned_on(linter):
    phrases = [p for name in TUNED for p in load_corpus(LINT / name)]
    report = evaluate(linter, phrases, [r.id for r in linter.rules])
    assert len(phrases) >= 600
    assert report.total().recall >= 0.97, report.mistakes
    assert report.false_positive_rate <= 0.02, report.mistakes
    for rule, score in report.rules.items():
        assert score.recall >= 0.9, (rule, report.mistakes)


@pytest.mark.parametrize("name", TUNED)
def test_no_tuned_corpus_falls_behind(linter, name):
    report = evaluate(linter, load_corpus(LINT / name), [r.id for r in linter.rules])
    assert report.total().recall >= 0.95, report.mistakes
    assert report.false_positive_rate <= 0.02, report.mistakes


@pytest.mark.parametrize("name", [n for n in HELD_OUT if (LINT / n).exists()])
def test_figures_on_held_out_phrases_do_not_fall(linter, name):
    """A floor below the figures measured when these phrases were first seen, to catch regressions."""
    report = evaluate(linter, load_corpus(LINT / name), [r.id for r in linter.rules])
    assert report.total().recall >= 0.6  # first seen: 62.7 %
    assert report.false_positive_rate <= 0.08  # first seen: 6.7 %


# The blind batches written for RL-ABSOLUTE-PROMISE before its patterns existed: the first is tuned on,
# the second never is (first seen, patterns untuned: recall 15.0 % and 22.0 %; see fixtures/lint/README.md).
PROMISES_TUNED, PROMISES_HELD_OUT = "promises.yml", "promises-holdout.yml"


def test_absolute_promises_on_the_batch_the_rule_was_tuned_on(linter):
    report = evaluate(linter, load_corpus(LINT / PROMISES_TUNED), [r.id for r in linter.rules])
    assert report.rules["RL-ABSOLUTE-PROMISE"].recall >= 0.85, report.mistakes
    assert report.false_positive_rate <= 0.04, report.mistakes


def test_absolute_promises_on_the_batch_never_tuned_on_do_not_fall(linter):
    """A floor at the figures measured when the batch was first read (22.0 % recall, 12.0 % flagged)."""
    report = evaluate(linter, load_corpus(LINT / PROMISES_HELD_OUT), [r.id for r in linter.rules])
    assert report.rules["RL-ABSOLUTE-PROMISE"].recall >= 0.22, report.mistakes
    assert report.false_positive_rate <= 0.12, report.mistakes


def test_corpus_command_prints_a_row_per_rule():
    result = subprocess.run(
        [str(BIN / "handbook"), "corpus", str(LINT / "corpus.yml")],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0
    catalog, _ = real_catalog()
    for rule in catalog.rules:
        assert any(line.startswith(rule) for line in result.stdout.splitlines()), rule
    assert "compliant phrases flagged:" in result.stdout
