"""The content model: frozen dataclasses built by :mod:`generator.validate`.

All timestamps are timezone-aware and normalised to UTC. Display time zones
are applied only when rendering.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from zoneinfo import ZoneInfo

from .categories import DEFAULT_CATEGORIES, Category

# The vocabulary is generator.vocabulary's; these names stay importable from here too.
from .vocabulary import (  # noqa: F401
    COMPONENT_STATUSES,
    IMPACT_OF_STATUS,
    IMPACTS,
    INCIDENT_COMPONENT_STATUSES,
    INCIDENT_STATUSES,
    INDICATORS,
    MAINTENANCE_STATUSES,
    STATUS_LABELS,
    UNFINISHED,
    UPDATE_COMPONENT_STATUSES,
)


def stable_id(*parts: str) -> str:
    """A 12-character ``[a-z0-9]`` id derived from ``parts``, the same on every build."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    number = int.from_bytes(digest[:10], "big")
    alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"
    chars = []
    for _ in range(12):
        number, rest = divmod(number, 36)
        chars.append(alphabet[rest])
    return "".join(chars)


@dataclass(frozen=True)
class Component:
    id: str
    name: str
    position: int
    description: str | None = None
    group: str | None = None
    start_date: date | None = None
    retired: bool = False
    """Kept for the incidents and postmortems that name it, and shown nowhere else."""


@dataclass(frozen=True)
class Update:
    """One public status update of an incident or a maintenance."""

    at: datetime
    status: str
    message: str
    components: dict[str, str] = field(default_factory=dict)
    key: str = ""
    """Stable within its incident: the update's time, plus a suffix if two share it."""
    automatic: bool = False
    """True for a maintenance's start or end that no author wrote down."""
    next_update: datetime | None = None
    """When this update promises the next one (``next_update:``), if it does."""


@dataclass(frozen=True)
class Incident:
    id: str
    path: str
    title: str
    impact: str
    """The worse of the stated impact (the severity's, or ``impact``) and the one the
    worst status its components reached implies (front matter and every update: what
    readers see by a time is :func:`generator.derive.impact`)."""
    components: dict[str, str]
    """Each component's status from ``started`` on; updates change it."""
    started: datetime
    detected: datetime | None
    acknowledged: datetime | None
    mitigated: datetime | None
    updates: tuple[Update, ...]
    tags: tuple[str, ...] = ()
    body: str = ""
    severity: str | None = None
    kind: str = "incident"
    detection: str | None = None
    exclude_from_metrics: bool = False
    stated_impact: str = "none"
    """The impact stated (the severity's, or ``impact``), ``none`` when neither is."""


@dataclass(frozen=True)
class Maintenance:
    id: str
    path: str
    title: str
    components: dict[str, str]
    """Each component under maintenance and its status while the maintenance is on."""
    scheduled_start: datetime
    scheduled_end: datetime
    updates: tuple[Update, ...]
    tags: tuple[str, ...] = ()
    body: str = ""
    kind: str = "maintenance"
    impact: str = "maintenance"


Event = Incident | Maintenance


@dataclass(frozen=True)
class StatusChange:
    """A component's status from ``at`` on, set without an incident."""

    at: datetime
    status: str
    message: str = ""


@dataclass(frozen=True)
class ComponentLog:
    """The statuses set on one component without an incident (``statuspress component set``):
    a file of ``type: component``, its changes oldest first. The latest change published by
    ``now`` is in force until the next; ``operational`` ends it."""

    id: str
    path: str
    component: str
    changes: tuple[StatusChange, ...]


ARCHIVE_FOLDERS = ("service", "severity", "tag", "category", "year", "patterns", "actions")
"""The postmortem archive's own folders under ``postmortems/``: no postmortem may be named
like one, since its page is ``postmortems/<id>/``."""


@dataclass(frozen=True)
class Factor:
    """One contributing factor of a postmortem: its category and what it was."""

    category: str
    description: str


@dataclass(frozen=True)
class Roles:
    """Who held each incident role (names or team names); each is optional."""

    incident_commander: str | None = None
    communications_lead: str | None = None
    scribe: str | None = None
    responders: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return any((self.incident_commander, self.communications_lead, self.scribe)) or bool(
            self.responders
        )


@dataclass(frozen=True)
class ActionItem:
    title: str
    owner: str | None
    status: str
    due: date | None = None
    ticket: str | None = None
    reason: str | None = None
    category: str | None = None
    """The category of contributing factor the action addresses, if the author says."""

    def is_overdue(self, today: date) -> bool:
        """Past its due date and neither done nor decided against."""
        return self.due is not None and self.due < today and self.status in UNFINISHED


@dataclass(frozen=True)
class Postmortem:
    """A blameless review of one or more incidents."""

    id: str
    path: str
    title: str
    incidents: tuple[str, ...]
    status: str
    published: date | None
    authors: tuple[str, ...]
    summary: str
    tags: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    action_items: tuple[ActionItem, ...] = ()
    body: str = ""
    kind: str = "incident"
    """``incident``, or ``near-miss``: a review that needs no incident and appears only
    in the postmortem archive and its patterns."""
    roles: Roles = Roles()
    contributing_factors: tuple[Factor, ...] = ()
    went_well: tuple[str, ...] = ()

    @property
    def is_published(self) -> bool:
        return self.status == "published"

    @property
    def is_near_miss(self) -> bool:
        return self.kind == "near-miss"

    @property
    def categories(self) -> tuple[str, ...]:
        """The categories its contributing factors name, each once, in order."""
        return tuple(dict.fromkeys(f.category for f in self.contributing_factors))


