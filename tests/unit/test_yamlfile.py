"""The YAML reader keeps positions and turns bad files into located issues."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from handbook.load.yamlfile import _parse_slowly, decode, parse_yaml, read_yaml


def read(tmp_path: Path, raw: bytes):
    path = tmp_path / "entry.yml"
    path.write_bytes(raw)
    return read_yaml(path, "entry.yml")


def test_positions_of_values_and_keys(tmp_path):
    doc, issues = read(tmp_path, b"# comment\nid: a\nlist:\n  - x\n  - y\nmap: {k: v}\n")
    assert issues == []
    assert doc.data == {"id": "a", "list": ["x", "y"], "map": {"k": "v"}}
    assert doc.where(("id",)) == (2, 5)
    assert doc.where(("list", 1)) == (5, 5)
    assert doc.where(("map", "k")) == (6, 10)
    assert doc.where(("list",), key=True) == (3, 1)
    assert doc.where(("missing", "deeper")) == doc.where(())


@pytest.mark.parametrize(
    "raw",
    [
        "\ufeffid: a\nstage: opening\n".encode(),  # BOM
        b"id: a\r\nstage: opening\r\n",  # CRLF
        b"id: a\rstage: opening\r",  # old Mac line ends
    ],
    ids=["bom", "crlf", "cr"],
)
def test_bom_and_line_ends_are_tolerated(tmp_path, raw):
    doc, issues = read(tmp_path, raw)
    assert issues == []
    assert doc.data == {"id": "a", "stage": "opening"}
    assert doc.where(("stage",)) == (2, 8)


def test_dates_stay_text(tmp_path):
    doc, _ = read(tmp_path, b"reviewed: {on: 2026-11-23}\n")
    assert doc.data["reviewed"]["on"] == "2026-11-23"


def test_duplicate_key_is_reported_not_overwritten(tmp_path):
    doc, issues = read(tmp_path, b"id: first\nstage: x\nid: second\n")
    assert [(i.line, i.code) for i in issues] == [(3, "E003")]
    assert "first on line 1" in issues[0].message
    assert doc.data["id"] == "first"


def test_non_utf8_says_where(tmp_path):
    doc, issues = read(tmp_path, b"id: a\ntitle: \xb4\xdf\xca\xd5\n")
    assert doc is None
    assert [(i.line, i.col, i.code) for i in issues] == [(2, 8, "E001")]
    assert "0xb4" in issues[0].message


def test_tab_indentation_gets_a_hint(tmp_path):
    _, issues = read(tmp_path, b"id: a\nlist:\n\t- x\n")
    assert [(i.line, i.code) for i in issues] == [(3, "E002")]
    assert "tabs" in issues[0].message


def test_alias_is_refused_before_it_expands(tmp_path):
    bomb = (
        b"a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b]\n"
    )
    doc, issues = read(tmp_path, bomb)
    assert doc is None
    assert [(i.line, i.code) for i in issues] == [(2, "E006")]


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (b"", "E004"),
        (b"# only a comment\n", "E004"),
        (b"- a\n- b\n", "E004"),
        (b"id: a\n---\nid: b\n", "E004"),
        (b"a: " + b"[" * 40 + b"]" * 40 + b"\n", "E005"),
    ],
    ids=["empty", "comment-only", "list", "two-documents", "too-deep"],
)
def test_shapes_that_are_not_an_entry(tmp_path, raw, code):
    doc, issues = read(tmp_path, raw)
    assert doc is None
    assert [i.code for i in issues] == [code]


def test_oversized_file(tmp_path):
    doc, issues = read(tmp_path, b"purpose: " + b"x" * 300_000 + b"\n")
    assert doc is None
    assert [i.code for i in issues] == ["E005"]


# libyaml's fast path and PyYAML's Python parser must agree --------------------------------------

PROJECT = Path(__file__).resolve().parents[2]
YAML_FILES = sorted(
    p
    for folder in (PROJECT / "scripts_catalog", PROJECT / "tests" / "fixtures")
    for p in folder.rglob("*")
    if p.suffix in (".yml", ".yaml") and p.is_file()
)


def both_paths(text: str) -> tuple[tuple, tuple]:
    def shape(result):
        doc, issues = result
        return (None, issues) if doc is None else ((doc.data, doc.values, doc.keys), issues)

    path = Path("entry.yml")
    text = text if text.endswith("\n") else text + "\n"  # as parse_yaml does before either parser
    return shape(parse_yaml(text, path, "entry.yml")), shape(_parse_slowly(text, path, "entry.yml"))


def test_fast_and_slow_parsers_agree_on_every_yaml_file_of_the_project():
    assert len(YAML_FILES) > 200, "the comparison needs the catalogue and the fixtures"
    for path in YAML_FILES:
        text, problem = decode(path.read_bytes(), path.name)
        if problem is None:
            fast, slow = both_paths(text)
            assert fast == slow, path


@settings(max_examples=300, deadline=None)
@given(
    st.recursive(
        st.one_of(st.text(max_size=30), st.integers(), st.booleans(), st.none(), st.dates()),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
        max_leaves=20,
    ),
    st.sampled_from([{}, {"default_flow_style": True}, {"default_style": '"'}, {"default_style": "|"}]),
)
def test_fast_and_slow_parsers_agree_on_generated_yaml(value, style):
    text = yaml.safe_dump({"id": value}, allow_unicode=True, **style)
    fast, slow = both_paths(text)
    assert fast == slow


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab: -[]{}'\"#|>\n\t中文,?!&%@`")), max_size=60))
def test_fast_and_slow_parsers_agree_on_yaml_like_noise(text):
    fast, slow = both_paths(text)
    assert fast == slow


@pytest.mark.parametrize("text", ["{-?}", "a: {-?}\n", "? a\n: b\n"])
def test_question_marks_take_the_python_parser_where_libyaml_would_differ(text):
    """Found by the noise test above: libyaml composed {-?} where PyYAML stops."""
    fast, slow = both_paths(text)
    assert fast == slow
