"""Declarative field types that read YAML nodes into checked, typed values.

A file's shape is declared as dataclasses whose fields say, with ``prop``,
how each value is read. ``Record`` reads a YAML section into its dataclass,
collecting a problem, in plain English, for every value that is wrong; so a
field's name is written once, as the attribute, and code reads
``organisation.name`` rather than ``values["name"]``.

Each field type also describes itself as JSON Schema (for editors) and as
data (for the sign-up form's evaluator, which reads files by the same rules:
``codemark/theme/assets/javascripts/codemark-rules.js``). Messages come from
``codemark.messages``; text patterns from ``codemark.rules``.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar, Generic, TypeVar

import yaml

from codemark import rules
from codemark.messages import say
from codemark.problems import FieldPath, Problem, Severity, problem

_NULLS = frozenset(rules.YAML_NULLS)
_BOOL_WORDS = rules.YAML_BOOLEANS
_YAML11_BOOLS = rules.YAML11_BOOLEANS


class _Invalid:
    """Stands for a value that could not be read; the problem has been recorded."""

    def __repr__(self) -> str:
        return "INVALID"

    def __bool__(self) -> bool:
        return False


INVALID: Any = _Invalid()


class Choices(tuple[str, ...]):
    """Values to choose from, in their order, with the set of them made once."""

    known: frozenset[str]

    def __new__(cls, values: Iterable[str]) -> Choices:
        choices = super().__new__(cls, values)
        choices.known = frozenset(choices)
        return choices


@dataclass
class Reader:
    """Where a tree is being read from, what it is read against, and the problems so far.

    ``lists`` holds the values of choices that depend on other content, by
    name: the code's kinds of body, versions, criteria.
    """

    path: str
    first_line: int = 1
    today: date | None = None
    lists: Mapping[str, Sequence[str]] = dataclasses.field(default_factory=dict)
    problems: list[Problem] = dataclasses.field(default_factory=list)

    def line(self, node: yaml.Node) -> int:
        return node.start_mark.line + self.first_line

    def report(
        self,
        node: yaml.Node,
        at: FieldPath,
        rule: str,
        severity: Severity = "error",
        field: FieldPath | None = None,
        **params: Any,
    ) -> Any:
        """Record a problem at a node and return INVALID. The message names the field ``at``;
        the problem is about ``field`` when that is more precise (a missing field)."""
        self.problems.append(
            problem(
                self.path,
                self.line(node),
                rule,
                column=node.start_mark.column + 1,
                severity=severity,
                field=at if field is None else field,
                at=at,
                **params,
            )
        )
        return INVALID


def is_null(node: yaml.Node) -> bool:
    """True for a value left empty, or written ``~`` or ``null``."""
    return isinstance(node, yaml.ScalarNode) and not node.style and node.value in _NULLS


def found(node: yaml.Node) -> str:
    """How a wrong value looks, in words, for messages."""
    if isinstance(node, yaml.MappingNode):
        return say("found-section")
    if isinstance(node, yaml.SequenceNode):
        return say("found-list")
    if is_null(node):
        return say("found-nothing")
    value = str(node.value) if len(node.value) <= 60 else node.value[:57] + "..."
    return say("found-value", value=value)


def close_match(text: str, choices: Sequence[str], cutoff: float) -> str:
    """The choice that ``text`` was probably meant to be, ignoring case; empty if none is close."""
    lowered = {choice.lower(): choice for choice in choices}
    close = difflib.get_close_matches(text.lower(), list(lowered), n=1, cutoff=cutoff)
    return lowered[close[0]] if close else ""


class Field:
    """A kind of value that a file may hold."""

    kind: ClassVar[str] = ""  # the name the form's evaluator knows it by
    example: str = "..."

    def example_for(self, lists: Mapping[str, Sequence[str]]) -> str:
        """What to suggest writing when the field is missing."""
        return self.example

    def read(self, node: yaml.Node, r: Reader, at: FieldPath) -> Any:
        raise NotImplementedError

    def json_schema(self, lists: Mapping[str, Sequence[str]]) -> dict[str, Any]:
        raise NotImplementedError

    def export(self, lists: Mapping[str, Sequence[str]]) -> dict[str, Any]:
        """The field as data for the form's evaluator: its kind and its settings."""
        settings = {
            f.name: _exported(getattr(self, f.name), lists)
            for f in dataclasses.fields(self)  # type: ignore[arg-type]
        }
        return {"kind": self.kind, **settings}


