"""Small text helpers shared by page planning and rendering."""

from __future__ import annotations

import re
from datetime import date


def long_date(value: date) -> str:
    """A date as GOV.UK writes it: 2 June 2025."""
    return f"{value.day} {value:%B %Y}"


def slugify(text: str) -> str:
    """A lowercase, hyphenated form of a name, for URLs."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
