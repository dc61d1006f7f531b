"""Issue #23, item 1: every staff role's home is its work list — what waits for the
person, with counts, the deadline state and a link, soonest first; and nothing of a case
or complaint the person may not open.

The work is made through the real services (``work_seed``) on Monday 2 November 2026,
09:00 WIB, with the real calendar: one website case due today (at risk), one due last
Friday (late).
"""

from __future__ import annotations

import re

import pytest
import time_machine
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import InternalUserFactory, directorate
from consultations import my_work
from consultations.channels.tatap_muka import services as walk_ins
from consultations.selectors import visible_cases
from workdays.deadlines import DeadlineState

from .work_seed import MONDAY, meeting_report_waiting, seed

pytestmark = pytest.mark.django_db


@pytest.fixture
def monday(holidays):
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def work(monday, tmp_uploads, front_desk, director_pusat, team_lead, staff, applicant_a):
    return seed(front_desk=front_desk, director=director_pusat, lead=team_lead, member=staff, applicant=applicant_a)


@pytest.fixture
def colleague(db):
    """Another staff member of pusat: sees the directorate's cases, but none is theirs."""
    return InternalUserFactory(email="rekan@lkpp.go.id", role=Role.STAFF, directorate=directorate("pusat"))


@pytest.fixture
def lead_daerah(db):
    return InternalUserFactory(email="ketua.daerah@lkpp.go.id", role=Role.TEAM_LEAD, directorate=directorate("daerah"))


def sections(user) -> dict[str, my_work.Section]:
    return {section.key: section for section in my_work.work_of(user, now=MONDAY)}


def numbers(section: my_work.Section) -> list[str]:
    return [item.case.number for item in section.items]


def states(section: my_work.Section) -> list[str | None]:
    return [item.case.deadline_state(MONDAY) for item in section.items]


def home(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("accounts:home"))
    assert response.status_code == 200
    return response.content.decode()


def section_html(html: str, key: str) -> str:
    """The HTML of one list of the home page (``id="kerja-<key>"``)."""
    match = re.search(rf'<section class="card[^"]*" id="kerja-{key}".*?</section>', html, re.S)
    assert match, f"no list {key!r} on the page"
    return match.group(0)


def listed(html: str) -> list[str]:
    return re.findall(r'data-(?:case|complaint)="([^"]+)"', html)


# --- the Director --------------------------------------------------------------------------


def test_the_director_receives_letters_approves_answers_and_sees_the_urgent_cases(work, director_pusat):
    lists = sections(director_pusat)
    assert list(lists) == ["terima", "persetujuan", "berisiko"]

    # Checked by the secretariat and on the Director's desk; not the one still unchecked.
    assert numbers(lists["terima"]) == [work.waiting.number]
    assert lists["terima"].count == 1
    assert states(lists["terima"]) == [None]  # the clock starts at the receipt

    # The draft the team lead passed on; not the one the lead has yet to review, nor the returned one.
    assert numbers(lists["persetujuan"]) == [work.to_approve.number]
    assert "menunggu persetujuan Anda" in lists["persetujuan"].items[0].note

    # The directorate's at-risk and late cases, soonest first: last Friday's, then today's.
    urgent = lists["berisiko"]
    assert numbers(urgent) == [work.overdue.number, work.due_today.number]
    assert states(urgent) == [DeadlineState.LATE, DeadlineState.AT_RISK]
    assert urgent.count == 2
    assert [(label, n) for label, n, _ in urgent.states] == [("Berisiko terlambat", 1), ("Terlambat", 1)]


def test_the_directors_page_shows_each_list_with_its_count_state_and_links(client, work, director_pusat):
    html = home(client, director_pusat)
    assert "Segera hadir" not in html
    receipt = section_html(html, "terima")
    assert listed(receipt) == [work.waiting.number]
    assert f'href="{reverse("consultations:staff_detail", args=[work.waiting.number])}"' in receipt
    assert f'href="{reverse("consultations:letter_desk")}#terima"' in receipt
    assert 'work-count">1<' in receipt
    urgent = section_html(html, "berisiko")
    assert listed(urgent) == [work.overdue.number, work.due_today.number]
    assert re.findall(r'data-state="([a-z_]*)"', urgent) == ["late", "at_risk"]
    assert "Terlambat: 1" in urgent and "Berisiko terlambat: 1" in urgent


