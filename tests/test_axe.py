"""axe-core finds no WCAG 2.2 AA violations in any distinct page state (the states are
listed in test_accessibility). The longest single test of the suite, so it has a module of
its own: the test run's two workers each take whole modules, and this one alone keeps a
worker busy while the other runs the rest."""

from __future__ import annotations

from playwright.sync_api import Browser

from .test_accessibility import (
    AXE,
    SCREENSHOTS,
    SCREENSHOTS_WANTED,
    STATES,
    TAGS,
    open_page,
)

AT_ONCE = 4  # pages checked side by side: axe's work runs in each page's own process


def test_axe_finds_no_violations(chromium: tuple[Browser, str]) -> None:
    """Every distinct page state, at each size that changes its layout. axe runs in several
    pages at once, so both processors work; each state's violations are named."""
    found: dict[str, list[str]] = {}
    for start in range(0, len(STATES), AT_ONCE):
        batch = STATES[start : start + AT_ONCE]
        pages = [open_page(chromium, name, size, bypass_csp=True) for name, size in batch]
        for (name, size), page in zip(batch, pages, strict=True):
            if SCREENSHOTS_WANTED:  # nothing asserts on them: they are for people
                SCREENSHOTS.mkdir(exist_ok=True)
                page.screenshot(path=str(SCREENSHOTS / f"{name}-{size}.png"), full_page=True)
            page.add_script_tag(path=str(AXE))
            # Started, not awaited: the page keeps the promise for later. The form's views
            # that are not showing are left out: hidden, they are not rendered nor in the
            # accessibility tree, and each kind is checked in a state that shows it (the Nu Html
            # Checker reads all of the markup). Walking them would double axe's time.
            page.evaluate(
                """tags => { window.__violations = axe.run({exclude: [['.cm-view[hidden]']]},
                     {runOnly: {type: 'tag', values: tags}})
                     .then(r => r.violations.map(v => v.id + ': ' +
                       v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(' | '))); }""",
                TAGS,
            )
        for (name, size), page in zip(batch, pages, strict=True):
            found[f"{name} ({size})"] = page.evaluate("window.__violations")
            page.close()
    assert len(found) == len(STATES)
    assert {state: v for state, v in found.items() if v} == {}
