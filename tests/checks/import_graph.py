"""The package's import graph, read from its source, and the cycles in it.

Each module of ``generator/`` is a node named as it imports (``statuspress.cli.site``);
each ``import`` or ``from ... import`` statement anywhere in a module (at the top, inside
a function, under ``if TYPE_CHECKING``) is an edge to the module it names. ``from . import
x`` names the submodule ``x`` when there is one, else the package itself; a parent
package that Python runs first is not an edge of its own, or every package with a
submodule would be a cycle.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

Graph = dict[str, set[str]]


def module_name(path: Path, root: Path, package: str) -> str:
    """``generator/cli/__init__.py`` is ``statuspress.cli``; ``generator/load.py`` is
    ``statuspress.load``."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join([package, *parts])


def import_graph(root: Path, package: str) -> Graph:
    """Every module under ``root`` (the folder that imports as ``package``) and the
    modules of the same package it imports."""
    files = {module_name(path, root, package): path for path in sorted(root.rglob("*.py"))}
    graph: Graph = {}
    for name, path in files.items():
        is_package = path.name == "__init__.py"
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        graph[name] = {
            target
            for target in _targets(tree, name, is_package, files)
            if target in files and target != name
        }
    return graph


def _targets(tree: ast.AST, name: str, is_package: bool, files: Mapping[str, Path]) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, name, is_package)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in files else base)
    return found


def _absolute(node: ast.ImportFrom, name: str, is_package: bool) -> str:
    """The module a ``from`` statement reads from, its dots resolved against ``name``."""
    if node.level == 0:
        return node.module or ""
    parts = name.split(".")
    # In a package's __init__, one dot is the package itself; in a module, its parent.
    keep = len(parts) - node.level + (1 if is_package else 0)
    if keep <= 0:
        raise ValueError(f"{name}: a relative import goes above the top package")
    base = ".".join(parts[:keep])
    return f"{base}.{node.module}" if node.module else base


def cycles(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (or a module that
    imports itself), each sorted, in sorted order: Tarjan's algorithm, without recursion."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work: list[tuple[str, list[str]]] = [(start, sorted(graph.get(start, ())))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, todo = work[-1]
            if todo:
                child = todo.pop(0)
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, sorted(graph.get(child, ()))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in graph.get(node, ()):
                    found.append(sorted(component))
    return sorted(found)


def touching(found: Iterable[list[str]], prefix: str) -> list[list[str]]:
    """The cycles with a module named ``prefix`` or under it."""
    return [
        cycle
        for cycle in found
        if any(name == prefix or name.startswith(prefix + ".") for name in cycle)
    ]
