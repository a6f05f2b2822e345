"""A call log against the rules only a log can show: when and how often a case was contacted.

The log is CSV (UTF-8, a header row, comma-separated), one contact attempt per row. Columns, by any of
their names (case and spaces do not matter):

| column | names | required | value |
|---|---|---|---|
| case | case, case_id, 案件, 案件号 | yes | the case (borrower) the attempt was for |
| time | time, start, 时间, 拨打时间 | yes | ISO 8601, `2026-11-03T21:45:00+08:00`; without an offset only with `--tz` |
| answered | answered, 接通, 是否接通 | yes | yes/no, true/false, 1/0, 是/否, 接通/未接通 |
| agent | agent, collector, 坐席, 催收员 | no | who called |
| contact | contact, number, 联系方式, 号码 | no | the number or contact called (never shown: counted only) |
| consent | consent, 同意, 约定 | no | yes when the borrower asked for this time or agreed to more attempts |

Three checks, with their numbers read from redlines.yml (`limits` of RL-TIME and RL-FREQ), never from code:

- **night**: an attempt in the quiet hours (22:00–08:00 local time) without the borrower's consent (RL-TIME);
- **unanswered**: more unanswered attempts to one contact (or, with no contact column, one case) in one
  local day than `unanswered_per_day` (RL-FREQ; the guideline's 不宜, a soft limit, yields to what the
  borrower agreed, so rows with consent do not count), one finding at the attempt that went over;
- **burst**: `burst.attempts` or more attempts to one case within `burst.minutes` (the handbook's own
  threshold for a person to look, from no law: advice).

Local time is the time's own offset, or the zone `--tz` names (times with an offset are converted to it,
times without one are read in it). A row that cannot be read is a located problem (`file:line:col: CODE`)
and the other rows are still audited.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from handbook.catalog import Catalog
from handbook.load.issues import Issue, display_path
from handbook.load.yamlfile import decode

COLUMNS = {
    "case": ("case", "case_id", "caseid", "案件", "案件号"),
    "time": ("time", "start", "started", "datetime", "时间", "拨打时间"),
    "answered": ("answered", "connected", "接通", "是否接通"),
    "agent": ("agent", "collector", "坐席", "催收员"),
    "contact": ("contact", "number", "phone", "联系方式", "号码"),
    "consent": ("consent", "agreed", "同意", "约定"),
}
REQUIRED = ("case", "time", "answered")
YES = {"yes", "y", "true", "1", "是", "接通", "已接通", "同意"}
NO = {"no", "n", "false", "0", "否", "未接通", "没接通", "不同意", ""}


@dataclass
class Attempt:
    line: int
    case: str
    at: dt.datetime  # local time of the borrower, with its offset
    answered: bool
    agent: str = ""
    contact: str = ""
    consent: bool = False


@dataclass(frozen=True)
class Limits:
    quiet_from: dt.time
    quiet_until: dt.time
    per_day: int
    burst_attempts: int
    burst_minutes: int

    @classmethod
    def of(cls, catalog: Catalog) -> Limits:
        """The numbers of redlines.yml; a catalogue without them cannot audit a log (ValueError)."""
        time_limits = catalog.rules.get("RL-TIME", {}).get("limits", {})
        freq_limits = catalog.rules.get("RL-FREQ", {}).get("limits", {})
        try:
            quiet, burst = time_limits["quiet_hours"], freq_limits["burst"]
            return cls(
                dt.time.fromisoformat(quiet["from"]),
                dt.time.fromisoformat(quiet["until"]),
                int(freq_limits["unanswered_per_day"]),
                int(burst["attempts"]),
                int(burst["minutes"]),
            )
        except KeyError as err:
            raise ValueError(
                f"redlines.yml has no {err.args[0]} in the limits of RL-TIME or RL-FREQ; the call-log audit reads "
                "its numbers from there"
            ) from None

    def quiet(self, at: dt.datetime) -> bool:
        t = at.timetz().replace(tzinfo=None)
        if self.quiet_from > self.quiet_until:  # across midnight, as 22:00-08:00
            return t >= self.quiet_from or t < self.quiet_until
        return self.quiet_from <= t < self.quiet_until


def zone(name: str | None) -> dt.tzinfo | None:
    """The zone `--tz` names (ValueError when it is unknown): an IANA name, or a fixed offset like +08:00."""
    if not name:
        return None
    if name[0] in "+-":
        try:
            return dt.datetime.fromisoformat(f"2000-01-01T00:00:00{name}").tzinfo
        except ValueError:
            pass
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"--tz {name!r} is not a time zone: give a name such as Asia/Shanghai or an offset such as +08:00"
        ) from None


def read(path: Path, tz: dt.tzinfo | None, problems: list[Issue]) -> list[Attempt]:
    """The rows of one log that can be read; the others go to `problems`, located."""
    shown = display_path(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        problems.append(Issue(shown, 1, 1, "A001", f"cannot read the file: {err.strerror}; check the path"))
        return []
    text, problem = decode(raw, shown)
    if text is None:
        if problem is not None:
            problems.append(Issue(problem.path, problem.line, problem.col, "A002", problem.message))
        return []
    rows = csv.reader(io.StringIO(text))
    header = next(rows, None)
    if header is None:
        problems.append(
            Issue(shown, 1, 1, "A007", f"the log is empty: the first row names the columns ({', '.join(REQUIRED)} …)")
        )
        return []
    where = _columns(header)
    missing = [name for name in REQUIRED if name not in where]
    if missing:
        problems.append(
            Issue(
                shown,
                1,
                1,
                "A007",
                f"no column for {', '.join(missing)}; the header names "
                f"{', '.join(h.strip() for h in header) or 'nothing'}. "
                f"Name them as docs/audit.md lists ({', '.join(COLUMNS[m][0] for m in missing)})",
            )
        )
        return []
    out = []
    for number, row in enumerate(rows, 2):
        if not any(cell.strip() for cell in row):
            continue
        attempt = _attempt(row, number, where, tz, shown, problems)
        if attempt is not None:
            out.append(attempt)
    return out


def _columns(header: list[str]) -> dict[str, int]:
    names = {alias.casefold(): column for column, aliases in COLUMNS.items() for alias in aliases}
    out: dict[str, int] = {}
    for i, cell in enumerate(header):
        column = names.get(cell.strip().lstrip("\ufeff").casefold().replace(" ", "_"))
        if column is not None and column not in out:
            out[column] = i
    return out


def _attempt(
    row: list[str], number: int, where: dict[str, int], tz: dt.tzinfo | None, shown: str, problems: list[Issue]
) -> Attempt | None:
    def cell(column: str) -> str:
        i = where.get(column)
        return row[i].strip() if i is not None and i < len(row) else ""

    def problem(column: str, message: str) -> None:
        col = sum(len(c) + 1 for c in row[: where[column]]) + 1 if column in where else 1
        problems.append(Issue(shown, number, col, "A008", message))

    case = cell("case")
    if not case:
        problem("case", "the case is empty; each row names the case it called about")
        return None
    try:
        at = dt.datetime.fromisoformat(cell("time").replace("Z", "+00:00"))
    except ValueError:
        problem("time", f"'{cell('time')}' is not a time: write ISO 8601, e.g. 2026-11-03T21:45:00+08:00")
        return None
    if at.tzinfo is None:
        if tz is None:
            problem("time", f"'{cell('time')}' has no offset: add one (+08:00) or pass --tz Asia/Shanghai")
            return None
        at = at.replace(tzinfo=tz)
    elif tz is not None:
        at = at.astimezone(tz)
    answered = _yes(cell("answered"))
    if answered is None:
        problem("answered", f"answered is '{cell('answered')}': write yes or no (是/否, 1/0)")
        return None
    consent = _yes(cell("consent")) if "consent" in where else False
    if consent is None:
        problem("consent", f"consent is '{cell('consent')}': write yes or no, or leave it empty")
        return None
    return Attempt(number, case, at, answered, cell("agent"), cell("contact"), consent)


def _yes(value: str) -> bool | None:
    folded = value.strip().casefold()
    return True if folded in YES else False if folded in NO else None


@dataclass(frozen=True)
class Breach:
    check: str  # night, unanswered or burst
    attempt: Attempt
    count: int = 0  # unanswered attempts that day, or attempts in the window


def breaches(attempts: list[Attempt], limits: Limits) -> Iterator[Breach]:
    """Each night attempt, each case-day over the unanswered limit, each burst; in file order."""
    found: list[Breach] = []
    by_case: dict[str, list[Attempt]] = defaultdict(list)
    for a in attempts:
        by_case[a.case].append(a)
        if limits.quiet(a.at) and not a.consent:
            found.append(Breach("night", a))
    window = dt.timedelta(minutes=limits.burst_minutes)
    for case_attempts in by_case.values():
        case_attempts.sort(key=lambda a: a.at)
        unanswered: dict[tuple[str, dt.date], int] = defaultdict(int)
        for a in case_attempts:
            if not a.answered and not a.consent:
                key = (a.contact or a.case, a.at.date())
                unanswered[key] += 1
                if unanswered[key] == limits.per_day + 1:
                    found.append(Breach("unanswered", a, unanswered[key]))
        start = 0
        reported_until: dt.datetime | None = None
        for end, a in enumerate(case_attempts):
            while a.at - case_attempts[start].at > window:
                start += 1
            count = end - start + 1
            if count >= limits.burst_attempts and (reported_until is None or case_attempts[start].at > reported_until):
                found.append(Breach("burst", a, count))
                reported_until = a.at  # one finding per burst, not one per attempt in it
    found.sort(key=lambda b: b.attempt.line)
    yield from found
