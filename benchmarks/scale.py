"""Speed at scale: the handbook built from 100 to 10,000 entries, against the same pages as plain Markdown.

For each size N the benchmark writes a synthetic catalogue (benchmarks/synthetic.py), then measures,
each in a process of its own so that one step's memory does not weigh on the next:

- load + validate + lint: `load_catalog` on the N files, and the lint part alone;
- the catalogue build with an empty build cache, and the baseline, in the same run: the very pages the
  hooks generate (with the search metadata they add, as front matter) written out as plain Markdown
  files, built by MkDocs + Material with this project's mkdocs.yml and no hooks; alternated, best of
  three up to 1,000 entries, so that a noisy neighbour slows both and not one;
- the build again with the warm cache, nothing changed, then with one entry's title changed;
- at one size (10,000 by default) the cold build on one core and with no build cache at all;
- peak memory (resident set) of both builds, the search index and the offline zip.

It prints a table with the ratio catalogue / baseline at each N and the growth from N to 10 N, checks
the targets of docs/benchmarks.md and rewrites that page's results. Then it times `mkdocs serve` from
saving an edited entry to the page being served again, on the real catalogue and at 1,000 entries,
against a cold build of the same catalogue.

    make bench                                   (all of it: about 40 minutes on 2 cores)
    python benchmarks/scale.py --sizes 100,1000  (a quicker look; the docs page is left alone)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import synthetic  # noqa: E402

from handbook.site.urls import NOT_IN_NAV  # noqa: E402

DOCS_PAGE = PROJECT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- results: written by benchmarks/scale.py -->", "<!-- end of results -->"
SIZES = (100, 1000, 5000, 10000)
# The targets of issue 9; each is checked at the end of a run.
MAX_RATIO = 1.10  # catalogue build / baseline build, at 1,000 and 10,000 entries
MAX_GROWTH = 11.0  # time(10 N) / time(N)
MAX_LOAD_10K = 5.0  # seconds to load, validate and lint 10,000 entries
MAX_PEAK_10K = 2 * 1024**3  # bytes, peak memory of the 10,000-entry build
# The targets of issue 19, as ratios to a cold build (an empty build cache) of the same catalogue.
MAX_SERVE = 0.2  # mkdocs serve: from saving one entry to the page served again
MAX_WARM = 0.3  # mkdocs build again, nothing changed (N = 1,000)
MAX_ONE = 0.35  # mkdocs build again, one entry changed (N = 1,000)
MKDOCS = str(Path(sys.executable).parent / "mkdocs")


@dataclass
class Row:
    n: int
    pages: int = 0
    load: float = 0.0  # load + validate + lint, seconds
    lint: float = 0.0
    build: float = 0.0  # cold: an empty build cache, best of `rounds`, alternated with the baseline
    baseline: float = 0.0
    rounds: int = 1
    warm: float = 0.0  # the same catalogue again, nothing changed (the cache of the cold build)
    one_changed: float = 0.0  # then one entry's title changed
    one_core: float = 0.0  # cold, with the second core off (HANDBOOK_NO_PARALLEL=1); 0: not measured
    no_cache: float = 0.0  # cold, build cache off (HANDBOOK_CACHE=off); 0: not measured
    peak: int = 0  # bytes
    baseline_peak: int = 0
    index: int = 0  # bytes of search/search_index.json
    offline_zip: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return self.build / self.baseline if self.baseline else float("nan")


# Measuring -----------------------------------------------------------------


def measured(cmd: list[str], env: dict[str, str] | None = None, cwd: Path = PROJECT) -> tuple[float, int, str]:
    """Run `cmd`; return its wall time, its peak resident memory in bytes and its output. Fails loudly."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env={**os.environ, **(env or {})}, stdout=out, stderr=subprocess.STDOUT)
        _pid, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{text[-3000:]}")
    return elapsed, usage.ru_maxrss * 1024, text


