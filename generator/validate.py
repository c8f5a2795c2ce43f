"""Turn parsed content files into the model, collecting every problem.

Each ``*_from`` function reads one :class:`~generator.load.SourceFile` and
returns a model object, or None when the file has errors; problems go into the
list it is given, so one run reports all of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from . import fieldspec
from .characters import first_too_deep, first_unprintable
from .errors import Problem, expected, one_of
from .fields import Reader
from .load import SourceFile
from .model import (
    ARCHIVE_FOLDERS,
    ActionItem,
    ComponentLog,
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
    ACTION_STATUSES,
    COMPONENT_STATUSES,
    DETECTIONS,
    IMPACT_OF_STATUS,
    IMPACTS,
    INCIDENT_STATUSES,
    MAINTENANCE_STATUSES,
    OUTAGES,
    POSTMORTEM_KINDS,
    POSTMORTEM_STATUSES,
    ROLES,
    SEVERITIES,
    UPDATE_COMPONENT_STATUSES,
)

TYPES = ("incident", "maintenance", "postmortem", "component")
INCIDENT_KEYS = fieldspec.keys("incident")
MAINTENANCE_KEYS = fieldspec.keys("maintenance")
UPDATE_KEYS = fieldspec.item_keys("incident", "updates")
POSTMORTEM_KEYS = fieldspec.keys("postmortem")
ACTION_KEYS = fieldspec.item_keys("postmortem", "action_items")
ROLE_KEYS = fieldspec.item_keys("postmortem", "roles")
FACTOR_KEYS = fieldspec.item_keys("postmortem", "contributing_factors")
COMPONENT_KEYS = fieldspec.keys("component")
CHANGE_KEYS = fieldspec.item_keys("component", "updates")


def validate(
    sources: Iterable[SourceFile],
    settings: Settings,
    problems: list[Problem],
    now: datetime | None = None,
) -> tuple[list[Incident], list[Maintenance], list[Postmortem], list[ComponentLog]]:
    """Build the model from ``sources``; every problem found goes into ``problems``.

    With ``now``, an update dated after it is a warning: it will not show until then.
    """
    incidents: list[Incident] = []
    maintenances: list[Maintenance] = []
    postmortem_sources: list[tuple[SourceFile, Reader]] = []
    logs: list[ComponentLog] = []
    logged: dict[str, str] = {}  # component id -> the path of its log
    incident_files: set[str] = set()  # ids of incident files, valid or not
    first_seen: dict[str, str] = {}
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
        reader = Reader(
            source.path,
            source.data,
            source.lines,
            problems,
            tz=settings.tz,
            columns=source.columns,
        )
        reader.printable(source.data)
        _printable_body(source, problems)
        kind = reader.choice("type", TYPES) or "incident"
        if kind == "incident":
            incident_files.add(source.id)
            incident = incident_from(source, reader, settings, now)
            if incident is not None:
                incidents.append(incident)
        elif kind == "maintenance":
            maintenance = maintenance_from(source, reader, settings, now)
            if maintenance is not None:
                maintenances.append(maintenance)
        elif kind == "component":
            log = component_log_from(source, reader, settings, now, logged)
            if log is not None:
                logs.append(log)
        else:
            postmortem_sources.append((source, reader))
    # Postmortems come last: they name incidents, which must all be known first.
    postmortems = [
        postmortem
        for source, reader in postmortem_sources
        if (postmortem := postmortem_from(source, reader, settings, incident_files, now))
        is not None
    ]
    return incidents, maintenances, postmortems, logs


def component_log_from(
    source: SourceFile,
    r: Reader,
    settings: Settings,
    now: datetime | None,
    logged: dict[str, str],
) -> ComponentLog | None:
    """The statuses set on one component without an incident; ``logged`` holds the path of
    each component's log seen so far (a component has one)."""
    before = _errors(r.problems)
    r.unknown_keys(COMPONENT_KEYS)
    component = r.text("component", required=True)
    if component is not None and _known_component(r, "component", component, settings):
        if component in logged:
            r.error(
                "component",
                f"expected one status file per component, found '{component}' also in "
                f"{logged[component]}",
                "duplicate-id",
            )
        else:
            logged[component] = source.path
    changes: list[StatusChange] = []
    for index, item in enumerate(r.sequence("updates", required=True)):
        if not isinstance(item, dict):
            r.error(("updates", index), expected("a mapping with at and status", item), "type")
            continue
        u = r.child("updates", {}).child(index, item)
        u.unknown_keys(CHANGE_KEYS)
        at = u.timestamp("at", required=True)
        status = u.choice("status", COMPONENT_STATUSES, required=True)
        message = u.text("message") or ""
        deep = first_too_deep(message)
        if deep is not None:
            u.error("message", deep[1], "nesting")
        if at is None or status is None:
            continue
        if changes and at < changes[-1].at:
            u.error(
                "at",
                "expected changes oldest first, found one earlier than the change above",
                "order",
            )
        if now is not None and at > now:
            u.warn("at", _not_yet(at, now, settings), "future-update")
        changes.append(StatusChange(at, status, message))
    if r.data.get("updates") == []:
        r.error("updates", "expected at least one status change, found none", "required")
    if _errors(r.problems) > before or component is None:
        return None
    return ComponentLog(source.id, source.path, component, tuple(changes))


