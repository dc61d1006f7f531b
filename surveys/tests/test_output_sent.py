"""The survey asks about the output, so it goes out when the output does: for an online
meeting that is its approved report, not the confirmation of its schedule (which stops
the clock); a case closed as cancelled had no output and is never asked."""

from __future__ import annotations

import pytest
from django.utils import timezone

from accounts.tests.factories import InternalUserFactory
from consultations.channels import Channel
from consultations.models import Consultation, MeetingReport
from consultations.tests.factories import ConsultationFactory
from consultations.workflow import Status
from surveys.models import SurveyInvitation
from surveys.services import invite_delivered


def case_of(applicant, channel, status, *, on_time=True):
    return ConsultationFactory(applicant=applicant, channel=channel, status=status, completed_at=timezone.now(),
                               completed_on_time=on_time if status == Status.DELIVERED else None)


def report_for(case, *, approved: bool) -> MeetingReport:
    author = InternalUserFactory()
    now = timezone.now()
    return MeetingReport.objects.create(
        consultation=case, author=author, held_on=timezone.localdate(), attendees_lkpp="Putri", attendees_applicant="Dewi",
        problem="Harga.", discussion="Kontrak.", kinds=["saran"], advice="Ikuti kontrak.", written_at=now,
        approved_by=author if approved else None, approved_at=now if approved else None,
    )


@pytest.mark.django_db
def test_an_online_meeting_is_asked_about_once_its_report_is_sent(applicant_a):
    website = case_of(applicant_a, Channel.WEBSITE, Status.DELIVERED)
    confirmed = case_of(applicant_a, Channel.DARING, Status.DELIVERED)
    drafted = case_of(applicant_a, Channel.DARING, Status.DELIVERED)
    report_for(drafted, approved=False)
    reported = case_of(applicant_a, Channel.DARING, Status.DELIVERED)
    report_for(reported, approved=True)
    cancelled = case_of(applicant_a, Channel.DARING, Status.CANCELLED)
    assert set(Consultation.objects.output_sent()) == {website, reported}
    assert [c.output_sent for c in Consultation.objects.filter(pk__in=[website.pk, confirmed.pk, drafted.pk,
                                                                        reported.pk, cancelled.pk]).order_by("pk")] \
        == [True, False, False, True, False]
    assert invite_delivered() == 2
    assert set(SurveyInvitation.objects.values_list("consultation_id", flat=True)) == {website.pk, reported.pk}
    report = MeetingReport.objects.get(consultation=drafted)
    report.approved_by, report.approved_at = report.author, timezone.now()
    report.save()
    assert invite_delivered() == 1 and invite_delivered() == 0
    assert not SurveyInvitation.objects.filter(consultation__in=[confirmed, cancelled]).exists()
