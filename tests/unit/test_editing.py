"""An editor's path through the tools: scaffold, validate, fill, format, build; and the data exports."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess

import jsonschema
import pytest
from conftest import BIN, CATALOG, DEFINED, PROJECT, make_catalog, mkdocs_build, real_catalog

from handbook.site.export import export_schema, to_csv, to_json
from handbook.tools.fmt import formatted, key_order


def handbook(*args: str, cwd=PROJECT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "handbook"), *args], cwd=cwd, capture_output=True, text=True, timeout=300)


FILLED = {
    "title: TODO 一句话说明什么时候用": "title: 约定下次通话时间",
    "phrase: TODO 话术原文，个人信息一律用占位符，例如{客户姓名}、{逾期金额}。": (
        "phrase: 您好，我是{机构名称}的{催收员姓名}，工号{工号}，本次通话会录音。请问是{客户姓名}本人吗？"
    ),
    "purpose: TODO 为什么这样说，想达到什么效果。": "purpose: 先说明身份再确认本人，之后再谈账户的事。",
    "    note: TODO 这句话如何遵守这条红线。": "    note: 开场报出机构、姓名和工号。",
    "tags: [TODO]": "tags: [身份核实]",
    "reviewed: {on: TODO, by: compliance}": "reviewed: {on: 2026-11-23, by: compliance}",
}


@pytest.mark.build
def test_walkthrough_from_scaffold_to_built_page(tmp_path):
    """The steps of CONTRIBUTING.md, as a new editor takes them, on a copy of the real catalogue."""
    catalog = tmp_path / "scripts_catalog"
    shutil.copytree(CATALOG, catalog)
    assert handbook("new", "opening", "greet-new-editor", cwd=tmp_path).returncode == 0
    entry = catalog / "opening" / "greet-new-editor.yml"

    unfilled = handbook("validate", cwd=tmp_path)
    assert unfilled.returncode == 1
    named = {line.split("E208 '")[1].split("'")[0] for line in unfilled.stdout.splitlines() if "E208" in line}
    assert named == {"title", "phrase", "purpose", "compliance[0].note", "tags[0]", "reviewed.on"}

    text = entry.read_text(encoding="utf-8")
    for old, new in FILLED.items():
        assert old in text, old
        text = text.replace(old, new)
    entry.write_text(text, encoding="utf-8")
    assert handbook("validate", cwd=tmp_path).returncode == 0
    assert handbook("fmt", "--check", str(entry), cwd=tmp_path).returncode == 0

    site = tmp_path / "site"
    result = mkdocs_build(catalog, site)
    assert result.returncode == 0, result.stderr
    page = (site / "entries" / "greet-new-editor" / "index.html").read_text(encoding="utf-8")
    assert "约定下次通话时间" in page
    assert 'rel="edit"' in page and "/edit/main/scripts_catalog/opening/greet-new-editor.yml" in page


def test_fmt_leaves_every_catalogue_file_as_it_is():
    order = key_order(CATALOG)
    changed = [
        p.name
        for p in sorted(CATALOG.glob("[!_]*/*.yml"))
        if formatted(p.read_text(encoding="utf-8"), order) != p.read_text(encoding="utf-8")
    ]
    assert changed == []


def test_fmt_orders_keys_normalises_layout_and_keeps_comments(tmp_path):
    catalog = make_catalog(tmp_path / "scripts_catalog")
    (catalog / "opening").mkdir()
    messy = (CATALOG / "opening" / "verify-identity-first-call.yml").read_text(encoding="utf-8")
    head, _, body = messy.partition("\n")
    lines = body.splitlines()
    reviewed = next(line for line in lines if line.startswith("reviewed:"))
    shuffled = "\r\n".join([head, reviewed + "   # checked twice", *[line for line in lines if line != reviewed]])
    path = catalog / "opening" / "verify-identity-first-call.yml"
    path.write_text(shuffled + "\r\n\r\n", encoding="utf-8")
    check = handbook("fmt", "--check", str(path), cwd=tmp_path)
    assert check.returncode == 1 and "not in canonical form" in check.stdout
    assert handbook("fmt", str(path), cwd=tmp_path).returncode == 0
    result = path.read_text(encoding="utf-8")
    assert result == messy.replace(reviewed, reviewed + "   # checked twice")
    assert handbook("fmt", "--check", str(path), cwd=tmp_path).returncode == 0


def test_fmt_reports_a_broken_file_and_leaves_it(tmp_path):
    catalog = make_catalog(tmp_path / "scripts_catalog")
    (catalog / "opening").mkdir()
    broken = catalog / "opening" / "broken.yml"
    broken.write_text("id: broken\nchannels: [phone\n", encoding="utf-8")
    result = handbook("fmt", str(broken), cwd=tmp_path)
    assert result.returncode == 1 and "cannot format" in result.stderr
    assert broken.read_text(encoding="utf-8") == "id: broken\nchannels: [phone\n"


def test_export_matches_its_published_schema_and_the_csv_has_a_row_per_entry():
    catalog, _ = real_catalog()
    data = json.loads(to_json(catalog))
    jsonschema.Draft202012Validator(export_schema(catalog)).validate(data)
    assert [e["id"] for e in data["entries"]] == list(catalog.entries)
    assert [s["id"] for s in data["taxonomy"]["stages"]] == list(catalog.vocab["stages"])
    rows = list(csv.DictReader(io.StringIO(to_csv(catalog))))
    assert [r["id"] for r in rows] == list(catalog.entries)
    first = catalog.entries[rows[0]["id"]]
    assert rows[0]["channels"].split(";") == first.channels and rows[0]["phrase"] == first.phrase


def test_export_command_and_site_publish_the_same_catalogue(real_site):
    result = handbook("export")
    assert result.returncode == 0
    assert json.loads(result.stdout) == json.loads((real_site / "catalog.json").read_text(encoding="utf-8"))
    schema = json.loads((real_site / "catalog.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(json.loads(result.stdout))
    assert (real_site / "entry.schema.json").read_bytes() == (DEFINED / "entry.schema.json").read_bytes()


@pytest.mark.parametrize(("today", "count"), [("2026-11-30", 0), ("2027-12-01", "all")])
def test_stale_lists_entries_and_sources_due_for_review(today, count):
    """Entries reviewed and sources checked 12 months ago or more are listed, each at the date to update."""
    catalog, _ = real_catalog()
    regulations = [s for s in catalog.sources.values() if s["kind"] == "regulation"]
    result = handbook("stale", "--months", "12", "--today", today)
    assert result.returncode == 0
    entries = len(catalog.entries) if count == "all" else count
    sources = len(regulations) if count == "all" else count
    lines = result.stdout.splitlines()
    assert len(lines) == entries + sources
    assert sum("sources.yml:" in line and "last checked" in line for line in lines) == sources
    assert f"{entries} of {len(catalog.entries)} entries" in result.stderr
    assert f"{sources} of {len(regulations)} sources not checked" in result.stderr


def test_pre_commit_hooks_pass_on_the_repository():
    """The hooks a contributor runs before committing pass on everything tracked (CI runs the same commands)."""
    result = subprocess.run(
        [str(BIN / "pre-commit"), "run", "--all-files"], cwd=PROJECT, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("Passed") >= 5