@dataclass(frozen=True)
class Settings:
    """Site settings, read from the ``statuspress`` plugin options in ``mkdocs.yml``."""

    name: str
    """The page's name, shown in the header, feeds and API."""
    url: str
    """The public URL of the status pages, ending in ``/``: ``site_url`` with ``path``."""
    path: str = ""
    """The folder of the site the status pages are under (``status/``); empty at its root."""
    time_zone: str = "UTC"
    """IANA name of the zone times are shown in; naive timestamps are read in it."""
    language: str = "en"
    """Material's ``theme.language``: the language of every text Statuspress writes for
    readers (English where no catalogue is shipped for it; see :mod:`generator.i18n`)."""
    uptime_days: int = 90
    """How many days the uptime bars and percentages cover."""
    components: tuple[Component, ...] = ()
    """The components, in display order (those retired are not among them)."""
    retired_components: tuple[Component, ...] = ()
    """The components retired (``retired: true``): content may name them, as it did
    while they ran, and their names are shown there; no status, bar, page, feed or
    API object is made for them."""
    content_dir: str = "incidents"
    """Where the incident, maintenance and postmortem files live."""
    lint_disable: tuple[str, ...] = ()
    """Lint rules switched off for the whole site."""
    lint_code_names: tuple[str, ...] = ()
    """Internal code names of services, flagged by the update lint when a public update
    uses them."""
    lint_jargon: tuple[str, ...] | None = None
    """Words the update lint flags as jargon; None for its default list."""
    allow_raw_html: bool = False
    """Publish raw HTML in Markdown as written instead of sanitising it (trusted authors only)."""
    site_dir: str = "site"
    """MkDocs' ``site_dir``: where the site is built, relative to ``mkdocs.yml``; empty
    when only MkDocs can resolve it (``!ENV``, ``INHERIT``)."""
    show_overdue: bool = False
    """Show a next-update promise whose time has passed, as passed; by default a passed
    promise is no longer shown at all."""
    categories: tuple[Category, ...] = DEFAULT_CATEGORIES
    """The categories of contributing factors postmortems may name, in display order
    (:data:`generator.categories.DEFAULT_CATEGORIES` unless the settings name them)."""
    engine_inputs: tuple[str, ...] = ()
    """What else MkDocs reads, relative to ``mkdocs.yml``: ``docs_dir``, the theme's
    ``custom_dir``, ``hooks`` and the ``INHERIT`` file. The build cache is dropped
    when any of it changes."""

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def api_time_zone(self) -> str:
        return "Etc/UTC" if self.time_zone == "UTC" else self.time_zone

    def category(self, ident: str) -> Category | None:
        return next((c for c in self.categories if c.id == ident), None)

    def component(self, ident: str) -> Component | None:
        """The component ``ident``, running or retired."""
        for component in self.every_component:
            if component.id == ident:
                return component
        return None

    @property
    def every_component(self) -> tuple[Component, ...]:
        """The components running, then those retired."""
        return self.components + self.retired_components

    @property
    def component_names(self) -> dict[str, str]:
        """Each component's name by its id, retired ones too (content still names them)."""
        return {c.id: c.name for c in self.every_component}


@dataclass(frozen=True)
class Site:
    """Everything one build knows: settings, content and the reference time."""

    settings: Settings
    incidents: tuple[Incident, ...]
    maintenances: tuple[Maintenance, ...]
    now: datetime
    postmortems: tuple[Postmortem, ...] = ()
    component_logs: tuple[ComponentLog, ...] = ()
    """Statuses set on components without an incident, one log per component."""
    digests: dict[str, tuple[Event, tuple[str, str]]] = field(
        default_factory=dict, repr=False, compare=False
    )
    """The digests of each event (see :func:`generator.depends.digests`) by its id, with
    the event they are of: made when it was checked and kept with its check, so a
    rebuild does not make them again for every event. They hold for that very event
    alone (a site made from this one with ``dataclasses.replace`` keeps the mapping, not
    its events); any other has them made when they are asked for."""

    @property
    def events(self) -> tuple[Event, ...]:
        return (*self.incidents, *self.maintenances)

    def incident(self, ident: str) -> Incident | None:
        return self._incidents_by_id.get(ident)

    @cached_property
    def _incidents_by_id(self) -> dict[str, Incident]:
        return {incident.id: incident for incident in reversed(self.incidents)}

    @cached_property
    def published_postmortems(self) -> dict[str, tuple[Postmortem, ...]]:
        """Published postmortems by the incidents they cover, in postmortem order."""
        found: dict[str, list[Postmortem]] = {}
        for postmortem in self.postmortems:
            if postmortem.is_published:
                for ident in dict.fromkeys(postmortem.incidents):
                    found.setdefault(ident, []).append(postmortem)
        return {ident: tuple(found_) for ident, found_ in found.items()}
