"""`handbook audit transcript` and `handbook audit log`: calls and call logs against the red lines.

Both print each finding as a line (`file:line: [call time] RULE severity: message «words» → entry`) and a
summary on standard error; `--json` prints the report as JSON instead (audit-report.schema.json), `--html
OUT` also writes the offline report. Input problems are printed as `file:line:col: CODE message` and the
rest of the input is still audited. Exit 0 when nothing blocks, 1 when a finding blocks or an input line
could not be read, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from handbook.audit import calllog, calls, run
from handbook.audit.auditor import Auditor, Finding
from handbook.audit.report import TABLE_ROWS, Report

from .commands import _checking_catalog

PROGRESS_EVERY = 2.0  # seconds between progress lines on a terminal


def add_parser(sub: argparse._SubParsersAction) -> None:
    audit = sub.add_parser(
        "audit",
        help="audit call transcripts or a call log against the red lines (offline)",
        description="Check what was said on calls (transcripts) or when and how often cases were called (a call "
        "log) against the red-line rules of redlines.yml. Nothing leaves the machine; phone, ID and card numbers "
        "are masked in every excerpt. docs/audit.md describes the formats.",
    )
    kinds = audit.add_subparsers(dest="kind", required=True, metavar="KIND")

    def common(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--json", action="store_true", help="print the report as JSON (audit-report.schema.json)")
        parser.add_argument("--html", metavar="OUT", type=Path, help="also write the report as one offline HTML file")
        parser.add_argument(
            "--handbook",
            metavar="URL",
            default=os.environ.get("HANDBOOK_SITE_URL", ""),
            help="the handbook's address, for the report's links to rules and entries "
            "(default: $HANDBOOK_SITE_URL, else links relative to the handbook's folder)",
        )

    transcript = kinds.add_parser(
        "transcript",
        help="check call transcripts: each collector turn, and each call as a conversation",
        description="Check call transcripts: every collector turn with both tiers of the checker (as `handbook "
        "lint`), and every call as a conversation: identity before debt details, nothing told to a third party, "
        "the recording notice, the official channel, disputes and distress. Formats: plain text, one turn per "
        "line as `SPEAKER: text` (optionally `[hh:mm:ss]` first), calls separated by `=== call ID`; or JSON "
        'Lines ({"call", "speaker": "agent|customer", "start", "text"}, files ending .jsonl).',
        epilog="Exit 0 when nothing blocks, 1 when a finding blocks or an input line could not be read, 2 on a "
        "usage error.",
    )
    transcript.add_argument("files", nargs="+", type=Path, metavar="FILE", help="transcript files (.txt or .jsonl)")
    transcript.add_argument(
        "--agent",
        action="append",
        metavar="LABEL",
        help="a collector's speaker label (repeatable; replaces the defaults)",
    )
    transcript.add_argument(
        "--customer",
        action="append",
        metavar="LABEL",
        help="a label for the borrower's side (repeatable; replaces the defaults)",
    )
    transcript.add_argument("--rules-only", action="store_true", help="skip the model's second opinion")
    transcript.add_argument(
        "--doubts",
        action="store_true",
        help="also report the model's own doubts about turns no rule matched (many false alarms on transcripts)",
    )
    common(transcript)
    transcript.set_defaults(func=cmd_audit_transcript)

    log = kinds.add_parser(
        "log",
        help="check a call log: night calls, unanswered attempts per day, bursts",
        description="Check call logs (CSV with a header: case, time, answered, and optionally agent, contact, "
        "consent) against the contact hours and frequency limits of redlines.yml: attempts in the quiet hours "
        "without the borrower's consent, more unanswered attempts to one contact in a day than the limit, and "
        "bursts of attempts to one case.",
        epilog="Exit 0 when nothing blocks, 1 when a finding blocks or a row could not be read, 2 on a usage error.",
    )
    log.add_argument("files", nargs="+", type=Path, metavar="FILE", help="call logs (CSV)")
    log.add_argument(
        "--tz",
        metavar="ZONE",
        help="the borrowers' time zone (Asia/Shanghai, +08:00): times without an offset are read in it, "
        "times with one converted to it",
    )
    common(log)
    log.set_defaults(func=cmd_audit_log)


def _auditor(args: argparse.Namespace, rules_only: bool, doubts: bool = False) -> Auditor | None:
    catalog, problems = _checking_catalog(args)
    if catalog is None:
        print("\n".join(problems) + "\nthe red-line rules cannot be used until these are fixed", file=sys.stderr)
        return None
    return Auditor(catalog, rules_only=rules_only, doubts=doubts)


def cmd_audit_transcript(args: argparse.Namespace) -> int:
    auditor = _auditor(args, args.rules_only, args.doubts)
    if auditor is None:
        return 2
    speakers = calls.Speakers(
        tuple(args.agent) if args.agent else calls.AGENT_LABELS,
        tuple(args.customer) if args.customer else calls.CUSTOMER_LABELS,
    )
    progress = _Progress("calls")
    out = _Output(args.json)

    def seen(findings: list[Finding], count: int) -> None:
        out.findings(findings)
        progress.tick(count)

    report = run.transcripts(auditor, args.files, speakers, seen, keep=TABLE_ROWS)
    progress.done()
    return _finish(report, args, out)


def cmd_audit_log(args: argparse.Namespace) -> int:
    auditor = _auditor(args, rules_only=True)
    if auditor is None:
        return 2
    try:  # the usage errors, before anything is written to standard output
        tz = calllog.zone(args.tz)
        limits = calllog.Limits.of(auditor.catalog)
    except ValueError as err:
        print(f"handbook audit log: {err}", file=sys.stderr)
        return 2
    out = _Output(args.json)
    report = run.logs(auditor, args.files, tz, lambda findings, _count: out.findings(findings), TABLE_ROWS, limits)
    return _finish(report, args, out)


class _Output:
    """Findings on standard output as the audit makes them: a line each, or with --json the report written as
    it goes, the findings first and the rest of the report at the end (audit-report.schema.json does not
    order its keys), so that memory holds none of them."""

    def __init__(self, as_json: bool) -> None:
        self.as_json = as_json
        self.count = 0
        if as_json:
            sys.stdout.write('{\n  "findings": [')

    def findings(self, findings: list[Finding]) -> None:
        for finding in findings:
            if self.as_json:
                item = json.dumps(finding.as_dict(), ensure_ascii=False)
                sys.stdout.write(f"{',' if self.count else ''}\n    {item}")
            else:
                print(finding)
            self.count += 1

    def close(self, report: Report) -> None:
        if self.as_json:
            rest = json.dumps(report.as_json(findings=False), ensure_ascii=False, indent=2)
            sys.stdout.write("\n  ],\n" + rest.removeprefix("{\n") + "\n")


def _finish(report: Report, args: argparse.Namespace, out: _Output) -> int:
    for line in report.problems:
        print(line, file=sys.stderr)
    out.close(report)
    if args.html is not None:
        try:
            args.html.write_text(report.html(args.handbook), encoding="utf-8")
        except OSError as err:
            print(f"{args.html}: cannot write the report: {err.strerror}", file=sys.stderr)
            return 2
    print(report.text(), file=sys.stderr)
    if args.html is not None:
        print(f"report written to {args.html}", file=sys.stderr)
    blocking = report.severities()["blocking"]
    return 1 if blocking or report.problems else 0


class _Progress:
    """A line on standard error every few seconds while a long input is read, only on a terminal."""

    def __init__(self, unit: str) -> None:
        self.unit = unit
        self.shown = False
        self.started = self.last = time.monotonic()
        self.on = sys.stderr.isatty()

    def tick(self, count: int) -> None:
        now = time.monotonic()
        if self.on and now - self.last >= PROGRESS_EVERY:
            self.last = now
            rate = count / (now - self.started)
            print(f"\r{count:,} {self.unit} audited ({rate:,.0f}/s)…", end="", file=sys.stderr, flush=True)
            self.shown = True

    def done(self) -> None:
        if self.shown:
            print(file=sys.stderr)
