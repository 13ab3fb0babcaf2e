"""codemark as an engine for any code: a site made by `codemark init`, and a second code,
deliberately unlike London's, each built end to end.

The second code (tests/data/second-code/) has two levels rather than three, employers
rather than public bodies, no areas, assessments current for 24 months rather than 12,
criteria that allow no "not applicable", and its own words for a signatory's identifier.
Each site is built once for the module, strictly.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import shutil
from datetime import date
from pathlib import Path

import pytest

from codemark import cli
from codemark.content import load_code
from codemark.init import Choices, InitError, init_site
from codemark.signatories import Checker

from .conftest import DATA, Recorder
from .test_workflows import actionlint

SECOND = DATA / "second-code"
TODAY = date(2026, 11, 25)  # conftest.SITE_EPOCH
# What the issue asks `codemark init` to write, at the least.
WRITTEN = [
    "mkdocs.yml", "code/index.md", "docs/index.md", "docs/how-to-sign.md", "docs/about.md",
    "signatories/signatory.schema.json", ".github/workflows/publish.yml",
    ".github/workflows/pull-request.yml", ".github/workflows/renewals.yml", "CODEOWNERS",
    "Makefile", "README.md", "requirements.txt", "owners/_secretariat.yml",
]  # fmt: skip


def build(config: Path, site: Path) -> list[str]:
    """Build a site strictly; return what it logged as warnings or errors."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    recorder = Recorder()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(recorder)
    try:
        mkdocs_build(load_config(str(config), site_dir=str(site), strict=True))
    finally:
        logger.removeHandler(recorder)
    return recorder.messages


@pytest.fixture(scope="module")
def initialised(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[str]]:
    """A site made by `codemark init` with every default, and that site built."""
    folder = tmp_path_factory.mktemp("init") / "fair-tenancy-charter"
    init_site(folder, Choices(name="Fair Tenancy Charter", today=TODAY))
    site = folder.parent / "site"
    return folder, site, build(folder / "mkdocs.yml", site)


