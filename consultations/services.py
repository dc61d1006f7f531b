"""Every state change of a consultation: one function per step.

Each function is keyword-only and ``@transaction.atomic``. It locks the case row
(``select_for_update``), checks the step against the status table (``workflow.py``) and
the actor against the policies (``policies.py``), changes the case, writes one
:class:`~consultations.models.Event` (actor, time, type, details) and queues its e-mails
in the outbox — all in the same transaction; e-mails leave only after commit.

Errors: ``NotAllowed`` (a ``PermissionDenied``) for the wrong actor, ``InvalidTransition``
for the wrong status, ``ValidationError`` (keyed by field) for bad input,
``SubmissionRateExceeded`` / ``MessageRateExceeded`` for too many submissions or messages. Views, tasks, admin actions and
commands all call these functions; nothing else changes a consultation's state.

``now`` parameters exist for tests and imports of historical data; leave them out.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import QuerySet, Sum
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import has_verified_email
from accounts.models import Directorate, InstitutionType, Role, User

from . import emails, policies
from .channels import CHANNELS, Channel, compute_due_at
from .errors import MessageRateExceeded, NotAllowed, SubmissionRateExceeded
from .limits import (
    DESCRIPTION_MAX_LENGTH,
    MESSAGE_MAX_LENGTH,
    case_attachment_bytes_max,
    messages_per_applicant_per_hour,
    messages_per_case_per_hour,
)
from .models import (
    Answer,
    AnswerKind,
    Attachment,
    CaseCounter,
    Category,
    Consultation,
    Event,
    EventType,
    InternalNote,
    Message,
    ProcurementStage,
)
from .uploads import CheckedFile, validate_uploads
from .workflow import Status, Step, check_step

logger = logging.getLogger(__name__)

SUBMISSIONS_PER_HOUR = 10
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

SUBJECT_MAX = Consultation._meta.get_field("subject").max_length
PACKAGE_MAX = Consultation._meta.get_field("procurement_package").max_length
INSTITUTION_MAX = Consultation._meta.get_field("institution_name").max_length


# --- helpers --------------------------------------------------------------------


def _lock(consultation: Consultation) -> Consultation:
    """The current row, locked until commit: two staff acting at once are serialised
    and the second sees the first's result."""
    return Consultation.objects.select_for_update().get(pk=consultation.pk)


def _sync(stale: Consultation, fresh: Consultation) -> None:
    """Let the caller's instance show the new state too."""
    if stale is not fresh:
        for field in Consultation._meta.concrete_fields:
            setattr(stale, field.attname, getattr(fresh, field.attname))
        stale._state.fields_cache = dict(fresh._state.fields_cache)


def _record(consultation: Consultation, *, type: EventType, actor: User | None, at: datetime, **data) -> Event:
    return Event.objects.create(consultation=consultation, actor=actor, type=type, at=at, data=data)


def _store(checked: Sequence[CheckedFile], *, uploaded_by: User, at: datetime) -> list[Attachment]:
    """Write the files to storage and return unsaved Attachment rows for them.

    Done before the case row is locked or the number allocated, so that slow storage
    (S3) does not hold the yearly counter's lock.
    """
    attachments = []
    for item in checked:
        attachment = Attachment(
            original_name=item.name,
            size=item.size,
            content_type=item.content_type,
            uploaded_by=uploaded_by,
            uploaded_at=at,
        )
        item.file.seek(0)
        attachment.file.save(item.name, item.file, save=False)
        attachments.append(attachment)
    return attachments


def _discard(attachments: Iterable[Attachment]) -> None:
    for attachment in attachments:
        try:
            attachment.file.delete(save=False)
        except OSError:
            logger.warning("could not remove stored file %s", attachment.file.name, exc_info=True)


def _save_attachments(
    attachments: list[Attachment], *, consultation: Consultation, answer: Answer | None = None, message: Message | None = None
) -> None:
    for attachment in attachments:
        attachment.consultation = consultation
        attachment.answer = answer
        attachment.message = message
    Attachment.objects.bulk_create(attachments)


