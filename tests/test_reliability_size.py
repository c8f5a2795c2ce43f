"""The reliability report of a big site stays a page a phone can load: past
``reliability.SHOWN`` incidents a measure is drawn as a histogram and lists only its
furthest incidents, while the JSON keeps every incident's figures.

The site is the benchmark's synthetic corpus (written by code, not by hand)."""

from __future__ import annotations

import itertools
import json
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree
from lxml import html as lxml_html

from benchmarks.corpus import write as write_corpus
from statuspress import metrics
from statuspress.cli import cli
from statuspress.i18n import language
from statuspress.render.reliability import strip_chart

reliability = sys.modules["statuspress.render.reliability"]  # the module, not its renderer
NOW = "2026-11-28T12:00:00Z"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("report") / "project"
    write_corpus(project, 400, None, 3)
    out = project / "site"
    command = ["build", "--no-cache", "--now", NOW, "-f", str(project / "mkdocs.yml")]
    result = CliRunner().invoke(cli, [*command, "-d", str(out)])
    assert result.exit_code == 0, result.output
    return out


def charts(text: str) -> dict[str, etree._Element]:
    found = {}
    for match in re.finditer(
        r'<svg xmlns="http://www.w3.org/2000/svg" class="sp-chart".*?</svg>', text
    ):
        root = etree.fromstring(match.group(0).encode())  # well-formed, or this raises
        key = root.get("aria-labelledby").split()[0].removeprefix("chart-").removesuffix("-title")
        found[key] = root
    return found


def test_a_big_site_draws_histograms_whose_columns_count_every_incident(report: Path) -> None:
    text = (report / "reliability/index.html").read_text()
    data = json.loads((report / "api/reliability.json").read_text())
    drawn = charts(text)
    big = [m.key for m in metrics.MEASURES if data["overall"][m.key]["n"] > reliability.SHOWN]
    assert big, "the corpus has no measure past SHOWN"
    for key in big:
        chart = drawn[key]
        assert chart.find(f"{SVG}title").text.endswith(": incidents by duration")
        assert chart.findall(f"{SVG}circle") == []
        bars = chart.findall(f"{SVG}rect")
        counted = [int(bar.find(f"{SVG}title").text.split()[0]) for bar in bars]
        assert sum(counted) == data["overall"][key]["n"] == len(data["values_minutes"][key])
        assert 1 < len(bars) <= reliability.COLUMNS
        xs = [float(bar.get("x")) for bar in bars]
        assert xs == sorted(xs)
        assert all(reliability.LEFT <= x < reliability.WIDTH - reliability.RIGHT for x in xs)


def test_a_big_site_lists_its_longest_incidents_and_points_to_the_json(report: Path) -> None:
    page = lxml_html.fromstring((report / "reliability/index.html").read_bytes())
    data = json.loads((report / "api/reliability.json").read_text())
    for m in metrics.MEASURES:
        values = data["values_minutes"][m.key]
        if len(values) <= reliability.SHOWN:
            continue
        (section,) = page.xpath(f'//section[@aria-labelledby="measure-{m.key}"]')
        (details,) = section.xpath(".//details")
        heading = details.xpath("string(summary)")
        assert heading == f"The {reliability.TAIL} longest of {len(values)} incidents"
        listed = [a.get("href").rstrip("/").rsplit("/", 1)[-1] for a in details.xpath(".//li/a")]
        assert len(listed) == reliability.TAIL
        shown = [values[i] for i in listed]
        assert shown == sorted(shown, reverse=True)  # longest first
        left_out = [v for i, v in values.items() if i not in set(listed)]
        assert min(shown) >= max(left_out)
        assert details.xpath('.//a[contains(@href, "api/reliability.json")]')


