"""The derived snapshot: what the public sees of a site at the build's reference time,
worked out once per build and shared by every renderer.

Each fact is computed on first use and then remembered: the overall indicator, the
components' statuses (and the statuses set on them by hand), the public events most
recent first, and each component's uptime over a window. The functions of
:mod:`generator.derive` compute them; this object only makes sure no build asks twice.

Uptimes are also kept across builds, by the digest of what they read (see
:mod:`generator.depends`): an edit that leaves every timeline as it was (a title,
a message) reuses them all, and one that changes an incident recomputes only the
uptime of the components it names.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from . import derive
from .depends import by_component, component_inputs, digest, digests
from .memo import Memo
from .model import Component, Event, Incident, Site, StatusChange

LONGEST = max(derive.UPTIME_RANGES)
"""Each component's uptime is worked out over at least this many days (or the site's
window, when longer): every shorter window the pages show is its end."""


class Snapshot:
    """The derived facts of ``site`` (at ``site.now``), each computed once; ``known``
    holds uptimes from earlier builds by the digest of what they read."""

    def __init__(self, site: Site, known: Memo[str, derive.Uptime] | None = None) -> None:
        self.site = site
        self.known: Memo[str, derive.Uptime] = known if known is not None else Memo()
        self._uptimes: dict[str, derive.Uptime] = {}
        """The longest window of each component's uptime worked out (by its id)."""
        self._shown: dict[str, dict[str, str]] = {}
        self._reads: dict[str, tuple[Any, ...]] = {}
        """What the facts of each component read of the content (by its id)."""

    @cached_property
    def set_statuses(self) -> dict[str, StatusChange]:
        """The status set by hand on each component that has one in force."""
        return derive.set_statuses(self.site)

    @cached_property
    def statuses(self) -> dict[str, str]:
        """Every component's status, by its id."""
        return derive.component_statuses(self.site, self.set_statuses)

    @cached_property
    def indicator(self) -> tuple[str, str]:
        """The overall indicator and its (English) description."""
        return derive.indicator(self.site, self.statuses)

    @cached_property
    def recent(self) -> list[Event]:
        """The public events, most recently created first."""
        return derive.recent(self.site.events, self.site.now)

    @cached_property
    def updated_last(self) -> list[Event]:
        """The events with a published update, the one updated last first (the feeds')."""
        return derive.updated_last(self.recent, self.site.now)

    def shown_components(self, event: Event) -> dict[str, str]:
        """The components an event's header shows, with their statuses: for an incident
        the worst each reached (:func:`derive.affected`), for a maintenance as written."""
        found = self._shown.get(event.id)
        if found is None:
            if isinstance(event, Incident):
                found = derive.affected(event, self.site.now)
            else:
                found = event.components
            self._shown[event.id] = found
        return found

    def uptime(self, component: Component, length: int | None = None) -> derive.Uptime:
        """A component's uptime over ``length`` days (by default the site's window): the
        end of the longest window asked for, worked out once (see :data:`LONGEST`)."""
        days = length or self.site.settings.uptime_days
        longest = self._uptimes.get(component.id)
        if longest is None or len(longest.days) < days:
            site = self.site
            reads = self._reads.get(component.id)
            touching = self.touching.get(component.id, [])
            if reads is None:
                reads = component_inputs(
                    component.id, touching, self.timelines, site.component_logs
                )
                self._reads[component.id] = reads
            span = max(days, LONGEST)
            record = digest("uptime", site.settings, site.now, component, span, reads)
            longest = self.known.get(record, lambda: derive.uptime(site, component, span, touching))
            self._uptimes[component.id] = longest
        return derive.Uptime(longest.days[-days:])

    @cached_property
    def _digests(self) -> dict[str, tuple[str, str]]:
        """Both digests of each event, made together (see :func:`generator.depends.digests`),
        or as its check made them."""
        made = self.site.digests
        found = {}
        for event in self.site.events:
            known = made.get(event.id)
            found[event.id] = (
                known[1] if known is not None and known[0] is event else digests(event)
            )
        return found

    @cached_property
    def timelines(self) -> dict[str, str]:
        """The digest of each event's timeline (see :func:`generator.depends.timeline`)."""
        return {ident: made[1] for ident, made in self._digests.items()}

    @cached_property
    def wholes(self) -> dict[str, str]:
        """The digest of each event, all of it (see :func:`generator.depends.whole`)."""
        return {ident: made[0] for ident, made in self._digests.items()}

    @cached_property
    def touching(self) -> dict[str, list[Event]]:
        """The events that name each component, in the site's order, by its id (see
        :func:`generator.depends.by_component`)."""
        return by_component(self.site.events, [c.id for c in self.site.settings.components])
