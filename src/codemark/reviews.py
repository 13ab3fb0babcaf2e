"""The secretariat's review records (``reviews/<slug>.yml``): what it decided about each entry.

Each file is named after the signatory file it reviews and lists the
secretariat's decisions: verified (at a level), suspended, reinstated or
withdrawn. Signatories cannot set these; the pull-request guard keeps
their pull requests out of this folder.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from codemark import schema as s
from codemark.load import parse_yaml, read_text
from codemark.model import Code, Review
from codemark.problems import Problem, problem
from codemark.rules import MAX_BYTES, Pattern
from codemark.score import VERIFYING

REVIEW_OUTCOMES = ("verified", "suspended", "reinstated", "withdrawn")


@dataclass(kw_only=True, slots=True)
class ReviewFields(s.Section):
    date: datetime.date = s.prop(s.Date(not_future=True))
    outcome: str = s.prop(s.Choice(values=REVIEW_OUTCOMES, noun="review outcome"))
    by: str = s.prop(s.Text(max_length=100), description="A role, not a name")
    level: str | None = s.prop(s.Slug(), required=False)
    reviewed: str | None = s.prop(
        s.Text(
            max_length=71,
            pattern=Pattern("sha256:[0-9a-f]{64}"),
            pattern_hint="a review hash: 'sha256:' and 64 letters and digits, as 'codemark "
            "review-hash' prints it",
        ),
        required=False,
        description="The review hash of the file reviewed",
    )
    note: str | None = s.prop(s.Text(multiline=True, max_length=2000), required=False)


@dataclass(kw_only=True, slots=True)
class ReviewFile(s.Section):
    reviews: list[ReviewFields] = s.prop(s.ListOf(s.Record(ReviewFields), min_items=1))


REVIEW_FILE = s.Record(ReviewFile)


@dataclass
class ReviewRecord:
    """One review file: the reviews of one signatory, in date order, and its problems."""

    path: str
    slug: str
    reviews: tuple[Review, ...] = ()
    problems: list[Problem] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


def check_reviews(
    folder: Path,
    shown: Callable[[Path], str],
    code: Code,
    slugs: Iterable[str],
    today: datetime.date,
) -> list[ReviewRecord]:
    """Every review file in ``folder``, read and checked against the code and the signatories."""
    if not folder.is_dir():
        return []
    known_slugs = set(slugs)
    levels = {level.id for level in code.levels}
    records = []
    for path in sorted(folder.glob("*.yml")):
        record = ReviewRecord(shown(path), path.stem)
        records.append(record)
        text = read_text(path, record.path, MAX_BYTES)
        node = text if isinstance(text, Problem) else parse_yaml(text, record.path)
        if isinstance(node, Problem) or node is None:
            record.problems.append(node or problem(record.path, 1, "review-empty", column=1))
            continue
        reader = s.Reader(record.path, 1, today)
        values = REVIEW_FILE.read(node, reader, ())
        record.problems.extend(reader.problems)
        if not isinstance(values, ReviewFile):
            continue
        if path.stem not in known_slugs:
            record.problems.append(
                problem(record.path, 1, "review-without-signatory", column=1, slug=path.stem)
            )
            continue
        for item in values.reviews:
            if item.level and item.level not in levels:
                record.problems.append(
                    problem(
                        record.path,
                        item.lines["level"],
                        "review-level",
                        column=1,
                        field=("level",),
                        level=item.level,
                    )
                )
            if item.outcome in VERIFYING and not item.reviewed:
                # A review that vouches for a level must say which file it vouched for.
                record.problems.append(
                    problem(
                        record.path,
                        item.line,
                        "review-without-hash",
                        column=1,
                        field=("reviews",),
                        outcome=item.outcome,
                        date=item.date,
                        slug=path.stem,
                    )
                )
        entries = (
            Review(r.date, r.outcome, r.by, r.level, r.note, r.reviewed) for r in values.reviews
        )
        record.reviews = tuple(sorted(entries, key=lambda r: r.date))
    return records


def load_reviews(
    folder: Path,
    shown: Callable[[Path], str],
    code: Code,
    slugs: Iterable[str],
    today: datetime.date,
) -> tuple[dict[str, tuple[Review, ...]], list[Problem]]:
    """The review records by signatory slug, and every problem with them."""
    records = check_reviews(folder, shown, code, slugs, today)
    return by_slug(records), [p for record in records for p in record.problems]


def by_slug(records: Sequence[ReviewRecord]) -> dict[str, tuple[Review, ...]]:
    """The reviews of each signatory that has a readable record."""
    return {record.slug: record.reviews for record in records if record.reviews}
