"""Typed reading of one mapping from a content or settings file.

A :class:`Reader` takes values out of a parsed mapping, checks their types and
records a :class:`~generator.errors.Problem` (with the key's line) for each
mistake instead of raising, so validation reports every problem at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from .characters import all_printable, unprintable
from .errors import Problem, Severity, expected, one_of
from .load import FieldPath, as_written, deepest_known

if TYPE_CHECKING:
    from .model import Settings

_MISSING = object()

EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(8999, 12, 31, 23, 59, 59, tzinfo=UTC)
"""Timestamps (and dates) outside these are refused: every time in between can be
written in every time zone, and a build can add years to it without overflowing."""
LATEST_NOW = datetime(2105, 12, 31, 23, 59, 59, tzinfo=UTC)
"""The latest reference time (``--now``): the site engine dates files with 32-bit times."""


def time_range(latest: datetime = LATEST) -> str:
    return f"a time from {EARLIEST.year} to {latest.year} (UTC)"


def _strings(data: Any, found: list[str], seen: set[int] | None = None) -> list[str]:
    """Every string in ``data``, keys too, added to ``found``; a list or mapping met
    again (a YAML alias) once only, or aliases of aliases would make billions."""
    if isinstance(data, str):
        found.append(data)
        return found
    seen = set() if seen is None else seen
    if id(data) in seen:
        return found
    if isinstance(data, dict):
        seen.add(id(data))
        for key, value in data.items():
            if isinstance(key, str):
                found.append(key)
            _strings(value, found, seen)
    elif isinstance(data, list):
        seen.add(id(data))
        for value in data:
            _strings(value, found, seen)
    return found


WORDS_OF_YAML_1_1 = {"yes": True, "y": True, "on": True, "no": False, "n": False, "off": False}
"""Words that YAML 1.1 read as booleans: a yes-or-no field still takes them (content is
read as YAML 1.2, where they are text; see :class:`generator.load.ContentLoader`)."""


class Reader:
    def __init__(
        self,
        path: str,
        data: Mapping[str, Any],
        lines: Mapping[FieldPath, int],
        problems: list[Problem],
        prefix: FieldPath = (),
        tz: ZoneInfo | None = None,
        columns: Mapping[FieldPath, int] | None = None,
        settings: Settings | None = None,
    ) -> None:
        self.path = path
        self.data = data
        self.lines = lines
        self.problems = problems
        self.prefix = prefix
        self.tz = tz
        self.columns = columns or {}
        self.settings = settings
        """The site's settings, for values that name a component or a category."""

    def site(self) -> Settings:
        if self.settings is None:
            raise ValueError("this reader has no site settings to check ids against")
        return self.settings

    # Reporting -----------------------------------------------------------

    def line(self, *key: str | int) -> int:
        known = deepest_known((*self.prefix, *key), self.lines)
        return self.lines[known] if known else 1

    def column(self, *key: str | int) -> int:
        known = deepest_known((*self.prefix, *key), self.lines)
        return self.columns.get(known, 0) if known else 0

    def name(self, *key: str | int) -> str:
        parts: list[str] = []
        for part in (*self.prefix, *key):
            if isinstance(part, int):
                parts[-1] = f"{parts[-1] if parts else ''}[{part}]"
            else:
                parts.append(part if part.isprintable() else repr(part))
        return ".".join(parts)

    def error(
        self, key: str | int | tuple[str | int, ...], message: str, rule: str = "invalid"
    ) -> None:
        self._add(key, message, rule, Severity.ERROR)

    def warn(
        self, key: str | int | tuple[str | int, ...], message: str, rule: str = "invalid"
    ) -> None:
        self._add(key, message, rule, Severity.WARNING)

    def notice(
        self, key: str | int | tuple[str | int, ...], message: str, rule: str = "invalid"
    ) -> None:
        self._add(key, message, rule, Severity.NOTICE)

    def _add(
        self, key: str | int | tuple[str | int, ...], message: str, rule: str, severity: Severity
    ) -> None:
        keys = key if isinstance(key, tuple) else (key,)
        self.problems.append(
            Problem(
                self.path,
                self.line(*keys),
                self.name(*keys),
                message,
                severity,
                column=self.column(*keys),
                rule=rule,
            )
        )

    def child(self, key: str | int, data: Mapping[str, Any]) -> Reader:
        return Reader(
            self.path,
            data,
            self.lines,
            self.problems,
            (*self.prefix, key),
            self.tz,
            self.columns,
            self.settings,
        )

    def unknown_keys(self, allowed: Iterable[str]) -> None:
        """Warn about keys nobody reads (typos, mostly), suggesting the closest."""
        allowed = list(allowed)
        for key in self.data:
            if key not in allowed:
                self.warn(
                    str(key),
                    expected("a known key", str(key), allowed).replace(
                        "expected a known key, found", "unknown key"
                    ),
                    "unknown-key",
                )

    # Values --------------------------------------------------------------

    def printable(self, data: Any, path: FieldPath = ()) -> None:
        """Report every string in ``data`` (keys too) that holds a character no output
        can carry (see :mod:`generator.characters`)."""
        if not path and all_printable(_strings(data, [])):
            return  # nearly always: one search over all the strings instead of one each
        if isinstance(data, str):
            found = unprintable(data)
            if found is not None:
                self.error(path, found, "character")
        elif isinstance(data, dict):
            for key, value in data.items():
                found = unprintable(key) if isinstance(key, str) else None
                if found is not None:
                    self.error(path, found.replace("text", "keys", 1), "character")
                else:
                    self.printable(value, (*path, key))
        elif isinstance(data, list):
            for index, value in enumerate(data):
                self.printable(value, (*path, index))

    def raw(self, key: str) -> Any:
        return self.data.get(key, _MISSING)

    def has(self, key: str) -> bool:
        return self.data.get(key) is not None

    def text(self, key: str, *, required: bool = False) -> str | None:
        value = self.data.get(key)
        if value is None:
            if required:
                self.error(key, "expected a value, found nothing", "required")
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.error(key, expected("text", value), "type")
            return None
        text = as_written(value).strip()
        if required and not text:
            self.error(key, "expected a value, found an empty string", "required")
            return None
        return text

    def choice(self, key: str, choices: Iterable[str], *, required: bool = False) -> str | None:
        choices = list(choices)
        value = self.text(key, required=required)
        if value is None:
            return None
        if value not in choices:
            self.error(key, expected(one_of(choices), value, choices), "choice")
            return None
        return value

    def integer(self, key: str, *, minimum: int = 0, maximum: int | None = None) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or value < minimum
            or (maximum is not None and value > maximum)
        ):
            wanted = f"of at least {minimum}" if maximum is None else f"from {minimum} to {maximum}"
            self.error(key, expected(f"a whole number {wanted}", value), "type")
            return None
        return value

    def boolean(self, key: str) -> bool | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, str) and value.lower() in WORDS_OF_YAML_1_1:
            return WORDS_OF_YAML_1_1[value.lower()]
        if not isinstance(value, bool):
            self.error(key, expected("true or false", value), "type")
            return None
        return value

    def text_list(self, key: str, *, skip_blank: bool = False) -> tuple[str, ...]:
        """A list of text (or one text). With ``skip_blank``, blank items (as an editor
        leaves them) are none; lists of ids keep them, so that an error's index is the
        item's."""
        value = self.data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.error(key, expected("a list of text", value), "type")
            return ()
        items = []
        for index, item in enumerate(value):
            if isinstance(item, bool) or not isinstance(item, str | int | float):
                self.error((key, index), expected("text", item), "type")
            elif as_written(item).strip() or not skip_blank:
                items.append(as_written(item))
        return tuple(items)

    def mapping(self, key: str) -> dict[str, Any] | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.error(key, expected("a mapping of keys to values", value), "type")
            return None
        return value

    def sequence(self, key: str, *, required: bool = False) -> list[Any]:
        value = self.data.get(key)
        if value is None:
            if required:
                self.error(key, "expected a list, found nothing", "required")
            return []
        if not isinstance(value, list):
            self.error(key, expected("a list", value), "type")
            return []
        return value

    def day(self, key: str) -> date | None:
        value = self.data.get(key)
        if value is None or value == EMPTIED:
            return None
        try:
            day = date.fromisoformat(str(value))
        except ValueError:
            self.error(key, expected("a date as YYYY-MM-DD", value), "date")
            return None
        if not EARLIEST.date() <= day <= LATEST.date():
            self.error(key, expected("a date from 1970 to 8999", value), "date")
            return None
        return day

    def timestamp(self, key: str, *, required: bool = False) -> datetime | None:
        """An ISO 8601 timestamp; one without an offset is read in the site time zone."""
        value = self.data.get(key)
        if value is None or value == EMPTIED:
            if required:
                self.error(key, "expected an ISO 8601 timestamp, found nothing", "required")
            return None
        moment = read_timestamp(value, self.tz or ZoneInfo("UTC"))
        if isinstance(moment, str):
            self.error(key, moment, "timestamp")
            return None
        return moment


