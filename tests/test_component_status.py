"""A component's status set without an incident: the command, the file, the page, the API
and uptime."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from statuspress import derive
from statuspress.model import Site
from statuspress.pipeline import load_site
from statuspress.render import render_site

from .conftest import INCIDENT, MakeSite, at, run
from .test_api_schema import ENDPOINTS, errors


@pytest.fixture
def project(make_site: MakeSite, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_site({})
    monkeypatch.chdir(root)
    return root


def site_at(project: Path, now: str) -> Site:
    site, problems = load_site(project / "mkdocs.yml", at(now))
    assert site is not None, [str(p) for p in problems]
    return site


# The command ---------------------------------------------------------------


def test_set_writes_a_component_file_then_appends_and_operational_ends_it(project: Path) -> None:
    code, out, err = run(
        *("component", "set", "api", "Degraded_Performance", "-m", "Slow responses."),
        *("--now", "2026-11-28T10:00:00Z"),
    )
    said = "incidents/components/api.md: degraded performance from 10:00 UTC\n"
    assert (code, out, err) == (0, said, "")
    path = project / "incidents/components/api.md"
    assert path.read_text() == (
        "---\n"
        "type: component\n"
        "component: api\n"
        "updates:\n"
        "  - at: 2026-11-28T10:00:00+00:00\n"
        "    status: degraded_performance\n"
        "    message: Slow responses.\n"
        "---\n"
    )
    assert derive.component_statuses(site_at(project, "2026-11-28T10:30:00Z"))["api"] == (
        "degraded_performance"
    )
    code, out, _ = run("components", "--now", "2026-11-28T10:30:00Z")
    assert code == 0
    assert out.splitlines()[1] == (
        "api  API       degraded_performance (set without an incident since 2026-11-28 10:00 UTC)"
    )
    # A comment written by hand survives the next change, byte for byte.
    path.write_text(path.read_text().replace("component: api\n", "component: api  # ours\n"))
    code, out, err = run("component", "set", "api", "operational", "--now", "2026-11-28T11:00")
    assert (code, out) == (0, "incidents/components/api.md: operational from 11:00 UTC\n")
    assert err == "--now 2026-11-28T11:00 read as UTC time (+00:00)\n"
    assert path.read_text() == (
        "---\n"
        "type: component\n"
        "component: api  # ours\n"
        "updates:\n"
        "  - at: 2026-11-28T10:00:00+00:00\n"
        "    status: degraded_performance\n"
        "    message: Slow responses.\n"
        "  - at: 2026-11-28T11:00:00+00:00\n"
        "    status: operational\n"
        "---\n"
    )
    after = site_at(project, "2026-11-28T12:00:00Z")
    assert derive.component_statuses(after)["api"] == "operational"
    assert derive.set_statuses(after) == {}
    code, out, _ = run("components", "--now", "2026-11-28T12:00:00Z")
    assert out.splitlines()[1] == "api  API       operational"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("apii", "degraded_performance"),
            "Error: ID: expected a component id from mkdocs.yml, found 'apii' "
            "(did you mean 'api'?)\n",
        ),
        (
            ("api", "degraded"),
            "Error: STATUS: expected one of major_outage, partial_outage, degraded_performance, "
            "under_maintenance, operational, found 'degraded' "
            "(did you mean 'degraded_performance'?)\n",
        ),
        (
            ("api", "operational"),
            "Error: api has no status set without an incident; nothing was written\n",
        ),
    ],
)
def test_set_refuses_an_unknown_component_or_status_in_one_line(
    project: Path, args: tuple[str, ...], message: str
) -> None:
    code, out, err = run("component", "set", *args, "--now", "2026-11-28T10:00:00Z")
    assert (code, out, err) == (1, "", message)
    assert not (project / "incidents/components").exists()


def test_set_refuses_a_time_before_the_last_change_and_writes_nothing(project: Path) -> None:
    assert run("component", "set", "web", "major_outage", "--now", "2026-11-28T10:00:00Z")[0] == 0
    path = project / "incidents/components/web.md"
    before = path.read_bytes()
    code, _, err = run("component", "set", "web", "operational", "--now", "2026-11-28T09:00:00Z")
    assert code == 1
    assert err == (
        "Error: incidents/components/web.md: the last change (2026-11-28 10:00:00 UTC) is "
        "later than now (2026-11-28 09:00:00 UTC); check the clock or --now\n"
    )
    assert path.read_bytes() == before


def test_set_refuses_when_an_incident_file_holds_the_id(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_site({"2026/api.md": INCIDENT.format(title="Named like a component")})
    monkeypatch.chdir(root)
    code, _, err = run("component", "set", "api", "major_outage", "--now", "2026-11-28T11:00Z")
    assert code == 1
    assert err == (
        "Error: incidents/components/api.md: expected a free file id for api's status, found "
        "'api' used by incidents/2026/api.md; rename that file\n"
    )


def test_set_says_when_an_open_incident_also_sets_the_component(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_site({"2026/x.md": INCIDENT.format(title="Errors")})
    monkeypatch.chdir(root)
    code, _, err = run(
        "component", "set", "api", "degraded_performance", "--now", "2026-11-28T11:00Z"
    )
    assert code == 0
    assert err == (
        "note: api also has a status from the open incident x; the page shows the worse of "
        "the two\n"
    )
    site = site_at(root, "2026-11-28T11:30:00Z")
    assert derive.component_statuses(site)["api"] == "partial_outage"  # the worse


# The file, checked like every content file -----------------------------------


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "type: component\ncomponent: apx\nupdates:\n"
            "  - {at: 2026-11-28T10:00:00Z, status: major_outage}\n",
            "incidents/components/x.md:3:1: unknown-component: component: expected a component "
            "id from mkdocs.yml (api, web, db), found 'apx' (did you mean 'api'?)",
        ),
        (
            "type: component\ncomponent: api\nupdates:\n"
            "  - at: 2026-11-28T10:00:00Z\n    status: major\n",
            "incidents/components/x.md:6:5: choice: updates[0].status: expected one of "
            "major_outage, partial_outage, degraded_performance, under_maintenance, operational, "
            "found 'major' (did you mean 'major_outage'?)",
        ),
        (
            "type: component\ncomponent: api\nupdates:\n"
            "  - {at: 2026-11-28T10:00:00Z, status: major_outage}\n"
            "  - {at: 2026-11-28T09:00:00Z, status: operational}\n",
            "incidents/components/x.md:6:6: order: updates[1].at: expected changes oldest "
            "first, found one earlier than the change above",
        ),
        (
            "type: component\ncomponent: api\nupdates: []\n",
            "incidents/components/x.md:4:1: required: updates: expected at least one status "
            "change, found none",
        ),
        (
            "type: component\nupdates:\n  - {at: 2026-11-28T10:00:00Z, status: major_outage}\n",
            "incidents/components/x.md:1: required: component: expected a value, found nothing",
        ),
    ],
)
def test_a_broken_component_file_is_one_line_each(
    make_site: MakeSite, text: str, problem: str
) -> None:
    project = make_site({"components/x.md": f"---\n{text}---\n"})
    site, problems = load_site(project / "mkdocs.yml", at("2026-11-28T12:00:00Z"))
    assert site is None
    assert [str(p) for p in problems if p.severity == "error"] == [problem]


def test_two_files_for_one_component_are_an_error(make_site: MakeSite) -> None:
    one = (
        "---\ntype: component\ncomponent: db\nupdates:\n"
        "  - {at: 2026-11-28T10:00Z, status: major_outage}\n---\n"
    )
    project = make_site({"components/db.md": one, "components/db-again.md": one})
    site, problems = load_site(project / "mkdocs.yml", at("2026-11-28T12:00:00Z"))
    assert site is None
    assert [str(p) for p in problems] == [
        "incidents/components/db.md:3:1: duplicate-id: component: expected one status file per "
        "component, found 'db' also in incidents/components/db-again.md"
    ]


# Uptime, the page and the API -------------------------------------------------

LOG = """\
---
type: component
component: api
updates:
  - at: 2026-11-28T10:00:00Z
    status: partial_outage
    message: Some requests fail <script>alert(1)</script>.
  - at: 2026-11-28T11:00:00Z
    status: major_outage
  - at: 2026-11-28T11:30:00Z
    status: operational
