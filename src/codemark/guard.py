"""The pull-request guard: what a pull request from outside the secretariat may change.

A public body's pull request may add or change exactly one signatory file.
Everything else (review records, the code, other bodies' files, templates,
workflows, CODEOWNERS) is the secretariat's, and files are never renamed or
deleted. Run on a pull request's base and head commits.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import yaml

from codemark.load import parse_yaml

SIGNATORIES = "signatories"
# Paths only the secretariat changes, and why, in the words a refusal uses.
PROTECTED = (
    ("reviews/", "review records are kept by the secretariat"),
    ("code/", "the code is changed only by the secretariat, with notice to signatories"),
    (".github/", "workflows and templates are maintained by the secretariat"),
    ("CODEOWNERS", "CODEOWNERS is maintained by the secretariat"),
    ("signatories/signatory.schema.json", "the schema is generated from the code"),
    ("signatories/README.md", "the folder's README is maintained by the secretariat"),
)


@dataclass(frozen=True)
class Change:
    status: str  # A, M, D, R (git's letters)
    path: str
    old_path: str = ""


def changes(repo: Path, base: str, head: str) -> list[Change]:
    """What changed between two commits, renames detected."""
    output = _git(repo, "diff", "--name-status", "-M", "-z", f"{base}...{head}")
    fields = output.split("\0")
    result, i = [], 0
    while i < len(fields) - 1:
        status = fields[i]
        if status.startswith(("R", "C")):
            result.append(Change(status[0], fields[i + 2], fields[i + 1]))
            i += 3
        else:
            result.append(Change(status[0], fields[i + 1]))
            i += 2
    return result


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    ).stdout


def identifier_at(repo: Path, rev: str, path: str) -> str | None:
    """The organisation identifier a signatory file gives at a commit, if it can be read."""
    try:
        text = _git(repo, "show", f"{rev}:{path}")
    except subprocess.CalledProcessError:
        return None
    node = parse_yaml(text, path)
    if not isinstance(node, yaml.MappingNode):
        return None
    for key, value in node.value:
        if key.value == "organisation" and isinstance(value, yaml.MappingNode):
            for inner_key, inner in value.value:
                if inner_key.value == "identifier" and isinstance(inner, yaml.ScalarNode):
                    return str(inner.value).strip()
    return None


def _is_signatory_file(path: str) -> bool:
    pure = PurePosixPath(path)
    return pure.parent.as_posix() == SIGNATORIES and pure.suffix == ".yml"


def check(repo: Path, base: str, head: str) -> list[str]:
    """Every reason the pull request from base to head cannot be accepted; empty if none."""
    found = changes(repo, base, head)
    refusals: list[str] = []
    signatory_changes = []
    for change in found:
        if change.status == "R":
            refusals.append(
                f"{change.old_path} was renamed to {change.path}. Files are never renamed: "
                "change the file in place, or ask the secretariat if the body's name changed."
            )
            continue
        protected = next((why for prefix, why in PROTECTED if change.path.startswith(prefix)), None)
        if protected:
            refusals.append(
                f"{change.path} cannot be changed in a signatory's pull request: {protected}. "
                "Remove this change from the pull request; to ask for it, open an issue."
            )
        elif not _is_signatory_file(change.path):
            refusals.append(
                f"{change.path} is not a signatory file. A signatory's pull request changes only "
                "its own file in signatories/; remove this change from the pull request."
            )
        elif change.status == "D":
            refusals.append(
                f"{change.path} was deleted. Signatories are never deleted: to leave the code, "
                "add a 'withdrawn:' section with the date and the reason instead."
            )
        else:
            signatory_changes.append(change)
    if len(signatory_changes) > 1:
        names = ", ".join(c.path for c in signatory_changes)
        refusals.append(
            f"this pull request changes {len(signatory_changes)} signatory files ({names}). "
            "Each body changes only its own file: open one pull request per body."
        )
    for change in signatory_changes:
        refusals += _identity(repo, base, head, change)
    return refusals


def _identity(repo: Path, base: str, head: str, change: Change) -> list[str]:
    identifier = identifier_at(repo, head, change.path)
    if identifier is None:
        return []  # the validator reports a file it cannot read
    if change.status == "M":
        before = identifier_at(repo, base, change.path)
        if before is not None and before != identifier:
            return [
                f"{change.path} changes the body's identifier from {before} to {identifier}. "
                "An entry's identifier cannot change; ask the secretariat if it was wrong."
            ]
    others = [
        path
        for path in _git(repo, "ls-tree", "--name-only", f"{base}:{SIGNATORIES}").split()
        if f"{SIGNATORIES}/{path}" != change.path and path.endswith(".yml")
    ]
    for other in others:
        if identifier_at(repo, base, f"{SIGNATORIES}/{other}") == identifier:
            return [
                f"{change.path} gives the identifier {identifier}, which belongs to "
                f"{SIGNATORIES}/{other}. A body can only sign for itself: correct the identifier, "
                "or change that body's own file if you speak for it."
            ]
    return []
