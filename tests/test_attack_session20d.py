"""Attack session 20d: today's changes under attack: the feeds cut to the newest 100
updates, the preview's 404 page, notify's failure handling, and `update` of a linked file.

Each test is one bug found in this session: it fails without its fix and asserts what
the promises (README.md, docs/outputs.md, docs/commands.md, CHANGELOG.md) say a user
should see.
"""

from __future__ import annotations

from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from statuspress.cli import cli, writing

from .checks.server import receiving
from .conftest import CARD_INCIDENT, MakeSite, git, notified_repo
from .test_notify_subscribers import certificate, smtp_server

__all__ = ["certificate"]  # a fixture, used by name


def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env)


# Feeds ------------------------------------------------------------------------------

SPREADING = """\
---
title: Spreading outage
components: {api: partial_outage}
started: 2026-12-04T10:00:00Z
updates:
  - at: 2026-12-04T10:05:00Z
    status: investigating
    message: Some customers cannot sign in. Next update by 11:00 UTC.
  - at: 2026-12-04T10:30:00Z
    status: identified
    message: The website fails for some customers too. Next update by 11:00 UTC.
    components: {web: major_outage}
---
"""


def test_a_history_entry_names_a_component_an_update_brought_in(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/outputs.md: each entry of the history feed "names the components its incident
    touches as categories". An incident that an update spread to the website named the
    API alone there (the incident's page, the API and the website's own feed name both):
    a reader who filters the history feed by category never saw the website's outage."""
    root = make_site({"2026-12-04-spreading.md": SPREADING})
    monkeypatch.chdir(root)
    result = invoke("build", "--now", "2026-12-04T11:00Z")
    assert result.exit_code == 0, result.output
    rss = (root / "site" / "history.rss").read_text(encoding="utf-8")
    atom = (root / "site" / "history.atom").read_text(encoding="utf-8")
    assert rss.count("<category>Website</category>") == 2, rss
    assert atom.count('label="Website"') == 2, atom
    assert rss.count("<category>API</category>") == 2


# notify: a receiver that answers a redirect urllib cannot read --------------------------

UPDATE = """\
  - at: 2026-11-28T10:30:00Z
    status: identified
    message: A bad deploy; rolling back.
"""


def no_traceback(result: Result) -> None:
    """The command ended on its own terms: no Python exception escaped it."""
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{type(result.exception).__name__}: {result.exception}"
    )


