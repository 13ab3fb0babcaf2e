"""Pull requests as an attacker would send them, judged by scripts/check-pull-request on a
real git repository: the base revision's guard and validator, then the head's own build."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from codemark.renew import renew
from codemark.text import slugify

from .conftest import ROOT

SCRIPT = ROOT / "scripts" / "check-pull-request"
SECRETARIAT = "secretariat-clerk"
OWNER = "dha-officer"  # the recorded owner of the demo housing association's entry
SAMPLE = "signatories/demo-housing-association.yml"
ASK = "open an issue with the 'Ownership of an entry' form"
# An owner's everyday change to its entry (a renewal is tested on its own: it keeps history).
EDIT = ("  by: Director of Communities", "  by: Director of Housing")
# Greenwich's name with Kensington and Chelsea's identifier.
SQUAT = (
    "greenwich-borough-council",
    "Greenwich Borough Council",
    "GB-LAE-KEC",
    "royalgreenwich.gov.uk",
)


@dataclass
class Result:
    status: int
    out: str


class Repo:
    """A repository like ours: main at the base commit, a proposal branch to commit to."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.base = ""  # the first commit on main

    def git(self, *args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(self.path), "-c", "user.email=a@b.c", "-c", "user.name=A", *args],
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    def start(self) -> None:
        """Back to the base: main as first committed, a fresh proposal branch, a clean tree."""
        self.git("update-ref", "refs/heads/main", self.base)
        self.git("checkout", "-q", "-f", "-B", "proposal", self.base)
        self.git("clean", "-q", "-f", "-d", "-x")

    def commit(self) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", "change")

    def file(self, path: str) -> Path:
        return self.path / path

    def edit(self, path: str, old: str, new: str) -> None:
        text = self.file(path).read_text("utf-8")
        assert old in text, f"{old!r} not in {path}"
        self.file(path).write_text(text.replace(old, new, 1), "utf-8")

    def check(
        self,
        author: str | None,
        *options: str,
        base: str = "main",
        build: bool = False,
        env: dict[str, str] | None = None,
    ) -> Result:
        """Run the script as the workflow does; the pull request is main...proposal."""
        command = [sys.executable, "-I", str(SCRIPT), base, "proposal", *options]
        command += ["--author", author] if author else []
        command += [] if build else ["--no-build"]
        # One stream, in order, as a workflow's log has it.
        result = subprocess.run(
            command,
            cwd=self.path,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            check=False,
            env={**os.environ, **(env or {})},
        )
        assert "Traceback" not in result.stdout, result.stdout
        return Result(result.returncode, result.stdout)


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    """One repository for the module: this checkout's code and content as the base commit."""
    path = tmp_path_factory.mktemp("repo")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in (
        "src",
        "code",
        "docs",
        "theme",
        "signatories",
        "reviews",
        "owners",
        "scripts",
        "data",
    ):
        shutil.copytree(ROOT / name, path / name, ignore=ignore)
    for name in ("mkdocs.yml", "pyproject.toml", "CODEOWNERS"):
        shutil.copy(ROOT / name, path / name)
    shutil.copytree(ROOT / "requirements", path / "requirements")
    shutil.copytree(ROOT / ".github", path / ".github")
    (path / "owners" / "_secretariat.yml").write_text(
        f"team: commissioning-code/secretariat\nmembers: [{SECRETARIAT}]\n", "utf-8"
    )
    (path / "owners" / "demo-housing-association.yml").write_text(
        f"owners: [{OWNER}]\nrecorded: 2026-03-01\n", "utf-8"
    )
    repo = Repo(path)
    repo.git("init", "-q", "-b", "main")
    repo.commit()
    repo.base = repo.git("rev-parse", "HEAD").strip()
    return repo


@pytest.fixture
def repo(made: Repo) -> Iterator[Repo]:
    made.start()
    yield made


