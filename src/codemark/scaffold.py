"""Write a new signatory file from the current code, ready for an officer to fill in."""

from __future__ import annotations

import textwrap

from codemark.model import STATUSES, Code, KnownBody
from codemark.signatories import SCHEMA_FILE


def _comment(text: str, indent: str, first: str = "", rest: str = "") -> list[str]:
    """Wrap text into YAML comment lines of at most 88 characters."""
    return textwrap.wrap(
        text,
        width=88,
        initial_indent=f"{indent}# {first}",
        subsequent_indent=f"{indent}# {rest}",
    )


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def new_signatory(
    code: Code, name: str, kind: str, identifier: str = "", body: KnownBody | None = None
) -> str:
    """The text of a new signatory file for a body of ``kind``, listing every criterion for it."""
    domain = body.domains[0] if body and body.domains else ""
    lines = [
        f"# yaml-language-server: $schema={SCHEMA_FILE}",
        "#",
        *_comment(
            f"Self-assessment of {name} against {code.name}, version {code.version}. "
            "Replace every value marked with '...' and answer every criterion below. "
            f"Then check the file with: codemark validate signatories/<this file>",
            "",
        ),
        "",
        "organisation:",
        f"  name: {_quote(name)}",
        f"  kind: {kind}",
        f"  identifier: {identifier or '...'}"
        + ("" if identifier else "  # such as GB-LAE-ISL; ask the secretariat if unsure"),
        "  area: [...]  # the London boroughs you serve, such as [Islington], or [London-wide]",
        f"  website: https://{'www.' + domain if domain else '...'}",
        f"  contact: ...@{domain or '...'}  # a shared, public mailbox, not a person's address",
        "",
        "signed:",
        "  date: ...  # the date your body decided to sign, as YYYY-MM-DD",
        "  by: ...  # the role of the person who signed, such as Chief Executive; not a name",
        "  decision:  # optional: a link to the decision, such as cabinet minutes",
        "",
        "assessment:",
        f"  code_version: {code.version}",
        "  date: ...  # the date of this self-assessment, as YYYY-MM-DD",
        "  criteria:",
        "",
    ]
    for principle in code.principles:
        criteria = [c for c in principle.criteria if any(k.id == kind for k in c.applies_to)]
        if not criteria:
            continue
        lines += [f"    # Principle {principle.heading}", "    #"]
        for criterion in criteria:
            statuses = [s for s in STATUSES if criterion.na_allowed or s != "n/a"]
            lines += _comment(
                criterion.text, "    ", f"{criterion.id} ({criterion.level.name}) ", "    "
            )
            lines += _comment(criterion.evidence.summary, "    ", "    Evidence: ", "    ")
            lines += _comment(criterion.evidence.guide, "    ", "    What counts: ", "    ")
            if criterion.effective:
                lines += _comment(
                    f"This criterion counts from {criterion.effective.isoformat()}.", "    "
                )
            lines += [
                f"    {_quote(criterion.id)}:",
                f"      status: ...  # {', '.join(statuses)}",
                "      evidence:  # https://... a public page that shows it",
                "      note:  # what you do, or why it is partly met or not applicable",
                "",
            ]
    return "\n".join(lines).rstrip() + "\n"
