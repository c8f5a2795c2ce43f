"""Work spread over forked workers gives the same results, in the same order."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
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


# Work made aside (a rebuild's walk of the site folder, and its status pages) ------------


def test_work_aside_runs_in_another_process_and_gives_its_result() -> None:
    with parallel.Aside(lambda: (os.getpid(), {"pages": [1, 2, 3]})) as aside:
        assert aside.started
        pid, made = aside.result()  # type: ignore[misc]
    assert pid != os.getpid() and made == {"pages": [1, 2, 3]}


def test_work_aside_that_could_not_start_gives_none(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> int:
        raise OSError("no more processes")

    monkeypatch.setattr(os, "fork", refuse)
    with parallel.Aside(lambda: 1) as aside:
        assert not aside.started and aside.result() is None


def test_work_aside_that_raises_or_dies_gives_none() -> None:
    def fails() -> int:
        raise ValueError("the work's own error")

    with parallel.Aside(fails) as aside:
        assert aside.result() is None
    with parallel.Aside(lambda: os._exit(0)) as aside:  # ended well, and sent nothing
        assert aside.result() is None
    with parallel.Aside(lambda: os.kill(os.getpid(), 9)) as aside:
        assert aside.result() is None


def test_work_aside_never_asked_for_leaves_no_process() -> None:
    big = "x" * 1_000_000  # more than a pipe holds: the process waits to send it
    with parallel.Aside(lambda: big) as aside:
        pid = aside._pid
        assert pid
    with pytest.raises(ChildProcessError):  # waited for already: not a zombie
        os.waitpid(pid, os.WNOHANG)


def test_work_aside_does_not_write_out_what_this_process_had_not_yet_written() -> None:
    """Output still in this process's buffer when it forks is written once, not once
    more by the fork when its work writes (the status pages' notices, say)."""
    code = (
        "import sys\n"
        "from statuspress.parallel import Aside\n"
        "print('said once')\n"  # a pipe's output is buffered: still in the buffer here
        "with Aside(lambda: print('from aside', flush=True)) as aside:\n"
        "    aside.result()\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    command = [sys.executable, "-c", code]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("said once") == 1 and "from aside" in done.stdout
