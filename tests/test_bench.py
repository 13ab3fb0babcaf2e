"""The Hugo site `make bench` compares our build with holds every signatory's answers."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT

SAMPLES = ["example-borough-council", "sample-town-council", "demo-housing-association"]


def test_hugo_site_has_a_page_per_signatory_with_every_answer(tmp_path: Path) -> None:
    signatories = tmp_path / "signatories"
    signatories.mkdir()
    for slug in SAMPLES:
        shutil.copy(ROOT / "signatories" / f"{slug}.yml", signatories / f"{slug}.yml")
    # Officers write criterion ids unquoted; the converter reads them as written.
    text = (signatories / "sample-town-council.yml").read_text(encoding="utf-8")
    unquoted = re.sub(r'^    "(\d+\.\d+)":$', r"    \1:", text, flags=re.MULTILINE)
    assert unquoted != text
    (signatories / "sample-town-council.yml").write_text(unquoted, encoding="utf-8")
    project = tmp_path / "hugo"

    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "hugo-site"), str(signatories), str(project)],
        check=True,
        capture_output=True,
    )

    pages = project / "content" / "signatories"
    assert sorted(p.stem for p in pages.iterdir()) == sorted(SAMPLES)
    assert (project / "layouts" / "_default" / "single.html").is_file()
    for slug in SAMPLES:
        source = (signatories / f"{slug}.yml").read_text(encoding="utf-8")
        page = (pages / f"{slug}.md").read_text(encoding="utf-8")
        name = re.search(r"^  name: (.+)$", source, re.MULTILINE)
        assert name and f'title: "{name.group(1)}"' in page
        ids = re.findall(r'^    "?(\d+\.\d+)"?:$', source, re.MULTILINE)
        rows = re.findall(r"^\| (\d+\.\d+) \| ([a-z/-]+) \|", page, re.MULTILINE)
        assert ids and [criterion for criterion, _ in rows] == ids
