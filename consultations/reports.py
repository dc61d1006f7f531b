"""Reads of the SLA dashboard: per month, channel and directorate — received, completed,
on-time rate, breached, cancelled (closed without output: neither completed on time nor
late, so outside the on-time rate), median working days to completion — and the cases
at risk now.

Everything but "at risk" comes from the monthly rollup (``models.reports``, rebuilt by
``rollup.refresh_rollup``), so a page costs the same at 1,000 cases or 1,000,000: one
query for the cells of the period, one for the medians, one for the cases at risk now
(a range scan of the sweep's partial index). Which directorates a user sees is
``policies.case_scope``: a director's own, forced; the admin's all, or the one asked for.
docs/decisions/consultations-sla-dashboard.md says why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db import connection
from django.db.models import BooleanField, Count
from django.db.models.expressions import RawSQL
from django.utils import timezone

from accounts.lookups import directorate as directorate_by_pk
from accounts.lookups import directorates
from accounts.models import Directorate, User
from core.prepared import Prepared
from core.time import WIB
from workdays.calendar import get_calendar
from workdays.deadlines import AT_RISK_WORKING_DAYS, DeadlineState, wib_date

from .channels import Channel
from .models import CaseMonth, CompletionDaysMonth, Consultation, Meeting, MeetingReport, MeetingStatus, RollupRun
from .policies import Scope, case_scope

# The groupings of the page, in its order; also the keys of the median query.
TOTAL, MONTH, CHANNEL, DIRECTORATE = "total", "month", "channel", "directorate"


@dataclass(frozen=True)
class Filters:
    """A validated period (first days of the first and last month) and the optional
    channel and directorate (``forms.DashboardFilterForm``)."""

    start: date
    end: date
    channel: str = ""
    directorate: Directorate | None = None


@dataclass
class Measures:
    received: int = 0
    completed: int = 0
    completed_on_time: int = 0
    breached: int = 0
    cancelled: int = 0  # closed without output (a meeting called off): not among ``completed``
    at_risk: int | None = None  # now, not per month: None on month rows
    median_days: float | None = None

    @property
    def on_time_rate(self) -> float | None:
        """Per cent of completions on time, one decimal; None without completions."""
        if not self.completed:
            return None
        return round(100 * self.completed_on_time / self.completed, 1)


@dataclass
class Row:
    key: object  # a month's date, a channel code, a directorate id, or TOTAL
    label: str
    measures: Measures


@dataclass
class Report:
    filters: Filters
    directorates: list[Directorate]  # those the report covers
    refreshed_at: datetime | None
    total: Row
    months: list[Row] = field(default_factory=list)
    channels: list[Row] = field(default_factory=list)
    directorate_rows: list[Row] = field(default_factory=list)


def directorates_for(user: User, asked: Directorate | None) -> list[Directorate] | None:
    """The directorates ``user``'s report covers; None: all of them. A director's is
    their own whatever was asked (a hand-made ``direktorat=`` cannot widen it)."""
    scope = case_scope(user)
    if scope is Scope.DIRECTORATE:
        return [directorate_by_pk(user.directorate_id)]
    if scope is Scope.ALL:
        return [asked] if asked is not None else None
    return []


def months_between(start: date, end: date) -> list[date]:
    months, current = [], start
    while current <= end:
        months.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months


def month_label(month: date) -> str:
    from django.utils.formats import date_format

    return date_format(month, "M Y")


def dashboard_report(user: User, filters: Filters, now: datetime | None = None) -> Report:
    """The dashboard's numbers for ``user`` and ``filters``."""
    now = now or timezone.now()
    scoped = directorates_for(user, filters.directorate)
    all_directorates = list(directorates())  # kept per process (accounts.lookups)
    covered = all_directorates if scoped is None else [d for d in all_directorates if d in scoped]
    ids = [d.id for d in covered]

    cells = CaseMonth.objects.filter(period__gte=filters.start, period__lte=filters.end, directorate_id__in=ids)
    histogram = CompletionDaysMonth.objects.filter(
        period__gte=filters.start, period__lte=filters.end, directorate_id__in=ids
    )
    if filters.channel:
        cells, histogram = cells.filter(channel=filters.channel), histogram.filter(channel=filters.channel)

    channels = [c for c in Channel if not filters.channel or c == filters.channel]
    total = Measures(at_risk=0)
    by_month = {m: Measures() for m in months_between(filters.start, filters.end)}
    by_channel = {c.value: Measures(at_risk=0) for c in channels}
    by_directorate = {d.id: Measures(at_risk=0) for d in covered}
    # The rollup's cells of the period (at most months x directorates x channels rows),
    # added up into the page's groupings.
    for cell in cells.values_list("period", "channel", "directorate_id", "received", "completed",
                                  "completed_on_time", "breached", "cancelled"):
        period, channel, directorate = cell[:3]
        for target in (total, by_month.get(period), by_channel.get(channel), by_directorate.get(directorate)):
            if target is not None:
                target.received += cell[3]
                target.completed += cell[4]
                target.completed_on_time += cell[5]
                target.breached += cell[6]
                target.cancelled += cell[7]
    for (grouping, key), median in medians(histogram).items():
        target = {TOTAL: {None: total}, MONTH: by_month, CHANNEL: by_channel, DIRECTORATE: by_directorate}[
            grouping
        ].get(key)
        if target is not None:
            target.median_days = median
    for directorate, channel, n in at_risk_now(ids, filters.channel, now):
        total.at_risk += n
        if channel in by_channel:
            by_channel[channel].at_risk += n
        if directorate in by_directorate:
            by_directorate[directorate].at_risk += n

    names = {d.id: d.localized_name for d in covered}
    run = RollupRun.objects.filter(pk=1).values_list("refreshed_at", flat=True).first()
    return Report(
        filters=filters,
        directorates=covered,
        refreshed_at=run,
        total=Row(TOTAL, "", total),
        months=[Row(m, month_label(m), v) for m, v in by_month.items()],
        channels=[Row(c, str(Channel(c).label), v) for c, v in by_channel.items()],
        directorate_rows=[Row(d, names[d], v) for d, v in by_directorate.items()],
    )


