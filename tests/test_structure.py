"""The package's import graph has no circle: each layer imports only the layers below it."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "kzpolicy_gen"


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """kzpolicy_gen modules imported anywhere in the file: lazy imports and those for type checking too."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return {name for name in found if name in modules}


def test_no_import_circle() -> None:
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {_module(path) for path in paths}
    graph = {_module(path): _imports(path, modules) - {_module(path)} for path in paths}
    # A package's __init__ importing its own submodules is not a circle of the design.
    for name in graph:
        graph[name] = {target for target in graph[name] if not (name.startswith(target + ".") and
                                                                  target != "kzpolicy_gen")}
        if name == "kzpolicy_gen" or any(other.startswith(name + ".") for other in modules):
            graph[name] = {target for target in graph[name] if not target.startswith(name + ".")}
    circles: list[list[str]] = []
    state: dict[str, int] = {}

    def visit(name: str, stack: list[str]) -> None:
        state[name] = 1
        for target in sorted(graph[name]):
            if state.get(target) == 1:
                circles.append([*stack[stack.index(target):], target])
            elif target not in state:
                visit(target, [*stack, target])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert circles == [], "\n".join(" → ".join(circle) for circle in circles)
