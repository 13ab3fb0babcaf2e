"""The whole site, assembled in the core: everything read and checked, then what goes where.

``assemble`` reads the code, the case studies, the signatory files and the
secretariat's reviews, checks them all, and works out every generated page,
data file and register output before anything is written. The mkdocs plugin
maps its hooks onto the ``Site`` it returns; the command line checks files
with the same ``check``.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from codemark import clock, owners, urls
from codemark.content import load_content, shown_relative_to
from codemark.form import form_data
from codemark.known import KNOWN_BODIES, load_known_bodies
from codemark.links import Links
from codemark.model import CaseStudy, Code, Content, KnownBody, Signatory
from codemark.pages import GeneratedPage, decorate_case_study, generated_pages
from codemark.problems import ContentError, Problem
from codemark.publish import (
    Output,
    Shell,
    data_files,
    listings,
    register_outputs,
    write_in_parallel,
)
from codemark.register import Register, build_register
from codemark.render import Renderer
from codemark.reviews import ReviewRecord, by_slug, check_reviews
from codemark.scaffold import new_signatory
from codemark.signatories import Checked, Checker, json_schema_text, signatory_files
from codemark.statistics import AREA_MAP, area_map, statistics


@dataclass(frozen=True)
class SiteConfig:
    """Where the content is, and where the site and its repository are published."""

    root: Path  # the folder paths in messages are shown relative to
    docs_dir: Path
    code_dir: Path
    case_studies_dir: Path
    signatories_dir: Path
    reviews_dir: Path
    known_bodies: Path | None = None  # the site's list of known bodies; None for no list
    area_map: Path | None = None  # the site's map of its areas, for the statistics page
    site_url: str = "http://localhost/"
    repo_url: str = ""
    branch: str = "main"
    contact: str = ""  # the secretariat's public email address
    directory_urls: bool = True

    @property
    def watched(self) -> list[Path]:
        """The content folders outside the docs folder, which a preview server should watch."""
        folders = [self.code_dir, self.signatories_dir, self.reviews_dir]
        data = {path.parent for path in (self.known_bodies, self.area_map) if path}
        return folders + sorted(data)


@dataclass
class RecordFile:
    """Another of the secretariat's records, such as an owner record, and its problems."""

    path: str
    problems: list[Problem] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


@dataclass
class Checks:
    """Every signatory file and the secretariat's records about them, checked."""

    signatories: list[Checked]
    reviews: list[ReviewRecord] = field(default_factory=list)
    records: list[RecordFile] = field(default_factory=list)

    @property
    def files(self) -> list[Checked | ReviewRecord | RecordFile]:
        """Every signatory file, and the secretariat's records that have a problem to report."""
        records: list[ReviewRecord | RecordFile] = [*self.reviews, *self.records]
        return [*self.signatories, *(r for r in records if r.problems)]

    @property
    def problems(self) -> list[Problem]:
        return [p for f in self.files for p in f.problems]

    @property
    def errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    @property
    def valid(self) -> list[Signatory]:
        """The signatories of the valid files; the register is made of these."""
        return [r.signatory for r in self.signatories if r.valid and r.signatory]

    @property
    def invalid(self) -> list[Checked | ReviewRecord | RecordFile]:
        return [f for f in self.files if not f.valid]


def check(
    code: Code,
    known: dict[str, KnownBody],
    today: date,
    files: Sequence[tuple[Path, str]],
    reviews_dir: Path | None,
    shown: Callable[[Path], str],
    owners_dir: Path | None = None,
) -> Checks:
    """Check signatory files, then the review and owner records that name them."""
    signatories = Checker(code, known, today).check_files(files)
    checks = Checks(signatories)
    if reviews_dir is not None:
        slugs = [s.slug for s in checks.valid]
        checks.reviews = check_reviews(reviews_dir, shown, code, slugs, today)
    if owners_dir is not None:
        # An owner record's problems are its own; an entry without one is told so.
        by_path: dict[str, Checked | RecordFile] = {r.path: r for r in signatories}
        for problem in owners.check_records(owners_dir, shown, checks.valid, today):
            if problem.path not in by_path:
                by_path[problem.path] = RecordFile(problem.path)
                checks.records.append(by_path[problem.path])  # type: ignore[arg-type]
            by_path[problem.path].problems.append(problem)
    return checks


