"""The reliability report: figures from :mod:`generator.metrics` as a page with inline
SVG strip charts (drawn at build time, no JavaScript) and as ``/api/reliability.json``."""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import json
import math
from collections.abc import Callable, Iterator
from typing import Any

import jinja2
from markupsafe import Markup, escape

from .. import learning, metrics
from ..depends import digest
from ..i18n import N_, Language, language
from ..model import Site
from ..snapshot import Snapshot
from ..vocabulary import UNFINISHED
from .api import timestamp
from .base import Context, File, Output, Page
from .pages import template_reads

WIDTH, HEIGHT, LEFT, RIGHT, TOP = 640, 96, 16, 16, 14
TICKS = (1, 5, 15, 60, 240, 1440, 10080)
TICK_LABELS = {
    1: N_("1 min"),
    5: N_("5 min"),
    15: N_("15 min"),
    60: N_("1 h"),
    240: N_("4 h"),
    1440: N_("1 d"),
    10080: N_("1 w"),
}


def describe(
    summary: metrics.Summary, lang: Language, minutes: Callable[[float], str] | None = None
) -> str:
    _ = lang.gettext
    if summary.median is None or summary.p90 is None:
        return _("too few incidents (n=%(n)d)") % {"n": summary.n}
    minutes = minutes or _Minutes(lang)
    figures = {
        "median": minutes(summary.median),
        "p90": minutes(summary.p90),
        "n": summary.n,
    }
    return _("median %(median)s, p90 %(p90)s (n=%(n)d)") % figures


def describe_comms(measure: metrics.CommsMeasure, summary: metrics.Summary, lang: Language) -> str:
    """A communication figure, with the incidents that lack its data counted apart."""
    _ = lang.gettext
    lacking = ""
    if summary.lacking:
        said = {"count": summary.lacking, "why": _(measure.lacking)}
        lacking = _("; %(count)d without data (%(why)s)") % said
    if measure.unit == "minutes":
        return describe(summary, lang) + lacking
    if summary.median is None or summary.p90 is None:
        return _("too few incidents (n=%(n)d)") % {"n": summary.n} + lacking
    figures = {"median": f"{summary.median:.0f}", "p10": f"{summary.p90:.0f}", "n": summary.n}
    return _("median %(median)s%%, worst tenth (p10) %(p10)s%% (n=%(n)d)") % figures + lacking


LABEL_ROOM = 56
"""How far apart the median and p90 lines must be for their labels to be centred on
them without touching: half the width of "median" and of "p90" at the size a phone
draws them (21 units), with room for the translations."""

SHOWN = 200
"""The most incidents a measure's chart draws one by one and its list names. A measure
with more is drawn as a histogram and lists only its :data:`TAIL` furthest incidents:
a report that names every incident of a big site weighs megabytes (17.6 MB at 10,000
incidents) and helps no reader. Every incident's figures stay in the JSON."""

TAIL = 50
"""How many of a measure's incidents its list names when it has more than :data:`SHOWN`:
the longest (the lowest share of promises kept); lists of incidents without data name
their first :data:`TAIL`."""

COLUMNS = 48
"""The histogram's columns, of equal width on the logarithmic axis."""


