"""The satisfaction survey after a delivered output: one invitation per case by e-mail
(single-use link), one response with the nine elements, and the index from responses."""

from __future__ import annotations

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from consultations.tests.factories import ConsultationFactory
from consultations.workflow import Status
from notifications.models import OutboundEmail
from surveys.forms import COMMENT_MAX, SurveyForm
from surveys.models import SurveyInvitation, SurveyResponse
from surveys.scoring import ELEMENTS, ikm_of_responses
from surveys.services import invitation_for_token, invite_delivered, submit_response

ALL_THREES = dict.fromkeys(ELEMENTS, 3)


@pytest.fixture
def delivered(db, applicant_a):
    from django.utils import timezone

    return ConsultationFactory(applicant=applicant_a, status=Status.DELIVERED, completed_at=timezone.now(),
                               completed_on_time=True)


def token_of(case) -> str:
    email = OutboundEmail.objects.get(template="survey-invitation", subject_id=case.pk)
    return re.search(r"/survei/([^/]+)/", email.context["survey_url"]).group(1)


def by_link(case):
    """The invitation the e-mailed link opens, as the token page finds it."""
    from django.utils import timezone

    return invitation_for_token(token_of(case), now=timezone.now())


def test_a_delivered_case_is_invited_once(delivered, applicant_a):
    ConsultationFactory(applicant=applicant_a)  # still open: no survey yet
    assert invite_delivered() == 1
    assert invite_delivered() == 0
    invitation = SurveyInvitation.objects.get()
    assert invitation.consultation == delivered and invitation.email == applicant_a.email
    token = token_of(delivered)
    assert len(token) >= 32 and invitation.token_digest != token


def test_one_response_per_case_then_the_link_is_closed(delivered, client):
    invite_delivered()
    token = token_of(delivered)
    invitation = by_link(delivered)
    response = submit_response(invitation=invitation, scores=ALL_THREES, comment="Cepat dan jelas.", profile={"sex": "p"})
    assert response.scores() == ALL_THREES and response.channel == delivered.channel
    assert by_link(delivered) is None
    with pytest.raises(ValidationError):
        submit_response(invitation=invitation, scores=ALL_THREES)
    # A copy read before the first answer (the other tab) is refused by the claim.
    stale = SurveyInvitation.objects.get()
    stale.used_at = None
    with pytest.raises(ValidationError):
        submit_response(invitation=stale, scores=ALL_THREES)
    assert SurveyResponse.objects.count() == 1
    assert client.get(reverse("surveys:answer", kwargs={"token": token})).status_code == 404


def test_every_element_needs_an_answer_on_the_scale():
    form = SurveyForm({**ALL_THREES, "biaya": 5, "sarana": "", "comment": "x" * (COMMENT_MAX + 1), "sex": "z"})
    assert not form.is_valid()
    assert set(form.errors) == {"biaya", "sarana", "comment", "sex"}
    assert form.errors["sarana"] == ["Pilih salah satu jawaban."]
    form = SurveyForm({**ALL_THREES, "comment": " Cepat. ", "sex": "p"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["biaya"] == 3 and form.cleaned_data["comment"] == "Cepat."


def test_the_survey_page_records_a_response(delivered, client):
    invite_delivered()
    token = token_of(delivered)
    url = reverse("surveys:answer", kwargs={"token": token})
    page = client.get(url)
    assert page.status_code == 200 and "Sangat sesuai" in page.content.decode() and "Gratis" in page.content.decode()
    incomplete = client.post(url, {e: 4 for e in ELEMENTS[:-1]})
    assert incomplete.status_code == 200 and not SurveyResponse.objects.exists()
    done = client.post(url, {**{e: 4 for e in ELEMENTS}, "education": "s1"})
    assert done.status_code == 200 and SurveyResponse.objects.get().education == "s1"
    _nrrs, index = ikm_of_responses([r.scores() for r in SurveyResponse.objects.all()])
    assert str(index.value) == "99.90" and index.grade == "A"


def test_the_directors_report_shows_the_index_of_the_period(client, applicant_a, director_pusat, director_daerah):
    from django.utils import timezone

    case = ConsultationFactory(applicant=applicant_a, status=Status.DELIVERED, completed_at=timezone.now(),
                               completed_on_time=True, directorate=director_pusat.directorate)
    invite_delivered()
    submit_response(invitation=by_link(case), scores=ALL_THREES, comment="Terima kasih, sangat membantu.")
    year = timezone.localdate(case.completed_at).year
    client.force_login(director_pusat, backend="allauth.account.auth_backends.AuthenticationBackend")
    content = client.get(reverse("surveys:report"), {"jenis": "tahun", "tahun": year}).content.decode()
    # 9 × 3 × 0.111 × 25 = 74.925, printed 74.93: C (Kurang Baik).
    assert "74,93" in content and "Kurang Baik" in content and "sangat membantu" in content
    csv = client.get(reverse("surveys:report_csv"), {"jenis": "tahun", "tahun": year})
    assert csv.status_code == 200 and "IKM,74.93" in csv.getvalue().decode("utf-8-sig")
    xlsx = client.get(reverse("surveys:report_xlsx"), {"jenis": "tahun", "tahun": year})
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(xlsx.getvalue()))
    assert ["IKM", 74.93] in [[c.value for c in row] for row in book["IKM"].iter_rows()]
    assert client.get(reverse("surveys:report"), {"jenis": "triwulan", "ke": 5}).status_code == 400
    # Another directorate's director sees none of it.
    client.force_login(director_daerah, backend="allauth.account.auth_backends.AuthenticationBackend")
    other = client.get(reverse("surveys:report"), {"jenis": "tahun", "tahun": year}).content.decode()
    assert "74,93" not in other and "sangat membantu" not in other