def _exported(value: Any, lists: Mapping[str, Sequence[str]]) -> Any:
    if isinstance(value, Field):
        return value.export(lists)
    if isinstance(value, rules.Pattern):
        return value.source
    if isinstance(value, rules.Refusal):
        return dataclasses.asdict(value)
    if isinstance(value, tuple | list):
        return [_exported(item, lists) for item in value]
    return value


class Scalar(Field):
    """A single value written on one line or as a block of text."""

    expected: str = "a single value"

    def expecting(self, lists: Mapping[str, Sequence[str]]) -> str:
        """What the value should be, in words: 'a date written YYYY-MM-DD'."""
        return self.expected

    def read(self, node: yaml.Node, r: Reader, at: FieldPath) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            expected = self.expecting(r.lists)
            return r.report(node, at, "expected", expected=expected, found=found(node))
        if not node.style and node.value in _NULLS:
            return r.report(node, at, "no-value", expected=self.expecting(r.lists))
        if "..." in node.value and rules.PLACEHOLDER.search(node.value):
            return r.report(node, at, "placeholder", expected=self.expecting(r.lists))
        return self.convert(node, node.value, r, at)

    def convert(self, node: yaml.ScalarNode, text: str, r: Reader, at: FieldPath) -> Any:
        return text


# Every value of every file goes through these: bound once.
_CONTROL, _DIRECTION, _HTML = (
    p.compiled.search for p in (rules.CONTROL, rules.DIRECTION, rules.HTML)
)
_FORMULA, _LINE_BREAK = rules.FORMULA.compiled.match, rules.LINE_BREAK.compiled.search


def refused_text(text: str, multiline: bool) -> tuple[str, dict[str, Any]] | None:
    """What is wrong with text that hides characters or carries markup, as a message; or None."""
    if hidden := _CONTROL(text):
        return "control-character", _at(hidden)
    if hidden := _DIRECTION(text):
        return "direction-character", _at(hidden)
    if markup := _HTML(text):
        snippet = text[markup.start() : markup.start() + 12]
        return ("html-in-notes" if multiline else "html"), {"snippet": snippet}
    if not multiline and _FORMULA(text):
        return "formula", {"first": text[0]}
    return None


def _at(found: Any) -> dict[str, Any]:
    return {"code": f"{ord(found.group()):04X}", "position": found.start() + 1}


@dataclass
class Text(Scalar):
    """Free text. Single-line unless ``multiline``; optionally matching a pattern.

    Surrounding spaces are dropped. ``refusals`` are further things the text
    may not contain, such as images in a note.
    """

    kind: ClassVar[str] = "text"
    max_length: int = 200
    multiline: bool = False
    pattern: rules.Pattern | None = None
    pattern_hint: str = ""
    refusals: tuple[rules.Refusal, ...] = ()
    expected: str = "some text"

    def convert(self, node: yaml.ScalarNode, text: str, r: Reader, at: FieldPath) -> Any:
        text = text.strip()
        if not text:
            return r.report(node, at, "empty-text")
        if refused := refused_text(text, self.multiline):
            return r.report(node, at, refused[0], **refused[1])
        if len(text) > self.max_length:
            return r.report(node, at, "too-long", length=len(text), limit=self.max_length)
        if not self.multiline and _LINE_BREAK(text):
            return r.report(node, at, "single-line")
        if self.pattern and not self.pattern.fullmatch(text):
            return r.report(node, at, "pattern", text=text, hint=self.pattern_hint)
        for refusal in self.refusals:
            for match in refusal.pattern.finditer(text):
                captured = match.group(1) if refusal.capture else match.group()
                if not refusal.allow or not refusal.allowed.match(captured):
                    return r.report(node, at, refusal.message, found=captured[:60])
        return text

    def json_schema(self, lists: Mapping[str, Sequence[str]]) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "string", "minLength": 1, "maxLength": self.max_length}
        space = rules.SPACE + "*"
        # The value is checked once its surrounding spaces are dropped, and must then be
        # more than spaces.
        if self.pattern:
            schema["pattern"] = f"^{space}(?:{self.pattern.source}){space}$"
        else:
            schema["pattern"] = rules.NOT_SPACE
        # The same refusals as Scalar.read, refused_text and ``refusals``, so editors apply
        # them too.
        refused = [
            rules.PLACEHOLDER.source,
            rules.CONTROL.source,
            rules.DIRECTION.source,
            rules.HTML.source,
        ]
        if not self.multiline:
            refused.append(f"^{space}{rules.FORMULA.source}")
            refused.append(rules.LINE_BREAK.source)
        refused += [refusal.anywhere for refusal in self.refusals]
        schema["not"] = {"pattern": "|".join(refused)}
        return schema


