"""statuspress notify reaches subscribers without a server: e-mail through a real SMTP
server with STARTTLS on 127.0.0.1, and signed JSON webhooks to a local receiver."""

from __future__ import annotations

import email
import email.policy
import hashlib
import hmac
import json
import socket
import ssl
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from click.testing import CliRunner

from statuspress.cli import cli

from .checks.server import receiving
from .checks.tools import need_program
from .conftest import MakeSite, git, notified_repo
from .test_api_schema import errors

UPDATE = """\
  - at: 2026-11-28T10:30:00Z
    status: identified
    message: A bad deploy & a <b>rollback</b>.
"""


@pytest.fixture
def repo(make_site: MakeSite) -> Path:
    return notified_repo(make_site, UPDATE)


# A real SMTP server on 127.0.0.1 that requires STARTTLS and a login ----------------


@dataclass
class Inbox:
    messages: list[tuple[list[str], email.message.EmailMessage]] = field(default_factory=list)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address.startswith("gone"):
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(parsed, email.message.EmailMessage)
        self.messages.append((list(envelope.rcpt_tos), parsed))
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A throwaway self-signed certificate for 127.0.0.1 (made with openssl)."""
    need_program("openssl", "apt-get install -y --no-install-recommends openssl")
    folder = tmp_path_factory.mktemp("tls")
    key, cert = folder / "key.pem", folder / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
         "-out", str(cert), "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return key, cert


def login(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
    # handled=False: aiosmtpd answers a refusal itself (535)
    ok = (data.login, data.password) == (b"status", b"s3cret pass")
    return AuthResult(success=ok, handled=False)


@dataclass
class Mail:
    inbox: Inbox
    env: dict[str, str]


def smtp_server(
    certificate: tuple[Path, Path], tls: bool = True, utf8: bool = True
) -> Iterator[Mail]:
    """A local SMTP server that asks for a login, with STARTTLS (``tls``) and SMTPUTF8
    (``utf8``) or without; its settings for ``notify`` in :attr:`Mail.env`."""
    key, cert = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    inbox = Inbox()
    port = free_port()
    options: dict[str, Any] = {
        "auth_required": True,
        "authenticator": login,
        "enable_SMTPUTF8": utf8,
    }
    if tls:
        options.update(tls_context=context, require_starttls=True)
    else:
        options.update(auth_require_tls=False)
    controller = Controller(inbox, hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        yield Mail(
            inbox,
            {
                "STATUSPRESS_SMTP_HOST": "127.0.0.1",
                "STATUSPRESS_SMTP_PORT": str(port),
                "STATUSPRESS_SMTP_USER": "status",
                "STATUSPRESS_SMTP_PASSWORD": "s3cret pass",
                "STATUSPRESS_SMTP_FROM": "Example status <status@example.com>",
                "STATUSPRESS_SMTP_CA_FILE": str(cert),
            },
        )
    finally:
        controller.stop()


@pytest.fixture
def mail(certificate: tuple[Path, Path]) -> Iterator[Mail]:
    yield from smtp_server(certificate)


# A local HTTP receiver -------------------------------------------------------------


class Receiver(BaseHTTPRequestHandler):
    received: list[tuple[str, dict[str, str], bytes]] = []  # noqa: RUF012 (read by the tests)

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Receiver.received.append((self.path, dict(self.headers), body))
        self.send_response(500 if self.path == "/broken" else 200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[str]:
    Receiver.received = []
    with receiving(Receiver) as address:
        yield address


def notify(project: Path, env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        cli,
        ["notify", "--now", "2026-11-28T12:00:00Z", "-f", str(project / "mkdocs.yml"), *args],
        env=env,
    )
    return result.exit_code, result.stdout, result.stderr


SUBSCRIBERS = """\
email:
  - address: ana@example.org            # every component
  - address: bo@example.net
    components: [api]
  - address: cy@example.com
    components: [db]                    # not told about the API
