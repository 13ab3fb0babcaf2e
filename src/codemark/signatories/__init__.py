"""Check signatory files (``signatories/<slug>.yml``) and build the signatories they describe.

A signatory file is written by an officer of a public body, not a developer,
and comes from outside the project: everything in it is checked, and every
problem is reported in words that say where it is and how to put it right.

The stages, one module each: ``reading`` (a path becomes YAML or a problem),
``fields`` (the file's fields, read into typed sections), ``checks`` (the
rules that need more than one field), ``building`` (the model of a valid
file). The rules themselves are declared in ``codemark.rules``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from codemark import rules
from codemark import schema as s
from codemark.known import load_known_bodies
from codemark.model import Code, KnownBody, Signatory
from codemark.problems import Problem, Reporter
from codemark.reviews import load_reviews
from codemark.signatories import checks
from codemark.signatories.building import build_signatory
from codemark.signatories.fields import SignatoryFile, lists, signatory_file
from codemark.signatories.json_schema import SCHEMA_FILE, json_schema, json_schema_text
from codemark.signatories.reading import read_signatory

__all__ = [
    "SCHEMA_FILE",
    "Checked",
    "Checker",
    "json_schema",
    "json_schema_text",
    "lists",
    "load_known_bodies",
    "load_reviews",
    "signatory_files",
]

DEMO_PREFIX = rules.DEMO_PREFIX
MAX_BYTES = rules.MAX_BYTES


@dataclass
class Checked:
    """The result of checking one file: the signatory when valid, and every problem found."""

    path: str
    signatory: Signatory | None = None
    problems: list[Problem] = field(default_factory=list)
    identifier_line: int = 1

    @property
    def valid(self) -> bool:
        return self.signatory is not None and not any(p.severity == "error" for p in self.problems)


class Checker:
    """Checks signatory files against one version of the code. Build once, use for many files."""

    def __init__(self, code: Code, known: dict[str, KnownBody], today: date) -> None:
        self.code = code
        self.known = known
        self.today = today
        self.lists = lists(code)
        self.file = signatory_file(code)
        self.context = checks.Context(code, known, today)

    def check_file(self, path: Path, shown_as: str) -> Checked:
        """Check one file on its own."""
        result = Checked(shown_as)
        node = read_signatory(path, shown_as)
        if isinstance(node, Problem):
            result.problems.append(node)
            return result
        reader = s.Reader(shown_as, 1, self.today, self.lists)
        doc = self.file.read(node, reader, ())
        result.problems.extend(reader.problems)
        if reader.problems or not isinstance(doc, SignatoryFile):
            return result
        result.identifier_line = doc.organisation.lines["identifier"]
        reporter = Reporter(shown_as, result.problems)
        self.context.slug = path.stem
        checks.run(doc, self.context, reporter)
        if not reporter.errors:
            result.signatory = build_signatory(doc, path.stem, shown_as, self.context)
        return result

    def check_files(self, files: Sequence[tuple[Path, str]]) -> list[Checked]:
        """Check many files, then what no file shows alone: two claiming one identifier."""
        results = [self.check_file(path, shown) for path, shown in files]
        self.check_claims(results)
        return results

    def check_claims(self, results: Sequence[Checked]) -> None:
        """Tell each valid file that claims an identifier another valid file claims too."""
        claims: dict[str, list[Checked]] = {}
        for result in results:
            if result.signatory is not None:
                claims.setdefault(result.signatory.organisation.identifier, []).append(result)
        # Which file is the impostor is not ours to know: each is told of the others.
        check = rules.CLAIMS
        for identifier, claimants in claims.items():
            for result in claimants if len(claimants) > 1 else ():
                others = ", ".join(other.path for other in claimants if other is not result)
                Reporter(result.path, result.problems).report(
                    result.identifier_line,
                    check.message,
                    field=check.field,
                    identifier=identifier,
                    others=others,
                )


def signatory_files(paths: Iterable[Path]) -> list[Path]:
    """The files to check: each file named, and the .yml and .yaml files in each folder named."""
    files: list[Path] = []
    for path in paths:
        # A link to a folder is not a folder of signatories: it is checked, and
        # refused, as a file. So is anything in a folder that is not a file.
        if path.is_dir() and not path.is_symlink():
            files.extend(sorted(p for p in path.iterdir() if p.suffix in (".yml", ".yaml")))
        else:
            files.append(path)
    return files
