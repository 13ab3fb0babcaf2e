"""The sign-up form, in headless Chromium: filled in, checked as typed, producing a file the
validator accepts, and loading a broken file without losing it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from playwright.sync_api import Page

from codemark.content import load_code

from .browser import browser, serve
from .conftest import ROOT, copy_site_sources

CODE = load_code(ROOT / "code")
TODAY = "2026-11-20"  # before the tests' fixed today


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("form")
    config = copy_site_sources(root)
    build(load_config(str(config), site_dir=str(root / "site"), strict=True))
    return root / "site"


@pytest.fixture
def form(site: Path) -> Iterator[Page]:
    with serve(site) as base, browser() as chromium:
        page = chromium.new_page(accept_downloads=True)
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(base + "sign/form/")
        page.wait_for_selector("#cm-sign-form:not([hidden])")
        yield page
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
    for c in CODE.criteria:
        if not any(k.id == "local-authority" for k in c.applies_to):
            continue
        slug = c.id.replace(".", "-")
        page.check(f"input[name='c-{c.id}'][value='met']")
        page.fill(f"#f-c-{slug}-evidence", f"https://www.islington.gov.uk/code/{slug}")


def test_the_page_explains_the_manual_route_without_javascript(site: Path) -> None:
    html = (site / "sign" / "form" / "index.html").read_text("utf-8")
    assert 'id="cm-nojs"' in html and "The form needs JavaScript" in html
    assert '<form id="cm-sign-form" class="cm-form" hidden' in html
    for c in CODE.criteria:
        assert f'data-criterion="{c.id}"' in html


def test_errors_appear_and_clear_as_you_type(form: Page) -> None:
    form.fill("#f-organisation-website", "http://islington.gov.uk")
    assert "starting https://" in error_for(form, "organisation.website")
    form.fill("#f-organisation-website", "https://www.islington.gov.uk")
    assert error_for(form, "organisation.website") == ""
    form.fill("#f-organisation-name", "<b>Islington</b>")
    assert "Remove the HTML" in error_for(form, "organisation.name")
    form.fill("#f-organisation-name", "London Borough of Islington")
    assert error_for(form, "organisation.name") == ""
    form.select_option("#f-organisation-kind", "local-authority")
    form.fill("#f-c-1-1-note", "See [our plan](javascript:alert(1)).")
    note_error = form.locator("#f-c-1-1-note-error")
    assert "Links in notes must start https:// or mailto:" in note_error.inner_text()
    form.fill("#f-c-1-1-note", "See [our plan](https://www.islington.gov.uk/plan).")
    assert note_error.is_hidden()


def test_check_lists_every_problem_and_links_to_it(form: Page) -> None:
    form.click("#cm-check")
    summary = form.locator("#cm-error-summary")
    assert summary.is_visible()
    items = summary.locator("li a")
    assert items.count() >= 9  # every field of the body, signing and assessment
    first = items.first.inner_text()
    assert first == "Enter official name."
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
    propose = form.locator("#cm-propose")
    too_long = form.locator("#cm-too-long")
    assert propose.is_hidden() == too_long.is_visible()  # a full file is too long for a URL


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
    assert "Enter a web address starting https://" in summary
    assert "Enter role of the person who signed." in summary
    assert form.is_checked("input[name='c-1.1'][value='met']")


def test_identity_and_dates_are_checked_as_the_validator_does(form: Page) -> None:
    form.select_option("#f-organisation-kind", "local-authority")
    form.fill("#f-organisation-identifier", "GB-LAE-ISL")
    form.fill("#f-organisation-website", "https://islington-council.example.com")
    assert error_for(form, "organisation.website").startswith(
        "Warning: This website is not on London Borough of Islington's own domain"
    )
    form.fill("#f-organisation-contact", "someone@gmail.com")
    assert "Warning: This mailbox is not on" in error_for(form, "organisation.contact")
    form.fill("#f-organisation-website", "https://www.islington.gov.uk")
    assert error_for(form, "organisation.website") == ""
    form.fill("#f-organisation-name", "Islington Council")
    assert error_for(form, "organisation.name").startswith(
        "Error:\nGB-LAE-ISL is the identifier of London Borough of Islington, so the name must be "
        "'London Borough of Islington'."
    )
    form.fill("#f-organisation-name", "london borough of  islington")
    assert error_for(form, "organisation.name") == ""
    form.fill("#f-signed-date", "1900-01-01")
    assert "before the code was first published" in error_for(form, "signed.date")
    form.fill("#f-signed-date", TODAY)
    form.fill("#f-assessment-date", "2026-11-01")
    assert error_for(form, "assessment.date") == (
        f"Error:\nThe assessment cannot be dated before the body signed ({TODAY})."
    )
