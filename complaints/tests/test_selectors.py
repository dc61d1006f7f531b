"""The desk's reads: the queue's four views of what a user may read, in their orders; a
complainant's own complaints; the complaint a tracking code opens."""

from __future__ import annotations

from datetime import datetime

from accounts.tests.factories import directorate
from complaints import selectors, services
from complaints.models import Kind
from core.time import WIB


def file(text: str, where: str = "pusat", **kwargs):
    return services.file_complaint(kind=Kind.SARAN, text=text, directorate=directorate(where), **kwargs)


def test_the_queue_shows_open_late_closed_or_all_of_the_users_directorate(monday, complaint_handler):
    first = file("Pertama.").complaint
    monday.move_to(datetime(2025, 11, 4, 10, 0, tzinfo=WIB))
    second = file("Kedua.").complaint
    closed = file("Ketiga.").complaint
    other = file("Untuk Daerah.", "daerah").complaint
    services.close(complaint=closed, follow_up="Sudah.", actor=complaint_handler)
    # Tuesday 11 Nov: the first (due Monday 10 Nov) is late, the second (due the 11th) not yet.
    now = datetime(2025, 11, 11, 9, 0, tzinfo=WIB)

    def shown(view: str) -> list:
        return list(selectors.desk_queue(user=complaint_handler, shown=view, now=now))

    assert shown("open") == [first, second]  # soonest due first
    assert shown("late") == [first]
    assert shown("closed") == [closed]
    assert shown("all") == [closed, second, first]  # last received first (same time: last filed first)
    assert other not in shown("all")
    assert selectors.is_visible(user=complaint_handler, pk=first.pk)
    assert not selectors.is_visible(user=complaint_handler, pk=other.pk)


def test_own_complaints_and_the_code(monday, applicant_a, applicant_b):
    own = file("Milik saya.", complainant=applicant_a)
    file("Milik orang lain.", complainant=applicant_b)
    assert list(selectors.own_complaints(user=applicant_a)) == [own.complaint]
    assert selectors.find_by_code(code=own.code) == own.complaint
    assert selectors.find_by_code(code="ADU-2222-3333-4444-5555") is None
    assert selectors.find_by_code(code="bukan kode") is None
