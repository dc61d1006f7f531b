"""One deadline lifecycle for every model on :mod:`core.deadlines`: the clock's start
and stop, the recompute when the holiday calendar changes (and nightly), the at-risk
reminder and the breach sweep. The engine is here; what a desk *does* about a deadline
(its events, credits, e-mails, notices) is the desk's, through a :class:`DeadlineDesk`
it registers from its ``AppConfig.ready`` (``core`` never imports a desk).

- :func:`start_clock` / :func:`stop_clock` — a desk's services start and stop a row's
  clock here: the due time comes from the same rule the recompute uses, and a stop past
  the deadline before any sweep saw it records the breach in the stop's transaction,
  exactly as the sweep would have (:func:`record_breaches`).
- :func:`sweep` — every minute (Celery beat, ``core.tasks.sweep_deadlines``; ``manage.py
  sweep_deadlines`` runs it once), over every desk: the rows newly late, and those
  stopped late with no breach on record (from before breaches were recorded), get their
  breach recorded; the rows newly at risk get their reminder. Read from the database,
  never ETA or countdown tasks.
- :func:`recompute` — after the calendar changed (``core.receivers``) and nightly: the
  ``due_at`` of every running clock on a working-day rule, computed again.

Safe to run any number of times at once, and to be killed at any point:

* Work goes in batches, each its own transaction, that claim their rows with
  ``select_for_update(skip_locked=True)`` (a second sweep skips the rows the first holds),
  read them with what the desk's hooks read (:attr:`DeadlineDesk.related`), and mark
  them by an update conditional on the mark being empty (``breached_at IS NULL``,
  ``at_risk_notified_at IS NULL``). A mark that finds a row marked already
  (a caller that did not lock; SQLite, which has no row locks) raises
  :class:`ClaimLost`: the batch rolls back whole and the next one sees the rows as they
  are now. A batch killed before its commit leaves nothing behind.
* "Nothing new" is one probe of a partial index (``core.deadlines.deadline_indexes``):
  the breach claims go in the order of the index's column (``due_at``, ``completed_at``),
  the at-risk claim unordered (see :func:`remind_at_risk`).
* One sweep stops after :data:`MAX_BATCHES` batches of each kind and leaves the rest
  to the next minute's, so that a backlog never holds one task for long.
* With more than a batch to do, one sweep runs :data:`CONNECTIONS` claim loops at once
  on PostgreSQL, each on its own connection in a thread of its own (:func:`_batches`):
  they claim as two sweeps would, so the rules above hold between them too.
* At risk needs this year's holiday calendar: without it the reminders wait and the
  report says why; breaches are recorded all the same.
* A recorded breach is final: a breached row's deadline is never recomputed, and a
  recompute moves a deadline only if it is still the one read (``due_at`` unchanged,
  clock running, no breach).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any, ClassVar

from django.db import connections, models, transaction
from django.urls import get_script_prefix, get_urlconf, set_script_prefix, set_urlconf
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from workdays.calendar import get_calendar
from workdays.deadlines import wib_date

from .deadlines import DeadlineModel

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
MAX_BATCHES = 200
# Claim loops of one sweep at once, each on its own connection, once a desk has more
# than a batch to do (PostgreSQL only: :func:`_batches`).
CONNECTIONS = 2
# Rows read per round trip by the recompute, which walks every running clock.
RECOMPUTE_CHUNK = 2000


class ClaimLost(Exception):
    """Rows a batch had claimed were marked meanwhile: its transaction is rolled back,
    so nothing is told twice; the next batch sees the rows as they are now."""


@dataclass(frozen=True)
class Moved:
    """One deadline the recompute moved."""

    pk: Any
    old_due_at: datetime
    new_due_at: datetime


class DeadlineDesk:
    """What one desk does with its deadlines; subclass it, set :attr:`label` and
    :attr:`model`, and implement :meth:`due_at_for`, :meth:`breached`,
    :meth:`at_risk` and :meth:`recomputed`. Register an instance with
    :func:`register` from the desk's ``AppConfig.ready``.

    Which rows follow the working-day calendar (and are recomputed) is the model's own
    hook, :meth:`core.deadlines.DeadlineModel.hourly_deadline_q`: every row but those.
    """

    label: ClassVar[str]
    model: ClassVar[type[DeadlineModel]]
    # The relations the tell hooks read, joined when a batch's claimed rows are read
    # (``select_related``).
    related: ClassVar[tuple[str, ...]] = ()
    # Those of them that a batch's rows share — a few directorates, categories, staff —
    # read once per batch by id (``prefetch_related``): one instance for all the rows
    # that name it, not one joined and built per row.
    shared: ClassVar[tuple[str, ...]] = ()
    # Columns set to the time with every breach mark and every recompute (``updated_at``);
    # a reminder changes nothing of the row's own.
    touched: ClassVar[tuple[str, ...]] = ()
    # Columns the deadline rule reads besides ``clock_started_at`` (the channel).
    rule_fields: ClassVar[tuple[str, ...]] = ()

    def due_at_for(self, row: Any) -> datetime:
        """When ``row`` is due: its rule applied to its ``clock_started_at`` (and its
        :attr:`rule_fields`). ``row`` is a model instance or a named row of those
        columns (the recompute reads no more)."""
        raise NotImplementedError

    def rule_key(self, row: Any) -> Hashable:
        """What the due time depends on, so that the recompute applies each rule once per
        start date: the :attr:`rule_fields` and the WIB date of the clock's start."""
        return (*(getattr(row, name) for name in self.rule_fields), wib_date(row.clock_started_at))

    def breached(self, rows: Sequence[DeadlineModel], now: datetime) -> None:
        """Tell of the breaches just recorded on ``rows`` (``breached_at == now``): the
        desk's events, compensation, e-mails, notices. In the marking transaction."""
        raise NotImplementedError

    def at_risk(self, rows: Sequence[DeadlineModel], now: datetime) -> None:
        """Tell that ``rows`` are at risk (``at_risk_notified_at == now``). In the
        marking transaction."""
        raise NotImplementedError

    def recomputed(self, moved: Sequence[Moved], now: datetime) -> None:
        """Record that the deadlines ``moved`` after a calendar change (an event on each
        row). In the recompute's transaction."""
        raise NotImplementedError


