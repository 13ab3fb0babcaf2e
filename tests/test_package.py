"""codemark is a real package: `python -m build` makes a wheel that, installed into a fresh
virtual environment, builds the London site and a site made by `codemark init`, with nothing
else from this repository.

The wheel is built from a copy of what a source distribution holds (pyproject.toml, the
README, the licence, the changelog and src/), so nothing outside those can slip into it.
The fresh environment gets its dependencies (mkdocs, the theme, jinja2...) from this
checkout's pinned environment through a .pth file, which puts that environment's
site-packages on the path without running its .pth files: the editable install of
codemark there is never activated, and the test checks that codemark is imported from the
wheel. Installing the dependencies afresh from the index would take longer than the rest
of the test together and need the network.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from datetime import date
from pathlib import Path

import pytest

from codemark import __version__, urls
from codemark.site import assemble, site_config

from .conftest import ROOT, SITE_EPOCH

# What a site of its own holds: its settings, content and records, never src/ or scripts/.
LONDON_SITE = ("mkdocs.yml", "code", "docs", "theme", "signatories", "reviews", "owners", "data")


def run(*command: str | Path, cwd: Path) -> str:
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "SOURCE_DATE_EPOCH": SITE_EPOCH,
        "NO_MKDOCS_2_WARNING": "1",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
    result = subprocess.run(
        [str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, f"{command}:\n{result.stdout}\n{result.stderr}"
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The wheel, and a fresh virtual environment with it installed: (wheel, python)."""
    work = tmp_path_factory.mktemp("package")
    source = work / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE", "CHANGELOG.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(
        ROOT / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
    )
    dist = work / "dist"
    run(sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", dist, ".",
        cwd=source)  # fmt: skip
    (wheel,) = dist.glob("codemark-*.whl")

    venv = work / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=work)
    python = venv / "bin" / "python"
    run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index",
        "--quiet", wheel, cwd=work)  # fmt: skip
    purelib = Path(
        run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=work)
        .strip()
        .splitlines()[-1]
    )
    (purelib / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    # mkdocs' command, as pip writes it for an installed mkdocs.
    mkdocs = venv / "bin" / "mkdocs"
    mkdocs.write_text(f"#!{python}\nfrom mkdocs.__main__ import cli\ncli()\n")
    mkdocs.chmod(0o755)
    return wheel, python


def test_the_wheel_holds_the_engine_and_nothing_of_a_site(fresh: tuple[Path, Path]) -> None:
    wheel, python = fresh
    assert wheel.name.startswith(f"codemark-{__version__}-")
    names = set(zipfile.ZipFile(wheel).namelist())
    for inside in (
        "codemark/templates/fragments/register.html",
        "codemark/theme/main.html",
        "codemark/theme/assets/javascripts/codemark-rules.js",
        "codemark/theme/assets/javascripts/sign-form.js",
        "codemark/theme/assets/stylesheets/codemark.css",
        "codemark/skeleton/dot-github/workflows/pull-request.yml",
        "codemark/data/badge-font.json",
        "codemark/signatories/json_schema.py",
    ):
        assert inside in names, inside
    assert not [n for n in names if "known-bodies" in n or n.startswith("codemark/code/")]
    where = run(python, "-c", "import codemark; print(codemark.__file__)", cwd=wheel.parent)
    assert str(python.parent.parent) in where and str(ROOT / "src") not in where


def test_the_wheel_builds_the_london_site(fresh: tuple[Path, Path], tmp_path: Path) -> None:
    _, python = fresh
    for name in LONDON_SITE:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, tmp_path / name)
        else:
            shutil.copy(ROOT / name, tmp_path / name)
    # A strict build checks every signatory file too: an error or a warning stops it.
    run(python.parent / "mkdocs", "build", "--strict", "--quiet", cwd=tmp_path)
    # The same register as this checkout's own code makes of the same files.
    config = site_config(ROOT, site_url="https://commissioning-code.example.org/")
    expected = assemble(config, date(2026, 11, 25)).data[urls.REGISTER_JSON]
    built = tmp_path / "site" / urls.REGISTER_JSON
    assert built.read_text(encoding="utf-8") == expected


def test_the_wheel_starts_a_new_code_and_its_make_test_passes(
    fresh: tuple[Path, Path], tmp_path: Path
) -> None:
    _, python = fresh
    folder = tmp_path / "fair-tenancy-charter"
    run(python, "-m", "codemark", "init", folder, "--name", "Fair Tenancy Charter",
        "--levels", "Committed, Exemplary", "--no-areas", cwd=tmp_path)  # fmt: skip
    # The new site's own Makefile, on the fresh environment as if it had installed it.
    venv = python.parent.parent
    (venv / ".installed").touch()
    out = run("make", "--no-print-directory", "test", f"VENV={venv}", cwd=folder)
    assert "OK: 1 signatory file is valid." in out
    assert (venv / "test-site" / "register" / "index.html").is_file()
