"""The survey from the applicant's own case page (signed in): the same form and the same
one response per case as the e-mailed link, whichever is used first."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from consultations.tests.factories import ConsultationFactory
from consultations.workflow import Status
from surveys.models import SurveyInvitation, SurveyResponse
from surveys.services import invitation_for_case, invite_delivered, submit_response

from .test_survey import ALL_THREES, by_link, token_of

ALL_FOURS = {element: 4 for element in ALL_THREES}


@pytest.fixture
def delivered(db, applicant_a):
    return ConsultationFactory(applicant=applicant_a, status=Status.DELIVERED, completed_at=timezone.now(),
                               completed_on_time=True)


def survey_url(case) -> str:
    return reverse("surveys:for_case", kwargs={"number": case.number})


def test_the_case_page_of_a_delivered_case_invites_to_the_survey(delivered, applicant_a, login):
    open_case = ConsultationFactory(applicant=applicant_a)
    client = login(applicant_a)
    html = client.get(reverse("consultations:detail", kwargs={"number": delivered.number})).content.decode()
    assert 'id="ajakan-survei"' in html and survey_url(delivered) in html
    html = client.get(reverse("consultations:detail", kwargs={"number": open_case.number})).content.decode()
    assert 'id="ajakan-survei"' not in html


def test_the_applicant_answers_from_the_case_page_once(delivered, applicant_a, login, client):
    invite_delivered()
    client = login(applicant_a)
    page = client.get(survey_url(delivered))
    assert page.status_code == 200 and "Sangat sesuai" in page.content.decode()
    assert page["Cache-Control"] == "private, no-store"
    # One element left out: refused, the others kept.
    incomplete = client.post(survey_url(delivered), {**{e: 4 for e in list(ALL_FOURS)[:-1]}, "comment": "Cepat."})
    html = incomplete.content.decode()
    assert incomplete.status_code == 200 and "Pilih salah satu jawaban." in html and "Cepat." in html
    assert incomplete.context["form"]["persyaratan"].value() == "4"
    assert not SurveyResponse.objects.exists()
    done = client.post(survey_url(delivered), {**ALL_FOURS, "comment": "Cepat dan jelas.", "occupation": "pns"})
    assert done.status_code == 302 and done["Location"] == survey_url(delivered)
    response = SurveyResponse.objects.get()
    assert response.scores() == ALL_FOURS and response.comment == "Cepat dan jelas." and response.occupation == "pns"
    assert response.channel == delivered.channel and response.directorate_id == delivered.directorate_id
    thanks = client.get(survey_url(delivered)).content.decode()
    assert "Terima kasih" in thanks and "sudah diisi" in thanks
    # The e-mailed link is spent too, and a second answer from this page is refused.
    assert client.get(reverse("surveys:answer", kwargs={"token": token_of(delivered)})).status_code == 404
    again = client.post(survey_url(delivered), ALL_THREES)
    assert "sudah diisi" in again.content.decode() and SurveyResponse.objects.count() == 1


def test_answered_by_the_link_the_case_page_says_thank_you(delivered, applicant_a, login):
    invite_delivered()
    submit_response(invitation=by_link(delivered), scores=ALL_THREES)
    html = login(applicant_a).get(survey_url(delivered)).content.decode()
    assert "sudah diisi" in html and 'name="persyaratan"' not in html


def test_somebody_elses_case_and_an_unknown_number_are_the_same_404(delivered, applicant_b, login):
    invite_delivered()
    client = login(applicant_b)
    assert client.get(survey_url(delivered)).status_code == 404
    assert client.post(survey_url(delivered), ALL_FOURS).status_code == 404
    assert client.get(reverse("surveys:for_case", kwargs={"number": "ADV-2099-999999"})).status_code == 404
    assert not SurveyResponse.objects.exists()


def test_not_invited_yet_not_delivered_or_expired_say_so(delivered, applicant_a, login):
    client = login(applicant_a)
    pending = client.get(survey_url(delivered))
    assert pending.status_code == 200 and "sedang disiapkan" in pending.content.decode()
    open_case = ConsultationFactory(applicant=applicant_a)
    assert "setelah layanan selesai" in client.get(survey_url(open_case)).content.decode()
    invite_delivered()
    SurveyInvitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    expired = client.get(survey_url(delivered)).content.decode()
    assert "sudah berakhir" in expired and 'name="persyaratan"' not in expired
    assert client.post(survey_url(delivered), ALL_FOURS).status_code == 200
    assert not SurveyResponse.objects.exists()


def test_an_expired_invitation_is_refused_by_the_service(delivered):
    invite_delivered()
    invitation = invitation_for_case(delivered)
    with pytest.raises(ValidationError) as excinfo:
        submit_response(invitation=invitation, scores=ALL_THREES, now=invitation.expires_at)
    assert "berakhir" in str(excinfo.value)
    assert not SurveyResponse.objects.exists()
