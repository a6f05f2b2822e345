"""Entry pages as rendered from the stable fixture catalogue (tests/fixtures/site)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from sitecheck import broken_links, elements, parse

GOLDEN = Path(__file__).resolve().parent.parent / "golden"


def article(site: Path, entry_id: str) -> str:
    """The content of an entry page: the <article> element, one tag or text run per line."""
    html = (site / "entries" / entry_id / "index.html").read_text(encoding="utf-8")
    body = html[html.index("<article") : html.index("</article>")]
    lines = (line.strip() for line in body.splitlines())
    return "\n".join(line for line in lines if line) + "\n"


def test_entry_page_matches_golden_file(fixture_site):
    """Set UPDATE_GOLDEN=1 to rewrite the golden file after an intended change, then review its diff."""
    golden = GOLDEN / "greet-and-verify.html"
    actual = article(fixture_site, "greet-and-verify")
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8")


def test_fixture_site_links_resolve(fixture_site):
    assert broken_links(fixture_site) == []


def test_placeholders_are_highlighted_with_their_description(fixture_site):
    html = article(fixture_site, "greet-and-verify")
    assert '<span class="hb-ph" title="本次联系的工作人员的姓名或姓氏。">{催收员姓名}</span>' in html


def test_prohibited_entry_names_rule_and_alternative_and_has_no_copy_button(fixture_site):
    html = article(fixture_site, "pressure-through-parents")
    links = parse(fixture_site / "entries" / "pressure-through-parents" / "index.html").links
    assert "../../redlines/rl-relative-liability/" in links
    assert "../offer-instalment-plan/" in links
    assert "hb-copy" not in html
    assert "hb-copy" in article(fixture_site, "offer-instalment-plan")


def test_rule_page_sets_each_counter_example_beside_its_alternative(fixture_site):
    html = (fixture_site / "redlines" / "rl-relative-liability" / "index.html").read_text(encoding="utf-8")
    pair = html[html.index('<div class="hb-pair">') :]
    bad, good = pair.index("孩子欠的钱您得替他还上"), pair.index("可以申请分")
    assert bad < pair.index("hb-pair__side--good") < good
    assert "依据" in html and "商业银行信用卡业务监督管理办法" in html


RISKY_TAGS = ("script", "iframe", "img", "svg", "b", "a", "object", "embed", "style")


def risky(html: str) -> tuple[dict[str, int], list[str]]:
    found = elements(html)
    return {t: found.tags.get(t, 0) for t in RISKY_TAGS}, found.active


def test_hostile_text_is_escaped_everywhere_it_appears(fixture_site):
    """The hostile entry's page has the same tags as a benign entry's and no attribute that runs code."""
    benign = (fixture_site / "entries" / "greet-and-verify" / "index.html").read_text(encoding="utf-8")
    hostile = (fixture_site / "entries" / "hostile-text-sample" / "index.html").read_text(encoding="utf-8")
    benign_tags, benign_active = risky(benign)
    hostile_tags, hostile_active = risky(hostile)
    assert benign_active == [] and hostile_active == []
    for tag in ("script", "iframe", "img", "svg", "b", "object", "embed", "style"):
        assert hostile_tags[tag] == benign_tags[tag], tag
    assert "&lt;script&gt;alert(&quot;phrase&quot;)" in hostile
    for page in ("stages/opening", "channels/sms", "tags", "redlines", "scenarios/routine"):
        html = (fixture_site / page / "index.html").read_text(encoding="utf-8")
        content = html[html.index("<article") : html.index("</article>")]
        tags, active = risky(content)
        assert active == [] and all(tags[t] == 0 for t in ("script", "iframe", "img", "b", "object")), page
    title = re.search(r"<title>(.*?)</title>", hostile, re.S).group(1)
    assert "<" not in title and "&lt;/title&gt;&lt;script&gt;" in title
