"""The handbook built from scripts_catalog/ with `mkdocs build --strict`: pages, links, navigation."""

from __future__ import annotations

import re

from conftest import real_catalog
from sitecheck import broken_links, parse


def test_one_page_per_entry(real_site):
    catalog, _ = real_catalog()
    pages = sorted(p.parent.name for p in (real_site / "entries").glob("*/index.html"))
    assert pages == sorted(catalog.entries)


def test_every_internal_link_and_anchor_resolves(real_site):
    assert broken_links(real_site) == []


def test_every_reference_is_linked_both_ways(real_site):
    catalog, _ = real_catalog()
    for entry in catalog.entries.values():
        for target in entry.data.get("related", []):
            forward = parse(real_site / "entries" / entry.id / "index.html").links
            assert f"../{target}/" in forward, (entry.id, target)
            back = (real_site / "entries" / target / "index.html").read_text(encoding="utf-8")
            section = back.split('id="引用本条的话术"', 1)
            assert len(section) == 2 and f'href="../{entry.id}/"' in section[1], (target, entry.id)


def test_every_index_lists_its_entries(real_site):
    catalog, _ = real_catalog()
    for field, folder in (
        ("stage", "stages"),
        ("channels", "channels"),
        ("overdue", "overdue"),
        ("scenarios", "scenarios"),
    ):
        for term, entries in catalog.group(field).items():
            links = parse(real_site / folder / term / "index.html").links
            assert sorted(h for h in links if h.startswith("../../entries/")) == sorted(
                f"../../entries/{e.id}/" for e in entries
            ), (folder, term)
    tags = parse(real_site / "tags" / "index.html").links
    for entry in catalog.entries.values():
        assert f"../entries/{entry.id}/" in tags


def test_navigation_lists_stages_in_call_order(real_site):
    catalog, _ = real_catalog()
    html = (real_site / "index.html").read_text(encoding="utf-8")
    order = [m.group(1) for m in re.finditer(r'href="stages/([a-z0-9-]+)/"', html)]
    seen = list(dict.fromkeys(order))
    assert seen == list(catalog.vocab["stages"])


def test_entries_stay_out_of_the_navigation(real_site):
    html = (real_site / "guide" / "index.html").read_text(encoding="utf-8")
    assert "entries/" not in html


def test_language_is_chinese_and_entry_edit_link_is_its_yaml(real_site):
    catalog, _ = real_catalog()
    entry = next(iter(catalog.entries.values()))
    html = (real_site / "entries" / entry.id / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh"' in html
    edit = re.search(r'<a href="([^"]+)" title="[^"]*" class="md-content__button md-icon" rel="edit"', html)
    assert edit and edit.group(1).endswith("/edit/main/" + entry.file)


def test_search_index_covers_every_entry(real_site):
    catalog, _ = real_catalog()
    index = (real_site / "search" / "search_index.json").read_text(encoding="utf-8")
    for entry_id in catalog.entries:
        assert f'"entries/{entry_id}/"' in index


def test_one_page_per_red_line_rule_linked_from_the_overview(real_site):
    catalog, _ = real_catalog()
    pages = sorted(p.parent.name for p in (real_site / "redlines").glob("*/index.html"))
    assert pages == sorted(rule.lower() for rule in catalog.rules)
    overview = parse(real_site / "redlines" / "index.html").links
    assert all(f"{rule.lower()}/" in overview for rule in catalog.rules)


def test_coverage_page_counts_usable_entries_per_stage_and_channel(real_site):
    catalog, _ = real_catalog()
    html = (real_site / "coverage" / "index.html").read_text(encoding="utf-8")
    usable = [e for e in catalog.entries.values() if e.verdict != "prohibited"]
    for entry in usable:
        assert all(f'id="cov-{entry.stage}-{channel}"' in html for channel in entry.channels), entry.id
    for stage in catalog.vocab["stages"]:
        for channel in catalog.vocab["channels"]:
            n = sum(1 for e in usable if e.stage == stage and channel in e.channels)
            assert (f'href="#cov-{stage}-{channel}">{n}</a>' in html) == bool(n), (stage, channel, n)
