"""The content as plain objects: the code, its principles and criteria, and case studies."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache, cached_property
from typing import Any

from codemark.rules import needing


@cache  # a handful of versions, asked for per criterion of every file checked
def version_key(version: str) -> tuple[int, ...]:
    """A version number as a tuple that sorts in release order: 1.10.0 after 1.9.0."""
    return tuple(int(part) for part in version.split("."))


@dataclass(frozen=True)
class Level:
    """A level of the quality mark. ``rank`` 1 is the first level."""

    id: str
    name: str
    description: str
    review_required: bool
    rank: int


@dataclass(frozen=True)
class Kind:
    """A kind of public body that can sign, such as a local authority."""

    id: str
    name: str  # as a label: "NHS commissioner"
    in_a_sentence: str  # one body of the kind, in running text: "an NHS commissioner"


@dataclass(frozen=True)
class Reference:
    """A document the code draws on."""

    id: str
    title: str
    publisher: str
    series: str
    date: str
    url: str

    @property
    def citation(self) -> str:
        return f"{self.publisher}, {self.series}: {self.title} ({self.date})"


@dataclass(frozen=True)
class Source:
    """A part of the source paper that principles cite, such as one NAO principle."""

    id: str
    group: str
    label: str


@dataclass(frozen=True)
class Change:
    """One version in the code's changelog."""

    version: str
    date: date
    changes: tuple[str, ...]


@dataclass(frozen=True)
class EvidenceRule:
    """What a signatory must give for a criterion, depending on the status it claims."""

    url_required: bool  # a public link when the criterion is met
    justification_required: bool  # a note when it is partly met or not applicable
    guide: str  # what counts as evidence, in words

    @property
    def summary(self) -> str:
        """The rule in words, the statuses named as codemark.rules says which need what."""
        link = "required" if self.url_required else "welcome"
        note = (
            "a note explaining why is required"
            if self.justification_required
            else ("a note is welcome")
        )
        return f"A public link is {link} when {needing('evidence')}; {note} when {needing('note')}."


@dataclass(frozen=True)
class Criterion:
    """One thing a signatory does, at one level, with the evidence that shows it."""

    id: str
    principle_id: int
    title: str  # a few words, shown beside the id wherever the full text would not fit
    text: str
    level: Level
    evidence: EvidenceRule
    na_allowed: bool
    applies_to: tuple[Kind, ...]  # every kind when the criterion applies to all
    applies_to_all: bool
    since: str
    effective: date | None = None

    @property
    def anchor(self) -> str:
        """The stable fragment id of the criterion on its principle's page."""
        return "criterion-" + self.id.replace(".", "-")

    # What codemark.rules asks of a criterion to judge its answers.
    @property
    def url_required(self) -> bool:
        return self.evidence.url_required

    @property
    def justification_required(self) -> bool:
        return self.evidence.justification_required


@dataclass(frozen=True)
class Principle:
    """A principle of the code, with its criteria and the text that explains it."""

    id: int
    slug: str  # the file name without .md, e.g. 04-anchor-organisations
    title: str
    summary: str
    sources: tuple[Source, ...]
    criteria: tuple[Criterion, ...]
    body: str  # Markdown
    path: str  # the file it came from, for messages and links to the source

    @property
    def heading(self) -> str:
        return f"{self.id}. {self.title}"


@dataclass(frozen=True)
class FieldWords:
    """A code's own words for one field of a signatory file, in place of the engine's:
    examples and hints that name this code's bodies and places. Empty means the engine's."""

    description: str = ""
    example: str = ""
    label: str = ""
    hint: str = ""
    template: str = ""
    pattern_hint: str = ""


@dataclass(frozen=True)
class Code:
    """The code of practice: its index and its principles."""

    name: str
    short_name: str
    version: str
    published: date
    validity_months: int
    renewal_window_days: int
    levels: tuple[Level, ...]
    kinds: tuple[Kind, ...]
    references: tuple[Reference, ...]
    sources: tuple[Source, ...]
    changelog: tuple[Change, ...]
    introduction: str  # Markdown
    principles: tuple[Principle, ...] = ()
    areas: bool = True  # signatory files say which areas the body serves
    body: str = "body"  # what the pages call one signatory: "public body", "employer"
    bodies: str = "bodies"  # and more than one
    field_words: tuple[tuple[str, FieldWords], ...] = ()  # by the field's path, organisation.name
    guidance_for: tuple[str, ...] = ()  # whom every principle's text guides, by heading
    role_words: tuple[str, ...] = ()  # words that make a mailbox a role's, beyond the engine's
    case_studies_intro: str = ""  # Markdown, with {count}; the engine's words when empty

    @cached_property  # asked for per file checked and per page made; the code never changes
    def criteria(self) -> tuple[Criterion, ...]:
        return tuple(c for p in self.principles for c in p.criteria)

    @property
    def versions(self) -> tuple[str, ...]:
        """Every published version, oldest first."""
        return tuple(sorted((change.version for change in self.changelog), key=version_key))

    def criteria_in(self, version: str) -> tuple[Criterion, ...]:
        """The criteria that version ``version`` of the code contains."""
        return tuple(c for c in self.criteria if version_key(c.since) <= version_key(version))

    def published_on(self, version: str) -> date:
        return next(change.date for change in self.changelog if change.version == version)

    def criterion(self, criterion_id: str) -> Criterion:
        return next(c for c in self.criteria if c.id == criterion_id)

    def principle(self, principle_id: int) -> Principle:
        return next(p for p in self.principles if p.id == principle_id)

    def level(self, level_id: str) -> Level:
        return next(level for level in self.levels if level.id == level_id)