# --- the median ----------------------------------------------------------------------

_MEDIAN_SQL = """
WITH h AS ({base}),
g AS (
    SELECT 0 AS grp, CAST(NULL AS DATE) AS period, CAST(NULL AS VARCHAR(20)) AS channel,
           CAST(NULL AS BIGINT) AS directorate_id, working_days, SUM(cases) AS n
      FROM h GROUP BY working_days
    UNION ALL
    SELECT 1, period, NULL, NULL, working_days, SUM(cases) FROM h GROUP BY period, working_days
    UNION ALL
    SELECT 2, NULL, channel, NULL, working_days, SUM(cases) FROM h GROUP BY channel, working_days
    UNION ALL
    SELECT 3, NULL, NULL, directorate_id, working_days, SUM(cases) FROM h GROUP BY directorate_id, working_days
),
c AS (
    SELECT grp, period, channel, directorate_id, working_days,
           SUM(n) OVER (PARTITION BY grp, period, channel, directorate_id ORDER BY working_days) AS cum,
           SUM(n) OVER (PARTITION BY grp, period, channel, directorate_id) AS total
      FROM g
)
SELECT grp, period, channel, directorate_id,
       (MIN(CASE WHEN 2 * cum >= total THEN working_days END)
        + MIN(CASE WHEN 2 * cum > total THEN working_days END)) / 2.0
  FROM c
 GROUP BY grp, period, channel, directorate_id
"""
_GROUPINGS = {0: TOTAL, 1: MONTH, 2: CHANNEL, 3: DIRECTORATE}


def medians(histogram) -> dict[tuple[str, object], float]:
    """The median working days to completion of the histogram rows ``histogram`` (a
    ``CompletionDaysMonth`` queryset), overall and per month, channel and directorate,
    in one query, in the database.

    The median of N values is the mean of the values at positions ⌊(N+1)/2⌋ and
    ⌊N/2⌋+1 (the same as PostgreSQL's ``percentile_cont(0.5)``); over a histogram, the
    value at position k is the least ``working_days`` whose running count reaches k. The
    SQL is the same on PostgreSQL and SQLite (window functions; the first branch of the
    UNION types its empty columns, which PostgreSQL needs).
    """
    base, params = histogram.values("period", "channel", "directorate_id", "working_days", "cases").order_by(
    ).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(_MEDIAN_SQL.format(base=base), params)
        rows = cursor.fetchall()
    found = {}
    for grp, period, channel, directorate, value in rows:
        kind = _GROUPINGS[grp]
        key = {TOTAL: None, MONTH: _as_date(period), CHANNEL: channel, DIRECTORATE: directorate}[kind]
        found[kind, key] = float(value) if isinstance(value, (Decimal, float, int)) else value
    return found


def _as_date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])  # SQLite gives the stored text


# --- now -----------------------------------------------------------------------------


def at_risk_now(directorate_ids: list[int], channel: str, now: datetime) -> list[tuple[int, str, int]]:
    """(directorate id, channel, count) of the running clocks at risk at ``now``
    (``DeadlineModel.deadline_state_q``). The explicit bounds are implied by the state;
    they let PostgreSQL read the sweep's partial index (``consult_unbreached_idx``) over
    the few cases due in the next working days instead of every open case."""
    second_working_day = get_calendar().add_working_days_to_date(wib_date(now), AT_RISK_WORKING_DAYS + 1)
    risk_ends = datetime.combine(second_working_day, datetime.min.time(), tzinfo=WIB)
    cases = Consultation.objects.in_deadline_state(DeadlineState.AT_RISK, now).filter(
        clock_started_at__isnull=False,
        completed_at__isnull=True,
        breached_at__isnull=True,
        due_at__gte=now,
        due_at__lt=risk_ends,
        directorate_id__in=directorate_ids,
    )
    if channel:
        cases = cases.filter(channel=channel)
    return list(
        cases.order_by().values("directorate_id", "channel").annotate(n=Count("id")).values_list(
            "directorate_id", "channel", "n"
        )
    )


