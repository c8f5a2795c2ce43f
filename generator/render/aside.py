"""The status pages made in a forked process while the build makes the rest.

After one edit at 10,000 incidents the status pages (the status page, the history and
each component's pages, 2,000 pages) and the incidents' own pages (10,500) take 0.55 s
to work out, nearly all of it the keys of the pages, and the other renderers 0.3 s: a
rebuild makes the status page, the history and the component pages aside
(:class:`generator.parallel.Aside`), and the rest meanwhile, on the machine's other core.

What comes back is each page's fields and key, the content of the pages whose key is
new (those the build must wrap again, unless nothing changed), and what the process
made and read of the memos the pages use, so that the build cache keeps it as if the
pages had been made here. A page whose key was known is given its content from the
pages memo when it is asked for; should that entry prove bad, the status pages are made
here and its content taken from them. When many pages are new (more than
:data:`MOST_MADE`), the process sends nothing, and they are made here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from ..memo import Memo
from ..snapshot import Snapshot
from .base import Context, Output, Page
from .pages import status_pages

MOST_MADE = 100
"""The most pages the forked process makes the content of. A rebuild after an edit makes
a few (the page of what changed, its month, its components' pages); one where many
change (the clock a day on: every component's uptime bars) makes them here, each as the
engine writes it, in the memory of one page (in the forked process, all at once: at
10,000 incidents, 1,000 pages took it over 400 MB)."""

PageFields = tuple[str, str, str, bool, bool, "str | None", "str | None"]
"""A page as sent back: URL, title, description, searchable, in the navigation, key,
and the content when its key is new (else None)."""


class Unusable(Exception):
    """What the forked process made cannot be used by this build: a cache entry it read
    proved bad (the build is a full one, and finds that out here), or too many pages
    changed (see :data:`MOST_MADE`)."""


@dataclass(frozen=True)
class Made:
    """The status pages as the forked process made them."""

    pages: list[PageFields]
    memos: tuple[dict[Any, Any], ...]
    """What it asked for of each memo of :func:`_memos`, with the values."""


def _memos(snapshot: Snapshot, context: Context) -> tuple[Memo[Any, Any], ...]:
    """The memos the status pages read and fill: pages, template uses, Markdown of
    updates and bodies, and components' uptimes."""
    return (context.pages, context.uses, context.prose.memo, snapshot.known)


def made_aside(
    snapshot: Snapshot, context: Context, usable: Callable[[], bool] | None = None
) -> Made:
    """The status pages, made in the forked process (see the module's text); ``usable``
    says there, once they are made, whether the build can use them."""
    pages: list[PageFields] = []
    made = 0
    for page in status_pages(snapshot, context):
        if not isinstance(page, Page):  # pragma: no cover - the status pages are pages
            raise TypeError(f"not a page: {page!r}")
        new = page.key is None or not context.pages.holds(page.key)
        made += new
        if made > MOST_MADE:
            raise Unusable
        fields = page.url, page.title, page.description, page.in_search, page.in_nav
        pages.append((*fields, page.key, page.html if new else None))
    if usable is not None and not usable():
        raise Unusable
    return Made(pages, tuple(memo.used() for memo in _memos(snapshot, context)))


def taken(made: Made | None, snapshot: Snapshot, context: Context) -> list[Output]:
    """The status pages from what the forked process ``made`` (its memos' entries taken
    here), or made here when it made nothing."""
    if made is None:
        return list(status_pages(snapshot, context))
    for memo, used in zip(_memos(snapshot, context), made.memos, strict=True):
        memo.absorb(used)
    here = _Here(snapshot, context)
    pages: list[Output] = []
    for url, title, description, in_search, in_nav, key, html in made.pages:
        if html is not None:
            content: str | Callable[[], str] = html
        else:
            assert key is not None
            content = partial(context.pages.get, key, partial(here.content, url))
        pages.append(Page(url, title, description, content, in_search, in_nav, key))
    return pages


class _Here:
    """The status pages made here, once, for a page whose content the pages memo no
    longer gives."""

    def __init__(self, snapshot: Snapshot, context: Context) -> None:
        self._given = snapshot, context
        self._pages: dict[str, Page] | None = None

    def content(self, url: str) -> str:
        if self._pages is None:
            made = status_pages(*self._given)
            self._pages = {page.url: page for page in made if isinstance(page, Page)}
        return self._pages[url].html
