"""Attacks on streamed full builds and the incremental search index: what a hostile
contributor or a stressed user could do to them, each kept as a test."""

from __future__ import annotations

import json
import os
from pathlib import Path

from statuspress.engine.patch import SEARCH_INDEX

from . import test_incremental
from .test_incremental import assert_same_as_full_build, build, rebuilt
from .test_search_patch import mark_postmortem, marked, postmortem_files

corpus, project = test_incremental.corpus, test_incremental.project
"""The incremental tests' corpus and its fixture, built with the cache before each test."""


def test_an_index_replaced_with_the_same_size_and_time_is_not_patched(project: Path) -> None:
    """The folder still matches the last build's record, but the index in it is not the
    one that build wrote: its entries are never published again."""
    index = project / "site" / SEARCH_INDEX
    stat = index.stat()
    data = json.loads(index.read_bytes())
    entry = next(e for e in data["docs"] if len(e["text"]) > 5)
    entry["text"] = "Stale" + entry["text"][5:]
    forged = json.dumps(data, separators=(",", ":")).encode("utf-8")
    assert len(forged) == stat.st_size
    index.write_bytes(forged)
    os.utime(index, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    mark_postmortem(postmortem_files(project)[3])
    assert rebuilt(build(project)) is not None
    assert marked(project / "site", "Stale") == []
    assert_same_as_full_build(project)
