"""The online-meeting channel through its pages: the secretariat registers the invitation,
the Director receives and disposes, the team member coordinates with the PIC and
confirms, then writes the report, which the team lead approves; the PIC gets the PDF."""

from __future__ import annotations

from datetime import datetime

import time_machine
from django.core import mail
from django.urls import reverse

from consultations.models import Consultation, Meeting, MeetingReport
from consultations.workflow import Status
from core.time import WIB
from files.tests.builders import letter_scan

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=WIB)
PIC = "dewi.pic@kemenhub.go.id"



def url(name, case, **kwargs):
    return reverse(f"consultations:{name}", kwargs={"number": case.number, **kwargs})


def test_an_invitation_through_the_pages(
    client, login, holidays, front_desk, director_pusat, lead, member, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW, tick=False) as clock:
        login(front_desk)
        response = client.post(reverse("consultations:invitation_register"), {
            "source": "eoffice", "eoffice_reference": "EO-1", "addressee": "direktur_pusat",
            "sender_kind": "institution", "sender_name": "Dr. Rina", "institution_name": "Kementerian Perhubungan",
            "letter_number": "UND-77/2026", "letter_date": "2026-10-30", "subject": "Rapat penyesuaian harga",
            "pic_name": "Dewi Lestari", "pic_phone": "0812 1111 2222", "pic_email": PIC,
            "slot_1": "2026-11-04T10:00", "platform": "Zoom", "link": "https://zoom.us/j/123", "scan": letter_scan(),
        })
        case = Consultation.objects.get()
        assert response.status_code == 302 and case.channel == "daring"
        page = client.get(url("staff_detail", case)).content.decode()
        assert "form-periksa" in page and "Dewi Lestari" in page
        client.post(url("letter_check", case), {"periksa-item_signed": "on", "periksa-item_letterhead": "on"})

        login(director_pusat)
        client.post(url("letter_receive", case))
        client.post(url("letter_dispose", case), {"disposisi-to": member.pk, "disposisi-ticks": ["hadiri_wakili"]})
        case.refresh_from_db()
        assert case.status == Status.ASSIGNED and case.assignee == member

        login(member)
        page = client.get(url("staff_detail", case)).content.decode()
        assert "form-konfirmasi-rapat" in page and "form-pesan-pic" in page
        client.post(url("meeting_pic_message", case), {"pic-body": "Apakah Rabu pukul 10.00 sesuai?"})
        assert case.pic_messages.count() == 1
        bad = client.post(url("meeting_confirm", case), {
            "jadwal-day": "2026-11-04", "jadwal-starts": "10:00", "jadwal-ends": "11:00", "jadwal-platform": "Zoom",
            "jadwal-link": "zoom.us/j/123", "jadwal-team": [member.pk],
        })
        assert bad.status_code == 200 and "http://" in bad.content.decode() and not Meeting.objects.exists()
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url("meeting_confirm", case), {
                "jadwal-day": "2026-11-04", "jadwal-starts": "10:00", "jadwal-ends": "11:00", "jadwal-platform": "Zoom",
                "jadwal-link": "https://zoom.us/j/123", "jadwal-team": [member.pk, lead.pk],
            })
        case.refresh_from_db()
        assert case.status == Status.DELIVERED and case.completed_on_time
        assert any(m.to == [PIC] and m.attachments for m in mail.outbox)

        clock.move_to(datetime(2026, 11, 4, 14, 0, tzinfo=WIB))
        login(member)  # days later: a staff session idle that long has ended (ADR 0011)
        client.post(url("meeting_report_write", case), {
            "lapor-held_on": "2026-11-04", "lapor-attendees_lkpp": "Putri Pegawai", "lapor-attendees_applicant": "Dewi",
            "lapor-problem": "Harga aspal.", "lapor-discussion": "Klausul kontrak.", "lapor-kinds": ["saran"],
            "lapor-advice": "Sesuaikan harga menurut formula kontrak.",
        })
        assert MeetingReport.objects.filter(consultation=case, approved_at__isnull=True).exists()

        login(lead)
        assert "form-setujui-laporan" in client.get(url("staff_detail", case)).content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url("meeting_report_approve", case))
        pdf = client.get(url("meeting_report", case))
        assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF-")
        assert any(m.to == [PIC] and any(a[0].endswith(".pdf") for a in m.attachments) for m in mail.outbox)
