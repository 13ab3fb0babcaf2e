"""The codemark command as an officer or a CI job uses it."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import markdown
import pytest

from codemark.cli import main
from codemark.content import load_code
from codemark.report import escape_data, escape_property
from codemark.signatories import Checker, load_known_bodies

from .conftest import DATA, KNOWN, ROOT

EXAMPLES = DATA / "signatories"
INVALID = EXAMPLES / "invalid" / "london-borough-of-islington--missing-url.yml"
# SOURCE_DATE_EPOCH fixes "today" for the future-date rules: 30 June 2026.
TODAY_EPOCH = "1782777600"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", TODAY_EPOCH)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["--code", str(DATA / "code"), *args])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A signatories folder with one valid file and one with a problem."""
    shutil.copy(EXAMPLES / "valid" / "no.yml", tmp_path / "no.yml")
    shutil.copy(INVALID, tmp_path / "london-borough-of-islington.yml")
    return tmp_path


def test_success_says_what_was_checked(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "validate", str(EXAMPLES / "valid"))
    assert status == 0
    assert out.splitlines()[0] == "OK: All 3 signatory files are valid."
    assert "every answer against the 3 criteria of version 1.0.0" in out


def test_every_problem_in_every_file_as_file_line_col(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    shutil.copy(
        EXAMPLES / "invalid" / "london-borough-of-islington--wrong-types.yml",
        folder / "london-borough-of-islington-2.yml",
    )
    status, out, _ = run(capsys, "validate", str(folder))
    assert status == 1
    assert out.replace(f"{folder}/", "") == (
        "london-borough-of-islington-2.yml:6:9: organisation › area: expected a list, found "
        "'Islington'. Write it as a list, for example [Islington].\n"
        "london-borough-of-islington-2.yml:12:5: signed › by: expected some text, found a "
        "section of fields.\n"
        "london-borough-of-islington-2.yml:19:15: assessment › criteria › 1.1 › status: expected "
        "one status (met, partly, not-met, n/a), found a list.\n"
        "london-borough-of-islington.yml:18:1: assessment › criteria › 1.1: criterion 1.1 is "
        "answered met, so it needs a link to public evidence. Add a line "
        "'evidence: https://...' under it.\n"
        "\n"
        "2 files have problems to fix, out of 3 signatory files checked (4 errors, 0 warnings). "
        "Each line above gives the file, the line and the column, what is wrong and how to "
        "fix it.\n"
    )


def test_json_format(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    status, out, _ = run(capsys, "validate", "--format", "json", str(folder))
    assert status == 1
    report = json.loads(out)
    assert report["valid"] is False and report["checked"] == 2 and report["errors"] == 1
    broken = next(f for f in report["files"] if not f["valid"])
    assert broken["path"].endswith("london-borough-of-islington.yml")
    assert broken["problems"] == [
        {
            "line": 18,
            "column": 1,
            "severity": "error",
            "message": "assessment › criteria › 1.1: criterion 1.1 is answered met, so it needs "
            "a link to public evidence. Add a line 'evidence: https://...' under it.",
            "field": ["assessment", "criteria", "1.1", "evidence"],
            "rule": "needs-evidence",
        }
    ]


def test_github_format(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    status, out, _ = run(capsys, "validate", "--format", "github", str(folder))
    assert status == 1
    annotation = out.splitlines()[0]
    assert re.fullmatch(
        r"::error file=[^,]*london-borough-of-islington\.yml,line=18,col=1,"
        r"title=Signatory file check::assessment › criteria › 1\.1: criterion 1\.1 .*",
        annotation,
    ), annotation


def test_github_escaping() -> None:
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"


def test_warnings_do_not_fail(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    case = EXAMPLES / "invalid" / "example-community-trust--unknown-identifier.yml"
    shutil.copy(case, tmp_path / "example-community-trust.yml")
    status, out, _ = run(capsys, "validate", str(tmp_path))
    assert status == 0
    assert ": warning: organisation › identifier: GB-CHC-1234567 is not in the list" in out
    assert "There is 1 warning above to look at." in out


def python_m_codemark(*args: str) -> subprocess.CompletedProcess[str]:
    """The command as a separate process, on the test code, on the tests' fixed day."""
    return subprocess.run(
        [sys.executable, "-m", "codemark", "--code", str(DATA / "code"), *args],
        capture_output=True,
        text=True,
        check=False,
        env={"SOURCE_DATE_EPOCH": TODAY_EPOCH, "PATH": ""},
    )


def test_no_traceback_on_any_example(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Every invalid example through the command: a located message, no traceback, and
    exit 1 unless it has only warnings. (An exception it did not foresee would end in
    status 2; test_python_m_codemark_is_the_same_command runs the command as a process.)"""
    for case in sorted((EXAMPLES / "invalid").glob("*.y*ml")):
        name = case.name.split("--")[0] + ".yml" if "--" in case.name else case.name
        folder = tmp_path / case.stem
        folder.mkdir()
        shutil.copy(case, folder / name)
        status, out, err = run(capsys, "validate", str(folder))
        assert "Traceback" not in out + err and "went wrong" not in err, case.name
        assert re.search(rf"{re.escape(name)}:\d+:\d+: ", out), case.name
        expected = Path(f"{case}.expected").read_text(encoding="utf-8")
        warnings_only = all(": warning: " in line for line in expected.splitlines())
        assert status == (0 if warnings_only else 1), case.name


def test_python_m_codemark_is_the_same_command(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    _, out, _ = run(capsys, "validate", "--format", "json", str(folder))
    result = python_m_codemark("validate", "--format", "json", str(folder))
    assert result.returncode == 1
    assert json.loads(result.stdout) == json.loads(out)


def fill_in(template: str) -> str:
    """Answer a new file as an officer would: every placeholder replaced."""
    text = template.replace("identifier: ...", "identifier: GB-LAE-ISL")
    text = text.replace("area: [...]", "area: [Islington]")
    text = text.replace("contact: ...@islington.gov.uk", "contact: commissioning@islington.gov.uk")
    text = re.sub(r"date: \.\.\.", "date: 2026-03-02", text)
    text = text.replace("by: ...", "by: Chief Executive")
    text = re.sub(r"status: \.\.\.", "status: met", text)
    return re.sub(r"evidence:  #.*", "evidence: https://www.islington.gov.uk/commissioning", text)


def test_new_writes_a_file_that_validates_once_filled_in(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, out, _ = run(capsys, "new", "--identifier", "GB-LAE-ISL", "--output", str(tmp_path))
    assert status == 0
    written = tmp_path / "london-borough-of-islington.yml"
    assert f"Wrote {written}" in out
    template = written.read_text(encoding="utf-8")
    assert template.startswith("# yaml-language-server: $schema=signatory.schema.json\n")
    assert "# 1.1 (Foundation) The body does the first thing." in template
    assert "#     Evidence: A public link is required when met" in template
    assert '"1.10"' not in template  # applies only to NHS commissioners

    status, out, _ = run(capsys, "validate", str(written))
    assert status == 1 and "still has the template's '...'" in out

    written.write_text(fill_in(template), encoding="utf-8")
    status, out, _ = run(capsys, "validate", str(written))
    assert status == 0, out

    status, _, err = run(capsys, "new", "--identifier", "GB-LAE-ISL", "--output", str(tmp_path))
    assert status == 1 and "already exists; it was left as it is" in err


def test_new_for_the_real_code_lists_every_applicable_criterion(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status = main(
        [
            "--code",
            str(ROOT / "code"),
            "new",
            "--name",
            "Example NHS Board",
            "--kind",
            "nhs-commissioner",
            "--output",
            "-",
        ]
    )
    out, _ = capsys.readouterr()
    assert status == 0
    ids = re.findall(r'^    "(\d+\.\d+)":$', out, re.MULTILINE)
    assert len(ids) == 61 and len(set(ids)) == 61


def test_new_needs_a_body(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "new", "--output", "-")
    assert status == 1 and "--identifier" in err and "--kind" in err


def test_renewals_lists_what_is_due_or_lapsed(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795564800")  # 25 November 2026
    assert main(["renewals"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Assessments due for renewal or lapsed, as of 25 November 2026.")
    assert (
        "| `Old Town Borough Council` (demonstration) | Lapsed | 2026-06-30 | 1 "
        "| `signatories/old-town-borough-council.yml` |" in out
    )
    assert "To renew, run 'codemark renew FILE'" in out
    assert "Example Borough Council" not in out


def test_renew_keeps_the_assessment_and_the_result_is_valid(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795564800")  # 25 November 2026
    target = tmp_path / "example-borough-council.yml"
    shutil.copy(ROOT / "signatories" / "example-borough-council.yml", target)
    assert main(["renew", str(target)]) == 0
    out = capsys.readouterr().out
    assert "the assessment of 2026-09-30 is kept, unchanged, at the top of 'history:'" in out
    checked = Checker(load_code(ROOT / "code"), load_known_bodies(KNOWN), date(2026, 11, 25))
    result = checked.check_file(target, "example-borough-council.yml")
    assert result.valid, result.problems
    assert result.signatory is not None
    assert [a.date for a in result.signatory.assessments] == [
        date(2026, 11, 25),
        date(2026, 9, 30),
        date(2026, 3, 16),
        date(2025, 9, 15),
    ]
    # Once is enough: a second renewal on the same day is refused, and the file is left alone.
    renewed = target.read_text("utf-8")
    assert main(["renew", str(target)]) == 1
    assert "already dated today" in capsys.readouterr().err
    assert target.read_text("utf-8") == renewed


def test_renewals_lists_files_with_problems_too(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The register leaves out a file with problems; renewals says so rather than skip it."""
    shutil.copytree(ROOT / "code", tmp_path / "code")
    shutil.copytree(ROOT / "signatories", tmp_path / "signatories")
    broken = tmp_path / "signatories" / "old-town-borough-council.yml"
    broken.write_text(broken.read_text("utf-8").replace("status: met", "status: done", 1))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795564800")  # 25 November 2026
    assert main(["renewals", "--reviews", str(ROOT / "reviews")]) == 0
    out = capsys.readouterr().out
    assert "Old Town Borough Council" not in out.split("## Files with problems")[0]
    assert "## Files with problems" in out
    assert "`signatories/old-town-borough-council.yml` line " in out
    assert "'done' is not a status" in out


def test_review_hash_prints_the_line_a_review_record_takes(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795564800")  # 25 November 2026
    assert main(["review-hash", "signatories/example-borough-council.yml"]) == 0
    out = capsys.readouterr().out
    recorded = re.search(
        r"reviewed: (sha256:\w+)", (ROOT / "reviews" / "example-borough-council.yml").read_text()
    )
    assert recorded and out == (
        f"signatories/example-borough-council.yml\n  reviewed: {recorded.group(1)}\n"
    )
    assert main(["review-hash", str(INVALID)]) == 1
    err = capsys.readouterr().err
    assert "only a valid file can be reviewed" in err and "needs a link to public" in err


def test_renewals_lists_entries_changed_since_review(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795564800")  # 25 November 2026
    shutil.copytree(ROOT / "signatories", tmp_path / "signatories")
    changed = tmp_path / "signatories" / "example-borough-council.yml"
    text = changed.read_text("utf-8")
    changed.write_text(text.replace("/code/13-5", "/code/13-5-updated"), "utf-8")
    args = ["renewals", "--signatories", str(tmp_path / "signatories")]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "## Changed since the secretariat's review" in out
    assert "| `Example Borough Council` (demonstration) | 2026-10-06 |" in out
    changed.write_text(text, "utf-8")
    assert main(args) == 0
    assert (
        "None: every reviewed entry is as the secretariat reviewed it." in capsys.readouterr().out
    )


def test_renewals_show_names_literally(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A name that passes validation cannot link, mention, refer or show an image in the issue."""
    name = (
        "Approved [by the secretariat](https://evil.example) @commissioning-code/secretariat "
        "#1 ![x](https://evil.example/x.png) | `tick` https://evil.example"
    )
    source = (ROOT / "signatories" / "old-town-borough-council.yml").read_text("utf-8")
    folder = tmp_path / "signatories"
    folder.mkdir()
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    written = source.replace("name: Old Town Borough Council", f"name: {json.dumps(name)}")
    (folder / f"{slug}.yml").write_text(written)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795564800")
    assert main(["--code", str(ROOT / "code"), "validate", str(folder)]) == 0  # it is valid
    capsys.readouterr()
    assert main(["--code", str(ROOT / "code"), "renewals", "--signatories", str(folder)]) == 0
    out = capsys.readouterr().out
    html = markdown.markdown(out, extensions=["tables"])
    assert "<a " not in html and "<img" not in html
    outside_code = re.sub(r"<code>.*?</code>", "", html, flags=re.S)
    for trace in ("@commissioning", "#1", "evil.example", "[by", "!["):
        assert trace not in outside_code, trace
    row = next(line for line in out.splitlines() if "evil.example" in line)
    assert row.startswith("| ``Approved [by the secretariat](https://evil.example) ")
    assert row.count(" | ") == 4  # the bar in the name does not add a cell


def test_links_and_other_non_files_are_refused_unread(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "signatories"
    folder.mkdir()
    (folder / "passwd.yml").symlink_to("/etc/passwd")
    (folder / "zero.yml").symlink_to("/dev/zero")  # read whole, it would never end
    (folder / "code.yml").symlink_to(ROOT / "code")
    (folder / "folder.yml").mkdir()
    os.mkfifo(folder / "pipe.yml")  # opened for reading, it would wait for ever
    status, out, _ = run(capsys, "validate", str(folder))
    assert status == 1
    lines = [line.replace(f"{folder}/", "") for line in out.splitlines()[:5]]
    link = "the file is a symbolic link (a pointer to another file or folder). Links are not "
    assert lines == [
        f"code.yml:1:1: {link}followed: put the file itself here instead.",
        "folder.yml:1:1: this is a folder, not an ordinary file. Put the file here.",
        f"passwd.yml:1:1: {link}followed: put the file itself here instead.",
        "pipe.yml:1:1: this is a special file, not an ordinary file. Put the file here.",
        f"zero.yml:1:1: {link}followed: put the file itself here instead.",
    ]
    assert "root:" not in out
    status, out, _ = run(capsys, "validate", str(folder / "code.yml"))  # named on its own
    assert status == 1 and "No signatory files were found" not in out


def test_a_huge_file_is_not_read(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    huge = tmp_path / "london-borough-of-islington.yml"
    with huge.open("wb") as handle:
        handle.truncate(8 * 1024**3)  # 8 GiB, sparse: read whole, it would exhaust memory
    status, out, _ = run(capsys, "validate", str(huge))
    assert status == 1
    assert "the file is 8,388,608 KiB, more than the limit of 256 KiB." in out


def test_owner_records_are_checked_with_the_folder(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "signatories").mkdir()
    for name in ("london-borough-of-islington.yml", "no.yml"):
        shutil.copy(EXAMPLES / "valid" / name, tmp_path / "signatories" / name)
    (tmp_path / "owners").mkdir()
    (tmp_path / "owners" / "_secretariat.yml").write_text("members: [a-clerk, not a login]\n")
    (tmp_path / "owners" / "gone.yml").write_text("owners: [someone]\n")
    monkeypatch.chdir(tmp_path)
    status, out, _ = run(capsys, "validate")
    assert status == 1
    assert out.splitlines()[:3] == [
        "signatories/london-borough-of-islington.yml:1:1: warning: no owner is recorded for this "
        "entry yet, so only the secretariat can change it. The secretariat records who may: add "
        "owners/london-borough-of-islington.yml (see owners/README.md).",
        "owners/_secretariat.yml:1:20: members › item 2: 'not a login' is not a GitHub login, "
        "such as example-commissioning.",
        "owners/gone.yml:1:1: there is no signatory file gone.yml for this owner record. Name the "
        "record after the signatory's file.",
    ]
    (tmp_path / "owners" / "_secretariat.yml").write_text("members: [a-clerk]\n")
    (tmp_path / "owners" / "gone.yml").unlink()
    (tmp_path / "owners" / "london-borough-of-islington.yml").write_text("owners: [isl/team]\n")
    status, out, _ = run(capsys, "validate")
    assert status == 0 and out.startswith("OK: All 2 signatory files are valid."), out