def measure_load(catalog: Path) -> dict[str, float]:
    """In this process: seconds for load_catalog (load, validate, lint), and for the lint part alone."""
    from handbook.catalog import load_catalog
    from handbook.catalog.compliance import entry_issues

    start = time.perf_counter()
    loaded, issues = load_catalog(catalog)
    total = time.perf_counter() - start
    if loaded is None or issues:
        raise SystemExit(f"the synthetic catalogue has {len(issues)} issue(s)")
    start = time.perf_counter()
    for entry in loaded.entries.values():
        list(entry_issues(entry.doc, entry.data, loaded.linter, loaded.requirements))
    return {"load": total, "lint": time.perf_counter() - start, "entries": len(loaded.entries)}


def project_config() -> dict:
    from mkdocs.utils.yaml import yaml_load

    with (PROJECT / "mkdocs.yml").open(encoding="utf-8") as f:
        return yaml_load(f)


def dump_config() -> Path:
    """mkdocs.yml with benchmarks/dump_pages.py after its hooks: a build that also writes every page out.

    It sits beside mkdocs.yml (hidden, removed after use): the hooks find the project's files from there."""
    hooks = [*project_config()["hooks"], "benchmarks/dump_pages.py"]
    path = PROJECT / f".bench-dump-{os.getpid()}.yml"
    path.write_text(yaml.safe_dump({"INHERIT": "mkdocs.yml", "hooks": hooks}, sort_keys=False), encoding="utf-8")
    return path


def baseline_config(dump: Path) -> Path:
    """The dumped pages as a plain MkDocs project: this project's mkdocs.yml with no hooks, the final nav,
    and the handbook's words as jieba's user dictionary (search segments the text the same way)."""
    plugins = []
    for plugin in project_config()["plugins"]:  # the same plugins; search also gets the words jieba is taught
        if isinstance(plugin, dict) and "search" in plugin:
            plugin = {"search": {**plugin["search"], "jieba_dict_user": str(dump / "jieba.txt")}}
        elif isinstance(plugin, dict) and "offline" in plugin:
            plugin = {"offline": {"enabled": False}}
        plugins.append(plugin)
    config = {
        "INHERIT": str(PROJECT / "mkdocs.yml"),
        "docs_dir": str(dump / "docs"),
        "hooks": [],
        "watch": [],
        "plugins": plugins,
        "nav": yaml.safe_load((dump / "nav.yml").read_text(encoding="utf-8")),
        "not_in_nav": "\n".join(NOT_IN_NAV),  # what the navigation page set adds to the handbook's config
    }
    path = dump / "baseline.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def write_baseline(catalog_dir: Path, out: Path, offline_site: Path | None = None) -> Path:
    """Build the handbook once more with the dump hook (offline when `offline_site` is given, for the zip),
    writing every page and generated file under out/docs; returns the baseline's config."""
    if out.exists():
        shutil.rmtree(out)
    env = {"HANDBOOK_CATALOG": str(catalog_dir), "NO_MKDOCS_2_WARNING": "1", "HANDBOOK_DUMP_DIR": str(out / "docs")}
    if offline_site is not None:
        env["HANDBOOK_OFFLINE"] = "true"
    site = offline_site or out / "dump-site"
    config = dump_config()
    try:
        build(config, site, env)
    finally:
        config.unlink()
    if offline_site is None:
        shutil.rmtree(site)
    return baseline_config(out)


def build(config: Path, site: Path, env: dict[str, str]) -> tuple[float, int]:
    # not -q: quiet drops warnings before strict mode counts them, and a broken baseline would pass
    seconds, peak, _out = measured([MKDOCS, "build", "-f", str(config), "--site-dir", str(site)], env)
    return seconds, peak


