"""The applicant's profile: shown with the identity number masked, edited without loss."""

import pytest
from django.urls import reverse

from accounts.models import ApplicantProfile

pytestmark = pytest.mark.django_db

KTP = "3204123456789012"


@pytest.fixture
def applicant_with_ktp(applicant_a):
    ApplicantProfile.objects.filter(user=applicant_a).update(id_document_type="ktp", id_document_number=KTP)
    return applicant_a


def edit_data(**overrides):
    data = {
        "full_name": "Ayu Lestari",
        "phone": "(021) 29912450 ext 0305",
        "institution_name": "Biro Pengadaan Kementerian Keuangan",
        "institution_type": "kl",
        "id_document_type": "ktp",
        "id_document_number": "",
        "language": "id",
    }
    data.update(overrides)
    return data


def test_profile_shows_the_identity_number_masked(client, applicant_with_ktp):
    client.force_login(applicant_with_ktp)
    html = client.get(reverse("accounts:profile")).content.decode()

    assert "••••••••••••9012" in html
    assert KTP not in html
    assert "Ayu Lestari" in html and "Dinas Pekerjaan Umum Kota Bandung" in html
    assert reverse("account_change_password") in html
    assert reverse("account_email") in html
    assert reverse("accounts:profile_edit") in html


def test_edit_page_never_contains_the_full_number(client, applicant_with_ktp):
    client.force_login(applicant_with_ktp)
    html = client.get(reverse("accounts:profile_edit")).content.decode()

    assert KTP not in html
    assert "••••••••••••9012" in html  # in the help text: which number is on file
    assert 'value="Dinas Pekerjaan Umum Kota Bandung"' in html


def test_saving_keeps_the_stored_number_when_left_empty(client, applicant_with_ktp):
    client.force_login(applicant_with_ktp)
    response = client.post(reverse("accounts:profile_edit"), edit_data())

    assert response.status_code == 302 and response["Location"] == reverse("accounts:profile")
    profile = ApplicantProfile.objects.get(user=applicant_with_ktp)
    assert profile.id_document_number == KTP
    assert profile.phone == "+622129912450;ext=0305"
    assert profile.institution_name == "Biro Pengadaan Kementerian Keuangan"
    assert profile.institution_type == "kl"
    assert "Profil Anda telah disimpan." in client.get(response["Location"]).content.decode()


def test_the_stored_number_can_be_replaced_or_removed(client, applicant_with_ktp):
    client.force_login(applicant_with_ktp)
    client.post(reverse("accounts:profile_edit"), edit_data(id_document_type="sim", id_document_number="SIM-9876-5432"))
    profile = ApplicantProfile.objects.get(user=applicant_with_ktp)
    assert (profile.id_document_type, profile.id_document_number) == ("sim", "SIM98765432")

    client.post(reverse("accounts:profile_edit"), edit_data(remove_id_document="on"))
    profile.refresh_from_db()
    assert (profile.id_document_type, profile.id_document_number) == ("", "")


def test_an_error_keeps_every_typed_value(client, applicant_a):
    client.force_login(applicant_a)
    response = client.post(
        reverse("accounts:profile_edit"),
        edit_data(phone="0812", full_name="Ayu L.", institution_name="Dinas Baru", institution_type="bumn_bumd",
                  id_document_type="paspor", id_document_number="X1234567", language="en"),
    )
    html = response.content.decode()

    assert response.status_code == 200
    assert "Nomor telepon tidak valid." in html
    assert 'value="0812"' in html
    assert 'value="Ayu L."' in html
    assert 'value="Dinas Baru"' in html
    assert 'value="bumn_bumd" selected' in html
    assert 'value="paspor" selected' in html
    assert 'value="X1234567"' in html  # what the applicant just typed, not a stored number
    assert 'value="en" selected' in html
    profile = ApplicantProfile.objects.get(user=applicant_a)
    assert profile.phone == "+6281234567890"


def test_language_choice_is_saved(client, applicant_a):
    client.force_login(applicant_a)
    client.post(reverse("accounts:profile_edit"), edit_data(id_document_type="", language="en"))
    applicant_a.refresh_from_db()
    assert applicant_a.language == "en"
    assert client.get(reverse("accounts:profile"))["Content-Language"] == "en"


def test_staff_have_no_applicant_profile_to_edit(client, staff):
    client.force_login(staff)
    assert client.get(reverse("accounts:profile_edit")).status_code == 403
    html = client.get(reverse("accounts:profile")).content.decode()
    assert "Direktorat Advokasi Pemerintah Pusat" in html
    assert reverse("accounts:profile_edit") not in html


def test_profile_needs_login(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
