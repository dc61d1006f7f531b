"""The letter channel through its pages, as each person uses it: the secretariat
registers and checks, the Director receives and disposes, the team lead forwards, the
staff member drafts, the team lead and the Director approve, the Director issues; the
sender downloads (with an account) or follows the tracking link (without)."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import InternalUserFactory, directorate
from consultations.channels.surat import services as letters
from consultations.models import AnswerLetter, Consultation, IncomingLetter
from consultations.workflow import Status
from core.time import WIB
from files.checks import validate_letter_scan
from files.tests.builders import bad_scan, letter_scan
from notifications.models import OutboundEmail

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=WIB)  # a Monday


@pytest.fixture
def monday(holidays):
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def lead_pusat(db):
    return InternalUserFactory(email="ketua.pusat@lkpp.go.id", role=Role.TEAM_LEAD, directorate=directorate("pusat"))


@pytest.fixture
def staff_pusat(db):
    return InternalUserFactory(email="staf.pusat@lkpp.go.id", role=Role.STAFF, directorate=directorate("pusat"))


def staff_url(name, case, **kwargs):
    return reverse(f"consultations:{name}", kwargs={"number": case.number, **kwargs})


def registration(**overrides):
    data = {
        "source": "paper",
        "addressee": "direktur_pusat",
        "sender_kind": "institution",
        "sender_name": "Dr. Rina Wulandari",
        "institution_name": "Kementerian Perhubungan",
        "letter_number": "B-123/KEMENHUB/X/2026",
        "letter_date": "2026-10-28",
        "subject": "Permohonan pendapat atas penyesuaian harga",
        "summary": "Kontrak tahun jamak terdampak kenaikan harga aspal.",
        "contact_email": "rina@dephub.go.id",
        "contact_phone": "021-3811308",
        "language": "id",
        "scan": letter_scan(),
    }
    data.update(overrides)
    return data


def test_the_whole_letter_through_the_pages(
    client, login, monday, front_desk, director_pusat, lead_pusat, staff_pusat, django_capture_on_commit_callbacks
):
    # The secretariat registers the paper letter.
    login(front_desk)
    response = client.post(reverse("consultations:letter_register"), registration())
    case = Consultation.objects.get()
    assert response.status_code == 302 and response["Location"] == staff_url("staff_detail", case)
    page = client.get(response["Location"])
    assert b"form-periksa" in page.content and b"B-123/KEMENHUB/X/2026" in page.content
    # ... ticks the checklist item by item.
    response = client.post(
        staff_url("letter_check", case),
        {"periksa-item_signed": "on", "periksa-item_letterhead": "on", "periksa-item_stamped_or_esigned": "on"},
    )
    assert response.status_code == 302
    desk = client.get(reverse("consultations:letter_desk"))
    assert case.number in desk.content.decode()

    # The Director receives and disposes to the team lead.
    login(director_pusat)
    assert case.number in client.get(reverse("consultations:letter_desk")).content.decode()
    assert b"form-terima" in client.get(staff_url("staff_detail", case)).content
    client.post(staff_url("letter_receive", case))
    case.refresh_from_db()
    assert case.status == Status.SUBMITTED and case.clock_started_at == NOW
    client.post(
        staff_url("letter_dispose", case),
        {"disposisi-to": lead_pusat.pk, "disposisi-ticks": ["siapkan_jawaban"], "disposisi-instructions": "Siapkan."},
    )
    sheet = client.get(staff_url("disposition_sheet", case))
    assert sheet.status_code == 200 and sheet["Content-Type"] == "application/pdf"

    # The team lead disposes on to a member, who drafts.
    login(lead_pusat)
    client.post(staff_url("letter_dispose", case), {"disposisi-to": staff_pusat.pk, "disposisi-ticks": ["untuk_ditindaklanjuti"]})
    login(staff_pusat)
    response = client.post(staff_url("letter_draft", case), {"konsep-kinds": ["pendapat"], "konsep-body": "Dapat disesuaikan."})
    assert response.status_code == 302
    draft = case.drafts.get()

    # Team lead, then Director approve; the Director issues.
    login(lead_pusat)
    client.post(staff_url("letter_review", case, draft=draft.pk), {"telaah-decision": "approve"})
    login(director_pusat)
    client.post(staff_url("letter_review", case, draft=draft.pk), {"telaah-decision": "approve"})
    assert b"form-terbitkan" in client.get(staff_url("staff_detail", case)).content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(staff_url("letter_issue", case))
    assert response.status_code == 302
    issued = AnswerLetter.objects.get()
    case.refresh_from_db()
    assert case.status == Status.DELIVERED
    pdf = client.get(staff_url("answer_letter", case))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF-")

    # The sender without an account: the tracking link shows where the letter is and the PDF.
    client.logout()
    link = OutboundEmail.objects.get(template="letter-registered").context["tracking_url"]
    token = re.search(r"/lacak/([^/]+)/", link).group(1)
    tracked = client.get(reverse("consultations:track", kwargs={"token": token}))
    assert tracked.status_code == 200 and issued.number in tracked.content.decode()
    assert tracked["Cache-Control"] == "private, no-store"
    download = client.get(reverse("consultations:track_answer_letter", kwargs={"token": token}))
    assert download.status_code == 200
    verified = client.get(reverse("consultations:verify_letter", kwargs={"code": issued.verification_code}))
    assert verified.status_code == 200 and issued.sha256 in verified.content.decode()
    assert "rina@dephub.go.id" not in verified.content.decode()


def test_a_bad_scan_keeps_everything_typed_and_says_why(client, login, monday, front_desk):
    login(front_desk)
    response = client.post(reverse("consultations:letter_register"), registration(scan=bad_scan("encrypted")))
    assert response.status_code == 200 and not Consultation.objects.exists()
    content = response.content.decode()
    assert "dilindungi kata sandi" in content
    assert 'value="B-123/KEMENHUB/X/2026"' in content and "Kontrak tahun jamak" in content
    assert "Pilih kembali berkas pindaian" in content


@pytest.mark.parametrize("kind", ["not_pdf", "too_large", "encrypted", "broken", "empty"])
def test_a_refused_scan_keeps_no_case_and_no_file(client, login, monday, front_desk, _uploads, kind):
    login(front_desk)
    response = client.post(reverse("consultations:letter_register"), registration(scan=bad_scan(kind)))
    assert response.status_code == 200 and "scan" in response.context["form"].errors
    assert not Consultation.objects.exists()
    assert not any(p.is_file() for p in _uploads.rglob("*")) if _uploads.exists() else True


def test_a_letter_to_the_head_goes_nowhere_until_the_secretariat_routes_it(client, login, monday, front_desk):
    login(front_desk)
    refused = client.post(reverse("consultations:letter_register"), registration(addressee="kepala"))
    assert refused.status_code == 200 and not Consultation.objects.exists()
    assert "harus diteruskan ke salah satu direktorat" in refused.content.decode()
    routed = client.post(
        reverse("consultations:letter_register"),
        registration(addressee="kepala", directorate=directorate("hukum").pk, scan=letter_scan()),
    )
    assert routed.status_code == 302 and Consultation.objects.get().directorate.code == "hukum"


def test_another_applicant_never_sees_the_letter_or_its_pdf(client, login, monday, applicant_a, applicant_b, front_desk):
    case = letters.upload_letter(
        applicant=applicant_a, addressee="direktur_pusat", sender_kind="person", sender_name="Ayu Lestari",
        letter_number="01/AL/2026", letter_date=date(2026, 10, 30), subject="Sanggah",
        scan=validate_letter_scan(letter_scan()),
    )
    login(applicant_a)
    page = client.get(reverse("consultations:detail", kwargs={"number": case.number}))
    assert page.status_code == 200 and "Perjalanan surat" in page.content.decode()
    login(applicant_b)
    assert client.get(reverse("consultations:detail", kwargs={"number": case.number})).status_code == 404
    assert client.get(reverse("consultations:answer_letter", kwargs={"number": case.number})).status_code == 404
    scan = IncomingLetter.objects.get().scan
    assert client.get(reverse("consultations:attachment", kwargs={"pk": scan.pk})).status_code == 404


def test_an_applicant_uploads_through_the_portal_form(client, login, monday, applicant_a):
    login(applicant_a)
    assert client.get(reverse("consultations:letter_upload")).status_code == 200
    data = registration(sender_kind="person", institution_name="")
    for key in ("source", "language", "contact_email"):
        data.pop(key)
    response = client.post(reverse("consultations:letter_upload"), data)
    case = Consultation.objects.get()
    assert response.status_code == 302 and case.applicant == applicant_a and case.letter.source == "portal"


def test_receiving_twice_is_a_message_not_an_error(client, login, monday, front_desk, director_pusat):
    typed = {"scan": validate_letter_scan(letter_scan()), "letter_date": date(2026, 10, 28), "contact_phone": "+62213811308"}
    case = letters.register_letter(actor=front_desk, **(registration() | typed))
    letters.check_letter(consultation=case, actor=front_desk, ticked=["signed", "letterhead", "stamped_or_esigned"])
    login(director_pusat)
    client.post(staff_url("letter_receive", case))
    response = client.post(staff_url("letter_receive", case), follow=True)
    assert response.status_code == 200
    assert "sudah diterima" in response.content.decode() or "tidak dapat dilakukan lagi" in response.content.decode()


def test_an_unknown_tracking_token_or_verification_code_is_a_404(client, db):
    assert client.get(reverse("consultations:track", kwargs={"token": "x" * 32})).status_code == 404
    assert client.get(reverse("consultations:verify_letter", kwargs={"code": "AAAA-BBBB-CCCC"})).status_code == 404
