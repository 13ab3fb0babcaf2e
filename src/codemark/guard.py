"""The pull-request guard: what a pull request may change, and who may change it.

Run on a pull request's base and head commits, with its author's GitHub login:

- anyone may add a new signatory file;
- an existing entry may be changed only by its recorded owners (``owners/``)
  or by the secretariat;
- everything else (review and owner records, the code, the software,
  workflows, CODEOWNERS) only by the secretariat, and files are never renamed
  or deleted but by the secretariat;
- whoever proposes them, files under ``signatories/``, ``reviews/`` and
  ``owners/`` are ordinary text files (git mode 100644) with plain names, in
  UTF-8 and under the size cap.

Modes, types and sizes come from git's own records (``git diff --raw -z``,
``git cat-file``), never from a checkout: a symbolic link is not followed, a
submodule not entered and a 20 MB file not read. File names are read as
NUL-separated bytes, so a message names the real file.

This module judges a pull request, so it must run as the base revision's
code (``scripts/check-pull-request``), never as the pull request's own.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import yaml

from codemark import owners
from codemark.known import KNOWN_BODIES, parse_known_bodies
from codemark.load import decode_text, parse_yaml
from codemark.problems import Problem
from codemark.signatories import MAX_BYTES

SIGNATORIES = "signatories"
# Folders of data the build reads; only plain text files may be in them.
DATA_FOLDERS = (f"{SIGNATORIES}/", "reviews/", f"{owners.FOLDER}/")
# Files there that are not named after a signatory, and who keeps them.
SECRETARIAT_DATA = (
    f"{SIGNATORIES}/README.md",
    f"{SIGNATORIES}/signatory.schema.json",
    "reviews/README.md",
    f"{owners.FOLDER}/README.md",
    f"{owners.FOLDER}/{owners.SECRETARIAT_FILE}",
)
_DATA_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\.yml")
# Paths only the secretariat changes, and why, in the words a refusal uses.
PROTECTED = (
    ("reviews/", "review records are kept by the secretariat"),
    (f"{owners.FOLDER}/", "the records of who may change each entry are kept by the secretariat"),
    ("code/", "the code is changed only by the secretariat, with notice to signatories"),
    ("data/", "the site's own data, such as its list of known bodies, is kept by the secretariat"),
    ("src/", "the software that builds the site and checks pull requests is the secretariat's"),
    ("scripts/", "the software that builds the site and checks pull requests is the secretariat's"),
    (".github/", "workflows and templates are maintained by the secretariat"),
    ("CODEOWNERS", "CODEOWNERS is maintained by the secretariat"),
    (f"{SIGNATORIES}/signatory.schema.json", "the schema is generated from the code"),
    (f"{SIGNATORIES}/README.md", "the folder's README is maintained by the secretariat"),
)
REGULAR = "100644"
_MODES = {
    "100755": "an executable file",
    "120000": "a symbolic link",
    "160000": "a submodule",
    "040000": "a folder",
}
HOW_TO_ASK = (
    "open an issue with the 'Ownership of an entry' form in this repository, or write to the "
    "secretariat (see the About page of the site)"
)
_UNSEEN = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def shown(path: str) -> str:
    """A path fit for a message: characters that would hide or break a line are spelled out.

    A new line, or a character that reverses the text, in a file name must not
    start a new line of output or make the name read as something else.
    """
    return _UNSEEN.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), path)


@dataclass(frozen=True)
class Change:
    """One file changed between two commits, as ``git diff --raw`` reports it."""

    status: str  # A, M, D, T (type change), R (renamed), C (copied)
    path: str
    old_mode: str = REGULAR
    new_mode: str = REGULAR
    blob: str = ""  # the new content's object name
    old_path: str = ""

    @property
    def shown(self) -> str:
        return shown(self.path)


@dataclass
class Verdict:
    """Every reason a pull request cannot be accepted, and what is worth knowing if it can."""

    refusals: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class _Git:
    def __init__(self, repo: Path) -> None:
        self.repo = repo

    def run(self, *args: str, stdin: bytes | None = None, ok: Sequence[int] = (0,)) -> bytes:
        # quotePath=false as well as -z, so that no command quotes a name.
        result = subprocess.run(
            ["git", "-C", str(self.repo), "-c", "core.quotePath=false", *args],
            input=stdin,
            capture_output=True,
            check=False,
        )
        if result.returncode not in ok:
            raise subprocess.CalledProcessError(
                result.returncode, result.args, result.stdout, result.stderr
            )
        return result.stdout

    def sizes(self, blobs: Iterable[str]) -> dict[str, int]:
        """The size of each object, read from git's records without reading the object."""
        names = list(dict.fromkeys(blobs))
        if not names:
            return {}
        out = self.run("cat-file", "--batch-check=%(objectname) %(objectsize)", stdin=_lines(names))
        pairs = (line.split() for line in out.decode().splitlines())
        return {name: int(size) for name, size in pairs}

    def blobs(self, names: Iterable[str]) -> Iterator[bytes]:
        """The content of each blob in turn, from one git process, one blob in memory at once."""
        command = ["git", "-C", str(self.repo), "cat-file", "--batch"]
        with subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE) as git:
            assert git.stdin is not None and git.stdout is not None
            for name in names:
                git.stdin.write(name.encode() + b"\n")
                git.stdin.flush()
                size = int(git.stdout.readline().split()[2])
                yield git.stdout.read(size)
                git.stdout.read(1)  # the new line after each object
            git.stdin.close()

    def file_at(self, rev: str, path: str, limit: int = MAX_BYTES) -> bytes | None:
        """A file's content at a commit; None if it is not there, not a file, or too big."""
        spec = f"{rev}:{path}"
        size = self.run("cat-file", "-s", spec, ok=(0, 128)).strip()
        if not size or int(size) > limit:
            return None
        if self.run("cat-file", "-t", spec).strip() != b"blob":
            return None
        return self.run("cat-file", "blob", spec)


