"""Problems found in content files, collected so that all of them are reported at once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from codemark.messages import say

Severity = Literal["error", "warning"]
FieldPath = tuple[str, ...]  # ("organisation", "name"); ("organisation", "area", "item 2")


def where(path: FieldPath) -> str:
    """How messages name a field: ``assessment › criteria › 1.1``."""
    return " › ".join(path)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, at a place in it, in words its author understands."""

    path: str
    line: int  # 1-based; 0 when the problem is with the file as a whole
    message: str
    column: int = 0  # 1-based; 0 when not known
    severity: Severity = "error"
    field: FieldPath = ()  # the field it is about; () for the file as a whole
    rule: str = ""  # the id of its message in codemark.messages

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"

    def located(self) -> str:
        """``file:line:col: message``, the form editors understand; warnings say so."""
        label = "warning: " if self.severity == "warning" else ""
        return f"{self.path}:{self.line}:{self.column or 1}: {label}{self.message}"


def problem(
    path: str,
    line: int,
    rule: str,
    *,
    column: int = 0,
    severity: Severity = "error",
    field: FieldPath = (),
    at: FieldPath | None = None,
    **params: Any,
) -> Problem:
    """A problem worded from the catalogue, prefixed with the field it is ``at`` (or ``field``)."""
    prefix = where(field if at is None else at)
    text = say(rule, **params)
    return Problem(
        path, line, f"{prefix}: {text}" if prefix else text, column, severity, field, rule
    )


@dataclass
class Reporter:
    """Collects the problems of one file."""

    path: str
    problems: list[Problem] = field(default_factory=list)

    def report(
        self,
        line: int,
        rule: str,
        *,
        column: int = 1,
        severity: Severity = "error",
        field: FieldPath = (),
        at: FieldPath | None = None,
        **params: Any,
    ) -> None:
        self.problems.append(
            problem(
                self.path,
                line,
                rule,
                column=column,
                severity=severity,
                field=field,
                at=at,
                **params,
            )
        )

    @property
    def errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)


class ContentError(Exception):
    """Raised when content cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems)
        count = len(self.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the content")