@dataclass
class Integer(Scalar):
    """A whole number between ``minimum`` and ``maximum``."""

    kind: ClassVar[str] = "integer"
    minimum: int = 0
    maximum: int = 10**9
    expected: str = "a whole number"

    def convert(self, node: yaml.ScalarNode, text: str, r: Reader, at: FieldPath) -> Any:
        if node.style or not rules.Pattern("[0-9]+").fullmatch(text):
            return r.report(node, at, "not-integer", found=found(node))
        number = int(text)
        if not self.minimum <= number <= self.maximum:
            return r.report(
                node, at, "out-of-range", number=number, minimum=self.minimum, maximum=self.maximum
            )
        return number

    def json_schema(self, lists: Mapping[str, Sequence[str]]) -> dict[str, Any]:
        return {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}


@dataclass
class Boolean(Scalar):
    """``true`` or ``false``; never YAML 1.1's ``yes``, ``no``, ``on`` or ``off``."""

    kind: ClassVar[str] = "boolean"
    expected: str = "true or false"

    def convert(self, node: yaml.ScalarNode, text: str, r: Reader, at: FieldPath) -> Any:
        if not node.style and text in _BOOL_WORDS:
            return _BOOL_WORDS[text]
        yaml11 = text.lower() in _YAML11_BOOLS
        return r.report(
            node, at, "not-boolean-yaml11" if yaml11 else "not-boolean", found=found(node)
        )

    def json_schema(self, lists: Mapping[str, Sequence[str]]) -> dict[str, Any]:
        return {"type": "boolean"}


