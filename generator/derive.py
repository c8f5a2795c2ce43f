"""Pure functions that derive what the public sees from the model at a reference time.

Nothing here reads files or the clock: every function takes the model and the
build's reference time ``now`` and returns values.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .i18n import N_, Language, language
from .model import (
    Component,
    ComponentLog,
    Event,
    Incident,
    Maintenance,
    Postmortem,
    Settings,
    Site,
    StatusChange,
    Update,
)
from .vocabulary import (
    COMPLETED,
    COMPONENT_STATUSES,
    DEGRADED,
    IMPACT_OF_STATUS,
    IMPACTS,
    IN_PROGRESS,
    INDICATOR_DESCRIPTIONS,
    INDICATORS,
    MAJOR_OUTAGE,
    OPERATIONAL,
    PARTIAL_OUTAGE,
    SCHEDULED,
    UNDER_MAINTENANCE,
    UNDER_WAY,
)

PARTIAL_OUTAGE_WEIGHT = 0.3
"""A minute of partial outage counts as this much of a minute of downtime."""

ENGLISH = language("en")
_UTC = ZoneInfo("UTC")
EPOCH = datetime(1970, 1, 1, tzinfo=_UTC)
"""Earlier than any time in content: the ``max`` of nothing."""
_RANK = {status: rank for rank, status in enumerate(reversed(COMPONENT_STATUSES))}


def worst(statuses: Iterable[str]) -> str:
    """The worst of some component statuses (``operational`` when there are none)."""
    return max(statuses, key=_RANK.__getitem__, default=OPERATIONAL)


# Updates and statuses -------------------------------------------------------


def updates_at(event: Event, now: datetime) -> tuple[Update, ...]:
    """The updates published by ``now``, oldest first, a maintenance's automatic ones included."""
    updates = event.updates if isinstance(event, Incident) else maintenance_updates(event)
    if not updates or updates[-1].at <= now:  # most events: all of it is public
        return updates
    return updates[: bisect.bisect_right(updates, now, key=lambda u: u.at)]


def maintenance_updates(maintenance: Maintenance) -> tuple[Update, ...]:
    """A maintenance's updates plus its automatic start and end.

    Without an explicit ``in_progress`` update, the maintenance starts at
    ``scheduled_start``, unless it was ``completed`` by then (called off); without an
    explicit ``completed`` update or any update but ``scheduled`` at or after
    ``scheduled_end``, it completes at ``scheduled_end``. Nothing follows a ``completed`` update.
    """
    explicit = list(maintenance.updates)
    statuses = {u.status for u in explicit}
    timeline = [(u.at, 0, u) for u in explicit]
    completed = min((u.at for u in explicit if u.status == COMPLETED), default=None)
    if "in_progress" not in statuses and (
        completed is None or completed > maintenance.scheduled_start
    ):
        start = maintenance.scheduled_start
        timeline.append((start, 1, _automatic(start, "in_progress")))
    # An update past the end keeps it going (it overran), unless it only announces it.
    later = (u for u in explicit if u.at >= maintenance.scheduled_end and u.status != SCHEDULED)
    if "completed" not in statuses and not any(later):
        end = maintenance.scheduled_end
        timeline.append((end, 1, _automatic(end, "completed")))
    timeline.sort(key=lambda item: (item[0], item[1]))
    result: list[Update] = []
    for _, _, update in timeline:
        result.append(update)
        if update.status == "completed":
            break
    return tuple(result)


def _automatic(at: datetime, status: str) -> Update:
    message = {
        # msgids: pages, feeds and calendars give them in the site's language (see
        # generator.render.text.said); the API gives them as they are, as Statuspage does.
        IN_PROGRESS: N_("The scheduled maintenance has started."),
        COMPLETED: N_("The scheduled maintenance has been completed."),
    }[status]
    return Update(
        at=at,
        status=status,
        message=message,
        key=at.strftime("%Y%m%dt%H%M%Sz") + "-auto",
        automatic=True,
    )


def created_at(event: Event) -> datetime:
    """When the event was first made public."""
    if isinstance(event, Incident):
        return event.updates[0].at
    if event.updates:
        return min(event.updates[0].at, event.scheduled_start)
    return event.scheduled_start


def happened_at(event: Event) -> datetime:
    """When the event happens, as the history files it: an incident's start, a
    maintenance's scheduled start."""
    return event.started if isinstance(event, Incident) else event.scheduled_start


