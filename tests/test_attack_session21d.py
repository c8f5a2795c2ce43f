"""Attack session 21d: the postmortem archive and the reliability report, as engineers who
read postmortems to learn and as whoever prepares the quarterly reliability review.

Each test is one bug found in this session. It fails now and asserts what the archive, its
search index and the reliability report must say: the figures a review quotes, counted as
the documentation defines them, and the history of a retired service kept whole.
"""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

from click.testing import CliRunner

from statuspress.cli import cli

from .conftest import MakeSite
from .test_attack_session21a import build, text

NOW = "2026-11-28T12:00:00Z"

CONFIG = """\
site_name: Example
site_url: https://status.example.com/
docs_dir: pages
theme:
  name: material
  font: false
plugins:
  - search
  - statuspress:
      time_zone: Europe/Berlin
      components:
        - id: api
          name: API
        - id: web
          name: Website
        - id: legacy
          name: Legacy Gateway
          retired: true
"""


def reliability(site: Path) -> dict:
    return json.loads((site / "api/reliability.json").read_text(encoding="utf-8"))


# The reliability report --------------------------------------------------------------

ESCALATED = """\
---
title: Errors on the API
severity: SEV-3
components: {api: partial_outage}
started: 2026-11-10T10:00:00Z
detected: 2026-11-10T10:05:00Z
updates:
  - at: 2026-11-10T10:10:00Z
    status: investigating
    message: Some requests fail.
  - at: 2026-11-10T10:30:00Z
    status: identified
    message: Every request fails now.
    components: {api: major_outage}
  - at: 2026-11-10T11:00:00Z
    status: resolved
    message: Requests succeed again.
    components: {api: operational}
---
"""


def test_an_incident_stated_sev3_that_escalated_to_a_major_outage_is_told_to_the_lead(
    make_site: MakeSite,
) -> None:
    """An incident is opened as SEV-3 (a partial outage of the API); an update escalates
    it to a major outage. Its page says "Major impact" and the API `impact: major`, and
    the reliability report counts it as SEV-3, the severity the team stated (docs/content:
    "at its stated severity"): the quarterly review under-reports it unless someone raises
    the severity, and nothing told anyone so. `check` now says so, as a notice at the
    update (never a failure mid-incident), naming the severity to raise it to."""
    project = make_site({"errors.md": ESCALATED}, config=CONFIG)
    site = build(project)
    assert "Major impact" in text(site, "incidents/errors/index.html")
    data = reliability(site)
    (quarter,) = data["by_quarter"]
    assert quarter["incidents_by_severity"]["SEV-3"] == 1, quarter["incidents_by_severity"]
    result = CliRunner().invoke(
        cli, ["check", "--strict", "--now", NOW, "-f", str(project / "mkdocs.yml")]
    )
    assert result.exit_code == 0, result.stderr
    assert "notice: contradiction: updates[1].components.api: major_outage means major impact" in (
        result.stderr
    ), result.stderr
    assert "raise severity to SEV-2" in result.stderr


LEGACY_OUTAGE = """\
---
title: Legacy gateway down
severity: SEV-2
components: {legacy: major_outage}
started: 2026-08-0DT10:00:00Z
detected: 2026-08-0DT10:20:00Z
updates:
  - at: 2026-08-0DT10:30:00Z
    status: investigating
    message: The legacy gateway is down.
  - at: 2026-08-0DT12:00:00Z
    status: resolved
    message: The legacy gateway is back.
    components: {legacy: operational}
---
"""


def test_a_retired_service_keeps_its_past_incidents_in_the_reliability_report_by_service(
    make_site: MakeSite,
) -> None:
    """The legacy gateway had two SEV-2 outages in Q3 and is retired today (`retired:
    true`: "the incidents ... that name it stay as they were written and show its name").
    The report still counts both incidents overall and in 2026 Q3, but its "By service"
    tables (counts by severity, time measures, communication) and `by_service` in
    `/api/reliability.json` have no row for the Legacy Gateway: the quarterly review of Q3
    shows two incidents that belong to no service, and the service that had them vanishes
    from the record the day it is retired. A report is history, not a current view."""
    files = {f"legacy-{d}.md": LEGACY_OUTAGE.replace("0D", f"0{d}") for d in (3, 5)}
    site = build(make_site(files, config=CONFIG))
    data = reliability(site)
    assert data["incidents_counted"] == 2
    (third,) = [q for q in data["by_quarter"] if q["key"] == "2026-Q3"]
    assert third["incidents_by_severity"]["SEV-2"] == 2
    legacy = [g for g in data["by_service"] if g["key"] == "legacy"]
    assert legacy, [g["key"] for g in data["by_service"]]
    assert legacy[0]["label"] == "Legacy Gateway"
    assert legacy[0]["incidents_by_severity"]["SEV-2"] == 2
    assert "Legacy Gateway" in text(site, "reliability/index.html").split("By service")[-1]


# The archive's search index ----------------------------------------------------------

