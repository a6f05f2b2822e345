"""What git history says about the catalogue: when each file last changed, and what recent commits did.

Nothing when git or the history is missing: the pages then simply say nothing about it.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

MARK = "\x00"


def last_changed(project: Path, folder: Path) -> dict[str, str]:
    """{path relative to `project`: YYYY-MM-DD of the last commit touching it}, for files under `folder`.

    One `git log` for the whole folder, newest first; a build outside a git checkout, or with git
    missing, gets an empty map and the pages simply say nothing about it.
    """
    try:
        relative = folder.resolve().relative_to(project.resolve()).as_posix()
    except ValueError:
        return {}
    output = _git(project, ["log", "--format=%x00%cs", "--name-only", "--no-renames", "--", relative])
    dates: dict[str, str] = {}
    current = ""
    for line in output.splitlines():
        if line.startswith(MARK):
            current = line[1:]
        elif line and current:
            dates.setdefault(line, current)
    return dates


@dataclass
class Change:
    """One commit that touched the catalogue: which entry files it added, changed and removed."""

    commit: str
    date: str  # YYYY-MM-DD, commit date
    subject: str
    added: list[str] = field(default_factory=list)  # entry ids
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)  # reference files (taxonomy.yml, redlines.yml …)


def recent_changes(project: Path, folder: Path, limit: int = 30) -> list[Change]:
    """The last `limit` commits touching `folder` (the catalogue), newest first; [] without git or history.

    A renamed entry file counts as removed under its old id and added under its new one.
    """
    try:
        relative = folder.resolve().relative_to(project.resolve()).as_posix()
    except ValueError:
        return []
    output = _git(project, ["log", f"-n{limit}", "--format=%x00%h%x00%cs%x00%s", "--name-status", "-M", "--", relative])
    changes: list[Change] = []
    for line in output.splitlines():
        if line.startswith(MARK):
            commit, day, subject = line[1:].split(MARK, 2)
            changes.append(Change(commit, day, subject))
        elif line and changes:
            status, *paths = line.split("\t")
            _file_change(changes[-1], status[:1], [p.removeprefix(relative + "/") for p in paths])
    return changes


def _file_change(change: Change, status: str, paths: list[str]) -> None:
    def entry_id(path: str) -> str | None:
        parts = path.split("/")
        if len(parts) == 2 and parts[1].endswith(".yml") and not parts[1].startswith(("_", ".")):
            return parts[1].removesuffix(".yml")
        return None

    if status == "R" and len(paths) == 2:
        old, new = entry_id(paths[0]), entry_id(paths[1])
        if old and new and old == new:  # moved to another stage folder, same id
            change.changed.append(new)
            return
        if old:
            change.removed.append(old)
        if new:
            change.added.append(new)
        return
    ident = entry_id(paths[-1])
    if ident is None:
        change.other.append(paths[-1])
    else:
        {"A": change.added, "D": change.removed}.get(status, change.changed).append(ident)


def _git(project: Path, args: list[str]) -> str:
    """git's output, or "" when git is missing, fails or takes too long."""
    try:
        result = subprocess.run(["git", *args], cwd=project, capture_output=True, text=True, timeout=120, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return result.stdout if result.returncode == 0 else ""