def _text(value: str, *, field: str, max_length: int | None = None, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("Bagian ini wajib diisi.")}, code="required")
    if max_length and len(value) > max_length:
        raise ValidationError(
            {field: _("Paling banyak %(max)d karakter.") % {"max": max_length}}, code="max_length"
        )
    return value


def _kinds(kinds: Iterable[str]) -> list[str]:
    chosen = set(kinds or ())
    unknown = chosen - set(AnswerKind.values)
    if unknown or not chosen:
        raise ValidationError(
            {"kinds": _("Pilih paling sedikit satu jenis jawaban: Saran, Pendapat, Rekomendasi atau Tindakan Koreksi.")},
            code="kinds",
        )
    # Stored in the standard's order, whatever order the form sent.
    return [kind for kind in AnswerKind.values if kind in chosen]


def _collect(*checks) -> list:
    """Run field checks and raise one ValidationError holding all their messages."""
    errors: dict[str, list] = {}
    results = []
    for check in checks:
        try:
            results.append(check())
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(field, []).extend(messages)
            results.append(None)
    if errors:
        raise ValidationError(errors)
    return results


# --- routing, numbering, deadlines -----------------------------------------------


def route_directorate(*, category: Category, applicant: User) -> tuple[Directorate, str]:
    """Where a website question goes (SPEC.md), and why (for the event):
    legal-problem categories -> hukum; else the category's default directorate; else
    the applicant's institution type (K/L -> pusat, Pemda -> daerah, others -> pusat)."""
    if category.is_legal_problem:
        return Directorate.objects.get(code=LEGAL_DIRECTORATE), "legal_category"
    if category.default_directorate_id is not None:
        return category.default_directorate, "category_default"
    profile = getattr(applicant, "profile", None)
    institution_type = profile.institution_type if profile is not None else None
    code = INSTITUTION_DIRECTORATE.get(institution_type, DEFAULT_DIRECTORATE)
    return Directorate.objects.get(code=code), "institution_type"


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


def consume_priority_credit(*, applicant: User, consultation: Consultation, now: datetime) -> bool:
    """Compensation hook: SPEC.md's "priority for the next service".

    Priority credits do not exist yet — they arrive with the compensation work, which
    grants one when a case breaches its deadline. That work fills in this function
    (lock the applicant's oldest unused credit, mark it used by ``consultation``, return
    True); every intake service already calls it in its transaction and marks the case
    priority when it returns True. See docs/decisions/consultations-priority-hook.md.
    """
    return False


def _take_turns(user: User) -> None:
    """Lock ``user``'s row (inside a transaction), so that their requests sent in parallel
    take turns and each counts the ones before it (otherwise they could all see nine and
    all pass). Other people are not held up."""
    if transaction.get_connection().in_atomic_block:
        User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True).get()


def _hourly_wait(times: QuerySet, *, limit: int, now: datetime) -> timedelta | None:
    """``times``: the moments (ascending) of what counts against ``limit`` in the last
    hour. How long until the next one is allowed, or None if it is allowed now."""
    first = list(times[:limit])
    if len(first) < limit:
        return None
    return first[0] + timedelta(hours=1) - now


def check_submission_rate(*, applicant: User, now: datetime) -> None:
    """At most SUBMISSIONS_PER_HOUR website submissions per applicant in any hour, taking
    turns with the applicant's parallel submissions."""
    _take_turns(applicant)
    recent = Consultation.objects.filter(
        applicant=applicant, channel=Channel.WEBSITE, submitted_at__gt=now - timedelta(hours=1)
    ).order_by("submitted_at")
    wait = _hourly_wait(recent.values_list("submitted_at", flat=True), limit=SUBMISSIONS_PER_HOUR, now=now)
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
    if author.pk != consultation.applicant_id:
        return
    _take_turns(author)
    mine = Message.objects.filter(
        author=author, from_applicant=True, created_at__gt=now - timedelta(hours=1)
    ).order_by("created_at")
    for limit, recent, per_case in (
        (messages_per_case_per_hour(), mine.filter(consultation_id=consultation.pk), True),
        (messages_per_applicant_per_hour(), mine, False),
    ):
        wait = _hourly_wait(recent.values_list("created_at", flat=True), limit=limit, now=now)
        if wait is not None:
            raise MessageRateExceeded(limit=limit, retry_after=wait, per_case=per_case)


