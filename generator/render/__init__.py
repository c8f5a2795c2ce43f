"""Render the derived site into outputs: pages, feeds and API files. No disk I/O."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from ..i18n import language
from ..model import Site
from .api import Api
from .badges import badges
from .calendar import calendars
from .embed import embed_files
from .feeds import component_feeds, feeds
from .hosting import host_files
from .memo import Memo
from .pages import Page, TemplateUse, environment, render_pages
from .postmortems import render_postmortems
from .reliability import render_reliability
from .subscribe import subscribe_page
from .text import MarkdownRenderer

__all__ = ["ICON", "Outputs", "Page", "Renderers", "render_site", "script", "stylesheet"]


@dataclass
class Outputs:
    """Everything one build produces: HTML pages for the engine to wrap, and plain files."""

    pages: list[Page] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)


@dataclass
class Renderers:
    """Markdown renderers that remember what they converted; a preview keeps them between
    builds, so an edit converts only the text that changed."""

    sanitise: bool = True
    prose: MarkdownRenderer = field(init=False)
    sections: MarkdownRenderer = field(init=False)
    feeds: dict[Any, dict[str, bytes]] = field(default_factory=dict)
    """Serialised feeds by their entries, so an unchanged feed is not written again."""
    templates: dict[tuple[Any, ...], jinja2.Environment] = field(default_factory=dict)
    """Compiled templates by template folders, time zone and language (the templates'
    globals write times in them); Jinja2 reloads a template whose file changed."""
    parallel: bool = False
    """Convert Markdown ahead of rendering in worker processes (see
    :mod:`generator.parallel`; only where the process has no other threads)."""
    pages: Memo[str, str] = field(default_factory=Memo)
    """Rendered page content by a digest of everything its template reads."""
    uses: Memo[str, TemplateUse] = field(default_factory=Memo)
    """What each template source reads, by a digest of it."""

    def environment(
        self, template_dirs: list[Path], time_zone: str, lang: str = "en"
    ) -> jinja2.Environment:
        key = (*template_dirs, time_zone, lang)
        if key not in self.templates:
            self.templates[key] = environment(template_dirs, language(lang))
        return self.templates[key]

    def __post_init__(self) -> None:
        self.prose = MarkdownRenderer(sanitise=self.sanitise)
        self.sections = MarkdownRenderer(headings=True, sanitise=self.sanitise)

    def memo(self, outputs: Outputs) -> dict[str, Any]:
        """What the build of ``outputs`` converted and serialised, for the next build."""
        feeds = {
            key: made
            for key, made in self.feeds.items()
            if all(outputs.files.get(name) == data for name, data in made.items())
        }
        return {
            "prose": self.prose.memo.carry(),
            "sections": self.sections.memo.carry(),
            "pages": self.pages.carry(),
            "uses": self.uses.carry(),
            "feeds": feeds,
        }

    def recall(self, memo: dict[str, Any]) -> None:
        """Take what an earlier build with the same settings converted and serialised."""
        self.prose.memo.recall(memo["prose"])
        self.sections.memo.recall(memo["sections"])
        self.pages.recall(memo["pages"])
        self.uses.recall(memo["uses"])
        self.feeds.update(memo["feeds"])


def render_site(
    site: Site,
    template_dirs: list[Path],
    progress: Callable[[], None] | None = None,
    renderers: Renderers | None = None,
) -> Outputs:
    outputs = Outputs()
    sanitise = not site.settings.allow_raw_html
    if renderers is None or renderers.sanitise != sanitise:
        renderers = Renderers(sanitise)
    env = renderers.environment(template_dirs, site.settings.time_zone, site.settings.language)
    if len(renderers.feeds) > 1000:  # a long preview: forget feeds from earlier edits
        renderers.feeds.clear()
    markdown = renderers.prose
    if renderers.parallel:
        convert_ahead(site, renderers)
    outputs.pages = render_pages(site, env, progress, markdown, renderers.pages, renderers.uses)
    pm_pages, pm_feeds = render_postmortems(site, env, renderers.sections)
    outputs.pages += pm_pages
    outputs.files.update(pm_feeds)
    reliability_page, reliability_files = render_reliability(site, env)
    outputs.pages.append(reliability_page)
    outputs.files.update(reliability_files)
    outputs.files.update(feeds(site, markdown, memo=renderers.feeds))
    outputs.files.update(Api(site, markdown).files())
    outputs.pages.append(subscribe_page(site, env))
    outputs.files.update(component_feeds(site, markdown, renderers.feeds))
    outputs.files.update(calendars(site, markdown))
    outputs.files.update(badges(site))
    outputs.files.update(embed_files(site, env))
    for path, data in (stylesheet(), script(), icon()):
        outputs.files[path] = data
    if not site.settings.path:
        outputs.files.update(host_files())
    return relocated(outputs, site.settings.path)


def relocated(outputs: Outputs, path: str) -> Outputs:
    """``outputs`` under the folder ``path`` of the site. Every link between them is
    relative (templates write ``root``, the page's way up to the status pages' own
    root) and every address is built on the settings' ``url``, which ends in ``path``:
    so moving the files is all it takes."""
    if not path:
        return outputs
    return Outputs(
        pages=[replace(page, url=path + page.url) for page in outputs.pages],
        files={path + name: data for name, data in outputs.files.items()},
    )


def convert_ahead(site: Site, renderers: Renderers) -> None:
    """Convert the Markdown of every public update, event and postmortem body at once,
    across the machine's cores, before the pages ask for it one by one."""
    prose = [event.body for event in site.events if event.body.strip()]
    for event in site.events:
        prose += [u.message for u in event.updates]
    renderers.prose.ahead(prose)
    renderers.sections.ahead([p.body for p in site.postmortems if p.body.strip()])


def stylesheet() -> tuple[str, bytes]:
    """The status page's stylesheet, at a path that changes whenever its content does."""
    return _asset("statuspress.css", "stylesheets")


def script() -> tuple[str, bytes]:
    """The script that shows times in the reader's zone, at a path that changes with it."""
    return _asset("localtime.js", "javascripts")


ICON = "assets/images/status-icon.svg"
"""A plain status icon (a check in a green circle) that ``init`` names as the favicon."""


@functools.cache
def icon() -> tuple[str, bytes]:
    """The status icon, at a fixed path: ``mkdocs.yml`` names it."""
    return ICON, (resources.files("statuspress") / "assets" / "status-icon.svg").read_bytes()


@functools.cache
def _asset(name: str, folder: str) -> tuple[str, bytes]:
    data = (resources.files("statuspress") / "assets" / name).read_bytes()
    stem, suffix = name.rsplit(".", 1)
    return f"assets/{folder}/{stem}.{hashlib.sha256(data).hexdigest()[:8]}.{suffix}", data
