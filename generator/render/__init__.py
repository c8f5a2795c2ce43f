"""Render the derived site into outputs: pages, feeds and API files. No disk I/O."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ..model import Site
from .api import Api
from .feeds import feeds
from .hosting import host_files
from .pages import Page, environment, render_pages
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
    outputs.pages = render_pages(site, environment(template_dirs), progress)
    outputs.files.update(feeds(site, MarkdownRenderer()))
    outputs.files.update(Api(site).files())
    path, data = stylesheet()
    outputs.files[path] = data
    outputs.files.update(host_files())
    return outputs


def stylesheet() -> tuple[str, bytes]:
    """The status page's stylesheet, at a path that changes whenever its content does."""
    data = (resources.files("generator") / "assets" / "statuspress.css").read_bytes()
    return f"assets/stylesheets/statuspress.{hashlib.sha256(data).hexdigest()[:8]}.css", data
