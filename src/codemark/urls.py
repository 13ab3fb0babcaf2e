"""Where each generated file lives in the site. Stable: others link here.

Pages the build generates are named here by their source path (``code/index.md``),
as mkdocs knows them; ``page_url`` turns one into the URL it is served at.
Files written directly (data, badges, register pages) are named by their path
in the built site. No other module spells a generated path.
"""

from __future__ import annotations

from codemark.text import slugify

# Generated pages, by source path.
CODE = "code/index.md"
CODE_PRINT = "code/print.md"
CASE_STUDIES = "case-studies/index.md"
REGISTER_PAGE = "register/index.md"
SIGN_FORM = "sign/form.md"
SIGN_TEMPLATES = "sign/templates.md"
SIGN_CHECKLIST = "sign/checklist.md"
STATISTICS = "statistics.md"
# Hand-written pages that generated ones link to.
HOW_TO_SIGN = "how-to-sign.md"
DATA = "data.md"

# Files, by path in the built site.
REGISTER = "register/"
REGISTER_JSON = "data/register.json"
REGISTER_SCHEMA = "data/register.schema.json"
REGISTER_CSV = "data/register.csv"
FEED = "data/feed.xml"
SIGNATORY_SCHEMA = "schema/signatory.schema.json"
FORM_DATA = "sign/form-data.json"
ANSWERS_CSV = "data/answers.csv"
CRITERIA_CSV = "data/criteria.csv"
NAMES = "data/names.json"  # every entry's name, for finding a body as you type
# The statistics page's figures, one CSV file per chart.
STATISTICS_CSV = {
    "over_time": "data/statistics/signatories-by-month.csv",
    "levels": "data/statistics/levels-by-kind.csv",
    "criteria": "data/statistics/criteria-met.csv",
    "areas": "data/statistics/areas.csv",
}
SITE_SCRIPT = "assets/javascripts/codemark-site.js"  # the register's search, certificates' print
FORM_SCRIPTS = (
    "assets/javascripts/vendor/js-yaml-4.1.0.min.js",
    "assets/javascripts/codemark-rules.js",
    "assets/javascripts/sign-form.js",
)


def principle_page(slug: str) -> str:
    """A principle's page, by the principle's file name without .md."""
    return f"code/{slug}.md"


def case_study_facet(facet: str, value: str) -> str:
    """The key of one way to narrow the case studies, such as ``area:northside``."""
    return f"{facet}:{slugify(value)}"


def case_study_facet_page(facet: str, value: str) -> str:
    return f"case-studies/{facet}/{slugify(value)}.md"


def page_url(source: str, directory_urls: bool = True) -> str:
    """The URL of the page built from the Markdown file ``source``, as mkdocs serves it."""
    stem = source.removesuffix(".md")
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def template(kind: str) -> str:
    """The self-assessment template for one kind of body."""
    return f"sign/template-{kind}.yml"


def signatory_page(slug: str) -> str:
    return f"register/{slug}.html"


def signatory_certificate(slug: str) -> str:
    return f"register/certificate--{slug}.html"


def signatory_badge(slug: str) -> str:
    return f"register/{slug}.svg"


def signatory_json(slug: str) -> str:
    return f"register/{slug}.json"


def signatory_shields(slug: str) -> str:
    return f"register/{slug}.shields.json"


def level_badge(level_id: str) -> str:
    return f"badges/{level_id}.svg"


def register_facet(dimension: str, key: str) -> str:
    """The name of one way to narrow the register, such as ``kind--nhs-commissioner``.

    It contains "--", which no signatory's slug can, so listings never clash with entries.
    """
    return f"{dimension}--{key}"


def register_pair(first: str, second: str) -> str:
    """The name of two facets of different dimensions at once, in the order of the dimensions."""
    return f"{first}--{second}"


def register_list(facet: str = "", page: int = 1) -> str:
    """A page of the register, whole or narrowed to one facet."""
    if not facet and page == 1:
        return REGISTER
    name = facet or "all"
    return f"register/{name}.html" if page == 1 else f"register/{name}--{page}.html"


def letter_anchor(initial: str) -> str:
    """The fragment id of the register row where names starting with ``initial`` begin."""
    return "letter-" + (initial.lower() if initial.isalpha() else "other")