def strip_chart(
    measure: metrics.Measure | metrics.CommsMeasure,
    values: dict[str, float],
    titles: dict[str, str],
    summary: metrics.Summary,
    lang: Language,
    minutes: Callable[[float], str] | None = None,
) -> Markup:
    """Every incident as a point on a logarithmic time axis, with median and p90 marked;
    more than :data:`SHOWN` incidents as a histogram on the same axis."""
    minutes = minutes or _Minutes(lang)
    top = max([TICKS[2], *values.values()])
    high = math.log10(max(top, 1) * 1.2)
    span = WIDTH - LEFT - RIGHT

    def x(minutes: float) -> float:
        share = math.log10(max(minutes, 1)) / high if high else 0
        return round(LEFT + share * span, 1)

    ident = f"chart-{measure.key}"
    _ = lang.gettext
    points = len(values) <= SHOWN
    if points:
        title = _("%(name)s: every incident as a point") % {"name": _(measure.name)}
    else:
        title = _("%(name)s: incidents by duration") % {"name": _(measure.name)}
    said = describe(summary, lang, minutes)
    desc = _("%(summary)s. Logarithmic time axis.") % {"summary": said}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sp-chart" viewBox="0 0 {WIDTH} {HEIGHT}"'
        f' role="img" aria-labelledby="{ident}-title {ident}-desc">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(desc)}</desc>',
        f'<line class="sp-chart__axis" x1="{LEFT}" y1="60" x2="{WIDTH - RIGHT}" y2="60"/>',
    ]
    if not points:
        parts += _bars(list(values.values()), high, lang, minutes, x)
    for tick in TICKS:
        if tick <= top * 1.2:
            parts.append(
                f'<line class="sp-chart__tick" x1="{x(tick)}" y1="58" x2="{x(tick)}" y2="64"/>'
                f'<text class="sp-chart__label" x="{x(tick)}" y="78" text-anchor="middle">'
                f"{_(TICK_LABELS[tick])}</text>"
            )
    # Labels closer than this (in the chart's units) would be drawn over each other: the
    # median's then ends at its line, and the p90's starts at its own.
    median, p90 = summary.median, summary.p90
    close = median is not None and p90 is not None and x(p90) - x(median) < LABEL_ROOM
    for name, shown, value, side in (
        ("median", N_("median"), summary.median, ("end", -2)),
        ("p90", N_("p90"), summary.p90, ("start", 2)),
    ):
        if value is not None:
            anchor, shift = side if close else ("middle", 0)
            parts.append(
                f'<line class="sp-chart__{name}" x1="{x(value)}" y1="{TOP}" x2="{x(value)}" '
                f'y2="60"/><text class="sp-chart__label" x="{round(x(value) + shift, 1)}" '
                f'y="{TOP - 4}" text-anchor="{anchor}">{escape(_(shown))}</text>'
            )
    if points:
        for index, (incident, value) in enumerate(sorted(values.items(), key=lambda kv: kv[1])):
            y = 30 + (index % 5) * 6
            label = f"{titles[incident]}: {minutes(value)}"
            parts.append(
                f'<circle class="sp-chart__point" cx="{x(value)}" cy="{y}" r="4">'
                f"<title>{escape(label)}</title></circle>"
            )
    parts.append("</svg>")
    return Markup("".join(parts))


def _edges(high: float) -> list[int]:
    """The histogram's column edges in whole minutes, past a day in whole hours (as
    :class:`_Minutes` writes a duration, so each edge reads exactly as it is): about
    :data:`COLUMNS` columns of equal width on the axis that ends at ``10 ** high`` minutes,
    those that would round to the same edge merged. The first column starts at 0 and
    ends at 2 minutes at the least: a log axis has no room below a minute."""

    def whole(minutes: float, up: bool = False) -> int:
        step = 60 if minutes >= 24 * 60 else 1
        return (math.ceil if up else round)(minutes / step) * step

    edges = [0]
    for column in range(1, COLUMNS):
        edge = whole(10 ** (high * column / COLUMNS))
        if edge >= 2 and edge > edges[-1]:
            edges.append(edge)
    end = whole(10**high, up=True)
    return [*edges, end] if end > edges[-1] else edges


def _bars(
    values: list[float],
    high: float,
    lang: Language,
    minutes: Callable[[float], str],
    x: Callable[[float], float],
) -> list[str]:
    """The histogram of ``values`` (minutes) over :func:`_edges`, each value in the column
    its figure in the JSON falls in (drawn where the axis puts it, so the median and p90
    lines stand on the column that holds them, and listed with its whole minutes, which
    lie in the same range); each column's height is its count per unit of width (columns
    merged at the low end are wider), and its title the count and the range it holds,
    from its low edge up to, not including, its high edge."""
    edges = _edges(high)
    counts = [0] * (len(edges) - 1)
    for value in values:
        counts[min(bisect.bisect_right(edges, round(value, 2)), len(counts)) - 1] += 1
    ranges = list(itertools.pairwise(edges))
    density = [count / (x(hi) - x(lo)) for count, (lo, hi) in zip(counts, ranges, strict=True)]
    fullest = max(density)
    parts = []
    for count, share, (low, upto) in zip(counts, density, ranges, strict=True):
        if not count:
            continue
        height = round(max(share / fullest * (60 - TOP - 6), 1.5), 1)
        if low:
            label = lang.ngettext(
                "%(num)d incident from %(low)s to under %(high)s",
                "%(num)d incidents from %(low)s to under %(high)s",
                count,
            )
        else:
            label = lang.ngettext(
                "%(num)d incident under %(high)s", "%(num)d incidents under %(high)s", count
            )
        label %= {"num": count, "low": minutes(low), "high": minutes(upto)}
        parts.append(
            f'<rect class="sp-chart__bar" x="{x(low)}" y="{round(60 - height, 1)}" '
            f'width="{round(max(x(upto) - x(low) - 1, 1), 1)}" height="{height}">'
            f"<title>{escape(label)}</title></rect>"
        )
    return parts


