"""RSS and Atom feeds with one entry per update.

Statuspage's own feeds carry one item per incident, so feed readers that key
on the item's id never show later updates. Ours carry one entry per update,
with an id that the update keeps on every build.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any

from .. import derive
from ..depends import digest
from ..i18n import language
from ..model import Event, Settings, Site, Update
from ..snapshot import Snapshot
from .base import Context, Output, files
from .labels import label
from .text import absolute_links, said

if TYPE_CHECKING:
    from feedgen.feed import FeedGenerator

RECENT_EVENTS = 50
"""Feeds carry the updates of this many of the most recent incidents and maintenances."""
RECENT_ENTRIES = 100
"""And at most this many of those updates, the newest: a feed is polled by every reader
in the worst hour, and a long incident with many components would otherwise make each of
its components' feeds megabytes (every entry names every component it touches)."""


def update_url(site: Site, event: Event, update: Update) -> str:
    """The update's permanent address, which is also its feed id."""
    return f"{site.settings.url}incidents/{event.id}/#update-{update.key}"


def entries(site: Site, events: Iterable[Event]) -> list[tuple[Event, Update]]:
    """Every public update of ``events``, newest first; updates of one event stamped
    alike, newest first as the event's page lists them (the later in the file first)."""
    found = [
        (u.at, e.id, order, e, u)
        for e in events
        for order, u in enumerate(derive.updates_at(e, site.now))
    ]
    found.sort(key=lambda entry: entry[:3], reverse=True)
    return [(e, u) for *_, e, u in found]


def entry_text(update: Update, settings: Settings) -> str:
    """The update's message, and the promise of the next one when it makes one."""
    lang = language(settings.language)
    if update.next_update is None:
        return said(update, lang)
    promise = lang.gettext("Next update by %(time)s.")
    when = lang.when(update.next_update, settings.tz)
    return f"{said(update, lang)}\n\n" + promise % {"time": when}


def history_feeds(snapshot: Snapshot, context: Context) -> Iterator[Output]:
    """``history.rss`` and ``history.atom``: the updates of the events updated last."""
    chosen = snapshot.updated_last[:RECENT_EVENTS]
    yield from files(feeds(snapshot.site, context.prose, events=chosen, memo=context.feeds))


def component_feeds(snapshot: Snapshot, context: Context) -> Iterator[Output]:
    """``components/<id>.rss`` and ``.atom``: the updates of the events that touch it."""
    site = snapshot.site
    touching = recent_by_component(site, snapshot.updated_last)
    for component in site.settings.components:
        chosen = touching[component.id]
        title = language(site.settings.language).gettext("%(name)s status: %(component)s")
        title %= {"name": site.settings.name, "component": component.name}
        path = f"components/{component.id}"
        made = feeds(
            site,
            context.prose,
            path=path,
            title=title,
            events=chosen,
            memo=context.feeds,
            named=component.id,
        )
        yield from files(made)


def recent_by_component(site: Site, events: list[Event]) -> dict[str, list[Event]]:
    """For each of the site's components, the first :data:`RECENT_EVENTS` of ``events``
    that touch it by now (:func:`generator.derive.named_by`, as the history feed's
    categories: an update that brings a component in counts once it is published), in
    one pass over them."""
    found: dict[str, list[Event]] = {c.id: [] for c in site.settings.components}
    wanting = len(found)
    for event in events:
        for ident in derive.named_by(event, site.now):
            chosen = found.get(ident)
            if chosen is not None and len(chosen) < RECENT_EVENTS:
                chosen.append(event)
                wanting -= len(chosen) == RECENT_EVENTS
        if not wanting:
            break
    return found


