"""The register in figures: signatories over time, levels by kind, criteria met, and areas.

Worked out once per build, from the register (every entry's mark on the day
of the build) and each entry's dated assessments. Every figure says what it
counts; the statistics page, its CSV files and the home page's headline all
come from here.
"""

from __future__ import annotations

import calendar
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import yaml

from codemark.model import Code, Criterion, Kind, Principle
from codemark.register import NO_LEVEL, Entry, Register
from codemark.score import FORMER, VERIFYING, add_months, effective_date

NO_LEVEL_NAME = "No level yet"


@dataclass(frozen=True)
class Month:
    """The register on the last day of a month (or on the day of the build, for this month)."""

    end: date
    signed: int  # bodies that had signed by then, former signatories included
    current: int  # with an assessment current that day, and not withdrawn or suspended
    lapsed: int  # signed, not former, but no assessment current that day
    former: int  # withdrawn or suspended by then


@dataclass(frozen=True)
class LevelCount:
    """How many current signatories hold a level (or no level yet)."""

    level: str  # a level's id, or NO_LEVEL
    name: str
    count: int


@dataclass(frozen=True)
class KindLevels:
    """The levels current signatories of one kind of body hold."""

    kind: Kind
    levels: tuple[LevelCount, ...]  # no level first, then each level in order

    @property
    def total(self) -> int:
        return sum(c.count for c in self.levels)


@dataclass(frozen=True)
class Share:
    """How many of the current signatories a criterion counts for satisfy it."""

    criterion: Criterion
    meeting: int
    counted: int  # current signatories of the kinds it applies to, once it is in effect

    @property
    def percent(self) -> int | None:
        return round(self.meeting * 100 / self.counted) if self.counted else None


@dataclass(frozen=True)
class PrincipleShares:
    principle: Principle
    shares: tuple[Share, ...]  # the hardest first: lowest share, then criterion order


@dataclass(frozen=True)
class Tile:
    """One area on the map, and how many current signatories serve it."""

    name: str
    label: str  # a short form that fits on the tile
    column: int
    row: int
    count: int


@dataclass(frozen=True)
class Areas:
    """Current signatories by the areas they serve."""

    map_name: str
    tiles: tuple[Tile, ...]
    whole_name: str  # what serving every area is called, such as "The whole county"
    whole_at: tuple[int, int, int]  # column, row and width in tiles of its box on the map
    whole: int  # current signatories that serve every area
    elsewhere: tuple[tuple[str, int], ...]  # other areas named, most signatories first

    @property
    def columns(self) -> int:
        return max(t.column for t in self.tiles) + 1

    @property
    def rows(self) -> int:
        return max(t.row for t in self.tiles) + 1


@dataclass(frozen=True)
class Statistics:
    as_of: date
    current: int
    current_demonstration: int  # fictional sample entries among the current signatories
    months: tuple[Month, ...]  # from the month of the first signing to this month
    kinds: tuple[KindLevels, ...]
    principles: tuple[PrincipleShares, ...]
    areas: Areas | None  # None for a code whose signatories name no areas

    def share(self, criterion_id: str) -> Share:
        return next(
            share
            for group in self.principles
            for share in group.shares
            if share.criterion.id == criterion_id
        )

    @property
    def year_start(self) -> Month:
        """The register on 31 December of last year (all zero if it had not started)."""
        last_year_end = date(self.as_of.year - 1, 12, 31)
        for month in reversed(self.months):
            if month.end <= last_year_end:
                return month
        return Month(last_year_end, 0, 0, 0, 0)

    @property
    def year_began(self) -> date:
        return date(self.as_of.year, 1, 1)

    @property
    def change_this_year(self) -> int:
        """Current signatories now, less those current when the year began."""
        return self.current - self.year_start.current


# The map ----------------------------------------------------------------------


