"""Which version of the handbook this is, and what changed from one release to the next.

A release is a git tag. `version_info` names the build: the tag when the checkout is exactly at one,
otherwise the short commit, with the commit's date; $HANDBOOK_VERSION overrides it (a build from an
archive without git), and with neither it is "未标版本". `releases` walks the tags, oldest to newest, plus
the commits after the last tag ("未发布"), and says which entry files each added, changed or removed.
`release_notes` words the newest of them for `make dist`.

    python -m handbook.release notes OUT.md     (what make dist runs)
    python -m handbook.release version          (prints the version line)
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .history import Change, _file_change, _git

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
        out.append(Release(name, day, _diff(project, relative, previous, name)))
        previous = name
    if previous is None or _git(project, ["rev-list", f"{previous}..HEAD", "--count"]).strip() not in ("", "0"):
        out.append(Release(UNRELEASED, head, _diff(project, relative, previous, "HEAD")))
    return out[::-1]


def _diff(project: Path, relative: str, old: str | None, new: str) -> Change:
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


def release_notes(project: Path, folder: Path, titles: dict[str, str]) -> str:
    """Markdown notes for this build: its version and what changed since the previous release."""
    version = version_info(project)
    found = releases(project, folder)
    lines = [f"# 催收话术手册 {version}", ""]
    if not found:
        return "\n".join([*lines, "没有 git 历史，无法列出修改。", ""])
    current = found[0]
    since = found[1].name if len(found) > 1 else None
    lines += [f"与上一版本（{since}）相比：" if since else "首个版本，包含以下条目：", ""]
    lines += _change_lines(current.changes, titles)
    return "\n".join(lines) + "\n"


def _change_lines(change: Change, titles: dict[str, str]) -> list[str]:
    out = []
    for label, ids in (("新增", change.added), ("修改", change.changed), ("删除", change.removed)):
        if ids:
            out.append(f"- {label} {len(ids)} 条：" + "、".join(titles.get(i, i) for i in ids))
    if change.other:
        out.append("- 参考文件：" + "、".join(change.other))
    return out or ["- 话术条目没有变化。"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m handbook.release", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("version", help="print the version this build is stamped with")
    notes = sub.add_parser("notes", help="write the release notes (Markdown) for this build")
    notes.add_argument("out", type=Path)
    notes.add_argument("--catalog", type=Path, default=Path("scripts_catalog"))
    args = parser.parse_args(argv)
    project = Path.cwd()
    if args.command == "version":
        print(version_info(project))
        return 0
    from .catalog import load_catalog

    catalog, issues = load_catalog(args.catalog)
    if catalog is None or any(i.severity != "warning" for i in issues):
        print("the catalogue has problems; run `handbook validate`", file=sys.stderr)
        return 1
    titles = {entry.id: entry.title for entry in catalog.entries.values()}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(release_notes(project, catalog.root, titles), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
