"""Deliver notices to subscribers: e-mail over SMTP with STARTTLS, and JSON webhooks.

E-mail: one message per new update and subscriber (no subscriber sees another's
address), over one connection that must offer STARTTLS (credentials and addresses
never cross the network in clear text). Webhooks: Statuspage's webhook body, with
an ``X-Statuspress-Signature: sha256=<hex>`` header (HMAC-SHA256 of the body) when the
subscriber has a secret. A failure to reach one subscriber never stops the others:
each becomes one line in the list returned.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import os
import re
import smtplib
import ssl
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from typing import Any
from urllib.parse import urlsplit

from . import derive
from .model import Site
from .notify import OPENER, UNANSWERED, Notice, refusal
from .render.api import Api, timestamp
from .snapshot import Snapshot
from .subscribers import Subscriber, masked_address
from .vocabulary import STATUS_LABELS

_ADDRESS_IN_TEXT = re.compile(r"[^\s<>\"'(),;:\[\]]+@[A-Za-z0-9.-]+")

SIGNATURE_HEADER = "X-Statuspress-Signature"
ENVIRONMENT = {
    "host": "STATUSPRESS_SMTP_HOST",
    "port": "STATUSPRESS_SMTP_PORT",
    "user": "STATUSPRESS_SMTP_USER",
    "password": "STATUSPRESS_SMTP_PASSWORD",
    "sender": "STATUSPRESS_SMTP_FROM",
    "ca_file": "STATUSPRESS_SMTP_CA_FILE",
}
"""Where the SMTP settings come from. ``STATUSPRESS_SMTP_CA_FILE`` trusts the certificates
of that bundle instead of the system's: for a private CA, or a test server's own."""


class DeliveryError(Exception):
    """The settings for a channel are missing or wrong; nothing was sent on it."""


@dataclass(frozen=True)
class Smtp:
    host: str
    port: int
    user: str
    password: str
    sender: str
    ca_file: str = ""

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] = os.environ) -> Smtp:
        values = {field: environ.get(name, "").strip() for field, name in ENVIRONMENT.items()}
        for field in ("host", "sender"):
            if not values[field]:
                raise DeliveryError(
                    f"e-mail: the variable {ENVIRONMENT[field]} is empty; set the SMTP "
                    "settings (see the documentation, docs/subscribe.md) to e-mail subscribers"
                )
        port = values.pop("port") or "587"
        if not port.isdigit():
            raise DeliveryError(
                f"e-mail: {ENVIRONMENT['port']}: expected a port number, found '{port}'"
            )
        password = environ.get(ENVIRONMENT["password"], "")  # spaces may belong to it
        return cls(**{**values, "password": password, "port": int(port)})  # type: ignore[arg-type]


# E-mail -------------------------------------------------------------------------


def email_message(site: Site, notice: Notice, sender: str, to: str) -> EmailMessage:
    """One update as a plain-text e-mail to one subscriber."""
    subscribe = f"{site.settings.url}subscribe/"
    message = EmailMessage()
    subject = f"[{site.settings.name}] {notice.title}: {STATUS_LABELS[notice.status]}"
    message["Subject"] = " ".join(subject.split())  # a line break would end the header
    message["From"] = sender
    message["To"] = to
    message["Date"] = formatdate(usegmt=True)
    host = urlsplit(site.settings.url).hostname or "statuspress.invalid"
    message["Message-ID"] = make_msgid(domain=host)
    message["List-Id"] = f"{site.settings.name} status <status.{host}>"
    reply = parseaddr(sender)[1]  # a request to stop reaches whoever keeps the list
    stop = f"<mailto:{reply}?subject=unsubscribe>, " if "@" in reply else ""
    message["List-Unsubscribe"] = f"{stop}<{subscribe}#email>"
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(
        f"{notice.title}\n"
        f"{STATUS_LABELS[notice.status]}\n\n"
        f"{notice.body}\n\n"
        f"{notice.url}\n\n"
        f"-- \nYou receive this because you subscribed to updates of the "
        f"{site.settings.name} status page. To stop them, reply to this e-mail and ask "
        f"to be taken off the list ({subscribe}#email).\n"
    )
    return message


def send_emails(
    smtp: Smtp, site: Site, deliveries: list[tuple[Subscriber, Notice]], timeout: float = 20.0
) -> tuple[int, list[str]]:
    """Send each delivery over one STARTTLS connection; how many were sent, and a line for
    each failure."""
    if not deliveries:
        return 0, []
    failures: list[str] = []
    sent = 0
    context = ssl.create_default_context(cafile=smtp.ca_file or None)
    where = f"{smtp.host}:{smtp.port}"
    try:
        with smtplib.SMTP(smtp.host, smtp.port, timeout=timeout) as server:
            server.ehlo()
            if not server.has_extn("starttls"):
                return 0, [
                    f"e-mail: {where} offers no STARTTLS; nothing was sent in clear text "
                    f"({len(deliveries)} messages not sent)"
                ]
            server.starttls(context=context)
            server.ehlo()
            if not parseaddr(smtp.sender)[1].isascii() and not server.has_extn("smtputf8"):
                return 0, [
                    f"e-mail: the sender ({ENVIRONMENT['sender']}) is not ASCII and {where} "
                    f"does not offer SMTPUTF8 ({len(deliveries)} messages not sent)"
                ]
            if smtp.user:
                server.login(smtp.user, smtp.password)
            for subscriber, notice in deliveries:
                message = email_message(site, notice, smtp.sender, subscriber.target)
                try:
                    server.send_message(message)
                    sent += 1
                except smtplib.SMTPNotSupportedError:  # refused before anything was sent
                    failures.append(
                        _line(
                            subscriber,
                            notice,
                            "not sent: the address is not ASCII and the server does not "
                            "offer SMTPUTF8",
                        )
                    )
                except smtplib.SMTPRecipientsRefused as exc:
                    code, reason = next(iter(exc.recipients.values()))
                    failures.append(_line(subscriber, notice, f"refused: {code} {_masked(reason)}"))
                except smtplib.SMTPResponseException as exc:
                    failures.append(
                        _line(
                            subscriber,
                            notice,
                            f"refused: {exc.smtp_code} {_masked(exc.smtp_error)}",
                        )
                    )
    except smtplib.SMTPAuthenticationError as exc:
        failures.append(
            f"e-mail: {where} refused the login: {exc.smtp_code} {_masked(exc.smtp_error)}"
        )
    except (smtplib.SMTPException, OSError, ssl.SSLError) as exc:
        failures.append(f"e-mail: cannot send through {where}: {_masked(_reason(exc))}")
    if failures and sent + len(failures) < len(deliveries):
        failures[-1] += f" ({len(deliveries) - sent} of {len(deliveries)} messages not sent)"
    return sent, failures


def _text(value: bytes | str) -> str:
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else value
    return " ".join(text.split())


def _masked(value: bytes | str) -> str:
    """A server's answer, one line, with every address in it masked: servers often repeat
    the refused address, and the report may be public (a CI log)."""
    return _ADDRESS_IN_TEXT.sub(lambda m: masked_address(m.group(0)), _text(value))


def _reason(exc: BaseException) -> str:
    return " ".join((getattr(exc, "strerror", None) or str(exc) or type(exc).__name__).split())


def _line(subscriber: Subscriber, notice: Notice, what: str) -> str:
    channel = "e-mail to" if subscriber.kind == "email" else "webhook"
    return f"{channel} {subscriber.label}: {notice.ref}: {what}"


# Webhooks -----------------------------------------------------------------------


def webhook_body(site: Site, notice: Notice) -> dict[str, Any]:
    """Statuspage's webhook body for an incident update: ``meta``, ``page`` (with the
    indicator) and the ``incident`` (a maintenance too, as Statuspage sends it) as it was
    when the update was published, its updates newest first."""
    event = next(e for e in site.events if e.id == notice.event_id)
    update = next(u for u in derive.updates_at(event, site.now) if u.key == notice.key)
    then = dataclasses.replace(site, now=update.at)
    api = Api(Snapshot(then))
    indicator, description = derive.indicator(then)
    return {
        "meta": {
            "unsubscribe": f"{site.settings.url}subscribe/",
            "documentation": f"{site.settings.url}subscribe/",
            "generated_at": timestamp(site.now),
        },
        "page": {
            "id": api.page_id,
            "status_indicator": indicator,
            "status_description": description,
        },
        "incident": api.incident(event),
    }


def signature(secret: str, body: bytes) -> str:
    """The signature header's value: ``sha256=`` and the HMAC-SHA256 of ``body``, in hex."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def post_webhook(
    subscriber: Subscriber, site: Site, notice: Notice, timeout: float = 10.0
) -> str | None:
    """Post the notice to one webhook; None when it answered 2xx, else the failure's line."""
    body = json.dumps(webhook_body(site, notice), sort_keys=True).encode()
    headers = {"Content-Type": "application/json", "User-Agent": "statuspress"}
    if subscriber.secret:
        headers[SIGNATURE_HEADER] = signature(subscriber.secret, body)
    request = urllib.request.Request(subscriber.target, data=body, method="POST", headers=headers)
    try:
        OPENER.open(request, timeout=timeout).close()
    except UNANSWERED as exc:  # a redirect too: followed, a POST would become a GET elsewhere
        return _line(subscriber, notice, refusal(exc, "the subscriber's final URL"))
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        return _line(subscriber, notice, f"could not be reached: {getattr(exc, 'reason', exc)}")
    except ValueError:  # a URL urllib cannot use; its words would repeat it, a secret
        return _line(subscriber, notice, "could not be reached: its URL is not valid")
    return None
