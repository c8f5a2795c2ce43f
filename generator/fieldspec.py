"""The fields of each kind of content file, declared once: what each holds and how it is read.

Each field is a small typed declaration (in the manner of MkDocs' ``config_options``
and Lektor's types) whose :meth:`Field.read` takes its value out of a file's mapping,
checks it and reports each mistake, with file, line and field, through the
:class:`~generator.fields.Reader`. :mod:`generator.validate` keeps only the rules that
span fields or files; ``statuspress schema`` and the web editor turn the same
declarations into JSON Schemas and widgets, so none of them can drift.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar

from .categories import DEFAULT_CATEGORIES
from .characters import first_too_deep
from .errors import expected, one_of
from .fields import Reader
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

_TIMESTAMP = r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$"
_EMPTIED = "^$|"
"""Where a date or time may be left empty, as the web editor leaves one it cleared."""
_TEXT: dict[str, Any] = {"type": ["string", "number"]}
"""YAML reads ``title: 2026`` as a number: text fields take numbers as their text."""


@dataclass(frozen=True)
class Field:
    """One field of a content file (or of the settings). ``read`` returns its value, or
    None when it is absent or wrong; each mistake is reported through the reader, with the
    line and field where it is (a list or a mapping may hold several)."""

    description: str
    required: bool = False
    choices: tuple[str, ...] = ()
    items: tuple[tuple[str, Field], ...] = ()
    """For a ``list``: the fields of each item; for an ``object``: its fields."""
    examples: tuple[str, ...] = ()
    """Values an editor may suggest, where the valid ones come from the site settings."""
    kind: ClassVar[str]
    """text, choice, timestamp, date, texts, boolean, status_map, components, list, object
    (and integer, in the settings): what the web editor knows the field by."""

    def read(self, where: Reader, key: str) -> Any:
        raise NotImplementedError

    def schema(self) -> dict[str, Any]:
        """The JSON Schema of the field's value (the settings' fields have none)."""
        raise NotImplementedError


@dataclass(frozen=True)
class Text(Field):
    """Text (a number is read as its text), stripped."""

    kind: ClassVar[str] = "text"
    markdown: bool = False
    """Markdown shown on the site: nested deeper than a page can show is refused."""

    def read(self, where: Reader, key: str) -> str | None:
        value = where.text(key, required=self.required)
        deep = first_too_deep(value) if self.markdown and value is not None else None
        if deep is not None:
            where.error(key, deep[1], "nesting")
            return None
        return value

    def schema(self) -> dict[str, Any]:
        found = {**_TEXT, "pattern": r"\S"} if self.required else dict(_TEXT)
        return {**found, "examples": list(self.examples)} if self.examples else found


@dataclass(frozen=True)
class Category(Text):
    """A category of contributing factor: an id from the site's list. The schema suggests
    the defaults instead of refusing the others. An empty one, as the web editor writes
    a cleared field, is none."""

    examples: tuple[str, ...] = tuple(c.id for c in DEFAULT_CATEGORIES)

    def read(self, where: Reader, key: str) -> str | None:
        value = where.text(key, required=self.required)
        settings = where.site()
        if not value or settings.category(value) is not None:
            return value or None
        known = [c.id for c in settings.categories]
        wanted = "a category from the site settings (" + ", ".join(known) + ")"
        where.error(key, expected(wanted, value, known), "unknown-category")
        return None


@dataclass(frozen=True)
class ComponentId(Text):
    """The id of a component of ``mkdocs.yml``."""

    def read(self, where: Reader, key: str) -> str | None:
        value = where.text(key, required=self.required)
        return value if value is not None and known_component(where, key, value) else None


@dataclass(frozen=True)
class Choice(Field):
    """One of ``choices``."""

    kind: ClassVar[str] = "choice"

    def read(self, where: Reader, key: str) -> str | None:
        return where.choice(key, self.choices, required=self.required)

    def schema(self) -> dict[str, Any]:
        return {"enum": list(self.choices)}


@dataclass(frozen=True)
class Timestamp(Field):
    """An ISO 8601 time; one without an offset is in the site's time zone."""

    kind: ClassVar[str] = "timestamp"

    def read(self, where: Reader, key: str) -> datetime | None:
        return where.timestamp(key, required=self.required)

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": _TIMESTAMP if self.required else _EMPTIED + _TIMESTAMP}


