"""Two-factor sign-in (issue 24, item 6): staff must have an authenticator app before any
staff page opens, applicants may; wrong codes are throttled; an admin resets a lost
factor (recorded, sessions ended); the demo secret is worthless outside development."""

from __future__ import annotations

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import LogEntry
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client
from django.urls import reverse

from accounts.checks import check_no_demo_authenticator
from accounts.models import AccountEvent, Role
from accounts.tests.factories import PASSWORD, TOTP_SECRET, ApplicantFactory, InternalUserFactory
from accounts.tests.signing_in import enter_code, sign_in, totp_code
from accounts.two_factor import DEMO_TOTP_SECRET, activate_authenticator_app, has_authenticator_app

pytestmark = pytest.mark.django_db

ENROL = reverse("mfa_activate_totp")
HOME = reverse("accounts:home")


@pytest.fixture
def newcomer(db):
    """A staff member whose account the admin just made: no authenticator app yet."""
    return InternalUserFactory(email="baru@lkpp.go.id", role=Role.TEAM_LEAD, authenticator_app=False)


# --- enrolment comes first ------------------------------------------------------------


@pytest.mark.parametrize("role", [r for r in Role if r != Role.APPLICANT])
def test_every_staff_role_without_an_app_is_sent_to_enrolment(client, role):
    directorate_kwargs = {} if role in (Role.DIRECTOR, Role.TEAM_LEAD, Role.STAFF, Role.COMPLAINT_HANDLER) else {"directorate": None}
    user = InternalUserFactory(role=role, authenticator_app=False, is_superuser=role == Role.ADMIN, **directorate_kwargs)
    response = sign_in(client, user.email)
    # No code step (there is no app yet); the first page is enrolment.
    assert response["Location"] == HOME
    assert client.get(HOME)["Location"] == ENROL
    for path in ("/konsultasi/staf/", "/konsultasi/staf/tatap-muka/", "/pengaduan/staf/", "/akun/profil/",
                 "/pemberitahuan/", "/admin/", "/admin/accounts/user/", reverse("account_email")):
        assert client.get(path)["Location"] == ENROL, path


def test_enrolment_sign_out_language_and_public_pages_stay_open(client, newcomer):
    sign_in(client, newcomer.email)
    page = client.get(ENROL)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Akun pegawai LKPP wajib memakai verifikasi dua langkah" in body
    assert 'src="data:image/svg+xml;base64,' in body  # the QR code, drawn by segno
    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.get("/").status_code == 200
    assert client.get("/standar-pelayanan/").status_code == 200
    assert client.post(reverse("set_language"), {"language": "en", "next": "/"}).status_code == 302
    assert client.get("/static/js/print.js").status_code in (200, 404)  # static never passes the gate
    assert client.post(reverse("account_logout"))["Location"] == reverse("pages:home")
    assert "_auth_user_id" not in client.session


def test_enrolling_with_a_code_from_the_app_opens_the_staff_pages(client, newcomer, django_capture_on_commit_callbacks):
    sign_in(client, newcomer.email)
    client.get(ENROL)
    secret = client.session["mfa.totp.secret"]
    wrong = client.post(ENROL, {"code": "000000"})
    assert wrong.status_code == 200 and not has_authenticator_app(newcomer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ENROL, {"code": pyotp.TOTP(secret).now()})
    # Recovery codes are made with the app, and shown once enrolment is done.
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    codes = client.get(response["Location"])
    assert codes.status_code == 200 and "Kode pemulihan" in codes.content.decode()
    assert has_authenticator_app(newcomer)
    assert client.get(HOME).status_code == 200
    assert AccountEvent.objects.filter(user=newcomer, kind=AccountEvent.Kind.FACTOR_ADDED).count() == 1


# --- the code step at sign-in ---------------------------------------------------------


def test_staff_sign_in_asks_for_a_code_and_refuses_a_wrong_one(client, staff):
    response = client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    # Not signed in yet: the password alone opens nothing.
    assert client.get(HOME)["Location"].startswith(reverse("account_login"))
    client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    page = client.get(reverse("mfa_authenticate"))
    assert "Verifikasi dua langkah" in page.content.decode()
    wrong = client.post(reverse("mfa_authenticate"), {"code": "123456" if totp_code() != "123456" else "654321"})
    assert wrong.status_code == 200 and "Kode salah." in wrong.content.decode()
    right = enter_code(client)
    assert right["Location"] == HOME
    assert client.get(HOME).status_code == 200


def test_a_recovery_code_signs_in_once(client, staff):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    code = RecoveryCodes(Authenticator.objects.get(user=staff, type=Authenticator.Type.RECOVERY_CODES)).get_unused_codes()[0]
    client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    assert client.post(reverse("mfa_authenticate"), {"code": code})["Location"] == HOME
    other = Client()
    other.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    assert other.post(reverse("mfa_authenticate"), {"code": code}).status_code == 200  # used up