def feeds(
    site: Site,
    markdown: Callable[[str], str],
    *,
    events: list[Event],
    path: str = "history",
    title: str | None = None,
    memo: dict[str, dict[str, bytes]] | None = None,
    named: str | None = None,
) -> dict[str, bytes]:
    """``{path}.rss`` and ``{path}.atom`` for ``events``. Each entry names the components
    its event touches as categories (:func:`generator.derive.named_by`: an update may
    bring one in); a component's feed (``named``) names that one alone, which every
    entry there touches (the others made each of its entries name every component of a
    wide incident: a feed of megabytes for each of them).

    With ``memo`` (the preview and the build cache keep one), a feed whose entries are
    unchanged is not serialised again.
    """
    settings = site.settings
    items = entries(site, events)[:RECENT_ENTRIES]
    # What each entry names: the feed's component alone, else what its event touches.
    named_by = {
        e.id: (named,) if named is not None else derive.named_by(e, site.now) for e, _ in items
    }
    updated = items[0][1].at if items else site.now
    lang = language(settings.language)
    title = title or lang.gettext("%(name)s status") % {"name": settings.name}

    # Kept by a digest of everything the feed is made from (a feed's entries are some
    # 100 KB: the build cache would write them out as the key, and read them back).
    key = digest(
        "feed",
        path,
        title,
        named,
        settings,  # all of them: an entry writes times in the site's zone, say
        updated,
        [(_entry_key(event, update), named_by[event.id]) for event, update in items],
    )
    if memo is not None and key in memo:
        return memo[key]
    description = lang.gettext("Status updates from %(name)s") % {"name": settings.name}
    fg = new_feed(settings, path, title, description, updated)
    for event, update in reversed(items):
        entry = fg.add_entry()
        url = update_url(site, event, update)
        entry.id(url)
        entry.guid(url, permalink=True)
        entry.title(f"{event.title}: {label(lang, update.status)}")
        entry.link(href=url)
        entry.published(update.at)
        entry.updated(update.at)
        # Resolved against the update's page, where the message's links were written for;
        # the description first: feedgen's sets the Atom content too, with no type.
        shown = absolute_links(markdown(entry_text(update, settings)), url)
        entry.description(shown)
        entry.content(shown, type="html")
        for ident in named_by[event.id]:
            component = settings.component(ident)
            if component is not None:
                entry.category(term=ident, label=component.name)

    result = serialise(fg, settings, path)
    if memo is not None:
        memo[key] = result
    return result


def _entry_key(event: Event, update: Update) -> tuple[Any, ...]:
    """What a feed's entry is made from, beside the settings."""
    return (
        event.id,
        event.title,
        tuple(event.components),
        update.at,
        update.key,
        update.status,
        update.message,
        update.automatic,
        update.next_update,
    )


def new_feed(
    settings: Settings, path: str, title: str, description: str, updated: datetime
) -> FeedGenerator:
    """A feed with the site's identity; ``updated`` comes from the content, not the clock."""
    # Imported here: a rebuild takes most feeds from the memo (feedgen and lxml: 0.01 s).
    from feedgen.feed import FeedGenerator

    fg = FeedGenerator()
    fg.id(f"{settings.url}{path}.atom")
    fg.title(title)
    fg.subtitle(description)
    fg.description(description)
    fg.author({"name": settings.name, "uri": settings.url})
    fg.link(href=settings.url, rel="alternate")
    fg.language(language(settings.language).code)
    fg.updated(updated)
    fg.lastBuildDate(updated)
    fg.generator("Statuspress", uri="https://pypi.org/project/statuspress/")
    return fg


def serialise(fg: FeedGenerator, settings: Settings, path: str) -> dict[str, bytes]:
    """``{path}.atom`` and ``{path}.rss``, each with its own self link."""
    result: dict[str, bytes] = {}
    for kind in ("atom", "rss"):
        name = f"{path}.{kind}"
        # feedgen makes the last link the RSS channel's <link>: the site, not the feed.
        links = [
            {"href": f"{settings.url}{name}", "rel": "self"},
            {"href": settings.url, "rel": "alternate"},
        ]
        fg.link(links, replace=True)
        result[name] = bytes(
            fg.atom_str(pretty=True) if kind == "atom" else fg.rss_str(pretty=True)
        )
    return result
