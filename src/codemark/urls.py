"""Where each generated file lives in the site, relative to its root. Stable: others link here."""

from __future__ import annotations

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


def register_list(facet: str = "", page: int = 1) -> str:
    """A page of the register, whole or narrowed to one facet such as ``kind--nhs-commissioner``.

    Listing names contain "--", which no signatory's slug can, so they never clash.
    """
    if not facet and page == 1:
        return REGISTER
    name = facet or "all"
    return f"register/{name}.html" if page == 1 else f"register/{name}--{page}.html"


def letter_anchor(initial: str) -> str:
    """The fragment id of the register row where names starting with ``initial`` begin."""
    return "letter-" + (initial.lower() if initial.isalpha() else "other")
