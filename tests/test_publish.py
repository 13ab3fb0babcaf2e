"""Badges, open data and notes: golden files, and checks that they parse as they should."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date
from urllib.parse import parse_qs, urlsplit

import feedparser
import pytest

from codemark.badges import LEVEL_COLOURS, Badge, level_badge, signatory_badge, text_width
from codemark.content import load_code
from codemark.export import atom_feed, register_csv, register_json, spreadsheet_safe
from codemark.fingerprint import review_hash
from codemark.links import Links
from codemark.model import Review
from codemark.notes import note_html
from codemark.register import build_register
from codemark.score import mark
from codemark.signatories import Checker, load_known_bodies, signatory_files

from .conftest import DATA, KNOWN

GOLDEN = DATA / "golden"
SITE = "https://example.org/code/"
TODAY = date(2026, 6, 30)
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def golden(name: str, text: str) -> None:
    """Compare with tests/data/golden/NAME; UPDATE_GOLDEN=1 rewrites it."""
    path = GOLDEN / name
    if UPDATE:
        path.write_bytes(text.encode("utf-8"))
    expected = path.read_bytes().decode("utf-8")
    assert text == expected, f"{name} changed; UPDATE_GOLDEN=1 to accept"


@pytest.fixture(scope="module")
def register():  # type: ignore[no-untyped-def]
    code = load_code(DATA / "code")
    checker = Checker(code, load_known_bodies(KNOWN), TODAY)
    files = signatory_files([DATA / "signatories" / "valid"])
    signatories = [r.signatory for r in checker.check_files([(f, f.name) for f in files])]
    icb = next(
        s for s in signatories if s and s.slug == "nhs-north-central-london-integrated-care-board"
    )
    reviews = {
        "nhs-north-central-london-integrated-care-board": (
            Review(date(2026, 2, 1), "verified", "Panel", "leading", None, review_hash(icb)),
        ),
        "no": (Review(date(2026, 5, 1), "suspended", "Panel", None, "Upheld challenge."),),
    }
    return build_register(code, signatories, reviews, TODAY)


def test_badges_for_every_level_and_state(register) -> None:  # type: ignore[no-untyped-def]
    code = register.code
    entries = {e.slug: e for e in register.entries}
    icb, islington, suspended = (
        entries["nhs-north-central-london-integrated-care-board"],
        entries["london-borough-of-islington"],
        entries["no"],
    )
    # "No" is a demonstration entry in the examples; its badge is drawn as a real body's.
    suspended = replace(suspended, signatory=replace(suspended.signatory, demonstration=False))
    lapsed = replace(icb, mark=mark(code, icb.signatory, icb.reviews, date(2027, 2, 1)))
    demo = replace(islington, signatory=replace(islington.signatory, demonstration=True))
    badges = {
        **{f"level-{level.id}": level_badge(code, level) for level in code.levels},
        "current-leading": signatory_badge(code, icb),
        "current-established": signatory_badge(code, islington),
        "lapsed": signatory_badge(code, lapsed),
        "former": signatory_badge(code, suspended),
        "demonstration": signatory_badge(code, demo),
    }
    for name, badge in badges.items():
        svg = badge.svg()
        golden(f"badge-{name}.svg", svg)
        root = ET.fromstring(svg)
        assert root.get("role") == "img" and root.get("aria-label") == badge.description
        assert root.find("{http://www.w3.org/2000/svg}title").text == badge.description  # type: ignore[union-attr]
        assert contrast(badge.text_colour, badge.colour) >= 4.5, name
    assert badges["lapsed"].message == "Lapsed" and "Former" in badges["former"].message
    assert badges["lapsed"].description.endswith(
        "Held Foundation until 4 January 2027; lapsed, as no new self-assessment was filed. "
        "Status as of 1 February 2027."
    )
    assert len({badges[n].colour for n in ("current-leading", "lapsed", "former")}) == 3


def luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_badge_colours_all_meet_contrast() -> None:
    for colour in LEVEL_COLOURS.values():
        assert contrast("#ffffff", colour) >= 4.5
    assert contrast("#ffffff", "#333333") >= 4.5


def test_badge_text_fits() -> None:
    short, long = (
        Badge("A", "B", "#333333", "#ffffff", "x"),
        Badge("A", "W" * 30, "#333333", "#ffffff", "x"),
    )
    width = lambda b: int(ET.fromstring(b.svg()).get("width"))  # noqa: E731
    assert width(long) - width(short) == round(text_width("W" * 30) + 12) - round(
        text_width("B") + 12
    )
    assert text_width("Leading") < text_width("Established")


def test_register_json(register) -> None:  # type: ignore[no-untyped-def]
    text = register_json(register, SITE)
    golden("register.json", text)
    names = [s["name"] for s in json.loads(text)["signatories"]]
    assert names == sorted(names, key=str.casefold)


def test_register_csv(register) -> None:  # type: ignore[no-untyped-def]
    text = register_csv(register, SITE)
    golden("register.csv", text)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(register.entries)


@pytest.mark.parametrize("payload", ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_csv_neutralises_formulas(payload: str) -> None:
    assert spreadsheet_safe(payload) == "'" + payload
    assert spreadsheet_safe("Islington") == "Islington"


def test_atom_feed(register) -> None:  # type: ignore[no-untyped-def]
    text = atom_feed(register, SITE)
    golden("feed.xml", text)
    feed = feedparser.parse(text)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    ids = [e.id for e in feed.entries]
    assert len(ids) == len(set(ids)) == len(register.entries)
    assert all(
        re.fullmatch(r"tag:example\.org,\d{4}-\d\d-\d\d:signatory/[a-z0-9-]+/\d{4}-\d\d-\d\d", i)
        for i in ids
    )
    assert atom_feed(register, SITE) == text  # stable


@pytest.mark.parametrize(
    ("note", "html"),
    [
        ("Plain words & more.", "<p>Plain words &amp; more.</p>"),
        ("<script>alert(1)</script>Hi", "<p>Hi</p>"),
        ("We *co-produce* it.", "<p>We <em>co-produce</em> it.</p>"),
        ("- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
        (
            "[plan](https://example.gov.uk/plan)",
            '<p><a href="https://example.gov.uk/plan" rel="nofollow noopener ugc">plan</a></p>',
        ),
        ("[x](javascript:alert(1))", '<p><a rel="nofollow noopener ugc">x</a></p>'),
        ("[x](//evil.example/)", '<p><a rel="nofollow noopener ugc">x</a></p>'),
        ("[x](data:text/html,hi)", '<p><a rel="nofollow noopener ugc">x</a></p>'),
        ("![img](https://example.org/a.png)", "<p></p>"),
        ('<img src=x onerror="alert(1)">', "<p></p>"),
        (
            "<a href='https://x.example' onclick='alert(1)'>x</a>",
            '<p><a href="https://x.example" rel="nofollow noopener ugc">x</a></p>',
        ),
    ],
)
def test_notes_are_rendered_then_sanitised(note: str, html: str) -> None:
    assert str(note_html(note)) == html


def test_pages_escape_whatever_reaches_them(register) -> None:  # type: ignore[no-untyped-def]
    """Behind the validator, rendering escapes on its own: values the validator would refuse,
    put straight into the model, still come out as text."""
    from codemark.links import Links
    from codemark.model import Content
    from codemark.publish import Shell, register_outputs

    payload = '"><script>window.__xss=1</script><img src=x onerror=alert(1)>'
    entry = register.entries[0]
    s = entry.signatory
    hostile = replace(
        s,
        organisation=replace(
            s.organisation, name=payload, areas=(payload,), website=payload, contact=payload
        ),
        signed_by=payload,
        decision=payload,
        answers=tuple(
            replace(a, note=payload + " [x](javascript:alert(1))", evidence=payload)
            for a in s.answers
        ),
        withdrawal_reason=payload,
    )
    entry = replace(entry, signatory=hostile)
    hostile_register = replace(register, entries=(entry,))
    from codemark.render import Renderer

    renderer = Renderer(Content(register.code), hostile_register)
    shell = Shell(
        '<html><head><title>t</title><link rel="canonical" href="x"></head><body>',
        "</body></html>",
    )
    links = Links("https://example.org/", "https://github.com/o/r")
    outputs = register_outputs(hostile_register, renderer, links, shell, "Site")
    # JSON records hold the values as data; pages and badges must hold them as text.
    html = "".join(o.text for o in outputs if o.path.endswith((".html", ".svg")))
    assert "<script>window.__xss" not in html
    assert "<img src=x" not in html
    assert 'href="javascript:' not in html.lower()
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in html


def test_a_register_page_the_shell_cannot_fill_in_is_refused() -> None:
    """Pages poured into the register's shell get their own title and canonical link; a head
    where either cannot be replaced stops the build instead of leaving the register's."""
    from codemark.publish import Shell, ShellError

    title, canonical = "<title>Register</title>", '<link rel="canonical" href="x">'
    for head in (
        "<html><head>",  # no title
        title + title,  # two
        title + '<link href="x" rel="canonical">',  # a canonical link written another way
        title + canonical + canonical,
    ):
        with pytest.raises(ShellError):
            Shell(head, "")
    page = Shell(title + canonical, "</html>").page("Mine", "https://example.org/mine", "<p>")
    assert "<title>Mine</title>" in page and 'href="https://example.org/mine"' in page
    assert Shell(title, "").page("Mine", "y", "") == "<title>Mine</title>"  # no site_url


