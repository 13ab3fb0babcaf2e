"""The register: every signatory with its mark, in order, and the ways to narrow it."""

from __future__ import annotations

import itertools
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from codemark import urls
from codemark.history import NO_HISTORY, YearOnYear, year_on_year
from codemark.model import Code, Review, Signatory
from codemark.score import LAPSED, RENEWAL_DUE, Mark, mark
from codemark.text import long_date, slugify

NO_LEVEL = "none"
FORMER_FACET = "former"


@dataclass(frozen=True)
class Entry:
    """A signatory as the register shows it."""

    signatory: Signatory
    mark: Mark
    reviews: tuple[Review, ...]
    history: YearOnYear = NO_HISTORY  # earlier assessments, compared

    @property
    def slug(self) -> str:
        return self.signatory.slug

    @property
    def level_key(self) -> str:
        return self.mark.level.id if self.mark.level else NO_LEVEL

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

    @property
    def parts(self) -> tuple[Facet, ...]:
        return (self,)


@dataclass(frozen=True)
class Combination:
    """Two facets of different dimensions at once, such as local authorities at Foundation."""

    first: Facet  # in the order of DIMENSIONS
    second: Facet
    entries: tuple[Entry, ...]

    @property
    def slug(self) -> str:
        return urls.register_pair(self.first.slug, self.second.slug)

    @property
    def label(self) -> str:
        return f"{self.first.label}; {self.second.label}"

    @property
    def parts(self) -> tuple[Facet, ...]:
        return (self.first, self.second)


Filter = Facet | Combination


@dataclass(frozen=True)
class Option:
    """A link in the register's filters: where choosing a value leads from a page, and how many
    entries that page would list (0: nothing to link to)."""

    facet: Facet
    slug: str  # the listing it leads to
    count: int | None  # None: not from this page (a pair is chosen; remove one of it first)
    chosen: bool  # the page already shows this value


# Levels are held only while a signatory is current, so the level filters
# count current signatories; the others count every entry.
DIMENSIONS = {
    "kind": "Kind of body",
    "area": "Area",
    "level": "Level (current signatories)",
    "status": "Status",
}
# The dimensions that combine, two at a time, in pre-built pages. Areas do not: there can be
# hundreds of them, and each would multiply the pages by every kind, level and status.
COMBINING = ("kind", "level", "status")
STATUS_FACETS: dict[str, tuple[str, Callable[[Mark], bool]]] = {
    "current": ("Current", lambda m: m.current),
    "renewal-due": ("Current, due for renewal", lambda m: m.standing == RENEWAL_DUE),
    "lapsed": ("Lapsed", lambda m: m.standing == LAPSED),
    FORMER_FACET: ("Former signatories", lambda m: m.former),
}


