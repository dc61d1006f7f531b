"""Sessions (issue 24, item 7): a staff session ends after 30 minutes idle and 12 hours in
all, background refreshes of the walk-in board are not activity, applicants keep theirs;
a new password or a reset second factor ends the user's other sessions."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.contrib.auth.base_user import AbstractBaseUser
from django.test import Client
from django.urls import reverse

from accounts.services import reset_second_factor
from accounts.tests.factories import PASSWORD
from accounts.tests.signing_in import sign_in

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
# Ahead of the real clock: a session row made "at START" must not have expired when a
# test reads it outside the travelled time.
START = datetime(2030, 3, 4, 8, 0, tzinfo=WIB)
HOME = reverse("accounts:home")
BOARD = reverse("consultations:walk_in_board")
LOGIN = reverse("account_login")
POLL = {"HTTP_HX_REQUEST": "true"}


def at(moment):
    return time_machine.travel(moment, tick=False)


def signed_in(user) -> Client:
    client = Client()
    with at(START):
        client.force_login(user)
    return client


def test_staff_session_ends_after_30_idle_minutes_with_a_message(staff):
    client = signed_in(staff)
    with at(START + timedelta(minutes=29)):
        assert client.get(HOME).status_code == 200
    with at(START + timedelta(minutes=58)):
        assert client.get(HOME).status_code == 200  # 29 minutes after the last click
    with at(START + timedelta(minutes=88, seconds=1)):
        response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=%2Fakun%2Fberanda%2F"
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "Sesi Anda berakhir karena tidak ada aktivitas selama 30 menit. Silakan masuk kembali." in page


def test_staff_session_ends_after_12_hours_however_active(director_pusat):
    client = signed_in(director_pusat)
    moment = START
    while moment + timedelta(minutes=20) < START + timedelta(hours=12):
        moment += timedelta(minutes=20)
        with at(moment):
            assert client.get(HOME).status_code == 200, moment
    with at(START + timedelta(hours=12)):
        response = client.get(HOME)
    assert response["Location"].startswith(LOGIN)
    assert "sudah berlangsung 12 jam" in client.get(LOGIN).content.decode()


def test_the_board_refreshing_itself_is_not_activity(front_desk):
    client = signed_in(front_desk)
    with at(START + timedelta(minutes=1)):
        assert client.get(BOARD).status_code == 200  # opened by hand
    moment = START + timedelta(minutes=1)
    while moment < START + timedelta(minutes=30, seconds=45):
        moment += timedelta(seconds=15)
        with at(moment):
            assert client.get(BOARD, **POLL).status_code == 200, moment
    with at(START + timedelta(minutes=31, seconds=15)):
        response = client.get(BOARD, **POLL)
    # The board's page goes to the sign-in page (htmx follows HX-Redirect).
    assert response["HX-Redirect"] == LOGIN
    assert "_auth_user_id" not in client.session


def test_a_post_made_with_htmx_is_activity(front_desk):
    from django.test import RequestFactory

    from accounts.sessions import is_background

    assert is_background(RequestFactory().get(BOARD, **POLL))
    assert not is_background(RequestFactory().post(BOARD, **POLL))
    assert not is_background(RequestFactory().get(BOARD))


ACTIVITY = reverse("accounts:session_activity")


def test_typing_on_an_open_page_keeps_the_session(staff):
    """Writing a long answer makes no request: the page's pings (js/session-activity.js)
    are the activity, so 50 minutes of typing on one page are not 'idle'."""
    client = signed_in(staff)
    for minutes in (20, 40):
        with at(START + timedelta(minutes=minutes)):
            assert client.post(ACTIVITY).status_code == 204
    with at(START + timedelta(minutes=65)):
        assert client.get(HOME).status_code == 200


def test_a_ping_after_the_end_is_not_204_so_the_page_warns(staff):
    client = signed_in(staff)
    with at(START + timedelta(minutes=31)):
        response = client.post(ACTIVITY)
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert "_auth_user_id" not in client.session


def test_staff_pages_carry_the_activity_script_and_applicant_pages_do_not(staff, applicant_a):
    client = signed_in(staff)
    with at(START + timedelta(minutes=1)):
        page = client.get(HOME).content.decode()
    assert 'js/session-activity' in page and f'data-url="{ACTIVITY}"' in page and 'id="sesi-berakhir"' in page
    applicant = signed_in(applicant_a)
    with at(START + timedelta(minutes=1)):
        page = applicant.get(HOME).content.decode()
    assert 'session-activity' not in page and 'sesi-berakhir' not in page


def test_applicants_keep_their_session(applicant_a):
    client = signed_in(applicant_a)
    with at(START + timedelta(days=3)):
        assert client.get(HOME).status_code == 200


def test_limits_come_from_settings(staff, settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 5
    settings.STAFF_SESSION_MAX_HOURS = 1
    client = signed_in(staff)
    with at(START + timedelta(minutes=4)):
        assert client.get(HOME).status_code == 200
    with at(START + timedelta(minutes=9, seconds=30)):
        assert client.get(HOME)["Location"].startswith(LOGIN)
    assert "selama 5 menit" in client.get(LOGIN).content.decode()


def test_a_session_from_before_the_limits_starts_its_clocks_now(staff):
    from accounts import sessions

    client = signed_in(staff)
    with at(START):
        session = client.session
        del session[sessions.SIGNED_IN_AT], session[sessions.ACTIVE_AT]
        session.save()
    with at(START + timedelta(hours=20)):
        assert client.get(HOME).status_code == 200
    with at(START + timedelta(hours=20, minutes=29)):
        assert client.get(HOME).status_code == 200


def test_signing_in_again_after_expiry_works(staff):
    client = signed_in(staff)
    with at(START + timedelta(hours=1)):
        assert client.get(HOME)["Location"].startswith(LOGIN)
        sign_in(client, staff.email)
        assert client.get(HOME).status_code == 200


# --- other sessions end -----------------------------------------------------------------


def test_an_empty_session_stamp_keeps_djangos_hash(staff):
    """Sessions made before the stamp existed stay valid after the upgrade."""
    assert staff.session_stamp == ""
    assert staff.get_session_auth_hash() == AbstractBaseUser._get_session_auth_hash(staff)


def test_changing_the_password_ends_the_other_sessions_only(applicant_a):
    other, here = signed_in(applicant_a), Client()
    sign_in(here, applicant_a.email)
    new = "Kata-Sandi-Baru-2026!"
    response = here.post(
        reverse("account_change_password"), {"oldpassword": PASSWORD, "password1": new, "password2": new}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert here.get(HOME).status_code == 200
    assert other.get(HOME)["Location"].startswith(LOGIN)


def test_staff_changing_the_password_ends_the_other_sessions(staff):
    other, here = signed_in(staff), Client()
    with at(START + timedelta(minutes=1)):
        sign_in(here, staff.email)
        new = "Kata-Sandi-Baru-2026!"
        response = here.post(
            reverse("account_change_password"), {"oldpassword": PASSWORD, "password1": new, "password2": new}
        )
        assert response.status_code == 302
        assert here.get(HOME).status_code == 200
        assert other.get(HOME)["Location"].startswith(LOGIN)


def test_resetting_a_forgotten_password_ends_every_session(applicant_a):
    other = signed_in(applicant_a)
    client = Client()
    uid = user_pk_to_url_str(applicant_a)
    token = default_token_generator.make_token(applicant_a)
    page = client.get(reverse("account_reset_password_from_key", kwargs={"uidb36": uid, "key": token}))
    new = "Kata-Sandi-Baru-2026!"
    response = client.post(page["Location"], {"password1": new, "password2": new})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert other.get(HOME)["Location"].startswith(LOGIN)


def test_resetting_the_second_factor_ends_every_session(staff, admin_user):
    first, second = signed_in(staff), signed_in(staff)
    with at(START + timedelta(minutes=1)):
        assert first.get(HOME).status_code == 200
        reset_second_factor(user=staff, actor=admin_user)
        for client in (first, second):
            assert client.get(HOME)["Location"].startswith(LOGIN)
