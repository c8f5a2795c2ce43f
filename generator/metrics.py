"""Reliability figures from incident timestamps: pure functions, no I/O.

Definitions (see shared/reference/postmortems.md for their sources):

- Time to detect (TTD) = detected - started (impact began)
- Time to acknowledge (TTA) = acknowledged - detected
- Time to mitigate (TTM) = mitigated - started
- Time to resolve (TTR) = resolved - detected
- Impact duration = resolved - started

Communication, from the public updates of the same incidents:

- Communication lag = the first public update - started
- Longest gap, median gap = between consecutive public updates, up to the resolving one
- Promises kept = the share of ``next_update`` promises followed by an update at or
  before the promised time

An incident with one update has no gaps, and one without a promise no share of
promises kept: it is counted as lacking the data, never as zero.

Durations are skewed, so figures are medians and 90th percentiles with the
number of incidents beside them, never means; under :data:`MIN_N` incidents a
figure is "too few incidents". Incidents are never ranked by duration.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property

from . import derive
from .i18n import N_
from .model import ActionItem, Incident, Postmortem, Site
from .vocabulary import (
    ACTION_STATUSES,
    DETECTIONS,
    NOT_RECORDED,
    OPERATIONAL,
    SEVERITY_OF_IMPACT,
    SEVERITY_ORDER,
)

MIN_N = 5
"""Below this many incidents a median or p90 is not shown."""


@dataclass(frozen=True)
class Measure:
    key: str
    name: str
    definition: str
    start: str
    end: str


MEASURES = (
    Measure(
        "ttd",
        N_("Time to detect"),
        N_("from impact starting to someone detecting it"),
        "started",
        "detected",
    ),
    Measure(
        "tta",
        N_("Time to acknowledge"),
        N_("from detection to a responder acknowledging it"),
        "detected",
        "acknowledged",
    ),
    Measure(
        "ttm",
        N_("Time to mitigate"),
        N_("from impact starting to the impact being mitigated"),
        "started",
        "mitigated",
    ),
    Measure(
        "ttr",
        N_("Time to resolve"),
        N_("from detection to the incident being resolved"),
        "detected",
        "resolved",
    ),
    Measure(
        "impact",
        N_("Impact duration"),
        N_("from impact starting to the incident being resolved"),
        "started",
        "resolved",
    ),
)


@dataclass(frozen=True)
class CommsMeasure:
    key: str
    name: str
    definition: str
    unit: str
    """``minutes``, or ``percent`` for a share."""
    lacking: str = ""
    """Why an incident may have no value, said beside the figure."""


COMMS_MEASURES = (
    CommsMeasure(
        "lag",
        N_("Communication lag"),
        N_("from impact starting to the first public update"),
        "minutes",
    ),
    CommsMeasure(
        "longest_gap",
        N_("Longest gap between updates"),
        N_("the longest time between two consecutive public updates, up to the resolving one"),
        "minutes",
        N_("only one update"),
    ),
    CommsMeasure(
        "median_gap",
        N_("Median gap between updates"),
        N_("the median time between consecutive public updates, up to the resolving one"),
        "minutes",
        N_("only one update"),
    ),
    CommsMeasure(
        "promises_kept",
        N_("Promises kept"),
        N_(
            "the share of an incident's next-update promises that an update kept: "
            "it came at or before the promised time"
        ),
        "percent",
        N_("no promise made"),
    ),
)
"""How well incidents were communicated, per incident (see the module's docstring)."""


def comms_value(incident: Incident, key: str, now: datetime) -> float | None:
    """One communication measure of a resolved incident; None when it lacks the data."""
    return comms_values(incident, now).get(key)


def comms_values(incident: Incident, now: datetime) -> dict[str, float]:
    """Every communication measure of a resolved incident that has the data for it, by
    its key: the public updates are read once."""
    updates = derive.updates_at(incident, now)
    found = {"lag": max((updates[0].at - incident.started).total_seconds() / 60, 0.0)}
    pairs = list(itertools.pairwise(updates))
    gaps = [(b.at - a.at).total_seconds() / 60 for a, b in pairs]
    if gaps:
        found["longest_gap"] = max(gaps)
        found["median_gap"] = statistics.median(gaps)
    promises = [(a.next_update, b.at) for a, b in pairs if a.next_update is not None]
    if promises:
        kept = sum(came <= promised for promised, came in promises)
        found["promises_kept"] = 100.0 * kept / len(promises)
    return found


def touched(incident: Incident) -> set[str]:
    """The components an incident affected: those it named from the start, and those a
    later update gave a status other than operational (an outage that spread)."""
    spread = {
        ident
        for update in incident.updates
        for ident, status in update.components.items()
        if status != OPERATIONAL
    }
    return set(incident.components) | spread


def severity_of(incident: Incident) -> str:
    return incident.severity or SEVERITY_OF_IMPACT[incident.impact]


def timestamp(incident: Incident, name: str, now: datetime) -> datetime | None:
    if name == "resolved":
        return derive.ended_at(incident, now)
    value: datetime | None = getattr(incident, name)
    return value


def timestamps(incident: Incident, now: datetime) -> dict[str, datetime | None]:
    """Every timestamp the measures read, by its name (:func:`timestamp` of each)."""
    return {
        "started": incident.started,
        "detected": incident.detected,
        "acknowledged": incident.acknowledged,
        "mitigated": incident.mitigated,
        "resolved": derive.ended_at(incident, now),
    }


def minutes(incident: Incident, measure: Measure, now: datetime) -> float | None:
    """The measure for one incident in minutes; None when a timestamp is missing or out of order."""
    return _minutes(timestamps(incident, now), measure)


def _after(stamps: dict[str, datetime | None], name: str, other: str) -> bool:
    """Whether the timestamp ``name`` is later than ``other``, both known."""
    moment, reference = stamps[name], stamps[other]
    return moment is not None and reference is not None and moment > reference


def _minutes(stamps: dict[str, datetime | None], measure: Measure) -> float | None:
    start, end = stamps[measure.start], stamps[measure.end]
    if start is None or end is None or end < start:
        return None
    if _after(stamps, measure.start, "resolved") or _after(stamps, measure.end, "resolved"):
        return None  # a moment after the resolution: a year typed wrong, say
    return (end - start).total_seconds() / 60


def percentile(values: list[float], fraction: float) -> float:
    """Linear interpolation between closest ranks (numpy's default, Excel's PERCENTILE.INC)."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass(frozen=True)
class Summary:
    """Median and p90 of one measure over some incidents, or None when n < MIN_N."""

    n: int
    median: float | None
    p90: float | None

    lacking: int = 0
    """Incidents counted that lack the data for this measure (not in ``n``)."""

    @classmethod
    def of(cls, values: list[float], fraction: float = 0.9, lacking: int = 0) -> Summary:
        """With ``fraction`` 0.1 for a share, where the worst tenth is the low one."""
        if len(values) < MIN_N:
            return cls(len(values), None, None, lacking)
        middle = statistics.median(values)
        return cls(len(values), middle, percentile(values, fraction), lacking)

    def as_share(self) -> dict[str, float | int | None]:
        """A share of promises kept: its median and its 10th percentile (the worst tenth)."""
        return {
            "n": self.n,
            "no_data": self.lacking,
            "median_percent": None if self.median is None else round(self.median, 2),
            "p10_percent": None if self.p90 is None else round(self.p90, 2),
        }

    def as_dict(self) -> dict[str, float | int | None]:
        return {
            "n": self.n,
            "median_minutes": None if self.median is None else round(self.median, 2),
            "p90_minutes": None if self.p90 is None else round(self.p90, 2),
        }


@dataclass(frozen=True)
class Group:
    """Incidents of one quarter or one service: counts by severity and each measure."""

    key: str
    label: str
    counts: dict[str, int]
    summaries: dict[str, Summary]
    comms: dict[str, Summary] = field(default_factory=dict)
    """Per communication measure (:data:`COMMS_MEASURES`)."""

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class DataQuality:
    excluded: tuple[str, ...] = ()
    unresolved: tuple[str, ...] = ()
    missing: dict[str, tuple[str, ...]] = field(default_factory=dict)
    out_of_order: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class ActionCounts:
    open: int
    in_progress: int
    done: int
    wont_do: int
    overdue: int

    def as_dict(self) -> dict[str, int]:
        """The count of each state, in their order, then the overdue ones."""
        return {**{s: getattr(self, s) for s in ACTION_STATUSES}, "overdue": self.overdue}


@dataclass(frozen=True)
class Report:
    incidents: tuple[Incident, ...]
    """The incidents the figures are computed from."""
    values: dict[str, dict[str, float]]
    """Per measure: incident id -> minutes, for every incident that has both timestamps."""
    overall: dict[str, Summary]
    by_quarter: tuple[Group, ...]
    by_service: tuple[Group, ...]
    detection: dict[str, int]
    actions: ActionCounts
    quality: DataQuality
    comms_values: dict[str, dict[str, float]] = field(default_factory=dict)
    """Per communication measure: incident id -> value, for incidents that have one."""
    comms: dict[str, Summary] = field(default_factory=dict)

    @cached_property
    def lacking(self) -> dict[str, tuple[str, ...]]:
        """Per communication measure: the incidents counted that lack its data."""
        return {
            m.key: tuple(i.id for i in self.incidents if i.id not in self.comms_values[m.key])
            for m in COMMS_MEASURES
        }


def quarter(moment: datetime, site: Site) -> str:
    local = moment.astimezone(site.settings.tz)
    return f"{local.year}-Q{(local.month - 1) // 3 + 1}"


def _quarters_between(first: str, last: str) -> list[str]:
    """The quarters from ``first`` to ``last`` (``2026-Q1`` keys), both in."""
    year, number = int(first[:4]), int(first[-1])
    found = []
    while (key := f"{year}-Q{number}") <= last:
        found.append(key)
        year, number = (year + 1, 1) if number == 4 else (year, number + 1)
    return found


def counted(site: Site) -> tuple[list[Incident], DataQuality]:
    """Public, resolved incidents not excluded by their authors, and what was left out."""
    included, quality, _ = _counted(site)
    return included, quality


@dataclass(frozen=True)
class _Figures:
    """One counted incident's values, worked out once for every group it is in."""

    minutes: dict[str, float]
    """Per measure key, when the incident has both timestamps in order."""
    comms: dict[str, float]
    """Per communication measure key, when the incident has the data."""


def _counted(site: Site) -> tuple[list[Incident], DataQuality, dict[str, _Figures]]:
    """:func:`counted`, with each counted incident's figures by its id."""
    now = site.now
    included, excluded, unresolved = [], [], []
    stamps: dict[str, dict[str, datetime | None]] = {}
    for incident in site.incidents:
        if not derive.is_public(incident, now):
            continue
        if incident.exclude_from_metrics:
            excluded.append(incident.id)
            continue
        found = timestamps(incident, now)
        if found["resolved"] is None:
            unresolved.append(incident.id)
        else:
            included.append(incident)
            stamps[incident.id] = found
    missing: dict[str, tuple[str, ...]] = {}
    disorder: dict[str, tuple[str, ...]] = {}
    for name in ("detected", "acknowledged", "mitigated"):
        gone = tuple(i.id for i in included if getattr(i, name) is None)
        if gone:
            missing[name] = gone
    for measure in MEASURES:
        wrong = tuple(
            i.id
            for i in included
            if (s := stamps[i.id][measure.start]) is not None
            and (e := stamps[i.id][measure.end]) is not None
            and e < s
        )
        if wrong:
            disorder[f"{measure.end} before {measure.start}"] = wrong
    for name in ("detected", "acknowledged", "mitigated"):
        # After the resolution (a year typed wrong, say): no measure counts it.
        late = tuple(i.id for i in included if _after(stamps[i.id], name, "resolved"))
        if late:
            disorder[f"{name} after resolved"] = late
    quality = DataQuality(tuple(excluded), tuple(unresolved), missing, disorder)
    figures = {
        i.id: _Figures(
            {m.key: v for m in MEASURES if (v := _minutes(stamps[i.id], m)) is not None},
            comms_values(i, now),
        )
        for i in included
    }
    return included, quality, figures


def _group(
    key: str, label: str, incidents: Iterable[Incident], figures: dict[str, _Figures]
) -> Group:
    chosen = list(incidents)
    counts = {s: 0 for s in SEVERITY_ORDER}
    for incident in chosen:
        counts[severity_of(incident)] += 1
    summaries = {
        m.key: Summary.of(
            [v for i in chosen if (v := figures[i.id].minutes.get(m.key)) is not None]
        )
        for m in MEASURES
    }
    comms = _comms_summaries(_comms_values(chosen, figures), len(chosen))
    return Group(key, label, counts, summaries, comms)


def _comms_values(
    incidents: list[Incident], figures: dict[str, _Figures]
) -> dict[str, dict[str, float]]:
    """Per communication measure: incident id -> value, for the incidents that have one."""
    return {
        m.key: {i.id: v for i in incidents if (v := figures[i.id].comms.get(m.key)) is not None}
        for m in COMMS_MEASURES
    }


def _comms_summaries(values: dict[str, dict[str, float]], counted: int) -> dict[str, Summary]:
    result = {}
    for measure in COMMS_MEASURES:
        found = list(values[measure.key].values())
        fraction = 0.1 if measure.unit == "percent" else 0.9
        result[measure.key] = Summary.of(found, fraction, counted - len(found))
    return result


def action_counts(postmortems: Iterable[Postmortem], today: date) -> ActionCounts:
    return count_actions([a for p in postmortems if p.is_published for a in p.action_items], today)


def count_actions(items: Sequence[ActionItem], today: date) -> ActionCounts:
    """How many of ``items`` are in each state, and how many are overdue at ``today``."""
    counts = {s: sum(a.status == s for a in items) for s in ACTION_STATUSES}
    return ActionCounts(**counts, overdue=sum(a.is_overdue(today) for a in items))


def report(site: Site) -> Report:
    now = site.now
    incidents, quality, figures = _counted(site)
    values = {
        m.key: {i.id: v for i in incidents if (v := figures[i.id].minutes.get(m.key)) is not None}
        for m in MEASURES
    }
    overall = {m.key: Summary.of(list(values[m.key].values())) for m in MEASURES}
    quarters: dict[str, list[Incident]] = {}
    for incident in incidents:
        quarters.setdefault(quarter(incident.started, site), []).append(incident)
    if quarters:
        # A quarter without incidents is a result: every quarter from the first to now's.
        for key in _quarters_between(min(quarters), max(max(quarters), quarter(now, site))):
            quarters.setdefault(key, [])
    by_quarter = tuple(
        _group(q, q.replace("-", " "), quarters[q], figures) for q in sorted(quarters, reverse=True)
    )
    every = site.settings.every_component
    services: dict[str, list[Incident]] = {c.id: [] for c in every}
    for incident in incidents:
        for ident in touched(incident):
            if ident in services:
                services[ident].append(incident)
    # A retired service keeps its record, where it has one.
    reported = [c for c in every if not c.retired or services[c.id]]
    by_service = tuple(_group(c.id, c.name, services[c.id], figures) for c in reported)
    detection = {d: 0 for d in (*DETECTIONS, NOT_RECORDED)}
    for incident in incidents:
        detection[incident.detection or NOT_RECORDED] += 1
    today = now.astimezone(site.settings.tz).date()
    comms_values = _comms_values(incidents, figures)
    return Report(
        incidents=tuple(incidents),
        values=values,
        overall=overall,
        by_quarter=by_quarter,
        by_service=by_service,
        detection=detection,
        actions=action_counts(site.postmortems, today),
        quality=quality,
        comms_values=comms_values,
        comms=_comms_summaries(comms_values, len(incidents)),
    )
