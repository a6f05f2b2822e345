"""Speed and memory of `handbook audit`, against `handbook lint` on the same collector turns, in one run.

Transcripts: N synthetic calls of about 40 turns, each made of four calls of the labelled development batch
(tests/fixtures/audit/dev/calls-dev-1.txt) under a new id, written as plain text. Each size is audited by
`handbook audit transcript --json` in a process of its own, timed, with its peak memory (resident set);
the baseline is `handbook lint --json` over the same collector turns, one per line: the two tiers of the
checker alone, so the ratio is what reading calls, following them as conversations and writing the report
add. The growth of peak memory from the smallest to the largest size says whether the audit streams.

Call log: R synthetic rows (cases called up to nine times a day, some at night) audited by `handbook audit log`.

The page: the handbook is built into a temporary folder and team/call-audit/index.html opened from file://
in Debian's Chromium (through Playwright); the smallest transcript is given to its file input, timed from
there to the report drawn, against `handbook audit transcript` on the same file (a process, start-up and
catalogue loading included). The two must find the same number of findings, or the figure is not printed.

    make bench-audit                                       (1,000 and 10,000 calls; a 100,000-row log; the page)
    python benchmarks/audit_speed.py --calls 200,1000 --rows 10000 --no-page
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
DEV = PROJECT / "tests" / "fixtures" / "audit" / "dev" / "calls-dev-1.txt"
HANDBOOK = str(Path(sys.executable).parent / "handbook")
MKDOCS = str(Path(sys.executable).parent / "mkdocs")
CHROMIUM = os.environ.get("HANDBOOK_CHROMIUM", "/usr/bin/chromium")
TURN = re.compile(r"^\[[^\]]*\]\s*(坐席|客户):\s*(.*)$")


def dev_calls() -> list[list[str]]:
    calls: list[list[str]] = []
    for line in DEV.read_text(encoding="utf-8").splitlines():
        if line.startswith("=== call"):
            calls.append([])
        elif TURN.match(line):
            calls[-1].append(line)
    return calls


def write_transcript(n: int, path: Path) -> tuple[int, int]:
    """N calls into `path`; returns (turns, collector turns), and writes the collector turns beside it."""
    source = dev_calls()
    turns = agent = 0
    with path.open("w", encoding="utf-8") as out, path.with_suffix(".lines").open("w", encoding="utf-8") as lines:
        for i in range(n):
            out.write(f"=== call S{i:06d}\n")
            for k in range(4):
                for line in source[(4 * i + k) % len(source)]:
                    out.write(line + "\n")
                    turns += 1
                    m = TURN.match(line)
                    if m and m[1] == "坐席":
                        agent += 1
                        lines.write(m[2] + "\n")
    return turns, agent


def write_log(rows: int, path: Path) -> None:
    rng = random.Random(20261201)
    start = dt.datetime(2026, 11, 2, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    with path.open("w", encoding="utf-8") as out:
        out.write("case,time,answered,agent,contact,consent\n")
        written = 0
        case = 0
        while written < rows:
            case += 1
            day = start + dt.timedelta(days=rng.randrange(20))
            for _ in range(min(rows - written, rng.choice((1, 2, 3, 3, 4, 6, 7, 9)))):
                at = day + dt.timedelta(minutes=rng.randrange(16 * 60 if rng.random() > 0.02 else 24 * 60))
                answered = "yes" if rng.random() < 0.3 else "no"
                out.write(f"C{case:07d},{at.isoformat()},{answered},A{rng.randrange(40):02d},C{case:07d}-m,\n")
                written += 1


def measured(cmd: list[str]) -> tuple[float, int]:
    """Wall seconds and peak resident memory (bytes) of one process, through GNU time."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        started = time.perf_counter()
        result = subprocess.run(
            ["/usr/bin/time", "-f", "%M", "-o", report.name, *cmd], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        seconds = time.perf_counter() - started
        if result.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(cmd)} failed:\n{result.stderr.decode()[-2000:]}")
        return seconds, int(report.read().strip().splitlines()[-1]) * 1024


