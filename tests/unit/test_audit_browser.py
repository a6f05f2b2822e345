"""What the 通话质检 page is given (handbook.audit.browser): patterns JavaScript reads as Python does, and
every rule, entry and sentence a finding can need. The page's own parity with the command line is
tests/browser/test_audit_page.py."""

from __future__ import annotations

import re

import pytest
from conftest import real_catalog

from handbook.audit import conversation
from handbook.audit.auditor import Auditor
from handbook.audit.browser import browser_data, js_regex, patterns
from handbook.lint.subset import outside_subset


@pytest.fixture(scope="module")
def data() -> dict:
    catalog, _issues = real_catalog()
    return browser_data(Auditor(catalog), lambda e: f"../../entries/{e}/", lambda r: f"../../redlines/{r}/")


@pytest.mark.parametrize("name", sorted(patterns()))
def test_every_pattern_reads_alike_in_javascript(name):
    source, _flags = patterns()[name]
    assert outside_subset(re.sub(r"\(\?<\w+>", "(", source)) is None


def test_a_pattern_outside_the_subset_would_be_caught():
    assert outside_subset(r"\d+\s*元") is not None  # what AMOUNT was before it was written out


def test_named_groups_are_spelt_as_javascript_spells_them():
    assert js_regex(re.compile(r"(?P<id>x)", re.IGNORECASE)) == ["(?<id>x)", "i"]


def test_every_entry_and_rule_a_finding_can_name_is_there(data):
    named = {c.entry for c in conversation.CHECKS.values()} | {e for _r, _s, e in Auditor.LOG_CHECKS.values()}
    named |= set(data["usual"].values()) | set(data["alternatives"].values())
    assert named <= set(data["entries"])
    assert all(url.startswith("../../entries/") for _title, url in data["entries"].values())
    rules = {c.rule for c in conversation.CHECKS.values()} | {"RL-TIME", "RL-FREQ"}
    assert rules <= set(data["rules"])
    assert all(data["rules"][r]["title"] != r for r in rules)
    assert data["log"]["limits"]["per_day"] > 0 and data["log"]["limits"]["quiet_from"] == "22:00"
