"""The `handbook` command: validate, scaffold, format, lint, review, export and report on the catalogue."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

from . import freshness, legal
from .catalog import ENTRY_SCHEMA, Catalog, load_catalog
from .evaluate import evaluate, evaluate_tiers, load_corpus, table, tier_table
from .export import to_csv, to_json
from .fmt import format_file, key_order
from .issues import codes_table, display_path, generated_section
from .lint import Linter
from .model import DISMISSED, Context, check_both, shipped
from .release import version_info
from .review import review_report
from .schema import fields_table, load_schema
from .yamlfile import decode, read_yaml

DEFAULT_CATALOG = "scripts_catalog"
ID_FORM = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _catalog_dir(explicit: str | None) -> Path:
    return Path(explicit or os.environ.get("HANDBOOK_CATALOG") or DEFAULT_CATALOG)


def _root_of(path: Path) -> Path | None:
    """The catalogue folder (the one holding taxonomy.yml) that contains `path`."""
    for candidate in [path, *path.resolve().parents] if path.is_dir() else path.resolve().parents:
        if (candidate / "taxonomy.yml").is_file():
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
                f"{target}: not inside a catalogue (no taxonomy.yml in it or above it); "
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
    taxonomy, issues = read_yaml(root / "taxonomy.yml", display_path(root / "taxonomy.yml"))
    if taxonomy is None:
        print("\n".join(map(str, issues)) or f"{root}: no taxonomy.yml", file=sys.stderr)
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
    text = (root / "_template.yml").read_text(encoding="utf-8")
    text = text.replace("$schema=entry.schema.json", "$schema=../entry.schema.json")
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
    if not (root / "redlines.yml").is_file():
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
        {f for t in targets for f in ([t] if t.is_file() else t.glob("*/*.yml")) if not f.name.startswith("_")}
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
    sources_file = catalog.root / "sources.yml"
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
    fields = fields_table(load_schema((_catalog_dir(args.catalog) / ENTRY_SCHEMA).resolve()))
    try:
        text = path.read_text(encoding="utf-8")
        text = generated_section(generated_section(text, "codes", codes_table()), "fields", fields)
    except (OSError, ValueError) as err:
        print(f"{path}: {err}", file=sys.stderr)
        return 2
    path.write_text(text, encoding="utf-8")
    print(f"updated the code and field tables in {path}", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="handbook",
        description="Check and extend the collection-script catalogue (scripts_catalog/), and check any phrase "
        "against its red-line rules.",
        epilog="Each problem is printed as path:line:col: CODE message. `handbook codes` explains every code.",
    )
    parser.add_argument(
        "--catalog", metavar="DIR", help=f"catalogue folder (default: $HANDBOOK_CATALOG or {DEFAULT_CATALOG})"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = sub.add_parser(
        "validate",
        help="check entries against the schema, the taxonomy and each other",
        description="Check the catalogue: schema, vocabularies, references, placeholders, verdict rules. "
        "The whole catalogue is always loaded (references cross files); only problems in the "
        "given paths are printed. Exit 0 when clean, 1 with problems, 2 on a usage error.",
    )
    validate.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or folders to report on (default: the whole catalogue)"
    )
    validate.set_defaults(func=cmd_validate)

    new = sub.add_parser(
        "new",
        help="write a new entry from the template",
        description="Copy _template.yml to scripts_catalog/STAGE/ID.yml with the id and stage filled in. "
        "The other fields say TODO; `handbook validate` names each one until it is filled.",
    )
    new.add_argument("stage", metavar="STAGE", help="a stage id from taxonomy.yml, e.g. opening")
    new.add_argument("id", metavar="ID", help="the new entry's id, lower-case words joined by hyphens")
    new.set_defaults(func=cmd_new)

    lint = sub.add_parser(
        "lint",
        help="check phrases against the red-line rules",
        description="Check each line of FILE (UTF-8; - or nothing for standard input) against the red-line "
        "rules of redlines.yml, then ask the second opinion (a model trained on labelled phrases) about every "
        "line no rule blocked. Plain output: `LINE: RULE severity: message «match»`; a rule finding is "
        "`blocking` (or `advisory`), the model's is `review`, with the rule the line most resembles and the "
        "words that weighed most. Exit 1 when any finding is blocking, 0 otherwise, 2 on a usage error.",
    )
    lint.add_argument("file", nargs="?", default="-", metavar="FILE", help="one phrase per line (default: -)")
    lint.add_argument(
        "--json", action="store_true", help='print a JSON list of {"line", "rule", "severity", "match", "message"}'
    )
    lint.add_argument("--rules-only", action="store_true", help="skip the model's second opinion")
    lint.set_defaults(func=cmd_lint)

    corpus = sub.add_parser(
        "corpus",
        help="measure the linter on labelled phrases (precision and recall per rule)",
        description="Run the linter over labelled corpora (YAML: phrases: [{text, rules: [RL-…]}]) and print "
        "true and false positives, misses, precision and recall per rule, and how many compliant "
        "phrases were flagged.",
    )
    corpus.add_argument("files", nargs="+", metavar="CORPUS", help="labelled corpus files")
    corpus.add_argument("--mistakes", action="store_true", help="also list every phrase read wrongly")
    corpus.set_defaults(func=cmd_corpus)

    fmt = sub.add_parser(
        "fmt",
        help="put entry files in canonical form (key order, layout), keeping comments",
        description="Rewrite entry files with keys in the schema's order, two-space indentation, LF line ends "
        "and one final newline; comments, quoting and [a, b] lists are kept. With --check nothing is written: "
        "exit 1 lists the files that would change.",
    )
    fmt.add_argument("paths", nargs="*", metavar="PATH", help="entry files or folders (default: the whole catalogue)")
    fmt.add_argument("--check", action="store_true", help="only report files that are not in canonical form")
    fmt.set_defaults(func=cmd_fmt)

    stale = sub.add_parser(
        "stale",
        help="list entries and sources whose last compliance check is too old",
        description="List the entries whose `reviewed.on` date is at least MONTHS months ago, oldest first, "
        "then the regulations in sources.yml whose evidence was last `checked` as long ago, as path:line:col "
        "lines pointing at the date to update. Exit 0; it is a report.",
    )
    stale.add_argument("--months", type=int, default=freshness.REVIEW_MONTHS, help="age that needs a new review")
    stale.add_argument("--today", metavar="YYYY-MM-DD", help="count from this date instead of today")
    stale.set_defaults(func=cmd_stale)

    diff = sub.add_parser(
        "diff",
        help="review report: entries added, changed and removed since a git revision (Markdown)",
        description="Compare the catalogue with its state at git revision BASE (e.g. origin/main) and print "
        "Markdown for a pull-request comment: entries added, changed (field by field) and removed, the "
        "red-line findings on changed texts, changes to the reference files, and validation problems. "
        "Exit 0, or 2 when BASE is not a revision of this repository.",
    )
    diff.add_argument("base", metavar="BASE", help="git revision to compare with, e.g. origin/main or HEAD~1")
    diff.set_defaults(func=cmd_diff)

    export = sub.add_parser(
        "export",
        help="write the whole catalogue as JSON (or the entries as CSV)",
        description="Write the catalogue for other systems. JSON holds taxonomy, placeholders, sources, "
        "red-line rules, requirements and entries, in the versioned shape of catalog.schema.json (published "
        "in the site beside catalog.json). CSV holds one row per entry, lists joined with ';'.",
    )
    export.add_argument("--format", choices=["json", "csv"], default="json", help="output format (default: json)")
    export.add_argument("-o", "--output", default="-", metavar="FILE", help="file to write (default: standard output)")
    export.set_defaults(func=cmd_export)

    codes = sub.add_parser(
        "codes",
        help="print the table of problem codes (Markdown)",
        description="Print every problem code with its meaning and fix, as a Markdown table.",
    )
    codes.add_argument(
        "--update",
        metavar="FILE",
        help="write the code table and the entry field table into FILE between <!-- codes:start/end --> "
        "and <!-- fields:start/end --> markers",
    )
    codes.set_defaults(func=cmd_codes)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:  # the reader went away (e.g. `| head`): nothing more to say
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
