"""What the authoring commands take, listed for the writer: ``list`` (incidents and
maintenances), ``components`` (the ids ``-c`` takes) and ``templates`` (the names
``--template`` takes)."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from .. import derive, message_templates
from ..model import Event, Site
from .common import config_option
from .times import _load, view_now_option


@click.command("list")
@click.option(
    "--open",
    "only_open",
    is_flag=True,
    help="Only unresolved incidents, current or upcoming maintenance, and what is not public yet.",
)
@view_now_option
@config_option
def list_events(only_open: bool, now: str | None, config_file: Path) -> None:
    """List incidents and maintenances, newest first, with their status.

    An event whose first update is after now is 'not public' yet, and an event
    with updates after now says when the first of them will show: the site
    leaves them out until then.

    \b
    Examples:
      statuspress list --open
    """
    site = _load(config_file, now)
    newest = sorted(site.events, key=lambda e: (derive.created_at(e), e.id), reverse=True)
    rows = []
    for event in newest:
        public = derive.is_public(event, site.now)
        if (
            only_open
            and public
            and not (derive.is_open(event, site.now) or derive.is_upcoming(event, site.now))
        ):
            continue
        status = derive.status_of(event, site.now) if public else "not public"
        impact = derive.impact(event, site.now)
        rows.append((event.id, event.kind, status, impact, event.title + _later(site, event)))
    if not rows:
        click.echo("Nothing open." if only_open else "No incidents or maintenances yet.")
        return
    header = ("ID", "TYPE", "STATUS", "IMPACT", "TITLE")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
    for row in [header, *rows]:
        click.echo(
            "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:4])) + "  " + row[4]
        )


def _later(site: Site, event: Event) -> str:
    """What of ``event`` the site does not show yet, because it is dated after now."""
    later = [u.at for u in event.updates if u.at > site.now]
    if not later:
        return ""

    def local(moment: datetime) -> str:
        return moment.astimezone(site.settings.tz).strftime("%Y-%m-%d %H:%M %Z")

    if not derive.is_public(event, site.now):
        return f" (not public until {local(later[0])})"
    if len(later) == 1:
        return f" (1 update after now: shows at {local(later[0])})"
    return f" ({len(later)} updates after now: the first shows at {local(later[0])})"


@click.command()
@view_now_option
@config_option
def components(now: str | None, config_file: Path) -> None:
    """List the components: the ids that -c takes, their names and current statuses.

    A status set without an incident ('component set') is shown with the time it was set.

    \b
    Examples:
      statuspress components
    """
    site = _load(config_file, now)
    statuses = derive.component_statuses(site)
    set_ = derive.set_statuses(site)

    def status(ident: str) -> str:
        change = set_.get(ident)
        if change is None:
            return statuses[ident]
        since = change.at.astimezone(site.settings.tz)
        if change.status == statuses[ident]:
            return f"{change.status} (set without an incident since {since:%Y-%m-%d %H:%M %Z})"
        return (
            f"{statuses[ident]} (from an incident; {change.status} set since "
            f"{since:%Y-%m-%d %H:%M %Z})"
        )

    rows = [(c.id, c.name, status(c.id)) for c in site.settings.components]
    header = ("ID", "NAME", "STATUS")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(2)]
    for row in [header, *rows]:
        click.echo(f"{row[0].ljust(widths[0])}  {row[1].ljust(widths[1])}  {row[2]}")


@click.command()
@config_option
def templates(config_file: Path) -> None:
    """List the message templates in templates/ that --template takes.

    Each is a Markdown file: front matter with title, description, status,
    component_status and severity (all optional but title), and the message as
    its body; {component} becomes the names of the affected components.

    \b
    Examples:
      statuspress templates
    """
    project = config_file.parent
    found = message_templates.names(project)
    if not found:
        click.echo(f"No templates: add Markdown files to {message_templates.FOLDER}/.")
        return
    rows, failed = [], False
    for name in found:
        chosen = message_templates.read(project, name)
        if isinstance(chosen, list):
            for problem in chosen:
                click.echo(str(problem), err=True)
            failed = True
            continue
        rows.append((name, chosen.status, chosen.component_status, chosen.description))
    header = ("NAME", "STATUS", "COMPONENTS", "DESCRIPTION")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(3)]
    for row in [header, *rows]:
        click.echo(
            "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:3])) + "  " + row[3]
        )
    if failed:
        sys.exit(1)
