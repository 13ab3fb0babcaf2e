"""Loading and checking the code (code/) and case studies: valid files load, each invalid
file gives exactly its expected messages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from codemark.content import load_case_studies, load_code, load_content
from codemark.problems import ContentError

from .conftest import DATA, ROOT


def problems_of(call) -> list[str]:  # type: ignore[no-untyped-def]
    with pytest.raises(ContentError) as caught:
        call()
    return [str(problem) for problem in caught.value.problems]


def expected_for(path: Path) -> list[str]:
    return path.with_suffix(".expected").read_text(encoding="utf-8").splitlines()


def cases(folder: str) -> list[Path]:
    return sorted((DATA / folder).glob("*.md"))


def test_valid_code_loads_with_ids_as_written() -> None:
    code = load_code(DATA / "code")
    assert [p.id for p in code.principles] == [1, 2]
    # 1.10 is read as written, not as the number 1.1.
    assert [c.id for c in code.criteria] == ["1.1", "1.10", "2.1"]
    first, tenth = code.principles[0].criteria
    assert first.applies_to_all and len(first.applies_to) == 2
    assert tenth.level.id == "leading" and tenth.level.review_required
    assert [k.id for k in tenth.applies_to] == ["nhs-commissioner"]
    assert tenth.evidence.url_required is False and tenth.na_allowed is True
    assert str(tenth.effective) == "2026-04-01"
    assert tenth.anchor == "criterion-1-10"
    assert [level.rank for level in code.levels] == [1, 2, 3]


@pytest.mark.parametrize("path", cases("principles/invalid"), ids=lambda p: p.name)
def test_invalid_principle_gives_its_message(path: Path, tmp_path: Path) -> None:
    shutil.copytree(DATA / "code", tmp_path / "code")
    shutil.copy(path, tmp_path / "code" / path.name)
    assert problems_of(lambda: load_code(tmp_path / "code")) == expected_for(path)


@pytest.mark.parametrize("path", cases("index/invalid"), ids=lambda p: p.name)
def test_invalid_index_gives_its_message(path: Path, tmp_path: Path) -> None:
    shutil.copytree(DATA / "code", tmp_path / "code")
    shutil.copy(path, tmp_path / "code" / "index.md")
    assert problems_of(lambda: load_code(tmp_path / "code")) == expected_for(path)


def test_valid_case_studies_load() -> None:
    code = load_code(DATA / "code")
    studies = load_case_studies(DATA / "case-studies" / "valid", code, DATA)
    assert [s.slug for s in studies] == ["good-example", "london-wide"]  # sorted by title
    assert [p.id for p in studies[0].principles] == [1, 2]
    assert studies[1].areas == ("London-wide", "Camden")
    assert studies[0].path == "case-studies/valid/good-example.md"


@pytest.mark.parametrize("path", cases("case-studies/invalid"), ids=lambda p: p.name)
def test_invalid_case_study_gives_its_message(path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "docs" / "case-studies"
    folder.mkdir(parents=True)
    shutil.copy(path, folder / path.name)
    code = load_code(DATA / "code")
    call = lambda: load_case_studies(folder, code, tmp_path / "docs")  # noqa: E731
    assert problems_of(call) == expected_for(path)


def test_every_problem_in_every_file_is_reported_at_once(tmp_path: Path) -> None:
    shutil.copytree(DATA / "code", tmp_path / "code")
    for name in ("03-unknown-level.md", "bad-name.md"):
        shutil.copy(DATA / "principles" / "invalid" / name, tmp_path / "code" / name)
    shutil.copy(
        DATA / "principles" / "invalid" / "03-wrong-type.md", tmp_path / "code" / "04-wrong-type.md"
    )
    messages = problems_of(lambda: load_code(tmp_path / "code"))
    assert len(messages) == 4
    assert {m.split(":")[0] for m in messages} == {
        "code/03-unknown-level.md",
        "code/04-wrong-type.md",
        "code/bad-name.md",
    }


def test_the_real_content_is_complete() -> None:
    content = load_content(ROOT / "code", ROOT / "docs" / "case-studies", ROOT / "docs")
    code = content.code
    assert code.version == "1.0.0"
    assert len(code.levels) >= 3
    assert 10 <= len(code.principles) <= 14
    assert len(code.criteria) >= 40
    for principle in code.principles:
        assert len(principle.criteria) >= 3, principle.heading
    used_levels = {c.level.id for c in code.criteria}
    assert used_levels == {level.id for level in code.levels}
    # Every part of the paper listed in the index is cited by some principle;
    # load_code refuses otherwise, so check the index lists all of them.
    source_ids = {s.id for s in code.sources}
    expected = (
        {f"nao-{n}" for n in range(1, 9)}
        | {f"rec-{n}" for n in range(1, 8)}
        | {f"req-{letter}" for letter in "abcdefghijk"}
        | {
            "social-value-act",
            "living-wage",
            "transparency",
            "longer-contracts",
            "payment-by-results",
            "advance-notice",
            "simple-processes",
        }
    )
    assert expected <= source_ids
    organisations = " ".join(" ".join(s.organisations) for s in content.case_studies)
    for name in (
        "Camden Clinical Commissioning Group",
        "Voluntary Action Camden",
        "Islington Council",
        "Islington Giving",
        "Cripplegate Foundation",
        "Royal Borough of Greenwich",
        "Toynbee Hall",
        "Well London",
        "Paddington Development Trust",
        "Partnership for Young London",
    ):
        assert name in organisations, name
