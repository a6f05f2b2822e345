"""What each subcommand of `handbook` does: one `cmd_*` function per command, reading its arguments."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

from handbook.catalog import DEFINITIONS, ENTRY_SCHEMA, TEMPLATE, Catalog, freshness, legal, load_catalog
from handbook.catalog.history import version_info
from handbook.lint import Linter
from handbook.lint.evaluate import evaluate, evaluate_tiers, load_corpus, table, tier_table
from handbook.lint.model import DISMISSED, Context, check_both, shipped
from handbook.load.issues import codes_table, display_path, generated_section
from handbook.load.schema import fields_table, load_schema
from handbook.load.yamlfile import decode, read_yaml
from handbook.site.export import to_csv, to_json
from handbook.tools.fmt import format_file, key_order
from handbook.tools.review import review_report

DEFAULT_CATALOG = "scripts_catalog"
ID_FORM = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _catalog_dir(explicit: str | None) -> Path:
    return Path(explicit or os.environ.get("HANDBOOK_CATALOG") or DEFAULT_CATALOG)


def _root_of(path: Path) -> Path | None:
    """The catalogue folder (the one holding _definitions/taxonomy.yml) that contains `path`."""
    for candidate in [path, *path.resolve().parents] if path.is_dir() else path.resolve().parents:
        if (candidate / DEFINITIONS / "taxonomy.yml").is_file():
            return candidate
    return None


def cmd_validate(args: argparse.Namespace) -> int:
    targets = [Path(p) for p in args.paths] or [_catalog_dir(args.catalog)]
    roots: dict[Path, list[Path]] = {}
    for target in targets:
        if not target.exists():
            print(f"{target}: no such file or folder", file=sys.stderr)
            return 2
        root = _root_of(target)
        if root is None:
            print(
                f"{target}: not inside a catalogue (no _definitions/taxonomy.yml in it or above it); "
                f"pass the catalogue folder, e.g. {DEFAULT_CATALOG}",
                file=sys.stderr,
            )
            return 2
        roots.setdefault(root.resolve(), []).append(target.resolve())
    problems = 0
    checked = 0
    for root, wanted in roots.items():
        catalog, issues = load_catalog(root)
        chosen = [i for i in issues if any(_inside(Path(i.path).resolve(), w) for w in wanted)]
        for issue in chosen:
            print(issue)
        problems += len(chosen)
        checked += len(catalog.entries) if catalog else 0
    sys.stdout.flush()
    summary = (
        f"{problems} problem(s) found; each line says file:line:col, the code (see `handbook codes`) and how to fix it"
        if problems
        else f"ok: {checked} entries, no problems"
    )
    print(summary, file=sys.stderr)
    return 1 if problems else 0


def _inside(path: Path, target: Path) -> bool:
    return path == target or target in path.parents


def cmd_new(args: argparse.Namespace) -> int:
    root = _catalog_dir(args.catalog)
    taxonomy, issues = read_yaml(root / DEFINITIONS / "taxonomy.yml", display_path(root / DEFINITIONS / "taxonomy.yml"))
    if taxonomy is None:
        print("\n".join(map(str, issues)) or f"{root}: no {DEFINITIONS}/taxonomy.yml", file=sys.stderr)
        return 2
    stages = [s["id"] for s in taxonomy.data["stages"]]
    if args.stage not in stages:
        print(f"stage '{args.stage}' is not a stage; expected one of: {', '.join(stages)}", file=sys.stderr)
        return 2
    if not ID_FORM.match(args.id):
        print(
            f"id '{args.id}' must be lower-case ASCII words joined by hyphens, e.g. ask-reason-gently", file=sys.stderr
        )
        return 2
    target = root / args.stage / f"{args.id}.yml"
    existing = sorted(root.glob(f"*/{args.id}.yml"))
    if existing:
        print(
            f"{display_path(existing[0])}: an entry with id '{args.id}' exists already; choose another id",
            file=sys.stderr,
        )
        return 2
    text = (root / DEFINITIONS / TEMPLATE).read_text(encoding="utf-8")
    text = text.replace("$schema=entry.schema.json", f"$schema=../{DEFINITIONS}/entry.schema.json")
    text = re.sub(r"(?m)^id: .*$", f"id: {args.id}", text)
    text = re.sub(r"(?m)^stage: .*$", f"stage: {args.stage}", text)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f"wrote {display_path(target)}")
    print(f"next: replace every TODO, then run `handbook validate {display_path(target)}`", file=sys.stderr)
    return 0


def _linter(args: argparse.Namespace) -> tuple[Linter | None, list[str]]:
    """The linter built from the catalogue's redlines.yml, or None and why not."""
    catalog, problems = _checking_catalog(args)
    return (catalog.linter if catalog is not None else None), problems


