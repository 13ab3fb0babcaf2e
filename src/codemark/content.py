"""Load and check the code (``code/``) and the case studies (``docs/case-studies/``).

Every file is read and every problem collected before anything is returned:
a caller gets either the whole content, checked, or a ContentError listing
all that is wrong with it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from codemark import rules
from codemark import schema as s
from codemark.load import load_markdown
from codemark.model import (
    CaseStudy,
    Change,
    Code,
    Content,
    Criterion,
    EvidenceRule,
    FieldWords,
    Kind,
    Level,
    Principle,
    Reference,
    Source,
)
from codemark.problems import ContentError, Problem, problem

INDEX = "index.md"
_PRINCIPLE_FILE = re.compile(r"(\d+)-[a-z0-9-]+\.md")
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


@dataclass(kw_only=True, slots=True)
class LevelFields(s.Section):
    id: str = s.prop(s.Slug(), description="The level's id, as criteria name it")
    name: str = s.prop(_ONE_LINE, description="The level's name, as the site shows it")
    description: str = s.prop(_PARAGRAPH, description="What a body at this level does")
    review_required: bool = s.prop(
        s.Boolean(),
        description="Whether the level is shown only once the secretariat has reviewed the "
        "evidence (a record in reviews/)",
    )


@dataclass(kw_only=True, slots=True)
class KindFields(s.Section):
    id: str = s.prop(s.Slug(), description="The kind's id, as signatory files and criteria name it")
    name: str = s.prop(_ONE_LINE, description="The kind's name, as the site shows it")
    in_a_sentence: str = s.prop(
        _ONE_LINE,
        description="One body of the kind in running text, with its article: "
        "'a housing association', 'another public body'",
    )


@dataclass(kw_only=True, slots=True)
class ReferenceFields(s.Section):
    id: str = s.prop(s.Slug(), description="The document's id, as case studies name it")
    title: str = s.prop(_ONE_LINE, description="The document's title")
    publisher: str = s.prop(_ONE_LINE, description="Who published it")
    series: str = s.prop(_ONE_LINE, description="Its series or number, such as Paper 4")
    date: str = s.prop(_ONE_LINE, description="When it was published, as written on it")
    url: str = s.prop(s.Url(https_only=False), description="Where to read it")


@dataclass(kw_only=True, slots=True)
class SourceFields(s.Section):
    id: str = s.prop(s.Slug(), description="The source's id, as principles cite it")
    group: str = s.prop(_ONE_LINE, description="The part of the document it is in")
    label: str = s.prop(_ONE_LINE, description="What the source says, in a line")


@dataclass(kw_only=True, slots=True)
class ChangeFields(s.Section):
    version: str = s.prop(s.Version(), description="The version this entry describes")
    date: datetime.date = s.prop(s.Date(), description="The day the version was published")
    changes: list[str] = s.prop(
        s.ListOf(_PARAGRAPH, min_items=1), description="What changed, one item per change"
    )


_WORDS = s.Text(max_length=300)


@dataclass(kw_only=True, slots=True)
class FieldWordsFields(s.Section):
    description: str | None = s.prop(
        _WORDS, required=False, description="What the field holds, for editors (JSON Schema)"
    )
    example: str | None = s.prop(
        _WORDS, required=False, description="A value shown in messages when the field is missing"
    )
    label: str | None = s.prop(_WORDS, required=False, description="The form's label")
    hint: str | None = s.prop(_WORDS, required=False, description="The form's hint under the label")
    template: str | None = s.prop(
        _WORDS, required=False, description="The comment beside the field in a blank template"
    )
    pattern_hint: str | None = s.prop(
        _WORDS,
        required=False,
        description="What a value must look like, in messages, for a field with a pattern",
    )


@dataclass(kw_only=True, slots=True)
class IndexFields(s.Section):
    """The front matter of the code's index."""

    name: str = s.prop(_ONE_LINE, description="The code's full name")
    short_name: str = s.prop(
        s.Text(max_length=40), description="A short name, for badges and the feed"
    )
    version: str = s.prop(s.Version(), description="The current version of the code")
    published: datetime.date = s.prop(
        s.Date(), description="The day the current version was published"
    )
    validity_months: int = s.prop(
        s.Integer(minimum=1, maximum=60),
        description="How many months a self-assessment stays current from its date",
    )
    renewal_window_days: int = s.prop(
        s.Integer(minimum=0, maximum=365),
        description="How many days before it lapses an assessment is shown as due for renewal",
    )
    levels: list[LevelFields] = s.prop(
        s.ListOf(s.Record(LevelFields), min_items=1),
        description="The levels of the quality mark, from the first to the highest",
    )
    kinds: list[KindFields] = s.prop(
        s.ListOf(s.Record(KindFields), min_items=1),
        description="The kinds of body that can sign",
    )
    references: list[ReferenceFields] = s.prop(
        s.ListOf(s.Record(ReferenceFields), min_items=1),
        description="The documents the code draws on",
    )
    sources: list[SourceFields] = s.prop(
        s.ListOf(s.Record(SourceFields), min_items=1),
        description="The parts of those documents that principles cite; each is cited",
    )
    changelog: list[ChangeFields] = s.prop(
        s.ListOf(s.Record(ChangeFields), min_items=1),
        description="Every published version, with what changed; the current one included",
    )
    body: str | None = s.prop(
        _ONE_LINE,
        required=False,
        description="What the pages call one body that can sign, such as 'public body' or "
        "'employer'; 'body' if not given",
    )
    bodies: str | None = s.prop(
        _ONE_LINE,
        required=False,
        description="The same for more than one, such as 'public bodies'; 'bodies' if not given",
    )
    areas: bool = s.prop(
        s.Boolean(),
        required=False,
        default=True,
        description="Whether signatories say which areas they serve (organisation.area)",
    )
    signatory_fields: s.Entries[FieldWordsFields] | None = s.prop(
        s.MapOf(
            s.Choice(values="signatory_fields", noun="field of a signatory file"),
            s.Record(FieldWordsFields),
        ),
        required=False,
        description="This code's own words for fields of a signatory file, by the field's path "
        "(organisation.identifier): examples and hints that name its own bodies and places",
    )
    guidance_for: list[str] | None = s.prop(
        s.ListOf(_ONE_LINE, unique=True, example="[tenants, landlords]"),
        required=False,
        description="The people every principle gives guidance for, each under a heading "
        "'### For <them>' in the principle's text",
    )
    role_words: list[str] | None = s.prop(
        s.ListOf(s.Slug(), unique=True, example="[northside]"),
        required=False,
        description="Words that make a contact mailbox a team's rather than a person's, beyond "
        "the engine's own (commissioning, enquiries...): such as the name of the code's place",
    )
    case_studies_intro: str | None = s.prop(
        _PARAGRAPH,
        required=False,
        description="The opening of the case studies page, in Markdown; {count} is their number",
    )


