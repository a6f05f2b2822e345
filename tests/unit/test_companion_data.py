"""The call companion's data (handbook/site/companion.py): what may be said before the listener is confirmed,
which entries are offered, the fields to fill, and the limits taken from redlines.yml."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import CATALOG, real_catalog

from handbook.catalog import DEFINITIONS, PLACEHOLDER, load_catalog
from handbook.site.companion import CALL_FIELDS, IDENTITY_MARK, page_data, split_identity, tells_of_debt


def data_of(catalog):
    return page_data(catalog, lambda uri: "/" + uri)


def test_nothing_said_before_confirmation_tells_of_a_debt():
    catalog, _ = real_catalog()
    data = data_of(catalog)
    offered_before = [e for e in data["entries"].values() if e["before"]]
    assert len(offered_before) >= 10  # the opening lines of phone calls and visits
    for entry in offered_before:
        assert not tells_of_debt(entry["before"]), entry["title"]
        assert "{逾期金额}" not in entry["before"] and IDENTITY_MARK not in entry["before"]


def test_the_split_loses_no_words():
    catalog, _ = real_catalog()
    marked = 0
    for entry in catalog.entries.values():
        before, after = split_identity(entry)
        joined = re.sub(r"\s+", "", before + after)
        assert joined == re.sub(r"\s+", "", entry.phrase.replace(IDENTITY_MARK, "", 1)) or joined == re.sub(
            r"\s+", "", entry.phrase
        ), entry.id
        marked += IDENTITY_MARK in entry.phrase and bool(before) and bool(after)
    assert marked >= 5  # the openings that ask first and go on after （确认本人后）


def test_prohibited_entries_are_never_offered_nor_answered_with():
    catalog, _ = real_catalog()
    data = data_of(catalog)
    prohibited = {e.id for e in catalog.entries.values() if e.verdict == "prohibited"}
    assert prohibited and not prohibited & set(data["entries"])
    assert {e.id for e in catalog.entries.values() if e.verdict != "prohibited"} == set(data["entries"])
    refs = {line["ref"] for e in data["entries"].values() for line in e["borrower"] if line["ref"]}
    assert refs and not refs & prohibited
    caution = [e for e in data["entries"].values() if e["verdict"] == "caution"]
    assert caution and all(e["conditions"] for e in caution)  # a caution line shows when it may be used


def test_every_placeholder_offered_has_a_field_the_usual_ones_first():
    catalog, _ = real_catalog()
    data = data_of(catalog)
    names = [f["name"] for f in data["fields"]]
    assert names[: len(CALL_FIELDS)] == list(CALL_FIELDS)
    used = set()
    for entry in data["entries"].values():
        texts = [entry["before"], entry["after"]] + [line["reply"] for line in entry["borrower"]]
        used.update(PLACEHOLDER.findall("".join(texts)))
    assert used <= set(names)
    assert all(f["hint"] and f["example"] for f in data["fields"])


def test_the_limits_are_redlines_yml_s(tmp_path: Path):
    catalog, _ = real_catalog()
    limits = data_of(catalog)["limits"]
    assert limits["quiet"]["from"] == catalog.rules["RL-TIME"]["limits"]["quiet_hours"]["from"]
    assert limits["attempts"]["limit"] == catalog.rules["RL-FREQ"]["limits"]["unanswered_per_day"]
    assert limits["attempts"]["rule"]["id"] == "RL-FREQ" and limits["quiet"]["rule"]["url"].endswith("rl-time.md")

    root = tmp_path / CATALOG.name
    shutil.copytree(CATALOG, root)
    rules = root / DEFINITIONS / "redlines.yml"
    text = rules.read_text(encoding="utf-8")
    rules.write_text(
        text.replace("unanswered_per_day: 6", "unanswered_per_day: 4").replace("from: '22:00'", "from: '21:00'"),
        encoding="utf-8",
    )
    changed, issues = load_catalog(root)
    assert not [i for i in issues if i.severity == "error"], issues
    limits = data_of(changed)["limits"]
    assert (limits["attempts"]["limit"], limits["quiet"]["from"]) == (4, "21:00")


def test_a_malformed_limit_is_a_located_problem(tmp_path: Path):
    root = tmp_path / CATALOG.name
    shutil.copytree(CATALOG, root)
    rules = root / DEFINITIONS / "redlines.yml"
    text = rules.read_text(encoding="utf-8")
    rules.write_text(text.replace("from: '22:00'", "from: '25:00'"), encoding="utf-8")
    line = next(i for i, row in enumerate(rules.read_text(encoding="utf-8").splitlines(), 1) if "25:00" in row)
    _, issues = load_catalog(root)
    found = [i for i in issues if i.path.endswith("redlines.yml")]
    assert found and found[0].line == line, found
    assert "25:00" in found[0].message
