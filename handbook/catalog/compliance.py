"""Compliance checks of the catalogue, through the red-line linter.

- every rule's patterns compile and name only defined <term>s (E305), and stay inside the regex
  subset that Python and JavaScript read alike, so that the phrase checker page finds what
  `handbook lint` finds (E306, at the line and column of the construct);
- every rule reads its own examples right (E304);
- recommended and caution entries cross no blocking rule in anything the collector says (E301);
- a prohibited entry triggers each rule it claims to break, or a rule is missing (E302);
- entries of some stages and channels contain what `requirements` asks of them (E303);
- a phrase that opens a phone call or a visit asks whether it speaks to the borrower before it says
  anything about the debt (E307);
- what a usable entry says and the second opinion doubts carries a reviewer's recorded decision (E308).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from typing import Any

from handbook.lint import TERM, Linter, SubsetProblem, expand, is_pattern, matches_empty, outside_subset
from handbook.load import schema
from handbook.load.issues import Issue
from handbook.load.yamlfile import YamlDoc


def pattern_issues(doc: YamlDoc) -> Iterator[Issue]:
    """Patterns that do not compile, name an unknown <term>, or use a construct outside the shared subset."""
    terms = doc.data.get("terms", {})
    for name, words in terms.items():
        for j, word in enumerate(words):
            if is_pattern(word):  # goes into the patterns as it is
                yield from _subset_issue(doc, ("terms", name, j), word, f"the <{name}> word '{word}'")
    places = [
        (("rules", i, key, j), p)
        for i, rule in enumerate(doc.data["rules"])
        for key in ("patterns", "exceptions")
        for j, p in enumerate(rule.get(key, []))
    ]
    places += [
        (("requirements", i, "require", j), p)
        for i, req in enumerate(doc.data.get("requirements", []))
        for j, p in enumerate(req["require"])
    ]
    for pointer, pattern in places:
        unknown = [t for t in TERM.findall(pattern) if t not in terms]
        if unknown:
            yield doc.issue(
                pointer,
                "E305",
                f"<{unknown[0]}> in {pattern!r} is not defined under `terms`; "
                f"defined: {', '.join(sorted(terms)) or 'none'}",
            )
            continue
        expanded = expand(pattern, terms)
        try:
            re.compile(expanded)
        except re.error as err:
            yield doc.issue(pointer, "E305", f"pattern {pattern!r} does not compile: {err}")
            continue
        found = list(_subset_issue(doc, pointer, pattern, f"pattern '{pattern}'"))
        yield from found
        if not found and pointer[2] == "patterns" and matches_empty(expanded):
            yield doc.issue(
                pointer,
                "E306",
                f"pattern '{pattern}' can match the empty string, so it flags nothing, and Python and "
                "JavaScript step past an empty match differently; make at least one part required",
            )


def _subset_issue(doc: YamlDoc, pointer: tuple[Any, ...], pattern: str, what: str) -> Iterator[Issue]:
    problem = outside_subset(pattern)
    if problem is not None:
        line, col = _construct_position(doc, pointer, pattern, problem)
        message = (
            f"{what} leaves the regex subset Python and JavaScript read alike at character {problem.offset + 1}, "
            f"'{problem.text}': {problem.why}; {problem.fix}"
        )
        yield Issue(doc.shown, line, col, "E306", message)


def _construct_position(
    doc: YamlDoc, pointer: tuple[Any, ...], pattern: str, problem: SubsetProblem
) -> tuple[int, int]:
    """(line, column) of the offending construct itself when the pattern is a one-line plain or single-quoted
    scalar (the usual way to write one); else of the start of the value."""
    line, col = doc.where(pointer)
    try:
        source = doc.path.read_text(encoding="utf-8").splitlines()[line - 1]
    except (OSError, UnicodeDecodeError, IndexError):
        return line, col
    rest = source[col - 1 :]
    wanted = pattern[: problem.offset + 1]
    if rest.startswith("'"):  # single-quoted: '' stands for one '
        starts: list[int] = []
        used = 1
        while len(starts) < len(wanted) and used < len(rest):
            if rest[used] == "'" and not rest.startswith("''", used):
                break  # the closing quote
            starts.append(used)
            used += 2 if rest.startswith("''", used) else 1
        if "".join(rest[k] for k in starts) == wanted:
            return line, col + starts[-1]
        return line, col
    if rest.startswith(wanted):
        return line, col + problem.offset
    return line, col


def example_issues(doc: YamlDoc, linter: Linter) -> Iterator[Issue]:
    """Examples a rule misreads: a `match` it lets pass, or a `no_match` it flags."""
    for i, rule in enumerate(doc.data["rules"]):
        for key, expect in (("match", True), ("no_match", False)):
            for j, example in enumerate(rule["examples"][key]):
                hit = rule["id"] in {f.rule for f in linter.check(example)}
                if hit != expect:
                    what = "does not catch" if expect else "wrongly flags"
                    yield doc.issue(
                        ("rules", i, "examples", key, j),
                        "E304",
                        f"{rule['id']} {what} its own example {example!r}; "
                        "adjust the patterns or exceptions, not the example",
                    )


def spoken_texts(data: dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Everything the collector says in an entry: phrase, variants, borrower replies."""
    yield ("phrase",), data["phrase"]
    for i, variant in enumerate(data.get("variants", [])):
        yield ("variants", i), variant
    for i, line in enumerate(data.get("borrower", [])):
        if "reply" in line:
            yield ("borrower", i, "reply"), line["reply"]