def _checking_catalog(args: argparse.Namespace) -> tuple[Catalog | None, list[str]]:
    """The catalogue whose redlines.yml the checks use (its linter compiled), or None and why not."""
    root = _catalog_dir(args.catalog)
    if not (root / DEFINITIONS / "redlines.yml").is_file():
        return None, [f"{root}: no redlines.yml here; pass the catalogue folder with --catalog"]
    catalog, issues = load_catalog(root)
    if catalog is None or catalog.linter is None:
        return None, [str(i) for i in issues if i.path.endswith("redlines.yml")] or [str(i) for i in issues]
    return catalog, []


def cmd_lint(args: argparse.Namespace) -> int:
    catalog, problems = _checking_catalog(args)
    linter = catalog.linter if catalog is not None else None
    if catalog is None or linter is None:
        print("\n".join(problems) + "\nthe red-line rules cannot be used until these are fixed", file=sys.stderr)
        return 2
    source = "standard input" if args.file == "-" else args.file
    try:
        raw = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    except OSError as err:
        print(f"{args.file}: {err.strerror}", file=sys.stderr)
        return 2
    text, problem = decode(raw, source)
    if text is None:
        print(problem, file=sys.stderr)
        return 2
    model = None if args.rules_only else shipped()
    findings = check_both(linter, text, model, Context.of(catalog) if model is not None else None)
    if args.json:
        print(json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2))
    else:
        for finding in findings:
            if finding.severity != DISMISSED:  # in the JSON only, for the record
                print(finding)
    blocking = sum(f.severity == "blocking" for f in findings)
    review = sum(f.severity == "review" for f in findings)
    shown = sum(f.severity != DISMISSED for f in findings)
    lines = sum(1 for line in text.splitlines() if line.strip())
    print(
        f"{lines} line(s) checked, {shown} finding(s), {blocking} blocking, {review} for review",
        file=sys.stderr,
    )
    return 1 if blocking else 0


def cmd_corpus(args: argparse.Namespace) -> int:
    linter, problems = _linter(args)
    if linter is None:
        print("\n".join(problems), file=sys.stderr)
        return 2
    rule_ids = [rule.id for rule in linter.rules]
    model = shipped()
    for name in args.files:
        phrases = load_corpus(Path(name))
        report = evaluate(linter, phrases, rule_ids)
        sys.stdout.write(table(name, report))
        if args.mistakes:
            sys.stdout.write("".join(f"  {line}\n" for line in report.mistakes))
        if model is not None:
            tiers = evaluate_tiers(linter, model, phrases)
            sys.stdout.write(tier_table(name, tiers))
            if args.mistakes:
                sys.stdout.write("".join(f"  {line}\n" for line in tiers.missed))
    return 0


def cmd_fmt(args: argparse.Namespace) -> int:
    root = _catalog_dir(args.catalog)
    targets = [Path(p) for p in args.paths] or [root]
    files = sorted(
        {
            f
            for t in targets
            for f in ([t] if t.is_file() else t.glob("*/*.yml"))
            if not any(part.startswith("_") for part in f.parts[-2:])  # entries only: not the definitions
        }
    )
    order = key_order(root)
    changed, errors = [], []
    for path in files:
        did, error = format_file(path, order, args.check)
        if error:
            errors.append(error)
        elif did:
            changed.append(path)
    for error in errors:
        print(error, file=sys.stderr)
    for path in changed:
        print(
            f"{display_path(path)}: not in canonical form; run `handbook fmt {display_path(path)}`"
            if args.check
            else f"formatted {display_path(path)}"
        )
    print(
        f"{len(files)} file(s), {len(changed)} {'to format' if args.check else 'formatted'}, {len(errors)} unreadable",
        file=sys.stderr,
    )
    return 1 if errors or (args.check and changed) else 0


