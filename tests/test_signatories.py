"""Signatory files: valid examples pass, each invalid example gives exactly its messages."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from codemark import clock
from codemark.content import load_code
from codemark.signatories import (
    Checker,
    json_schema,
    load_known_bodies,
    load_reviews,
    signatory_files,
)

from .conftest import DATA, ROOT

TODAY = date(2026, 6, 30)
EXAMPLES = DATA / "signatories"


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(load_code(DATA / "code"), load_known_bodies(), TODAY)


def invalid_cases() -> list[Path]:
    return sorted(p for p in (EXAMPLES / "invalid").iterdir() if p.suffix in (".yml", ".yaml"))


def installed_name(path: Path) -> str:
    """Examples named ``slug--case.yml`` are checked as ``slug.yml``."""
    return path.name.split("--")[0] + ".yml" if "--" in path.name else path.name


@pytest.mark.parametrize("path", invalid_cases(), ids=lambda p: p.name)
def test_each_invalid_file_gives_its_exact_messages(
    path: Path, checker: Checker, tmp_path: Path
) -> None:
    name = installed_name(path)
    shutil.copy(path, tmp_path / name)
    result = checker.check_file(tmp_path / name, f"signatories/{name}")
    expected = Path(f"{path}.expected").read_text(encoding="utf-8").splitlines()
    assert [p.located() for p in result.problems] == expected
    warnings_only = all(p.severity == "warning" for p in result.problems)
    assert result.valid == warnings_only


def test_valid_examples_are_valid_and_read_as_written(checker: Checker) -> None:
    files = signatory_files([EXAMPLES / "valid"])
    results = checker.check_files([(f, f.name) for f in files])
    assert [(r.path, r.problems) for r in results if r.problems] == []
    by_name = {r.path: r.signatory for r in results}
    icb = by_name["nhs-north-central-london-integrated-care-board.yml"]
    assert icb is not None
    assert [(a.criterion.id, a.status, a.note) for a in icb.answers] == [
        ("1.1", "met", None),
        ("1.10", "n/a", "No"),  # 1.10 is not 1.1, and "No" is not false
        ("2.1", "not-met", None),
    ]
    assert icb.decision is None  # a blank optional field is simply not given
    no = by_name["no.yml"]
    assert no is not None and no.organisation.name == "No"


def test_two_files_claiming_one_identifier(checker: Checker, tmp_path: Path) -> None:
    source = (EXAMPLES / "valid" / "no.yml").read_text(encoding="utf-8")
    (tmp_path / "no.yml").write_text(source, encoding="utf-8")
    (tmp_path / "yes.yml").write_text(source.replace("name: No", "name: Yes"), encoding="utf-8")
    files = signatory_files([tmp_path])
    results = checker.check_files([(f, f"signatories/{f.name}") for f in files])
    assert [p.located() for r in results for p in r.problems] == [
        "signatories/no.yml:7:1: organisation › identifier: ZZ-DEMO-NO is also claimed by "
        "signatories/yes.yml. Each body has one file: keep the body's details in one of them, "
        "and correct the identifier in the other.",
        "signatories/yes.yml:7:1: organisation › identifier: ZZ-DEMO-NO is also claimed by "
        "signatories/no.yml. Each body has one file: keep the body's details in one of them, "
        "and correct the identifier in the other.",
    ]
    assert [r.valid for r in results] == [False, False]


def test_the_real_signatories_are_valid_demonstrations() -> None:
    code = load_code(ROOT / "code")
    checker = Checker(code, load_known_bodies(), clock.today())
    files = signatory_files([ROOT / "signatories"])
    results = checker.check_files([(f, f.name) for f in files])
    assert [p.located() for r in results for p in r.problems] == []
    signatories = [r.signatory for r in results if r.signatory]
    assert len(signatories) >= 6
    assert all(s.demonstration for s in signatories)
    assert any(s.withdrawn_on for s in signatories)
    lapsed = [s for s in signatories if (clock.today() - s.assessed_on).days > 366]
    assert lapsed, "one sample should have an expired assessment"
    assert {s.organisation.kind.id for s in signatories} >= {
        "local-authority",
        "nhs-commissioner",
        "housing-association",
    }
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=signatory.schema.json", path.name


def test_review_records_are_checked() -> None:
    code = load_code(ROOT / "code")
    slugs = ["example-borough-council", "example-care-partnership"]
    reviews, problems = load_reviews(ROOT / "reviews", lambda p: p.name, code, slugs, clock.today())
    assert problems == []
    assert reviews["example-borough-council"][-1].outcome == "verified"
    assert reviews["example-care-partnership"][-1].outcome == "suspended"
    _, problems = load_reviews(ROOT / "reviews", lambda p: p.name, code, slugs[:1], clock.today())
    assert [p.message for p in problems] == [
        "there is no signatory file example-care-partnership.yml for this review record. "
        "Name the record after the signatory's file."
    ]


def test_the_committed_schema_is_generated_from_the_code() -> None:
    committed = json.loads((ROOT / "signatories" / "signatory.schema.json").read_text("utf-8"))
    assert committed == json_schema(load_code(ROOT / "code")), "run: codemark schema"
    assert committed["$schema"] == "http://json-schema.org/draft-07/schema#"


def check_jsonschema(schema: Path, *files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema), *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_jsonschema_accepts_every_valid_sample(tmp_path: Path) -> None:
    real = sorted((ROOT / "signatories").glob("*.yml"))
    result = check_jsonschema(ROOT / "signatories" / "signatory.schema.json", *real)
    assert result.returncode == 0, result.stdout + result.stderr
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps(json_schema(load_code(DATA / "code"))), encoding="utf-8")
    # The ICB example writes 1.1 and 1.10 unquoted: codemark reads them as
    # written, but YAML 1.2 tools read both as the number 1.1, so it is left out.
    plain = [
        p
        for p in sorted((EXAMPLES / "valid").glob("*.yml"))
        if "integrated-care-board" not in p.name
    ]
    result = check_jsonschema(schema, *plain)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_carries_the_evidence_rules(tmp_path: Path) -> None:
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps(json_schema(load_code(DATA / "code"))), encoding="utf-8")
    for case in ("missing-url", "na-not-allowed", "unknown-status", "unknown-key"):
        bad = EXAMPLES / "invalid" / f"london-borough-of-islington--{case}.yml"
        assert check_jsonschema(schema, bad).returncode == 1, case
