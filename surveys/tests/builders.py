"""Responses at a chosen moment, through the real services: a delivered case, its
invitation by the beat task, the answer by the e-mailed link."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine

from consultations.tests.factories import ConsultationFactory
from consultations.workflow import Status
from surveys.models import SurveyResponse
from surveys.scoring import ELEMENTS
from surveys.services import invite_delivered, submit_response

from .test_survey import by_link

WIB = ZoneInfo("Asia/Jakarta")


def sheet(*scores: int) -> dict[str, int]:
    """The nine elements' scores in the regulation's order (one score: all nine alike)."""
    values = scores * len(ELEMENTS) if len(scores) == 1 else scores
    return dict(zip(ELEMENTS, values, strict=True))


def answered(applicant, delivered_at: datetime, scores: dict[str, int], *, comment: str = "", **case) -> SurveyResponse:
    """A case delivered at ``delivered_at``, invited then and answered an hour later."""
    with time_machine.travel(delivered_at, tick=False):
        consultation = ConsultationFactory(applicant=applicant, status=Status.DELIVERED, completed_at=delivered_at,
                                           completed_on_time=True, **case)
        invite_delivered()
    with time_machine.travel(delivered_at + timedelta(hours=1), tick=False):
        return submit_response(invitation=by_link(consultation), scores=scores, comment=comment)
