"""SVG badges of the quality mark, sized to their text, readable by screen readers."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from markupsafe import escape

from codemark.model import Code, Level
from codemark.register import Entry
from codemark.score import LAPSED
from codemark.text import long_date

FONT_SIZE = 11
PADDING = 6
HEIGHT = 20
LABEL_COLOUR = "#333333"
TEXT_COLOUR = "#ffffff"
# Each colour gives white text a contrast of at least 4.5:1.
LEVEL_COLOURS = {1: "#1d6b3a", 2: "#1a5a96", 3: "#6f2c91"}
NO_LEVEL_COLOUR = "#505a5f"
LAPSED_COLOUR = "#6b6b6b"
FORMER_COLOUR = "#f3f2f1"  # with dark text: a former signatory's badge is pale and plain
FORMER_TEXT = "#333333"


@cache
def _font() -> tuple[int, dict[str, int]]:
    data = json.loads(
        resources.files("codemark").joinpath("data/badge-font.json").read_text("utf-8")
    )
    return int(data["units_per_em"]), {k: int(v) for k, v in data["widths"].items()}


def text_width(text: str, size: int = FONT_SIZE) -> float:
    """The width of ``text`` in pixels, in DejaVu Sans at ``size``."""
    units, widths = _font()
    fallback = widths["M"]  # wider than most, so unknown characters never overflow
    return sum(widths.get(ch, fallback) for ch in text) * size / units


@dataclass(frozen=True)
class Badge:
    """What a badge says and how it looks."""

    label: str
    message: str
    colour: str
    text_colour: str
    description: str  # the whole meaning, for screen readers

    def svg(self) -> str:
        label_w = round(text_width(self.label) + 2 * PADDING)
        message_w = round(text_width(self.message) + 2 * PADDING)
        total = label_w + message_w
        label_text, message_text = escape(self.label), escape(self.message)
        description = escape(self.description)
        text_y = 14
        outline = ' stroke="#333333"' if self.colour == FORMER_COLOUR else ""
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{total}" height="{HEIGHT}" '
            f'viewBox="0 0 {total} {HEIGHT}" role="img" aria-label="{description}">'
            f"<title>{description}</title>"
            f'<rect width="{label_w}" height="{HEIGHT}" fill="{LABEL_COLOUR}"/>'
            f'<rect x="{label_w}" width="{message_w}" height="{HEIGHT}" fill="{self.colour}"'
            f"{outline}/>"
            f'<g font-family="DejaVu Sans,Verdana,Geneva,sans-serif" font-size="{FONT_SIZE}" '
            'text-anchor="middle" aria-hidden="true">'
            f'<text x="{label_w / 2}" y="{text_y}" fill="{TEXT_COLOUR}" '
            f'textLength="{label_w - 2 * PADDING}">{label_text}</text>'
            f'<text x="{label_w + message_w / 2}" y="{text_y}" fill="{self.text_colour}" '
            f'textLength="{message_w - 2 * PADDING}">{message_text}</text>'
            "</g></svg>\n"
        )

    def shields(self) -> str:
        """The shields.io endpoint JSON for the same badge."""
        return (
            json.dumps(
                {
                    "schemaVersion": 1,
                    "label": self.label,
                    "message": self.message,
                    "color": self.colour.lstrip("#"),
                    "labelColor": LABEL_COLOUR.lstrip("#"),
                },
                ensure_ascii=False,
            )
            + "\n"
        )


def level_badge(code: Code, level: Level) -> Badge:
    return Badge(
        code.short_name,
        level.name,
        LEVEL_COLOURS.get(level.rank, NO_LEVEL_COLOUR),
        TEXT_COLOUR,
        f"{code.short_name}: {level.name} level",
    )


def signatory_badge(code: Code, entry: Entry) -> Badge:
    """The badge of one signatory: its level, and plainly whether it is current, as of when."""
    mark, name = entry.mark, entry.signatory.organisation.name
    label = code.short_name + (" (demo)" if entry.signatory.demonstration else "")
    # A screen reader hears the whole mark and the day it was worked out.
    description = f"{label}: {name}: {mark.summary}. Status as of {long_date(mark.as_of)}."
    if mark.former:
        return Badge(label, "Former signatory", FORMER_COLOUR, FORMER_TEXT, description)
    if mark.standing == LAPSED:
        # No level on a lapsed badge: it is not held.
        return Badge(label, "Lapsed", LAPSED_COLOUR, TEXT_COLOUR, description)
    level = mark.level.name if mark.level else "Signatory"
    colour = LEVEL_COLOURS.get(mark.level.rank, NO_LEVEL_COLOUR) if mark.level else NO_LEVEL_COLOUR
    return Badge(label, level, colour, TEXT_COLOUR, description)
