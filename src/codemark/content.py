"""Load and check the code (``code/``) and the case studies (``docs/case-studies/``).

Every file is read and every problem collected before anything is returned:
a caller gets either the whole content, checked, or a ContentError listing
all that is wrong with it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from codemark import schema as s
from codemark.load import load_markdown
from codemark.model import (
    CaseStudy,
    Change,
    Code,
    Content,
    Criterion,
    EvidenceRule,
    Kind,
    Level,
    Principle,
    Reference,
    Source,
)
from codemark.problems import ContentError, Problem

INDEX = "index.md"
_PRINCIPLE_FILE = re.compile(r"(\d+)-[a-z0-9-]+\.md")
ROLES = ("commissioners", "procurement officers", "providers and communities")
SERVICE_AREAS = (
    "Health and care",
    "Debt and money advice",
    "Children and young people",
    "Community development",
    "Council-wide commissioning",
    "Funding and philanthropy",
)

_ONE_LINE = s.Text()
_PARAGRAPH = s.Text(multiline=True, max_length=2000)

INDEX_SCHEMA = s.Record(
    {
        "name": s.Prop(_ONE_LINE),
        "short_name": s.Prop(s.Text(max_length=40)),
        "version": s.Prop(s.Version()),
        "published": s.Prop(s.Date()),
        "validity_months": s.Prop(s.Integer(minimum=1, maximum=60)),
        "renewal_window_days": s.Prop(s.Integer(minimum=0, maximum=365)),
        "levels": s.Prop(
            s.ListOf(
                s.Record(
                    {
                        "id": s.Prop(s.Slug()),
                        "name": s.Prop(_ONE_LINE),
                        "description": s.Prop(_PARAGRAPH),
                        "review_required": s.Prop(s.Boolean()),
                    }
                ),
                min_items=1,
            )
        ),
        "kinds": s.Prop(
            s.ListOf(
                s.Record(
                    {
                        "id": s.Prop(s.Slug()),
                        "name": s.Prop(_ONE_LINE),
                        "in_a_sentence": s.Prop(
                            _ONE_LINE,
                            description="One body of the kind in running text, with its "
                            "article: 'an NHS commissioner', 'another public body'",
                        ),
                    }
                ),
                min_items=1,
            )
        ),
        "references": s.Prop(
            s.ListOf(
                s.Record(
                    {
                        "id": s.Prop(s.Slug()),
                        "title": s.Prop(_ONE_LINE),
                        "publisher": s.Prop(_ONE_LINE),
                        "series": s.Prop(_ONE_LINE),
                        "date": s.Prop(_ONE_LINE),
                        "url": s.Prop(s.Url(https_only=False)),
                    }
                ),
                min_items=1,
            )
        ),
        "sources": s.Prop(
            s.ListOf(
                s.Record(
                    {
                        "id": s.Prop(s.Slug()),
                        "group": s.Prop(_ONE_LINE),
                        "label": s.Prop(_ONE_LINE),
                    }
                ),
                min_items=1,
            )
        ),
        "changelog": s.Prop(
            s.ListOf(
                s.Record(
                    {
                        "version": s.Prop(s.Version()),
                        "date": s.Prop(s.Date()),
                        "changes": s.Prop(s.ListOf(_PARAGRAPH, min_items=1)),
                    }
                ),
                min_items=1,
            )
        ),
    }
)


def principle_schema(code: Code) -> s.Record:
    """The front matter of a principle file; levels, kinds and sources come from the index."""
    criterion = s.Record(
        {
            "id": s.Prop(
                s.Text(
                    max_length=10,
                    pattern=r"\d+\.\d+",
                    pattern_hint="a criterion number such as 4.2",
                ),
                description="The principle's number, a dot, and the criterion's number.",
            ),
            "title": s.Prop(
                s.Text(max_length=60),
                description="A few words saying what the criterion asks, shown wherever the "
                "criterion's number is (signatory pages, the form, the checklist, open data).",
            ),
            "text": s.Prop(s.Text(multiline=True, max_length=600)),
            "level": s.Prop(s.Choice(values=[level.id for level in code.levels], noun="level")),
            "evidence": s.Prop(
                s.Record(
                    {
                        "url": s.Prop(s.Choice(values=["required", "optional"], noun="rule")),
                        "justification": s.Prop(
                            s.Choice(values=["required", "optional"], noun="rule")
                        ),
                        "guide": s.Prop(s.Text(multiline=True, max_length=600)),
                    }
                )
            ),
            "na_allowed": s.Prop(s.Boolean()),
            "applies_to": s.Prop(
                s.AllOrList(s.Choice(values=[kind.id for kind in code.kinds], noun="kind of body"))
            ),
            "since": s.Prop(s.Version()),
            "effective": s.Prop(s.Date(), required=False),
        }
    )
    return s.Record(
        {
            "id": s.Prop(s.Integer(minimum=1, maximum=99)),
            "title": s.Prop(_ONE_LINE),
            "summary": s.Prop(s.Text(multiline=True, max_length=600)),
            "sources": s.Prop(
                s.ListOf(
                    s.Choice(values=[source.id for source in code.sources], noun="source"),
                    min_items=1,
                    unique=True,
                    example="[nao-1, rec-4]",
                )
            ),
            "criteria": s.Prop(s.ListOf(criterion, min_items=1), example="(a list of criteria)"),
        }
    )


def case_study_schema(code: Code) -> s.Record:
    """The front matter of a case study; principles and references come from the code."""
    return s.Record(
        {
            "title": s.Prop(_ONE_LINE),
            "summary": s.Prop(s.Text(multiline=True, max_length=600)),
            "organisations": s.Prop(
                s.ListOf(_ONE_LINE, min_items=1, example="[A Council, A Charity]")
            ),
            "area": s.Prop(
                s.ListOf(_ONE_LINE, min_items=1, example="[Camden]"),
                description="London boroughs, or London-wide",
            ),
            "service_area": s.Prop(s.Choice(values=SERVICE_AREAS, noun="service area")),
            "year": s.Prop(s.Integer(minimum=1990, maximum=2100)),
            "principles": s.Prop(
                s.ListOf(
                    s.Choice(values=[str(p.id) for p in code.principles], noun="principle"),
                    min_items=1,
                    unique=True,
                    example="[1, 4]",
                )
            ),
            "source": s.Prop(
                s.Record(
                    {
                        "reference": s.Prop(
                            s.Choice(values=[ref.id for ref in code.references], noun="reference")
                        ),
                        "section": s.Prop(_ONE_LINE),
                    }
                )
            ),
        }
    )


def load_content(code_dir: Path, case_study_dir: Path, docs_dir: Path) -> Content:
    """Load and check the code and the case studies; raise ContentError listing every problem."""
    code = load_code(code_dir)
    return Content(code, load_case_studies(case_study_dir, code, docs_dir))


def load_code(code_dir: Path) -> Code:
    """Load the code's index and principles from ``code_dir``."""
    problems: list[Problem] = []
    shown = shown_relative_to(code_dir.parent)
    index = _read_front_matter(code_dir / INDEX, shown, INDEX_SCHEMA, problems)
    if index is None:
        raise ContentError(problems)
    code = _build_index(index, shown(code_dir / INDEX), problems)
    if problems:  # principles are checked against the index, so it must be sound first
        raise ContentError(problems)

    principles: list[tuple[Principle, dict[str, int]]] = []
    for path in sorted(code_dir.glob("*.md")):
        if path.name == INDEX:
            continue
        if not _PRINCIPLE_FILE.fullmatch(path.name):
            problems.append(
                Problem(
                    shown(path),
                    1,
                    "a principle's file name must be its number, a hyphen and a short name "
                    "in lowercase, such as 04-anchor-organisations.md. Rename the file.",
                )
            )
            continue
        loaded = _load_principle(path, shown(path), code, problems)
        if loaded is not None:
            principles.append(loaded)
    if not principles and not problems:
        problems.append(Problem(shown(code_dir), 1, "there are no principle files in this folder."))
    source_lines = {source["id"]: source.line for source in index["sources"]}
    _check_principles(principles, code, shown(code_dir / INDEX), source_lines, problems)
    if problems:
        raise ContentError(problems)
    ordered = sorted((principle for principle, _ in principles), key=lambda p: p.id)
    return replace(code, principles=tuple(ordered))


