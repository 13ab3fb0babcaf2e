"""Declarative field types that read YAML nodes into checked values.

Each field knows how to read a node (collecting a problem, in plain English,
when the node is wrong) and how to describe itself as JSON Schema, so the
rules a file is checked against and the schema published for editors are
kept in one place.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import yaml

from codemark.problems import Problem, Severity

_NULLS = ("", "~", "null", "Null", "NULL")
_BOOL_WORDS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False,
               "FALSE": False}  # fmt: skip
_YAML11_BOOLS = {"yes", "no", "on", "off", "y", "n"}


class _Invalid:
    """Stands for a value that could not be read; the problem has been recorded."""

    def __repr__(self) -> str:
        return "INVALID"

    def __bool__(self) -> bool:
        return False


INVALID: Any = _Invalid()


@dataclass
class Reader:
    """Where a tree is being read from, and the problems found so far."""

    path: str
    first_line: int = 1
    today: date | None = None
    problems: list[Problem] = field(default_factory=list)

    def line(self, node: yaml.Node) -> int:
        return node.start_mark.line + self.first_line

    def report(
        self, node: yaml.Node, where: str, message: str, severity: Severity = "error"
    ) -> Any:
        """Record a problem at a node and return INVALID."""
        text = f"{where}: {message}" if where else message
        self.problems.append(
            Problem(self.path, self.line(node), text, node.start_mark.column + 1, severity)
        )
        return INVALID


def _describe(node: yaml.Node) -> str:
    """How a wrong value looks, in words, for messages."""
    if isinstance(node, yaml.MappingNode):
        return "a section of fields"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if is_null(node):
        return "nothing"
    value = str(node.value) if len(node.value) <= 60 else node.value[:57] + "..."
    return f"'{value}'"


def is_null(node: yaml.Node) -> bool:
    """True for a value left empty, or written ``~`` or ``null``."""
    return isinstance(node, yaml.ScalarNode) and not node.style and node.value in _NULLS


def _duplicate(key_node: yaml.Node, key: str, first: int, r: Reader, where: str) -> None:
    r.report(
        key_node,
        where,
        f"'{key}' appears twice in the same section (first on line {first}). Keep one of them.",
    )


def join(where: str, key: str) -> str:
    """The display path of a field inside another: ``criteria › item 3 › level``."""
    return f"{where} › {key}" if where else key


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BIDI = re.compile(r"[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_TAG = re.compile(r"<[A-Za-z/!?]")
_FORMULA = re.compile(r"[=+\-@]")


def _hidden_or_markup(text: str, multiline: bool) -> str:
    """What is wrong with text that hides characters or carries markup; empty when nothing."""
    if found := _CONTROL.search(text):
        return (
            f"contains an invisible control character (U+{ord(found.group()):04X}) at "
            f"character {found.start() + 1}. Remove it; it often comes from copying and pasting."
        )
    if found := _BIDI.search(text):
        return (
            f"contains a character that changes the direction of the text "
            f"(U+{ord(found.group()):04X}) at character {found.start() + 1}, which can make it "
            "read differently from what it is. Remove it."
        )
    if found := _TAG.search(text):
        snippet = text[found.start() : found.start() + 12]
        return f"looks like HTML ('{snippet}'). Write plain text" + (
            "; notes may use simple Markdown such as *emphasis* and [links](https://...)."
            if multiline
            else "."
        )
    if not multiline and _FORMULA.match(text):
        return (
            f"starts with '{text[0]}', which spreadsheets take for the start of a formula. "
            "Start with a letter or a number."
        )
    return ""


class Field:
    """A kind of value that a file may hold."""

    description: str = ""
    example: str = "..."

    def read(self, node: yaml.Node, r: Reader, where: str) -> Any:
        raise NotImplementedError

    def json_schema(self) -> dict[str, Any]:
        raise NotImplementedError


class Scalar(Field):
    """A single value written on one line or as a block of text."""

    expected = "a single value"

    def read(self, node: yaml.Node, r: Reader, where: str) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            return r.report(node, where, f"expected {self.expected}, found {_describe(node)}.")
        if is_null(node):
            return r.report(node, where, f"has no value. Write {self.expected} after the colon.")
        if "..." in node.value and node.value.replace("...", "").strip(" @[]") in ("", "."):
            return r.report(
                node, where, f"still has the template's '...'. Replace it with {self.expected}."
            )
        return self.convert(node, node.value, r, where)

    def convert(self, node: yaml.ScalarNode, text: str, r: Reader, where: str) -> Any:
        return text


@dataclass
class Text(Scalar):
    """Free text. Single-line unless ``multiline``; optionally matching a pattern."""

    max_length: int = 200
    multiline: bool = False
    pattern: str | None = None
    pattern_hint: str = ""
    expected: str = "some text"

    def convert(self, node: yaml.ScalarNode, text: str, r: Reader, where: str) -> Any:
        text = text.strip()
        if not text:
            return r.report(node, where, "is empty. Write the text after the colon.")
        trouble = _hidden_or_markup(text, self.multiline)
        if trouble:
            return r.report(node, where, trouble)
        if len(text) > self.max_length:
            return r.report(
                node,
                where,
                f"is {len(text):,} characters long; the limit is {self.max_length:,}. Shorten it.",
            )
        if not self.multiline and "\n" in text:
            return r.report(node, where, "must be a single line. Remove the line breaks.")
        if self.pattern and not re.fullmatch(self.pattern, text):
            return r.report(node, where, f"'{text}' is not {self.pattern_hint}.")
        return text

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "string", "minLength": 1, "maxLength": self.max_length}
        if self.pattern:
            schema["pattern"] = f"^(?:{self.pattern})$"
        # The same refusals as _hidden_or_markup, so editors and the form apply them too.
        refused = [_CONTROL.pattern, _BIDI.pattern, _TAG.pattern]
        if not self.multiline:
            refused.append("^" + _FORMULA.pattern)
            refused.append("[\\n\\r]")
        schema["not"] = {"pattern": "|".join(refused)}
        return schema


@dataclass
class Integer(Scalar):
    """A whole number between ``minimum`` and ``maximum``."""

    minimum: int = 0
    maximum: int = 10**9
    expected: str = "a whole number"

    def convert(self, node: yaml.ScalarNode, text: str, r: Reader, where: str) -> Any:
        if node.style or not re.fullmatch(r"[0-9]+", text):
            return r.report(node, where, f"expected a whole number, found {_describe(node)}.")
        number = int(text)
        if not self.minimum <= number <= self.maximum:
            return r.report(
                node, where, f"{number} is out of range: use {self.minimum} to {self.maximum}."
            )
        return number

    def json_schema(self) -> dict[str, Any]:
        return {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}


@dataclass
class Boolean(Scalar):
    """``true`` or ``false``; never YAML 1.1's ``yes``, ``no``, ``on`` or ``off``."""

    expected: str = "true or false"

    def convert(self, node: yaml.ScalarNode, text: str, r: Reader, where: str) -> Any:
        if not node.style and text in _BOOL_WORDS:
            return _BOOL_WORDS[text]
        hint = (
            " ('yes', 'no', 'on' and 'off' are not used)" if text.lower() in _YAML11_BOOLS else ""
        )
        return r.report(node, where, f"expected true or false, found {_describe(node)}{hint}.")

    def json_schema(self) -> dict[str, Any]:
        return {"type": "boolean"}


