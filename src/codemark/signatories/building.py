"""Building the model of a signatory from a file whose every check has passed."""

from __future__ import annotations

from codemark.model import Answer, Organisation, Signatory
from codemark.signatories.checks import Context
from codemark.signatories.fields import SignatoryFile


def build_signatory(doc: SignatoryFile, slug: str, shown_as: str, context: Context) -> Signatory:
    """The signatory a valid file describes, its answers in the code's order."""
    org, signed, assessment, withdrawn = doc.organisation, doc.signed, doc.assessment, doc.withdrawn
    kind = next(k for k in context.code.kinds if k.id == org.kind)
    answers = sorted(
        (
            Answer(context.criteria[criterion_id], answer.status, answer.evidence, answer.note)
            for criterion_id, answer in assessment.criteria.items()
        ),
        key=lambda a: context.order[a.criterion.id],
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
        answers=tuple(answers),
        withdrawn_on=withdrawn.date if withdrawn else None,
        withdrawal_reason=withdrawn.reason if withdrawn else None,
    )