def _lines(names: Sequence[str]) -> bytes:
    return ("\n".join(names) + "\n").encode()


def changes(git: _Git, base: str, head: str) -> list[Change]:
    """What the pull request changes: from where it branched off the base, to its head."""
    out = git.run("diff", "--raw", "-z", "-M", "--no-abbrev", "--no-ext-diff", f"{base}...{head}")
    fields = out.split(b"\0")
    result, i = [], 0
    while i < len(fields) - 1:
        old_mode, new_mode, _, blob, status = fields[i].decode().lstrip(":").split()
        # Names are bytes to git; one that is not UTF-8 is shown with escapes.
        paths = [f.decode("utf-8", "backslashreplace") for f in fields[i + 1 : i + 3]]
        if status[0] in "RC":
            result.append(Change(status[0], paths[1], old_mode, new_mode, blob, paths[0]))
            i += 3
        else:
            result.append(Change(status[0], paths[0], old_mode, new_mode, blob))
            i += 2
    return result


def check(
    repo: Path, base: str, head: str, author: str | None = None, teams: Sequence[str] = ()
) -> Verdict:
    """Judge the pull request from ``base`` to ``head``, proposed by ``author``.

    ``teams`` are the teams the caller knows the author to be in; the guard
    cannot find them out itself.
    """
    git = _Git(repo)
    found = changes(git, base, head)
    secretariat = _record(git, base, f"{owners.FOLDER}/{owners.SECRETARIAT_FILE}", secretariat=True)
    by_secretariat = secretariat.include(author, teams)
    entries = [] if by_secretariat else [c for c in found if not _outside_the_entry(c)]
    # Only a single entry's text is read on: more than one is refused anyway.
    one = entries[0] if len(entries) == 1 else None
    verdict = Verdict()
    text = _data_files(git, found, verdict.refusals, keep=one)
    if by_secretariat:
        verdict.notes.append(
            f"{author} is a member of the secretariat ({owners.FOLDER}/{owners.SECRETARIAT_FILE}), "
            "who may change any file. The files are still checked."
        )
        return verdict
    verdict.refusals += filter(None, map(_outside_the_entry, found))
    if len(entries) > 1:
        verdict.refusals.append(
            f"this pull request changes {len(entries)} signatory files "
            f"({', '.join(c.shown for c in entries)}). Each body changes only its own file: "
            "open one pull request per body."
        )
    for change in entries:
        if change.status != "A":
            verdict.refusals += _ownership(git, base, change, author, teams)
    if one and one.status == "A":
        verdict.refusals += _claims(git, base, one, text)
        if not verdict.refusals:
            verdict.notes.append(
                f"{one.shown} is a new entry. When it is merged, the secretariat records who may "
                f"change it from then on, in {owners.FOLDER}/{_slug(one.path)}.yml "
                f"(owners: [{author or 'the author of this pull request'}])."
            )
    elif one:
        verdict.refusals += _identifier_kept(git, base, one, text)
        verdict.refusals += _history_kept(git, base, one, text)
    return verdict


