"""The one intake spine: :func:`open_case` opens a case for any channel — its number,
its row, the clock as the channel registry says, the priority credit the person may be
owed, the event, and then the channel's e-mails and notices. A channel's intake
(``website``, ``channels.tatap_muka.services``, ``letters``, ``meetings``) checks what is its own, routes the
case (:func:`route_directorate` for a question, the addressee for a letter) and hands
the spine its columns, its own rows (``attach``) and its messages (``tell``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Directorate, InstitutionType, User

from ..channels import Channel, check_step, spec
from ..models import CaseCounter, Category, Consultation, Event, EventType
from ..workflow import Step
from .common import record, run_clock
from .compensation import consume_priority_credit

LEGAL_DIRECTORATE = "hukum"
# SPEC.md names two institution types (K/L -> pusat, Pemda -> daerah). The others
# (BUMN/BUMD, vendors, citizens, other) go to pusat: it is the directorate for
# procurement policy at the national level, the questions of these applicants are
# about the national rules rather than one region's practice, and staff re-route with
# a reason when a case belongs elsewhere. See docs/decisions/consultations-routing.md.
INSTITUTION_DIRECTORATE = {
    InstitutionType.KL: "pusat",
    InstitutionType.PEMDA: "daerah",
}
DEFAULT_DIRECTORATE = "pusat"


def route_directorate(*, category: Category, institution_type: str | None) -> tuple[Directorate, str]:
    """Where a question goes (SPEC.md), and why (for the event), whatever door it came
    through: legal-problem categories -> hukum; else the category's default directorate;
    else the asker's institution type (K/L -> pusat, Pemda -> daerah, others -> pusat)."""
    if category.is_legal_problem:
        return Directorate.objects.get(code=LEGAL_DIRECTORATE), "legal_category"
    if category.default_directorate_id is not None:
        return category.default_directorate, "category_default"
    code = INSTITUTION_DIRECTORATE.get(institution_type, DEFAULT_DIRECTORATE)
    return Directorate.objects.get(code=code), "institution_type"


def open_case(
    *,
    channel: Channel,
    step: Step,
    actor: User,
    event_type: EventType,
    directorate: Directorate,
    columns: dict[str, Any],
    now: datetime,
    attach: Callable[[Consultation], dict[str, Any] | None] | None = None,
    tell: Callable[[Consultation, Event], object] | None = None,
    **event_data: Any,
) -> Consultation:
    """Open a case of ``channel`` by its creating ``step`` (inside the intake's
    transaction): the next number of the year, the row with the channel's ``columns``
    (contact, subject, description, ...), the clock if ``step`` starts it, the channel's
    own rows (``attach(case)``, which may return details for the event), the oldest
    priority credit the person is owed (after the insert: the credit records the case
    that used it), one ``event_type`` event with what every intake records and
    ``event_data``, and last the channel's e-mails and notices (``tell(case, event)``)."""
    case = Consultation(
        number=allocate_case_number(year=timezone.localtime(now).year),
        channel=channel,
        status=check_step(step, None, channel=channel),
        directorate=directorate,
        submitted_at=now,
        **columns,
    )
    run_clock(case, step, now=now)
    case.save(force_insert=True)
    details = (attach(case) if attach is not None else None) or {}
    credit = consume_priority_credit(consultation=case, now=now)
    started = {"clock_start": str(spec(channel).clock_start), "due_at": case.due_at} if case.clock_started_at else {}
    event = record(
        case,
        type=event_type,
        actor=actor,
        at=now,
        channel=str(channel),
        directorate=directorate.code,
        **started,
        **event_data,
        **details,
        priority=case.is_priority,
        priority_credit_for=credit.granted_for.number if credit else None,
    )
    if tell is not None:
        tell(case, event)
    return case


def allocate_case_number(*, year: int) -> str:
    """The next ``ADV-YYYY-NNNNNN`` of ``year``. Call inside the transaction that
    creates the case: the counter row stays locked until it commits, so concurrent
    submissions queue here and a rolled-back one gives its number back (no gaps)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("allocate_case_number must run inside the creating transaction")
    try:
        # A savepoint: losing the race to create the year's row must not break the
        # caller's transaction.
        with transaction.atomic():
            CaseCounter.objects.get_or_create(year=year)
    except IntegrityError:
        pass  # created by a concurrent submission meanwhile; lock it below
    counter = CaseCounter.objects.select_for_update().get(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"ADV-{year}-{counter.last_number:06d}"
