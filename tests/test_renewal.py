"""Renewing keeps the earlier assessment: `codemark renew` moves it, word for word, into the
file's history, and the guard refuses a pull request that loses or changes one."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from codemark.guard import _values, history_refusals
from codemark.renew import RenewError, renew

from .conftest import ROOT

FILE = "signatories/x.yml"


def assessment(day: str, status: str = "met") -> dict[str, Any]:
    return {"code_version": "1.0.0", "date": day, "criteria": {"1.1": {"status": status}}}


FIRST, SECOND, THIRD = assessment("2025-06-02"), assessment("2026-06-01"), assessment("2026-11-20")


def values(latest: dict[str, Any], *history: dict[str, Any]) -> dict[str, Any]:
    return {"assessment": latest, **({"history": list(history)} if history else {})}


@pytest.mark.parametrize(
    ("case", "before", "after", "expected"),
    [
        ("an answer corrected", values(SECOND, FIRST), values(assessment("2026-06-01", "partly"),
         FIRST), []),
        ("a renewal that keeps the last", values(SECOND, FIRST), values(THIRD, SECOND, FIRST), []),
        ("a first renewal", values(FIRST), values(SECOND, FIRST), []),
        (
            "a renewal that drops the last",
            values(SECOND, FIRST),
            values(THIRD, FIRST),
            [
                f"{FILE} replaces the assessment of 2026-06-01 with a new one but does not keep "
                f"it. Move it, unchanged, to the top of 'history:' ('codemark renew {FILE}' and "
                "the form's renewal do this for you)."
            ],
        ),
        (
            "a renewal that changes what it keeps",
            values(SECOND, FIRST),
            values(THIRD, assessment("2026-06-01", "partly"), FIRST),
            [f"{FILE} replaces the assessment of 2026-06-01 with a new one but does not keep"],
        ),
        (
            "an earlier assessment changed",
            values(SECOND, FIRST),
            values(SECOND, assessment("2025-06-02", "partly")),
            [f"{FILE} changes the earlier assessment of 2025-06-02 in 'history'. Earlier "
             "assessments are kept as they were filed: put it back as it was."],
        ),
        (
            "an earlier assessment removed",
            values(THIRD, SECOND, FIRST),
            values(THIRD, SECOND),
            [f"{FILE} removes the earlier assessment of 2025-06-02 in 'history'."],
        ),
        (
            "an assessment slipped into the history",
            values(SECOND, FIRST),
            values(SECOND, assessment("2025-12-01"), FIRST),
            [f"{FILE} adds an assessment dated 2025-12-01 to 'history' without renewing. Only a "
             "renewal adds one: the assessment it replaces."],
        ),
        (
            "the history reordered",
            values(THIRD, SECOND, FIRST),
            values(THIRD, FIRST, SECOND),
            [f"{FILE} changes the order of 'history'. Keep it newest first, as it was."],
        ),
    ],
)  # fmt: skip
def test_the_guard_keeps_every_earlier_assessment(
    case: str, before: dict[str, Any], after: dict[str, Any], expected: list[str]
) -> None:
    found = history_refusals(FILE, before, after)
    assert len(found) == len(expected), (case, found)
    for refusal, start in zip(found, expected, strict=True):
        assert refusal.startswith(start), (case, refusal)


SAMPLE = (ROOT / "signatories" / "specimen-district-council.yml").read_text("utf-8")


def test_renew_moves_the_assessment_word_for_word_into_the_history() -> None:
    once = renew(SAMPLE, date(2026, 11, 27), "1.0.0")
    assert once.kept == "2026-06-01"
    before, after = _values(SAMPLE, FILE), _values(once.text, FILE)
    assert after["history"] == [before["assessment"]]
    assert after["assessment"]["date"] == "2026-11-27"
    assert after["assessment"]["criteria"] == before["assessment"]["criteria"]
    assert history_refusals(FILE, before, after) == []
    # Comments and the rest of the file are as they were.
    assert once.text.startswith(SAMPLE[: SAMPLE.index("assessment:")])
    twice = renew(once.text, date(2027, 11, 1), "1.0.0")
    values = _values(twice.text, FILE)
    assert [h["date"] for h in values["history"]] == ["2026-11-27", "2026-06-01"]
    assert history_refusals(FILE, after, values) == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("organisation: {}\n", "the file has no 'assessment:' section to renew."),
        ("assessment: {date: 2026-01-01}\n", "'assessment:' is written on one line."),
        ("assessment:\n  date: 2026-11-27\n", "the assessment is already dated today"),
        ("history: []\nassessment:\n  date: 2026-01-01\n", "'history:' comes before"),
    ],
)
def test_renew_says_why_it_cannot(text: str, message: str) -> None:
    with pytest.raises(RenewError, match=message.replace("(", r"\(")):
        renew(text, date(2026, 11, 27), "1.0.0")
