"""What a secretariat review covers: a hash of everything a signatory's file says.

A review record names the file it reviewed by this hash. The hash is taken
over the values read from the file, written out in one fixed way, so that a
comment, a blank line or quotes around a criterion number do not change it,
but any changed value (a date, a status, an evidence link, a note) does.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from codemark.model import Assessment, Signatory

PREFIX = "sha256:"


def canonical(signatory: Signatory) -> dict[str, Any]:
    """The signatory's values, under the names its file gives them."""
    s, org = signatory, signatory.organisation
    return {
        "demonstration": s.demonstration,
        "organisation": {
            "name": org.name,
            "kind": org.kind.id,
            "identifier": org.identifier,
            "area": list(org.areas),
            "website": org.website,
            "contact": org.contact,
        },
        "signed": {"date": s.signed_on.isoformat(), "by": s.signed_by, "decision": s.decision},
        "assessment": _assessment(s.assessment),
        "withdrawn": (
            {"date": s.withdrawn_on.isoformat(), "reason": s.withdrawal_reason}
            if s.withdrawn_on
            else None
        ),
        # Only when there is one, so that a file without a history hashes as it always has.
        **({"history": [_assessment(a) for a in s.history]} if s.history else {}),
    }


def _assessment(assessment: Assessment) -> dict[str, Any]:
    return {
        "code_version": assessment.code_version,
        "date": assessment.date.isoformat(),
        "criteria": {
            a.criterion.id: {"status": a.status, "evidence": a.evidence, "note": a.note}
            for a in assessment.answers
        },
    }


def review_hash(signatory: Signatory) -> str:
    """``sha256:<hex>`` of the signatory's values, as a review record's ``reviewed`` field."""
    text = json.dumps(
        canonical(signatory), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()
