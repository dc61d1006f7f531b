"""Answer letters issued at once (PostgreSQL, real parallel transactions): outgoing
numbers stay gapless and unique, and one letter is issued once however many Directors'
clicks arrive together; one letter is received once."""

from __future__ import annotations

import pytest
from django.db import connection

from accounts.models import Role
from accounts.tests.factories import InternalUserFactory, directorate
from consultations.channels.surat import answer_letters
from consultations.channels.surat import services as letters
from consultations.models import AnswerLetter, Event, EventType

from .test_concurrency import in_parallel
from .test_letters import ALL_ITEMS, approved, in_hand, on_desk

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and parallel writers need PostgreSQL"),
]


@pytest.fixture
def people(db, front_desk, director_pusat):
    return {
        "desk": front_desk,
        "director": director_pusat,
        "lead": InternalUserFactory(email="ketua.p@lkpp.go.id", role=Role.TEAM_LEAD, directorate=directorate("pusat")),
        "staff": InternalUserFactory(email="staf.p@lkpp.go.id", role=Role.STAFF, directorate=directorate("pusat")),
    }


def test_parallel_issues_take_gapless_unique_numbers(holidays, people):
    cases = []
    for _ in range(6):
        case = in_hand(people["desk"], people["director"], people["lead"], people["staff"])
        approved(case, people["director"], people["lead"], people["staff"])
        cases.append(case)
    # Twelve clicks: each letter twice at once.
    outcomes = in_parallel(
        lambda i: answer_letters.issue_answer_letter(consultation=cases[i % 6], actor=people["director"]).number
    )
    numbers = sorted(o for o in outcomes.values() if isinstance(o, str))
    assert len(numbers) == 6, outcomes
    assert [n.split("/")[0] for n in numbers] == [f"B-{n:04d}" for n in range(1, 7)]
    assert AnswerLetter.objects.count() == 6
    assert Event.objects.filter(type=EventType.ANSWER_LETTER_ISSUED).count() == 6


def test_a_letter_received_by_many_clicks_at_once_is_received_once(holidays, people):
    case = on_desk(people["desk"])
    assert case.letter.checklist == dict.fromkeys(ALL_ITEMS, True)
    outcomes = in_parallel(lambda i: letters.receive_letter(consultation=case, actor=people["director"]).pk)
    assert sum(1 for o in outcomes.values() if isinstance(o, int)) == 1, outcomes
    assert Event.objects.filter(consultation=case, type=EventType.LETTER_RECEIVED).count() == 1


def test_letters_received_at_once_take_gapless_unique_agenda_numbers(holidays, people):
    from django.utils import timezone

    from consultations.models import IncomingLetter

    from .test_concurrency import THREADS

    cases = [on_desk(people["desk"]) for _ in range(THREADS)]
    outcomes = in_parallel(lambda i: letters.receive_letter(consultation=cases[i], actor=people["director"]).pk)
    assert all(isinstance(o, int) for o in outcomes.values()), outcomes
    year = timezone.localdate().year
    numbers = sorted(IncomingLetter.objects.values_list("agenda_number", flat=True))
    assert numbers == [f"{n:04d}/D.1/{year}" for n in range(1, THREADS + 1)]
