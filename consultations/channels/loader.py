"""Templates of the channels' packages: ``consultations/channels/<code>/templates/``,
for every channel on the registry, found like an app's ``templates/`` folder (the
``TEMPLATES`` setting lists this loader after the app directories)."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from django.template.loaders.filesystem import Loader as FilesystemLoader


class Loader(FilesystemLoader):
    def get_dirs(self) -> list[Path]:
        from . import CHANNELS

        folders = []
        for entry in CHANNELS.values():
            if entry.package is None:
                continue
            folder = Path(import_module(entry.package).__file__).parent / "templates"
            if folder.is_dir():
                folders.append(folder)
        return folders
