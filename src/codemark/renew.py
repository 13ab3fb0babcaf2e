"""Renewing a signatory file: the latest assessment moves, word for word, to the top of its
``history``, and a new one takes its place, dated today, starting from the same answers.

The file is edited as text, not rewritten from its values, so that the officer's comments,
quotes and layout survive; the result is checked by the validator like any file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*):(.*)$")
_FIELD = re.compile(r"^(\s+)(code_version|date):.*$")
ASSESSMENT, HISTORY = "assessment", "history"


class RenewError(ValueError):
    """The file cannot be renewed as text; the message says why and what to do."""


@dataclass(frozen=True)
class Renewed:
    text: str
    kept: str  # the date of the assessment moved into the history, as written


def _blocks(lines: list[str]) -> list[tuple[str, int, int]]:
    """Each top-level key of a YAML file, with the first and last+1 line of its block."""
    starts = [(m.group(1), n) for n, line in enumerate(lines) if (m := _TOP_KEY.match(line))]
    return [
        (key, start, starts[i + 1][1] if i + 1 < len(starts) else len(lines))
        for i, (key, start) in enumerate(starts)
    ]


def _indent(lines: list[str]) -> int:
    for line in lines:
        if line.strip() and not line.lstrip().startswith("#"):
            return len(line) - len(line.lstrip())
    raise RenewError("the 'assessment:' section is empty. Fill it in before renewing.")


def renew(text: str, today: date, version: str) -> Renewed:
    """The file ``text`` renewed on ``today`` against ``version`` of the code."""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    blocks = {key: (start, end) for key, start, end in _blocks(lines)}
    if ASSESSMENT not in blocks:
        raise RenewError("the file has no 'assessment:' section to renew.")
    start, end = blocks[ASSESSMENT]
    if _TOP_KEY.match(lines[start]).group(2).strip():  # type: ignore[union-attr]
        raise RenewError(
            "'assessment:' is written on one line. Write each of its fields on a line of its "
            "own, as 'codemark new' does, then renew."
        )
    body = lines[start + 1 : end]
    while body and not body[-1].strip():  # blank lines after the section stay where they are
        body.pop()
    depth = _indent(body)
    written = {m.group(2): m.group(0) for line in body if (m := _FIELD.match(line.rstrip("\n")))}
    if "date" not in written:
        raise RenewError("the assessment has no 'date:'. Add it before renewing.")
    kept = written["date"].split(":", 1)[1].split("#")[0].strip().strip("'\"")
    if kept == today.isoformat():
        raise RenewError(
            f"the assessment is already dated today ({kept}): change its answers in place."
        )
    # The earlier assessment, as a list item: its first line after '- ', the rest two deeper.
    item, first = [], True
    for line in body:
        if not line.strip():
            item.append(line)
        elif first and not line.lstrip().startswith("#"):
            item.append(f"{line[:depth]}- {line[depth:]}")
            first = False
        else:
            item.append(f"{line[:depth]}  {line[depth:]}")
    pad = " " * depth
    new = [lines[start]]
    for line in body:
        field = _FIELD.match(line.rstrip("\n"))
        if field and len(field.group(1)) == depth:
            value = version if field.group(2) == "code_version" else today.isoformat()
            line = f"{pad}{field.group(2)}: {value}\n"
        new.append(line)
    earlier: list[str] = []
    if HISTORY in blocks:
        h_start, h_end = blocks[HISTORY]
        if h_start < start:
            raise RenewError("'history:' comes before 'assessment:'. Put it after, then renew.")
        earlier = lines[h_start + 1 : h_end]
        del lines[h_start:h_end]
    history = [f"{HISTORY}:\n", *item, *earlier]
    renewed = lines[:start] + new + history + lines[start + 1 + len(body) :]
    return Renewed("".join(renewed), kept)
