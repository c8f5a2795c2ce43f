"""The HTML pages: status page, one page per incident or maintenance, the history.

Each page is a :class:`Page`, an HTML fragment that the site engine (MkDocs and
Material, through :mod:`generator.engine.plugin`) wraps in the site's chrome.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime, timedelta
from functools import cached_property, partial
from pathlib import Path
from types import MappingProxyType
from typing import Any, Protocol
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import jinja2
import jinja2.bccache
import jinja2.meta

from .. import derive
from ..depends import digest, event_key
from ..i18n import Language, language
from ..memo import Memo
from ..model import Event, Incident, Maintenance, StatusChange
from ..snapshot import Snapshot
from ..vocabulary import CALLED_OFF
from . import labels, text
from .addresses import postmortem_urls
from .base import Context, Output, Page, TemplateUse
from .calendar import webcal_url

PAST_DAYS = 14


def shown_status(event: Event, now: datetime) -> str:
    """An event's status as pages show it: a maintenance called off is ``cancelled``."""
    return CALLED_OFF if derive.called_off(event, now) else derive.status_of(event, now)


ARCHIVE_HEAD = ("id", "name", "description", "status", "set")
"""What the pages of a component's history after the first show of the component."""
COMPONENT_PAGE_SIZE = 20
"""Incidents and maintenances per page of a component's history."""
NARROW_DAYS = 30
"""Days the uptime bars show on a narrow screen (CSS hides the older ones)."""


