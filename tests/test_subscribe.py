"""Subscribe and embed: per-component feeds, maintenance calendars, badges, the subscribe page."""

from __future__ import annotations

import gzip
import re
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree

import feedparser
import icalendar
import pytest
from click.testing import CliRunner
from lxml import html as lxml_html

from statuspress import engine
from statuspress.build import BuildState
from statuspress.build import build as build_site
from statuspress.cli import cli
from statuspress.model import Site
from statuspress.render import File, Renderer, context_of
from statuspress.render import calendar as calendar_module
from statuspress.render.badges import INDICATOR_BADGES, STATUS_COLOURS, badges
from statuspress.render.calendar import calendars
from statuspress.snapshot import Snapshot

from .checks import vnu
from .checks.feeds import atom_problems, rss_problems
from .checks.tools import NPM_HINT, VNU_JAR, need_file
from .conftest import REPO, SAMPLE_NOW, MakeSite, at

SITE_URL = "https://status.harborpay.example/"
COMPONENTS = [
    "website",
    "api",
    "dashboard",
    "webhooks",
    "card-processing",
    "payouts",
    "fraud-screening",
]
SVG = "{http://www.w3.org/2000/svg}"

FIVE_COMPONENTS = """\
site_name: Example & Co
site_url: https://example.github.io/status/
docs_dir: pages
theme:
  name: material
  font: false
plugins:
  - statuspress:
      components:
        - id: api
          name: API
        - id: web
          name: Website
        - id: db
          name: Database
        - id: queue
          name: Queue
        - id: tools
          name: R&D <"tools">
"""


