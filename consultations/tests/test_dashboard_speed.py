"""Issue 26: the SLA dashboard in a fixed number of queries for a director and the admin
— the rollup's refresh and "is any meeting report pending?" in one query, the rendered
numbers from the page cache, the filter bar rendered in Python — whatever the number of
cases; the list of pending meeting reports read live, only when there may be one."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from accounts.lookups import all_directorates
from accounts.tests.factories import directorate
from consultations import reports, selectors
from consultations.channels import Channel
from consultations.channels.daring import selectors as meeting_selectors
from consultations.models import AnswerKind, Meeting, MeetingReport, MeetingStatus
from consultations.rollup import refresh_rollup
from consultations.workflow import Status

from .conftest import WIB
from .factories import ConsultationFactory

# Thursday 12 November 2026, 12:00 WIB: a meeting held on Wednesday 4 November has no
# approved report 5 working days later (due the end of Wednesday 11 November).
NOW = datetime(2026, 11, 12, 12, 0, tzinfo=WIB)
HELD = datetime(2026, 11, 4, 10, 0, tzinfo=WIB)
URL = reverse("consultations:dashboard")
# A cached view: the session, the user, the rollup's refresh with the meetings check
# (reports.rollup_state), the navigation's unread-notices badge. The complaints panel
# and the numbers come from the cache.
CACHED = 4
# The view that renders the numbers: + the cells, the medians, the cases at risk and the
# refresh's time (reports.dashboard_report). The complaints panel's cache has no channel
# in its key: the warm-up view filled it.
RENDERED = CACHED + 4


@pytest.fixture(autouse=True)
def _lookups_not_in_writing_mode():
    """An earlier test in this worker that saved a directorate inside its rolled-back
    transaction leaves ``core.lookups`` in its "this thread is writing" mode (the flag is
    reset on commit or outside a transaction, neither of which a test reaches): the
    directorates would then be read on every call. Counting queries needs the kept copy."""
    all_directorates._thread.writing = False


@pytest.fixture
def frozen(holidays):
    with time_machine.travel(NOW, tick=False):
        yield


def cases(count: int, code: str = "pusat") -> None:
    for n in range(count):
        submitted = NOW - timedelta(days=3 + 9 * n)
        ConsultationFactory(
            directorate=directorate(code), status=Status.DELIVERED, submitted_at=submitted,
            due_at=submitted + timedelta(days=14), completed_at=submitted + timedelta(days=2 + n % 4),
            completed_on_time=n % 5 != 0, working_days_taken=2 + n % 4,
        )


def meeting(code: str, *, starts_at: datetime = HELD, status: str = MeetingStatus.CONFIRMED, report=None):
    """An online-meeting case of ``code`` and its meeting; ``report``: None, "written" or
    "approved"."""
    from accounts.tests.factories import InternalUserFactory

    staff = InternalUserFactory(directorate=directorate(code))
    case = ConsultationFactory(directorate=directorate(code), channel=Channel.DARING, status=Status.ASSIGNED,
                               assignee=staff)
    cancelled = status == MeetingStatus.CANCELLED
    Meeting.objects.create(
        consultation=case, uid=f"rapat-{case.pk}@advokasi", status=status, starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1), platform="Zoom", link="https://zoom.us/j/1", confirmed_by=staff,
        confirmed_at=starts_at - timedelta(days=2), updated_at=starts_at - timedelta(days=2),
        cancelled_at=starts_at - timedelta(days=1) if cancelled else None,
    )
    if report:
        MeetingReport.objects.create(
            consultation=case, author=staff, held_on=starts_at.date(), attendees_lkpp="Tim", attendees_applicant="PIC",
            problem="Masalah", discussion="Pembahasan", kinds=[AnswerKind.SARAN], advice="Saran", written_at=NOW,
            approved_by=staff if report == "approved" else None,
            approved_at=NOW if report == "approved" else None, pdf="laporan.pdf" if report == "approved" else "",
        )
    return case


@pytest.mark.parametrize("persona", ["director_pusat", "admin_user"])
def test_the_page_costs_the_same_queries_with_3_and_with_25_cases(request, persona, frozen, login,
                                                                  django_assert_num_queries):
    client = login(request.getfixturevalue(persona))
    for count in (3, 22):
        cases(count)
        cases(count, "daerah")
        refresh_rollup()
        client.get(URL, {"saluran": Channel.WEBSITE})  # warm: the calendar, the directorates
        with django_assert_num_queries(RENDERED):
            rendered = client.get(URL)
        with django_assert_num_queries(CACHED):
            cached = client.get(URL)
        assert cached.context["report_html"] == rendered.context["report_html"]  # from the cache
    received = rendered.context["report"].total.measures.received
    assert received == (25 if persona == "director_pusat" else 50)


def test_a_pending_report_is_listed_live_at_one_query_more(frozen, login, director_pusat, lead_pusat,
                                                          django_assert_num_queries):
    client = login(director_pusat)
    cases(3)
    refresh_rollup()
    client.get(URL)
    case = meeting("pusat", report="written")
    with django_assert_num_queries(CACHED + 1):
        html = client.get(URL).content.decode()
    assert 'id="laporan-rapat-tertunda"' in html and case.number in html
    report = MeetingReport.objects.get(consultation=case)
    report.approved_by, report.approved_at, report.pdf = lead_pusat, NOW, "laporan.pdf"
    report.save()
    with django_assert_num_queries(CACHED):
        html = client.get(URL).content.decode()
    assert "laporan-rapat-tertunda" not in html and case.number not in html


@pytest.fixture
def lead_pusat(db):
    from accounts.models import Role
    from accounts.tests.factories import InternalUserFactory

    return InternalUserFactory(role=Role.TEAM_LEAD, directorate=directorate("pusat"))


@pytest.mark.parametrize(
    ("setup", "director_sees", "admin_sees"),
    [
        ({}, False, False),
        ({"report": "approved"}, False, False),
        ({"status": MeetingStatus.CANCELLED}, False, False),
        ({"starts_at": NOW + timedelta(days=1)}, False, False),
        ({"starts_at": NOW - timedelta(hours=1)}, True, True),  # held, its report not due yet: checked, not listed
        ({"report": None}, True, True),
        ({"report": "written"}, True, True),
        ({"code": "daerah"}, False, True),
    ],
)
def test_the_meetings_check_covers_every_pending_report_the_user_may_see(frozen, director_pusat, admin_user,
                                                                        setup, director_sees, admin_sees):
    """``rollup_state`` says "a meeting may be pending" whenever ``reports_pending`` lists
    one, for the cases the user sees, and not for cases nobody waits on."""
    setup = dict(setup)
    if setup:
        meeting(setup.pop("code", "pusat"), **setup)
    refresh_rollup()
    for user, expected in ((director_pusat, director_sees), (admin_user, admin_sees)):
        state = reports.rollup_state(user, NOW)
        listed = meeting_selectors.reports_pending(selectors.visible_cases(user), now=NOW)
        # The dashboard's prepared query of the user's scope lists the same.
        assert meeting_selectors.reports_pending_for(user, now=NOW) == listed
        assert state.meetings_held is expected
        assert state.meetings_held or not listed
        assert state.runs == 1 and state.refreshed_at == NOW


def test_a_director_of_no_directorate_sees_no_meeting(frozen):
    from accounts.models import Role, User

    meeting("pusat", report=None)
    refresh_rollup()
    assert reports.rollup_state(User(role=Role.DIRECTOR, directorate_id=None), NOW) == reports.RollupState(1, NOW, False)


def test_before_the_first_refresh_the_state_says_so(db, director_pusat):
    assert reports.rollup_state(director_pusat, NOW) == reports.RollupState(0, None, True)


def test_the_filter_bar_keeps_the_choices_and_explains_errors(frozen, login, admin_user):
    html = login(admin_user).get(URL, {"saluran": "surat", "direktorat": "daerah", "dari": "2026-02"}).content.decode()
    assert '<input type="month" name="dari" id="id_dari" class="form-control" value="2026-02"' in html
    assert '<input type="month" name="sampai" id="id_sampai" class="form-control" value="2026-11"' in html
    assert '<option value="surat" selected>' in html and '<option value="daerah" selected>' in html
    html = login(admin_user).get(URL, {"dari": "2026-13", "saluran": "pos"}).content.decode()
    assert ('class="form-control is-invalid" value="2026-13" placeholder="TTTT-BB" pattern="[0-9]{4}-[0-9]{2}" '
            'aria-describedby="id_dari-galat">') in html
    assert '<select name="saluran" id="id_saluran" class="form-select is-invalid" aria-describedby="id_saluran-galat">' \
        in html
    assert '<div class="invalid-feedback" id="id_saluran-galat">Saluran tidak dikenal.</div>' in html
    assert '<option value="" selected>Semua direktorat</option>' in html


def test_a_directors_filter_bar_has_no_directorate(frozen, login, director_pusat):
    html = login(director_pusat).get(URL).content.decode()
    assert 'name="saluran"' in html and 'name="direktorat"' not in html
    assert f'value="{date(2025, 12, 1):%Y-%m}"' in html  # the default period: the last 12 months
