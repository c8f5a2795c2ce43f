"""Session 21: what the last note left alone, each a failing test first."""

from __future__ import annotations

import json
import re
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from statuspress import notify
from statuspress.cli import cli
from statuspress.notify import Notice, NotifyError
from statuspress.serve import Preview, make_server

from .checks.server import receiving
from .conftest import INCIDENT, SMALL_CONFIG, MakeSite, git, notified_repo
from .test_attack_serve import fetch
from .test_attack_session20d import SPREADING
from .test_notify import UPDATE

NOTICE = Notice("2026-11-28-api", "API errors", "identified", "Rolling back.", "https://x/", "1")


class Trickling(BaseHTTPRequestHandler):
    """A receiver that answers one byte at a time, each well inside a socket's timeout,
    for far longer than any deadline: a wedged proxy, or a hostile subscriber."""

    body = False
    """Trickle the body after whole headers (else the status line itself)."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        head = (
            b"HTTP/1.1 200 OK\r\nX-Padding: " + b"x" * 200 + b"\r\nContent-Length: 100000\r\n\r\n"
        )
        if Trickling.body:
            self.wfile.write(head)
            self.wfile.flush()
        started = time.monotonic()
        try:
            for byte in b"x" * 100000 if Trickling.body else head:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.2)
                if time.monotonic() - started > 20:
                    return
        except OSError:  # the client gave up: what it should do
            return

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(params=[False, True], ids=["status-line", "body"])
def trickling(request: pytest.FixtureRequest) -> Iterator[str]:
    Trickling.body = request.param
    with receiving(Trickling) as address:
        yield f"{address}/hook"


def test_a_webhook_that_trickles_its_answer_is_given_up_on_in_time(trickling: str) -> None:
    """A receiver that sends a byte every fifth of a second never trips a socket's
    timeout, which counts the wait for each byte: `notify` waited on it for as long as it
    liked to trickle, and every subscriber after it waited too, mid-incident. The whole
    answer now has the timeout; a 2xx status with whole headers is a delivery, and the
    body is not read at all."""
    started = time.monotonic()
    if Trickling.body:
        notify.post(trickling, NOTICE, timeout=1.0)  # delivered: the status said so
    else:
        with pytest.raises(NotifyError, match=r"timed out: no whole answer within 1 s"):
            notify.post(trickling, NOTICE, timeout=1.0)
    assert time.monotonic() - started < 5


def test_a_subscribers_webhook_that_trickles_is_one_failure_line_in_time(
    make_site: MakeSite, trickling: str
) -> None:
    """The same receiver as a subscriber's webhook, through `notify` and its default
    timeout of 10 s: one failure line (or, with whole headers, a delivery), in time."""
    repo = notified_repo(make_site, UPDATE)
    started = time.monotonic()
    result = CliRunner().invoke(
        cli,
        ["notify", "--now", "2026-11-28T12:00:00Z", "-f", str(repo / "mkdocs.yml"),
         "--since", "HEAD~1", "--subscribers-env", "SUBSCRIBERS"],
        env={"SUBSCRIBERS": f"webhooks:\n  - url: '{trickling}'\n"},
    )  # fmt: skip
    assert time.monotonic() - started < 15
    assert result.exception is None or isinstance(result.exception, SystemExit)
    if Trickling.body:
        assert result.exit_code == 0, result.output
    else:
        assert result.exit_code == 1
        assert "timed out: no whole answer within 10 s" in result.stderr, result.stderr


def test_a_components_feed_lists_an_incident_only_once_it_is_named_in_public(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An update written ahead with a later time (its page shows it only from then) that
    brings the website into an API incident put the incident in the website's feed at
    once: its readers saw the API's updates as news of the website before anything said
    the website was touched. The history feed's categories already waited for the
    update; a component's feed now chooses its incidents the same way."""
    root = make_site({"2026-12-04-spreading.md": SPREADING})
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["build", "--now", "2026-12-04T10:20Z"])
    assert result.exit_code == 0, result.output
    web = (root / "site" / "components" / "web.rss").read_text(encoding="utf-8")
    api = (root / "site" / "components" / "api.rss").read_text(encoding="utf-8")
    assert "Spreading outage" in api
    assert "Spreading outage" not in web, web
    result = CliRunner().invoke(cli, ["build", "--now", "2026-12-04T11:00Z"])
    assert result.exit_code == 0, result.output
    web = (root / "site" / "components" / "web.rss").read_text(encoding="utf-8")
    assert web.count("Spreading outage") == 2, web  # both updates: the incident touches it


