"""Shared fixtures. Any warning logged during a test fails it, unless the test expects it."""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from .browser import browser, serve

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
# The London site's list of known bodies, which its checks are made against.
KNOWN = ROOT / "data" / "known-bodies.yml"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
# Every build and check in the tests happens on 25 November 2026, so that what
# the samples show (current, lapsed, due for renewal) does not drift with time.
SITE_EPOCH = "1795564800"
os.environ["SOURCE_DATE_EPOCH"] = SITE_EPOCH


@pytest.fixture(autouse=True)
def no_unexpected_warnings(
    caplog: pytest.LogCaptureFixture, request: pytest.FixtureRequest
) -> Iterator[None]:
    """Fail a test that logs a warning or error it did not ask for with @pytest.mark.allow_log."""
    caplog.set_level(logging.INFO)
    yield
    if request.node.get_closest_marker("allow_log"):
        return
    unexpected = [
        f"{record.levelname} {record.name}: {record.getMessage()}"
        for record in caplog.get_records("call")
        if record.levelno >= logging.WARNING
    ]
    assert not unexpected, "unexpected log messages:\n" + "\n".join(unexpected)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "allow_log: the test expects warnings or errors in the log")


class Recorder(logging.Handler):
    """Keeps the warnings and errors a build logs."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname} {record.name}: {record.getMessage()}")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """The real content, built once with --strict for every test that only reads the site;
    with the warnings the build logged."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = tmp_path_factory.mktemp("built")
    config = copy_site_sources(root)
    recorder = Recorder()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(recorder)
    try:
        build(load_config(str(config), site_dir=str(root / "site"), strict=True))
    finally:
        logger.removeHandler(recorder)
    return root / "site", recorder.messages


@pytest.fixture(scope="module")
def site(built_site: tuple[Path, list[str]]) -> Path:
    """The real site's folder (built once, see built_site)."""
    return built_site[0]


@pytest.fixture(scope="module")
def chromium(site: Path) -> Iterator[tuple[Browser, str]]:
    """The real site served, and one Chromium for the whole module: each test opens its own
    pages or context. A module that needs another site defines its own."""
    with serve(site) as base, browser() as launched:
        yield launched, base


def copy_site_sources(destination: Path) -> Path:
    """Copy what a build reads (config, content, theme) into ``destination``; return mkdocs.yml."""
    for name in ("code", "docs", "theme", "signatories", "reviews", "data"):
        shutil.copytree(ROOT / name, destination / name)
    shutil.copy(ROOT / "mkdocs.yml", destination / "mkdocs.yml")
    return destination / "mkdocs.yml"