def is_public(event: Event, now: datetime) -> bool:
    """Whether the event exists at ``now`` (authors may write updates ahead of time)."""
    if isinstance(event, Incident):
        return event.updates[0].at <= now
    return not event.updates or event.updates[0].at <= now


def status_of(event: Event, now: datetime) -> str:
    """The event's status at ``now``: its latest public update's status."""
    updates = updates_at(event, now)
    if updates:
        return updates[-1].status
    return "scheduled" if isinstance(event, Maintenance) else "investigating"


def is_open(event: Event, now: datetime) -> bool:
    """An unresolved incident or an in-progress maintenance."""
    if not is_public(event, now):
        return False
    if isinstance(event, Incident):
        return status_of(event, now) != "resolved"
    return status_of(event, now) in UNDER_WAY


def is_upcoming(event: Event, now: datetime) -> bool:
    return (
        isinstance(event, Maintenance)
        and is_public(event, now)
        and status_of(event, now) == "scheduled"
    )


def first_at(event: Event, now: datetime, status: str) -> datetime | None:
    """When the event first reached ``status``, if it has by ``now``."""
    for update in updates_at(event, now):
        if update.status == status:
            return update.at
    return None


def ended_at(event: Event, now: datetime) -> datetime | None:
    """When an incident was resolved or a maintenance completed."""
    return first_at(event, now, "resolved" if isinstance(event, Incident) else "completed")


def impact(event: Event, now: datetime) -> str:
    """An event's impact as readers see it by ``now``: the stated one, or worse when a
    component it names reached a worse status in the front matter or in an update
    published by then (an update written ahead raises it at its time, not before)."""
    if not isinstance(event, Incident):
        return event.impact
    reached = [*event.components.values()]
    reached += [s for u in updates_at(event, now) for s in u.components.values()]
    implied = [IMPACT_OF_STATUS[s] for s in reached]
    return max([event.stated_impact, *implied], key=IMPACTS.index)


def called_off(event: Event, now: datetime) -> bool:
    """Whether ``event`` is a maintenance called off: ``completed`` by ``now``, at or
    before its scheduled start, never in progress (the content has no status of its
    own for it)."""
    if not isinstance(event, Maintenance):
        return False
    completed = first_at(event, now, COMPLETED)
    # At its start too: maintenance_updates gives it no start then (one rule for both).
    return (
        completed is not None
        and completed <= event.scheduled_start
        and began_at(event, now) is None
    )


def began_at(event: Event, now: datetime) -> datetime | None:
    if isinstance(event, Incident):
        return event.started
    return first_at(event, now, "in_progress") or first_at(event, now, "verifying")


def duration(event: Event, now: datetime) -> timedelta | None:
    """From impact start (or maintenance start) to resolution, or to ``now`` while open."""
    start = began_at(event, now)
    if start is None:
        return None
    end = ended_at(event, now) or now
    return max(end - start, timedelta(0))


def promise(event: Event, now: datetime) -> datetime | None:
    """When the latest update published by ``now`` promised the next one, while the
    incident is open; None when it promised nothing (or the incident is closed)."""
    if not isinstance(event, Incident) or not is_open(event, now):
        return None
    return updates_at(event, now)[-1].next_update


def is_overdue(event: Event, now: datetime) -> bool:
    """Whether the open incident's promise of a next update has passed without one."""
    promised = promise(event, now)
    return promised is not None and promised < now


def last_changed(event: Event, now: datetime) -> datetime:
    updates = updates_at(event, now)
    return updates[-1].at if updates else created_at(event)


# Components and the overall indicator ------------------------------------


def segments(
    incident: Incident, component: str, now: datetime
) -> list[tuple[datetime, datetime, str]]:
    """The periods in which ``incident`` put ``component`` in a non-operational status.

    The front matter's status applies from ``started``; an update that names
    the component changes its status from that update on; resolution (or
    ``now``, while open) ends the last period.
    """
    if not is_public(incident, now):
        return []
    end = ended_at(incident, now) or now
    changes: list[tuple[datetime, str]] = []
    if component in incident.components:
        changes.append((incident.started, incident.components[component]))
    for update in updates_at(incident, now):
        if component in update.components:
            changes.append((max(update.at, incident.started), update.components[component]))
    result = []
    for index, (start, status) in enumerate(changes):
        stop = changes[index + 1][0] if index + 1 < len(changes) else end
        stop = min(stop, end)
        if status != OPERATIONAL and stop > start:
            result.append((start, stop, status))
    return result


