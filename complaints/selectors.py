"""Reads of the complaints desk: the public monthly counts, the desk's summary and queue,
one complaint's page (its events and conversation), a complainant's own complaints and
cases, and the complaint a tracking code opens."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cached_property

from django.db.models import Count, F, Q, QuerySet, Value
from django.db.models.functions import TruncMonth
from django.utils import timezone

from accounts.models import Role, User
from consultations.models import Consultation
from consultations.policies import Scope
from core.deadlines import at_risk_until
from core.prepared import Prepared
from core.time import WIB
from workdays.deadlines import DeadlineState

from . import codes, policies
from .models import Complaint, ComplaintEvent, ComplaintMessage, Kind, Status


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
    # How many the queue lists in the view asked for (``desk_summary``'s ``shown``).
    listed: int | None = None


def desk_summary(*, user: User, now: datetime | None = None, shown: str | None = None) -> DeskSummary:
    """Open, at risk and late among the complaints ``user`` may read, in one query; with
    ``shown`` (a queue view: :func:`desk_queue`), also how many that view lists — the
    queue's count, in the same scan. Prepared SQL (``core.prepared``: written once per
    process per view and scope) with the user's directorate and the clock as its values."""
    now = now or timezone.now()
    risk_ends = at_risk_until(now)
    scope = policies.complaint_scope(user)
    if scope is Scope.ALL:
        found = _summary_query(shown, "all")(now, risk_ends)
    elif scope is Scope.DIRECTORATE:
        found = _summary_query(shown, "directorate")(now, risk_ends, user.directorate_id)
    else:
        found = list(_summary(policies.visible_complaints(user), now, risk_ends, shown))
    return DeskSummary(*found[0]) if shown is not None else DeskSummary(*found[0][:3])


def _summary(queryset: QuerySet[Complaint], now: datetime, risk_ends: datetime, shown: str | None) -> QuerySet:
    """:func:`desk_summary`'s one row over ``queryset``: (open, at risk, late, listed)."""
    late = Complaint.deadline_state_q(DeadlineState.LATE, now, risk_ends=risk_ends)
    if shown in (None, "all"):
        listed = Count("id")
    elif shown == "late":
        listed = Count("id", filter=late)
    else:
        listed = Count("id", filter=_shown_q(shown, now))  # closed: no clock in it
    if shown == "open":
        # Every count here is of open complaints then: only closing stops the clock
        # (``services.close``), so an open status is what has no ``completed_at``. Read
        # from the open complaints' index alone (``complaint_open_idx``: its predicate,
        # and every column counted here), not every row ever received.
        queryset, listed = queryset.filter(~Q(status=Status.CLOSED)), Count("id")
    # Grouped by a constant, which Django leaves out: one row of counts over every row.
    return queryset.order_by().values(_all=Value(1)).annotate(
        open=Count("id", filter=Q(completed_at__isnull=True)),
        at_risk=Count("id", filter=Complaint.deadline_state_q(DeadlineState.AT_RISK, now, risk_ends=risk_ends)),
        late=Count("id", filter=Q(completed_at__isnull=True) & late),
        listed=listed,
    ).values_list("open", "at_risk", "late", "listed")


_PREPARED_SUMMARIES: dict[tuple[str | None, str], Prepared] = {}


def _summary_query(shown: str | None, scope: str) -> Prepared:
    key = (shown, scope)
    prepared = _PREPARED_SUMMARIES.get(key)
    if prepared is None:
        if scope == "all":
            build = lambda now, risk_ends: _summary(  # noqa: E731
                policies.visible_complaints(User(role=Role.ADMIN)), now, risk_ends, shown)
        else:
            build = lambda now, risk_ends, directorate_id: _summary(  # noqa: E731
                policies.visible_complaints(User(role=Role.COMPLAINT_HANDLER, directorate_id=directorate_id)),
                now, risk_ends, shown)
        prepared = _PREPARED_SUMMARIES[key] = Prepared(build, datetimes=(0, 1))
    return prepared


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


# --- the desk -----------------------------------------------------------------------------

def desk_complaints(*, user: User) -> QuerySet[Complaint]:
    """The complaints ``user`` may read (``policies.visible_complaints``), with what a
    complaint's page shows beside it: the lookup behind every desk page (404 for another
    directorate's)."""
    return policies.visible_complaints(user).select_related(
        "directorate", "handler", "logged_by", "consultation", "consultation__directorate"
    )


# What a queue row reads of a complaint (``views.desk_table``); the directorate's name
# comes from ``accounts.lookups``, the handler's as ``handler_full_name``.
QUEUE_ROW_COLUMNS = (
    "kind", "channel", "status", "received_at", "directorate_id", "handler_id",
    "clock_started_at", "due_at", "completed_at", "completed_on_time",
)
_QUEUE_ORDER = {"closed": ("-completed_at", "-id"), "late": ("due_at", "id"), "all": ("-received_at", "-id")}


def _shown_q(shown: str, now: datetime) -> Q:
    if shown == "closed":
        return Q(status=Status.CLOSED)
    if shown == "late":
        return Complaint.deadline_state_q(DeadlineState.LATE, now)
    if shown == "all":
        return Q()
    return ~Q(status=Status.CLOSED)


def desk_queue(*, user: User, shown: str = "open", now: datetime | None = None) -> QuerySet[Complaint]:
    """The queue of what ``user`` may read: ``open`` (the default, soonest due first),
    ``late`` (open past the deadline, soonest due first), ``closed`` (last followed up
    first) or ``all`` (last received first). List rows only (:data:`QUEUE_ROW_COLUMNS`
    and ``handler_full_name``, None without a handler): no related row per complaint."""
    now = now or timezone.now()
    complaints = policies.visible_complaints(user).filter(_shown_q(shown, now))
    return complaints.only(*QUEUE_ROW_COLUMNS).annotate(handler_full_name=F("handler__full_name")).order_by(
        *_QUEUE_ORDER.get(shown, ("due_at", "id"))
    )


