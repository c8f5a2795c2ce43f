"""The one build driver: settings, content, derived facts, outputs, then the engine.

``statuspress build``, ``statuspress check``, the preview and the MkDocs plugin all
run a build through :func:`build`, which reads the settings once, checks and loads
every content file, renders the outputs and hands them to the site engine: in full,
or only the pages that changed since the last build (see :mod:`generator.incremental`).

What one build leaves for the next is a :class:`BuildState`: the parsed files, the
lint findings, the renderers' conversions, the record of what was built and the
engine's frames. The build cache (:mod:`generator.buildcache`) keeps it on disk
between two ``statuspress build`` runs; the preview keeps it in memory.

The driver never imports the site engine: the caller passes it in (an object with
the :class:`Engine` functions; the ``generator.engine`` module is one), and the
MkDocs plugin, which runs inside the engine, passes none.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager, nullcontext
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any, Protocol

from .buildcache import BuildCache
from .config import read_settings
from .errors import BuildError
from .errors import failing as problems_fail
from .incremental import Built, Plan, plan, snapshot
from .memo import Unkept
from .model import Settings
from .parallel import Aside
from .pipeline import Checked, check_site
from .render import Outputs, render_site
from .seen import Seen
from .snapshot import Snapshot
from .state import BuildState

ASIDE = 1000
"""From this many incidents and maintenances, a rebuild makes the status pages in a
forked process (see :mod:`generator.render.aside`); below, forking costs more than it
gains."""


FEW = 100
"""The most content files a rebuild may have read again (changed since the last build)
for the status pages to be made aside. After many, the build holds more (what they
parsed to, their garbage) and a forked process copies more of it: at 10,000 incidents,
the first rebuild after a build of a freshly written corpus (2,000 files read again)
peaked at 517 MB with them made aside, 338 MB without."""


class Engine(Protocol):
    """The site engine, as the driver calls it (``generator.engine`` is one)."""

    def build_site(
        self,
        config_file: Path,
        site_dir: Path | None,
        now: datetime,
        outputs: Outputs,
        strict: bool = ...,
        progress: Callable[[], None] | None = ...,
    ) -> Any: ...

    def patch_site(
        self,
        config_file: Path,
        site_dir: Path,
        now: datetime,
        plan: Plan,
        last: Any,
        strict: bool = ...,
    ) -> Any: ...

    def engine_site_dir(self, config_file: Path, written: str) -> Path: ...

    def build_day(self, now: datetime) -> str: ...

    def redated(
        self, site_dir: Path, last: Any, last_day: str, day: str
    ) -> dict[str, bytes] | None: ...

    def template_errors(self, project: Path) -> AbstractContextManager[None]: ...

    def engine_name(self) -> str: ...


class Watcher:
    """What a caller sees of a build while it runs; each method does nothing here."""

    def notice(self, line: str) -> None:
        """A line to show before anything else (why the build cache was ignored)."""

    def checked(self, checked: Checked) -> None:
        """The content was checked; the build goes on unless it has to fail."""

    def refused(self, folder: Path, settings: Settings) -> str | None:
        """Why the site may not go into ``folder`` (one line), or None. Asked before the
        content is checked, so that nothing reads a folder that will be refused, and
        when the build gets there: it then fails with that line, after the content's
        problems are shown."""
        return None

    def begin(self, steps: int) -> None:
        """The build will take about ``steps`` steps (pages rendered, then written)."""

    def step(self) -> None:
        """One step (a page) is done."""


@dataclass(frozen=True)
class Result:
    """What a build did."""

    checked: Checked
    failed: bool
    """Errors, or warnings in a strict build: nothing was rendered or written."""
    outputs: Outputs | None = None
    target: Path | None = None
    """The site folder written; None when no engine ran."""
    rebuilt: int | None = None
    """How many pages an incremental build wrapped again; None for a full build."""


def failing(checked: Checked, strict: bool) -> bool:
    """Errors fail a build, and warnings in a strict one; notices never do."""
    return checked.site is None or problems_fail(checked.problems, strict)


@contextmanager
def collecting_rarely(once: bool) -> Iterator[None]:
    """Run the garbage collector less often while a build runs: it keeps most of what it
    makes, and each collection walks all of it. After one edit at 10,000 incidents this
    takes a rebuild from about 7 s to 5 s, in the same memory.

    With ``once`` (the process ends with the build), what the build made is set aside
    (:func:`gc.freeze`) before the collector's usual pace is back, which would otherwise
    walk all of it once more, for nothing (about 0.04 s at 5,000 incidents)."""
    thresholds = gc.get_threshold()
    gc.set_threshold(200_000, 30, 30)
    try:
        yield
    finally:
        if once:
            gc.freeze()
        gc.set_threshold(*thresholds)


@contextmanager
def set_aside(on: bool) -> Iterator[None]:
    """With ``on``, make what the block makes without the garbage collector, then set it
    aside (:func:`gc.freeze`) so that no later collection walks it again.

    For a build in a process that ends with it (``statuspress build``): checking makes
    the site's model, some hundreds of thousands of objects (most read from the build
    cache) that live as long as the process and make next to no garbage. Each collection
    walked them again: about 0.12 s of a rebuild after one edit at 5,000 incidents.
    Garbage cycles made meanwhile (the parsers of the few files parsed here: the many
    are parsed in workers) are kept until the process ends, with everything else."""
    if not on:
        yield
        return
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def build(
    config_file: Path,
    now: datetime,
    engine: Engine | None,
    state: BuildState | None = None,
    *,
    strict: bool = False,
    site_dir: Path | None = None,
    cache: bool = False,
    parallel: bool = False,
    render: bool = True,
    watcher: Watcher | None = None,
    once: bool = False,
) -> Result:
    """Build the site of ``config_file`` at the reference time ``now``.

    With ``engine``, the outputs are written into ``site_dir`` (default: the settings'
    ``site_dir``); without one (the plugin, inside the engine's own run), the build
    stops once they are rendered. ``state`` is what the last build left (the preview
    keeps one); with ``cache``, it is read from and written to the build cache.
    ``parallel`` parses and converts across the machine's cores (only in a process
    with no other threads). The site folder changes only by whole files, each moved
    into place (the preview serves its folder while it rebuilds). Without ``render``
    (``statuspress check``), the build stops once the content is checked. With
    ``once``, the process ends with the build: what checking makes is never collected
    (see :func:`set_aside`). Errors from the engine and templates are the engine's.
    """
    with collecting_rarely(once), ExitStack() as stack:
        # A build whose state nobody keeps (no cache, and no caller's state to fill) needs
        # no parsed file once the site is made: parsing without a parse cache lets each
        # go as soon as its model object is made (about 100 MB at 10,000 incidents).
        kept = state is not None or cache
        state = state if state is not None else BuildState()
        watcher = watcher or Watcher()
        settings, problems = read_settings(config_file)
        state.settings = settings
        walk = _Walk(
            _written(config_file, settings, site_dir, watcher)
            if once and cache and engine is not None and settings is not None
            else None,
            stack,
        )
        store = None
        with set_aside(once):
            if cache and settings is not None and engine is not None:
                name = engine.engine_name()
                store = BuildCache.open(
                    config_file, settings, state, engine=name, say=watcher.notice
                )
            seen = Seen()  # before any file is read
            checked = check_site(
                config_file,
                now,
                state.parsed if kept else None,
                parallel,
                state.linted,
                read=(settings, problems),
                validated=state.validated if kept else None,
                seen=(state.seen, seen),
            )
        read = seen.read_since(state.seen)
        state.seen = seen
        if store is not None:
            store.close()
        walk.end(state)
        watcher.checked(checked)
        if failing(checked, strict) or checked.site is None:
            return Result(checked, failed=True)
        if not render:
            return Result(checked, failed=False)
        site = checked.site
        project = config_file.parent
        target = None
        if engine is not None:
            target = site_dir or engine.engine_site_dir(config_file, site.settings.site_dir)
            why = watcher.refused(target, site.settings)
            if why is not None:
                raise BuildError(why)
        state.snapshot = derived = Snapshot(site, state.uptimes)
        renderers = state.renderers_for(not site.settings.allow_raw_html)
        if not kept:
            # No later build asks for these pages: none is kept once the engine wrote it.
            renderers.pages = Unkept()
        # Converting every text ahead pays in a full build; after one, a build converts
        # only what the pages it makes again read.
        renderers.parallel = parallel and state.built is None
        watcher.begin(2 * (2 + len(site.incidents) + len(site.maintenances)))
        templates = [project / "site_templates"]
        aside = None
        if once and state.built is not None and len(site.events) >= ASIDE and read <= FEW:
            # A rebuild after a few edits: the status pages are made on the other core,
            # beside the rest. A cache entry found bad there makes this a full build (see
            # render.aside).
            aside = partial(_rebuilding, state)
        with engine.template_errors(project) if engine is not None else nullcontext():
            outputs = render_site(site, templates, watcher.step, renderers, derived, aside)
        uptimes = state.uptimes.prune()  # those of this site: the next build may reuse them
        if engine is None or target is None:
            return Result(checked, failed=False, outputs=outputs)
        with engine.template_errors(project):
            day = engine.build_day(now)
            built, work = _plan(state, outputs, day, target, walk.of(target), engine.redated)
            if work is None:
                run = engine.build_site(config_file, target, now, outputs, strict, watcher.step)
                # After the engine: a page it has written keeps only its record.
                built = Built.of(outputs, day)
            else:
                run = engine.patch_site(config_file, target, now, work, state.engine, strict)
        full = work is None
        rebuilt = len(work.pages) if work is not None else None
        state.engine = run if full or state.engine is None else state.engine.after(run, full)
        state.built = built
        state.site = str(target.resolve())
        if store is not None:
            state.files = snapshot(target, state.files, work, outputs)
            store.save(config_file, state, outputs, uptimes, full=full)
        return Result(checked, False, outputs, target, rebuilt)


class _Walk:
    """A rebuild compares the site folder with the last build's record before it writes:
    the folder is walked beside the check (0.13 s at 10,000 incidents), by a process
    forked before the site's model is made (one forked later would keep every page of
    it that this process then writes to). Without a ``folder``, nothing is walked."""

    def __init__(self, folder: Path | None, stack: ExitStack) -> None:
        self.folder = folder
        self._walker = None
        if folder is not None:
            self._walker = stack.enter_context(Aside(partial(snapshot, folder)))
        self._found: dict[str, tuple[int, int]] | None = None

    def end(self, state: BuildState) -> None:
        """Once the content is checked: keep what the walk found, the folder as it was
        when the build began (a change made to it while the build runs is not seen, as
        one made while the engine writes never was), when the last build wrote that
        folder; else the walk is not needed, and is ended."""
        if self._walker is None or self.folder is None:
            return
        if state.built is not None and state.site == str(self.folder.resolve()):
            self._found = self._walker.result()
        self._walker.close()

    def of(self, target: Path) -> dict[str, tuple[int, int]] | None:
        """What the walk found of ``target`` (see :func:`generator.incremental.snapshot`),
        if it walked it."""
        return self._found if target == self.folder else None


def _written(
    config_file: Path, settings: Settings, site_dir: Path | None, watcher: Watcher
) -> Path | None:
    """The site folder the build will write, when it exists and is not refused (nothing
    reads a folder that will be refused)."""
    written = site_dir or (settings.site_dir and config_file.parent / settings.site_dir)
    if written and written.is_dir() and watcher.refused(written, settings) is None:
        return written
    return None


def _rebuilding(state: BuildState) -> bool:
    """Whether the build is still an incremental one (no cache entry proved bad)."""
    return state.built is not None


def _plan(
    state: BuildState,
    outputs: Outputs,
    day: str,
    target: Path,
    walked: dict[str, tuple[int, int]] | None = None,
    redated: Callable[[Path, Any, str, str], dict[str, bytes] | None] | None = None,
) -> tuple[Built | None, Plan | None]:
    """The record of ``outputs`` (on the build date ``day``) and the incremental build of
    them into ``target``; no plan for a full build (then no record yet: the engine makes
    it): when nothing was built before, elsewhere, or the folder changed since (as
    ``walked`` found it, else as it is now), or on a new build day when the engine
    cannot date its files anew (``redated``: see the engine's)."""
    if state.built is None or state.engine is None or state.site != str(target.resolve()):
        return None, None
    if not target.is_dir():
        return None, None
    if state.files is not None:
        found = walked if walked is not None else snapshot(target)
        if found != state.files:
            return None, None
    built = Built.of(outputs, day)
    dated = None
    if state.built.day != day and redated is not None:
        dated = redated(target, state.engine, state.built.day, day)
    return built, plan(state.built, built, outputs, dated, state.engine.every_page)
