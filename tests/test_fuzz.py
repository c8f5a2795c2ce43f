"""Property tests: any input gives a model or our own problem, and derived figures stay sane.

The suite runs a few hundred examples; ``HYPOTHESIS_PROFILE=long pytest -m long``
runs many more.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import derive
from generator.errors import Problem
from generator.load import SourceFile, load_file, parse_text
from generator.model import (
    COMPONENT_STATUSES,
    IMPACT_OF_STATUS,
    IMPACTS,
    INCIDENT_COMPONENT_STATUSES,
    INCIDENT_STATUSES,
    INDICATORS,
    UPDATE_COMPONENT_STATUSES,
    Component,
    Incident,
    Maintenance,
    Settings,
    Site,
    Update,
)
from generator.validate import validate

settings.register_profile(
    "default", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "long", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

SETTINGS = Settings(
    name="Fuzz",
    url="https://status.example.com/",
    components=(Component("api", "API", 1), Component("db", "DB", 2, group="G")),
)
KEYS = [
    "title",
    "severity",
    "impact",
    "components",
    "started",
    "detected",
    "updates",
    "type",
    "at",
    "status",
    "message",
    "tags",
    "scheduled_start",
    "scheduled_end",
    "incidents",
    "action_items",
    "api",
    "db",
]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.sampled_from(
        [
            "SEV-1",
            "SEV-4",
            "2026-11-28T10:00:00Z",
            "2026-02-30",
            "resolved",
            "major_outage",
            "incident",
            "maintenance",
            "postmortem",
            "api",
        ]
    ),
)
DATA = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from(KEYS), children, max_size=6),
    ),
    max_leaves=25,
)


def check_any(text: str) -> None:
    parsed = parse_text(text, "x.md", "x")
    assert isinstance(parsed, SourceFile | Problem)
    if isinstance(parsed, SourceFile):
        problems: list[Problem] = []
        validate([parsed], SETTINGS, problems)
        assert all(isinstance(p, Problem) for p in problems)


@given(st.text(max_size=400))
def test_any_text_gives_a_file_or_a_problem(text: str) -> None:
    check_any(text)
    check_any("---\n" + text + "\n---\n")


@given(DATA)
def test_any_front_matter_validates_without_crashing(data: object) -> None:
    front = yaml.safe_dump({"root": data})[len("root:") :]
    check_any("---\ntitle: T\nupdates:" + front + "\n---\n")
    if isinstance(data, dict):
        check_any("---\n" + yaml.safe_dump(data) + "---\n")


@given(st.binary(max_size=300))
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_bytes_on_disk_give_a_file_or_a_problem(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "x.md"
    path.write_bytes(b"---\n" + data + b"\n---\n")
    assert isinstance(load_file(path, "x.md"), SourceFile | Problem)


START = datetime(2026, 11, 1, tzinfo=UTC)
MINUTES = st.integers(min_value=0, max_value=60 * 24 * 30)


@st.composite
def incidents(draw: st.DrawFn, index: int) -> Incident:
    started = START + timedelta(minutes=draw(MINUTES))
    times = sorted(draw(st.lists(st.integers(0, 60 * 24 * 3), min_size=1, max_size=5)))
    statuses = draw(
        st.lists(st.sampled_from(INCIDENT_STATUSES[:3]), min_size=len(times), max_size=len(times))
    )
    if draw(st.booleans()):
        statuses[-1] = "resolved"
    updates = tuple(
        Update(
            at=started + timedelta(minutes=t),
            status=s,
            message="m",
            components=draw(
                st.dictionaries(
                    st.sampled_from(["api", "db"]),
                    st.sampled_from(UPDATE_COMPONENT_STATUSES),
                    max_size=2,
                )
            ),
            key=f"u{n}",
        )
        for n, (t, s) in enumerate(zip(times, statuses, strict=True))
    )
    return Incident(
        id=f"i{index}",
        path="x",
        title="T",
        impact=draw(st.sampled_from(IMPACTS)),
        components=draw(
            st.dictionaries(
                st.sampled_from(["api", "db"]),
                st.sampled_from(INCIDENT_COMPONENT_STATUSES),
                max_size=2,
            )
        ),
        started=started,
        detected=None,
        acknowledged=None,
        mitigated=None,
        updates=updates,
    )


@st.composite
def sites(draw: st.DrawFn) -> Site:
    count = draw(st.integers(0, 5))
    found = tuple(draw(incidents(n)) for n in range(count))
    start = START + timedelta(minutes=draw(MINUTES))
    maintenances = tuple(
        Maintenance(
            id=f"m{n}",
            path="m",
            title="M",
            components={"db": "under_maintenance"},
            scheduled_start=start,
            scheduled_end=start + timedelta(hours=2),
            updates=(),
        )
        for n in range(draw(st.integers(0, 1)))
    )
    now = START + timedelta(minutes=draw(st.integers(0, 60 * 24 * 40)))
    days = draw(st.integers(1, 45))
    site_settings = Settings(
        SETTINGS.name,
        SETTINGS.url,
        draw(st.sampled_from(["UTC", "Europe/Berlin", "America/St_Johns", "Asia/Kathmandu"])),
        days,
        SETTINGS.components,
    )
    return Site(site_settings, found, maintenances, now)


@given(sites())
def test_derived_statuses_and_uptime_stay_in_range(site: Site) -> None:
    statuses = derive.component_statuses(site)
    assert set(statuses.values()) <= set(COMPONENT_STATUSES)
    for component in site.settings.components:
        uptime = derive.uptime(site, component)
        assert len(uptime.days) == site.settings.uptime_days
        if uptime.percent is not None:
            assert 0.0 <= uptime.percent <= 100.0
        for day in uptime.days:
            assert 0 <= day.downtime <= day.observed + 1e-6
    indicator, _ = derive.indicator(site)
    # The worst of the open events' impact and what each component's status means:
    # never below any of them, and one of them (or none).
    levels = [e.impact for e in site.events if derive.is_open(e, site.now)]
    levels += [IMPACT_OF_STATUS[s] for s in statuses.values()]
    assert all(INDICATORS.index(indicator) >= INDICATORS.index(level) for level in levels)
    assert indicator in [*levels, "none"]
    if "major_outage" in statuses.values():
        assert indicator in ("major", "critical")


@pytest.mark.long
@given(st.text(max_size=2000))
@settings(max_examples=5000)
def test_long_run_of_any_text(text: str) -> None:
    check_any("---\n" + text + "\n---\n")
