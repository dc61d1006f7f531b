"""Issue 26: "Konsultasi Saya" in a fixed number of queries — the rows carry their total
and whether the applicant holds a priority credit (one query for the page), the rows are
rendered in Python with the cells the template loop gave — and its paging as Django's."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations.models import PriorityCredit
from consultations.workflow import Status

from .factories import ConsultationFactory

URL = reverse("consultations:list")
# The session, the user, then the page of rows with their total and the credit check.
QUERIES = 3


def _cases(applicant, count: int, *, start: int = 0) -> list:
    now = timezone.now()
    return [
        ConsultationFactory(applicant=applicant, status=Status.SUBMITTED, submitted_at=now - timedelta(hours=start + n),
                            due_at=now + timedelta(days=(start + n) % 12 - 2))
        for n in range(count)
    ]


@pytest.mark.django_db
def test_the_list_costs_the_same_queries_with_3_and_with_25_cases(login, applicant_a, holidays,
                                                                    django_assert_num_queries):
    client = login(applicant_a)
    _cases(applicant_a, 3)
    client.get(URL)  # warm: the calendar's cache
    with django_assert_num_queries(QUERIES):
        three = client.get(URL)
    assert len(three.context["page"].object_list) == 3
    _cases(applicant_a, 22, start=3)
    with django_assert_num_queries(QUERIES):
        many = client.get(URL)
    assert len(many.context["page"].object_list) == 20 and many.context["page"].paginator.count == 25
    with django_assert_num_queries(QUERIES):
        second = client.get(URL, {"halaman": 2})
    assert len(second.context["page"].object_list) == 5


@pytest.mark.django_db
def test_credits_cost_one_query_more_and_only_when_there_are_some(login, applicant_a, holidays,
                                                                   django_assert_num_queries):
    client = login(applicant_a)
    late, *_ = _cases(applicant_a, 3)
    client.get(URL)
    PriorityCredit.objects.create(applicant=applicant_a, granted_for=late, granted_at=timezone.now())
    with django_assert_num_queries(QUERIES + 1):
        html = client.get(URL).content.decode()
    assert "Kredit prioritas Anda" in html and f"Karena konsultasi {late.number} melewati batas waktu" in html


@pytest.mark.django_db
def test_an_applicant_without_cases_still_sees_a_credit_moved_to_the_account(login, applicant_a, applicant_b,
                                                                            holidays):
    # A credit moved to the account from a contact's case (compensation.claim_contact_credits).
    guest_case = _cases(applicant_b, 1)[0]
    PriorityCredit.objects.create(applicant=applicant_a, granted_for=guest_case, granted_at=timezone.now())
    html = login(applicant_a).get(URL).content.decode()
    assert "Kredit prioritas Anda" in html and "Anda belum pernah mengajukan konsultasi." in html


@pytest.mark.django_db
@pytest.mark.parametrize(("asked", "shown"), [("2", 2), ("9", 2), ("x", 1), ("0", 2), ("", 1), ("1.0", 1)])
def test_paging_answers_as_djangos_paginator(login, applicant_a, holidays, asked, shown):
    """A number past the end shows the last page, anything else not a page the first —
    as ``Paginator.get_page`` decides."""
    _cases(applicant_a, 25)
    page = login(applicant_a).get(URL, {"halaman": asked}).context["page"]
    assert page.number == shown and page.paginator.num_pages == 2
    assert len(page.object_list) == (20 if shown == 1 else 5)


@pytest.mark.django_db
def test_a_row_has_the_cells_of_the_template_escaped(login, applicant_a, holidays):
    case = ConsultationFactory(applicant=applicant_a, subject='Kontrak <b>"payung"</b> & {adendum}')
    html = login(applicant_a).get(URL).content.decode()
    row = html.split("<tbody>")[1].split("</tbody>")[0]
    assert f'<th scope="row" class="text-nowrap"><a href="/konsultasi/{case.number}/">{case.number}</a></th>' in row
    assert '<td data-label="Perihal">Kontrak &lt;b&gt;&quot;payung&quot;&lt;/b&gt; &amp; {adendum}</td>' in row
    assert f'<td data-label="Status">{case.status_label}</td>' in row
    assert f'<time datetime="{case.due_at.isoformat()}">' in row
    assert '<td data-label="Keadaan"><span class="badge text-bg-' in row
    assert "<b>" not in row
