"""Status badges: small SVG images in the shields.io style for READMEs and wikis.

``badge.svg`` shows the overall indicator, ``components/<id>/badge.svg`` one
component's status. The message always names the status in words, so colour
is never the only signal, and each badge is an ``img`` with a ``<title>`` for
screen readers. Every colour gives white text a contrast of at least 4.5:1.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from html import escape

from ..i18n import language
from ..snapshot import Snapshot
from ..vocabulary import (
    CRITICAL,
    DEGRADED,
    INDICATOR_WORDS,
    MAINTENANCE,
    MAJOR,
    MAJOR_OUTAGE,
    MINOR,
    NO_IMPACT,
    OPERATIONAL,
    PARTIAL_OUTAGE,
    UNDER_MAINTENANCE,
)
from .base import Context, File, Output
from .labels import label, word

LABEL_COLOUR = "#555"

INDICATOR_BADGES = {
    level: (INDICATOR_WORDS[level], colour)
    for level, colour in (
        (NO_IMPACT, "#1a7f37"),
        (MINOR, "#8a5200"),
        (MAJOR, "#b34700"),
        (CRITICAL, "#b71c1c"),
        (MAINTENANCE, "#1a56a8"),
    )
}
"""The overall indicator's short message and colour (the banner's colours)."""

STATUS_COLOURS = {
    OPERATIONAL: "#1a7f37",
    DEGRADED: "#8a5200",
    PARTIAL_OUTAGE: "#b34700",
    MAJOR_OUTAGE: "#b71c1c",
    UNDER_MAINTENANCE: "#1a56a8",
}

# Approximate advance widths of Verdana at 11 px, as shields.io measures text.
_NARROW = dict.fromkeys("fijlrtI!'()*,-./:;[]`{|}", 4.3)
_WIDE = dict.fromkeys("mwMW%@", 10.5)
_UPPER = dict.fromkeys("ABCDEFGHJKLNOPQRSTUVXYZ&#", 7.6)


def text_width(text: str) -> float:
    """Estimated width in pixels; the SVG's ``textLength`` makes it exact on screen."""
    width = 0.0
    for char in text:
        if char == " ":
            width += 3.9
        elif unicodedata.east_asian_width(char) in "WF":  # CJK: a full em at 11 px
            width += 11.0
        else:
            width += _NARROW.get(char) or _WIDE.get(char) or _UPPER.get(char) or 7.0
    return width


def badges(snapshot: Snapshot, context: Context) -> Iterator[Output]:
    """``badge.svg`` for the whole page and ``components/<id>/badge.svg`` for each component."""
    site = snapshot.site
    lang = language(site.settings.language)
    _ = lang.gettext
    indicator, description = snapshot.indicator
    message, colour = INDICATOR_BADGES[indicator]
    title = _("%(name)s status: %(description)s")
    title %= {"name": site.settings.name, "description": _(description)}
    yield File("badge.svg", badge(_("status"), _(message), colour, title))
    for component in site.settings.components:
        status = snapshot.statuses[component.id]
        shown = f"{component.name}: {label(lang, status)}"
        made = badge(component.name, word(lang, status), STATUS_COLOURS[status], shown)
        yield File(f"components/{component.id}/badge.svg", made)


def badge(label: str, message: str, colour: str, title: str) -> bytes:
    """A flat two-part badge: ``label`` on grey, ``message`` on ``colour``."""
    left = round(text_width(label)) + 10
    right = round(text_width(message)) + 10
    width = left + right
    title_text = escape(title, quote=True)
    svg = f"""\
<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" role="img" \
aria-label="{title_text}">
  <title>{title_text}</title>
  <linearGradient id="sp-badge-shine" x2="0" y2="100%">
    <stop offset="0" stop-color="#bbb" stop-opacity=".1"/>
    <stop offset="1" stop-opacity=".1"/>
  </linearGradient>
  <clipPath id="sp-badge-round">
    <rect width="{width}" height="20" rx="3" fill="#fff"/>
  </clipPath>
  <g clip-path="url(#sp-badge-round)">
    <rect width="{left}" height="20" fill="{LABEL_COLOUR}"/>
    <rect x="{left}" width="{right}" height="20" fill="{colour}"/>
    <rect width="{width}" height="20" fill="url(#sp-badge-shine)"/>
  </g>
  <g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" \
text-rendering="geometricPrecision" font-size="110" aria-hidden="true">
{_text(label, left / 2, left - 10)}
{_text(message, left + right / 2, right - 10)}
  </g>
</svg>
"""
    return svg.encode("utf-8")


def _text(text: str, middle: float, length: int) -> str:
    """One line of badge text with its shadow, drawn at ten times the size and scaled down."""
    value = escape(text, quote=True)
    x = round(middle * 10)
    size = length * 10
    return (
        f'    <text x="{x}" y="150" fill="#010101" fill-opacity=".3" transform="scale(.1)" '
        f'textLength="{size}">{value}</text>\n'
        f'    <text x="{x}" y="140" transform="scale(.1)" textLength="{size}">{value}</text>'
    )