def page_audit(transcript: Path, work: Path) -> tuple[float, int, float]:
    """Seconds from giving the page `transcript` to its report drawn, its findings, and the JS heap (MiB)."""
    from playwright.sync_api import sync_playwright

    from handbook.tools.cardprint import CHROMIUM_ARGS

    site = work / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HANDBOOK_CACHE": str(work / "cache")}
    subprocess.run([MKDOCS, "build", "-q", "-d", str(site)], cwd=PROJECT, env=env, check=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto((site / "team" / "call-audit" / "index.html").as_uri())
        page.wait_for_selector("#hb-audit[data-state=ready]")
        started = time.perf_counter()
        page.set_input_files(".hb-audit__files", str(transcript))
        page.wait_for_function("document.getElementById('hb-audit').dataset.state === 'done'", timeout=600_000)
        seconds = time.perf_counter() - started
        findings = int(page.evaluate("window.hbAudit.report().totals.findings"))
        heap = page.evaluate("performance.memory ? performance.memory.usedJSHeapSize : 0") / 2**20
        browser.close()
    return seconds, findings, heap


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", default="1000,10000", help="comma-separated call counts (default %(default)s)")
    parser.add_argument("--rows", type=int, default=100_000, help="rows of the synthetic log (default %(default)s)")
    parser.add_argument("--no-page", action="store_true", help="leave out the 通话质检 page in Chromium")
    args = parser.parse_args(argv)
    sizes = sorted(int(n) for n in args.calls.split(","))
    rows = []
    with tempfile.TemporaryDirectory(prefix="audit-bench-") as folder:
        work = Path(folder)
        for n in sizes:
            path = work / f"calls-{n}.txt"
            turns, agent = write_transcript(n, path)
            print(f"[{time.strftime('%H:%M:%S')}] {n:,} calls, {turns:,} turns ({agent:,} collector turns)", flush=True)
            audit, audit_peak = measured([HANDBOOK, "audit", "transcript", "--json", str(path)])
            lint, lint_peak = measured([HANDBOOK, "lint", "--json", str(path.with_suffix(".lines"))])
            rows.append((n, turns, agent, audit, audit_peak, lint, lint_peak, path.stat().st_size))
        log = work / "log.csv"
        write_log(args.rows, log)
        log_seconds, log_peak = measured([HANDBOOK, "audit", "log", "--json", str(log)])
        page = None
        if not args.no_page:
            first = work / f"calls-{sizes[0]}.txt"
            print(f"[{time.strftime('%H:%M:%S')}] the 通话质检 page on {sizes[0]:,} calls", flush=True)
            seconds, findings, heap = page_audit(first, work)
            cli = subprocess.run([HANDBOOK, "audit", "transcript", "--json", str(first)], capture_output=True)
            expected = json.loads(cli.stdout)["totals"]["findings"]
            if findings != expected:
                raise SystemExit(f"the page found {findings:,} findings, the command line {expected:,}")
            page = (sizes[0], seconds, findings, heap, rows[0][3])
    print()
    print("| calls | turns | file (MB) | audit (s) | turns/s | peak (MiB) | lint, same turns (s) | audit / lint |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n, turns, _agent, audit, peak, lint, _lint_peak, size in rows:
        print(
            f"| {n:,} | {turns:,} | {size / 2**20:.1f} | {audit:.1f} | {turns / audit:,.0f} | {peak / 2**20:,.0f} "
            f"| {lint:.1f} | {audit / lint:.2f} |"
        )
    if len(rows) > 1:
        (n0, *_r0, p0, _l0, _lp0, _s0), (n1, *_r1, p1, _l1, _lp1, _s1) = rows[0], rows[-1]
        print(f"\npeak memory {n0:,} → {n1:,} calls ({n1 / n0:.0f} × the input): × {p1 / p0:.2f}")
    print(f"call log: {args.rows:,} rows in {log_seconds:.1f} s, peak {log_peak / 2**20:,.0f} MiB")
    if page is not None:
        n, seconds, findings, heap, cli_seconds = page
        print(
            f"the 通话质检 page: {n:,} calls in {seconds:.1f} s, {findings:,} findings as the command line, "
            f"JS heap {heap:,.0f} MiB; handbook audit on the same file {cli_seconds:.1f} s "
            f"(page / command line {seconds / cli_seconds:.2f})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
