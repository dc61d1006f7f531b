"""The survey's steps: invite whoever a case is for once its output went out (all
channels), and record their one response.

:func:`invite_delivered` is a beat task's body (``surveys.tasks``): it reads the cases
whose output went out (``ConsultationQuerySet.output_sent``: for an online meeting, its
approved report, not the confirmation; never a cancelled case) and that have no
invitation yet — the consultation desk knows nothing of surveys (the house's arrows
point down) — and e-mails each a single-use link.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations.channels import OutputKind
from consultations.emails import applicant_recipient
from consultations.models import Consultation
from notifications.outbox import dedupe_key, queue_email

from .models import AgeBand, Education, Occupation, Sex, SurveyInvitation, SurveyResponse
from .scoring import ELEMENTS

__all__ = [
    "INVITATION_VALID_FOR", "invitation_for_case", "invitation_for_token", "invite_delivered", "is_open",
    "output_sent_at", "submit_response",
]

# A month and a half to answer: long enough after a letter, short enough to remember.
INVITATION_VALID_FOR = timedelta(days=45)
SURVEY_INVITATION = "survey-invitation"
PROFILE = {"age_band": AgeBand, "sex": Sex, "education": Education, "occupation": Occupation}


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def survey_url(token: str) -> str:
    return f"{settings.SITE_URL}{reverse('surveys:answer', kwargs={'token': token})}"


def invite_delivered(*, now: datetime | None = None, limit: int = 500) -> int:
    """Invite the people of cases whose output went out and who were not invited yet, once
    each (the invitation is unique per case). Returns how many were invited."""
    now = now or timezone.now()
    cases = (
        Consultation.objects.output_sent()
        .filter(completed_at__isnull=False, survey_invitation__isnull=True)
        .select_related("applicant", "directorate")
        .order_by("completed_at", "id")[:limit]
    )
    invited = 0
    for case in cases:
        recipient = applicant_recipient(case)
        token = secrets.token_urlsafe(24)
        try:
            with transaction.atomic():
                SurveyInvitation.objects.create(
                    consultation=case, token_digest=digest(token), email=recipient.address if recipient else "",
                    language=recipient.language if recipient else case.language, created_at=now,
                    expires_at=now + INVITATION_VALID_FOR,
                )
                if recipient is not None:
                    queue_email(
                        template=SURVEY_INVITATION, to=recipient.address, language=recipient.language,
                        context={"number": case.number, "subject": case.subject, "applicant_name": case.applicant_name,
                                 "survey_url": survey_url(token), "expires_at": now + INVITATION_VALID_FOR},
                        key=dedupe_key(template=SURVEY_INVITATION, cause=f"case-{case.pk}", recipient=recipient.key),
                        subject=case,
                    )
        except IntegrityError:
            continue  # another worker invited this case meanwhile
        invited += 1
    return invited


def output_sent_at(case: Consultation) -> datetime:
    """When the case's output went out: the period its response counts in (IKM per
    period). The clock's stop for most channels; for the online meeting the stop is the
    schedule's confirmation and the output its report, sent when approved."""
    if case.channel_spec.output == OutputKind.MEETING_REPORT:
        report = getattr(case, "meeting_report", None)
        if report is not None and report.approved_at is not None:
            return report.approved_at
    return case.completed_at


def is_open(invitation: SurveyInvitation, *, now: datetime) -> bool:
    return invitation.used_at is None and invitation.expires_at > now


def invitation_for_token(token: str, *, now: datetime) -> SurveyInvitation | None:
    """The open invitation a link opens, or None (a wrong, used or expired link alike)."""
    if not token or len(token) > 64:
        return None
    invitation = SurveyInvitation.objects.select_related("consultation").filter(token_digest=digest(token)).first()
    if invitation is None or not is_open(invitation, now=now):
        return None
    return invitation


def invitation_for_case(case: Consultation) -> SurveyInvitation | None:
    """The invitation of ``case`` (open, answered or expired), or None while the beat
    task has not invited it yet. The caller has already checked who may see the case."""
    invitation = SurveyInvitation.objects.filter(consultation=case).first()
    if invitation is not None:
        invitation.consultation = case
    return invitation


@transaction.atomic
def submit_response(
    *, invitation: SurveyInvitation, scores: Mapping[str, int | None], comment: str = "",
    profile: Mapping[str, str] | None = None, now: datetime | None = None,
) -> SurveyResponse:
    """Record the one response of a case: every element scored 1–4, the profile optional
    (``forms.SurveyForm`` checks the scores, the profile's choices and the comment; this
    checks that the invitation is still open and claims it).

    Both ways in call this: the e-mailed link (``invitation_for_token``) and the
    applicant's own case page (``invitation_for_case``). Single use holds for both
    together: the invitation is claimed with a conditional update (not used, not expired)
    and the response is one-to-one with it.
    """
    now = now or timezone.now()
    if invitation.used_at is not None:
        raise ValidationError({"__all__": _("Survei untuk layanan ini sudah diisi.")}, code="used")
    if invitation.expires_at <= now:
        raise ValidationError({"__all__": _("Masa pengisian survei untuk layanan ini sudah berakhir.")}, code="expired")
    profile = dict(profile or {})
    claimed = SurveyInvitation.objects.filter(pk=invitation.pk, used_at__isnull=True, expires_at__gt=now).update(used_at=now)
    if not claimed:
        # Answered meanwhile (the link and the case page at once), or expired just now.
        raise ValidationError({"__all__": _("Survei untuk layanan ini sudah diisi.")}, code="used")
    invitation.used_at = now
    case = invitation.consultation
    return SurveyResponse.objects.create(
        invitation=invitation, channel=case.channel, directorate_id=case.directorate_id,
        delivered_at=output_sent_at(case), comment=comment, submitted_at=now,
        **{element: int(scores[element]) for element in ELEMENTS},
        **{key: profile.get(key, "") for key in PROFILE},
    )
