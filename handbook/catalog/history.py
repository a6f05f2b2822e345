"""What git history says about the catalogue: when each file last changed, what recent commits did,
which version this build is and what each release changed.

A release is a git tag. `version_info` names the build: the tag when the checkout is exactly at one,
otherwise the short commit, with the commit's date; $HANDBOOK_VERSION overrides it (a build from an
archive without git), and with neither it is "未标版本". `releases` walks the tags, oldest to newest, plus
the commits after the last tag ("未发布"), and says which entry files each added, changed or removed.

Nothing when git or the history is missing: the pages then simply say nothing about it.
"""

from __future__ import annotations

import os
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
        if len(parts) == 2 and parts[1].endswith(".yml") and not any(p.startswith(("_", ".")) for p in parts):
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


UNRELEASED = "未发布"
VERSION_ENV = "HANDBOOK_VERSION"


@dataclass
class Version:
    name: str  # a tag such as v1.2, or a short commit
    commit: str  # short commit ("" without git)
    date: str  # YYYY-MM-DD of the commit ("" without git)
    tagged: bool = False

    def __str__(self) -> str:
        return f"{self.name} ({self.date})" if self.date and self.date not in self.name else self.name

    def as_dict(self) -> dict[str, str]:
        return {"name": self.name, "commit": self.commit, "date": self.date}


@dataclass
class Release:
    """A tag (or the commits since the last one) and the entry files changed since the previous tag."""

    name: str
    date: str
    changes: Change = field(default_factory=lambda: Change("", "", ""))


def version_info(project: Path) -> Version:
    override = os.environ.get(VERSION_ENV, "").strip()
    line = _git(project, ["log", "-1", "--format=%h%x00%cs"]).strip()
    commit, _sep, day = line.partition("\x00")
    if override:
        return Version(override, commit, day, tagged=True)
    if not commit:
        return Version("未标版本", "", "")
    tag = _git(project, ["describe", "--tags", "--exact-match", "HEAD"]).strip()
    return Version(tag or commit, commit, day, tagged=bool(tag))


def releases(project: Path, folder: Path) -> list[Release]:
    """Every tag, newest first, each with the entry files changed since the tag before; first, the
    commits after the last tag when there are any."""
    try:
        relative = folder.resolve().relative_to(project.resolve()).as_posix()
    except ValueError:
        return []
    tags = _git(project, ["tag", "--sort=creatordate", "--format=%(refname:short)%00%(creatordate:short)"])
    points = [tuple(line.split("\x00", 1)) for line in tags.splitlines() if "\x00" in line]
    head = _git(project, ["log", "-1", "--format=%cs"]).strip()
    if not head:
        return []
    out: list[Release] = []
    previous = None
    for name, day in points:
        out.append(Release(name, day, _release_diff(project, relative, previous, name)))
        previous = name
    if previous is None or _git(project, ["rev-list", f"{previous}..HEAD", "--count"]).strip() not in ("", "0"):
        out.append(Release(UNRELEASED, head, _release_diff(project, relative, previous, "HEAD")))
    return out[::-1]


def _release_diff(project: Path, relative: str, old: str | None, new: str) -> Change:
    """The entry files that differ between two commits (from the empty tree when `old` is None)."""
    change = Change(new, "", "")
    if old is None:
        listing = _git(project, ["ls-tree", "-r", "--name-only", new, "--", relative])
        lines = [f"A\t{path}" for path in listing.splitlines()]
    else:
        lines = _git(project, ["diff", "--name-status", "-M", old, new, "--", relative]).splitlines()
    for line in lines:
        status, *paths = line.split("\t")
        _file_change(change, status[:1], [p.removeprefix(relative + "/") for p in paths])
    return change
