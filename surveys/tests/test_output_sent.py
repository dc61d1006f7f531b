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


@pytest.mark.django_db
def test_a_meetings_response_counts_in_the_period_its_report_went_out(applicant_a, admin_user):
    """IKM per period counts a response in the period of the output it asks about: for an
    online meeting the approved report, not the confirmation that stopped the clock."""
    from datetime import datetime

    from core.time import WIB
    from surveys.models import SurveyResponse
    from surveys.reports import Period, responses_for
    from surveys.scoring import ELEMENTS
    from surveys.services import invitation_for_case, submit_response

    confirmed_at = datetime(2026, 9, 30, 15, 0, tzinfo=WIB)  # the third quarter
    approved_at = datetime(2026, 10, 2, 10, 0, tzinfo=WIB)  # the fourth
    meeting = ConsultationFactory(applicant=applicant_a, channel=Channel.DARING, status=Status.DELIVERED,
                                  completed_at=confirmed_at, completed_on_time=True)
    report = report_for(meeting, approved=True)
    MeetingReport.objects.filter(pk=report.pk).update(approved_at=approved_at)
    website = ConsultationFactory(applicant=applicant_a, channel=Channel.WEBSITE, status=Status.DELIVERED,
                                  completed_at=confirmed_at, completed_on_time=True)
    assert invite_delivered() == 2
    for case in (meeting, website):
        fresh = Consultation.objects.get(pk=case.pk)  # not the rows this test holds, with their cached report
        submit_response(invitation=invitation_for_case(fresh), scores=dict.fromkeys(ELEMENTS, 4))

    assert SurveyResponse.objects.get(invitation__consultation=meeting).delivered_at == approved_at
    assert SurveyResponse.objects.get(invitation__consultation=website).delivered_at == confirmed_at
    third, fourth = (Period(kind="triwulan", year=2026, number=n) for n in (3, 4))
    assert [r.channel for r in responses_for(admin_user, period=third)] == [Channel.WEBSITE]
    assert [r.channel for r in responses_for(admin_user, period=fourth)] == [Channel.DARING]