def measure_size(n: int, work: Path, offline: bool, rounds: int, one_core: bool) -> Row:
    row = Row(n)
    catalog = work / f"catalog-{n}"
    say(f"N={n:,}: writing the synthetic catalogue")
    synthetic.generate(n, catalog)
    env = {"HANDBOOK_CATALOG": str(catalog), "NO_MKDOCS_2_WARNING": "1"}
    say(f"N={n:,}: load + validate + lint")
    _s, _p, out = measured([sys.executable, __file__, "--measure-load", str(catalog)])
    figures = json.loads(out.strip().splitlines()[-1])
    row.load, row.lint = figures["load"], figures["lint"]
    say(f"N={n:,}: the same pages written out as plain Markdown" + (" (in the offline build)" if offline else ""))
    offline_site, archive = work / f"offline-{n}", work / f"offline-{n}.zip"
    config = write_baseline(catalog, work / f"baseline-{n}", offline_site if offline else None)
    if offline:
        measured([sys.executable, "-m", "handbook.tools.package", str(offline_site), str(archive)])
        row.offline_zip = archive.stat().st_size
        shutil.rmtree(offline_site)
        archive.unlink()
    site, base_site, cache = work / f"site-{n}", work / f"baseline-site-{n}", work / f"cache-{n}"
    row.rounds = rounds
    builds, baselines = [], []
    for i in range(rounds):  # alternated, best of each: a noisy neighbour slows both, not one
        say(f"N={n:,}: catalogue build, cold cache ({i + 1} of {rounds})")
        shutil.rmtree(cache, ignore_errors=True)
        builds.append(build(PROJECT / "mkdocs.yml", site, {**env, "HANDBOOK_CACHE": str(cache)}))
        say(f"N={n:,}: baseline, those pages built by MkDocs + Material with no hooks ({i + 1} of {rounds})")
        baselines.append(build(config, base_site, {"NO_MKDOCS_2_WARNING": "1"}))
    (row.build, row.peak), (row.baseline, row.baseline_peak) = min(builds), min(baselines)
    row.pages = sum(1 for _ in site.rglob("index.html"))
    row.index = (site / "search" / "search_index.json").stat().st_size
    say(f"N={n:,}: again with the warm cache, nothing changed; then one entry's title changed")
    row.warm = build(PROJECT / "mkdocs.yml", site, {**env, "HANDBOOK_CACHE": str(cache)})[0]
    entry = sorted(catalog.glob("negotiation/*.yml"))[0]
    text = entry.read_text(encoding="utf-8")
    entry.write_text(text.replace("\ntitle: ", "\ntitle: 改", 1), encoding="utf-8")
    try:
        row.one_changed = build(PROJECT / "mkdocs.yml", site, {**env, "HANDBOOK_CACHE": str(cache)})[0]
    finally:
        entry.write_text(text, encoding="utf-8")
    if one_core:
        say(f"N={n:,}: cold on one core (HANDBOOK_NO_PARALLEL=1), and cold with no build cache at all")
        shutil.rmtree(cache, ignore_errors=True)
        one = {**env, "HANDBOOK_CACHE": str(cache), "HANDBOOK_NO_PARALLEL": "1"}
        row.one_core = build(PROJECT / "mkdocs.yml", site, one)[0]
        row.no_cache = build(PROJECT / "mkdocs.yml", site, {**env, "HANDBOOK_CACHE": "off"})[0]
    shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(site)
    shutil.rmtree(base_site)
    shutil.rmtree(config.parent)
    say(
        f"N={n:,}: build {row.build:.1f} s, baseline {row.baseline:.1f} s, ratio {row.ratio:.3f}, "
        f"warm {row.warm:.1f} s, one changed {row.one_changed:.1f} s, load {row.load:.2f} s, "
        f"peak {row.peak / 2**20:,.0f} MiB"
    )
    return row


# mkdocs serve after one edit -------------------------------------------------


