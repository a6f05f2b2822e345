"""Search figures in Chromium: index size per entry, and time from keystroke to first results.

Builds the handbook from scripts_catalog/ and, as the baseline in the same run, from the four
entries of tests/fixtures/site; serves each on loopback; for every query of
tests/fixtures/search-queries.yml presses the key that makes Material search and times how long
the results take to appear. Prints medians, the 90th percentile and the ratio to the baseline.

    make bench-search        (needs Debian's chromium)
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("HANDBOOK_CHROMIUM", "/usr/bin/chromium")


def build(catalog: Path, site: Path) -> None:
    env = {**os.environ, "HANDBOOK_CATALOG": str(catalog), "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run(
        [str(Path(sys.executable).parent / "mkdocs"), "build", "-q", "--site-dir", str(site)],
        cwd=PROJECT,
        env=env,
        check=True,
        capture_output=True,
    )


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def timings(page, root: str, queries: list[str]) -> list[float]:
    meta = "document.querySelector('.md-search-result__meta')?.textContent || ''"
    page.goto(root)
    box = page.locator("input.md-search__input")
    out = []
    for query in queries:
        box.click()
        box.fill("")
        box.press("End")
        page.wait_for_function(f"() => !/[0-9]|没有/.test({meta})")
        page.keyboard.insert_text(query)
        start = time.perf_counter()
        box.press("End")
        page.wait_for_function(f"() => /[0-9]|没有/.test({meta})")
        out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> int:
    from playwright.sync_api import sync_playwright

    queries = [
        q["query"]
        for q in yaml.safe_load((PROJECT / "tests" / "fixtures" / "search-queries.yml").read_text(encoding="utf-8"))[
            "queries"
        ]
    ]
    sys.path.insert(0, str(PROJECT / "tests"))
    from conftest import FIXTURES, make_catalog  # the same small catalogue the tests build

    from handbook.catalog import load_catalog

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        sites = {"handbook": tmp_path / "handbook", "baseline (4 entries)": tmp_path / "baseline"}
        build(PROJECT / "scripts_catalog", sites["handbook"])
        build(make_catalog(tmp_path / "catalog", FIXTURES / "site"), sites["baseline (4 entries)"])
        entries = {"handbook": len(load_catalog(PROJECT / "scripts_catalog")[0].entries), "baseline (4 entries)": 4}
        results = {}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
            )
            for name, site in sites.items():
                server, root = serve(site)
                page = browser.new_page()
                timings(page, root, queries[:3])  # warm up: load the index and the worker
                results[name] = timings(page, root, queries)
                page.close()
                server.shutdown()
            browser.close()
        print(f"search in Chromium, {len(queries)} queries, served on loopback")
        print(f"{'site':<22}{'entries':>8}{'index KB':>10}{'KB/entry':>10}{'median ms':>11}{'p90 ms':>8}")
        for name, site in sites.items():
            size = (site / "search" / "search_index.json").stat().st_size / 1024
            ms = sorted(results[name])
            p90 = ms[int(0.9 * (len(ms) - 1))]
            print(
                f"{name:<22}{entries[name]:>8}{size:>10.0f}{size / entries[name]:>10.1f}"
                f"{statistics.median(ms):>11.1f}{p90:>8.1f}"
            )
        ratio = statistics.median(results["handbook"]) / statistics.median(results["baseline (4 entries)"])
        print(f"ratio handbook / baseline, median keystroke to results: {ratio:.2f}")
        shutil.rmtree(tmp_path, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
