"""The learning pages of the postmortem archive: patterns across postmortems (what their
contributing factors have in common, from :mod:`generator.learning`) and the open action
items across all of them. Plain HTML: every figure is a count with its n, and nothing is
ranked."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import learning
from ..categories import shown
from ..i18n import Language
from ..model import Site
from .pages import Page

Render = Callable[..., str]


def _quarter(key: str) -> str:
    return key.replace("-", " ")


def learning_pages(
    site: Site, render: Render, views: list[dict[str, Any]], lang: Language
) -> list[Page]:
    """The patterns page and the action-item page, in ``lang``; ``views`` are the archive's
    postmortems."""
    _ = lang.gettext
    found = learning.patterns(site)
    by_id = {v["id"]: v for v in views}
    names = site.settings.component_names
    categories = []
    for pattern in found.categories:
        counts = pattern.actions
        category = shown(pattern.category, _)
        recent = [pattern.by_quarter.get(q, 0) for q in found.recent]
        categories.append(
            {
                "id": pattern.category.id,
                "name": category.name,
                "description": category.description,
                "count": len(pattern.postmortems),
                "near_misses": pattern.near_misses,
                "postmortems": [by_id[p.id] for p in pattern.postmortems],
                "services": [{"name": names[s], "count": n} for s, n in pattern.by_service],
                "quarters": [
                    {"label": _quarter(q), "count": n}
                    for q, n in sorted(pattern.by_quarter.items(), reverse=True)
                ],
                "recent": recent,
                "earlier": sum(n for q, n in pattern.by_quarter.items() if q < found.recent[0]),
                "recurs": pattern.recurs,
                "produced": pattern.produced,
                "actions": counts,
            }
        )
    context = {
        "n": found.n,
        "near_misses": found.near_misses,
        "first": found.first,
        "last": found.last,
        "first_label": lang.day(found.first) if found.first else "",
        "last_label": lang.day(found.last) if found.last else "",
    }
    patterns_html = render(
        "patterns.html",
        "postmortems/patterns/",
        **context,
        recent=[_quarter(q) for q in found.recent],
        recurs_in=learning.RECURS_IN,
        categories=categories,
        recurring=[c for c in categories if c["recurs"]],
        uncategorised=found.uncategorised,
        uncategorised_produced=found.uncategorised_produced,
    )
    category_names = {c.id: shown(c, _).name for c in site.settings.categories}

    def groups(
        grouped: list[tuple[str | None, list[learning.OpenAction]]], named: dict[str, str]
    ) -> list[dict[str, Any]]:
        return [
            {
                "name": named.get(key, key) if key else None,
                "overdue": sum(a.overdue for a in actions),
                "items": [_action(a, by_id[a.postmortem.id]) for a in actions],
            }
            for key, actions in grouped
        ]

    actions_html = render(
        "actions.html",
        "postmortems/actions/",
        **context,
        count=len(found.open_actions),
        overdue=sum(a.overdue for a in found.open_actions),
        by_owner=groups(found.by_owner(), {}),
        by_category=groups(found.by_category(), category_names),
    )
    name = {"name": site.settings.name}
    return [
        Page(
            "postmortems/patterns/",
            _("Patterns across postmortems"),
            _("What the contributing factors of %(name)s's postmortems have in common") % name,
            patterns_html,
            in_search=False,
        ),
        Page(
            "postmortems/actions/",
            _("Action items across postmortems"),
            _("Open action items from %(name)s's postmortems") % name,
            actions_html,
            in_search=False,
        ),
    ]


def _action(action: learning.OpenAction, view: dict[str, Any]) -> dict[str, Any]:
    return {**view["actions"][action.index], "age": action.age_days, "postmortem": view}