class DeskRows:
    """:func:`desk_queue`'s rows as a ``Paginator`` slices them. The views whose filter no
    clock moves (open, closed, all) run prepared SQL (``core.prepared``: written once per
    process per view, scope and slice), with the user's directorate as its value."""

    def __init__(self, *, user: User, shown: str, now: datetime, prepared: tuple | None) -> None:
        self._query, self.prepared = (user, shown, now), prepared

    @cached_property
    def complaints(self) -> QuerySet[Complaint]:
        """The rows as the ORM reads them (built only if asked: a prepared view needs none)."""
        user, shown, now = self._query
        return desk_queue(user=user, shown=shown, now=now)

    ordered = True  # desk_queue always orders

    def count(self) -> int:
        return self.complaints.count()

    def __getitem__(self, key):
        if self.prepared is not None and isinstance(key, slice) and key.step is None and key.stop is not None:
            shown, scope, *values = self.prepared
            start = key.start or 0
            return _desk_page(shown, scope, start, key.stop)(*values) if key.stop > start else []
        return self.complaints[key]


def desk_rows(*, user: User, shown: str = "open", now: datetime | None = None) -> DeskRows:
    """:func:`desk_queue` for a paginator (:class:`DeskRows`)."""
    now = now or timezone.now()
    prepared = None
    if shown in ("open", "closed", "all"):  # "late" moves with the clock: the ORM each time
        scope = policies.complaint_scope(user)
        if scope is Scope.ALL:
            prepared = (shown, "all")
        elif scope is Scope.DIRECTORATE:
            prepared = (shown, "directorate", user.directorate_id)
    return DeskRows(user=user, shown=shown, now=now, prepared=prepared)


_PREPARED_PAGES: dict[tuple[str, str, int, int], Prepared] = {}
_MAX_PREPARED = 64


def _desk_page(shown: str, scope: str, start: int, stop: int) -> Prepared:
    key = (shown, scope, start, stop)
    prepared = _PREPARED_PAGES.get(key)
    if prepared is None:
        if len(_PREPARED_PAGES) >= _MAX_PREPARED:
            _PREPARED_PAGES.clear()

        def rows(user: User) -> QuerySet[Complaint]:
            return desk_queue(user=user, shown=shown, now=datetime.now(UTC))[start:stop]

        if scope == "all":
            build = lambda: rows(User(role=Role.ADMIN))  # noqa: E731
        else:
            build = lambda directorate_id: rows(User(role=Role.COMPLAINT_HANDLER, directorate_id=directorate_id))  # noqa: E731
        prepared = _PREPARED_PAGES[key] = Prepared(build)
    return prepared


def is_visible(*, user: User, pk: int) -> bool:
    """Whether ``user`` may still read complaint ``pk`` (not after re-routing it away)."""
    return policies.visible_complaints(user).filter(pk=pk).exists()


def events(*, complaint: Complaint) -> QuerySet[ComplaintEvent]:
    """A complaint's steps in order, with who took them."""
    return complaint.events.select_related("actor").order_by("at", "id")


def conversation(*, complaint: Complaint) -> QuerySet[ComplaintMessage]:
    """The handler's questions and the complainant's replies, in order."""
    return complaint.messages.select_related("staff").order_by("at", "id")


# --- the complainant ----------------------------------------------------------------------


def own_cases(*, user: User, limit: int) -> QuerySet[Consultation]:
    """The latest ``limit`` consultations of ``user``: those the web form offers to name."""
    return Consultation.objects.filter(applicant=user).order_by("-created_at")[:limit]


def own_complaints(*, user: User) -> QuerySet[Complaint]:
    """A signed-in applicant's own complaints (filed from their account), newest first."""
    return Complaint.objects.select_related("directorate").filter(complainant=user).order_by("-received_at", "-id")


def find_by_code(*, code: str) -> Complaint | None:
    """The complaint a tracking code opens, or None — a malformed code and an unknown
    one alike."""
    digest = codes.digest(code)
    if digest is None:
        return None
    return Complaint.objects.select_related("directorate").filter(tracking_digest=digest).first()


# --- the handler's home -------------------------------------------------------------------

# The most complaints the home page lists; its count says how many in all.
HOME_ROWS = 10


@dataclass(frozen=True)
class HandlerWork:
    """A complaint handler's work on the home page: the open complaints of their
    directorate that are theirs or nobody's yet, soonest due first, and how many."""

    complaints: list[Complaint]
    count: int
    at_risk: int
    late: int


def handler_work(*, user: User, now: datetime | None = None) -> HandlerWork:
    """Two queries: the counts in one aggregate, then the first :data:`HOME_ROWS`."""
    now = now or timezone.now()
    mine = policies.visible_complaints(user).open().filter(Q(handler__isnull=True) | Q(handler=user))
    counts = mine.aggregate(
        count=Count("id"),
        at_risk=Count("id", filter=Complaint.deadline_state_q(DeadlineState.AT_RISK, now)),
        late=Count("id", filter=Q(completed_at__isnull=True) & Complaint.deadline_state_q(DeadlineState.LATE, now)),
    )
    rows = list(mine.select_related("handler").order_by("due_at", "id")[:HOME_ROWS])
    return HandlerWork(rows, **counts)
