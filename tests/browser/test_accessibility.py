"""axe-core (pinned in package.json) in Chromium on the pages a collector, a trainer and a reviewer open:
no serious or critical accessibility violation on any of them, the companion and the call audit included
once they have run."""

from __future__ import annotations

import pytest
from conftest import PROJECT

pytestmark = pytest.mark.browser

AXE = PROJECT / "node_modules" / "axe-core" / "axe.min.js"
PAGES = {
    "home": "",
    "entry": "entries/verify-identity-first-call/",
    "index": "stages/opening/",
    "rule": "redlines/rl-time/",
    "checker": "check/",
    "practice": "practice/",
    "companion": "companion/",
    "call-audit": "team/call-audit/",
}
READY = {
    "checker": "#hb-checker[data-ready]",
    "practice": "#hb-practice:not([hidden])",
    "companion": "#hb-call[data-ready]",
    "call-audit": "#hb-audit[data-state=ready]",
}


def violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


def described(found: list[dict]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])} element(s), e.g. {v['nodes'][0]['target']}"
        for v in found
    )


@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_or_critical_violation(page, real_site, serve_site, name):
    assert AXE.is_file(), "axe-core is missing: make node_modules/.installed"
    page.goto(serve_site(real_site) + PAGES[name])
    page.wait_for_load_state("load")
    if name in READY:
        page.wait_for_selector(READY[name])
    if name == "companion":  # with a stage open and an answer shown, as during a call
        page.click(".hb-call__confirm")
        page.locator(".hb-call__stage .hb-call__says").first.click()
    if name == "call-audit":  # with a report drawn: charts, tables, links
        page.set_input_files(".hb-audit__files", str(PROJECT / "tests/fixtures/audit/dev/calls-dev-1.txt"))
        page.wait_for_selector("#hb-audit[data-state=done]")
    found = violations(page)
    assert found == [], described(found)
