"""The ``statuspress`` process: commands imported only when they run, and an exit that
skips the interpreter's teardown but keeps what an orderly exit promises (exit codes,
other threads, ``atexit`` functions, flushed output)."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import click
import pytest

from benchmarks.corpus import write as write_corpus
from statuspress.build import Watcher, build
from statuspress.cli import COMMANDS, cli

from .conftest import REPO


def run(code: str, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``code`` run in a fresh interpreter, buffered as a pipe is (not as this
    machine's PYTHONUNBUFFERED would have it), with ``args`` as the command line."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=cwd,
    )


def statuspress(
    *args: str, before: str = "", cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """``statuspress ARGS`` through :func:`statuspress.cli.main`, as the installed
    command runs it, after the statements ``before``."""
    code = (
        "import sys\n"
        "from statuspress.cli import cli, main\n"
        f"{before}\n"
        "sys.argv = ['statuspress', *sys.argv[1:]]\n"
        "main()\n"
    )
    return run(code, *args, cwd=cwd)


# Commands imported when they run --------------------------------------------------------

IMPORTED = (
    "import atexit, sys\n"
    "atexit.register(lambda: print(sorted(m for m in sys.modules if m.startswith("
    "('statuspress.cli.', 'statuspress.render', 'statuspress.engine'))), file=sys.stderr))\n"
)


def modules_after(*args: str) -> list[str]:
    done = statuspress(*args, before=IMPORTED)
    assert done.returncode == 0, done.stderr
    return eval(done.stderr.strip().splitlines()[-1])  # the list printed at exit


def test_help_lists_every_command_without_importing_one() -> None:
    assert modules_after("--help") == ["statuspress.cli.lazy"]


def test_an_authoring_command_imports_neither_the_renderers_nor_the_engine() -> None:
    found = modules_after("update", "--help")
    assert "statuspress.cli.authoring" in found
    assert [m for m in found if m.startswith(("statuspress.render", "statuspress.engine"))] == []


def test_a_rebuild_takes_its_calendars_without_importing_icalendar(tmp_path: Path) -> None:
    """The calendars of a rebuild that changed no maintenance come from the cache."""
    write_corpus(tmp_path, 30, 3, 1)
    arguments = ("build", "--now", "2026-11-28T12:00:00Z", "-f", str(tmp_path / "mkdocs.yml"))
    listed = "import atexit, sys\natexit.register(lambda: print('icalendar' in sys.modules))\n"
    first = statuspress(*arguments, before=listed)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip().splitlines()[-1] == "True"  # a full build makes them
    assert (tmp_path / "site" / "maintenance.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")
    source = sorted((tmp_path / "incidents").rglob("*incident-*[0-9].md"))[3]
    source.write_text(source.read_text().replace("title: ", "title: Edited ", 1))
    again = statuspress(*arguments, before=listed)
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip().splitlines()[-1] == "False"


def test_the_registry_gives_each_command_its_own_name_and_first_line() -> None:
    """A command renamed, moved or re-worded without its entry here fails this test."""
    context = click.Context(cli)
    for name, entry in COMMANDS.items():
        command = cli.get_command(context, name)
        assert command is not None and command.name == name, entry.where
        own = click.Command(name, help=entry.summary)
        for width in (20, 45, 200):
            assert own.get_short_help_str(width) == command.get_short_help_str(width), name


@pytest.mark.parametrize("width", [60, 80, 120])
def test_help_reads_as_click_would_write_it_with_every_command_imported(width: int) -> None:
    """The listing from the registry equals click's own, made with each command loaded."""
    fresh = click.Context(cli, terminal_width=width)
    ours = click.HelpFormatter(width=width)
    type(cli).format_commands(cli, fresh, ours)
    plain = click.Group(commands={n: cli.get_command(fresh, n) for n in COMMANDS})  # type: ignore[misc]
    theirs = click.HelpFormatter(width=width)
    click.Group.format_commands(plain, click.Context(plain, terminal_width=width), theirs)
    assert ours.getvalue() == theirs.getvalue() != ""


# Leaving the process ----------------------------------------------------------------------

COMMAND = (
    "import click, threading, time\n"
    "@click.command()\n"
    "@click.option('--code', type=int, default=0)\n"
    "@click.option('--fail', is_flag=True)\n"
    "def probe(code, fail):\n"
    "    print('written without a newline', end='')\n"
    "    if fail:\n"
    "        raise click.ClickException('it went wrong')\n"
    "    if code:\n"
    "        sys.exit(code)\n"
    "cli.add_command(probe)\n"
)


@pytest.mark.parametrize(
    ("args", "status", "stderr"),
    [
        ((), 0, ""),
        (("--code", "3"), 3, ""),
        (("--fail",), 1, "Error: it went wrong\n"),
        (("--code", "300"), 300 & 0xFF, ""),
    ],
)
def test_exit_codes_and_buffered_output_are_kept(
    args: tuple[str, ...], status: int, stderr: str
) -> None:
    done = statuspress("probe", *args, before=COMMAND)
    assert (done.returncode, done.stdout, done.stderr) == (
        status,
        "written without a newline",
        stderr,
    )


def test_a_usage_error_exits_2_with_its_message() -> None:
    done = statuspress("no-such-command")
    assert done.returncode == 2
    assert "No such command 'no-such-command'" in done.stderr


