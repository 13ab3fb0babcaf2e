"""Seeing progress, read from the built site: the statistics page and its downloads, the
headline, the register's filters and letters, a signatory page a resident can read, the open
data's dictionary and the way in. Static checks of the HTML; what needs a browser is in
test_progress_browser.py."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

from codemark.content import load_code
from codemark.export import ANSWERS_COLUMNS, CSV_COLUMNS
from codemark.score import STANDINGS

from .conftest import ROOT
from .sitecheck import page_file, read_page

CODE = load_code(ROOT / "code")


def html(site: Path, url: str) -> str:
    return page_file(site, url).read_text("utf-8")


def words(site: Path, url: str) -> str:
    return " ".join(" ".join(read_page(page_file(site, url)).text).split())


class Elements(HTMLParser):
    """Every element's tag and attributes, in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, {k: v or "" for k, v in attrs}))


def elements(text: str) -> list[tuple[str, dict[str, str]]]:
    parser = Elements()
    parser.feed(text)
    return parser.found


def test_every_chart_is_named_described_tabled_and_downloadable(site: Path) -> None:
    text = html(site, "statistics/")
    found = elements(text)
    charts = [attrs for tag, attrs in found if tag == "svg" and attrs.get("role") == "img"]
    assert len(charts) == 4
    ids = {attrs.get("id") for _, attrs in found}
    for chart in charts:
        title, desc = chart["aria-labelledby"].split()
        assert {title, desc} <= ids
        # The title and description say something, and a table follows the figure.
        name = re.search(rf'<title id="{title}">([^<]+)</title>', text)
        long = re.search(rf'<desc id="{desc}">([^<]+)</desc>', text)
        assert name and long and len(long.group(1)) > 80, chart
        after = text[text.index(f'id="{desc}"') :]
        assert after.index("</figure>") < after.index("<table") < after.index("</figure>") + 80
    downloads = [a["href"] for tag, a in found if tag == "a" and a.get("href", "").endswith(".csv")]
    assert len(downloads) == 4
    for href in downloads:
        target = (site / "statistics" / href).resolve()
        rows = list(csv.reader(io.StringIO(target.read_text("utf-8"))))
        assert len(rows) > 1 and all(len(row) == len(rows[0]) for row in rows), href
    assert len(text.encode()) < 150 * 1024


def test_the_map_shows_every_area_and_bodies_for_all_of_london_apart(site: Path) -> None:
    text = words(site, "statistics/")
    for area in ("Barking and Dagenham", "City of London", "Westminster", "All of London"):
        assert area in text
    assert "Other areas named by current signatories (not on the map)" in text


def test_the_home_page_gives_a_headline_and_the_three_ways_in(site: Path) -> None:
    text = words(site, "")
    assert re.search(
        r"\d+ bodies hold a current mark .*: (up \d+ since|down \d+ since|as many as on) 1 "
        r"January",
        text,
    )
    links = read_page(page_file(site, "")).links
    assert "statistics/" in links and "register/" in links and "how-to-sign/" in links
    buttons = [a for tag, a in elements(html(site, "")) if "md-button" in a.get("class", "")]
    assert [b["href"] for b in buttons] == ["code/", "register/", "how-to-sign/"]


def test_principle_pages_show_each_criterions_share_as_a_bar(site: Path) -> None:
    page = html(site, "code/01-needs-and-assets/")
    assert page.count('class="cm-share"') == 4
    assert re.search(r"Met by \d+ of the \d+ current signatories it applies to \(\d+%\)", page)


def test_navigation_is_on_every_page_and_the_principles_fold(site: Path) -> None:
    for url in ("", "code/print/", "sign/checklist/", "statistics/"):
        sidebar = re.search(r'<div class="md-sidebar md-sidebar--primary"[^>]*>', html(site, url))
        assert sidebar and "hidden" not in sidebar.group(), url
    # The principles are a section of their own: closed on the home page, open on theirs.
    folded = re.compile(
        r'<input class="md-nav__toggle md-toggle "([^>]*)>\s*<label[^>]*>\s*'
        r'<span class="md-ellipsis">\s*Principles\s*</span>'
    )
    closed = folded.search(html(site, ""))
    opened = folded.search(html(site, "code/04-anchor-organisations/"))
    assert closed and "checked" not in closed.group(1)
    assert opened and "checked" in opened.group(1)


def test_register_filters_combine_and_letters_lead_to_names(site: Path) -> None:
    register = json.loads((site / "data" / "register.json").read_text("utf-8"))["signatories"]
    both = [
        r["slug"] for r in register if r["kind"] == "local-authority" and r["level"] == "foundation"
    ]
    listing = read_page(site / "register" / "kind--local-authority--level--foundation.html")
    listed = [link.removesuffix(".html") for link in listing.links if link.endswith(".html")]
    assert sorted(set(listed) & {r["slug"] for r in register}) == sorted(both) and both
    kind = html(site, "register/kind--local-authority.html")
    assert 'href="kind--local-authority--level--foundation.html"' in kind
    # A to Z: each letter with names links to where they start; the rest are not links.
    first = html(site, "register/")
    letters = re.findall(r'<a href="#(letter-[a-z]+)">', first)
    assert letters and all(f'id="{letter}"' in first for letter in letters)
    assert '<span class="cm-az__none">Q</span>' in first
    names = json.loads((site / "data" / "names.json").read_text("utf-8"))
    assert [n[0] for n in names] == [r["name"] for r in register]
    assert 'data-cm-find="../data/names.json"' in first and "codemark-site.js" in first


