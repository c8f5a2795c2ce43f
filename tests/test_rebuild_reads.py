"""A rebuild reads only the content files whose stat changed since the last build (and
those whose stat cannot be trusted yet), and writes the same site as a full build."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from benchmarks.corpus import write as write_corpus
from statuspress import seen
from statuspress.buildcache import FILE, FOLDER

from .test_incremental import assert_same_as_full_build, build, edit, incident_files, rebuilt

_watched: list[tuple[Path, list[Path]]] = []
"""While a test counts: the content folder, and the files opened in it."""


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if event == "open" and _watched and isinstance(args[0], str | Path):
        folder, opened = _watched[-1]
        path = Path(os.fsdecode(args[0]))
        if path.suffix == ".md" and path.is_relative_to(folder):
            opened.append(path)


sys.addaudithook(_audit)


@contextlib.contextmanager
def opened_in(folder: Path) -> Iterator[list[Path]]:
    """The Markdown files under ``folder`` that are opened in the block, in order."""
    opened: list[Path] = []
    _watched.append((folder, opened))
    try:
        yield opened
    finally:
        _watched.pop()


def later(seconds: float) -> None:
    """The next build begins ``seconds`` after the clock (as if it ran then)."""
    setattr(seen, "clock", lambda: time.time_ns() + int(seconds * 1e9))  # noqa: B010


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A corpus built once with the cache, by a build that began well after the files
    were written (so that their stat is trusted)."""
    monkeypatch.setattr(seen, "clock", seen.clock)
    project = tmp_path / "corpus"
    write_corpus(project, 40, 4, 3)
    later(3)
    build(project)
    return project


def parsed_rows(project: Path) -> int:
    with contextlib.closing(sqlite3.connect(project / FOLDER / FILE)) as db:
        return db.execute("SELECT COUNT(*) FROM entry WHERE kind = 'parsed'").fetchone()[0]


def test_a_rebuild_after_one_edit_reads_only_the_edited_file(project: Path) -> None:
    files = len(list((project / "incidents").rglob("*.md")))
    assert parsed_rows(project) == files
    edited = incident_files(project)[3]
    edit(edited, "title: ", "title: Edited ")
    later(3)
    with opened_in(project / "incidents") as opened:
        output = build(project)
    assert rebuilt(output) is not None
    assert opened == [edited]
    # The parses left unread are kept for the next build.
    assert parsed_rows(project) == files
    with opened_in(project / "incidents") as opened:
        assert rebuilt(build(project)) is not None
    assert opened == []
    assert_same_as_full_build(project)


def test_a_file_with_the_same_size_and_mtime_but_a_new_ctime_is_read_again(
    project: Path,
) -> None:
    edited = incident_files(project)[5]
    before = edited.stat()
    text = edited.read_text()
    assert "title: " in text
    changed = text.replace("title: ", "title:\t", 1)  # as many bytes
    edited.write_text(changed)
    os.utime(edited, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = edited.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert after.st_ctime_ns != before.st_ctime_ns
    later(3)
    with opened_in(project / "incidents") as opened:
        build(project)
    assert opened == [edited]
    assert_same_as_full_build(project)


def test_a_file_changed_within_2_s_of_the_build_that_recorded_it_is_read_again(
    project: Path,
) -> None:
    edited = incident_files(project)[7]
    edit(edited, "title: ", "title: Edited ")
    changed = edited.stat().st_ctime_ns
    # The build that records it begins 1 s after the change: its stat is not trusted.
    setattr(seen, "clock", lambda: changed + 1_000_000_000)  # noqa: B010
    with opened_in(project / "incidents") as opened:
        build(project)
    assert edited in opened
    later(3)
    with opened_in(project / "incidents") as opened:
        build(project)
    assert edited in opened  # read again, though unchanged; then trusted
    with opened_in(project / "incidents") as opened:
        build(project)
    assert opened == []
    assert_same_as_full_build(project)


def test_a_tampered_parse_read_when_asked_for_is_refused(project: Path) -> None:
    """The parses are read from the cache file one by one, when a check asks for one:
    each is still used only when its digest matches."""
    chosen = incident_files(project)[2]
    shown = chosen.relative_to(project).as_posix()
    title = next(line for line in chosen.read_text().splitlines() if line.startswith("title: "))
    with contextlib.closing(sqlite3.connect(project / FOLDER / FILE)) as db, db:
        changed = db.execute(  # a word of each cached parse
            "UPDATE entry SET value = CAST(replace(CAST(value AS TEXT), 'title', 'tItle') "
            "AS BLOB) WHERE kind = 'parsed'"
        ).rowcount
        # Without the check it gave, the file's parse must be read.
        db.execute("DELETE FROM entry WHERE kind = 'validated' AND key = ?", (shown.encode(),))
    assert changed > 1
    later(3)
    with opened_in(project / "incidents") as opened:
        output = build(project)
    assert "an entry's digest does not match its contents" in output
    assert chosen in opened
    assert title[len("title: ") :] in "".join(
        p.read_text() for p in (project / "site").rglob("*.html")
    )
    assert_same_as_full_build(project)
