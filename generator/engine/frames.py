"""The theme's page frame rendered once for many pages, then filled in.

Every incident page of a site wears the same frame: header, tabs, footer and
scripts. Only its title, description, address and content differ. Rendering
the theme's template costs about 3 ms a page, which is most of a large build;
filling in a frame costs microseconds.

A frame is used only when it is shown to give the same bytes as the template.
It is cut from a render with probe values in the slots, then checked twice:
filled with a second set of probe values (other lengths, other characters)
against a render of those, and filled with the first real page's values
against that page's own render. Where a template transforms a value (strips
tags, encodes it, cuts it short), the check fails and every page of that kind
goes through the template. The check cannot see what differs between pages
outside the slots, so frames are used only with Material's own templates, no
plugins but search and ours, no hooks, and no template override that reads the
page (see ``plugin.frames_allowed``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass

from ..render import Page

SLOTS = ("title", "description", "slug", "content")
"""What differs between pages that share a frame (a page in the navigation has a frame
of its own, and no slug)."""

THEME_CORRECTIONS = (
    # HTML allows autocomplete only on text-like inputs, not on Material's checkboxes.
    ('id="__drawer" autocomplete="off">', 'id="__drawer">'),
    ('id="__search" autocomplete="off">', 'id="__search">'),
)
SEARCH_DIALOG = 'data-md-component="search" role="dialog">'
SEARCH_FIELD = re.compile(
    r'<input type="text" class="md-search__input" name="query" aria-label="([^"]*)"'
)
"""Exact strings: if Material changes its markup, the HTML and accessibility checks say so."""

PLAIN_SLUG = re.compile(r"[a-z0-9][a-z0-9._-]*\Z")
"""A slug that every URL filter leaves as it is."""

Render = Callable[[Mapping[str, str] | None], str]
"""Render the page through the template: with these slot values, or (None) its own."""


@dataclass(frozen=True)
class Frame:
    texts: tuple[str, ...]
    """The fixed text around the slots: one more than ``slots``."""
    slots: tuple[str, ...]

    def fill(self, values: Mapping[str, str]) -> str:
        out = [self.texts[0]]
        for slot, text in zip(self.slots, self.texts[1:], strict=True):
            out.append(values[slot])
            out.append(text)
        return "".join(out)


def cut(output: str, probe: Mapping[str, str]) -> Frame:
    """The frame of ``output``, a render with ``probe`` values in the slots."""
    slot_of = {value: slot for slot, value in probe.items() if value}
    pattern = re.compile(
        "(" + "|".join(re.escape(v) for v in sorted(slot_of, key=len, reverse=True)) + ")"
    )
    pieces = pattern.split(output) if slot_of else [output]
    return Frame(tuple(pieces[0::2]), tuple(slot_of[v] for v in pieces[1::2]))


def probes(values: Mapping[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """Two sets of probe values shaped like ``values``: empty where it is empty, and
    with a top-level heading in the content where it has one (Material tests both)."""
    heading = "<h1" in values["content"]
    made = []
    for n, (word, extra) in enumerate((("probe", " &amp; é"), ("other-probe-value", " &lt;b&gt;"))):
        made.append(
            {
                "title": f"\ue000{word} title{extra} &quot;{n}&#x27;\ue001",
                "description": f"\ue000{word} description{extra}\ue001",
                "slug": f"statuspress-{word}-{n}" if values["slug"] else "",
                "content": f"\ue000{'<h1>t</h1>' if heading else ''}<p>{word}{extra}</p>\ue001",
            }
        )
        for slot in SLOTS:
            if not values[slot]:
                made[-1][slot] = ""
    return made[0], made[1]


def correct_theme_markup(html: str) -> str:
    """Fix the few attributes of Material's own markup that the validators object to."""
    for wrong, right in THEME_CORRECTIONS:
        html = html.replace(wrong, right)
    # Material's search dialog has no accessible name: it takes its field's, which
    # Material writes in the site's language ("Suche").
    field = SEARCH_FIELD.search(html)
    if field is not None:
        named = f'data-md-component="search" role="dialog" aria-label="{field.group(1)}">'
        html = html.replace(SEARCH_DIALOG, named)
    return html


def split_url(url: str) -> tuple[str, str]:
    """``incidents/x/`` -> (``incidents/``, ``x``); the root's slug is empty."""
    folder, _, slug = url.rstrip("/").rpartition("/")
    return (folder + "/" if folder else ""), slug


def page_kind(page: Page) -> Hashable:
    """Pages outside the navigation share a frame with the others of their folder (their
    links are relative to it) and searchability (it is in their metadata); a page in
    the navigation has a frame of its own."""
    if page.in_nav:
        return ("nav", page.url)
    return ("folder", split_url(page.url)[0], page.in_search)


def page_values(page: Page, content: str | None = None) -> dict[str, str]:
    """The slot values of a page: titles escaped as the engine is given them."""
    return {
        "title": html.escape(page.title),
        "description": html.escape(page.description),
        "slug": "" if page.in_nav else split_url(page.url)[1],
        "content": page.html if content is None else content,
    }


def frame_key(kind: Hashable, values: Mapping[str, str]) -> Hashable | None:
    """A frame's key: the kind of page and the shape of its values (Material writes
    other markup for an empty description, or for content without a heading); None
    when the slug is one that an address filter could change."""
    if values["slug"] and not PLAIN_SLUG.match(values["slug"]):
        return None
    return (kind, tuple(bool(values[s]) for s in SLOTS), "<h1" in values["content"])


class Frames:
    """Frames by kind of page, made on first use; a kind whose frame failed its check
    is rendered through the template every time."""

    def __init__(self) -> None:
        self.known: dict[Hashable, Frame | None] = {}
        """Frames by :func:`frame_key`; None for a kind that failed its check."""
        self.filled = 0
        """How many pages came from a frame rather than the template."""

    def page(self, kind: Hashable, values: Mapping[str, str], render: Render) -> str:
        key = frame_key(kind, values)
        if key is None:
            return render(None)
        if key not in self.known:
            first, second = probes(values)
            frame = cut(render(first), first)
            own = render(None)
            good = frame.fill(second) == render(second) and frame.fill(values) == own
            self.known[key] = frame if good else None
            return own
        made = self.known[key]
        if made is None:
            return render(None)
        self.filled += 1
        return made.fill(values)

    @property
    def refused(self) -> int:
        """How many kinds of page failed their check (for tests and benchmarks)."""
        return sum(1 for f in self.known.values() if f is None)
