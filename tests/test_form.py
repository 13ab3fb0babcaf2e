"""The sign-up form, in headless Chromium: a task list with a view per task, checked as typed,
saved as a draft in the browser and offered again, saved as a copy and loaded back, working
without storage, renewing from last year's file, and producing a file the validator accepts.
What the issue asks of the browser runs at desktop and at phone width, in one browser."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from codemark.cli import main
from codemark.content import load_code
from codemark.guard import _values, history_refusals
from codemark.messages import say

from . import mutations
from .conftest import ROOT

CODE = load_code(ROOT / "code")
TODAY = "2026-11-20"  # before the tests' fixed today
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}
LAST_YEAR = ROOT / "signatories" / "example-borough-council.yml"
# Every task of the list, in order, by the name of its view.
TASKS = ["organisation", "signed"] + [f"principle-{p.id}" for p in CODE.principles]
BODY = {
    "#f-organisation-name": "London Borough of Islington",
    "#f-organisation-identifier": "GB-LAE-ISL",
    "#f-organisation-area": "Islington",
    "#f-organisation-website": "https://www.islington.gov.uk",
    "#f-organisation-contact": "commissioning@islington.gov.uk",
}
SIGNING = {
    "#f-signed-date": TODAY,
    "#f-signed-by": "Chief Executive",
    "#f-assessment-date": TODAY,
}
# Disabled storage, as a browser that blocks it for the site does: reading it throws.
NO_STORAGE = """Object.defineProperty(window, 'localStorage', {get() {
  throw new DOMException('The operation is insecure.', 'SecurityError'); }});"""


class Form:
    """A browser context at one size, and the form's page in it."""

    def __init__(self, chromium: tuple[Browser, str], size: str, init: str = "") -> None:
        launched, self.base = chromium
        width, height = SIZES[size]
        self.size = size
        self.context: BrowserContext = launched.new_context(
            viewport={"width": width, "height": height}, accept_downloads=True
        )
        if init:
            self.context.add_init_script(init)
        self.errors: list[str] = []
        self.page = self.open()

    def open(self) -> Page:
        """A new page of the form in the same context (the same storage)."""
        page = self.context.new_page()
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.goto(self.base + "sign/form/")
        page.wait_for_selector("#cm-sign-form:not([hidden])")
        return page


@pytest.fixture(params=list(SIZES))
def form(chromium: tuple[Browser, str], request: pytest.FixtureRequest) -> Iterator[Form]:
    opened = Form(chromium, request.param)
    yield opened
    opened.context.close()
    assert opened.errors == []


