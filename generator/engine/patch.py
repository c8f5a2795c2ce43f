"""Patching a built site with the pages of an incremental build (see
:mod:`generator.incremental` for what is rebuilt): filled into the frames of the
last build where they can be, else wrapped by the engine in a scratch folder and
moved in.

The search index holds every searchable page's entries, and the engine writes it
from the pages of its own run alone. Material's search plugin makes a page's
entries from its content (our pages have no table of contents) and writes them
one after the other, in the order it builds the pages, each located at the page's
address with an optional ``#anchor``. So the last build's index, with the entries
of the pages made now in place of theirs, is the index a full build writes: the
engine is given only the searchable pages that changed, not all of them.
"""

from __future__ import annotations

import gzip
import io
import json
import re
from collections.abc import Hashable, Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..incremental import FrameText, Plan
from ..render import Page, content_digest
from ..write import move_file, replace_file
from .frames import Frame, correct_theme_markup, frame_key, page_kind, page_values

SEARCH_INDEX = "search/search_index.json"
"""The search plugin's index, written from every searchable page at once."""
SITEMAP = "sitemap.xml"
"""MkDocs' sitemap, which dates every page with the build day (and its gzipped copy)."""
_SITEMAP_ENTRY = re.compile(
    r"\n    <url>\n         <loc>[^<]*</loc>"
    r"\n         <lastmod>(\d{4}-\d\d-\d\d)</lastmod>\n    </url>"
)
_SITEMAP_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
)


def fill_frames(plan: Plan, frames: Mapping[Hashable, FrameText | None], site: Path) -> list[Page]:
    """Write into ``site`` the planned pages that have a frame; return the others, for
    the engine (with the pages it must index again)."""
    left = []
    for page in plan.pages:
        values = page_values(page)
        key = frame_key(page_kind(page), values)
        text = frames.get(key) if key is not None else None
        # The search plugin drops data-search-* attributes from content; a frame does not.
        if text is None or "data-search-" in page.html or page.url in plan.index:
            left.append(page)
            continue
        # As the engine writes a page: corrected markup, characters outside UTF-8 as
        # references.
        output = correct_theme_markup(Frame(*text).fill(values))
        replace_file(site / f"{page.url}index.html", output.encode("utf-8", "xmlcharrefreplace"))
    return left


def carry_out(pages: list[Page], engine_output: Path, site: Path, index: bool = False) -> None:
    """Move the pages the engine built into ``site``, and with ``index`` its search index
    (there is none without a search plugin)."""
    names = [f"{page.url}index.html" for page in pages]
    if index and (engine_output / SEARCH_INDEX).is_file():
        names.append(SEARCH_INDEX)
    for name in names:
        move_file(engine_output / name, site / name)


def patch_index(
    pages: Iterable[Page], engine_output: Path, site: Path, into: Path, written: str | None
) -> bool:
    """Write into ``into`` the search index of ``site`` with the entries of ``pages``
    (which the engine made into ``engine_output``) in place of theirs. False when it
    cannot be made exactly so, and nothing is written: then the engine must index
    every searchable page. True without a search plugin (no index is written).

    ``written`` is the digest of the index the last build wrote (see :func:`index_digest`):
    any other index in ``site`` (changed since, even to one of the same size and time)
    has entries of unknown pages, and is not patched."""
    if not (engine_output / SEARCH_INDEX).is_file():
        return True
    try:
        previous = (site / SEARCH_INDEX).read_bytes()
    except OSError:
        return False
    if content_digest(previous) != written:
        return False
    made = patched_index(previous, (engine_output / SEARCH_INDEX).read_bytes(), pages)
    if made is None:
        return False
    replace_file(into / SEARCH_INDEX, made)
    return True


def patched_index(previous: bytes, made: bytes, pages: Iterable[Page]) -> bytes | None:
    """The index ``previous`` with the entries of ``made`` (an index of fewer pages)
    in place of those of the same pages, and of ``pages`` (the pages ``made`` is of,
    whose entries may be none now), and the configuration of ``made``. Each page's
    entries stay where the previous ones were. None when a page of ``made`` has no
    entries in ``previous`` (where a full build puts them is unknown here), or either
    is not the index Material writes."""
    old, new = _read_index(previous), _read_index(made)
    if old is None or new is None:
        return None
    kept = {_page_of(entry) for entry in old["docs"]}
    fresh: dict[str, list[Any]] = {}
    for entry in new["docs"]:
        fresh.setdefault(_page_of(entry), []).append(entry)
    if any(location not in kept for location in fresh):
        return None
    replaced = set(fresh) | {page.url for page in pages}
    docs: list[Any] = []
    for entry in old["docs"]:
        location = _page_of(entry)
        if location in replaced:
            docs.extend(fresh.pop(location, ()))
        else:
            docs.append(entry)
    # As Material's search plugin writes it.
    data = {"config": new["config"], "docs": docs}
    return json.dumps(data, separators=(",", ":"), default=str).encode("utf-8")


def index_digest(site: Path) -> str | None:
    """A digest of the search index in ``site``; None when it has none."""
    try:
        return content_digest((site / SEARCH_INDEX).read_bytes())
    except FileNotFoundError:
        return None


def _read_index(data: bytes) -> dict[str, Any] | None:
    """The index in ``data``, when it has the shape Material writes: the configuration,
    then the entries, each with its location."""
    try:
        index = json.loads(data)
    except ValueError:
        return None
    if not isinstance(index, dict) or list(index) != ["config", "docs"]:
        return None
    docs = index["docs"]
    if not isinstance(docs, list):
        return None
    if not all(isinstance(e, dict) and isinstance(e.get("location"), str) for e in docs):
        return None
    return index


def _page_of(entry: dict[str, Any]) -> str:
    """The address of the page an entry is of: its location without the anchor."""
    return str(entry["location"]).partition("#")[0]


def redated(site: Path, last: str, day: str) -> dict[str, bytes] | None:
    """The files of ``site`` that the engine dates with the build day (the sitemap and
    its gzipped copy), as it writes them on ``day``: the only change a new build day
    makes to pages that did not change. None when they are not as MkDocs wrote them on
    ``last`` (a theme's own sitemap, a file missing or changed): the site is then built
    in full."""
    try:
        text = (site / SITEMAP).read_bytes().decode("utf-8")
        packed = (site / f"{SITEMAP}.gz").read_bytes()
    except (OSError, UnicodeDecodeError):
        return None
    entries = text.removeprefix(_SITEMAP_HEAD).removesuffix("\n</urlset>")
    if len(entries) == len(text) or _SITEMAP_ENTRY.sub("", entries):
        return None  # not MkDocs' own sitemap
    if set(_SITEMAP_ENTRY.findall(entries)) != {last} or _gzipped(text, last) != packed:
        return None
    text = text.replace(f"<lastmod>{last}</lastmod>", f"<lastmod>{day}</lastmod>")
    return {SITEMAP: text.encode("utf-8"), f"{SITEMAP}.gz": _gzipped(text, day)}


def _gzipped(text: str, day: str) -> bytes:
    """The sitemap gzipped as MkDocs does on ``day`` (its header holds the file's name
    and that day's midnight, UTC)."""
    stamp = int(datetime.fromisoformat(day).replace(tzinfo=UTC).timestamp())
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, filename=f"{SITEMAP}.gz", mode="wb", mtime=stamp) as out:
        out.write(text.encode("utf-8"))
    return buffer.getvalue()
