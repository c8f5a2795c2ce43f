"""The dependency record: what a derived fact read, so a later build can reuse it.

A fact (a component's uptime over a window, say) is kept with a digest of the
inputs it read, each an aspect of the content or of the build:

- the settings, all of them;
- the build's reference time;
- an event's *timeline*: all of it but its prose (title, body, tags and update
  messages), so an edit of a title or a message leaves it as it was;
- a component's status log, all of it;
- an event as a whole, with the build's reference time only while the event is
  not *settled* (see :func:`settled`): the key of everything a page shows of it.

The next build computes the same digest from its own inputs; when it is unchanged,
the fact is taken from the record instead of being worked out again. The record
lives in the build's state (:class:`generator.state.BuildState`), in memory in the
preview and in the build cache between two builds.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from . import derive
from .model import ComponentLog, Event, Incident, Update


def digest(*parts: Any) -> str:
    """A digest of the ``repr`` of ``parts`` (model values are frozen dataclasses of
    plain values, whose ``repr`` says all of them)."""
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


PROSE = frozenset({"title", "body", "tags", "message"})
"""The fields of an event and of its updates that its timeline leaves out."""


_FIELDS: dict[type, tuple[tuple[str, ...], tuple[str, ...]]] = {}


def _fields(kind: type) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The names of a model class's fields but its updates: the timeline's (all but
    :data:`PROSE`), and the prose."""
    found = _FIELDS.get(kind)
    if found is None:
        names = [f.name for f in dataclasses.fields(kind) if f.name != "updates"]
        found = tuple(n for n in names if n not in PROSE), tuple(n for n in names if n in PROSE)
        _FIELDS[kind] = found
    return found


def digests(event: Event) -> tuple[str, str]:
    """The digests of an event, all of it (:func:`whole`), and of its timeline
    (:func:`timeline`), from one reading of its fields: the whole is the timeline's
    text followed by the prose's."""
    kept, prose = _fields(type(event))
    update_kept, update_prose = _fields(Update)
    updates = event.updates
    line = repr(
        (
            type(event).__name__,
            [getattr(event, name) for name in kept],
            [[getattr(u, name) for name in update_kept] for u in updates],
        )
    )
    words = repr(
        (
            [getattr(event, name) for name in prose],
            [[getattr(u, name) for name in update_prose] for u in updates],
        )
    )
    whole = hashlib.blake2b(f"event\0{line}\0{words}".encode(), digest_size=16).hexdigest()
    return whole, hashlib.blake2b(f"timeline\0{line}".encode(), digest_size=16).hexdigest()


def timeline(event: Event) -> str:
    """The digest of an event's timeline: the event without its prose (see :data:`PROSE`)."""
    return digests(event)[1]


def settled(event: Event, now: datetime) -> bool:
    """Whether nothing shown of ``event`` changes after ``now``: it has ended, and
    every time it names (its start, its schedule, each update and each promised next
    update) is at or before ``now``. The facts of a settled event are the same at any
    later reference time, so its key leaves the time out (see :func:`event_key`)."""
    if any(moment > now for moment in _times(event)):
        return False
    return derive.ended_at(event, now) is not None


def _times(event: Event) -> Iterator[datetime]:
    """Every time an event names (``tests/test_depends.py`` checks that none is left out)."""
    if isinstance(event, Incident):
        yield event.started
        for moment in (event.detected, event.acknowledged, event.mitigated):
            if moment is not None:
                yield moment
    else:
        yield event.scheduled_start
        yield event.scheduled_end
    for update in event.updates:
        yield update.at
        if update.next_update is not None:
            yield update.next_update


def whole(event: Event) -> str:
    """The digest of an event, all of it."""
    return digests(event)[0]


def event_key(event: Event, now: datetime, *more: Any, known: str | None = None) -> str:
    """The key of what is shown of ``event`` at ``now`` (with ``more``, what else the
    showing reads): the event, and the time only while it is not :func:`settled`.
    ``known`` is the event's :func:`whole` digest when the caller has it already."""
    when = "settled" if settled(event, now) else now.isoformat()
    return digest(known if known is not None else whole(event), when, *more)


def touches(event: Event, component: str) -> bool:
    """Whether ``event`` names ``component``, in its front matter or in any update."""
    return component in event.components or any(component in u.components for u in event.updates)


def by_component(events: Iterable[Event], components: Iterable[str]) -> dict[str, list[Event]]:
    """For each of ``components``, the ``events`` that :func:`touch <touches>` it, in
    their order: one pass over the events, not one per component."""
    found: dict[str, list[Event]] = {ident: [] for ident in components}
    for event in events:
        named = set(event.components).union(*(u.components for u in event.updates))
        for ident in named:
            chosen = found.get(ident)
            if chosen is not None:
                chosen.append(event)
    return found


def component_inputs(
    component: str,
    touching: Iterable[Event],
    timelines: dict[str, str],
    logs: Iterable[ComponentLog],
) -> tuple[Any, ...]:
    """What a fact of ``component`` reads of the content: the timelines of the events
    that name it (``touching``: see :func:`by_component`), and its status logs."""
    return (
        tuple(timelines[e.id] for e in touching),
        tuple(log for log in logs if log.component == component),
    )