"""


def test_each_subscriber_gets_one_e_mail_per_new_update_over_starttls(
    repo: Path, mail: Mail
) -> None:
    env = {**mail.env, "SUBSCRIBERS": SUBSCRIBERS}
    code, out, err = notify(repo, env, "--subscribers-env", "SUBSCRIBERS", "--since", "HEAD~1")
    assert (code, out, err) == (0, "posted 1 update: 2 e-mails\n", "")
    assert [to for to, _ in mail.inbox.messages] == [["ana@example.org"], ["bo@example.net"]]
    message = mail.inbox.messages[0][1]
    assert message["Subject"] == "[Example] API errors: Identified"
    assert message["From"] == "Example status <status@example.com>"
    assert message["To"] == "ana@example.org"  # never another subscriber's address
    assert message["List-Unsubscribe"] == (
        "<mailto:status@example.com?subject=unsubscribe>, "
        "<https://status.example.com/subscribe/#email>"
    )
    assert message["Auto-Submitted"] == "auto-generated"
    body = message.get_content()
    assert "A bad deploy & a rollback." in body  # the plain text the pages show
    assert "https://status.example.com/incidents/api-errors/#update-20261128t103000z" in body
    assert "To stop them, reply to this e-mail" in body


def test_a_refused_address_does_not_stop_the_others_and_is_reported(repo: Path, mail: Mail) -> None:
    listing = "email: [gone@example.org, ana@example.org, gone2@example.net]\n"
    env = {**mail.env, "SUBSCRIBERS": listing}
    code, out, err = notify(
        repo, env, "--subscribers-env", "SUBSCRIBERS", "--since", "HEAD~1", "--mark"
    )
    assert code == 1
    assert out == "posted 1 update: 1 e-mail\n"
    assert err == (
        "error: e-mail to email[0] (g…@example.org): api-errors#update-20261128t103000z: "
        "refused: 550 5.1.1 no such mailbox\n"
        "error: e-mail to email[2] (g…@example.net): api-errors#update-20261128t103000z: "
        "refused: 550 5.1.1 no such mailbox\n"
        "Error: 2 failures (above); 1 delivery made\n"
    )
    assert [to for to, _ in mail.inbox.messages] == [["ana@example.org"]]
    # The marker moved: a second run must not send ana the same update again.
    assert git(repo, "rev-parse", "statuspress-notified") == git(repo, "rev-parse", "HEAD")
    assert notify(repo, env, "--subscribers-env", "SUBSCRIBERS")[:2] == (
        0,
        "posted 0 updates: 0 e-mails\n",
    )
    assert len(mail.inbox.messages) == 1


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_a_server_without_starttls_gets_nothing(repo: Path, certificate: tuple[Path, Path]) -> None:
    for plain in smtp_server(certificate, tls=False):
        env = {**plain.env, "SUBSCRIBERS": "email: [ana@example.org]"}
        code, _, err = notify(repo, env, "--subscribers-env", "SUBSCRIBERS", "--since", "HEAD~1")
        assert code == 1
        assert err.splitlines()[0] == (
            f"error: e-mail: 127.0.0.1:{env['STATUSPRESS_SMTP_PORT']} offers no STARTTLS; "
            "nothing was sent in clear text (1 messages not sent)"
        )
        assert plain.inbox.messages == []


def test_an_untrusted_certificate_sends_nothing(repo: Path, mail: Mail) -> None:
    untrusted = {**mail.env, "STATUSPRESS_SMTP_CA_FILE": "", "SUBSCRIBERS": "email: [a@b.org]"}
    code, _, err = notify(repo, untrusted, "--subscribers-env", "SUBSCRIBERS", "--since", "HEAD~1")
    assert code == 1
    assert "CERTIFICATE_VERIFY_FAILED" in err.splitlines()[0]
    assert mail.inbox.messages == []


def test_a_wrong_password_sends_nothing(repo: Path, mail: Mail) -> None:
    wrong = {**mail.env, "STATUSPRESS_SMTP_PASSWORD": "guess", "SUBSCRIBERS": "email: [a@b.org]"}
    code, _, err = notify(repo, wrong, "--subscribers-env", "SUBSCRIBERS", "--since", "HEAD~1")
    assert code == 1
    assert err.splitlines()[0].startswith(
        f"error: e-mail: 127.0.0.1:{mail.env['STATUSPRESS_SMTP_PORT']} refused the login: 535"
    )
    assert mail.inbox.messages == []


def test_missing_smtp_settings_are_one_clear_line(repo: Path) -> None:
    env = {"SUBSCRIBERS": "email: [a@b.org]", "STATUSPRESS_SMTP_HOST": ""}
    code, _, err = notify(repo, env, "--subscribers-env", "SUBSCRIBERS", "--since", "HEAD~1")
    assert (code, err) == (
        1,
        "Error: e-mail: the variable STATUSPRESS_SMTP_HOST is empty; set the SMTP settings "
        "(see the documentation, docs/subscribe.md) to e-mail subscribers\n",
    )


# Webhooks -----------------------------------------------------------------------------


def test_webhooks_get_statuspage_s_body_signed_with_hmac_sha256(repo: Path, receiver: str) -> None:
    listing = json.dumps(
        {
            "webhooks": [
                {"url": f"{receiver}/signed", "secret": "k3y", "components": ["api"]},
                {"url": f"{receiver}/plain"},
                {"url": f"{receiver}/db-only", "components": ["db"]},
            ]
        }
    )
    code, out, err = notify(repo, {"HOOKS": listing}, "--subscribers-env", "HOOKS", "--since", "HEAD~1")  # fmt: skip
    assert (code, out, err) == (0, "posted 1 update: 2 webhook deliveries\n", "")
    assert [path for path, _, _ in Receiver.received] == ["/signed", "/plain"]
    _, headers, body = Receiver.received[0]
    expected = "sha256=" + hmac.new(b"k3y", body, hashlib.sha256).hexdigest()
    assert headers["Content-Type"] == "application/json"
    assert hmac.compare_digest(headers["X-Statuspress-Signature"], expected)
    assert "X-Statuspress-Signature" not in Receiver.received[1][1]
    payload = json.loads(body)
    assert sorted(payload) == ["incident", "meta", "page"]
    assert payload["meta"]["unsubscribe"] == "https://status.example.com/subscribe/"
    assert payload["page"]["status_indicator"] == "major"
    assert payload["page"]["status_description"] == "Partial System Outage"
    incident = payload["incident"]
    assert errors("incident", incident) == []
    assert (incident["name"], incident["status"]) == ("API errors", "identified")
    newest = incident["incident_updates"][0]
    assert (newest["status"], newest["body"]) == ("identified", "A bad deploy & a rollback.")
    assert [c["name"] for c in incident["components"]] == ["API"]


def test_a_failing_webhook_does_not_stop_e_mail_or_other_webhooks(
    repo: Path, receiver: str, mail: Mail
) -> None:
    listing = (
        f"webhooks:\n  - url: {receiver}/broken\n  - url: {receiver}/fine\n"
        "email: [ana@example.org]\n"
    )
    env = {**mail.env, "SUBSCRIBERS": listing}
    code, out, err = notify(repo, env, "--subscribers-env", "SUBSCRIBERS", "--since", "HEAD~1")
    assert code == 1
    assert out == "posted 1 update: 1 e-mail, 1 webhook delivery\n"
    assert err == (
        "error: webhook webhooks[0] (127.0.0.1): api-errors#update-20261128t103000z: "
        "answered 500 Internal Server Error\n"
        "Error: 1 failure (above); 2 deliveries made\n"
    )
    assert [p for p, _, _ in Receiver.received] == ["/broken", "/fine"]
    assert len(mail.inbox.messages) == 1


# Where the list comes from -------------------------------------------------------------


def test_a_list_inside_the_repository_is_refused(repo: Path, receiver: str) -> None:
    (repo / "private").mkdir()
    inside = repo / "private" / "subscribers.yml"
    inside.write_text(f"webhooks: [{{url: '{receiver}/x'}}]\n")
    code, _, err = notify(repo, {}, "--subscribers", str(inside), "--since", "HEAD~1")
    assert (code, err) == (
        1,
        f"Error: --subscribers: {inside} is inside the repository; subscribers' addresses are "
        "personal data and most status repositories are public: keep the list in a CI secret "
        "(--subscribers-env) or a file outside the repository\n",
    )
    assert Receiver.received == []


def test_a_list_in_a_file_outside_the_repository_is_read(
    repo: Path, receiver: str, tmp_path: Path
) -> None:
    outside = tmp_path / "secrets" / "subscribers.yml"
    outside.parent.mkdir()
    outside.write_text(f"webhooks: [{{url: '{receiver}/x'}}]\n")
    code, out, _ = notify(repo, {}, "--subscribers", str(outside), "--since", "HEAD~1")
    assert (code, out) == (0, "posted 1 update: 1 webhook delivery\n")
    assert len(Receiver.received) == 1


def test_a_wrong_list_is_one_line_per_mistake_without_repeating_addresses(repo: Path) -> None:
    listing = (
        "email:\n  - address: not-an-address\n  - {address: a@b.org, components: [apii]}\n"
        "webhooks: [{url: 'ftp://x.org/h', sekret: x}]\nemails: []\n"
    )
    code, _, err = notify(repo, {"S": listing}, "--subscribers-env", "S", "--since", "HEAD~1")
    assert code == 1
    assert err == (
        "Error: S: expected email or webhooks, found 'emails' (did you mean 'email'?)\n"
        "S: email[0].address: expected an e-mail address such as name@example.com\n"
        "S: email[1].components: expected a component id from mkdocs.yml, found 'apii' "
        "(did you mean 'api'?)\n"
        "S: webhooks[0]: expected url or secret or components, found 'sekret' "
        "(did you mean 'secret'?)\n"
        "S: webhooks[0].url: expected an http(s) URL\n"
    )
    assert "not-an-address" not in err


def test_a_secret_of_digits_is_asked_for_in_quotes(repo: Path) -> None:
    """YAML reads `secret: 123456` as a number: the line says how to write it as text,
    and does not repeat it."""
    listing = "webhooks: [{url: 'https://hooks.example.com/h', secret: 123456}]\n"
    code, _, err = notify(repo, {"S": listing}, "--subscribers-env", "S", "--since", "HEAD~1")
    assert code == 1
    assert "S: webhooks[0].secret: expected text (put a secret of digits in quotes)" in err
    assert "123456" not in err


def test_nothing_to_notify_is_refused(repo: Path) -> None:
    code, _, err = notify(repo, {}, "--since", "HEAD~1")
    assert (code, err) == (
        1,
        "Error: expected --webhook-url-env, --subscribers-env or --subscribers, found none\n",
    )


def test_dry_run_names_who_would_get_what_and_sends_nothing(repo: Path, receiver: str) -> None:
    listing = f"email: [ana@example.org]\nwebhooks: [{{url: '{receiver}/x'}}]\n"
    code, out, err = notify(
        repo, {"S": listing}, "--subscribers-env", "S", "--since", "HEAD~1", "--dry-run"
    )
    assert (code, err) == (0, "would post 1 update\n")
    assert out == (
        "would send api-errors#update-20261128t103000z to email[0] (a…@example.org)\n"
        "would send api-errors#update-20261128t103000z to webhooks[0] (127.0.0.1)\n"
    )
    assert Receiver.received == []


def test_an_e_mail_says_when_the_next_update_is_promised(make_site: MakeSite, mail: Mail) -> None:
    project = notified_repo(make_site, UPDATE + "    next_update: 2026-11-28T12:30:00Z\n")
    env = {**mail.env, "SUBSCRIBERS": SUBSCRIBERS}
    code, out, err = notify(project, env, "--subscribers-env", "SUBSCRIBERS", "--since", "HEAD~1")
    assert (code, out, err) == (0, "posted 1 update: 2 e-mails\n", "")
    body = mail.inbox.messages[0][1].get_content().replace("\r\n", "\n")
    assert "A bad deploy & a rollback.\n\nNext update by 28 Nov 2026, 12:30 UTC.\n" in body
