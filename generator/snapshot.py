"""The derived snapshot: what the public sees of a site at the build's reference time,
worked out once per build and shared by every renderer.

Each fact is computed on first use and then remembered: the overall indicator, the
components' statuses (and the statuses set on them by hand), the public events most
recent first, and each component's uptime over a window. The functions of
:mod:`generator.derive` compute them; this object only makes sure no build asks twice.
"""

from __future__ import annotations

from functools import cached_property

from . import derive
from .model import Component, Event, Site, StatusChange


class Snapshot:
    """The derived facts of ``site`` (at ``site.now``), each computed once."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self._uptimes: dict[tuple[str, int | None], derive.Uptime] = {}

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

    def uptime(self, component: Component, length: int | None = None) -> derive.Uptime:
        """A component's uptime over ``length`` days (by default the site's window)."""
        key = (component.id, length)
        if key not in self._uptimes:
            self._uptimes[key] = derive.uptime(self.site, component, length)
        return self._uptimes[key]
