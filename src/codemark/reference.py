"""A reference of a file's fields, made from their declarations so that it cannot drift.

The same declarations read and check the files (``codemark.schema``), so the
reference says what the reader accepts: each field's path, what it holds,
whether it must be given, and its description.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from codemark import schema as s


@dataclass(frozen=True)
class FieldRow:
    """One field of a file, as the reference shows it."""

    path: str  # levels[].id
    holds: str  # a whole number; one of: required, optional
    required: bool
    description: str


def what_it_holds(field: s.Field) -> str:
    """What a field holds, in words."""
    if isinstance(field, s.Record):
        return "a section"
    if isinstance(field, s.MapOf):
        return f"a section with one entry per {field.key.noun}"
    if isinstance(field, s.ListOf):
        return f"a list, each item {what_it_holds(field.item)}"
    if isinstance(field, s.AllOrList):
        return f"all, or a list, each item {what_it_holds(field.item)}"
    if isinstance(field, s.Choice):
        if isinstance(field.values, str):
            return f"a {field.noun}"
        return "one of: " + ", ".join(field.values)
    if isinstance(field, s.Text) and field.pattern_hint:
        return field.pattern_hint
    if isinstance(field, s.Scalar):
        return field.expected
    return "a value"


def field_rows(record: s.Record[Any], at: str = "") -> Iterator[FieldRow]:
    """Every field of a record and of the sections inside it, in the order declared."""
    for key, prop in record.props.items():
        path = f"{at}{key}"
        yield FieldRow(path, what_it_holds(prop.field), prop.required, prop.description)
        inner = prop.field
        suffix = "."
        if isinstance(inner, s.ListOf):
            inner, suffix = inner.item, "[]."
        elif isinstance(inner, s.MapOf):
            inner, suffix = inner.value, ".<id>."
        if isinstance(inner, s.Record):
            yield from field_rows(inner, path + suffix)
