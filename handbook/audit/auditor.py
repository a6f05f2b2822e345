"""Findings on calls: each collector turn through both tiers of the checker, each call as a conversation.

A `Finding` is one place a call or a call log breaks a red line or a requirement: where (file, line, call,
the turn's time), which rule and how surely, the words that show it (personal data masked), the rule's
citation at its certainty, and the handbook entry that shows the lawful way. `Auditor` makes them from the
loaded catalogue: its linter and the shipped model (`handbook lint`'s two tiers), its rules and sources
for titles and citations, and its counter-examples for the lawful alternative of a turn-level finding.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from handbook.catalog import Catalog, legal
from handbook.lint.model import DISMISSED, Context, check_both, grams, shipped
from handbook.load.issues import display_path

from .calllog import Breach, Limits
from .calls import AGENT, Call, clock
from .conversation import PRACTICE, follow

PERSONAL = "RL-PERSONAL-DATA"
THIRD_PARTY = "RL-THIRD-PARTY"
TURN_EXEMPT = {PERSONAL}  # rules about the handbook's own text, not about what is said on a call
SEVERITIES = ("blocking", "review", "advisory")  # most serious first

# What findings say, as templates ({name} fields) that the 通话质检 page fills in too (handbook/audit/browser.py)
MORE = "（本通另有 {more} 处同类）"
LOG_MESSAGES = {
    "night": "在 {quiet} 禁止联系时段拨打{answered}，没有记录借款人同意",
    "unanswered": "{whom}当天第 {count} 次未接通的拨打：指引写的是当天不宜超过 {per_day} 次，"
    "借款人另有约定的除外（没有记录约定）",
    "burst": "{minutes} 分钟内拨打 {count} 次：手册自己的复核门槛（{attempts} 次），不是法规数字，请人工看一看",
}
ANSWERED = "（已接通）"
WHOM = ("同一联系方式", "同一案件（日志没有联系方式列）")


@dataclass
class Finding:
    file: str
    line: int
    call: str  # the call id; for a call log, the case id
    time: str  # hh:mm:ss into the call, or the log row's local time; "" when unknown
    rule: str
    severity: str  # blocking, review or advisory
    match: str  # the words that show it, personal data masked ("" when something is missing)
    message: str
    citation: str  # the rule's first basis, with its certainty; "" for the handbook's own practice
    entry: str  # the catalogue entry to use instead ("" when none)
    entry_title: str
    kind: str  # turn, call (the conversation) or log
    agent: str = ""  # the collector, when the input names one
    check: str = ""  # which conversation or log check (handbook/audit/conversation.py, calllog.py); "" for a turn

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        when = f" {self.time}" if self.time else ""
        shown = f" «{self.match}»" if self.match else ""
        instead = f" → {self.entry}" if self.entry else ""
        return f"{where}: [{self.call}{when}] {self.rule} {self.severity}: {self.message}{shown}{instead}"


class Masker:
    """Personal data out of every excerpt: the personal-data rule's own patterns (phones, ID and card
    numbers, e-mail addresses, landlines), each match replaced by its length in ＊, keeping what stood
    around it (the patterns include the character before and after a number)."""

    def __init__(self, catalog: Catalog) -> None:
        rule = catalog.rules.get(PERSONAL, {})
        self.patterns = [re.compile(p, re.IGNORECASE) for p in rule.get("patterns", [])]

    def __call__(self, text: str) -> str:
        for pattern in self.patterns:
            text = pattern.sub(_star_digits, text)
        return text


def _star_digits(match: re.Match[str]) -> str:
    return re.sub(r"[0-9A-Za-z@._%+-]", "＊", match.group(0))


class Auditor:
    """Findings for calls of one catalogue; `rules_only` leaves the model out, as `handbook lint --rules-only`."""

    def __init__(self, catalog: Catalog, rules_only: bool = False, doubts: bool = False) -> None:
        if catalog.linter is None:
            raise ValueError("the catalogue's red-line rules do not load; run `handbook validate`")
        self.catalog = catalog
        self.linter = catalog.linter
        self.model = None if rules_only else shipped()
        self.doubts = doubts  # the model's own doubts about turns no rule matched (see `call`)
        self.context = Context.of(catalog)
        self.mask = Masker(catalog)
        self.turns = 0
        # per rule, the entry most of its counter-examples point to (when the nearest one names none)
        pointed = {
            rule: Counter(alt for e in examples if (alt := catalog.entries[e[0]].data.get("alternative")))
            for rule, examples in self.context.examples.items()
        }
        self.usual = {rule: counted.most_common(1)[0][0] for rule, counted in pointed.items() if counted}

    # What a finding says about its rule ------------------------------------------------------------

    def citation(self, rule: str) -> str:
        found = self.catalog.rules.get(rule)
        return legal.basis_text(self.catalog.sources, found) if found else ""

    def entry(self, entry_id: str) -> tuple[str, str]:
        found = self.catalog.entries.get(entry_id)
        if found is None or found.verdict == "prohibited":
            return "", ""
        return found.id, str(found.title)

    def alternative(self, rule: str, text: str) -> tuple[str, str]:
        """The lawful entry for a turn that broke `rule`: the alternative of the rule's counter-example
        nearest to the turn, else the entry the most counter-examples of the rule point to."""
        nearest = self.context.nearest(rule, set(grams(text)))
        if nearest is not None:
            example = self.catalog.entries.get(nearest[0])
            if example is not None and example.data.get("alternative"):
                return self.entry(example.data["alternative"])
        return self.entry(self.usual[rule]) if rule in self.usual else ("", "")

    # Calls ----------------------------------------------------------------------------------------

    def call(self, call: Call, agent: str = "") -> list[Finding]:
        """Every finding on one call, in call order: each collector turn's, then the conversation's.

        The model weighs every turn a rule matched: a blocking finding it doubts, or even judges lawful,
        becomes one for a person to review (in `handbook lint` the second is dropped). It learnt from the
        handbook's phrases, written with placeholders, and a transcript's names, amounts and dates mislead
        it: on the labelled development batch its vetoes dropped 2 real violations and no false one, and
        its own doubts about turns no rule matched were wrong 29 times for 3 right. So those doubts are left
        out unless `doubts` is on (`--doubts`).

        Two things the conversation knows overrule a turn on its own: the personal-data rule is about the
        handbook's own text (a collector may read out the official hotline), and once the borrower has
        confirmed who they are, debt details are no disclosure to a third party, so the model's doubt of
        that kind is left out. Of a rule's findings on one turn only the most serious is kept."""
        followed = follow(call)
        out: dict[tuple[int, str], Finding] = {}

        def keep(finding: Finding) -> None:
            """One finding per turn and rule: the more serious; of two as serious, the conversation's (it says
            what in the call made the words wrong)."""
            key = (finding.line, finding.rule)
            old = out.get(key)
            rank, old_rank = SEVERITIES.index(finding.severity), SEVERITIES.index(old.severity) if old else 99
            if old is None or rank < old_rank or (rank == old_rank and finding.kind == "call"):
                out[key] = finding

        for turn in call.turns:
            if turn.role != AGENT:
                continue
            self.turns += 1
            text = " ".join(turn.text.split())
            for f in check_both(self.linter, text, self.model, self.context, self.doubts):
                if f.rule in TURN_EXEMPT:
                    continue
                if f.severity == DISMISSED:  # on a call the model may lower a rule's finding, not drop it
                    f = dataclasses.replace(f, severity="review")
                if f.rule == THIRD_PARTY and f.severity != "blocking" and turn.line in followed.confirmed:
                    continue
                entry, entry_title = self.alternative(f.rule, text)
                where = (call.file, turn.line, call.id, clock(turn.start))
                keep(
                    Finding(
                        *where,
                        f.rule,
                        f.severity,
                        self.mask(f.match),
                        f.message,
                        self.citation(f.rule),
                        entry,
                        entry_title,
                        "turn",
                        agent,
                    )
                )
        for moment in followed.moments:
            check = moment.check
            entry, entry_title = self.entry(check.entry)
            more = MORE.format(more=moment.more) if moment.more else ""
            keep(
                Finding(
                    call.file,
                    moment.turn.line,
                    call.id,
                    clock(moment.turn.start),
                    check.rule,
                    check.severity,
                    self.mask(moment.match),
                    f"{check.title}{more}",
                    self.citation(check.rule) if check.severity == "blocking" else "",
                    entry,
                    entry_title,
                    "call",
                    agent,
                    check.id,
                )
            )
        return sorted(out.values(), key=lambda f: (f.line, f.kind != "turn", f.rule))

    # Call logs ------------------------------------------------------------------------------------

    LOG_CHECKS = {  # check -> (rule, severity, lawful entry)
        "night": ("RL-TIME", "blocking", "agree-next-contact-time"),
        "unanswered": ("RL-FREQ", "review", "unreachable-callback-sms"),
        "burst": ("RL-FREQ", "advisory", "unreachable-callback-sms"),
    }

    def log(self, path: Any, breaches: Iterable[Breach], limits: Limits) -> list[Finding]:
        """A finding for each breach of a call log's limits (file order)."""
        shown = display_path(path)
        out = []
        for b in breaches:
            rule, severity, entry_id = self.LOG_CHECKS[b.check]
            a = b.attempt
            local = a.at.strftime("%Y-%m-%d %H:%M") + a.at.strftime("%z")[:3] + ":" + a.at.strftime("%z")[3:]
            message = LOG_MESSAGES[b.check].format(
                quiet=f"{limits.quiet_from:%H:%M}–{limits.quiet_until:%H:%M}",
                answered=ANSWERED if a.answered else "",
                whom=WHOM[0] if a.contact else WHOM[1],
                count=b.count,
                per_day=limits.per_day,
                minutes=limits.burst_minutes,
                attempts=limits.burst_attempts,
            )
            entry, entry_title = self.entry(entry_id)
            citation = self.citation(rule) if b.check != "burst" else ""
            out.append(
                Finding(
                    shown,
                    a.line,
                    a.case,
                    local,
                    rule,
                    severity,
                    "",
                    message,
                    citation,
                    entry,
                    entry_title,
                    "log",
                    a.agent,
                    b.check,
                )
            )
        return out


def rule_title(catalog: Catalog, rule: str) -> str:
    """The title of a red line, a requirement or one of the audit's own practice checks."""
    if rule in catalog.rules:
        return str(catalog.rules[rule]["title"])
    for requirement in catalog.requirements:
        if requirement["id"] == rule:
            return str(requirement["title"])
    return PRACTICE.get(rule, rule)
