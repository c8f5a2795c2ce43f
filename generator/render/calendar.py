"""Maintenance calendars (iCalendar, RFC 5545): one for the site, one per component.

Each maintenance is one event with a UID that never changes (``<file id>@<site
host and path>``). Every time in the file is in UTC. ``DTSTAMP`` is the time of
the maintenance's latest public update, not the build time, so the file only
changes when its content does and the same content gives the same bytes.

The content contract has no "cancelled" status: a maintenance that is
``completed`` before its scheduled start, without having been in progress, was
called off, and its event is ``CANCELLED``. Every other published maintenance is
``CONFIRMED``: a maintenance is published once it is decided, so ``TENTATIVE``
is never used.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from .. import derive
from ..depends import digest
from ..i18n import language
from ..model import Component, Maintenance, Site
from ..snapshot import Snapshot
from .base import Context, File, Output
from .labels import label
from .text import MarkdownRenderer, said

if TYPE_CHECKING:
    from icalendar import Event as CalendarEvent

PRODID = "-//Statuspress//Maintenance calendar//EN"
REFRESH = timedelta(hours=1)
"""How often calendar apps are asked to fetch the calendar again."""


def calendars(snapshot: Snapshot, context: Context) -> Iterator[Output]:
    """``maintenance.ics`` and ``components/<id>.ics`` for every component; update
    messages are the plain text of the build's sanitiser."""
    site, markdown = snapshot.site, context.prose
    maintenances = [m for m in site.maintenances if derive.is_public(m, site.now)]
    read = snapshot.wholes

    def remembered(chosen: list[Maintenance], title: str, path: str) -> bytes:
        """The calendar, or the one an earlier build made of the same maintenances
        (all of each: it shows their titles and latest messages), each as far as it had
        gone (the reference time shows in nothing else: a later build that no update
        was published for since keeps the calendar), with the same settings, title and
        path."""
        gone = [(read[m.id], len(derive.updates_at(m, site.now))) for m in chosen]
        key = digest("calendar", site.settings, title, path, gone)
        made = partial(calendar, site, chosen, title, path, markdown)
        return context.pages.get(key, lambda: made().decode()).encode()

    name = site.settings.name
    _ = language(site.settings.language).gettext
    title = _("%(name)s maintenance") % {"name": name}
    yield File("maintenance.ics", remembered(maintenances, title, "maintenance"))
    for component in site.settings.components:
        path = f"components/{component.id}"
        chosen = [m for m in maintenances if component.id in m.components]
        title = _("%(name)s maintenance: %(component)s")
        title %= {"name": name, "component": component.name}
        yield File(f"{path}.ics", remembered(chosen, title, path))


def calendar(
    site: Site,
    maintenances: Iterable[Maintenance],
    title: str,
    path: str,
    markdown: MarkdownRenderer | None = None,
) -> bytes:
    """One calendar of ``maintenances``, published at ``{path}.ics``."""
    # Imported here: a rebuild takes its calendars from the memo (0.02 s of imports).
    from icalendar import Calendar, vDuration, vText

    markdown = markdown or MarkdownRenderer(sanitise=not site.settings.allow_raw_html)
    settings = site.settings
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", vText(title))
    cal.add("x-wr-calname", vText(title))
    _ = language(settings.language).gettext
    description = _("Scheduled maintenance of %(name)s, from %(url)s")
    description %= {"name": settings.name, "url": settings.url}
    cal.add("description", vText(description))
    cal.add("x-wr-caldesc", vText(description))
    cal.add("url", settings.url)
    cal.add("source", f"{settings.url}{path}.ics", parameters={"VALUE": "URI"})
    cal.add("refresh-interval", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    for maintenance in sorted(maintenances, key=lambda m: (m.scheduled_start, m.id)):
        cal.add_component(event(site, maintenance, markdown))
    return bytes(cal.to_ical())


def event(site: Site, maintenance: Maintenance, markdown: MarkdownRenderer) -> CalendarEvent:
    from icalendar import Event as CalendarEvent
    from icalendar import vText

    settings = site.settings
    url = f"{settings.url}incidents/{maintenance.id}/"
    names = [_name(settings.component(c), c) for c in maintenance.components]
    status = derive.status_of(maintenance, site.now)
    cancelled = derive.called_off(maintenance, site.now)
    updates = derive.updates_at(maintenance, site.now)
    lang = language(settings.language)
    _ = lang.gettext
    shown = _("Cancelled") if cancelled else label(lang, status)
    affected = ", ".join(names) if names else _("none named")
    lines = [
        _("Status: %(status)s") % {"status": shown},
        _("Affected components: %(names)s") % {"names": affected},
    ]
    if updates:
        lines += ["", markdown.plain(said(updates[-1], lang))]
    lines += ["", _("Details and updates: %(url)s") % {"url": url}]

    item = CalendarEvent()
    item.add("uid", vText(uid(site, maintenance)))
    item.add("dtstamp", stamp(site, maintenance))
    item.add("created", derive.to_utc(derive.created_at(maintenance)))
    item.add("last-modified", stamp(site, maintenance))
    item.add("dtstart", derive.to_utc(maintenance.scheduled_start))
    item.add("dtend", derive.to_utc(maintenance.scheduled_end))
    item.add("summary", vText(f"{settings.name}: {maintenance.title}"))
    item.add("description", vText("\n".join(lines)))
    item.add("categories", [vText(_("Maintenance")), *(vText(n) for n in names)])
    item.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    item.add("transp", "TRANSPARENT")  # subscribers are not busy during our maintenance
    item.add("url", url)
    return item


def uid(site: Site, maintenance: Maintenance) -> str:
    """``<file id>@<host><sub-path>``: unique per site, unchanged across builds."""
    parts = urlsplit(site.settings.url)
    return f"{maintenance.id}@{parts.hostname or 'localhost'}{parts.path.rstrip('/')}"


def stamp(site: Site, maintenance: Maintenance) -> datetime:
    """When the maintenance last changed: its latest public update (or its creation)."""
    return derive.to_utc(derive.last_changed(maintenance, site.now))


def webcal_url(url: str) -> str:
    """``url`` with the ``webcal:`` scheme, which calendar apps open as a subscription."""
    return re.sub(r"^https?://", "webcal://", url)


def _name(component: Component | None, ident: str) -> str:
    return component.name if component is not None else ident
