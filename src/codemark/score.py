"""The quality mark: which level a signatory holds, its progress, and whether it is current.

Pure functions of the code, a signatory's file, the secretariat's reviews
and the date. Everything they need to know about levels, validity and
evidence comes from ``code/``.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from codemark import rules
from codemark.fingerprint import review_hash
from codemark.model import Answer, Assessment, Code, Criterion, Level, Review, Signatory
from codemark.text import long_date

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
# What each standing means, for the data dictionary.
STANDING_MEANINGS = {
    CURRENT: "The latest self-assessment is current: the body holds the level it reaches.",
    RENEWAL_DUE: "Still current, but the assessment runs out soon: the body is due to file a "
    "new one.",
    LAPSED: "The latest self-assessment has run out and no new one was filed. The body holds no "
    "level until it files one.",
    WITHDRAWN: "A former signatory: the body withdrew, or the secretariat withdrew the entry. "
    "It holds no level; the entry is kept as a record.",
    SUSPENDED: "A former signatory: the secretariat suspended the entry after a challenge was "
    "upheld. It holds no level.",
}
FORMER = (WITHDRAWN, SUSPENDED)
VERIFYING = ("verified", "reinstated")  # review outcomes that vouch for a level


@dataclass(frozen=True)
class Mark:
    """What the quality mark says about one signatory on one day."""

    level: Level | None  # the level held today; None when not current, or before the first
    next_level: Level | None  # None at the top level, and when not current
    progress: int | None  # percent of the next level's criteria satisfied; None when not current
    awaiting_review: bool  # the next level's criteria are all satisfied; its review is not
    standing: str  # one of STANDINGS
    as_of: date  # the day the mark was worked out: every output says so
    current_from: date
    current_to: date  # the last day the assessment is current
    renewal_from: date
    counted: tuple[Criterion, ...]  # the criteria that count for this signatory
    satisfied: frozenset[str]  # ids of the counted criteria it satisfies
    # A body that is no longer current holds no level. What it held, worked out
    # as of its last current day, is said instead, and until when.
    held: Level | None = None
    ended_on: date | None = None  # the last day the mark was current
    left_on: date | None = None  # the day the body withdrew, or was suspended or withdrawn
    left_by_review: bool = False  # the secretariat, not the body, ended it
    # The latest review that verified the entry no longer matches its file.
    changed_since_review: date | None = None

    @property
    def former(self) -> bool:
        return self.standing in FORMER

    @property
    def current(self) -> bool:
        return self.standing in (CURRENT, RENEWAL_DUE)

    @property
    def held_text(self) -> str:
        """What a body no longer current held, and until when."""
        until = long_date(self.ended_on or self.current_to)
        return (
            f"Held {self.held.name} until {until}"
            if self.held
            else f"Held no level; current until {until}"
        )

    @property
    def status_text(self) -> str:
        """The standing in words, with the date that matters, the same in every output."""
        if self.standing == CURRENT:
            return f"Current until {long_date(self.current_to)}"
        if self.standing == RENEWAL_DUE:
            return f"Current until {long_date(self.current_to)}; due for renewal"
        if self.standing == LAPSED:
            return f"Lapsed on {long_date(self.current_to + timedelta(days=1))}"
        left = long_date(self.left_on) if self.left_on else ""
        if self.standing == SUSPENDED:
            return f"Former signatory: suspended on {left} after an upheld challenge"
        if self.left_by_review:
            return f"Former signatory: withdrawn by the secretariat on {left}"
        return f"Former signatory: withdrew on {left}"

    @property
    def summary(self) -> str:
        """The mark in one line: the level and until when, or what was held and why it ended."""
        if not self.current:
            return self.ended_text
        level = self.level.name if self.level else "No level yet"
        return f"{level}, {self.status_text[0].lower()}{self.status_text[1:]}"

    @property
    def ended_text(self) -> str:
        """For a body no longer current: what it held, until when, and why it ended."""
        reason = {
            LAPSED: "lapsed, as no new self-assessment was filed",
            SUSPENDED: "suspended by the secretariat after an upheld challenge",
        }.get(self.standing, self.status_text.removeprefix("Former signatory: "))
        return f"{self.held_text}; {reason}"


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


def reviewed_for(
    code: Code, level: Level, reviews: Sequence[Review], since: date, reviewed: str | None
) -> bool:
    """The secretariat has verified this level (or a higher one) on or after ``since``, in a
    review of the file as it is now (its review hash is ``reviewed``; None for an earlier
    assessment, whose file is gone: the reviews passed in are those of its time)."""
    ranks = {lvl.id: lvl.rank for lvl in code.levels}
    return any(
        r.outcome in VERIFYING
        and (reviewed is None or r.reviewed == reviewed)
        and r.date >= since
        and r.level is not None
        and ranks.get(r.level, 0) >= level.rank
        for r in reviews
    )


def changed_since_review(reviews: Sequence[Review], reviewed: str) -> date | None:
    """The date of the latest verifying review, when the file has changed since it."""
    verifying = [r for r in reviews if r.outcome in VERIFYING]
    latest = review_standing(verifying)
    return latest.date if latest and latest.reviewed != reviewed else None


@dataclass(frozen=True)
class _Reached:
    level: Level | None
    next_level: Level | None
    progress: int
    awaiting_review: bool
    counted: tuple[Criterion, ...]
    satisfied: frozenset[str]


def _reached(
    code: Code, signatory: Signatory, reviews: Sequence[Review], on: date, reviewed: str | None
) -> _Reached:
    """The level the file reaches on a day, and the progress towards the next."""
    counted = counted_criteria(code, signatory, on)
    answers = {a.criterion.id: a for a in signatory.answers}
    satisfied = frozenset(c.id for c in counted if satisfies(answers.get(c.id), c))
    reached = rules.reach(
        [(level.rank, level.review_required) for level in code.levels],
        [(c.id, c.level.rank) for c in counted],
        satisfied,
        [
            level.review_required
            and reviewed_for(code, level, reviews, signatory.assessed_on, reviewed)
            for level in code.levels
        ],
    )
    held = code.levels[reached.held - 1] if reached.held else None
    next_level = code.levels[reached.held] if reached.held < len(code.levels) else None
    awaiting_review = reached.awaiting_review
    if next_level is None:
        progress = 100
    else:
        at_next = [c for c in counted if c.level.rank == next_level.rank]
        done = sum(c.id in satisfied for c in at_next)
        progress = 100 if not at_next else done * 100 // len(at_next)
    return _Reached(held, next_level, progress, awaiting_review, counted, satisfied)


def mark(code: Code, signatory: Signatory, reviews: Sequence[Review], today: date) -> Mark:
    """The quality mark of a signatory on ``today``."""
    reviewed = review_hash(signatory) if reviews else ""
    current_to = current_until(code, signatory.assessed_on)
    renewal_from = current_to - timedelta(days=code.renewal_window_days)
    latest = review_standing(reviews)
    left_on: date | None = None
    by_review = False
    if signatory.withdrawn_on is not None:
        standing, left_on = WITHDRAWN, signatory.withdrawn_on
    elif latest and latest.outcome in (WITHDRAWN, SUSPENDED):
        standing, left_on, by_review = latest.outcome, latest.date, True
    elif today > current_to:
        standing = LAPSED
    elif today >= renewal_from:
        standing = RENEWAL_DUE
    else:
        standing = CURRENT
    live = standing in (CURRENT, RENEWAL_DUE)
    # A body that is no longer current holds nothing now: what it held is
    # worked out as of its last current day, with the reviews made by then.
    on = today if live else min(d for d in (current_to, left_on, today) if d is not None)
    reached = _reached(code, signatory, [r for r in reviews if r.date <= on], on, reviewed)
    return Mark(
        level=reached.level if live else None,
        next_level=reached.next_level if live else None,
        progress=reached.progress if live else None,
        awaiting_review=live and reached.awaiting_review,
        standing=standing,
        as_of=today,
        current_from=signatory.assessed_on,
        current_to=current_to,
        renewal_from=renewal_from,
        counted=reached.counted,
        satisfied=reached.satisfied,
        held=None if live else reached.level,
        ended_on=None if live else on,
        left_on=left_on,
        left_by_review=by_review,
        changed_since_review=changed_since_review(reviews, reviewed),
    )


def current_until(code: Code, assessed_on: date) -> date:
    """The last day an assessment made on ``assessed_on`` is current."""
    return add_months(assessed_on, code.validity_months) - timedelta(days=1)


def level_reached(
    code: Code, signatory: Signatory, assessment: Assessment, reviews: Sequence[Review], until: date
) -> Level | None:
    """The level an earlier assessment reached: worked out on its date, with the reviews the
    secretariat made while it stood (up to ``until``). Those reviews vouch for it; the file
    they hashed has since been renewed, so no hash can be checked."""
    then = replace(
        signatory,
        code_version=assessment.code_version,
        assessed_on=assessment.date,
        answers=assessment.answers,
        history=(),
    )
    during = [r for r in reviews if assessment.date <= r.date <= until]
    return _reached(code, then, during, assessment.date, None).level