def affected(incident: Incident, now: datetime) -> dict[str, str]:
    """The worst status each component reached in the incident by ``now``, from the front
    matter and the updates, in the order they were first named (what the header shows)."""
    reached: dict[str, list[str]] = {c: [s] for c, s in incident.components.items()}
    for update in updates_at(incident, now):
        for component, status in update.components.items():
            reached.setdefault(component, []).append(status)
    found = {c: worst(statuses) for c, statuses in reached.items()}
    return {c: s for c, s in found.items() if s != OPERATIONAL}


def incident_component_status(incident: Incident, component: str, now: datetime) -> str:
    """The status an open incident gives ``component`` at ``now``."""
    status = incident.components.get(component, OPERATIONAL)
    for update in updates_at(incident, now):
        status = update.components.get(component, status)
    return status


def set_status(log: ComponentLog, now: datetime) -> StatusChange | None:
    """The status set on the component without an incident that is in force at ``now``
    (the latest change published by then); None when none is (``operational`` ends one)."""
    index = bisect.bisect_right(log.changes, now, key=lambda c: c.at)
    if index == 0 or log.changes[index - 1].status == OPERATIONAL:
        return None
    return log.changes[index - 1]


def set_statuses(site: Site) -> dict[str, StatusChange]:
    """The status set without an incident on each component that has one in force."""
    found = {}
    for log in site.component_logs:
        change = set_status(log, site.now)
        if change is not None:
            found[log.component] = change
    return found


def log_segments(log: ComponentLog, now: datetime) -> list[tuple[datetime, datetime, str]]:
    """The periods, up to ``now``, in which the log set a status other than operational."""
    public = [c for c in log.changes if c.at <= now]
    result = []
    for index, change in enumerate(public):
        stop = public[index + 1].at if index + 1 < len(public) else now
        if change.status != OPERATIONAL and stop > change.at:
            result.append((change.at, stop, change.status))
    return result


def component_status(site: Site, component: str) -> str:
    """Worst status among open incidents, in-progress maintenances naming it and the
    status set on it without an incident."""
    return component_statuses(site)[component]


def component_statuses(
    site: Site, set_by_hand: dict[str, StatusChange] | None = None
) -> dict[str, str]:
    """Every component's status, in one pass over the open events and the set statuses
    (``set_by_hand``, when the caller has them: :func:`set_statuses`)."""
    found: dict[str, list[str]] = {c.id: [] for c in site.settings.components}
    set_by_hand = set_statuses(site) if set_by_hand is None else set_by_hand
    for component, change in set_by_hand.items():
        if component in found:
            found[component].append(change.status)
    for event in site.events:
        if not is_open(event, site.now):
            continue
        for component in event.components:
            if component not in found:
                continue
            if isinstance(event, Incident):
                found[component].append(incident_component_status(event, component, site.now))
            else:
                found[component].append(event.components[component])
        if isinstance(event, Incident):  # updates may name components the front matter does not
            for update in updates_at(event, site.now):
                for component in update.components:
                    if component not in event.components and component in found:
                        found[component].append(
                            incident_component_status(event, component, site.now)
                        )
    return {ident: worst(statuses) for ident, statuses in found.items()}


def group_status(statuses: Iterable[str]) -> str:
    return worst(statuses)


def indicator(site: Site, statuses: dict[str, str] | None = None) -> tuple[str, str]:
    """The overall indicator and its description, Statuspage style.

    The worst of the open incidents' impact, what the components' current statuses
    mean (see :data:`~generator.model.IMPACT_OF_STATUS`) and ``maintenance`` while one
    is in progress: a red component never sits under a "minor" banner. Every place
    that shows the indicator (banner, API, badge, embed) takes it from here.
    ``statuses`` are the components' (:func:`component_statuses`), when the caller
    has them.
    """
    statuses = component_statuses(site) if statuses is None else statuses
    levels = [impact(e, site.now) for e in site.events if is_open(e, site.now)]
    levels += [IMPACT_OF_STATUS[s] for s in statuses.values()]
    level = max(levels, key=INDICATORS.index, default="none")
    return level, INDICATOR_DESCRIPTIONS[level]


# Uptime --------------------------------------------------------------------


