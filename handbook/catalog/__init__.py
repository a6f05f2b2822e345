"""Load the whole catalogue folder and check it: schema, vocabularies, cross-file rules.

`load_catalog(root)` is the one entry point that the MkDocs hooks, the CLI and
the tests share. It never raises for bad data: it returns the catalogue (or
None when the reference files themselves are broken) and every issue found,
sorted by file and line.
"""

from __future__ import annotations

from .checks import may_hold_markup
from .cross import references
from .loader import load_catalog
from .model import ENTRY_SCHEMA, MARKUP, PLACEHOLDER, REFERENCE_FILES, VOCABULARY_FIELDS, Catalog, Entry

__all__ = [
    "ENTRY_SCHEMA",
    "MARKUP",
    "PLACEHOLDER",
    "REFERENCE_FILES",
    "VOCABULARY_FIELDS",
    "Catalog",
    "Entry",
    "load_catalog",
    "may_hold_markup",
    "references",
]
