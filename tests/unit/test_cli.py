"""The `handbook` command as an editor meets it: help, exit codes, output, scaffolding."""

from __future__ import annotations

import re
import subprocess

import pytest
from conftest import BIN, FIXTURES, PROJECT, make_catalog

from handbook.load.issues import CODES_END, CODES_START, codes_table


def handbook(*args: str, cwd=PROJECT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "handbook"), *args], cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("command", [[], ["validate"], ["new"], ["codes"]])
def test_help_explains_each_command(command):
    result = handbook(*command, "--help")
    assert result.returncode == 0
    assert "usage: handbook" in result.stdout
    assert len(result.stdout.splitlines()) >= 5


def test_validate_clean_catalogue_exits_0():
    result = handbook("validate")
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""
    assert re.match(r"ok: \d+ entries, no problems", result.stderr)


def test_validate_prints_one_sorted_line_per_problem_and_exits_1(tmp_path):
    make_catalog(tmp_path / "scripts_catalog", FIXTURES / "codes" / "multi")
    result = handbook("validate", cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines == sorted(lines)
    assert [line.split(": ")[1].split()[0] for line in lines] == ["E204", "E003", "E201", "E104"]
    assert lines[3].startswith("scripts_catalog/opening/stage-typo.yml:4:8: E104 stage 'openning' is not a stage")
    assert "did you mean 'opening'?" in lines[3]
    assert "4 problem(s)" in result.stderr


def test_validate_reports_only_the_paths_asked_for(tmp_path):
    make_catalog(tmp_path / "scripts_catalog", FIXTURES / "codes" / "multi")
    result = handbook("validate", "scripts_catalog/closing", cwd=tmp_path)
    assert result.returncode == 1
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == ["scripts_catalog/closing/same-id.yml"]


def test_validate_usage_errors_exit_2(tmp_path):
    missing = handbook("validate", "no/such/file.yml")
    assert missing.returncode == 2 and "no such file" in missing.stderr
    outside = handbook("validate", str(tmp_path))
    assert outside.returncode == 2 and "not inside a catalogue" in outside.stderr


def test_new_writes_a_template_that_names_every_unfilled_field(tmp_path):
    make_catalog(tmp_path / "scripts_catalog")
    result = handbook("new", "opening", "greet-politely", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = tmp_path / "scripts_catalog" / "opening" / "greet-politely.yml"
    text = written.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../_definitions/entry.schema.json")
    assert "\nid: greet-politely\n" in text and "\nstage: opening\n" in text
    check = handbook("validate", cwd=tmp_path)
    assert check.returncode == 1
    fields = [re.search(r"E208 '([^']+)'", line).group(1) for line in check.stdout.splitlines()]
    assert fields == ["title", "phrase", "purpose", "compliance[0].note", "tags[0]", "reviewed.on"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["new", "openning", "x-y"], "is not a stage; expected one of: opening"),
        (["new", "opening", "Bad_Id"], "lower-case ASCII words"),
        (["new", "closing", "verify-identity-first-call"], "exists already"),
    ],
)
def test_new_refuses_bad_input_without_writing(args, message, tmp_path):
    catalog = make_catalog(tmp_path / "scripts_catalog")
    (catalog / "opening").mkdir()
    (catalog / "opening" / "verify-identity-first-call.yml").write_text("id: x\n", encoding="utf-8")
    before = sorted(catalog.rglob("*"))
    result = handbook(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert sorted(catalog.rglob("*")) == before


def test_contributing_guide_carries_the_current_code_table():
    text = (PROJECT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    inside = text.split(CODES_START, 1)[1].split(CODES_END, 1)[0]
    assert inside.strip() == codes_table().strip(), "run `make codes` to refresh CONTRIBUTING.md"


def test_diff_command_reports_against_a_revision_and_refuses_an_unknown_one():
    report = handbook("diff", "HEAD")
    assert report.returncode == 0
    assert report.stdout.startswith("## 话术目录审阅")
    unknown = handbook("diff", "no-such-revision")
    assert unknown.returncode == 2 and "no-such-revision" in unknown.stderr
