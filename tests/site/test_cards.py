"""Printable call cards: the pages built for every stage and scenario, what they hold and never hold,
and `python -m handbook.tools.cardprint` printing them to A4 and A5 PDFs in Chromium."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import PROJECT, real_catalog
from pypdf import PdfReader
from sitecheck import parse, target_file

from handbook.site.cards import MAX_KEYS, MAX_NEVER, PER_STAGE, cards
from handbook.tools import cardprint

BUILT_ON = "2026-11-23"  # HANDBOOK_TODAY of the test builds (conftest.mkdocs_build)
SCREENSHOT = Path(tempfile.gettempdir()) / "card-screenshot.png"
A4 = (595.28, 841.89)  # points
A5 = (419.53, 595.28)


class _CardText(HTMLParser):
    """The text of a card page's article, the text of each of its sections, and the links in each."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside <article>
        self.section: str | None = None
        self.text: list[str] = []
        self.sections: dict[str, list[str]] = {}
        self.items: dict[str, int] = {}
        self.placeholders = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        classes = (found.get("class") or "").split()
        if tag == "article":
            self.depth += 1
        if tag == "section" and classes:
            self.section = classes[0]
            self.sections[self.section] = []
            self.items[self.section] = 0
        if tag == "li" and self.section:
            self.items[self.section] += 1
        if "hb-ph" in classes:
            self.placeholders += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.depth -= 1
        if tag == "section":
            self.section = None

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.text.append(data)
            if self.section:
                self.sections[self.section].append(data)


def read_card(path: Path) -> _CardText:
    card = _CardText()
    card.feed(path.read_text(encoding="utf-8"))
    return card


def squeeze(text: str) -> str:
    """Text compared as a reader sees it: compatibility forms folded (a PDF's text layer may give ⽚ for 片),
    no whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def card_file(site: Path, name: str) -> Path:
    return site / "cards" / name / "index.html"


def prohibited_wordings() -> dict[str, list[str]]:
    """Every prohibited entry's phrase and variants, squeezed, by entry id."""
    catalog, _ = real_catalog()
    return {
        e.id: [squeeze(text) for text in [e.phrase, *e.data.get("variants", [])]]
        for e in catalog.entries.values()
        if e.verdict == "prohibited"
    }


def longest(kind: str) -> str:
    """The card of a kind with the most text: the one most likely to run over a page."""
    catalog, _ = real_catalog()

    def size(card) -> int:
        keys = sum(len(e.phrase) + len(e.title) for e in card.keys)
        return keys + sum(len(r["forbids"]) + len(r["title"]) for r in card.rules) + 40 * len(card.never)

    return max((c for c in cards(catalog) if c.kind == kind), key=size).name


# -- The pages --------------------------------------------------------------


def test_a_card_for_every_stage_and_every_scenario_listed_on_the_index(real_site):
    catalog, _ = real_catalog()
    expected = [f"stage-{s}" for s in catalog.vocab["stages"]] + [f"scenario-{s}" for s in catalog.vocab["scenarios"]]
    built = sorted(p.parent.name for p in (real_site / "cards").glob("*/index.html"))
    assert built == sorted(expected)
    index = real_site / "cards" / "index.html"
    linked = [href.rstrip("/") for href in parse(index).links if re.fullmatch(r"(stage|scenario)-[a-z0-9-]+/", href)]
    assert linked == expected  # stages in call order, then scenarios in taxonomy order
    assert cardprint.find_cards(real_site).names == expected


def test_each_card_has_key_phrases_what_never_to_say_red_lines_and_a_dated_footer(real_site):
    catalog, _ = real_catalog()
    for card in cards(catalog):
        page = read_card(card_file(real_site, card.name))
        text = squeeze("".join(page.text))
        assert page.items["hb-card__keys"] >= 1, card.name
        assert page.items["hb-card__never"] >= 1, card.name
        assert page.items["hb-card__rules"] >= 1, card.name
        keys = squeeze("".join(page.sections["hb-card__keys"]))
        assert all(squeeze(e.title) in keys for e in card.keys), card.name
        if any("{" in e.phrase for e in card.keys):
            assert page.placeholders > 0, f"{card.name}: placeholders are not highlighted"
        rules = squeeze("".join(page.sections["hb-card__rules"]))
        assert all(r["id"] in rules and squeeze(r["forbids"]) in rules for r in card.rules), card.name
        assert squeeze(card.term["title"]) in text
        assert squeeze(f"依据与详情见手册对应页面：{card.term['title']}·制卡日期{BUILT_ON}") in text, card.name


