"""How fast the phrase checker page reads phrases, against `handbook lint` on the same phrases.

Builds the handbook into a temporary folder, opens check/index.html from file:// in Debian's Chromium
(through Playwright) and times, with performance.now(), window.hbChecker.check on N phrases (the
labelled corpora, repeated; default 1,000): the first, cold run (V8 compiles each regex when it is
first used), then the best of three; and the same with the results drawn into the page. The
baselines, measured in the same run on the same phrases: `handbook lint --json -` as a process
(start-up and catalogue loading included), and Linter.check_lines in this Python process. Both
engines must find the same rules on every line, or the figures are not printed.

    .venv/bin/python benchmarks/checker_speed.py [N]
"""

from __future__ import annotations

import itertools
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from handbook.catalog import load_catalog

PROJECT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CHROMIUM = os.environ.get("HANDBOOK_CHROMIUM", "/usr/bin/chromium")

TIMED = """work => {
    let start = performance.now();
    work();
    const first = performance.now() - start;
    let best = Infinity;
    for (let i = 0; i < 3; i++) {
        start = performance.now();
        work();
        best = Math.min(best, performance.now() - start);
    }
    return [first, best];
}"""


def phrases(count: int) -> list[str]:
    texts: list[str] = []
    for corpus in sorted((PROJECT / "tests" / "fixtures" / "lint").glob("*.yml")):
        texts += [p["text"] for p in yaml.safe_load(corpus.read_text(encoding="utf-8"))["phrases"]]
    return list(itertools.islice(itertools.cycle(texts), count))


def rules_by_line(findings: list[dict]) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for f in findings:
        out.setdefault(f["line"], set()).add(f["rule"])
    return out


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    text = "\n".join(phrases(count)) + "\n"
    catalog, issues = load_catalog(PROJECT / "scripts_catalog")
    if catalog is None or catalog.linter is None:
        print("\n".join(map(str, issues)), file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        subprocess.run([str(BIN / "mkdocs"), "build", "-q", "--site-dir", str(site)], cwd=PROJECT, env=env, check=True)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_page()
            page.goto((site / "check" / "index.html").as_uri())
            found = page.evaluate("text => window.hbChecker.check(text)", text)
            check_first, check_best = page.evaluate(f"text => ({TIMED})(() => window.hbChecker.check(text))", text)
            page.fill(".hb-checker__input", text)
            _first, shown_best = page.evaluate(f"() => ({TIMED})(() => window.hbChecker.run())")
            version = browser.version
            browser.close()
    cli_times = []
    for _ in range(3):
        start = time.perf_counter()
        result = subprocess.run(
            [str(BIN / "handbook"), "lint", "--json", "-"], cwd=PROJECT, input=text.encode(), capture_output=True
        )
        cli_times.append(time.perf_counter() - start)
    expected = json.loads(result.stdout)
    if rules_by_line(expected) != rules_by_line(found):
        print("the page and the CLI disagree; run tests/site/test_checker.py", file=sys.stderr)
        return 1
    python_times = []
    for _ in range(3):
        start = time.perf_counter()
        catalog.linter.check_lines(text)
        python_times.append(time.perf_counter() - start)
    rows = [
        ("page, hbChecker.check", f"first {check_first:6.0f} ms", check_best, ""),
        ("page, check and show", "", shown_best, ""),
        ("handbook lint --json", "", min(cli_times) * 1000, "a process: start-up and catalogue included"),
        ("Linter.check_lines", "", min(python_times) * 1000, "in this Python process, catalogue loaded"),
    ]
    print(
        f"checker speed: {count:,} phrases, {len(found)} findings; Chromium {version}, "
        f"{platform.python_implementation()} {platform.python_version()} on {platform.machine()}"
    )
    for name, cold, best, note in rows:
        print(f"  {name:24} {cold:16} best of 3 {best:6.0f} ms  {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
