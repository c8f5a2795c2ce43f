"""The live preview, as an editor and a person under pressure use it (attack-serve)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from statuspress.serve import Preview, make_server

from .conftest import INCIDENT, MakeSite


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def state(url: str) -> dict[str, object]:
    loaded: dict[str, object] = json.loads(fetch(url + "__statuspress__/state.json")[1])
    return loaded


@pytest.fixture
def served(make_site: MakeSite) -> Iterator[tuple[Preview, str]]:
    project = make_site({"a.md": INCIDENT.format(title="Slow checkout")})
    running = Preview(project / "mkdocs.yml", log=lambda line: None)
    assert running.rebuild()
    server = make_server(running, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    running.start()
    yield running, f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()
    running.stop()


def settle(url: str, seconds: float = 15) -> dict[str, object]:
    """Wait until the build number has not moved for a second."""
    started = time.perf_counter()
    last = state(url)
    quiet = time.perf_counter()
    while time.perf_counter() - started < seconds:
        time.sleep(0.1)
        now = state(url)
        if now["version"] != last["version"]:
            last, quiet = now, time.perf_counter()
        elif time.perf_counter() - quiet > 1.0:
            return now
    return last


def test_a_site_templates_folder_made_while_the_preview_runs_is_watched(
    served: tuple[Preview, str],
) -> None:
    """The docs say the preview rebuilds on every change under site_templates/. A
    project from ``statuspress init`` has no such folder; one made while the preview
    runs (to add a first override) is never watched: its edits are never shown."""
    running, url = served
    templates = running.project / "site_templates"
    templates.mkdir()
    (templates / "history.html").write_text("<p>Override one</p>\n")
    settle(url)
    (templates / "history.html").write_text("<p>Override two</p>\n")
    settle(url)
    assert "Override two" in fetch(url + "history/")[1].decode()


def test_the_content_folder_removed_and_made_again_is_watched_again(
    served: tuple[Preview, str],
) -> None:
    """``rm -rf incidents && git checkout incidents``: the new folder is watched, and a
    save in it is shown (before, no save was shown again)."""
    running, url = served
    content = running.project / "incidents"
    kept = {p.relative_to(content): p.read_bytes() for p in content.rglob("*") if p.is_file()}
    shutil.rmtree(content)
    settle(url)
    for name, data in kept.items():
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_bytes(data)
    settle(url)
    (content / "a.md").write_text(INCIDENT.format(title="Checkout restored"))
    settle(url)
    assert "Checkout restored" in fetch(url)[1].decode()


WANTED = ["", "incidents/a/", "history.atom", "api/v2/summary.json"]
"""A page, a feed and an API file the preview serves, fetched while it rebuilds."""


@contextmanager
def fetched_meanwhile(url: str, copies: int) -> Iterator[list[tuple[str, int, int]]]:
    """Fetch :data:`WANTED` from ``copies`` threads each, without a pause, until the
    block ends; yield the answers that were not whole (path, status, length)."""
    broken: list[tuple[str, int, int]] = []
    stop = threading.Event()

    def hammer(path: str) -> None:
        while not stop.is_set():
            status, body = fetch(url + path)
            if status != 200 or not body.rstrip().endswith((b"</html>", b"</feed>", b"}")):
                broken.append((path, status, len(body)))

    threads = [threading.Thread(target=hammer, args=(p,)) for p in WANTED * copies]
    for thread in threads:
        thread.start()
    try:
        yield broken
    finally:
        stop.set()
        for thread in threads:
            thread.join()


def test_no_page_is_served_empty_or_missing_while_a_rebuild_runs(
    served: tuple[Preview, str],
) -> None:
    """A rebuild writes into the folder being served (a file is unlinked, then
    written): a request in between gets a 404, an empty body or a cut page."""
    running, url = served
    source = running.project / "incidents" / "a.md"
    with fetched_meanwhile(url, 3) as broken:
        for n in range(100):
            source.write_text(INCIDENT.format(title=f"Checkout errors {n}"))
            time.sleep(0.1)
        settle(url)
    assert broken == []


def test_no_page_is_missing_while_full_rebuilds_swap_the_folder(
    served: tuple[Preview, str],
) -> None:
    """A full rebuild (templates or settings changed) swaps the whole site folder in:
    a request in that instant found no folder, and got a 404."""
    running, url = served
    with fetched_meanwhile(url, 2) as broken:
        for _ in range(25):  # as a saved template does: the preview's worker rebuilds
            version = state(url)["version"]
            running.changed(everything=True)
            started = time.perf_counter()
            while state(url)["version"] == version:
                assert time.perf_counter() - started < 30
                time.sleep(0.02)
        assert state(url)["error"] == ""
    assert broken == []


def test_a_template_syntax_error_names_its_file_and_line(
    served: tuple[Preview, str],
) -> None:
    """A typo in an override is shown without the file it is in, or as
    '<introspection>:1' for an unknown filter."""
    running, url = served
    override = running.project / "site_templates" / "history.html"
    override.parent.mkdir(exist_ok=True)
    shown = []
    for broken in ("<p>{{ months|length </p>\n", "<p>{{ months|nosuchfilter }}</p>\n"):
        override.write_text(broken)
        running.changed(everything=True)
        assert not running.rebuild()
        shown.append(str(state(url)["error"]))
    assert [error.startswith("site_templates/history.html:1: ") for error in shown] == [
        True,
        True,
    ], shown


def test_ctrl_c_during_the_first_build_leaves_no_preview_folder(
    make_site: MakeSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C while ``serve`` makes the first build (a large site, or the wrong
    folder) leaves its statuspress-preview-* folder in the temporary folder."""
    from click.testing import CliRunner

    import statuspress.serve
    from statuspress.cli import cli

    project = make_site({"a.md": INCIDENT.format(title="Slow checkout")})
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(statuspress.serve, "build", interrupted)
    CliRunner().invoke(cli, ["serve", "-a", "127.0.0.1:0", "-f", str(project / "mkdocs.yml")])
    assert sorted(p.name for p in scratch.iterdir()) == []


