"""Turn parsed content files into the model, collecting every problem.

Each ``*_from`` function reads one :class:`~generator.load.SourceFile` and
returns a model object, or None when the file has errors; problems go into the
list it is given, so one run reports all of them.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from .characters import first_too_deep, first_unprintable
from .depends import digests as event_digests
from .errors import Problem, expected
from .fields import Reader
from .fieldspec import KINDS, Entry, read_fields
from .filecheck import (
    TICK,
    Model,
    Outcome,
    Reference,
    SettingsRead,
    Validated,
    ValidateMemo,
    settings_read,
)
from .load import SourceFile, Unread
from .model import (
    ARCHIVE_FOLDERS,
    ActionItem,
    ComponentLog,
    Event,
    Factor,
    Incident,
    Maintenance,
    Postmortem,
    Roles,
    Settings,
    StatusChange,
    Update,
)
from .vocabulary import (
    COMPLETED,
    IMPACT_OF_STATUS,
    IMPACTS,
    OPERATIONAL,
    OUTAGES,
    RESOLVED,
    ROLES,
    SCHEDULED,
    SEVERITIES,
    WONT_DO,
)

TYPES = ("incident", "maintenance", "postmortem", "component")
"""The kinds of file, as ``type`` names them (the order an unknown one is told)."""


def validate(
    sources: Iterable[SourceFile | Unread],
    settings: Settings,
    problems: list[Problem],
    now: datetime | None = None,
    memo: ValidateMemo | None = None,
    digests: Mapping[str, bytes] | None = None,
    made: dict[str, tuple[Event, tuple[str, str]]] | None = None,
) -> tuple[list[Incident], list[Maintenance], list[Postmortem], list[ComponentLog]]:
    """Build the model from ``sources``; every problem found goes into ``problems``.

    With ``now``, an update dated after it is a warning: it will not show until then.
    With a ``memo``, ``digests`` (of each file's bytes, by path) and ``now``, a file
    checked before with the same bytes, settings and reference time (see
    :mod:`generator.filecheck`) is not checked again; the memo is left with the results
    of ``sources`` alone. An :class:`~generator.load.Unread` source is read only when
    its check is not kept. ``made`` is given the digests of each valid event (see
    :func:`generator.depends.digests`), made when it was checked, with the event, by
    its id.
    """
    incidents: list[Incident] = []
    maintenances: list[Maintenance] = []
    postmortem_sources: list[tuple[SourceFile | Unread, Validated]] = []
    logs: list[ComponentLog] = []
    logged: dict[str, str] = {}  # component id -> the path of its log
    incident_files: set[str] = set()  # ids of incident files, valid or not
    first_seen: dict[str, str] = {}
    read = settings_read(settings)
    kept: ValidateMemo = {}
    for source in sources:
        if source.id in first_seen:
            problems.append(
                Problem(
                    source.path,
                    1,
                    "",
                    f"expected a unique file id, found '{source.id}' also used by "
                    f"{first_seen[source.id]}",
                    rule="duplicate-id",
                )
            )
            continue
        first_seen[source.id] = source.path
        digest = digests.get(source.path) if digests is not None and now is not None else None
        known = memo.get(source.path) if memo is not None and digest is not None else None
        if known is None or known.digest != digest or known.settings != read:
            if (parsed := _parsed(source, problems)) is None:
                continue
            source = parsed
            known = _head(source, settings, digest or b"", read)
        problems += known.head
        kind = known.kind
        if kind == "incident":
            incident_files.add(source.id)
        if kind in ("incident", "maintenance"):
            if known.outcome is None or now is None or not known.outcome.holds(now):
                if (parsed := _parsed(source, problems)) is None:
                    continue
                source = parsed
                rules = incident_from if kind == "incident" else maintenance_from
                known = replace(known, outcome=_outcome(source, settings, now, rules))
            assert known.outcome is not None
            problems += known.outcome.problems
            value = known.outcome.value
            if isinstance(value, Incident):
                incidents.append(value)
            elif isinstance(value, Maintenance):
                maintenances.append(value)
            found = known.outcome.digests
            if isinstance(value, Incident | Maintenance) and found is not None and made is not None:
                made[value.id] = (value, found)
        elif kind == "component":
            if (parsed := _parsed(source, problems)) is None:
                continue
            source = parsed
            reader = _reader(source, settings, problems)
            log = component_log_from(source, reader, settings, _reference(now), logged)
            if log is not None:
                logs.append(log)
        else:
            postmortem_sources.append((source, known))
        if digest is not None:
            kept[source.path] = known
    # Postmortems come last: they name incidents, which must all be known first.
    postmortems = []
    started = {incident.id: incident.started for incident in incidents}
    for source, known in postmortem_sources:
        outcome = known.outcome
        if outcome is None or now is None or not _still_named(outcome, now, incident_files):
            if (parsed := _parsed(source, problems)) is None:
                continue
            outcome = _outcome(parsed, settings, now, postmortem_from, incident_files)
            if digests is not None and source.path in kept:
                kept[source.path] = replace(known, outcome=outcome)
        problems += outcome.problems
        if isinstance(outcome.value, Postmortem):
            postmortems.append(outcome.value)
            began = _published_before(outcome.value, started, settings)
            if began is not None and (parsed := _parsed(source, problems)) is not None:
                message = (
                    f"expected a date on or after the incident began ({began}), "
                    f"found {outcome.value.published}"
                )
                _reader(parsed, settings, problems).warn("published", message, "order")
    if memo is not None and digests is not None and now is not None:
        # Only what changed is set (the build cache writes those entries alone); the
        # entries of files that are gone are dropped (those read, for a memo from the
        # build cache: it drops the others itself).
        for path in [path for path in dict.keys(memo) if path not in kept]:
            dict.__delitem__(memo, path)
        for path, known in kept.items():
            if memo.get(path) is not known:
                memo[path] = known
    return incidents, maintenances, postmortems, logs


def _parsed(source: SourceFile | Unread, problems: list[Problem]) -> SourceFile | None:
    """The parsed file (an unread one is read now); None, with its problem, when it
    no longer parses."""
    if isinstance(source, SourceFile):
        return source
    parsed = source.read()
    if isinstance(parsed, Problem):
        problems.append(parsed)
        return None
    return parsed


def _reader(source: SourceFile, settings: Settings, problems: list[Problem]) -> Reader:
    return Reader(
        source.path,
        source.data,
        source.lines,
        problems,
        tz=settings.tz,
        columns=source.columns,
        settings=settings,
    )


def _reference(now: datetime | None) -> Reference | None:
    return Reference(now) if now is not None else None


def _head(source: SourceFile, settings: Settings, digest: bytes, read: SettingsRead) -> Validated:
    """The checks every file has, first: characters, and the kind of file it is."""
    head: list[Problem] = []
    reader = _reader(source, settings, head)
    reader.printable(source.data)
    _printable_body(source, head)
    kind = reader.choice("type", TYPES) or "incident"
    return Validated(digest, read, kind, tuple(head))


def _outcome(
    source: SourceFile,
    settings: Settings,
    now: datetime | None,
    rules: Callable[..., Model | None],
    *named: set[str],
) -> Outcome:
    """What the rules of one kind of file give, and the reference times it holds for."""
    problems: list[Problem] = []
    reference = _reference(now)
    value = rules(source, _reader(source, settings, problems), settings, *named, reference)
    window = (reference.since, reference.until) if reference is not None else (None, None)
    made = event_digests(value) if isinstance(value, Incident | Maintenance) else None
    return Outcome(value, tuple(problems), *window, made)


def _still_named(outcome: Outcome, now: datetime, incident_files: set[str]) -> bool:
    """Whether a postmortem's outcome holds: a valid postmortem names only incident files
    (one with errors may name others, and is told the closest: it is checked again)."""
    value = outcome.value
    return (
        isinstance(value, Postmortem)
        and outcome.holds(now)
        and all(ident in incident_files for ident in (*value.incidents, *value.related))
    )


def _published_before(
    postmortem: Postmortem, started: Mapping[str, datetime], settings: Settings
) -> date | None:
    """The day the earliest incident ``postmortem`` reviews began (``started``: each valid
    incident's start, by its id), when it says it was published before that day (a year
    typed wrong, say)."""
    if postmortem.published is None:
        return None
    days = [started[i].astimezone(settings.tz).date() for i in postmortem.incidents if i in started]
    began = min(days, default=None)
    return began if began is not None and postmortem.published < began else None


def component_log_from(
    source: SourceFile,
    r: Reader,
    settings: Settings,
    now: Reference | None,
    logged: dict[str, str],
) -> ComponentLog | None:
    """The statuses set on one component without an incident; ``logged`` holds the path of
    each component's log seen so far (a component has one)."""
    before = _errors(r.problems)
    values = read_fields(KINDS["component"], r)
    component = values["component"]
    if component is not None and component in logged:
        r.error(
            "component",
            f"expected one status file per component, found '{component}' also in "
            f"{logged[component]}",
            "duplicate-id",
        )
    elif component is not None:
        logged[component] = source.path
    changes: list[StatusChange] = []
    for entry in values["updates"]:
        u, at, status = entry.where, entry.values["at"], entry.values["status"]
        if at is None or status is None:
            continue
        if changes and at < changes[-1].at:
            u.error(
                "at",
                "expected changes oldest first, found one earlier than the change above",
                "order",
            )
        if now is not None and now.before(at):
            u.warn("at", _not_yet(at, now, settings), "future-update")
        changes.append(StatusChange(at, status, entry.values["message"] or ""))
    if _errors(r.problems) > before or component is None:
        return None
    return ComponentLog(source.id, source.path, component, tuple(changes))


def postmortem_from(
    source: SourceFile,
    r: Reader,
    settings: Settings,
    incident_files: set[str],
    now: Reference | None,
) -> Postmortem | None:
    """A postmortem; ``incident_files`` are the ids of incident files, valid or not."""
    before = _errors(r.problems)
    values = read_fields(KINDS["postmortem"], r)
    if source.id in ARCHIVE_FOLDERS:
        r.problems.append(
            Problem(
                source.path,
                1,
                "",
                f"expected a file name other than '{source.id}', which the postmortem archive "
                f"uses for its page postmortems/{source.id}/ (rename the file)",
                rule="duplicate-id",
            )
        )
    title = values["title"]
    kind = values["kind"] or "incident"
    incidents = values["incidents"]
    if not incidents and kind == "incident":
        r.error("incidents", "expected the ids of one or more incidents, found none", "required")
    if incidents and kind == "near-miss":
        r.error(
            "incidents",
            "expected no incidents for a near miss (name them in 'related'), found "
            + ", ".join(f"'{i}'" for i in incidents),
            "near-miss",
        )
        incidents = ()
    related = values["related"]
    for key, ids in (("incidents", incidents), ("related", related)):
        for index, ident in enumerate(ids):
            if ident not in incident_files:
                choices = sorted(incident_files)
                r.error(
                    (key, index),
                    expected("the id of an incident file", ident, choices),
                    "reference",
                )
    status, published = values["status"], values["published"]
    if status == "published" and published is None and r.raw("published") is None:
        r.error(
            "published", "expected the date the postmortem was published, found nothing", "required"
        )
    if published is not None and now is not None and published > (today := now.today(settings.tz)):
        found = expected(f"a date up to today ({today})", str(published))
        r.warn("published", found, "future-date")
    items = _action_items(values["action_items"])
    if _errors(r.problems) > before or title is None or status is None:
        return None
    return Postmortem(
        id=source.id,
        path=source.path,
        title=title,
        incidents=incidents,
        status=status,
        published=published,
        authors=values["authors"],
        summary=values["summary"] or "",
        tags=values["tags"],
        services=values["services"],
        related=related,
        action_items=items,
        body=source.body,
        kind=kind,
        roles=_roles(values["roles"]),
        contributing_factors=tuple(
            Factor(f.values["category"], f.values["description"])
            for f in values["contributing_factors"]
            if f.values["category"] and f.values["description"]
        ),
        went_well=values["went_well"],
    )


def _action_items(entries: list[Entry]) -> tuple[ActionItem, ...]:
    """The action items; one that will not be done says why."""
    items = []
    for entry in entries:
        v = entry.values
        if v["status"] == WONT_DO and not v["reason"]:
            entry.where.error(
                "reason",
                "expected a reason why the action will not be done, found nothing",
                "required",
            )
        if v["title"] and v["status"]:
            items.append(
                ActionItem(
                    title=v["title"],
                    owner=v["owner"],
                    status=v["status"],
                    due=v["due"],
                    ticket=v["ticket"],
                    reason=v["reason"],
                    category=v["category"],
                )
            )
    return tuple(items)


def _roles(values: dict[str, Any]) -> Roles:
    """Who held each incident role; a blank name is none."""
    if not values:
        return Roles()
    held = {role: values[role] or None for role in ROLES}
    return Roles(**held, responders=values["responders"])


def incident_from(
    source: SourceFile, r: Reader, settings: Settings, now: Reference | None = None
) -> Incident | None:
    before = _errors(r.problems)
    values = read_fields(KINDS["incident"], r)
    title, severity, impact = values["title"], values["severity"], values["impact"]
    if severity and impact and SEVERITIES[severity] != impact:
        r.error(
            "impact",
            f"expected the impact of {severity} ('{SEVERITIES[severity]}') or no impact, "
            f"found '{impact}'",
            "choice",
        )
    components: dict[str, str] = values["components"]
    started, detected = values["started"], values["detected"]
    acknowledged, mitigated = values["acknowledged"], values["mitigated"]
    updates = _updates(values["updates"], settings, now)
    for later, moment, earlier, reference in (
        ("detected", detected, "started", started),
        ("acknowledged", acknowledged, "detected", detected),
        ("mitigated", mitigated, "started", started),
    ):
        if moment and reference and moment < reference:
            r.warn(later, f"expected a time at or after '{earlier}', found an earlier one", "order")
    resolved = next((u.at for u in updates if u.status == RESOLVED), None)
    for name, moment in (
        ("detected", detected),
        ("acknowledged", acknowledged),
        ("mitigated", mitigated),
    ):
        if moment and resolved and moment > resolved:
            found = f"found {_local(moment, settings)}"
            when = _local(resolved, settings)
            r.warn(name, f"expected a time at or before the resolution ({when}), {found}", "order")
    _warn_unsaid_recovery(r, updates)
    _warn_left_down(r, updates)
    if now is not None:
        _warn_overdue(r, updates, settings, now)
    if started and updates and updates[0].at < started:
        r.error(
            ("updates", 0, "at"),
            "expected a time at or after 'started', found an earlier one",
            "order",
        )
    _refuse_after_end(r, updates, RESOLVED, "; to reopen, start a new incident")
    _warn_contradiction(r, severity, impact, components)
    _note_escalation(values["updates"], severity)
    _note_retired(r, settings, components, updates)
    if _errors(r.problems) > before or title is None or started is None:
        return None
    # The public impact is never below what a component reached, even when an update
    # escalates past the stated severity: the incident agrees with its components.
    reached = [*components.values(), *(s for u in updates for s in u.components.values())]
    stated = impact or (SEVERITIES[severity] if severity else "none")
    impact = max(stated, _impact_from(reached), key=IMPACTS.index)
    return Incident(
        id=source.id,
        path=source.path,
        title=title,
        impact=impact,
        stated_impact=stated,
        components=components,
        started=started,
        detected=detected,
        acknowledged=acknowledged,
        mitigated=mitigated,
        updates=tuple(updates),
        tags=values["tags"],
        body=source.body,
        severity=severity,
        detection=values["detection"],
        exclude_from_metrics=values["exclude_from_metrics"],
    )


def maintenance_from(
    source: SourceFile, r: Reader, settings: Settings, now: Reference | None = None
) -> Maintenance | None:
    before = _errors(r.problems)
    values = read_fields(KINDS["maintenance"], r)
    title, start, end = values["title"], values["scheduled_start"], values["scheduled_end"]
    if start and end and end <= start:
        r.error(
            "scheduled_end",
            "expected a time after scheduled_start, found one at or before it",
            "order",
        )
    updates = _updates(values["updates"], settings, now)
    _refuse_after_end(r, updates, COMPLETED, "")
    late = next(
        (i for i, u in enumerate(updates) if u.status == SCHEDULED and end and u.at >= end), None
    )
    if late is not None and end is not None:
        r.warn(
            ("updates", late, "at"),
            f"expected an announcement before the window ends ({_local(end, settings)}), "
            f"found one at {_local(updates[late].at, settings)}: check scheduled_start "
            "and scheduled_end (a window already past is shown as past, never as ahead)",
            "order",
        )
    if _errors(r.problems) > before or title is None or start is None or end is None:
        return None
    return Maintenance(
        id=source.id,
        path=source.path,
        title=title,
        components=values["components"],
        scheduled_start=start,
        scheduled_end=end,
        updates=tuple(updates),
        tags=values["tags"],
        body=source.body,
    )


def _refuse_after_end(r: Reader, updates: list[Update], last: str, advice: str) -> None:
    """An error on the first update after the one with the status ``last``."""
    for index, update in enumerate(updates[:-1]):
        if update.status == last:
            r.error(
                ("updates", index + 1),
                f"expected no update after the '{last}' one{advice}",
                "order",
            )
            return


def _updates(entries: list[Entry], settings: Settings, now: Reference | None) -> list[Update]:
    """The updates, oldest first, each with a key unique in its event."""
    updates: list[Update] = []
    keys: set[str] = set()
    previous: datetime | None = None
    for entry in entries:
        u, v = entry.where, entry.values
        at, status, message = v["at"], v["status"], v["message"]
        promise = v.get("next_update")
        if promise is not None and at is not None and promise <= at:
            u.error(
                "next_update",
                "expected a time after the update's 'at', found one at or before it",
                "order",
            )
            promise = None
        if promise is not None and status == RESOLVED:
            u.error(
                "next_update",
                "expected no next update after the 'resolved' one, found a promise of one",
                "order",
            )
            promise = None
        if at is None or status is None or message is None:
            continue
        if previous is not None and at < previous:
            u.error(
                "at",
                "expected updates oldest first, found one earlier than the update above",
                "order",
            )
        previous = at
        if now is not None and now.before(at):
            u.warn("at", _not_yet(at, now, settings), "future-update")
        key = update_key(at, keys)
        keys.add(key)
        updates.append(
            Update(
                at=at,
                status=status,
                message=message,
                components=v.get("components", {}),
                key=key,
                next_update=promise,
            )
        )
    return updates


def update_key(at: datetime, taken: Collection[str]) -> str:
    """An update's key in its event: its time (in UTC), and ``-2``, ``-3``... when an
    update before it (``taken``) has that time too."""
    base = at.strftime("%Y%m%dt%H%M%Sz")
    key, suffix = base, 2
    while key in taken:
        key, suffix = f"{base}-{suffix}", suffix + 1
    return key


def _warn_overdue(r: Reader, updates: list[Update], settings: Settings, now: Reference) -> None:
    """A notice when the latest update published by ``now`` promised the next one by a
    time that has passed: readers were told to expect word that has not come. Never a
    warning: the content is right, the clock moved. Under ``--strict`` a warning would
    fail every scheduled rebuild of the deploy workflow until someone posted, freezing
    the page on the passed promise, mid-incident."""
    published = (i for i in range(len(updates) - 1, -1, -1) if not now.before(updates[i].at))
    index = next(published, None)
    if index is None:
        return
    promise = updates[index].next_update
    # A resolved update promises nothing (_updates); ``promise >= now``:
    if promise is None or now.before(promise + TICK):
        return
    moment = now.shown()
    minutes = int((moment - promise).total_seconds() // 60)
    late = f"{minutes} min" if minutes else "less than a minute"
    r.notice(
        ("updates", index, "next_update"),
        f"the next update was promised by {_local(promise, settings)}, {late} before now "
        f"({_local(moment, settings)}); post one ('statuspress update') to keep the promise",
        "overdue",
    )


def _local(moment: datetime, settings: Settings) -> str:
    return moment.astimezone(settings.tz).strftime("%Y-%m-%d %H:%M %Z")


def _warn_unsaid_recovery(r: Reader, updates: list[Update]) -> None:
    """Warn when the resolving update ends an outage that the updates tracked but never
    said was over: readers of the timeline see an outage with no recovery."""
    if len(updates) < 2 or updates[-1].status != "resolved":
        return
    tracked: dict[str, str] = {}
    for update in updates[:-1]:
        tracked.update(update.components)
    last = updates[-1].components
    for component, status in tracked.items():
        if status in OUTAGES and component not in last:
            r.warn(
                ("updates", len(updates) - 1),
                f"the resolving update ends {component}'s {status} without saying so; add "
                f"'components: {{{component}: operational}}' to it or to an earlier update",
                "order",
            )


def _warn_left_down(r: Reader, updates: list[Update]) -> None:
    """Warn when a resolved update names a component in another status than operational:
    a resolved incident no longer sets its components' status, so the update says what
    the page does not (what the page shows depends on other files: not said here)."""
    for index, update in enumerate(updates):
        if update.status != RESOLVED:
            continue
        for component, status in update.components.items():
            if status != OPERATIONAL:
                r.warn(
                    ("updates", index, "components", component),
                    "a resolved incident no longer sets its components' status, so this "
                    f"does not keep {component} {status}; write operational here (if "
                    f"{component} stays {status} and no open incident says so, set it with "
                    "'statuspress component set')",
                    "contradiction",
                )


def _impact_from(statuses: Iterable[str]) -> str:
    """The impact of an incident that names neither severity nor impact: the one that
    the worst status its components reached implies."""
    impacts = [IMPACT_OF_STATUS[s] for s in statuses]
    return max(impacts, key=IMPACTS.index, default="none")


def _warn_contradiction(
    r: Reader, severity: str | None, impact: str | None, components: dict[str, str]
) -> None:
    """Warn when the stated severity (or impact) is below what a component's status means."""
    stated = SEVERITIES[severity] if severity else impact
    if stated is None:
        return
    for ident, status in components.items():
        implied = IMPACT_OF_STATUS[status]
        if IMPACTS.index(implied) > IMPACTS.index(stated):
            if severity:
                key, said = "severity", f"{severity} means {stated} impact"
                fix = next(s for s, i in SEVERITIES.items() if i == implied)
            else:
                key, said, fix = "impact", f"impact is {stated}", implied
            r.warn(
                key,
                f"{said}, but components.{ident} is {status} ({implied} impact); write {fix} "
                f"or leave {key} out to derive the impact from the components",
                "contradiction",
            )
            return


def _note_retired(
    r: Reader, settings: Settings, components: dict[str, str], updates: list[Update]
) -> None:
    """A notice when an incident not resolved sets a retired component's status: the
    page shows no row for it, yet its status still moves the indicator. A notice: the
    component may have been retired while the incident was open."""
    retired = {c.id for c in settings.retired_components}
    if not retired or any(u.status == RESOLVED for u in updates):
        return
    places: list[tuple[tuple[str | int, ...], str]] = [
        (("components", c), c) for c in components if c in retired
    ]
    places += [
        (("updates", i, "components", c), c)
        for i, u in enumerate(updates)
        for c in u.components
        if c in retired
    ]
    if places:
        key, ident = places[0]
        r.notice(
            key,
            f"{ident} is retired (retired: true in mkdocs.yml): an open incident no longer "
            "sets its status; readers see no row for it, while it still moves the indicator",
            "retired-component",
        )


def _note_escalation(entries: list[Entry], severity: str | None) -> None:
    """A notice at the first update that sets a component to a status worse than the
    stated severity means: the pages show the impact it reached, while the reliability
    report counts the severity as stated (an ``impact`` alone is counted as reached, and
    needs no notice). Not a warning: it comes mid-incident, and must not stop the page
    from being published."""
    if not severity:
        return
    stated = SEVERITIES[severity]
    for entry in entries:
        for ident, status in (entry.values.get("components") or {}).items():
            implied = IMPACT_OF_STATUS.get(status)
            if implied is None or IMPACTS.index(implied) <= IMPACTS.index(stated):
                continue
            fix = next(s for s, i in SEVERITIES.items() if i == implied)
            entry.where.notice(
                ("components", ident),
                f"{status} means {implied} impact, above the severity stated ({severity}): "
                f"the pages show {implied}, the reliability report counts {severity}; raise "
                f"severity to {fix} if the incident grew",
                "contradiction",
            )
            return


def _not_yet(at: datetime, now: Reference, settings: Settings) -> str:
    return (
        f"this update is after now ({_local(now.shown(), settings)}): it will not show until "
        f"{_local(at, settings)}"
    )


def _printable_body(source: SourceFile, problems: list[Problem]) -> None:
    for found, rule in (
        (first_unprintable(source.body, body=True), "character"),
        (first_too_deep(source.body), "nesting"),
    ):
        if found is not None:
            index, message = found
            line = source.body_line + source.body.count("\n", 0, index)
            problems.append(Problem(source.path, line, "body", message, rule=rule))


def _errors(problems: list[Problem]) -> int:
    return sum(1 for p in problems if p.severity == "error")
