"""Who may change each signatory file: the secretariat's owner records in ``owners/``.

A pull request that changes an existing entry must come from one of the
entry's recorded owners, or from the secretariat (``codemark.guard``). The
records are kept apart from the signatories' own files, so nobody becomes an
owner by editing the file they want to change, and CODEOWNERS gives the
folder to the secretariat.

- ``owners/<slug>.yml`` says who may change ``signatories/<slug>.yml``: GitHub
  logins, or teams written ``organisation/team``.
- ``owners/_secretariat.yml`` names the secretariat: its team and the logins of
  its members. The secretariat may change anything. (The underscore keeps the
  name apart from every signatory's, which are lowercase letters, digits and
  hyphens.)

Team membership cannot be read from the repository. A team counts for an
author only when whoever runs the check says the author is in it (``--team``);
owners/README.md says what the workflow does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from codemark import schema as s
from codemark.load import parse_yaml, read_text
from codemark.model import Signatory
from codemark.problems import Problem, problem
from codemark.rules import Pattern

FOLDER = "owners"
SECRETARIAT_FILE = "_secretariat.yml"
MAX_BYTES = 64 * 1024
# GitHub's rules for logins (letters, digits and single inner hyphens, up to
# 39 characters) and team slugs, a team being written organisation/team.
LOGIN = r"[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}"
TEAM = LOGIN + r"/[A-Za-z0-9][A-Za-z0-9_.-]{0,99}"
_LOGIN_HINT = "a GitHub login, such as example-commissioning"
_TEAM_HINT = "a GitHub team written organisation/team, such as example-council/commissioning"


@dataclass(frozen=True)
class Owners:
    """The GitHub logins and teams that may change something, as they were written."""

    names: tuple[str, ...]

    def include(self, author: str | None, teams: Iterable[str] = ()) -> bool:
        """True when the author, or one of the teams the author is known to be in, is listed.

        GitHub logins and team names ignore case.
        """
        listed = {name.casefold() for name in self.names}
        return (author is not None and author.casefold() in listed) or any(
            team.casefold() in listed for team in teams
        )

    def __str__(self) -> str:
        return ", ".join(self.names) if self.names else "nobody yet"


@dataclass(kw_only=True, slots=True)
class OwnerRecord(s.Section):
    owners: list[str] = s.prop(
        s.ListOf(
            s.Text(
                max_length=140,
                pattern=Pattern(f"{LOGIN}|{TEAM}"),
                pattern_hint=f"{_LOGIN_HINT}, or {_TEAM_HINT}",
            ),
            unique=True,
            example="[example-commissioning]",
        ),
        description="Who may change the entry: GitHub logins or organisation/team",
    )
    recorded: date | None = s.prop(s.Date(not_future=True), required=False)
    note: str | None = s.prop(s.Text(multiline=True, max_length=1000), required=False)


@dataclass(kw_only=True, slots=True)
class SecretariatRecord(s.Section):
    team: str | None = s.prop(
        s.Text(max_length=140, pattern=Pattern(TEAM), pattern_hint=_TEAM_HINT), required=False
    )
    members: list[str] = s.prop(
        s.ListOf(
            s.Text(max_length=39, pattern=Pattern(LOGIN), pattern_hint=_LOGIN_HINT),
            unique=True,
            example="[secretariat-clerk]",
        )
    )


OWNER_RECORD = s.Record(OwnerRecord)
SECRETARIAT_RECORD = s.Record(SecretariatRecord)


def read_owners(
    text: str,
    shown_as: str,
    today: date | None,
    record: s.Record[OwnerRecord] | s.Record[SecretariatRecord] = OWNER_RECORD,
) -> Owners | list[Problem]:
    """An owner record (or, with ``SECRETARIAT_RECORD``, the secretariat's), or its problems."""
    node = parse_yaml(text, shown_as)
    if isinstance(node, Problem):
        return [node]
    if node is None:
        return [problem(shown_as, 1, "record-empty", column=1)]
    reader = s.Reader(shown_as, 1, today)
    values = record.read(node, reader, ())
    if reader.problems:
        return reader.problems
    if isinstance(values, SecretariatRecord):
        return Owners((*values.members, *([values.team] if values.team else [])))
    assert isinstance(values, OwnerRecord)
    return Owners(tuple(values.owners))


def check_records(
    folder: Path, shown: Callable[[Path], str], signatories: Sequence[Signatory], today: date
) -> list[Problem]:
    """Problems with the owner records, and a warning for each entry that has none yet.

    A new entry has no record until the secretariat adds one after merging it
    (owners/README.md); until then only the secretariat can change it, which
    is safe, but the warning keeps it from being forgotten. Demonstration
    entries are the secretariat's own and need none.
    """
    if not folder.is_dir():
        return []
    problems: list[Problem] = []
    slugs = {signatory.slug for signatory in signatories}
    recorded = set()
    for path in sorted(folder.glob("*.yml")):
        shown_as = shown(path)
        is_secretariat = path.name == SECRETARIAT_FILE
        record = SECRETARIAT_RECORD if is_secretariat else OWNER_RECORD
        text = read_text(path, shown_as, MAX_BYTES)
        found = [text] if isinstance(text, Problem) else read_owners(text, shown_as, today, record)
        if isinstance(found, list):
            problems.extend(found)
        elif not is_secretariat and path.stem not in slugs:
            problems.append(
                problem(shown_as, 1, "owners-without-signatory", column=1, slug=path.stem)
            )
        recorded.add(path.stem)
    for signatory in signatories:
        if signatory.slug not in recorded and not signatory.demonstration:
            problems.append(
                problem(
                    signatory.path,
                    1,
                    "no-owners",
                    column=1,
                    severity="warning",
                    folder=FOLDER,
                    slug=signatory.slug,
                )
            )
    return problems