def test_register_dates_are_written_in_words_and_kept_whole(site: Path) -> None:
    text = html(site, "register/")
    assert not re.search(r"\d{4}-\d\d-\d\d", re.sub(r"<[^>]+>", "", text))
    assert re.search(r"Current until \d{1,2}\u00a0[A-Z][a-z]+\u00a0\d{4}", text)


def test_a_signatory_page_a_resident_can_read(site: Path) -> None:
    url = "register/sample-integrated-care-board.html"
    page = html(site, url)
    text = words(site, url)
    for criterion in CODE.criteria:
        if criterion.id != "13.4" or "13.4" in page:
            assert f"{criterion.id}</a> {criterion.title}" in page.replace("&#39;", "'")
    summary = page[page.index('id="summary"') : page.index('id="not-yet-met"')]
    assert summary.count('<tr><th scope="row"><a href="#principle-') == 13
    assert summary.count('class="cm-split"') == 13
    record = json.loads((site / "register" / "sample-integrated-care-board.json").read_text())
    unmet = [a for a in record["answers"] if not a["satisfied"]]
    assert f"Show only the {len(unmet)} criteria not yet met" in text
    assert page.count('class="cm-done"') == len(record["answers"]) - len(unmet)
    # The badge box comes before the answers, in words for a website, not a README.
    assert page.index('id="badge"') < page.index('id="criteria"')
    assert "Put the badge on your website" in text and "README" not in text
    assert '<nav class="md-footer__inner md-grid" aria-label="Footer" hidden>' in page


def test_checklists_and_the_form_name_each_criterion_and_leave_room_to_write(
    site: Path,
) -> None:
    printed = html(site, "code/print/")
    assert '<col class="cm-checklist__write">' in printed
    for criterion in CODE.criteria:
        assert f"{criterion.id}</a> {criterion.title}" in printed.replace("&#39;", "'")
    checklist = words(site, "sign/checklist/")
    assert "1.1 Commit to start from residents' needs and assets" in checklist
    form = html(site, "sign/form/").replace("&#39;", "'")
    for criterion in CODE.criteria:
        assert f"{criterion.id}</span> <strong>{criterion.title}</strong>" in form


def test_templates_name_kinds_grammatically(site: Path) -> None:
    text = words(site, "sign/templates/")
    assert "Template for an NHS commissioner" in text
    assert "Template for another public body" in text
    assert "a nhs" not in text.lower() and "a other" not in text.lower()


def test_certificates_have_a_print_button(site: Path) -> None:
    page = html(site, "register/example-borough-council.html")
    assert "data-cm-print hidden>Print the certificate</button>" in page
    assert "codemark-site.js" in page


def test_the_open_data_page_explains_every_column_and_status(site: Path) -> None:
    text = words(site, "data/")
    dictionary = {attrs.get("id") for tag, attrs in elements(html(site, "data/")) if tag == "h3"}
    assert {"statuses", "answers"} <= dictionary
    for column in {*CSV_COLUMNS, *ANSWERS_COLUMNS, "previous_level", "history"}:
        assert f" {column} " in f" {text} ", column
    for status in STANDINGS:
        assert f" {status} " in f" {text} ", status
    answers = list(csv.DictReader(io.StringIO((site / "data" / "answers.csv").read_text())))
    assert list(answers[0]) == list(ANSWERS_COLUMNS)
    records = [json.loads(p.read_text()) for p in (site / "register").glob("*.json")]
    assert len(answers) == sum(len(r["answers"]) for r in records if "answers" in r)
    criteria = list(csv.DictReader(io.StringIO((site / "data" / "criteria.csv").read_text())))
    assert [(r["criterion"], r["title"]) for r in criteria] == [
        (c.id, c.title) for c in CODE.criteria
    ]


def test_the_page_not_found_offers_search_and_the_main_links(site: Path) -> None:
    page = html(site, "404.html")
    found = elements(page)
    assert any(tag == "input" and a.get("name") == "q" for tag, a in found)
    links = {a.get("href", "").rsplit("/", 2)[-2] for tag, a in found if tag == "a"}
    assert {"register", "statistics", "code", "how-to-sign", "data"} <= links


def test_two_demonstration_bodies_show_their_years(site: Path) -> None:
    register = json.loads((site / "data" / "register.json").read_text("utf-8"))["signatories"]
    previous = {r["slug"]: r["previous_level"] for r in register}
    assert previous["example-borough-council"] == "established"
    assert previous["sample-integrated-care-board"] == "foundation"
    borough = json.loads((site / "register" / "example-borough-council.json").read_text())
    assert [(h["date"], h["level"], h["ended"]) for h in borough["history"]] == [
        ("2026-03-16", "established", "renewed"),
        ("2025-09-15", "foundation", "renewed"),
    ]
    assert borough["changes_since_previous"]["level_then"] == "established"
    assert borough["history"][1]["changes_since_previous"] is None
    assert all(h["answers"] for h in borough["history"])
    text = words(site, "register/example-borough-council.html")
    assert (
        "Year on year Compared with its self-assessment of 16 March 2026, the latest one "
        "reaches Leading; the one before reached Established." in text
    )
    assert "Renewed on 30 September 2026" in text and "The first on record" in text
    icb = words(site, "register/sample-integrated-care-board.html")
    assert "No longer met (1) 12.4 Make lead contractors publish who they fund" in icb
