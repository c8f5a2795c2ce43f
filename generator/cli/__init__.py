"""The ``statuspress`` command: the only place where problems become exit codes."""

from __future__ import annotations

import gc
import io
import json
import os
import sys
import time
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from .. import __version__, engine
from ..build import Watcher
from ..build import build as build_site_of
from ..engine import BuildError
from ..errors import Problem, Severity
from ..model import Settings
from ..pipeline import BadReferenceTime, Checked, load_site, reference_time

CONFIG_HELP = "The site's settings file (default: mkdocs.yml here or in the nearest parent folder)."


def _find_settings(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path:
    """``-f`` as given; without it, the nearest ``mkdocs.yml`` from here up, so that a
    command run in ``incidents/2026/`` works like one run at the top of the project."""
    if value is not None:
        return value
    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file():
            return Path("mkdocs.yml") if folder == here else folder / "mkdocs.yml"
    return Path("mkdocs.yml")


config_option = click.option(
    "-f",
    "--config-file",
    type=click.Path(dir_okay=False, path_type=Path),
    callback=_find_settings,
    help=CONFIG_HELP,
)
PROGRESS_FROM = 200
"""Builds of at least this many pages show a progress bar on a terminal."""


def _now(option: str | None) -> datetime:
    try:
        return reference_time(option)
    except BadReferenceTime as exc:
        raise click.ClickException(str(exc)) from None


def _report(problems: list[Problem], strict: bool, style: str = "text") -> bool:
    """Print every problem and, when there are any, the summary; return True when the
    run must fail."""
    _show(problems, style)
    if problems:
        click.echo(_summary(problems, strict), err=True)
    return _failing(problems, strict)


def _show(problems: list[Problem], style: str = "text") -> None:
    """Print every problem: as text on stderr, the stream for people (with the one
    summary line after them, in order); as JSON or GitHub annotations on stdout, which
    then holds nothing else for the tool that reads it."""
    if style == "json":
        click.echo(json.dumps([p.as_dict() for p in sorted(problems)], indent=2))
    for problem in sorted(problems):
        if style == "github":
            click.echo(problem.as_github_annotation())
        elif style == "text":
            click.echo(str(problem), err=True)


def _failing(problems: list[Problem], strict: bool) -> bool:
    """Errors fail a run, and warnings with ``--strict``; notices never do."""
    return any(
        p.severity is Severity.ERROR or (strict and p.severity is Severity.WARNING)
        for p in problems
    )


def _summary(problems: list[Problem], strict: bool, files: int | None = None) -> str:
    """One line: the files checked, then errors and warnings, and notices when any."""

    def count(severity: Severity, word: str) -> str:
        n = sum(1 for p in problems if p.severity is severity)
        return f"{n} {word}{'s' * (n != 1)}"

    line = f"{count(Severity.ERROR, 'error')}, {count(Severity.WARNING, 'warning')}"
    if any(p.severity is Severity.NOTICE for p in problems):
        line += ", " + count(Severity.NOTICE, "notice")
    if files is not None:
        line = f"{files} file{'s' * (files != 1)} checked: {line}"
    if not _failing(problems, False) and _failing(problems, strict):
        line += " (warnings fail in strict mode)"
    return line


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="statuspress")
def cli() -> None:
    """Statuspress: a static public status page built from Markdown incident files.

    \b
    Examples:
      statuspress check
      statuspress build --now 2026-11-28T12:00:00Z
    """


@cli.command()
@click.option(
    "--now",
    metavar="TIME",
    help="Reference time, ISO 8601; UTC when it has no offset "
    "(default: the clock, or SOURCE_DATE_EPOCH).",
)
@click.option("--strict", is_flag=True, help="Fail on warnings too (never on notices).")
@config_option
@click.option(
    "-d",
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write the site (default: site_dir from the settings).",
)
@click.option(
    "--no-cache", is_flag=True, help="Build everything; neither read nor write the cache."
)
def build(
    now: str | None, strict: bool, config_file: Path, site_dir: Path | None, no_cache: bool
) -> None:
    """Build the site into site/.

    The site is built in a temporary folder and swapped into place only when
    the build succeeds: a failed build leaves the previous site as it was.

    The next build reuses what this one parsed, converted and wrapped, kept in
    .statuspress-cache/ beside the settings file: it rebuilds only the pages
    that changed, and writes the same site as a full build. Deleting that
    folder, or --no-cache, makes a full build.

    \b
    Examples:
      statuspress build
      statuspress build --now 2026-11-28T12:00:00Z --strict
    """
    # A build keeps most of what it makes: collecting garbage less often makes one
    # after a single edit about a tenth faster, in the same memory.
    thresholds = gc.get_threshold()
    gc.set_threshold(200_000, 30, 30)
    try:
        _build(now, strict, config_file, site_dir, no_cache)
    finally:
        gc.set_threshold(*thresholds)


