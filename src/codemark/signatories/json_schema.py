"""The JSON Schema of a signatory file, for editors: made from the fields and the rules.

The checks that depend on a criterion (which statuses it allows, what each
status requires) are spelled out per criterion from ``codemark.rules``, so an
editor applies them too. What JSON Schema cannot say (dates against today,
other files, the list of known bodies) is left to ``codemark validate``.
"""

from __future__ import annotations

import json
from typing import Any

from codemark import rules
from codemark.model import Code, Criterion
from codemark.signatories.fields import lists, signatory_file

SCHEMA_FILE = "signatory.schema.json"


def json_schema(code: Code, schema_id: str = "") -> dict[str, Any]:
    """The JSON Schema (draft-07) of a signatory file, from the same rules the validator applies."""
    document = signatory_file(code).json_schema(lists(code))
    assessment = document["properties"]["assessment"]
    criteria = assessment["properties"]["criteria"]
    answer = criteria.pop("additionalProperties")
    criteria["properties"] = {c.id: _answer_schema(answer, c) for c in code.criteria}
    criteria["additionalProperties"] = False
    criteria.pop("propertyNames")
    document["allOf"] = [
        *_demonstration(),
        *_refused(),
        *_criteria_due(code),
        *_history_criteria(code),
    ]
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        **({"$id": schema_id} if schema_id else {}),
        "title": f"Signatory self-assessment for {code.name}",
        "description": (
            f"One {code.body}'s self-assessment against version {code.version} of the code. "
            "Check a file with 'codemark validate', which also applies the rules that "
            "depend on dates and on other files."
        ),
        **document,
    }


def _answer_schema(answer: dict[str, Any], criterion: Criterion) -> dict[str, Any]:
    statuses = [status.id for status in rules.allowed_statuses(criterion)]
    requirements: dict[str, list[str]] = {}  # a field, and the statuses that require it
    for status in rules.STATUSES:
        for requirement in status.requires:
            if getattr(criterion, requirement.when):
                requirements.setdefault(requirement.field, []).append(status.id)
    # Present and not left blank: a blank field is not given.
    rules_ = [
        {
            "if": _status_in(among),
            "then": {"required": [name], "properties": {name: {"type": "string"}}},
        }
        for name, among in requirements.items()
    ]
    properties = {**answer["properties"], "status": {"type": "string", "enum": statuses}}
    result = {**answer, "description": criterion.text, "properties": properties}
    if rules_:
        result["allOf"] = rules_
    return result


def _status_in(statuses: list[str]) -> dict[str, Any]:
    return {"properties": {"status": {"enum": statuses}}, "required": ["status"]}


def _at(path: tuple[str, ...], schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` for the field at ``path``, nested as an object's properties."""
    for key in reversed(path):
        schema = {"properties": {key: schema}}
    return schema


def _starts(pattern: str) -> dict[str, Any]:
    return {"pattern": f"^{rules.SPACE}*(?:{pattern})"}


def _demonstration() -> list[dict[str, Any]]:
    """A demonstration entry's identifier starts ZZ-; a real body's does not."""
    check = next(c for c in rules.CHECKS if c.kind == "demonstration-prefix")
    prefix = _starts(rules.literal(rules.DEMO_PREFIX))
    return [
        {
            "if": {"properties": {"demonstration": {"const": True}}, "required": ["demonstration"]},
            "then": _at(check.field, prefix),
            "else": _at(check.field, {"not": prefix}),
        }
    ]


def _refused() -> list[dict[str, Any]]:
    """Fields that may not start with a pattern, such as a title before a name."""
    return [
        _at(check.field, {"not": _starts(rules.PATTERNS[str(check.params["pattern"])].source)})
        for check in rules.CHECKS
        if check.kind == "refused" and check.params
    ]


def _criteria_due(code: Code) -> list[dict[str, Any]]:
    """For each kind of body and version: the criteria it may answer, and those it must.

    A criterion with an effective date becomes due on that day, which a schema cannot know;
    the validator requires it from then.
    """
    criteria = ("assessment", "criteria")
    found = []
    for kind in code.kinds:
        for version in code.versions:
            in_version = code.criteria_in(version)
            allowed = [c.id for c in in_version if kind in c.applies_to]
            refused = [c.id for c in code.criteria if c.id not in allowed]
            due = [c.id for c in in_version if kind in c.applies_to and c.effective is None]
            rule: dict[str, Any] = {"required": due}
            if refused:
                rule["propertyNames"] = {"not": {"enum": refused}}
            found.append(
                {
                    "if": {
                        "properties": {
                            "organisation": {
                                "properties": {"kind": {"const": kind.id}},
                                "required": ["kind"],
                            },
                            "assessment": {
                                "properties": {"code_version": {"const": version}},
                                "required": ["code_version"],
                            },
                        },
                        "required": ["organisation", "assessment"],
                    },
                    "then": _at(criteria, rule),
                }
            )
    return found


def _history_criteria(code: Code) -> list[dict[str, Any]]:
    """Each earlier assessment answers criteria of its own version, for the body's kind."""
    found = []
    for kind in code.kinds:
        by_version = []
        for version in code.versions:
            in_version = set(code.criteria_in(version))
            refused = [
                c.id for c in code.criteria if c not in in_version or kind not in c.applies_to
            ]
            if refused:
                by_version.append(
                    {
                        "if": {
                            "properties": {"code_version": {"const": version}},
                            "required": ["code_version"],
                        },
                        "then": _at(("criteria",), {"propertyNames": {"not": {"enum": refused}}}),
                    }
                )
        if by_version:
            is_kind = _at(("organisation", "kind"), {"const": kind.id})
            found.append(
                {
                    "if": {**is_kind, "required": ["organisation"]},
                    "then": _at(("history",), {"items": {"allOf": by_version}}),
                }
            )
    return found


def json_schema_text(code: Code, schema_id: str = "") -> str:
    return json.dumps(json_schema(code, schema_id), indent=2) + "\n"
