"""The quality mark: which level a signatory holds, its progress, and whether it is current.

Pure functions of the code, a signatory's file, the secretariat's reviews
and the date. Everything they need to know about levels, validity and
evidence comes from ``code/``.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from codemark import rules
from codemark.model import Answer, Code, Criterion, Level, Review, Signatory

# A signatory's standing, in the words the site uses.
CURRENT = "current"
RENEWAL_DUE = "renewal-due"
LAPSED = "lapsed"
WITHDRAWN = "withdrawn"
SUSPENDED = "suspended"
STANDINGS = (CURRENT, RENEWAL_DUE, LAPSED, WITHDRAWN, SUSPENDED)
STANDING_NAMES = {
    CURRENT: "Current",
    RENEWAL_DUE: "Due for renewal",
    LAPSED: "Lapsed",
    WITHDRAWN: "Former signatory (withdrawn)",
    SUSPENDED: "Former signatory (suspended)",
}
FORMER = (WITHDRAWN, SUSPENDED)


@dataclass(frozen=True)
class Mark:
    """What the quality mark says about one signatory on one day."""

    level: Level | None  # the highest level held; None before the first
    next_level: Level | None  # None at the top level
    progress: int  # percent of the next level's criteria satisfied; 100 at the top
    awaiting_review: bool  # the next level's criteria are all satisfied; its review is not
    standing: str  # one of STANDINGS
    current_from: date
    current_to: date  # the last day the assessment is current
    renewal_from: date
    counted: tuple[Criterion, ...]  # the criteria that count for this signatory today
    satisfied: frozenset[str]  # ids of the counted criteria it satisfies

    @property
    def former(self) -> bool:
        return self.standing in FORMER

    @property
    def current(self) -> bool:
        return self.standing in (CURRENT, RENEWAL_DUE)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it has no such day."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def effective_date(code: Code, criterion: Criterion) -> date:
    """When a criterion starts to count (``codemark.rules.counts_from``)."""
    return rules.counts_from(code, criterion)


def counted_criteria(code: Code, signatory: Signatory, today: date) -> tuple[Criterion, ...]:
    """The criteria that count for a signatory today (``codemark.rules.counted``)."""
    return rules.counted(code, signatory.organisation.kind, today)


def satisfies(answer: Answer | None, criterion: Criterion) -> bool:
    """Met with the evidence its rule demands, or validly not applicable (``codemark.rules``)."""
    return answer is not None and rules.satisfies(criterion, answer.status, answer.given)


def review_standing(reviews: Sequence[Review]) -> Review | None:
    """The latest review, which decides."""
    return max(reviews, key=lambda r: r.date) if reviews else None


def reviewed_for(code: Code, level: Level, reviews: Sequence[Review], since: date) -> bool:
    """The secretariat has verified this level (or a higher one) on or after ``since``."""
    ranks = {lvl.id: lvl.rank for lvl in code.levels}
    return any(
        r.outcome in ("verified", "reinstated")
        and r.date >= since
        and r.level is not None
        and ranks.get(r.level, 0) >= level.rank
        for r in reviews
    )


def mark(code: Code, signatory: Signatory, reviews: Sequence[Review], today: date) -> Mark:
    """The quality mark of a signatory on ``today``."""
    counted = counted_criteria(code, signatory, today)
    answers = {a.criterion.id: a for a in signatory.answers}
    satisfied = frozenset(c.id for c in counted if satisfies(answers.get(c.id), c))
    reached = rules.reach(
        [(level.rank, level.review_required) for level in code.levels],
        [(c.id, c.level.rank) for c in counted],
        satisfied,
        [
            level.review_required and reviewed_for(code, level, reviews, signatory.assessed_on)
            for level in code.levels
        ],
    )
    held = code.levels[reached.held - 1] if reached.held else None
    next_level = code.levels[reached.held] if reached.held < len(code.levels) else None
    if next_level is None:
        progress = 100
    else:
        at_next = [c for c in counted if c.level.rank == next_level.rank]
        done = sum(c.id in satisfied for c in at_next)
        progress = 100 if not at_next else done * 100 // len(at_next)

    current_to = add_months(signatory.assessed_on, code.validity_months) - timedelta(days=1)
    renewal_from = current_to - timedelta(days=code.renewal_window_days)
    latest = review_standing(reviews)
    if signatory.withdrawn_on is not None or (latest and latest.outcome == "withdrawn"):
        standing = WITHDRAWN
    elif latest and latest.outcome == "suspended":
        standing = SUSPENDED
    elif today > current_to:
        standing = LAPSED
    elif today >= renewal_from:
        standing = RENEWAL_DUE
    else:
        standing = CURRENT
    return Mark(
        level=held,
        next_level=next_level,
        progress=progress,
        awaiting_review=reached.awaiting_review,
        standing=standing,
        current_from=signatory.assessed_on,
        current_to=current_to,
        renewal_from=renewal_from,
        counted=counted,
        satisfied=satisfied,
    )
