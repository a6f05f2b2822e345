"""Calls as the audit reads them: transcripts in two formats, read one call at a time.

- **Plain text**, UTF-8: one turn per line, `SPEAKER: text` (a full-width colon too), optionally with
  `[hh:mm:ss]` or `[mm:ss]` in front; a line `=== call ID` starts a call, and a file without one is one call
  named after the file. Blank lines and lines starting with `#` are skipped.
- **JSON Lines** (a file ending in .jsonl or .ndjson), as speech-to-text services export them: one object
  per line, `{"call": "…", "speaker": "agent" | "customer", "start": seconds, "text": "…"}`; the speaker
  may also be any label the plain format accepts.

Speaker labels are matched without regard to case. Which label is the collector and which the borrower's
side is `Speakers` (defaults below, or `--agent` and `--customer` on the command line).

Nothing here raises on bad input: a line that cannot be read is an `Issue` (`file:line:col: CODE message`,
codes A0xx in handbook/load/issues.py) and the rest of the file is still read. `read` yields each call as
soon as it is complete, reading the file a line at a time, so memory does not grow with the file.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from handbook.load.issues import Issue, display_path

AGENT, CUSTOMER = "agent", "customer"
AGENT_LABELS = ("坐席", "催收员", "客服", "collector", "agent", "A")
CUSTOMER_LABELS = ("客户", "借款人", "borrower", "customer", "B")
JSON_SUFFIXES = (".jsonl", ".ndjson")

# Spaces and digits written out: the 通话质检 page reads these patterns with JavaScript (handbook/audit/browser.py)
_SPACE = r"[ \t\u00a0\u3000]"
_CALL = re.compile(rf"^==={_SPACE}*call{_SPACE}+(?P<id>[^ \t\u00a0\u3000].*?){_SPACE}*$", re.IGNORECASE)
_TURN = re.compile(
    rf"^(?:\[(?P<time>[^\]]*)\]{_SPACE}*)?(?P<speaker>[^:：\[\]]{{1,24}}?){_SPACE}*[:：]{_SPACE}*(?P<text>.*)$"
)
_TIME = re.compile(r"^(?:(?P<h>[0-9]{1,2}):)?(?P<m>[0-5]?[0-9]):(?P<s>[0-5][0-9](?:\.[0-9]+)?)$")


@dataclass(frozen=True)
class Speakers:
    """Which speaker labels are the collector (`agent`) and which the other side (`customer`)."""

    agent: tuple[str, ...] = AGENT_LABELS
    customer: tuple[str, ...] = CUSTOMER_LABELS

    def role(self, label: str) -> str | None:
        folded = label.strip().casefold()
        if folded in (a.casefold() for a in self.agent) or folded == AGENT:
            return AGENT
        if folded in (c.casefold() for c in self.customer) or folded == CUSTOMER:
            return CUSTOMER
        return None

    def describe(self) -> str:
        return f"collector: {', '.join(self.agent)}; borrower's side: {', '.join(self.customer)}"


@dataclass
class Turn:
    line: int  # in the file
    role: str  # AGENT or CUSTOMER
    text: str
    start: float | None = None  # seconds from the call's start, when the transcript gives it


@dataclass
class Call:
    id: str
    file: str  # as shown in messages
    line: int  # where the call starts
    turns: list[Turn] = field(default_factory=list)


def seconds(text: str) -> float | None:
    """`hh:mm:ss`, `mm:ss` (a fraction allowed) in seconds; None when it is not a time."""
    m = _TIME.match(text.strip())
    if m is None:
        return None
    return int(m["h"] or 0) * 3600 + int(m["m"]) * 60 + float(m["s"])


def clock(value: float | None) -> str:
    """Seconds as `hh:mm:ss` (empty when unknown), as reports show a turn's time."""
    if value is None:
        return ""
    whole = int(value)
    return f"{whole // 3600:02d}:{whole // 60 % 60:02d}:{whole % 60:02d}"


