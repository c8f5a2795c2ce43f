"""Markdown to safe HTML, and the ways times and durations are written for readers."""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin
from xml.etree.ElementTree import Element
from zoneinfo import ZoneInfo

import markdown
import nh3
from markdown.extensions import Extension
from markdown.extensions.toc import TocExtension, slugify
from markdown.treeprocessors import Treeprocessor

from ..characters import publishable
from ..i18n import Language, language
from ..memo import Memo
from ..model import Update
from ..parallel import map_chunks
from .budget import Budget, Flooded, as_plain_text, counted, nesting, steady_depth

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
LINK_REL = "noopener noreferrer nofollow"
"""On every link whose address comes from content: the page it opens gets no handle on
ours and no referrer, and search engines do not take it as our recommendation."""
ENGLISH = language("en")
"""Texts and formats of the msgids, for outputs that are not translated."""
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)|<[?!][^>]*(?:>|\Z)", re.DOTALL)
"""Comments, and what a browser reads as one (``<?x>``, ``<!x>``, ``<![CDATA[x]]>``)."""


class _LinkRel(Treeprocessor):
    """``rel`` on the links Markdown makes, when nothing sanitises the HTML (raw HTML
    is published as written)."""

    def run(self, root: Element) -> None:
        for link in root.iter("a"):
            link.set("rel", LINK_REL)


class _LinkRelExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_LinkRel(md), "statuspress_link_rel", 0)


class _Demoted(Treeprocessor):
    """Headings above the highest a text may have, made that one: a postmortem pasted
    from a document editor uses ``# Timeline``, and the page's own ``h1`` is its title.
    The sanitiser would drop the tag and run the heading into the text that follows."""

    def __init__(self, md: markdown.Markdown, highest: int) -> None:
        super().__init__(md)
        self.above = {f"h{level}": f"h{highest}" for level in range(1, highest)}

    def run(self, root: Element) -> None:
        for element in root.iter():
            if element.tag in self.above:
                element.tag = self.above[element.tag]


HEADING_PREFIX = "s-"
"""Heading ids from authors' Markdown start with this, so they cannot clash with the page's."""


class MarkdownRenderer:
    """Renders authors' Markdown and sanitises any raw HTML in it with an allow-list.

    This is the one sanitiser of update messages and Markdown bodies: pages and feeds
    take its HTML, and every plain-text output (the JSON API, calendars, chat
    notices) takes the text of that same HTML (:meth:`plain`), so nothing that a
    page leaves out is published anywhere else. HTML comments never reach any
    output, even with ``sanitise=False`` (``allow_raw_html``).

    With ``headings=True``, headings get ids (for links and for search results
    that land on the right section) and may be ``h2`` as well.
    """

    def __init__(self, *, headings: bool = False, sanitise: bool = True) -> None:
        self._tags = set(ALLOWED_TAGS)
        self._attributes = {tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()}
        if headings:
            self._tags.add("h2")
            for tag in ("h2", "h3", "h4"):
                self._attributes[tag] = {"id"}
        self._headings = headings
        self._sanitise = sanitise
        self._md, self._budget = self._library()
        self.memo: Memo[str, str] = Memo()
        """Conversions by text: each distinct text is converted once per renderer."""
        self._plain: Memo[str, str] = Memo()

    def _library(self) -> tuple[markdown.Markdown, Budget]:
        """The Markdown library as this renderer uses it, counting its work."""
        extensions: list[Any] = ["sane_lists", "fenced_code", "tables"]
        if self._headings:
            extensions.append(TocExtension(slugify=_prefixed_slug, toc_depth="2-4"))
        if not self._sanitise:
            extensions.append(_LinkRelExtension())
        md = markdown.Markdown(extensions=extensions)
        # Before the headings get their ids (the table of contents runs at 5).
        md.treeprocessors.register(_Demoted(md, 2 if self._headings else 3), "demoted", 6)
        return md, counted(md)

    def __call__(self, text: str) -> str:
        """Safe HTML for ``text``."""
        return self.memo.get(text, lambda: self._convert(text))

    def plain(self, text: str) -> str:
        """``text`` as plain text: what its safe HTML shows, with link addresses."""
        return self._plain.get(text, lambda: html_to_text(self(text)))

    def plain_on(self, text: str, page: str) -> str:
        """:meth:`plain`, with the links' addresses resolved against ``page``, the page
        the text was written for (an update's: its event's page)."""
        html = self(text)
        linked = absolute_links(html, page)
        return self.plain(text) if linked == html else html_to_text(linked)

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
        self._budget.start(text)
        try:
            with steady_depth():
                html = self._md.reset().convert(text)
            if self._sanitise and "<" in text:
                self._budget.spend(nesting(html))  # raw HTML, for the sanitiser
        except Flooded:
            html = as_plain_text(text)
            # Stopped mid-way, the library keeps some of its state (a list's, a
            # paragraph's indentation) into the next text: start afresh.
            self._md, self._budget = self._library()
        if not self._sanitise:
            return _COMMENT.sub("", html)
        clean = nh3.clean(
            html,
            tags=self._tags,
            attributes=self._attributes,
            url_schemes=URL_SCHEMES,
            link_rel=LINK_REL,
            attribute_filter=_own_ids,
        )
        return publishable(clean)