EMPTIED = ""
"""What the web editor (Decap CMS) writes for a date or time that was set and then
cleared: read as no value, like ``null``."""


def parse_timestamp(value: object, tz: ZoneInfo) -> datetime | None:
    """Parse an ISO 8601 timestamp to an aware UTC datetime, or None if it is not one
    (or not one that can be published: see :func:`read_timestamp`)."""
    moment = read_timestamp(value, tz)
    return None if isinstance(moment, str) else moment


def read_timestamp(value: object, tz: ZoneInfo, latest: datetime = LATEST) -> datetime | str:
    """An ISO 8601 timestamp as an aware UTC datetime, or what was expected instead.

    A time without an offset is read in ``tz``. It is refused when ``tz`` skips it
    (the clocks go forward over it) or has it twice (they go back over it): those
    need the offset written out. Times before :data:`EARLIEST` or after ``latest``
    are refused too.
    """
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str) and len(value) >= 10:
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            moment = None
    else:
        moment = None
    if moment is None:
        return expected("an ISO 8601 timestamp such as 2026-11-28T14:05:00Z", value)
    try:
        if moment.tzinfo is None:
            problem = _local_problem(moment, tz, value)
            if problem:
                return problem
            moment = moment.replace(tzinfo=tz)
        moment = moment.astimezone(UTC)
    except OverflowError:  # near year 1 or 9999
        return expected(time_range(latest), value)
    if not EARLIEST <= moment <= latest:
        return expected(time_range(latest), value)
    return moment


