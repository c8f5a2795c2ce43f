"""RSS and Atom feeds with one entry per update.

Statuspage's own feeds carry one item per incident, so feed readers that key
on the item's id never show later updates. Ours carry one entry per update,
with an id that the update keeps on every build.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from feedgen.feed import FeedGenerator

from .. import derive
from ..model import STATUS_LABELS, Event, Site, Update

RECENT_EVENTS = 50
"""Feeds carry the updates of this many of the most recent incidents and maintenances."""


def update_url(site: Site, event: Event, update: Update) -> str:
    """The update's permanent address, which is also its feed id."""
    return f"{site.settings.url}incidents/{event.id}/#update-{update.key}"


def entries(site: Site, events: Iterable[Event]) -> list[tuple[Event, Update]]:
    """Every public update of ``events``, newest first."""
    found = [(e, u) for e in events for u in derive.updates_at(e, site.now)]
    found.sort(key=lambda pair: (pair[1].at, pair[0].id, pair[1].key), reverse=True)
    return found


def feeds(
    site: Site,
    markdown: Callable[[str], str],
    *,
    path: str = "history",
    title: str | None = None,
    events: Iterable[Event] | None = None,
) -> dict[str, bytes]:
    """``{path}.rss`` and ``{path}.atom`` for ``events`` (the most recent ones by default)."""
    settings = site.settings
    chosen = (
        list(events) if events is not None else derive.recent(site.events, site.now, RECENT_EVENTS)
    )
    items = entries(site, chosen)
    updated = items[0][1].at if items else site.now
    title = title or f"{settings.name} status"

    fg = FeedGenerator()
    fg.id(f"{settings.url}{path}.atom")
    fg.title(title)
    fg.subtitle(f"Status updates from {settings.name}")
    fg.description(f"Status updates from {settings.name}")
    fg.author({"name": settings.name, "uri": settings.url})
    fg.link(href=settings.url, rel="alternate")
    fg.language("en")
    fg.updated(updated)
    fg.lastBuildDate(updated)
    fg.generator("Statuspress", uri="https://pypi.org/project/statuspress/")
    for event, update in reversed(items):
        entry = fg.add_entry()
        url = update_url(site, event, update)
        entry.id(url)
        entry.guid(url, permalink=True)
        entry.title(f"{event.title}: {STATUS_LABELS[update.status]}")
        entry.link(href=url)
        entry.published(update.at)
        entry.updated(update.at)
        entry.content(markdown(update.message), type="html")
        entry.description(markdown(update.message))
        for ident in event.components:
            component = settings.component(ident)
            if component is not None:
                entry.category(term=ident, label=component.name)

    result: dict[str, bytes] = {}
    for kind in ("atom", "rss"):
        name = f"{path}.{kind}"
        result[name] = _serialise(fg, kind, f"{settings.url}{name}", settings.url)
    return result


def _serialise(fg: FeedGenerator, kind: str, self_url: str, site_url: str) -> bytes:
    fg.link(
        [{"href": site_url, "rel": "alternate"}, {"href": self_url, "rel": "self"}], replace=True
    )
    if kind == "atom":
        return bytes(fg.atom_str(pretty=True))
    return bytes(fg.rss_str(pretty=True))