def load_case_studies(case_dir: Path, code: Code, docs_dir: Path) -> tuple[CaseStudy, ...]:
    """Load the case studies in ``case_dir``; ``index.md`` is left to the site."""
    problems: list[Problem] = []
    shown = shown_relative_to(docs_dir.parent)
    schema = case_study_schema(code)
    studies = []
    for path in sorted(case_dir.glob("*.md")):
        if path.name == INDEX:
            continue
        values = _read_front_matter(path, shown, schema, problems)
        if values is None:
            continue
        source = values["source"]
        studies.append(
            CaseStudy(
                slug=path.stem,
                title=values["title"],
                summary=values["summary"],
                organisations=tuple(values["organisations"]),
                areas=tuple(values["area"]),
                service_area=values["service_area"],
                year=values["year"],
                principles=tuple(
                    sorted(
                        (code.principle(int(p)) for p in values["principles"]), key=lambda p: p.id
                    )
                ),
                reference=next(r for r in code.references if r.id == source["reference"]),
                section=source["section"],
                path=path.relative_to(docs_dir).as_posix(),
            )
        )
    if problems:
        raise ContentError(problems)
    return tuple(sorted(studies, key=lambda c: c.title.lower()))


def shown_relative_to(root: Path) -> Any:
    """A function that shows a path relative to ``root`` in messages, if it is inside it."""

    def shown(path: Path) -> str:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            return path.as_posix()

    return shown


