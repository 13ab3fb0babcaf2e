"""mkdocs event hooks. The work is done by the core; this module only wires it in."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from codemark.content import load_content
from codemark.mkdocs.config import CodemarkConfig
from codemark.model import CaseStudy, Content
from codemark.pages import GeneratedPage, decorate_case_study, generated_pages
from codemark.problems import ContentError
from codemark.render import Renderer
from codemark.signatories import SCHEMA_FILE, json_schema

log = logging.getLogger("mkdocs.plugins.codemark")
SCHEMA_URI = f"schema/{SCHEMA_FILE}"


class CodemarkPlugin(BasePlugin[CodemarkConfig]):
    def __init__(self) -> None:
        self.content: Content
        self.renderer: Renderer
        self.pages: list[GeneratedPage] = []
        self.case_studies: dict[str, CaseStudy] = {}
        self.code_dir = Path()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # All content is loaded and checked here, before mkdocs reads a page,
        # so that a problem stops the build before anything is written.
        root = Path(config.config_file_path).parent
        docs_dir = Path(config.docs_dir)
        self.code_dir = root / self.config.code_dir
        try:
            self.content = load_content(
                self.code_dir, docs_dir / self.config.case_studies_dir, docs_dir
            )
        except ContentError as error:
            for problem in error.problems:
                log.error(str(problem))
            raise PluginError(
                f"{error}. Nothing was written: fix the problems listed above and build again."
            ) from None
        self.renderer = Renderer(self.content, config.use_directory_urls)
        self.pages = list(generated_pages(self.content))
        self.case_studies = {study.path: study for study in self.content.case_studies}
        if config.nav is not None:
            principles = [f"code/{p.slug}.md" for p in self.content.code.principles]
            if not _insert_after(config.nav, "code/index.md", [*principles, "code/print.md"]):
                raise PluginError(
                    "Add 'code/index.md' to the nav in mkdocs.yml: the code's pages go after it."
                )
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        schema_id = (config.site_url or "") + SCHEMA_URI
        schema = json.dumps(json_schema(self.content.code, schema_id), indent=2) + "\n"
        files.append(File.generated(config, SCHEMA_URI, content=schema))
        for page in self.pages:
            if files.get_file_from_path(page.uri) is not None:
                raise PluginError(
                    f"{config.docs_dir}/{page.uri} clashes with a page the plugin generates. "
                    "Rename or remove it."
                )
            files.append(File.generated(config, page.uri, content=page.markdown))
        return files

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        study = self.case_studies.get(page.file.src_uri)
        return decorate_case_study(markdown, study) if study else markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if "<!-- codemark:" not in html:
            return html
        try:
            return self.renderer.fill_markers(html, page.url, {})
        except (jinja2.TemplateNotFound, KeyError, StopIteration, ValueError) as error:
            raise PluginError(
                f"{page.file.src_uri}: a '<!-- codemark: -->' marker names something that does "
                f"not exist ({error}). Check the marker's name and argument."
            ) from None

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        # mkdocs watches docs_dir and mkdocs.yml; the code lives outside
        # docs_dir, and theme overrides are watched only with --watch-theme.
        server.watch(str(self.code_dir))
        if config.theme.custom_dir:
            server.watch(config.theme.custom_dir)
        return server


def _insert_after(nav: list[Any], target: str, entries: list[str]) -> bool:
    """Insert nav entries after the item pointing to ``target``, wherever it is nested."""
    for position, item in enumerate(nav):
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if value == target:
            nav[position + 1 : position + 1] = entries
            return True
        if isinstance(value, list) and _insert_after(value, target, entries):
            return True
    return False