def test_another_directorate_sees_none_of_it(client, work, director_daerah, lead_daerah):
    for user in (director_daerah, lead_daerah):
        lists = sections(user)
        assert all(section.count == 0 and not section.items for section in lists.values()), user.role
        html = home(client, user)
        assert not listed(html), user.role


# --- the team lead -----------------------------------------------------------------------------


def test_the_team_lead_distributes_dispositions_reviews_drafts_and_sees_the_urgent_cases(work, team_lead):
    lists = sections(team_lead)
    assert list(lists) == ["disposisi", "telaah", "berisiko"]
    # Disposed to the lead and not passed on; the letters passed to staff are not the lead's to pass.
    assert numbers(lists["disposisi"]) == [work.disposed.number]
    # The staff member's draft waiting for the lead; not the one the lead approved or returned.
    assert numbers(lists["telaah"]) == [work.in_review.number]
    assert "menunggu telaah Anda" in lists["telaah"].items[0].note
    assert numbers(lists["berisiko"]) == [work.overdue.number, work.due_today.number]


def test_a_letter_the_team_lead_passes_on_leaves_their_list(work, team_lead, staff):
    from consultations.channels.surat import services as letters

    letters.dispose(consultation=work.disposed, actor=team_lead, to=staff, ticks=["untuk_ditindaklanjuti"])
    assert sections(team_lead)["disposisi"].items == []
    assert work.disposed.number in numbers(sections(staff)["kasus-saya"])


# --- staff ------------------------------------------------------------------------------------


def test_staff_see_their_cases_by_deadline_their_guest_and_the_returned_draft(work, staff):
    lists = sections(staff)
    assert list(lists) == ["kasus-saya", "tamu", "dikembalikan"]

    mine = lists["kasus-saya"]
    # Soonest first: late, at risk, then the letters (15 working days from today).
    assert numbers(mine)[:2] == [work.overdue.number, work.due_today.number]
    assert states(mine)[:2] == [DeadlineState.LATE, DeadlineState.AT_RISK]
    assert set(numbers(mine)[2:]) == {work.in_review.number, work.to_approve.number, work.returned.number}
    assert mine.count == 5
    assert [due for due in (item.case.due_at for item in mine.items)] == sorted(item.case.due_at for item in mine.items)
    assert work.guest.number not in numbers(mine)  # the guest has a list of their own

    assert numbers(lists["tamu"]) == [work.guest.number]
    assert "menunggu Anda" in lists["tamu"].items[0].note

    returned = lists["dikembalikan"]
    assert numbers(returned) == [work.returned.number]
    assert "dikembalikan" in returned.items[0].note and "Lengkapi dasar hukumnya." in returned.items[0].note


def test_another_staff_member_sees_none_of_the_first_ones_work(work, colleague):
    lists = sections(colleague)
    assert all(section.count == 0 and not section.items for section in lists.values())


def test_the_guest_accepted_is_still_the_staff_members_until_the_advice(work, staff, front_desk):
    walk_ins.accept_guest(consultation=work.guest, actor=staff)
    assert "catat sarannya" in sections(staff)["tamu"].items[0].note
    # ... and no longer waits at the front desk.
    assert sections(front_desk)["tamu-menunggu"].items == []


# --- the secretariat ------------------------------------------------------------------------------


def test_the_secretariat_checks_letters_and_sees_the_waiting_guests_and_todays_visits(client, work, front_desk):
    lists = sections(front_desk)
    assert list(lists) == ["periksa", "tamu-menunggu", "kunjungan-hari-ini"]
    assert numbers(lists["periksa"]) == [work.unchecked.number]
    assert numbers(lists["tamu-menunggu"]) == [work.guest.number]
    assert "Diserahkan kepada" in lists["tamu-menunggu"].items[0].note
    assert numbers(lists["kunjungan-hari-ini"]) == [work.guest.number]
    html = home(client, front_desk)
    assert listed(section_html(html, "periksa")) == [work.unchecked.number]
    assert f'href="{reverse("consultations:walk_in_board")}"' in section_html(html, "tamu-menunggu")


