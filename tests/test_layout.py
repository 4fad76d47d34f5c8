"""The package's layout holds: no import circles, imports point down the floors, layers stay apart.

Every `import`/`from ... import` inside `elqnt_scaffold` counts, at module level or inside a function
(a lazy import still runs), except under `if TYPE_CHECKING:` (never executed). The floors, top to bottom:

    cli -> report -> commands -> importer, layers, inventory -> spec, repo -> sources -> base helpers
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "elqnt_scaffold"
FLOORS = {
    "cli": 6,
    "report": 5,
    "commands": 4,
    "importer": 3,
    "layers": 3,
    "inventory": 3,
    "spec": 2,
    "repo": 2,
    "lockfile": 2,
    "sources": 1,
    # base helpers, importable from everywhere
    "errors": 0,
    "naming": 0,
    "render": 0,
    "plan": 0,
    "gcpause": 0,
}
LAYER_MODULES = ("client", "gateway", "service", "types")
MAX_LINES = 450


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, module: str, is_package: bool, known: set[str]) -> list[tuple[str, int]]:
    """(imported module, line) for every import that runs; `from X import m` counts X.m when m is a module."""
    out: list[tuple[str, int]] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            out.extend((alias.name, node.lineno) for alias in node.names if alias.name.startswith("elqnt_scaffold"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                if not is_package:
                    base = base[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target == "elqnt_scaffold" or target.startswith("elqnt_scaffold."):
                for alias in node.names:
                    sub = f"{target}.{alias.name}"
                    out.append((sub if sub in known else target, node.lineno))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return out


def _graph() -> dict[str, list[tuple[str, int]]]:
    files = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    known = set(files)
    graph: dict[str, list[tuple[str, int]]] = {}
    for name, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        edges = _imports(tree, name, path.name == "__init__.py", known)
        graph[name] = [(target, line) for target, line in edges if target != name and target in known]
    return graph


def _cycle(graph: dict[str, list[tuple[str, int]]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def dfs(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target, _ in graph.get(node, []):
            if state.get(target) == 1:
                return stack[stack.index(target) :] + [target]
            if target not in state:
                found = dfs(target)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = dfs(node)
            if found:
                return found
    return None


def _top(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_no_import_circle_inside_the_package():
    cycle = _cycle(_graph())
    assert cycle is None, "import circle: " + " -> ".join(cycle or [])


def test_the_cycle_finder_finds_a_circle():
    graph = {"a": [("b", 1)], "b": [("c", 1)], "c": [("a", 3)], "d": [("a", 1)]}
    assert _cycle(graph) == ["a", "b", "c", "a"]
    assert _cycle({"a": [("b", 1)], "b": []}) is None


def test_lazy_imports_count_and_type_checking_imports_do_not():
    src = (
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .spec import Spec\n"
        "def f():\n    from .naming import camel\n    from . import errors\n"
    )
    known = {"elqnt_scaffold.spec", "elqnt_scaffold.naming", "elqnt_scaffold.errors", "elqnt_scaffold.x"}
    got = _imports(ast.parse(src), "elqnt_scaffold.x", False, known)
    assert got == [("elqnt_scaffold.naming", 5), ("elqnt_scaffold.errors", 6)]


def test_every_top_level_part_has_a_floor():
    tops = {_top(name) for name in _graph()} - {""}
    assert tops <= set(FLOORS), f"give these a floor in FLOORS: {sorted(tops - set(FLOORS))}"


def test_imports_point_down_the_floors():
    wrong = []
    for module, edges in _graph().items():
        here = _top(module)
        if not here:
            continue
        for target, line in edges:
            there = _top(target)
            if not there or there == here:
                continue
            if FLOORS[here] == 0 and FLOORS[there] == 0:
                continue  # base helpers may use each other (the circle test still applies)
            if FLOORS[there] >= FLOORS[here]:
                wrong.append(f"{module}:{line} imports {target} ({here} is not above {there})")
    assert not wrong, "\n".join(wrong)


def test_layers_do_not_import_each_other():
    wrong = []
    for module, edges in _graph().items():
        parts = module.split(".")
        if parts[1:2] != ["layers"] or len(parts) < 3 or parts[2] not in LAYER_MODULES:
            continue
        for target, line in edges:
            tparts = target.split(".")
            if tparts[1:2] == ["layers"] and len(tparts) > 2 and tparts[2] in LAYER_MODULES and tparts[2] != parts[2]:
                wrong.append(f"{module}:{line} imports {target}")
    assert not wrong, "\n".join(wrong)


def test_sources_holds_packages_and_modules_stay_small():
    loose = [p.name for p in (PACKAGE / "sources").glob("*.py") if p.name not in ("__init__.py", "treesitter.py")]
    assert not loose, f"sources/ holds packages (go, tygo, ts, yaml): move {loose} into one"
    long = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py") if (n := len(p.read_text().splitlines())) > MAX_LINES}
    assert not long, f"modules over {MAX_LINES} lines: {long}"


@pytest.mark.parametrize("family", ["golang_", "tygo_", "yaml", "spec_", "report_", "schema_"])
def test_no_module_carries_its_family_prefix(family):
    named = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob(f"{family}*.py")]
    assert not named, f"{named}: the folder carries the family, the module name should not"
