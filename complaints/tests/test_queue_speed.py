"""Issue 26 on the complaints desk's queue: a fixed number of queries whatever the number
of rows (the benchmark's guard in CI; the queue's count rides in the summary's
aggregate), and no stale truth — each thing a row or the summary shows is changed and
the page read again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Directorate
from accounts.tests.factories import directorate
from complaints import services
from complaints.models import Complaint, Kind
from core.tests.committing import commit_for_tests

QUEUE = reverse("complaints:queue")

# Queries of one desk page, whatever its rows: the session, the user, the unread notices
# (the layout); the summary with the queue's count, and the rows (the page).
QUEUE_QUERIES = 5


def file(count: int, where: str = "pusat") -> list[Complaint]:
    return [
        services.file_complaint(kind=Kind.PENGADUAN, text=f"Pengaduan {n}.", directorate=directorate(where)).complaint
        for n in range(count)
    ]


def shown(client, params=None) -> str:
    response = client.get(QUEUE, params or {})
    assert response.status_code == 200
    return response.content.decode()


def rows(html: str) -> list[str]:
    return html.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]


def summary(html: str) -> list[str]:
    block = html.split('id="ringkasan-pengaduan"')[1].split("</form>")[0]
    return [part.split("</div>")[0] for part in block.split('<div class="fs-4">')[1:]]


@pytest.mark.parametrize(
    "persona, params",
    [
        ("complaint_handler", {}),
        ("admin_user", {}),
        ("director_pusat", {}),
        ("complaint_handler", {"status": "all"}),
        ("complaint_handler", {"status": "late"}),
    ],
)
def test_the_desk_asks_the_same_queries_for_3_rows_and_for_25(
    monday, client, login, request, persona, params, django_assert_num_queries
):
    desk = login(request.getfixturevalue(persona))
    counted = []
    for count in (3, 25):
        file(count - Complaint.objects.count())
        if params.get("status") == "late":
            Complaint.objects.update(due_at=timezone.now() - timedelta(hours=1))
        commit_for_tests()  # as if the complaints were filed by other requests
        shown(desk, params)
        with django_assert_num_queries(QUEUE_QUERIES):
            html = shown(desk, params)
        counted.append(len(rows(html)))
    assert counted == [3, 25]


def test_a_deadline_status_handler_and_count_change_is_on_the_next_page(monday, login, complaint_handler):
    desk = login(complaint_handler)
    first, second = file(2)
    assert summary(shown(desk)) == ["2", "0", "0"]

    monday.shift(timedelta(days=8))  # past the 5 working days: both late
    desk = login(complaint_handler)  # the idle session ran out meanwhile
    html = shown(desk)
    assert summary(html) == ["2", "0", "2"]
    assert all('class="badge text-bg-danger">Terlambat<' in row for row in rows(html))

    services.take(complaint=first, actor=complaint_handler)
    row = next(r for r in rows(shown(desk)) if first.number in r)
    assert ">Sedang ditindaklanjuti<" in row and f">{complaint_handler.full_name}<" in row

    complaint_handler.full_name = "Pengelola Baru"
    complaint_handler.save()
    assert ">Pengelola Baru<" in next(r for r in rows(shown(desk)) if first.number in r)

    services.close(complaint=Complaint.objects.get(pk=first.pk), follow_up="Sudah.", actor=complaint_handler)
    html = shown(desk)
    assert summary(html) == ["1", "0", "1"]
    assert first.number not in html and second.number in html
    assert first.number in shown(desk, {"status": "closed"})


def test_the_admin_reads_the_directorate_renamed_at_once(monday, login, admin_user):
    desk = login(admin_user)
    file(1, "daerah")
    shown(desk)
    daerah = Directorate.objects.get(code="daerah")
    daerah.name = "Direktorat Daerah (nama baru)"
    daerah.save()
    assert '<div class="small text-body-secondary">Direktorat Daerah (nama baru)</div>' in shown(desk)


def test_an_empty_queue_says_so(monday, login, complaint_handler):
    html = shown(login(complaint_handler))
    assert "Tidak ada pengaduan." in html and summary(html) == ["0", "0", "0"]


@pytest.mark.parametrize("persona", ["complaint_handler", "admin_user", "director_pusat"])
def test_the_desks_prepared_pages_are_the_orms(monday, request, persona, complaint_handler):
    """The open, closed and all views run prepared SQL (``core.prepared``): every slice a
    paginator asks for gives the ORM's rows and order, in the user's scope only."""
    from complaints import selectors

    user = request.getfixturevalue(persona)
    mine = file(12)
    file(5, "daerah")
    for complaint in mine[:4]:
        services.close(complaint=Complaint.objects.get(pk=complaint.pk), follow_up="Sudah.", actor=complaint_handler)
    for shown in ("open", "closed", "all"):
        rows = selectors.desk_rows(user=user, shown=shown, now=timezone.now())
        assert rows.prepared is not None
        for start, stop in ((0, 5), (5, 10), (10, 30), (0, 0)):
            prepared = [(c.pk, c.number, c.status, c.handler_full_name, c.due_at) for c in rows[start:stop]]
            orm = [(c.pk, c.number, c.status, c.handler_full_name, c.due_at) for c in rows.complaints[start:stop]]
            assert prepared == orm
    assert selectors.desk_rows(user=user, shown="late", now=timezone.now()).prepared is None
