"""The live preview: a saved change shows over HTTP; a broken one keeps the last good site."""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator.serve import Preview, make_server

from .conftest import INCIDENT, MakeSite


@pytest.fixture
def preview(make_site: MakeSite) -> Iterator[tuple[Preview, str, list[str]]]:
    project = make_site({"a.md": INCIDENT.format(title="Slow checkout")})
    logged: list[str] = []
    running = Preview(project / "mkdocs.yml", log=logged.append)
    assert running.rebuild()
    server = make_server(running, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    running.start()
    yield running, f"http://127.0.0.1:{server.server_port}/", logged
    server.shutdown()
    server.server_close()
    running.stop()


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


def wait_for(check: Callable[[], bool], seconds: float = 30) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        if check():
            return time.perf_counter() - started
        time.sleep(0.05)
    raise AssertionError("timed out")


def test_a_saved_change_is_served_and_a_broken_one_keeps_the_last_good_site(
    preview: tuple[Preview, str, list[str]],
) -> None:
    running, url, logged = preview
    page = url + "incidents/a/"
    assert "Slow checkout" in get(page)
    assert "/__statuspress__/state.json" in get(page)  # the page reloads itself
    source = running.project / "incidents" / "a.md"

    source.write_text(INCIDENT.format(title="Checkout errors"))
    took = wait_for(lambda: "Checkout errors" in get(page))
    print(f"\npreview: saved change served after {took:.2f} s (small site)")

    source.write_text(INCIDENT.format(title="Broken").replace("SEV-3", "SEV-7"))
    wait_for(lambda: json.loads(get(url + "__statuspress__/state.json"))["error"] != "")
    shown = get(page)
    assert "Checkout errors" in shown  # the last good site
    assert 'role="alert"' in shown
    assert "incidents/a.md:3:1: choice: severity: expected one of SEV-1, SEV-2, SEV-3" in shown
    assert any("still serving the last good site" in line for line in logged)

    source.write_text(INCIDENT.format(title="Fixed title"))
    # The banner goes once the rebuild has finished, just after the page is written.
    wait_for(lambda: json.loads(get(url + "__statuspress__/state.json"))["error"] == "")
    shown = get(page)
    assert "Fixed title" in shown
    assert 'role="alert"' not in shown


def test_a_partial_rebuild_gives_the_pages_of_a_full_build(make_site: MakeSite) -> None:
    from datetime import UTC, datetime

    from click.testing import CliRunner

    from generator.cli import cli

    project = make_site(
        {
            "a.md": INCIDENT.format(title="Slow checkout"),
            "b.md": INCIDENT.format(title="Other incident"),
        }
    )
    moment = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
    logged: list[str] = []
    running = Preview(project / "mkdocs.yml", log=logged.append, clock=lambda: moment)
    try:
        assert running.rebuild()
        (project / "incidents" / "a.md").write_text(INCIDENT.format(title="Checkout errors"))
        assert running.rebuild()
        assert logged[-1].startswith("Rebuilt in part")
        full = project / "full"
        result = CliRunner().invoke(
            cli,
            [
                "build",
                "--now",
                "2026-11-28T12:00:00Z",
                "-f",
                str(project / "mkdocs.yml"),
                "-d",
                str(full),
            ],
        )
        assert result.exit_code == 0, result.output

        def files(root: Path) -> dict[str, bytes]:
            return {
                p.relative_to(root).as_posix(): p.read_bytes()
                for p in root.rglob("*")
                if p.is_file()
                and not p.relative_to(root).as_posix().startswith(("search/", "sitemap"))
            }

        ours, theirs = files(running.site), files(full)
        assert sorted(ours) == sorted(theirs)
        assert [name for name in ours if ours[name] != theirs[name]] == []
        assert b"Checkout errors" in ours["incidents/a/index.html"]
    finally:
        running.stop()


def test_serve_command_refuses_a_bad_address(make_site: MakeSite) -> None:
    from click.testing import CliRunner

    from generator.cli import cli

    project = make_site({})
    result = CliRunner().invoke(
        cli, ["serve", "-a", "localhost", "-f", str(project / "mkdocs.yml")]
    )
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: --dev-addr: expected HOST:PORT, found 'localhost'\n",
    )
