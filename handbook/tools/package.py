"""Pack a built site into a zip that opens anywhere: `python -m handbook.tools.package SITE ZIP`.

The zip is written beside its final name and renamed into place only when complete, so a failed
run never leaves a half-written handbook behind.
"""

from __future__ import annotations

import os
import sys
import zipfile
from pathlib import Path


def pack(site: Path, target: Path, folder: str = "handbook") -> tuple[int, int]:
    """Zip every file of `site` under `folder/`; return (files, bytes of the zip)."""
    if not (site / "index.html").is_file():
        raise FileNotFoundError(f"{site}/index.html is missing: build the site first")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    count = 0
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(p for p in site.rglob("*") if p.is_file()):
            archive.write(path, f"{folder}/{path.relative_to(site).as_posix()}")
            count += 1
    os.replace(partial, target)
    return count, target.stat().st_size


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m handbook.tools.package SITE_DIR ZIP_FILE", file=sys.stderr)
        return 2
    try:
        count, size = pack(Path(args[0]), Path(args[1]))
    except FileNotFoundError as err:
        print(err, file=sys.stderr)
        return 2
    print(f"wrote {args[1]}: {count} files, {size / 1e6:.1f} MB; unzip it and open handbook/index.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
