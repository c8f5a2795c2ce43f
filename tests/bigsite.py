"""A big generated test site: 30 components in groups, incidents with links in their
update lines, maintenances in the history, and postmortems (one at a 0.2 address).

Its content is written by code, not by hand, so that checks meet layouts and lengths
nobody tuned them on: ``write_big_site(folder)`` returns the project folder.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

BIG_NOW = "2026-11-28T12:00:00Z"
COMPONENTS = 30
GROUPS = ("Platform", "Payments", "Regions")
STATUSES = ("degraded_performance", "partial_outage", "major_outage")


def component_id(n: int) -> str:
    return f"svc-{n:02d}"


def config() -> str:
    lines = [
        "site_name: Big Example",
        "site_url: https://status.big.example/",
        "docs_dir: pages",
        "theme:",
        "  name: material",
        "  font: false",
        "extra:",
        "  generator: false",  # as init writes it: Material's footer link is not ours
        "plugins:",
        "  - statuspress:",
        "      time_zone: America/New_York",
        "      components:",
    ]
    for n in range(COMPONENTS):
        lines += [f"        - id: {component_id(n)}", f"          name: Service {n:02d}"]
        if n % 4:
            lines.append(f"          group: {GROUPS[n % len(GROUPS)]}")
    return "\n".join(lines) + "\n"


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def incident(n: int, now: datetime) -> str:
    started = now - timedelta(days=3 * n + 1, hours=n % 7)
    ident = component_id(n % COMPONENTS)
    other = component_id((n * 7 + 3) % COMPONENTS)
    status = STATUSES[n % len(STATUSES)]
    return (
        "---\n"
        f"title: Errors on service {n % COMPONENTS:02d} number {n}\n"
        f"components: {{{ident}: {status}, {other}: degraded_performance}}\n"
        f"started: {_stamp(started)}\n"
        "updates:\n"
        f"  - at: {_stamp(started + timedelta(minutes=5))}\n"
        "    status: investigating\n"
        "    message: >-\n"
        "      Some requests fail. See [the runbook](https://docs.big.example/runbook)\n"
        "      and the [earlier incident](https://status.big.example/history/).\n"
        f"  - at: {_stamp(started + timedelta(minutes=50 + n))}\n"
        "    status: resolved\n"
        f"    components: {{{ident}: operational, {other}: operational}}\n"
        "    message: Requests succeed again; [details](https://docs.big.example/n).\n"
        "---\n"
    )


def maintenance(n: int, now: datetime) -> str:
    start = (now - timedelta(days=5 * n + 2)).replace(hour=4, minute=0, second=0)
    announced = start - timedelta(days=6)
    ident = component_id((n * 5) % COMPONENTS)
    return (
        "---\n"
        "type: maintenance\n"
        f"title: Database upgrade {n}\n"
        f"components: {{{ident}: under_maintenance}}\n"
        f"scheduled_start: {_stamp(start)}\n"
        f"scheduled_end: {_stamp(start + timedelta(hours=1))}\n"
        "updates:\n"
        f"  - at: {_stamp(announced)}\n"
        "    status: scheduled\n"
        "    message: We will upgrade the database; see [the plan](https://docs.big.example/p).\n"
        f"  - at: {_stamp(start)}\n"
        "    status: in_progress\n"
        "    message: The upgrade has started.\n"
        f"  - at: {_stamp(start + timedelta(minutes=45))}\n"
        "    status: completed\n"
        "    message: The upgrade is complete.\n"
        "---\n"
    )


def postmortem(incident_id: str, title: str) -> str:
    return (
        "---\n"
        "type: postmortem\n"
        f"title: {title}\n"
        f"incidents: [{incident_id}]\n"
        "status: published\n"
        "published: 2026-11-27\n"
        "summary: A configuration change exhausted the connection pool.\n"
        "---\n"
        "## What happened\n\nA change [rolled out](https://docs.big.example/r) to every region.\n"
    )


def write_big_site(folder: Path, incidents: int = 40, maintenances: int = 12) -> Path:
    """Write the big project into ``folder`` and return it."""
    now = datetime.fromisoformat(BIG_NOW.replace("Z", "+00:00")).astimezone(UTC)
    (folder / "pages").mkdir(parents=True, exist_ok=True)
    content = folder / "incidents"
    (content / "postmortems").mkdir(parents=True, exist_ok=True)
    (folder / "mkdocs.yml").write_text(config(), encoding="utf-8")
    for n in range(incidents):
        (content / f"incident-{n:03d}.md").write_text(incident(n, now), encoding="utf-8")
    for n in range(maintenances):
        (content / f"maintenance-{n:03d}.md").write_text(maintenance(n, now), encoding="utf-8")
    postmortems = content / "postmortems"
    (postmortems / "incident-000-postmortem.md").write_text(
        postmortem("incident-000", "Errors on service 00"), encoding="utf-8"
    )
    (postmortems / "incident-001-review.md").write_text(
        postmortem("incident-001", "Errors on service 01"), encoding="utf-8"
    )
    return folder
