"""The shipped CI files parse, pin their actions and call commands that exist."""

from __future__ import annotations

import re
import shlex
from typing import Any

import click
import pytest
import yaml

from statuspress.cli import cli

from .conftest import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@(v\d+\.\d+\.\d+|[0-9a-f]{40})$")


def load(text: str) -> dict[str, Any]:
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    if True in data:  # YAML 1.1 reads the key `on` as a boolean
        data["on"] = data.pop(True)
    return data


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for job in workflow["jobs"].values() for s in job.get("steps", [])]


def commands(script: str) -> list[list[str]]:
    """Every ``statuspress ...`` command line in a shell script."""
    found = []
    for line in script.splitlines():
        line = line.strip()
        if line.startswith("- "):
            line = line[2:]
        if line.startswith("statuspress "):
            found.append(shlex.split(line)[1:])
    return found


def problems_in(workflow: dict[str, Any]) -> list[str]:
    """What is wrong with a workflow: unpinned actions, commands or options that do not exist."""
    found = []
    for step in steps(workflow):
        if "uses" in step and not PINNED.match(step["uses"]):
            found.append(f"unpinned action: {step['uses']}")
        for args in commands(step.get("run", "")):
            found += command_problems(args)
    return found


def command_problems(args: list[str]) -> list[str]:
    name, rest = args[0], args[1:]
    command = cli.commands.get(name)  # type: ignore[attr-defined]
    if command is None:
        return [f"no such command: statuspress {name}"]
    try:
        command.make_context(name, list(rest))
    except click.UsageError as exc:
        return [f"statuspress {name}: {exc.format_message()}"]
    return []


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_pins_actions_and_calls_real_commands(path: Any) -> None:
    workflow = load(path.read_text())
    assert workflow["jobs"]
    assert problems_in(workflow) == []


def test_the_checker_catches_unpinned_actions_and_unknown_commands() -> None:
    broken = load("""\
on: push
jobs:
  x:
    steps:
      - uses: actions/checkout@main
      - uses: actions/setup-python@v5
      - run: statuspress publish
      - run: statuspress check --fast
      - run: statuspress build --now 2026-01-01T00:00:00Z
""")
    assert problems_in(broken) == [
        "unpinned action: actions/checkout@main",
        "unpinned action: actions/setup-python@v5",
        "no such command: statuspress publish",
        "statuspress check: No such option '--fast'. Did you mean '--format'?",
    ]


def test_pull_requests_get_annotations_a_build_and_a_preview() -> None:
    workflow = load((REPO / ".github/workflows/check.yml").read_text())
    assert "pull_request" in workflow["on"]
    runs = [args for s in steps(workflow) for args in commands(s.get("run", ""))]
    assert ["check", "--strict", "--format", "github"] in runs
    assert ["build", "--strict"] in runs
    uses = [s["uses"].split("@")[0] for s in steps(workflow) if "uses" in s]
    assert "actions/upload-artifact" in uses


def test_deploy_publishes_in_order_on_push_schedule_and_by_hand() -> None:
    workflow = load((REPO / ".github/workflows/deploy.yml").read_text())
    on = workflow["on"]
    assert on["push"]["branches"] == ["main"]
    assert re.fullmatch(r"\*/\d+ \* \* \* \*", on["schedule"][0]["cron"])
    assert "workflow_dispatch" in on
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    uses = [s["uses"].split("@")[0] for s in steps(workflow) if "uses" in s]
    for action in (
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    ):
        assert action in uses
    setups = [s for s in steps(workflow) if s.get("uses", "").startswith("actions/setup-python")]
    assert all(s["with"]["cache"] == "pip" for s in setups)
    deploy = workflow["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}


def test_gitlab_pages_job_publishes_the_public_folder() -> None:
    config = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text())
    pages = config["pages"]
    assert pages["artifacts"]["paths"] == ["public"]
    assert ["build", "--strict", "--site-dir", "public"] in commands("\n".join(pages["script"]))
    for job in ("check", "pages"):
        for args in commands("\n".join(config[job]["script"])):
            assert command_problems(args) == []
