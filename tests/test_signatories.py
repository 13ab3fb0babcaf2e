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
from codemark.fingerprint import review_hash
from codemark.signatories import (
    Checker,
    json_schema,
    load_known_bodies,
    load_reviews,
    signatory_files,
)

from .conftest import DATA, KNOWN, ROOT

TODAY = date(2026, 6, 30)
EXAMPLES = DATA / "signatories"


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(load_code(DATA / "code"), load_known_bodies(KNOWN), TODAY)


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
    checker = Checker(code, load_known_bodies(KNOWN), clock.today())
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


def test_the_sample_reviews_cover_their_files_as_they_are() -> None:
    code = load_code(ROOT / "code")
    checker = Checker(code, load_known_bodies(KNOWN), clock.today())
    for path in sorted((ROOT / "reviews").glob("*.yml")):
        signatory = checker.check_file(ROOT / "signatories" / path.name, path.name).signatory
        assert signatory is not None
        reviews, _ = load_reviews(ROOT / "reviews", str, code, [signatory.slug], clock.today())
        verified = [r for r in reviews[signatory.slug] if r.outcome == "verified"]
        assert verified and all(r.reviewed == review_hash(signatory) for r in verified), path.name


def test_a_verified_review_must_name_what_it_reviewed(tmp_path: Path) -> None:
    code = load_code(ROOT / "code")
    (tmp_path / "example-borough-council.yml").write_text(
        "reviews:\n  - date: 2026-05-06\n    outcome: verified\n    by: Panel\n"
        "    level: leading\n  - date: 2026-05-07\n    outcome: verified\n    by: Panel\n"
        "    reviewed: sha256:abc\n",
        encoding="utf-8",
    )
    _, problems = load_reviews(tmp_path, lambda p: p.name, code, ["example-borough-council"], TODAY)
    assert [p.message for p in problems] == [
        "reviews › item 2 › reviewed: 'sha256:abc' is not a review hash: 'sha256:' and 64 "
        "letters and digits, as 'codemark review-hash' prints it.",
    ]
    (tmp_path / "example-borough-council.yml").write_text(
        "reviews:\n  - date: 2026-05-06\n    outcome: verified\n    by: Panel\n",
        encoding="utf-8",
    )
    _, problems = load_reviews(tmp_path, lambda p: p.name, code, ["example-borough-council"], TODAY)
    assert [(p.line, p.message) for p in problems] == [
        (
            2,
            "reviews: the verified review of 2026-05-06 does not say what it reviewed. Run "
            "'codemark review-hash signatories/example-borough-council.yml' and add the line "
            "'reviewed: sha256:...' it prints.",
        )
    ]


def test_the_review_hash_ignores_layout_and_sees_every_value(
    checker: Checker, tmp_path: Path
) -> None:
    original = (EXAMPLES / "valid" / "london-borough-of-islington.yml").read_text("utf-8")

    def hashed(text: str) -> str:
        path = tmp_path / "london-borough-of-islington.yml"
        path.write_text(text, encoding="utf-8")
        result = checker.check_file(path, path.name)
        assert result.signatory is not None, result.problems
        return review_hash(result.signatory)

    same = hashed(original)
    relaid = "# A comment the secretariat did not review.\n" + original.replace(
        "    1.1:\n", '\n    "1.1":   # quoted now\n'
    ).replace("area: [Islington]", "area:\n    - Islington").replace(
        "date: 2026-03-02", "date: '2026-03-02'", 1
    )
    assert relaid != original and hashed(relaid) == same
    for old, new in [
        ("co-produced with residents' groups.", "co-produced with residents."),
        ("https://www.islington.gov.uk/commissioning/needs", "https://www.islington.gov.uk/x"),
        ("by: Chief Executive", "by: Chief Executive Officer"),
        ("  date: 2026-03-02\n  criteria", "  date: 2026-03-03\n  criteria"),
    ]:
        assert old in original
        assert hashed(original.replace(old, new)) != same, new


def test_a_criterion_that_takes_effect_later_does_not_invalidate_earlier_files(
    checker: Checker, tmp_path: Path
) -> None:
    """1.10 of the test code takes effect on 1 April 2026. A file assessed before then is still
    valid after it (the daily build must not stop; the mark counts 1.10 as not met); a file
    assessed after it must answer it."""
    icb = (EXAMPLES / "valid" / "nhs-north-central-london-integrated-care-board.yml").read_text()
    without = icb.replace("    1.10:\n      status: n/a\n      note: No\n", "")
    path = tmp_path / "nhs-north-central-london-integrated-care-board.yml"
    path.write_text(without, "utf-8")
    assert checker.today > date(2026, 4, 1)
    assert checker.check_file(path, path.name).valid
    path.write_text(
        without.replace("  date: 2026-01-05\n  criteria", "  date: 2026-04-01\n  criteria")
    )
    messages = [p.message for p in checker.check_file(path, path.name).problems]
    assert messages == [
        "assessment › criteria: 1 criterion applies to your body but is not answered: 1.10. "
        "Add it with its status; 'codemark new' writes a file that lists them all."
    ]


def test_the_committed_schema_is_generated_from_the_code() -> None:
    committed = json.loads((ROOT / "signatories" / "signatory.schema.json").read_text("utf-8"))
    assert committed == json_schema(load_code(ROOT / "code")), "run: codemark schema"
    assert committed["$schema"] == "http://json-schema.org/draft-07/schema#"


def check_jsonschema(schema: Path, *arguments: Path | str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--schemafile",
            str(schema),
            *map(str, arguments),
        ],
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
    """check-jsonschema, as editors' tools read the schema, refuses each of these files.
    (tests/test_parity.py holds the schema against the validator on every file.)"""
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps(json_schema(load_code(DATA / "code"))), encoding="utf-8")
    cases = (
        "missing-url",
        "na-not-allowed",
        "unknown-status",
        "unknown-key",
        "personal-name-as-role",
    )
    bad = [EXAMPLES / "invalid" / f"london-borough-of-islington--{case}.yml" for case in cases]
    result = check_jsonschema(schema, *bad, "--output-format", "json")
    assert result.returncode == 1, result.stdout
    refused = {Path(error["filename"]).name for error in json.loads(result.stdout)["errors"]}
    assert refused == {path.name for path in bad}


def test_a_web_address_field_describes_itself_from_its_settings() -> None:
    """The JSON Schema of a web address is its own pattern: https only, or http too."""
    import re

    from codemark import schema as s

    https, either = s.Url().json_schema({}), s.Url(https_only=False).json_schema({})
    assert https["maxLength"] == 500 and s.Url(max_length=80).json_schema({})["maxLength"] == 80
    for schema, http_ok in ((https, False), (either, True)):
        pattern = re.compile(schema["pattern"])
        assert pattern.search("https://www.islington.gov.uk/plan")
        assert bool(pattern.search("http://www.islington.gov.uk/plan")) is http_ok
        assert not pattern.search("https://intranet") and not pattern.search("https://a b.uk")
