"""Patching a built site with the pages of an incremental build (see
:mod:`generator.incremental` for what is rebuilt): filled into the frames of the
last build where they can be, else wrapped by the engine in a scratch folder and
moved in."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from pathlib import Path

from ..incremental import FrameText, Plan
from ..render import Page
from ..write import move_file, replace_file
from .frames import Frame, correct_theme_markup, frame_key, page_kind, page_values

SEARCH_INDEX = "search/search_index.json"
"""The search plugin's index, written from every searchable page at once."""


def fill_frames(plan: Plan, frames: Mapping[Hashable, FrameText | None], site: Path) -> list[Page]:
    """Write into ``site`` the planned pages that have a frame; return the others, for
    the engine (with every searchable page when the search index must be written)."""
    left = []
    for page in plan.pages:
        values = page_values(page)
        key = frame_key(page_kind(page), values)
        text = frames.get(key) if key is not None else None
        # The search plugin drops data-search-* attributes from content; a frame does not.
        if text is None or "data-search-" in page.html or (plan.search and page.in_search):
            left.append(page)
            continue
        # As the engine writes a page: corrected markup, characters outside UTF-8 as
        # references.
        output = correct_theme_markup(Frame(*text).fill(values))
        replace_file(site / f"{page.url}index.html", output.encode("utf-8", "xmlcharrefreplace"))
    return left


def carry_out(pages: list[Page], search: bool, engine_output: Path, site: Path) -> None:
    """Move the pages the engine built (and its search index) into ``site``."""
    names = [f"{page.url}index.html" for page in pages]
    if search and (engine_output / SEARCH_INDEX).is_file():  # none without a search plugin
        names.append(SEARCH_INDEX)
    for name in names:
        move_file(engine_output / name, site / name)