def listed(
    values: dict[str, float],
    titles: dict[str, str],
    value: Callable[[float], str],
    lang: Language,
    lowest_worst: bool = False,
) -> dict[str, Any]:
    """A measure's list of incidents as the page shows it: every incident, shortest
    first, or, past :data:`SHOWN`, the :data:`TAIL` longest (lowest, where low is worst),
    worst first, under a heading that says so."""
    ordered = sorted(values.items(), key=lambda kv: kv[1])
    count = len(ordered)
    if count <= SHOWN:
        heading = lang.gettext("Every incident (%(count)d)") % {"count": count}
    else:
        ordered = ordered[:TAIL] if lowest_worst else ordered[: -TAIL - 1 : -1]
        heading = (
            lang.gettext("The %(shown)d lowest of %(count)d incidents")
            if lowest_worst
            else lang.gettext("The %(shown)d longest of %(count)d incidents")
        ) % {"shown": TAIL, "count": count}
    return {
        "heading": heading,
        "complete": count <= SHOWN,
        "items": [
            {"title": titles[i], "url": f"incidents/{i}/", "value": value(v)} for i, v in ordered
        ],
    }


def first(ids: tuple[str, ...] | list[str]) -> dict[str, Any]:
    """A list of incidents the page names, cut to its first :data:`TAIL` past
    :data:`SHOWN`, with the count of those left out."""
    if len(ids) <= SHOWN:
        return {"ids": list(ids), "more": 0}
    return {"ids": list(ids[:TAIL]), "more": len(ids) - TAIL}


def _group(group: metrics.Group, lang: Language) -> dict[str, Any]:
    comms = group.comms
    return {
        "key": group.key,
        "label": group.label,
        "counts": group.counts,
        "total": group.total,
        "summaries": {k: describe(s, lang) for k, s in group.summaries.items()},
        "comms": {m.key: describe_comms(m, comms[m.key], lang) for m in metrics.COMMS_MEASURES},
    }


def _comms(
    report: metrics.Report,
    titles: dict[str, str],
    lang: Language,
    minutes: Callable[[float], str],
) -> list[dict[str, Any]]:
    """The communication measures as the page shows them: minutes as strip charts."""
    shown = []
    for m in metrics.COMMS_MEASURES:
        values = report.comms_values[m.key]

        def value(v: float, unit: str = m.unit) -> str:
            return minutes(v) if unit == "minutes" else f"{v:.0f}%"

        shown.append(
            {
                "key": m.key,
                "name": lang.gettext(m.name),
                "definition": lang.gettext(m.definition),
                "summary": describe_comms(m, report.comms[m.key], lang),
                "chart": strip_chart(m, values, titles, report.comms[m.key], lang, minutes)
                if m.unit == "minutes"
                else None,
                "points": listed(values, titles, value, lang, m.unit == "percent"),
                "lacking": first(report.lacking[m.key]),
                "why": lang.gettext(m.lacking),
            }
        )
    return shown


