"""The staff workspace: queue, case page, and each step's POST view."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import InternalUserFactory, directorate
from consultations.channels.website import answers
from consultations.models import Answer, Attachment, EventType, InternalNote, Message
from consultations.services import steps
from consultations.workflow import Status
from files.tests.builders import checked
from notifications.models import OutboundEmail

from .conftest import WIB
from .factories import ConsultationFactory, category, hostile, pdf, submit

QUEUE = reverse("consultations:queue")
NOW = datetime(2025, 5, 5, 9, 0, tzinfo=WIB)  # a Monday


def url(name, case, **kwargs):
    return reverse(f"consultations:{name}", kwargs={"number": case.number, **kwargs})


@pytest.fixture
def monday():
    with time_machine.travel(NOW, tick=False):
        yield


# --- the queue ------------------------------------------------------------------------


@pytest.fixture
def queue_cases(monday, staff):
    other = InternalUserFactory(email="lain@lkpp.go.id", role=Role.STAFF, full_name="Lain Orang")
    return {
        "soon": ConsultationFactory(due_at=NOW + timedelta(days=1), subject="Tenggat besok"),
        "later": ConsultationFactory(due_at=NOW + timedelta(days=8), subject="Tenggat nanti"),
        "priority": ConsultationFactory(due_at=NOW + timedelta(days=9), is_priority=True, subject="Kasus prioritas"),
        "mine": ConsultationFactory(
            due_at=NOW + timedelta(days=5), status=Status.ASSIGNED, assignee=staff, subject="Tugas saya"
        ),
        "other": ConsultationFactory(
            due_at=NOW + timedelta(days=2), status=Status.ASSIGNED, assignee=other, subject="Tugas orang lain"
        ),
        "daerah": ConsultationFactory(directorate=directorate("daerah"), subject="Kasus daerah"),
        "answered": ConsultationFactory(
            status=Status.DELIVERED, assignee=staff, completed_at=NOW, completed_on_time=True, subject="Sudah selesai"
        ),
    }


def rows(response):
    return [case.subject for case in response.context["page"]]


def test_director_sees_the_whole_open_directorate_priority_first_then_nearest_deadline(
    login, director_pusat, queue_cases
):
    response = login(director_pusat).get(QUEUE)
    assert response.status_code == 200
    assert rows(response) == ["Kasus prioritas", "Tenggat besok", "Tugas orang lain", "Tugas saya", "Tenggat nanti"]
    html = response.content.decode()
    assert "<caption>" in html and '<th scope="row"' in html
    assert "Prioritas" in html


def test_staff_see_their_own_and_the_unassigned(login, staff, queue_cases):
    assert rows(login(staff).get(QUEUE)) == ["Kasus prioritas", "Tenggat besok", "Tugas saya", "Tenggat nanti"]


def test_other_directorates_queue_is_theirs(login, director_daerah, queue_cases):
    assert rows(login(director_daerah).get(QUEUE)) == ["Kasus daerah"]


def test_front_desk_and_admin_read_every_directorate(login, front_desk, queue_cases):
    response = login(front_desk).get(QUEUE)
    assert len(rows(response)) == 6
    assert response.context["all_directorates"] and response.context["read_only"]


def test_complaint_handlers_and_applicants_have_no_queue(login, complaint_handler, applicant_a):
    assert login(complaint_handler).get(QUEUE).status_code == 403
    assert login(applicant_a).get(QUEUE).status_code == 403


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"status": "assigned"}, ["Tugas orang lain", "Tugas saya"]),
        ({"status": "delivered"}, ["Sudah selesai"]),
        ({"status": "answered"}, ["Sudah selesai"]),  # a link saved before the status was renamed
        ({"assignee": "none"}, ["Kasus prioritas", "Tenggat besok", "Tenggat nanti"]),
        ({"assignee": "me"}, []),
        ({"deadline": "at_risk"}, ["Tenggat besok"]),
        ({"deadline": "on_time"}, ["Kasus prioritas", "Tugas orang lain", "Tugas saya", "Tenggat nanti"]),
        ({"deadline": "late"}, []),
        ({"status": "bogus"}, ["Kasus prioritas", "Tenggat besok", "Tugas orang lain", "Tugas saya", "Tenggat nanti"]),
    ],
)
def test_queue_filters(login, director_pusat, queue_cases, params, expected):
    assert rows(login(director_pusat).get(QUEUE, params)) == expected


def test_filter_by_assignee_and_category(login, director_pusat, queue_cases, staff):
    client = login(director_pusat)
    assert rows(client.get(QUEUE, {"assignee": str(staff.pk)})) == ["Tugas saya"]
    other_category = ConsultationFactory(category=category("swakelola"))
    assert rows(client.get(QUEUE, {"category": str(other_category.category_id)})) == [other_category.subject]


def test_filter_form_works_without_javascript_and_keeps_its_values(login, director_pusat, queue_cases):
    html = login(director_pusat).get(QUEUE, {"status": "assigned", "deadline": "on_time"}).content.decode()
    assert '<form method="get"' in html
    assert '<option value="assigned" selected>' in html
    assert '<option value="on_time" selected>' in html
    assert 'for="id_deadline"' in html
    assert "Hapus saringan" in html


def test_queue_pagination_keeps_the_filters(login, director_pusat, monday):
    for n in range(30):
        ConsultationFactory(due_at=NOW + timedelta(days=3, minutes=n))
    client = login(director_pusat)
    first = client.get(QUEUE, {"status": "submitted"})
    assert len(first.context["page"].object_list) == 25
    assert "?status=submitted&amp;halaman=2" in first.content.decode()
    assert len(client.get(QUEUE, {"status": "submitted", "halaman": 2}).context["page"].object_list) == 5


def test_queue_shows_deadlines_in_wib_with_days_left(login, director_pusat, case):
    html = login(director_pusat).get(QUEUE).content.decode()
    assert case.number in html
    assert "Selasa, 22 April 2025 23.59 WIB" in html
    assert "10 hari kerja lagi" in html and "Tepat waktu" in html


# --- the case page ---------------------------------------------------------------------


@pytest.fixture
def with_profile_id(kl_applicant):
    profile = kl_applicant.profile
    profile.id_document_type = "ktp"
    profile.id_document_number = "3173012345678901"
    profile.save()
    return kl_applicant


def test_case_page_shows_everything_to_the_directorate(login, director_pusat, case, staff, with_profile_id):
    steps.post_message(consultation=case, author=with_profile_id, body="Tambahan dari pemohon", files=checked(pdf("rab.pdf")))
    steps.add_internal_note(consultation=case, author=staff, body="Catatan rahasia tim")
    response = login(director_pusat).get(url("staff_detail", case))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (case.subject, case.description, with_profile_id.email, "Tambahan dari pemohon", "rab.pdf", "Catatan rahasia tim",
                 "Selasa, 22 April 2025 23.59 WIB", "10 hari kerja lagi", "Kementerian Kesehatan", "RUP 12345678"):
        assert text in html, text
    assert "3173012345678901" not in html and "8901" in html  # identity number masked
    # Director's actions: assign, claim, re-route, note, message, answer (the website panel's).
    assert set(response.context["forms"]) == {"assign", "reroute", "note", "message"}
    assert response.context["answer_form"] is not None
    assert response.context["can_claim"]
    assert "Catatan internal ditambahkan" in html  # the staff timeline shows internal events


def test_the_description_is_escaped_on_the_staff_page(login, director_pusat, kl_applicant, spec_day, holidays):
    case = submit(kl_applicant, description='<script>alert("xss")</script>', subject="<img src=x onerror=alert(1)>")
    html = login(director_pusat).get(url("staff_detail", case)).content.decode()
    assert "<script>alert(" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_staff_of_another_directorate_get_404_for_the_case_and_its_actions(login, director_daerah, case):
    events_before = case.events.count()
    client = login(director_daerah)
    assert client.get(url("staff_detail", case)).status_code == 404
    for name in ("claim", "note", "answer", "assign", "reroute", "staff_message"):
        assert client.post(url(name, case), {"catatan-body": "x"}).status_code == 404, name
    assert case.events.count() == events_before


def test_front_desk_reads_the_case_but_has_no_step_but_notes(login, front_desk, case):
    response = login(front_desk).get(url("staff_detail", case))
    assert response.status_code == 200
    assert set(response.context["forms"]) == {"note"}
    assert not response.context["can_claim"]


def test_staff_member_offered_claim_but_not_assign(login, staff, case):
    response = login(staff).get(url("staff_detail", case))
    assert response.context["can_claim"]
    assert "assign" not in response.context["forms"]
    assert "answer_form" not in response.context  # only the assignee or a lead answers


# --- steps ------------------------------------------------------------------------------


def test_claim(login, staff, case):
    response = login(staff).post(url("claim", case), follow=True)
    case.refresh_from_db()
    assert case.status == Status.ASSIGNED and case.assignee == staff
    assert f"Konsultasi {case.number} sekarang Anda tangani." in response.content.decode()


def test_claiming_an_assigned_case_says_it_moved_on(login, staff, team_lead, case):
    steps.claim(consultation=case, actor=team_lead)
    response = login(staff).post(url("claim", case), follow=True)
    assert "status konsultasi sekarang" in response.content.decode()
    case.refresh_from_db()
    assert case.assignee == team_lead


def test_director_assigns_anyone_team_lead_only_members(login, director_pusat, team_lead, staff, case):
    client = login(director_pusat)
    page = client.get(url("staff_detail", case))
    choices = dict(page.context["forms"]["assign"].fields["assignee"].choices)
    assert {staff.pk, team_lead.pk, director_pusat.pk} <= set(choices)
    response = client.post(url("assign", case), {"tugas-assignee": str(staff.pk)})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.assignee == staff and case.status == Status.ASSIGNED
    # A team lead is offered no director.
    lead_page = login(team_lead).get(url("staff_detail", case))
    lead_choices = dict(lead_page.context["forms"]["assign"].fields["assignee"].choices)
    assert director_pusat.pk not in lead_choices and staff.pk in lead_choices


def test_assigning_someone_not_offered_is_a_form_error(login, team_lead, director_pusat, case, director_daerah):
    client = login(team_lead)
    for bad in (director_pusat.pk, director_daerah.pk, "x"):
        response = client.post(url("assign", case), {"tugas-assignee": str(bad)})
        assert response.status_code == 200
        assert response.context["forms"]["assign"].errors["assignee"]
    case.refresh_from_db()
    assert case.assignee is None


def test_staff_cannot_assign_by_hand_made_request(login, staff, team_lead, case):
    response = login(staff).post(url("assign", case), {"tugas-assignee": str(team_lead.pk)})
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.assignee is None


def test_reroute_with_reason_keeps_the_deadline_and_leaves_the_queue(login, staff, case):
    due = case.due_at
    response = login(staff).post(
        url("reroute", case), {"alih-directorate": str(directorate("hukum").pk), "alih-reason": "Ada sengketa kontrak."}
    )
    assert response.status_code == 302 and response["Location"] == QUEUE  # no longer visible to pusat staff
    case.refresh_from_db()
    assert case.directorate.code == "hukum" and case.due_at == due and case.status == Status.SUBMITTED
    event = case.events.get(type=EventType.REROUTED)
    assert event.data["reason"] == "Ada sengketa kontrak."


def test_reroute_needs_a_reason_and_another_directorate(login, staff, case):
    client = login(staff)
    response = client.post(url("reroute", case), {"alih-directorate": str(directorate("hukum").pk), "alih-reason": ""})
    assert "Tulis alasan pengalihan." in response.content.decode()
    response = client.post(url("reroute", case), {"alih-directorate": str(directorate("pusat").pk), "alih-reason": "x"})
    assert response.context["forms"]["reroute"].errors["directorate"]
    case.refresh_from_db()
    assert case.directorate.code == "pusat"


def test_internal_note_is_kept_and_never_emailed(login, staff, case, kl_applicant, django_capture_on_commit_callbacks):
    mail.outbox.clear()  # the submission's confirmation
    emails_before = OutboundEmail.objects.about(case).count()
    with django_capture_on_commit_callbacks(execute=True):
        response = login(staff).post(url("note", case), {"catatan-body": "Cek Perpres 12/2021."}, follow=True)
    assert "Catatan internal disimpan." in response.content.decode()
    assert InternalNote.objects.get().body == "Cek Perpres 12/2021."
    assert not mail.outbox and OutboundEmail.objects.about(case).count() == emails_before


def test_message_to_the_applicant_is_emailed(login, staff, case, kl_applicant, django_capture_on_commit_callbacks):
    mail.outbox.clear()  # the submission's confirmation
    with django_capture_on_commit_callbacks(execute=True):
        response = login(staff).post(url("staff_message", case), {"pesan-body": "Mohon lengkapi HPS.", "pesan-files": [pdf("form.pdf")]})
    assert response.status_code == 302
    message = Message.objects.get()
    assert not message.from_applicant and message.attachments.count() == 1
    assert [m.to for m in mail.outbox] == [[kl_applicant.email]]
    assert "Mohon lengkapi HPS." in mail.outbox[0].body


def test_answer_stops_the_clock_and_emails_the_applicant(
    login, director_pusat, case, kl_applicant, django_capture_on_commit_callbacks
):
    client = login(director_pusat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("answer", case),
            {"jawab-kinds": ["pendapat", "saran"], "jawab-text": "Pendapat kami: lanjutkan tender.", "jawab-files": [pdf("pendapat.pdf")]},
            follow=True,
        )
    assert "selesai tepat waktu" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.DELIVERED and case.completed_on_time and case.assignee == director_pusat
    answer = Answer.objects.get()
    assert answer.kinds == ["saran", "pendapat"] and answer.attachments.get().original_name == "pendapat.pdf"
    assert "Pendapat kami: lanjutkan tender." in mail.outbox[-1].body
    # Answered: no answer form any more, a correction form instead.
    page = client.get(url("staff_detail", case))
    assert "answer_form" not in page.context
    assert page.context["records"].answers[0].correction_form is not None


def test_answer_needs_a_kind_and_text_and_keeps_them(login, director_pusat, case):
    response = login(director_pusat).post(
        url("answer", case), {"jawab-text": "Teks yang diketik", "jawab-files": [hostile("svg")]}
    )
    assert response.status_code == 200
    form = response.context["answer_form"]
    assert form["text"].value() == "Teks yang diketik"
    assert "Pilih paling sedikit satu jenis jawaban." in form.errors["kinds"]
    assert any("gambar.svg" in e for e in form.errors["files"])
    assert [(f.name, f.refused) for f in response.context["dropped"]] == [("gambar.svg", True)]
    assert not Answer.objects.exists() and not Attachment.objects.exists()


def test_correction_is_a_new_answer(login, director_pusat, case, django_capture_on_commit_callbacks):
    original = answers.send_answer(consultation=case, author=director_pusat, kinds=["saran"], text="Versi pertama.")
    client = login(director_pusat)
    page = client.get(url("staff_detail", case))
    assert page.context["records"].answers[0].correction_form["text"].value() == "Versi pertama."
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("correct_answer", case, answer=original.pk),
            {f"koreksi-{original.pk}-kinds": ["saran"], f"koreksi-{original.pk}-text": "Versi yang benar."},
            follow=True,
        )
    assert "Koreksi jawaban dikirim" in response.content.decode()
    correction = Answer.objects.exclude(pk=original.pk).get()
    assert correction.corrects == original and correction.text == "Versi yang benar."
    original.refresh_from_db()
    assert original.text == "Versi pertama."
    html = response.content.decode()
    assert "Jawaban ini telah dikoreksi" in html and "Mengoreksi jawaban yang dikirim" in html


def test_correcting_an_answer_of_another_case_is_404(login, director_pusat, case, kl_applicant):
    other = submit(kl_applicant, subject="Lain")
    answer = answers.send_answer(consultation=other, author=director_pusat, kinds=["saran"], text="x")
    answers.send_answer(consultation=case, author=director_pusat, kinds=["saran"], text="y")
    response = login(director_pusat).post(
        url("correct_answer", case, answer=answer.pk), {f"koreksi-{answer.pk}-kinds": ["saran"], f"koreksi-{answer.pk}-text": "z"}
    )
    assert response.status_code == 404


def test_answering_twice_says_the_case_moved_on(login, director_pusat, case):
    answers.send_answer(consultation=case, author=director_pusat, kinds=["saran"], text="Sudah.")
    response = login(director_pusat).post(url("answer", case), {"jawab-kinds": ["saran"], "jawab-text": "Lagi"}, follow=True)
    assert "status konsultasi sekarang \u201cSudah dijawab\u201d" in response.content.decode()
    assert Answer.objects.count() == 1


def test_get_on_a_step_is_not_allowed(login, director_pusat, case):
    assert login(director_pusat).get(url("answer", case)).status_code == 405