def entry_issues(
    doc: YamlDoc, data: dict[str, Any], linter: Linter, requirements: list[dict[str, Any]]
) -> Iterator[Issue]:
    """The linter's verdict on one entry that passed the schema."""
    if data["verdict"] == "prohibited":
        caught = {f.rule for p, text in spoken_texts(data) if p[0] != "borrower" for f in linter.check(text)}
        for i, rule in enumerate(data.get("breaks", [])):
            if rule not in caught:
                yield doc.issue(
                    ("breaks", i),
                    "E302",
                    f"the counter-example says it breaks {rule}, but the "
                    f"linter does not catch it; state the violation plainly or "
                    f"add a pattern for it to {rule} in redlines.yml",
                )
        return
    for pointer, text in spoken_texts(data):
        for finding in linter.check(text):
            if finding.severity == "blocking":
                yield doc.issue(
                    pointer,
                    "E301",
                    f"{finding.rule} ({finding.message}) is crossed by "
                    f"«{finding.match}»; reword it, or mark the entry prohibited",
                )
    for req in requirements:
        if (
            data["stage"] in req["stages"]
            and set(data["channels"]) & set(req["channels"])
            and not set(data["scenarios"]) & set(req.get("except_scenarios", []))
        ):
            for pointer, text in spoken_texts(data):
                if pointer[0] == "borrower":
                    continue
                for pattern in req["require"]:
                    if not re.search(expand(pattern, {}), text):
                        yield doc.issue(
                            pointer,
                            "E303",
                            f"{req['id']}: {req['title']}; '{pointer[0]}' has nothing matching {pattern!r}",
                        )


# ---------------------------------------------------------------------------
# Identity before disclosure
# ---------------------------------------------------------------------------

