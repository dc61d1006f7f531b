"""Filling the table from the holidays package: the service, the command and the task."""

from __future__ import annotations

from datetime import UTC, date, datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command

from workdays import services
from workdays.deadlines import WIB, add_working_days, is_working_day
from workdays.models import Holiday, HolidayKind, HolidaySource
from workdays.services import SyncResult, sync_from_package
from workdays.signals import calendar_changed
from workdays.tasks import sync_holidays

from .factories import HolidayFactory

pytestmark = pytest.mark.django_db

IDUL_FITRI = date(2025, 3, 31)
CUTI_IDUL_FITRI = date(2025, 4, 2)
HOLIDAYS_2025 = 28  # 17 libur nasional + 11 cuti bersama in holidays 0.109


def test_sync_fills_one_year_with_both_kinds_and_both_languages():
    result = sync_from_package(from_year=2025, to_year=2025)
    assert result == SyncResult(from_year=2025, to_year=2025, created=Holiday.objects.count())
    assert Holiday.objects.count() >= HOLIDAYS_2025 - 2  # the package may refine a date or two

    fitri = Holiday.objects.get(date=IDUL_FITRI)
    assert (fitri.name, fitri.name_en, fitri.kind) == ("Hari Raya Idul Fitri", "Eid al-Fitr", HolidayKind.LIBUR_NASIONAL)
    assert (fitri.source, fitri.is_active, fitri.admin_edited_at) == (HolidaySource.PACKAGE, True, None)

    cuti = Holiday.objects.get(date=CUTI_IDUL_FITRI)
    assert cuti.kind == HolidayKind.CUTI_BERSAMA
    assert cuti.name.startswith("Cuti Bersama") and cuti.name_en

    assert set(Holiday.objects.values_list("kind", flat=True)) == set(HolidayKind.values)
    assert not Holiday.objects.exclude(date__year=2025).exists()


def test_the_spec_example_holds_on_the_synced_table():
    sync_from_package(from_year=2025, to_year=2025)
    due = add_working_days(datetime(2025, 3, 27, 10, tzinfo=WIB), 10)
    assert due == datetime(2025, 4, 22, 23, 59, 59, tzinfo=WIB)


def test_sync_is_idempotent():
    first = sync_from_package(from_year=2024, to_year=2026)
    rows = list(Holiday.objects.values_list("date", "name", "name_en", "kind", "source", "is_active", "updated_at"))
    second = sync_from_package(from_year=2024, to_year=2026)
    assert first.created > 60
    assert (second.created, second.updated, second.deactivated, second.changed) == (0, 0, 0, 0)
    assert second.unchanged == first.created
    assert list(Holiday.objects.values_list("date", "name", "name_en", "kind", "source", "is_active", "updated_at")) == rows


def test_sync_announces_a_change_once_and_nothing_when_nothing_changed(django_capture_on_commit_callbacks):
    seen = []

    def receiver(sender, dates, **kwargs):
        seen.append(dates)

    calendar_changed.connect(receiver, dispatch_uid="test-sync")
    try:
        assert is_working_day(IDUL_FITRI)  # cached before the sync
        with django_capture_on_commit_callbacks(execute=True):
            sync_from_package(from_year=2025, to_year=2025)
        assert len(seen) == 1 and IDUL_FITRI in seen[0]
        assert not is_working_day(IDUL_FITRI)  # bulk_create bypasses post_save; invalidated anyway
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            sync_from_package(from_year=2025, to_year=2025)
        assert callbacks == [] and len(seen) == 1
    finally:
        calendar_changed.disconnect(dispatch_uid="test-sync")


def test_an_admin_edited_day_is_neither_overwritten_nor_reactivated(admin_user):
    sync_from_package(from_year=2025, to_year=2025)
    fitri = Holiday.objects.get(date=IDUL_FITRI)
    services.update_holiday(
        holiday=fitri, actor=admin_user, name="Idulfitri 1446 H", name_en="Eid al-Fitr 1446",
        kind=HolidayKind.LIBUR_NASIONAL, note="SKB 3 Menteri 2025", is_active=False,
    )
    cuti = Holiday.objects.get(date=CUTI_IDUL_FITRI)
    services.deactivate_holiday(holiday=cuti, actor=admin_user)

    result = sync_from_package(from_year=2025, to_year=2025)

    assert (result.created, result.updated, result.deactivated, result.admin_untouched) == (0, 0, 0, 2)
    fitri.refresh_from_db()
    assert (fitri.name, fitri.name_en, fitri.note, fitri.is_active) == (
        "Idulfitri 1446 H", "Eid al-Fitr 1446", "SKB 3 Menteri 2025", False
    )
    assert fitri.admin_edited_by == admin_user and fitri.source == HolidaySource.PACKAGE
    cuti.refresh_from_db()
    assert not cuti.is_active and cuti.admin_edited_at is not None