@dataclass
class Date(Scalar):
    """A real calendar date written ``YYYY-MM-DD``; optionally not after today."""

    not_future: bool = False
    expected: str = "a date written YYYY-MM-DD"

    def convert(self, node: yaml.ScalarNode, text: str, r: Reader, where: str) -> Any:
        text = text.strip()
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                raise ValueError
            value = date.fromisoformat(text)
        except ValueError:
            return r.report(
                node,
                where,
                f"{_describe(node)} is not a real date. Write it as year-month-day, "
                "for example 2026-03-02.",
            )
        if self.not_future and r.today is not None and value > r.today:
            return r.report(
                node,
                where,
                f"{text} is in the future. Use a date on or before {r.today.isoformat()}.",
            )
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}


@dataclass
class Version(Text):
    """A version number such as ``1.0.0``."""

    max_length: int = 20
    pattern: str | None = r"\d+\.\d+\.\d+"
    pattern_hint: str = "a version number such as 1.0.0"


@dataclass
class Slug(Text):
    """An identifier of lowercase letters, digits and hyphens."""

    max_length: int = 60
    pattern: str | None = r"[a-z0-9]+(?:-[a-z0-9]+)*"
    pattern_hint: str = "made of lowercase letters, digits and single hyphens, e.g. local-authority"


