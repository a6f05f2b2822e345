"""The `handbook` command: validate, scaffold, format, lint, review, export and report on the catalogue, and
audit calls and call logs against its red lines."""

from __future__ import annotations

import argparse
import sys

from handbook.catalog import freshness

from . import audit
from .commands import (
    DEFAULT_CATALOG,
    cmd_codes,
    cmd_corpus,
    cmd_diff,
    cmd_export,
    cmd_fmt,
    cmd_lint,
    cmd_new,
    cmd_stale,
    cmd_validate,
)


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
        description="Copy _definitions/template.yml to scripts_catalog/STAGE/ID.yml with the id and stage filled in. "
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

    audit.add_parser(sub)
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
