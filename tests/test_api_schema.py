"""The sample site's Statuspage v2 API files match the JSON Schema and say the right things."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

REPO = Path(__file__).resolve().parent.parent
SCHEMA: dict[str, Any] = json.loads(
    (REPO / "schema" / "statuspage-v2.schema.json").read_text(encoding="utf-8")
)
SITE_URL: str = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]

# Each API file, relative to api/v2/, and the `$defs` entry that describes its body.
ENDPOINTS = {
    "summary.json": "summary",
    "status.json": "status_file",
    "components.json": "components_file",
    "incidents.json": "incidents_file",
    "incidents/unresolved.json": "unresolved_file",
    "scheduled-maintenances.json": "maintenances_file",
    "scheduled-maintenances/upcoming.json": "upcoming_file",
    "scheduled-maintenances/active.json": "active_file",
}
OPEN = {"investigating", "identified", "monitoring"}
WITH_INCIDENTS = [p for p in ENDPOINTS if p not in ("status.json", "components.json")]

Json = dict[str, Any]


def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(
        {"$schema": SCHEMA["$schema"], "$defs": SCHEMA["$defs"], "$ref": f"#/$defs/{name}"}
    )


def errors(name: str, body: Json) -> list[str]:
    found = validator(name).iter_errors(body)
    return [f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}" for e in found]


def api(site: Path, path: str) -> Json:
    data: Json = json.loads((site / "api" / "v2" / path).read_text(encoding="utf-8"))
    return data


def when(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_schema_is_valid_draft_2020_12() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    assert set(ENDPOINTS.values()) <= set(SCHEMA["$defs"])


@pytest.mark.parametrize("path", ENDPOINTS)
def test_api_file_matches_schema(sample_site: Path, path: str) -> None:
    body = api(sample_site, path)
    problems = errors(ENDPOINTS[path], body)
    assert not problems, f"{path}:\n" + "\n".join(problems)
    # The top-level schema accepts every endpoint body too.
    assert Draft202012Validator(SCHEMA).is_valid(body)


def _first_group(body: Json) -> Json:
    return next(c for c in body["components"] if c["group"])


MUTATIONS: dict[str, Callable[[Json], None]] = {
    "extra field on a component": lambda b: b["components"][0].update(uptime=99.9),
    "component id of 11 chars": lambda b: b["components"][0].update(id="abcdefghij0"),
    "bad component status": lambda b: b["components"][0].update(status="down"),
    "incident without incident_updates": lambda b: b["incidents"][0].pop("incident_updates"),
    "timestamp 'yesterday'": lambda b: b["incidents"][0].update(created_at="yesterday"),
    "group without components": lambda b: _first_group(b).pop("components"),
    "page without time_zone": lambda b: b["page"].pop("time_zone"),
    "components on a non-group": lambda b: b["components"][0].update(
        components=[b["components"][1]["id"]]
    ),
    "resolved incident in summary": lambda b: b["incidents"][0].update(status="resolved"),
    "start_date not YYYY-MM-DD": lambda b: b["components"][0].update(start_date="2026-10"),
}


@pytest.mark.parametrize("mutate", MUTATIONS.values(), ids=MUTATIONS.keys())
def test_schema_rejects_broken_summary(sample_site: Path, mutate: Callable[[Json], None]) -> None:
    body = api(sample_site, "summary.json")
    assert not errors("summary", body), "the unmutated summary must be valid"
    broken = copy.deepcopy(body)
    mutate(broken)
    assert errors("summary", broken), "the schema accepted a broken summary"


def test_summary_lists_exactly_the_unresolved_incidents(sample_site: Path) -> None:
    summary = api(sample_site, "summary.json")["incidents"]
    unresolved = api(sample_site, "incidents/unresolved.json")["incidents"]
    every = api(sample_site, "incidents.json")["incidents"]
    # At 2026-11-28T12:00Z only the payouts incident of that morning is still open.
    expected = ["Payouts to some European bank accounts are delayed"]
    assert [i["name"] for i in summary] == expected
    assert [i["name"] for i in unresolved] == expected
    assert [i["id"] for i in summary] == [i["id"] for i in unresolved]
    assert [i["id"] for i in every if i["status"] in OPEN] == [i["id"] for i in unresolved]
    assert all(i["resolved_at"] is None for i in summary)


def test_incidents_json_includes_resolved_incidents(sample_site: Path) -> None:
    incidents = api(sample_site, "incidents.json")["incidents"]
    assert len(incidents) == 8  # every non-maintenance file in incidents/2026
    # Resolved incidents that a published postmortem covers have the status `postmortem`.
    resolved = [i for i in incidents if i["status"] in ("resolved", "postmortem")]
    assert len(resolved) == 7
    assert all(i["resolved_at"] is not None for i in resolved)
    with_postmortem = {i["name"] for i in resolved if i["status"] == "postmortem"}
    assert with_postmortem == {
        "Elevated error rates on the Payments API",
        "Webhook deliveries failing for merchants using mutual TLS",
        "Card payments failing during a database failover",
    }
    starts = [when(i["created_at"]) for i in incidents]
    assert starts == sorted(starts, reverse=True), "incidents are not newest first"


@pytest.mark.parametrize("path", WITH_INCIDENTS)
def test_incident_updates_are_newest_first(sample_site: Path, path: str) -> None:
    body = api(sample_site, path)
    for item in body.get("incidents", []) + body.get("scheduled_maintenances", []):
        times = [when(u["created_at"]) for u in item["incident_updates"]]
        assert times == sorted(times, reverse=True), f"{path}: {item['name']}"
        assert {u["incident_id"] for u in item["incident_updates"]} == {item["id"]}


def test_upcoming_lists_the_december_maintenance(sample_site: Path) -> None:
    upcoming = api(sample_site, "scheduled-maintenances/upcoming.json")["scheduled_maintenances"]
    assert [(m["name"], m["status"]) for m in upcoming] == [
        ("Payments API network upgrade", "scheduled")
    ]
    (maintenance,) = upcoming
    # 02:00-03:00 Europe/Berlin (+01:00 in December).
    assert when(maintenance["scheduled_for"]) == when("2026-12-03T01:00:00Z")
    assert when(maintenance["scheduled_until"]) == when("2026-12-03T02:00:00Z")
    assert api(sample_site, "scheduled-maintenances/active.json")["scheduled_maintenances"] == []


@pytest.mark.parametrize("path", ENDPOINTS)
def test_links_and_page_ids_point_at_this_page(sample_site: Path, path: str) -> None:
    body = api(sample_site, path)
    page_id = body["page"]["id"]
    assert body["page"] == api(sample_site, "summary.json")["page"]
    items = body.get("incidents", []) + body.get("scheduled_maintenances", [])
    components = list(body.get("components", []))
    for item in items:
        assert item["shortlink"].startswith(SITE_URL), item["shortlink"]
        assert item["page_id"] == page_id
        components += item["components"]
    for component in components:
        assert component["page_id"] == page_id, component["name"]


@pytest.mark.parametrize("path", ["summary.json", "components.json"])
def test_groups_and_members_agree(sample_site: Path, path: str) -> None:
    components = api(sample_site, path)["components"]
    by_id = {c["id"]: c for c in components}
    assert len(by_id) == len(components), "duplicate component ids"
    groups = [c for c in components if c["group"]]
    assert {g["name"] for g in groups} == {"Platform", "Payments"}
    for group in groups:
        for member in group["components"]:
            assert member in by_id, f"{group['name']} lists unknown component {member}"
            assert by_id[member]["group_id"] == group["id"], by_id[member]["name"]
    for component in components:
        if component["group_id"] is not None:
            assert component["id"] in by_id[component["group_id"]]["components"]