def reliability(snapshot: Snapshot, context: Context) -> Iterator[Output]:
    """The reliability report's page and its figures as JSON.

    Both are remembered across builds (in ``context.pages``) by a digest of what
    they read: the settings, the reference time, the incidents' timelines and the
    postmortems without their prose (:func:`figures_read`). The page shows every
    counted incident's title, so it is remembered with a token in place of each
    title (:data:`TOKEN`) and the titles are filled in on every build: a title edit
    costs that filling, not the report."""
    site, env = snapshot.site, context.env
    lang = language(site.settings.language)
    made: list[metrics.Report] = []

    def figures() -> metrics.Report:
        if not made:
            made.append(metrics.report(site))
        return made[0]

    reads = template_reads(env, "reliability.html", context.uses)
    tokens = {i.id: f"{TOKEN}{n}{TOKEN}" for n, i in enumerate(site.incidents)}
    if reads is None or not _tokens_are_free(site):
        html = _page(site, env, figures(), {i.id: i.title for i in site.incidents})
        data = _json(site, figures())
    else:
        read = figures_read(snapshot)
        page = context.pages.get(
            digest("reliability.html", read, sorted(reads)),
            lambda: _page(site, env, figures(), tokens),
        )
        html = filled(page, site)
        data = context.pages.get(
            digest("reliability.json", read), lambda: _json(site, figures()).decode()
        ).encode()
    description = lang.gettext("Incident response figures for %(name)s")
    description %= {"name": site.settings.name}
    title = lang.gettext("Reliability report")
    yield Page("reliability/", title, description, html, False, True)
    yield File("api/reliability.json", data)


TOKEN = "\x00"
"""Marks an incident's place in the page remembered without titles: ``\\x00<n>\\x00``
for the n-th incident. No content or setting can hold it (see
:mod:`generator.characters`), and escaping leaves it as it is."""


def _tokens_are_free(site: Site) -> bool:
    """Whether no text the page shows besides titles holds :data:`TOKEN` (the settings
    are checked on reading; a site made in code may hold anything)."""
    names = [site.settings.name, *(c.name for c in site.settings.components)]
    return all(TOKEN not in name for name in names)


def filled(page: str, site: Site) -> str:
    """``page`` with each incident's token replaced by its title, escaped as the
    template escapes it."""
    parts = page.split(TOKEN)
    incidents = site.incidents
    titles: dict[str, str] = {}
    for n in parts[1::2]:
        if n not in titles:
            titles[n] = str(escape(incidents[int(n)].title))
    parts[1::2] = [titles[n] for n in parts[1::2]]
    return "".join(parts)


def figures_read(snapshot: Snapshot) -> str:
    """A digest of everything the report's figures read: the settings, the reference
    time, every incident's timeline (all of it but its prose: see
    :func:`generator.depends.timeline`) and the postmortems without their title,
    summary and body."""
    site = snapshot.site
    timelines = snapshot.timelines
    postmortems = tuple(
        dataclasses.replace(p, title="", summary="", body="") for p in site.postmortems
    )
    return digest(
        "reliability",
        site.settings,
        site.now,
        tuple(timelines[i.id] for i in site.incidents),
        postmortems,
    )


def _page(
    site: Site, env: jinja2.Environment, report: metrics.Report, titles: dict[str, str]
) -> str:
    """The report's page, each incident named by ``titles``."""
    lang = language(site.settings.language)
    minutes = _Minutes(lang)
    measures = [
        {
            "key": m.key,
            "name": lang.gettext(m.name),
            "definition": lang.gettext(m.definition),
            "summary": describe(report.overall[m.key], lang, minutes),
            "chart": strip_chart(
                m, report.values[m.key], titles, report.overall[m.key], lang, minutes
            ),
            "points": listed(report.values[m.key], titles, minutes, lang),
        }
        for m in metrics.MEASURES
    ]
    return env.get_template("reliability.html").render(
        root="../",
        site_name=site.settings.name,
        measures=measures,
        comms=_comms(report, titles, lang, minutes),
        comms_measures=[
            {"key": m.key, "name": lang.gettext(m.name)} for m in metrics.COMMS_MEASURES
        ],
        min_n=metrics.MIN_N,
        shown=SHOWN,
        severities=metrics.SEVERITY_ORDER,
        quarters=[_group(g, lang) for g in report.by_quarter],
        services=[_group(g, lang) for g in report.by_service if g.total],
        detection=report.detection,
        actions=report.actions,
        quality={
            "excluded": first(report.quality.excluded),
            "unresolved": first(report.quality.unresolved),
            "missing": {k: first(v) for k, v in report.quality.missing.items()},
            "out_of_order": {k: first(v) for k, v in report.quality.out_of_order.items()},
        },
        titles=titles,
        count=len(report.incidents),
    )


