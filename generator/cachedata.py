"""The build cache's encoding: JSON, with tags for the few kinds of value JSON lacks.

Reading it builds only plain values (strings, numbers, lists, dicts, tuples, sets,
bytes, dates) and the dataclasses listed in :data:`KINDS`, from their fields: no
class is named by the file, no code is run (unlike pickle, which the cache used
before, and Jinja2's bytecode cache, which it no longer keeps).

A tagged value is an object with the single key ``~``: ``{"~": [tag, payload]}``.
A dict whose keys are all strings, none of them ``~``, is written as an object.
"""

from __future__ import annotations

import base64
import dataclasses
import json
from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from .errors import Problem, Severity
from .filecheck import Outcome, Validated
from .incremental import Built, EngineRun
from .load import SourceFile
from .model import ActionItem, Factor, Incident, Maintenance, Postmortem, Roles, Update

TAG = "~"
KINDS: dict[str, type[Any]] = {
    kind.__name__: kind
    for kind in (
        SourceFile,
        Problem,
        Built,
        EngineRun,
        # What checking a file gave (see generator.filecheck), model objects included.
        Validated,
        Outcome,
        Incident,
        Maintenance,
        Update,
        Postmortem,
        Factor,
        Roles,
        ActionItem,
    )
}
"""The dataclasses the cache holds, by name."""
_FIELDS = {name: tuple(f.name for f in dataclasses.fields(kind)) for name, kind in KINDS.items()}


class CacheDataError(ValueError):
    """The data is not what :func:`dumps` writes."""


def dumps(value: Any) -> bytes:
    """``value`` as JSON (ASCII: lone surrogates in content survive the round trip)."""
    return json.dumps(encode(value), separators=(",", ":"), allow_nan=True).encode("ascii")


def loads(data: bytes | str) -> Any:
    """What :func:`dumps` wrote; :class:`CacheDataError` for anything else."""
    try:
        return json.loads(data, object_hook=_decode)
    except (ValueError, TypeError, KeyError) as exc:
        raise CacheDataError(str(exc)) from None


_PLAIN = frozenset({str, int, float, bool, type(None)})
"""The kinds of value JSON holds as they are."""


def encode(value: Any) -> Any:
    """``value`` as plain JSON values; TypeError for a kind of value it cannot hold.

    A list or a dict of plain values only is given as it is, not copied item by item
    (the record of the last build is tens of thousands of them)."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is list:
        if all(type(item) in _PLAIN for item in value):
            return value
        return [encode(item) for item in value]
    if kind is dict:
        if TAG not in value and all(type(key) is str for key in value):
            if all(type(item) in _PLAIN for item in value.values()):
                return value
            return {key: encode(item) for key, item in value.items()}
        return {TAG: ["map", [[encode(k), encode(v)] for k, v in value.items()]]}
    if kind is tuple:
        if all(type(item) in _PLAIN for item in value):
            return {TAG: ["tuple", list(value)]}
        return {TAG: ["tuple", [encode(item) for item in value]]}
    if kind is set or kind is frozenset:
        return {TAG: [kind.__name__, [encode(item) for item in value]]}
    if kind is bytes:
        try:  # feeds and digests: text is smaller, and quicker to read, than base64
            return {TAG: ["utf8", value.decode("utf-8")]}
        except UnicodeDecodeError:
            return {TAG: ["bytes", base64.b64encode(value).decode("ascii")]}
    if kind is datetime:  # a zone by its name, and the wall time as it is (even in a gap)
        if isinstance(value.tzinfo, ZoneInfo):
            wall = value.replace(tzinfo=None).isoformat()
            return {TAG: ["datetime", [wall, value.tzinfo.key, value.fold]]}
        return {TAG: ["datetime", [value.isoformat(), None, value.fold]]}
    if kind is date:
        return {TAG: ["date", value.isoformat()]}
    if kind is Severity:
        return {TAG: ["Severity", value.value]}
    if kind is SourceFile:  # the most numerous: written compactly
        lines = [[*path, line] for path, line in value.lines.items()]
        columns = [[*path, column] for path, column in value.columns.items()]
        data = [value.path, value.id, _front_matter(value.data), value.body, lines, value.body_line]
        return {TAG: ["source", [*data, columns]]}
    if kind.__name__ in KINDS and KINDS[kind.__name__] is kind:
        fields = [encode(getattr(value, name)) for name in _FIELDS[kind.__name__]]
        return {TAG: [kind.__name__, fields]}
    raise TypeError(f"the build cache cannot hold a {kind.__name__}")


def _decode(obj: dict[str, Any]) -> Any:
    if TAG not in obj:
        return obj
    if len(obj) != 1:
        raise CacheDataError("a tagged value with other keys")
    tag, payload = obj[TAG]
    read = _READERS.get(tag)
    if read is not None:
        return read(payload)
    if tag in KINDS and len(payload) == len(_FIELDS[tag]):
        return KINDS[tag](*payload)
    raise CacheDataError(f"unknown tag {tag!r}")


def _datetime(payload: list[Any]) -> datetime:
    text, zone, fold = payload
    moment = datetime.fromisoformat(text)
    if fold:
        moment = moment.replace(fold=fold)
    return moment.replace(tzinfo=ZoneInfo(zone)) if zone is not None else moment


def _source(payload: list[Any]) -> SourceFile:
    path, ident, data, body, lines, body_line, columns = payload
    return SourceFile(
        path,
        ident,
        data,
        body,
        {tuple(entry[:-1]): entry[-1] for entry in lines},
        body_line,
        {tuple(entry[:-1]): entry[-1] for entry in columns},
    )


_READERS: dict[str, Callable[[Any], Any]] = {
    # The most frequent first: a build reads tens of thousands of each.
    "tuple": tuple,
    "datetime": _datetime,
    "map": lambda payload: {_hashable(k): v for k, v in payload},
    "set": lambda payload: {_hashable(item) for item in payload},
    "frozenset": lambda payload: frozenset(_hashable(item) for item in payload),
    "utf8": lambda payload: payload.encode("utf-8"),
    "bytes": lambda payload: base64.b64decode(payload, validate=True),
    "date": date.fromisoformat,
    "Severity": Severity,
    "source": _source,
}
"""How each tag that is not a dataclass of :data:`KINDS` is read, by tag."""


def _front_matter(data: dict[str, Any]) -> Any:
    """Front matter as it is when JSON holds it as it is (nearly always: strings,
    numbers, lists and mappings with string keys), else encoded value by value."""
    try:
        if json.loads(json.dumps(data, allow_nan=False), object_hook=_decode) == data:
            return data
    except (ValueError, TypeError):
        pass
    return encode(data)


def _hashable(value: Any) -> Any:
    if isinstance(value, list | dict):
        raise CacheDataError("a key that cannot be a key")
    return value
