"""A cancelled meeting through the pages (issue 21): the handler calls it off from the case
page, saying who and why and what next; back on the desk the page offers a new schedule
(the cancelled one kept as history) under the new deadline, or closing; closed, the staff
and applicant pages say what happened, the deadline box judges nothing, there is no
survey, and the dashboard counts it apart."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import InternalUserFactory, directorate
from consultations.models import Consultation, Meeting, MeetingStatus
from consultations.rollup import refresh_rollup
from consultations.workflow import Status

from .test_meeting_cancellation import CANCELLED_AT, PIC, confirm, in_hand, wib


@pytest.fixture
def confirmed(monday, front_desk, director_pusat, lead, member, applicant_a):
    """A meeting confirmed on Monday 21 December 2026 for Monday 28; the case is applicant A's."""
    case = in_hand(front_desk, director_pusat, member)
    Consultation.objects.filter(pk=case.pk).update(applicant=applicant_a)
    confirm(case, member, lead)
    case.refresh_from_db()
    return case


@pytest.fixture
def monday(holidays):
    import time_machine

    from .test_meeting_cancellation import MONDAY

    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


def url(name, case):
    return reverse(f"consultations:{name}", kwargs={"number": case.number})


def cancel_form(then="reschedule", **overrides):
    data = {"batal-cancelled_by": "pic", "batal-reason": "PIC berhalangan hadir.", "batal-then": then}
    data.update(overrides)
    return data


def test_cancelled_for_a_new_schedule_then_closed_through_the_pages(
    confirmed, monday, client, login, member, lead, applicant_a, django_capture_on_commit_callbacks
):
    case = confirmed
    page = login(member).get(url("staff_detail", case)).content.decode()
    assert "form-batal-rapat" in page and "Pemohon/PIC" in page and "Jadwalkan ulang" in page

    monday.move_to(CANCELLED_AT)
    login(member)  # days later: a staff session idle that long has ended (ADR 0011)
    refused = client.post(url("meeting_cancel", case), cancel_form(**{"batal-cancelled_by": ""}))
    assert refused.status_code == 200 and "Pilih siapa yang membatalkan rapat." in refused.content.decode()
    assert Consultation.objects.get(pk=case.pk).status == Status.DELIVERED
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("meeting_cancel", case), cancel_form())
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.ASSIGNED
    assert any(m.to == [PIC] and "Dibatalkan" in m.subject for m in mail.outbox)

    # Back on the desk: the new deadline (2 working days after the cancellation, over
    # Christmas), the cancellation as history, the schedule form again — or closing.
    page = client.get(url("staff_detail", case)).content.decode()
    assert "Selasa, 29 Desember 2026 23.59 WIB" in page.split('id="judul-tenggat"')[1]
    assert 'id="rapat-dibatalkan"' in page and 'id="riwayat-pembatalan"' in page
    assert "PIC berhalangan hadir." in page and "Konfirmasi jadwal baru" in page
    assert "form-konfirmasi-rapat" in page and "form-tutup-rapat" in page and "form-batal-rapat" not in page
    team = page.split('id="form-konfirmasi-rapat"')[1]
    for person in (member, lead):  # the cancelled schedule's team, ready to be confirmed again
        assert re.search(rf'name="jadwal-team" value="{person.pk}"\s+id="[^"]+" checked', team)
    mine = login(applicant_a).get(url("detail", case)).content.decode()
    assert 'id="rapat-dibatalkan"' in mine and "Pemohon/PIC" in mine and "Selasa, 29 Desember 2026" in mine
    assert "ajakan-survei" not in mine

    # Once cancelled, what is left on this form is closing: a new schedule is the other form.
    login(member)
    stale = client.post(url("meeting_cancel", case), cancel_form())
    assert stale.status_code == 200 and Consultation.objects.get(pk=case.pk).status == Status.ASSIGNED
    monday.move_to(wib(29, 16))
    login(member)
    response = client.post(url("meeting_cancel", case), cancel_form(
        then="close", **{"batal-reason": "PIC tidak menanggapi tawaran jadwal baru."}
    ))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.CANCELLED and case.completed_on_time is None

    page = client.get(url("staff_detail", case)).content.decode()
    header = page.split('id="konten"')[-1].split("</h1>")[1].split("</p>")[0]
    assert "Dibatalkan" in header
    deadline_box = page.split('id="judul-tenggat"')[1].split("</section>")[0]
    assert "Ditutup tanpa keluaran" in deadline_box and "tepat waktu maupun terlambat" in deadline_box
    assert "Selesai tepat waktu" not in deadline_box and "Selesai terlambat" not in deadline_box
    assert 'id="rapat-ditutup"' in page and "PIC tidak menanggapi tawaran jadwal baru." in page
    assert "form-konfirmasi-rapat" not in page and "form-tutup-rapat" not in page

    mine = login(applicant_a).get(url("detail", case)).content.decode()
    assert "Dibatalkan" in mine.split("</h1>")[1].split("</p>")[0]
    assert "Ditutup tanpa keluaran" in mine and "Tidak ada laporan rapat: rapat dibatalkan." in mine
    assert "PIC tidak menanggapi tawaran jadwal baru." in mine and "ajakan-survei" not in mine
    survey = client.get(reverse("surveys:for_case", kwargs={"number": case.number})).content.decode()
    assert "Tidak ada survei untuk konsultasi ini" in survey


