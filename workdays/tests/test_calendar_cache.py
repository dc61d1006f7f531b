"""The calendar comes from the database once, is cached, and is forgotten when it changes."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

import pytest
from django.core.cache import cache
from django.db import transaction

from workdays import calendar as calendar_cache
from workdays import services
from workdays.deadlines import WIB, add_working_days, deadline_state, is_working_day, working_days_left
from workdays.models import Holiday
from workdays.signals import calendar_changed

from .factories import HolidayFactory

pytestmark = pytest.mark.django_db

GOOD_FRIDAY = date(2025, 4, 18)
THURSDAY = datetime(2025, 4, 17, 10, tzinfo=WIB)


def eod(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, 23, 59, 59, tzinfo=WIB)


@pytest.fixture
def good_friday() -> Holiday:
    return HolidayFactory(date=GOOD_FRIDAY, name="Wafat Yesus Kristus", name_en="Good Friday")


@pytest.fixture
def received():
    """The calendar_changed signals sent during the test: a list of their ``dates``."""
    seen: list[frozenset[date]] = []

    def receiver(sender, dates, **kwargs):
        seen.append(dates)

    calendar_changed.connect(receiver, dispatch_uid="test-received")
    yield seen
    calendar_changed.disconnect(dispatch_uid="test-received")


def test_the_default_calendar_comes_from_the_table(good_friday):
    assert not is_working_day(GOOD_FRIDAY)
    assert add_working_days(THURSDAY, 1) == eod(2025, 4, 21)


def test_inactive_rows_are_working_days():
    HolidayFactory(date=GOOD_FRIDAY, is_active=False)
    assert is_working_day(GOOD_FRIDAY)
    assert add_working_days(THURSDAY, 1) == eod(2025, 4, 18)


def test_two_hundred_deadlines_cost_at_most_one_query(good_friday, django_assert_max_num_queries):
    HolidayFactory.create_batch(30)
    with django_assert_max_num_queries(1):
        dues = [add_working_days(THURSDAY + timedelta(hours=i), 10) for i in range(200)]
        states = [deadline_state(THURSDAY, due) for due in dues]
        lefts = [working_days_left(THURSDAY, due) for due in dues]
    assert dues[0] == add_working_days(THURSDAY, 10, calendar_cache.load_calendar_from_db())
    assert len(states) == len(lefts) == 200


def test_another_process_reads_the_shared_cache_not_the_database(good_friday, django_assert_num_queries):
    with django_assert_num_queries(1):
        calendar_cache.get_calendar()
    calendar_cache._memo = None  # what a fresh process starts with
    with django_assert_num_queries(0):
        assert not is_working_day(GOOD_FRIDAY)


def test_an_expired_memo_with_an_unchanged_version_costs_no_query(good_friday, monkeypatch, django_assert_num_queries):
    calendar_cache.get_calendar()
    monkeypatch.setattr(calendar_cache, "MEMO_SECONDS", -1.0)
    with django_assert_num_queries(0):
        calendar_cache.get_calendar()


def test_a_change_committed_by_another_process_is_seen_once_the_memo_expires(good_friday, monkeypatch):
    assert not is_working_day(GOOD_FRIDAY)
    # Another process deactivates the day and bumps the shared version; this process's
    # memo still holds the old calendar until it expires.
    Holiday.objects.filter(pk=good_friday.pk).update(is_active=False)
    cache.set(calendar_cache.VERSION_KEY, "set-by-another-process", None)
    assert not is_working_day(GOOD_FRIDAY)
    calendar_cache._memo = calendar_cache._Memo(
        version=calendar_cache._memo.version, calendar=calendar_cache._memo.calendar, expires_at=0.0
    )
    assert is_working_day(GOOD_FRIDAY)


def test_a_stale_write_after_invalidation_is_never_read(good_friday):
    old_version = calendar_cache._current_version()
    stale = calendar_cache.load_calendar_from_db()
    Holiday.objects.filter(pk=good_friday.pk).update(is_active=False)
    calendar_cache.invalidate_calendar()
    # A slow process that loaded before the change writes after the invalidation.
    cache.set(calendar_cache.DATA_KEY.format(version=old_version), calendar_cache._encode(stale))
    assert is_working_day(GOOD_FRIDAY)


def test_deactivating_a_holiday_makes_it_a_working_day_at_once(
    good_friday, admin_user, django_capture_on_commit_callbacks, received
):
    assert add_working_days(THURSDAY, 1) == eod(2025, 4, 21)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.deactivate_holiday(holiday=good_friday, actor=admin_user)
    assert add_working_days(THURSDAY, 1) == eod(2025, 4, 18)
    assert received == [frozenset({GOOD_FRIDAY})]

    with django_capture_on_commit_callbacks(execute=True):
        assert services.activate_holiday(holiday=good_friday, actor=admin_user)
    assert add_working_days(THURSDAY, 1) == eod(2025, 4, 21)
    assert len(received) == 2


def test_an_admin_edit_of_the_active_flag_invalidates_through_post_save(
    good_friday, admin_user, django_capture_on_commit_callbacks, received
):
    assert not is_working_day(GOOD_FRIDAY)
    with django_capture_on_commit_callbacks(execute=True):
        services.update_holiday(
            holiday=good_friday, actor=admin_user, name=good_friday.name, name_en=good_friday.name_en,
            kind=good_friday.kind, note="", is_active=False,
        )
    assert is_working_day(GOOD_FRIDAY)
    assert received == [frozenset({GOOD_FRIDAY})]


def test_adding_and_deleting_a_day_invalidate(admin_user, django_capture_on_commit_callbacks, received):
    assert is_working_day(GOOD_FRIDAY)
    with django_capture_on_commit_callbacks(execute=True):
        holiday = services.add_holiday(date=GOOD_FRIDAY, name="Wafat Yesus Kristus", kind="libur_nasional", actor=admin_user)
    assert not is_working_day(GOOD_FRIDAY)
    with django_capture_on_commit_callbacks(execute=True):
        holiday.delete()
    assert is_working_day(GOOD_FRIDAY)
    assert received == [frozenset({GOOD_FRIDAY})] * 2


def test_a_name_correction_is_not_a_calendar_change(good_friday, admin_user, django_capture_on_commit_callbacks, received):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.update_holiday(
            holiday=good_friday, actor=admin_user, name="Wafat Isa Almasih", name_en="Good Friday",
            kind=good_friday.kind, note="Nama menurut SKB 2025", is_active=True,
        )
    assert callbacks == [] and received == []


def test_nothing_is_announced_before_commit_nor_after_a_rollback(good_friday, admin_user, received):
    calendar_cache.get_calendar()
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            services.deactivate_holiday(holiday=good_friday, actor=admin_user)
            assert received == []
            raise RuntimeError("rolled back")
    assert received == []
    assert not is_working_day(GOOD_FRIDAY)


def test_a_failing_receiver_is_logged_and_does_not_stop_the_others(
    good_friday, admin_user, django_capture_on_commit_callbacks, received, caplog
):
    def broken(sender, **kwargs):
        raise RuntimeError("receiver bug")

    calendar_changed.connect(broken, dispatch_uid="test-broken")
    try:
        with caplog.at_level(logging.ERROR, logger="workdays.calendar"):
            with django_capture_on_commit_callbacks(execute=True):
                services.deactivate_holiday(holiday=good_friday, actor=admin_user)
    finally:
        calendar_changed.disconnect(dispatch_uid="test-broken")
    assert received == [frozenset({GOOD_FRIDAY})]
    assert "receiver bug" in caplog.text
    assert is_working_day(GOOD_FRIDAY)


def test_a_cache_outage_falls_back_to_the_database(good_friday, monkeypatch, caplog):
    def down(*args, **kwargs):
        raise ConnectionError("redis is down")

    for method in ("get", "set", "add"):
        monkeypatch.setattr(cache, method, down)
    with caplog.at_level(logging.WARNING, logger="workdays.calendar"):
        assert not is_working_day(GOOD_FRIDAY)
    assert "cache get failed" in caplog.text


def test_a_change_the_cache_could_not_announce_is_logged_as_an_error(good_friday, monkeypatch, caplog):
    """The fail-open Redis cache drops writes while Redis is away: other processes would
    keep the old calendar once it is back, so the operator must be told how to fix it."""
    monkeypatch.setattr(cache, "set", lambda *args, **kwargs: None)  # dropped, as by the fail-open cache
    with caplog.at_level(logging.ERROR, logger="workdays.calendar"):
        calendar_cache.invalidate_calendar()
    assert "could not be told" in caplog.text and "invalidate_calendar()" in caplog.text


def test_an_announced_change_logs_no_error(good_friday, caplog):
    with caplog.at_level(logging.ERROR, logger="workdays.calendar"):
        calendar_cache.invalidate_calendar()
    assert "could not be told" not in caplog.text


def test_an_unreadable_cache_entry_is_ignored(good_friday):
    cache.set(calendar_cache.DATA_KEY.format(version=calendar_cache._current_version()), {"garbage": 1})
    assert not is_working_day(GOOD_FRIDAY)


def test_an_empty_table_warns_and_counts_weekends_only(caplog):
    with caplog.at_level(logging.WARNING):
        assert add_working_days(datetime(2031, 1, 3, 9, tzinfo=WIB), 1) == eod(2031, 1, 6)
    assert "holiday table is empty" in caplog.text
    assert "no holidays for 2031" in caplog.text


def test_the_covered_years_come_from_all_rows(good_friday):
    HolidayFactory(date=date(2026, 1, 1), is_active=False)
    calendar = calendar_cache.load_calendar_from_db()
    assert calendar.covered_years == {2025, 2026}
    assert calendar.holidays == {GOOD_FRIDAY}