RESOLVED = """\
---
title: {title}
severity: SEV-2
components: {{{component}: major_outage}}
started: 2026-11-0{day}T10:00:00Z
detected: 2026-11-0{day}T10:05:00Z
updates:
  - at: 2026-11-0{day}T10:10:00Z
    status: investigating
    message: Requests fail.
  - at: 2026-11-0{day}T11:00:00Z
    status: resolved
    message: Requests succeed again.
    components: {{{component}: operational}}
---
"""

POSTMORTEM = """\
---
type: postmortem
title: One change took down two services
incidents: [checkout, signup]
status: published
published: 2026-11-10
authors: [Amara Okafor]
summary: A release broke both flows.
services: [api, web]
tags: [rollout]
---
## Summary
The release went out at ten.
"""


def test_search_finds_a_postmortem_by_its_author_service_tag_and_incident(
    make_site: MakeSite,
) -> None:
    """Search "indexes postmortems section by section". The header card of a postmortem
    (incidents, severity, services, authors, tags) is written with no space between a
    label and its value, so Material's index holds "IncidentsCheckout failing",
    "SeveritySEV-2ServicesAPI, WebsiteAuthorsAmara Okafor" and "Tagsrollout": a reader
    who searches for "Amara" (the author), "API" (a service), "rollout" (a tag) or
    "Checkout" (the incident it covers) does not find the postmortem, since each word is
    glued to the one before it. Each must be a word of its own in the index."""
    files = {
        "checkout.md": RESOLVED.format(title="Checkout failing", component="api", day=3),
        "signup.md": RESOLVED.format(title="Signup failing", component="web", day=4),
        "release-postmortem.md": POSTMORTEM,
    }
    site = build(make_site(files, config=CONFIG))
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    separator = re.compile(index["config"]["separator"])
    words: set[str] = set()
    for doc in index["docs"]:
        if doc["location"].startswith("postmortems/release"):
            plain = unescape(re.sub(r"<[^>]+>", " ", doc["title"] + " " + doc["text"]))
            words |= {w.strip(".,;:()").lower() for w in separator.split(plain)}
    assert words, [d["location"] for d in index["docs"]]
    assert {"amara", "api", "rollout", "checkout"} <= words, sorted(words)


# The action-item page ------------------------------------------------------------------

ACTIONS = """\
---
type: postmortem
title: One change took down two services
incidents: [checkout]
status: published
published: 2026-11-10
authors: [Amara Okafor]
summary: A release broke checkout.
action_items:
  - title: Add a canary stage
    owner: Payments team
    status: open
    due: 2026-12-15
  - title: Gate releases on error rates
    owner: Payments team
    status: in_progress
    due: 2026-12-15
  - title: Write the rollback runbook
    owner: Payments team
    status: in_progress
    due: 2026-12-15
---
"""


def test_the_action_item_page_does_not_count_items_in_progress_as_open(
    make_site: MakeSite,
) -> None:
    """The payments team has one action item open and two in progress. The action-item
    page's table for the team is captioned "Payments team: 3 open", over rows whose
    Status column says "Open", "In progress", "In progress"; the reliability report says
    "Open: 1, In progress: 2" and `/api/reliability.json` `open_by_owner` says `open: 1,
    in_progress: 2`. Whoever prepares the review quotes "3 open" from one page and "1
    open" from the other. The caption must count the states as the statuses name them."""
    files = {
        "checkout.md": RESOLVED.format(title="Checkout failing", component="api", day=3),
        "release.md": ACTIONS,
    }
    site = build(make_site(files, config=CONFIG))
    (owner,) = reliability(site)["action_items"]["open_by_owner"]
    assert (owner["open"], owner["in_progress"]) == (1, 2)
    page = text(site, "postmortems/actions/index.html")
    assert "Payments team: 3 open" not in page, page
    assert "Payments team: 1 open, 2 in progress" in page, page


TOP_HEADINGS = """\
---
type: postmortem
title: Checkout failures after a release
incidents: [checkout]
status: published
published: 2026-11-10
authors: [Amara Okafor]
summary: A release broke checkout.
---
# Timeline

At 10:00 the release reached every region.

# Contributing factors

The canary stage covered one region only.
"""


def test_a_postmortem_written_with_top_level_headings_keeps_its_sections(
    make_site: MakeSite,
) -> None:
    """Postmortems pasted from a document editor often use `#` for their sections. The
    page prints "Timeline" and "Contributing factors" as bare words run into the text
    (no heading, no anchor, not even a paragraph), `check` says nothing, and the search
    index, which "indexes postmortems section by section, so a result lands on the right
    heading", has no section for either: a search for the timeline lands on the top of
    the page with the prose glued to the header card. The sections must stay sections."""
    files = {
        "checkout.md": RESOLVED.format(title="Checkout failing", component="api", day=3),
        "checkout-review.md": TOP_HEADINGS,
    }
    site = build(make_site(files, config=CONFIG))
    html = (site / "postmortems/checkout-review/index.html").read_text(encoding="utf-8")
    assert re.search(r"<h[2-4][^>]*>Timeline</h[2-4]>", html), html[html.find("sp-lead") :][:400]
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    titles = {d["title"] for d in index["docs"] if d["location"].startswith("postmortems/")}
    assert {"Timeline", "Contributing factors"} <= titles, titles
