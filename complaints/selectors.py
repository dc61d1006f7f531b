"""Reads of the complaints desk: the public monthly counts and the desk's summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from core.time import WIB
from workdays.deadlines import DeadlineState

from .models import Complaint, Kind


@dataclass
class Month:
    """One month of receipts: how many of each kind, and how many of those whose
    verdict is in (followed up, or late) were followed up within 5 working days."""

    month: date
    by_kind: dict[str, int] = field(default_factory=dict)
    judged: int = 0
    on_time: int = 0

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())

    @property
    def kinds(self) -> list[int]:
        return [self.by_kind.get(kind, 0) for kind in Kind.values]

    @property
    def on_time_percent(self) -> float | None:
        return round(100 * self.on_time / self.judged, 1) if self.judged else None


def _month_start(moment: datetime, back: int) -> datetime:
    local = timezone.localtime(moment, WIB)
    year, month = local.year, local.month - back
    while month < 1:
        month, year = month + 12, year - 1
    return datetime(year, month, 1, tzinfo=WIB)


def monthly_counts(*, months: int = 12, now: datetime | None = None) -> list[Month]:
    """The last ``months`` calendar months (WIB), newest first, in one query. Public:
    counts only, nothing about anybody."""
    now = now or timezone.now()
    since = _month_start(now, months - 1)
    rows = (
        Complaint.objects.filter(received_at__gte=since)
        .annotate(month=TruncMonth("received_at", tzinfo=WIB))
        .values("month", "kind")
        .annotate(
            n=Count("id"),
            judged=Count("id", filter=Q(completed_on_time__isnull=False) | Q(breached_at__isnull=False)),
            on_time=Count("id", filter=Q(completed_on_time=True)),
        )
        .order_by()
    )
    by_month: dict[date, Month] = {}
    for row in rows:
        key = row["month"].date() if isinstance(row["month"], datetime) else row["month"]
        entry = by_month.setdefault(key, Month(key))
        entry.by_kind[row["kind"]] = row["n"]
        entry.judged += row["judged"]
        entry.on_time += row["on_time"]
    result = []
    for back in range(months):
        key = _month_start(now, back).date()
        result.append(by_month.get(key, Month(key)))
    return result


@dataclass(frozen=True)
class DeskSummary:
    open: int
    at_risk: int
    late: int


def desk_summary(queryset, *, now: datetime | None = None) -> DeskSummary:
    """Open, at risk and late among ``queryset`` (what the user may read), in one query."""
    now = now or timezone.now()
    counts = queryset.aggregate(
        open=Count("id", filter=Q(completed_at__isnull=True)),
        at_risk=Count("id", filter=Complaint.deadline_state_q(DeadlineState.AT_RISK, now)),
        late=Count("id", filter=Q(completed_at__isnull=True) & Complaint.deadline_state_q(DeadlineState.LATE, now)),
    )
    return DeskSummary(**counts)


@dataclass(frozen=True)
class PeriodSummary:
    """The complaints of a period (months, WIB) for the service dashboard: received,
    followed up (and how many within 5 working days), breaches recorded, and — now —
    the ones still open past their deadline."""

    received: int
    closed: int
    closed_on_time: int
    breached: int
    late_now: int

    @property
    def on_time_percent(self) -> float | None:
        return round(100 * self.closed_on_time / self.closed, 1) if self.closed else None


def period_summary(queryset, *, start: datetime, end: datetime, now: datetime | None = None) -> PeriodSummary:
    """Over ``queryset`` (what the user may read), between ``start`` and ``end`` (aware,
    end excluded), in one query."""
    now = now or timezone.now()

    def within(field: str) -> Q:
        return Q(**{f"{field}__gte": start, f"{field}__lt": end})

    counts = queryset.aggregate(
        received=Count("id", filter=within("received_at")),
        closed=Count("id", filter=within("completed_at")),
        closed_on_time=Count("id", filter=within("completed_at") & Q(completed_on_time=True)),
        breached=Count("id", filter=within("breached_at")),
        late_now=Count("id", filter=Q(completed_at__isnull=True) & Complaint.deadline_state_q(DeadlineState.LATE, now)),
    )
    return PeriodSummary(**counts)
