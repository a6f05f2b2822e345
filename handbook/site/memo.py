"""Entry pages kept in the build cache: an entry page whose inputs did not change is not rendered again.

Every build renders every page's Markdown from the catalogue, though an edit changes one entry: at 1,000
entries the entry pages alone are four seconds of Jinja. An entry page is a function of few things, all
named in its key: the entry's own data and that of every entry it shows (its alternative, the entries its
borrower lines point to, its related entries, the entries that refer to it), the date of its last change
and whether its review is stale, today's date, the definitions folder (vocabularies, rules, sources,
placeholders), the templates, and how links and abbreviations are made. The page (its Markdown, source
and HTML lists) is stored in the build cache (handbook/site/store.py) as kind `page`: on disk for
`mkdocs build`, in memory too under `mkdocs serve`. The loader keeps an unchanged file's Entry between
rebuilds, so under `mkdocs serve` an entry's digest is worked out once per edit.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from handbook.catalog import DEFINITIONS, Catalog, Entry
from handbook.catalog.model import RuleUse

from .render import TEMPLATES, Generated
from .store import Store, digest, folder_digest


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
    """The entry pages of one build, looked up in and added to `store`; `counts` as PageCache.counts."""

    def __init__(self, store: Store, counts: Any) -> None:
        self.store = store
        self.counts = counts
        self.shared = ""

    def begin(self, catalog: Catalog, today: Any, *settings: Any) -> None:
        """Before a build's entry pages: what every entry page shares."""
        self.shared = digest(
            "entry page", str(today), folder_digest(catalog.root / DEFINITIONS), folder_digest(TEMPLATES), *settings
        )

    def key(self, catalog: Catalog, entry: Entry, referrers: list[tuple[Entry, str]], *more: Any) -> str:
        entries = catalog.entries
        shown = [(i, entry_digest(entries[i]) if i in entries else None) for i in shown_entries(entry, referrers)]
        return digest(self.shared, entry_digest(entry), shown, [how for _other, how in referrers], *more)

    def listing_key(self, catalog: Catalog, changed: dict[str, Any]) -> str:
        """What any other generated page may show, at most: each entry, in catalogue order, and the date of
        its last change; with what all pages share. The key of a page whose context `context_key` cannot
        name part by part."""
        entries = [entry_digest(e) for e in catalog.entries.values()]
        return digest(self.shared, "listing", entries, sorted(changed.items()))

    def context_key(self, catalog: Catalog, fallback: str, *parts: Any, **context: Any) -> str:
        """The key of a page that lists entries (a stage, channel, bucket, scenario or tag page, a rule, the
        print page of a stage …) from what it is given: each entry in its context by its digest and the
        digests of the entries its listing may name (`shown_entries`: the alternative a rule page offers,
        the entry a borrower line points to on a print page), the rest of the context as it is. So an edit
        renders again only the lists that hold the entry, not all of them. A context holding anything else
        (an object this cannot take apart) gets `fallback`, the whole catalogue's key."""
        named = _named(catalog, context)
        return fallback if named is None else digest(self.shared, "context", *parts, named)

    def page(self, key: str, render: Callable[..., Generated], *args: Any, **context: Any) -> Generated:
        """The page stored under `key`, or the one `render(*args, **context)` makes, stored under it."""
        found = self.store.get("page", key)
        if isinstance(found, dict) and {"markdown", "source", "fragments"} <= found.keys():
            self.counts["page hit"] += 1
            return Generated(found["markdown"], found["source"], found["fragments"])
        self.counts["page miss"] += 1
        made = render(*args, **context)
        self.store.put("page", key, {"markdown": made.markdown, "source": made.source, "fragments": made.fragments})
        return made


def _named(catalog: Catalog, value: Any) -> Any:
    """`value` as data a key can hold (entries by their digests and those of the entries they show); None
    when some part of it is not plain data, an entry or a rule's use."""
    if isinstance(value, Entry):
        referrers = catalog.referrers.get(value.id, [])
        shown = [catalog.entries[i] for i in shown_entries(value, referrers) if i in catalog.entries]
        return ["entry", entry_digest(value), [entry_digest(e) for e in shown]]
    if isinstance(value, RuleUse):
        return ["use", _named(catalog, value.respect), _named(catalog, value.breaking)]
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            part = _named(catalog, v)
            if part is None or not isinstance(k, str):
                return None
            out[k] = part
        return out
    if isinstance(value, list | tuple):
        items = [_named(catalog, v) for v in value]
        return None if any(i is None for i in items) else items
    if value is None or isinstance(value, str | int | float | bool):
        return ["value", value]
    return None
