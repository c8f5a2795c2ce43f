"""``statuspress new``: start an incident, a maintenance, a postmortem or a near-miss
review, and print the new file's path."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

import click

from .. import author, edit
from ..engine import shown
from ..errors import expected, one_of
from ..model import Incident
from ..vocabulary import (
    IMPACT_OF_STATUS,
    IMPACTS,
    INCIDENT_COMPONENT_STATUSES,
    MAINTENANCE_COMPONENT_STATUSES,
    SEVERITIES,
    UNDER_MAINTENANCE,
)
from .arguments import (
    _components,
    _fill,
    _find,
    _message,
    _statuses,
    _template,
    kept,
    next_update_option,
    template_option,
    typed,
    with_message,
    written_at,
)
from .common import config_option
from .times import CLOCK_HELP, TIME_HELP, _load, _promise, _time_option, now_option
from .writing import _create, _editing, _stamp, _write_checked, free_id


@click.group()
def new() -> None:
    """Start a new incident, maintenance, postmortem or near-miss file.

    \b
    Examples:
      statuspress new incident "API errors" --severity SEV-2 --component api=partial_outage \\
          --message "We are investigating elevated error rates."
      statuspress new maintenance "Database upgrade" --start 2026-12-03T02:00 \\
          --end 2026-12-03T03:00 --component db
      statuspress new postmortem 2026-11-24-api-errors-after-deploy
      statuspress new near-miss "A signing key came within a day of expiring"
    """


@new.command("incident")
@click.argument("title", required=False)
@click.option(
    "--severity",
    metavar="SEV-N",
    callback=lambda _ctx, _param, value: _severity(value),
    help="SEV-1 critical, SEV-2 major, SEV-3 minor impact (any case). Without it no "
    "severity is written, and the impact follows the components: major_outage is major, "
    "any other status minor.",
)
@click.option(
    "-c",
    "--component",
    "components",
    multiple=True,
    metavar="ID=STATUS",
    help="An affected component and its status from --started on, STATUS one of "
    f"{_statuses(INCIDENT_COMPONENT_STATUSES)}; repeat for more. "
    "'statuspress components' lists the ids.",
)
@click.option(
    "--started",
    metavar="TIME",
    help="When the impact began (default: now). " + TIME_HELP + CLOCK_HELP,
)
@with_message
@next_update_option
@template_option
@now_option
@config_option
def new_incident(
    title: str | None,
    severity: str | None,
    components: tuple[str, ...],
    started: str | None,
    message: str | None,
    next_update: str | None,
    message_file: Any,
    template: str | None,
    now: str | None,
    config_file: Path,
) -> None:
    """Open an incident with its first 'investigating' update, stamped now; print its path.

    With --template, what is not given comes from the template: the title, the first
    update's status and message, the status of each -c ID given without one, and the
    severity; {component} becomes the affected components' names.

    \b
    Examples:
      statuspress new incident "API errors" --severity SEV-2 --component api=partial_outage \\
          --message "We are investigating elevated error rates on the API."
      statuspress new incident --template partial-outage -c api
    """
    title = typed("TITLE", title.strip()) if title is not None else None
    site = _load(config_file, now)
    chosen = _template(config_file, template)
    bare = chosen.component_status if chosen else None
    affected = _components(components, site, INCIDENT_COMPONENT_STATUSES, bare)
    first = "investigating"
    if chosen is not None:
        filled_title, filled = _fill(chosen, site, list(affected))
        title = title or filled_title
        severity = severity or chosen.severity
        first = chosen.status
        next_update = next_update or chosen.next_update
        if message is None and message_file is None:
            message = filled
    if not title:
        raise click.ClickException(
            "TITLE: expected the incident's title (or --template), found nothing"
        )
    _check_severity(severity, affected)
    text = _message(message, message_file, f"New incident: {title}")
    with kept(text, message, message_file):
        site = written_at(site, now)
        at = _stamp(site)
        promised = _promise(next_update, site, at)
        began = _time_option("started", started, site, today=True) if started else at
        if began > at:  # its first update is stamped now: the impact began before it
            raise click.ClickException(
                f"--started: expected a time up to now ({at:%Y-%m-%d %H:%M %Z}), found "
                f"{began:%Y-%m-%d %H:%M %Z}"
            )
        front: dict[str, Any] = {"title": title}
        if severity:
            front["severity"] = severity
        if affected:
            front["components"] = affected
        front["started"] = began.isoformat()
        _create(site, config_file, at, front, first, text, promised)
    if not severity and not affected:
        click.echo(
            "note: no --severity and no --component: the incident's impact is none, so the "
            "banner stays 'All Systems Operational' (update -c sets a component's status)",
            err=True,
        )


def _severity(value: str | None) -> str | None:
    """``--severity`` in any case (``sev-2`` is ``SEV-2``); None when not given."""
    if value is None:
        return None
    canonical = value.strip().upper()
    if canonical not in SEVERITIES:
        message = expected(one_of(SEVERITIES), value)
        close = difflib.get_close_matches(canonical, list(SEVERITIES), n=1, cutoff=0.6)
        if close:
            message += f" (did you mean '{close[0]}'?)"
        raise click.ClickException(f"--severity: {message}")
    return canonical


def _check_severity(severity: str | None, affected: dict[str, str]) -> None:
    """Refuse a severity below what a component's status means: the page would contradict
    itself, and ``check`` would warn about the file from its first minute."""
    if severity is None:
        return
    stated = SEVERITIES[severity]
    for ident, status in affected.items():
        implied = IMPACT_OF_STATUS[status]
        if IMPACTS.index(implied) > IMPACTS.index(stated):
            fix = next(s for s, i in SEVERITIES.items() if i == implied)
            raise click.ClickException(
                f"--severity: {severity} means {stated} impact, but {ident}={status} means "
                f"{implied} impact; use --severity {fix}, or leave --severity out to derive "
                "the impact from -c"
            )


@new.command("maintenance")
@click.argument("title")
@click.option("--start", required=True, metavar="TIME", help="Scheduled start. " + TIME_HELP)
@click.option("--end", required=True, metavar="TIME", help="Scheduled end. " + TIME_HELP)
@click.option(
    "-c",
    "--component",
    "components",
    multiple=True,
    metavar="ID[=STATUS]",
    help="A component under maintenance: ID alone means under_maintenance; ID=STATUS gives "
    f"its status while the maintenance is on, one of {_statuses(MAINTENANCE_COMPONENT_STATUSES)}; "
    "repeat for more. 'statuspress components' lists the ids.",
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
    title = typed("TITLE", title.strip())
    site = _load(config_file, now)
    chosen = _components(components, site, MAINTENANCE_COMPONENT_STATUSES, UNDER_MAINTENANCE)
    scheduled_start = _time_option("start", start, site)
    scheduled_end = _time_option("end", end, site)
    text = _message(message, message_file, f"New maintenance: {title}")
    front = {
        "type": "maintenance",
        "title": title,
        "components": (list(chosen) if set(chosen.values()) <= {UNDER_MAINTENANCE} else chosen),
        "scheduled_start": scheduled_start.isoformat(),
        "scheduled_end": scheduled_end.isoformat(),
    }
    with kept(text, message, message_file):
        _create(written_at(site, now), config_file, scheduled_start, front, "scheduled", text)


@new.command("postmortem")
@click.argument("incident_id")
@config_option
def new_postmortem(incident_id: str, config_file: Path) -> None:
    """Write a draft postmortem for an incident and print its path.

    The draft has the standard sections (summary, impact, timeline, detection,
    response, contributing factors, what went well and poorly, where we got
    lucky, what surprised us, action items); its timeline starts with the
    incident's public updates. The id may be a unique start of one, or latest.

    \b
    Examples:
      statuspress new postmortem 2026-11-24-api-errors-after-deploy
    """
    site = _load(config_file, None)
    incident = _find(site.incidents, incident_id, "incident")
    assert isinstance(incident, Incident)
    path = author.postmortem_path(site, config_file.parent, incident)
    with _editing(config_file.parent):
        try:
            edit.create(path, author.postmortem_template(site, incident))
        except edit.FileExists:
            raise click.ClickException(f"{shown(str(path), Path.cwd())} exists already") from None
    click.echo(shown(str(path), Path.cwd()))


def _same_title(written: str | None, title: str) -> bool:
    """Whether two titles are one, but for case and spacing ("Key expiry", "Key  Expiry")."""
    return (
        written is not None
        and " ".join(written.split()).casefold() == " ".join(title.split()).casefold()
    )


@new.command("near-miss")
@click.argument("title")
@config_option
def new_near_miss(title: str, config_file: Path) -> None:
    """Write a draft review of a near miss and print its path.

    A near miss is something that almost went wrong: its review names no
    incident (kind: near-miss) and appears only in the postmortem archive and
    its patterns. The draft has the sections and fields of a postmortem.

    \b
    Examples:
      statuspress new near-miss "A signing key came within a day of expiring"
    """
    title = typed("TITLE", title.strip())
    if not title:
        raise click.ClickException("TITLE: expected a title, found nothing")
    site = _load(config_file, None)
    project = config_file.parent
    folder = project / site.settings.content_dir / "postmortems"
    base = author.near_miss_id(site, title)
    with _editing(project):  # its id is no other file's, and it checks as check would
        # The same review asked for twice is refused ("exists already"); an incident,
        # another file with its id or another title written alike ("鍵の期限切れ" and
        # "証明書の期限切れ" are both 'incident') gets it the next free one.
        again = _same_title(author.draft_title(folder / f"{base}.md"), title)
        ident = base if again else free_id(site, project, base)
        path = folder / f"{ident}.md"
        _write_checked(
            site, project, path, author.near_miss_template(site, title), ident, create=True
        )
    click.echo(shown(str(path), Path.cwd()))
