"""Render the derived site into outputs: pages, feeds and API files. No disk I/O."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jinja2

from ..i18n import language
from ..memo import Memo, Recalled, Stored
from ..model import Site
from ..parallel import Aside
from ..snapshot import Snapshot
from .api import api
from .aside import made_aside, taken
from .badges import badges
from .base import Context, File, Output, Page, Renderer, TemplateUse, content_digest
from .calendar import calendars
from .embed import embed
from .feeds import component_feeds, history_feeds
from .hosting import hosting
from .pages import environment, event_pages, prepare, status_pages
from .postmortems import postmortems
from .reliability import reliability
from .subscribe import subscribe
from .text import MarkdownRenderer

__all__ = [
    "ICON",
    "RENDERERS",
    "Context",
    "File",
    "Outputs",
    "Page",
    "Renderer",
    "Renderers",
    "content_digest",
    "render_site",
    "script",
    "stylesheet",
]


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
    feeds: dict[str, dict[str, bytes]] = field(default_factory=dict)
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
            self.templates[key] = environment(template_dirs, language(lang), ZoneInfo(time_zone))
        return self.templates[key]

    def __post_init__(self) -> None:
        self.prose = MarkdownRenderer(sanitise=self.sanitise)
        self.sections = MarkdownRenderer(headings=True, sanitise=self.sanitise)

    def memo(self, outputs: Outputs) -> dict[str, Any]:
        """What the build of ``outputs`` converted and serialised, for the next build."""
        feeds = {
            key: made
            # Those this build read or made (a stored one it never asked for stays unread).
            for key, made in dict.items(self.feeds)
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
        feeds = memo["feeds"]
        # From the build cache: each feed is read when a build asks for its entries.
        self.feeds = Recalled(feeds) if isinstance(feeds, Stored) else dict(feeds)


def assets(snapshot: Snapshot, context: Context) -> Iterator[Output]:
    """The status pages' stylesheet, script and icon."""
    for path, data in (stylesheet(), script(), icon()):
        yield File(path, data)


RENDERERS: tuple[Renderer, ...] = (
    status_pages,
    event_pages,
    postmortems,
    reliability,
    history_feeds,
    api,
    subscribe,
    component_feeds,
    calendars,
    badges,
    embed,
    assets,
    hosting,
)
"""Every renderer, in the order the site is made (the order of its pages and files)."""


def render_site(
    site: Site,
    template_dirs: list[Path],
    progress: Callable[[], None] | None = None,
    renderers: Renderers | None = None,
    snapshot: Snapshot | None = None,
    aside: Callable[[], bool] | None = None,
) -> Outputs:
    """Every output of ``site``: each renderer of :data:`RENDERERS` over one derived
    ``snapshot`` (made here when not given); ``progress`` is called as each page is
    made.

    With ``aside``, the status page, the history and the component pages are made in a
    forked process while this one makes the rest (see :mod:`generator.render.aside`:
    only in a process with no other threads); ``aside`` is asked there, once they are
    made, whether this build can use them. When it cannot, or the process fails, they
    are made here."""
    snapshot = snapshot if snapshot is not None else Snapshot(site)
    context = context_of(site, template_dirs, renderers)
    outputs = Outputs()
    made = None
    if aside is not None:
        prepare(snapshot, context)
        made = Aside(partial(made_aside, snapshot, context, aside))
    with made if made is not None else nullcontext():
        for renderer in RENDERERS:
            if made is not None and renderer is status_pages:
                continue  # made aside, and put first below
            _add(outputs, renderer(snapshot, context), progress)
        if made is not None:
            first = Outputs()
            _add(first, taken(made.result(), snapshot, context), progress)
            outputs = Outputs(first.pages + outputs.pages, {**first.files, **outputs.files})
    return relocated(outputs, site.settings.path)


def _add(outputs: Outputs, made: Iterable[Output], progress: Callable[[], None] | None) -> None:
    for output in made:
        if isinstance(output, Page):
            outputs.pages.append(output)
            if progress is not None:
                progress()
        else:
            outputs.files[output.path] = output.data


def context_of(
    site: Site, template_dirs: list[Path], renderers: Renderers | None = None
) -> Context:
    """What the renderers share in a build of ``site``: the templates of
    ``template_dirs`` and the conversions ``renderers`` remember (new ones when none
    are given, or they sanitise otherwise than the settings say)."""
    sanitise = not site.settings.allow_raw_html
    if renderers is None or renderers.sanitise != sanitise:
        renderers = Renderers(sanitise)
    env = renderers.environment(template_dirs, site.settings.time_zone, site.settings.language)
    if dict.__len__(renderers.feeds) > 1000:  # a long preview: forget earlier edits' feeds
        renderers.feeds.clear()
    if renderers.parallel:
        convert_ahead(site, renderers)
    return Context(
        env, renderers.prose, renderers.sections, renderers.feeds, renderers.pages, renderers.uses
    )


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
