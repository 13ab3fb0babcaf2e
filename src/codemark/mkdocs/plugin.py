"""mkdocs event hooks. The work is done by the core; this module only wires it in."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from codemark import clock, urls
from codemark.content import load_content, shown_relative_to
from codemark.form import form_data
from codemark.links import Links
from codemark.mkdocs.config import CodemarkConfig
from codemark.model import CaseStudy
from codemark.pages import GeneratedPage, decorate_case_study, generated_pages
from codemark.problems import ContentError, Problem
from codemark.publish import (
    END,
    START,
    Output,
    Shell,
    data_files,
    listings,
    register_outputs,
    write_in_parallel,
)
from codemark.register import Register, build_register
from codemark.render import Renderer
from codemark.scaffold import new_signatory
from codemark.signatories import (
    Checker,
    json_schema_text,
    load_known_bodies,
    load_reviews,
    signatory_files,
)
from codemark.statistics import statistics

log = logging.getLogger("mkdocs.plugins.codemark")


class CodemarkPlugin(BasePlugin[CodemarkConfig]):
    def __init__(self) -> None:
        self.renderer: Renderer
        self.register: Register
        self.links: Links
        self.pages: list[GeneratedPage] = []
        self.data: dict[str, str] = {}
        self.case_studies: dict[str, CaseStudy] = {}
        self.watched: list[Path] = []
        self.shell: Shell | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if config.repo_url:
            raise PluginError(
                "Move repo_url in mkdocs.yml under 'plugins: - codemark:'. As mkdocs' own "
                "setting, the theme shows it as a widget that sends every visitor's address "
                "to the forge."
            )
        # Everything is loaded and checked here, before mkdocs reads a page,
        # so that a problem stops the build before anything is written.
        root = Path(config.config_file_path).parent
        docs_dir = Path(config.docs_dir)
        code_dir = root / self.config.code_dir
        signatories_dir = root / self.config.signatories_dir
        reviews_dir = root / self.config.reviews_dir
        self.watched = [code_dir, signatories_dir, reviews_dir]
        shown = shown_relative_to(root)
        today = clock.today()
        try:
            content = load_content(code_dir, docs_dir / self.config.case_studies_dir, docs_dir)
        except ContentError as error:
            _fail(error.problems)
        known = load_known_bodies()
        checker = Checker(content.code, known, today)
        files = signatory_files([signatories_dir]) if signatories_dir.is_dir() else []
        results = checker.check_files([(p, shown(p)) for p in files])
        problems = [p for r in results for p in r.problems]
        signatories = [r.signatory for r in results if r.valid and r.signatory]
        reviews, review_problems = load_reviews(
            reviews_dir, shown, content.code, (s.slug for s in signatories), today
        )
        problems += review_problems
        if any(p.severity == "error" for p in problems):
            _fail(problems)
        for problem in problems:  # warnings: --strict makes them fatal
            log.warning(problem.located())

        self.register = build_register(content.code, signatories, reviews, today)
        self.links = Links(
            (config.site_url or "http://localhost/").rstrip("/") + "/",
            self.config.repo_url.rstrip("/"),
            self.config.repo_branch,
            self.config.contact,
        )
        figures = statistics(self.register)  # once per build, for every page that shows them
        self.renderer = Renderer(
            content, self.register, config.use_directory_urls, self.links, figures
        )
        self.pages = list(generated_pages(content))
        self.data = data_files(self.register, self.links, figures)
        self.data[urls.SIGNATORY_SCHEMA] = json_schema_text(
            content.code, self.links.site_url + urls.SIGNATORY_SCHEMA
        )
        new_file = f"{self.links.repo_url}/new/{self.links.branch}" if self.links.repo_url else ""
        self.data[urls.FORM_DATA] = form_data(content.code, known, new_file)
        for kind in content.code.kinds:
            self.data[urls.template(kind.id)] = new_signatory(content.code, "...", kind.id)
        self.case_studies = {study.path: study for study in content.case_studies}
        if config.nav is not None:
            # The principles fold into a section of their own, so that the pages after
            # the code (the register, how to sign) show without scrolling the sidebar.
            principles = {"Principles": [f"code/{p.slug}.md" for p in content.code.principles]}
            if not _insert_after(config.nav, "code/index.md", [principles, "code/print.md"]):
                raise PluginError(
                    "Add 'code/index.md' to the nav in mkdocs.yml: the code's pages go after it."
                )
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        generated = [(p.uri, p.markdown) for p in self.pages] + list(self.data.items())
        for uri, text in generated:
            if files.get_file_from_path(uri) is not None:
                raise PluginError(
                    f"{config.docs_dir}/{uri} clashes with a file the plugin generates. "
                    "Rename or remove it."
                )
            files.append(File.generated(config, uri, content=text))
        return files

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        study = self.case_studies.get(page.file.src_uri)
        return decorate_case_study(markdown, study) if study else markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        context: dict[str, Any] = {}
        if page.file.src_uri == "register/index.md":
            first = next(listings(self.register))
            context = {"listing": first, "options": self.register.options(None)}
            html = START + html + END
        if "<!-- codemark:" not in html:
            return html
        try:
            return self.renderer.fill_markers(html, page.url, context)
        except (jinja2.TemplateNotFound, KeyError, StopIteration, ValueError) as error:
            raise PluginError(
                f"{page.file.src_uri}: a '<!-- codemark: -->' marker names something that does "
                f"not exist ({error}). Check the marker's name and argument."
            ) from None

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if page.file.src_uri == "register/index.md":
            self.shell = Shell.cut(output)
            output = output.replace(START, "").replace(END, "")
        return output

    @event_priority(-50)  # after other plugins have written their files
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.shell is None:
            raise PluginError("The register page was not built, so its pages cannot be written.")
        shell = self.shell

        def outputs(part: int, parts: int) -> Iterable[Output]:
            return register_outputs(
                self.register, self.renderer, self.links, shell, config.site_name, part, parts
            )

        # Only a very large register is worth the processes; London has well under a hundred
        # public bodies, so real builds write in this process.
        workers = min(os.cpu_count() or 1, 4) if len(self.register.entries) >= 1000 else 1
        counts = write_in_parallel(Path(config.site_dir), outputs, workers)
        signatories = len(self.register.entries)
        rows = self.data[urls.REGISTER_CSV].count("\r\n") - 1
        log.info(
            f"codemark: {signatories} signatories: {counts['page']} pages, "
            f"{counts['badge']} badges, {counts['record']} JSON records, {rows} CSV rows, "
            f"{counts['listing'] + 1} register pages."
        )
        if not signatories == counts["page"] == counts["badge"] == counts["record"] == rows:
            raise PluginError("The register is incomplete: see the counts above.")

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        # mkdocs watches docs_dir and mkdocs.yml; the code, the signatories and
        # the reviews live outside docs_dir, and theme overrides are watched
        # only with --watch-theme.
        for folder in self.watched:
            if folder.is_dir():
                server.watch(str(folder))
        if config.theme.custom_dir:
            server.watch(config.theme.custom_dir)
        return server


def _fail(problems: list[Problem]) -> Any:
    for problem in sorted(problems):
        log.error(problem.located() if problem.column else str(problem))
    count = sum(p.severity == "error" for p in problems)
    raise PluginError(
        f"{count} problem{'s' if count != 1 else ''} in the content. Nothing was written: "
        "fix the problems listed above and build again."
    )


def _insert_after(nav: list[Any], target: str, entries: list[Any]) -> bool:
    """Insert nav entries after the item pointing to ``target``, wherever it is nested."""
    for position, item in enumerate(nav):
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if value == target:
            nav[position + 1 : position + 1] = entries
            return True
        if isinstance(value, list) and _insert_after(value, target, entries):
            return True
    return False
