"""The pull-request review report: a real git repository in a temporary folder, real edits, the exact Markdown."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import FIXTURES, make_catalog

from handbook.tools.review import review_report

GIT = [
    "git",
    "-c",
    "user.name=Review Test",
    "-c",
    "user.email=review@example.com",
    "-c",
    "commit.gpgsign=false",
    "-c",
    "init.defaultBranch=main",
]
INSTALMENT = "scripts_catalog/negotiation/offer-instalment-plan.yml"
PARENTS = "scripts_catalog/negotiation/pressure-through-parents.yml"
HOSTILE = "scripts_catalog/opening/hostile-text-sample.yml"
NEW_ENTRY = """\
id: ask-good-time
title: 询问现在是否方便通话
stage: opening
channels: [phone]
overdue: [d1-5]
scenarios: [first-contact]
verdict: recommended
phrase: 您好，我是{机构名称}的{催收员姓名}，本次通话会录音。请问现在方便说几句吗？
purpose: 先问对方现在是否方便，尊重对方的时间，通话更顺利。
compliance:
  - rule: RL-IDENTITY
    note: 开口先报机构和姓名。
related: [pressure-through-parents]
tags: [开场白]
sources: [seed-001]
reviewed: {on: 2026-11-23, by: compliance}
"""
DETECTED = "- 反面示例 (prohibited)：检出违规在预期之中；`breaks` 中已检出 (detected) "
LONG_TAIL = "我们也可以根据您每个月的收入情况，重新商量一个更合适的还款日期和每期金额，方便您按时还上这笔钱。"


def git(project: Path, *args: str) -> str:
    result = subprocess.run([*GIT, *args], cwd=project, capture_output=True, text=True, timeout=60, check=True)
    return result.stdout.strip()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A git checkout whose only commit holds the 4 fixture entries and the real reference files."""
    root = tmp_path / "project"
    make_catalog(root / "scripts_catalog", FIXTURES / "site")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    return root


