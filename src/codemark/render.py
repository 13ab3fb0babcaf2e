"""Render HTML fragments of the site from the model, through autoescaping Jinja templates.

mkdocs' own Jinja environment does not escape what it prints. Everything the
site shows from our content goes through this environment instead, which
escapes every value unless a template marks it safe, so no template line can
forget to.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

import jinja2

from codemark import schema as s
from codemark import urls
from codemark.charts import lay_out
from codemark.content import IndexFields
from codemark.export import data_dictionary
from codemark.form import form_page
from codemark.links import Links
from codemark.model import CaseStudy, Code, Content, Principle
from codemark.notes import note_html
from codemark.pages import FACET_NAMES, case_study_facets
from codemark.reference import field_rows
from codemark.register import DIMENSIONS, Register, review_text
from codemark.rules import STATUS_MEANINGS, STATUS_NAMES, STATUSES, allowed_statuses, or_list
from codemark.score import STANDING_MEANINGS, STANDING_NAMES
from codemark.signatories.fields import word_paths
from codemark.statistics import Statistics
from codemark.text import long_date, nowrap_dates

_MARKER = re.compile(r"<!-- codemark:([a-z-]+)(?: ([^ ]+))? -->")


def relative_url(target: str, current: str) -> str:
    """The link from the page at ``current`` to ``target``, both relative to the site root."""
    path, hash_, fragment = target.partition("#")
    base = current if current.endswith("/") or not current else posixpath.dirname(current) + "/"
    return _relative_path(path, base) + hash_ + fragment


@lru_cache(maxsize=65536)
def _relative_path(path: str, base: str) -> str:
    # Thousands of register pages share a folder and link to the same pages.
    relative = posixpath.relpath("/" + path, "/" + base) if path else ""
    if path.endswith("/") and relative not in ("", "."):
        relative += "/"
    return "./" if relative == "." else relative


class Renderer:
    """Renders the fragments that markers in generated pages stand for."""

    def __init__(
        self,
        content: Content,
        register: Register | None = None,
        directory_urls: bool = True,
        links: Links | None = None,
        figures: Statistics | None = None,
    ) -> None:
        self.content = content
        self.code: Code = content.code
        self.register = register
        self.directory_urls = directory_urls
        self.env = jinja2.Environment(
            loader=jinja2.PackageLoader("codemark", "templates"),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters["long_date"] = long_date
        self.env.filters["note"] = note_html
        self.env.filters["nowrap_dates"] = nowrap_dates
        self.env.globals.update(
            code=self.code,
            content=content,
            site=self,
            register=register,
            links=links,
            dimensions=DIMENSIONS,
            status_names=STATUS_NAMES,
            status_meanings=STATUS_MEANINGS,
            standing_names=STANDING_NAMES,
            standing_meanings=STANDING_MEANINGS,
            data_dictionary=data_dictionary(self.code),
            statuses=STATUSES,
            allowed_statuses=allowed_statuses,
            satisfying=or_list([s.words for s in STATUSES if s.satisfies]),
            form=form_page(self.code, register),
            review_text=lambda entry: review_text(self.code, entry),
            signatory_url=urls.signatory_page,
            listing_url=urls.register_list,
            letter_anchor=urls.letter_anchor,
            names_url=urls.NAMES,
            statistics=figures,
            charts=lay_out(figures) if figures else None,
            csv=urls.STATISTICS_CSV,
            urls=urls,
            page=self.page_url,
            # The reference page's tables (fragments/reference.html), made when asked for.
            index_fields=lambda: list(field_rows(s.Record(IndexFields))),
            signatory_fields=list(word_paths()),
            plugin_options=(),  # the plugin's options, which only the plugin knows; it passes them
        )

    # Where pages are. Every URL is relative to the site root; templates turn
    # them into links relative to the page with url().

    def page_url(self, source: str) -> str:
        """The URL of the page built from the Markdown file ``source``."""
        return urls.page_url(source, self.directory_urls)

    def principle_url(self, principle: Principle) -> str:
        return self.page_url(urls.principle_page(principle.slug))

    def case_study_url(self, study: CaseStudy) -> str:
        return self.page_url(study.path)

    def facet_url(self, facet: str, value: str) -> str:
        return self.page_url(urls.case_study_facet_page(facet, value))

    def facets(self) -> list[tuple[str, str, str, tuple[CaseStudy, ...]]]:
        """Each way to narrow the case studies: (facet, key, label, matching studies)."""
        return [
            (facet, urls.case_study_facet(facet, value), self._facet_label(facet, value), studies)
            for facet, value, studies in case_study_facets(self.content)
        ]

    def _facet_label(self, facet: str, value: str) -> str:
        if facet == "principle":
            return self.code.principle(int(value)).heading
        return value

    def facet(self, key: str) -> tuple[str, str, tuple[CaseStudy, ...]]:
        """The facet named by a marker argument such as ``area:northside``."""
        for facet, facet_key, label, studies in self.facets():
            if facet_key == key:
                return FACET_NAMES[facet], label, studies
        raise KeyError(key)

    def case_study(self, slug: str) -> CaseStudy:
        return next(study for study in self.content.case_studies if study.slug == slug)

    # Rendering.

    def fragment(self, name: str, page_url: str, **context: Any) -> str:
        """Render ``templates/fragments/<name>.html`` for the page at ``page_url``."""
        template = self.env.get_template(f"fragments/{name}.html")
        url: Callable[[str], str] = lambda target: relative_url(target, page_url)  # noqa: E731
        return template.render(url=url, page_url=page_url, **context)

    def fill_markers(self, html: str, page_url: str, context: Mapping[str, Any]) -> str:
        """Replace each ``<!-- codemark:NAME ARG -->`` marker in a page with its fragment."""

        def fill(match: re.Match[str]) -> str:
            name, argument = match.group(1), match.group(2)
            return self.fragment(name, page_url, argument=argument, **context)

        # Python-Markdown may wrap a marker in <p> when it shares a paragraph.
        html = re.sub(r"<p>\s*(<!-- codemark:[^>]+-->)\s*</p>", r"\1", html)
        return _MARKER.sub(fill, html)
