"""The website channel's output: the written answer, which stops the clock (the
registry's ``clock_stop_step``), and its corrections, which do not."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from consultations import policies
from consultations.channels import check_step
from consultations.errors import NotAllowed
from consultations.models import Answer, Consultation, EventType
from consultations.services.common import lock, record, run_clock, save_attachments, stored_attachments, sync
from consultations.workflow import Step
from files.checks import CheckedFile

from . import emails as website_emails


@transaction.atomic
def send_answer(
    *,
    consultation: Consultation,
    author: User,
    kinds: Iterable[str],
    text: str,
    files: Sequence[CheckedFile] = (),
    now: datetime | None = None,
) -> Answer:
    """Send the answer: stops the clock, records completion and whether it was on
    time (completed_at <= due_at), and e-mails the applicant in their language.

    The assignee answers, or a director or team lead of the directorate (who then
    becomes the assignee of record). The answer is immutable once sent.
    """
    now = now or timezone.now()
    case = lock(consultation)
    if not policies.can_answer(author, case):
        raise NotAllowed(_("Anda tidak berwenang menjawab konsultasi ini."))
    target = check_step(Step.SEND_ANSWER, case.status, channel=case.channel)
    chosen, body, checked = list(kinds), text, list(files)
    with stored_attachments(checked, uploaded_by=author, at=now) as stored:
        answer = Answer.objects.create(consultation=case, author=author, kinds=chosen, text=body, sent_at=now)
        save_attachments(stored, consultation=case, answer=answer)
        case.status = target
        clock_fields = run_clock(case, Step.SEND_ANSWER, now=now)
        if case.assignee_id is None:
            case.assignee = author
        case.save(update_fields=["status", "assignee", "updated_at", *clock_fields])
        event = record(
            case,
            type=EventType.ANSWER_SENT,
            actor=author,
            at=now,
            answer_id=answer.pk,
            kinds=chosen,
            due_at=case.due_at,
            on_time=case.completed_on_time,
            clock_stop=str(case.channel_spec.clock_stop),
            attachments=len(stored),
        )
        website_emails.queue_answer(answer, event)
    sync(consultation, case)
    return answer


@transaction.atomic
def correct_answer(
    *,
    answer: Answer,
    author: User,
    kinds: Iterable[str],
    text: str,
    files: Sequence[CheckedFile] = (),
    now: datetime | None = None,
) -> Answer:
    """A correction of a sent answer: a new answer that ``corrects`` it, e-mailed like
    an answer. The original stays as it was sent; completion time and the on-time
    verdict stay those of the first answer."""
    now = now or timezone.now()
    case = lock(answer.consultation)
    if not policies.can_answer(author, case):
        raise NotAllowed(_("Anda tidak berwenang mengoreksi jawaban konsultasi ini."))
    check_step(Step.CORRECT_ANSWER, case.status, channel=case.channel)
    chosen, body, checked = list(kinds), text, list(files)
    with stored_attachments(checked, uploaded_by=author, at=now) as stored:
        correction = Answer.objects.create(
            consultation=case, author=author, kinds=chosen, text=body, sent_at=now, corrects=answer
        )
        save_attachments(stored, consultation=case, answer=correction)
        event = record(
            case,
            type=EventType.ANSWER_CORRECTED,
            actor=author,
            at=now,
            answer_id=correction.pk,
            corrects_id=answer.pk,
            kinds=chosen,
            attachments=len(stored),
        )
        website_emails.queue_answer(correction, event)
    return correction
