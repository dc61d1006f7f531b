"""Issue 26: the public tracking page in one query (the complaint's shown columns and
whether it has a conversation), a second only to read the conversation there is; still
guarded against code guessing, never stored by a cache, and always the current status,
deadline and follow-up (it caches nothing)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from accounts.lookups import all_directorates
from accounts.tests.factories import directorate
from complaints import services
from complaints.models import Kind

from .conftest import MONDAY_DUE


@pytest.fixture(autouse=True)
def _lookups_not_in_writing_mode():
    """An earlier test in this worker that saved a directorate inside its rolled-back
    transaction leaves ``core.lookups`` in its "this thread is writing" mode (the flag is
    reset on commit or outside a transaction, neither of which a test reaches): the
    directorates would then be read on every call. Counting queries needs the kept copy."""
    all_directorates._thread.writing = False


def track_url(code: str) -> str:
    return reverse("complaints:track", kwargs={"code": code})


@pytest.fixture
def filed(monday):
    return services.file_complaint(kind=Kind.PENGADUAN, text="Jawaban belum datang.", directorate=directorate("pusat"))


def test_the_page_costs_one_query_without_a_conversation_and_two_with_one(filed, client, complaint_handler,
                                                                          django_assert_num_queries):
    client.get(track_url(filed.code))  # warm: the directorates' process copy
    with django_assert_num_queries(1):
        page = client.get(track_url(filed.code))
    html = page.content.decode()
    assert page["Cache-Control"] == "private, no-store" and "Direktorat Advokasi Pemerintah Pusat" in html
    services.take(complaint=filed.complaint, actor=complaint_handler)
    for n in range(3):
        services.ask_complainant(complaint=filed.complaint, text=f"Pertanyaan ke-{n}?", actor=complaint_handler)
        with django_assert_num_queries(2):
            html = client.get(track_url(filed.code)).content.decode()
        assert f"Pertanyaan ke-{n}?" in html
        services.reply(complaint=filed.complaint, text=f"Jawaban ke-{n}.")
    with django_assert_num_queries(2):
        html = client.get(track_url(filed.code)).content.decode()
    assert html.index("Pertanyaan ke-0?") < html.index("Jawaban ke-0.") < html.index("Pertanyaan ke-2?")


def _status(html: str) -> str:
    return html.split('id="status-pengaduan">')[1].split("</dd>")[0]


def test_status_deadline_and_follow_up_are_current_on_every_view(filed, client, complaint_handler, monday):
    url = track_url(filed.code)
    html = client.get(url).content.decode()
    assert "Diterima" in _status(html) and "Tepat waktu" in html
    services.take(complaint=filed.complaint, actor=complaint_handler)
    assert "Sedang ditindaklanjuti" in _status(client.get(url).content.decode())
    monday.move_to(MONDAY_DUE + timedelta(hours=1))
    assert "Terlambat" in client.get(url).content.decode()
    services.close(complaint=filed.complaint, follow_up="Jawaban sudah dikirim ulang.", actor=complaint_handler)
    html = client.get(url).content.decode()
    assert "Selesai ditindaklanjuti" in _status(html)
    assert "Jawaban sudah dikirim ulang." in html and "Selesai terlambat" in html
