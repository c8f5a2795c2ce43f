"""The fields of each kind of content file, declared once.

The validator takes its known keys from here, and ``statuspress schema`` turns
the same declarations into JSON Schemas for editors, so the two cannot drift.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .categories import DEFAULT_CATEGORIES
from .vocabulary import (
    ACTION_STATUSES,
    COMPONENT_STATUSES,
    DETECTIONS,
    IMPACTS,
    INCIDENT_COMPONENT_STATUSES,
    INCIDENT_STATUSES,
    MAINTENANCE_COMPONENT_STATUSES,
    MAINTENANCE_STATUSES,
    PARTIAL_OUTAGE,
    POSTMORTEM_KINDS,
    POSTMORTEM_STATUSES,
    ROLE_DESCRIPTIONS,
    SEVERITIES,
    UNDER_MAINTENANCE,
    UPDATE_COMPONENT_STATUSES,
)


@dataclass(frozen=True)
class Field:
    kind: str
    """text, choice, timestamp, date, texts, boolean, status_map, components, list, object"""
    description: str
    required: bool = False
    choices: tuple[str, ...] = ()
    items: tuple[tuple[str, Field], ...] = ()
    """For ``list``: the fields of each item; for ``object``: its fields."""
    examples: tuple[str, ...] = ()
    """Values an editor may suggest, where the valid ones come from the site settings."""
    list_status: str = ""
    """For ``components``: the status of each component given as a list of ids (the
    same field also takes a mapping of id to one of ``choices``)."""


def components_field(what: str, statuses: tuple[str, ...], list_status: str) -> Field:
    """Affected components, in either form: ``{api: partial_outage}`` or ``[api]``."""
    return Field(
        "components",
        f"{what}: a mapping of component id to status, or a list of ids ({list_status} each).",
        choices=statuses,
        list_status=list_status,
    )


def _category(what: str, required: bool = False) -> Field:
    """A category of contributing factor: the site settings list the valid ones, so the
    schema suggests the defaults instead of refusing the others."""
    defaults = tuple(c.id for c in DEFAULT_CATEGORIES)
    return Field(
        "text",
        f"{what}: an id from the site's categories (by default {', '.join(defaults)}).",
        required=required,
        examples=defaults,
    )


def _update(statuses: tuple[str, ...], components: bool) -> tuple[tuple[str, Field], ...]:
    fields = [
        ("at", Field("timestamp", "When the update was published.", required=True)),
        ("status", Field("choice", "The status from this update on.", True, statuses)),
        ("message", Field("text", "The update's text, in Markdown.", required=True)),
    ]
    if components:
        fields.append(
            (
                "next_update",
                Field(
                    "timestamp",
                    "When the next update is promised; shown while the incident is open.",
                ),
            )
        )
        fields.append(
            (
                "components",
                Field(
                    "status_map",
                    "Component statuses from this update on.",
                    choices=UPDATE_COMPONENT_STATUSES,
                ),
            )
        )
    return tuple(fields)


KINDS: dict[str, tuple[tuple[str, Field], ...]] = {
    "incident": (
        (
            "type",
            Field("choice", "The kind of file (incident is the default).", choices=("incident",)),
        ),
        ("title", Field("text", "The incident's public title.", required=True)),
        (
            "severity",
            Field(
                "choice",
                "SEV-1 critical, SEV-2 major, SEV-3 minor impact.",
                choices=tuple(SEVERITIES),
            ),
        ),
        ("impact", Field("choice", "Statuspage impact, instead of severity.", choices=IMPACTS)),
        (
            "components",
            components_field(
                "Each component's status from 'started' on (updates change it)",
                INCIDENT_COMPONENT_STATUSES,
                PARTIAL_OUTAGE,
            ),
        ),
        ("started", Field("timestamp", "When the impact began.", required=True)),
        ("detected", Field("timestamp", "When someone or something detected it.")),
        ("acknowledged", Field("timestamp", "When a responder acknowledged it.")),
        ("mitigated", Field("timestamp", "When the impact was mitigated.")),
        (
            "updates",
            Field(
                "list",
                "Public updates, oldest first.",
                required=True,
                items=_update(INCIDENT_STATUSES, components=True),
            ),
        ),
        ("tags", Field("texts", "Free-form tags.")),
        ("detection", Field("choice", "How it was detected.", choices=DETECTIONS)),
        ("exclude_from_metrics", Field("boolean", "Leave it out of the reliability figures.")),
    ),
    "maintenance": (
        ("type", Field("choice", "The kind of file.", required=True, choices=("maintenance",))),
        ("title", Field("text", "The maintenance's public title.", required=True)),
        (
            "components",
            components_field(
                "The components' status while the maintenance is on",
                MAINTENANCE_COMPONENT_STATUSES,
                UNDER_MAINTENANCE,
            ),
        ),
        ("scheduled_start", Field("timestamp", "Scheduled start.", required=True)),
        ("scheduled_end", Field("timestamp", "Scheduled end.", required=True)),
        (
            "updates",
            Field(
                "list",
                "Public updates, oldest first.",
                items=_update(MAINTENANCE_STATUSES, components=False),
            ),
        ),
        ("tags", Field("texts", "Free-form tags.")),
    ),
    "component": (
        ("type", Field("choice", "The kind of file.", required=True, choices=("component",))),
        ("component", Field("text", "The id of the component (from mkdocs.yml).", required=True)),
        (
            "updates",
            Field(
                "list",
                "The component's status changes without an incident, oldest first.",
                required=True,
                items=(
                    ("at", Field("timestamp", "When the status was set.", required=True)),
                    (
                        "status",
                        Field(
                            "choice",
                            "The status from this change on; operational ends it.",
                            True,
                            COMPONENT_STATUSES,
                        ),
                    ),
                    ("message", Field("text", "What readers see beside the status (Markdown).")),
                ),
            ),
        ),
    ),
    "postmortem": (
        ("type", Field("choice", "The kind of file.", required=True, choices=("postmortem",))),
        ("title", Field("text", "The postmortem's title.", required=True)),
        (
            "kind",
            Field(
                "choice",
                "incident (the default), or near-miss: something that almost went wrong, "
                "reviewed without an incident; shown only in the postmortem archive.",
                choices=POSTMORTEM_KINDS,
            ),
        ),
        (
            "incidents",
            Field("texts", "The ids of the incidents it covers (none for a near miss)."),
        ),
        (
            "status",
            Field("choice", "Only published postmortems are public.", True, POSTMORTEM_STATUSES),
        ),
        ("published", Field("date", "The publication date (required when published).")),
        ("authors", Field("texts", "Who wrote it.")),
        ("summary", Field("text", "A few sentences for the archive.")),
        ("tags", Field("texts", "Free-form tags.")),
        ("services", Field("texts", "Component ids affected.")),
        ("related", Field("texts", "Ids of related incidents.")),
        (
            "roles",
            Field(
                "object",
                "Who held each incident role; shown as facts, never next to a cause.",
                items=(
                    *((role, Field("text", ROLE_DESCRIPTIONS[role])) for role in ROLE_DESCRIPTIONS),
                    ("responders", Field("texts", "Everyone else who responded.")),
                ),
            ),
        ),
        (
            "contributing_factors",
            Field(
                "list",
                "The conditions that together made it possible, as data the archive counts; "
                "the story stays in the body's Contributing factors section.",
                items=(
                    ("category", _category("The kind of factor", required=True)),
                    (
                        "description",
                        Field(
                            "text",
                            "What the system or the situation did, in a sentence; no blame.",
                            required=True,
                        ),
                    ),
                ),
            ),
        ),
        (
            "went_well",
            Field("texts", "What limited the impact or sped the recovery (short items)."),
        ),
        (
            "action_items",
            Field(
                "list",
                "Follow-up work.",
                items=(
                    ("title", Field("text", "What will change.", required=True)),
                    ("owner", Field("text", "Who owns it.")),
                    ("status", Field("choice", "Its state.", True, ACTION_STATUSES)),
                    ("due", Field("date", "When it is due.")),
                    ("ticket", Field("text", "A ticket id or URL.")),
                    ("reason", Field("text", "Why it will not be done (required for wont_do).")),
                    ("category", _category("The category of contributing factor it addresses")),
                ),
            ),
        ),
    ),
}


def keys(kind: str) -> tuple[str, ...]:
    return tuple(name for name, _ in KINDS[kind])


def item_keys(kind: str, name: str) -> tuple[str, ...]:
    return tuple(key for key, _ in dict(KINDS[kind])[name].items)


def declared(kind: str, name: str) -> Field:
    return dict(KINDS[kind])[name]


_TIMESTAMP = r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$"


def _schema(field: Field) -> dict[str, Any]:
    base: dict[str, Any] = {"description": field.description}
    if field.kind == "text" and field.examples:
        return {**base, "type": ["string", "number"], "examples": list(field.examples)}
    if field.kind == "text":
        return {**base, "type": ["string", "number"]}
    if field.kind == "object":
        return {**base, **_object(field.items)}
    if field.kind == "choice":
        return {**base, "enum": list(field.choices)}
    if field.kind == "timestamp":
        return {**base, "type": "string", "pattern": _TIMESTAMP}
    if field.kind == "date":
        return {**base, "type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    if field.kind == "texts":
        return {**base, "type": "array", "items": {"type": ["string", "number"]}}
    if field.kind == "boolean":
        return {**base, "type": "boolean"}
    if field.kind == "status_map":
        return {**base, "type": "object", "additionalProperties": {"enum": list(field.choices)}}
    if field.kind == "components":
        return {
            **base,
            "anyOf": [
                {"type": "object", "additionalProperties": {"enum": list(field.choices)}},
                {"type": "array", "items": {"type": "string"}},
            ],
        }
    return {**base, "type": "array", "items": _object(field.items)}


def _object(fields: tuple[tuple[str, Field], ...]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {name: _schema(field) for name, field in fields},
        "required": [name for name, field in fields if field.required],
        "additionalProperties": False,
    }


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one kind of file's front matter (draft 2020-12)."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://statuspress.example/schema/{kind}.json",
        "title": f"Statuspress {kind} front matter",
        **_object(KINDS[kind]),
    }
