"""Attacks on the walks without a stat and the cache read through its index
(commits a97279e..ba216f3): a tampered cache file, and the links of a contributed folder."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from statuspress.buildcache import FILE, FOLDER
from statuspress.cli import cli
from statuspress.links import engine_problems

from .conftest import INCIDENT, MakeSite, assert_same_files

NOW = "2026-11-28T12:00:00Z"
NOTICE = f"notice: ignoring {FOLDER}/{FILE}: "


def build(project: Path, *options: str, site: str = "site") -> Result:
    config, folder = str(project / "mkdocs.yml"), str(project / site)
    return CliRunner().invoke(cli, ["build", "--now", NOW, "-f", config, "-d", folder, *options])


@pytest.fixture
def cached(make_site: MakeSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small site built once with the cache (its secret kept under tmp_path)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    project = make_site({"a.md": INCIDENT.format(title="A"), "b.md": INCIDENT.format(title="B")})
    result = build(project)
    assert result.exit_code == 0, result.output
    assert (project / FOLDER / FILE).is_file()
    return project


@pytest.mark.parametrize("kind", [b"parsed", b"last", b"junk"])
def test_a_cache_row_whose_kind_is_a_blob_gives_a_notice_not_a_traceback(
    cached: Path, kind: bytes
) -> None:
    # The schema says "kind TEXT", but SQLite keeps a BLOB put there as a BLOB. Anyone
    # who can write the file (no secret needed) adds one row: Table.read now sorts the
    # distinct kinds, and sorting str with bytes raises TypeError, which neither
    # Table.read (sqlite3.Error) nor BuildCache.open (Unreadable) catches. Before, the
    # row was simply never asked for.
    with contextlib.closing(sqlite3.connect(cached / FOLDER / FILE)) as db, db:
        db.execute("INSERT INTO entry VALUES (?, ?, ?, ?)", (kind, b"k", b"v", b"m"))
    result = build(cached)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    build(cached, "--no-cache", site="full")
    assert_same_files(cached / "site", cached / "full")


def test_links_in_a_folder_the_engine_resolved_are_named_in_the_order_of_a_walk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # links_under promises "the order os.walk lists them": a folder's folders (links to
    # folders among them) before its files. It yields a folder's links in the order of
    # the listing instead, so the MkDocs plugin's refusal (engine_problems, not sorted)
    # names them in another order than before. The listing is made alphabetical here to
    # be the same on every file system.
    listing = os.scandir

    class Sorted:
        def __init__(self, path: str) -> None:
            with listing(path) as entries:
                self.entries = iter(sorted(entries, key=lambda entry: entry.name))

        def __iter__(self) -> Sorted:
            return self

        def __next__(self) -> os.DirEntry[str]:
            return next(self.entries)

        def close(self) -> None:
            pass

        def __enter__(self) -> Sorted:
            return self

        def __exit__(self, *args: object) -> None:
            pass

    monkeypatch.setattr(os, "scandir", Sorted)
    project = tmp_path / "project"
    pages = project / "pages"
    pages.mkdir(parents=True)
    outside = tmp_path / "outside"
    (outside / "folder").mkdir(parents=True)
    (outside / "secret.txt").write_text("secret")
    (pages / "a.md").symlink_to(outside / "secret.txt")
    (pages / "b").symlink_to(outside / "folder")
    walked = [
        (Path(folder) / name).relative_to(project).as_posix()
        for folder, dirs, files in os.walk(pages)
        for name in (*dirs, *files)
    ]
    assert walked == ["pages/b", "pages/a.md"]
    found = [problem.path for problem in engine_problems(project, ["pages"])]
    assert found == walked
