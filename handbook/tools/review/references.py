"""The reference files of the catalogue (taxonomy, red lines, sources …): what changed in each, item by item."""

from __future__ import annotations

from typing import Any

import yaml

from handbook.catalog import REFERENCE_FILES

from .markdown import code, md, plain, short
from .sides import MISSING, Context

# ---------------------------------------------------------------------------
# Reference files
# ---------------------------------------------------------------------------


def top_changed(ctx: Context) -> bool:
    return any(ctx.old.top.get(n) != ctx.new.top.get(n) for n in {*ctx.old.top, *ctx.new.top})


def reference_section(ctx: Context) -> list[str]:
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
    return f"{md(short(plain(old)))} → {md(short(plain(new)))}"


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
            out.append(f"{md(str(name))}：{md(short(plain(before), 40))} → {md(short(plain(after), 40))}")
        else:
            out.append(md(str(name)))
    return "，".join(out)


def _by_value(old: list[Any], new: list[Any]) -> str:
    before = {plain(item): item for item in old}
    after = {plain(item): item for item in new}
    parts = []
    if added := [k for k in after if k not in before]:
        parts.append("新增 (added) " + "、".join(md(short(k)) for k in added))
    if removed := [k for k in before if k not in after]:
        parts.append("删除 (removed) " + "、".join(md(short(k)) for k in removed))
    return "；".join(parts) or "顺序调整 (reordered)"
