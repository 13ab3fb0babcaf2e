"""The quality mark's rules, one table row per rule."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from codemark import clock
from codemark.content import load_code
from codemark.fingerprint import review_hash
from codemark.model import Answer, Change, Code, Organisation, Review, Signatory
from codemark.score import LAPSED, RENEWAL_DUE, SUSPENDED, WITHDRAWN, add_months, mark

from .conftest import DATA

CODE = load_code(DATA / "code")
KINDS = {k.id: k for k in CODE.kinds}
TODAY = date(2026, 6, 30)
URL = "https://www.islington.gov.uk/evidence"


def body(
    kind: str = "nhs-commissioner",
    answers: dict[str, tuple[str, str | None, str | None]] | None = None,
    **fields,
) -> Signatory:  # type: ignore[no-untyped-def]
    """A signatory of the test code; by default it satisfies every criterion."""
    answers = answers if answers is not None else {c.id: ("met", URL, None) for c in CODE.criteria}
    org = Organisation("A Body", KINDS[kind], "GB-LAE-ISL", ("Islington",), URL, "a@b.gov.uk")
    return Signatory(
        slug="a-body",
        path="a-body.yml",
        demonstration=False,
        organisation=org,
        signed_on=date(2026, 1, 5),
        signed_by="Chief Executive",
        decision=None,
        code_version="1.0.0",
        assessed_on=fields.pop("assessed_on", date(2026, 1, 5)),
        answers=tuple(
            Answer(CODE.criterion(cid), status, evidence, note)
            for cid, (status, evidence, note) in answers.items()
        ),
        **fields,
    )


THIS = "the file being scored"  # stands for the review hash of the signatory in each case
VERIFIED = Review(date(2026, 2, 1), "verified", "Secretariat", "leading", None, THIS)


def of(signatory: Signatory, reviews: list[Review]) -> list[Review]:
    """The reviews, each that names THIS file naming the signatory's own review hash."""
    return [
        replace(r, reviewed=review_hash(signatory)) if r.reviewed == THIS else r for r in reviews
    ]


MET = ("met", URL, None)