@pytest.fixture(params=list(SIZES))
def size(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def desktop(chromium: tuple[Browser, str]) -> Iterator[Page]:
    """The form at desktop width, for what does not change with the width."""
    opened = Form(chromium, "desktop")
    yield opened.page
    opened.context.close()
    assert opened.errors == []


def showing(page: Page, name: str) -> bool:
    """Whether the view named shows, once the page has followed its address (Back, Forward
    and links change the address at once and the view just after)."""
    page.wait_for_selector(f".cm-view[data-view='{name}']:not([hidden])", timeout=5000)
    return bool(page.locator(".cm-view:not([hidden])").count() == 1)


def focused(page: Page) -> str:
    return str(page.evaluate("document.activeElement.id"))


def open_task(page: Page, task: str) -> None:
    page.click(f".cm-task-list a[href='#task-{task}']")
    assert showing(page, f"task-{task}")
    assert focused(page) == f"cm-{task}-title"


def save_and_continue(page: Page) -> None:
    page.click(".cm-view:not([hidden]) [data-save-continue]")


def status(page: Page, task: str) -> str:
    return page.inner_text(f"#cm-task-{task}-status")


def fill_body(page: Page) -> None:
    open_task(page, "organisation")
    page.fill("#f-organisation-name", BODY["#f-organisation-name"])
    page.select_option("#f-organisation-kind", "local-authority")
    for selector, text in list(BODY.items())[1:]:
        page.fill(selector, text)
    save_and_continue(page)
    open_task(page, "signed")
    for selector, text in SIGNING.items():
        page.fill(selector, text)
    save_and_continue(page)
    assert showing(page, "tasks")


def answer(page: Page, principles: list[int]) -> None:
    """Answer every criterion of these principles for a local authority: set at once, then
    one change, as the form sees them (typing sixty answers would only make the test slow;
    test_errors_appear_and_clear_as_you_type types)."""
    ids = [
        c.id
        for c in CODE.criteria
        if c.principle_id in principles and any(k.id == "local-authority" for k in c.applies_to)
    ]
    page.evaluate(
        """ids => { for (const id of ids) {
             const slug = id.replace('.', '-');
             document.querySelector(`input[name='c-${id}'][value='met']`).checked = true;
             document.getElementById(`f-c-${slug}-evidence`).value =
               `https://www.islington.gov.uk/code/${slug}`;
           }
           document.getElementById(`f-c-${ids[0].replace('.', '-')}-evidence`)
             .dispatchEvent(new Event('input', {bubbles: true})); }""",
        ids,
    )


def answers(page: Page) -> dict[str, Any]:
    """Every answer in the form, by input."""
    return dict(
        page.evaluate(
            """() => Object.fromEntries([...document.querySelectorAll('.cm-view [data-path]')]
                 .map(e => [e.id, e.type === 'radio' ? e.checked : e.value]))"""
        )
    )


def validate(path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    """What codemark validate says of a file, as JSON."""
    main(["--code", str(ROOT / "code"), "validate", "--format", "json", str(path)])
    report: dict[str, Any] = json.loads(capsys.readouterr().out)
    return report


def download(page: Page, selector: str, folder: Path) -> Path:
    with page.expect_download() as started:
        page.click(selector)
    folder.mkdir(exist_ok=True)
    saved = folder / started.value.suggested_filename
    started.value.save_as(saved)
    return saved


# Without JavaScript -----------------------------------------------------------------------


def test_the_page_explains_the_manual_route_without_javascript(site: Path) -> None:
    html = (site / "sign" / "form" / "index.html").read_text("utf-8")
    assert 'id="cm-nojs"' in html and "The form needs JavaScript" in html
    for kind in CODE.kinds:
        assert f'href="../template-{kind.id}.yml" download>Template for a' in html
    assert '<form id="cm-sign-form" class="cm-form" hidden' in html
    for c in CODE.criteria:
        assert f'data-criterion="{c.id}"' in html
        # Each criterion offers the statuses the rules allow it, and no other.
        offered = html.count(f'name="c-{c.id}"')
        assert offered == (4 if c.na_allowed else 3), c.id
    # A view per task, and each task in the list links to its view.
    for task in TASKS:
        assert f'data-view="task-{task}"' in html and f'href="#task-{task}"' in html


def test_the_identifier_says_what_the_form_cannot_check(site: Path) -> None:
    html = (site / "sign" / "form" / "index.html").read_text("utf-8")
    assert "against the register as published on 25 November 2026" in html
    assert (
        'aria-describedby="f-organisation-identifier-hint f-organisation-identifier-note"' in html
    )


# The task list ------------------------------------------------------------------------------


def test_the_task_list_shows_each_task_its_status_and_works_by_keyboard(desktop: Page) -> None:
    page = desktop
    assert showing(page, "tasks")
    names = page.locator(".cm-task-list .cm-task__name").all_inner_texts()
    assert names == ["Your organisation", "Signing"] + [p.heading for p in CODE.principles] + [
        "Check your answers and get your file"
    ]
    assert status(page, "organisation") == "Not started"
    # The principles cannot start until the kind of body is chosen, and are not links.
    assert status(page, "principle-1") == "Cannot start yet"
    assert page.get_attribute(".cm-task[data-task='principle-1'] a", "href") is None
    assert status(page, "check") == "Cannot start yet"
    assert page.inner_text("#cm-progress") == "You have completed 0 of 16 tasks."
    # By keyboard alone, a task is done.
    page.focus("#cm-tasks-title")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Your organisation"
    page.keyboard.press("Enter")
    assert showing(page, "task-organisation") and focused(page) == "cm-organisation-title"
    page.keyboard.press("Tab")
    assert focused(page) == "f-organisation-name"
    page.keyboard.type("London Borough of Islington")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # the kind of body: the first kind
    for text in list(BODY.values())[1:]:
        page.keyboard.press("Tab")
        page.keyboard.type(text)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Save and continue"
    page.keyboard.press("Enter")
    assert showing(page, "tasks") and focused(page) == "cm-tasks-title"
    assert status(page, "organisation") == "Completed"
    assert status(page, "principle-1") == "Not started"
    # The whole list fits in 3,000 pixels at 1280 wide, with a renewal's notes on each task.
    page.set_input_files("#f-load", str(LAST_YEAR))
    page.wait_for_selector(".cm-task__hint:not(:empty)")
    assert page.evaluate("document.documentElement.scrollHeight") <= 3000
    assert page.inner_text("#cm-progress") == "You have completed 15 of 16 tasks."
    assert "These answers reach the Leading level" in page.inner_text("#cm-level")


def test_a_task_shows_its_own_errors_and_announces_its_status(desktop: Page) -> None:
    page = desktop
    open_task(page, "organisation")
    save_and_continue(page)
    summary = page.locator("#cm-organisation-summary")
    assert focused(page) == "cm-organisation-summary"
    links = summary.locator("li a").all_inner_texts()
    assert links == [
        "Enter official name.",
        "Choose kind of body.",
        "Enter identifier.",
        "Enter areas you serve.",
        "Enter website.",
        "Enter contact mailbox.",
    ]  # this task's problems alone, though the signing task has problems too
    summary.locator("li a").first.click()
    assert focused(page) == "f-organisation-name"
    assert showing(page, "task-organisation")
    page.fill("#f-organisation-name", BODY["#f-organisation-name"])
    assert "Enter official name." not in summary.inner_text()
    page.select_option("#f-organisation-kind", "local-authority")
    for selector, text in list(BODY.items())[1:]:
        page.fill(selector, text)
    assert summary.is_hidden()
    assert page.inner_text("#cm-announce") == "Your organisation: Completed."
    save_and_continue(page)
    assert showing(page, "tasks") and focused(page) == "cm-tasks-title"
    assert status(page, "organisation") == "Completed"
    assert status(page, "principle-1") == "Not started"
    # A principle's task: an answer that lacks its evidence says so there and then.
    open_task(page, "principle-1")
    page.check("input[name='c-1.1'][value='met']")
    save_and_continue(page)
    assert "give a link to public evidence" in page.inner_text("#f-c-1-1-evidence-error")
    errors = page.locator("#cm-principle-1-summary li").all_inner_texts()
    assert errors == [
        "Criterion 1.1 is answered met, so give a link to public evidence.",
        "Choose an answer for criterion 1.2.",
        "Choose an answer for criterion 1.3.",
        "Choose an answer for criterion 1.4.",
    ]
    page.goto(page.url.split("#")[0] + "#tasks")
    assert status(page, "principle-1") == "In progress"


def test_errors_appear_and_clear_as_you_type_as_the_validator_words_them(desktop: Page) -> None:
    page = desktop
    open_task(page, "organisation")
    page.fill("#f-organisation-website", "http://islington.gov.uk")
    assert "is not a web address starting https://" in page.inner_text(
        "#f-organisation-website-error"
    )
    page.fill("#f-organisation-website", "https://www.islington.gov.uk")
    assert page.locator("#f-organisation-website-error").is_hidden()
    page.fill("#f-organisation-name", "<b>Islington</b>")
    assert "looks like HTML ('<b>Islington')" in page.inner_text("#f-organisation-name-error")
    page.select_option("#f-organisation-kind", "local-authority")
    page.goto(page.url.split("#")[0] + "#task-principle-1")
    page.fill("#f-c-1-1-note", "See [our plan](javascript:alert(1)).")
    note_error = page.locator("#f-c-1-1-note-error")
    assert "links in notes must start https:// or mailto:" in note_error.inner_text()
    page.fill("#f-c-1-1-note", "See [our plan](https://www.islington.gov.uk/plan).")
    assert note_error.is_hidden()
    # The checks across fields follow once every field reads, as in codemark.
    page.goto(page.url.split("#")[0] + "#tasks")
    fill_body(page)
    answer(page, [p.id for p in CODE.principles])
    open_task(page, "organisation")
    page.fill("#f-organisation-name", "Islington Council")
    assert (
        "GB-LAE-ISL is the identifier of London Borough of Islington, so the name must be "
        "'London Borough of Islington', not 'Islington Council'."
    ) in page.inner_text("#f-organisation-name-error")
    page.fill("#f-organisation-name", "london borough of  islington")
    assert page.locator("#f-organisation-name-error").is_hidden()
    page.fill("#f-organisation-website", "https://islington-council.example.com")
    assert page.inner_text("#f-organisation-website-error").startswith(
        "Warning: islington-council.example.com is not one of London Borough of Islington's own"
    )
    page.fill("#f-organisation-website", "https://www.islington.gov.uk")
    page.goto(page.url.split("#")[0] + "#task-signed")
    page.fill("#f-signed-date", "1900-01-01")
    assert "before the code was first published" in page.inner_text("#f-signed-date-error")
    page.fill("#f-signed-date", TODAY)
    page.fill("#f-assessment-date", "2026-11-01")
    assert (
        f"2026-11-01 is before the body signed ({TODAY}). The assessment is made on or after the "
        "day of signing: check both dates."
    ) in page.inner_text("#f-assessment-date-error")


# Nothing is lost -----------------------------------------------------------------------------


def test_drafts_and_copies_bring_every_answer_back_and_the_file_is_valid(
    form: Form, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Half the tasks, a reload, a new page: every answer is back; a copy, saved, storage
    cleared and the copy loaded: every answer is back; then the rest, and the file codemark
    validate accepts."""
    page = form.page
    fill_body(page)
    answer(page, [1, 2, 3, 4, 5, 6])
    before = answers(page)
    page.reload()
    page.wait_for_selector("[data-view='drafts']:not([hidden])")
    assert focused(page) != "cm-drafts-title"  # a page that opens does not move focus
    offered = page.inner_text("#cm-drafts")
    assert "Draft for London Borough of Islington" in offered
    assert "Your organisation: Completed." in offered
    assert "6. Make opportunities open, fair and simple: Completed." in offered
    assert "7. Secure social value and pay the London Living Wage: Not started." in offered
    # Another page in the same browser is offered the draft too.
    other = form.open()
    assert "Draft for London Borough of Islington" in other.inner_text("#cm-drafts")
    other.close()
    page.click("[data-draft-continue]")
    assert showing(page, "tasks") and focused(page) == "cm-tasks-title"
    assert page.inner_text("#cm-announce") == (
        "Your draft for London Borough of Islington is open again."
    )
    assert answers(page) == before
    assert page.inner_text("#cm-progress") == "You have completed 8 of 16 tasks."
    # A copy, saved, brings every answer back into a browser that has forgotten them, even
    # one not yet right (kept as typed).
    page.goto(form.base + "sign/form/#task-principle-7")
    page.check("input[name='c-7.2'][value='partly']")
    page.fill("#f-c-7-2-note", "Half of our services so far.")
    page.goto(form.base + "sign/form/#task-organisation")
    page.fill("#f-organisation-website", "http://not-yet-right")
    before = answers(page)
    copy = download(page, ".cm-view:not([hidden]) [data-save-copy]", tmp_path)
    assert copy.name == "london-borough-of-islington-draft.yml"
    assert copy.read_text("utf-8").startswith("# " + say("draft-comment") + "\n")
    page.evaluate("localStorage.clear()")
    page.reload()
    page.wait_for_selector("[data-view='task-organisation']:not([hidden])")  # no draft to offer
    assert page.input_value("#f-organisation-name") == ""
    page.goto(form.base + "sign/form/#tasks")
    page.set_input_files("#f-load", str(copy))
    expect(page.locator("#cm-announce")).to_have_text(say("copy-loaded"))
    assert answers(page) == before
    assert page.locator(".cm-unchanged:not([hidden])").count() == 0  # a copy is not last year's
    # Then the rest, and the file.
    page.goto(form.base + "sign/form/#task-organisation")
    page.fill("#f-organisation-website", BODY["#f-organisation-website"])
    page.goto(form.base + "sign/form/#tasks")
    answer(page, list(range(7, 14)))
    assert status(page, "check") == "Not started"
    page.click(".cm-task-list a[href='#check']")
    assert focused(page) == "cm-check-title"
    assert page.locator("#cm-check-summary").is_hidden()
    assert "complete and valid" in page.inner_text("#cm-valid")
    saved = download(page, "#cm-download", tmp_path / "signatories")
    assert saved.name == "london-borough-of-islington.yml"
    report = validate(saved, capsys)
    assert report["valid"] is True, report
    # Every criterion answered with a link: too long for a link that opens GitHub's editor.
    assert page.locator("#cm-propose").is_hidden()
    assert page.locator("#cm-too-long").is_visible()
    page.goto(form.base + "sign/form/#tasks")
    assert status(page, "check") == "Completed"


def test_start_again_asks_first_and_drafts_are_kept_apart_and_safe(desktop: Page) -> None:
    page = desktop
    open_task(page, "organisation")
    page.fill("#f-organisation-name", "London Borough of Islington")
    page.goto(page.url.split("#")[0] + "#tasks")
    page.click("#cm-start-again")
    assert showing(page, "discard") and focused(page) == "cm-discard-title"
    assert page.inner_text("#cm-discard-text") == say(
        "draft-confirm", name="London Borough of Islington"
    )
    page.click("#cm-discard-no")
    assert showing(page, "tasks")
    assert page.evaluate("localStorage.length") == 1
    page.click("#cm-start-again")
    page.click("#cm-discard-yes")
    assert showing(page, "tasks")
    assert page.evaluate("localStorage.length") == 0
    assert page.inner_text("#cm-announce") == say(
        "draft-deleted", name="London Borough of Islington"
    )
    # Two bodies' drafts are kept apart.
    open_task(page, "organisation")
    page.fill("#f-organisation-name", "London Borough of Islington")
    page.reload()
    page.click("#cm-draft-new")
    assert showing(page, "tasks")
    open_task(page, "organisation")
    page.fill("#f-organisation-name", "London Borough of Camden")
    page.reload()
    drafts = page.locator("#cm-drafts .cm-draft__name").all_inner_texts()
    assert drafts == ["Draft for London Borough of Camden", "Draft for London Borough of Islington"]
    # Start again on one asks, then deletes that one only.
    page.locator("[data-draft-discard]").nth(1).click()
    assert "London Borough of Islington" in page.inner_text("#cm-discard-text")
    page.click("#cm-discard-yes")
    assert showing(page, "drafts")
    assert page.locator("#cm-drafts .cm-draft__name").all_inner_texts() == [
        "Draft for London Borough of Camden"
    ]
    # A storage that becomes full: a warning, and the form keeps working in the page.
    page.click("[data-draft-continue]")
    page.evaluate(
        """() => { Storage.prototype.setItem = function () {
             throw new DOMException('Quota exceeded', 'QuotaExceededError'); }; }"""
    )
    assert page.locator("#cm-storage-warning").is_hidden()
    assert showing(page, "task-organisation")  # where the address still was
    page.fill("#f-organisation-identifier", "GB-LAE-CMD")
    assert page.locator("#cm-storage-warning").is_visible()
    page.fill("#f-organisation-identifier", "GB-LAE-CMD2")
    assert page.input_value("#f-organisation-name") == "London Borough of Camden"


def test_without_storage_the_form_warns_and_still_makes_a_valid_file(
    chromium: tuple[Browser, str],
    size: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    opened = Form(chromium, size, init=NO_STORAGE)
    page = opened.page
    warning = page.locator("#cm-storage-warning")
    assert warning.is_visible()
    assert warning.inner_text().startswith(say("storage-failed"))
    assert page.inner_text("#cm-announce") == say("storage-failed")
    fill_body(page)
    answer(page, [p.id for p in CODE.principles])
    page.goto(opened.base + "sign/form/#check")
    saved = download(page, "#cm-download", tmp_path / "signatories")
    assert validate(saved, capsys)["valid"] is True
    # The copy is offered in the warning itself.
    copy = download(page, "#cm-storage-warning [data-save-copy]", tmp_path)
    assert copy.read_text("utf-8").startswith("# " + say("draft-comment"))
    opened.context.close()
    assert opened.errors == []


# Moving between views ---------------------------------------------------------------------------


def test_back_forward_and_change_move_between_views(form: Form) -> None:
    page = form.page
    open_task(page, "organisation")
    page.select_option("#f-organisation-kind", "local-authority")
    page.click(".cm-view:not([hidden]) .cm-back")
    open_task(page, "principle-3")
    page.go_back()
    assert showing(page, "tasks") and focused(page) == "cm-tasks-title"
    page.go_back()
    assert showing(page, "task-organisation") and focused(page) == "cm-organisation-title"
    page.go_forward()
    page.go_forward()
    assert showing(page, "task-principle-3") and focused(page) == "cm-principle-3-title"
    assert page.evaluate("location.hash") == "#task-principle-3"
    # Change, on "Check your answers", returns there.
    page.goto(form.base + "sign/form/#tasks")
    page.set_input_files("#f-load", str(LAST_YEAR))
    page.wait_for_selector(".cm-task__hint:not(:empty)")
    assert page.inner_text("#cm-announce") == say("renewal-loaded")
    page.click(".cm-task-list a[href='#check']")
    check = page.locator("[data-view='check']")
    # Every answer, grouped by task.
    groups = check.locator(".cm-check-group:not([hidden]) h3").all_inner_texts()
    assert groups == ["Your organisation", "Signing"] + [p.heading for p in CODE.principles]
    organisation = check.locator("[data-check-task='organisation']").inner_text()
    assert "Official name\nExample Borough Council" in organisation
    assert "Kind of body\nLocal authority" in organisation
    assert check.locator("[data-check-criterion='4.2'] dd p").all_inner_texts() == [
        "Met",
        "https://www.example-borough.example/commissioning/code/4-2",
        "Our *anchor partnership* with local groups covers three wards so far.",
    ]
    page.click("[data-check-task='signed'] a:text('Change')")
    assert showing(page, "task-signed") and focused(page) == "cm-signed-title"
    page.go_back()
    assert showing(page, "check")
    page.go_forward()  # still on its way back to the check page
    assert showing(page, "task-signed")
    page.fill("#f-signed-by", "Leader of the Council")
    save_and_continue(page)
    assert showing(page, "check") and focused(page) == "cm-check-title"
    assert "Leader of the Council" in check.locator("[data-check-task='signed']").inner_text()
    # A problem found there leads to its task, and back.
    page.click("[data-check-task='organisation'] a:text('Change')")
    page.fill("#f-organisation-website", "http://www.example-borough.example")
    save_and_continue(page)
    assert showing(page, "task-organisation")  # not saved: it has a problem
    page.click("[data-view='task-organisation'] .cm-back")
    assert showing(page, "check")
    page.click("#cm-check-summary li a")
    assert showing(page, "task-organisation") and focused(page) == "f-organisation-website"


# Renewing ---------------------------------------------------------------------------------------


def test_a_renewal_keeps_last_years_assessment_and_marks_what_is_unchanged(
    desktop: Page,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Last year's file, loaded: its assessment moves, as it was, to the top of the history,
    the new one is dated today, and the guard accepts the change as a renewal."""
    page = desktop
    page.set_input_files("#f-load", str(LAST_YEAR))
    page.wait_for_selector(".cm-task__hint:not(:empty)")
    today = page.evaluate("new Date().toISOString().slice(0, 10)")
    assert page.input_value("#f-assessment-date") == today
    page.goto(page.url.split("#")[0] + "#check")
    renewed = page.text_content("#cm-yaml") or ""
    before, after = _values(LAST_YEAR.read_text("utf-8"), "f.yml"), _values(renewed, "f.yml")
    assert after["history"] == [before["assessment"], *before["history"]]
    assert after["assessment"]["date"] == today
    assert after["assessment"]["criteria"] == before["assessment"]["criteria"]
    assert history_refusals("f.yml", before, after) == []
    folder = tmp_path / "signatories"
    folder.mkdir()
    (folder / LAST_YEAR.name).write_text(renewed, "utf-8")
    midnight = datetime.fromisoformat(today).replace(tzinfo=UTC)  # the browser's today
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(midnight.timestamp())))
    assert validate(folder, capsys)["valid"] is True
    # Each task marks what is unchanged since the last assessment.
    base = page.url.split("#")[0]
    page.goto(base + "#tasks")
    hint = page.locator(".cm-task[data-task='principle-4'] .cm-task__hint")
    hint.wait_for()
    assert hint.inner_text() == "5 of 5 answers unchanged since your last assessment"
    # Not the date of the assessment: a renewal is dated today.
    assert (
        page.inner_text(".cm-task[data-task='signed'] .cm-task__hint")
        == "3 of 4 answers unchanged since your last assessment"
    )
    page.goto(base + "#task-principle-4")
    marks = page.locator("[data-view='task-principle-4'] .cm-unchanged:not([hidden])")
    assert marks.count() == 5
    assert marks.first.inner_text() == "Unchanged since your last assessment"
    page.check("input[name='c-4.2'][value='partly']")
    assert marks.count() == 4
    assert page.locator("[data-criterion='4.2'] .cm-unchanged").is_hidden()
    page.goto(base + "#tasks")
    assert hint.inner_text() == "4 of 5 answers unchanged since your last assessment"
    # The marks are kept with the draft, and with a copy, which carries last year's answers
    # in its history.
    page.reload()
    page.click("[data-draft-continue]")
    assert hint.inner_text() == "4 of 5 answers unchanged since your last assessment"
    copy = download(page, "[data-view='tasks'] [data-save-copy]", tmp_path)
    page.evaluate("localStorage.clear()")
    page.reload()
    page.set_input_files("#f-load", str(copy))
    expect(page.locator("#cm-announce")).to_have_text(say("copy-loaded"))
    assert hint.inner_text() == "4 of 5 answers unchanged since your last assessment"


# Through the real page: the form says what the validator says ---------------------------


def test_loaded_files_show_the_validators_messages_and_lead_to_them(
    desktop: Page, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Files the validator refuses, loaded into the page: its summary says what the
    validator says, field by field; and a valid file is called valid."""
    page = desktop
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
        report = validate(path, capsys)
        problems = report["files"][0]["problems"]
        page.set_input_files("#f-load", str(path))
        if report["valid"]:
            page.wait_for_selector("#cm-load-summary[hidden]", state="attached")
            page.goto(page.url.split("#")[0] + "#check")
            assert "complete and valid" in page.inner_text("#cm-valid"), case.label
            page.goto(page.url.split("#")[0] + "#tasks")
            continue
        page.wait_for_selector("#cm-load-summary:not([hidden])")
        summary = page.inner_text("#cm-load-summary")
        for problem in problems:
            # As the page words it: without the field the message starts with.
            words, field = str(problem["message"]), list(problem["field"])
            for end in range(len(field), 0, -1):
                words = words.removeprefix(" › ".join(field[:end]) + ": ")
            assert words in summary, (case.label, words, summary)
        assert focused(page) == "cm-load-summary"
    # A broken file: what is wrong leads to its task and field.
    broken = (ROOT / "signatories" / "demo-housing-association.yml").read_text("utf-8")
    broken = broken.replace("https://www.demo-housing.example", "http://www.demo-housing.example")
    broken = broken.replace("Director of Communities", "")
    path = tmp_path / "demo-housing-association.yml"
    path.write_text(broken, "utf-8")
    page.set_input_files("#f-load", str(path))
    page.wait_for_selector("#cm-load-summary:not([hidden])")
    summary = page.inner_text("#cm-load-summary")
    assert "Website: 'http://www.demo-housing.example' is not a web address starting" in summary
    assert "Enter role of the person who signed." in summary
    assert status(page, "organisation") == "In progress"
    page.click("#cm-load-summary a:text('Enter role of the person who signed.')")
    assert showing(page, "task-signed") and focused(page) == "f-signed-by"
    assert page.is_checked("input[name='c-1.1'][value='met']")
