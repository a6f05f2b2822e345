"""The audit's report at scale: the command line streams its JSON findings and keeps only the first ones for
the HTML table (saying how many there are), so memory does not grow with the findings; the counts are the
same as a report that keeps them all."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from conftest import BIN, CATALOG, FIXTURES, real_catalog

from handbook.audit import calls, run
from handbook.audit.auditor import Auditor

DEV = FIXTURES / "audit" / "dev" / "calls-dev-1.txt"


@pytest.fixture(scope="module")
def auditor() -> Auditor:
    catalog, _issues = real_catalog()
    return Auditor(catalog)


def test_the_streamed_json_is_the_report_that_keeps_everything(auditor, monkeypatch):
    monkeypatch.chdir(DEV.parent)
    streamed = subprocess.run(
        [str(BIN / "handbook"), "--catalog", str(CATALOG), "audit", "transcript", "--json", DEV.name],
        capture_output=True,
        text=True,
        check=False,
    )
    whole = run.transcripts(auditor, [Path(DEV.name)], calls.Speakers())
    assert json.loads(streamed.stdout) == json.loads(whole.json_text())
    assert whole.total == len(whole.findings) > 20


def test_a_report_that_keeps_a_few_counts_them_all(auditor):
    whole = run.transcripts(auditor, [DEV], calls.Speakers())
    few = run.transcripts(auditor, [DEV], calls.Speakers(), keep=5)
    assert len(few.findings) == 5 and few.total == whole.total
    assert few.as_json(findings=False) == whole.as_json(findings=False)
    assert few.charts() == whole.charts()
    html = few.html()
    assert f"共 {whole.total:,} 处，下表列出前 5 处" in html
    assert html.count('<td><a href="redlines/') == 5 + len(whole.per_rule())  # five findings, the rule table
    assert "下表列出前" not in whole.html()
