"""Speed guard of the staff case page (issue 26, item 5): for a case of each channel —
website, letter, online meeting, walk-in — the page asks a fixed number of SQL queries,
the same with a couple of records of every kind as with a dozen (messages, notes, files,
answers and corrections, dispositions, drafts and their reviews, PIC messages and
schedule changes, hand-offs), so that a query per row fails. And what the page shows of
the case is current after every change (no stale truth: status, assignee, deadline, the
lists)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultations.services import steps
from core.tests.committing import commit_for_tests

from .case_builders import (
    MONDAY,
    grow_letter,
    grow_meeting,
    grow_walk_in,
    letter_case,
    make_people,
    meeting_case,
    walk_in_case,
)
from .test_views_queries import BACKEND, grow

# The queries of the director's page of each channel's case below, whatever its records:
# session, user, the case (with its applicant and profile), its records in one query
# (views/case_rows: with the channel's lists and its one-to-one rows — the letter, the
# invitation, meeting and report, the visit), the notices' count of the layout; and per
# channel: the knowledge-base panel of an answered website case; for the letter being
# drafted, the answer templates "Sisipkan" offers and the people a disposition may go to.
QUERIES = {"website": 6, "letter": 7, "meeting": 5, "walk_in": 5}


@pytest.fixture
def monday(holidays):
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def people(db, front_desk, director_pusat):
    return make_people(front_desk, director_pusat)


def warm(client, case) -> None:
    """As a process serves the page after the data's transactions committed: the lookups
    keep their copies (``core.tests.committing``), the first view reads the calendar."""
    commit_for_tests()
    client.get(reverse("consultations:staff_detail", kwargs={"number": case.number}))


def page_queries(client, case) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("consultations:staff_detail", kwargs={"number": case.number}))
    assert response.status_code == 200
    return len(captured)


# --- the guards ---------------------------------------------------------------------


def test_the_website_case_page_asks_the_same_queries_with_2_and_12_of_everything(
    client, case, kl_applicant, people, settings
):
    settings.ADVOKASI_MESSAGES_PER_CASE_PER_HOUR = settings.ADVOKASI_MESSAGES_PER_APPLICANT_PER_HOUR = 100
    steps.claim(consultation=case, actor=people["staff"])
    client.force_login(people["director"], backend=BACKEND)
    grow(case, 2, applicant=kl_applicant, staff=people["staff"])
    warm(client, case)
    at_2 = page_queries(client, case)
    grow(case, 10, applicant=kl_applicant, staff=people["staff"])
    response = client.get(reverse("consultations:staff_detail", kwargs={"number": case.number}))
    assert len(response.context["records"].messages) == 12 and len(response.context["records"].answers) == 12
    assert (at_2, page_queries(client, case)) == (QUERIES["website"], QUERIES["website"])


def test_the_letter_case_page_asks_the_same_queries_with_2_and_12_of_everything(client, monday, people):
    case = letter_case(people)
    client.force_login(people["director"], backend=BACKEND)
    grow_letter(case, people, 2)
    warm(client, case)
    at_2 = page_queries(client, case)
    grow_letter(case, people, 10)
    response = client.get(reverse("consultations:staff_detail", kwargs={"number": case.number}))
    letter = response.context["letter"]
    assert len(letter["drafts"]) == 12 and len(letter["dispositions"]) == 13
    assert all(len(draft.shown_files) == 1 and len(draft.reviews.all()) == 1 for draft in letter["drafts"])
    assert (at_2, page_queries(client, case)) == (QUERIES["letter"], QUERIES["letter"])


def test_the_meeting_case_page_asks_the_same_queries_with_2_and_12_of_everything(client, monday, people):
    case = meeting_case(people)
    client.force_login(people["director"], backend=BACKEND)
    grow_meeting(case, people, 2)
    warm(client, case)
    at_2 = page_queries(client, case)
    grow_meeting(case, people, 10)
    response = client.get(reverse("consultations:staff_detail", kwargs={"number": case.number}))
    assert len(response.context["meeting"]["messages"]) == 12 and len(response.context["notes"]) == 12
    assert (at_2, page_queries(client, case)) == (QUERIES["meeting"], QUERIES["meeting"])


def test_the_walk_in_case_page_asks_the_same_queries_with_2_and_12_of_everything(client, monday, people):
    small, large = walk_in_case(people, files=2), walk_in_case(people, files=5)  # five: the form's most
    client.force_login(people["director"], backend=BACKEND)
    grow_walk_in(small, people, 2)
    warm(client, small)
    at_2 = page_queries(client, small)
    grow_walk_in(large, people, 12)
    response = client.get(reverse("consultations:staff_detail", kwargs={"number": large.number}))
    assert len(response.context["walk_in"]["handoffs"]) == 13 and len(response.context["records"].files) == 5
    assert (at_2, page_queries(client, large)) == (QUERIES["walk_in"], QUERIES["walk_in"])


# --- no stale truth -------------------------------------------------------------------


def test_what_the_page_shows_of_the_case_is_current_after_each_change(client, case, kl_applicant, people, spec_day):
    """The page keeps nothing between requests but the SQL it sends and the lookups'
    versioned copies (categories, directorates, the caseworkers' names): status, assignee,
    deadline and the lists are read anew each time, a renamed assignee is shown renamed."""
    url = reverse("consultations:staff_detail", kwargs={"number": case.number})
    client.force_login(people["director"], backend=BACKEND)
    first = client.get(url).content.decode()
    assert "belum ditugaskan" in first and "Menunggu penugasan" in first

    steps.assign(consultation=case, assignee=people["staff"], actor=people["director"])
    page = client.get(url).content.decode()
    assert "Putri Pegawai" in page and "Menunggu penugasan" not in page
    assert response_status(client, url) == case.__class__.objects.get(pk=case.pk).status_label

    # The assignee's name comes from the caseworkers' lookup: renamed, the page says so.
    commit_for_tests()
    people["staff"].full_name = "Putri Pegawai Baru"
    people["staff"].save(update_fields=["full_name"])
    assert "Putri Pegawai Baru" in client.get(url).content.decode()
    commit_for_tests()
    assert "Putri Pegawai Baru" in client.get(url).content.decode()

    steps.add_internal_note(consultation=case, author=people["staff"], body="Catatan yang baru")
    assert "Catatan yang baru" in client.get(url).content.decode()

    spec_day.shift(timedelta(days=30))  # the same case, a month later: late
    client.force_login(people["director"], backend=BACKEND)  # (the staff session has timed out meanwhile)
    assert "Lewat" in client.get(url).content.decode()


def response_status(client, url) -> str:
    """The status label the page's heading shows."""
    page = client.get(url).content.decode()
    start = page.index('<span class="badge text-bg-light border">') + len('<span class="badge text-bg-light border">')
    return page[start:page.index("</span>", start)]
