"""Building the model of a signatory from a file whose every check has passed."""

from __future__ import annotations

from codemark.model import Answer, Assessment, Organisation, Signatory
from codemark.schema import Entries
from codemark.signatories.checks import Context
from codemark.signatories.fields import AnswerFields, SignatoryFile


def _answers(criteria: Entries[AnswerFields], context: Context) -> tuple[Answer, ...]:
    """An assessment's answers, in the code's order."""
    answers = (
        Answer(context.criteria[criterion_id], answer.status, answer.evidence, answer.note)
        for criterion_id, answer in criteria.items()
    )
    return tuple(sorted(answers, key=lambda a: context.order[a.criterion.id]))


def build_signatory(doc: SignatoryFile, slug: str, shown_as: str, context: Context) -> Signatory:
    """The signatory a valid file describes, its answers in the code's order."""
    org, signed, assessment, withdrawn = doc.organisation, doc.signed, doc.assessment, doc.withdrawn
    kind = next(k for k in context.code.kinds if k.id == org.kind)
    history = tuple(
        Assessment(item.code_version, item.date, _answers(item.criteria, context))
        for item in doc.history or ()
    )
    return Signatory(
        slug=slug,
        path=shown_as,
        demonstration=doc.demonstration,
        organisation=Organisation(
            org.name, kind, org.identifier, tuple(org.area), org.website, org.contact
        ),
        signed_on=signed.date,
        signed_by=signed.by,
        decision=signed.decision,
        code_version=assessment.code_version,
        assessed_on=assessment.date,
        answers=_answers(assessment.criteria, context),
        withdrawn_on=withdrawn.date if withdrawn else None,
        withdrawal_reason=withdrawn.reason if withdrawn else None,
        history=history,
    )