def new_body(repo: Repo, slug: str, name: str, identifier: str, domain: str = "") -> str:
    """A new signatory file made from the demo sample; returns its path."""
    text = repo.file(SAMPLE).read_text("utf-8")
    text = text.replace("Demo Housing Association", name).replace("ZZ-DEMO-DHA", identifier)
    if domain:
        text = text.replace("demonstration: true\n", "").replace("demo-housing.example", domain)
        text = text.replace("kind: housing-association", "kind: local-authority")
    path = f"signatories/{slug}.yml"
    repo.file(path).write_text(text, "utf-8")
    return path


# Ownership ---------------------------------------------------------------------


def test_an_owner_renews_their_own_entry(repo: Repo) -> None:
    # As 'codemark renew' does: the assessment of 1 March moves into the history.
    renewed = renew(repo.file(SAMPLE).read_text("utf-8"), date(2026, 11, 2), "1.0.0")
    repo.file(SAMPLE).write_text(renewed.text, "utf-8")
    repo.commit()
    result = repo.check(OWNER)
    assert result.status == 0, result.out
    assert "OK: what this pull request changes, its author may change." in result.out
    assert "OK: All 8 signatory files are valid." in result.out
    assert "This pull request can be merged" in result.out


def test_a_renewal_that_loses_the_earlier_assessment_is_refused(repo: Repo) -> None:
    repo.edit(SAMPLE, "  date: 2026-03-01", "  date: 2026-11-02")
    repo.commit()
    result = repo.check(OWNER)
    assert result.status == 1
    assert (
        f"{SAMPLE} replaces the assessment of 2026-03-01 with a new one but does not keep it. "
        "Move it, unchanged, to the top of 'history:'"
    ) in result.out


def test_an_earlier_assessment_is_changed_only_by_the_secretariat(repo: Repo) -> None:
    renewed = renew(repo.file(SAMPLE).read_text("utf-8"), date(2026, 11, 2), "1.0.0")
    repo.file(SAMPLE).write_text(renewed.text, "utf-8")
    repo.commit()
    repo.git("update-ref", "refs/heads/main", "HEAD")  # the renewal was merged
    repo.edit(
        SAMPLE,
        "  - code_version: 1.0.0\n    date: 2026-03-01",
        "  - code_version: 1.0.0\n    date: 2026-02-20",
    )
    repo.commit()
    result = repo.check(OWNER)
    assert result.status == 1
    assert f"{SAMPLE} removes the earlier assessment of 2026-03-01 in 'history'." in result.out
    assert repo.check(SECRETARIAT).status == 0


CHANGES = {
    "withdrawn": ("assessment:", "withdrawn:\n  date: 2026-10-01\n  reason: Closed.\nassessment:"),
    "downgraded": ("status: met\n", "status: not-met\n"),
    "evidence elsewhere": ("www.demo-housing.example", "www.elsewhere.example"),
}


@pytest.mark.parametrize("how", CHANGES)
def test_someone_else_cannot_change_an_entry(repo: Repo, how: str) -> None:
    repo.edit(SAMPLE, *CHANGES[how])
    repo.commit()
    result = repo.check("a-stranger")
    assert result.status == 1
    assert (
        f"{SAMPLE} is an existing entry: only its owners or the secretariat can change it. "
        f"Its recorded owners are {OWNER} (owners/demo-housing-association.yml), and this pull "
        "request comes from a-stranger. If you speak for this body, ask the secretariat to "
        f"record you as an owner: {ASK}" in result.out
    )


def test_an_entry_without_a_recorded_owner_is_the_secretariats(repo: Repo) -> None:
    repo.edit("signatories/example-borough-council.yml", "status: met\n", "status: not-met\n")
    repo.commit()
    result = repo.check(OWNER)
    assert result.status == 1
    assert "It has no recorded owners yet, so only the secretariat can change it" in result.out


def test_without_an_author_nobody_owns_anything(repo: Repo) -> None:
    repo.edit(SAMPLE, *EDIT)
    repo.commit()
    result = repo.check(None)
    assert result.status == 1 and "Run the check with --author" in result.out


