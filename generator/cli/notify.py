"""``statuspress notify``: send each new status update to chat, e-mail and webhook
subscribers, after a deploy."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from ..config import environment_read
from ..pipeline import load_site
from .common import _now, _report, config_option


@click.command()
@click.option(
    "--since",
    metavar="REF",
    help="The last commit whose updates were posted (default: the statuspress-notified tag).",
)
@click.option(
    "--webhook-url-env",
    metavar="NAME",
    help="Name of the environment variable that holds a Slack or Teams webhook URL.",
)
@click.option(
    "--subscribers-env",
    metavar="NAME",
    help="Name of the environment variable (a CI secret) that holds the e-mail and webhook "
    "subscribers, in YAML or JSON.",
)
@click.option(
    "--subscribers",
    "subscribers_file",
    metavar="FILE",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A file outside the repository that holds the subscribers (refused inside it: "
    "addresses are personal data).",
)
@click.option(
    "--mark",
    is_flag=True,
    help="After posting, move the statuspress-notified tag "
    "to HEAD (push it to make the next run start there).",
)
@click.option("--dry-run", is_flag=True, help="Print what would be posted; post nothing.")
@click.option("--now", metavar="TIME", help="Reference time, ISO 8601; UTC when it has no offset.")
@config_option
def notify(
    since: str | None,
    webhook_url_env: str | None,
    subscribers_env: str | None,
    subscribers_file: Path | None,
    mark: bool,
    dry_run: bool,
    now: str | None,
    config_file: Path,
) -> None:
    """Send each new status update to chat, e-mail and webhook subscribers.

    New means: in the content at HEAD and not at --since. Run it after a
    deploy; with --mark (and the tag pushed) a repeated run sends nothing twice.
    E-mail goes through the SMTP server of the STATUSPRESS_SMTP_* variables, with
    STARTTLS. A failure to reach one subscriber does not stop the others: each is
    reported on one line, and the exit status is 1.

    \b
    Examples:
      statuspress notify --since HEAD~1 --webhook-url-env SLACK_WEBHOOK_URL
      statuspress notify --webhook-url-env SLACK_WEBHOOK_URL --subscribers-env SUBSCRIBERS --mark
    """
    from .. import deliver
    from .. import notify as notifier
    from .. import subscribers as listing

    if not (webhook_url_env or subscribers_env or subscribers_file):
        raise click.ClickException(
            "expected --webhook-url-env, --subscribers-env or --subscribers, found none"
        )
    project = config_file.parent.resolve()
    secrets = {*deliver.ENVIRONMENT.values(), webhook_url_env, subscribers_env} - {None}
    for name in sorted(environment_read(config_file) & secrets):
        # What the settings say goes into every notice: a pull request could make it a secret.
        raise click.ClickException(
            f"{config_file.name}: !ENV reads {name}, which holds a secret of notify; the "
            "settings' words go into every notice sent: take the !ENV out"
        )
    site, problems = load_site(config_file, _now(now))
    if _report(problems, False) or site is None:
        sys.exit(1)
    url = os.environ.get(webhook_url_env, "").strip() if webhook_url_env else ""
    if webhook_url_env and not url and not dry_run:
        raise click.ClickException(f"--webhook-url-env: the variable {webhook_url_env} is empty")
    if url and not listing.http_url(url):
        # Refused before anything is sent; the value is not repeated: it is a secret.
        raise click.ClickException(
            f"--webhook-url-env: the variable {webhook_url_env} holds no http(s) URL; expected "
            "one such as https://hooks.slack.com/services/... (its value is not shown)"
        )
    try:
        people: list[listing.Subscriber] = []
        if subscribers_env:
            text = listing.from_environment(subscribers_env)
            people += listing.read(text, subscribers_env, site.settings)
        if subscribers_file:
            text = listing.from_file(subscribers_file, project)
            people += listing.read(text, str(subscribers_file), site.settings)
        people = listing.merged(people)
        before = notifier.told_at(
            config_file, site.settings, since or notifier.default_since(project)
        )
        notices = notifier.new_notices(site, before)
        mails = [
            (p, n) for n in notices for p in people if p.kind == "email" and p.wants(n.components)
        ]
        hooks = [
            (p, n) for n in notices for p in people if p.kind == "webhook" and p.wants(n.components)
        ]
        smtp = deliver.Smtp.from_environment() if mails and not dry_run else None
        failures: list[str] = []
        sent: dict[str, int] = {"chat": 0, "email": 0, "webhook": 0}
        for notice in notices if webhook_url_env else []:
            if dry_run:
                click.echo(json.dumps(notice.payload(), ensure_ascii=False))
                continue
            try:
                notifier.post(url, notice)
                sent["chat"] += 1
            except notifier.NotifyError as exc:
                failures.append(f"chat webhook: {notice.ref}: {exc}")
        if dry_run:
            for person, notice in [*mails, *hooks]:
                click.echo(f"would send {notice.ref} to {person.label}")
        else:
            if smtp is not None:
                count, failed = deliver.send_emails(smtp, site, mails)
                sent["email"] += count
                failures += failed
            for person, notice in hooks:
                failure = deliver.post_webhook(person, site, notice)
                if failure is None:
                    sent["webhook"] += 1
                else:
                    failures.append(failure)
        # Move the marker once anything was delivered: a second run would send that again.
        # When everything failed, the next run tries it all again.
        delivered = sum(sent.values())
        if mark and not dry_run and (delivered > 0 or not failures):
            notifier.mark(project)
    except (notifier.NotifyError, listing.SubscriberError, deliver.DeliveryError) as exc:
        raise click.ClickException(str(exc)) from None
    verb = "would post" if dry_run else "posted"
    line = f"{verb} {len(notices)} update{'s' * (len(notices) != 1)}"
    if people and not dry_run:
        parts = []
        if any(p.kind == "email" for p in people):
            parts.append(f"{sent['email']} e-mail{'s' * (sent['email'] != 1)}")
        if any(p.kind == "webhook" for p in people):
            deliveries = "delivery" if sent["webhook"] == 1 else "deliveries"
            parts.append(f"{sent['webhook']} webhook {deliveries}")
        line += ": " + ", ".join(parts)
    click.echo(line, err=dry_run)
    for failure in failures:
        click.echo(f"error: {failure}", err=True)
    if failures:
        made = sum(sent.values())
        raise click.ClickException(
            f"{len(failures)} failure{'s' * (len(failures) != 1)} (above); "
            f"{made} {'delivery' if made == 1 else 'deliveries'} made"
        )
