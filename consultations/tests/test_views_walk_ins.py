"""The walk-in channel through its pages: a guest without an account fills the form, the
secretariat finds it and registers the visit, hands the guest off; the staff member
accepts and records the advice; the board shows minutes left."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import InternalUserFactory, directorate
from consultations.channels.tatap_muka import services as walk_ins
from consultations.models import Category, Consultation, DutyDay, VisitForm, WalkInAuthorization
from consultations.workflow import Status
from core.time import WIB

NOW = datetime(2026, 11, 2, 10, 0, tzinfo=WIB)  # Monday, the desk is open


@pytest.fixture
def monday(holidays):
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def advisor(db):
    user = InternalUserFactory(email="piket@lkpp.go.id", full_name="Putri Piket", role=Role.STAFF,
                               directorate=directorate("pusat"))
    WalkInAuthorization.objects.create(user=user, category=Category.objects.get(code="perencanaan"))
    DutyDay.objects.create(user=user, date=NOW.date())
    return user


def guest_form(**overrides):
    data = {
        "name": "Sri Wahyuni", "email": "sri.wahyuni@contoh.go.id", "phone": "0812 3456 7890",
        "institution_name": "Dinas PUPR Bantul", "institution_type": "pemda",
        "category": Category.objects.get(code="perencanaan").pk,
        "question": "Bagaimana menyusun HPS jalan desa?",
    }
    data.update(overrides)
    return data


def test_a_guest_a_desk_and_a_staff_member_through_the_pages(client, login, monday, front_desk, advisor):
    # The guest, no account: the form, then the code and its QR.
    response = client.post(reverse("consultations:visit_form"), guest_form())
    form = VisitForm.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("consultations:visit_done", kwargs={"code": form.code})
    done = client.get(response["Location"]).content.decode()
    assert f"{form.code[:4]}-{form.code[4:]}" in done and "sri.wahyuni" not in done
    qr = client.get(reverse("consultations:visit_qr", kwargs={"code": form.code}))
    assert qr.status_code == 200 and qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content

    # The secretariat finds it by code and registers the visit.
    login(front_desk)
    found = client.get(reverse("consultations:visit_register"), {"q": form.code.lower()})
    assert form.name in found.content.decode()
    page = reverse("consultations:visit_register_form", kwargs={"code": form.code})
    data = {"item_email": "on", "item_identity_document": "on", "item_phone": "on", "item_form": "on",
            "id_document_type": "ktp", "id_number_last4": "0001"}
    response = client.post(page, data)
    case = Consultation.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("consultations:visit_receipt", kwargs={"number": case.number})
    receipt = client.get(response["Location"]).content.decode()
    assert case.number in receipt and "11.00" in receipt  # due one hour after 10:00 WIB
    board = client.get(reverse("consultations:walk_in_board")).content.decode()
    assert case.number in board and "60 menit lagi" in board
    # htmx asks for the table only.
    partial = client.get(reverse("consultations:walk_in_board"), HTTP_HX_REQUEST="true").content.decode()
    assert case.number in partial and "<html" not in partial
    detail = client.get(reverse("consultations:staff_detail", kwargs={"number": case.number}))
    assert detail.status_code == 200 and b"form-serah" in detail.content and "····0001" in detail.content.decode()
    client.post(reverse("consultations:visit_hand_off", kwargs={"number": case.number}), {"serah-to": advisor.pk})
    case.refresh_from_db()
    assert case.assignee == advisor and case.status == Status.ASSIGNED

    # The staff member sees the guest on "my guests", accepts and records the advice.
    login(advisor)
    assert case.number in client.get(reverse("consultations:walk_in_board")).content.decode()
    detail = client.get(reverse("consultations:staff_detail", kwargs={"number": case.number}))
    # Advice follows acceptance: before it, the accept button and a word why, no advice form.
    assert detail.status_code == 200 and b"form-terima-tamu" in detail.content and b"form-saran" not in detail.content
    assert "Saran dapat dicatat setelah Anda menerima tamu." in detail.content.decode()
    client.post(reverse("consultations:visit_accept", kwargs={"number": case.number}))
    detail = client.get(reverse("consultations:staff_detail", kwargs={"number": case.number}))
    assert b"form-terima-tamu" not in detail.content and b"form-saran" in detail.content
    response = client.post(
        reverse("consultations:visit_advice", kwargs={"number": case.number}),
        {"saran-kinds": ["saran"], "saran-summary": "Gunakan harga satuan setempat."},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.DELIVERED and case.completed_on_time


def test_a_missing_item_keeps_what_was_typed_on_a_paper_form(client, login, monday, front_desk):
    login(front_desk)
    data = guest_form() | {"item_email": "on", "item_phone": "on", "item_form": "on",
                           "id_document_type": "sim", "id_number_last4": "12"}
    response = client.post(reverse("consultations:visit_register_paper"), data)
    content = response.content.decode()
    assert response.status_code == 200 and not Consultation.objects.exists()
    assert 'value="Sri Wahyuni"' in content and "Bagaimana menyusun HPS jalan desa?" in content
    assert "4 karakter terakhir" in content


def test_an_unknown_code_is_a_404_and_a_used_one_says_so(client, login, monday, front_desk):
    login(front_desk)
    assert client.get(reverse("consultations:visit_register_form", kwargs={"code": "ZZZZ9999"})).status_code == 404
    form = walk_ins.submit_visit_form(
        **{**guest_form(), "phone": "+6281234567890", "category": Category.objects.get(code="perencanaan")}
    )
    walk_ins.register_visit(actor=front_desk, form=form, ticked=["email", "identity_document", "phone", "form"],
                            id_document_type="ktp", id_number_last4="0001")
    response = client.get(reverse("consultations:visit_register_form", kwargs={"code": form.code}), follow=True)
    assert "sudah dipakai" in response.content.decode()


def test_a_bad_phone_on_the_public_form_keeps_everything_else(client, db, monday):
    response = client.post(reverse("consultations:visit_form"), guest_form(phone="12"))
    content = response.content.decode()
    assert response.status_code == 200 and not VisitForm.objects.exists()
    assert "Nomor telepon tidak valid" in content
    assert 'value="Sri Wahyuni"' in content


def test_every_error_of_the_public_form_comes_at_once_phone_included(client, db, monday):
    """Issue 23 (7): a bad phone is reported with the other errors, not after them, and
    everything typed is kept."""
    bad = guest_form(phone="12", email="bukan-email", institution_type="", question="")
    response = client.post(reverse("consultations:visit_form"), bad)
    assert response.status_code == 200 and not VisitForm.objects.exists()
    form = response.context["form"]
    assert set(form.errors) == {"phone", "email", "institution_type", "question"}
    content = response.content.decode()
    assert "Nomor telepon tidak valid" in content and "Alamat e-mail ini tidak valid." in content
    assert 'value="Sri Wahyuni"' in content and 'value="12"' in content and 'value="bukan-email"' in content


def test_a_paper_form_registered_at_the_desk_keeps_the_values_as_the_form_cleans_them(client, login, monday, front_desk):
    login(front_desk)
    data = guest_form(name="  Budi Santoso ", phone="+62 21 2991 2450") | {
        "item_email": "on", "item_identity_document": "on", "item_phone": "on", "item_form": "on",
        "id_document_type": "sim", "id_number_last4": "a9z1",
    }
    response = client.post(reverse("consultations:visit_register_paper"), data)
    case = Consultation.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("consultations:visit_receipt", kwargs={"number": case.number})
    assert case.contact_phone == "+622129912450" and case.contact_name == "Budi Santoso"
    assert case.walk_in.id_number_last4 == "A9Z1" and case.walk_in.form is None


def test_a_staff_member_passing_a_guest_on_is_asked_for_a_reason(client, login, monday, front_desk, advisor):
    colleague = InternalUserFactory(email="rekan@lkpp.go.id", full_name="Rudi Rekan", role=Role.STAFF,
                                    directorate=directorate("pusat"))
    WalkInAuthorization.objects.create(user=colleague, category=Category.objects.get(code="perencanaan"))
    DutyDay.objects.create(user=colleague, date=NOW.date())
    form = walk_ins.submit_visit_form(
        **{**guest_form(), "phone": "+6281234567890", "category": Category.objects.get(code="perencanaan")}
    )
    case = walk_ins.register_visit(actor=front_desk, form=form, ticked=["email", "identity_document", "phone", "form"],
                                   id_document_type="ktp", id_number_last4="0001")
    walk_ins.hand_off(consultation=case, actor=front_desk, to=advisor)
    login(advisor)
    url = reverse("consultations:visit_hand_off", kwargs={"number": case.number})
    response = client.post(url, {"serah-to": colleague.pk, "serah-reason": " "})
    assert response.status_code == 200 and "Bagian ini wajib diisi." in response.content.decode()
    case.refresh_from_db()
    assert case.assignee == advisor
    response = client.post(url, {"serah-to": colleague.pk, "serah-reason": "Kasus jasa konstruksi."})
    case.refresh_from_db()
    assert response.status_code == 302 and case.assignee == colleague
    assert case.handoffs.last().reason == "Kasus jasa konstruksi."
