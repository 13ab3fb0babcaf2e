"""The pull-request guard, against real git repositories."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from codemark.guard import check

from .conftest import ROOT


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository like ours, with a base commit on main and a branch checked out."""
    for name in ("code", "signatories", "reviews", "docs"):
        shutil.copytree(ROOT / name, tmp_path / name)
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "pull-request.yml").write_text("on: pull_request\n")
    (tmp_path / "CODEOWNERS").write_text("* @secretariat\n")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "-c", "user.email=a@b.c", "-c", "user.name=A", "add", "-A")
    git(tmp_path, "-c", "user.email=a@b.c", "-c", "user.name=A", "commit", "-qm", "base")
    git(tmp_path, "checkout", "-q", "-b", "proposal")
    return tmp_path


def commit(repo: Path) -> list[str]:
    git(repo, "add", "-A")
    git(repo, "-c", "user.email=a@b.c", "-c", "user.name=A", "commit", "-qm", "change")
    return check(repo, "main", "HEAD")


def sample(repo: Path, name: str = "demo-housing-association") -> Path:
    return repo / "signatories" / f"{name}.yml"


def new_body(repo: Path, name: str, identifier: str) -> None:
    text = sample(repo).read_text("utf-8")
    text = text.replace("Demo Housing Association", name.replace("-", " ").title())
    sample(repo, name).write_text(text.replace("ZZ-DEMO-DHA", identifier), "utf-8")


def test_adding_one_signatory_file_is_allowed(repo: Path) -> None:
    new_body(repo, "new-example-trust", "ZZ-DEMO-NET")
    assert commit(repo) == []


def test_changing_ones_own_file_is_allowed(repo: Path) -> None:
    path = sample(repo)
    path.write_text(path.read_text("utf-8").replace("date: 2026-03-01", "date: 2026-03-02"))
    assert commit(repo) == []


def test_withdrawing_is_a_change_to_ones_own_file(repo: Path) -> None:
    path = sample(repo)
    path.write_text(path.read_text("utf-8") + "withdrawn:\n  date: 2026-10-01\n  reason: Closed.\n")
    assert commit(repo) == []


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("reviews/demo-housing-association.yml", "review records are kept by the secretariat"),
        ("code/01-needs-and-assets.md", "the code is changed only by the secretariat"),
        (".github/workflows/pull-request.yml", "workflows and templates are maintained by"),
        (".github/PULL_REQUEST_TEMPLATE.md", "workflows and templates are maintained by"),
        ("CODEOWNERS", "CODEOWNERS is maintained by the secretariat"),
        ("docs/about.md", "is not a signatory file"),
    ],
)
def test_protected_paths_are_refused(repo: Path, path: str, reason: str) -> None:
    target = repo / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text((target.read_text("utf-8") if target.exists() else "") + "\n# changed\n")
    refusals = commit(repo)
    assert len(refusals) == 1 and path in refusals[0] and reason in refusals[0], refusals


def test_changing_two_signatory_files_is_refused(repo: Path) -> None:
    new_body(repo, "new-example-trust", "ZZ-DEMO-NET")
    path = sample(repo)
    path.write_text(path.read_text("utf-8").replace("date: 2026-03-01", "date: 2026-03-02"))
    refusals = commit(repo)
    assert len(refusals) == 1
    assert "changes 2 signatory files" in refusals[0] and "one pull request per body" in refusals[0]


def test_renaming_is_refused(repo: Path) -> None:
    git(repo, "mv", "signatories/demo-housing-association.yml", "signatories/demo-housing.yml")
    refusals = commit(repo)
    assert len(refusals) == 1 and "was renamed to signatories/demo-housing.yml" in refusals[0]


def test_deleting_is_refused(repo: Path) -> None:
    sample(repo).unlink()
    refusals = commit(repo)
    assert len(refusals) == 1 and "add a 'withdrawn:' section" in refusals[0]


def test_taking_another_bodys_identifier_is_refused(repo: Path) -> None:
    new_body(repo, "new-example-trust", "ZZ-DEMO-EXB")
    refusals = commit(repo)
    assert refusals == [
        "signatories/new-example-trust.yml gives the identifier ZZ-DEMO-EXB, which belongs to "
        "signatories/example-borough-council.yml. A body can only sign for itself: correct the "
        "identifier, or change that body's own file if you speak for it."
    ]


def test_changing_an_identifier_is_refused(repo: Path) -> None:
    path = sample(repo)
    path.write_text(path.read_text("utf-8").replace("ZZ-DEMO-DHA", "ZZ-DEMO-DHX"))
    refusals = commit(repo)
    assert len(refusals) == 1 and "changes the body's identifier from ZZ-DEMO-DHA" in refusals[0]


def test_the_command_says_why_and_exits_1(repo: Path) -> None:
    (repo / "reviews" / "demo-housing-association.yml").write_text("reviews: []\n")
    git(repo, "add", "-A")
    git(repo, "-c", "user.email=a@b.c", "-c", "user.name=A", "commit", "-qm", "x")
    import sys

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "codemark",
            "guard",
            "--repo",
            str(repo),
            "--github",
            "main",
            "HEAD",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout.startswith("::error title=Pull request guard::reviews/demo-housing")
