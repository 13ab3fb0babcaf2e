"""Write a new signatory file from the current code, ready for an officer to fill in.

The file's sections and fields, and the comment beside each, come from the
declaration of a signatory file (``codemark.signatories.fields``); the
statuses each criterion allows come from ``codemark.rules``.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

from codemark import rules
from codemark import schema as s
from codemark.model import Code, KnownBody
from codemark.signatories.fields import AnswerFields, signatory_file
from codemark.signatories.json_schema import SCHEMA_FILE


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


def _field(indent: str, key: str, value: str, prop: s.Prop) -> str:
    """``key: value``, with the field's comment while it still waits to be filled in."""
    line = f"{indent}{key}: {value}".rstrip() if value else f"{indent}{key}:"
    waiting = not value or "..." in value
    return f"{line}  # {prop.template}" if prop.template and waiting else line


def new_signatory(
    code: Code, name: str, kind: str, identifier: str = "", body: KnownBody | None = None
) -> str:
    """The text of a new signatory file for a body of ``kind``, listing every criterion for it."""
    domain = body.domains[0] if body and body.domains else ""
    # What the template fills in; everything else is left as '...' to replace.
    given: Mapping[str, Mapping[str, str]] = {
        "organisation": {
            "name": _quote(name),
            "kind": kind,
            "identifier": identifier or "...",
            "area": "[...]",
            "website": f"https://{'www.' + domain if domain else '...'}",
            "contact": f"...@{domain or '...'}",
        },
        "signed": {"decision": ""},
        "assessment": {"code_version": code.version},
    }
    lines = [
        f"# yaml-language-server: $schema={SCHEMA_FILE}",
        "#",
        *_comment(
            f"Self-assessment of {name} against {code.name}, version {code.version}. "
            "Replace every value marked with '...' and answer every criterion below. "
            f"Then check the file with: codemark validate signatories/<this file>",
            "",
        ),
    ]
    for section, section_prop in signatory_file(code).props.items():
        if not section_prop.required:
            continue  # demonstration and withdrawn are not for a new file
        assert isinstance(section_prop.field, s.Record)
        lines += ["", f"{section}:"]
        for key, prop in section_prop.field.props.items():
            if isinstance(prop.field, s.MapOf):
                lines += [f"  {key}:", "", *_answers(code, kind)]
                continue
            value = given.get(section, {}).get(key, "..." if prop.required else "")
            lines.append(_field("  ", key, value, prop))
    return "\n".join(lines).rstrip() + "\n"


def _answers(code: Code, kind: str) -> list[str]:
    """Each criterion for the kind of body, with its rules, ready to answer."""
    answer = s.props(AnswerFields)
    lines: list[str] = []
    for principle in code.principles:
        criteria = [c for c in principle.criteria if any(k.id == kind for k in c.applies_to)]
        if not criteria:
            continue
        lines += [f"    # Principle {principle.heading}", "    #"]
        for criterion in criteria:
            statuses = ", ".join(status.id for status in rules.allowed_statuses(criterion))
            lines += _comment(
                criterion.text, "    ", f"{criterion.id} ({criterion.level.name}) ", "    "
            )
            lines += _comment(criterion.evidence.summary, "    ", "    Evidence: ", "    ")
            lines += _comment(criterion.evidence.guide, "    ", "    What counts: ", "    ")
            if criterion.effective:
                lines += _comment(
                    f"This criterion counts from {criterion.effective.isoformat()}.", "    "
                )
            lines.append(f"    {_quote(criterion.id)}:")
            for key, prop in answer.items():
                if prop.required:  # the status, with the statuses this criterion allows
                    lines.append(f"      {key}: ...  # {statuses}")
                else:
                    lines.append(_field("      ", key, "", prop))
            lines.append("")
    return lines
