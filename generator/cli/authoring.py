"""Authoring commands for the communications lead: update, resolve, component set.

Each command is fast and forgiving: it checks its change before writing, says
exactly what is wrong (with the closest valid value), and writes atomically
under a lock, keeping every byte of the file it did not mean to change. ``new``
starts the files these commands change; ``listing`` shows them.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from .. import derive, edit
from ..errors import expected, one_of, shown
from ..model import Event, Incident, Site
from ..vocabulary import (
    COMPONENT_STATUSES,
    INCIDENT_STATUSES,
    MAINTENANCE_STATUSES,
    OPERATIONAL,
    STATUS_LABELS,
    UPDATE_COMPONENT_STATUSES,
)
from .arguments import (
    _components,
    _event,
    _fill,
    _message,
    _statuses,
    _template,
    in_editor,
    kept,
    next_update_option,
    template_option,
    with_message,
)
from .common import config_option
from .times import _load, now_option
from .writing import (
    _after_last,
    _append,
    _append_item,
    _append_locked,
    _editing,
    _new_findings,
    _refuse_closed,
    _stamp,
    _write_checked,
)


@click.command()
@click.argument("ident", metavar="ID")
@click.option(
    "-s",
    "--status",
    metavar="STATUS",
    # Checked by the command, which knows the event and so suggests the closest status.
    callback=lambda _ctx, _param, value: value.lower() if value else value,
    help=f"The new status (any case): for an incident one of {_statuses(INCIDENT_STATUSES)}, "
    f"for a maintenance one of {_statuses(MAINTENANCE_STATUSES)}; required unless "
    "--template gives it. 'resolved' marks components as 'resolve' does.",
)
@click.option(
    "-c",
    "--component",
    "components",
    multiple=True,
    metavar="ID=STATUS",
    help="Change a component's status from this update on, STATUS one of "
    f"{_statuses(UPDATE_COMPONENT_STATUSES)}; repeat for more. "
    "'statuspress components' lists the ids.",
)
@with_message
@next_update_option
@template_option
@now_option
@config_option
def update(
    ident: str,
    status: str | None,
    components: tuple[str, ...],
    message: str | None,
    next_update: str | None,
    message_file: Any,
    template: str | None,
    now: str | None,
    config_file: Path,
) -> None:
    """Append a status update, stamped now, to an incident or maintenance.

    With --template, the status and message not given come from the template, and
    {component} becomes the names of the -c components (or the incident's).

    ID is an incident's or maintenance's id, a unique start of one, or latest
    (the newest incident).

    \b
    Examples:
      statuspress update 2026-11-28-api-errors --status identified \\
          --message "A bad deploy; rolling back." --component api=major_outage
      statuspress update latest -s monitoring -m "Error rates are falling."
      statuspress update latest --template third-party-provider
    """
    site = _load(config_file, now)
    event = _event(site, ident)
    chosen = _template(config_file, template)
    if chosen is not None:
        status = status or chosen.status
    if status is None:
        raise click.ClickException("--status: expected a status (or --template), found nothing")
    allowed = INCIDENT_STATUSES if isinstance(event, Incident) else MAINTENANCE_STATUSES
    if status not in allowed:
        raise click.ClickException(f"--status: {expected(one_of(allowed), status, allowed)}")
    if components and not isinstance(event, Incident):
        raise click.ClickException("--component: a maintenance's components do not change")
    if next_update and not isinstance(event, Incident):
        raise click.ClickException("--next-update: only an incident's updates promise the next")
    if next_update and status == "resolved":
        raise click.ClickException("--next-update: a resolved incident has no next update")
    bare = chosen.component_status if chosen else None
    changes = _components(components, site, UPDATE_COMPONENT_STATUSES, bare)
    if chosen is not None and message is None and message_file is None:
        named = list(changes) or list(
            derive.affected(event, site.now) if isinstance(event, Incident) else event.components
        )
        message = _fill(chosen, site, named)[1]
    if chosen is not None and next_update is None and isinstance(event, Incident):
        next_update = None if status == "resolved" else chosen.next_update  # given wins
    if status == "resolved":  # as resolve does: the timeline says the outage ended
        _refuse_closed(event, site)  # first: that is what any update of it is told
        typed = {value.partition("=")[0] for value in components if "=" in value}
        _refuse_left_down(site, event, changes, typed)
    text = _message(message, message_file, f"{event.title}: {STATUS_LABELS[status]}")
    with kept(text, message, message_file):
        site, event = _reread(config_file, now, site, event, message, message_file)
        if status == "resolved":
            changes = {**_restored(event), **changes}
        _append(site, config_file, event, status, text, changes, next_update)


@click.command()
@click.argument("ident", metavar="ID")
@with_message
@now_option
@config_option
def resolve(
    ident: str, message: str | None, message_file: Any, now: str | None, config_file: Path
) -> None:
    """Resolve an incident (or complete a maintenance) with a final update, stamped now.

    The update marks each component that the incident's updates left in an outage
    or degraded as operational again, so the timeline says the outage ended.

    ID is an incident's or maintenance's id, a unique start of one, or latest
    (the newest incident).

    \b
    Examples:
      statuspress resolve 2026-11-28-api-errors --message "Error rates are back to normal."
      statuspress resolve latest -m "Fixed."
    """
    site = _load(config_file, now)
    event = _event(site, ident)
    status = "resolved" if isinstance(event, Incident) else "completed"
    text = _message(message, message_file, f"{event.title}: {STATUS_LABELS[status]}")
    with kept(text, message, message_file):
        site, event = _reread(config_file, now, site, event, message, message_file)
        _append(site, config_file, event, status, text, _restored(event))


def _reread(
    config_file: Path,
    now: str | None,
    site: Site,
    event: Event,
    message: str | None,
    message_file: Any,
) -> tuple[Site, Event]:
    """The site and ``event`` as they are once the text is written in $EDITOR (minutes
    may pass: a colleague may post meanwhile, and the update is stamped then); as they
    were, for a text given with the command."""
    if not in_editor(message, message_file):
        return site, event
    site = _load(config_file, now)
    return site, _event(site, event.id)


def _refuse_left_down(site: Site, event: Event, changes: dict[str, str], typed: set[str]) -> None:
    """Refuse a resolved update that sets a component to another status than operational:
    a resolved incident no longer sets its components' status, so the update would say
    what the page does not. ``typed`` are the components given with their status (the
    others have the template's ``component_status``)."""
    for component, status in changes.items():
        if status == OPERATIONAL:
            continue
        given = (
            f"--component: {component}={status}"
            if component in typed
            else f"--template: its component_status, {status}, for {component}"
        )
        without = replace(site, incidents=tuple(i for i in site.incidents if i.id != event.id))
        kept = derive.component_statuses(without)[component]
        if derive.worst([kept, status]) == kept:  # something else keeps it so already
            raise click.ClickException(
                f"{given}, on a resolved update: a resolved incident no longer sets its "
                f"components' status ({component} stays {kept} without it); resolve with "
                f"-c {component}=operational, or leave -c out"
            )
        raise click.ClickException(
            f"{given}, on a resolved update: a resolved incident no longer sets its "
            f"components' status, so the page would show {component} {kept}; resolve with "
            f"-c {component}=operational (or leave -c out), then run 'statuspress component "
            f"set {component} {status}' to keep it so"
        )


def _restored(event: Event) -> dict[str, str]:
    """``operational`` for each component an incident's updates left in another status."""
    if not isinstance(event, Incident):
        return {}
    tracked: dict[str, str] = {}
    for update in event.updates:
        tracked.update(update.components)
    return {ident: "operational" for ident, status in tracked.items() if status != "operational"}


@click.group("component")
def component_group() -> None:
    """Set a component's status without opening an incident.

    The status shows on the status page and in the API, and counts in uptime as an
    incident's would, until 'component set ID operational' ends it. The changes are
    kept in the content folder, in components/ID.md.

    \b
    Examples:
      statuspress component set api degraded_performance -m "Responses are slower than usual."
      statuspress component set api operational
    """


@component_group.command("set")
@click.argument("ident", metavar="ID")
@click.argument("status", metavar="STATUS")
@click.option("-m", "--message", help="What readers see beside the status (Markdown); optional.")
@click.option(
    "--message-file",
    type=click.File("r", encoding="utf-8-sig"),
    help="Read the message from a file ('-' for standard input).",
)
@now_option
@config_option
def component_set(
    ident: str,
    status: str,
    message: str | None,
    message_file: Any,
    now: str | None,
    config_file: Path,
) -> None:
    """Set component ID's status from now on, without an incident; print the file's path.

    STATUS is one of operational, degraded_performance, partial_outage, major_outage or
    under_maintenance (any case); operational ends the status set before.

    \b
    Examples:
      statuspress component set api degraded_performance -m "Responses are slower than usual."
      statuspress component set api operational
    """
    site = _load(config_file, now)
    known = [c.id for c in site.settings.components]
    if ident not in known:
        raise click.ClickException(
            "ID: " + expected("a component id from mkdocs.yml", ident, known)
        )
    chosen = status.strip().lower()
    if chosen not in COMPONENT_STATUSES:
        raise click.ClickException(
            "STATUS: " + expected(one_of(COMPONENT_STATUSES), status, COMPONENT_STATUSES)
        )
    text = ""
    if message is not None or message_file is not None:
        text = _message(message, message_file, "")
    log = next((log for log in site.component_logs if log.component == ident), None)
    at = _stamp(site)
    if log is not None:
        _after_last(log.path, "change", log.changes[-1].at, at, site)
    current = derive.set_status(log, site.now) if log is not None else None
    if chosen == OPERATIONAL and current is None:
        raise click.ClickException(
            f"{ident} has no status set without an incident; nothing was written"
        )
    project = config_file.parent
    item = edit.change_item(at, chosen, text)
    if log is not None:
        path = project / log.path
        _append_item(site, config_file, path, log.path, log.id, item)
    else:
        path = project / site.settings.content_dir / "components" / f"{ident}.md"
        taken = {e.id: e.path for e in site.events} | {p.id: p.path for p in site.postmortems}
        if ident in taken:
            raise click.ClickException(
                f"{shown(str(path), project)}: expected a free file id for {ident}'s status, "
                f"found '{ident}' used by {taken[ident]}; rename that file"
            )
        front = {"type": "component", "component": ident}
        content = edit.new_file_text(front, edit.item_lines(item, 2))
        with _editing(project), _new_findings(config_file, site, path, existing=False):
            if path.exists():  # another writer's first change, made since the site was read
                _append_locked(site, project, path, shown(str(path), project), ident, item)
            else:
                _write_checked(site, project, path, content, ident, create=True)
    incidents = [
        e.id
        for e in site.incidents
        if derive.is_open(e, site.now)
        and derive.incident_component_status(e, ident, site.now) != OPERATIONAL
    ]
    if incidents:
        click.echo(
            f"note: {ident} also has a status from the open incident {', '.join(incidents)}; "
            "the page shows the worse of the two",
            err=True,
        )
    label = STATUS_LABELS[chosen].lower()
    click.echo(f"{path.relative_to(project).as_posix()}: {label} from {at:%H:%M %Z}")
