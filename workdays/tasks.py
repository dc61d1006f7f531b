"""Celery tasks of the calendar. Beat runs ``sync_holidays`` weekly (settings)."""

from __future__ import annotations

import logging

from celery import shared_task

from .services import sync_from_package

logger = logging.getLogger(__name__)


@shared_task(name="workdays.tasks.sync_holidays")
def sync_holidays(from_year: int | None = None, to_year: int | None = None) -> dict[str, int]:
    """Keep the table filled a few years ahead. Safe to run twice, or twice at once:
    the sync is idempotent and leaves admin-owned days alone."""
    result = sync_from_package(from_year=from_year, to_year=to_year)
    return result.as_dict()
