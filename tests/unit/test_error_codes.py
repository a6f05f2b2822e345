"""Every problem code has a failing fixture that produces it, at the right line, and nothing else.

A fixture is a folder in tests/fixtures/codes/<CODE>/: catalogue files laid
over the real reference files, and expect.txt listing `path:line CODE`, one per
problem the validator must report (paths relative to the catalogue folder). The codes of `handbook audit`
(A…) have theirs in tests/fixtures/audit/codes/, run by tests/unit/test_audit.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, make_catalog

from handbook.catalog import load_catalog
from handbook.load.issues import CODES

CODE_FIXTURES = FIXTURES / "codes"
CASES = sorted(p.name for p in CODE_FIXTURES.iterdir() if p.is_dir())


def expected(case: str) -> list[tuple[str, int, str]]:
    out = []
    for line in (CODE_FIXTURES / case / "expect.txt").read_text(encoding="utf-8").splitlines():
        where, code = line.split()
        path, number = where.rsplit(":", 1)
        out.append((path, int(number), code))
    return sorted(out)


def found(root: Path) -> list[tuple[str, int, str]]:
    _catalog, issues = load_catalog(root)
    out = []
    for issue in issues:
        path = Path(issue.path).resolve()
        rel = path.relative_to(root.resolve()).as_posix() if path != root.resolve() else "."
        out.append((rel, issue.line, issue.code))
    return sorted(out)


AUDIT_CASES = sorted(p.name for p in (FIXTURES / "audit" / "codes").iterdir() if p.is_dir())  # tests/unit/test_audit.py


def test_every_code_has_a_fixture():
    catalogue_codes = sorted(c for c in CODES if not c.startswith("A"))
    assert catalogue_codes == [c for c in CASES if c in CODES], "codes without a fixture folder"
    assert set(CASES) <= set(CODES) | {"multi"}, "fixture folders for unknown codes"
    assert sorted(c for c in CODES if c.startswith("A")) == AUDIT_CASES, "audit codes without a fixture folder"


@pytest.mark.parametrize("case", CASES)
def test_fixture_reports_exactly_its_problems(case, tmp_path):
    root = make_catalog(tmp_path / "scripts_catalog", CODE_FIXTURES / case)
    assert found(root) == expected(case)


@pytest.mark.parametrize("case", [c for c in CASES if c in CODES])
def test_message_says_what_and_how(case, tmp_path):
    root = make_catalog(tmp_path / "scripts_catalog", CODE_FIXTURES / case)
    _catalog, issues = load_catalog(root)
    for issue in issues:
        line = str(issue)
        assert line.startswith(f"{issue.path}:{issue.line}:{issue.col}: {issue.code} ")
        assert len(issue.message) > 20, line
