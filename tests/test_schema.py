"""Front-matter schemas: shipped, equal to what the validator's declarations give, and useful."""

from __future__ import annotations

import json

import click
import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from statuspress.cli import cli
from statuspress.load import parse_text

from .conftest import REPO

KINDS = ["incident", "maintenance", "postmortem"]
"""The kinds of file in the sample site; a component's status file is a fourth kind."""


@pytest.mark.parametrize("kind", [*KINDS, "component"])
def test_shipped_schema_is_the_generated_one(kind: str) -> None:
    result = CliRunner().invoke(cli, ["schema", kind])
    assert result.exit_code == 0
    shipped = (REPO / "schema" / f"{kind}.json").read_text()
    assert json.loads(result.stdout) == json.loads(shipped), "run: statuspress schema " + kind
    jsonschema.Draft202012Validator.check_schema(json.loads(shipped))


def sample_front_matter() -> list[tuple[str, dict[str, object]]]:
    found = []
    for path in sorted((REPO / "incidents").rglob("*.md")):
        parsed = parse_text(path.read_text(), path.name, path.stem)
        assert not isinstance(parsed, str)
        found.append((str(parsed.data.get("type", "incident")), parsed.data))  # type: ignore[union-attr]
    return found


def validator(kind: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        json.loads((REPO / "schema" / f"{kind}.json").read_text())
    )


def test_every_sample_file_matches_its_schema() -> None:
    files = sample_front_matter()
    assert {kind for kind, _ in files} == set(KINDS)
    for kind, data in files:
        errors = [e.message for e in validator(kind).iter_errors(data)]
        assert errors == [], (kind, data.get("title"), errors)


@pytest.mark.parametrize(
    ("kind", "text", "complaint"),
    [
        ("incident", "title: T\nstarted: x\nupdates: []\nseverity: SEV-4", "'SEV-4' is not one of"),
        (
            "incident",
            "title: T\nstarted: 2026-11-28T10:00:00Z\nupdates: []\ncomponnets: {}",
            "Additional properties are not allowed ('componnets' was unexpected)",
        ),
        ("incident", "title: T\nupdates: []", "'started' is a required property"),
        (
            "postmortem",
            "type: postmortem\ntitle: T\nincidents: [a]\nstatus: done",
            "'done' is not one of",
        ),
    ],
)
def test_the_schema_catches_mistakes(kind: str, text: str, complaint: str) -> None:
    data = parse_text(f"---\n{text}\n---\n", "x.md", "x").data  # type: ignore[union-attr]
    messages = [e.message for e in validator(kind).iter_errors(data)]
    assert any(complaint in m for m in messages), messages


def test_pre_commit_hook_runs_a_real_command() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert [h["id"] for h in hooks] == ["statuspress-check"]
    command = hooks[0]["entry"].split()
    assert command[0] == "statuspress"
    found = cli.get_command(click.Context(cli), command[1])
    assert found is not None and found.make_context(command[1], command[2:])