@dataclass(kw_only=True, slots=True)
class EvidenceFields(s.Section):
    url: str = s.prop(s.Choice(values=["required", "optional"], noun="rule"))
    justification: str = s.prop(s.Choice(values=["required", "optional"], noun="rule"))
    guide: str = s.prop(s.Text(multiline=True, max_length=600))


@dataclass(kw_only=True, slots=True)
class CriterionFields(s.Section):
    id: str = s.prop(
        s.Text(
            max_length=10,
            pattern=rules.Pattern("[0-9]+\\.[0-9]+"),
            pattern_hint="a criterion number such as 4.2",
        ),
        description="The principle's number, a dot, and the criterion's number.",
    )
    title: str = s.prop(
        s.Text(max_length=60),
        description="A few words saying what the criterion asks, shown wherever the "
        "criterion's number is (signatory pages, the form, the checklist, open data).",
    )
    text: str = s.prop(s.Text(multiline=True, max_length=600))
    level: str = s.prop(s.Choice(values="levels", noun="level"))
    evidence: EvidenceFields = s.prop(s.Record(EvidenceFields))
    na_allowed: bool = s.prop(s.Boolean())
    applies_to: str | list[str] = s.prop(s.AllOrList(s.Choice(values="kinds", noun="kind of body")))
    since: str = s.prop(s.Version())
    effective: datetime.date | None = s.prop(s.Date(), required=False)


