"""What every renderer shares: the shape of a renderer, what it is given, what it makes.

A renderer is a function ``render(snapshot, context)`` that yields outputs, one at
a time: :class:`Page` (HTML for the engine to wrap) and :class:`File` (plain bytes
at a path). It reads the model and the derived facts from the
:class:`~generator.snapshot.Snapshot`, and templates and remembered conversions
from the :class:`Context`; it does no disk I/O. :data:`generator.render.RENDERERS`
lists them all, in the order the site is made.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
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
    """One HTML page: its URL path (``incidents/x/``, ``""`` for the root) and content.

    The content may be given as a function that makes it: with a ``key`` (a digest of
    everything the content is made from), a build that finds the page as the last one
    left it never makes its content (see :mod:`generator.incremental`)."""

    url: str
    title: str
    description: str
    content: str | Callable[[], str] = field(repr=False, compare=False)
    in_search: bool = True
    in_nav: bool = False
    """Listed in the site navigation (only when ``nav`` in mkdocs.yml names it, or has no nav)."""
    key: str | None = None
    """A digest of everything the content is made from: two pages with the same key have
    the same content. None: the content is its own record."""

    @property
    def root(self) -> str:
        """The relative link from this page to the site root."""
        return "../" * self.url.count("/")

    @cached_property
    def html(self) -> str:
        """The content, made on first use."""
        self.__dict__["_made"] = True
        return self.content if isinstance(self.content, str) else self.content()

    @property
    def made(self) -> bool:
        """Whether this build asked for the content (a page it never asked for is as the
        last build left it)."""
        return bool(self.__dict__.get("_made"))

    @cached_property
    def record(self) -> str:
        """What the record of a build keeps of this page: its title, description and
        flags, and its content's key when it has one (then its content is never made to
        be recorded), else its content."""
        head = f"{self.title}\0{self.description}\0{self.in_search:d}{self.in_nav:d}\0"
        if self.key is not None:
            return content_digest(f"{head}key\0{self.key}".encode())
        return content_digest(f"{head}html\0".encode() + self.html.encode())

    def let_go(self) -> None:
        """Forget the content made, keeping the page's :attr:`record`: the engine calls
        this once it has written the page, so a full build does not hold every page's
        HTML at once. Reading :attr:`html` again makes it again."""
        _ = self.record
        self.__dict__.pop("html", None)


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
    feeds: dict[str, dict[str, bytes]]
    """Serialised feeds by their entries, so an unchanged feed is not serialised again."""
    pages: Memo[str, str]
    """Rendered page content by a digest of everything its template reads."""
    uses: Memo[str, TemplateUse]
    """What each template source reads, by a digest of it."""
    shared: dict[str, Any] = field(default_factory=dict, compare=False)
    """What renderers of this build work out once for several of them, by name (the
    page renderer, with its views of the events: see ``pages.shared``)."""


class Renderer(Protocol):
    """The one shape of a renderer."""

    def __call__(self, snapshot: Snapshot, context: Context, /) -> Iterable[Output]: ...


def files(made: dict[str, bytes]) -> Iterable[File]:
    """Plain files made as a mapping of path to bytes, as outputs."""
    return (File(path, data) for path, data in made.items())


def content_digest(data: bytes) -> str:
    """The digest the record of a build keeps of a page's or a file's bytes."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()
