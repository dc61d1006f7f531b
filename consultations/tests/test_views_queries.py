"""Speed (issue 3, item 11): the staff queue, the case pages and the applicant's list run
the same number of SQL queries whatever the number of rows — at 5 and at 50."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import InternalUserFactory
from consultations.channels.website import answers as answer_steps
from consultations.channels.website import emails as website_emails
from consultations.services import steps
from consultations.views import applicant as applicant_views
from consultations.views import staff as staff_views
from consultations.workflow import Status
from files.tests.builders import checked
from notifications.models import OutboundEmail, OutboxStatus

from .conftest import WIB
from .factories import ConsultationFactory, category, pdf

BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


@pytest.fixture(autouse=True)
def whole_list_on_one_page(monkeypatch):
    # Every row on the page, so that 50 rows really are rendered, not 25 of them.
    monkeypatch.setattr(staff_views, "PER_PAGE", 100)
    monkeypatch.setattr(applicant_views, "PER_PAGE", 100)


def page_queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


def queries(client, path, params=None) -> tuple[int, int]:
    """(SQL queries, rows shown) of one page view."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, params or {})
    assert response.status_code == 200
    return len(captured), len(response.context["page"].object_list)


# Late, at risk, on time (twice), late again: every deadline state among any 5 cases.
OFFSETS = [timedelta(hours=-30), timedelta(hours=6), timedelta(days=3), timedelta(days=8), timedelta(hours=-2)]


def make_cases(count: int, *, applicant, staff_members, start: int):
    categories = [category("perencanaan"), category("swakelola")]
    now = timezone.now()
    for n in range(start, start + count):
        assignee = staff_members[(n // 3) % len(staff_members)] if n % 3 else None
        ConsultationFactory(
            applicant=applicant,
            category=categories[n % 2],
            status=Status.ASSIGNED if assignee else Status.SUBMITTED,
            assignee=assignee,
            is_priority=n % 7 == 0,
            due_at=now + OFFSETS[n % len(OFFSETS)] + timedelta(minutes=n),
        )


@pytest.fixture
def monday():
    with time_machine.travel(datetime(2025, 5, 5, 9, 0, tzinfo=WIB), tick=False):
        yield


@pytest.fixture
def people(staff, team_lead):
    return [staff, team_lead, InternalUserFactory(role=Role.STAFF, email="anggota@lkpp.go.id")]


@pytest.mark.parametrize(
    "persona, params",
    [
        ("director_pusat", {}),
        ("staff", {}),
        ("front_desk", {}),
        ("director_pusat", {"deadline": "on_time", "category": "", "assignee": "none"}),
        ("team_lead", {"status": "assigned", "deadline": "late"}),
        ("staff", {"deadline": "at_risk"}),
    ],
)
def test_staff_queue_query_count_does_not_grow(client, request, applicant_a, people, holidays, monday, persona, params):
    user = request.getfixturevalue(persona)
    client.force_login(user, backend=BACKEND)
    path = reverse("consultations:queue")
    make_cases(5, applicant=applicant_a, staff_members=people, start=0)
    client.get(path, params)  # warm: session, calendar cache
    at_5, rows_5 = queries(client, path, params)
    make_cases(45, applicant=applicant_a, staff_members=people, start=5)
    at_50, rows_50 = queries(client, path, params)
    assert rows_50 > rows_5 > 0
    assert at_5 == at_50, f"{at_5} queries at {rows_5} rows, {at_50} at {rows_50}"


def test_applicant_list_query_count_does_not_grow(client, applicant_a, people, holidays, monday):
    client.force_login(applicant_a, backend=BACKEND)
    path = reverse("consultations:list")
    make_cases(5, applicant=applicant_a, staff_members=people, start=0)
    client.get(path)
    at_5, rows_5 = queries(client, path)
    make_cases(45, applicant=applicant_a, staff_members=people, start=5)
    at_50, rows_50 = queries(client, path)
    assert (rows_5, rows_50) == (5, 50)
    assert at_5 == at_50


def grow(case, count: int, *, applicant, staff) -> None:
    """``count`` more of everything a case page lists: messages with files from both
    sides, internal notes, answers (a first one, then corrections), and their events."""
    for n in range(count):
        author = applicant if n % 2 else staff
        steps.post_message(consultation=case, author=author, body=f"Pesan {n}", files=checked(pdf(f"pesan-{n}.pdf")))
        steps.add_internal_note(consultation=case, author=staff, body=f"Catatan {n}")
    answers = list(case.answers.all())
    for n in range(count):
        if not answers:
            answers.append(answer_steps.send_answer(consultation=case, author=staff, kinds=["saran"], text="Jawaban", files=checked(pdf())))
        else:
            answers.append(
                answer_steps.correct_answer(answer=answers[-1], author=staff, kinds=["pendapat"], text=f"Koreksi {n}", files=checked(pdf()))
            )


def fail_answer_emails(case) -> None:
    """Every answer e-mail failed for good: the staff page warns about each of them, with
    one query more than a page without the warning had (``selectors.failed_answer_emails``,
    issue 8), whatever their number."""
    OutboundEmail.objects.about(case).filter(template=website_emails.ANSWER_SENT).update(
        status=OutboxStatus.FAILED, last_error="SMTPRecipientsRefused(...)"
    )


@pytest.mark.parametrize("side", ["staff", "applicant"])
def test_case_page_query_count_does_not_grow(client, case, kl_applicant, staff, director_pusat, side, settings):
    # 25 applicant messages within the frozen hour: far above the flood limits.
    settings.ADVOKASI_MESSAGES_PER_CASE_PER_HOUR = settings.ADVOKASI_MESSAGES_PER_APPLICANT_PER_HOUR = 100
    steps.claim(consultation=case, actor=staff)
    if side == "staff":
        viewer, path = director_pusat, reverse("consultations:staff_detail", kwargs={"number": case.number})
    else:
        viewer, path = kl_applicant, reverse("consultations:detail", kwargs={"number": case.number})
    client.force_login(viewer, backend=BACKEND)
    grow(case, 5, applicant=kl_applicant, staff=staff)
    fail_answer_emails(case)
    client.get(path)
    at_5 = page_queries(client, path)
    grow(case, 45, applicant=kl_applicant, staff=staff)
    fail_answer_emails(case)
    response = client.get(path)
    assert len(response.context["records"].messages) == 50 and len(response.context["records"].answers) == 50
    if side == "staff":
        assert len(response.context["failed_answer_emails"]) == 50
    at_50 = page_queries(client, path)
    assert at_5 == at_50, f"{at_5} queries at 5, {at_50} at 50"
