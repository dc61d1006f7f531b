"""``makemessages`` that also finds the words written inside f-strings.

The busy pages write their HTML in Python (ADR 0014), as f-strings such as
``f'<h2 class="h4">{e(_("Rapat daring"))}</h2>'``. xgettext 0.21 (Debian 12's) reads an
f-string as one string literal and never sees the ``_()`` inside it, so Django's command
would drop those words from the catalogue and English readers would get Indonesian.

Before Django's command runs, this one collects every gettext call with literal
arguments inside an f-string of the project's Python (:func:`fstring_messages`, with
``ast``) into a module that xgettext reads, and removes it afterwards (``make messages``
writes no locations, so it leaves no trace in the ``.po``). ``core/tests/test_translations``
checks that each of them has its English text.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.management.commands.makemessages import Command as MakeMessages

# gettext functions by name -> how many leading arguments are the message (context first for pgettext).
_CALLS = {
    "_": 1, "gettext": 1, "gettext_lazy": 1, "gettext_noop": 1,
    "pgettext": 2, "pgettext_lazy": 2, "ngettext": 2, "ngettext_lazy": 2,
}
_SKIPPED = {".venv", "node_modules", "var", "staticfiles", "tests", "migrations", "static", "locale"}
_MODULE = "_fstring_messages.py"


def _python_files(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if not any(part in _SKIPPED or part.startswith(".") for part in parts) and path.name != _MODULE:
            yield path


def fstring_messages(root: Path | None = None) -> list[tuple[str, tuple[str, ...]]]:
    """(function, literal arguments) of every gettext call inside an f-string under
    ``root`` (the project), in file order, without repeats."""
    found: dict[tuple[str, tuple[str, ...]], None] = {}
    for path in _python_files(Path(root or settings.BASE_DIR)):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for string in (node for node in ast.walk(tree) if isinstance(node, ast.JoinedStr)):
            for call in (node for node in ast.walk(string) if isinstance(node, ast.Call)):
                name = getattr(call.func, "id", None) or getattr(call.func, "attr", None)
                count = _CALLS.get(name)
                args = call.args[:count] if count else []
                if count and len(args) == count and all(
                    isinstance(arg, ast.Constant) and isinstance(arg.value, str) for arg in args
                ):
                    found[(name, tuple(arg.value for arg in args))] = None
    return list(found)


class Command(MakeMessages):
    def handle(self, *args, **options):
        module = Path(settings.BASE_DIR) / _MODULE
        lines = ["# Written by core/management/commands/makemessages.py for xgettext; removed after it ran."]
        for name, texts in fstring_messages():
            call = "ngettext" if name.startswith("ngettext") else "pgettext" if name.startswith("pgettext") else "_"
            extra = ", 1" if call == "ngettext" else ""
            lines.append(f"{call}({', '.join(repr(text) for text in texts)}{extra})")
        module.write_text("\n".join(lines) + "\n", encoding="utf-8")
        try:
            return super().handle(*args, **options)
        finally:
            module.unlink(missing_ok=True)