def set_field(path: Path, key: str, text: str) -> None:
    """Replace the top-level field `key` of an entry (its line and indented lines below) with `text`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
    end = next((i for i in range(index + 1, len(lines)) if not lines[i].startswith(" ")), len(lines))
    lines[index:end] = text.splitlines()
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def field(path: Path, key: str) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))[key]


def edit_yaml(path: Path, change: Callable[[Any], None]) -> None:
    """Load a reference file, change its data, write it back (comments dropped, no aliases)."""

    class Dumper(yaml.SafeDumper):
        def ignore_aliases(self, data: Any) -> bool:
            return True

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


def section(report: str, heading: str) -> list[str]:
    """The non-blank lines under `### heading`, up to the next `### ` heading."""
    lines = report.splitlines()
    start = lines.index(f"### {heading}") + 1
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("### ")), len(lines))
    return [line for line in lines[start:end] if line.strip()]


def headings(report: str) -> list[str]:
    return [line for line in report.splitlines() if line.startswith("### ")]


def test_report_lists_added_changed_removed_entries_and_rule_changes(project: Path):
    catalog = project / "scripts_catalog"
    commit = git(project, "rev-parse", "HEAD")
    (catalog / "opening" / "ask-good-time.yml").write_text(NEW_ENTRY, encoding="utf-8")
    old_phrase = field(project / INSTALMENT, "phrase")
    new_phrase = old_phrase + LONG_TAIL
    set_field(project / INSTALMENT, "phrase", f"phrase: {new_phrase}")
    set_field(project / INSTALMENT, "tags", "tags: [分期还款, 协商还款]")
    (project / PARENTS).unlink()  # ask-good-time still names it in `related`
    rule = yaml.safe_load((catalog / "_definitions" / "redlines.yml").read_text(encoding="utf-8"))["rules"][0]
    redlines = (catalog / "_definitions" / "redlines.yml").read_text(encoding="utf-8")
    at = redlines.index(f"- id: {rule['id']}\n")
    title_line = f"title: {rule['title']}\n"
    assert title_line in redlines[at : at + 200]
    cut = redlines.index(title_line, at)
    (catalog / "_definitions" / "redlines.yml").write_text(
        redlines[:cut] + "title: 夜里绝不联系借款人\n" + redlines[cut + len(title_line) :], encoding="utf-8"
    )

    report = review_report(project, "HEAD")

    assert report.splitlines()[:3] == [
        "## 话术目录审阅 (catalogue review)",
        "",
        f"对比 `HEAD`（`{commit[:12]}`）与工作区 (working tree)：新增 1 条，修改 1 条，删除 1 条"
        "（1 added, 1 changed, 1 removed）。",
    ]
    assert headings(report) == [
        "### 新增条目 (added)",
        "### 修改条目 (changed)",
        "### 删除条目 (removed)",
        "### 参考文件 (reference files)",
        "### 校验问题 (validation issues: 1)",
    ]
    assert section(report, "新增条目 (added)") == [
        "#### `ask-good-time` · 询问现在是否方便通话",
        "- 结论 verdict：`recommended`",
        "- 阶段 stage：`opening`",
        "- 文件 file：`scripts_catalog/opening/ask-good-time.yml`",
        "- 红线检查 lint：无发现 (no findings)",
    ]
    assert len(new_phrase) > 80
    assert section(report, "修改条目 (changed)") == [
        "#### `offer-instalment-plan` · 按能力提出分期方案",
        f"- 文件 file：`{INSTALMENT}`",
        "| 字段 field | 原值 `HEAD` | 新值 工作区 (working tree) |",
        "|---|---|---|",
        f"| `phrase` | {old_phrase} | {new_phrase[:79]}… |",
        r"| `tags` | \[分期还款\] | \[分期还款, 协商还款\]（+ 协商还款） |",
        "- 红线检查 lint（改动的文本 changed texts）：无发现 (no findings)",
    ]
    assert section(report, "删除条目 (removed)") == [
        "#### `pressure-through-parents` · 让父母代为还款（禁止）",
        f"- 文件 file：`{PARENTS}`",
        "- ⚠️ 仍被引用，校验会失败 (still referenced, fails validation with E204)：`ask-good-time` 的 `related[0]`",
    ]
    assert section(report, "参考文件 (reference files)") == [
        "- `redlines.yml`：已修改 (changed)",
        f"  - `rules`：修改 (changed) `{rule['id']}`（title：{rule['title']} → 夜里绝不联系借款人）",
    ]
    assert section(report, "校验问题 (validation issues: 1)") == [
        "- `scripts_catalog/opening/ask-good-time.yml:13:11: E204 'related[0]' names 'pressure-through-parents', "
        "which is no entry`"
    ]


def test_changed_phrase_that_crosses_a_red_line_shows_rule_and_matched_text(project: Path):
    set_field(project / INSTALMENT, "phrase", "phrase: 如果一次还清有困难，可以申请分期；再不还就让你坐牢。")

    report = review_report(project, "HEAD")

    changed = section(report, "修改条目 (changed)")
    lint = changed[changed.index("- 红线检查 lint（改动的文本 changed texts）：1 处 (1 finding)") + 1]
    assert re.fullmatch(r"  - `phrase`：`RL-FALSE-LEGAL` blocking — \S.* «坐牢»", lint), lint
    issues = section(report, "校验问题 (validation issues: 1)")
    assert issues[0].startswith(f"- `{INSTALMENT}:9:9: E301 RL-FALSE-LEGAL"), issues


def test_added_counter_example_says_which_broken_rules_were_detected(project: Path):
    kept = (project / PARENTS).read_text(encoding="utf-8")
    git(project, "rm", "-q", PARENTS)
    git(project, "commit", "-q", "-m", "without the counter-example")
    (project / PARENTS).write_text(kept, encoding="utf-8")

    added = section(review_report(project, "HEAD"), "新增条目 (added)")

    assert added[:5] == [
        "#### `pressure-through-parents` · 让父母代为还款（禁止）",
        "- 结论 verdict：`prohibited`",
        "- 阶段 stage：`negotiation`",
        f"- 文件 file：`{PARENTS}`",
        "- 红线检查 lint：2 处 (2 findings)",
    ]
    assert [line.split(" — ")[0] for line in added[5:7]] == [
        "  - `phrase`：`RL-THIRD-PARTY` blocking",
        "  - `phrase`：`RL-RELATIVE-LIABILITY` blocking",
    ]
    assert added[7:] == [DETECTED + "`RL-THIRD-PARTY`、`RL-RELATIVE-LIABILITY`"]


def test_counter_example_missing_a_broken_rule_is_flagged(project: Path):
    set_field(project / PARENTS, "breaks", "breaks: [RL-THIRD-PARTY, RL-RELATIVE-LIABILITY, RL-TIME]")

    changed = section(review_report(project, "HEAD"), "修改条目 (changed)")

    old, new = r"\[RL-THIRD-PARTY, RL-RELATIVE-LIABILITY\]", r"\[RL-THIRD-PARTY, RL-RELATIVE-LIABILITY, RL-TIME\]"
    assert f"| `breaks` | {old} | {new}（+ RL-TIME） |" in changed
    assert changed[-2:] == [
        "- 红线检查 lint（改动的文本 changed texts）：话术文本未改动 (no spoken text changed)",
        DETECTED + "`RL-THIRD-PARTY`、`RL-RELATIVE-LIABILITY`"
        "；未检出 (not detected, fails validation with E302) `RL-TIME`",
    ]


def test_entry_moved_to_another_stage_is_changed_with_its_stage(project: Path):
    moved = "scripts_catalog/closing/hostile-text-sample.yml"
    (project / moved).parent.mkdir()
    shutil.move(project / HOSTILE, project / moved)
    set_field(project / moved, "stage", "stage: closing")

    report = review_report(project, "HEAD")

    assert "新增 0 条，修改 1 条，删除 0 条（0 added, 1 changed, 0 removed）" in report
    assert section(report, "修改条目 (changed)") == [
        r"#### `hostile-text-sample` · 转义\</title\>\<script\>alert(1)\</script\>",
        f"- 文件 file：`{moved}`",
        f"- 移动 moved：`{HOSTILE}` → `{moved}`（阶段 stage：`opening` → `closing`）",
        "| 字段 field | 原值 `HEAD` | 新值 工作区 (working tree) |",
        "|---|---|---|",
        "| `stage` | opening | closing |",
        "- 红线检查 lint（改动的文本 changed texts）：话术文本未改动 (no spoken text changed)",
    ]


def test_table_cells_keep_pipes_newlines_backticks_and_angle_brackets_in_one_cell(project: Path):
    set_field(project / HOSTILE, "phrase", "phrase: |-\n  第一行 | 竖线 `代码` <b>粗体</b>\n  第二行 {机构名称}")
    set_field(project / HOSTILE, "borrower", "borrower:\n  - says: 你是谁｜哪里的？\n    reply: 我是{机构名称}的。")
    set_field(project / HOSTILE, "tags", 'tags: ["a|b"]')

    changed = section(review_report(project, "HEAD"), "修改条目 (changed)")

    rows = [line for line in changed if line.startswith("|")]
    assert rows[1] == "|---|---|---|"
    del rows[1]
    assert all(line.endswith(" |") and len(re.findall(r"(?<!\\)\|", line)) == 4 for line in rows), rows
    assert rows[1:] == [
        r'| `phrase` | \<script\>alert("phrase")\</script\>\<img src=x onerror=alert(2)\> \[点我\](javascript:al… '
        r"| 第一行 \| 竖线 \`代码\` \<b\>粗体\</b\> ↵ 第二行 {机构名称} |",
        r"| `borrower[0].says` | \<svg onload=alert(5)\> | 你是谁｜哪里的？ |",
        r"| `borrower[0].reply` | \> 不是引用 - \[ \] 不是清单 {机构名称} | 我是{机构名称}的。 |",
        r"| `tags` | \[\<b\>标签\</b\>\] | \[a\|b\]（+ a\|b；− \<b\>标签\</b\>） |",
    ]


def test_reference_files_say_which_items_changed(project: Path):
    catalog = project / "scripts_catalog"
    term = next(iter(yaml.safe_load((catalog / "_definitions" / "redlines.yml").read_text(encoding="utf-8"))["terms"]))
    edit_yaml(catalog / "_definitions" / "redlines.yml", lambda d: d["terms"][term].append("测试词"))
    edit_yaml(catalog / "_definitions" / "synonyms.yml", lambda d: d["groups"].append(["测试甲", "测试乙"]))
    edit_yaml(
        catalog / "_definitions" / "placeholders.yml",
        lambda d: d["placeholders"].append({"name": "测试占位", "description": "测试用"}),
    )
    edit_yaml(catalog / "_definitions" / "sources.yml", lambda d: None)
    (catalog / "_definitions" / "entry.schema.json").write_text(
        (catalog / "_definitions" / "entry.schema.json").read_text(encoding="utf-8") + "\n", encoding="utf-8"
    )

    report = review_report(project, "HEAD")

    assert "新增 0 条，修改 0 条，删除 0 条" in report
    assert section(report, "参考文件 (reference files)") == [
        "- `placeholders.yml`：已修改 (changed)",
        "  - `placeholders`：新增 (added) `测试占位`",
        "- `sources.yml`：已修改 (changed)",
        "  - 只改了注释或格式 (comments or layout only)",
        "- `redlines.yml`：已修改 (changed)",
        f"  - `terms`：修改 (changed) `{term}`",
        "- `synonyms.yml`：已修改 (changed)",
        r"  - `groups`：新增 (added) \[测试甲, 测试乙\]",
        "- `entry.schema.json`：已修改 (changed)",
    ]


def test_entry_unreadable_at_base_is_reported(project: Path):
    broken = project / "scripts_catalog" / "opening" / "ask-good-time.yml"
    broken.write_text("id: [ask-good-time\n", encoding="utf-8")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "broken entry")
    broken.write_text(NEW_ENTRY.replace("related: [pressure-through-parents]\n", ""), encoding="utf-8")

    report = review_report(project, "HEAD")

    assert "- 注意：此文件在 `HEAD` 中无法读取 (unreadable at `HEAD`)" in section(report, "新增条目 (added)")
    [line] = section(report, "无法读取的条目 (unreadable)")
    assert line.startswith(
        r"- `scripts_catalog/opening/ask-good-time.yml`：unreadable at `HEAD` — HEAD:scripts\_catalog"
    )
    assert "E002" in line


def test_unchanged_catalogue_says_so(project: Path):
    report = review_report(project, "HEAD")

    assert report.splitlines()[2].endswith("新增 0 条，修改 0 条，删除 0 条（0 added, 0 changed, 0 removed）。")
    assert report.splitlines()[4] == "目录与 `HEAD` 相同 (no changes to the catalogue)。"
    assert headings(report) == []


def test_lists_of_texts_and_mappings_are_compared_item_by_item(project: Path):
    entry = project / "scripts_catalog" / "opening" / "greet-and-verify.yml"
    variant = field(entry, "variants")[0]
    note = field(entry, "compliance")[0]["note"]
    set_field(
        entry, "variants", f"variants:\n  - {variant}\n  - 您好，{{机构名称}}的{{催收员姓名}}，请问{{客户姓名}}在吗？"
    )
    text = entry.read_text(encoding="utf-8").replace(f"note: {note}", "note: 先报机构、姓名和工号，再问对方是谁。", 1)
    entry.write_text(text, encoding="utf-8")

    changed = section(review_report(project, "HEAD"), "修改条目 (changed)")

    assert changed[2:] == [
        "| 字段 field | 原值 `HEAD` | 新值 工作区 (working tree) |",
        "|---|---|---|",
        "| `variants[1]` | （无） | 您好，{机构名称}的{催收员姓名}，请问{客户姓名}在吗？ |",
        f"| `compliance[0].note` | {note} | 先报机构、姓名和工号，再问对方是谁。 |",
        "- 红线检查 lint（改动的文本 changed texts）：无发现 (no findings)",
    ]


def test_removed_entry_lists_every_reference_still_pointing_at_it(project: Path):
    (project / INSTALMENT).unlink()

    report = review_report(project, "HEAD")

    assert section(report, "删除条目 (removed)") == [
        "#### `offer-instalment-plan` · 按能力提出分期方案",
        f"- 文件 file：`{INSTALMENT}`",
        "- ⚠️ 仍被引用，校验会失败 (still referenced, fails validation with E204)："
        "`pressure-through-parents` 的 `alternative`；`greet-and-verify` 的 `related[0]`；"
        "`greet-and-verify` 的 `borrower[1].ref`",
    ]
    assert sum(" E204 " in line for line in report.splitlines()) == 3


def test_entry_edited_in_layout_only_is_counted_not_changed(project: Path):
    entry = project / "scripts_catalog" / "opening" / "greet-and-verify.yml"
    text = entry.read_text(encoding="utf-8")
    entry.write_text(
        text.replace("phrase: ", "# a comment, and the phrase quoted\nphrase: '", 1).replace("吗？\n", "吗？'\n", 1)
    )

    report = review_report(project, "HEAD")

    assert report.splitlines()[2].endswith("（0 added, 0 changed, 0 removed）。")
    assert report.splitlines()[4] == (
        "另有 1 个条目文件只改了注释或格式 (1 file changed in layout only)："
        "`scripts_catalog/opening/greet-and-verify.yml`"
    )
    assert headings(report) == []


def test_unknown_revision_raises_with_the_revision_and_the_fix(project: Path):
    with pytest.raises(ValueError, match=r"'origin/no-such-branch'.*git fetch"):
        review_report(project, "origin/no-such-branch")


def test_folder_outside_git_raises(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    plain = make_catalog(tmp_path / "plain" / "scripts_catalog", FIXTURES / "site").parent

    with pytest.raises(ValueError, match="is not a git checkout"):
        review_report(plain, "HEAD")
