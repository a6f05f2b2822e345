"""Problems found in the catalogue (or in what `handbook audit` reads), each with a stable code.

Every check reports an `Issue` with a code from `CODES` (the registry, handbook/load/codes.py); nothing is
raised for bad input. The error-code table in CONTRIBUTING.md and in the site is generated from the
registry (`handbook codes`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .codes import _REGISTRY, CODES, Code

__all__ = ["CODES", "Code", "Issue", "codes_table", "display_path", "generated_section"]


# ---------------------------------------------------------------------------
# Issues
# ---------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Issue:
    """One problem at one place: `path:line:col: CODE message`."""

    path: str
    line: int
    col: int
    code: str
    message: str = field(compare=False)

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise KeyError(f"unregistered issue code {self.code}")

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.code} {self.message}"

    @property
    def severity(self) -> str:
        """error (the build stops) or warning (reported by `handbook validate`, logged by the build)."""
        return CODES[self.code].severity

    @property
    def fix(self) -> str:
        return CODES[self.code].fix


def display_path(path: Path, base: Path | None = None) -> str:
    """A path as the user should see it: relative to `base` (or the cwd) when possible."""
    base = base or Path.cwd()
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def codes_table() -> str:
    """The Markdown table of every code, for CONTRIBUTING.md and the site."""
    rows = ["| code | name | severity | what it means | how to fix it |", "|---|---|---|---|---|"]
    for c in _REGISTRY:
        rows.append(f"| `{c.code}` | {c.name} | {c.severity} | {c.means} | {c.fix} |")
    return "\n".join(rows) + "\n"


def generated_section(text: str, name: str, body: str) -> str:
    """`text` with the part between `<!-- NAME:start -->` and `<!-- NAME:end -->` replaced by `body`."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    head, found_start, rest = text.partition(start)
    _old, found_end, tail = rest.partition(end)
    if not found_start or not found_end:
        raise ValueError(f"the markers {start} and {end} are missing")
    return f"{head}{start}\n{body}{end}{tail}"


CODES_START, CODES_END = "<!-- codes:start -->", "<!-- codes:end -->"
