"""Entry pages kept in the build cache (handbook/site/memo.py): after any edit, the pages are exactly those
a renderer with no cache makes, and only the pages the edit reaches are rendered again."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

from conftest import CATALOG

from handbook.catalog import DEFINITIONS, load_catalog
from handbook.site import urls
from handbook.site.memo import EntryPageMemo
from handbook.site.render import Renderer
from handbook.site.store import Store


def entry_pages(catalog, memo=None):
    return {uri: page for uri, page in Renderer(catalog).pages(memo).items() if uri.startswith("entries/")}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path}: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def copy_with_memo(tmp_path: Path) -> tuple[Path, Counter[str], EntryPageMemo]:
    """The real catalogue copied into `tmp_path` (to edit), and a memo on an empty store there."""
    root = tmp_path / CATALOG.name
    shutil.copytree(CATALOG, root)
    counts: Counter[str] = Counter()
    return root, counts, EntryPageMemo(Store(tmp_path / "cache"), counts)


def test_remembered_pages_are_the_pages_a_fresh_renderer_makes(tmp_path: Path):
    root, counts, memo = copy_with_memo(tmp_path)
    catalog, _ = load_catalog(root)
    first = entry_pages(catalog, memo)
    assert counts["page hit"] == 0 and first == entry_pages(catalog)
    counts.clear()
    assert entry_pages(catalog, memo) == first and counts["page miss"] == 0

    # an entry other entries answer the borrower with: its title shows on their pages
    target = next(
        e for e in catalog.entries.values() if any(how == "borrower" for _o, how in catalog.referrers.get(e.id, []))
    )
    showing = {urls.entry_uri(other.id) for other, _how in catalog.referrers[target.id]} | {urls.entry_uri(target.id)}
    showing |= {urls.entry_uri(e.id) for e in catalog.entries.values() if target.id in e.data.get("related", [])}
    edit(root.parent / target.file, f"title: {target.title}", "title: 改过的标题")
    catalog, issues = load_catalog(root)
    assert not [i for i in issues if i.severity == "error"], issues
    counts.clear()
    second = entry_pages(catalog, memo)
    assert second == entry_pages(catalog)
    assert {uri for uri in second if second[uri] != first[uri]} == showing
    listing = len(Renderer(catalog).pages()) - len(second)  # the other pages: only the lists that hold it miss
    assert len(showing) < counts["page miss"] < len(showing) + listing

    # a rule's title shows on every page that cites the rule: the definitions are in every key
    rules = root / DEFINITIONS / "redlines.yml"
    rule = next(iter(catalog.rules.values()))
    edit(rules, f"title: {rule['title']}", "title: 改过的规则")
    catalog, issues = load_catalog(root)
    counts.clear()
    third = entry_pages(catalog, memo)
    assert counts["page hit"] == 0
    assert third == entry_pages(catalog)


def test_listing_pages_are_rendered_again_when_an_entry_they_hold_changes(tmp_path: Path):
    root, counts, memo = copy_with_memo(tmp_path)
    catalog, _ = load_catalog(root)
    first = Renderer(catalog).pages(memo)
    listing = {uri for uri in first if not uri.startswith("entries/")}
    assert listing and counts["page miss"] == len(first)
    counts.clear()
    assert Renderer(catalog).pages(memo) == first and counts["page hit"] == len(first)

    # a title shows in every list of its stage, channels, buckets, scenarios and tags
    entry = next(iter(catalog.entries.values()))
    edit(root.parent / entry.file, f"title: {entry.title}", "title: 改过的标题")
    catalog, _ = load_catalog(root)
    counts.clear()
    second = Renderer(catalog).pages(memo)
    assert second == Renderer(catalog).pages()
    changed = {uri for uri in listing if second[uri] != first[uri]}
    stage_page = urls.term_uri("stages", entry.stage)
    assert stage_page in changed and "改过的标题" in "".join(second[stage_page].fragments.values())
    other_stage = next(urls.term_uri("stages", s) for s in catalog.vocab["stages"] if s != entry.stage)
    assert other_stage not in changed
    entry_misses = sum(1 for uri in second if uri.startswith("entries/") and second[uri] != first[uri])
    listing_misses = counts["page miss"] - entry_misses
    assert len(changed) <= listing_misses < len(listing)  # what changed was rendered again, and not every list
