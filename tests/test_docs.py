"""The README's promises: its commands are the ones CI runs, and it documents every command."""

from __future__ import annotations

import re

import click
import pytest

from statuspress import __version__
from statuspress.cli import cli

from .conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def readme_commands() -> list[str]:
    """The shell blocks at the left margin (not the steps of a numbered list)."""
    return re.findall(r"^```sh\n(.+?)\n```", README, flags=re.MULTILINE)


def test_readme_starts_with_the_build_and_test_commands() -> None:
    build, test = readme_commands()[:2]
    assert "pip install -e ." in build and build.endswith("statuspress build")
    assert "pip install -e '.[test]'" in test and test.endswith("python -m pytest")


def test_readme_starts_with_the_adoption_path_in_order() -> None:
    start = README.index("## Start a status page")
    steps = [
        f"pip install statuspress=={__version__}",
        "statuspress init --name",
        "statuspress build",
        "Settings > Pages",
    ]
    at = [README.index(step, start) for step in steps]
    assert README.index("\n## ") + 1 == start  # the first section
    assert at == sorted(at) and at[-1] < README.index("## Work on Statuspress")


def test_readme_pins_the_version_this_is() -> None:
    pins = re.findall(r"statuspress(?:==|/statuspress@v)(\d+\.\d+\.\d+)", README)
    assert pins and set(pins) == {__version__}


def test_ci_runs_the_readme_test_command_exactly() -> None:
    test = readme_commands()[1]
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test in ci


@pytest.mark.parametrize("name", sorted(cli.commands))  # type: ignore[attr-defined]
def test_every_command_has_help_with_examples_and_is_in_the_readme(name: str) -> None:
    command = cli.commands[name]  # type: ignore[attr-defined]
    assert isinstance(command, click.Command)
    assert command.help and "Examples:" in command.help
    assert f"`statuspress {name}" in README
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, f"{name} {param.opts} has no help"
