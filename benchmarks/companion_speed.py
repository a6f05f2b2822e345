"""How heavy and how quick the call companion page is, at today's catalogue and at 1,000 entries.

For each catalogue it builds the handbook into a temporary folder (the build cache off), opens
companion/index.html from file:// in Debian's Chromium (through Playwright) at phone width and reports:

- the page's size and the size of its embedded data (the JSON the page reads), of which the checker's rules
  and model, which the 自检 page carries too;
- the time from navigation to ready (the page's data-ready mark), best of three loads, against the 自检 page
  (check/index.html) loaded the same way in the same run: the baseline, the other page that reads a large
  embedded JSON;
- the time from choosing a borrower line to its answer drawn (the click, the answer in the live region and
  the next frame), best of twenty lines.

    .venv/bin/python benchmarks/companion_speed.py [--sizes 0,1000]   (0: the real catalogue)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CHROMIUM = os.environ.get("HANDBOOK_CHROMIUM", "/usr/bin/chromium")
sys.path.insert(0, str(PROJECT / "benchmarks"))

import synthetic  # noqa: E402

READY = """async ([selector, mark]) => {
    const nav = performance.getEntriesByType("navigation")[0];
    const start = nav ? nav.startTime : 0;
    while (!document.querySelector(selector + "[" + mark + "]")) await new Promise(r => setTimeout(r, 1));
    return performance.now() - start;
}"""

ANSWER = """async () => {
    const buttons = Array.from(document.querySelectorAll(".hb-call__stage .hb-call__says")).slice(0, 20);
    let best = Infinity;
    for (const button of buttons) {
        const start = performance.now();
        button.click();
        if (!document.querySelector(".hb-call__reply .hb-call__reply-says")) throw new Error("no answer drawn");
        await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
        best = Math.min(best, performance.now() - start);
    }
    return [best, buttons.length];
}"""


def build(catalog: Path | None, site: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HANDBOOK_CACHE": "off"}
    if catalog is not None:
        env["HANDBOOK_CATALOG"] = str(catalog)
    subprocess.run([str(BIN / "mkdocs"), "build", "-q", "--site-dir", str(site)], cwd=PROJECT, env=env, check=True)


def best_ready(browser, url: str, selector: str, mark: str) -> float:
    times = []
    for _ in range(3):
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(url)
        times.append(page.evaluate(READY, [selector, mark]))
        page.close()
    return min(times)


def measure(browser, site: Path) -> dict[str, float]:
    html = (site / "companion" / "index.html").read_text(encoding="utf-8")
    start = html.index('<script type="application/json" id="hb-call-data">')
    data = json.loads(html[html.index(">", start) + 1 : html.index("</script>", start)])
    checker_part = len(json.dumps({"engine": data["engine"], "model": data["model"]}, ensure_ascii=False).encode())
    companion = best_ready(browser, (site / "companion" / "index.html").as_uri(), "#hb-call", "data-ready")
    checker = best_ready(browser, (site / "check" / "index.html").as_uri(), "#hb-checker", "data-ready")
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto((site / "companion" / "index.html").as_uri())
    page.wait_for_selector("#hb-call[data-ready]")
    page.select_option(".hb-call__overdue", "m2")
    page.click(".hb-call__confirm")
    page.click(".hb-call__stage-button[data-stage='negotiation']")
    answer, lines = page.evaluate(ANSWER)
    page.close()
    return {
        "entries": len(data["page"]["entries"]),
        "page_bytes": len(html.encode()),
        "data_bytes": len(json.dumps(data, ensure_ascii=False).encode()),
        "checker_bytes": checker_part,
        "ready_ms": companion,
        "checker_ready_ms": checker,
        "answer_ms": answer,
        "lines": lines,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="0,1000", help="entry counts, 0 for the real catalogue (default %(default)s)"
    )
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for size in (int(s) for s in args.sizes.split(",") if s.strip()):
            catalog = None
            if size:
                catalog = Path(tmp) / f"catalog-{size}"
                synthetic.generate(size, catalog)
            site = Path(tmp) / f"site-{size}"
            print(f"building the handbook ({size or 'real'} entries) …", file=sys.stderr, flush=True)
            build(catalog, site)
            rows.append(measure(browser, site))
        browser.close()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print("| usable entries | page | data | of which checker | ready | 自检 page ready | ratio | line → answer |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['entries']:,} | {r['page_bytes'] / 1024:,.0f} KiB | {r['data_bytes'] / 1024:,.0f} KiB"
            f" | {r['checker_bytes'] / 1024:,.0f} KiB | {r['ready_ms']:.0f} ms | {r['checker_ready_ms']:.0f} ms"
            f" | {r['ready_ms'] / r['checker_ready_ms']:.2f} | {r['answer_ms']:.1f} ms (best of {r['lines']}) |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