@dataclass
class Url(Text):
    """A web address; https only unless ``https_only`` is off."""

    max_length: int = 500
    https_only: bool = True
    expected: str = "a web address starting https://"

    def convert(self, node: yaml.ScalarNode, text: str, r: Reader, where: str) -> Any:
        text = super().convert(node, text, r, where)
        if text is INVALID:
            return text
        allowed = r"https://" if self.https_only else r"https?://"
        if not re.match(allowed + r"[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?::\d+)?(?:[/?#]\S*)?$", text):
            return r.report(
                node,
                where,
                f"'{text}' is not a web address starting {allowed}. Copy the full "
                "address from your browser's address bar.",
            )
        return text

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "uri", "pattern": "^https://", "maxLength": 500}


@dataclass
class Choice(Scalar):
    """One of a fixed list of values, named by ``noun`` in messages."""

    values: Sequence[str] = ()
    noun: str = "value"

    def __post_init__(self) -> None:
        self._allowed = frozenset(self.values)

    @property
    def expected(self) -> str:  # type: ignore[override]
        return f"one {self.noun} ({', '.join(self.values)})"

    def convert(self, node: yaml.ScalarNode, text: str, r: Reader, where: str) -> Any:
        if text in self._allowed:
            return text
        lowered = {value.lower(): value for value in self.values}
        close = difflib.get_close_matches(text.lower(), list(lowered), n=1, cutoff=0.6)
        hint = f" Did you mean '{lowered[close[0]]}'?" if close else ""
        return r.report(
            node,
            where,
            f"'{text}' is not a {self.noun}.{hint} Use one of: {', '.join(self.values)}.",
        )

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.values)}


@dataclass
class ListOf(Field):
    """A list of items of one kind."""

    item: Field
    min_items: int = 0
    unique: bool = False
    example: str = "[first, second]"

    def read(self, node: yaml.Node, r: Reader, where: str) -> Any:
        if not isinstance(node, yaml.SequenceNode):
            return r.report(
                node,
                where,
                f"expected a list, found {_describe(node)}. Write it as a list, "
                f"for example {self.example}.",
            )
        if len(node.value) < self.min_items:
            need = "at least one item" if self.min_items == 1 else f"{self.min_items} items"
            return r.report(node, where, f"the list needs {need}.")
        values = []
        seen: dict[Any, int] = {}
        for number, child in enumerate(node.value, start=1):
            value = self.item.read(child, r, join(where, f"item {number}"))
            if self.unique and value is not INVALID:
                if value in seen:
                    r.report(child, where, f"'{value}' is listed twice. Remove one.")
                    continue
                seen[value] = number
            values.append(value)
        return values

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "array", "items": self.item.json_schema()}
        if self.min_items:
            schema["minItems"] = self.min_items
        if self.unique:
            schema["uniqueItems"] = True
        return schema


@dataclass
class AllOrList(Field):
    """Either the word ``all`` or a list of items."""

    item: Field
    example: str = "all"

    def read(self, node: yaml.Node, r: Reader, where: str) -> Any:
        if isinstance(node, yaml.ScalarNode) and node.value == "all":
            return "all"
        if isinstance(node, yaml.SequenceNode):
            return ListOf(self.item, min_items=1, unique=True).read(node, r, where)
        return r.report(node, where, f"expected 'all' or a list, found {_describe(node)}.")

    def json_schema(self) -> dict[str, Any]:
        return {
            "oneOf": [
                {"const": "all"},
                ListOf(self.item, min_items=1, unique=True).json_schema(),
            ]
        }


@dataclass
class Prop:
    """A named field of a record."""

    field: Field
    required: bool = True
    description: str = ""
    example: str = ""  # shown when the field is missing; the field's own example if empty


class Values(dict[str, Any]):
    """The values read from a record, with the line of the record and of each field."""

    line: int = 0
    lines: dict[str, int]

    def ok(self) -> bool:
        """True when every field present was read without a problem."""
        return INVALID not in self.values()


