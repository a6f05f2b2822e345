"""Compliance checks of the catalogue, through the red-line linter.

- every rule's patterns compile, in the subset Python and JavaScript share (E305);
- every rule reads its own examples right (E304);
- recommended and caution entries cross no blocking rule in anything the collector says (E301);
- a prohibited entry triggers each rule it claims to break, or a rule is missing (E302);
- entries of some stages and channels contain what `requirements` asks of them (E303).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .issues import Issue
from .lint import TERM, Linter, expand
from .yamlfile import YamlDoc

# Constructs that Python and JavaScript read differently, or that one of them lacks.
UNPORTABLE = re.compile(r"\\[dDwWbBAZsS]|\(\?P|\(\?<|\(\?[aiLmsux-]|[*+?}]\+|\(\?>|\\[0-9]")


def pattern_issues(doc: YamlDoc) -> Iterator[Issue]:
    """Patterns that do not compile, name an unknown <term>, or use a construct outside the shared subset."""
    terms = doc.data.get("terms", {})
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
        bad = UNPORTABLE.search(pattern)
        if bad:
            yield doc.issue(
                pointer,
                "E305",
                f"'{bad.group(0)}' in {pattern!r} is read differently by Python and "
                "JavaScript; use a character class such as [0-9] or a plain group",
            )
            continue
        unknown = [t for t in TERM.findall(pattern) if t not in terms]
        if unknown:
            yield doc.issue(
                pointer,
                "E305",
                f"<{unknown[0]}> in {pattern!r} is not defined under `terms`; "
                f"defined: {', '.join(sorted(terms)) or 'none'}",
            )
            continue
        try:
            re.compile(expand(pattern, terms))
        except re.error as err:
            yield doc.issue(pointer, "E305", f"pattern {pattern!r} does not compile: {err}")


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
