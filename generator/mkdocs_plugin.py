"""The MkDocs adapter: the one module that talks to MkDocs.

It runs the Statuspress pipeline when MkDocs gathers its files, hands MkDocs
the pages (as small generated Markdown files whose content it then swaps for
the rendered HTML) and the plain files (feeds, API, CSS), and watches the
content folder under ``mkdocs serve``. Everything else lives in the core.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as MkDocsPage

from .errors import Severity
from .pipeline import BadReferenceTime, load_site, reference_time
from .render import Outputs, Page, render_site, stylesheet
from .write import OutputError, check_paths

log = logging.getLogger("mkdocs.plugins.statuspress")


class _Options(base.Config):
    # Validated by generator.config, which reports file and line; MkDocs only passes them on.
    enabled = c.Type(bool, default=True)
    time_zone = c.Optional(c.Type(object))
    uptime_days = c.Optional(c.Type(object))
    components = c.Optional(c.Type(object))
    content_dir = c.Optional(c.Type(object))


THEME_CORRECTIONS = (
    # HTML allows autocomplete only on text-like inputs, not on Material's checkboxes.
    ('id="__drawer" autocomplete="off">', 'id="__drawer">'),
    ('id="__search" autocomplete="off">', 'id="__search">'),
    # Material's search dialog has no accessible name.
    (
        'data-md-component="search" role="dialog">',
        'data-md-component="search" role="dialog" aria-label="Search">',
    ),
)
"""Exact strings: if Material changes its markup, the HTML and accessibility checks say so."""


def correct_theme_markup(html: str) -> str:
    """Fix the few attributes of Material's own markup that the validators object to."""
    for wrong, right in THEME_CORRECTIONS:
        html = html.replace(wrong, right)
    return html


def page_source(page: Page) -> str:
    """The Markdown path MkDocs knows a page by: ``incidents/x.md`` for ``incidents/x/``."""
    return "index.md" if not page.url else page.url.rstrip("/") + ".md"


class StatuspressPlugin(BasePlugin[_Options]):
    def __init__(self) -> None:
        super().__init__()
        self.now: datetime | None = None
        """The reference time; set by ``statuspress build --now``, else taken at build."""
        self.prepared: Outputs | None = None
        """Outputs already rendered by the CLI, so the build does not load content twice."""
        self.progress: Callable[[], None] | None = None
        """Called once per page written, for the CLI's progress bar."""
        self._html: dict[str, str] = {}
        self._meta: dict[str, dict[str, Any]] = {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not config.use_directory_urls:
            raise PluginError("statuspress: expected 'use_directory_urls: true' in mkdocs.yml")
        css = stylesheet()[0]
        if css not in config.extra_css:
            config.extra_css.append(css)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if not self.config.enabled:
            return files
        outputs = self.prepared or self._render(config)
        sources = {page_source(p): p for p in outputs.pages}
        try:
            check_paths([*sources, *outputs.files])
            check_paths([*sources, *outputs.files, *(f.src_uri for f in files)])
        except OutputError as exc:
            raise PluginError(f"statuspress: {exc}") from None
        self._html = {}
        self._meta = {}
        for src, page in sources.items():
            # MkDocs and Material write titles and descriptions into pages without
            # escaping them: hand them over escaped.
            meta: dict[str, Any] = {
                "title": html.escape(page.title),
                "description": html.escape(page.description),
                "hide": ["navigation", "toc"],
            }
            if not page.in_search:
                meta["search"] = {"exclude": True}
            # The page's Markdown is empty: its metadata is handed over directly (see
            # on_page_markdown) and its HTML replaces the rendered content.
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, src, content="", inclusion=inclusion))
            self._meta[src] = meta
            self._html[src] = page.html
        for path, data in sorted(outputs.files.items()):
            files.append(
                File.generated(config, path, content=data, inclusion=InclusionLevel.INCLUDED)
            )
        return files

    def on_page_markdown(
        self, markdown: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str:
        if page.file.src_uri in self._meta:
            page.meta = dict(self._meta[page.file.src_uri])
        return markdown

    def on_page_content(
        self, html: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str:
        return self._html.get(page.file.src_uri, html)

    def on_post_page(self, output: str, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        if self.progress is not None:
            self.progress()
        return correct_theme_markup(output)

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        return correct_theme_markup(output_content)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        project = Path(config.config_file_path).parent
        for folder in (
            project / str(self.config.content_dir or "incidents"),
            project / "site_templates",
        ):
            if folder.is_dir():
                server.watch(str(folder))
        return server

    def _render(self, config: MkDocsConfig) -> Outputs:
        config_file = Path(config.config_file_path)
        try:
            now = self.now or reference_time()
        except BadReferenceTime as exc:
            raise PluginError(f"statuspress: {exc}") from None
        site, problems = load_site(config_file, now)
        for problem in problems:
            if problem.severity is Severity.WARNING:
                log.warning(str(problem))
        errors = [str(p) for p in problems if p.severity is Severity.ERROR]
        if site is None:
            raise PluginError("statuspress: the content has errors:\n" + "\n".join(errors))
        if site.settings.allow_raw_html:
            log.warning("statuspress: allow_raw_html is on: raw HTML is published as written")
        return render_site(site, [config_file.parent / "site_templates"])