# Rules for every file in a data folder ------------------------------------------


def _data_files(
    git: _Git, found: list[Change], refusals: list[str], keep: Change | None
) -> str | None:
    """Refuse what is not a plain text file in a data folder; return the text of ``keep``."""
    candidates = []
    for change in found:
        if change.status == "D" or not change.path.startswith(DATA_FOLDERS):
            continue
        refusal = _file_type(change) or _file_name(change)
        if refusal:
            refusals.append(refusal)
        else:
            candidates.append(change)
    sizes = git.sizes(c.blob for c in candidates)
    readable = []
    for change in candidates:
        if sizes[change.blob] > MAX_BYTES:
            refusals.append(
                f"{change.shown} is {sizes[change.blob] / 1024:,.0f} KiB, more than the limit of "
                f"{MAX_BYTES // 1024} KiB, so it was not read. A signatory file is a few "
                "kilobytes: remove what does not belong in it."
            )
        else:
            readable.append(change)
    kept = None
    for change, data in zip(readable, git.blobs(c.blob for c in readable), strict=True):
        text = decode_text(data, change.shown)
        if isinstance(text, Problem):
            refusals.append(f"{change.shown}: {text.message}")
        elif change is keep:
            kept = text
    return kept


def _file_type(change: Change) -> str:
    new = _MODES.get(change.new_mode, f"not an ordinary file (git mode {change.new_mode})")
    if change.new_mode == REGULAR:
        return ""
    if change.new_mode == "100755":
        return (
            f"{change.shown} is marked as executable. Data files are plain text: remove the mark "
            f"with 'git update-index --chmod=-x {change.shown}' and commit again."
        )
    was = (
        f"was an ordinary file and is now {new}"
        if change.status == "T" and change.old_mode == REGULAR
        else f"is {new}"
    )
    what = {
        "120000": "a pointer to another file, which would not be followed",
        "160000": "a pointer to another repository",
    }.get(change.new_mode, "")
    return (
        f"{change.shown} {was}{f' ({what})' if what else ''}. Only ordinary files are accepted "
        "here: put the file itself in its place."
    )


def _file_name(change: Change) -> str:
    if change.path in SECRETARIAT_DATA:
        return ""
    pure = PurePosixPath(change.path)
    if pure.parent.as_posix() + "/" in DATA_FOLDERS and _DATA_NAME.fullmatch(pure.name):
        return ""
    return (
        f"'{change.shown}' is not a usable name. Files here are named with lowercase letters "
        "a to z, digits and hyphens, and end in .yml, such as "
        f"{SIGNATORIES}/example-council.yml: name the file after the body."
    )


# Rules for a pull request from outside the secretariat ----------------------------


def _outside_the_entry(change: Change) -> str:
    """Why a change is not one body's change to its own signatory file; empty if it is."""
    if change.status in "RC":
        return (
            f"{shown(change.old_path)} was {'renamed' if change.status == 'R' else 'copied'} to "
            f"{change.shown}. Files are never renamed: change the file in place, or ask the "
            "secretariat if the body's name changed."
        )
    protected = next((why for prefix, why in PROTECTED if change.path.startswith(prefix)), None)
    if protected:
        return (
            f"{change.shown} cannot be changed in a signatory's pull request: {protected}. "
            "Remove this change from the pull request; to ask for it, open an issue."
        )
    if not _is_signatory_file(change.path):
        return (
            f"{change.shown} is not a signatory file. A signatory's pull request changes only "
            f"its own file in {SIGNATORIES}/; remove this change from the pull request."
        )
    if change.status == "D":
        return (
            f"{change.shown} was deleted. Signatories are never deleted: to leave the code, "
            "add a 'withdrawn:' section with the date and the reason instead."
        )
    return ""