def test_a_team_counts_when_the_author_is_known_to_be_in_it(repo: Repo) -> None:
    repo.file("owners/demo-housing-association.yml").write_text("owners: [demo-housing/officers]\n")
    repo.commit()
    repo.git("update-ref", "refs/heads/main", "HEAD")  # the secretariat recorded the team
    repo.edit(SAMPLE, *EDIT)
    repo.commit()
    assert repo.check("a-colleague").status == 1
    assert repo.check("a-colleague", "--team", "Demo-Housing/Officers").status == 0


def test_anyone_may_add_a_new_entry_and_is_told_how_it_will_be_owned(repo: Repo) -> None:
    new_body(repo, "new-example-trust", "New Example Trust", "ZZ-DEMO-NET")
    repo.commit()
    result = repo.check("a-stranger")
    assert result.status == 0, result.out
    assert (
        "Note: signatories/new-example-trust.yml is a new entry. When it is merged, the "
        "secretariat records who may change it from then on, in "
        "owners/new-example-trust.yml (owners: [a-stranger])." in result.out
    )


def test_an_owner_may_change_nothing_else(repo: Repo) -> None:
    repo.edit(SAMPLE, *EDIT)
    for path in (
        "reviews/demo-housing-association.yml",
        "owners/demo-housing-association.yml",
        "code/01-needs-and-assets.md",
        "data/known-bodies.yml",
        ".github/workflows/pull-request.yml",
        ".github/PULL_REQUEST_TEMPLATE.md",
        "CODEOWNERS",
        "docs/about.md",
    ):
        target = repo.file(path)
        target.write_text((target.read_text("utf-8") if target.exists() else "") + "\n# x\n")
    repo.commit()
    result = repo.check(OWNER)
    assert result.status == 1
    for reason in (
        "reviews/demo-housing-association.yml cannot be changed in a signatory's pull request: "
        "review records are kept by the secretariat",
        "owners/demo-housing-association.yml cannot be changed in a signatory's pull request: "
        "the records of who may change each entry are kept by the secretariat",
        "code/01-needs-and-assets.md cannot be changed in a signatory's pull request: the code",
        "data/known-bodies.yml cannot be changed in a signatory's pull request: the site's own "
        "data, such as its list of known bodies, is kept by the secretariat",
        ".github/workflows/pull-request.yml cannot be changed in a signatory's pull request",
        ".github/PULL_REQUEST_TEMPLATE.md cannot be changed in a signatory's pull request",
        "CODEOWNERS cannot be changed in a signatory's pull request",
        "docs/about.md is not a signatory file.",
    ):
        assert reason in result.out
    assert "(8 reasons above)" in result.out


def test_one_signatory_file_per_pull_request(repo: Repo) -> None:
    new_body(repo, "new-example-trust", "New Example Trust", "ZZ-DEMO-NET")
    repo.edit(SAMPLE, *EDIT)
    repo.commit()
    result = repo.check(OWNER)
    assert result.status == 1
    assert (
        "this pull request changes 2 signatory files (signatories/demo-housing-association.yml, "
        "signatories/new-example-trust.yml). Each body changes only its own file: open one pull "
        "request per body." in result.out
    )


def test_files_are_never_renamed_or_deleted(repo: Repo) -> None:
    repo.git("mv", "signatories/example-borough-council.yml", "signatories/example-borough.yml")
    repo.file("signatories/sample-town-council.yml").unlink()
    repo.commit()
    result = repo.check(OWNER)
    assert result.status == 1
    assert (
        "signatories/example-borough-council.yml was renamed to signatories/example-borough.yml"
        in result.out
    )
    assert (
        "signatories/sample-town-council.yml was deleted. Signatories are never deleted: to leave "
        "the code, add a 'withdrawn:' section with the date and the reason instead." in result.out
    )


