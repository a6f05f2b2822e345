"""The call-audit page (通话质检) in Chromium against `handbook audit`: the same findings, input problems,
totals and chart layout for every audit fixture, dropped into the page as a team lead drops them; and what
the page says about a mixed drop and a bad time zone, the links it gives, and that nothing leaves the page."""

from __future__ import annotations

import datetime
import json
import random
import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, real_catalog

from handbook.audit import calllog, calls, run
from handbook.audit.auditor import Auditor

pytestmark = pytest.mark.browser

AUDIT = FIXTURES / "audit"
TRANSCRIPTS = sorted((AUDIT / "dev").glob("*.txt")) + sorted((AUDIT / "blind").glob("*.txt"))
CODES = sorted(p for p in (AUDIT / "codes").glob("A*/*") if p.name != "expect.txt")


@pytest.fixture(scope="module")
def auditor() -> Auditor:
    catalog, _issues = real_catalog()
    return Auditor(catalog)


@pytest.fixture
def audit_page(page, real_site, serve_site):
    page.goto(serve_site(real_site) + "team/call-audit/")
    page.wait_for_selector("#hb-audit[data-state=ready]")
    page.click(".hb-audit__options summary")  # the options, as a team lead opens them to set a time zone
    return page


def drop(page, files: list[Path], tz: str = "") -> tuple[dict, dict]:
    """Give the page `files` as the file picker does; its report (as --json) and its charts."""
    page.fill(".hb-audit__tz", tz)
    page.evaluate("document.getElementById('hb-audit').dataset.state = 'waiting'")
    page.set_input_files(".hb-audit__files", [str(f) for f in files])
    page.wait_for_function("['done', 'error'].includes(document.getElementById('hb-audit').dataset.state)")
    return page.evaluate("window.hbAudit.report()"), page.evaluate("window.hbAudit.charts()")


def cli(auditor: Auditor, files: list[Path], monkeypatch, tz: str = "") -> tuple[dict, dict]:
    """The command line's report and charts, with each file shown by its name as the page shows it."""
    folder = files[0].parent
    monkeypatch.chdir(folder)
    names = [Path(f.relative_to(folder)) for f in files]
    if files[0].suffix == ".csv":
        report = run.logs(auditor, names, calllog.zone(tz))
    else:
        report = run.transcripts(auditor, names, calls.Speakers())
    return json.loads(report.json_text()), json.loads(json.dumps(report.charts()))


PROBLEM = re.compile(r"^(?P<file>.*?):(?P<line>\d+):\d+: (?P<code>A\d{3}) ")


def problems_without_message(report: dict) -> list[str]:
    """`file:line CODE` of each input problem (where a JSON parser stopped, and its words, differ)."""
    return [" ".join(PROBLEM.match(p).group("file", "line", "code")) for p in report["problems"]]


def assert_same(page_report: dict, cli_report: dict) -> None:
    assert page_report["findings"] == cli_report["findings"]
    assert problems_without_message(page_report) == problems_without_message(cli_report)
    rest = ("format", "kind", "totals", "by_rule", "by_agent", "worst")
    assert {k: page_report[k] for k in rest} == {k: cli_report[k] for k in rest}


@pytest.mark.parametrize("transcript", TRANSCRIPTS, ids=lambda p: p.stem)
def test_page_and_cli_agree_on_each_labelled_transcript(audit_page, auditor, monkeypatch, transcript):
    page_report, page_charts = drop(audit_page, [transcript])
    cli_report, cli_charts = cli(auditor, [transcript], monkeypatch)
    assert cli_report["totals"]["findings"] > 10  # the fixtures hold violations of every kind
    assert_same(page_report, cli_report)
    assert page_charts == cli_charts
    assert audit_page.errors == []


def test_page_and_cli_agree_on_json_lines_and_several_files(audit_page, auditor, monkeypatch, tmp_path):
    """dev-1 as a speech-to-text export (JSON Lines, speakers agent/customer, start in seconds), dropped
    together with a blind batch."""
    problems: list = []
    with (tmp_path / "dev-1.jsonl").open("w", encoding="utf-8") as out:
        for call in calls.read([TRANSCRIPTS[0]], calls.Speakers(), problems):
            for i, turn in enumerate(call.turns):
                item = {"call": call.id, "speaker": turn.role, "start": turn.start or i * 7.5, "text": turn.text}
                out.write(json.dumps(item, ensure_ascii=False) + "\n")
    shutil.copy(TRANSCRIPTS[-1], tmp_path / TRANSCRIPTS[-1].name)
    files = [tmp_path / "dev-1.jsonl", tmp_path / TRANSCRIPTS[-1].name]
    page_report, page_charts = drop(audit_page, files)
    cli_report, cli_charts = cli(auditor, files, monkeypatch)
    assert cli_report["totals"]["files"] == 2 and cli_report["totals"]["calls"] > 20
    assert_same(page_report, cli_report)
    assert page_charts == cli_charts


