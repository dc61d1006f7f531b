"""The outbox is shared: it imports no desk, not even inside a function or for typing."""

import ast
from pathlib import Path

import notifications

DESKS = ("consultations", "complaints", "surveys")


def imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module)
    return modules


def test_notifications_imports_no_desk():
    root = Path(notifications.__file__).parent
    offending = {
        f"{path.relative_to(root)}: {module}"
        for path in root.rglob("*.py")
        if "migrations" not in path.parts
        for module in imported_modules(path)
        if module.split(".")[0] in DESKS
    }
    assert not offending
