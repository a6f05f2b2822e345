"""The build cache (handbook/site/cache.py) never changes the site: a build that reuses pages writes what a
clean build of the same files writes, byte for byte, after any series of edits."""

from __future__ import annotations

import filecmp
import json
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import BIN, CATALOG, PROJECT, make_catalog

pytestmark = [pytest.mark.build, pytest.mark.slow]

SITE_URL = "http://127.0.0.1:8000/"  # what `mkdocs serve` sets; the clean builds are given the same
REUSED = re.compile(
    r"build cache: check (?P<check>[\d,]+) of (?P<checks>[\d,]+) reused,"
    r" page (?P<page>[\d,]+) of (?P<pages>[\d,]+) reused,"
    r" convert (?P<convert>[\d,]+) of (?P<converts>[\d,]+) reused,"
    r" search (?P<search>[\d,]+) of (?P<searches>[\d,]+) reused, layout"
)


def build(catalog: Path, site: Path, cache: str) -> str:
    env = {
        **os.environ,
        "HANDBOOK_CATALOG": str(catalog),
        "HANDBOOK_CACHE": cache,
        "HANDBOOK_SITE_URL": SITE_URL,
        "NO_MKDOCS_2_WARNING": "1",
    }
    result = subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(site)],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stderr


def differences(a: Path, b: Path) -> list[str]:
    """Every file that is not byte-identical in the two trees, or in only one of them."""
    out: list[str] = []

    def walk(cmp: filecmp.dircmp, prefix: str) -> None:
        out.extend(f"{prefix}{name} (only in one)" for name in cmp.left_only + cmp.right_only)
        _same, differ, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        out.extend(f"{prefix}{name}" for name in differ + errors)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(a, b), "")
    return sorted(out)


def test_a_warm_build_writes_the_site_a_build_without_cache_writes(tmp_path):
    cache = tmp_path / "cache"
    plain = build(CATALOG, tmp_path / "plain", "off")
    assert "build cache" not in plain and not cache.exists()
    cold = build(CATALOG, tmp_path / "cold", str(cache))
    warm = build(CATALOG, tmp_path / "warm", str(cache))
    assert differences(tmp_path / "plain", tmp_path / "cold") == []
    assert differences(tmp_path / "plain", tmp_path / "warm") == []
    first, again = REUSED.search(cold), REUSED.search(warm)
    assert first and again, warm[-2000:]
    assert first["check"] == first["page"] == first["convert"] == first["search"] == "0"  # a cold cache reuses nothing
    reused = (again["check"], again["page"], again["convert"], again["search"])
    assert reused == (again["checks"], again["pages"], again["converts"], again["searches"])


def test_a_damaged_cache_entry_is_a_miss_and_is_written_again(tmp_path):
    cache = tmp_path / "cache"
    build(CATALOG, tmp_path / "first", str(cache))
    entries = sorted((cache / "convert").rglob("*.json"))
    victim, emptied = entries[0], entries[1]
    victim.write_text('{"content": "<p>not this page</p>", "toc": [', encoding="utf-8")  # cut short
    emptied.write_text("", encoding="utf-8")
    log = build(CATALOG, tmp_path / "second", str(cache))
    assert differences(tmp_path / "first", tmp_path / "second") == []
    reused = REUSED.search(log)
    assert reused and int(reused["converts"].replace(",", "")) - int(reused["convert"].replace(",", "")) == 2
    assert json.loads(victim.read_text(encoding="utf-8"))["content"] != "<p>not this page</p>"


