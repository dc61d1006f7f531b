"""Reads: who sees which cases, the staff queue and its order, deadlines per row."""

from datetime import datetime, timedelta

import pytest
from django.db import IntegrityError, transaction

from accounts.models import Role
from accounts.tests.factories import InternalUserFactory, directorate
from consultations.channels import Channel
from consultations.models import Consultation
from consultations.policies import can_view
from consultations.selectors import queue_cases, visible_cases
from consultations.workflow import Status

from .conftest import WIB
from .factories import ConsultationFactory

NOW = datetime(2025, 5, 5, 9, 0, tzinfo=WIB)  # a Monday


@pytest.fixture
def cases(applicant_a, applicant_b, staff):
    return {
        "a_pusat": ConsultationFactory(applicant=applicant_a, directorate=directorate("pusat")),
        "a_daerah": ConsultationFactory(applicant=applicant_a, directorate=directorate("daerah")),
        "b_hukum": ConsultationFactory(applicant=applicant_b, directorate=directorate("hukum")),
        "b_pusat_mine": ConsultationFactory(
            applicant=applicant_b, directorate=directorate("pusat"), status=Status.ASSIGNED, assignee=staff
        ),
    }


def names(qs, cases):
    by_pk = {case.pk: name for name, case in cases.items()}
    return {by_pk[pk] for pk in qs.values_list("pk", flat=True)}


@pytest.mark.parametrize(
    "persona, expected",
    [
        ("applicant_a", {"a_pusat", "a_daerah"}),
        ("applicant_b", {"b_hukum", "b_pusat_mine"}),
        ("staff", {"a_pusat", "b_pusat_mine"}),
        ("team_lead", {"a_pusat", "b_pusat_mine"}),
        ("director_pusat", {"a_pusat", "b_pusat_mine"}),
        ("complaint_handler", set()),
        ("director_daerah", {"a_daerah"}),
        ("director_hukum", {"b_hukum"}),
        ("front_desk", {"a_pusat", "a_daerah", "b_hukum", "b_pusat_mine"}),
        ("admin_user", {"a_pusat", "a_daerah", "b_hukum", "b_pusat_mine"}),
    ],
)
def test_one_rule_decides_who_sees_a_case_as_a_query_and_per_case(request, cases, persona, expected):
    user = request.getfixturevalue(persona)
    assert names(visible_cases(user), cases) == expected
    # The same rule (policies.case_scope) applied to each case in hand.
    assert {name for name, case in cases.items() if can_view(user, case)} == expected


def test_nobody_else_sees_anything(cases, applicant_a):
    from django.contrib.auth.models import AnonymousUser

    assert not visible_cases(None).exists()
    assert not visible_cases(AnonymousUser()).exists()
    applicant_a.is_active = False
    assert not visible_cases(applicant_a).exists()
    assert not any(can_view(applicant_a, case) for case in cases.values())


def test_the_queue_of_staff_is_theirs_and_the_unassigned(cases, staff, director_pusat, team_lead, complaint_handler, front_desk):
    other = InternalUserFactory(email="lain@lkpp.go.id", role=Role.STAFF)
    cases["other_pusat"] = ConsultationFactory(directorate=directorate("pusat"), status=Status.ASSIGNED, assignee=other)
    cases["answered"] = ConsultationFactory(
        directorate=directorate("pusat"), status=Status.DELIVERED, completed_at=NOW, completed_on_time=True
    )
    assert names(queue_cases(staff), cases) == {"a_pusat", "b_pusat_mine"}
    everything_open = {"a_pusat", "b_pusat_mine", "other_pusat"}
    assert names(queue_cases(director_pusat), cases) == everything_open
    assert names(queue_cases(team_lead), cases) == everything_open
    assert not queue_cases(complaint_handler).exists()
    # The front desk reads every directorate's queue (read-only; the view offers no step).
    assert names(queue_cases(front_desk), cases) == everything_open | {"a_daerah", "b_hukum"}
    # Delivered cases only when asked for: staff see the ones they handled.
    assert names(queue_cases(director_pusat, status=Status.DELIVERED), cases) == {"answered"}
    assert not queue_cases(staff, status=Status.DELIVERED).exists()


