"""The postmortem archive: one page per published postmortem, the archive with its
facet pages (service, severity, tag, year: filters that work without JavaScript),
and the postmortem feeds."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, time
from functools import partial
from typing import Any

import jinja2
from markupsafe import escape

from .. import derive, learning, metrics
from ..categories import shown
from ..depends import digest
from ..i18n import N_, language
from ..memo import Memo
from ..model import Postmortem, Site, stable_id
from ..snapshot import Snapshot
from ..vocabulary import ACTION_LABELS, NO_SEVERITY, STATUS_LABELS
from . import text
from .addresses import OLD_POSTMORTEM_SUFFIX, postmortem_urls, redirect
from .base import Context, Output, TemplateUse, files
from .feeds import new_feed, serialise
from .pages import Page, deferred
from .patterns import learning_pages

FACET_TITLES = {
    "service": N_("Service"),
    "severity": N_("Severity"),
    "tag": N_("Tag"),
    "category": N_("Contributing factor"),
    "year": N_("Year"),
}


def slug(value: str) -> str:
    """A URL segment for a tag or severity; long ones are cut and made unique by a hash."""
    text = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
    if len(text) > 40:
        text = f"{text[:32].rstrip('-')}-{stable_id('slug', value)[:6]}"
    return text


class View(dict[str, Any]):
    """A postmortem as the templates see it. Its ``repr``, on which the page memo keys
    (see :func:`generator.render.pages.deferred`), is a digest of all it holds,
    worked out once: every archive page lists many views, and would otherwise write
    each of them out again for its key."""

    _digest: str | None = None

    def __repr__(self) -> str:
        if self._digest is None:
            self._digest = hashlib.blake2b(dict.__repr__(self).encode(), digest_size=16).hexdigest()
        return f"View({self._digest})"


class PostmortemRenderer:
    def __init__(
        self,
        site: Site,
        env: jinja2.Environment,
        markdown: text.MarkdownRenderer,
        memo: Memo[str, str] | None = None,
        uses: Memo[str, TemplateUse] | None = None,
    ) -> None:
        self.site = site
        self.env = env
        self.memo, self.uses = memo, uses
        self._reads: dict[str, frozenset[str] | None] = {}
        self.tz = site.settings.tz
        self.lang = language(site.settings.language)
        self.categories = tuple(shown(c, self.lang.gettext) for c in site.settings.categories)
        self.today = site.now.astimezone(self.tz).date()
        self.markdown = markdown
        self.published = list(learning.published(site))
        self.tag_slugs = self._tag_slugs()
        self.urls = postmortem_urls(site)
        self.views: list[dict[str, Any]] = [self.view(p) for p in self.published]
        self._facet_pages: list[tuple[str, str, str, str, list[dict[str, Any]]]] | None = None
        self._filter_groups: list[dict[str, Any]] | None = None

    def _tag_slugs(self) -> dict[str, str]:
        slugs: dict[str, str] = {}
        taken: set[str] = set()
        for tag in sorted({t for p in self.published for t in p.tags}):
            candidate = slug(tag) or stable_id("tag", tag)[:6]
            # Until it is free: a tag can be written as another's slug with its hash.
            while candidate in taken:
                candidate = f"{candidate}-{stable_id('tag', tag)[:6]}"
            slugs[tag] = candidate
            taken.add(candidate)
        return slugs

    def view(self, postmortem: Postmortem) -> dict[str, Any]:
        site, now = self.site, self.site.now
        incidents = [i for ident in postmortem.incidents if (i := site.incident(ident))]
        severities = [metrics.severity_of(i) for i in incidents]
        severity = min(severities, key=metrics.SEVERITY_ORDER.index, default=NO_SEVERITY)
        names = site.settings.component_names
        categories = {c.id: c.name for c in self.categories}
        day = postmortem.published or self.today
        return View(
            {
                "id": postmortem.id,
                "near_miss": postmortem.is_near_miss,
                "roles": postmortem.roles,
                "factors": [
                    {"id": f.category, "name": categories[f.category], "description": f.description}
                    for f in postmortem.contributing_factors
                ],
                "went_well": postmortem.went_well,
                "url": self.urls[postmortem.id],
                "title": postmortem.title,
                "summary": postmortem.summary,
                "date": day,
                "date_label": self.lang.day(day),
                "year": str(day.year),
                "severity": severity,
                "services": [{"id": s, "name": names[s]} for s in postmortem.services],
                "tags": [{"name": t, "slug": self.tag_slugs[t]} for t in postmortem.tags],
                "authors": postmortem.authors,
                "incidents": [
                    {
                        "title": i.title,
                        "url": f"incidents/{i.id}/",
                        "duration": self.lang.span(derive.duration(i, now)),
                        "severity": metrics.severity_of(i),
                    }
                    for i in incidents
                ],
                "related": [
                    {"title": i.title, "url": f"incidents/{i.id}/"}
                    for ident in postmortem.related
                    if (i := site.incident(ident))
                ],
                "actions": [
                    {
                        "title": a.title,
                        "owner": a.owner,
                        "status": a.status,
                        "status_label": self.lang.gettext(ACTION_LABELS[a.status]),
                        "due": a.due,
                        "due_label": self.lang.day(a.due) if a.due else "",
                        "overdue": a.is_overdue(self.today),
                        "ticket": a.ticket,
                        "ticket_is_link": bool(a.ticket and re.match(r"^https?://", a.ticket)),
                        "reason": a.reason,
                        "category": a.category,
                        "category_name": categories[a.category] if a.category else "",
                    }
                    for a in postmortem.action_items
                ],
                "body_html": self.markdown(postmortem.body) if postmortem.body.strip() else "",
            }
        )

    def _render(self, template: str, url: str, **context: Any) -> str:
        _, content = self._deferred(template, url, **context)
        return content if isinstance(content, str) else content()

    def _deferred(
        self, template: str, url: str, **context: Any
    ) -> tuple[str | None, str | Callable[[], str]]:
        """The key and content of ``template`` for the page at ``url`` (see
        :func:`~generator.render.pages.deferred`): a page whose key is as the last build
        left it is never rendered, nor taken from the cache."""
        full = {"root": "../" * url.count("/"), "site_name": self.site.settings.name, **context}
        zone = self.site.settings.time_zone, self.lang.code
        return deferred(self.env, template, full, zone, self.memo, self.uses, self._reads)

    # Pages ---------------------------------------------------------------

    def pages(self) -> list[Page]:
        _ = self.lang.gettext
        result = [self._archive("postmortems/", _("Postmortems"), self.views, None)]
        for view in self.views:
            key, html = self._deferred(
                "postmortem.html", view["url"], pm=view, labels=STATUS_LABELS
            )
            result.append(Page(view["url"], view["title"], view["summary"][:300], html, key=key))
        for facet, key, value, name, views in self._facets():
            url = f"postmortems/{facet}/{key}/"
            label = _("tagged %(tag)s") % {"tag": name} if facet == "tag" else name
            title = _("Postmortems: %(label)s") % {"label": label}
            result.append(self._archive(url, title, views, (facet, value)))
        result += learning_pages(self.site, self._render, self.views, self.lang)
        return result

    def _facets(self) -> list[tuple[str, str, str, str, list[dict[str, Any]]]]:
        """Each facet page's facet, slug, value, name and views, worked out once."""
        if self._facet_pages is None:
            self._facet_pages = self._facets_of()
        return self._facet_pages

    def _facets_of(self) -> list[tuple[str, str, str, str, list[dict[str, Any]]]]:
        facets = []
        names = self.site.settings.component_names
        for component in self.site.settings.every_component:  # a retired service's too
            chosen = [v for v in self.views if component.id in {s["id"] for s in v["services"]}]
            if chosen:
                facets.append(("service", component.id, component.id, names[component.id], chosen))
        for severity in metrics.SEVERITY_ORDER:
            chosen = [v for v in self.views if v["severity"] == severity and not v["near_miss"]]
            if chosen:
                shown = self.lang.gettext(severity)  # "No impact"; SEV-1 is a code
                facets.append(("severity", slug(severity), severity, shown, chosen))
        for tag, tag_slug in self.tag_slugs.items():
            chosen = [v for v in self.views if tag in {t["name"] for t in v["tags"]}]
            facets.append(("tag", tag_slug, tag, tag, chosen))
        for category in self.categories:
            chosen = [v for v in self.views if category.id in {f["id"] for f in v["factors"]}]
            if chosen:
                facets.append(("category", category.id, category.id, category.name, chosen))
        for year in sorted({v["year"] for v in self.views}, reverse=True):
            chosen = [v for v in self.views if v["year"] == year]
            facets.append(("year", year, year, year, chosen))
        return facets

    def _filters(self) -> list[dict[str, Any]]:
        """The archive's filters, the same on every archive page, worked out once."""
        if self._filter_groups is None:
            self._filter_groups = self._filters_of()
        return self._filter_groups

    def _filters_of(self) -> list[dict[str, Any]]:
        groups: dict[str, dict[str, Any]] = {}
        for facet, key, value, name, views in self._facets():
            title = self.lang.gettext(FACET_TITLES[facet])
            group = groups.setdefault(facet, {"facet": facet, "title": title, "items": []})
            group["items"].append(
                {
                    "url": f"postmortems/{facet}/{key}/",
                    "name": name,
                    "value": value,
                    "count": len(views),
                }
            )
        return list(groups.values())

    def _archive(
        self, url: str, title: str, views: list[dict[str, Any]], current: tuple[str, str] | None
    ) -> Page:
        key, html = self._deferred(
            "postmortems.html",
            url,
            title=title,
            views=views,
            filters=self._filters(),
            current=current,
            page_url=url,
        )
        description = self.lang.gettext("Blameless postmortems of %(name)s incidents")
        description %= {"name": self.site.settings.name}
        return Page(url, title, description, html, in_search=False, in_nav=current is None, key=key)

    # Feeds ---------------------------------------------------------------

    def feeds(self) -> dict[str, bytes]:
        """The postmortem feeds; remembered by what they read (the settings, the
        reference time, and each postmortem's address, title, summary, date and
        authors) when the renderer has a memo."""
        if self.memo is None:
            return self._feeds()
        settings = self.site.settings
        read = digest(
            "postmortems.feed",
            settings,
            self.site.now,
            [
                (v["url"], v["title"], v["summary"], v["date"], v["authors"])
                for v in self.views
                if not v["near_miss"]
            ],
        )
        made: dict[str, bytes] = {}

        def feed(name: str) -> str:
            if not made:
                made.update(self._feeds())
            return made[name].decode()

        names = ("postmortems.atom", "postmortems.rss")
        return {
            name: self.memo.get(f"{read}:{name}", partial(feed, name)).encode() for name in names
        }

    def _feeds(self) -> dict[str, bytes]:
        settings = self.site.settings
        dates = [self._moment(v["date"]) for v in self.views if not v["near_miss"]]
        updated = max(dates, default=self.site.now)
        _ = self.lang.gettext
        named = {"name": settings.name}
        fg = new_feed(
            settings,
            "postmortems",
            _("%(name)s postmortems") % named,
            _("Blameless postmortems of %(name)s incidents") % named,
            updated,
        )
        for view in reversed(self.views):
            if view["near_miss"]:
                continue  # a near miss is in the archive only, never in a feed
            entry = fg.add_entry()
            url = f"{settings.url}{view['url']}"
            entry.id(url)
            entry.guid(url, permalink=True)
            entry.title(view["title"])
            entry.link(href=url)
            moment = self._moment(view["date"])
            entry.published(moment)
            entry.updated(moment)
            # RSS readers take a description as HTML: the summary is text, escaped.
            summary = f"<p>{escape(view['summary'])}</p>"
            entry.description(summary)
            entry.content(summary, type="html")
            for author in view["authors"]:
                entry.author({"name": author})
        return serialise(fg, settings, "postmortems")

    def _moment(self, day: Any) -> datetime:
        return datetime.combine(day, time(0), tzinfo=self.tz).astimezone(UTC)

    def redirects(self) -> dict[str, bytes]:
        """A page at each published postmortem's address before 0.3 (``<id>-postmortem/``)
        that sends readers on to its address now, so links in the wild keep working."""
        files = {}
        for view in self.views:
            old = f"postmortems/{view['id']}/"
            if old != view["url"] and view["id"].endswith(OLD_POSTMORTEM_SUFFIX):
                target = "../" + view["url"].removeprefix("postmortems/")
                files[f"{old}index.html"] = redirect(target, view["title"], self.lang)
        return files


def postmortems(snapshot: Snapshot, context: Context) -> Iterator[Output]:
    """The postmortem pages and archive, their feeds, and the pages moved ones left."""
    renderer = PostmortemRenderer(
        snapshot.site, context.env, context.sections, context.pages, context.uses
    )
    yield from renderer.pages()
    yield from files({**renderer.feeds(), **renderer.redirects()})
