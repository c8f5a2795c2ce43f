"""Attack session 20c: notify under partial failure, the preview while the lead saves,
sites in other languages, and an incident of hundreds of updates, as a stressed
communications lead mid-incident and as the public reading the page in its worst hour.

Each test is one bug found in this session: it fails now and asserts what the promises
say: a failure to reach one subscriber is one line and never stops the others or loses
the record of what was sent; bad input is one clear line, never a traceback; everything
a reader sees is in the site's language and escaped.
"""

from __future__ import annotations

from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner, Result

from statuspress.cli import cli
from statuspress.serve import Preview

from .checks.server import receiving, serve
from .conftest import INCIDENT, SMALL_CONFIG, MakeSite, git, notified_repo
from .test_attack_serve import fetch, served, settle
from .test_notify_subscribers import Mail, certificate, smtp_server

if TYPE_CHECKING:
    from playwright.sync_api import Browser

__all__ = ["certificate", "served"]  # fixtures, used by name

UPDATE = """\
  - at: 2026-11-28T10:30:00Z
    status: identified
    message: A bad deploy; rolling back.
"""


def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env)


def no_traceback(result: Result) -> None:
    """The command ended on its own terms: no Python exception escaped it."""
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{type(result.exception).__name__}: {result.exception}"
    )


def notify(project: Path, env: dict[str, str], *args: str) -> Result:
    return invoke(
        "notify", "--now", "2026-11-28T12:00:00Z", "-f", str(project / "mkdocs.yml"), *args,
        env=env,
    )  # fmt: skip


@pytest.fixture
def repo(make_site: MakeSite) -> Path:
    return notified_repo(make_site, UPDATE)


# notify: receivers that answer badly ---------------------------------------------------


class Hooks(BaseHTTPRequestHandler):
    """/garbage answers no HTTP at all; /moved redirects to /landed; the rest answer 200."""

    seen: list[tuple[str, str]] = []  # noqa: RUF012 (read by the tests)

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        Hooks.seen.append(("POST", self.path))
        if self.path == "/garbage":
            self.wfile.write(b"SSH-2.0-OpenSSH_9.2\r\n\r\n")
            return
        if self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/landed")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        Hooks.seen.append(("GET", self.path))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def hooks() -> Iterator[str]:
    Hooks.seen = []
    with receiving(Hooks) as address:
        yield address


@pytest.fixture
def mail(certificate: tuple[Path, Path]) -> Iterator[Mail]:
    yield from smtp_server(certificate)


def test_a_webhook_that_answers_no_http_is_one_line_and_the_record_is_kept(
    repo: Path, hooks: str, mail: Mail
) -> None:
    """A subscriber's webhook URL points at a port where something else listens (an SSH
    server, a proxy speaking garbage): its first line is no HTTP status line. `notify`
    ends in a traceback (`http.client.BadStatusLine`), after the e-mails went out, and
    never moves the marker: the next run e-mails everyone the same update again. It
    should be one failure line for that subscriber, the others delivered, the marker
    moved."""
    listing = (
        f"email: [ana@example.org]\nwebhooks:\n  - url: {hooks}/garbage\n  - url: {hooks}/ok\n"
    )
    env = {**mail.env, "SUBSCRIBERS": listing}
    result = notify(repo, env, "--subscribers-env", "SUBSCRIBERS", "--since", "HEAD~1", "--mark")
    no_traceback(result)
    assert result.exit_code == 1
    assert result.stdout == "posted 1 update: 1 e-mail, 1 webhook delivery\n"
    assert result.stderr.startswith(
        "error: webhook webhooks[0] (127.0.0.1): api-errors#update-20261128t103000z: "
    ), result.stderr
    assert ("POST", "/ok") in Hooks.seen
    assert git(repo, "rev-parse", "statuspress-notified") == git(repo, "rev-parse", "HEAD")


def test_a_chat_webhook_that_answers_no_http_is_one_line(repo: Path, hooks: str) -> None:
    """The same for the Slack/Teams webhook: a traceback (`BadStatusLine`) instead of the
    one line `chat webhook: ...: the webhook could not be reached` that every other
    failure to reach it gets."""
    result = notify(repo, {"SLACK": f"{hooks}/garbage"}, "--webhook-url-env", "SLACK",
                    "--since", "HEAD~1")  # fmt: skip
    no_traceback(result)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: chat webhook: api-errors#update-20261128t103000z: ")


