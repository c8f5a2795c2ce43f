"""Authoring commands for the communications lead: new, update, resolve, list.

Each command is fast and forgiving: it checks its change before writing, says
exactly what is wrong (with the closest valid value), and writes atomically
under a lock, keeping every byte of the file it did not mean to change.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import click

from .. import author, derive, edit, fieldspec, message_templates
from ..engine import shown
from ..errors import Problem, expected, one_of
from ..fields import read_timestamp, read_while
from ..lint import explain as explain_rule
from ..lint import rules as lint_rules
from ..load import parse_text
from ..model import Event, Incident, Site
from ..pipeline import lint_content, load_site
from ..validate import validate
from ..vocabulary import (
    COMPONENT_STATUSES,
    IMPACT_OF_STATUS,
    IMPACTS,
    INCIDENT_COMPONENT_STATUSES,
    INCIDENT_STATUSES,
    MAINTENANCE_COMPONENT_STATUSES,
    MAINTENANCE_STATUSES,
    OPERATIONAL,
    SEVERITIES,
    STATUS_LABELS,
    UNDER_MAINTENANCE,
    UPDATE_COMPONENT_STATUSES,
)
from . import _now, _report, cli, config_option

TIME_HELP = (
    "ISO 8601, such as 2026-12-04T13:05+01:00; a time without an offset is read in the "
    "site's time zone, and the command says so."
)
CLOCK_HELP = " A time of day alone (13:05) is today's."
now_option = click.option(
    "--now",
    metavar="TIME",
    help="Stamp the change with this time instead of the clock. " + TIME_HELP + CLOCK_HELP,
)
view_now_option = click.option(
    "--now",
    metavar="TIME",
    help="Show the content as it is at this time. " + TIME_HELP + CLOCK_HELP,
)
_CLOCK = re.compile(r"^\s*([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?\s*$")
"""A time of day alone, such as 13:05: today's, where a command takes one."""
message_options = [
    click.option(
        "-m",
        "--message",
        help="The update's text (Markdown). Without it and --message-file, $EDITOR opens.",
    ),
    click.option(
        "--message-file",
        type=click.File("r", encoding="utf-8-sig"),  # Notepad starts a file with a BOM
        help="Read the update's text from a file ('-' for standard input).",
    ),
]


next_update_option = click.option(
    "--next-update",
    metavar="30m|TIME",
    help="Promise the next update: in a while (30m, 1h, 1h30m, 2h30, 45 minutes) or by a "
    "time (14:50 is today's; 00:10 said at 23:50 is tomorrow's, up to 12 hours ahead). The "
    "pages show 'Next update by ...' while the incident is open, and check warns once the "
    "time passes without one.",
)
PROMISE_LIMIT = timedelta(days=7)
"""The furthest a next update may be promised: beyond, it is a typing slip (``999h``, a
year that is wrong) far more often than a plan, and the page would show it for weeks."""
CLOCK_AHEAD = timedelta(hours=12)
"""How far ahead a time of day alone may fall on tomorrow: ``00:10`` said at 23:50 means
tomorrow; ``11:00`` said at 12:20 is more likely a slip than a promise for 22 hours on."""
_UTC = ZoneInfo("UTC")


def _promise(value: str | None, site: Site, at: datetime) -> datetime | None:
    """``--next-update``: a while after ``at`` (``30m``, ``1h``) or a time; after ``at``.

    A while is counted in real time, so an hour across a change of the clocks is an hour;
    a time of day alone is the next one after ``at`` (``00:10`` said at 23:50 is
    tomorrow's)."""
    if value is None:
        return None
    at = at.astimezone(_UTC)  # compared and counted in real time: one tzinfo compares naively
    while_ = read_while(value)
    if while_ is not None:
        promised = at + while_
    elif _CLOCK.match(value):
        promised = _next_clock(value, site, at)
    elif not _iso(value):
        example = at.astimezone(site.settings.tz)
        raise click.ClickException(
            "--next-update: expected a while such as 30m, 1h or 1h30m, or a time such as "
            f"{example:%H:%M} or {example:%Y-%m-%dT%H:%M}, found '{value}'"
        )
    else:
        promised = _time_option("next-update", value, site)
    promised = promised.astimezone(_UTC)
    said = at.astimezone(site.settings.tz)
    if promised <= at:
        raise click.ClickException(
            f"--next-update: expected a time after this update ({said:%Y-%m-%d %H:%M %Z}), "
            f"found '{value}'"
        )
    if promised - at > PROMISE_LIMIT:
        raise click.ClickException(
            f"--next-update: expected a time within 7 days of this update "
            f"({said:%Y-%m-%d %H:%M %Z}), found '{value}' "
            f"({promised.astimezone(site.settings.tz):%Y-%m-%d %H:%M %Z})"
        )
    return promised.astimezone(site.settings.tz)


