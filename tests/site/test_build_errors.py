"""A broken catalogue stops `mkdocs build` with the same list `handbook validate` prints, and no traceback."""

from __future__ import annotations

import os
import subprocess

import pytest
from conftest import FIXTURES, PROJECT, make_catalog, mkdocs_build

from handbook.catalog import load_catalog

pytestmark = pytest.mark.build  # every test here builds the site, runs make or a server


def test_build_stops_with_every_problem_listed(tmp_path):
    catalog = make_catalog(tmp_path / "scripts_catalog", FIXTURES / "codes" / "multi")
    site = tmp_path / "site"
    site.mkdir()
    (site / "kept.html").write_text("previous build", encoding="utf-8")
    result = mkdocs_build(catalog, site)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    _catalog, issues = load_catalog(catalog)
    assert len(issues) == 4
    for issue in issues:
        assert issue.path in result.stderr
        assert f":{issue.line}:{issue.col}: {issue.code} {issue.message}" in result.stderr
    # the site folder of the previous build is left as it was
    assert (site / "kept.html").read_text(encoding="utf-8") == "previous build"


def test_make_build_replaces_the_site_only_when_the_build_succeeds(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the last good handbook", encoding="utf-8")
    broken = make_catalog(tmp_path / "broken" / "scripts_catalog", FIXTURES / "codes" / "multi")
    env = {**os.environ, "HANDBOOK_CATALOG": str(broken), "NO_MKDOCS_2_WARNING": "1"}
    failed = subprocess.run(
        ["make", "-s", "build", f"SITE={site}"], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=600
    )
    assert failed.returncode != 0 and "is unchanged" in failed.stderr
    assert (site / "index.html").read_text(encoding="utf-8") == "the last good handbook"
    assert not (tmp_path / "site.partial").exists()
    good = make_catalog(tmp_path / "good" / "scripts_catalog", FIXTURES / "site")
    env["HANDBOOK_CATALOG"] = str(good)
    built = subprocess.run(
        ["make", "-s", "build", f"SITE={site}"], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=600
    )
    assert built.returncode == 0, built.stderr
    assert (site / "entries" / "greet-and-verify" / "index.html").is_file()
    assert not (tmp_path / "site.previous").exists()
