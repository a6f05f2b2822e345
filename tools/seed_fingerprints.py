"""Fingerprint the seed texts, so that the copy check runs on any clone without them.

    .venv/bin/python tools/seed_fingerprints.py [--seeds DIR] [--check]

tests/unit/test_content.py fails when a line of the project shares a run of RUN characters (punctuation and
spaces removed) with a seed text in ../shared/seeds. The seeds live outside the repository, so the test
reads tests/fixtures/seed-runs.bin instead: the sorted six-byte BLAKE2b digests of every such run. No
sentence of a seed is stored, only hashes; with 48 bits a chance match is about one in ten billion runs.
`--check` exits 1 when the file does not match the seeds (the test does the same when they are present).
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
OUTPUT = ROOT / "tests" / "fixtures" / "seed-runs.bin"
RUN = 14  # characters in a row, punctuation and spaces removed, that count as a copied sentence
DIGEST = 6  # bytes of BLAKE2b kept per run


def letters(text: str) -> str:
    """The text as the copy check compares it: punctuation, spaces and underscores removed."""
    return re.sub(r"[\s\W_]+", "", text)


def digest(run: str) -> bytes:
    return hashlib.blake2b(run.encode("utf-8"), digest_size=DIGEST).digest()


def runs(text: str) -> list[str]:
    kept = letters(text)
    return [kept[i : i + RUN] for i in range(len(kept) - RUN + 1)]


def fingerprints(seeds: Path) -> bytes:
    found = {digest(run) for seed in sorted(seeds.glob("*.txt")) for run in runs(seed.read_text("utf-8", "ignore"))}
    return b"".join(sorted(found))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=Path, default=SEEDS, help=f"the seed texts (default: {SEEDS})")
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed file does not match the seeds")
    args = parser.parse_args(argv)
    if not args.seeds.is_dir():
        print(f"{args.seeds}: no such folder; pass the seed texts with --seeds DIR", file=sys.stderr)
        return 2
    data = fingerprints(args.seeds)
    if args.check:
        same = OUTPUT.is_file() and OUTPUT.read_bytes() == data
        print(f"{OUTPUT.relative_to(ROOT)} {'matches' if same else 'differs from'} the seeds in {args.seeds}")
        return 0 if same else 1
    OUTPUT.write_bytes(data)
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {len(data) // DIGEST} runs of {RUN} characters")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