@dataclass(frozen=True)
class Day:
    """One day of one component's uptime bar, in the site time zone."""

    day: date
    observed: float
    """Minutes of the day within the component's life and before ``now``; 0 for no data."""
    major: float = 0.0
    partial: float = 0.0
    degraded: float = 0.0
    incidents: tuple[str, ...] = ()
    maintenance: float = 0.0
    """Minutes under maintenance: shown on the bar, never counted as downtime."""

    @property
    def has_data(self) -> bool:
        return self.observed > 0

    @property
    def downtime(self) -> float:
        return self.major + PARTIAL_OUTAGE_WEIGHT * self.partial

    @property
    def level(self) -> str:
        """The cell class, by the worst status of the day: nodata, major, partial,
        degraded, maintenance or ok."""
        if not self.has_data:
            return "nodata"
        for level, minutes in (
            ("major", self.major),
            ("partial", self.partial),
            ("degraded", self.degraded),
            ("maintenance", self.maintenance),
        ):
            if minutes > 0:
                return level
        return "ok"


@dataclass(frozen=True)
class Uptime:
    days: tuple[Day, ...]

    @property
    def observed(self) -> float:
        return sum(d.observed for d in self.days)

    @property
    def downtime(self) -> float:
        return sum(d.downtime for d in self.days)

    @property
    def percent(self) -> float | None:
        """Uptime over the window, or None when there is no data at all."""
        if self.observed == 0:
            return None
        return 100.0 * (1.0 - self.downtime / self.observed)


def format_percent(value: float | None, lang: Language = ENGLISH) -> str:
    """Two decimals, rounded down so that a figure never overstates uptime."""
    if value is None:
        return lang.gettext("no data")
    return lang.percent(math.floor(value * 100 + 1e-9) / 100)


UPTIME_RANGES = (30, 90, 365)
"""The windows, in days, a component page gives uptime figures for (besides its bars)."""


def window(settings: Settings, now: datetime, length: int | None = None) -> list[date]:
    """The days of the uptime window (``length`` days, by default the site's), oldest
    first; the last one contains ``now``."""
    today = now.astimezone(settings.tz).date()
    return [today - timedelta(days=k) for k in range((length or settings.uptime_days) - 1, -1, -1)]


def day_bounds(day: date, settings: Settings) -> tuple[datetime, datetime]:
    """A day in the site time zone as a half-open UTC interval (23 or 25 h on DST days)."""
    tz = settings.tz
    start = datetime.combine(day, time(0), tzinfo=tz)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
    return start.astimezone(_UTC), end.astimezone(_UTC)


def uptime(
    site: Site,
    component: Component,
    length: int | None = None,
    events: Sequence[Event] | None = None,
) -> Uptime:
    """Daily downtime and the uptime percentage of ``component`` over the window of
    ``length`` days (by default the site's). ``events`` are the site's events that name
    the component (see :func:`generator.depends.by_component`), in the site's order: no
    other can count (by default the site's events are all looked at).

    The days of a window are those of any longer one that ends on the same day, each
    worked out alike: a shorter window's uptime is the end of a longer one's."""
    settings, now = site.settings, site.now
    days = window(settings, now, length)
    window_start = day_bounds(days[0], settings)[0]
    pieces: list[tuple[datetime, datetime, str, str]] = []
    named = site.events if events is None else events
    for incident in (event for event in named if isinstance(event, Incident)):
        if incident.started >= now:
            continue
        for start, stop, status in segments(incident, component.id, now):
            if stop > window_start:
                pieces.append((start, stop, status, incident.id))
    for log in site.component_logs:  # counted as an incident's status is; maintenance is not
        if log.component == component.id:
            pieces += [
                (start, stop, status, log.id)
                for start, stop, status in log_segments(log, now)
                if status != UNDER_MAINTENANCE and stop > window_start
            ]
    merged = _merge(pieces)
    upkeep = sorted(_maintenance(site, component.id, window_start, named))
    life_start = day_bounds(component.start_date, settings)[0] if component.start_date else None
    result = []
    first = 0  # the merged pieces are in time order, and do not overlap: one sweep
    for day in days:
        start, end = day_bounds(day, settings)
        if life_start is not None:
            start = max(start, life_start)
        end = min(end, now)
        if end <= start:
            result.append(Day(day, 0.0))
            continue
        minutes = {MAJOR_OUTAGE: 0.0, PARTIAL_OUTAGE: 0.0, DEGRADED: 0.0}
        names: list[str] = []
        while first < len(merged) and merged[first][1] <= start:
            first += 1  # over before this day, and so before every later one
        for seg_start, seg_end, status, ids in itertools.islice(merged, first, None):
            if seg_start >= end:
                break
            overlap = (min(seg_end, end) - max(seg_start, start)).total_seconds()
            if overlap > 0:
                minutes[status] += overlap / 60
                names.extend(i for i in ids if i not in names)
        kept = 0.0  # overlapping maintenances count once, as overlapping incidents do
        reached = start
        for seg_start, seg_end, ident in upkeep:  # in order of their start
            if seg_start < end and seg_end > start:
                names.extend([ident] if ident not in names else [])
                begin, stop = max(seg_start, reached), min(seg_end, end)
                if stop > begin:
                    kept += (stop - begin).total_seconds() / 60
                    reached = stop
        result.append(
            Day(
                day,
                (end - start).total_seconds() / 60,
                major=minutes[MAJOR_OUTAGE],
                partial=minutes[PARTIAL_OUTAGE],
                degraded=minutes[DEGRADED],
                incidents=tuple(names),
                maintenance=kept,
            )
        )
    return Uptime(tuple(result))


