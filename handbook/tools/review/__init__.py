"""Review report for a pull request: how the catalogue changed since a git revision, as Markdown.

`review_report(project, base)` reads the catalogue as it stood at `base` straight out of git
(`git ls-tree` and `git cat-file`; nothing is checked out) and compares it with the working tree:
entries added, changed field by field and removed, matched by `id`; what the red-line linter finds
in new or changed wording; references left pointing at removed entries; changes to the reference
files; and the working tree's validation issues. Every text taken from the catalogue is escaped, so
the report can be posted as a pull-request comment as it is.
"""

from __future__ import annotations

from .fields import field_changes
from .report import review_report

__all__ = ["field_changes", "review_report"]
