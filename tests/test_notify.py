"""statuspress notify posts each new update once, to a webhook on 127.0.0.1."""

from __future__ import annotations

import json
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from click.testing import CliRunner

from statuspress.cli import cli

from .checks.server import receiving
from .conftest import MakeSite, git, notified_repo

UPDATE = """\
  - at: 2026-11-28T10:30:00Z
    status: identified
    message: A bad deploy; rolling back.
"""


class Recorder(BaseHTTPRequestHandler):
    received: list[dict[str, str]] = []  # noqa: RUF012 (shared with the test, on purpose)
    status = 200

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        assert self.headers["Content-Type"] == "application/json"
        Recorder.received.append(json.loads(self.rfile.read(length)))
        self.send_response(Recorder.status)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def webhook() -> Iterator[str]:
    Recorder.received = []
    Recorder.status = 200
    with receiving(Recorder) as address:
        yield f"{address}/hook"


@pytest.fixture
def repo(make_site: MakeSite) -> Path:
    return notified_repo(make_site, UPDATE)


def notify(project: Path, url: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        cli,
        [
            "notify",
            "--webhook-url-env",
            "HOOK",
            "--now",
            "2026-11-28T12:00:00Z",
            "-f",
            str(project / "mkdocs.yml"),
            *args,
        ],
        env={"HOOK": url},
    )
    return result.exit_code, result.output


def test_posts_only_the_updates_added_since_the_ref(repo: Path, webhook: str) -> None:
    assert notify(repo, webhook, "--since", "HEAD~1") == (0, "posted 1 update\n")
    assert Recorder.received == [
        {
            "text": "API errors: Identified\nA bad deploy; rolling back.\n"
            "https://status.example.com/incidents/api-errors/#update-20261128t103000z",
        }
    ]


def test_a_new_file_posts_all_its_updates(repo: Path, webhook: str) -> None:
    notify(repo, webhook, "--since", "HEAD~1")
    Recorder.received.clear()
    git(repo, "rm", "-q", "incidents/api-errors.md")
    git(repo, "commit", "-qm", "remove")
    git(repo, "revert", "--no-edit", "HEAD")
    assert notify(repo, webhook, "--since", "HEAD~1") == (0, "posted 2 updates\n")
    assert [r["text"].split("\n")[0] for r in Recorder.received] == [
        "API errors: Investigating",
        "API errors: Identified",
    ]


def test_marked_runs_never_post_an_update_twice(repo: Path, webhook: str) -> None:
    assert notify(repo, webhook, "--since", "HEAD~1", "--mark") == (0, "posted 1 update\n")
    assert notify(repo, webhook, "--mark") == (0, "posted 0 updates\n")
    assert notify(repo, webhook) == (0, "posted 0 updates\n")
    assert len(Recorder.received) == 1


def test_a_failing_webhook_is_a_clear_error_and_moves_no_marker(repo: Path, webhook: str) -> None:
    Recorder.status = 500
    code, output = notify(repo, webhook, "--since", "HEAD~1", "--mark")
    assert (code, output) == (
        1,
        "posted 1 update\n"
        "error: chat webhook: api-errors#update-20261128t103000z: the webhook answered 500 "
        "Internal Server Error\n"
        "Error: 1 failure (above); 0 deliveries made\n",
    )
    code, output = notify(repo, webhook)
    assert code == 1
    assert output.startswith("Error: --since: no ref given and no 'statuspress-notified' tag")


def test_unknown_ref_and_missing_variable(repo: Path, webhook: str) -> None:
    code, output = notify(repo, webhook, "--since", "nope")
    assert code == 1 and output.startswith("Error: --since: no commit 'nope' in this clone")
    code, output = notify(repo, "", "--since", "HEAD~1")
    assert (code, output) == (1, "Error: --webhook-url-env: the variable HOOK is empty\n")
    assert Recorder.received == []


def test_dry_run_prints_and_posts_nothing(repo: Path, webhook: str) -> None:
    code, output = notify(repo, webhook, "--since", "HEAD~1", "--dry-run")
    assert code == 0
    assert json.loads(output.splitlines()[0])["text"].startswith("API errors: Identified")
    assert Recorder.received == []


def test_an_update_that_promises_the_next_one_says_by_when(
    make_site: MakeSite, webhook: str
) -> None:
    promised = UPDATE + "    next_update: 2026-11-28T12:30:00Z\n"
    project = notified_repo(make_site, promised)
    assert notify(project, webhook, "--since", "HEAD~1") == (0, "posted 1 update\n")
    assert Recorder.received[0]["text"] == (
        "API errors: Identified\nA bad deploy; rolling back.\n\n"
        "Next update by 28 Nov 2026, 12:30 UTC.\n"
        "https://status.example.com/incidents/api-errors/#update-20261128t103000z"
    )
