"""Entry pages remembered from the last build of this process, for `mkdocs serve`.

Under `mkdocs serve` every rebuild renders every page's Markdown again, though an edit changes one entry:
at 1,000 entries the entry pages alone are a second and a half of Jinja. An entry page is a function of
few things, all named in its key: the entry's own data and that of every entry it shows (its alternative,
the entries its borrower lines point to, its related entries, the entries that refer to it), the date of
its last change and whether its review is stale, today's date, the definitions folder (vocabularies, rules,
sources, placeholders), the templates, and how links and abbreviations are made. The loader keeps an
unchanged file's Entry between rebuilds, so an entry's digest is worked out once per edit.

Only the pages of the last build are kept: the memory holds one catalogue's entry pages at most.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from handbook.catalog import DEFINITIONS, Catalog, Entry

from .store import digest, folder_digest

TEMPLATES = Path(__file__).resolve().parent / "templates"


def entry_digest(entry: Entry) -> str:
    """The digest of an entry's data, kept on the (unchanging) Entry once made."""
    found = entry.__dict__.get("_digest")
    if found is None:
        text = json.dumps(entry.data, sort_keys=True, ensure_ascii=False, default=str)
        found = entry.__dict__["_digest"] = digest(entry.file, text)
    return str(found)


def shown_entries(entry: Entry, referrers: list[tuple[Entry, str]]) -> list[str]:
    """The ids of the entries an entry's page shows anything of."""
    data = entry.data
    ids = list(data.get("related", []))
    if data.get("alternative"):
        ids.append(data["alternative"])
    ids += [line["ref"] for line in data.get("borrower", []) if isinstance(line, dict) and line.get("ref")]
    ids += [other.id for other, _how in referrers]
    return ids


class EntryPageMemo:
    """{key: the rendered page} of the last build, and of this one as it is rendered."""

    def __init__(self) -> None:
        self.last: dict[str, Any] = {}
        self.now: dict[str, Any] = {}
        self.shared = ""
        self.hits = 0

    def begin(self, catalog: Catalog, today: Any, *settings: Any) -> None:
        """Before a build's entry pages: what every entry page shares."""
        if self.now:  # the last build stopped before its end: keep what it made
            self.last, self.now = self.now, {}
        self.hits = 0
        self.shared = digest(str(today), folder_digest(catalog.root / DEFINITIONS), folder_digest(TEMPLATES), *settings)

    def key(self, catalog: Catalog, entry: Entry, referrers: list[tuple[Entry, str]], *more: Any) -> str:
        entries = catalog.entries
        shown = [(i, entry_digest(entries[i]) if i in entries else None) for i in shown_entries(entry, referrers)]
        return digest(self.shared, entry_digest(entry), shown, [how for _other, how in referrers], *more)

    def get(self, key: str) -> Any:
        found = self.now.get(key) or self.last.get(key)
        if found is not None:
            self.now[key] = found
            self.hits += 1
        return found

    def put(self, key: str, page: Any) -> None:
        self.now[key] = page

    def end(self) -> None:
        """After a build's entry pages: forget what this build did not use."""
        self.last, self.now = self.now, {}


ENTRY_PAGES = EntryPageMemo()
