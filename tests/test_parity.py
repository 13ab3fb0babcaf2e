"""The form, the JSON Schema and the validator agree.

Every example file in tests/data, the hostile corpus and a few hundred samples
changed field by field go through ``codemark validate --format json`` and
through the form's own checking code (codemark-rules.js, run by Node as the
page runs it). Both must reach the same verdict, with the same problems on the
same fields, in the same words. Then the same files go through the published
JSON Schema, which must agree with the validator on every file it can judge,
except for the rules listed below as beyond what a schema can say.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from codemark.cli import main
from codemark.content import load_code
from codemark.form import form_data
from codemark.known import load_known_bodies
from codemark.load import parse_yaml
from codemark.register import build_register
from codemark.signatories import Checker, json_schema
from codemark.site import check

from . import mutations
from .conftest import DATA, KNOWN, ROOT

NODE = ROOT / "tests" / "node"
SECOND = DATA / "second-code"  # a code unlike London's (tests/test_new_code.py)
REAL_DAY = date(2026, 11, 25)  # the suite's fixed day (conftest.SITE_EPOCH)
TEST_DAY = date(2026, 6, 30)  # the day the examples in tests/data are written for
SYNTAX = {"yaml-syntax", "yaml-error"}  # each side's YAML parser words these its own way


@dataclass
class Judged:
    label: str
    code: Path
    name: str
    target: Path  # the file as checked
    today: date
    validator: list[dict[str, Any]] = field(default_factory=list)
    form: list[dict[str, Any]] = field(default_factory=list)


def corpus() -> list[tuple[str, Path, str, bytes, date]]:
    """(label, code, file name, bytes, day) of every file to judge."""
    found = []
    for folder in ("valid", "invalid"):
        for path in sorted((DATA / "signatories" / folder).iterdir()):
            if path.suffix in (".yml", ".yaml"):
                name = path.name.split("--")[0] + ".yml" if "--" in path.name else path.name
                found.append(
                    (f"tests/data {path.name}", DATA / "code", name, path.read_bytes(), TEST_DAY)
                )
    for path in sorted((ROOT / "tests" / "hostile" / "signatories").iterdir()):
        name = path.name.split("--")[0] + path.suffix
        found.append((f"hostile {path.name}", ROOT / "code", name, path.read_bytes(), REAL_DAY))
    # The second code's files, judged by its own rules and words.
    for path in sorted((SECOND / "invalid").glob("*.yml")):
        found.append((f"second code {path.name}", SECOND / "code", "specimen-employer.yml",
                      path.read_bytes(), REAL_DAY))  # fmt: skip
    for case in mutations.cases():
        day = REAL_DAY if case.code == ROOT / "code" else TEST_DAY
        found.append((f"changed {case.label}", case.code, case.name, case.data, day))
    return found


def comparable(problems: list[dict[str, Any]]) -> Counter[tuple[Any, ...]]:
    """Problems as both sides must agree on them; YAML syntax only as such."""
    return Counter(
        ("syntax",) if p["rule"] in SYNTAX else (tuple(p["field"]), p["severity"], p["message"])
        for p in problems
    )


@pytest.fixture(scope="module")
def judged(tmp_path_factory: pytest.TempPathFactory) -> list[Judged]:
    root = tmp_path_factory.mktemp("parity")
    known = load_known_bodies(KNOWN)
    real = sorted((ROOT / "signatories").glob("*.yml"))
    # The form is given the register as published: its files' identifiers are claimed.
    data: dict[Path, Path] = {}
    days = {ROOT / "code": REAL_DAY, DATA / "code": TEST_DAY, SECOND / "code": REAL_DAY}
    # The second code keeps no list of known bodies.
    knowns = {code_dir: {} if code_dir == SECOND / "code" else known for code_dir in days}
    for code_dir, day in days.items():
        code = load_code(code_dir)
        files = [(p, f"signatories/{p.name}") for p in real if code_dir == ROOT / "code"]
        checks = check(code, knowns[code_dir], day, files, None, str)
        register = build_register(code, checks.valid, {}, day)
        data[code_dir] = root / f"form-data-{len(data)}.json"
        data[code_dir].write_text(form_data(code, knowns[code_dir], register, ""), "utf-8")

    cases = []
    for number, (label, code_dir, name, content, day) in enumerate(corpus()):
        folder = root / f"case-{number}"
        folder.mkdir()
        target = folder / name
        target.write_bytes(content)
        cases.append(Judged(label, code_dir, name, target, day))

    # Each file is checked beside the published ones, as a pull request's file is, so that
    # clashes show; those are checked once.
    checkers = {
        code_dir: Checker(load_code(code_dir), knowns[code_dir], day)
        for code_dir, day in days.items()
    }
    published = {
        code_dir: checker.check_files([(p, f"signatories/{p.name}") for p in real])
        if code_dir == ROOT / "code"
        else []
        for code_dir, checker in checkers.items()
    }
    for case in cases:
        shown = f"signatories/{case.name}"
        mine = checkers[case.code].check_file(case.target, shown)
        others = [replace(r, problems=list(r.problems)) for r in published[case.code]]
        checkers[case.code].check_claims([r for r in others if r.path != shown] + [mine])
        case.validator = [
            {"field": list(p.field), "rule": p.rule, "severity": p.severity, "message": p.message}
            for p in mine.problems
        ]

    request = {
        "files": [
            {
                "file": str(case.target),
                "path": f"signatories/{case.name}",
                "data": str(data[case.code]),
                "today": case.today.isoformat(),
            }
            for case in cases
        ]
    }
    result = subprocess.run(
        ["node", str(NODE / "check-files.cjs")],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for case, answer in zip(cases, json.loads(result.stdout), strict=True):
        case.form = answer["problems"]
    return cases


def test_the_corpus_covers_every_kind_of_field(judged: list[Judged]) -> None:
    changed = [c for c in judged if c.label.startswith("changed")]
    assert len(changed) >= 300
    fields = {tuple(p["field"][:2]) for c in changed for p in c.validator}
    for expected in [("organisation", "name"), ("organisation", "website"),
                     ("organisation", "contact"), ("organisation", "identifier"),
                     ("signed", "date"), ("signed", "by"), ("assessment", "date"),
                     ("assessment", "criteria")]:  # fmt: skip
        assert expected in fields, expected
    rules = {p["rule"] for c in judged for p in c.validator}
    assert {"not-url", "mixed-alphabets", "namesake", "honorific", "not-date", "not-choice",
            "needs-note", "note-link", "single-line", "file-name"} <= rules  # fmt: skip
    invalid = sum(any(p["severity"] == "error" for p in c.validator) for c in judged)
    assert 0 < invalid < len(judged)


def test_the_form_and_the_validator_agree_on_every_file(judged: list[Judged]) -> None:
    disagreements = []
    for case in judged:
        validator, form = comparable(case.validator), comparable(case.form)
        if validator == form:
            continue
        lines = [f"{case.label} (checked as {case.name}):"]
        lines += [f"  only the validator: {p}" for p in validator - form]
        lines += [f"  only the form:      {p}" for p in form - validator]
        disagreements.append("\n".join(lines))
    assert not disagreements, f"{len(disagreements)} files judged differently:\n" + "\n".join(
        disagreements
    )


def test_the_validator_side_is_what_codemark_validate_reports(
    judged: list[Judged],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The validator's side above checks each file as `codemark validate --format json` does:
    for a sample of the files, the command itself reports the same problems."""
    sample = judged[:: max(1, len(judged) // 40)]
    for number, case in enumerate(sample):
        folder = tmp_path / str(number)
        folder.mkdir()
        if case.code == ROOT / "code":  # beside the published files, as above
            for published in (ROOT / "signatories").glob("*.yml"):
                if published.name != case.name:
                    shutil.copy(published, folder / published.name)
        shutil.copy(case.target, folder / case.name)
        midnight = datetime.combine(case.today, time(), UTC)
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(midnight.timestamp())))
        main(["--code", str(case.code), "validate", "--format", "json", str(folder)])
        report = json.loads(capsys.readouterr().out)
        mine = next(f for f in report["files"] if f["path"].endswith("/" + case.name))
        # The command names files as given; the comparison above names them signatories/...
        reported = [
            {**{k: p[k] for k in ("field", "rule", "severity")},
             "message": p["message"].replace(f"{folder}/", "signatories/")}
            for p in mine["problems"]
        ]  # fmt: skip
        assert reported == case.validator, case.label


