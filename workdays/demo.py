"""The holiday calendar for the demo (``manage.py seed_demo`` without ``--skip-calendar``):
filled from the ``holidays`` package like the weekly sync does."""

from __future__ import annotations

from collections.abc import Callable

from .services import sync_from_package


def seed(write: Callable[[str], object], *, calendar: bool, samples: bool) -> None:
    if calendar:
        write(f"calendar: {sync_from_package()}")
