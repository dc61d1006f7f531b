"""The house's shape (DESIGN.md, "Shape"), checked on every run.

Which app may import which is declared as import-linter contracts in pyproject.toml
(``[tool.importlinter]``); ``make lint`` runs them and so does a test here, so a broken
boundary fails ``make test`` too. Import loops and the size of a module are checked here,
from the source read with ``ast``, including imports inside functions and under
``TYPE_CHECKING``, so a dependency cannot hide. Migrations and tests are left out: they are
not part of the running structure (a test may use factories of another app).
"""

from __future__ import annotations

import ast
import re
import tomllib
from collections import defaultdict
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
# Our apps are the folders with an apps.py (a new app is checked the day it appears), plus
# the project package and the benchmarks.
APPS = tuple(sorted(path.parent.name for path in ROOT.glob("*/apps.py"))) + ("advokasi", "bench")
MAX_LINES = 600


def import_linter_config() -> dict:
    return tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["importlinter"]


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


def test_every_app_has_its_place_in_the_shape():
    config = import_linter_config()
    missing_roots = set(APPS) - set(config["root_packages"])
    assert not missing_roots, f"add {sorted(missing_roots)} to root_packages in pyproject.toml"
    (shape,) = [contract for contract in config["contracts"] if contract["id"] == "shape"]
    floors = {name.strip("() ") for layer in shape["layers"] for name in re.split(r"[|:]", layer)}
    apps = set(APPS) - {"advokasi", "bench"}
    assert apps <= floors, (
        f"give {sorted(apps - floors)} a floor in the 'shape' contract of pyproject.toml (and in DESIGN.md's Shape)"
    )


def test_the_import_contracts_hold():
    # The same check as `make lint` (lint-imports), in-process; its report is printed.
    import importlinter.api  # noqa: F401 - configures import-linter's adapters
    from importlinter.application import use_cases

    assert use_cases.lint_imports(config_filename=str(PYPROJECT), cache_dir=None, no_logo=True), (
        "an import breaks a contract of pyproject.toml [tool.importlinter]: see the report above"
    )


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
    # consultations.channels.website.services imports files.checks at module level; the receivers
    # import the services inside a function: both must be seen.
    assert "files.checks" in imports_of("consultations.channels.website.services")
    assert any(t.startswith("consultations.services") or t == "consultations.tasks"
               for t in imports_of("consultations.receivers"))