@dataclass
class Site:
    """Everything the build writes, known before it writes anything."""

    config: SiteConfig
    content: Content
    today: date
    checks: Checks
    register: Register
    links: Links
    renderer: Renderer
    pages: list[GeneratedPage]  # generated Markdown pages, by source path
    data: dict[str, str]  # generated files, by path in the site
    shell: Shell | None = None  # the built register page, once built, that others go into

    @property
    def problems(self) -> list[Problem]:
        """Warnings: a site is assembled only when no file has an error."""
        return self.checks.problems

    @property
    def code_pages(self) -> list[Any]:
        """The pages that follow the code's overview in the navigation, in order.

        The principles fold into a section of their own, so that the pages after the
        code (the register, how to sign) show without scrolling the sidebar.
        """
        principles = [urls.principle_page(p.slug) for p in self.content.code.principles]
        return [{"Principles": principles}, urls.CODE_PRINT]

    def case_study(self, source: str) -> CaseStudy | None:
        return next((c for c in self.content.case_studies if c.path == source), None)

    def markdown(self, source: str, markdown: str) -> str:
        """A page's Markdown, with what the site adds to it (case studies' facts)."""
        study = self.case_study(source)
        return decorate_case_study(markdown, study) if study else markdown

    def page_context(self, source: str) -> dict[str, Any]:
        """What a page's markers are rendered with, beyond the page itself."""
        if source != urls.REGISTER_PAGE:
            return {}
        first = next(listings(self.register))
        return {"listing": first, "options": self.register.options(None)}

    def outputs(
        self, shell: Shell, site_name: str, part: int = 0, parts: int = 1
    ) -> Iterator[Output]:
        """The register's pages, badges and records, poured into the built register page."""
        return register_outputs(
            self.register, self.renderer, self.links, shell, site_name, part, parts
        )

    def write_register(self, site_dir: Path, site_name: str) -> str:
        """Write the register's outputs into the built site; say what was written.

        Raises ValueError when something is missing, rather than publish part of the register.
        """
        shell = self.shell
        if shell is None:
            raise ValueError("The register page was not built, so its pages cannot be written.")

        def outputs(part: int, parts: int) -> Iterable[Output]:
            return self.outputs(shell, site_name, part, parts)

        # Only a very large register is worth the processes; a real code has at most
        # a few hundred bodies, so real builds write in this process.
        entries = len(self.register.entries)
        workers = min(os.cpu_count() or 1, 4) if entries >= 1000 else 1
        counts: Counter[str] = write_in_parallel(site_dir, outputs, workers)
        rows = self.data[urls.REGISTER_CSV].count("\r\n") - 1
        summary = (
            f"codemark: {entries} signatories: {counts['page']} pages, {counts['badge']} badges, "
            f"{counts['record']} JSON records, {rows} CSV rows, "
            f"{counts['listing'] + 1} register pages."
        )
        if not entries == counts["page"] == counts["badge"] == counts["record"] == rows:
            raise ValueError(f"The register is incomplete: {summary}")
        return summary


def assemble(config: SiteConfig, today: date | None = None) -> Site:
    """Read and check everything, and plan the site.

    Raises ContentError, listing every problem, when the code, a case study, a signatory
    file or a review record has an error: nothing is planned, so nothing can be written.
    """
    today = today or clock.today()
    content = load_content(config.code_dir, config.case_studies_dir, config.docs_dir)
    code = content.code
    known = load_known_bodies(config.known_bodies)
    shown = shown_relative_to(config.root)
    folder = config.signatories_dir
    files = signatory_files([folder]) if folder.is_dir() else []
    checks = check(code, known, today, [(p, shown(p)) for p in files], config.reviews_dir, shown)
    if checks.errors:
        raise ContentError(checks.problems)
    register = build_register(code, checks.valid, by_slug(checks.reviews), today)
    links = Links(
        config.site_url.rstrip("/") + "/",
        config.repo_url.rstrip("/"),
        config.branch,
        config.contact,
    )
    # Once per build, for every page that shows them.
    figures = statistics(register, area_map(config.area_map) if config.area_map else None)
    data = data_files(register, links, figures)
    data[urls.SIGNATORY_SCHEMA] = json_schema_text(code, links.site_url + urls.SIGNATORY_SCHEMA)
    new_file = f"{links.repo_url}/new/{links.branch}" if links.repo_url else ""
    data[urls.FORM_DATA] = form_data(code, known, register, new_file)
    for kind in code.kinds:
        data[urls.template(kind.id)] = new_signatory(code, "...", kind.id)
    return Site(
        config=config,
        content=content,
        today=today,
        checks=checks,
        register=register,
        links=links,
        renderer=Renderer(content, register, config.directory_urls, links, figures),
        pages=list(generated_pages(content)),
        data=data,
    )


def site_config(root: Path, **overrides: Any) -> SiteConfig:
    """The usual layout of a project at ``root``: code/, docs/, signatories/, reviews/, data/."""
    docs = overrides.pop("docs_dir", root / "docs")
    return SiteConfig(
        root=root,
        docs_dir=docs,
        code_dir=overrides.pop("code_dir", root / "code"),
        case_studies_dir=overrides.pop("case_studies_dir", docs / "case-studies"),
        signatories_dir=overrides.pop("signatories_dir", root / "signatories"),
        reviews_dir=overrides.pop("reviews_dir", root / "reviews"),
        known_bodies=overrides.pop("known_bodies", root / KNOWN_BODIES),
        area_map=overrides.pop("area_map", root / AREA_MAP),
        **overrides,
    )