_DATE = rules.Pattern("[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass
class Date(Scalar):
    """A real calendar date written ``YYYY-MM-DD``; optionally not after today."""

    kind: ClassVar[str] = "date"
    not_future: bool = False
    expected: str = "a date written YYYY-MM-DD"

    def convert(self, node: yaml.ScalarNode, text: str, r: Reader, at: FieldPath) -> Any:
        text = text.strip()
        try:
            if not _DATE.fullmatch(text):
                raise ValueError
            value = date.fromisoformat(text)
        except ValueError:
            return r.report(node, at, "not-date", found=found(node))
        if self.not_future and r.today is not None and value > r.today:
            return r.report(node, at, "future-date", text=text, today=r.today.isoformat())
        return value

    def json_schema(self, lists: Mapping[str, Sequence[str]]) -> dict[str, Any]:
        space = rules.SPACE + "*"
        return {"type": "string", "format": "date", "pattern": f"^{space}{_DATE.source}{space}$"}


@dataclass
class Version(Text):
    """A version number such as ``1.0.0``."""

    max_length: int = 20
    pattern: rules.Pattern | None = rules.Pattern("[0-9]+\\.[0-9]+\\.[0-9]+")
    pattern_hint: str = "a version number such as 1.0.0"


@dataclass
class Slug(Text):
    """An identifier of lowercase letters, digits and hyphens."""

    max_length: int = 60
    pattern: rules.Pattern | None = rules.Pattern("[a-z0-9]+(?:-[a-z0-9]+)*")
    pattern_hint: str = "made of lowercase letters, digits and single hyphens, e.g. local-authority"


@dataclass
class Url(Text):
    """A web address; https only unless ``https_only`` is off."""

    kind: ClassVar[str] = "url"
    max_length: int = 500
    https_only: bool = True
    expected: str = "a web address starting https://"

    @property
    def address(self) -> rules.Pattern:
        return rules.WEB_ADDRESS if self.https_only else rules.WEB_ADDRESS_HTTP

    @property
    def scheme(self) -> str:
        return "https://" if self.https_only else "https?://"

    def convert(self, node: yaml.ScalarNode, text: str, r: Reader, at: FieldPath) -> Any:
        text = super().convert(node, text, r, at)
        if text is INVALID:
            return text
        if not self.address.fullmatch(text):
            return r.report(node, at, "not-url", text=text, scheme=self.scheme)
        return text

    def json_schema(self, lists: Mapping[str, Sequence[str]]) -> dict[str, Any]:
        schema = super().json_schema(lists)
        space = rules.SPACE + "*"
        schema["pattern"] = f"^{space}(?:{self.address.source}){space}$"
        return {**schema, "format": "uri"}

    def export(self, lists: Mapping[str, Sequence[str]]) -> dict[str, Any]:
        return {**super().export(lists), "address": self.address.source, "scheme": self.scheme}


@dataclass
class Email(Text):
    """An email address."""

    kind: ClassVar[str] = "text"
    max_length: int = 254
    pattern: rules.Pattern | None = rules.MAILBOX
    pattern_hint: str = "an email address such as commissioning@example.gov.uk"

    def json_schema(self, lists: Mapping[str, Sequence[str]]) -> dict[str, Any]:
        return {**super().json_schema(lists), "format": "email"}


@dataclass
class Choice(Scalar):
    """One of a list of values, named by ``noun`` in messages.

    ``values`` is the list itself, or the name of a list the reader is given,
    such as the code's kinds of body.
    """

    kind: ClassVar[str] = "choice"
    values: Sequence[str] | str = ()
    noun: str = "value"
    example_last: bool = False  # the example is the last value: the code's newest version

    def __post_init__(self) -> None:
        if not isinstance(self.values, str):
            self.values = Choices(self.values)

    def allowed(self, lists: Mapping[str, Sequence[str]]) -> Sequence[str]:
        return lists[self.values] if isinstance(self.values, str) else self.values

    def known(self, lists: Mapping[str, Sequence[str]]) -> frozenset[str]:
        """The values as a set, for the lookup made for every answer of every file."""
        allowed = self.allowed(lists)
        return allowed.known if isinstance(allowed, Choices) else frozenset(allowed)

    def example_for(self, lists: Mapping[str, Sequence[str]]) -> str:
        allowed = self.allowed(lists)
        return allowed[-1] if self.example_last and allowed else self.example

    def expecting(self, lists: Mapping[str, Sequence[str]]) -> str:
        return f"one {self.noun} ({', '.join(self.allowed(lists))})"

    def convert(self, node: yaml.ScalarNode, text: str, r: Reader, at: FieldPath) -> Any:
        if text in self.known(r.lists):
            return text
        allowed = self.allowed(r.lists)
        suggestion = close_match(text, allowed, 0.6)
        return r.report(
            node,
            at,
            "not-choice-close" if suggestion else "not-choice",
            text=text,
            noun=self.noun,
            suggestion=suggestion,
            allowed=", ".join(allowed),
        )

    def json_schema(self, lists: Mapping[str, Sequence[str]]) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.allowed(lists))}

    def export(self, lists: Mapping[str, Sequence[str]]) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "values": list(self.allowed(lists)),
            "noun": self.noun,
            "expected": self.expecting(lists),
        }


@dataclass
class CriterionId(Choice):
    """A criterion's id, such as 4.2; a wrong one is told the principle's real criteria."""

    kind: ClassVar[str] = "criterion"
    values: Sequence[str] | str = "criteria"
    noun: str = "criterion"

    def convert(self, node: yaml.ScalarNode, text: str, r: Reader, at: FieldPath) -> Any:
        if text in self.known(r.lists):
            return text
        allowed = self.allowed(r.lists)
        # Criteria are numbered within their principle: 4.2 is principle 4's second.
        prefix = text.split(".")[0]
        number = int(prefix) if prefix.isascii() and prefix.isdigit() else -1
        siblings = [c for c in allowed if int(c.split(".")[0]) == number]
        if siblings:
            return r.report(
                node,
                at,
                "not-criterion-in-principle",
                text=text,
                principle=prefix,
                first=siblings[0],
                last=siblings[-1],
            )
        return r.report(node, at, "not-criterion", text=text, first=allowed[0], last=allowed[-1])