@dataclass(frozen=True)
class Date(Field):
    """A day, ``YYYY-MM-DD``."""

    kind: ClassVar[str] = "date"

    def read(self, where: Reader, key: str) -> date | None:
        return where.day(key)

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": _EMPTIED + r"^\d{4}-\d{2}-\d{2}$"}


@dataclass(frozen=True)
class Texts(Field):
    """A list of text, or one text."""

    kind: ClassVar[str] = "texts"
    skip_blank: bool = False
    """Blank items (as an editor leaves them) are none. Lists of ids keep them, so that
    an error's index is the item's."""

    def read(self, where: Reader, key: str) -> tuple[str, ...]:
        return where.text_list(key, skip_blank=self.skip_blank)

    def schema(self) -> dict[str, Any]:
        return {"anyOf": [{"type": "array", "items": _TEXT}, {"type": "string"}]}


@dataclass(frozen=True)
class ComponentIds(Texts):
    """A list of ids of components of ``mkdocs.yml``."""

    def read(self, where: Reader, key: str) -> tuple[str, ...]:
        ids = where.text_list(key)
        for index, ident in enumerate(ids):
            known_component(where, (key, index), ident)
        return ids


@dataclass(frozen=True)
class Boolean(Field):
    kind: ClassVar[str] = "boolean"

    def read(self, where: Reader, key: str) -> bool:
        return where.boolean(key) or False

    def schema(self) -> dict[str, Any]:
        return {"type": "boolean"}


@dataclass(frozen=True)
class StatusMap(Field):
    """A mapping of component id to one of ``choices``; a component given without a
    status (the web editor's cleared choice: ``? api``, ``api:``) is left out."""

    kind: ClassVar[str] = "status_map"

    def read(self, where: Reader, key: str) -> dict[str, str]:
        value = where.raw(key)
        if value is None or value == {}:
            return {}
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            where.error(
                key,
                "expected a mapping of component id to status, such as 'api: partial_outage', "
                "found a list",
                "type",
            )
            return {}
        mapping = where.mapping(key)
        if mapping is None:
            return {}
        result: dict[str, str] = {}
        inner = where.child(key, mapping)
        for ident, status in mapping.items():
            ident = str(ident)
            if not known_component(inner, ident, ident) or status is None:
                continue
            if status not in self.choices:
                inner.error(ident, expected(one_of(self.choices), status, self.choices), "choice")
                continue
            result[ident] = status
        return result

    def schema(self) -> dict[str, Any]:
        return {"type": "object", "additionalProperties": {"enum": [*self.choices, None]}}


@dataclass(frozen=True)
class Components(StatusMap):
    """Affected components, in either form: ``{api: partial_outage}``, or ``[api]`` where
    each gets ``list_status``."""

    kind: ClassVar[str] = "components"
    list_status: str = ""

    def read(self, where: Reader, key: str) -> dict[str, str]:
        value = where.data.get(key)
        if isinstance(value, str | list):
            ids = where.text_list(key)
            known = (i for n, i in enumerate(ids) if known_component(where, (key, n), i))
            return dict.fromkeys(known, self.list_status)
        if value is not None and not isinstance(value, dict):
            wanted = "a mapping of component id to status, or a list of component ids"
            where.error(key, expected(wanted, value), "type")
            return {}
        return super().read(where, key)

    def schema(self) -> dict[str, Any]:
        each = {"type": "array", "items": _TEXT}
        return {"anyOf": [super().schema(), each, {"type": "string"}]}


@dataclass(frozen=True)
class Entry:
    """One item of a list field: its values by field name, and where it is."""

    where: Reader
    values: Mapping[str, Any]


@dataclass(frozen=True)
class Entries(Field):
    """A list of mappings, each with the fields ``items``."""

    kind: ClassVar[str] = "list"
    shape: str = ""
    """What an item is, where it is not a mapping: ``a mapping with at and status``."""
    none: str = ""
    """What a list that gives no item (absent, empty or not a list) is told, instead of
    that a required list is missing."""
    empty: str = ""
    """What a list given without items is told."""

    def read(self, where: Reader, key: str) -> list[Entry]:
        items = where.sequence(key, required=self.required and not self.none)
        if self.none and not items:
            where.error(key, self.none, "required")
        elif self.empty and where.data.get(key) == []:
            where.error(key, self.empty, "required")
        entries = []
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                where.error((key, index), expected(self.shape, item), "type")
                continue
            inner = where.child(key, {}).child(index, item)
            entries.append(Entry(inner, read_fields(self.items, inner)))
        return entries

    def schema(self) -> dict[str, Any]:
        least = {"minItems": 1} if self.none or self.empty else {}
        return {"type": "array", "items": object_schema(self.items), **least}


