"""Rebuilding only what changed since the last build.

Every build renders the HTML of every page again, which is cheap once converted
Markdown is remembered. Wrapping pages in the theme is what costs, so only these
pages are wrapped again, filled into the frames of the last build where they can
be (see :mod:`generator.frames`), else by the site engine:

- the pages whose HTML, title or description changed;
- the pages in the navigation (a few, and the status page changes with the clock);
- every searchable page when one of them changed, since the search index is
  written from all of them at once.

The other pages, and the plain files that did not change, are kept from the last
build. A change that touches every page rebuilds everything: a page or a plain
file that came or went, a change in the navigation, or a new build day (the
sitemap is dated with it).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .frames import Frame, correct_theme_markup, frame_key, page_kind, page_values
from .render import Outputs, Page
from .write import move_file, replace_file

SEARCH_INDEX = "search/search_index.json"


@dataclass(frozen=True)
class Built:
    """What one build wrote, in enough detail to plan the next."""

    pages: dict[str, str]
    """Digest of each page by its URL."""
    files: dict[str, str]
    """Digest of each plain file by its path."""
    navigation: tuple[tuple[str, str], ...]
    """URL and title of the pages in the navigation, which every page shows."""
    day: str
    """The build date, which MkDocs writes into the sitemap."""

    @classmethod
    def of(cls, outputs: Outputs, day: str) -> Built:
        return cls(
            pages={page.url: page_digest(page) for page in outputs.pages},
            files={path: _digest(data) for path, data in outputs.files.items()},
            navigation=tuple((p.url, p.title) for p in outputs.pages if p.in_nav),
            day=day,
        )


@dataclass(frozen=True)
class Plan:
    """The work of an incremental build."""

    pages: list[Page]
    """The pages to wrap in the theme again, in site order."""
    search: bool
    """Whether the search index is written again (the pages include every searchable one)."""
    write: dict[str, bytes]
    """Plain files that are new or changed."""


def plan(previous: Built | None, built: Built, outputs: Outputs) -> Plan | None:
    """What to rebuild to go from ``previous`` to ``built`` (the record of ``outputs``);
    None when everything must be rebuilt."""
    if (
        previous is None
        or previous.day != built.day
        or list(previous.pages) != list(built.pages)  # the order too: the sitemap's
        or list(previous.files) != list(built.files)
        or previous.navigation != built.navigation
    ):
        return None
    changed = {url for url, digest in built.pages.items() if previous.pages[url] != digest}
    search = any(page.in_search and page.url in changed for page in outputs.pages)
    pages = [
        page
        for page in outputs.pages
        if page.url in changed or page.in_nav or (search and page.in_search)
    ]
    write = {
        path: data
        for path, data in outputs.files.items()
        if previous.files[path] != built.files[path]
    }
    return Plan(pages, search, write)


def fill_frames(plan: Plan, frames: Mapping[Hashable, Frame | None], site: Path) -> list[Page]:
    """Write into ``site`` the planned pages that have a frame; return the others, for
    the engine (with every searchable page when the search index must be written)."""
    left = []
    for page in plan.pages:
        values = page_values(page)
        key = frame_key(page_kind(page), values)
        frame = frames.get(key) if key is not None else None
        # The search plugin drops data-search-* attributes from content; a frame does not.
        if frame is None or "data-search-" in page.html or (plan.search and page.in_search):
            left.append(page)
            continue
        # As the engine writes a page: corrected markup, characters outside UTF-8 as
        # references.
        output = correct_theme_markup(frame.fill(values))
        replace_file(site / f"{page.url}index.html", output.encode("utf-8", "xmlcharrefreplace"))
    return left


def carry_out(pages: list[Page], search: bool, engine_output: Path, site: Path) -> None:
    """Move the pages the engine built (and its search index) into ``site``."""
    names = [f"{page.url}index.html" for page in pages]
    if search and (engine_output / SEARCH_INDEX).is_file():  # none without a search plugin
        names.append(SEARCH_INDEX)
    for name in names:
        move_file(engine_output / name, site / name)


def write_files(plan: Plan, site: Path) -> None:
    for name, data in plan.write.items():
        replace_file(site / name, data)


def snapshot(site: Path) -> dict[str, tuple[int, int]]:
    """Size and modification time of every file in ``site``: a site folder that no
    longer matches the last build's snapshot is rebuilt in full."""
    found: dict[str, tuple[int, int]] = {}
    stack = [""]
    while stack:
        relative = stack.pop()
        try:
            entries = list(os.scandir(site / relative if relative else site))
        except OSError:
            continue
        for entry in entries:
            name = f"{relative}{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                stack.append(name + "/")
            else:
                stat = entry.stat(follow_symlinks=False)
                found[name] = (stat.st_size, stat.st_mtime_ns)
    return found


def page_digest(page: Page) -> str:
    head = f"{page.title}\0{page.description}\0{page.in_search:d}{page.in_nav:d}\0"
    return _digest(head.encode() + page.html.encode())


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()
