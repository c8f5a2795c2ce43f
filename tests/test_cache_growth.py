"""What the build cache keeps after a build that was not a full one: the conversions and
pages it did not use stay for the builds after it (deleting thousands of rows after one
edit would cost more than the build), up to a bound set by the last full build; then a
build deletes them. The site is the same as a full build's throughout."""

from __future__ import annotations

import contextlib
import sqlite3
import time
from pathlib import Path

import pytest

from benchmarks.corpus import write as write_corpus
from statuspress import buildcache, cachetable
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


def free_share(project: Path) -> tuple[int, int]:
    """The cache file's free pages and all its pages."""
    with contextlib.closing(sqlite3.connect(project / FOLDER / FILE)) as db:
        return (
            db.execute("PRAGMA freelist_count").fetchone()[0],
            db.execute("PRAGMA page_count").fetchone()[0],
        )


def test_a_cache_started_again_gives_its_free_pages_back(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A settings change starts the cache file again: its rows are deleted and written
    anew, which left the file at its largest with the old rows' pages free (143 of 368
    MB at 10,000 incidents), and the file is what CI caches keep. The build compacts it."""
    monkeypatch.setattr(cachetable, "COMPACT_BYTES", 0)
    # Enough edits, each keeping its old rows, that starting again frees more than
    # 1 / COMPACT_SHARE of the file (six did, when each feed was some ten times larger).
    for n, path in enumerate(incident_files(project)[:12]):
        edit(path, "title: ", f"title: Edited {n} ")
        build(project)
    config = project / "mkdocs.yml"
    edit(config, "site_name: ", "site_name: Renamed ")
    before = (project / FOLDER / FILE).stat().st_size
    output = build(project)
    assert rebuilt(output) is None  # a full build: the cache was started again
    free, pages = free_share(project)
    assert free * cachetable.COMPACT_SHARE <= pages, (free, pages)
    assert (project / FOLDER / FILE).stat().st_size < before
    edit(incident_files(project)[20], "title: ", "title: Edited again ")
    assert rebuilt(build(project)) is not None  # the compacted file serves the next build
    assert_same_as_full_build(project)


def test_a_cache_a_reader_holds_is_left_uncompacted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Compacting is housekeeping: while another build reads the file it is skipped at
    once (not after the 30 s a write waits), and the file is left whole."""
    monkeypatch.setattr(cachetable, "COMPACT_BYTES", 0)
    path = tmp_path / "cache.sqlite"
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as db:
        db.execute("CREATE TABLE entry (key BLOB PRIMARY KEY, value BLOB)")
        db.executemany(
            "INSERT INTO entry VALUES (?, ?)", ((bytes([n]), b"x" * 3000) for n in range(200))
        )
        db.execute("DELETE FROM entry WHERE key > x'10'")
        free, pages = (
            db.execute("PRAGMA freelist_count").fetchone()[0],
            db.execute("PRAGMA page_count").fetchone()[0],
        )
        assert free * 2 > pages
        size = path.stat().st_size
        with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as reader:
            reader.execute("BEGIN")
            reader.execute("SELECT COUNT(*) FROM entry").fetchone()  # a shared lock, held
            started = time.perf_counter()
            cachetable._compact(db)
            assert time.perf_counter() - started < 5
            assert path.stat().st_size == size
            reader.execute("COMMIT")
        cachetable._compact(db)  # no reader now: compacted
        assert path.stat().st_size < size
        assert db.execute("SELECT COUNT(*) FROM entry").fetchone()[0] == 17
