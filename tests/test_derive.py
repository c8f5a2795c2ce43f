"""Derivation rules with hand-computed expected values."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from statuspress import derive
from statuspress.model import Site, stable_id

from .conftest import at

Load = Callable[..., Site]


def incident(
    components: str,
    started: str,
    updates: list[tuple[str, str, str]],
    *,
    severity: str = "SEV-3",
    extra: str = "",
) -> str:
    """An incident file; each update is (at, status, components-yaml or '')."""
    lines = [
        "---",
        "title: Test incident",
        f"severity: {severity}",
        f"components: {components}",
        f"started: {started}",
    ]
    if extra:
        lines.append(extra)
    lines.append("updates:")
    for when, status, comps in updates:
        lines += [f"  - at: {when}", f"    status: {status}", "    message: Something."]
        if comps:
            lines.append(f"    components: {comps}")
    return "\n".join(lines) + "\n---\n"


def maintenance(start: str, end: str, updates: list[tuple[str, str]] = ()) -> str:  # type: ignore[assignment]
    lines = [
        "---",
        "type: maintenance",
        "title: Upgrade",
        "components: [db]",
        f"scheduled_start: {start}",
        f"scheduled_end: {end}",
    ]
    if updates:
        lines.append("updates:")
        for when, status in updates:
            lines += [f"  - at: {when}", f"    status: {status}", "    message: Work."]
    return "\n".join(lines) + "\n---\n"


OPEN_API_PARTIAL = incident(
    "{api: partial_outage}",
    "2026-11-28T10:00:00Z",
    [("2026-11-28T10:05:00Z", "investigating", "")],
)


# Component status ----------------------------------------------------------


def test_open_incident_sets_its_front_matter_status(load: Load) -> None:
    site = load({"a.md": OPEN_API_PARTIAL}, "2026-11-28T12:00:00Z")
    assert derive.component_statuses(site) == {
        "api": "partial_outage",
        "web": "operational",
        "db": "operational",
    }


def test_update_changes_component_status_from_then_on(load: Load) -> None:
    text = incident(
        "{api: major_outage}",
        "2026-11-28T10:00:00Z",
        [
            ("2026-11-28T10:05:00Z", "investigating", ""),
            ("2026-11-28T11:00:00Z", "identified", "{api: degraded_performance}"),
        ],
    )
    assert derive.component_status(load({"a.md": text}, "2026-11-28T10:30:00Z"), "api") == (
        "major_outage"
    )
    assert derive.component_status(load({"a.md": text}, "2026-11-28T11:30:00Z"), "api") == (
        "degraded_performance"
    )


def test_worst_status_wins_across_incidents_and_maintenance(load: Load) -> None:
    files = {
        "a.md": OPEN_API_PARTIAL,
        "b.md": incident(
            "{api: degraded_performance, db: degraded_performance}",
            "2026-11-28T09:00:00Z",
            [("2026-11-28T09:05:00Z", "investigating", "")],
        ),
        "m.md": maintenance("2026-11-28T11:00:00Z", "2026-11-28T13:00:00Z"),
    }
    statuses = derive.component_statuses(load(files, "2026-11-28T12:00:00Z"))
    assert statuses == {"api": "partial_outage", "web": "operational", "db": "degraded_performance"}


def test_maintenance_in_progress_puts_component_under_maintenance(load: Load) -> None:
    files = {"m.md": maintenance("2026-11-28T11:00:00Z", "2026-11-28T13:00:00Z")}
    assert derive.component_status(load(files, "2026-11-28T10:59:59Z"), "db") == "operational"
    assert derive.component_status(load(files, "2026-11-28T11:00:00Z"), "db") == (
        "under_maintenance"
    )
    assert derive.component_status(load(files, "2026-11-28T13:00:00Z"), "db") == "operational"


def test_resolved_incident_leaves_components_operational(load: Load) -> None:
    text = incident(
        "{api: major_outage}",
        "2026-11-28T10:00:00Z",
        [("2026-11-28T10:05:00Z", "investigating", ""), ("2026-11-28T11:00:00Z", "resolved", "")],
    )
    site = load({"a.md": text}, "2026-11-28T12:00:00Z")
    assert derive.component_status(site, "api") == "operational"
    assert derive.indicator(site) == ("none", "All Systems Operational")


def test_updates_after_now_are_not_yet_public(load: Load) -> None:
    text = incident(
        "{api: major_outage}",
        "2026-11-28T10:00:00Z",
        [("2026-11-28T10:05:00Z", "investigating", ""), ("2026-11-28T11:00:00Z", "resolved", "")],
    )
    site = load({"a.md": text}, "2026-11-28T10:30:00Z")
    assert derive.status_of(site.incidents[0], site.now) == "investigating"
    assert derive.component_status(site, "api") == "major_outage"
    early = load({"a.md": text}, "2026-11-28T10:04:00Z")
    assert not derive.is_public(early.incidents[0], early.now)
    assert derive.component_status(early, "api") == "operational"


# Overall indicator -------------------------------------------------------


@pytest.mark.parametrize(
    ("severity", "expected"),
    [
        ("SEV-1", ("critical", "Major System Outage")),
        ("SEV-2", ("major", "Partial System Outage")),
        ("SEV-3", ("minor", "Minor Service Outage")),
    ],
)
def test_indicator_follows_highest_open_impact(
    load: Load, severity: str, expected: tuple[str, str]
) -> None:
    files = {
        "a.md": incident(
            "{api: partial_outage}",
            "2026-11-28T10:00:00Z",
            [("2026-11-28T10:05:00Z", "investigating", "")],
            severity=severity,
        ),
        "b.md": OPEN_API_PARTIAL,
    }
    assert derive.indicator(load(files, "2026-11-28T12:00:00Z")) == expected


def test_indicator_with_nothing_open(load: Load) -> None:
    assert derive.indicator(load({}, "2026-11-28T12:00:00Z")) == (
        "none",
        "All Systems Operational",
    )


def test_impact_none_with_a_degraded_component_gives_at_least_minor(load: Load) -> None:
    text = OPEN_API_PARTIAL.replace("severity: SEV-3", "impact: none")
    assert derive.indicator(load({"a.md": text}, "2026-11-28T12:00:00Z")) == (
        "minor",
        "Minor Service Outage",
    )


def test_maintenance_alone_gives_maintenance_indicator(load: Load) -> None:
    files = {"m.md": maintenance("2026-11-28T11:00:00Z", "2026-11-28T13:00:00Z")}
    assert derive.indicator(load(files, "2026-11-28T12:00:00Z")) == (
        "maintenance",
        "Service Under Maintenance",
    )
    files["a.md"] = OPEN_API_PARTIAL
    assert derive.indicator(load(files, "2026-11-28T12:00:00Z"))[0] == "minor"


# Maintenance lifecycle -----------------------------------------------------


@pytest.mark.parametrize(
    ("now", "status"),
    [
        ("2026-11-28T10:00:00Z", "scheduled"),
        ("2026-11-28T11:00:00Z", "in_progress"),
        ("2026-11-28T12:59:59Z", "in_progress"),
        ("2026-11-28T13:00:00Z", "completed"),
    ],
)
def test_maintenance_without_updates_follows_its_schedule(
    load: Load, now: str, status: str
) -> None:
    site = load({"m.md": maintenance("2026-11-28T11:00:00Z", "2026-11-28T13:00:00Z")}, now)
    assert derive.status_of(site.maintenances[0], site.now) == status


def test_explicit_maintenance_updates_override_the_schedule(load: Load) -> None:
    text = maintenance(
        "2026-11-28T11:00:00Z",
        "2026-11-28T13:00:00Z",
        [
            ("2026-11-27T09:00:00Z", "scheduled"),
            ("2026-11-28T11:10:00Z", "in_progress"),
            ("2026-11-28T12:00:00Z", "completed"),
        ],
    )
    site = load({"m.md": text}, "2026-11-28T11:05:00Z")
    assert derive.status_of(site.maintenances[0], site.now) == "scheduled"
    site = load({"m.md": text}, "2026-11-28T12:30:00Z")
    maint = site.maintenances[0]
    assert derive.status_of(maint, site.now) == "completed"
    assert derive.ended_at(maint, site.now) == at("2026-11-28T12:00:00Z")
    assert [u.status for u in derive.updates_at(maint, site.now)] == [
        "scheduled",
        "in_progress",
        "completed",
    ]


def test_maintenance_overrun_announced_after_its_end_stays_open(load: Load) -> None:
    text = maintenance(
        "2026-11-28T11:00:00Z",
        "2026-11-28T12:00:00Z",
        [("2026-11-28T11:00:00Z", "in_progress"), ("2026-11-28T12:05:00Z", "in_progress")],
    )
    site = load({"m.md": text}, "2026-11-28T12:30:00Z")
    assert derive.status_of(site.maintenances[0], site.now) == "in_progress"


# Uptime --------------------------------------------------------------------


def _uptime(site: Site, component: str) -> derive.Uptime:
    found = site.settings.component(component)
    assert found is not None
    return derive.uptime(site, found)


def test_uptime_one_hour_major_outage(load: Load) -> None:
    text = incident(
        "{api: major_outage}",
        "2026-11-27T10:00:00Z",
        [("2026-11-27T10:05:00Z", "investigating", ""), ("2026-11-27T11:00:00Z", "resolved", "")],
    )
    uptime = _uptime(load({"a.md": text}, "2026-11-28T12:00:00Z", uptime_days=3), "api")
    assert [(str(d.day), d.observed, d.major) for d in uptime.days] == [
        ("2026-11-26", 1440.0, 0.0),
        ("2026-11-27", 1440.0, 60.0),
        ("2026-11-28", 720.0, 0.0),
    ]
    # 1 - 60 / 3600
    assert uptime.percent == pytest.approx(98.333333, abs=1e-5)
    assert derive.format_percent(uptime.percent) == "98.33%"
    assert [d.level for d in uptime.days] == ["ok", "major", "ok"]


def test_uptime_partial_outage_across_midnight(load: Load) -> None:
    text = incident(
        "{api: partial_outage}",
        "2026-11-26T23:00:00Z",
        [("2026-11-26T23:05:00Z", "investigating", ""), ("2026-11-27T01:00:00Z", "resolved", "")],
    )
    uptime = _uptime(load({"a.md": text}, "2026-11-28T00:00:00Z", uptime_days=3), "api")
    assert [(d.partial, d.downtime) for d in uptime.days] == [
        (60.0, pytest.approx(18.0)),
        (60.0, pytest.approx(18.0)),
        (0.0, 0.0),
    ]
    # observed: 1440 + 1440 + 0 (the day of `now` has just begun); downtime 36
    assert uptime.observed == 2880.0
    assert uptime.percent == pytest.approx(100 * (1 - 36 / 2880))
    assert derive.format_percent(uptime.percent) == "98.75%"


@pytest.mark.parametrize(
    ("time_zone", "by_day"),
    [
        ("UTC", {"2026-11-26": 30.0, "2026-11-27": 30.0}),
        ("Europe/Berlin", {"2026-11-26": 0.0, "2026-11-27": 60.0}),
    ],
)
def test_uptime_days_follow_the_site_time_zone(
    load: Load, time_zone: str, by_day: dict[str, float]
) -> None:
    # 00:30 to 01:30 in Berlin (UTC+1) is 23:30 to 00:30 UTC.
    text = incident(
        "{api: major_outage}",
        "2026-11-27T00:30:00+01:00",
        [
            ("2026-11-27T00:35:00+01:00", "investigating", ""),
            ("2026-11-27T01:30:00+01:00", "resolved", ""),
        ],
    )
    site = load({"a.md": text}, "2026-11-28T12:00:00Z", uptime_days=3, time_zone=time_zone)
    days = {str(d.day): d.major for d in _uptime(site, "api").days}
    assert {k: days[k] for k in by_day} == by_day


def test_naive_timestamps_are_read_in_the_site_time_zone(load: Load) -> None:
    text = incident(
        "{api: major_outage}",
        "2026-11-27T00:30:00",
        [("2026-11-27T00:35:00", "investigating", "")],
    )
    site = load({"a.md": text}, "2026-11-28T12:00:00Z", time_zone="Europe/Berlin")
    assert site.incidents[0].started == at("2026-11-26T23:30:00Z")


def test_uptime_counts_overlapping_incidents_once_at_the_worst_status(load: Load) -> None:
    files = {
        "a.md": incident(
            "{api: major_outage}",
            "2026-11-27T10:00:00Z",
            [
                ("2026-11-27T10:00:00Z", "investigating", ""),
                ("2026-11-27T11:00:00Z", "resolved", ""),
            ],
        ),
        "b.md": incident(
            "{api: partial_outage}",
            "2026-11-27T10:30:00Z",
            [
                ("2026-11-27T10:30:00Z", "investigating", ""),
                ("2026-11-27T12:00:00Z", "resolved", ""),
            ],
        ),
    }
    day = _uptime(load(files, "2026-11-28T12:00:00Z", uptime_days=2), "api").days[0]
    assert (day.major, day.partial, day.downtime) == (60.0, 60.0, pytest.approx(78.0))
    assert set(day.incidents) == {"a", "b"}


def test_degraded_and_maintenance_count_as_no_downtime(load: Load) -> None:
    files = {
        "a.md": incident(
            "{api: degraded_performance}",
            "2026-11-27T10:00:00Z",
            [
                ("2026-11-27T10:00:00Z", "investigating", ""),
                ("2026-11-27T14:00:00Z", "resolved", ""),
            ],
        ),
        "m.md": maintenance("2026-11-27T01:00:00Z", "2026-11-27T05:00:00Z"),
    }
    site = load(files, "2026-11-28T12:00:00Z", uptime_days=2)
    api = _uptime(site, "api")
    assert api.days[0].degraded == 240.0
    assert api.downtime == 0.0
    assert derive.format_percent(api.percent) == "100.00%"
    assert api.days[0].level == "degraded"
    assert _uptime(site, "db").downtime == 0.0


def test_open_incident_counts_until_now(load: Load) -> None:
    site = load({"a.md": OPEN_API_PARTIAL}, "2026-11-28T12:00:00Z", uptime_days=1)
    day = _uptime(site, "api").days[0]
    assert (day.observed, day.partial) == (720.0, 120.0)


def test_days_before_start_date_have_no_data(load: Load) -> None:
    # db starts on 2026-11-20 (see SMALL_CONFIG); a 10-day window starts on 2026-11-19.
    uptime = _uptime(load({}, "2026-11-28T12:00:00Z", uptime_days=10), "db")
    assert [d.has_data for d in uptime.days] == [False] + [True] * 9
    assert uptime.days[0].level == "nodata"
    assert uptime.observed == 8 * 1440 + 720


def test_no_data_at_all_is_not_full_uptime() -> None:
    assert derive.Uptime(()).percent is None
    assert derive.format_percent(None) == "no data"


def test_daylight_saving_day_has_25_hours(load: Load) -> None:
    # Europe/Berlin leaves summer time on 2026-10-25.
    uptime = _uptime(
        load({}, "2026-10-26T12:00:00Z", uptime_days=2, time_zone="Europe/Berlin"), "api"
    )
    assert uptime.days[0].observed == 25 * 60


def test_percent_is_rounded_down_never_up() -> None:
    assert derive.format_percent(99.999) == "99.99%"
    assert derive.format_percent(100.0) == "100.00%"


# Ids ---------------------------------------------------------------------


def test_stable_ids_are_twelve_lowercase_alphanumerics_and_never_change() -> None:
    ident = stable_id("incident", "2026-11-24-api-errors-after-deploy")
    assert len(ident) == 12 and ident.isalnum() and ident == ident.lower()
    # Pinned: clients store these ids, so a change of algorithm would break them.
    assert ident == "rtownf9g4ydi"
    assert stable_id("page", "x") != stable_id("component", "x")
