"""The fields of a signatory file, declared once.

The validator reads files with these declarations, the JSON Schema and the
form are made from them, and the rest of the code reads the dataclasses they
fill: ``file.organisation.name``. Choices that depend on the code (kinds of
body, versions, criteria) name the list the reader is given.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from codemark import rules
from codemark import schema as s
from codemark.model import Code, FieldWords

STATUS_CHOICE = s.Choice(values=[status.id for status in rules.STATUSES], noun="status")


@dataclass(kw_only=True, slots=True)
class AnswerFields(s.Section):
    status: str = s.prop(
        STATUS_CHOICE,
        description="met, partly, not-met or n/a (not applicable)",
        example="met",
        label="Answer",
    )
    evidence: str | None = s.prop(
        s.Url(),
        required=False,
        description="A public web page that shows the criterion is met",
        label="Evidence link",
        template="https://... a public page that shows it",
    )
    note: str | None = s.prop(
        s.Text(multiline=True, max_length=2000, refusals=rules.NOTE_REFUSALS),
        required=False,
        description="Plain text or simple Markdown: what you do, or why not",
        label="Note",
        template="what you do, or why it is partly met or not applicable",
    )

    def given(self, name: str) -> object:
        """The value of the answer's field ``name`` (evidence or note), if any."""
        return self.evidence if name == "evidence" else self.note


@dataclass(kw_only=True, slots=True)
class OrganisationFields(s.Section):
    name: str = s.prop(
        s.Text(max_length=150),
        description="The body's official name",
        label="Official name",
        hint="As it appears on your website.",
    )
    kind: str = s.prop(
        s.Choice(values="kinds", noun="kind of body"),
        label="Kind of body",
    )
    identifier: str = s.prop(
        s.Text(
            max_length=40,
            pattern=rules.IDENTIFIER,
            pattern_hint=(
                "an org-id style identifier such as GB-COH-01234567: the country, the register "
                "and the body's code, joined by hyphens, with the country and register in capitals"
            ),
        ),
        description="org-id style identifier, such as GB-COH-01234567",
        example="GB-COH-01234567",
        label="Identifier",
        hint=(
            "Your org-id style identifier, such as GB-COH-01234567 for a registered company. "
            "Ask the secretariat if you are not sure."
        ),
        template="such as GB-COH-01234567; ask the secretariat if unsure",
    )
    # Not asked when the code has no areas (its index says areas: false), so it has a default.
    area: Sequence[str] = s.prop(
        s.ListOf(s.Text(max_length=80), min_items=1, unique=True, example="[Northside]"),
        default=(),
        description="The areas the body serves",
        label="Areas you serve",
        hint="The areas you serve, separated by commas.",
        template="the areas you serve, such as [Northside]",
    )
    website: str = s.prop(
        s.Url(),
        example="https://www.example.org",
        label="Website",
        hint="Your body's own website, starting https://.",
    )
    contact: str = s.prop(
        s.Email(),
        description="A shared, public mailbox; never a person's own address",
        example="enquiries@example.org",
        label="Contact mailbox",
        hint="A shared, public mailbox on your own web domain, never a person's own address.",
        template="a shared, public mailbox, not a person's address",
    )


@dataclass(kw_only=True, slots=True)
class SignedFields(s.Section):
    date: datetime.date = s.prop(
        s.Date(not_future=True),
        example="2026-03-02",
        label="Date your body decided to sign",
        hint="For example, 2026-03-02.",
        template="the date your body decided to sign, as YYYY-MM-DD",
    )
    by: str = s.prop(
        s.Text(max_length=100),
        description="The role of the person who signed, not their name",
        example="Chief Executive",
        label="Role of the person who signed",
        hint="Such as Chief Executive. Not their name.",
        template="the role of the person who signed, such as Chief Executive; not a name",
    )
    decision: str | None = s.prop(
        s.Url(),
        required=False,
        description="A link to the decision to sign, such as cabinet minutes",
        label="Link to the decision (optional)",
        hint="Such as the cabinet or board minutes.",
        template="optional: a link to the decision, such as cabinet minutes",
    )


@dataclass(kw_only=True, slots=True)
class AssessmentFields(s.Section):
    code_version: str = s.prop(
        s.Choice(values="versions", noun="version of the code", example_last=True)
    )
    date: datetime.date = s.prop(
        s.Date(not_future=True),
        example="2026-03-02",
        label="Date of this self-assessment",
        hint="For example, 2026-03-02.",
        template="the date of this self-assessment, as YYYY-MM-DD",
    )
    criteria: s.Entries[AnswerFields] = s.prop(s.MapOf(s.CriterionId(), s.Record(AnswerFields)))


