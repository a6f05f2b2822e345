"""The call companion (通话助手) in Chromium, from the offline zip at phone width, as a collector uses it:
fill the borrower's details, confirm identity, walk an M2 call about instalments, answer an objection, copy
each line filled in; the identity and clock gates, the attempts counter, the checker box, markup typed into a
field, and that nothing is requested or stored."""

from __future__ import annotations

import datetime
import json
import re
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import BIN, PROJECT, real_catalog

from handbook.catalog.compliance import debt_detail

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):
    """A phone-width tab that records requests and script errors, with the clipboard allowed."""
    context = browser.new_context(viewport=PHONE)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    tab = context.new_page()
    tab.requests, tab.errors = [], []
    tab.on("request", lambda r: tab.requests.append(r.url))
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))
    tab.on(
        "console", lambda m: tab.errors.append(m.text) if m.type == "error" and "search_index" not in m.text else None
    )
    yield tab
    context.close()


def open_companion(tab, handbook: Path, at: datetime.datetime | None = None) -> None:
    if at is not None:
        tab.clock.install(time=at)
    tab.goto(handbook.as_uri() + "/companion.html")
    tab.wait_for_selector("#hb-call[data-ready]")


def press(tab, *keys: str) -> None:
    """Shortcut keys as a collector presses them, with no form field focused (keys typed into a field are text)."""
    tab.evaluate("document.activeElement && document.activeElement.blur()")
    for key in keys:
        tab.keyboard.press(key)


def lines(tab) -> list[str]:
    return tab.locator(".hb-call__stage .hb-call__say").all_inner_texts()


def storage(tab) -> list[tuple[str, str, str]]:
    """What the tab has stored: (storage, key, value), leaving out the theme's own keys (Material keeps its
    search and palette state under names with __, holding nothing typed on this page)."""
    return [
        tuple(item)
        for item in tab.evaluate(
            """() => [["session", sessionStorage], ["local", localStorage]].flatMap(([name, store]) =>
                Object.keys(store).map(key => [name, key, store.getItem(key)]))"""
        )
        if "__" not in item[1]
    ]


def test_an_m2_call_about_instalments_walked_on_a_phone(phone, offline_handbook):
    open_companion(phone, offline_handbook, datetime.datetime(2026, 12, 1, 10, 0))
    assert phone.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]  # no sideways scrolling
    phone.fill("input[data-name='客户姓名']", "王先生")
    phone.fill("input[data-name='机构名称']", "示例银行")
    phone.fill("input[data-name='逾期金额']", "8,000元")
    phone.select_option(".hb-call__overdue", "m2")
    phone.select_option(".hb-call__scenario", "financial-difficulty")
    assert phone.locator(".hb-call__banner").is_hidden()  # ten in the morning

    # 1: identity first; the copy is the filled text
    first = lines(phone)[0]
    assert "王先生" in first and "示例银行" in first and "本人" in first
    press(phone, "c")
    copied = phone.evaluate("navigator.clipboard.readText()")
    assert (
        "王先生" in copied and "{客户姓名}" not in copied and copied == phone.get_attribute("#hb-call", "data-copied")
    )
    press(phone, "i")
    assert phone.get_attribute("#hb-call", "data-confirmed") == "1"

    # 5: the instalment plan, then the borrower says it is too much
    press(phone, "5")
    assert phone.get_attribute("#hb-call", "data-stage") == "negotiation"
    titles = phone.locator(".hb-call__stage .hb-call__line-title").all_inner_texts()
    more = phone.locator(".hb-call__more")
    if not any("分期" in t for t in titles) and more.count():
        more.click()
        titles = phone.locator(".hb-call__stage .hb-call__line-title").all_inner_texts()
    assert any("分期" in t for t in titles), titles
    says = phone.locator(".hb-call__stage .hb-call__says", has_text="每期还是太多了")
    says.first.click()
    reply = phone.locator(".hb-call__reply")
    assert "期数" in reply.inner_text()
    assert (reply.get_attribute("role"), reply.get_attribute("aria-live")) == ("status", "polite")  # read out
    assert phone.evaluate("document.activeElement.closest('.hb-call__reply') !== null")  # focus on its copy

    # an objection interrupts and the call returns to where it was
    phone.locator(".hb-call__objection-box summary").click()
    phone.locator(".hb-call__says--objection").first.click()
    assert phone.get_attribute("#hb-call", "data-stage") == "negotiation"
    phone.locator(".hb-call__back").click()
    assert phone.evaluate("document.activeElement.id") == "hb-call-stage-title"
    assert "协商方案" in phone.locator(".hb-call__stage-title").inner_text()

    # 6: commitment, copied with the amount in place
    press(phone, "6")
    phone.locator(".hb-call__stage .hb-call__line .hb-call__copy").first.click()
    assert phone.evaluate("navigator.clipboard.readText()") == lines(phone)[0]  # what is shown, filled in
    filled = phone.locator(".hb-call__stage .hb-call__ph--filled").all_inner_texts()
    assert set(filled) <= {"王先生", "示例银行", "8,000元"}
    unfilled = phone.locator(".hb-call__stage .hb-call__ph:not(.hb-call__ph--filled)").all_inner_texts()
    assert all(re.fullmatch(r"\{[^{}]+\}", t) for t in unfilled)  # still marked, still to fill

    folder = offline_handbook.resolve()
    outside = [
        u
        for u in phone.requests
        if urlsplit(u).scheme != "file" or folder not in Path(unquote(urlsplit(u).path)).parents
    ]
    assert outside == []
    assert storage(phone) == []
    assert phone.errors == []