@dataclass(frozen=True)
class AreaMap:
    """The areas the map shows, where, and the names a signatory may give each."""

    name: str
    whole_name: str
    whole_names: frozenset[str]  # casefolded
    whole_at: tuple[int, int, int]  # column, row and width in tiles of its box on the map
    tiles: tuple[tuple[str, str, int, int], ...]  # (name, label, column, row)
    names: dict[str, str]  # every accepted spelling, casefolded, to its tile's name


AREA_MAP = "data/area-map.yml"  # where a site keeps its map, from its root


# A site without a map: every area a signatory names is listed, none drawn.
NO_MAP = AreaMap(
    name="", whole_name="", whole_names=frozenset(), whole_at=(0, 0, 0), tiles=(), names={}
)


@cache
def area_map(path: Path) -> AreaMap | None:
    """The site's own map of its areas (``data/area-map.yml``); None when it keeps none.

    Which areas there are and where they lie is the site's, never the engine's. The
    map is the secretariat's own file, so it is read plainly.
    """
    if not path.is_file():
        return None
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    whole = data["whole"]
    tiles = tuple((t["name"], t["label"], t["column"], t["row"]) for t in data["tiles"])
    names = {
        spelling.casefold(): tile["name"]
        for tile in data["tiles"]
        for spelling in [tile["name"], *tile.get("also", [])]
    }
    return AreaMap(
        name=data["name"],
        whole_name=whole["name"],
        whole_names=frozenset(n.casefold() for n in [whole["name"], *whole.get("also", [])]),
        whole_at=(whole["column"], whole["row"], whole["columns"]),
        tiles=tiles,
        names=names,
    )


# Working it out ----------------------------------------------------------------


def statistics(register: Register, areas: AreaMap | None = None) -> Statistics:
    """Every figure the statistics page shows, from the register on its day. Without a map,
    every area named is listed apart; a code whose signatories name no areas has none."""
    code, today = register.code, register.today
    current = [e for e in register.entries if e.mark.current]
    return Statistics(
        as_of=today,
        current=len(current),
        current_demonstration=sum(e.signatory.demonstration for e in current),
        months=over_time(code, register.entries, today),
        kinds=levels_by_kind(code, current),
        principles=criteria_shares(code, current, today, register.meeting),
        areas=by_area(current, areas or NO_MAP) if code.areas else None,
    )


def month_ends(first: date, today: date) -> list[date]:
    """The last day of each month from ``first``'s to today's; today for the month in progress."""
    ends, year, month = [], first.year, first.month
    while (year, month) <= (today.year, today.month):
        ends.append(min(date(year, month, calendar.monthrange(year, month)[1]), today))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return ends


Interval = tuple[date, date]  # both days included


def _merge(intervals: Iterable[Interval]) -> list[Interval]:
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1] + timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _minus(intervals: list[Interval], holes: list[Interval]) -> list[Interval]:
    """The days of ``intervals`` outside every hole."""
    result = intervals
    for hole_start, hole_end in holes:
        kept: list[Interval] = []
        for start, end in result:
            if end < hole_start or start > hole_end:
                kept.append((start, end))
                continue
            if start < hole_start:
                kept.append((start, hole_start - timedelta(days=1)))
            if end > hole_end:
                kept.append((hole_end + timedelta(days=1), end))
        result = kept
    return result


def former_intervals(entry: Entry, today: date) -> list[Interval]:
    """The days an entry was a former signatory: withdrawn by the body, or suspended or
    withdrawn by the secretariat until a later review reinstated it."""
    spans: list[Interval] = []
    left: date | None = None
    for review in sorted(entry.reviews, key=lambda r: r.date):
        if review.outcome in FORMER and left is None:
            left = review.date
        elif review.outcome in VERIFYING and left is not None:
            spans.append((left, review.date - timedelta(days=1)))
            left = None
    if left is not None:
        spans.append((left, today))
    if entry.signatory.withdrawn_on is not None:
        spans.append((entry.signatory.withdrawn_on, today))
    return _merge(s for s in spans if s[0] <= s[1])


