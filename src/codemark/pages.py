"""The pages the site generates from the content, as Markdown with markers.

Prose written by the secretariat (a principle's explanation, the code's
introduction) stays Markdown, so mkdocs renders it like any page and lists
its headings in the table of contents. Structured parts (criteria, tables,
lists of case studies) are left as ``<!-- codemark:NAME ARG -->`` markers
that ``Renderer.fill_markers`` replaces with HTML from templates.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass

from codemark import rules, urls
from codemark.model import CaseStudy, Code, Content, Principle
from codemark.text import long_date

FACET_NAMES = {"principle": "Principle", "area": "Area", "service": "Service area"}


@dataclass(frozen=True)
class GeneratedPage:
    """A page that exists only in the build: its path among the docs, and its Markdown."""

    uri: str
    markdown: str


def _relative(target: str, source: str) -> str:
    """A Markdown link from one source file to another, as mkdocs resolves it."""
    return posixpath.relpath(target, posixpath.dirname(source))


def marker(name: str, argument: object = None) -> str:
    return f"<!-- codemark:{name}{'' if argument is None else f' {argument}'} -->"


def _front_matter(title: str, *, search: bool = True, hide: tuple[str, ...] = ()) -> str:
    lines = ["---", f"title: {_yaml_text(title)}"]
    if not search:
        lines += ["search:", "  exclude: true"]
    if hide:
        lines += ["hide:", *(f"  - {item}" for item in hide)]
    return "\n".join([*lines, "---", ""])


def _yaml_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def demote_headings(markdown: str, by: int = 1) -> str:
    """Push every ATX heading down ``by`` levels, leaving fenced code alone."""
    out, fenced = [], False
    for line in markdown.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced and re.match(r"#{1,5} ", line):
            line = "#" * by + line
        out.append(line)
    return "\n".join(out)


def generated_pages(content: Content) -> Iterator[GeneratedPage]:
    """Every page built from ``code/`` and the case studies' front matter."""
    yield code_overview(content)
    for principle in content.code.principles:
        yield principle_page(principle)
    yield printable_code(content)
    yield case_study_index(content)
    yield register_page(content.code)
    yield statistics_page(content.code.areas)
    yield from signing_pages(content)
    for facet, value, _ in case_study_facets(content):
        yield facet_page(facet, value)


def code_overview(content: Content) -> GeneratedPage:
    code = content.code
    return GeneratedPage(
        urls.CODE,
        f"""{_front_matter("The code")}
# {code.name}

Version {code.version}, published {long_date(code.published)}.
[Print the whole code, with a checklist](print.md).

{code.introduction.strip()}

## The principles at a glance

{marker("principles-table")}

## The levels of the quality mark

{marker("levels")}

## How long an assessment lasts

A self-assessment is current for {code.validity_months} months from its date.
From {code.renewal_window_days} days before then, it is due for renewal.
After that date the mark shows as lapsed until the body files a new assessment.

## Changes to the code

{marker("changelog")}
""",
    )


def principle_page(principle: Principle) -> GeneratedPage:
    return GeneratedPage(
        urls.principle_page(principle.slug),
        f"""{_front_matter(principle.heading)}
# {principle.heading}

{marker("principle-summary", principle.id)}

## Criteria

{marker("criteria", principle.id)}

{principle.body.strip()}

## Where it comes from

{marker("sources", principle.id)}

## Case studies

{marker("principle-case-studies", principle.id)}
""",
    )


def printable_code(content: Content) -> GeneratedPage:
    code = content.code
    parts = [
        _front_matter("Printable code and checklist", search=False),
        f"# {code.name}",
        marker("print-intro"),
        code.introduction.strip(),
        "## The levels of the quality mark",
        marker("levels"),
    ]
    for principle in code.principles:
        parts += [
            f"## {principle.heading}",
            marker("principle-summary", principle.id),
            "### Criteria",
            marker("criteria", principle.id),
            demote_headings(principle.body.strip()),
        ]
    parts += ["## Self-assessment checklist", marker("checklist")]
    return GeneratedPage(urls.CODE_PRINT, "\n\n".join(parts) + "\n")


# The case studies page's opening, unless the code's index gives its own.
CASE_STUDIES_INTRO = (
    "{count} examples of good practice. Each one links to the principles of the code it "
    "illustrates."
)


def case_study_index(content: Content) -> GeneratedPage:
    count = len(content.case_studies)
    intro = (content.code.case_studies_intro or CASE_STUDIES_INTRO).strip().format(count=count)
    if not count:  # a new code, before its first case study
        intro = "No case studies have been published yet."
    return GeneratedPage(
        urls.CASE_STUDIES,
        f"""{_front_matter("Case studies")}
# Case studies

{intro}

{marker("case-study-filters")}

## All case studies

{marker("case-study-list")}
""",
    )


