"""The admin corrects the calendar: add, edit, deactivate and re-activate days."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from workdays.deadlines import is_working_day
from workdays.models import Holiday, HolidayKind, HolidaySource
from workdays.services import sync_from_package

from .factories import HolidayFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:workdays_holiday_changelist")
ADD = reverse("admin:workdays_holiday_add")


@pytest.fixture
def admin_client_(client, admin_user):
    client.force_login(admin_user)
    return client


def change_url(holiday: Holiday) -> str:
    return reverse("admin:workdays_holiday_change", args=[holiday.pk])


def form_data(holiday: Holiday, **changes) -> dict:
    data = {
        "name": holiday.name, "name_en": holiday.name_en, "kind": holiday.kind,
        "note": holiday.note, "_save": "Simpan",
    }
    if holiday.is_active:
        data["is_active"] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_list_shows_the_calendar_with_filters_and_search(admin_client_):
    sync_from_package(from_year=2025, to_year=2025)
    response = admin_client_.get(CHANGELIST, {"date__year": "2025"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Hari Raya Idul Fitri" in page and "Eid al-Fitr" in page
    assert "Senin" in page  # weekday, in Indonesian
    assert "Cuti bersama" in page and "Libur nasional" in page

    found = admin_client_.get(CHANGELIST, {"q": "Natal"}).context["cl"].result_list
    assert {h.date for h in found} == {date(2025, 12, 25), date(2025, 12, 26)}
    cuti = admin_client_.get(CHANGELIST, {"kind__exact": "cuti_bersama"}).context["cl"].result_list
    assert cuti and all(h.kind == HolidayKind.CUTI_BERSAMA for h in cuti)
    assert admin_client_.get(CHANGELIST, {"source__exact": "admin"}).context["cl"].result_count == 0
    assert admin_client_.get(CHANGELIST, {"is_active__exact": "0"}).context["cl"].result_count == 0
    assert admin_client_.get(CHANGELIST, {"owner": "sync"}).context["cl"].result_count == Holiday.objects.count()
    assert admin_client_.get(CHANGELIST, {"owner": "admin"}).context["cl"].result_count == 0


def test_the_admin_adds_a_day(admin_client_, admin_user, django_capture_on_commit_callbacks):
    assert is_working_day(date(2025, 7, 1))
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_.post(ADD, {
            "date": "2025-07-01", "name": "Cuti bersama tambahan", "name_en": "Extra joint leave day",
            "kind": "cuti_bersama", "is_active": "on", "note": "Keppres No. 1 Tahun 2025", "_save": "Simpan",
        })
    assert response.status_code == 302, response.context["adminform"].form.errors
    row = Holiday.objects.get(date=date(2025, 7, 1))
    assert (row.source, row.kind, row.admin_edited_by, row.note) == (
        HolidaySource.ADMIN, HolidayKind.CUTI_BERSAMA, admin_user, "Keppres No. 1 Tahun 2025"
    )
    assert not is_working_day(date(2025, 7, 1))
    assert LogEntry.objects.filter(object_id=str(row.pk)).exists()


def test_a_date_already_in_the_table_is_refused_with_a_helpful_message(admin_client_):
    HolidayFactory(date=date(2025, 4, 18))
    response = admin_client_.post(ADD, {
        "date": "2025-04-18", "name": "Dobel", "kind": "libur_nasional", "is_active": "on", "_save": "Simpan",
    })
    assert response.status_code == 200
    assert "Tanggal ini sudah ada di kalender" in response.content.decode()
    assert Holiday.objects.count() == 1


def test_an_edit_marks_the_row_as_the_admins(admin_client_, admin_user):
    holiday = HolidayFactory(date=date(2025, 4, 18), name="Wafat Yesus Kristus")
    response = admin_client_.post(change_url(holiday), form_data(holiday, name="Wafat Isa Almasih", note="SKB 2025"))
    assert response.status_code == 302
    holiday.refresh_from_db()
    assert (holiday.name, holiday.note, holiday.admin_edited_by) == ("Wafat Isa Almasih", "SKB 2025", admin_user)
    assert holiday.is_admin_owned and holiday.source == HolidaySource.PACKAGE


def test_saving_without_a_change_leaves_the_row_to_the_sync(admin_client_):
    holiday = HolidayFactory(date=date(2025, 4, 18))
    assert admin_client_.post(change_url(holiday), form_data(holiday)).status_code == 302
    holiday.refresh_from_db()
    assert not holiday.is_admin_owned


def test_the_date_cannot_be_changed(admin_client_):
    holiday = HolidayFactory(date=date(2025, 4, 18))
    page = admin_client_.get(change_url(holiday)).content.decode()
    assert 'name="date"' not in page
    assert "Asal data" in page
    admin_client_.post(change_url(holiday), form_data(holiday, date="2025-04-25", name="Lain"))
    holiday.refresh_from_db()
    assert holiday.date == date(2025, 4, 18)


def test_unticking_active_in_the_form_makes_a_working_day(admin_client_, django_capture_on_commit_callbacks):
    holiday = HolidayFactory(date=date(2025, 4, 18))
    assert not is_working_day(date(2025, 4, 18))
    data = form_data(holiday)
    del data["is_active"]
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client_.post(change_url(holiday), data).status_code == 302
    assert is_working_day(date(2025, 4, 18))


def test_the_actions_deactivate_and_reactivate(admin_client_, admin_user, django_capture_on_commit_callbacks):
    days = [HolidayFactory(date=date(2025, 4, 18)), HolidayFactory(date=date(2025, 5, 1))]
    ids = [str(h.pk) for h in days]
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_.post(CHANGELIST, {"action": "deactivate_days", "_selected_action": ids}, follow=True)
    assert "2 hari dinonaktifkan dan kini dihitung sebagai hari kerja." in response.content.decode()
    assert not Holiday.objects.filter(is_active=True).exists()
    assert all(h.admin_edited_by == admin_user for h in Holiday.objects.all())
    assert is_working_day(date(2025, 4, 18)) and is_working_day(date(2025, 5, 1))
    assert LogEntry.objects.count() == 2

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_.post(CHANGELIST, {"action": "activate_days", "_selected_action": ids[:1]}, follow=True)
    assert "1 hari diaktifkan kembali sebagai hari libur." in response.content.decode()
    assert not is_working_day(date(2025, 4, 18)) and is_working_day(date(2025, 5, 1))

    # A day that already was active is confirmed (now the admin's) but not counted.
    response = admin_client_.post(CHANGELIST, {"action": "activate_days", "_selected_action": ids[:1]}, follow=True)
    assert "0 hari diaktifkan kembali" in response.content.decode()
    assert "sudah dalam status tersebut" in response.content.decode()


def test_days_cannot_be_deleted_only_deactivated(admin_client_):
    holiday = HolidayFactory(date=date(2025, 4, 18))
    assert admin_client_.get(reverse("admin:workdays_holiday_delete", args=[holiday.pk])).status_code == 403
    actions = admin_client_.get(CHANGELIST).context["action_form"].fields["action"].choices
    assert "delete_selected" not in [name for name, _ in actions]


@pytest.mark.parametrize("persona", ["staff", "director_pusat", "applicant_a"])
def test_nobody_but_the_admin_gets_in(client, persona, request):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(CHANGELIST)
    assert response.status_code in (302, 403)
    assert b"Idul Fitri" not in response.content
