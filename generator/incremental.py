"""Rebuilding only what changed since the last build.

Every build renders the HTML of every page again, which is cheap once converted
Markdown is remembered. Wrapping pages in the theme is what costs, so only these
pages are wrapped again, filled into the frames of the last build where they can
be (see ``engine.frames``), else by the site engine:

- the pages whose HTML, title or description changed;
- the pages in the navigation (a few, and the status page changes with the clock).

The searchable pages among the changed ones go to the engine, which indexes them;
their entries replace theirs in the last build's search index, and the other
pages' entries stay where they were (see ``engine.patch``). When the last index
cannot be patched so (it is gone or unreadable, or a page now has entries that it
did not have), the engine indexes every searchable page again, as a full build.

The other pages, and the plain files that did not change, are kept from the last
build. A change that touches every page rebuilds everything: a page or a plain
file that came or went, a page that came into the search index or left it, a
change in the navigation. A new build day dates the engine's sitemap anew (see
``engine.patch.redated``), or rebuilds everything when it cannot.
"""

from __future__ import annotations

import os
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .render import Outputs, Page, content_digest
from .write import replace_file

FrameText = tuple[tuple[str, ...], tuple[str, ...]]
"""A frame as the engine keeps it between builds: the fixed texts, and the names of the
slots between them (see ``engine.frames``)."""


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
    searchable: tuple[str, ...]
    """The URLs of the searchable pages: the pages the search index holds entries of."""

    @classmethod
    def of(cls, outputs: Outputs, day: str) -> Built:
        return cls(
            pages={page.url: page.record for page in outputs.pages},
            files={path: content_digest(data) for path, data in outputs.files.items()},
            navigation=tuple((p.url, p.title) for p in outputs.pages if p.in_nav),
            day=day,
            searchable=tuple(p.url for p in outputs.pages if p.in_search),
        )


@dataclass
class EngineRun:
    """What a run of the engine leaves for the next incremental build (the build cache
    keeps it; the engine alone reads it)."""

    frames: dict[Hashable, FrameText | None] = field(default_factory=dict)
    """The frames the run made, by kind of page; None for a kind that has none."""
    index: str | None = None
    """A digest of the search index the build left in the site (None without one): the
    next build patches that index and no other, even one of the same size and time."""
    dated: bool = False
    """Whether the engine's pages show the build day nowhere but in its sitemap (it ran
    with frames: Material's own templates, no hook, no other plugin, no template of the
    project's own that reads the page or the build date), so that on a new day the
    sitemap alone is dated anew."""
    every_page: bool = False
    """Whether the engine's search indexes every page, whatever the page asks: MkDocs'
    own search plugin (``theme: mkdocs``) does not read Material's ``search: exclude``."""

    def after(self, run: EngineRun, full: bool) -> EngineRun:
        """What is known once ``run`` followed this: a full build's frames replace
        these; a partial build's add to them. The index is the one ``run`` left."""
        if full:
            return run
        return EngineRun(
            {**self.frames, **run.frames}, run.index, self.dated and run.dated, run.every_page
        )


@dataclass(frozen=True)
class Plan:
    """The work of an incremental build."""

    pages: list[Page]
    """The pages to wrap in the theme again, in site order."""
    index: frozenset[str]
    """The URLs of the planned pages whose search entries may have changed: the engine
    makes them, and their entries replace theirs in the last search index."""
    reindex: list[Page]
    """The planned pages and every searchable page, in site order: what the engine is
    given when the last search index cannot be patched."""
    write: dict[str, bytes]
    """Plain files that are new or changed."""


def plan(
    previous: Built | None,
    built: Built,
    outputs: Outputs,
    dated: Mapping[str, bytes] | None = None,
    every_page: bool = False,
) -> Plan | None:
    """What to rebuild to go from ``previous`` to ``built`` (the record of ``outputs``);
    None when everything must be rebuilt. On a new build day, ``dated`` are the
    engine's files dated anew (its sitemap): without them, a new day rebuilds all. With
    ``every_page`` the engine's search indexes every page (see :class:`EngineRun`), the
    ones the site keeps out of search too."""
    if (
        previous is None
        or (previous.day != built.day and dated is None)
        or list(previous.pages) != list(built.pages)  # the order too: the sitemap's
        or list(previous.files) != list(built.files)
        or previous.navigation != built.navigation
        or previous.searchable != built.searchable
    ):
        return None
    changed = {url for url, digest in built.pages.items() if previous.pages[url] != digest}
    pages = [page for page in outputs.pages if page.url in changed or page.in_nav]
    searched = {page.url for page in outputs.pages if page.in_search or every_page}
    index = frozenset(page.url for page in pages if page.url in changed & searched)
    reindex = [
        page for page in outputs.pages if page.url in changed or page.in_nav or page.url in searched
    ]
    write = {
        path: data
        for path, data in outputs.files.items()
        if previous.files[path] != built.files[path]
    }
    if previous.day != built.day and dated is not None:
        write.update(dated)
    return Plan(pages, index, reindex, write)


def write_files(plan: Plan, site: Path) -> None:
    for name, data in plan.write.items():
        replace_file(site / name, data)


def snapshot(
    site: Path,
    last: dict[str, tuple[int, int]] | None = None,
    work: Plan | None = None,
    outputs: Outputs | None = None,
) -> dict[str, tuple[int, int]]:
    """Size and modification time of every file in ``site``: a site folder that no
    longer matches the last build's snapshot is rebuilt in full.

    After an incremental build (``work``, for ``outputs``) of a folder that matched the
    record ``last``, only what that build may have written is looked at again: the pages
    and files it wrote, and the engine's own files. The pages and files it kept keep
    their record, so a folder changed by anyone else meanwhile never matches it; a file
    gone is recorded as no file ever is.
    """
    if last is not None and work is not None and outputs is not None:
        rebuilt = {page.url for page in work.pages}
        kept = {f"{p.url}index.html" for p in outputs.pages if p.url not in rebuilt}
        kept.update(name for name in outputs.files if name not in work.write)
        written = [f"{url}index.html" for url in rebuilt] + list(work.write)
        record = dict(last)
        for name in [*(n for n in last if n not in kept), *written]:
            try:
                stat = os.stat(site / name, follow_symlinks=False)
            except OSError:
                record[name] = (-1, -1)
            else:
                record[name] = (stat.st_size, stat.st_mtime_ns)
        return record
    found: dict[str, tuple[int, int]] = {}
    top = os.fspath(site)
    stack = [""]
    while stack:
        relative = stack.pop()
        try:  # one folder per page: no path object for each
            entries = list(os.scandir(os.path.join(top, relative) if relative else top))
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
