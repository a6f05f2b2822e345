"""What the search index learns about each generated page beyond its text.

`search_meta` is what the `search` page set (handbook/site/pagesets.py) puts into a page's meta, and what the
scale benchmark writes as front matter into its plain-Markdown baseline, so that
both index the same pages the same way.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from handbook.catalog import Catalog

from . import urls

ENTRY_BOOST = 4.0
INDEX_BOOST = 0.25  # stage, channel, bucket and scenario pages, which only repeat entry titles
INDEX_PREFIXES = ("stages/", "channels/", "overdue/", "scenarios/")
# Nothing but the entries' own text again: print pages, tags, coverage, and the training and team pages.
GLOSSARY = "docs/glossary.md"
JIEBA_FREQ = 20000  # high enough that jieba keeps each handbook word whole


def jieba_words(catalog: Catalog | None, glossary: Path) -> list[str]:
    """The handbook's own words for jieba: taxonomy labels, rule titles, tags, synonyms, glossary headings.

    Only Chinese words of 2 to 8 characters; sorted, so that every build teaches them in the same order."""
    words: set[str] = set()
    if catalog is not None:
        for vocabulary in catalog.vocab.values():
            words.update(term["title"] for term in vocabulary.values())
        words.update(rule["title"] for rule in catalog.rules.values())
        for entry in catalog.entries.values():
            words.update(entry.tags)
        words.update(word for group in catalog.synonyms for word in group)
    if glossary.is_file():
        words.update(re.findall(r"(?m)^###\s+([^\s（(]+)", glossary.read_text(encoding="utf-8")))
    return sorted(w for w in words if 1 < len(w) <= 8 and re.fullmatch(r"[\u4e00-\u9fff]+", w))


class JiebaTeacher:
    """Teaches jieba's default tokenizer the handbook's words, at the last moment.

    Adding a word makes jieba load its dictionary first (1 s), and a warm build whose search entries all
    come from the build cache never segments a word. So words are kept until jieba loads its dictionary
    for a page it does segment, and added then, in the order given: the index is the same either way.

    Under `mkdocs serve` the same process builds again and again. jieba cannot forget a word (deleting one
    leaves its weight in the total), so when an edit removes a word taught before, the tokenizer starts
    again from its own dictionary: the index must segment as a fresh build would.
    """

    def __init__(self) -> None:
        self.taught: frozenset[str] = frozenset()  # the words given so far, added now or pending
        self.pending: list[str] = []

    def teach(self, words: list[str]) -> None:
        import jieba

        tokenizer = jieba.dt
        if not self.taught <= set(words):
            tokenizer.__init__(tokenizer.dictionary)
            self.taught, self.pending = frozenset(), []
        new = [w for w in words if w not in self.taught]
        self.taught |= set(new)
        self.pending += new
        if tokenizer.initialized:
            self._add(tokenizer)
        elif "initialize" not in vars(tokenizer):  # once per process: an attribute of this one tokenizer
            load = tokenizer.initialize

            def initialize(dictionary: str | None = None) -> None:
                load(dictionary)
                self._add(tokenizer)

            tokenizer.initialize = initialize

    def _add(self, tokenizer: Any) -> None:
        words, self.pending = self.pending, []
        for word in words:
            tokenizer.add_word(word, freq=JIEBA_FREQ)


JIEBA = JiebaTeacher()


def search_meta(uri: str, catalog: Catalog, generated: set[str] | dict[str, Any]) -> dict[str, Any]:
    """`{"tags": […], "search": {…}}` for the page at `uri` (a docs path); `generated`: the generated pages.

    Entry pages get their tags and the tags' synonyms and a higher boost; the index pages a lower
    one (the overdue pages also their aliases, M1 …); pages that only repeat entries are excluded.
    """
    if uri.startswith("entries/"):
        entry = catalog.entries.get(uri.removeprefix("entries/").removesuffix(".md"))
        if entry is None:
            return {}
        return {"tags": catalog.search_terms(list(entry.tags)), "search": {"boost": ENTRY_BOOST}}
    if uri not in generated:
        return {}
    if uri.startswith(urls.SEARCH_EXCLUDED):
        return {"search": {"exclude": True}}
    if uri.startswith(INDEX_PREFIXES):
        meta: dict[str, Any] = {"search": {"boost": INDEX_BOOST}}
        if uri.startswith("overdue/"):
            term = catalog.vocab["overdue"].get(uri.removeprefix("overdue/").removesuffix(".md"), {})
            meta["tags"] = list(term.get("aliases", []))
        return meta
    return {}