def test_the_json_output_names_the_field_of_each_problem(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """The validator's side of the comparison is what `codemark validate --format json` says."""
    case = (
        DATA / "signatories" / "invalid" / "london-borough-of-islington--missing-justification.yml"
    )
    shutil.copy(case, tmp_path / "london-borough-of-islington.yml")
    main(["--code", str(DATA / "code"), "validate", "--format", "json", str(tmp_path)])
    problems = json.loads(capsys.readouterr().out)["files"][0]["problems"]
    assert [(p["field"], p["rule"]) for p in problems] == [
        (["assessment", "criteria", "1.1", "note"], "needs-note")
    ]


# The JSON Schema ------------------------------------------------------------------

# Rules the published schema cannot express, and why. A file the validator refuses and
# the schema accepts must be refused for these alone.
SCHEMA_GAPS = {
    "future-date": "it depends on the day the file is checked",
    "mixed-alphabets": "it needs each letter's alphabet, which a schema's patterns cannot name",
    "file-name": "it depends on the file's name",
    "file-name-empty": "it depends on the file's name",
    "namesake": "it needs the list of known bodies, codemark's own data",
    "not-the-known-name": "it needs the list of known bodies, codemark's own data",
    "wrong-kind": "it needs the list of known bodies, codemark's own data",
    "before-version": "it compares a date with the day a version of the code was published",
    "signed-before-code": "it compares a date with the day the code was first published",
    "assessed-before-signing": "it compares two dates",
    "withdrawn-not-after-signing": "it compares two dates",
    "history-out-of-order": "it compares two dates",
    "history-after-assessment": "it compares two dates",
    "identifier-claimed": "it depends on the other files",
}
# Differences in reading YAML, not in rules: a schema sees what a YAML 1.2 reader makes of
# the text, where codemark reads each value as written.
READING_GAPS = {
    "type": "an unquoted true, false or null is that value to a YAML reader, and text to codemark",
    "spaces": "codemark drops the spaces around a value; the schema counts them",
}


def instance(node: yaml.Node) -> Any:
    """A YAML node as a YAML 1.2 reader gives it to a schema validator."""
    if isinstance(node, yaml.MappingNode):
        keys = [k.value for k, _ in node.value]
        if len(set(keys)) != len(keys):
            raise ValueError("a key twice")
        return {k.value: instance(v) for k, v in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [instance(item) for item in node.value]
    if not node.style and node.value in ("", "~", "null", "Null", "NULL"):
        return None
    if not node.style and node.value in ("true", "True", "TRUE", "false", "False", "FALSE"):
        return node.value.lower() == "true"
    return node.value


def reading_gap(error: jsonschema.ValidationError) -> str:
    """Which reading difference explains a schema error, if one does."""
    leaves = list(error.context) or [error]
    for leaf in leaves:
        if leaf.context:
            return reading_gap(leaf)
    value = error.instance
    if error.validator == "type" and (value is None or isinstance(value, bool)):
        return "type"
    if isinstance(value, str) and value.strip() != value:
        return "spaces"
    if error.validator in ("anyOf", "oneOf") and all(reading_gap(e) for e in error.context):
        return "type"
    return ""


def test_the_json_schema_agrees_with_the_validator(judged: list[Judged]) -> None:
    schemas = {}
    for code_dir in {case.code for case in judged}:
        schema = json_schema(load_code(code_dir))
        schemas[code_dir] = jsonschema.Draft7Validator(
            schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
        )
    judged_by_schema = 0
    disagreements = []
    for case in judged:
        errors = [p for p in case.validator if p["severity"] == "error"]
        if any(not p["field"] for p in errors):
            continue  # not a readable file of YAML: nothing for a schema to judge
        node = parse_yaml(case.target.read_text("utf-8"), case.name)
        assert isinstance(node, yaml.Node)
        try:
            document = instance(node)
        except ValueError:
            continue  # a key written twice: JSON cannot hold it
        judged_by_schema += 1
        # The first error is enough to know the schema refuses; all are needed only to explain
        # a refusal of a file the validator accepts.
        refused = [error] if (error := next(schemas[case.code].iter_errors(document), None)) else []
        if refused and not errors:
            refused = list(schemas[case.code].iter_errors(document))
        if errors and not refused:
            unexplained = [p for p in errors if not gap(p, case)]
            if unexplained:
                disagreements.append(f"{case.label}: only the validator refuses: {unexplained}")
        elif refused and not errors:
            unexplained = [e.message[:200] for e in refused if not reading_gap(e)]
            if unexplained:
                disagreements.append(f"{case.label}: only the schema refuses: {unexplained}")
    assert judged_by_schema > 300
    assert not disagreements, "\n".join(disagreements)


def gap(problem: dict[str, Any], case: Judged) -> bool:
    if problem["rule"] in SCHEMA_GAPS:
        return True
    if problem["rule"] in ("not-answered", "not-answered-many"):
        # Due in an assessment made on or after its effective date: two dates compared.
        code = load_code(case.code)
        listed = problem["message"].split(": ")[-1].split(". Add")[0].split(", ")
        return all(code.criterion(i.replace(" and more", "")).effective for i in listed)
    return False


def test_the_gaps_are_real(judged: list[Judged]) -> None:
    """Each gap listed is a rule the validator applies to some file here."""
    applied = {p["rule"] for case in judged for p in case.validator}
    assert set(SCHEMA_GAPS) - {"file-name-empty"} <= applied
    assert READING_GAPS
