"""`mkdocs serve` rebuilds when the code, a page or the theme changes."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import copy_site_sources


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def wait_for(url: str, text: str, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in fetch(url):
            return True
        time.sleep(0.5)
    return False


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    config = copy_site_sources(tmp_path)
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "serve",
            "--livereload",
            "-f",
            str(config),
            "-a",
            f"127.0.0.1:{port}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        assert wait_for(url, "Commissioning"), "mkdocs serve did not start"
        yield tmp_path, url
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_serve_rebuilds_on_changes_to_code_docs_signatories_and_theme(
    served: tuple[Path, str],
) -> None:
    root, url = served
    principle = next((root / "code").glob("04-*.md"))
    text = principle.read_text(encoding="utf-8")
    principle.write_text(text.replace("title: ", "title: Edited ", 1), encoding="utf-8")
    assert wait_for(url + f"code/{principle.stem}/", "Edited ")

    about = root / "docs" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nA sentence added while serving.\n")
    assert wait_for(url + "about/", "A sentence added while serving.")

    signatory = root / "signatories" / "demo-housing-association.yml"
    text = signatory.read_text(encoding="utf-8")
    signatory.write_text(text.replace("by: Director of Communities", "by: Chief Executive"))
    assert wait_for(url + "register/demo-housing-association.html", "Chief Executive")

    # The site's own theme folder (custom_dir) replaces the engine's colours.
    colours = root / "theme" / "assets" / "stylesheets" / "codemark-site.css"
    colours.write_text(colours.read_text(encoding="utf-8") + "\n/* Theme edited */\n")
    assert wait_for(url + "assets/stylesheets/codemark-site.css", "Theme edited")
