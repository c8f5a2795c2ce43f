"""Learning across postmortems: what their contributing factors have in common, and the
action items they produced. Pure functions of the site, like :mod:`generator.derive`.

Counts are of published postmortems, near misses included (and counted apart too). A
postmortem counts in the quarter it was published in. Categories keep the order the
settings give them: the figures are counts with their n, never a ranking, and no
figure is kept per person or team but the action items each owner holds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from .categories import Category
from .metrics import ActionCounts, count_actions
from .model import ActionItem, Postmortem, Site
from .vocabulary import UNFINISHED

RECENT_QUARTERS = 4
"""How many quarters, up to the reference time's, the recurrence looks at."""
RECURS_IN = 2
"""A category recurs when postmortems of at least this many of the recent quarters
name it."""


def quarter_of(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def quarters_before(day: date, count: int) -> tuple[str, ...]:
    """The quarter of ``day`` and the ``count - 1`` before it, oldest first."""
    index = day.year * 4 + (day.month - 1) // 3
    return tuple(f"{i // 4}-Q{i % 4 + 1}" for i in range(index - count + 1, index + 1))


@dataclass(frozen=True)
class CategoryPattern:
    """One category across the published postmortems."""

    category: Category
    postmortems: tuple[Postmortem, ...]
    """The published postmortems whose contributing factors name it, newest first."""
    by_service: tuple[tuple[str, int], ...]
    """(component id, how many of those postmortems name that service), settings order."""
    by_quarter: dict[str, int]
    """Quarter (``2026-Q4``) -> how many of those postmortems were published in it."""
    actions: ActionCounts
    """The action items that name this category."""
    produced: int
    recurs: bool
    """Named in at least :data:`RECURS_IN` of the last :data:`RECENT_QUARTERS` quarters."""

    @property
    def near_misses(self) -> int:
        return sum(p.is_near_miss for p in self.postmortems)


@dataclass(frozen=True)
class OpenAction:
    """An action item not yet done nor decided against, with its postmortem."""

    item: ActionItem
    postmortem: Postmortem
    index: int
    """Its place in the postmortem's ``action_items``."""
    age_days: int
    """Days since its postmortem was published (an item has no date of its own)."""
    overdue: bool


@dataclass(frozen=True)
class Patterns:
    postmortems: tuple[Postmortem, ...]
    """Every published postmortem, newest first: the n of every figure."""
    first: date | None
    last: date | None
    """The period: the first and last publication dates."""
    recent: tuple[str, ...]
    """The last :data:`RECENT_QUARTERS` quarters up to the reference time, oldest first."""
    categories: tuple[CategoryPattern, ...]
    uncategorised: ActionCounts
    """The action items that name no category."""
    uncategorised_produced: int
    open_actions: tuple[OpenAction, ...]
    """Open and in-progress action items across the archive, oldest postmortem first."""

    @property
    def n(self) -> int:
        return len(self.postmortems)

    @property
    def near_misses(self) -> int:
        return sum(p.is_near_miss for p in self.postmortems)

    def by_owner(self) -> list[tuple[str | None, list[OpenAction]]]:
        """Open action items by owner: owners in alphabetical order, no owner last.

        Owners written with other capitals or spacing ("Team A", "team  a") are one
        owner, named as most of their items name it (the first alphabetically on a tie)."""
        spellings: dict[str, dict[str, int]] = {}
        for action in self.open_actions:
            if action.item.owner is not None:
                counts = spellings.setdefault(_owner_key(action.item.owner), {})
                counts[action.item.owner] = counts.get(action.item.owner, 0) + 1
        named = {
            key: min(counts, key=lambda spelling: (-counts[spelling], spelling))
            for key, counts in spellings.items()
        }

        def owner(action: OpenAction) -> str | None:
            return None if action.item.owner is None else named[_owner_key(action.item.owner)]

        return _grouped(self.open_actions, owner, None)

    def by_category(self) -> list[tuple[str | None, list[OpenAction]]]:
        """Open action items by category, in the settings' order; no category last."""
        order = [c.category.id for c in self.categories]
        return _grouped(self.open_actions, lambda a: a.item.category, order)


def _owner_key(owner: str) -> str:
    return " ".join(owner.split()).casefold()


def _grouped(
    actions: tuple[OpenAction, ...],
    key: Callable[[OpenAction], str | None],
    order: list[str] | None,
) -> list[tuple[str | None, list[OpenAction]]]:
    found: dict[str | None, list[OpenAction]] = {}
    for action in actions:
        found.setdefault(key(action), []).append(action)

    def rank(name: str | None) -> tuple[int, int, str]:
        if name is None:
            return (1, 0, "")
        return (0, order.index(name) if order else 0, "" if order else name.casefold())

    return [(name, found[name]) for name in sorted(found, key=rank)]


def published(site: Site) -> tuple[Postmortem, ...]:
    """Published postmortems, newest first (as the archive lists them)."""
    today = today_of(site)
    return tuple(
        sorted(
            (p for p in site.postmortems if p.is_published),
            key=lambda p: (p.published or today, p.id),
            reverse=True,
        )
    )


def today_of(site: Site) -> date:
    return site.now.astimezone(site.settings.tz).date()


def patterns(site: Site) -> Patterns:
    today = today_of(site)
    chosen = published(site)
    recent = quarters_before(today, RECENT_QUARTERS)
    items = [a for p in chosen for a in p.action_items]
    found = []
    for category in site.settings.categories:
        naming = tuple(p for p in chosen if category.id in p.categories)
        quarters: dict[str, int] = {}
        for postmortem in naming:
            key = quarter_of(postmortem.published or today)
            quarters[key] = quarters.get(key, 0) + 1
        addressing = [a for a in items if a.category == category.id]
        found.append(
            CategoryPattern(
                category=category,
                postmortems=naming,
                by_service=tuple(
                    (c.id, count)
                    for c in site.settings.every_component
                    if (count := sum(c.id in p.services for p in naming))
                ),
                by_quarter=quarters,
                actions=count_actions(addressing, today),
                produced=len(addressing),
                recurs=sum(1 for q in recent if quarters.get(q)) >= RECURS_IN,
            )
        )
    loose = [a for a in items if a.category is None]
    still_open = [
        OpenAction(a, p, i, max(0, (today - (p.published or today)).days), a.is_overdue(today))
        for p in reversed(chosen)
        for i, a in enumerate(p.action_items)
        if a.status in UNFINISHED
    ]
    days = [p.published or today for p in chosen]
    return Patterns(
        postmortems=chosen,
        first=min(days, default=None),
        last=max(days, default=None),
        recent=recent,
        categories=tuple(found),
        uncategorised=count_actions(loose, today),
        uncategorised_produced=len(loose),
        open_actions=tuple(still_open),
    )
