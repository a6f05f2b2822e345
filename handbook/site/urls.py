"""Where each generated page lives: the one place that spells a page's path.

Docs paths (`entries/<id>.md`) are what the pipeline adds to the build and what links between pages
name; published URLs (`entries/<id>/`) are what catalog.json gives other systems, relative to the site.
"""

from __future__ import annotations


def entry_uri(entry_id: str) -> str:
    """The docs path of an entry's page."""
    return f"entries/{entry_id}.md"


def entry_url(entry_id: str) -> str:
    """The URL of an entry's page, relative to the site root (directory URLs, as the site is served)."""
    return f"entries/{entry_id}/"


def term_uri(section: str, term_id: str) -> str:
    """The docs path of a vocabulary term's page (a stage, scenario, channel or overdue bucket)."""
    return f"{section}/{term_id}.md"


def rule_uri(rule_id: str) -> str:
    """The docs path of a red line's page."""
    return f"redlines/{rule_id.lower()}.md"


# Generated pages kept out of search (docs-path prefixes): they only repeat entries (print views, tags,
# coverage, the flow map, dialogues, cards, team views) or hold a form (practice, the checker).
SEARCH_EXCLUDED = ("print/", "tags/", "coverage", "flow", "dialogues/", "cards/", "practice", "check", "team/")
