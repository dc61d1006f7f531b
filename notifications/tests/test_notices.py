"""In-app notices (notifications/notices.py, views.py): written once per key, listed for
their recipient only, counted in the navigation bar."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from notifications.models import Notice
from notifications.notices import mark_all_read, notify, unread_count

pytestmark = pytest.mark.django_db

MESSAGE = _("Konsultasi baru %(number)s masuk ke direktorat Anda: %(subject)s")


def make(user, n=1, url="/konsultasi/staf/ADV-2025-000001/", **kw):
    return notify(
        recipient=user,
        kind="case_new",
        message=MESSAGE,
        params={"number": f"ADV-2025-{n:06d}", "subject": "HPS"},
        url=url,
        key=f"case_new:event-{n}:to-{user.pk}",
        **kw,
    )


def test_a_key_makes_one_notice_with_both_languages(director_pusat):
    notice = make(director_pusat)
    assert make(director_pusat) is None
    assert Notice.objects.count() == 1
    assert notice.text == "Konsultasi baru ADV-2025-000001 masuk ke direktorat Anda: HPS"
    assert notice.text_en == "New consultation ADV-2025-000001 in your directorate: HPS"
    assert unread_count(director_pusat) == 1


def test_a_long_text_is_cut_to_fit(director_pusat):
    notice = notify(
        recipient=director_pusat, kind="x", message=MESSAGE, params={"number": "1", "subject": "x" * 500}, key="k"
    )
    assert len(notice.text) == 300 and notice.text.endswith("…")


def test_the_list_shows_my_notices_newest_first_unread_highlighted(login, director_pusat, director_daerah):
    make(director_pusat, 1)
    read = make(director_pusat, 2)
    mark_all_read(director_pusat)
    Notice.objects.filter(pk=read.pk).update(created_at=read.created_at)  # the newest, and read
    Notice.objects.exclude(pk=read.pk).update(read_at=None)
    make(director_daerah, 3)
    page = login(director_pusat).get(reverse("notifications:list"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "ADV-2025-000003" not in html  # somebody else's
    assert html.index("ADV-2025-000002") < html.index("ADV-2025-000001")
    assert html.count("list-group-item-warning") == 1
    assert [n.pk for n in page.context["notices"]] == list(
        Notice.objects.filter(recipient=director_pusat).order_by("-created_at", "-id").values_list("pk", flat=True)
    )


def test_the_list_is_paginated(login, staff):
    for n in range(30):
        make(staff, n)
    first = login(staff).get(reverse("notifications:list"))
    second = login(staff).get(reverse("notifications:list"), {"halaman": 2})
    assert len(first.context["notices"]) == 25 and len(second.context["notices"]) == 5


def test_opening_my_notice_reads_it_and_follows_its_link(login, staff):
    notice = make(staff)
    response = login(staff).get(reverse("notifications:open", args=[notice.pk]))
    assert response.status_code == 302 and response.url == "/konsultasi/staf/ADV-2025-000001/"
    notice.refresh_from_db()
    assert notice.read_at is not None and unread_count(staff) == 0


def test_a_notice_never_leads_off_site(login, staff):
    notice = make(staff, url="https://elsewhere.example/")
    response = login(staff).get(reverse("notifications:open", args=[notice.pk]))
    assert response.url == reverse("notifications:list")


def test_somebody_elses_notice_is_not_found(login, staff, director_pusat):
    notice = make(director_pusat)
    response = login(staff).get(reverse("notifications:open", args=[notice.pk]))
    assert response.status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_anonymous_visitors_are_sent_to_sign_in(client, staff):
    notice = make(staff)
    for url in (reverse("notifications:list"), reverse("notifications:open", args=[notice.pk])):
        response = client.get(url)
        assert response.status_code == 302 and reverse("account_login") in response.url


def test_mark_all_read_reads_only_mine(login, staff, director_pusat):
    make(staff, 1)
    make(staff, 2)
    make(director_pusat, 3)
    assert login(staff).get(reverse("notifications:read_all")).status_code == 405
    response = login(staff).post(reverse("notifications:read_all"))
    assert response.status_code == 302
    assert unread_count(staff) == 0 and unread_count(director_pusat) == 1
    assert mark_all_read(staff) == 0


def test_the_navigation_shows_my_unread_count(login, director_pusat):
    make(director_pusat, 1)
    make(director_pusat, 2)
    html = login(director_pusat).get(reverse("accounts:home")).content.decode()
    assert 'id="jumlah-belum-dibaca">2<' in html
    mark_all_read(director_pusat)
    html = login(director_pusat).get(reverse("accounts:home")).content.decode()
    assert 'id="nav-pemberitahuan"' in html and "jumlah-belum-dibaca" not in html


def test_applicants_see_no_notices_link(login, applicant_a):
    client = login(applicant_a)
    html = client.get(reverse("accounts:home")).content.decode()
    assert 'id="nav-pemberitahuan"' not in html
    # Their list is still theirs to open (empty today).
    assert client.get(reverse("notifications:list")).status_code == 200


def test_the_unread_count_is_one_query(login, staff, django_assert_num_queries):
    from django.test import RequestFactory

    from notifications.context_processors import notices

    make(staff)
    request = RequestFactory().get("/")
    request.user = staff
    context = notices(request)
    with django_assert_num_queries(1):
        assert context["unread_notices"]() == 1
        assert context["unread_notices"]() == 1  # rendered twice, counted once
