"""Learning across postmortems on generated archives: every count the patterns and
action-item pages (and ``reliability.json``) give equals a plain recount of the files
written, for postmortems with random categories (named twice, or not at all),
publication days across quarters, drafts, near misses and action items."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statuspress.categories import DEFAULT_CATEGORIES
from statuspress.learning import patterns
from statuspress.pipeline import load_site

from .conftest import SMALL_CONFIG, at, run

NOW = "2026-11-28T12:00:00Z"
TODAY = date(2026, 11, 28)
RECENT = ("2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4")
CATEGORIES = [c.id for c in DEFAULT_CATEGORIES]
SERVICES = ["api", "web", "db"]
INCIDENT = """\
---
title: Incident {n}
severity: SEV-2
components: {{api: partial_outage}}
started: 2024-01-01T10:00:00Z
updates:
  - at: 2024-01-01T10:05:00Z
    status: investigating
    message: Some requests fail.
  - at: 2024-01-01T11:00:00Z
    status: resolved
    message: Requests succeed again.
---
"""


@dataclass(frozen=True)
class Item:
    status: str
    category: str | None
    owner: str | None
    due: date | None


@dataclass(frozen=True)
class Review:
    published: date
    draft: bool
    near_miss: bool
    factors: tuple[str, ...]
    services: tuple[str, ...]
    items: tuple[Item, ...]


items = st.builds(
    Item,
    status=st.sampled_from(["open", "in_progress", "done", "wont_do"]),
    category=st.none() | st.sampled_from(CATEGORIES),
    owner=st.none() | st.sampled_from(["Team A", "team  a", "Team B", "Payments"]),
    due=st.none() | st.dates(date(2025, 1, 1), date(2027, 6, 30)),
)
reviews = st.builds(
    Review,
    published=st.dates(date(2024, 1, 2), TODAY),
    draft=st.booleans(),
    near_miss=st.booleans(),
    factors=st.lists(st.sampled_from(CATEGORIES), max_size=4).map(tuple),
    services=st.lists(st.sampled_from(SERVICES), max_size=3, unique=True).map(tuple),
    items=st.lists(items, max_size=4).map(tuple),
)
archives = st.lists(reviews, min_size=0, max_size=12)


def write(project: Path, archive: list[Review]) -> None:
    (project / "pages").mkdir(parents=True, exist_ok=True)
    (project / "mkdocs.yml").write_text(SMALL_CONFIG.format(time_zone="UTC", uptime_days=90))
    content = project / "incidents"
    content.mkdir()
    (content / "incident.md").write_text(INCIDENT.format(n=1), encoding="utf-8")
    for n, review in enumerate(archive):
        lines = ["---", "type: postmortem", f"title: Review number {n}"]
        lines += ["kind: near-miss"] if review.near_miss else ["incidents: [incident]"]
        lines += [f"status: {'draft' if review.draft else 'published'}"]
        lines += [f"published: {review.published.isoformat()}", "summary: In short."]
        lines += [f"services: [{', '.join(review.services)}]", "contributing_factors:"]
        lines += [
            f"  - category: {c}\n    description: The system met condition {i}."
            for i, c in enumerate(review.factors)
        ] or ["  []"]
        lines += ["action_items:"] if review.items else ["action_items: []"]
        for i, item in enumerate(review.items):
            lines += [f"  - title: Action {i} of review {n}", f"    status: {item.status}"]
            lines += [f"    category: {item.category}"] if item.category else []
            lines += [f"    owner: {item.owner}"] if item.owner else []
            lines += [f"    due: {item.due.isoformat()}"] if item.due else []
            lines += ["    reason: Another change covers it."] if item.status == "wont_do" else []
        lines += ["---", "The story.", ""]
        (content / f"review-{n}.md").write_text("\n".join(lines), encoding="utf-8")


def quarter(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def overdue(item: Item) -> bool:
    return item.due is not None and item.due < TODAY and item.status in ("open", "in_progress")


FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(archive=archives)
def test_patterns_equal_a_plain_recount(tmp_path_factory, archive: list[Review]) -> None:  # type: ignore[no-untyped-def]
    project = tmp_path_factory.mktemp("archive")
    write(project, archive)
    site, problems = load_site(project / "mkdocs.yml", at(NOW))
    assert site is not None, [str(p) for p in problems]
    found = patterns(site)

    shown = [r for r in archive if not r.draft]
    assert found.n == len(shown)
    assert found.near_misses == sum(r.near_miss for r in shown)
    days = [r.published for r in shown]
    assert (found.first, found.last) == (min(days, default=None), max(days, default=None))
    assert [c.category.id for c in found.categories] == CATEGORIES  # settings order, no ranking

    all_items = [i for r in shown for i in r.items]
    for pattern in found.categories:
        name = pattern.category.id
        naming = [r for r in shown if name in r.factors]  # named twice still counts once
        assert len(pattern.postmortems) == len(naming), name
        assert pattern.near_misses == sum(r.near_miss for r in naming), name
        quarters: dict[str, int] = {}
        for review in naming:
            quarters[quarter(review.published)] = quarters.get(quarter(review.published), 0) + 1
        assert pattern.by_quarter == quarters, name
        assert pattern.recurs == (sum(1 for q in RECENT if quarters.get(q)) >= 2), name
        assert dict(pattern.by_service) == {
            s: n for s in SERVICES if (n := sum(s in r.services for r in naming))
        }, name
        addressing = [i for i in all_items if i.category == name]
        assert pattern.produced == len(addressing), name
        assert pattern.actions.done == sum(i.status == "done" for i in addressing), name
        assert pattern.actions.overdue == sum(map(overdue, addressing)), name

    loose = [i for i in all_items if i.category is None]
    assert found.uncategorised_produced == len(loose)
    still_open = [i for i in all_items if i.status in ("open", "in_progress")]
    assert len(found.open_actions) == len(still_open)
    assert sum(a.overdue for a in found.open_actions) == sum(map(overdue, still_open))
    # One owner however it is capitalised or spaced, named as most of its items name it.
    spellings: dict[str, list[str]] = {}
    for item in still_open:
        if item.owner:
            spellings.setdefault(" ".join(item.owner.split()).lower(), []).append(item.owner)
    named = {
        key: sorted(set(names), key=lambda n: (-names.count(n), n))[0]
        for key, names in spellings.items()
    }
    expected = sorted(named.values(), key=str.casefold) + (
        [None] if any(not i.owner for i in still_open) else []
    )
    assert [owner for owner, _ in found.by_owner()] == expected
    for owner, group in found.by_owner():
        key = None if owner is None else " ".join(owner.split()).lower()
        assert len(group) == sum(
            (None if not i.owner else " ".join(i.owner.split()).lower()) == key for i in still_open
        )
    for action in found.open_actions:
        assert action.age_days == (TODAY - action.postmortem.published).days  # type: ignore[operator]


@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(archive=archives.filter(lambda a: any(not r.draft for r in a)))
def test_reliability_json_counts_equal_a_plain_recount(
    tmp_path_factory, archive: list[Review]
) -> None:  # type: ignore[no-untyped-def]
    project = tmp_path_factory.mktemp("built")
    write(project, archive)
    out = project / "site"
    code, _, err = run("build", "--now", NOW, "-f", str(project / "mkdocs.yml"), "-d", str(out))
    assert code == 0, err
    report = json.loads((out / "api" / "reliability.json").read_text())
    counts = json.dumps(report)
    shown_items = [i for r in archive if not r.draft for i in r.items]
    by_category = {entry["category"]: entry for entry in _find(report, "by_category")}
    for name in [*CATEGORIES, None]:
        chosen = [i for i in shown_items if i.category == name]
        assert by_category[name]["items"] == len(chosen), (name, counts[:300])
        assert by_category[name]["done"] == sum(i.status == "done" for i in chosen), name
        assert by_category[name]["overdue"] == sum(map(overdue, chosen)), name


def _find(data: object, key: str) -> list[dict[str, object]]:
    """The first list stored under ``key`` anywhere in ``data``."""
    if isinstance(data, dict):
        if key in data and isinstance(data[key], list):
            return data[key]
        for value in data.values():
            if (found := _find(value, key)) is not None:
                return found
    if isinstance(data, list):
        for value in data:
            if (found := _find(value, key)) is not None:
                return found
    return None  # type: ignore[return-value]


def test_the_recount_fails_on_a_doctored_count(tmp_path: Path) -> None:
    """The recount can tell: one factor fewer in the file gives a different count."""
    review = Review(date(2026, 5, 1), False, False, ("change",), ("api",), ())
    write(tmp_path / "a", [review, review])
    site, _ = load_site(tmp_path / "a" / "mkdocs.yml", at(NOW))
    assert site is not None
    change = next(p for p in patterns(site).categories if p.category.id == "change")
    assert len(change.postmortems) == 2
    write(tmp_path / "b", [review, Review(date(2026, 5, 1), False, False, (), ("api",), ())])
    site, _ = load_site(tmp_path / "b" / "mkdocs.yml", at(NOW))
    assert site is not None
    change = next(p for p in patterns(site).categories if p.category.id == "change")
    assert len(change.postmortems) != 2