def test_a_confirmed_meeting_closed_at_once(confirmed, monday, client, login, member, admin_user):
    monday.move_to(CANCELLED_AT)
    response = login(member).post(url("meeting_cancel", confirmed), cancel_form(then="close"))
    assert response.status_code == 302
    assert Consultation.objects.get(pk=confirmed.pk).status == Status.CANCELLED
    assert Meeting.objects.get(consultation=confirmed).status == MeetingStatus.CANCELLED

    refresh_rollup()
    page = login(admin_user).get(reverse("consultations:dashboard") + "?dari=2026-12&sampai=2026-12")
    total = page.context["report"].total.measures
    assert (total.received, total.completed, total.cancelled, total.on_time_rate) == (1, 0, 1, None)
    html = page.content.decode()
    assert 'id="total-dibatalkan"' in html and "Dibatalkan (tanpa keluaran)" in html
    csv = b"".join(login(admin_user).get(
        reverse("consultations:dashboard_csv") + "?dari=2026-12&sampai=2026-12"
    ).streaming_content).decode("utf-8")
    header, total_row = csv[1:].splitlines()[:2]
    assert header.split(",")[7] == "Dibatalkan (tanpa keluaran)"
    assert total_row.split(",")[2:8] == ["1", "0", "0", "", "0", "1"]


def test_a_confirmed_meeting_asks_no_survey_before_its_report(confirmed, client, login, applicant_a):
    page = login(applicant_a).get(url("detail", confirmed)).content.decode()
    assert confirmed.status == Status.DELIVERED and "ajakan-survei" not in page
    survey = client.get(reverse("surveys:for_case", kwargs={"number": confirmed.number})).content.decode()
    assert "dapat diisi setelah layanan selesai" in survey


def test_who_may_call_a_meeting_off(confirmed, monday, client, login, member, director_daerah, applicant_a):
    colleague = InternalUserFactory(role=Role.STAFF, directorate=directorate("pusat"))
    assert login(director_daerah).post(url("meeting_cancel", confirmed), cancel_form()).status_code == 404
    assert login(colleague).post(url("meeting_cancel", confirmed), cancel_form()).status_code == 403
    assert login(colleague).post(url("meeting_cancel", confirmed), cancel_form(then="close")).status_code == 403
    assert login(applicant_a).post(url("meeting_cancel", confirmed), cancel_form()).status_code in (403, 404)
    assert login(member).get(url("meeting_cancel", confirmed)).status_code == 405
    assert Consultation.objects.get(pk=confirmed.pk).status == Status.DELIVERED
