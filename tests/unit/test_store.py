"""The build cache's parts on their own: keys that do not depend on the process, and a store that loses
nothing but its own entries when something goes wrong (the whole-site checks are tests/site/test_cache.py)."""

import os
import subprocess
import sys

from pymdownx.slugs import slugify

from handbook.site.store import Store, digest


def test_a_key_names_a_function_by_what_it_is_not_where_it_lives():
    lower, again, upper = slugify(case="lower"), slugify(case="lower"), slugify(case="upper")
    assert lower is not again
    assert digest({"slugify": lower}) == digest({"slugify": again}) != digest({"slugify": upper})
    code = (
        "from pymdownx.slugs import slugify\n"
        "from handbook.site.store import digest\n"
        "print(digest(slugify(case='lower')))"
    )
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert other == digest(lower)


def test_parts_are_length_prefixed_and_typed():
    assert digest("ab", "c") != digest("a", "bc")
    assert digest("1") != digest(1) != digest(b"1")


def test_the_store_reads_back_what_it_wrote_and_a_damaged_entry_is_a_miss(tmp_path):
    store = Store(tmp_path / "cache")
    key = digest("page")
    assert store.get("convert", key) is None
    store.put("convert", key, {"content": "<p>页面</p>"})
    assert store.get("convert", key) == {"content": "<p>页面</p>"}
    path = next((tmp_path / "cache").rglob("*.json"))
    path.write_text('{"content": "<p>', encoding="utf-8")
    assert store.get("convert", key) is None
    assert not [p for p in (tmp_path / "cache").rglob("*") if p.name.endswith(".tmp")]  # no temporary left


def test_a_store_that_cannot_write_loses_only_its_entries(tmp_path):
    folder = tmp_path / "cache"
    folder.mkdir()
    os.chmod(folder, 0o500)
    try:
        store = Store(folder)
        store.put("layout", digest("x"), "<html></html>")  # no error: the build goes on without the entry
        assert store.get("layout", digest("x")) is None or os.geteuid() == 0  # root writes anyway
    finally:
        os.chmod(folder, 0o700)


def test_under_serve_entries_are_kept_in_memory(tmp_path):
    store = Store(tmp_path / "cache")
    store.remember = True
    store.put("search", "k" * 64, [{"location": "a/"}])
    for path in (tmp_path / "cache").rglob("*.json"):
        path.unlink()
    assert store.get("search", "k" * 64) == [{"location": "a/"}]


def test_under_serve_memory_keeps_only_what_the_last_build_used(tmp_path):
    store = Store(tmp_path / "cache")
    store.remember = True
    store.put("layout", "a" * 64, "<p>old</p>")
    store.put("layout", "b" * 64, "<p>kept</p>")
    store.forget_unused()  # the end of one build: both were used
    store.get("layout", "b" * 64)  # the next build uses one of them
    store.forget_unused()
    assert list(store.memory) == [("layout", "b" * 64)]
    assert store.get("layout", "a" * 64) == "<p>old</p>"  # still on disk