def test_the_secretariat_may_change_anything(repo: Repo) -> None:
    repo.edit(SAMPLE, "status: met\n", "status: not-met\n")
    repo.edit("reviews/example-borough-council.yml", "outcome: verified", "outcome: suspended")
    repo.file("owners/example-borough-council.yml").write_text("owners: [ebc-officer]\n")
    repo.file("signatories/sample-town-council.yml").unlink()
    repo.commit()
    assert repo.check(SECRETARIAT).status == 0
    by_team = repo.check("new-member", "--team", "commissioning-code/secretariat")
    assert by_team.status == 0, by_team.out
    assert "is a member of the secretariat" in by_team.out


# Identity -------------------------------------------------------------------------


def test_an_identifier_is_claimed_only_under_its_bodys_known_name(repo: Repo) -> None:
    path = new_body(repo, *SQUAT)
    repo.commit()
    result = repo.check("a-stranger")
    assert result.status == 1
    assert (
        f"{path}:4:1: organisation › name: GB-LAE-KEC is the identifier of Royal Borough of "
        "Kensington and Chelsea, so the name must be 'Royal Borough of Kensington and Chelsea', "
        "not 'Greenwich Borough Council'." in result.out
    )


def test_a_squatted_identifier_is_not_locked(repo: Repo) -> None:
    # A squat merged before names were checked against the known list.
    new_body(repo, *SQUAT)
    repo.commit()
    repo.git("update-ref", "refs/heads/main", "HEAD")
    rbkc = "Royal Borough of Kensington and Chelsea"
    real = new_body(repo, slugify(rbkc), rbkc, "GB-LAE-KEC", "rbkc.gov.uk")
    repo.commit()
    result = repo.check("rbkc-officer")
    assert result.status == 1
    assert (
        f"{real} gives the identifier GB-LAE-KEC, which signatories/greenwich-borough-council.yml "
        "already claims. Your file's website is on Royal Borough of Kensington and Chelsea's own "
        "domain, so if you speak for Royal Borough of Kensington and Chelsea and that entry is "
        f"not yours, ask the secretariat to settle it: {ASK}" in result.out
    )
    assert "the first claim does not lock the identifier" in result.out
    # The secretariat settles it: the squat goes, the real body's file comes in.
    repo.file("signatories/greenwich-borough-council.yml").unlink()
    repo.commit()
    settled = repo.check(SECRETARIAT)
    assert settled.status == 0, settled.out


def test_an_entrys_identifier_cannot_change(repo: Repo) -> None:
    repo.edit(SAMPLE, "ZZ-DEMO-DHA", "ZZ-DEMO-DHX")
    repo.commit()
    result = repo.check(OWNER)
    assert result.status == 1
    assert "changes the body's identifier from ZZ-DEMO-DHA to ZZ-DEMO-DHX" in result.out


def test_two_racing_claims(repo: Repo) -> None:
    """Two new files claim one identifier. The second passes against the base it started from;
    once the first is merged, it is refused, so branch protection must require branches to be
    up to date (README.md)."""
    new_body(repo, "first-claim-trust", "First Claim Trust", "ZZ-DEMO-RACE")
    repo.commit()
    first = repo.git("rev-parse", "HEAD").strip()
    repo.git("checkout", "-q", "-B", "proposal", "main")
    new_body(repo, "second-claim-trust", "Second Claim Trust", "ZZ-DEMO-RACE")
    repo.commit()
    assert repo.check("second").status == 0  # against the old base: it cannot know
    repo.git("update-ref", "refs/heads/main", first)  # the first is merged
    result = repo.check("second")
    assert result.status == 1
    assert (
        "signatories/second-claim-trust.yml gives the identifier ZZ-DEMO-RACE, which belongs to "
        "signatories/first-claim-trust.yml." in result.out
    )
    repo.git("merge", "-q", "--no-edit", "main")  # brought up to date, the validator sees both
    result = repo.check("second")
    assert result.status == 1
    assert "ZZ-DEMO-RACE is also claimed by signatories/first-claim-trust.yml" in result.out


