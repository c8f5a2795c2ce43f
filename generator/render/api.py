"""The JSON API, shaped like Atlassian Statuspage's public v2 API.

Field names, types and nesting follow ``shared/reference/statuspage-v2.md``
exactly; data of our own never goes into these files as extra fields.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from .. import derive
from ..model import Component, Event, Incident, Maintenance, stable_id
from ..snapshot import Snapshot
from ..vocabulary import SCHEDULED
from .base import Context, Output, files
from .feeds import update_url
from .text import MarkdownRenderer

RECENT = 50


def timestamp(moment: datetime) -> str:
    """RFC 3339 in UTC with milliseconds, as Statuspage writes them."""
    return derive.to_utc(moment).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def dump(data: dict[str, Any]) -> bytes:
    """Stable JSON: sorted keys, two-space indent, UTF-8, a final newline."""
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def api(snapshot: Snapshot, context: Context) -> Iterator[Output]:
    """The Statuspage-compatible JSON API under ``api/v2/``."""
    yield from files(Api(snapshot, context.prose).files())


class Api:
    def __init__(self, snapshot: Snapshot, markdown: MarkdownRenderer | None = None) -> None:
        """``markdown`` is the build's sanitiser: update bodies are the plain text of
        what the pages show (see :meth:`MarkdownRenderer.plain`)."""
        self.snapshot = snapshot
        self.site = site = snapshot.site
        self.markdown = markdown or MarkdownRenderer(sanitise=not site.settings.allow_raw_html)
        self.now = site.now
        self.settings = site.settings
        self.page_id = stable_id("page", site.settings.url or site.settings.name)
        self.statuses = snapshot.statuses
        self._incidents: dict[str, dict[str, Any]] = {}
        self._public = [e for e in site.events if derive.is_public(e, self.now)]
        self._changed = {e.id: derive.last_changed(e, self.now) for e in self._public}
        """When each public event last changed, worked out once for every component."""
        self._touched: dict[str, list[datetime]] = {}
        """When each public event naming a component (in its front matter, or in an
        update published by now) last changed, by now: an announced maintenance
        changes nothing before it starts."""
        for event in self._public:
            changed = self._changed_components(event)
            if changed is None:
                continue
            for ident in derive.named_by(event, self.now):
                self._touched.setdefault(ident, []).append(changed)
        self._first: datetime | None = None
        self._set = self._set_moments()
        self._components = self._component_objects()

    def _changed_components(self, event: Event) -> datetime | None:
        """When ``event`` last changed what its components show, by now; None if it has
        not: a maintenance from its start on (its announcement changes nothing)."""
        if isinstance(event, Incident):
            changed = self._changed[event.id]
            return changed if changed <= self.now else None
        if derive.began_at(event, self.now) is None:
            return None
        on = [u.at for u in derive.updates_at(event, self.now) if u.status != SCHEDULED]
        return on[-1] if on else None

    # Objects -------------------------------------------------------------

    def page(self) -> dict[str, Any]:
        changes = [self._changed[e.id] for e in self._public]
        changes += [self._set_at(log.component) for log in self.site.component_logs]
        updated = max((c for c in changes if c <= self.now), default=self.now)
        return {
            "id": self.page_id,
            "name": self.settings.name,
            "url": self.settings.url.rstrip("/"),
            "time_zone": self.settings.api_time_zone,
            "updated_at": timestamp(updated),
        }

    def status(self) -> dict[str, str]:
        indicator, description = self.snapshot.indicator
        return {"indicator": indicator, "description": description}

    def _component_objects(self) -> list[dict[str, Any]]:
        """Components and their groups, in display order, groups before their members."""
        objects: list[dict[str, Any]] = []
        groups: dict[str, dict[str, Any]] = {}
        for component in self.settings.components:
            item = self._component(component)
            if component.group is None:
                item["position"] = len(objects) + 1
                objects.append(item)
                continue
            group = groups.get(component.group)
            if group is None:
                group = self._group(component.group)
                group["position"] = len(objects) + 1
                groups[component.group] = group
                objects.append(group)
            item["group_id"] = group["id"]
            item["position"] = len(group["components"]) + 1
            group["components"].append(item["id"])
            group["status"] = derive.worst([group["status"], item["status"]])
            group["created_at"] = min(group["created_at"] or item["created_at"], item["created_at"])
            group["updated_at"] = max(group["updated_at"] or item["updated_at"], item["updated_at"])
            objects.append(item)
        return objects

    def component_files(self, page: dict[str, Any]) -> dict[str, bytes]:
        """``api/v2/components/<id>.json`` for each component: its Statuspage object as
        ``components.json`` has it (whose shape strict clients hold to, so it gains no
        field), and beside it the addresses of its page, badge and feeds."""
        by_id = {c["id"]: c for c in self._components}
        url = self.settings.url
        files = {}
        for component in self.settings.components:
            own = f"{url}components/{component.id}"
            files[f"api/v2/components/{component.id}.json"] = dump(
                {
                    "page": page,
                    "component": by_id[self.component_id(component.id)],
                    "page_url": f"{own}/",
                    "badge_url": f"{own}/badge.svg",
                    "feeds": {"rss": f"{own}.rss", "atom": f"{own}.atom", "ics": f"{own}.ics"},
                }
            )
        return files

    def component_id(self, ident: str) -> str:
        return stable_id("component", ident)

    def _component(self, component: Component) -> dict[str, Any]:
        created = self._created(component)
        touched = self._touched.get(component.id, [])
        updated = max([created, *touched, self._set_at(component.id)])
        return {
            "id": self.component_id(component.id),
            "name": component.name,
            "status": self.statuses[component.id],
            "created_at": timestamp(created),
            "updated_at": timestamp(updated),
            "position": component.position,
            "description": component.description,
            "showcase": False,
            "start_date": component.start_date.isoformat() if component.start_date else None,
            "group_id": None,
            "page_id": self.page_id,
            "group": False,
            "only_show_if_degraded": False,
        }

    def _set_at(self, component: str) -> datetime:
        """When a status was last set on ``component`` without an incident (by now);
        the beginning of time when never."""
        return self._set.get(component, derive.EPOCH)

    def _set_moments(self) -> dict[str, datetime]:
        """:meth:`_set_at` of every component that has a status set by now."""
        found: dict[str, datetime] = {}
        for log in self.site.component_logs:
            for change in log.changes:
                if change.at <= self.now:
                    found[log.component] = max(found.get(log.component, change.at), change.at)
        return found

    def _created(self, component: Component) -> datetime:
        if component.start_date is not None:
            return derive.day_bounds(component.start_date, self.settings)[0]
        if self._first is None:
            first = [derive.created_at(e) for e in self._public]
            first += [
                log.changes[0].at
                for log in self.site.component_logs
                if log.changes[0].at <= self.now
            ]
            self._first = min(first, default=self.now)
        return self._first

    def _group(self, name: str) -> dict[str, Any]:
        return {
            "id": stable_id("group", name),
            "name": name,
            "status": "operational",
            "created_at": "",
            "updated_at": "",
            "position": 0,
            "description": None,
            "showcase": False,
            "start_date": None,
            "group_id": None,
            "page_id": self.page_id,
            "group": True,
            "only_show_if_degraded": False,
            "components": [],
        }

    def components_of(self, event: Event) -> list[dict[str, Any]]:
        named = self.snapshot.shown_components(event)
        wanted = {self.component_id(c) for c in named}
        return [c for c in self._components if c["id"] in wanted]

    def incident(self, event: Event) -> dict[str, Any]:
        """An incident or scheduled maintenance object with its updates, newest first;
        made once for all the files that list it."""
        if event.id not in self._incidents:
            self._incidents[event.id] = self._incident(event)
        return self._incidents[event.id]

    def _incident(self, event: Event) -> dict[str, Any]:
        ident = stable_id("incident", event.id)
        updates = derive.updates_at(event, self.now)
        names = self.settings.component_names
        statuses: dict[str, str] = {}
        update_objects = []
        for index, update in enumerate(updates):
            changed = update.components
            if index == 0 and isinstance(event, Incident):
                # The first update tells the statuses the incident opened with, from
                # operational, as Statuspage's first update does; its own come after.
                changed = {**event.components, **update.components}
            affected = None
            if changed:
                affected = []
                for comp, new in changed.items():
                    old = statuses.get(comp, "operational")
                    affected.append(
                        {
                            "code": self.component_id(comp),
                            "name": names[comp],
                            "old_status": old,
                            "new_status": new,
                        }
                    )
                    statuses[comp] = new
            stamp = timestamp(update.at)
            promised = (
                {"next_update_at": timestamp(update.next_update)} if update.next_update else {}
            )
            update_objects.append(
                {
                    "id": stable_id("update", event.id, update.key),
                    "status": update.status,
                    "body": self.markdown.plain_on(
                        update.message, update_url(self.site, event, update)
                    ),
                    "incident_id": ident,
                    "created_at": stamp,
                    "updated_at": stamp,
                    "display_at": stamp,
                    "affected_components": affected,
                    "deliver_notifications": True,
                    "custom_tweet": None,
                    "tweet_id": None,
                    **promised,  # an extension: Statuspage clients ignore it
                }
            )
        update_objects.reverse()
        ended = derive.ended_at(event, self.now)
        monitoring = derive.first_at(event, self.now, "monitoring")
        started = derive.began_at(event, self.now) or (
            event.scheduled_start if isinstance(event, Maintenance) else event.started
        )
        if ended is not None and derive.called_off(event, self.now):
            started = ended  # it never began: no time passed between start and end
        result = {
            "id": ident,
            "name": event.title,
            "status": derive.public_status(self.site, event),
            "created_at": timestamp(derive.created_at(event)),
            "updated_at": timestamp(derive.last_changed(event, self.now)),
            "monitoring_at": timestamp(monitoring) if monitoring else None,
            "resolved_at": timestamp(ended) if ended else None,
            "impact": derive.impact(event, self.now),
            "shortlink": f"{self.settings.url}incidents/{event.id}/",
            "started_at": timestamp(started),
            "page_id": self.page_id,
            "incident_updates": update_objects,
            "components": self.components_of(event),
        }
        promise = derive.promise(event, self.now)
        # An extension: the open incident's current promise, as the pages show it (a
        # passed one only where the site chooses to show it: show_overdue).
        shown = promise is not None and (
            self.settings.show_overdue or not derive.is_overdue(event, self.now)
        )
        if promise is not None and shown:
            result["next_update_at"] = timestamp(promise)
        if isinstance(event, Maintenance):
            result["scheduled_for"] = timestamp(event.scheduled_start)
            result["scheduled_until"] = timestamp(event.scheduled_end)
        return result

    # Files ---------------------------------------------------------------

    def files(self) -> dict[str, bytes]:
        page = self.page()
        status = self.status()
        public = self.snapshot.recent
        incidents = [e for e in public if isinstance(e, Incident)]
        maintenances = [e for e in public if isinstance(e, Maintenance)]
        unresolved = [self.incident(e) for e in incidents if derive.is_open(e, self.now)]
        upcoming = sorted(
            (e for e in maintenances if derive.is_upcoming(e, self.now)),
            key=lambda e: (e.scheduled_start, e.id),
        )
        active = [e for e in maintenances if derive.is_open(e, self.now)]
        base = "api/v2/"
        return {
            **self.component_files(page),
            base + "summary.json": dump(
                {
                    "page": page,
                    "status": status,
                    "components": self._components,
                    "incidents": unresolved,
                    "scheduled_maintenances": [self.incident(e) for e in [*active, *upcoming]],
                }
            ),
            base + "status.json": dump({"page": page, "status": status}),
            base + "components.json": dump({"page": page, "components": self._components}),
            base + "incidents.json": dump(
                {
                    "page": page,
                    "incidents": [self.incident(e) for e in incidents[:RECENT]],
                }
            ),
            base + "incidents/unresolved.json": dump({"page": page, "incidents": unresolved}),
            base + "scheduled-maintenances.json": dump(
                {
                    "page": page,
                    "scheduled_maintenances": [self.incident(e) for e in maintenances[:RECENT]],
                }
            ),
            base + "scheduled-maintenances/upcoming.json": dump(
                {
                    "page": page,
                    "scheduled_maintenances": [self.incident(e) for e in upcoming],
                }
            ),
            base + "scheduled-maintenances/active.json": dump(
                {
                    "page": page,
                    "scheduled_maintenances": [self.incident(e) for e in active],
                }
            ),
        }