def test_serve_rebuilds_after_each_edit_match_a_clean_build(tmp_path):
    """The builder of `mkdocs serve`, in one process, after edits of every kind; each site is compared with
    a clean build, without cache, of the catalogue as it stood."""
    catalog = make_catalog(tmp_path / "scripts_catalog", CATALOG)
    shutil.rmtree(catalog / "_definitions")
    shutil.copytree(CATALOG / "_definitions", catalog / "_definitions")
    forgetful = (catalog / "commitment" / "forgetful-payer-set-reminder.yml").read_text(encoding="utf-8")
    blast = "opening/blast-debt-to-call-log-contacts.yml"
    steps = [
        {"name": "start", "edits": []},
        {
            "name": "text",
            "edits": [
                {
                    "replace": "commitment/forgetful-payer-set-reminder.yml",
                    "old": "看得出您不是",
                    "new": "看得出您并不是",
                }
            ],
        },
        {
            "name": "title",  # linked from five entries
            "edits": [
                {
                    "replace": "opening/deceased-family-reports-death-condolence.yml",
                    "old": "title: 家属告知借款人去世时先致哀、不谈账户",
                    "new": "title: 家属告知借款人去世：先致哀，不谈账户",
                }
            ],
        },
        {
            "name": "stage",
            "edits": [
                {
                    "write": "commitment/broken-promise-reschedule-app.yml",
                    "text": (catalog / "closing" / "broken-promise-reschedule-app.yml")
                    .read_text(encoding="utf-8")
                    .replace("stage: closing", "stage: commitment"),
                },
                {"delete": "closing/broken-promise-reschedule-app.yml"},
            ],
        },
        {
            "name": "new",
            "edits": [
                {
                    "write": "commitment/forgetful-payer-reminder-by-sms.yml",
                    "text": forgetful.replace("id: forgetful-payer-set-reminder", "id: forgetful-payer-reminder-by-sms")
                    .replace("title: 常忘还款的借款人：一起设好提醒", "title: 常忘还款的借款人：短信提醒到期日")
                    .replace("要不要在", "可以考虑在"),
                }
            ],
        },
        {"name": "deleted", "edits": [{"delete": "commitment/forgetful-payer-set-reminder.yml"}]},
        {"name": "tag-dropped", "edits": [{"replace": blast, "old": "tags: [通讯录, 群发,", "new": "tags: [通讯录,"}]},
        {"name": "broken", "edits": [{"replace": blast, "old": "\nid: ", "new": "\nid: ["}]},
        {"name": "fixed", "edits": [{"replace": blast, "old": "\nid: [", "new": "\nid: "}]},
    ]
    steps_file = tmp_path / "steps.json"
    steps_file.write_text(json.dumps(steps, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    env = {
        **os.environ,
        "HANDBOOK_CATALOG": str(catalog),
        "HANDBOOK_CACHE": str(tmp_path / "cache"),
        "HANDBOOK_SITE_URL": SITE_URL,
        "NO_MKDOCS_2_WARNING": "1",
    }
    driver = Path(__file__).with_name("rebuilds.py")
    result = subprocess.run(
        [sys.executable, str(driver), str(steps_file), str(out)], cwd=PROJECT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = {line["step"]: line for line in map(json.loads, result.stdout.splitlines())}
    assert list(report) == [step["name"] for step in steps]
    # the clean build each step's site is compared with: "broken" keeps the last good catalogue (the site of
    # the step before), and "fixed" puts back the files of "tag-dropped", so one clean build serves both
    assert differences(out / "fixed" / "scripts_catalog", out / "tag-dropped" / "scripts_catalog") == []
    compared = {step["name"]: step["name"] for step in steps} | {"broken": "tag-dropped", "fixed": "tag-dropped"}
    clean = sorted(set(compared.values()))
    with ThreadPoolExecutor(max_workers=2) as pool:  # each build is a process of its own: both cores
        list(pool.map(lambda name: build(out / name / "scripts_catalog", tmp_path / "clean" / name, "off"), clean))
    for step in steps:
        name = step["name"]
        assert differences(tmp_path / "clean" / compared[name], out / name / "site") == [], name
    reused = REUSED.search(report["text"]["cache"])
    assert reused and int(reused["convert"].replace(",", "")) > 0.8 * int(reused["converts"].replace(",", ""))