def build(project: Path, now: str = SAMPLE_NOW) -> Path:
    out = project / "site"
    result = CliRunner().invoke(
        cli, ["build", "--now", now, "-f", str(project / "mkdocs.yml"), "-d", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out


def rendered(renderer: Renderer, site: Site) -> dict[str, bytes]:
    """The plain files ``renderer`` makes of ``site``."""
    return {
        o.path: o.data
        for o in renderer(Snapshot(site), context_of(site, []))
        if isinstance(o, File)
    }


def incident(title: str, components: str, started: str, extra: str = "") -> str:
    """An open incident, written without indentation (``extra`` adds top-level lines)."""
    return (
        f"---\ntitle: {title}\ncomponents: {components}\nstarted: {started}\n{extra}"
        f"updates:\n  - at: {started}\n    status: investigating\n"
        "    message: Something happened.\n---\n"
    )


def maintenance(title: str, components: str, start: str, end: str, updates: str = "") -> str:
    """A maintenance; ``updates`` is its ``updates:`` list, without indentation."""
    quoted = "'" + title.replace("'", "''") + "'"
    return (
        f"---\ntype: maintenance\ntitle: {quoted}\ncomponents: {components}\n"
        f"scheduled_start: {start}\nscheduled_end: {end}\n{updates}---\n"
    )


# Per-component feeds ------------------------------------------------------------------


@pytest.mark.parametrize("component", COMPONENTS)
def test_every_component_has_valid_feeds(sample_site: Path, component: str) -> None:
    for kind, check in (("rss", rss_problems), ("atom", atom_problems)):
        data = (sample_site / "components" / f"{component}.{kind}").read_bytes()
        url = f"{SITE_URL}components/{component}.{kind}"
        problems = check(data, url, SITE_URL) if kind == "rss" else check(data, url)
        # A component that no event touched has a valid feed with no entries yet.
        assert [p for p in problems if "no <item>" not in p and "no <entry>" not in p] == []


def test_component_feed_has_the_updates_of_events_that_touch_it(sample_site: Path) -> None:
    atom = feedparser.parse((sample_site / "components/payouts.atom").read_bytes())
    rss = feedparser.parse((sample_site / "components/payouts.rss").read_bytes())
    assert not atom.bozo and not rss.bozo
    assert atom.feed.title == "Harbor Pay status: Payouts"
    assert [e.title for e in atom.entries] == [
        "Payouts to some European bank accounts are delayed: Identified",
        "Payouts to some European bank accounts are delayed: Investigating",
        "Payout system migration to a new banking partner: Completed",
        "Payout system migration to a new banking partner: In progress",
        "Payout system migration to a new banking partner: Scheduled",
    ]
    assert [e.id for e in rss.entries] == [e.id for e in atom.entries]
    # The same update has the same id in the site feed and in the component's feed.
    history = {e.id for e in feedparser.parse((sample_site / "history.atom").read_bytes()).entries}
    assert {e.id for e in atom.entries} <= history
    assert atom.entries[0].id == (
        f"{SITE_URL}incidents/2026-11-28-delayed-payouts/#update-20261128t084500z"
    )
    assert atom.feed.updated == "2026-11-28T08:45:00+00:00"


def test_component_feeds_split_the_site_feed(sample_site: Path) -> None:
    def ids(name: str) -> set[str]:
        return {e.id for e in feedparser.parse((sample_site / name).read_bytes()).entries}

    per_component = set().union(*(ids(f"components/{c}.atom") for c in COMPONENTS))
    assert per_component == ids("history.atom")  # every sample event names a component
    api = ids("components/api.atom")
    assert any("2026-12-03-api-maintenance" in i for i in api)
    assert not any("delayed-payouts" in i for i in api)


def test_an_update_that_names_a_component_puts_the_event_in_its_feed(make_site: MakeSite) -> None:
    text = """\
        ---
        title: Queue backlog
        components: {api: partial_outage}
        started: 2026-11-28T10:00:00Z
        updates:
          - at: 2026-11-28T10:00:00Z
            status: investigating
            message: Requests queue up.
          - at: 2026-11-28T10:30:00Z
            status: identified
            message: The website is slow too.
            components: {web: degraded_performance}
        ---
        """
    project = make_site({"a.md": text})
    out = build(project)
    web = feedparser.parse((out / "components/web.atom").read_bytes())
    assert [e.title for e in web.entries] == [
        "Queue backlog: Identified",
        "Queue backlog: Investigating",
    ]
    assert feedparser.parse((out / "components/db.atom").read_bytes()).entries == []


def test_status_page_links_and_advertises_each_component_feed(sample_site: Path) -> None:
    doc = lxml_html.fromstring((sample_site / "index.html").read_bytes())
    for component in COMPONENTS:
        row = doc.cssselect(f"#component-{component}")[0]
        alternates = {a.get("type"): a.get("href") for a in row.cssselect("a[rel=alternate]")}
        assert alternates == {
            "application/rss+xml": f"components/{component}.rss",
            "application/atom+xml": f"components/{component}.atom",
        }
        calendar = row.cssselect(".sp-component__follow a:not([rel])")[0]
        assert calendar.get("href") == (
            f"webcal://status.harborpay.example/components/{component}.ics"
        )
        for link in row.cssselect(".sp-component__follow a"):
            name = row.cssselect(".sp-component__name")[0].text_content()
            assert link.text_content() in link.get("aria-label")
            assert link.get("aria-label").endswith(f" of {name}")
    about = [a.get("href") for a in doc.cssselect(".sp-about a")]
    assert "webcal://status.harborpay.example/maintenance.ics" in about
    assert "subscribe/" in about


# Maintenance calendars ---------------------------------------------------------------


def ics_lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b""), "a line ends without CR LF"
    assert b"\r" not in data.replace(b"\r\n", b""), "a bare CR"
    return data[:-2].split(b"\r\n")


def events_of(data: bytes) -> list[icalendar.Event]:
    cal = icalendar.Calendar.from_ical(data)
    return list(cal.walk("VEVENT"))


@pytest.mark.parametrize("name", ["maintenance.ics", *(f"components/{c}.ics" for c in COMPONENTS)])
def test_calendars_are_valid_icalendar(sample_site: Path, name: str) -> None:
    data = (sample_site / name).read_bytes()
    lines = ics_lines(data)
    too_long = [line for line in lines if len(line) > 75]
    assert too_long == []
    assert lines[0] == b"BEGIN:VCALENDAR" and lines[-1] == b"END:VCALENDAR"
    cal = icalendar.Calendar.from_ical(data)
    assert cal["VERSION"] == "2.0"
    assert str(cal["PRODID"]).startswith("-//Statuspress//")
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in lines
    for item in cal.walk():
        assert not getattr(item, "errors", None), item.errors
    uids = []
    for event in cal.walk("VEVENT"):
        for prop in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "STATUS", "URL"):
            assert prop in event, f"{name}: {prop} missing"
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert start.tzinfo is not None and start.utcoffset().total_seconds() == 0
        assert end > start
        assert event.decoded("DTSTAMP").utcoffset().total_seconds() == 0
        assert event["STATUS"] in ("TENTATIVE", "CONFIRMED", "CANCELLED")
        uids.append(str(event["UID"]))
    assert len(set(uids)) == len(uids)
    # Every time is written in UTC ("Z"), never as a floating or zoned local time.
    times = [line for line in lines if line.startswith((b"DTSTART", b"DTEND", b"DTSTAMP"))]
    assert all(re.fullmatch(rb"[A-Z]+:\d{8}T\d{6}Z", line) for line in times), times


