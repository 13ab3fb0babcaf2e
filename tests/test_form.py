"""The sign-up form, in headless Chromium: filled in, checked as typed, producing a file the
validator accepts, and loading a broken file to show what the validator says of it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from codemark.cli import main
from codemark.content import load_code
from codemark.guard import _values, history_refusals

from . import mutations
from .browser import browser, serve
from .conftest import ROOT

CODE = load_code(ROOT / "code")
TODAY = "2026-11-20"  # before the tests' fixed today


@pytest.fixture(scope="module")
def site(built_site: tuple[Path, list[str]]) -> Path:
    return built_site[0]


@pytest.fixture(scope="module")
def chromium(site: Path) -> Iterator[tuple[Browser, str]]:
    """One browser for the whole module; each test opens its own page."""
    with serve(site) as base, browser() as launched:
        yield launched, base


@pytest.fixture
def form(chromium: tuple[Browser, str]) -> Iterator[Page]:
    launched, base = chromium
    page = launched.new_page(accept_downloads=True)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(base + "sign/form/")
    page.wait_for_selector("#cm-sign-form:not([hidden])")
    yield page
    page.close()
    assert errors == []


def error_for(page: Page, field: str) -> str:
    message = page.locator(f"[data-field='{field}'] .cm-error-message").first
    return message.inner_text() if message.is_visible() else ""


def fill_in(page: Page) -> None:
    page.fill("#f-organisation-name", "London Borough of Islington")
    page.select_option("#f-organisation-kind", "local-authority")
    page.fill("#f-organisation-identifier", "GB-LAE-ISL")
    page.fill("#f-organisation-area", "Islington")
    page.fill("#f-organisation-website", "https://www.islington.gov.uk")
    page.fill("#f-organisation-contact", "commissioning@islington.gov.uk")
    page.fill("#f-signed-date", TODAY)
    page.fill("#f-signed-by", "Chief Executive")
    page.fill("#f-assessment-date", TODAY)
    # Sixty answers: set at once, then one change, as the form sees them (typing each would
    # only make the test slow; test_errors_appear_and_clear_as_you_type types).
    ids = [c.id for c in CODE.criteria if any(k.id == "local-authority" for k in c.applies_to)]
    page.evaluate(
        """ids => { for (const id of ids) {
             const slug = id.replace('.', '-');
             document.querySelector(`input[name='c-${id}'][value='met']`).checked = true;
             document.getElementById(`f-c-${slug}-evidence`).value =
               `https://www.islington.gov.uk/code/${slug}`;
           }
           document.getElementById('f-c-1-1-evidence')
             .dispatchEvent(new Event('input', {bubbles: true})); }""",
        ids,
    )


def test_the_page_explains_the_manual_route_without_javascript(site: Path) -> None:
    html = (site / "sign" / "form" / "index.html").read_text("utf-8")
    assert 'id="cm-nojs"' in html and "The form needs JavaScript" in html
    assert '<form id="cm-sign-form" class="cm-form" hidden' in html
    for c in CODE.criteria:
        assert f'data-criterion="{c.id}"' in html
        # Each criterion offers the statuses the rules allow it, and no other.
        offered = html.count(f'name="c-{c.id}"')
        assert offered == (4 if c.na_allowed else 3), c.id


def test_errors_appear_and_clear_as_you_type(form: Page) -> None:
    form.fill("#f-organisation-website", "http://islington.gov.uk")
    assert "is not a web address starting https://" in error_for(form, "organisation.website")
    form.fill("#f-organisation-website", "https://www.islington.gov.uk")
    assert error_for(form, "organisation.website") == ""
    form.fill("#f-organisation-name", "<b>Islington</b>")
    assert "looks like HTML ('<b>Islington')" in error_for(form, "organisation.name")
    form.fill("#f-organisation-name", "London Borough of Islington")
    assert error_for(form, "organisation.name") == ""
    form.select_option("#f-organisation-kind", "local-authority")
    form.fill("#f-c-1-1-note", "See [our plan](javascript:alert(1)).")
    note_error = form.locator("#f-c-1-1-note-error")
    assert "links in notes must start https:// or mailto:" in note_error.inner_text()
    form.fill("#f-c-1-1-note", "See [our plan](https://www.islington.gov.uk/plan).")
    assert note_error.is_hidden()


def test_check_lists_every_problem_and_links_to_it(form: Page) -> None:
    form.click("#cm-check")
    summary = form.locator("#cm-error-summary")
    assert summary.is_visible()
    items = summary.locator("li a")
    assert items.count() >= 8  # every field of the body, signing and assessment
    assert items.first.inner_text() == "Enter official name."
    items.first.click()
    assert form.evaluate("document.activeElement.id") == "f-organisation-name"


def test_the_level_is_shown_and_a_valid_file_is_made(form: Page, tmp_path: Path) -> None:
    fill_in(form)
    level = form.inner_text("#cm-level")
    assert "These answers reach the Leading level, once the secretariat has reviewed" in level
    form.check("input[name='c-1.1'][value='partly']")
    assert "do not reach a level yet" in form.inner_text("#cm-level")
    assert "still needed: 1.1" in form.inner_text("#cm-level")
    form.check("input[name='c-1.1'][value='met']")
    form.click("#cm-check")
    assert form.locator("#cm-error-summary").is_hidden()
    assert "complete and valid" in form.inner_text("#cm-valid")
    with form.expect_download() as download:
        form.click("#cm-download")
    folder = tmp_path / "signatories"
    folder.mkdir()
    saved = folder / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "london-borough-of-islington.yml"
    result = subprocess.run(
        [sys.executable, "-m", "codemark", "--code", str(ROOT / "code"), "validate", str(saved)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout
    assert "OK: 1 signatory file is valid." in result.stdout
    # Every criterion answered with a link: too long for a link that opens GitHub's editor.
    assert form.locator("#cm-propose").is_hidden()
    assert form.locator("#cm-too-long").is_visible()


def test_a_broken_file_loads_and_shows_its_errors(form: Page, tmp_path: Path) -> None:
    broken = (ROOT / "signatories" / "demo-housing-association.yml").read_text("utf-8")
    broken = broken.replace("https://www.demo-housing.example", "http://www.demo-housing.example")
    broken = broken.replace("Director of Communities", "")
    path = tmp_path / "demo-housing-association.yml"
    path.write_text(broken, "utf-8")
    form.set_input_files("#f-load", str(path))
    form.wait_for_selector("#cm-error-summary:not([hidden])")
    assert form.input_value("#f-organisation-name") == "Demo Housing Association"
    assert form.input_value("#f-organisation-website") == "http://www.demo-housing.example"
    summary = form.inner_text("#cm-error-summary")
    assert "Website: 'http://www.demo-housing.example' is not a web address starting" in summary
    assert "Enter role of the person who signed." in summary
    assert form.is_checked("input[name='c-1.1'][value='met']")


def test_a_website_off_the_bodys_domain_is_flagged(form: Page) -> None:
    fill_in(form)
    form.fill("#f-organisation-website", "https://islington-council.example.com")
    assert error_for(form, "organisation.website").startswith(
        "Warning: islington-council.example.com is not one of London Borough of Islington's own"
    )
    form.fill("#f-organisation-contact", "someone@gmail.com")
    assert "Warning: gmail.com is not one of" in error_for(form, "organisation.contact")
    form.fill("#f-organisation-website", "https://www.islington.gov.uk")
    assert error_for(form, "organisation.website") == ""


def test_identity_and_dates_are_checked_as_the_validator_does(form: Page) -> None:
    fill_in(form)  # the checks across fields follow once every field reads, as in codemark
    form.fill("#f-organisation-name", "Islington Council")
    assert (
        "GB-LAE-ISL is the identifier of London Borough of Islington, so the name must be "
        "'London Borough of Islington', not 'Islington Council'."
    ) in error_for(form, "organisation.name")
    form.fill("#f-organisation-name", "london borough of  islington")
    assert error_for(form, "organisation.name") == ""
    form.fill("#f-organisation-name", "London Borough of Islington")
    form.fill("#f-signed-date", "1900-01-01")
    assert "before the code was first published" in error_for(form, "signed.date")
    form.fill("#f-signed-date", TODAY)
    form.fill("#f-assessment-date", "2026-11-01")
    assert (
        f"2026-11-01 is before the body signed ({TODAY}). The assessment is made on or after the "
        "day of signing: check both dates."
    ) in error_for(form, "assessment.date")


def test_the_identifier_says_what_the_form_cannot_check(site: Path) -> None:
    html = (site / "sign" / "form" / "index.html").read_text("utf-8")
    assert "against the register as published on 25 November 2026" in html
    assert (
        'aria-describedby="f-organisation-identifier-hint f-organisation-identifier-note"' in html
    )


# Through the real page: the form says what the validator says ---------------------------


def test_loaded_files_show_the_validators_messages(
    form: Page, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Files the validator refuses, loaded into the page: its summary says what the
    validator says, field by field; and a valid file is called valid."""
    cases = [
        c
        for c in mutations.cases(combinations=0)
        if c.code == ROOT / "code" and c.label.startswith("real body")
    ]
    picked = [
        c
        for c in cases
        if any(
            key in c.label
            for key in (
                "website = 'https://intranet'",
                "name = 'Mr Smith'",
                "identifier = 'GB-NHS-QMJ'",
                "as it is",
            )
        )
    ]
    assert len(picked) >= 4
    for case in picked:
        folder = tmp_path / str(len(list(tmp_path.iterdir())))
        folder.mkdir()
        path = folder / case.name
        path.write_bytes(case.data)
        main(["--code", str(ROOT / "code"), "validate", "--format", "json", str(path)])
        report = json.loads(capsys.readouterr().out)
        problems = report["files"][0]["problems"]
        form.reload()
        form.wait_for_selector("#cm-sign-form:not([hidden])")
        form.set_input_files("#f-load", str(path))
        if report["valid"]:
            form.wait_for_selector("#cm-result:not([hidden])")
            assert "complete and valid" in form.inner_text("#cm-valid"), case.label
            continue
        form.wait_for_selector("#cm-error-summary:not([hidden])")
        summary = form.inner_text("#cm-error-summary")
        for problem in problems:
            # As the page words it: without the field the message starts with.
            words, field = str(problem["message"]), list(problem["field"])
            for end in range(len(field), 0, -1):
                words = words.removeprefix(" › ".join(field[:end]) + ": ")
            assert words in summary, (case.label, words, summary)
        assert form.locator("#cm-result").is_hidden(), case.label


