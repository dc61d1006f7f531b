"""Issue 26 on the staff queue: a fixed number of queries whatever the number of rows
(the benchmark's guard in CI), and no stale truth from its caches — the category,
directorate and caseworker lookups (``*.lookups``) and the rows written in Python
(``views.queue_table``): each thing a row shows is changed and the page read again."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.models import Directorate, Role
from accounts.tests.factories import InternalUserFactory, directorate
from consultations.models import Category, Consultation
from consultations.services import steps
from consultations.workflow import Status
from core.tests.committing import commit_for_tests
from core.time import WIB

from .factories import ConsultationFactory, category

QUEUE = reverse("consultations:queue")
BACKEND = "allauth.account.auth_backends.AuthenticationBackend"

# Queries of one queue page, whatever its rows: the session, the user, the unread
# notices (the layout) and the rows (the page). Categories, directorates, the assignee
# filter's people and the count ("N konsultasi") come from ``lookups`` — except a count
# by deadline state, which the clock changes: that one is counted on every page.
QUEUE_QUERIES = 4
DEADLINE_FILTER_QUERIES = 5


@pytest.fixture
def monday(holidays):
    with time_machine.travel(datetime(2025, 5, 5, 9, 0, tzinfo=WIB), tick=False):
        yield


# Late, at risk, on time (twice), late again: every deadline state among any 5 cases.
OFFSETS = [timedelta(hours=-30), timedelta(hours=6), timedelta(days=3), timedelta(days=8), timedelta(hours=-2)]


def make_cases(count: int, *, assignee=None, **fields) -> None:
    now, start = timezone.now(), Consultation.objects.count()
    for n in range(start, start + count):
        ConsultationFactory(
            status=Status.ASSIGNED if assignee else Status.SUBMITTED, assignee=assignee,
            is_priority=n % 7 == 0, due_at=now + OFFSETS[n % len(OFFSETS)] + timedelta(minutes=n), **fields,
        )


def shown(client, params=None) -> str:
    response = client.get(QUEUE, params or {})
    assert response.status_code == 200
    return response.content.decode()


def rows(html: str) -> list[str]:
    return html.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]


@pytest.mark.parametrize(
    "persona, params",
    [
        ("director_pusat", {}),
        ("staff", {}),
        ("admin_user", {}),
        ("front_desk", {}),
        ("team_lead", {"status": "assigned", "deadline": "late", "assignee": "me"}),
        ("director_pusat", {"category": "", "deadline": "on_time", "assignee": "none"}),
    ],
)
def test_the_queue_asks_the_same_queries_for_3_rows_and_for_25(
    client, request, monday, persona, params, staff, django_assert_num_queries
):
    user = request.getfixturevalue(persona)
    client.force_login(user, backend=BACKEND)
    assignee = user if persona == "team_lead" else None
    shown_rows = []
    for count in (3, 25):
        make_cases(count - Consultation.objects.count(), assignee=assignee)
        commit_for_tests()  # as if the rows and people were made by another request
        shown(client, params)  # warm: the lookups and the count read again after the change
        with django_assert_num_queries(DEADLINE_FILTER_QUERIES if params.get("deadline") else QUEUE_QUERIES):
            html = shown(client, params)
        shown_rows.append(len(rows(html)))
    assert 0 < shown_rows[0] < shown_rows[1]
    if not params:
        assert shown_rows == [3, 25]


@pytest.mark.parametrize("committed", [True, False], ids=["after-commit", "inside-the-writing-transaction"])
def test_a_deadline_status_assignee_and_count_change_is_on_the_next_page(
    client, monday, director_pusat, staff, team_lead, committed
):
    """Each change as another request makes it (committed: the caches were used and are
    invalidated) and as the writing request itself sees it (before its commit)."""

    def changed():
        if committed:
            commit_for_tests()

    client.force_login(director_pusat, backend=BACKEND)
    make_cases(2)
    changed()
    case = Consultation.objects.order_by("id").first()
    assert "2 konsultasi." in shown(client)
    assert "2 konsultasi." in shown(client)  # now from the count kept

    Consultation.objects.filter(pk=case.pk).update(due_at=timezone.now() - timedelta(hours=1))  # late now
    row = next(r for r in rows(shown(client)) if case.number in r)
    assert 'class="badge text-bg-danger">Terlambat<' in row
    assert "1 konsultasi." in shown(client, {"deadline": "late"})

    steps.assign(consultation=Consultation.objects.get(pk=case.pk), actor=director_pusat, assignee=staff)
    changed()
    row = next(r for r in rows(shown(client)) if case.number in r)
    assert ">Sedang ditangani<" in row and f">{staff.full_name}<" in row
    assert "1 konsultasi." in shown(client, {"status": "assigned"})

    staff.full_name = "Nama Baru Petugas"
    staff.save()
    changed()
    html = shown(client)
    row = next(r for r in rows(html) if case.number in r)
    assert ">Nama Baru Petugas<" in row  # the row's assignee
    assert f'<option value="{staff.pk}">Nama Baru Petugas</option>' in html  # the filter's people (lookup)

    make_cases(1)
    changed()
    assert "3 konsultasi." in shown(client)

    steps.reroute(consultation=Consultation.objects.get(pk=case.pk), actor=director_pusat,
                  directorate=directorate("daerah"), reason="Bukan kewenangan kami.")
    changed()
    assert "2 konsultasi." in shown(client)

    Consultation.objects.exclude(pk=case.pk).first().delete()
    changed()
    assert "1 konsultasi." in shown(client)


def test_a_staff_members_count_follows_assignments_by_others(client, monday, director_pusat, staff, team_lead):
    """A staff member's queue is theirs and the unassigned: a case given to someone else
    leaves it, and the count kept for them with it."""
    make_cases(3)
    commit_for_tests()
    client.force_login(staff, backend=BACKEND)
    assert "3 konsultasi." in shown(client)
    steps.assign(consultation=Consultation.objects.first(), actor=director_pusat, assignee=team_lead)
    commit_for_tests()
    assert "2 konsultasi." in shown(client)


def test_a_category_or_directorate_renamed_by_the_admin_is_on_the_next_page(client, monday, front_desk):
    client.force_login(front_desk, backend=BACKEND)
    make_cases(1, category=category("swakelola"), directorate=directorate("daerah"))
    shown(client)  # the lookups hold the old names
    swakelola = Category.objects.get(code="swakelola")
    swakelola.name = "Swakelola (nama baru)"
    swakelola.save()
    daerah = Directorate.objects.get(code="daerah")
    daerah.name = "Direktorat Daerah (nama baru)"
    daerah.save()
    html = shown(client)
    assert '<td data-label="Kategori">Swakelola (nama baru)</td>' in html
    assert '<td data-label="Direktorat">Direktorat Daerah (nama baru)</td>' in html
    assert f'<option value="{swakelola.pk}">Swakelola (nama baru)</option>' in html


def test_a_new_caseworker_is_offered_by_the_assignee_filter_at_once(client, monday, director_pusat):
    client.force_login(director_pusat, backend=BACKEND)
    shown(client)
    newcomer = InternalUserFactory(email="baru@lkpp.go.id", full_name="Pegawai Baru", role=Role.STAFF,
                                   directorate=directorate("pusat"))
    assert f'<option value="{newcomer.pk}">Pegawai Baru</option>' in shown(client)
    newcomer.is_active = False
    newcomer.save(update_fields=["is_active"])
    assert "Pegawai Baru" not in shown(client)


def test_a_sign_in_does_not_make_every_process_read_the_people_again(client, director_pusat, staff):
    from accounts.lookups import all_caseworkers

    all_caseworkers()
    version = all_caseworkers._version()
    staff.last_login = timezone.now()
    staff.save(update_fields=["last_login"])
    assert all_caseworkers._version() == version


def test_what_a_row_shows_is_escaped(client, monday, director_pusat):
    client.force_login(director_pusat, backend=BACKEND)
    make_cases(1, subject='<script>alert("x")</script>', institution_name="A & B <i>")
    row = rows(shown(client))[0]
    assert "<script>" not in row and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in row
    assert "A &amp; B &lt;i&gt;" in row


def test_a_case_without_an_account_or_category_shows_its_contact(client, monday, director_pusat):
    client.force_login(director_pusat, backend=BACKEND)
    ConsultationFactory(applicant=None, contact_name="Tamu Datang", category=None)
    row = rows(shown(client))[0]
    assert '<div class="small text-body-secondary">Tamu Datang · Kementerian Kesehatan</div>' in row
    assert '<td data-label="Kategori"></td>' in row
    assert '<span class="text-body-secondary">Belum ada</span>' in row


@pytest.mark.parametrize("persona", ["director_pusat", "team_lead", "staff", "front_desk", "admin_user"])
def test_the_unfiltered_queues_prepared_pages_are_the_orms(request, monday, persona, staff, director_daerah):
    """The busiest view, no filter, runs prepared SQL (``core.prepared``): every slice a
    paginator asks for gives the rows, names and order the ORM gives, for every role's
    scope (staff: their own and the unassigned; another directorate's cases left out)."""
    from consultations import selectors

    user = request.getfixturevalue(persona)
    make_cases(20)
    make_cases(20, assignee=staff)
    make_cases(13, directorate=directorate("daerah"))
    rows = selectors.filtered_queue(user, now=timezone.now())
    assert rows.prepared is not None
    for start, stop in ((0, 25), (25, 50), (50, 53), (0, 0)):
        prepared = [(c.pk, c.number, c.applicant_full_name, c.assignee_full_name, c.due_at) for c in rows[start:stop]]
        orm = [
            (c.pk, c.number, c.applicant_full_name, c.assignee_full_name, c.due_at)
            for c in selectors._with_names(rows.cases)[start:stop]
        ]
        assert prepared == orm
    assert len(rows[0:100]) == rows.cases.count() > 0
    assert selectors.filtered_queue(user, now=timezone.now(), status="assigned").prepared is None
