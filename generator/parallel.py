"""Pure work spread over the machine's cores, for builds large enough to gain.

Parsing content files and converting Markdown are pure functions of their input
and most of a large build's own time. Where the machine has more than one core
and there is enough work, they run in forked worker processes; results come back
in order, so the output is the same as when they run here. A worker that cannot
start or dies (killed for memory, say) makes the work run here instead; an
error raised by the work itself is raised here, as it would be without workers.

Forking is safe only in a process without other threads: the build command uses
this, the preview (which watches files from threads) does not.

:class:`Aside` runs one piece of work in a forked process while this one goes on: a
rebuild walks the site folder, and makes the status pages, beside the rest.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import signal
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from types import TracebackType
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MINIMUM = 500
"""Below this many items the work is done here: starting workers would cost more."""


def workers() -> int:
    """The cores this process may use (at most 4: the gain stops there)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return min(cores, 4)


def map_chunks(work: Callable[[list[T]], list[R]], items: Sequence[T]) -> list[R]:
    """``work`` over ``items`` in chunks, across processes when it pays; in order."""
    count = workers()
    if count < 2 or len(items) < MINIMUM or not sys.platform.startswith("linux"):
        return work(list(items))
    size = -(-len(items) // (count * 2))
    chunks = [list(items[i : i + size]) for i in range(0, len(items), size)]
    try:
        context = multiprocessing.get_context("fork")
        # A worker collects its garbage, as any process: the build may fork it from a
        # process that does not (see generator.build.set_aside).
        with ProcessPoolExecutor(count, mp_context=context, initializer=gc.enable) as pool:
            done = list(pool.map(work, chunks))
    except (OSError, BrokenProcessPool):  # a worker could not start, or died
        return work(list(items))
    return [result for chunk in done for result in chunk]


class Aside(Generic[R]):
    """``work`` run in a forked process, started now, while this process goes on; its
    result is asked for with :meth:`result`.

    Only for a process with no other threads, on Linux (elsewhere nothing is forked).
    The result comes back through a pipe only this process and its fork hold, as a
    :mod:`pickle` stream: written by this program's own code in its own fork, never
    read from anywhere else, and read as it comes (neither process holds it whole as
    bytes beside the values). :meth:`result` is None when no process could start, the
    work raised, or it sent nothing whole: the caller then does the work itself, and
    meets any error there as it would have. A result sent whole is used even when the
    process cannot be waited for (a process that ignores SIGCHLD has its children
    reaped for it). Used as a context manager, so that a caller who never asks for the
    result (it failed, or took another way) leaves no process: one still working then
    is ended."""

    def __init__(self, work: Callable[[], R]) -> None:
        self._pid = 0
        self._pipe: int | None = None
        if not sys.platform.startswith("linux"):
            return
        try:
            read_end, write_end = os.pipe()
        except OSError:
            return
        for stream in (sys.stdout, sys.stderr):  # or the fork would write it out again
            if stream is not None:
                stream.flush()
        try:
            pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            return
        if pid == 0:  # the work, and nothing else: the process ends here
            status = 1
            try:
                os.close(read_end)
                result = work()
                with os.fdopen(write_end, "wb") as pipe:
                    pickle.dump(result, pipe, pickle.HIGHEST_PROTOCOL)
                status = 0
            except BaseException:  # the caller does the work itself, and meets it there
                pass
            finally:
                os._exit(status)
        os.close(write_end)
        self._pid, self._pipe = pid, read_end

    @property
    def started(self) -> bool:
        """Whether a process was forked for the work."""
        return self._pipe is not None or self._pid != 0

    def result(self) -> R | None:
        """What the work returned, once it has; None when it did not run or failed."""
        if self._pipe is None:
            self._reap()
            return None
        try:
            with os.fdopen(self._pipe, "rb") as pipe:
                self._pipe = None
                found: R = pickle.load(pipe)
                whole = pipe.read(1) == b""  # nothing after the result
        except Exception:  # nothing sent, or cut short, whatever the reading raises
            self._reap()
            return None
        self._reap()
        return found if whole else None

    def _reap(self, end: bool = False) -> None:
        """Wait for the forked process (ended first, with ``end``)."""
        pid, self._pid = self._pid, 0
        if not pid:
            return
        try:
            if end:
                os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ChildProcessError, ProcessLookupError):  # reaped already (SIGCHLD ignored)
            pass

    def __enter__(self) -> Aside[R]:
        return self

    def close(self) -> None:
        """Leave no process behind: one whose result was never asked for is not needed
        any more, and is ended."""
        if self._pipe is not None:
            os.close(self._pipe)
            self._pipe = None
            self._reap(end=True)
        self._reap()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
