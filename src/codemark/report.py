"""Report the results of checking signatory files: as text, JSON or GitHub annotations."""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from typing import Protocol

from codemark.model import Code
from codemark.problems import Problem

FORMATS = ("text", "json", "github")


class Checked(Protocol):
    """A checked file: a signatory file or a review record."""

    @property
    def path(self) -> str: ...
    @property
    def problems(self) -> list[Problem]: ...
    @property
    def valid(self) -> bool: ...


def _counts(results: Sequence[Checked]) -> tuple[int, int, int]:
    problems = [p for r in results for p in r.problems]
    errors = sum(p.severity == "error" for p in problems)
    return errors, len(problems) - errors, sum(not r.valid for r in results)


def _plural(count: int, word: str, plural: str = "") -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def text(results: Sequence[Checked], code: Code) -> str:
    """One line per problem, ``file:line:col: message``, then a summary an officer can read."""
    lines = []
    for result in results:
        for problem in sorted(result.problems, key=lambda p: (p.line, p.column)):
            lines.append(problem.located())
    errors, warnings, invalid = _counts(results)
    files = _plural(len(results), "signatory file")
    if not results:
        lines.append("No signatory files were found to check.")
    elif invalid:
        lines += [
            "",
            f"{_plural(invalid, 'file has', 'files have')} problems to fix, out of {files} checked "
            f"({_plural(errors, 'error')}, {_plural(warnings, 'warning')}). Each line above gives "
            "the file, the line and the column, what is wrong and how to fix it.",
        ]
    else:
        checked = (
            f"{'All ' if len(results) > 1 else ''}{files} {'is' if len(results) == 1 else 'are'} "
            "valid."
        )
        lines += [
            ("" if not lines else "\n") + f"OK: {checked}",
            "Checked: the fields and their types, dates, web addresses and mailboxes, every "
            f"answer against the {len(code.criteria)} criteria of version {code.version} of the "
            "code and their evidence rules, and that no two files claim the same body.",
        ]
        if warnings:
            verb = "is" if warnings == 1 else "are"
            lines.append(f"There {verb} {_plural(warnings, 'warning')} above to look at.")
    return "\n".join(lines).lstrip("\n") + "\n"


def as_json(results: Sequence[Checked], code: Code) -> str:
    errors, warnings, invalid = _counts(results)
    document = {
        "valid": invalid == 0,
        "code_version": code.version,
        "checked": len(results),
        "errors": errors,
        "warnings": warnings,
        "files": [
            {
                "path": result.path,
                "valid": result.valid,
                "problems": [_problem_json(p) for p in result.problems],
            }
            for result in results
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _problem_json(problem: Problem) -> dict[str, object]:
    return {
        "line": problem.line,
        "column": problem.column or 1,
        "severity": problem.severity,
        "message": problem.message,
        "field": list(problem.field),
        "rule": problem.rule,
    }


def github(results: Sequence[Checked], code: Code) -> str:
    """Workflow commands that annotate the offending lines of a pull request."""
    lines = []
    for result in results:
        for p in result.problems:
            properties = ",".join(
                f"{key}={escape_property(str(value))}"
                for key, value in (
                    ("file", p.path),
                    ("line", p.line),
                    ("col", p.column or 1),
                    ("title", "Signatory file check"),
                )
            )
            lines.append(f"::{p.severity} {properties}::{escape_data(p.message)}")
    return "\n".join(lines) + ("\n" if lines else "") + github_plain(text(results, code))


def github_plain(text: str) -> str:
    """Plain text for a workflow's log, no line of which can be taken for a workflow command.

    The runner takes any line that starts with '::' for a command, and a value
    with a new line in it could start one (``::notice title=Secretariat::...``).
    Between ``::stop-commands::TOKEN`` and ``::TOKEN::`` it takes none, which
    is GitHub's advice for printing text that is not trusted. The token is
    new each time, so the text cannot end the pause itself.
    """
    token = secrets.token_hex(16)
    return f"::stop-commands::{token}\n{text.rstrip(chr(10))}\n::{token}::\n"


def escape_data(value: str) -> str:
    # As the runner's own toolkit escapes a command's message.
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


RENDERERS = {"text": text, "json": as_json, "github": github}
