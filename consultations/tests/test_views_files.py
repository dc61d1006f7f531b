"""Downloads: only through the view, only for who may see the case, always as a download."""

from __future__ import annotations

import pytest
from django.urls import reverse

from consultations.models import Attachment

from .factories import PDF_BYTES, pdf, submit

BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


@pytest.fixture
def attachment(kl_applicant, spec_day, holidays):
    submit(kl_applicant, files=[pdf("Surat <Permohonan> \u201cresmi\u201d.pdf")])
    return Attachment.objects.get()


def download(client, user, attachment, method="get"):
    if user is not None:
        client.force_login(user, backend=BACKEND)
    return getattr(client, method)(reverse("consultations:attachment", kwargs={"pk": attachment.pk}))


@pytest.mark.parametrize("persona", ["kl_applicant", "director_pusat", "staff", "front_desk", "admin_user"])
def test_who_may_see_the_case_downloads_it_as_an_attachment(client, request, attachment, persona):
    response = download(client, request.getfixturevalue(persona), attachment)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert attachment.original_name == "Surat_Permohonan_resmi.pdf"  # sanitised when stored
    assert 'filename="Surat_Permohonan_resmi.pdf"' in disposition
    assert "sandbox" in response["Content-Security-Policy"]


# The complaint handler of the case's own directorate included: complaints, not cases,
# are their work (docs/decisions/0003).
@pytest.mark.parametrize("persona", ["applicant_b", "director_daerah", "director_hukum", "complaint_handler"])
def test_everybody_else_gets_404(client, request, attachment, persona):
    assert download(client, request.getfixturevalue(persona), attachment).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, attachment):
    response = download(client, None, attachment)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_a_stored_type_outside_the_allowed_list_is_served_as_a_neutral_stream(client, attachment, kl_applicant):
    Attachment.objects.filter(pk=attachment.pk).update(content_type="text/html")
    response = download(client, kl_applicant, attachment)
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")


def test_a_file_missing_from_storage_is_404(client, attachment, kl_applicant):
    attachment.file.delete(save=False)
    assert download(client, kl_applicant, attachment).status_code == 404


def test_only_get_and_head(client, attachment, kl_applicant):
    assert download(client, kl_applicant, attachment, "head").status_code == 200
    assert download(client, kl_applicant, attachment, "post").status_code == 405
