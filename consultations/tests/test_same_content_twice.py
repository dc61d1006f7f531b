"""Issue 23 (4): no second case from the same form. The browser's Back shows the form
again, filled in, with a new token; sent again within 30 minutes by the same person (or
the same contact), it leads to what the first post made, with a message that it was
already received — on the website question, the letter and invitation uploads, the
walk-in form and the complaint form. Other content, another person, or half an hour
later is a new request."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from complaints.models import Complaint, Kind
from consultations.models import Category, Consultation, VisitForm
from consultations.tests.factories import directorate
from consultations.tests.test_views_applicant import SUBMIT, form_data
from core.time import WIB
from files.tests.builders import letter_scan
from notifications.models import OutboundEmail

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=WIB)  # a Monday, inside the desks' hours
SAME = "sudah kami terima beberapa saat lalu"


@pytest.fixture
def clock(holidays):
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def send(client, url, data):
    """One post as a fresh page sends it: a new token each time (Back reloads the form)."""
    client.get(url)
    return client.post(url, data)


def twice(client, url, data, *, count):
    """The form sent, then sent again from Back: one thing made, one set of e-mails, and
    the second post lands on the first's result saying so. ``data`` is a callable when
    the form carries a file (the browser sends the file again)."""
    fresh = data if callable(data) else lambda: data
    first = send(client, url, fresh())
    assert first.status_code == 302
    made, mails = count(), OutboundEmail.objects.count()
    again = send(client, url, fresh())
    assert again.status_code == 302
    assert count() == made and OutboundEmail.objects.count() == mails
    page = client.get(again["Location"])
    assert SAME in page.content.decode()
    return first, again


# --- the website question ------------------------------------------------------------------


def test_the_same_question_from_back_is_the_case_already_made(client, login, clock, kl_applicant, category_pk):
    login(kl_applicant)
    first, again = twice(client, SUBMIT, form_data(category=category_pk), count=Consultation.objects.count)
    assert again["Location"] == first["Location"] == reverse(
        "consultations:detail", kwargs={"number": Consultation.objects.get().number}
    )
    # Another question is a new case; the same one half an hour later is too.
    assert send(client, SUBMIT, form_data(category=category_pk, subject="Pertanyaan lain")).status_code == 302
    assert Consultation.objects.count() == 2
    clock.shift(timedelta(minutes=31))
    assert send(client, SUBMIT, form_data(category=category_pk)).status_code == 302
    assert Consultation.objects.count() == 3


def test_the_same_question_by_another_applicant_is_theirs(client, login, clock, kl_applicant, applicant_b, category_pk):
    login(kl_applicant)
    send(client, SUBMIT, form_data(category=category_pk))
    client.logout()
    login(applicant_b)
    response = send(client, SUBMIT, form_data(category=category_pk))
    assert response.status_code == 302
    assert Consultation.objects.count() == 2
    assert Consultation.objects.filter(applicant=applicant_b).exists()


# --- the letter and invitation uploads -----------------------------------------------------


def letter(**overrides) -> dict:
    data = {
        "addressee": "direktur_pusat", "sender_kind": "person", "sender_name": "Dr. Rina Wulandari",
        "institution_name": "", "letter_number": "B-123/KEMENHUB/X/2026", "letter_date": "2026-10-28",
        "subject": "Permohonan pendapat atas penyesuaian harga",
        "summary": "Kontrak tahun jamak terdampak kenaikan harga aspal.", "contact_phone": "021-3811308",
        "scan": letter_scan(),
    }
    return data | overrides


def test_the_same_letter_uploaded_again_is_the_case_already_made(client, login, clock, applicant_a):
    login(applicant_a)
    url = reverse("consultations:letter_upload")
    twice(client, url, letter, count=Consultation.objects.count)
    assert send(client, url, letter(letter_number="B-124/KEMENHUB/X/2026", scan=letter_scan())).status_code == 302
    assert Consultation.objects.count() == 2


def invitation(**overrides) -> dict:
    data = {
        "addressee": "direktur_pusat", "sender_kind": "institution", "sender_name": "Dr. Rina",
        "institution_name": "Kementerian Perhubungan", "letter_number": "UND-77/2026", "letter_date": "2026-10-30",
        "subject": "Rapat penyesuaian harga", "pic_name": "Dewi Lestari", "pic_phone": "0812 1111 2222",
        "pic_email": "dewi.pic@kemenhub.go.id", "slot_1": "2026-11-05T13:00", "platform": "Zoom",
        "link": "https://zoom.us/j/123", "scan": letter_scan(),
    }
    return data | overrides


def test_the_same_invitation_uploaded_again_is_the_case_already_made(client, login, clock, applicant_a):
    login(applicant_a)
    twice(client, reverse("consultations:invitation_upload"), invitation, count=Consultation.objects.count)


# --- the walk-in form (no account) ---------------------------------------------------------


def guest(**overrides) -> dict:
    data = {
        "name": "Sri Wahyuni", "email": "sri.wahyuni@contoh.go.id", "phone": "0812 3456 7890",
        "institution_name": "Dinas PUPR Bantul", "institution_type": "pemda",
        "category": Category.objects.get(code="perencanaan").pk, "question": "Bagaimana menyusun HPS jalan desa?",
    }
    return data | overrides


def test_the_same_walk_in_form_from_back_shows_the_first_code(client, clock):
    url = reverse("consultations:visit_form")
    first, again = twice(client, url, guest(), count=VisitForm.objects.count)
    code = VisitForm.objects.get().code
    assert again["Location"] == first["Location"] == reverse("consultations:visit_done", kwargs={"code": code})


def test_the_same_walk_in_form_from_another_browser_is_told_not_shown_the_code(client, clock):
    from django.test import Client

    url = reverse("consultations:visit_form")
    send(client, url, guest())
    other = Client()
    response = send(other, url, guest(question="  bagaimana MENYUSUN hps jalan desa? "))  # as typed again
    assert VisitForm.objects.count() == 1
    assert response["Location"] == url
    page = other.get(url).content.decode()
    assert SAME in page and VisitForm.objects.get().code not in page
    # Another question from the same address is another form.
    assert send(other, url, guest(question="Bagaimana dengan swakelola?"))["Location"] != url
    assert VisitForm.objects.count() == 2


# --- the complaint form ----------------------------------------------------------------------


def complaint(**overrides) -> dict:
    return {"kind": Kind.PENGADUAN, "text": "Jawaban konsultasi saya belum datang.",
            "directorate": directorate("pusat").pk, "email": "siti@contoh.go.id", **overrides}


def test_the_same_complaint_from_back_is_recorded_once(client, clock):
    url = reverse("complaints:file")
    first, again = twice(client, url, complaint(), count=Complaint.objects.count)
    assert first["Location"] == reverse("complaints:filed")
    assert again["Location"] == reverse("complaints:lookup")  # the code is shown once, and was e-mailed


def test_a_signed_in_applicants_same_complaint_leads_to_it(client, login, clock, applicant_a):
    login(applicant_a)
    url = reverse("complaints:file")
    first, again = twice(client, url, complaint(email=""), count=Complaint.objects.count)
    assert again["Location"] == reverse("complaints:own", kwargs={"pk": Complaint.objects.get().pk})
