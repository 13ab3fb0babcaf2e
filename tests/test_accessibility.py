"""What a person sees, in a real browser: every distinct page state (axe-core checks each in
test_axe), the Nu Html Checker finds no errors in our markup, the keyboard reaches
everything with visible focus, and the printable pages print. With CODEMARK_SCREENSHOTS=1,
screenshots of each state are saved in tests/screenshots/ for people to look at."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page
from pypdf import PdfReader

from .conftest import ROOT

NODE = ROOT / "tests" / "node" / "node_modules"
AXE = NODE / "axe-core" / "axe.min.js"
VNU = NODE / "vnu-jar" / "build" / "dist" / "vnu.jar"
SCREENSHOTS = ROOT / "tests" / "screenshots"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}
SCREENSHOTS_WANTED = os.environ.get("CODEMARK_SCREENSHOTS") == "1"


# The sign-up form's states: its views, the errors each shows, and what it says of drafts
# and of storage. A renewal fills the form and marks what is unchanged since the last assessment.


def save_and_continue(page: Page) -> None:
    page.click(".cm-view:not([hidden]) [data-save-continue]")
    page.wait_for_selector(".cm-view:not([hidden]) .cm-error-summary:not([hidden])")


def renew(page: Page) -> None:
    page.set_input_files("#f-load", str(ROOT / "signatories" / "example-borough-council.yml"))
    page.wait_for_selector(".cm-task__hint:not(:empty)")


def go(page: Page, view: str) -> None:
    page.evaluate("view => { location.hash = view; }", view)
    page.wait_for_selector(f".cm-view[data-view='{view}']:not([hidden])")


def organisation_errors_without_storage(page: Page) -> None:
    page.add_init_script("Object.defineProperty(window, 'localStorage', {get() { throw 1; }})")
    page.reload()
    page.wait_for_selector("#cm-storage-warning:not([hidden])")
    save_and_continue(page)


def renewed_principle_with_errors(page: Page) -> None:
    """Last year's answers marked unchanged, and one changed answer that lacks its note."""
    renew(page)
    go(page, "task-principle-4")
    page.check("input[name='c-4.2'][value='partly']")
    page.fill("#f-c-4-2-note", "")
    save_and_continue(page)


def renewed_check(page: Page) -> None:
    renew(page)
    go(page, "check")
    page.wait_for_selector("#cm-result:not([hidden])")


def draft_offered(page: Page) -> None:
    page.fill("#f-organisation-name", "London Borough of Islington")
    page.reload()
    page.wait_for_selector("[data-view='drafts']:not([hidden])")


def start_again(page: Page) -> None:
    renew(page)
    page.click("#cm-start-again")


# Every distinct page state, with what to do on it first. Signatory pages share one template:
# the states that show differently are a current entry with a level, one with no level yet,
# a lapsed one and a former one. Every level's colours show on the register.
PAGES: dict[str, tuple[str, Callable[[Page], None] | None]] = {
    "home": ("", None),
    "code-overview": ("code/", None),
    "principle": ("code/04-anchor-organisations/", None),
    "printable-code": ("code/print/", None),
    "case-studies": ("case-studies/", None),
    "case-studies-filtered": ("case-studies/area/islington/", None),
    "case-study": ("case-studies/well-london/", None),
    "register": ("register/", None),
    "statistics": ("statistics/", None),
    "register-filtered": ("register/kind--local-authority.html", None),
    "signatory-leading-current": ("register/example-borough-council.html", None),
    "signatory-no-level": ("register/specimen-district-council.html", None),
    "signatory-lapsed": ("register/old-town-borough-council.html", None),
    "signatory-withdrawn": ("register/example-regional-partnership.html", None),
    "form-tasks": ("sign/form/", None),
    "form-organisation-errors": (
        "sign/form/#task-organisation",
        organisation_errors_without_storage,
    ),
    "form-signing": ("sign/form/#task-signed", None),
    "form-principle-errors": ("sign/form/", renewed_principle_with_errors),
    "form-check-errors": ("sign/form/#check", None),
    "form-check-valid": ("sign/form/", renewed_check),
    "form-draft-offered": ("sign/form/#task-organisation", draft_offered),
    "form-start-again": ("sign/form/", start_again),
    "templates": ("sign/templates/", None),
    "checklist": ("sign/checklist/", None),
    "how-to-sign": ("how-to-sign/", None),
    "data": ("data/", None),
    "about": ("about/", None),
    "accessibility-statement": ("accessibility/", None),
    "not-found": ("404.html", None),
}


