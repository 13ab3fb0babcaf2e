"""Broken and hostile inputs: each gets a located message, a non-zero exit, no traceback,
and leaves no site output behind."""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from codemark.cli import main

from .conftest import copy_site_sources

CORPUS = Path(__file__).parent / "hostile"
SIGNATORIES = sorted((CORPUS / "signatories").iterdir())
CASE_STUDIES = sorted((CORPUS / "case-studies").iterdir())


def installed(path: Path) -> str:
    """Corpus files are named "<name>--<case>.ext" and used as "<name>.ext"."""
    return path.name.split("--")[0] + path.suffix


def test_the_corpus_is_large_enough() -> None:
    assert len(SIGNATORIES) + len(CASE_STUDIES) >= 60
    assert len(CASE_STUDIES) >= 10


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_site_sources(tmp_path_factory.mktemp("project")).parent


def build_with(
    project: Path, folder: str, corpus_file: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> tuple[Path, list[str]]:
    """Build the real site with one corpus file in place of its namesake; restore it after."""
    target = project / folder / installed(corpus_file)
    original = target.read_bytes() if target.exists() else None
    shutil.copyfile(corpus_file, target)
    site = tmp_path / "site"
    try:
        with pytest.raises(MkDocsException):  # mkdocs reports these without a traceback
            build(load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=True))
    finally:
        if original is None:
            target.unlink()
        else:
            target.write_bytes(original)
    return site, [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


@pytest.mark.allow_log
@pytest.mark.parametrize("path", SIGNATORIES, ids=lambda p: p.name.split("--")[1])
def test_hostile_signatory(
    path: Path,
    project: Path,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    name = installed(path)
    folder = tmp_path / "signatories"
    shutil.copytree(project / "signatories", folder)  # beside the others: clashes show
    shutil.copyfile(path, folder / name)
    # The command itself, in this process: anything it did not foresee ends in status 2 with
    # "something went wrong", so status 1 means every problem was one it reports.
    status = main(["--code", str(project / "code"), "validate", str(folder)])
    out, err = capsys.readouterr()
    assert status == 1, out + err
    assert "Traceback" not in out + err and "went wrong" not in err
    assert re.search(rf"{re.escape(name)}:\d+:\d+: (?!warning)", out), out

    site, messages = build_with(project, "signatories", path, tmp_path, caplog)
    assert any(re.match(rf"signatories/{re.escape(name)}:\d+", m) for m in messages), messages
    assert not site.exists()


@pytest.mark.allow_log
@pytest.mark.parametrize("path", CASE_STUDIES, ids=lambda p: p.name.split("--")[1])
def test_hostile_case_study(
    path: Path, project: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    site, messages = build_with(project, "docs/case-studies", path, tmp_path, caplog)
    name = installed(path)
    assert any(re.match(rf"docs/case-studies/{re.escape(name)}:\d+", m) for m in messages), messages
    assert not site.exists()
