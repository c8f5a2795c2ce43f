"""Each field's declaration reads and checks its value; validate keeps the rules across fields."""

from __future__ import annotations

import copy
import random
from datetime import UTC, date, datetime
from typing import Any

import jsonschema
import pytest
import yaml

from statuspress import fieldspec
from statuspress.config import read_settings
from statuspress.errors import Problem
from statuspress.fields import Reader
from statuspress.fieldspec import (
    Boolean,
    Category,
    Choice,
    ComponentIds,
    Components,
    Date,
    Entries,
    Field,
    Group,
    StatusMap,
    Text,
    Texts,
    Timestamp,
)
from statuspress.load import parse_text
from statuspress.model import Component, Settings
from statuspress.validate import validate

from .conftest import REPO

SETTINGS = Settings(
    name="Test",
    url="https://status.example/",
    components=(Component("api", "API", 1), Component("web", "Web", 2)),
)


def read(field: Field, value: Any) -> tuple[Any, list[str]]:
    """What ``field`` reads from ``{x: value}``, and the problems, as lines."""
    problems: list[Problem] = []
    where = Reader("a.md", {"x": value}, {("x",): 3}, problems, settings=SETTINGS)
    return field.read(where, "x"), [f"{p.line} {p.field} {p.rule}: {p.message}" for p in problems]


@pytest.mark.parametrize(
    ("field", "value", "result", "problems"),
    [
        (Text("t"), " hi ", "hi", []),
        (Text("t"), 2026, "2026", []),
        (Text("t", required=True), None, None, ["3 x required: expected a value, found nothing"]),
        (Text("t"), [1], None, ["3 x type: expected text, found [1]"]),
        (Text("t", markdown=True), ">" * 60 + " deep", None, ["nesting"]),
        (Choice("c", choices=("a", "b")), "b", "b", []),
        (
            Choice("c", choices=("alpha", "beta")),
            "alpah",
            None,
            ["3 x choice: expected one of alpha, beta, found 'alpah' (did you mean 'alpha'?)"],
        ),
        (Timestamp("t"), "2026-11-28T10:00:00Z", datetime(2026, 11, 28, 10, tzinfo=UTC), []),
        (Timestamp("t"), "", None, []),  # the web editor's cleared time
        (Date("d"), "2026-11-28", date(2026, 11, 28), []),
        (Date("d"), "28.11.2026", None, ["date: expected a date as YYYY-MM-DD"]),
        (Texts("t"), "one", ("one",), []),
        (Texts("t"), ["a", " ", "b"], ("a", " ", "b"), []),
        (Texts("t", skip_blank=True), ["a", " ", "b"], ("a", "b"), []),
        (Texts("t"), ["a", None], ("a",), ["3 x[1] type: expected text, found None"]),
        (Boolean("b"), True, True, []),
        (Boolean("b"), None, False, []),
        (Boolean("b"), "maybe", False, ["type: expected true or false, found 'maybe'"]),
        (Boolean("b"), "Yes", True, []),
        (
            StatusMap("s", choices=("major_outage",)),
            {"api": "major_outage"},
            {"api": "major_outage"},
            [],
        ),
        (StatusMap("s", choices=("major_outage",)), {"api": None}, {}, []),
        (
            StatusMap("s", choices=("major_outage",)),
            ["api"],
            {},
            ["type: expected a mapping of component id to status, such as 'api: partial_outage'"],
        ),
        (
            StatusMap("s", choices=("major_outage",)),
            {"apii": "major_outage"},
            {},
            [
                "x.apii unknown-component: expected a component id from mkdocs.yml (api, web), "
                "found 'apii' (did you mean 'api'?)"
            ],
        ),
        (
            Components("c", choices=("major_outage",), list_status="partial_outage"),
            "api",
            {"api": "partial_outage"},
            [],
        ),
        (
            Components("c", choices=("major_outage",), list_status="partial_outage"),
            ["web", "db"],
            {"web": "partial_outage"},
            ["x[1] unknown-component"],
        ),
        (
            Components("c", choices=("major_outage",)),
            5,
            {},
            ["type: expected a mapping of component id to status, or a list of component ids"],
        ),
        (ComponentIds("c"), ["api", "nope"], ("api", "nope"), ["x[1] unknown-component"]),
        (Category("c"), "change", "change", []),
        (Category("c"), "", None, []),
        (
            Category("c"),
            "chnage",
            None,
            [
                "unknown-category: expected a category from the site settings (|did you mean 'change'"
            ],
        ),
        (
            Group("g", items=(("a", Text("a")),)),
            {"a": "x", "b": 1},
            {"a": "x"},
            ["x.b unknown-key: unknown key 'b'"],
        ),
        (Group("g", items=(("a", Text("a")),)), None, {}, []),
    ],
)
def test_each_declaration_reads_and_checks_its_value(
    field: Field, value: Any, result: Any, problems: list[str]
) -> None:
    found, said = read(field, value)
    assert found == result
    assert len(said) == len(problems), said
    for line, part in zip(said, problems, strict=True):
        for piece in part.split("|"):
            assert piece in line, (piece, line)


