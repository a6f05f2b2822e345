"""When each catalogue file last changed, from git history; nothing when git or the history is missing."""

from __future__ import annotations

import subprocess
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
    try:
        result = subprocess.run(
            ["git", "log", "--format=%x00%cs", "--name-only", "--no-renames", "--", relative],
            cwd=project,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return {}
    if result.returncode != 0:
        return {}
    dates: dict[str, str] = {}
    current = ""
    for line in result.stdout.splitlines():
        if line.startswith(MARK):
            current = line[1:]
        elif line and current:
            dates.setdefault(line, current)
    return dates