@pytest.mark.parametrize(
    ("case", "signatory", "reviews", "today", "level", "progress"),
    [
        ("nothing answered: no level, 0% of foundation", body(answers={}), [], TODAY, None, 0),
        (
            "foundation met: foundation, 0% of established",
            body(answers={"1.1": MET}),
            [],
            TODAY,
            "foundation",
            0,
        ),
        (
            "met without the evidence its rule demands does not count",
            body(answers={"1.1": ("met", None, None)}),
            [],
            TODAY,
            None,
            0,
        ),
        (
            "met without a link counts where the link is optional",
            body(answers={"1.1": MET, "2.1": MET, "1.10": ("met", None, None)}),
            [VERIFIED],
            TODAY,
            "leading",
            100,
        ),
        (
            "n/a with a reason counts where n/a is allowed",
            body(answers={"1.1": MET, "2.1": MET, "1.10": ("n/a", None, "We have none.")}),
            [VERIFIED],
            TODAY,
            "leading",
            100,
        ),
        (
            "n/a without the reason its rule demands does not count",
            body(answers={"1.1": MET, "2.1": MET, "1.10": ("n/a", None, None)}),
            [VERIFIED],
            TODAY,
            "established",
            0,
        ),
        (
            "n/a where it is not allowed does not count",
            body(answers={"1.1": ("n/a", None, "No."), "2.1": MET}),
            [],
            TODAY,
            None,
            0,
        ),
        (
            "partly met does not count",
            body(answers={"1.1": ("partly", None, "Half.")}),
            [],
            TODAY,
            None,
            0,
        ),
        ("a level needs every level below it", body(answers={"2.1": MET}), [], TODAY, None, 0),
        (
            "a level that needs review is not held without one",
            body(),
            [],
            TODAY,
            "established",
            100,
        ),
        (
            "a review before the assessment does not count",
            body(assessed_on=date(2026, 3, 1)),
            [VERIFIED],
            TODAY,
            "established",
            100,
        ),
        (
            "a review of a lower level does not count",
            body(),
            [replace(VERIFIED, level="established")],
            TODAY,
            "established",
            100,
        ),
        (
            "criteria apply by kind of body: 1.10 is for NHS commissioners only",
            body(kind="local-authority", answers={"1.1": MET, "2.1": MET}),
            [VERIFIED],
            TODAY,
            "leading",
            100,
        ),
        (
            "a criterion does not count before its effective date",
            body(answers={"1.1": MET, "2.1": MET}),
            [VERIFIED],
            date(2026, 3, 31),
            "leading",
            100,
        ),
        (
            "and counts from its effective date",
            body(answers={"1.1": MET, "2.1": MET}),
            [VERIFIED],
            date(2026, 4, 1),
            "established",
            0,
        ),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_levels_and_progress(case, signatory, reviews, today, level, progress) -> None:  # type: ignore[no-untyped-def]
    result = mark(CODE, signatory, of(signatory, reviews), today)
    assert (result.level.id if result.level else None, result.progress) == (level, progress), case


def test_awaiting_review_is_said() -> None:
    result = mark(CODE, body(), [], TODAY)
    assert result.awaiting_review and result.next_level and result.next_level.id == "leading"


@pytest.mark.parametrize(
    ("today", "standing"),
    [
        (date(2026, 5, 30), "current"),
        (date(2026, 5, 31), RENEWAL_DUE),  # 30 days' window before the last day
        (date(2026, 6, 30), RENEWAL_DUE),  # the last day it is current
        (date(2026, 7, 1), LAPSED),
    ],
)
def test_currency(today: date, standing: str) -> None:
    result = mark(CODE, body(assessed_on=date(2025, 7, 1)), [], today)
    assert (result.current_from, result.current_to) == (date(2025, 7, 1), date(2026, 6, 30))
    assert result.renewal_from == date(2026, 5, 31)
    assert result.standing == standing


@pytest.mark.parametrize(
    ("signatory", "reviews", "standing"),
    [
        (body(withdrawn_on=date(2026, 5, 1), withdrawal_reason="Closed."), [], WITHDRAWN),
        (body(), [Review(date(2026, 5, 1), "withdrawn", "Secretariat", None, None)], WITHDRAWN),
        (
            body(),
            [VERIFIED, Review(date(2026, 5, 1), "suspended", "Secretariat", None, None)],
            SUSPENDED,
        ),
        (
            body(),
            [
                Review(date(2026, 5, 1), "suspended", "S", None, None),
                Review(date(2026, 6, 1), "reinstated", "S", "leading", None, THIS),
            ],
            "current",
        ),
    ],
)
def test_former_signatories(signatory: Signatory, reviews: list[Review], standing: str) -> None:
    result = mark(CODE, signatory, of(signatory, reviews), TODAY)
    assert result.standing == standing
    assert result.former == (standing in (WITHDRAWN, SUSPENDED))


def later_version(effective: date | None) -> Code:
    """The test code with a version 1.1.0 that adds criterion 2.2."""
    new = replace(CODE.criterion("2.1"), id="2.2", since="1.1.0", effective=effective)
    second = replace(CODE.principles[1], criteria=(*CODE.principles[1].criteria, new))
    return replace(
        CODE,
        version="1.1.0",
        principles=(CODE.principles[0], second),
        changelog=(*CODE.changelog, Change("1.1.0", date(2026, 5, 1), ("Adds 2.2.",))),
    )


def test_a_criterion_added_later_counts_from_its_effective_date() -> None:
    code = later_version(effective=date(2026, 9, 1))
    signatory = body(kind="local-authority", answers={"1.1": MET, "2.1": MET})
    assert mark(code, signatory, [], date(2026, 8, 31)).level.id == "established"  # type: ignore[union-attr]
    after = mark(code, signatory, [], date(2026, 9, 1))
    assert after.level.id == "foundation"  # type: ignore[union-attr]
    assert "2.2" in {c.id for c in after.counted}


def test_without_an_effective_date_it_counts_from_its_version() -> None:
    code = later_version(effective=None)
    signatory = body(kind="local-authority", answers={"1.1": MET, "2.1": MET})
    assert mark(code, signatory, [], date(2026, 4, 30)).level.id == "established"  # type: ignore[union-attr]
    assert mark(code, signatory, [], date(2026, 5, 1)).level.id == "foundation"  # type: ignore[union-attr]


def test_months_are_calendar_months() -> None:
    assert add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert add_months(date(2025, 12, 15), 1) == date(2026, 1, 15)


def test_today_comes_from_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1782777600")
    assert clock.today() == date(2026, 6, 30)


def test_a_review_covers_the_file_it_names() -> None:
    signatory = body()
    reviews = of(signatory, [VERIFIED])
    before = mark(CODE, signatory, reviews, TODAY)
    assert before.level and before.level.id == "leading"
    assert before.changed_since_review is None
    # One evidence link changes after the review: the review no longer covers the file.
    answers = tuple(
        replace(a, evidence=URL + "/new") if a.criterion.id == "1.1" else a
        for a in signatory.answers
    )
    after = mark(CODE, replace(signatory, answers=answers), reviews, TODAY)
    assert after.level and after.level.id == "established"  # self-assessed: no Leading
    assert after.changed_since_review == VERIFIED.date
    assert after.awaiting_review


def test_a_suspension_outlasts_any_change_to_the_file() -> None:
    signatory = body()
    reviews = [*of(signatory, [VERIFIED]), Review(date(2026, 5, 1), "suspended", "S", None, None)]
    edited = replace(signatory, signed_by="Leader of the Council")
    assert mark(CODE, edited, reviews, TODAY).standing == SUSPENDED


@pytest.mark.parametrize(
    ("signatory", "reviews", "today", "held", "ended_on", "text"),
    [
        (
            body(),
            [VERIFIED, Review(date(2026, 5, 1), "suspended", "S", None, None)],
            TODAY,
            "leading",
            date(2026, 5, 1),
            "Held Leading until 1 May 2026; suspended by the secretariat after an upheld challenge",
        ),
        (
            body(assessed_on=date(2025, 7, 1)),
            [],
            date(2026, 7, 1),
            "established",
            date(2026, 6, 30),
            "Held Established until 30 June 2026; lapsed, as no new self-assessment was filed",
        ),
        (
            # Withdrawn after it had lapsed: it held its level until it lapsed.
            body(
                assessed_on=date(2025, 7, 1),
                withdrawn_on=date(2026, 8, 29),
                withdrawal_reason="Closed.",
            ),
            [],
            date(2026, 9, 1),
            "established",
            date(2026, 6, 30),
            "Held Established until 30 June 2026; withdrew on 29 August 2026",
        ),
        (
            body(answers={}, withdrawn_on=date(2026, 3, 2), withdrawal_reason="Closed."),
            [],
            TODAY,
            None,
            date(2026, 3, 2),
            "Held no level; current until 2 March 2026; withdrew on 2 March 2026",
        ),
    ],
    ids=["suspended", "lapsed", "withdrawn-after-lapsing", "withdrawn-with-no-level"],
)
def test_a_body_no_longer_current_holds_no_level_and_says_what_it_held(
    signatory: Signatory,
    reviews: list[Review],
    today: date,
    held: str | None,
    ended_on: date,
    text: str,
) -> None:
    result = mark(CODE, signatory, of(signatory, reviews), today)
    assert (result.level, result.next_level, result.progress) == (None, None, None)
    assert (result.held.id if result.held else None, result.ended_on) == (held, ended_on)
    assert result.ended_text == text and result.summary == text
    assert result.as_of == today


def test_every_output_of_a_current_mark_says_until_when() -> None:
    result = mark(CODE, body(), of(body(), [VERIFIED]), TODAY)
    assert result.summary == "Leading, current until 4 January 2027"
    due = mark(CODE, body(assessed_on=date(2025, 7, 1)), [], date(2026, 6, 1))
    assert due.summary == "Established, current until 30 June 2026; due for renewal"