@dataclass(frozen=True)
class Group(Field):
    """A mapping with the fields ``items``."""

    kind: ClassVar[str] = "object"

    def read(self, where: Reader, key: str) -> dict[str, Any]:
        mapping = where.mapping(key)
        return read_fields(self.items, where.child(key, mapping)) if mapping else {}

    def schema(self) -> dict[str, Any]:
        return object_schema(self.items)


def read_fields(fields: tuple[tuple[str, Field], ...], where: Reader) -> dict[str, Any]:
    """Each field's value read from ``where``'s mapping (a key nobody reads is warned
    about). ``type`` is not among them: it is read first, to know the kind of file."""
    where.unknown_keys(name for name, _ in fields)
    return {name: field.read(where, name) for name, field in fields if name != "type"}


def known_component(where: Reader, key: str | int | tuple[str | int, ...], ident: str) -> bool:
    """Whether ``ident`` is a component of the site; an error at ``key`` if not."""
    settings = where.site()
    if settings.component(ident) is not None:
        return True
    known = [c.id for c in settings.components]
    wanted = "a component id from mkdocs.yml (" + ", ".join(known) + ")"
    where.error(key, expected(wanted, ident, known), "unknown-component")
    return False


def _update(statuses: tuple[str, ...], components: bool) -> tuple[tuple[str, Field], ...]:
    fields: list[tuple[str, Field]] = [
        ("at", Timestamp("When the update was published.", required=True)),
        ("status", Choice("The status from this update on.", True, statuses)),
        ("message", Text("The update's text, in Markdown.", required=True, markdown=True)),
    ]
    if components:
        fields.append(
            (
                "next_update",
                Timestamp("When the next update is promised; shown while the incident is open."),
            )
        )
        fields.append(
            (
                "components",
                StatusMap(
                    "Component statuses from this update on.", choices=UPDATE_COMPONENT_STATUSES
                ),
            )
        )
    return tuple(fields)


def _components(what: str, statuses: tuple[str, ...], list_status: str) -> Components:
    return Components(
        f"{what}: a mapping of component id to status, or a list of ids ({list_status} each).",
        choices=statuses,
        list_status=list_status,
    )


def _category(what: str, required: bool = False) -> Category:
    defaults = ", ".join(c.id for c in DEFAULT_CATEGORIES)
    return Category(
        f"{what}: an id from the site's categories (by default {defaults}).", required=required
    )


_UPDATE_SHAPE = "a mapping with at, status and message"