# Trusted checks ---------------------------------------------------------------------


def accept_everything(repo: Repo) -> dict[str, str]:
    """Make the pull request's own checker pass anything, by every route into Python."""
    repo.edit(
        "src/codemark/cli.py",
        "def main(argv: Sequence[str] | None = None) -> int:\n",
        "def main(argv: Sequence[str] | None = None) -> int:\n    return 0\n",
    )
    repo.edit(
        "src/codemark/guard.py",
        "    git = _Git(repo)\n",
        "    return Verdict()\n    git = _Git(repo)\n",
    )
    repo.file("src/sitecustomize.py").write_text("print('THE HEAD RAN')\n")
    # As if the pull request's package were installed, or on the path.
    return {"PYTHONPATH": str(repo.file("src"))}


def test_a_checker_that_accepts_everything_is_not_used(repo: Repo) -> None:
    env = accept_everything(repo)
    repo.file("docs/about.md").write_text("Anything.\n")
    repo.commit()
    result = repo.check("a-stranger", env=env)
    assert result.status == 1
    assert "src/codemark/cli.py cannot be changed in a signatory's pull request" in result.out
    assert "docs/about.md is not a signatory file." in result.out
    assert "THE HEAD RAN" not in result.out


def test_a_checker_that_accepts_everything_does_not_let_an_invalid_file_in(repo: Repo) -> None:
    env = accept_everything(repo)
    path = new_body(repo, "new-example-trust", "New Example Trust", "ZZ-DEMO-NET")
    repo.edit(path, "status: met\n", "status: brilliant\n")
    repo.commit()
    result = repo.check(SECRETARIAT, env=env)  # even the secretariat's own is checked
    assert result.status == 1
    assert f"{path}:" in result.out and "'brilliant'" in result.out
    assert "THE HEAD RAN" not in result.out


def test_the_head_is_built_with_its_own_code_and_warnings_fail(repo: Repo) -> None:
    repo.edit(
        "src/codemark/mkdocs/plugin.py",
        "    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:\n",
        "    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:\n"
        "        print('::notice title=Secretariat::Approved', flush=True)\n"
        "        log.warning('built by the head')\n",
    )
    repo.commit()
    result = repo.check(SECRETARIAT, "--format", "github", build=True)
    assert result.status == 1
    assert "built by the head" in result.out and "The site did not build" in result.out
    # What the pull request's own code prints cannot pass for the checks' annotations.
    assert "::notice title=Secretariat::Approved" in result.out
    assert [c for c in workflow_commands(result.out) if c[0] == "notice"] == [
        ("notice", {"title": "Pull request guard"}, f"{SECRETARIAT} is a member of the "
         "secretariat (owners/_secretariat.yml), who may change any file. The files are still "
         "checked.")
    ]  # fmt: skip


# Paths and files ----------------------------------------------------------------------


