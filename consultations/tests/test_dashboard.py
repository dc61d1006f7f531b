"""The SLA dashboard: who sees which directorate, the numbers on a small known data set
at a frozen moment, the median on either database, the filters, and the exports."""

from __future__ import annotations

import csv
import io
import statistics
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from consultations import reports
from consultations.channels import Channel
from consultations.models import CaseMonth, CompletionDaysMonth, RollupRun
from consultations.rollup import refresh_rollup
from consultations.workflow import Status

from .conftest import WIB
from .factories import ConsultationFactory, directorate

# Tuesday 10 June 2025, 10:00 WIB. The test database has no holidays: weekends only.
NOW = datetime(2025, 6, 10, 10, 0, tzinfo=WIB)
URL = "/konsultasi/staf/dasbor/"
PERIOD = "?dari=2025-04&sampai=2025-06"


def at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2025, month, day, hour, 0, tzinfo=WIB)


def done(code, channel, submitted, completed, days, *, on_time=True, breached=None, due=None):
    return ConsultationFactory(
        directorate=directorate(code), channel=channel, status=Status.DELIVERED, submitted_at=submitted,
        due_at=due or submitted + timedelta(days=14), completed_at=completed, completed_on_time=on_time,
        working_days_taken=days, breached_at=breached,
    )


def running(code, submitted, due, *, breached=None, status=Status.ASSIGNED):
    assignee = None
    if status == Status.ASSIGNED:
        from accounts.tests.factories import InternalUserFactory

        assignee = InternalUserFactory(directorate=directorate(code))
    return ConsultationFactory(
        directorate=directorate(code), submitted_at=submitted, due_at=due, breached_at=breached,
        status=status, assignee=assignee,
    )


@pytest.fixture
def data(db):
    """pusat: two website answers (one late), a letter, a walk-in answered the same day,
    one case at risk (due tomorrow), one on time, one from 2024; daerah: one answer, one at
    risk (due today), one late and still open."""
    with time_machine.travel(NOW, tick=False):
        done("pusat", Channel.WEBSITE, at(4, 3), at(4, 10), 5)
        done("pusat", Channel.WEBSITE, at(4, 20), at(5, 6), 11, on_time=False, breached=at(5, 5, 0))
        done("pusat", Channel.SURAT, at(5, 2), at(5, 9), 5)
        done("pusat", Channel.TATAP_MUKA, at(5, 12, 9), at(5, 12, 9) + timedelta(minutes=40), 0,
             due=at(5, 12, 10))
        running("pusat", at(5, 28), datetime(2025, 6, 11, 23, 59, 59, tzinfo=WIB))
        running("pusat", at(6, 9), datetime(2025, 6, 23, 23, 59, 59, tzinfo=WIB), status=Status.SUBMITTED)
        done("pusat", Channel.WEBSITE, datetime(2024, 12, 2, tzinfo=WIB), datetime(2024, 12, 5, tzinfo=WIB), 3)
        done("daerah", Channel.WEBSITE, at(5, 5), at(5, 20), 9)
        running("daerah", at(5, 27), datetime(2025, 6, 10, 23, 59, 59, tzinfo=WIB))
        running("daerah", at(5, 22), datetime(2025, 6, 5, 23, 59, 59, tzinfo=WIB), breached=at(6, 6, 0))
        refresh_rollup()
        yield


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _open(login, user, query=PERIOD):
    response = login(user).get(URL + query)
    assert response.status_code == 200
    return response.context["report"]


def _numbers(row: reports.Row) -> tuple:
    m = row.measures
    return (m.received, m.completed, m.on_time_rate, m.breached, m.at_risk, m.median_days)


def test_a_director_sees_their_directorate_only(data, frozen, login, director_pusat):
    report = _open(login, director_pusat)
    assert [d.code for d in report.directorates] == ["pusat"]
    assert _numbers(report.total) == (6, 4, 75.0, 1, 1, 5.0)
    months = {row.key: _numbers(row) for row in report.months}
    assert months == {
        date(2025, 4, 1): (2, 1, 100.0, 0, None, 5.0),
        date(2025, 5, 1): (3, 3, 66.7, 1, None, 5.0),
        date(2025, 6, 1): (1, 0, None, 0, None, None),
    }
    channels = {row.key: _numbers(row) for row in report.channels}
    assert channels[Channel.WEBSITE] == (4, 2, 50.0, 1, 1, 8.0)  # median of 5 and 11
    assert channels[Channel.SURAT] == (1, 1, 100.0, 0, 0, 5.0)
    assert channels[Channel.TATAP_MUKA] == (1, 1, 100.0, 0, 0, 0.0)
    assert channels[Channel.DARING] == (0, 0, None, 0, 0, None)
    assert [row.label for row in report.directorate_rows] == ["Direktorat Advokasi Pemerintah Pusat"]


