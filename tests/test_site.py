"""The built sample site: every output exists and has the right shape."""

from __future__ import annotations

import json
import os
import re
import subprocess
from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import pytest
from click.testing import CliRunner
from lxml import html as lxml_html

from statuspress.cli import cli

from .checks.engine import ENGINE_COMMAND
from .conftest import REPO, SAMPLE_NOW, MakeSite, assert_same_files

INCIDENT_IDS = sorted(
    p.stem for p in (REPO / "incidents").rglob("*.md") if "type: postmortem" not in p.read_text()
)
API_FILES = [
    "summary.json",
    "status.json",
    "components.json",
    "incidents.json",
    "incidents/unresolved.json",
    "scheduled-maintenances.json",
    "scheduled-maintenances/upcoming.json",
    "scheduled-maintenances/active.json",
]


def page(site: Path, url: str) -> lxml_html.HtmlElement:
    return lxml_html.fromstring((site / url / "index.html").read_bytes())


def text_of(element: lxml_html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def test_every_output_exists(sample_site: Path) -> None:
    expected = [
        "index.html",
        "history/index.html",
        "history.rss",
        "history.atom",
        "sitemap.xml",
        "404.html",
        "_headers",
        ".nojekyll",
    ]
    assert len(list(sample_site.glob("assets/stylesheets/statuspress.*.css"))) == 1
    expected += [f"incidents/{i}/index.html" for i in INCIDENT_IDS]
    expected += [f"api/v2/{name}" for name in API_FILES]
    missing = [name for name in expected if not (sample_site / name).is_file()]
    assert missing == []


def test_status_page_shows_banner_open_incident_and_maintenance(sample_site: Path) -> None:
    doc = page(sample_site, "")
    banner = doc.cssselect(".sp-banner")[0]
    assert text_of(banner) == "Minor Service Outage"
    assert banner.get("role") == "status"
    open_titles = [text_of(a) for a in doc.cssselect("#open-incidents ~ article h3 a")]
    assert open_titles == ["Payouts to some European bank accounts are delayed"]
    updates = [text_of(h) for h in doc.cssselect("#open-incidents ~ article .sp-update__status")]
    assert updates == ["Identified", "Investigating"]  # newest first
    upcoming = [text_of(a) for a in doc.cssselect("#upcoming-maintenance ~ article h3 a")]
    assert upcoming == ["Payments API network upgrade"]


def test_status_page_lists_every_component_with_status_and_uptime(sample_site: Path) -> None:
    doc = page(sample_site, "")
    rows = doc.cssselect(".sp-component")
    assert [text_of(r.cssselect(".sp-component__name")[0]) for r in rows] == [
        "Website",
        "Payments API",
        "Merchant dashboard",
        "Webhooks",
        "Card processing",
        "Payouts",
        "Fraud screening",
    ]
    statuses = {r.get("id"): text_of(r.cssselect(".sp-status")[0]) for r in rows}
    assert statuses["component-payouts"] == "Partial outage"
    assert statuses["component-api"] == "Operational"
    for row in rows:
        cells = row.cssselect(".sp-bar__day")
        assert len(cells) == 90
        assert all(cell.cssselect("a")[0].get("title") for cell in cells)
        assert re.fullmatch(r"\d+\.\d\d% uptime", text_of(row.cssselect("strong .sp-wide")[0]))
    # Fraud screening started on 2026-10-01: the days before it have no data.
    fraud = doc.cssselect("#component-fraud-screening .sp-bar__day")
    assert fraud[0].cssselect("a")[0].get("title") == "31 Aug 2026: no data"
    assert "sp-bar__day--nodata" in fraud[0].get("class")
    assert (
        fraud[-1].cssselect("a")[0].get("title") == "28 Nov 2026: No downtime recorded on this day"
    )
    groups = [text_of(h) for h in doc.cssselect(".sp-group__name")]
    assert groups == ["Platform Operational", "Payments Partial outage"]


def test_status_page_past_incidents_cover_fourteen_days(sample_site: Path) -> None:
    doc = page(sample_site, "")
    days = [text_of(h) for h in doc.cssselect(".sp-day")]
    assert len(days) == 14
    assert days[0] == "28 Nov 2026" and days[-1] == "15 Nov 2026"
    assert len(doc.cssselect(".sp-quiet")) == 11  # quiet days say so
    assert "No incidents reported." in text_of(doc)


def test_status_page_names_the_time_zone_and_links_feeds_and_api(sample_site: Path) -> None:
    doc = page(sample_site, "")
    about = text_of(doc.cssselect(".sp-about")[0])
    assert "Last updated 28 Nov 2026, 13:00 CET. Times are shown in Europe/Berlin." in about
    times = "\N{MULTIPLICATION SIGN}"
    assert f"minutes of major outage + 0.3 {times} minutes of partial outage" in about
    links = {a.get("href") for a in doc.cssselect("a")}
    assert {"history/", "history.rss", "history.atom", "api/v2/summary.json"} <= links
    alternates = {e.get("type") for e in doc.cssselect("link[rel=alternate]")}
    assert alternates == {"application/rss+xml", "application/atom+xml"}


def test_status_page_has_no_external_requests(sample_site: Path) -> None:
    for path in [sample_site / "index.html", *sample_site.glob("incidents/*/index.html")]:
        doc = lxml_html.fromstring(path.read_bytes())
        for element in doc.cssselect("script[src], link[href], img[src]"):
            url = element.get("src") or element.get("href")
            if element.tag == "link" and element.get("rel") in ("canonical", "alternate"):
                continue
            assert not re.match(r"^(https?:)?//", url), f"{path}: {url}"


def test_incident_page_has_status_impact_components_timeline_duration(sample_site: Path) -> None:
    doc = page(sample_site, "incidents/2026-11-24-api-errors-after-deploy")
    facts = {
        text_of(dt): text_of(dd)
        for dt, dd in zip(doc.cssselect(".sp-facts dt"), doc.cssselect(".sp-facts dd"), strict=True)
    }
    assert facts == {
        "Status": "Resolved",
        "Impact": "Major impact",
        "Started": "24 Nov 2026, 15:02 CET",
        "Resolved": "24 Nov 2026, 16:30 CET",
        "Duration": "1 h 28 min",
        "Affected components": "Payments API (major outage), Merchant dashboard "
        "(degraded performance)",
        "Tags": "deploy, api",
        "Postmortem": "A configuration deploy exhausted the Payments API's database connections",
    }
    timeline = doc.cssselect(".sp-update")
    assert [u.get("id") for u in timeline] == [
        "update-20261124t153000z",
        "update-20261124t144000z",
        "update-20261124t142400z",
        "update-20261124t141000z",
    ]
    assert doc.cssselect(".sp-update code")[0].text == "500"  # Markdown in messages


def test_open_incident_page_shows_duration_so_far(sample_site: Path) -> None:
    doc = page(sample_site, "incidents/2026-11-28-delayed-payouts")
    facts = {
        text_of(dt): text_of(dd)
        for dt, dd in zip(doc.cssselect(".sp-facts dt"), doc.cssselect(".sp-facts dd"), strict=True)
    }
    assert facts["Status"] == "Identified"
    assert facts["Duration"] == "5 h 20 min so far"  # 07:40 CET to 13:00 CET
    assert "Resolved" not in facts


def test_incident_pages_are_not_in_the_navigation(sample_site: Path) -> None:
    doc = page(sample_site, "")
    nav = " ".join(a.get("href") for a in doc.cssselect("nav a[href]"))
    assert "incidents/" not in nav
    assert "history/" in nav


def test_history_lists_every_event_by_month_newest_first(sample_site: Path) -> None:
    doc = page(sample_site, "history")
    months = [text_of(h) for h in doc.cssselect("h2")]
    # Filed by the month each happens in: the December maintenance was announced in November.
    assert months == [
        "December 2026",
        "November 2026",
        "October 2026",
        "September 2026",
        "August 2026",
    ]
    hrefs = [a.get("href") for a in doc.cssselect(".sp-line a")]
    assert sorted(h.split("/")[-2] for h in hrefs) == INCIDENT_IDS
    assert hrefs[0] == "../incidents/2026-12-03-api-maintenance/"
    assert text_of(doc.cssselect(".sp-line__day")[0]) == "3 Dec"  # each row shows its day


def test_feeds_have_one_entry_per_update_with_stable_ids(sample_site: Path) -> None:
    rss = feedparser.parse((sample_site / "history.rss").read_bytes())
    atom = feedparser.parse((sample_site / "history.atom").read_bytes())
    assert not rss.bozo and not atom.bozo
    updates = 0
    for path in (REPO / "incidents").rglob("*.md"):
        updates += path.read_text().count("\n  - at: ")
    automatic = 2  # the August maintenance starts and completes by itself
    assert len(rss.entries) == len(atom.entries) == updates + automatic
    ids = [e.id for e in atom.entries]
    assert len(set(ids)) == len(ids)
    assert [e.id for e in rss.entries] == ids
    first = atom.entries[0]
    assert first.id == (
        "https://status.harborpay.example/incidents/2026-11-28-delayed-payouts/"
        "#update-20261128t084500z"
    )
    assert first.title == "Payouts to some European bank accounts are delayed: Identified"
    assert atom.feed.updated == "2026-11-28T08:45:00+00:00"
    assert [e.updated_parsed for e in atom.entries] == sorted(
        (e.updated_parsed for e in atom.entries), reverse=True
    )


def test_builds_are_byte_identical(sample_site: Path, tmp_path: Path) -> None:
    again = tmp_path / "site"
    result = CliRunner().invoke(
        cli, ["build", "--now", SAMPLE_NOW, "-f", str(REPO / "mkdocs.yml"), "-d", str(again)]
    )
    assert result.exit_code == 0, result.output
    assert_same_files(sample_site, again)


def test_site_under_a_sub_path(make_site: MakeSite) -> None:
    project = make_site(
        {
            "a.md": """\
        ---
        title: Sub-path test
        severity: SEV-2
        components: {api: major_outage}
        started: 2026-11-28T10:00:00Z
        updates:
          - at: 2026-11-28T10:05:00Z
            status: investigating
            message: Looking.
        ---
        """
        }
    )
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "https://status.example.com/", "https://example.github.io/status/"
        )
    )
    out = project / "site"
    result = CliRunner().invoke(
        cli, ["build", "--now", "2026-11-28T12:00:00Z", "-f", str(config), "-d", str(out)]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "api/v2/summary.json").read_text())
    assert summary["page"]["url"] == "https://example.github.io/status"
    assert summary["incidents"][0]["shortlink"] == "https://example.github.io/status/incidents/a/"
    atom = ElementTree.parse(out / "history.atom").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert atom.find("a:link[@rel='self']", ns).get("href") == (  # type: ignore[union-attr]
        "https://example.github.io/status/history.atom"
    )
    # Pages link relatively, so they work under any sub-path.
    doc = page(out, "incidents/a")
    hrefs = [a.get("href") for a in doc.cssselect(".md-content a")]
    assert hrefs[-2:] == ["../../", "../../history/"]
    canonical = doc.cssselect("link[rel=canonical]")[0].get("href")
    assert canonical == "https://example.github.io/status/incidents/a/"


