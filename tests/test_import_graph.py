"""The package's modules import each other in one direction: no cycles; the command
modules never import the ``cli`` package that registers them, and it registers them all."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import click
import pytest

import statuspress.cli
from statuspress.cli import cli

from .checks.import_graph import cycles, import_graph, touching
from .conftest import REPO

SOURCE = REPO / "generator"


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return import_graph(SOURCE, "statuspress")


def described(found: list[list[str]]) -> str:
    return "\n".join(" <-> ".join(cycle) for cycle in found)


def test_the_cli_is_in_no_import_cycle(graph: dict[str, set[str]]) -> None:
    found = touching(cycles(graph), "statuspress.cli")
    assert not found, "import cycles through the CLI:\n" + described(found)


def test_the_package_has_no_import_cycle(graph: dict[str, set[str]]) -> None:
    found = cycles(graph)
    assert not found, "import cycles:\n" + described(found)


def test_no_command_module_imports_the_cli_package(graph: dict[str, set[str]]) -> None:
    back = sorted(
        name
        for name, targets in graph.items()
        if name.startswith("statuspress.cli.")
        and name != "statuspress.cli.__main__"
        and "statuspress.cli" in targets
    )
    assert back == []


def test_the_graph_sees_every_kind_of_import(tmp_path: Path) -> None:
    """Imports at the top, inside functions and under TYPE_CHECKING, absolute and relative
    at each depth, of a submodule or of a name, all become edges; outside modules do not."""
    files = {
        "__init__.py": "VERSION = '1'\n",
        "a.py": "from . import b\nfrom .pkg import c\n",
        "b.py": "def f():\n    from .pkg.c import thing\n    return thing\n",
        "pkg/__init__.py": "from .. import VERSION\nimport json\n",
        "pkg/c.py": (
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..a import x\n"
            "from . import d\nimport top.b\n"
        ),
        "pkg/d.py": "from . import name_in_pkg\n",
    }
    for path, text in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    assert import_graph(tmp_path, "top") == {
        "top": set(),
        "top.a": {"top.b", "top.pkg.c"},
        "top.b": {"top.pkg.c"},
        "top.pkg": {"top"},
        "top.pkg.c": {"top.a", "top.pkg.d", "top.b"},
        "top.pkg.d": {"top.pkg"},
    }
    assert cycles(import_graph(tmp_path, "top")) == [["top.a", "top.b", "top.pkg.c"]]


def test_the_cycle_finder_finds_each_cycle_and_nothing_else() -> None:
    doctored = {
        "p": {"p.cli"},
        "p.cli": {"p.cli.authoring", "p.cli.site"},
        "p.cli.authoring": {"p.cli", "p.load"},  # the hidden cycle this split removed
        "p.cli.site": {"p.load", "p.render"},
        "p.load": {"p.model"},
        "p.model": set(),
        "p.render": {"p.render.pages"},
        "p.render.pages": {"p.render.labels"},
        "p.render.labels": {"p.render"},  # a longer cycle elsewhere
        "p.selfish": {"p.selfish"},  # a module that imports itself
        "p.leaf": {"p.outside"},  # an edge to a module the graph does not hold
    }
    found = cycles(doctored)
    assert found == [
        ["p.cli", "p.cli.authoring"],
        ["p.render", "p.render.labels", "p.render.pages"],
        ["p.selfish"],
    ]
    assert touching(found, "p.cli") == [["p.cli", "p.cli.authoring"]]
    assert touching(found, "p.cl") == []  # a prefix is a whole name, not a start of one
    assert cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_the_cycle_finder_handles_a_long_chain_without_recursion() -> None:
    chain = {f"m{i}": {f"m{i + 1}"} for i in range(5000)}
    assert cycles(chain) == []
    chain["m5000"] = {"m0"}
    assert cycles(chain) == [sorted(f"m{i}" for i in range(5001))]


def test_the_group_registers_every_command_its_modules_define() -> None:
    """A command written in a module and left out of the group would never run."""
    modules = [
        importlib.import_module(f"statuspress.cli.{info.name}")
        for info in pkgutil.iter_modules(statuspress.cli.__path__)
        if info.name != "__main__"
    ]
    defined = {
        f"{module.__name__}.{name}": value
        for module in modules
        for name, value in vars(module).items()
        if isinstance(value, click.Command)
        and value.callback is not None
        and value.callback.__module__ == module.__name__
    }
    subcommands = {
        id(sub)
        for group in defined.values()
        if isinstance(group, click.Group)
        for sub in group.commands.values()
    }
    top = {name: command for name, command in defined.items() if id(command) not in subcommands}
    context = click.Context(cli)
    registered = {id(cli.get_command(context, name)) for name in cli.list_commands(context)}
    assert sorted(name for name, command in top.items() if id(command) not in registered) == []
    assert len(top) == len(cli.list_commands(context)) == 15
