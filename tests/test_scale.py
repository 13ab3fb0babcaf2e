"""A register of thousands: every signatory exactly once in every output, found by the search
box, and the work shared among processes giving the same files and messages as one process.

One site of 2,000 generated signatories (scripts/generate-signatories) is built for the module,
with the real theme and plugins; its processes share the work as at national scale.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import feedparser
import pytest

from codemark import clock, parallel, urls
from codemark.content import load_code
from codemark.publish import Shell, write_in_parallel
from codemark.signatories import Checker, load_known_bodies
from codemark.site import assemble, site_config
from codemark.text import slugify

from .browser import browser, serve
from .conftest import KNOWN, ROOT, copy_site_sources
from .test_integrity import build, tree_hashes

COUNT = 2000
BODY = re.compile(r'href="(bench-body-\d{5})\.html"')


def generate(count: int, folder: Path) -> Path:
    """``count`` generated signatory files (scripts/generate-signatories) in ``folder``."""
    command = [sys.executable, str(ROOT / "scripts" / "generate-signatories"), str(count)]
    subprocess.run([*command, str(folder)], check=True, capture_output=True)
    return folder


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built with 2,000 generated signatories in place of the samples."""
    root = tmp_path_factory.mktemp("scale")
    config = copy_site_sources(root)
    shutil.rmtree(root / "signatories")
    generate(COUNT, root / "signatories")
    shutil.rmtree(root / "reviews")  # the real review records name the samples
    (root / "reviews").mkdir()
    result = build(config, root / "site")
    assert result.returncode == 0, result.stderr
    assert f"codemark: {COUNT} signatories: {COUNT} pages" in result.stderr
    return root / "site"


