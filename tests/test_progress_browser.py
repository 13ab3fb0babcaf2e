"""Seeing progress in a real browser (one Chromium for the module): finding a body as you
type, narrowing a signatory's rows without script, pages that fit a phone, and print."""

from __future__ import annotations

import io
import statistics as stats

import pytest
from playwright.sync_api import Browser, Page
from pypdf import PdfReader


def open_page(
    chromium: tuple[Browser, str], url: str, width: int = 1280, script: bool = True
) -> Page:
    launched, base = chromium
    context = launched.new_context(
        viewport={"width": width, "height": 900}, java_script_enabled=script
    )
    page = context.new_page()
    page.goto(base + url, wait_until="load")
    return page


def test_a_body_is_found_by_name_as_you_type(chromium: tuple[Browser, str]) -> None:
    page = open_page(chromium, "register/kind--nhs-commissioner.html")
    page.fill("#cm-find-input", "BOROUGH")
    page.wait_for_selector("#cm-find-results li")
    names = page.locator("#cm-find-results a").all_inner_texts()
    assert names == ["Example Borough Council", "Old Town Borough Council"]
    assert page.inner_text("#cm-find-status") == "2 bodies match."
    page.click("#cm-find-results a >> nth=1")
    page.wait_for_url("**/register/old-town-borough-council.html")
    page.context.close()
    # Without script, the search box stays hidden and the letters still lead to names.
    plain = open_page(chromium, "register/", script=False)
    assert not plain.is_visible("#cm-find-input")
    plain.click(".cm-az >> text=O")
    assert plain.url.endswith("#letter-o")
    plain.context.close()


def test_the_rows_narrow_to_those_not_yet_met_without_script(
    chromium: tuple[Browser, str],
) -> None:
    page = open_page(chromium, "register/sample-integrated-care-board.html", script=False)
    rows = page.locator("table.cm-answers tbody tr")
    shown = lambda: sum(rows.nth(i).is_visible() for i in range(rows.count()))  # noqa: E731
    assert shown() == rows.count() == 61
    page.click("text=Show only the 7 criteria not yet met")
    assert shown() == 7
    assert page.is_visible("text=Showing only the 7 criteria not yet met.")
    page.click("text=Show all criteria")
    assert shown() == 61
    page.context.close()


@pytest.mark.parametrize(
    "url",
    [
        "register/example-borough-council.html",
        "register/kind--local-authority--level--foundation.html",
        "statistics/",
        "",
    ],
)
def test_pages_fit_a_phone_with_no_sideways_scrolling(
    chromium: tuple[Browser, str], url: str
) -> None:
    page = open_page(chromium, url, width=360)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, url
    if url.endswith("council.html"):
        # Each answer is a block of its own, its cells labelled.
        row = page.locator("#criterion-1-1")
        assert row.evaluate("r => getComputedStyle(r).display") == "block"
        level = row.locator("td").first.evaluate("c => getComputedStyle(c, '::before').content")
        assert level == '"Level: "'
    page.context.close()


def printed(page: Page) -> list[str]:
    page.emulate_media(media="print")
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    return [" ".join((p.extract_text() or "").split()) for p in pdf.pages]


def test_the_printed_code_has_no_near_empty_pages_and_room_to_write(
    chromium: tuple[Browser, str],
) -> None:
    page = open_page(chromium, "code/print/")
    pages = printed(page)
    typical = stats.median(len(text) for text in pages)
    # Every page but the last holds at least half a typical page: no forced break strands one.
    assert all(len(text) > typical / 2 for text in pages[:-1]), [len(t) for t in pages]
    table = page.locator("table.cm-checklist")
    write = page.locator("table.cm-checklist thead th").last
    assert write.bounding_box()["width"] >= 0.28 * table.bounding_box()["width"]  # type: ignore[index]
    page.context.close()


def test_a_certificate_has_a_print_button_that_does_not_print(
    chromium: tuple[Browser, str],
) -> None:
    page = open_page(chromium, "register/example-borough-council.html")
    button = page.locator("[data-cm-print]")
    assert button.is_visible() and button.inner_text() == "Print the certificate"
    page.evaluate("window.print = () => document.body.setAttribute('data-printed', 'yes')")
    button.click()
    assert page.get_attribute("body", "data-printed") == "yes"
    page.emulate_media(media="print")
    assert not button.is_visible()
    page.context.close()


def test_charts_print_in_colour_and_whole(chromium: tuple[Browser, str]) -> None:
    page = open_page(chromium, "statistics/")
    page.emulate_media(media="print")
    adjust = page.locator(".cm-chart__svg").first.evaluate(
        "s => getComputedStyle(s).printColorAdjust || getComputedStyle(s).webkitPrintColorAdjust"
    )
    assert adjust == "exact"
    breaks = page.locator("figure.cm-chart").first.evaluate("f => getComputedStyle(f).breakInside")
    assert breaks == "avoid"
    page.context.close()