def environment(
    template_dirs: list[Path], lang: Language, tz: ZoneInfo | None = None
) -> jinja2.Environment:
    """Templates from the project's ``site_templates/`` first, then the package's own,
    with ``_()``, ``ngettext()`` and ``{% trans %}`` in the language ``lang``, and the
    functions that write statuses and times (in the time zone ``tz``, UTC by default).

    Compiled templates are not kept between builds: Jinja2's bytecode cache reads
    them with pickle and marshal, and its files would sit where a pull request can
    write (see :mod:`generator.buildcache`)."""
    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader([str(d) for d in template_dirs])]
    loaders.append(jinja2.PackageLoader("statuspress", "templates"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(lang.translations, newstyle=True)  # type: ignore[attr-defined]
    env.globals["link_rel"] = text.LINK_REL  # on every link to an address from content
    env.globals["lang"] = lang.code
    zone = tz if tz is not None else ZoneInfo("UTC")
    env.globals.update(
        label=partial(labels.label, lang),
        word=partial(labels.word, lang),
        iso=text.iso,
        when=lambda moment: lang.when(moment, zone),
    )
    return env


def template_reads(
    env: jinja2.Environment, name: str, known: Memo[str, TemplateUse] | None = None
) -> frozenset[str] | None:
    """The context variables ``name`` and the templates it uses read, with a digest of
    their sources; None when a template it uses cannot be known before rendering.

    ``known`` keeps what each source reads, by a digest of it, across builds."""
    reads: set[str] = set()
    digest = hashlib.blake2b(digest_size=16)
    todo, seen = [name], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        assert env.loader is not None
        try:
            source, filename, _ = env.loader.get_source(env, current)
        except jinja2.TemplateNotFound:  # an optional include: its use is not known ahead
            return None
        this = hashlib.blake2b(f"{current}\0{source}\0".encode(), digest_size=16).hexdigest()
        digest.update(this.encode())
        read = partial(_template_use, env, source, current, filename)
        variables, uses = (known or Memo()).get(this, read)
        reads |= variables
        for used in uses:
            if used is None:
                return None
            todo.append(used)
    return frozenset({*reads, f"\0{digest.hexdigest()}"})


def deferred(
    env: jinja2.Environment,
    template: str,
    full: dict[str, Any],
    zone: tuple[str, str],
    memo: Memo[str, str] | None,
    uses: Memo[str, TemplateUse] | None,
    reads_of: dict[str, frozenset[str] | None],
    seen: dict[int, tuple[Any, str]] | None = None,
    kept: bool = True,
) -> tuple[str | None, str | Callable[[], str]]:
    """The key of ``template`` rendered with ``full`` (a digest of the template's
    sources and the values of everything it reads: see :func:`fingerprint`), and a
    function that renders it (or takes it from ``memo``, unless not ``kept``); no key,
    and the page rendered, when what it reads cannot be known ahead. ``seen`` is as for
    :func:`fingerprint`."""
    # Rendered when asked for: the engine asks as it writes each page.
    made = partial(_made, env, template, full)
    if memo is None:
        return None, made
    if template not in reads_of:
        reads_of[template] = template_reads(env, template, uses)
    reads = reads_of[template]
    if reads is None:
        return None, made
    # The same template with the same values of what it reads gives the same page.
    values = "".join([f"\0{name}={fingerprint(full[name], seen)}" for name in _read(reads, *full)])
    head = _key_head(template, zone, reads)
    key = hashlib.blake2b(head + values.encode(), digest_size=16).hexdigest()
    return key, partial(memo.get, key, made) if kept else made


@functools.lru_cache(maxsize=256)
def _read(reads: frozenset[str], *names: str) -> list[str]:
    """Which of ``names`` (a page's values) its template ``reads``, in order."""
    return sorted(reads.intersection(names))


@functools.lru_cache(maxsize=64)
def _key_head(template: str, zone: tuple[str, str], reads: frozenset[str]) -> bytes:
    """What starts the key of every page of ``template`` (made once per template)."""
    return repr((template, zone, sorted(reads))).encode()


def _made(env: jinja2.Environment, template: str, full: dict[str, Any]) -> str:
    return env.get_template(template).render(full)


_PLAIN = frozenset({str, int, float, bool, type(None)})
"""Values whose ``repr`` says all of them, and that hold nothing else."""


def fingerprint(value: Any, seen: dict[int, tuple[Any, str]] | None = None) -> str:
    """A text that says all of ``value``, as far as a template can read it: its
    ``repr``, but a :class:`View` by its key (which says all of its fields). ``seen``
    keeps the text of each list and dict met in one build, with the value itself (so
    that its ``id`` is not reused), for values that several pages read alike; they must
    not change once a page has read them."""
    kind = type(value)
    if kind is View:
        return f"View({value._key})"
    if kind is Fragment:
        return f"Fragment({value._digest})"
    if kind is not list and kind is not tuple and kind is not dict:
        return repr(value)
    known = seen.get(id(value)) if seen is not None else None
    if known is not None:
        return known[1]
    if kind is dict:
        if all(type(v) in _PLAIN for v in value.values()):
            text = repr(value)
        else:
            text = "{" + ",".join([f"{k!r}:{fingerprint(v, seen)}" for k, v in value.items()]) + "}"
    elif all(type(v) in _PLAIN for v in value):
        text = repr(value)
    else:
        text = "[" + ",".join([fingerprint(item, seen) for item in value]) + "]"
    if seen is not None:
        seen[id(value)] = (value, text)
    return text


def _template_use(
    env: jinja2.Environment, source: str, name: str, filename: str | None
) -> TemplateUse:
    """What the template ``name`` reads; an error in it names its file (Jinja's
    analysis of a parsed tree would name none, or ``<introspection>``)."""
    try:
        tree = env.parse(source, name, filename)
        variables = frozenset(jinja2.meta.find_undeclared_variables(tree))
    except jinja2.TemplateSyntaxError as exc:
        exc.name, exc.filename = name, filename
        raise
    return variables, tuple(jinja2.meta.find_referenced_templates(tree))


class Fields(Protocol):
    """What a :class:`View` shows: its fields, made on first use (:meth:`made`), and
    those of :attr:`later`, each made only when a template reads it."""

    @property
    def later(self) -> tuple[str, ...]: ...

    def made(self) -> dict[str, Any]: ...

    def field(self, name: str) -> Any:
        """The field ``name`` of :attr:`later`."""
        ...


_NO_EXTRA: Mapping[str, Any] = MappingProxyType({})


class View(Mapping[str, Any]):
    """What a template reads of one event, worked out on first use, with a key that
    stands for all of it (see :func:`generator.depends.event_key`): a page whose
    events' keys are as the last build left them is not rendered again, so their
    views are never worked out. ``fields`` gives them (see :class:`Fields`); ``extra``
    adds fields of the view's own (:meth:`but`).

    A rebuild makes views of every event (for their keys) and reads few: a view and
    what makes its fields are two small objects (with ``__slots__``), not a closure
    per field (at 5,000 incidents that was some 60,000 objects more, and a pass of the
    garbage collector over them)."""

    __slots__ = ("_extra", "_fields", "_key")

    def __init__(self, key: str, fields: Fields, extra: Mapping[str, Any] = _NO_EXTRA) -> None:
        self._key = key
        self._fields = fields
        self._extra = extra

    def __getitem__(self, name: str) -> Any:
        if name in self._extra:
            return self._extra[name]
        if name in self._fields.later:
            return self._fields.field(name)
        return self._fields.made()[name]

    def __iter__(self) -> Iterator[str]:
        yield from self._fields.made()
        yield from self._fields.later
        yield from self._extra

    def __len__(self) -> int:
        return len(self._fields.made()) + len(self._fields.later) + len(self._extra)

    def __repr__(self) -> str:
        return f"View({self._key})"

    def but(self, **extra: Any) -> View:
        """This view with ``extra`` fields added (their values in its key)."""
        key = hashlib.blake2b(repr((self._key, extra)).encode(), digest_size=16).hexdigest()
        return View(key, self._fields, {**self._extra, **extra})


class EventFields:
    """The fields of one event's view (see :class:`View`), each part made once: the
    fields but the HTML, the updates (with their HTML) and the body's HTML."""

    later: tuple[str, ...] = ("updates", "body_html")
    __slots__ = ("_body", "_event", "_fields", "_pms", "_renderer", "_updates")

    def __init__(self, renderer: PageRenderer, event: Event, pms: list[dict[str, str]]) -> None:
        self._renderer, self._event, self._pms = renderer, event, pms
        self._fields: dict[str, Any] | None = None
        self._updates: list[dict[str, Any]] | None = None
        self._body: str | None = None

    def made(self) -> dict[str, Any]:
        if self._fields is None:
            self._fields = self._renderer._fields(self._event, self._pms)
        return self._fields

    def field(self, name: str) -> Any:
        if name == "updates":
            if self._updates is None:
                self._updates = self._renderer._updates(self._event)
            return self._updates
        if name == "body_html":
            if self._body is None:
                self._body = self._renderer._body(self._event)
            return self._body
        raise KeyError(name)


class Fragment(Mapping[str, Any]):
    """A part of a page rendered on its own, from ``fields``, and kept in the pages memo
    by its key (see :func:`deferred`): a page made of many parts renders again only the
    parts whose key changed. A template writes it as it is (``{{ month }}``), or reads
    its fields as before (``{{ month.label }}``, for a template of the site's own)."""

    def __init__(
        self, key: str | None, content: str | Callable[[], str], fields: dict[str, Any]
    ) -> None:
        self._content = content
        self._digest = key if key is not None else f"html:{self.__html__()}"
        """Its key, or all of it when it has none (see :func:`deferred`)."""
        self._fields = fields

    def __html__(self) -> str:
        return self._content if isinstance(self._content, str) else self._content()

    def __getitem__(self, name: str) -> Any:
        return self._fields[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._fields)

    def __len__(self) -> int:
        return len(self._fields)

    def __repr__(self) -> str:
        return f"Fragment({self._digest})"


class PageRenderer:
    def __init__(self, snapshot: Snapshot, context: Context) -> None:
        self.snapshot = snapshot
        self.site = site = snapshot.site
        self.env = context.env
        self.memo: Memo[str, str] | None = context.pages
        self.uses: Memo[str, TemplateUse] | None = context.uses
        self._reads: dict[str, frozenset[str] | None] = {}
        self.tz = site.settings.tz
        self.lang = language(site.settings.language)
        self.markdown = context.prose
        self._views: dict[str, View] = {}
        self._components: dict[tuple[str, str], dict[str, Any]] = {}
        self._dated: dict[str, tuple[str, date, View]] = {}
        """Each event's month, day and view with its day, as the histories list it."""
        self._names = site.settings.component_names
        self._settings_key = digest("settings", site.settings)
        """What every view reads of the settings, in its key: all of them."""
        self._events = {e.id: e for e in site.events}
        self._seen: dict[int, tuple[Any, str]] = {}
        """The fingerprints of the values several pages read (see :func:`fingerprint`)."""
        self._set: dict[str, StatusChange] = snapshot.set_statuses
        self._logs = {log.id for log in site.component_logs}
        self._postmortem_urls = postmortem_urls(site)
        self._uptime = snapshot.uptime

    # Views ---------------------------------------------------------------

    def view(self, event: Event) -> View:
        """What the templates need to know about one event, worked out once, on first use."""
        if event.id in self._views:
            return self._views[event.id]
        pms = [
            {"title": p.title, "url": self._postmortem_urls[p.id]}
            for p in derive.postmortems_of(self.site, event.id)
        ]
        known = self.snapshot.wholes[event.id]
        key = event_key(event, self.site.now, self._settings_key, pms, known=known)
        result = View(key, EventFields(self, event, pms))
        self._views[event.id] = result
        return result

    def _fields(self, event: Event, pms: list[dict[str, str]]) -> dict[str, Any]:
        """The fields of an event's view, but its HTML (see :meth:`view`): everything in
        them comes from the event, the settings and the time (all in the view's key)."""
        now = self.site.now
        names = self._names
        shown = self.snapshot.shown_components(event)
        impact = derive.impact(event, now)
        result: dict[str, Any] = {
            "id": event.id,
            "kind": event.kind,
            "url": f"incidents/{event.id}/",
            "title": event.title,
            "status": shown_status(event, now),
            "impact": impact,
            "impact_label": labels.impact(self.lang, impact),
            "components": [{"name": names[c], "status": s} for c, s in shown.items()],
            "tags": event.tags,
            "ended": derive.ended_at(event, now),
            "duration": self.lang.span(derive.duration(event, now)),
            "postmortems": pms,
            "promise": self._promise(event),
        }
        if isinstance(event, Incident):
            result["started"] = event.started
        if isinstance(event, Maintenance):
            result["scheduled_start"] = event.scheduled_start
            result["scheduled_end"] = event.scheduled_end
        return result

    def _updates(self, event: Event) -> list[dict[str, Any]]:
        names = self._names
        page = f"{urlsplit(self.site.settings.url).path}incidents/{event.id}/"
        return [
            {
                "key": u.key,
                "at": u.at,
                "status": u.status,
                # Its links lead where they do on the event's page, on every page it is on.
                "html": text.absolute_links(self.markdown(text.said(u, self.lang)), page),
                "components": [{"name": names[c], "status": s} for c, s in u.components.items()],
            }
            for u in reversed(derive.updates_at(event, self.site.now))
        ]

    def _body(self, event: Event) -> str:
        return self.markdown(event.body) if event.body.strip() else ""

    def _promise(self, event: Event) -> dict[str, Any] | None:
        """The open incident's promise of a next update, as shown: a passed one only when
        the site chooses to show it (``show_overdue``)."""
        now = self.site.now
        promised = derive.promise(event, now)
        overdue = derive.is_overdue(event, now)
        if promised is None or (overdue and not self.site.settings.show_overdue):
            return None
        local = promised.astimezone(self.tz)
        same_day = local.date() == now.astimezone(self.tz).date()
        label = self.lang.clock(local) if same_day else self.lang.when(promised, self.tz)
        return {"at": promised, "label": label, "overdue": overdue}

    def _render(
        self, template: str, page_url: str, *, kept: bool = True, **context: Any
    ) -> tuple[str | None, str | Callable[[], str]]:
        """The key and content of ``template`` rendered for the page at ``page_url``
        (see :func:`deferred`: one not ``kept`` is not stored)."""
        full = {
            "root": "../" * page_url.count("/"),
            "site_name": self.site.settings.name,
            "time_zone": self.site.settings.time_zone,
            "now": self.site.now,
            **context,
        }
        zone = self.site.settings.time_zone, self.lang.code
        return deferred(
            self.env, template, full, zone, self.memo, self.uses, self._reads, self._seen, kept
        )

    # Pages ---------------------------------------------------------------

    def status_page(self) -> Page:
        site, now, _ = self.site, self.site.now, self.lang.gettext
        indicator, description = self.snapshot.indicator
        description = _(description)
        events = self.snapshot.recent
        statuses = self.snapshot.statuses
        context: dict[str, Any] = {
            "indicator": indicator,
            "description": description,
            "open_incidents": [
                self.view(e) for e in events if isinstance(e, Incident) and derive.is_open(e, now)
            ],
            "active_maintenances": [
                self.view(e)
                for e in events
                if isinstance(e, Maintenance) and derive.is_open(e, now)
            ],
            "upcoming_maintenances": sorted(
                (self.view(e) for e in events if derive.is_upcoming(e, now)),
                key=lambda v: v["scheduled_start"],
            ),
            "groups": self._groups(statuses),
            "uptime_days": site.settings.uptime_days,
            "past_days": self._past_days(events),
            "webcal": webcal_url(site.settings.url),
        }
        key, html = self._render("status.html", "", **context)
        title = _("%(name)s status") % {"name": site.settings.name}
        return Page("", title, description, html, in_search=False, in_nav=True, key=key)

    def event_page(self, event: Event) -> Page:
        url = f"incidents/{event.id}/"
        key, html = self._render("incident.html", url, view=self.view(event))
        _ = self.lang.gettext
        what = _("Incident on %(name)s: %(status)s")
        if not isinstance(event, Incident):
            what = _("Maintenance on %(name)s: %(status)s")
        status = labels.word(self.lang, shown_status(event, self.site.now))
        description = what % {"name": self.site.settings.name, "status": status}
        # Incident pages stay out of the search index to keep it small; their text is
        # short, chronological and reachable from the history. Postmortems are indexed.
        return Page(url, event.title, description, html, in_search=False, key=key)

    def _by_month(self, events: list[Event]) -> list[dict[str, Any]]:
        """``events`` filed by the month they happen in (a maintenance under its scheduled
        month), newest first, each with its day."""
        months: list[dict[str, Any]] = []
        ordered = sorted(events, key=lambda e: (derive.happened_at(e), e.id), reverse=True)
        for event in ordered:
            key, day, view = self._dated_view(event)
            if not months or months[-1]["key"] != key:
                months.append({"key": key, "label": self.lang.month(day), "events": []})
            months[-1]["events"].append(view)
        return months

    def _dated_view(self, event: Event) -> tuple[str, date, View]:
        """The month an event is filed under, its day, and its view with that day."""
        found = self._dated.get(event.id)
        if found is None:
            day = derive.happened_at(event).astimezone(self.tz).date()
            view = self.view(event).but(day=self.lang.day_month(day))
            found = self._dated[event.id] = (f"{day:%Y-%m}", day, view)
        return found

    def _history_month(self, month: dict[str, Any]) -> Fragment:
        """One month of the history (see :meth:`_by_month`), as a part of the page kept
        by its own key (see :class:`Fragment`)."""
        key, content = self._render("_history_month.html", "history/", month=month)
        return Fragment(key, content, month)

    def history_page(self) -> Page:
        """The history, each month a :class:`Fragment`: an edit renders its month again,
        and the page is put together from the others as the last build left them.

        The page itself is not kept in the memo: putting it together again costs little
        (it is in the navigation, so every build does), and keeping it wrote all of the
        history (3.5 MB at 10,000 incidents) into the build cache after every edit."""
        months = [self._history_month(month) for month in self._by_month(self.snapshot.recent)]
        key, html = self._render("history.html", "history/", kept=False, months=months)
        _ = self.lang.gettext
        description = _("Every incident and maintenance of %(name)s")
        description %= {"name": self.site.settings.name}
        return Page("history/", _("Incident history"), description, html, False, True, key)

    # Parts of the status page -------------------------------------------

    def _groups(self, statuses: dict[str, str]) -> list[dict[str, Any]]:
        groups: list[dict[str, Any]] = []
        by_name: dict[str, dict[str, Any]] = {}
        for component in self.site.settings.components:
            item = self._component(component, statuses[component.id])
            if component.group is None:
                groups.append({"name": None, "components": [item]})
                continue
            if component.group not in by_name:
                by_name[component.group] = {"name": component.group, "components": []}
                groups.append(by_name[component.group])
            by_name[component.group]["components"].append(item)
        for group in groups:
            group["status"] = derive.group_status(c["status"] for c in group["components"])
        return groups

    def component_pages(self) -> Iterator[Page]:
        """One page per component (``components/<id>/``): its status, bars, uptime over
        30, 90 and 365 days, and its incidents and maintenances, newest first, paged."""
        statuses = self.snapshot.statuses
        for component in self.site.settings.components:
            item = self._component(component, statuses[component.id])
            first = {
                "c": item,
                "updated": self.site.now,
                "ranges": [
                    {
                        "days": n,
                        "percent": derive.format_percent(
                            self._uptime(component, n).percent, self.lang
                        ),
                    }
                    for n in derive.UPTIME_RANGES
                ],
                "by_day": self._days_of(component),
            }
            # The pages after the first hold the history alone, under the component's
            # name and status: nothing on them changes as time goes by (no uptime, no
            # time of the update), and they are not made again for it.
            later: dict[str, Any] = {
                "c": {name: item[name] for name in ARCHIVE_HEAD},
                "updated": None,
                "ranges": [],
                "by_day": [],
            }
            events = list(self._listed[component.id])
            events.sort(key=lambda e: (derive.happened_at(e), e.id), reverse=True)
            chunks = [
                events[i : i + COMPONENT_PAGE_SIZE]
                for i in range(0, len(events), COMPONENT_PAGE_SIZE)
            ] or [[]]
            base = f"components/{component.id}/"
            urls = [base] + [f"{base}page/{n}/" for n in range(2, len(chunks) + 1)]
            for number, chunk in enumerate(chunks, start=1):
                url = urls[number - 1]
                key, html = self._render(
                    "component.html",
                    url,
                    **(first if number == 1 else later),
                    uptime_days=self.site.settings.uptime_days,
                    webcal=webcal_url(self.site.settings.url),
                    months=self._by_month(chunk),
                    page={
                        "number": number,
                        "count": len(chunks),
                        "size": COMPONENT_PAGE_SIZE,
                        "total": len(events),
                        "newer": urls[number - 2] if number > 1 else None,
                        "older": urls[number] if number < len(chunks) else None,
                    },
                )
                _ = self.lang.gettext
                values = {"name": component.name, "number": number}
                title = component.name if number == 1 else _("%(name)s (page %(number)d)") % values
                description = _("Status, uptime and incident history of %(name)s") % values
                yield Page(url, title, description, html, in_search=False, key=key)

    @cached_property
    def _listed(self) -> dict[str, list[Event]]:
        """The public events each component's page lists (those naming it in their front
        matter, or that it shows with a status), most recent first, by its id: one pass
        over the events, not one per component."""
        found: dict[str, list[Event]] = {c.id: [] for c in self.site.settings.components}
        for event in self.snapshot.recent:
            for ident in {*event.components, *self.snapshot.shown_components(event)}:
                listed = found.get(ident)
                if listed is not None:
                    listed.append(event)
        return found

    def _days_of(self, component: Any) -> list[dict[str, Any]]:
        """The bar's days, newest first, for the anchors bar cells link to: a day with
        incidents or maintenance lists them, a run of quiet days is one line."""
        uptime = self._uptime(component)
        events = self._events
        result: list[dict[str, Any]] = []
        for d in reversed(uptime.days):
            shown = [self.view(events[i]) for i in d.incidents if i in events]
            logs = [i for i in d.incidents if i in self._logs]
            if shown or logs or d.level not in ("ok", "nodata"):
                result.append(
                    {
                        "ids": [d.day.isoformat()],
                        "label": self.lang.day(d.day),
                        "text": self._day_text(d),
                        "level": d.level,
                        "events": shown,
                    }
                )
                continue
            if result and result[-1]["events"] == [] and result[-1].get("quiet") == d.has_data:
                run = result[-1]
                run["ids"].append(d.day.isoformat())
                run["label"] = self.lang.gettext("%(first)s to %(last)s") % {
                    "first": self.lang.day(d.day),
                    "last": run["last"],
                }
                continue
            label = self.lang.day(d.day)
            result.append(
                {
                    "ids": [d.day.isoformat()],
                    "label": label,
                    "last": label,
                    "quiet": d.has_data,
                    "level": d.level,
                    "events": [],
                    "text": "",
                }
            )
        return result

    def _component(self, component: Any, status: str) -> dict[str, Any]:
        """What the status page and the component's own page show of ``component``,
        worked out once for both."""
        key = component.id, status
        if key not in self._components:
            self._components[key] = self._work_out(component, status)
        return self._components[key]

    def _work_out(self, component: Any, status: str) -> dict[str, Any]:
        uptime = self._uptime(component)
        narrow = derive.Uptime(uptime.days[-NARROW_DAYS:])
        days = [
            {
                "level": d.level,
                "text": self._day_text(d),
                "date": d.day.isoformat(),
                # Out of the keyboard's way: 90 stops a component, 9,000 for 100 of them.
                "quiet": d.level in ("ok", "nodata") and not d.incidents,
            }
            for d in uptime.days
        ]
        lang = self.lang
        percent = derive.format_percent(uptime.percent, lang)
        bad = [
            days[i]
            for i, d in enumerate(uptime.days)
            if d.level not in ("ok", "nodata", "maintenance")
        ]
        values = {"name": component.name, "percent": percent, "days": len(days), "bad": len(bad)}
        if uptime.percent is None:
            summary = lang.gettext("%(name)s: no uptime data yet") % values
        else:
            summary = (
                lang.ngettext(
                    "%(name)s: %(percent)s uptime over the last %(days)d day",
                    "%(name)s: %(percent)s uptime over the last %(days)d days",
                    len(days),
                )
                % values
            )
        if bad:
            trouble = lang.ngettext(
                "; %(bad)d day with trouble.", "; %(bad)d days with trouble.", len(bad)
            )
            summary += trouble % values
        else:
            summary += lang.gettext("; no downtime recorded.")
        return {
            "id": component.id,
            "name": component.name,
            "description": component.description,
            "status": status,
            "days": days,
            "bad_days": list(reversed(bad)),
            "percent": percent,
            "narrow_percent": derive.format_percent(narrow.percent, lang),
            "narrow_days": min(NARROW_DAYS, len(days)),
            "url": f"components/{component.id}/",
            "summary": summary,
            "set": self._set_view(self._set.get(component.id)),
        }

    def _set_view(self, change: StatusChange | None) -> dict[str, Any] | None:
        """A status set on the component without an incident, as the status page says it."""
        if change is None:
            return None
        return {
            "status": change.status,
            "at": change.at,
            "html": self.markdown(change.message) if change.message else "",
        }

    def _day_text(self, d: derive.Day) -> str:
        lang = self.lang
        _ = lang.gettext
        label = lang.day(d.day)
        if not d.has_data:
            return _("%(day)s: no data") % {"day": label}
        parts = []
        for minutes, status in (
            (d.major, "major_outage"),
            (d.partial, "partial_outage"),
            (d.degraded, "degraded_performance"),
            (d.maintenance, "under_maintenance"),
        ):
            if minutes:
                said = {"status": labels.word(lang, status), "time": lang.minutes(minutes)}
                parts.append(_("%(status)s %(time)s") % said)
        if not parts:
            return _("%(day)s: No downtime recorded on this day") % {"day": label}
        titles = [self._title(i) for i in d.incidents]
        return f"{label}: " + ", ".join(parts) + " (" + "; ".join(titles) + ")"

    def _title(self, ident: str) -> str:
        if ident in self._logs:
            return self.lang.gettext("status set on the component, no incident")
        event = self._events.get(ident)
        return event.title if event is not None else ident

    def _past_days(self, events: list[Event]) -> list[dict[str, Any]]:
        today = self.site.now.astimezone(self.tz).date()
        first = today - timedelta(days=PAST_DAYS - 1)
        by_day: dict[Any, list[View]] = {}
        for event in events:
            if derive.is_upcoming(event, self.site.now):
                continue
            started = derive.began_at(event, self.site.now) or derive.created_at(event)
            day = started.astimezone(self.tz).date()
            if first <= day <= today:
                by_day.setdefault(day, []).append(self.view(event))
        result = []
        for offset in range(PAST_DAYS):
            day = today - timedelta(days=offset)
            result.append({"label": self.lang.day(day), "events": by_day.get(day, [])})
        return result


def site_pages(snapshot: Snapshot, context: Context) -> Iterator[Output]:
    """The status page, the history, the component pages and a page per public
    incident and maintenance, one by one."""
    yield from status_pages(snapshot, context)
    yield from event_pages(snapshot, context)


def status_pages(snapshot: Snapshot, context: Context) -> Iterator[Output]:
    """The status page, the history and the component pages (what a rebuild makes in a
    forked process: see :mod:`generator.render.aside`)."""
    renderer = shared(snapshot, context)
    yield renderer.status_page()
    yield renderer.history_page()
    yield from renderer.component_pages()


def event_pages(snapshot: Snapshot, context: Context) -> Iterator[Output]:
    """A page per public incident and maintenance."""
    renderer = shared(snapshot, context)
    site = snapshot.site
    yield from (renderer.event_page(e) for e in site.events if derive.is_public(e, site.now))


def shared(snapshot: Snapshot, context: Context) -> PageRenderer:
    """The one page renderer of ``snapshot`` in the build of ``context``: the status
    pages and the events' pages read the same views of the events, each worked out
    once."""
    renderer = context.shared.get("pages")
    if not isinstance(renderer, PageRenderer) or renderer.snapshot is not snapshot:
        renderer = context.shared["pages"] = PageRenderer(snapshot, context)
    return renderer


def prepare(snapshot: Snapshot, context: Context) -> None:
    """Work out ahead what both the status pages and the events' pages read: the views
    of the events, and the derived facts the status page shows (before a rebuild forks,
    so that neither process works them out again: see :mod:`generator.render.aside`)."""
    renderer = shared(snapshot, context)
    for event in snapshot.site.events:
        renderer.view(event)
    _ = snapshot.recent, snapshot.indicator
