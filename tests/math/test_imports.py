"""zuoye.math has no import circle: not at module level, and not one hidden behind an import
inside a function (the house rule: move what both sides need into a lower module instead)."""

from __future__ import annotations

import ast
from pathlib import Path

import zuoye.math

PACKAGE = Path(zuoye.math.__file__).parent


def _imports(path: Path) -> set[str]:
    """The zuoye.math modules `path` imports anywhere in it (function bodies included)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "zuoye.math":  # from zuoye.math import _derivative, _limit
                out.update(f"zuoye.math.{a.name}" for a in node.names if (PACKAGE / f"{a.name}.py").exists())
            elif node.module.startswith("zuoye.math."):
                out.add(node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("zuoye.math."))
    return out


def _graph() -> dict[str, set[str]]:
    modules = {f"zuoye.math.{p.stem}": p for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    return {name: _imports(path) & set(modules) - {name} for name, path in modules.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle, as the modules round it, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(name: str) -> list[str] | None:
        state[name] = 1
        path.append(name)
        for dep in sorted(graph[name]):
            if state.get(dep) == 1:
                return [*path[path.index(dep) :], dep]
            if dep not in state and (found := visit(dep)) is not None:
                return found
        path.pop()
        state[name] = 2
        return None

    for name in sorted(graph):
        if name not in state and (found := visit(name)) is not None:
            return found
    return None


def test_the_checker_finds_a_circle() -> None:
    circle = _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}})
    assert circle == ["a", "b", "c", "a"]


def test_the_graph_sees_imports_inside_functions() -> None:
    # _pool starts the worker's table only when asked (start-up speed): still an edge.
    assert "zuoye.math._worker" in _graph()["zuoye.math._pool"]


def test_zuoye_math_has_no_import_circle() -> None:
    assert _cycle(_graph()) is None, " → ".join(_cycle(_graph()) or [])