def _is_signatory_file(path: str) -> bool:
    pure = PurePosixPath(path)
    return pure.parent.as_posix() == SIGNATORIES and pure.suffix == ".yml"


def _slug(path: str) -> str:
    return PurePosixPath(path).stem


def _record(git: _Git, rev: str, path: str, secretariat: bool = False) -> owners.Owners:
    """An owner record at a commit; nobody when there is none or it cannot be read."""
    data = git.file_at(rev, path, owners.MAX_BYTES)
    text = decode_text(data, path) if data is not None else None
    if not isinstance(text, str):
        return owners.Owners(())
    record = owners.SECRETARIAT_RECORD if secretariat else owners.OWNER_RECORD
    found = owners.read_owners(text, path, None, record)
    return found if isinstance(found, owners.Owners) else owners.Owners(())


def _ownership(
    git: _Git, base: str, change: Change, author: str | None, teams: Sequence[str]
) -> list[str]:
    record = f"{owners.FOLDER}/{_slug(change.path)}.yml"
    entry_owners = _record(git, base, record)
    if entry_owners.include(author, teams):
        return []
    who = f"this pull request comes from {author}" if author else "no author was given"
    recorded = (
        f"Its recorded owners are {entry_owners} ({record}), and {who}."
        if entry_owners.names
        else f"It has no recorded owners yet, so only the secretariat can change it, and {who}."
    )
    local = "" if author else " (Run the check with --author and your GitHub login.)"
    return [
        f"{change.shown} is an existing entry: only its owners or the secretariat can change it. "
        f"{recorded}{local} If you speak for this body, ask the secretariat to record you as an "
        f"owner: {HOW_TO_ASK}. The secretariat can also make the change for you."
    ]


def _identifier_kept(git: _Git, base: str, change: Change, text: str | None) -> list[str]:
    identifier = _identifier(text, change.path) if text is not None else None
    before_data = git.file_at(base, change.path)
    before = None
    if before_data is not None:
        decoded = decode_text(before_data, change.path)
        before = _identifier(decoded, change.path) if isinstance(decoded, str) else None
    if identifier is None or before is None or before == identifier:
        return []  # the validator reports a file it cannot read
    return [
        f"{change.shown} changes the body's identifier from {before} to {identifier}. "
        "An entry's identifier cannot change; ask the secretariat if it was wrong."
    ]


def _history_kept(git: _Git, base: str, change: Change, text: str | None) -> list[str]:
    """Earlier assessments are a record: a change keeps every one, and a renewal (a new date or
    version in 'assessment') moves the assessment it replaces, unchanged, to the top."""
    before_data = git.file_at(base, change.path)
    before = decode_text(before_data, change.path) if before_data is not None else None
    if text is None or not isinstance(before, str):
        return []
    old, new = _values(before, change.path), _values(text, change.path)
    if not isinstance(old, dict) or not isinstance(new, dict):
        return []  # the validator reports a file it cannot read
    return history_refusals(change.shown, old, new)


