"""The catalogue as data: entries, the reference part (vocabularies, red lines, sources, placeholders) and
the names of the files and fields every part of the handbook shares."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from handbook.lint import Linter
from handbook.load.yamlfile import YamlDoc

PLACEHOLDER = re.compile(r"\{([^{}\n]*)\}")
# Characters nobody can see: controls other than line breaks and tabs, zero-width and direction marks.
HIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
MARKUP = re.compile(
    r"<\s*/?\s*[a-zA-Z!]|(?:javascript|vbscript)\s*:|data:\s*[a-z]+/|\]\(|\{\{|\{%|\bon[a-z]+\s*=", re.I
)
# The only characters beyond ASCII that re.IGNORECASE matches with ASCII letters (İ ı ſ K).
CASE_TWINS = re.compile("[\u0130\u0131\u017f\u212a]")
TODO = "TODO"
# The definitions (schemas, vocabularies, rules, sources, the entry template) stand apart from the entries,
# in one folder of the catalogue; every other folder holds entries, a folder per stage.
DEFINITIONS = "_definitions"
TEMPLATE = "template.yml"  # what `handbook new` copies
ENTRY_SCHEMA = "entry.schema.json"
REFERENCE_FILES = {  # file -> its schema
    "taxonomy.yml": "taxonomy.schema.json",
    "placeholders.yml": "placeholders.schema.json",
    "sources.yml": "sources.schema.json",
    "redlines.yml": "redlines.schema.json",
    "synonyms.yml": "synonyms.schema.json",
}
VOCABULARY_FIELDS = {  # entry field -> (taxonomy list, code, what to call it)
    "stage": ("stages", "E104", "stage"),
    "channels": ("channels", "E105", "channel"),
    "overdue": ("overdue", "E106", "overdue bucket"),
    "scenarios": ("scenarios", "E107", "scenario"),
    "verdict": ("verdicts", "E108", "verdict"),
    "products": ("products", "E118", "product"),
}


@dataclass
class Entry:
    """One script entry: its data and the file it came from."""

    data: dict[str, Any]
    doc: YamlDoc
    file: str  # the YAML file, relative to the project (the catalogue folder's parent)
    shape_ok: bool = True  # passed the schema and the vocabularies: safe to read field by field

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["data"][name]  # not self.data: unpickling asks before `data` is set
        except KeyError:
            raise AttributeError(name) from None

    @property
    def id(self) -> str:
        return self.data["id"]


@dataclass(frozen=True)
class RuleUse:
    """How the catalogue uses one red line: the entries that cite it in `compliance` without breaking it
    (any verdict, catalogue order) and the counter-examples that name it in `breaks`."""

    respect: list[Entry]
    breaking: list[Entry]

    @property
    def usable(self) -> list[Entry]:
        """The entries respecting it that a collector may use (not prohibited)."""
        return [e for e in self.respect if e.verdict != "prohibited"]


@dataclass
class Catalog:
    """The validated catalogue with its vocabularies and derived indexes."""

    root: Path
    vocab: dict[str, dict[str, dict[str, Any]]]  # taxonomy list -> id -> term, in file order
    placeholders: dict[str, str]  # name -> description
    sources: dict[str, dict[str, Any]]
    rules: dict[str, dict[str, Any]]
    requirements: list[dict[str, Any]] = field(default_factory=list)
    placeholder_terms: dict[str, dict[str, Any]] = field(default_factory=dict)  # name -> its whole definition
    misuses: list[tuple[re.Pattern[str], str, str]] = field(default_factory=list)  # (pattern, placeholder, why)
    synonyms: list[list[str]] = field(default_factory=list)
    linter: Linter | None = None
    entries: dict[str, Entry] = field(default_factory=dict)
    referrers: dict[str, list[tuple[Entry, str]]] = field(default_factory=dict)

    @property
    def definitions(self) -> Path:
        """The folder of schemas, vocabularies, rules and sources (DEFINITIONS)."""
        return self.root / DEFINITIONS

    def group(self, entry_field: str) -> dict[str, list[Entry]]:
        """Entries grouped by one taxonomy field, groups in taxonomy order, empty groups kept."""
        vocabulary = VOCABULARY_FIELDS[entry_field][0]
        groups: dict[str, list[Entry]] = {term: [] for term in self.vocab[vocabulary]}
        for entry in self.entries.values():
            values = entry.data[entry_field]
            for value in values if isinstance(values, list) else [values]:
                groups[value].append(entry)
        return groups

    def tags(self) -> dict[str, list[Entry]]:
        groups: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.entries.values():
            for tag in entry.data["tags"]:
                groups[tag].append(entry)
        return dict(sorted(groups.items()))

    def term(self, vocabulary: str, term_id: str) -> dict[str, Any]:
        return self.vocab[vocabulary][term_id]

    @cached_property
    def rule_use(self) -> dict[str, RuleUse]:
        """RuleUse for every rule, in redlines.yml order: the one tally the rule pages, the red-line index,
        the team view and the checker page read. Made once, when the catalogue is complete."""
        out: dict[str, RuleUse] = {rule: RuleUse([], []) for rule in self.rules}
        for entry in self.entries.values():
            broken = set(entry.data.get("breaks", []))
            for rule in broken:
                out[rule].breaking.append(entry)
            for rule in dict.fromkeys(note["rule"] for note in entry.data["compliance"]):
                if rule not in broken:
                    out[rule].respect.append(entry)
        return out

    def search_terms(self, words: list[str]) -> list[str]:
        """`words` and every synonym of them (synonyms.yml), in order, without repeats."""
        out = list(dict.fromkeys(words))
        for group in self.synonyms:
            if set(group) & set(words):
                out += [w for w in group if w not in out]
        return out
