"""Markdown to safe HTML, and the ways times and durations are written for readers."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import markdown
import nh3

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


class MarkdownRenderer:
    """Renders authors' Markdown and sanitises any raw HTML in it with an allow-list."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=["sane_lists", "fenced_code", "tables"])

    def __call__(self, text: str) -> str:
        html = self._md.reset().convert(text)
        return nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=URL_SCHEMES,
            link_rel="noopener nofollow",
        )


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