def test_card_content_follows_the_rules_of_a_card():
    catalog, _ = real_catalog()
    stages = list(catalog.vocab["stages"])
    for card in cards(catalog):
        assert 1 <= len(card.keys) <= MAX_KEYS, card.name
        assert all(e.verdict == "recommended" for e in card.keys), card.name
        assert all(e.verdict == "prohibited" for e in card.never), card.name
        own = [e for e in catalog.entries.values() if e.verdict == "prohibited" and card.term["id"] in _terms(e)]
        if card.kind == "stage":
            assert all(e.stage == card.term["id"] for e in card.keys)
            phone = ["phone" in e.channels for e in card.keys]
            assert phone == sorted(phone, reverse=True), f"{card.name}: phone phrases come first"
        else:
            order = [stages.index(e.stage) for e in card.keys]
            assert order == sorted(order), f"{card.name}: key phrases in call order"
            assert max(order.count(i) for i in order) <= PER_STAGE
            assert all(card.term["id"] in e.scenarios for e in card.keys)
        assert card.never_borrowed == (not own), card.name
        if own:
            assert card.never_total == len(own), card.name
            assert len(card.never) == min(len(own), MAX_NEVER), card.name
            assert {e.id for e in card.never} <= {e.id for e in own}, card.name
        cited = {n["rule"] for e in card.keys for n in e.compliance}
        broken = {r for e in card.never for r in e.breaks}
        assert [r["id"] for r in card.rules] == [r for r in catalog.rules if r in cited | broken], card.name
        if card.never_borrowed:  # borrowed counter-examples break a rule the key phrases respect
            assert all(cited & set(e.breaks) for e in card.never), card.name


def _terms(entry) -> list[str]:
    return [entry.stage, *entry.scenarios]


def test_no_card_prints_a_prohibited_phrase(real_site):
    wordings = prohibited_wordings()
    # The check can see a phrase where one is printed: each prohibited entry's own page shows it.
    some = next(iter(wordings))
    assert wordings[some][0] in squeeze("".join(read_card(real_site / "entries" / some / "index.html").text))
    for page in (real_site / "cards").rglob("index.html"):
        text = squeeze("".join(read_card(page).text))
        shown = [entry for entry, texts in wordings.items() if any(t in text for t in texts)]
        assert shown == [], f"{page.relative_to(real_site)} prints the wording of {shown}"


def test_every_link_on_the_cards_resolves(real_site):
    broken = []
    for page in (real_site / "cards").rglob("index.html"):
        for href in parse(page).links:
            target = target_file(real_site, page, href)
            if target is not None and not target[0].is_file():
                broken.append(f"{page.relative_to(real_site)} -> {href}")
    assert broken == []