def test_a_chat_webhook_that_redirects_is_a_failure_and_never_followed(
    repo: Path, hooks: str
) -> None:
    """The Slack/Teams URL in the CI secret now answers `302 Found` (a moved or retired
    webhook). `notify` follows it as a bodiless GET (to wherever the Location points,
    another host included), counts the update posted, exits 0 and moves the marker: the
    channel never hears of the update and nobody is told. Subscribers' webhooks are
    promised "a redirect is reported as a failure and never followed"; the chat webhook
    should be treated the same."""
    result = notify(repo, {"SLACK": f"{hooks}/moved"}, "--webhook-url-env", "SLACK",
                    "--since", "HEAD~1", "--mark")  # fmt: skip
    no_traceback(result)
    assert Hooks.seen == [("POST", "/moved")]
    assert result.exit_code == 1
    assert "302" in result.stderr, result.stderr
    assert "statuspress-notified" not in git(repo, "tag")


def test_an_address_with_a_non_ascii_local_part_does_not_stop_the_others(
    repo: Path, certificate: tuple[Path, Path]
) -> None:
    """The list holds `josé@example.org` (accepted: the list check takes it as an
    address) before `ana@example.org`. The SMTP server does not offer SMTPUTF8: smtplib
    refuses that one message, and `notify` gives up the whole connection: "cannot send
    through 127.0.0.1:...", ana gets nothing, and nothing says which subscriber was the
    cause. A failure to reach one subscriber should not stop the others."""
    for server in smtp_server(certificate, utf8=False):
        env = {**server.env, "SUBSCRIBERS": "email: [josé@example.org, ana@example.org]\n"}
        result = notify(repo, env, "--subscribers-env", "SUBSCRIBERS", "--since", "HEAD~1")
        inbox = server.inbox
    no_traceback(result)
    assert [to for to, _ in inbox.messages] == [["ana@example.org"]]
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "error: e-mail to email[0] (j…@example.org): api-errors#update-20261128t103000z: "
    ), result.stderr


# serve: a file deleted, then restored ------------------------------------------------------


def test_the_page_of_a_deleted_file_reloads_itself_when_the_file_is_back(
    served: tuple[Preview, str],
) -> None:
    """The lead has the incident's page open in the preview and deletes its file by
    mistake (or switches branch), then restores it (`git checkout`). The page the
    preview answered meanwhile is Python's bare "Error response / Error code: 404", not
    the site's 404 page, and without the preview's reload script: the tab stays on it
    after the file is back, though the docs say open pages reload by themselves after
    each rebuild. It should be the site's own 404 page (status 404), which reloads once
    the page is built again."""
    running, url = served
    page = running.project / "incidents" / "a.md"
    kept = page.read_bytes()
    page.unlink()
    settle(url)
    status, body = fetch(url + "incidents/a/")
    assert status == 404
    assert b"__statuspress__/state.json" in body  # the reload script
    assert b"Error code explanation" not in body
    page.write_bytes(kept)
    settle(url)
    assert fetch(url + "incidents/a/")[0] == 200


# A site in a right-to-left language ------------------------------------------------------


ARABIC = SMALL_CONFIG.format(time_zone="UTC", uptime_days=90).replace(
    "  font: false\n", "  font: false\n  language: ar\n"
)

READING_ORDER = """() => {
  // Each date and duration whose text starts with a number: is its first character
  // drawn left of its fourth, as "28 Nov 2026" reads, or moved to its end?
  const out = [];
  for (const node of document.querySelectorAll(".md-typeset time, .sp-facts dd, .sp-facts dd > span")) {
    const text = node.firstChild;
    if (!text || text.nodeType !== 3 || !/^[0-9]+ [A-Za-z]/.test(text.data)) continue;
    const box = (i) => { const r = document.createRange(); r.setStart(text, i);
      r.setEnd(text, i + 1); return r.getBoundingClientRect().left; };
    if (box(0) > box(3)) out.push(node.textContent);
  }
  return out;
}"""


def test_dates_and_durations_read_in_order_on_a_right_to_left_site(
    make_site: MakeSite, browser: Browser
) -> None:
    """A site with `theme.language: ar` (Statuspress's own texts stay English, as
    documented; Material writes the page right to left). Every date and duration that
    starts with a number is drawn with the number moved to its end: "Started: Nov
    2026, 10:00 UTC 28", "Duration: h 55 min so far 1". Each should read as written
    ("28 Nov 2026, 10:00 UTC"), isolated from the direction around it."""
    project = make_site({"a.md": INCIDENT.format(title="Slow checkout")}, config=ARABIC)
    out = project / "site"
    result = invoke("build", "--now", "2026-11-28T12:00:00Z", "-f", str(project / "mkdocs.yml"),
                    "-d", str(out))  # fmt: skip
    assert result.exit_code == 0, result.output
    with serve(out) as site:
        context = browser.new_context(
            viewport={"width": 390, "height": 844}, java_script_enabled=False
        )
        page = context.new_page()
        page.goto(site.url + "incidents/a/", wait_until="load")
        assert page.evaluate("document.body.dir") == "rtl"
        garbled = page.evaluate(READING_ORDER)
        context.close()
    assert garbled == []
