"""How old an entry's last compliance review is, and which entries are due for another."""

from __future__ import annotations

import os
from datetime import date

REVIEW_MONTHS = 12
TODAY_ENV = "HANDBOOK_TODAY"  # a fixed date for reproducible builds and tests (YYYY-MM-DD)


def today() -> date:
    fixed = os.environ.get(TODAY_ENV)
    return date.fromisoformat(fixed) if fixed else date.today()


def months_since(reviewed_on: str, on: date) -> int:
    """Whole months from `reviewed_on` (YYYY-MM-DD) to `on`."""
    then = date.fromisoformat(reviewed_on)
    months = (on.year - then.year) * 12 + on.month - then.month
    return months - (on.day < then.day)


def is_stale(reviewed_on: str, on: date, months: int = REVIEW_MONTHS) -> bool:
    return months_since(reviewed_on, on) >= months
