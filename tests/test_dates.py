"""The same content, built on four days around a renewal, says the right thing on each day in
every output: the signatory's page, the register and its facet pages, the open data, the feed,
the badge and the certificate.

The outputs are made by the core, as the plugin makes them, without a full mkdocs build for
each day: test_site builds the whole site once.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from html import unescape

import feedparser
import pytest

from codemark import urls
from codemark.content import load_content
from codemark.links import Links
from codemark.publish import Shell, data_files, listing_html, listings, register_outputs
from codemark.register import Register, build_register
from codemark.render import Renderer
from codemark.signatories import Checker, load_known_bodies, load_reviews, signatory_files
from codemark.statistics import statistics
from codemark.text import long_date

from .conftest import KNOWN, ROOT

SLUG = "sample-town-council"  # a real sample entry whose assessment runs out
NAME = "Sample Town Council"
SITE = "https://example.org/"
CONTENT = load_content(ROOT / "code", ROOT / "docs" / "case-studies", ROOT / "docs")
SHELL = Shell('<html><head><title>t</title><link rel="canonical" href="x"></head><body>', "")


def build(day: date) -> tuple[Register, dict[str, str]]:
    """Every file the register adds to the site, as the build makes them on ``day``."""
    code = CONTENT.code
    checker = Checker(code, load_known_bodies(KNOWN), day)
    files = signatory_files([ROOT / "signatories"])
    signatories = [r.signatory for r in checker.check_files([(f, f.name) for f in files])]
    assert all(signatories)
    reviews, problems = load_reviews(
        ROOT / "reviews", str, code, [s.slug for s in signatories if s], day
    )
    assert problems == []
    register = build_register(code, [s for s in signatories if s], reviews, day)
    links = Links(SITE, "https://github.com/o/r", contact="secretariat@example.org")
    renderer = Renderer(CONTENT, register, True, links)
    outputs = {o.path: o.text for o in register_outputs(register, renderer, links, SHELL, "S")}
    outputs[urls.REGISTER] = listing_html(renderer, next(listings(register)), urls.REGISTER)
    return register, outputs | data_files(register, links, statistics(register))


def words(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@dataclass(frozen=True)
class Day:
    name: str
    day: date
    status: str  # as register.json says it
    text: str  # the status, as pages and the register say it
    summary: str  # the level and the status, as the open data, the feed and the badge say it


def days() -> list[Day]:
    """The day before renewal opens, the first day of renewal, the last current day and the
    first lapsed day, worked out from the entry's own dates."""
    register, _ = build(date(2026, 11, 25))
    mark = next(e.mark for e in register.entries if e.slug == SLUG)
    opens, last, lapses = mark.renewal_from, mark.current_to, mark.current_to + timedelta(days=1)
    level = mark.level.name if mark.level else "No level yet"
    until = f"until {long_date(last)}"
    due = f"{until}; due for renewal"
    return [
        Day(
            "before-renewal",
            opens - timedelta(1),
            "current",
            f"Current {until}",
            f"{level}, current {until}",
        ),
        Day("renewal-opens", opens, "renewal-due", f"Current {due}", f"{level}, current {due}"),
        Day("last-current-day", last, "renewal-due", f"Current {due}", f"{level}, current {due}"),
        Day(
            "first-lapsed-day",
            lapses,
            "lapsed",
            f"Lapsed on {long_date(lapses)}",
            f"Held {level} until {long_date(last)}; lapsed, as no new self-assessment was filed",
        ),
    ]


DAYS = days()


@pytest.fixture(scope="module", params=DAYS, ids=[d.name for d in DAYS])
def built(request: pytest.FixtureRequest) -> tuple[Day, Register, dict[str, str]]:
    day: Day = request.param
    register, outputs = build(day.day)
    return day, register, outputs


def test_the_signatory_page_turns_over(built: tuple[Day, Register, dict[str, str]]) -> None:
    day, _, outputs = built
    page = words(outputs[urls.signatory_page(SLUG)])
    assert f"Status {day.text} (as of {long_date(day.day)})" in page
    lapsed = day.status == "lapsed"
    assert (f"Lapsed. {day.summary}." in page) == lapsed
    assert ("Progress" in page) == (not lapsed) and ("due for renewal from" in page) != lapsed


def test_the_register_and_its_facet_pages_turn_over(
    built: tuple[Day, Register, dict[str, str]],
) -> None:
    day, register, outputs = built
    link = f'href="{SLUG}.html"'
    row = re.search(rf"{link}.*?</tr>", outputs[urls.REGISTER], re.S)
    assert row and day.text in words(row.group(0))
    level = next(e.mark for e in register.entries if e.slug == SLUG)
    expected = {
        "status--current": day.status != "lapsed",
        "status--renewal-due": day.status == "renewal-due",
        "status--lapsed": day.status == "lapsed",
        "level--none": False,
    }
    if level.level:
        expected[f"level--{level.level.id}"] = day.status != "lapsed"
    for facet, listed in expected.items():
        html = outputs[urls.register_list(facet)]
        assert (link in html) == listed, facet
        assert f"Status as of {long_date(day.day)}." in words(html), facet
    assert f"Status as of {long_date(day.day)}." in words(outputs[urls.REGISTER])


def test_the_open_data_and_the_feed_turn_over(
    built: tuple[Day, Register, dict[str, str]],
) -> None:
    day, _, outputs = built
    row = next(
        r for r in json.loads(outputs[urls.REGISTER_JSON])["signatories"] if r["slug"] == SLUG
    )
    record = json.loads(outputs[urls.signatory_json(SLUG)])
    (csv_row,) = [
        r for r in csv.DictReader(io.StringIO(outputs[urls.REGISTER_CSV])) if r["name"] == NAME
    ]
    for data in (row, record, csv_row):
        assert data["status"] == day.status
        assert data["status_as_of"] == day.day.isoformat()
        assert data["status_text"] == day.summary
        assert bool(data["current_to"]) == (day.status != "lapsed")
    (entry,) = [
        e for e in feedparser.parse(outputs[urls.FEED]).entries if e.link.endswith(f"/{SLUG}.html")
    ]
    assert entry.summary.endswith(f"Status as of {long_date(day.day)}: {day.summary}.")


def test_the_badge_and_the_certificate_turn_over(
    built: tuple[Day, Register, dict[str, str]],
) -> None:
    day, _, outputs = built
    svg = outputs[urls.signatory_badge(SLUG)]
    title = unescape(re.search(r"<title>(.*?)</title>", svg).group(1))  # type: ignore[union-attr]
    assert (
        title
        == f"Commissioning Code (demo): {NAME}: {day.summary}. Status as of {long_date(day.day)}."
    )
    assert ("Lapsed</text>" in svg) == (day.status == "lapsed")
    certificate = words(outputs[urls.signatory_certificate(SLUG)])
    assert f"Status as of {long_date(day.day)}" in certificate
    assert ("NOT VALID" in certificate) == (day.status == "lapsed")
    assert ("reaches the" in certificate or "does not reach" in certificate) != (
        day.status == "lapsed"
    )