def test_a_directorate_filter_cannot_widen_a_directors_view(data, frozen, login, director_pusat, director_daerah):
    widened = _open(login, director_pusat, PERIOD + "&direktorat=daerah")
    assert [d.code for d in widened.directorates] == ["pusat"]
    assert widened.total.measures.received == 6
    page = login(director_pusat).get(URL + PERIOD + "&direktorat=daerah").content.decode()
    assert "Pemerintah Daerah" not in page.split('id="konten"')[-1]
    daerah = _open(login, director_daerah)
    assert _numbers(daerah.total) == (3, 1, 100.0, 1, 1, 9.0)


def test_the_admin_sees_all_and_may_filter(data, frozen, login, admin_user):
    report = _open(login, admin_user)
    assert [d.code for d in report.directorates] == ["pusat", "daerah", "hukum"]
    assert _numbers(report.total) == (9, 5, 80.0, 2, 2, 5.0)
    assert [_numbers(row)[:4] for row in report.directorate_rows] == [
        (6, 4, 75.0, 1), (3, 1, 100.0, 1), (0, 0, None, 0)
    ]
    assert _numbers(next(r for r in report.channels if r.key == Channel.WEBSITE)) == (7, 3, 66.7, 2, 2, 9.0)
    only = _open(login, admin_user, PERIOD + "&direktorat=daerah&saluran=website")
    assert [d.code for d in only.directorates] == ["daerah"]
    assert _numbers(only.total) == (3, 1, 100.0, 1, 1, 9.0)
    assert [row.key for row in only.channels] == [Channel.WEBSITE]
    older = _open(login, admin_user, "?dari=2024-12&sampai=2024-12")
    assert _numbers(older.total)[:3] == (1, 1, 100.0)


def test_the_default_period_is_the_last_twelve_months(data, frozen, login, admin_user):
    report = _open(login, admin_user, "")
    assert (report.filters.start, report.filters.end) == (date(2024, 7, 1), date(2025, 6, 1))
    assert len(report.months) == 12 and report.total.measures.received == 10


@pytest.mark.parametrize(
    "query, message",
    [
        ("?dari=2025-13", "Tulis bulan sebagai TTTT-BB"),
        ("?dari=kemarin", "Tulis bulan sebagai TTTT-BB"),
        ("?dari=2025-06&sampai=2025-04", "Bulan awal harus sebelum atau sama dengan bulan akhir."),
        ("?dari=2020-01&sampai=2025-04", "Rentang paling lama 36 bulan."),
        ("?saluran=pos", "Saluran tidak dikenal."),
        ("?direktorat=pos", "Direktorat tidak dikenal."),
    ],
)
def test_invalid_filters_are_explained(db, frozen, login, admin_user, query, message):
    response = login(admin_user).get(URL + query)
    assert response.status_code == 200 and "report" not in response.context
    assert message in response.content.decode()
    for name in ("consultations:dashboard_csv", "consultations:dashboard_xlsx"):
        refused = login(admin_user).get(reverse(name) + query)
        assert refused.status_code == 400 and message in refused.content.decode()


def test_a_directors_unknown_directorate_parameter_is_ignored_not_an_error(data, frozen, login, director_pusat):
    assert _open(login, director_pusat, PERIOD + "&direktorat=tidak-ada").total.measures.received == 6


def test_the_page_has_charts_tables_and_the_filters_in_its_export_links(data, frozen, login, admin_user):
    response = login(admin_user).get(URL + "?saluran=website&dari=2025-04&sampai=2025-06")
    page = response.content.decode()
    assert 'src="/static/vendor/chartjs/chart.umd.min.js"' in page
    assert 'id="dashboard-data" type="application/json"' in page
    assert page.count("<canvas") == 7 and page.count("<table") >= 8
    query = "dari=2025-04&amp;sampai=2025-06&amp;saluran=website"
    assert f"unduh.csv?{query}" in page and f"unduh.xlsx?{query}" in page
    assert "Data per Selasa, 10 Juni 2025 10.00 WIB" in page
    assert "chart.umd" not in login(admin_user).get(reverse("consultations:queue")).content.decode()


def _cell(value) -> str:
    """A cell as text, numbers compared as numbers (a workbook gives 9.0 back as 9)."""
    if value is None:
        return ""
    return f"{float(value):g}" if isinstance(value, int | float) else str(value)