@dataclass(frozen=True)
class Counts:
    """What the register holds. Every count the site shows comes from here, and says which."""

    entries: int  # every entry, former signatories included
    current: int  # current signatories, those due for renewal included
    renewal_due: int
    lapsed: int
    former: int
    demonstration: int  # fictional sample entries, among all entries
    current_demonstration: int  # fictional sample entries, among current signatories
    levels: tuple[tuple[str, str, int], ...]  # (level id, name, current signatories holding it)


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
        current = [e for e in entries if e.mark.current]
        facets += [
            Facet(
                "level", level.id, level.name, tuple(e for e in current if e.level_key == level.id)
            )
            for level in code.levels
        ]
        facets.append(
            Facet(
                "level",
                NO_LEVEL,
                "No level yet",
                tuple(e for e in current if e.level_key == NO_LEVEL),
            )
        )
        for key, (label, matches) in STATUS_FACETS.items():
            facets.append(Facet("status", key, label, tuple(e for e in entries if matches(e.mark))))
        return [f for f in facets if f.entries or f.dimension in ("level", "status")]

    @cached_property
    def combinations(self) -> dict[tuple[str, str], Combination]:
        """Every pair of facets of two dimensions that combine and that some entry has, by
        their slugs, in the order of DIMENSIONS.

        Each entry is added to the pairs its facets make, in register order, so the work
        grows with the entries, not with the number of pairs.
        """
        facets = {f.slug: f for f in self.facets() if f.dimension in COMBINING}
        of_entry: dict[str, list[Facet]] = {}
        for facet in facets.values():  # in the order of DIMENSIONS
            for entry in facet.entries:
                of_entry.setdefault(entry.slug, []).append(facet)
        pairs: dict[tuple[str, str], list[Entry]] = {}
        for entry in self.entries:
            for first, second in itertools.combinations(of_entry.get(entry.slug, []), 2):
                if first.dimension != second.dimension:
                    pairs.setdefault((first.slug, second.slug), []).append(entry)
        return {
            (a, b): Combination(facets[a], facets[b], tuple(entries))
            for (a, b), entries in pairs.items()
        }

    def filters(self) -> list[Filter]:
        """Every listing the register has besides the whole: each facet, then each pair."""
        return [*self.facets(), *self.combinations.values()]

    def options(self, current: Filter | None) -> list[Option]:
        """The filter links on a page showing ``current``: one per facet of every dimension.

        From the whole register a value narrows to its facet. From one facet, a value of the
        same dimension replaces it, and of another dimension combines with it when both
        dimensions combine, or replaces it when not. From a pair, a value replaces the one
        of its dimension; the third dimension waits until one of the pair is removed (count
        None).
        """
        chosen = {f.slug: f for f in current.parts} if current else {}
        by_dimension = {f.dimension: f for f in chosen.values()}
        options: list[Option] = []
        for facet in self.facets():
            kept = [
                f
                for d, f in by_dimension.items()
                if d != facet.dimension and d in COMBINING and facet.dimension in COMBINING
            ]
            if len(chosen) == 2 and facet.dimension not in by_dimension:
                kept = list(chosen.values())
            if not kept:
                slug, count = facet.slug, len(facet.entries)
            elif len(kept) == 1:
                pair = self.pair(kept[0], facet)
                slug, count = (pair.slug, len(pair.entries)) if pair else ("", 0)
            else:
                options.append(Option(facet, "", None, False))
                continue
            options.append(Option(facet, slug, count, facet.slug in chosen))
        return options

    def pair(self, one: Facet, other: Facet) -> Combination | None:
        order = list(DIMENSIONS)
        first, second = sorted((one, other), key=lambda f: order.index(f.dimension))
        return self.combinations.get((first.slug, second.slug))

    def newest(self, count: int = 5) -> list[Entry]:
        """The most recently signed current signatories."""
        live = [e for e in self.entries if e.mark.current]
        return sorted(live, key=lambda e: (e.signatory.signed_on, e.slug), reverse=True)[:count]

    @cached_property
    def counts(self) -> Counts:
        live = [e for e in self.entries if e.mark.current]
        levels = [
            (lvl.id, lvl.name, sum(e.level_key == lvl.id for e in live)) for lvl in self.code.levels
        ]
        levels.append((NO_LEVEL, "No level yet", sum(e.level_key == NO_LEVEL for e in live)))
        return Counts(
            entries=len(self.entries),
            current=len(live),
            renewal_due=sum(e.mark.standing == RENEWAL_DUE for e in live),
            lapsed=sum(e.mark.standing == LAPSED for e in self.entries),
            former=sum(e.mark.former for e in self.entries),
            demonstration=sum(e.signatory.demonstration for e in self.entries),
            current_demonstration=sum(e.signatory.demonstration for e in live),
            levels=tuple(levels),
        )

    def meeting(self, criterion_id: str) -> int:
        """How many current signatories satisfy a criterion."""
        return self._meeting[criterion_id]

    @cached_property
    def _meeting(self) -> Counter[str]:
        return Counter(c for e in self.entries if e.mark.current for c in e.mark.satisfied)


def review_text(code: Code, entry: Entry) -> str:
    """What the secretariat's latest review says about an entry, in one sentence or two."""
    review = entry.latest_review
    if review is None:
        return "Not yet reviewed by the secretariat. The entry is the body's own self-assessment."
    level = f" ({code.level(review.level).name} level)" if review.level else ""
    text = f"{review.outcome.capitalize()} by {review.by} on {long_date(review.date)}{level}."
    changed = entry.mark.changed_since_review
    if changed is not None:
        text += (
            f" The file has changed since the secretariat's review on {long_date(changed)}: "
            "until it is reviewed again, the entry shows the level it reaches as a "
            "self-assessment, and no level that needs a review."
        )
    return text


def sort_key(signatory: Signatory) -> tuple[str, str]:
    """Alphabetical by name, ignoring case and a leading 'The'."""
    name = signatory.organisation.name.casefold()
    return name.removeprefix("the "), signatory.slug


OTHER_INITIAL = "#"


def initial(signatory: Signatory) -> str:
    """The letter a name is filed under, A to Z (accents dropped), or # for anything else."""
    first = unicodedata.normalize("NFKD", sort_key(signatory)[0])[:1].upper()
    return first if "A" <= first <= "Z" else OTHER_INITIAL


def build_register(
    code: Code,
    signatories: Iterable[Signatory],
    reviews: Mapping[str, Sequence[Review]],
    today: date,
) -> Register:
    entries = []
    for s in sorted(signatories, key=sort_key):
        own = tuple(reviews.get(s.slug, ()))
        m = mark(code, s, own, today)
        entries.append(Entry(s, m, own, year_on_year(code, s, own, m.level or m.held)))
    return Register(code, tuple(entries), today)
