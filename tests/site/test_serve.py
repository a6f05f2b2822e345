"""`mkdocs serve` rebuilds when an entry changes, and survives a broken one with the problems logged."""

from __future__ import annotations

import os
import subprocess
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BIN, FIXTURES, PROJECT, free_port, make_catalog

pytestmark = pytest.mark.build  # every test here builds the site, runs make or a server

ENTRY = Path("opening") / "greet-and-verify.yml"
REMOVED = Path("opening") / "hostile-text-sample.yml"  # no other entry refers to it


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    raise AssertionError(f"gave up after {timeout:.0f} s waiting for {what}")


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def test_serve_rebuilds_and_survives_a_broken_entry(tmp_path):
    catalog = make_catalog(tmp_path / "scripts_catalog", FIXTURES / "site")
    port = free_port()
    log = tmp_path / "serve.log"
    env = {
        **os.environ,
        "HANDBOOK_CATALOG": str(catalog),
        "HANDBOOK_CACHE": str(tmp_path / "cache"),
        "NO_MKDOCS_2_WARNING": "1",
    }
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(BIN / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=PROJECT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/entries/greet-and-verify/"
    try:
        wait_for(lambda: "问候并确认本人" in (fetch(url) or ""), "the first build")
        entry = catalog / ENTRY
        good = entry.read_text(encoding="utf-8")

        entry.write_text(good.replace("stage: opening", "stage: openning"), encoding="utf-8")
        wait_for(lambda: "E104 stage 'openning' is not a stage" in log.read_text(), "the problem in the log")
        assert server.poll() is None, "the server stopped on a broken entry"
        assert "问候并确认本人" in (fetch(url) or ""), "the last good page is no longer served"

        entry.write_text(good.replace("title: 问候并确认本人", "title: 问候后确认本人身份"), encoding="utf-8")
        wait_for(lambda: "问候后确认本人身份" in (fetch(url) or ""), "the fixed page")

        # The served folder is kept between rebuilds (handbook/site/writes.py): a deleted entry's page must
        # go, and its title leave the lists, as in a folder emptied and written again.
        gone = catalog / REMOVED
        kept = gone.read_text(encoding="utf-8")
        stage = f"http://127.0.0.1:{port}/stages/opening/"
        title = "问候后确认本人身份"
        assert "hostile-text-sample" in (fetch(stage) or "")
        gone.unlink()
        wait_for(lambda: fetch(url.replace("greet-and-verify", "hostile-text-sample")) is None, "the page to go")
        assert title in (fetch(stage) or "") and "hostile-text-sample" not in (fetch(stage) or "")
        gone.write_text(kept, encoding="utf-8")
        wait_for(lambda: "hostile-text-sample" in (fetch(stage) or ""), "the page back in the list")
        assert fetch(url.replace("greet-and-verify", "hostile-text-sample")) is not None
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert "Traceback" not in log.read_text()
