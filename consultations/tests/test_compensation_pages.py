"""What people see of the compensation: the applicant their credits (from which case,
used by which) and the breach on the case; staff the priority badge and the breach; no
applicant sees another's credits."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from accounts.models import InstitutionType
from consultations.models import PriorityCredit
from core import lifecycle

from .conftest import SPEC_DUE
from .factories import set_institution_type, submit

pytestmark = pytest.mark.django_db

LATE = SPEC_DUE + timedelta(minutes=1)


@pytest.fixture
def credited(spec_day, holidays, kl_applicant):
    """Applicant A's first case went late; her second used the credit."""
    late = submit(kl_applicant, subject="Kasus yang terlambat")
    lifecycle.sweep(now=LATE)
    with time_machine.travel(LATE + timedelta(days=1), tick=False):
        priority = submit(kl_applicant, subject="Kasus berikutnya")
    return late, priority


def test_the_applicant_sees_her_credits_from_which_case_and_used_by_which(client, kl_applicant, credited):
    late, priority = credited
    client.force_login(kl_applicant)
    page = client.get(reverse("consultations:list")).content.decode()
    assert "Kredit prioritas Anda" in page
    assert f"Karena konsultasi {late.number} melewati batas waktu" in page
    assert f"dipakai oleh konsultasi {priority.number}" in page
    assert "Sudah dipakai" in page


def test_an_unused_credit_says_the_next_request_will_use_it(client, kl_applicant, spec_day, holidays):
    late = submit(kl_applicant)
    lifecycle.sweep(now=LATE)
    client.force_login(kl_applicant)
    page = client.get(reverse("consultations:list")).content.decode()
    assert "Belum dipakai" in page and late.number in page


def test_another_applicant_sees_no_credit_of_hers(client, applicant_b, credited):
    client.force_login(applicant_b)
    page = client.get(reverse("consultations:list")).content.decode()
    assert "Kredit prioritas Anda" not in page
    assert credited[0].number not in page


def test_the_case_pages_show_the_breach_and_the_credit(client, kl_applicant, director_pusat, credited):
    late, priority = credited
    client.force_login(kl_applicant)
    page = client.get(reverse("consultations:detail", kwargs={"number": late.number})).content.decode()
    assert "Batas waktu terlampaui" in page
    assert f"kredit prioritas dipakai oleh {priority.number}" in page
    page = client.get(reverse("consultations:detail", kwargs={"number": priority.number})).content.decode()
    assert "Prioritas (kompensasi)" in page and f"atas keterlambatan konsultasi {late.number}" in page

    client.force_login(director_pusat)
    page = client.get(reverse("consultations:staff_detail", kwargs={"number": late.number})).content.decode()
    assert "Batas waktu terlampaui" in page


def test_the_queue_lists_the_priority_case_first(client, director_pusat, credited, applicant_b):
    late, priority = credited
    with time_machine.travel(LATE + timedelta(days=1, hours=1), tick=False):
        # A normal case of another applicant, due on the same day as the priority one.
        normal = submit(set_institution_type(applicant_b, InstitutionType.KL), subject="Kasus biasa")
        client.force_login(director_pusat)
        page = client.get(reverse("consultations:queue")).content.decode()
    assert page.index(priority.number) < page.index(normal.number)
    assert PriorityCredit.objects.get().used_by == priority


def test_english_pages_name_the_credit(client, kl_applicant, credited):
    kl_applicant.language = "en"
    kl_applicant.save()
    client.force_login(kl_applicant)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("consultations:list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Your priority credits" in page
