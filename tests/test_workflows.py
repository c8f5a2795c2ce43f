"""The shipped CI files parse, pin their actions and call commands that exist."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import click
import pytest
import yaml

from statuspress import __version__
from statuspress.cli import cli
from statuspress.scaffolding import HOME, Project, plan

from .conftest import INCIDENT, REPO, MakeSite

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
            lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
            lexer.whitespace_split = True
            words = list(lexer)
            # The command ends where the shell's control operators begin (`|| status=$?`).
            ends = [i for i, word in enumerate(words) if word in ("||", "&&", ";", "|", "&")]
            found.append(words[1 : ends[0] if ends else None])
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
    command = cli.get_command(click.Context(cli), name)
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
    assert ["build", "--strict", "--no-cache"] in runs
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
    assert ["build", "--strict", "--no-cache", "--site-dir", "public"] in commands(
        "\n".join(pages["script"])
    )
    for job in ("check", "pages"):
        for args in commands("\n".join(config[job]["script"])):
            assert command_problems(args) == []


# What `statuspress init` writes -----------------------------------------------------------

GENERATED = {
    path: data.decode("utf-8")
    for path, data in plan(
        Project(
            "Acme",
            "https://status.acme.example/",
            "UTC",
            (("api", "API"),),
            date(2026, 12, 1),
            gitlab=True,
        )
    ).items()
}
GENERATED_WORKFLOWS = sorted(p for p in GENERATED if p.startswith(".github/workflows/"))


@pytest.mark.parametrize("path", GENERATED_WORKFLOWS)
def test_the_workflows_init_writes_install_its_own_version_and_pin_their_actions(
    path: str,
) -> None:
    workflow = load(GENERATED[path])
    assert workflow["jobs"]
    assert problems_in(workflow) == []
    installs = [s["run"] for s in steps(workflow) if "pip install" in s.get("run", "")]
    assert installs == [f"pip install statuspress=={__version__}"]
    setups = [s for s in steps(workflow) if s.get("uses", "").startswith("actions/setup-python")]
    # The pip cache's key is the workflow itself, which holds the pin: no other file needed.
    assert [s["with"]["cache-dependency-path"] for s in setups] == [path]


def test_the_checker_catches_a_workflow_that_installs_the_source() -> None:
    broken = load(
        GENERATED[".github/workflows/check.yml"].replace(
            f"pip install statuspress=={__version__}", "pip install -e ."
        )
    )
    assert [s["run"] for s in steps(broken) if "pip install" in s.get("run", "")] == [
        "pip install -e ."
    ]


def test_the_new_project_checks_pull_requests_with_annotations_and_a_build() -> None:
    workflow = load(GENERATED[".github/workflows/check.yml"])
    assert list(workflow["on"]) == ["pull_request"]
    runs = [args for s in steps(workflow) for args in commands(s.get("run", ""))]
    assert runs == [
        ["check", "--strict", "--format", "github"],
        ["build", "--strict", "--no-cache"],
    ]


def test_the_new_project_deploys_on_push_and_on_a_schedule_and_says_what_bites() -> None:
    text = GENERATED[".github/workflows/deploy.yml"]
    workflow = load(text)
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert re.fullmatch(r"\*/\d+ \* \* \* \*", workflow["on"]["schedule"][0]["cron"])
    assert "workflow_dispatch" in workflow["on"]
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    comment = " ".join(
        line.strip(" #") for line in text.splitlines() if line.strip().startswith("#")
    )
    assert "scheduled workflows are off in a fork until you enable them" in comment
    assert "after 60 days without activity in a public repository" in comment


def test_the_new_projects_gitlab_pipeline_checks_publishes_and_pins() -> None:
    config = yaml.safe_load(GENERATED[".gitlab-ci.yml"])
    assert config["check"]["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert config["pages"]["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert config["pages"]["artifacts"]["paths"] == ["public"]
    for job in ("check", "pages"):
        script = config[job]["script"]
        assert script[0] == f"pip install statuspress=={__version__}"
        assert [command_problems(args) for args in commands("\n".join(script))] == [[]] * (
            len(script) - 1
        )
    assert "pipeline schedule" in GENERATED[".gitlab-ci.yml"]


def test_the_new_projects_pre_commit_hook_is_this_repository_at_this_version() -> None:
    (repo,) = yaml.safe_load(GENERATED[".pre-commit-config.yaml"])["repos"]
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert repo["repo"] == HOME == project["urls"]["Homepage"]
    assert repo["rev"] == f"v{__version__}"
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert [h["id"] for h in repo["hooks"]] == ["statuspress-check"]
    assert {"statuspress-check"} <= {h["id"] for h in hooks}


def ci_scripts() -> dict[str, str]:
    """The CI files shipped and written by ``init``, by name."""
    scripts = {str(p.relative_to(REPO)): p.read_text() for p in WORKFLOWS}
    scripts[".gitlab-ci.yml"] = (REPO / ".gitlab-ci.yml").read_text()
    return scripts | {f"init: {k}": v for k, v in GENERATED.items() if k.endswith(".yml")}


def builds_with_a_cache(scripts: dict[str, str]) -> tuple[int, list[tuple[str, list[str]]]]:
    """How many ``statuspress build`` commands the CI files run, and those without
    ``--no-cache``."""
    count, found = 0, []
    for name, text in scripts.items():
        jobs = yaml.safe_load(text)
        jobs = jobs.get("jobs", jobs)
        lines = [
            line
            for job in jobs.values()
            if isinstance(job, dict)
            for line in [*job.get("script", []), *(s.get("run", "") for s in job.get("steps", []))]
        ]
        for args in commands("\n".join(lines)):
            if args[0] == "build":
                count += 1
                if "--no-cache" not in args:
                    found.append((name, args))
    return count, found


def test_ci_builds_neither_read_nor_write_a_cache() -> None:
    """A CI job starts from a clean checkout, so a cache would only be written and thrown
    away: at 10,000 incidents that is about 160 MB more memory and a file of 270 MB.
    Every build in the CI files, and in the action, says --no-cache."""
    scripts = ci_scripts()
    count, found = builds_with_a_cache(scripts)
    assert (count >= 8, found) == (True, [])
    assert "build) args=(build --no-cache) ;;" in action_step("Run Statuspress")
    # The check can fail: a workflow whose build keeps a cache is found.
    deploy = "init: .github/workflows/deploy.yml"
    broken = {deploy: scripts[deploy].replace(" --no-cache", "")}
    assert builds_with_a_cache(broken) == (1, [(deploy, ["build", "--strict"])])


# The reusable action ----------------------------------------------------------------------

ACTION = yaml.safe_load((REPO / "action.yml").read_text())


def test_the_action_is_composite_with_pinned_steps_and_the_documented_inputs() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert set(ACTION["inputs"]) == {
        "command",
        "config-file",
        "site-dir",
        "strict",
        "python-version",
    }
    assert all(i["description"] for i in ACTION["inputs"].values())
    uses = [s["uses"] for s in ACTION["runs"]["steps"] if "uses" in s]
    assert uses and all(PINNED.match(u) for u in uses)
    for step in ACTION["runs"]["steps"]:
        script = step.get("run", "")
        assert "pip install -e" not in script
        assert "${{" not in script, "inputs reach a script through env, never pasted into it"


def action_step(name: str) -> str:
    (step,) = [s for s in ACTION["runs"]["steps"] if s.get("name") == name]
    return str(step["run"])


def run_action(
    script: str, folder: Path, bin_dir: Path, **env: str
) -> subprocess.CompletedProcess[str]:
    """A step of the action as GitHub runs it: ``bash -eo pipefail`` with its env."""
    path = f"{bin_dir}{os.pathsep}{os.environ['PATH']}"
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=folder,
        env={**os.environ, "PATH": path, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_action_installs_statuspress_at_its_own_version(tmp_path: Path) -> None:
    (tmp_path / "python").write_text('#!/bin/sh\necho "python $*"\n')  # records the call
    (tmp_path / "python").chmod(0o755)
    done = run_action(
        action_step("Install Statuspress"), tmp_path, tmp_path, GITHUB_ACTION_PATH=str(REPO)
    )
    assert done.returncode == 0, done.stderr
    expected = f"python -m pip install --disable-pip-version-check statuspress=={__version__}\n"
    assert done.stdout == expected


OUTAGE = INCIDENT.format(title="Outage").replace(
    "we are looking into it.", "we are looking into it. Next update at 10:35 UTC."
)
"""An open incident that promises its next update, so a check has nothing to say."""


def test_the_action_checks_with_annotations_and_builds(make_site: MakeSite, tmp_path: Path) -> None:
    project = make_site({"2026/outage.md": OUTAGE})
    bin_dir = Path(sys.executable).parent  # where this environment's statuspress is
    inputs = {"COMMAND": "check", "CONFIG_FILE": "mkdocs.yml", "SITE_DIR": "", "STRICT": "true"}
    run = action_step("Run Statuspress")
    done = run_action(run, project, bin_dir, **inputs)
    assert (done.returncode, done.stdout) == (0, "")
    (project / "incidents/2026/outage.md").write_text(
        OUTAGE.replace("severity: SEV-3", "severity: SEV-9")
    )
    done = run_action(run, project, bin_dir, **inputs)
    assert done.returncode == 1
    assert done.stdout.startswith("::error file=incidents/2026/outage.md,line=3")
    done = run_action(run, project, bin_dir, **{**inputs, "COMMAND": "publish"})
    assert (done.returncode, done.stdout) == (
        1,
        "::error::command: expected check or build, found 'publish'\n",
    )
    done = run_action(run, project, bin_dir, **{**inputs, "STRICT": "yes"})
    assert (done.returncode, done.stdout) == (
        1,
        "::error::strict: expected true or false, found 'yes'\n",
    )
    (project / "incidents/2026/outage.md").write_text(OUTAGE)
    out = tmp_path / "out"
    done = run_action(run, project, bin_dir, **{**inputs, "COMMAND": "build", "SITE_DIR": str(out)})
    assert done.returncode == 0, done.stderr
    assert (out / "index.html").is_file() and (out / "history.rss").is_file()