def case_study_facets(content: Content) -> list[tuple[str, str, tuple[CaseStudy, ...]]]:
    """Every way to narrow the case studies: (facet, value, the studies that match)."""
    studies = content.case_studies
    facets: list[tuple[str, str, tuple[CaseStudy, ...]]] = []
    for principle in content.code.principles:
        facets.append(("principle", str(principle.id), content.case_studies_for(principle)))
    for area in sorted({area for study in studies for area in study.areas}):
        facets.append(("area", area, tuple(s for s in studies if area in s.areas)))
    for service in sorted({study.service_area for study in studies}):
        facets.append(("service", service, tuple(s for s in studies if s.service_area == service)))
    return facets


def facet_page(facet: str, value: str) -> GeneratedPage:
    title = {
        "principle": f"Case studies for principle {value}",
        "area": f"Case studies in {value}",
        "service": f"Case studies in {value.lower()}",
    }[facet]
    return GeneratedPage(
        urls.case_study_facet_page(facet, value),
        f"""{_front_matter(title, search=False)}
# {title}

{marker("case-study-filters", urls.case_study_facet(facet, value))}

## Matching case studies

{marker("case-study-list", urls.case_study_facet(facet, value))}
""",
    )


def decorate_case_study(markdown: str, study: CaseStudy) -> str:
    """A case study's own Markdown, with its facts above and its principles below."""
    return (
        f"{marker('case-study-facts', study.slug)}\n\n{markdown.strip()}\n\n"
        f"## Principles this illustrates\n\n{marker('case-study-principles', study.slug)}\n"
    )


def register_page(code: Code) -> GeneratedPage:
    """The register's first page; the plugin pours the rest of the register into its shell.

    Its heading is written as HTML so that the page has no table of contents:
    the shell's navigation must not link to anchors only this page has. It has no
    previous and next links either: in a signatory's page they would lead nowhere useful.
    """
    area, data = ("area, " if code.areas else ""), _relative(urls.DATA, urls.REGISTER_PAGE)
    return GeneratedPage(
        urls.REGISTER_PAGE,
        f"""{_front_matter("Register", hide=("toc", "footer"))}
<h1>Register of signatories</h1>

Every {code.body} that has signed the code, with the level its
self-assessment reaches and whether it is current. The register is in
alphabetical order; it is not a league table. Narrow it by kind of body,
{area}level or status, or [download it as open data]({data}).

{marker("register")}
""",
    )


def statistics_page(areas: bool = True) -> GeneratedPage:
    """Figures about the register, worked out at build time; the charts need no script.
    Where signatories work, when the code's signatories name the areas they serve."""
    where = f"""
## Where signatories work

How many current signatories serve each area. A body that serves several
areas is counted in each; bodies that serve the whole region are counted
apart.

{marker("stats-areas")}
"""
    return GeneratedPage(
        urls.STATISTICS,
        f"""{_front_matter("Statistics")}
# Statistics

{marker("stats-intro")}

## Signatories over time

How many bodies had signed the code at the end of each month, and how many of
them were current, lapsed or former signatories then.

{marker("stats-over-time")}

## Levels held, by kind of body

The level each current signatory holds, for each kind of body. Only current
signatories hold a level.

{marker("stats-levels")}

## Which criteria are hardest to meet

For each criterion, the share of the current signatories it applies to that
meet it, with the evidence the code asks for. Within each principle, the
criterion met least comes first.

{marker("stats-criteria")}
{where if areas else ""}""",
    )


def signing_pages(content: Content) -> Iterator[GeneratedPage]:
    """The form, the templates and the checklist, all made from the code."""
    code = content.code
    yield GeneratedPage(
        urls.SIGN_FORM,
        f"""{_front_matter("Sign up online", hide=("toc",))}
<h1>Sign up online</h1>

Work through the tasks below, in any order and over as many days as you
need. The form checks your answers as you type, shows the level they reach,
and makes the file to send. Your answers are saved in this browser as you
type, and nothing leaves your computer until you choose to send it.

{marker("sign-form")}
""",
    )
    yield GeneratedPage(
        urls.SIGN_TEMPLATES,
        f"""{_front_matter("Templates and checklists")}
# Templates and checklists

Three ways to prepare a self-assessment against version {code.version} of the
code, all made from the code itself, so they always match it.

{marker("sign-templates")}
""",
    )
    lines = [
        _front_matter("Self-assessment checklist", search=False, hide=("toc",)),
        "# Self-assessment checklist",
        "",
        f"{code.name}, version {code.version}. For each criterion that applies to your body, "
        "tick one answer and note the public link, or the reason.",
    ]
    for principle in code.principles:
        lines += ["", f"## {principle.heading}", ""]
        for c in principle.criteria:
            kinds = (
                ""
                if c.applies_to_all
                else f" (only for: {', '.join(k.name for k in c.applies_to)})"
            )
            boxes = " ".join(f"☐ {status.name}" for status in rules.allowed_statuses(c))
            lines += [
                f"- **{c.id} {c.title}** ({c.level.name}){kinds}: {c.text}",
                f"    - Evidence: {c.evidence.summary} What counts: {c.evidence.guide}",
                f"    - {boxes} &nbsp; Link or reason: ______________________",
            ]
    yield GeneratedPage(urls.SIGN_CHECKLIST, "\n".join(lines) + "\n")
