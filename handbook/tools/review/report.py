"""What the report says, in the order a reviewer reads it: a summary, entries added, changed and removed
(with the two tiers of the checker on new wording), references left dangling, the reference files, and the
working tree's validation issues. This module gathers them as data (`Report`); the Markdown is
tools/templates/review-report.md.j2, which escapes every catalogue text through the filters of markdown.py."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from handbook.catalog import load_catalog, references
from handbook.lint import Linter
from handbook.lint.model import DISMISSED, check_both, shipped
from handbook.load.issues import Issue
from handbook.load.schema import field_name
from handbook.load.yamlfile import Pointer

from .fields import at, field_changes
from .markdown import NONE, cell, code, md, plain, short
from .references import reference_section, top_changed
from .sides import MISSING, WORKING_TREE, Context, Side, base_files, folder_in, read_side, resolve, toplevel, tree_files

# ---------------------------------------------------------------------------
# The report
# ---------------------------------------------------------------------------


TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@dataclass
class Finding:
    field: str
    rule: str
    severity: str
    message: str
    match: str


@dataclass
class Breaks:
    """For a counter-example: which of the rules it names in `breaks` the rules detect (as E302 checks)."""

    named: bool
    seen: list[str]
    missed: list[str]


@dataclass
class Lint:
    """Both tiers of the checker on the spoken texts an entry adds or changes."""

    label: str
    available: bool
    texts: bool  # False: no spoken text changed
    found: list[Finding] = field(default_factory=list)
    breaks: Breaks | None = None


@dataclass
class Row:
    field: str
    before: Any
    after: Any
    delta: str  # Markdown, escaped: the items a list gained and lost


@dataclass
class Shown:
    """One entry of the report (added, changed or removed); what a section does not need stays empty."""

    id: str
    title: str | None
    path: str
    verdict: str = ""
    stage: str = ""
    unreadable_at_base: bool = False
    moved_from: str | None = None
    stages: tuple[str, str] | None = None  # (before, after) when a move changed the stage
    rows: list[Row] = field(default_factory=list)
    pointing: list[tuple[str, str]] = field(default_factory=list)  # (entry id, field) still naming it
    lint: Lint | None = None


@dataclass
class Report:
    base: str
    commit: str
    added: list[Shown]
    changed: list[Shown]
    removed: list[Shown]
    lost: list[tuple[str, str, str]]  # (entry id, path, why) of files that no longer parse
    unreadable: dict[str, str]  # path -> why, at the base revision
    layout: list[str]  # entry files changed in comments or layout only
    unchanged: bool
    references: list[str]  # Markdown lines, escaped
    issues: list[str]


def review_report(project: Path, base: str, catalog_dir: str = "scripts_catalog") -> str:
    """Markdown comparing the catalogue at git revision `base` with the one in the working tree of `project`.

    Raises ValueError when `project` is not a git checkout, when the catalogue folder lies outside
    it, or when `base` names no commit.
    """
    top = toplevel(project)
    root = (project / catalog_dir).resolve()
    folder = folder_in(top, root)
    commit = resolve(top, base)
    catalog, issues = load_catalog(root)
    ctx = Context(
        base=base,
        old=read_side(base_files(top, commit, folder), folder, f"{base}:"),
        new=read_side(tree_files(root, top, folder), folder, ""),
        linter=catalog.linter if catalog is not None else None,
    )
    stages = list(catalog.vocab["stages"]) if catalog is not None else []
    added, changed, removed, lost = _compare(ctx.old, ctx.new, stages)
    # errors anywhere break CI; warnings (E113, E114) are shown only for the entries this change touches
    touched = {f"/{entry_id}.yml" for entry_id in (*added, *changed)}
    shown_issues = [i for i in issues if i.severity != "warning" or any(i.path.endswith(t) for t in touched)]
    report = Report(
        base=base,
        commit=commit,
        added=[_added(ctx, i) for i in added],
        changed=[_changed(ctx, i) for i in changed],
        removed=[_removed(ctx, i) for i in removed],
        lost=[(i, ctx.old.entries[i].path, ctx.new.unreadable[ctx.old.entries[i].path]) for i in lost],
        unreadable=dict(ctx.old.unreadable),
        layout=_layout_only(ctx.old, ctx.new),
        unchanged=not (added or changed or removed or lost or ctx.old.unreadable or top_changed(ctx)),
        references=reference_section(ctx) if top_changed(ctx) else [],
        issues=[str(_relative(issue, top)) for issue in shown_issues],
    )
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(md=md, code=code, cell=cell)
    text = env.get_template("review-report.md.j2").render(r=report, working_tree=WORKING_TREE, none=NONE)
    return text.rstrip("\n") + "\n"


def _layout_only(old: Side, new: Side) -> list[str]:
    """Entry files edited without changing their data (comments, quoting, line breaks)."""
    return [
        snapshot.path
        for entry_id, snapshot in new.entries.items()
        if old.entries.get(entry_id) == snapshot and old.entries[entry_id].raw != snapshot.raw
    ]


def _title(data: dict[str, Any]) -> str | None:
    title = data.get("title")
    return None if title in (None, "", MISSING) else plain(title)


# ---------------------------------------------------------------------------
# Entries: added, changed, removed
# ---------------------------------------------------------------------------


def _compare(old: Side, new: Side, stages: list[str]) -> tuple[list[str], list[str], list[str], list[str]]:
    """Ids added, changed, removed, and removed only because their file no longer parses; in stage order."""

    def order(ids: list[str], side: Side) -> list[str]:
        def key(entry_id: str) -> tuple[int, str]:
            stage = side.entries[entry_id].data.get("stage")
            return (stages.index(stage) if stage in stages else len(stages), side.entries[entry_id].path)

        return sorted(ids, key=key)

    added = [i for i in new.entries if i not in old.entries]
    changed = [i for i in new.entries if i in old.entries and old.entries[i] != new.entries[i]]
    gone = [i for i in old.entries if i not in new.entries]
    lost = [i for i in gone if old.entries[i].path in new.unreadable]
    removed = [i for i in gone if i not in lost]
    return order(added, new), order(changed, new), order(removed, old), order(lost, old)


def _added(ctx: Context, entry_id: str) -> Shown:
    entry = ctx.new.entries[entry_id]
    data = entry.data
    return Shown(
        entry_id,
        _title(data),
        entry.path,
        verdict=plain(data.get("verdict", MISSING)),
        stage=plain(data.get("stage", MISSING)),
        unreadable_at_base=entry.path in ctx.old.unreadable,
        lint=_lint(ctx.linter, data, _spoken(data), "红线检查 lint"),
    )


def _changed(ctx: Context, entry_id: str) -> Shown:
    old, new = ctx.old.entries[entry_id], ctx.new.entries[entry_id]
    before, after = old.data.get("stage", MISSING), new.data.get("stage", MISSING)
    texts = [(p, t) for p, t in _spoken(new.data) if at(old.data, p) != t]
    return Shown(
        entry_id,
        _title(new.data),
        new.path,
        moved_from=old.path if old.path != new.path else None,
        stages=(plain(before), plain(after)) if before != after else None,
        rows=[
            Row(field_name(pointer), before, after, _list_delta(before, after))
            for pointer, before, after in field_changes(old.data, new.data)
        ],
        lint=_lint(ctx.linter, new.data, texts, "红线检查 lint（改动的文本 changed texts）"),
    )


def _list_delta(before: Any, after: Any) -> str:
    """For two lists of plain values (tags, related …): the items added and removed, e.g. （+ 协商；− 分期）."""
    if not (isinstance(before, list) and isinstance(after, list)):
        return ""
    old, new = [plain(v) for v in before], [plain(v) for v in after]
    parts = []
    if added := [v for v in new if v not in old]:
        parts.append("+ " + ", ".join(md(short(v)) for v in added))
    if removed := [v for v in old if v not in new]:
        parts.append("− " + ", ".join(md(short(v)) for v in removed))
    return f"（{'；'.join(parts)}）" if parts else "（顺序调整 reordered）"


def _removed(ctx: Context, entry_id: str) -> Shown:
    entry = ctx.old.entries[entry_id]
    pointing = [
        (other, field_name(pointer))
        for other, snapshot in ctx.new.entries.items()
        for pointer, target, _how in references(snapshot.data)
        if target == entry_id
    ]
    return Shown(entry_id, _title(entry.data), entry.path, pointing=pointing)


# ---------------------------------------------------------------------------
# The linter on what the collector says
# ---------------------------------------------------------------------------


def _spoken(data: dict[str, Any]) -> list[tuple[Pointer, str]]:
    """Phrase, variants and borrower replies, skipping values of the wrong type."""
    texts: list[tuple[Pointer, str]] = []
    if isinstance(data.get("phrase"), str):
        texts.append((("phrase",), data["phrase"]))
    variants = data.get("variants")
    for i, variant in enumerate(variants if isinstance(variants, list) else []):
        if isinstance(variant, str):
            texts.append((("variants", i), variant))
    borrower = data.get("borrower")
    for i, line in enumerate(borrower if isinstance(borrower, list) else []):
        if isinstance(line, dict) and isinstance(line.get("reply"), str):
            texts.append((("borrower", i, "reply"), line["reply"]))
    return texts


def _lint(linter: Linter | None, data: dict[str, Any], texts: list[tuple[Pointer, str]], label: str) -> Lint:
    if linter is None:
        return Lint(label, available=False, texts=bool(texts))
    model = shipped() if data.get("verdict") != "prohibited" else None
    found = [
        Finding(field_name(pointer), f.rule, f.severity, f.message, f.match)
        for pointer, text in texts
        for f in check_both(linter, text, model)
        if f.severity != DISMISSED  # as `handbook lint` prints them: in its JSON only
    ]
    breaks = _breaks(linter, data) if data.get("verdict") == "prohibited" else None
    return Lint(label, available=True, texts=bool(texts), found=found, breaks=breaks)


def _breaks(linter: Linter, data: dict[str, Any]) -> Breaks:
    caught = {f.rule for pointer, text in _spoken(data) if pointer[0] != "borrower" for f in linter.check(text)}
    breaks = [r for r in data.get("breaks", []) if isinstance(r, str)] if isinstance(data.get("breaks"), list) else []
    return Breaks(bool(breaks), [r for r in breaks if r in caught], [r for r in breaks if r not in caught])


# ---------------------------------------------------------------------------
# Validation issues
# ---------------------------------------------------------------------------


def _relative(issue: Issue, top: Path) -> Issue:
    """The issue with its path relative to the repository, whatever the current directory."""
    try:
        path = Path(issue.path).resolve().relative_to(top).as_posix()
    except (ValueError, OSError):
        return issue
    return dataclasses.replace(issue, path=path)