def _local_problem(naive: datetime, tz: ZoneInfo, value: object) -> str:
    """Why the wall-clock time ``naive`` in ``tz`` is not one moment, or ''."""
    first, second = naive.replace(tzinfo=tz, fold=0), naive.replace(tzinfo=tz, fold=1)
    if first.utcoffset() == second.utcoffset():
        return ""
    back = first.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
    if back != naive:
        return expected(f"a time that exists in {tz.key}", value) + " (the clocks jump over it)"
    offsets = ", then ".join(moment.isoformat()[-6:] for moment in (first, second))
    return (
        expected("a time with its offset", value) + f", which happens twice in {tz.key} ({offsets})"
    )


_WHILE = re.compile(
    r"^\s*(?:(?P<days>\d{1,2})\s*(?:d|days?))?"
    r"\s*(?:(?P<hours>\d{1,3})\s*(?:h|hrs?|hours?))?"
    r"\s*(?:(?P<minutes>\d{1,4})\s*(?:m|mins?|minutes?)?)?\s*$",
    re.IGNORECASE,
)


def read_while(value: str) -> timedelta | None:
    """``value`` as a while: ``30m``, ``1h``, ``1h30m``, ``2h30`` (minutes after hours),
    ``45 minutes``, ``1d``; None when it is not one. A bare number is not: ``90`` could be
    minutes or a time of day, so it is refused rather than guessed."""
    found = _WHILE.match(value)
    if found is None or not any(found.groups()) or not re.search(r"[a-z]", value, re.I):
        return None
    days, hours, minutes = (int(found[k] or 0) for k in ("days", "hours", "minutes"))
    return timedelta(days=days, hours=hours, minutes=minutes)
