"""Work spread over forked workers gives the same results, in the same order."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

import statuspress.parallel as parallel
from benchmarks.corpus import write as write_corpus
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
