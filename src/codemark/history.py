"""Year on year: a body's earlier self-assessments, the level each reached, how each ended,
and what changed from one to the next.

A renewal keeps the assessment it replaces, in the file's ``history`` (newest first), so
this needs no git history: CI clones are shallow.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from codemark.model import Assessment, Code, Criterion, Level, Review, Signatory
from codemark.score import current_until, level_reached
from codemark.text import long_date


@dataclass(frozen=True)
class Comparison:
    """What changed from one assessment to the next."""

    newly_met: tuple[Criterion, ...]  # met in the later one, not in the earlier
    no_longer_met: tuple[Criterion, ...]  # met in the earlier one, not in the later
    level_then: Level | None
    level_now: Level | None
    since: date  # the earlier assessment's date


@dataclass(frozen=True)
class Past:
    """An earlier assessment, the level it reached, and how it ended."""

    assessment: Assessment
    level: Level | None
    current_to: date  # its last current day, had it not been renewed
    replaced_on: date  # the date of the assessment that came next
    compared: Comparison | None  # with the assessment before it, when there is one

    @property
    def lapsed(self) -> bool:
        """It ran out before the next one was made, so the mark lapsed in between."""
        return self.replaced_on > self.current_to + timedelta(days=1)

    @property
    def ended_text(self) -> str:
        renewed = long_date(self.replaced_on)
        if self.lapsed:
            return (
                f"Lapsed on {long_date(self.current_to + timedelta(days=1))}; renewed on {renewed}"
            )
        return f"Renewed on {renewed}"


@dataclass(frozen=True)
class YearOnYear:
    """A body's assessments compared: the latest with the one before, and every earlier one."""

    latest: Comparison | None  # the latest assessment against the one before it
    past: tuple[Past, ...]  # newest first

    @property
    def previous_level(self) -> Level | None:
        return self.past[0].level if self.past else None


NO_HISTORY = YearOnYear(None, ())


def compare(
    code: Code, earlier: Assessment, later: Assessment, then: Level | None, now: Level | None
) -> Comparison:
    """Criteria newly met and no longer met, in the code's order, between two assessments."""
    met_before = {a.criterion.id for a in earlier.answers if a.status == "met"}
    met_after = {a.criterion.id for a in later.answers if a.status == "met"}
    return Comparison(
        newly_met=tuple(c for c in code.criteria if c.id in met_after - met_before),
        no_longer_met=tuple(c for c in code.criteria if c.id in met_before - met_after),
        level_then=then,
        level_now=now,
        since=earlier.date,
    )


def year_on_year(
    code: Code, signatory: Signatory, reviews: Sequence[Review], level_now: Level | None
) -> YearOnYear:
    """Every earlier assessment of ``signatory``, with the level ``level_now`` that its latest
    assessment reaches (held, or held until it ended)."""
    if not signatory.history:
        return NO_HISTORY
    assessments = signatory.assessments  # newest first
    levels: list[Level | None] = [level_now]
    for index, earlier in enumerate(signatory.history, start=1):
        # The reviews of its time: from its date until it was replaced or ran out.
        replaced = assessments[index - 1].date - timedelta(days=1)
        until = min(replaced, current_until(code, earlier.date))
        levels.append(level_reached(code, signatory, earlier, reviews, until))
    comparisons = [
        compare(code, assessments[i + 1], assessments[i], levels[i + 1], levels[i])
        for i in range(len(assessments) - 1)
    ]
    past = tuple(
        Past(
            assessment=assessment,
            level=levels[index],
            current_to=current_until(code, assessment.date),
            replaced_on=assessments[index - 1].date,
            compared=comparisons[index] if index < len(comparisons) else None,
        )
        for index, assessment in enumerate(assessments)
        if index > 0
    )
    return YearOnYear(comparisons[0], past)
