"""The staff search's scope is the case rule, for every persona.

``search.selectors.scoped`` filters the index's own copy of a row's kind and directorate
(kept by the database triggers with the text) instead of asking, per matching row,
whether the case is among ``visible_cases`` — the subquery that made a search over a
million cases take seconds. This proves the two give the same rows: for every persona,
over cases and complaints of every directorate, a re-routed case and complaint, cases
of both applicants, and a deactivated account.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.tests.factories import directorate
from complaints import services as complaint_services
from complaints.models import Kind as ComplaintKind
from complaints.policies import visible_complaints
from conftest import PERSONAS
from consultations.selectors import visible_cases
from consultations.tests.factories import ConsultationFactory
from consultations.workflow import Status
from search import selectors
from search.models import Entry

pytestmark = pytest.mark.django_db

CODES = ("pusat", "daerah", "hukum")


@pytest.fixture
def world(db, applicant_a, applicant_b, holidays):
    cases = [
        ConsultationFactory(applicant=applicant, directorate=directorate(code), status=status)
        for code in CODES
        for applicant in (applicant_a, applicant_b)
        for status in (Status.SUBMITTED, Status.DELIVERED)
    ]
    cases.append(ConsultationFactory(applicant=None, directorate=directorate("pusat")))  # registered for a guest
    rerouted = cases[0]
    rerouted.directorate = directorate("hukum")
    rerouted.save(update_fields=["directorate"])
    complaints = [
        complaint_services.file_complaint(
            kind=ComplaintKind.PENGADUAN, text="Pengaduan atas layanan advokasi", directorate=directorate(code)
        ).complaint
        for code in ("pusat", "daerah")
    ]
    moved = complaints[0]
    moved.directorate = directorate("hukum")
    moved.save(update_fields=["directorate"])
    return cases, complaints


def _by_the_rule(user) -> set[int]:
    cases = set(visible_cases(user).values_list("pk", flat=True))
    complaints = set(visible_complaints(user).values_list("pk", flat=True))
    return set(
        Entry.objects.filter(consultation_id__in=cases).values_list("pk", flat=True)
    ) | set(Entry.objects.filter(complaint_id__in=complaints).values_list("pk", flat=True))


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_the_search_scope_is_the_case_rule(world, persona):
    user = persona or AnonymousUser()
    if persona is None:
        # Anonymous never reaches the page (search:cases asks for a sign-in); the rule
        # still gives nothing.
        assert not visible_cases(user).exists()
        return
    assert set(selectors.scoped(user).values_list("pk", flat=True)) == _by_the_rule(user)


@pytest.mark.parametrize("persona", ("director_pusat", "staff", "admin_user"), indirect=True)
def test_a_deactivated_account_finds_nothing(world, persona):
    persona.is_active = False
    persona.save(update_fields=["is_active"])
    assert set(selectors.scoped(persona).values_list("pk", flat=True)) == _by_the_rule(persona)


def test_every_row_is_in_some_scope_and_the_rows_mirror_their_sources(world, admin_user):
    cases, complaints = world
    assert Entry.objects.count() == len(cases) + len(complaints)
    for case in cases:
        assert Entry.objects.get(consultation=case).directorate_id == case.directorate_id
    for complaint in complaints:
        assert Entry.objects.get(complaint=complaint).directorate_id == complaint.directorate_id
