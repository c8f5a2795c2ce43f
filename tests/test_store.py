"""The build cache's file: a build writes only the entries that changed, uses an entry
only once it checks, and survives files it did not write and a second build at once."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from benchmarks.corpus import write as write_corpus
from statuspress.buildcache import FILE, FOLDER
from statuspress.cli import cli
from statuspress.memo import MISSING, Memo, Recalled, Stored

from .conftest import assert_same_files

NOW = "2026-11-28T12:00:00Z"
NOTICE = f"notice: ignoring {FOLDER}/{FILE}: "
SPOILED = (
    NOTICE + "an entry's digest does not match its contents (damaged, changed by hand, "
    "or written on another machine); building everything"
)


def build(project: Path, *options: str, site: str = "site") -> Result:
    result = CliRunner().invoke(
        cli,
        [
            "build",
            "--now",
            NOW,
            "-f",
            str(project / "mkdocs.yml"),
            "-d",
            str(project / site),
            *options,
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result


def assert_full_build(project: Path) -> None:
    build(project, "--no-cache", site="full")
    assert_same_files(project / "site", project / "full")


def rows(project: Path) -> set[tuple[str, bytes, bytes]]:
    with contextlib.closing(sqlite3.connect(project / FOLDER / FILE)) as db:
        return set(db.execute("SELECT kind, key, mac FROM entry"))


def sql(project: Path, statement: str, *args: object) -> int:
    with contextlib.closing(sqlite3.connect(project / FOLDER / FILE)) as db, db:
        return db.execute(statement, args).rowcount


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A small corpus, built once with the cache."""
    project = tmp_path / "corpus"
    write_corpus(project, 30, 3, 2)
    build(project)
    return project


def first_incident(project: Path) -> Path:
    return sorted((project / "incidents").glob("*/*incident-*[0-9].md"))[0]


def test_an_edit_writes_only_the_entries_that_changed(project: Path) -> None:
    path = first_incident(project)
    # The first build after a full one drops the contents of the pages it does not make
    # again (their keys are unchanged: no later build asks for them); then an edit
    # changes only its own rows.
    path.write_text(path.read_text().replace("title: ", "title: Once ", 1))
    assert "notice" not in build(project).output
    before = rows(project)
    path.write_text(path.read_text().replace("title: ", "title: Edited ", 1))
    assert "notice" not in build(project).output
    after = rows(project)
    written = after - before
    assert 0 < len(written) < len(after) // 10
    assert {kind for kind, _, _ in written} >= {"last", "parsed", "pages"}
    assert len(before - after) < len(before) // 10  # the rows of the old title, gone
    assert_full_build(project)


def test_the_entries_of_a_removed_file_are_deleted(project: Path) -> None:
    path = first_incident(project)
    shown = path.relative_to(project).as_posix().encode()
    assert ("parsed", shown) in {(kind, key) for kind, key, _ in rows(project)}
    path.unlink()
    build(project)
    assert ("parsed", shown) not in {(kind, key) for kind, key, _ in rows(project)}
    assert_full_build(project)