def test_yesterdays_visit_is_not_todays(work, front_desk, monday):
    from datetime import timedelta

    monday.move_to(MONDAY + timedelta(days=1))
    assert my_work.work_of(front_desk)[2].items == []


# --- the complaint handler ----------------------------------------------------------------------------


def test_the_complaint_handler_sees_complaints_by_deadline(client, work, complaint_handler):
    html = home(client, complaint_handler)
    complaints = section_html(html, "pengaduan")
    assert listed(complaints) == [work.late_complaint.number, work.complaint.number]
    assert re.findall(r'data-state="([a-z_]*)"', complaints) == ["late", "on_time"]
    assert 'work-count">2<' in complaints
    assert f'href="{reverse("complaints:detail", args=[work.complaint.pk])}"' in complaints
    # No consultation work for a complaint handler: they open no case pages.
    assert 'id="kerja-terima"' not in html and "data-case=" not in html


def test_another_directorates_handler_sees_none_of_its_complaints(client, work):
    handler = InternalUserFactory(email="pengaduan.daerah@lkpp.go.id", role=Role.COMPLAINT_HANDLER,
                                  directorate=directorate("daerah"))
    html = home(client, handler)
    assert listed(section_html(html, "pengaduan")) == []
    assert "Tidak ada yang menunggu." in html


def test_the_applicant_and_the_admin_have_no_work_list(client, work, applicant_a, admin_user):
    for user in (applicant_a, admin_user):
        html = home(client, user)
        assert 'id="judul-pekerjaan' not in html and not listed(html)


# --- meeting reports --------------------------------------------------------------------------------


def test_a_meeting_report_waits_for_the_leads_approval_not_its_author(work, front_desk, director_pusat, team_lead,
                                                                     staff):
    case = meeting_report_waiting(front_desk=front_desk, director=director_pusat, lead=team_lead, member=staff)
    assert case.number in numbers(sections(director_pusat)["persetujuan"])
    review = sections(team_lead)["telaah"]
    assert sorted(numbers(review)) == sorted([work.in_review.number, case.number])
    report_row = next(item for item in review.items if item.case == case)
    assert not report_row.shows_deadline and "Laporan rapat 4 November 2026" in report_row.note
    assert all(case.number not in numbers(section) for section in sections(staff).values())


# --- the rule of who sees what, and the cost --------------------------------------------------------------


@pytest.mark.parametrize("persona", ["director_pusat", "team_lead", "staff", "front_desk"])
def test_every_case_listed_is_one_the_person_may_open(request, work, persona):
    user = request.getfixturevalue(persona)
    visible = set(visible_cases(user).values_list("number", flat=True))
    listed_numbers = {number for section in sections(user).values() for number in numbers(section)}
    assert listed_numbers and listed_numbers <= visible


def test_the_directors_home_costs_a_few_queries_however_much_work(client, work, director_pusat, front_desk,
                                                                 team_lead, staff, django_assert_max_num_queries):
    client.force_login(director_pusat)
    client.get(reverse("accounts:home"))  # warm the calendar cache
    with django_assert_max_num_queries(16):
        first = client.get(reverse("accounts:home"))
    from .work_seed import disposed_to, draft, on_desk

    for n in range(10, 16):  # more of every kind: the count of queries stays
        on_desk(front_desk, n)
        case = disposed_to(front_desk, director_pusat, n + 10, team_lead, staff)
        from consultations.channels.surat import drafting

        drafting.review_draft(draft=draft(case, staff), reviewer=team_lead, decision="approve")
    with django_assert_max_num_queries(16):
        second = client.get(reverse("accounts:home"))
    assert first.status_code == second.status_code == 200
    assert len(listed(section_html(second.content.decode(), "persetujuan"))) == 7