RESOLVING = """\
import sys
incident = {incident!r}
text = open(incident, encoding="utf-8").read()
update = "  - at: 2026-11-28T10:30:00Z\\n    status: resolved\\n    message: Fixed.\\n"
head, fence, tail = text.rpartition("---\\n")
open(incident, "w", encoding="utf-8").write(head + update + fence + tail)
open(sys.argv[1], "w", encoding="utf-8").write({message!r} + "\\n")
"""


def test_a_message_written_in_the_editor_is_kept_when_the_update_is_refused(
    make_site: MakeSite, tmp_path: Path
) -> None:
    """While the lead writes in $EDITOR, a colleague resolves the incident. The update is
    refused, rightly; the lead's text was lost with it. It is now kept in a file the
    one-line refusal names, to give again with --message-file."""

    project = make_site({"2026/2026-11-28-api.md": INCIDENT.format(title="API errors")})
    incident = project / "incidents" / "2026" / "2026-11-28-api.md"
    message = "We found a second cause: the card service's retry storm."
    editor = tmp_path / "editor.py"
    editor.write_text(RESOLVING.format(incident=str(incident), message=message))
    result = CliRunner().invoke(
        cli,
        ["update", "latest", "-s", "identified", "--now", "2026-11-28T10:40:00Z",
         "-f", str(project / "mkdocs.yml")],
        env={"EDITOR": f"{sys.executable} {editor}", "VISUAL": ""},
    )  # fmt: skip
    assert result.exit_code == 1
    # Read again once the text is written: the colleague's resolution is seen.
    (line,) = result.stderr.splitlines()
    assert "2026-11-28-api is resolved already" in line, line
    kept = re.search(r"your text is kept in (\S+): give it with --message-file", line)
    assert kept, line
    assert Path(kept.group(1)).read_text(encoding="utf-8") == message + "\n"
    Path(kept.group(1)).unlink()
    assert message not in incident.read_text(encoding="utf-8")


RETIRED_CONFIG = """\
site_name: Example
site_url: https://status.example.com/
theme:
  name: material
  font: false
plugins:
  - statuspress:
      components:
        - id: api
          name: API
        - id: legacy
          name: Legacy billing
          retired: true
        - id: web
          name: Website
"""

LEGACY_OUTAGE = """\
---
title: Legacy billing outage
components: {legacy: major_outage, api: degraded_performance}
started: 2026-10-01T10:00:00Z
updates:
  - at: 2026-10-01T10:05:00Z
    status: investigating
    message: Invoices cannot be downloaded.
  - at: 2026-10-01T11:00:00Z
    status: resolved
    message: Invoices download again.
---
"""


def test_a_retired_component_keeps_its_past_incidents_and_leaves_every_current_view(
    tmp_path: Path,
) -> None:
    """A company retires a service. Taking it out of mkdocs.yml stopped every build
    (`unknown-component`) until each past incident naming it was rewritten: history
    changed to please the generator. Marked `retired: true`, it stays known to the
    content, its name is shown where incidents name it, and it has no row, bar, page,
    feed, calendar, badge or API object; the other components keep their positions."""
    project = tmp_path / "site"
    (project / "incidents").mkdir(parents=True)
    (project / "docs").mkdir()
    (project / "mkdocs.yml").write_text(RETIRED_CONFIG, encoding="utf-8")
    (project / "incidents" / "2026-10-01-legacy.md").write_text(LEGACY_OUTAGE, encoding="utf-8")
    config = str(project / "mkdocs.yml")
    checked = CliRunner().invoke(cli, ["check", "--now", "2026-11-28T12:00Z", "-f", config])
    assert checked.exit_code == 0, checked.stderr
    built = CliRunner().invoke(cli, ["build", "--now", "2026-11-28T12:00Z", "-f", config])
    assert built.exit_code == 0, built.stderr
    site = project / "site"
    page = (site / "incidents" / "2026-10-01-legacy" / "index.html").read_text(encoding="utf-8")
    assert "Legacy billing (major outage)" in page
    status = (site / "index.html").read_text(encoding="utf-8")
    assert 'id="component-legacy"' not in status and 'id="component-web"' in status
    assert not (site / "components" / "legacy").exists()
    assert not (site / "components" / "legacy.rss").exists()

    listed = json.loads((site / "api" / "v2" / "components.json").read_text(encoding="utf-8"))
    assert [(c["name"], c["position"]) for c in listed["components"]] == [
        ("API", 1),
        ("Website", 2),
    ]
    refused = CliRunner().invoke(
        cli,
        ["new", "incident", "Billing again", "-c", "legacy=major_outage", "-m", "Down.",
         "--now", "2026-11-28T12:00Z", "-f", config],
    )  # fmt: skip
    assert refused.exit_code == 1 and "legacy" in refused.stderr, refused.stderr