def _check_case_bytes(checked: Sequence[CheckedFile], *, consultation: Consultation | None = None) -> None:
    """The files of one case together stay within ``ADVOKASI_CASE_ATTACHMENT_BYTES_MAX``.
    Called with the case row locked, so parallel messages cannot both take the rest."""
    incoming = sum(item.size for item in checked)
    if not incoming:
        return
    limit = case_attachment_bytes_max()
    used = 0
    if consultation is not None:
        used = Attachment.objects.filter(consultation=consultation).aggregate(total=Sum("size"))["total"] or 0
    if used + incoming > limit:
        raise ValidationError(
            {
                "files": _(
                    "Lampiran satu konsultasi paling besar %(limit)s seluruhnya. Sisa untuk konsultasi ini "
                    "%(left)s, sedangkan berkas yang dipilih %(size)s. Kirim berkas yang lebih kecil, "
                    "atau kirim pesan tanpa lampiran."
                )
                % {
                    "limit": filesizeformat(limit),
                    "left": filesizeformat(max(0, limit - used)),
                    "size": filesizeformat(incoming),
                }
            },
            code="case_attachment_bytes",
        )


# --- intake ---------------------------------------------------------------------


@transaction.atomic
def submit_website_consultation(
    *,
    applicant: User,
    category: Category,
    subject: str,
    description: str,
    institution_name: str,
    fiscal_year: int,
    procurement_stage: str,
    procurement_package: str = "",
    files: Sequence[UploadedFile] = (),
    language: str | None = None,
    now: datetime | None = None,
) -> Consultation:
    """An applicant with a verified e-mail submits a question through the website.

    Routes it (:func:`route_directorate`), starts the clock now, sets ``due_at`` to the
    end of the 10th working day, gives it the next case number, stores the files under
    random names, and queues the confirmation e-mail. ``language`` is the language the
    applicant used (default: their account's).
    """
    now = now or timezone.now()
    if applicant.role != Role.APPLICANT or not applicant.is_active:
        raise NotAllowed(_("Hanya pemohon yang dapat mengajukan konsultasi melalui website."))
    if not has_verified_email(applicant):
        raise NotAllowed(_("Verifikasi alamat e-mail Anda sebelum mengajukan konsultasi."))
    check_submission_rate(applicant=applicant, now=now)

    def check_category():
        if category is None or not category.is_active:
            raise ValidationError({"category": _("Pilih kategori permasalahan yang tersedia.")})

    def check_year():
        if not isinstance(fiscal_year, int) or not 2000 <= fiscal_year <= 2100:
            raise ValidationError({"fiscal_year": _("Isi tahun anggaran dengan empat angka, misalnya 2025.")})

    def check_stage():
        if procurement_stage not in ProcurementStage.values:
            raise ValidationError({"procurement_stage": _("Pilih tahap pengadaan.")})

    subject, description, institution_name, procurement_package, checked = _collect(
        lambda: _text(subject, field="subject", max_length=SUBJECT_MAX),
        lambda: _text(description, field="description", max_length=DESCRIPTION_MAX_LENGTH),
        lambda: _text(institution_name, field="institution_name", max_length=INSTITUTION_MAX),
        lambda: _text(procurement_package, field="procurement_package", max_length=PACKAGE_MAX, required=False),
        lambda: validate_uploads(list(files)),
        check_category,
        check_year,
        check_stage,
    )[:5]

    _check_case_bytes(checked)
    directorate, routed_by = route_directorate(category=category, applicant=applicant)
    due_at = compute_due_at(Channel.WEBSITE, now)
    stored = _store(checked, uploaded_by=applicant, at=now)
    try:
        consultation = Consultation.objects.create(
            number=allocate_case_number(year=timezone.localtime(now).year),
            channel=Channel.WEBSITE,
            status=check_step(Step.SUBMIT, None),
            applicant=applicant,
            category=category,
            subject=subject,
            description=description,
            institution_name=institution_name,
            procurement_package=procurement_package,
            fiscal_year=fiscal_year,
            procurement_stage=procurement_stage,
            directorate=directorate,
            language=language or applicant.language,
            submitted_at=now,
            clock_started_at=now,
            due_at=due_at,
        )
        _save_attachments(stored, consultation=consultation)
        if consume_priority_credit(applicant=applicant, consultation=consultation, now=now):
            consultation.is_priority = True
            consultation.save(update_fields=["is_priority", "updated_at"])
        event = _record(
            consultation,
            type=EventType.SUBMITTED,
            actor=applicant,
            at=now,
            channel=consultation.channel,
            clock_start=str(CHANNELS[Channel.WEBSITE].clock_start),
            directorate=directorate.code,
            routed_by=routed_by,
            due_at=due_at,
            attachments=len(stored),
            priority=consultation.is_priority,
        )
        emails.queue_submitted(consultation, event)
    except BaseException:
        _discard(stored)
        raise
    return consultation