def postmortem_from(
    source: SourceFile,
    r: Reader,
    settings: Settings,
    incident_files: set[str],
    now: datetime | None,
) -> Postmortem | None:
    """A postmortem; ``incident_files`` are the ids of incident files, valid or not."""
    before = _errors(r.problems)
    r.unknown_keys(POSTMORTEM_KEYS)
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
    title = r.text("title", required=True)
    kind = r.choice("kind", POSTMORTEM_KINDS) or "incident"
    incidents = r.text_list("incidents")
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
    related = r.text_list("related")
    for key, ids in (("incidents", incidents), ("related", related)):
        for index, ident in enumerate(ids):
            if ident not in incident_files:
                choices = sorted(incident_files)
                r.error(
                    (key, index),
                    expected("the id of an incident file", ident, choices),
                    "reference",
                )
    status = r.choice("status", POSTMORTEM_STATUSES, required=True)
    published = r.day("published")
    if status == "published" and published is None and r.raw("published") is None:
        r.error(
            "published", "expected the date the postmortem was published, found nothing", "required"
        )
    today = now.astimezone(settings.tz).date() if now else None
    if published is not None and today is not None and published > today:
        found = expected(f"a date up to today ({today})", str(published))
        r.warn("published", found, "future-date")
    services = r.text_list("services")
    for index, ident in enumerate(services):
        _known_component(r, ("services", index), ident, settings)
    items = []
    for index, item in enumerate(r.sequence("action_items")):
        if not isinstance(item, dict):
            r.error(
                ("action_items", index),
                expected("a mapping with title, owner and status", item),
                "type",
            )
            continue
        a = r.child("action_items", {}).child(index, item)
        a.unknown_keys(ACTION_KEYS)
        action_title = a.text("title", required=True)
        action_status = a.choice("status", ACTION_STATUSES, required=True)
        reason = a.text("reason")
        if action_status == "wont_do" and not reason:
            a.error(
                "reason",
                "expected a reason why the action will not be done, found nothing",
                "required",
            )
        category = _category(a, "category", settings)
        if action_title and action_status:
            items.append(
                ActionItem(
                    title=action_title,
                    owner=a.text("owner"),
                    status=action_status,
                    due=a.day("due"),
                    ticket=a.text("ticket"),
                    reason=reason,
                    category=category,
                )
            )
    roles = _roles(r)
    factors = _factors(r, settings)
    went_well = r.text_list("went_well", skip_blank=True)
    summary = r.text("summary") or ""
    authors = r.text_list("authors", skip_blank=True)
    tags = r.text_list("tags", skip_blank=True)
    if _errors(r.problems) > before or title is None or status is None:
        return None
    return Postmortem(
        id=source.id,
        path=source.path,
        title=title,
        incidents=incidents,
        status=status,
        published=published,
        authors=authors,
        summary=summary,
        tags=tags,
        services=services,
        related=related,
        action_items=tuple(items),
        body=source.body,
        kind=kind,
        roles=roles,
        contributing_factors=factors,
        went_well=went_well,
    )


def _roles(r: Reader) -> Roles:
    """Who held each incident role, as declared in :mod:`generator.fieldspec`."""
    mapping = r.mapping("roles")
    if not mapping:
        return Roles()
    inner = r.child("roles", mapping)
    inner.unknown_keys(ROLE_KEYS)
    held = {role: inner.text(role) or None for role in ROLES}
    return Roles(**held, responders=inner.text_list("responders", skip_blank=True))


