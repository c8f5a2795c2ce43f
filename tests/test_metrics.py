"""Reliability figures against hand-computed values."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from statuspress import metrics
from statuspress.model import Site

Load = Callable[..., Site]


def incident(
    started: str,
    resolved: str,
    *,
    detected: str | None = None,
    acked: str | None = None,
    mitigated: str | None = None,
    severity: str = "SEV-3",
    components: str = "{api: partial_outage}",
    extra: str = "",
) -> str:
    lines = [
        "---",
        "title: T",
        f"severity: {severity}",
        f"components: {components}",
        f"started: {started}",
    ]
    for key, value in (("detected", detected), ("acknowledged", acked), ("mitigated", mitigated)):
        if value:
            lines.append(f"{key}: {value}")
    if extra:
        lines.append(extra)
    lines += [
        "updates:",
        f"  - at: {started}",
        "    status: investigating",
        "    message: x",
        f"  - at: {resolved}",
        "    status: resolved",
        "    message: y",
        "---",
        "",
    ]
    return "\n".join(lines)


def test_percentile_interpolates_between_closest_ranks() -> None:
    assert metrics.percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9) == pytest.approx(9.1)
    assert metrics.percentile([2, 4, 5, 8, 15, 18, 160], 0.9) == pytest.approx(74.8)
    assert metrics.percentile([7], 0.9) == 7
    assert metrics.percentile([10, 0], 0.5) == 5


def test_small_n_gives_no_figure() -> None:
    assert metrics.Summary.of([1, 2, 3, 4]) == metrics.Summary(4, None, None)
    summary = metrics.Summary.of([5, 1, 4, 2, 3])
    assert (summary.n, summary.median, summary.p90) == (5, 3, pytest.approx(4.6))


# Six resolved incidents; times in minutes after 10:00 on their day.
#   id  started detected acked mitigated resolved  TTD TTA TTM TTR impact
#   a   10:00   10:02   10:03  10:20    11:00      2   1   20  58  60
#   b   10:00   10:10   10:15  10:40    12:00      10  5   40  110 120
#   c   10:00   10:05   10:06  10:10    10:30      5   1   10  25  30
#   d   10:00   10:30   10:31  11:00    14:00      30  1   60  210 240
#   e   10:00   10:01   10:11  10:05    10:15      1   10  5   14  15
#   f   10:00   (none)  -      -        10:45      -   -   -   -   45
SIX = {
    "a.md": incident(
        "2026-07-01T10:00:00Z",
        "2026-07-01T11:00:00Z",
        detected="2026-07-01T10:02:00Z",
        acked="2026-07-01T10:03:00Z",
        mitigated="2026-07-01T10:20:00Z",
        severity="SEV-1",
        extra="detection: alert",
    ),
    "b.md": incident(
        "2026-08-01T10:00:00Z",
        "2026-08-01T12:00:00Z",
        detected="2026-08-01T10:10:00Z",
        acked="2026-08-01T10:15:00Z",
        mitigated="2026-08-01T10:40:00Z",
        severity="SEV-2",
        extra="detection: user_report",
    ),
    "c.md": incident(
        "2026-09-01T10:00:00Z",
        "2026-09-01T10:30:00Z",
        detected="2026-09-01T10:05:00Z",
        acked="2026-09-01T10:06:00Z",
        mitigated="2026-09-01T10:10:00Z",
        components="{web: major_outage}",
        extra="detection: alert",
    ),
    "d.md": incident(
        "2026-10-01T10:00:00Z",
        "2026-10-01T14:00:00Z",
        detected="2026-10-01T10:30:00Z",
        acked="2026-10-01T10:31:00Z",
        mitigated="2026-10-01T11:00:00Z",
    ),
    "e.md": incident(
        "2026-10-02T10:00:00Z",
        "2026-10-02T10:15:00Z",
        detected="2026-10-02T10:01:00Z",
        acked="2026-10-02T10:11:00Z",
        mitigated="2026-10-02T10:05:00Z",
    ),
    "f.md": incident("2026-10-03T10:00:00Z", "2026-10-03T10:45:00Z"),
}


def test_overall_medians_and_p90s(load: Load) -> None:
    report = metrics.report(load(SIX, "2026-11-28T12:00:00Z"))
    assert report.values["ttd"] == {"a": 2, "b": 10, "c": 5, "d": 30, "e": 1}
    overall = report.overall
    # TTD sorted 1 2 5 10 30: median 5, p90 at rank 3.6 -> 10 + 0.6 * 20 = 22
    assert (overall["ttd"].n, overall["ttd"].median, overall["ttd"].p90) == (
        5,
        5,
        pytest.approx(22),
    )
    # TTA 1 1 1 5 10: median 1, p90 5 + 0.6 * 5 = 8
    assert (overall["tta"].median, overall["tta"].p90) == (1, pytest.approx(8))
    # TTM 5 10 20 40 60: median 20, p90 40 + 0.6 * 20 = 52
    assert (overall["ttm"].median, overall["ttm"].p90) == (20, pytest.approx(52))
    # TTR 14 25 58 110 210: median 58, p90 110 + 0.6 * 100 = 170
    assert (overall["ttr"].median, overall["ttr"].p90) == (58, pytest.approx(170))
    # Impact 15 30 45 60 120 240 (f counts: it has started and resolved): median 52.5,
    # p90 at rank 4.5 -> 120 + 0.5 * 120 = 180
    assert (overall["impact"].n, overall["impact"].median) == (6, 52.5)
    assert overall["impact"].p90 == pytest.approx(180)


def test_quarters_services_severities_and_small_groups(load: Load) -> None:
    report = metrics.report(load(SIX, "2026-11-28T12:00:00Z"))
    assert [g.key for g in report.by_quarter] == ["2026-Q4", "2026-Q3"]
    q4, q3 = report.by_quarter
    assert q4.counts == {"SEV-1": 0, "SEV-2": 0, "SEV-3": 3, "No impact": 0}
    assert q3.counts == {"SEV-1": 1, "SEV-2": 1, "SEV-3": 1, "No impact": 0}
    assert q3.summaries["ttd"] == metrics.Summary(3, None, None)  # too few incidents
    services = {g.key: g for g in report.by_service}
    assert services["api"].total == 5 and services["web"].total == 1 and services["db"].total == 0


def test_detection_and_data_quality(load: Load) -> None:
    files = dict(SIX)
    files["g.md"] = incident(
        "2026-10-04T10:00:00Z", "2026-10-04T11:00:00Z", extra="exclude_from_metrics: true"
    )
    files["h.md"] = incident(
        "2026-10-05T10:00:00Z", "2026-10-05T11:00:00Z", detected="2026-10-05T09:00:00Z"
    )  # detected before it started
    files["open.md"] = incident("2026-11-28T10:00:00Z", "2026-11-28T13:00:00Z")
    report = metrics.report(load(files, "2026-11-28T12:00:00Z"))
    assert report.detection == {"alert": 2, "user_report": 1, "other": 0, "not recorded": 4}
    assert report.quality.excluded == ("g",)
    assert report.quality.unresolved == ("open",)
    assert report.quality.missing == {
        "detected": ("f",),
        "acknowledged": ("f", "h"),
        "mitigated": ("f", "h"),
    }
    assert report.quality.out_of_order == {"detected before started": ("h",)}
    assert "h" not in report.values["ttd"] and report.values["ttr"]["h"] == 120