# --- staff work -----------------------------------------------------------------


@transaction.atomic
def assign(*, consultation: Consultation, assignee: User, actor: User, now: datetime | None = None) -> Consultation:
    """A director (anyone handling cases in the directorate) or a team lead (team leads
    and staff) gives the case to ``assignee``. Assigning the current assignee again
    changes nothing and records nothing."""
    now = now or timezone.now()
    case = _lock(consultation)
    if not policies.can_assign(actor, case):
        raise NotAllowed(_("Anda tidak berwenang menugaskan konsultasi ini."))
    target = check_step(Step.ASSIGN, case.status)
    if not policies.can_assign(actor, case, assignee):
        raise NotAllowed(_("Petugas ini tidak dapat ditugaskan oleh Anda untuk konsultasi ini."))
    if case.assignee_id == assignee.pk:
        return case
    previous = case.assignee
    case.assignee = assignee
    case.status = target
    case.save(update_fields=["assignee", "status", "updated_at"])
    _record(
        case,
        type=EventType.ASSIGNED,
        actor=actor,
        at=now,
        assignee_id=assignee.pk,
        assignee_name=assignee.full_name,
        previous_assignee_id=previous.pk if previous else None,
        previous_assignee_name=previous.full_name if previous else None,
    )
    _sync(consultation, case)
    return case


@transaction.atomic
def claim(*, consultation: Consultation, actor: User, now: datetime | None = None) -> Consultation:
    """Staff (or a lead) of the directorate take an unassigned case themselves."""
    now = now or timezone.now()
    case = _lock(consultation)
    if not policies.is_caseworker_of(actor, case):
        raise NotAllowed(_("Anda tidak berwenang menangani konsultasi ini."))
    target = check_step(Step.CLAIM, case.status)
    case.assignee = actor
    case.status = target
    case.save(update_fields=["assignee", "status", "updated_at"])
    _record(case, type=EventType.CLAIMED, actor=actor, at=now, assignee_id=actor.pk, assignee_name=actor.full_name)
    _sync(consultation, case)
    return case


@transaction.atomic
def reroute(
    *, consultation: Consultation, directorate: Directorate, reason: str, actor: User, now: datetime | None = None
) -> Consultation:
    """Send the case to another directorate, with a reason. The deadline does not move;
    nobody there is assigned yet, so the case waits in the new directorate's queue."""
    now = now or timezone.now()
    case = _lock(consultation)
    if not policies.can_reroute(actor, case):
        raise NotAllowed(_("Anda tidak berwenang mengalihkan konsultasi ini."))
    target = check_step(Step.REROUTE, case.status)
    reason = _text(reason, field="reason", max_length=2000)
    if directorate.pk == case.directorate_id:
        raise ValidationError({"directorate": _("Konsultasi ini sudah berada di direktorat tersebut.")})
    previous_directorate, previous_assignee = case.directorate, case.assignee
    case.directorate = directorate
    case.assignee = None
    case.status = target
    case.save(update_fields=["directorate", "assignee", "status", "updated_at"])
    _record(
        case,
        type=EventType.REROUTED,
        actor=actor,
        at=now,
        from_directorate=previous_directorate.code,
        to_directorate=directorate.code,
        reason=reason,
        previous_assignee_id=previous_assignee.pk if previous_assignee else None,
        due_at=case.due_at,
    )
    _sync(consultation, case)
    return case