def test_the_page_weighs_the_same_whatever_the_number_of_incidents(report: Path) -> None:
    size = (report / "reliability/index.html").stat().st_size
    assert size < 250_000, size  # every incident listed, it was 700 KB at 400 incidents
    data = json.loads((report / "api/reliability.json").read_text())
    missing = data["data_quality"]["missing"]
    assert any(len(ids) > reliability.SHOWN for ids in missing.values())
    page = lxml_html.fromstring((report / "reliability/index.html").read_bytes())
    for name, ids in missing.items():
        (item,) = page.xpath(
            f'//section[@id="data-quality" or @aria-labelledby="data-quality"]//li[code="{name}"]'
        )
        named = item.xpath(".//a")
        if len(ids) > reliability.SHOWN:
            assert len(named) == reliability.TAIL + 1  # and the JSON
            more = len(ids) - reliability.TAIL
            assert (
                item.text_content()
                .rstrip()
                .endswith(f"and {more} more, every one listed in the JSON")
            )
            assert named[-1].get("href").endswith("api/reliability.json")
        else:
            assert len(named) == len(ids)


def test_past_shown_a_measure_where_low_is_worst_lists_its_lowest() -> None:
    lang = language("en")
    values = {f"i{n:03d}": float(n % 97) for n in range(reliability.SHOWN + 1)}
    titles = {i: i.upper() for i in values}
    lowest = reliability.listed(values, titles, str, lang, lowest_worst=True)
    assert lowest["heading"] == f"The {reliability.TAIL} lowest of {len(values)} incidents"
    shown = [float(p["value"]) for p in lowest["items"]]
    assert shown == sorted(shown) and max(shown) <= min(
        v for i, v in values.items() if i.upper() not in {p["title"] for p in lowest["items"]}
    )
    del values["i000"]
    every = reliability.listed(values, titles, str, lang)
    assert every["complete"] and len(every["items"]) == reliability.SHOWN
    assert every["heading"] == f"Every incident ({reliability.SHOWN})"


@pytest.mark.parametrize("count", [reliability.SHOWN, reliability.SHOWN + 1])
def test_the_chart_turns_into_a_histogram_just_past_shown(count: int) -> None:
    lang = language("en")
    values = {f"i{n}": [0.0, 0.4, 1.0, 7.5, 90.0, 3000.0][n % 6] for n in range(count)}
    summary = metrics.Summary.of(list(values.values()))
    chart = etree.fromstring(
        str(
            strip_chart(metrics.MEASURES[0], values, dict.fromkeys(values, "<t>"), summary, lang)
        ).encode()
    )
    circles, bars = chart.findall(f"{SVG}circle"), chart.findall(f"{SVG}rect")
    if count <= reliability.SHOWN:
        assert (len(circles), len(bars)) == (count, 0)
        assert circles[0].find(f"{SVG}title").text.startswith("<t>: ")  # escaped, read back
    else:
        assert circles == []
        titles = [bar.find(f"{SVG}title").text for bar in bars]
        assert sum(int(t.split()[0]) for t in titles) == count
        first = sum(v < 2 for v in values.values())  # under a minute, and one
        assert titles[0] == f"{first} incidents under 2 min"


def minutes_of(text: str) -> int:
    """``1 d 2 h``, ``3 h 5 min``, ``under 1 min`` read back as whole minutes."""
    if text == "under 1 min":
        return 0
    unit = {"d": 24 * 60, "h": 60, "min": 1}
    words = text.split()
    return sum(int(n) * unit[u] for n, u in zip(words[::2], words[1::2], strict=True))


BAR = re.compile(r"(\d+) incidents? (?:under (.+)|from (.+) to under (.+))")