@dataclass
class ListOf(Field):
    """A list of items of one kind."""

    kind: ClassVar[str] = "list"
    item: Field
    min_items: int = 0
    unique: bool = False
    example: str = "[first, second]"

    def read(self, node: yaml.Node, r: Reader, at: FieldPath) -> Any:
        if not isinstance(node, yaml.SequenceNode):
            return r.report(node, at, "not-list", found=found(node), example=self.example)
        if len(node.value) < self.min_items:
            if self.min_items == 1:
                return r.report(node, at, "no-items")
            return r.report(node, at, "too-few-items", count=self.min_items)
        values = []
        seen: set[Any] = set()
        for number, child in enumerate(node.value, start=1):
            value = self.item.read(child, r, (*at, f"item {number}"))
            if self.unique and value is not INVALID:
                if value in seen:
                    r.report(child, at, "listed-twice", value=value)
                    continue
                seen.add(value)
            values.append(value)
        return INVALID if INVALID in values else values

    def json_schema(self, lists: Mapping[str, Sequence[str]]) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "array", "items": self.item.json_schema(lists)}
        if self.min_items:
            schema["minItems"] = self.min_items
        if self.unique:
            schema["uniqueItems"] = True
        return schema


@dataclass
class AllOrList(Field):
    """Either the word ``all`` or a list of items."""

    kind: ClassVar[str] = "all-or-list"
    item: Field
    example: str = "all"

    def read(self, node: yaml.Node, r: Reader, at: FieldPath) -> Any:
        if isinstance(node, yaml.ScalarNode) and node.value == "all":
            return "all"
        if isinstance(node, yaml.SequenceNode):
            return ListOf(self.item, min_items=1, unique=True).read(node, r, at)
        return r.report(node, at, "not-all-or-list", found=found(node))

    def json_schema(self, lists: Mapping[str, Sequence[str]]) -> dict[str, Any]:
        return {
            "oneOf": [
                {"const": "all"},
                ListOf(self.item, min_items=1, unique=True).json_schema(lists),
            ]
        }


@dataclass(frozen=True)
class Prop:
    """How one field of a section is read, and how people are told about it."""

    field: Field
    required: bool = True
    description: str = ""  # for editors, in the JSON Schema
    example: str = ""  # shown when the field is missing; the field's own example if empty
    label: str = ""  # the form's label for it
    hint: str = ""  # the form's hint under the label
    template: str = ""  # the comment beside it in a template to fill in


def prop(
    field: Field,
    *,
    required: bool = True,
    default: Any = None,
    description: str = "",
    example: str = "",
    label: str = "",
    hint: str = "",
    template: str = "",
) -> Any:
    """Declare a field of a section: ``name: str = prop(Text(max_length=150))``."""
    metadata = {"prop": Prop(field, required, description, example, label, hint, template)}
    if required and default is None:
        return dataclasses.field(metadata=metadata)
    # A required field with a default: one that a file need not have when a code leaves it out.
    return dataclasses.field(default=default, metadata=metadata)


@dataclass(kw_only=True, slots=True)
class Section:
    """A section of a file, as a ``Record`` reads it. Subclasses declare fields with ``prop``,
    and ``slots=True``, and are not frozen: a file has many sections, each is made for every
    file read, and a frozen dataclass is slower to make. Nothing changes them once read."""

    line: int = dataclasses.field(default=0, compare=False, repr=False)  # where it starts
    lines: Mapping[str, int] = dataclasses.field(default_factory=dict, compare=False, repr=False)


S = TypeVar("S", bound=Section)


def props(section: type[Section]) -> dict[str, Prop]:
    """The fields of a section, in the order declared."""
    return {f.name: f.metadata["prop"] for f in dataclasses.fields(section) if "prop" in f.metadata}


