"""The same signatory files as the sites `make bench` compares ours with.

Both comparison sites are built the obvious way, one Markdown page per
signatory, from the same Markdown:
  - Hugo (Debian's package), with a minimal one-file template;
  - plain mkdocs-material, each page kept out of the nav, with its search.
They read the YAML themselves and do not use the codemark package, as a team
picking another generator would; so they show the raw answers and counts,
not the level the codemark scorer works out.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent


class _TextLoader(yaml.CSafeLoader):
    """Reads numbers as written: officers write criterion 4.10 unquoted, which YAML makes 4.1."""


def _as_written(loader: yaml.CSafeLoader, node: yaml.ScalarNode) -> str:
    return str(loader.construct_scalar(node))


_TextLoader.add_constructor("tag:yaml.org,2002:float", _as_written)
_TextLoader.add_constructor("tag:yaml.org,2002:int", _as_written)

STATUSES = ("met", "partly", "not-met", "n/a")

HUGO_CONFIG = """\
baseURL = "https://register.example/"
title = "Register of signatories"
languageCode = "en-gb"
# One template, for the signatory pages: nothing else is made.
disableKinds = ["home", "section", "taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
"""

# Hugo's html/template escapes every value it prints.
HUGO_TEMPLATE = """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} - Register of signatories</title>
</head>
<body>
<main>
<h1>{{ .Title }}</h1>
<p>{{ .Params.kind }} serving {{ delimit .Params.areas ", " }}.</p>
<dl>
<dt>Identifier</dt><dd>{{ .Params.identifier }}</dd>
<dt>Signed</dt><dd>{{ .Params.signed }} by {{ .Params.signed_by }}</dd>
<dt>Assessed</dt><dd>{{ .Params.assessed }}, against version {{ .Params.code_version }}</dd>
<dt>Answers</dt><dd>{{ .Params.answers }}</dd>
<dt>Website</dt><dd><a href="{{ .Params.website }}">{{ .Params.website }}</a></dd>
<dt>Contact</dt><dd><a href="mailto:{{ .Params.contact }}">{{ .Params.contact }}</a></dd>
</dl>
<h2>Self-assessment</h2>
{{ .Content }}
</main>
</body>
</html>
"""


def read_signatory(path: Path) -> dict[str, Any]:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_TextLoader)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: not a signatory file")
    return data


def _cell(value: object) -> str:
    """Text that stays inside one cell of a Markdown table."""
    return " ".join(str(value).split()).replace("|", "\\|")


def _answers(criteria: dict[str, Any]) -> str:
    counts = Counter(str(answer.get("status", "")) for answer in criteria.values())
    parts = [f"{counts[s]} {s.replace('-', ' ')}" for s in STATUSES if counts[s]]
    return f"{', '.join(parts)}, of {len(criteria)} criteria"


def front_matter(data: dict[str, Any]) -> dict[str, Any]:
    """What a page says about the body, beside its table of answers."""
    org, signed, assessment = data["organisation"], data["signed"], data["assessment"]
    return {
        "title": str(org["name"]),
        "kind": str(org["kind"]),
        "areas": [str(a) for a in org["area"]],
        "identifier": str(org.get("identifier", "")),
        "website": str(org.get("website", "")),
        "contact": str(org.get("contact", "")),
        "signed": str(signed["date"]),
        "signed_by": str(signed.get("by", "")),
        "assessed": str(assessment["date"]),
        "code_version": str(assessment["code_version"]),
        "answers": _answers(assessment["criteria"]),
    }


def answers_table(data: dict[str, Any]) -> str:
    lines = ["| Criterion | Status | Evidence | Note |", "|---|---|---|---|"]
    for criterion, answer in data["assessment"]["criteria"].items():
        evidence = f"[Evidence]({answer['evidence']})" if answer.get("evidence") else ""
        note = _cell(answer.get("note", ""))
        lines.append(f"| {criterion} | {_cell(answer.get('status', ''))} | {evidence} | {note} |")
    return "\n".join(lines) + "\n"


def markdown_page(data: dict[str, Any], facts_in_body: bool = False) -> str:
    """A signatory as a Markdown page with front matter (JSON values are valid YAML)."""
    facts = front_matter(data)
    head = "".join(f"{key}: {json.dumps(value)}\n" for key, value in facts.items())
    body = ""
    if facts_in_body:  # for generators that do not show front matter
        body = (
            f"# {facts['title']}\n\n"
            f"{facts['kind']} serving {', '.join(facts['areas'])}. "
            f"Identifier {facts['identifier']}. Signed {facts['signed']} by "
            f"{facts['signed_by']}. Assessed {facts['assessed']} against version "
            f"{facts['code_version']}: {facts['answers']}. "
            f"Website <{facts['website']}>, contact <{facts['contact']}>.\n\n"
            "## Self-assessment\n\n"
        )
    return f"---\n{head}---\n{body}{answers_table(data)}"


def signatory_paths(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in (".yml", ".yaml"))


def write_hugo_project(signatories: Path, project: Path) -> int:
    """A Hugo project with one content page per signatory file; returns how many."""
    pages = project / "content" / "signatories"
    pages.mkdir(parents=True, exist_ok=True)
    layouts = project / "layouts" / "_default"
    layouts.mkdir(parents=True, exist_ok=True)
    (project / "config.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    (layouts / "single.html").write_text(HUGO_TEMPLATE, encoding="utf-8")
    paths = signatory_paths(signatories)
    for path in paths:
        page = markdown_page(read_signatory(path))
        (pages / f"{path.stem}.md").write_text(page, encoding="utf-8")
    return len(paths)


def write_mkdocs_project(signatories: Path, project: Path) -> int:
    """Plain mkdocs-material with its search: one page per signatory, out of the nav."""
    pages = project / "docs" / "signatories"
    pages.mkdir(parents=True, exist_ok=True)
    (project / "docs" / "index.md").write_text("# Register\n\nThe signatories.\n")
    (project / "mkdocs.yml").write_text(
        "site_name: Baseline\n"
        "theme:\n  name: material\n"
        "plugins:\n  - search\n"
        "markdown_extensions:\n  - tables\n"
        "nav:\n  - index.md\n"
        "not_in_nav: /signatories/*.md\n"
    )
    paths = signatory_paths(signatories)
    for path in paths:
        page = markdown_page(read_signatory(path), facts_in_body=True)
        (pages / f"{path.stem}.md").write_text(page, encoding="utf-8")
    return len(paths)


def generate(folder: Path, count: int) -> Path:
    """``count`` synthetic signatory files (scripts/generate-signatories), in a new folder."""
    signatories = folder / f"signatories-{count}"
    command = [sys.executable, str(ROOT / "scripts" / "generate-signatories"), str(count)]
    subprocess.run([*command, str(signatories)], check=True, stderr=subprocess.DEVNULL)
    return signatories


def our_project(folder: Path, signatories: Path, copy: bool = False) -> Path:
    """This site (code, pages, theme, config) with the given signatories, in ``folder/ours``."""
    project = folder / "ours"
    for name in ("code", "docs", "theme", "data"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    # Hard links are quick to make; a copy when the files will be edited. (The build
    # refuses a symbolic link in place of the folder.)
    shutil.copytree(
        signatories, project / "signatories", copy_function=shutil.copy2 if copy else os.link
    )
    (project / "reviews").mkdir()  # the real review records name the real samples
    return project