@pytest.fixture(scope="module")
def rows(large: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(
        (large / urls.REGISTER_JSON).read_text(encoding="utf-8")
    )["signatories"]
    return rows


def listed(page: Path) -> list[str]:
    """The signatories a register page lists, in order: its table's links."""
    html = page.read_text(encoding="utf-8")
    start = html.find('<table class="cm-table cm-register"')
    return BODY.findall(html[start : html.index("</table>", start)]) if start >= 0 else []


def listing_pages(site: Path) -> dict[str, list[Path]]:
    """Each listing of the register ("" for the whole of it), with its pages in order."""
    found: dict[str, list[tuple[int, Path]]] = {"": [(1, site / "register" / "index.html")]}
    for path in (site / "register").glob("*.html"):
        parts = path.stem.split("--")
        number = int(parts.pop()) if parts[-1].isdigit() else 1
        if len(parts) == 1 and parts[0] == "all":
            found[""].append((number, path))
        elif len(parts) == 2:  # one facet: dimension--key
            found.setdefault("--".join(parts), []).append((number, path))
    return {name: [p for _, p in sorted(pages)] for name, pages in found.items()}


def test_every_signatory_once_in_pages_badges_records_csv(
    large: Path, rows: list[dict[str, Any]]
) -> None:
    slugs = sorted(row["slug"] for row in rows)
    assert len(slugs) == COUNT and len(set(slugs)) == COUNT
    register = large / "register"
    for suffix in (".html", ".svg", ".shields.json", ".json"):
        made = sorted(p.name.removesuffix(suffix) for p in register.glob(f"bench-body-*{suffix}"))
        made = [m for m in made if "." not in m]  # x.shields.json is not a record
        assert made == slugs, suffix
    for slug in slugs[:: COUNT // 20]:  # the records are each one's own
        record = json.loads((register / f"{slug}.json").read_text(encoding="utf-8"))
        assert record["slug"] == slug
    with (large / urls.REGISTER_CSV).open(encoding="utf-8", newline="") as handle:
        pages = [row["page"].rsplit("/", 1)[1] for row in csv.DictReader(handle)]
    assert sorted(pages) == [f"{slug}.html" for slug in slugs]


def test_every_signatory_once_in_the_register_and_in_each_of_its_facets(
    large: Path, rows: list[dict[str, Any]]
) -> None:
    pages = listing_pages(large)
    whole = [slug for page in pages[""] for slug in listed(page)]
    assert whole == [row["slug"] for row in rows]  # once each, in the register's order
    expected: dict[str, Counter[str]] = {}
    for row in rows:
        keys = [f"kind--{row['kind']}", f"status--{row['status']}"]
        keys += [f"area--{slugify(area)}" for area in row["areas"]]
        if row["status"] == "renewal-due":
            keys.append("status--current")  # the current facet includes them
        if row["status"] in ("current", "renewal-due"):
            keys.append(f"level--{row['level'] or 'none'}")
        if row["status"] in ("withdrawn", "suspended"):
            keys.append("status--former")
        for key in keys:
            expected.setdefault(key, Counter())[row["slug"]] += 1
    found = {
        name: Counter(slug for page in facet_pages for slug in listed(page))
        for name, facet_pages in pages.items()
        if name
    }
    assert {k: v for k, v in found.items() if v} == expected
    assert len(found) >= 10


def test_the_feed_holds_the_newest_once_each(large: Path, rows: list[dict[str, Any]]) -> None:
    feed = feedparser.parse((large / urls.FEED).read_text(encoding="utf-8"))
    links = [entry.link for entry in feed.entries]
    assert len(links) == 50 == len(set(links))
    newest = sorted(rows, key=lambda r: (r["assessed_on"], r["slug"]), reverse=True)[:50]
    assert set(links) == {row["page"] for row in newest}


def test_search_holds_every_signatory_once(large: Path, rows: list[dict[str, Any]]) -> None:
    docs = json.loads((large / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    entries = Counter(d["location"] for d in docs if d["location"].startswith("register/bench-"))
    pages = Counter(urls.signatory_page(row["slug"]) for row in rows)
    assert entries == pages
    by_location = {d["location"]: d for d in docs}
    for row in rows[:: COUNT // 20]:
        doc = by_location[urls.signatory_page(row["slug"])]
        assert doc["title"] == row["name"]
        assert all(area in doc["text"] for area in row["areas"])


def test_the_search_box_finds_a_signatory_beyond_the_registers_first_page(
    large: Path, rows: list[dict[str, Any]]
) -> None:
    first_page = set(listed(large / "register" / "index.html"))
    wanted = rows[-1]  # the last in the register's order, pages after the first
    assert wanted["slug"] not in first_page
    with serve(large) as base, browser() as launched:
        page = launched.new_page()
        page.goto(base + "register/", wait_until="networkidle")
        page.keyboard.press("/")  # the theme's shortcut to its search box
        page.keyboard.type(wanted["name"])
        # The first result; the theme adds ?h=the+words to its link. A locator, as the
        # results are drawn again while they come in.
        first = page.locator(".md-search-result__item:first-child a")
        href = f'[href*="/register/{wanted["slug"]}.html?"]'
        page.wait_for_selector(f".md-search-result__item:first-child a{href}", timeout=60_000)
        assert wanted["name"] in first.inner_text()
        first.click()
        page.wait_for_load_state("load")
        assert f"/register/{wanted['slug']}.html" in page.url
        assert wanted["name"] in page.inner_text("h1")
        page.close()


# What the processes do, against one process -------------------------------


def test_files_checked_in_processes_give_the_messages_of_one_process_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Valid and invalid files, and two that claim one body, in runs across processes."""
    folder = generate(40, tmp_path / "signatories")
    for number, path in enumerate(sorted(folder.iterdir())):
        text = path.read_text(encoding="utf-8")
        if number % 5 == 1:  # claims the body the first file claims: each is told
            text = re.sub(r"(?m)^  identifier: .*$", "  identifier: ZZ-BENCH-00001", text)
        if number % 3 == 0:
            text = text.replace("status: met", "status: done", 1)
        if number % 7 == 0:
            text = text.replace("\n  name:", "\n  nmae:", 1)
        path.write_text(text, encoding="utf-8")
    files = [(p, p.name) for p in sorted(folder.iterdir())]
    code = load_code(ROOT / "code")

    def checked() -> list[tuple[str, bool, list[str]]]:
        checker = Checker(code, load_known_bodies(KNOWN), clock.today())
        return [
            (r.path, r.valid, [p.located() for p in r.problems]) for r in checker.check_files(files)
        ]

    alone = checked()
    monkeypatch.setattr(parallel, "workers_for", lambda items: 2)
    shared = checked()
    assert shared == alone
    assert any(problems for _, _, problems in alone) and any(valid for _, valid, _ in alone)


def test_pages_written_by_processes_are_those_one_process_writes(tmp_path: Path) -> None:
    site = assemble(site_config(ROOT))
    site.shell = Shell("<html><head><title>x</title></head><body>", "</body></html>")

    def outputs(part: int, parts: int) -> Any:
        return site.outputs(site.shell, "Site", part, parts)  # type: ignore[arg-type]

    counts = {
        workers: write_in_parallel(tmp_path / str(workers), outputs, workers) for workers in (1, 2)
    }
    assert counts[1] == counts[2] and counts[1]["page"] == len(site.register.entries)
    assert tree_hashes(tmp_path / "1") == tree_hashes(tmp_path / "2")


def test_a_part_that_fails_stops_the_work_and_says_why() -> None:
    def divide(number: int) -> float:
        return 1 / (number - 2)

    assert parallel.map_forked(divide, [0, 1, 3], 2) == [-0.5, -1.0, 1.0]
    with pytest.raises(RuntimeError, match=r"(?s)part 2 of 4 failed.*ZeroDivisionError"):
        parallel.map_forked(divide, [0, 1, 2, 3], 2)
