"""The register: every signatory with its mark, in order, and the ways to narrow it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from codemark import urls
from codemark.model import Code, Review, Signatory
from codemark.score import FORMER, STANDING_NAMES, Mark, mark
from codemark.text import slugify

NO_LEVEL = "none"
FORMER_FACET = "former"


@dataclass(frozen=True)
class Entry:
    """A signatory as the register shows it."""

    signatory: Signatory
    mark: Mark
    reviews: tuple[Review, ...]

    @property
    def slug(self) -> str:
        return self.signatory.slug

    @property
    def level_key(self) -> str:
        return self.mark.level.id if self.mark.level else NO_LEVEL

    @property
    def status_key(self) -> str:
        return FORMER_FACET if self.mark.standing in FORMER else self.mark.standing

    @property
    def latest_review(self) -> Review | None:
        return self.reviews[-1] if self.reviews else None


@dataclass(frozen=True)
class Facet:
    """One way to narrow the register, such as kind of body: local authority."""

    dimension: str  # kind, area, level or status
    key: str  # as used in URLs
    label: str
    entries: tuple[Entry, ...]

    @property
    def slug(self) -> str:
        return urls.register_facet(self.dimension, self.key)


DIMENSIONS = {"kind": "Kind of body", "area": "Area", "level": "Level", "status": "Status"}


@dataclass(frozen=True)
class Register:
    """Every signatory, alphabetical, with its mark on one day."""

    code: Code
    entries: tuple[Entry, ...]
    today: date

    def facets(self) -> list[Facet]:
        """Each value of each dimension that some entry has, in a stable order."""
        return self._facets

    @cached_property
    def _facets(self) -> list[Facet]:
        code, entries = self.code, self.entries
        facets = [
            Facet(
                "kind",
                k.id,
                k.name,
                tuple(e for e in entries if e.signatory.organisation.kind == k),
            )
            for k in code.kinds
        ]
        areas = sorted(
            {a for e in entries for a in e.signatory.organisation.areas}, key=str.casefold
        )
        facets += [
            Facet(
                "area",
                slugify(a),
                a,
                tuple(e for e in entries if a in e.signatory.organisation.areas),
            )
            for a in areas
        ]
        facets += [
            Facet(
                "level", level.id, level.name, tuple(e for e in entries if e.level_key == level.id)
            )
            for level in code.levels
        ]
        facets.append(
            Facet(
                "level",
                NO_LEVEL,
                "No level yet",
                tuple(e for e in entries if e.level_key == NO_LEVEL),
            )
        )
        for key in ("current", "renewal-due", "lapsed", FORMER_FACET):
            label = "Former signatories" if key == FORMER_FACET else STANDING_NAMES[key]
            facets.append(
                Facet("status", key, label, tuple(e for e in entries if e.status_key == key))
            )
        return [f for f in facets if f.entries or f.dimension in ("level", "status")]

    def newest(self, count: int = 5) -> list[Entry]:
        """The most recently signed current signatories."""
        live = [e for e in self.entries if not e.mark.former]
        return sorted(live, key=lambda e: (e.signatory.signed_on, e.slug), reverse=True)[:count]

    def counts_by_level(self) -> list[tuple[str, str, int]]:
        """(level id, name, how many current signatories hold it), lowest level first."""
        live = [e for e in self.entries if e.mark.current]
        rows = [
            (lvl.id, lvl.name, sum(e.level_key == lvl.id for e in live)) for lvl in self.code.levels
        ]
        return [*rows, (NO_LEVEL, "No level yet", sum(e.level_key == NO_LEVEL for e in live))]

    def meeting(self, criterion_id: str) -> int:
        """How many current signatories satisfy a criterion."""
        return self._meeting[criterion_id]

    @cached_property
    def _meeting(self) -> Counter[str]:
        return Counter(c for e in self.entries if e.mark.current for c in e.mark.satisfied)

    @cached_property
    def _current_count(self) -> int:
        return sum(1 for e in self.entries if e.mark.current)

    def current_count(self) -> int:
        return self._current_count


def sort_key(signatory: Signatory) -> tuple[str, str]:
    """Alphabetical by name, ignoring case and a leading 'The'."""
    name = signatory.organisation.name.casefold()
    return name.removeprefix("the "), signatory.slug


def build_register(
    code: Code,
    signatories: Iterable[Signatory],
    reviews: Mapping[str, Sequence[Review]],
    today: date,
) -> Register:
    entries = tuple(
        Entry(s, mark(code, s, reviews.get(s.slug, ()), today), tuple(reviews.get(s.slug, ())))
        for s in sorted(signatories, key=sort_key)
    )
    return Register(code, entries, today)
