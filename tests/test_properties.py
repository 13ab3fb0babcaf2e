"""Property-based tests: whatever a file holds, the loader and validator only ever report
problems; and valid files survive a round trip through the JSON export."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from codemark.content import load_code
from codemark.export import signatory_record
from codemark.problems import Problem
from codemark.register import build_register
from codemark.signatories import Checked, Checker, load_known_bodies

from .conftest import KNOWN, ROOT

CODE = load_code(ROOT / "code")
CHECKER = Checker(CODE, load_known_bodies(KNOWN), date(2026, 11, 25))
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_text(data: bytes) -> Checked:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a-body.yml"
        path.write_bytes(data)
        return CHECKER.check_file(path, "signatories/a-body.yml")


def assert_only_problems(result: Checked) -> None:
    assert all(isinstance(p, Problem) and p.line >= 1 and p.message for p in result.problems)
    assert result.valid or result.problems


@SETTINGS
@given(st.text())
def test_any_text_gives_only_problems(text: str) -> None:
    assert_only_problems(check_text(text.encode("utf-8", "surrogatepass")))


@SETTINGS
@given(st.binary(max_size=2000))
def test_any_bytes_give_only_problems(data: bytes) -> None:
    assert_only_problems(check_text(data))


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30),
    st.dates(),
)  # fmt: skip
structures = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.text(max_size=12) | st.integers() | st.floats(allow_nan=False), inner, max_size=4
        )
    ),
    max_leaves=25,
)
keys = st.sampled_from(["demonstration", "organisation", "signed", "assessment", "withdrawn", "x"])
documents = st.dictionaries(keys, structures, max_size=5)


@SETTINGS
@given(st.one_of(structures, documents))
def test_any_structure_gives_only_problems(value: Any) -> None:
    assert_only_problems(check_text(yaml.safe_dump(value, allow_unicode=True).encode()))


# Valid files -----------------------------------------------------------------

plain = (
    st.text(
        st.characters(
            codec="utf-8", categories=["L", "N", "Zs"], exclude_characters="\u2028\u2029"
        ),
        min_size=1,
        max_size=40,
    )
    .map(str.strip)
    .filter(lambda s: s and s[0].isalnum() and len(s.split()) == len(s.split(" ")))
)
WORDS = ["We", "publish", "the", "plan", "each", "year", "and", "review", "it"]
words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).map(" ".join)
kinds = st.sampled_from([k.id for k in CODE.kinds])
statuses = st.sampled_from(["met", "partly", "not-met", "n/a"])


@st.composite
def valid_files(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    kind = draw(kinds)
    area = draw(st.lists(plain, min_size=1, max_size=3, unique=True))
    answers = {}
    for criterion in CODE.criteria:
        if not any(k.id == kind for k in criterion.applies_to):
            continue
        status = draw(statuses)
        if status == "n/a" and not criterion.na_allowed:
            status = "not-met"
        answer: dict[str, Any] = {"status": status}
        if status == "met":
            answer["evidence"] = f"https://www.a-body.example/{criterion.anchor}"
        if status in ("partly", "n/a") or draw(st.booleans()):
            answer["note"] = draw(words)
        answers[criterion.id] = answer
    document = {
        "demonstration": True,
        "organisation": {
            "name": "A Body",
            "kind": kind,
            "identifier": "ZZ-DEMO-ABODY",
            "area": area,
            "website": "https://www.a-body.example",
            "contact": "commissioning@a-body.example",
        },
        "signed": {"date": "2026-01-05", "by": draw(plain)},
        "assessment": {"code_version": "1.0.0", "date": "2026-02-01", "criteria": answers},
    }
    return document, answers


@settings(max_examples=60, deadline=None)
@given(valid_files())
def test_valid_files_survive_the_json_round_trip(
    drawn: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    document, answers = drawn
    result = check_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False).encode())
    assert result.valid, [p.located() for p in result.problems]
    assert result.signatory is not None
    register = build_register(CODE, [result.signatory], {}, date(2026, 11, 25))
    record = signatory_record(register.entries[0], "https://example.org/")
    org = document["organisation"]
    assert (record["name"], record["kind"], record["identifier"]) == (
        org["name"],
        org["kind"],
        org["identifier"],
    )
    assert record["areas"] == org["area"]
    assert (record["website"], record["contact"]) == (org["website"], org["contact"])
    assert record["signed"]["by"] == document["signed"]["by"]
    assert record["signed_on"] == "2026-01-05" and record["assessed_on"] == "2026-02-01"
    assert record["demonstration"] is True
    exported = {
        a["criterion"]: {k: a[k] for k in ("status", "evidence", "note") if a[k] is not None}
        for a in record["answers"]
    }
    assert exported == answers