def test_links_submodules_and_other_file_tricks(repo: Repo) -> None:
    """Refused whoever proposes them, the secretariat included, each with its reason."""
    signatories = repo.file("signatories")
    (signatories / "passwd.yml").symlink_to("/etc/passwd")
    (signatories / "zero.yml").symlink_to("/dev/zero")
    (signatories / "folder.yml").symlink_to("../code")
    repo.file(SAMPLE).unlink()
    repo.file(SAMPLE).symlink_to("example-borough-council.yml")  # a type change
    repo.file("signatories/sample-town-council.yml").chmod(0o755)  # a mode change
    repo.file("signatories/binary.yml").write_bytes(b"organisation:\n  name: \xff\xfe\x00\x01\n")
    with repo.file("signatories/huge.yml").open("wb") as huge:
        huge.write(b"# " + b"x" * (20 * 1024 * 1024) + b"\n")
    repo.git("add", "-A")
    commit = repo.git("rev-parse", "HEAD").strip()
    repo.git("update-index", "--add", "--cacheinfo", f"160000,{commit},signatories/module.yml")
    repo.git("commit", "-q", "-m", "tricks")
    result = repo.check(SECRETARIAT)
    assert result.status == 1
    for reason in (
        "signatories/passwd.yml is a symbolic link (a pointer to another file, which would not "
        "be followed). Only ordinary files are accepted here",
        "signatories/zero.yml is a symbolic link",
        "signatories/folder.yml is a symbolic link",
        f"{SAMPLE} was an ordinary file and is now a symbolic link",
        "signatories/module.yml is a submodule (a pointer to another repository)",
        "signatories/sample-town-council.yml is marked as executable. Data files are plain text: "
        "remove the mark with 'git update-index --chmod=-x signatories/sample-town-council.yml'",
        "signatories/binary.yml: the file is not UTF-8 text: the byte 0xff at column 9 cannot be "
        "read. Save the file as UTF-8.",
        "signatories/huge.yml is 20,480 KiB, more than the limit of 256 KiB, so it was not read.",
    ):
        assert reason in result.out
    assert "root:" not in result.out  # nothing of /etc/passwd is shown


def test_odd_file_names_are_named_as_they_are(repo: Repo) -> None:
    cyrillic = "signatories/islingt\u043en.yml"
    new_body(repo, "islingt\u043en", "Islington Trust", "ZZ-DEMO-ISL")
    repo.file("signatories/line\nbreak.yml").write_text("x: 1\n")
    repo.commit()
    result = repo.check(SECRETARIAT)
    assert result.status == 1
    assert f"'{cyrillic}' is not a usable name. Files here are named with lowercase" in result.out
    assert "'signatories/line\\nbreak.yml' is not a usable name." in result.out


# Output escaping ------------------------------------------------------------------------


def workflow_commands(output: str) -> list[tuple[str, dict[str, str], str]]:
    """The workflow commands GitHub's runner would find in the output, reading it as it does:
    (command, properties, message), unescaped."""
    commands, paused_until = [], ""
    for line in output.splitlines():
        line = line.lstrip()  # the runner ignores leading spaces
        if paused_until:
            paused_until = "" if line == f"::{paused_until}::" else paused_until
        elif line.startswith("::stop-commands::"):
            paused_until = line.removeprefix("::stop-commands::")
        elif found := re.match(r"::([^ :]+) ?(.*?)::(.*)", line):
            name, properties, message = found.groups()
            pairs = (p.split("=", 1) for p in properties.split(",") if p)
            commands.append((name, {k: unescape(v) for k, v in pairs}, unescape(message)))
        else:
            assert "##[" not in line, line  # the runner's older syntax
    return commands


def unescape(text: str) -> str:
    for escaped, plain in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, plain)
    return text


def test_values_cannot_become_workflow_commands(repo: Repo) -> None:
    injected = "::notice title=Secretariat::Approved by the secretariat"
    path = new_body(repo, "new-example-trust", "New Example Trust", "ZZ-DEMO-NET")
    repo.edit(path, "demonstration: true", f'demonstration: "yes\\n{injected}"')
    repo.file(f"signatories/x\n{injected}.yml").write_text("x: 1\n")
    repo.commit()
    result = repo.check(SECRETARIAT, "--format", "github")
    assert result.status == 1
    commands = workflow_commands(result.out)
    # Only our annotations, each with its own title; the values are inside them.
    assert {name for name, _, _ in commands} == {"error", "notice"}, commands
    assert {props["title"] for _, props, _ in commands} == {
        "Pull request guard",
        "Signatory file check",
    }
    messages = [message for _, _, message in commands]
    assert f"demonstration: expected true or false, found 'yes\n{injected}'." in messages
    assert any(
        m.startswith(f"'signatories/x\\n{injected}.yml' is not a usable name") for m in messages
    )
    assert f"found 'yes\n{injected}'" in result.out  # in the plain summary, paused
