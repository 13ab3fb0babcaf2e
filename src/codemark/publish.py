"""Everything the register adds to the built site: pages, badges and open data.

Signatory pages are many, so they are not mkdocs pages: each would render
the whole navigation and go through Markdown. The register's first page is
built by mkdocs as usual; its HTML, cut around the content, is the shell
that every other register page is poured into. They all live in the same
folder as the register page, so the shell's relative links hold for each.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TextIO

from markupsafe import Markup, escape

from codemark import urls
from codemark.badges import level_badge, signatory_badge
from codemark.export import (
    atom_feed,
    criteria_csv,
    names_json,
    register_csv,
    register_json,
    register_schema,
    signatory_json,
    statistics_csv,
    write_answers_csv,
)
from codemark.links import Links
from codemark.model import Answer, Code, Criterion, Principle
from codemark.register import DIMENSIONS, OTHER_INITIAL, Entry, Filter, Register, initial
from codemark.render import Renderer
from codemark.rules import STATUSES as _STATUSES
from codemark.statistics import Statistics

PAGE_SIZE = 250
STATUSES = tuple(status.id for status in _STATUSES)
START = "<!-- codemark-shell:start -->"
END = "<!-- codemark-shell:end -->"


@dataclass(frozen=True)
class Listing:
    """One page of the register, whole or narrowed to a filter (one facet, or two)."""

    facet: Filter | None
    entries: tuple[Entry, ...]
    total: int
    page: int
    pages: int
    # Where the names under each initial start in the whole listing: (initial, page, position).
    letters: tuple[tuple[str, int, int], ...] = ()

    @property
    def facet_slug(self) -> str:
        return self.facet.slug if self.facet else ""

    @property
    def facet_name(self) -> str:
        return DIMENSIONS[self.facet.parts[0].dimension] if self.facet else ""

    def starts(self) -> dict[int, str]:
        """The rows of this page that start an initial: position on the page -> initial."""
        return {at: letter for letter, page, at in self.letters if page == self.page}

    def alphabet(self) -> list[tuple[str, int | None]]:
        """A to Z (and # when some name starts otherwise), each with the page its names
        start on in this listing, or None when no name starts with it."""
        pages = {letter: page for letter, page, _ in self.letters}
        letters = [chr(c) for c in range(ord("A"), ord("Z") + 1)]
        if OTHER_INITIAL in pages:
            letters.append(OTHER_INITIAL)
        return [(letter, pages.get(letter)) for letter in letters]


def letter_index(entries: tuple[Entry, ...]) -> tuple[tuple[str, int, int], ...]:
    """Each initial that names in ``entries`` start with: (initial, page, position on the page)."""
    found: dict[str, int] = {}
    for position, entry in enumerate(entries):
        found.setdefault(initial(entry.signatory), position)
    return tuple(
        (letter, position // PAGE_SIZE + 1, position % PAGE_SIZE)
        for letter, position in found.items()
    )


def listings(register: Register) -> Iterator[Listing]:
    """Every page of the register: all signatories, then each filter, PAGE_SIZE to a page."""
    for facet in [None, *register.filters()]:
        entries = facet.entries if facet else register.entries
        pages = max(1, math.ceil(len(entries) / PAGE_SIZE))
        letters = letter_index(entries)
        for page in range(1, pages + 1):
            chunk = entries[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
            yield Listing(facet, chunk, len(entries), page, pages, letters)


def listing_html(renderer: Renderer, listing: Listing, page_url: str) -> str:
    """The filters and one page of the register."""
    register = renderer.register
    assert register is not None
    return renderer.fragment(
        "register", page_url, listing=listing, options=register.options(listing.facet)
    )


_TITLE = re.compile(r"<title>.*?</title>", re.DOTALL)
_CANONICAL = re.compile(r'<link rel="canonical" href="[^"]*">')


class ShellError(ValueError):
    """The built register page is not shaped as the shell needs."""


@dataclass(frozen=True)
class Shell:
    """A built page, cut around its content, to pour other content into.

    Each page poured into it gets its own title and canonical link, so the
    head must hold exactly one of each: otherwise a signatory's page would
    carry the register's.
    """

    before: str
    after: str

    def __post_init__(self) -> None:
        # Every title and canonical link must be one the patterns replace: the page needs
        # its one title, and a canonical link is either absent (no site_url) or replaced.
        for what, pattern, loose, least in (
            ("<title>", _TITLE, "<title", 1),
            ('<link rel="canonical">', _CANONICAL, 'rel="canonical"', 0),
        ):
            found, written = len(pattern.findall(self.before)), self.before.count(loose)
            if found != written or not least <= found <= 1:
                raise ShellError(
                    f"the register page's head has {written} {what} element(s), {found} in the "
                    f"form the register expects ({pattern.pattern}), so the pages built from it "
                    "would keep the register's. Check the theme's main.html."
                )

    @classmethod
    def cut(cls, html: str) -> Shell:
        head, _, rest = html.partition(START)
        _, _, tail = rest.partition(END)
        if not rest:
            raise ShellError("the register page has no shell markers")
        return cls(head, tail)

    def page(self, title: str, canonical: str, content: str) -> str:
        head = _TITLE.sub(lambda _: f"<title>{escape(title)}</title>", self.before, count=1)
        head = _CANONICAL.sub(
            lambda _: f'<link rel="canonical" href="{escape(canonical)}">', head, count=1
        )
        return head + content + self.after


@dataclass(frozen=True)
class Output:
    """A file the register adds to the site, and what it is (page, badge, record...)."""

    path: str
    text: str
    kind: str
    # For a file too big to hold whole: what writes it, a piece at a time, instead of text.
    stream: Callable[[TextIO], None] | None = None


def register_outputs(
    register: Register,
    renderer: Renderer,
    links: Links,
    shell: Shell,
    site_name: str,
    part: int = 0,
    parts: int = 1,
) -> Iterator[Output]:
    """Every file the register adds after mkdocs has built; or one of ``parts`` shares of them."""
    code = register.code
    # Signatory pages share a folder, so what a criterion's row says apart from
    # the answer is the same on each: render it once.
    some_page = urls.signatory_page("x")
    cells = {
        c.id: Markup(renderer.fragment("criterion-cells", some_page, criterion=c).strip())
        for c in code.criteria
    }
    for entry in register.entries[part::parts]:
        page_url = urls.signatory_page(entry.slug)
        badge = signatory_badge(code, entry)
        badge_abs = links.site_url + urls.signatory_badge(entry.slug)
        page_abs = links.site_url + page_url
        alt = escape(badge.description)
        content = renderer.fragment(
            "signatory",
            page_url,
            entry=entry,
            badge=badge,
            badge_url=urls.signatory_badge(entry.slug),
            data_url=urls.signatory_json(entry.slug),
            source_url=links.source(entry.slug),
            challenge=links.challenger(entry),
            links=links,
            sections=sections(code, entry),
            criterion_cells=cells,
            certificate_url=urls.signatory_certificate(entry.slug),
            embed_html=f'<a href="{page_abs}"><img src="{badge_abs}" alt="{alt}"></a>',
            embed_markdown=f"[![{_markdown_text(badge.description)}]({badge_abs})]({page_abs})",
        )
        title = f"{entry.signatory.organisation.name} - Register - {site_name}"
        yield Output(page_url, shell.page(title, page_abs, content), "page")
        certificate_path = urls.signatory_certificate(entry.slug)
        certificate = renderer.fragment(
            "certificate", certificate_path, entry=entry, badge=badge, page_abs=page_abs
        )
        yield Output(
            certificate_path,
            shell.page(f"Certificate: {title}", links.site_url + certificate_path, certificate),
            "certificate",
        )
        yield Output(urls.signatory_badge(entry.slug), badge.svg(), "badge")
        yield Output(urls.signatory_shields(entry.slug), badge.shields(), "shields")
        yield Output(
            urls.signatory_json(entry.slug), signatory_json(entry, links.site_url), "record"
        )
    # The register's own pages are shared out among the parts too: with filters that
    # combine, they hold several copies of every row.
    for number, listing in enumerate(listings(register)):
        path = urls.register_list(listing.facet_slug, listing.page)
        if number % parts != part or path == urls.REGISTER:
            continue  # the first page is the one mkdocs built
        heading = f"Register: {listing.facet.label}" if listing.facet else "Register of signatories"
        if listing.pages > 1:
            heading += f", page {listing.page} of {listing.pages}"
        content = f"<h1>{escape(heading)}</h1>" + listing_html(renderer, listing, path)
        page = shell.page(f"{heading} - {site_name}", links.site_url + path, content)
        yield Output(path, page, "listing")
    if part == parts - 1:  # the last part, which writes the fewest listings
        yield Output(urls.ANSWERS_CSV, "", "answers", partial(write_answers_csv, register))
    if part == 0:
        for level in code.levels:
            yield Output(urls.level_badge(level.id), level_badge(code, level).svg(), "level badge")


@dataclass(frozen=True)
class Section:
    """A principle's part of a signatory's page: each criterion that counts, with its answer
    (or None) and whether it is satisfied; how many were answered each way (criteria not
    answered count as not met); and the summary bar's parts, out of 100."""

    principle: Principle
    rows: tuple[tuple[Criterion, Answer | None, bool], ...]
    counts: dict[str, int]
    bar: tuple[tuple[str, int, int], ...]  # (status as a class name, start, width)

    @property
    def done(self) -> bool:
        return all(satisfied for _, _, satisfied in self.rows)


def _bar(counts: dict[str, int], total: int) -> tuple[tuple[str, int, int], ...]:
    parts, done = [], 0
    for status in STATUSES:
        start, end = round(100 * done / total), round(100 * (done + counts[status]) / total)
        if end > start:
            parts.append((status.replace("/", ""), start, end - start))
        done += counts[status]
    return tuple(parts)


def sections(code: Code, entry: Entry) -> list[Section]:
    """The criteria that count for a signatory, by principle, each with its answer or None."""
    answers = {a.criterion.id: a for a in entry.signatory.answers}
    counted = {c.id for c in entry.mark.counted}
    result = []
    for principle in code.principles:
        rows = tuple(
            (c, answers.get(c.id), c.id in entry.mark.satisfied)
            for c in principle.criteria
            if c.id in counted
        )
        if rows:
            counts = Counter(a.status if a else "not-met" for _, a, _ in rows)
            totals = {status: counts[status] for status in STATUSES}
            result.append(Section(principle, rows, totals, _bar(totals, len(rows))))
    return result


def _markdown_text(text: str) -> str:
    """Text that Markdown shows as written, inside a link or image."""
    return re.sub(r"([\\\[\]()*_`<>])", r"\\\1", text)


def data_files(register: Register, links: Links, figures: Statistics) -> dict[str, str]:
    """The open-data files, known before the build so that pages can link to them."""
    return {
        urls.REGISTER_JSON: register_json(register, links.site_url),
        urls.REGISTER_SCHEMA: register_schema(register.code, links.site_url),
        urls.REGISTER_CSV: register_csv(register, links.site_url),
        # Written in full with the register's pages (register_outputs), as it is large;
        # listed here so that links to it are known to the build.
        urls.ANSWERS_CSV: "",
        urls.CRITERIA_CSV: criteria_csv(register.code),
        urls.NAMES: names_json(register),
        urls.FEED: atom_feed(register, links.site_url),
        **{urls.STATISTICS_CSV[name]: text for name, text in statistics_csv(figures).items()},
    }


def write(site_dir: Path, outputs: Iterable[Output]) -> Counter[str]:
    """Write each output into the site; return how many of each kind were written."""
    counts: Counter[str] = Counter()
    root = str(site_dir)
    made: set[str] = set()  # thousands of files share a few folders: make each once
    for output in outputs:
        target = os.path.join(root, output.path)
        folder = os.path.dirname(target)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        with open(target, "w", encoding="utf-8", newline="") as handle:
            if output.stream:
                output.stream(handle)
            else:
                handle.write(output.text)
        counts[output.kind] += 1
    return counts


Parts = Callable[[int, int], Iterable[Output]]
_parts: Parts | None = None  # what the forked workers write; set only while they run


def _write_part(site_dir: Path, part: int, parts: int) -> Counter[str]:
    assert _parts is not None
    return write(site_dir, _parts(part, parts))


def write_in_parallel(site_dir: Path, outputs: Parts, workers: int) -> Counter[str]:
    """Write ``outputs(part, workers)`` for each part, in forked processes when workers > 1.

    Forked workers share the parent's loaded register, so nothing is sent to
    them; each renders and writes its own share and returns its counts.
    """
    global _parts
    if workers <= 1:
        return write(site_dir, outputs(0, 1))
    _parts = outputs
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            jobs = [pool.submit(_write_part, site_dir, part, workers) for part in range(workers)]
            return sum((job.result() for job in jobs), Counter())
    finally:
        _parts = None