def test_the_preview_of_a_site_under_a_sub_path_serves_what_its_404_page_links_to(
    make_site: MakeSite,
) -> None:
    """A site published at https://acme.github.io/status/ (GitHub project pages). Its
    pages link relatively, but its 404 page (the engine's) links to `/status/assets/...`:
    the preview served the site at `/` only, so its own 404 page came without styles. It
    now serves the site under the sub-path too."""

    config = SMALL_CONFIG.format(time_zone="UTC", uptime_days=90).replace(
        "site_url: https://status.example.com/", "site_url: https://acme.github.io/status/"
    )
    project = make_site({"a.md": INCIDENT.format(title="Slow checkout")}, config=config)
    running = Preview(project / "mkdocs.yml", log=lambda line: None)
    assert running.rebuild()
    server = make_server(running, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/"
    try:
        status, page = fetch(url + "no-such-page/")
        assert status == 404
        linked = re.findall(rb'href="(/status/[^"]+\.css)"', page)
        assert linked, page[:500]
        for href in linked:
            assert fetch(url.rstrip("/") + href.decode())[0] == 200, href
        assert fetch(url + "status/")[0] == 200
        assert fetch(url)[0] == 200  # and at the root, as before
    finally:
        server.shutdown()
        server.server_close()
        running.stop()  # and its built site goes


def test_the_editor_of_a_status_page_in_a_sub_folder_writes_where_its_files_are(
    tmp_path: Path,
) -> None:
    """A company keeps its status page in `status/` of a larger repository. The editor's
    Decap configuration named `incidents` and `pages/media`, which Decap reads from the
    top of the repository: every incident written in the web editor landed in a folder
    the build never reads (`incidents/` beside `status/`), and the check passed."""

    repo = tmp_path / "repo"
    project = repo / "status"
    (project / "pages").mkdir(parents=True)
    (project / "incidents").mkdir()
    (project / "mkdocs.yml").write_text(
        SMALL_CONFIG.format(time_zone="UTC", uptime_days=90), encoding="utf-8"
    )
    git(repo, "init", "-q")
    decap = tmp_path / "decap-cms"
    (decap / "dist").mkdir(parents=True)
    (decap / "dist" / "decap-cms.js").write_text("/* Decap */\n", encoding="utf-8")
    (decap / "package.json").write_text('{"version": "3.16.3", "license": "MIT"}')
    result = CliRunner().invoke(
        cli,
        ["editor", "-f", str(project / "mkdocs.yml"), "--repo", "acme/monorepo",
         "--decap-from", str(decap)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    config = yaml.safe_load((project / "pages" / "admin" / "config.yml").read_text())
    folders = {c["name"]: c["folder"] for c in config["collections"]}
    assert folders == {
        "incidents": "status/incidents",
        "maintenances": "status/incidents",
        "postmortems": "status/incidents/postmortems",
    }
    assert config["media_folder"] == "status/pages/media"


def test_the_first_update_in_the_api_names_the_components_the_incident_opened_with(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An incident opens with the API in a major outage. In Statuspage's API its first
    update lists that change (`affected_components`: operational to major_outage); ours
    said null, so a client that follows components through the updates never saw the
    outage begin, only its later changes."""
    root = make_site({"2026-12-04-spreading.md": SPREADING})
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["build", "--now", "2026-12-04T11:00Z"])
    assert result.exit_code == 0, result.output
    data = json.loads((root / "site/api/v2/incidents.json").read_text(encoding="utf-8"))
    first, second = reversed(data["incidents"][0]["incident_updates"])
    assert [
        (c["name"], c["old_status"], c["new_status"]) for c in first["affected_components"]
    ] == [("API", "operational", "partial_outage")]
    assert [(c["name"], c["old_status"]) for c in second["affected_components"]] == [
        ("Website", "operational")
    ]


def test_a_maintenance_announced_after_its_window_is_told_to_the_lead(
    make_site: MakeSite,
) -> None:
    """`new maintenance` with a window already past (a wrong date, or a week-old command
    pasted again) wrote the file without a word. The check now warns at the update, with
    both times, so the lead fixes the window before readers see it."""
    from .test_attack_session21e import MAINTENANCE_ANNOUNCED_LATE

    project = make_site({"2026/db.md": MAINTENANCE_ANNOUNCED_LATE})
    result = CliRunner().invoke(
        cli, ["check", "--now", "2026-11-28T12:00Z", "-f", str(project / "mkdocs.yml")]
    )
    assert result.exit_code == 0, result.stderr
    assert (
        "incidents/2026/db.md:8:5: warning: order: updates[0].at: expected an announcement "
        "before the window ends (2026-11-20 02:00 UTC), found one at 2026-11-28 10:00 UTC"
    ) in result.stderr, result.stderr


SPREADING_MEANWHILE = """\
import sys
incident = {incident!r}
text = open(incident, encoding="utf-8").read()
update = (
    "  - at: 2026-11-28T10:30:00Z\\n    status: identified\\n    message: The website too.\\n"
    "    components: {{web: major_outage}}\\n"
)
head, fence, tail = text.rpartition("---\\n")
open(incident, "w", encoding="utf-8").write(head + update + fence + tail)
open(sys.argv[1], "w", encoding="utf-8").write("All is well again.\\n")
"""


def test_resolve_written_in_the_editor_restores_what_a_colleague_brought_in_meanwhile(
    make_site: MakeSite, tmp_path: Path
) -> None:
    """`resolve` marks operational every component the incident left down. Worked out
    before $EDITOR opened, it missed the website a colleague's update took down while the
    lead wrote: the page said resolved, with the website still in a major outage."""
    project = make_site({"2026/2026-11-28-api.md": INCIDENT.format(title="API errors")})
    incident = project / "incidents" / "2026" / "2026-11-28-api.md"
    editor = tmp_path / "editor.py"
    editor.write_text(SPREADING_MEANWHILE.format(incident=str(incident)))
    result = CliRunner().invoke(
        cli,
        ["resolve", "latest", "--now", "2026-11-28T10:40:00Z", "-f", str(project / "mkdocs.yml")],
        env={"EDITOR": f"{sys.executable} {editor}", "VISUAL": ""},
    )
    assert result.exit_code == 0, result.stderr
    last = yaml.safe_load(incident.read_text(encoding="utf-8").split("---\n")[1])["updates"][-1]
    assert last["status"] == "resolved"
    assert last.get("components") == {"web": "operational"}, last


def test_a_maintenance_completed_at_its_start_is_called_off(make_site: MakeSite) -> None:
    """`completed` posted exactly at the scheduled start: it never started (no automatic
    start is made then), yet it was not cancelled either: its page said "Completed" with
    no start and no length, and the calendar kept it confirmed."""
    text = (
        "---\ntype: maintenance\ntitle: Upgrade\ncomponents: [api]\n"
        "scheduled_start: 2026-11-27T02:00:00Z\nscheduled_end: 2026-11-27T03:00:00Z\n"
        "updates:\n  - at: 2026-11-20T10:00:00Z\n    status: scheduled\n    message: Planned.\n"
        "  - at: 2026-11-27T02:00:00Z\n    status: completed\n    message: Called off.\n---\n"
    )
    project = make_site({"upgrade.md": text})
    result = CliRunner().invoke(
        cli, ["build", "--now", "2026-11-28T12:00Z", "-f", str(project / "mkdocs.yml")]
    )
    assert result.exit_code == 0, result.stderr
    assert "STATUS:CANCELLED" in (project / "site" / "maintenance.ics").read_text()


def test_notify_refuses_settings_that_read_its_secrets(make_site: MakeSite) -> None:
    """`!ENV` is read as MkDocs reads it, and the notify job holds the SMTP password and
    the webhook's URL in its environment. A pull request that set `site_name: !ENV
    [STATUSPRESS_SMTP_PASSWORD, Example]` built and previewed as "Example", and after the
    merge put the password in every e-mail's subject. notify now refuses such settings,
    on one line, before anything is sent."""
    repo = notified_repo(make_site, UPDATE)
    config = repo / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "site_name: Example", "site_name: !ENV [STATUSPRESS_SMTP_PASSWORD, Example]"
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli,
        ["notify", "--dry-run", "--since", "HEAD~1", "--now", "2026-11-28T12:00:00Z",
         "--webhook-url-env", "HOOK", "-f", str(config)],
        env={"HOOK": "https://hooks.example/x", "STATUSPRESS_SMTP_PASSWORD": "hunter2"},
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    assert "!ENV reads STATUSPRESS_SMTP_PASSWORD, which holds a secret of notify" in (
        result.stderr
    ), result.stderr
    assert "hunter2" not in result.output
    config.write_text(
        config.read_text().replace("STATUSPRESS_SMTP_PASSWORD", "STATUS_NAME"), encoding="utf-8"
    )
    result = CliRunner().invoke(
        cli,
        ["notify", "--dry-run", "--since", "HEAD~1", "--now", "2026-11-28T12:00:00Z",
         "--webhook-url-env", "HOOK", "-f", str(config)],
        env={"HOOK": "https://hooks.example/x"},
    )  # fmt: skip
    assert result.exit_code == 0, result.output  # any other variable is the team's own
