"""What the sign-up form in the browser needs, exported from the core.

The form checks answers against the JSON Schema the validator is built from,
and against the rules that depend on the code (levels, which criteria apply
to which kind of body, evidence rules, effective dates) and on the list of
known bodies, all taken from here. Nothing in the form's script restates them.
"""

from __future__ import annotations

import json
from typing import Any

from codemark.model import Code, KnownBody
from codemark.register import Register
from codemark.rules import DEMO_PREFIX, STATUS_NAMES
from codemark.signatories import json_schema
from codemark.text import long_date


def form_data(
    code: Code, known: dict[str, KnownBody], register: Register, new_file_url: str
) -> str:
    """The JSON the form loads."""
    document: dict[str, Any] = {
        "schema": json_schema(code),
        "code": {
            "name": code.name,
            "short_name": code.short_name,
            "version": code.version,
            "versions": {v: code.published_on(v).isoformat() for v in code.versions},
            "validity_months": code.validity_months,
        },
        "levels": [
            {
                "id": lvl.id,
                "name": lvl.name,
                "rank": lvl.rank,
                "review_required": lvl.review_required,
            }
            for lvl in code.levels
        ],
        "kinds": [{"id": k.id, "name": k.name} for k in code.kinds],
        "statuses": STATUS_NAMES,
        "criteria": [
            {
                "id": c.id,
                "principle": c.principle_id,
                "level": c.level.id,
                "rank": c.level.rank,
                "applies_to": [k.id for k in c.applies_to],
                "url_required": c.evidence.url_required,
                "justification_required": c.evidence.justification_required,
                "na_allowed": c.na_allowed,
                "since": c.since,
                "effective": (c.effective or code.published_on(c.since)).isoformat(),
                "effective_text": long_date(c.effective or code.published_on(c.since)),
            }
            for c in code.criteria
        ],
        "known": {
            body.identifier: {
                "name": body.name,
                "kind": body.kind,
                "domains": list(body.domains),
                "mail_domains": list(body.mail_domains),
            }
            for body in known.values()
        },
        "demo_prefix": DEMO_PREFIX,
        "new_file_url": new_file_url,
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"
