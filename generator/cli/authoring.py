"""Authoring commands for the communications lead: new, update, resolve, list.

Each command is fast and forgiving: it checks its change before writing, says
exactly what is wrong (with the closest valid value), and writes atomically
under a lock, keeping every byte of the file it did not mean to change.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from .. import author, derive, edit, fieldspec
from ..engine import shown
from ..errors import Problem, expected, one_of
from ..fields import parse_timestamp
from ..load import parse_text
from ..model import (
    INCIDENT_STATUSES,
    MAINTENANCE_STATUSES,
    SEVERITIES,
    STATUS_LABELS,
    UPDATE_COMPONENT_STATUSES,
    Event,
    Incident,
    Site,
)
from ..pipeline import lint_content, load_site
from ..validate import validate
from . import _now, _report, cli, config_option

now_option = click.option(
    "--now", metavar="TIME", help="Stamp the change with this time instead of the clock."
)
message_options = [
    click.option(
        "-m",
        "--message",
        help="The update's text (Markdown). Without it and --message-file, $EDITOR opens.",
    ),
    click.option(
        "--message-file",
        type=click.File("r", encoding="utf-8"),
        help="Read the update's text from a file ('-' for standard input).",
    ),
]


def with_message(function: Any) -> Any:
    for option in reversed(message_options):
        function = option(function)
    return function


def _load(config_file: Path, now: str | None) -> Site:
    """The site; errors stop the command, warnings are left to ``statuspress check``."""
    site, problems = load_site(config_file, _now(now))
    if site is None:
        _report([p for p in problems if p.severity == "error"], False)
        sys.exit(1)
    return site


def _message(message: str | None, message_file: Any, hint: str) -> str:
    if message is None and message_file is not None:
        message = message_file.read()
    if message is None:
        marker = "# Write the update above this line. Lines starting with '#' are ignored."
        written = click.edit(f"\n{marker}\n# {hint}\n")
        message = "\n".join(
            line for line in (written or "").splitlines() if not line.startswith("#")
        )
    if not message or not message.strip():
        raise click.ClickException("--message: expected the update's text, found nothing")
    return message.strip()


def _components(values: tuple[str, ...], site: Site, statuses: tuple[str, ...]) -> dict[str, str]:
    result = {}
    for value in values:
        ident, sep, status = value.partition("=")
        if not sep:
            raise click.ClickException(
                f"--component: expected ID=STATUS such as api=partial_outage, found '{value}'"
            )
        _known_component(ident, site)
        if status not in statuses:
            raise click.ClickException(
                f"--component {ident}: " + expected(one_of(statuses), status, statuses)
            )
        result[ident] = status
    return result


def _known_component(ident: str, site: Site) -> None:
    known = [c.id for c in site.settings.components]
    if ident not in known:
        raise click.ClickException(
            "--component: " + expected("a component id from mkdocs.yml", ident, known)
        )


def _event(site: Site, ident: str) -> Event:
    for event in site.events:
        if event.id == ident:
            return event
    ids = [e.id for e in site.events]
    raise click.ClickException(expected("an incident or maintenance id", ident, ids))


def _stamp(site: Site) -> datetime:
    return site.now.astimezone(site.settings.tz).replace(microsecond=0)


def _write_checked(
    site: Site, project: Path, path: Path, text: str, ident: str, *, create: bool = False
) -> None:
    """Check the new text as content; write it only when it is valid."""
    shown = path.relative_to(project).as_posix()
    parsed = parse_text(text.removeprefix("\ufeff"), shown, ident)
    problems: list[Problem] = []
    if isinstance(parsed, Problem):
        problems.append(parsed)
    else:
        validate([parsed], site.settings, problems)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        for problem in errors:
            click.echo(str(problem), err=True)
        raise click.ClickException("the change was not written")
    try:
        if create:
            edit.create(path, text)
        else:
            edit.replace(path, text)
    except edit.EditError as exc:
        raise click.ClickException(f"{shown}: {exc}") from None


def _append(
    site: Site,
    config_file: Path,
    event: Event,
    status: str,
    message: str,
    components: dict[str, str],
) -> None:
    project = config_file.parent
    path = project / event.path
    if event.updates and event.updates[-1].status in ("resolved", "completed"):
        raise click.ClickException(
            f"{event.path}: {event.id} is {event.updates[-1].status} already; "
            "start a new incident instead"
        )
    at = _stamp(site)
    if event.updates and at < event.updates[-1].at:
        last = f"{event.updates[-1].at:%Y-%m-%d %H:%M} UTC"
        raise click.ClickException(
            f"{event.path}: the last update ({last}) is later than now; check the clock or --now"
        )
    with _editing(project / site.settings.content_dir):
        text = path.read_bytes().decode("utf-8")  # a byte order mark stays, as U+FEFF
        try:
            changed = edit.append_update(text, at, status, message, components)
        except edit.EditError as exc:
            raise click.ClickException(f"{event.path}: {exc}") from None
        _write_checked(site, project, path, changed, event.id)
    click.echo(f"{event.path}: {STATUS_LABELS[status].lower()} at {at:%H:%M %Z}")


def _time_option(name: str, value: str, site: Site) -> datetime:
    """A time given on the command line, read in the site time zone when it has no offset."""
    moment = parse_timestamp(value, site.settings.tz)
    if moment is None:
        raise click.ClickException(f"--{name}: expected an ISO 8601 timestamp, found '{value}'")
    return moment.astimezone(site.settings.tz)


def _create(
    site: Site, config_file: Path, day: datetime, front: dict[str, Any], status: str, text: str
) -> None:
    """Write a new incident or maintenance file named for ``day`` and its title; print it."""
    project = config_file.parent
    at = _stamp(site)
    content = edit.new_file_text(front, edit.update_lines(at, status, text, {}, 2))
    folder = project / site.settings.content_dir / f"{day:%Y}"
    base = f"{day:%Y-%m-%d}-{edit.slugify(str(front['title']))}"
    taken = {e.id for e in site.events} | {p.id for p in site.postmortems}
    ident, suffix = base, 2
    while ident in taken or (folder / f"{ident}.md").exists():
        ident, suffix = f"{base}-{suffix}", suffix + 1
    path = folder / f"{ident}.md"
    with _editing(project / site.settings.content_dir):
        _write_checked(site, project, path, content, ident, create=True)
    click.echo(path.relative_to(project).as_posix())


@contextmanager
def _editing(folder: Path) -> Iterator[None]:
    """Hold the content folder's edit lock, or say clearly why it cannot be had."""
    try:
        lock = edit.locked(folder)
        lock.__enter__()
    except edit.EditError as exc:
        raise click.ClickException(str(exc)) from None
    try:
        yield
    finally:
        lock.__exit__(None, None, None)