class _Minutes:
    """A duration as the report writes it: the whole minutes of its figure in the JSON
    (two decimals), rounded down as incident pages round theirs (``1 min`` for 1.5), so a
    duration listed as ``1 min`` lies in the histogram's column "under 2 min" and the
    median of such incidents reads ``1 min``; past a day the minutes are left out
    (``1 d 2 h``). Each whole number of minutes is written once."""

    def __init__(self, lang: Language) -> None:
        self.lang = lang
        self.known: dict[int, str] = {}

    def __call__(self, value: float) -> str:
        whole = math.floor(round(value, 2))
        shown = self.known.get(whole)
        if shown is None:
            shown = self.known[whole] = self.lang.minutes(whole)
        return shown


def _summary(measure: metrics.CommsMeasure, summary: metrics.Summary) -> dict[str, Any]:
    if measure.unit == "percent":
        return summary.as_share()
    return {**summary.as_dict(), "no_data": summary.lacking}


def _comms_json(report: metrics.Report) -> dict[str, Any]:
    """The communication figures for dashboards, shaped like the time measures'."""

    def groups(items: tuple[metrics.Group, ...]) -> list[dict[str, Any]]:
        return [
            {
                "key": g.key,
                "label": g.label,
                **{m.key: _summary(m, g.comms[m.key]) for m in metrics.COMMS_MEASURES},
            }
            for g in items
        ]

    return {
        "definitions": {
            m.key: {"name": m.name, "unit": m.unit, "description": m.definition}
            for m in metrics.COMMS_MEASURES
        },
        "overall": {m.key: _summary(m, report.comms[m.key]) for m in metrics.COMMS_MEASURES},
        "values": {
            m.key: {i: round(v, 2) for i, v in sorted(report.comms_values[m.key].items())}
            for m in metrics.COMMS_MEASURES
        },
        "no_data": {m.key: list(report.lacking[m.key]) for m in metrics.COMMS_MEASURES},
        "by_quarter": groups(report.by_quarter),
        "by_service": groups(report.by_service),
    }


def _action_groups(found: learning.Patterns) -> dict[str, Any]:
    """The counts of the archive's action-item pages: open items by owner and by category
    (as ``postmortems/actions/`` groups them), and every item by category (as the
    patterns page counts them); ``null`` for no owner or no category."""

    def still_open(actions: list[learning.OpenAction]) -> dict[str, int]:
        counts = {s: sum(a.item.status == s for a in actions) for s in UNFINISHED}
        return {**counts, "overdue": sum(a.overdue for a in actions)}

    return {
        "open_by_owner": [{"owner": k, **still_open(a)} for k, a in found.by_owner()],
        "open_by_category": [{"category": k, **still_open(a)} for k, a in found.by_category()],
        "by_category": [
            *(
                {"category": c.category.id, "items": c.produced, **c.actions.as_dict()}
                for c in found.categories
            ),
            {
                "category": None,
                "items": found.uncategorised_produced,
                **found.uncategorised.as_dict(),
            },
        ],
    }


def _json(site: Site, report: metrics.Report) -> bytes:
    def groups(items: tuple[metrics.Group, ...]) -> list[dict[str, Any]]:
        return [
            {
                "key": g.key,
                "label": g.label,
                "incidents_by_severity": g.counts,
                **{k: s.as_dict() for k, s in g.summaries.items()},
            }
            for g in items
        ]

    data = {
        "generated_at": timestamp(site.now),
        "minimum_n": metrics.MIN_N,
        "percentile_method": "linear interpolation between closest ranks",
        "definitions": {
            m.key: {"name": m.name, "from": m.start, "to": m.end, "description": m.definition}
            for m in metrics.MEASURES
        },
        "incidents_counted": len(report.incidents),
        "overall": {k: s.as_dict() for k, s in report.overall.items()},
        "values_minutes": {
            k: {i: round(v, 2) for i, v in sorted(values.items())}
            for k, values in report.values.items()
        },
        "by_quarter": groups(report.by_quarter),
        "by_service": groups(report.by_service),
        "communication": _comms_json(report),
        "detection": report.detection,
        "action_items": {
            **report.actions.as_dict(),
            **_action_groups(learning.patterns(site)),
        },
        "data_quality": {
            "excluded_from_metrics": list(report.quality.excluded),
            "unresolved": list(report.quality.unresolved),
            "missing": {k: list(v) for k, v in report.quality.missing.items()},
            "out_of_order": {k: list(v) for k, v in report.quality.out_of_order.items()},
        },
    }
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()