def current_intervals(code: Code, entry: Entry, today: date) -> list[Interval]:
    """The days one of the entry's assessments was current and the body had not left."""
    spans = [
        (day, add_months(day, code.validity_months) - timedelta(days=1))
        for day in assessment_dates(entry)
    ]
    return _minus(_merge(spans), former_intervals(entry, today))


def assessment_dates(entry: Entry) -> list[date]:
    """The dates of every assessment the entry's file records, its history included."""
    return [assessment.date for assessment in entry.signatory.assessments]


def over_time(code: Code, entries: Sequence[Entry], today: date) -> tuple[Month, ...]:
    """Signed, current, lapsed and former at the end of each month.

    Each entry adds its spans to difference arrays over the months, so the
    work grows with the entries, not with entries times months.
    """
    if not entries:
        return ()
    ends = month_ends(min(e.signatory.signed_on for e in entries), today)
    size = len(ends) + 1
    signed, current, former = [0] * size, [0] * size, [0] * size

    def add(counts: list[int], start: date, end: date) -> None:
        first, after = bisect_left(ends, start), bisect_right(ends, end)
        if first < after:
            counts[first] += 1
            counts[after] -= 1

    for entry in entries:
        add(signed, entry.signatory.signed_on, today)
        for start, end in current_intervals(code, entry, today):
            add(current, start, end)
        for start, end in former_intervals(entry, today):
            add(former, start, end)
    months, running = [], [0, 0, 0]
    for index, end in enumerate(ends):
        running = [
            total + counts[index]
            for total, counts in zip(running, (signed, current, former), strict=True)
        ]
        on, live, left = running
        months.append(Month(end, on, live, on - live - left, left))
    return tuple(months)


def levels_by_kind(code: Code, current: Sequence[Entry]) -> tuple[KindLevels, ...]:
    held = Counter((e.signatory.organisation.kind.id, e.level_key) for e in current)
    levels = [(NO_LEVEL, NO_LEVEL_NAME), *((lvl.id, lvl.name) for lvl in code.levels)]
    return tuple(
        KindLevels(kind, tuple(LevelCount(i, name, held[kind.id, i]) for i, name in levels))
        for kind in code.kinds
    )


def criteria_shares(
    code: Code, current: Sequence[Entry], today: date, meeting: Callable[[str], int]
) -> tuple[PrincipleShares, ...]:
    """For each criterion, the current signatories that satisfy it, of those it counts for.

    Which criteria count for a current signatory depends only on its kind of
    body and the day, so the denominators come from the number of each kind.
    """
    by_kind = Counter(e.signatory.organisation.kind.id for e in current)
    result = []
    for principle in code.principles:
        shares = [
            Share(
                c,
                meeting(c.id),
                sum(by_kind[k.id] for k in c.applies_to) if effective_date(code, c) <= today else 0,
            )
            for c in principle.criteria
        ]
        order = {c.id: n for n, c in enumerate(principle.criteria)}
        shares.sort(key=lambda s: (s.percent is None, s.percent or 0, order[s.criterion.id]))
        result.append(PrincipleShares(principle, tuple(shares)))
    return tuple(result)


def by_area(current: Sequence[Entry], area_map: AreaMap) -> Areas:
    on_tile: Counter[str] = Counter()
    elsewhere: Counter[str] = Counter()
    whole = 0
    for entry in current:
        named = {" ".join(a.split()) for a in entry.signatory.organisation.areas}
        if any(a.casefold() in area_map.whole_names for a in named):
            whole += 1
        tiles = {area_map.names[a.casefold()] for a in named if a.casefold() in area_map.names}
        on_tile.update(tiles)
        elsewhere.update(
            a
            for a in named
            if a.casefold() not in area_map.names and a.casefold() not in area_map.whole_names
        )
    return Areas(
        map_name=area_map.name,
        tiles=tuple(Tile(n, label, col, row, on_tile[n]) for n, label, col, row in area_map.tiles),
        whole_name=area_map.whole_name,
        whole_at=area_map.whole_at,
        whole=whole,
        elsewhere=tuple(sorted(elsewhere.items(), key=lambda item: (-item[1], item[0].casefold()))),
    )