def test_site_calendar_has_every_maintenance(sample_site: Path) -> None:
    events = events_of((sample_site / "maintenance.ics").read_bytes())
    by_uid = {str(e["UID"]): e for e in events}
    assert sorted(by_uid) == [
        "2026-08-22-payout-maintenance@status.harborpay.example",
        "2026-11-07-database-maintenance@status.harborpay.example",
        "2026-12-03-api-maintenance@status.harborpay.example",
    ]
    upcoming = by_uid["2026-12-03-api-maintenance@status.harborpay.example"]
    assert str(upcoming["SUMMARY"]) == "Harbor Pay: Payments API network upgrade"
    assert upcoming.decoded("DTSTART") == datetime(2026, 12, 3, 1, 0, tzinfo=UTC)
    assert upcoming.decoded("DTEND") == datetime(2026, 12, 3, 2, 0, tzinfo=UTC)
    assert upcoming.decoded("DTSTAMP") == datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
    assert upcoming["STATUS"] == "CONFIRMED"
    assert str(upcoming["URL"]) == f"{SITE_URL}incidents/2026-12-03-api-maintenance/"
    description = str(upcoming["DESCRIPTION"])
    assert "Affected components: Payments API, Webhooks" in description
    assert f"{SITE_URL}incidents/2026-12-03-api-maintenance/" in description
    api = events_of((sample_site / "components/api.ics").read_bytes())
    assert [str(e["UID"]) for e in api] == ["2026-12-03-api-maintenance@status.harborpay.example"]
    assert events_of((sample_site / "components/website.ics").read_bytes()) == []


def test_calendar_uids_and_bytes_are_stable_across_builds(
    sample_site: Path, tmp_path: Path
) -> None:
    project = tmp_path / "project"
    project.mkdir()
    for name in ("mkdocs.yml",):
        (project / name).write_bytes((REPO / name).read_bytes())
    # Copies: a build refuses folders that are links out of the project.
    shutil.copytree(REPO / "incidents", project / "incidents")
    shutil.copytree(REPO / "site_templates", project / "site_templates")
    # An hour later nothing about the maintenances changed: the same bytes.
    later = build(project, "2026-11-28T13:00:00Z")
    assert (later / "maintenance.ics").read_bytes() == (
        sample_site / "maintenance.ics"
    ).read_bytes()
    # After the API maintenance ran, its event changed, but no UID did.
    after = build(project, "2026-12-10T12:00:00Z")

    def uids(site: Path) -> dict[str, str]:
        return {
            str(e["UID"]): str(e["STATUS"])
            for e in events_of((site / "maintenance.ics").read_bytes())
        }

    assert uids(after).keys() == uids(sample_site).keys()
    changed = [
        str(e["DTSTAMP"].to_ical(), "ascii")
        for e in events_of((after / "maintenance.ics").read_bytes())
        if "api-maintenance" in str(e["UID"])
    ]
    assert changed == ["20261203T020000Z"]  # its automatic completion


