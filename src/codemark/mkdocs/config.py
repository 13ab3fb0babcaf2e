"""Options of the codemark plugin, set under ``plugins: - codemark:`` in mkdocs.yml."""

from __future__ import annotations

import ast
import inspect
import itertools
import re
from dataclasses import dataclass
from functools import cache

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError


class Email(c.Type[str]):
    """An email address, such as secretariat@example.org."""

    def __init__(self) -> None:
        super().__init__(str)

    def run_validation(self, value: object) -> str:
        text = super().run_validation(value)
        if not re.fullmatch(r"[^@\s<>\"]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+", text):
            raise ValidationError(
                f"Expected an email address, such as secretariat@example.org, but received "
                f"'{text}'."
            )
        return text


class CodemarkConfig(Config):
    enabled = c.Type(bool, default=True)
    """Turn the plugin off, for example to build only the hand-written pages."""

    code_dir = c.Type(str, default="code")
    """The folder holding the code of practice, relative to mkdocs.yml."""

    case_studies_dir = c.Type(str, default="case-studies")
    """The folder of case studies, relative to docs_dir."""

    signatories_dir = c.Type(str, default="signatories")
    """The folder of signatory files, relative to mkdocs.yml."""

    reviews_dir = c.Type(str, default="reviews")
    """The folder of the secretariat's review records, relative to mkdocs.yml."""

    known_bodies = c.Type(str, default="data/known-bodies.yml")
    """The site's list of the bodies that may sign, with their identifiers and web domains,
    relative to mkdocs.yml. Without the file, identifiers are not looked up."""

    area_map = c.Type(str, default="data/area-map.yml")
    """The site's map of its areas, for the statistics page, relative to mkdocs.yml: each
    area's tile and the names signatories may give it. Without the file, the areas
    signatories name are listed but not drawn."""

    contact = Email()
    """The secretariat's public email address: shown on About, How to sign and every
    signatory page, and the address that challenges by email go to."""

    repo_url = c.Type(str, default="")
    """The repository's web address, for links to each entry's source file and to challenges.
    Set here rather than as mkdocs' own repo_url, which the theme turns into a widget that
    asks the forge's API about the repository on every page view."""

    repo_branch = c.Type(str, default="main")
    """The branch that source links on signatory pages point to."""


@dataclass(frozen=True)
class OptionRow:
    """One option, for the reference: read from the declaration above, so it cannot drift."""

    name: str
    default: str
    description: str


@cache
def option_rows() -> tuple[OptionRow, ...]:
    """Every option of the plugin, its default and the docstring written under it."""
    tree = ast.parse(inspect.getsource(CodemarkConfig))
    body = tree.body[0].body  # type: ignore[attr-defined]
    described: dict[str, str] = {}
    for option, after in itertools.pairwise(body):
        if isinstance(option, ast.Assign) and isinstance(after, ast.Expr):
            described[option.targets[0].id] = " ".join(after.value.value.split())  # type: ignore[attr-defined]
    rows = []
    for name, option in CodemarkConfig._schema:
        default = option.default
        shown = "(required)" if default is None else repr(default)
        rows.append(OptionRow(name, shown, described.get(name, "")))
    return tuple(rows)
