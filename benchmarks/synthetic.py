"""A synthetic catalogue of any size, valid and varied, for measuring the build at scale.

The real catalogue (scripts_catalog/) is the material. Entry i is based on real entry
i mod 161, taken stage by stage in turn so that even a small catalogue spans every stage.
Copies after the first get their own id, a product or region in the title and tags, one more
sentence taken from another entry of the same stage and verdict, variants borrowed from
other entries of that stage, and references that stay inside the synthetic catalogue (to the
same copy and back to the copy before, so the cross links form one connected graph).
Every generated entry is checked with the real validator and linter; an entry whose mixed
text would not pass falls back to its base text, so the result loads with no issue at all.

    python benchmarks/synthetic.py N OUT_DIR      (writes OUT_DIR/<stage>/<id>.yml and the reference files)
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

PROJECT = Path(__file__).resolve().parent.parent
SOURCE = PROJECT / "scripts_catalog"
DEFINITIONS = "_definitions"  # as handbook.catalog.DEFINITIONS: schemas and vocabularies, copied as they are
# Products and regions a large lender's catalogue is split by; they vary titles and tags.
VARIETIES = [
    "信用卡", "消费贷", "车贷", "经营贷", "房抵贷", "现金贷", "分期购物", "助学贷",
    "华东", "华南", "华北", "西南", "西北", "东北", "华中", "港澳客户",
]  # fmt: skip
SENTENCE = re.compile(r"[^。！？]+[。！？]?")


def base_entries() -> list[dict[str, Any]]:
    """The real entries, interleaved stage by stage (opening, stating-debt, …, opening, …)."""
    sys.path.insert(0, str(PROJECT))
    from handbook.catalog import load_catalog

    catalog, issues = load_catalog(SOURCE)
    if catalog is None or any(i.severity != "warning" for i in issues):
        raise SystemExit("scripts_catalog/ has problems; run `handbook validate` first")
    by_stage: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for entry in catalog.entries.values():
        by_stage[entry.stage].append(entry.data)
    out: list[dict[str, Any]] = []
    while any(by_stage.values()):
        for stage in catalog.vocab["stages"]:
            if by_stage[stage]:
                out.append(by_stage[stage].pop(0))
    return out


def synthetic_id(base_id: str, copy: int) -> str:
    return base_id if copy == 0 else f"{base_id}-v{copy}"


def make_entries(n: int, seed: int = 0) -> list[dict[str, Any]]:
    """N entry mappings (not yet checked): see the module's docstring for how they vary."""
    bases = base_entries()
    rng = random.Random(seed)
    size = len(bases)
    present = {synthetic_id(bases[i % size]["id"], i // size) for i in range(n)}
    sentences: dict[tuple[str, str], list[str]] = defaultdict(list)
    variants: dict[str, list[str]] = defaultdict(list)
    for base in bases:
        key = (base["stage"], base["verdict"])
        sentences[key] += [s for s in SENTENCE.findall(base["phrase"]) if len(s) >= 8]
        if base["verdict"] == "recommended":
            variants[base["stage"]] += base.get("variants", [])

    def ref(target: str, copy: int) -> str | None:
        for c in range(copy, -1, -1):  # the same copy, else the nearest copy before that has it
            if synthetic_id(target, c) in present:
                return synthetic_id(target, c)
        return None

    out = []
    for i in range(n):
        base, copy = bases[i % size], i // size
        entry = {k: (list(v) if isinstance(v, list) else v) for k, v in base.items()}
        entry["id"] = synthetic_id(base["id"], copy)
        entry["related"] = [r for r in (ref(t, copy) for t in base.get("related", [])) if r and r != entry["id"]]
        if copy > 0:
            variety = VARIETIES[(copy - 1) % len(VARIETIES)]
            entry["title"] = f"{base['title']}（{variety}{'' if copy <= len(VARIETIES) else copy}）"
            entry["tags"] = [*base["tags"], variety]
            pool = [s for s in sentences[(base["stage"], base["verdict"])] if s not in base["phrase"]]
            if not pool:  # few entries of this verdict in this stage: borrow from the recommended ones
                pool = [s for s in sentences[(base["stage"], "recommended")] if s not in base["phrase"]]
            entry["phrase"] = base["phrase"] + rng.choice(pool)
            if variants[base["stage"]]:
                entry["variants"] = rng.sample(variants[base["stage"]], k=min(2, len(variants[base["stage"]])))
            entry["related"].append(synthetic_id(base["id"], copy - 1))
        borrower = []
        for line in base.get("borrower", []):
            line = dict(line)
            if "ref" in line:
                target = ref(line["ref"], copy)
                if target is None or target == entry["id"]:
                    line = {"says": line["says"], "reply": "明白，我们按您说的情况再商量一个可行的办法。"}
                else:
                    line["ref"] = target
            borrower.append(line)
        if borrower:
            entry["borrower"] = borrower
        if "alternative" in base:
            entry["alternative"] = ref(base["alternative"], copy) or _any_recommended(bases, present)
        if not entry["related"]:
            del entry["related"]
        out.append(entry)
    return out


def _any_recommended(bases: list[dict[str, Any]], present: set[str]) -> str:
    return next(b["id"] for b in bases if b["verdict"] == "recommended" and b["id"] in present)


def write(entries: list[dict[str, Any]], out: Path) -> None:
    """The catalogue folder: the real reference files and schemas, and one file per entry."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    shutil.copytree(SOURCE / DEFINITIONS, out / DEFINITIONS)
    for entry in entries:
        folder = out / entry["stage"]
        folder.mkdir(exist_ok=True)
        text = yaml.safe_dump(entry, allow_unicode=True, sort_keys=False, width=1000)
        (folder / f"{entry['id']}.yml").write_text(text, encoding="utf-8")


def generate(n: int, out: Path, seed: int = 0, rounds: int = 3) -> Path:
    """Write a valid synthetic catalogue of `n` entries to `out`.

    An entry whose borrowed sentence or variants do not pass the validator and linter gets others, up
    to `rounds` times; after that it keeps its base text.
    """
    from handbook.catalog import load_catalog

    entries = make_entries(n, seed)
    write(entries, out)
    _catalog, issues = load_catalog(out)
    bases = {b["id"]: b for b in base_entries()}
    for attempt in range(rounds + 1):
        failing = {Path(i.path).stem for i in issues}
        if not failing:
            break
        redo = {e["id"]: e for e in make_entries(n, seed + attempt + 1)}
        for i, entry in enumerate(entries):
            if entry["id"] not in failing:
                continue
            if attempt < rounds:
                entries[i] = redo[entry["id"]]
            else:
                base = bases[entry["id"].rsplit("-v", 1)[0] if entry["id"] not in bases else entry["id"]]
                entry["phrase"] = base["phrase"]
                entry.pop("variants", None)
                if base.get("variants"):
                    entry["variants"] = base["variants"]
        write(entries, out)
        _catalog, issues = load_catalog(out)
    if issues:
        raise SystemExit("the synthetic catalogue has problems:\n" + "\n".join(map(str, issues[:20])))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of entries")
    parser.add_argument("out", type=Path, help="folder to write (replaced if it exists)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0: the same catalogue every run)")
    args = parser.parse_args(argv)
    generate(args.n, args.out, args.seed)
    print(f"wrote {args.n} entries to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