# Commands ------------------------------------------------------------------


@cli.group()
def new() -> None:
    """Start a new incident, maintenance or postmortem file.

    \b
    Examples:
      statuspress new incident "API errors" --severity SEV-2 --component api=partial_outage \\
          --message "We are investigating elevated error rates."
      statuspress new maintenance "Database upgrade" --start 2026-12-03T02:00 \\
          --end 2026-12-03T03:00 --component db
      statuspress new postmortem 2026-11-24-api-errors-after-deploy
    """


@new.command("incident")
@click.argument("title")
@click.option(
    "--severity",
    type=click.Choice(list(SEVERITIES)),
    default="SEV-3",
    show_default=True,
    help="SEV-1 critical, SEV-2 major, SEV-3 minor.",
)
@click.option(
    "-c",
    "--component",
    "components",
    multiple=True,
    metavar="ID=STATUS",
    help="An affected component and the worst status it reached; repeat for more.",
)
@click.option("--started", metavar="TIME", help="When the impact began (default: now).")
@with_message
@now_option
@config_option
def new_incident(
    title: str,
    severity: str,
    components: tuple[str, ...],
    started: str | None,
    message: str | None,
    message_file: Any,
    now: str | None,
    config_file: Path,
) -> None:
    """Open an incident with its first 'investigating' update, stamped now; print its path.

    \b
    Examples:
      statuspress new incident "API errors" --severity SEV-2 --component api=partial_outage \\
          --message "We are investigating elevated error rates on the API."
    """
    site = _load(config_file, now)
    affected = _components(components, site, UPDATE_COMPONENT_STATUSES[1:])
    text = _message(message, message_file, f"New incident: {title}")
    at = _stamp(site)
    began = _time_option("started", started, site) if started else at
    front: dict[str, Any] = {"title": title, "severity": severity}
    if affected:
        front["components"] = affected
    front["started"] = began.isoformat()
    _create(site, config_file, at, front, "investigating", text)