def test_a_renewal_keeps_the_assessment_it_replaces_as_codemark_renew_does(
    form: Page, tmp_path: Path
) -> None:
    """Last year's file, loaded: its assessment moves, as it was, to the top of the history,
    the new one is dated today, and the guard accepts the change as a renewal."""
    original = ROOT / "signatories" / "example-borough-council.yml"
    form.set_input_files("#f-load", str(original))
    form.wait_for_selector("#cm-result:not([hidden])")
    today = form.evaluate("new Date().toISOString().slice(0, 10)")
    assert form.input_value("#f-assessment-date") == today
    renewed = form.inner_text("#cm-yaml")
    before, after = _values(original.read_text("utf-8"), "f.yml"), _values(renewed, "f.yml")
    assert after["history"] == [before["assessment"], *before["history"]]
    assert after["assessment"]["date"] == today
    assert after["assessment"]["criteria"] == before["assessment"]["criteria"]
    assert history_refusals("f.yml", before, after) == []
    folder = tmp_path / "signatories"
    folder.mkdir()
    (folder / original.name).write_text(renewed, "utf-8")
    midnight = datetime.fromisoformat(today).replace(tzinfo=UTC)  # the browser's today
    result = subprocess.run(
        [sys.executable, "-m", "codemark", "--code", str(ROOT / "code"), "validate", str(folder)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "SOURCE_DATE_EPOCH": str(int(midnight.timestamp()))},
    )
    assert result.returncode == 0, result.stdout