def _iso(value: str) -> bool:
    try:
        datetime.fromisoformat(value.strip())
    except ValueError:
        return False
    return True


def _next_clock(value: str, site: Site, at: datetime) -> datetime:
    """A time of day alone: today's in the site time zone, or tomorrow's when today's has
    passed and tomorrow's is within :data:`CLOCK_AHEAD` (``00:10`` said at 23:50); a time
    further ahead is refused with the date to give, never guessed. The command says which
    day it read."""
    tz = site.settings.tz
    clock = _CLOCK.match(value)
    assert clock is not None
    hour, minute, second = (int(part or 0) for part in clock.groups())
    day = at.astimezone(tz).date()
    when, word = day, "today"
    local = _read_time("next-update", f"{when}T{hour:02}:{minute:02}:{second:02}", site)
    if local.astimezone(_UTC) <= at:
        when, word = day + timedelta(days=1), "tomorrow"
        later = _read_time("next-update", f"{when}T{hour:02}:{minute:02}:{second:02}", site)
        if later.astimezone(_UTC) - at > CLOCK_AHEAD:
            said = at.astimezone(tz)
            raise click.ClickException(
                f"--next-update: expected a time after this update ({said:%Y-%m-%d %H:%M %Z}), "
                f"found '{value}'; for tomorrow's, give the date: {when}T{value.strip()}"
            )
        local = later
    click.echo(
        f"--next-update {value} read as {word}, {when}, {tz.key} time ({local.isoformat()[-6:]})",
        err=True,
    )
    return local


template_option = click.option(
    "--template",
    metavar="NAME",
    help="Fill what is not given (title, status, components' status, message) from "
    "templates/NAME.md; 'statuspress templates' lists them.",
)


def _template(config_file: Path, name: str | None) -> message_templates.Template | None:
    """The template ``name`` from the project's ``templates/``, or a clear refusal."""
    if name is None:
        return None
    found = message_templates.read(config_file.parent, name)
    if isinstance(found, list):
        for problem in found:
            click.echo(str(problem), err=True)
        raise click.ClickException(f"--template: cannot use '{name}' (above); nothing was written")
    return found


def _names(site: Site, idents: Sequence[str]) -> list[str]:
    return [c.name for c in site.settings.components if c.id in idents]


def with_message(function: Any) -> Any:
    for option in reversed(message_options):
        function = option(function)
    return function


def _load(config_file: Path, now: str | None) -> Site:
    """The site; errors stop the command, warnings are left to ``statuspress check``.

    ``--now`` without an offset is read in the site's time zone, like every time an
    authoring command takes, and the command says so.
    """
    clock = now is not None and _CLOCK.match(now) is not None
    site, problems = load_site(config_file, _now(None if clock else now))
    if site is None:
        _report([p for p in problems if p.severity == "error"], False)
        raise click.ClickException(
            "errors (above) stop the command; nothing was changed: fix them, then run the "
            "command again"
        )
    if now is not None and (clock or _naive(now) is not None):
        site = dataclasses.replace(site, now=_time_option("now", now, site, today=True))
    return site