# --- the registry ---------------------------------------------------------------------

_DESKS: dict[str, DeadlineDesk] = {}


def register(desk: DeadlineDesk) -> DeadlineDesk:
    """Put ``desk`` on the lifecycle (from its app's ``ready``; again is harmless)."""
    for other in _DESKS.values():
        if other.model is desk.model and other.label != desk.label:
            raise ValueError(f"{desk.model.__name__} is on the lifecycle already, as {other.label!r}")
    _DESKS[desk.label] = desk
    return desk


def desks() -> list[DeadlineDesk]:
    """Every registered desk, in the order their apps are installed."""
    return list(_DESKS.values())


def desk_for(what: DeadlineDesk | str | type[models.Model] | models.Model) -> DeadlineDesk:
    """The desk of a label, a model or a row."""
    if isinstance(what, DeadlineDesk):
        return what
    if isinstance(what, str):
        return _DESKS[what]
    model = (what if isinstance(what, type) else type(what))._meta.concrete_model
    for desk in _DESKS.values():
        if desk.model is model:
            return desk
    raise LookupError(f"{model.__name__} has no desk on the deadline lifecycle")


# --- the clock ------------------------------------------------------------------------


def start_clock(row: DeadlineModel, now: datetime) -> list[str]:
    """Start ``row``'s clock at ``now``, due when its desk's rule says; the fields set."""
    row.clock_started_at = now
    return row.start_clock(now, desk_for(row).due_at_for(row))


def stop_clock(row: DeadlineModel, now: datetime) -> list[str]:
    """Stop ``row``'s clock at ``now`` (a row the caller has locked, in its transaction);
    the fields set, to save. Over the deadline with no breach on record (no sweep saw it
    yet): the breach is recorded now, by :func:`record_breaches`."""
    fields = row.stop_clock(now)
    if row.completed_on_time is False and row.breached_at is None:
        record_breaches(row, [row], now=now)
    return fields


# --- marking once ---------------------------------------------------------------------


def _mark(desk: DeadlineDesk, rows: Sequence[DeadlineModel], mark: str, now: datetime, *, touch: bool) -> None:
    """Set ``mark`` on ``rows`` where it is still empty, all of them or none."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(f"{mark} must be set inside the transaction that locked the rows")
    ids = [row.pk for row in rows]
    values = dict.fromkeys((mark, *(desk.touched if touch else ())), now)
    marked = desk.model.objects.filter(pk__in=ids, **{f"{mark}__isnull": True}).update(**values)
    if marked != len(ids):
        raise ClaimLost(f"{len(ids) - marked} of {len(ids)} {desk.label} rows had {mark} set meanwhile")
    for row in rows:
        for name in values:
            setattr(row, name, now)


def record_breaches(desk: DeadlineDesk | str | type[models.Model] | models.Model,
                    rows: Sequence[DeadlineModel], *, now: datetime) -> None:
    """Record the breach of each of ``rows`` (locked by the caller, in its transaction;
    late, no breach on record): ``breached_at = now``, then the desk tells
    (:meth:`DeadlineDesk.breached`). Raises :class:`ClaimLost` if any had its breach
    recorded meanwhile; the caller's transaction then rolls back whole."""
    if not rows:
        return
    desk = desk_for(desk)
    _mark(desk, rows, "breached_at", now, touch=True)
    desk.breached(rows, now)


