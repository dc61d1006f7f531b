"""Intake of the website channel: an applicant with a verified e-mail submits a question
in the portal (SK 234/2024, channel 3; 10 working days from submission)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import has_verified_email
from accounts.models import Role, User
from consultations import notices
from consultations.channels import Channel
from consultations.errors import NotAllowed
from consultations.models import Category, Consultation, EventType
from consultations.services.common import check_case_bytes, save_attachments, stored_attachments
from consultations.services.intake import open_case, route_directorate
from consultations.services.rates import check_submission_rate
from consultations.workflow import Step
from files.checks import CheckedFile

from . import emails as website_emails


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
    files: Sequence[CheckedFile] = (),
    language: str | None = None,
    now: datetime | None = None,
) -> Consultation:
    """An applicant with a verified e-mail submits a question through the website.

    Routes it (``intake.route_directorate``), stores the files under random names and
    opens the case through the intake spine (``intake.open_case``: the next number, the
    clock started now and due at the end of the 10th working day, a priority credit the
    applicant is owed, the event), then queues the confirmation e-mail and tells the
    directorate. ``language`` is the language the applicant used (default: their account's).
    """
    now = now or timezone.now()
    if applicant.role != Role.APPLICANT or not applicant.is_active:
        raise NotAllowed(_("Hanya pemohon yang dapat mengajukan konsultasi melalui website."))
    if not has_verified_email(applicant):
        raise NotAllowed(_("Verifikasi alamat e-mail Anda sebelum mengajukan konsultasi."))
    check_submission_rate(applicant=applicant, now=now)

    checked = list(files)
    check_case_bytes(checked)
    profile = getattr(applicant, "profile", None)
    directorate, routed_by = route_directorate(
        category=category, institution_type=profile.institution_type if profile is not None else None
    )
    with stored_attachments(checked, uploaded_by=applicant, at=now) as stored:
        consultation = open_case(
            channel=Channel.WEBSITE, step=Step.SUBMIT, actor=applicant, event_type=EventType.SUBMITTED,
            directorate=directorate, now=now,
            columns={
                "applicant": applicant,
                # The account's contact as it is now: the case keeps it whatever the
                # account changes later.
                "contact_name": applicant.full_name,
                "contact_email": applicant.email,
                "contact_phone": profile.phone if profile is not None else "",
                "category": category,
                "subject": subject,
                "description": description,
                "institution_name": institution_name,
                "procurement_package": procurement_package,
                "fiscal_year": fiscal_year,
                "procurement_stage": procurement_stage,
                "language": language or applicant.language,
            },
            attach=lambda case: save_attachments(stored, consultation=case),
            tell=_tell,
            routed_by=routed_by,
            attachments=len(stored),
        )
    return consultation


def _tell(case: Consultation, event) -> None:
    website_emails.queue_submitted(case, event)
    notices.notify_new_case(case, event)
