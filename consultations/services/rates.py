"""How much one applicant may send in an hour: consultations submitted (website
questions, letters and meeting invitations uploaded, together) and messages posted.
Counted from the tables themselves under the applicant's row lock, so requests
sent in parallel take turns (docs/decisions/consultations-intake-limits.md)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q, QuerySet

from accounts.models import User

from ..channels import Channel
from ..errors import MessageRateExceeded, SubmissionRateExceeded
from ..limits import messages_per_applicant_per_hour, messages_per_case_per_hour
from ..models import Consultation, LetterSource, Message

SUBMISSIONS_PER_HOUR = 10

# What an applicant opens themselves in the portal, counted together against
# SUBMISSIONS_PER_HOUR: a website question, or a letter or meeting invitation uploaded
# (the letters the secretariat registers are not the applicant's doing).
OWN_SUBMISSIONS = Q(channel=Channel.WEBSITE) | Q(
    channel__in=(Channel.SURAT, Channel.DARING), letter__source=LetterSource.PORTAL
)


def take_turns(user: User) -> None:
    """Lock ``user``'s row (inside a transaction), so that their requests sent in parallel
    take turns and each counts the ones before it (otherwise they could all see nine and
    all pass). Other people are not held up."""
    if transaction.get_connection().in_atomic_block:
        User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True).get()


def hourly_wait(times: QuerySet, *, limit: int, now: datetime) -> timedelta | None:
    """``times``: the moments (ascending) of what counts against ``limit`` in the last
    hour. How long until the next one is allowed, or None if it is allowed now."""
    first = list(times[:limit])
    if len(first) < limit:
        return None
    return first[0] + timedelta(hours=1) - now


def check_submission_rate(*, applicant: User, now: datetime) -> None:
    """At most SUBMISSIONS_PER_HOUR submissions per applicant in any hour — website
    questions, uploaded letters and uploaded invitations together — taking turns with
    the applicant's parallel submissions."""
    take_turns(applicant)
    recent = Consultation.objects.filter(
        OWN_SUBMISSIONS, applicant=applicant, submitted_at__gt=now - timedelta(hours=1)
    ).order_by("submitted_at")
    wait = hourly_wait(recent.values_list("submitted_at", flat=True), limit=SUBMISSIONS_PER_HOUR, now=now)
    if wait is not None:
        raise SubmissionRateExceeded(limit=SUBMISSIONS_PER_HOUR, retry_after=wait)


def check_message_rate(*, consultation: Consultation, author: User, now: datetime) -> None:
    """At most ``ADVOKASI_MESSAGES_PER_CASE_PER_HOUR`` messages from the applicant on one
    case, and ``ADVOKASI_MESSAGES_PER_APPLICANT_PER_HOUR`` on all their cases, in any hour.

    Each message mails the directorate, so a flood is a flood of e-mail too. Staff are
    not counted: they are known employees answering on the record, and a limit would
    only stand between them and an applicant waiting for a reply.

    Like :func:`check_submission_rate`, messages sent in parallel take turns.
    """
    if consultation.applicant_id is None or author.pk != consultation.applicant_id:
        return
    take_turns(author)
    mine = Message.objects.filter(
        author=author, from_applicant=True, created_at__gt=now - timedelta(hours=1)
    ).order_by("created_at")
    for limit, recent, per_case in (
        (messages_per_case_per_hour(), mine.filter(consultation_id=consultation.pk), True),
        (messages_per_applicant_per_hour(), mine, False),
    ):
        wait = hourly_wait(recent.values_list("created_at", flat=True), limit=limit, now=now)
        if wait is not None:
            raise MessageRateExceeded(limit=limit, retry_after=wait, per_case=per_case)
