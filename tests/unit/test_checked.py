"""Checked entry files kept on disk (handbook/catalog/checked.py): a later process that takes a file's
result from the store gets exactly what checking the file again would give, and a changed file, changed
definitions, changed code or a damaged store make it check again."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import CATALOG, FIXTURES, make_catalog

from handbook.catalog import DEFINITIONS, checked, load_catalog, loader
from handbook.site.store import Store


def new_process() -> None:
    """What a new process starts with: nothing kept in memory by earlier loads."""
    loader._REFERENCE_CACHE.clear()
    loader._ENTRY_CACHE.clear()


def load(root: Path, store: Store | None = None):
    new_process()
    if store is not None:
        store.counts.clear()
    return load_catalog(root, store)


def shape(result) -> tuple:
    """All the loader gives back, in a form that compares: every issue with its message, every entry with
    its data, file, shape and the position of each value and key."""
    catalog, issues = result
    entries = {
        e.id: (e.data, e.file, e.shape_ok, e.doc.path, e.doc.shown, e.doc.values, e.doc.keys)
        for e in catalog.entries.values()
    }
    return [str(i) for i in issues], entries


@pytest.fixture
def bad_catalog(tmp_path: Path) -> Path:
    """The real definitions with the bad-input files and a few real entries: every kind of result."""
    root = make_catalog(tmp_path / "scripts_catalog", FIXTURES / "bad-input")
    for path in sorted(CATALOG.glob("negotiation/*.yml"))[:5]:
        (root / "negotiation").mkdir(exist_ok=True)
        shutil.copy(path, root / "negotiation" / path.name)
    return root


def entry_files(root: Path) -> list[Path]:
    return sorted(p for p in root.glob("*/*.yml") if p.parent.name != DEFINITIONS)


def test_a_new_process_takes_each_file_from_the_store_and_gets_the_same_catalogue(bad_catalog: Path, tmp_path: Path):
    store = Store(tmp_path / "cache")
    fresh = shape(load(bad_catalog))
    assert fresh[0], "the fixture is meant to have problems"
    files = len(entry_files(bad_catalog))
    assert shape(load(bad_catalog, store)) == fresh
    assert (store.counts["check hit"], store.counts["check miss"]) == (0, files)
    assert shape(load(bad_catalog, store)) == fresh
    assert (store.counts["check hit"], store.counts["check miss"]) == (files, 0)


def test_an_edited_file_is_checked_again_and_only_it(bad_catalog: Path, tmp_path: Path):
    store = Store(tmp_path / "cache")
    load(bad_catalog, store)
    edited = sorted((bad_catalog / "negotiation").glob("*.yml"))[0]
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("\ntitle: ", "\ntitle: 改", 1), encoding="utf-8")
    after = shape(load(bad_catalog, store))
    assert store.counts["check miss"] == 1 and store.counts["check hit"] == len(entry_files(bad_catalog)) - 1
    assert after == shape(load(bad_catalog))
    edited.write_text(re.sub(r"(?m)^phrase: .*$", "phrase: 你这个老赖，今天必须还。", text), encoding="utf-8")
    broken = shape(load(bad_catalog, store))
    assert broken == shape(load(bad_catalog)) and len(broken[0]) > len(after[0])


def test_changed_definitions_check_every_file_again(bad_catalog: Path, tmp_path: Path):
    store = Store(tmp_path / "cache")
    load(bad_catalog, store)
    placeholders = bad_catalog / DEFINITIONS / "placeholders.yml"
    placeholders.write_text(placeholders.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert shape(load(bad_catalog, store)) == shape(load(bad_catalog))
    assert store.counts["check hit"] == 0


def test_a_damaged_store_is_a_miss_never_a_wrong_result(bad_catalog: Path, tmp_path: Path):
    store = Store(tmp_path / "cache")
    load(bad_catalog, store)
    stored = sorted((tmp_path / "cache" / checked.KIND).rglob("*.json"))
    assert len(stored) == len(entry_files(bad_catalog)) + 1  # and the rule patterns' findings
    for i, path in enumerate(stored):
        path.write_text(["", "{", '{"issues": 3}', '{"issues": [], "entry": {"data": {}}}'][i % 4], encoding="utf-8")
    assert shape(load(bad_catalog, store)) == shape(load(bad_catalog))
    assert store.counts["check hit"] == 0


def test_the_code_is_part_of_every_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    package = tmp_path / "handbook"
    for part in checked.CODE:
        shutil.copytree(checked.PACKAGE / part, package / part, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(checked, "PACKAGE", package)
    checked.code_digest.cache_clear()
    try:
        before = checked.code_digest()
        with (package / "lint" / "patterns.py").open("a", encoding="utf-8") as out:
            out.write("\n# a changed check\n")
        checked.code_digest.cache_clear()
        assert checked.code_digest() != before
    finally:
        checked.code_digest.cache_clear()


def test_today_is_part_of_every_key(bad_catalog: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    store = Store(tmp_path / "cache")
    monkeypatch.setenv("HANDBOOK_TODAY", "2026-11-30")
    load(bad_catalog, store)
    monkeypatch.setenv("HANDBOOK_TODAY", "2026-12-01")
    load(bad_catalog, store)
    assert store.counts["check hit"] == 0
