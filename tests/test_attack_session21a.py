"""Attack session 21a: wrong facts, as the public reads them in a company's worst hour.

Each test is one bug found in this session. It fails now and asserts what the pages,
feeds, calendars and the JSON API must say: the same fact told the same way everywhere,
nothing published before its time, and figures that add up (a day holds 24 hours).
"""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

from click.testing import CliRunner

from statuspress.cli import cli

from .conftest import MakeSite

NOW = "2026-11-28T12:00:00Z"


def build(project: Path, now: str = NOW) -> Path:
    """Build ``project`` at ``now`` without the cache; the site folder."""
    out = project / "site"
    result = CliRunner().invoke(
        cli,
        ["build", "--no-cache", "--now", now, "-f", str(project / "mkdocs.yml"), "-d", str(out)],
    )
    assert result.exit_code == 0, result.output
    return out


def text(site: Path, page: str) -> str:
    """The words of a page's content, tags out, spaces squeezed."""
    html = (site / page).read_text(encoding="utf-8")
    html = html[html.find('data-md-component="content"') :]
    html = html[: html.find("</article>")] if "</article>" in html else html
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def day_titles(site: Path, component: str, day: str) -> set[str]:
    """Every tooltip of one day of a component's uptime bar, on its own page."""
    html = (site / f"components/{component}/index.html").read_text(encoding="utf-8")
    return {unescape(t) for t in re.findall(r'title="(' + day + r':[^"]*)"', html)}


def past_incidents(site: Path) -> dict[str, str]:
    """The status page's "Past incidents": each day's heading and what is listed under it."""
    html = (site / "index.html").read_text(encoding="utf-8")
    section = html[html.find('id="past-incidents"') : html.find('id="about-page"')]
    days = re.split(r'<h3 class="sp-day">', section)[1:]
    found = {}
    for chunk in days:
        label, _, rest = chunk.partition("</h3>")
        found[label.strip()] = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", rest)))
    return found


def api(site: Path, name: str) -> dict:
    return json.loads((site / "api/v2" / name).read_text(encoding="utf-8"))


# Maintenances ------------------------------------------------------------------------

FINISHED_EARLY = """\
---
type: maintenance
title: Database upgrade
components: [api]
scheduled_start: 2026-11-27T02:00:00Z
scheduled_end: 2026-11-27T03:00:00Z
updates:
  - at: 2026-11-20T10:00:00Z
    status: scheduled
    message: The API will be read-only for up to an hour.
  - at: 2026-11-27T02:40:00Z
    status: completed
    message: The upgrade is done, twenty minutes early.
---
"""


def test_a_maintenance_finished_early_is_recorded_on_the_day_it_happened(
    make_site: MakeSite,
) -> None:
    """A maintenance is announced on 20 Nov for 27 Nov, 02:00-03:00; the lead posts
    `completed` at 02:40 without writing an `in_progress` update (the content contract:
    "Without an in_progress update the maintenance starts at scheduled_start"). Once the
    `completed` update is in the file, the maintenance never started: the API's bar for
    27 Nov says "No downtime recorded on this day" with no maintenance and no title, and
    the status page's "Past incidents" files it under 20 Nov, the day it was announced,
    while 27 Nov says "No incidents reported". It happened on 27 Nov, 02:00 to 02:40."""
    site = build(make_site({"db-upgrade.md": FINISHED_EARLY}))
    tooltips = day_titles(site, "api", "27 Nov 2026")
    assert tooltips, "no tooltip for 27 Nov on the API's bar"
    assert all("under maintenance 40 min" in t and "Database upgrade" in t for t in tooltips), (
        tooltips
    )
    listed = past_incidents(site)
    assert "Database upgrade" in listed["27 Nov 2026"], listed["27 Nov 2026"]
    assert "Database upgrade" not in listed["20 Nov 2026"], listed["20 Nov 2026"]


CALLED_OFF = """\
---
type: maintenance
title: Database upgrade
components: [api]
scheduled_start: 2026-11-30T02:00:00Z
scheduled_end: 2026-11-30T03:00:00Z
updates:
  - at: 2026-11-20T10:00:00Z
    status: scheduled
    message: The API will be read-only for up to an hour.
  - at: 2026-11-27T10:00:00Z
    status: completed
    message: We have called this maintenance off.
---
"""


