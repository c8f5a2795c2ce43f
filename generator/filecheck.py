"""What checking one content file gave, kept for the next build.

A rebuild after one edit checks one file: :func:`generator.validate.validate` keeps,
for each file, its model object (or its problems) in a :data:`ValidateMemo`, with all
that the file's rules read besides the file, and uses it again only when all of that
is as it was:

- the digest of the file's bytes (the path it is kept by gives its id);
- what the rules read of the settings (:func:`settings_read`);
- the reference time, through a :class:`Reference`: each question a rule asks of it
  (is an update after now? which day is today?) narrows the span of reference times
  that would answer every question alike, and the result holds in that span (a
  message that shows the time itself holds for that time alone).

The rules that read other files (two files with one id, two logs of one component, a
postmortem's incidents) run over the kept results on every build.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .errors import Problem
from .model import ComponentLog, Incident, Maintenance, Postmortem, Settings

TICK = timedelta(microseconds=1)
"""The smallest step between two times: ``a <= b`` is ``a < b + TICK``."""

SettingsRead = str
"""A digest of what a file's rules read of the settings (see :func:`settings_read`)."""


def settings_read(settings: Settings) -> SettingsRead:
    """A digest of what a file's rules read of the settings: the time zone (times written
    without an offset, and times shown in messages), the ids of the components and of
    the categories (which ids are known, and the closest one to suggest). A digest, not
    the values: the build cache keeps it with the check of every file."""
    read = (
        settings.time_zone,
        tuple(component.id for component in settings.components),
        tuple(component.id for component in settings.retired_components),
        tuple(category.id for category in settings.categories),
    )
    return hashlib.blake2b(repr(read).encode(), digest_size=16).hexdigest()


class Reference:
    """The build's reference time as the rules of one file read it, and the span
    [:attr:`since`, :attr:`until`) of reference times that answer alike every question
    asked so far (None: no bound)."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self.since: datetime | None = None
        self.until: datetime | None = None

    def before(self, moment: datetime) -> bool:
        """Whether the reference time is before ``moment`` (``moment > now``)."""
        if self.now < moment:
            self.until = moment if self.until is None else min(self.until, moment)
            return True
        self.since = moment if self.since is None else max(self.since, moment)
        return False

    def shown(self) -> datetime:
        """The reference time itself, for a message that shows it (or counts from it):
        what the rules found holds for this time alone."""
        self.since, self.until = self.now, self.now + TICK
        return self.now

    def today(self, tz: ZoneInfo) -> date:
        """The day of the reference time in ``tz``: what the rules found holds for that day."""
        day = self.now.astimezone(tz).date()
        start, end = day_start(day, tz), day_start(day + timedelta(days=1), tz)
        if start is None or end is None:
            self.shown()
        else:
            self.since = start if self.since is None else max(self.since, start)
            self.until = end if self.until is None else min(self.until, end)
        return day


def day_start(day: date, tz: ZoneInfo) -> datetime | None:
    """The first moment of ``day`` in ``tz`` (where the clocks skip midnight, the moment
    they jump); None where that cannot be told (then the caller keeps the exact time)."""
    try:
        start = datetime.combine(day, time(), tzinfo=tz).astimezone(UTC)
        if start.astimezone(tz).date() != day or (start - TICK).astimezone(tz).date() >= day:
            return None
    except OverflowError:
        return None
    return start


Model = Incident | Maintenance | Postmortem | ComponentLog


@dataclass(frozen=True)
class Outcome:
    """What a file's kind's rules gave: its model object (None when it has errors), its
    problems, and the reference times it holds for."""

    value: Model | None
    problems: tuple[Problem, ...]
    since: datetime | None
    until: datetime | None
    digests: tuple[str, str] | None = None
    """An event's digests (see :func:`generator.depends.digests`), made with it."""

    def holds(self, now: datetime) -> bool:
        return (self.since is None or self.since <= now) and (
            self.until is None or now < self.until
        )


@dataclass(frozen=True)
class Validated:
    """What checking one file gave, and what it read besides the file."""

    digest: bytes
    """The digest of the bytes checked (as in a :data:`~generator.load.ParseCache`)."""
    settings: SettingsRead
    kind: str
    """What ``type`` says the file is (``incident`` when it says nothing valid)."""
    head: tuple[Problem, ...]
    """The problems of the checks every file has (characters, ``type``)."""
    outcome: Outcome | None = None
    """What the rules of its kind gave; None when they read other files (component logs)."""


ValidateMemo = dict[str, Validated]
"""What checking each content file gave, by the path shown to authors."""
