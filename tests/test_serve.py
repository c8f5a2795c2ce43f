"""The live preview: a saved change shows over HTTP; a broken one keeps the last good site."""

from __future__ import annotations

import http.client
import json
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from statuspress.serve import Preview, host_allowed, make_server

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

    from statuspress.cli import cli

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

    from statuspress.cli import cli

    project = make_site({})
    result = CliRunner().invoke(
        cli, ["serve", "-a", "localhost", "-f", str(project / "mkdocs.yml")]
    )
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: --dev-addr: expected HOST:PORT, found 'localhost'\n",
    )


def state(url: str) -> dict[str, object]:
    loaded: dict[str, object] = json.loads(get(url + "__statuspress__/state.json"))
    return loaded


def test_content_that_once_crashed_the_rebuild_is_a_banner_and_the_next_save_rebuilds(
    preview: tuple[Preview, str, list[str]],
) -> None:
    running, url, _ = preview
    source = running.project / "incidents" / "a.md"
    for n, (bad, shown) in enumerate(
        [
            ("0001-01-01T00:00:00+05:00", "incidents/a.md:5:1: timestamp: started:"),
            ('"9999-12-31T23:00:00-05:00"', "incidents/a.md:5:1: timestamp: started:"),
            ('"A \\x01 B"', "incidents/a.md:9:5: character: updates[0].message:"),
        ]
    ):
        broken = INCIDENT.format(title="Broken")
        if "x01" in bad:
            broken = broken.replace("Some requests fail; we are looking into it.", bad)
        else:
            broken = broken.replace("2026-11-28T10:00:00Z", bad, 1)
        source.write_text(broken)
        wait_for(lambda: state(url)["error"] != "", seconds=15)
        assert shown in str(state(url)["error"])
        assert shown in get(url + "incidents/a/")
        source.write_text(INCIDENT.format(title=f"Good again {n}"))
        # The banner goes once the rebuild has finished, just after the page is written.
        wait_for(lambda: state(url)["error"] == "", seconds=15)
        assert f"Good again {n}" in get(url + "incidents/a/")


def test_any_exception_in_a_rebuild_is_a_banner_and_the_watcher_keeps_going(
    preview: tuple[Preview, str, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    import statuspress.build

    running, url, logged = preview
    real = statuspress.build.render_site

    def render(site: Any, *args: Any, **kwargs: Any) -> Any:
        if any(i.title == "Boom" for i in site.incidents):
            raise OverflowError("date value out of range")
        return real(site, *args, **kwargs)

    monkeypatch.setattr(statuspress.build, "render_site", render)
    source = running.project / "incidents" / "a.md"
    source.write_text(INCIDENT.format(title="Boom"))
    wait_for(lambda: state(url)["error"] != "", seconds=15)
    error = "internal error: OverflowError: date value out of range (please report it)"
    assert error in str(state(url)["error"])
    assert error in get(url + "incidents/a/")
    assert any(error in line for line in logged)
    assert running._worker is not None and running._worker.is_alive()
    source.write_text(INCIDENT.format(title="After the storm"))
    wait_for(lambda: state(url)["error"] == "", seconds=15)
    assert "After the storm" in get(url + "incidents/a/")


def request(url: str, host: str | None) -> tuple[int, str]:
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        connection.putrequest("GET", "/", skip_host=True)
        if host is not None:
            connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


def test_only_the_bound_address_is_answered(preview: tuple[Preview, str, list[str]]) -> None:
    _, url, _ = preview
    port = urllib.parse.urlsplit(url).port
    for good in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}"):
        assert request(url, good)[0] == 200, good
    for bad in (f"evil.example:{port}", "evil.example", f"127.0.0.1:{port}1", None, ""):
        status, body = request(url, bad)
        assert status == 421, bad
        assert body.startswith("This preview answers only")


@pytest.mark.parametrize(
    ("bound", "host", "answered"),
    [
        ("127.0.0.1", "127.0.0.1:8000", True),
        ("127.0.0.1", "localhost:8000", True),
        ("127.0.0.1", "[::1]:8000", True),
        ("127.0.0.1", "127.0.0.1:8001", False),
        ("127.0.0.1", "rebind.evil.example:8000", False),
        ("localhost", "localhost:8000", True),
        ("::1", "[::1]:8000", True),
        ("::1", "localhost:8000", True),
        ("0.0.0.0", "192.168.1.20:8000", True),
        ("0.0.0.0", "[fe80::1]:8000", True),
        ("0.0.0.0", "rebind.evil.example:8000", False),
        ("192.168.1.20", "192.168.1.20:8000", True),
        ("192.168.1.20", "localhost:8000", False),
        ("box.lan", "box.lan:8000", True),
        ("box.lan", "other.lan:8000", False),
    ],
)
def test_host_headers_answered_for_each_bound_address(
    bound: str, host: str, answered: bool
) -> None:
    assert host_allowed(host, bound, 8000) is answered


def test_a_template_added_while_the_preview_runs_is_used(make_site: MakeSite) -> None:
    """The preview keeps its compiled templates between builds: a change to the
    templates (an override added, changed or removed) must reach the pages."""
    from datetime import UTC, datetime

    project = make_site({"a.md": INCIDENT.format(title="Slow checkout")})
    moment = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
    running = Preview(project / "mkdocs.yml", log=lambda line: None, clock=lambda: moment)
    history = running.site / "history" / "index.html"
    try:
        assert running.rebuild()
        assert "Overridden history" not in history.read_text()
        override = project / "site_templates" / "history.html"
        override.parent.mkdir(exist_ok=True)
        override.write_text("<p>Overridden history: {{ months|length }} month</p>\n")
        running.changed(everything=True)
        assert running.rebuild()
        assert "Overridden history: 1 month" in history.read_text()
        override.write_text("<p>Overridden history, again</p>\n")
        running.changed(everything=True)
        assert running.rebuild()
        assert "Overridden history, again" in history.read_text()
        override.unlink()
        running.changed(everything=True)
        assert running.rebuild()
        assert "Overridden history" not in history.read_text()
    finally:
        running.stop()