def _page_rows(report) -> list[list[str]]:
    return [[_cell(value) for value in row] for row in reports.export_rows(report)]


def test_the_csv_carries_the_pages_numbers(data, frozen, login, director_pusat):
    report = _open(login, director_pusat)
    response = login(director_pusat).get(reverse("consultations:dashboard_csv") + PERIOD + "&direktorat=daerah")
    assert response.streaming and response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="dasbor-layanan_2025-04_2025-06_pusat.csv"'
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:])))
    assert rows[0][:3] == ["Kelompok", "Uraian", "Diterima"]
    assert [[_cell(float(v)) if v.replace(".", "").isdigit() else v for v in row] for row in rows[1:]] == _page_rows(
        report
    )
    assert rows[1][:4] == ["Total", "Semua", "6", "4"]
    assert not any("Daerah" in cell for row in rows for cell in row)


def test_the_csv_headers_follow_the_language(data, frozen, login, admin_user):
    admin_user.language = "en"
    admin_user.save(update_fields=["language"])
    client = login(admin_user)
    response = client.get(reverse("consultations:dashboard_csv") + PERIOD)
    header = b"".join(response.streaming_content).decode("utf-8")[1:].splitlines()[0]
    assert header.startswith("Group,Item,Received,Completed")


def test_the_workbook_carries_the_pages_numbers(data, frozen, login, admin_user):
    from openpyxl import load_workbook

    report = _open(login, admin_user, PERIOD + "&saluran=website")
    response = login(admin_user).get(reverse("consultations:dashboard_xlsx") + PERIOD + "&saluran=website")
    assert response.streaming
    assert 'filename="dasbor-layanan_2025-04_2025-06_website.xlsx"' in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    sheet = book[book.sheetnames[0]]
    width = len(reports.export_header())
    # A read-only workbook leaves out empty cells at a row's end.
    rows = [[_cell(value) for value in row] + [""] * (width - len(row)) for row in sheet.iter_rows(values_only=True)]
    assert rows[1:] == _page_rows(report)
    about = dict(book[book.sheetnames[1]].iter_rows(values_only=True))
    assert about["Periode"] == "2025-04 – 2025-06" and about["Saluran"] == "Website"


def test_the_page_costs_a_fixed_number_of_queries(data, frozen, login, admin_user, django_assert_max_num_queries):
    client = login(admin_user)
    client.get(URL)
    # 9 for the page, 1 for the navigation's unread-notices badge (staff pages), 1 for the
    # meetings whose report is pending (live: a soft target, not in the rollup), 1 for the
    # complaints desk's panel (core.panels; one aggregate, then cached like the numbers).
    with django_assert_max_num_queries(12) as few:
        client.get(URL + PERIOD)
    # Within the minute, the same page again: rendered numbers from the cache.
    with django_assert_max_num_queries(6):
        assert "Rincian per saluran" in client.get(URL + PERIOD).content.decode()
    with time_machine.travel(NOW, tick=False):
        for i in range(20):
            done("hukum", Channel.DARING, at(4, 1 + i), at(4, 2 + i), i % 4)
        refresh_rollup()
    # A refresh shows at once (its number is in the cache key), at the same cost.
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL + PERIOD)
    assert response.context["report"].total.measures.received == 29


def test_a_fresh_installation_builds_the_rollup_on_first_view(db, frozen, login, admin_user):
    done("pusat", Channel.WEBSITE, at(4, 3), at(4, 10), 5)
    assert not RollupRun.objects.exists()
    assert _open(login, admin_user).total.measures.completed == 1
    assert RollupRun.objects.get().refreshed_at == NOW


# --- the rollup and the median --------------------------------------------------------


def test_the_rollup_adds_up_to_the_cases_and_refreshes_replace_it(data, frozen):
    cells = list(CaseMonth.objects.values_list("received", flat=True))
    assert sum(cells) == 10
    assert sum(CompletionDaysMonth.objects.values_list("cases", flat=True)) == 6
    refresh_rollup()
    assert sorted(CaseMonth.objects.values_list("received", flat=True)) == sorted(cells)


def test_a_month_is_the_wib_month(db, frozen):
    # 31 May 2025, 16:00 UTC is 23:00 WIB, still May; 20:00 UTC is 1 June, 03:00 WIB.
    done("pusat", Channel.WEBSITE, datetime(2025, 5, 31, 16, 0, tzinfo=UTC), at(6, 3), 1)
    done("pusat", Channel.SURAT, datetime(2025, 5, 31, 20, 0, tzinfo=UTC), at(6, 3), 1)
    refresh_rollup()
    received = dict(CaseMonth.objects.filter(received__gt=0).values_list("channel", "period"))
    assert received == {Channel.WEBSITE: date(2025, 5, 1), Channel.SURAT: date(2025, 6, 1)}