SLOW_SERVE = """\
import sys, time
from pathlib import Path
import statuspress.serve as serve
real = serve.build
calls = []
def slow(*args, **kwargs):
    calls.append(1)
    if len(calls) > 1:
        Path(sys.argv[2]).write_text("building")
        time.sleep(3)
    return real(*args, **kwargs)
serve.build = slow
from statuspress.cli import cli
cli(["serve", "-a", "127.0.0.1:0", "-f", sys.argv[1]])
"""


@contextmanager
def serving(command: list[str], scratch: Path) -> Iterator[subprocess.Popen[str]]:
    """``command``, a preview, run with ``scratch`` as its temporary folder, once it
    says where it serves; killed at the end if it still runs."""
    process = subprocess.Popen(
        command,
        env={**os.environ, "TMPDIR": str(scratch)},
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        assert process.stderr is not None
        while "Serving on" not in process.stderr.readline():
            assert process.poll() is None
        yield process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_ctrl_c_twice_during_a_rebuild_leaves_no_half_built_site(
    make_site: MakeSite, tmp_path: Path
) -> None:
    """A person in a hurry presses Ctrl-C twice while the preview rebuilds: the
    second one stops the wait for the rebuild, and the preview folder, with the
    half-built site in it, stays in the temporary folder."""
    project = make_site({"a.md": INCIDENT.format(title="Slow checkout")})
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    marker = tmp_path / "building"
    script = tmp_path / "slow_serve.py"
    script.write_text(textwrap.dedent(SLOW_SERVE))
    command = [sys.executable, str(script), str(project / "mkdocs.yml"), str(marker)]
    with serving(command, scratch) as process:
        (project / "incidents" / "a.md").write_text(INCIDENT.format(title="Checkout errors"))
        started = time.perf_counter()
        while not marker.exists():
            assert time.perf_counter() - started < 15
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        time.sleep(0.5)
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
    assert sorted(p.name for p in scratch.iterdir()) == []


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_stop_the_preview_without_leaving_its_folder(
    make_site: MakeSite, tmp_path: Path, number: signal.Signals
) -> None:
    """A service manager stops it with SIGTERM; closing the terminal sends SIGHUP."""
    project = make_site({"a.md": INCIDENT.format(title="Slow checkout")})
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    command = [sys.executable, "-m", "statuspress", "serve", "-a", "127.0.0.1:0"]
    with serving([*command, "-f", str(project / "mkdocs.yml")], scratch) as process:
        assert [p.name[:20] for p in scratch.iterdir()] == ["statuspress-preview-"]
        process.send_signal(number)
        process.wait(timeout=30)
    assert sorted(p.name for p in scratch.iterdir()) == []