def _naive(value: str) -> datetime | None:
    """The time ``value`` names when it has no offset; None when it has one (or is no time)."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo is None else None


def _message(message: str | None, message_file: Any, hint: str) -> str:
    if message is None and message_file is not None:
        try:
            message = message_file.read()
        except UnicodeDecodeError as exc:  # Notepad's "ANSI", a UTF-16 export
            raise click.ClickException(
                "--message-file: expected UTF-8 text, found a byte that is not "
                f"(0x{exc.object[exc.start]:02X}); save the file as UTF-8"
            ) from None
    if message is None:
        # Only the two lines written here are dropped: a line of the update may start
        # with '#' (a Markdown heading, a Slack channel such as #incident-4521).
        template = [
            "# Write the update above this line; this line and the next are ignored.",
            f"# {hint}",
        ]
        written = click.edit("\n" + "\n".join(template) + "\n")
        ours = {line.rstrip() for line in template}
        message = "\n".join(
            line for line in (written or "").splitlines() if line.rstrip() not in ours
        )
    if not message or not message.strip():
        raise click.ClickException("--message: expected the update's text, found nothing")
    return message.strip()


def _components(
    values: tuple[str, ...], site: Site, statuses: tuple[str, ...], bare: str | None = None
) -> dict[str, str]:
    """``-c ID=STATUS`` values; a bare ``ID`` means status ``bare`` where one is given."""
    result = {}
    for value in values:
        ident, sep, status = value.partition("=")
        if not sep and bare is not None:
            status = bare
        elif not sep:
            raise click.ClickException(
                f"--component: expected ID=STATUS such as api={statuses[-1]}, found '{value}'"
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
    return _find(site.events, ident, "incident or maintenance", site.incidents)


def _find(
    events: Sequence[Event], ident: str, what: str, latest: Sequence[Event] | None = None
) -> Event:
    """The event named by its id, a unique start of its id, or ``latest``: the newest of
    ``latest`` (default: of ``events``). ``update latest`` and ``resolve latest`` mean the
    newest incident, never a maintenance someone announced since."""
    if ident.endswith(".md"):  # the path a command printed, or the shell completed
        ident = Path(ident).name.removesuffix(".md")
    newest = sorted(events, key=lambda e: (derive.created_at(e), e.id), reverse=True)
    for event in events:
        if event.id == ident:
            return event
    candidates = events if latest is None else latest
    if ident == "latest" and candidates:
        return max(candidates, key=lambda e: (derive.created_at(e), e.id))
    found = [e for e in newest if e.id.startswith(ident)] if ident else []
    if len(found) == 1:
        return found[0]
    if found:
        more = f" and {len(found) - 5} more" if len(found) > 6 else ""
        raise click.ClickException(
            f"expected one {what} id, found '{ident}', the start of "
            + ", ".join(e.id for e in found[: 5 if more else 6])
            + more
        )
    ids = [e.id for e in newest]
    raise click.ClickException(expected(f"an {what} id", ident, ids))


def _stamp(site: Site) -> datetime:
    return site.now.astimezone(site.settings.tz).replace(microsecond=0)


def _problems(site: Site, text: str, shown: str, ident: str) -> list[Problem]:
    parsed = parse_text(text.removeprefix("\ufeff"), shown, ident)
    if isinstance(parsed, Problem):
        return [parsed]
    problems: list[Problem] = []
    validate([parsed], site.settings, problems, site.now)
    return problems


def _write_checked(
    site: Site,
    project: Path,
    path: Path,
    text: str,
    ident: str,
    *,
    create: bool = False,
    before: str = "",
) -> None:
    """Check the new text as content; write it only when it is valid.

    Warnings the change brings (a contradiction, an update after now) are printed at
    once: the writer is there to act on them, and ``build --strict`` would refuse them.
    """
    shown = path.relative_to(project).as_posix()
    problems = _problems(site, text, shown, ident)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        for problem in errors:
            click.echo(str(problem), err=True)
        raise click.ClickException("the change was not written")
    clock = _now(None)
    if site.now > clock:  # --now after the clock: say what check and build will say
        site = dataclasses.replace(site, now=clock)
        problems = _problems(site, text, shown, ident)
    known = {(p.rule, p.field, p.message) for p in _problems(site, before, shown, ident)}
    for problem in problems:
        if problem.severity == "error":
            continue
        if (problem.rule, problem.field, problem.message) not in known:
            click.echo(str(problem), err=True)
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
    next_update: str | None = None,
) -> None:
    project = config_file.parent
    path = project / event.path
    if event.updates and event.updates[-1].status in ("resolved", "completed"):
        raise click.ClickException(
            f"{event.path}: {event.id} is {event.updates[-1].status} already; "
            "start a new incident instead"
        )
    at = _stamp(site)
    if event.updates:
        _after_last(event.path, "update", event.updates[-1].at, at, site)
    promised = _promise(next_update, site, at)
    item = edit.update_item(at, status, message, components, promised)
    _append_item(site, config_file, path, event.path, event.id, item)
    said = f"; next update by {promised:%H:%M %Z}" if promised else ""
    click.echo(f"{event.path}: {STATUS_LABELS[status].lower()} at {at:%H:%M %Z}{said}")


def _after_last(shown: str, what: str, last: datetime, at: datetime, site: Site) -> None:
    """Refuse to stamp ``at`` before the file's last update or change: the clock or
    ``--now`` is wrong, and the list would be out of order."""
    if at < last:
        said = last.astimezone(site.settings.tz)
        raise click.ClickException(
            f"{shown}: the last {what} ({said:%Y-%m-%d %H:%M %Z}) is later than now "
            f"({at:%Y-%m-%d %H:%M %Z}); check the clock or --now"
        )


def _append_item(
    site: Site, config_file: Path, path: Path, shown: str, ident: str, item: dict[str, Any]
) -> None:
    """Append ``item`` to the ``updates`` of the file at ``path`` (``shown`` in messages)
    under the edit lock, checked before it is written."""
    project = config_file.parent
    with _editing(project), _new_findings(config_file, site, path):
        text = path.read_bytes().decode("utf-8")  # a byte order mark stays, as U+FEFF
        try:
            changed = edit.append_item(text, item)
        except edit.EditError as exc:
            raise click.ClickException(f"{shown}: {exc}") from None
        _write_checked(site, project, path, changed, ident, before=text)


@contextmanager
def _new_findings(
    config_file: Path, site: Site, path: Path, *, existing: bool = True
) -> Iterator[None]:
    """Around a change to ``path`` (``existing`` before it): print the lint findings the
    change brings, as advice for the writer; those the file had already stay unsaid."""
    before = lint_content(config_file, site.settings, [path]) if existing else []
    advice = {(f.rule, f.message) for f in before}
    yield
    for finding in sorted(lint_content(config_file, site.settings, [path])):
        if (finding.rule, finding.message) not in advice:
            click.echo(str(finding), err=True)


def _time_option(name: str, value: str, site: Site, *, today: bool = False) -> datetime:
    """A time given on the command line, read in the site time zone when it has no offset;
    then the command says so (on standard error: standard output stays a path). With
    ``today``, a time of day alone is today's (in the site time zone)."""
    tz = site.settings.tz
    clock = _CLOCK.match(value) if today else None
    if clock is not None:
        day = site.now.astimezone(tz).date()
        hour, minute, second = (int(part or 0) for part in clock.groups())
        local = _read_time(name, f"{day}T{hour:02}:{minute:02}:{second:02}", site)
        offset = local.isoformat()[-6:]
        click.echo(f"--{name} {value} read as today, {day}, {tz.key} time ({offset})", err=True)
        return local
    local = _read_time(name, value, site)
    if _naive(value) is not None:
        click.echo(f"--{name} {value} read as {tz.key} time ({local.isoformat()[-6:]})", err=True)
    return local