def test_until_identity_is_confirmed_nothing_tells_of_the_debt(phone, offline_handbook):
    open_companion(phone, offline_handbook, datetime.datetime(2026, 12, 1, 10, 0))
    for overdue in ("d1-5", "m2", "m3-plus"):
        phone.select_option(".hb-call__overdue", overdue)
        if phone.locator(".hb-call__more").count():
            phone.locator(".hb-call__more").click()
        said = lines(phone)
        assert said, overdue
        for text in said:
            assert debt_detail(text) is None, text
    locked = phone.locator(".hb-call__stage-button[aria-disabled='true']").count()
    assert locked == 7
    press(phone, "3")
    assert phone.get_attribute("#hb-call", "data-stage") == "opening"
    assert "确认" in phone.locator(".hb-call__reply").inner_text()
    assert "RL-IDENTITY" in phone.locator(".hb-call__lock").inner_text()

    phone.locator(".hb-call__third").click()  # someone else answers: only the lines for a third party
    third = lines(phone)
    assert third and all("{客服电话}" in t or "回电" in t or "转告" in t for t in third), third
    press(phone, "i", "2")
    assert phone.get_attribute("#hb-call", "data-stage") == "stating-debt"
    assert any("{逾期金额}" in t or "逾期" in t for t in lines(phone))


@pytest.mark.parametrize(("hour", "stop"), [(23, True), (7, True), (8, False), (21, False)])
def test_the_clock_stops_calls_in_the_quiet_hours_of_the_rules(phone, offline_handbook, hour, stop):
    open_companion(phone, offline_handbook, datetime.datetime(2026, 12, 1, hour, 30))
    banner = phone.locator(".hb-call__banner")
    assert banner.is_visible() == stop
    assert phone.get_attribute("#hb-call", "data-quiet") == ("1" if stop else "0")
    if stop:
        assert "RL-TIME" in banner.inner_text() and "停止联系" in banner.inner_text()
        phone.locator(".hb-call__consent").check()  # the borrower asked for this time: recorded
        assert banner.is_hidden()


def test_the_attempts_of_the_day_stop_at_the_rules_limit(phone, offline_handbook):
    catalog, _ = real_catalog()
    limit = catalog.rules["RL-FREQ"]["limits"]["unanswered_per_day"]
    open_companion(phone, offline_handbook, datetime.datetime(2026, 12, 1, 10, 0))
    note = phone.locator(".hb-call__attempt-note")
    press(phone, *["a"] * (limit - 1))
    assert "再有 1 次" in note.inner_text()
    phone.locator(".hb-call__attempt").click()
    assert phone.locator(".hb-call__attempts").inner_text() == str(limit)
    assert "RL-FREQ" in note.inner_text() and "不要再拨" in note.inner_text()
    phone.locator(".hb-call__attempt-reset").click()
    assert note.inner_text() == ""


def test_markup_typed_into_a_field_stays_text(phone, offline_handbook):
    open_companion(phone, offline_handbook, datetime.datetime(2026, 12, 1, 10, 0))
    hostile = '<img src=x onerror="window.pwned=1"><b>王</b>'
    phone.fill("input[data-name='客户姓名']", hostile)
    assert hostile in lines(phone)[0]
    assert phone.locator(".hb-call__stage img, .hb-call__stage b").count() == 0
    assert phone.evaluate("window.pwned") is None
    press(phone, "c")
    assert hostile in phone.evaluate("navigator.clipboard.readText()")
    assert phone.errors == []


def test_kept_only_when_asked_and_cleared_with_one_button(phone, offline_handbook):
    open_companion(phone, offline_handbook, datetime.datetime(2026, 12, 1, 10, 0))
    phone.fill("input[data-name='客户姓名']", "王先生")
    phone.locator(".hb-call__attempt").click()
    assert storage(phone) == []
    phone.locator(".hb-call__keep").check()
    kept = storage(phone)
    assert [(where, key) for where, key, _value in kept] == [("session", "hb-companion")] and "王先生" in kept[0][2]
    phone.reload()
    phone.wait_for_selector("#hb-call[data-ready]")
    assert phone.input_value("input[data-name='客户姓名']") == "王先生"
    assert phone.locator(".hb-call__attempts").inner_text() == "1"
    phone.locator(".hb-call__clear").click()
    assert phone.input_value("input[data-name='客户姓名']") == ""
    assert phone.locator(".hb-call__attempts").inner_text() == "0"
    assert storage(phone) == [] and not phone.locator(".hb-call__keep").is_checked()


def test_the_checker_box_gives_the_cli_s_verdicts(phone, offline_handbook):
    open_companion(phone, offline_handbook, datetime.datetime(2026, 12, 1, 10, 0))
    phrases = ["今晚十二点我们接着给你打电话，打到你接为止。", "您可以通过{官方还款渠道}还款，到账后我们会短信告知。"]
    result = subprocess.run(
        [str(BIN / "handbook"), "lint", "--json", "-"],
        cwd=PROJECT,
        input="\n".join(phrases).encode("utf-8"),
        capture_output=True,
        timeout=300,
    )
    expected = json.loads(result.stdout)
    assert {f["line"] for f in expected} == {1}  # the night call is caught, the lawful line is not
    for number, phrase in enumerate(phrases, 1):
        press(phone, "/")
        assert phone.evaluate("document.activeElement.id") == "hb-call-check"
        phone.keyboard.insert_text(phrase)
        phone.wait_for_function("t => document.getElementById('hb-call').dataset.checked === t", arg=phrase)
        found = set(re.findall(r"RL-[A-Z-]+[A-Z]", phone.locator(".hb-call__check-result").inner_text()))
        assert found == {f["rule"] for f in expected if f["line"] == number}, phrase
        phone.fill(".hb-call__check-input", "")