def cmd_stale(args: argparse.Namespace) -> int:
    catalog, issues = load_catalog(_catalog_dir(args.catalog))
    if catalog is None:
        print("\n".join(map(str, issues)), file=sys.stderr)
        return 2
    on = date.fromisoformat(args.today) if args.today else freshness.today()
    old = [e for e in catalog.entries.values() if freshness.is_stale(e.reviewed["on"], on, args.months)]
    for entry in sorted(old, key=lambda e: e.reviewed["on"]):
        line, col = entry.doc.where(("reviewed", "on"))
        age = freshness.months_since(entry.reviewed["on"], on)
        print(
            f"{entry.file}:{line}:{col}: reviewed {entry.reviewed['on']} by {entry.reviewed['by']}, "
            f"{age} months ago; review it again and update `reviewed`"
        )
    print(
        f"{len(old)} of {len(catalog.entries)} entries not reviewed in the last {args.months} months "
        f"(as of {on.isoformat()})",
        file=sys.stderr,
    )
    sources_file = catalog.definitions / "sources.yml"
    doc, _ = read_yaml(sources_file, display_path(sources_file))
    regulations: list[tuple[int, dict[str, Any]]] = []
    unchecked: list[tuple[int, dict[str, Any]]] = []
    if doc is not None:
        regulations = [(i, s) for i, s in enumerate(doc.data["sources"]) if s["kind"] == "regulation"]
        unchecked = [(i, s) for i, s in regulations if (legal.months_since(s, on) or 0) >= args.months]
        for i, source in unchecked:
            line, col = doc.where(("sources", i, "checked"))
            print(
                f"{doc.shown}:{line}:{col}: source '{source['id']}' last checked {source['checked']}, "
                f"{legal.months_since(source, on)} months ago; check its evidence again and update `checked`"
            )
    print(
        f"{len(unchecked)} of {len(regulations)} sources not checked in the last {args.months} months",
        file=sys.stderr,
    )
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    root = _catalog_dir(args.catalog).resolve()
    try:
        report = review_report(root.parent, args.base, root.name)
    except ValueError as err:
        print(err, file=sys.stderr)
        return 2
    sys.stdout.write(report)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    catalog, issues = load_catalog(_catalog_dir(args.catalog))
    if catalog is None or issues:
        print("\n".join(map(str, issues)), file=sys.stderr)
        print("the catalogue has problems; fix them before exporting (handbook validate)", file=sys.stderr)
        return 1
    release = version_info(catalog.root.parent).as_dict()  # the project's version, as the site shows it
    text = to_json(catalog, release) if args.format == "json" else to_csv(catalog)
    if args.output == "-":
        sys.stdout.write(text)
    else:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"wrote {args.output}: {len(catalog.entries)} entries ({args.format})", file=sys.stderr)
    return 0


def cmd_codes(args: argparse.Namespace) -> int:
    if not args.update:
        sys.stdout.write(codes_table())
        return 0
    path = Path(args.update)
    fields = fields_table(load_schema((_catalog_dir(args.catalog) / DEFINITIONS / ENTRY_SCHEMA).resolve()))
    try:
        text = path.read_text(encoding="utf-8")
        text = generated_section(generated_section(text, "codes", codes_table()), "fields", fields)
    except (OSError, ValueError) as err:
        print(f"{path}: {err}", file=sys.stderr)
        return 2
    path.write_text(text, encoding="utf-8")
    print(f"updated the code and field tables in {path}", file=sys.stderr)
    return 0