def test_challenge_links_carry_any_name_safely(register) -> None:  # type: ignore[no-untyped-def]
    """An email challenge names the body in its subject and body, and nothing in a name can
    end the link, add a recipient or a field, or break out of the page's attribute."""
    name = "Evil & Co?cc=boss@evil.example&bcc=x \"<b>'# 100%"
    entry = register.entries[0]
    entry = replace(
        entry,
        signatory=replace(
            entry.signatory, organisation=replace(entry.signatory.organisation, name=name)
        ),
    )
    links = Links("https://example.org/", "https://github.com/o/r", contact="sec@example.org")
    challenge = links.challenger(entry)(register.code.criteria[0])
    parts = urlsplit(challenge.email)
    assert parts.scheme == "mailto" and parts.path == "sec@example.org"
    fields = parse_qs(parts.query)
    assert sorted(fields) == ["body", "subject"]
    assert fields["subject"] == [f"Challenge: {name}, criterion 1.1"]
    assert fields["body"][0].startswith("What I think is wrong")
    whole = parse_qs(urlsplit(links.challenger(entry)(None).email).query)
    assert f"the register entry for {name} (https://example.org/" in whole["body"][0]
    assert not set(challenge.email) & set(" \"<>'#&") - {"&"} and challenge.email.count("&") == 1
    issue = parse_qs(urlsplit(challenge.issue).query)
    assert issue["title"] == [f"Challenge: `{name}`, criterion 1.1"]
    # Without a repository, only the email route is offered.
    assert Links("https://example.org/", "", contact="s@x.org").challenger(entry)(None).issue == ""


def test_the_challenge_issue_shows_the_name_literally(register) -> None:  # type: ignore[no-untyped-def]
    """The pre-filled issue cannot carry a name's links, mentions or references to GitHub."""
    entry = next(e for e in register.entries if e.slug == "london-borough-of-islington")
    name = "Borough [of](https://evil.example) @org/team #1 ![x](https://evil.example/x.png)"
    signatory = replace(
        entry.signatory, organisation=replace(entry.signatory.organisation, name=name)
    )
    link = Links(SITE, "https://github.com/example/code").challenger(
        replace(entry, signatory=signatory)
    )
    query = parse_qs(urlsplit(link(entry.signatory.answers[0].criterion).issue).query)
    assert query["title"] == [f"Challenge: `{name}`, criterion 1.1"]
    body = parse_qs(urlsplit(link(None).issue).query)["body"][0]
    assert body.startswith(f"I am challenging the register entry for `{name}` (")
    assert body.count(name) == 1