@dataclass
class Record(Field):
    """A section with named fields. Unknown fields are refused, with a suggestion."""

    props: Mapping[str, Prop]
    example: str = "..."
    check: Callable[[Values, yaml.MappingNode, Reader, str], None] | None = None

    def read(self, node: yaml.Node, r: Reader, where: str) -> Any:
        if not isinstance(node, yaml.MappingNode):
            return r.report(
                node,
                where,
                f"expected a section of fields ({', '.join(self.props)}), found {_describe(node)}.",
            )
        values = Values()
        values.line = r.line(node)
        values.lines = {}
        suggested = set()  # fields already named in a "did you mean", not reported missing
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is None or key not in self.props:
                suggested.add(self._unknown(key_node, key, r, where))
                continue
            if key in values.lines:
                _duplicate(key_node, key, values.lines[key], r, where)
                continue
            values.lines[key] = r.line(key_node)
            if not self.props[key].required and is_null(value_node):
                continue  # an optional field left blank is simply not given
            values[key] = self.props[key].field.read(value_node, r, join(where, key))
        for key, prop in self.props.items():
            if prop.required and key not in values:
                values[key] = INVALID
                if key in suggested:
                    continue
                example = prop.example or prop.field.example
                r.report(
                    node,
                    where,
                    f"'{key}' is missing. Add a line such as '{key}: {example}'.",
                )
        if self.check and values.ok():
            self.check(values, node, r, where)
        return values

    def _unknown(self, key_node: yaml.Node, key: str | None, r: Reader, where: str) -> str:
        """Report a field that does not belong here; return the field suggested instead."""
        allowed = ", ".join(self.props)
        if key is None:
            r.report(key_node, where, f"a field name must be a plain word. Use one of: {allowed}.")
            return ""
        lowered = {name.lower(): name for name in self.props}
        close = difflib.get_close_matches(key.lower(), list(lowered), n=1, cutoff=0.7)
        suggestion = lowered[close[0]] if close else ""
        hint = f" Did you mean '{suggestion}'?" if suggestion else ""
        r.report(
            key_node, where, f"'{key}' is not a field used here.{hint} The fields are: {allowed}."
        )
        return suggestion

    def json_schema(self) -> dict[str, Any]:
        properties = {}
        for key, prop in self.props.items():
            field_schema = prop.field.json_schema()
            if prop.description:
                field_schema = {"description": prop.description, **field_schema}
            properties[key] = field_schema
        schema: dict[str, Any] = {
            "type": "object",
            "properties": properties,
            "additionalProperties": False,
        }
        required = [key for key, prop in self.props.items() if prop.required]
        if required:
            schema["required"] = required
        return schema


@dataclass
class Email(Text):
    """An email address."""

    max_length: int = 254
    pattern: str | None = (
        r"[A-Za-z0-9_%+'-]+(?:\.[A-Za-z0-9_%+'-]+)*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
    )
    pattern_hint: str = "an email address such as commissioning@example.gov.uk"

    def json_schema(self) -> dict[str, Any]:
        return {**super().json_schema(), "format": "email"}


@dataclass
class MapOf(Field):
    """A section whose field names are ids (such as criterion numbers) with one kind of value.

    Keys are read as written, so ``4.10`` is the criterion 4.10, not the number 4.1.
    """

    key: Choice
    value: Field
    example: str = "..."

    def read(self, node: yaml.Node, r: Reader, where: str) -> Any:
        if not isinstance(node, yaml.MappingNode):
            return r.report(
                node, where, f"expected a section of {self.key.noun}s, found {_describe(node)}."
            )
        values = Values()
        values.line = r.line(node)
        values.lines = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                r.report(key_node, where, f"each entry must start with a {self.key.noun}.")
                continue
            key = self.key.convert(key_node, key_node.value.strip(), r, where)
            if key is INVALID:
                continue
            if key in values.lines:
                _duplicate(key_node, key, values.lines[key], r, where)
                continue
            values.lines[key] = r.line(key_node)
            values[key] = self.value.read(value_node, r, join(where, key))
        return values

    def json_schema(self) -> dict[str, Any]:
        return {
            "type": "object",
            "propertyNames": self.key.json_schema(),
            "additionalProperties": self.value.json_schema(),
        }