@transaction.atomic
def add_internal_note(
    *, consultation: Consultation, author: User, body: str, now: datetime | None = None
) -> InternalNote:
    """A note for staff only: never shown to the applicant, never in an e-mail."""
    now = now or timezone.now()
    case = _lock(consultation)
    if not policies.can_add_note(author, case):
        raise NotAllowed(_("Anda tidak berwenang menulis catatan pada konsultasi ini."))
    check_step(Step.ADD_INTERNAL_NOTE, case.status)
    body = _text(body, field="body")
    note = InternalNote.objects.create(consultation=case, author=author, body=body, created_at=now)
    # The note's text stays out of the event: the history is shown more widely.
    _record(case, type=EventType.NOTE_ADDED, actor=author, at=now, note_id=note.pk)
    return note


@transaction.atomic
def post_message(
    *,
    consultation: Consultation,
    author: User,
    body: str,
    files: Sequence[UploadedFile] = (),
    now: datetime | None = None,
) -> Message:
    """A clarification message from the applicant or from staff. The clock keeps
    running; the other side is told by e-mail."""
    now = now or timezone.now()
    case = _lock(consultation)
    if not policies.can_post_message(author, case):
        raise NotAllowed(_("Anda tidak dapat mengirim pesan pada konsultasi ini."))
    check_step(Step.POST_MESSAGE, case.status)
    check_message_rate(consultation=case, author=author, now=now)
    body, checked = _collect(
        lambda: _text(body, field="body", max_length=MESSAGE_MAX_LENGTH), lambda: validate_uploads(list(files))
    )
    _check_case_bytes(checked, consultation=case)
    stored = _store(checked, uploaded_by=author, at=now)
    try:
        message = Message.objects.create(
            consultation=case, author=author, from_applicant=author.pk == case.applicant_id, body=body, created_at=now
        )
        _save_attachments(stored, consultation=case, message=message)
        event = _record(
            case,
            type=EventType.MESSAGE_POSTED,
            actor=author,
            at=now,
            message_id=message.pk,
            from_applicant=message.from_applicant,
            attachments=len(stored),
        )
        emails.queue_message(message, event)
    except BaseException:
        _discard(stored)
        raise
    return message


@transaction.atomic
def send_answer(
    *,
    consultation: Consultation,
    author: User,
    kinds: Iterable[str],
    text: str,
    files: Sequence[UploadedFile] = (),
    now: datetime | None = None,
) -> Answer:
    """Send the answer: stops the clock, records completion and whether it was on
    time (completed_at <= due_at), and e-mails the applicant in their language.

    The assignee answers, or a director or team lead of the directorate (who then
    becomes the assignee of record). The answer is immutable once sent.
    """
    now = now or timezone.now()
    case = _lock(consultation)
    if not policies.can_answer(author, case):
        raise NotAllowed(_("Anda tidak berwenang menjawab konsultasi ini."))
    target = check_step(Step.SEND_ANSWER, case.status)
    kinds, text, checked = _collect(
        lambda: _kinds(kinds), lambda: _text(text, field="text"), lambda: validate_uploads(list(files))
    )
    stored = _store(checked, uploaded_by=author, at=now)
    try:
        answer = Answer.objects.create(consultation=case, author=author, kinds=kinds, text=text, sent_at=now)
        _save_attachments(stored, consultation=case, answer=answer)
        on_time = case.due_at is None or now <= case.due_at
        case.status = target
        case.completed_at = now
        case.completed_on_time = on_time
        if case.assignee_id is None:
            case.assignee = author
        case.save(update_fields=["status", "completed_at", "completed_on_time", "assignee", "updated_at"])
        event = _record(
            case,
            type=EventType.ANSWER_SENT,
            actor=author,
            at=now,
            answer_id=answer.pk,
            kinds=kinds,
            due_at=case.due_at,
            on_time=on_time,
            clock_stop=str(case.channel_spec.clock_stop),
            attachments=len(stored),
        )
        emails.queue_answer(answer, event)
    except BaseException:
        _discard(stored)
        raise
    _sync(consultation, case)
    return answer


