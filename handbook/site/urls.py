"""Where each generated page lives: the one place that spells a page's path.

Docs paths (`entries/<id>.md`) are what the pipeline adds to the build and what links between pages
name; published URLs (`entries/<id>/`) are what catalog.json gives other systems, relative to the site.
Which generated pages stay out of the navigation and out of search is decided here too.
"""

from __future__ import annotations

# Pages of one kind each -------------------------------------------------------------------------------
CHANGELOG = "changelog.md"
CONTRIBUTING = "contributing.md"  # CONTRIBUTING.md of the repository, as the site's 参与编辑 page
TAGS = "tags/index.md"
COVERAGE = "coverage.md"
REDLINES = "redlines/index.md"
REVIEW = "review.md"  # the compliance review page
FLOW = "flow.md"
DIALOGUES = "dialogues/index.md"
TEAM_CHANGES = "team/changes.md"
TEAM_REDLINES = "team/redlines.md"
CALL_AUDIT = "team/call-audit.md"  # the call audit in the browser, 通话质检
AUDIT_GUIDE = "audit.md"  # the command line's guide (a page of docs/)
CARDS = "cards/index.md"
PRACTICE = "practice.md"
CHECK = "check.md"
COMPANION = "companion.md"  # the call companion, 通话助手


def entry_uri(entry_id: str) -> str:
    """The docs path of an entry's page."""
    return f"entries/{entry_id}.md"


def entry_url(entry_id: str) -> str:
    """The URL of an entry's page, relative to the site root (directory URLs, as the site is served)."""
    return f"entries/{entry_id}/"


def section_uri(section: str) -> str:
    """The overview of a section (stages, channels, overdue, scenarios)."""
    return f"{section}/index.md"


def term_uri(section: str, term_id: str) -> str:
    """The docs path of a vocabulary term's page (a stage, scenario, channel or overdue bucket)."""
    return f"{section}/{term_id}.md"


def rule_uri(rule_id: str) -> str:
    """The docs path of a red line's page."""
    return f"redlines/{rule_id.lower()}.md"


def print_uri(stage_id: str) -> str:
    """A stage's entries on one page for printing."""
    return f"print/{stage_id}.md"


def dialogue_uri(scenario_id: str) -> str:
    """The example call of a scenario."""
    return f"dialogues/{scenario_id}.md"


def card_uri(name: str) -> str:
    """A call card (`stage-<id>` or `scenario-<id>`)."""
    return f"cards/{name}.md"


# Generated pages reached from the indexes, not the navigation (gitignore patterns for MkDocs'
# not_in_nav): with every entry in the navigation each page would embed all of them and the build would
# grow with the square of the catalogue. The `navigation` page set adds them to the configuration.
NOT_IN_NAV = ("/entries/", "/print/", "/dialogues/", "/cards/")

# Generated pages kept out of search (docs-path prefixes): they only repeat entries (print views, tags,
# coverage, the flow map, dialogues, cards, team views) or hold a form (practice, the checker, the companion).
SEARCH_EXCLUDED = (
    "print/",
    "tags/",
    "coverage",
    "flow",
    "dialogues/",
    "cards/",
    "practice",
    "check",
    "companion",
    "team/",
)
