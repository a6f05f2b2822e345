"""`handbook audit`: transcripts and call logs read as a quality team writes them, each check of a call and
of a log, masking, the input problems (codes A001-A009, each at its line), the limits read from
redlines.yml, the labelled development batch, and the command's JSON and HTML reports."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
from conftest import BIN, CATALOG, FIXTURES, real_catalog

from handbook.audit import calllog, calls
from handbook.audit.auditor import Auditor
from handbook.audit.evaluate import evaluate
from handbook.audit.report import SCHEMA
from handbook.load.issues import CODES, Issue

AUDIT = FIXTURES / "audit"
OPENING = "[00:00:00] 坐席: 您好，我是安信消费金融的客服小张，本次通话会录音。请问是王先生本人吗？"


@pytest.fixture(scope="module")
def auditor() -> Auditor:
    catalog, _issues = real_catalog()
    return Auditor(catalog)


def write(tmp_path: Path, text: str, name: str = "calls.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def audit(auditor: Auditor, path: Path) -> tuple[list, list[Issue]]:
    problems: list[Issue] = []
    findings = [f for call in calls.read([path], calls.Speakers(), problems) for f in auditor.call(call)]
    return findings, problems


def found(findings) -> set[tuple[int, str]]:
    return {(f.line, f.check or f.rule) for f in findings}


# Reading ------------------------------------------------------------------------------------------------


def test_text_transcripts_split_into_calls_with_times_and_roles(tmp_path: Path):
    path = write(
        tmp_path,
        "# exported 2026-11-30\n=== call C1\n[00:00:01] 坐席: 您好\n[01:05] 客户：是我\n\n"
        "=== call C2\nagent: hello\nB: 嗯\n",
    )
    problems: list[Issue] = []
    read = list(calls.read([path], calls.Speakers(), problems))
    assert problems == []
    assert [(c.id, c.line) for c in read] == [("C1", 2), ("C2", 6)]
    assert [(t.line, t.role, t.text, t.start) for t in read[0].turns] == [
        (3, "agent", "您好", 1.0),
        (4, "customer", "是我", 65.0),
    ]
    assert [t.role for t in read[1].turns] == ["agent", "customer"]


def test_a_file_without_markers_is_one_call_named_after_it(tmp_path: Path):
    path = write(tmp_path, "坐席: 您好\n客户: 是我\n", "2026-11-30-0001.txt")
    (call,) = calls.read([path], calls.Speakers(), [])
    assert call.id == "2026-11-30-0001" and len(call.turns) == 2


def test_json_lines_follow_calls_and_speaker_labels_can_be_named(tmp_path: Path):
    lines = [
        {"call": "J1", "speaker": "工号8801", "start": 1.5, "text": "您好"},
        {"call": "J1", "speaker": "customer", "start": 4, "text": "是我"},
        {"call": "J2", "speaker": "工号8801", "text": "您好"},
    ]
    path = write(tmp_path, "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", "calls.jsonl")
    problems: list[Issue] = []
    read = list(calls.read([path], calls.Speakers(agent=("工号8801",)), problems))
    assert problems == [] and [c.id for c in read] == ["J1", "J2"]
    assert [(t.role, t.start) for t in read[0].turns] == [("agent", 1.5), ("customer", 4)]


@pytest.mark.parametrize("case", sorted(p.name for p in (AUDIT / "codes").iterdir()))
def test_each_input_problem_is_reported_at_its_line_and_the_rest_is_read(case: str, tmp_path: Path):
    folder = AUDIT / "codes" / case
    expected = sorted(tuple(line.split()) for line in (folder / "expect.txt").read_text(encoding="utf-8").splitlines())
    files = sorted(p for p in folder.iterdir() if p.name != "expect.txt") or [folder / "missing.txt"]
    problems: list[Issue] = []
    for path in files:
        if path.suffix == ".csv":
            calllog.read(path, None, problems)
        else:
            list(calls.read([path], calls.Speakers(), problems))
    got = sorted((f"{Path(p.path).name}:{p.line}", p.code) for p in problems)
    assert got == expected
    for problem in problems:
        assert problem.code in CODES and len(problem.message) > 20, problem


def test_problem_rows_leave_the_good_rows_audited():
    problems: list[Issue] = []
    attempts = calllog.read(AUDIT / "codes" / "A008" / "log.csv", None, problems)
    assert [a.line for a in attempts] == [2] and len(problems) == 5


# Conversation checks -------------------------------------------------------------------------------------


def test_a_lawful_call_has_no_finding(auditor: Auditor, tmp_path: Path):
    path = write(
        tmp_path,
        f"""=== call OK
{OPENING}
[00:00:05] 客户: 对，是我，什么事？
[00:00:09] 坐席: 王先生，您这期应还3200元，已经逾期12天了，您看什么时候方便通过官方App还上？
[00:00:20] 客户: 下周五发工资。
[00:00:26] 坐席: 好的，那我们约下周五，通过官方App还款，到时我再提醒您一下。
""",
    )
    findings, problems = audit(auditor, path)
    assert problems == [] and findings == []


def test_debt_details_before_the_borrower_confirmed(auditor: Auditor, tmp_path: Path):
    path = write(
        tmp_path,
        "=== call C\n[00:00:00] 坐席: 喂，王先生吗？我是安信消费金融的，本次通话录音，"
        "您欠的3200块已经逾期一个多月了。\n"
        "[00:00:04] 客户: 是我。\n",
    )
    findings, _ = audit(auditor, path)
    (finding,) = [f for f in findings if f.check == "identity-first"]
    assert (finding.line, finding.rule, finding.severity, finding.time) == (2, "RL-THIRD-PARTY", "blocking", "00:00:00")
    assert finding.match == "3200块" and finding.entry == "verify-identity-first-call" and "《" in finding.citation


def test_a_third_party_is_told_nothing_after_saying_who_they_are(auditor: Auditor, tmp_path: Path):
    path = write(
        tmp_path,
        f"=== call T\n{OPENING}\n[00:00:04] 客户: 他不在，我是他老婆。\n"
        "[00:00:07] 坐席: 那麻烦您转告他，他在我们这儿的欠款已经逾期了。\n",
    )
    findings, _ = audit(auditor, path)
    assert (4, "third-party-told") in found(findings)
    told = next(f for f in findings if f.check == "third-party-told")
    assert told.entry == "third-party-answers-no-disclosure"


def test_the_lawful_third_party_call_is_clean(auditor: Auditor, tmp_path: Path):
    path = write(
        tmp_path,
        f"=== call T\n{OPENING}\n[00:00:04] 客户: 打错了，这里没有这个人。\n"
        "[00:00:07] 坐席: 不好意思打扰您了，我们会更正记录，再见。\n",
    )
    assert audit(auditor, path)[0] == []


@pytest.mark.parametrize(
    ("turns", "check"),
    [
        (
            [
                "[00:00:00] 坐席: 您好，我是安信消费金融的客服，请问是王先生本人吗？",
                "[00:00:03] 客户: 是我。",
                "[00:00:06] 坐席: 您的借款逾期了，今天能通过官方App还上吗？",
            ],
            "no-recording-notice",
        ),
        (
            [OPENING, "[00:00:03] 客户: 是我。", "[00:00:06] 坐席: 您的借款逾期了，今天能还上吗？"],
            "no-official-channel",
        ),
        (
            [
                OPENING,
                "[00:00:03] 客户: 是我。",
                "[00:00:06] 坐席: 您的借款逾期了，请通过官方App还款。",
                "[00:00:09] 客户: 不是我借的，我身份证被冒用了。",
                "[00:00:12] 坐席: 系统上就是你，今天必须还清。",
            ],
            "dispute-pressed",
        ),
        (
            [
                OPENING,
                "[00:00:03] 客户: 是我。",
                "[00:00:06] 坐席: 您的借款逾期了，请通过官方App还款。",
                "[00:00:09] 客户: 我真的不想活了。",
                "[00:00:12] 坐席: 那也得先还一部分，今天在App上操作。",
            ],
            "distress-pressed",
        ),
    ],
)
def test_each_conversation_check(auditor: Auditor, tmp_path: Path, turns: list[str], check: str):
    findings, _ = audit(auditor, write(tmp_path, "=== call X\n" + "\n".join(turns) + "\n"))
    assert [f.check for f in findings if f.kind == "call"] == [check]


def test_a_verified_dispute_and_a_stopped_call_are_not_findings(auditor: Auditor, tmp_path: Path):
    lines = [
        OPENING,
        "[00:00:03] 客户: 是我。",
        "[00:00:06] 坐席: 您的借款逾期了，请通过官方App还款。",
        "[00:00:09] 客户: 不是我借的，我身份证被冒用了。",
        "[00:00:12] 坐席: 明白，我先给您登记异议，暂停催收，请您把报案材料通过客服电话提交，我们核实后答复您。",
        "[00:00:20] 客户: 我现在真的不想活了。",
        "[00:00:24] 坐席: 还款的事先放一放，您身边有人陪着您吗？需要的话请马上拨打120或心理援助热线。",
    ]
    assert audit(auditor, write(tmp_path, "=== call X\n" + "\n".join(lines) + "\n"))[0] == []


def test_turn_findings_name_the_rule_the_citation_and_a_lawful_entry(auditor: Auditor, tmp_path: Path):
    path = write(tmp_path, f"=== call V\n{OPENING}\n[00:00:03] 客户: 是我。\n[00:00:06] 坐席: 再不还钱就等着坐牢吧。\n")
    (finding,) = [f for f in audit(auditor, path)[0] if f.rule == "RL-FALSE-LEGAL"]
    assert (finding.kind, finding.line, finding.severity) == ("turn", 4, "blocking")
    assert finding.citation and finding.entry and finding.entry in auditor.catalog.entries
    assert auditor.catalog.entries[finding.entry].verdict != "prohibited"


def test_personal_data_is_masked_in_every_excerpt(auditor: Auditor, tmp_path: Path):
    path = write(
        tmp_path,
        "=== call P\n[00:00:00] 坐席: 王先生，你欠的3200元今天转到我个人微信13800001234，"
        "身份证11010119900101123X我都有。\n",
    )
    findings, _ = audit(auditor, path)
    text = json.dumps([f.as_dict() for f in findings], ensure_ascii=False)
    assert findings and "13800001234" not in text and "11010119900101123X" not in text


def test_every_lawful_entry_a_check_names_is_in_the_catalogue(auditor: Auditor):
    from handbook.audit.conversation import CHECKS

    for check in CHECKS.values():
        entry = auditor.catalog.entries.get(check.entry)
        assert entry is not None and entry.verdict != "prohibited", check
    for _rule, _severity, entry_id in Auditor.LOG_CHECKS.values():
        assert auditor.catalog.entries[entry_id].verdict != "prohibited"


def test_the_development_batch_stays_found(auditor: Auditor):
    """The labelled batch the conversation cues were tuned on (tests/fixtures/audit/dev): a regression
    guard. The blind batches beside it are measured by `python -m handbook.audit.evaluate`, never here."""
    score = evaluate(AUDIT / "dev" / "calls-dev-1.txt", auditor)
    conversation = [k for k in score.found | score.missed if not k.startswith("RL-")]
    assert all(score.missed[k] == 0 for k in conversation), score.misses
    assert score.lawful_flagged == [] and score.recall() == 1.0 and score.precision() >= 0.9


# Call logs ------------------------------------------------------------------------------------------------

LOG = """case,time,answered,agent,contact,consent
K1,2026-11-03T21:50:00+08:00,no,A07,c1,
K1,2026-11-03T22:15:00+08:00,no,A07,c1,
K2,2026-11-03T23:10:00+08:00,yes,A07,c2,yes
K2,2026-11-04T07:59:00+08:00,no,A07,c2,
"""


def limits(auditor: Auditor) -> calllog.Limits:
    return calllog.Limits.of(auditor.catalog)


def checks_of(auditor: Auditor, path: Path, tz: str | None = None) -> list[tuple[int, str]]:
    attempts = calllog.read(path, calllog.zone(tz), [])
    return [(f.line, f.check) for f in auditor.log(path, calllog.breaches(attempts, limits(auditor)), limits(auditor))]


def test_night_contact_without_consent(auditor: Auditor, tmp_path: Path):
    assert checks_of(auditor, write(tmp_path, LOG, "log.csv")) == [(3, "night"), (5, "night")]


def test_local_time_comes_from_the_offset_or_tz(auditor: Auditor, tmp_path: Path):
    utc = "case,time,answered\nK1,2026-11-03T13:30:00Z,no\n"  # 21:30 in Shanghai, 13:30 in London
    path = write(tmp_path, utc, "log.csv")
    assert checks_of(auditor, path, "Asia/Shanghai") == []
    assert checks_of(auditor, path, "-10:00") == [(2, "night")]  # 03:30
    naive = write(tmp_path, "case,time,answered\nK1,2026-11-03 23:30,no\n", "naive.csv")
    assert checks_of(auditor, naive, "+08:00") == [(2, "night")]
    with pytest.raises(ValueError, match="not a time zone"):
        calllog.zone("Mars/Olympus")


def unanswered(n: int, contact: str = "c1", start: int = 9) -> str:
    return "".join(f"K1,2026-11-04T{start + 2 * i:02d}:00:00+08:00,no,A03,{contact},\n" for i in range(n))


def test_more_unanswered_attempts_than_the_limit_is_one_finding(auditor: Auditor, tmp_path: Path):
    per_day = limits(auditor).per_day
    head = "case,time,answered,agent,contact,consent\n"
    assert checks_of(auditor, write(tmp_path, head + unanswered(per_day), "a.csv")) == []
    over = checks_of(auditor, write(tmp_path, head + unanswered(per_day + 1), "b.csv"))
    assert over == [(per_day + 2, "unanswered")]
    # the limit is per contact: the same count split over two numbers stays within it
    split = head + unanswered(per_day, "c1") + unanswered(1, "c2", start=8)
    assert checks_of(auditor, write(tmp_path, split, "c.csv")) == []


def test_a_burst_is_one_finding_however_many_attempts(auditor: Auditor, tmp_path: Path):
    n = limits(auditor).burst_attempts
    rows = "".join(f"K9,2026-11-04T10:{5 * i:02d}:00+08:00,yes,A01,c9,\n" for i in range(n + 2))
    assert checks_of(auditor, write(tmp_path, "case,time,answered,agent,contact,consent\n" + rows, "d.csv")) == [
        (n + 1, "burst")
    ]


def test_the_limits_come_from_redlines_yml(tmp_path: Path):
    root = tmp_path / "scripts_catalog"
    shutil.copytree(CATALOG, root)
    redlines = root / "_definitions" / "redlines.yml"
    text = redlines.read_text(encoding="utf-8")
    redlines.write_text(
        text.replace("quiet_hours: {from: '22:00', until: '08:00'}", "quiet_hours: {from: '21:00', until: '08:00'}"),
        encoding="utf-8",
    )
    from handbook.catalog import load_catalog

    catalog, _ = load_catalog(root)
    assert catalog is not None
    assert calllog.Limits.of(catalog).quiet_from.hour == 21
    early = Auditor(catalog, rules_only=True)
    path = write(tmp_path, "case,time,answered\nK1,2026-11-03T21:30:00+08:00,no\n", "log.csv")
    assert checks_of(early, path) == [(2, "night")]


# The command and its reports --------------------------------------------------------------------------


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "handbook"), "audit", *args], capture_output=True, text=True, cwd=cwd, check=False)


def test_the_json_report_follows_its_published_schema(tmp_path: Path):
    result = run("transcript", "--json", str(AUDIT / "dev" / "calls-dev-1.txt"))
    assert result.returncode == 1, result.stderr  # the batch has blocking findings
    report = json.loads(result.stdout)
    jsonschema.validate(report, json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert report["totals"]["calls"] == 30 and report["findings"]
    log = run("log", "--json", "--tz", "Asia/Shanghai", str(AUDIT / "logs" / "calls.csv"))
    jsonschema.validate(json.loads(log.stdout), json.loads(SCHEMA.read_text(encoding="utf-8")))


def test_the_terminal_output_locates_findings_and_problems(tmp_path: Path):
    bad = AUDIT / "codes" / "A003" / "calls.txt"
    result = run("transcript", str(AUDIT / "dev" / "calls-dev-1.txt"), str(bad))
    assert re.search(r"calls-dev-1\.txt:\d+: \[D1-\d\d \d\d:\d\d:\d\d\] RL-[A-Z-]+ blocking: ", result.stdout)
    assert re.search(r"calls\.txt:3:1: A003 not a turn", result.stderr)
    assert "by rule:" in result.stderr and "worst:" in result.stderr


def test_usage_errors_exit_2_with_a_reason(tmp_path: Path):
    result = run("log", "--tz", "Nowhere/Land", str(AUDIT / "logs" / "calls.csv"))
    assert result.returncode == 2 and "not a time zone" in result.stderr
    result = run("transcript")
    assert result.returncode == 2 and "FILE" in result.stderr
    catalog = shutil.copytree(CATALOG, tmp_path / "scripts_catalog")
    redlines = catalog / "_definitions" / "redlines.yml"
    text = redlines.read_text(encoding="utf-8")
    redlines.write_text(text.replace("      burst: {attempts: 3, minutes: 60}", "", 1), encoding="utf-8")
    result = subprocess.run(
        [str(BIN / "handbook"), "--catalog", str(catalog), "audit", "log", "--json", str(AUDIT / "logs" / "calls.csv")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2 and "no burst" in result.stderr
    assert result.stdout == ""  # no half-written JSON report


def test_the_html_report_stands_alone(tmp_path: Path):
    out = tmp_path / "report.html"
    result = run("log", "--tz", "Asia/Shanghai", "--html", str(out), str(AUDIT / "logs" / "calls.csv"))
    assert result.returncode in (0, 1), result.stderr
    html = out.read_text(encoding="utf-8")
    assert "<script" not in html and "http://" not in html and "https://" not in html
    assert html.count("<svg") == 4  # findings per rule and per collector, the weekday × hour heatmap, per case-day
    assert 'href="entries/' in html and "13800001234" not in html
