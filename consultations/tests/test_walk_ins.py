"""The walk-in channel as SK 234/2024 reads (channel 2): the form beforehand or a paper
form, the checklist, registration starting a one-hour clock, hand-off to the authorized
staff on duty, the advice recorded and e-mailed; a late visit breached by the sweep and
the guest's next visit coming out priority.

The services take the values their forms clean (E.164 phone, stripped text, an active
category, checked files); what the forms refuse is tested in ``test_walk_in_forms``."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError

from accounts.models import Role
from accounts.tests.factories import InternalUserFactory, directorate
from consultations.channels.tatap_muka import selectors as walk_in_selectors
from consultations.channels.tatap_muka import services as walk_ins
from consultations.errors import NotAllowed
from consultations.models import (
    Category,
    Consultation,
    DeskHours,
    DutyDay,
    EventType,
    PriorityCredit,
    WalkIn,
    WalkInAuthorization,
)
from consultations.workflow import Status
from core.lifecycle import sweep
from core.time import WIB
from files.checks import validate_uploads
from files.tests.builders import pdf
from notifications.models import Notice, OutboundEmail

# A Monday at 10:00 WIB: the desk is open.
MONDAY_10 = datetime(2026, 11, 2, 10, 0, tzinfo=WIB)
ALL_ITEMS = ["email", "identity_document", "phone", "form"]


@pytest.fixture
def monday(holidays):
    with time_machine.travel(MONDAY_10, tick=False) as traveller:
        yield traveller


@pytest.fixture
def category(db):
    return Category.objects.get(code="perencanaan")


@pytest.fixture
def advisor(db, category):
    user = InternalUserFactory(email="piket@lkpp.go.id", full_name="Putri Piket", role=Role.STAFF,
                               directorate=directorate("pusat"))
    WalkInAuthorization.objects.create(user=user, category=category)
    DutyDay.objects.create(user=user, date=MONDAY_10.date())
    return user


@pytest.fixture
def colleague(db, category):
    user = InternalUserFactory(email="rekan@lkpp.go.id", full_name="Rudi Rekan", role=Role.STAFF,
                               directorate=directorate("pusat"))
    WalkInAuthorization.objects.create(user=user, category=category)
    DutyDay.objects.create(user=user, date=MONDAY_10.date())
    return user


def fill(category, **overrides):
    fields = dict(
        name="Sri Wahyuni", email="sri.wahyuni@contoh.go.id", phone="+6281234567890",
        institution_name="Dinas PUPR Kabupaten Bantul", institution_type="pemda", category=category,
        question="Bagaimana menyusun HPS untuk pekerjaan jalan desa?",
    )
    fields.update(overrides)
    if "files" in fields:  # as the form hands them over
        fields["files"] = validate_uploads(list(fields["files"]))
    return walk_ins.submit_visit_form(**fields)


def register(front_desk, form, **overrides):
    fields = dict(actor=front_desk, form=form, ticked=ALL_ITEMS, id_document_type="ktp", id_number_last4="A234")
    fields.update(overrides)
    return walk_ins.register_visit(**fields)


# --- the form beforehand --------------------------------------------------------------


def test_the_form_beforehand_gives_a_short_code_and_starts_no_clock(monday, category):
    form = fill(category, files=[pdf("denah.pdf")])

    assert len(form.code) == 8 and form.code.isalnum() and form.code.isupper()
    assert not set(form.code) & set("01OIL")
    assert form.expires_at == MONDAY_10 + timedelta(days=30)
    assert form.phone == "+6281234567890" and form.files.count() == 1
    assert not Consultation.objects.exists()
    email = OutboundEmail.objects.get(template="visit-form-received")
    assert email.recipient == "sri.wahyuni@contoh.go.id"
    assert email.context["code"] == f"{form.code[:4]}-{form.code[4:]}" and "/qr.svg" in email.context["qr_url"]


def test_the_desk_finds_a_form_by_code_name_or_email(monday, category):
    form = fill(category)
    now = MONDAY_10
    for query in (form.code.lower(), f"{form.code[:4]}-{form.code[4:]}", "wahyuni", "SRI.WAHYUNI@contoh.go.id"):
        assert walk_in_selectors.find_visit_forms(query, now=now) == [form], query
    assert walk_in_selectors.find_visit_forms("tidak-ada", now=now) == []
    assert walk_in_selectors.find_visit_forms(form.code, now=now + timedelta(days=31)) == []


# --- registration: the clock starts -----------------------------------------------------


def test_registration_starts_the_one_hour_clock_and_keeps_only_four_characters(monday, front_desk, category):
    form = fill(category, files=[pdf("denah.pdf")])
    case = register(front_desk, form)

    assert case.channel == "tatap_muka" and case.status == Status.SUBMITTED
    assert case.number.startswith("ADV-2026-")
    assert case.clock_started_at == MONDAY_10 and case.due_at == MONDAY_10 + timedelta(hours=1)
    visit = WalkIn.objects.get(consultation=case)
    assert visit.id_document_type == "ktp" and visit.id_number_last4 == "A234"
    assert visit.checklist == dict.fromkeys(ALL_ITEMS, True)
    assert case.contact_phone == "+6281234567890" and case.contact_name == "Sri Wahyuni"
    assert case.attachments.get().original_name == "denah.pdf"
    form.refresh_from_db()
    assert form.used_at == MONDAY_10
    assert case.events.get().type == EventType.VISIT_REGISTERED


def test_a_code_registers_once_and_an_expired_one_not_at_all(monday, front_desk, category):
    form = fill(category)
    register(front_desk, form)
    with pytest.raises(ValidationError) as excinfo:
        register(front_desk, form)
    assert "sudah dipakai" in str(excinfo.value)
    old = fill(category, email="lama@contoh.go.id")
    monday.move_to(MONDAY_10 + timedelta(days=31))
    with pytest.raises(ValidationError) as excinfo:
        register(front_desk, old)
    assert "kedaluwarsa" in str(excinfo.value)
    assert Consultation.objects.count() == 1


def test_a_paper_form_typed_in_at_the_desk(monday, front_desk, category):
    case = walk_ins.register_visit(
        actor=front_desk,
        paper={"name": "Budi", "email": "budi@contoh.co.id", "phone": "+622129912450", "institution_name": "CV Maju",
               "institution_type": "penyedia", "category": category, "question": "Sanggah ditolak, apa langkahnya?",
               "language": "en"},
        ticked=ALL_ITEMS, id_document_type="sim", id_number_last4="A9Z1",
    )
    assert case.contact_phone == "+622129912450" and case.walk_in.form is None
    assert case.institution_name == "CV Maju" and case.language == "en" and case.directorate.code == "pusat"


def test_outside_the_desks_hours_it_asks_for_a_reason(monday, front_desk, category):
    form = fill(category)
    monday.move_to(datetime(2026, 11, 2, 17, 30, tzinfo=WIB))
    assert not walk_ins.desk_is_open(datetime(2026, 11, 2, 17, 30, tzinfo=WIB))
    with pytest.raises(ValidationError) as excinfo:
        register(front_desk, form)
    assert "di luar jam layanan" in str(excinfo.value)
    case = register(front_desk, form, outside_hours_reason="Tamu terlambat karena banjir; disetujui Direktur.")
    assert case.walk_in.outside_hours_reason.startswith("Tamu terlambat")


def test_the_admins_hours_and_the_calendar_decide_when_the_desk_is_open(monday):
    friday_1615 = datetime(2026, 11, 6, 16, 15, tzinfo=WIB)
    assert walk_ins.desk_is_open(friday_1615)  # Friday closes at 16:30
    assert not walk_ins.desk_is_open(datetime(2026, 11, 7, 10, 0, tzinfo=WIB))  # Saturday
    assert not walk_ins.desk_is_open(datetime(2026, 12, 25, 10, 0, tzinfo=WIB))  # Christmas
    DeskHours.objects.create(weekday=4, opens="08:00", closes="16:00")
    assert not walk_ins.desk_is_open(friday_1615)


def test_only_the_secretariat_registers(monday, category, advisor, applicant_a):
    form = fill(category)
    for actor in (advisor, applicant_a):
        with pytest.raises(NotAllowed):
            register(actor, form)


# --- hand-off, advice -----------------------------------------------------------------------


def test_hand_off_to_the_authorized_staff_on_duty_and_the_advice_recorded(
    monday, front_desk, category, advisor, colleague, django_capture_on_commit_callbacks
):
    case = register(front_desk, fill(category))
    other = InternalUserFactory(email="bukan.piket@lkpp.go.id", role=Role.STAFF, directorate=directorate("pusat"))
    with pytest.raises(ValidationError):
        walk_ins.hand_off(consultation=case, actor=front_desk, to=other)

    walk_ins.hand_off(consultation=case, actor=front_desk, to=advisor)
    case.refresh_from_db()
    assert case.status == Status.ASSIGNED and case.assignee == advisor
    assert Notice.objects.filter(recipient=advisor, kind="case_assigned").exists()
    with pytest.raises(ValidationError):  # the guest is with her already
        walk_ins.hand_off(consultation=case, actor=advisor, to=advisor, reason="Sendiri.")
    walk_ins.hand_off(consultation=case, actor=advisor, to=colleague, reason="Kasus jasa konstruksi, keahlian rekan.")
    walk_ins.accept_guest(consultation=case, actor=colleague)
    with pytest.raises(NotAllowed):
        walk_ins.record_advice(consultation=case, author=advisor, kinds=["saran"], summary="x")

    with django_capture_on_commit_callbacks(execute=True):
        advice = walk_ins.record_advice(
            consultation=case, author=colleague, kinds=["saran", "rekomendasi"],
            summary="Gunakan harga satuan setempat yang didukung survei.",
            now=MONDAY_10 + timedelta(minutes=40),
        )
    case.refresh_from_db()
    assert case.status == Status.DELIVERED and case.completed_on_time is True
    assert advice.kinds == ["saran", "rekomendasi"]
    sent = [m for m in mail.outbox if m.to == ["sri.wahyuni@contoh.go.id"] and case.number in m.subject]
    assert sent and "harga satuan setempat" in sent[-1].body


def test_more_time_is_recorded_and_the_clock_still_judges(monday, front_desk, category, advisor):
    case = register(front_desk, fill(category))
    walk_ins.hand_off(consultation=case, actor=front_desk, to=advisor)
    walk_ins.need_more_time(consultation=case, actor=advisor, reason="Perlu membaca dokumen kontrak lengkap.")
    case.refresh_from_db()
    assert case.due_at == MONDAY_10 + timedelta(hours=1)
    walk_ins.accept_guest(consultation=case, actor=advisor)
    walk_ins.record_advice(consultation=case, author=advisor, kinds=["pendapat"], summary="Pendapat kami ...",
                           now=MONDAY_10 + timedelta(hours=2))
    case.refresh_from_db()
    assert case.completed_on_time is False and case.breached_at is not None
    assert PriorityCredit.objects.filter(granted_for=case).exists()


def test_a_visit_left_open_past_its_hour_is_breached_and_the_next_visit_is_priority(
    monday, front_desk, category, advisor
):
    case = register(front_desk, fill(category))
    report = sweep(now=MONDAY_10 + timedelta(hours=1, minutes=1))
    assert report.breached == 1
    credit = PriorityCredit.objects.get(granted_for=case)
    assert credit.used_by is None
    # The guest comes back next week with a new form: the visit comes out priority.
    monday.move_to(MONDAY_10 + timedelta(days=7))
    again = register(front_desk, fill(category, question="Pertanyaan lanjutan."))
    assert again.is_priority is True
    credit.refresh_from_db()
    assert credit.used_by == again


# --- the board ---------------------------------------------------------------------------------


def test_the_board_shows_guests_in_hand_priority_first_and_staff_only_their_own(
    monday, front_desk, category, advisor, colleague
):
    first = register(front_desk, fill(category))
    second = register(front_desk, fill(category, email="kedua@contoh.go.id"))
    done = register(front_desk, fill(category, email="ketiga@contoh.go.id"))
    Consultation.objects.filter(pk=second.pk).update(is_priority=True)
    walk_ins.hand_off(consultation=first, actor=front_desk, to=advisor)
    walk_ins.hand_off(consultation=done, actor=front_desk, to=advisor)
    walk_ins.accept_guest(consultation=done, actor=advisor)
    walk_ins.record_advice(consultation=done, author=advisor, kinds=["saran"], summary="Selesai.")

    assert walk_in_selectors.board_cases(user=front_desk) == [second, first]
    assert walk_in_selectors.board_cases(user=advisor) == [first]
    assert walk_in_selectors.board_cases(user=colleague) == []
    assert walk_in_selectors.sees_own_guests_only(advisor) and not walk_in_selectors.sees_own_guests_only(front_desk)
