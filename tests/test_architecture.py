"""The shape of the code: the core stays free of mkdocs, and lint and types are clean."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT

PACKAGE = ROOT / "src" / "codemark"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_only_the_plugin_imports_mkdocs() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if (PACKAGE / "mkdocs") in path.parents:
            continue
        if any(name == "mkdocs" or name.startswith("mkdocs.") for name in imported_modules(path)):
            offenders.append(path.relative_to(ROOT).as_posix())
    assert offenders == []


def test_the_plugin_is_registered_and_enabled() -> None:
    from importlib.metadata import entry_points

    plugins = {ep.name: ep.value for ep in entry_points(group="mkdocs.plugins")}
    assert plugins["codemark"] == "codemark.mkdocs.plugin:CodemarkPlugin"
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - codemark:" in config and "custom_dir: theme" in config


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def test_ruff_finds_nothing() -> None:
    result = run(sys.executable, "-m", "ruff", "check", "src", "tests", "scripts")
    assert result.returncode == 0, result.stdout + result.stderr
    result = run(sys.executable, "-m", "ruff", "format", "--check", "src", "tests", "scripts")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing() -> None:
    result = run(sys.executable, "-m", "mypy")
    assert result.returncode == 0, result.stdout + result.stderr
