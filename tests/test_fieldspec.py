"""Each field's declaration reads and checks its value; validate keeps the rules across fields."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from statuspress import fieldspec
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
        (Boolean("b"), "yes", False, ["type: expected true or false, found 'yes'"]),
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
