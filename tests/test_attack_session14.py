"""Attacks on the forked work of a rebuild (session 14): ``parallel.Aside``, the site
folder walked aside, the status pages made aside, and the cache format /4.

Each test drives the real command (``python -m statuspress.cli``), where the forked
paths run; some start it through a few lines that hook one function of the build
(to stand for something another process does at that moment), then call the CLI's
own ``main``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from benchmarks.corpus import write as write_corpus
from benchmarks.run import MEASURE
from statuspress import build as driver

from .conftest import assert_same_files

NOW = "2026-11-28T12:00:00Z"


def _run(project: Path, *options: str, now: str = NOW, hook: str = "", env=None):
    """``statuspress build`` of ``project``, in its own process; ``hook`` is Python run
    first in that process (before the CLI's ``main``)."""
    command = ["build", "--now", now, "-f", str(project / "mkdocs.yml"), *options]
    prelude = textwrap.dedent(hook) + "\nimport sys\nfrom statuspress.cli import main\n"
    prelude += f"sys.argv = ['statuspress', *{command!r}]\nmain()\n"
    return subprocess.run(
        [sys.executable, "-c", prelude],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )


def _ok(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def _full(project: Path, now: str = NOW) -> Path:
    full = project.parent / f"{project.name}-full"
    shutil.rmtree(full, ignore_errors=True)
    _ok(_run(project, "--no-cache", "-d", str(full), now=now))
    return full


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """A project of ``ASIDE`` incidents (the size from which a rebuild forks), built
    once with the cache."""
    project = tmp_path / "project"
    write_corpus(project, driver.ASIDE, 20, 6)
    _ok(_run(project))
    _ok(_run(project))  # files written just before the first build are read again here
    return project


def _edit(project: Path, index: int = 400, word: str = "Edited") -> Path:
    incident = sorted((project / "incidents").rglob("*incident-*[0-9].md"))[index]
    incident.write_text(incident.read_text().replace("title: ", f"title: {word} ", 1))
    return incident


# The site folder walked aside ---------------------------------------------------------


def test_a_site_folder_changed_while_the_build_checks_is_rebuilt_by_the_next(
    built: Path,
) -> None:
    """The record of the site folder is there to catch a folder changed by anyone else
    since the last build: such a folder is built in full. A rebuild walks the folder
    beside the check, as it was when the build began: a page removed (by hand, by a
    deploy step) while the build checks the content is not seen by that build (as a
    change made while the engine writes never was), and the next build, which finds the
    folder unlike its record, builds it in full: the page is back."""
    victim = sorted((built / "site" / "incidents").glob("*/index.html"))[10]
    _edit(built)
    hook = f"""
        import os
        import statuspress.build as build
        checked = build.check_site
        def check_site(*args, **kwargs):
            found = checked(*args, **kwargs)
            os.remove({str(victim)!r})  # meanwhile, elsewhere
            return found
        build.check_site = check_site
    """
    _ok(_run(built, hook=hook))
    output = _ok(_run(built))
    assert "rebuilt" not in output and victim.exists(), output
    assert_same_files(built / "site", _full(built))


def test_a_refused_site_folder_is_not_walked(tmp_path: Path) -> None:
    """A site folder the build refuses (here from mkdocs.yml, which a pull request can
    change: ``site_dir: /``) is refused before anything reads it. The walk aside now
    starts as soon as the settings are read, before the folder is checked: the whole
    folder is walked in a fork, and the refusal waits for that walk to end (``/``: the
    whole machine, every mounted file system, seconds to minutes) before it says no."""
    write_corpus(tmp_path, 3, 0, 1)
    config = tmp_path / "mkdocs.yml"
    walked = tmp_path.parent / f"{tmp_path.name}-walked"
    refused = tmp_path.parent / f"{tmp_path.name}-elsewhere"
    (refused / "deep").mkdir(parents=True)
    for n in range(50):
        (refused / "deep" / f"file-{n}").write_text("x")
    config.write_text(config.read_text() + f"site_dir: {refused}\n")
    hook = f"""
        import os
        import statuspress.build as build
        walk = build.snapshot
        def snapshot(folder, *args, **kwargs):
            if os.fspath(folder) == {str(refused)!r}:
                open({str(walked)!r}, "a").write(f"{{os.getpid()}}\\n")
            return walk(folder, *args, **kwargs)
        build.snapshot = snapshot
    """
    done = _run(tmp_path, hook=hook)
    assert done.returncode == 1
    assert "outside the project" in done.stderr, done.stderr
    assert not walked.exists(), "the refused site folder was walked"


def test_a_refusal_of_site_dir_root_is_quick(tmp_path: Path) -> None:
    """The same, as a hostile pull request meets it: ``site_dir: /`` is refused at once
    with --no-cache, and (before the change) with the cache; now the build first walks
    the whole machine's files aside (every mounted file system) and waits for that
    walk before it refuses (4 to 13 s here)."""
    write_corpus(tmp_path, 3, 0, 1)
    config = tmp_path / "mkdocs.yml"
    config.write_text(config.read_text() + "site_dir: /\n")
    started = time.perf_counter()
    done = _run(tmp_path, "--no-cache")
    quick = time.perf_counter() - started
    assert done.returncode == 1 and "site_dir" in done.stderr, done.stderr
    command = [sys.executable, "-m", "statuspress.cli", "build", "--now", NOW, "-f", str(config)]
    started = time.perf_counter()
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    ) as process:
        try:
            _, err = process.communicate(timeout=quick + 30)
        except subprocess.TimeoutExpired:  # the walk too: nothing left behind
            os.killpg(process.pid, 9)
            _, err = process.communicate()
    took = time.perf_counter() - started
    assert b"site_dir" in err, err
    assert took < quick + 1.0, f"refused in {took:.1f} s with the cache, {quick:.1f} s without"


def test_work_aside_is_used_when_sigchld_is_ignored(built: Path) -> None:
    """A process may start with SIGCHLD ignored (the disposition is inherited across
    exec: some CI runners and init shims set it). Then the kernel reaps each child
    itself and ``waitpid`` raises ChildProcessError: ``Aside._reap`` takes that for a
    failure, and ``result()`` throws away the whole result it has just read from the
    pipe. Every rebuild then makes the status pages twice, in the fork and again here,
    waiting for the fork first (at 10,000 incidents, 2.7-2.9 s against 2.2-2.4 s), and
    walks the site folder twice."""
    _edit(built)
    hook = """
        import signal, sys
        signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # as inherited from the runner
        import statuspress.render as render
        import statuspress.build as build
        taken, plan = render.taken, build._plan
        def probe(made, *args):
            print("aside:", "thrown away" if made is None else "used", file=sys.stderr)
            return taken(made, *args)
        def planned(state, outputs, day, target, walked=None, *rest):
            print("walk:", "used" if walked is not None else "thrown away", file=sys.stderr)
            return plan(state, outputs, day, target, walked, *rest)
        render.taken, build._plan = probe, planned
    """
    output = _ok(_run(built, hook=hook))
    assert "aside: used" in output and "walk: used" in output, output
    assert_same_files(built / "site", _full(built))


# The feeds memo, now kept by a digest of what each feed is made from -----------------


def test_a_feed_whose_time_zone_changed_is_made_again(tmp_path: Path) -> None:
    """A feed entry of an update that promises the next one says when, in the site's
    time zone (``feeds.entry_text``); the digest the feeds memo keeps each feed by
    (as the tuple before it) leaves the time zone out. The preview keeps its memos
    when the settings change (it only forgets the site): after ``time_zone`` is
    changed, its feeds still promise the next update in the old zone, while its pages
    and a fresh build say the new one. (Carried over from the tuple key, not new.)"""
    from datetime import UTC, datetime

    from statuspress import engine
    from statuspress.build import BuildState, build

    write_corpus(tmp_path, 3, 0, 1)
    incident = tmp_path / "incidents" / "2026" / "2026-11-28-api.md"
    incident.parent.mkdir(parents=True, exist_ok=True)
    incident.write_text(
        "---\ntitle: API errors\nstarted: 2026-11-28T11:00:00Z\n"
        "components:\n  service-01: partial_outage\nupdates:\n"
        "  - at: 2026-11-28T11:00:00Z\n    status: investigating\n"
        "    next_update: 2026-11-28T13:00:00Z\n"
        "    message: Some customers see errors on checkout.\n---\n"
    )
    config = tmp_path / "mkdocs.yml"
    now = datetime(2026, 11, 28, 12, tzinfo=UTC)
    state = BuildState()  # as the preview keeps it between builds
    assert not build(config, now, engine, state, site_dir=tmp_path / "preview").failed
    assert b"13:00 UTC" in (tmp_path / "preview" / "history.atom").read_bytes()
    text = config.read_text()
    config.write_text(
        text.replace("  - statuspress:\n", "  - statuspress:\n      time_zone: Asia/Tokyo\n")
    )
    state.forget_site()  # what the preview does when the settings change
    assert not build(config, now, engine, state, site_dir=tmp_path / "preview").failed
    assert not build(config, now, engine, BuildState(), site_dir=tmp_path / "fresh").failed
    fresh = (tmp_path / "fresh" / "history.atom").read_bytes()
    assert b"22:00 JST" in fresh
    assert (tmp_path / "preview" / "history.atom").read_bytes() == fresh


# Memory --------------------------------------------------------------------------------

PEAK = MEASURE.replace("time.sleep(0.05)", "time.sleep(0.01)")
"""benchmarks/run.py's measure (the proportional set size of the process tree, shared
pages counted once), sampled more often; it prints wall time, peak (KB), processor time."""


def test_a_rebuild_at_10000_incidents_stays_under_400_mb(tmp_path: Path) -> None:
    """A rebuild at 10,000 incidents must peak under 400 MB, as benchmarks/run.py
    measures it (here sampled more often): after one edit (the status pages made aside),
    and the scheduled rebuild of a status page (nothing edited, the clock a few hours
    on: every component's uptime bars change, about 1,000 pages, made here). The first
    rebuild after a freshly written corpus (whose files, written just before its first
    build, are read again) is left out: its parsing workers peak anywhere from 360 to
    490 MB, before this change as after it."""
    project = tmp_path / "project"
    write_corpus(project, 10_000, None, 1)
    _ok(_run(project))
    _ok(_run(project))
    peaks = []
    for now, edit in (("2026-11-28T12:00:00Z", True), ("2026-11-28T18:00:00Z", False)):
        if edit:
            _edit(project, 5000)
        command = [sys.executable, "-m", "statuspress.cli", "build", "--now", now]
        command += ["-f", str(project / "mkdocs.yml")]
        done = subprocess.run(
            [sys.executable, "-c", PEAK, *command], capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stderr
        peaks.append(int(done.stdout.split()[1]) / 1024)
    assert max(peaks) < 400, f"peak PSS {[round(p) for p in peaks]} MB"
