"""Times given on the command line (``--now``, ``--started``, ``--next-update``...), read
in the site's time zone when they have no offset, and the site as it is at such a time.

Each reading that is not plain ISO 8601 with an offset is said on stderr, so that
standard output stays the path or table a command prints.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import click

from ..fields import read_timestamp, read_while
from ..model import Site
from ..pipeline import load_site
from .common import _now, _report

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