@new.command("maintenance")
@click.argument("title")
@click.option("--start", required=True, metavar="TIME", help="Scheduled start, ISO 8601.")
@click.option("--end", required=True, metavar="TIME", help="Scheduled end, ISO 8601.")
@click.option(
    "-c",
    "--component",
    "components",
    multiple=True,
    metavar="ID",
    help="A component under maintenance; repeat for more.",
)
@with_message
@now_option
@config_option
def new_maintenance(
    title: str,
    start: str,
    end: str,
    components: tuple[str, ...],
    message: str | None,
    message_file: Any,
    now: str | None,
    config_file: Path,
) -> None:
    """Schedule a maintenance, announced now; print its path.

    \b
    Examples:
      statuspress new maintenance "Database upgrade" --start 2026-12-03T02:00 \\
          --end 2026-12-03T03:00 --component db --message "The dashboard will be read-only."
    """
    site = _load(config_file, now)
    for ident in components:
        _known_component(ident, site)
    scheduled_start = _time_option("start", start, site)
    scheduled_end = _time_option("end", end, site)
    text = _message(message, message_file, f"New maintenance: {title}")
    front = {
        "type": "maintenance",
        "title": title,
        "components": list(components),
        "scheduled_start": scheduled_start.isoformat(),
        "scheduled_end": scheduled_end.isoformat(),
    }
    _create(site, config_file, scheduled_start, front, "scheduled", text)


@new.command("postmortem")
@click.argument("incident_id")
@config_option
def new_postmortem(incident_id: str, config_file: Path) -> None:
    """Write a draft postmortem for an incident and print its path.

    The draft has the standard sections (summary, impact, timeline, detection,
    response, contributing factors, what went well and poorly, where we got
    lucky, what surprised us, action items); its timeline starts with the
    incident's public updates.

    \b
    Examples:
      statuspress new postmortem 2026-11-24-api-errors-after-deploy
    """
    site = _load(config_file, None)
    incident = site.incident(incident_id)
    if incident is None:
        known = [i.id for i in site.incidents]
        raise click.ClickException(expected("an incident id", incident_id, known))
    path = author.postmortem_path(site, config_file.parent, incident)
    try:
        edit.create(path, author.postmortem_template(site, incident))
    except edit.FileExists:
        raise click.ClickException(f"{shown(str(path), Path.cwd())} exists already") from None
    click.echo(shown(str(path), Path.cwd()))


@cli.command()
@click.argument("ident", metavar="ID")
@click.option(
    "-s",
    "--status",
    required=True,
    type=click.Choice([*INCIDENT_STATUSES, *MAINTENANCE_STATUSES]),
    help="The new status.",
)
@click.option(
    "-c",
    "--component",
    "components",
    multiple=True,
    metavar="ID=STATUS",
    help="Change a component's status from this update on; repeat for more.",
)
@with_message
@now_option
@config_option
def update(
    ident: str,
    status: str,
    components: tuple[str, ...],
    message: str | None,
    message_file: Any,
    now: str | None,
    config_file: Path,
) -> None:
    """Append a status update, stamped now, to an incident or maintenance.

    \b
    Examples:
      statuspress update 2026-11-28-api-errors --status identified \\
          --message "A bad deploy; rolling back." --component api=major_outage
    """
    site = _load(config_file, now)
    event = _event(site, ident)
    allowed = INCIDENT_STATUSES if isinstance(event, Incident) else MAINTENANCE_STATUSES
    if status not in allowed:
        raise click.ClickException(f"--status: {expected(one_of(allowed), status, allowed)}")
    if components and not isinstance(event, Incident):
        raise click.ClickException("--component: a maintenance's components do not change")
    changes = _components(components, site, UPDATE_COMPONENT_STATUSES)
    text = _message(message, message_file, f"{event.title}: {STATUS_LABELS[status]}")
    _append(site, config_file, event, status, text, changes)