def test_a_cache_written_with_another_secret_is_not_used(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-machine"))
    result = build(project)
    assert result.stderr.splitlines()[0] == SPOILED
    assert "rebuilt" not in result.output
    assert_full_build(project)
    assert "notice" not in build(project).output


def test_an_entry_moved_to_another_key_is_not_used(project: Path) -> None:
    with contextlib.closing(sqlite3.connect(project / FOLDER / FILE)) as db, db:
        # Every page's content under another page's key: a build reads the contents of
        # the pages it makes (those of the navigation, at least), never the others.
        db.execute(
            "UPDATE entry SET (value, mac) = (SELECT e.value, e.mac FROM entry AS e "
            "WHERE e.kind = 'pages' AND e.key <> entry.key LIMIT 1) WHERE kind = 'pages'"
        )
    result = build(project)
    assert result.stderr.splitlines()[0] == SPOILED
    assert "rebuilt" not in result.output
    assert_full_build(project)


@pytest.mark.parametrize(
    "kind", ["last", "parsed", "linted", "prose", "sections", "pages", "uses", "feeds", "uptime"]
)
def test_a_changed_entry_of_any_kind_means_a_full_build(project: Path, kind: str) -> None:
    # An entry is read when a build asks for it: of the pages' contents, a build asks
    # only for those of the pages it makes, so every one of them is changed.
    only = "" if kind == "pages" else " LIMIT 1"
    changed = sql(
        project,
        "UPDATE entry SET value = CAST(value || X'20' AS BLOB) WHERE rowid IN "
        f"(SELECT rowid FROM entry WHERE kind = ?{only})",
        kind,
    )
    assert changed >= 1
    result = build(project)
    assert result.stderr.splitlines()[0] == SPOILED
    assert "rebuilt" not in result.output
    assert_full_build(project)
    assert "notice" not in build(project).output


def damaged(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for at in range(200, len(data), 997):  # every page: headers and cells
        data[at] ^= 0x5A
    path.write_bytes(bytes(data))


def with_trigger(path: Path) -> None:
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        db.execute("CREATE TABLE loot (x)")
        db.execute("CREATE TRIGGER t AFTER DELETE ON entry BEGIN INSERT INTO loot VALUES (1); END")


@pytest.mark.parametrize(
    ("spoil", "why"),
    [
        (lambda path: path.write_bytes(b"not a database"), "it is not a cache"),
        (damaged, ""),
        (lambda path: path.write_bytes(path.read_bytes()[:5000]), ""),
        (with_trigger, "it is not a cache this version can read"),
    ],
)
def test_a_file_that_is_not_this_cache_is_answered_with_a_notice_and_a_full_build(
    project: Path, spoil: object, why: str
) -> None:
    assert callable(spoil)
    spoil(project / FOLDER / FILE)
    result = build(project)
    first = result.stderr.splitlines()[0]
    assert first.startswith(NOTICE + why) and first.endswith("; building everything")
    assert "rebuilt" not in result.output
    assert_full_build(project)
    assert "notice" not in build(project).output
    with contextlib.closing(sqlite3.connect(project / FOLDER / FILE)) as db:
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
    assert "loot" not in tables


@pytest.mark.parametrize("name", [FILE, f"{FILE}-journal"])
def test_a_cache_file_that_is_a_link_is_never_followed(
    project: Path, tmp_path: Path, name: str
) -> None:
    outside = tmp_path / "precious"
    outside.write_bytes(b"keep me")
    link = project / FOLDER / name
    link.unlink(missing_ok=True)
    link.symlink_to(outside)
    result = build(project)
    assert result.stderr.splitlines()[0].startswith(NOTICE + "it is not a regular file")
    assert outside.read_bytes() == b"keep me"
    assert not link.is_symlink()  # the link is removed; a cache file is written in its place
    assert (project / FOLDER / FILE).is_file() and not (project / FOLDER / FILE).is_symlink()
    assert_full_build(project)


def test_a_cache_file_too_large_is_not_read(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("statuspress.cachetable.MAX_BYTES", 1000)
    result = build(project)
    assert result.stderr.splitlines()[0].startswith(NOTICE + "it is not a regular file")
    assert_full_build(project)


def test_what_earlier_versions_kept_is_never_read_and_is_removed(project: Path) -> None:
    folder = project / FOLDER
    (folder / "build.json").write_bytes(b'{"format": "statuspress-build-cache/2"}\n{}')
    (folder / "build.pickle").write_bytes(b"\x80\x04c")
    (folder / "templates" / "x").mkdir(parents=True)
    assert "notice" not in build(project).output
    assert sorted(p.name for p in folder.iterdir()) == [".gitignore", FILE]


def test_removing_the_folder_is_safe(project: Path) -> None:
    import shutil

    shutil.rmtree(project / FOLDER)
    result = build(project)
    assert "notice" not in result.output and "rebuilt" not in result.output
    assert (project / FOLDER / FILE).is_file()
    assert_full_build(project)


def test_two_builds_at_once_leave_a_cache_the_next_build_trusts(project: Path) -> None:
    command = [sys.executable, "-m", "statuspress", "build", "--now", NOW]
    config = ["-f", str(project / "mkdocs.yml")]
    for round in range(3):
        path = first_incident(project)
        path.write_text(path.read_text().replace("title: ", f"title: R{round} ", 1))
        runs = [
            subprocess.Popen(
                [*command, *config, "-d", str(project / name)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            )
            for name in ("site", "other")
        ]
        for run in runs:
            _, err = run.communicate(timeout=300)
            assert run.returncode == 0, err.decode()
            assert b"Traceback" not in err
    with contextlib.closing(sqlite3.connect(project / FOLDER / FILE)) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    result = build(project)
    assert "notice" not in result.output
    assert_full_build(project)


class _Entries(Stored[str, str]):
    """Stored entries that count what was read; "bad" never checks."""

    def __init__(self, entries: dict[str, str]) -> None:
        self.entries, self.read = entries, []

    def find(self, key: str) -> str:
        self.read.append(key)
        return self.entries.get(key, MISSING) if key != "bad" else MISSING

    def names(self) -> list[str]:
        return list(self.entries)


def test_a_memo_reads_a_stored_entry_only_when_asked_for() -> None:
    stored = _Entries({"a": "A", "b": "B", "bad": "X"})
    memo: Memo[str, str] = Memo()
    memo.recall(stored)
    assert stored.read == []
    assert memo.get("a", lambda: "made") == "A"
    assert memo.get("bad", lambda: "made") == "made"
    assert memo.get("c", lambda: "made") == "made"
    assert stored.read == ["a", "bad", "c"]
    assert memo.carry() == {"a": "A", "bad": "made", "c": "made"}


def test_a_recalled_dict_reads_on_use_and_knows_what_was_set() -> None:
    stored = _Entries({"a": "A", "b": "B", "bad": "X"})
    recalled: Recalled[str, str] = Recalled(stored)
    assert recalled.get("a") == "A" and "b" in recalled and recalled.get("bad") is None
    assert stored.read == ["a", "b", "bad"]
    recalled["c"] = "C"
    assert (recalled.read(), recalled.changed) == ({"a": "A", "b": "B", "c": "C"}, {"c"})
    with pytest.raises(KeyError):
        recalled["bad"]
    assert sorted(recalled) == ["a", "b", "c"]  # iterating reads them all
    assert recalled == {"a": "A", "b": "B", "c": "C"}
