"""An applicant submits a website question: routing, clock, number, files, event, e-mail."""

from datetime import datetime, timedelta
from pathlib import Path

import pytest
import time_machine

from accounts.models import InstitutionType
from accounts.tests.factories import ApplicantFactory, directorate
from consultations import emails
from consultations.channels import Channel
from consultations.channels.website import emails as website_emails
from consultations.errors import NotAllowed, SubmissionRateExceeded
from consultations.models import Attachment, CaseCounter, Consultation, Event, EventType
from consultations.workflow import Status
from notifications.models import OutboundEmail

from .conftest import SPEC_DUE, SPEC_START, WIB
from .factories import category, docx, pdf, set_institution_type, submit

pytestmark = pytest.mark.usefixtures("holidays")


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_submission_starts_the_clock_with_the_spec_deadline(kl_applicant, spec_day):
    case = submit(kl_applicant)
    case.refresh_from_db()
    assert case.number == "ADV-2025-000001"
    assert case.channel == Channel.WEBSITE
    assert case.status == Status.SUBMITTED
    assert case.submitted_at == case.clock_started_at == SPEC_START
    assert case.due_at == SPEC_DUE
    assert case.assignee is None and case.completed_at is None and case.completed_on_time is None
    assert case.directorate.code == "pusat"
    assert case.applicant == kl_applicant
    assert case.procurement_package == "RUP 12345678"
    assert case.language == "id"
    assert case.working_days_left(SPEC_START) == 10
    assert case.deadline_state(SPEC_START) == "on_time"


def test_submission_writes_one_event_and_queues_the_confirmation(kl_applicant, spec_day):
    case = submit(kl_applicant)
    [event] = Event.objects.filter(consultation=case)
    assert event.type == EventType.SUBMITTED
    assert event.actor == kl_applicant
    assert event.at == SPEC_START
    assert event.data["directorate"] == "pusat"
    assert event.data["routed_by"] == "institution_type"
    assert event.data["clock_start"] == "submitted"
    [email] = OutboundEmail.objects.all()
    assert email.template == website_emails.SUBMITTED
    assert email.recipient == kl_applicant.email
    assert list(emails.event_emails(event)) == [email] and email.subject == case
    assert email.status == "pending"
    assert email.context["number"] == case.number


def test_the_language_of_the_applicant_is_kept(kl_applicant, spec_day):
    kl_applicant.language = "en"
    kl_applicant.save()
    case = submit(kl_applicant)
    assert case.language == "en"
    assert OutboundEmail.objects.get().language == "en"
    assert submit(kl_applicant, language="id").language == "id"


# --- routing --------------------------------------------------------------------


@pytest.mark.parametrize(
    "institution_type, expected",
    [
        (InstitutionType.KL, "pusat"),
        (InstitutionType.PEMDA, "daerah"),
        (InstitutionType.BUMN_BUMD, "pusat"),
        (InstitutionType.PENYEDIA, "pusat"),
        (InstitutionType.PERORANGAN, "pusat"),
        (InstitutionType.LAINNYA, "pusat"),
    ],
)
def test_routing_by_institution_type(applicant_a, spec_day, institution_type, expected):
    set_institution_type(applicant_a, institution_type)
    assert submit(applicant_a).directorate.code == expected


def test_legal_categories_go_to_hukum_whoever_asks(applicant_a, spec_day):
    for kind in (InstitutionType.KL, InstitutionType.PEMDA):
        set_institution_type(applicant_a, kind)
        case = submit(applicant_a, category=category("hukum"))
        assert case.directorate.code == "hukum"
        assert case.events.get().data["routed_by"] == "legal_category"


def test_a_category_default_directorate_beats_the_institution_type(kl_applicant, spec_day):
    emergency = category("darurat")
    emergency.default_directorate = directorate("daerah")
    emergency.save()
    case = submit(kl_applicant, category=emergency)
    assert case.directorate.code == "daerah"
    assert case.events.get().data["routed_by"] == "category_default"


# --- numbers --------------------------------------------------------------------