@dataclass
class Record(Field, Generic[S]):
    """A section with named fields, read into its dataclass. Unknown fields are refused."""

    kind: ClassVar[str] = "record"
    section: type[S]
    example: str = "..."

    def __post_init__(self) -> None:
        self.props = props(self.section)
        self.required = [key for key, prop in self.props.items() if prop.required]

    def read(self, node: yaml.Node, r: Reader, at: FieldPath) -> Any:
        if not isinstance(node, yaml.MappingNode):
            return r.report(
                node, at, "not-section", fields=", ".join(self.props), found=found(node)
            )
        props = self.props
        values: dict[str, Any] = {}
        lines: dict[str, int] = {}
        suggested = set()  # fields already named in a "did you mean", not reported missing
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            prop = props.get(key) if key is not None else None
            if key is None or prop is None:
                suggested.add(self._unknown(key_node, key, r, at))
                continue
            if key in lines:
                r.report(key_node, at, "duplicate-key", field=(*at, key), key=key, first=lines[key])
                continue
            lines[key] = r.line(key_node)
            if not prop.required and is_null(value_node):
                continue  # an optional field left blank is simply not given
            values[key] = prop.field.read(value_node, r, (*at, key))
        complete = INVALID not in values.values()
        for key in self.required:
            if key not in values:
                complete = False
                if key in suggested:
                    continue
                prop = props[key]
                example = prop.example or prop.field.example_for(r.lists)
                r.report(node, at, "missing-field", field=(*at, key), key=key, example=example)
        if not complete:
            return INVALID
        return self.section(**values, line=r.line(node), lines=lines)

    def _unknown(self, key_node: yaml.Node, key: str | None, r: Reader, at: FieldPath) -> str:
        """Report a field that does not belong here; return the field suggested instead."""
        allowed = ", ".join(self.props)
        if key is None:
            r.report(key_node, at, "key-not-plain", fields=allowed)
            return ""
        suggestion = close_match(key, list(self.props), 0.7)
        r.report(
            key_node,
            at,
            "unknown-field-close" if suggestion else "unknown-field",
            key=key,
            suggestion=suggestion,
            fields=allowed,
        )
        return suggestion

    def json_schema(self, lists: Mapping[str, Sequence[str]]) -> dict[str, Any]:
        properties = {}
        for key, prop in self.props.items():
            field_schema = prop.field.json_schema(lists)
            if not prop.required:
                # An optional field may be left blank, as the template leaves it.
                field_schema = {"anyOf": [field_schema, {"type": "null"}]}
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

    def export(self, lists: Mapping[str, Sequence[str]]) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "example": self.example,
            "props": [
                {
                    "name": key,
                    "field": prop.field.export(lists),
                    "required": prop.required,
                    "example": prop.example or prop.field.example_for(lists),
                }
                for key, prop in self.props.items()
            ],
        }


V = TypeVar("V")


class Entries(dict[str, V]):
    """The entries of a section keyed by ids, in the order written, with the line of each."""

    line: int = 0
    lines: dict[str, int]


@dataclass
class MapOf(Field):
    """A section whose field names are ids (such as criterion numbers) with one kind of value.

    Keys are read as written, so ``4.10`` is the criterion 4.10, not the number 4.1.
    """

    kind: ClassVar[str] = "map"
    key: Choice
    value: Field
    example: str = "..."

    def read(self, node: yaml.Node, r: Reader, at: FieldPath) -> Any:
        if not isinstance(node, yaml.MappingNode):
            return r.report(node, at, "not-map", noun=self.key.noun, found=found(node))
        entries: Entries[Any] = Entries()
        entries.line = r.line(node)
        entries.lines = {}
        complete = True
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                r.report(key_node, at, "key-not-id", noun=self.key.noun)
                complete = False
                continue
            key = self.key.convert(key_node, key_node.value.strip(), r, at)
            if key is INVALID:
                complete = False
                continue
            if key in entries.lines:
                r.report(
                    key_node,
                    at,
                    "duplicate-key",
                    field=(*at, key),
                    key=key,
                    first=entries.lines[key],
                )
                complete = False
                continue
            entries.lines[key] = r.line(key_node)
            entries[key] = self.value.read(value_node, r, (*at, key))
        if not complete or INVALID in entries.values():
            return INVALID
        return entries

    def json_schema(self, lists: Mapping[str, Sequence[str]]) -> dict[str, Any]:
        return {
            "type": "object",
            "propertyNames": self.key.json_schema(lists),
            "additionalProperties": self.value.json_schema(lists),
        }


# Checks a record may run once all its fields are read.
RecordCheck = Callable[[Section, yaml.MappingNode, Reader, FieldPath], None]