IDENTITY_CHANNELS = frozenset({"phone", "visit"})  # where whoever answers may not be the borrower
GREETING = re.compile(r"^(?:您好|你好|喂|早上好|上午好|中午好|下午好|晚上好)")
ASKS_IDENTITY = re.compile(
    r"本人|是不是\{客户姓名\}|是\{客户姓名\}吗|(?:请问|您是|你是)\{客户姓名\}|(?:核实|确认)(?:一下)?(?:您的|你的)?身份"
)
# What tells a listener that there is a debt: amounts and account data, the collection agency, debt words.
DISCLOSES = re.compile(
    r"\{(?:逾期金额|本金|利息|违约金|逾期天数|账户尾号|分期期数|当前期数|每期金额|承诺金额|首期金额|剩余金额|"
    r"最低还款额|本期应还金额|到期日|还款日期|协议编号|减免金额|延期天数|委托机构|受让机构|账单日)\}"
    r"|欠款|欠费|欠了|欠的|逾期|还款|还钱|催收|催缴|账单|分期|外访|上门|拜访|来访安排|面谈|未还|没还|应还|违约|债"
)


NEUTRAL_PLACEHOLDER = re.compile(r"\{(?:催收员姓名|工号|机构名称|客服电话|回电时间|营业网点)\}")


def opens_contact(data: dict[str, Any]) -> bool:
    """Whether the entry's phrase starts a phone call or a visit with someone who may not be the borrower."""
    if data.get("verdict") == "prohibited" or not set(data.get("channels", [])) & IDENTITY_CHANNELS:
        return False
    marked = data.get("identity")
    if marked is not None:
        return marked == "opens"
    texts = [data.get("phrase", ""), *data.get("variants", [])]
    return data.get("stage") == "opening" or any(GREETING.match(text) for text in texts)


def debt_detail(text: str) -> re.Match[str] | None:
    """The first words of `text` that tell a listener there is a debt (the caller's own name and number do not)."""
    return DISCLOSES.search(NEUTRAL_PLACEHOLDER.sub("{}", text))


def identity_issues(doc: YamlDoc, data: dict[str, Any]) -> Iterator[Issue]:
    """E307: in a phrase that opens a contact, the first debt detail comes after the identity question."""
    if not opens_contact(data):
        return
    for pointer, text in spoken_texts(data):
        if pointer[0] == "borrower":
            continue  # a reply follows the listener's answer
        told = debt_detail(text)
        if told is None:
            continue
        text = NEUTRAL_PLACEHOLDER.sub("{}", text)  # positions as debt_detail saw them
        asked = ASKS_IDENTITY.search(text)
        if asked is None or asked.start() > told.start():
            where = "before asking whether it speaks to the borrower" if asked else "without asking who is listening"
            yield doc.issue(
                pointer,
                "E307",
                f"'{pointer[0]}' opens a contact and says «{told.group(0)}» {where}; ask "
                "请问您是{客户姓名}本人吗？ first, or mark the entry `identity: confirmed` "
                "if it is only said after that",
            )


# ---------------------------------------------------------------------------
# The second opinion's doubts need a person's decision
# ---------------------------------------------------------------------------


def fingerprint(text: str) -> str:
    """Eight hex digits that name one exact wording: a decision recorded for it lapses when it changes."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def doubt_issues(doc: YamlDoc, data: dict[str, Any], model: Any, linter: Linter | None) -> Iterator[Issue]:
    """E308: a text of a usable entry that no rule blocks (E301 covers those) and the model doubts, with no
    reviewer decision recorded for that wording."""
    if model is None or data["verdict"] == "prohibited":
        return
    decided = {d["text"] for d in data.get("second_opinion", [])}
    for pointer, text in spoken_texts(data):
        if model.score_of(text) < model.threshold or fingerprint(text) in decided:
            continue  # the common case: no doubt, or already decided; the rules need not run again
        if linter is not None and any(f.severity == "blocking" for f in linter.check(text)):
            continue
        opinion = model.opinion(text)
        if opinion.doubt:
            drivers = "、".join(opinion.drivers)
            yield doc.issue(
                pointer,
                "E308",
                f"the second opinion doubts '{schema.field_name(pointer)}' (it resembles {opinion.rule}: «{drivers}»); "
                f"reword it, or record a reviewer's decision: second_opinion: [{{text: {fingerprint(text)}, "
                "decision: lawful, by: compliance, on: YYYY-MM-DD, note: 为什么合规}]",
            )