def serve_rebuild(config: Path, env: dict[str, str], edit: Path, marker: str, rounds: int = 3) -> list[float]:
    """Seconds from editing the title of `edit` (after `marker`) to `mkdocs serve` reloading the browsers."""
    port = free_port()
    log = tempfile.NamedTemporaryFile(delete=False, suffix=".log")  # noqa: SIM115 (read back by name while open)
    proc = subprocess.Popen(
        [MKDOCS, "serve", "-f", str(config), "--dev-addr", f"127.0.0.1:{port}"],
        cwd=PROJECT,
        env={**os.environ, **env},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    times = []
    try:
        wait_for(Path(log.name), "Serving on", 1, proc)
        original = edit.read_text(encoding="utf-8")
        for i in range(rounds):
            done = Path(log.name).read_text(encoding="utf-8", errors="replace").count("Reloading browsers")
            time.sleep(1.0)
            start = time.perf_counter()
            edit.write_text(original.replace(marker, f"{marker}改{i}", 1), encoding="utf-8")
            wait_for(Path(log.name), "Reloading browsers", done + 1, proc)
            times.append(time.perf_counter() - start)
        edit.write_text(original, encoding="utf-8")
    finally:
        proc.terminate()
        proc.wait(timeout=60)
        os.unlink(log.name)
    return times


def wait_for(log: Path, text: str, count: int, proc: subprocess.Popen, timeout: float = 1800) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        content = log.read_text(encoding="utf-8", errors="replace")
        if content.count(text) >= count:
            return
        if proc.poll() is not None:
            raise SystemExit(f"mkdocs serve stopped:\n{content[-3000:]}")
        time.sleep(0.05)
    raise SystemExit(f"mkdocs serve did not print {text!r} within {timeout:.0f} s")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def measure_serve(n: int, work: Path) -> dict[str, Any]:
    """`mkdocs serve` on a catalogue of `n` entries (0: a copy of the real one): the seconds from saving an
    edit to the page being served again, best of five (the first saves after the start can share the two
    cores with the helper that fills the build cache), against a cold build of the same catalogue."""
    catalog = work / f"catalog-{n}" if n else work / "real" / "scripts_catalog"
    if n == 0 and not catalog.exists():
        shutil.copytree(PROJECT / "scripts_catalog", catalog)
    elif not catalog.exists():
        synthetic.generate(n, catalog)
    entries = sum(1 for _ in catalog.glob("[!_]*/*.yml"))
    edit = sorted(catalog.glob("negotiation/*.yml"))[0]
    cache = work / f"serve-cache-{n}"
    env = {"HANDBOOK_CATALOG": str(catalog), "NO_MKDOCS_2_WARNING": "1", "HANDBOOK_CACHE": str(cache)}
    say(f"N={entries:,}: a cold build of the catalogue, for reference")
    shutil.rmtree(cache, ignore_errors=True)
    site = work / f"serve-site-{n}"
    cold = build(PROJECT / "mkdocs.yml", site, env)[0]
    shutil.rmtree(site)
    shutil.rmtree(cache, ignore_errors=True)
    say(f"N={entries:,}: mkdocs serve, editing {edit.relative_to(catalog)} 5 times")
    times = serve_rebuild(PROJECT / "mkdocs.yml", env, edit, marker="\ntitle: ", rounds=5)
    shutil.rmtree(cache, ignore_errors=True)
    return {"n": entries, "serve": min(times), "cold": cold, "saves": times}


# Reporting -------------------------------------------------------------------


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def mib(value: int) -> str:
    return f"{value / 2**20:,.0f}"


def table(rows: list[Row]) -> str:
    by_n = {r.n: r for r in rows}
    lines = [
        "| 条目数 N | 页面数 | 加载+校验+检查 (s) | 其中检查 (s) | 手册构建 (s) | 基线构建 (s) | 比值 | 构建增长 ×10 | "
        "峰值内存 (MiB) | 基线峰值 (MiB) | 搜索索引 (KB/条) | 离线包 (MB) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        before = by_n.get(r.n // 10)
        growth = f"{r.build / before.build:.2f}" if before else "—"
        zipped = f"{r.offline_zip / 1e6:.1f}" if r.offline_zip else "—"
        lines.append(
            f"| {r.n:,} | {r.pages:,} | {r.load:.2f} | {r.lint:.2f} | {r.build:.1f} | {r.baseline:.1f} | "
            f"{r.ratio:.3f} | {growth} | {mib(r.peak)} | {mib(r.baseline_peak)} | {r.index / r.n / 1000:.1f} | "
            f"{zipped} |"
        )
    return "\n".join(lines)


def cache_lines(rows: list[Row]) -> list[str]:
    """The build cache and the second core, as ratios to the cold build of the same run."""
    out = ["构建缓存与第二个核（与同一次运行里的冷构建之比）：", ""]
    for r in rows:
        line = (
            f"- N = {r.n:,}：冷构建 {r.build:.1f} s（{r.rounds} 次交替取最快）；再构建、无改动 {r.warm:.1f} s"
            f"（{r.warm / r.build:.2f}）；改一个条目 {r.one_changed:.1f} s（{r.one_changed / r.build:.2f}）"
        )
        if r.one_core:
            line += f"；单核冷构建 {r.one_core:.1f} s（{r.one_core / r.build:.2f}）；不用缓存 {r.no_cache:.1f} s"
        out.append(line + "。")
    return out


def growth_lines(rows: list[Row]) -> list[str]:
    by_n = {r.n: r for r in rows}
    out = []
    for r in rows:
        before = by_n.get(r.n // 10)
        if before:
            out.append(
                f"- {before.n:,} → {r.n:,}：手册构建 ×{r.build / before.build:.2f}，"
                f"基线 ×{r.baseline / before.baseline:.2f}，加载+校验+检查 ×{r.load / before.load:.2f}"
            )
    return out


def verdicts(rows: list[Row], serve: list[dict[str, Any]]) -> list[tuple[bool, str]]:
    by_n = {r.n: r for r in rows}
    out = []
    for n in (1000, 10000):
        if n in by_n:
            r = by_n[n]
            out.append((r.ratio <= MAX_RATIO, f"N={n:,}: build / baseline = {r.ratio:.3f} (target ≤ {MAX_RATIO})"))
    for r in rows:
        before = by_n.get(r.n // 10)
        if before:
            for what, now, then in (("build", r.build, before.build), ("load", r.load, before.load)):
                growth = now / then
                text = f"{what} {before.n:,} → {r.n:,}: ×{growth:.2f} (target ≤ {MAX_GROWTH:.0f})"
                out.append((growth <= MAX_GROWTH, text))
    if 10000 in by_n:
        r = by_n[10000]
        text = f"N=10,000: load + validate + lint {r.load:.2f} s (target ≤ {MAX_LOAD_10K:.0f} s)"
        out.append((r.load <= MAX_LOAD_10K, text))
        out.append((r.peak <= MAX_PEAK_10K, f"N=10,000: peak memory {mib(r.peak)} MiB (target ≤ 2,048 MiB)"))
    for r in rows:
        if r.n == 1000 and r.warm:
            warm, one = r.warm / r.build, r.one_changed / r.build
            out.append((warm <= MAX_WARM, f"N=1,000: warm build / cold = {warm:.2f} (target ≤ {MAX_WARM})"))
            out.append((one <= MAX_ONE, f"N=1,000: one entry changed / cold = {one:.2f} (target ≤ {MAX_ONE})"))
    for s in serve:
        ratio = s["serve"] / s["cold"]
        text = f"N={s['n']:,}: serve, save to page {s['serve']:.2f} s / cold build {s['cold']:.1f} s = {ratio:.2f}"
        out.append((ratio <= MAX_SERVE, f"{text} (target ≤ {MAX_SERVE})"))
    return out


def machine() -> str:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        cpu = found.group(1).strip() if found else cpu
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        found = re.search(r"MemTotal:\s*(\d+) kB", meminfo.read_text())
        memory = f", {int(found.group(1)) / 2**20:.0f} GiB" if found else ""
    import mkdocs
    from material import __version__ as material

    return (
        f"{cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, MkDocs {mkdocs.__version__}, Material {material}"
    )


def write_docs(rows: list[Row], serve: list[dict[str, Any]], checks: list[tuple[bool, str]]) -> None:
    body = [
        BEGIN,
        "",
        f"测量于 {date.today().isoformat()}，机器：{machine()}。",
        "",
        table(rows),
        "",
        "从 N 到 10 N 的增长：",
        "",
        *growth_lines(rows),
        "",
    ]
    body += [*cache_lines(rows), ""]
    for s in serve:
        body += [
            f"`mkdocs serve` 下保存一个条目到页面更新（N = {s['n']:,}，五次 "
            f"{' / '.join(f'{t:.1f}' for t in s.get('saves', []))} s，取最快）：{s['serve']:.2f} s，"
            f"同一目录冷构建 {s['cold']:.1f} s，比值 {s['serve'] / s['cold']:.2f}。",
            "",
        ]
    body += ["目标核对：", "", *[f"- {'达到' if ok else '未达到'}：{text}" for ok, text in checks], "", END]
    page = DOCS_PAGE.read_text(encoding="utf-8")
    start, end = page.index(BEGIN), page.index(END) + len(END)
    DOCS_PAGE.write_text(page[:start] + "\n".join(body) + page[end:], encoding="utf-8")
    say(f"wrote the results into {DOCS_PAGE.relative_to(PROJECT)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], epilog="`make bench` runs it with the defaults"
    )
    sizes = ",".join(map(str, SIZES))
    parser.add_argument("--sizes", default=sizes, help="comma-separated entry counts (default %(default)s)")
    parser.add_argument(
        "--serve-at",
        default="0,1000",
        help="catalogues for the serve measurement: entry counts, 0 for the real catalogue ('' to skip)",
    )
    parser.add_argument("--rounds", type=int, default=3, help="alternated builds per size up to 1,000 (best of)")
    parser.add_argument("--one-core-at", type=int, default=10000, help="size also built on one core and uncached")
    parser.add_argument("--no-offline", action="store_true", help="skip the offline zip (one build less per size)")
    parser.add_argument("--work", type=Path, help="folder for catalogues and sites (default: a temporary one)")
    parser.add_argument(
        "--write-docs",
        choices=("auto", "yes", "no"),
        default="auto",
        help="rewrite the results in docs/benchmarks.md (auto: only when every default size ran)",
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--measure-load", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure_load:
        print(json.dumps(measure_load(args.measure_load)))
        return 0
    sizes = sorted(int(s) for s in args.sizes.split(",") if s.strip())
    work = args.work or Path(tempfile.mkdtemp(prefix="handbook-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    say(f"working in {work}; sizes {', '.join(f'{n:,}' for n in sizes)}")
    rows = [
        measure_size(
            n, work, offline=not args.no_offline, rounds=args.rounds if n <= 1000 else 1, one_core=n == args.one_core_at
        )
        for n in sizes
    ]
    serve = [measure_serve(int(n), work) for n in args.serve_at.split(",") if n.strip()]
    checks = verdicts(rows, serve)
    print(table(rows))
    print()
    print("\n".join(growth_lines(rows)))
    print()
    print("\n".join(cache_lines(rows)))
    print()
    for ok, text in checks:
        print(f"{'ok  ' if ok else 'MISS'} {text}")
    if args.json:
        args.json.write_text(json.dumps({"rows": [asdict(r) for r in rows], "serve": serve}, indent=2))
    if args.write_docs == "yes" or (args.write_docs == "auto" and set(SIZES) <= set(sizes)):
        write_docs(rows, serve, checks)
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
