"""What the build cache keeps after a build that was not a full one: the conversions and
pages it did not use stay for the builds after it (deleting thousands of rows after one
edit would cost more than the build), up to a bound set by the last full build; then a
build deletes them. The site is the same as a full build's throughout."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest

from benchmarks.corpus import write as write_corpus
from statuspress import buildcache
from statuspress.buildcache import FILE, FOLDER, MEMOS

from .test_incremental import assert_same_as_full_build, build, edit, incident_files, rebuilt


def rows(project: Path) -> dict[str, int]:
    """The rows of each kind of conversion or page the cache holds."""
    with contextlib.closing(sqlite3.connect(project / FOLDER / FILE)) as db:
        found = dict(db.execute("SELECT kind, COUNT(*) FROM entry GROUP BY kind").fetchall())
    return {kind: found.get(kind, 0) for kind in MEMOS}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    project = tmp_path / "corpus"
    write_corpus(project, 40, 4, 3)
    build(project)
    return project


def test_a_build_after_an_edit_keeps_what_it_did_not_use(project: Path) -> None:
    full = rows(project)
    assert full["pages"] > 40 and full["prose"] > 40
    for n, path in enumerate(incident_files(project)[:3]):
        edit(path, "title: ", f"title: Edited {n} ")
        assert rebuilt(build(project)) is not None
        now = rows(project)
        # Nothing is deleted; each edit adds the rows of the pages it made again.
        assert all(now[kind] >= full[kind] for kind in MEMOS), (full, now)
        full = now
    assert_same_as_full_build(project)


def test_past_the_bound_a_build_deletes_what_it_did_not_use(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bound is set by a full build: with a bound of what it used alone, the next
    edit goes past it, and that build keeps only what it used."""
    monkeypatch.setattr(buildcache, "GROWTH", 1)
    monkeypatch.setattr(buildcache, "SLACK", 0)
    build(project, "--no-cache")  # the site folder changed: the next build is a full one
    output = build(project)
    assert rebuilt(output) is None
    full = rows(project)
    edit(incident_files(project)[5], "title: ", "title: Edited ")
    assert rebuilt(build(project)) is not None
    after = rows(project)
    assert after["pages"] < full["pages"], (full, after)
    assert_same_as_full_build(project)


def test_rows_kept_unused_serve_a_later_build(project: Path) -> None:
    """An edit undone finds its first pages again: they were kept, not made again."""
    path = incident_files(project)[7]
    text = path.read_text(encoding="utf-8")
    edit(path, "title: ", "title: Edited ")
    build(project)
    before = rows(project)
    path.write_text(text, encoding="utf-8")
    assert rebuilt(build(project)) is not None
    assert rows(project) == before  # every page it made again was in the cache already
    assert_same_as_full_build(project)
