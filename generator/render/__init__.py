"""Render the derived site into outputs: pages, feeds and API files. No disk I/O."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ..model import Site
from .api import Api
from .badges import badges
from .calendar import calendars
from .embed import embed_files
from .feeds import component_feeds, feeds
from .hosting import host_files
from .pages import Page, environment, render_pages
from .postmortems import render_postmortems
from .reliability import render_reliability
from .subscribe import subscribe_page
from .text import MarkdownRenderer

__all__ = ["Outputs", "Page", "render_site", "stylesheet"]


@dataclass
class Outputs:
    """Everything one build produces: HTML pages for the engine to wrap, and plain files."""

    pages: list[Page] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)


def render_site(
    site: Site, template_dirs: list[Path], progress: Callable[[], None] | None = None
) -> Outputs:
    outputs = Outputs()
    env = environment(template_dirs)
    markdown = MarkdownRenderer(sanitise=not site.settings.allow_raw_html)
    outputs.pages = render_pages(site, env, progress, markdown)
    pm_pages, pm_feeds = render_postmortems(site, env)
    outputs.pages += pm_pages
    outputs.files.update(pm_feeds)
    reliability_page, reliability_files = render_reliability(site, env)
    outputs.pages.append(reliability_page)
    outputs.files.update(reliability_files)
    outputs.files.update(feeds(site, markdown))
    outputs.files.update(Api(site).files())
    outputs.pages.append(subscribe_page(site, env))
    outputs.files.update(component_feeds(site, markdown))
    outputs.files.update(calendars(site))
    outputs.files.update(badges(site))
    outputs.files.update(embed_files(site, env))
    path, data = stylesheet()
    outputs.files[path] = data
    outputs.files.update(host_files())
    return outputs


def stylesheet() -> tuple[str, bytes]:
    """The status page's stylesheet, at a path that changes whenever its content does."""
    data = (resources.files("generator") / "assets" / "statuspress.css").read_bytes()
    return f"assets/stylesheets/statuspress.{hashlib.sha256(data).hexdigest()[:8]}.css", data