def _remind(desk: DeadlineDesk, rows: Sequence[DeadlineModel], now: datetime) -> None:
    _mark(desk, rows, "at_risk_notified_at", now, touch=False)
    desk.at_risk(rows, now)


# --- the sweep ------------------------------------------------------------------------


@dataclass
class DeskReport:
    """What one sweep did on one desk."""

    breached: int = 0
    at_risk: int = 0
    batches: int = 0


@dataclass
class SweepReport:
    """What one sweep did, per desk (``report["complaints"]``) and in all."""

    desks: dict[str, DeskReport] = field(default_factory=dict)
    # Why part of the work was not done (a missing calendar year), in words for people.
    problems: list[str] = field(default_factory=list)

    def __getitem__(self, label: str) -> DeskReport:
        return self.desks[label]

    @property
    def breached(self) -> int:
        return sum(desk.breached for desk in self.desks.values())

    @property
    def at_risk(self) -> int:
        return sum(desk.at_risk for desk in self.desks.values())

    @property
    def batches(self) -> int:
        return sum(desk.batches for desk in self.desks.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "breached": self.breached,
            "at_risk": self.at_risk,
            "batches": self.batches,
            "desks": {label: vars(desk).copy() for label, desk in self.desks.items()},
            "problems": list(self.problems),
        }


def claim(queryset: models.QuerySet, *, order: str | None) -> models.QuerySet:
    """The ids a batch claims (slice it to the batch size): those of ``queryset`` no
    other transaction holds, locked, in ``order`` then ``pk`` or unordered. Ids only:
    with nothing to do — most sweeps — this is the whole of a sweep's reading, one
    index probe (reading the rows with their relations in the same statement made
    that probe three times as slow to plan and run, bench/sweep.py)."""
    claimed = queryset.select_for_update(skip_locked=True)
    claimed = claimed.order_by(order, "pk") if order else claimed.order_by()
    return claimed.values_list("pk", flat=True)


def _set_local(queryset: models.QuerySet, setting: str) -> None:
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"SET LOCAL {setting}")


def _claim_loop(desk: DeadlineDesk, claimed: models.QuerySet, *, size: int,
                act: Callable[[DeadlineDesk, list[DeadlineModel], datetime], None], now: datetime, hint: bool,
                limit: int, on_full: Callable[[], None] | None = None) -> tuple[int, int]:
    """Up to ``limit`` batches of ``claimed`` on this thread's connection, each claimed,
    acted on and committed in its own transaction, until the queue runs dry; (rows
    done, batches). ``on_full`` is called once, as soon as a claim finds a full batch
    (there may be more)."""
    done = batches = 0
    # Lost batches count towards the cap too: each means another sweep got there first.
    for _attempt in range(limit):
        try:
            with transaction.atomic():
                if hint:
                    _set_local(claimed, "enable_seqscan = off")
                ids = list(claimed[:size])
                if not ids:
                    break
                if hint:
                    _set_local(claimed, "enable_seqscan = on")
                if on_full is not None and len(ids) == size:
                    on_full()
                    on_full = None
                # Locked already by the claim: reading them needs no second lock.
                rows = list(
                    desk.model.objects.filter(pk__in=ids)
                    .select_related(*desk.related)
                    .prefetch_related(*desk.shared)
                    .order_by("due_at", "pk")
                )
                act(desk, rows, now)
        except ClaimLost:
            logger.info("a concurrent sweep marked part of a %s batch; trying again", desk.label)
            continue
        batches += 1
        done += len(rows)
        if len(ids) < size:
            break  # the rest is held by another sweep, or there is none
    return done, batches


def _connections_for(alias: str) -> int:
    """How many claim loops may run at once on ``alias``: :data:`CONNECTIONS` on
    PostgreSQL outside a transaction; one elsewhere (SQLite has no row locks, and
    inside a transaction — a test's — other connections would not see its rows)."""
    connection = connections[alias]
    return CONNECTIONS if connection.vendor == "postgresql" and not connection.in_atomic_block else 1