@cli.command()
@click.argument("ident", metavar="ID")
@with_message
@now_option
@config_option
def resolve(
    ident: str, message: str | None, message_file: Any, now: str | None, config_file: Path
) -> None:
    """Resolve an incident (or complete a maintenance) with a final update, stamped now.

    \b
    Examples:
      statuspress resolve 2026-11-28-api-errors --message "Error rates are back to normal."
    """
    site = _load(config_file, now)
    event = _event(site, ident)
    status = "resolved" if isinstance(event, Incident) else "completed"
    text = _message(message, message_file, f"{event.title}: {STATUS_LABELS[status]}")
    _append(site, config_file, event, status, text, {})


@cli.command("list")
@click.option(
    "--open",
    "only_open",
    is_flag=True,
    help="Only unresolved incidents and current or upcoming maintenance.",
)
@now_option
@config_option
def list_events(only_open: bool, now: str | None, config_file: Path) -> None:
    """List incidents and maintenances, newest first, with their status.

    \b
    Examples:
      statuspress list --open
    """
    site = _load(config_file, now)
    rows = []
    for event in derive.recent(site.events, site.now):
        if only_open and not (
            derive.is_open(event, site.now) or derive.is_upcoming(event, site.now)
        ):
            continue
        rows.append(
            (event.id, event.kind, derive.status_of(event, site.now), event.impact, event.title)
        )
    if not rows:
        click.echo("Nothing open." if only_open else "No incidents or maintenances yet.")
        return
    header = ("ID", "TYPE", "STATUS", "IMPACT", "TITLE")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
    for row in [header, *rows]:
        click.echo(
            "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:4])) + "  " + row[4]
        )


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@config_option
def lint(paths: tuple[Path, ...], config_file: Path) -> None:
    """Flag language that assigns blame or hides learning, with a rewrite to try.

    Checks postmortems (body, summary, action items) and incident updates,
    which are public too. Each finding names its rule; silence a rule on one
    line with a comment holding 'statuspress-lint: disable=RULE', or for the
    site with 'lint: {disable: [RULE]}' in the plugin options. The exit status
    is 1 when anything is found.

    \b
    Examples:
      statuspress lint
      statuspress lint incidents/postmortems/2026-11-24-config-deploy.md
    """
    site = _load(config_file, None)
    findings = lint_content(config_file, site.settings, list(paths))
    for finding in sorted(findings):
        click.echo(str(finding))
    click.echo(f"{len(findings)} finding{'s' * (len(findings) != 1)}")
    if findings:
        sys.exit(1)


@cli.command()
@click.argument("kind", type=click.Choice(["incident", "maintenance", "postmortem"]))
def schema(kind: str) -> None:
    """Print the JSON Schema of a kind of file's front matter.

    Editors with YAML language support use it to complete and check fields;
    the same schemas are shipped in schema/. They come from the declarations
    the validator uses, so the two agree.

    \b
    Examples:
      statuspress schema incident > schema/incident.json
    """
    click.echo(json.dumps(fieldspec.json_schema(kind), indent=2))


@cli.command()
@click.option(
    "-a",
    "--dev-addr",
    default="127.0.0.1:8000",
    show_default=True,
    metavar="HOST:PORT",
    help="Where to serve the preview.",
)
@config_option
def serve(dev_addr: str, config_file: Path) -> None:
    """Preview the site and rebuild it on every change.

    Watches incidents/, site_templates/ and mkdocs.yml; pages reload by
    themselves after each rebuild. A change that does not build leaves the
    last good site in place, with the problems in the terminal and in a banner
    on every page.

    \b
    Examples:
      statuspress serve
      statuspress serve -a 127.0.0.1:8080
    """
    from ..serve import Preview, make_server

    host, _, port = dev_addr.rpartition(":")
    if not host or not port.isdigit():
        raise click.ClickException(f"--dev-addr: expected HOST:PORT, found '{dev_addr}'")
    preview = Preview(config_file, log=lambda line: click.echo(line, err=True))
    preview.rebuild()
    server = make_server(preview, host, int(port))
    preview.start()
    click.echo(f"Serving on http://{host}:{server.server_port}/ (Ctrl-C to stop)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        preview.stop()