@transaction.atomic
def correct_answer(
    *,
    answer: Answer,
    author: User,
    kinds: Iterable[str],
    text: str,
    files: Sequence[UploadedFile] = (),
    now: datetime | None = None,
) -> Answer:
    """A correction of a sent answer: a new answer that ``corrects`` it, e-mailed like
    an answer. The original stays as it was sent; completion time and the on-time
    verdict stay those of the first answer."""
    now = now or timezone.now()
    case = _lock(answer.consultation)
    if not policies.can_answer(author, case):
        raise NotAllowed(_("Anda tidak berwenang mengoreksi jawaban konsultasi ini."))
    check_step(Step.CORRECT_ANSWER, case.status)
    kinds, text, checked = _collect(
        lambda: _kinds(kinds), lambda: _text(text, field="text"), lambda: validate_uploads(list(files))
    )
    stored = _store(checked, uploaded_by=author, at=now)
    try:
        correction = Answer.objects.create(
            consultation=case, author=author, kinds=kinds, text=text, sent_at=now, corrects=answer
        )
        _save_attachments(stored, consultation=case, answer=correction)
        event = _record(
            case,
            type=EventType.ANSWER_CORRECTED,
            actor=author,
            at=now,
            answer_id=correction.pk,
            corrects_id=answer.pk,
            kinds=kinds,
            attachments=len(stored),
        )
        emails.queue_answer(correction, event)
    except BaseException:
        _discard(stored)
        raise
    return correction


# --- calendar -------------------------------------------------------------------


@transaction.atomic
def recompute_open_deadlines(*, now: datetime | None = None) -> int:
    """Recompute ``due_at`` of every case whose clock runs on a working-day rule, after
    the holiday calendar changed; record an event on each case whose deadline moved.
    Returns how many moved. Hourly rules (walk-in) do not depend on the calendar."""
    now = now or timezone.now()
    working_day_channels = [code.value for code, entry in CHANNELS.items() if not entry.deadline.hourly]
    running = (
        Consultation.objects.clock_running()
        .filter(channel__in=working_day_channels)
        .values_list("pk", "channel", "clock_started_at", "due_at")
    )
    # The deadline depends only on the channel and the WIB date of the clock start.
    computed: dict[tuple[str, date], datetime] = {}
    moved = 0
    for pk, channel, started, old_due in running.iterator(chunk_size=2000):
        key = (channel, timezone.localdate(started))
        if key not in computed:
            computed[key] = compute_due_at(channel, started)
        new_due = computed[key]
        if new_due == old_due:
            continue
        # Conditional: a case answered meanwhile keeps the deadline it was judged by.
        if Consultation.objects.filter(pk=pk, due_at=old_due, completed_at__isnull=True).update(
            due_at=new_due, updated_at=now
        ):
            Event.objects.create(
                consultation_id=pk,
                actor=None,
                type=EventType.DEADLINE_RECOMPUTED,
                at=now,
                data={"old_due_at": old_due, "new_due_at": new_due},
            )
            moved += 1
    if moved:
        logger.info("calendar change moved the deadline of %d open consultations", moved)
    return moved


# Re-exported for callers that import the statuses from here.
__all__ = [
    "Status",
    "add_internal_note",
    "allocate_case_number",
    "assign",
    "check_message_rate",
    "check_submission_rate",
    "claim",
    "consume_priority_credit",
    "correct_answer",
    "post_message",
    "recompute_open_deadlines",
    "reroute",
    "route_directorate",
    "send_answer",
    "submit_website_consultation",
]
