"""The standard page publishes the latest satisfaction index (PermenPANRB 14/2017): the
most recent complete calendar quarter in Asia/Jakarta that has responses."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from surveys.tests.builders import WIB, answered, sheet

pytestmark = pytest.mark.django_db

NOT_YET = "IKM belum tersedia"


def _section(when: datetime) -> str:
    with time_machine.travel(when, tick=False):
        response = Client().get(reverse("pages:standard"))
    assert response.status_code == 200
    html = response.content.decode()
    return html.split('<section id="ikm"')[1].split("</section>")[0]


def test_the_previous_quarters_index_is_published(applicant_a):
    answered(applicant_a, datetime(2025, 5, 10, 9, 0, tzinfo=WIB), sheet(4, 4, 3, 4, 4, 4, 4, 3, 3))
    answered(applicant_a, datetime(2025, 6, 20, 14, 0, tzinfo=WIB), sheet(3, 3, 3, 4, 3, 4, 4, 3, 3))
    answered(applicant_a, datetime(2025, 7, 5, 9, 0, tzinfo=WIB), sheet(1))  # this quarter: not yet
    section = _section(datetime(2025, 8, 15, 10, 0, tzinfo=WIB))
    assert "Triwulan II 2025" in section
    assert "1 April 2025 – 30 Juni 2025" in section
    assert "<strong>87,41</strong>" in section
    assert "B (Baik)" in section
    assert "<dd class=\"col-sm-8\">2</dd>" in section
    assert NOT_YET not in section


def test_responses_only_in_the_quarter_under_way_are_not_published(applicant_a):
    answered(applicant_a, datetime(2025, 7, 5, 9, 0, tzinfo=WIB), sheet(4))
    section = _section(datetime(2025, 9, 30, 22, 0, tzinfo=WIB))
    assert NOT_YET in section
    assert "99,90" not in section and "Triwulan III" not in section
    # Once the quarter is over in Jakarta (1 October 00:30 WIB, still 30 September in UTC).
    section = _section(datetime(2025, 10, 1, 0, 30, tzinfo=WIB))
    assert "Triwulan III 2025" in section and "99,90" in section and "A (Sangat Baik)" in section


def test_without_responses_the_page_says_so():
    html = Client().get(reverse("pages:standard")).content.decode()
    assert NOT_YET in html
    assert 'href="#ikm"' in html


def test_respondents_comments_stay_private_and_escaped(applicant_a):
    answered(applicant_a, datetime(2025, 5, 10, 9, 0, tzinfo=WIB), sheet(3), comment="<script>alert(1)</script> rahasia")
    with time_machine.travel(datetime(2025, 8, 15, 10, 0, tzinfo=WIB), tick=False):
        html = Client().get(reverse("pages:standard")).content.decode()
    assert "74,93" in html and "C (Kurang Baik)" in html
    assert "rahasia" not in html and "alert(1)" not in html


def test_the_published_index_costs_one_query(applicant_a, django_assert_num_queries):
    # The standard's three, the index's one, the knowledge base's newest articles' one.
    for day in (3, 4, 5):
        answered(applicant_a, datetime(2025, 5, day, 9, 0, tzinfo=WIB), sheet(4))
    with time_machine.travel(datetime(2025, 8, 15, 10, 0, tzinfo=WIB), tick=False), django_assert_num_queries(5):
        html = Client().get(reverse("pages:standard")).content.decode()
    assert "<dd class=\"col-sm-8\">3</dd>" in html


def test_the_complaint_channels_are_the_shared_partials():
    html = Client().get(reverse("pages:standard")).content.decode()
    section = html.split('<section id="pengaduan"')[1].split('<section id="ikm"')[0]
    for heading in ("judul-pengaduan-telepon", "judul-pengaduan-eoffice", "judul-pengaduan-surat", "judul-pengaduan-lapor"):
        assert section.count(f'id="{heading}"') == 1
    assert html.count('id="judul-pengaduan-telepon"') == 1
