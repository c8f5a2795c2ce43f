"""What every renderer shares: the shape of a renderer, what it is given, what it makes.

A renderer is a function ``render(snapshot, context)`` that yields outputs, one at
a time: :class:`Page` (HTML for the engine to wrap) and :class:`File` (plain bytes
at a path). It reads the model and the derived facts from the
:class:`~generator.snapshot.Snapshot`, and templates and remembered conversions
from the :class:`Context`; it does no disk I/O. :data:`generator.render.RENDERERS`
lists them all, in the order the site is made.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

import jinja2

from ..memo import Memo
from .text import MarkdownRenderer

if TYPE_CHECKING:
    from ..snapshot import Snapshot

TemplateUse = tuple[frozenset[str], tuple[str | None, ...]]
"""What a template's source reads from its context, and the templates it uses."""


@dataclass(frozen=True)
class Page:
    """One HTML page: its URL path (``incidents/x/``, ``""`` for the root) and content."""

    url: str
    title: str
    description: str
    html: str
    in_search: bool = True
    in_nav: bool = False
    """Listed in the site navigation (only when ``nav`` in mkdocs.yml names it, or has no nav)."""

    @property
    def root(self) -> str:
        """The relative link from this page to the site root."""
        return "../" * self.url.count("/")


class File(NamedTuple):
    """A plain file of the site (a feed, an API file, a stylesheet) at ``path``."""

    path: str
    data: bytes


Output = Page | File


@dataclass(frozen=True)
class Context:
    """What renderers share besides the snapshot: the templates and what was converted."""

    env: jinja2.Environment
    """The templates, in the site's language and time zone."""
    prose: MarkdownRenderer
    """Markdown of updates and event bodies."""
    sections: MarkdownRenderer
    """Markdown of postmortems (headings with anchors)."""
    feeds: dict[Any, dict[str, bytes]]
    """Serialised feeds by their entries, so an unchanged feed is not serialised again."""
    pages: Memo[str, str]
    """Rendered page content by a digest of everything its template reads."""
    uses: Memo[str, TemplateUse]
    """What each template source reads, by a digest of it."""


class Renderer(Protocol):
    """The one shape of a renderer."""

    def __call__(self, snapshot: Snapshot, context: Context, /) -> Iterable[Output]: ...


def files(made: dict[str, bytes]) -> Iterable[File]:
    """Plain files made as a mapping of path to bytes, as outputs."""
    return (File(path, data) for path, data in made.items())