def _maintenance(
    site: Site, component: str, since: datetime, events: Iterable[Event]
) -> list[tuple[datetime, datetime, str]]:
    """When maintenances among ``events`` (and statuses set on the component) kept
    ``component`` under maintenance, from ``since`` to ``now``."""
    now = site.now
    found = []
    for event in events:
        if not isinstance(event, Maintenance):
            continue
        start = began_at(event, now)
        if start is None or component not in event.components or not is_public(event, now):
            continue
        stop = ended_at(event, now) or now
        if stop > since and start < now:
            found.append((start, stop, event.id))
    for log in site.component_logs:
        if log.component == component:
            found += [
                (start, stop, log.id)
                for start, stop, status in log_segments(log, now)
                if status == UNDER_MAINTENANCE and stop > since
            ]
    return found


def _merge(
    pieces: list[tuple[datetime, datetime, str, str]],
) -> list[tuple[datetime, datetime, str, tuple[str, ...]]]:
    """Cut overlapping periods into pieces that each carry the worst status at that time."""
    bounds = sorted({t for start, stop, _, _ in pieces for t in (start, stop)})
    result = []
    for left, right in itertools.pairwise(bounds):
        covering = [(s, i) for start, stop, s, i in pieces if start <= left and stop >= right]
        if covering:
            status = worst(s for s, _ in covering)
            ids = tuple(dict.fromkeys(i for _, i in covering))
            result.append((left, right, status, ids))
    return result


def recent(events: Iterable[Event], now: datetime, limit: int | None = None) -> list[Event]:
    """Public events, most recently created first."""
    public = [e for e in events if is_public(e, now)]
    public.sort(key=lambda e: (created_at(e), e.id), reverse=True)
    return public[:limit] if limit is not None else public


def updated_last(events: Iterable[Event], now: datetime) -> list[Event]:
    """The events with an update published by ``now``, the one updated last first: what
    the feeds tell. A maintenance on file for a later day, not announced yet, has no
    place among them, nor could 50 of them push an open outage out."""
    found = []
    for event in events:
        published = updates_at(event, now)
        if published:
            found.append((published[-1].at, event.id, event))
    found.sort(key=lambda item: item[:2], reverse=True)
    return [event for *_, event in found]


def named_by(event: Event, now: datetime) -> tuple[str, ...]:
    """The components ``event`` names by ``now``, in the order first named: its front
    matter's, then those its published updates bring in (whatever status they give:
    :func:`generator.metrics.touched` counts only those it harmed, for the report;
    :func:`generator.depends.touches` every update's, published or not, for what a
    rebuild must read)."""
    named = dict.fromkeys(event.components)
    for update in updates_at(event, now):
        named.update(dict.fromkeys(update.components))
    return tuple(named)


def to_utc(moment: datetime) -> datetime:
    return moment.astimezone(_UTC)


# Postmortems -----------------------------------------------------------------


def postmortems_of(site: Site, incident_id: str) -> list[Postmortem]:
    """The published postmortems that cover an incident."""
    return list(site.published_postmortems.get(incident_id, ()))


def public_status(site: Site, event: Event) -> str:
    """The status readers see: a resolved incident with a published postmortem is ``postmortem``."""
    status = status_of(event, site.now)
    if status == "resolved" and postmortems_of(site, event.id):
        return "postmortem"
    return status
