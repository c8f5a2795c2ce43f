"""Attacks on the reliability report's histogram (a measure past ``reliability.SHOWN``
incidents): what a reader sees on the chart, and reads in its column titles, must agree
with the figures the page states and with the JSON the page sends them to."""

from __future__ import annotations

import json
import re
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from benchmarks.corpus import COMPONENTS, CONFIG
from statuspress import metrics
from statuspress.cli import cli
from statuspress.i18n import language
from statuspress.render.reliability import strip_chart

reliability = sys.modules["statuspress.render.reliability"]
SVG = "{http://www.w3.org/2000/svg}"
NOW = "2026-11-28T12:00:00Z"
BAR = re.compile(r"(\d+) incidents? (?:under (.+)|from (.+) to under (.+))")


def minutes_of(text: str) -> int:
    """``1 d 2 h``, ``3 h 5 min`` read back as whole minutes."""
    unit = {"d": 24 * 60, "h": 60, "min": 1}
    words = text.split()
    return sum(int(n) * unit[u] for n, u in zip(words[::2], words[1::2], strict=True))


def chart_of(values: dict[str, float]) -> etree._Element:
    summary = metrics.Summary.of(list(values.values()))
    drawn = strip_chart(
        metrics.MEASURES[0], values, dict.fromkeys(values, "t"), summary, language("en")
    )
    return etree.fromstring(str(drawn).encode())


def columns(chart: etree._Element) -> list[tuple[int, int, int, float, float]]:
    """Each column as (count, low, high, x, width), low and high in minutes as its title
    says them."""
    found = []
    for rect in chart.findall(f"{SVG}rect"):
        number, under, low, high = BAR.fullmatch(rect.find(f"{SVG}title").text).groups()
        lo, hi = (0, minutes_of(under)) if under else (minutes_of(low), minutes_of(high))
        found.append((int(number), lo, hi, float(rect.get("x")), float(rect.get("width"))))
    return found


def marker(chart: etree._Element, name: str) -> float:
    return float(chart.find(f"{SVG}line[@class='sp-chart__{name}']").get("x1"))


# A common alerting set-up: every incident is detected 90 seconds (or 3.5 minutes)
# after it starts.
@pytest.mark.parametrize("minutes", [1.5, 3.5])
def test_the_median_marker_stands_on_the_column_that_holds_the_median(minutes: float) -> None:
    """Every incident took the same time, so the one column holds them all and the
    median and p90 lines must stand on it. The columns are filled by the duration rounded
    to a whole minute but drawn where the unrounded axis puts that whole minute, so the
    markers (drawn at the unrounded median) stand in an empty stretch of the axis: at
    1.5 min the median line is at x=101.3, the only column from x=161.8."""
    chart = chart_of({f"i{n}": minutes for n in range(reliability.SHOWN + 1)})
    (column,) = columns(chart)
    count, _, _, x, width = column
    assert count == reliability.SHOWN + 1
    for name in ("median", "p90"):
        assert x <= marker(chart, name) <= x + width, (name, marker(chart, name), x, width)


def test_column_ranges_hold_the_durations_the_json_gives() -> None:
    """Past SHOWN the page lists only the 50 longest and sends the reader to
    /api/reliability.json for the rest, whose values are minutes to two decimals. A column
    titled "from 2 min to under 3 min" must count the incidents whose JSON value is in
    [2, 3): it also counts those of 1.5 to 1.99 minutes (rounded up to 2) and leaves out
    those of 2.5 (banker's rounding keeps 2.5 at 2, but 3.5 goes to 4)."""
    values = {f"i{n}": 1.0 + (n % 40) * 0.1 for n in range(reliability.SHOWN + 1)}
    published = [round(v, 2) for v in values.values()]  # as _json writes values_minutes
    wrong = []
    for count, low, high, _, _ in columns(chart_of(values)):
        inside = sum(low <= v < high for v in published)
        if inside != count:
            wrong.append((low, high, count, inside))
    assert wrong == [], wrong  # (low, high, the column's count, the JSON's count)


def write_site(project: Path, incidents: int, detect: timedelta) -> None:
    (project / "pages").mkdir(parents=True)
    components = "\n".join(
        f"        - id: {c}\n          name: Service {c[-2:]}" for c in COMPONENTS
    )
    (project / "mkdocs.yml").write_text(CONFIG.format(components=components))
    folder = project / "incidents"
    folder.mkdir()
    start = datetime(2024, 1, 1, tzinfo=UTC)

    def stamp(moment: datetime) -> str:
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")

    for n in range(incidents):
        started = start + timedelta(hours=7 * n)
        lines = [
            "---",
            f"title: Incident {n}",
            "severity: SEV-3",
            "components:",
            f"  {COMPONENTS[n % len(COMPONENTS)]}: partial_outage",
            f"started: {stamp(started)}",
            f"detected: {stamp(started + detect)}",
            "updates:",
            f"  - at: {stamp(started + detect)}",
            "    status: investigating",
            "    message: We are looking into it.",
            f"  - at: {stamp(started + timedelta(hours=1))}",
            "    status: resolved",
            "    message: Fixed.",
            "---",
            "",
        ]
        (folder / f"{started:%Y-%m-%d}-incident-{n:04d}.md").write_text("\n".join(lines))


def test_a_built_report_draws_time_to_detect_where_its_json_and_median_say(
    tmp_path: Path,
) -> None:
    """201 incidents, each detected 90 seconds after it started. The JSON says 1.5 minutes
    for every one, the page says "median 2 min"; the only column is titled "201 incidents
    from 2 min to under 3 min" (none has a JSON value in that range) and the median line
    is drawn left of it, where the chart shows no incident."""
    project = tmp_path / "project"
    write_site(project, reliability.SHOWN + 1, timedelta(seconds=90))
    out = tmp_path / "site"
    command = ["build", "--no-cache", "--now", NOW, "-f", str(project / "mkdocs.yml")]
    result = CliRunner().invoke(cli, [*command, "-d", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads((out / "api/reliability.json").read_text())
    ttd = list(data["values_minutes"]["ttd"].values())
    assert len(ttd) == reliability.SHOWN + 1 and set(ttd) == {1.5}
    text = (out / "reliability/index.html").read_text()
    match = re.search(r'<svg [^>]*aria-labelledby="chart-ttd-title.*?</svg>', text)
    assert match
    chart = etree.fromstring(match.group(0).encode())
    for count, low, high, x, width in columns(chart):
        assert count == sum(low <= v < high for v in ttd), (count, low, high)
        assert x <= marker(chart, "median") <= x + width
