"""Review report for a pull request: how the catalogue changed since a git revision, as Markdown.

`review_report(project, base)` reads the catalogue as it stood at `base` straight out of git
(`git ls-tree` and `git cat-file`; nothing is checked out) and compares it with the working tree:
entries added, changed field by field and removed, matched by `id`; what the red-line linter finds
in new or changed wording; references left pointing at removed entries; changes to the reference
files; and the working tree's validation issues. Every text taken from the catalogue is escaped, so
the report can be posted as a pull-request comment as it is.
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from .catalog import REFERENCE_FILES, load_catalog, references
from .issues import Issue
from .lint import Linter
from .model import DISMISSED, check_both, shipped
from .schema import field_name
from .yamlfile import MAX_BYTES, Pointer, decode, parse_yaml

GIT_TIMEOUT = 120
SHORT = 80  # characters of a value shown in a table cell
TEXT_LISTS = {"variants"}  # lists of texts compared item by item; other lists of plain values as a whole
NONE = "（无）"
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


@dataclass
class _Context:
    base: str
    old: Side
    new: Side
    linter: Linter | None


# ---------------------------------------------------------------------------
# The report
# ---------------------------------------------------------------------------


def review_report(project: Path, base: str, catalog_dir: str = "scripts_catalog") -> str:
    """Markdown comparing the catalogue at git revision `base` with the one in the working tree of `project`.

    Raises ValueError when `project` is not a git checkout, when the catalogue folder lies outside
    it, or when `base` names no commit.
    """
    top = _toplevel(project)
    root = (project / catalog_dir).resolve()
    folder = _folder_in(top, root)
    commit = _resolve(top, base)
    catalog, issues = load_catalog(root)
    ctx = _Context(
        base=base,
        old=_side(_base_files(top, commit, folder), folder, f"{base}:"),
        new=_side(_tree_files(root, top, folder), folder, ""),
        linter=catalog.linter if catalog is not None else None,
    )
    stages = list(catalog.vocab["stages"]) if catalog is not None else []
    added, changed, removed, lost = _compare(ctx.old, ctx.new, stages)
    lines = ["## 话术目录审阅 (catalogue review)", "", _summary(base, commit, added, changed, removed, lost)]
    layout = _layout_only(ctx.old, ctx.new)
    if layout:
        lines += ["", _layout_line(layout)]
    elif not (added or changed or removed or _has_unreadable(ctx, lost) or _top_changed(ctx)):
        lines += ["", f"目录与 {code(base)} 相同 (no changes to the catalogue)。"]
    lines += _section("新增条目 (added)", [_added(ctx, i) for i in added])
    lines += _section("修改条目 (changed)", [_changed(ctx, i) for i in changed])
    lines += _section("删除条目 (removed)", [_removed(ctx, i) for i in removed])
    lines += _section("无法读取的条目 (unreadable)", [_unreadable(ctx, lost)] if _has_unreadable(ctx, lost) else [])
    lines += _section("参考文件 (reference files)", [_reference_section(ctx)] if _top_changed(ctx) else [])
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
    return f"#### {code(entry_id)}" + (f" · {md(_plain(title))}" if title not in (None, "", MISSING) else "")


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


def _added(ctx: _Context, entry_id: str) -> list[str]:
    entry = ctx.new.entries[entry_id]
    data = entry.data
    lines = [
        _heading(entry_id, data),
        f"- 结论 verdict：{code(_plain(data.get('verdict', MISSING)))}",
        f"- 阶段 stage：{code(_plain(data.get('stage', MISSING)))}",
        f"- 文件 file：{code(entry.path)}",
    ]
    if entry.path in ctx.old.unreadable:
        lines.append(f"- 注意：此文件在 {code(ctx.base)} 中无法读取 (unreadable at {code(ctx.base)})")
    return lines + _lint_lines(ctx.linter, data, _spoken(data), "红线检查 lint")


def _changed(ctx: _Context, entry_id: str) -> list[str]:
    old, new = ctx.old.entries[entry_id], ctx.new.entries[entry_id]
    lines = [_heading(entry_id, new.data), f"- 文件 file：{code(new.path)}"]
    if old.path != new.path:
        lines.append(f"- 移动 moved：{code(old.path)} → {code(new.path)}{_stage_note(old.data, new.data)}")
    rows = list(field_changes(old.data, new.data))
    if rows:
        lines += ["", *_changes_table(rows, ctx.base), ""]
    else:
        lines.append("- 字段未改动 (no field changes)")
    texts = [(p, t) for p, t in _spoken(new.data) if _at(old.data, p) != t]
    return lines + _lint_lines(ctx.linter, new.data, texts, "红线检查 lint（改动的文本 changed texts）")


def _stage_note(old: dict[str, Any], new: dict[str, Any]) -> str:
    before, after = old.get("stage", MISSING), new.get("stage", MISSING)
    if before == after:
        return ""
    return f"（阶段 stage：{code(_plain(before))} → {code(_plain(after))}）"


def _changes_table(rows: list[tuple[Pointer, Any, Any]], base: str) -> list[str]:
    table = [f"| 字段 field | 原值 {code(base, cell=True)} | 新值 {WORKING_TREE} |", "|---|---|---|"]
    for pointer, before, after in rows:
        after_cell = _cell(after) + _list_delta(before, after)
        table.append(f"| {code(field_name(pointer), cell=True)} | {_cell(before)} | {after_cell} |")
    return table


def _list_delta(before: Any, after: Any) -> str:
    """For two lists of plain values (tags, related …): the items added and removed, e.g. （+ 协商；− 分期）."""
    if not (isinstance(before, list) and isinstance(after, list)):
        return ""
    old, new = [_plain(v) for v in before], [_plain(v) for v in after]
    parts = []
    if added := [v for v in new if v not in old]:
        parts.append("+ " + ", ".join(md(_short(v)) for v in added))
    if removed := [v for v in old if v not in new]:
        parts.append("− " + ", ".join(md(_short(v)) for v in removed))
    return f"（{'；'.join(parts)}）" if parts else "（顺序调整 reordered）"


def _removed(ctx: _Context, entry_id: str) -> list[str]:
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


def _has_unreadable(ctx: _Context, lost: list[str]) -> bool:
    return bool(lost or ctx.old.unreadable)


def _unreadable(ctx: _Context, lost: list[str]) -> list[str]:
    lines = [f"- {code(path)}：unreadable at {code(ctx.base)} — {md(why)}" for path, why in ctx.old.unreadable.items()]
    for entry_id in lost:
        path = ctx.old.entries[entry_id].path
        lines.append(
            f"- {code(path)}（{code(entry_id)}）：在工作区无法读取 (unreadable in the working tree) — "
            f"{md(ctx.new.unreadable[path])}"
        )
    return lines


# ---------------------------------------------------------------------------
# Field-level differences
# ---------------------------------------------------------------------------


def field_changes(old: Any, new: Any, pointer: Pointer = ()) -> Iterator[tuple[Pointer, Any, Any]]:
    """(pointer, old value, new value) for every field that differs; MISSING where a side lacks it.

    Mappings are compared key by key, lists of mappings and `variants` item by item, any other
    list (tags, channels, related …) as one value.
    """
    if old == new:
        return
    if _both(old, new, dict):
        for key in dict.fromkeys([*_keys(old), *_keys(new)]):
            yield from field_changes(_get(old, key), _get(new, key), pointer + (key,))
    elif _both(old, new, list) and _itemwise(old, new, pointer):
        for i in range(max(_length(old), _length(new))):
            yield from field_changes(_get(old, i), _get(new, i), pointer + (i,))
    else:
        yield pointer, old, new


def _both(old: Any, new: Any, kind: type) -> bool:
    """Both values are of `kind` or missing, and at least one is there."""
    return all(v is MISSING or isinstance(v, kind) for v in (old, new)) and (old is not MISSING or new is not MISSING)


def _itemwise(old: Any, new: Any, pointer: Pointer) -> bool:
    items = [*(old if old is not MISSING else []), *(new if new is not MISSING else [])]
    return (bool(pointer) and pointer[-1] in TEXT_LISTS) or any(isinstance(item, dict) for item in items)


def _keys(value: Any) -> list[Any]:
    return [] if value is MISSING else list(value)


def _length(value: Any) -> int:
    return 0 if value is MISSING else len(value)


def _get(value: Any, key: Any) -> Any:
    if isinstance(value, dict):
        return value.get(key, MISSING)
    if isinstance(value, list) and isinstance(key, int) and 0 <= key < len(value):
        return value[key]
    return MISSING


def _at(data: Any, pointer: Pointer) -> Any:
    for key in pointer:
        data = _get(data, key)
    return data


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
# Reference files
# ---------------------------------------------------------------------------


def _top_changed(ctx: _Context) -> bool:
    return any(ctx.old.top.get(n) != ctx.new.top.get(n) for n in {*ctx.old.top, *ctx.new.top})


def _reference_section(ctx: _Context) -> list[str]:
    old, new = ctx.old.top, ctx.new.top
    names = [*REFERENCE_FILES, *sorted(n for n in {*old, *new} if n not in REFERENCE_FILES)]
    lines = []
    for name in names:
        before, after = old.get(name), new.get(name)
        if before == after:
            continue
        if before is None:
            lines.append(f"- {code(name)}：新增 (added; not at {code(ctx.base)})")
        elif after is None:
            lines.append(f"- {code(name)}：已删除 (removed)")
        else:
            lines.append(f"- {code(name)}：已修改 (changed)")
            if name in REFERENCE_FILES:
                lines += [f"  - {line}" for line in _reference_details(before, after, ctx.base)]
    return lines


def _reference_details(before: bytes, after: bytes, base: str) -> list[str]:
    old, new = _load_plain(before), _load_plain(after)
    if old is MISSING:
        return [f"unreadable at {code(base)}"]
    if new is MISSING:
        return ["在工作区无法读取 (unreadable in the working tree; see the validation issues)"]
    if old == new:
        return ["只改了注释或格式 (comments or layout only)"]
    if not (isinstance(old, dict) and isinstance(new, dict)):
        return [_describe(old, new)]
    return [
        f"{code(key)}：{_describe(old.get(key, MISSING), new.get(key, MISSING))}"
        for key in dict.fromkeys([*old, *new])
        if old.get(key, MISSING) != new.get(key, MISSING)
    ]


def _load_plain(raw: bytes) -> Any:
    try:
        return yaml.safe_load(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, yaml.YAMLError):
        return MISSING


def _describe(old: Any, new: Any) -> str:
    """One line on how a top-level value of a reference file changed."""
    if old is MISSING:
        return "新增 (added)"
    if new is MISSING:
        return "删除 (removed)"
    if isinstance(old, list) and isinstance(new, list):
        key = _identity([*old, *new])
        return _by_id(old, new, key) if key else _by_value(old, new)
    if isinstance(old, dict) and isinstance(new, dict):
        return _by_key(old, new)
    return f"{md(_short(_plain(old)))} → {md(_short(_plain(new)))}"


def _identity(items: list[Any]) -> str | None:
    """The key that names each item (`id`, or `name` for placeholders), if every item has one."""
    for key in ("id", "name"):
        if items and all(isinstance(i, dict) and isinstance(i.get(key), str | int) for i in items):
            return key
    return None


def _by_key(old: dict[Any, Any], new: dict[Any, Any]) -> str:
    """Keys added, removed and changed in a mapping such as `terms`."""
    parts = []
    for label, keys in (
        ("新增 (added)", [k for k in new if k not in old]),
        ("删除 (removed)", [k for k in old if k not in new]),
        ("修改 (changed)", [k for k in new if k in old and old[k] != new[k]]),
    ):
        if keys:
            parts.append(f"{label} " + "、".join(code(str(k)) for k in keys))
    return "；".join(parts)


def _by_id(old: list[dict[str, Any]], new: list[dict[str, Any]], key: str) -> str:
    before = {item[key]: item for item in old}
    after = {item[key]: item for item in new}
    parts = []
    if added := [i for i in after if i not in before]:
        parts.append("新增 (added) " + "、".join(code(str(i)) for i in added))
    if removed := [i for i in before if i not in after]:
        parts.append("删除 (removed) " + "、".join(code(str(i)) for i in removed))
    if changed := [i for i in after if i in before and before[i] != after[i]]:
        parts.append(
            "修改 (changed) " + "；".join(f"{code(str(i))}（{_fields(before[i], after[i])}）" for i in changed)
        )
    return "；".join(parts) or "顺序调整 (reordered)"


def _fields(old: dict[str, Any], new: dict[str, Any]) -> str:
    """Which fields of one item changed; short plain values with old → new."""
    out = []
    for name in dict.fromkeys([*old, *new]):
        before, after = old.get(name, MISSING), new.get(name, MISSING)
        if before == after:
            continue
        if not isinstance(before, list | dict) and not isinstance(after, list | dict):
            out.append(f"{md(str(name))}：{md(_short(_plain(before), 40))} → {md(_short(_plain(after), 40))}")
        else:
            out.append(md(str(name)))
    return "，".join(out)


def _by_value(old: list[Any], new: list[Any]) -> str:
    before = {_plain(item): item for item in old}
    after = {_plain(item): item for item in new}
    parts = []
    if added := [k for k in after if k not in before]:
        parts.append("新增 (added) " + "、".join(md(_short(k)) for k in added))
    if removed := [k for k in before if k not in after]:
        parts.append("删除 (removed) " + "、".join(md(_short(k)) for k in removed))
    return "；".join(parts) or "顺序调整 (reordered)"


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


# ---------------------------------------------------------------------------
# Markdown
# ---------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~&$!])")


def _flat(text: str) -> str:
    """One line: line breaks shown as ↵, tabs as spaces."""
    return re.sub(r"\r\n|\r|\n", " ↵ ", text).replace("\t", " ")


def md(text: str) -> str:
    """`text` as literal Markdown on one line, safe in a table cell: every markup character escaped."""
    return _MD_SPECIAL.sub(r"\\\1", _flat(text))


def code(text: str, *, cell: bool = False) -> str:
    """`text` as an inline code span on one line, fenced longer than any backtick run inside it."""
    flat = _flat(text)
    if not flat.strip():
        return md(repr(text))
    fence = "`" * (max((len(run) for run in re.findall(r"`+", flat)), default=0) + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    span = f"{fence}{pad}{flat}{pad}{fence}"
    return span.replace("|", "\\|") if cell else span


def _short(text: str, limit: int = SHORT) -> str:
    flat = _flat(text)
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _plain(value: Any) -> str:
    """A value as plain text: lists as [a, b], mappings as {key: value}, YAML spellings of true and null."""
    if value is MISSING:
        return NONE
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, list):
        return "[" + ", ".join(_plain(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_plain(v)}" for k, v in value.items()) + "}"
    return str(value)


def _cell(value: Any) -> str:
    """A table cell: long texts shortened, lists of plain values in full (their items shortened)."""
    if value is MISSING:
        return NONE
    if value == "":
        return "（空）"
    if isinstance(value, list) and not any(isinstance(v, list | dict) for v in value):
        return md("[" + ", ".join(_short(_plain(v)) for v in value) + "]")
    return md(_short(_plain(value)))


# ---------------------------------------------------------------------------
# Reading both sides
# ---------------------------------------------------------------------------


def _side(files: dict[str, bytes], folder: str, shown_prefix: str) -> Side:
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
    if len(parts) == 1:
        return "top"
    return "entry" if parts[-1].endswith(".yml") and not parts[-1].startswith("_") else None


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


def _tree_files(root: Path, top: Path, folder: str) -> dict[str, bytes]:
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


def _toplevel(project: Path) -> Path:
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


def _folder_in(top: Path, root: Path) -> str:
    try:
        return root.relative_to(top).as_posix()
    except ValueError:
        raise ValueError(f"the catalogue folder {root} is outside the git checkout {top}") from None


def _resolve(top: Path, base: str) -> str:
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


def _base_files(top: Path, commit: str, folder: str) -> dict[str, bytes]:
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
