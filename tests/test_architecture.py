"""The house's shape (DESIGN.md, "Shape"), checked on every run.

Imports are read from the source with ``ast``, including imports inside functions and
under ``TYPE_CHECKING``, so a dependency cannot hide from these tests. Migrations and tests
are left out: they are not part of the running structure (a test may use factories of
another app).
"""

from __future__ import annotations

import ast
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Our apps are the folders with an apps.py (a new app is checked the day it appears), plus
# the project package and the benchmarks.
APPS = tuple(sorted(path.parent.name for path in ROOT.glob("*/apps.py"))) + ("advokasi", "bench")
MAX_LINES = 600
SHARED = {"accounts", "workdays", "core", "notifications", "files"}
# What each app may import (allow-lists: anything not named is refused). Arrows point down
# the Shape of DESIGN.md; ADR 0005.
MAY_IMPORT = {
    "workdays": set(),
    # The home page renders the panels the desks register (core.panels).
    "accounts": {"core"},
    "files": set(),
    "core": {"workdays"},
    "notifications": {"core", "workdays"},
    "consultations": SHARED,
    # The complaints desk may read the one case a complaint names (ADR 0003/0005).
    "complaints": SHARED | {"consultations"},
    "surveys": SHARED | {"consultations", "complaints"},
    "pages": SHARED | {"consultations", "complaints", "surveys"},
}


def _is_source(path: Path) -> bool:
    parts = path.relative_to(ROOT).parts
    return "migrations" not in parts and "tests" not in parts


@cache
def modules() -> dict[str, Path]:
    """Dotted module name -> file, for every source module of our apps."""
    found = {}
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if not _is_source(path):
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _resolve(module: str, node: ast.ImportFrom, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


@cache
def imports_of(module: str) -> frozenset[str]:
    """The modules of ours that ``module`` imports, anywhere in its body."""
    path = modules()[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(module, node, is_package)
            # "from pkg import mod" imports pkg.mod when that is a module of ours.
            names = [f"{target}.{alias.name}" if f"{target}.{alias.name}" in modules() else target for alias in node.names]
        else:
            continue
        for name in names:
            while name and name not in modules():
                name = name.rpartition(".")[0]
            if name and name != module:
                found.add(name)
    return frozenset(found)


def _app(module: str) -> str:
    return module.split(".")[0]


def app_imports(app: str) -> set[str]:
    return {_app(target) for module in modules() if _app(module) == app for target in imports_of(module)} - {app}


def test_every_app_has_its_place_in_the_shape():
    apps = set(APPS) - {"advokasi", "bench"}
    assert apps <= set(MAY_IMPORT), f"add {sorted(apps - set(MAY_IMPORT))} to MAY_IMPORT (and to DESIGN.md's Shape)"


@pytest.mark.parametrize("app", sorted(MAY_IMPORT))
def test_each_app_imports_only_the_floors_below_it(app):
    extra = app_imports(app) - MAY_IMPORT[app]
    assert not extra, f"{app} imports {sorted(extra)}"


def find_loops(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every cycle a depth-first walk meets (each reported once, by where it was met)."""
    loops = []
    state: dict[str, int] = defaultdict(int)  # 0 new, 1 on the path, 2 done
    path: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        path.append(module)
        for target in sorted(graph.get(module, ())):
            if state[target] == 1:
                loops.append(path[path.index(target) :] + [target])
            elif state[target] == 0:
                visit(target)
        path.pop()
        state[module] = 2

    for module in sorted(graph):
        if state[module] == 0:
            visit(module)
    return loops


def test_the_loop_finder_finds_a_loop_through_a_package():
    # The shape the issue named: emails -> tasks -> services (a package) -> a step -> emails.
    graph = {
        "emails": {"tasks"},
        "tasks": {"services"},
        "services": {"services.steps"},
        "services.steps": {"emails"},
        "other": {"emails"},
    }
    assert find_loops(graph) == [["emails", "tasks", "services", "services.steps", "emails"]]
    assert find_loops({"a": {"b"}, "b": set()}) == []


def test_no_import_loops_not_even_inside_functions():
    # Every edge counts, a package's __init__ importing its own modules included: a loop
    # through a package (X -> pkg -> pkg.mod -> X) is a loop.
    loops = find_loops({module: set(imports_of(module)) for module in modules()})
    assert not loops, "import loops:\n" + "\n".join(" -> ".join(loop) for loop in loops)


def test_no_module_grows_into_a_god_module():
    long = {
        str(path.relative_to(ROOT)): n
        for path in modules().values()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"modules over {MAX_LINES} lines: {long}"


def test_the_checker_sees_imports_inside_functions():
    # consultations.services.website imports files.checks at module level; the receivers
    # import the services inside a function: both must be seen.
    assert "files.checks" in imports_of("consultations.services.website")
    assert any(t.startswith("consultations.services") or t == "consultations.tasks"
               for t in imports_of("consultations.receivers"))