def read(paths: Iterable[Path], speakers: Speakers, problems: list[Issue]) -> Iterator[Call]:
    """Every call of every file in turn; what cannot be read goes to `problems`, located. Files are read a
    line at a time: memory holds one call, not the file."""
    for path in paths:
        shown = display_path(path)
        try:
            handle = path.open("rb")
        except OSError as err:
            problems.append(Issue(shown, 1, 1, "A001", f"cannot read the file: {err.strerror}; check the path"))
            continue
        with handle:
            lines = _decoded(handle, shown, problems)
            if path.suffix.lower() in JSON_SUFFIXES:
                yield from _json_lines(lines, shown, speakers, problems)
            else:
                yield from _text_lines(lines, shown, path.stem, speakers, problems)


def _decoded(handle: BinaryIO, shown: str, problems: list[Issue]) -> Iterator[str]:
    """Each line as text (BOM and line ends dropped); at the first line that is not UTF-8, an A002 problem
    saying where, and the end of the file (what follows cannot be trusted to be read right)."""
    for number, raw in enumerate(handle, 1):
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        try:
            yield raw.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError as err:
            col = len(raw[: err.start].decode("utf-8", "replace")) + 1
            bad = raw[err.start : err.start + 1].hex()
            message = (
                f"byte 0x{bad} is not UTF-8 (an export in GBK?); convert the file to UTF-8. "
                "The rest of the file is not read"
            )
            problems.append(Issue(shown, number, col, "A002", message))
            return


def _text_lines(
    lines: Iterable[str], shown: str, name: str, speakers: Speakers, problems: list[Issue]
) -> Iterator[Call]:
    call: Call | None = None
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        marker = _CALL.match(line)
        if marker:
            if call is not None and call.turns:
                yield call
            call = Call(marker["id"], shown, number)
            continue
        m = _TURN.match(line)
        if m is None:
            problems.append(
                Issue(shown, number, 1, "A003", "not a turn: write `SPEAKER: text` (or `[hh:mm:ss] SPEAKER: text`)")
            )
            continue
        role = speakers.role(m["speaker"])
        if role is None:
            problems.append(_unknown_speaker(shown, number, m.start("speaker") + 1, m["speaker"], speakers))
            continue
        start = None
        if m["time"] is not None:
            start = seconds(m["time"])
            if start is None:
                problems.append(
                    Issue(
                        shown,
                        number,
                        m.start("time") + 1,
                        "A004",
                        f"'{m['time']}' is not a time: write [hh:mm:ss] or [mm:ss]; the turn is read without it",
                    )
                )
        if call is None:
            call = Call(name, shown, number)
        call.turns.append(Turn(number, role, m["text"].strip(), start))
    if call is not None and call.turns:
        yield call


def _json_lines(lines: Iterable[str], shown: str, speakers: Speakers, problems: list[Issue]) -> Iterator[Call]:
    call: Call | None = None
    seen: set[str] = set()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError as err:
            col = getattr(err, "colno", 1)
            problems.append(Issue(shown, number, col, "A005", f"not a JSON object: {err}; one object per line"))
            continue
        missing = [k for k in ("call", "speaker", "text") if not isinstance(item, dict) or k not in item]
        if missing:
            problems.append(
                Issue(shown, number, 1, "A005", f"missing {', '.join(missing)}: each line needs call, speaker and text")
            )
            continue
        role = speakers.role(str(item["speaker"]))
        if role is None:
            problems.append(_unknown_speaker(shown, number, 1, str(item["speaker"]), speakers))
            continue
        start = item.get("start")
        if start is not None and (isinstance(start, bool) or not isinstance(start, int | float) or start < 0):
            problems.append(
                Issue(shown, number, 1, "A004", f"start {start!r} is not seconds (a number ≥ 0); read without it")
            )
            start = None
        call_id = str(item["call"])
        if call is None or call.id != call_id:
            if call is not None:
                yield call
            if call_id in seen:
                problems.append(
                    Issue(shown, number, 1, "A009", f"call {call_id} goes on after other calls; sort the file by call")
                )
            seen.add(call_id)
            call = Call(call_id, shown, number)
        call.turns.append(Turn(number, role, str(item["text"]).strip(), start))
    if call is not None:
        yield call


def _unknown_speaker(shown: str, line: int, col: int, label: str, speakers: Speakers) -> Issue:
    return Issue(
        shown,
        line,
        col,
        "A006",
        f"speaker '{label.strip()}' is neither side ({speakers.describe()}); "
        "name it with --agent or --customer. The turn is left out",
    )
