"""mkdocs event hooks. The core assembles the site (``codemark.site``); this maps hooks onto it."""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from codemark import urls
from codemark.mkdocs.config import CodemarkConfig, option_rows
from codemark.problems import ContentError, Problem
from codemark.publish import END, START, Shell, ShellError
from codemark.site import Site, SiteConfig, assemble

log = logging.getLogger("mkdocs.plugins.codemark")


class CodemarkPlugin(BasePlugin[CodemarkConfig]):
    def __init__(self) -> None:
        self.site: Site | None = None  # the site the core assembled: everything to build

    def site_config(self, config: MkDocsConfig) -> SiteConfig:
        """Where the content is, from mkdocs.yml and the plugin's options."""
        root = Path(config.config_file_path).parent
        docs_dir = Path(config.docs_dir)
        return SiteConfig(
            root=root,
            docs_dir=docs_dir,
            code_dir=root / self.config.code_dir,
            case_studies_dir=docs_dir / self.config.case_studies_dir,
            signatories_dir=root / self.config.signatories_dir,
            reviews_dir=root / self.config.reviews_dir,
            known_bodies=root / self.config.known_bodies,
            area_map=root / self.config.area_map,
            site_url=config.site_url or "http://localhost/",
            repo_url=self.config.repo_url,
            branch=self.config.repo_branch,
            contact=self.config.contact,
            directory_urls=config.use_directory_urls,
        )

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if config.repo_url:
            raise PluginError(
                "Move repo_url in mkdocs.yml under 'plugins: - codemark:'. As mkdocs' own "
                "setting, the theme shows it as a widget that sends every visitor's address "
                "to the forge."
            )
        # The engine's theme (its page template, scripts and styles) comes after the
        # site's own custom_dir, so that a site can replace any of its files, and
        # before mkdocs-material, whose base.html it extends.
        theme_dir = str(resources.files("codemark") / "theme")
        if theme_dir not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, theme_dir)
        # Everything is loaded and checked here, before mkdocs reads a page,
        # so that a problem stops the build before anything is written.
        self.site = None
        try:
            self.site = site = assemble(self.site_config(config))
        except ContentError as error:
            _fail(error.problems)
        for problem in site.problems:  # warnings: --strict makes them fatal
            log.warning(problem.located())
        if config.nav is not None and not _insert_after(config.nav, urls.CODE, site.code_pages):
            raise PluginError(
                f"Add '{urls.CODE}' to the nav in mkdocs.yml: the code's pages go after it."
            )
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        site = self._site()
        generated = [(p.uri, p.markdown) for p in site.pages] + list(site.data.items())
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
        return self._site().markdown(page.file.src_uri, markdown)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        site = self._site()
        if page.file.src_uri == urls.REGISTER_PAGE:
            html = START + html + END  # the shell the rest of the register is poured into
        if "<!-- codemark:" not in html:
            return html
        try:
            context = {**site.page_context(page.file.src_uri), "plugin_options": option_rows()}
            return site.renderer.fill_markers(html, page.url, context)
        except (jinja2.TemplateNotFound, KeyError, StopIteration, ValueError) as error:
            raise PluginError(
                f"{page.file.src_uri}: a '<!-- codemark: -->' marker names something that does "
                f"not exist ({error}). Check the marker's name and argument."
            ) from None

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if page.file.src_uri == urls.REGISTER_PAGE:
            try:
                self._site().shell = Shell.cut(output)
            except ShellError as error:
                raise PluginError(f"{urls.REGISTER_PAGE}: {error}") from None
            output = output.replace(START, "").replace(END, "")
        return output

    @event_priority(-50)  # after other plugins have written their files
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        try:
            log.info(self._site().write_register(Path(config.site_dir), config.site_name))
        except ValueError as error:
            raise PluginError(str(error)) from None

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        # mkdocs watches docs_dir and mkdocs.yml; the code, the signatories and
        # the reviews live outside docs_dir, and theme overrides are watched
        # only with --watch-theme.
        # Watched even when the last build failed, so that fixing a file rebuilds.
        for folder in self.site_config(config).watched:
            if folder.is_dir():
                server.watch(str(folder))
        if config.theme.custom_dir:
            server.watch(config.theme.custom_dir)
        return server

    def _site(self) -> Site:
        if self.site is None:
            raise PluginError("The codemark plugin was not configured.")
        return self.site


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