@pytest.mark.parametrize("spread", [30.0, 600.0, 6000.0, 60000.0])
def test_histogram_columns_read_as_distinct_ranges_that_hold_what_the_list_says(
    spread: float,
) -> None:
    """Every column's title names a range of its own, from where the last one ended, and
    counts exactly the incidents the list shows with a duration in that range: values under
    a minute and of one minute too, which a log axis cannot place."""
    lang = language("en")
    count = reliability.SHOWN + 101
    values = {f"i{n}": [0.0, 0.4, 0.6, 1.0, 1.49, 1.6][n % 6] for n in range(60)}
    values |= {f"j{n}": spread ** (n / count) * 1.7 for n in range(count - 60)}
    summary = metrics.Summary.of(list(values.values()))
    chart = etree.fromstring(
        str(
            strip_chart(metrics.MEASURES[0], values, dict.fromkeys(values, "t"), summary, lang)
        ).encode()
    )
    titles = [bar.find(f"{SVG}title").text for bar in chart.findall(f"{SVG}rect")]
    assert len(set(titles)) == len(titles), titles
    shown = [round(v, 2) for v in values.values()]  # as the JSON gives them
    written = reliability._Minutes(lang)
    listed = [minutes_of(written(v)) for v in values.values()]  # as the page lists them
    end = 0
    for title in titles:
        number, under, low, high = BAR.fullmatch(title).groups()
        low, high = (0, minutes_of(under)) if under else (minutes_of(low), minutes_of(high))
        assert low < high, title
        assert low >= end, (title, titles)  # no overlap with the column before
        assert int(number) == sum(low <= v < high for v in shown), title
        assert int(number) == sum(low <= v < high for v in listed), title
        end = high
    assert sum(int(t.split()[0]) for t in titles) == len(values)
    assert titles[0] == f"{sum(v < 2 for v in values.values())} incidents under 2 min"
    xs = [(float(r.get("x")), float(r.get("width"))) for r in chart.findall(f"{SVG}rect")]
    assert all(x1 + w1 < x2 for (x1, w1), (x2, _) in itertools.pairwise(xs))  # side by side


def test_the_introduction_says_how_a_big_site_is_drawn(report: Path) -> None:
    page = lxml_html.fromstring((report / "reliability/index.html").read_bytes())
    intro = page.xpath("string(//h1/following-sibling::p[1])")
    assert "every incident as a point" not in intro
    assert f"in a histogram when there are more than {reliability.SHOWN}" in intro


def test_incidents_without_data_past_shown_point_to_the_json(report: Path) -> None:
    page = lxml_html.fromstring((report / "reliability/index.html").read_bytes())
    data = json.loads((report / "api/reliability.json").read_text())
    long = [
        k for k, ids in data["communication"]["no_data"].items() if len(ids) > reliability.SHOWN
    ]
    assert long, "the corpus has no measure with that many incidents lacking data"
    for key in long:
        (section,) = page.xpath(f'//section[@aria-labelledby="comms-{key}"]')
        (more,) = section.xpath(".//details/p")
        left = len(data["communication"]["no_data"][key]) - reliability.TAIL
        assert more.text_content() == f"And {left} more: every incident is listed in the JSON."
        assert more.xpath("a/@href")[0].endswith("api/reliability.json")


@pytest.mark.parametrize(("median", "p90"), [(30.0, 30.0), (30.0, 40.0), (3.0, 3000.0)])
def test_the_median_and_p90_labels_are_not_drawn_over_each_other(median: float, p90: float) -> None:
    """Lines close together get labels that end and start at them; apart, centred ones."""
    lang = language("en")
    values = {f"i{n}": median if n < 80 else p90 for n in range(100)}
    summary = metrics.Summary.of(list(values.values()))
    chart = etree.fromstring(
        str(
            strip_chart(metrics.MEASURES[0], values, dict.fromkeys(values, "t"), summary, lang)
        ).encode()
    )
    labels = {
        text.text: (float(text.get("x")), text.get("text-anchor"))
        for text in chart.findall(f"{SVG}text")
        if text.text in ("median", "p90")
    }
    lines = {
        name: float(chart.find(f"{SVG}line[@class='sp-chart__{name}']").get("x1"))
        for name in ("median", "p90")
    }
    assert (summary.median, summary.p90) == (median, p90)
    if lines["p90"] - lines["median"] < reliability.LABEL_ROOM:
        assert labels["median"] == (lines["median"] - 2, "end")
        assert labels["p90"] == (lines["p90"] + 2, "start")
    else:
        assert labels == {name: (x, "middle") for name, x in lines.items()}
