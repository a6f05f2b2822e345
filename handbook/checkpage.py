"""The phrase checker page (话术合规自检): the red-line linter of `handbook lint`, run in the browser.

check.md holds a short guide, the form that docs/assets/checker.js brings to life, and one
<script type="application/json" id="hb-checker-data"> holding the linter exported from the compiled rules
the CLI uses (`handbook.lint.browser_data`), the second opinion's integer weights, and what the page shows
with a finding: each rule's title, severity, what it forbids, its basis, and links to its rule page and to
the entries that comply with it (by stage). The links are made relative to the page (check/ when served,
check.html offline), since MkDocs does not rewrite raw HTML. The data is embedded, not fetched: a page
opened from file:// may not fetch. The page stays out of search (`handbook.search.EXCLUDED`): it holds a
form, not handbook text.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from opencc import OpenCC

from . import legal
from .catalog import Catalog
from .lint import browser_data
from .model import Context, shipped
from .pipeline import Build, Output, PageSet, links_from
from .render import Generated, Renderer

PAGE = "check.md"
STYLESHEET = "assets/checker.css"
SEVERITY = {"blocking": "阻断", "advisory": "提示"}

INTRO = """\
# 话术合规自检

把准备使用的话术粘贴或输入到下面的框里，每行一句。每输入一处，页面就会重新检查，并逐行标出触及红线的说法：\
违反哪一条规则、禁止的是什么、依据哪一条规定，以及手册里可以改用的合规话术。

- 判断与命令行的 `handbook lint` 完全一致：页面使用的规则是构建手册时从[红线规则](redlines/index.md)导出的同一份数据，\
不是另写的一套。
- 规则之外还有第二意见：一个用标注语料训练的模型会再读一遍规则没有拦下的话术，觉得像违规的标为“复核”，\
写明最像哪条规则、哪些词分量最重和最相近的反面示例。“复核”不是结论，需要人来判断。\
规则命中的说法，模型也会读它所在的分句：模型认同才标为“阻断”，拿不准的标为“复核”，\
很有把握合规的（例如质检记录里引用的禁用语）不再标出。
- 繁体字、全角字符和多余的空格按简体、半角读取；否定和劝阻（“我们不会……”“请不要……”）、\
转述借款人的原话、依法说明后果的说法不算违规。
- 输入的内容只在这个页面里处理，不发送到任何地方，也不保存。勾选“在本标签页保留”后，\
内容只存放在当前标签页中，关闭标签页或取消勾选即清除。
- 自检是第一道筛查，不是合规结论：没有标出问题的话术，照样要按流程经过合规复核。

"""

FORM = """\
<noscript><p class="hb-checker-noscript">自检需要浏览器开启 JavaScript。也可以在命令行运行 handbook lint 检查话术，\
或对照红线规则页面逐条核对。</p></noscript>

<div class="hb-checker" id="hb-checker" hidden>
<link rel="stylesheet" href="{css}">
<div class="hb-checker__bar">
<label class="hb-checker__pick">推荐话术的通话阶段 <select class="hb-checker__stage">
<option value="">全部</option>
{stages}
</select></label>
<label class="hb-checker__keep"><input type="checkbox" class="hb-checker__keep-box"> 在本标签页保留</label>
<button type="button" class="md-button hb-checker__sample">填入示例</button>
<button type="button" class="md-button hb-checker__clear">清空</button>
</div>
<textarea class="hb-checker__input" rows="8" spellcheck="false" aria-label="要检查的话术，每行一句" \
placeholder="每行一句话术，例如：&#10;您好，我是{{机构名称}}的{{催收员姓名}}，请问是{{客户姓名}}本人吗？"></textarea>
<p class="hb-checker__summary" aria-live="polite"></p>
<ol class="hb-checker__results"></ol>
</div>

