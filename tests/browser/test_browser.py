"""Entry pages in a real Chromium: hostile text stays text, the copy button copies, nothing leaves the host."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser, fixture_site, serve_site):
    base = serve_site(fixture_site)
    context = browser.new_context(base_url=base, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.events = {"dialogs": [], "errors": [], "requests": []}
    page.on("dialog", lambda d: (page.events["dialogs"].append(d.message), d.dismiss()))
    page.on("console", lambda m: m.type == "error" and page.events["errors"].append(m.text))
    page.on("pageerror", lambda e: page.events["errors"].append(str(e)))
    page.on("request", lambda r: page.events["requests"].append(r.url))
    page.base = base
    yield page
    context.close()


def test_hostile_entry_runs_nothing(page):
    page.goto("entries/hostile-text-sample/")
    page.wait_for_load_state("networkidle")
    shown = page.locator("#hb-phrase-1").inner_text()
    assert '<script>alert("phrase")</script>' in shown
    assert "[点我](javascript:alert(3))" in shown
    assert page.title().startswith("转义</title><script>alert(1)</script>")
    page.locator("a[href^='../../redlines/']").first.hover()
    assert page.events["dialogs"] == []
    assert page.events["errors"] == []
    assert page.evaluate("document.querySelectorAll('article iframe, article img, article svg[onload]').length") == 0


def test_copy_button_copies_the_phrase_with_placeholders(page):
    page.goto("entries/greet-and-verify/")
    page.locator("#hb-phrase-1 + button.hb-copy").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == "您好，我是{机构名称}的{催收员姓名}，工号{工号}，本次通话会录音。请问是{客户姓名}吗？"
    tooltip = page.locator("#hb-phrase-1 .hb-ph").first.get_attribute("title")
    assert tooltip == "与借款人签约的债权机构（银行或持牌金融机构）的名称。"


def test_pages_load_only_from_the_site_itself(page):
    for path in ("", "entries/greet-and-verify/", "stages/", "redlines/"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
    own = urlsplit(page.base).netloc
    foreign = [u for u in page.events["requests"] if urlsplit(u).netloc not in (own, "")]
    assert foreign == []
    assert page.events["errors"] == []


def test_hostile_text_stays_text_in_indexes_and_search_results(page):
    """The hostile entry as the other pages show it: listed in an index, found by search, hovered."""
    from browsing import foreign, search

    for path in ("stages/opening/", "tags/", "redlines/rl-identity/"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
    results = search(page, "转义")
    assert any("hostile-text-sample" in url for url in results)
    page.locator(".md-search-result__item").first.hover()
    assert page.events["dialogs"] == []
    assert page.events["errors"] == []
    assert page.evaluate("document.querySelectorAll('.md-search-result iframe, .md-search-result img').length") == 0
    assert foreign(page.events["requests"], page.base) == []