@dataclass(kw_only=True, slots=True)
class PrincipleFields(s.Section):
    """The front matter of a principle file; levels, kinds and sources come from the index."""

    id: int = s.prop(s.Integer(minimum=1, maximum=99))
    title: str = s.prop(_ONE_LINE)
    summary: str = s.prop(s.Text(multiline=True, max_length=600))
    sources: list[str] = s.prop(
        s.ListOf(
            s.Choice(values="sources", noun="source"),
            min_items=1,
            unique=True,
            example="[nao-1, rec-4]",
        )
    )
    criteria: list[CriterionFields] = s.prop(
        s.ListOf(s.Record(CriterionFields), min_items=1), example="(a list of criteria)"
    )


@dataclass(kw_only=True, slots=True)
class CaseStudySourceFields(s.Section):
    reference: str = s.prop(s.Choice(values="references", noun="reference"))
    section: str = s.prop(_ONE_LINE)


@dataclass(kw_only=True, slots=True)
class CaseStudyFields(s.Section):
    """The front matter of a case study; principles and references come from the code."""

    title: str = s.prop(_ONE_LINE)
    summary: str = s.prop(s.Text(multiline=True, max_length=600))
    organisations: list[str] = s.prop(
        s.ListOf(_ONE_LINE, min_items=1, example="[A Council, A Charity]")
    )
    area: list[str] = s.prop(
        s.ListOf(_ONE_LINE, min_items=1, example="[Northside]"),
        description="The areas it covers",
    )
    service_area: str = s.prop(s.Choice(values=SERVICE_AREAS, noun="service area"))
    year: int = s.prop(s.Integer(minimum=1990, maximum=2100))
    principles: list[str] = s.prop(
        s.ListOf(
            s.Choice(values="principles", noun="principle"),
            min_items=1,
            unique=True,
            example="[1, 4]",
        )
    )
    source: CaseStudySourceFields = s.prop(s.Record(CaseStudySourceFields))


def code_lists(code: Code) -> dict[str, list[str]]:
    """The choices in principles and case studies that come from the code's index."""
    return {
        "levels": [level.id for level in code.levels],
        "kinds": [kind.id for kind in code.kinds],
        "sources": [source.id for source in code.sources],
        "references": [ref.id for ref in code.references],
        "principles": [str(p.id) for p in code.principles],
    }


def load_content(code_dir: Path, case_study_dir: Path, docs_dir: Path) -> Content:
    """Load and check the code and the case studies; raise ContentError listing every problem."""
    code = load_code(code_dir)
    return Content(code, load_case_studies(case_study_dir, code, docs_dir))


def load_code(code_dir: Path) -> Code:
    """Load the code's index and principles from ``code_dir``."""
    problems: list[Problem] = []
    shown = shown_relative_to(code_dir.parent)
    # The fields a code may give its own words for; imported here, as the signatory
    # file's declaration is read against a loaded code.
    from codemark.signatories.fields import word_paths

    lists = {"signatory_fields": s.Choices(word_paths())}
    index = _read_front_matter(code_dir / INDEX, shown, IndexFields, lists, problems)
    if index is None:
        raise ContentError(problems)
    code = _build_index(index[0], index[1], shown(code_dir / INDEX), problems)
    if problems:  # principles are checked against the index, so it must be sound first
        raise ContentError(problems)

    principles: list[tuple[Principle, dict[str, int]]] = []
    for path in sorted(code_dir.glob("*.md")):
        if path.name == INDEX:
            continue
        if not _PRINCIPLE_FILE.fullmatch(path.name):
            problems.append(problem(shown(path), 1, "principle-file-name"))
            continue
        loaded = _load_principle(path, shown(path), code, problems)
        if loaded is not None:
            principles.append(loaded)
    if not principles and not problems:
        problems.append(problem(shown(code_dir), 1, "no-principles"))
    source_lines = {source.id: source.line for source in index[0].sources}
    _check_principles(principles, code, shown(code_dir / INDEX), source_lines, problems)
    if problems:
        raise ContentError(problems)
    ordered = sorted((principle for principle, _ in principles), key=lambda p: p.id)
    return replace(code, principles=tuple(ordered))


