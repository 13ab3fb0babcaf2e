"""Problems found in content files, collected so that all of them are reported at once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, at a place in it, in words its author understands."""

    path: str
    line: int  # 1-based; 0 when the problem is with the file as a whole
    message: str
    column: int = 0  # 1-based; 0 when not known
    severity: Severity = "error"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"

    def located(self) -> str:
        """``file:line:col: message``, the form editors understand; warnings say so."""
        label = "warning: " if self.severity == "warning" else ""
        return f"{self.path}:{self.line}:{self.column or 1}: {label}{self.message}"


class ContentError(Exception):
    """Raised when content cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems)
        count = len(self.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the content")