def _build(
    now: str | None, strict: bool, config_file: Path, site_dir: Path | None, no_cache: bool
) -> None:
    started = time.perf_counter()
    with _Terminal(config_file, strict, site_dir is not None) as terminal:
        try:
            # The build runs no other threads: parsing and Markdown may use forked workers.
            result = build_site_of(
                config_file,
                _now(now),
                engine,
                strict=strict,
                site_dir=site_dir,
                cache=not no_cache,
                parallel=True,
                watcher=terminal,
            )
        except BuildError as exc:
            raise click.ClickException(str(exc)) from None
    if result.failed or result.outputs is None:
        click.echo(terminal.summary, err=True)
        sys.exit(1)
    outputs = result.outputs
    elapsed = time.perf_counter() - started
    feeds = sum(1 for p in outputs.files if p.endswith((".rss", ".atom")))
    api = sum(1 for p in outputs.files if p.startswith("api/"))
    wrapped = f" ({result.rebuilt} rebuilt)" if result.rebuilt is not None else ""
    click.echo(
        f"{terminal.summary}; built {len(outputs.pages)} pages{wrapped}, {feeds} feeds and "
        f"{api} API files into {result.target} in {elapsed:.1f} s.",
        err=True,
    )


class _Terminal(Watcher):
    """A build as the terminal shows it: the problems, then a progress bar for a large
    site (when stderr is a terminal)."""

    def __init__(self, config_file: Path, strict: bool, given: bool) -> None:
        self.config_file, self.strict, self.given = config_file, strict, given
        self.summary = ""
        self.bar: Any = None
        self.stack = ExitStack()

    def __enter__(self) -> _Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stack.close()

    def notice(self, line: str) -> None:
        click.echo(line, err=True)

    def checked(self, checked: Checked) -> None:
        _show(checked.problems)
        self.summary = _summary(checked.problems, self.strict, checked.files)

    def target(self, folder: Path, settings: Settings) -> None:
        _refuse_site_dir(self.config_file, settings.content_dir, folder, self.given)

    def begin(self, steps: int) -> None:
        shown = steps >= 2 * PROGRESS_FROM and sys.stderr.isatty()
        self.bar = self.stack.enter_context(
            click.progressbar(
                length=steps, label="Building", file=sys.stderr if shown else io.StringIO()
            )
        )

    def step(self) -> None:
        if self.bar is not None:
            self.bar.update(1)


def _refuse_site_dir(config_file: Path, content_dir: str, target: Path, given: bool) -> None:
    """Refuse a site folder the build's swap would wrongly replace: one that holds the
    project's own files, or (from ``mkdocs.yml``, which a pull request can change) one
    outside the project; ``-d`` names any other folder on purpose."""
    project = config_file.parent.resolve()
    folder = target.resolve()
    kept = [config_file.resolve(), project / content_dir, project / "site_templates"]
    if any(path.is_relative_to(folder) for path in kept):
        found = f"'{target}', which holds the project's own files"
    elif not given and not folder.is_relative_to(project):
        found = f"'{target}', outside the project (give -d to build there on purpose)"
    else:
        return
    where = "-d" if given else f"{config_file.name}: site_dir"
    raise click.ClickException(f"{where}: expected a folder for the site alone, found {found}")


@cli.command()
@click.option("--now", metavar="TIME", help="Reference time, ISO 8601; UTC when it has no offset.")
@click.option("--strict", is_flag=True, help="Fail on warnings too (never on notices).")
@config_option
@click.option(
    "--format",
    "style",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="text for people, json for tools, github for annotations on pull requests.",
)
def check(now: str | None, strict: bool, config_file: Path, style: str) -> None:
    """Check every content file without building, as build does.

    Each problem is printed as path:line: field: message, all in one run, then
    one summary line, all on stderr (--format json or github prints the problems
    on stdout instead). The exit status is 1 when there are errors, or warnings
    with --strict. Blameless-lint findings in postmortems are warnings; in
    incidents and maintenances they are notices: advice that never fails.

    \b
    Examples:
      statuspress check
      statuspress check --strict --format github
    """
    checked = build_site_of(config_file, _now(now), None, strict=strict, render=False).checked
    _show(checked.problems, style)
    click.echo(_summary(checked.problems, strict, checked.files), err=True)
    if _failing(checked.problems, strict) or checked.site is None:
        sys.exit(1)


@cli.command()
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
    site, problems = load_site(config_file, _now(now))
    if _report(problems, False) or site is None:
        sys.exit(1)
    url = os.environ.get(webhook_url_env, "").strip() if webhook_url_env else ""
    if webhook_url_env and not url and not dry_run:
        raise click.ClickException(f"--webhook-url-env: the variable {webhook_url_env} is empty")
    try:
        people: list[listing.Subscriber] = []
        if subscribers_env:
            text = listing.from_environment(subscribers_env)
            people += listing.read(text, subscribers_env, site.settings)
        if subscribers_file:
            text = listing.from_file(subscribers_file, project)
            people += listing.read(text, str(subscribers_file), site.settings)
        people = listing.merged(people)
        before = notifier.published_keys(
            project, site.settings, since or notifier.default_since(project)
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


def main() -> None:
    cli()


from . import authoring, editor, start  # noqa: E402  (registers the authoring, editor and init commands)

__all__ = ["authoring", "cli", "editor", "main", "start"]
