"""A cancelled meeting everywhere else it shows (issue 21, follow-ups to 0007): the lists
say a case closed without output is closed, not "not started"; the PIC's tracking page
says the meeting was called off; the timeline says who called it off, why and by when a
new schedule is due; the staff queue filters for cancelled cases; the CANCEL e-mail says
who, why and what next."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import InternalUserFactory, directorate
from consultations.channels.daring import services as meetings
from consultations.channels.surat import selectors as letter_selectors
from consultations.models import Consultation
from consultations.views import staff as staff_views
from consultations.workflow import Status
from core.templatetags.core_tags import deadline_of
from notifications.models import OutboundEmail

from .factories import ConsultationFactory
from .test_meeting_cancellation import CANCELLED_AT, MONDAY, PIC, confirm, in_hand, wib

QUEUE = reverse("consultations:queue")


@pytest.fixture
def monday(holidays):
    import time_machine

    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller



@pytest.fixture
def confirmed(monday, front_desk, director_pusat, lead, member):
    """A meeting registered by the front desk (no account: the PIC's only page is the
    tracking page), confirmed on Monday 21 December 2026 for Monday 28."""
    case = in_hand(front_desk, director_pusat, member)
    confirm(case, member, lead)
    case.refresh_from_db()
    return case


def cancelled_case(**overrides) -> Consultation:
    fields = dict(status=Status.CANCELLED, channel="daring", due_at=CANCELLED_AT + timedelta(days=1),
                  completed_at=CANCELLED_AT, completed_on_time=None, subject="Rapat dibatalkan")
    fields.update(overrides)
    return ConsultationFactory(**fields)


def url(name, case):
    return reverse(f"consultations:{name}", kwargs={"number": case.number})


def tracking_token() -> str:
    link = OutboundEmail.objects.get(template="invitation-registered").context["tracking_url"]
    return re.search(r"/lacak/([^/]+)/", link).group(1)


def timeline_of(page: str) -> str:
    return page.split('class="timeline list-unstyled')[1].split("</ol>")[0]


def pic_mails():
    return [m for m in mail.outbox if m.to == [PIC]]


# --- 1. the lists ------------------------------------------------------------------------


def test_a_case_closed_without_output_reads_closed_not_not_started(db):
    case = cancelled_case()
    shown = deadline_of(case, CANCELLED_AT + timedelta(days=3))
    assert (shown.label, shown.css, shown.state) == ("Ditutup tanpa keluaran", "text-bg-secondary", None)
    assert shown.left == "Ditutup pada Rabu, 23 Desember 2026 10.00 WIB"
    assert shown.unjudged and shown.completed and shown.due_at == case.due_at
    # A case whose clock has not started is still "not started".
    waiting = ConsultationFactory(channel="surat", status=Status.REGISTERED, clock_started_at=None, due_at=None)
    assert deadline_of(waiting).label == "Belum berjalan" and not deadline_of(waiting).unjudged


def test_the_applicant_list_and_the_queue_show_a_cancelled_case_as_closed(db, holidays, login, applicant_a, staff):
    case = cancelled_case(applicant=applicant_a, directorate=directorate("pusat"), assignee=staff)
    mine = login(applicant_a).get(reverse("consultations:list")).content.decode()
    row = mine.split(f">{case.number}</a>")[1].split("</tr>")[0]
    assert "Ditutup tanpa keluaran" in row and "Ditutup pada Rabu, 23 Desember 2026 10.00 WIB" in row
    assert "text-bg-secondary" in row
    assert "Belum berjalan" not in row and "tepat waktu" not in row.lower() and "terlambat" not in row.lower()

    queue = login(staff).get(QUEUE, {"status": "cancelled"}).content.decode()
    row = queue.split(f">{case.number}</a>")[1].split("</tr>")[0]
    assert "Ditutup tanpa keluaran" in row and "Belum berjalan" not in row


def test_the_case_pages_say_it_once_through_the_deadline_box(confirmed, monday, login, member):
    monday.move_to(CANCELLED_AT)
    meetings.close_cancelled_meeting(consultation=confirmed, actor=member, reason="PIC berhalangan.",
                                     cancelled_by="pic")
    page = login(member).get(url("staff_detail", confirmed)).content.decode()
    box = page.split('id="judul-tenggat"')[1].split("</section>")[0]
    assert box.count("Ditutup tanpa keluaran") == 1 and "Tidak dinilai tepat waktu maupun terlambat." in box
    assert "<s><time" in box  # the deadline no longer binds
    assert "Ditutup pada Rabu, 23 Desember 2026 10.00 WIB" in box


# --- 2. the PIC's tracking page ----------------------------------------------------------


def test_the_tracking_page_says_the_meeting_was_called_off(confirmed, monday, client, member):
    token = tracking_token()
    monday.move_to(CANCELLED_AT)
    meetings.cancel_meeting(consultation=confirmed, actor=member, reason="PIC berhalangan hadir.", cancelled_by="pic")
    # Back on the desk: the new deadline, no closing yet.
    page = client.get(reverse("consultations:track", kwargs={"token": token})).content.decode()
    assert "Batas waktu penyelesaian: <strong>Selasa, 29 Desember 2026 23.59 WIB</strong>" in page
    assert 'id="lacak-dibatalkan"' not in page

    monday.move_to(wib(29, 16))
    meetings.close_cancelled_meeting(consultation=confirmed, actor=member,
                                     reason="PIC tidak menanggapi tawaran jadwal baru.", cancelled_by="lkpp")
    confirmed.refresh_from_db()
    steps = letter_selectors.progress(confirmed)
    assert [(label, reached) for label, _at, reached in steps] == [
        ("Terdaftar", True), ("Diterima Direktur", True), ("Sedang ditangani", True), ("Dibatalkan", True)
    ]
    assert steps[-1][1] == wib(29, 16) and steps[2][1] is not None

    page = client.get(reverse("consultations:track", kwargs={"token": token})).content.decode()
    assert "Batas waktu penyelesaian" not in page
    current = page.split('aria-current="step"')[1].split("</li>")[0]
    assert "Dibatalkan" in current and "Selasa, 29 Desember 2026 16.00 WIB" in current
    assert "belum" not in page.split('id="judul-perjalanan-surat"')[1].split("</ol>")[0]
    said = page.split('id="lacak-dibatalkan"')[1].split("</div>")[0]
    assert "Ditutup tanpa keluaran pada <strong>Selasa, 29 Desember 2026 16.00 WIB</strong>" in said
    assert "Rapat dibatalkan oleh LKPP." in said and "PIC tidak menanggapi tawaran jadwal baru." in said


# --- 3. the timeline ---------------------------------------------------------------------


def test_the_timeline_says_who_cancelled_why_and_by_when_again(confirmed, monday, login, member, applicant_a):
    Consultation.objects.filter(pk=confirmed.pk).update(applicant=applicant_a)
    monday.move_to(CANCELLED_AT)
    meetings.cancel_meeting(consultation=confirmed, actor=member, reason="PIC berhalangan hadir.", cancelled_by="pic")
    monday.move_to(wib(29, 16))
    meetings.close_cancelled_meeting(consultation=confirmed, actor=member, reason="Tidak ada jadwal baru",
                                     cancelled_by="lkpp")
    cancelled = (
        "Jadwal yang dibatalkan: Senin, 28 Desember 2026 10.00 WIB. Dibatalkan oleh Pemohon/PIC. "
        "Alasan: PIC berhalangan hadir. Jadwal baru ditetapkan paling lambat Selasa, 29 Desember 2026 23.59 WIB."
    )
    closed = "Jadwal yang dibatalkan: Senin, 28 Desember 2026 10.00 WIB. Dibatalkan oleh LKPP. Alasan: Tidak ada jadwal baru."
    for user, name in ((member, "staff_detail"), (applicant_a, "detail")):
        timeline = timeline_of(login(user).get(url(name, confirmed)).content.decode())
        assert cancelled in timeline, user.role
        assert closed in timeline, user.role


def test_a_cancellation_recorded_before_who_and_why_were_asked_says_what_it_has(confirmed, monday, login, member):
    from consultations.models import Event, EventType

    Event.objects.create(consultation=confirmed, type=EventType.MEETING_CANCELLED, actor=member, at=CANCELLED_AT,
                         data={"reason": "Diundur"})
    timeline = timeline_of(login(member).get(url("staff_detail", confirmed)).content.decode())
    assert "Alasan: Diundur." in timeline and "Dibatalkan oleh" not in timeline


# --- 4. the queue --------------------------------------------------------------------------


def test_the_queue_filters_for_cancelled_cases(db, login, director_pusat, staff):
    mine = cancelled_case(directorate=directorate("pusat"), assignee=staff, subject="Dibatalkan, milik saya")
    other = cancelled_case(directorate=directorate("pusat"), assignee=InternalUserFactory(
        role=Role.STAFF, directorate=directorate("pusat")), subject="Dibatalkan, milik orang lain")
    cancelled_case(directorate=directorate("daerah"), subject="Dibatalkan di daerah")
    ConsultationFactory(directorate=directorate("pusat"), subject="Masih berjalan")

    def rows(user, params):
        return {case.subject for case in login(user).get(QUEUE, params).context["page"]}

    assert rows(director_pusat, {"status": "cancelled"}) == {mine.subject, other.subject}
    assert rows(staff, {"status": "cancelled"}) == {mine.subject}  # staff: their own closed cases
    assert "Dibatalkan" not in " ".join(rows(director_pusat, {}))  # in hand only, by default
    html = login(director_pusat).get(QUEUE, {"status": "cancelled"}).content.decode()
    assert '<option value="cancelled" selected>Dibatalkan</option>' in html


@pytest.mark.parametrize("persona", ["director_pusat", "staff", "front_desk"])
def test_the_cancelled_queue_costs_the_same_queries_at_5_and_50(
    request, client, holidays, monkeypatch, persona, staff
):
    monkeypatch.setattr(staff_views, "PER_PAGE", 100)
    user = request.getfixturevalue(persona)
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")

    def add(count):
        for _n in range(count):
            cancelled_case(directorate=directorate("pusat"), assignee=staff)

    def measure():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(QUEUE, {"status": "cancelled"})
        return len(captured), len(response.context["page"].object_list)

    add(5)
    client.get(QUEUE, {"status": "cancelled"})  # warm: session, calendar cache
    at_5, rows_5 = measure()
    add(45)
    at_50, rows_50 = measure()
    assert (rows_5, rows_50) == (5, 50) and at_5 == at_50


# --- 5. the CANCEL e-mail ----------------------------------------------------------------


def test_the_cancel_email_says_who_why_and_the_new_deadline(
    confirmed, monday, member, django_capture_on_commit_callbacks
):
    monday.move_to(CANCELLED_AT)
    with django_capture_on_commit_callbacks(execute=True):
        meetings.cancel_meeting(consultation=confirmed, actor=member, reason="PIC berhalangan hadir.",
                                cancelled_by="pic")
    message = pic_mails()[-1]
    assert message.subject.endswith(f"Dibatalkan: rapat daring LKPP ({confirmed.number})")
    html = message.alternatives[0][0]
    for body in (message.body, html):
        assert f"Rapat daring untuk konsultasi {confirmed.number} dibatalkan. Dibatalkan oleh Pemohon/PIC." in body
        assert "PIC berhalangan hadir." in body
        assert "dikonfirmasi paling lambat Selasa, 29 Desember 2026, 23:59 WIB" in body
        assert "ditutup sebagai dibatalkan" not in body
    assert "Alasan: PIC berhalangan hadir." in message.body
    assert "Jadwal yang dibatalkan: Senin, 28 Desember 2026, 10:00–11:00 WIB" in message.body
    assert any(name.endswith(".ics") for name, *_rest in message.attachments)  # the CANCEL itself
    # The team gets the same news, each in their own e-mail.
    assert any(m.to == [member.email] and "Dibatalkan oleh Pemohon/PIC." in m.body for m in mail.outbox)


def test_the_cancel_email_of_a_closing_says_there_is_nothing_more(
    confirmed, monday, member, django_capture_on_commit_callbacks
):
    monday.move_to(CANCELLED_AT)
    with django_capture_on_commit_callbacks(execute=True):
        meetings.close_cancelled_meeting(consultation=confirmed, actor=member,
                                         reason="Permasalahan sudah selesai melalui surat.", cancelled_by="lkpp")
    message = pic_mails()[-1]
    for body in (message.body, message.alternatives[0][0]):
        assert "Dibatalkan oleh LKPP." in body and "Permasalahan sudah selesai melalui surat." in body
        assert "ditutup sebagai dibatalkan: rapat tidak diadakan dan tidak ada laporan rapat" in body
        assert "paling lambat" not in body
    assert any(name.endswith(".ics") for name, *_rest in message.attachments)


def test_the_cancel_email_in_english(confirmed, monday, member, django_capture_on_commit_callbacks):
    Consultation.objects.filter(pk=confirmed.pk).update(language="en")
    confirmed.refresh_from_db()
    monday.move_to(CANCELLED_AT)
    with django_capture_on_commit_callbacks(execute=True):
        meetings.cancel_meeting(consultation=confirmed, actor=member, reason="PIC unavailable.", cancelled_by="pic")
    message = pic_mails()[-1]
    assert f"The online meeting for consultation {confirmed.number} has been cancelled." in message.body
    assert "Reason: PIC unavailable." in message.body
    assert "Tuesday, 29 December 2026, 23:59 WIB" in message.body  # the new deadline, in English
    assert any(name.endswith(".ics") for name, *_rest in message.attachments)