@pytest.mark.parametrize("tz", ["", "Asia/Shanghai", "+09:00"])
def test_page_and_cli_agree_on_the_call_log(audit_page, auditor, monkeypatch, tz):
    log = AUDIT / "logs" / "calls.csv"
    page_report, page_charts = drop(audit_page, [log], tz)
    cli_report, cli_charts = cli(auditor, [log], monkeypatch, tz)
    assert {f["check"] for f in cli_report["findings"]} == {"night", "unanswered", "burst"}
    assert_same(page_report, cli_report)
    assert page_charts == cli_charts
    assert page_charts["heat"]["cells"] and page_charts["days"]["columns"]


def test_page_and_cli_agree_on_a_large_mixed_log(audit_page, auditor, monkeypatch, tmp_path):
    """600 invented attempts over four days across a week boundary: offsets of three zones and none (read in
    --tz), consent, bursts, quoted cells, collectors, and chart heights that are not whole numbers."""
    rng = random.Random(7)
    rows = ["案件号,拨打时间,是否接通,坐席,联系方式,约定"]
    start = datetime.datetime(2026, 11, 28)  # a Saturday
    for _ in range(600):
        at = start + datetime.timedelta(minutes=rng.randrange(4 * 24 * 60), seconds=rng.choice([0, 0, 30]))
        offset = rng.choice(["+08:00", "+09:00", "Z", ""])
        case = f"C{rng.randrange(40):03d}"
        agent = rng.choice(["坐席甲", '"坐席乙, 二组"', "agent-07", ""])
        contact = rng.choice(["", f"c{rng.randrange(3)}"])
        rows.append(
            f"{case},{at.isoformat()}{offset},{rng.choice(['是', '否', 'no', '0'])},{agent},{contact},"
            f"{rng.choice(['', '', '', 'yes'])}"
        )
    log = tmp_path / "mixed.csv"
    log.write_text("\n".join(rows) + "\n", encoding="utf-8")
    page_report, page_charts = drop(audit_page, [log], "Asia/Shanghai")
    cli_report, cli_charts = cli(auditor, [log], monkeypatch, "Asia/Shanghai")
    assert cli_report["totals"]["attempts"] == 600 and len(cli_report["by_agent"]) >= 3
    assert any(c["h"] != int(c["h"]) for c in cli_charts["days"]["columns"])
    assert_same(page_report, cli_report)
    assert page_charts == cli_charts


@pytest.mark.parametrize("bad", CODES, ids=lambda p: p.parent.name)
def test_page_and_cli_locate_the_same_input_problems(audit_page, auditor, monkeypatch, bad):
    page_report, _ = drop(audit_page, [bad])
    cli_report, _ = cli(auditor, [bad], monkeypatch)
    assert cli_report["problems"], f"{bad} is a fixture of a problem"
    assert_same(page_report, cli_report)
    if bad.suffix != ".jsonl":  # JSON parse errors are worded by each language's parser
        assert page_report["problems"] == cli_report["problems"]
    shown = audit_page.locator(".hb-audit__problems li").all_inner_texts()
    assert shown == page_report["problems"]


def test_the_report_on_the_page_reads_as_the_html_report(audit_page):
    """Totals, the charts as SVG, the findings with their rule and lawful entry linked to pages of the site."""
    page_report, _ = drop(audit_page, TRANSCRIPTS[:1])
    totals = audit_page.locator(".hb-audit__totals li b").all_inner_texts()
    assert totals[:3] == ["1", f"{page_report['totals']['calls']:,}", f"{page_report['totals']['turns']:,}"]
    assert audit_page.locator(".hb-audit__report svg[role=img]").count() >= 1
    bars = audit_page.locator(".hb-audit__report svg[role=img]").first.locator("g")
    assert bars.count() == len(page_report["by_rule"])
    rows = audit_page.locator(".hb-audit__findings tbody tr")
    assert rows.count() == len(page_report["findings"])
    for a in audit_page.locator(".hb-audit__findings a").all()[:40]:
        response = audit_page.request.get(a.evaluate("a => a.href"))
        assert response.ok, a.evaluate("a => a.href")
    assert audit_page.locator(".hb-audit__status").inner_text().startswith("检查完毕：1 个文件")


def test_a_mixed_drop_and_an_unknown_zone_are_explained(audit_page):
    drop(audit_page, [TRANSCRIPTS[0], AUDIT / "logs" / "calls.csv"])
    assert audit_page.locator("#hb-audit").get_attribute("data-state") == "error"
    assert "一次只检查一种文件" in audit_page.locator(".hb-audit__status").inner_text()
    drop(audit_page, [AUDIT / "logs" / "calls.csv"], tz="Mars/Olympus")
    assert "--tz 'Mars/Olympus' is not a time zone" in audit_page.locator(".hb-audit__status").inner_text()


def test_nothing_leaves_the_page_and_nothing_is_stored(audit_page):
    audit_page.requests.clear()
    report, _ = drop(audit_page, TRANSCRIPTS)
    drop(audit_page, [AUDIT / "logs" / "calls.csv"])
    assert report["totals"]["calls"] > 30
    assert audit_page.requests == []
    stored = audit_page.evaluate(
        "[localStorage, sessionStorage].flatMap(s => Object.keys(s).map(k => k + '=' + s.getItem(k)))"
    )
    call_ids = {f["call"] for f in report["findings"]}
    assert not [s for s in stored if any(c in s for c in call_ids) or "audit" in s]
