"""Both sides of a review: the catalogue at a git revision (read with `git ls-tree` and `git cat-file`,
nothing checked out) and in the working tree, as entries by id."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from handbook.catalog import DEFINITIONS
from handbook.lint import Linter
from handbook.load.yamlfile import MAX_BYTES, decode, parse_yaml

GIT_TIMEOUT = 120


WORKING_TREE = "工作区 (working tree)"


class _Missing:
    """A field or item that one side does not have."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


@dataclass(frozen=True)
class Snapshot:
    """One entry on one side of the comparison: its file (relative to the repository) and its data."""

    path: str
    data: dict[str, Any]
    raw: bytes = field(default=b"", compare=False)  # the file as written, to tell layout-only edits apart


@dataclass
class Side:
    """The catalogue on one side: entries by id, entry files that did not parse, files at its top level."""

    entries: dict[str, Snapshot]
    unreadable: dict[str, str]  # path -> why it could not be read
    top: dict[str, bytes]  # file name -> content, for the files directly in the catalogue folder


# ---------------------------------------------------------------------------
# Reading both sides
# ---------------------------------------------------------------------------


def read_side(files: dict[str, bytes], folder: str, shown_prefix: str) -> Side:
    """Sort the catalogue's files (paths relative to the repository) into entries, unreadable ones and top files."""
    side = Side({}, {}, {})
    for path, raw in sorted(files.items()):
        kind = _kind(path, folder)
        if kind == "top":
            side.top[PurePosixPath(path).name] = raw
        elif kind == "entry":
            data, why = _parse_entry(raw, path, shown_prefix + path)
            if data is None:
                side.unreadable[path] = why
            else:
                side.entries.setdefault(data["id"], Snapshot(path, data, raw))
    return side


def _kind(path: str, folder: str) -> str | None:
    """'top' for a file directly in the catalogue folder, 'entry' for an entry file, None for anything else."""
    parts = PurePosixPath(path).relative_to(folder).parts if folder != "." else PurePosixPath(path).parts
    if not parts or parts[-1].startswith("."):
        return None
    if parts[0] == DEFINITIONS:
        return "top" if len(parts) == 2 else None
    if len(parts) == 1 or any(part.startswith("_") for part in parts):
        return None
    return "entry" if parts[-1].endswith(".yml") else None


def _parse_entry(raw: bytes, path: str, shown: str) -> tuple[dict[str, Any] | None, str]:
    """The entry's data, or None and why it cannot be read (with the project's own YAML reader)."""
    if len(raw) > MAX_BYTES:
        return None, f"{shown}: larger than {MAX_BYTES:,} bytes"
    text, problem = decode(raw, shown)
    if problem or text is None:
        return None, str(problem)
    try:
        doc, issues = parse_yaml(text, Path(path), shown)
    except yaml.YAMLError as err:  # e.g. a tag the safe loader refuses
        return None, f"{shown}: {err}"
    if doc is None:
        return None, str(issues[0]) if issues else f"{shown}: not YAML"
    if not isinstance(doc.data.get("id"), str):
        return None, f"{shown}: no text `id`"
    return doc.data, ""


def tree_files(root: Path, top: Path, folder: str) -> dict[str, bytes]:
    """The working tree's catalogue files that matter here, by path relative to the repository."""
    files: dict[str, bytes] = {}
    if not root.is_dir():
        return files
    for path in root.rglob("*"):
        relative = path.relative_to(top).as_posix()
        if path.is_file() and _kind(relative, folder):
            files[relative] = path.read_bytes()
    return files


def _git(cwd: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", *args], cwd=cwd, input=stdin, capture_output=True, timeout=GIT_TIMEOUT, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as err:
        raise ValueError(f"cannot run git in {cwd}: {err}") from err


def toplevel(project: Path) -> Path:
    if not project.is_dir():
        raise ValueError(f"{project} is not a folder; pass the project's git checkout")
    result = _git(project, "rev-parse", "--show-toplevel")
    if result.returncode != 0:
        why = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ValueError(
            f"{project} is not a git checkout ({why[0] if why else 'git rev-parse failed'}); "
            "run the review inside a clone of the repository"
        )
    return Path(result.stdout.decode("utf-8").strip()).resolve()


def folder_in(top: Path, root: Path) -> str:
    try:
        return root.relative_to(top).as_posix()
    except ValueError:
        raise ValueError(f"the catalogue folder {root} is outside the git checkout {top}") from None


def resolve(top: Path, base: str) -> str:
    """The commit `base` names, or a ValueError saying how to get it."""
    how = (
        f"revision {base!r} is not a commit in {top}; fetch it first (`git fetch origin`) "
        "or name one that exists, such as `origin/main` or `HEAD~1`"
    )
    if not base or base.startswith("-"):
        raise ValueError(how)
    result = _git(top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{base}^{{commit}}")
    if result.returncode != 0:
        raise ValueError(how)
    return result.stdout.decode("ascii").strip()


def base_files(top: Path, commit: str, folder: str) -> dict[str, bytes]:
    """The catalogue's files at `commit`, by path relative to the repository, read from git's objects."""
    listing = _git(top, "--literal-pathspecs", "ls-tree", "-r", "-z", "--name-only", commit, "--", folder)
    if listing.returncode != 0:
        raise ValueError(f"git ls-tree failed: {listing.stderr.decode('utf-8', 'replace').strip()}")
    paths = [p for p in listing.stdout.decode("utf-8", "surrogateescape").split("\0") if p and "\n" not in p]
    paths = [p for p in paths if _kind(p, folder)]
    if not paths:
        return {}
    request = "".join(f"{commit}:{p}\n" for p in paths).encode("utf-8", "surrogateescape")
    batch = _git(top, "cat-file", "--batch", stdin=request)
    if batch.returncode != 0:
        raise ValueError(f"git cat-file failed: {batch.stderr.decode('utf-8', 'replace').strip()}")
    return _parse_batch(batch.stdout, paths)


def _parse_batch(raw: bytes, paths: list[str]) -> dict[str, bytes]:
    """Split `git cat-file --batch` output (header line, content, newline) into the blobs asked for."""
    blobs: dict[str, bytes] = {}
    pos = 0
    for path in paths:
        end = raw.index(b"\n", pos)
        header = raw[pos:end]
        pos = end + 1
        if header.endswith((b" missing", b" ambiguous")):
            continue
        _oid, kind, size = header.split()
        if kind == b"blob":
            blobs[path] = raw[pos : pos + int(size)]
        pos += int(size) + 1
    return blobs


@dataclass
class Context:
    """What every section of the report reads: the base revision, both sides and the linter."""

    base: str
    old: Side
    new: Side
    linter: Linter | None
