"""A broken catalogue stops `mkdocs build` with the same list `handbook validate` prints, and no traceback."""

from __future__ import annotations

from conftest import FIXTURES, make_catalog, mkdocs_build

from handbook.catalog import load_catalog


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
