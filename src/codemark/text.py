"""Small text helpers shared by page planning and rendering."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache


@lru_cache(maxsize=4096)  # every page of the register writes the same few dates
def long_date(value: date) -> str:
    """A date as GOV.UK writes it: 2 June 2025."""
    return f"{value.day} {value:%B %Y}"


_LONG_DATE = re.compile(
    r"\b(\d{1,2}) (January|February|March|April|May|June|July|August|September|October"
    r"|November|December) (\d{4})\b"
)


def nowrap_dates(text: str) -> str:
    """Text whose dates in words ("28 February 2027") never break across lines: the spaces
    inside each become no-break spaces."""
    return _LONG_DATE.sub("\\1\u00a0\\2\u00a0\\3", text)


def slugify(text: str) -> str:
    """A lowercase, hyphenated form of a name, for URLs."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def markdown_literal(text: str, table: bool = False) -> str:
    """Text that Markdown on GitHub shows as written, in a table cell if ``table``.

    A code span is the one place where GitHub makes no links, images,
    @mentions or #references, so a body's name cannot notify a team or link
    to another site from an issue. The fence is longer than any run of
    backticks in the text, and line breaks become spaces; in a table, a bar
    is escaped, or it would end the cell.
    """
    flat = " ".join(text.split())
    flat = flat.replace("|", "\\|") if table else flat
    longest = max((len(run) for run in re.findall(r"`+", flat)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{pad}{flat}{pad}{fence}"
