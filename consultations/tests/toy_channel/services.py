"""The toy channel's intake: its own check, then the intake spine does the rest."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Directorate, User
from consultations.models import Consultation, EventType
from consultations.services.intake import open_case
from consultations.workflow import Step


@transaction.atomic
def send_by_pigeon(*, applicant: User, question: str, now: datetime | None = None) -> Consultation:
    now = now or timezone.now()
    question = (question or "").strip()
    if not question:
        raise ValidationError({"question": "Tulis pertanyaan untuk merpati."})
    return open_case(
        channel="merpati", step=Step.SUBMIT, actor=applicant, event_type=EventType.SUBMITTED,
        directorate=Directorate.objects.get(code="pusat"), now=now,
        columns={"applicant": applicant, "contact_name": applicant.full_name, "contact_email": applicant.email,
                 "subject": question[:80], "description": question, "language": applicant.language},
        pigeon="Merpati pos",
    )
