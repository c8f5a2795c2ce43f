"""The core never imports the site engine: only ``engine/``, ``cli/`` and ``serve.py``
may import the engine package, MkDocs, ProperDocs or Material."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

GENERATOR = Path(__file__).resolve().parent.parent / "generator"
PACKAGE = "statuspress"
ENGINE = ("statuspress.engine", "mkdocs", "properdocs", "material")
"""What the core may not import (these modules, and any module under them)."""
FRONT_ENDS = ("engine", "cli", "serve.py")
"""The parts of ``generator/`` that may: the engine itself and the front ends that pass
it to a build."""


def module_name(path: Path) -> str:
    """``generator/render/api.py`` -> ``statuspress.render.api``."""
    parts = list(path.relative_to(GENERATOR).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join([PACKAGE, *parts])


def imported(source: str, module: str, is_package: bool = False) -> list[tuple[int, str]]:
    """Every module that ``source`` (the module ``module``) imports, with its line:
    relative imports resolved, ``from . import x`` as the module ``x``, and the names
    that ``importlib.import_module`` and ``__import__`` are given as text."""
    package = module if is_package else module.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")
                parent = parent[: len(parent) - node.level + 1]
                base = ".".join(filter(None, [*parent, base]))
            found.append((node.lineno, base))
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in ("import_module", "__import__") and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    found.append((node.lineno, first.value))
    return found


def engine_imports(source: str, module: str, is_package: bool = False) -> list[str]:
    """``line: module`` for each import of the engine in ``source``."""
    return [
        f"{line}: {name}"
        for line, name in imported(source, module, is_package)
        if any(name == e or name.startswith(e + ".") for e in ENGINE)
    ]


def core_modules() -> list[Path]:
    return sorted(
        path
        for path in GENERATOR.rglob("*.py")
        if path.relative_to(GENERATOR).parts[0] not in FRONT_ENDS
    )


def test_the_core_never_imports_the_engine() -> None:
    modules = core_modules()
    # The core is all of generator/ but the engine and the front ends.
    assert len(modules) > 40
    assert GENERATOR / "buildcache.py" in modules and GENERATOR / "render" / "api.py" in modules
    found = {
        str(path.relative_to(GENERATOR)): engine_imports(
            path.read_text("utf-8"), module_name(path), path.name == "__init__.py"
        )
        for path in modules
    }
    assert {name: lines for name, lines in found.items() if lines} == {}


def test_the_engine_package_imports_mkdocs_in_one_module() -> None:
    """Everything else in the engine takes MkDocs' names from ``engine/_mkdocs.py``;
    ``engine/_choice.py``, which chooses between MkDocs and ProperDocs, imports their
    packages alone (and ProperDocs' aliasing of ``mkdocs.*``), never MkDocs itself."""
    direct = {
        str(path.relative_to(GENERATOR)): [
            name
            for _, name in imported(path.read_text("utf-8"), module_name(path))
            if name.split(".")[0] in ("mkdocs", "properdocs")
        ]
        for path in sorted((GENERATOR / "engine").glob("*.py"))
    }
    assert {name for name, found in direct.items() if found} == {
        "engine/_choice.py",
        "engine/_mkdocs.py",
    }
    assert sorted(direct["engine/_choice.py"]) == ["mkdocs", "properdocs.replacement"]


@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        ("statuspress.buildcache", "from .engine import EngineRun", ["1: statuspress.engine"]),
        ("statuspress.buildcache", "from . import engine", ["1: statuspress.engine"]),
        (
            "statuspress.render.api",
            "from ..engine.plugin import StatuspressPlugin",
            ["1: statuspress.engine.plugin"],
        ),
        ("statuspress.derive", "import mkdocs.config", ["1: mkdocs.config"]),
        ("statuspress.derive", "from material.plugins import x", ["1: material.plugins"]),
        (
            "statuspress.load",
            "def later():\n    from properdocs.replacement import x\n",
            ["2: properdocs.replacement"],
        ),
        (
            "statuspress.load",
            "import importlib\nimportlib.import_module('mkdocs.commands.build')\n",
            ["2: mkdocs.commands.build"],
        ),
        ("statuspress.load", "__import__('material')", ["1: material"]),
    ],
)
def test_the_check_finds_a_doctored_import(module: str, source: str, expected: list[str]) -> None:
    assert engine_imports(source, module)[: len(expected)] == expected


def test_the_check_fails_on_a_doctored_core_module(tmp_path: Path) -> None:
    """A copy of a real core module with one lazy engine import added is caught; the
    module as it is, and imports that only look alike, are not."""
    path = GENERATOR / "incremental.py"
    source = path.read_text("utf-8")
    assert engine_imports(source, "statuspress.incremental") == []
    doctored = source + textwrap.dedent(
        """
        def sneaky() -> None:
            from .engine.runner import build_site
        """
    )
    line = doctored.count("\n")  # the last line
    assert engine_imports(doctored, "statuspress.incremental") == [
        f"{line}: statuspress.engine.runner",
        f"{line}: statuspress.engine.runner.build_site",
    ]
    alike = "import mkdocs_get_deps\nfrom .engines import x\nimport materialize\n"
    assert engine_imports(alike, "statuspress.load") == []
