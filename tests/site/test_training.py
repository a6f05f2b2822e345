"""Pages for trainers and team leads: the call-flow map, scenario dialogues, recent changes, red-line coverage."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from conftest import git, git_repo, real_catalog

from handbook.catalog.history import recent_changes
from handbook.site.render import Renderer
from handbook.site.training import ALWAYS, Box, FlowMap, branches, dialogue, flow_map, redline_matrix

# From the catalogue ----------------------------------------------------------------------------------


def test_every_dialogue_line_comes_from_its_entry():
    catalog, _ = real_catalog()
    stage_order = list(catalog.vocab["stages"])
    played = 0
    for scenario in catalog.vocab["scenarios"]:
        call = dialogue(catalog, scenario)
        if not call:
            continue
        played += 1
        stages = [stage["id"] for stage, _lines in call]
        assert stages == sorted(stages, key=stage_order.index), scenario
        assert set(ALWAYS) <= set(stages), f"{scenario}: a call opens and closes"
        for _stage, lines in call:
            assert lines[0].speaker == "collector"
            for line in lines:
                entry = line.entry
                assert entry.id in catalog.entries
                if line.speaker == "collector":
                    assert entry.verdict != "prohibited"
                    replies = [b.get("reply") for b in entry.data.get("borrower", [])]
                    assert line.text == entry.phrase or line.text in replies, (scenario, entry.id)
                else:
                    assert line.text in [b["says"] for b in entry.data["borrower"]]
            if len(lines) == 3:  # the borrower's line is answered by the entry it refers to, or by its reply
                says = next(b for b in lines[1].entry.data["borrower"] if b["says"] == lines[1].text)
                assert lines[2].entry.id == says.get("ref", lines[1].entry.id)
    assert played >= 20


def test_map_branches_answer_what_the_borrower_says():
    catalog, _ = real_catalog()
    for stage in catalog.vocab["stages"]:
        found = branches(catalog, stage)
        assert found, f"no borrower reply in {stage}"
        assert len({b.answer.id for b in found}) == len(found)
        for branch in found:
            line = next(b for b in branch.source.data["borrower"] if b["says"] == branch.says)
            assert line.get("ref", branch.source.id) == branch.answer.id
            assert branch.answer.verdict != "prohibited"


def test_map_links_every_box_and_escapes_its_text():
    catalog, _ = real_catalog()
    renderer = Renderer(catalog)
    svg = renderer.html("flow-map.svg.j2", map=flow_map(catalog, lambda uri: "/x/" + uri))
    hrefs = re.findall(r'<a href="([^"]+)"', svg)
    stages = len(catalog.vocab["stages"])
    assert sum(h.startswith("/x/stages/") for h in hrefs) == stages
    assert len(hrefs) > 3 * stages
    assert "\n" not in svg  # one line: a blank line would end the raw HTML block
    assert "<script" not in svg.lower()
    hostile = Box('x" onclick="y', 8, 8, 196, "hb-flow__stage", "<script>alert(1)</script>", "a & b", "<b>")
    drawn = renderer.html("flow-map.svg.j2", map=FlowMap("hb-arrow-t", "<i>t</i>", 960, 70, 46, [hostile]))
    assert "<script" not in drawn and "<b>" not in drawn and "<i>" not in drawn
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in drawn and 'href="x&#34; onclick=&#34;y"' in drawn


def test_redline_matrix_agrees_with_the_rule_pages():
    catalog, _ = real_catalog()
    matrix = redline_matrix(catalog)
    use = catalog.rule_use
    for rule, row in matrix.items():
        respect = sum(r for r, _b in row.values())
        broken = sum(b for _r, b in row.values())
        assert (
            broken
            == len(use[rule].breaking)
            == len([e for e in catalog.entries.values() if rule in e.data.get("breaks", [])])
        ), rule
        assert respect == len(use[rule].usable), rule


def test_recent_changes_from_a_real_git_history(tmp_path):
    repo = tmp_path / "repo"
    folder = repo / "scripts_catalog"
    (folder / "opening").mkdir(parents=True)
    (folder / "_definitions").mkdir()
    git_repo(repo)
    (folder / "_definitions" / "taxonomy.yml").write_text("stages: []\n")
    (folder / "opening" / "greet.yml").write_text("id: greet\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "First entries")
    (folder / "opening" / "greet.yml").write_text("id: greet\ntitle: x\n")
    (folder / "opening" / "verify.yml").write_text("id: verify\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Change greet, add verify")
    (folder / "closing").mkdir()
    git(repo, "mv", "scripts_catalog/opening/greet.yml", "scripts_catalog/closing/greet.yml")
    git(repo, "rm", "-q", "scripts_catalog/opening/verify.yml")
    git(repo, "commit", "-qm", "Move greet, drop verify")
    changes = recent_changes(repo, folder)
    assert [c.subject for c in changes] == ["Move greet, drop verify", "Change greet, add verify", "First entries"]
    assert (changes[0].changed, changes[0].removed) == (["greet"], ["verify"])
    assert (changes[1].added, changes[1].changed) == (["verify"], ["greet"])
    assert (changes[2].added, changes[2].other) == (["greet"], ["_definitions/taxonomy.yml"])
    assert recent_changes(repo, folder, limit=1)[0].subject == "Move greet, drop verify"
    assert recent_changes(tmp_path / "elsewhere", folder) == []


# In the built site -------------------------------------------------------------------------------------


class Links(HTMLParser):
    """hrefs of <a> elements, split into those inside an <svg> and the rest, and the dialogue lines."""

    def __init__(self) -> None:
        super().__init__()
        self.svg: list[str] = []
        self.other: list[str] = []
        self.lines = 0
        self.line_links: list[str] = []
        self._depth = {"svg": 0, "line": 0}
        self._stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "svg":
            self._depth["svg"] += 1
        if tag == "div":
            self._stack.append("line" if "hb-line" in classes else "div")
            if "hb-line" in classes:
                self.lines += 1
        if tag == "a" and attrs.get("href"):
            (self.svg if self._depth["svg"] else self.other).append(attrs["href"])
            if "line" in self._stack and "entries/" in attrs["href"]:
                self.line_links.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "svg":
            self._depth["svg"] -= 1
        if tag == "div" and self._stack:
            self._stack.pop()


def parse(page: Path) -> Links:
    links = Links()
    links.feed(page.read_text(encoding="utf-8"))
    return links


def target(site: Path, page: Path, href: str) -> Path:
    """The file a relative link of `page` points at in the built `site` (directory URLs)."""
    url = urljoin("http://site/" + page.relative_to(site).as_posix(), href)
    path = unquote(urlsplit(url).path).lstrip("/")
    found = site / path
    return found / "index.html" if found.is_dir() or path.endswith("/") or not path else found


def test_maps_on_the_home_and_flow_pages_link_to_real_pages(real_site):
    for page in (real_site / "index.html", real_site / "flow" / "index.html"):
        links = parse(page)
        assert len(links.svg) > 30, page
        missing = [h for h in links.svg if not target(real_site, page, h).is_file()]
        assert missing == [], page


def test_each_dialogue_page_shows_every_line_with_its_entry_link(real_site):
    catalog, _ = real_catalog()
    pages = sorted((real_site / "dialogues").glob("*/index.html"))
    assert len(pages) >= 20
    for page in pages:
        scenario = page.parent.name
        expected = sum(len(lines) for _stage, lines in dialogue(catalog, scenario))
        links = parse(page)
        assert links.lines == expected, scenario
        assert len(links.line_links) >= expected, scenario  # each line's source; notes link their rule
        assert links.svg, f"{scenario}: its own flow map"
        for href in links.svg + links.line_links:
            assert target(real_site, page, href).is_file(), (scenario, href)


def test_team_pages(real_site):
    catalog, _ = real_catalog()
    changes = (real_site / "team" / "changes" / "index.html").read_text(encoding="utf-8")
    assert changes.count("<h2") >= 1, "the project is a git checkout: its catalogue commits are listed"
    matrix = (real_site / "team" / "redlines" / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr>\s*<td>", matrix)
    assert len(rows) == len(catalog.rules)


# In Chromium ------------------------------------------------------------------------------------------

MAP_LINKS = "els => els.map(a => new URL(a.getAttribute('href'), location.href).href)"


@pytest.mark.browser
def test_map_links_resolve_when_served(browser, real_site, serve_site):
    root = serve_site(real_site)
    page = browser.new_page()
    checked = 0
    for path in ("", "flow/", "dialogues/cannot-pay/"):
        page.goto(root + path)
        hrefs = page.locator("svg.hb-flow__map a").evaluate_all(MAP_LINKS)
        assert len(hrefs) > 10
        for href in sorted(set(hrefs)):
            assert page.request.get(href).status == 200, href
            checked += 1
    page.locator("svg.hb-flow__map a").first.click()
    page.wait_for_url(re.compile(r"/stages/"))
    print(f"flow map links checked over HTTP: {checked}")
    page.close()


@pytest.mark.browser
def test_map_and_dialogue_work_from_the_offline_zip(browser, offline_handbook):
    page = browser.new_page()
    page.goto((offline_handbook / "dialogues" / "cannot-pay.html").as_uri())
    hrefs = page.locator("svg.hb-flow__map a").evaluate_all(MAP_LINKS)
    assert hrefs
    for href in hrefs:
        assert Path(unquote(urlsplit(href).path)).is_file(), href
    lines = page.locator(".hb-line")
    assert lines.count() >= 6
    for i in range(lines.count()):
        assert lines.nth(i).locator("a[href*='entries/']").count() >= 1
    page.locator(".hb-line a[href*='entries/']").first.click()
    page.wait_for_url(re.compile(r"/entries/[^/]+\.html"))
    assert page.locator("h1").first.is_visible()
    page.close()