def _read_time(name: str, value: str, site: Site) -> datetime:
    """``value`` in the site time zone, or a clear refusal: an example of a time that
    parses, or why this one cannot be had (a DST gap or fold, out of range)."""
    tz = site.settings.tz
    if _date_only(value):  # midnight would be a guess, and an update stamped 00:00 a wrong one
        raise click.ClickException(
            f"--{name}: expected a date and a time of day, such as {value.strip()}T13:05, "
            f"found '{value}'"
        )
    moment = read_timestamp(value, tz)
    if isinstance(moment, str):
        try:
            datetime.fromisoformat(value.strip())
        except ValueError:
            example = site.now.astimezone(tz)
            raise click.ClickException(
                f"--{name}: expected a time such as {example:%Y-%m-%dT%H:%M} (read as "
                f"{tz.key} time) or {example.isoformat(timespec='minutes')}, found '{value}'"
            ) from None
        raise click.ClickException(f"--{name}: {moment}")
    return moment.astimezone(tz)


def _date_only(value: str) -> bool:
    try:
        date.fromisoformat(value.strip())
    except ValueError:
        return False
    return True


def _create(
    site: Site,
    config_file: Path,
    day: datetime,
    front: dict[str, Any],
    status: str,
    text: str,
    next_update: datetime | None = None,
) -> None:
    """Write a new incident or maintenance file named for ``day`` and its title; print it."""
    project = config_file.parent
    at = _stamp(site)
    lines = edit.item_lines(edit.update_item(at, status, text, {}, next_update), 2)
    content = edit.new_file_text(front, lines)
    folder = project / site.settings.content_dir / f"{day:%Y}"
    base = f"{day:%Y-%m-%d}-{edit.slugify(str(front['title']))}"
    taken = {e.id for e in site.events} | {p.id for p in site.postmortems}
    ident, suffix = base, 2
    while ident in taken or (folder / f"{ident}.md").exists():
        ident, suffix = f"{base}-{suffix}", suffix + 1
    path = folder / f"{ident}.md"
    with _editing(project):
        _write_checked(site, project, path, content, ident, create=True)
    for finding in sorted(lint_content(config_file, site.settings, [path])):
        click.echo(str(finding), err=True)  # advice for the writer
    click.echo(path.relative_to(project).as_posix())


