"""Chinese text as jieba cut it for the search index, remembered in the build cache (handbook/site/cache.py
installs it in place of Material's own `_segment_chinese` for the length of one build)."""

from __future__ import annotations

from collections.abc import Callable

from backrefs import bre

from .store import Store


class Segments:
    """Material's `_segment_chinese` (each run of Han characters cut by jieba into words joined by a zero-width
    space) with the cut of every run remembered in the build cache, one entry per set of taught words.

    A page whose search entries are not in the cache is indexed again; its runs are mostly the same as the
    last build's (an edited title changes the lists that show it, not their other titles), so jieba is not
    asked again, and a build that cuts nothing never loads its dictionary (1-2 s). The joined result is what
    Material's own function makes (tests/site/test_cache.py compares the sites built with and without it)."""

    HAN = bre.compile(r"(\p{script: Han}+)", bre.UNICODE)  # Material's own expression
    LIMIT = 400_000  # runs kept; past it, the runs this build did not use are let go

    def __init__(self, store: Store, key: Callable[[], str]) -> None:
        self.store = store
        self.key = key  # called at first use: the taught words are known only once the search page set ran
        self.known: dict[str, str] | None = None
        self.added: dict[str, str] = {}
        self.used: set[str] = set()

    def cut(self, run: str) -> str:
        if self.known is None:
            found = self.store.get("segments", self.key())
            self.known = found if isinstance(found, dict) else {}
        self.used.add(run)
        done = self.known.get(run) or self.added.get(run)
        if done is None:
            import jieba

            done = self.added[run] = "\u200b".join(jieba.cut(run.encode("utf-8")))
        return done

    def segment(self, data: str) -> str:
        return self.HAN.sub(lambda m: f"\u200b{self.cut(m.group(0))}\u200b", data).strip("\u200b")

    def save(self) -> None:
        if not self.added or self.known is None:
            return
        kept = (
            self.known
            if len(self.known) + len(self.added) <= self.LIMIT
            else {run: cut for run, cut in self.known.items() if run in self.used}
        )
        self.store.put("segments", self.key(), {**kept, **self.added})
        self.known.update(self.added)
        self.added = {}