def _read_front_matter(
    path: Path, shown: Any, record: s.Record, problems: list[Problem]
) -> s.Values | None:
    """Read and check a Markdown file's front matter. None when it has any problem."""
    document = load_markdown(path, shown(path))
    if isinstance(document, Problem):
        problems.append(document)
        return None
    if document.node is None:
        problems.append(Problem(document.path, 2, "the front matter is empty."))
        return None
    reader = s.Reader(document.path, document.first_line)
    values: s.Values = record.read(document.node, reader, "")
    problems.extend(reader.problems)
    if reader.problems:
        return None
    values["__body__"] = document.body
    values["__body_line__"] = document.body_line
    return values


def _build_index(values: s.Values, shown_as: str, problems: list[Problem]) -> Code:
    levels = tuple(
        Level(v["id"], v["name"], v["description"], v["review_required"], rank)
        for rank, v in enumerate(values["levels"], start=1)
    )
    for what, items in (
        ("level", values["levels"]),
        ("kind of body", values["kinds"]),
        ("reference", values["references"]),
        ("source", values["sources"]),
    ):
        _report_duplicates(shown_as, what, items, problems)
    changelog = tuple(
        Change(v["version"], v["date"], tuple(v["changes"])) for v in values["changelog"]
    )
    if values["version"] not in {change.version for change in changelog}:
        problems.append(
            Problem(
                shown_as,
                values.lines["changelog"],
                f"changelog: there is no entry for the current version {values['version']}. "
                "Add one saying what changed.",
            )
        )
    return Code(
        name=values["name"],
        short_name=values["short_name"],
        version=values["version"],
        published=values["published"],
        validity_months=values["validity_months"],
        renewal_window_days=values["renewal_window_days"],
        levels=levels,
        kinds=tuple(Kind(v["id"], v["name"], v["in_a_sentence"]) for v in values["kinds"]),
        references=tuple(
            Reference(v["id"], v["title"], v["publisher"], v["series"], v["date"], v["url"])
            for v in values["references"]
        ),
        sources=tuple(Source(v["id"], v["group"], v["label"]) for v in values["sources"]),
        changelog=changelog,
        introduction=values["__body__"],
    )


def _report_duplicates(
    shown_as: str, what: str, items: list[s.Values], problems: list[Problem]
) -> None:
    first_line: dict[str, int] = {}
    for item in items:
        if item["id"] in first_line:
            problems.append(
                Problem(
                    shown_as,
                    item.line,
                    f"{what} '{item['id']}' is declared twice (first on line "
                    f"{first_line[item['id']]}). Give each {what} its own id.",
                )
            )
        else:
            first_line[item["id"]] = item.line