@contextmanager
def _editing(folder: Path) -> Iterator[None]:
    """Hold the content folder's edit lock, or say clearly why it cannot be had."""
    try:
        lock = edit.locked(folder)
        lock.__enter__()
    except edit.EditError as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:  # a full disk, a read-only folder: one line, no traceback
        raise click.ClickException(f"cannot take the edit lock: {_os_problem(exc)}") from None
    try:
        yield
    except OSError as exc:  # files are replaced atomically: the old one is still there
        raise click.ClickException(f"{_os_problem(exc)}; nothing was changed") from None
    finally:
        lock.__exit__(None, None, None)


def _os_problem(exc: OSError) -> str:
    where = f"{exc.filename}: " if exc.filename else ""
    return where + (exc.strerror or str(exc))


# Commands ------------------------------------------------------------------


@cli.group()
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


def _statuses(statuses: tuple[str, ...]) -> str:
    return ", ".join(statuses[:-1]) + " or " + statuses[-1]


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
    at = _stamp(site)
    promised = _promise(next_update, site, at)
    began = _time_option("started", started, site, today=True) if started else at
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


def _fill(chosen: message_templates.Template, site: Site, idents: list[str]) -> tuple[str, str]:
    return chosen.fill(_names(site, idents))


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
    _create(site, config_file, scheduled_start, front, "scheduled", text)


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
    _create_draft(path, author.postmortem_template(site, incident))


def _create_draft(path: Path, text: str) -> None:
    """Write a new draft, never over a file, and print its path."""
    try:
        edit.create(path, text)
    except edit.FileExists:
        raise click.ClickException(f"{shown(str(path), Path.cwd())} exists already") from None
    click.echo(shown(str(path), Path.cwd()))


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
    if not title.strip():
        raise click.ClickException("expected a title, found nothing")
    site = _load(config_file, None)
    path = author.near_miss_path(site, config_file.parent, title)
    _create_draft(path, author.near_miss_template(site, title))


@cli.command()
@click.argument("ident", metavar="ID")
@click.option(
    "-s",
    "--status",
    type=click.Choice([*INCIDENT_STATUSES, *MAINTENANCE_STATUSES], case_sensitive=False),
    help="The new status (any case); required unless --template gives it. 'resolved' "
    "marks components as 'resolve' does.",
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
        changes = {**_restored(event), **changes}
    text = _message(message, message_file, f"{event.title}: {STATUS_LABELS[status]}")
    _append(site, config_file, event, status, text, changes, next_update)


@cli.command()
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
    _append(site, config_file, event, status, text, _restored(event))


def _restored(event: Event) -> dict[str, str]:
    """``operational`` for each component an incident's updates left in another status."""
    if not isinstance(event, Incident):
        return {}
    tracked: dict[str, str] = {}
    for update in event.updates:
        tracked.update(update.components)
    return {ident: "operational" for ident, status in tracked.items() if status != "operational"}


@cli.command("list")
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
        rows.append((event.id, event.kind, status, event.impact, event.title + _later(site, event)))
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


@cli.command()
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


@cli.group("component")
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


@cli.command()
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


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--explain",
    "rule",
    metavar="RULE",
    default=None,
    help="Print what RULE flags, why, what to do instead and its source; lint nothing.",
)
@config_option
def lint(paths: tuple[Path, ...], rule: str | None, config_file: Path) -> None:
    """Flag blame in postmortems and updates, and what hurts readers of an update.

    Checks postmortems (body, summary, action items) and incident updates,
    which are public too. Each finding names its rule, marks the words that
    triggered it in [[...]], gives the reason and a rewrite of the sentence
    (or a question that leads to one). Silence a rule on one line with a
    comment holding 'statuspress-lint: disable=RULE', or for the site with
    'lint: {disable: [RULE]}' in the plugin options. The exit status is 1
    when anything is found.

    \b
    Examples:
      statuspress lint
      statuspress lint incidents/postmortems/2026-11-24-config-deploy.md
      statuspress lint --explain counterfactual
    """
    if rule is not None:
        text = explain_rule(rule)
        if text is None:
            known = [r.id for r in lint_rules()]
            raise click.ClickException(expected("a lint rule", rule, known))
        click.echo(text)
        return
    site = _load(config_file, None)
    findings = lint_content(config_file, site.settings, list(paths))
    for finding in sorted(findings):
        click.echo(str(finding))
    click.echo(f"{len(findings)} finding{'s' * (len(findings) != 1)}")
    if findings:
        sys.exit(1)


@cli.command()
@click.argument("kind", type=click.Choice(["incident", "maintenance", "postmortem", "component"]))
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
    address = f"http://{host}:{server.server_port}/{preview.path}"
    click.echo(f"Serving on {address} (Ctrl-C to stop)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        preview.stop()