def _factors(r: Reader, settings: Settings) -> tuple[Factor, ...]:
    """The contributing factors, each with a category from the settings' list."""
    factors = []
    for index, item in enumerate(r.sequence("contributing_factors")):
        if not isinstance(item, dict):
            r.error(
                ("contributing_factors", index),
                expected("a mapping with category and description", item),
                "type",
            )
            continue
        f = r.child("contributing_factors", {}).child(index, item)
        f.unknown_keys(FACTOR_KEYS)
        category = _category(f, "category", settings, required=True)
        description = f.text("description", required=True)
        if category and description:
            factors.append(Factor(category, description))
    return tuple(factors)


def _category(r: Reader, key: str, settings: Settings, required: bool = False) -> str | None:
    """A category of contributing factor from the settings' list, or None (an error when
    it is not one: with the closest valid id). An empty one, as the web editor writes a
    cleared field, is none."""
    value = r.text(key, required=required)
    if not value or settings.category(value) is not None:
        return value or None
    known = [c.id for c in settings.categories]
    r.error(
        key,
        expected("a category from the site settings (" + ", ".join(known) + ")", value, known),
        "unknown-category",
    )
    return None


def incident_from(
    source: SourceFile, r: Reader, settings: Settings, now: datetime | None = None
) -> Incident | None:
    before = _errors(r.problems)
    r.unknown_keys(INCIDENT_KEYS)
    title = r.text("title", required=True)
    severity = r.choice("severity", SEVERITIES)
    impact = r.choice("impact", IMPACTS)
    if severity and impact and SEVERITIES[severity] != impact:
        r.error(
            "impact",
            f"expected the impact of {severity} ('{SEVERITIES[severity]}') or no impact, "
            f"found '{impact}'",
            "choice",
        )
    components = _components(r, "incident", settings)
    started = r.timestamp("started", required=True)
    detected = r.timestamp("detected")
    acknowledged = r.timestamp("acknowledged")
    mitigated = r.timestamp("mitigated")
    updates = _updates(r, INCIDENT_STATUSES, UPDATE_COMPONENT_STATUSES, settings, now)
    if not updates and not r.sequence("updates"):
        r.error("updates", "expected at least one update, found none", "required")
    tags = r.text_list("tags", skip_blank=True)
    detection = r.choice("detection", DETECTIONS)
    exclude = r.boolean("exclude_from_metrics") or False
    for later, moment, earlier, reference in (
        ("detected", detected, "started", started),
        ("acknowledged", acknowledged, "detected", detected),
        ("mitigated", mitigated, "started", started),
    ):
        if moment and reference and moment < reference:
            r.warn(later, f"expected a time at or after '{earlier}', found an earlier one", "order")
    _warn_unsaid_recovery(r, updates)
    if now is not None:
        _warn_overdue(r, updates, settings, now)
    if started and updates and updates[0].at < started:
        r.error(
            ("updates", 0, "at"),
            "expected a time at or after 'started', found an earlier one",
            "order",
        )
    for index, update in enumerate(updates[:-1]):
        if update.status == "resolved":
            r.error(
                ("updates", index + 1),
                "expected no update after the 'resolved' one; to reopen, start a new incident",
                "order",
            )
            break
    _warn_contradiction(r, severity, impact, components)
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
        components=components,
        started=started,
        detected=detected,
        acknowledged=acknowledged,
        mitigated=mitigated,
        updates=tuple(updates),
        tags=tags,
        body=source.body,
        severity=severity,
        detection=detection,
        exclude_from_metrics=exclude,
    )


def maintenance_from(
    source: SourceFile, r: Reader, settings: Settings, now: datetime | None = None
) -> Maintenance | None:
    before = _errors(r.problems)
    r.unknown_keys(MAINTENANCE_KEYS)
    title = r.text("title", required=True)
    components = _components(r, "maintenance", settings)
    start = r.timestamp("scheduled_start", required=True)
    end = r.timestamp("scheduled_end", required=True)
    if start and end and end <= start:
        r.error(
            "scheduled_end",
            "expected a time after scheduled_start, found one at or before it",
            "order",
        )
    updates = _updates(r, MAINTENANCE_STATUSES, (), settings, now)
    for index, update in enumerate(updates[:-1]):
        if update.status == "completed":
            r.error(("updates", index + 1), "expected no update after the 'completed' one", "order")
            break
    if _errors(r.problems) > before or title is None or start is None or end is None:
        return None
    return Maintenance(
        id=source.id,
        path=source.path,
        title=title,
        components=components,
        scheduled_start=start,
        scheduled_end=end,
        updates=tuple(updates),
        tags=r.text_list("tags", skip_blank=True),
        body=source.body,
    )