<script type="application/json" id="hb-checker-data">{data}</script>
"""


class CheckerPage(PageSet):
    name = "checker"
    needs = ("entries",)  # links to the rule pages and the entries

    def make(self, build: Build, files: Files, config: MkDocsConfig) -> Output:
        catalog = build.catalog
        if catalog.linter is None:  # a catalogue loads only with usable rules; this is for the type checker
            raise PluginError("the red-line rules did not compile; run `handbook validate`")
        href = links_from(files, config, PAGE)
        data = {"engine": browser_data(catalog.linter), "page": page_data(catalog, href), "model": model_data(catalog)}
        stages = "\n".join(
            f'<option value="{escape(stage_id)}">{escape(term["title"])}</option>'
            for stage_id, term in catalog.vocab["stages"].items()
        )
        markdown = INTRO + FORM.format(css=escape(href(STYLESHEET)), stages=stages, data=embed(data))
        return Output(pages={PAGE: Generated(markdown, None)})


# Helpers ------------------------------------------------------------------


def model_data(catalog: Catalog) -> dict[str, Any] | None:
    """The second opinion for docs/assets/checker.js: the shipped model's integer weights, and per rule
    its counter-examples as [id, title, pieces] for naming the nearest one (as `handbook lint` does)."""
    model = shipped()
    if model is None:
        return None
    context = Context.of(catalog)
    examples = {
        rule: [[entry_id, title, sorted(pieces)] for entry_id, title, pieces in items]
        for rule, items in context.examples.items()
    }
    return {**model.as_data(), "examples": examples}


def page_data(catalog: Catalog, href: Any) -> dict[str, Any]:
    """What the page shows beside a finding; `href(docs path)` is a link relative to the page.

    - rules: {id: {title, severity, forbids, citation, url, entries}}, where entries lists the lawful
      entries of the rule: first the alternatives its counter-examples name, then the entries that cite
      it in `compliance` (recommended before caution), in catalogue order;
    - entries: {id: [title, url, stage, verdict]} for every entry listed;
    - samples: phrases to try, from the rules' own examples (one written in Traditional characters).
    """
    alternatives: dict[str, list[str]] = {rule: [] for rule in catalog.rules}
    respecting: dict[str, dict[str, list[str]]] = {rule: {"recommended": [], "caution": []} for rule in catalog.rules}
    for entry in catalog.entries.values():
        broken = set(entry.data.get("breaks", []))
        for rule in broken:
            alternatives[rule].append(entry.data["alternative"])
        if entry.verdict == "prohibited":
            continue
        for rule in dict.fromkeys(note["rule"] for note in entry.data["compliance"]):
            if rule not in broken:
                respecting[rule][entry.verdict].append(entry.id)
    rules: dict[str, dict[str, Any]] = {}
    listed: set[str] = set()
    for rule_id, rule in catalog.rules.items():
        entries = list(
            dict.fromkeys(alternatives[rule_id] + respecting[rule_id]["recommended"] + respecting[rule_id]["caution"])
        )
        listed.update(entries)
        listed.update(e.id for e in catalog.entries.values() if rule_id in e.data.get("breaks", []))
        rules[rule_id] = {
            "title": rule["title"],
            "severity": rule["severity"],
            "forbids": rule["forbids"],
            "citation": legal.basis_text(catalog.sources, rule),
            "url": href(Renderer.rule_uri(rule_id)),
            "entries": entries,
        }
    return {
        "rules": rules,
        "entries": {
            entry.id: [entry.title, href(Renderer.entry_uri(entry.id)), entry.stage, entry.verdict]
            for entry in catalog.entries.values()
            if entry.id in listed
        },
        "samples": samples(catalog),
    }


def samples(catalog: Catalog) -> list[str]:
    """Ten phrases to try, from the rules' own examples: seven that cross a red line, the third of them
    in Traditional characters (the checker reads those too), and three that do not, mixed."""
    examples = [rule.get("examples", {}) for rule in catalog.rules.values()]
    crossing = [e["match"][0] for e in examples if e.get("match")][:7]
    lawful = [e["no_match"][0] for e in examples if e.get("no_match")][:3]
    if len(crossing) > 2:
        crossing[2] = OpenCC("s2t").convert(crossing[2])
    out: list[str] = []
    for i, phrase in enumerate(crossing):
        out.append(phrase)
        if i % 2 and lawful:
            out.append(lawful.pop(0))
    return out + lawful


def embed(data: dict[str, Any]) -> str:
    """`data` as one line of JSON that is safe inside a <script> element and a Markdown raw HTML block:
    `<`, `>` and `&` written as \\u escapes, so no `</script>` or `<!--` can occur, and no blank line."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
