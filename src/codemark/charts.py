"""Lay out the statistics page's charts: where each line, bar, tile and label goes.

The templates (``templates/fragments/chart-*.html``) only draw what is laid
out here, as small inline SVG. Every mark carries its figure as a written
label, so colour never carries meaning alone, and the colours below all have
at least 3:1 contrast on white (4.5:1 where text sits on them).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from codemark.register import NO_LEVEL
from codemark.statistics import Areas, KindLevels, Month, PrincipleShares, Statistics, Tile

# Okabe and Ito's colour-blind safe palette, darkened where needed for contrast on white.
SERIES = (
    # (field of Month, name, colour, dash pattern, marker)
    ("signed", "Signed", "#0b0c0c", "", "diamond"),
    ("current", "Current", "#0068a5", "", "circle"),
    ("lapsed", "Lapsed", "#b84f00", "7 4", "triangle"),
    ("former", "Former", "#a0467e", "2 3", "square"),
)
# Levels, in the colours of the site's level tags; "no level yet" is hatched grey.
LEVEL_COLOURS = {"foundation": "#1d6b3a", "established": "#1a5a96", "leading": "#6f2c91"}
NO_LEVEL_COLOUR = "#505a5f"
BAR_COLOUR = "#1d4f7a"
# Tiles: white for none, then four shades of blue; the count's colour keeps 4.5:1 on each.
TILE_SHADES = (("#d6e4f0", "#0b0c0c"), ("#93b8d9", "#0b0c0c"), ("#2f6fa7", "#ffffff"),
               ("#123654", "#ffffff"))  # fmt: skip
TILE_EMPTY = ("#ffffff", "#0b0c0c")


def nice_ceiling(value: int, ticks: int = 4) -> tuple[int, int]:
    """A round top for an axis at or above ``value``, and the step between its ticks."""
    if value <= ticks:
        return max(value, 1), 1
    raw = value / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    step = max(1, int(step))
    return step * math.ceil(value / step), step


def month_label(day: object) -> str:
    return f"{day:%b %Y}"


# Signatories over time ----------------------------------------------------------


@dataclass(frozen=True)
class Series:
    name: str
    colour: str
    dash: str
    marker: str
    points: tuple[tuple[float, float], ...]
    last: int  # the latest figure, written at the end of the line
    label_y: float  # where that label goes, moved apart from the others'

    @property
    def path(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in self.points)


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    left: int
    right: int  # x of the plot's right edge
    top: int
    bottom: int  # y of the plot's baseline
    y_ticks: tuple[tuple[float, int], ...]
    x_ticks: tuple[tuple[float, str], ...]
    series: tuple[Series, ...]
    markers: bool  # a marker on every point, when there are few enough to tell apart


def line_chart(months: tuple[Month, ...]) -> LineChart:
    width, height, left, right, top, bottom = 640, 300, 44, 520, 16, 256
    count = len(months)
    top_value, step = nice_ceiling(max((m.signed for m in months), default=0))

    def x(index: int) -> float:
        return left + (right - left) * (index / (count - 1) if count > 1 else 0.5)

    def y(value: int) -> float:
        return bottom - (bottom - top) * value / top_value

    every = next((k for k in (1, 2, 3, 6, 12, 24, 60) if count / k <= 7), 120)
    x_ticks = tuple(
        (x(i), month_label(m.end))
        for i, m in enumerate(months)
        if (m.end.month - 1) % every == 0
        or (every > 12 and m.end.month == 1 and m.end.year % (every // 12) == 0)
    )
    lines = []
    for field, name, colour, dash, marker in SERIES:
        values = [getattr(m, field) for m in months]
        points = tuple((x(i), y(v)) for i, v in enumerate(values))
        lines.append((name, colour, dash, marker, points, values[-1] if values else 0))
    # Each line's figure is written at its end, moved down so that no two labels overlap,
    # then all moved up together if the lowest would leave the chart.
    ends = [points[-1][1] + 4 if points else bottom for *_, points, _ in lines]
    label_y = list(ends)
    below = -math.inf
    for index in sorted(range(len(lines)), key=lambda i: ends[i]):
        label_y[index] = below = max(ends[index], below + 14)
    overflow = max(0.0, below - (height - 4))
    return LineChart(
        width=width,
        height=height,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        y_ticks=tuple((y(v), v) for v in range(0, top_value + 1, step)),
        x_ticks=x_ticks,
        series=tuple(
            Series(name, colour, dash, marker, points, last, label_y[i] - overflow)
            for i, (name, colour, dash, marker, points, last) in enumerate(lines)
        ),
        markers=count <= 24,
    )


# Bars --------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    y: float
    width: float  # 0 for none
    colour: str
    hatched: bool = False


@dataclass(frozen=True)
class Group:
    heading: str
    y: float
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    label_width: int  # where bars start
    bar_span: int  # the length of a full bar
    bar_height: int
    groups: tuple[Group, ...]
    track: bool  # draw each bar's full length behind it (for shares of a whole)


def levels_chart(kinds: tuple[KindLevels, ...]) -> BarChart:
    """Levels held by current signatories, one group of bars per kind of body."""
    label_width, span, bar, row, heading = 110, 420, 14, 19, 24
    most = max((c.count for k in kinds for c in k.levels), default=0) or 1
    groups, y = [], 4.0
    for kind in kinds:
        top = y
        y += heading
        bars = []
        for held in kind.levels if kind.total else ():  # a kind with none current: its heading
            bars.append(
                Bar(
                    held.name,
                    str(held.count),
                    y,
                    span * held.count / most,
                    LEVEL_COLOURS.get(held.level, NO_LEVEL_COLOUR),
                    hatched=held.level == NO_LEVEL,
                )
            )
            y += row
        count = f"{kind.total} current" if kind.total else "no current signatories"
        groups.append(Group(f"{kind.kind.name} ({count})", top, tuple(bars)))
        y += 6 if bars else 0
    return BarChart(640, math.ceil(y), label_width, span, bar, tuple(groups), track=False)


def criteria_chart(principles: tuple[PrincipleShares, ...]) -> BarChart:
    """The share of current signatories meeting each criterion, by principle, hardest first."""
    label_width, span, bar, row, heading = 340, 220, 12, 18, 24
    groups, y = [], 4.0
    for group in principles:
        top = y
        y += heading
        bars = []
        for share in group.shares:
            percent = share.percent
            text = (
                "counts for none yet"
                if percent is None
                else f"{percent}% ({share.meeting} of {share.counted})"
            )
            bars.append(
                Bar(
                    f"{share.criterion.id} {share.criterion.title}",
                    text,
                    y,
                    span * (percent or 0) / 100,
                    BAR_COLOUR,
                )
            )
            y += row
        groups.append(Group(group.principle.heading, top, tuple(bars)))
        y += 4
    return BarChart(700, math.ceil(y), label_width, span, bar, tuple(groups), track=True)


# The map -----------------------------------------------------------------------


@dataclass(frozen=True)
class PlacedTile:
    tile: Tile
    x: int
    y: int
    fill: str
    ink: str


@dataclass(frozen=True)
class Shade:
    label: str  # the range of counts, such as "3 to 4"
    fill: str
    ink: str


@dataclass(frozen=True)
class TileMap:
    width: int
    height: int
    size: int
    tiles: tuple[PlacedTile, ...]
    legend: tuple[Shade, ...]
    legend_y: int
    whole: tuple[int, int, int, int]  # x, y, width, height of the box for every area


def shades(most: int) -> list[tuple[int, int]]:
    """The ranges of counts each shade stands for: up to four, from 1 to ``most``."""
    if most <= 0:
        return []
    uppers = sorted(
        {math.ceil(most * k / len(TILE_SHADES)) for k in range(1, len(TILE_SHADES) + 1)}
    )
    ranges, low = [], 1
    for upper in uppers:
        if upper >= low:
            ranges.append((low, upper))
            low = upper + 1
    return ranges


def tile_map(areas: Areas) -> TileMap:
    size, gap = 60, 4
    pitch = size + gap
    ranges = shades(max((t.count for t in areas.tiles), default=0))
    # Spread the shades over the darker end when there are fewer ranges than shades.
    palette = TILE_SHADES[len(TILE_SHADES) - len(ranges) :]

    def shade(count: int) -> tuple[str, str]:
        for (low, high), colours in zip(ranges, palette, strict=True):
            if low <= count <= high:
                return colours
        return TILE_EMPTY

    placed = tuple(
        PlacedTile(t, t.column * pitch, t.row * pitch, *shade(t.count)) for t in areas.tiles
    )
    legend_y = areas.rows * pitch + 12
    legend = [Shade("None", *TILE_EMPTY)] + [
        Shade(str(low) if low == high else f"{low} to {high}", *colours)
        for (low, high), colours in zip(ranges, palette, strict=True)
    ]
    return TileMap(
        width=areas.columns * pitch,
        height=legend_y + 30,
        size=size,
        tiles=placed,
        legend=tuple(legend),
        legend_y=legend_y,
        whole=(
            areas.whole_at[0] * pitch,
            areas.whole_at[1] * pitch,
            areas.whole_at[2] * pitch - gap,
            size,
        ),
    )


@dataclass(frozen=True)
class Charts:
    """Every chart of the statistics page, laid out."""

    over_time: LineChart
    levels: BarChart
    criteria: BarChart
    areas: TileMap | None  # None without figures by area


def lay_out(figures: Statistics) -> Charts:
    return Charts(
        over_time=line_chart(figures.months),
        levels=levels_chart(figures.kinds),
        criteria=criteria_chart(figures.principles),
        areas=tile_map(figures.areas) if figures.areas and figures.areas.tiles else None,
    )