def test_a_called_off_maintenance_is_not_completed_on_its_page_when_the_calendar_cancels_it(
    make_site: MakeSite,
) -> None:
    """A maintenance planned for 30 Nov is called off on 27 Nov (`completed` before its
    start: the calendar's own rule for "cancelled"). The calendar says `STATUS:CANCELLED`
    and "Status: Cancelled"; the maintenance's page, on 28 Nov, says "Status Completed"
    and "Completed 27 Nov 2026" for work scheduled three days later, and the status page
    lists it as "Completed". A reader of the page believes the work was done; a reader of
    the calendar, that it never happened. The page must tell what the calendar tells."""
    site = build(make_site({"db-upgrade.md": CALLED_OFF}))
    calendar = (site / "maintenance.ics").read_text(encoding="utf-8")
    assert "STATUS:CANCELLED" in calendar
    page = text(site, "incidents/db-upgrade/index.html")
    assert "Cancelled" in page, page[:400]
    assert "Status Completed" not in page, page[:400]
    listed = past_incidents(site)
    assert "Database upgrade Cancelled" in " ".join(listed.values()), listed


def test_a_called_off_maintenance_does_not_start_after_it_was_resolved_in_the_api(
    make_site: MakeSite,
) -> None:
    """The same called-off maintenance in `scheduled-maintenances.json`: `resolved_at`
    27 Nov, `started_at` 30 Nov, two days in the future and after its own resolution. A
    client that works out how long it lasted (resolved_at - started_at) gets minus three
    days; one that reads started_at believes it began. Nothing started: `started_at` may
    not be later than `resolved_at`."""
    site = build(make_site({"db-upgrade.md": CALLED_OFF}))
    (found,) = api(site, "scheduled-maintenances.json")["scheduled_maintenances"]
    assert found["status"] == "completed"
    assert found["resolved_at"] == "2026-11-27T10:00:00.000Z"
    assert found["started_at"] <= found["resolved_at"], found


WINDOW = """\
---
type: maintenance
title: {title}
components: [api]
scheduled_start: 2026-11-27T{start}:00:00Z
scheduled_end: 2026-11-27T{end}:00:00Z
---
"""


def test_overlapping_maintenances_do_not_put_more_than_a_day_into_a_day(
    make_site: MakeSite,
) -> None:
    """Three maintenances of the API overlap on 27 Nov (01:00-23:00, 01:00-23:00,
    02:00-22:00): 22 hours of maintenance in all. The day's tooltip on the bar says
    "under maintenance 2 d 16 h": a 24-hour day holding 64 hours, each window counted
    again for every other one that overlaps it. Overlapping incidents count once (the
    outputs page); overlapping maintenances must too: "under maintenance 22 h"."""
    files = {
        "upgrade-a.md": WINDOW.format(title="Upgrade A", start="01", end="23"),
        "upgrade-b.md": WINDOW.format(title="Upgrade B", start="01", end="23"),
        "upgrade-c.md": WINDOW.format(title="Upgrade C", start="02", end="22"),
    }
    site = build(make_site(files))
    tooltips = day_titles(site, "api", "27 Nov 2026")
    assert tooltips
    assert all(t.startswith("27 Nov 2026: under maintenance 22 h (") for t in tooltips), tooltips


# Updates written ahead of their time -------------------------------------------------

ESCALATES_LATER = """\
---
title: Errors on the API
components: {api: partial_outage}
started: 2026-11-28T10:00:00Z
updates:
  - at: 2026-11-28T10:05:00Z
    status: investigating
    message: Some requests fail.
  - at: 2026-11-28T13:00:00Z
    status: identified
    message: The API and the website are down.
    components: {api: major_outage, web: major_outage}
---
"""


def test_an_update_not_yet_published_does_not_raise_the_impact_readers_see(
    make_site: MakeSite,
) -> None:
    """An update is written ahead, dated 13:00 (`check` warns: "it will not show until
    13:00"). At 12:00 everything published says the API has a partial outage (minor):
    yet `status.json` says `major` "Partial System Outage", the badge and banner follow,
    and the incident says "Major impact" on its page and `impact: major` in the API:
    the escalation that is not public yet shows through the impact."""
    site = build(make_site({"errors.md": ESCALATES_LATER}))
    assert api(site, "summary.json")["components"][1]["status"] == "partial_outage"
    assert api(site, "status.json")["status"]["indicator"] == "minor"
    (incident,) = api(site, "incidents/unresolved.json")["incidents"]
    assert incident["impact"] == "minor"
    assert "Major impact" not in text(site, "incidents/errors/index.html")