def test_queue_order_priority_first_then_nearest_deadline(db):
    late = ConsultationFactory(submitted_at=NOW - timedelta(days=20), due_at=NOW - timedelta(days=1))
    soon = ConsultationFactory(submitted_at=NOW, due_at=NOW + timedelta(days=1))
    later = ConsultationFactory(submitted_at=NOW, due_at=NOW + timedelta(days=5))
    priority_later = ConsultationFactory(submitted_at=NOW, due_at=NOW + timedelta(days=9), is_priority=True)
    priority_soon = ConsultationFactory(submitted_at=NOW, due_at=NOW + timedelta(days=2), is_priority=True)
    no_clock = ConsultationFactory(
        channel=Channel.SURAT, status=Status.REGISTERED, submitted_at=NOW, clock_started_at=None, due_at=None
    )
    assert list(Consultation.objects.queue_order()) == [priority_soon, priority_later, late, soon, later, no_clock]


def test_open_clock_running_and_overdue(db):
    overdue = ConsultationFactory(submitted_at=NOW - timedelta(days=20), due_at=NOW - timedelta(seconds=1))
    running = ConsultationFactory(submitted_at=NOW, due_at=NOW + timedelta(days=3))
    registered = ConsultationFactory(
        channel=Channel.SURAT, status=Status.REGISTERED, submitted_at=NOW, clock_started_at=None, due_at=None
    )
    answered_late = ConsultationFactory(
        status=Status.DELIVERED,
        submitted_at=NOW - timedelta(days=20),
        due_at=NOW - timedelta(days=5),
        completed_at=NOW - timedelta(days=1),
        completed_on_time=False,
    )
    assert set(Consultation.objects.open()) == {overdue, running, registered}
    assert set(Consultation.objects.clock_running()) == {overdue, running}
    assert list(Consultation.objects.overdue(NOW)) == [overdue]
    assert answered_late.deadline_state(NOW) == "late"
    assert registered.deadline_state(NOW) is None and registered.working_days_left(NOW) is None


def test_deadline_state_and_working_days_left(holidays):
    # Due at the end of Wednesday 7 May 2025.
    case = ConsultationFactory(submitted_at=NOW, due_at=datetime(2025, 5, 7, 23, 59, 59, tzinfo=WIB))
    assert (case.deadline_state(NOW), case.working_days_left(NOW)) == ("on_time", 2)
    tuesday = NOW + timedelta(days=1)
    assert (case.deadline_state(tuesday), case.working_days_left(tuesday)) == ("at_risk", 1)
    thursday = NOW + timedelta(days=3)
    assert (case.deadline_state(thursday), case.working_days_left(thursday)) == ("late", -1)
    assert case.time_left(NOW) == timedelta(days=2, hours=14, minutes=59, seconds=59)


def test_walk_in_deadline_state_is_counted_in_minutes(db):
    walk_in = ConsultationFactory(channel=Channel.TATAP_MUKA, submitted_at=NOW, due_at=NOW + timedelta(hours=1))
    assert walk_in.deadline_state(NOW + timedelta(minutes=40)) == "on_time"
    assert walk_in.deadline_state(NOW + timedelta(minutes=45)) == "at_risk"
    assert walk_in.deadline_state(NOW + timedelta(minutes=61)) == "late"
    assert walk_in.working_days_left(NOW) is None


def test_the_database_refuses_inconsistent_cases(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        ConsultationFactory(status=Status.ASSIGNED, assignee=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        ConsultationFactory(due_at=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        ConsultationFactory(status=Status.SUBMITTED, completed_at=NOW, completed_on_time=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        ConsultationFactory(status=Status.DELIVERED, completed_at=NOW, completed_on_time=None)


def test_a_case_without_an_account_belongs_to_no_applicant_even_one_with_its_email(applicant_a, director_pusat):
    """A walk-in guest or a letter's sender gave an address that is also an account's:
    the account still does not see the case (ownership is the account link, never the
    address), nor its files."""
    from django.http import Http404

    from consultations.models import Attachment
    from consultations.selectors import attachment_for, consultation_for

    guest = ConsultationFactory(
        applicant=None, contact_name="Tamu", contact_email=applicant_a.email, directorate=directorate("pusat")
    )
    attachment = Attachment.objects.create(
        consultation=guest, file="consultations/00/x", original_name="ktp.pdf", size=1,
        content_type="application/pdf", uploaded_by=director_pusat,
    )
    assert not visible_cases(applicant_a).filter(pk=guest.pk).exists()
    assert not can_view(applicant_a, guest)
    with pytest.raises(Http404):
        consultation_for(applicant_a, number=guest.number)
    with pytest.raises(Http404):
        attachment_for(applicant_a, pk=attachment.pk)
    # Staff of its directorate do see it.
    assert can_view(director_pusat, guest) and consultation_for(director_pusat, number=guest.number) == guest
