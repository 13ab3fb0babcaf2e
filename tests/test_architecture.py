"""The shape of the code: the core stays free of mkdocs, and lint and types are clean."""

from __future__ import annotations

import ast
import re
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


# London and its 32 boroughs (the City of London is named by the first word), each
# written as places are, so that a word inside another (Brentford) is not taken for one.
LONDON = (
    "London", "Barking", "Dagenham", "Barnet", "Bexley", "Brent", "Bromley", "Camden",
    "Croydon", "Ealing", "Enfield", "Greenwich", "Hackney", "Hammersmith", "Fulham",
    "Haringey", "Harrow", "Havering", "Hillingdon", "Hounslow", "Islington", "Kensington",
    "Chelsea", "Kingston upon Thames", "Lambeth", "Lewisham", "Merton", "Newham", "Redbridge",
    "Richmond upon Thames", "Southwark", "Sutton", "Tower Hamlets", "Waltham Forest",
    "Wandsworth", "Westminster",
)  # fmt: skip
LONDON_WORD = re.compile(r"\b(?:" + "|".join(LONDON) + r")\b", re.IGNORECASE)


def test_the_engine_knows_nothing_of_london() -> None:
    """Everything London's own is in the London site's files, never in the package: a word
    for London or one of its boroughs anywhere in src/codemark/ (code, templates, theme,
    data) fails this, in any case and whole words only."""
    found = []
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_dir() or "__pycache__" in path.parts:
            continue
        text = path.read_bytes().decode("utf-8", "replace")
        for number, line in enumerate(text.splitlines(), start=1):
            if match := LONDON_WORD.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {match.group()}")
    assert found == []


def test_the_check_of_london_words_finds_them() -> None:
    assert LONDON_WORD.search("as the London Borough of Islington says")
    assert LONDON_WORD.search("a mailbox at tower hamlets")
    assert not LONDON_WORD.search("Brentford and Suttonian")


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
