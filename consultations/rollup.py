"""Rebuilding the dashboard's monthly rollup (``models.reports``) from the cases.

The database does the aggregation: three GROUP BY queries over the cases (received,
completed with the working days they took — or closed without output, which is not a
completion: ``cancelled`` — and breached) return one row per WIB month,
directorate, channel (and working-day count), a few thousand rows however many cases
there are; those replace the rollup in one transaction. Readers see the old rollup
until it commits (PostgreSQL's snapshots), never half of the new one.

Safe to run twice at once: a refresh locks the one ``RollupRun`` row first, so a second
waits and then rebuilds again from the committed cases. Celery beat runs it every
``DASHBOARD_REFRESH_MINUTES`` (settings); the page shows when it last ran.
"""

from __future__ import annotations

import time
from collections import defaultdict
from datetime import datetime

from django.db import transaction
from django.db.models import Count, DateField, Q
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from core.time import WIB

from .models import CaseMonth, CompletionDaysMonth, Consultation, RollupRun

RUN_PK = 1
BATCH = 2000


def _month(field) -> TruncMonth:
    return TruncMonth(field, tzinfo=WIB, output_field=DateField())


def refresh_rollup(now: datetime | None = None) -> RollupRun:
    """Rebuild the whole rollup from the cases; the run's record (when, how long)."""
    started = time.monotonic()
    with transaction.atomic():
        run, _ = RollupRun.objects.get_or_create(pk=RUN_PK)
        run = RollupRun.objects.select_for_update().get(pk=RUN_PK)
        cells: dict[tuple, dict[str, int]] = defaultdict(
            lambda: {"received": 0, "completed": 0, "completed_on_time": 0, "breached": 0, "cancelled": 0}
        )
        cases = Consultation.objects.order_by()
        for row in (
            cases.annotate(period=_month("submitted_at")).values("period", "directorate_id", "channel")
            .annotate(n=Count("id"))
        ):
            cells[row["period"], row["directorate_id"], row["channel"]]["received"] = row["n"]
        days: list[CompletionDaysMonth] = []
        # A case closed without output (a meeting called off for good) has no verdict and
        # took no working days: counted as cancelled, neither on time nor late, and left
        # out of the completions (the on-time rate is over those) and the median.
        judged = Q(completed_on_time__isnull=False)
        for row in (
            cases.filter(completed_at__isnull=False)
            .annotate(period=_month("completed_at"))
            .values("period", "directorate_id", "channel", "working_days_taken")
            .annotate(
                n=Count("id", filter=judged),
                on_time=Count("id", filter=Q(completed_on_time=True)),
                unjudged=Count("id", filter=Q(completed_on_time__isnull=True)),
            )
        ):
            cell = cells[row["period"], row["directorate_id"], row["channel"]]
            cell["completed"] += row["n"]
            cell["completed_on_time"] += row["on_time"]
            cell["cancelled"] += row["unjudged"]
            if row["working_days_taken"] is not None and row["n"]:
                days.append(
                    CompletionDaysMonth(
                        period=row["period"], directorate_id=row["directorate_id"], channel=row["channel"],
                        working_days=row["working_days_taken"], cases=row["n"],
                    )
                )
        # A breach counts in the month it was recorded; a clock that stopped late
        # before breaches were recorded, in the month it stopped.
        for row in (
            cases.filter(Q(breached_at__isnull=False) | Q(completed_on_time=False))
            .annotate(period=_month(Coalesce("breached_at", "completed_at")))
            .values("period", "directorate_id", "channel")
            .annotate(n=Count("id"))
        ):
            cells[row["period"], row["directorate_id"], row["channel"]]["breached"] = row["n"]
        CaseMonth.objects.all().delete()
        CompletionDaysMonth.objects.all().delete()
        CaseMonth.objects.bulk_create(
            [
                CaseMonth(period=period, directorate_id=directorate, channel=channel, **counts)
                for (period, directorate, channel), counts in cells.items()
            ],
            batch_size=BATCH,
        )
        CompletionDaysMonth.objects.bulk_create(days, batch_size=BATCH)
        run.refreshed_at = now or timezone.now()
        run.duration_ms = int((time.monotonic() - started) * 1000)
        run.runs += 1
        run.save(update_fields=["refreshed_at", "duration_ms", "runs"])
    return run