def _own_ids(tag: str, attribute: str, value: str) -> str | None:
    """Keep only the heading ids the renderer made: an id written in raw HTML could
    clash with the page's own (Material's ``#__config`` script, which it parses)."""
    if attribute == "id" and not value.startswith(HEADING_PREFIX):
        return None
    return value


_converting: MarkdownRenderer | None = None
"""The renderer whose :meth:`~MarkdownRenderer.ahead` is running (in every worker)."""


def _convert_chunk(texts: list[str]) -> list[str]:
    assert _converting is not None
    return [_converting._convert(text) for text in texts]


_BLOCKS = frozenset(
    {"p", "div", "pre", "blockquote", "ul", "ol", "table", "hr", "h1", "h2", "h3", "h4", "h5"}
    | {"h6"}
)


class _Text(HTMLParser):
    """The text a reader sees in sanitised HTML: blocks apart, list items marked,
    table cells apart, links followed by their address, white space as the browser
    shows it; comments, scripts and styles left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._links: list[tuple[int, str]] = []
        self._lists: list[int] = []
        self._hidden = 0
        self._pre = 0
        self._cells = 0

    def _add(self, text: str) -> None:
        if text == " " and (not self.parts or self.parts[-1][-1:] in (" ", "\n")):
            return
        self.parts.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template"):
            self._hidden += 1
        elif tag in _BLOCKS:
            self._add("\n\n")
            self._pre += tag == "pre"
            if tag in ("ul", "ol"):
                self._lists.append(0 if tag == "ol" else -1)
        elif tag == "li":
            self._add("\n")
            if self._lists and self._lists[-1] >= 0:
                self._lists[-1] += 1
                self._add(f"{self._lists[-1]}. ")
            else:
                self._add("- ")
        elif tag == "br":
            self._add("\n")
        elif tag == "tr":
            self._add("\n")
            self._cells = 0
        elif tag in ("td", "th"):
            if self._cells:
                if self.parts:
                    self.parts[-1] = self.parts[-1].rstrip(" ")
                self._add(" | ")
            self._cells += 1
        elif tag == "a":
            self._links.append((len(self.parts), dict(attrs).get("href") or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template"):
            self._hidden = max(0, self._hidden - 1)
        elif tag in _BLOCKS:
            self._add("\n\n")
            self._pre = max(0, self._pre - (tag == "pre"))
            if tag in ("ul", "ol") and self._lists:
                self._lists.pop()
        elif tag == "a" and self._links:
            start, href = self._links.pop()
            shown = "".join(self.parts[start:]).strip()
            if href and href != shown and href.removeprefix("mailto:") != shown:
                self._add(f" ({href})")

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        if self._pre:
            self.parts.append(data)
            return
        words = data.split()
        if data[:1].isspace():
            self._add(" ")
        if words:
            self._add(" ".join(words))
            if data[-1:].isspace():
                self._add(" ")


_TAG = re.compile(r"<[A-Za-z][^<>]*>")
"""A tag of the renderer's HTML (text holds no ``<``: it is escaped as ``&lt;``)."""
_LINK = re.compile(r"""(\s(?:href|src)\s*=\s*)(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
"""An address in a tag, quoted either way (raw HTML, where the site allows it)."""


def absolute_links(safe: str, base: str) -> str:
    """``safe`` HTML from the renderer with every address resolved against ``base``, the
    page it was written for: a feed reader resolves a relative one against the feed's
    own address, where ``../older/`` and ``#update-...`` lead nowhere. ``base`` may be a
    path alone (``/incidents/a/``): the addresses are then resolved to paths."""
    if "href" not in safe and "src" not in safe:
        return safe  # nearly always: no address at all

    def resolve(match: re.Match[str]) -> str:
        written = match.group(2) if match.group(2) is not None else match.group(3)
        address = urljoin(base, html.unescape(written))
        return f'{match.group(1)}"{html.escape(address, quote=True)}"'

    # In tags alone: the text of a code span ("<script src=...>") stays as written.
    return _TAG.sub(lambda tag: _LINK.sub(resolve, tag.group()), safe)


def html_to_text(html: str) -> str:
    """The text of ``html`` as a reader sees it (see :class:`_Text`)."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    text = "\n".join(line.rstrip() for line in "".join(parser.parts).split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _prefixed_slug(value: str, separator: str) -> str:
    return HEADING_PREFIX + slugify(value, separator)


def local(moment: datetime, tz: ZoneInfo) -> datetime:
    return moment.astimezone(tz)


def when(moment: datetime, tz: ZoneInfo) -> str:
    """``28 Nov 2026, 14:05 CET``: a time in the site zone, with the zone named."""
    return ENGLISH.when(moment, tz)


def day(moment: datetime, tz: ZoneInfo) -> str:
    return ENGLISH.day(moment.astimezone(tz).date())


def iso(moment: datetime) -> str:
    """Machine-readable UTC time for ``<time datetime>`` attributes."""
    return moment.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M:%SZ")


def span(delta: timedelta | None) -> str:
    """``2 h 5 min``; under a minute reads ``under 1 min`` (see :meth:`Language.span`)."""
    return ENGLISH.span(delta)


def said(update: Update, lang: Language) -> str:
    """What ``update`` says, for readers of ``lang``: an update Statuspress wrote itself
    (a maintenance that started or ended on schedule) in their language."""
    return lang.gettext(update.message) if update.automatic else update.message


def minutes(value: float) -> str:
    """A number of minutes for the uptime tooltips: ``42 min``, ``3 h 5 min``."""
    return ENGLISH.minutes(value)