@dataclass(frozen=True)
class RollupState:
    runs: int  # refreshes so far: with ``refreshed_at``, the page cache's key
    refreshed_at: datetime | None
    # A meeting the user may see was held and has no approved report (a superset of
    # ``daring.selectors.reports_pending``, which decides with the working days).
    meetings_held: bool


_HELD_SQL = """EXISTS (
    SELECT 1 FROM {meeting} m JOIN {case} c ON c.id = m.consultation_id
     WHERE m.status = %s AND m.starts_at < %s AND c.channel = %s{scope}
       AND NOT EXISTS (SELECT 1 FROM {report} r WHERE r.consultation_id = m.consultation_id
                                                  AND r.approved_at IS NOT NULL))"""


def _state_row(now: datetime, scope: str, *scope_params: int):
    held = RawSQL(
        _HELD_SQL.format(meeting=Meeting._meta.db_table, case=Consultation._meta.db_table,
                         report=MeetingReport._meta.db_table, scope=scope),
        [MeetingStatus.CONFIRMED.value, connection.ops.adapt_datetimefield_value(now), Channel.DARING.value,
         *scope_params],
        output_field=BooleanField(),
    )
    return RollupRun.objects.filter(pk=1).values_list("runs", "refreshed_at", held).order_by()[:1]


# Its SQL written once per process (``core.prepared``), one per scope of a dashboard: the
# ORM took ~1 ms a view to build and compile it, several times the query itself.
_STATE_BY_SCOPE = {
    Scope.ALL: Prepared(lambda now: _state_row(now, ""), datetimes=(0,)),
    Scope.DIRECTORATE: Prepared(
        lambda directorate_id, now: _state_row(now, " AND c.directorate_id = %s", directorate_id), datetimes=(1,)
    ),
}


def rollup_state(user: User, now: datetime) -> RollupState:
    """The rollup's last refresh and whether a meeting is held without an approved report
    (the rows of ``reports_pending``: a confirmed meeting that started before ``now``, of
    a case the user sees, ``selectors.visible_cases``), in one query; before the first
    refresh (0, None, True). The dashboard reads it on every view (issue 26): the pending
    list is then read only when there may be one. The EXISTS is SQL because the ORM took
    1.4 ms to build and compile the nested subqueries, five times the query itself."""
    scope = case_scope(user)
    if scope is Scope.ALL:
        rows = _STATE_BY_SCOPE[scope](now)
    elif scope is Scope.DIRECTORATE and user.directorate_id is not None:
        rows = _STATE_BY_SCOPE[scope](user.directorate_id, now)
    elif scope is Scope.DIRECTORATE:  # in no directorate: sees no case, no meeting
        run = _rollup_run()
        return RollupState(*run, meetings_held=False) if run else RollupState(0, None, True)
    else:  # no dashboard role: the pending list's own query decides
        return RollupState(*(_rollup_run() or (0, None)), meetings_held=True)
    return RollupState(rows[0][0], rows[0][1], bool(rows[0][2])) if rows else RollupState(0, None, True)


def _rollup_run() -> tuple[int, datetime | None] | None:
    return RollupRun.objects.filter(pk=1).values_list("runs", "refreshed_at").first()


# --- the exports' table ----------------------------------------------------------------


def export_header() -> list[str]:
    """The exports' column names, in the active language."""
    from django.utils.translation import gettext as _

    return [
        _("Kelompok"), _("Uraian"), _("Diterima"), _("Selesai"), _("Selesai tepat waktu"),
        _("Tingkat tepat waktu (%)"), _("Terlambat"), _("Dibatalkan (tanpa keluaran)"),
        _("Berisiko terlambat (saat ini)"), _("Median hari kerja penyelesaian"),
    ]


def export_rows(report: Report):
    """The page's tables as rows (total, then per month, channel, directorate): the
    same numbers, in the page's order. None where the page shows a dash."""
    from django.utils.translation import gettext as _

    groups = [
        (_("Total"), [Row(TOTAL, _("Semua"), report.total.measures)]),
        (_("Bulan"), report.months),
        (_("Saluran"), report.channels),
        (_("Direktorat"), report.directorate_rows),
    ]
    for group, rows in groups:
        for row in rows:
            m = row.measures
            yield [group, row.label, m.received, m.completed, m.completed_on_time, m.on_time_rate, m.breached,
                   m.cancelled, m.at_risk, m.median_days]
