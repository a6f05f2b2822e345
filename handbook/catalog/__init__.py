"""Load the whole catalogue folder and check it: schema, vocabularies, cross-file rules.

One concern per module: the data model (model), loading with its caches and fork pool (loader), the
checks of one file (checks) and across files (cross), the red lines through the linter (compliance),
the legal sources and their certainty (legal), review dates (freshness) and what git says (history).

`load_catalog(root)` is the one entry point that the MkDocs hooks, the CLI and
the tests share. It never raises for bad data: it returns the catalogue (or
None when the reference files themselves are broken) and every issue found,
sorted by file and line.
"""

from __future__ import annotations

from .checks import may_hold_markup
from .cross import references
from .loader import load_catalog
from .model import (
    DEFINITIONS,
    ENTRY_SCHEMA,
    MARKUP,
    PLACEHOLDER,
    REFERENCE_FILES,
    TEMPLATE,
    VOCABULARY_FIELDS,
    Catalog,
    Entry,
)

__all__ = [
    "DEFINITIONS",
    "ENTRY_SCHEMA",
    "TEMPLATE",
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
