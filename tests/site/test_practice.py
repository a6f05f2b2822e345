"""The practice page: rounds built from the catalogue, played in Chromium on the served site and from file://.

The right answer of a round is worked out here from the catalogue itself (the entry's borrower line
and its reply or ref), not from handbook.site.practice, so a wrong choice there shows up as a failure.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from browsing import foreign
from conftest import FIXTURES, make_catalog, mkdocs_build, real_catalog

from handbook.site.export import export_catalog
from handbook.site.practice import SESSION, build_rounds, page_data
from handbook.site.render import embed

DATA = re.compile(r'<script type="application/json" id="hb-practice-data">(.*?)</script>', re.S)


def rounds():
    catalog, _ = real_catalog()
    return catalog, build_rounds(export_catalog(catalog))


def expected_answer(catalog, round_id: str) -> str:
    """The recommended reply to the borrower line a round id names (`entry-id#index`), from the catalogue."""
    holder, index = round_id.rsplit("#", 1)
    line = catalog.entries[holder].borrower[int(index)]
    if "reply" in line:
        return line["reply"]
    return catalog.entries[line["ref"]].phrase


def squash(text: str) -> str:
    return " ".join(text.split())


# Without a browser ------------------------------------------------------------


def test_every_round_offers_one_right_one_prohibited_and_one_wrong_stage_reply():
    catalog, built = rounds()
    assert len(built) >= 100
    assert len({r["id"] for r in built}) == len(built)
    prohibited_stages = {e.stage for e in catalog.entries.values() if e.verdict == "prohibited"}
    for r in built:
        holder = catalog.entries[r["id"].rsplit("#", 1)[0]]
        assert r["stage"] == holder.stage and r["context"] == holder.id
        line = holder.borrower[int(r["id"].rsplit("#", 1)[1])]
        assert r["says"] == line["says"]
        answer = catalog.entries[r["right"]["entry"]]
        assert r["right"]["text"] == expected_answer(catalog, r["id"])
        assert answer.verdict == "recommended"
        assert answer.id == line.get("ref", holder.id)
        bad = catalog.entries[r["prohibited"]]
        assert bad.verdict == "prohibited"
        if holder.stage in prohibited_stages:
            assert bad.stage == holder.stage, r["id"]
        wrong = catalog.entries[r["wrong"]]
        assert wrong.verdict == "recommended"
        assert wrong.stage not in (holder.stage, answer.stage), r["id"]
        texts = [r["right"]["text"], bad.phrase, wrong.phrase]
        assert len(set(texts)) == 3, r["id"]


def test_rounds_exist_for_every_stage_that_has_borrower_lines():
    catalog, built = rounds()
    with_lines = {e.stage for e in catalog.entries.values() if e.data.get("borrower")}
    assert with_lines == set(catalog.vocab["stages"])  # the real catalogue: every stage
    assert {r["stage"] for r in built} == with_lines


def test_embedded_data_cannot_end_the_script_element():
    data = {"says": "</script><script>alert(1)</script><!-- & -->"}
    text = embed(data)
    assert "<" not in text and ">" not in text and "\n" not in text
    assert json.loads(text) == data


def test_page_data_links_every_entry_and_rule_it_names():
    catalog, built = rounds()
    data = page_data(export_catalog(catalog), lambda uri: "../" + uri)
    for r in data["rounds"]:
        for entry_id in (r["right"]["entry"], r["prohibited"], r["wrong"], r["context"]):
            assert data["entries"][entry_id]["url"] == f"../entries/{entry_id}.md"
        bad = data["entries"][r["prohibited"]]
        assert bad["breaks"] == catalog.entries[r["prohibited"]].breaks
        assert bad["alternative"] in data["entries"]
        for rule in bad["breaks"]:
            assert data["rules"][rule]["url"] == f"../redlines/{rule.lower()}.md"
            assert data["rules"][rule]["citation"].startswith("《")
        assert data["entries"][r["right"]["entry"]]["notes"]


def test_built_page_embeds_the_rounds_with_working_links_and_stays_out_of_search(real_site):
    page = real_site / "practice" / "index.html"
    html = page.read_text(encoding="utf-8")
    data = json.loads(DATA.search(html).group(1))
    _, built = rounds()
    assert data["rounds"] == built
    urls = [e["url"] for e in data["entries"].values()] + [r["url"] for r in data["rules"].values()]
    for url in urls:
        assert url.startswith("../") and (page.parent / url / "index.html").resolve().is_file(), url
    size = len(DATA.search(html).group(1).encode("utf-8"))
    print(f"practice: {len(built)} rounds, {size / 1024:.0f} KB of embedded data")
    index = json.loads((real_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [d["location"] for d in index["docs"] if d["location"].startswith("practice/")]
    assert "<noscript>" in html


def test_a_catalogue_without_playable_lines_gets_a_note_instead_of_a_game(fixture_site):
    # The fixture's only recommended line with a wrong-stage candidate sits in a caution entry.
    html = (fixture_site / "practice" / "index.html").read_text(encoding="utf-8")
    assert "还没有可以出题的借款人回应" in html
    assert 'id="hb-practice' not in html


# In Chromium ------------------------------------------------------------------


def option(page, text: str):
    """The reply button showing `text`."""
    buttons = page.locator(".hb-practice__option")
    texts = [squash(t) for t in buttons.locator(".hb-practice__text").all_inner_texts()]
    assert squash(text) in texts, (text, texts)
    return buttons.nth(texts.index(squash(text)))


def current_round(page) -> str:
    return page.locator("#hb-practice").get_attribute("data-round")


def choose_right(page, catalog) -> None:
    option(page, expected_answer(catalog, current_round(page))).click()
    assert page.locator(".hb-practice__explain--right").is_visible()


def choose_prohibited(page, catalog, rounds_by_id) -> str:
    """Click the counter-example of the round on screen; return its entry id."""
    bad = rounds_by_id[current_round(page)]["prohibited"]
    option(page, catalog.entries[bad].phrase).click()
    return bad


@pytest.mark.browser
def test_a_full_round_answered_right_scores_all_and_a_prohibited_choice_cites_its_rules(page, real_site, serve_site):
    catalog, built = rounds()
    by_id = {r["id"]: r for r in built}
    root = serve_site(real_site)
    page.goto(root + "practice/")
    assert page.locator("#hb-practice").is_visible()
    total = min(SESSION, len(built))
    seen = []
    for number in range(1, total + 1):
        assert page.locator(".hb-practice__progress").inner_text() == f"第 {number} / {total} 题"
        assert page.locator(".hb-practice__option").count() == 3
        seen.append(current_round(page))
        says = page.locator(".hb-practice__says").inner_text()
        assert by_id[seen[-1]]["says"] in says
        stage = catalog.vocab["stages"][by_id[seen[-1]]["stage"]]["title"]
        assert stage in page.locator(".hb-practice__stage-name").inner_text()
        choose_right(page, catalog)
        assert page.locator(".hb-practice__score").inner_text() == f"答对 {number} / {number}"
        if number < total:
            assert page.evaluate("document.activeElement.textContent") == "下一题"
            page.keyboard.press("Enter")
    assert len(set(seen)) == total
    assert page.locator(".hb-practice__next").is_disabled()
    assert f"本轮结束：答对 {total} / {total}" in page.locator(".hb-practice__feedback").inner_text()

    page.locator(".hb-practice__restart").click()
    assert page.locator(".hb-practice__score").inner_text() == "答对 0 / 0"
    bad = catalog.entries[choose_prohibited(page, catalog, by_id)]
    assert page.locator(".hb-practice__score").inner_text() == "答对 0 / 1"
    feedback = page.locator(".hb-practice__feedback")
    assert "违反红线" in feedback.inner_text()
    cited = feedback.locator("[data-rule]").evaluate_all("els => els.map(e => e.dataset.rule)")
    assert cited == bad.breaks
    for rule in bad.breaks:
        assert f"{rule} {catalog.rules[rule]['title']}" in feedback.inner_text()
    assert page.locator(".hb-practice__option[data-kind='right']").count() == 1
    alternative = catalog.entries[bad.alternative]
    link = feedback.locator("a.hb-practice__alternative")
    assert link.inner_text() == alternative.title
    link.click()
    page.wait_for_load_state("load")
    assert page.url == f"{root}entries/{alternative.id}/"
    assert page.locator("article h1").inner_text().rstrip("¶").strip() == alternative.title
    assert foreign(page.requests, root) == []
    assert page.errors == []


@pytest.mark.browser
def test_a_wrong_stage_choice_names_the_stage_of_the_phrase(page, real_site, serve_site):
    catalog, built = rounds()
    by_id = {r["id"]: r for r in built}
    page.goto(serve_site(real_site) + "practice/")
    page.select_option(".hb-practice__stage", "negotiation")
    total = min(SESSION, sum(r["stage"] == "negotiation" for r in built))
    assert page.locator(".hb-practice__progress").inner_text() == f"第 1 / {total} 题"
    r = by_id[current_round(page)]
    assert r["stage"] == "negotiation"
    wrong = catalog.entries[r["wrong"]]
    option(page, wrong.phrase).click()
    text = page.locator(".hb-practice__explain--wrong").inner_text()
    assert f"「{catalog.vocab['stages'][wrong.stage]['title']}」阶段" in text
    assert "「协商方案」阶段" in text
    assert page.locator(".hb-practice__score").inner_text() == "答对 0 / 1"
    assert page.errors == []


@pytest.mark.browser
def test_practice_fits_a_390_pixel_phone_and_needs_javascript(browser, real_site, serve_site):
    catalog, _ = real_catalog()
    root = serve_site(real_site)
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(root + "practice/")
    choose_right(page, catalog)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    for box in page.locator(".hb-practice__option, .hb-practice__next").evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().toJSON())"
    ):
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    context.close()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(root + "practice/")
    assert page.locator(".hb-practice-noscript").is_visible()
    assert not page.locator("#hb-practice").is_visible()
    context.close()


@pytest.mark.browser
def test_offline_practice_plays_from_file_and_requests_nothing_outside(page, offline_handbook: Path):
    catalog, built = rounds()
    by_id = {r["id"]: r for r in built}
    root = offline_handbook.as_uri() + "/"
    page.goto(root + "practice.html")
    first = current_round(page)
    choose_right(page, catalog)
    assert page.locator(".hb-practice__score").inner_text() == "答对 1 / 1"
    page.locator(".hb-practice__next").click()
    assert current_round(page) != first
    assert page.locator(".hb-practice__progress").inner_text().startswith("第 2 / ")
    bad = catalog.entries[choose_prohibited(page, catalog, by_id)]
    assert page.locator(".hb-practice__score").inner_text() == "答对 1 / 2"
    page.locator("a.hb-practice__alternative").click()
    page.wait_for_load_state("load")
    assert page.url == f"{root}entries/{bad.alternative}.html"
    assert page.locator("article h1").inner_text().rstrip("¶").strip() == catalog.entries[bad.alternative].title
    assert foreign(page.requests, root) == []
    assert [url for url in page.requests if not url.startswith(root)] == []
    assert page.errors == []


@pytest.mark.browser
def test_catalogue_text_stays_text_in_the_game(page, tmp_path, serve_site):
    catalog = make_catalog(tmp_path / "scripts_catalog", FIXTURES / "site")
    hostile = catalog / "opening" / "hostile-text-sample.yml"
    hostile.write_text(
        hostile.read_text(encoding="utf-8").replace("verdict: caution", "verdict: recommended"), encoding="utf-8"
    )
    result = mkdocs_build(catalog, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(serve_site(tmp_path / "site") + "practice/")
    assert current_round(page) == "hostile-text-sample#0"
    assert page.locator(".hb-practice__says").inner_text() == "借款人：<svg onload=alert(5)>"
    option(page, "> 不是引用 - [ ] 不是清单 {机构名称}").click()
    notes = page.locator(".hb-practice__notes").inner_text()
    assert '<a href="javascript:alert(4)">链接</a>' in notes
    root = page.locator("#hb-practice")
    assert root.locator("svg, script, img, iframe, a[href^='javascript']").count() == 0
    assert dialogs == []
    assert page.errors == []