---
"""

SAME_AS_INCIDENT = """\
---
title: The same hour and a half as an incident
components: {api: partial_outage}
started: 2026-11-28T10:00:00Z
updates:
  - at: 2026-11-28T10:00:00Z
    status: investigating
    message: Some requests fail.
  - at: 2026-11-28T11:00:00Z
    status: identified
    message: All requests fail.
    components: {api: major_outage}
  - at: 2026-11-28T11:30:00Z
    status: resolved
    message: Fixed.
    components: {api: operational}
---
"""


def test_uptime_counts_a_set_status_exactly_as_an_incident(
    load: Callable[..., Site],
) -> None:
    # Two days observed up to 12:00: 1440 + 720 = 2160 minutes. Downtime: 60 min of partial
    # outage (x 0.3 = 18) and 30 min of major outage = 48 min; 1 - 48/2160 = 97.777...%.
    def api_uptime(files: dict[str, str], now: str) -> str:
        site = load(files, now, uptime_days=2)
        api = site.settings.component("api")
        assert api is not None
        return derive.format_percent(derive.uptime(site, api).percent)

    assert api_uptime({"components/api.md": LOG}, "2026-11-28T09:59:00Z") == "100.00%"
    assert api_uptime({"components/api.md": LOG}, "2026-11-28T12:00:00Z") == "97.77%"
    assert api_uptime({"2026/same.md": SAME_AS_INCIDENT}, "2026-11-28T12:00:00Z") == "97.77%"
    # Both at once overlap and count once, at the worst status.
    both = {"components/api.md": LOG, "2026/same.md": SAME_AS_INCIDENT}
    assert api_uptime(both, "2026-11-28T12:00:00Z") == "97.77%"
    # While it is in force: 10:00-10:30 partial, 9 of 1440 + 630 minutes: 99.565...%.
    assert api_uptime({"components/api.md": LOG}, "2026-11-28T10:30:00Z") == "99.56%"


def test_under_maintenance_set_on_a_component_counts_no_downtime(load: Callable[..., Site]) -> None:
    log = LOG.replace("partial_outage", "under_maintenance").replace("major_outage", "operational")
    site = load({"components/api.md": log}, "2026-11-28T10:30:00Z", uptime_days=2)
    api = site.settings.component("api")
    assert api is not None
    assert derive.uptime(site, api).downtime == 0
    assert derive.component_statuses(site)["api"] == "under_maintenance"
    assert derive.indicator(site) == ("maintenance", "Service Under Maintenance")


def test_a_change_after_now_is_not_in_force_yet_and_is_warned_about(make_site: MakeSite) -> None:
    project = make_site({"components/api.md": LOG})
    site, problems = load_site(project / "mkdocs.yml", at("2026-11-28T10:59:00Z"))
    assert site is not None
    assert derive.component_statuses(site)["api"] == "partial_outage"
    assert [p.rule for p in problems] == ["future-update", "future-update"]


def test_page_and_api_show_the_set_status(load: Callable[..., Site]) -> None:
    site = load({"components/api.md": LOG}, "2026-11-28T10:30:00Z")
    outputs = render_site(site, [])
    page = next(p for p in outputs.pages if p.url == "")
    assert 'Partial outage since <time datetime="2026-11-28T10:00:00Z">' in page.html
    assert "(set on the component, without an incident)" in page.html
    assert "Some requests fail" in page.html and "<script>" not in page.html
    assert "partial outage 30 min (status set on the component, no incident)" in page.html
    files = {p: json.loads(outputs.files["api/v2/" + p]) for p in ENDPOINTS}
    for path, definition in ENDPOINTS.items():
        assert errors(definition, files[path]) == [], path
    api = next(c for c in files["components.json"]["components"] if c["name"] == "API")
    assert (api["status"], api["updated_at"]) == ("partial_outage", "2026-11-28T10:00:00.000Z")
    assert files["summary.json"]["status"] == {
        "indicator": "minor",
        "description": "Minor Service Outage",
    }
    assert files["status.json"]["status"]["indicator"] == "minor"
    assert files["status.json"]["page"]["updated_at"] == "2026-11-28T10:00:00.000Z"
    assert files["summary.json"]["incidents"] == []  # no incident is opened
    platform = next(c for c in files["summary.json"]["components"] if c["name"] == "Platform")
    assert platform["status"] == "partial_outage"
    # Once set back to operational, everything says so again.
    later = render_site(load({"components/api.md": LOG}, "2026-11-28T12:00:00Z"), [])
    status = json.loads(later.files["api/v2/status.json"])["status"]
    assert status == {"indicator": "none", "description": "All Systems Operational"}
    page = next(p for p in later.pages if p.url == "")
    assert "set on the component" not in page.html.split("sp-bar")[0]
