"""Whatever an editor commits, the loader answers with located, documented problems and never crashes.

tests/fixtures/bad-input holds one file per kind of bad input, loaded as one catalogue; the
hypothesis tests throw arbitrary text and arbitrary YAML structures at the loader, the validator
and the linter.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, PROJECT, make_catalog, mkdocs_build, real_catalog
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_error_codes import found

from handbook.catalog import load_catalog
from handbook.load.issues import CODES
from handbook.load.yamlfile import parse_yaml

BAD = FIXTURES / "bad-input"


def test_every_bad_input_is_caught_with_its_code_and_line(tmp_path):
    root = make_catalog(tmp_path / "scripts_catalog", BAD)
    (root / "opening" / "too-large.yml").write_text("purpose: " + "长" * 100_000 + "\n", encoding="utf-8")
    want = sorted(expected_with_size(BAD))
    got = found(root)
    assert got == want
    files = len(list(BAD.rglob("*.yml"))) + 1
    print(f"bad input: {files} files, {len(want)} problems expected, {len(got)} caught with code and line")


def expected_with_size(folder: Path) -> list[tuple[str, int, str]]:
    return [*expected_from(folder), ("opening/too-large.yml", 1, "E005")]


def expected_from(folder: Path) -> list[tuple[str, int, str]]:
    out = []
    for line in (folder / "expect.txt").read_text(encoding="utf-8").splitlines():
        where, code = line.split()
        path, number = where.rsplit(":", 1)
        out.append((path, int(number), code))
    return out


def test_every_code_it_uses_is_documented():
    assert {code for _p, _l, code in expected_from(BAD)} <= set(CODES)


@pytest.mark.build
def test_warnings_fail_validation_but_not_the_build(tmp_path):
    catalog = make_catalog(tmp_path / "scripts_catalog", FIXTURES / "site")
    check = subprocess.run(
        [str(Path(PROJECT / ".venv/bin/handbook")), "validate"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 1 and "E114" in check.stdout
    result = mkdocs_build(catalog, tmp_path / "site")
    assert result.returncode == 0
    assert "E114" in result.stderr


# -- fuzzing ----------------------------------------------------------------

FUZZ_ROOT: dict[str, Path] = {}
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=40))
structures = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=5),
    max_leaves=25,
)
COUNT = {"text": 0, "structure": 0, "lint": 0}


@FUZZ
@given(st.text(max_size=400))
def test_loader_survives_any_text(text):
    COUNT["text"] += 1
    doc, issues = parse_yaml(text, Path("fuzz.yml"), "fuzz.yml")
    assert doc is not None or issues
    assert all(issue.code in CODES for issue in issues)


@FUZZ
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "id",
                "title",
                "stage",
                "channels",
                "phrase",
                "tags",
                "borrower",
                "compliance",
                "reviewed",
                "verdict",
                "breaks",
                "related",
                "x",
            ]
        ),
        structures,
        max_size=10,
    )
)
@pytest.mark.slow
def test_validator_survives_any_structure(tmp_path_factory, data):
    COUNT["structure"] += 1
    if "structure" not in FUZZ_ROOT:  # one catalogue for every example: its reference files load once
        FUZZ_ROOT["structure"] = make_catalog(tmp_path_factory.mktemp("fuzz") / "scripts_catalog")
        (FUZZ_ROOT["structure"] / "opening").mkdir()
    root = FUZZ_ROOT["structure"]
    for old in (root / "opening").glob("*.yml"):
        old.unlink()
    # a new name each time: the loader remembers a file by its path, modification time and size
    fuzzed = root / "opening" / f"fuzzed-{COUNT['structure']}.yml"
    fuzzed.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    _catalog, issues = load_catalog(root)
    assert issues and all(issue.code in CODES for issue in issues)


@FUZZ
@given(st.text(max_size=200))
def test_linter_survives_any_text(text):
    COUNT["lint"] += 1
    catalog, _ = real_catalog()
    for finding in catalog.linter.check(text):
        assert finding.rule in catalog.rules


def test_fuzz_counts():
    """How many examples each fuzz test above ran (printed with -s): hypothesis runs `max_examples` unless
    something eats them (a filter, an assumption, a health check), and then a fuzz test proves little."""
    ran = {name: count for name, count in COUNT.items() if count}
    if not ran:
        pytest.skip("the fuzz tests above did not run in this session")
    print(f"fuzz examples: {COUNT}")
    assert all(count >= FUZZ.max_examples // 2 for count in ran.values()), ran
