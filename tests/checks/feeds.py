"""Strict structural checks of our RSS and Atom feeds: what feedparser does not check.

feedparser sets ``bozo`` only for XML that is not well-formed; it accepts bad
dates and missing required elements. These checks read the feeds with
ElementTree and return one line per problem (an empty list is a pass).
"""

from __future__ import annotations

import re
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit
from xml.etree import ElementTree

ATOM = "{http://www.w3.org/2005/Atom}"

RFC_822 = re.compile(
    r"(?P<weekday>Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} "
    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} "
    r"\d{2}:\d{2}:\d{2} ([+-]\d{4}|GMT|UT)"
)
RFC_3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")


def is_absolute_url(text: str | None) -> bool:
    if not text:
        return False
    parts = urlsplit(text)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def rfc_822(text: str | None) -> datetime | None:
    """The moment of an RFC 822 date as RSS uses it (four-digit year), or None."""
    if text is None or not RFC_822.fullmatch(text):
        return None
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if moment.strftime("%a") != text[:3]:
        return None  # the weekday does not match the date
    return moment


def rfc_3339(text: str | None) -> datetime | None:
    """The moment of an RFC 3339 timestamp (with an offset), or None."""
    if text is None or not RFC_3339.fullmatch(text):
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def _text(parent: ElementTree.Element, tag: str) -> str | None:
    found = parent.find(tag)
    return None if found is None or found.text is None else found.text.strip()


def rss_problems(data: bytes, feed_url: str, site_url: str) -> list[str]:
    """Problems of an RSS 2.0 feed published at ``feed_url`` for the website ``site_url``."""
    problems: list[str] = []
    root = ElementTree.fromstring(data)
    if root.tag != "rss" or root.get("version") != "2.0":
        return [f"root element is <{root.tag} version={root.get('version')!r}>, not RSS 2.0"]
    channel = root.find("channel")
    if channel is None:
        return ["no <channel>"]
    for tag in ("title", "link", "description"):
        if not _text(channel, tag):
            problems.append(f"channel: <{tag}> is missing or empty")
    link = _text(channel, "link")
    if link and not is_absolute_url(link):
        problems.append(f"channel: <link> {link!r} is not an absolute http(s) URL")
    elif link and link != site_url:
        problems.append(f"channel: <link> is {link}, expected the website {site_url}")
    selves = [e.get("href") for e in channel.findall(f"{ATOM}link") if e.get("rel") == "self"]
    if selves != [feed_url]:
        problems.append(f"channel: atom:link rel=self is {selves}, expected [{feed_url!r}]")
    for tag in ("lastBuildDate", "pubDate"):
        value = _text(channel, tag)
        if value is not None and rfc_822(value) is None:
            problems.append(f"channel: <{tag}> {value!r} is not an RFC 822 date")
    items = channel.findall("item")
    guids: set[str] = set()
    for number, item in enumerate(items, 1):
        where = f"item {number}"
        if not _text(item, "title") and not _text(item, "description"):
            problems.append(f"{where}: has neither <title> nor <description>")
        item_link = _text(item, "link")
        if item_link is not None and not is_absolute_url(item_link):
            problems.append(f"{where}: <link> {item_link!r} is not an absolute URL")
        guid_element = item.find("guid")
        guid = _text(item, "guid")
        if guid_element is None or not guid:
            problems.append(f"{where}: <guid> is missing")
        else:
            if guid in guids:
                problems.append(f"{where}: <guid> {guid} is not unique")
            guids.add(guid)
            permalink = guid_element.get("isPermaLink", "true") == "true"
            if permalink and not is_absolute_url(guid):
                problems.append(f"{where}: permalink <guid> {guid!r} is not an absolute URL")
        date = _text(item, "pubDate")
        if date is None:
            problems.append(f"{where}: <pubDate> is missing")
        elif rfc_822(date) is None:
            problems.append(f"{where}: <pubDate> {date!r} is not an RFC 822 date")
    return problems  # an empty feed (a new component's, say) is valid


def atom_problems(data: bytes, feed_url: str) -> list[str]:
    """Problems of an Atom 1.0 feed (RFC 4287) published at ``feed_url``."""
    problems: list[str] = []
    feed = ElementTree.fromstring(data)
    if feed.tag != f"{ATOM}feed":
        return [f"root element is {feed.tag}, not an Atom feed"]
    if not is_absolute_url(_text(feed, f"{ATOM}id")):
        problems.append(f"feed: <id> {_text(feed, f'{ATOM}id')!r} is not an absolute IRI")
    if not _text(feed, f"{ATOM}title"):
        problems.append("feed: <title> is missing or empty")
    feed_updated = rfc_3339(_text(feed, f"{ATOM}updated"))
    if feed_updated is None:
        problems.append(f"feed: <updated> {_text(feed, f'{ATOM}updated')!r} is not RFC 3339")
    links = feed.findall(f"{ATOM}link")
    selves = [e.get("href") for e in links if e.get("rel") == "self"]
    if selves != [feed_url]:
        problems.append(f"feed: link rel=self is {selves}, expected [{feed_url!r}]")
    if not any(e.get("rel", "alternate") == "alternate" for e in links):
        problems.append("feed: no link rel=alternate to the website")
    feed_author = feed.find(f"{ATOM}author/{ATOM}name") is not None
    entries = feed.findall(f"{ATOM}entry")
    ids: set[str] = set()
    for number, entry in enumerate(entries, 1):
        where = f"entry {number}"
        ident = _text(entry, f"{ATOM}id")
        if not is_absolute_url(ident):
            problems.append(f"{where}: <id> {ident!r} is not an absolute IRI")
        elif ident in ids:
            problems.append(f"{where}: <id> {ident} is not unique")
        ids.add(ident or "")
        if not _text(entry, f"{ATOM}title"):
            problems.append(f"{where}: <title> is missing or empty")
        updated = rfc_3339(_text(entry, f"{ATOM}updated"))
        if updated is None:
            problems.append(f"{where}: <updated> {_text(entry, f'{ATOM}updated')!r} not RFC 3339")
        elif feed_updated is not None and updated > feed_updated:
            problems.append(f"{where}: <updated> is after the feed's <updated>")
        published = _text(entry, f"{ATOM}published")
        if published is not None and rfc_3339(published) is None:
            problems.append(f"{where}: <published> {published!r} is not RFC 3339")
        if not feed_author and entry.find(f"{ATOM}author/{ATOM}name") is None:
            problems.append(f"{where}: no author, and the feed has none")
        has_alternate = any(
            e.get("rel", "alternate") == "alternate" for e in entry.findall(f"{ATOM}link")
        )
        if entry.find(f"{ATOM}content") is None and not has_alternate:
            problems.append(f"{where}: neither <content> nor a link rel=alternate")
    return problems