def test_a_later_build_keeps_the_calendars_until_a_maintenance_moves_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A calendar shows each maintenance as far as it has gone: a build an hour later
    takes every calendar from the last build's memo; one after a maintenance ran makes
    those that list it again, as a full build makes them."""
    project = tmp_path / "project"
    project.mkdir()
    (project / "mkdocs.yml").write_bytes((REPO / "mkdocs.yml").read_bytes())
    shutil.copytree(REPO / "incidents", project / "incidents")
    shutil.copytree(REPO / "site_templates", project / "site_templates")
    made: list[str] = []
    real = calendar_module.calendar

    def counted(site: Site, maintenances: Any, title: str, path: str, *rest: Any) -> bytes:
        made.append(path)
        return real(site, maintenances, title, path, *rest)

    monkeypatch.setattr(calendar_module, "calendar", counted)
    config, state = project / "mkdocs.yml", BuildState()
    assert not build_site(config, at(SAMPLE_NOW), engine, state).failed
    assert "maintenance" in made and "components/api" in made
    made.clear()
    assert not build_site(config, at("2026-11-28T13:00:00Z"), engine, state).failed
    assert made == []
    assert not build_site(config, at("2026-12-10T12:00:00Z"), engine, state).failed
    assert {"maintenance", "components/api"} <= set(made)
    full = tmp_path / "full"
    assert not build_site(config, at("2026-12-10T12:00:00Z"), engine, site_dir=full).failed
    for name in ("maintenance.ics", *(f"components/{c}.ics" for c in COMPONENTS)):
        assert (project / "site" / name).read_bytes() == (full / name).read_bytes(), name


def test_calendar_status_confirmed_or_cancelled(
    load: Callable[..., Site],
) -> None:
    files = {
        "planned.md": maintenance(
            "Planned", "[api]", "2026-12-01T10:00:00Z", "2026-12-01T11:00:00Z"
        ),
        "called-off.md": maintenance(
            "Called off",
            "[web]",
            "2026-12-02T10:00:00Z",
            "2026-12-02T11:00:00Z",
            "updates:\n"
            "  - at: 2026-11-25T09:00:00Z\n"
            "    status: scheduled\n"
            "    message: We will upgrade the web servers.\n"
            "  - at: 2026-11-27T09:00:00Z\n"
            "    status: completed\n"
            "    message: Not needed after all; this maintenance is cancelled.\n",
        ),
        "early.md": maintenance(
            "Done early",
            "[db]",
            "2026-11-28T10:00:00Z",
            "2026-11-28T11:00:00Z",
            "updates:\n"
            "  - at: 2026-11-28T09:30:00Z\n"
            "    status: in_progress\n"
            "    message: Starting early.\n"
            "  - at: 2026-11-28T09:50:00Z\n"
            "    status: completed\n"
            "    message: Done.\n",
        ),
    }
    site = load(files, "2026-11-28T12:00:00Z")
    out = rendered(calendars, site)
    status = {str(e["SUMMARY"]): str(e["STATUS"]) for e in events_of(out["maintenance.ics"])}
    assert status == {
        "Example: Planned": "CONFIRMED",
        "Example: Called off": "CANCELLED",
        "Example: Done early": "CONFIRMED",
    }
    cancelled = next(e for e in events_of(out["maintenance.ics"]) if e["STATUS"] == "CANCELLED")
    assert str(cancelled["DESCRIPTION"]).startswith("Status: Cancelled\n")
    assert "this maintenance is cancelled" in str(cancelled["DESCRIPTION"])
    # The window stays the scheduled one, so DTEND is after DTSTART even when called off.
    assert cancelled.decoded("DTEND") > cancelled.decoded("DTSTART")
    uid = str(cancelled["UID"])
    assert uid == "called-off@status.example.com"
    assert [str(e["UID"]) for e in events_of(out["components/web.ics"])] == [uid]


def test_calendar_escapes_text_and_keeps_sub_path_in_uids(load: Callable[..., Site]) -> None:
    title = 'Upgrade; part 1, phase \\ 2 <b>"now"</b>'
    files = {"x.md": maintenance(title, "[tools]", "2026-12-01T10:00:00Z", "2026-12-01T11:00:00Z")}
    site = load(files, "2026-11-28T12:00:00Z", config=FIVE_COMPONENTS)
    data = rendered(calendars, site)["components/tools.ics"]
    ics_lines(data)
    cal = icalendar.Calendar.from_ical(data)
    assert str(cal["X-WR-CALNAME"]) == 'Example & Co maintenance: R&D <"tools">'
    (event,) = cal.walk("VEVENT")
    assert str(event["SUMMARY"]) == 'Example & Co: Upgrade; part 1, phase \\ 2 <b>"now"</b>'
    assert b"SUMMARY:Example & Co: Upgrade\\; part 1\\, phase \\\\ 2" in data
    assert 'Affected components: R&D <"tools">' in str(event["DESCRIPTION"])
    assert str(event["UID"]) == "x@example.github.io/status"


# Badges --------------------------------------------------------------------------------


def contrast(colour: str, other: str = "#ffffff") -> float:
    def luminance(hex_colour: str) -> float:
        value = hex_colour.lstrip("#")
        if len(value) == 3:
            value = "".join(c * 2 for c in value)
        channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(colour), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def parse_badge(data: bytes) -> dict[str, object]:
    root = ElementTree.fromstring(data)
    assert root.tag == f"{SVG}svg"
    title = root.find(f"{SVG}title")
    assert title is not None and title.text
    rects = root.findall(f"{SVG}g/{SVG}rect")
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts[0] == texts[1] and texts[2] == texts[3]  # each text has its shadow
    return {
        "role": root.get("role"),
        "aria-label": root.get("aria-label"),
        "title": title.text,
        "label": texts[0],
        "message": texts[2],
        "colour": rects[1].get("fill"),
        "width": int(root.get("width") or 0),
    }


@pytest.mark.parametrize("name", ["badge.svg", *(f"components/{c}/badge.svg" for c in COMPONENTS)])
def test_badges_are_well_formed_svg_images(sample_site: Path, name: str) -> None:
    badge = parse_badge((sample_site / name).read_bytes())
    assert badge["role"] == "img"
    assert badge["aria-label"] == badge["title"]
    assert badge["width"] > 40


def test_sample_badges_show_the_status_in_words(sample_site: Path) -> None:
    site_badge = parse_badge((sample_site / "badge.svg").read_bytes())
    assert site_badge["title"] == "Harbor Pay status: Minor Service Outage"
    assert (site_badge["label"], site_badge["message"], site_badge["colour"]) == (
        "status",
        "minor outage",
        INDICATOR_BADGES["minor"][1],
    )
    payouts = parse_badge((sample_site / "components/payouts/badge.svg").read_bytes())
    assert payouts["title"] == "Payouts: Partial outage"
    assert (payouts["label"], payouts["message"]) == ("Payouts", "partial outage")
    api = parse_badge((sample_site / "components/api/badge.svg").read_bytes())
    assert (api["message"], api["colour"]) == ("operational", STATUS_COLOURS["operational"])


def test_component_badge_colour_per_status(load: Callable[..., Site]) -> None:
    files = {
        "a.md": incident(
            "A", "{api: major_outage, web: degraded_performance}", "2026-11-28T10:00:00Z"
        ),
        "b.md": incident("B", "{db: partial_outage}", "2026-11-28T10:00:00Z"),
        "m.md": maintenance("M", "[queue]", "2026-11-28T11:00:00Z", "2026-11-28T13:00:00Z"),
    }
    site = load(files, "2026-11-28T12:00:00Z", config=FIVE_COMPONENTS)
    out = rendered(badges, site)
    found = {}
    for ident in ("api", "web", "db", "queue", "tools"):
        badge = parse_badge(out[f"components/{ident}/badge.svg"])
        found[ident] = (badge["message"], badge["colour"])
    assert found == {
        "api": ("major outage", STATUS_COLOURS["major_outage"]),
        "web": ("degraded performance", STATUS_COLOURS["degraded_performance"]),
        "db": ("partial outage", STATUS_COLOURS["partial_outage"]),
        "queue": ("under maintenance", STATUS_COLOURS["under_maintenance"]),
        "tools": ("operational", STATUS_COLOURS["operational"]),
    }
    assert len(set(STATUS_COLOURS.values())) == len(STATUS_COLOURS)
    # Content is escaped: the component named R&D <"tools"> stays text.
    tools = parse_badge(out["components/tools/badge.svg"])
    assert tools["label"] == 'R&D <"tools">'
    assert tools["title"] == 'R&D <"tools">: Operational'
    assert b"R&amp;D &lt;&quot;tools&quot;&gt;" in out["components/tools/badge.svg"]


@pytest.mark.parametrize(
    ("files", "indicator"),
    [
        ({}, "none"),
        ({"a.md": incident("A", "{api: degraded_performance}", "2026-11-28T10:00:00Z")}, "minor"),
        ({"a.md": incident("A", "{api: major_outage}", "2026-11-28T10:00:00Z")}, "major"),
        (
            {
                "a.md": incident(
                    "A", "{api: major_outage}", "2026-11-28T10:00:00Z", extra="severity: SEV-1\n"
                )
            },
            "critical",
        ),
        (
            {"m.md": maintenance("M", "[api]", "2026-11-28T11:00:00Z", "2026-11-28T13:00:00Z")},
            "maintenance",
        ),
    ],
)
def test_site_badge_colour_per_indicator(
    load: Callable[..., Site], files: dict[str, str], indicator: str
) -> None:
    site = load(files, "2026-11-28T12:00:00Z")
    badge = parse_badge(rendered(badges, site)["badge.svg"])
    assert (badge["message"], badge["colour"]) == INDICATOR_BADGES[indicator]
    assert badge["title"].startswith("Example status: ")


@pytest.mark.parametrize("colour", sorted({*STATUS_COLOURS.values(), "#555"}))
def test_badge_text_has_enough_contrast(colour: str) -> None:
    assert contrast(colour) >= 4.5, colour


# The subscribe page and the widget's files ---------------------------------------------


def local_file(site: Path, url: str) -> Path | None:
    """The built file that ``url`` (absolute, under the site URL) is served from."""
    if url.startswith("webcal://"):
        url = "https://" + url.removeprefix("webcal://")
    if not url.startswith(SITE_URL):
        return None
    path = urlsplit(url).path.removeprefix(urlsplit(SITE_URL).path)
    target = site / path
    return target / "index.html" if path == "" or path.endswith("/") else target


def test_subscribe_page_links_all_resolve_to_built_files(sample_site: Path) -> None:
    page_url = f"{SITE_URL}subscribe/"
    doc = lxml_html.fromstring((sample_site / "subscribe/index.html").read_bytes())
    content = doc.cssselect(".md-content")[0]
    checked = set()
    for element in content.cssselect("a[href], img[src]"):
        link = element.get("href") or element.get("src")
        if link.startswith("#"):
            assert doc.get_element_by_id(link[1:]) is not None, link
            continue
        url = urljoin(page_url, link)
        if not url.startswith(("webcal://", SITE_URL)):
            continue  # no other host is linked, but if one were it is not ours to check
        target = local_file(sample_site, url.split("#")[0])
        assert target is not None and target.is_file(), link
        checked.add(url)
    # The addresses in the snippets to copy are served too.
    for code in content.cssselect("code"):
        for url in re.findall(r"https://[^\s\"'()<>]+", code.text_content()):
            target = local_file(sample_site, url)
            assert target is not None and target.is_file(), url
            checked.add(url)
    expected = {
        f"{SITE_URL}history.rss",
        f"{SITE_URL}history.atom",
        "webcal://status.harborpay.example/maintenance.ics",
        f"{SITE_URL}maintenance.ics",
        f"{SITE_URL}badge.svg",
        f"{SITE_URL}embed.js",
        f"{SITE_URL}embed.html",
        f"{SITE_URL}api/v2/summary.json",
    }
    for component in COMPONENTS:
        expected |= {
            f"{SITE_URL}components/{component}.rss",
            f"{SITE_URL}components/{component}.atom",
            f"{SITE_URL}components/{component}.ics",
            f"webcal://status.harborpay.example/components/{component}.ics",
            f"{SITE_URL}components/{component}/badge.svg",
        }
    assert expected <= checked, expected - checked


def test_subscribe_page_is_in_the_navigation_with_every_way_to_follow(sample_site: Path) -> None:
    doc = lxml_html.fromstring((sample_site / "index.html").read_bytes())
    assert "subscribe/" in [a.get("href") for a in doc.cssselect("nav a[href]")]
    page = lxml_html.fromstring((sample_site / "subscribe/index.html").read_bytes())
    headings = [h.text_content() for h in page.cssselect(".md-content h2")]
    assert headings == [
        "Feeds",
        "Maintenance calendar",
        "Slack and Microsoft Teams",
        "E-mail",
        "One component only",
        "JSON API",
        "Status badge",
        "A notice on your own site",
    ]
    text = page.text_content()
    assert f"/feed subscribe {SITE_URL}history.rss" in text
    assert f"[![Harbor Pay status]({SITE_URL}badge.svg)]({SITE_URL})" in text
    assert f'<script src="{SITE_URL}embed.js" async></script>' in text


def test_content_is_escaped_in_every_new_output(make_site: MakeSite) -> None:
    name = "Example & Co <script>alert(1)</script> [beta]"
    config = FIVE_COMPONENTS.replace("site_name: Example & Co", f"site_name: '{name}'")
    out = build(make_site(config=config))
    page = lxml_html.fromstring((out / "subscribe/index.html").read_bytes())
    content = page.cssselect(".md-content")[0]
    assert content.cssselect("script") == []
    codes = [c.text_content() for c in content.cssselect("pre code")]
    url = "https://example.github.io/status/"
    markdown = r"Example & Co \<script\>alert(1)\</script\> \[beta\] status"
    assert f"[![{markdown}]({url}badge.svg)]({url})" in codes
    alt = "Example &amp; Co &lt;script&gt;alert(1)&lt;/script&gt; [beta] status"
    assert f'<a href="{url}"><img src="{url}badge.svg" alt="{alt}"></a>' in codes
    tools = content.cssselect("img[src$='tools/badge.svg']")[0]
    assert tools.get("alt") == 'R&D <"tools">: Operational'
    embed = lxml_html.fromstring((out / "embed.html").read_bytes())
    assert [s.get("src") for s in embed.cssselect("script")] == ["embed.js"]
    assert embed.cssselect("title")[0].text == f"Show {name} status on your site"
    assert f'<script src="{url}embed.js" async></script>' in embed.text_content()
    badge = parse_badge((out / "badge.svg").read_bytes())
    assert badge["title"] == f"{name} status: All Systems Operational"
    cal = icalendar.Calendar.from_ical((out / "maintenance.ics").read_bytes())
    assert str(cal["X-WR-CALNAME"]) == f"{name} maintenance"
    index = lxml_html.fromstring((out / "index.html").read_bytes())
    follow = index.cssselect("#component-tools .sp-component__follow a")[0]
    assert follow.get("aria-label") == 'RSS feed of R&D <"tools">'


def test_embed_script_is_small_and_inserts_text_only(sample_site: Path) -> None:
    script = (sample_site / "embed.js").read_bytes()
    assert script == (REPO / "generator" / "assets" / "embed.js").read_bytes()
    size = len(gzip.compress(script, compresslevel=9, mtime=0))
    assert size < 3 * 1024, f"embed.js is {size} bytes compressed"
    text = script.decode("utf-8")
    for forbidden in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert forbidden not in text
    assert "document.currentScript" in text
    assert "textContent" in text


def test_the_embed_scripts_english_words_are_the_messages_it_translates() -> None:
    """The asset says its words in English; in another language the build writes the
    catalogue's. Those English words must be the msgids, or a site in English would say
    other words than the translations translate."""
    from statuspress.i18n import language
    from statuspress.render.embed import script

    asset = script().decode("utf-8")
    german = script(language("de")).decode("utf-8")
    assert german != asset and "Zur Statusseite" in german
    for words in ("%(name)s status", "Open incident", "See the status page",
                  "Dismiss the %(name)s status notice", "and %(num)d more on the status page"):  # fmt: skip
        assert f'"{words}"' in asset, words
        assert language("de").gettext(words) != words or "%(num)d" in words, words


def test_embed_page_includes_the_live_script(sample_site: Path) -> None:
    doc = lxml_html.fromstring((sample_site / "embed.html").read_bytes())
    assert [s.get("src") for s in doc.cssselect("script[src]")] == ["embed.js"]
    assert doc.cssselect("link[rel=canonical]")[0].get("href") == f"{SITE_URL}embed.html"
    assert "Minor Service Outage" in doc.text_content()


def test_embed_page_passes_the_nu_html_checker(sample_site: Path, java: str) -> None:
    need_file(VNU_JAR, NPM_HINT)
    assert vnu.errors(java, [sample_site / "embed.html"]) == []
