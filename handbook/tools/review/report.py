"""The report's sections, in the order a reviewer reads them: a summary, entries added, changed and removed
(with the two tiers of the checker on new wording), references left dangling, the reference files, and the
working tree's validation issues."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

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
    lines = ["## 话术目录审阅 (catalogue review)", "", _summary(base, commit, added, changed, removed, lost)]
    layout = _layout_only(ctx.old, ctx.new)
    if layout:
        lines += ["", _layout_line(layout)]
    elif not (added or changed or removed or _has_unreadable(ctx, lost) or top_changed(ctx)):
        lines += ["", f"目录与 {code(base)} 相同 (no changes to the catalogue)。"]
    lines += _section("新增条目 (added)", [_added(ctx, i) for i in added])
    lines += _section("修改条目 (changed)", [_changed(ctx, i) for i in changed])
    lines += _section("删除条目 (removed)", [_removed(ctx, i) for i in removed])
    lines += _section("无法读取的条目 (unreadable)", [_unreadable(ctx, lost)] if _has_unreadable(ctx, lost) else [])
    lines += _section("参考文件 (reference files)", [reference_section(ctx)] if top_changed(ctx) else [])
    # errors anywhere break CI; warnings (E113, E114) are shown only for the entries this change touches
    touched = {f"/{entry_id}.yml" for entry_id in (*added, *changed)}
    issues = [i for i in issues if i.severity != "warning" or any(i.path.endswith(t) for t in touched)]
    lines += _section(f"校验问题 (validation issues: {len(issues)})", [_issue_lines(issues, top)] if issues else [])
    return "\n".join(lines).rstrip("\n") + "\n"


def _summary(base: str, commit: str, added: list, changed: list, removed: list, lost: list) -> str:
    counts = f"新增 {len(added)} 条，修改 {len(changed)} 条，删除 {len(removed)} 条"
    english = f"{len(added)} added, {len(changed)} changed, {len(removed)} removed"
    if lost:
        counts += f"，{len(lost)} 条在工作区无法读取"
        english += f", {len(lost)} unreadable"
    return f"对比 {code(base)}（{code(commit[:12])}）与{WORKING_TREE}：{counts}（{english}）。"


def _layout_only(old: Side, new: Side) -> list[str]:
    """Entry files edited without changing their data (comments, quoting, line breaks)."""
    return [
        snapshot.path
        for entry_id, snapshot in new.entries.items()
        if old.entries.get(entry_id) == snapshot and old.entries[entry_id].raw != snapshot.raw
    ]


def _layout_line(paths: list[str], shown: int = 10) -> str:
    listed = "、".join(code(p) for p in paths[:shown]) + ("…" if len(paths) > shown else "")
    return (
        f"另有 {len(paths)} 个条目文件只改了注释或格式 ({_count(len(paths), 'file')} changed in layout only)：{listed}"
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _section(heading: str, blocks: list[list[str]]) -> list[str]:
    if not blocks:
        return []
    lines = ["", f"### {heading}"]
    for block in blocks:
        lines += ["", *block]
    return lines


def _heading(entry_id: str, data: dict[str, Any]) -> str:
    title = data.get("title")
    return f"#### {code(entry_id)}" + (f" · {md(plain(title))}" if title not in (None, "", MISSING) else "")


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


def _added(ctx: Context, entry_id: str) -> list[str]:
    entry = ctx.new.entries[entry_id]
    data = entry.data
    lines = [
        _heading(entry_id, data),
        f"- 结论 verdict：{code(plain(data.get('verdict', MISSING)))}",
        f"- 阶段 stage：{code(plain(data.get('stage', MISSING)))}",
        f"- 文件 file：{code(entry.path)}",
    ]
    if entry.path in ctx.old.unreadable:
        lines.append(f"- 注意：此文件在 {code(ctx.base)} 中无法读取 (unreadable at {code(ctx.base)})")
    return lines + _lint_lines(ctx.linter, data, _spoken(data), "红线检查 lint")


def _changed(ctx: Context, entry_id: str) -> list[str]:
    old, new = ctx.old.entries[entry_id], ctx.new.entries[entry_id]
    lines = [_heading(entry_id, new.data), f"- 文件 file：{code(new.path)}"]
    if old.path != new.path:
        lines.append(f"- 移动 moved：{code(old.path)} → {code(new.path)}{_stage_note(old.data, new.data)}")
    rows = list(field_changes(old.data, new.data))
    if rows:
        lines += ["", *_changes_table(rows, ctx.base), ""]
    else:
        lines.append("- 字段未改动 (no field changes)")
    texts = [(p, t) for p, t in _spoken(new.data) if at(old.data, p) != t]
    return lines + _lint_lines(ctx.linter, new.data, texts, "红线检查 lint（改动的文本 changed texts）")


def _stage_note(old: dict[str, Any], new: dict[str, Any]) -> str:
    before, after = old.get("stage", MISSING), new.get("stage", MISSING)
    if before == after:
        return ""
    return f"（阶段 stage：{code(plain(before))} → {code(plain(after))}）"


def _changes_table(rows: list[tuple[Pointer, Any, Any]], base: str) -> list[str]:
    table = [f"| 字段 field | 原值 {code(base, cell=True)} | 新值 {WORKING_TREE} |", "|---|---|---|"]
    for pointer, before, after in rows:
        after_cell = cell(after) + _list_delta(before, after)
        table.append(f"| {code(field_name(pointer), cell=True)} | {cell(before)} | {after_cell} |")
    return table


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


def _removed(ctx: Context, entry_id: str) -> list[str]:
    entry = ctx.old.entries[entry_id]
    lines = [_heading(entry_id, entry.data), f"- 文件 file：{code(entry.path)}"]
    pointing = [
        f"{code(other)} 的 {code(field_name(pointer))}"
        for other, snapshot in ctx.new.entries.items()
        for pointer, target, _how in references(snapshot.data)
        if target == entry_id
    ]
    if pointing:
        lines.append(f"- ⚠️ 仍被引用，校验会失败 (still referenced, fails validation with E204)：{'；'.join(pointing)}")
    return lines


def _has_unreadable(ctx: Context, lost: list[str]) -> bool:
    return bool(lost or ctx.old.unreadable)


def _unreadable(ctx: Context, lost: list[str]) -> list[str]:
    lines = [f"- {code(path)}：unreadable at {code(ctx.base)} — {md(why)}" for path, why in ctx.old.unreadable.items()]
    for entry_id in lost:
        path = ctx.old.entries[entry_id].path
        lines.append(
            f"- {code(path)}（{code(entry_id)}）：在工作区无法读取 (unreadable in the working tree) — "
            f"{md(ctx.new.unreadable[path])}"
        )
    return lines


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


def _lint_lines(linter: Linter | None, data: dict[str, Any], texts: list[tuple[Pointer, str]], label: str) -> list[str]:
    if linter is None:
        return [f"- {label}：无法运行，redlines.yml 有问题 (linter unavailable; see the validation issues)"]
    model = shipped() if data.get("verdict") != "prohibited" else None
    found = [
        f"  - {code(field_name(pointer))}：{code(f.rule)} {f.severity} — {md(f.message)} «{md(f.match)}»"
        for pointer, text in texts
        for f in check_both(linter, text, model)
        if f.severity != DISMISSED  # as `handbook lint` prints them: in its JSON only
    ]
    if not texts:
        head = "话术文本未改动 (no spoken text changed)"
    else:
        head = f"{len(found)} 处 ({_count(len(found), 'finding')})" if found else "无发现 (no findings)"
    lines = [f"- {label}：{head}", *found]
    if data.get("verdict") == "prohibited":
        lines.append(_breaks_line(linter, data))
    return lines


def _breaks_line(linter: Linter, data: dict[str, Any]) -> str:
    """For a counter-example: which of the rules it claims to break the linter detects (as E302 checks)."""
    caught = {f.rule for pointer, text in _spoken(data) if pointer[0] != "borrower" for f in linter.check(text)}
    breaks = [r for r in data.get("breaks", []) if isinstance(r, str)] if isinstance(data.get("breaks"), list) else []
    if not breaks:
        return "- 反面示例 (prohibited)：检出违规在预期之中，但没有写 `breaks` (no rules named)"
    seen = [code(r) for r in breaks if r in caught]
    missed = [code(r) for r in breaks if r not in caught]
    text = "- 反面示例 (prohibited)：检出违规在预期之中；`breaks` 中已检出 (detected) " + ("、".join(seen) or NONE)
    if missed:
        text += f"；未检出 (not detected, fails validation with E302) {'、'.join(missed)}"
    return text


# ---------------------------------------------------------------------------
# Validation issues
# ---------------------------------------------------------------------------


def _issue_lines(issues: list[Issue], top: Path) -> list[str]:
    return [f"- {code(str(_relative(issue, top)))}" for issue in issues]


def _relative(issue: Issue, top: Path) -> Issue:
    """The issue with its path relative to the repository, whatever the current directory."""
    try:
        path = Path(issue.path).resolve().relative_to(top).as_posix()
    except (ValueError, OSError):
        return issue
    return dataclasses.replace(issue, path=path)