def _updates(
    r: Reader,
    statuses: tuple[str, ...],
    component_statuses: tuple[str, ...],
    settings: Settings,
    now: datetime | None,
) -> list[Update]:
    updates: list[Update] = []
    keys: set[str] = set()
    previous: datetime | None = None
    for index, item in enumerate(r.sequence("updates")):
        if not isinstance(item, dict):
            r.error(
                ("updates", index), expected("a mapping with at, status and message", item), "type"
            )
            continue
        u = r.child("updates", {}).child(index, item)
        u.unknown_keys(UPDATE_KEYS if component_statuses else UPDATE_KEYS[:3])
        at = u.timestamp("at", required=True)
        status = u.choice("status", statuses, required=True)
        message = u.text("message", required=True)
        deep = first_too_deep(message) if message is not None else None
        if deep is not None:
            u.error("message", deep[1], "nesting")
            message = None
        components = (
            _component_map(u, "components", component_statuses, settings)
            if component_statuses
            else {}
        )
        promise = u.timestamp("next_update") if component_statuses else None
        if promise is not None and at is not None and promise <= at:
            u.error(
                "next_update",
                "expected a time after the update's 'at', found one at or before it",
                "order",
            )
            promise = None
        if promise is not None and status == "resolved":
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
        if now is not None and at > now:
            u.warn("at", _not_yet(at, now, settings), "future-update")
        key = at.strftime("%Y%m%dt%H%M%Sz")
        suffix = 2
        while key in keys:
            key = f"{at.strftime('%Y%m%dt%H%M%Sz')}-{suffix}"
            suffix += 1
        keys.add(key)
        updates.append(
            Update(
                at=at,
                status=status,
                message=message,
                components=components,
                key=key,
                next_update=promise,
            )
        )
    return updates


def _warn_overdue(r: Reader, updates: list[Update], settings: Settings, now: datetime) -> None:
    """Warn when the latest update published by ``now`` promised the next one by a time
    that has passed: readers were told to expect word that has not come."""
    index = next((i for i in range(len(updates) - 1, -1, -1) if updates[i].at <= now), None)
    if index is None:
        return
    promise = updates[index].next_update
    if promise is None or promise >= now:  # a resolved update promises nothing (_updates)
        return
    minutes = int((now - promise).total_seconds() // 60)
    late = f"{minutes} min" if minutes else "less than a minute"
    r.warn(
        ("updates", index, "next_update"),
        f"the next update was promised by {_local(promise, settings)}, {late} before now "
        f"({_local(now, settings)}); post one ('statuspress update') to keep the promise",
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


def _components(r: Reader, kind: str, settings: Settings) -> dict[str, str]:
    """A file's ``components``, as declared in :mod:`generator.fieldspec`: a mapping of id
    to status, or a list of ids that each get the declaration's ``list_status``."""
    spec = fieldspec.declared(kind, "components")
    value = r.data.get("components")
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list):
        result: dict[str, str] = {}
        for index, ident in enumerate(r.text_list("components")):
            if _known_component(r, ("components", index), ident, settings):
                result[ident] = spec.list_status
        return result
    if value is not None and not isinstance(value, dict):
        r.error(
            "components",
            expected("a mapping of component id to status, or a list of component ids", value),
            "type",
        )
        return {}
    return _component_map(r, "components", spec.choices, settings)


def _component_map(
    r: Reader, key: str, statuses: tuple[str, ...], settings: Settings
) -> dict[str, str]:
    value = r.raw(key)
    if value is None or value == {}:
        return {}
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        r.error(
            key,
            "expected a mapping of component id to status, such as 'api: partial_outage', "
            "found a list",
            "type",
        )
        return {}
    mapping = r.mapping(key)
    if mapping is None:
        return {}
    result: dict[str, str] = {}
    inner = r.child(key, mapping)
    for ident, status in mapping.items():
        ident = str(ident)
        if not _known_component(inner, ident, ident, settings):
            continue
        if status is None:
            continue  # no status given: the web editor's cleared choice (`? api`, `api:`)
        if status not in statuses:
            inner.error(ident, expected(one_of(statuses), status, statuses), "choice")
            continue
        result[ident] = status
    return result


def _known_component(
    r: Reader, where: str | int | tuple[str | int, ...], ident: str, settings: Settings
) -> bool:
    if settings.component(ident) is not None:
        return True
    known = [c.id for c in settings.components]
    r.error(
        where,
        expected("a component id from mkdocs.yml (" + ", ".join(known) + ")", ident, known),
        "unknown-component",
    )
    return False


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


def _not_yet(at: datetime, now: datetime, settings: Settings) -> str:
    return (
        f"this update is after now ({_local(now, settings)}): it will not show until "
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