@pytest.fixture(scope="module")
def second(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The second code's site, built strictly with no warning."""
    folder = tmp_path_factory.mktemp("second") / "code"
    shutil.copytree(SECOND, folder, ignore=shutil.ignore_patterns("invalid"))
    site = folder.parent / "site"
    assert build(folder / "mkdocs.yml", site) == []
    return site


# codemark init ----------------------------------------------------------------------


def test_init_writes_a_whole_site_that_builds_strictly(
    initialised: tuple[Path, Path, list[str]],
) -> None:
    folder, site, logged = initialised
    for path in WRITTEN:
        assert (folder / path).is_file(), path
    assert len(list((folder / "code").glob("0*.md"))) == 2
    assert len(list((folder / "signatories").glob("*.yml"))) == 1
    assert logged == []
    studies = (site / "case-studies" / "index.html").read_text(encoding="utf-8")
    assert "No case studies have been published yet." in studies
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Fair Tenancy Charter" in home
    for level in ("Foundation", "Established", "Leading"):
        assert level in home
    register = json.loads((site / "data" / "register.json").read_text(encoding="utf-8"))
    assert [e["name"] for e in register["signatories"]] == ["Example Public body"]
    # Its top level awaits the secretariat's review, as init's index asks.
    assert register["signatories"][0]["level"] == "established"


def test_init_site_passes_its_own_checks(
    initialised: tuple[Path, Path, list[str]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder, _, _ = initialised
    monkeypatch.chdir(folder)
    assert cli.main(["validate"]) == 0
    assert "OK: 1 signatory file is valid." in capsys.readouterr().out
    assert actionlint(*sorted((folder / ".github" / "workflows").glob("*.yml"))) == (0, [])
    assert "codemark[mkdocs]==" in (folder / "requirements.txt").read_text(encoding="utf-8")


def test_init_asks_nothing_and_refuses_what_would_not_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine")
    assert cli.main(["init", str(tmp_path / "taken"), "--name", "A Charter"]) == 1
    assert "is not empty" in capsys.readouterr().err
    with pytest.raises(InitError, match="--levels needs one or more different names"):
        init_site(tmp_path / "new", Choices(name="A Charter", levels=("Gold", "gold")))
    assert not (tmp_path / "new").exists()


# The second code ----------------------------------------------------------------------


def test_second_code_register_levels_and_validity(second: Path) -> None:
    register = json.loads((second / "data" / "register.json").read_text(encoding="utf-8"))
    entries = {e["name"]: e for e in register["signatories"]}
    assert list(entries) == ["Example Employer", "Sample Employment Agency", "Specimen Employer"]
    assert entries["Example Employer"]["level"] == "exemplary"  # reviewed, as its top level asks
    assert entries["Specimen Employer"]["level"] == "committed"
    # 24 months, not 12: assessed on 2 June 2025, still current; 1 March 2024, lapsed.
    assert entries["Specimen Employer"]["current_to"] == "2027-06-01"
    assert entries["Sample Employment Agency"]["status"] == "lapsed"
    assert register["counts"]["levels"] == {"committed": 1, "exemplary": 1, "none": 0}
    assert (
        "areas"
        not in json.loads(
            (second / "schema" / "signatory.schema.json").read_text(encoding="utf-8")
        )["properties"]["organisation"]["properties"]
    )


def test_second_code_pages_badges_and_open_data(second: Path) -> None:
    listing = (second / "register" / "index.html").read_text(encoding="utf-8")
    assert "Specimen Employer" in listing and "Employment agency" in listing
    # Its own words for who signs; no areas to narrow by.
    assert "Every employer that has signed the code" in listing
    assert "No real employer is listed yet." in listing
    assert "kind of body,\nlevel or status" in listing and "public bod" not in listing
    page = (second / "register" / "specimen-employer.html").read_text(encoding="utf-8")
    assert "Employer. Signed the code" in page  # no areas: nothing said of them
    for level in ("committed", "exemplary"):
        badge = (second / "badges" / f"{level}.svg").read_text(encoding="utf-8")
        assert f"Employer Pledge: {level.title()} level" in badge
    assert "lapsed" in (second / "register" / "sample-employment-agency.svg").read_text()
    rows = list(csv.DictReader(io.StringIO((second / "data" / "register.csv").read_text())))
    assert [r["level"] for r in rows] == ["exemplary", "", "committed"]
    feed = (second / "data" / "feed.xml").read_text(encoding="utf-8")
    assert feed.count("<entry>") == 3 and "Employer Pledge" in feed


def test_second_code_form_and_templates_follow_its_rules(second: Path) -> None:
    data = json.loads((second / "sign" / "form-data.json").read_text(encoding="utf-8"))
    organisation = next(p for p in data["file"]["props"] if p["name"] == "organisation")
    fields = [p["name"] for p in organisation["field"]["props"]]
    assert fields == ["name", "kind", "identifier", "website", "contact"]
    assert data["identifier_example"] == "GB-COH-00000006"
    form = (second / "sign" / "form" / "index.html").read_text(encoding="utf-8")
    assert "GB-COH and your Companies House number" in form and "Areas you serve" not in form
    # Criterion 1.2 applies to employers only, so the agencies' template leaves it out.
    sign = second / "sign"
    assert '"1.2":' in (sign / "template-employer.yml").read_text(encoding="utf-8")
    assert '"1.2":' not in (sign / "template-employment-agency.yml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "path", sorted((SECOND / "invalid").glob("*.yml")), ids=lambda p: p.name.split("--")[1]
)
def test_second_code_messages(path: Path, tmp_path: Path) -> None:
    """Each invalid file gives exactly its messages, in the second code's own words."""
    target = tmp_path / "specimen-employer.yml"
    shutil.copy(path, target)
    checker = Checker(load_code(SECOND / "code"), {}, TODAY)
    result = checker.check_file(target, "signatories/specimen-employer.yml")
    expected = Path(f"{path}.expected").read_text(encoding="utf-8").splitlines()
    assert [p.located() for p in result.problems] == expected


def test_second_code_statistics(second: Path) -> None:
    page = (second / "statistics" / "index.html").read_text(encoding="utf-8")
    assert "Levels held, by kind of body" in page and "Employment agency" in page
    assert "Where signatories work" not in page  # no areas, so nothing by area
    figures = second / "data" / "statistics"
    assert sorted(p.name for p in figures.iterdir()) == [
        "criteria-met.csv", "levels-by-kind.csv", "signatories-by-month.csv",
    ]  # fmt: skip
    levels = list(csv.reader(io.StringIO((figures / "levels-by-kind.csv").read_text())))
    assert levels[0][1:3] == ["no_level_yet", "committed"] and levels[0][3] == "exemplary"
    assert [row[0] for row in levels[1:]] == ["employer", "employment-agency"]
