"""The statistics: figures that agree with the register, a map that is whole, and charts whose
colours are readable and never alone."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from datetime import date
from itertools import pairwise

import pytest

from codemark import charts
from codemark.content import load_code
from codemark.export import spreadsheet_safe, statistics_csv, write_answers_csv
from codemark.register import Register, build_register
from codemark.signatories import Checker, load_known_bodies, load_reviews, signatory_files
from codemark.statistics import AREA_MAP, area_map, by_area, statistics

from .conftest import KNOWN, ROOT

LONDON_MAP = area_map(ROOT / AREA_MAP)  # the London site's own map

TODAY = date(2026, 11, 25)
CODE = load_code(ROOT / "code")


@pytest.fixture(scope="module")
def register() -> Register:
    """The sample signatories and reviews, as the site shows them on TODAY."""
    checker = Checker(CODE, load_known_bodies(KNOWN), TODAY)
    files = signatory_files([ROOT / "signatories"])
    signatories = [r.signatory for r in checker.check_files([(f, f.name) for f in files])]
    valid = [s for s in signatories if s is not None]
    reviews, problems = load_reviews(ROOT / "reviews", str, CODE, [s.slug for s in valid], TODAY)
    assert not problems
    return build_register(CODE, valid, reviews, TODAY)


def test_the_figures_agree_with_the_register(register: Register) -> None:
    figures = statistics(register, LONDON_MAP)
    counts = register.counts
    today = figures.months[-1]
    assert today.end == TODAY
    assert (today.signed, today.current, today.lapsed, today.former) == (
        counts.entries,
        counts.current,
        counts.lapsed,
        counts.former,
    )
    held = {level: count for level, _, count in counts.levels}
    for level in held:
        assert (
            sum(c.count for k in figures.kinds for c in k.levels if c.level == level) == held[level]
        ), level
    for group in figures.principles:
        percents = [s.percent for s in group.shares]
        assert percents == sorted(percents), group.principle.id  # the hardest first
        for share in group.shares:
            assert share.meeting == register.meeting(share.criterion.id)
            assert share.meeting <= share.counted <= counts.current


def test_months_never_go_back_in_signing(register: Register) -> None:
    months = statistics(register, LONDON_MAP).months
    assert all(a.signed <= b.signed for a, b in pairwise(months))
    assert all(m.signed == m.current + m.lapsed + m.former for m in months)


def test_the_map_has_every_borough_once() -> None:
    london = LONDON_MAP
    places = [(column, row) for _, _, column, row in london.tiles]
    assert len(london.tiles) == 33 and len(set(places)) == 33
    assert len({label for _, label, _, _ in london.tiles}) == 33
    column, row, width = london.whole_at
    assert not {(column + i, row) for i in range(width)} & set(places)
    assert london.names["city of westminster"] == "Westminster"


def test_areas_are_counted_on_their_tile_apart_or_under_the_map(register: Register) -> None:
    entry = next(e for e in register.entries if e.mark.current)

    def serving(*areas: str):  # type: ignore[no-untyped-def]
        org = replace(entry.signatory.organisation, areas=areas)
        return replace(entry, signatory=replace(entry.signatory, organisation=org))

    areas = by_area(
        [
            serving("Camden", "islington"),
            serving("City of Westminster"),
            serving("London-wide"),
            serving("Sampleton"),
        ],
        LONDON_MAP,
    )
    tiles = {t.name: t.count for t in areas.tiles}
    assert (tiles["Camden"], tiles["Islington"], tiles["Westminster"]) == (1, 1, 1)
    assert sum(tiles.values()) == 3
    assert areas.whole == 1 and areas.elsewhere == (("Sampleton", 1),)


def contrast(one: str, other: str = "#ffffff") -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_chart_colours_can_be_told_from_the_page_and_carry_readable_text() -> None:
    marks = [colour for _, _, colour, _, _ in charts.SERIES]
    marks += [*charts.LEVEL_COLOURS.values(), charts.NO_LEVEL_COLOUR, charts.BAR_COLOUR]
    for colour in marks:
        assert contrast(colour) >= 3, colour  # WCAG 1.4.11, graphical objects
    for fill, ink in (*charts.TILE_SHADES, charts.TILE_EMPTY):
        assert contrast(fill, ink) >= 4.5, fill  # the count written on each tile
    # Lines differ by more than colour: each has its own dash pattern or marker.
    assert len({(dash, marker) for _, _, _, dash, marker in charts.SERIES}) == len(charts.SERIES)


def test_chart_layouts_stay_inside_their_frames(register: Register) -> None:
    laid_out = charts.lay_out(statistics(register, LONDON_MAP))
    line = laid_out.over_time
    for series in line.series:
        assert all(line.left <= x <= line.right and line.top <= y <= line.bottom
                   for x, y in series.points)  # fmt: skip
        assert 0 <= series.label_y <= line.height
    labels = sorted(s.label_y for s in line.series)
    assert all(b - a >= 14 for a, b in pairwise(labels))
    for chart in (laid_out.levels, laid_out.criteria):
        for group in chart.groups:
            assert all(0 <= bar.width <= chart.bar_span for bar in group.bars)
    assert laid_out.criteria.groups[0].bars[0].label.startswith("1.")
    assert charts.shades(1) == [(1, 1)] and charts.shades(8) == [(1, 2), (3, 4), (5, 6), (7, 8)]


def test_statistics_csv_files_are_safe_and_match_the_figures(register: Register) -> None:
    figures = statistics(register, LONDON_MAP)
    files = statistics_csv(figures)
    rows = list(csv.DictReader(io.StringIO(files["over_time"])))
    assert len(rows) == len(figures.months)
    assert rows[-1]["current"] == str(figures.current)
    criteria = list(csv.DictReader(io.StringIO(files["criteria"])))
    assert len(criteria) == len(CODE.criteria)
    levels = next(csv.reader(io.StringIO(files["levels"])))
    assert levels == ["kind", "no_level_yet", "foundation", "established", "leading", "all_current"]
    # An area a signatory names is written so that no spreadsheet runs it.
    hostile = replace(figures, areas=replace(figures.areas, elsewhere=(("=HYPERLINK(1)", 1),)))
    text = statistics_csv(hostile)["areas"]
    assert re.search(r"^'=HYPERLINK", text, re.MULTILINE)
    assert spreadsheet_safe("=1") == "'=1"


def test_register_filters_combine_two_at_a_time(register: Register) -> None:
    """Kind, level and status combine in pairs; areas replace; a pair's third waits."""
    facets = {f.slug: f for f in register.facets()}
    local = facets["kind--local-authority"]
    options = {o.facet.slug: o for o in register.options(local)}
    pair = register.pair(local, facets["level--foundation"])
    assert pair and options["level--foundation"].slug == pair.slug
    assert {e.slug for e in pair.entries} == {
        e.slug for e in local.entries if e.level_key == "foundation"
    }
    assert options["kind--nhs-commissioner"].slug == "kind--nhs-commissioner"
    assert options["area--example-borough"].slug == "area--example-borough"  # areas replace
    assert options["kind--local-authority"].chosen
    on_pair = {o.facet.slug: o for o in register.options(pair)}
    assert on_pair["status--lapsed"].count is None  # remove one of the pair first
    swapped = register.pair(facets["kind--nhs-commissioner"], facets["level--foundation"])
    assert on_pair["kind--nhs-commissioner"].slug == (swapped.slug if swapped else "")
    for combination in register.combinations.values():
        dimensions = [part.dimension for part in combination.parts]
        assert len(set(dimensions)) == 2 and "area" not in dimensions


def test_the_answers_csv_has_a_row_per_answer_and_runs_nothing(register: Register) -> None:
    entry = register.entries[0]
    first = entry.signatory.answers[0]
    hostile = replace(first, note='=HYPERLINK("https://evil.example")')
    signatory = replace(entry.signatory, answers=(hostile, *entry.signatory.answers[1:]))
    changed = replace(
        register, entries=(replace(entry, signatory=signatory), *register.entries[1:])
    )
    out = io.StringIO()
    write_answers_csv(changed, out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == sum(len(e.signatory.answers) for e in register.entries)
    assert rows[0]["note"] == "'" + hostile.note
    assert rows[0]["identifier"] == entry.signatory.organisation.identifier
    assert (rows[0]["criterion"], rows[0]["level"]) == (
        first.criterion.id,
        first.criterion.level.id,
    )
