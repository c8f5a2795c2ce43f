"""Templates for new content files: the draft postmortem."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import yaml

from . import derive
from .edit import slugify
from .load import SourceFile, parse_text
from .model import Incident, Site
from .vocabulary import STATUS_LABELS

_UNESCAPED_BAR = re.compile(r"(?<!\\)((?:\\\\)*)\|")
"""A bar after no backslash or an even number of them (each pair a literal backslash):
in a table row it would end the cell."""

SECTIONS = (
    ("Summary", "What happened, for how long, and how severe it was, in a few sentences."),
    ("Impact", "Who was affected and how, with numbers: users, requests, payments, tickets."),
    ("Timeline", None),
    ("Detection", "How and when we found out, and how we could have found out sooner."),
    ("Response and recovery", "What we did to mitigate and recover, and what helped or slowed us."),
    (
        "Contributing factors",
        "The conditions that together made this incident possible: the "
        "trigger, the lead-up, and what made it worse. There is rarely a single root cause.",
    ),
    ("What went well", "Mitigators: what limited the impact or sped the recovery."),
    ("What went poorly", "Where the response was harder than it should have been."),
    ("Where we got lucky", "What helped by chance and will not help next time."),
    ("What surprised us", "What we learned about how our systems really behave."),
    (
        "Action items",
        "List them in the front matter's action_items, each with an owner, a due "
        "date and a ticket; they are shown as a table.",
    ),
)


def postmortem_path(site: Site, project: Path, incident: Incident) -> Path:
    return project / site.settings.content_dir / "postmortems" / f"{incident.id}-postmortem.md"


def near_miss_id(site: Site, title: str) -> str:
    """The id a near miss's review is named for: today's date and its title."""
    day = site.now.astimezone(site.settings.tz).date()
    return f"{day:%Y-%m-%d}-{slugify(title)}"


def draft_title(path: Path) -> str | None:
    """The title of the review at ``path``, or None when there is none to read."""
    try:
        parsed = parse_text(path.read_text(encoding="utf-8-sig"), str(path), path.stem)
    except (OSError, UnicodeDecodeError):
        return None
    title = parsed.data.get("title") if isinstance(parsed, SourceFile) else None
    return title if isinstance(title, str) else None


def near_miss_template(site: Site, title: str) -> str:
    """A draft review of a near miss: no incident, the same sections and fields."""
    front = {
        "type": "postmortem",
        "kind": "near-miss",
        "title": title,
        "status": "draft",
        "authors": [],
        "summary": "",
        "tags": [],
        "services": [],
    }
    hint = (
        "<!-- What happened, when (with the time zone), and what kept it from becoming "
        "an incident. -->"
    )
    return _draft(site, front, [hint, ""])


def postmortem_template(site: Site, incident: Incident) -> str:
    """A draft postmortem with the standard sections, its timeline from the public updates."""
    front = {
        "type": "postmortem",
        "title": incident.title,
        "incidents": [incident.id],
        "status": "draft",
        "authors": [],
        "summary": "",
        "tags": list(incident.tags),
        "services": list(incident.components),
    }
    return _draft(site, front, _timeline(site, incident))


def _draft(site: Site, front: Mapping[str, object], timeline: list[str]) -> str:
    lines = [
        "---",
        yaml.safe_dump(front, sort_keys=False, allow_unicode=True).rstrip(),
        *_learning_fields(site),
        "---",
        "",
    ]
    for title, hint in SECTIONS:
        lines += [f"## {title}", ""]
        if hint:
            lines += [f"<!-- {hint} -->", ""]
        else:
            lines += timeline
    return "\n".join(lines)


def _learning_fields(site: Site) -> list[str]:
    """The roles, contributing factors, went-well items and action items, empty, with
    comments that say how to fill them in blamelessly."""
    ids = [c.id for c in site.settings.categories]
    categories = ", ".join(ids)
    example = "change" if "change" in ids else ids[0]  # the examples name a valid one
    return [
        "# Who held each incident role: names or team names, each optional. The page shows",
        '# them as facts ("Who responded"), never next to a cause.',
        "roles:",
        "  incident_commander:",
        "  communications_lead:",
        "  scribe:",
        "  responders: []",
        "# The conditions that together made the incident possible, one item each, with a",
        "# category from the site's list:",
        f"#   {categories}.",
        "# Say what the system or the situation did, not who erred: 'the deploy tool applied",
        "# the change to every instance at once', not 'the engineer forgot the canary'. Tell",
        "# the story in the Contributing factors section below; the archive counts this list.",
        f"#   - category: {example}",
        "#     description: Configuration changes reach every instance at once.",
        "contributing_factors: []",
        "# What limited the impact or sped the recovery, as short items. Nothing counts them:",
        "# they are here because a review that sees only failure misses how the system works.",
        "went_well: []",
        "# Follow-up work: controls, not exhortations ('add a check', not 'be more careful'),",
        "# each with an owner, a due date, a ticket and the category it addresses.",
        "#   - title: Roll out configuration changes through the canary stage",
        "#     owner: Delivery team",
        "#     status: open",
        "#     due: 2026-12-20",
        "#     ticket: PLAT-2232",
        f"#     category: {example}",
        "action_items: []",
    ]


def _timeline(site: Site, incident: Incident) -> list[str]:
    tz = site.settings.tz
    events = [(incident.started, "Impact starts.")]
    for name, label in (
        ("detected", "Detected."),
        ("acknowledged", "Acknowledged."),
        ("mitigated", "Mitigated."),
    ):
        moment = getattr(incident, name)
        if moment is not None:
            events.append((moment, label))
    for update in derive.updates_at(incident, site.now):
        first = update.message.strip().splitlines()[0] if update.message.strip() else ""
        events.append(
            (update.at, f"Public update, {STATUS_LABELS[update.status].lower()}: {first}")
        )
    events.sort(key=lambda item: item[0])
    zone = site.settings.time_zone
    rows = [
        f"All times {zone}. Pre-filled from the incident's public updates; add what "
        "happened behind the scenes.",
        "",
        "| Time | Event |",
        "|---|---|",
    ]
    for moment, event in events:
        # A bar the message escaped already (after an odd number of backslashes) stays as
        # it is; any other would end the cell.
        cell = _UNESCAPED_BAR.sub(r"\1\\|", event)
        rows.append(f"| {moment.astimezone(tz):%Y-%m-%d %H:%M} | {cell} |")
    return [*rows, ""]
