"""The admin creates staff accounts; sign-up never does."""

import pytest
from django.contrib import admin as django_admin
from django.urls import reverse

from accounts.models import Directorate, Role, User
from accounts.tests.factories import TOTP_SECRET
from accounts.two_factor import activate_authenticator_app

pytestmark = pytest.mark.django_db

DIRECTOR_PASSWORD = "Direktur-Hukum-2025!"


def add_user(client, **overrides):
    data = {
        "email": "Direktur.Baru@LKPP.go.id",
        "full_name": "Siti Rahmawati",
        "role": Role.DIRECTOR,
        "directorate": str(Directorate.objects.get(code="hukum").pk),
        "password1": DIRECTOR_PASSWORD,
        "password2": DIRECTOR_PASSWORD,
        "_save": "Simpan",
    }
    data.update(overrides)
    return client.post(reverse("admin:accounts_user_add"), data)


def test_admin_creates_a_director_who_can_log_in(client, admin_user):
    client.force_login(admin_user)
    response = add_user(client)

    assert response.status_code == 302, response.content.decode()[:3000]
    director = User.objects.get(email="direktur.baru@lkpp.go.id")
    assert director.role == Role.DIRECTOR
    assert director.directorate.code == "hukum"
    assert not director.is_superuser and not director.is_staff
    assert response["Location"] == reverse("admin:accounts_user_change", args=[director.pk])
    assert director.emailaddress_set.get().verified

    client.logout()
    login = client.post(reverse("account_login"), {"login": "direktur.baru@lkpp.go.id", "password": DIRECTOR_PASSWORD})
    assert login.status_code == 302
    assert login["Location"] == reverse("accounts:home")
    # A new staff account has no authenticator app yet: its first sign-in enrols one
    # before any page opens (accounts/two_factor.py).
    assert client.get(login["Location"])["Location"] == reverse("mfa_activate_totp")
    activate_authenticator_app(director, TOTP_SECRET)
    assert "Direktorat Penanganan Permasalahan Hukum" in client.get(login["Location"]).content.decode()


def test_admin_may_leave_the_password_empty(client, admin_user):
    client.force_login(admin_user)
    add_user(client, role=Role.FRONT_DESK, directorate="", password1="", password2="", email="meja@lkpp.go.id")
    user = User.objects.get(email="meja@lkpp.go.id")
    assert user.role == Role.FRONT_DESK and user.directorate is None
    assert not user.has_usable_password()


def test_an_admin_account_gets_every_admin_permission(client, admin_user):
    client.force_login(admin_user)
    add_user(client, role=Role.ADMIN, directorate="", email="admin2@lkpp.go.id")
    new_admin = User.objects.get(email="admin2@lkpp.go.id")
    assert new_admin.is_superuser and new_admin.is_staff


@pytest.mark.parametrize(
    ("role", "code", "message"),
    [
        (Role.DIRECTOR, None, "wajib memiliki direktorat"),
        (Role.STAFF, None, "wajib memiliki direktorat"),
        (Role.FRONT_DESK, "pusat", "tidak terikat pada direktorat"),
        (Role.ADMIN, "daerah", "tidak terikat pada direktorat"),
    ],
)
def test_role_and_directorate_must_fit(client, admin_user, role, code, message):
    client.force_login(admin_user)
    directorate = str(Directorate.objects.get(code=code).pk) if code else ""
    response = add_user(client, role=role, directorate=directorate)

    assert response.status_code == 200
    assert message in response.content.decode()
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["directorate"]
    assert not User.objects.filter(email="direktur.baru@lkpp.go.id").exists()


def test_the_add_form_offers_no_applicant_role_and_checks_the_password(client, admin_user, applicant_a):
    client.force_login(admin_user)
    page = client.get(reverse("admin:accounts_user_add")).content.decode()
    assert 'value="applicant"' not in page

    response = add_user(client, role=Role.APPLICANT)
    assert response.status_code == 200
    assert not User.objects.filter(email="direktur.baru@lkpp.go.id").exists()

    assert "terlalu pendek" in add_user(client, password1="pendek", password2="pendek").content.decode()
    assert "tidak sama" in add_user(client, password2="lain-sama-sekali-123").content.decode()
    taken = add_user(client, email=applicant_a.email.upper())
    assert "Sudah ada pengguna dengan alamat e-mail ini." in taken.content.decode()