def test_a_text_exit_code_is_printed_and_fails() -> None:
    done = statuspress(
        "text",
        before=(
            "import click\n@click.command()\ndef text():\n    sys.exit('stopped: reason')\n"
            "cli.add_command(text)\n"
        ),
    )
    assert (done.returncode, done.stderr) == (1, "stopped: reason\n")


def test_other_threads_finish_and_atexit_functions_run(tmp_path: Path) -> None:
    late, registered = tmp_path / "late", tmp_path / "registered"
    before = (
        "import atexit, click, threading, time\n"
        "from pathlib import Path\n"
        f"atexit.register(Path({str(registered)!r}).write_text, 'ran')\n"
        "@click.command()\n"
        "def slow():\n"
        f"    threading.Thread(target=lambda: (time.sleep(0.5), Path({str(late)!r}).write_text('done'))).start()\n"
        "cli.add_command(slow)\n"
    )
    done = statuspress("slow", before=before)
    assert done.returncode == 0, done.stderr
    assert late.read_text() == "done"
    assert registered.read_text() == "ran"


def test_a_thread_pool_left_open_does_not_keep_the_process(tmp_path: Path) -> None:
    """A plugin that leaves a thread pool open (Material's privacy plugin does, when the
    engine's build fails): its idle workers are woken and let go, as at an ordinary exit,
    not waited for forever; the pool's work done before is kept."""
    done_file = tmp_path / "done"
    before = (
        "import click\n"
        "from concurrent.futures import ThreadPoolExecutor\n"
        "from pathlib import Path\n"
        "@click.command()\n"
        "def pooled():\n"
        "    pool = ThreadPoolExecutor(2)\n"
        f"    pool.submit(Path({str(done_file)!r}).write_text, 'done').result()\n"
        "    raise click.ClickException('the engine failed')\n"
        "cli.add_command(pooled)\n"
    )
    code = (
        "import subprocess, sys\n"
        "try:\n"
        "    done = subprocess.run([sys.executable, '-c', sys.argv[1], 'pooled'], timeout=20,"
        " capture_output=True, text=True)\n"
        "    print(done.returncode, repr(done.stderr))\n"
        "except subprocess.TimeoutExpired:\n"
        "    print('hung')\n"
    )
    inner = (
        "import sys\nfrom statuspress.cli import cli, main\n"
        f"{before}"
        "sys.argv = ['statuspress', *sys.argv[1:]]\nmain()\n"
    )
    found = run(code, inner)
    assert found.stdout.strip() == "1 'Error: the engine failed\\n'", found.stdout + found.stderr
    assert done_file.read_text() == "done"


def test_the_interpreter_is_not_torn_down() -> None:
    """What the teardown would do (collect every object, finalisers included) is skipped:
    an object whose finaliser speaks at teardown stays silent."""
    before = (
        "import sys\n"
        "class Loud:\n"
        "    def __del__(self, err=sys.stderr):\n"
        "        err.write('torn down')\n"
        "import builtins\nbuiltins.kept = Loud()\n"
    )
    done = statuspress("--version", before=before)
    assert done.returncode == 0 and "version" in done.stdout
    assert "torn down" not in done.stderr
    # The probe can speak: a plain interpreter exit calls the finaliser.
    plain = run(before)
    assert "torn down" in plain.stderr


def test_a_closed_pipe_ends_quietly() -> None:
    """``statuspress list | head -1``: the reader leaves early; no traceback."""
    code = (
        "import subprocess, sys\n"
        "reader = subprocess.Popen(['head', '-c', '1'], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)\n"
        "writer = subprocess.run([sys.executable, '-c', sys.argv[1]], stdout=reader.stdin, "
        "stderr=subprocess.PIPE, text=True)\n"
        "reader.wait()\n"
        "print(writer.returncode, repr(writer.stderr))\n"
    )
    inner = (
        "import sys, time\nfrom statuspress.cli import cli, main\nimport click\n"
        "@click.command()\ndef many():\n"
        "    time.sleep(0.3)\n"
        "    for n in range(200000):\n"
        "        click.echo('line')\n"
        "cli.add_command(many)\nsys.argv = ['statuspress', 'many']\nmain()\n"
    )
    done = run(code, inner)
    assert "Traceback" not in done.stdout, done.stdout


def test_the_installed_command_runs_through_main() -> None:
    """The console script and ``python -m`` both end through :func:`main`."""
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert 'statuspress = "statuspress.cli:main"' in text
    assert (
        (REPO / "generator" / "cli" / "__main__.py")
        .read_text(encoding="utf-8")
        .strip()
        .endswith("main()")
    )


def test_a_build_collects_garbage_rarely_and_restores_the_collector(tmp_path: Path) -> None:
    """Whoever calls the build (the command, the preview, the plugin) gets the rarer
    collection while it runs, and the collector as it was afterwards."""
    write_corpus(tmp_path, 5, 1, 1)
    seen: list[tuple[int, int, int]] = []

    class Probe(Watcher):
        def notice(self, line: str) -> None:
            pass

        def begin(self, steps: int) -> None:
            seen.append(gc.get_threshold())

    before = gc.get_threshold()
    result = build(
        tmp_path / "mkdocs.yml", datetime(2026, 11, 28, 12, tzinfo=UTC), None, watcher=Probe()
    )
    assert not result.failed
    assert seen == [(200_000, 30, 30)] != [before]
    assert gc.get_threshold() == before