def load_case_studies(case_dir: Path, code: Code, docs_dir: Path) -> tuple[CaseStudy, ...]:
    """Load the case studies in ``case_dir``; ``index.md`` is left to the site."""
    problems: list[Problem] = []
    shown = shown_relative_to(docs_dir.parent)
    studies = []
    for path in sorted(case_dir.glob("*.md")):
        if path.name == INDEX:
            continue
        read = _read_front_matter(path, shown, CaseStudyFields, code_lists(code), problems)
        if read is None:
            continue
        study = read[0]
        studies.append(
            CaseStudy(
                slug=path.stem,
                title=study.title,
                summary=study.summary,
                organisations=tuple(study.organisations),
                areas=tuple(study.area),
                service_area=study.service_area,
                year=study.year,
                principles=tuple(
                    sorted((code.principle(int(p)) for p in study.principles), key=lambda p: p.id)
                ),
                reference=next(r for r in code.references if r.id == study.source.reference),
                section=study.source.section,
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


F = TypeVar("F", bound=s.Section)


@dataclass(frozen=True)
class Body:
    """The Markdown after a file's front matter, and the line it starts on."""

    text: str
    line: int


def _read_front_matter(
    path: Path,
    shown: Callable[[Path], str],
    fields: type[F],
    lists: Mapping[str, Sequence[str]],
    problems: list[Problem],
) -> tuple[F, Body] | None:
    """Read and check a Markdown file's front matter. None when it has any problem."""
    document = load_markdown(path, shown(path))
    if isinstance(document, Problem):
        problems.append(document)
        return None
    if document.node is None:
        problems.append(problem(document.path, 2, "empty-front-matter"))
        return None
    reader = s.Reader(document.path, document.first_line, lists=lists)
    values = s.Record(fields).read(document.node, reader, ())
    problems.extend(reader.problems)
    if reader.problems or not isinstance(values, fields):
        return None
    return values, Body(document.body, document.body_line)


def _build_index(values: IndexFields, body: Body, shown_as: str, problems: list[Problem]) -> Code:
    levels = tuple(
        Level(v.id, v.name, v.description, v.review_required, rank)
        for rank, v in enumerate(values.levels, start=1)
    )
    for what, items in (
        ("level", values.levels),
        ("kind of body", values.kinds),
        ("reference", values.references),
        ("source", values.sources),
    ):
        _report_duplicates(shown_as, what, items, problems)
    changelog = tuple(Change(v.version, v.date, tuple(v.changes)) for v in values.changelog)
    if values.version not in {change.version for change in changelog}:
        problems.append(
            problem(
                shown_as,
                values.lines["changelog"],
                "no-changelog-entry",
                field=("changelog",),
                version=values.version,
            )
        )
    return Code(
        name=values.name,
        short_name=values.short_name,
        version=values.version,
        published=values.published,
        validity_months=values.validity_months,
        renewal_window_days=values.renewal_window_days,
        levels=levels,
        kinds=tuple(Kind(v.id, v.name, v.in_a_sentence) for v in values.kinds),
        references=tuple(
            Reference(v.id, v.title, v.publisher, v.series, v.date, v.url)
            for v in values.references
        ),
        sources=tuple(Source(v.id, v.group, v.label) for v in values.sources),
        changelog=changelog,
        introduction=body.text,
        areas=values.areas,
        body=values.body or "body",
        bodies=values.bodies or "bodies",
        field_words=tuple(
            (path, FieldWords(**{k: v or "" for k, v in _words(w).items()}))
            for path, w in (values.signatory_fields or {}).items()
        ),
        role_words=tuple(values.role_words or ()),
        guidance_for=tuple(values.guidance_for or ()),
        case_studies_intro=values.case_studies_intro or "",
    )


def _words(values: FieldWordsFields) -> dict[str, str | None]:
    return {name: getattr(values, name) for name in s.props(FieldWordsFields)}


def _report_duplicates(
    shown_as: str,
    what: str,
    items: Sequence[LevelFields | KindFields | ReferenceFields | SourceFields],
    problems: list[Problem],
) -> None:
    first_line: dict[str, int] = {}
    for item in items:
        if item.id in first_line:
            problems.append(
                problem(
                    shown_as,
                    item.line,
                    "declared-twice",
                    what=what,
                    id=item.id,
                    first=first_line[item.id],
                )
            )
        else:
            first_line[item.id] = item.line


def _load_principle(
    path: Path, shown_as: str, code: Code, problems: list[Problem]
) -> tuple[Principle, dict[str, int]] | None:
    read = _read_front_matter(path, lambda _: shown_as, PrincipleFields, code_lists(code), problems)
    if read is None:
        return None
    values, body = read
    number = int(_PRINCIPLE_FILE.fullmatch(path.name).group(1))  # type: ignore[union-attr]
    if values.id != number:
        problems.append(
            problem(
                shown_as,
                values.lines["id"],
                "principle-number",
                field=("id",),
                id=values.id,
                prefix=path.name.split("-")[0],
            )
        )
    criteria = []
    lines: dict[str, int] = {}  # where each criterion's id is first written
    for position, item in enumerate(values.criteria, start=1):
        if item.id in lines:
            problems.append(
                problem(
                    shown_as,
                    item.lines["id"],
                    "criterion-twice",
                    field=("criteria", f"item {position}", "id"),
                    id=item.id,
                    first=lines[item.id],
                )
            )
            continue
        prefix, _, _ = item.id.partition(".")
        if int(prefix) != values.id:
            problems.append(
                problem(
                    shown_as,
                    item.lines["id"],
                    "criterion-prefix",
                    field=("criteria", f"item {position}", "id"),
                    id=item.id,
                    principle=values.id,
                    example=f"{values.id}.{position}",
                )
            )
        applies_all = item.applies_to == "all"
        kinds = (
            code.kinds if applies_all else tuple(k for k in code.kinds if k.id in item.applies_to)
        )
        criteria.append(
            Criterion(
                id=item.id,
                principle_id=values.id,
                title=item.title,
                text=item.text,
                level=code.level(item.level),
                evidence=EvidenceRule(
                    url_required=item.evidence.url == "required",
                    justification_required=item.evidence.justification == "required",
                    guide=item.evidence.guide,
                ),
                na_allowed=item.na_allowed,
                applies_to=kinds,
                applies_to_all=applies_all,
                since=item.since,
                effective=item.effective,
            )
        )
        lines[item.id] = item.lines["id"]
    for role in code.guidance_for:
        if not re.search(rf"^###\s+For {role}\s*$", body.text, re.MULTILINE | re.IGNORECASE):
            problems.append(problem(shown_as, body.line, "no-guidance", role=role))
    principle = Principle(
        id=values.id,
        slug=path.stem,
        title=values.title,
        summary=values.summary,
        sources=tuple(next(x for x in code.sources if x.id == key) for key in values.sources),
        criteria=tuple(criteria),
        body=body.text,
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
                problem(
                    principle.path,
                    lines[""],
                    "principle-twice",
                    field=("id",),
                    id=principle.id,
                    other=principle_at[principle.id],
                )
            )
        principle_at.setdefault(principle.id, principle.path)
    if problems:
        return
    cited = {source.id for principle, _ in loaded for source in principle.sources}
    for source in code.sources:
        if source.id not in cited:
            problems.append(
                problem(
                    index_shown_as,
                    source_lines[source.id],
                    "source-not-cited",
                    id=source.id,
                    label=source.label,
                )
            )
