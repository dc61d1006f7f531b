"""The walk-in channel (SK 234/2024, channel 2: Tatap Muka), one function per step:

    submit_visit_form (anyone, no account) -> a VisitForm with a short code; no clock
    register_visit (the Sekretariat Pelayanan: the form found by its code, or a paper form
        typed in; the checklist; the identity document's type and last four characters)
        -> SUBMITTED; the clock starts: due = 1 hour later (the registry's rule)
    hand_off (the secretariat, to the staff authorized for the service type and on duty
        today; or the staff member passing the guest to a colleague, with a reason)
        -> ASSIGNED; the staff member is notified in the app at once
    accept_guest (the staff member meets the guest)
    need_more_time (the problem needs more than the hour; the clock still judges it)
    record_advice (the advice, its kinds and summary; only on a guest the same staff
        member has accepted) -> DELIVERED; the clock stops; the guest gets the summary
        by e-mail in their language

Each step is ``@transaction.atomic``, checks the step against the status table and the
channel, and writes one event; nothing is half-saved.

The steps take the values their forms (``forms``) clean: stripped text within its
length, the phone in E.164, an active category, the identity document's type and its
last four characters, the kinds of advice in the standard's order, checked files. They
check only what a form cannot: who acts, the case's state, a code already used or
expired, who may receive a guest, the desk's hours at the moment, the case's bytes.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.selectors import applicant_by_verified_email
from consultations import policies
from consultations.channels import Channel, check_step, spec
from consultations.errors import NotAllowed
from consultations.models import (
    Answer,
    Attachment,
    Category,
    Consultation,
    EventType,
    GuestHandoff,
    VisitForm,
    VisitFormFile,
    WalkIn,
)
from consultations.services.common import (
    check_case_bytes,
    lock,
    record,
    run_clock,
    save_attachments,
    stored_attachments,
    sync,
)
from consultations.services.intake import open_case, route_directorate
from consultations.services.office_hours import desk_is_open
from consultations.workflow import Step
from files.checks import CheckedFile
from files.storage import kept_until_failure, store
from notifications.outbox import dedupe_key, queue_email

from . import emails as walk_in_emails
from .selectors import CODE_LENGTH, display_code, on_duty_for

__all__ = [
    "FORM_VALID_FOR",
    "accept_guest",
    "desk_is_open",
    "hand_off",
    "need_more_time",
    "record_advice",
    "register_visit",
    "submit_visit_form",
]

# Unused codes expire (issue 10): a month is long past any planned visit.
FORM_VALID_FOR = timedelta(days=30)
# No 0/O, 1/I/L: a code read aloud or typed from a phone's screen survives.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
SUBJECT_MAX = Consultation._meta.get_field("subject").max_length


# --- the form beforehand -----------------------------------------------------------------


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


@transaction.atomic
def submit_visit_form(
    *,
    name: str,
    email: str,
    phone: str,
    institution_name: str,
    institution_type: str,
    category: Category,
    question: str,
    files: Sequence[CheckedFile] = (),
    language: str = "id",
    now: datetime | None = None,
) -> VisitForm:
    """Anyone fills the walk-in form before coming: a short visit code, shown on screen
    (with its QR code) and e-mailed. No clock starts; the code expires unused after 30 days.
    The values as ``forms.VisitFormForm`` cleans them."""
    now = now or timezone.now()
    check_case_bytes(files)
    rows = store(
        files,
        build=lambda item: VisitFormFile(original_name=item.name, size=item.size, content_type=item.content_type),
    )
    with kept_until_failure(rows) as stored:
        form = None
        for _attempt in range(5):
            try:
                with transaction.atomic():  # a code taken meanwhile: draw another
                    form = VisitForm.objects.create(
                        code=_new_code(), name=name, email=email, phone=phone, institution_name=institution_name,
                        institution_type=institution_type, category=category, question=question, language=language,
                        created_at=now, expires_at=now + FORM_VALID_FOR,
                    )
                break
            except IntegrityError:
                continue
        if form is None:
            raise RuntimeError("no free visit code after 5 draws")
        for row in stored:
            row.form = form
        VisitFormFile.objects.bulk_create(stored)
        queue_email(
            template=walk_in_emails.VISIT_FORM_RECEIVED,
            to=form.email,
            language=form.language,
            # Only the service's own words, the code and the link: the address was typed
            # by whoever filled the form, so the name and the question typed never go to
            # it (the form is not a relay; issue 24).
            context={
                "code": display_code(form.code),
                "category_name": category.name,
                "category_name_en": category.name_en,
                "expires_at": form.expires_at,
                "qr_url": walk_in_emails.visit_qr_url(form.code),
            },
            key=dedupe_key(template=walk_in_emails.VISIT_FORM_RECEIVED, cause=f"visitform-{form.pk}", recipient=form.email.lower()[:80]),
        )
    return form


# --- the desk --------------------------------------------------------------------------------


@transaction.atomic
def register_visit(
    *,
    actor: User,
    form: VisitForm | None = None,
    paper: dict | None = None,
    ticked: Iterable[str] = (),
    id_document_type: str = "",
    id_number_last4: str = "",
    outside_hours_reason: str = "",
    now: datetime | None = None,
) -> Consultation:
    """The secretariat registers the guest: from the form filled beforehand (``form``)
    or a paper form typed in (``paper``: the guest's fields as
    ``forms.PaperVisitRegistrationForm`` cleans them, and the page's ``language``). The
    checklist items met (``ticked``: the form requires them all), the identity document's
    type and the last four characters of its number are kept, as the form cleans them.
    Outside the desk's hours it needs a reason. The clock starts now."""
    now = now or timezone.now()
    if not (actor.is_active and actor.role == Role.FRONT_DESK):
        raise NotAllowed(_("Hanya Sekretariat Pelayanan yang mendaftarkan tamu."))
    if form is not None:
        form = VisitForm.objects.select_for_update().get(pk=form.pk)
        if form.used_at is not None:
            raise ValidationError({"code": _("Kode kunjungan ini sudah dipakai untuk pendaftaran lain.")}, code="used")
        if form.expires_at <= now:
            raise ValidationError({"code": _("Kode kunjungan ini sudah kedaluwarsa (lebih dari 30 hari).")}, code="expired")
        values = {
            "name": form.name, "email": form.email, "phone": form.phone, "institution_name": form.institution_name,
            "question": form.question,
        }
        category, institution_type, language = form.category, form.institution_type, form.language
    else:
        if paper is None:
            raise TypeError("register_visit takes the form filled beforehand or a paper form")
        values = {key: paper[key] for key in ("name", "email", "phone", "institution_name", "question")}
        category, institution_type = paper["category"], paper["institution_type"]
        language = paper.get("language") or "id"
    items = spec(Channel.TATAP_MUKA).requirements
    ticked = set(ticked)
    reason = ""
    if not desk_is_open(now):
        if not outside_hours_reason:
            raise ValidationError(
                {"outside_hours_reason": _(
                    "Saat ini di luar jam layanan tatap muka. Tulis alasan pendaftaran di luar jam layanan untuk melanjutkan."
                )},
                code="outside_hours",
            )
        reason = outside_hours_reason
    directorate, routed_by = route_directorate(category=category, institution_type=institution_type)

    def attach(consultation: Consultation) -> dict:
        if form is not None:
            if not VisitForm.objects.filter(pk=form.pk, used_at__isnull=True).update(used_at=now):
                raise ValidationError({"code": _("Kode kunjungan ini sudah dipakai untuk pendaftaran lain.")}, code="used")
            _attach_form_files(form, consultation, actor=actor, now=now)
        WalkIn.objects.create(
            consultation=consultation, form=form, checklist={item.key: item.key in ticked for item in items},
            id_document_type=id_document_type, id_number_last4=id_number_last4, registered_by=actor, registered_at=now,
            outside_hours_reason=reason,
        )
        return {"visit_code": form.code if form else None, "outside_hours": bool(reason)}

    consultation = open_case(
        channel=Channel.TATAP_MUKA, step=Step.REGISTER_VISIT, actor=actor, event_type=EventType.VISIT_REGISTERED,
        directorate=directorate, now=now, attach=attach, routed_by=routed_by,
        columns={
            # The guest's own portal account, if they have one: the case shows among theirs.
            "applicant": applicant_by_verified_email(values["email"]),
            "contact_name": values["name"],
            "contact_email": values["email"],
            "contact_phone": values["phone"],
            "category": category,
            "subject": _subject(values["question"]),
            "description": values["question"],
            "institution_name": values["institution_name"],
            "language": language,
        },
    )
    return consultation


def _subject(question: str) -> str:
    first = " ".join(question.split())
    return first if len(first) <= SUBJECT_MAX else first[: SUBJECT_MAX - 1] + "…"


def _attach_form_files(form: VisitForm, consultation: Consultation, *, actor: User, now: datetime) -> None:
    """The form's files become the case's attachments (the stored files themselves, no copy)."""
    Attachment.objects.bulk_create(
        [
            Attachment(
                consultation=consultation, file=item.file.name, original_name=item.original_name, size=item.size,
                content_type=item.content_type, uploaded_by=actor, uploaded_at=now,
            )
            for item in form.files.all()
        ]
    )


# --- hand-off and the staff member's steps ----------------------------------------------------


@transaction.atomic
def hand_off(
    *, consultation: Consultation, actor: User, to: User, reason: str = "", now: datetime | None = None
) -> GuestHandoff:
    """The secretariat hands the guest to a staff member authorized for the service type
    and on duty today; the staff member holding the guest may pass them to such a
    colleague, with a reason (``forms.HandOffForm`` requires it then). The new staff
    member is notified in the app at once."""
    now = now or timezone.now()
    case = lock(consultation)
    passing = case.assignee_id is not None and case.assignee_id == actor.pk
    if not (policies.can_hand_off(actor, case)):
        raise NotAllowed(_("Anda tidak berwenang menyerahkan tamu ini."))
    target = check_step(Step.HAND_OFF, case.status, channel=case.channel)
    if to.pk not in {user.pk for user in on_duty_for(case.category, now=now)}:
        raise ValidationError(
            {"to": _("Pilih pegawai yang berwenang untuk jenis layanan ini dan bertugas hari ini.")}, code="not_on_duty"
        )
    if to.pk == case.assignee_id:
        raise ValidationError({"to": _("Tamu ini sudah ditangani pegawai tersebut.")}, code="same")
    handoff = GuestHandoff.objects.create(consultation=case, from_user=actor, to_user=to, reason=reason, at=now)
    previous_directorate = case.directorate
    # The desk is shared: the guest's case belongs to the directorate of whoever the admin
    # authorized for the service type and the secretariat handed the guest to.
    case.assignee, case.status, case.directorate = to, target, to.directorate
    case.save(update_fields=["assignee", "status", "directorate", "updated_at"])
    WalkIn.objects.filter(pk=case.pk).update(accepted_by=None, accepted_at=None)
    record(
        case, type=EventType.GUEST_HANDED_OFF, actor=actor, at=now, assignee_id=to.pk, assignee_name=to.full_name,
        passed=passing, reason=reason, from_directorate=previous_directorate.code, to_directorate=to.directorate.code,
    )
    sync(consultation, case)
    return handoff


def _assignee_step(consultation: Consultation, actor: User, step: Step) -> Consultation:
    case = lock(consultation)
    if case.assignee_id != actor.pk or not policies.is_caseworker_of(actor, case):
        raise NotAllowed(_("Hanya pegawai yang menerima tamu ini yang dapat melakukannya."))
    check_step(step, case.status, channel=case.channel)
    return case


@transaction.atomic
def accept_guest(*, consultation: Consultation, actor: User, now: datetime | None = None) -> Consultation:
    """The staff member meets the guest (once per hand-off: a second press changes
    nothing and records nothing)."""
    now = now or timezone.now()
    case = _assignee_step(consultation, actor, Step.ACCEPT_GUEST)
    if WalkIn.objects.filter(pk=case.pk, accepted_at__isnull=True).update(accepted_by=actor, accepted_at=now):
        record(case, type=EventType.GUEST_ACCEPTED, actor=actor, at=now)
    sync(consultation, case)
    return case


@transaction.atomic
def need_more_time(*, consultation: Consultation, actor: User, reason: str, now: datetime | None = None) -> Consultation:
    """The standard's "1 jam/sesuai dengan permasalahan": recorded with its reason; the
    deadline does not move, and a breach still earns the guest's priority credit."""
    now = now or timezone.now()
    case = _assignee_step(consultation, actor, Step.NEED_MORE_TIME)
    WalkIn.objects.filter(pk=case.pk).update(more_time_reason=reason)
    record(case, type=EventType.MORE_TIME_NEEDED, actor=actor, at=now, reason=reason, due_at=case.due_at)
    sync(consultation, case)
    return case


@transaction.atomic
def record_advice(
    *,
    consultation: Consultation,
    author: User,
    kinds: Sequence[str],
    summary: str,
    files: Sequence[CheckedFile] = (),
    now: datetime | None = None,
) -> Answer:
    """The staff member records the advice given (``kinds`` in the standard's order and
    the summary, as ``forms.AdviceForm`` cleans them): the clock stops; the guest gets
    the summary by e-mail in their language, with the case number.

    Only for a guest the author has accepted (:func:`accept_guest`, after the last
    hand-off): advice on a guest nobody met would close the case with no one recorded as
    having met them. The step does not accept the guest itself: acceptance is the moment
    the staff member meets the guest, which the board shows the secretariat while the
    hour runs; written in at the advice's minute it would be a meeting time that never
    happened (the advice is often written after the conversation). The refusal is a
    form error, so the summary typed is kept while the staff member presses "Terima tamu".
    """
    now = now or timezone.now()
    case = _assignee_step(consultation, author, Step.RECORD_ADVICE)
    target = check_step(Step.RECORD_ADVICE, case.status, channel=case.channel)
    # The case row is locked (a hand-off, which clears the acceptance, waits for us).
    if not WalkIn.objects.filter(pk=case.pk, accepted_by=author, accepted_at__isnull=False).exists():
        raise ValidationError(
            _("Terima tamu terlebih dahulu: saran dicatat untuk tamu yang sudah Anda terima."), code="not_accepted"
        )
    chosen = list(kinds)
    check_case_bytes(files, consultation=case)
    with stored_attachments(files, uploaded_by=author, at=now) as stored:
        advice = Answer.objects.create(consultation=case, author=author, kinds=chosen, text=summary, sent_at=now)
        save_attachments(stored, consultation=case, answer=advice)
        case.status = target
        fields = run_clock(case, Step.RECORD_ADVICE, now=now)
        case.save(update_fields=["status", "updated_at", *fields])
        event = record(
            case, type=EventType.ADVICE_RECORDED, actor=author, at=now, answer_id=advice.pk, kinds=chosen,
            on_time=case.completed_on_time, attachments=len(stored),
        )
        walk_in_emails.queue_advice(advice, event)
    sync(consultation, case)
    return advice
