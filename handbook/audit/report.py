"""What an audit adds up to: a terminal summary, JSON for other systems, one offline HTML file.

`Report` takes findings as they come (call by call, so a large transcript never sits in memory whole) and
keeps counts: per rule and severity, per collector, per call (the worst calls), and for a call log the
attempts by weekday and hour and the attempts per case per day. The findings themselves are kept: each
holds no more of the call than the words that show it, masked.

The JSON follows handbook/audit/audit-report.schema.json (published on the site beside
catalog.schema.json). The HTML report is one self-contained file: styles inline, charts as static SVG
laid out here and drawn by templates/audit-report.html.j2, no script and nothing fetched, so it opens
offline from a mail attachment or a shared folder; each finding links to its rule and its lawful entry
in the handbook (`handbook`: the handbook's address; relative links when it is not given).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from handbook.catalog import Catalog

from .auditor import SEVERITIES, Finding, rule_title
from .calllog import Attempt

FORMAT = 1  # of the JSON report; part of its schema
SCHEMA = Path(__file__).resolve().parent / "audit-report.schema.json"
TEMPLATES = Path(__file__).resolve().parent / "templates"
WEIGHT = {"blocking": 3, "review": 2, "advisory": 1}  # how much a finding makes a call one of the worst
WEEKDAYS = ("一", "二", "三", "四", "五", "六", "日")
WORST = 10
TABLE_ROWS = 2000  # findings the HTML report and the 通话质检 page list (both say how many there are)


@dataclass
class Report:
    kind: str  # transcript or log
    catalog: Catalog
    findings: list[Finding] = field(default_factory=list)  # the first `keep` of them (all when keep is None)
    problems: list[str] = field(default_factory=list)  # the input's located problems, as lines
    files: int = 0
    calls: int = 0  # calls read (transcripts) or rows read (log)
    turns: int = 0  # collector turns checked
    attempts_by_hour: list[list[int]] = field(default_factory=lambda: [[0] * 24 for _ in WEEKDAYS])
    per_case_day: Counter[int] = field(default_factory=Counter)  # attempts in one case-day -> case-days
    quiet: tuple[str, str] = ("22:00", "08:00")
    per_day_limit: int = 0
    keep: int | None = None  # how many findings to keep for the HTML table; None: all (the JSON report needs them)
    total: int = 0  # findings added
    # counts, kept as findings are added so that the findings themselves need not be
    _by_rule: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    _by_agent: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    _weight: Counter[tuple[str, str]] = field(default_factory=Counter)
    _count: Counter[tuple[str, str]] = field(default_factory=Counter)

    # Adding up --------------------------------------------------------------------------------------

    def add(self, findings: list[Finding]) -> None:
        for f in findings:
            self.total += 1
            self._by_rule[f.rule][f.severity] += 1
            if f.agent:
                self._by_agent[f.agent][f.severity] += 1
            self._weight[f.call, f.file] += WEIGHT.get(f.severity, 1)
            self._count[f.call, f.file] += 1
            if self.keep is None or len(self.findings) < self.keep:
                self.findings.append(f)

    def add_attempts(self, attempts: list[Attempt]) -> None:
        self.calls += len(attempts)
        days: Counter[tuple[str, dt.date]] = Counter()
        for a in attempts:
            self.attempts_by_hour[a.at.weekday()][a.at.hour] += 1
            days[a.case, a.at.date()] += 1
        self.per_case_day.update(days.values())

    # Reading it -------------------------------------------------------------------------------------

    def per_rule(self) -> list[tuple[str, str, dict[str, int]]]:
        """(rule, title, {severity: count}) for each rule found, most findings first."""
        rows = [(rule, self.title(rule), {s: c[s] for s in SEVERITIES}) for rule, c in self._by_rule.items()]
        return sorted(rows, key=lambda r: (-sum(r[2].values()), r[0]))

    def per_agent(self) -> list[tuple[str, dict[str, int]]]:
        """(collector, {severity: count}) for each collector the input names, most findings first."""
        rows = [(agent, {s: c[s] for s in SEVERITIES}) for agent, c in self._by_agent.items()]
        return sorted(rows, key=lambda r: (-sum(r[1].values()), r[0]))

    def worst(self) -> list[tuple[str, str, int, int]]:
        """(call or case, file, weight, findings) of the calls with the heaviest findings."""
        top = sorted(self._weight.items(), key=lambda kv: (-kv[1], kv[0]))[:WORST]
        return [(call, file, w, self._count[call, file]) for (call, file), w in top]

    def title(self, rule: str) -> str:
        return rule_title(self.catalog, rule)

    def severities(self) -> dict[str, int]:
        counted: Counter[str] = Counter()
        for c in self._by_rule.values():
            counted.update(c)
        return {s: counted[s] for s in SEVERITIES}

    # Output -----------------------------------------------------------------------------------------

    def text(self) -> str:
        """The terminal summary: totals, per rule, the worst calls (the findings are printed before it)."""
        unit = "call(s)" if self.kind == "transcript" else "attempt(s)"
        sev = self.severities()
        lines = [
            f"{self.files} file(s), {self.calls:,} {unit}"
            + (f", {self.turns:,} collector turn(s)" if self.kind == "transcript" else "")
            + f": {self.total:,} finding(s), {sev['blocking']:,} blocking, {sev['review']:,} for review, "
            f"{sev['advisory']:,} advisory; {len(self.problems):,} input problem(s)"
        ]
        if self.total:
            lines.append("by rule:")
            width = max(len(rule) for rule, _t, _c in self.per_rule())
            for rule, title, counts in self.per_rule():
                lines.append(f"  {rule:<{width}}  {sum(counts.values()):>6,}  {title}")
            lines.append("worst:")
            for call, file, weight, count in self.worst():
                lines.append(f"  {call} ({file}): {count} finding(s), weight {weight}")
        return "\n".join(lines)

    def as_json(self, findings: bool = True) -> dict[str, Any]:
        """The report as audit-report.schema.json has it; without `findings` (the command line streams them)."""
        out = {
            "format": FORMAT,
            "kind": self.kind,
            "totals": {
                "files": self.files,
                "calls" if self.kind == "transcript" else "attempts": self.calls,
                "turns": self.turns,
                "findings": self.total,
                "by_severity": self.severities(),
                "problems": len(self.problems),
            },
            "by_rule": [{"rule": r, "title": t, **c} for r, t, c in self.per_rule()],
            "by_agent": [{"agent": a, "findings": sum(c.values()), **c} for a, c in self.per_agent()],
            "worst": [{"call": c, "file": f, "weight": w, "findings": n} for c, f, w, n in self.worst()],
            "findings": [f.as_dict() for f in self.findings],
            "problems": self.problems,
        }
        if not findings:
            del out["findings"]
        return out

    def json_text(self) -> str:
        return json.dumps(self.as_json(), ensure_ascii=False, indent=2)

    def charts(self) -> dict[str, Any]:
        """The charts' layout: findings per rule and per collector; for a log, attempts by weekday and hour
        and case-days by attempts (the 通话质检 page lays out the same, tested)."""
        log = self.kind == "log"
        return {
            "rules": bar_chart([(r, t, c) for r, t, c in self.per_rule()]),
            "agents": bar_chart([(a, "", counts) for a, counts in self.per_agent()[:15]]),
            "heat": heatmap(self.attempts_by_hour, self.quiet) if log else None,
            "days": day_chart(self.per_case_day, self.per_day_limit) if log else None,
        }

    def html(self, handbook: str = "") -> str:
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True, lstrip_blocks=True
        )
        base = handbook.rstrip("/") + "/" if handbook else ""
        return env.get_template("audit-report.html.j2").render(
            report=self,
            **self.charts(),
            entry_url=lambda e: f"{base}entries/{e}/",
            rule_url=lambda r: f"{base}redlines/{r.lower()}/" if r in self.catalog.rules else f"{base}redlines/",
            severities=SEVERITIES,
            generated=dt.date.today().isoformat(),
        )


# Charts, laid out for the template -------------------------------------------------------------------

BAR_H, BAR_GAP, LABEL_W, BARS_W = 22, 6, 210, 420


def bar_chart(rows: list[tuple[str, str, dict[str, int]]]) -> dict[str, Any]:
    """Horizontal bars, one per row, stacked by severity; coordinates in SVG units."""
    top = max((sum(c.values()) for _r, _t, c in rows), default=0) or 1
    bars = []
    for i, (name, title, counts) in enumerate(rows):
        y = i * (BAR_H + BAR_GAP)
        x: float = LABEL_W
        parts: list[dict[str, Any]] = []
        for severity in SEVERITIES:
            n = counts.get(severity, 0)
            if n:
                w = max(1.0, BARS_W * n / top)
                parts.append({"x": round(x, 1), "w": round(w, 1), "severity": severity, "n": n})
                x += w
        bars.append({"y": y, "name": name, "title": title, "total": sum(counts.values()), "parts": parts, "end": x})
    height = max(1, len(rows)) * (BAR_H + BAR_GAP)
    return {"bars": bars, "width": LABEL_W + BARS_W + 60, "height": height, "label_x": LABEL_W - 4}


CELL = 22


def heatmap(grid: list[list[int]], quiet: tuple[str, str]) -> dict[str, Any]:
    """Weekday × hour cells, darker for more attempts; the quiet hours marked."""
    top = max((n for row in grid for n in row), default=0) or 1
    start, end = int(quiet[0][:2]), int(quiet[1][:2])
    quiet_hours = {h for h in range(24) if (h >= start or h < end) if start > end} | (
        set(range(start, end)) if start < end else set()
    )
    cells = [
        {
            "x": 30 + h * CELL,
            "y": 18 + d * CELL,
            "n": n,
            "level": 0 if n == 0 else 1 + min(4, 4 * n // top),
            "day": d,
            "hour": h,
            "quiet": h in quiet_hours,
        }
        for d, row in enumerate(grid)
        for h, n in enumerate(row)
    ]
    return {"cells": cells, "days": WEEKDAYS, "width": 30 + 24 * CELL + 4, "height": 18 + 7 * CELL + 4, "cell": CELL}


def day_chart(per_case_day: Counter[int], limit: int) -> dict[str, Any]:
    """Case-days by how many attempts they had: a column per count, the limit marked."""
    if not per_case_day:
        return {"columns": [], "width": 0, "height": 0}
    most = max(per_case_day)
    top = max(per_case_day.values())
    width, height = 28, 140  # the first column's count sits above it: 14 units of room at the top
    columns = []
    for i, n in enumerate(range(1, most + 1)):
        count = per_case_day.get(n, 0)
        h = round(height * count / top, 1)
        columns.append({"x": 30 + i * width, "h": h, "y": 16 + height - h, "n": n, "count": count, "over": n > limit})
    return {
        "columns": columns,
        "width": 30 + most * width + 10,
        "height": height + 40,
        "base": 10 + height,
        "limit": limit,
    }