@pytest.mark.parametrize("name", ["index.html", "history/index.html"])
def test_pages_are_wrapped_in_the_material_theme(sample_site: Path, name: str) -> None:
    text = (sample_site / name).read_text()
    assert 'name="generator" content="mkdocs-' in text
    assert "fonts.googleapis.com" not in text
    assert re.search(r'href="[./]*assets/stylesheets/statuspress\.[0-9a-f]{8}\.css"', text)


def test_mkdocs_build_gives_the_same_site(sample_site: Path, tmp_path: Path) -> None:
    out = tmp_path / "mkdocs-site"
    epoch = str(int(datetime.fromisoformat(SAMPLE_NOW).timestamp()))
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run(
        [
            *ENGINE_COMMAND,
            "build",
            "-q",
            "-f",
            str(REPO / "mkdocs.yml"),
            "-d",
            str(out),
        ],
        check=True,
        env=env,
        cwd=tmp_path,
    )
    assert_same_files(sample_site, out)


def test_host_headers_cache_pages_briefly_and_hashed_assets_long(sample_site: Path) -> None:
    rules: dict[str, list[str]] = {}
    current = ""
    for line in (sample_site / "_headers").read_text().splitlines():
        if line.startswith("/"):
            current = line
            rules[current] = []
        else:
            rules[current].append(line.strip())
    assert "Cache-Control: public, max-age=60" in rules["/*"]
    assert "Access-Control-Allow-Origin: *" in rules["/api/*"]
    assert "Cache-Control: public, max-age=31536000, immutable" in rules["/assets/stylesheets/*"]
    # Only files whose names carry a content hash may be cached for a year.
    for name in sample_site.glob("assets/stylesheets/*.css"):
        assert re.search(r"\.[0-9a-f]{8}\.(min\.)?css$", name.name), name
    for name in sample_site.glob("assets/javascripts/workers/*.js"):
        assert re.search(r"\.[0-9a-f]{8}\.min\.js$", name.name), name


def test_build_prints_a_summary(make_site: MakeSite) -> None:
    project = make_site({})
    result = CliRunner().invoke(
        cli, ["build", "--now", "2026-11-28T12:00:00Z", "-f", str(project / "mkdocs.yml")]
    )
    assert (result.exit_code, result.stdout) == (0, ""), result.output
    assert re.fullmatch(
        r"0 files checked: 0 errors, 0 warnings; built \d+ pages, \d+ feeds and 12 API files "
        r"into .+/site in \d+\.\d s\.\n",
        result.stderr,
    )