def test_wrong_codes_are_throttled_even_before_the_right_one(client, staff):
    client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    wrong = {totp_code(steps=s) for s in (-1, 0, 1)}
    guesses = [c for c in (f"{n:06d}" for n in range(100000, 100020)) if c not in wrong][:5]
    for guess in guesses:
        assert "Kode salah." in client.post(reverse("mfa_authenticate"), {"code": guess}).content.decode()
    refused = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert refused.status_code == 200
    assert "Terlalu banyak percobaan masuk yang gagal" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    # The limit is the account's, whatever the address or browser: a second browser with
    # the password gets no fresh guesses either.
    other = Client(REMOTE_ADDR="10.9.8.7")
    other.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    assert "Terlalu banyak" in other.post(reverse("mfa_authenticate"), {"code": totp_code()}).content.decode()


def test_failed_passwords_are_still_counted_by_axes_alone(client, staff, settings):
    """allauth's login_failed limit now counts codes; passwords stay django-axes' (5 per
    account and address), not both."""
    for _ in range(4):
        client.post(reverse("account_login"), {"login": staff.email, "password": "salah-salah-salah"})
    response = client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")


def test_applicants_sign_in_without_a_code_and_may_enrol(client, applicant_a):
    response = sign_in(client, applicant_a.email)
    assert response["Location"] == HOME
    assert client.get(HOME).status_code == 200
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert reverse("mfa_index") in profile
    activate_authenticator_app(applicant_a, TOTP_SECRET)
    client.logout()
    assert client.post(reverse("account_login"), {"login": applicant_a.email, "password": PASSWORD})["Location"] == reverse("mfa_authenticate")


def test_staff_cannot_switch_their_app_off(staff):
    from allauth.mfa.adapter import get_adapter

    totp = Authenticator.objects.get(user=staff, type=Authenticator.Type.TOTP)
    assert not get_adapter().can_delete_authenticator(totp)
    applicant = ApplicantFactory()
    assert get_adapter().can_delete_authenticator(activate_authenticator_app(applicant, TOTP_SECRET))


# --- the admin resets a lost factor ---------------------------------------------------


def test_admin_resets_a_lost_factor_recorded_and_sessions_ended(client, admin_user, staff):
    staff_browser = Client()
    staff_browser.force_login(staff)
    assert staff_browser.get(HOME).status_code == 200

    client.force_login(admin_user)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [staff.pk]},
    )
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=staff).exists()
    event = AccountEvent.objects.get(user=staff, kind=AccountEvent.Kind.FACTOR_RESET)
    assert event.actor == admin_user
    assert LogEntry.objects.filter(object_id=str(staff.pk), change_message="Verifikasi dua langkah diatur ulang.").exists()
    # The staff member's session is over; the next sign-in enrols again.
    assert staff_browser.get(HOME)["Location"].startswith(reverse("account_login"))
    sign_in(staff_browser, staff.email)
    assert staff_browser.get(HOME)["Location"] == ENROL
    # The admin who did it is still signed in.
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_change_page_shows_the_factor(client, admin_user, staff, newcomer):
    client.force_login(admin_user)
    assert "Aktif (aplikasi autentikator)" in client.get(reverse("admin:accounts_user_change", args=[staff.pk])).content.decode()
    assert "Belum aktif" in client.get(reverse("admin:accounts_user_change", args=[newcomer.pk])).content.decode()


# --- the demo secret ------------------------------------------------------------------


def test_the_demo_secret_signs_in_only_with_debug_on(settings):
    demo = InternalUserFactory(email="demo@lkpp.go.id", authenticator_app=False)
    activate_authenticator_app(demo, DEMO_TOTP_SECRET)
    settings.DEBUG = False
    production = Client()
    production.post(reverse("account_login"), {"login": demo.email, "password": PASSWORD})
    assert enter_code(production, DEMO_TOTP_SECRET).status_code == 200  # refused, every period
    assert "_auth_user_id" not in production.session
    settings.DEBUG = True
    development = Client()
    development.post(reverse("account_login"), {"login": demo.email, "password": PASSWORD})
    assert enter_code(development, DEMO_TOTP_SECRET)["Location"] == HOME


def test_deploy_check_fails_while_an_account_holds_the_demo_secret(settings, staff):
    settings.DEBUG = False
    assert check_no_demo_authenticator(None) == []
    demo = InternalUserFactory(email="demo@lkpp.go.id", authenticator_app=False)
    activate_authenticator_app(demo, DEMO_TOTP_SECRET)
    errors = check_no_demo_authenticator(None)
    assert [e.id for e in errors] == ["accounts.E002"] and "demo@lkpp.go.id" in errors[0].msg
    with pytest.raises(SystemCheckError):
        call_command("check", "--deploy", "--tag", "security")
    settings.DEBUG = True
    assert check_no_demo_authenticator(None) == []


def test_seed_demo_enrols_the_demo_staff_and_prints_the_secret(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo", "--skip-calendar", "--skip-cases")
    out = capsys.readouterr().out
    assert DEMO_TOTP_SECRET in out
    from accounts.demo import APPLICANTS, INTERNAL
    from accounts.models import User

    for email, *_rest in INTERNAL:
        totp = Authenticator.objects.get(user__email=email, type=Authenticator.Type.TOTP)
        assert totp.data["secret"] == DEMO_TOTP_SECRET
    for email, *_rest in APPLICANTS:
        assert not has_authenticator_app(User.objects.get(email=email))
