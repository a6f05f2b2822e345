"""The release notes of `make dist`, and the version line: what changed since the previous release.

The versions and releases themselves come from git through handbook.catalog.history (the changelog page
reads them too); this module only words the newest release for a reader.

    python -m handbook.tools.release notes OUT.md     (what make dist runs)
    python -m handbook.tools.release version          (prints the version line)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import jinja2

from handbook.catalog.history import releases, version_info

TEMPLATES = Path(__file__).resolve().parent / "templates"


def release_notes(project: Path, folder: Path, titles: dict[str, str]) -> str:
    """Markdown notes for this build: its version and what changed since the previous release."""
    found = releases(project, folder)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env.get_template("release-notes.md.j2").render(
        version=version_info(project),
        current=found[0] if found else None,
        since=found[1].name if len(found) > 1 else None,
        titles=titles,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m handbook.tools.release", description=__doc__.split("\n\n")[0])
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
    from handbook.catalog import load_catalog

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
