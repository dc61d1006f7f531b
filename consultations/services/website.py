"""Intake of the website channel: an applicant with a verified e-mail submits a question
in the portal (SK 234/2024, channel 3; 10 working days from submission)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import has_verified_email
from accounts.models import Role, User
from files.checks import validate_uploads

from .. import emails, notices
from ..channels import Channel, check_step, spec
from ..errors import NotAllowed
from ..limits import DESCRIPTION_MAX_LENGTH
from ..models import Category, Consultation, EventType, ProcurementStage
from ..workflow import Step
from .common import check_case_bytes, collect, record, run_clock, save_attachments, stored_attachments, text
from .compensation import consume_priority_credit
from .intake import allocate_case_number, route_directorate
from .rates import check_submission_rate

SUBJECT_MAX = Consultation._meta.get_field("subject").max_length
PACKAGE_MAX = Consultation._meta.get_field("procurement_package").max_length
INSTITUTION_MAX = Consultation._meta.get_field("institution_name").max_length


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

    Routes it (``intake.route_directorate``), starts the clock now (the channel's
    clock-start step), sets ``due_at`` to the end of the 10th working day, gives it the
    next case number, stores the files under random names, and queues the confirmation
    e-mail. ``language`` is the language the applicant used (default: their account's).
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

    subject, description, institution_name, procurement_package, checked = collect(
        lambda: text(subject, field="subject", max_length=SUBJECT_MAX),
        lambda: text(description, field="description", max_length=DESCRIPTION_MAX_LENGTH),
        lambda: text(institution_name, field="institution_name", max_length=INSTITUTION_MAX),
        lambda: text(procurement_package, field="procurement_package", max_length=PACKAGE_MAX, required=False),
        lambda: validate_uploads(list(files)),
        check_category,
        check_year,
        check_stage,
    )[:5]

    check_case_bytes(checked)
    directorate, routed_by = route_directorate(category=category, applicant=applicant)
    with stored_attachments(checked, uploaded_by=applicant, at=now) as stored:
        consultation = Consultation(
            number=allocate_case_number(year=timezone.localtime(now).year),
            channel=Channel.WEBSITE,
            status=check_step(Step.SUBMIT, None, channel=Channel.WEBSITE),
            applicant=applicant,
            # The account's contact as it is now: the case keeps it whatever the
            # account changes later.
            contact_name=applicant.full_name,
            contact_email=applicant.email,
            contact_phone=getattr(getattr(applicant, "profile", None), "phone", ""),
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
        )
        run_clock(consultation, Step.SUBMIT, now=now)
        consultation.save(force_insert=True)
        save_attachments(stored, consultation=consultation)
        # After the insert: a credit records the case that used it.
        credit = consume_priority_credit(consultation=consultation, now=now)
        event = record(
            consultation,
            type=EventType.SUBMITTED,
            actor=applicant,
            at=now,
            channel=consultation.channel,
            clock_start=str(spec(Channel.WEBSITE).clock_start),
            directorate=directorate.code,
            routed_by=routed_by,
            due_at=consultation.due_at,
            attachments=len(stored),
            priority=consultation.is_priority,
            priority_credit_for=credit.granted_for.number if credit else None,
        )
        emails.queue_submitted(consultation, event)
        notices.notify_new_case(consultation, event)
    return consultation
