"""Pure work spread over the machine's cores, for builds large enough to gain.

Parsing content files and converting Markdown are pure functions of their input
and most of a large build's own time. Where the machine has more than one core
and there is enough work, they run in forked worker processes; results come back
in order, so the output is the same as when they run here. A worker that cannot
start or dies (killed for memory, say) makes the work run here instead; an
error raised by the work itself is raised here, as it would be without workers.

Forking is safe only in a process without other threads: the build command uses
this, the preview (which watches files from threads) does not.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

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
