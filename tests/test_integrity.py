"""Integrity of the build: reproducible, complete, and all-or-nothing."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import SITE_EPOCH, copy_site_sources


def build(config: Path, site: Path, epoch: str = SITE_EPOCH) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)],
        capture_output=True,
        text=True,
        check=False,
        env={"SOURCE_DATE_EPOCH": epoch, "NO_MKDOCS_2_WARNING": "1", "PATH": ""},
    )


def tree_hashes(site: Path) -> dict[str, str]:
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """One build, as CI runs it: (its sources' mkdocs.yml, its site, what it logged)."""
    root = tmp_path_factory.mktemp("integrity")
    config = copy_site_sources(root / "src")
    result = build(config, root / "one")
    assert result.returncode == 0, result.stderr
    return config, root / "one", result.stderr


def test_two_builds_of_one_commit_are_byte_identical(
    first: tuple[Path, Path, str], tmp_path: Path
) -> None:
    config, one, _ = first
    assert build(config, tmp_path / "two").returncode == 0
    hashes = tree_hashes(one)
    assert len(hashes) > 100
    assert hashes == tree_hashes(tmp_path / "two")


@pytest.mark.allow_log
def test_the_build_reports_one_of_everything_per_signatory(first: tuple[Path, Path, str]) -> None:
    config, _, logged = first
    count = len(list((config.parent / "signatories").glob("*.yml")))
    assert (
        f"codemark: {count} signatories: {count} pages, {count} badges, {count} JSON records, "
        f"{count} CSV rows" in logged
    )


def test_an_invalid_signatory_leaves_the_previous_site_untouched(
    first: tuple[Path, Path, str], tmp_path: Path
) -> None:
    shutil.copytree(first[0].parent, tmp_path / "src")
    shutil.copytree(first[1], tmp_path / "site")  # the previous site, as published
    config, site = tmp_path / "src" / "mkdocs.yml", tmp_path / "site"
    before = tree_hashes(site)
    bad = tmp_path / "src" / "signatories" / "demo-housing-association.yml"
    bad.write_text(bad.read_text("utf-8").replace("status: met", "status: done", 1), "utf-8")
    result = build(config, site)
    assert result.returncode == 1
    assert "signatories/demo-housing-association.yml:" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_hashes(site) == before
