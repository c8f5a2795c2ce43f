"""Work spread over forked workers gives the same results, in the same order."""

from __future__ import annotations

import gc
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

import statuspress.parallel as parallel
from benchmarks.corpus import write as write_corpus
from statuspress import engine
from statuspress.build import build
from statuspress.cli import cli

from .conftest import assert_same_files


def pids_and_items(items: list[int]) -> list[tuple[int, int]]:
    return [(os.getpid(), item) for item in items]


def test_chunks_run_in_workers_and_come_back_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MINIMUM", 10)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    done = parallel.map_chunks(pids_and_items, list(range(100)))
    assert [item for _, item in done] == list(range(100))
    assert os.getpid() not in {pid for pid, _ in done}  # all of it ran in workers


def test_small_work_stays_here() -> None:
    done = parallel.map_chunks(pids_and_items, list(range(10)))
    assert {pid for pid, _ in done} == {os.getpid()}


def test_a_build_with_workers_equals_one_without(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_corpus(tmp_path / "corpus", 60, None, 4)
    config = str(tmp_path / "corpus" / "mkdocs.yml")
    now = "2026-11-28T12:00:00Z"
    used: list[int] = []
    real = parallel.map_chunks

    def counted(work, items):  # type: ignore[no-untyped-def]
        used.append(len(items))
        return real(work, items)

    for name, count in (("workers", 2), ("alone", 1)):
        with monkeypatch.context() as patch:
            patch.setattr(parallel, "MINIMUM", 10)
            patch.setattr(parallel, "workers", lambda count=count: count)
            patch.setattr(parallel, "map_chunks", counted)
            for module in ("statuspress.load", "statuspress.render.text"):
                patch.setattr(f"{module}.map_chunks", counted)
            result = CliRunner().invoke(
                cli, ["build", "--no-cache", "--now", now, "-f", config, "-d", str(tmp_path / name)]
            )
        assert result.exit_code == 0, result.output
    assert used and max(used) >= 60  # the files and the messages went through it
    assert_same_files(tmp_path / "workers", tmp_path / "alone")


def collecting(items: list[int]) -> list[bool]:
    return [gc.isenabled() for _ in items]


def test_workers_collect_garbage_when_the_build_does_not(monkeypatch: pytest.MonkeyPatch) -> None:
    # 'statuspress build' checks the content with the collector off (build.set_aside): the
    # workers it forks meanwhile parse every file, and must collect the parsers' garbage.
    monkeypatch.setattr(parallel, "MINIMUM", 10)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    gc.disable()
    try:
        done = parallel.map_chunks(collecting, list(range(100)))
    finally:
        gc.enable()
    assert done == [True] * 100


def test_a_build_that_ends_its_process_equals_one_that_does_not(tmp_path: Path) -> None:
    # What 'statuspress build' checks is set aside from the collector (once=True); the
    # preview's and the plugin's builds are not: both make the same site, and the
    # collector runs again after it.
    write_corpus(tmp_path / "corpus", 60, None, 4)
    config = tmp_path / "corpus" / "mkdocs.yml"
    now = datetime(2026, 11, 28, 12, tzinfo=UTC)
    frozen = gc.get_freeze_count()
    try:
        for name, once in (("once", True), ("kept", False)):
            result = build(config, now, engine, site_dir=tmp_path / name, once=once)
            assert not result.failed
            assert gc.isenabled()
            if once:
                assert gc.get_freeze_count() > frozen
    finally:
        gc.unfreeze()
    assert_same_files(tmp_path / "once", tmp_path / "kept")