@dataclass(kw_only=True, slots=True)
class EarlierFields(s.Section):
    """An earlier self-assessment, kept as it was filed. Its answers are read as answers are,
    but the rules for evidence and notes are not applied again: it was checked when it was
    filed, and the code may have asked for less then."""

    code_version: str = s.prop(
        s.Choice(values="versions", noun="version of the code"), example="1.0.0"
    )
    date: datetime.date = s.prop(s.Date(not_future=True), example="2025-03-02")
    criteria: s.Entries[AnswerFields] = s.prop(s.MapOf(s.CriterionId(), s.Record(AnswerFields)))


@dataclass(kw_only=True, slots=True)
class WithdrawnFields(s.Section):
    date: datetime.date = s.prop(s.Date(not_future=True))
    reason: str = s.prop(s.Text(multiline=True, max_length=1000))


@dataclass(kw_only=True, slots=True)
class SignatoryFile(s.Section):
    """A signatory file as written, every field read and checked on its own."""

    demonstration: bool = s.prop(
        s.Boolean(),
        required=False,
        default=False,
        description="true only for the site's fictional sample entries",
    )
    organisation: OrganisationFields = s.prop(
        s.Record(OrganisationFields), label="Your organisation"
    )
    signed: SignedFields = s.prop(s.Record(SignedFields), label="Signing")
    assessment: AssessmentFields = s.prop(s.Record(AssessmentFields), label="Your self-assessment")
    # Earlier assessments, newest first: a renewal ('codemark renew', or the form's) moves
    # the one it replaces here, word for word. The build needs no git history to show them.
    history: list[EarlierFields] | None = s.prop(
        s.ListOf(s.Record(EarlierFields)),
        required=False,
        description="Earlier self-assessments, newest first, kept as they were filed when the "
        "body renewed ('codemark renew' writes it)",
    )
    withdrawn: WithdrawnFields | None = s.prop(
        s.Record(WithdrawnFields),
        required=False,
        description="Added by the body when it leaves; it is then a former signatory",
    )


SIGNATORY_FILE = s.Record(SignatoryFile)


AREA = "organisation.area"  # the field a code without areas leaves out


def word_paths(record: s.Record[Any] = SIGNATORY_FILE, at: str = "") -> Iterator[str]:
    """Every field a code can give its own words for: ``organisation.name``..."""
    for key, prop in record.props.items():
        path = f"{at}{key}"
        yield path
        if isinstance(prop.field, s.Record):
            yield from word_paths(prop.field, path + ".")


def signatory_file(code: Code) -> s.Record[SignatoryFile]:
    """The declaration of a signatory file for this code: with its own words (``field_words``
    in its index) in place of the engine's, and without the area when it has no areas."""
    if code.areas and not code.field_words:
        return SIGNATORY_FILE
    return _adapted(SIGNATORY_FILE, "", dict(code.field_words), code.areas)


def _adapted(
    record: s.Record[s.S], at: str, words: Mapping[str, FieldWords], areas: bool
) -> s.Record[s.S]:
    adapted = copy.copy(record)
    adapted.props = {}
    for key, prop in record.props.items():
        path = f"{at}{key}"
        if path == AREA and not areas:
            continue
        field = prop.field
        if isinstance(field, s.Record):
            field = _adapted(field, path + ".", words, areas)
        own = words.get(path)
        if own is not None:
            if own.pattern_hint and isinstance(field, s.Text):
                field = dataclasses.replace(field, pattern_hint=own.pattern_hint)
            if own.example and isinstance(field, s.ListOf):
                field = dataclasses.replace(field, example=own.example)
            texts = ("description", "example", "label", "hint", "template")
            given = {name: getattr(own, name) for name in texts if getattr(own, name)}
            prop = dataclasses.replace(prop, field=field, **given)
        elif field is not prop.field:
            prop = dataclasses.replace(prop, field=field)
        adapted.props[key] = prop
    adapted.required = [key for key, prop in adapted.props.items() if prop.required]
    return adapted


def identifier_example(code: Code) -> str:
    """A real body's identifier, for messages: the code's own example, or the engine's."""
    organisation = signatory_file(code).props["organisation"].field
    assert isinstance(organisation, s.Record)
    return organisation.props["identifier"].example


def lists(code: Code) -> dict[str, Sequence[str]]:
    """The choices of a signatory file that come from the code."""
    return {
        "kinds": s.Choices(k.id for k in code.kinds),
        "versions": s.Choices(code.versions),
        "criteria": s.Choices(c.id for c in code.criteria),
    }
