"""One audit from files to report, as `handbook audit` runs it and the 通话质检 page's parity test checks it.

`transcripts` reads calls one at a time and hands each call's findings to `seen` as they are made (the
command line prints them, or writes them into its JSON, at once and shows progress; its report keeps only
the first findings, for the HTML table, so memory does not grow with them); `logs` reads each call log
whole (a log's checks compare rows across the file). Input problems are in `report.problems`, sorted, as
`file:line:col: CODE` lines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path

from handbook.load.issues import Issue

from . import calllog, calls
from .auditor import Auditor, Finding
from .report import Report


def transcripts(
    auditor: Auditor,
    paths: Iterable[Path],
    speakers: calls.Speakers,
    seen: Callable[[list[Finding], int], None] | None = None,
    keep: int | None = None,
) -> Report:
    """Every call of `paths` audited; `seen(findings, calls so far)` after each call. The report keeps the
    first `keep` findings (all when None), and counts them all."""
    paths = list(paths)
    report = Report("transcript", auditor.catalog, files=len(paths), keep=keep)
    problems: list[Issue] = []
    before = auditor.turns  # the auditor counts every turn it checks
    for call in calls.read(paths, speakers, problems):
        findings = auditor.call(call)
        report.calls += 1
        report.add(findings)
        if seen is not None:
            seen(findings, report.calls)
    report.turns = auditor.turns - before
    report.problems = [str(p) for p in sorted(problems)]
    return report


def logs(
    auditor: Auditor,
    paths: Iterable[Path],
    tz: dt.tzinfo | None,
    seen: Callable[[list[Finding], int], None] | None = None,
    keep: int | None = None,
    limits: calllog.Limits | None = None,
) -> Report:
    """Every row of the call logs `paths` against `limits`, by default those of redlines.yml (ValueError
    without them)."""
    paths = list(paths)
    limits = limits or calllog.Limits.of(auditor.catalog)
    report = Report("log", auditor.catalog, files=len(paths), keep=keep)
    report.quiet = (limits.quiet_from.strftime("%H:%M"), limits.quiet_until.strftime("%H:%M"))
    report.per_day_limit = limits.per_day
    problems: list[Issue] = []
    for path in paths:
        attempts = calllog.read(path, tz, problems)
        report.add_attempts(attempts)
        findings = auditor.log(path, calllog.breaches(attempts, limits), limits)
        report.add(findings)
        if seen is not None:
            seen(findings, report.calls)
    report.problems = [str(p) for p in sorted(problems)]
    return report