def history_refusals(shown_as: str, old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Why ``new`` does not keep the earlier assessments of ``old`` (both a file's values)."""
    old_history, new_history = _assessments(old.get("history")), _assessments(new.get("history"))
    if old_history is None or new_history is None:
        return []  # not a list of sections: the validator reports it
    assessment, renewed = old.get("assessment"), new.get("assessment")
    if not isinstance(assessment, dict) or not isinstance(renewed, dict):
        return []
    key = ("date", "code_version")
    is_renewal = [assessment.get(k) for k in key] != [renewed.get(k) for k in key]
    expected = [assessment, *old_history] if is_renewal else old_history
    if new_history == expected:
        return []
    how = (
        "Earlier assessments are kept as they were filed: put it back as it was. If it is "
        f"wrong, ask the secretariat: {HOW_TO_ASK}."
    )
    refusals = []
    if is_renewal and assessment not in new_history:
        refusals.append(
            f"{shown_as} replaces the assessment of {assessment.get('date')} with a new one "
            "but does not keep it. Move it, unchanged, to the top of 'history:' "
            f"('codemark renew {shown_as}' and the form's renewal do this for you)."
        )
    for position, earlier in enumerate(expected, start=1):
        if earlier in new_history or (is_renewal and position == 1):
            continue  # kept, or the renewed assessment, said above
        same_day = any(h.get("date") == earlier.get("date") for h in new_history)
        what = "changes" if same_day else "removes"
        refusals.append(
            f"{shown_as} {what} the earlier assessment of {earlier.get('date')} in 'history'. "
            + how
        )
    if not refusals:
        added = [h for h in new_history if h not in expected]
        if added:
            refusals.append(
                f"{shown_as} adds an assessment dated {added[0].get('date')} to 'history' "
                "without renewing. Only a renewal adds one: the assessment it replaces."
            )
        else:
            refusals.append(
                f"{shown_as} changes the order of 'history'. Keep it newest first, as it was."
            )
    return refusals


def _assessments(value: Any) -> list[dict[str, Any]] | None:
    if value in (None, ""):
        return []
    if not isinstance(value, list) or not all(isinstance(h, dict) for h in value):
        return None
    return value


def _values(text: str, path: str) -> Any:
    """A file's values as plain data, every scalar as the text written, so that quotes,
    comments and layout do not count as changes."""
    node = parse_yaml(text, path)
    return _plain(node) if isinstance(node, yaml.Node) else None


def _plain(node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        return {str(k.value): _plain(v) for k, v in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item) for item in node.value]
    return str(node.value)


def _claims(git: _Git, base: str, change: Change, text: str | None) -> list[str]:
    """A new file may not take an identifier another entry holds; the rightful body is told how
    to have the secretariat settle it, so the first claim does not lock the identifier."""
    if text is None:
        return []
    identifier, website = _identifier(text, change.path), _field(text, change.path, "website")
    if not identifier:
        return []
    # git grep narrows thousands of files to the few that mention the identifier.
    out = git.run(
        "grep", "-z", "-l", "-F", "-e", identifier, base, "--", f"{SIGNATORIES}/*.yml", ok=(0, 1)
    )
    for found in out.split(b"\0"):
        path = found.decode("utf-8", "backslashreplace").removeprefix(f"{base}:")
        data = git.file_at(base, path) if path and path != change.path else None
        other = decode_text(data, path) if data is not None else None
        if not isinstance(other, str) or _identifier(other, path) != identifier:
            continue
        # The base's list, as everything that judges a pull request is the base's.
        known = git.file_at(base, KNOWN_BODIES)
        body = parse_known_bodies(known.decode("utf-8")).get(identifier) if known else None
        host = (urlsplit(website).hostname or "").lower() if website else ""
        on_domain = body is not None and any(
            host == d or host.endswith("." + d) for d in body.domains
        )
        if on_domain and body is not None:
            return [
                f"{change.shown} gives the identifier {identifier}, which {shown(path)} already "
                f"claims. Your file's website is on {body.name}'s own domain, so if you speak for "
                f"{body.name} and that entry is not yours, ask the secretariat to settle it: "
                f"{HOW_TO_ASK}, naming both files. The secretariat checks with {body.name} and "
                "corrects the register; the first claim does not lock the identifier."
            ]
        return [
            f"{change.shown} gives the identifier {identifier}, which belongs to {shown(path)}. "
            "A body can only sign for itself: correct the identifier. If you speak for that "
            f"body and the other entry is not yours, ask the secretariat: {HOW_TO_ASK}."
        ]
    return []


def _identifier(text: str, path: str) -> str | None:
    return _field(text, path, "identifier")


def _field(text: str, path: str, name: str) -> str | None:
    """A field under ``organisation`` in a signatory file's text, if it can be read."""
    node = parse_yaml(text, path)
    if not isinstance(node, yaml.MappingNode):
        return None
    for key, value in node.value:
        if key.value == "organisation" and isinstance(value, yaml.MappingNode):
            for inner_key, inner in value.value:
                if inner_key.value == name and isinstance(inner, yaml.ScalarNode):
                    return str(inner.value).strip()
    return None