def _in_helper(loop: Callable[[], tuple[int, int]], context: tuple, out: list) -> None:
    """``loop`` in a helper thread, with the caller's language, URLconf and script
    prefix (each thread has its own), on a connection of its own, closed after."""
    language, urlconf, prefix = context
    set_urlconf(urlconf)
    set_script_prefix(prefix)
    try:
        with translation.override(language):
            out.append(loop())
    except BaseException as error:  # handed to the caller, which raises it
        logger.exception("a claim loop of the deadline sweep failed")
        out.append(error)
    finally:
        connections.close_all()


def _batches(desk: DeadlineDesk, queryset: models.QuerySet, *, order: str | None, size: int,
             act: Callable[[DeadlineDesk, list[DeadlineModel], datetime], None], now: datetime,
             index_scans_only: bool = False) -> tuple[int, int]:
    """Claim, act on and commit batches of ``queryset`` until it is empty or
    :data:`MAX_BATCHES` are done; (rows done, batches). The hooks get each batch's
    rows soonest due first, with the desk's :attr:`~DeadlineDesk.related` and
    :attr:`~DeadlineDesk.shared`.

    Where it can (:func:`_connections_for`), :data:`CONNECTIONS` claim loops share the
    work at once, this thread's and helper threads', each on its own connection: the
    helpers start as soon as this thread's claim finds a full batch (there may be
    more), so a sweep with nothing or little to do opens no connection. While one loop
    waits for the database — its inserts, its commit's key checks — another builds its
    rows. Their claims skip each other's rows, as two sweeps' do, so each row is still
    acted on once. A helper's error is raised here once every loop has stopped.

    ``index_scans_only``: on PostgreSQL, each claim is planned without a sequential scan
    (``SET LOCAL``, in the batch's transaction, back on after the claim when it found
    rows): see :func:`remind_at_risk`."""
    hint = index_scans_only and connections[queryset.db].vendor == "postgresql"
    loop = partial(_claim_loop, desk, claim(queryset, order=order), size=size, act=act, now=now, hint=hint)
    ways = _connections_for(queryset.db)
    if ways == 1:
        return loop(limit=MAX_BATCHES)
    limit = max(1, MAX_BATCHES // ways)
    out: list = []
    helpers: list[threading.Thread] = []

    def start_helpers() -> None:
        context = (translation.get_language(), get_urlconf(), get_script_prefix())
        for n in range(1, ways):
            helper = threading.Thread(target=_in_helper, args=(partial(loop, limit=limit), context, out),
                                      name=f"sweep-{desk.label}-{n}", daemon=True)
            helper.start()
            helpers.append(helper)

    try:
        done, batches = loop(limit=limit, on_full=start_helpers)
    finally:
        for helper in helpers:
            helper.join()
    for result in out:
        if isinstance(result, BaseException):
            raise result
        done, batches = done + result[0], batches + result[1]
    return done, batches


def _record_batch(desk: DeadlineDesk, rows: list[DeadlineModel], now: datetime) -> None:
    # Looked up when called, so that a test can stand in for it (consultations/tests/sweeper.py).
    record_breaches(desk, rows, now=now)


def record_late(desk: DeadlineDesk | str, *, now: datetime, batch_size: int = BATCH_SIZE) -> tuple[int, int]:
    """Record the breach of every row of ``desk`` newly late at ``now``, and of those
    stopped late with no breach on record; (rows recorded, batches)."""
    desk = desk_for(desk)
    objects = desk.model.objects
    # Each claim in the order of the column its partial index is on: by pk, PostgreSQL
    # would walk the primary key over every open row to find none.
    late, batches = _batches(desk, objects.newly_late(now), order="due_at", size=batch_size, act=_record_batch, now=now)
    stopped, more = _batches(
        desk, objects.stopped_late_unrecorded(), order="completed_at", size=batch_size, act=_record_batch, now=now
    )
    return late + stopped, batches + more


def remind_at_risk(desk: DeadlineDesk | str, *, now: datetime, batch_size: int = BATCH_SIZE,
                   index_scans_only: bool = False) -> tuple[int, int]:
    """Mark the rows of ``desk`` newly at risk at ``now`` and let the desk tell its
    people, once per row; (rows reminded, batches). Needs this year's calendar (see
    :func:`calendar_problem`)."""
    desk = desk_for(desk)
    # Unordered: "at risk" is two ranges of due_at (hourly rows, the rest), which the
    # partial index serves as a bitmap OR; asked for them in due_at order, PostgreSQL may
    # walk a due_at index over every open row instead (320 ms at 1,000,000 cases,
    # bench/sweep.py). Every batch is done in this sweep anyway.
    #
    # ``index_scans_only`` (what :func:`sweep` asks): the claim planned without a
    # sequential scan. Its partial index answers it in a fraction of a millisecond, but
    # the planner estimates the rows in the at-risk window from the whole table's
    # ``due_at`` histogram, closed rows included (cases closed before their deadline);
    # with enough of those it reads every row instead (0.45 s at 1,000,000 cases,
    # bench/sweep.py). One more statement per claim (two when it finds rows).
    return _batches(desk, desk.model.objects.newly_at_risk(now), order=None, size=batch_size, act=_remind, now=now,
                    index_scans_only=index_scans_only)


def calendar_problem(now: datetime) -> str | None:
    """At risk needs the working days of this year and the next few weeks; a year the
    calendar does not hold yet would make every working day look like a weekday."""
    year = timezone.localtime(now).year
    if not get_calendar().covers(year):
        return _(
            "Kalender hari libur tahun %(year)d belum ada: pengingat risiko tidak dikirim. Pelanggaran batas "
            "waktu tetap dicatat. Jalankan 'python manage.py sync_holidays' atau isi kalender di halaman admin."
        ) % {"year": year}
    return None


def _chosen(only: Iterable[DeadlineDesk | str] | None) -> list[DeadlineDesk]:
    return desks() if only is None else [desk_for(desk) for desk in only]


def sweep(*, now: datetime | None = None, batch_size: int = BATCH_SIZE,
          only: Iterable[DeadlineDesk | str] | None = None) -> SweepReport:
    """One sweep of every desk (or of the desks ``only`` names): breaches, then at-risk
    reminders."""
    now = now or timezone.now()
    report = SweepReport()
    problem = calendar_problem(now)
    if problem:
        logger.error("%s", problem)
        report.problems.append(problem)
    for desk in _chosen(only):
        done = report.desks[desk.label] = DeskReport()
        done.breached, done.batches = record_late(desk, now=now, batch_size=batch_size)
        if not problem:
            done.at_risk, batches = remind_at_risk(desk, now=now, batch_size=batch_size, index_scans_only=True)
            done.batches += batches
        if done.breached or done.at_risk:
            logger.info("deadline sweep, %s: %d breached, %d at risk", desk.label, done.breached, done.at_risk)
    return report


# --- the recompute --------------------------------------------------------------------


def recompute_desk(desk: DeadlineDesk | str, *, now: datetime | None = None) -> int:
    """Compute ``due_at`` again for every running clock of ``desk`` on a working-day
    rule with no breach on record; record the moves (:meth:`DeadlineDesk.recomputed`).
    Returns how many moved. Hourly rules do not depend on the calendar; a breach on
    record is final (the row keeps the deadline it broke)."""
    desk = desk_for(desk)
    now = now or timezone.now()
    running = desk.model.objects.clock_running().filter(breached_at__isnull=True)
    hourly = desk.model.hourly_deadline_q()
    if hourly is not None:
        running = running.exclude(hourly)
    rows = running.order_by().values_list("pk", "clock_started_at", "due_at", *desk.rule_fields, named=True)
    computed: dict[Hashable, datetime] = {}
    moved: list[Moved] = []
    total = 0
    touched = dict.fromkeys(desk.touched, now)
    with transaction.atomic():
        for row in rows.iterator(chunk_size=RECOMPUTE_CHUNK):
            key = desk.rule_key(row)
            if key not in computed:
                computed[key] = desk.due_at_for(row)
            new_due = computed[key]
            if new_due == row.due_at:
                continue
            # Conditional: a row stopped, breached or moved meanwhile keeps its deadline.
            if desk.model.objects.filter(
                pk=row.pk, due_at=row.due_at, completed_at__isnull=True, breached_at__isnull=True
            ).update(due_at=new_due, **touched):
                moved.append(Moved(row.pk, row.due_at, new_due))
            if len(moved) >= RECOMPUTE_CHUNK:
                desk.recomputed(moved, now)
                total, moved = total + len(moved), []
        if moved:
            desk.recomputed(moved, now)
            total += len(moved)
    if total:
        logger.info("calendar change moved %d %s deadlines", total, desk.label)
    return total


def recompute(*, now: datetime | None = None, only: Iterable[DeadlineDesk | str] | None = None) -> dict[str, int]:
    """:func:`recompute_desk` for every desk (or those ``only`` names), each in its own
    transaction; how many deadlines moved, per desk."""
    now = now or timezone.now()
    return {desk.label: recompute_desk(desk, now=now) for desk in _chosen(only)}