def _load_principle(
    path: Path, shown_as: str, code: Code, problems: list[Problem]
) -> tuple[Principle, dict[str, int]] | None:
    values = _read_front_matter(path, lambda _: shown_as, principle_schema(code), problems)
    if values is None:
        return None
    number = int(_PRINCIPLE_FILE.fullmatch(path.name).group(1))  # type: ignore[union-attr]
    if values["id"] != number:
        problems.append(
            Problem(
                shown_as,
                values.lines["id"],
                f"id: the principle's id is {values['id']} but its file name starts with "
                f"{path.name.split('-')[0]}. Make them agree.",
            )
        )
    criteria = []
    lines: dict[str, int] = {}  # where each criterion's id is first written
    for position, item in enumerate(values["criteria"], start=1):
        if item["id"] in lines:
            problems.append(
                Problem(
                    shown_as,
                    item.lines["id"],
                    f"criteria › item {position} › id: criterion {item['id']} is already "
                    f"defined on line {lines[item['id']]}. Give each criterion its own id.",
                )
            )
            continue
        prefix, _, _ = item["id"].partition(".")
        if int(prefix) != values["id"]:
            problems.append(
                Problem(
                    shown_as,
                    item.lines["id"],
                    f"criteria › item {position} › id: '{item['id']}' does not belong to "
                    f"principle {values['id']}. Criterion ids start with the principle's "
                    f"number, such as {values['id']}.{position}.",
                )
            )
        applies_all = item["applies_to"] == "all"
        kinds = (
            code.kinds
            if applies_all
            else tuple(k for k in code.kinds if k.id in item["applies_to"])
        )
        criteria.append(
            Criterion(
                id=item["id"],
                principle_id=values["id"],
                title=item["title"],
                text=item["text"],
                level=code.level(item["level"]),
                evidence=EvidenceRule(
                    url_required=item["evidence"]["url"] == "required",
                    justification_required=item["evidence"]["justification"] == "required",
                    guide=item["evidence"]["guide"],
                ),
                na_allowed=item["na_allowed"],
                applies_to=kinds,
                applies_to_all=applies_all,
                since=item["since"],
                effective=item.get("effective"),
            )
        )
        lines[item["id"]] = item.lines["id"]
    body = values["__body__"]
    for role in ROLES:
        if not re.search(rf"^###\s+For {role}\s*$", body, re.MULTILINE | re.IGNORECASE):
            problems.append(
                Problem(
                    shown_as,
                    values["__body_line__"],
                    f"the text has no guidance for {role}. Add a heading "
                    f"'### For {role}' under '## Guidance', with guidance below it.",
                )
            )
    principle = Principle(
        id=values["id"],
        slug=path.stem,
        title=values["title"],
        summary=values["summary"],
        sources=tuple(next(x for x in code.sources if x.id == key) for key in values["sources"]),
        criteria=tuple(criteria),
        body=body,
        path=shown_as,
    )
    return principle, lines | {"": values.lines["id"]}


def _check_principles(
    loaded: list[tuple[Principle, dict[str, int]]],
    code: Code,
    index_shown_as: str,
    source_lines: dict[str, int],
    problems: list[Problem],
) -> None:
    """Checks across files: principle ids are unique, and every source is cited.

    Criterion ids cannot clash across files: each starts with its principle's id.
    """
    principle_at: dict[int, str] = {}
    for principle, lines in loaded:
        if principle.id in principle_at:
            problems.append(
                Problem(
                    principle.path,
                    lines[""],
                    f"id: principle {principle.id} is also defined in "
                    f"{principle_at[principle.id]}. Give each principle its own number.",
                )
            )
        principle_at.setdefault(principle.id, principle.path)
    if problems:
        return
    cited = {source.id for principle, _ in loaded for source in principle.sources}
    for source in code.sources:
        if source.id not in cited:
            problems.append(
                Problem(
                    index_shown_as,
                    source_lines[source.id],
                    f"source '{source.id}' ({source.label}) is cited by no principle. "
                    "Cite it in the 'sources' of the principle that carries it.",
                )
            )
