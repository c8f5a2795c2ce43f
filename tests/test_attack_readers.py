"""Attacks as the public in the worst hour: phones, screen readers, feed readers and
Statuspage clients polling the JSON API. Each bug found is kept as a failing test."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import feedparser
import lxml.html

from .conftest import SMALL_CONFIG, MakeSite, run

NOW = "2026-11-28T12:00:00Z"


def build(project: Path, now: str = NOW) -> Path:
    code, _, err = run("build", "--no-cache", "--now", now, "-f", str(project / "mkdocs.yml"))
    assert code == 0, err
    return project / "site"


def api(site: Path, name: str) -> dict:
    return json.loads((site / "api" / "v2" / name).read_text(encoding="utf-8"))


def component(site: Path, name: str) -> dict:
    found = [c for c in api(site, "components.json")["components"] if c["name"] == name]
    assert len(found) == 1
    return found[0]


UPCOMING = """\
---
type: maintenance
title: Database upgrade
components: [api]
scheduled_start: 2026-12-05T06:00:00Z
scheduled_end: 2026-12-05T07:00:00Z
---
"""
"""A maintenance announced for next week, without any update of its own."""

OLD_INCIDENT = """\
---
title: Old API errors
components: {api: partial_outage}
started: 2026-11-20T10:00:00Z
updates:
  - at: 2026-11-20T10:05:00Z
    status: investigating
    message: Some requests fail.
  - at: 2026-11-20T11:00:00Z
    status: resolved
    message: Fixed.
---
"""


def test_a_component_is_not_updated_in_the_future_by_an_upcoming_maintenance(
    make_site: MakeSite,
) -> None:
    """A Statuspage client sees API's updated_at a week after the build and after
    page.updated_at: nothing has changed on it since the old incident was resolved."""
    site = build(make_site({"old.md": OLD_INCIDENT, "upgrade.md": UPCOMING}))
    page = api(site, "components.json")["page"]
    api_component = component(site, "API")
    assert page["updated_at"] <= "2026-11-28T12:00:00.000Z"
    assert api_component["status"] == "operational"
    assert api_component["updated_at"] <= page["updated_at"]
    platform = component(site, "Platform")
    assert platform["updated_at"] <= page["updated_at"]


SPREADING = """\
---
title: Errors spread to the website
components: {api: partial_outage}
started: 2026-11-28T10:00:00Z
updates:
  - at: 2026-11-28T10:05:00Z
    status: investigating
    message: Some API requests fail.
  - at: 2026-11-28T10:30:00Z
    status: identified
    message: The website is down too.
    components: {web: major_outage}
---
"""


def test_a_component_put_in_an_outage_by_an_update_is_updated_then(
    make_site: MakeSite,
) -> None:
    """Website went to major_outage at 10:30 (named only by the update), yet its
    updated_at says 10:05: a client polling for changes never sees it change."""
    site = build(make_site({"spread.md": SPREADING}))
    web = component(site, "Website")
    assert web["status"] == "major_outage"
    assert web["updated_at"] >= "2026-11-28T10:30:00.000Z"


def test_every_update_anchor_on_the_status_page_is_unique(make_site: MakeSite) -> None:
    """Two open incidents posted in the same second: both cards' updates get the id
    update-20261128t100500z; the page is invalid HTML (vnu: Duplicate ID) and a link to
    one update lands on the other."""
    second = SPREADING.replace("Errors spread to the website", "Card payments fail").replace(
        "{web: major_outage}", "{db: major_outage}"
    )
    site = build(make_site({"spread.md": SPREADING, "cards.md": second}))
    page = lxml.html.parse(str(site / "index.html")).getroot()
    ids = Counter(e.get("id") for e in page.iter() if e.get("id"))
    assert [i for i, n in ids.items() if n > 1] == []


GERMAN = SMALL_CONFIG.replace("  font: false\n", "  font: false\n  language: {language}\n")

PASSED = """\
---
type: maintenance
title: Datenbank-Upgrade
components: [api]
scheduled_start: 2026-11-28T06:00:00Z
scheduled_end: 2026-11-28T07:00:00Z
---
"""


def test_automatic_maintenance_updates_follow_the_page_language(make_site: MakeSite) -> None:
    """docs/languages.md: Statuspress's own texts follow theme.language. The updates it
    writes for a maintenance that starts and ends on schedule stay English on a
    German or Japanese page (and in its feeds)."""
    for language in ("de", "ja"):
        config = GERMAN.format(time_zone="Europe/Berlin", uptime_days=90, language=language)
        site = build(make_site({"upgrade.md": PASSED}, config=config))
        page = (site / "incidents" / "upgrade" / "index.html").read_text(encoding="utf-8")
        assert "The scheduled maintenance has started." not in page, language
        assert "The scheduled maintenance has been completed." not in page, language


def test_an_announced_maintenance_reaches_feed_readers(make_site: MakeSite) -> None:
    """The status page, upcoming.json and maintenance.ics announce next week's
    maintenance; the feeds carry it from its first update, a `scheduled` one dated when it
    was announced (as `statuspress new maintenance` writes it). One without any update has
    no time to date a feed entry by (docs/content.md)."""
    _, _, rest = UPCOMING.partition("---\n")
    front, _, _ = rest.partition("---\n")
    announced = (
        "---\n" + front + "updates:\n  - at: 2026-11-27T09:00:00Z\n    status: scheduled\n"
        "    message: The API will be read-only for up to 15 minutes.\n---\n"
    )
    for content, expected in ((announced, True), (UPCOMING, False)):
        site = build(make_site({"upgrade.md": content}))
        upcoming = api(site, "scheduled-maintenances/upcoming.json")["scheduled_maintenances"]
        assert [m["name"] for m in upcoming] == ["Database upgrade"]
        assert "Database upgrade" in (site / "index.html").read_text(encoding="utf-8")
        for feed in ("history.atom", "history.rss", "components/api.atom"):
            parsed = feedparser.parse((site / feed).read_bytes())
            assert not parsed.bozo
            found = any("Database upgrade" in e.title for e in parsed.entries)
            assert found is expected, feed