def test_an_admin_created_day_wins_over_the_package(admin_user):
    services.add_holiday(
        date=IDUL_FITRI, name="Idulfitri (ditetapkan admin)", kind=HolidayKind.CUTI_BERSAMA, actor=admin_user
    )
    services.add_holiday(
        date=date(2025, 7, 1), name="Cuti bersama tambahan", kind=HolidayKind.CUTI_BERSAMA, actor=admin_user
    )
    result = sync_from_package(from_year=2025, to_year=2025)
    row = Holiday.objects.get(date=IDUL_FITRI)
    assert (row.name, row.kind, row.source) == ("Idulfitri (ditetapkan admin)", HolidayKind.CUTI_BERSAMA, HolidaySource.ADMIN)
    assert Holiday.objects.get(date=date(2025, 7, 1)).is_active  # not in the package, still kept
    assert result.admin_untouched == 2 and result.deactivated == 0


def test_an_unedited_package_row_follows_the_package():
    # A day the package listed once and no longer does, and a day with an outdated name
    # that the sync itself had deactivated.
    HolidayFactory(date=date(2025, 7, 1), source=HolidaySource.PACKAGE, name="Dulu libur")
    HolidayFactory(date=IDUL_FITRI, source=HolidaySource.PACKAGE, name="Nama lama", is_active=False)

    result = sync_from_package(from_year=2025, to_year=2025)

    assert (result.updated, result.deactivated) == (1, 1)
    gone = Holiday.objects.get(date=date(2025, 7, 1))
    assert not gone.is_active and gone.admin_edited_at is None
    back = Holiday.objects.get(date=IDUL_FITRI)
    assert (back.name, back.is_active) == ("Hari Raya Idul Fitri", True)
    assert sync_from_package(from_year=2025, to_year=2025).changed == 0


def test_rows_outside_the_years_are_left_alone():
    outside = HolidayFactory(date=date(2019, 7, 1), source=HolidaySource.PACKAGE)
    sync_from_package(from_year=2025, to_year=2025)
    outside.refresh_from_db()
    assert outside.is_active


@time_machine.travel(datetime(2026, 12, 31, 17, 30, tzinfo=UTC), tick=False)  # 1 Jan 2027 00:30 WIB
def test_the_default_years_are_this_year_in_jakarta_minus_one_to_plus_two():
    assert services.default_sync_years() == (2026, 2029)
    result = sync_from_package()
    assert (result.from_year, result.to_year) == (2026, 2029)
    assert {d.year for d in Holiday.objects.dates("date", "year")} == {2026, 2027, 2028, 2029}


@time_machine.travel(datetime(2025, 6, 1, 3, tzinfo=UTC), tick=False)
@pytest.mark.parametrize(
    ("given", "resolved"),
    [
        ((None, None), (2024, 2027)),
        ((2020, None), (2020, 2027)),
        ((2030, None), (2030, 2030)),
        ((None, 2022), (2022, 2022)),
        ((None, 2026), (2024, 2026)),
        ((2025, 2025), (2025, 2025)),
    ],
)
def test_year_defaults_fill_in_what_is_missing(given, resolved):
    assert services.resolve_sync_years(*given) == resolved


@pytest.mark.parametrize(("from_year", "to_year"), [(2027, 2025), (1900, 1901), (2000, 2040)])
def test_nonsense_years_are_refused(from_year, to_year):
    with pytest.raises(ValueError):
        sync_from_package(from_year=from_year, to_year=to_year)


# --- the management command -----------------------------------------------------------


def run(*args: str) -> str:
    out = StringIO()
    call_command("sync_holidays", *args, stdout=out)
    return out.getvalue()


def test_the_command_reports_what_it_did_and_nothing_the_second_time(admin_user):
    first = run("--from-year", "2025", "--to-year", "2025")
    created = Holiday.objects.count()
    assert f"holidays 2025-2025: {created} created, 0 updated" in first
    services.deactivate_holiday(holiday=Holiday.objects.get(date=IDUL_FITRI), actor=admin_user)
    second = run("--from-year", "2025", "--to-year", "2025")
    assert "0 created, 0 updated, 0 deactivated" in second
    assert f"{created - 1} unchanged, 1 admin rows left untouched" in second


@time_machine.travel(datetime(2025, 6, 1, 3, tzinfo=UTC), tick=False)
def test_the_command_defaults_to_last_year_until_two_years_ahead():
    assert "holidays 2024-2027:" in run()


def test_the_command_refuses_an_inverted_range():
    with pytest.raises(CommandError, match="after"):
        run("--from-year", "2026", "--to-year", "2025")


# --- the Celery task (eager in the test settings) ---------------------------------------


def test_the_task_fills_the_table_and_is_safe_to_run_twice():
    first = sync_holidays.delay(2025, 2025).get()
    assert first["created"] == Holiday.objects.filter(date__year=2025).count() > 20
    assert Holiday.objects.get(date=IDUL_FITRI).kind == HolidayKind.LIBUR_NASIONAL
    second = sync_holidays.delay(from_year=2025, to_year=2025).get()
    assert (second["created"], second["updated"], second["unchanged"]) == (0, 0, first["created"])


def test_the_task_has_the_name_beat_schedules():
    from django.conf import settings

    assert sync_holidays.name == settings.CELERY_BEAT_SCHEDULE["sync-holidays-weekly"]["task"]