KINDS: dict[str, tuple[tuple[str, Field], ...]] = {
    "incident": (
        ("type", Choice("The kind of file (incident is the default).", choices=("incident",))),
        ("title", Text("The incident's public title.", required=True)),
        (
            "severity",
            Choice("SEV-1 critical, SEV-2 major, SEV-3 minor impact.", choices=tuple(SEVERITIES)),
        ),
        ("impact", Choice("Statuspage impact, instead of severity.", choices=IMPACTS)),
        (
            "components",
            _components(
                "Each component's status from 'started' on (updates change it)",
                INCIDENT_COMPONENT_STATUSES,
                PARTIAL_OUTAGE,
            ),
        ),
        ("started", Timestamp("When the impact began.", required=True)),
        ("detected", Timestamp("When someone or something detected it.")),
        ("acknowledged", Timestamp("When a responder acknowledged it.")),
        ("mitigated", Timestamp("When the impact was mitigated.")),
        (
            "updates",
            Entries(
                "Public updates, oldest first.",
                required=True,
                items=_update(INCIDENT_STATUSES, components=True),
                shape=_UPDATE_SHAPE,
                none="expected at least one update, found none",
            ),
        ),
        ("tags", Texts("Free-form tags.", skip_blank=True)),
        ("detection", Choice("How it was detected.", choices=DETECTIONS)),
        ("exclude_from_metrics", Boolean("Leave it out of the reliability figures.")),
    ),
    "maintenance": (
        ("type", Choice("The kind of file.", required=True, choices=("maintenance",))),
        ("title", Text("The maintenance's public title.", required=True)),
        (
            "components",
            _components(
                "The components' status while the maintenance is on",
                MAINTENANCE_COMPONENT_STATUSES,
                UNDER_MAINTENANCE,
            ),
        ),
        ("scheduled_start", Timestamp("Scheduled start.", required=True)),
        ("scheduled_end", Timestamp("Scheduled end.", required=True)),
        (
            "updates",
            Entries(
                "Public updates, oldest first.",
                items=_update(MAINTENANCE_STATUSES, components=False),
                shape=_UPDATE_SHAPE,
            ),
        ),
        ("tags", Texts("Free-form tags.", skip_blank=True)),
    ),
    "component": (
        ("type", Choice("The kind of file.", required=True, choices=("component",))),
        ("component", ComponentId("The id of the component (from mkdocs.yml).", required=True)),
        (
            "updates",
            Entries(
                "The component's status changes without an incident, oldest first.",
                required=True,
                items=(
                    ("at", Timestamp("When the status was set.", required=True)),
                    (
                        "status",
                        Choice(
                            "The status from this change on; operational ends it.",
                            True,
                            COMPONENT_STATUSES,
                        ),
                    ),
                    (
                        "message",
                        Text("What readers see beside the status (Markdown).", markdown=True),
                    ),
                ),
                shape="a mapping with at and status",
                empty="expected at least one status change, found none",
            ),
        ),
    ),
    "postmortem": (
        ("type", Choice("The kind of file.", required=True, choices=("postmortem",))),
        ("title", Text("The postmortem's title.", required=True)),
        (
            "kind",
            Choice(
                "incident (the default), or near-miss: something that almost went wrong, "
                "reviewed without an incident; shown only in the postmortem archive.",
                choices=POSTMORTEM_KINDS,
            ),
        ),
        ("incidents", Texts("The ids of the incidents it covers (none for a near miss).")),
        ("status", Choice("Only published postmortems are public.", True, POSTMORTEM_STATUSES)),
        ("published", Date("The publication date (required when published).")),
        ("authors", Texts("Who wrote it.", skip_blank=True)),
        ("summary", Text("A few sentences for the archive.")),
        ("tags", Texts("Free-form tags.", skip_blank=True)),
        ("services", ComponentIds("Component ids affected.")),
        ("related", Texts("Ids of related incidents.")),
        (
            "roles",
            Group(
                "Who held each incident role; shown as facts, never next to a cause.",
                items=(
                    *((role, Text(said)) for role, said in ROLE_DESCRIPTIONS.items()),
                    ("responders", Texts("Everyone else who responded.", skip_blank=True)),
                ),
            ),
        ),
        (
            "contributing_factors",
            Entries(
                "The conditions that together made it possible, as data the archive counts; "
                "the story stays in the body's Contributing factors section.",
                items=(
                    ("category", _category("The kind of factor", required=True)),
                    (
                        "description",
                        Text(
                            "What the system or the situation did, in a sentence; no blame.",
                            required=True,
                        ),
                    ),
                ),
                shape="a mapping with category and description",
            ),
        ),
        (
            "went_well",
            Texts("What limited the impact or sped the recovery (short items).", skip_blank=True),
        ),
        (
            "action_items",
            Entries(
                "Follow-up work.",
                items=(
                    ("title", Text("What will change.", required=True)),
                    ("owner", Text("Who owns it.")),
                    ("status", Choice("Its state.", True, ACTION_STATUSES)),
                    ("due", Date("When it is due.")),
                    ("ticket", Text("A ticket id or URL.")),
                    ("reason", Text("Why it will not be done (required for wont_do).")),
                    ("category", _category("The category of contributing factor it addresses")),
                ),
                shape="a mapping with title, owner and status",
            ),
        ),
    ),
}


def keys(kind: str) -> tuple[str, ...]:
    return tuple(name for name, _ in KINDS[kind])


def item_keys(kind: str, name: str) -> tuple[str, ...]:
    return tuple(key for key, _ in dict(KINDS[kind])[name].items)


def _schema(field: Field) -> dict[str, Any]:
    """A field's schema; an optional field may be null (the web editor's cleared value),
    as the reader takes it for none."""
    found = field.schema()
    if not field.required and "type" in found:
        types = found["type"] if isinstance(found["type"], list) else [found["type"]]
        found["type"] = [*types, "null"]
    elif not field.required and "enum" in found:
        found["enum"] = [*found["enum"], None]
    elif not field.required:
        found["anyOf"] = [*found["anyOf"], {"type": "null"}]
    return {"description": field.description, **found}


def object_schema(fields: tuple[tuple[str, Field], ...]) -> dict[str, Any]:
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
        **object_schema(KINDS[kind]),
    }
