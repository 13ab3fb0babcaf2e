"""Year on year: earlier assessments, the level each reached, how each ended, what changed,
and what the statistics make of them. Figures are worked out by hand in the comments."""

from __future__ import annotations

from datetime import date

from codemark.content import load_code
from codemark.fingerprint import review_hash
from codemark.history import year_on_year
from codemark.model import Answer, Assessment, Code, Organisation, Signatory
from codemark.register import build_register
from codemark.statistics import over_time

from .conftest import ROOT

CODE: Code = load_code(ROOT / "code")
URL = "https://www.example.gov.uk/evidence"
TODAY = date(2026, 11, 25)
# The 21 foundation criteria for a local authority (13.4 is for NHS commissioners only).
FOUNDATION = [c.id for c in CODE.criteria if c.level.id == "foundation" and c.id != "13.4"]


def answers(met: list[str], **others: str) -> tuple[Answer, ...]:
    """Each criterion in ``met`` met with evidence; ``others`` maps '7_2' to a status."""
    given = {cid: "met" for cid in met} | {k.replace("_", "."): v for k, v in others.items()}
    return tuple(
        Answer(CODE.criterion(cid), status, URL if status == "met" else None, "Because.")
        for cid, status in given.items()
    )


# Three assessments of one council:
#   2 June 2025: every foundation criterion but 7.2 (partly), and 9.4 met: no level.
#   1 July 2026: the first ran out on 1 June 2026, so the mark lapsed on 2 June 2026.
#                All foundation criteria and 1.3 and 2.3 met; 9.4 only partly: Foundation.
#                Since the first: newly met 1.3, 2.3, 7.2; no longer met 9.4.
#   20 November 2026: as before, and 1.4 met too; 2.3 now partly: still Foundation.
#                Since the second: newly met 1.4; no longer met 2.3. Renewed early.
FIRST = Assessment(
    "1.0.0",
    date(2025, 6, 2),
    answers([c for c in FOUNDATION if c != "7.2"] + ["9.4"], **{"7_2": "partly"}),
)
SECOND = Assessment(
    "1.0.0", date(2026, 7, 1), answers([*FOUNDATION, "1.3", "2.3"], **{"9_4": "partly"})
)
LATEST = answers([*FOUNDATION, "1.3", "1.4"], **{"2_3": "partly", "9_4": "partly"})


def council(history: tuple[Assessment, ...] = (SECOND, FIRST)) -> Signatory:
    kind = next(k for k in CODE.kinds if k.id == "local-authority")
    return Signatory(
        slug="a-council",
        path="signatories/a-council.yml",
        demonstration=False,
        organisation=Organisation(
            "A Council", kind, "GB-LAE-ISL", ("Islington",), URL, "a@example.gov.uk"
        ),
        signed_on=date(2025, 6, 2),
        signed_by="Chief Executive",
        decision=None,
        code_version="1.0.0",
        assessed_on=date(2026, 11, 20),
        answers=LATEST,
        history=history,
    )


def ids(criteria) -> list[str]:  # type: ignore[no-untyped-def]
    return [c.id for c in criteria]


def test_the_comparisons_match_the_hand_worked_example() -> None:
    foundation = CODE.level("foundation")
    years = year_on_year(CODE, council(), (), foundation)
    latest = years.latest
    assert latest is not None
    assert (ids(latest.newly_met), ids(latest.no_longer_met)) == (["1.4"], ["2.3"])
    assert (latest.level_then, latest.level_now, latest.since) == (
        foundation,
        foundation,
        date(2026, 7, 1),
    )
    second, first = years.past
    assert second.level == foundation and first.level is None
    assert second.compared is not None and first.compared is None
    assert ids(second.compared.newly_met) == ["1.3", "2.3", "7.2"]
    assert ids(second.compared.no_longer_met) == ["9.4"]
    assert second.ended_text == "Renewed on 20 November 2026" and not second.lapsed
    assert first.lapsed and first.current_to == date(2026, 6, 1)
    assert first.ended_text == "Lapsed on 2 June 2026; renewed on 1 July 2026"
    assert years.previous_level == foundation


def test_the_register_carries_the_history_and_the_previous_level() -> None:
    entry = build_register(CODE, [council()], {}, TODAY).entries[0]
    assert entry.mark.level == CODE.level("foundation")
    assert entry.history.previous_level == CODE.level("foundation")
    assert [p.assessment.date for p in entry.history.past] == [date(2026, 7, 1), date(2025, 6, 2)]
    alone = build_register(CODE, [council(history=())], {}, TODAY).entries[0]
    assert alone.history.latest is None and alone.history.previous_level is None


def test_months_count_a_body_current_lapsed_and_current_again() -> None:
    # Current from June 2025 to 1 June 2026; lapsed on 30 June 2026; current again from July.
    months = over_time(CODE, build_register(CODE, [council()], {}, TODAY).entries, TODAY)
    assert [m.end for m in months][:2] == [date(2025, 6, 30), date(2025, 7, 31)]
    assert months[-1].end == TODAY and len(months) == 18
    lapsed = [m.end for m in months if m.lapsed]
    assert lapsed == [date(2026, 6, 30)]
    assert all(m.signed == 1 and m.former == 0 for m in months)
    assert sum(m.current for m in months) == 17


def test_the_review_hash_covers_the_history() -> None:
    changed = Assessment(FIRST.code_version, FIRST.date, answers(FOUNDATION))
    hashes = {review_hash(council(h)) for h in ((SECOND, FIRST), (SECOND, changed), (SECOND,), ())}
    assert len(hashes) == 4