def test_editing_a_role_is_validated_and_saved(client, admin_user, staff):
    client.force_login(admin_user)
    url = reverse("admin:accounts_user_change", args=[staff.pk])
    page = client.get(url)
    assert page.status_code == 200

    base = {"full_name": staff.full_name, "language": "id", "is_active": "on", "_save": "Simpan"}
    refused = client.post(url, {**base, "role": Role.FRONT_DESK, "directorate": str(staff.directorate_id)})
    assert refused.status_code == 200
    assert "tidak terikat pada direktorat" in refused.content.decode()

    moved = client.post(url, {**base, "role": Role.TEAM_LEAD,
                              "directorate": str(Directorate.objects.get(code="daerah").pk)})
    assert moved.status_code == 302
    staff.refresh_from_db()
    assert staff.role == Role.TEAM_LEAD and staff.directorate.code == "daerah"

    promoted = client.post(url, {**base, "role": Role.ADMIN, "directorate": ""})
    assert promoted.status_code == 302
    staff.refresh_from_db()
    assert staff.is_superuser and staff.is_staff


def test_an_applicant_cannot_be_turned_into_staff(client, admin_user, applicant_a):
    client.force_login(admin_user)
    url = reverse("admin:accounts_user_change", args=[applicant_a.pk])
    page = client.get(url).content.decode()
    assert "Dinas Pekerjaan Umum Kota Bandung" in page  # the profile inline
    response = client.post(url, {
        "full_name": applicant_a.full_name, "language": "id", "is_active": "on",
        "role": Role.DIRECTOR, "directorate": str(Directorate.objects.get(code="pusat").pk),
        "profile-TOTAL_FORMS": "1", "profile-INITIAL_FORMS": "1", "profile-MIN_NUM_FORMS": "0",
        "profile-MAX_NUM_FORMS": "1", "profile-0-id": str(applicant_a.profile.pk), "profile-0-user": str(applicant_a.pk),
        "profile-0-phone": "081234567890", "profile-0-institution_name": "Dinas",
        "profile-0-institution_type": "pemda", "_save": "Simpan",
    })
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["role"]
    applicant_a.refresh_from_db()
    assert applicant_a.role == Role.APPLICANT


def test_user_list_search_and_filters(client, admin_user, director_pusat, applicant_a):
    client.force_login(admin_user)
    listing = client.get(reverse("admin:accounts_user_changelist"), {"q": "direktur.pusat"})
    html = listing.content.decode()
    assert listing.status_code == 200
    assert "direktur.pusat@lkpp.go.id" in html
    assert "pemohon.a@contoh.go.id" not in html
    by_role = client.get(reverse("admin:accounts_user_changelist"), {"role__exact": "applicant"}).content.decode()
    assert "pemohon.a@contoh.go.id" in by_role and "direktur.pusat@lkpp.go.id" not in by_role


def test_directorates_cannot_be_added_or_deleted_but_phone_is_editable(client, admin_user):
    client.force_login(admin_user)
    model_admin = django_admin.site._registry[Directorate]
    request = client.get(reverse("admin:index")).wsgi_request
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_delete_permission(request, Directorate.objects.first())

    assert client.get(reverse("admin:accounts_directorate_add")).status_code == 403
    hukum = Directorate.objects.get(code="hukum")
    assert client.get(reverse("admin:accounts_directorate_delete", args=[hukum.pk])).status_code == 403
    response = client.post(
        reverse("admin:accounts_directorate_change", args=[hukum.pk]),
        {"name": hukum.name, "name_en": hukum.name_en, "phone": "(021) 29912450 ext 0312", "_save": "Simpan"},
    )
    assert response.status_code == 302
    hukum.refresh_from_db()
    assert hukum.phone == "(021) 29912450 ext 0312" and hukum.code == "hukum"
    assert Directorate.objects.count() == 3


def test_only_the_admin_role_reaches_the_admin(client, director_pusat):
    client.force_login(director_pusat)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302  # to the login page, as Django's admin does


@pytest.mark.parametrize("target", ["https://contoh-jahat.example/", "//contoh-jahat.example/admin/"])
def test_admin_login_never_redirects_off_site(client, admin_user, target):
    response = client.get(reverse("admin_login"), {"next": target})
    assert "contoh-jahat" not in response["Location"]
    client.force_login(admin_user)
    response = client.get(reverse("admin_login"), {"next": target})
    assert response["Location"] == reverse("admin:index")
    assert client.get(reverse("admin_login"), {"next": "/admin/accounts/user/"})["Location"] == "/admin/accounts/user/"