def test_numbers_are_sequential_and_restart_each_year_in_wib(kl_applicant, applicant_b):
    with time_machine.travel(datetime(2025, 12, 31, 23, 30, tzinfo=WIB), tick=False):
        first = submit(kl_applicant).number
        second = submit(applicant_b).number
    # 00:30 WIB on 1 January is still 31 December in UTC: the year is Jakarta's.
    with time_machine.travel(datetime(2026, 1, 1, 0, 30, tzinfo=WIB), tick=False):
        third = submit(kl_applicant).number
        fourth = submit(applicant_b).number
    assert [first, second, third, fourth] == ["ADV-2025-000001", "ADV-2025-000002", "ADV-2026-000001", "ADV-2026-000002"]
    assert dict(CaseCounter.objects.values_list("year", "last_number")) == {2025: 2, 2026: 2}


def test_a_failed_submission_gives_its_number_back(kl_applicant, spec_day, monkeypatch, _uploads):
    submit(kl_applicant)

    def broken(*args, **kwargs):
        raise RuntimeError("mail templates missing")

    monkeypatch.setattr(website_emails, "queue_submitted", broken)
    with pytest.raises(RuntimeError):
        submit(kl_applicant, files=[pdf()])
    monkeypatch.undo()
    # No gap: the rolled-back transaction took its number with it, and its file.
    assert submit(kl_applicant).number == "ADV-2025-000002"
    assert Consultation.objects.count() == 2
    assert stored_files(_uploads) == []


def test_numbers_are_unique_in_the_database(kl_applicant, spec_day):
    from django.db import IntegrityError, transaction

    case = submit(kl_applicant)
    with pytest.raises(IntegrityError), transaction.atomic():
        Consultation.objects.filter(pk=submit(kl_applicant).pk).update(number=case.number)


# --- files ----------------------------------------------------------------------


def test_files_are_stored_under_random_names(kl_applicant, spec_day, _uploads):
    case = submit(kl_applicant, files=[pdf("../Surat Permohonan.pdf"), docx("kontrak.docx")])
    attachments = list(Attachment.objects.filter(consultation=case).order_by("id"))
    assert [a.original_name for a in attachments] == ["Surat Permohonan.pdf", "kontrak.docx"]
    assert [a.content_type for a in attachments] == [
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ]
    for attachment in attachments:
        assert attachment.uploaded_by == kl_applicant
        assert attachment.answer is None and attachment.message is None
        name = Path(attachment.file.name).name
        assert len(name) == 32 and "." not in name  # a uuid4, nothing of the user's
        assert attachment.file.size == attachment.size
    assert len(stored_files(_uploads)) == 2
    assert case.events.get().data["attachments"] == 2


# --- who may submit -------------------------------------------------------------


@pytest.mark.parametrize("persona", ["staff", "director_pusat", "front_desk", "admin_user"])
def test_staff_cannot_submit_as_applicants(request, spec_day, persona):
    with pytest.raises(NotAllowed):
        submit(request.getfixturevalue(persona))
    assert not Consultation.objects.exists()


def test_an_unverified_applicant_cannot_submit(spec_day):
    unverified = ApplicantFactory(verified=False)
    with pytest.raises(NotAllowed):
        submit(unverified)


def test_an_inactive_applicant_cannot_submit(kl_applicant, spec_day):
    kl_applicant.is_active = False
    kl_applicant.save()
    with pytest.raises(NotAllowed):
        submit(kl_applicant)


def test_at_most_ten_submissions_an_hour(kl_applicant, applicant_b):
    with time_machine.travel(SPEC_START, tick=False) as traveller:
        for _ in range(10):
            submit(kl_applicant)
            traveller.shift(timedelta(minutes=5))
        # 10:50: the first of the ten was at 10:00.
        with pytest.raises(SubmissionRateExceeded) as caught:
            submit(kl_applicant)
        assert caught.value.retry_after == timedelta(minutes=10)
        submit(applicant_b)  # others are not affected
        traveller.shift(timedelta(minutes=10, seconds=1))
        submit(kl_applicant)
    assert Consultation.objects.filter(applicant=kl_applicant).count() == 11
