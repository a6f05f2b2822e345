"""What the speed work rests on: the synthetic catalogue, the caches kept under `mkdocs serve`, the fast
schema check, and the benchmark script itself (run small: its figures are printed, never asserted)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import fastjsonschema
import pytest
import yaml
from conftest import CATALOG, FIXTURES, PROJECT, make_catalog
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handbook.catalog import DEFINITIONS, ENTRY_SCHEMA, REFERENCE_FILES, load_catalog
from handbook.load import schema
from handbook.load.yamlfile import read_yaml

sys.path.insert(0, str(PROJECT / "benchmarks"))
import synthetic  # noqa: E402

# The synthetic catalogue ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def synthetic_400(tmp_path_factory):
    return synthetic.generate(400, tmp_path_factory.mktemp("synthetic") / "catalog")


def test_synthetic_catalogue_is_valid_and_complete(synthetic_400):
    catalog, issues = load_catalog(synthetic_400)
    assert [str(i) for i in issues] == []
    assert len(catalog.entries) == 400
    assert all(catalog.group("stage").values()), "every stage has entries"
    assert {e.verdict for e in catalog.entries.values()} == {"recommended", "caution", "prohibited"}


def test_synthetic_entries_vary_and_link_each_other(synthetic_400):
    catalog, _ = load_catalog(synthetic_400)
    entries = list(catalog.entries.values())
    phrases = {e.phrase for e in entries}
    titles = {e.title for e in entries}
    assert len(phrases) >= 0.9 * len(entries), f"only {len(phrases)} distinct phrases"
    assert len(titles) == len(entries)
    linked = sum(1 for e in entries if e.data.get("related"))
    assert linked >= 0.8 * len(entries)
    assert sum(len(v) for v in catalog.referrers.values()) >= len(entries)


# Caches kept between loads (mkdocs serve) ----------------------------------------------------------


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))  # a later time even on coarse clocks


def codes(issues) -> list[str]:
    return sorted(i.code for i in issues)


def test_a_second_load_sees_every_edit(tmp_path):
    root = make_catalog(tmp_path / "scripts_catalog", CATALOG)
    first, issues = load_catalog(root)
    assert issues == []
    entry = next(root.glob("negotiation/*.yml"))
    edit(entry, "stage: negotiation", "stage: negotiaton")  # a typo in one entry
    _, issues = load_catalog(root)
    assert codes(issues) == ["E104"]
    edit(entry, "stage: negotiaton", "stage: negotiation")
    again, issues = load_catalog(root)
    assert issues == []
    assert again.entries[entry.stem].title == first.entries[entry.stem].title
    # a change to a reference file reaches entries that did not change: drop a rule they cite
    redlines = root / DEFINITIONS / "redlines.yml"
    edit(redlines, "id: RL-CHANNEL", "id: RL-CHANNELS")
    _, issues = load_catalog(root)
    assert "E110" in codes(issues)
    # and to a schema: a title may no longer be this long
    entry_schema = root / DEFINITIONS / ENTRY_SCHEMA
    data = json.loads(entry_schema.read_text(encoding="utf-8"))
    data["properties"]["title"]["maxLength"] = 3
    entry_schema.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    _, issues = load_catalog(root)
    assert "E109" in codes(issues)  # too long


def test_a_removed_entry_file_is_gone_on_the_next_load(tmp_path):
    root = make_catalog(tmp_path / "scripts_catalog", CATALOG)
    catalog, _ = load_catalog(root)
    victim = next(p for p in root.glob("closing/*.yml") if p.stem not in catalog.referrers)
    victim.unlink()
    catalog, issues = load_catalog(root)
    assert victim.stem not in catalog.entries
    assert issues == []


# The fast schema check says what jsonschema says -----------------------------------------------------

SCHEMAS = {name: CATALOG / DEFINITIONS / schema_name for name, schema_name in REFERENCE_FILES.items()}


def fixture_files() -> list[tuple[Path, Path]]:
    """(YAML file, its schema) for every catalogue file among the fixtures and the catalogue."""
    out = []
    for folder in (CATALOG, FIXTURES / "codes", FIXTURES / "bad-input"):
        for path in sorted(folder.rglob("*.yml")):
            out.append((path, SCHEMAS.get(path.name, CATALOG / DEFINITIONS / ENTRY_SCHEMA)))
    return out


def agree(data, schema_path: Path) -> None:
    slow = list(schema._validator(schema_path).iter_errors(data))
    assert schema.is_valid(data, schema_path) == (not slow), slow[:1]


def test_fast_and_full_schema_checks_agree_on_every_file():
    files = fixture_files()
    assert len(files) > 200
    checked = 0
    for path, schema_path in files:
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # every scalar a string
        except (yaml.YAMLError, UnicodeDecodeError):
            continue
        if isinstance(data, dict):
            agree(data, schema_path)
            checked += 1
    assert checked > 200


values = st.recursive(
    st.one_of(st.text(max_size=20), st.integers(), st.booleans(), st.none(), st.sampled_from(["opening", "phone"])),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(["id", "title", "stage", "channels", "tags", "reviewed", "x"]), values))
def test_fast_and_full_schema_checks_agree_on_generated_entries(data):
    path = CATALOG / "negotiation" / "ask-for-full-payment-first.yml"
    base = read_yaml(path, path.name)[0].data
    agree({**base, **data}, CATALOG / DEFINITIONS / ENTRY_SCHEMA)


def test_the_fast_check_is_the_same_schema():
    check = schema.fast_check(CATALOG / DEFINITIONS / ENTRY_SCHEMA)
    with pytest.raises(fastjsonschema.JsonSchemaException):
        check({"id": "x"})


# The benchmark script -----------------------------------------------------------------------------


@pytest.mark.slow
def test_benchmark_runs_and_prints_its_table(tmp_path):
    out = subprocess.run(
        [
            sys.executable,
            str(PROJECT / "benchmarks" / "scale.py"),
            "--sizes",
            "30",
            "--serve-at",
            "",
            "--rounds",
            "1",
            "--no-offline",
            "--work",
            str(tmp_path),
            "--json",
            str(tmp_path / "figures.json"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=PROJECT,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert "| 30 |" in out.stdout and "比值" in out.stdout
    figures = json.loads((tmp_path / "figures.json").read_text())["rows"][0]
    assert figures["n"] == 30 and figures["build"] > 0 and figures["baseline"] > 0
    assert figures["warm"] > 0 and figures["one_changed"] > 0 and "再构建、无改动" in out.stdout
    assert figures["index"] > 0 and figures["pages"] > 30


# Quick scans that let most files skip a walk must never skip a finding --------------------------


@settings(max_examples=500, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("<>/!=:;](){}%aAsSjJvVdDtTcCrRiIpPoOnN \u0130\u0131\u017f\u212a中文")),
        max_size=40,
    )
)
def test_markup_prefilter_never_hides_markup(text):
    from handbook.catalog import MARKUP, may_hold_markup

    if MARKUP.search(text):
        assert may_hold_markup(text)


def test_markup_prefilter_on_known_markup():
    from handbook.catalog import may_hold_markup

    for text in ("<script>", "JavaScript:alert", "javaſcript:x", "DATA:text/html", "[a](b)", "{{ x }}", "onload=1"):
        assert may_hold_markup(text), text
    assert not may_hold_markup("您好，{客户姓名}，这是一句普通的话术。")


def test_no_space_or_line_break_lies_above_the_scanned_range():
    from handbook.lint import SPACE_LIMIT

    above = [c for c in range(SPACE_LIMIT, 0x110000) if chr(c).isspace() or len(f"a{chr(c)}b".splitlines()) == 2]
    assert above == []