ITEMS = (("at", Timestamp("at", required=True)), ("n", Text("n")))


@pytest.mark.parametrize(
    ("field", "value", "problems"),
    [
        (Entries("e", items=ITEMS, shape="a mapping with at"), None, []),
        (Entries("e", True, items=ITEMS), None, ["required: expected a list, found nothing"]),
        (
            Entries("e", True, items=ITEMS, empty="expected one, found none"),
            [],
            ["required: expected one, found none"],
        ),
        (
            Entries("e", True, items=ITEMS, empty="expected one, found none"),
            5,
            ["type: expected a list, found 5"],
        ),
        (
            Entries("e", True, items=ITEMS, none="expected one, found none"),
            None,
            ["required: expected one, found none"],
        ),
        (
            Entries("e", True, items=ITEMS, none="expected one, found none"),
            5,
            ["type: expected a list, found 5", "required: expected one, found none"],
        ),
        (
            Entries("e", items=ITEMS, shape="a mapping with at"),
            [7],
            ["x[0] type: expected a mapping with at, found 7"],
        ),
        (
            Entries("e", items=ITEMS),
            [{"n": "x", "m": 1}],
            [
                "x[0].m unknown-key",
                "x[0].at required: expected an ISO 8601 timestamp, found nothing",
            ],
        ),
    ],
)
def test_a_list_of_entries_says_what_is_missing(
    field: Field, value: Any, problems: list[str]
) -> None:
    _, said = read(field, value)
    assert len(said) == len(problems), said
    for line, part in zip(said, problems, strict=True):
        assert part in line


def test_an_entry_keeps_its_values_and_its_place() -> None:
    [entry] = read(Entries("e", items=ITEMS), [{"at": "2026-11-28T10:00:00Z", "n": "x"}])[0]
    assert entry.values == {"at": datetime(2026, 11, 28, 10, tzinfo=UTC), "n": "x"}
    entry.where.error("n", "wrong")
    assert entry.where.problems[-1].field == "x[0].n"


def _all_fields(fields: tuple[tuple[str, Field], ...]) -> list[Field]:
    found = []
    for _, field in fields:
        found += [field, *_all_fields(field.items)]
    return found


@pytest.mark.parametrize("kind", list(fieldspec.KINDS))
def test_every_declared_field_reads_and_has_a_schema(kind: str) -> None:
    for field in _all_fields(fieldspec.KINDS[kind]):
        assert type(field).read is not Field.read, field
        assert type(field).schema is not Field.schema, field
        assert field.kind in {
            "text",
            "choice",
            "timestamp",
            "date",
            "texts",
            "boolean",
            "status_map",
            "components",
            "list",
            "object",
        }


def test_a_declaration_without_a_reader_is_refused() -> None:
    class Half(Field):
        kind = "text"

    with pytest.raises(NotImplementedError):
        read(Half("h"), "x")


def problems_of(text: str) -> tuple[list[str], tuple[list[Any], ...]]:
    parsed = parse_text(text, "a.md", "a")
    assert not isinstance(parsed, Problem)
    problems: list[Problem] = []
    result = validate([parsed], SETTINGS, problems)
    return [str(p) for p in sorted(problems)], result


def test_updates_that_are_not_a_list_are_told_so_once() -> None:
    said, _ = problems_of("---\ntitle: T\nstarted: 2026-11-28T10:00:00Z\nupdates: 5\n---\n")
    assert said == [
        "a.md:4:1: type: updates: expected a list, found 5",
        "a.md:4:1: required: updates: expected at least one update, found none",
    ]


def test_every_field_of_an_action_item_is_checked_even_without_a_title() -> None:
    said, _ = problems_of(
        "---\ntype: postmortem\ntitle: P\nkind: near-miss\nstatus: draft\n"
        "action_items:\n  - {owner: [1], due: tomorrow}\n---\n"
    )
    assert [s.split(": ", 2)[1:] for s in said] == [
        ["date", "action_items[0].due: expected a date as YYYY-MM-DD, found 'tomorrow'"],
        ["type", "action_items[0].owner: expected text, found [1]"],
        ["required", "action_items[0].status: expected a value, found nothing"],
        ["required", "action_items[0].title: expected a value, found nothing"],
    ]