@dataclass(frozen=True)
class CaseStudy:
    """A good-practice example drawn from the source paper."""

    slug: str
    title: str
    summary: str
    organisations: tuple[str, ...]
    areas: tuple[str, ...]
    service_area: str
    year: int
    principles: tuple[Principle, ...]
    reference: Reference
    section: str
    path: str  # the file, relative to the docs folder, e.g. case-studies/a-good-example.md


@dataclass(frozen=True)
class Content:
    """Everything the site is built from, loaded and checked."""

    code: Code
    case_studies: tuple[CaseStudy, ...] = field(default=())

    def case_studies_for(self, principle: Principle) -> tuple[CaseStudy, ...]:
        return tuple(c for c in self.case_studies if principle in c.principles)


def _as_arguments(self: Any) -> tuple[type, tuple[Any, ...]]:
    """Pickled as the arguments that make it: far quicker to load than a frozen class's state.

    Thousands of signatories come back from the processes that check them (codemark.parallel).
    """
    return type(self), tuple(getattr(self, name) for name in self.__slots__)


@dataclass(frozen=True, slots=True)  # thousands in memory at once
class Organisation:
    """Who a signatory is, as it describes itself."""

    __reduce__ = _as_arguments

    name: str
    kind: Kind
    identifier: str  # org-id style, e.g. GB-LAE-ISL
    areas: tuple[str, ...]
    website: str
    contact: str  # a shared, public mailbox


@dataclass(frozen=True, slots=True)  # thousands in memory at once
class Answer:
    """A signatory's answer for one criterion."""

    __reduce__ = _as_arguments

    criterion: Criterion
    status: str  # the id of one of codemark.rules.STATUSES
    evidence: str | None
    note: str | None

    def given(self, name: str) -> object:
        """The answer's ``evidence`` or ``note``, as rules name them."""
        return self.evidence if name == "evidence" else self.note


@dataclass(frozen=True, slots=True)  # thousands in memory at once
class Assessment:
    """One self-assessment: the version of the code it answers, its date and its answers."""

    __reduce__ = _as_arguments

    code_version: str
    date: date
    answers: tuple[Answer, ...]


@dataclass(frozen=True, slots=True)  # thousands in memory at once
class Signatory:
    """A body that has signed the code, and its self-assessment."""

    __reduce__ = _as_arguments

    slug: str  # the file name without .yml
    path: str  # the file, as shown in messages
    demonstration: bool
    organisation: Organisation
    signed_on: date
    signed_by: str  # a role, never a person's name
    decision: str | None  # a link to the decision to sign
    code_version: str
    assessed_on: date
    answers: tuple[Answer, ...]
    withdrawn_on: date | None = None
    withdrawal_reason: str | None = None
    # Earlier self-assessments, newest first: a renewal moves the one it replaces here.
    history: tuple[Assessment, ...] = ()

    @property
    def assessment(self) -> Assessment:
        """The latest self-assessment."""
        return Assessment(self.code_version, self.assessed_on, self.answers)

    @property
    def assessments(self) -> tuple[Assessment, ...]:
        """Every self-assessment the file records, newest first."""
        return (self.assessment, *self.history)


@dataclass(frozen=True)
class Review:
    """One decision of the secretariat about a signatory."""

    date: date
    outcome: str  # verified, suspended, reinstated or withdrawn
    by: str
    level: str | None
    note: str | None
    reviewed: str | None = None  # the review hash of the file reviewed (codemark.fingerprint)


@dataclass(frozen=True)
class KnownBody:
    """A public body the secretariat knows of, with the web domains that are its own."""

    identifier: str
    name: str
    kind: str
    domains: tuple[str, ...]
    mail_domains: tuple[str, ...]
