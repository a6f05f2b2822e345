"""Reading the handbook in Chromium: filters, print view, a phone-width screen, both palettes,
navigation from file://, and not one request leaving the site."""

from __future__ import annotations

import subprocess

import pytest
from browsing import foreign
from conftest import PROJECT, real_catalog

PAGES = [
    "",
    "entries/verify-identity-first-call/",
    "stages/opening/",
    "redlines/",
    "redlines/rl-third-party/",
    "coverage/",
    "glossary/",
    "print/opening/",
    "borrower-view/",
    "scenarios/lost-job/",
]


@pytest.mark.browser
def test_served_pages_load_nothing_from_elsewhere(page, real_site, serve_site):
    root = serve_site(real_site)
    for path in PAGES:
        page.goto(root + path)
        page.wait_for_load_state("networkidle")
    assert foreign(page.requests, root) == []
    assert page.errors == []


@pytest.mark.browser
def test_offline_handbook_navigates_from_file(page, offline_handbook):
    root = offline_handbook.as_uri() + "/"
    page.goto(root + "index.html")
    page.locator("article a[href$='stages/opening.html']").first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/stages/opening.html")
    page.locator(".hb-item a[href*='entries/']").first.click()
    page.wait_for_load_state("load")
    assert "/entries/" in page.url and page.locator("#hb-phrase-1").is_visible()
    page.locator("nav.md-nav a[href$='redlines/index.html']").first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/redlines/index.html")
    assert foreign(page.requests, root) == []
    assert page.errors == []


@pytest.mark.browser
def test_filters_keep_only_matching_entries(page, real_site, serve_site):
    page.goto(serve_site(real_site) + "stages/opening/")
    items = page.locator(".hb-item")
    total = items.count()
    assert page.locator(".hb-filter").is_visible()
    page.select_option("select[data-filter='channels']", "visit")
    shown = page.locator(".hb-item:not([hidden])")
    assert 0 < shown.count() < total
    assert all("visit" in c.split() for c in shown.evaluate_all("els => els.map(e => e.dataset.channels)"))
    page.select_option("select[data-filter='verdict']", "prohibited")
    both = page.locator(".hb-item:not([hidden])").evaluate_all(
        "els => els.map(e => [e.dataset.channels, e.dataset.verdict])"
    )
    assert all("visit" in c.split() and v == "prohibited" for c, v in both)
    assert page.locator(".hb-filter__count").inner_text() == f"显示 {len(both)} / {total} 条"
    page.select_option("select[data-filter='channels']", "")
    page.select_option("select[data-filter='verdict']", "")
    assert page.locator(".hb-item:not([hidden])").count() == total


@pytest.mark.browser
def test_print_view_holds_every_entry_of_the_stage_and_hides_the_chrome(page, real_site, serve_site):
    catalog, _ = real_catalog()
    root = serve_site(real_site)
    page.goto(root + "stages/negotiation/")
    page.locator("a.hb-print-link").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/print/negotiation/")
    titles = page.locator("article h2").all_inner_texts()
    expected = [e.title for e in catalog.group("stage")["negotiation"]]
    assert [t.rstrip("¶").strip() for t in titles] == expected
    page.emulate_media(media="print")
    assert page.locator(".md-header").evaluate("e => getComputedStyle(e).display") == "none"
    assert page.locator(".md-sidebar--primary").evaluate("e => getComputedStyle(e).display") == "none"
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


@pytest.mark.browser
def test_entry_page_fits_a_390_pixel_phone(browser, real_site, serve_site, tmp_path):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    page.goto(serve_site(real_site) + "entries/third-party-answers-no-disclosure/")
    page.wait_for_load_state("networkidle")
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    phrase = page.locator("#hb-phrase-1").bounding_box()
    assert phrase["x"] >= 0 and phrase["x"] + phrase["width"] <= 390
    assert page.locator("#hb-phrase-1 + button.hb-copy").is_visible()
    shot = tmp_path / "phone.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20_000
    context.close()


@pytest.mark.browser
def test_dark_and_light_palettes(page, real_site, serve_site):
    page.goto(serve_site(real_site) + "entries/verify-identity-first-call/")
    scheme = page.locator("body").get_attribute("data-md-color-scheme")
    page.locator("form[data-md-component='palette'] label:visible").first.click()
    other = page.locator("body").get_attribute("data-md-color-scheme")
    assert {scheme, other} == {"default", "slate"}
    background = page.locator(".hb-phrase").first.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background not in ("", "rgba(0, 0, 0, 0)")


def test_entry_page_says_when_its_file_last_changed(real_site, fixture_site):
    catalog, _ = real_catalog()
    entry = catalog.entries["verify-identity-first-call"]
    date = subprocess.run(
        ["git", "log", "-1", "--format=%cs", "--", entry.file], cwd=PROJECT, capture_output=True, text=True, check=True
    ).stdout.strip()
    html = (real_site / "entries" / entry.id / "index.html").read_text(encoding="utf-8")
    assert f"最近修改：{date}" in html
    outside_git = (fixture_site / "entries" / "greet-and-verify" / "index.html").read_text(encoding="utf-8")
    assert "最近修改" not in outside_git