def test_an_update_not_yet_published_does_not_put_the_incident_in_another_components_feed(
    make_site: MakeSite,
) -> None:
    """The same incident: at 12:00 it names the API alone (its page says "Affected
    components API"). The Website's own feed (`components/web.rss` and `.atom`) already
    carries its entry "Errors on the API: Investigating" filed under the Website, because
    a future update (13:00) will name the Website. Subscribers of the Website's feed are
    told of an incident that, as published, does not touch it."""
    site = build(make_site({"errors.md": ESCALATES_LATER}))
    assert "Errors on the API" in (site / "components/api.rss").read_text(encoding="utf-8")
    for name in ("components/web.rss", "components/web.atom"):
        assert "Errors on the API" not in (site / name).read_text(encoding="utf-8"), name


# Feeds -------------------------------------------------------------------------------

OPEN_OUTAGE = """\
---
title: Payments are failing
components: {api: major_outage}
started: 2026-11-28T10:00:00Z
updates:
  - at: 2026-11-28T10:05:00Z
    status: investigating
    message: Card payments fail for every customer.
---
"""

FUTURE_WINDOW = """\
---
type: maintenance
title: Weekly database window {number}
components: [db]
scheduled_start: {start}
scheduled_end: {end}
---
"""


def test_future_maintenances_do_not_push_an_open_outage_out_of_the_history_feed(
    make_site: MakeSite,
) -> None:
    """A company keeps its weekly database windows as maintenance files, written ahead
    without an announcement (the feeds "first hear of it when it starts"). With 50 of
    them on file, `history.rss` and `history.atom` are empty during a major outage: the
    feed picks its 50 events by creation, and a maintenance without updates is "created"
    at its scheduled start, in the future, so the 50 windows take every place, and bring
    no entry. The feed must carry the outage's update, the newest one there is."""
    files = {"payments.md": OPEN_OUTAGE}
    for number in range(50):
        day = f"2026-12-{1 + number // 3:02}"
        files[f"window-{number:02}.md"] = FUTURE_WINDOW.format(
            number=number,
            start=f"{day}T0{number % 3}:00:00Z",
            end=f"{day}T0{number % 3}:30:00Z",
        )
    site = build(make_site(files))
    for name in ("history.rss", "history.atom"):
        feed = (site / name).read_text(encoding="utf-8")
        assert "Payments are failing" in feed, name


# The API's components ----------------------------------------------------------------

RESOLVED_OUTAGE = """\
---
title: API outage
components: {api: major_outage}
started: 2026-11-10T10:00:00Z
updates:
  - at: 2026-11-10T10:05:00Z
    status: investigating
    message: The API is down.
  - at: 2026-11-10T11:00:00Z
    status: resolved
    message: The API is back.
---
"""

ANNOUNCED = """\
---
type: maintenance
title: Database upgrade
components: [api]
scheduled_start: 2026-12-05T02:00:00Z
scheduled_end: 2026-12-05T03:00:00Z
updates:
  - at: 2026-11-20T10:00:00Z
    status: scheduled
    message: The API will be read-only for up to an hour.
---
"""


def test_announcing_a_maintenance_does_not_change_the_component_in_the_api(
    make_site: MakeSite,
) -> None:
    """The API's last change was its outage's end, 10 Nov 11:00; on 20 Nov a maintenance
    for 5 Dec is announced. `components.json` gives the API (and its group) `updated_at`
    20 Nov: a client showing "operational since" or watching `updated_at` for changes
    is told the API changed on a day nothing happened to it (the code's own rule says
    "an announced maintenance changes nothing before it starts"). Its `updated_at`
    stays 10 Nov 11:00 until the maintenance starts."""
    site = build(make_site({"outage.md": RESOLVED_OUTAGE, "db-upgrade.md": ANNOUNCED}))
    found = {c["name"]: c for c in api(site, "components.json")["components"]}
    assert found["API"]["status"] == "operational"
    assert found["API"]["updated_at"] == "2026-11-10T11:00:00.000Z", found["API"]
