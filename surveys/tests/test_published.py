"""The IKM the public standard page publishes: the most recent complete calendar quarter
(Asia/Jakarta) with responses, computed by the same scoring as the directors' report."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from surveys.reports import Period, published_ikm, survey_report
from surveys.scoring import Grade

from .builders import WIB, answered, sheet

pytestmark = pytest.mark.django_db

# NRRs 3.5, 3.5, 3, 4, 3.5, 4, 4, 3, 3: 31.5 × 0.111 × 25 = 87.4125, published 87.41 (B).
FIRST = sheet(4, 4, 3, 4, 4, 4, 4, 3, 3)
SECOND = sheet(3, 3, 3, 4, 3, 4, 4, 3, 3)


def test_nothing_is_published_without_responses():
    assert published_ikm(datetime(2025, 8, 15, 10, 0, tzinfo=WIB)) is None


def test_the_previous_quarter_is_published_not_the_one_under_way(applicant_a, admin_user):
    answered(applicant_a, datetime(2025, 5, 10, 9, 0, tzinfo=WIB), FIRST)
    answered(applicant_a, datetime(2025, 6, 20, 14, 0, tzinfo=WIB), SECOND)
    answered(applicant_a, datetime(2025, 7, 5, 9, 0, tzinfo=WIB), sheet(1))  # the current quarter
    published = published_ikm(datetime(2025, 8, 15, 10, 0, tzinfo=WIB))
    assert published.period == Period(kind="triwulan", year=2025, number=2)
    assert published.period.label == "Triwulan II 2025"
    assert published.respondents == 2
    assert published.index.value == Decimal("87.41") and published.index.grade == Grade.B
    assert published.index.grade_label == "Baik"
    # The report's figure for the same quarter, to the cent.
    report = survey_report(admin_user, period=published.period)
    assert report.index == published.index and report.respondents == published.respondents


def test_responses_only_in_the_quarter_under_way_are_not_published(applicant_a):
    answered(applicant_a, datetime(2025, 7, 5, 9, 0, tzinfo=WIB), FIRST)
    assert published_ikm(datetime(2025, 9, 30, 23, 0, tzinfo=WIB)) is None


def test_an_empty_last_quarter_falls_back_to_the_latest_with_responses(applicant_a):
    answered(applicant_a, datetime(2024, 11, 3, 9, 0, tzinfo=WIB), sheet(2))
    answered(applicant_a, datetime(2025, 2, 3, 9, 0, tzinfo=WIB), sheet(4))
    published = published_ikm(datetime(2025, 8, 15, 10, 0, tzinfo=WIB))
    assert published.period == Period(kind="triwulan", year=2025, number=1)
    assert published.respondents == 1 and published.index.grade == Grade.A


def test_quarters_end_at_midnight_in_jakarta_not_in_utc(applicant_a):
    # 30 June 23:30 WIB is still the second quarter; 1 July 00:30 WIB (30 June in UTC) is not.
    answered(applicant_a, datetime(2025, 6, 30, 23, 30, tzinfo=WIB), sheet(4))
    answered(applicant_a, datetime(2025, 7, 1, 0, 30, tzinfo=WIB), sheet(1))
    # 03:00 WIB on 1 July is 30 June 20:00 UTC: the second quarter is over in Jakarta.
    published = published_ikm(datetime(2025, 7, 1, 3, 0, tzinfo=WIB))
    assert published.period == Period(kind="triwulan", year=2025, number=2)
    assert published.respondents == 1 and published.index.value == Decimal("99.90")
    # An hour before midnight in Jakarta the quarter is still under way.
    assert published_ikm(datetime(2025, 6, 30, 23, 0, tzinfo=WIB)) is None


def test_the_fourth_quarter_is_published_in_the_new_year(applicant_a):
    answered(applicant_a, datetime(2025, 12, 31, 22, 0, tzinfo=WIB), sheet(3))
    published = published_ikm(datetime(2026, 1, 2, 8, 0, tzinfo=WIB))
    assert published.period.label == "Triwulan IV 2025"
    assert published.period.last_day.isoformat() == "2025-12-31"
    assert published.index.value == Decimal("74.93") and published.index.grade == Grade.C


def test_every_directorate_and_channel_counts(applicant_a):
    from accounts.tests.factories import directorate
    from consultations.channels import Channel

    answered(applicant_a, datetime(2025, 4, 2, 9, 0, tzinfo=WIB), sheet(4), directorate=directorate("hukum"),
             channel=Channel.SURAT)
    answered(applicant_a, datetime(2025, 4, 3, 9, 0, tzinfo=WIB), sheet(2), directorate=directorate("daerah"))
    published = published_ikm(datetime(2025, 7, 10, 9, 0, tzinfo=WIB))
    assert published.respondents == 2 and published.index.value == Decimal("74.93")  # NRRs 3.00


@pytest.mark.parametrize(("kind", "number", "label", "last"), [
    ("bulan", 3, "Maret 2025", "2025-03-31"),
    ("triwulan", 1, "Triwulan I 2025", "2025-03-31"),
    ("semester", 2, "Semester II 2025", "2025-12-31"),
    ("tahun", 1, "Tahun 2025", "2025-12-31"),
])
def test_period_labels_and_last_days(kind, number, label, last):
    period = Period(kind=kind, year=2025, number=number)
    assert period.label == label and period.last_day.isoformat() == last
