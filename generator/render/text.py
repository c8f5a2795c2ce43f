"""Markdown to safe HTML, and the ways times and durations are written for readers."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import markdown
import nh3
from markdown.extensions.toc import TocExtension, slugify

from ..parallel import map_chunks
from .memo import Memo

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "kbd",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}


HEADING_PREFIX = "s-"
"""Heading ids from authors' Markdown start with this, so they cannot clash with the page's."""


class MarkdownRenderer:
    """Renders authors' Markdown and sanitises any raw HTML in it with an allow-list.

    With ``headings=True``, headings get ids (for links and for search results
    that land on the right section) and may be ``h2`` as well.
    """

    def __init__(self, *, headings: bool = False, sanitise: bool = True) -> None:
        extensions: list[Any] = ["sane_lists", "fenced_code", "tables"]
        self._tags = set(ALLOWED_TAGS)
        self._attributes = {tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()}
        if headings:
            extensions.append(TocExtension(slugify=_prefixed_slug, toc_depth="2-4"))
            self._tags.add("h2")
            for tag in ("h2", "h3", "h4"):
                self._attributes[tag] = {"id"}
        self._md = markdown.Markdown(extensions=extensions)
        self._sanitise = sanitise
        self.memo: Memo[str, str] = Memo()
        """Conversions by text: each distinct text is converted once per renderer."""

    def __call__(self, text: str) -> str:
        """Safe HTML for ``text``."""
        return self.memo.get(text, lambda: self._convert(text))

    def ahead(self, texts: list[str]) -> None:
        """Convert the texts not converted yet, spread over the machine's cores (the
        workers are forked, so they have this renderer as it is)."""
        global _converting
        todo = list(dict.fromkeys(t for t in texts if not self.memo.knows(t)))
        _converting = self
        try:
            done = map_chunks(_convert_chunk, todo)
        finally:
            _converting = None
        self.memo.recall(dict(zip(todo, done, strict=True)))

    def _convert(self, text: str) -> str:
        html = self._md.reset().convert(text)
        if not self._sanitise:
            return html
        return nh3.clean(
            html,
            tags=self._tags,
            attributes=self._attributes,
            url_schemes=URL_SCHEMES,
            link_rel="noopener nofollow",
        )


_converting: MarkdownRenderer | None = None
"""The renderer whose :meth:`~MarkdownRenderer.ahead` is running (in every worker)."""


def _convert_chunk(texts: list[str]) -> list[str]:
    assert _converting is not None
    return [_converting._convert(text) for text in texts]


def _prefixed_slug(value: str, separator: str) -> str:
    return HEADING_PREFIX + slugify(value, separator)


def local(moment: datetime, tz: ZoneInfo) -> datetime:
    return moment.astimezone(tz)


def when(moment: datetime, tz: ZoneInfo) -> str:
    """``28 Nov 2026, 14:05 CET``: a time in the site zone, with the zone named."""
    value = moment.astimezone(tz)
    return f"{value.day} {value:%b %Y, %H:%M %Z}"


def day(moment: datetime, tz: ZoneInfo) -> str:
    value = moment.astimezone(tz)
    return f"{value.day} {value:%b %Y}"


def iso(moment: datetime) -> str:
    """Machine-readable UTC time for ``<time datetime>`` attributes."""
    return moment.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M:%SZ")


def span(delta: timedelta | None) -> str:
    """``2 h 5 min``; under a minute reads ``under 1 min``."""
    if delta is None:
        return "not started"
    minutes = int(delta.total_seconds() // 60)
    if minutes < 1:
        return "under 1 min"
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append(f"{days} d")
    if hours:
        parts.append(f"{hours} h")
    if mins and not days:
        parts.append(f"{mins} min")
    return " ".join(parts)


def minutes(value: float) -> str:
    """A number of minutes for the uptime tooltips: ``42 min``, ``3 h 5 min``."""
    return span(timedelta(minutes=round(value)))
