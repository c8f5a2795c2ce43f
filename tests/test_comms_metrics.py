"""Communication measured: lag to the first update, gaps between updates, promises kept,
on a site whose timestamps give figures worked out by hand below."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from click.testing import CliRunner

from statuspress import metrics
from statuspress.cli import cli
from statuspress.model import Site

from .conftest import MakeSite


def incident(day: str, component: str, updates: list[tuple[str, str | None]]) -> str:
    """An incident started at 10:00 on ``day``; each update is (HH:MM, promised HH:MM);
    the last one resolves it."""
    lines = [
        "---",
        f"title: Incident of {day}",
        f"components: {{{component}: partial_outage}}",
        f"started: {day}T10:00:00Z",
        "updates:",
    ]
    for index, (at, promise) in enumerate(updates):
        status = "resolved" if index == len(updates) - 1 else "identified"
        lines += [f"  - at: {day}T{at}:00Z", f"    status: {status}", "    message: Said."]
        if promise:
            lines.append(f"    next_update: {day}T{promise}:00Z")
    return "\n".join([*lines, "---", ""])


FILES = {
    # lag 10; gaps 30, 40; promises: 10:40 by 10:40 kept, 11:20 by 11:00 broken: 50%
    "i1.md": incident(
        "2026-09-20", "api", [("10:10", "10:40"), ("10:40", "11:00"), ("11:20", None)]
    ),
    # lag 5; gaps 20, 25; promise 10:50 by 10:55 kept: 100%
    "i2.md": incident("2026-10-05", "api", [("10:05", None), ("10:25", "10:55"), ("10:50", None)]),
    # lag 30; a single update: no gaps, no promise
    "i3.md": incident("2026-10-10", "api", [("10:30", None)]),
    # lag 2; gaps 10, 10, 60; promises 10:12 by 10:10 broken, 10:22 by 10:30 kept,
    # 11:22 by 11:22 kept: 2 of 3
    "i4.md": incident(
        "2026-10-15",
        "api",
        [("10:02", "10:10"), ("10:12", "10:30"), ("10:22", "11:22"), ("11:22", None)],
    ),
    # lag 20; gaps 25, 15, 10; promises 10:45 by 10:30 broken, 11:00 by 11:15 and
    # 11:10 by 11:30 kept: 2 of 3
    "i5.md": incident(
        "2026-10-20",
        "api",
        [("10:20", "10:30"), ("10:45", "11:15"), ("11:00", "11:30"), ("11:10", None)],
    ),
    # lag 15; gap 30; promise 10:45 by 10:30 broken: 0%
    "i6.md": incident("2026-10-25", "web", [("10:15", "10:30"), ("10:45", None)]),
    # still open: not counted
    "i7.md": incident("2026-11-27", "api", [("10:01", None), ("10:02", None)]).replace(
        "status: resolved", "status: monitoring"
    ),
}
NOW = "2026-11-28T12:00:00Z"


@pytest.fixture
def site(load: Callable[..., Site]) -> Site:
    return load(FILES, NOW)


def test_each_incident_by_hand(site: Site) -> None:
    report = metrics.report(site)
    assert report.comms_values["lag"] == {"i1": 10, "i2": 5, "i3": 30, "i4": 2, "i5": 20, "i6": 15}
    assert report.comms_values["longest_gap"] == {"i1": 40, "i2": 25, "i4": 60, "i5": 25, "i6": 30}
    assert report.comms_values["median_gap"] == {"i1": 35, "i2": 22.5, "i4": 10, "i5": 15, "i6": 30}
    kept = report.comms_values["promises_kept"]
    assert kept == {
        "i1": 50,
        "i2": 100,
        "i4": pytest.approx(200 / 3),
        "i5": pytest.approx(200 / 3),
        "i6": 0,
    }
    # Lacking data is counted as lacking, never as zero.
    assert report.lacking == {
        "lag": (),
        "longest_gap": ("i3",),
        "median_gap": ("i3",),
        "promises_kept": ("i3",),
    }


def test_the_distributions_by_hand(site: Site) -> None:
    report = metrics.report(site)
    # lag, sorted: 2 5 10 15 20 30. Median (10+15)/2; p90 at rank 4.5: 20 + 0.5 * 10.
    assert report.comms["lag"] == metrics.Summary(6, 12.5, 25.0, 0)
    # longest gap, sorted: 25 25 30 40 60. p90 at rank 3.6: 40 + 0.6 * 20.
    assert report.comms["longest_gap"] == metrics.Summary(5, 30, pytest.approx(52.0), 1)
    # median gap, sorted: 10 15 22.5 30 35. p90 at rank 3.6: 30 + 0.6 * 5.
    assert report.comms["median_gap"] == metrics.Summary(5, 22.5, pytest.approx(33.0), 1)
    # promises kept, sorted: 0 50 66.7 66.7 100. Its low tail, p10 at rank 0.4: 0.4 * 50.
    assert report.comms["promises_kept"] == metrics.Summary(
        5, pytest.approx(200 / 3), pytest.approx(20.0), 1
    )


def test_per_quarter_and_per_component(site: Site) -> None:
    report = metrics.report(site)
    q3, q4 = (
        {g.key: g for g in report.by_quarter}["2026-Q3"],
        {g.key: g for g in report.by_quarter}["2026-Q4"],
    )
    assert q3.comms["lag"] == metrics.Summary(1, None, None, 0)  # too few for a figure
    # Q4: lags 5 30 2 20 15, sorted 2 5 15 20 30: median 15, p90 at 3.6: 20 + 0.6 * 10
    assert q4.comms["lag"] == metrics.Summary(5, 15, pytest.approx(26.0), 0)
    api = {g.key: g for g in report.by_service}["api"]
    # api: lags 10 5 30 2 20, sorted 2 5 10 20 30
    assert api.comms["lag"] == metrics.Summary(5, 10, pytest.approx(26.0), 0)
    assert api.comms["longest_gap"] == metrics.Summary(4, None, None, 1)


def test_a_measure_fails_on_a_wrong_timestamp(load: Callable[..., Site]) -> None:
    # The same site with one update moved by a minute changes the figures: they are read
    # from the content, not constants.
    files = {**FILES, "i2.md": FILES["i2.md"].replace("T10:05:00Z", "T10:06:00Z")}
    report = metrics.report(load(files, NOW))
    assert report.comms_values["lag"]["i2"] == 6
    assert report.comms_values["longest_gap"]["i2"] == 25
    assert report.comms_values["median_gap"]["i2"] == 22


def test_the_page_and_json_show_them_with_definitions(make_site: MakeSite) -> None:
    project = make_site(FILES)
    result = CliRunner().invoke(
        cli, ["build", "--no-cache", "--now", NOW, "-f", str(project / "mkdocs.yml")]
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads((project / "site" / "api" / "reliability.json").read_text())
    comms = data["communication"]
    assert comms["overall"]["lag"] == {
        "n": 6,
        "no_data": 0,
        "median_minutes": 12.5,
        "p90_minutes": 25.0,
    }
    assert comms["overall"]["promises_kept"] == {
        "n": 5,
        "no_data": 1,
        "median_percent": 66.67,
        "p10_percent": 20.0,
    }
    assert comms["no_data"]["median_gap"] == ["i3"]
    assert (
        comms["definitions"]["lag"]["description"]
        == "from impact starting to the first public update"
    )
    assert [g["key"] for g in comms["by_quarter"]] == ["2026-Q4", "2026-Q3"]
    page = (project / "site" / "reliability" / "index.html").read_text()
    assert "<strong>Definition:</strong> from impact starting to the first public update." in page
    assert "Median 22 min, p90 33 min (n=5); 1 without data (only one update)." in page
    assert "Median 67%, worst tenth (p10) 20% (n=5); 1 without data (no promise made)." in page
    assert "Without data: only one update (1)" in page