@pytest.mark.parametrize("values", [[3], [1, 2], [0, 0, 7], [5, 1, 9, 2], [4, 4, 4, 10, 0, 2, 2, 15, 1]])
def test_the_median_in_the_database_is_the_median(db, values):
    d = directorate("pusat")
    counts: dict[int, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    CompletionDaysMonth.objects.bulk_create(
        [CompletionDaysMonth(period=date(2025, 1, 1), directorate=d, channel=Channel.WEBSITE, working_days=v, cases=n)
         for v, n in counts.items()]
    )
    found = reports.medians(CompletionDaysMonth.objects.all())
    assert found["total", None] == statistics.median(values)
    assert found["month", date(2025, 1, 1)] == statistics.median(values)
    assert found["channel", Channel.WEBSITE] == statistics.median(values)
    assert found["directorate", d.id] == statistics.median(values)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="percentile_cont is PostgreSQL's")
def test_the_median_agrees_with_percentile_cont_on_the_cases(data):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY working_days_taken) "
            "FROM consultations_consultation WHERE working_days_taken IS NOT NULL"
        )
        (expected,) = cursor.fetchone()
    assert reports.medians(CompletionDaysMonth.objects.all())["total", None] == expected


# --- the stored working days ----------------------------------------------------------


def test_an_answer_stores_the_working_days_it_took(case, director_pusat, spec_day):
    from consultations.channels.website import answers
    from consultations.models import AnswerKind, Consultation

    from .conftest import SPEC_DUE

    spec_day.move_to(SPEC_DUE)  # 10 working days after the SPEC.md start, over Lebaran
    answers.send_answer(consultation=case, author=director_pusat, kinds=[AnswerKind.SARAN], text="Saran.")
    assert Consultation.objects.get(pk=case.pk).working_days_taken == 10


def test_the_migration_backfills_completed_cases(db, holidays):
    import importlib

    from django.apps import apps

    from consultations.models import Consultation

    from .conftest import SPEC_DUE, SPEC_START

    migration = importlib.import_module("consultations.migrations.0011_working_days_taken_and_monthly_rollup")
    answered = done("pusat", Channel.WEBSITE, SPEC_START, SPEC_DUE, None)
    same_day = done("pusat", Channel.TATAP_MUKA, SPEC_START, SPEC_START + timedelta(minutes=30), None)
    still_open = running("pusat", SPEC_START, SPEC_DUE)
    migration.backfill_working_days_taken(apps, None)
    taken = dict(Consultation.objects.values_list("pk", "working_days_taken"))
    assert taken == {answered.pk: 10, same_day.pk: 0, still_open.pk: None}


def test_a_case_closed_without_output_counts_as_cancelled_neither_on_time_nor_late(db, frozen, login, director_pusat):
    """A meeting called off for good (docs/decisions/0007): received, and cancelled in the
    month it was closed; not a completion, so outside the on-time rate and the median."""
    done("pusat", Channel.DARING, at(4, 1), at(4, 2), 1)
    ConsultationFactory(
        directorate=directorate("pusat"), channel=Channel.DARING, status=Status.CANCELLED, submitted_at=at(4, 20),
        due_at=at(4, 22), completed_at=at(5, 4), completed_on_time=None, working_days_taken=None,
    )
    refresh_rollup()
    report = _open(login, director_pusat)
    assert (report.total.measures.received, report.total.measures.completed, report.total.measures.cancelled) == (2, 1, 1)
    assert _numbers(report.total) == (2, 1, 100.0, 0, 0, 1.0)
    months = {row.key: (row.measures.completed, row.measures.cancelled) for row in report.months}
    assert months == {date(2025, 4, 1): (1, 0), date(2025, 5, 1): (0, 1), date(2025, 6, 1): (0, 0)}
    daring = next(row for row in report.channels if row.key == Channel.DARING)
    assert (daring.measures.completed, daring.measures.cancelled, daring.measures.on_time_rate) == (1, 1, 100.0)
    header = reports.export_header()
    total = next(reports.export_rows(report))
    assert total[header.index("Dibatalkan (tanpa keluaran)")] == 1 and total[header.index("Selesai")] == 1
    page = login(director_pusat).get(URL + PERIOD).content.decode()
    assert 'id="total-dibatalkan"' in page