def test_a_maintenance_with_a_wrong_tag_is_not_published() -> None:
    said, (_, maintenances, _, _) = problems_of(
        "---\ntype: maintenance\ntitle: M\nscheduled_start: 2026-11-28T10:00:00Z\n"
        "scheduled_end: 2026-11-28T11:00:00Z\ntags: [a, [b]]\n---\n"
    )
    assert said == ["a.md:6:11: type: tags[1]: expected text, found ['b']"]
    assert maintenances == []


# The two faces of a declaration agree: what the reader takes, the schema takes. ---------

POOL: list[Any] = [
    None, "", " ", "x", "api", "apii", "resolved", "major_outage", "SEV-3", "change", 0, 3.5,
    True, [], ["api"], ["a", None], {}, {"api": "down"}, {"api": None}, {"x": 1},
    "2026-11-28T10:00:00Z", "2026-11-28", "2026-02-30", "near-miss", "wont_do", "published",
]  # fmt: skip
ACROSS_FIELDS = {
    "expected the ids of one or more incidents, found none",
    "expected a reason why the action will not be done, found nothing",
}
"""Rules between fields, which the schema does not state."""
OF_THE_SITE = {
    "unknown-component", "unknown-category", "reference", "near-miss", "order",
    "character", "nesting", "duplicate-id", "timestamp", "date",
}  # fmt: skip
"""Rules that need the site (its components, categories and incident files), the calendar
or the page, which a schema cannot know."""


def mutated(data: Any, rng: random.Random) -> Any:
    """``data`` with one to three of its values replaced, removed or given a misspelt key."""
    data = copy.deepcopy(data)
    for _ in range(rng.randint(1, 3)):
        places = list(_places(data, ()))
        if not places:
            break
        path = rng.choice(places)
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        roll = rng.random()
        if roll < 0.6:
            parent[path[-1]] = copy.deepcopy(rng.choice(POOL))
        elif roll < 0.8 and isinstance(parent, dict):
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[f"{path[-1]}s"] = rng.choice(POOL[:6])
    return data


def _places(data: Any, path: tuple[Any, ...]) -> Any:
    if path:
        yield path
    items = (
        data.items()
        if isinstance(data, dict)
        else enumerate(data)
        if isinstance(data, list)
        else ()
    )
    for key, value in items:
        yield from _places(value, (*path, key))


def disagreements(count: int, seed: int) -> list[str]:
    """Front matter that the reader takes and the schema refuses, or the other way round,
    among ``count`` mutations of the sample site's files."""
    sample_settings, _ = read_settings(REPO / "mkdocs.yml")
    assert sample_settings is not None
    texts = [p.read_text() for p in sorted((REPO / "incidents").rglob("*.md"))]
    rng = random.Random(seed)
    found = []
    for _ in range(count):
        source = parse_text(rng.choice(texts), "x.md", "x")
        assert not isinstance(source, Problem)
        front = yaml.safe_dump(mutated(source.data, rng), allow_unicode=True)
        parsed = parse_text(f"---\n{front}---\n{source.body}", "x.md", "x")
        if isinstance(parsed, Problem):
            continue
        kind = parsed.data.get("type") or "incident"
        if not isinstance(kind, str) or kind not in fieldspec.KINDS:
            continue  # a wrong type: which schema applies is for the editor to say
        problems: list[Problem] = []
        validate([parsed], sample_settings, problems)
        refused = [p for p in problems if p.severity == "error" or p.rule == "unknown-key"]
        schema = jsonschema.Draft202012Validator(fieldspec.json_schema(kind))
        complaints = [e.message for e in schema.iter_errors(parsed.data)]
        if not refused and complaints:
            found.append(f"the schema refuses what the reader takes: {complaints[0]}")
        own = [p for p in refused if p.rule not in OF_THE_SITE and p.message not in ACROSS_FIELDS]
        if own and not complaints:
            found.append(f"the reader refuses what the schema takes: {own[0]}")
    return found


def test_the_schema_takes_what_the_reader_takes_and_no_more() -> None:
    assert disagreements(400, seed=17) == []


def test_the_agreement_check_finds_a_schema_that_drifted(monkeypatch: pytest.MonkeyPatch) -> None:
    # The schema of a list of text as it was: a single text was refused, which the reader takes.
    monkeypatch.setattr(Texts, "schema", lambda self: {"type": "array", "items": {}})
    found = disagreements(400, seed=17)
    assert any("the schema refuses what the reader takes: " in f for f in found), found