def test_cards_stay_out_of_search(real_site):
    """Cards only repeat entries; handbook/site/search.py keeps them out of the index."""
    index = json.loads((real_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = [doc["location"] for doc in index["docs"]]
    assert any(loc.startswith("entries/") for loc in locations)
    assert [loc for loc in locations if loc.startswith("cards/")] == []


# -- The printer without a browser -------------------------------------------


def test_printer_says_to_build_first_when_the_site_has_no_cards(tmp_path, capsys):
    (tmp_path / "site").mkdir()
    assert cardprint.main([str(tmp_path / "site"), str(tmp_path / "out")]) == 1
    error = capsys.readouterr().err
    assert "make build" in error and "cards/index.html" in error
    assert not (tmp_path / "out").exists()


def test_printer_rejects_an_unknown_card_and_names_the_known_ones(real_site, tmp_path, capsys):
    assert cardprint.main([str(real_site), str(tmp_path / "out"), "--only", "stage-nowhere"]) == 1
    error = capsys.readouterr().err
    assert "no such card: stage-nowhere" in error and "stage-opening" in error


def test_printer_help_names_its_arguments():
    result = subprocess.run(
        [sys.executable, "-m", "handbook.tools.cardprint", "--help"], cwd=PROJECT, capture_output=True, text=True
    )
    assert result.returncode == 0
    assert all(word in result.stdout for word in ("SITE_DIR", "OUT_DIR", "--size", "--only", "make build"))
    wrong = subprocess.run(
        [sys.executable, "-m", "handbook.tools.cardprint", "site", "out", "--size", "A3"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
    )
    assert wrong.returncode == 2 and "A3" in wrong.stderr


# -- Printing in Chromium ------------------------------------------------------


def pdf_text(path: Path) -> str:
    return squeeze("".join(page.extract_text() for page in PdfReader(path).pages))


def assert_size(path: Path, size: tuple[float, float]) -> None:
    for page in PdfReader(path).pages:
        box = page.mediabox
        assert abs(float(box.width) - size[0]) <= 1 and abs(float(box.height) - size[1]) <= 1, (path.name, box)


@pytest.mark.browser
def test_longest_stage_and_scenario_cards_print_to_one_a4_page_and_a5(browser, real_site, tmp_path):
    catalog, _ = real_catalog()
    names = [longest("stage"), longest("scenario")]
    lines: list[str] = []
    printed = cardprint.print_cards(real_site, tmp_path, only=names, browser=browser, log=lines.append)
    assert sorted(p.path.name for p in printed) == sorted(f"{n}-{s}.pdf" for n in names for s in ("A4", "A5"))
    assert len(lines) == 2 and all(n in line for n, line in zip(names, lines, strict=True))
    wordings = prohibited_wordings()
    by_name = {c.name: c for c in cards(catalog)}
    for name in names:
        card = by_name[name]
        a4, a5 = tmp_path / f"{name}-A4.pdf", tmp_path / f"{name}-A5.pdf"
        assert_size(a4, A4)
        assert_size(a5, A5)
        assert len(PdfReader(a4).pages) == 1, f"{name} runs over one A4 page"
        assert len(PdfReader(a5).pages) in (1, 2), f"{name} on A5: front, and back at most"
        for path in (a4, a5):
            text = pdf_text(path)
            assert squeeze(card.term["title"]) in text
            assert any(squeeze(e.title) in text for e in card.keys)
            assert "红线" in text and card.rules[0]["id"] in text
            assert not any(t in text for texts in wordings.values() for t in texts)


@pytest.mark.browser
def test_printer_command_prints_one_card_from_the_served_site(real_site, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "handbook.tools.cardprint", str(real_site), str(tmp_path), "--size", "A4"]
        + ["--only", "stage-opening"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert re.match(r"\[ 1/1\] stage-opening +A4 1 p \d+ KB", lines[0]), lines
    assert lines[-1].startswith("1 card(s), 1 PDF(s)") and str(tmp_path) in lines[-1]
    assert [p.name for p in tmp_path.iterdir()] == ["stage-opening-A4.pdf"]


@pytest.mark.browser
def test_printer_reads_the_offline_build_from_file(browser, offline_handbook, tmp_path):
    site = cardprint.find_cards(offline_handbook)
    assert site.flat and site.path("scenario-lost-job") == "cards/scenario-lost-job.html"
    printed = cardprint.print_cards(
        offline_handbook, tmp_path, sizes=("A4",), only=["scenario-lost-job"], browser=browser, log=lambda _: None
    )
    assert [(p.card, p.size, p.pages) for p in printed] == [("scenario-lost-job", "A4", 1)]
    assert squeeze("失业或收入中断") in pdf_text(printed[0].path)


@pytest.mark.browser
def test_printed_card_hides_the_chrome_and_a_screenshot_is_kept(browser, real_site, serve_site):
    """The card as laid out on A4, saved as a PNG to look at (SCREENSHOT): the print style sheet in a window
    the size of the printed area (A4 less the 8 mm × 10 mm margins of cards.css, at 96 dpi)."""
    page = browser.new_page(viewport={"width": 718, "height": 1062})
    page.goto(serve_site(real_site) + "cards/stage-opening/")
    page.wait_for_load_state("networkidle")
    assert page.locator(".md-header").is_visible()
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-search"):
        assert not page.locator(chrome).first.is_visible(), chrome
    columns = page.locator(".hb-card__rules ul").evaluate("e => getComputedStyle(e).columnCount")
    assert columns == "2"
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    assert SCREENSHOT.stat().st_size > 50_000
    page.set_viewport_size({"width": 559, "height": 794})  # A5: one column
    assert page.locator(".hb-card__rules ul").evaluate("e => getComputedStyle(e).columnCount") == "1"
    page.emulate_media(media="screen")
    assert page.locator(".md-header").is_visible()
    page.close()
    assert SCREENSHOT.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