class Moved(BaseHTTPRequestHandler):
    """Every POST answers `302 Found` to the Location its path names after `/to/`."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(302)
        self.send_header("Location", self.path.removeprefix("/to/"))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def moved() -> Iterator[str]:
    with receiving(Moved) as address:
        yield f"{address}/to/"


@pytest.mark.parametrize(
    ("location", "where"),
    [("http://[fe80::1/hooks", "elsewhere"), ("javascript:void(0)//T0KEN", "elsewhere")],
)
@pytest.mark.parametrize("kind", ["chat", "subscriber"])
def test_a_redirect_to_an_address_urllib_cannot_read_is_told_as_a_redirect(
    make_site: MakeSite, moved: str, kind: str, location: str, where: str
) -> None:
    """A webhook (moved, or a proxy in front of it) answers `302 Found` with a Location
    that is no usable address: a broken IPv6 host, a scheme urllib will not follow. The
    first was reported as "could not be reached: its URL is not valid", sending the lead
    to check a URL that is fine; the second as "answered 302 Found - Redirection to url
    'javascript:void(0)//T0KEN' is not allowed, a redirect to elsewhere", repeating the
    Location that redirect lines otherwise keep to its host. Each should be the redirect
    line every other redirect gets."""
    repo = notified_repo(make_site, UPDATE)
    target = moved + location
    if kind == "chat":
        env, args = {"SLACK": target}, ("--webhook-url-env", "SLACK")
        expected = f"the webhook answered 302 Found, a redirect to {where}; not followed"
    else:
        env = {"SUBSCRIBERS": f"webhooks:\n  - url: '{target}'\n"}
        args = ("--subscribers-env", "SUBSCRIBERS")
        expected = f"answered 302 Found, a redirect to {where}; not followed"
    result = invoke(
        "notify", "--now", "2026-11-28T12:00:00Z", "-f", str(repo / "mkdocs.yml"),
        "--since", "HEAD~1", "--mark", *args, env=env,
    )  # fmt: skip
    no_traceback(result)
    assert result.exit_code == 1
    assert expected in result.stderr, result.stderr
    assert "not valid" not in result.stderr and "T0KEN" not in result.stderr
    assert "statuspress-notified" not in git(repo, "tag")


def test_a_sender_that_is_not_ascii_is_told_once_not_blamed_on_each_subscriber(
    make_site: MakeSite, certificate: tuple[Path, Path]
) -> None:
    """STATUSPRESS_SMTP_FROM is `Status <státus@example.com>`, the server offers no
    SMTPUTF8. Every e-mail failed with "e-mail to email[0] (a…@example.org): ...: not
    sent: the address is not ASCII", once per subscriber, each an ASCII address: the lead
    checks a list that is fine. It should be one line that names the sender's variable,
    as a server without STARTTLS is."""
    repo = notified_repo(make_site, UPDATE)
    for server in smtp_server(certificate, utf8=False):
        env = {**server.env, "STATUSPRESS_SMTP_FROM": "Status <státus@example.com>",
               "SUBSCRIBERS": "email: [ana@example.org, bo@example.org]\n"}  # fmt: skip
        result = invoke(
            "notify", "--now", "2026-11-28T12:00:00Z", "-f", str(repo / "mkdocs.yml"),
            "--since", "HEAD~1", "--subscribers-env", "SUBSCRIBERS", env=env,
        )  # fmt: skip
    no_traceback(result)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, result.stderr
    assert "STATUSPRESS_SMTP_FROM" in errors[0] and "SMTPUTF8" in errors[0]
    assert "email[0]" not in errors[0]


# update: a link replaced between its check and its following -----------------------------


def test_a_link_replaced_after_its_check_is_not_followed_out_of_the_folder(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Under the edit lock, `update` checked where the incident's link leads (inside the
    content folder), then followed it again to read and write: a link replaced between
    the two (by a tool that takes no lock: a `git checkout`, a sync) led the update into
    a file out of the project, over its text. The changelog: the file read is the file
    written, the link followed once."""
    root = make_site()
    monkeypatch.chdir(root)
    (root / "incidents" / "archive").mkdir()
    kept = root / "incidents" / "archive" / "card.txt"
    kept.write_text(CARD_INCIDENT, encoding="utf-8")
    link = root / "incidents" / "2026-12-04-card.md"
    link.symlink_to("archive/card.txt")
    outside = tmp_path / "other-project" / "incident.md"
    outside.parent.mkdir()
    outside.write_text(CARD_INCIDENT, encoding="utf-8")
    checked = writing.link_refused

    def swapped(path: Path, own: Path) -> str | None:
        found = checked(path, own)
        link.unlink()
        link.symlink_to(outside)
        return found

    monkeypatch.setattr(writing, "link_refused", swapped)
    result = invoke(
        "update", "2026-12-04-card", "-s", "identified", "--now", "2026-12-04T13:30:00Z",
        "-m", "A card-network route is the cause. Next update by 14:30 UTC.",
    )  # fmt: skip
    no_traceback(result)
    assert outside.read_text(encoding="utf-8") == CARD_INCIDENT
    assert "card-network route" in kept.read_text(encoding="utf-8"), result.output


class Shouting(BaseHTTPRequestHandler):
    """Every POST answers 500 with a reason phrase that holds a terminal's escape codes."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(500, "\x1b[2J\x1b[31mAll good\x1b[0m")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.mark.parametrize("kind", ["chat", "subscriber"])
def test_a_receivers_reason_phrase_cannot_drive_the_terminal(
    make_site: MakeSite, kind: str
) -> None:
    """A webhook's answer was copied into the failure line as it came: a receiver (or a
    proxy before it) could clear the lead's terminal and print its own words in colour.
    Its control characters are shown written out, as the lint shows them."""
    with receiving(Shouting) as address:
        repo = notified_repo(make_site, UPDATE)
        target = f"{address}/hook"
        if kind == "chat":
            env, args = {"SLACK": target}, ("--webhook-url-env", "SLACK")
        else:
            env = {"SUBSCRIBERS": f"webhooks:\n  - url: '{target}'\n"}
            args = ("--subscribers-env", "SUBSCRIBERS")
        result = CliRunner().invoke(  # color: as a terminal gets it, escapes and all
            cli,
            ["notify", "--now", "2026-11-28T12:00:00Z", "-f", str(repo / "mkdocs.yml"),
             "--since", "HEAD~1", "--mark", *args],
            env=env,
            color=True,
        )  # fmt: skip
    no_traceback(result)
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr
    assert "answered 500 \\x1b[2J\\x1b[31mAll good\\x1b[0m" in result.stderr, result.stderr