FORM_DESKTOP_ONLY = {"form-draft-offered", "form-start-again"}
# Pages whose layout changes on a phone: tables that reflow, charts, the form, the navigation.
# Every view of the form, and each of its error states: the drafts' views are the same
# buttons and text, at desktop width only.
ON_PHONES = {"home", "register", "statistics", "signatory-leading-current", "checklist"} | {
    name for name in PAGES if name.startswith("form-") and name not in FORM_DESKTOP_ONLY
}
STATES = [
    (name, size) for name in PAGES for size in SIZES if size == "desktop" or name in ON_PHONES
]


def open_page(
    chromium: tuple[Browser, str], name: str, size: str = "desktop", bypass_csp: bool = False
) -> Page:
    launched, base = chromium
    width, height = SIZES[size]
    # axe-core is injected as an inline script, which the site's policy rightly refuses.
    page = launched.new_page(viewport={"width": width, "height": height}, bypass_csp=bypass_csp)
    path, action = PAGES[name]
    page.goto(base + path, wait_until="load")
    if path.startswith("sign/form/"):
        page.wait_for_selector("#cm-sign-form:not([hidden])")
    if action:
        action(page)
    return page


def test_no_page_asks_another_origin_and_the_policy_blocks_nothing(
    chromium: tuple[Browser, str],
) -> None:
    """Every page type, as a visitor gets it: each request goes to the site itself, and the
    Content-Security-Policy refuses nothing the site needs (Chromium logs each refusal)."""
    launched, base = chromium
    page = launched.new_page()
    requests: list[str] = []
    refused: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on(
        "console",
        lambda message: (
            refused.append(message.text)
            if "Content Security Policy" in message.text or message.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda error: refused.append(str(error)))
    paths = list(dict.fromkeys(path.split("#")[0] for path, _ in PAGES.values()))
    for path in paths:
        page.goto(base + path, wait_until="load")
        policy = page.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content")
        assert policy and "default-src 'self'" in policy, path
    # The search box loads its index and worker on first use: use it once.
    page.goto(base, wait_until="networkidle")
    page.keyboard.press("/")
    page.keyboard.type("Islington")
    page.wait_for_selector(".md-search-result__item")
    page.wait_for_load_state("networkidle")
    page.close()
    elsewhere = [url for url in requests if not url.startswith((base, "data:", "blob:"))]
    assert elsewhere == [] and refused == []
    assert len({url.split("?")[0] for url in requests}) > len(paths), "were the pages loaded?"


# Errors the Nu Html Checker reports in mkdocs-material's own markup, which we do
# not change: each with the reason it is left.
KNOWN_THEME_ERRORS = {
    r"Attribute “autocomplete” is only allowed when the input type is": (
        "mkdocs-material puts autocomplete=off on its hidden drawer and search checkboxes "
        "(base.html), to stop browsers restoring their state"
    ),
    r"Bad value “” for attribute “tabindex” on element “label”": (
        "mkdocs-material's navigation labels carry an empty tabindex (partials/nav-item.html)"
    ),
    r"The value of the “for” attribute of the “label” element must be the ID of a non-hidden "
    r"form control": (
        "mkdocs-material's table-of-contents title labels a toggle it leaves out when a page "
        "hides its table of contents (partials/toc.html)"
    ),
}


def test_the_nu_html_checker_finds_no_errors_in_our_markup(site: Path) -> None:
    java = shutil.which("java")
    assert java, "Java is needed for the Nu Html Checker"
    files = sorted({str(site / _file(path.split("#")[0])) for path, _ in PAGES.values()})
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "gnu", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    ours = [e for e in errors if not any(re.search(k, e) for k in KNOWN_THEME_ERRORS)]
    assert ours == []
    assert errors, "the theme's known errors should still be found: is the checker running?"


def _file(path: str) -> str:
    return path + "index.html" if path.endswith("/") or not path else path


def focused(page: Page) -> dict[str, str]:
    return dict(
        page.evaluate(
            """() => { const e = document.activeElement, s = getComputedStyle(e);
                 return {tag: e.tagName, href: e.getAttribute('href') || '', id: e.id,
                         text: (e.innerText || '').trim(), outline: s.outlineStyle,
                         shadow: s.boxShadow}; }"""
        )
    )


def tab_to(
    page: Page, matches: Callable[[dict[str, str]], bool], limit: int = 400
) -> dict[str, str]:
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = focused(page)
        if matches(state):
            assert state["outline"] != "none" or state["shadow"] != "none", (
                f"no visible focus: {state}"
            )
            return state
    raise AssertionError("could not reach it with the Tab key")


def test_register_filters_by_keyboard(chromium: tuple[Browser, str]) -> None:
    page = open_page(chromium, "register")
    tab_to(page, lambda s: s["href"].endswith("level--leading.html"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/register/level--leading.html")
    assert "Example Borough Council" in page.inner_text("main")
    page.close()


def test_case_study_filters_by_keyboard(chromium: tuple[Browser, str]) -> None:
    page = open_page(chromium, "case-studies")
    tab_to(page, lambda s: s["href"].endswith("area/islington/"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/case-studies/area/islington/")
    assert "Islington Giving" in page.inner_text("main")
    page.close()


def test_navigation_by_keyboard(chromium: tuple[Browser, str]) -> None:
    page = open_page(chromium, "about")
    tab_to(page, lambda s: s["tag"] == "A" and s["text"] == "Register")
    page.keyboard.press("Enter")
    page.wait_for_url("**/register/")
    page.close()


def test_the_form_by_keyboard(chromium: tuple[Browser, str]) -> None:
    """From the page's top, with visible focus all the way (tests/test_form.py does more)."""
    page = open_page(chromium, "form-tasks")
    tab_to(page, lambda s: s["href"] == "#task-organisation")
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "cm-organisation-title"
    tab_to(page, lambda s: s["id"] == "f-organisation-name")
    page.keyboard.type("London Borough of Islington")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "f-organisation-kind"
    page.keyboard.press("ArrowDown")  # the first kind: local authority
    assert page.input_value("#f-organisation-kind") == "local-authority"
    tab_to(page, lambda s: s["text"] == "Save and continue")
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "cm-organisation-summary"
    tab_to(page, lambda s: s["text"] == "Enter identifier.")
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "f-organisation-identifier"
    page.evaluate("location.hash = 'task-principle-1'")
    page.wait_for_selector("[data-view='task-principle-1']:not([hidden])")
    tab_to(page, lambda s: s["id"] == "f-c-1-1-1")  # criterion 1.1, "Met"
    page.keyboard.press("Space")
    assert page.is_checked("#f-c-1-1-1")
    page.close()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "printable-code",
            ["Self-assessment checklist", "Criterion 13.1", "Work through trusted local anchor"],
        ),
        # A signatory's page prints as its certificate, and as nothing else.
        ("signatory-leading-current", ["Example Borough Council", "Leading", "Printed from"]),
        ("signatory-lapsed", ["NOT VALID", "This certificate is not valid", "Printed from"]),
    ],
)
def test_printable_pages_print(
    chromium: tuple[Browser, str], name: str, expected: list[str]
) -> None:
    page = open_page(chromium, name)
    page.emulate_media(media="print")
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    page.close()
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)
    assert len(pdf.pages) >= (10 if name == "printable-code" else 1)
    for words in expected:
        assert words in text, words
    assert "Back to top" not in text and "Search" not in text[:200]
    if name.startswith("signatory"):  # the certificate only, not the entry around it
        assert "Put the badge on your website" not in text and "Source and challenge" not in text
