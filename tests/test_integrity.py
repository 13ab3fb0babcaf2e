"""Integrity of the build: reproducible, complete, and all-or-nothing."""

from __future__ import annotations

import hashlib
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


def test_two_builds_of_one_commit_are_byte_identical(tmp_path: Path) -> None:
    config = copy_site_sources(tmp_path / "src")
    first, second = build(config, tmp_path / "one"), build(config, tmp_path / "two")
    assert first.returncode == second.returncode == 0, first.stderr
    one, two = tree_hashes(tmp_path / "one"), tree_hashes(tmp_path / "two")
    assert len(one) > 100
    assert one == two


@pytest.mark.allow_log
def test_the_build_reports_one_of_everything_per_signatory(tmp_path: Path) -> None:
    config = copy_site_sources(tmp_path / "src")
    result = build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    count = len(list((tmp_path / "src" / "signatories").glob("*.yml")))
    assert (
        f"codemark: {count} signatories: {count} pages, {count} badges, {count} JSON records, "
        f"{count} CSV rows" in result.stderr
    )


def test_an_invalid_signatory_leaves_the_previous_site_untouched(tmp_path: Path) -> None:
    config = copy_site_sources(tmp_path / "src")
    site = tmp_path / "site"
    assert build(config, site).returncode == 0
    before = tree_hashes(site)
    bad = tmp_path / "src" / "signatories" / "demo-housing-association.yml"
    bad.write_text(bad.read_text("utf-8").replace("status: met", "status: done", 1), "utf-8")
    result = build(config, site)
    assert result.returncode == 1
    assert "signatories/demo-housing-association.yml:" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_hashes(site) == before
